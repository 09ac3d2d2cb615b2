"""The kinds of document docgen makes, by the ``kind:`` of their YAML.

Each kind turns one configuration file into one or more named documents
(a letter gives one; district orders give one per district).  Builders are
imported when their kind is used, so the CLI starts quickly.

>>> 'letter' in KINDS and 'action_plan' in KINDS
True
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Callable

from docgen.model import Document

Named = tuple[str, Document]  # (file name without extension, document)


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    module: str  # defines documents(config_path, options) -> list[Named]

    @property
    def documents(self) -> Callable[[Path, "Options"], list[Named]]:
        return import_module(self.module).documents


@dataclass(frozen=True)
class Options:
    """Choices the command line passes to every kind."""

    include_unverified: bool = False  # render units whose data status is "inferred"
    numbering: object = None  # number: auto -- a docgen.register.numbering.Numbering; None: a blank


KINDS = {
    kind.name: kind
    for kind in (
        Kind("letter", "external letter or circular (หนังสือภายนอก / หนังสือเวียน)", "docgen.builders.letter"),
        Kind("memo", "internal memo (บันทึกข้อความ)", "docgen.builders.memo"),
        Kind("action_plan", "action-plan table (แผนปฏิบัติการ) from a schedule", "docgen.builders.action_plan"),
        Kind("order", "appointment order (คำสั่ง)", "docgen.builders.order"),
        Kind("certification", "data-quality certification (คำรับรองคุณภาพข้อมูล)", "docgen.builders.certification"),
        Kind("targets", "table of target households per unit (จำนวนครัวเรือนเป้าหมาย)", "docgen.builders.targets"),
    )
}
