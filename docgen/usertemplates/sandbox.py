"""A Jinja2 sandbox with size limits, for templates a clerk (or a client) writes.

Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` already refuses
attributes that start with ``_`` (``''.__class__``, ``cycler.__init__``) and
caps ``range()`` at 100,000 items.  It does not stop a template from asking
for a gigabyte: ``{{ 'a' * 10**9 }}``, ``{{ 9**9**9 }}``,
``{{ '%999999999d' % 1 }}``, ``{{ 'x'.center(10**9) }}``.
:class:`LimitedSandbox` checks the size of what those operators, methods and
filters would make before making it, and raises
:class:`~jinja2.exceptions.SecurityError`.  Loops that run long are left to
the time limit of :func:`docgen.safety.run_limited`.

>>> env = LimitedSandbox()
>>> env.from_string("{{ 'ab' * 3 }}").render()
'ababab'
>>> env.from_string("{{ 'a' * 10**9 }}").render()
Traceback (most recent call last):
...
jinja2.exceptions.SecurityError: 'a' * 1000000000 would make 1,000,000,000 items (limit 100,000)
>>> env.from_string("{{ ''.__class__ }}").render()
Traceback (most recent call last):
...
jinja2.exceptions.SecurityError: access to attribute '__class__' of 'str' object is unsafe.
"""

from __future__ import annotations

import math
import operator
import re
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

MAX_ITEMS = 100_000  # characters of a string or items of a list one operation may make
MAX_RANGE = 10_000  # items of range()
MAX_INT_BITS = 4096  # an integer of about 1,200 digits
MAX_WIDTH = 1000  # a padding width: '%1000d', center(1000)

# String methods that pad or repeat, and the two that format (which bypass the binop check).
_UNSAFE_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map"}
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")


def _too_big(what: str, size: float, limit: int) -> SecurityError:
    return SecurityError(f"{what} would make {size:,.0f} items (limit {limit:,})")


def _sized(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def check_percent(spec: str) -> None:
    """Refuse a ``%`` format whose widths are over :data:`MAX_WIDTH` or given by ``*``.

    >>> check_percent("%5d of %s")
    >>> check_percent("%999999d")
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: format width 999999 is over 1000
    """
    for match in _PERCENT_SPEC.finditer(spec):
        for width in match.groups():
            if width == "*" or (width and int(width) > MAX_WIDTH):
                raise SecurityError(f"format width {width} is over {MAX_WIDTH}")


def safe_range(*args: int) -> range:
    """``range()`` of at most :data:`MAX_RANGE` items."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() of {len(numbers):,} items (limit {MAX_RANGE:,})")
    return numbers


class LimitedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox plus size limits on ``*``, ``**``, ``+``, ``%``,
    padding methods and filters, and a smaller ``range``; no ``lipsum``."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any):
        options.setdefault("undefined", StrictUndefined)
        options.setdefault("autoescape", False)
        super().__init__(**options)
        self.globals["range"] = safe_range
        self.globals.pop("lipsum", None)
        for name in ("center", "indent", "format", "wordwrap", "truncate"):
            self.filters[name] = _guarded(self.filters[name], name)

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            for seq, times in ((left, right), (right, left)):
                if _sized(seq) and isinstance(times, int) and len(seq) * times > MAX_ITEMS:
                    raise _too_big(f"{seq[:10]!r} * {times}", len(seq) * times, MAX_ITEMS)
            if isinstance(left, int) and isinstance(right, int):
                bits = left.bit_length() + right.bit_length()
                if bits > MAX_INT_BITS:
                    raise SecurityError(f"a product of {bits} bits (limit {MAX_INT_BITS})")
        elif operator_name == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
                bits = right * math.log2(abs(left))
                if bits > MAX_INT_BITS:
                    raise SecurityError(f"{left} ** {right} is a number of {bits:,.0f} bits (limit {MAX_INT_BITS})")
        elif operator_name == "+":
            if _sized(left) and _sized(right) and len(left) + len(right) > MAX_ITEMS:
                raise _too_big("+", len(left) + len(right), MAX_ITEMS)
        elif operator_name == "%" and isinstance(left, str):
            check_percent(left)
        return super().call_binop(context, operator_name, left, right)

    def wrap_str_format(self, value: Any):
        """``str.format`` pads without limit (``'{:>999999999}'``): refused."""
        if isinstance(getattr(value, "__self__", None), str) and getattr(value, "__name__", "") in _UNSAFE_METHODS:
            def refused(*args: Any, **kwargs: Any) -> str:
                raise SecurityError(f"str.{value.__name__}() is not allowed in a template")
            return refused
        return super().wrap_str_format(value)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _UNSAFE_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)


def _guarded(filter_function, name: str):
    """A filter whose width-like arguments are capped."""

    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = list(args[1:]) + list(kwargs.values())
        if name == "format" and args and isinstance(args[0], str):
            check_percent(args[0])
        for value in values:
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_WIDTH * 100:
                raise SecurityError(f"{name}({value}) is over the limit")
            if name in ("center", "indent") and isinstance(value, int) and value > MAX_WIDTH:
                raise SecurityError(f"{name} width {value} is over {MAX_WIDTH}")
            if isinstance(value, str) and len(value) > MAX_WIDTH:
                raise SecurityError(f"{name}() argument of {len(value):,} characters is over {MAX_WIDTH}")
        return filter_function(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):
        if hasattr(filter_function, attribute):
            setattr(guarded, attribute, getattr(filter_function, attribute))
    guarded.__name__ = name
    return guarded


def static_problems(env: SandboxedEnvironment, source: str) -> list[str]:
    """What a template's source asks for that the sandbox would refuse, found
    without rendering it: a syntax error, a ``_name`` attribute or item,
    ``range`` or ``*``/``**`` over the limits with constant arguments,
    ``include``/``import``/``extends`` (a Word template stands alone).

    >>> static_problems(LimitedSandbox(), "{{ x.__class__ }}{% include 'a' %}")
    ["line 1: attribute '__class__' (names starting with _ are not allowed)", 'line 1: include is not allowed in a template']
    """
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as error:
        return [f"line {error.lineno}: template syntax: {error.message}"]
    problems = []
    for node in tree.find_all(nodes.Node):
        line = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            problems.append(f"{line}: attribute {node.attr!r} (names starting with _ are not allowed)")
        elif isinstance(node, nodes.Getattr) and node.attr in _UNSAFE_METHODS:
            problems.append(f"{line}: method {node.attr!r} is not allowed")
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            problems.append(f"{line}: item {node.arg.value!r} (names starting with _ are not allowed)")
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            problems.append(f"{line}: {type(node).__name__.lower()} is not allowed in a template")
        elif isinstance(node, (nodes.Mul, nodes.Pow)):
            problem = _constant_binop(env, node)
            if problem:
                problems.append(f"{line}: {problem}")
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
            try:
                safe_range(*(_constant(env, arg) for arg in node.args))
            except SecurityError as error:
                problems.append(f"{line}: {error}")
            except Exception:  # not constant: checked when it runs
                pass
    return problems


def _constant(env: SandboxedEnvironment, node: nodes.Expr) -> Any:
    """The value of a constant expression, computed with the size checks."""
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, (nodes.Mul, nodes.Pow, nodes.Add)):
        symbol = {nodes.Mul: "*", nodes.Pow: "**", nodes.Add: "+"}[type(node)]
        left, right = _constant(env, node.left), _constant(env, node.right)
        env.call_binop(None, symbol, left, right)  # raises when too big
        return {"*": operator.mul, "**": operator.pow, "+": operator.add}[symbol](left, right)
    if isinstance(node, nodes.Neg):
        return -_constant(env, node.node)
    raise ValueError("not constant")


def _constant_binop(env: SandboxedEnvironment, node: nodes.Expr) -> str | None:
    try:
        _constant(env, node)
    except SecurityError as error:
        return str(error)
    except Exception:
        return None
    return None
