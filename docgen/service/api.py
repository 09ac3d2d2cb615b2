"""The HTTP API under ``/api/v1`` (see docs/service.md), and ``GET /schema``.

Documents are sent as YAML or JSON with the fields of the config files; the
files they name are relative to ``base`` in the configuration folder.
Renders run in a pool of render processes (:mod:`.pool`); every error is
JSON with field paths (:mod:`.errors`); every route but ``/schema`` needs an
API key with the route's scope (:mod:`.auth`).

>>> from docgen.service.app import create_app
>>> paths = create_app().openapi()["paths"]
>>> sorted(p for p in paths if p.startswith("/api/v1/") and "batch" not in p and "register" not in p)
['/api/v1/kinds', '/api/v1/package', '/api/v1/render', '/api/v1/templates', '/api/v1/validate']
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response

from docgen.service import errors, tasks
from docgen.service.auth import Caller, require
from docgen.service.cache import AnswerCache
from docgen.service.errors import ApiError
from docgen.service.inputs import parse, media_type, read_body
from docgen.service.pool import RenderPool
from docgen.service.settings import Settings

PREFIX = "/api/v1"
_DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "description": "A document with the fields of a config file (JSON Schema: GET /schema).",
        "content": {
            "application/yaml": {"schema": {"type": "string"},
                                 "example": "kind: memo\norganisation: organisation.yaml\n..."},
            "application/json": {"schema": {"$ref": "/schema"}},
        },
    }
}
_BASE = Query(None, description="The folder, inside the configuration folder, that the files the document "
                                "names are relative to (e.g. lopburi-jpt-2562); or base: in the body.")
_NAME = Query(None, description="Which document, when the config makes several (e.g. order-1601-เมืองลพบุรี).")

router = APIRouter(prefix=PREFIX)


def install(app: FastAPI) -> None:
    """Add the API's routes, its error handlers and its render pool to ``app``."""
    from docgen.service import batch_api, register_api, templates_api

    settings: Settings = app.state.settings
    errors.install(app)
    app.state.render_pool = RenderPool(settings.workers, settings.render_memory_mb, settings.render_timeout_s,
                                       settings.register_url)
    app.state.answer_cache = AnswerCache(settings.cache_entries, settings.config_root)
    app.include_router(router)
    app.include_router(batch_api.router, prefix=PREFIX)
    app.include_router(register_api.router, prefix=PREFIX)
    app.include_router(templates_api.router, prefix=PREFIX)

    @app.get("/schema", tags=["schema"], summary="JSON Schema of the documents (every kind, oneOf by kind)")
    def schema(kind: str | None = Query(None, description="Only this kind.")) -> dict:
        from docgen.service.schema import document_schema

        try:
            return document_schema(kind)
        except KeyError:
            raise ApiError(404, f"no kind {kind!r}", "kind") from None


@router.post("/render", tags=["documents"], openapi_extra=_DOCUMENT_BODY,
             responses={200: {"content": {m: {} for m in tasks.MEDIA.values()},
                              "description": "the document (ZIP: every document, PDF and DOCX)"}},
             summary="Render a document to PDF, DOCX, a PNG page, or a ZIP of several")
async def render(request: Request, format: Literal["pdf", "docx", "png", "zip"] = "pdf",
                 name: str | None = _NAME, page: int = Query(1, ge=1, description="png: the page, from 1."),
                 dpi: int = Query(60, ge=30, le=300, description="png: resolution."),
                 base: str | None = _BASE,
                 template: str | None = Query(None, description="Fill this uploaded Word template (letters, memos, "
                                                                "orders; docx or pdf) instead of docgen's own layout."),
                 caller: Caller = Depends(require("render"))) -> Response:
    more = {}
    if template is not None:
        from docgen.service.templates_api import template_for

        more["template"], more["template_sha"] = template_for(request, template)
    return await _document(request, "render", base, format=format, name=name, page=page, dpi=dpi, **more)


@router.post("/validate", tags=["documents"], openapi_extra=_DOCUMENT_BODY,
             summary="Check a document and its enclosures without rendering: findings as JSON")
async def validate(request: Request, base: str | None = _BASE,
                   caller: Caller = Depends(require("validate"))) -> Response:
    return await _document(request, "validate", base, format="json")


@router.post("/package", tags=["documents"], openapi_extra=_DOCUMENT_BODY,
             responses={200: {"content": {"application/pdf": {}, "application/zip": {}}}},
             summary="A letter with its enclosures: one merged PDF, or a ZIP of the DOCX files")
async def package(request: Request, format: Literal["pdf", "zip"] = "pdf", name: str | None = _NAME,
                  base: str | None = _BASE, caller: Caller = Depends(require("package"))) -> Response:
    return await _document(request, "package", base, format=format, name=name)


@router.get("/kinds", tags=["documents"], summary="The kinds of document")
def kinds(caller: Caller = Depends(require("render"))) -> dict:
    from docgen.kinds import KINDS

    return {"kinds": [{"kind": k.name, "description": k.description} for k in KINDS.values()]}


async def _document(request: Request, action: str, base: str | None, **options) -> Response:
    settings: Settings = request.app.state.settings
    kind = media_type(request)
    body = await read_body(request, settings.max_body_bytes)
    doc = parse(body, kind, settings.config_root, base)
    auto = doc.data.get("number") == "auto"
    if auto and not doc.data.get("id") and action != "validate":
        raise ApiError(422, "number: auto needs id: (the document's id in the register), so that rendering "
                            "it again keeps its number", "id")
    task = tasks.Task(action, doc.text, str(doc.base), str(doc.root), doc.is_yaml, **options)
    cache: AnswerCache = request.app.state.answer_cache
    key = None if auto or cache.size <= 0 else cache.key(task)
    answer = cache.get(key) if key else None
    if answer is None:
        answer = await request.app.state.render_pool.run(tasks.run, task)
        if key and answer.status == 200:
            cache.put(key, answer)
    return respond(answer)


def respond(answer: tasks.Answer) -> Response:
    """An :class:`~docgen.service.tasks.Answer` as the HTTP response."""
    if answer.status >= 400:
        raise ApiError(answer.status, errors=answer.errors)
    headers = dict(answer.headers)
    if answer.filename:
        ascii_name = answer.filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
        headers["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                          f"filename*=UTF-8''{quote(answer.filename)}")
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)
