"""Thai phone numbers, grouped the way Thai offices write them, in Thai digits.

>>> thai_phone("036-770135")
'๐ ๓๖๗๗ ๐๑๓๕'
>>> thai_phone("+66 2 281 2222 ext. 123")
'๐ ๒๒๘๑ ๒๒๒๒ ต่อ ๑๒๓'
>>> thai_phone("094-224-2534")
'๐๙๔ ๒๒๔ ๒๕๓๔'
>>> thai_phone("1111")
'๑๑๑๑'

Accepted input: Arabic or Thai digits with optional spaces, hyphens, dots and
parentheses; a leading ``+66`` stands for the trunk prefix ``0`` (``+66 0 2...``
is tolerated); an extension written ``ต่อ 123``, ``ext 123`` or ``ext. 123``
may follow.
"""

import re

from .digits import arabic_digits, plain_thai_digits

__all__ = ["thai_phone"]

_EXTENSION = re.compile(r"\s*(?:ต่อ|ext\.?)\s*([0-9]{1,6})\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"\+?[0-9\s.()\-]+")
_SEPARATORS = re.compile(r"[\s.()\-]")
_LANDLINE = re.compile(r"0[2-57][0-9]{7}")  # 02 Bangkok, 03x 04x 05x 07x
_MOBILE = re.compile(r"0[689][0-9]{8}")
_HOTLINE = re.compile(r"1[0-9]{3}")


def _not_a_phone(number: str) -> ValueError:
    return ValueError(
        f"{number!r} is not a Thai phone number (expected a 9-digit landline "
        "starting 02-05 or 07, a 10-digit mobile starting 06, 08 or 09, or a "
        "4-digit hotline starting 1, optionally followed by 'ต่อ <extension>')"
    )


def thai_phone(number: str) -> str:
    """Normalise and group a Thai phone number, in Thai digits.

    Landlines become ``0 XXXX XXXX``, mobiles ``0XX XXX XXXX``, hotlines stay
    4 digits; an extension becomes `` ต่อ N``.

    >>> thai_phone("(02) 281-2222 ต่อ ๑๒")
    '๐ ๒๒๘๑ ๒๒๒๒ ต่อ ๑๒'
    >>> thai_phone("๐๘๑.๒๓๔.๕๖๗๘")
    '๐๘๑ ๒๓๔ ๕๖๗๘'
    >>> thai_phone("12345")
    Traceback (most recent call last):
    ...
    ValueError: '12345' is not a Thai phone number (expected a 9-digit landline starting 02-05 or 07, a 10-digit mobile starting 06, 08 or 09, or a 4-digit hotline starting 1, optionally followed by 'ต่อ <extension>')
    """
    if not isinstance(number, str):
        raise TypeError(f"thai_phone() needs a str, not {type(number).__name__}")
    text = arabic_digits(number).strip()
    extension = ""
    match = _EXTENSION.search(text)
    if match is not None:
        extension = f" ต่อ {match.group(1)}"
        text = text[: match.start()]
    if not _NUMBER.fullmatch(text):
        raise _not_a_phone(number)
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+"):
        if not digits.startswith("+66"):
            raise _not_a_phone(number)
        national = digits[3:]
        digits = national if national.startswith("0") else "0" + national
    if _LANDLINE.fullmatch(digits):
        grouped = f"{digits[0]} {digits[1:5]} {digits[5:]}"
    elif _MOBILE.fullmatch(digits):
        grouped = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    elif _HOTLINE.fullmatch(digits):
        grouped = digits
    else:
        raise _not_a_phone(number)
    return plain_thai_digits(grouped + extension)
