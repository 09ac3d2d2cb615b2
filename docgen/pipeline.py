"""The pipeline the CLI and services call: config file in, documents out.

>>> sorted(FORMATS)
['docx', 'pdf']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.builders.letter import build_letter
from docgen.config import load_letter
from docgen.config.loader import ConfigError, Problem, load_yaml
from docgen.model import Document

FORMATS = ("docx", "pdf")


@dataclass
class Rendered:
    document: Document
    files: dict[str, bytes]  # format -> bytes
    pdf_pages: int | None = None
    markers: list[str] | None = None


def build(config: Path) -> Document:
    """Load, validate and build the document a config file describes."""
    kind = load_yaml(config).data.get("kind", "letter")
    if kind == "letter":
        return build_letter(load_letter(config))
    raise ConfigError([Problem(str(config), 1, 1, "kind", f"unknown document kind {kind!r}; known: letter")])


def render(config: Path, formats: tuple[str, ...] = FORMATS) -> Rendered:
    """Everything in memory; nothing is written until every format succeeded."""
    from docgen.writers.docx import render_docx
    from docgen.writers.pdf import render_pdf

    document = build(config)
    result = Rendered(document, {})
    if "docx" in formats:
        result.files["docx"] = render_docx(document)
    if "pdf" in formats:
        pdf = render_pdf(document)
        result.files["pdf"] = pdf.data
        result.pdf_pages = pdf.page_count
        result.markers = pdf.markers
    return result


def output_paths(config: Path, out_dir: Path, formats: tuple[str, ...]) -> dict[str, Path]:
    """``config/lopburi-jpt-2562/circular.yaml`` -> ``out/lopburi-jpt-2562/circular.<fmt>``."""
    folder = out_dir / config.resolve().parent.name
    return {fmt: folder / f"{config.stem}.{fmt}" for fmt in formats}
