"""Command line: ``docgen render | validate | preview``.

Exit status: 0 success, 1 refused (would overwrite a changed file), 2 bad input.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from docgen.config.loader import ConfigError
from docgen.output import WouldOverwrite, write_all
from docgen.register.cli import ISSUER, app as register_app
from docgen.signing.cli import SIGN, SIGN_CERT, SIGN_KEY, register as register_signing, signing_for
from docgen.workdays.cli import register as register_workdays

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Thai government documents (หนังสือราชการ) from YAML to DOCX and PDF.",
)
data_app = typer.Typer(no_args_is_help=True, help="Data sets for batches and benchmarks.")
app.add_typer(data_app, name="data")
app.add_typer(register_app, name="register")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _formats(value: str) -> tuple[str, ...]:
    from docgen.pipeline import FORMATS

    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated)")
    return chosen


def _variant(value: Optional[str]) -> Optional[str]:
    from docgen.archival import variant

    try:
        return variant(value)
    except ValueError as error:
        raise typer.BadParameter(str(error))


PDF_VARIANT = typer.Option(None, "--pdf-variant", callback=_variant, metavar="VARIANT",
                           help="pdf/a-3b or pdf/a-3u (archival PDF/A), pdf/ua-1 (tagged); docs/archival.md.")


def _report(error: ConfigError) -> None:
    for problem in error.problems:
        err.print(f"[bold red]error[/] {problem}", soft_wrap=True)
    err.print(f"{len(error.problems)} problem(s); nothing was written.")


def _write(files: dict[Path, bytes], force: bool) -> dict[Path, str]:
    try:
        return write_all(files, overwrite=force)
    except WouldOverwrite as error:
        err.print(f"[bold red]refused[/] {error}")
        raise typer.Exit(1)


@app.command()
def render(
    config: Path = typer.Argument(..., help="The document's YAML, e.g. config/lopburi-jpt-2562/circular.yaml"),
    format: str = typer.Option("docx,pdf", "--format", "-f", help="Comma-separated: docx, pdf."),
    out_dir: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    force: bool = typer.Option(False, "--force", help="Replace existing files whose content differs."),
    include_unverified: bool = typer.Option(
        False, "--include-unverified", help="Also render units whose data is only inferred (status: inferred)."
    ),
    issuer: Optional[str] = ISSUER,
    pdf_variant: Optional[str] = PDF_VARIANT,
    sign: bool = SIGN, sign_key: Optional[Path] = SIGN_KEY, sign_cert: Optional[Path] = SIGN_CERT,
) -> None:
    """Render CONFIG to DOCX and/or PDF under OUT/<config folder>/<name>.<format>.

    A document with number: auto takes the next number of its register (again
    the same number when it is rendered again).
    """
    from docgen.kinds import Options
    from docgen.pipeline import documents, output_folder, render_document
    from docgen.register.numbering import with_numbers

    formats = _formats(format)
    signing = signing_for(sign, sign_key, sign_cert, config, formats)
    try:
        built, numbering = with_numbers(lambda o: documents(config, o), Options(include_unverified), issuer)
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    results = [render_document(name, document, formats, pdf_variant) for name, document in built]
    for result in results if signing else ():
        result.files["pdf"] = _signed(signing, result.files["pdf"])
    folder = output_folder(config, out_dir)
    files = {folder / f"{r.name}.{fmt}": r.files[fmt] for r in results for fmt in formats}
    status = _write(files, force)
    for result in results:
        for fmt in formats:
            path = folder / f"{result.name}.{fmt}"
            extra = f", {result.pdf_pages} page(s)" if fmt == "pdf" else ""
            out.print(f"{status[path]:>9}  {path}{extra}")
    _numbered(numbering, [(r.document, [folder / f"{r.name}.{fmt}" for fmt in formats]) for r in results])
    _summary([r.document for r in results])


def _signed(signing, pdf: bytes, page: int | None = None) -> bytes:
    """The PDF as written: signed last, after everything else that changes its bytes."""
    from docgen.signing.keys import SigningError

    try:
        return signing.sign(pdf, page)
    except SigningError as error:
        err.print(f"[bold red]error[/] {error}; nothing was written", soft_wrap=True)
        raise typer.Exit(2)


def _numbered(numbering, written) -> None:
    """Say which numbers were taken, and record the files written in the register."""
    if numbering is not None:
        for line in numbering.taken():
            out.print(f"   number  {line}")
        try:
            numbering.record(written)
        except ConfigError as error:
            _report(error)
            raise typer.Exit(2)


def _summary(documents) -> None:
    """With several documents: how many, and how many of each data status."""
    if len(documents) < 2:
        return
    statuses = Counter(d.meta["status"] for d in documents if "status" in d.meta)
    counted = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
    out.print(f"{len(documents)} documents" + (f" ({counted})" if counted else ""))


@app.command()
def package(
    config: Path = typer.Argument(..., help="The letter's YAML; its enclosures with a document: are enclosed."),
    out_dir: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    force: bool = typer.Option(False, "--force", help="Replace existing files whose content differs."),
    include_unverified: bool = typer.Option(False, "--include-unverified", help="Also enclose inferred units."),
    issuer: Optional[str] = ISSUER,
    pdf_variant: Optional[str] = PDF_VARIANT,
    sign: bool = SIGN, sign_key: Optional[Path] = SIGN_KEY, sign_cert: Optional[Path] = SIGN_CERT,
) -> None:
    """Render a letter with its enclosures: one merged PDF and a ZIP of the DOCX files.

    Writes OUT/<config folder>/<name>-package.pdf and .zip; with a list of
    recipients, one package per addressed copy.
    """
    from docgen.archival import ArchivalError, require_mergeable
    from docgen.kinds import Options
    from docgen.package import build_packages, package_parts
    from docgen.pipeline import output_folder
    from docgen.register.numbering import with_numbers

    signing = signing_for(sign, sign_key, sign_cert, config)
    try:
        if pdf_variant:
            require_mergeable(pdf_variant)  # before a number is taken
        parts, numbering = with_numbers(lambda o: package_parts(config, o), Options(include_unverified), issuer)
        packages = build_packages(config, parts=parts, pdf_variant=pdf_variant)
    except ArchivalError as error:
        err.print(f"[bold red]error[/] {error}", soft_wrap=True)
        raise typer.Exit(2)
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    folder = output_folder(config, out_dir)
    files = {}
    for pack in packages:  # signed over the letter's signature block: its last page
        files[folder / f"{pack.name}.pdf"] = _signed(signing, pack.pdf, pack.parts[0].pdf_pages - 1) if signing \
            else pack.pdf
        files[folder / f"{pack.name}.zip"] = pack.zip
    status = _write(files, force)
    for pack in packages:
        pages = sum(part.pdf_pages or 0 for part in pack.parts)
        out.print(f"{status[folder / f'{pack.name}.pdf']:>9}  {folder / pack.name}.pdf, {pages} page(s): "
                  + ", ".join(part.name for part in pack.parts))
        out.print(f"{status[folder / f'{pack.name}.zip']:>9}  {folder / pack.name}.zip")
    _numbered(numbering, [(part.document, [folder / f"{pack.name}.{fmt}" for fmt in ("pdf", "zip")])
                          for pack in packages for part in pack.parts])


@app.command()
def batch(
    kind: str = typer.Argument("certification", help="The kind to generate per unit (certification)."),
    scope: Optional[str] = typer.Option(None, help="lao | district | province (default: the config's)."),
    province: Optional[str] = typer.Option(None, help="Only this province, e.g. 16."),
    district: Optional[str] = typer.Option(None, help="Only this district, e.g. 1601."),
    format: str = typer.Option("docx,pdf", "--format", "-f", help="Comma-separated: docx, pdf."),
    out_dir: Path = typer.Option(Path("output/batch"), "--out", "-o", help="Output folder (shared storage)."),
    workers: Optional[int] = typer.Option(None, help="Worker processes (default: one per core)."),
    config: Optional[Path] = typer.Option(None, help="The kind's config (default: the demo's, by scope)."),
    data: Optional[list[Path]] = typer.Option(None, help="Data-set file(s) or folder(s) to use instead."),
    include_unverified: bool = typer.Option(False, "--include-unverified", help="Also units with status inferred."),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first unit that fails."),
    executor: str = typer.Option("local", help="local (a process pool) or celery (workers over a broker)."),
    broker: Optional[str] = typer.Option(None, help="Celery broker URL (default: $DOCGEN_BROKER or local Redis)."),
    verify_only: bool = typer.Option(False, "--verify", help="Only re-hash OUT's files against its manifest."),
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
    from docgen.batch.run import LocalExecutor, run_batch, verify
    from docgen.batch.storage import LocalStorage

    storage, manifest = LocalStorage(out_dir), Manifest(out_dir / "manifest.jsonl")
    if verify_only:
        problems = verify(storage, manifest)
        for problem in problems:
            err.print(f"[bold red]bad[/] {problem}")
        out.print(f"{len(manifest) - len(problems)} of {len(manifest)} file(s) verify")
        raise typer.Exit(1 if problems else 0)
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
    try:
        jobs = list(certification_jobs(config, _formats(format), include_unverified, overrides, pdf_variant,
                                       signing))
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=err, transient=False) as bar:
        task = bar.add_task("rendering", total=len(jobs), rate="")

        def advance(n: int) -> None:
            bar.advance(task, n)
            speed = bar.tasks[task].speed
            bar.update(task, rate=f"{speed:.1f} unit/s" if speed else "")

        if executor == "celery":
            from docgen.batch.celery_app import CeleryExecutor

            pool = CeleryExecutor(broker)
        elif executor == "local":
            pool = LocalExecutor(workers, signing)
        else:
            raise typer.BadParameter("local or celery", param_hint="--executor")
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


@app.command()
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


@data_app.command("synth")
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


@app.command()
def validate(
    config: Path = typer.Argument(..., help="The document's YAML."),
    include_unverified: bool = typer.Option(False, "--include-unverified", help="Also check inferred units."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as one JSON object."),
) -> None:
    """Check CONFIG (and the files it names) without rendering; a letter is checked
    with its enclosures: deadlines, schedule, data set, signers (docs/checks.md).
    number: auto takes no number: the next one is shown."""
    from docgen.crosscheck.findings import from_problems
    from docgen.crosscheck.report import cross_check, report_json
    from docgen.kinds import Options
    from docgen.pipeline import documents
    from docgen.register.numbering import Numbering

    numbering = Numbering("peek")
    options = Options(include_unverified, numbering)
    try:
        built = documents(config, options)
        consistent = cross_check(config, options, built, as_json, out, err)
    except ConfigError as error:
        report_json(from_problems(error.problems), [], out) if as_json else _report(error)
        raise typer.Exit(2)
    finally:
        numbering.close()
    if not consistent:
        raise typer.Exit(2)
    if as_json:
        return
    notes = numbering.notes()
    for name, document in built:
        note = notes.get(document.meta.get("register", ""), "")
        out.print(f"ok  {config}: {name}: {document.kind} '{document.title}'" + (f" {note}" if note else ""))
    _summary([d for _, d in built])


@app.command()
def preview(
    config: Path = typer.Argument(..., help="The document's YAML."),
    out_dir: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    dpi: int = typer.Option(60, help="Resolution of the PNG pages."),
    force: bool = typer.Option(False, "--force", help="Replace existing files whose content differs."),
) -> None:
    """Render CONFIG's PDF pages as PNG images (<name>-page-<n>.png), to look rather than read.

    number: auto shows the number the document holds, else the next free one, which is not taken.
    """
    from docgen.kinds import Options
    from docgen.pipeline import output_folder, render_all
    from docgen.preview import pdf_to_pngs
    from docgen.register.numbering import Numbering

    numbering = Numbering("peek")
    try:
        results = render_all(config, ("pdf",), Options(numbering=numbering))
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    finally:
        numbering.close()
    for note in numbering.notes().values():
        out.print(f"  preview  {note}, not taken")
    folder = output_folder(config, out_dir)
    files = {
        folder / f"{r.name}-page-{n}.png": data
        for r in results
        for n, data in enumerate(pdf_to_pngs(r.files["pdf"], dpi), start=1)
    }
    for path, state in _write(files, force).items():
        out.print(f"{state:>9}  {path}")


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="DOCX or PDF files: docgen's own or typed by hand."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as one JSON object (docs/check.md)."),
) -> None:
    """Check FILES against the standard for official documents; exit 1 when a rule fails, 2 when unreadable."""
    from docgen.standard.command import run

    raise typer.Exit(run(files, as_json, out, err))


register_workdays(app)  # docgen schedule, docgen calendar
register_signing(app)  # docgen sign, docgen verify

if __name__ == "__main__":  # pragma: no cover
    app()
