"""Checks for what a client sends: uploaded Word templates, names, payloads,
template source, and limits on the time and memory a render takes.

Every refusal is a :class:`Refused` with an HTTP ``status`` (4xx) and a short
``kind``, so the service maps it to a response without knowing the details::

    Refused (400)         UnsafeName, BadPayload
    TooLarge (413)        an upload or payload over a size limit, a zip bomb
    UnsafeDocument (415)  not a DOCX, macros, ActiveX, DTDs, external links
    UnsafeTemplate (422)  template source the sandbox refuses
    LimitExceeded (422)   a render over its time or memory limit

>>> safe_name("หนังสือเวียน-2562.docx")
'หนังสือเวียน-2562.docx'
>>> safe_name("../etc/passwd")
Traceback (most recent call last):
...
docgen.safety.UnsafeName: name '../etc/passwd': no folders (/ or \\) in a name
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import posixpath
import re
import resource
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any, Callable


__all__ = [
    "BadPayload", "DocxLimits", "LimitExceeded", "Refused", "TooLarge", "UnsafeDocument", "UnsafeName",
    "UnsafeTemplate", "check_docx", "check_template_source", "load_payload", "run_limited", "safe_name",
]


class Refused(ValueError):
    """Input docgen will not use; ``status`` is the HTTP status to answer with."""

    status, kind = 400, "refused"


class UnsafeName(Refused):
    status, kind = 400, "unsafe-name"


class BadPayload(Refused):
    status, kind = 400, "bad-payload"


class TooLarge(Refused):
    status, kind = 413, "too-large"


class UnsafeDocument(Refused):
    status, kind = 415, "unsafe-document"


class UnsafeTemplate(Refused):
    status, kind = 422, "unsafe-template"


class LimitExceeded(Refused):
    status, kind = 422, "limit-exceeded"


# --- names -------------------------------------------------------------------------------------

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
_NAME_MAX = 120  # characters


def safe_name(name: str, suffixes: tuple[str, ...] = ()) -> str:
    """``name`` if it is one plain file name (Thai letters welcome), else
    :class:`UnsafeName`: no ``/`` or ``\\``, not ``.``/``..``, no control
    characters or NUL, not a reserved Windows name, no leading dot or dash,
    at most 120 characters; with ``suffixes``, it must end with one of them.

    >>> safe_name("office-letter.docx", (".docx",))
    'office-letter.docx'
    >>> safe_name("NUL.txt")
    Traceback (most recent call last):
    ...
    docgen.safety.UnsafeName: name 'NUL.txt': a reserved device name on Windows
    """
    def refuse(why: str) -> UnsafeName:
        return UnsafeName(f"name {name[:80]!r}: {why}")

    if not isinstance(name, str) or not name.strip():
        raise refuse("empty")
    if unicodedata.normalize("NFC", name) != name:
        raise refuse("not in Unicode normal form C")
    if "/" in name or "\\" in name:
        raise refuse("no folders (/ or \\) in a name")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\u200b" for c in name):
        raise refuse("control characters (NUL, line breaks, direction marks) are not allowed")
    if name in (".", "..") or ".." in name:
        raise refuse("'..' is not allowed")
    if name[0] in ".-~" or name != name.strip() or name.endswith("."):
        raise refuse("a name starts with a letter or digit and does not end with a dot or space")
    if re.match(r"^[A-Za-z]:", name) or ":" in name:
        raise refuse("no drive letters or ':'")
    if len(name) > _NAME_MAX:
        raise refuse(f"longer than {_NAME_MAX} characters")
    if name.split(".")[0].upper() in _RESERVED:
        raise refuse("a reserved device name on Windows")
    if any(c in name for c in '<>"|?*'):
        raise refuse('the characters < > " | ? * are not allowed')
    if suffixes and not name.lower().endswith(tuple(s.lower() for s in suffixes)):
        raise refuse(f"must end with {' or '.join(suffixes)}")
    return name


# --- uploaded DOCX -----------------------------------------------------------------------------

@dataclass(frozen=True)
class DocxLimits:
    """What an uploaded Word template may be."""

    upload_bytes: int = 10 << 20  # the file as sent
    unpacked_bytes: int = 50 << 20  # all its parts, uncompressed
    part_bytes: int = 20 << 20  # one part, uncompressed
    ratio: int = 100  # uncompressed / compressed, per part over 1 MiB... see check_docx
    entries: int = 1000  # parts in the ZIP


DOCX_LIMITS = DocxLimits()
_MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "activex", "oleobject")
_REFUSED_PARTS = re.compile(r"(?i)(vbaProject\.bin|vbaData\.xml|/activeX/|/embeddings/.*\.(bin|exe|dll|ocx)$|\.(docm|dotm|exe|dll|js|vbs|ocx)$)")
_XML_LIKE = (".xml", ".rels", ".vml")


def check_docx(data: bytes, limits: DocxLimits = DOCX_LIMITS) -> None:
    """Return quietly if ``data`` is a Word (.docx/.dotx) file that is safe to
    open; else raise :class:`UnsafeDocument` or :class:`TooLarge`.

    Refused: not a ZIP, no ``[Content_Types].xml`` or ``word/document.xml``;
    macro-enabled content (``macroEnabled`` types, ``vbaProject.bin``), ActiveX
    and embedded OLE programs; relationships with ``TargetMode="External"``
    (an attached template, a linked file or image on a server: the document
    would fetch it); names with ``..``, a leading ``/`` or a drive; nested
    ZIPs; more entries, bytes or compression than ``limits``; any XML part
    with a DOCTYPE (entity expansion, XXE) or that is not well-formed.

    >>> check_docx(b"PK not really")
    Traceback (most recent call last):
    ...
    docgen.safety.UnsafeDocument: not a Word file (.docx): not a ZIP archive
    """
    if len(data) > limits.upload_bytes:
        raise TooLarge(f"the file is {len(data):,} bytes (limit {limits.upload_bytes:,})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception:
        raise UnsafeDocument("not a Word file (.docx): not a ZIP archive") from None
    if len(entries) > limits.entries:
        raise TooLarge(f"{len(entries):,} parts in the ZIP (limit {limits.entries:,})")
    names = {e.filename for e in entries}
    total = 0
    for entry in entries:
        _check_entry_name(entry.filename)
        total += entry.file_size
        if entry.file_size > limits.part_bytes:
            raise TooLarge(f"part {entry.filename} unpacks to {entry.file_size:,} bytes (limit {limits.part_bytes:,})")
        if entry.file_size > (1 << 20) and entry.file_size > limits.ratio * max(entry.compress_size, 1):
            raise TooLarge(f"part {entry.filename} is compressed {entry.file_size // max(entry.compress_size, 1):,} "
                           f"to 1 (limit {limits.ratio}): a zip bomb?")
        if entry.flag_bits & 0x1:
            raise UnsafeDocument(f"part {entry.filename} is encrypted")
    if total > limits.unpacked_bytes:
        raise TooLarge(f"the parts unpack to {total:,} bytes (limit {limits.unpacked_bytes:,})")
    for required in ("[Content_Types].xml", "word/document.xml"):
        if required not in names:
            raise UnsafeDocument(f"not a Word file (.docx): no {required}")
    for entry in entries:
        if _REFUSED_PARTS.search("/" + entry.filename):
            raise UnsafeDocument(f"part {entry.filename}: macros, ActiveX and embedded programs are not accepted "
                                 "(save the template as a plain .docx)")
        content = _read_limited(archive, entry, limits)
        if content[:4] == b"PK\x03\x04":
            raise UnsafeDocument(f"part {entry.filename} is itself a ZIP (nested archives are not accepted)")
        if entry.filename.lower().endswith(_XML_LIKE):
            root = _parse_xml(entry.filename, content)
            _check_xml_part(entry.filename, content, root)


def _check_entry_name(name: str) -> None:
    normal = posixpath.normpath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or normal.startswith("..") \
            or "/../" in f"/{name.replace(chr(92), '/')}/" or "\x00" in name:
        raise UnsafeDocument(f"part name {name!r} points outside the archive")


def _read_limited(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits: DocxLimits) -> bytes:
    """A part's bytes, reading no more than its declared size (a lying header stops here)."""
    with archive.open(entry) as stream:
        content = stream.read(min(entry.file_size, limits.part_bytes) + 1)
    if len(content) > entry.file_size:
        raise TooLarge(f"part {entry.filename} unpacks to more than its header says: a zip bomb?")
    return content


def _parse_xml(name: str, content: bytes):
    from lxml import etree

    if b"<!DOCTYPE" in content or b"<!ENTITY" in content or b"<!doctype" in content.lower()[:4096]:
        raise UnsafeDocument(f"part {name} declares a DTD or entities (refused: entity expansion, XXE)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise UnsafeDocument(f"part {name} is not well-formed XML ({error})") from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeDocument(f"part {name} declares a DTD (refused: entity expansion, XXE)")
    return root


def _check_xml_part(name: str, content: bytes, root) -> None:
    if name == "[Content_Types].xml":
        for element in root.iter():
            kind = (element.get("ContentType") or "").lower()
            if any(marker in kind for marker in _MACRO_TYPES):
                raise UnsafeDocument(f"content type {element.get('ContentType')}: macro-enabled or ActiveX "
                                     "documents are not accepted (save as a plain .docx)")
    if name.endswith(".rels"):
        for element in root.iter():
            if (element.get("TargetMode") or "").lower() == "external":
                target = element.get("Target") or ""
                kind = (element.get("Type") or "").rsplit("/", 1)[-1]
                if kind == "hyperlink" and re.match(r"(?i)^(https?|mailto):", target):
                    continue  # a link in the text is only shown
                raise UnsafeDocument(f"part {name}: an external {kind} ({target[:80]}) would be fetched "
                                     "when the document opens; remove it")
    if name.startswith("word/") and b"w:object" in content and b"o:OLEObject" in content:
        raise UnsafeDocument(f"part {name} embeds an OLE object (refused)")


# --- template source ---------------------------------------------------------------------------

def check_template_source(source: str | bytes) -> None:
    """Refuse a template (Jinja text, or a DOCX whose text holds it) with
    :class:`UnsafeTemplate` listing what the sandbox would refuse: ``_``
    attributes (``''.__class__``, ``cycler.__init__.__globals__``), ``range``
    and ``*``/``**`` beyond their limits, ``str.format`` and padding methods,
    ``include``/``import``, and syntax errors.  A DOCX is checked with
    :func:`check_docx` first.

    >>> check_template_source("{{ letter.subject }}")
    >>> check_template_source("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    Traceback (most recent call last):
    ...
    docgen.safety.UnsafeTemplate: the template is refused: line 1: attribute '__subclasses__' (names starting with _ are not allowed) (and 2 more)
    """
    from docgen.usertemplates.sandbox import LimitedSandbox, static_problems

    if isinstance(source, bytes):
        check_docx(source)
        from docgen.usertemplates.fill import template_sources

        texts = template_sources(source)
    else:
        texts = [source]
    env = LimitedSandbox()
    problems = [p for text in texts for p in static_problems(env, text)]
    problems = list(dict.fromkeys(problems))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise UnsafeTemplate(f"the template is refused: {problems[0]}{more}")


# --- payloads ----------------------------------------------------------------------------------

def load_payload(data: bytes, content_type: str = "application/yaml", max_bytes: int = 1 << 20) -> dict[str, Any]:
    """A request body (YAML or JSON) as a mapping, or :class:`Refused`:
    :class:`TooLarge` over ``max_bytes``, :class:`BadPayload` for text that is
    not UTF-8, not a mapping, a JSON number of more than 4,300 digits, or
    nested more than 64 levels; YAML goes through docgen's loader and its
    limits (aliases, depth, size).

    >>> load_payload(b'{"kind": "letter"}', "application/json")
    {'kind': 'letter'}
    >>> load_payload(b"\\xff\\xfe", "application/json")
    Traceback (most recent call last):
    ...
    docgen.safety.BadPayload: the body is not UTF-8 text (byte 0xff at 0)
    """
    if len(data) > max_bytes:
        raise TooLarge(f"the body is {len(data):,} bytes (limit {max_bytes:,})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadPayload(f"the body is not UTF-8 text (byte 0x{data[error.start]:02x} at {error.start})") from None
    if "\x00" in text:
        raise BadPayload("the body holds a NUL character")
    if "json" in content_type.lower():
        depth = max_depth = 0
        for char in re.sub(r'"(?:[^"\\]|\\.)*"', '""', text):
            depth += char in "[{"
            depth -= char in "]}"
            max_depth = max(max_depth, depth)
            if max_depth > 64:
                raise BadPayload("the JSON is nested more than 64 levels deep")
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise BadPayload(f"not valid JSON: {str(error)[:200]}") from None
    else:
        from docgen.config.loader import ConfigError, parse_yaml
        from docgen.config.yaml12 import Limits

        try:
            value = parse_yaml(text, "request", Limits(bytes=max_bytes)).data
        except ConfigError as error:
            too_large = any("bytes" in p.message and "over" in p.message for p in error.problems)
            raise (TooLarge if too_large else BadPayload)(str(error)) from None
    if not isinstance(value, dict):
        raise BadPayload("the body must be a mapping of keys (YAML or a JSON object)")
    return value


# --- time and memory ---------------------------------------------------------------------------

def run_limited(func: Callable[..., Any], args: tuple = (), timeout_s: float = 30.0, memory_mb: int = 1024) -> Any:
    """``func(*args)`` in a child process (forked) that may take ``timeout_s``
    seconds and allocate ``memory_mb`` more than the parent held (RLIMIT_AS);
    on overrun the child is killed and :class:`LimitExceeded` raised.  What
    ``func`` returns or raises must pickle; its exceptions are raised here.

    >>> run_limited(sum, ([1, 2, 3],))
    6
    >>> import time
    >>> run_limited(time.sleep, (10,), timeout_s=0.2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    docgen.safety.LimitExceeded: the render took longer than 0.2 s and was stopped
    """
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_limited_child, args=(writer, func, args, memory_mb), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(timeout_s):
            raise LimitExceeded(f"the render took longer than {timeout_s:g} s and was stopped")
        try:
            status, value = reader.recv()
        except (EOFError, OSError):
            child.join(1)
            raise LimitExceeded(f"the render stopped (exit status {child.exitcode}); over {memory_mb} MB of memory?")
    finally:
        reader.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status == "ok":
        return value
    if status == "memory":
        raise LimitExceeded(f"the render needed more than {memory_mb} MB of memory and was stopped")
    raise value


def _limited_child(writer, func: Callable[..., Any], args: tuple, memory_mb: int) -> None:
    try:
        with open("/proc/self/statm") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        held = 0
    limit = held + (memory_mb << 20)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    try:
        result = ("ok", func(*args))
    except MemoryError:
        result = ("memory", None)
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        result = ("error", error)
    try:
        writer.send(result)
    except MemoryError:
        writer.send(("memory", None))
    except Exception as error:  # a result or exception that does not pickle
        writer.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        writer.close()
        os._exit(0)
