"""Jobs for a batch: one per unit of the data set, with the hash of its inputs.

Output is laid out by province, district and unit, with file names that sort
and say what they are::

    16/cert-jpt-16.pdf                               the province
    16/cert-jpt-16-pao.pdf                           the provincial LAO (อบจ.)
    16/1601/cert-jpt-16-1601.pdf                     a district
    16/1601/cert-jpt-16-1601-160101-sao.pdf          an LAO of that district
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import docgen
from docgen.batch.run import Failure, Job


def _file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def _certificates(config: str, include_unverified: bool, overrides: str) -> dict:
    from docgen.config.certification import load_certification_isolated

    loaded, _ = load_certification_isolated(Path(config), include_unverified, json.loads(overrides) or None)
    return {cert.name: cert for cert in loaded}


def certificate(config: str, include_unverified: bool, overrides: str, name: str):
    """One certification, loaded where the job runs (a remote worker loads the
    config once, from the shared folder, and keeps it for the next jobs)."""
    return _certificates(config, include_unverified, overrides)[name]


def certification_jobs(config: Path, formats: tuple[str, ...], include_unverified: bool = False,
                       overrides: dict[str, Any] | None = None, pdf_variant: str | None = None,
                       signing=None) -> Iterator[Job | Failure]:
    """One job per certification in scope; first, one :class:`Failure` per unit left
    out for problems of its own (its data, its figures), so the others go on.  A
    problem of the config or of a whole file stops everything (``ConfigError``).
    A ``pdf_variant`` is part of each job's input hash: a unit rendered plain is
    rendered again as PDF/A.  With ``signing`` (a :class:`~docgen.signing.sign.Signing`)
    each PDF is signed; the certificate and options count as inputs, so signing
    anew renders anew."""
    from docgen.config.certification import load_certification_isolated

    certificates, rejected = load_certification_isolated(Path(config), include_unverified, overrides)
    for unit in rejected:
        first = unit.problems[0]
        reason = "; ".join(f"{p.file}:{p.line}:{p.column}: {p.message}" for p in unit.problems)
        yield Failure(unit.unit, first.field, reason)
    emblems: dict[Path, str] = {}
    source = {"config": str(Path(config).resolve()), "include_unverified": include_unverified,
              "overrides": json.dumps(overrides or {}, sort_keys=True, ensure_ascii=False)}
    for cert in certificates:
        unit = cert.unit
        province = unit.province.code
        district = unit.district.code if unit.district else None
        key = unit.key
        if unit.level in ("district", "province"):
            folder = key
        else:
            folder = f"{province}/{district}" if district else province
        if cert.emblem not in emblems:
            emblems[cert.emblem] = _file_hash(cert.emblem)
        inputs = f"docgen {docgen.__version__}\n{emblems[cert.emblem]}\n{formats}\n{cert!r}"
        if pdf_variant and "pdf" in formats:
            inputs += f"\n{pdf_variant}"
        if signing is not None:
            inputs += f"\nsigned {signing.identity()}"
        yield Job(
            unit=key,
            kind="certification",
            rel=f"{folder}/{cert.name}",
            formats=formats,
            input_hash=hashlib.sha256(inputs.encode("utf-8")).hexdigest(),
            payload=cert,
            status=unit.status,
            source={**source, "name": cert.name},
            pdf_variant=pdf_variant,
            sign=signing.describe() if signing is not None else None,
        )
