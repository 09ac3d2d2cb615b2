"""PDF pages to PNG images (pypdfium2; no external program needed).

>>> pdf_to_pngs  # doctest: +ELLIPSIS
<function pdf_to_pngs at ...>
"""

from __future__ import annotations

import io

import pypdfium2


def pdf_to_pngs(pdf: bytes, dpi: int = 60) -> list[bytes]:
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            pages.append(buffer.getvalue())
    finally:
        document.close()
    return pages
