"""Data-quality certifications (kind: certification): one per LAO, district or province.

Counts, names, statuses and texts are checked against the data file itself
(read here with PyYAML, independently of docgen's loader) for all 129 LAOs
through the builder; a sample of units is rendered to PDF and DOCX and read
back; bad input is reported with file:line:column, exit 2, nothing written.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from conftest import REPO, SHARED
from docgen import layout
from docgen.cli import app
from docgen.fonts import text_width
from docgen.kinds import KINDS, Options
from docgen.model import Columns, Group, Paragraph
from docgen.pipeline import documents, render_document
from docgen.thai import has_arabic_digit_outside_protected

CONFIGS = REPO / "config" / "lopburi-jpt-2562"
LAO_CONFIG = CONFIGS / "certification-lao.yaml"
DISTRICT_CONFIG = CONFIGS / "certification-district.yaml"
PROVINCE_CONFIG = CONFIGS / "certification-province.yaml"
DATA = REPO / "config" / "data" / "lopburi.yaml"
FIGURES = CONFIGS / "figures-sample.yaml"
TOL = layout.cm(0.05)  # ±0.5 mm, spec §21
STATEMENT = "หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า"
DATE_LINE = "ให้ไว้ ณ วันที่ ๒๒ กุมภาพันธ์ พ.ศ. ๒๕๖๒"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# The spec's type names and the heads' titles (README of the data; spec §17), written out
# here rather than imported, so a slip in docgen's table fails a test.
ABBREVIATION = {"pao": "pao", "city_municipality": "tn", "town_municipality": "tm",
                "subdistrict_municipality": "tt", "sao": "sao"}
HEAD = {"องค์การบริหารส่วนจังหวัด": "นายกองค์การบริหารส่วนจังหวัด", "เทศบาลนคร": "นายกเทศมนตรีนคร",
        "เทศบาลเมือง": "นายกเทศมนตรีเมือง", "เทศบาลตำบล": "นายกเทศมนตรีตำบล",
        "องค์การบริหารส่วนตำบล": "นายกองค์การบริหารส่วนตำบล"}


# ---------------------------------------------------------------- the data, read independently

def _load(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=None)
def _data() -> dict:
    return _load(DATA)


@lru_cache(maxsize=None)
def _expected_laos() -> dict[str, dict]:
    """Document name -> what the certification of that LAO must say."""
    data = _data()
    province = data["province"]
    out = {}
    entries = [(data["provincial_lao"], None)] + [(lao, d) for d in data["districts"] for lao in d["laos"]]
    for lao, district in entries:
        if lao["type"] == "pao":
            code = f"{province['code']}-pao"
            name = f"cert-jpt-{code}"
            countersigner = f"พัฒนาการ{province['full_name_th']}"
        else:
            code = lao.get("code") or f"{lao['tambons'][0]}-{ABBREVIATION[lao['type']]}"
            name = f"cert-jpt-{province['code']}-{district['code']}-{code}"
            countersigner = f"พัฒนาการอำเภอ{district['name_th']}"
        prefix = next(p for p in sorted(HEAD, key=len, reverse=True) if lao["name_th"].startswith(p))
        assert name not in out, f"two LAOs would be named {name}"
        out[name] = {
            "code": code, "name": lao["name_th"], "status": lao["status"],
            "district": district["full_name_th"] if district else None,
            "tambons": [next(t["name_th"] for t in district["tambons"] if t["code"] == c)
                        for c in lao.get("tambons", [])] if district else [],
            "head": HEAD[prefix] + lao["name_th"][len(prefix):],
            "countersigner": countersigner,
        }
    return out


@lru_cache(maxsize=None)
def _figures() -> dict:
    return _load(FIGURES)["units"]


def _thai_count(n: int) -> str:
    return f"{n:,}".translate(THAI)


def _texts(document) -> list[str]:
    """Every line of text of a document model, in order."""
    out = []
    for block in document.blocks:
        if isinstance(block, Columns):
            out.append("".join(r.text for r in block.left))
            out += ["".join(r.text for r in line) for line in block.right]
        elif isinstance(block, Group):
            out += [p.text for p in block.blocks]
        elif isinstance(block, Paragraph):
            out.append(block.text)
    return out


def _signatures(document) -> list[list[str]]:
    return [[p.text for p in g.blocks if p.text] for g in document.blocks if isinstance(g, Group)]


def _plain(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", text)


@pytest.fixture(scope="module")
def all_laos():
    return documents(LAO_CONFIG, Options(include_unverified=True))


@pytest.fixture(scope="module")
def checked_laos():
    return documents(LAO_CONFIG, Options())


# ---------------------------------------------------------------- the shipped data

def test_the_kind_is_registered():
    assert KINDS["certification"].module == "docgen.builders.certification"


def test_the_data_copy_is_faithful_to_the_shared_data_and_carries_its_licences():
    shared = _load(SHARED / "data" / "lopburi.yaml")
    ours = _data()
    assert ours["province"]["code"] == shared["province"]["code"]
    pairs = [(ours["provincial_lao"], shared["provincial_lao"])]
    assert [d["code"] for d in ours["districts"]] == [d["code"] for d in shared["districts"]]
    for mine, theirs in zip(ours["districts"], shared["districts"]):
        assert mine["full_name_th"] == theirs["full_name_th"]
        assert [(t["code"], t["name_th"]) for t in mine["tambons"]] == \
               [(t["code"], t["name_th"]) for t in theirs["tambons"]]
        assert len(mine["laos"]) == len(theirs["laos"])
        pairs += list(zip(mine["laos"], theirs["laos"]))
    for mine, theirs in pairs:
        for key in ("type", "name_th", "short", "status", "source", "tambons"):
            assert mine.get(key) == theirs.get(key), (key, mine["name_th"])
    # the counts the data set states about itself
    statuses = Counter(lao["status"] for lao, _ in pairs)
    assert dict(statuses) == shared["lao_summary_in_this_file"]["by_status"]
    assert len(pairs) == shared["lao_summary_in_this_file"]["total"]

    sources = (DATA.parent / "SOURCES.md").read_text("utf-8")
    assert sources.count("Permission is hereby granted, free of charge") == 2
    assert "Copyright (c) 2025 Kongvut Sangkla" in sources and "Copyright (c) 2023-Present Joe Takara" in sources
    for lao, _ in pairs:
        assert f"`{lao['source']}`" in sources, lao["source"]
    assert "MIT" in DATA.read_text("utf-8").split("province:")[0], "the header names the licence"


def test_the_sample_figures_say_they_are_sample():
    header = FIGURES.read_text("utf-8").split("units:")[0]
    assert "SAMPLE" in header and "NOT OFFICIAL" in header
    assert _load(FIGURES)["sample"] is True


# ---------------------------------------------------------------- workspaces to edit

def _workspace(tmp_path: Path) -> Path:
    """A private copy of config/ (the Lopburi folder and the data beside it)."""
    work = tmp_path / "config"
    shutil.copytree(CONFIGS, work / "lopburi-jpt-2562")
    shutil.copytree(DATA.parent, work / "data")
    return work


def _small_workspace(tmp_path: Path) -> Path:
    """The Lopburi workspace cut down to districts 1602, 1608 and 1609 (fast to load)."""
    work = _workspace(tmp_path)
    data = work / "data" / "lopburi.yaml"
    text = data.read_text("utf-8")
    head, rest = text.split("\ndistricts:\n")
    blocks = re.split(r"(?m)^(?=- code: ')", rest)
    keep = [b for b in blocks if b.startswith(("- code: '1602'", "- code: '1608'", "- code: '1609'"))]
    data.write_text(head + "\ndistricts:\n" + "".join(keep), "utf-8")
    figures = work / "lopburi-jpt-2562" / "figures-sample.yaml"
    figures.write_text("\n".join(line for line in figures.read_text("utf-8").splitlines()
                                 if not line.startswith("  '16") or line.startswith(("  '16'", "  '16-pao'", "  '1602",
                                                                                      "  '1608", "  '1609")))
                       + "\n", "utf-8")
    return work


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return _small_workspace(tmp_path_factory.mktemp("small"))


def _copy(small: Path, tmp_path: Path) -> Path:
    """A private copy of the small workspace, to edit in one test."""
    work = tmp_path / "config"
    shutil.copytree(small, work)
    return work


# ---------------------------------------------------------------- all 129 LAOs through the builder

def test_one_certification_per_lao_and_only_checked_ones_by_default(all_laos, checked_laos):
    expected = _expected_laos()
    checked = {n for n, e in expected.items() if e["status"] != "inferred"}
    assert [n for n, _ in all_laos] == sorted(expected), "every LAO once, in file-name order"
    assert [n for n, _ in checked_laos] == sorted(checked)
    assert len(all_laos) == len(expected) and len(checked_laos) == len(checked)
    for name in expected:
        assert re.fullmatch(r"cert-jpt-16(-16\d\d-16\d{4}-(sao|tn|tm|tt)(-\d+)?|-pao)", name), name


def test_each_certification_names_its_lao_in_full(all_laos):
    expected = _expected_laos()
    figures = _figures()
    for name, document in all_laos:
        want = expected[name]
        assert document.kind == "certification"
        assert document.meta["status"] == want["status"]
        assert document.meta["unit"] == want["code"]
        lines = _texts(document)
        statement = _plain(next(line for line in lines if line.startswith(STATEMENT)))
        assert f"ของ{want['name']} " in statement, name
        if want["district"]:
            assert f" {want['district']} จังหวัดลพบุรี " in statement, name
            assert all(f"ตำบล{t}" in statement for t in want["tambons"]), name
        else:  # the provincial LAO covers the whole province
            assert "อำเภอ" not in statement and "จังหวัดลพบุรี (รหัสจังหวัด ๑๖)" in statement
        unit = figures[want["code"]]
        assert f"ครัวเรือนเป้าหมาย จำนวน {_thai_count(unit['households_target'])} ครัวเรือน" in statement
        assert f"จัดเก็บได้ จำนวน {_thai_count(unit['households_surveyed'])} ครัวเรือน" in statement
        assert lines[0] == "เลขที่ ........../๒๕๖๒", "blank serial for the LAO's own register"
        assert lines[1] == want["name"], "the issuing unit on the right"
        assert lines[2] == "คำรับรองคุณภาพข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี ๒๕๖๒"
        assert DATE_LINE in [_plain(line) for line in lines]
        assert _signatures(document) == [["(" + "." * 40 + ")", want["head"]],
                                         ["(" + "." * 40 + ")", want["countersigner"]]], name
        for line in lines:
            assert not has_arabic_digit_outside_protected(line), (name, line)


def test_unverified_units_carry_one_warning_each(all_laos):
    expected = _expected_laos()
    for name, document in all_laos:
        warnings = document.meta.get("warnings", "").splitlines()
        if expected[name]["status"] == "verified":
            assert warnings == [], name
        else:
            assert len(warnings) == 1 and expected[name]["status"] in warnings[0], name
            assert expected[name]["code"] in warnings[0]


def test_the_red_sample_line_comes_from_the_figures_file(small, tmp_path, all_laos):
    assert all(document.meta.get("sample") == "true" for _, document in all_laos)
    assert any(p.role == "sample-note" and p.runs[0].color == "FF0000" for p in all_laos[0][1].paragraphs())
    work = _copy(small, tmp_path)
    figures = work / "lopburi-jpt-2562" / "figures-sample.yaml"
    figures.write_text(figures.read_text("utf-8").replace("sample: true", "sample: false"), "utf-8")
    (_, document), *_ = documents(work / "lopburi-jpt-2562" / "certification-lao.yaml", Options())
    assert "sample" not in document.meta
    assert not any(p.role == "sample-note" for p in document.paragraphs())


# ---------------------------------------------------------------- the command line

runner = CliRunner()


def _summary(statuses: Counter) -> str:
    counted = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    return f"{sum(statuses.values())} documents ({counted})"


def test_validate_counts_each_status_and_warns_per_unverified_unit():
    expected = _expected_laos()
    everything = Counter(e["status"] for e in expected.values())
    checked = Counter({s: n for s, n in everything.items() if s != "inferred"})

    result = runner.invoke(app, ["validate", str(LAO_CONFIG), "--include-unverified"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert _summary(everything) in output
    assert output.count("warning ") == everything["probable"] + everything["inferred"]

    result = runner.invoke(app, ["validate", str(LAO_CONFIG)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert _summary(checked) in output
    assert output.count("warning ") == checked["probable"]


def test_render_a_district_writes_one_file_per_lao_and_counts_statuses(small, tmp_path):
    work = _copy(small, tmp_path)
    config = work / "lopburi-jpt-2562" / "certification-lao.yaml"
    config.write_text(config.read_text("utf-8").replace('# district: "1601"', 'district: "1609"'), "utf-8")
    district = [e for e in _expected_laos().items()
                if e[1]["district"] == "อำเภอโคกเจริญ" and e[1]["status"] != "inferred"]
    statuses = Counter(e["status"] for _, e in district)
    assert len(statuses) == 2, "the district has LAOs of two statuses to count"

    result = runner.invoke(app, ["render", str(config), "--out", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert _summary(statuses) in " ".join(result.output.split())
    written = sorted(p.name for p in (tmp_path / "out" / "lopburi-jpt-2562").iterdir())
    assert written == sorted(f"{name}.docx" for name, _ in district)


# ---------------------------------------------------------------- rendered: PDF and DOCX read back

SAMPLE = ["cert-jpt-16-pao", "cert-jpt-16-1601-160102-tm", "cert-jpt-16-1601-160105-tt",
          "cert-jpt-16-1604-160401-sao",
          "cert-jpt-16-1601-160103-sao"]


@pytest.fixture(scope="module")
def rendered(all_laos):
    chosen = dict(all_laos)
    units = [(name, chosen[name]) for name in SAMPLE]
    units += documents(DISTRICT_CONFIG, Options())[:1] + documents(PROVINCE_CONFIG, Options())
    out = {}
    for name, document in units:
        result = render_document(name, document, ("pdf", "docx"))
        out[name] = (document, result, pdfplumber.open(io.BytesIO(result.files["pdf"])))
    yield out
    for _, _, pdf in out.values():
        pdf.close()


def _clean(page):
    return page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("text"))


def _lines(page) -> list[dict]:
    return _clean(page).extract_text_lines()


def _line(page, start: str, below: float = 0.0) -> dict:
    found = [line for line in _lines(page) if _plain(line["text"]).startswith(start) and line["top"] > below]
    assert found, f"no line starts with {start!r}: {[l['text'] for l in _lines(page)]}"
    return found[0]


def test_the_sample_covers_every_status_and_level(rendered):
    statuses = {document.meta.get("status") for document, _, _ in rendered.values()}
    levels = {document.meta["level"] for document, _, _ in rendered.values()}
    assert {"verified", "probable", "inferred"} <= statuses and levels == {"lao", "district", "province"}


def test_rendered_text_names_the_unit(rendered):
    expected = _expected_laos()
    for name, (document, result, pdf) in rendered.items():
        assert result.pdf_pages == 1 and len(pdf.pages) == 1, name
        text = "\n".join(_clean(page).extract_text() for page in pdf.pages)
        squashed = re.sub(r"\s+", "", text)
        assert STATEMENT in squashed
        assert re.sub(r"\s+", "", DATE_LINE if document.meta["level"] == "lao" else "ให้ไว้ณวันที่") in squashed
        for line in text.splitlines():
            assert not has_arabic_digit_outside_protected(line), (name, line)
        if name in expected:
            want = expected[name]
            assert f"ของ{want['name']}" in squashed
            if want["district"]:
                assert want["district"] + "จังหวัดลพบุรี" in squashed
            assert want["head"] in squashed and want["countersigner"] in squashed
            target = _figures()[want["code"]]["households_target"]
            assert f"จำนวน{_thai_count(target)}ครัวเรือน" in squashed
    district = rendered["cert-jpt-16-1601"][2]
    assert "ของอำเภอเมืองลพบุรีจังหวัดลพบุรี(รหัสอำเภอ๑๖๐๑)" in re.sub(r"\s+", "", district.pages[0].extract_text())
    province = _clean(rendered["cert-jpt-16"][2].pages[0]).extract_text()
    assert "ที่ ลบ ๐๐๑๙/.........." in province
    assert "(นายผดุงศักดิ์ หาญปรีชาสวัสดิ์)" in province and "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน" in province


def test_positions_follow_the_spec(rendered):
    for name, (document, _, pdf) in rendered.items():
        page = pdf.pages[0]
        (image,) = page.images
        assert abs(image["top"] - layout.GARUDA_TOP) < layout.cm(0.2), name
        assert abs(image["height"] - layout.GARUDA_HEIGHT) < TOL, name
        assert abs((image["x0"] + image["x1"]) / 2 - layout.PAGE_WIDTH / 2) < TOL, name

        number_text = "".join(r.text for r in document.blocks[0].left)
        number = _line(page, number_text.split()[0])
        assert abs(number["x0"] - layout.MARGIN_LEFT) < TOL and number["top"] > image["bottom"]
        words = _clean(page).extract_words()
        issuer = [w for w in words if abs(w["bottom"] - number["bottom"]) < 1 and w["x0"] > layout.PAGE_WIDTH / 2]
        assert issuer, name
        assert abs(max(w["x1"] for w in issuer) - (layout.PAGE_WIDTH - layout.MARGIN_RIGHT)) < TOL, name

        title = _line(page, "คำรับรองคุณภาพข้อมูล")
        centre = layout.MARGIN_LEFT + layout.TEXT_WIDTH / 2
        assert abs((title["x0"] + title["x1"]) / 2 - centre) < TOL, name
        statement = _line(page, STATEMENT)
        assert abs(statement["x0"] - (layout.MARGIN_LEFT + layout.INDENT_FIRST_LINE)) < TOL, name
        date = _line(page, "ให้ไว้ ณ วันที่")
        assert abs(date["x0"] - (layout.MARGIN_LEFT + layout.DATE_TAB)) < TOL, name
        assert number["top"] < title["top"] < statement["top"] < date["top"], "parts in the order of §15"

        axis = layout.MARGIN_LEFT + layout.DATE_TAB + text_width("ขอแสดงความนับถือ", layout.BODY_SIZE) / 2
        previous = date
        for block in _signatures(document):
            lines = []
            for text in block:
                lines.append(_line(page, text, below=(lines or [previous])[-1]["top"]))
            for line in lines:
                assert abs((line["x0"] + line["x1"]) / 2 - axis) < TOL, (name, line["text"])
            assert lines[0]["top"] - previous["top"] >= 4 * layout.LINE_PITCH - 1, "three blank lines to sign on"
            previous = lines[-1]
        for char in page.chars:
            assert abs(char["size"] - layout.BODY_SIZE) < 0.1
            if char["text"].strip():
                assert layout.MARGIN_LEFT - TOL < char["x0"] and char["x1"] < layout.PAGE_WIDTH - layout.MARGIN_RIGHT + TOL


def test_the_docx_says_the_same(rendered):
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    for name, (document, result, _) in rendered.items():
        with zipfile.ZipFile(io.BytesIO(result.files["docx"])) as package:
            body = etree.fromstring(package.read("word/document.xml"))
            headers = [n for n in package.namelist() if n.startswith("word/header")]
            assert any(b"graphicData" in package.read(h) for h in headers), "the Garuda in the first-page header"
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{{{ns['w']}}}t")) for p in body.iter(f"{{{ns['w']}}}p")]
        text = _plain("\n".join(paragraphs))
        for line in _texts(document):
            assert _plain(line) in text, (name, line)
        keeps = [p.find("w:pPr/w:keepNext", ns) is not None for p in body.iter(f"{{{ns['w']}}}p")
                 if _plain("".join(t.text or "" for t in p.iter(f"{{{ns['w']}}}t"))).startswith("(")]
        assert keeps and all(keeps), "a signature's name line keeps with its position line"


def test_signature_blocks_stay_whole_and_never_alone_when_the_text_runs_long(small, tmp_path):
    """Longer texts push the page break through the end of the certification:
    each signature block stays whole, both stay with the date line, and at least
    two lines of text go with them to the last page (spec §17, §18)."""
    work = _copy(small, tmp_path)
    config = work / "lopburi-jpt-2562" / "certification-district.yaml"
    base = config.read_text("utf-8").replace('province: "16"', 'province: "16"\ndistrict: "1602"')
    filler = "ข้อมูลชุดนี้ได้นำเสนอต่อที่ประชุมประชาคมและได้รับการยืนยันความถูกต้องแล้ว"
    page_counts = set()
    for count in (13, 16, 20):
        config.write_text(base + "paragraphs:\n" + f"  - {filler}\n" * count, "utf-8")
        ((name, document),) = documents(config, Options())
        result = render_document(name, document, ("pdf",))
        with pdfplumber.open(io.BytesIO(result.files["pdf"])) as pdf:
            lines = [(number, _plain(line["text"]).strip())
                     for number, page in enumerate(pdf.pages) for line in _lines(page)]
        page_counts.add(lines[-1][0] + 1)
        date = next(i for i, (_, text) in enumerate(lines) if text.startswith("ให้ไว้ ณ วันที่"))
        last_page = lines[-1][0]
        assert lines[date][0] == last_page, f"{count} paragraphs: the date left its signatures"
        for block in _signatures(document):
            pages = {number for number, text in lines[date:] if text in block}
            assert pages == {last_page}, f"{count} paragraphs: a signature block split or left behind"
        body = [text for number, text in lines[:date] if number == last_page and not re.fullmatch(r"- [๐-๙]+ -", text)]
        assert len(body) >= 2, f"{count} paragraphs: the signatures stand alone on the last page"
    assert page_counts == {1, 2}, "the texts were long enough to break the page"


# ---------------------------------------------------------------- choices a config makes

def test_numbers_serial_from_a_start_per_unit_override_and_code_form(small, tmp_path):
    work = _copy(small, tmp_path)
    config = work / "lopburi-jpt-2562" / "certification-district.yaml"
    config.write_text(config.read_text("utf-8") + "number: {start: 1}\n", "utf-8")
    built = documents(config, Options())
    numbers = ["".join(r.text for r in d.blocks[0].left) for _, d in built]
    assert numbers == [f"เลขที่ {str(n).translate(THAI)}/๒๕๖๒" for n in range(1, len(built) + 1)]

    figures = work / "lopburi-jpt-2562" / "figures-sample.yaml"
    figures.write_text(figures.read_text("utf-8").replace("'1608': {", "'1608': {number: 77, "), "utf-8")
    numbers = ["".join(r.text for r in d.blocks[0].left) for _, d in documents(config, Options())]
    assert numbers == ["เลขที่ ๑/๒๕๖๒", "เลขที่ ๗๗/๒๕๖๒", "เลขที่ ๓/๒๕๖๒"], "a unit's own number wins"

    config.write_text(config.read_text("utf-8").replace("number: {start: 1}", "number: {form: code, code: ลบ 0019, start: 5}"),
                      "utf-8")
    numbers = ["".join(r.text for r in d.blocks[0].left) for _, d in documents(config, Options())]
    assert numbers == ["ที่ ลบ ๐๐๑๙/๕", "ที่ ลบ ๐๐๑๙/๗๗", "ที่ ลบ ๐๐๑๙/๗"]


def test_names_of_signers_and_default_figures(small, tmp_path):
    work = _copy(small, tmp_path)
    config = work / "lopburi-jpt-2562" / "certification-district.yaml"
    config.write_text(config.read_text("utf-8") + "names:\n  พัฒนาการอำเภอพัฒนานิคม: นางสาวทดสอบ ตัวอย่าง\n"
                      "default_figures: {households_target: 1000, households_surveyed: 990}\n", "utf-8")
    figures = work / "lopburi-jpt-2562" / "figures-sample.yaml"
    figures.write_text("\n".join(line for line in figures.read_text("utf-8").splitlines()
                                 if not line.startswith("  '1608'")) + "\n", "utf-8")
    built = dict(documents(config, Options()))
    assert _signatures(built["cert-jpt-16-1602"])[1] == ["(นางสาวทดสอบ ตัวอย่าง)", "พัฒนาการอำเภอพัฒนานิคม"]
    assert _signatures(built["cert-jpt-16-1609"])[1][0].startswith("(....")
    statement = _plain(next(t for t in _texts(built["cert-jpt-16-1608"]) if t.startswith(STATEMENT)))
    assert "จำนวน ๑,๐๐๐ ครัวเรือน" in statement and "ร้อยละ ๙๙.๐๐" in statement


def test_kchch2k_counts_villages_and_csv_figures(small, tmp_path):
    work = _copy(small, tmp_path)
    folder = work / "lopburi-jpt-2562"
    config = folder / "certification-district.yaml"
    config.write_text(config.read_text("utf-8").replace("figures: figures-sample.yaml", "figures: figures.csv")
                      + "survey: kchch2k\n", "utf-8")
    (folder / "figures.csv").write_text(
        "# real figures would go here\n"
        "unit,name,households_target,households_surveyed,villages_target,villages_surveyed\n"
        + "".join(f"{code},{row['name']},{row['households_target']},{row['households_surveyed']},"
                  f"{row['villages_target']},{row['villages_surveyed']}\n"
                  for code, row in _figures().items() if code in ("1602", "1608", "1609")), "utf-8")
    built = documents(config, Options())
    assert [n for n, _ in built] == ["cert-kchch2k-16-1602", "cert-kchch2k-16-1608", "cert-kchch2k-16-1609"]
    lines = _texts(built[0][1])
    assert lines[2] == "คำรับรองคุณภาพข้อมูลพื้นฐานระดับหมู่บ้าน (กชช.๒ค) ปี ๒๕๖๒"
    assert not any(p.role == "sample-note" for p in built[0][1].paragraphs()), "CSV figures are not samples"
    villages = _thai_count(_figures()["1602"]["villages_target"])
    statement = _plain(next(t for t in lines if t.startswith(STATEMENT)))
    assert f"หมู่บ้านเป้าหมาย จำนวน {villages} หมู่บ้าน" in statement
    assert "ครัวเรือนเป้าหมาย จำนวน" in statement


# ---------------------------------------------------------------- bad input

CONF = "lopburi-jpt-2562/certification-lao.yaml"
FIG = "lopburi-jpt-2562/figures-sample.yaml"
DAT = "data/lopburi.yaml"

# (id, [(file, old, new)], field in the message, words of the message, (file, text on the expected line))
BAD = [
    ("unknown-key", [(CONF, "year: 2562", "year: 2562\nsignr: {}")], "signr", "unknown key", (CONF, "signr")),
    ("bad-scope", [(CONF, "scope: lao ", "scope: amphoe ")], "scope", "Input should be", (CONF, "scope:")),
    ("district-of-another-province", [(CONF, '# district: "1601"', 'district: "1701"')], "district",
     "is not in province 16", (CONF, 'district: "1701"')),
    ("unknown-district", [(CONF, '# district: "1601"', 'district: "1699"')], "district", "no district 1699",
     (CONF, 'district: "1699"')),
    ("unknown-province", [(CONF, 'province: "16"', 'province: "17"')], "province", "no province 17",
     (CONF, 'province: "17"')),
    ("district-with-province-scope", [(CONF, "scope: lao ", "scope: province "),
                                      (CONF, '# district: "1601"', 'district: "1601"')],
     "district", "takes no district", (CONF, 'district: "1601"')),
    ("impossible-date", [(CONF, "date: 2019-02-22", "date: 2019-02-30")], "date", "not a valid date",
     (CONF, "date: 2019-02-30")),
    ("missing-figures-file", [(CONF, "figures: figures-sample.yaml", "figures: figures-2562.yaml")], "figures",
     "file not found", (CONF, "figures: figures-2562.yaml")),
    ("missing-data-file", [(CONF, "data: ../data/lopburi.yaml", "data: ../data/lopburi-2562.yaml")], "data",
     "file not found", (CONF, "data: ../data/lopburi-2562.yaml")),
    ("unit-without-figures", [(FIG, "  '160802-sao'", "  '160802-sxo'")], "figures",
     "no figures for 160802-sao (องค์การบริหารส่วนตำบลมหาโพธิ, อำเภอสระโบสถ์)", (CONF, "figures:")),
    ("unknown-unit-in-figures", [(FIG, "  '160802-sao'", "  '160802-sxo'")], "units.160802-sxo",
     "no unit 160802-sxo in the data", (FIG, "'160802-sxo'")),
    ("more-surveyed-than-target", [(FIG, "households_surveyed: 10060,", "households_surveyed: 10600,")],
     "units.1608.households_surveyed", "10600 surveyed households is more than the target 10103",
     (FIG, "households_surveyed: 10600,")),
    ("name-does-not-match", [(FIG, "{name: อำเภอสระโบสถ์,", "{name: อำเภอโคกเจริญ,")], "units.1608.name",
     "is อำเภอสระโบสถ์, not อำเภอโคกเจริญ", (FIG, "name: อำเภอโคกเจริญ")),
    ("duplicate-unit", [(FIG, "  '1609':", "  '1608': {name: x, households_target: 1, households_surveyed: 1}\n"
                                           "  '1609':")], "", "duplicate key", (FIG, "'1608': {name: x")),
    ("figures-yaml-syntax", [(FIG, "\nsample: true\n", "\nsample: [true\n")], "", "YAML syntax", (FIG, "sample: [true", 1)),
    ("unknown-status", [(DAT, "    status: probable\n    source: site_sabot", "    status: maybe\n    source: site_sabot")],
     "districts[1].laos[0].status", "Input should be 'verified', 'probable' or 'inferred'", (DAT, "status: maybe")),
    ("tambon-of-another-district", [(DAT, "tambons: ['160802']", "tambons: ['160902']")], "districts[1].laos[1].tambons[0]",
     "not a tambon of district 1608", (DAT, "tambons: ['160902']")),
    ("duplicate-lao-code", [(DAT, "- code: 160201-tt-2\n    type:", "- type:")], "districts[0].laos[1]",
     "LAO code 160201-tt is also the code of เทศบาลตำบลพัฒนานิคม", (DAT, "name_th: เทศบาลตำบลเขาพระยาเดินธง", -1)),
    ("name-does-not-fit-type", [(DAT, "  - type: subdistrict_municipality\n    name_th: เทศบาลตำบลสระโบสถ์",
                                 "  - type: sao\n    name_th: เทศบาลตำบลสระโบสถ์")], "districts[1].laos[0]",
     "does not start with 'องค์การบริหารส่วนตำบล'", (DAT, "name_th: เทศบาลตำบลสระโบสถ์", -1)),
    ("template-error", [(CONF, 'position: "{{ unit.cdd_officer }}"', 'position: "{{ unit.cdd_oficer }}"')],
     "countersigner.position", "template error", (CONF, "unit.cdd_oficer")),
    ("template-syntax", [(CONF, 'position: "{{ unit.head }}"', 'position: "{{ unit.head"')],
     "signer.position", "template error", (CONF, 'position: "{{ unit.head"')),
    ("unused-name", [(CONF, "names: {}", "names:\n  นายอำเภอบ้านไม่มี: นายทดสอบ")], "names.นายอำเภอบ้านไม่มี",
     "no certification in scope is signed by", (CONF, "นายอำเภอบ้านไม่มี")),
    ("code-form-without-code", [(CONF, "# number: {start: 1}", "number: {form: code}")], "number",
     "form code needs code", (CONF, "number: {form: code}")),
    ("person-without-personnel", [(CONF, 'position: "{{ unit.head }}"', "person: deputy_governor")],
     "signer.person", "needs personnel", (CONF, "person: deputy_governor")),
    ("everything-inferred", [(CONF, '# district: "1601"', 'district: "1608"'),
                             (DAT, "    status: probable\n    source: site_sabot",
                              "    status: inferred\n    source: site_sabot")],
     "scope", "nothing to certify: all 5 LAO(s) in scope have status inferred", (CONF, "scope:"), []),
]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    first = text.splitlines()[0] if text.strip() else text
    for number, line in enumerate(lines, start=1):
        if first in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def _check_reported(result, work: Path, where: tuple, field: str, words: str, out: Path | None):
    """The problem is reported at the line of ``where`` = (file, text[, line offset])."""
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    file_name, text, *offset = where
    expected_line = _line_of(work / file_name, text) + (offset[0] if offset else 0)
    problems = [" ".join(p.split()) for p in result.output.split("error ")[1:]]
    located = [p for p in problems if re.search(rf"{re.escape(file_name)}:{expected_line}:\d+:", p)]
    assert located, f"no problem at {file_name}:{expected_line}: {output}"
    assert any((not field or f": {field}:" in p) and words in p for p in located), output
    assert "nothing was written" in output
    if out is not None:
        assert not out.exists() or not any(out.rglob("*")), "no file may be written"


def test_the_small_workspace_is_valid(small):
    built = documents(small / CONF, Options(include_unverified=True))
    assert len(built) == 1 + sum(len(d["laos"]) for d in _load(small / DAT)["districts"])


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_reported_with_file_line_and_field(case, small, tmp_path):
    name, edits, field, words, where, *flags = case
    flags = flags[0] if flags else ["--include-unverified"]
    work = tmp_path / "config"
    shutil.copytree(small, work)
    for edited, old, new in edits:
        path = work / edited
        content = path.read_text("utf-8")
        assert old in content, f"case {name}: {old!r} not in {edited}"
        path.write_text(content.replace(old, new, 1), "utf-8")
    config = work / CONF
    _check_reported(runner.invoke(app, ["validate", str(config), *flags]), work, where, field, words, None)
    if name in ("unknown-key", "unit-without-figures", "unknown-status"):  # render too, for a few
        out = tmp_path / "out"
        _check_reported(runner.invoke(app, ["render", str(config), "--out", str(out), *flags]),
                        work, where, field, words, out)


@pytest.mark.parametrize("row, cell, field, words", [
    ("1608,อำเภอสระโบสถ์,many,10,,", 2, "1608.households_target", "valid integer"),
    ("1608,อำเภอสระโบสถ์,100,,,", 3, "1608.households_surveyed", "required value is missing"),
    ("1608,อำเภอสระโบสถ์,100,90,5,", 0, "1608", "villages_target needs villages_surveyed"),
    ("1608,อำเภอสระโบสถ์,100,90,,", 4, "1608.villages_target", "กชช.๒ค needs villages_target"),
    ("1699,อำเภอไม่มี,100,90,5,5", 0, "unit", "no unit 1699 in the data"),
])
def test_bad_csv_figures_are_placed_at_their_cell(small, tmp_path, row, cell, field, words):
    work = tmp_path / "config"
    shutil.copytree(small, work)
    config = work / CONF
    text = config.read_text("utf-8").replace("figures: figures-sample.yaml", "figures: f.csv")
    config.write_text(text.replace("scope: lao ", "scope: district ") + "survey: kchch2k\ndefault_figures: "
                      "{households_target: 9, households_surveyed: 9, villages_target: 1, villages_surveyed: 1}\n",
                      "utf-8")
    (work / "lopburi-jpt-2562" / "f.csv").write_text(
        "# figures\nunit,name,households_target,households_surveyed,villages_target,villages_surveyed\n" + row + "\n",
        "utf-8")
    column = 1 + sum(len(part) + 1 for part in row.split(",")[:cell])
    result = runner.invoke(app, ["validate", str(config)])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert re.search(rf"f\.csv:3:{column}: {re.escape(field)}: [^:]*{re.escape(words)}", output), output


FORMS = CONFIGS / "forms"


@pytest.mark.parametrize("level, title, signers", [
    ("lao", "ระดับองค์กรปกครองส่วนท้องถิ่น", ["พัฒนาการอำเภอ"]),
    ("district", "ระดับอำเภอ", ["นายอำเภอ", "พัฒนาการอำเภอ"]),
])
def test_a_blank_form_leaves_the_unit_figures_number_and_date_to_fill_in(tmp_path, level, title, signers):
    result = runner.invoke(app, ["render", str(FORMS / f"certification-{level}.yaml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "forms" / f"cert-jpt-form-{level}.pdf"
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 1
        text = " ".join(_clean(document.pages[0]).extract_text().split())
    assert "คำรับรองคุณภาพข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี ๒๕๖๒" in text and title in text
    assert re.search(r"เลขที่ \.{10}/\.{8}", text)
    assert re.search(r"ให้ไว้ ณ วันที่ \.+ เดือน \.+ พ\.ศ\. \.+", text)
    flat = re.sub(r"\s+", "", text)  # lines may break inside a word
    assert re.search(r"ครัวเรือนเป้าหมายจำนวน\.+ครัวเรือนจัดเก็บได้จำนวน\.+ครัวเรือนคิดเป็นร้อยละ\.+", flat)
    assert re.search(r"อำเภอ\.+ ?จังหวัด\.+", text), "the places keep their words"
    for signer in signers:
        assert re.search(rf"{signer}\.+", text)
    assert "ลพบุรี" not in text and not re.search("[๐-๙]{3,}", text.replace("๒๕๖๒", ""))
    docx = (tmp_path / "forms" / f"cert-jpt-form-{level}.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml").decode()
    assert "ให้ไว้ ณ วันที่ .........." in xml


def test_a_blank_form_names_no_unit_and_a_filled_one_needs_its_data(tmp_path):
    work = tmp_path / "forms"
    shutil.copytree(FORMS, work)
    form = work / "certification-lao.yaml"
    form.write_text(form.read_text("utf-8").replace("scope: lao\n", "scope: lao\nprovince: '16'\n"), "utf-8")
    result = runner.invoke(app, ["validate", str(form)])
    assert result.exit_code == 2 and "province: a blank form names no unit" in " ".join(result.output.split())
    line = form.read_text("utf-8").splitlines().index("province: '16'") + 1
    assert f"{form.name}:{line}:1:" in result.output.replace("\n", "")
    form.write_text(form.read_text("utf-8").replace("blank: true", "blank: false"), "utf-8")
    result = runner.invoke(app, ["validate", str(form)])
    assert result.exit_code == 2 and "data: required field is missing (or set blank: true" in " ".join(result.output.split())
