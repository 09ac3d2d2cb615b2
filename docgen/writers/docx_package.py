"""The DOCX package around the document: a lean template in, reproducible bytes out.

Every document starts from python-docx's default template, pruned once per
process (:func:`new_document`).  A page set-up is saved once into a
:class:`FrozenPackage`: each document of that set-up gets its own copy of the
body and core properties to fill in, and is zipped between entries
compressed once, every entry dated by the document's own date or
``SOURCE_DATE_EPOCH``, so the same input gives the same bytes.

>>> reproducible_zip_time(Document("letter", "t", [], date_iso="2018-10-16"))
(2018, 10, 16, 0, 0, 0)
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from copy import deepcopy
from datetime import datetime, timezone
from functools import lru_cache

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn

from docgen.model import Document


def timestamp(doc: Document) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    if doc.date_iso:
        return datetime.fromisoformat(doc.date_iso)
    return datetime(2000, 1, 1)


def reproducible_zip_time(doc: Document) -> tuple[int, ...]:
    """The date ZIP entries carry: the document's own, never the clock."""
    return max(timestamp(doc), datetime(1980, 1, 1)).timetuple()[:6]


_COMPRESSED = (".png", ".jpg", ".jpeg", ".gif")  # stored: deflating them only costs time


class _Entries:
    """Stands in for python-docx's physical package writer: keeps what it is given."""

    def __init__(self):
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def _ready(name: str, blob: bytes) -> tuple[int, int, int, bytes]:
    """``(compress type, CRC, size, data)`` of an entry, compressed as zipfile does."""
    if name.endswith(_COMPRESSED):
        return zipfile.ZIP_STORED, zlib.crc32(blob), len(blob), blob
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zipfile.ZIP_DEFLATED, zlib.crc32(blob), len(blob), compressor.compress(blob) + compressor.flush()


class _StampedZip(zipfile.ZipFile):
    """A ZIP whose every entry is dated ``stamp``, and which also takes
    entries compressed beforehand (:meth:`write_ready`).

    zipfile has no public way to write compressed bytes as they are, so
    :meth:`write_ready` does what ``ZipFile._open_to_write`` and its writer's
    ``close`` do for a seekable file; ``tests/test_docx.py`` holds its output
    to ``writestr``'s, byte for byte, so a Python that changes them fails there."""

    def __init__(self, target, stamp: tuple[int, ...]):
        super().__init__(target, "w", zipfile.ZIP_DEFLATED)
        self.stamp = stamp

    def entry(self, name: str, compress_type: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = compress_type
        info.external_attr = 0o644 << 16
        return info

    def write_ready(self, name: str, ready: tuple[int, int, int, bytes]) -> None:
        compress_type, crc, size, data = ready
        info = self.entry(name, compress_type)
        info.flag_bits, info.CRC, info.file_size, info.compress_size = 0, crc, size, len(data)
        self.fp.seek(self.start_dir)
        info.header_offset = self.fp.tell()
        self._writecheck(info)
        self._didModify = True
        self.fp.write(info.FileHeader(False))
        self.fp.write(data)
        self.start_dir = self.fp.tell()
        self.filelist.append(info)
        self.NameToInfo[name] = info


class FrozenPackage:
    """A python-docx document saved once, for documents that differ from it
    only in their body and core properties (a page set-up, in a batch).

    Each document gets a copy of the body and of the core properties
    (:meth:`new`), never the package itself; :meth:`save` zips them between
    the other entries, serialized and compressed here once: the bytes the
    whole package would give, entry for entry.

    >>> frozen = FrozenPackage(new_document())
    >>> body, properties = frozen.new()
    >>> _ = body.add_paragraph("ทดสอบ")
    >>> properties.title = "t"
    >>> frozen.save(body, properties, Document("letter", "t", []))[:2]
    b'PK'
    """

    def __init__(self, document):
        package = document.part.package
        for part in package.parts:  # as OpcPackage.save does
            part.before_marshal()
        self._document = document
        core_part = package.part_related_by(RT.CORE_PROPERTIES)
        self._core = core_part.element
        entries = _Entries()
        PackageWriter._write_content_types_stream(entries, package.parts)
        PackageWriter._write_pkg_rels(entries, package.rels)
        PackageWriter._write_parts(entries, package.parts)
        self._names = {document.part.partname.membername: "body", core_part.partname.membername: "core"}
        self._entries = [(name, None if name in self._names else _ready(name, blob))
                         for name, blob in entries.items]

    def new(self) -> tuple[DocxDocument, CoreProperties]:
        """A body to write into (python-docx's API) and core properties to set."""
        body = DocxDocument(deepcopy(self._document.element), self._document.part)
        return body, CoreProperties(deepcopy(self._core))

    def save(self, body: DocxDocument, properties: CoreProperties, doc: Document) -> bytes:
        """The package's bytes with this body and these properties, every
        entry dated by the document (never the clock).

        ``body`` is unusable after: python-docx's document and its body refer
        to each other, a cycle that would hold the XML until a collection
        that comes late (Python does not count lxml's memory), so it is
        broken here."""
        own = {"body": body.element, "core": properties._element}
        buffer = io.BytesIO()
        with _StampedZip(buffer, reproducible_zip_time(doc)) as archive:
            for name, ready in self._entries:
                if ready is None:
                    archive.writestr(archive.entry(name, zipfile.ZIP_DEFLATED),
                                     serialize_part_xml(own[self._names[name]]))
                else:
                    archive.write_ready(name, ready)
        body.__dict__.clear()
        return buffer.getvalue()


# Parts of python-docx's default template a docgen document does without:
# Word 2010's copy of the styles (Word rebuilds it), the thumbnail of a blank
# page (it would show the wrong document) and a bibliography store.
_DROPPED = ("/stylesWithEffects", "/thumbnail", "/customXml")
# Table styles kept: the default and the one the writer uses.  The template's
# other 98 (340 KB of XML) are Word's built-ins, which Word offers anyway.
_TABLE_STYLES = {"TableNormal", "TableGrid"}


@lru_cache(maxsize=1)
def _template() -> bytes:
    """python-docx's default template without the parts in ``_DROPPED`` and
    the table styles not in ``_TABLE_STYLES``, built once per process: each
    document then parses and zips 60 KB of template instead of 800 KB."""
    document = new_docx()
    for rels in (document.part.rels, document.part.package.rels):
        for rId, rel in list(rels.items()):
            if rel.reltype.endswith(_DROPPED):
                del rels[rId]
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in _TABLE_STYLES:
            styles.remove(style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document():
    """A python-docx document on the lean template (parsed afresh each time)."""
    return new_docx(io.BytesIO(_template()))
