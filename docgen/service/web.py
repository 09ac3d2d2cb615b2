"""The web form: choose a kind, fill the fields, see the page, download."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Add the web form's routes to ``app``."""
