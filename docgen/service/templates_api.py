"""Offices' Word templates over the API: upload (checked before it is kept),
list, and ``POST /render?template=<name>`` fills one (see docs/word-templates.md).

An upload goes through :func:`docgen.safety.safe_name` (its name),
:func:`docgen.safety.check_docx` (zip bombs, zip slip, macros, ActiveX,
external links, DTDs/XXE) and :func:`docgen.safety.check_template_source`
(the sandbox's rules) before it is written, atomically, into
``settings.templates_dir``; each refusal is its 4xx with the reason.

>>> template_path(__import__("pathlib").Path("/srv/t"), "../etc/passwd")
Traceback (most recent call last):
...
docgen.service.errors.ApiError: ...
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from docgen import safety
from docgen.service.auth import Caller, require
from docgen.service.errors import ApiError

router = APIRouter(tags=["templates"])


def template_path(folder: Path, name: str) -> Path:
    """The file of template ``name`` in ``folder`` (400 for a name that is not a plain file name)."""
    try:
        clean = safety.safe_name(name, (".docx",))
    except safety.Refused as error:
        raise ApiError(error.status, str(error), "template") from None
    return folder / clean


def template_for(request: Request, name: str) -> tuple[str, str]:
    """(path, sha256) of an uploaded template, for a render (404 when there is none)."""
    path = template_path(request.app.state.settings.templates_dir, name)
    if not path.is_file():
        raise ApiError(404, f"no template {path.name!r}; upload it with POST /api/v1/templates", "template")
    return str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest()


@router.post("/templates", status_code=201, summary="Upload an office's Word template (.docx, docxtpl)")
async def upload(request: Request, file: UploadFile = File(..., description="The .docx template."),
                 name: str | None = Form(None, description="Its name (default: the file's name)."),
                 caller: Caller = Depends(require("admin"))) -> dict:
    folder: Path = request.app.state.settings.templates_dir
    target = template_path(folder, name or file.filename or "")
    limit = safety.DOCX_LIMITS.upload_bytes
    data = await file.read(limit + 1)
    try:
        if len(data) > limit:
            raise safety.TooLarge(f"the template is over {limit:,} bytes")
        from docgen.usertemplates.render import checked_template

        checked_template(data)
    except safety.Refused as error:
        raise ApiError(error.status, str(error), "file") from None
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".docx")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temp, target)
    return {"name": target.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


@router.get("/templates", summary="The Word templates uploaded")
def listing(request: Request, caller: Caller = Depends(require("render"))) -> dict:
    folder: Path = request.app.state.settings.templates_dir
    names = sorted(p.name for p in folder.glob("*.docx") if not p.name.startswith(".")) if folder.is_dir() else []
    return {"templates": names}
