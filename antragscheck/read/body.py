"""One walk over the main document body, producing the ordered visible `Block`s.

What counts as text is what Word shows in the final view:
- inserted text (w:ins, w:moveTo) counts; deleted text (w:del, w:delText, w:moveFrom) does not;
- hidden text (w:vanish on the run, its character style or its paragraph style) does not;
- of a field only the result counts, never the field code (w:instrText);
- of mc:AlternateContent only the first choice is read (the fallback is a second copy);
- text boxes become blocks of their own after the paragraph that anchors them;
- content controls (w:sdt) count, unless they show their placeholder (w:showingPlcHdr or
  runs in the "PlaceholderText" character style): that text is kept apart as placeholder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import TypeVar

from lxml import etree

from antragscheck.models import Block, Location
from antragscheck.read.deadline import NO_DEADLINE, Deadline
from antragscheck.read.numbering import Numbering
from antragscheck.read.styles import WN, Styles, first_children, on, word_int

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P = WN + "p"
_R = WN + "r"
_T = WN + "t"
_TBL = WN + "tbl"
_TR = WN + "tr"
_TC = WN + "tc"
_SDT = WN + "sdt"
_SDT_CONTENT = WN + "sdtContent"
_SDT_PR = WN + "sdtPr"
_TXBX = WN + "txbxContent"
_PPR = WN + "pPr"
_RPR = WN + "rPr"
_VAL = WN + "val"
_OUTLINE = WN + "outlineLvl"
_NUMPR = WN + "numPr"
_NUMID = WN + "numId"
_ILVL = WN + "ilvl"
_PSTYLE = WN + "pStyle"
_RSTYLE = WN + "rStyle"
_VANISH = WN + "vanish"
_B = WN + "b"
_DEL = WN + "del"
_ALTERNATE = MC + "AlternateContent"
_CHOICE = MC + "Choice"
_FALLBACK = MC + "Fallback"
_CONTAINERS = frozenset((WN + "customXml", WN + "ins", WN + "moveTo", WN + "smartTag"))
_WRAPPERS = frozenset((_SDT, WN + "customXml"))  # around rows or cells
# What a run's children other than w:t stand for in the text.
_RUN_CHARS = {
    WN + "tab": "\t",
    WN + "ptab": "\t",
    WN + "br": "\n",
    WN + "cr": "\n",
    WN + "noBreakHyphen": "-",
}
_BOX_HOLDERS = frozenset((WN + "drawing", WN + "pict", _ALTERNATE))

# Elements whose whole subtree is never visible text.
_SKIP = frozenset(
    WN + name
    for name in (
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "delInstrText",
        "pPr",
        "rPr",
        "sdtPr",
        "sdtEndPr",
        "fldData",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "annotationRef",
        "object",
    )
)
# Elements we descend into to find runs.
_DESCEND = frozenset(
    WN + name
    for name in (
        "ins",
        "moveTo",
        "hyperlink",
        "smartTag",
        "customXml",
        "fldSimple",
        "dir",
        "bdo",
        "sdtContent",
    )
)
# What a plain paragraph (see `BodyWalker._paragraph`) has none of among its children.
_NOT_PLAIN = frozenset((_SDT, _ALTERNATE, *_DESCEND))
_PLACEHOLDER_STYLES = frozenset({"placeholdertext", "platzhaltertext", "textedelespaceréservé"})


@dataclass(slots=True)
class _Cell:
    """Where a paragraph stands in a table (nested tables counted on their own)."""

    table: int
    row: int
    cell: int
    grid: tuple[int, int, int]  # the innermost cell, nested tables counted on their own


class _Para:
    """Text gathered from one paragraph."""

    __slots__ = ("bold", "boxes", "parts", "placeholder")

    def __init__(self) -> None:
        self.parts: list[str] = []  # the visible runs' texts
        self.bold: list[bool] = []  # whether each of them is bold
        self.placeholder: list[str] = []
        self.boxes: list[etree._Element] = []  # w:txbxContent found inside


class BodyWalker:
    """Walks w:body once; `blocks()` yields every visible paragraph as a Block."""

    def __init__(
        self, styles: Styles, numbering: Numbering, deadline: Deadline = NO_DEADLINE
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.deadline = deadline
        self.paragraph_count = 0
        self.table_count = 0
        self.grid_count = 0  # every table, nested ones included
        # What the walk works out from the styles alone, kept with them (`Styles.memo`):
        # the documents of one template share their parsed styles.
        self._run_styles, self._para_styles = styles.memo
        # The elements (run properties, mostly) holding a w:rStyle, w:vanish or w:b: the
        # only run properties the walk reads.  Found by one pass in C over the body, so
        # that the properties of every other run are never looked through.
        self._marked: set[etree._Element] = set()
        # Called with each w:p as it is numbered (annotate uses it to find paragraphs).
        self.on_paragraph: Callable[[etree._Element], None] | None = None

    def blocks(self, body: etree._Element) -> list[Block]:
        self._marked = {e.getparent() for e in body.iter(_RSTYLE, _VANISH, _B)}
        out: list[Block] = []
        self._container(body, None, False, 0, out)
        return out

    # -- block level ---------------------------------------------------------------

    def _container(
        self,
        element: etree._Element,
        cell: _Cell | None,
        placeholder: bool,
        depth: int,
        out: list[Block],
    ) -> None:
        if depth > 64:  # pathological nesting: stop descending, never recurse without bound
            return
        for child in element:
            tag = child.tag
            if tag == _P:
                boxes = self._paragraph(child, cell, placeholder, depth, out)
                if boxes:
                    for box in boxes:
                        self._container(box, cell, placeholder, depth + 1, out)
            elif tag == _TBL:
                self._table(child, cell, placeholder, depth, out)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    shows = placeholder or _shows_placeholder(child)
                    self._container(content, cell, shows, depth + 1, out)
            elif tag in _CONTAINERS:
                self._container(child, cell, placeholder, depth + 1, out)
            elif tag == _ALTERNATE:
                choice = _first_choice(child)
                if choice is not None:
                    self._container(choice, cell, placeholder, depth + 1, out)

    def _table(
        self,
        table: etree._Element,
        outer: _Cell | None,
        placeholder: bool,
        depth: int,
        out: list[Block],
    ) -> None:
        if outer is None:
            self.table_count += 1
            number = self.table_count
        else:
            number = outer.table  # a nested table reports the cell of the outer table
        self.grid_count += 1
        serial = self.grid_count
        for row_index, row in enumerate(_rows(table), start=1):
            for cell_index, cell in enumerate(_cells(row), start=1):
                grid = (serial, row_index, cell_index)
                if outer is None:
                    where = _Cell(number, row_index, cell_index, grid)
                else:
                    where = _Cell(outer.table, outer.row, outer.cell, grid)
                self._container(cell, where, placeholder, depth + 1, out)

    def _paragraph(
        self,
        p: etree._Element,
        cell: _Cell | None,
        placeholder: bool,
        depth: int,
        out: list[Block],
    ) -> list[etree._Element] | None:
        """Add the paragraph's block to `out` (none for a paragraph deleted as a whole);
        return the text boxes it anchors."""
        count = self.paragraph_count = self.paragraph_count + 1
        if count % 256 == 0:
            self.deadline.check()
        if self.on_paragraph is not None:
            self.on_paragraph(p)
        # The usual paragraph is plain: runs of text whose properties the walk need not
        # read (see `_marked`), outside any placeholder.  Its texts are gathered in this
        # one pass over its children; anything else (a content control, a hyperlink, a
        # text box, a run with its own style, …) goes the general way, `_inline`.
        ppr = None
        pieces: list[str] | None = None if placeholder else []
        if pieces is not None:
            marked = self._marked
            for child in p:
                tag = child.tag
                if tag == _R:
                    for item in child:
                        item_tag = item.tag
                        if item_tag == _T:
                            pieces.append(item.text or "")
                        elif item_tag == _RPR:
                            if item in marked:
                                break
                        elif item_tag in _RUN_CHARS:
                            pieces.append(_RUN_CHARS[item_tag])
                        elif item_tag in _BOX_HOLDERS:
                            break
                    else:
                        continue
                    pieces = None
                    break
                if tag == _PPR:
                    if ppr is None:
                        ppr = child
                elif tag in _NOT_PLAIN:
                    pieces = None
                    break
        if pieces is None:  # (the plain pass found the pPr, if any)
            ppr = _child(p, _PPR)
        style_id = pstyle = outline_el = numpr = mark = None
        if ppr is not None:
            for prop in ppr:
                tag = prop.tag
                if tag == _PSTYLE:
                    if pstyle is None:
                        pstyle = prop
                elif tag == _NUMPR:
                    if numpr is None:
                        numpr = prop
                elif tag == _OUTLINE:
                    if outline_el is None:
                        outline_el = prop
                elif tag == _RPR and mark is None:
                    mark = prop
            if pstyle is not None:
                style_id = pstyle.get(_VAL)
        if not style_id:
            style_id = self.styles.default_paragraph
        found = self._para_styles.get(style_id)
        if found is None:
            styles = self.styles
            found = (
                styles.name(style_id),
                styles.outline_level(style_id),
                styles.numbering(style_id),
                self._run_style(None, style_id),
            )
            _remember(self._para_styles, style_id, found)
        style_name, outline, num, plain = found
        boxes = None
        placeholder_text = ""
        if pieces is not None:
            # Every run has the paragraph's run properties: all or none are bold.
            text = "" if plain[0] else pieces[0] if len(pieces) == 1 else "".join(pieces)
            visible = bool(text) and not text.isspace()
            bold = visible and plain[1]
            bold_prefix = text if bold else ""
        else:
            para = _Para()
            self._inline(p, para, style_id, placeholder, depth)
            boxes = para.boxes
            parts = para.parts
            text = "".join(parts)
            visible = bool(text.strip())
            if para.placeholder:
                placeholder_text = " ".join(t.strip() for t in para.placeholder if t.strip())
            # Bold: every run with text is bold; the prefix: the runs up to the first
            # one with text that is not bold, kept only if some run with text is bold.
            if len(parts) == 1:  # the usual paragraph: one run
                bold = visible and para.bold[0]
                bold_prefix = text if bold else ""
            else:
                any_bold = False
                all_bold = True
                prefix_end = None
                for index, run_bold in enumerate(para.bold):
                    if parts[index].strip():
                        if run_bold:
                            any_bold = True
                        else:
                            all_bold = False
                            if prefix_end is None:
                                prefix_end = index
                bold = visible and all_bold
                bold_prefix = "".join(parts[:prefix_end]) if any_bold else ""
        if (
            mark is not None
            and not (visible or placeholder_text)
            and _child(mark, _DEL) is not None
        ):
            return boxes  # the paragraph mark is deleted: the paragraph is gone
        if outline_el is not None:
            value = word_int(outline_el.get(_VAL))
            if value is not None and 0 <= value < 9:
                outline = value
        if numpr is not None:
            num_el = ilvl_el = None
            for item in numpr:
                item_tag = item.tag
                if item_tag == _NUMID:
                    if num_el is None:
                        num_el = item
                elif item_tag == _ILVL and ilvl_el is None:
                    ilvl_el = item
            num_id = num_el.get(_VAL) if num_el is not None else None
            ilvl = word_int(ilvl_el.get(_VAL)) if ilvl_el is not None else None
            if num_id is not None:
                num = (num_id, ilvl)
            elif ilvl is not None and num is not None:
                num = (num[0], ilvl)
        label = None
        if num is not None and (visible or placeholder_text):
            label = self.numbering.label(num[0], num[1] or 0)
        if cell is None:
            location = _location(count, None, None, None)
            grid = None
        else:
            location = _location(count, cell.table, cell.row, cell.cell)
            grid = cell.grid
        out.append(
            _block(
                text,
                placeholder_text,
                style_id,
                style_name,
                outline,
                label,
                bold,
                bold_prefix,
                location,
                grid,
            )
        )
        return boxes

    # -- inline level --------------------------------------------------------------

    def _inline(
        self,
        element: etree._Element,
        para: _Para,
        style_id: str | None,
        placeholder: bool,
        depth: int,
    ) -> None:
        if depth > 128:
            return
        # (hidden, bold, placeholder style) of a run without its own rStyle, vanish or b
        plain = self._run_style(None, style_id)
        for child in element:
            tag = child.tag
            if tag == _R:
                # A run: its text, and whether it is hidden, bold, a placeholder.
                rpr = None
                pieces: list[str] = []
                for item in child:
                    item_tag = item.tag
                    if item_tag == _T:
                        pieces.append(item.text or "")
                    elif item_tag == _RPR:
                        if rpr is None:
                            rpr = item
                    elif item_tag in _RUN_CHARS:
                        pieces.append(_RUN_CHARS[item_tag])
                    elif item_tag in _BOX_HOLDERS:
                        self._collect_boxes(item, para, depth)
                if rpr is None or rpr not in self._marked:
                    hidden, bold, styled = plain
                else:
                    hidden, bold, styled = self._run_properties(rpr, style_id)
                if hidden:
                    continue
                if placeholder or styled:
                    para.placeholder.append("".join(pieces))
                else:
                    para.parts.append("".join(pieces))
                    para.bold.append(bold)
            elif tag in _SKIP:
                continue
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    shows = placeholder or _shows_placeholder(child)
                    self._inline(content, para, style_id, shows, depth + 1)
            elif tag in _DESCEND:
                self._inline(child, para, style_id, placeholder, depth + 1)
            elif tag == _ALTERNATE:
                choice = _first_choice(child)
                if choice is not None:
                    self._inline(choice, para, style_id, placeholder, depth + 1)

    def _run_properties(
        self, rpr: etree._Element, para_style: str | None
    ) -> tuple[bool, bool, bool]:
        """(hidden, bold, placeholder style) of a run with these properties."""
        props = first_children(rpr)
        hidden, bold, styled = self._run_style(_val(props.get(_RSTYLE)), para_style)
        hidden_run = on(props.get(_VANISH))
        bold_run = on(props.get(_B))
        return (
            hidden if hidden_run is None else hidden_run,
            bold if bold_run is None else bold_run,
            styled,
        )

    def _run_style(self, run_style: str | None, para_style: str | None) -> tuple[bool, bool, bool]:
        """What a run's character style and its paragraph's style say, looked up once per
        pair: (hidden, bold, shows a placeholder style)."""
        key = (run_style, para_style)
        found = self._run_styles.get(key)
        if found is None:
            styles = self.styles
            styled = False
            if run_style:
                name = (styles.name(run_style) or run_style).replace(" ", "").lower()
                styled = name in _PLACEHOLDER_STYLES or run_style.lower() in _PLACEHOLDER_STYLES
            found = (
                styles.hidden(run_style) or styles.hidden(para_style),
                styles.bold(run_style) or styles.bold(para_style),
                styled,
            )
            _remember(self._run_styles, key, found)
        return found

    def _collect_boxes(self, element: etree._Element, para: _Para, depth: int) -> None:
        """Find text boxes in a drawing, reading only the first choice of alternates."""
        if depth > 128:
            return
        for child in element:
            if child.tag == _TXBX:
                para.boxes.append(child)
            elif child.tag == _ALTERNATE:
                choice = _first_choice(child)
                if choice is not None:
                    self._collect_boxes(choice, para, depth + 1)
            elif child.tag == _FALLBACK:
                continue
            elif isinstance(child.tag, str):
                self._collect_boxes(child, para, depth + 1)


K = TypeVar("K")
V = TypeVar("V")


def _remember(memo: dict[K, V], key: K, value: V) -> None:
    """Keep `value`; a memo of style ids a document names is bounded (a hostile one may
    name a new id in every paragraph, and the memo lasts as long as its styles)."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value


_MEMO_SIZE = 1024


# Blocks and their locations are built by filling their slots: the frozen dataclasses'
# own __init__ sets each field through object.__setattr__, 1.7 of the ~7 µs a block
# costs the walk.  That needs the models to have exactly these fields, in this order,
# and nothing to run after __init__: checked at import, so that a change of the models
# fails at once instead of building half-filled blocks.
_BLOCK_FIELDS = (
    "text",
    "placeholder",
    "style_id",
    "style_name",
    "outline_level",
    "list_label",
    "bold",
    "bold_prefix",
    "location",
    "grid",
)
_LOCATION_FIELDS = ("paragraph", "table", "row", "cell")


def _by_slots(cls: type, names: tuple[str, ...]) -> bool:
    """Whether `cls` is a slotted dataclass of exactly the fields `names`, in order."""
    return (
        tuple(f.name for f in fields(cls)) == names
        and getattr(cls, "__slots__", None) == names
        and not hasattr(cls, "__post_init__")
    )


FILLED_BY_SLOTS = _by_slots(Block, _BLOCK_FIELDS) and _by_slots(Location, _LOCATION_FIELDS)

if not FILLED_BY_SLOTS:  # pragma: no cover - a change of models.Block or Location
    raise RuntimeError("read/body.py: _BLOCK_FIELDS/_LOCATION_FIELDS differ from the models")

_new = object.__new__
(
    _text,
    _placeholder,
    _style_id,
    _style_name,
    _outline_level,
    _list_label,
    _bold,
    _bold_prefix,
    _location_of,
    _grid,
) = (getattr(Block, name).__set__ for name in _BLOCK_FIELDS)
_paragraph_of, _table_of, _row_of, _cell_of = (
    getattr(Location, name).__set__ for name in _LOCATION_FIELDS
)


def _block(
    text: str,
    placeholder: str,
    style_id: str | None,
    style_name: str | None,
    outline_level: int | None,
    list_label: str | None,
    bold: bool,
    bold_prefix: str,
    location: Location,
    grid: tuple[int, int, int] | None,
) -> Block:
    block: Block = _new(Block)
    _text(block, text)
    _placeholder(block, placeholder)
    _style_id(block, style_id)
    _style_name(block, style_name)
    _outline_level(block, outline_level)
    _list_label(block, list_label)
    _bold(block, bold)
    _bold_prefix(block, bold_prefix)
    _location_of(block, location)
    _grid(block, grid)
    return block


def _location(paragraph: int, table: int | None, row: int | None, cell: int | None) -> Location:
    location: Location = _new(Location)
    _paragraph_of(location, paragraph)
    _table_of(location, table)
    _row_of(location, row)
    _cell_of(location, cell)
    return location


def _first_choice(alternate: etree._Element) -> etree._Element | None:
    choice = alternate.find(_CHOICE)
    return choice if choice is not None else alternate.find(_FALLBACK)


def _shows_placeholder(sdt: etree._Element) -> bool:
    sdt_pr = sdt.find(_SDT_PR)
    return sdt_pr is not None and bool(on(sdt_pr.find(WN + "showingPlcHdr")))


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == _TR:
            yield child
        elif child.tag in _WRAPPERS:  # rows wrapped in a content control
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from (r for r in content if r.tag == _TR)


def _cells(row: etree._Element) -> Iterator[etree._Element]:
    for child in row:
        if child.tag == _TC:
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from (c for c in content if c.tag == _TC)


# The properties of a paragraph or run are a handful of children, the first of them
# usually the one asked for: a loop in Python finds them in a fraction of what
# `find`'s path lookup costs (about 1 µs a call, several calls a paragraph).


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """`element.find(tag)`: the first child with the tag."""
    for child in element:
        if child.tag == tag:
            return child
    return None


_NONE: dict[object, etree._Element] = {}  # never written to


def _val(element: etree._Element | None) -> str | None:
    return element.get(_VAL) if element is not None else None
