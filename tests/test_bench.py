"""The benchmark's baseline converts the same document docgen makes (bench/batch.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from docxtpl import DocxTemplate

from conftest import REPO
from docgen.builders.certification import build_certificate
from docgen.config.certification import load_certification
from docgen.standard.read_docx import read_docx
from docgen.writers.docx import render_docx

_spec = importlib.util.spec_from_file_location("bench_batch", REPO / "bench" / "batch.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _texts(docx: bytes) -> list[str]:
    """The document's lines of text, as ``docgen check`` reads a DOCX."""
    return [text for doc in read_docx(docx).docs for text in doc.texts() if text]


def test_the_peers_template_filled_for_a_unit_reads_as_docgens_docx_of_it(tmp_path):
    first, other = load_certification(REPO / "config" / "lopburi-jpt-2562" / "certification-lao.yaml")[:2]
    document = build_certificate(first)
    document.blocks = bench.tagged(document.blocks, [])
    template = tmp_path / "template.docx"
    template.write_bytes(render_docx(document))
    texts: list[str] = []
    bench.tagged(build_certificate(other).blocks, texts)
    filled = DocxTemplate(template)
    filled.render({f"t{i}": text for i, text in enumerate(texts)}, autoescape=True)
    filled.save(tmp_path / "filled.docx")
    expected = _texts(render_docx(build_certificate(other)))
    assert len(expected) >= 8, "number, issuer, titles, statement, date, both signatures"
    assert _texts((tmp_path / "filled.docx").read_bytes()) == expected


def test_the_baseline_is_measured_on_both_sides_of_the_run_its_ratios_use():
    calls: list[str] = []

    def run() -> str:
        calls.append("docgen")
        return "rate"

    def base() -> int:
        calls.append("libreoffice")
        return len(calls)

    assert bench.bracketed(run, base) == (1, "rate", 3)
    assert calls == ["libreoffice", "docgen", "libreoffice"]


def test_a_run_reports_its_own_peak_memory_not_that_of_the_process_that_started_it():
    ballast = b"x" * (200 << 20)  # the benchmark's own process, grown after loading docgen
    probe = ("import importlib.util, sys; "
             f"spec = importlib.util.spec_from_file_location('b', {str(REPO / 'bench' / 'batch.py')!r}); "
             "b = importlib.util.module_from_spec(spec); spec.loader.exec_module(b); print(b.own_peak_rss())")
    child = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert len(ballast) == 200 << 20
    assert float(child.stdout) < 100, "the child's own peak, far below the 200 MB its parent holds"


def test_the_ratios_are_taken_against_the_baseline_measured_around_the_largest_run(monkeypatch, capsys):
    calls: list[str] = []
    run = {"documents": 100, "seconds": 2.0, "parent_rss_mb": 40.0, "worker_rss_mb": 90.0, "failed": 0}
    speeds = iter([0.1, 0.05])  # LibreOffice's warm seconds a document, before then after

    def measure(config, formats, workers):
        calls.append(f"docgen {config.name} {','.join(formats)}")
        return run

    def baseline(config, sample, workers):
        calls.append(f"libreoffice {config.name}")
        warm = next(speeds)
        return {"sample": sample, "per_document": 2.0, "warm_batch": warm, "start_up": 1.5, "warm_sample": warm}

    monkeypatch.setattr(bench, "make_config", lambda folder, laos: folder / f"c{laos}")
    monkeypatch.setattr(bench, "measure", measure)
    monkeypatch.setattr(bench, "baseline", baseline)
    monkeypatch.setattr(sys, "argv", ["batch.py", "--sizes", "100", "1000", "--pairs-only-from", "1000"])
    bench.main()
    assert calls == ["docgen c100 docx", "docgen c100 pdf", "docgen c100 docx,pdf",
                     "libreoffice c100", "docgen c1000 docx,pdf", "libreoffice c100"]
    assert "0.100 / 0.050 s/doc -> docgen is 5.0x / 2.5x faster" in capsys.readouterr().out
