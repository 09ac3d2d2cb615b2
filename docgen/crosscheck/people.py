"""Rules about who and where: places named exist in the data set, and each
signer signs with an authority line they hold.

The data set is the one the package's certifications and target tables name
(``data:``); without one, a ``data/`` folder beside or above the config.  A
name is checked where a text names a place: after "จังหวัด", "อำเภอ" or an LAO
type (องค์การบริหารส่วนตำบล, เทศบาลตำบล, ...), the text must go on with a
name the data set has, or with a word that names no place (ทุกอำเภอ, ที่ ...).

>>> places = Places({"ลพบุรี"}, {"เมืองลพบุรี"}, {"องค์การบริหารส่วนตำบลกกโก"})
>>> places.unknown("นายอำเภอทุกอำเภอ"), places.unknown("นายอำเภอเมืองลพบุรี")
([], [])
>>> places.unknown("นายอำเภอเมืองสระบุรี (ผู้แทน)")
[('อำเภอ', 'เมืองสระบุรี')]
>>> places.unknown("นายกองค์การบริหารส่วนตำบลกกโกใหม่")
[('องค์การบริหารส่วนตำบล', 'กกโกใหม่')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from docgen.config.certification.dataset import LAO_TYPES, cached, load_dataset_file
from docgen.config.loader import ConfigError
from docgen.crosscheck.findings import Finding, finding
from docgen.crosscheck.package import Package, Part
from docgen.crosscheck.sources import Text, rendered

# Words after a place word that name no place: นายอำเภอทุกอำเภอ, เทศบาลตำบลที่ยกฐานะ ...
GENERIC = ("ทุก", "ที่", "ใน", "และ", "หรือ", "ซึ่ง", "ละ", "แห่ง", "นั้น", "นี้", "ดังกล่าว", "ต่าง", "ของ", "ได้",
           "เป็น", "ให้", "เพื่อ", "จะ", "ต้อง")
_LAO_WORDS = sorted({prefix for prefix, _, _ in LAO_TYPES.values()}, key=len, reverse=True)
_END = re.compile(r"[\s(),/]")


@dataclass
class Places:
    provinces: set[str] = field(default_factory=set)  # ลพบุรี
    districts: set[str] = field(default_factory=set)  # เมืองลพบุรี
    laos: set[str] = field(default_factory=set)  # องค์การบริหารส่วนตำบลกกโก
    heads: dict[str, str] = field(default_factory=dict)  # จังหวัดลพบุรี -> ผู้ว่าราชการจังหวัดลพบุรี
    district_names: dict[str, str] = field(default_factory=dict)  # 1601 -> อำเภอเมืองลพบุรี
    files: list[str] = field(default_factory=list)

    def unknown(self, text: str) -> list[tuple[str, str]]:
        """(place word, name) for each place ``text`` names that the data set does not have."""
        text = " ".join(text.split())
        out = []
        for words, known in ((_LAO_WORDS, {n[len(w):] for n in self.laos for w in _LAO_WORDS if n.startswith(w)}),
                             (["จังหวัด"], self.provinces), (["อำเภอ"], self.districts)):
            names = sorted(known, key=len, reverse=True)
            for word in words:
                at = text.find(word)
                while at >= 0:
                    rest = text[at + len(word):]
                    name = next((n for n in names if rest.startswith(n) and _boundary(rest[len(n):])), None)
                    if name is None and rest and not _END.match(rest) and not rest.startswith(GENERIC):
                        name = _END.split(rest, 1)[0]
                        out.append((word, name))
                    cut = len(word) + len(name or "")
                    text = text[:at] + "\0" * cut + text[at + cut:]  # masked: not read again as a shorter word
                    at = text.find(word, at + cut)
        return out


def _boundary(rest: str) -> bool:
    """Whether a name ends here: the text ends, or goes on with a space, a word that names
    no place or another place word (จังหวัดลพบุรีที่ได้รับมอบหมาย, อำเภอเมืองลพบุรีจังหวัดลพบุรี)."""
    return not rest or bool(_END.match(rest)) or rest.startswith(GENERIC + ("จังหวัด", "อำเภอ", "ตำบล"))


def places(package: Package) -> Places:
    found = Places()
    files: list[Path] = []
    for part in package.parts:
        data = part.doc.data.get("data") if part.kind in ("certification", "targets") else None
        for name in [data] if isinstance(data, str) else data or []:
            path = (part.path.parent / str(name)).resolve()
            if path.is_file() and path not in files:
                files.append(path)
    if not files:
        for folder in [package.config.parent, *package.config.parent.parents][:3]:
            if (folder / "data").is_dir():
                files = sorted((folder / "data").glob("*.yaml"))
                break
    for path in files:
        try:
            data = cached(path, load_dataset_file)
        except ConfigError:
            continue  # a broken data set is reported by the documents that name it
        found.files.append(str(path))
        province = data.province
        found.provinces.add(province.province.name_th)
        found.heads[province.name] = province.head
        for district in data.districts:
            found.districts.add(district.district.name_th)
            found.heads[district.name] = district.head
            found.district_names[district.code] = district.name
        for lao in data.laos:
            found.laos.add(lao.name)
            found.heads[lao.name] = lao.head
    return found


def _names_a_place(text: Text) -> bool:
    loc = text.loc
    return (loc[:1] in (("recipient",), ("recipients",)) or loc == ("signer", "position")
            or (loc[:1] == ("committees",) and loc[-1] == "position") or loc == ("issuer",))


def named_places(package: Package) -> Iterator[Finding]:
    """Every recipient, district and LAO a document names is in the data set."""
    known = places(package)
    if not known.files:
        return
    where = ", ".join(Path(f).name for f in known.files)
    for part in package.parts:
        env = part.env
        for text in filter(_names_a_place, part.texts()):
            printed = (rendered(env, text, part.context) if part.context else None) or text.source
            if "{" in printed:
                continue
            for word, name in known.unknown(printed):
                yield finding("error", "unknown-place", text.problem(
                    f"names {word}{name}, which is not in the data set ({where})", name),
                    f"check the spelling of {word}{name}, or add it to the data set")
        for extra in part.extra:
            code, name = str(extra.data.get("code", "")), extra.data.get("name")
            if code in known.district_names and name and name != known.district_names[code]:
                yield finding("error", "unknown-place", extra.problem(
                    ("name",), f"district {code} is {known.district_names[code]} in the data set ({where})"),
                    f"write name: {known.district_names[code]} (or correct code:)")
            elif code and code not in known.district_names:
                yield finding("error", "unknown-place", extra.problem(
                    ("code",), f"no district {code} in the data set ({where})"), "correct the district code")


def _authority(lines: list[str]) -> str:
    """The position a signature block signs with: the principal acted for, else the signer's own."""
    if len(lines) >= 3:
        return lines[2].removeprefix("รักษาการในตำแหน่ง")
    return lines[1] if len(lines) > 1 else ""


def signers(package: Package) -> Iterator[Finding]:
    """Letters and orders are signed by the head of the issuer, or by someone acting for the head."""
    known = places(package)
    bundle = package.letter
    if bundle is not None:
        head = known.heads.get(bundle.organisation.name)
        lines = bundle.signer.lines()
        if head and _authority(lines) != head:
            personnel = package.main.doc.data.get("personnel")
            yield finding("error", "signer-authority", package.main.doc.problem(("signer",), (
                f"{bundle.signer.id} signs as '{' '.join(lines[1:])}', but a letter of "
                f"{bundle.organisation.name} is signed by {head} or for them")),
                f"in {personnel}, give {bundle.signer.id} acting: {{phrase: ปฏิบัติราชการแทน, principal: {head}}} "
                "(or the position itself), or choose another signer")
    for part in package.parts:
        if part.kind == "order" and part.built:
            yield from _order_signers(part, known)


def _order_signers(part: Part, known: Places) -> Iterator[Finding]:
    from docgen.config.orders import load_orders

    try:
        orders = load_orders(part.path)
    except ConfigError:
        return
    for order in orders:
        head = known.heads.get(order.issuer)
        if not head or _authority(order.signer_lines) == head:
            continue
        doc = next((d for d in part.extra if order.district and str(d.data.get("code")) == order.district.code
                    and "signer" in d.data), part.doc)
        yield finding("error", "signer-authority", doc.problem(("signer",), (
            f"the order of {order.issuer} is signed as '{' '.join(order.signer_lines[1:])}', "
            f"but {order.issuer} issues orders under {head}")),
            f"write signer: {{position: {head}}}, or add acting: {{phrase: ปฏิบัติราชการแทน, principal: {head}}}")
