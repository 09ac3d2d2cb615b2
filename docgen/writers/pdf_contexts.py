"""Set up each kind of Pango layout once per process (WeasyPrint 70.0).

Every time WeasyPrint measures or draws a piece of text it makes a Pango
layout (``Layout.setup``): a new Pango context with the text's direction and
language, a font description built from the style, the OpenType features
worked out from the ``font-variant-*`` properties and, for underlined text,
the font's metrics.  A Lopburi certification sets up 32 layouts from 12
styles, and the next certification sets up the same ones again.

With this patch, what a layout is set up *from* is made once per distinct
set of the properties it is made from, and kept: the context (with its
direction and language), the language, the font description, the features
string and the decoration metrics.  Each layout is still a new Pango layout
with its own attribute list, as WeasyPrint makes it; layouts of one kind
share their context, as Pango allows (a context is only read by its
layouts).  The properties are exactly the ones ``Layout.setup``,
``get_font_description`` and ``font_features`` read, with the font
configuration; a style whose values cannot be a key (a list, say) is set up
as usual.

A line's strut (the height and baseline a font and ``line-height`` give a
line, asked for 39 times by a certification) is remembered the same way.
WeasyPrint remembers it too, but under a key it formats from 16 properties
at every call (``str()`` of a tuple), which costs more than the strut; here
the key is the tuple of those properties and the font configuration.  The PDFs are byte for byte the ones WeasyPrint writes without the
patch (``tests/test_pdf_contexts.py``).

Example::

    from docgen.writers import pdf_contexts
    pdf_contexts.install()  # idempotent; pinned to WeasyPrint 70.0
"""

from __future__ import annotations

from weasyprint.css import computed_values, units
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
from weasyprint.text.fonts import font_features, get_font_description

from docgen.writers import pinned

__all__ = ["WEASYPRINT_VERSION", "install", "uninstall", "installed", "clear", "layout_key"]

WEASYPRINT_VERSION = pinned.WEASYPRINT
_FONT_PROPERTIES = (  # read by get_font_description and font_features
    "font_family", "font_style", "font_stretch", "font_weight", "font_size", "font_variant_caps",
    "font_variation_settings", "font_kerning", "font_variant_ligatures", "font_variant_position",
    "font_variant_numeric", "font_variant_alternates", "font_variant_east_asian",
    "font_feature_settings")
_STRUT_PROPERTIES = (  # read by _font_style_cache_key(include_size=True) and strut
    "font_family", "font_style", "font_stretch", "font_weight", "font_variant_ligatures",
    "font_variant_position", "font_variant_caps", "font_variant_numeric", "font_variant_alternates",
    "font_variant_east_asian", "font_feature_settings", "font_variation_settings",
    "font_language_override", "lang", "font_size", "line_height")
_MAX_KINDS = 256  # a document has about a dozen; cleared when full
_KINDS: dict = {}  # key -> _Kind
_STRUTS: dict = {}  # (font configuration, *_STRUT_PROPERTIES values) -> (line height, baseline)
_STRUT_USERS = (line_break, inline, units, computed_values)  # modules calling strut()
_original_setup = line_break.Layout.setup
_original_strut = line_break.strut


class _Kind:
    """What every layout of one set of properties is set up from."""

    __slots__ = ("context", "language", "font_description", "features", "decoration")

    def __init__(self, style):
        font_map = style.font_config.font_map
        self.context = ffi.gc(pango.pango_font_map_create_context(font_map), gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(self.context, False)
        pango.pango_context_set_base_dir(self.context, PANGO_DIRECTION[style["direction"]])
        if style["font_language_override"] != "normal":
            lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(
                style["font_language_override"].lower(), style["font_language_override"]))
        elif style["lang"]:
            lang_p, lang = unicode_to_char_p(style["lang"])
        else:
            lang = None
            self.language = pango.pango_language_get_default()
        if lang:
            self.language = pango.pango_language_from_string(lang_p)
            pango.pango_context_set_language(self.context, self.language)
        self.font_description = get_font_description(style)
        self.decoration = None
        if style["text_decoration_line"] != "none":
            metrics = ffi.gc(pango.pango_context_get_metrics(
                self.context, self.font_description, self.language), pango.pango_font_metrics_unref)
            self.decoration = tuple(FROM_UNITS * getter(metrics) for getter in (
                pango.pango_font_metrics_get_ascent, pango.pango_font_metrics_get_underline_position,
                pango.pango_font_metrics_get_strikethrough_position,
                pango.pango_font_metrics_get_underline_thickness,
                pango.pango_font_metrics_get_strikethrough_thickness))
        features = font_features(
            style["font_kerning"], style["font_variant_ligatures"], style["font_variant_position"],
            style["font_variant_caps"], style["font_variant_numeric"], style["font_variant_alternates"],
            style["font_variant_east_asian"], style["font_feature_settings"])
        self.features = ",".join(f"{key} {value}" for key, value in features.items()).encode() or None


def layout_key(style) -> tuple:
    """The properties a layout of ``style`` is set up from, with the font
    configuration: layouts of equal keys are set up alike.  Raises TypeError
    when hashed if a value cannot be a key."""
    return (style.font_config, style["direction"], style["font_language_override"], style["lang"],
            style["text_decoration_line"] != "none", *map(style.__getitem__, _FONT_PROPERTIES))


def _setup(self, style) -> None:
    key = layout_key(style)
    try:
        kind = _KINDS.get(key)
    except TypeError:  # a value that cannot be a key: WeasyPrint's own set-up
        return _original_setup(self, style)
    if kind is None:
        if len(_KINDS) >= _MAX_KINDS:
            _KINDS.clear()
        kind = _KINDS[key] = _Kind(style)
    self.style = style
    self.first_line_direction = 0
    self.language = kind.language
    self.layout = ffi.gc(pango.pango_layout_new(kind.context), gobject.g_object_unref)
    pango.pango_layout_set_auto_dir(self.layout, False)
    pango.pango_layout_set_font_description(self.layout, kind.font_description)
    if kind.decoration is None:
        self.ascent = self.underline_position = self.strikethrough_position = None
    else:
        (self.ascent, self.underline_position, self.strikethrough_position,
         self.underline_thickness, self.strikethrough_thickness) = kind.decoration
    if kind.features:  # as WeasyPrint does: one attribute per features string, kept
        attr = style.font_config.font_features.get(kind.features)
        if attr is None:
            attr = style.font_config.font_features[kind.features] = (
                pango.pango_attr_font_features_new(kind.features))
        attr_list = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)


def _strut(style):
    """``strut(style)``: the used ``line-height`` and the baseline of a line."""
    try:
        key = (style.font_config, *map(style.__getitem__, _STRUT_PROPERTIES))
        known = _STRUTS.get(key)
    except TypeError:  # a value that cannot be a key
        return _original_strut(style)
    if known is None:
        if len(_STRUTS) >= _MAX_KINDS:
            _STRUTS.clear()
        known = _STRUTS[key] = _original_strut(style)
    return known


def clear() -> None:
    """Forget the kinds of layout set up so far, and their struts."""
    _KINDS.clear()
    _STRUTS.clear()


def install() -> None:
    """Patch WeasyPrint in this process; calling it again does nothing."""
    pinned.require(__name__, "WeasyPrint")
    line_break.Layout.setup = _setup
    for module in _STRUT_USERS:
        module.strut = _strut


def uninstall() -> None:
    """Restore WeasyPrint's own ``Layout.setup`` and ``strut``."""
    line_break.Layout.setup = _original_setup
    for module in _STRUT_USERS:
        module.strut = _original_strut


def installed() -> bool:
    """Tell whether the patch is active."""
    return line_break.Layout.setup is _setup
