"""One PDF per district (or per province) for printing, from a batch's manifest.

>>> groups([Entry("16/1601/a", "certification", "pdf", "16/1601/x.pdf", "", 0, "")], "district")
{'16/1601': ['16/1601/x.pdf']}
"""

from __future__ import annotations

import io
from collections import defaultdict

from pypdf import PdfWriter

from docgen.batch.manifest import Entry, Manifest
from docgen.batch.storage import Storage


def groups(entries, level: str) -> dict[str, list[str]]:
    """PDF paths by district (``16/1601``) or province (``16``), in sorted order.

    A province's own documents (and its อบจ.) stand directly in the province
    folder: merged per province they come first; per district they are left out.
    """
    depth = 2 if level == "district" else 1
    out: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        parts = entry.path.split("/")
        if entry.format != "pdf" or entry.path.rsplit("/", 1)[-1].startswith("merged-") or len(parts) <= depth:
            continue
        out["/".join(parts[:depth])].append(entry.path)
    return {key: sorted(paths, key=lambda p: (p.count("/"), p)) for key, paths in sorted(out.items())}


def merge(storage: Storage, manifest: Manifest, level: str, pdf_variant: str | None = None) -> list[str]:
    """Write ``<group>/merged-<group>.pdf`` for each group; return their paths.

    With ``pdf_variant`` (the variant the batch rendered) the merged file keeps
    it (:func:`docgen.archival.merge`)."""
    written = []
    for group, paths in groups(manifest, level).items():
        target = f"{group}/merged-{group.replace('/', '-')}.pdf"
        if pdf_variant:
            from docgen import archival

            storage.write(target, archival.merge([storage.read(path) for path in paths], pdf_variant))
            written.append(target)
            continue
        writer = PdfWriter()
        for path in paths:
            writer.append(io.BytesIO(storage.read(path)))
        buffer = io.BytesIO()
        writer.write(buffer)
        storage.write(target, buffer.getvalue())
        written.append(target)
    return written
