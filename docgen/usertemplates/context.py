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

A memo (:func:`memo_context`) has a letter's names but closing, references,
enclosures and recipients, and adds ``unit``, ``phone``, ``email``,
``office_line`` (ส่วนราชการ as docgen prints it) and ``sections``; its headed
parts follow the body in ``body``.  An order (:func:`order_context`) has
``issuer``, ``title``, ``number`` ("3512/2561"), ``register_number``, ``year``,
``date``, ``subject``, ``preamble``, ``committees`` (``{number, heading, title,
members}``), ``members`` (``{number, name, position, role, text}``),
``duties_intro``, ``duties`` (``{number, text}``), ``paragraphs``,
``effective``, ``effective_text``, ``signer.lines``, ``district``,
``listed_as``, ``schedule`` and ``vars``.  A certification
(:func:`certification_context`) has ``number``, ``issuer`` and ``title``
(lines), ``statement``, ``paragraphs``, ``date``, ``date_line``, ``unit``,
``district``, ``province``, ``figures``, ``signatures`` (``{lines}``) and
``sample``/``sample_note`` (see docs/word-templates.md).

>>> paragraphs(["ข้อความ", {"heading": "หัวข้อ", "items": ["ก", {"text": "ข", "items": ["ค"]}]}])[1:]
[{'text': '๑. หัวข้อ', 'level': 1, 'number': '๑'}, {'text': '๑.๑ ก', 'level': 2, 'number': '๑.๑'}, \
{'text': '๑.๒ ข', 'level': 2, 'number': '๑.๒'}, {'text': '๑.๒.๑ ค', 'level': 3, 'number': '๑.๒.๑'}]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.thai import thai_digits

KINDS = ("letter", "memo", "order", "certification")  # the kinds a Word template can fill
BLANK_NUMBER = "." * 10  # an order's number: auto, for the hand (the register is not asked)


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


def _signer(signer) -> dict[str, Any]:
    acting = signer.acting
    return {
        "name": signer.name,
        "position": signer.position,
        "acting": f"{acting.phrase}{'' if acting.phrase == 'รักษาการในตำแหน่ง' else ' '}{acting.principal}"
                  if acting else "",
        "lines": signer.lines(),
    }


def _organisation(org) -> dict[str, Any]:
    if org is None:
        return {"name": "", "address": [], "address_text": "", "postal_code": "", "code": "", "motto": ""}
    address = list(org.address)
    if org.postal_code and address:
        address[-1] = f"{address[-1]} {org.postal_code}"
    return {"name": org.name, "address": address, "address_text": " ".join(address),
            "postal_code": org.postal_code or "", "code": org.code or "", "motto": org.motto or ""}


def _owner(org) -> dict[str, Any]:
    owner = org.owner
    return {"office": owner.office, "unit": owner.unit or "", "phone": owner.phone or "",
            "fax": owner.fax or "", "email": owner.email or "", "url": owner.url or "",
            "responsible": owner.responsible.name if owner.responsible else ""}


def _schedule(schedule, when):
    from docgen.config import schedule_view
    from docgen.workdays.resolve import resolve_schedule

    return schedule_view(resolve_schedule(schedule, None, when) if schedule else None)


def letter_context(bundle, recipient: str | None = None) -> dict[str, Any]:
    """The context of a :class:`~docgen.config.LetterBundle` (one recipient's copy)."""
    letter, org = bundle.letter, bundle.organisation
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
        "signer": _signer(bundle.signer),
        "organisation": _organisation(org),
        "owner": _owner(org),
        "schedule": _schedule(bundle.schedule, letter.date),
        "vars": dict(letter.vars),
    }


def memo_context(bundle) -> dict[str, Any]:
    """The context of a :class:`~docgen.config.memo.MemoBundle`: a letter's
    names (no closing, references or enclosures) and the header line ส่วนราชการ."""
    from docgen.builders.memo import unit_line

    memo, org = bundle.memo, bundle.organisation
    owner = org.owner
    parts = memo.sections.parts() if memo.sections else []
    return {
        "kind": "memo",
        "number": memo.number_text(org.code),
        "date": memo.date,
        "speed": memo.speed or "",
        "secrecy": memo.secrecy or "",
        "unit": memo.unit or " ".join(part for part in (owner.office, owner.unit) if part),
        "phone": memo.phone or owner.phone or "",
        "email": memo.email or "",
        "office_line": unit_line(bundle),
        "subject": memo.subject,
        "salutation": memo.salutation,
        "recipient": memo.recipient,
        "body": paragraphs([*memo.body, *({"heading": heading, "paragraphs": texts} for heading, texts in parts)]),
        "sections": [{"heading": heading, "paragraphs": texts} for heading, texts in parts],
        "conclusion": memo.conclusion or "",
        "signer": _signer(bundle.signer),
        "organisation": _organisation(org),
        "owner": _owner(org),
        "schedule": _schedule(bundle.schedule, memo.date),
        "vars": dict(memo.vars),
    }


def order_context(bundle, vars: dict | None = None, schedule=None) -> dict[str, Any]:
    """The context of an :class:`~docgen.config.orders.OrderBundle`; ``vars`` and
    ``schedule`` (a schedule view) are the order file's, which the bundle does not keep."""
    from docgen.builders.common import NBSP
    from docgen.builders.order import NOW, default_duties_intro
    from docgen.thai import thai_date

    several = len(bundle.committees) > 1
    committees = []
    for index, committee in enumerate(bundle.committees, 1):
        number = thai_digits(str(index))
        members = []
        for m_index, member in enumerate(committee.members, 1):
            label = thai_digits(f"{index}.{m_index}" if several else str(m_index))
            members.append({"number": label, "name": member.name or "", "position": member.position,
                            "role": member.role,
                            "text": " ".join(part for part in (member.name, member.position) if part)})
        heading = committee.heading or ""
        committees.append({"number": number if several else "", "heading": heading,
                           "title": f"{number}. {heading}" if several and heading else heading,
                           "members": members})
    if bundle.effective is None:
        effective_text = NOW
    else:
        effective_text = f"ทั้งนี้ ตั้งแต่วันที่ {thai_date(bundle.effective).replace(' ', NBSP)} เป็นต้นไป"
    number = BLANK_NUMBER if bundle.number is None else str(bundle.number)
    district = bundle.district
    return {
        "kind": "order",
        "issuer": bundle.issuer,
        "title": f"คำสั่ง{bundle.issuer}",
        "number": f"{number}/{bundle.year}",
        "register_number": "" if bundle.number is None else str(bundle.number),
        "year": bundle.year,
        "date": bundle.date,
        "speed": bundle.speed or "",
        "secrecy": bundle.secrecy or "",
        "subject": bundle.subject,
        "preamble": list(bundle.preamble),
        "committees": committees,
        "members": [member for committee in committees for member in committee["members"]],
        "duties_intro": bundle.duties_intro or default_duties_intro(bundle.committees),
        "duties": [{"number": thai_digits(str(index)), "text": text}
                   for index, text in enumerate(bundle.duties, 1)],
        "paragraphs": list(bundle.paragraphs),
        "effective": bundle.effective,
        "effective_text": effective_text,
        "signer": {"lines": list(bundle.signer_lines)},
        "district": {"code": district.code, "name": district.name, "short_name": district.short_name}
                    if district else {"code": "", "name": "", "short_name": ""},
        "listed_as": bundle.listed_as or f"คำสั่ง{bundle.subject}",
        "schedule": schedule,
        "vars": dict(vars or {}),
    }


def _orders(config: Path) -> list[tuple[str, dict[str, Any]]]:
    from docgen.config import load_schedule, schedule_view
    from docgen.config.loader import load_yaml
    from docgen.config.orders import load_orders
    from docgen.config.orders.schema import OrderFile

    bundles = load_orders(config)  # every problem of the order files, first
    doc = load_yaml(config)
    raw = doc.validate(OrderFile)
    schedule = schedule_view(load_schedule(doc, raw.schedule, raw.date) if raw.schedule else None)
    return [(bundle.name, order_context(bundle, raw.vars, schedule)) for bundle in bundles]


def _place(place: Any) -> dict[str, str]:
    if place is None:
        return {"code": "", "name": "", "full_name": "", "head": "", "cdd_officer": ""}
    return {"code": place.code, "name": place.name_th, "full_name": place.full_name_th, "head": place.head,
            "cdd_officer": place.cdd_officer}


def certification_context(cert: Any) -> dict[str, Any]:
    """What a certification template sees (texts as docgen prints them, digits not yet Thai)."""
    from docgen.builders.certification import SAMPLE_NOTE
    from docgen.config.certification.figures import figures_view

    unit = cert.unit
    figures = figures_view(cert.figures, "jpt")  # the counts as printed (the survey only words .text, unused)
    return {
        "number": cert.number,
        "issuer": list(cert.issuer),
        "title": list(cert.title),
        "statement": cert.paragraphs[0] if cert.paragraphs else "",
        "paragraphs": list(cert.paragraphs),
        "date": cert.date,
        "date_line": cert.date_line,
        "speed": cert.speed or "",
        "secrecy": cert.secrecy or "",
        "unit": {"code": unit.code, "name": unit.name, "short": unit.short, "type_name": unit.type_name,
                 "level": unit.level, "head": unit.head, "office": unit.office, "status": unit.status or "",
                 "tambons": [name for _, name in unit.tambons]},
        "district": _place(unit.district),
        "province": _place(unit.province),
        "figures": {"households_target": figures.households_target,
                    "households_surveyed": figures.households_surveyed,
                    "households_percent": figures.households_percent,
                    "villages_target": figures.villages_target, "villages_surveyed": figures.villages_surveyed},
        "signatures": [{"lines": list(lines)} for lines in cert.signatures],
        "sample": cert.sample,
        "sample_note": SAMPLE_NOTE if cert.sample else "",
    }


def contexts_for(config: Path, include_unverified: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """(output name, context) for each document a config makes with a Word
    template: a letter, or one copy per recipient; a memo; an order, or one per
    district; a certification per unit (named as docgen names them).  Other
    kinds: ValueError."""
    from docgen.config import load_letter
    from docgen.config.loader import load_yaml

    kind = load_yaml(Path(config)).data.get("kind", "letter")
    if kind == "certification":
        from docgen.config.certification import load_certification

        return [(cert.name, certification_context(cert)) for cert in load_certification(Path(config),
                                                                                         include_unverified)]
    if kind == "memo":
        from docgen.config.memo import load_memo

        return [(Path(config).stem, memo_context(load_memo(Path(config))))]
    if kind == "order":
        return _orders(Path(config))
    if kind != "letter":
        raise ValueError(f"Word templates fill {', '.join(KINDS)}; {config} is a {kind!r}, "
                         "which docgen renders with its own layout only (leave out the template)")
    bundle = load_letter(Path(config))
    stem = Path(config).stem
    if bundle.letter.recipients:
        return [(f"{stem}-{index:02d}", letter_context(bundle, name))
                for index, name in enumerate(bundle.letter.recipients, 1)]
    return [(stem, letter_context(bundle))]
