"""The circular package: a letter with its enclosures, as one PDF and a ZIP.

Enclosures are the letter's ``enclosures:`` that name a ``document:`` (any
docgen config: an action plan, an order, certifications ...; or a list of
them) or a ``file:`` (a PDF enclosed as it is), in the order of the letter's
สิ่งที่ส่งมาด้วย list, which the letter prints from the same entries.  Each
enclosed document's first page is labelled "สิ่งที่ส่งมาด้วย n" at the top right
(an enclosed PDF in its top margin).  A letter with a list of recipients gives
one package each.  The ZIP holds the DOCX of every part (an enclosed PDF as it is).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from docgen.builders.common import runs, thai
from docgen.config import load_letter
from docgen.kinds import Named, Options
from docgen.model import Document, Paragraph
from docgen.pipeline import Rendered, documents, render_document
from docgen.writers.docx_package import reproducible_zip_time


@dataclass
class Package:
    name: str
    pdf: bytes
    zip: bytes
    parts: list[Rendered]  # in order: the letter (and distribution list), then the enclosures


def _label(number: int, total: int) -> str:
    return "สิ่งที่ส่งมาด้วย" + (f" {number}" if total > 1 else "")


def labelled(document: Document, number: int, total: int) -> Document:
    """The enclosure with "สิ่งที่ส่งมาด้วย n" flush right above its first line."""
    head = Paragraph(runs(_label(number, total)), role="enclosure-label", align="right")
    return replace(document, blocks=[head, *document.blocks])


def enclosures(config: Path, options: Options = Options()) -> list[Named | Rendered]:
    """The enclosures of a letter, in the letter's order: documents to render
    (labelled), and enclosed PDFs (stamped, already rendered)."""
    from docgen.writers.pdf_stamp import stamp

    bundle = load_letter(config)
    listed = bundle.letter.enclosures
    folder = Path(config).parent
    out: list[Named | Rendered] = []
    for number, (enclosure, title) in enumerate(zip(listed, bundle.enclosure_titles), start=1):
        for name in enclosure.documents:
            for doc_name, document in documents(folder / name, options):
                out.append((f"{number:02d}-{doc_name}", labelled(document, number, len(listed))))
        if enclosure.file:
            path = folder / enclosure.file
            data = stamp(path.read_bytes(), thai(_label(number, len(listed))))
            stub = Document(kind="attachment", title=title, blocks=[])
            name = f"{number:02d}-{re.sub(r'[^0-9A-Za-z._-]+', '-', path.stem)}"
            out.append(Rendered(name, stub, {"pdf": data}, pdf_pages=len(PdfReader(io.BytesIO(data)).pages)))
    return out


def package_parts(config: Path, options: Options = Options()) -> tuple[list[Named], list[Named | Rendered]]:
    """The letter's documents and its enclosures, built (checked) but not rendered."""
    return documents(config, options), enclosures(config, options)


def build_packages(config: Path, options: Options = Options(), formats=("docx", "pdf"),
                   parts: tuple[list[Named], list[Named | Rendered]] | None = None,
                   pdf_variant: str | None = None) -> list[Package]:
    """The packages of a letter (from ``parts``, when :func:`package_parts` built them already).

    With ``pdf_variant`` every part is rendered in it and the merged PDF keeps it
    (:func:`docgen.archival.merge`); a variant a merge cannot keep (PDF/UA), or an
    enclosed PDF that does not conform, raises :class:`docgen.archival.ArchivalError`
    before anything is rendered or after the merge, never a file that claims what
    it is not."""
    from docgen import archival

    if pdf_variant:
        archival.require_mergeable(pdf_variant)
    letters, enclosed = parts or package_parts(config, options)
    render = lambda name, doc: render_document(name, doc, formats, pdf_variant)  # noqa: E731
    extras = [part if isinstance(part, Rendered) else render(*part) for part in enclosed]
    copies = [(name, doc) for name, doc in letters if doc.kind == "letter"]
    shared = [render(name, doc) for name, doc in letters if doc.kind != "letter"]
    packages = []
    for name, letter in copies:
        parts = [render(f"00-{name}", letter), *shared, *extras]
        packages.append(Package(f"{name}-package", _merge(parts, pdf_variant), _zip(parts, letter), parts))
    return packages


def _merge(parts: list[Rendered], pdf_variant: str | None = None) -> bytes:
    first = parts[0].document
    info = {"/Title": first.title, "/Author": first.author, "/Producer": "docgen"}
    if pdf_variant:
        from docgen import archival

        return archival.merge([part.files["pdf"] for part in parts], pdf_variant, info)
    return merge_pdfs([part.files["pdf"] for part in parts], info)


def _zip(parts: list[Rendered], letter: Document) -> bytes:
    stamp = reproducible_zip_time(letter)
    entries = []
    for part in parts:
        fmt = "docx" if "docx" in part.files else "pdf"  # an enclosed PDF goes in as it is
        entries.append((f"{part.name}.{fmt}", part.files[fmt], stamp))
    return zip_files(entries)


def merge_pdfs(pdfs: list[bytes], info: dict[str, str], shared_once: bool = False) -> bytes:
    """The pages of ``pdfs`` as one PDF with the document information ``info``;
    ``shared_once``: objects the files have in common (the Garuda, the fonts'
    shared parts) are stored once, not once a file (many documents of one kind)."""
    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    writer.add_metadata(info)
    if shared_once:
        writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_files(entries: list[tuple[str, bytes, tuple[int, ...]]]) -> bytes:
    """A ZIP of ``(name, data, ZIP date)`` entries, deflated, dated as given (never the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data, stamp in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return out.getvalue()


__all__ = ["Package", "build_packages", "enclosures", "labelled", "merge_pdfs", "package_parts", "zip_files"]
