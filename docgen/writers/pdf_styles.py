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

The style of an element's anonymous boxes (its line boxes and runs of text),
which WeasyPrint computes property by property from the element's style for
every document, is kept the same way: the pristine style's own anonymous
style learns what the last document's computed, and each new document's
style gets a copy of it, whose parent is that document's style.  The edits
WeasyPrint makes to an element's style (overflow, anchor, display, float,
position) are of properties that anonymous boxes do not inherit.

Shared are the styles of elements and of pages and page-margin boxes.  The
styles of an element's pseudo-elements (``::marker``, ``::footnote-call``...)
are created as usual, but only when they are asked for: WeasyPrint's own
stylesheet gives every element six of them (162 for a certification) and a
document of plain paragraphs asks for none.  A pseudo-element whose
declarations set an ``anchor`` is made at once, as WeasyPrint does, for the
anchor to be known.  A style is computed property by property when it is
read, so making it later reads the same values.
Only documents whose author stylesheets were all registered with
:func:`share` take part (the user-agent stylesheets are WeasyPrint's own,
loaded once); a stylesheet made for one document (the continuation markers
of a letter) is simply not registered.  :func:`share` refuses a stylesheet
with viewport units or named pages, as those make a computed value depend on
the size of the document's first page, which the inputs above do not name.

The cascade itself (which rules match which element) is kept per document
*shape*: the elements in tree order with their tags, attributes and depth,
and whether each one is empty (``:empty``), with the stylesheets and base
URL.  Selectors see nothing else, so two documents of one shape get the
same declarations; the second one is given the first one's (they are never
changed), element by element, and skips the selector matching and the
parsing of its ``style`` attributes.  Elements whose computed style
WeasyPrint shares between equivalent siblings share it again.  The shape
leaves out the value of a ``<meta name=...>`` element (the author, the
subject and the dates differ from one certification to the next): no
selector of WeasyPrint 70's own stylesheets looks at ``content``, and
:func:`share` refuses a stylesheet that does (``:lang()`` reads ``content``
only from ``<meta http-equiv>``, which is kept).  The page rules matching a
page type (its side, index, name...) are kept per type in the same way, and
the declarations of every kept cascade are made hashable once, for the keys
above, not once per document.

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
from dataclasses import dataclass

from weasyprint.css import AnonymousStyle, ComputedStyle, StyleFor
from weasyprint.layout.page import PageType

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed", "share", "clear"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
_MAX_STYLES = 1024  # entries, up to about 16 KB each; a kind of document needs a few dozen
_MAX_CASCADES = 64  # document shapes; a batch of one kind has a handful
_MAX_PAGES = 256  # page types (a page's index is part of its type)
_MAX_DECLARATIONS = 8192  # cascaded dicts kept by the caches above
_original_init = StyleFor.__init__
_original_add_page_declarations = StyleFor.add_page_declarations
_original = StyleFor.set_computed_styles
_original_call = StyleFor.__call__
_SHARED: weakref.WeakSet = weakref.WeakSet()  # registered author stylesheets
_STYLES: dict = {}  # key -> [pristine style, the last document's copy of it]
_CASCADES: dict = {}  # document shape -> _Cascade
_PAGES: dict = {}  # (stylesheets, page type) -> ((pseudo type, declarations), ...)
_DECLARATIONS: dict = {}  # id(cascaded dict a cache keeps) -> (the dict, _hashable() of it)
_PRISTINE = "_docgen_pristine"  # attribute of a document's style: its twin
_SHEETS = "_docgen_sheets"  # attribute of a document's StyleFor: _shared_sheets()
_LATER = "_docgen_later"  # attribute of a document's StyleFor: pseudo-elements made when asked for
# A length in a viewport unit (5vw, 1.5dvh, 2vmin...), or the `page` property.
_PAGE_DEPENDENT = re.compile(r"\d[sld]?v(?:w|h|i|b|min|max)\b|(?<![-\w@])page\s*:", re.I)
# An attribute selector on `content` ([content], [ns|content="x"]...).
_SELECTS_CONTENT = re.compile(r"\[\s*(?:[-\w*]*\|)?content\s*[]~|^$*=]", re.I)
_META = ("meta", "{http://www.w3.org/1999/xhtml}meta")


def share(css, text: str | None = None):
    """Register ``css`` (a WeasyPrint ``CSS``) as kept for the life of the
    process, so documents using it share their computed styles; return it.

    ``text``, the stylesheet's source if known, is checked for viewport units,
    named pages and attribute selectors on ``content`` (see the module
    docstring): if it has any, ``css`` is returned unregistered.
    """
    if text is None or not (_PAGE_DEPENDENT.search(text) or _SELECTS_CONTENT.search(text)):
        _SHARED.add(css)
    return css


def clear() -> None:
    """Forget every shared style and cascade (the next documents compute theirs afresh)."""
    _STYLES.clear()
    _CASCADES.clear()
    _PAGES.clear()
    _DECLARATIONS.clear()


def _frozen(value):
    """``value`` with its lists as tuples (tagged), so it can be hashed."""
    if isinstance(value, list):
        return (list, *map(_frozen, value))
    if isinstance(value, tuple):
        return (type(value), *map(_frozen, value))
    return value


def _shared_sheets(style_for) -> tuple | None:
    """A document's ``(stylesheet, origin, specificity)`` as a tuple, for the
    keys of the caches; None if one of its author stylesheets is not
    registered.  Worked out once per document, not once per style."""
    if _SHEETS not in style_for.__dict__:
        sheets = style_for._sheets
        shared = all(origin == "user agent" or sheet in _SHARED for sheet, origin, _ in sheets)
        style_for.__dict__[_SHEETS] = tuple(sheets) if shared else None
    return style_for.__dict__[_SHEETS]


def _hashable(cascaded):
    """The declarations of a cascaded dict as a hashable tuple; None if they
    cannot be hashed.  Worked out once for the dicts the caches keep."""
    if (kept := _DECLARATIONS.get(id(cascaded))) is not None and kept[0] is cascaded:
        return kept[1]
    declarations = tuple(cascaded.items())
    try:
        hash(declarations)
    except TypeError:  # lists in values (content: ...) or in page specificities
        declarations = _frozen(declarations)
        try:
            hash(declarations)
        except TypeError:  # something else (a set, in target-counter()): not shared
            return None
    return declarations


def _keep(cascaded) -> None:
    """Remember the hashable declarations of a dict that a cache keeps (the
    dict itself too, so its id is not reused while remembered)."""
    if len(_DECLARATIONS) >= _MAX_DECLARATIONS:
        _DECLARATIONS.clear()
    _DECLARATIONS[id(cascaded)] = (cascaded, _hashable(cascaded))


def _key(self, cascaded, twins, pseudo_type, base_url):
    """The inputs of a style, hashable (``twins``: the pristine parent and
    root styles); None if it is not to be shared."""
    if (sheets := _shared_sheets(self)) is None or (declarations := _hashable(cascaded)) is None:
        return None
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
    twin = None
    if (anonymous := last.__dict__.get("anonymous_style")) is not None:
        twin = pristine.anonymous_style  # its anonymous boxes' style, computed from the pristine
        if len(anonymous) > len(twin):
            for name in list(anonymous):
                twin[name]
    style = computed_styles[element, pseudo_type] = entry[1] = pristine.copy()
    style.__dict__[_PRISTINE] = pristine
    if twin is not None:
        anonymous = style.__dict__["anonymous_style"] = AnonymousStyle(style)
        anonymous.update(twin)
    if target_collector and style["anchor"]:
        target_collector.collect_anchor(style["anchor"])


@dataclass(frozen=True)
class _Cascade:
    """The cascade of one document shape, by element index in tree order."""

    elements: tuple  # per element: (index of the element whose style it shares, or None; declarations)
    pseudos: tuple  # (element index, pseudo-element type, declarations), in the order computed


def _elements(html):
    """The elements in tree order (those cssselect2 walks: no comments), each
    one's parent index (-1 for the root) and the document's shape."""
    elements, parents, shape = [], [], []
    pending = [(html.etree_element, -1, 0)]
    while pending:
        element, parent, depth = pending.pop()
        parents.append(parent)
        index = len(elements)
        elements.append(element)
        children = [child for child in element if isinstance(child.tag, str)]
        attributes = tuple(element.attrib.items())
        if element.tag in _META and "name" in element.attrib:  # metadata: see share()
            attributes = tuple(item for item in attributes if item[0] != "content")
        shape.append((depth, element.tag, attributes, not (children or element.text)))
        pending.extend((child, index, depth + 1) for child in reversed(children))
    return elements, parents, tuple(shape)


def _record(style_for, elements) -> _Cascade:
    """The cascade WeasyPrint has just worked out for ``elements``."""
    computed = style_for._computed_styles
    first, entries = {}, []
    for index, element in enumerate(elements):
        style = computed[element, None]
        owner = first.setdefault(id(style), index)
        entries.append((None, style.cascaded) if owner == index else (owner, None))
    position = {element: index for index, element in enumerate(elements)}
    pseudos = tuple((position[element], pseudo_type, style.cascaded)
                    for (element, pseudo_type), style in computed.items() if pseudo_type is not None)
    for declarations in [*(d for _, d in entries if d is not None), *(d for _, _, d in pseudos)]:
        _keep(declarations)
    return _Cascade(tuple(entries), pseudos)


def _init(self, html, sheets, presentational_hints, font_config, target_collector):
    """``StyleFor.__init__``, replaying the cascade of a document of the same shape."""
    self._sheets = sheets  # WeasyPrint's __init__ sets it too
    if presentational_hints or (shared := _shared_sheets(self)) is None:
        return _original_init(self, html, sheets, presentational_hints, font_config, target_collector)
    elements, parents, shape = _elements(html)
    wrapper = html.wrapper_element
    key = (shape, shared, html.base_url, html.media_type, wrapper.in_html_document,
           wrapper.transport_content_language)
    if (cascade := _CASCADES.get(key)) is None:
        _original_init(self, html, sheets, presentational_hints, font_config, target_collector)
        if len(_CASCADES) >= _MAX_CASCADES:
            _CASCADES.clear()
        _CASCADES[key] = _record(self, elements)
        return None
    # What WeasyPrint's __init__ sets, then its two passes with the declarations known.
    self._cascaded_styles = cascaded_styles = {}
    self._computed_styles = computed_styles = {}
    self.initial_page_sizes = {"box": None, "area": None}
    self._sheets = sheets
    self.font_config = font_config
    root, base_url = html.etree_element, html.base_url
    for element, parent, (owner, declarations) in zip(elements, parents, cascade.elements):
        if owner is not None:
            computed_styles[element, None] = computed_styles[elements[owner], None]
            continue
        cascaded_styles[element, None] = declarations
        self.set_computed_styles(element, root=root, parent=elements[parent] if parent >= 0 else None,
                                 base_url=base_url, target_collector=target_collector)
    later = {}
    for index, pseudo_type, declarations in cascade.pseudos:
        if "anchor" not in declarations:
            later[elements[index], pseudo_type] = declarations
            continue
        cascaded_styles[elements[index], pseudo_type] = declarations
        self.set_computed_styles(elements[index], pseudo_type=pseudo_type, root=root, parent=elements[index],
                                 base_url=base_url, target_collector=target_collector)
    cascaded_styles.clear()
    self.__dict__[_LATER] = (later, root, base_url, target_collector)
    return None


def _call(self, element, pseudo_type=None):
    """``StyleFor.__call__``, making a pseudo-element's style when first asked for."""
    if pseudo_type is not None and (later := self.__dict__.get(_LATER)) is not None:
        pending, root, base_url, target_collector = later
        if (declarations := pending.pop((element, pseudo_type), None)) is not None:
            self._cascaded_styles[element, pseudo_type] = declarations
            try:
                self.set_computed_styles(element, pseudo_type=pseudo_type, root=root, parent=element,
                                         base_url=base_url, target_collector=target_collector)
            finally:
                del self._cascaded_styles[element, pseudo_type]
    return _original_call(self, element, pseudo_type)


def _add_page_declarations(self, page_type):
    """``StyleFor.add_page_declarations``: the page rules matching a page
    type, kept per type and stylesheets (what they depend on)."""
    key = (_shared_sheets(self), page_type)
    try:
        declared = False if key[0] is None else _PAGES.get(key)
    except TypeError:  # an unhashable page type
        declared = False
    if declared is False:
        return _original_add_page_declarations(self, page_type)
    if declared is None:
        cascaded_styles, self._cascaded_styles = self._cascaded_styles, {}
        try:
            _original_add_page_declarations(self, page_type)
            declared = tuple((pseudo_type, declarations)
                             for (_, pseudo_type), declarations in self._cascaded_styles.items())
        finally:
            self._cascaded_styles = cascaded_styles
        if len(_PAGES) >= _MAX_PAGES:
            _PAGES.clear()
        _PAGES[key] = declared
        for _, declarations in declared:
            _keep(declarations)
    for pseudo_type, declarations in declared:  # a page type laid out again has them already
        self._cascaded_styles.setdefault((page_type, pseudo_type), declarations)
    return None


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint")
    StyleFor.set_computed_styles = _set_computed_styles
    StyleFor.__init__ = _init
    StyleFor.__call__ = _call
    StyleFor.add_page_declarations = _add_page_declarations


def uninstall() -> None:
    """Restore WeasyPrint's own ``StyleFor``."""
    StyleFor.set_computed_styles = _original
    StyleFor.__init__ = _original_init
    StyleFor.__call__ = _original_call
    StyleFor.add_page_declarations = _original_add_page_declarations


def installed() -> bool:
    """Tell whether the patch is active."""
    return StyleFor.set_computed_styles is _set_computed_styles
