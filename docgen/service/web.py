"""The web form: choose a kind, fill the fields, see the page, download.

Routes (all server-rendered, Thai; see docs/web-form.md):

* ``GET /`` -- choose a kind (letter, memo, order, action plan, certification, targets).
* ``GET /form/{kind}`` -- the form, with a live preview beside it (``?office=``
  chooses the office folder, ``?example=1`` fills in an example).
* ``POST /form/{kind}/preview`` -- JSON: the pages as PNG data URLs, or the
  problems by form field (status 422).
* ``POST /form/{kind}/validate`` -- JSON: the problems by form field, without rendering.
* ``POST /form/{kind}/download?format=pdf|docx`` -- the file (several documents,
  such as one certification per LAO: one PDF, or a ZIP of DOCX files); with
  problems, the form again with the messages beside their fields (status 422).
* ``GET /form/people?office=...`` -- JSON: the signers of an office folder.
* ``GET /form/districts?office=...`` -- JSON: the districts of an office folder's data set.

Who may use the form is decided by :func:`form_access`: the callable the
app keeps in ``app.state.form_auth`` (``request -> None``, raising
``HTTPException``; the service's is :func:`docgen.service.signin.form_auth`:
demo, or an API key signed in at ``/signin``); without one, open only when
the settings say ``demo: true``.
"""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from docgen.service import formrender, forms
from docgen.thai import parse_iso_date, thai_date, thai_digits

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent / "fonts"
WEB_FONTS = ("LaksamanSarabunMetric-Regular.ttf", "LaksamanSarabunMetric-Bold.ttf")
MEDIA = {"pdf": "application/pdf", "zip": "application/zip",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}

templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescapes .html


def _be_date(value: str) -> str:
    """``2018-10-16`` -> ``๑๖ ตุลาคม ๒๕๖๑``; anything else -> ``""``."""
    try:
        return thai_date(parse_iso_date(str(value)))
    except ValueError:
        return ""


templates.env.filters["be_date"] = _be_date
templates.env.filters["thai_digits"] = lambda value: thai_digits(str(value))


def form_access(request: Request) -> None:
    """The hook every form route depends on (see the module's docstring)."""
    settings = request.app.state.settings
    if int(request.headers.get("content-length") or 0) > settings.max_body_bytes:
        raise HTTPException(413, f"the form is larger than {settings.max_body_bytes} bytes")
    hook = getattr(request.app.state, "form_auth", None)
    if hook is not None:
        hook(request)
    elif not settings.demo:
        raise HTTPException(403, "the web form is open in demo mode (demo: true in the settings) "
                                 "or behind the service's sign-in")


def install(app: FastAPI) -> None:
    """Add the web form's routes to ``app``."""

    @app.get("/static/fonts/{name}", include_in_schema=False)  # before the /static mount, which would take it
    def font(name: str):
        if name not in WEB_FONTS:
            raise HTTPException(404)
        return FileResponse(FONTS / name, media_type="font/ttf",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="web-static")
    guarded = {"dependencies": [Depends(form_access)], "include_in_schema": False}

    @app.get("/", response_class=HTMLResponse, **guarded)
    def choose(request: Request):
        return templates.TemplateResponse(request, "index.html", {"kinds": forms.KINDS.values()})

    def choices(request: Request, office: str, what: str) -> list[dict]:
        """The people or districts of an office folder, for a picker."""
        found = forms.find_office(_root(request), office)
        if found is None:
            raise HTTPException(404, "no such office folder")
        return [{"id": key, "label": label} for key, label in getattr(found, what)()]

    @app.get("/form/people", **guarded)
    def people(request: Request, office: str = ""):
        return choices(request, office, "people")

    @app.get("/form/districts", **guarded)
    def districts(request: Request, office: str = ""):
        return choices(request, office, "districts")

    @app.get("/form/{kind}", response_class=HTMLResponse, **guarded)
    def form_page(request: Request, kind: str, example: bool = False, office: str = ""):
        form_kind = _kind(kind)
        values = {f.name: f.default for f in form_kind.fields}
        values.update(date=date.today().isoformat(), office=office)
        if example:
            chosen = forms.find_office(_root(request), office) or next(iter(forms.offices(_root(request))), None)
            values.update(form_kind.example(chosen))
        return _form(request, form_kind, values)

    @app.post("/form/{kind}/validate", **guarded)
    async def validate(request: Request, kind: str):
        form_kind = _kind(kind)
        outcome = await _in_thread(formrender.submit, form_kind, await _fields(request), _root(request), ())
        return _json(outcome)

    @app.post("/form/{kind}/preview", **guarded)
    async def preview(request: Request, kind: str):
        form_kind = _kind(kind)
        values = await _fields(request)
        outcome = await _in_thread(formrender.submit, form_kind, values, _root(request), ("pdf",), True)
        if not outcome.ok:
            return _json(outcome)
        pngs = await _in_thread(formrender.preview_pngs, outcome)
        pages = ["data:image/png;base64," + base64.b64encode(png).decode() for png in pngs]
        return JSONResponse({"ok": True, "pages": pages, "page_count": outcome.pages,
                             "documents": outcome.documents, "complete": outcome.complete, "errors": {},
                             "general": []})

    @app.post("/form/{kind}/download", **guarded)
    async def download(request: Request, kind: str, format: str = "pdf"):
        form_kind = _kind(kind)
        if format not in ("pdf", "docx"):
            raise HTTPException(400, "format must be pdf or docx")
        values = await _fields(request)
        outcome = await _in_thread(formrender.submit, form_kind, values, _root(request), (format,))
        if not outcome.ok:
            return _form(request, form_kind, values, outcome, status_code=422)
        extension = outcome.extension(format)
        name = download_name(form_kind, outcome.subject, extension)
        return Response(outcome.files[format], media_type=MEDIA[extension],
                        headers={"Content-Disposition": content_disposition(name, form_kind.name, extension)})


def _root(request: Request) -> Path:
    return Path(request.app.state.settings.config_root)


def _kind(kind: str) -> forms.FormKind:
    if kind not in forms.KINDS:
        raise HTTPException(404, f"no form for kind {kind!r}; forms: {', '.join(forms.KINDS)}")
    return forms.KINDS[kind]


async def _fields(request: Request) -> dict[str, str]:
    """The submitted fields as text (files and repeated fields are refused)."""
    form = await request.form(max_files=0, max_fields=100, max_part_size=forms.BODY_LIMIT * 4)
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def _in_thread(function, *args):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


def _json(outcome: formrender.Outcome) -> JSONResponse:
    return JSONResponse({"ok": outcome.ok, "errors": outcome.errors, "general": outcome.general},
                        status_code=200 if outcome.ok else 422)


def _form(request: Request, kind: forms.FormKind, values: dict, outcome: formrender.Outcome | None = None,
          status_code: int = 200) -> HTMLResponse:
    all_offices = forms.offices(_root(request))
    chosen = forms.find_office(_root(request), values.get("office", "")) or (all_offices[0] if all_offices else None)
    if chosen is not None:
        values = {**values, "office": chosen.key}
    context = {"kind": kind, "kinds": forms.KINDS.values(), "values": values, "offices": all_offices,
               "people": chosen.people() if chosen else [], "districts": chosen.districts() if chosen else [],
               "committees": forms.committee_count(values), "committee_fields": forms.committee_fields,
               "max_committees": forms.MAX_COMMITTEES,
               "errors": outcome.errors if outcome else {}, "general": outcome.general if outcome else []}
    return templates.TemplateResponse(request, "form.html", context, status_code=status_code)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def download_name(kind: forms.FormKind, subject: str, extension: str) -> str:
    """``บันทึกข้อความ-ขอความเห็นชอบ....pdf``: the kind and the subject, without
    characters a file system refuses, at most 80 characters before the extension.

    >>> download_name(forms.LETTER, 'เรื่อง: "ทดสอบ" ก/ข', "pdf")
    'หนังสือภายนอก-เรื่อง ทดสอบ ก ข.pdf'
    """
    stem = kind.title.split(" / ")[0]
    subject = " ".join(_UNSAFE.sub(" ", subject).split())
    if subject:
        stem = f"{stem}-{subject}"
    return f"{stem[:80].strip()}.{extension}"


def content_disposition(name: str, fallback_stem: str, extension: str) -> str:
    """An attachment with an ASCII fallback and the Thai name as RFC 5987 ``filename*``.

    >>> print(content_disposition("บันทึก.pdf", "memo", "pdf"))
    attachment; filename="memo.pdf"; filename*=UTF-8''%E0%B8%9A%E0%B8%B1%E0%B8%99%E0%B8%97%E0%B8%B6%E0%B8%81.pdf
    """
    return f"attachment; filename=\"{fallback_stem}.{extension}\"; filename*=UTF-8''{quote(name, safe='')}"

