"""What the command-line modules share: the consoles, option types, and the way
bad input and refused overwrites are reported.

Exit status everywhere: 0 success, 1 refused (would overwrite a changed file)
or a check failed, 2 bad input.

>>> formats("pdf, docx")
('pdf', 'docx')
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from docgen.config.loader import ConfigError
from docgen.output import WouldOverwrite, write_all

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def formats(value: str) -> tuple[str, ...]:
    from docgen.pipeline import FORMATS

    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated)")
    return chosen


def pdf_variant(value: Optional[str]) -> Optional[str]:
    from docgen.archival import variant

    try:
        return variant(value)
    except ValueError as error:
        raise typer.BadParameter(str(error))


PDF_VARIANT = typer.Option(None, "--pdf-variant", callback=pdf_variant, metavar="VARIANT",
                           help="pdf/a-3b or pdf/a-3u (archival PDF/A), pdf/ua-1 (tagged); docs/archival.md.")


def report(error: ConfigError) -> None:
    for problem in error.problems:
        err.print(f"[bold red]error[/] {problem}", soft_wrap=True)
    err.print(f"{len(error.problems)} problem(s); nothing was written.")


def write(files: dict[Path, bytes], force: bool) -> dict[Path, str]:
    try:
        return write_all(files, overwrite=force)
    except WouldOverwrite as error:
        err.print(f"[bold red]refused[/] {error}")
        raise typer.Exit(1)
