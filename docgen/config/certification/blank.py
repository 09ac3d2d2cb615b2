"""Blank certification forms: the unit, its figures, the number and the date as dotted lines.

A province sends its districts the form to fill in (enclosure ๒ of the จปฐ.
circular, "คำรับรองคุณภาพข้อมูล") before any figures exist.  ``blank: true``
in a certification config renders one such form for its scope from the same
texts as the filled-in certifications: the templates see a :class:`BlankUnit`
whose names are dotted lines, with the level's own words around them
("อำเภอ.......... จังหวัด.........."), and figures whose counts are dotted.

>>> unit = blank_unit("district")
>>> unit.full.startswith("อำเภอ....") and "(รหัสอำเภอ ........)" in unit.full
True
>>> unit.level_name, unit.path
('อำเภอ', 'form-district')
"""

from __future__ import annotations

from docgen.config.certification.dataset import LEVEL_NAMES, Place, Unit


def dots(count: int) -> str:
    return "." * count


NAME = dots(32)  # a unit's name, an LAO head's title
PLACE = dots(24)  # a district's or province's name after อำเภอ / จังหวัด
DATE_LINE = f"ให้ไว้ ณ วันที่ {dots(10)} เดือน {dots(25)} พ.ศ. {dots(10)}"


class BlankUnit(Unit):
    """A unit whose every name is a dotted line to write in."""

    @property
    def full(self) -> str:
        if self.level == "province":
            return f"จังหวัด{PLACE} (รหัสจังหวัด {dots(6)})"
        if self.level == "district":
            return f"อำเภอ{PLACE} จังหวัด{PLACE} (รหัสอำเภอ {dots(8)})"
        return f"{NAME} อำเภอ{PLACE} จังหวัด{PLACE} (รหัสตำบล {dots(10)})"

    @property
    def path(self) -> str:
        return f"form-{self.level}"


def _place(word: str, head: str, office: str) -> Place:
    return Place(code=dots(6), name_th=PLACE, full_name_th=word + PLACE, head=head + PLACE,
                 cdd_officer=f"พัฒนาการ{word}{PLACE}", office=office + PLACE)


def blank_unit(level: str) -> BlankUnit:
    """The unit of a blank form at ``level`` (lao, district or province): its
    places keep their words (นายอำเภอ.........., พัฒนาการจังหวัด..........)."""
    province = _place("จังหวัด", "ผู้ว่าราชการจังหวัด", "ศาลากลางจังหวัด")
    district = None if level == "province" else _place("อำเภอ", "นายอำเภอ", "ที่ว่าการอำเภอ")
    own = {"province": province, "district": district}.get(level)
    return BlankUnit(level=level, code=f"form-{level}", name=own.full_name_th if own else NAME,
                     short=own.full_name_th if own else NAME, type=level, type_name=LEVEL_NAMES[level],
                     head=own.head if own else NAME, office=own.office if own else NAME,
                     province=province, district=district)
