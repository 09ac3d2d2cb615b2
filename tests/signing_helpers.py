"""A throwaway certificate authority for the signing tests, made at run time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "ทดสอบ-passphrase"


@dataclass
class Pki:
    folder: Path
    ca: Path  # the CA certificate: trust anchor
    key: Path  # the signer's key, encrypted with PASSPHRASE
    plain_key: Path  # the same key, unencrypted
    cert: Path
    pkcs12: Path
    other_key: Path  # a key that is not the certificate's
    expired_cert: Path  # for the same key, expired
    tsa_cert: Path
    tsa_key: Path


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "จังหวัดลพบุรี (ทดสอบ)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject, key, issuer, issuer_key, *, ca=False, start=None, days=30, tsa=False):
    start = start or datetime.now(timezone.utc) - timedelta(days=1)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(start + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                              critical=False))
    usage = dict(digital_signature=not ca, content_commitment=not ca and not tsa, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                 encipher_only=False, decipher_only=False)
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key, passphrase: str | None = None) -> bytes:
    encryption = (serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
                  else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def make_pki(folder: Path, signer_cn: str = "นายสมชาย ใจดี") -> Pki:
    from cryptography.hazmat.primitives.serialization import pkcs12

    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("docgen test CA (throwaway)")
    ca = _cert(ca_name, ca_key, ca_name, ca_key, ca=True, days=365)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(_name(signer_cn), key, ca_name, ca_key)
    expired = _cert(_name(signer_cn), key, ca_name, ca_key,
                    start=datetime.now(timezone.utc) - timedelta(days=400), days=30)
    other = ec.generate_private_key(ec.SECP256R1())
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
    tsa = _cert(_name("docgen test TSA"), tsa_key, ca_name, ca_key, tsa=True)
    files = {
        "ca.pem": _pem(ca), "signer.key": _key_pem(key, PASSPHRASE), "signer-plain.key": _key_pem(key),
        "signer.pem": _pem(cert), "other.key": _key_pem(other), "expired.pem": _pem(expired),
        "tsa.pem": _pem(tsa), "tsa.key": _key_pem(tsa_key),
        "signer.p12": pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, [ca], serialization.BestAvailableEncryption(PASSPHRASE.encode())),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    f = folder
    return Pki(f, f / "ca.pem", f / "signer.key", f / "signer-plain.key", f / "signer.pem", f / "signer.p12",
               f / "other.key", f / "expired.pem", f / "tsa.pem", f / "tsa.key")
