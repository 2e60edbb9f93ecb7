"""styles.xml: what a paragraph or run inherits through its style chain."""

from __future__ import annotations

import re

from lxml import etree

from antragscheck.spec import ByFields, record

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WN = f"{{{W}}}"

# Built-in heading styles keep their English name ("heading 1") whatever the
# language of Word; the style id is localized ("berschrift1", "Titre1", "1").
# Some producers also write localized names.
_HEADING_NAME = re.compile(
    r"^(?:heading|überschrift|berschrift|titre|título|titulo|nadpis|rubrik|kop)\s*(\d)$",
    re.IGNORECASE,
)


def on(element: etree._Element | None) -> bool | None:
    """The value of an OOXML on/off property element, None when absent."""
    if element is None:
        return None
    return element.get(WN + "val", "true").lower() not in ("0", "false", "off", "none")


@record(kw_only=False)
class Style(ByFields):
    """A paragraph style of styles.xml, as far as headings and lists need it."""

    id: str
    name: str | None
    type: str
    based_on: str | None
    outline_level: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool | None
    hidden: bool | None


def word_int(value: str | None) -> int | None:
    """A number attribute as Word writes it (w:val="3"); None when missing or not a
    number.  The one place the reader turns attribute text into an int."""
    if value is None or len(value) > 12:  # no number Word writes is longer
        return None
    try:
        return int(value)
    except ValueError:
        return None


def first_children(element: etree._Element) -> dict[object, etree._Element]:
    """The first child of each tag, by tag: what `find(tag)` returns for each, in one
    pass over the children (lxml's `find` costs a path lookup, ~1 µs a call)."""
    found: dict[object, etree._Element] = {}
    for child in element:
        found.setdefault(child.tag, child)
    return found


_NONE: dict[object, etree._Element] = {}  # never written to
_VAL = WN + "val"
_PPR = WN + "pPr"
_RPR = WN + "rPr"
_NAME = WN + "name"
_BASED_ON = WN + "basedOn"
_OUTLINE = WN + "outlineLvl"
_NUMPR = WN + "numPr"
_NUMID = WN + "numId"
_ILVL = WN + "ilvl"
_B = WN + "b"
_VANISH = WN + "vanish"
_STYLE_ID = WN + "styleId"
_TYPE = WN + "type"


def _parse_style(element: etree._Element) -> Style:
    found = first_children(element)
    ppr = found.get(_PPR)
    rpr = found.get(_RPR)
    name = found.get(_NAME)
    based = found.get(_BASED_ON)
    paragraph = first_children(ppr) if ppr is not None else _NONE
    outline = paragraph.get(_OUTLINE)
    numpr = paragraph.get(_NUMPR)
    num_id = ilvl = None
    if numpr is not None:
        numbering = first_children(numpr)
        num_el = numbering.get(_NUMID)
        ilvl_el = numbering.get(_ILVL)
        num_id = num_el.get(_VAL) if num_el is not None else None
        ilvl = word_int(ilvl_el.get(_VAL)) if ilvl_el is not None else None
    run = first_children(rpr) if rpr is not None else None
    return Style(
        id=element.get(_STYLE_ID, ""),
        name=name.get(_VAL) if name is not None else None,
        type=element.get(_TYPE, "paragraph"),
        based_on=based.get(_VAL) if based is not None else None,
        outline_level=word_int(outline.get(_VAL)) if outline is not None else None,
        num_id=num_id,
        ilvl=ilvl,
        bold=on(run.get(_B)) if run is not None else None,
        hidden=on(run.get(_VANISH)) if run is not None else None,
    )


RunMemo = dict[tuple[str | None, str | None], tuple[bool, bool, bool]]
ParagraphMemo = dict[
    str | None,
    tuple[str | None, int | None, tuple[str, int | None] | None, tuple[bool, bool, bool]],
]


class Styles:
    """Looks up inherited paragraph and run properties by style id."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, Style] = {}
        self._flags: dict[tuple[str, str], bool] = {}
        # what a style inherits, by style id (the styles never change once read)
        self._outline: dict[str | None, int | None] = {}
        self._numbering: dict[str | None, tuple[str, int | None] | None] = {}
        self.default_paragraph: str | None = None
        # for the body walk: (hidden, bold, placeholder style) by (run style, paragraph
        # style), and name, outline level, numbering and plain run by paragraph style
        self.memo: tuple[RunMemo, ParagraphMemo] = ({}, {})
        if root is None:
            return
        for element in root.iter(WN + "style"):
            style = _parse_style(element)
            self._styles[style.id] = style
            if style.type == "paragraph" and element.get(WN + "default") in ("1", "true", "on"):
                self.default_paragraph = style.id

    def get(self, style_id: str | None) -> Style | None:
        return self._styles.get(style_id) if style_id else None

    def name(self, style_id: str | None) -> str | None:
        style = self.get(style_id)
        return style.name if style else None

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and its ancestors, nearest first; cycles are cut."""
        chain: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < 50:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            chain.append(style)
            style_id = style.based_on
        return chain

    def outline_level(self, style_id: str | None) -> int | None:
        if style_id not in self._outline:
            self._outline[style_id] = self._outline_level(style_id)
        return self._outline[style_id]

    def _outline_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            if style.outline_level is not None:
                return style.outline_level if style.outline_level < 9 else None
            match = _HEADING_NAME.match(style.name or "")
            if match:
                return int(match.group(1)) - 1
        return None

    def numbering(self, style_id: str | None) -> tuple[str, int | None] | None:
        if style_id not in self._numbering:
            self._numbering[style_id] = next(
                ((s.num_id, s.ilvl) for s in self.chain(style_id) if s.num_id is not None), None
            )
        return self._numbering[style_id]

    def bold(self, style_id: str | None) -> bool:
        return self._flag(style_id, "bold")

    def hidden(self, style_id: str | None) -> bool:
        return self._flag(style_id, "hidden")

    def _flag(self, style_id: str | None, attribute: str) -> bool:
        if not style_id:
            return False
        key = (style_id, attribute)
        cached = self._flags.get(key)
        if cached is None:
            cached = False
            for style in self.chain(style_id):
                value = getattr(style, attribute)
                if value is not None:
                    cached = bool(value)
                    break
            self._flags[key] = cached
        return cached
