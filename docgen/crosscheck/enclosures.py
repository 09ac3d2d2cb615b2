"""Rules about a letter's สิ่งที่ส่งมาด้วย and the package that goes with it.

The letter prints its list from the same entries the package encloses, so the
two cannot list different documents; what can go wrong is an entry that is
listed but not enclosed, a typed title that is not the enclosed document's,
and a body that cites an enclosure number the list does not have.

>>> _shared("จำนวนครัวเรือนเป้าหมายและคำรับรองคุณภาพข้อมูล", "คำรับรองคุณภาพข้อมูลความจำเป็นพื้นฐาน")
20
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterator

from docgen.crosscheck.findings import Finding, finding
from docgen.crosscheck.package import Package
from docgen.crosscheck.sources import rendered
from docgen.crosscheck.thaitext import arabic

_CITED = re.compile(r"สิ่งที่ส่งมาด้วย ?([0-9]+)")
MIN_SHARED = 10  # characters a typed title shares with the enclosed document's own


def _shared(a: str, b: str) -> int:
    """The longest run of characters two titles share."""
    a, b = " ".join(arabic(a).split()), " ".join(arabic(b).split())
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def enclosure_list(package: Package) -> Iterator[Finding]:
    """Every listed enclosure is in the package, under a title its document gives."""
    bundle = package.letter
    if bundle is None:
        return
    doc = package.main.doc
    for index, enclosure in enumerate(bundle.letter.enclosures):
        number = index + 1
        if not enclosure.documents and not enclosure.file:
            yield finding("warning", "enclosure-not-enclosed", doc.problem(
                ("enclosures", index), f"enclosure {number} '{enclosure.title}' is listed but not in the "
                "package (it has no document: or file:)", at_key=True),
                "add file: <the PDF> (or document: <config>) to enclose it; otherwise send it separately")
            continue
        raw = (doc.data.get("enclosures") or [])[index]
        if not (isinstance(raw, dict) and raw.get("title")):
            continue  # listed by the document's own title
        parts = [p for p in package.enclosed if p.number == number and p.built]
        for part in parts:
            own = [d.meta.get("listed_as") or d.title for _, d in part.built[:1]]
            if own and _shared(enclosure.title or "", own[0]) < MIN_SHARED:
                yield finding("warning", "enclosure-title", doc.problem(
                    ("enclosures", index, "title"), f"enclosure {number} is listed as '{enclosure.title}', "
                    f"but {part.path.name} is titled '{own[0]}'"),
                    "drop title: to list it by its own title, or set listed_as: in that file")


def enclosure_numbers(package: Package) -> Iterator[Finding]:
    """"สิ่งที่ส่งมาด้วย n" in the letter's text names an enclosure the letter has."""
    bundle, part = package.letter, package.main
    if bundle is None or part.context is None:
        return
    count = len(bundle.letter.enclosures)
    env = part.env
    for text in part.texts():
        if text.loc[:1] == ("enclosures",):
            continue
        printed = rendered(env, text, part.context) or ""
        for match in _CITED.finditer(arabic(printed)):
            if int(match.group(1)) > count:
                needle = next((n for n in (match.group(0), "สิ่งที่ส่งมาด้วย") if n in text.source), None)
                yield finding("error", "enclosure-number", text.problem(
                    f"cites สิ่งที่ส่งมาด้วย {match.group(1)}, but the letter lists {count} enclosure(s)", needle),
                    "correct the number, or add the enclosure to enclosures:")
