"""Archival (PDF/A-3) and accessible (PDF/UA-1) PDF: the variants, a merge that
keeps PDF/A, and a structural check of the result.

``docgen render --pdf-variant pdf/a-3b`` (and ``package``, ``batch``) writes the
same pages as the plain PDF, with what an archive asks of the file: fonts
embedded, the sRGB output intent, XMP metadata that names the PDF/A part and
conformance level and repeats the title, author, subject and dates of the
document information, the language (``/Lang (th)``), a file identifier, no
encryption, no JavaScript.  WeasyPrint writes the variant; docgen keeps its
Thai text-layer repair (``docgen.writers.pdf_textlayer``) and turns image
interpolation off, which PDF/A forbids.

:func:`check` tells whether a PDF has the structure a variant asks for.  It is
no replacement for veraPDF (ISO 19005 has some hundred rules, most about the
content streams and the font programs); ``docs/archival.md`` lists what it
reads and what it leaves to a full validator.

>>> sorted(VARIANTS)
['pdf/a-3b', 'pdf/a-3u', 'pdf/ua-1']
>>> variant("PDF/A-3B")
'pdf/a-3b'
>>> variant("pdf/a-1b")
Traceback (most recent call last):
...
ValueError: unknown PDF variant 'pdf/a-1b'; choose from pdf/a-3b, pdf/a-3u, pdf/ua-1
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

__all__ = ["VARIANTS", "Variant", "ArchivalError", "variant", "require_mergeable", "weasyprint_variant", "finish",
           "merge", "check", "declared"]


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    pdfa: tuple[int, str] | None = None  # (part, conformance) written in the XMP pdfaid schema
    pdfua: int | None = None  # pdfuaid:part
    unicode: bool = False  # every character code drawn must map to Unicode
    tagged: bool = False  # logical structure (StructTreeRoot, MarkInfo)
    mergeable: bool = True  # a package or batch merge keeps the variant


VARIANTS = {
    v.name: v
    for v in (
        Variant("pdf/a-3b", "PDF/A-3 level B: archival, looks the same in a hundred years", pdfa=(3, "B")),
        Variant("pdf/a-3u", "PDF/A-3 level U: level B, and all text maps to Unicode", pdfa=(3, "U"), unicode=True),
        Variant("pdf/ua-1", "PDF/UA-1: tagged for screen readers (see docs/archival.md for its limits)",
                pdfua=1, unicode=True, tagged=True, mergeable=False),
    )
}


class ArchivalError(ValueError):
    """A variant that cannot be written for this input (a merge of tagged files,
    an enclosed PDF that does not conform)."""


def variant(name: str | None) -> str | None:
    """The canonical name of a variant, or ``ValueError`` naming the known ones."""
    if name is None:
        return None
    key = name.strip().lower()
    if key not in VARIANTS:
        raise ValueError(f"unknown PDF variant {name!r}; choose from {', '.join(sorted(VARIANTS))}")
    return key


def require_mergeable(name: str) -> None:
    """``ArchivalError`` when merging files of variant ``name`` would lose what
    makes them that variant."""
    if not VARIANTS[variant(name)].mergeable:
        raise ArchivalError(f"{name}: a merged PDF would lose the logical structure (tags) of its parts; "
                            "write the documents one by one, or choose pdf/a-3b")


def weasyprint_variant(name: str) -> str:
    """WeasyPrint's ``pdf_variant`` for ours (the same names)."""
    return variant(name)


def finish(_document, pdf) -> None:
    """WeasyPrint ``finisher`` for the variants: image interpolation off.

    WeasyPrint asks viewers to smooth images drawn with ``image-rendering:
    auto`` (``/Interpolate true``); ISO 19005-2/3 §6.2.8 allows only ``false``.
    """
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if isinstance(extra, dict) and extra.get("Subtype") == "/Image" and "Interpolate" in extra:
            extra["Interpolate"] = "false"


# --- XMP -------------------------------------------------------------------------

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def _xmp_properties(data: bytes) -> dict[str, str]:
    """``{"dc:title": ..., "pdfaid:part": ...}`` from an XMP packet: simple
    properties written as attributes or elements, and the first item of an
    ``rdf:Alt``; ``rdf:Seq`` / ``rdf:Bag`` items joined with ", "."""
    prefixes = {uri: prefix for prefix, uri in NS.items()}
    root = ET.fromstring(data.strip().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    out: dict[str, str] = {}

    def qname(tag: str) -> str | None:
        uri, _, local = tag[1:].partition("}")
        return f"{prefixes[uri]}:{local}" if uri in prefixes else None

    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for key, value in description.attrib.items():
            if (name := qname(key)) and not name.startswith("rdf:"):
                out[name] = value
        for child in description:
            if not (name := qname(child.tag)):
                continue
            items = [li.text or "" for li in child.iter(f"{{{NS['rdf']}}}li")]
            if child.find(f"{{{NS['rdf']}}}Alt") is not None:
                out[name] = items[0] if items else ""
            elif items:
                out[name] = ", ".join(items)
            else:
                out[name] = child.text or ""
    return out


def xmp_packet(properties: dict[str, str], alt: tuple[str, ...] = ("dc:title", "dc:description"),
               seq: tuple[str, ...] = ("dc:creator",)) -> bytes:
    """An XMP packet of simple properties (``{"pdfaid:part": "3", ...}``)."""
    rdf = ET.Element(f"{{{NS['rdf']}}}RDF")
    for name, value in properties.items():
        prefix, local = name.split(":")
        description = ET.SubElement(rdf, f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""})
        element = ET.SubElement(description, f"{{{NS[prefix]}}}{local}")
        if name in alt or name in seq:
            holder = ET.SubElement(element, f"{{{NS['rdf']}}}{'Alt' if name in alt else 'Seq'}")
            item = ET.SubElement(holder, f"{{{NS['rdf']}}}li")
            if name in alt:
                item.set("xml:lang", "x-default")
            item.text = value
        else:
            element.text = value
    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    body = ET.tostring(rdf, encoding="utf-8")
    return (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
            + body + b'</x:xmpmeta>\n<?xpacket end="r"?>')


def _w3c(pdf_date: str) -> str:
    """``D:20181016000000Z`` -> ``2018-10-16T00:00:00Z`` (the forms docgen writes)."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'\d\d'?)?", pdf_date)
    if not m:
        return pdf_date
    zone = m.group(7) or ""
    if zone not in ("", "Z"):
        zone = zone[:3] + ":" + zone[4:6]
    return f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6]}{zone}"


# --- merging ---------------------------------------------------------------------

def merge(pdfs: list[bytes], name: str, info: dict[str, str] | None = None) -> bytes:
    """The pages of ``pdfs`` (each already in variant ``name``) as one file in
    that variant: catalog entries the merge drops (output intent, language, XMP)
    written again, the document information from ``info`` (``/Title`` ...) or
    the first part, a file identifier from the parts' bytes.  Raises
    :class:`ArchivalError` for a variant whose structure a merge loses (PDF/UA),
    or when the result does not pass :func:`check` (an enclosed PDF that is not
    PDF/A)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DecodedStreamObject, NameObject, TextStringObject

    name = variant(name)
    spec = VARIANTS[name]
    require_mergeable(name)
    readers = [PdfReader(io.BytesIO(data)) for data in pdfs]
    first = readers[0]
    writer = PdfWriter()
    writer.pdf_header = b"%PDF-1.7"
    for data in pdfs:
        writer.append(io.BytesIO(data))
    catalog, source = writer._root_object, first.trailer["/Root"]
    if "/OutputIntents" in source:
        catalog[NameObject("/OutputIntents")] = source["/OutputIntents"].clone(writer)
    if "/Lang" in source:
        catalog[NameObject("/Lang")] = TextStringObject(str(source["/Lang"]))
    meta = {k: str(v) for k, v in (first.metadata or {}).items()}
    meta.update(info or {})
    meta = {k: v for k, v in meta.items() if v}
    meta["/Producer"] = meta.get("/Producer") or "docgen"
    writer.add_metadata(meta)
    properties = {}
    if spec.pdfa:
        properties["pdfaid:part"], properties["pdfaid:conformance"] = str(spec.pdfa[0]), spec.pdfa[1]
    for key, prop in _INFO_XMP.items():
        if meta.get(key):
            properties[prop] = _w3c(meta[key]) if key.endswith("Date") else meta[key]
    stream = DecodedStreamObject()
    stream.set_data(xmp_packet(properties))
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    catalog[NameObject("/Metadata")] = writer._add_object(stream)
    digest = ByteStringObject(hashlib.md5(b"".join(pdfs)).digest())
    writer._ID = ArrayObject([digest, digest])
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    from docgen.archival.conformance import check

    problems = check(data, name)
    if problems:
        raise ArchivalError(f"the merged PDF is not {name}: " + "; ".join(problems[:5])
                            + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    return data


_INFO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Producer": "pdf:Producer",
    "/Creator": "xmp:CreatorTool",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}


def __getattr__(name: str):
    """``check`` and ``declared`` live in :mod:`docgen.archival.conformance`, imported when first used."""
    if name in ("check", "declared"):
        from docgen.archival import conformance

        return getattr(conformance, name)
    raise AttributeError(name)
