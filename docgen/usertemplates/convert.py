"""PDF from DOCX through LibreOffice: a small pool of long-lived converters.

Each converter is one headless ``soffice`` with its own profile
(``-env:UserInstallation``), kept running and fed documents over UNO by
:mod:`docgen.usertemplates.uno_worker` (run under a Python that has ``uno``:
Debian's python3-uno).  Without ``uno``, each converter runs
``soffice --convert-to pdf`` per document with its own kept profile (slower:
LibreOffice starts every time).  Without LibreOffice, :class:`NoLibreOffice`
says what to install; DOCX output does not need it.

Fonts: the converters see docgen's Laksaman Sarabun Metric under the names
TH Sarabun New, TH SarabunPSK and TH SarabunIT๙ (a private fontconfig file).

>>> NoLibreOffice().status
503
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from docgen.fonts import FONT_DIR
from docgen.safety import Refused

INSTALL = "PDF from a Word template needs LibreOffice: apt-get install libreoffice-writer-nogui"
_THAI_NAMES = ("TH Sarabun New", "TH SarabunPSK", "TH SarabunIT๙", "TH Sarabun")


class NoLibreOffice(Refused):
    status, kind = 503, "no-libreoffice"

    def __init__(self, message: str = INSTALL):
        super().__init__(message)


class ConversionFailed(Refused):
    status, kind = 422, "conversion-failed"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_python() -> str | None:
    """A Python that can ``import uno``: this one, or the system's."""
    for python in dict.fromkeys([sys.executable, "/usr/bin/python3", shutil.which("python3") or ""]):
        if python and Path(python).exists() and subprocess.run(
                [python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0:
            return python
    return None


def fontconfig(folder: Path) -> Path:
    """A fontconfig file in which the Thai office fonts resolve to docgen's."""
    matches = "".join(
        f'<match target="pattern"><test qual="any" name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="prepend" binding="strong"><string>Laksaman Sarabun Metric</string></edit></match>'
        for name in _THAI_NAMES)
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{FONT_DIR}</dir><cachedir>{folder / "fc-cache"}</cachedir>{matches}</fontconfig>',
                    encoding="utf-8")
    return conf


class _Converter:
    """One converter: a UNO worker process, or (without uno) a kept profile for --convert-to."""

    def __init__(self, folder: Path, python: str | None, env: dict[str, str]):
        self.folder, self.env, self.process = folder, env, None
        self.profile = folder / "profile"
        if python:
            self.process = subprocess.Popen(
                [python, str(Path(__file__).with_name("uno_worker.py")), str(self.profile)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
            hello = json.loads(self.process.stdout.readline() or '{"error": "the converter did not start"}')
            if "error" in hello:
                raise ConversionFailed(hello["error"])

    def convert(self, source: Path, target: Path, timeout_s: float) -> None:
        if self.process is None:
            result = subprocess.run(
                [soffice(), "--headless", f"-env:UserInstallation=file://{self.profile}", "--convert-to", "pdf",
                 "--outdir", str(target.parent), str(source)],
                capture_output=True, timeout=timeout_s, env=self.env)
            produced = target.parent / f"{source.stem}.pdf"
            if result.returncode or not produced.exists():
                raise ConversionFailed(f"LibreOffice could not convert the document: {result.stderr[-300:]!r}")
            produced.replace(target)
            return
        self.process.stdin.write(json.dumps({"in": str(source), "out": str(target)}) + "\n")
        self.process.stdin.flush()
        answer = _read_line(self.process, timeout_s)
        if "error" in answer:
            raise ConversionFailed(f"LibreOffice could not convert the document: {answer['error']}")

    def alive(self) -> bool:
        return self.process is None or self.process.poll() is None

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _read_line(process: subprocess.Popen, timeout_s: float) -> dict:
    answer: list[str] = []
    reader = threading.Thread(target=lambda: answer.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout_s)
    if not answer or not answer[0]:
        process.kill()
        raise ConversionFailed(f"LibreOffice did not answer within {timeout_s:g} s; the converter was restarted")
    return json.loads(answer[0])


class ConverterPool:
    """``size`` converters; :meth:`pdf` takes a free one (waiting if all are
    busy), and a converter that dies or hangs is replaced.

    >>> pool = ConverterPool(size=1)  # doctest: +SKIP
    >>> pool.pdf(docx_bytes)[:5]  # doctest: +SKIP
    b'%PDF-'
    """

    def __init__(self, size: int = 2, timeout_s: float = 120.0, use_uno: bool = True):
        if not soffice():
            raise NoLibreOffice()
        self.size, self.timeout_s = size, timeout_s
        self.folder = Path(tempfile.mkdtemp(prefix="docgen-office-"))
        self.env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig(self.folder)), HOME=str(self.folder))
        self.python = uno_python() if use_uno else None
        self.free: queue.Queue[_Converter] = queue.Queue()
        self._count = 0
        self._lock = threading.Lock()
        atexit.register(self.close)

    @property
    def mode(self) -> str:
        return "uno" if self.python else "convert-to"

    def _new(self) -> _Converter:
        with self._lock:
            self._count += 1
            folder = self.folder / f"converter-{self._count}"
        folder.mkdir()
        return _Converter(folder, self.python, self.env)

    def _take(self) -> _Converter:
        try:
            return self.free.get_nowait()
        except queue.Empty:
            with self._lock:
                room = self._count < self.size
            return self._new() if room else self.free.get(timeout=self.timeout_s)

    def pdf(self, docx: bytes) -> bytes:
        """The PDF LibreOffice makes of ``docx``."""
        converter = self._take()
        work = Path(tempfile.mkdtemp(prefix="job-", dir=self.folder))
        source, target = work / "document.docx", work / "document.pdf"
        source.write_bytes(docx)
        try:
            converter.convert(source, target, self.timeout_s)
            return target.read_bytes()
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if converter.alive():
                self.free.put(converter)
            else:
                with self._lock:
                    self._count -= 1

    def close(self) -> None:
        while True:
            try:
                self.free.get_nowait().close()
            except queue.Empty:
                break
        shutil.rmtree(self.folder, ignore_errors=True)


_POOL: ConverterPool | None = None
_POOL_LOCK = threading.Lock()


def pool(size: int | None = None) -> ConverterPool:
    """The process's shared pool (``DOCGEN_CONVERTERS`` converters, default 2); :class:`NoLibreOffice` without it."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ConverterPool(size or int(os.environ.get("DOCGEN_CONVERTERS", "2")))
        return _POOL


def single_pdf(docx: bytes, folder: Path) -> bytes:
    """One ``soffice --convert-to`` with a fresh profile (what the pool saves; for measuring)."""
    if not soffice():
        raise NoLibreOffice()
    source = folder / "document.docx"
    source.write_bytes(docx)
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig(folder)))
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=300, env=env)
    return (folder / "document.pdf").read_bytes()
