"""Derive the PDF fonts shipped in ``docgen/fonts/`` from Debian's Laksaman.

Laksaman (package ``fonts-tlwg-laksaman-ttf``) is TLWG's rework of TH SarabunPSK:
the same design with every advance about 1.503 times larger.  Raising the em
square from 1000 to 1503 units makes the font set Thai text exactly as wide as
TH SarabunPSK at the same point size, so the PDF can say "16 pt" and paginate
like Word does with the font Thai offices have.  Outlines, hinting and OpenType
tables are untouched; ``head.unitsPerEm``, the vertical metrics (one line of
single spacing = ``docgen.layout.LINE_HEIGHT_EM``) and the names change (the
licence asks a modified font to carry a new name).

Run ``python tools/derive_fonts.py`` to regenerate; the output is deterministic.
"""

from pathlib import Path

import sys

from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docgen.layout import LINE_HEIGHT_EM  # noqa: E402

SOURCE = Path("/usr/share/fonts/truetype/tlwg")
TARGET = Path(__file__).resolve().parent.parent / "docgen" / "fonts"
UNITS_PER_EM = 1503  # Laksaman advance / TH SarabunPSK advance = 1.503
FAMILY = "Laksaman Sarabun Metric"
STYLES = {"Laksaman.ttf": "Regular", "Laksaman-Bold.ttf": "Bold"}


def derive(source: Path, style: str) -> Path:
    font = TTFont(source, recalcTimestamp=False)
    font["head"].unitsPerEm = UNITS_PER_EM
    # Vertical metrics: ascent + descent = one line of single spacing, split
    # in Laksaman's own proportion, so word processors and WeasyPrint agree.
    hhea, os2 = font["hhea"], font["OS/2"]
    total = round(LINE_HEIGHT_EM * UNITS_PER_EM)
    ascent = round(total * hhea.ascent / (hhea.ascent - hhea.descent))
    descent = total - ascent
    hhea.ascent, hhea.descent, hhea.lineGap = ascent, -descent, 0
    os2.usWinAscent, os2.usWinDescent = ascent, descent
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, -descent, 0
    ps_name = FAMILY.replace(" ", "") + "-" + style
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4):
            full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
            names.setName(full, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(ps_name, record.nameID, record.platformID, record.platEncID, record.langID)
    out = TARGET / f"{ps_name}.ttf"
    font.save(out)
    return out


if __name__ == "__main__":
    for file_name, style in STYLES.items():
        print(derive(SOURCE / file_name, style))
