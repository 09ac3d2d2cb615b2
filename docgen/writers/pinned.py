"""The WeasyPrint and pydyf releases docgen's patches of them were written for.

Each ``docgen.writers.pdf_*`` patch replaces functions inside WeasyPrint or
pydyf, whose internals change from one release to the next, so
``pyproject.toml`` pins both.  Before it installs anything, a patch calls
:func:`require`: with another release installed it fails at once, naming
itself and what to check, instead of laying documents out wrongly.

>>> require("docgen.writers.pdf_flow", "WeasyPrint")  # the pinned release: nothing to say
>>> require("docgen.writers.pdf_flow", "WeasyPrint", installed={"WeasyPrint": "71.0"})
Traceback (most recent call last):
...
RuntimeError: docgen.writers.pdf_flow patches WeasyPrint 70.0, but WeasyPrint 71.0 is installed: port or drop this patch.
"""

from __future__ import annotations

import pydyf
import weasyprint

__all__ = ["WEASYPRINT", "PYDYF", "require"]

WEASYPRINT = "70.0"
PYDYF = "0.13.0"
_PACKAGES = {"WeasyPrint": (weasyprint, WEASYPRINT), "pydyf": (pydyf, PYDYF)}


def require(patch: str, *packages: str, advice: str = "port or drop this patch",
            installed: dict[str, str] | None = None) -> None:
    """Raise :class:`RuntimeError` unless each of ``packages`` ("WeasyPrint",
    "pydyf") is the release ``patch`` was written for; ``advice`` says what
    to check before porting it.  ``installed`` stands in for the packages'
    own ``__version__`` (for examples)."""
    wrong = []
    for name in packages:
        module, pinned = _PACKAGES[name]
        version = (installed or {}).get(name, module.__version__)
        if version != pinned:
            wrong.append((name, pinned, version))
    if wrong:
        written = " and ".join(f"{name} {pinned}" for name, pinned, _ in wrong)
        found = " and ".join(f"{name} {version}" for name, _, version in wrong)
        raise RuntimeError(f"{patch} patches {written}, but {found} {'is' if len(wrong) == 1 else 'are'} "
                           f"installed: {advice}.")
