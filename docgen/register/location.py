"""Where a document's register is, and the id it is known by there.

* ``$DOCGEN_REGISTER_URL``, when set, names the register of every document:
  a ``postgresql://`` URL, or an SQLite file (a path or ``sqlite:///path``).
* Otherwise the organisation file's ``register:`` key, the same choices (a
  relative path is relative to the organisation file).
* Otherwise ``register.sqlite`` beside the organisation file the document
  names.  A document that names none (district orders) uses the nearest
  folder at or above its own that has an ``organisation.yaml`` or a
  ``register.sqlite``, else its own folder.

A document's id is its ``id:`` key, else its path relative to the register's
folder (``circular.yaml``, ``orders/district-teams.yaml#1601``), so moving
the config folder keeps the ids.

>>> check_url("postgresql://clerk@127.0.0.1/register"), check_url("registers/2562.sqlite")
('postgresql://clerk@127.0.0.1/register', 'registers/2562.sqlite')
>>> check_url("mysql://db/register")
Traceback (most recent call last):
ValueError: 'mysql' registers are not supported: write a postgresql://user@host/dbname URL, or the path of an SQLite file
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from docgen.register.base import RegisterError

ENV = "DOCGEN_REGISTER_URL"
FILE_NAME = "register.sqlite"
PG_SCHEMES = ("postgresql://", "postgres://")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def check_url(value: str) -> str:
    """A register setting as written: a PostgreSQL URL or an SQLite path; ValueError if neither."""
    value = value.strip()
    if not value:
        raise ValueError("the register setting is empty")
    scheme = _SCHEME.match(value)
    if scheme and not value.startswith(PG_SCHEMES + ("sqlite:///",)):
        raise ValueError(f"{scheme.group(1)!r} registers are not supported: write a postgresql://user@host/dbname"
                         " URL, or the path of an SQLite file")
    if value.startswith(PG_SCHEMES) and not re.match(r"^postgres(ql)?://[^/]*(/[^/?#]+)?([?#].*)?$", value):
        raise ValueError(f"{value!r} is not a PostgreSQL URL: write postgresql://user:password@host:port/dbname")
    return value


def open_register(url: str):
    """The register a URL or path names (PostgreSQL, or an SQLite file)."""
    if url.startswith(PG_SCHEMES):
        from docgen.register.postgres import PostgresRegister

        return PostgresRegister(url)
    from docgen.register.sqlite import SqliteRegister

    return SqliteRegister(url.removeprefix("sqlite:///"))  # sqlite:////abs/file, sqlite:///relative


@dataclass(frozen=True)
class Where:
    """A register's URL, the folder doc ids are relative to, and what chose the URL."""

    url: str
    folder: Path
    source: str  # "env", "organisation" or "default"
    organisation_file: Path | None = None


def home_folder(config: Path) -> Path:
    """The folder of the register of a document that names no organisation file."""
    start = Path(config).resolve().parent
    for folder in (start, *start.parents):
        if (folder / "organisation.yaml").is_file() or (folder / FILE_NAME).is_file():
            return folder
    return start


def where(config: Path, organisation_file: Path | None = None, setting: str | None = None,
          env: bool = True) -> Where:
    """The register of the document ``config`` (see the module's text for the rules);
    ``env=False`` ignores ``$DOCGEN_REGISTER_URL``."""
    folder = Path(organisation_file).resolve().parent if organisation_file else home_folder(config)
    env = os.environ.get(ENV, "").strip() if env else ""
    if env:
        try:
            check_url(env)
        except ValueError as error:
            raise RegisterError(f"${ENV}: {error}") from None
        return Where(env, folder, "env", organisation_file)
    if setting:
        url = setting if setting.startswith(PG_SCHEMES + ("sqlite:///",)) else str(folder / setting)
        return Where(url, folder, "organisation", organisation_file)
    return Where(str(folder / FILE_NAME), folder, "default", organisation_file)


def doc_id(config: Path, folder: Path, explicit: str | None = None, part: str | None = None) -> str:
    """The id a document is known by in its register.

    >>> doc_id(Path("/c/orders/teams.yaml"), Path("/c"), part="1601")
    'orders/teams.yaml#1601'
    >>> doc_id(Path("/c/circular.yaml"), Path("/c"), explicit="jpt-2562-circular")
    'jpt-2562-circular'
    """
    if explicit:
        return explicit
    relative = Path(os.path.relpath(Path(config).resolve(), Path(folder).resolve())).as_posix()
    return f"{relative}#{part}" if part else relative
