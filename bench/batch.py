"""Benchmark: certifications per second, docgen's batch against the peers' pipeline.

    .venv/bin/python bench/batch.py                 # 100 and 1,000 certifications
    .venv/bin/python bench/batch.py --sizes 100 1000 10000
    .venv/bin/python bench/batch.py --profile 40    # pyinstrument profile of 40 renders

For each size it generates a synthetic data set (docgen.synth), then runs, each
in a fresh process so peak memory is measured cleanly: docgen's batch for DOCX
only, PDF only and both, on a process pool of one worker per core.  In the
same run it measures the baseline peers use: docxtpl fills a DOCX template (the
whole certification, its texts as tags), then LibreOffice converts it (with TH
SarabunPSK resolving to docgen's metric-compatible font, as on an office PC
with the font), once with one `soffice` per document and once at
its best, one warm `soffice` per core converting a whole batch (on a sample,
as LibreOffice is slow, and without soffice's start-up, which a whole batch
spreads over thousands of documents), just before and just after docgen's run
at the largest size, as the machine's speed drifts.  It prints one table and
the ratios against both.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CONFIG = """kind: certification
scope: lao
data: {data}
figures: figures.csv
default_figures: {{households_target: 1200, households_surveyed: 1190, villages_target: 9, villages_surveyed: 9}}
year: 2562
date: 2019-02-22
signer:
  position: "{{{{ unit.head }}}}"
countersigner:
  position: "{{{{ unit.cdd_officer }}}}"
"""


def make_config(folder: Path, laos: int) -> Path:
    from docgen.synth import generate

    files = generate(laos=laos, out=folder / "data", seed=2562)
    (folder / "figures.csv").write_text(
        "unit,households_target,households_surveyed,villages_target,villages_surveyed\n", "utf-8")
    config = folder / "certification.yaml"
    config.write_text(CONFIG.format(data=json.dumps([str(f) for f in files])), "utf-8")
    return config


def own_peak_rss() -> float:
    """This process's peak RSS (VmHWM, MB) since it started its program.

    Not ``getrusage``'s ``ru_maxrss``: Linux carries that across ``fork`` and
    ``exec``, so a child would report at least the RSS of the process that
    spawned it (the benchmark's own, after it loaded docgen for the baseline)."""
    return _vmhwm(os.getpid())


def _vmhwm(pid: int) -> float:
    """Peak RSS (VmHWM, MB) of process ``pid``; 0 if it is gone."""
    try:
        status = (Path("/proc") / str(pid) / "status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return 0.0


def _descendants_peak_rss(root: int) -> dict[int, float]:
    """Peak RSS (VmHWM, MB) of every live descendant of ``root``, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = {}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in found:
                found[child] = _vmhwm(child)
                frontier.append(child)
    return found


def one_run(config: Path, formats: tuple[str, ...], out: Path, workers: int) -> dict:
    """Run in a child process: render every certification, report time and memory.

    Workers come from a fork server (grandchildren of this process), so their
    peak RSS is read from /proc while they live, every half second."""
    import threading

    from docgen.batch.jobs import certification_jobs
    from docgen.batch.manifest import Manifest
    from docgen.batch.run import LocalExecutor, run_batch
    from docgen.batch.storage import LocalStorage

    peaks: dict[int, float] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.5):
            for pid, mb in _descendants_peak_rss(os.getpid()).items():
                peaks[pid] = max(peaks.get(pid, 0.0), mb)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    jobs = certification_jobs(config, formats, False, None)
    start = time.perf_counter()
    summary = run_batch(jobs, LocalStorage(out), Manifest(out / "manifest.jsonl"), LocalExecutor(workers))
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    return {
        "documents": summary.rendered,
        "seconds": seconds,
        "parent_rss_mb": own_peak_rss(),
        "worker_rss_mb": max(peaks.values(), default=0.0),
        "failed": len(summary.failures),
    }


def measure(config: Path, formats: tuple[str, ...], workers: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, __file__, "--child", str(config), ",".join(formats), out, str(workers)]
        result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
        return json.loads(result.stdout.strip().splitlines()[-1])


def baseline(config: Path, sample: int, workers: int) -> dict | None:
    """docxtpl + LibreOffice, as peers run it and at its best."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("baseline skipped: LibreOffice (soffice) is not installed; `make test` installs it", file=sys.stderr)
        return None
    from docxtpl import DocxTemplate

    from docgen.builders.certification import build_certificate
    from docgen.config.certification import load_certification
    from docgen.usertemplates.convert import fontconfig
    from docgen.writers.docx import render_docx

    certs = load_certification(config)[:sample]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        # The template: our own whole certification (number, titles, statement, date, both
        # signatures, the emblem), each text a Jinja tag; each unit's texts fill it.
        document = build_certificate(certs[0])
        document.blocks = tagged(document.blocks, [])
        template = folder / "template.docx"
        template.write_bytes(render_docx(document))
        # As on an office PC with TH SarabunPSK: the DOCX's font resolves to docgen's
        # metric-compatible one (else LibreOffice substitutes a wider Thai font, and the
        # certification runs onto a second page).
        env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig(folder)))
        contexts = []
        for cert in certs:
            texts: list[str] = []
            tagged(build_certificate(cert).blocks, texts)
            contexts.append({f"t{i}": text for i, text in enumerate(texts)})
        start = time.perf_counter()
        for index, context in enumerate(contexts):
            filled = DocxTemplate(template)
            filled.render(context, autoescape=True)
            filled.save(folder / f"doc{index:05d}.docx")
        docx_seconds = time.perf_counter() - start
        files = sorted(folder.glob("doc*.docx"))
        per_doc = files[: max(1, min(len(files), 10))]
        start = time.perf_counter()
        for path in per_doc:  # one soffice per document
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/p1", "--convert-to",
                            "pdf", "--outdir", str(folder / "one"), str(path)],
                           check=True, capture_output=True, env=env)
        per_doc_seconds = (time.perf_counter() - start) / len(per_doc)
        # At its best: one warm soffice per core, each converting its share of the batch.  A
        # whole batch of thousands hides the start-up of soffice (about 1.3 s), a sample does
        # not: the conversion rate is the time of the shares less that of one document each
        # (both after a first, untimed start that creates each soffice's profile).
        chunks = [chunk for chunk in (files[i::workers] for i in range(workers)) if chunk]
        _in_parallel(soffice, folder, [chunk[:1] for chunk in chunks], "first", env)
        started = _in_parallel(soffice, folder, [chunk[:1] for chunk in chunks], "start", env)
        whole = _in_parallel(soffice, folder, chunks, "warm", env)
        warm_seconds = (whole - started) / max(1, len(files) - len(chunks))
    docx_each = docx_seconds / len(certs)
    return {"sample": len(certs), "per_document": docx_each + per_doc_seconds, "warm_batch": docx_each + warm_seconds,
            "start_up": started, "warm_sample": docx_each + whole / len(files)}


def tagged(blocks: list, texts: list[str]) -> list:
    """``blocks`` with each run's text replaced by a Jinja tag (``{{ t0 }}``, ...), the texts
    appended to ``texts`` in the same order."""
    from dataclasses import replace

    from docgen.model import Columns, Group, Paragraph

    def tag(run):
        texts.append(run.text)
        return replace(run, text=f"{{{{ t{len(texts) - 1} }}}}")

    out = []
    for block in blocks:
        if isinstance(block, Columns):
            block = replace(block, left=[tag(r) for r in block.left],
                            right=[[tag(r) for r in line] for line in block.right])
        elif isinstance(block, Group):
            block = replace(block, blocks=tagged(block.blocks, texts))
        elif isinstance(block, Paragraph):
            block = replace(block, runs=[tag(r) for r in block.runs])
        else:
            raise TypeError(f"a certification block the baseline's template cannot tag: {block!r}")
        out.append(block)
    return out


def _in_parallel(soffice: str, folder: Path, chunks: list[list[Path]], label: str, env: dict) -> float:
    """Seconds for one soffice per chunk, side by side, to convert its files (soffice ``i``
    keeps its own profile, ``folder/w{i}``, from one call to the next)."""
    start = time.perf_counter()
    running = [subprocess.Popen([soffice, "--headless", f"-env:UserInstallation=file://{folder}/w{i}",
                                 "--convert-to", "pdf", "--outdir", str(folder / label), *map(str, chunk)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
               for i, chunk in enumerate(chunks)]
    for process in running:
        if process.wait():
            raise RuntimeError(f"soffice failed converting {chunks[running.index(process)]}")
    return time.perf_counter() - start


def profile(config: Path, count: int) -> None:
    from pyinstrument import Profiler

    from docgen.builders.certification import build_certificate
    from docgen.config.certification import load_certification
    from docgen.writers.docx import render_docx
    from docgen.writers.pdf import render_pdf

    certs = load_certification(config)[:count]
    render_pdf(build_certificate(certs[0]))  # warm up, as a worker does
    profiler = Profiler()
    profiler.start()
    for cert in certs:
        document = build_certificate(cert)
        render_docx(document)
        render_pdf(document)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline-sample", type=int, default=60)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--pairs-only-from", type=int, default=10000,
                        help="from this size on, measure DOCX+PDF pairs only (saves the two single-format runs)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        config, formats, out, workers = args.child
        print(json.dumps(one_run(Path(config), tuple(formats.split(",")), Path(out), int(workers))))
        return
    with tempfile.TemporaryDirectory() as folder:
        if args.profile:
            profile(make_config(Path(folder), max(args.profile + 76, 100)), args.profile)
            return
        rows = []
        before = after = sample = None
        for size in args.sizes:
            config = make_config(Path(folder) / str(size), size)
            sample = sample or config  # the baseline reads a whole data set for its sample: the first, smallest
            row = {"size": size}
            for label, formats in (("docx", ("docx",)), ("pdf", ("pdf",)), ("both", ("docx", "pdf"))):
                if label == "both" and size == args.sizes[-1]:  # the ratios' run, the baseline around it
                    before, row[label], after = bracketed(
                        lambda: measure(config, formats, args.workers),
                        lambda: baseline(sample, args.baseline_sample, args.workers))
                elif label == "both" or size < args.pairs_only_from:
                    row[label] = measure(config, formats, args.workers)
            rows.append(row)
    # The interpreter matters (about 15 %): a PGO+LTO build (Debian's) against one built from source.
    print(f"\nPython {sys.version.split()[0]} ({os.path.realpath(sys.executable)}), {args.workers} worker(s); "
          "documents per second (a 'both' document is a DOCX+PDF pair)\n")
    print(f"{'certifications':>14} | {'DOCX/s':>7} | {'PDF/s':>7} | {'pairs/s':>7} | "
          f"{'parent RSS MB':>13} | {'worker RSS MB':>13}")
    for row in rows:
        kinds = [k for k in ("docx", "pdf", "both") if k in row]
        rate = {k: f"{row[k]['documents'] / row[k]['seconds']:>7.1f}" if k in row else f"{'-':>7}"
                for k in ("docx", "pdf", "both")}
        parent = max(row[k]["parent_rss_mb"] for k in kinds)
        worker = max(row[k]["worker_rss_mb"] for k in kinds)
        print(f"{row['size']:>14,} | {rate['docx']} | {rate['pdf']} | {rate['both']} | "
              f"{parent:>13.0f} | {worker:>13.0f}")
    if before and after:
        pairs = rows[-1]["both"]["documents"] / rows[-1]["both"]["seconds"]
        print(f"\nbaseline (docxtpl + LibreOffice, sample of {before['sample']}), just before / just after "
              f"docgen's {rows[-1]['size']:,} pairs:")

        def compare(label: str, key: str, digits: int) -> None:
            print(f"  {label:<26}{before[key]:.{digits}f} / {after[key]:.{digits}f} s/doc -> docgen is "
                  f"{pairs * before[key]:.1f}x / {pairs * after[key]:.1f}x faster")

        compare("one soffice per document:", "per_document", 2)
        compare("warm soffice per core:", "warm_batch", 3)
        print(f"    (left out: {before['start_up']:.1f} / {after['start_up']:.1f} s for each soffice to start and "
              "convert its first document)")
        compare("the sample, start-up in:", "warm_sample", 3)


def bracketed(run, base):
    """``base()`` just before and just after ``run()``: ``(before, run's result, after)``.

    The machine's speed drifts from one minute to the next, so the baseline is
    measured on both sides of the run its ratios are taken against.

    >>> calls = []
    >>> bracketed(lambda: calls.append("run") or 2, lambda: calls.append("base") or len(calls))
    (1, 2, 3)
    """
    before = base()
    result = run()
    return before, result, base()


if __name__ == "__main__":
    main()
