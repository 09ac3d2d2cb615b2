"""The synthetic national data set (docgen.synth): exact counts, valid for the
certification loader, marked synthetic, deterministic, and usable by a
certification config; the full national size (7,852 LAOs) once."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SHARED
from docgen.builders.certification import documents
from docgen.config.certification.dataset import DataSet, load_dataset_file
from docgen.config.loader import ConfigError
from docgen.kinds import Options
from docgen.synth import LOPBURI_STATUSES, NATIONAL, apportion, generate, national_counts

SMALL = 300
WORD = "สังเคราะห์"
DISTRICT_TYPES = ("city_municipality", "town_municipality", "subdistrict_municipality", "sao")
ABBREVIATION = {"pao": "pao", "city_municipality": "tn", "town_municipality": "tm",
                "subdistrict_municipality": "tt", "sao": "sao"}
PREFIX = {"pao": "องค์การบริหารส่วนจังหวัด", "city_municipality": "เทศบาลนคร", "town_municipality": "เทศบาลเมือง",
          "subdistrict_municipality": "เทศบาลตำบล", "sao": "องค์การบริหารส่วนตำบล"}
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _raw(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=LOADER)


def _raw_laos(data: dict) -> list[dict]:
    return [data["provincial_lao"]] + [lao for d in data["districts"] for lao in d["laos"]]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> list[Path]:
    return generate(SMALL, tmp_path_factory.mktemp("synth-small"))


@pytest.fixture(scope="module")
def like_lopburi(tmp_path_factory) -> list[Path]:
    return generate(SMALL, tmp_path_factory.mktemp("synth-lopburi"), statuses="like-lopburi")


# ---------------------------------------------------------------- counts and validity

def test_small_loads_through_the_certification_loader_with_exact_count(small):
    assert len(small) == NATIONAL["provinces"] == 76
    units = [load_dataset_file(path) for path in small]  # raises ConfigError on any problem
    assert sum(len(u.laos) for u in units) == SMALL
    assert [u.province.code for u in units] == sorted({u.province.code for u in units})
    # one อบจ. per province, first; the rest in the national proportions (DLA 2020)
    for u in units:
        assert u.laos[0].type == "pao" and u.laos[0].district is None
        assert all(lao.type != "pao" for lao in u.laos[1:])
    types = Counter(lao.type for u in units for lao in u.laos)
    expected = apportion(SMALL - 76, [NATIONAL[t] for t in DISTRICT_TYPES])
    assert types == Counter({"pao": 76, **{ABBREVIATION[t]: n for t, n in zip(DISTRICT_TYPES, expected) if n}})
    assert {lao.status for u in units for lao in u.laos} == {"verified"}


def test_codes_are_unique_and_nest(small):
    lao_codes, district_codes, tambon_codes = [], [], []
    for path in small:
        data = _raw(path)
        DataSet.model_validate(data)
        province = data["province"]["code"]
        assert len(province) == 2 and province.isdigit()
        for district in data["districts"]:
            district_codes.append(district["code"])
            assert district["code"].startswith(province) and len(district["code"]) == 4
            tambons = [t["code"] for t in district["tambons"]]
            tambon_codes += tambons
            assert all(t.startswith(district["code"]) and len(t) == 6 for t in tambons)
            for lao in district["laos"]:
                assert lao["district"] == district["code"]
                assert lao["tambons"] and set(lao["tambons"]) <= set(tambons)
        lao_codes += [lao.code for lao in load_dataset_file(path).laos]
    assert len(lao_codes) == len(set(lao_codes)) == SMALL
    assert len(district_codes) == len(set(district_codes))
    assert len(tambon_codes) == len(set(tambon_codes))


def test_everything_is_marked_synthetic(small):
    for path in small:
        text = path.read_text("utf-8")
        assert text.startswith("# SYNTHETIC DATA: NOT REAL UNITS.")
        data = _raw(path)
        assert data["synthetic"] is True
        province = data["province"]
        assert WORD in province["name_th"] and province["full_name_th"] == f"จังหวัด{province['name_th']}"
        for district in data["districts"]:
            assert WORD in district["name_th"] and district["full_name_th"].startswith(f"อำเภอ{WORD}")
            assert all(t["name_th"].startswith(WORD) for t in district["tambons"])
        for lao in _raw_laos(data):
            assert lao["source"] == "synthetic"
            assert lao["name_th"] == PREFIX[lao["type"]] + lao["short"].split(".", 1)[1]
            assert lao["name_th"].startswith(PREFIX[lao["type"]] + WORD)
        summary = data["lao_summary_in_this_file"]
        assert summary["total"] == len(_raw_laos(data))


def test_lao_names_follow_their_first_tambon(small):
    unit = next(lao for path in small for lao in load_dataset_file(path).laos if lao.type == "sao")
    code = unit.tambons[0][0]
    assert unit.code == f"{code}-sao"
    assert unit.name == f"องค์การบริหารส่วนตำบลสังเคราะห์ {code.translate(str.maketrans('0123456789', '๐๑๒๓๔๕๖๗๘๙'))}"
    assert unit.head == "นายก" + unit.name


def test_deterministic(tmp_path, small):
    again = generate(SMALL, tmp_path / "again")
    assert [p.name for p in again] == [p.name for p in small]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(again, small))
    other = generate(SMALL, tmp_path / "other", seed=1)
    assert any(a.read_bytes() != b.read_bytes() for a, b in zip(other, small))
    assert sum(len(_raw_laos(_raw(p))) for p in other) == SMALL


def test_like_lopburi_statuses(like_lopburi):
    laos = [lao for path in like_lopburi for lao in load_dataset_file(path).laos]
    assert len(laos) == SMALL
    by_type: dict[str, Counter] = {}
    for lao in laos:
        by_type.setdefault(lao.type, Counter())[lao.status] += 1
    abbreviation = {v: k for k, v in ABBREVIATION.items()}
    for short, statuses in by_type.items():
        shares = LOPBURI_STATUSES[abbreviation[short]]
        total = sum(statuses.values())
        assert statuses == Counter({s: n for s, n in zip(shares, apportion(total, list(shares.values()))) if n})
    assert by_type["pao"] == Counter(verified=76)
    assert {lao.type for lao in laos if lao.status == "inferred"} == {"sao"}


def test_small_and_odd_sizes(tmp_path):
    assert len(generate(1, tmp_path / "one")) == 1
    files = generate(80, tmp_path / "eighty")  # most districts have no LAO below the อบจ.
    assert sum(len(load_dataset_file(p).laos) for p in files) == 80
    files = generate(60, tmp_path / "few", provinces=2, statuses="like-lopburi")
    assert [p.name for p in files] == ["synthetic-11.yaml", "synthetic-12.yaml"]
    assert sum(len(load_dataset_file(p).laos) for p in files) == 60


@pytest.mark.parametrize("kwargs", [{"laos": 0}, {"laos": -5}, {"laos": 1.5}, {"statuses": "all"},
                                    {"provinces": 0}, {"provinces": 82}, {"laos": 1_000_000}])
def test_bad_arguments(tmp_path, kwargs):
    with pytest.raises(ValueError):
        generate(**{"laos": 100, "out": tmp_path, **kwargs})


def test_out_is_required():
    with pytest.raises(TypeError):
        generate(10)


# ---------------------------------------------------------------- the numbers it is modelled on

def test_national_figures_match_the_shared_data():
    path = SHARED / "data" / "national.yaml"
    assert path.is_file(), "../shared/data/national.yaml is part of the project's shared material"
    assert national_counts(path) == NATIONAL


def test_national_file_option_gives_the_same_files(tmp_path, small):
    path = SHARED / "data" / "national.yaml"
    assert path.is_file(), "../shared/data/national.yaml is part of the project's shared material"
    files = generate(SMALL, tmp_path, national=path)
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(files, small))


def test_lopburi_status_shares_match_the_data():
    data = _raw(REPO / "config" / "data" / "lopburi.yaml")
    found: dict[str, Counter] = {}
    for lao in _raw_laos(data):
        found.setdefault(lao["type"], Counter())[lao["status"]] += 1
    expected = {t: Counter(s) for t, s in LOPBURI_STATUSES.items() if t != "city_municipality"}
    assert found == expected
    assert LOPBURI_STATUSES["city_municipality"] == LOPBURI_STATUSES["town_municipality"]


# ---------------------------------------------------------------- a certification config over it

def _config(folder: Path, files: list[Path]) -> Path:
    (folder / "figures.csv").write_text("unit,households_target,households_surveyed\n", encoding="utf-8")
    data = "\n".join(f"  - {p}" for p in files)  # absolute paths: the files are in another tmp folder
    config = folder / "certification-lao.yaml"
    config.write_text(
        "kind: certification\n"
        "scope: lao\n"
        f"data:\n{data}\n"
        "figures: figures.csv\n"
        "default_figures: {households_target: 120, households_surveyed: 118}\n"
        "year: 2562\n"
        "date: 2019-02-22\n"
        "signer:\n"
        '  position: "{{ unit.head }}"\n'
        "countersigner:\n"
        '  position: "{{ unit.cdd_officer }}"\n',
        encoding="utf-8",
    )
    return config


def test_certification_config_builds_every_lao(tmp_path, small):
    folder = tmp_path / "config"
    folder.mkdir()
    named = documents(_config(folder, small))
    assert len(named) == SMALL
    assert len({name for name, _ in named}) == SMALL
    expected = {f"cert-jpt-{u.path}" for p in small for u in load_dataset_file(p).laos}
    assert {name for name, _ in named} == expected
    name, doc = next((n, d) for n, d in named if n.endswith("-sao"))
    assert doc.kind == "certification" and doc.meta["status"] == "verified"
    assert "สังเคราะห์" in doc.title


def test_certification_config_like_lopburi_skips_inferred(tmp_path, like_lopburi):
    folder = tmp_path / "config"
    folder.mkdir()
    config = _config(folder, like_lopburi)
    laos = [lao for p in like_lopburi for lao in load_dataset_file(p).laos]
    inferred = sum(lao.status == "inferred" for lao in laos)
    assert 0 < inferred < SMALL
    assert len(documents(config)) == SMALL - inferred
    assert len(documents(config, Options(include_unverified=True))) == SMALL


def test_mixing_with_lopburi_is_refused(tmp_path, small):
    """Synthetic province 16 has Lopburi's code: one config cannot name both."""
    folder = tmp_path / "config"
    folder.mkdir()
    config = _config(folder, small)
    text = config.read_text("utf-8").replace("data:\n", f"data:\n  - {REPO / 'config' / 'data' / 'lopburi.yaml'}\n")
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="province 16 is also in"):
        documents(config)


# ---------------------------------------------------------------- national size

def test_full_national_size(tmp_path):
    start = time.perf_counter()
    files = generate(out=tmp_path)
    elapsed = time.perf_counter() - start
    print(f"\ngenerate(7852): {elapsed:.3f} s, {len(files)} files, "
          f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB")
    assert len(files) == 76
    # The certification module's own checks, through docgen's own file loader.
    raw = [_raw(p) for p in files]
    units = [load_dataset_file(p) for p in files]
    laos = [lao for u in units for lao in u.laos]
    assert len(laos) == 7852
    assert len({lao.code for lao in laos}) == 7852
    assert Counter(lao.type for lao in laos) == Counter(pao=76, tn=30, tm=190, tt=2243, sao=5313)
    assert sum(len(u.districts) for u in units) == NATIONAL["amphoe"]
    tambons = sum(len(d["tambons"]) for data in raw for d in data["districts"])
    assert abs(tambons - NATIONAL["tambon"]) < 20
