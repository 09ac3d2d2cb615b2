"""The FastAPI application: the API routes under ``/api/v1`` plus ``/schema``
and ``/docs``, the web form under ``/``.

>>> app = create_app(Settings())
>>> sorted({getattr(route, "path", "") for route in app.routes} & {"/docs", "/health"})
['/docs', '/health']
>>> "/schema" in app.openapi()["paths"] and "/api/v1/render" in app.openapi()["paths"]
True
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from docgen.service.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """One app per settings; routers are added by the modules that own them."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        pool = getattr(app.state, "render_pool", None)
        if pool is not None and getattr(app.state, "warm", False):
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(pool.warm)
        yield
        if pool is not None:
            pool.close()
        jobs = getattr(app.state, "batch_jobs", None)
        if jobs is not None:
            jobs.close()

    app = FastAPI(title="docgen", summary="Thai government documents from YAML/JSON to DOCX, PDF and PNG",
                  version=_version(), lifespan=lifespan)
    app.state.settings = settings

    @app.get("/health", include_in_schema=False)
    def health() -> dict:
        return {"status": "ok"}

    from docgen.service import api, signin, web  # each adds its routes

    api.install(app)
    signin.install(app)  # the web form's sign-in with an API key (or demo: true)
    web.install(app)
    return app


def _version() -> str:
    import docgen

    return docgen.__version__
