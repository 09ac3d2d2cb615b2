"""docgen.safety: every payload of the attack corpus is refused with the
expected class (and so HTTP status), quickly; what is fine passes."""

import time
from pathlib import Path

import pytest

from docgen import safety
from tests.attacks.corpus import SAMPLE, docx_with, payloads, refusal, template_docx

PAYLOADS = payloads()


def test_corpus_covers_every_class():
    groups = {attack.group for attack in PAYLOADS.values()}
    assert len(PAYLOADS) >= 25
    assert groups >= {"injection", "traversal", "zip-bomb", "xml", "macro", "external", "yaml-bomb", "oversize",
                      "encoding"}


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_attack_refused(name):
    attack = PAYLOADS[name]
    started = time.monotonic()
    error = refusal(attack)
    assert isinstance(error, attack.refused_by), f"{name}: {error!r}"
    assert 400 <= error.status < 500 and str(error)
    assert time.monotonic() - started < 5


def test_sample_template_passes_every_check():
    data = SAMPLE.read_bytes()
    safety.check_docx(data)
    safety.check_template_source(data)


def test_web_hyperlinks_are_allowed():
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"'
            b' Target="https://www.cdd.go.th" TargetMode="External"/></Relationships>')
    safety.check_docx(docx_with({"word/_rels/footer9.xml.rels": rels}))


def test_harmless_template_text_passes():
    safety.check_template_source(template_docx("{{ subject|thai_digits }} {{ date|be_date }}"))


@pytest.mark.parametrize("name", ["หนังสือเวียน.docx", "office-letter.docx", "คำสั่ง 12-2562.pdf"])
def test_thai_names_allowed(name):
    assert safety.safe_name(name) == name


def test_name_suffix():
    with pytest.raises(safety.UnsafeName, match="must end with .docx"):
        safety.safe_name("letter.docm", (".docx",))


def test_payload_within_limits_loads():
    assert safety.load_payload("kind: letter\nsubject: ทดสอบ\n".encode())["subject"] == "ทดสอบ"


def _hog():
    blocks = []
    while True:
        blocks.append(bytearray(50 << 20))


def _spin():
    while True:
        pass


def _fails():
    raise ValueError("bad value")


def test_memory_hog_is_stopped():
    with pytest.raises(safety.LimitExceeded, match="memory"):
        safety.run_limited(_hog, (), timeout_s=30, memory_mb=200)


def test_infinite_loop_is_stopped():
    started = time.monotonic()
    with pytest.raises(safety.LimitExceeded, match="longer than 1 s"):
        safety.run_limited(_spin, (), timeout_s=1, memory_mb=200)
    assert time.monotonic() - started < 5


def test_errors_come_back_as_raised():
    with pytest.raises(ValueError, match="bad value"):
        safety.run_limited(_fails)


def test_config_errors_survive_the_process_boundary():
    from docgen.config.loader import ConfigError, load_yaml

    with pytest.raises(ConfigError) as info:
        safety.run_limited(load_yaml, (Path("no/such.yaml"),))
    assert info.value.problems[0].message == "file not found"


def test_a_render_loop_is_stopped_by_the_time_limit():
    from docgen.usertemplates.fill import fill

    data = template_docx("{% for a in range(9999) %}{% for b in range(9999) %}x{% endfor %}{% endfor %}")
    safety.check_template_source(data)  # within the static limits: the time limit stops it
    with pytest.raises(safety.LimitExceeded):
        safety.run_limited(fill, (data, {}, False), timeout_s=2, memory_mb=300)
