"""Speed and secrecy marks (spec §8, checks 16 and 17)."""

from __future__ import annotations

import io
import zipfile

import pdfplumber

from docgen import layout
from docgen.pipeline import build, render_document

RED = (1, 0, 0)


def _marked(config_dir, **marks):
    letter = config_dir / "circular.yaml"
    extra = "".join(f"{key}: {value}\n" for key, value in marks.items())
    letter.write_text(letter.read_text("utf-8").replace("subject:", extra + "subject:", 1), "utf-8")
    return render_document("marked", build(letter))


def _chars(page, text):
    hits = page.filter(lambda o: o.get("object_type") != "char" or o.get("text")).search(text, regex=False,
                                                                                        return_chars=True)
    assert hits, f"{text!r} not on page {page.page_number}"
    return hits


def test_speed_and_secrecy_in_the_pdf(config_dir):
    rendered = _marked(config_dir, speed="ด่วนที่สุด", secrecy="ลับ")
    with pdfplumber.open(io.BytesIO(rendered.files["pdf"])) as pdf:
        first = pdf.pages[0]
        speed = _chars(first, "ด่วนที่สุด")[0]
        number = _chars(first, "ที่ ลบ")[0]
        assert abs(speed["x0"] - layout.MARGIN_LEFT) < layout.cm(0.05)
        assert speed["bottom"] <= number["top"] + 1, "above the ที่ line"
        assert all(c["size"] > 31.9 and tuple(c["non_stroking_color"]) == RED for c in speed["chars"])
        for page in pdf.pages:
            top, bottom = sorted(_chars(page, "ลับ")[:2], key=lambda m: m["top"])  # body has no other ลับ
            for mark in (top, bottom):
                # centred like the DOCX header's centred paragraph: on the text block
                centre = layout.MARGIN_LEFT + layout.TEXT_WIDTH / 2
                assert abs((mark["x0"] + mark["x1"]) / 2 - centre) < layout.cm(0.05), "centred"
                assert all(c["size"] > 31.9 and tuple(c["non_stroking_color"]) == RED for c in mark["chars"])
            assert top["top"] < layout.cm(1.5) and bottom["bottom"] > page.height - layout.cm(1.5)
        second = pdf.pages[1].filter(lambda o: o.get("object_type") != "char" or o.get("text")).extract_text()
        assert "ด่วนที่สุด" not in second, "the speed mark is on page 1 only"
        assert "- ๒ -" in second


def test_delivery_deadline(config_dir):
    rendered = _marked(config_dir, deliver_by='"2018-10-17 12.00 น."')
    assert rendered.document.speed == "ด่วนภายใน ๑๗ ตุลาคม ๒๕๖๑ ๑๒.๐๐ น."


def test_marks_in_the_docx(config_dir):
    rendered = _marked(config_dir, speed="ด่วนมาก", secrecy="ลับมาก")
    with zipfile.ZipFile(io.BytesIO(rendered.files["docx"])) as package:
        parts = {n: package.read(n).decode("utf-8") for n in package.namelist()
                 if n.startswith(("word/header", "word/footer"))}
    with_secrecy = [n for n, xml in parts.items() if "ลับมาก" in xml]
    assert len(with_secrecy) == 4, "top and bottom, first page and the others"
    for name in with_secrecy:
        assert 'w:color w:val="FF0000"' in parts[name] and 'w:szCs w:val="64"' in parts[name]
    speed = [n for n, xml in parts.items() if "ด่วนมาก" in xml]
    assert len(speed) == 1 and "wp:inline" in parts[speed[0]], "beside the Garuda, in the first-page header"


def test_unknown_marks_are_refused(config_dir):
    from typer.testing import CliRunner

    from docgen.cli import app

    letter = config_dir / "circular.yaml"
    letter.write_text(letter.read_text("utf-8").replace("subject:", "speed: ด่วนพิเศษ\nsubject:", 1), "utf-8")
    result = CliRunner().invoke(app, ["validate", str(letter)])
    assert result.exit_code == 2 and "speed" in result.output


def _red_marks(pdf_bytes: bytes, text: str) -> list[int]:
    """Pages (1-based) on which ``text`` stands in red at 32 pt."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            clean = page.filter(lambda o: o.get("object_type") != "char" or o.get("text"))
            hits = clean.search(text, regex=False, return_chars=True)
            if any(all(c["size"] > 31.9 and tuple(c["non_stroking_color"]) == RED for c in h["chars"])
                   for h in hits):
                pages.append(page.page_number)
    return pages


def test_marks_on_orders(config_dir):
    order = config_dir / "orders" / "province-team.yaml"
    order.write_text(order.read_text("utf-8") + "speed: ด่วนมาก\nsecrecy: ลับ\n", "utf-8")
    rendered = render_document("order", build(order), ("pdf",))
    assert rendered.document.speed == "ด่วนมาก" and rendered.pdf_pages >= 2
    assert _red_marks(rendered.files["pdf"], "ด่วนมาก") == [1]
    assert _red_marks(rendered.files["pdf"], "ลับ") == list(range(1, rendered.pdf_pages + 1))


def test_marks_on_certifications(config_dir):
    from docgen.pipeline import documents

    config = config_dir / "certification-province.yaml"
    config.write_text(config.read_text("utf-8") + "secrecy: ลับมาก\n", "utf-8")
    (name, document), = documents(config)
    rendered = render_document(name, document, ("pdf",))
    assert _red_marks(rendered.files["pdf"], "ลับมาก") == list(range(1, rendered.pdf_pages + 1))


def test_marks_on_memos(config_dir):
    memo = config_dir / "memo.yaml"
    memo.write_text(memo.read_text("utf-8") + "secrecy: ลับที่สุด\n", "utf-8")  # speed: ด่วน is in it
    rendered = render_document("memo", build(memo), ("pdf", "docx"))
    assert _red_marks(rendered.files["pdf"], "ด่วน") == [1]
    assert _red_marks(rendered.files["pdf"], "ลับที่สุด") == list(range(1, rendered.pdf_pages + 1))
    with zipfile.ZipFile(io.BytesIO(rendered.files["docx"])) as package:
        headers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/header")]
    assert any("ลับที่สุด" in xml for xml in headers)


def test_marks_on_action_plans(config_dir):
    plan = config_dir / "action-plan.yaml"
    plan.write_text(plan.read_text("utf-8") + "speed: ด่วนมาก\nsecrecy: ลับ\n", "utf-8")
    rendered = render_document("plan", build(plan), ("pdf",))
    assert _red_marks(rendered.files["pdf"], "ด่วนมาก") == [1]
    assert _red_marks(rendered.files["pdf"], "ลับ") == list(range(1, rendered.pdf_pages + 1))
