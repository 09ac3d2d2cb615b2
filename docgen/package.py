"""The circular package: a letter with its enclosures, as one PDF and a ZIP of DOCX.

Enclosures are the letter's ``enclosures:`` that name a ``document:`` (any
docgen config: an action plan, an order, certifications ...), in the order
of the letter's สิ่งที่ส่งมาด้วย list, which the letter prints from the same
entries.  Each enclosure's first page is labelled "สิ่งที่ส่งมาด้วย n" at the
top right.  A letter with a list of recipients gives one package each.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from pypdf import PdfWriter

from docgen.builders.common import runs
from docgen.config import load_letter
from docgen.kinds import Named, Options
from docgen.model import Document, Paragraph
from docgen.pipeline import Rendered, documents, render_document
from docgen.writers.docx import reproducible_zip_time


@dataclass
class Package:
    name: str
    pdf: bytes
    zip: bytes
    parts: list[Rendered]  # in order: the letter (and distribution list), then the enclosures


def labelled(document: Document, number: int, total: int) -> Document:
    """The enclosure with "สิ่งที่ส่งมาด้วย n" flush right above its first line."""
    label = "สิ่งที่ส่งมาด้วย" + (f" {number}" if total > 1 else "")
    head = Paragraph(runs(label), role="enclosure-label", align="right")
    return replace(document, blocks=[head, *document.blocks])


def enclosures(config: Path, options: Options = Options()) -> list[Named]:
    """The enclosed documents of a letter, labelled, in the letter's order."""
    bundle = load_letter(config)
    listed = bundle.letter.enclosures
    out: list[Named] = []
    for number, enclosure in enumerate(listed, start=1):
        if enclosure.document:
            path = Path(config).parent / enclosure.document
            for name, document in documents(path, options):
                out.append((f"{number:02d}-{name}", labelled(document, number, len(listed))))
    return out


def build_packages(config: Path, options: Options = Options(), formats=("docx", "pdf")) -> list[Package]:
    letters = documents(config, options)
    extras = [render_document(name, document, formats) for name, document in enclosures(config, options)]
    copies = [(name, doc) for name, doc in letters if doc.kind == "letter"]
    shared = [render_document(name, doc, formats) for name, doc in letters if doc.kind != "letter"]
    packages = []
    for name, letter in copies:
        parts = [render_document(f"00-{name}", letter, formats), *shared, *extras]
        packages.append(Package(f"{name}-package", _merge(parts), _zip(parts, letter), parts))
    return packages


def _merge(parts: list[Rendered]) -> bytes:
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part.files["pdf"]))
    first = parts[0].document
    writer.add_metadata({"/Title": first.title, "/Author": first.author, "/Producer": "docgen"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(parts: list[Rendered], letter: Document) -> bytes:
    stamp = reproducible_zip_time(letter)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            entry = zipfile.ZipInfo(f"{part.name}.docx", date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, part.files["docx"])
    return out.getvalue()


__all__ = ["Package", "build_packages", "enclosures", "labelled"]
