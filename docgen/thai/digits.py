"""Arabic <-> Thai digits in running text, leaving protected spans alone.

Thai government documents write numbers with Thai digits (๐-๙), but some
spans must keep their Arabic digits: e-mail addresses, URLs, ``www.``
addresses, bare domain names, and spans the author quoted with backticks
(the backticks are dropped, the content is kept verbatim).

>>> thai_digits("ภายในวันที่ 2 พฤศจิกายน 2561")
'ภายในวันที่ ๒ พฤศจิกายน ๒๕๖๑'
>>> thai_digits("ติดต่อ panaisrs99@gmail.com หรือ http://lopburi.cdd.go.th ข้อ 3")
'ติดต่อ panaisrs99@gmail.com หรือ http://lopburi.cdd.go.th ข้อ ๓'
>>> thai_digits("มาตรฐาน `ISO 9001` ปี 2561")
'มาตรฐาน ISO 9001 ปี ๒๕๖๑'
>>> arabic_digits("พ.ศ. ๒๕๖๑")
'พ.ศ. 2561'
>>> protected_spans("ดู example.com")
[(3, 14)]
>>> has_arabic_digit_outside_protected("ดู www.x1.com ข้อ ๑")
False

The module does no I/O and imports only the standard library.  The digit
tables are the same as ``pythainlp.util.arabic_digit_to_thai_digit`` (the
tests check that); pythainlp is not imported here because importing
``pythainlp.util`` creates ``~/pythainlp-data`` and reads a corpus file.
"""

import re

__all__ = [
    "thai_digits",
    "arabic_digits",
    "plain_thai_digits",
    "protected_spans",
    "has_arabic_digit_outside_protected",
]

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ARABIC_DIGIT = re.compile(r"[0-9]")

# Characters that glue onto a span from outside: a span may not start or end
# right next to one of these.  Thai digits count like Arabic ones so that
# converting a neighbouring digit never changes what is protected.
_WORD = r"A-Za-z0-9๐-๙_"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_URL_CHAR = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_TAIL = rf"(?::[0-9]{{1,5}})?(?:[/?#]{_URL_CHAR}*)?"  # optional port and path
_TLD = r"[a-z]{2,24}"

_BACKTICK = re.compile(r"`([^`\n]+)`")
_URL = re.compile(rf"(?<![{_WORD}])[A-Za-z][A-Za-z0-9+.\-]*://{_URL_CHAR}+")
_EMAIL = re.compile(
    rf"(?<![{_WORD}.%+\-])[A-Za-z0-9._%+\-]+@(?:{_LABEL}\.)+(?i:{_TLD})"
    rf"(?![{_WORD}\-])"
)
_WWW = re.compile(rf"(?<![{_WORD}.\-])(?i:www)(?:\.{_LABEL})+{_TAIL}")
_DOMAIN = re.compile(
    rf"(?<![{_WORD}.\-@])(?P<host>(?:{_LABEL}\.)+{_TLD})(?![{_WORD}\-]){_TAIL}"
)
_TRAILING_PUNCT = ".,;:!?'"


def _trim(text: str, start: int, end: int) -> int:
    """Return ``end`` moved left past sentence punctuation ending a link."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING_PUNCT:
            end -= 1
        elif last == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        else:
            break
    return end


def _is_domain(match: re.Match[str]) -> bool:
    """Reject ``1.ab``-like hosts: two labels where the first is all digits."""
    labels = match.group("host").split(".")
    return len(labels) > 2 or not labels[0].isdigit()


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """Non-overlapping protected spans, sorted, as (start, end, is_backtick)."""
    quoted = [(m.start(), m.end(), True) for m in _BACKTICK.finditer(text)]
    found: list[tuple[int, int, bool]] = []
    for pattern in (_URL, _EMAIL, _WWW, _DOMAIN):
        for m in pattern.finditer(text):
            if pattern is _DOMAIN and not _is_domain(m):
                continue
            start = m.start()
            end = m.end() if pattern is _EMAIL else _trim(text, start, m.end())
            if not any(s < end and start < e for s, e, _ in quoted):
                found.append((start, end, False))
    merged: list[tuple[int, int, bool]] = []
    for start, end, _ in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), False)
        else:
            merged.append((start, end, False))
    return sorted(merged + quoted)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping ``(start, end)`` spans of ``text``
    that :func:`thai_digits` leaves unchanged (backtick spans include the
    backticks).

    >>> protected_spans("ก `a1` b@c.th")
    [(2, 6), (7, 13)]
    """
    return [(start, end) for start, end, _ in _spans(text)]


def _segments(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, is_protected); backticks already removed."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end, quoted in _spans(text):
        pieces.append((text[pos:start], False))
        pieces.append((text[start + 1 : end - 1] if quoted else text[start:end], True))
        pos = end
    pieces.append((text[pos:], False))
    return pieces


def thai_digits(text: str) -> str:
    """Convert Arabic digits to Thai digits outside protected spans.

    Backtick-quoted spans lose their backticks and keep their content; a lone
    backtick (or an empty pair) stays as it is.

    >>> thai_digits("เว็บไซต์ ebmn.cdd.co.th ภายในวันที่ 2 พ.ย. 61")
    'เว็บไซต์ ebmn.cdd.co.th ภายในวันที่ ๒ พ.ย. ๖๑'
    >>> thai_digits("ราคา 1.50 บาท ` ข้อ 2")
    'ราคา ๑.๕๐ บาท ` ข้อ ๒'
    """
    return "".join(
        piece if protected else piece.translate(_TO_THAI)
        for piece, protected in _segments(text)
    )


def arabic_digits(text: str) -> str:
    """Convert every Thai digit to an Arabic digit (no protected spans).

    >>> arabic_digits("๐ ๓๖๗๗ ๐๑๓๕")
    '0 3677 0135'
    """
    return text.translate(_TO_ARABIC)


def plain_thai_digits(text: str) -> str:
    """Convert every Arabic digit to a Thai digit, ignoring protected spans.

    For strings known to hold only numbers, such as dates and phone numbers.

    >>> plain_thai_digits("a1.com 2561")
    'a๑.com ๒๕๖๑'
    """
    return text.translate(_TO_THAI)


def has_arabic_digit_outside_protected(text: str) -> bool:
    """Return True if a digit 0-9 occurs in ``text`` outside protected spans.

    >>> has_arabic_digit_outside_protected("ข้อ 1")
    True
    >>> has_arabic_digit_outside_protected("ข้อ ๑ `ISO 9001`")
    False
    """
    pos = 0
    for start, end in protected_spans(text):
        if _ARABIC_DIGIT.search(text, pos, start):
            return True
        pos = end
    return _ARABIC_DIGIT.search(text, pos) is not None
