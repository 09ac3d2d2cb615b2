"""``docgen batch | worker | data synth``: batches from the command line.

The commands are added to docgen's one Typer app by :func:`register`.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Optional

import typer

from docgen.cli_options import PDF_VARIANT, err, out, report as _report, formats as _formats
from docgen.config.loader import ConfigError
from docgen.signing.cli import SIGN, SIGN_CERT, SIGN_KEY, signing_for

data_app = typer.Typer(no_args_is_help=True, help="Data sets for batches and benchmarks.")


DEFAULT_OUT = Path("output/batch")


def batch(
    kind: Optional[str] = typer.Argument(
        None, help="The kind to generate per unit (certification); with --verify, the folder to check."),
    scope: Optional[str] = typer.Option(None, help="lao | district | province (default: the config's)."),
    province: Optional[str] = typer.Option(None, help="Only this province, e.g. 16."),
    district: Optional[str] = typer.Option(None, help="Only this district, e.g. 1601."),
    format: str = typer.Option("docx,pdf", "--format", "-f", help="Comma-separated: docx, pdf."),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (shared storage) "
                                           "[default: output/batch]."),
    workers: Optional[int] = typer.Option(None, help="Worker processes (default: one per core)."),
    config: Optional[Path] = typer.Option(None, help="The kind's config (default: the demo's, by scope)."),
    data: Optional[list[Path]] = typer.Option(None, help="Data-set file(s) or folder(s) to use instead."),
    include_unverified: bool = typer.Option(False, "--include-unverified", help="Also units with status inferred."),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first unit that fails."),
    executor: str = typer.Option("local", help="local (a process pool) or celery (workers over a broker)."),
    broker: Optional[str] = typer.Option(None, help="Celery broker URL (default: $DOCGEN_BROKER or local Redis)."),
    verify_only: bool = typer.Option(False, "--verify", help="Only re-hash a batch folder's files against its "
                                     "manifest: docgen batch --verify DIR (or --out DIR)."),
    merge: Optional[str] = typer.Option(None, help="Also write one merged PDF per district or province."),
    pdf_variant: Optional[str] = PDF_VARIANT,
    sign: bool = SIGN, sign_key: Optional[Path] = SIGN_KEY, sign_cert: Optional[Path] = SIGN_CERT,
) -> None:
    """One document per unit of a data set: resumable (manifest.jsonl), atomic, in parallel.

    Re-running skips every unit whose inputs are unchanged and whose files still
    verify. Exit status 1 when a unit failed (the others still finish).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from docgen.batch.jobs import certification_jobs
    from docgen.batch.manifest import Manifest
    from docgen.batch.progress import RateColumn
    from docgen.batch.run import LocalExecutor, run_batch, verify
    from docgen.batch.storage import LocalStorage

    if verify_only:
        folder = None if kind in (None, "certification") else Path(kind)  # docgen batch --verify DIR
        if folder is not None and out_dir is not None and folder != out_dir:
            raise typer.BadParameter(f"two folders to verify: {kind} and --out {out_dir}", param_hint="DIR")
        out_dir = out_dir or folder or DEFAULT_OUT
        if not (out_dir / "manifest.jsonl").is_file():
            err.print(f"[bold red]error[/] {out_dir}: no manifest.jsonl, not a batch folder")
            raise typer.Exit(2)
        manifest = Manifest(out_dir / "manifest.jsonl")
        problems = verify(LocalStorage(out_dir), manifest)
        for problem in problems:
            err.print(f"[bold red]bad[/] {problem}")
        out.print(f"{len(manifest) - len(problems)} of {len(manifest)} file(s) verify")
        raise typer.Exit(1 if problems else 0)
    out_dir = out_dir or DEFAULT_OUT
    kind = kind or "certification"
    storage, manifest = LocalStorage(out_dir), Manifest(out_dir / "manifest.jsonl")
    if kind != "certification":
        raise typer.BadParameter("batch generation is available for: certification", param_hint="KIND")
    if merge and pdf_variant:
        from docgen.archival import ArchivalError, require_mergeable

        try:
            require_mergeable(pdf_variant)
        except ArchivalError as error:
            raise typer.BadParameter(str(error), param_hint="--pdf-variant")
    scope_name = scope or "lao"
    config = config or Path(f"config/lopburi-jpt-2562/certification-{scope_name}.yaml")
    overrides = {"scope": scope, "province": province, "district": district}
    if data:
        files = [f for p in data for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p])]
        overrides["data"] = [str(f.resolve()) for f in files]
    signing = signing_for(sign, sign_key, sign_cert, config, _formats(format))
    if executor == "celery":
        from docgen.batch.celery_app import CeleryExecutor

        pool = CeleryExecutor(broker)
    elif executor == "local":
        pool = LocalExecutor(workers, signing).start()  # the workers warm up while the units load
    else:
        raise typer.BadParameter("local or celery", param_hint="--executor")
    with closing(pool):  # a local pool stops at once if nothing was rendered (a config error, a re-run)
        try:
            jobs = list(certification_jobs(config, _formats(format), include_unverified, overrides, pdf_variant,
                                           signing))
        except ConfigError as error:
            _report(error)
            raise typer.Exit(2)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                      TimeRemainingColumn(), console=err, transient=False) as bar:
            task = bar.add_task("rendering", total=len(jobs))

            def advance(n: int) -> None:
                bar.advance(task, n)

            summary = run_batch(jobs, storage, manifest, pool, fail_fast, advance)
    for failure in summary.failures:
        err.print(f"[bold red]failed[/] {failure.unit}: {failure.field or '-'}: {failure.reason}")
    if merge:
        from docgen.batch.merge import merge as merge_pdfs

        if merge not in ("district", "province"):
            raise typer.BadParameter("district or province", param_hint="--merge")
        from docgen.archival import ArchivalError

        try:
            for path in merge_pdfs(storage, manifest, merge, pdf_variant):
                out.print(f"   merged  {out_dir / path}")
        except ArchivalError as error:
            err.print(f"[bold red]error[/] {error}", soft_wrap=True)
            raise typer.Exit(2)
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items()) if s != "-")
    out.print(f"{summary.total} unit(s): {summary.rendered} rendered, {summary.skipped} already done"
              f"{', nothing to render' if not summary.rendered and not summary.failures else ''}, "
              f"{len(summary.failures)} failed" + (f" ({statuses})" if statuses else "")
              + f"; manifest: {manifest.path}")
    raise typer.Exit(1 if summary.failures else 0)


def worker(
    broker: Optional[str] = typer.Option(None, help="Celery broker URL (default: $DOCGEN_BROKER or local Redis)."),
    concurrency: int = typer.Option(0, help="Worker processes (default: one per core)."),
) -> None:
    """Start a Celery worker that renders batch jobs (see `docgen batch --executor celery`)."""
    from docgen.batch.celery_app import make_app

    args = ["worker", "--loglevel=INFO", "--without-gossip", "--without-mingle"]
    if concurrency:
        args.append(f"--concurrency={concurrency}")
    make_app(broker).worker_main(args)


def data_synth(
    laos: int = typer.Option(7852, help="How many LAOs in all (one อบจ. per province included)."),
    out_dir: Path = typer.Option(Path("output/synthetic"), "--out", "-o", help="Folder for the data files."),
    seed: int = typer.Option(2562, help="Random seed: the same seed gives the same files."),
    statuses: str = typer.Option("verified", help="verified, or like-lopburi (Lopburi's share of each status)."),
) -> None:
    """Write a SYNTHETIC national data set (one file per province) for scale tests and benchmarks."""
    from docgen.synth import generate

    paths = generate(laos=laos, out=out_dir, seed=seed, statuses=statuses)
    out.print(f"{len(paths)} synthetic province file(s), {laos} LAOs, in {out_dir} (not real units)")




def register(app: typer.Typer) -> None:
    """Add ``batch``, ``worker`` and ``data synth`` to ``app``."""
    app.command()(batch)
    app.command()(worker)
    data_app.command("synth")(data_synth)
    app.add_typer(data_app, name="data")
