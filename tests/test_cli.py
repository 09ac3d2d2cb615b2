"""The command line end to end: render, validate, preview; safe, reproducible output."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pypdf
from typer.testing import CliRunner

from conftest import REFERENCE_CONFIG, REPO, env_with
from docgen.cli import app

runner = CliRunner()


def _render(config, out, *extra):
    return runner.invoke(app, ["render", str(config), "--out", str(out), *extra])


def test_render_writes_docx_and_pdf_then_leaves_them_alone(tmp_path, reference):
    result = _render(REFERENCE_CONFIG, tmp_path)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "lopburi-jpt-2562"
    assert (folder / "circular.docx").read_bytes() == reference.files["docx"]
    assert (folder / "circular.pdf").read_bytes() == reference.files["pdf"]
    assert "2 page(s)" in result.output

    again = _render(REFERENCE_CONFIG, tmp_path)
    assert again.exit_code == 0
    assert again.output.count("unchanged") == 2
    assert sorted(p.name for p in folder.iterdir()) == ["circular.docx", "circular.pdf"], "no temp files left"


def test_an_edited_output_is_not_overwritten_without_force(tmp_path, config_dir):
    assert _render(config_dir / "circular.yaml", tmp_path).exit_code == 0
    docx = tmp_path / "lopburi-jpt-2562" / "circular.docx"
    docx.write_bytes(b"the clerk's edited copy")
    letter = config_dir / "circular.yaml"
    letter.write_text(letter.read_text("utf-8").replace("ปี 2562\n", "ปี 2563\n", 1), "utf-8")

    refused = _render(letter, tmp_path)
    assert refused.exit_code == 1
    assert "--force" in refused.output
    assert docx.read_bytes() == b"the clerk's edited copy"

    forced = _render(letter, tmp_path, "--force")
    assert forced.exit_code == 0, forced.output
    assert docx.read_bytes().startswith(b"PK")


def test_only_the_formats_asked_for(tmp_path):
    result = _render(REFERENCE_CONFIG, tmp_path, "--format", "pdf")
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "lopburi-jpt-2562").iterdir()] == ["circular.pdf"]
    assert _render(REFERENCE_CONFIG, tmp_path, "--format", "odt").exit_code == 2


def test_same_input_gives_the_same_bytes_and_honours_source_date_epoch(tmp_path, reference):
    from docgen.pipeline import render

    second = render(REFERENCE_CONFIG)
    assert second.files == reference.files
    command = [sys.executable, "-m", "docgen.cli", "render", str(REFERENCE_CONFIG), "--out", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True, env=env_with(SOURCE_DATE_EPOCH=1700000000), cwd=REPO)
    pdf = (tmp_path / "lopburi-jpt-2562" / "circular.pdf").read_bytes()
    assert pdf != reference.files["pdf"]
    info = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert info["/CreationDate"].startswith("D:20231114")
    reference_info = pypdf.PdfReader(io.BytesIO(reference.files["pdf"])).metadata
    assert reference_info["/CreationDate"].startswith("D:20181016"), "without the variable: the letter's date"


def test_validate_says_ok(tmp_path):
    result = runner.invoke(app, ["validate", str(REFERENCE_CONFIG)])
    assert result.exit_code == 0
    assert "ok" in result.output and "letter" in result.output


def test_preview_writes_png_pages(tmp_path):
    result = runner.invoke(app, ["preview", str(REFERENCE_CONFIG), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pngs = sorted((tmp_path / "lopburi-jpt-2562").glob("*.png"))
    assert [p.name for p in pngs] == ["circular-page-1.png", "circular-page-2.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)


def test_the_console_script_is_installed():
    docgen = shutil.which("docgen", path=str(REPO / ".venv" / "bin")) or shutil.which("docgen")
    assert docgen, "the docgen console script is not on PATH"
    result = subprocess.run([docgen, "--help"], capture_output=True, text=True, check=True)
    for command in ("render", "validate", "preview"):
        assert command in result.stdout


def test_a_schedule_date_changes_the_letter(tmp_path, config_dir):
    """A deadline is typed once, in the schedule; the letter quotes it."""
    from docgen.pipeline import build

    plan = config_dir / "schedule.yaml"
    plan.write_text(plan.read_text("utf-8").replace("end: 2019-02-22", "end: 2019-02-25"), "utf-8")
    text = "\n".join(p.text for p in build(config_dir / "circular.yaml").paragraphs())
    assert "ส่งอำเภอภายในวันที่ ๒๕\u00a0กุมภาพันธ์\u00a0๒๕๖๒" in text
    assert "๒๒ กุมภาพันธ์" not in text
