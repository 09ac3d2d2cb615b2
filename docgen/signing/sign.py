"""Signing a PDF: PAdES (ETSI.CAdES.detached) by incremental update.

The signed file is the unsigned file, byte for byte, followed by one
incremental update that adds the signature field (visible or not) and the
signature.  Nothing in the original revision changes, and the update leaves
the document information and XMP metadata alone, so a PDF/A-3b file stays
PDF/A-3b and the text a reader extracts is the same.

Without a timestamp authority the signature is PAdES B-B (the signing time
is the signer's claim); with ``tsa`` (a RFC 3161 URL) it is B-T.

>>> SignOptions(visible=True).describe()
{'visible': True, 'reason': None, 'location': None, 'tsa': None, 'page': None, 'which': 0}
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from docgen.signing.keys import Credentials, KeyFiles, SigningError, load_credentials

FIELD_PREFIX = "Signature"


@dataclass(frozen=True)
class SignOptions:
    visible: bool = False  # a box with a Thai note in the signature block's blank lines
    reason: str | None = None  # e.g. "อนุมัติ"
    location: str | None = None  # e.g. "ศาลากลางจังหวัดลพบุรี"
    tsa: str | None = None  # RFC 3161 timestamp URL: PAdES B-T
    page: int | None = None  # 1-based page of the visible signature (default: the last)
    which: int = 0  # the name line of that page to sign over (0: the first, the signer)

    def describe(self) -> dict:
        return asdict(self)


@dataclass
class Signing:
    """A key pair and how to sign with it; the key is loaded once, on first use.

    JSON-safe apart from the loaded credentials and an explicit passphrase,
    neither of which :meth:`describe` includes.
    """

    keys: KeyFiles
    options: SignOptions = SignOptions()
    passphrase: bytes | None = field(default=None, repr=False)
    timestamper: object | None = field(default=None, repr=False)  # overrides options.tsa (tests)
    _credentials: Credentials | None = field(default=None, repr=False)

    def describe(self) -> dict:
        return {"keys": self.keys.describe(), "options": self.options.describe()}

    @classmethod
    def from_description(cls, data: dict, passphrase: bytes | None = None) -> "Signing":
        return cls(KeyFiles.from_dict(data["keys"]), SignOptions(**data["options"]), passphrase)

    def secret(self) -> bytes | None:
        """The passphrase: given, else from its environment variable (for workers started later)."""
        import os

        value = os.environ.get(self.keys.passphrase_env)
        return self.passphrase if self.passphrase is not None else (value.encode("utf-8") if value else None)

    @property
    def credentials(self) -> Credentials:
        if self._credentials is None:
            self._credentials = load_credentials(self.keys, self.secret())
        return self._credentials

    def identity(self) -> str:
        """What a signed output depends on besides its document: the certificate and options."""
        return f"{self.credentials.fingerprint} {sorted(self.options.describe().items())}"

    def sign(self, pdf: bytes, page: int | None = None) -> bytes:
        """``pdf`` signed; ``page`` (0-based) overrides the visible signature's page."""
        return sign_pdf(pdf, self.credentials, self.options, page, self.timestamper)


def _field_name(reader) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, *_ in enumerate_sig_fields(reader)}
    number = 1
    while f"{FIELD_PREFIX}{number}" in taken:
        number += 1
    return f"{FIELD_PREFIX}{number}"


def sign_pdf(pdf: bytes, credentials: Credentials, options: SignOptions = SignOptions(),
             page: int | None = None, timestamper=None) -> bytes:
    """Sign ``pdf`` with ``credentials``: one incremental update appended."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers

    from docgen.signing.appearance import stamp_style, stamp_text
    from docgen.signing.placement import signature_box

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError) as error:
        raise SigningError(f"not a PDF that can be signed: {error}") from None
    if writer.prev.encrypted:
        raise SigningError("the PDF is encrypted; sign it before encrypting")
    # pyHanko would append its name to the Info /Producer, set a new /ModDate and rewrite the
    # XMP packet, and the two would then disagree, which PDF/A forbids.  The metadata stays as
    # rendered: it describes the document, which signing does not change.
    writer._update_meta = lambda: None
    name = _field_name(writer.prev)
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=options.reason,
        location=options.location,
        name=credentials.common_name,
    )
    if options.visible:
        wanted = page if page is not None else (options.page - 1 if options.page else -1)
        on_page, box = signature_box(pdf, wanted, options.which)
        spec = fields.SigFieldSpec(name, on_page=on_page, box=box)
        style = stamp_style()
    else:
        spec, style = fields.SigFieldSpec(name), None
    if timestamper is None and options.tsa:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(options.tsa, timeout=30)
    signer = signers.PdfSigner(meta, signer=credentials.signer, timestamper=timestamper,
                               stamp_style=style, new_field_spec=spec)
    text = {"docgen_text": stamp_text(credentials.common_name, datetime.now(timezone.utc))}
    try:
        out = signer.sign_pdf(writer, appearance_text_params=text if options.visible else None)
    except SigningError:
        raise
    except Exception as error:  # pyHanko's and the timestamp server's errors, said plainly
        raise SigningError(f"signing failed: {type(error).__name__}: {error}") from None
    return out.getvalue()
