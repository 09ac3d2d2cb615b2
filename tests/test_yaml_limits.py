"""YAML texts over the loader's limits are refused with a placed ConfigError,
fast, before anything walks the data."""

import time

import pytest

from docgen.config import yaml12
from docgen.config.loader import ConfigError, parse_yaml


def billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


CASES = {
    "billion laughs": (billion_laughs(), "billion laughs"),
    "many aliases": ("a: &a x\nb: [" + ", ".join(["*a"] * 1500) + "]\n", "aliases"),
    "deep flow nesting": ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "levels deep"),
    "deep block nesting": ("a:\n" + "".join(" " * i + "- \n" for i in range(1, 200)), "levels deep"),
}


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n][1]])
def test_refused_quickly(name):
    text, expected = CASES[name]
    started = time.monotonic()
    with pytest.raises(ConfigError, match=expected):
        parse_yaml(text, "attack.yaml")
    assert time.monotonic() - started < 2


def test_oversized_text_refused_by_its_byte_count():
    line = "  - " + "ก" * 60 + "\n"  # Thai letters are 3 bytes in UTF-8
    text = "body:\n" + line * ((4 << 20) // (len(line.encode()) ) + 10)
    assert len(text) < 4 << 20 < len(text.encode())
    with pytest.raises(ConfigError, match="over 4,194,304 bytes"):
        parse_yaml(text, "big.yaml")


def test_fifty_megabytes_refused_without_parsing():
    text = "body:\n" + "  - paragraph with some words in it\n" * 1_500_000
    started = time.monotonic()
    with pytest.raises(ConfigError, match="over"):
        parse_yaml(text, "big.yaml")
    assert time.monotonic() - started < 1


def test_error_names_the_place():
    with pytest.raises(ConfigError) as info:
        parse_yaml(billion_laughs(), "bomb.yaml")
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == ("bomb.yaml", 7)


def test_aliases_within_limits_still_load():
    doc = parse_yaml("a: &a [x, y]\nb: *a\n", "ok.yaml")
    assert doc.data == {"a": ["x", "y"], "b": ["x", "y"]}


def test_limits_are_settable():
    with pytest.raises(ConfigError, match="over 10 bytes"):
        parse_yaml("a: 12345678901\n", "x.yaml", yaml12.Limits(bytes=10))
