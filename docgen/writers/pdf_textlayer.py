"""Repair of the PDF text layer that WeasyPrint 70.0 writes for Thai.

The bug
    Text copied or extracted from a WeasyPrint 70 PDF is garbled for Thai:
    ``ดำเนินการ`` comes out as ``ดำเนินกำร``, ``น้ำ`` as ``นำ``, ``ทำงาน`` as
    ``ทำงำน``. The pages *look* right; only the ToUnicode map is wrong.
    Upstream: https://github.com/Kozea/WeasyPrint/issues/2841 (open; the fix
    proposed in PR #2869 was closed unmerged).

The cause
    ``weasyprint.draw.text.draw_first_line`` writes glyph ids as character
    codes and keeps ONE text per glyph id (``font.to_unicode[glyph_id]``), set
    by the first cluster drawing it. HarfBuzz shapes SARA AM (U+0E33) as two
    glyphs, NIKHAHIT + SARA AA, in one cluster (in ``น้ำ`` the tone mark joins
    it), so the SARA AA glyph is remembered as "ำ" for the rest of the
    document, and the other glyphs of the cluster get no text at all.

The repair
    Each distinct (glyph, text) pair gets its own character code (CID). The
    first text seen for a glyph uses the glyph id; another text for the same
    glyph gets an *alias* CID above ``font.glyph_count``, drawn with the real
    glyph through a ``/CIDToGIDMap`` stream (instead of ``/Identity``), with
    the real glyph's width in ``/W``. A cluster's text goes on its first glyph
    with a non-zero advance, its other glyphs map to empty text, and clusters
    made only of zero-width marks are folded into the preceding cluster. Font
    subsetting gets the real glyph ids: embedded fonts and pages are unchanged
    (the font side is :mod:`pdf_textlayer_fonts`). Which glyph of a run
    carries which text is worked out once per process (a batch draws the
    same title and signature lines in every document).

    Lines are then drawn by :func:`_draw_fast`, which writes the operators
    draw_first_line would write with those codes, to the byte, reading the
    glyphs from Pango's arrays at once instead of one cffi access at a time
    (:mod:`pdf_runs`, which keeps a line's runs for the next document to
    draw it), and keeping each run's glyph list.  It also widens
    the spaces of a justified line drawn from the layout it was measured
    with (``pdf_shaping`` leaves that to it), as Pango lays them out when
    WeasyPrint gives them a letter spacing, so the line is not shaped again.
    Lines it does not handle (missing glyphs, text rise, the unsupported
    cases below) get their codes written into Pango's glyphs and are drawn
    by WeasyPrint.

    Left to WeasyPrint (not repaired): lines with ``block-ellipsis`` (as
    with ``line-clamp``), the "…" of ``text-overflow: ellipsis``, right-to-left
    runs, clusters with invisible or missing glyphs, bitmap and colour fonts,
    CFF-based OpenType fonts (``CIDFontType0`` has no ``/CIDToGIDMap``).

Example::

    import weasyprint
    from docgen.writers import pdf_textlayer

    pdf_textlayer.install()  # Idempotent, patches WeasyPrint in this process.
    pdf = weasyprint.HTML(string='<p>ดำเนินการ น้ำ</p>').write_pdf()
    # pdftotext, pypdf and pdfminer now read "ดำเนินการ น้ำ", not "ดำเนินกำร นำ".
    # pdfplumber's extract_text() puts spaces around chars with empty text:
    # page.filter(lambda obj: obj.get('text') != '').extract_text() avoids it.
"""

import sys
from array import array
from functools import lru_cache

from weasyprint.draw import text as _draw_text
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango

from docgen.writers import pdf_runs, pdf_shaping, pdf_spaces, pdf_textlayer_fonts, pinned
from docgen.writers.pdf_runs import GLYPH, STRIDE, WIDTH, X_OFFSET, Y_OFFSET
from docgen.writers.pdf_shaping import PARAGRAPH_SEPARATORS

__all__ = ['WEASYPRINT_VERSION', 'install', 'uninstall', 'installed']

WEASYPRINT_VERSION = pinned.WEASYPRINT

_EMPTY, _UNKNOWN = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
_IS_ELLIPSIS = 1 << 1  # PANGO_ANALYSIS_FLAG_IS_ELLIPSIS
_rect = ffi.new('PangoRectangle *')
_SCALE = 1000 * FROM_UNITS  # Pango units to thousandths of an em, times the font size
FAST_DRAWING = True  # False: codes written into Pango's glyphs, drawn by WeasyPrint
_RUNS = {}  # (font, size, glyphs, log clusters, text) -> _glyph_texts() of that run
_MAX_RUNS = 2048  # a few MB; most hits are the lines every document shares
_originals = {}


def _advance(font, gid, pango_font, font_size):
    """Return the advance of ``gid`` in font.widths, as draw_first_line does.

    Pango's geometry.width includes letter-spacing, even for zero-width marks.
    """
    if gid >= _EMPTY:  # Invisible, or missing (_UNKNOWN is above _EMPTY).
        return 0
    if gid not in font.widths:
        pango.pango_font_get_glyph_extents(pango_font, gid, ffi.NULL, _rect)
        font.widths[gid] = round(_rect.width * 1000 * FROM_UNITS / font_size)
    return font.widths[gid]


def _code_for(font, gid, text, pango_font, font_size):
    """Return the character code drawing glyph ``gid`` with ``text``."""
    if font.to_unicode.setdefault(gid, text) == text:
        return gid  # draw_first_line keeps this entry, it never overwrites.
    aliases = font.__dict__.setdefault(pdf_textlayer_fonts.ALIASES, {})
    if (gid, text) not in aliases:
        if (cid := pdf_textlayer_fonts.next_free_code(font)) > pdf_textlayer_fonts.MAX_CODE:
            return gid  # No code left: WeasyPrint's behaviour.
        aliases[gid, text] = cid
        font.to_unicode[cid] = text
        # draw_first_line would ask Pango for the width of the alias.
        font.widths[cid] = _advance(font, gid, pango_font, font_size)
    return aliases[gid, text]


def _clusters(offset, length, gids, widths, log_clusters, utf8):
    """Return ``[text, start, end, carrier]`` glyph indexes per cluster.

    Glyphs of a cluster are consecutive and share their log_clusters value,
    the byte offset of the cluster text in the run's text (``length`` bytes
    from ``offset`` in ``utf8``). In a left-to-right run, clusters are in
    logical order. A cluster with invisible or missing glyphs gets ``None``
    as text: it is left to draw_first_line.
    """
    count = len(gids)
    starts = [
        i for i in range(count) if not i or log_clusters[i] != log_clusters[i - 1]]
    result = []
    for start, end in zip(starts, starts[1:] + [count]):
        text = utf8[offset + log_clusters[start]:offset + (
            log_clusters[end] if end < count else length)].decode()
        if end - start == 1:  # most clusters: the same steps as below, for one glyph
            if gids[start] >= _EMPTY:
                result.append([None, start, end, None])
            elif widths[start] or not result or result[-1][0] is None:
                result.append([text, start, end, start])
            else:
                result[-1][0] += text
                result[-1][2] = end
            continue
        advances = widths[start:end]
        if max(gids[start:end]) >= _EMPTY:
            result.append([None, start, end, None])
        elif result and result[-1][0] is not None and not any(advances):
            result[-1][0] += text  # Only marks: fold into the previous cluster.
            result[-1][2] = end
        else:
            first_advance = next(filter(None, advances), None)
            carrier = start + (advances.index(first_advance) if first_advance else 0)
            result.append([text, start, end, carrier])
    return result


def _assign_codes(stream, textbox):
    """Write codes into the glyphs of the first line, return what to restore."""
    utf8 = textbox.pango_layout.text.encode()
    changed = []
    for run in _runs(stream, textbox):
        if run is None:
            continue
        run, font, font_size = run
        glyphs = run.glyph_item.glyphs.glyphs
        texts = _texts(run, font, font_size, run.glyphs[GLYPH::STRIDE].tobytes(), utf8)
        for i, gid, code in _other_codes(font, run.pango_font, font_size, texts):
            glyphs[i].glyph = code
            changed.append((glyphs[i], gid))
    return changed


def _other_codes(font, pango_font, font_size, texts):
    """Yield ``(index, glyph id, code)`` for the glyphs of a run (``texts``,
    from :func:`_texts`) that are drawn with a code other than their id."""
    setdefault = font.to_unicode.setdefault
    for i, gid, glyph_text in texts:
        if setdefault(gid, glyph_text) == glyph_text:
            continue  # Drawn with its id, its text set now or before (as _code_for does).
        if (code := _code_for(font, gid, glyph_text, pango_font, font_size)) != gid:
            yield i, gid, code


def _glyph_texts(font, font_size, run, gids, utf8):
    """Return ``((index, glyph id, text), ...)`` for the glyphs of a run whose
    text we set: a cluster's text on its carrier, empty text on its others."""
    gids = memoryview(gids).cast('I').tolist()
    clusters = memoryview(run.log_clusters).cast('i').tolist()
    known = font.widths  # _advance() of the glyphs it has seen, without the call
    widths = [known[gid] if gid in known else _advance(font, gid, run.pango_font, font_size) for gid in gids]
    return tuple(
        (i, gids[i], text if i == carrier else '')
        for text, start, end, carrier in _clusters(run.offset, run.length, gids, widths, clusters, utf8)
        if text is not None
        for i in range(start, end))


def _runs(stream, textbox, keep=False):
    """Yield ``(run, font, font_size)`` for each :class:`pdf_runs.Run` of the
    first line, or ``None`` in place of a run whose font or direction the
    repair leaves to WeasyPrint (``keep``: see :func:`pdf_runs.first_line`)."""
    for run in pdf_runs.first_line(textbox.pango_layout, keep):
        font, font_size = stream.add_font(run.pango_font)  # Cached by WeasyPrint.
        if (font.bitmap or font.png or font.svg or font.colr or font.type == 'otf' or
                run.level % 2 or (run.level >> 16) & _IS_ELLIPSIS):
            yield None  # Unsupported fonts, right-to-left runs, ellipsis ("…").
            continue
        if pango.pango_version() < 14802:  # Same workaround as draw_first_line.
            font_size = textbox.style['font_size']
        yield run, font, font_size


def _texts(run, font, font_size, gids, utf8):
    """``_glyph_texts()`` of a run, kept per process: which glyph gets which
    text depends only on the run (its font, glyphs and text), and a batch
    draws the same title and signature lines in every document."""
    key = (font.hash, font_size, gids, run.log_clusters, utf8[run.offset:run.offset + run.length])
    if (texts := _RUNS.get(key)) is None:
        texts = _glyph_texts(font, font_size, run, gids, utf8)
        if len(_RUNS) >= _MAX_RUNS:
            _RUNS.clear()
        _RUNS[key] = texts
    return texts


def _draw_fast(stream, textbox, matrix, spacing=None, keep=False):
    """Draw the first line as draw_first_line would after ``_assign_codes``,
    reading glyphs from raw arrays; return False, having drawn nothing, for
    lines it leaves to WeasyPrint: unsupported runs, missing glyphs (a
    warning and a fresh code), glyphs raised or lowered (text rise), and
    visible glyphs in a cluster with an invisible one (WeasyPrint's text).

    Codes are chosen run by run for the whole line, then drawn, as the slow
    way does: fonts learn their texts and widths in the same order, and the
    operators are the same to the byte (a test compares both ways).

    ``spacing``: the line's spaces are drawn widened by it, as Pango lays
    them out when justification sets it (see :mod:`pdf_spaces`), or False
    is returned if the line is not one whose widening is known.  ``keep``:
    the runs may be kept for the same line in later documents, or taken from
    an earlier one (see :func:`pdf_runs.first_line`).
    """
    utf8 = textbox.pango_layout.text.encode()
    if spacing is not None:
        spacing = int((textbox.style['word_spacing'] + spacing) * TO_UNITS)  # as Layout.set_text
        if not pdf_spaces.can_widen(utf8, spacing):
            return False
    runs = []
    for run in _runs(stream, textbox, keep):
        if run is None:
            return False
        run, font, font_size = run
        raw = run.glyphs
        gid_bytes = raw[GLYPH::STRIDE].tobytes()
        codes = memoryview(gid_bytes).cast('I').tolist()
        if any(raw[Y_OFFSET::STRIDE]) or max(codes, default=0) >= _UNKNOWN:  # flagged: all above it
            return False
        texts = _texts(run, font, font_size, gid_bytes, utf8)
        if len(texts) + codes.count(_EMPTY) != len(codes):
            return False  # The codes given so far are the ones _assign_codes gives.
        parts = None
        if spacing:
            parts = pdf_spaces.widened(
                run.offset, run.length, memoryview(run.log_clusters).cast('i'), raw[WIDTH::STRIDE],
                raw[X_OFFSET::STRIDE], {i: text for i, _, text in texts}, utf8, spacing)
            if parts is None:
                return False
        for i, _, code in _other_codes(font, run.pango_font, font_size, texts):
            codes[i] = code
        runs.append((run.pango_font, font, font_size, raw, codes, parts))
    stream.set_text_matrix(*matrix.values)
    previous_pango_font, string = None, []
    for pango_font, font, font_size, raw, codes, parts in runs:
        if pango_font != previous_pango_font:
            previous_pango_font = pango_font
            if string:
                stream.show_text(''.join(string))
            string = []
            stream.set_font_size(font.hash, font_size)
        widths = font.widths
        for code in codes:  # The widths draw_first_line asks Pango for, in its order.
            if code not in widths and code != _EMPTY:
                pango.pango_font_get_glyph_extents(
                    pango_font, code, stream.ink_rect, stream.logical_rect)
                widths[code] = round(stream.logical_rect.width * _SCALE / font_size)
        if parts is None:
            string.append(_glyph_list(
                font_size, tuple(codes), raw[WIDTH::STRIDE].tobytes(),
                raw[X_OFFSET::STRIDE].tobytes(), tuple(map(widths.get, codes))))
            continue
        logical_widths = tuple(map(widths.get, codes))
        for start, end, advances, x_offsets in parts:
            string.append(_glyph_list(
                font_size, tuple(codes[start:end]), array('i', advances).tobytes(),
                array('i', x_offsets).tobytes(), logical_widths[start:end]))
    stream.show_text(''.join(string))
    return True


@lru_cache(maxsize=2048)  # about 5 MB; most hits are the lines every document shares
def _glyph_list(font_size, codes, advances, x_offsets, logical_widths):
    """The ``<...>`` glyph list draw_first_line writes for a run, kerning
    included; the same run in another document costs a lookup."""
    advances, x_offsets = memoryview(advances).cast('i'), memoryview(x_offsets).cast('i')
    string = ['<']
    for code, width, x_offset, logical_width in zip(codes, advances, x_offsets, logical_widths):
        if code == _EMPTY:  # Zero-width empty glyph.
            string.append(f'>{-width / font_size}<')
            continue
        offset = x_offset / font_size
        if offset:
            string.append(f'>{-offset}<')
        string.append(f'{code:04x}')
        if kerning := logical_width + offset - width * _SCALE / font_size:
            string.append(f'>{int(kerning)}<')
    if string[-1].endswith('<'):  # Close the list, or drop it if empty.
        string[-1] = string[-1][:-1]
    else:
        string.append('>')
    return ''.join(string)


def _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    draw_first_line = _originals['draw_first_line']
    layout = textbox.pango_layout
    if (not textbox.text.strip() or textbox.style['font_size'] < 1e-6 or
            block_ellipsis != 'none' or (text_overflow == 'ellipsis' and (
                layout.max_width is None or sys.byteorder != 'little'))):
        # Nothing drawn, or draw_first_line changes the text (block-ellipsis):
        # the glyphs we would change are not the glyphs that will be drawn.
        pdf_shaping.justify(layout)
        return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    if (FAST_DRAWING and text_overflow != 'ellipsis' and
            (spacing := pdf_shaping.pending_spacing(layout)) is not None):
        if _draw_fast(stream, textbox, matrix, spacing, keep=pdf_shaping.as_set_up(layout)):
            return []  # its spaces widened as Pango would (the layout was kept as measured)
    pdf_shaping.justify(layout)
    # draw_first_line changes these settings, then gets the first line. Pango
    # would lay the text out again if they changed after us, losing our codes:
    # set them first, draw_first_line then sets the same values (no-ops).
    # Single-paragraph mode changes nothing in a text without paragraph
    # separators: the fast way leaves such a layout as it is, not laid out
    # again (pdf_shaping hands it the layout the line was measured with).
    if text_overflow == 'ellipsis' or not PARAGRAPH_SEPARATORS.isdisjoint(layout.text):
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    if text_overflow == 'ellipsis':
        pango.pango_layout_set_width(layout.layout, int(layout.max_width * TO_UNITS))
        pango.pango_layout_set_ellipsize(layout.layout, pango.PANGO_ELLIPSIZE_END)
    keep = text_overflow != 'ellipsis' and pdf_shaping.as_set_up(layout)
    if FAST_DRAWING and _draw_fast(stream, textbox, matrix, keep=keep):
        return []  # No emoji: fonts with bitmaps, PNG, SVG or COLR are left to WeasyPrint.
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    changed = _assign_codes(stream, textbox)
    try:
        return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    finally:  # The same layout may be drawn again (repeated boxes, SVG uses).
        for glyph_info, gid in changed:
            glyph_info.glyph = gid


_PATCHES = ((_draw_text, 'draw_first_line', _draw_first_line),)


def install():
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, 'WeasyPrint', advice='check whether Kozea/WeasyPrint#2841 (garbled Thai '
                   'text layer) is still present, then port or drop this patch')
    if installed():
        return
    for owner, name, replacement in _PATCHES:
        _originals[name] = getattr(owner, name)
        setattr(owner, name, replacement)
    pdf_textlayer_fonts.install()
    pdf_shaping.defer_justification(True)  # the spaces of kept layouts: widened when drawn


def uninstall():
    """Restore the original WeasyPrint functions; does nothing if not installed."""
    for owner, name, _ in _PATCHES:
        if name in _originals:
            setattr(owner, name, _originals.pop(name))
    pdf_textlayer_fonts.uninstall()
    pdf_shaping.defer_justification(False)


def installed():
    """Tell whether the patch is active."""
    return _draw_text.draw_first_line is _draw_first_line
