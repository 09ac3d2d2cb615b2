"""Command line: ``docgen render | package | validate | preview | check``, and the
commands of the other modules (batch, register, schedule and calendar, sign, serve and schema).

Exit status: 0 success, 1 refused (would overwrite a changed file), 2 bad input.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from docgen.batch.cli import register as register_batch
from docgen.cli_options import PDF_VARIANT, err, out, report as _report, write as _write, formats as _formats
from docgen.config.loader import ConfigError
from docgen.register.cli import ISSUER, app as register_app
from docgen.service.cli import register as register_service
from docgen.signing.cli import SIGN, SIGN_CERT, SIGN_KEY, register as register_signing, signing_for
from docgen.workdays.cli import register as register_workdays

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Thai government documents (หนังสือราชการ) from YAML to DOCX and PDF.",
)
app.add_typer(register_app, name="register")


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
    template: Optional[Path] = typer.Option(
        None, "--template", help="Fill this Word template (.docx, docxtpl) instead; PDF through LibreOffice."),
) -> None:
    """Render CONFIG to DOCX and/or PDF under OUT/<config folder>/<name>.<format>.

    A document with number: auto takes the next number of its register (again
    the same number when it is rendered again).
    """
    if template is not None:
        from docgen.usertemplates.cli import render_template

        raise typer.Exit(render_template(config, template, _formats(format), out_dir, force, include_unverified))
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
def validate(
    config: Path = typer.Argument(..., help="The document's YAML."),
    include_unverified: bool = typer.Option(False, "--include-unverified", help="Also check inferred units."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as one JSON object."),
) -> None:
    """Check CONFIG and the files it names, writing nothing; a letter with its enclosures.

    Cross-checks deadlines, the schedule, the data set and signers (docs/checks.md).
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


register_batch(app)  # docgen batch, worker, data synth
register_workdays(app)  # docgen schedule, docgen calendar
register_signing(app)  # docgen sign, docgen verify
register_service(app)  # docgen serve, docgen schema

if __name__ == "__main__":  # pragma: no cover
    app()
