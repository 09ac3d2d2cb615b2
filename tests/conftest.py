"""Shared fixtures: the reference circular rendered once per test session."""

from __future__ import annotations

import inspect
import io
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pytest

from docgen.pipeline import render

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REFERENCE_CONFIG = REPO / "config" / "lopburi-jpt-2562" / "circular.yaml"
REFERENCE_TEXT = SHARED / "reference" / "lopburi-jpt-2562-circular.txt"
FONT_DIR = REPO / "docgen" / "fonts"


@pytest.fixture(scope="session")
def reference():
    """The reference circular rendered to DOCX and PDF (in memory)."""
    return render(REFERENCE_CONFIG)


@pytest.fixture(scope="session")
def reference_pdf(reference):
    with pdfplumber.open(io.BytesIO(reference.files["pdf"])) as pdf:
        yield pdf


@pytest.fixture()
def config_dir(tmp_path) -> Path:
    """A private copy of the reference config folder (and the data set beside it), to edit in a test."""
    target = tmp_path / "lopburi-jpt-2562"
    shutil.copytree(REFERENCE_CONFIG.parent, target)
    shutil.copytree(REPO / "config" / "data", tmp_path / "data")  # the configs name ../data
    return target


@pytest.fixture(scope="session")
def fontconfig_file(tmp_path_factory) -> Path:
    """A fontconfig set-up in which "TH SarabunPSK" resolves to docgen's
    metric-compatible font, as it resolves to the real font on an office PC."""
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{FONT_DIR}</dir>
  <cachedir>{folder / "cache"}</cachedir>
  <match target="pattern">
    <test qual="any" name="family"><string>TH SarabunPSK</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Laksaman Sarabun Metric</string></edit>
  </match>
</fontconfig>
""",
        encoding="utf-8",
    )
    return conf


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise AssertionError("LibreOffice is required for this test: run `make test` (it installs libreoffice-writer-nogui)")
    return path


def env_with(**values) -> dict[str, str]:
    env = dict(os.environ)
    env.update({k: str(v) for k, v in values.items()})
    return env


def edit(path: Path, *replacements: tuple[str, str]) -> Path:
    """Replace each ``old`` text of ``path`` (which must hold it) with ``new``, once."""
    text = path.read_text("utf-8")
    for old, new in replacements:
        assert old in text, f"{old!r} not in {path.name}"
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    return path


def libreoffice_pdf(docx: bytes, name: str, folder: Path, fontconfig_file: Path) -> Path:
    """``docx`` as LibreOffice lays it out: written to ``folder/name.docx``,
    converted headless (a private profile, the given fonts), ``folder/name.pdf``."""
    source = folder / f"{name}.docx"
    source.write_bytes(docx)
    subprocess.run(
        [soffice(), "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=300, env=env_with(FONTCONFIG_FILE=fontconfig_file),
    )
    return folder / f"{name}.pdf"


@contextmanager
def without_patch(module):
    """``render_pdf`` without one of docgen's patches of WeasyPrint or pydyf
    (``module``: ``docgen.writers.pdf_images`` ...), which it installs again on
    every call; the patch is back afterwards."""
    install = module.install
    module.uninstall()
    module.install = lambda: None
    try:
        yield
    finally:
        module.install = install
        install()


def certification_and_circular() -> list:
    """Two reference documents as models: a certification and the circular
    (two pages, two fonts), for the tests of docgen's patches of WeasyPrint."""
    from docgen import pipeline

    return [pipeline.documents(REFERENCE_CONFIG.parent / name)[0][1]
            for name in ("certification-lao.yaml", "circular.yaml")]


def assert_same_bytes_as_without(module, *pages) -> None:
    """The two reference documents, and ``pages`` (functions that each write a
    PDF), come out byte for byte the same with the patch ``module`` twice (the
    second time from whatever the first left in its memos) and once without it."""
    from docgen.writers.pdf import render_pdf

    documents = certification_and_circular()

    def every_pdf() -> list[bytes]:
        return [render_pdf(document).data for document in documents] + [page() for page in pages]

    first, again = every_pdf(), every_pdf()
    with without_patch(module):
        alone = every_pdf()
    assert first == again == alone


def record_calls(monkeypatch, owner, name: str) -> list:
    """Wrap ``owner.name`` (a function of a module, or a method or static
    method of a class) so that each call's arguments are appended to the
    list returned; the wrapped function still runs."""
    calls: list = []
    original = getattr(owner, name)

    def recording(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    static = isinstance(inspect.getattr_static(owner, name), staticmethod)
    monkeypatch.setattr(owner, name, staticmethod(recording) if static else recording)
    return calls
