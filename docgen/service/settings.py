"""The service's settings: where configs live, API keys, limits.

Read from a YAML file (``docgen serve --settings service.yaml``) or built in
code; every field has a safe default (no keys: nothing but ``/health``,
``/docs`` and ``/schema`` answers, unless ``demo: true``).

>>> Settings().max_body_bytes
1048576
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class ApiKey(BaseModel):
    """An API key as stored: its name, a hash of the key (never the key), its scopes."""

    name: str
    hash: str  # "sha256:<hex>" of the key
    scopes: list[str] = Field(default_factory=list)  # render, package, batch, register, admin


class Settings(BaseModel):
    config_root: Path = Path("config")  # documents may name files under this folder only
    api_keys: list[ApiKey] = Field(default_factory=list)
    demo: bool = False  # read-only demo mode without a key (render and preview only)
    max_body_bytes: int = 1 << 20
    render_timeout_s: float = 30.0
    render_memory_mb: int = 1024
    batch_dir: Path = Path("output/service-batches")
