"""The text layer's codes in the PDF's fonts (WeasyPrint 70.0).

:mod:`pdf_textlayer` draws a glyph that stands for more than one text with
an *alias* code above the font's glyph ids (see its docstring).  This module
writes those codes into the PDF's font dictionaries, where WeasyPrint only
knows glyph ids:

- each alias is drawn with its real glyph through a ``/CIDToGIDMap`` stream
  (instead of ``/Identity``), and gets that glyph's width in ``/W``;
- fonts are subset with the real glyph ids (aliases are not glyphs);
- codes for missing glyphs are given above the aliases, never on one;
- for a full (not subset) font, whose ``ToUnicode`` map WeasyPrint builds
  from the font's cmap, the drawn texts are put in that map.

Example::

    from docgen.writers import pdf_textlayer_fonts
    pdf_textlayer_fonts.install()  # pdf_textlayer.install() does it too
"""

import struct

import pydyf
from weasyprint.pdf import fonts as _pdf_fonts

__all__ = ['ALIASES', 'MAX_CODE', 'alias_glyph_ids', 'next_free_code', 'install', 'uninstall']

ALIASES = '_docgen_textlayer_aliases'  # Font attribute, {(gid, text): cid}.
MAX_CODE = 0xFFFF  # Codes are written as 2-byte strings (Identity-H).
_originals = {}


def alias_glyph_ids(font):
    """Return ``{alias cid: real glyph id}``."""
    return {cid: gid for (gid, _), cid in font.__dict__.get(ALIASES, {}).items()}


def next_free_code(font):
    """Return the first code after glyph ids, missing glyph codes and aliases."""
    aliases = font.__dict__.get(ALIASES, {}).values()
    return max((font.glyph_count - 1, *font.missing.values(), *aliases)) + 1


def _get_unused_glyph_id(font, codepoint):
    # Missing glyphs also get codes above glyph_count: don't reuse an alias.
    if codepoint not in font.missing and font.__dict__.get(ALIASES):
        if (code := next_free_code(font)) <= MAX_CODE:
            font.missing[codepoint] = code
    return _originals['get_unused_glyph_id'](font, codepoint)


def _clean(font, to_unicode, hinting):
    # Subset with real glyph ids, aliases are not glyphs of the font.
    if alias_gids := alias_glyph_ids(font):
        to_unicode = {alias_gids.get(code, code): text
                      for code, text in to_unicode.items()}
    return _originals['clean'](font, to_unicode, hinting)


def _object(pdf, reference):  # b'12 0 R' -> object 12
    return pdf.objects[int(reference.split()[0])]


def _rewrite_to_unicode(pdf, font_dictionary, font):
    """Put the drawn texts in the ToUnicode map of a full (not subset) font.

    With ``full_fonts=True``, and for fonts used in forms, WeasyPrint maps the
    glyphs of the font's cmap and ignores the texts given at draw time.
    """
    lines = _object(pdf, font_dictionary['ToUnicode']).stream
    first, last = lines.index(b'endcodespacerange') + 1, lines.index(b'endcmap')
    mapping = {}
    for line in lines[first:last]:  # b'<code> <UTF-16BE>' or b'n beginbfchar'
        if line.startswith(b'<'):
            code, text = line[1:-1].split(b'> <')
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode('utf-16-be')
    if (merged := {**mapping, **font.to_unicode}) == mapping:
        return  # Keep the original bytes.
    items = tuple(merged.items())
    lines[first:last] = [  # Same layout as WeasyPrint: blocks of 100 codes.
        line for i in range(0, len(items), 100) for line in (
            f'{len(items[i:i + 100])} beginbfchar'.encode(),
            *(f'<{code:04x}> <{text.encode("utf-16-be").hex()}>'.encode()
              for code, text in items[i:i + 100]),
            b'endbfchar')]


def _build_vector_font_dictionary(font_dictionary, pdf, font, widths, compress,
                                  *args):
    alias_gids = alias_glyph_ids(font)
    if widths is not font.widths:  # Full font: widths read from the font file.
        _rewrite_to_unicode(pdf, font_dictionary, font)
        widths = {**widths, **{cid: widths[gid] for cid, gid in alias_gids.items()}}
    _originals['_build_vector_font_dictionary'](
        font_dictionary, pdf, font, widths, compress, *args)
    if alias_gids:
        # CIDToGIDMap: the glyph id of each CID from 0, 2 bytes big-endian.
        # Codes of missing glyphs are drawn with .notdef (glyph 0).
        count = max(alias_gids) + 1
        gids = [*range(min(count, font.glyph_count)), *[0] * (count - font.glyph_count)]
        for cid, gid in alias_gids.items():
            gids[cid] = gid
        cid_to_gid = pydyf.Stream(
            [struct.pack(f'>{len(gids)}H', *gids)], compress=compress)
        pdf.add_object(cid_to_gid)
        descendant = _object(pdf, font_dictionary['DescendantFonts'][0])
        descendant['CIDToGIDMap'] = cid_to_gid.reference


_PATCHES = (
    (_pdf_fonts.Font, 'get_unused_glyph_id', _get_unused_glyph_id),
    (_pdf_fonts.Font, 'clean', _clean),
    (_pdf_fonts, '_build_vector_font_dictionary', _build_vector_font_dictionary),
)


def install():
    """Patch WeasyPrint's fonts in this process; calling it again does nothing."""
    if _originals:
        return
    for owner, name, replacement in _PATCHES:
        _originals[name] = getattr(owner, name)
        setattr(owner, name, replacement)


def uninstall():
    """Restore WeasyPrint's own font functions; does nothing if not installed."""
    for owner, name, _ in _PATCHES:
        if name in _originals:
            setattr(owner, name, _originals.pop(name))
