"""The fast YAML parser gives the data ruamel.yaml's round-trip loader gives,
errors and positions stay ruamel's, and valid files never wait for ruamel."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Literal
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarbool import ScalarBoolean

from docgen.config import loader, yaml12
from docgen.config.certification import load_certification, load_dataset_file, load_figures
from docgen.config.loader import ConfigError, YamlDocument, parse_yaml
from docgen.pipeline import documents

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config" / "lopburi-jpt-2562"


def plain(value):
    """ruamel's data as the plain types it stands for."""
    if isinstance(value, ScalarBoolean):
        return bool(value)
    if value is None or type(value) is bool:
        return value
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return type(value).__name__, repr(value)  # TaggedScalar, bytes, ...: unequal to plain data


def same(a, b) -> bool:
    """Equal, of the same types, in the same order (nan is nan, -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(k, j) and same(v, w) for (k, v), (j, w) in zip(a.items(), b.items()))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def round_trip_only(text: str) -> YamlDocument:
    """parse_yaml as it was with ruamel.yaml alone."""
    with mock.patch.object(yaml12, "load", side_effect=yaml12.Unsupported("off")):
        return parse_yaml(text, "t.yaml")


def outcome(parse, text: str):
    """What parsing gives: data or error, and the warnings on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = "data", plain(parse(text).data)
        except ConfigError as error:
            result = "config error", str(error)
        except Exception as error:  # ruamel's own crashes must stay as they were
            result = type(error).__name__, str(error)
    return (*result, [str(w.message) for w in caught])


def assert_same_as_round_trip(text: str) -> None:
    fast, slow = outcome(lambda t: parse_yaml(t, "t.yaml"), text), outcome(round_trip_only, text)
    assert fast[0] == slow[0] and same(fast[1], slow[1]) and fast[2] == slow[2], (text, fast, slow)


# ---------------------------------------------------------------- same data

TRICKY = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "Y", "N", "true", "True", "TRUE", "false",
    "False", "FALSE", "tRue", "010", "0o10", "0o17", "0x1F", "0x1f", "0b101", "1_000", "1__0", "-1_000", "+12",
    "-0", "007", "08", "09", "1:20", "1:20:30", "-1:20", "190:20:30.15", "1.5", "1.", ".5", "-.5", "1e3", "1E3",
    "1.5e-3", "1_000.5", "-0.0", "+0.0", ".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN",
    "-.nan", "inf", "nan", "~", "null", "Null", "NULL", "nULL", "", "2019-02-22", "2019-02-30", "2019-2-22",
    "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z", "1601", "0",
    "องค์การบริหารส่วนตำบลมหาโพธิ", "ลบ 0019/ว 4852", "๒๕๖๒", "a b", "<<x", "x<<", "0x", "0o", "0b",
    "12:30", "1_2:3_0", "0.0.1", "1e", "e3", "0xG", "1.2.3", "'1601'", '"1601"', "'yes'", '"0o17"', "'~'",
    '"\\u0e01\\x41\\t"', "'It''s'", '"a\\\nb"', "[1, yes, '2', ~, 0o7]", "{a: 1, 'b': no, 3: ~}", "[]", "{}",
]


@pytest.mark.parametrize("scalar", TRICKY)
def test_tricky_scalars_read_alike(scalar):
    for text in (f"value: {scalar}\n", f"list:\n  - {scalar}\n", f"flow: [{scalar}, x]\n", f"{scalar or '~'}: key\n"):
        assert_same_as_round_trip(text)
    assert yaml12.load(f"value: {scalar}\n") is not None  # read by the fast parser, not left to ruamel


def test_examples_of_the_1_2_rules():
    data = parse_yaml("a: yes\nb: off\nc: 0o17\nd: 010\ne: 1:20\nf: 2019-02-22\ng: true\nh: 1e3\ni: '1601'\n",
                      "t.yaml").data
    assert data == {"a": "yes", "b": "off", "c": 15, "d": 10, "e": "1:20", "f": "2019-02-22", "g": True,
                    "h": 1000.0, "i": "1601"}
    assert type(data) is dict


BLOCKS = """\
title: >-
  ขอความอนุเคราะห์
  ตรวจสอบข้อมูล

body: |
  บรรทัดแรก
    ย่อหน้า

  บรรทัดสาม
kept: |+
  x

stripped: |-
  y
defaults: &defaults
  font: TH Sarabun New
  size: 16
  flags: [on, off]
copy: *defaults
list: &items
  - a
  - 'b'
again: *items
name: &n นายทดสอบ
who: *n
empty:
also empty: ''
multi line plain: one
  two

  three
"""


def test_blocks_anchors_and_aliases_read_alike():
    assert_same_as_round_trip(BLOCKS)
    data = yaml12.load(BLOCKS)
    assert data["copy"] is data["defaults"] and type(data["body"]) is str


def test_the_resolvers_are_ruamels_1_2_resolvers():
    from ruamel.yaml.resolver import implicit_resolvers

    theirs = [(tag, regexp.pattern, first) for versions, tag, regexp, first in implicit_resolvers if (1, 2) in versions]
    ours = [(tag, pattern, first) for tag, pattern, first in yaml12.RESOLVERS]
    normal = lambda rows: [(t, re.sub(r"\s+", "", p), f) for t, p, f in rows]  # noqa: E731
    assert normal(ours) == normal(theirs)


PLAIN = st.text(alphabet=st.sampled_from(list("0123456789_.:-+eExobnultrsyYNOoTFaf~ กขฮ#,[]{}'\"&*|>\\/")),
                max_size=10)
WORD = st.one_of(st.sampled_from(TRICKY), PLAIN)


@settings(max_examples=400, deadline=None, database=None)
@given(WORD, st.sampled_from(["k: {}\n", "- {}\n", "k: [{}]\n", "{}: v\n", "k:\n  - {}\n  - x\n", "k: {{a: {}}}\n"]))
def test_any_scalar_reads_alike(word, frame):
    assert_same_as_round_trip(frame.format(word))


@st.composite
def scalars(draw, indent: int) -> str:
    text = draw(WORD)
    style = draw(st.sampled_from(["plain", "single", "double", "literal", "folded"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style in ("literal", "folded"):
        lines = draw(st.lists(WORD, min_size=1, max_size=3))
        header = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+"]))
        return header + "".join("\n" + " " * indent + line for line in lines)
    return text


@st.composite
def nodes(draw, indent: int = 0, depth: int = 0) -> str:
    """A YAML value (as it follows "key:" or "-") with random styles, anchors and aliases."""
    kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq", "flow", "alias"] if depth < 3 else ["scalar"]))
    anchor = draw(st.sampled_from(["", "", "&a ", "&b "]))
    pad = " " * indent
    if kind == "scalar":
        return " " + anchor + draw(scalars(indent + 2))
    if kind == "alias":
        return " " + draw(st.sampled_from(["*a", "*b"]))
    if kind == "flow":
        items = draw(st.lists(WORD, max_size=3))
        return " " + anchor + draw(st.sampled_from(["[{}]", "{{{}}}"])).format(", ".join(items))
    if kind == "seq":
        items = draw(st.lists(nodes(indent + 2, depth + 1), min_size=1, max_size=3))
        return (" " + anchor).rstrip() + "".join(f"\n{pad}-{item}" for item in items)
    keys = draw(st.lists(st.one_of(st.sampled_from(["a", "b", "ก", "1601", "'1601'", "yes", "~"]), PLAIN),
                         min_size=1, max_size=3))
    return (" " + anchor).rstrip() + "".join(f"\n{pad}{key}:{draw(nodes(indent + 2, depth + 1))}" for key in keys)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "ก", "1601", "yes", "on"]), nodes(2)), min_size=1,
                max_size=4))
def test_any_document_reads_alike(entries):
    assert_same_as_round_trip("".join(f"{key}:{value}\n" for key, value in entries))


# ---------------------------------------------------------------- errors

def test_a_duplicate_key_is_ruamels_error_with_its_position():
    text = "a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n"
    with pytest.raises(yaml12.yaml.YAMLError):
        yaml12.load(text)
    with pytest.raises(ConfigError) as error:
        parse_yaml(text, "t.yaml")
    assert str(error.value) == 't.yaml:5:3: YAML syntax: found duplicate key "c" with value "4" (original value: "2")'
    assert str(error.value) == outcome(round_trip_only, text)[1]


@pytest.mark.parametrize("text", [
    "a: [1, 2\n", "a: b: c\n", "a: 1\n a: 2\n", "a: 1\na: 2\n", "{1: a, true: b}\n", "a: &x 1\nb: *y\n",
    "- 1\n- 2\n", "just text\n", "", "# only a comment\n", "a: 1\n---\nb: 2\n", "a: !!str 12\n", "a: !foo x\n",
    "a: ! 12\n", "%YAML 1.1\n---\na: yes\n", "a: &m {x: 1}\nb:\n  <<: *m\n  y: 2\n", "a:\tb\n", "a: |\n   \n  x\n",
    "a: &r\n  b: *r\n", "a: &x 1\nb: &x 2\nc: *x\n", "? [1, 2]\n: x\n", "a: [\"b\":c]\n", "= : 1\n", "a: =\n",
])
def test_errors_and_what_the_fast_parser_refuses_read_as_before(text):
    assert_same_as_round_trip(text)


# ---------------------------------------------------------------- positions

POSITIONED = """\
kind: letter
subject: "ขอความอนุเคราะห์"
body:
  - heading: one
    items:
      - x
      - {a: 1, b: [2, 3]}
  - >-
    folded
    text
numbers: {start: 1, form: code}
empty:
"""


def _paths(node, loc=()):
    yield loc
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*loc, index))


def test_positions_after_the_fast_parse_are_ruamels():
    fast, slow = parse_yaml(POSITIONED, "t.yaml"), round_trip_only(POSITIONED)
    assert type(fast.data) is dict and isinstance(slow.data, CommentedMap)
    paths = list(_paths(fast.data)) + [("body", 9), ("nothing",), ("body", 0, "items", 1, "b", 7)]
    assert len(paths) > 15
    for loc in paths:
        for at_key in (False, True):
            assert fast.position(loc, at_key) == slow.position(loc, at_key), loc
    assert fast.position(("body", 0, "items", 1, "b", 1)) == (7, 23)
    assert fast.position(("numbers", "form"), at_key=True) == (11, 21)
    assert fast.problem_near(("body", 1), "text", "m").line == 10


# ---------------------------------------------------------------- the fast path is taken

@pytest.fixture
def round_trips(monkeypatch):
    """The texts ruamel.yaml parses."""
    parsed: list[str] = []
    real = loader._round_trip

    def counted(text, file):
        parsed.append(file)
        return real(text, file)

    monkeypatch.setattr(loader, "_round_trip", counted)
    return parsed


def test_valid_configs_are_never_parsed_by_ruamel(round_trips):
    for name in ("memo.yaml", "action-plan.yaml", "orders/province-team.yaml"):
        assert documents(CONFIG / name)
    assert load_certification(CONFIG / "certification-lao.yaml")
    assert load_figures(CONFIG / "figures-sample.yaml").rows
    assert load_dataset_file(REPO / "config" / "data" / "lopburi.yaml").laos
    assert round_trips == []
    # The circular and the district orders state a deadline on a substitution
    # day (8 April 2562): placing that warning reads the schedule's positions.
    for name in ("circular.yaml", "orders/district-teams.yaml"):
        assert documents(CONFIG / name)
    assert round_trips and {Path(file).name for file in round_trips} == {"schedule.yaml"}


class _Numbers(BaseModel):
    start: int
    form: Literal["code", "serial"]


class _Positioned(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    numbers: _Numbers


def test_ruamel_parses_a_file_only_when_a_problem_is_placed(round_trips):
    assert parse_yaml(POSITIONED, "t.yaml").validate(_Positioned).numbers.form == "code"
    assert round_trips == []
    doc = parse_yaml(POSITIONED.replace("form: code", "form: kode"), "t.yaml")
    with pytest.raises(ConfigError, match=r"^t.yaml:11:27: numbers.form: Input should be 'code' or 'serial'$"):
        doc.validate(_Positioned)
    assert round_trips == ["t.yaml"]
    assert str(doc.problem(("numbers", "start"), "too small")) == "t.yaml:11:18: numbers.start: too small"
    assert round_trips == ["t.yaml"]
