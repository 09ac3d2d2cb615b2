"""A request's document: read within the size limit, parsed, confined.

The body is YAML (``application/yaml``, ``text/yaml``) or JSON, with the
fields of a config file.  The files it names (organisation, personnel,
schedule, data ...) are relative to a ``base`` folder inside the settings'
``config_root``; a name that leads outside it (an absolute path, ``..``
past the root, a symlink out) is refused with its field path.  The
document is never written anywhere: the loader reads it from memory as if
it were ``<base>/<name>.yaml`` (:func:`docgen.config.loader.sources`).

>>> from pathlib import Path
>>> root = Path("config").resolve()
>>> doc = parse(b"kind: letter\\norganisation: ../../etc/passwd\\n", "application/yaml", root, "lopburi-jpt-2562")
Traceback (most recent call last):
docgen.service.errors.ApiError: organisation: names a file outside the configuration folder
>>> parse(b'{"kind": "memo"}', "application/json", root, "").base == root
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml
from fastapi import Request

from docgen.config.loader import ConfigError, field_path, parse_yaml
from docgen.service.errors import ApiError, errors_of_problems

YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
JSON_TYPES = {"application/json"}
# Keys whose values name files, wherever they are in a document.
FILE_KEYS = {"organisation", "personnel", "schedule", "data", "figures", "emblem", "holidays", "districts",
             "document", "file", "register"}
_BASE_LINE = re.compile(r"^base:[ \t]*[^\s#{\[][^#]*?(?:[ \t]+#.*)?$")


@dataclass(frozen=True)
class Input:
    """A parsed request document: its YAML text (as the loader will read it),
    data, the folder its names are relative to, and whether it came as YAML
    (then errors carry its lines and columns)."""

    text: str
    data: dict
    base: Path
    root: Path
    is_yaml: bool

    def at(self, stem: str = "document") -> Path:
        """Where the loader finds the document: ``<base>/<stem>.yaml``."""
        return self.base / f"{stem}.yaml"


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is longer than ``limit`` bytes
    (by its Content-Length, else while it streams in)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise ApiError(413, f"the body is larger than {limit} bytes")
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise ApiError(413, f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(request: Request) -> str:
    """The body's media type, which must be YAML or JSON (415 otherwise)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in YAML_TYPES | JSON_TYPES:
        raise ApiError(415, f"send the document as application/yaml or application/json, not {kind or 'nothing'}")
    return kind


def base_folder(root: Path, base: str) -> Path:
    """``base`` inside ``root``, an existing folder (400 otherwise)."""
    folder = (root / base).resolve() if base else root
    if Path(base).is_absolute() or not folder.is_relative_to(root):
        raise ApiError(400, "base must be a folder inside the configuration folder", "base")
    if not folder.is_dir():
        raise ApiError(400, f"no folder {base!r} in the configuration folder", "base")
    return folder


def parse(body: bytes, kind: str, root: Path, base: str | None) -> Input:
    """The document of a request (``base``: the query's, else the body's ``base:`` key)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, f"the body is not UTF-8 text ({error.reason})") from None
    is_yaml = kind in YAML_TYPES
    if is_yaml:
        try:
            doc = parse_yaml(text, "request.yaml")
        except ConfigError as error:
            raise ApiError(400, errors=errors_of_problems(error.problems)) from None
        data = doc.data
    else:
        _refuse_json_bombs(body)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ApiError(400, errors=[{"field": "", "message": f"JSON syntax: {error.msg}",
                                         "line": error.lineno, "column": error.colno}]) from None
        except (ValueError, RecursionError) as error:  # e.g. an integer of more than 4,300 digits
            raise ApiError(400, f"not valid JSON: {str(error)[:200]}") from None
        if not isinstance(data, dict):
            raise ApiError(400, "expected a JSON object at the top level")
    if "base" in data:
        named = data.pop("base")
        if not isinstance(named, str):
            raise ApiError(400, "base is the name of a folder", "base")
        base = base if base is not None else named
        text = _without_base_line(text) if is_yaml else text
    if not is_yaml:  # the loader reads YAML; JSON is a subset, but dumped it has no surprises
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    folder = base_folder(root, base or "")
    found = list(outside(data, folder, root))
    if found:
        raise ApiError(400, errors=[_placed(text, is_yaml, loc, "names a file outside the configuration folder")
                                    for loc in found])
    return Input(text, data, folder, root, is_yaml)


def _refuse_json_bombs(body: bytes) -> None:
    """400 for JSON nested deeper than docgen.safety allows, or holding NUL; the
    syntax errors are left to the parse that places them."""
    from docgen.safety import BadPayload, load_payload

    try:
        load_payload(body, "application/json", max_bytes=len(body))
    except BadPayload as error:
        if not str(error).startswith("not valid JSON"):
            raise ApiError(400, str(error)) from None


def _without_base_line(text: str) -> str:
    """The YAML with its top-level ``base: name`` line made a comment, so line numbers stay."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if _BASE_LINE.match(line)]
    if len(hits) != 1:
        raise ApiError(400, "write base: <folder> on one line at the top level, or give ?base=", "base")
    lines[hits[0]] = "#" + lines[hits[0]][1:]
    return "\n".join(lines)


def outside(node: Any, folder: Path, root: Path, loc: tuple = ()) -> Iterator[tuple]:
    """Locations of the file names in ``node`` that resolve outside ``root``.

    >>> root = Path("config").resolve()
    >>> list(outside({"data": ["../data/lopburi.yaml", "/etc/passwd"]}, root / "lopburi-jpt-2562", root))
    [('data', 1)]
    """
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "vars" and not loc:
                continue
            if key in FILE_KEYS:
                values = value if isinstance(value, list) else [value]
                for index, name in enumerate(values):
                    where = (*loc, key, index) if isinstance(value, list) else (*loc, key)
                    if isinstance(name, str) and not _inside(folder, name, root):
                        yield where
            if isinstance(value, (dict, list)):
                yield from outside(value, folder, root, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from outside(value, folder, root, (*loc, index))


def _inside(folder: Path, name: str, root: Path) -> bool:
    if "://" in name:  # a register URL, not a file
        return True
    path = Path(name)
    return not path.is_absolute() and (folder / path).resolve().is_relative_to(root)


def _placed(text: str, is_yaml: bool, loc: tuple, message: str) -> dict:
    entry = {"field": field_path(loc), "message": message}
    if is_yaml:
        line, column = parse_yaml(text, "request.yaml").position(loc)
        entry.update(line=line, column=column)
    return entry
