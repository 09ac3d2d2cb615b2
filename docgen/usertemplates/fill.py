"""Fill a clerk's Word template (docxtpl) with a document's context.

The template's Jinja runs in :class:`~docgen.usertemplates.sandbox.LimitedSandbox`
with docgen's Thai filters (``thai_digits``, ``be_date``, ``be_date_short``,
``be_range``, ``bahttext``, ``baht``, ``thai_phone``); values are XML-escaped.
Runs keep the template's fonts, including the complex-script ones
(``w:cs``, ``w:szCs``) that Thai text is set in: docxtpl replaces text only.

>>> from docgen.usertemplates.sample import sample_template
>>> from docx import Document
>>> data = fill(sample_template(), {"subject": "ทดสอบ & ลอง", "date": "2018-10-16"}, strict=False)
>>> [p.text for p in Document(io.BytesIO(data)).paragraphs if "ทดสอบ" in p.text]
['เรื่อง  ทดสอบ & ลอง']
"""

from __future__ import annotations

import io
import re
from typing import Any

from jinja2 import ChainableUndefined, StrictUndefined
from jinja2.exceptions import SecurityError, TemplateError

from docgen.safety import Refused, UnsafeTemplate
from docgen.templating import thai_filters
from docgen.usertemplates.sandbox import LimitedSandbox


class TemplateFailed(Refused):
    """A template that does not render with this context (an unknown name, a filter given the wrong value)."""

    status, kind = 422, "template-error"


def word_environment(strict: bool = True) -> LimitedSandbox:
    """The sandbox Word templates render in; ``strict``: an unknown name is an error."""
    env = LimitedSandbox(undefined=StrictUndefined if strict else ChainableUndefined, autoescape=True)
    env.filters.update(thai_filters())
    return env


def _parts(template) -> list:
    """The document, header and footer parts whose XML holds template text."""
    return [part for part in template.docx.part.package.parts
            if re.match(r"^/word/(document|header\d*|footer\d*|footnotes)\.xml$", str(part.partname))]


def template_sources(data: bytes) -> list[str]:
    """The Jinja text of a Word template's body, headers and footers, as
    docxtpl will render it (tags split across runs joined again)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    template.init_docx()
    sources = []
    for part in _parts(template):
        xml = part.blob.decode("utf-8") if not hasattr(part, "_element") else template.xml_to_string(part._element)
        sources.append(template.patch_xml(xml))
    sources += [value for value in _core_texts(template) if value]
    return sources


def _core_texts(template) -> list[str]:
    props = template.docx.core_properties
    return [getattr(props, name) or "" for name in ("author", "comments", "identifier", "language", "subject", "title")]


def fill(data: bytes, context: dict[str, Any], strict: bool = True) -> bytes:
    """The DOCX ``data`` (a docxtpl template) filled with ``context``.

    Raises :class:`~docgen.safety.UnsafeTemplate` for what the sandbox
    refuses and :class:`TemplateFailed` for other template errors."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    try:
        template.render(context, jinja_env=word_environment(strict), autoescape=True)
    except SecurityError as error:
        raise UnsafeTemplate(f"the template is refused: {error}") from None
    except TemplateError as error:
        where = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
        raise TemplateFailed(f"the Word template does not render: {error.message or error}{where}") from None
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as error:  # a filter given a wrong value
        raise TemplateFailed(f"the Word template does not render: {type(error).__name__}: {error}") from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
