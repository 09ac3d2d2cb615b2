"""Each PDF object is serialised once per write, and the file is what pydyf writes without that."""

from __future__ import annotations

import io
import zlib

import pydyf
import pypdf
import pytest

from docgen.pipeline import build
from docgen.writers import pdf_identifier
from docgen.writers.pdf import render_pdf
from tests.conftest import REFERENCE_CONFIG, without_patch


@pytest.fixture()
def deflations(monkeypatch):
    """How many times pydyf deflates a stream."""
    calls = []
    original = zlib.compressobj

    def counting(*args, **kwargs):
        calls.append(kwargs.get("level"))
        return original(*args, **kwargs)

    monkeypatch.setattr(pydyf.zlib, "compressobj", counting)
    return calls


def _streams(data: bytes) -> int:
    """Streams in the file, with the object stream and cross-reference stream
    that pydyf makes inside the write."""
    return data.count(b"endstream")


def test_each_stream_is_deflated_once_per_write(deflations):
    document = build(REFERENCE_CONFIG)
    render_pdf(document)
    deflations.clear()
    data = render_pdf(document).data
    # Every stream once (the object stream, made inside the write, is serialised again).
    assert len(deflations) <= _streams(data)
    trailer = pypdf.PdfReader(io.BytesIO(data)).trailer
    assert len(trailer["/ID"]) == 2 and str(trailer["/ID"][0]) == "docgen"


def test_without_it_pydyf_deflates_every_stream_twice(deflations):
    """What the module is for: pydyf serialises every object again for the identifier."""
    document = build(REFERENCE_CONFIG)
    with without_patch(pdf_identifier):
        deflations.clear()
        data = render_pdf(document).data
    assert len(deflations) >= 2 * (_streams(data) - 2)


def test_the_bytes_are_those_of_pydyf_alone():
    document = build(REFERENCE_CONFIG)
    patched = render_pdf(document).data, render_pdf(document, "pdf/a-3b").data
    with without_patch(pdf_identifier):
        plain = render_pdf(document).data, render_pdf(document, "pdf/a-3b").data
        assert not pdf_identifier.installed()
    assert patched == plain


def test_objects_are_released_after_the_write():
    """An object changed after one write is written as changed by the next."""
    pdf_identifier.install()
    pdf = pydyf.PDF()
    stream = pydyf.Stream([b"BT ET"])
    pdf.add_object(stream)
    first = io.BytesIO()
    pdf.write(first, identifier=True)
    assert "_docgen_data" not in stream.__dict__
    stream.stream.append(b"q Q")
    assert b"q Q" in stream.data


def test_install_is_idempotent_and_undone():
    pdf_identifier.install()
    write = pydyf.PDF.write
    pdf_identifier.install()
    assert pydyf.PDF.write is write
    pdf_identifier.uninstall()
    try:
        assert not pdf_identifier.installed()
        assert pydyf.Stream.__dict__["data"].fget.__qualname__ == "Stream.data"  # pydyf's own
    finally:
        pdf_identifier.install()
