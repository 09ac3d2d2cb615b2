"""``docgen render CONFIG --template FILE.docx``: the command's work, kept out of docgen/cli.py."""

from __future__ import annotations

from pathlib import Path

from docgen.cli_options import err, out, report, write
from docgen.config.loader import ConfigError
from docgen.safety import Refused


def render_template(config: Path, template: Path, formats: list[str], out_dir: Path, force: bool,
                    include_unverified: bool = False) -> int:
    """Write OUT/<config folder>/<name>.<format> filled from ``template``; the exit status."""
    from docgen.pipeline import output_folder
    from docgen.usertemplates.render import render_with_template

    if not template.is_file():
        err.print(f"[bold red]error[/] template not found: {template}", soft_wrap=True)
        return 2
    try:
        results = render_with_template(config, template, formats, include_unverified=include_unverified)
    except ConfigError as error:
        report(error)
        return 2
    except (Refused, ValueError) as error:
        err.print(f"[bold red]error[/] {template}: {error}", soft_wrap=True)
        return 2
    folder = output_folder(config, out_dir)
    files = {folder / f"{name}.{fmt}": data[fmt] for name, data in results.items() for fmt in formats}
    status = write(files, force)
    for path in files:
        out.print(f"{status[path]:>9}  {path}")
    return 0
