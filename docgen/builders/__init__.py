"""Builders: validated configuration in, :class:`docgen.model.Document` out.

One module per kind of document.  Builders typeset the text (Thai digits,
Buddhist-Era dates, numbering) and place it on the grid of ``docgen.layout``;
they never touch a file format.
"""
