"""Load a document's YAML (and the files it names) into validated config.

A letter file names its organisation, personnel and schedule files by path,
relative to itself, so several letters share one set of office data.  Text
fields are Jinja2 templates (``docgen.templating``) rendered here, so a wrong
schedule id is reported at the line that names it.

>>> from pathlib import Path
>>> bundle = load_letter(Path("config/lopburi-jpt-2562/circular.yaml"))  # doctest: +SKIP
>>> bundle.letter.number  # doctest: +SKIP
'ลบ 0019/ว 4852'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from docgen.config.loader import ConfigError, Problem, YamlDocument, exists, load_yaml
from docgen.config.models import Letter, Organisation, Person, Personnel, Schedule
from docgen.emblem import DEFAULT_EMBLEM
from docgen.templating import ActivityView, ScheduleView, UnknownActivity, make_environment, quoted, render

PROJECT_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"

__all__ = [
    "ConfigError",
    "LetterBundle",
    "Problem",
    "Office",
    "load_letter",
    "office_of",
    "organisation_of",
    "person",
    "referenced",
    "render_texts",
    "load_schedule",
    "schedule_view",
    "schedule_warnings",
]

# Keys whose values are file names or ids, never templates.
_NOT_TEMPLATES = {"kind", "organisation", "personnel", "schedule", "signer", "date", "number", "vars"}


@dataclass(frozen=True)
class LetterBundle:
    """A letter with everything it refers to, validated and rendered."""

    path: Path
    letter: Letter
    organisation: Organisation
    signer: Person
    schedule: Schedule | None
    emblem: Path
    enclosure_titles: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # about the deadlines the letter states (on_holiday: warn)


def template_dirs(config_path: Path) -> list[Path]:
    """Where ``{% include %}`` looks, in order: the config's folder; every
    ``templates/`` folder found walking up from it; the folders listed in
    ``DOCGEN_TEMPLATES`` (an office's own, separated by ``os.pathsep``);
    ``templates/`` in the working folder; docgen's own ``templates/``."""
    extra = [Path(p) for p in os.environ.get("DOCGEN_TEMPLATES", "").split(os.pathsep) if p]
    candidates = [parent / "templates" for parent in [config_path.parent, *config_path.parent.parents]]
    candidates += extra + [Path.cwd() / "templates", PROJECT_TEMPLATES]
    dirs = [config_path.parent]
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in {d.resolve() for d in dirs}:
            dirs.append(folder)
    return dirs


def schedule_view(schedule) -> ScheduleView:
    """What templates see of a schedule: a
    :class:`~docgen.workdays.resolve.ResolvedSchedule`, or a plain
    :class:`Schedule` (resolved here, without a letter's date)."""
    if schedule is None:
        return ScheduleView([])
    if isinstance(schedule, Schedule):
        from docgen.workdays.resolve import resolve_schedule

        schedule = resolve_schedule(schedule)
    return ScheduleView(
        ActivityView(
            id=a.id,
            title=a.activity.title,
            start=a.start,
            end=a.end,
            precision=a.precision,
            repeat_month=a.activity.repeat_month,
            units=tuple(a.activity.units),
        )
        for a in schedule.activities
    )


def load_schedule(doc: YamlDocument, value: str, letter_date=None, field: str = "schedule"):
    """The schedule a document names in ``field``, its date rules resolved
    (``letter`` is ``letter_date``, the document's date, if it has one)."""
    from docgen.workdays.resolve import resolve_schedule

    schedule_doc = referenced(doc, field, value)
    return resolve_schedule(schedule_doc.validate(Schedule), schedule_doc, letter_date)


def schedule_warnings(schedule, view: ScheduleView, also: tuple[str, ...] = ()) -> list[str]:
    """The schedule's warnings about the deadlines a document states: the
    activities its templates quoted (``view``), and ``also``."""
    if schedule is None:
        return []
    return schedule.warnings(quoted(view) | set(also))


def referenced(doc: YamlDocument, field: str, value: str) -> YamlDocument:
    """Load the YAML file a document names in ``field`` (relative to it)."""
    path = Path(doc.file).parent / value
    if not exists(path):
        raise ConfigError([doc.problem((field,), f"file not found: {path}")])
    return load_yaml(path)


def organisation_of(doc: YamlDocument, field: str, value: str) -> tuple[Organisation, Path]:
    """The organisation a document names, and the emblem image it uses."""
    org_doc = referenced(doc, field, value)
    organisation = org_doc.validate(Organisation)
    emblem = DEFAULT_EMBLEM
    if organisation.emblem:
        emblem = Path(org_doc.file).parent / organisation.emblem
        if not emblem.is_file():
            raise ConfigError([org_doc.problem(("emblem",), f"file not found: {emblem}")])
    return organisation, emblem


def person(doc: YamlDocument, loc: tuple, personnel: Personnel, person_id: str, source: str) -> Person:
    """The person ``person_id`` of ``personnel``, or a problem placed at ``loc``."""
    found = next((p for p in personnel.people if p.id == person_id), None)
    if found is None:
        known = ", ".join(p.id for p in personnel.people)
        raise ConfigError([doc.problem(loc, f"no person {person_id!r} in {source} (known: {known})")])
    return found


def render_texts(doc: YamlDocument, model, context: dict[str, Any], keep: set[str] = frozenset()):
    """Render every text of ``doc`` as a template, then validate it against
    ``model``.  Top-level keys in ``_NOT_TEMPLATES`` or ``keep`` stay as written."""
    env = make_environment(template_dirs(Path(doc.file)))
    problems: list[Problem] = []
    rendered = _render_tree(doc.data, (), env, context, doc, problems, _NOT_TEMPLATES | set(keep))
    if problems:
        raise ConfigError(problems)
    return doc.validate(model, rendered)


def _render_tree(node: Any, loc: tuple, env, context, doc: YamlDocument, problems: list, keep: set) -> Any:
    if isinstance(node, dict):
        return {
            k: v if k in keep and not loc else _render_tree(v, (*loc, k), env, context, doc, problems, keep)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_render_tree(v, (*loc, i), env, context, doc, problems, keep) for i, v in enumerate(node)]
    if isinstance(node, str):
        try:
            return render(env, node, context)
        except UnknownActivity as error:
            problems.append(doc.problem_near(loc, error.activity_id, str(error)))
        except TemplateError as error:
            name = getattr(error, "name", None)
            lineno = getattr(error, "lineno", None)
            where = f" (in template {name}, line {lineno})" if name and lineno else ""
            message = f"template error: {error.message}{where}"
            problems.append(doc.problem_near(loc, name, message) if name else doc.problem(loc, message))
        return node
    return node


@dataclass(frozen=True)
class Office:
    """What a letter or memo takes from the files it names."""

    organisation: Organisation
    emblem: Path
    signer: Person
    resolved: Any  # the schedule with its rules resolved (docgen.workdays.resolve.ResolvedSchedule), or None

    @property
    def schedule(self) -> Schedule | None:
        return self.resolved.schedule if self.resolved is not None else None

    def context(self, vars: dict) -> dict[str, Any]:
        """What the document's templates see."""
        return {"schedule": schedule_view(self.resolved), "organisation": self.organisation,
                "signer": self.signer, "vars": vars}

    def warnings(self, context: dict[str, Any]) -> tuple[str, ...]:
        """Warnings about the deadlines the templates rendered with ``context`` quoted."""
        return tuple(schedule_warnings(self.resolved, context["schedule"]))


def office_of(doc: YamlDocument, raw) -> Office:
    """The organisation, signer and schedule a letter or memo (``raw``) names;
    its number is checked against the organisation's code."""
    organisation, emblem = organisation_of(doc, "organisation", raw.organisation)
    personnel = referenced(doc, "personnel", raw.personnel).validate(Personnel)
    schedule = load_schedule(doc, raw.schedule, raw.date) if raw.schedule else None
    if raw.number == "auto" and not organisation.code:
        raise ConfigError([doc.problem(("number",), "number: auto needs the organisation's code (code: ลบ 0019 "
                                       "in the organisation file): it names the register's book")])
    try:
        raw.number_text(organisation.code)
    except ValueError as error:
        raise ConfigError([doc.problem(("register",), str(error))]) from None
    signer = person(doc, ("signer",), personnel, raw.signer, raw.personnel)
    return Office(organisation, emblem, signer, schedule)


def load_letter(path: Path) -> LetterBundle:
    """Load, validate and render a letter; raise :class:`ConfigError` on any problem."""
    path = Path(path)
    doc = load_yaml(path)
    raw = doc.validate(Letter)
    office = office_of(doc, raw)
    organisation, emblem, signer, schedule = office.organisation, office.emblem, office.signer, office.schedule
    if not raw.recipient and not raw.recipients:
        raise ConfigError([doc.problem(("recipient",), "required field is missing (or give recipients: a list)")])
    if raw.recipient and raw.recipients:
        raise ConfigError([doc.problem(("recipients",), "give recipient or recipients, not both")])

    context = office.context(raw.vars)
    letter = render_texts(doc, Letter, context)
    titles = [_enclosure_title(doc, index, e) for index, e in enumerate(letter.enclosures)]
    return LetterBundle(path, letter, organisation, signer, schedule, emblem, tuple(titles), office.warnings(context))


def _enclosure_title(doc: YamlDocument, index: int, enclosure) -> str:
    """The title typed in the letter, or the one the (first) enclosed document gives;
    every enclosed file must exist."""
    folder = Path(doc.file).parent
    several = isinstance(enclosure.document, list)
    for number, name in enumerate(enclosure.documents):
        loc = ("enclosures", index, "document", number) if several else ("enclosures", index, "document")
        if not (folder / name).is_file():
            raise ConfigError([doc.problem(loc, f"file not found: {folder / name}")])
    if enclosure.file and not (folder / enclosure.file).is_file():
        raise ConfigError([doc.problem(("enclosures", index, "file"), f"file not found: {folder / enclosure.file}")])
    if enclosure.title:
        return enclosure.title
    from docgen.pipeline import documents  # a document kind may itself load configs

    (_, first), *_ = documents(folder / enclosure.documents[0])
    return first.meta.get("listed_as") or first.title
