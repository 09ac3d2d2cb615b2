"""Command line: ``docgen render | validate | preview``.

Exit status: 0 success, 1 refused (would overwrite a changed file), 2 bad input.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from docgen.config.loader import ConfigError
from docgen.output import WouldOverwrite, write_all

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Thai government documents (หนังสือราชการ) from YAML to DOCX and PDF.",
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _formats(value: str) -> tuple[str, ...]:
    from docgen.pipeline import FORMATS

    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated)")
    return chosen


def _report(error: ConfigError) -> None:
    for problem in error.problems:
        err.print(f"[bold red]error[/] {problem}", soft_wrap=True)
    err.print(f"{len(error.problems)} problem(s); nothing was written.")


@app.command()
def render(
    config: Path = typer.Argument(..., help="The document's YAML, e.g. config/lopburi-jpt-2562/circular.yaml"),
    format: str = typer.Option("docx,pdf", "--format", "-f", help="Comma-separated: docx, pdf."),
    out_dir: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    force: bool = typer.Option(False, "--force", help="Replace existing files whose content differs."),
) -> None:
    """Render CONFIG to DOCX and/or PDF under OUT/<config folder>/<name>.<format>."""
    from docgen.pipeline import output_paths
    from docgen.pipeline import render as run

    formats = _formats(format)
    try:
        result = run(config, formats)
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    paths = output_paths(config, out_dir, formats)
    try:
        status = write_all({paths[f]: result.files[f] for f in formats}, overwrite=force)
    except WouldOverwrite as error:
        err.print(f"[bold red]refused[/] {error}")
        raise typer.Exit(1)
    for fmt in formats:
        extra = f", {result.pdf_pages} page(s)" if fmt == "pdf" else ""
        out.print(f"{status[paths[fmt]]:>9}  {paths[fmt]}{extra}")


@app.command()
def validate(config: Path = typer.Argument(..., help="The document's YAML.")) -> None:
    """Check CONFIG (and the files it names) without rendering."""
    from docgen.pipeline import build

    try:
        document = build(config)
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    out.print(f"ok  {config}: {document.kind} '{document.title}'")


@app.command()
def preview(
    config: Path = typer.Argument(..., help="The document's YAML."),
    out_dir: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    dpi: int = typer.Option(60, help="Resolution of the PNG pages."),
    force: bool = typer.Option(False, "--force", help="Replace existing files whose content differs."),
) -> None:
    """Render CONFIG's PDF pages as PNG images (<name>-page-<n>.png), to look rather than read."""
    from docgen.pipeline import output_paths
    from docgen.pipeline import render as run
    from docgen.preview import pdf_to_pngs

    try:
        result = run(config, ("pdf",))
    except ConfigError as error:
        _report(error)
        raise typer.Exit(2)
    folder = output_paths(config, out_dir, ("pdf",))["pdf"].parent
    pngs = pdf_to_pngs(result.files["pdf"], dpi)
    files = {folder / f"{config.stem}-page-{n}.png": data for n, data in enumerate(pngs, start=1)}
    try:
        status = write_all(files, overwrite=force)
    except WouldOverwrite as error:
        err.print(f"[bold red]refused[/] {error}")
        raise typer.Exit(1)
    for path, state in status.items():
        out.print(f"{state:>9}  {path}")


if __name__ == "__main__":  # pragma: no cover
    app()
