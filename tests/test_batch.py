"""Batch generation: every LAO of Lopburi, resumable, atomic, failures isolated."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO
from docgen.batch.jobs import certification_jobs
from docgen.batch.manifest import Entry, Manifest
from docgen.batch.run import Job, LocalExecutor, run_batch, verify
from docgen.batch.storage import LocalStorage
from docgen.cli import app

CONFIG = REPO / "config" / "lopburi-jpt-2562" / "certification-lao.yaml"


def _batch(out: Path, *extra: str):
    return CliRunner().invoke(app, ["batch", "certification", "--config", str(CONFIG), "--out", str(out), *extra])


def _lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]


def test_every_lao_of_the_province_then_nothing_then_only_what_changed(tmp_path, config_dir):
    out = tmp_path / "out"
    first = _batch(out, "--province", "16", "--include-unverified")
    assert first.exit_code == 0, first.output
    pdfs, docxs = sorted(out.rglob("*.pdf")), sorted(out.rglob("*.docx"))
    assert len(pdfs) == len(docxs) == 129
    assert "129 rendered" in first.output and "99 inferred" in first.output
    assert all(p.parent.parent.name == "16" or p.parent.name == "16" for p in pdfs), "laid out by province/district"
    entries = _lines(out)
    assert len(entries) == 258 and len({(e["unit"], e["format"]) for e in entries}) == 258
    assert _batch(out, "--verify").exit_code == 0
    named = CliRunner().invoke(app, ["batch", "--verify", str(out)])  # the folder as the argument
    assert named.exit_code == 0 and "258 of 258 file(s) verify" in named.output, named.output
    empty = CliRunner().invoke(app, ["batch", "--verify", str(tmp_path / "elsewhere")])
    assert empty.exit_code == 2 and "no manifest.jsonl" in " ".join(empty.output.split()), empty.output

    again = _batch(out, "--province", "16", "--include-unverified", "--merge", "district")
    assert again.exit_code == 0
    assert "0 rendered, 129 already done, nothing to render" in " ".join(again.output.split())
    merged = sorted(out.glob("16/*/merged-16-*.pdf"))
    assert len(merged) == 11, "one print file per district"
    from pypdf import PdfReader
    for path in merged:
        singles = [p for p in path.parent.glob("cert-*.pdf")]
        assert len(PdfReader(path).pages) == len(singles) > 0

    # one LAO's figures change: only that one is rendered again
    figures = config_dir / "figures-sample.yaml"
    code = "160101-sao"
    text = figures.read_text("utf-8")
    old = "households_target: 2042, households_surveyed: 2038"
    assert text.count(old) == 1
    figures.write_text(text.replace(old, "households_target: 2040, households_surveyed: 2038"), "utf-8")
    before = {p: p.stat().st_mtime_ns for p in pdfs}
    changed = CliRunner().invoke(app, ["batch", "certification", "--config", str(config_dir / "certification-lao.yaml"),
                                       "--out", str(out), "--province", "16", "--include-unverified",
                                       "--data", str(REPO / "config" / "data" / "lopburi.yaml")])
    assert changed.exit_code == 0, changed.output
    assert "1 rendered, 128 already done" in " ".join(changed.output.split())
    touched = [p for p in pdfs if p.stat().st_mtime_ns != before[p]]
    assert [p.name for p in touched] == [f"cert-jpt-16-1601-{code}.pdf"]
    assert _batch(out, "--verify").exit_code == 0


def test_a_killed_batch_resumes_to_a_complete_verified_set(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docgen.cli", "batch", "certification", "--config", str(CONFIG),
               "--out", str(out), "--district", "1601", "--province", "16", "--include-unverified", "--workers", "2"]
    rng = random.Random(7)
    for _ in range(3):
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(rng.uniform(2.0, 5.0))
        os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, at once
        process.wait()
        if out.exists():  # whatever the manifest calls done is whole
            assert verify(LocalStorage(out), Manifest(out / "manifest.jsonl")) == []
    finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    units = {job.unit for job in certification_jobs(CONFIG, ("docx", "pdf"), True, {"district": "1601"})}
    entries = _lines(out)
    assert {e["unit"] for e in entries} == units
    assert len(entries) == 2 * len(units), "no duplicate manifest entries"
    assert verify(LocalStorage(out), Manifest(out / "manifest.jsonl")) == []
    assert not list(out.rglob("*.part")), "no temporary files left"


def test_a_failing_unit_is_reported_and_the_others_finish(tmp_path):
    good = list(certification_jobs(CONFIG, ("pdf",), False, {"district": "1602"}))
    bad = Job("16/1602/broken", "certification", "16/1602/broken", ("pdf",), "x", None)
    storage, manifest = LocalStorage(tmp_path), Manifest(tmp_path / "manifest.jsonl")
    summary = run_batch([bad, *good], storage, manifest, LocalExecutor(1))
    assert [f.unit for f in summary.failures] == ["16/1602/broken"]
    assert summary.rendered == len(good) and len(manifest) == len(good)
    many = list(certification_jobs(CONFIG, ("pdf",), True, {"district": "1601"}))
    stopped = run_batch([bad, *many], LocalStorage(tmp_path / "b"), Manifest(tmp_path / "b" / "m.jsonl"),
                        LocalExecutor(1), fail_fast=True)
    assert stopped.failures and stopped.rendered < len(many) - 10, "fail-fast stops soon after the failure"


def test_the_manifest_survives_a_cut_line_and_compacts(tmp_path):
    path = tmp_path / "manifest.jsonl"
    manifest = Manifest(path)
    entry = Entry("u", "certification", "pdf", "u.pdf", "ab", 2, "h")
    manifest.add(entry)
    manifest.add(entry)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"unit": "v", "kind": "certif')  # a kill in the middle of a line
    reread = Manifest(path)
    assert len(reread) == 1 and reread.get("u", "pdf") == entry
    reread.compact()
    assert len(path.read_text("utf-8").splitlines()) == 1


def test_a_jobs_files_are_recorded_together(tmp_path):
    """A job's DOCX and PDF lines go in with one write and one fsync; each reads back."""
    path = tmp_path / "manifest.jsonl"
    docx, pdf = (Entry("u", "certification", fmt, f"u.{fmt}", fmt, 2, "h") for fmt in ("docx", "pdf"))
    Manifest(path).add(docx, pdf)
    Manifest(path).add()
    assert len(path.read_text("utf-8").splitlines()) == 2
    reread = Manifest(path)
    assert (reread.get("u", "docx"), reread.get("u", "pdf")) == (docx, pdf)


def test_a_manifest_line_is_sorted_json_with_thai_as_is(tmp_path):
    path = tmp_path / "manifest.jsonl"
    Manifest(path).add(Entry("16/1601/อบต", "certification", "pdf", "16/1601/อบต.pdf", "ab", 2, "h"))
    assert path.read_text("utf-8") == (
        '{"format": "pdf", "input_hash": "h", "kind": "certification", "path": "16/1601/อบต.pdf", '
        '"sha256": "ab", "size": 2, "unit": "16/1601/อบต"}\n')


def test_the_progress_bar_shows_the_rate():
    from rich.console import Console
    from rich.progress import Progress

    from docgen.batch.progress import RateColumn

    console = Console(record=True, width=60, force_terminal=False)
    with Progress(RateColumn(), console=console, auto_refresh=False) as bar:
        task = bar.add_task("rendering", total=100)
        for _ in range(10):
            bar.advance(task)
            time.sleep(0.01)
        bar.refresh()
    assert " unit/s" in console.export_text()


def test_a_warm_worker_keeps_its_fonts_out_of_collections_and_still_collects_cycles():
    """After warm-up, what a worker loaded is frozen out of garbage collection,
    young objects are collected less often, and the collector, left on, still
    reclaims cyclic garbage by itself."""
    script = """
import gc, weakref
from docgen.batch.run import GC_THRESHOLDS, warm_up
warm_up()
assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()
assert gc.get_threshold() == GC_THRESHOLDS and gc.isenabled()
class Node: pass
a, b = Node(), Node()
a.other, b.other = b, a
alive = weakref.ref(a)
del a, b
kept = [[] for _ in range(GC_THRESHOLDS[0] + 1)]  # enough new objects for a young collection
assert alive() is None
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert result.stdout.strip() == "ok", result.stderr


def test_a_jobs_docx_is_written_while_its_pdf_renders(tmp_path, monkeypatch):
    """The DOCX's write waits (at most 10 s) for the PDF's rendering to start: it
    is only seen to start if the two overlap."""
    import threading

    import docgen.writers.pdf as pdf_writer
    from docgen.batch import run

    job = next(iter(certification_jobs(CONFIG, ("docx", "pdf"), False, {"district": "1602"})))
    pdf_started, seen = threading.Event(), []
    render_pdf = pdf_writer.render_pdf

    def rendering(*args, **kwargs):
        pdf_started.set()
        return render_pdf(*args, **kwargs)

    class Storage(LocalStorage):
        def write(self, path, data):
            if path.endswith(".docx"):
                seen.append(pdf_started.wait(10))
            return super().write(path, data)

    monkeypatch.setattr(pdf_writer, "render_pdf", rendering)
    monkeypatch.setattr(run, "open_storage", lambda description: Storage(tmp_path))
    entries = run.render_job(job, "unused")
    assert seen == [True]
    assert [entry.format for entry in entries] == ["docx", "pdf"]
    assert all((tmp_path / entry.path).stat().st_size == entry.size for entry in entries)


def test_a_failed_write_fails_the_job(tmp_path, monkeypatch):
    from docgen.batch import run

    job = next(iter(certification_jobs(CONFIG, ("docx", "pdf"), False, {"district": "1602"})))

    class Full(LocalStorage):
        def write(self, path, data):
            if path.endswith(".docx"):
                raise OSError(28, "No space left on device")
            return super().write(path, data)

    monkeypatch.setattr(run, "open_storage", lambda description: Full(tmp_path))
    failure = run.render_job(job, "unused")
    assert isinstance(failure, run.Failure) and "No space left" in failure.reason


def test_storage_stays_inside_its_folder(tmp_path):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).write("../escape.pdf", b"x")


def test_units_with_bad_data_are_reported_and_the_others_rendered(tmp_path, config_dir):
    """One LAO's data-set entry and another's figures are wrong: the batch names each
    (unit, field, file:line), renders the rest of the district, and exits 1;
    `docgen render` of the same config still refuses it whole."""
    data = config_dir.parent / "data" / "lopburi.yaml"
    text = data.read_text("utf-8")
    entry = "    name_th: เทศบาลตำบลพัฒนานิคม\n"
    start = text.index(entry)
    status_at = text.index("    status: verified", start)
    data.write_text(text[:status_at] + "    status: maybe" + text[status_at + len("    status: verified"):], "utf-8")
    figures = config_dir / "figures-sample.yaml"
    old = "households_target: 1381, households_surveyed: 1368"
    figures.write_text(figures.read_text("utf-8").replace(old, "households_target: 1381, households_surveyed: 1400"),
                       "utf-8")
    config = config_dir / "certification-lao.yaml"
    everyone = [j for j in certification_jobs(CONFIG, ("pdf",), True, {"district": "1602"})]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", "certification", "--config", str(config), "--out", str(out),
                                      "--province", "16", "--district", "1602", "--include-unverified",
                                      "--format", "pdf"])
    output = " ".join(result.output.split())
    assert result.exit_code == 1, output
    status_line = data.read_text("utf-8").splitlines().index("    status: maybe") + 1
    figures_line = next(n for n, line in enumerate(figures.read_text("utf-8").splitlines(), 1) if "1400" in line)
    flat = "".join(result.output.split())  # the console wraps long lines, even inside a path

    def said(text: str) -> bool:
        return "".join(text.split()) in flat

    assert said(f"failed 16/1602/160201-tt: districts[1].laos[0].status: {config_dir}/../data/lopburi.yaml:"
                f"{status_line}:13: Input should be 'verified', 'probable' or 'inferred'")
    assert said(f"failed 16/1602/160201-tt-2: units.160201-tt-2.households_surveyed: {figures}:{figures_line}:")
    assert said("1400 surveyed households is more than the target 1381") and not said("has no figures")
    rendered = sorted(p.name for p in out.rglob("*.pdf"))
    assert len(rendered) == len(everyone) - 2 and f"{len(everyone) - 2} rendered" in output and "2 failed" in output
    assert not [n for n in rendered if "160201-tt" in n]
    assert [f.unit for f in (x for x in certification_jobs(config, ("pdf",), True, {"district": "1602"})
                             if not isinstance(x, Job))] == ["16/1602/160201-tt", "16/1602/160201-tt-2"]
    refused = CliRunner().invoke(app, ["validate", str(config), "--include-unverified"])
    assert refused.exit_code == 2


def _processes_started(monkeypatch) -> list:
    """Every process started from here on: the pool's workers."""
    started = []
    start = multiprocessing.process.BaseProcess.start

    def recorded(process):
        start(process)
        started.append(process)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", recorded)
    return started


def test_a_pool_with_nothing_to_render_is_stopped_not_waited_for(tmp_path, monkeypatch):
    """Workers that rendered finish and exit; workers of a re-run with nothing to render
    are stopped where they are (mid warm-up, 1-2 s) rather than waited for."""
    jobs = list(certification_jobs(CONFIG, ("pdf",), False, {"district": "1602"}))[:2]
    storage, manifest = LocalStorage(tmp_path), Manifest(tmp_path / "manifest.jsonl")
    started = _processes_started(monkeypatch)
    assert run_batch(jobs, storage, manifest, LocalExecutor(2)).rendered == 2
    assert [p.exitcode for p in started] == [0, 0]
    started.clear()
    again = run_batch(jobs, storage, manifest, LocalExecutor(2))
    assert again.rendered == 0 and again.skipped == 2
    assert [p.exitcode for p in started] == [-signal.SIGTERM] * 2


def test_the_workers_start_before_the_units_load_and_stop_on_a_config_error(config_dir, tmp_path, monkeypatch):
    """`docgen batch` starts its pool first, so the workers warm up while the units load;
    a configuration error then stops them at once."""
    import docgen.batch.jobs as jobs_module

    started = _processes_started(monkeypatch)
    workers_when_loading = []
    listing = jobs_module.certification_jobs

    def counted(*args, **kwargs):
        workers_when_loading.append(len(started))
        return listing(*args, **kwargs)

    monkeypatch.setattr(jobs_module, "certification_jobs", counted)
    config = config_dir / "certification-lao.yaml"
    config.write_text(config.read_text("utf-8").replace("\nyear: 2562", "\nyear: abc"), "utf-8")
    result = CliRunner().invoke(app, ["batch", "certification", "--config", str(config),
                                      "--out", str(tmp_path / "out"), "--workers", "2"])
    assert result.exit_code == 2 and "year" in result.output, result.output
    assert workers_when_loading == [2]
    assert [p.exitcode for p in started] == [-signal.SIGTERM] * 2
