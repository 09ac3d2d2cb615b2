"""A SYNTHETIC national LAO data set, for benchmarks and scale tests.

:func:`generate` writes one YAML file per province, in the schema of
``config/data/lopburi.yaml`` (what ``docgen.config.certification.dataset.load_dataset``
reads), with districts (อำเภอ), tambons (ตำบล) and LAOs (องค์กรปกครองส่วนท้องถิ่น)
made up so that the number of LAOs is exactly the one asked for: one provincial
LAO (อบจ.) per province, the rest city / town / subdistrict municipalities and
SAOs in the proportions of the national count (DLA, 5 June 2020, in
``shared/data/national.yaml``: ทน. 30, ทม. 190, ทต. 2,242, อบต. 5,312).

Nothing in it is real, and it says so: every file starts with a comment saying
so and has ``synthetic: true`` at the top; every name contains สังเคราะห์
(จังหวัดสังเคราะห์ ๑๒, อำเภอสังเคราะห์ ๑๒๐๓, ตำบลสังเคราะห์ ๑๒๐๓๐๑,
องค์การบริหารส่วนตำบลสังเคราะห์ ๑๒๐๓๐๑) and every LAO has ``source: synthetic``.
Codes follow the DOPA pattern (province ``12``, district ``1203``, tambon
``120301``) but are made up and may coincide with real ones, so do not mix these
files with real data in one certification config.

The same arguments give byte-identical files (a seeded generator, no dates).

>>> import tempfile
>>> from docgen.config.certification.dataset import load_dataset_file
>>> with tempfile.TemporaryDirectory() as tmp:
...     files = generate(40, tmp, provinces=3)
...     names = [f.name for f in files]
...     data = [load_dataset_file(f) for f in files]
>>> names
['synthetic-11.yaml', 'synthetic-12.yaml', 'synthetic-13.yaml']
>>> sum(len(p.laos) for p in data)
40
>>> data[0].laos[0].name
'องค์การบริหารส่วนจังหวัดสังเคราะห์ ๑๑'
>>> data[0].laos[1].code, data[0].laos[1].name
('110101-tt', 'เทศบาลตำบลสังเคราะห์ ๑๑๐๑๐๑')
"""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path
from typing import Literal

# The national figures the data set is modelled on (shared/data/national.yaml):
# provinces without Bangkok (dopa_pab), amphoe (878, dopa_pab), tambons (7,255,
# dopa_pab) and LAOs by type (dla_2020; its 2 "special" LAOs, Bangkok and Pattaya,
# have no type in the data schema and are left out of the proportions).
NATIONAL: dict[str, int] = {
    "provinces": 76,
    "amphoe": 878,
    "tambon": 7255,
    "pao": 76,
    "city_municipality": 30,
    "town_municipality": 190,
    "subdistrict_municipality": 2242,
    "sao": 5312,
    "laos": 7852,  # the DLA total, special LAOs included: generate()'s default
}

# LAO statuses of config/data/lopburi.yaml, by type ("like-lopburi"): the 99
# inferred entries are all SAOs made up from tambon names.  Lopburi has no
# city municipality; one is treated like a town municipality.
LOPBURI_STATUSES: dict[str, dict[str, int]] = {
    "pao": {"verified": 1},
    "city_municipality": {"verified": 3},
    "town_municipality": {"verified": 3},
    "subdistrict_municipality": {"verified": 7, "probable": 4},
    "sao": {"verified": 12, "probable": 3, "inferred": 99},
}

# type -> (name prefix, short prefix); the order municipalities come in a tambon
TYPES: dict[str, tuple[str, str]] = {
    "pao": ("องค์การบริหารส่วนจังหวัด", "อบจ."),
    "city_municipality": ("เทศบาลนคร", "ทน."),
    "town_municipality": ("เทศบาลเมือง", "ทม."),
    "subdistrict_municipality": ("เทศบาลตำบล", "ทต."),
    "sao": ("องค์การบริหารส่วนตำบล", "อบต."),
}
DISTRICT_TYPES = ("city_municipality", "town_municipality", "subdistrict_municipality", "sao")
MUNICIPALITIES = ("city_municipality", "town_municipality", "subdistrict_municipality")
WORD = "สังเคราะห์"  # "synthetic"
SOURCE = "synthetic"
MAX_PROVINCES = 81  # codes 11..99 without 20, 30, ...: two digits each
MAX_PER_DISTRICT = 50  # LAOs a district is given at most, on average (codes allow 99 tambons)
_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def generate(laos: int = NATIONAL["laos"], out: Path | str | None = None, seed: int = 2562, *,
             statuses: Literal["verified", "like-lopburi"] = "verified", provinces: int | None = None,
             national: Path | str | None = None) -> list[Path]:
    """Write a synthetic data set of exactly ``laos`` LAOs to the folder ``out``
    (created if need be), one file ``synthetic-<province code>.yaml`` per province;
    return the files' paths in province order.  Other files in ``out`` are left alone.

    ``statuses``: ``"verified"`` (every LAO) or ``"like-lopburi"`` (each type's
    verified / probable / inferred shares in config/data/lopburi.yaml).
    ``provinces``: how many (default: the national count, 76; never more than ``laos``,
    as each has its อบจ.).  ``national``: a national.yaml to take the counts from
    instead of :data:`NATIONAL`.
    """
    if out is None:
        raise TypeError("generate() needs out: the folder to write the files to")
    if isinstance(laos, bool) or not isinstance(laos, int) or laos < 1:
        raise ValueError(f"laos must be a whole number of at least 1, not {laos!r}")
    if statuses not in ("verified", "like-lopburi"):
        raise ValueError(f"statuses must be 'verified' or 'like-lopburi', not {statuses!r}")
    counts = national_counts(Path(national)) if national is not None else NATIONAL
    n_provinces = min(counts["provinces"] if provinces is None else provinces, laos)
    if not 1 <= n_provinces <= MAX_PROVINCES:
        raise ValueError(f"provinces must be from 1 to {MAX_PROVINCES}, not {n_provinces}")
    rng = random.Random(seed)
    codes = [c for c in range(11, 100) if c % 10][:n_provinces]

    # The LAOs below the province, by type, shuffled, then cut into provinces of
    # different sizes (log-normal weights: the largest about ten times the smallest).
    others = laos - n_provinces
    by_type = apportion(others, [counts[t] for t in DISTRICT_TYPES])
    pool = [t for t, n in zip(DISTRICT_TYPES, by_type) for _ in range(n)]
    rng.shuffle(pool)
    sizes = apportion(others, [rng.lognormvariate(0.0, 0.5) for _ in codes])

    # Municipalities with a tambon of their own; the others lie in a tambon that
    # also has an SAO (nationally 7,255 tambons for 5,312 SAOs and 2,462 municipalities).
    municipalities = sum(counts[t] for t in MUNICIPALITIES)
    own_share = min(1.0, max(0.0, (counts["tambon"] - counts["sao"]) / municipalities)) if municipalities else 1.0
    district_share = counts["amphoe"] / sum(counts[t] for t in DISTRICT_TYPES)

    plan: list[tuple[str, list[list[str]]]] = []  # (province code, each district's LAO types)
    start = 0
    districts_total = max(n_provinces, round(others * district_share))
    district_counts = apportion(districts_total, sizes if others else [1] * n_provinces)
    for code, size, n_districts in zip(codes, sizes, district_counts):
        types = pool[start:start + size]
        start += size
        n_districts = min(max(1, n_districts, math.ceil(size / MAX_PER_DISTRICT)), max(1, size))
        if n_districts > 99:
            raise ValueError(f"{laos} LAOs are too many: province {code} would need {n_districts} districts (max 99)")
        per_district = [1 + n for n in apportion(size - n_districts, [rng.uniform(0.7, 1.3) for _ in
                                                                     range(n_districts)])] if size else [0]
        districts, at = [], 0
        for n in per_district:
            districts.append(types[at:at + n])
            at += n
        plan.append((f"{code:02d}", districts))

    # Statuses: exact shares per type over the whole data set, at random places.
    status_of = {t: iter(labels) for t, labels in _statuses(pool, n_provinces, statuses, rng).items()}
    shared_budget = _shared_budget(pool, own_share, rng)

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    municipalities_seen = [0]  # municipalities written so far (for shared_budget)
    for number, (code, districts) in enumerate(plan, start=1):
        text = _province_file(code, districts, number, len(plan), laos, seed, statuses, status_of,
                              shared_budget, municipalities_seen)
        path = folder / f"synthetic-{code}.yaml"
        path.write_bytes(text.encode("utf-8"))
        files.append(path)
    return files


def apportion(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders; ties to the first).

    >>> apportion(10, [1, 1, 1])
    [4, 3, 3]
    >>> apportion(224, [30, 190, 2242, 5312])
    [1, 5, 65, 153]
    """
    if not weights:
        return []
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights) if total <= 0 else apportion(total, [1.0] * len(weights))
    exact = [total * w / whole for w in weights]
    shares = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:total - sum(shares)]:
        shares[i] += 1
    return shares


def national_counts(path: Path) -> dict[str, int]:
    """The counts :func:`generate` needs, from a national.yaml (shared/data/): provinces
    and amphoe without Bangkok, tambons, and LAOs by type from the first figure with a total."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    provinces = next(f for f in data["provinces"] if not f.get("includes_bangkok"))
    amphoe = next(f for f in data["amphoe"] if not f.get("includes_bangkok_khet"))
    lao = next(f for f in data["local_administrative_organisations"] if "total" in f)
    counts = {"provinces": int(provinces["value"]), "amphoe": int(amphoe["value"]),
              "tambon": int(data["tambon"][0]["value"]), "laos": int(lao["total"])}
    for lao_type in TYPES:
        counts[lao_type] = int(lao[lao_type])
    return counts


def _statuses(pool: list[str], n_provinces: int, mode: str, rng: random.Random) -> dict[str, list[str]]:
    """For each type, the statuses of its LAOs in the order they are written: every one
    verified, or each type's Lopburi shares exactly (largest remainders), at random places."""
    counts = Counter(pool)
    counts["pao"] = n_provinces
    result: dict[str, list[str]] = {}
    for lao_type in TYPES:
        if mode == "verified":
            result[lao_type] = ["verified"] * counts[lao_type]
            continue
        shares = LOPBURI_STATUSES[lao_type]
        labels = [s for s, n in zip(shares, apportion(counts[lao_type], list(shares.values()))) for _ in range(n)]
        rng.shuffle(labels)
        result[lao_type] = labels
    return result


def _shared_budget(pool: list[str], own_share: float, rng: random.Random) -> set[int]:
    """Which municipalities (by their place among all municipalities) share a tambon with an SAO."""
    n = sum(1 for t in pool if t != "sao")
    shared = n - round(n * own_share)
    return set(rng.sample(range(n), shared)) if shared > 0 else set()


def _th(code: str) -> str:
    return f"{WORD} {code.translate(_THAI)}"


def _province_file(code: str, districts: list[list[str]], number: int, of: int, laos: int, seed: int,
                   statuses: str, status_of: dict, shared: set[int], seen: list[int]) -> str:
    name = _th(code)
    entries: list[tuple[str, str, list[int], str]] = []  # (district, type, tambons, status) for the summary
    body: list[str] = []
    pao_status = next(status_of["pao"])
    entries.append(("", "pao", [], pao_status))
    municipality_index = seen[0]  # a running count over all provinces
    for d_index, types in enumerate(districts, start=1):
        district = f"{code}{d_index:02d}"
        # Every SAO and every municipality with a tambon of its own gets the next tambon;
        # a municipality that shares goes into an SAO's tambon that no municipality shares yet.
        placed: list[tuple[str, list[int]]] = []
        tambon = 0
        sao_tambons: list[int] = []
        sharing: list[int] = []
        for lao_type in types:
            if lao_type == "sao":
                tambon += 1
                sao_tambons.append(tambon)
                placed.append((lao_type, [tambon]))
                continue
            municipality_index += 1
            if municipality_index - 1 in shared:
                sharing.append(len(placed))
                placed.append((lao_type, []))
            else:
                tambon += 1
                placed.append((lao_type, [tambon]))
        free = iter(sao_tambons)
        for i in sharing:
            host = next(free, None)
            if host is None:
                tambon += 1
                host = tambon
            placed[i] = (placed[i][0], [host])
        n_tambons = max(1, tambon)
        if n_tambons > 99:
            raise ValueError(f"district {district} would need {n_tambons} tambons (max 99): too many LAOs")
        for i, (lao_type, where) in enumerate(placed):  # towns and cities reach into the next tambon
            if lao_type in ("city_municipality", "town_municipality") and n_tambons > 1:
                placed[i] = (lao_type, where + [where[0] % n_tambons + 1])
        rank = {t: r for r, t in enumerate(DISTRICT_TYPES)}
        placed.sort(key=lambda p: (p[1][0], rank[p[0]]))
        body.append(f"- code: '{district}'\n  name_th: {_th(district)}\n  full_name_th: อำเภอ{_th(district)}\n"
                    f"  tambons:\n")
        body.extend(f"  - {{code: '{district}{t:02d}', name_th: {_th(f'{district}{t:02d}')}}}\n"
                    for t in range(1, n_tambons + 1))
        if not placed:
            body.append("  laos: []\n")
            continue
        body.append("  laos:\n")
        for lao_type, where in placed:
            first = f"{district}{where[0]:02d}"
            prefix, short = TYPES[lao_type]
            status = next(status_of[lao_type])
            tambons = ", ".join(f"'{district}{t:02d}'" for t in where)
            entries.append((district, lao_type, where, status))
            body.append(f"  - type: {lao_type}\n    name_th: {prefix}{_th(first)}\n    short: {short}{_th(first)}\n"
                        f"    district: '{district}'\n    tambons: [{tambons}]\n    status: {status}\n"
                        f"    source: {SOURCE}\n")
    seen[0] = municipality_index

    by_type = Counter(t for _, t, _, _ in entries)
    by_status = Counter(s for _, _, _, s in entries)
    summary = ", ".join([f"total: {len(entries)}"] + [f"{t}: {by_type[t]}" for t in TYPES if by_type[t]]
                        + [f"{s}: {by_status[s]}" for s in ("verified", "probable", "inferred") if by_status[s]])
    head = (
        f"# SYNTHETIC DATA: NOT REAL UNITS. Made by docgen.synth for benchmarks and scale tests.\n"
        f"# Province {number} of {of} of generate(laos={laos}, seed={seed}, statuses={statuses!r}).\n"
        f"# Every name contains {WORD} (synthetic) and every LAO has source: {SOURCE}. Codes follow the\n"
        f"# DOPA pattern (province > district > tambon) but are made up and may equal real codes:\n"
        f"# never mix these files with real data. Schema: that of config/data/lopburi.yaml.\n"
        f"synthetic: true\n"
        f"lao_summary_in_this_file: {{{summary}}}\n"
        f"province:\n  code: '{code}'\n  name_th: {name}\n  full_name_th: จังหวัด{name}\n"
        f"  provincial_hall:\n    name_th: ศาลากลางจังหวัด{name}\n"
        f"provincial_lao:\n  type: pao\n  name_th: องค์การบริหารส่วนจังหวัด{name}\n  short: อบจ.{name}\n"
        f"  status: {pao_status}\n  source: {SOURCE}\n"
        f"districts:\n"
    )
    return head + "".join(body)


__all__ = ["NATIONAL", "LOPBURI_STATUSES", "apportion", "generate", "national_counts"]
