"""Digital signatures: PAdES by incremental update, checked with pyHanko's validator
against a throwaway CA made for the run (tests/signing_helpers.py)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pdfplumber
import pytest
from typer.testing import CliRunner

from conftest import REPO
from signing_helpers import PASSPHRASE, make_pki

from docgen.cli import app
from docgen.signing.keys import KeyFiles, SigningError, load_credentials
from docgen.signing.sign import SignOptions, sign_pdf
from docgen.signing.verify import verify_pdf

CIRCULAR = REPO / "config" / "lopburi-jpt-2562" / "circular.yaml"
CERT_LAO = REPO / "config" / "lopburi-jpt-2562" / "certification-lao.yaml"
ENV = "DOCGEN_TEST_SIGN_PASSPHRASE"


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def credentials(pki):
    return load_credentials(KeyFiles(str(pki.plain_key), str(pki.cert), (str(pki.ca),)))


@pytest.fixture(scope="session")
def circular_pdf(reference) -> bytes:
    return reference.files["pdf"]


def _status(pdf: bytes, ca: Path, index: int = 0):
    """pyHanko's own verdict on signature ``index``, trusting only ``ca``."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[index]
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca))], allow_fetching=False)
    return embedded, validate_pdf_signature(embedded, context)


def _assert_good(pdf: bytes, ca: Path) -> None:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    embedded, status = _status(pdf, ca)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def _text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() for page in document.pages]


def _name_line(page) -> dict:
    """The signer's name line "(…)" of a pdfplumber page, as a box in PDF coordinates."""
    for line in page.extract_text_lines():
        if line["text"].strip().startswith("(") and line["text"].strip().endswith(")"):
            return {"x0": line["x0"], "x1": line["x1"], "y0": page.height - line["bottom"],
                    "y1": page.height - line["top"]}
    raise AssertionError("no name line on the page")


def _signature_widget(pdf: bytes) -> tuple[int, list[float]]:
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig" or annotation.get("/Parent", {}).get("/FT") == "/Sig":
                return number, [float(v) for v in annotation["/Rect"]]
    raise AssertionError("no signature widget")


# --- signing and verifying ---------------------------------------------------


def test_the_signed_circular_verifies_and_the_document_is_unchanged(circular_pdf, credentials, pki):
    signed = sign_pdf(circular_pdf, credentials)
    _assert_good(signed, pki.ca)
    assert signed[:len(circular_pdf)] == circular_pdf, "the original revision is byte-identical"
    assert _text(signed) == _text(circular_pdf)
    from pypdf import PdfReader

    assert PdfReader(io.BytesIO(signed)).metadata == PdfReader(io.BytesIO(circular_pdf)).metadata
    [check] = verify_pdf(signed, [pki.ca])
    assert check.ok and check.profile == "PAdES B-B" and check.signer == "นายสมชาย ใจดี"
    assert check.coverage == "ENTIRE_FILE" and check.modification == "NONE"


def test_one_changed_byte_in_the_signed_range_fails_verification(circular_pdf, credentials, pki):
    signed = bytearray(sign_pdf(circular_pdf, credentials))
    embedded, _ = _status(bytes(signed), pki.ca)
    start, length, *_ = embedded.sig_object["/ByteRange"]
    position = start + length // 2  # inside the document's own bytes
    signed[position] ^= 0x01
    _, status = _status(bytes(signed), pki.ca)
    assert not status.intact and not status.bottom_line
    [check] = verify_pdf(bytes(signed), [pki.ca])
    assert not check.ok and "changed after signing" in check.problems[0]


def test_an_untrusted_signer_is_reported(circular_pdf, credentials, tmp_path):
    other = make_pki(tmp_path / "other")
    [check] = verify_pdf(sign_pdf(circular_pdf, credentials), [other.ca])
    assert check.intact and check.valid and not check.trusted and not check.ok
    [check] = verify_pdf(sign_pdf(circular_pdf, credentials))
    assert "--trust" in check.problems[0]


def test_a_timestamp_makes_it_pades_b_t(circular_pdf, credentials, pki):
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(load_cert_from_pemder(str(pki.tsa_cert)),
                               load_private_key_from_pemder(str(pki.tsa_key), None))
    signed = sign_pdf(circular_pdf, credentials, timestamper=stamper)
    [check] = verify_pdf(signed, [pki.ca])
    assert check.ok and check.timestamped and check.profile == "PAdES B-T"


def test_a_second_signature_leaves_the_first_valid(circular_pdf, credentials, pki):
    twice = sign_pdf(sign_pdf(circular_pdf, credentials), credentials)
    first, second = verify_pdf(twice, [pki.ca])
    assert first.ok and first.coverage == "ENTIRE_REVISION"
    assert second.ok and second.coverage == "ENTIRE_FILE" and second.field == "Signature2"


# --- the visible signature ---------------------------------------------------


def test_the_visible_signature_sits_above_the_name_and_clear_of_text(circular_pdf, credentials, pki):
    signed = sign_pdf(circular_pdf, credentials, SignOptions(visible=True))
    _assert_good(signed, pki.ca)
    page_number, (x0, y0, x1, y1) = _signature_widget(signed)
    with pdfplumber.open(io.BytesIO(circular_pdf)) as document:
        assert page_number == len(document.pages) - 1, "on the last page"
        page = document.pages[page_number]
        name = _name_line(page)
        assert name["y1"] <= y0 < y0 + 24 <= y1 <= name["y1"] + 60, "in the blank lines above the name"
        assert abs((x0 + x1) / 2 - (name["x0"] + name["x1"]) / 2) < 1, "centred on the name"
        for char in page.chars:
            top, bottom = page.height - char["top"], page.height - char["bottom"]
            overlaps = char["x0"] < x1 and char["x1"] > x0 and bottom < y1 and top > y0
            assert not overlaps, f"the box covers {char['text']!r}"
    assert _text(signed) == _text(circular_pdf)


def test_the_visible_signature_shows_thai_text_in_the_embedded_font(circular_pdf, credentials):
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    from docgen.signing.appearance import NOTE

    signed = sign_pdf(circular_pdf, credentials, SignOptions(visible=True))
    reader = PdfReader(io.BytesIO(signed))
    page_number, _ = _signature_widget(signed)
    [stream] = [a.get_object()["/AP"]["/N"].get_object() for a in reader.pages[page_number]["/Annots"]
                if "/AP" in a.get_object()]
    texts = [operands[1]["/ActualText"] for operands, operator in ContentStream(stream, reader).operations
             if operator == b"BDC" and "/ActualText" in operands[1]]
    assert texts[0] == NOTE and texts[1] == "นายสมชาย ใจดี"
    assert texts[2].startswith(tuple("๐๑๒๓๔๕๖๗๘๙")) and texts[2].endswith(" น."), "BE date and time, Thai digits"
    font = stream["/Resources"]["/Font"]["/F1"].get_object()
    descendant = font["/DescendantFonts"][0].get_object()
    assert "LaksamanSarabunMetric" in font["/BaseFont"] and "/FontFile2" in descendant["/FontDescriptor"]


def test_a_certification_is_signed_over_its_signer_not_the_countersigner(credentials, pki):
    from docgen.pipeline import render_all
    from docgen.signing.placement import page_lines

    [result, *_] = render_all(REPO / "config" / "lopburi-jpt-2562" / "certification-district.yaml", ("pdf",))
    pdf = result.files["pdf"]
    signed = sign_pdf(pdf, credentials, SignOptions(visible=True))
    _assert_good(signed, pki.ca)
    _, (_, y0, _, y1) = _signature_widget(signed)
    names = [line for line in page_lines(pdf, -1) if line.is_name]
    assert len(names) == 2 and names[0].y1 <= y0 and y1 > names[1].y1, "above the first name line"


def test_a_page_without_a_signature_block_is_refused_for_a_visible_signature(circular_pdf, credentials):
    with pytest.raises(SigningError, match="no signature block"):
        sign_pdf(circular_pdf, credentials, SignOptions(visible=True, page=1))


# --- keys and their errors ---------------------------------------------------


def test_a_wrong_passphrase_that_passes_the_padding_check_is_still_named(pki, monkeypatch):
    """About once in 256, a wrong passphrase decrypts an encrypted key to bytes
    with valid padding that are no key: that is a wrong passphrase too."""
    from cryptography.hazmat.primitives import serialization

    def garbled(data, password):
        raise ValueError("Could not deserialize key data. Details: ASN.1 parsing error: invalid length")

    monkeypatch.setattr(serialization, "load_pem_private_key", garbled)
    with pytest.raises(SigningError, match="wrong passphrase for the private key"):
        load_credentials(KeyFiles(str(pki.key), str(pki.cert), passphrase_env=ENV), passphrase=b"wrong")
    with pytest.raises(SigningError, match="not a private key this program can read"):
        load_credentials(KeyFiles(str(pki.plain_key), str(pki.cert)), passphrase=b"wrong")


def test_a_passphrase_from_the_environment_or_given(pki, monkeypatch):
    files = KeyFiles(str(pki.key), str(pki.cert), passphrase_env=ENV)
    with pytest.raises(SigningError, match=f"encrypted: set \\${ENV}"):
        load_credentials(files)
    monkeypatch.setenv(ENV, PASSPHRASE)
    assert load_credentials(files).common_name == "นายสมชาย ใจดี"
    assert load_credentials(KeyFiles(pkcs12=str(pki.pkcs12), passphrase_env=ENV)).common_name == "นายสมชาย ใจดี"
    with pytest.raises(SigningError, match="wrong passphrase"):
        load_credentials(files, passphrase=b"wrong")
    with pytest.raises(SigningError, match="wrong passphrase for the PKCS#12"):
        load_credentials(KeyFiles(pkcs12=str(pki.pkcs12)), passphrase=b"wrong")


def test_a_key_that_is_not_the_certificates_and_an_expired_certificate(pki):
    with pytest.raises(SigningError, match="does not belong to the certificate"):
        load_credentials(KeyFiles(str(pki.other_key), str(pki.cert)))
    with pytest.raises(SigningError, match="expired on"):
        load_credentials(KeyFiles(str(pki.plain_key), str(pki.expired_cert)))


# --- the command line --------------------------------------------------------


def _run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def _unsigned(tmp_path: Path, circular_pdf: bytes) -> Path:
    path = tmp_path / "circular.pdf"
    path.write_bytes(circular_pdf)
    return path


def test_docgen_sign_writes_a_signed_copy_and_verify_checks_it(tmp_path, pki, circular_pdf):
    pdf = _unsigned(tmp_path, circular_pdf)
    result = _run("sign", pdf, "--key", pki.key, "--cert", pki.cert, "--chain", pki.ca, "--visible",
                  "--reason", "อนุมัติ", "--passphrase-env", ENV, env={ENV: PASSPHRASE})
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes() == circular_pdf, "the input is never overwritten"
    signed = tmp_path / "circular-signed.pdf"
    _assert_good(signed.read_bytes(), pki.ca)
    embedded, _ = _status(signed.read_bytes(), pki.ca)
    assert embedded.sig_object["/Reason"] == "อนุมัติ"
    assert _run("verify", signed, "--trust", pki.ca).exit_code == 0
    assert _run("sign", "--verify", signed, "--trust", pki.ca).exit_code == 0
    assert _run("verify", signed).exit_code == 1, "untrusted without --trust"
    assert _run("verify", pdf, "--trust", pki.ca).exit_code == 1, "not signed"


def test_docgen_sign_in_place_out_and_refusals(tmp_path, pki, circular_pdf):
    pdf = _unsigned(tmp_path, circular_pdf)
    keys = ["--key", pki.plain_key, "--cert", pki.cert]
    assert _run("sign", pdf, *keys, "--out", tmp_path).exit_code == 2, "--out naming the input itself"
    assert _run("sign", pdf, *keys, "--out", tmp_path / "signed").exit_code == 0
    assert (tmp_path / "signed" / "circular.pdf").exists() and pdf.read_bytes() == circular_pdf
    again = _run("sign", pdf, *keys, "--out", tmp_path / "signed")
    assert again.exit_code == 1 and "--force" in again.output, "a new signature differs: not replaced"
    assert _run("sign", pdf, *keys, "--in-place").exit_code == 0
    assert pdf.read_bytes()[:len(circular_pdf)] == circular_pdf and len(pdf.read_bytes()) > len(circular_pdf)
    assert not list(tmp_path.glob(".*.part")), "written atomically"


@pytest.mark.parametrize("case", ["wrong passphrase", "key not the certificate's", "expired certificate"])
def test_bad_keys_exit_2_and_write_nothing(tmp_path, pki, circular_pdf, case):
    pdf = _unsigned(tmp_path, circular_pdf)
    key, cert, env = {
        "wrong passphrase": (pki.key, pki.cert, {ENV: "not the passphrase"}),
        "key not the certificate's": (pki.other_key, pki.cert, {}),
        "expired certificate": (pki.plain_key, pki.expired_cert, {}),
    }[case]
    result = _run("sign", pdf, "--key", key, "--cert", cert, "--passphrase-env", ENV, env=env)
    assert result.exit_code == 2 and "nothing was written" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["circular.pdf"]
    out = tmp_path / "out"
    result = _run("render", CIRCULAR, "--out", out, "--sign-key", key, "--sign-cert", cert, env={
        "DOCGEN_SIGN_PASSPHRASE": env.get(ENV, "")})
    assert result.exit_code == 2 and not out.exists(), result.output


def test_render_sign_signs_the_pdf_and_leaves_the_docx(tmp_path, pki):
    plain, signed = tmp_path / "plain", tmp_path / "signed"
    assert _run("render", CIRCULAR, "--out", plain).exit_code == 0
    result = _run("render", CIRCULAR, "--out", signed, "--sign-key", pki.key, "--sign-cert", pki.cert,
                  env={"DOCGEN_SIGN_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 0, result.output
    folder = "lopburi-jpt-2562"
    pdf, unsigned = (signed / folder / "circular.pdf").read_bytes(), (plain / folder / "circular.pdf").read_bytes()
    [check] = verify_pdf(pdf, [pki.ca])
    assert check.ok and pdf[:len(unsigned)] == unsigned
    assert (signed / folder / "circular.docx").read_bytes() == (plain / folder / "circular.docx").read_bytes()
    assert _run("render", CIRCULAR, "-f", "docx", "--out", signed, "--sign-key", pki.plain_key,
                "--sign-cert", pki.cert).exit_code == 2, "--sign without a PDF"


def _profile(folder: Path, pki, **extra) -> None:
    lines = [f"key: {pki.key}", f"cert: {pki.cert}", f"chain: [{pki.ca}]", f"passphrase_env: {ENV}",
             "visible: true", "reason: อนุมัติ", "location: ศาลากลางจังหวัดลพบุรี"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    (folder / "signing.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def test_a_signing_profile_beside_the_config(tmp_path, pki, config_dir):
    _profile(config_dir, pki)
    out = tmp_path / "out"
    result = _run("render", config_dir / "circular.yaml", "-f", "pdf", "--out", out, "--sign", env={ENV: PASSPHRASE})
    assert result.exit_code == 0, result.output
    signed = (out / "lopburi-jpt-2562" / "circular.pdf").read_bytes()
    _assert_good(signed, pki.ca)
    embedded, _ = _status(signed, pki.ca)
    assert embedded.sig_object["/Location"] == "ศาลากลางจังหวัดลพบุรี"
    _signature_widget(signed)  # visible, as the profile says

    _profile(config_dir, pki, passphrase="secret")
    refused = _run("render", config_dir / "circular.yaml", "--out", out, "--sign", env={ENV: PASSPHRASE})
    assert refused.exit_code == 2 and "passphrase_env" in refused.output
    (config_dir / "signing.yaml").unlink()
    missing = _run("render", config_dir / "circular.yaml", "--out", out, "--sign")
    assert missing.exit_code == 2 and "--sign-key" in missing.output


def test_package_sign_puts_the_signature_on_the_letters_last_page(tmp_path, pki, config_dir):
    _profile(config_dir, pki)
    out = tmp_path / "out"
    result = _run("package", config_dir / "circular.yaml", "--out", out, "--sign", env={ENV: PASSPHRASE})
    assert result.exit_code == 0, result.output
    [pdf] = (out / "lopburi-jpt-2562").glob("*-package.pdf")
    signed = pdf.read_bytes()
    _assert_good(signed, pki.ca)
    page_number, _ = _signature_widget(signed)
    with pdfplumber.open(io.BytesIO(signed)) as document:
        assert len(document.pages) > 2 and page_number == 1, "the circular's last page, not the package's"
        _name_line(document.pages[page_number])


def test_batch_sign_signs_every_unit_and_the_manifest_hashes_the_signed_files(tmp_path, pki):
    out = tmp_path / "batch"
    args = ["batch", "certification", "--config", CERT_LAO, "--district", "1601", "--format", "pdf",
            "--out", out, "--workers", "2", "--sign-key", pki.key, "--sign-cert", pki.cert]
    result = _run(*args, env={"DOCGEN_SIGN_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 3
    for pdf in pdfs:
        [check] = verify_pdf(pdf.read_bytes(), [pki.ca])
        assert check.ok, (pdf, check.problems)
    entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert {e["path"]: e["sha256"] for e in entries} == {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in pdfs}
    assert _run("batch", "--out", out, "--verify").exit_code == 0
    again = _run(*args, env={"DOCGEN_SIGN_PASSPHRASE": PASSPHRASE})
    assert again.exit_code == 0 and " 0 rendered" in again.output, "signed units are done"
    unsigned = _run(*args[:-4])
    assert unsigned.exit_code == 0 and f"{len(pdfs)} rendered" in unsigned.output, "unsigned is another output"


# --- PDF/A --------------------------------------------------------------------

PDF_VARIANTS = ["default", "pdf/a-3b", "pdf/ua-1"]


@pytest.mark.parametrize("variant", PDF_VARIANTS)
def test_signing_keeps_each_pdf_variant(tmp_path, pki, variant):
    """Signing appends a revision and leaves the metadata alone, so a PDF/A-3b (or PDF/UA-1)
    file keeps what its variant asks for; the variant comes with --pdf-variant."""
    extra = []
    if variant != "default":
        extra = ["--pdf-variant", variant]
    plain, signed = tmp_path / "plain", tmp_path / "signed"
    assert _run("render", CIRCULAR, "-f", "pdf", "--out", plain, *extra).exit_code == 0
    result = _run("render", CIRCULAR, "-f", "pdf", "--out", signed, *extra, "--sign-key", pki.plain_key,
                  "--sign-cert", pki.cert)
    assert result.exit_code == 0, result.output
    unsigned = (plain / "lopburi-jpt-2562" / "circular.pdf").read_bytes()
    pdf = (signed / "lopburi-jpt-2562" / "circular.pdf").read_bytes()
    [check] = verify_pdf(pdf, [pki.ca])
    assert check.ok and pdf[:len(unsigned)] == unsigned
    visible = sign_pdf(unsigned, load_credentials(KeyFiles(str(pki.plain_key), str(pki.cert))),
                       SignOptions(visible=True))
    if variant != "default":
        from docgen.archival import check as structure

        assert structure(unsigned, variant) == []
        assert structure(pdf, variant) == [] and structure(visible, variant) == []


def test_without_the_sign_extra_the_commands_say_what_to_install(tmp_path):
    """pyHanko is an extra: without it, sign / verify / --sign exit 2 with the pip line, not a traceback."""
    import subprocess
    import sys

    blocker = ("import builtins, sys\n"
               "real = builtins.__import__\n"
               "def blocked(name, *a, **k):\n"
               "    if name.split('.')[0] in ('pyhanko', 'pyhanko_certvalidator'):\n"
               "        raise ImportError('No module named ' + name)\n"
               "    return real(name, *a, **k)\n"
               "builtins.__import__ = blocked\n"
               "from docgen.cli import app\n"
               "sys.argv = ['docgen'] + sys.argv[1:]\n"
               "app()\n")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    for args in (["sign", str(pdf), "--key", "k.pem", "--cert", "c.pem"], ["verify", str(pdf)]):
        done = subprocess.run([sys.executable, "-c", blocker, *args], capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert "pip install 'docgen[sign]'" in done.stderr and "Traceback" not in done.stderr
