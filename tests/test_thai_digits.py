"""Tests for docgen.thai.digits: Thai digits outside protected spans."""

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from docgen.thai.digits import (
    arabic_digits,
    has_arabic_digit_outside_protected,
    plain_thai_digits,
    protected_spans,
    thai_digits,
)

ARABIC = re.compile(r"[0-9]")
THAI = re.compile(r"[๐-๙]")


# --- examples ---------------------------------------------------------------


def test_running_text_with_bare_domain():
    text = "ที่เว็บไซต์ ebmn.cdd.co.th ภายในวันที่ 2 พฤศจิกายน 2561"
    assert thai_digits(text) == "ที่เว็บไซต์ ebmn.cdd.co.th ภายในวันที่ ๒ พฤศจิกายน ๒๕๖๑"


@pytest.mark.parametrize(
    "protected",
    [
        "panaisrs99@gmail.com",
        "http://lopburi.cdd.go.th",
        "https://x.y/a1?b=2",
        "www.1111.go.th",
        "WWW.CDD2.GO.TH/page/3",
        "ebmn.cdd.co.th",
        "example.com",
        "abc1.com",
        "1111.go.th",
        "example.com:8080/a1",
        "first.last+2@mail2.cdd.go.th",
    ],
)
def test_protected_span_stays_arabic_inside_thai_text(protected: str):
    text = f"ข้อ 1 ติดต่อ {protected} ภายใน 7 วัน"
    assert thai_digits(text) == f"ข้อ ๑ ติดต่อ {protected} ภายใน ๗ วัน"
    start = text.index(protected)
    assert protected_spans(text) == [(start, start + len(protected))]


@pytest.mark.parametrize("text", ["1.2", "๑.๒", "พ.ศ. 2561", "ข้อ 3.1.2", "1.ab", "e.g. 5"])
def test_not_protected(text: str):
    assert protected_spans(text) == []
    assert not ARABIC.search(thai_digits(text))


def test_url_at_end_of_sentence_excludes_punctuation():
    text = "(ดู http://a.b/c1). ข้อ 5"
    assert protected_spans(text) == [(4, 17)]
    assert thai_digits(text) == "(ดู http://a.b/c1). ข้อ ๕"


def test_domain_followed_directly_by_thai_text():
    assert thai_digits("ดูที่ x2.go.thภายใน 3 วัน") == "ดูที่ x2.go.thภายใน ๓ วัน"


def test_backticks_removed_content_verbatim():
    assert thai_digits("มาตรฐาน `ISO 9001` ปี 2561") == "มาตรฐาน ISO 9001 ปี ๒๕๖๑"
    assert protected_spans("ก `a1` ข") == [(2, 6)]


def test_lone_and_empty_backticks_stay():
    assert thai_digits("ข้อ ` 2") == "ข้อ ` ๒"
    assert thai_digits("`a` 1 ` 2") == "a ๑ ` ๒"
    assert thai_digits("`` 3") == "`` ๓"


def test_arabic_digits_everywhere():
    assert arabic_digits("๐๑๒๓๔๕๖๗๘๙ `๑` a๒.com") == "0123456789 `1` a2.com"


def test_has_arabic_digit_outside_protected():
    assert has_arabic_digit_outside_protected("ข้อ 1")
    assert has_arabic_digit_outside_protected("a@b.com 1")
    assert has_arabic_digit_outside_protected("1 a@b.com")
    assert has_arabic_digit_outside_protected("a@b.com 1 c@d.com")
    assert not has_arabic_digit_outside_protected("ข้อ ๑ a1@b.com `9001`")
    assert not has_arabic_digit_outside_protected("")


def test_plain_thai_digits_ignores_protection():
    assert plain_thai_digits("a1.com") == "a๑.com"


# --- agreement with pythainlp -------------------------------------------------


@given(st.text())
def test_digit_tables_match_pythainlp(text: str):
    from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit

    assert plain_thai_digits(text) == arabic_digit_to_thai_digit(text)
    assert arabic_digits(text) == thai_digit_to_arabic_digit(text)


# --- properties ---------------------------------------------------------------

# Text built from realistic fragments, including protected ones.
THAI_WORDS = st.sampled_from(["ข้อ", "พ.ศ.", "ภายใน", "วันที่", "ที่", "กรม", "๑.๒"])
NUMBERS = st.integers(min_value=0, max_value=10**6).map(str)
DECIMALS = st.tuples(NUMBERS, NUMBERS).map(".".join)
LINKS = st.sampled_from(
    [
        "panaisrs99@gmail.com",
        "http://lopburi.cdd.go.th",
        "https://x.y/a1?b=2",
        "www.cdd2.go.th",
        "ebmn.cdd.co.th",
        "example.com",
        "a1.b2.th",
    ]
)
PUNCT = st.sampled_from([" ", " ", "\n", ".", ",", "(", ")", "-", ":", "/", "@", "_"])
FRAGMENT = st.one_of(THAI_WORDS, NUMBERS, DECIMALS, LINKS, PUNCT, st.from_regex(r"[a-z]{1,4}", fullmatch=True))
FRAGMENT_TEXT = st.lists(FRAGMENT, max_size=20).map("".join)
# Random text over an alphabet rich in characters that matter to the patterns.
RANDOM_TEXT = st.text(alphabet="0123456789๐๑๒ abwcomth.@:/-_+()?=กข\n", max_size=40)
ANY_TEXT = st.one_of(FRAGMENT_TEXT, RANDOM_TEXT)
BACKTICK_TEXT = st.lists(
    st.one_of(FRAGMENT, st.just("`"), st.just("`ISO 9001`")), max_size=20
).map("".join)


@given(st.one_of(ANY_TEXT, st.text()))
def test_roundtrip_without_protected_spans(text: str):
    assume("`" not in text and not THAI.search(text))
    assume(protected_spans(text) == [])
    assert arabic_digits(thai_digits(text)) == text


@given(st.lists(st.one_of(THAI_WORDS, NUMBERS, DECIMALS, PUNCT), max_size=20).map("".join))
def test_roundtrip_thai_text(text: str):
    assume(not THAI.search(text))
    assert arabic_digits(thai_digits(text)) == text
    assert not ARABIC.search(thai_digits(text))


@given(ANY_TEXT)
def test_no_arabic_digit_outside_protected_in_output(text: str):
    assume("`" not in text)
    assert not has_arabic_digit_outside_protected(thai_digits(text))


@given(ANY_TEXT)
def test_idempotent_and_spans_stable(text: str):
    assume("`" not in text)
    once = thai_digits(text)
    assert thai_digits(once) == once
    assert protected_spans(once) == protected_spans(text)


@given(st.one_of(ANY_TEXT, BACKTICK_TEXT))
def test_arabic_digits_in_output_are_exactly_those_in_protected_spans(text: str):
    spans = protected_spans(text)
    inside = sum(len(ARABIC.findall(text[s:e])) for s, e in spans)
    outside = len(ARABIC.findall(text)) - inside
    out = thai_digits(text)
    assert len(ARABIC.findall(out)) == inside
    assert len(THAI.findall(out)) == len(THAI.findall(text)) + outside


@given(ANY_TEXT)
def test_has_arabic_digit_iff_thai_digits_changes_something(text: str):
    assume("`" not in text)
    assert has_arabic_digit_outside_protected(text) == (thai_digits(text) != text)


@given(st.one_of(ANY_TEXT, BACKTICK_TEXT))
def test_spans_sorted_disjoint_and_in_bounds(text: str):
    spans = protected_spans(text)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start


@given(FRAGMENT_TEXT, LINKS, FRAGMENT_TEXT)
def test_link_between_spaces_survives(before: str, link: str, after: str):
    text = f"{before} {link} {after}"
    assert f" {link} " in thai_digits(text)


@given(FRAGMENT_TEXT, st.from_regex(r"[A-Za-z0-9 .:]{1,12}", fullmatch=True), FRAGMENT_TEXT)
def test_backtick_literal_kept_verbatim(before: str, literal: str, after: str):
    assume("`" not in before + after)
    out = thai_digits(f"{before} `{literal}` {after}")
    assert f" {literal} " in out
    assert "`" not in out
