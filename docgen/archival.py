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
           "merge", "check"]


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


# --- the structural check ----------------------------------------------------------

def declared(data: bytes) -> str | None:
    """The variant a PDF's XMP metadata claims (``pdf/a-3b``, ``pdf/ua-1``, ...),
    None when it claims none, or claims one docgen does not know.

    >>> declared(b"%PDF-1.7 no metadata") is None
    True
    """
    from pypdf import PdfReader

    try:
        catalog = PdfReader(io.BytesIO(data), strict=False).trailer["/Root"].get_object()
        metadata = catalog.get("/Metadata")
        properties = _xmp_properties(metadata.get_object().get_data()) if metadata is not None else {}
    except Exception:  # no readable metadata: nothing is claimed
        return None
    if properties.get("pdfuaid:part"):
        name = f"pdf/ua-{properties['pdfuaid:part'].strip()}"
    elif properties.get("pdfaid:part"):
        name = f"pdf/a-{properties['pdfaid:part'].strip()}{properties.get('pdfaid:conformance', '').strip().lower()}"
    else:
        return None
    return name if name in VARIANTS else None


def check(data: bytes, name: str, lang: str = "th") -> list[str]:
    """What keeps ``data`` from being a ``name`` file, as far as its structure
    shows; empty when nothing does.  See docs/archival.md for the list."""
    from pypdf import PdfReader

    spec = VARIANTS[variant(name)]
    problems: list[str] = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", data):
        problems.append("header: not %PDF-1.n followed by a comment of four bytes above 127")
    if data.rstrip()[-5:] != b"%%EOF":
        problems.append("trailer: the file does not end with %%EOF")
    reader = PdfReader(io.BytesIO(data), strict=False)
    trailer = reader.trailer
    if "/Encrypt" in trailer:
        problems.append("encryption: the file is encrypted")
    ids = trailer.get("/ID")
    if not ids or len(ids) != 2:
        problems.append("trailer: no file identifier (/ID)")
    catalog = trailer["/Root"].get_object()
    problems += _check_metadata(reader, catalog, spec)
    if str(catalog.get("/Lang", "")) != lang:
        problems.append(f"language: /Lang is {str(catalog.get('/Lang', '')) or 'missing'!r}, not {lang!r}")
    if spec.pdfa:
        problems += _check_output_intent(catalog)
    problems += _check_actions(catalog)
    problems += _check_embedded_files(catalog, spec)
    problems += _check_pages(reader, spec)
    if spec.tagged:
        problems += _check_structure(catalog)
    return problems


def _check_metadata(reader, catalog, spec: Variant) -> list[str]:
    problems = []
    metadata = catalog.get("/Metadata")
    if metadata is None:
        return ["metadata: no XMP metadata stream in the catalog"]
    metadata = metadata.get_object()
    if str(metadata.get("/Subtype")) != "/XML" or str(metadata.get("/Type")) != "/Metadata":
        problems.append("metadata: the stream is not /Type /Metadata /Subtype /XML")
    try:
        xmp = _xmp_properties(metadata.get_data())
    except (ET.ParseError, IndexError, KeyError) as error:
        return problems + [f"metadata: the XMP packet does not parse ({error})"]
    if spec.pdfa:
        part, conformance = spec.pdfa
        if xmp.get("pdfaid:part") != str(part) or xmp.get("pdfaid:conformance") != conformance:
            problems.append(f"metadata: pdfaid part/conformance is {xmp.get('pdfaid:part')}/"
                            f"{xmp.get('pdfaid:conformance')}, not {part}/{conformance}")
    if spec.pdfua and xmp.get("pdfuaid:part") != str(spec.pdfua):
        problems.append(f"metadata: pdfuaid:part is {xmp.get('pdfuaid:part')}, not {spec.pdfua}")
    if not xmp.get("dc:title"):
        problems.append("metadata: no dc:title")
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    for key, prop in _INFO_XMP.items():
        if key in info:
            ours = _w3c(info[key]) if key.endswith("Date") else info[key]
            if xmp.get(prop) != ours:
                problems.append(f"metadata: {key} {info[key]!r} differs from XMP {prop} {xmp.get(prop)!r}")
    return problems


def _check_output_intent(catalog) -> list[str]:
    intents = [i.get_object() for i in catalog.get("/OutputIntents", [])]
    pdfa = [i for i in intents if str(i.get("/S")) == "/GTS_PDFA1"]
    if not pdfa:
        return ["output intent: no /GTS_PDFA1 output intent"]
    profiles = {id(i.get("/DestOutputProfile")) for i in pdfa}
    problems = [] if len(profiles) == 1 else ["output intent: more than one destination profile"]
    profile = pdfa[0].get("/DestOutputProfile")
    if profile is None:
        return problems + ["output intent: no DestOutputProfile (ICC profile)"]
    icc = profile.get_object().get_data()
    if len(icc) < 128 or icc[36:40] != b"acsp":
        problems.append("output intent: DestOutputProfile is not an ICC profile")
    elif icc[16:20] != b"RGB " or int(profile.get_object().get("/N", 0)) != 3:
        problems.append("output intent: the profile is not an RGB profile (the pages use DeviceRGB)")
    return problems


def _check_actions(catalog) -> list[str]:
    problems = []
    names = catalog.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        problems.append("actions: JavaScript in the name dictionary")
    if "/AA" in catalog:
        problems.append("actions: additional actions (/AA) on the catalog")
    action = catalog.get("/OpenAction")
    if action is not None and isinstance(action.get_object(), dict) and \
            str(action.get_object().get("/S")) in ("/JavaScript", "/Launch"):
        problems.append("actions: an /OpenAction that runs JavaScript or launches a program")
    return problems


def _check_embedded_files(catalog, spec: Variant) -> list[str]:
    names = catalog.get("/Names")
    files = names.get_object().get("/EmbeddedFiles") if names is not None else None
    if files is None:
        return []
    problems = []
    entries = files.get_object().get("/Names", [])
    for spec_ref in list(entries)[1::2]:
        filespec = spec_ref.get_object()
        if "/AFRelationship" not in filespec:
            problems.append(f"embedded file {filespec.get('/F')!s}: no /AFRelationship")
        stream = filespec.get("/EF", {}).get("/F")
        if stream is None or "/Subtype" not in stream.get_object():
            problems.append(f"embedded file {filespec.get('/F')!s}: no MIME type (/Subtype)")
    return problems


def _to_unicode(stream) -> dict[int, str]:
    """The bfchar and bfrange entries of a ToUnicode CMap."""
    text = stream.get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            start = int.from_bytes(bytes.fromhex(dst), "big")
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset) if start + offset < 0x110000 else "\ufffd"
    return mapping


class _Font:
    """What the check needs of one font: embedded?, its ToUnicode map, its CID -> GID."""

    def __init__(self, font):
        self.name = str(font.get("/BaseFont", font.get("/Name", "?")))
        self.subtype = str(font.get("/Subtype"))
        self.problems: list[str] = []
        self.two_byte = self.subtype == "/Type0"
        descriptor, self.cid_to_gid = None, None
        if self.two_byte:
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant.get("/FontDescriptor")
            if str(descendant.get("/Subtype")) == "/CIDFontType2":
                gidmap = descendant.get("/CIDToGIDMap")
                if gidmap is None:
                    self.problems.append("a CIDFontType2 without /CIDToGIDMap")
                elif not isinstance(gidmap.get_object(), str):
                    raw = gidmap.get_object().get_data()
                    self.cid_to_gid = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        elif self.subtype != "/Type3":
            descriptor = font.get("/FontDescriptor")
        if self.subtype != "/Type3":
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                self.problems.append("not embedded")
        self.to_unicode = _to_unicode(font["/ToUnicode"].get_object()) if "/ToUnicode" in font else None
        if self.to_unicode is None:
            self.problems.append("no ToUnicode map")

    def codes(self, string: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(string[i:i + 2], "big") for i in range(0, len(string) - 1, 2)]
        return list(string)

    def gid(self, code: int) -> int:
        if self.cid_to_gid is None:
            return code
        return self.cid_to_gid[code] if code < len(self.cid_to_gid) else 0


def _check_pages(reader, spec: Variant) -> list[str]:
    from pypdf.generic import ContentStream

    problems: list[str] = []
    fonts: dict[int, _Font] = {}
    seen_forms: set[int] = set()

    def font_of(ref) -> _Font:
        key = getattr(ref, "idnum", id(ref))
        if key not in fonts:
            fonts[key] = _Font(ref.get_object())
            problems.extend(f"font {fonts[key].name}: {p}" for p in fonts[key].problems)
        return fonts[key]

    def images(resources, where: str) -> None:
        for xname, ref in (resources.get("/XObject") or {}).items():
            xobject = ref.get_object()
            if str(xobject.get("/Subtype")) == "/Image":
                if xobject.get("/Interpolate") in (True, "true"):
                    problems.append(f"{where}: image {xname} has /Interpolate true")
                if "/Alternates" in xobject or "/OPI" in xobject:
                    problems.append(f"{where}: image {xname} has /Alternates or /OPI")

    def walk(contents, resources, where: str) -> None:
        resources = resources.get_object() if resources is not None else {}
        images(resources, where)
        font_dict = resources.get("/Font") or {}
        current = None
        for operands, operator in ContentStream(contents, reader).operations:
            if operator == b"Tf":
                ref = font_dict.get(operands[0])
                current = font_of(ref) if ref is not None else None
            elif operator in (b"Tj", b"'", b'"', b"TJ") and current is not None:
                strings = operands[0] if operator == b"TJ" else operands[-1:]
                for item in strings:
                    if isinstance(item, (bytes, str)):  # not a TJ kerning number
                        raw = item if isinstance(item, bytes) else item.original_bytes
                        for code in current.codes(raw):
                            note(current, code, where)
            elif operator == b"Do":
                xobject = resources.get("/XObject", {}).get(operands[0])
                if xobject is not None and str(xobject.get_object().get("/Subtype")) == "/Form":
                    obj = xobject.get_object()
                    if xobject.idnum not in seen_forms:
                        seen_forms.add(xobject.idnum)
                        walk(obj, obj.get("/Resources", resources), f"{where} form {operands[0]}")

    used: dict[tuple[int, int], str] = {}

    def note(font: _Font, code: int, where: str) -> None:
        key = (id(font), code)
        if key in used:
            return
        used[key] = where
        if font.two_byte and font.gid(code) == 0:
            problems.append(f"{where}: font {font.name} draws code {code:04x} with .notdef")
        if spec.unicode and font.to_unicode is not None:
            text = font.to_unicode.get(code)
            if text is None:
                problems.append(f"{where}: font {font.name} code {code:04x} has no Unicode mapping")
            elif any(c in "\x00\ufeff\ufffe" for c in text):
                problems.append(f"{where}: font {font.name} code {code:04x} maps to {text!r}")

    for number, page in enumerate(reader.pages, start=1):
        where = f"page {number}"
        contents = page.get_contents()
        if contents is not None:
            walk(contents, page.get("/Resources"), where)
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if str(annot.get("/Subtype")) not in ("/Link", "/Popup") and not int(annot.get("/F", 0)) & 4:
                problems.append(f"{where}: an annotation without the print flag")
            action = annot.get("/A")
            if action is not None and str(action.get_object().get("/S")) in ("/JavaScript", "/Launch"):
                problems.append(f"{where}: an annotation runs JavaScript or launches a program")
            if spec.tagged and str(page.get("/Tabs", "")) != "/S":
                problems.append(f"{where}: annotations but no /Tabs /S")
    return problems


def _check_structure(catalog) -> list[str]:
    problems = []
    mark = catalog.get("/MarkInfo")
    if mark is None or mark.get_object().get("/Marked") not in (True, "true"):
        problems.append("tags: /MarkInfo /Marked is not true")
    prefs = catalog.get("/ViewerPreferences")
    if prefs is None or prefs.get_object().get("/DisplayDocTitle") not in (True, "true"):
        problems.append("tags: /ViewerPreferences /DisplayDocTitle is not true")
    root = catalog.get("/StructTreeRoot")
    if root is None:
        return problems + ["tags: no /StructTreeRoot"]
    figures = missing = 0
    stack, seen = [root.get_object()], set()
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        if str(element.get("/S", "")) == "/Figure":
            figures += 1
            if not str(element.get("/Alt", "")).strip() and not str(element.get("/ActualText", "")).strip():
                missing += 1
        for kid in (kids if isinstance(kids, list) else [kids]) if kids is not None else []:
            if hasattr(kid, "idnum"):
                if kid.idnum in seen:
                    continue
                seen.add(kid.idnum)
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(obj, dict) and str(obj.get("/Type", "/StructElem")) == "/StructElem":
                stack.append(obj)
    if missing:
        problems.append(f"tags: {missing} of {figures} figure(s) without alternative text (/Alt)")
    return problems
