"""The fonts the PDF embeds, and text measurement with them.

The fonts are Laksaman re-scaled to TH SarabunPSK's metrics (see LICENSE.txt
and ``tools/derive_fonts.py``), so widths measured here are the widths Word
gives the same text in TH SarabunPSK.

>>> round(text_width("ขอแสดงความนับถือ", 16), 1) > 60
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent
REGULAR = FONT_DIR / "LaksamanSarabunMetric-Regular.ttf"
BOLD = FONT_DIR / "LaksamanSarabunMetric-Bold.ttf"
FAMILY = "Laksaman Sarabun Metric"


@lru_cache(maxsize=2)
def _metrics(bold: bool) -> tuple[dict[int, int], int]:
    font = TTFont(BOLD if bold else REGULAR, lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    advances = {code: hmtx[name][0] for code, name in cmap.items()}
    return advances, font["head"].unitsPerEm


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of ``text`` in points at ``size`` pt (no kerning)."""
    advances, upem = _metrics(bold)
    fallback = advances.get(ord("ก"), upem // 2)
    units = sum(advances.get(ord(char), fallback) for char in text)
    return units * size / upem
