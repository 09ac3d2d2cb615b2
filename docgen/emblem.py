"""The Garuda emblem (ตราครุฑ), prepared once at the size a document prints it.

Offices supply their own emblem file (``emblem:`` in the organisation YAML);
docgen ships a default, ``docgen/assets/garuda.png``, only as a replaceable
placeholder (see the README).  Whatever the source, the image is cropped to
the figure (the spec measures the *figure's* height), flattened on white and
reduced to 16 grey levels at 400 dpi of its printed height: a few tens of KB
instead of a large scan in every document.

>>> data, (w, h) = prepared(DEFAULT_EMBLEM, 85.04)
>>> h, data[:4] == b"\\x89PNG"
(472, True)
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image

DEFAULT_EMBLEM = Path(__file__).resolve().parent / "assets" / "garuda.png"
DPI = 400


def prepared(path: Path, height_pt: float) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes and pixel size of ``path`` ready to print ``height_pt`` tall."""
    path = Path(path)
    return _prepare(str(path.resolve()), path.stat().st_mtime_ns, round(height_pt, 3))


@lru_cache(maxsize=8)
def _prepare(path: str, _mtime: int, height_pt: float) -> tuple[bytes, tuple[int, int]]:
    image = Image.open(path)
    image.load()
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        box = image.getchannel("A").getbbox()
        flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
        flat.alpha_composite(image)
        image = flat
    else:
        image = image.convert("RGBA")
        box = Image.eval(image.convert("L"), lambda v: 255 - v).getbbox()
    if box:
        image = image.crop(box)
    target_h = round(height_pt / 72 * DPI)
    if image.height > target_h:
        target_w = round(image.width * target_h / image.height)
        image = image.resize((target_w, target_h), Image.LANCZOS)
    grey = image.convert("L").quantize(16)
    out = io.BytesIO()
    grey.save(out, format="PNG", optimize=True)
    return out.getvalue(), grey.size
