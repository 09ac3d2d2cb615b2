"""Font subsets and deflated streams are made once per process, and the PDFs
are the bytes WeasyPrint and pydyf write when they make them every time."""

from __future__ import annotations

import zlib

import pytest
from fontTools.ttLib import TTFont
from weasyprint import CSS, HTML
from weasyprint.pdf.fonts import Font

from docgen import fonts
from docgen.writers import pdf_reuse, pdf_textlayer
from docgen.writers.pdf import _font_config, render_pdf
from tests.conftest import assert_same_bytes_as_without, certification_and_circular, record_calls, without_patch

TEXT = "คำรับรองคุณภาพข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี ๒๕๖๒ น้ำสุด บ้านหมี่"


@pytest.fixture()
def deflated(monkeypatch):
    """The lengths of the streams zlib deflates (memo or not)."""
    lengths: list[int] = []
    real = zlib.compressobj

    class Recording:
        def __init__(self, *args, **kwargs):
            self._compressor = real(*args, **kwargs)

        def compress(self, data):
            lengths.append(len(data))
            return self._compressor.compress(data)

        def flush(self, *mode):
            return self._compressor.flush(*mode)

    monkeypatch.setattr(zlib, "compressobj", Recording)
    return lengths


def test_documents_are_byte_identical():
    pdf_reuse.clear()
    assert_same_bytes_as_without(pdf_reuse)


def test_a_second_document_with_the_same_glyphs_subsets_no_font(monkeypatch):
    document = certification_and_circular()[0]
    subsets = record_calls(monkeypatch, Font, "_harfbuzz_subset")
    render_pdf(document)
    subsets.clear()
    render_pdf(document)
    assert subsets == []
    with without_patch(pdf_reuse):
        render_pdf(document)
        assert len(subsets) == 2, "WeasyPrint subsets the regular and the bold font again"


def test_a_second_document_makes_no_pdf_font_and_works_out_no_font_key(monkeypatch):
    from weasyprint.pdf import stream

    document = certification_and_circular()[0]
    render_pdf(document)
    made = record_calls(monkeypatch, Font, "__init__")
    keys = record_calls(monkeypatch, stream, "get_pango_font_key")
    render_pdf(document)
    assert made == [] and keys == []
    with without_patch(pdf_reuse):
        render_pdf(document)
    assert len(made) == 2, "WeasyPrint makes the regular and the bold font again"
    assert len(keys) > 20, "and works out a font's key for every run of text"


def test_each_document_draws_into_fonts_of_its_own():
    """What drawing adds to a font (widths, texts, missing glyphs) stays in its document."""
    from weasyprint import HTML

    pdf_reuse.clear()
    first = HTML(string="<p>ก ข \ue000</p>").render(font_config=_font_config())  # U+E000: no glyph
    second = HTML(string="<p>ค</p>").render(font_config=_font_config())
    first.write_pdf(), second.write_pdf()
    font_one = next(font for font in first.fonts.values() if "ก" in font.to_unicode.values())
    font_two = next(font for font in second.fonts.values() if "ค" in font.to_unicode.values())
    assert font_one is not font_two
    assert set(font_two.to_unicode.values()) == {"ค"}
    assert any(font.missing for font in first.fonts.values())
    assert not any(font.missing for font in second.fonts.values())


def test_a_second_document_deflates_only_its_small_streams_again(deflated):
    document = certification_and_circular()[0]
    render_pdf(document)
    deflated.clear()
    render_pdf(document)
    assert deflated and max(deflated) < pdf_reuse.MIN_DEFLATE_MEMO
    with without_patch(pdf_reuse):
        deflated.clear()
        render_pdf(document)
        assert max(deflated) > 5000, "pydyf deflates the fonts again"


def _sheet(font_file) -> CSS:
    family = f"Reuse{font_file.stem.replace('-', '')}"
    return CSS(string=f"""
        @font-face {{ font-family: {family}; src: url({font_file.as_uri()}) }}
        body {{ font-family: {family}; font-size: 16pt }}""", font_config=_font_config())


def _pdf(font_file) -> bytes:
    pdf_textlayer.install()
    return HTML(string=f"<p>{TEXT}</p>").write_pdf(
        stylesheets=[_sheet(font_file)], font_config=_font_config())


def test_the_same_glyphs_of_another_font_file_get_their_own_subset(tmp_path):
    """A copy of the regular font under another name has the same glyph ids:
    its subset is keyed by its own bytes, not the glyph ids alone."""
    copy = TTFont(fonts.REGULAR)
    for record in copy["name"].names:
        if record.nameID in (1, 4, 6):
            record.string = "Reuse Copy"
    copy.save(tmp_path / "ReuseCopy.ttf")
    pdf_reuse.install()
    with_memo = [_pdf(fonts.REGULAR), _pdf(tmp_path / "ReuseCopy.ttf")]
    with without_patch(pdf_reuse):
        alone = [_pdf(fonts.REGULAR), _pdf(tmp_path / "ReuseCopy.ttf")]
    assert with_memo == alone
    assert _font_stream(alone[0]) != _font_stream(alone[1]), "the copy embeds its own name table"


def _font_stream(pdf: bytes) -> bytes:
    """The deflated bytes of the embedded font file (the stream with /Length1)."""
    start = pdf.index(b"stream\n", pdf.index(b"/Length1")) + len(b"stream\n")
    return pdf[start:pdf.index(b"\nendstream", start)]


def test_the_deflater_returns_what_zlib_returns_for_each_level():
    data = TEXT.encode() * 100
    for level in (1, 9):
        memo = pdf_reuse._Compressor(level=level)
        assert memo.compress(data[:1000]) + memo.compress(data[1000:]) == b""
        assert memo.flush() == zlib.compress(data, level)
        again = pdf_reuse._Compressor(level=level)
        again.compress(data)
        assert again.flush() == zlib.compress(data, level)


def test_the_memos_are_bounded():
    pdf_reuse.clear()
    for number in range(300):
        compressor = pdf_reuse._Compressor(level=9)
        compressor.compress(number.to_bytes(4, "big") * 500)
        compressor.flush()
    assert pdf_reuse._deflate_remembered.cache_info().currsize == pdf_reuse._MAX_DEFLATED
    for number in range(20):
        pdf_reuse._file_number(bytes([number]) * 100)
    assert len(pdf_reuse._files) <= pdf_reuse._MAX_FILES
    pdf_reuse.clear()


def test_install_is_idempotent_and_uninstall_restores():
    import pydyf

    pdf_reuse.install()
    pdf_reuse.install()
    assert pdf_reuse.installed() and pydyf.zlib is pdf_reuse._Zlib
    pdf_reuse.uninstall()
    assert not pdf_reuse.installed()
    assert Font.subset is pdf_reuse._original_subset and pydyf.zlib is zlib
    pdf_reuse.install()
