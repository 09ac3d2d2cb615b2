"""``signing.yaml``: who signs an organisation's documents, and how.

The file sits beside the documents' configs (``config/<office>/signing.yaml``)
and names files, never secrets: the passphrase of the key is read from the
environment variable ``passphrase_env`` names, or asked for at the terminal.
Paths are relative to the file::

    key: keys/deputy-governor.key        # PEM private key (encrypted: see passphrase_env)
    cert: keys/deputy-governor.pem       # its certificate
    chain: [keys/ca.pem]                 # CA certificates to embed (optional)
    # pkcs12: keys/deputy-governor.p12   # instead of key + cert + chain
    passphrase_env: LOPBURI_SIGN_PASSPHRASE
    visible: true                        # a box in the signature block's blank lines
    reason: อนุมัติ
    location: ศาลากลางจังหวัดลพบุรี
    # tsa: http://timestamp.example/     # RFC 3161 timestamps: PAdES B-T

>>> SigningProfile(key="a.key", cert="a.pem").visible
False
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from docgen.config.loader import ConfigError, load_yaml
from docgen.config.models import Strict
from docgen.signing.keys import DEFAULT_PASSPHRASE_ENV, KeyFiles
from docgen.signing.sign import SignOptions, Signing

FILE_NAME = "signing.yaml"
SECRETS = ("passphrase", "password", "pin", "secret")


class SigningProfile(Strict):
    key: str | None = None
    cert: str | None = None
    chain: list[str] = []
    pkcs12: str | None = None
    passphrase_env: str = Field(default=DEFAULT_PASSPHRASE_ENV, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    visible: bool = False
    reason: str | None = None
    location: str | None = None
    tsa: str | None = Field(default=None, pattern=r"^https?://")

    @model_validator(mode="before")
    @classmethod
    def _no_secrets(cls, data):
        if isinstance(data, dict):
            for key in data:
                if str(key).lower() in SECRETS:
                    raise ValueError(f"{key}: secrets do not belong in a file; name the environment variable "
                                     "that holds the passphrase in passphrase_env")
        return data


def find_profile(config: Path | None) -> Path | None:
    """The ``signing.yaml`` beside ``config`` (a file or folder), if there is one."""
    if config is None:
        return None
    folder = Path(config) if Path(config).is_dir() else Path(config).parent
    path = folder / FILE_NAME
    return path if path.is_file() else None


def load_profile(path: Path) -> Signing:
    """The :class:`Signing` a profile describes (its key not loaded yet); ``ConfigError`` if invalid."""
    document = load_yaml(path)
    if not isinstance(document.data, dict):
        raise ConfigError([document.problem((), "a signing profile is a mapping (key: ..., cert: ...)")])
    profile = document.validate(SigningProfile)
    folder = Path(path).parent

    def here(name: str | None) -> str | None:
        return str(folder / name) if name else None

    keys = KeyFiles(here(profile.key), here(profile.cert), tuple(here(c) for c in profile.chain),
                    here(profile.pkcs12), profile.passphrase_env)
    options = SignOptions(profile.visible, profile.reason, profile.location, profile.tsa)
    return Signing(keys, options)
