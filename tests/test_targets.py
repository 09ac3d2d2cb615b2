"""The table of target households (kind: targets), from the figures the certifications read."""

from __future__ import annotations

import io
import re
import zipfile

import pdfplumber
import yaml
from lxml import etree
from typer.testing import CliRunner

from conftest import REPO
from docgen.cli import app

CONFIG = REPO / "config" / "lopburi-jpt-2562" / "targets.yaml"
FIGURES = yaml.safe_load((REPO / "config" / "lopburi-jpt-2562" / "figures-sample.yaml").read_text("utf-8"))["units"]
DATA = yaml.safe_load((REPO / "config" / "data" / "lopburi.yaml").read_text("utf-8"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
runner = CliRunner()


def _number(cell: str) -> int:
    return int(re.sub(r"\s+", "", cell).translate(ARABIC).replace(",", ""))


def _render(config, tmp_path):
    result = runner.invoke(app, ["render", str(config), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return tmp_path / config.parent.name


def test_one_row_per_district_with_its_figures_and_the_total(tmp_path):
    folder = _render(CONFIG, tmp_path)
    with pdfplumber.open(folder / "targets.pdf") as pdf:
        page = pdf.pages[0].filter(lambda o: o.get("object_type") != "char" or o.get("text"))
        text = page.extract_text()
        header, *rows = page.extract_table()
    assert "ตัวอย่าง" in text, "sample figures say so"
    assert "จังหวัดลพบุรี" in text.splitlines()[1]
    assert [re.sub(r"\s+", "", c) for c in header] == ["ที่", "อำเภอ", "ครัวเรือนเป้าหมาย", "หมู่บ้านเป้าหมาย(กชช.๒ค)"]
    districts = DATA["districts"]
    assert len(rows) == len(districts) + 1
    for row, district in zip(rows, districts):
        figures = FIGURES[district["code"]]
        assert re.sub(r"\s+", "", row[1]) == district["full_name_th"]
        assert _number(row[2]) == figures["households_target"] and _number(row[3]) == figures["villages_target"]
    total = rows[-1]
    assert re.sub(r"\s+", "", total[1]) == "รวม"
    assert _number(total[2]) == sum(FIGURES[d["code"]]["households_target"] for d in districts)
    assert _number(total[2]) == FIGURES["16"]["households_target"], "the districts add up to the province"
    docx = (folder / "targets.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = etree.fromstring(package.read("word/document.xml"))
    table_rows = xml.findall(f".//{W}tbl/{W}tr")
    assert len(table_rows) == len(districts) + 2
    assert table_rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in table_rows)


def test_the_laos_of_one_district(tmp_path, config_dir):
    config = config_dir / "targets.yaml"
    config.write_text(config.read_text("utf-8").replace("rows: district", 'rows: lao\ndistrict: "1608"'), "utf-8")
    folder = _render(config, tmp_path)
    with pdfplumber.open(folder / "targets.pdf") as pdf:
        header, *rows = pdf.pages[0].extract_table()
    laos = next(d for d in DATA["districts"] if d["code"] == "1608")["laos"]
    assert re.sub(r"\s+", "", header[1]) == "องค์กรปกครองส่วนท้องถิ่น"
    assert [re.sub(r"\s+", "", r[1]) for r in rows[:-1]] == [lao["name_th"] for lao in laos]


def test_bad_input_names_its_line(config_dir):
    config = config_dir / "targets.yaml"
    config.write_text(config.read_text("utf-8").replace("rows: district", "rows: lao"), "utf-8")
    result = runner.invoke(app, ["validate", str(config)])
    line = config.read_text("utf-8").splitlines().index("rows: lao") + 1
    assert result.exit_code == 2 and f"targets.yaml:{line}:" in result.output.replace("\n", "")
    assert "rows: lao needs district" in " ".join(result.output.split())
    figures = config_dir / "figures-sample.yaml"
    figures.write_text("\n".join(l for l in figures.read_text("utf-8").splitlines() if not l.startswith("  '1605'")),
                       "utf-8")
    config.write_text(config.read_text("utf-8").replace("rows: lao", "rows: district"), "utf-8")
    result = runner.invoke(app, ["validate", str(config)])
    assert result.exit_code == 2 and "has no figures for 1605" in " ".join(result.output.split())


def test_the_spec_checks_hold(tmp_path):
    """A4, text inside the margins, 16 pt embedded Sarabun, Thai digits only (spec §21: 1-4, 7, 23)."""
    from pypdf import PdfReader

    from docgen import layout

    folder = _render(CONFIG, tmp_path)
    with pdfplumber.open(folder / "targets.pdf") as pdf:
        for page in pdf.pages:
            assert (round(page.width, 2), round(page.height, 2)) == (595.28, 841.89)
            chars = [c for c in page.chars if c["text"].strip()]
            assert chars and all(abs(c["size"] - 16) < 0.1 for c in chars)
            assert min(c["x0"] for c in chars) >= layout.MARGIN_LEFT - 0.5
            assert max(c["x1"] for c in chars) <= layout.PAGE_WIDTH - layout.MARGIN_RIGHT + 0.5
            text = page.extract_text()
            assert not re.search("[0-9]", text) and not re.search("[\ue000-\uf8ff]", text)
    fonts = [f.get_object() for page in PdfReader(folder / "targets.pdf").pages
             for f in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                         for f in fonts)
