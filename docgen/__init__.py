"""docgen: Thai government documents from YAML to DOCX and PDF.

The pipeline, one package per stage::

    YAML --(docgen.config)--> validated config
         --(docgen.builders)--> docgen.model.Document
         --(docgen.writers.docx / docgen.writers.pdf)--> DOCX, PDF

``docgen.thai`` holds the pure Thai text helpers (digits, Buddhist-Era dates,
phone numbers); ``docgen.layout`` holds the layout constants both writers read.
"""

__version__ = "0.1.0"
