"""Every patch of WeasyPrint or pydyf refuses a release it was not written
for, before it replaces anything, and says which patch and which release."""

from __future__ import annotations

import importlib
import pkgutil

import pydyf
import pytest
import weasyprint

import docgen.writers
from docgen.writers import pinned

# Every module of docgen.writers that patches WeasyPrint or pydyf, with the
# packages it names: found, not listed, so a new patch is covered too.
PATCHES = [
    (name, package)
    for name in sorted(n for _, n, _ in pkgutil.iter_modules(docgen.writers.__path__, "docgen.writers."))
    for package, constant in (("WeasyPrint", "WEASYPRINT_VERSION"), ("pydyf", "PYDYF_VERSION"))
    if hasattr(importlib.import_module(name), constant)
]
PACKAGES = {"WeasyPrint": weasyprint, "pydyf": pydyf}


def test_every_patch_module_is_found():
    names = {name for name, _ in PATCHES}
    assert {"docgen.writers.pdf_flow", "docgen.writers.pdf_textlayer", "docgen.writers.pdf_identifier"} <= names
    assert len(names) == 11
    assert ("docgen.writers.pdf_reuse", "pydyf") in PATCHES and ("docgen.writers.pdf_reuse", "WeasyPrint") in PATCHES


@pytest.mark.parametrize("name, package", PATCHES)
def test_another_release_is_refused_before_anything_is_replaced(monkeypatch, name, package):
    patch = importlib.import_module(name)
    assert getattr(patch, "WEASYPRINT_VERSION" if package == "WeasyPrint" else "PYDYF_VERSION") == \
        PACKAGES[package].__version__  # the release installed is the one pinned
    patch.uninstall()
    try:
        monkeypatch.setattr(PACKAGES[package], "__version__", "99.0")
        with pytest.raises(RuntimeError) as refused:
            patch.install()
        message = str(refused.value)
        assert message.startswith(f"{name} patches ") and f"{package} 99.0 is installed" in message
        assert f"{package} {pinned.WEASYPRINT if package == 'WeasyPrint' else pinned.PYDYF}" in message
        assert not patch.installed()
    finally:
        monkeypatch.undo()
        patch.install()
    assert patch.installed()


def test_two_wrong_releases_are_named_together():
    with pytest.raises(RuntimeError, match=r"patches WeasyPrint 70\.0 and pydyf 0\.13\.0, but WeasyPrint 71 and "
                                           r"pydyf 1\.0 are installed: check this\.$"):
        pinned.require("a patch", "WeasyPrint", "pydyf", advice="check this",
                       installed={"WeasyPrint": "71", "pydyf": "1.0"})
