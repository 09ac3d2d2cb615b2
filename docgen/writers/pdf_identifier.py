"""A PDF's file identifier without serialising every object twice (pydyf 0.13).

docgen gives each PDF a file identifier (``/ID``, which PDF/A requires).
pydyf's ``PDF.write`` computes its second half, a hash of every object's
bytes, by asking each object for its ``data`` again after writing it: every
stream is deflated twice, at level 9.  For a one-page certification that is
about 4 ms of an 18 ms PDF write.

This module lets ``PDF.write`` keep the bytes of the objects it was given,
for the length of that write: each is serialised once, the file is byte for
byte what pydyf writes without it.  Only the objects of the PDF being written
keep their bytes, so PDFs written at the same time in other threads are not
affected; objects are released when the write ends, as they may change after.

Example::

    from docgen.writers import pdf_identifier
    pdf_identifier.install()  # idempotent; pinned to pydyf 0.13
"""

from __future__ import annotations

import pydyf

from docgen.writers import pinned

__all__ = ["PYDYF_VERSION", "install", "uninstall", "installed"]

PYDYF_VERSION = pinned.PYDYF
_KEPT = "_docgen_data"  # instance attribute: the object's bytes, while a write keeps them
_CLASSES = (pydyf.Dictionary, pydyf.Stream, pydyf.Array, pydyf.String)
_originals: dict[type, property] = {}  # class -> its own ``data`` property
_original_write = pydyf.PDF.write


def _keeping(original: property) -> property:
    def data(self) -> bytes:
        kept = self.__dict__.get(_KEPT, False)
        if kept is False:  # not in a write, or not one of its objects
            return original.fget(self)
        if kept is None:
            kept = self.__dict__[_KEPT] = original.fget(self)
        return kept

    return property(data, doc=original.__doc__)


def _write(self: pydyf.PDF, output, version=b"1.7", identifier=False, compress=False):
    objects = list(self.objects)
    for object_ in objects:
        object_.__dict__[_KEPT] = None
    try:
        return _original_write(self, output, version, identifier, compress)
    finally:
        for object_ in objects:
            object_.__dict__.pop(_KEPT, None)


def install() -> None:
    """Patch pydyf in this process; calling it again does nothing."""
    pinned.require(__name__, "pydyf", advice="check that PDF.write still serialises each object twice "
                   "for the file identifier, then port or drop this patch")
    if installed():
        return
    for cls in _CLASSES:
        _originals[cls] = cls.__dict__["data"]
        cls.data = _keeping(_originals[cls])
    pydyf.PDF.write = _write


def uninstall() -> None:
    """Restore pydyf's own methods; does nothing if not installed."""
    if not installed():
        return
    pydyf.PDF.write = _original_write
    for cls in _CLASSES:
        cls.data = _originals.pop(cls)


def installed() -> bool:
    """Tell whether the patch is active."""
    return pydyf.PDF.write is _write
