"""``docgen sign`` and ``docgen verify``; the ``--sign`` options of render, package and batch.

``docgen sign a.pdf --key k.pem --cert c.pem`` writes ``a-signed.pdf`` beside
``a.pdf`` (``--out DIR``: ``DIR/a.pdf``; ``--in-place``: replaces ``a.pdf``).
Exit status: 0 signed or valid, 1 a signature is invalid (verify) or a file
would be overwritten, 2 bad input (key, passphrase, certificate, PDF).

>>> signed_name(Path("out/circular.pdf"), None)
PosixPath('out/circular-signed.pdf')
>>> signed_name(Path("out/circular.pdf"), Path("signed"))
PosixPath('signed/circular.pdf')
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from docgen.signing.keys import DEFAULT_PASSPHRASE_ENV, KeyFiles, SigningError, needs_passphrase

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

SIGN = typer.Option(False, "--sign", help="Sign the PDF (PAdES): with --sign-key/--sign-cert, else as the "
                    "signing.yaml beside the config says (docs/signing.md). The DOCX is not signed.")
SIGN_KEY = typer.Option(None, "--sign-key", help="The signer's private key (PEM); implies --sign.")
SIGN_CERT = typer.Option(None, "--sign-cert", help="The signer's certificate (PEM); implies --sign.")


def _fail(message: str) -> typer.Exit:
    from rich.markup import escape

    err.print(f"[bold red]error[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(2)


def _ask_passphrase(signing) -> None:
    """Ask at the terminal when the key is protected and its variable is unset."""
    if signing.passphrase is None and needs_passphrase(signing.keys) and sys.stdin.isatty():
        signing.passphrase = typer.prompt("Passphrase of the signing key", hide_input=True).encode("utf-8")


def ready(signing):
    """Load the key now, so a wrong passphrase or certificate stops before anything is rendered."""
    _ask_passphrase(signing)
    try:
        credentials = signing.credentials
    except SigningError as error:
        raise _fail(f"{error}; nothing was written") from None
    err.print(f"  signing  as {credentials.common_name}, certificate valid until "
              f"{credentials.not_after:%Y-%m-%d}", soft_wrap=True)
    return signing


def require_pyhanko() -> None:
    """Exit 2 with a plain message when the ``sign`` extra is not installed."""
    try:
        import pyhanko  # noqa: F401
        import pyhanko_certvalidator  # noqa: F401
    except ImportError as error:
        raise _fail(f"signing needs pyHanko: pip install 'docgen[sign]' ({error})") from None


def signing_for(sign: bool, key: Optional[Path], cert: Optional[Path], config: Optional[Path], formats=("pdf",)):
    """The loaded :class:`~docgen.signing.sign.Signing` the ``--sign`` options ask for, or None."""
    if not (sign or key or cert):
        return None
    require_pyhanko()
    from docgen.signing.profile import find_profile, load_profile
    from docgen.signing.sign import Signing
    from docgen.config.loader import ConfigError

    if "pdf" not in formats:
        raise _fail("--sign signs the PDF: include pdf in --format")
    profile = find_profile(config)
    try:
        signing = load_profile(profile) if profile else None
    except ConfigError as error:
        raise _fail("\n".join(str(p) for p in error.problems)) from None
    if key or cert:
        base = signing.keys if signing and not signing.keys.pkcs12 else KeyFiles()
        keys = KeyFiles(str(key) if key else base.key, str(cert) if cert else base.cert, base.chain,
                        None, signing.keys.passphrase_env if signing else DEFAULT_PASSPHRASE_ENV)
        signing = Signing(keys, signing.options) if signing else Signing(keys)
    if signing is None:
        raise _fail("--sign needs --sign-key and --sign-cert, or a signing.yaml beside the config "
                    "(docs/signing.md)")
    return ready(signing)


def signed_name(pdf: Path, out_dir: Optional[Path]) -> Path:
    """Where ``docgen sign`` writes the signed copy of ``pdf``."""
    return out_dir / pdf.name if out_dir else pdf.with_name(f"{pdf.stem}-signed{pdf.suffix}")


def sign(
    pdfs: list[Path] = typer.Argument(..., help="The PDF file(s) to sign (or to check, with --verify)."),
    key: Optional[Path] = typer.Option(None, "--key", help="The signer's private key (PEM or DER)."),
    cert: Optional[Path] = typer.Option(None, "--cert", help="The signer's certificate."),
    chain: Optional[list[Path]] = typer.Option(None, "--chain", help="CA certificate(s) to embed; repeatable."),
    pkcs12: Optional[Path] = typer.Option(None, "--pkcs12", help="Key, certificate and chain in one .p12 file."),
    passphrase_env: str = typer.Option(DEFAULT_PASSPHRASE_ENV, "--passphrase-env",
                                       help="The environment variable holding the key's passphrase "
                                            "(unset: asked at the terminal)."),
    profile: Optional[Path] = typer.Option(None, "--profile", help="A signing.yaml to take all of these from."),
    visible: Optional[bool] = typer.Option(None, "--visible/--invisible",
                                           help="A box in the signature block's blank lines (default: invisible)."),
    page: Optional[int] = typer.Option(None, "--page", min=1, help="Page of the visible signature (default: last)."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Reason recorded in the signature."),
    location: Optional[str] = typer.Option(None, "--location", help="Place recorded in the signature."),
    tsa: Optional[str] = typer.Option(None, "--tsa", help="RFC 3161 timestamp URL: PAdES B-T instead of B-B."),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the signed files here, same names."),
    in_place: bool = typer.Option(False, "--in-place", help="Replace each input with its signed version."),
    force: bool = typer.Option(False, "--force", help="Replace existing output files whose content differs."),
    verify_only: bool = typer.Option(False, "--verify", help="Only check the signatures (as docgen verify)."),
    trust: Optional[list[Path]] = typer.Option(None, "--trust", help="With --verify: trusted CA certificate(s)."),
) -> None:
    """Sign PDF files: PAdES B-B (B-T with --tsa), by incremental update, the document unchanged."""
    require_pyhanko()
    if verify_only:
        return verify(pdfs, trust)
    from dataclasses import replace

    from docgen.output import WouldOverwrite, write_all
    from docgen.signing.profile import load_profile
    from docgen.signing.sign import SignOptions, Signing

    if in_place and out_dir:
        raise _fail("give --out or --in-place, not both")
    if profile:
        from docgen.config.loader import ConfigError

        try:
            signing = load_profile(profile)
        except ConfigError as error:
            raise _fail("\n".join(str(p) for p in error.problems)) from None
    else:
        signing = Signing(KeyFiles(str(key) if key else None, str(cert) if cert else None,
                                   tuple(str(c) for c in chain or ()), str(pkcs12) if pkcs12 else None,
                                   passphrase_env))
    given = {"visible": visible, "page": page, "reason": reason, "location": location, "tsa": tsa}
    signing.options = replace(signing.options or SignOptions(), **{k: v for k, v in given.items() if v is not None})
    targets = {pdf: pdf if in_place else signed_name(pdf, out_dir) for pdf in pdfs}
    if len({t.resolve() for t in targets.values()}) < len(targets):
        raise _fail("two inputs would be signed into the same file: sign them separately or into other folders")
    for pdf, target in targets.items():
        if not in_place and target.resolve() == pdf.resolve():
            raise _fail(f"{target} is the input itself: choose another --out, or say --in-place")
    ready(signing)
    files = {}
    for pdf, target in targets.items():
        try:
            files[target] = signing.sign(pdf.read_bytes())
        except OSError as error:
            raise _fail(f"cannot read {pdf}: {error.strerror}; nothing was written") from None
        except SigningError as error:
            raise _fail(f"{pdf}: {error}; nothing was written") from None
    try:
        status = write_all(files, overwrite=force or in_place)
    except WouldOverwrite as error:
        err.print(f"[bold red]refused[/] {error}")
        raise typer.Exit(1)
    profile_name = "PAdES B-T" if signing.options.tsa else "PAdES B-B"
    for target in files:
        out.print(f"{status[target]:>9}  {target} ({profile_name}"
                  f"{', visible' if signing.options.visible else ''})")


def verify(
    pdfs: list[Path] = typer.Argument(..., help="The signed PDF file(s)."),
    trust: Optional[list[Path]] = typer.Option(None, "--trust", help="Trusted CA certificate(s); repeatable."),
) -> None:
    """Check every signature of PDF files: intact, valid, trusted (--trust), covering the document.

    Exit status 1 when a file has no signature or a signature is not good."""
    require_pyhanko()
    from docgen.signing.verify import verify_pdf

    table = Table("file", "signature", "signer", "signed (UTC)", "profile", "covers", "result")
    bad = 0
    notes = []
    for pdf in pdfs:
        try:
            checks = verify_pdf(pdf.read_bytes(), trust or ())
        except OSError as error:
            raise _fail(f"cannot read {pdf}: {error.strerror}") from None
        except SigningError as error:
            raise _fail(f"{pdf}: {error}") from None
        if not checks:
            bad += 1
            table.add_row(pdf.name, "-", "-", "-", "-", "-", "[bold red]not signed[/]")
        for check in checks:
            bad += not check.ok
            when = f"{check.signed_at:%Y-%m-%d %H:%M}" if check.signed_at else "?"
            covers = "whole file" if check.coverage == "ENTIRE_FILE" else check.coverage.lower().replace("_", " ")
            table.add_row(pdf.name, check.field, check.signer, when, check.profile, covers,
                          "[green]valid[/]" if check.ok else "[bold red]INVALID[/]")
            notes += [f"{pdf}: {check.field}: {problem}" for problem in check.problems]
    out.print(table)
    for note in notes:
        err.print(f"[bold red]bad[/] {note}", soft_wrap=True)
    raise typer.Exit(1 if bad else 0)


def register(app: typer.Typer) -> None:
    app.command("sign")(sign)
    app.command("verify")(verify)
