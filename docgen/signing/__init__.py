"""Digital signatures: PAdES signing of the PDFs docgen writes (or any PDF), and checking them.

* :mod:`docgen.signing.keys`: the key pair, loaded and checked (passphrase, pair, validity).
* :mod:`docgen.signing.sign`: signing by incremental update; :class:`Signing` is what
  ``render``, ``package`` and ``batch`` hand the PDF bytes to, last, before writing.
* :mod:`docgen.signing.placement` and :mod:`docgen.signing.appearance`: the visible
  signature in the signature block's blank lines, in Thai.
* :mod:`docgen.signing.verify`: the checks of ``docgen verify``.
* :mod:`docgen.signing.profile`: ``signing.yaml``.

pyHanko is imported only when a PDF is signed or checked (``pip install 'docgen[sign]'``).
"""
