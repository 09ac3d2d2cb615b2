"""Signing in to the web form with an API key.

Browsers do not send ``X-API-Key``: a clerk types the key once at ``/signin``;
docgen checks it (:func:`docgen.service.auth.identify`, the ``render``
scope) and keeps it in an HttpOnly, SameSite=Strict cookie, which
:func:`form_auth` then checks on every form route, as the API checks the
header.  ``demo: true`` opens the form without a key.  ``POST /signout``
forgets it.  Pages of the form redirect to the sign-in page; the form's own
requests (preview, validate, download) get 401.

>>> safe_next("/form/letter"), safe_next("//evil.example/x"), safe_next("https://evil.example")
('/form/letter', '/', '/')
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docgen.service.auth import identify

COOKIE = "docgen_key"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def form_auth(request: Request) -> None:
    """The form's access rule (``app.state.form_auth``): demo, or a signed-in key with the render scope."""
    settings = request.app.state.settings
    if settings.demo:
        return
    key = request.cookies.get(COOKIE)
    stored = identify(settings, key) if key else None
    if stored is not None and ("render" in stored.scopes or "admin" in stored.scopes):
        return
    if request.method == "GET":
        raise HTTPException(303, "sign in first", headers={"Location": f"/signin?next={quote(request.url.path)}"})
    raise HTTPException(401, "sign in to the form first (/signin)")


def install(app: FastAPI) -> None:
    """The sign-in and sign-out routes; the form's access rule."""
    from docgen.service.forms import KINDS
    from docgen.service.web import templates

    app.state.form_auth = form_auth

    def page(request: Request, next: str, message: str = "", status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, "signin.html", {"next": safe_next(next), "message": message,
                                                                   "kinds": KINDS.values()}, status_code=status)

    @app.get("/signin", include_in_schema=False)
    def signin_page(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, next)

    @app.post("/signin", include_in_schema=False)
    def signin(request: Request, key: str = Form(...), next: str = Form("/")):
        stored = identify(request.app.state.settings, key)
        if stored is None or not ({"render", "admin"} & set(stored.scopes)):
            return page(request, next, "รหัสไม่ถูกต้อง หรือไม่มีสิทธิ์ใช้แบบฟอร์ม", 401)
        answer = RedirectResponse(safe_next(next), status_code=303)
        answer.set_cookie(COOKIE, key, httponly=True, samesite="strict", secure=request.url.scheme == "https",
                          path="/")
        return answer

    @app.post("/signout", include_in_schema=False)
    def signout() -> RedirectResponse:
        answer = RedirectResponse("/signin", status_code=303)
        answer.delete_cookie(COOKIE, path="/")
        return answer
