"""The emblem is encoded once per process, and the PDFs are what WeasyPrint writes without that."""

from __future__ import annotations

import io

import pypdf
import pytest
from weasyprint.images import RasterImage

from docgen.pipeline import build
from docgen.writers import pdf_images
from docgen.writers.pdf import render_pdf
from tests.conftest import REFERENCE_CONFIG, without_patch


@pytest.fixture()
def encodings(monkeypatch):
    """Count the PNG encodings WeasyPrint makes."""
    calls = []
    original = RasterImage._get_png_data

    def counting(image):
        calls.append(image.mode)
        return original(image)

    monkeypatch.setattr(RasterImage, "_get_png_data", staticmethod(counting))
    return calls


def test_a_second_pdf_reuses_the_encoded_emblem(encodings):
    document = build(REFERENCE_CONFIG)
    render_pdf(document)
    encodings.clear()
    second = render_pdf(document).data
    assert encodings == []
    page = pypdf.PdfReader(io.BytesIO(second)).pages[0]
    images = [obj.get_object() for obj in page["/Resources"]["/XObject"].values()]
    assert [image["/Subtype"] for image in images] == ["/Image"], "the Garuda is on page 1"


def test_the_bytes_are_those_of_weasyprint_alone(encodings):
    document = build(REFERENCE_CONFIG)
    render_pdf(document)
    patched = render_pdf(document).data
    with without_patch(pdf_images):
        encodings.clear()
        plain = render_pdf(document).data
        assert encodings, "WeasyPrint alone encodes the emblem for each PDF"
    assert patched == plain
