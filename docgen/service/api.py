"""The HTTP API (see docs/service.md)."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Add the API's routes to ``app``."""
