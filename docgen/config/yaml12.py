"""A fast YAML loader that reads configs as docgen's round-trip loader does.

:func:`load` parses with PyYAML's libyaml-based ``CSafeLoader`` and builds
plain dicts, lists and scalars.  Scalars resolve by the YAML 1.2 core rules of
ruamel.yaml's round-trip loader: only true/false (any case form) are booleans,
so ``yes``, ``no``, ``on`` and ``off`` are text; ``0o17`` is octal and ``010``
is ten; ``1:20`` is text (no sexagesimal numbers); ``1e3`` is a float; dates
and timestamps stay text (pydantic places their errors).

Where the two loaders would read a text differently, or the text is wrong, it
raises (:class:`Unsupported`, or PyYAML's error) and the caller reads the text
with ruamel.yaml instead: a tag (``!``), a ``%`` directive, a merge key
(``<<``), a key that is a list or mapping, a reused anchor or one inside its
own node, tabs and the other spellings ``_ROUND_TRIP_ONLY`` lists; a
duplicate key or a syntax error.

>>> load("a: yes\\nb: 0o17\\nc: 010\\nd: 2019-02-22\\ne: 1:20\\n")
{'a': 'yes', 'b': 15, 'c': 10, 'd': '2019-02-22', 'e': '1:20'}
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

LIBYAML = hasattr(yaml, "CSafeLoader")

# What libyaml reads otherwise than ruamel.yaml, or not at all, is left to ruamel:
# (strings one of which the text must hold, the pattern that finds the case).
_ROUND_TRIP_ONLY = [(gates, re.compile(pattern, re.MULTILINE)) for gates, pattern in [
    # a tag: "!foo", "!!str", "! "
    (("!",), r"(?:^|[\s\[\]{},:?-])!"),
    # a directive
    (("%",), r"^%"),
    # tabs (ruamel refuses them in many places), breaks other than \n, byte order marks
    (tuple("\t\r\x85\u2028\u2029\ufeff"), r"[\t\r\x85\u2028\u2029\ufeff]"),
    # an anchor or alias name that libyaml ends sooner than ruamel: "&a:", "*b.c", "&ก"
    (("&", "*"), r"(?:^|[\s\[{,:?-])[&*][0-9A-Za-z_-]*[^0-9A-Za-z_\s,\[\]{}-]"),
    # an explicit key: "? key"
    (("?",), r"(?:^|[\s\[{,])\?(?:[\s,\]}]|$)"),
    # a quoted key and its value with no space between: "'a':b"
    (("':", '":'), r"[\"']:\S"),
    # a lone ":" before a flow indicator: "[a, :]"
    ((":,", ":[", ":]", ":{", ":}"), r"(?:^|\s):[,\[\]{}]"),
    # a block scalar header and a comment with no space between ("|#"), or a block scalar
    # that starts with a line of spaces (ruamel refuses more there than the text's indent)
    (("|", ">"), r"[|>][-+0-9]*(?:#| *(?:#.*)?\n(?: *\n)* +$)"),
]]
_ALIAS = re.compile(r"(?:^|[\s\[{,:?-])\*")
_ANCHOR = re.compile(r"(?:^|[\s\[{,:?-])&([^\s\[\]{},]+)")

# ruamel.yaml's YAML 1.2 implicit resolvers (ruamel/yaml/resolver.py): tag, pattern, first characters.
RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:float", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", list("-+0123456789.")),
    ("tag:yaml.org,2002:int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", list("-+0123456789")),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
    ("tag:yaml.org,2002:null", r"""^(?: ~
        |null|Null|NULL
        | )$""", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", list("0123456789")),
    ("tag:yaml.org,2002:value", r"^(?:=)$", ["="]),
    ("tag:yaml.org,2002:yaml", r"^(?:!|&|\*)$", list("!&*")),
]


_STR = "tag:yaml.org,2002:str"


class Unsupported(yaml.YAMLError):
    """The fast loader does not read this text; ruamel.yaml must."""


class Yaml12Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser with ruamel.yaml's YAML 1.2 resolvers and plain constructors."""

    yaml_implicit_resolvers: dict = {}
    yaml_constructors: dict = {}
    yaml_multi_constructors: dict = {}

    def construct_yaml_bool(self, node: yaml.Node) -> bool:
        return {"true": True, "false": False}[self.construct_scalar(node).lower()]

    def construct_yaml_int(self, node: yaml.Node) -> int:
        text = self.construct_scalar(node).replace("_", "")
        sign = -1 if text[0] == "-" else 1
        digits = text[1:] if text[0] in "+-" else text
        base = {"0b": 2, "0o": 8, "0x": 16}.get(digits[:2])
        return sign * (int(digits[2:], base) if base else int(digits))

    def construct_yaml_float(self, node: yaml.Node) -> float:
        text = self.construct_scalar(node).replace("_", "").lower()
        sign = -1 if text[0] == "-" else 1
        digits = text[1:] if text[0] in "+-" else text
        if digits == ".inf":
            return sign * math.inf
        if digits == ".nan":
            return math.nan
        return sign * float(digits)

    def construct_text(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise ConstructorError(None, None, f"expected a scalar node, but found {node.id}", node.start_mark)
        return node.value

    def construct_item(self, node: yaml.Node) -> Any:
        """A mapping's key or value or a sequence's item (text directly: most are text)."""
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            return node.value
        return self.construct_object(node)

    def construct_yaml_seq(self, node: yaml.Node):
        data: list = []
        yield data
        if not isinstance(node, yaml.SequenceNode):
            raise ConstructorError(None, None, f"expected a sequence node, but found {node.id}", node.start_mark)
        data.extend(self.construct_item(item) for item in node.value)

    def construct_yaml_null(self, node: yaml.Node) -> None:
        self.construct_scalar(node)

    def construct_yaml_map(self, node: yaml.Node):
        data: dict = {}
        yield data
        if not isinstance(node, yaml.MappingNode):
            raise ConstructorError(None, None, f"expected a mapping node, but found {node.id}", node.start_mark)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith((":merge", ":value")):
                raise Unsupported(f"key at line {key_node.start_mark.line + 1} is not plain")
            key = self.construct_item(key_node)
            if key in data:
                raise ConstructorError("while constructing a mapping", node.start_mark,
                                       f"found duplicate key {key!r}", key_node.start_mark)
            data[key] = self.construct_item(value_node)


for _tag, _pattern, _first in RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern, re.X), _first)
for _name, _constructor in [
    ("null", Yaml12Loader.construct_yaml_null),
    ("bool", Yaml12Loader.construct_yaml_bool),
    ("int", Yaml12Loader.construct_yaml_int),
    ("float", Yaml12Loader.construct_yaml_float),
    ("str", Yaml12Loader.construct_text),
    ("timestamp", Yaml12Loader.construct_text),
    ("seq", Yaml12Loader.construct_yaml_seq),
    ("map", Yaml12Loader.construct_yaml_map),
]:
    Yaml12Loader.add_constructor(f"tag:yaml.org,2002:{_name}", _constructor)
Yaml12Loader.add_constructor(None, SafeConstructor.construct_undefined)


@dataclass(frozen=True)
class Limits:
    """What one YAML text may hold.  ``nodes`` counts every scalar and
    collection as if each alias were a copy of its anchor's node, so a
    "billion laughs" text of a few hundred bytes is refused before anything
    walks it."""

    bytes: int = 4 << 20  # 4 MiB of UTF-8
    depth: int = 64  # nested lists and mappings
    aliases: int = 1000  # "*name" uses
    nodes: int = 1_000_000  # scalars and collections, aliases expanded


LIMITS = Limits()


class LimitExceeded(ValueError):
    """A YAML text over one of its :class:`Limits`; ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line, self.column = line, column


def check_limits(text: str, limits: Limits = LIMITS) -> None:
    """Raise :class:`LimitExceeded` for a text over ``limits``.

    Reads the text as a stream of parser events (no nesting on the call
    stack, nothing built), so it is safe on any input.  A syntax error ends
    the check quietly: the loader reports it.

    >>> bomb = "a: &a [x, x, x]\\nb: &b [*a, *a, *a]\\nc: [*b, *b, *b]\\n"
    >>> check_limits(bomb, Limits(nodes=30))
    Traceback (most recent call last):
    ...
    docgen.config.yaml12.LimitExceeded: aliases expand to more than 30 values (a "billion laughs" text?)
    >>> check_limits("a: [[[1]]]\\n", Limits(depth=3))
    Traceback (most recent call last):
    ...
    docgen.config.yaml12.LimitExceeded: nested more than 3 levels deep
    """
    if len(text) > limits.bytes or len(text.encode("utf-8", "surrogatepass")) > limits.bytes:
        raise LimitExceeded(f"the text is over {limits.bytes:,} bytes; split it or shorten it")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    expanded = aliases = 0
    opened: list[tuple[int, str | None]] = []  # each open collection: ``expanded`` at its start, its anchor
    sizes: dict[str, int] = {}  # anchor -> the number of values its node holds
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.CollectionStartEvent):
                if len(opened) >= limits.depth:
                    raise _at(event, f"nested more than {limits.depth} levels deep")
                opened.append((expanded, event.anchor))
                expanded += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                start, anchor = opened.pop()
                if anchor:
                    sizes[anchor] = expanded - start
            elif isinstance(event, yaml.ScalarEvent):
                expanded += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > limits.aliases:
                    raise _at(event, f"more than {limits.aliases} aliases (*name)")
                expanded += sizes.get(event.anchor, 1)
            if expanded > limits.nodes:
                raise _at(event, f"aliases expand to more than {limits.nodes:,} values (a \"billion laughs\" text?)"
                          if aliases else f"more than {limits.nodes:,} values")
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error.problem):  # libyaml stops at 1000 levels of [ or {
            raise _at(error, f"nested more than {limits.depth} levels deep") from None
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _at(event: yaml.Event | yaml.MarkedYAMLError, message: str) -> LimitExceeded:
    mark = getattr(event, "start_mark", None) or getattr(event, "problem_mark", None)
    return LimitExceeded(message, mark.line + 1, mark.column + 1) if mark else LimitExceeded(message)


def load(text: str) -> Any:
    """The mapping one YAML document holds; :class:`Unsupported` or another
    :class:`yaml.YAMLError` where ruamel.yaml must read the text."""
    if not LIBYAML or any(any(gate in text for gate in gates) and pattern.search(text)
                          for gates, pattern in _ROUND_TRIP_ONLY):
        raise Unsupported("left to ruamel.yaml (see _ROUND_TRIP_ONLY)")
    if "&" in text:
        anchors = _ANCHOR.findall(text)
        if len(anchors) != len(set(anchors)):
            raise Unsupported("a reused anchor: ruamel.yaml warns of it")
    loader = Yaml12Loader(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise Unsupported("a config is a mapping; ruamel.yaml reads anything else")
    if _ALIAS.search(text) and _cyclic(data):
        raise Unsupported("an alias inside the node it names")
    return data


def _cyclic(data: Any) -> bool:
    """Whether a dict or list contains itself (an alias inside its anchor's node)."""
    done: set[int] = set()
    path: set[int] = set()

    def visit(node: Any) -> bool:
        if not isinstance(node, (dict, list)) or id(node) in done:
            return False
        if id(node) in path:
            return True
        path.add(id(node))
        if any(visit(child) for child in (node.values() if isinstance(node, dict) else node)):
            return True
        path.remove(id(node))
        done.add(id(node))
        return False

    return visit(data)
