"""What a Word template sees: a plain context per kind of document.

For a letter (:func:`letter_context`), every name below; text values are as
the YAML gives them after its own templates ran (digits as typed: use
``|thai_digits``), ``date`` is a :class:`datetime.date` (use ``|be_date``)::

    number            "ลบ 0019/ว 4852"
    date              date(2018, 10, 16)
    speed, secrecy    "ด่วนที่สุด" or "" ; "ลับ" or ""
    subject, salutation, recipient, closing, conclusion
    references        ["หนังสือ ... ลงวันที่ ...", ...]
    enclosures        [{"title": ..., "quantity": "๑ ชุด"}, ...]
    body              [{"text": "๑. เตรียมการ...", "level": 1, "number": "๑"}, ...]
                      level 0: a plain paragraph, 1: a section heading,
                      2: an item (๑.๑) or a section's paragraph, 3: a sub-item (๑.๑.๑)
    signer            {"name", "position", "acting" ("" or "ปฏิบัติราชการแทน ..."), "lines"}
    organisation      {"name", "address" (lines), "address_text", "postal_code", "code", "motto"}
    owner             {"office", "unit", "phone", "fax", "email", "url", "responsible"}
    schedule          activities by id: schedule.lao_certify.end (a date), .period, .end_date
    vars              the letter's vars

>>> paragraphs(["ข้อความ", {"heading": "หัวข้อ", "items": ["ก", {"text": "ข", "items": ["ค"]}]}])[1:]
[{'text': '๑. หัวข้อ', 'level': 1, 'number': '๑'}, {'text': '๑.๑ ก', 'level': 2, 'number': '๑.๑'}, \
{'text': '๑.๒ ข', 'level': 2, 'number': '๑.๒'}, {'text': '๑.๒.๑ ค', 'level': 3, 'number': '๑.๒.๑'}]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.thai import thai_digits


def _get(block: Any, key: str, default: Any = None) -> Any:
    return block.get(key, default) if isinstance(block, dict) else getattr(block, key, default)


def paragraphs(blocks: list) -> list[dict[str, Any]]:
    """The body as numbered paragraphs (numbers in Thai digits, as a letter prints them)."""
    out: list[dict[str, Any]] = []
    section = 0
    for block in blocks:
        if isinstance(block, str):
            out.append({"text": block, "level": 0, "number": ""})
            continue
        section += 1
        number = thai_digits(str(section))
        out.append({"text": f"{number}. {_get(block, 'heading')}", "level": 1, "number": number})
        for index, item in enumerate(_get(block, "items", []) or [], 1):
            item_number = f"{number}.{thai_digits(str(index))}"
            text = item if isinstance(item, str) else _get(item, "text")
            out.append({"text": f"{item_number} {text}", "level": 2, "number": item_number})
            for sub, subitem in enumerate([] if isinstance(item, str) else _get(item, "items", []), 1):
                sub_number = f"{item_number}.{thai_digits(str(sub))}"
                out.append({"text": f"{sub_number} {subitem}", "level": 3, "number": sub_number})
        for text in _get(block, "paragraphs", []) or []:
            out.append({"text": text, "level": 2, "number": ""})
    return out


def letter_context(bundle, recipient: str | None = None) -> dict[str, Any]:
    """The context of a :class:`~docgen.config.LetterBundle` (one recipient's copy)."""
    from docgen.config import schedule_view
    from docgen.workdays.resolve import resolve_schedule

    letter, org, signer = bundle.letter, bundle.organisation, bundle.signer
    address = list(org.address)
    if org.postal_code:
        address[-1] = f"{address[-1]} {org.postal_code}"
    owner = org.owner
    return {
        "kind": "letter",
        "number": letter.number_text(org.code),
        "date": letter.date,
        "speed": letter.speed or "",
        "secrecy": letter.secrecy or "",
        "subject": letter.subject,
        "salutation": letter.salutation,
        "recipient": recipient or letter.recipient or "",
        "recipients": list(letter.recipients),
        "references": list(letter.references),
        "enclosures": [{"title": title, "quantity": e.quantity}
                       for title, e in zip(bundle.enclosure_titles, letter.enclosures)],
        "body": paragraphs(letter.body),
        "conclusion": letter.conclusion or "",
        "closing": letter.closing_text,
        "signer": {
            "name": signer.name,
            "position": signer.position,
            "acting": f"{signer.acting.phrase}{'' if signer.acting.phrase == 'รักษาการในตำแหน่ง' else ' '}"
                      f"{signer.acting.principal}" if signer.acting else "",
            "lines": signer.lines(),
        },
        "organisation": {"name": org.name, "address": address, "address_text": " ".join(address),
                         "postal_code": org.postal_code or "", "code": org.code or "", "motto": org.motto or ""},
        "owner": {"office": owner.office, "unit": owner.unit or "", "phone": owner.phone or "",
                  "fax": owner.fax or "", "email": owner.email or "", "url": owner.url or "",
                  "responsible": owner.responsible.name if owner.responsible else ""},
        "schedule": schedule_view(resolve_schedule(bundle.schedule, None, letter.date) if bundle.schedule else None),
        "vars": dict(letter.vars),
    }


def contexts_for(config: Path) -> list[tuple[str, dict[str, Any]]]:
    """(output name, context) for each document a config makes with a Word
    template: a letter, or one copy per recipient.  Other kinds: ValueError."""
    from docgen.config import load_letter
    from docgen.config.loader import load_yaml

    kind = load_yaml(Path(config)).data.get("kind", "letter")
    if kind != "letter":
        raise ValueError(f"Word templates fill letters for now; {config} is a {kind}")
    bundle = load_letter(Path(config))
    stem = Path(config).stem
    if bundle.letter.recipients:
        return [(f"{stem}-{index:02d}", letter_context(bundle, name))
                for index, name in enumerate(bundle.letter.recipients, 1)]
    return [(stem, letter_context(bundle))]
