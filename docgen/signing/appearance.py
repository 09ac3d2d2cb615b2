"""What a visible signature shows: a Thai note, the signer and the time (BE, Thai digits).

The text is set in docgen's Thai font, shaped by HarfBuzz (pyHanko's
OpenType engine through ``uharfbuzz``), so vowels and tone marks sit where
they belong::

    ลงนามด้วยลายมือชื่ออิเล็กทรอนิกส์
    นายผดุงศักดิ์ หาญปรีชาสวัสดิ์
    ๑๖ ตุลาคม ๒๕๖๑ เวลา ๑๔.๓๐ น.

>>> from datetime import datetime, timezone
>>> print(stamp_text("นายผดุงศักดิ์ หาญปรีชาสวัสดิ์", datetime(2018, 10, 16, 7, 30, tzinfo=timezone.utc)))
ลงนามด้วยลายมือชื่ออิเล็กทรอนิกส์
นายผดุงศักดิ์ หาญปรีชาสวัสดิ์
๑๖ ตุลาคม ๒๕๖๑ เวลา ๑๔.๓๐ น.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import docgen.fonts

NOTE = "ลงนามด้วยลายมือชื่ออิเล็กทรอนิกส์"
THAILAND = timezone(timedelta(hours=7), "ICT")  # no daylight saving
FONT = Path(docgen.fonts.__file__).parent / "LaksamanSarabunMetric-Regular.ttf"
INK = (0.08, 0.2, 0.55)  # the blue of a signing pen
FONT_SIZE = 15  # TH Sarabun metrics: 16 pt is body text


def stamp_text(signer: str, moment: datetime) -> str:
    """The three lines of the appearance; the time is Thailand's."""
    from docgen.thai.dates import thai_date
    from docgen.thai.digits import plain_thai_digits

    local = moment.astimezone(THAILAND)
    when = f"{thai_date(local.date())} เวลา {plain_thai_digits(f'{local:%H.%M}')} น."
    return f"{NOTE}\n{signer}\n{when}"


@lru_cache(maxsize=1)
def _font_1000() -> bytes:
    """docgen's Thai font rescaled to 1000 units per em.

    pyHanko 0.38 writes glyph widths and kerning in font units as if every
    font had 1000 units per em; ours has 1503, which would spread the letters
    out by half again.  The rescaled copy draws the same glyphs."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset" when pyHanko subsets it
    font = TTFont(FONT)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_factory():
    """pyHanko's OpenType font engine (HarfBuzz shaping) over the rescaled font in memory."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class InMemory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(_font_1000()), font_size=self.font_size,
                                    ot_script_tag=self.ot_script_tag, bcp47_lang_code=self.bcp47_lang_code,
                                    obj_stream=obj_stream)

    return InMemory(str(FONT), font_size=FONT_SIZE, ot_script_tag="thai", bcp47_lang_code="th")


def stamp_style():
    """pyHanko's text stamp in docgen's Thai font, centred, shrunk to fit the box."""
    from pyhanko.pdf_utils import layout, text
    from pyhanko.stamp import TextStampStyle

    font = _font_factory()
    return TextStampStyle(
        stamp_text="%(docgen_text)s",
        text_box_style=text.TextBoxStyle(
            font=font, font_size=FONT_SIZE, leading=FONT_SIZE - 1, text_color=INK,
            box_layout_rule=layout.SimpleBoxLayoutRule(  # pyHanko's default adds 10 pt around the text
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(1)),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=4, right=4, top=2, bottom=4),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=1,
        border_color=INK,
        background=None,
    )
