"""The structural check of an archival or accessible PDF: what a file must show
of a variant in its structure (see docs/archival.md for what this reads and
what it leaves to veraPDF).

>>> declared(b"%PDF-1.7 no metadata") is None
True
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from docgen.archival import _INFO_XMP, VARIANTS, Variant, _w3c, _xmp_properties, variant

def declared(data: bytes) -> str | None:
    """The variant a PDF's XMP metadata claims (``pdf/a-3b``, ``pdf/ua-1``, ...),
    None when it claims none, or claims one docgen does not know.

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
