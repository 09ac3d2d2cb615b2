"""Checking the signatures of a PDF: intact, valid, trusted, covering the document.

A signature is good when its hash matches the bytes it covers (intact), the
signature over that hash verifies with the certificate's key (valid), the
certificate chains to a trusted CA (``trust``: the CA certificates the
caller names; no system store is consulted), it covers the whole file, or
its whole revision with only permitted changes after it (a later signature,
timestamps), and a timestamp, if any, is good too.

>>> Check("Signature1", "x", None, True, True, False, "ENTIRE_FILE", "/ETSI.CAdES.detached", False, None,
...       ["the signer's certificate is not trusted"]).ok
False
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from docgen.signing.keys import SigningError

PADES = "/ETSI.CAdES.detached"


@dataclass
class Check:
    field: str
    signer: str
    signed_at: datetime | None  # the signer's claim, or the timestamp's time
    intact: bool
    valid: bool
    trusted: bool
    coverage: str  # ENTIRE_FILE, ENTIRE_REVISION, ...
    subfilter: str
    timestamped: bool
    modification: str | None  # after signing: NONE, LTA_UPDATES, FORM_FILLING, ... OTHER
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def profile(self) -> str:
        if self.subfilter != PADES:
            return "CMS (not PAdES)"
        return "PAdES B-T" if self.timestamped else "PAdES B-B"


def _trust_roots(paths) -> list:
    from pyhanko.keys import load_certs_from_pemder

    try:
        return list(load_certs_from_pemder([str(p) for p in paths]))
    except (OSError, ValueError) as error:
        raise SigningError(f"cannot read the trusted certificate(s) {', '.join(map(str, paths))}: {error}") from None


def _common_name(cert) -> str:
    try:
        return cert.subject.native.get("common_name") or cert.subject.human_friendly
    except (AttributeError, ValueError):  # pragma: no cover - odd subjects
        return str(cert.subject.human_friendly)


def _indication(indic) -> str:
    """``AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND`` -> ``no certificate chain found``."""
    name = getattr(indic, "name", None) or str(indic)
    return name.replace("_", " ").lower()


def verify_pdf(pdf: bytes, trust=()) -> list[Check]:
    """One :class:`Check` per signature, in the order they were applied; a
    :class:`SigningError` for a file that is not a PDF pyHanko can read."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = _trust_roots(trust) if trust else []
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError) as error:
        raise SigningError(f"not a readable PDF: {error}") from None
    for name in ("pyhanko", "pyhanko_certvalidator"):  # a failed path is reported below, not logged
        logging.getLogger(name).setLevel(logging.CRITICAL)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
    checks = []
    for embedded in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(embedded, context, key_usage_settings=usage)
        except Exception as error:  # a signature too broken to evaluate is a bad signature
            checks.append(Check(embedded.field_name, "?", None, False, False, False, "UNCLEAR",
                                str(embedded.sig_object.get("/SubFilter", "?")), False, None,
                                [f"cannot be evaluated: {type(error).__name__}: {error}"]))
            continue
        stamp = status.timestamp_validity
        level = status.modification_level
        check = Check(
            field=embedded.field_name,
            signer=_common_name(status.signing_cert),
            signed_at=stamp.timestamp if stamp is not None else status.signer_reported_dt,
            intact=status.intact,
            valid=status.valid,
            trusted=status.trusted,
            coverage=status.coverage.name if status.coverage else "UNCLEAR",
            subfilter=str(embedded.sig_object.get("/SubFilter", "?")),
            timestamped=stamp is not None,
            modification=level.name if level is not None else None,
        )
        if not status.intact:
            check.problems.append("the document was changed after signing: its bytes no longer match the signature")
        elif not status.valid:
            check.problems.append("the signature does not verify with the signer's certificate")
        elif not status.trusted:
            check.problems.append("the signer's certificate is not trusted" +
                                  (" (name its CA with --trust CA.pem)" if not roots else
                                   f" by the given CA(s) ({_indication(status.trust_problem_indic)})"))
        if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
            check.problems.append("the signature does not cover its whole revision of the document")
        if stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
            check.problems.append("the signature's timestamp does not verify or is not trusted")
        if not check.problems and not status.bottom_line:
            check.problems.append(f"the document was changed after signing beyond what the signature allows "
                                  f"({check.modification or 'unknown changes'})")
        checks.append(check)
    return checks
