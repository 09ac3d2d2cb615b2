"""Tests for docgen.writers.pdf_textlayer (WeasyPrint 70 Thai ToUnicode repair).

Every string is drawn on its own line and must come back exactly from
pdftotext, pypdf and pdfplumber; pages must not change by a single pixel.

pdfplumber note: pdfminer decodes the empty mappings of zero-width glyphs
(``<xxxx> <>``) to chars with empty text, which is right, but pdfplumber's
``extract_text`` treats an empty char as punctuation (``'' in
split_at_punctuation`` is always true) and surrounds it with spaces. No
ToUnicode map can avoid empty mappings (ดำ is two glyphs for one character;
unmapped codes come out as "(cid:N)"), so the empty chars are filtered out
before calling ``extract_text``.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
import weasyprint
from fontTools.ttLib import TTFont
from weasyprint.text.fonts import FontConfiguration

from docgen.writers import pdf_textlayer

# Debian's Laksaman, or the fonts docgen ships (derived from it) without it.
TLWG = Path('/usr/share/fonts/truetype/tlwg')
BUNDLED = Path(__file__).resolve().parent.parent / 'docgen' / 'fonts'
REGULAR_FONT, BOLD_FONT = (
    (TLWG / 'Laksaman.ttf', TLWG / 'Laksaman-Bold.ttf')
    if (TLWG / 'Laksaman.ttf').exists() and (TLWG / 'Laksaman-Bold.ttf').exists()
    else (BUNDLED / 'LaksamanSarabunMetric-Regular.ttf',
          BUNDLED / 'LaksamanSarabunMetric-Bold.ttf'))
pytestmark = pytest.mark.skipif(
    not shutil.which('pdftotext'), reason='needs pdftotext (poppler-utils)')

REGULAR = [
    'ดำเนินการ',
    'น้ำ',
    'ทำงาน',
    'ที่อยู่',
    'กำหนด',
    'คำรับรองคุณภาพข้อมูล',
    'ผู้ว่าราชการจังหวัดลพบุรี',
    'ปฏิบัติราชการแทน',
    'ขอแสดงความนับถือ',
    '๑๖ ตุลาคม ๒๕๖๑',
    'น้ำใจ ทำนา ตำบล',
    'กชช.๒ค',
    'ติดต่อเจ้าหน้าที่ได้ที่ panaisrs99@gmail.com หรือโทร ๐ ๓๖๔๑ ๑๒๓๔',
    'ทำนุบำรุงศาสนา และจำนำสิ่งของ',
    'สำนักงานปลัดกระทรวงมหาดไทย',
    'กรุณาแจ้งผลการดำเนินงานภายในวันที่ ๓๐ กันยายน',
    'ได้รับหนังสือที่ มท ๐๘๐๘.๒/ว ๑๒๓ ลงวันที่ ๑ มกราคม ๒๕๖๗',
]
BOLD = [
    'ดำเนินการ',
    'น้ำท่วม ทำนบ ตำรวจ',
    'เรื่อง ขออนุมัติเดินทางไปราชการ',
    'เรียน ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา',
]
LINES = REGULAR + BOLD
KNOWN_BAD = ['ดำเนินการ', 'น้ำ', 'ทำงาน', 'ที่อยู่', 'คำรับรองคุณภาพข้อมูล']


def make_css(font_config, extra=''):
    return weasyprint.CSS(string=f'''
        @font-face {{ font-family: TextLayerThai; font-weight: normal;
                      src: url({REGULAR_FONT.as_uri()}) }}
        @font-face {{ font-family: TextLayerThai; font-weight: bold;
                      src: url({BOLD_FONT.as_uri()}) }}
        @page {{ size: 420mm 420mm; margin: 10mm }}
        body {{ font-family: TextLayerThai; font-size: 16pt }}
        p {{ margin: 0 0 4pt; white-space: nowrap }}
        {extra}''', font_config=font_config)


def render(regular=REGULAR, bold=BOLD, patched=True, css='', **options):
    """Render one paragraph per string, the same way with or without the patch."""
    was_installed = pdf_textlayer.installed()
    pdf_textlayer.install() if patched else pdf_textlayer.uninstall()
    try:
        html = ''.join(f'<p>{text}</p>' for text in regular)
        html += ''.join(f'<p><b>{text}</b></p>' for text in bold)
        font_config = FontConfiguration()
        return weasyprint.HTML(string=html).write_pdf(
            stylesheets=[make_css(font_config, css)], font_config=font_config,
            **options)
    finally:
        pdf_textlayer.install() if was_installed else pdf_textlayer.uninstall()


def lines_of(text):
    return [' '.join(line.split()) for line in text.splitlines() if line.strip()]


def with_pdftotext(pdf, tmp_path):
    path = tmp_path / 'doc.pdf'
    path.write_bytes(pdf)
    result = subprocess.run(
        ['pdftotext', '-layout', '-enc', 'UTF-8', str(path), '-'],
        capture_output=True, check=True)
    return lines_of(result.stdout.decode())


def with_pypdf(pdf, tmp_path):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return lines_of('\n'.join(page.extract_text() for page in reader.pages))


def with_pdfplumber(pdf, tmp_path):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return lines_of('\n'.join(
            page.filter(lambda obj: obj.get('text') != '').extract_text()
            for page in document.pages))


EXTRACTORS = [with_pdftotext, with_pypdf, with_pdfplumber]


def bitmaps(pdf, dpi=100):
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            page.render(scale=dpi / 72).to_pil().tobytes() for page in document]
    finally:
        document.close()


def embedded_fonts(pdf):
    fonts = []
    resources = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]['/Resources']
    for font in resources['/Font'].values():
        descendant = font.get_object()['/DescendantFonts'][0].get_object()
        fonts.append(descendant['/FontDescriptor']['/FontFile2'].get_data())
    return sorted(fonts)


@pytest.fixture(scope='module')
def patched_pdf():
    return render(patched=True)


@pytest.fixture(scope='module')
def original_pdf():
    return render(patched=False)


@pytest.fixture(autouse=True)
def _keep_install_state():
    """Leave the patch as found: docgen.writers.pdf installs it for the suite."""
    was_installed = pdf_textlayer.installed()
    yield
    pdf_textlayer.install() if was_installed else pdf_textlayer.uninstall()


def test_enough_strings_and_the_right_fonts(patched_pdf):
    assert len(LINES) >= 18
    # Fonts that fail to load fall back silently: check the embedded ones.
    expected = {TTFont(path)['head'].unitsPerEm for path in (REGULAR_FONT, BOLD_FONT)}
    embedded = embedded_fonts(patched_pdf)
    assert len(embedded) == 2
    assert {TTFont(io.BytesIO(data))['head'].unitsPerEm for data in embedded} == expected


@pytest.mark.parametrize('extract', EXTRACTORS)
def test_patched_text_is_exact(patched_pdf, extract, tmp_path):
    assert extract(patched_pdf, tmp_path) == LINES


@pytest.mark.parametrize('extract', EXTRACTORS)
def test_no_private_use_characters(patched_pdf, extract, tmp_path):
    text = ''.join(extract(patched_pdf, tmp_path))
    assert not [char for char in text if 0xE000 <= ord(char) <= 0xF8FF]


@pytest.mark.parametrize('extract', EXTRACTORS)
def test_bug_exists_without_patch(original_pdf, extract, tmp_path):
    lines = extract(original_pdf, tmp_path)
    assert any(bad not in lines for bad in KNOWN_BAD), lines


def test_pages_are_pixel_identical(patched_pdf, original_pdf):
    assert patched_pdf != original_pdf  # The text layer did change...
    assert bitmaps(patched_pdf) == bitmaps(original_pdf)  # ...the pages did not.


def test_embedded_fonts_are_unchanged(patched_pdf, original_pdf):
    assert embedded_fonts(patched_pdf) == embedded_fonts(original_pdf)


def test_cid_to_gid_map_replaces_identity(patched_pdf):
    reader = pypdf.PdfReader(io.BytesIO(patched_pdf))
    for font in reader.pages[0]['/Resources']['/Font'].values():
        descendant = font.get_object()['/DescendantFonts'][0].get_object()
        assert descendant['/CIDToGIDMap'] != '/Identity'
        cid_to_gid = descendant['/CIDToGIDMap'].get_object().get_data()
        assert len(cid_to_gid) % 2 == 0
        # CIDs below the glyph count are the glyph ids themselves.
        assert cid_to_gid[:200] == b''.join(i.to_bytes(2, 'big') for i in range(100))


@pytest.mark.parametrize('full_fonts', [False, True])
def test_latin_output_is_byte_identical(full_fonts):
    latin = ['Hello, world', 'panaisrs99@gmail.com', 'Tab\tand\u00a0nbsp, 1/2 = 0.5']
    assert (render(latin, ['Bold'], patched=True, full_fonts=full_fonts) ==
            render(latin, ['Bold'], patched=False, full_fonts=full_fonts))


@pytest.mark.parametrize('extract', EXTRACTORS)
def test_full_fonts(extract, tmp_path):
    pdf = render(patched=True, full_fonts=True)
    assert extract(pdf, tmp_path) == LINES
    assert bitmaps(pdf) == bitmaps(render(patched=False, full_fonts=True))


def test_missing_glyph_does_not_collide_with_aliases(tmp_path):
    # U+E000 is in no installed font: WeasyPrint draws .notdef with a code
    # allocated above the glyph count, like the aliases, and then encodes text
    # with its own CMap instead of Identity-H. pypdf and pdfplumber cannot read
    # that CMap, with or without the patch: only pdftotext is checked.
    regular = ['ดำเนินการ', 'ก\ue000ข', 'ทำงาน น้ำ', 'ค\ue001ง']
    pdf = render(regular, [], patched=True)
    assert with_pdftotext(pdf, tmp_path) == regular
    assert bitmaps(pdf) == bitmaps(render(regular, [], patched=False))


def test_letter_and_word_spacing(tmp_path):
    css = 'p { letter-spacing: 0.8pt; word-spacing: 3pt }'
    pdf = render(patched=True, css=css)
    assert bitmaps(pdf) == bitmaps(render(patched=False, css=css))
    assert with_pypdf(pdf, tmp_path) == LINES
    assert with_pdfplumber(pdf, tmp_path) == LINES
    # pdftotext's word splitting measures gaps from the previous glyph, even
    # when it has no text: a mark moved left, then letter-spacing, can look
    # like a space ("เรื่ อง" in bold, with or without the patch).
    unspaced = [''.join(line.split()) for line in with_pdftotext(pdf, tmp_path)]
    assert unspaced == [''.join(line.split()) for line in LINES]


@pytest.mark.parametrize('extract', EXTRACTORS)
def test_svg_text(extract, tmp_path):
    svg = ('<svg width="800" height="40"><text x="0" y="30" '
           'font-family="TextLayerThai" font-size="20">{}</text></svg>')
    regular = [svg.format(text) for text in ('ดำเนินการ น้ำ', 'ทำงาน ตำบล')]
    pdf = render(regular, [], patched=True)
    assert extract(pdf, tmp_path) == ['ดำเนินการ น้ำ', 'ทำงาน ตำบล']
    assert bitmaps(pdf) == bitmaps(render(regular, [], patched=False))


@pytest.mark.parametrize('extract', EXTRACTORS)
def test_text_overflow_ellipsis(extract, tmp_path):
    # overflow: hidden + text-overflow: ellipsis sends every line of the box
    # through draw_first_line's ellipsis path. The "…" glyph keeps
    # WeasyPrint's text (the elided text), the rest of the line is repaired.
    regular = ['ดำเนินการ ' * 8, 'น้ำ ทำงาน', 'คำรับรองคุณภาพข้อมูล']
    css = 'p { overflow: hidden; text-overflow: ellipsis; width: 80mm }'
    pdf = render(regular, [], patched=True, css=css)
    lines = extract(pdf, tmp_path)
    assert lines[0].startswith('ดำเนินการ ดำเนินการ ดำเนินการ')
    assert lines[1:] == regular[1:]
    assert bitmaps(pdf) == bitmaps(render(regular, [], patched=False, css=css))


def test_line_clamp_falls_back_to_original():
    regular = ['ดำเนินการ ' * 20, 'น้ำ ทำงาน']
    css = 'p { overflow: hidden; line-clamp: 2; width: 80mm; white-space: normal }'
    pdf = render(regular, [], patched=True, css=css)
    assert bitmaps(pdf) == bitmaps(render(regular, [], patched=False, css=css))
    assert with_pypdf(pdf, None)[-1] == 'น้ำ ทำงาน'


@pytest.mark.parametrize('extract', EXTRACTORS)
def test_runs_kept_from_other_documents_give_the_same_pdf(extract, tmp_path):
    """Runs are worked out once per process: a document whose lines were drawn
    before (in another document, another order, another size) is written as
    if they were new, and reads right."""
    pdf_textlayer._RUNS.clear()
    fresh = render(patched=True)
    render(list(reversed(REGULAR)), BOLD[:2], patched=True)
    render(REGULAR, [], patched=True, css='body { font-size: 20pt }')
    assert pdf_textlayer._RUNS
    assert render(patched=True) == fresh
    pdf_textlayer._RUNS.clear()
    mixed = ['ดำเนินการ น้ำ', 'น้ำ ดำเนินการ', 'ดำเนินการ น้ำ']
    first = render(mixed, [], patched=True)
    assert extract(first, tmp_path) == mixed
    assert render(mixed, [], patched=True) == first


def test_a_document_drawn_again_finds_all_its_runs():
    """The runs' keys are what decides their texts, and only that: drawing a
    document again adds nothing, so a batch's memory stays flat."""
    pdf_textlayer._RUNS.clear()
    for _ in range(2):
        render(patched=True)
        render(patched=True, css='p { text-align: justify; width: 30mm; white-space: normal }')
    kept = len(pdf_textlayer._RUNS)
    for _ in range(3):
        render(patched=True)
        render(patched=True, css='p { text-align: justify; width: 30mm; white-space: normal }')
    assert len(pdf_textlayer._RUNS) == kept


FAST_CASES = {
    'plain': '',
    'spacing': 'p { letter-spacing: 0.8pt; word-spacing: 3pt }',
    'justified': 'p { text-align: justify; width: 45mm; white-space: normal }',
    'sizes': 'p { font-size: 19pt } b { font-size: 11pt }',
}
MORE = [
    'ภาษา\u200bไทย ไม่\u200bมี\u200bช่องว่าง',  # zero-width spaces: empty glyphs
    'Latin, ไทย and ๑๒๓ on one line',
    'ก\ue000ข ดำเนินการ',  # a missing glyph: the line is left to WeasyPrint
]


@pytest.mark.parametrize('css', FAST_CASES.values(), ids=FAST_CASES)
def test_fast_drawing_writes_the_same_bytes(monkeypatch, css):
    """Lines drawn from raw glyph arrays, with glyph lists kept from earlier
    documents, give the same PDF byte for byte as codes written into Pango's
    glyphs and drawn by WeasyPrint; and most lines take the fast way."""
    regular = REGULAR + MORE
    drawn = []
    fast_draw = pdf_textlayer._draw_fast
    monkeypatch.setattr(pdf_textlayer, '_draw_fast', lambda *a, **k: drawn.append(fast_draw(*a, **k)) or drawn[-1])
    monkeypatch.setattr(pdf_textlayer, 'FAST_DRAWING', False)
    slow = render(regular, BOLD, css=css)
    assert not drawn
    monkeypatch.setattr(pdf_textlayer, 'FAST_DRAWING', True)
    render(list(reversed(regular)), BOLD[:1], css='body { font-size: 13pt }')
    assert render(regular, BOLD, css=css) == slow
    assert drawn.count(True) > len(drawn) / 2 and False in drawn


def test_install_twice_is_harmless():
    from weasyprint.draw import text
    from weasyprint.pdf import fonts
    pdf_textlayer.uninstall()
    originals = (text.draw_first_line, fonts.Font.get_unused_glyph_id,
                 fonts.Font.clean, fonts._build_vector_font_dictionary)
    pdf_textlayer.install()
    once = (text.draw_first_line, fonts.Font.clean)
    pdf_textlayer.install()
    assert pdf_textlayer.installed()
    assert (text.draw_first_line, fonts.Font.clean) == once  # Not wrapped twice.
    pdf = render(['ดำเนินการ น้ำ'], [], patched=True)
    assert with_pypdf(pdf, None) == ['ดำเนินการ น้ำ']
    pdf_textlayer.uninstall()  # One uninstall restores the originals...
    assert not pdf_textlayer.installed()
    assert (text.draw_first_line, fonts.Font.get_unused_glyph_id,
            fonts.Font.clean, fonts._build_vector_font_dictionary) == originals
    pdf_textlayer.uninstall()  # ...and another one does nothing.
    assert not pdf_textlayer.installed()
