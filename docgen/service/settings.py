"""The service's settings: where configs live, API keys, limits.

Read from a YAML file (``docgen serve --settings service.yaml``) or built in
code; every field has a safe default (no keys: nothing but ``/health``,
``/docs`` and ``/schema`` answers, unless ``demo: true``).

>>> Settings().max_body_bytes
1048576
>>> line = key_line("reader", "s3cret", ["render"])
>>> line.splitlines()[1]
'  hash: sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0'
>>> Settings.model_validate({"api_keys": [{"name": "r", "hash": "md5:00"}]})  # doctest: +ELLIPSIS
Traceback (most recent call last):
pydantic_core._pydantic_core.ValidationError: ...
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCOPES = ("render", "package", "batch", "register", "admin")
Scope = Literal["render", "package", "batch", "register", "admin"]


def hash_key(key: str) -> str:
    """How a key is stored: ``sha256:<hex>`` of its UTF-8 bytes."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_line(name: str, key: str, scopes: list[str]) -> str:
    """The ``api_keys:`` entry to paste into the settings file for ``key``."""
    return f"- name: {name}\n  hash: {hash_key(key)}\n  scopes: [{', '.join(scopes)}]"


class ApiKey(BaseModel):
    """An API key as stored: its name, a hash of the key (never the key), its scopes."""

    model_config = ConfigDict(extra="forbid")

    name: str
    hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")  # "sha256:<hex>" of the key
    scopes: list[Scope] = Field(default_factory=list)  # admin implies every other scope


def default_workers() -> int:
    """Render processes: one per core."""
    return max(1, os.cpu_count() or 1)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    config_root: Path = Path("config")  # documents may name files under this folder only
    api_keys: list[ApiKey] = Field(default_factory=list)
    demo: bool = False  # read-only demo mode without a key (render, validate, schema)
    max_body_bytes: int = Field(default=1 << 20, ge=1024)
    render_timeout_s: float = Field(default=30.0, gt=0)
    render_memory_mb: int = Field(default=1024, ge=128)  # address-space limit of a render process
    render_workers: int | None = Field(default=None, ge=1)  # render processes per server process
    cache_entries: int = Field(default=64, ge=0)  # identical requests answered from memory (0: off)
    batch_dir: Path = Path("output/service-batches")
    templates_dir: Path = Path("output/service-templates")  # Word templates offices upload (POST /templates)
    batch_workers: int | None = Field(default=None, ge=1)  # local pool of a batch (default: cores)
    celery_broker: str | None = None  # set: batches run on Celery workers instead of the local pool
    register_url: str = "output/service-register.sqlite"  # SQLite path or postgresql:// URL

    @field_validator("config_root")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return Path(value).resolve()

    @property
    def workers(self) -> int:
        """Render processes of this server process (``DOCGEN_RENDER_WORKERS``, set by
        ``docgen serve``, shares the cores between uvicorn's processes)."""
        env = os.environ.get("DOCGEN_RENDER_WORKERS", "")
        return self.render_workers or (int(env) if env.isdigit() and int(env) > 0 else default_workers())


def load_settings(path: Path) -> Settings:
    """Settings from a YAML file; a relative path in it is relative to the file.

    Raises :class:`docgen.config.loader.ConfigError` with the line of a bad value.
    """
    from docgen.config.loader import load_yaml

    doc = load_yaml(Path(path))
    data = dict(doc.data)
    folder = Path(path).resolve().parent
    for key in ("config_root", "batch_dir"):
        if isinstance(data.get(key), str):
            data[key] = str(folder / data[key])
    url = data.get("register_url")
    if isinstance(url, str) and "://" not in url:
        data["register_url"] = str(folder / url)
    return doc.validate(Settings, data)
