"""numbering.xml: compute the list label Word shows ("3.1", "2.", "b)") for a paragraph.

The number of an automatically numbered heading is not in the text; Word computes it
from the paragraph's numPr (or its style's), the abstract numbering's levels (start,
numFmt, lvlText, restart) and the counters of the paragraphs before it.  This module
replays that counting in document order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from lxml import etree

from antragscheck.read.styles import WN, Styles, first_children, word_int

_LEVELS = 9
_TOKENS = tuple(f"%{i + 1}" for i in range(_LEVELS))  # "%1" … "%9" in a level's text
# Every number read from numbering.xml is held to what Word itself accepts (list
# values up to 32767), so a hostile start value cannot make a label huge.
_MAX_VALUE = 32767
# Beyond "zzzzzzzzzz" a letter label is written as a number (bounded label length).
_MAX_LETTER_REPEAT = 10


@dataclass
class Level:
    """One level of a list's numbering (numbering.xml)."""

    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    is_lgl: bool = False
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never


@dataclass
class Abstract:
    """An abstract numbering: its levels, or the style it is defined by."""

    levels: dict[int, Level] = field(default_factory=dict)
    style_link: str | None = None  # numStyleLink: the numbering is defined via a style


@dataclass
class Num:
    """A numbering instance: its abstract numbering and what it overrides."""

    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


_VAL = WN + "val"
_ILVL = WN + "ilvl"
_ABSTRACT_NUM = WN + "abstractNum"
_ABSTRACT_NUM_ID = WN + "abstractNumId"
_NUM = WN + "num"
_NUM_ID = WN + "numId"
_LVL = WN + "lvl"
_START = WN + "start"
_NUM_FMT = WN + "numFmt"
_LVL_TEXT = WN + "lvlText"
_IS_LGL = WN + "isLgl"
_LVL_RESTART = WN + "lvlRestart"
_NUM_STYLE_LINK = WN + "numStyleLink"
_LVL_OVERRIDE = WN + "lvlOverride"
_START_OVERRIDE = WN + "startOverride"


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    if element is None:
        return default
    value: str | None = element.get(_VAL, default)
    return value


def _bounded(value: str | None, default: int, low: int = 0, high: int = _MAX_VALUE) -> int:
    """`value` as an int held to [low, high]; `default` when it is not a number."""
    number = word_int(value)
    return default if number is None else max(low, min(number, high))


def _parse_level(element: etree._Element) -> Level:
    found = first_children(element)
    restart = found.get(_LVL_RESTART)
    return Level(
        start=_bounded(_val(found.get(_START)), 1),
        fmt=_val(found.get(_NUM_FMT), "decimal") or "decimal",
        text=_val(found.get(_LVL_TEXT)),
        is_lgl=_IS_LGL in found,
        restart=_bounded(_val(restart), 0, high=_LEVELS) if restart is not None else None,
    )


def _roman(number: int) -> str:
    if number <= 0 or number >= 4000:
        return str(number)
    pairs = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in pairs:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letter(number: int) -> str:
    # Word repeats the letter: a … z, aa … zz, aaa …
    if number <= 0 or number > 26 * _MAX_LETTER_REPEAT:
        return str(number)
    return chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)


# The formats `format_number` writes otherwise than str(number).
_FORMATS_OF_THEIR_OWN = frozenset(
    ("decimalZero", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "none")
)


def format_number(number: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "upperRoman":
        return _roman(number)
    if fmt == "lowerRoman":
        return _roman(number).lower()
    if fmt == "upperLetter":
        return _letter(number)
    if fmt == "lowerLetter":
        return _letter(number).lower()
    if fmt == "none":
        return ""
    return str(number)


class Definitions:
    """The lists numbering.xml defines: abstract numberings and their instances.  They
    never change while a document is read, so documents made from the same template
    share one parsed copy."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstracts: dict[str, Abstract] = {}
        self.nums: dict[str, Num] = {}
        # what `Numbering.label` works out once per list and level (at most 9 a list)
        self.plans: dict[tuple[str, int], _Plan] = {}
        if root is None:
            return
        # One pass over each element's children (lxml's find() costs a path lookup).
        for element in root.iterchildren(_ABSTRACT_NUM):
            abstract = Abstract()
            style_link = None
            for child in element:
                tag = child.tag
                if tag == _LVL:
                    level = _bounded(child.get(_ILVL), 0, high=_LEVELS - 1)
                    abstract.levels[level] = _parse_level(child)
                elif tag == _NUM_STYLE_LINK and style_link is None:
                    style_link = child
            abstract.style_link = _val(style_link)
            self.abstracts[element.get(_ABSTRACT_NUM_ID, "")] = abstract
        for element in root.iterchildren(_NUM):
            abstract_id = None
            overrides = []
            for child in element:
                tag = child.tag
                if tag == _LVL_OVERRIDE:
                    overrides.append(child)
                elif tag == _ABSTRACT_NUM_ID and abstract_id is None:
                    abstract_id = child
            num = Num(abstract_id=_val(abstract_id, "") or "")
            for override in overrides:
                ilvl = _bounded(override.get(_ILVL), 0, high=_LEVELS - 1)
                found = first_children(override)
                start = found.get(_START_OVERRIDE)
                if start is not None:
                    num.start_overrides[ilvl] = _bounded(_val(start), 1)
                lvl = found.get(_LVL)
                if lvl is not None:
                    num.level_overrides[ilvl] = _parse_level(lvl)
            self.nums[element.get(_NUM_ID, "")] = num


class Numbering:
    """Counters for every list in the document, advanced paragraph by paragraph."""

    def __init__(self, definitions: Definitions | etree._Element | None, styles: Styles) -> None:
        if not isinstance(definitions, Definitions):
            definitions = Definitions(definitions)
        self._abstracts = definitions.abstracts
        self._nums = definitions.nums
        self._styles = styles
        self._counters: dict[str, list[int | None]] = {}
        self._started_nums: set[str] = set()
        # per list: its abstract numbering and the level in effect at each depth
        self._lists: dict[str, tuple[str, tuple[Level, ...]] | None] = {}
        # per list and level: what `label` does (see `_plan`); shared by the documents
        # of one template where the list does not depend on the styles
        self._plans: dict[tuple[str, int], _Plan] = {}
        self._shared_plans = definitions.plans

    def _resolve(self, num_id: str) -> tuple[str, Abstract] | None:
        num = self._nums.get(num_id)
        seen: set[str] = set()
        while num is not None and num_id not in seen:
            seen.add(num_id)
            abstract = self._abstracts.get(num.abstract_id)
            if abstract is None:
                return None
            if abstract.style_link is None:
                return num.abstract_id, abstract
            linked = self._styles.numbering(abstract.style_link)
            if linked is None:
                return None
            num_id = linked[0]
            num = self._nums.get(num_id)
        return None

    def _list(self, num_id: str) -> tuple[str, tuple[Level, ...]] | None:
        """The abstract numbering of the list `num_id` and its nine levels (the list's
        overrides before the abstract's); None for a list that resolves to none."""
        if num_id not in self._lists:
            resolved = self._resolve(num_id)
            if resolved is None:
                self._lists[num_id] = None
            else:
                abstract_id, abstract = resolved
                overrides = self._nums[num_id].level_overrides
                levels = tuple(
                    overrides.get(i) or abstract.levels.get(i) or Level() for i in range(_LEVELS)
                )
                self._lists[num_id] = (abstract_id, levels)
        return self._lists[num_id]

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list `num_id` at level `ilvl` and return its rendered label.
        Returns None for numId 0 (numbering switched off), unknown lists and bullets."""
        if not 0 <= ilvl < _LEVELS:
            ilvl = max(0, min(ilvl, _LEVELS - 1))
        key = (num_id, ilvl)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._shared_plans.get(key)
            if plan is None:
                if num_id in ("", "0") or num_id not in self._nums:
                    return None
                resolved = self._list(num_id)
                if resolved is None:
                    return None
                plan = _plan(resolved[0], resolved[1], ilvl)
                abstract = self._abstracts.get(self._nums[num_id].abstract_id)
                if abstract is not None and abstract.style_link is None:
                    self._shared_plans[key] = plan  # resolved without the styles
            self._plans[key] = plan
        abstract_id, levels, resets, text, tokens = plan
        counters = self._counters.get(abstract_id)
        if counters is None:
            counters = self._counters[abstract_id] = [None] * _LEVELS
        if num_id not in self._started_nums:
            self._started_nums.add(num_id)
            for level_index, start in self._nums[num_id].start_overrides.items():
                if 0 <= level_index < _LEVELS:
                    counters[level_index] = start - 1
        current = counters[ilvl]
        if current is None:
            counters[ilvl] = levels[ilvl].start
        elif current < _MAX_VALUE:
            counters[ilvl] = current + 1
        else:
            counters[ilvl] = _MAX_VALUE
        for deeper in resets:
            counters[deeper] = None
        if text is None:
            return None
        for index, token, render in tokens:
            value = counters[index]
            if value is None:
                value = levels[index].start
            text = text.replace(token, render(value))
        return text.strip() or None


_Render = Callable[[int], str]
_Token = tuple[int, str, _Render]  # a level's index, its token ("%1"), how it is written
_Plan = tuple[str, tuple[Level, ...], tuple[int, ...], str | None, tuple[_Token, ...]]


def _renderer(fmt: str) -> _Render:
    """`format_number` for one format: `str` itself for the decimal numbers (and every
    format it writes as such)."""
    if fmt in _FORMATS_OF_THEIR_OWN:
        return partial(_format_as, fmt)
    return str


def _format_as(fmt: str, number: int) -> str:
    return format_number(number, fmt)


def _plan(abstract_id: str, levels: tuple[Level, ...], ilvl: int) -> _Plan:
    """What advancing level `ilvl` of a list does, worked out once per document: the
    deeper levels it restarts, and its text (None for a bullet) with the tokens in it
    ("%1" … "%9", in order) and the format each is written in."""
    level = levels[ilvl]
    resets = tuple(
        deeper
        for deeper in range(ilvl + 1, _LEVELS)
        if levels[deeper].restart != 0
        and (levels[deeper].restart is None or (levels[deeper].restart or 0) > ilvl)
    )
    text = None if level.fmt == "bullet" else level.text
    tokens: list[_Token] = []
    if text is not None:
        # A "%" before a token ("%%1") could make a new token from a number written in:
        # only then is each token looked for after the ones before it are written.
        for index, token in enumerate(_TOKENS):
            if token in text or "%%" in text:
                fmt = levels[index].fmt
                if level.is_lgl and fmt != "decimalZero":
                    fmt = "decimal"
                tokens.append((index, token, _renderer(fmt)))
    return abstract_id, levels, resets, text, tuple(tokens)
