"""Tests for docgen.thai.phone: Thai phone numbers."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.thai.digits import arabic_digits, plain_thai_digits
from docgen.thai.phone import thai_phone

ARABIC = re.compile(r"[0-9]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("036770135", "๐ ๓๖๗๗ ๐๑๓๕"),
        ("0 3677 0135", "๐ ๓๖๗๗ ๐๑๓๕"),
        ("036-770-135", "๐ ๓๖๗๗ ๐๑๓๕"),
        ("(036) 770135", "๐ ๓๖๗๗ ๐๑๓๕"),
        ("๐ ๓๖๗๗ ๐๑๓๕", "๐ ๓๖๗๗ ๐๑๓๕"),
        ("022812222", "๐ ๒๒๘๑ ๒๒๒๒"),
        ("02-281-2222", "๐ ๒๒๘๑ ๒๒๒๒"),
        ("+66 2 281 2222", "๐ ๒๒๘๑ ๒๒๒๒"),
        ("+66 (0) 2 281 2222", "๐ ๒๒๘๑ ๒๒๒๒"),
        ("0942242534", "๐๙๔ ๒๒๔ ๒๕๓๔"),
        ("094-224-2534", "๐๙๔ ๒๒๔ ๒๕๓๔"),
        ("094.224.2534", "๐๙๔ ๒๒๔ ๒๕๓๔"),
        ("+66942242534", "๐๙๔ ๒๒๔ ๒๕๓๔"),
        ("+66 94 224 2534", "๐๙๔ ๒๒๔ ๒๕๓๔"),
        ("061 234 5678", "๐๖๑ ๒๓๔ ๕๖๗๘"),
        ("081 234 5678", "๐๘๑ ๒๓๔ ๕๖๗๘"),
        ("1111", "๑๑๑๑"),
        ("๑๑๑๑", "๑๑๑๑"),
        ("  1669  ", "๑๖๖๙"),
        ("036770135 ต่อ 123", "๐ ๓๖๗๗ ๐๑๓๕ ต่อ ๑๒๓"),
        ("036770135ต่อ123", "๐ ๓๖๗๗ ๐๑๓๕ ต่อ ๑๒๓"),
        ("02 281 2222 ext. 123", "๐ ๒๒๘๑ ๒๒๒๒ ต่อ ๑๒๓"),
        ("02 281 2222 Ext 45", "๐ ๒๒๘๑ ๒๒๒๒ ต่อ ๔๕"),
        ("02 281 2222 ต่อ ๑๒", "๐ ๒๒๘๑ ๒๒๒๒ ต่อ ๑๒"),
    ],
)
def test_examples(raw: str, expected: str):
    assert thai_phone(raw) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "12345",
        "2222",  # hotlines start with 1
        "111",
        "03677013",  # 8 digits
        "0367701356",  # 10 digits but not a mobile prefix
        "094224253",  # 9 digits with a mobile prefix
        "09422425345",
        "012345678",  # no 01 area code
        "062812222",  # 06 is mobile: 9 digits is not enough
        "+1 202 555 0100",
        "+6",
        "66 2 281 2222",  # country code without +
        "02 281 2222 +",
        "0 3677 0135-6",  # two numbers in one
        "โทร 036770135",
        "036770135 ต่อ",
        "036770135 ต่อ 1234567",
        "036770135, 036770136",
        "abc",
    ],
)
def test_rejects_non_thai_numbers(bad: str):
    with pytest.raises(ValueError, match="is not a Thai phone number"):
        thai_phone(bad)


def test_rejects_non_str():
    with pytest.raises(TypeError):
        thai_phone(36770135)  # type: ignore[arg-type]


SEPARATOR = st.sampled_from(["", "", " ", "-", ".", "  "])
LANDLINE = st.from_regex(r"0[2-57][0-9]{7}", fullmatch=True)
MOBILE = st.from_regex(r"0[689][0-9]{8}", fullmatch=True)


def scatter(digits: str, seps: list[str], thai: bool) -> str:
    """Write ``digits`` with arbitrary separators, optionally in Thai digits."""
    out = "".join(d + s for d, s in zip(digits, seps + [""] * len(digits)))
    return plain_thai_digits(out) if thai else out


@given(st.one_of(LANDLINE, MOBILE), st.lists(SEPARATOR, max_size=12), st.booleans(),
       st.booleans(), st.none() | st.integers(min_value=0, max_value=99999))  # fmt: skip
def test_any_spelling_gives_the_canonical_grouping(
    digits: str, seps: list[str], thai: bool, plus66: bool, ext: int | None
) -> None:
    raw = scatter(digits, seps, thai).strip(" -.")
    if plus66:
        raw = "+66 " + raw[1:].lstrip(" -.")
    if ext is not None:
        raw += f" ต่อ {ext}"
    out = thai_phone(raw)
    assert not ARABIC.search(out)
    number, _, extension = arabic_digits(out).partition(" ต่อ ")
    assert number.replace(" ", "") == digits
    groups = [len(g) for g in number.split(" ")]
    assert groups == ([1, 4, 4] if digits[1] in "23457" else [3, 3, 4])
    assert extension == ("" if ext is None else str(ext))
    assert thai_phone(out) == out
