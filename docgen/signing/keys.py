"""The signer's key and certificate: loaded once, checked before anything is signed.

A key pair is named by files: a PEM private key and its certificate (with
``chain`` certificates up to the CA), or one PKCS#12 file.  The passphrase is
never part of the description: it is read from the environment variable the
description names (``passphrase_env``), or given by the caller (a prompt).
Every problem is a :class:`SigningError` that says what to do:

>>> KeyFiles(key="k.pem").problem()
'a key needs its certificate (--cert, --sign-cert)'
>>> KeyFiles(pkcs12="id.p12").describe()["passphrase_env"]
'DOCGEN_SIGN_PASSPHRASE'
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_PASSPHRASE_ENV = "DOCGEN_SIGN_PASSPHRASE"


class SigningError(Exception):
    """The key, certificate or document cannot be signed with; the message says why."""


@dataclass(frozen=True)
class KeyFiles:
    """Where the signer's key material is (JSON-safe: batch workers get it as it is)."""

    key: str | None = None  # PEM (or DER) private key
    cert: str | None = None  # the signer's certificate
    chain: tuple[str, ...] = ()  # intermediate / CA certificates, embedded in the signature
    pkcs12: str | None = None  # key, certificate and chain in one file instead
    passphrase_env: str = DEFAULT_PASSPHRASE_ENV

    def problem(self) -> str | None:
        if self.pkcs12 and (self.key or self.cert):
            return "give either --pkcs12 or --key with --cert, not both"
        if self.pkcs12:
            return None
        if self.key and not self.cert:
            return "a key needs its certificate (--cert, --sign-cert)"
        if self.cert and not self.key:
            return "a certificate needs its private key (--key, --sign-key)"
        if not self.key:
            return "no signing key: give --key and --cert, or --pkcs12"
        return None

    def describe(self) -> dict:
        return {**asdict(self), "chain": list(self.chain)}

    @classmethod
    def from_dict(cls, data: dict) -> "KeyFiles":
        return cls(**{**data, "chain": tuple(data.get("chain") or ())})


@dataclass(frozen=True)
class Credentials:
    """A loaded key pair: pyHanko's signer and the certificate's facts."""

    signer: object = field(repr=False)  # pyhanko.sign.signers.SimpleSigner
    common_name: str
    fingerprint: str  # SHA-256 of the certificate, hex
    not_after: datetime


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise SigningError(f"cannot read the {what} {path}: {error.strerror or error}") from None


def _passphrase(files: KeyFiles, given: bytes | None) -> bytes | None:
    if given is not None:
        return given
    value = os.environ.get(files.passphrase_env)
    return value.encode("utf-8") if value else None


def _load_pem_key(files: KeyFiles, passphrase: bytes | None):
    from cryptography.hazmat.primitives import serialization

    data = _read(files.key, "private key")
    loader = serialization.load_pem_private_key if b"-----BEGIN" in data else serialization.load_der_private_key
    try:
        return loader(data, password=passphrase)
    except TypeError as error:
        if "not encrypted" in str(error):  # a passphrase for a plain key: not needed
            return loader(data, password=None)
        raise SigningError(f"the private key {files.key} is encrypted: set ${files.passphrase_env} "
                           "to its passphrase (or enter it when asked)") from None
    except ValueError as error:
        # A wrong passphrase mostly fails the decryption's padding check, but
        # about once in 256 it passes and yields bytes that are no key at all.
        encrypted = b"ENCRYPTED" in data[:200]  # PKCS#8 "ENCRYPTED PRIVATE KEY", or Proc-Type
        if passphrase is not None and (encrypted or "decrypt" in str(error).lower()
                                       or "password" in str(error).lower()):
            raise SigningError(f"wrong passphrase for the private key {files.key}") from None
        raise SigningError(f"{files.key} is not a private key this program can read ({error})") from None


def _load_certs(path: str, what: str) -> list:
    from cryptography import x509

    data = _read(path, what)
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as error:
        raise SigningError(f"{path} is not a certificate ({error})") from None


def _load_pkcs12(files: KeyFiles, passphrase: bytes | None):
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = _read(files.pkcs12, "PKCS#12 file")
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        if passphrase is None:
            raise SigningError(f"the PKCS#12 file {files.pkcs12} is protected: set ${files.passphrase_env} "
                               "to its passphrase (or enter it when asked)") from None
        raise SigningError(f"wrong passphrase for the PKCS#12 file {files.pkcs12} (or not a PKCS#12 file)") from None
    if key is None or cert is None:
        raise SigningError(f"the PKCS#12 file {files.pkcs12} holds no private key with its certificate")
    return key, cert, list(extra)


def _public_der(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def common_name(cert) -> str:
    """The CN of a ``cryptography`` certificate's subject, else the whole subject."""
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def check_certificate(cert, private_key, now: datetime, where: str) -> None:
    """The key belongs to the certificate, which is valid now and allows signing."""
    from cryptography import x509

    if _public_der(private_key.public_key()) != _public_der(cert.public_key()):
        raise SigningError(f"the private key does not belong to the certificate {where} "
                           f"({common_name(cert)}): check that --key and --cert are a pair")
    if now < cert.not_valid_before_utc:
        raise SigningError(f"the certificate {where} ({common_name(cert)}) is not valid before "
                           f"{cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC")
    if now > cert.not_valid_after_utc:
        raise SigningError(f"the certificate {where} ({common_name(cert)}) expired on "
                           f"{cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC")
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise SigningError(f"the certificate {where} ({common_name(cert)}) does not allow signing "
                           "(key usage has neither digitalSignature nor nonRepudiation)")


def load_credentials(files: KeyFiles, passphrase: bytes | None = None, now: datetime | None = None) -> Credentials:
    """Read and check the key pair ``files`` names; a :class:`SigningError` says what is wrong."""
    from cryptography.hazmat.primitives import hashes
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    problem = files.problem()
    if problem:
        raise SigningError(problem)
    secret = _passphrase(files, passphrase)
    if files.pkcs12:
        private_key, cert, extra = _load_pkcs12(files, secret)
        where = files.pkcs12
    else:
        private_key = _load_pem_key(files, secret)
        certs = _load_certs(files.cert, "certificate")
        cert, extra = certs[0], certs[1:]
        where = files.cert
    for path in files.chain:
        extra += _load_certs(path, "chain certificate")
    check_certificate(cert, private_key, now or datetime.now(timezone.utc), where)
    store = SimpleCertificateStore()
    store.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in extra])
    signer = SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        signing_key=translate_pyca_cryptography_key_to_asn1(private_key),
        cert_registry=store,
    )
    return Credentials(signer, common_name(cert), cert.fingerprint(hashes.SHA256()).hex(), cert.not_valid_after_utc)


def needs_passphrase(files: KeyFiles) -> bool:
    """Whether loading ``files`` needs a passphrase its environment variable does not give."""
    if os.environ.get(files.passphrase_env):
        return False
    if files.pkcs12:
        try:
            _load_pkcs12(files, None)
            return False
        except SigningError as error:
            return "is protected" in str(error)
    if files.key and Path(files.key).is_file():
        return b"ENCRYPTED" in Path(files.key).read_bytes()[:200]
    return False
