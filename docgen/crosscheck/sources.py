"""The template texts of a config file, the schedule ids they cite, and their
rendered text, each with the place (file:line) it comes from.

A text cites an activity as ``{{ schedule.<id>.<attribute> }}`` (or
``schedule["<id>"]``), in the YAML itself or in a template it includes; the
citation knows which, so a finding points at the line that names the id.

>>> from docgen.templating import make_environment
>>> env = make_environment([])
>>> [(c.activity, c.attribute) for c in cited(env, "ส่ง ภายในวันที่ {{ schedule.lao_certify.end_date }}")]
[('lao_certify', 'end_date')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from jinja2 import TemplateError, nodes

from docgen.config.loader import Problem, YamlDocument, field_path
from docgen.templating import render

# Top-level keys whose values are never templates (file names, ids, dates).
NOT_TEXT = {"kind", "organisation", "personnel", "schedule", "signer", "date", "number", "vars", "register",
            "data", "figures", "districts", "code", "effective", "phone", "email", "speed", "secrecy",
            "circular", "province", "district", "year", "scope", "rows", "names"}


@dataclass(frozen=True)
class Text:
    """One template text of a YAML document, at ``loc``."""

    doc: YamlDocument
    loc: tuple
    source: str

    def problem(self, message: str, needle: str | None = None) -> Problem:
        """A problem at this text, on the line holding ``needle`` when given."""
        return self.doc.problem_near(self.loc, needle, message) if needle else self.doc.problem(self.loc, message)


def texts(doc: YamlDocument) -> list[Text]:
    """Every string of ``doc`` that is a template (not under a key of :data:`NOT_TEXT`)."""
    out: list[Text] = []

    def walk(node: Any, loc: tuple) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not (not loc and key in NOT_TEXT):
                    walk(value, (*loc, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*loc, index))
        elif isinstance(node, str):
            out.append(Text(doc, loc, node))

    walk(doc.data, ())
    return out


@dataclass(frozen=True)
class Citation:
    """``schedule.<activity>.<attribute>`` in a text, or in a template it includes."""

    activity: str
    attribute: str | None  # end_date, start_date, period, start, end ... (None: the activity itself)
    template: str | None = None  # the included template's file that cites it; None: the text itself
    line: int = 0  # in that template

    def located(self, text: Text, message: str) -> Problem:
        """A problem at the line that names the id."""
        needle = f"schedule.{self.activity}"
        if self.template is None:
            problem = text.problem(message, needle)
            if problem.line == text.problem(message).line:
                problem = text.problem(message, self.activity)
            return problem
        return Problem(self.template, self.line, 1, field_path(text.loc), message)


def _citations_in(ast: nodes.Template) -> Iterator[tuple[str, str | None]]:
    parents: dict[int, nodes.Node] = {}
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Call)):
        for child in node.iter_child_nodes():
            parents[id(child)] = node
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "schedule"):
            continue
        if isinstance(node, nodes.Getattr):
            activity = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            activity = node.arg.value
        else:
            continue
        parent = parents.get(id(node))
        attribute = parent.attr if isinstance(parent, nodes.Getattr) and parent.node is node else None
        yield activity, attribute


def cited(env, source: str, depth: int = 0) -> list[Citation]:
    """The schedule citations of a template source and of the templates it includes."""
    if "{" not in source:
        return []
    try:
        ast = env.parse(source)
    except TemplateError:
        return []  # the loader reports the syntax error
    out = [Citation(a, attr) for a, attr in _citations_in(ast)]
    if depth > 5:
        return out
    for include in ast.find_all(nodes.Include):
        if not isinstance(include.template, nodes.Const):
            continue
        try:
            included, filename, _ = env.loader.get_source(env, include.template.value)
        except TemplateError:
            continue
        lines = included.splitlines()
        for citation in cited(env, included, depth + 1):
            if citation.template is None:
                needle = f"schedule.{citation.activity}"
                line = next((n for n, text in enumerate(lines, 1) if needle in text), 1)
                citation = Citation(citation.activity, citation.attribute, filename, line)
            out.append(citation)
    return out


def rendered(env, text: Text, context: dict) -> str | None:
    """The text as printed (before Thai digits); None if it does not render here
    (the document's own loader reports why)."""
    try:
        return render(env, text.source, context)
    except Exception:  # noqa: BLE001 - any failure is the loader's to report
        return None


@dataclass(frozen=True)
class Dated:
    """An activity's dates as a document's schedule resolves them."""

    id: str
    start: date
    end: date
    in_plan: bool
    file: str  # the schedule file
    loc: tuple  # the activity's place in it

