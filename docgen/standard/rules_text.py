"""Rules on the text: digits, dates, abbreviations, document numbers, the parts
of a letter and their order, salutation and closing, the signature block
(spec §6, §7, §9-§12, §16, §17; checks 7-10 and 12-14, 23 of §21).

>>> first_arabic_digit("ติดต่อ panaisrs99@gmail.com ข้อ 3")
32
>>> first_arabic_digit("ISO9001 ข้อ ๓") is None
True
>>> [m.group(0) for m in malformed_abbreviations("๑ ต.ค. - ๓๑ ต.ค.๖๑ พ.ค..๖๒ พ.ย ๖๑ ม.ค. ๖๒")]
['ต.ค.๖๑', 'พ.ค..๖๒', 'พ.ย ๖๑']
>>> bool(DATE.match("๑๖ ตุลาคม ๒๕๖๑")), bool(DATE.match("16 ตุลาคม 2561")), bool(DATE.match("๐๑ ตุลาคม ๒๕๖๑"))
(True, False, False)
"""

from __future__ import annotations

import re

from docgen import layout
from docgen.standard.rules import at, rule
from docgen.standard.view import CLOSINGS, SALUTATIONS, Doc, Line
from docgen.thai import ABBR_MONTHS, FULL_MONTHS, protected_spans

MONTHS = "|".join(FULL_MONTHS)
DATE = re.compile(rf"^[๑-๙][๐-๙]? ({MONTHS}) [๐-๙]{{4}}$")  # check 9
ANY_DATE = re.compile(rf"(?<![0-9๐-๙])([0-9๐-๙]{{1,2}})\s*({MONTHS})\s*(พ\.ศ\.\s*)?([0-9๐-๙]{{2,4}})(?![0-9๐-๙])")
LETTER_NUMBER = re.compile(r"^ที่ [ก-ฮ]{2,3} [๐-๙]{4}(\.[๐-๙]+)*/(ว ?)?([๐-๙]+|\.{3,}|…+)(?=\s|$)")  # check 10
ORDER_NUMBER = re.compile(r"^ที่ ([๑-๙][๐-๙]*|\.{3,}|…+)/([๐-๙]{4}|\.{3,}|…+)$")
SERIAL_NUMBER = re.compile(r"^เลขที่ ([๑-๙][๐-๙]*|\.{3,}|…+)/([๐-๙]{4}|\.{3,}|…+)(?=\s|$)")
NAME_LINE = re.compile(r"^\(.+\)$")
ACTING = ("ปฏิบัติราชการแทน", "รักษาราชการแทน")
PAIRS = {"กราบเรียน": ("ขอแสดงความนับถืออย่างยิ่ง",), "เรียน": ("ขอแสดงความนับถือ",),
         "นมัสการ": tuple(c for c in CLOSINGS if c.startswith("ขอนมัสการ"))}
THAI_DIGIT_VALUE = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
TEXT_KINDS = ("letter", "memo", "order", "certification")


def plain(text: str) -> str:
    """Tabs and runs of spaces (no-break ones too) as one space, stripped."""
    return re.sub(r"[\s\u00a0]+", " ", text).strip()


def first_arabic_digit(text: str) -> int | None:
    """Index of the first Arabic digit outside e-mail addresses, URLs and Latin words, else None."""
    spans = protected_spans(text)
    for match in re.finditer(r"[0-9]", text):
        i = match.start()
        if any(s <= i < e for s, e in spans):
            continue
        word = re.search(r"[A-Za-z0-9._-]*$", text[:i]).group(0) + re.match(r"[A-Za-z0-9._-]*", text[i:]).group(0)
        if re.search(r"[A-Za-z]", word):  # a code written in Latin script (ISO9001, A4)
            continue
        return i
    return None


def _run_at(line: Line, index: int) -> int | None:
    position = 0
    for number, run in enumerate(line.runs, start=1):
        position += len(run.text)
        if index < position:
            return number
    return None


@rule("arabic-digits", "§7", (7,), "Thai digits everywhere except e-mail addresses, URLs and Latin codes")
def arabic_digits(doc: Doc, r):
    for line in doc.lines:
        index = first_arabic_digit(line.text)
        if index is not None:
            digits = re.match(r"[0-9]+(?:[.,:/ -][0-9]+)*", line.text[index:]).group(0)
            yield r.finding("Arabic digits where Thai digits are expected", at(line, _run_at(line, index)),
                            f"{digits}: {line.text[max(0, index - 20):index + 40]}")


def _value(digits: str) -> int:
    return int(digits.translate(THAI_DIGIT_VALUE))


@rule("be-year", "§7", (9,), "Years are Buddhist Era (พ.ศ. = ค.ศ. + 543), four digits in full dates")
def be_year(doc: Doc, r):
    for line in doc.lines:
        for match in ANY_DATE.finditer(line.text):
            year = match.group(4)
            value = _value(year)
            if len(year) != 4:
                yield r.finding(f"full date with a {len(year)}-digit year '{match.group(0)}'", at(line), line.text)
            elif value < 2400:
                yield r.finding(f"year {year} is not Buddhist Era (ค.ศ. {value} = พ.ศ. {value + 543})", at(line),
                                line.text)


def _date_line(doc: Doc) -> tuple[int, Line] | None:
    """A letter's date line: a line of its own, between ที่ and เรื่อง, naming a month."""
    months = FULL_MONTHS + tuple(m.rstrip(".") for m in ABBR_MONTHS)
    for index, line in enumerate(doc.lines):
        text = plain(line.text)
        if text.startswith("เรื่อง"):
            return None
        if any(m in text for m in months) and re.search(r"[0-9๐-๙]", text) and not text.startswith("ที่ "):
            return index, line
    return None


@rule("date-line", "§7", (9,), "Date line: day, full month, BE year ('๑๖ ตุลาคม ๒๕๖๑'); orders 'สั่ง ณ วันที่ … พ.ศ. …'",
      kinds=("letter", "memo", "order"))
def date_line(doc: Doc, r):
    if doc.kind == "letter":
        found = _date_line(doc)
        if found is None:
            yield r.finding("no date line between the ที่ line and เรื่อง")
        elif not DATE.match(plain(found[1].text)):
            yield r.finding(f"date line '{plain(found[1].text)}' is not 'day full-month BE-year' (e.g. ๑๖ ตุลาคม ๒๕๖๑)",
                            at(found[1]), found[1].text)
    elif doc.kind == "memo":
        for line in doc.lines[:8]:
            text = plain(line.text)
            if "วันที่" in text and text.startswith("ที่"):
                value = re.sub(r"\s*\.{3,}.*$", "", text.split("วันที่", 1)[1]).strip()
                if value and not DATE.match(value):
                    yield r.finding(f"memo date '{value}' is not 'day full-month BE-year'", at(line), line.text)
                return
    else:
        lines = [line for line in doc.lines if plain(line.text).startswith("สั่ง ณ วันที่")]
        for line in lines:
            value = plain(line.text)[len("สั่ง ณ วันที่"):].strip()
            if not re.match(rf"^([๑-๙][๐-๙]?|\.{{3,}}) ({MONTHS}|\.{{3,}}) พ\.ศ\. ([๐-๙]{{4}}|\.{{3,}})$", value):
                yield r.finding(f"order date '{value}' is not 'day full-month พ.ศ. BE-year'", at(line), line.text)
        if not lines:
            yield r.finding("no 'สั่ง ณ วันที่ … พ.ศ. …' line")


_ABBR = "|".join(
    rf"{re.escape(a.split('.')[0])}(?P<d{i}a>\.*)\s?{re.escape(a.split('.')[1])}(?P<d{i}b>\.*)"
    for i, a in enumerate(ABBR_MONTHS))
_ABBREVIATED = re.compile(rf"(?<![ก-๛])(?:{_ABBR})(?P<sep> ?|-)(?P<year>[0-9๐-๙]{{2}}(?:[0-9๐-๙]{{2}})?)(?![0-9๐-๙])")


def malformed_abbreviations(text: str):
    """Abbreviated month-and-year dates not written "พ.ย. ๖๑" (one dot after each
    letter group, one space before the year)."""
    for match in _ABBREVIATED.finditer(text):
        dots = [v for k, v in match.groupdict().items() if k.startswith("d") and v is not None]
        if dots != [".", "."] or match.group("sep") != " ":
            yield match


@rule("abbreviated-date", "§7", (9,), "Abbreviated months are written 'พ.ย. ๖๑': a dot after each part, a space before the year")
def abbreviated_date(doc: Doc, r):
    for line in doc.lines:
        for match in malformed_abbreviations(line.text):
            dots = [v for k, v in match.groupdict().items() if k.startswith("d") and v is not None]
            if any(len(d) > 1 for d in dots):
                problem, severity = "a repeated dot", "error"
            elif any(not d for d in dots):
                problem, severity = "a missing dot", "error"
            elif match.group("sep") == "-":
                problem, severity = "a dash between month and year", "error"
            else:
                problem, severity = "no space before the year", "warning"
            yield r.finding(f"abbreviated date '{match.group(0)}' has {problem}", at(line), line.text, severity)


@rule("document-number", "§6", (10,), "ที่ <code> <nnnn>/<n> (letters), ที่ <n>/<BE year> (orders)", kinds=TEXT_KINDS)
def document_number(doc: Doc, r):
    for line in doc.lines[:10]:
        text = re.sub(r"\s*วันที่.*$", "", plain(line.text)) if doc.kind == "memo" else plain(line.text)
        if doc.kind == "certification" and text.startswith("เลขที่ "):
            if not SERIAL_NUMBER.match(text):
                yield r.finding(f"number '{text}' is not 'เลขที่ n/BE-year'", at(line), line.text)
            return
        if text.startswith("ที่ ") or text == "ที่":
            pattern = ORDER_NUMBER if doc.kind == "order" else LETTER_NUMBER
            if not pattern.match(text):
                want = "ที่ n/BE-year" if doc.kind == "order" else "ที่ <2-3 letters> <4 Thai digits>/<number>"
                yield r.finding(f"number '{text}' is not '{want}'", at(line), line.text)
            return


def _first(doc: Doc, test) -> int | None:
    return next((i for i, line in enumerate(doc.lines) if test(plain(line.text))), None)


def _parts(doc: Doc) -> list[tuple[str, int | None]]:
    starts = lambda *words: (lambda t: t.startswith(words))  # noqa: E731
    if doc.kind == "letter":
        date = _date_line(doc)
        return [("ที่ (number)", _first(doc, starts("ที่ "))), ("date line", date[0] if date else None),
                ("เรื่อง (subject)", _first(doc, starts("เรื่อง"))),
                ("คำขึ้นต้น (salutation)", _first(doc, starts(*SALUTATIONS))),
                ("คำลงท้าย (closing)", _first(doc, lambda t: t in CLOSINGS)),
                ("signer's name in parentheses", _first(doc, NAME_LINE.match))]
    if doc.kind == "memo":
        return [("ส่วนราชการ", _first(doc, starts("ส่วนราชการ"))), ("ที่ … วันที่", _first(doc, starts("ที่"))),
                ("เรื่อง (subject)", _first(doc, starts("เรื่อง"))),
                ("คำขึ้นต้น (salutation)", _first(doc, starts(*SALUTATIONS))),
                ("signer's name in parentheses", _first(doc, NAME_LINE.match))]
    if doc.kind == "order":
        return [("คำสั่ง… (title)", _first(doc, starts("คำสั่ง"))), ("ที่ (number)", _first(doc, starts("ที่ "))),
                ("เรื่อง (subject)", _first(doc, starts("เรื่อง"))), ("ทั้งนี้ …", _first(doc, starts("ทั้งนี้"))),
                ("สั่ง ณ วันที่", _first(doc, starts("สั่ง ณ วันที่"))),
                ("signer's name in parentheses", _first(doc, NAME_LINE.match))]
    return [("signer's name in parentheses", _first(doc, NAME_LINE.match))]


@rule("parts", "§9-§15", (12,), "Every part of the form is there, in the form's order; no empty labels", kinds=TEXT_KINDS)
def parts(doc: Doc, r):
    found = _parts(doc)
    for name, index in found:
        if index is None:
            yield r.finding(f"missing part: {name}")
    present = [(name, index) for name, index in found if index is not None]
    for (before, i), (after, j) in zip(present, present[1:]):
        if j < i:
            yield r.finding(f"{after} comes before {before}", at(doc.lines[j]), doc.lines[j].text)
    for line in doc.lines:
        if plain(line.text) in ("อ้างถึง", "สิ่งที่ส่งมาด้วย", "เรื่อง", "เรียน", "ที่"):
            yield r.finding(f"label '{plain(line.text)}' with nothing after it", at(line), line.text)


@rule("salutation-closing", "§16", (13,), "Salutation and closing form a pair of §16; memos have no closing",
      kinds=("letter", "memo"))
def salutation_closing(doc: Doc, r):
    salutation = next((plain(l.text) for l in doc.lines if plain(l.text).startswith(SALUTATIONS)), None)
    closing = next((l for l in doc.lines if plain(l.text) in CLOSINGS), None)
    if doc.kind == "memo":
        if closing is not None:
            yield r.finding(f"a memo has no closing, but '{plain(closing.text)}' is there", at(closing), closing.text)
        return
    if salutation and closing is not None:
        word = next(w for w in SALUTATIONS if salutation.startswith(w))
        if plain(closing.text) not in PAIRS[word]:
            yield r.finding(f"'{word}' is closed with '{PAIRS[word][0]}', not '{plain(closing.text)}'", at(closing),
                            closing.text)


@rule("signature-block", "§17", (14,), "Closing, 3 blank lines, '(name)', position lines; acting phrase ends its line",
      kinds=TEXT_KINDS)
def signature_block(doc: Doc, r):
    names = [i for i, line in enumerate(doc.lines) if NAME_LINE.match(plain(line.text))]
    if not names:
        return  # reported by "parts"
    index = names[-1]
    name = doc.lines[index]
    after = [line for line in doc.lines[index + 1:] if line.text.strip()]
    if not after:
        yield r.finding("no position line under the signer's name", at(name), name.text)
    before = [line for line in doc.lines[:index] if line.text.strip()]
    if before:
        previous = before[-1]
        if name.paragraph is not None:
            blanks = sum(1 for line in doc.lines[doc.lines.index(previous) + 1:index] if not line.text.strip())
            room = blanks + name.space_before / layout.LINE_PITCH
        elif name.page == previous.page:
            pitch = (name.size or layout.BODY_SIZE) * layout.LINE_HEIGHT_EM
            room = (name.top - previous.top) / pitch - 1
        else:
            room = 3  # the block starts a page
        if room < 2.9:
            yield r.finding(f"{max(room, 0):.0f} blank line(s) above the signer's name, not 3", at(name), name.text)
    for line in doc.lines[max(0, index - 1):index + 4]:
        text = plain(line.text)
        for phrase in ACTING:
            if phrase in text and (NAME_LINE.match(text) or not text.endswith(phrase)):
                yield r.finding(f"'{phrase}' must end the signer's own position line", at(line), line.text)


COMBINING = re.compile("^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0e46]")


@rule("line-start", "§3", (8,), "No line begins with a combining mark or ๆ", formats=("pdf",))
def line_start(doc: Doc, r):
    for line in doc.lines:
        if COMBINING.match(line.text):
            yield r.finding(f"line begins with '{line.text[0]}'", at(line), line.text)


@rule("text-layer", "§2a", (23,), "The PDF's text extracts as Unicode Thai, without private-use glyphs",
      formats=("pdf",))
def text_layer(doc: Doc, r):
    for line in doc.lines:
        if re.search("[\ue000-\uf8ff\ufffd]|\\(cid:\\d+\\)", line.text):
            yield r.finding("text does not extract as Unicode (private-use glyphs or unmapped codes)", at(line),
                            line.text)
            return
