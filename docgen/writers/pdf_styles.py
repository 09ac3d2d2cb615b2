"""Compute each CSS style once per process, not once per PDF (WeasyPrint 70.0).

WeasyPrint computes an element's style lazily, property by property, from
its cascaded declarations and its parent's style, and it does so again for
every document.  Documents of one kind have the same elements with the same
classes and stylesheets (a batch of certifications differs only in its
text), so the same styles are computed thousands of times: about 2,000
property computations for a one-page certification.

With this patch a style whose inputs were seen before is not computed again.
The inputs are everything ``ComputedStyle`` reads: the cascaded declarations
(compared by value), the parent's and the root's styles, the pseudo-element,
the base URL, the font configuration and the stylesheets.  The first
document computes a style as usual and a *pristine* twin is kept.  The next
document with the same inputs gets a copy of the twin, after the twin has
learnt the properties that the previous document computed and it lacks (it
computes them afresh, from its own pristine parents).  Documents only ever
see copies: WeasyPrint edits some styles while it lays out (the body's
overflow moves to the page, a note gets its anchor), and those edits stay in
the document that made them.  The output is byte for byte what WeasyPrint
writes without the patch.

Shared are the styles of elements and of pages and page-margin boxes.  The
styles of an element's pseudo-elements (``::marker``, ``::footnote-call``...)
are created as usual: most are never used and cost nothing until they are.
Only documents whose author stylesheets were all registered with
:func:`share` take part (the user-agent stylesheets are WeasyPrint's own,
loaded once); a stylesheet made for one document (the continuation markers
of a letter) is simply not registered.  :func:`share` refuses a stylesheet
with viewport units or named pages, as those make a computed value depend on
the size of the document's first page, which the inputs above do not name.

Example::

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from docgen.writers import pdf_styles

    pdf_styles.install()  # idempotent; pinned to WeasyPrint 70.0
    fonts = FontConfiguration()  # one for every document, as docgen's writer does
    css = pdf_styles.share(CSS(string='p { margin: 0 }', font_config=fonts))
    for text in ('หนึ่ง', 'สอง', 'สาม'):  # the later documents reuse the styles
        HTML(string=f'<p>{text}</p>').write_pdf(stylesheets=[css], font_config=fonts)
"""

from __future__ import annotations

import re
import weakref

import weasyprint
from weasyprint.css import ComputedStyle, StyleFor
from weasyprint.layout.page import PageType

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed", "share", "clear"]

WEASYPRINT_VERSION = "70.0"
_MAX_STYLES = 1024  # entries, up to about 16 KB each; a kind of document needs a few dozen
_original = StyleFor.set_computed_styles
_SHARED: weakref.WeakSet = weakref.WeakSet()  # registered author stylesheets
_STYLES: dict = {}  # key -> [pristine style, the last document's copy of it]
_PRISTINE = "_docgen_pristine"  # attribute of a document's style: its twin
# A length in a viewport unit (5vw, 1.5dvh, 2vmin...), or the `page` property.
_PAGE_DEPENDENT = re.compile(r"\d[sld]?v(?:w|h|i|b|min|max)\b|(?<![-\w@])page\s*:", re.I)


def share(css, text: str | None = None):
    """Register ``css`` (a WeasyPrint ``CSS``) as kept for the life of the
    process, so documents using it share their computed styles; return it.

    ``text``, the stylesheet's source if known, is checked for viewport units
    and named pages (see the module docstring): if it has any, ``css`` is
    returned unregistered.
    """
    if text is None or not _PAGE_DEPENDENT.search(text):
        _SHARED.add(css)
    return css


def clear() -> None:
    """Forget every shared style (the next documents compute theirs afresh)."""
    _STYLES.clear()


def _frozen(value):
    """``value`` with its lists as tuples (tagged), so it can be hashed."""
    if isinstance(value, list):
        return (list, *map(_frozen, value))
    if isinstance(value, tuple):
        return (type(value), *map(_frozen, value))
    return value


def _key(self, cascaded, twins, pseudo_type, base_url):
    """The inputs of a style, hashable (``twins``: the pristine parent and
    root styles); None if it is not to be shared."""
    if any(origin != "user agent" and sheet not in _SHARED for sheet, origin, _ in self._sheets):
        return None
    declarations = tuple(cascaded.items())
    try:
        hash(declarations)
    except TypeError:  # lists in values (content: ...) or in page specificities
        declarations = _frozen(declarations)
        try:
            hash(declarations)
        except TypeError:  # something else (a set, in target-counter()): not shared
            return None
    sheets = tuple(sheet for sheet, _, _ in self._sheets)
    return (*map(id, twins), sheets, declarations, pseudo_type, base_url, id(self.font_config))


def _set_computed_styles(self, element, parent, root=None, pseudo_type=None, base_url=None,
                         target_collector=None):
    if pseudo_type is not None and not isinstance(element, PageType):
        return _original(self, element, parent, root, pseudo_type, base_url, target_collector)
    computed_styles = self._computed_styles
    if element == root and pseudo_type is None:
        twins = (None, None)  # the root element: no parent, WeasyPrint's initial style as root
    else:
        twins = tuple(computed_styles[ancestor, None].__dict__.get(_PRISTINE) for ancestor in (parent, root))
        if None in twins:
            return _original(self, element, parent, root, pseudo_type, base_url, target_collector)
    cascaded = self._cascaded_styles.get((element, pseudo_type), {})
    key = _key(self, cascaded, twins, pseudo_type, base_url)
    if key is None:
        return _original(self, element, parent, root, pseudo_type, base_url, target_collector)
    if (entry := _STYLES.get(key)) is None:
        _original(self, element, parent, root, pseudo_type, base_url, target_collector)
        style = computed_styles[element, pseudo_type]
        pristine = ComputedStyle(twins[0], dict(cascaded), pseudo_type, twins[1] or style.root_style, base_url,
                                 self.font_config, self.initial_page_sizes)
        if len(_STYLES) >= _MAX_STYLES:
            _STYLES.clear()
        _STYLES[key] = [pristine, style]
        style.__dict__[_PRISTINE] = pristine
        return
    pristine, last = entry
    if len(last) > len(pristine):  # the last document computed more: learn it
        for name in list(last):
            pristine[name]
    style = computed_styles[element, pseudo_type] = entry[1] = pristine.copy()
    style.__dict__[_PRISTINE] = pristine
    if target_collector and style["anchor"]:
        target_collector.collect_anchor(style["anchor"])


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise RuntimeError(
            f"docgen.writers.pdf_styles patches WeasyPrint {WEASYPRINT_VERSION}, but "
            f"WeasyPrint {weasyprint.__version__} is installed: port or drop this patch.")
    StyleFor.set_computed_styles = _set_computed_styles


def uninstall() -> None:
    """Restore WeasyPrint's own ``set_computed_styles``."""
    StyleFor.set_computed_styles = _original


def installed() -> bool:
    """Tell whether the patch is active."""
    return StyleFor.set_computed_styles is _set_computed_styles
