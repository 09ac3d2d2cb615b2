"""The examples in docstrings are real: run them."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import docgen

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(docgen.__path__, "docgen.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
