"""Errors as the API gives them: JSON, with the field path and a message.

Every error answer has one shape, whatever raised it::

    {"errors": [{"field": "body[2].items[1]", "message": "...", "line": 12, "column": 5}]}

``line`` and ``column`` are in the YAML that was sent (omitted for JSON
bodies and for errors that have no place).  Nothing of the server's inside
(a stack trace, a path outside the config folder) is shown to the caller.

>>> ApiError(404, "no such job").body()
{'errors': [{'field': '', 'message': 'no such job'}]}
>>> [e["field"] for e in errors_of_problems([Problem("x.yaml", 3, 5, "date", "bad")], positions=False)]
['date']
"""

from __future__ import annotations

import logging
from typing import Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from docgen.config.loader import Problem, field_path

log = logging.getLogger("docgen.service")


class ApiError(Exception):
    """An answer with an error status; ``errors`` are dicts with field and message."""

    def __init__(self, status: int, message: str = "", field: str = "", errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None):
        self.status = status
        self.errors = errors if errors is not None else [{"field": field, "message": message}]
        super().__init__("; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"]
                                   for e in self.errors))
        self.headers = headers

    def body(self) -> dict:
        return {"errors": self.errors}


def errors_of_problems(problems: Iterable[Problem], positions: bool = True) -> list[dict]:
    """Loader problems as error entries; ``positions``: with line and column (YAML bodies)."""
    out = []
    for problem in problems:
        entry = {"field": problem.field, "message": problem.message}
        if positions and problem.line:
            entry.update(line=problem.line, column=problem.column)
        out.append(entry)
    return out


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` in the one JSON shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else "request refused"
        return JSONResponse({"errors": [{"field": "", "message": message}]}, status_code=error.status_code,
                            headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        entries = []
        for e in error.errors():
            loc = list(e.get("loc", ()))
            where = loc[0] if loc and loc[0] in ("query", "path", "header", "body") else ""
            entries.append({"field": (f"{where}:" if where else "") + field_path(loc[1:] if where else loc),
                            "message": e.get("msg", "invalid")})
        return JSONResponse({"errors": entries}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"errors": [{"field": "", "message": "internal error; the server log has details"}]},
                            status_code=500)
