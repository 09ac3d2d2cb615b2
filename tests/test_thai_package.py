"""Package-level tests for docgen.thai: doctests, re-exports, purity."""

import doctest
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import docgen.thai

MODULES = ["docgen.thai", "docgen.thai.digits", "docgen.thai.dates", "docgen.thai.phone"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str):
    module = importlib.import_module(name)
    assert module.__doc__ and ">>> " in module.__doc__
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_public_names_are_reexported():
    expected = {
        "thai_digits", "arabic_digits", "thai_date", "thai_date_range", "be_year",
        "thai_phone", "parse_iso_date", "FULL_MONTHS", "ABBR_MONTHS",
    }  # fmt: skip
    assert expected <= set(docgen.thai.__all__)
    for name in docgen.thai.__all__:
        assert getattr(docgen.thai, name) is not None


PURITY_PROBE = """
import json, sys
events = []
WATCH = ("socket.", "subprocess.", "os.mkdir", "os.remove", "os.rename",
         "os.system", "shutil.", "urllib.", "http.", "os.chdir")
def hook(event, args):
    if event == "open":
        path = str(args[0])
        if not path.endswith((".py", ".pyc")):
            events.append([event, path])
    elif event.startswith(WATCH):
        events.append([event, repr(args)[:200]])
sys.addaudithook(hook)
from datetime import date
import docgen.thai as t
t.thai_digits("ข้อ 1 a@b.com `x 2`"); t.arabic_digits("๑")
t.protected_spans("www.a.com"); t.has_arabic_digit_outside_protected("1")
t.thai_date(date(2018, 10, 16), "full_be"); t.be_year(2018)
t.thai_date_range(date(2018, 10, 1), date(2019, 9, 30), precision="month")
t.parse_iso_date("2018-10-16"); t.thai_phone("+66 2 281 2222 ต่อ 1")
loaded = sorted(m for m in sys.modules if m.startswith("pythainlp"))
print(json.dumps({"events": events, "pythainlp": loaded}))
"""


def test_import_and_use_do_no_io_and_skip_pythainlp():
    proc = subprocess.run(
        [sys.executable, "-c", PURITY_PROBE],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report == {"events": [], "pythainlp": []}
