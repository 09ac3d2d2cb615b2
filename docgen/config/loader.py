"""YAML loading that remembers where every value came from.

Configuration errors must name the file, line, column and field path, and
pydantic's error locations are mapped back to positions in the YAML.  Two
parsers read the same text and give the same data:

* :mod:`docgen.config.yaml12` (PyYAML's libyaml parser with ruamel.yaml's
  YAML 1.2 rules) builds :attr:`YamlDocument.data` as plain dicts, lists and
  scalars.  It is fast, and every valid file is read by it alone.
* ruamel.yaml's round-trip loader keeps the line and column of every node.
  It reads a file only when a position is asked for (a problem is being
  reported), and in place of the fast parser for a file that parser refuses:
  a syntax error or a duplicate key (the error and its position are then
  ruamel's), or YAML the two would read differently (tags, directives,
  merge keys, tabs and the other cases :mod:`docgen.config.yaml12` lists).

>>> doc = parse_yaml("a:\\n  - x: 1\\n", "demo.yaml")
>>> doc.position(("a", 0, "x"))
(2, 8)
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from docgen.config import yaml12


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ConfigError(Exception):
    """Raised with every :class:`Problem` found; the CLI exits with status 2."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # pickles (a render in a child process raises it in the parent)
        return (ConfigError, (self.problems,))


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps dates as text.

    ruamel would turn ``2018-02-30`` into a bare ValueError without a
    position; as text it reaches pydantic, whose error we can place.
    """


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node)
)


def field_path(loc: Iterable[Any]) -> str:
    """``("body", 2, "items", 0)`` -> ``body[2].items[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class YamlDocument:
    """Parsed YAML plus the positions of its nodes (1-based line/column)."""

    data: Any
    file: str
    text: str = ""
    _tree: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def tree(self) -> Any:
        """The round-trip parse of :attr:`text`, whose nodes know their line
        and column (``.lc``); parsed on first use."""
        if self._tree is None:
            parse = _positions if len(self.text) <= _KEEP_TREES_UP_TO else _round_trip  # data sets: not kept
            self._tree = parse(self.text, self.file) if self.text else self.data
        return self._tree

    def position(self, loc: Iterable[Any], at_key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``loc`` (of its key if ``at_key``);
        for a path that does not exist, of the deepest node that does."""
        node, line, col = self.tree, 0, 0
        if hasattr(node, "lc"):
            line, col = node.lc.line, node.lc.col
        for part in loc:
            try:
                if isinstance(node, dict) and part in node:
                    scalar = _is_scalar(node[part]) and not at_key
                    line, col = node.lc.value(part) if scalar else node.lc.key(part)
                    node = node[part]
                elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                    line, col = node.lc.item(part)
                    node = node[part]
                else:
                    break
            except (AttributeError, KeyError, TypeError):
                break
        return line + 1, col + 1

    def problem(self, loc: Iterable[Any], message: str, at_key: bool = False) -> Problem:
        loc = tuple(loc)
        line, col = self.position(loc, at_key)
        return Problem(self.file, line, col, field_path(loc), message)

    def problem_near(self, loc: Iterable[Any], needle: str, message: str) -> Problem:
        """Like :meth:`problem`, but on the line of a multi-line value that
        holds ``needle`` (a block scalar ``>-`` starts a line above its text)."""
        problem = self.problem(loc, message)
        lines = self.text.splitlines()
        for number in range(problem.line, min(len(lines), problem.line + 50) + 1):
            column = lines[number - 1].find(needle)
            if column >= 0:
                return Problem(self.file, number, column + 1, problem.field, message)
        return problem

    def validate(self, model: type[BaseModel], data: Any = None) -> Any:
        """Validate (``data`` or the parsed YAML) against ``model``; raise
        :class:`ConfigError` placed at this document's positions."""
        try:
            return model.model_validate(self.data if data is None else data)
        except ValidationError as error:
            problems = []
            for e in error.errors():
                loc = _without_union_tags(self.data if data is None else data, e["loc"])
                if loc is not None:
                    problems.append(self.problem(loc, _message(e), at_key=e["type"] == "extra_forbidden"))
            problems = list(dict.fromkeys(problems))
            raise ConfigError(sorted(problems, key=lambda p: (p.line, p.column))) from None


def _is_tag(part: Any) -> bool:
    """Pydantic names union members in error locations ("str",
    "function-after[..., Section]"); YAML keys here are snake_case."""
    return isinstance(part, str) and (part in ("str", "int") or "[" in part or "-" in part or part[:1].isupper())


def _without_union_tags(data: Any, loc: Iterable[Any]) -> tuple | None:
    """The location without union tags, or None for the error of a union
    member that does not fit the input's shape (a text member given a
    mapping, or a mapping member given text): that error is noise."""
    node, clean = data, []
    for part in loc:
        if _is_tag(part) and not (isinstance(node, dict) and part in node):  # "160101-sao" may be a key
            text_member = part in ("str", "constrained-str")
            if text_member and isinstance(node, (dict, list)):
                return None
            if not text_member and isinstance(node, str):
                return None
            continue
        clean.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(clean)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _message(error: dict) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see the README for the keys this file takes)"
    if kind == "missing":
        return "required field is missing"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg


def parse_yaml(text: str, file: str, limits: yaml12.Limits = yaml12.LIMITS) -> YamlDocument:
    """Parse YAML text; syntax errors and a text over ``limits`` (size,
    nesting, aliases: :class:`docgen.config.yaml12.Limits`) become
    :class:`ConfigError`."""
    try:
        yaml12.check_limits(text, limits)
    except yaml12.LimitExceeded as error:
        raise ConfigError([Problem(file, error.line, error.column, "", f"refused: {error}")]) from None
    tree = None
    try:
        data = yaml12.load(text)
    except Exception:  # whatever the fast parser cannot read, ruamel reads or reports as before
        data = tree = _round_trip(text, file)
    if data is None:
        raise ConfigError([Problem(file, 1, 1, "", "the file is empty")])
    if not isinstance(data, dict):
        raise ConfigError([Problem(file, 1, 1, "", "expected a mapping of keys at the top level")])
    doc = YamlDocument(data, file, text)
    doc._tree = tree
    return doc


_KEEP_TREES_UP_TO = 64 * 1024  # characters: config files, not data sets (a tree takes ~30 times its text)


@functools.lru_cache(maxsize=16)
def _positions(text: str, file: str) -> Any:
    """:func:`_round_trip`, kept for the last few texts: a document that
    places a warning on every render (a deadline on a day off) pays for the
    slow parse once, not per render.  The trees are only read."""
    return _round_trip(text, file)


def _round_trip(text: str, file: str) -> Any:
    """The text parsed by ruamel.yaml's round-trip loader (nodes with
    positions); syntax errors become :class:`ConfigError`."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = (error.problem or str(error)).strip()
        raise ConfigError([Problem(file, line, col, "", f"YAML syntax: {reason}")]) from None
    except RecursionError:  # nesting the event check could not read (a syntax it refuses)
        raise ConfigError([Problem(file, 1, 1, "", "refused: nested too deeply")]) from None


class OutsideRoot(ConfigError):
    """A file named by a document resolves outside the folder reads are confined to."""


@dataclass(frozen=True)
class _Sources:
    files: dict[str, str]  # resolved path -> text
    root: Path | None


_PACKAGE = Path(__file__).resolve().parent.parent  # docgen's own data files
_SOURCES: ContextVar[_Sources | None] = ContextVar("docgen_config_sources", default=None)


@contextmanager
def sources(files: dict[Path, str], root: Path | None = None) -> Iterator[None]:
    """Within the block, :func:`read_text` reads ``files`` (path -> text) from
    memory, and, with a ``root``, refuses every other file outside it (and
    outside docgen's own data, such as the holiday overrides).

    A document sent to a service is placed at a path inside the folder its
    relative names are resolved against, without being written there:

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()).resolve()
    >>> with sources({folder / "request.yaml": "kind: letter\\n"}, root=folder):
    ...     load_yaml(folder / "request.yaml").data
    {'kind': 'letter'}
    >>> with sources({}, root=folder):
    ...     read_text(folder / ".." / "elsewhere.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    docgen.config.loader.OutsideRoot: ...: outside the configuration folder
    """
    resolved = {str(Path(p).resolve()): text for p, text in files.items()}
    token = _SOURCES.set(_Sources(resolved, Path(root).resolve() if root else None))
    try:
        yield
    finally:
        _SOURCES.reset(token)


def _held(path: Path) -> str | None:
    """The text :func:`sources` holds in memory for ``path``, or None."""
    confined = _SOURCES.get()
    return None if confined is None else confined.files.get(str(Path(path).resolve()))


def exists(path: Path) -> bool:
    """Whether :func:`read_text` finds ``path``: a file, or one held in memory by :func:`sources`."""
    return _held(path) is not None or Path(path).is_file()


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """A config file's text; missing or not UTF-8 is a :class:`ConfigError`.
    Inside :func:`sources`, in-memory files first and reads confined to its root."""
    held = _held(path)
    if held is not None:
        return held
    confined = _SOURCES.get()
    if confined is not None:
        resolved = Path(path).resolve()
        if confined.root is not None and not (resolved.is_relative_to(confined.root)
                                              or resolved.is_relative_to(_PACKAGE)):
            raise OutsideRoot([Problem(str(path), 1, 1, "", "outside the configuration folder")])
    try:
        return path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), 1, 1, "", "file not found")]) from None
    except UnicodeDecodeError as error:
        raise ConfigError([Problem(str(path), 1, 1, "", f"not UTF-8 text ({error.reason})")]) from None


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file; a missing file is a :class:`ConfigError` too."""
    return parse_yaml(read_text(path), str(path))
