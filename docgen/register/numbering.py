"""``number: auto``: how builders get a number from the register.

Builders ask :func:`auto_number` for the number of a document whose YAML says
``number: auto``.  What they get depends on the :class:`Numbering` the caller
put in :class:`docgen.kinds.Options`:

* none (a library call, an enclosure's title): a dotted blank, ``ลบ 0019/ว ......``;
* ``Numbering("peek")`` (``validate``, ``preview``): the number the document
  already holds, else the next free one, *not taken*;
* ``Numbering("reserve")`` (``render``, ``package``): the number is taken,
  or the one the document holds is given again (idempotent by document id).

:func:`with_numbers` builds twice when a document asks for a number: first
peeking (so every problem of every document is found before anything is
taken), then reserving.

>>> Numbering("peek").mode
'peek'
"""

from __future__ import annotations

import getpass
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, TypeVar

from docgen.config.loader import ConfigError, Problem, load_yaml
from docgen.register.base import Details, RegisterError, book_of_letter, book_of_order, number_text
from docgen.register.location import ENV, Where, doc_id, where
from docgen.register.postgres import redact
from docgen.thai import be_year

PLACEHOLDER = "......"
META_KEY = "register"  # Document.meta key: "<book>\n<doc id>"
T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """One document asking for a number."""

    config: Path
    book: str
    year: int  # BE
    doc_id: str
    details: Details
    where: Where

    @property
    def key(self) -> str:
        return f"{self.book}\n{self.doc_id}"


@dataclass
class Numbering:
    mode: str  # "peek" or "reserve"
    issuer: str | None = None
    requests: list[Request] = field(default_factory=list)
    numbers: dict[str, tuple[str, bool]] = field(default_factory=dict)  # key -> (text, held before)
    _registers: dict = field(default_factory=dict)
    _pending: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if self.mode not in ("peek", "reserve"):
            raise ValueError("mode is peek or reserve")
        self.issuer = self.issuer or _user()

    def register(self, url: str):
        from docgen.register.location import open_register

        if url not in self._registers:
            self._registers[url] = open_register(url)
        return self._registers[url]

    def number(self, request: Request) -> str:
        """The number text of ``request``'s document (taken in reserve mode)."""
        try:
            register = self.register(request.where.url)
            if self.mode == "reserve":
                details = replace(request.details, issuer=self.issuer)
                entry = register.reserve(request.book, request.year, request.doc_id, details)
                number, held = entry.number, not entry.new
            else:
                number, held = register.peek(request.book, request.year, request.doc_id)
                if not held:
                    pending = (request.where.url, request.book, request.year)
                    number += self._pending[pending]
                    self._pending[pending] += 1
        except RegisterError as error:
            raise ConfigError([problem_at(request, str(error))]) from None
        self.requests.append(request)
        text = number_text(request.book, number, request.year)
        self.numbers[request.key] = (text, held)
        return text

    def taken(self) -> list[str]:
        """What ``render`` says of each number: ``ลบ 0019/ว 4853  circular.yaml (new)``."""
        return [f"{self.numbers[r.key][0]}  {r.doc_id} ({'kept' if self.numbers[r.key][1] else 'new'})"
                for r in self.requests]

    def record(self, written: list[tuple[object, list[Path]]]) -> None:
        """Record the files written for each document (``(Document, paths)`` pairs), then close."""
        outputs: dict[str, list[Path]] = {}
        for document, paths in written:
            key = document.meta.get(META_KEY)
            if key:
                outputs.setdefault(key, []).extend(paths)
        try:
            self.record_outputs(outputs)
        finally:
            self.close()

    def notes(self) -> dict[str, str]:
        """Per document key, what ``validate`` says: ``number: auto (next: ลบ 0019/ว 4853)``."""
        return {key: f"number: auto ({'holds' if held else 'next'}: {text})"
                for key, (text, held) in self.numbers.items()}

    def record_outputs(self, outputs: dict[str, list[Path]]) -> None:
        """The files written for each document key (``Document.meta["register"]``)."""
        for request in self.requests:
            if request.key in outputs:
                try:
                    paths = sorted(dict.fromkeys(str(p) for p in outputs[request.key]))
                    self.register(request.where.url).record_outputs(request.book, request.doc_id, paths)
                except RegisterError as error:
                    raise ConfigError([problem_at(request, str(error))]) from None

    def close(self) -> None:
        for register in self._registers.values():
            register.close()
        self._registers.clear()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return ""


def problem_at(request: Request, message: str) -> Problem:
    """A register problem, placed where the register was chosen."""
    place = request.where
    if place.source == "organisation" and place.organisation_file:
        return load_yaml(place.organisation_file).problem(("register",), message)
    doc = load_yaml(request.config)
    where_number = doc.problem(("number",), "")
    via = f" (the register named by ${ENV})" if place.source == "env" else f" (register {redact(place.url)})"
    return Problem(where_number.file, where_number.line, where_number.column, "number", message + via)


def auto_number(options, *, config: Path, book: str, year: int, details: Details, explicit_id: str | None = None,
                part: str | None = None, organisation_file: Path | None = None,
                setting: str | None = None) -> tuple[str, str]:
    """(number text, document key) of a document whose number is ``auto``."""
    numbering: Numbering | None = getattr(options, "numbering", None)
    try:
        place = where(config, organisation_file, setting)
    except RegisterError as error:
        raise ConfigError([load_yaml(config).problem(("number",), str(error))]) from None
    request = Request(Path(config), book, year, doc_id(config, place.folder, explicit_id, part), details, place)
    if numbering is None:
        return number_text(book, PLACEHOLDER, year), request.key
    return numbering.number(request), request.key


def numbered(bundle, options, kind: str | None = None):
    """A letter or memo bundle with its ``number: auto`` resolved (docgen.register),
    and its key in the register (None for a number written in the YAML)."""
    doc = getattr(bundle, "letter", None) or bundle.memo
    if doc.number != "auto":
        return bundle, None
    circular = getattr(doc, "circular", False)
    recipient = getattr(doc, "recipient", None) or ", ".join(getattr(doc, "recipients", []))
    org_file = Path(bundle.path).parent / doc.organisation
    details = Details(date=doc.date, subject=doc.subject, sender=bundle.organisation.name, recipient=recipient,
                      kind=kind or ("circular" if circular else doc.kind))
    text, key = auto_number(options, config=bundle.path, book=book_of_letter(bundle.organisation.code, circular),
                            year=be_year(doc.date), details=details, explicit_id=doc.id, organisation_file=org_file,
                            setting=bundle.organisation.register_url)
    field_name = "letter" if hasattr(bundle, "letter") else "memo"
    return replace(bundle, **{field_name: doc.model_copy(update={"number": text})}), key


def keyed(named: list, key: str | None) -> list:
    """The documents, each marked with its register key (to record its output files)."""
    if key is not None:
        for _, document in named:
            document.meta[META_KEY] = key
    return named


def with_numbers(build: Callable[[object], T], options, issuer: str | None = None) -> tuple[T, Numbering | None]:
    """``build(options)`` peeking at numbers; if a document asked for one, again
    taking them.  The caller closes the returned numbering (after
    :meth:`Numbering.record_outputs`)."""
    probe = Numbering("peek", issuer)
    try:
        built = build(replace(options, numbering=probe))
    finally:
        probe.close()
    if not probe.requests:
        return built, None
    taking = Numbering("reserve", issuer)
    try:
        return build(replace(options, numbering=taking)), taking
    except BaseException:
        taking.close()
        raise


def order_number(bundle, options):
    """An order bundle with its ``number: auto`` resolved, and its register key."""
    if bundle.number is not None:
        return bundle, None
    details = Details(date=bundle.date, subject=bundle.subject, sender=bundle.issuer, kind="order")
    text, key = auto_number(options, config=bundle.source, book=book_of_order(bundle.issuer), year=bundle.year,
                            details=details, explicit_id=bundle.id,
                            part=bundle.district.code if bundle.district else None,
                            organisation_file=bundle.organisation_file, setting=bundle.register)
    return replace(bundle, number=text.split("/")[0]), key
