"""The set-up the README's two commands do: which interpreter makes the virtualenv, what CI runs.

``make -n`` prints the recipes without running them; ``-W pyproject.toml`` makes the virtualenv's
recipe due even where it is already installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PYTHON = Path("/usr/bin/python3")

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _setup_recipe(*arguments: str) -> str:
    return subprocess.run(["make", "-n", "-W", "pyproject.toml", "setup", *arguments], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def _venv_line(recipe: str) -> str:
    (line,) = [line for line in recipe.splitlines() if " -m venv " in line]
    return line


def _is_311_or_newer(python: Path) -> bool:
    if not python.exists():
        return False
    check = subprocess.run([str(python), "-c", "import sys; print(sys.version_info >= (3, 11))"],
                           capture_output=True, text=True)
    return check.stdout.strip() == "True"


def test_the_virtualenv_is_made_with_debians_python_when_it_is_recent_enough():
    line = _venv_line(_setup_recipe())
    expected = "/usr/bin/python3" if _is_311_or_newer(DEBIAN_PYTHON) else "python3"
    assert line.endswith(f"|| {expected} -m venv .venv"), line


def test_python_on_the_command_line_overrides_the_choice():
    line = _venv_line(_setup_recipe(f"PYTHON={sys.executable}"))
    assert line.endswith(f"|| {sys.executable} -m venv .venv"), line


def test_ci_runs_exactly_the_readmes_test_command():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "make test"
    assert "make test" in (ROOT / "README.md").read_text("utf-8").split("\n## ", 1)[0]
