"""Bad YAML: one clear message with file:line:column and field, exit 2, nothing written.

Each case edits one file of a copy of the reference configuration.  The
expected line is where the edit lands (or, for a missing field, where its
parent starts), found in the edited file itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app

LETTER = "circular.yaml"
ORG = "organisation.yaml"
PEOPLE = "personnel.yaml"
PLAN = "schedule.yaml"

# (id, file, old text, new text, field path in the message, words of the message,
#  the text whose line the message must name; None: the line of `new`; or
#  (file, text) when the problem lies in another file than the edited one)
CASES = [
    ("unknown-key", LETTER, "subject:", "subjekt:", "subjekt", "unknown key", None),
    ("missing-field", LETTER, "recipient: นายอำเภอทุกอำเภอ\n", "", "recipient", "required field is missing", "kind: letter"),
    ("impossible-date", LETTER, "date: 2018-10-16", "date: 2018-02-30", "date", "day", None),
    ("unknown-schedule-id", LETTER, "schedule.lao_certify.end_date", "schedule.lao_certfy.end_date",
     "body[2].items[1]", "schedule has no activity 'lao_certfy'", "schedule.lao_certfy"),
    ("bad-number", LETTER, "register: 4852", "number: ลบ19/4852", "number", "is not a letter number", None),
    ("number-with-prefix", LETTER, "register: 4852", "number: ที่ ลบ 0019/ว 4852", "number",
     'without "ที่"', None),
    ("number-and-register", LETTER, "register: 4852", "number: ลบ 0019/4852\nregister: 4852", "register",
     "either number or register", "register: 4852"),
    ("register-without-code", ORG, "code: ลบ 0019", "# no code", "register", "organisation's code",
     (LETTER, "register: 4852")),
    ("bad-agency-code", ORG, "code: ลบ 0019", "code: ลบ 19", "code", "should match pattern", None),
    ("closing-does-not-pair", LETTER, "conclusion:", "closing: ขอแสดงความนับถืออย่างยิ่ง\nconclusion:",
     "closing", "does not pair", "closing:"),
    ("royal-salutation", LETTER, "salutation: เรียน", "salutation: กราบบังคมทูล", "salutation",
     "royal", None),
    ("unknown-signer", LETTER, "signer: deputy_governor", "signer: governor", "signer", "no person 'governor'", None),
    ("missing-organisation-file", LETTER, "organisation: organisation.yaml", "organisation: org.yaml",
     "organisation", "file not found", None),
    ("template-syntax", LETTER, "conclusion: จึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป",
     "conclusion: จึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป {{ signer.name", "conclusion", "template error", None),
    ("missing-template", LETTER, "letters/jpt-survey-intro.j2", "letters/jpt-intro.j2", "body[0]",
     "template error: 'letters/jpt-intro.j2' not found", None),
    ("unknown-variable", LETTER, "ปี {{ vars.year }}", "ปี {{ vars.yaer }}", "subject", "has no attribute 'yaer'", None),
    ("missing-enclosure-document", LETTER, "document: action-plan.yaml", "document: plan.yaml",
     "enclosures[0].document", "file not found", None),
    ("enclosure-without-title", LETTER, "  - document: action-plan.yaml", "  - quantity: ๑ ชุด", "enclosures[0]",
     "needs a title or a document", None),
    ("two-recipient-keys", LETTER, "recipient: นายอำเภอทุกอำเภอ", "recipient: นายอำเภอทุกอำเภอ\nrecipients: [ก, ข]",
     "recipients", "not both", "recipients:"),
    ("empty-body", LETTER, "body:\n", "body: []\nold_body:\n", "body", "at least 1 item", "body: []"),
    ("section-without-items", LETTER, "  - heading: รายงานผล\n    items:\n", "  - heading: รายงานผล\n    notes:\n",
     "body[4].notes", "unknown key", "notes:"),
    ("empty-section", LETTER, "conclusion:", "  - heading: ว่าง\nconclusion:", "body[5]",
     "a section needs items or paragraphs", "heading: ว่าง"),
    ("bad-phone", ORG, 'phone: "036770135"', 'phone: "03677"', "owner.phone", "not a Thai phone number", None),
    ("unknown-nested-key", ORG, "  unit:", "  unite:", "owner.unite", "unknown key", None),
    ("bad-email", ORG, "  url: http://lopburi.cdd.go.th", "  email: panaisrs99-at-gmail\n  url: http://lopburi.cdd.go.th",
     "owner.email", "should match pattern", "email:"),
    ("missing-emblem", ORG, "# emblem: garuda.png", "emblem: emblem.png", "emblem", "file not found", None),
    ("bad-acting-phrase", PEOPLE, "phrase: ปฏิบัติราชการแทน", "phrase: ทำการแทน", "people[0].acting.phrase",
     "Input should be", None),
    ("end-before-start", PLAN, "end: 2019-02-22", "end: 2019-01-22", "activities[11].end", "before start", None),
    ("impossible-schedule-date", PLAN, "end: 2019-02-22", "end: 2019-02-29", "activities[11].end",
     "not a valid date", None),
    ("duplicate-activity-id", PLAN, "id: campaign", "id: collect", "activities", "used twice", "activities:"),
    ("yaml-syntax", LETTER, "units:", "units:", "", "", None),  # placeholder replaced below
    ("duplicate-key", LETTER, "recipient: นายอำเภอทุกอำเภอ", "recipient: นายอำเภอทุกอำเภอ\nrecipient: ซ้ำ",
     "", "duplicate key", "recipient: ซ้ำ"),
]
CASES[CASES.index(next(c for c in CASES if c[0] == "yaml-syntax"))] = (
    "yaml-syntax", LETTER, "enclosures:", "enclosures: [", "", "YAML syntax", "  - document: action-plan.yaml")


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if text.strip().splitlines()[0] in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_bad_input_is_reported_precisely(case, command, config_dir, tmp_path):
    name, file_name, old, new, field, message, line_text = case
    edited = config_dir / file_name
    text = edited.read_text("utf-8")
    assert old in text, f"case {name}: {old!r} not in {file_name}"
    edited.write_text(text.replace(old, new, 1), "utf-8")
    out = tmp_path / "out"
    args = [command, str(config_dir / LETTER)] + (["--out", str(out)] if command == "render" else [])

    result = CliRunner().invoke(app, args)

    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    if isinstance(line_text, tuple):
        file_name, line_text = line_text
    expected_line = _line_of(config_dir / file_name, line_text or new or old)
    problems = [" ".join(p.split()) for p in result.output.split("error ")[1:]]
    located = [p for p in problems if re.search(rf"{re.escape(file_name)}:{expected_line}:\d+:", p)]
    assert located, f"no problem at {file_name}:{expected_line}: {output}"
    assert any((not field or f": {field}:" in p) and message in p for p in located), output
    assert "nothing was written" in output
    assert not out.exists() or not any(out.rglob("*")), "no file may be written"
