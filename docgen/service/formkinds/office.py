"""The office folders a clerk may choose, and what the form reads from them.

An office folder under ``config_root`` holds an ``organisation.yaml`` and a
``personnel.yaml``; the form may also use the files its own documents name:
the data set and the figures its certification and targets files name
(``data: ../data/lopburi.yaml``, ``figures: figures-sample.yaml``), and its
``schedule.yaml``.  No other name can come from a submission: the form never
takes a path from what is typed.

>>> from pathlib import Path
>>> office = find_office(Path("config"), "lopburi-jpt-2562")
>>> office.name, office.data_files()
('จังหวัดลพบุรี', ('../data/lopburi.yaml', 'figures-sample.yaml', '16'))
>>> office.districts()[0], office.province_name()
(('1601', 'อำเภอเมืองลพบุรี'), 'จังหวัดลพบุรี')
>>> find_office(Path("config"), "../config") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.config.loader import ConfigError, load_yaml
from docgen.config.models import Personnel

_DATA_KINDS = ("certification", "targets")


@dataclass(frozen=True)
class Office:
    """An office folder under ``config_root``: its organisation and personnel files."""

    key: str  # the folder, relative to config_root, with "/"
    folder: Path
    name: str
    root: Path  # config_root, resolved

    @property
    def organisation(self) -> Path:
        return self.folder / "organisation.yaml"

    @property
    def personnel(self) -> Path:
        return self.folder / "personnel.yaml"

    @property
    def schedule(self) -> Path:
        return self.folder / "schedule.yaml"

    def people(self) -> list[tuple[str, str]]:
        """(id, "name - position") of everyone in the office's personnel file."""
        try:
            personnel = load_yaml(self.personnel).validate(Personnel)
        except ConfigError:
            return []
        return [(p.id, f"{p.name} – {p.position}") for p in personnel.people]

    def files_of_kind(self, *kinds: str) -> list[tuple[Path, dict]]:
        """(path, mapping) of the office's own YAML files of ``kinds``, by file name."""
        found = []
        for path in sorted(self.folder.glob("*.yaml")):
            try:
                data = load_yaml(path).data
            except ConfigError:
                continue
            if data.get("kind") in kinds:
                found.append((path, data))
        return found

    def data_files(self) -> tuple[str, str, str | None] | None:
        """(data set, figures, province code) as the office's first certification
        or targets file names them (relative to the office folder), or None.
        Only names that stay inside ``config_root`` and exist are taken."""
        for _, data in self.files_of_kind(*_DATA_KINDS):
            names = data.get("data"), data.get("figures")
            if all(isinstance(n, str) and self._inside(n) for n in names):
                province = data.get("province")
                return names[0], names[1], str(province) if province else None
        return None

    def districts(self) -> list[tuple[str, str]]:
        """(code, อำเภอ...) of the districts of the office's data set."""
        units = self._dataset()
        return [(d.code, d.name) for d in units.districts] if units else []

    def province_name(self) -> str:
        """จังหวัด... of the office's data set, or ""."""
        units = self._dataset()
        return units.province.name if units else ""

    def _dataset(self):
        from docgen.config.certification.dataset import cached, load_dataset_file

        found = self.data_files()
        if found is None:
            return None
        try:
            return cached(self.folder / found[0], load_dataset_file)
        except ConfigError:
            return None

    def _inside(self, name: str) -> bool:
        path = (self.folder / name).resolve()
        return not Path(name).is_absolute() and path.is_relative_to(self.root) and path.is_file()


def offices(config_root: Path) -> list[Office]:
    """The folders (up to two levels under ``config_root``) holding both an
    ``organisation.yaml`` and a ``personnel.yaml``."""
    root = Path(config_root).resolve()
    found = []
    for org in sorted([*root.glob("*/organisation.yaml"), *root.glob("*/*/organisation.yaml")]):
        folder = org.parent
        if not (folder / "personnel.yaml").is_file() or not folder.resolve().is_relative_to(root):
            continue
        try:
            name = str(load_yaml(org).data.get("name", folder.name))
        except ConfigError:
            name = folder.name
        found.append(Office(folder.relative_to(root).as_posix(), folder.resolve(), name, root))
    return found


def find_office(config_root: Path, key: str) -> Office | None:
    """The office ``key`` names, only if it is one :func:`offices` lists (never a path elsewhere)."""
    return next((office for office in offices(config_root) if office.key == key), None)
