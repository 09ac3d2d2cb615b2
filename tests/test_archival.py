"""Archival and accessible PDF (--pdf-variant): PDF/A-3b, PDF/A-3u, PDF/UA-1.

veraPDF cannot be installed from the registries this project's machines reach
(no Debian or PyPI package carries it), so conformance is tested with
docgen.archival.check, the structural check docs/archival.md describes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import REFERENCE_CONFIG
from docgen import archival
from docgen.cli import app
from docgen.package import build_packages
from docgen.pipeline import build, render, render_all, render_document
from docgen.writers.html import EMBLEM_ALT
from docgen.preview import pdf_to_pngs

CONFIGS = REFERENCE_CONFIG.parent
KINDS = ["circular.yaml", "memo.yaml", "action-plan.yaml", "targets.yaml", "certification-province.yaml",
         "orders/province-team.yaml"]

# The plain PDF of each kind, as docgen wrote it before the variants existed:
# a variant is an option, the default output does not move by a byte.
PLAIN_SHA256 = {
    "circular.yaml": "4012853209c575ad80dbe9e1952c8a6357be6e0bc12a857828938443ca681aa8",
    "memo.yaml": "aec3d897038447ca637d7fb0f7d7d7191cd51809169cec376fda531b806249f1",
    "action-plan.yaml": "c5e913be87fd8bc77d34141acbfee9126e1bb55503fc94c6ceb065e568505efe",
    "targets.yaml": "2ab89959a67e2d65a1f4097b4f08162dc82720b3c14df5966a25464f19915031",
    "certification-province.yaml": "0e5370ae9267306325d322808dad0db45df374b87f67b3cd3728343d1bfcea0c",
    "orders/province-team.yaml": "f73fe246aa9e62a764784c8d0a9b0958f3b6c65dc57b7e616172939661fe9d71",
}


@pytest.fixture(scope="module")
def documents():
    return {name: build(CONFIGS / name) for name in KINDS}


@pytest.fixture(scope="module")
def circular(documents):
    doc = documents["circular.yaml"]
    return {v: render_document("circular", doc, ("pdf",), v).files["pdf"] for v in (None, *archival.VARIANTS)}


def _catalog(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    return reader, reader.trailer["/Root"].get_object()


def _xmp(data: bytes) -> dict[str, str]:
    _, catalog = _catalog(data)
    return archival._xmp_properties(catalog["/Metadata"].get_object().get_data())


# --- the default PDF is what it was ------------------------------------------------

@pytest.mark.parametrize("name", KINDS)
def test_the_plain_pdf_is_byte_for_byte_what_it_was(documents, name):
    data = render_document("x", documents[name], ("pdf",)).files["pdf"]
    assert hashlib.sha256(data).hexdigest() == PLAIN_SHA256[name]


def test_the_plain_pdf_is_not_archival(circular):
    problems = archival.check(circular[None], "pdf/a-3b")
    assert "metadata: no XMP metadata stream in the catalog" in problems
    assert "output intent: no /GTS_PDFA1 output intent" in problems


# --- every kind in every variant passes the check ---------------------------------

@pytest.mark.parametrize("variant", sorted(archival.VARIANTS))
@pytest.mark.parametrize("name", KINDS)
def test_every_kind_passes_the_structural_check(documents, name, variant):
    data = render_document("x", documents[name], ("pdf",), variant).files["pdf"]
    assert archival.check(data, variant) == []


def test_pdfa_metadata_title_subject_language_and_identifier(circular, documents):
    doc = documents["circular.yaml"]
    for variant, level in (("pdf/a-3b", "B"), ("pdf/a-3u", "U")):
        data = circular[variant]
        xmp = _xmp(data)
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", level)
        assert xmp["dc:title"] == doc.title and xmp["dc:description"] == doc.subject == "ที่ ลบ ๐๐๑๙/ว ๔๘๕๒"
        assert xmp["dc:creator"] == doc.author and xmp["xmp:CreateDate"] == "2018-10-16T00:00:00Z"
        reader, catalog = _catalog(data)
        assert catalog["/Lang"] == "th"
        assert reader.metadata.title == doc.title and reader.metadata.subject == doc.subject
        (intent,) = catalog["/OutputIntents"]
        assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
        assert len(reader.trailer["/ID"]) == 2 and "/Encrypt" not in reader.trailer
        assert data.startswith(b"%PDF-1.7\n%")


def test_every_font_is_embedded_with_a_unicode_map(circular):
    reader, _ = _catalog(circular["pdf/a-3b"])
    fonts = {ref.idnum: ref.get_object() for page in reader.pages for ref in page["/Resources"]["/Font"].values()}
    assert fonts
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]
        assert "/ToUnicode" in font and "/CIDToGIDMap" in descendant


def test_the_thai_text_layer_repair_survives_in_the_variants(circular):
    """ดำเนินการ, not ดำเนินกำร: the repaired ToUnicode maps are what the variants embed."""
    for variant in archival.VARIANTS:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(circular[variant])).pages)
        assert "ดำเนินการ" in text and "กำร" not in text


def test_pdfua_is_tagged_with_a_named_garuda(circular):
    data = circular["pdf/ua-1"]
    _, catalog = _catalog(data)
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert "/StructTreeRoot" in catalog and _xmp(data)["pdfuaid:part"] == "1"
    figures = [o for o in _objects(data) if o.get("/S") == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == [EMBLEM_ALT] == ["ตราครุฑ"]


def _objects(data: bytes) -> list:
    reader = PdfReader(io.BytesIO(data))
    out = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # free entries
            continue
        if isinstance(obj, dict):
            out.append(obj)
    return out


def test_the_pages_look_the_same_in_every_variant(circular):
    plain = pdf_to_pngs(circular[None], 60)
    for variant in archival.VARIANTS:
        assert pdf_to_pngs(circular[variant], 60) == plain, variant


def test_a_variant_is_reproducible(documents):
    doc = documents["memo.yaml"]
    first, second = (render_document("m", doc, ("pdf",), "pdf/a-3b").files["pdf"] for _ in range(2))
    assert first == second


def test_image_interpolation_is_off_in_the_variants(circular):
    assert b"/Interpolate true" in circular[None]
    for variant in archival.VARIANTS:
        assert b"/Interpolate true" not in circular[variant]


# --- the check finds what it says it finds -------------------------------------------

def test_the_check_names_a_wrong_level_a_wrong_language_and_a_missing_intent(circular):
    assert any("pdfaid part/conformance is 3/B, not 3/U" in p for p in archival.check(circular["pdf/a-3b"], "pdf/a-3u"))
    assert any("/Lang is 'th', not 'en'" in p for p in archival.check(circular["pdf/a-3b"], "pdf/a-3b", lang="en"))
    problems = archival.check(circular["pdf/ua-1"], "pdf/a-3b")
    assert "output intent: no /GTS_PDFA1 output intent" in problems


def test_the_check_finds_an_unembedded_font_and_a_metadata_mismatch(circular):
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(circular["pdf/a-3b"])))
    font = next(iter(writer.pages[0]["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    del descriptor[NameObject("/FontFile2")]
    writer.add_metadata({"/Title": "another title"})
    out = io.BytesIO()
    writer.write(out)
    problems = archival.check(out.getvalue(), "pdf/a-3b")
    assert any(p.endswith(": not embedded") for p in problems), problems
    assert any(p.startswith("metadata: /Title 'another title' differs from XMP dc:title") for p in problems)


def test_the_check_finds_an_encrypted_file(circular):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(circular["pdf/a-3b"])))
    writer.encrypt("", "owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert "encryption: the file is encrypted" in archival.check(out.getvalue(), "pdf/a-3b")


def test_the_check_finds_a_figure_without_alternative_text():
    from weasyprint import HTML

    data = HTML(string='<html lang="th"><title>t</title><img src="data:image/gif;base64,'
                       'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt=""></html>'
                ).write_pdf(pdf_variant="pdf/ua-1")
    assert "tags: 1 of 1 figure(s) without alternative text (/Alt)" in archival.check(data, "pdf/ua-1")


# --- package and batch --------------------------------------------------------------

@pytest.fixture(scope="module")
def archival_package():
    (pack,) = build_packages(REFERENCE_CONFIG, formats=("pdf",), pdf_variant="pdf/a-3b")
    return pack


def test_the_package_pdf_keeps_pdfa(archival_package):
    assert archival.check(archival_package.pdf, "pdf/a-3b") == []
    for part in archival_package.parts:
        assert archival.check(part.files["pdf"], "pdf/a-3b") == [], part.name
    reader, catalog = _catalog(archival_package.pdf)
    assert len(reader.pages) == sum(part.pdf_pages for part in archival_package.parts)
    assert catalog["/Lang"] == "th" and _xmp(archival_package.pdf)["dc:title"] == archival_package.parts[0].document.title


def test_the_package_pdf_is_reproducible(archival_package):
    (again,) = build_packages(REFERENCE_CONFIG, formats=("pdf",), pdf_variant="pdf/a-3b")
    assert again.pdf == archival_package.pdf


def test_a_tagged_package_is_refused_before_anything_is_rendered():
    with pytest.raises(archival.ArchivalError, match="logical structure"):
        build_packages(REFERENCE_CONFIG, pdf_variant="pdf/ua-1")


def test_an_enclosed_pdf_that_is_not_pdfa_is_refused(config_dir):
    from test_package import _enclosures

    guidelines = render_document("g", build(config_dir / "memo.yaml"), ("pdf",)).files["pdf"]
    (config_dir / "guidelines.pdf").write_bytes(guidelines)
    letter = config_dir / "circular.yaml"
    _enclosures(letter, "enclosures:\n  - {title: แนวทางการตรวจสอบข้อมูลฯ, file: guidelines.pdf}")
    with pytest.raises(archival.ArchivalError, match="the merged PDF is not pdf/a-3b: .*Interpolate true"):
        build_packages(letter, formats=("pdf",), pdf_variant="pdf/a-3b")
    archived = render_document("g", build(config_dir / "memo.yaml"), ("pdf",), "pdf/a-3b").files["pdf"]
    (config_dir / "guidelines.pdf").write_bytes(archived)
    (pack,) = build_packages(letter, formats=("pdf",), pdf_variant="pdf/a-3b")
    assert archival.check(pack.pdf, "pdf/a-3b") == []


def test_batch_renders_and_merges_in_the_variant(tmp_path):
    out = tmp_path / "out"
    config = CONFIGS / "certification-lao.yaml"
    args = ["batch", "certification", "--config", str(config), "--out", str(out), "--district", "1601",
            "--include-unverified", "--format", "pdf", "--workers", "1"]
    result = CliRunner().invoke(app, [*args, "--pdf-variant", "pdf/a-3b", "--merge", "district"])
    assert result.exit_code == 0, result.output
    pdfs = [p for p in out.rglob("*.pdf") if not p.name.startswith("merged-")]
    assert pdfs and all(archival.check(p.read_bytes(), "pdf/a-3b") == [] for p in pdfs)
    (merged,) = out.rglob("merged-*.pdf")
    assert archival.check(merged.read_bytes(), "pdf/a-3b") == []
    assert len(PdfReader(merged).pages) == len(pdfs)
    hashes = {json.loads(line)["input_hash"] for line in (out / "manifest.jsonl").read_text().splitlines()}
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 0 and f"{len(pdfs)} rendered" in " ".join(plain.output.split()), "the variant is an input"
    assert hashes.isdisjoint(json.loads(line)["input_hash"] for line in (out / "manifest.jsonl").read_text().splitlines())


def test_batch_refuses_a_tagged_merge(tmp_path):
    result = CliRunner().invoke(app, ["batch", "certification", "--out", str(tmp_path), "--district", "1601",
                                      "--pdf-variant", "pdf/ua-1", "--merge", "district"])
    assert result.exit_code == 2 and "logical structure" in result.output
    assert not list(tmp_path.rglob("*.pdf"))


# --- the command line ----------------------------------------------------------------

def test_render_writes_the_variant(tmp_path):
    result = CliRunner().invoke(app, ["render", str(CONFIGS / "memo.yaml"), "--out", str(tmp_path), "-f", "pdf",
                                      "--pdf-variant", "PDF/A-3B"])
    assert result.exit_code == 0, result.output
    (pdf,) = tmp_path.rglob("*.pdf")
    assert archival.check(pdf.read_bytes(), "pdf/a-3b") == []


@pytest.mark.parametrize("command", ["render", "package", "batch"])
def test_an_unknown_variant_is_a_usage_error(tmp_path, command):
    target = [] if command == "batch" else [str(REFERENCE_CONFIG)]
    result = CliRunner().invoke(app, [command, *target, "--out", str(tmp_path), "--pdf-variant", "pdf/a-1b"])
    assert result.exit_code == 2
    said = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # rich's error box, unwrapped
    assert "unknown PDF variant 'pdf/a-1b'; choose from pdf/a-3b, pdf/a-3u, pdf/ua-1" in said
    assert not list(tmp_path.rglob("*.pdf"))


def test_package_command_refuses_pdfua(tmp_path):
    result = CliRunner().invoke(app, ["package", str(REFERENCE_CONFIG), "--out", str(tmp_path),
                                      "--pdf-variant", "pdf/ua-1"])
    assert result.exit_code == 2 and "logical structure" in result.output
    assert not list(tmp_path.rglob("*.pdf"))


def test_render_all_and_render_take_the_variant():
    (memo,) = render_all(CONFIGS / "memo.yaml", ("pdf",), pdf_variant="pdf/a-3u")
    assert _xmp(memo.files["pdf"])["pdfaid:conformance"] == "U"
    assert _xmp(render(CONFIGS / "memo.yaml", ("pdf",), "pdf/a-3b").files["pdf"])["pdfaid:conformance"] == "B"


# --- docgen check holds a PDF to the variant it claims ----------------------------------

def test_docgen_check_holds_a_pdf_to_the_variant_it_claims(circular):
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    from docgen.standard import check_bytes

    assert archival.declared(circular[None]) is None
    assert {v: archival.declared(circular[v]) for v in archival.VARIANTS} == {v: v for v in archival.VARIANTS}
    for data in circular.values():
        report = check_bytes(data, "circular.pdf")
        assert report.passed and not [f for f in report.findings if f.rule == "archival"]

    writer = PdfWriter(clone_from=io.BytesIO(circular["pdf/a-3b"]))
    writer._root_object[NameObject("/Lang")] = TextStringObject("en")  # the claim stays, the language goes
    tampered = io.BytesIO()
    writer.write(tampered)
    report = check_bytes(tampered.getvalue(), "tampered.pdf")
    found = [f for f in report.findings if f.rule == "archival"]
    assert not report.passed and found and found[0].message.startswith("claims pdf/a-3b, but ")
    assert any("/Lang is 'en'" in f.message for f in found)
