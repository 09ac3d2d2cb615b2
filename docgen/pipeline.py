"""The pipeline the CLI and services call: config file in, documents out.

>>> sorted(FORMATS)
['docx', 'pdf']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.config.loader import ConfigError, Problem, load_yaml
from docgen.kinds import KINDS, Named, Options
from docgen.model import Document

FORMATS = ("docx", "pdf")


@dataclass
class Rendered:
    name: str
    document: Document
    files: dict[str, bytes] = field(default_factory=dict)  # format -> bytes
    pdf_pages: int | None = None
    markers: list[str] | None = None


def documents(config: Path, options: Options = Options()) -> list[Named]:
    """Load, validate and build every document a config file describes."""
    config = Path(config)
    data = load_yaml(config).data
    kind = data.get("kind", "letter")
    if kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise ConfigError([Problem(str(config), 1, 1, "kind", f"unknown document kind {kind!r}; known: {known}")])
    return KINDS[kind].documents(config, options)


def build(config: Path) -> Document:
    """The one document of a config file that describes exactly one."""
    (name, document), *more = documents(config)
    if more:
        raise ValueError(f"{config} describes {len(more) + 1} documents; use documents()")
    return document


def render_document(name: str, document: Document, formats: tuple[str, ...] = FORMATS,
                    pdf_variant: str | None = None) -> Rendered:
    """``document`` in ``formats``; the PDF in ``pdf_variant`` (``pdf/a-3b`` ...,
    see :mod:`docgen.archival`) when one is given."""
    from docgen.writers.docx import render_docx
    from docgen.writers.pdf import render_pdf

    result = Rendered(name, document)
    if "docx" in formats:
        result.files["docx"] = render_docx(document)
    if "pdf" in formats:
        pdf = render_pdf(document, pdf_variant)
        result.files["pdf"] = pdf.data
        result.pdf_pages = pdf.page_count
        result.markers = pdf.markers
    return result


def render_all(config: Path, formats: tuple[str, ...] = FORMATS, options: Options = Options(),
               pdf_variant: str | None = None) -> list[Rendered]:
    """Everything in memory; nothing is written until every document succeeded."""
    return [render_document(name, document, formats, pdf_variant) for name, document in documents(config, options)]


def render(config: Path, formats: tuple[str, ...] = FORMATS, pdf_variant: str | None = None) -> Rendered:
    """The one document of ``config``, rendered."""
    (result, *more) = render_all(config, formats, pdf_variant=pdf_variant)
    if more:
        raise ValueError(f"{config} describes {len(more) + 1} documents; use render_all()")
    return result


def output_folder(config: Path, out_dir: Path) -> Path:
    """``config/lopburi-jpt-2562/circular.yaml`` -> ``out/lopburi-jpt-2562``."""
    return out_dir / Path(config).resolve().parent.name
