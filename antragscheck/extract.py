"""Stage 3, extract: section text → the request's facts (the `Antrag` model).

Pure functions over text.  What a municipality writes (units, pay grades, kinds of
council paper, bodies, decision verbs, plan-year phrases, Stellenvermerke, the sections
each fact is read from) is data: a `Notation` declared beside the document type
(rules/*-notationen.yaml, see antragscheck/notations.py).  This module holds the grammar
that is the same everywhere (numbers, dates, how a share, a list or a table is built)
and compiles the notation's words into patterns once per notation.

Every pattern here has bounded repetitions and every search is bounded to a sentence
or a window around a match, so extraction takes time linear in the text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property, lru_cache

from antragscheck import keep
from antragscheck.doctypes import DocumentType
from antragscheck.models import (
    Antrag,
    Decision,
    Note,
    Position,
    Reference,
    Section,
    Suppression,
)
from antragscheck.notations import (
    Notation,
    alternation,
    branches,
    grouped,
    is_small,
    key,
    pieces,
    shortest_pieces,
    small_pieces,
)
from antragscheck.spec import ByFields, record
from antragscheck.structure import Structure

# The module's regular expressions, kept compiled in the user's cache (keep.Kept; saved
# at the end of the module).
_kept = keep.Kept(__name__)

# -- dates (the same in every municipality) -------------------------------------------

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = _kept.compile(
    r"(?<![\w.])(?:(?P<d>\d{1,2})\.\s{0,2}(?P<m>\d{1,2})\.\s{0,2}(?P<y>\d{4}|\d{2})(?![\d])"
    rf"|(?P<d2>\d{{1,2}})\.\s{{0,3}}(?P<mn>{_MONTH_NAMES})\.?\s{{1,3}}(?P<y2>\d{{4}})(?!\d)"
    r"|(?P<m3>\d{1,2})/(?P<d3>\d{1,2})/(?P<y3>\d{4})(?!\d)"
    r"|(?P<y4>20\d{2})-(?P<m4>\d{2})-(?P<d4>\d{2})(?!\d))",
    re.IGNORECASE,
)


# A DATE's first separator, where it shows where the DATE starts: a dot or slash after
# one or two digits (the day or month), a dash after four (the year), with no letter,
# digit or dot before them.  The pattern starts with one class of the three separators,
# rarer than digits, so `re` scans for them; group "two" or "four" tells how many
# digits come before.
_DATE_SEPARATOR = _kept.compile(
    r"[./\-](?<=\d.)(?:(?<=(?<![\w.])\d[./])|(?<=(?<![\w.])\d\d[./])(?P<two>)"
    r"|(?<=(?<![\w.])\d{4}-)(?P<four>))"
)


def dates(text: str) -> Iterator[re.Match[str]]:
    """`DATE.finditer(text)`, with DATE tried only where a separator says a date could
    start.  (Each separator's start lies after the one before's: a date's first digits
    hold no separator.)"""
    pos = 0
    for separator in _DATE_SEPARATOR.finditer(text):
        start = _date_start(separator)
        if start < pos:
            continue
        match = DATE.match(text, start)
        if match is not None:  # never empty: every branch has digits
            yield match
            pos = match.end()


def _date_start(separator: re.Match[str]) -> int:
    """Where the DATE whose first separator this is would start."""
    if separator.group("four") is not None:
        return separator.start() - 4
    return separator.start() - 1 - (separator.group("two") is not None)


# `_DATE_SEPARATOR` once per separator: `re` scans for one character far faster than
# for one of a set (for `has_date`, where the order of the dates does not matter).
_DATE_SEPARATORS = tuple(
    _kept.compile(re.escape(mark) + _DATE_SEPARATOR.pattern.removeprefix(r"[./\-]"))
    for mark in "./-"
)


def has_date(text: str) -> bool:
    """Whether DATE matches anywhere in `text` (as `next(dates(text), None)` is one)."""
    for separators in _DATE_SEPARATORS:
        for separator in separators.finditer(text):
            if DATE.match(text, _date_start(separator)) is not None:
                return True
    return False


_OTHER_DIGIT = _kept.compile(r"[^\D0-9]")  # a digit \d knows beyond 0-9 ("٣", "３")
_SPACES = _kept.compile(r"\s+")  # module-level re.sub looks its pattern up at each call
_SPACE = _kept.compile(r"\s")


def finditer(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that never matches empty and whose matches
    start only where `starts` matches, tried only there.  `starts` begins with a set of
    first characters, which `re` scans for without trying a pattern at each position;
    a pattern that begins with a look-behind or an optional group is tried everywhere.
    Each step moves on by at least one character, so the time stays linear."""
    pos = 0
    while (start := starts.search(text, pos)) is not None:
        match = pattern.match(text, start.start())
        if match is None or match.end() == match.start():
            pos = start.start() + 1
            continue
        yield match
        pos = match.end()


def holds_any(parts: Sequence[str], text: str) -> bool:
    """Whether one of the pieces (`notations.pieces` of a pattern's words) is in `text`:
    where none is, the pattern cannot match, and `re` need not scan the text."""
    return any(map(text.__contains__, parts))  # no generator frame per piece


def parse_date(match: re.Match[str]) -> dt.date | None:
    """The date of a DATE match: "25.03.2021", "25. März 2021", "2021-03-25" or
    "12/15/2021" (the month-first form some portal headers write)."""
    try:
        if match.group("d"):
            year = int(match.group("y"))
            year += 2000 if year < 100 else 0
            return dt.date(year, int(match.group("m")), int(match.group("d")))
        if match.group("d2"):
            month = MONTHS[match.group("mn").lower()]
            return dt.date(int(match.group("y2")), month, int(match.group("d2")))
        if match.group("y4"):
            return dt.date(int(match.group("y4")), int(match.group("m4")), int(match.group("d4")))
        return dt.date(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
    except ValueError:
        return None


_MONTH_YEAR = _kept.compile(r"(?<![\d./])(?P<m>0?[1-9]|1[0-2])\s{0,2}/\s{0,2}(?P<y>20\d{2})(?!\d)")
_YEAR = _kept.compile(r"(?<![\d./])(?P<y>20\d{2})(?![\d/])")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# -- sentences ------------------------------------------------------------------------

# A sentence ends at . ! ? after a letter or a closing quote, not after a number or an
# abbreviation of a pay grade or a paper ("am 25. März 2021", "Nr. 5", "Drs. 12/2020"),
# and at every line break.  The pattern starts with one of these four characters, so
# that `re` scans for them and tries it nowhere else (a pattern whose branches start
# otherwise than with a single character is tried at every position).  The group that
# matched is the white space after a mark; a line break is its own.
_SENTENCE_END = _kept.compile(
    r"[.!?\n](?:(?<=[^\W\d_]{3}[.!?])(?P<end>\s\s{0,9}(?=[A-ZÄÖÜ„\"]))"
    r"|(?<=[“\")][.!?])(?P<quoted>\s\s{0,9})|(?<=\n))"
)
# Abbreviations a sentence does not end at: the usual ones, and any word with a capital
# after its first letter and a small letter ("BesGr.", "EGr.", "GRDrs."), which is
# never the last word of a sentence the way "VZÄ." is.
# `_SENTENCE_END` for a text whose only mark is the period: `re` scans for one
# character far faster than for one of a set.
_PERIOD_END = _kept.compile(r"\." + _SENTENCE_END.pattern.removeprefix(r"[.!?\n]"))
_OTHER_MARKS = "!?\n"
_NO_END = _kept.compile(
    r"(?:(?<!\w)(?:Nr|Nrn|Drs|Abs|bzw|ggf|vgl|Ziff|Anl)"
    r"|(?<![\w.])[A-ZÄÖÜ][a-zäöüß]{0,5}[A-ZÄÖÜ][A-Za-zäöüßÄÖÜ]{0,8}(?<=[a-zäöüß]))\.$"
)


class _Kept:
    """The last answers of an extractor (`compute`) by its arguments, the first being
    the text: each fact is read from the same sections, and a post's unit and grade
    from its text, sentence and segment (often the same string), so one request asks
    the same question several times.  At most `entries` texts of together `chars`
    characters are kept; then all are dropped."""

    def __init__(
        self,
        compute: Callable[..., Iterable[tuple[int, str]]],
        entries: int = 64,
        chars: int = 1 << 20,
    ) -> None:
        self.compute = compute
        self.entries = entries
        self.chars = chars
        self.found: dict[tuple[object, ...], tuple[tuple[int, str], ...]] = {}
        self.held = 0  # characters of the kept texts

    def __call__(self, text: str, *rest: object) -> tuple[tuple[int, str], ...]:
        key = (text, *rest)
        found = self.found.get(key)
        if found is None:
            found = tuple(self.compute(text, *rest))
            if len(self.found) >= self.entries or self.held + len(text) > self.chars:
                self.found.clear()
                self.held = 0
            if len(text) <= self.chars:
                self.found[key] = found
                self.held += len(text)
        return found


def sentences(text: str, g: Grammar | None = None) -> tuple[tuple[int, str], ...]:
    """(offset, sentence) of each sentence of `text`; with a grammar, the abbreviations
    of its notation ("Std.", "Wo.") do not end one either."""
    return _split(text, g.abbreviation if g is not None else None)


def _sentences(text: str, abbreviation: re.Pattern[str] | None) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    ends = _SENTENCE_END if any(map(text.__contains__, _OTHER_MARKS)) else _PERIOD_END
    for match in ends.finditer(text):
        end = match.start(match.lastindex or 0)  # where the white space begins
        # An abbreviation (_NO_END, the notation's) ends with its dot; a single line
        # break ends the sentence whatever comes before it.
        if text[end - 1] == "." and text[end : match.end()] != "\n":
            tail = text[max(start, end - 40) : end]  # linear: the end only
            # An abbreviation holds no white space: it can only be the last word.
            if _abbreviated(tail.rsplit(None, 1)[-1], abbreviation):
                continue
        piece = text[start:end]
        if piece.strip():
            out.append((start, piece))
        start = match.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


_split = _Kept(_sentences)


@lru_cache(maxsize=4096)
def _abbreviated(word: str, abbreviation: re.Pattern[str] | None) -> bool:
    """Whether a sentence's last word (after white space, or the start of a text) is an
    abbreviation, kept by word: the same words end many sentences.  (The patterns look
    behind the word only for a letter, digit or dot, which white space is not.)"""
    return bool(_NO_END.search(word) or (abbreviation is not None and abbreviation.search(word)))


# -- the grammar, compiled from a notation --------------------------------------------

_NUM = r"\d{1,3}(?:,\d{1,6}|\.\d{1,2}(?![\d.]))?"
_NUM_LEFT = r"(?<![\w,./])"
_CAP = r"[A-ZÄÖÜ]"
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"  # what _CAP matches
_ADJ_ENDINGS = ("em", "en", "er", "es", "e")
_NOMINATIVE = {"m": "er", "f": "e", "n": "es"}
_DETERMINERS = (
    r"(?:Dies|Jed|Unser|Ihr|Sein|Kein|Ein|Welch|Jen|Solch|Manch|All|Beid|Ander|Gleich|"
    r"Selb|Zuständig|Jeweilig|Betreffend|Genannt|Obig|Neu|Bisherig|Folgend|Beid|Viel|Einig|"
    r"Mehrer|Sonstig|Übrig|Weiter)\w{0,3}\s"
)


_NOTHING = r"(?!x)x"  # an empty vocabulary matches nothing, not the empty string

# The name of a unit or committee after its head word: capitalised words, an adjective
# before one ("öffentliche Ordnung"), commas inside when an "und" ends the list ("Jugend,
# Familie und Bildung").
_NAME_WORD = (
    r"(?:(?!(?:eine|keine|diese|jede|seine|ihre|unsere)[nrms]?\s)"
    r"[a-zäöüß]{2,30}(?:e|en|er|es|em)\s{1,2})?[A-ZÄÖÜ][\w\-]{0,40}"
)
_NAME_WORDS = rf"{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD}){{0,3}}"
_NAME = (
    rf"{_NAME_WORDS}(?:(?:\s{{0,2}},\s{{1,2}}{_NAME_WORDS}){{0,4}}\s{{1,2}}(?:und|&)\s{{1,2}}"
    rf"{_NAME_WORDS})?"
)


def _grade_number(number: str) -> str:
    """A grade's number with an optional space before its letter: "11b", "11 b", "15 Ü"."""
    match = re.fullmatch(r"(\d+)\s?(\D*)", number.strip())
    if match is None or not match.group(2):
        return re.escape(number.strip())
    return re.escape(match.group(1)) + r"\s?" + re.escape(match.group(2))


def _literal(words: Iterable[str]) -> str:
    """Words as a literal alternation, longest first, case as written."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered) or _NOTHING


@dataclass(eq=False)
class Grammar:
    """The patterns of one notation (built once, see `grammar`; compared and kept by
    identity)."""

    notation: Notation

    # -- lookups -------------------------------------------------------------------

    @cached_property
    def unit_of(self) -> dict[str, str]:
        return {key(w): u.name for u in self.notation.shares.units for w in u.words}

    @cached_property
    def number_of(self) -> dict[str, Decimal]:
        return {key(k): Decimal(v) for k, v in self.notation.shares.number_words.items()}

    @cached_property
    def articles(self) -> frozenset[str]:
        return frozenset(key(w) for w in self.notation.shares.article_words)

    @cached_property
    def body_of(self) -> dict[str, str]:
        return {key(w): b.name for b in self.notation.decisions.bodies for w in b.words}

    @cached_property
    def kind_of(self) -> dict[str, tuple[str, bool]]:
        return {
            key(w): (k.name, k.council) for k in self.notation.references.kinds for w in k.words
        }

    @cached_property
    def note_of(self) -> dict[str, str]:
        return {key(w): k.kind for k in self.notation.notes.kinds for w in k.words}

    def org_level(self, unit: str) -> int:
        """How well a unit fits as the post's unit: the index of the first level whose
        word it starts or ends with (Amt before Referat before Abteilung)."""
        first = key(unit.split()[0]) if unit.split() else ""
        last = key(unit.split()[-1]) if unit.split() else ""
        for index, level in enumerate(self.notation.org_units.levels):
            for word in level:
                if first == key(word) or last.endswith(key(word)):
                    return index
        return len(self.notation.org_units.levels)

    @cached_property
    def not_units(self) -> frozenset[str]:
        return frozenset(key(w) for w in self.notation.org_units.not_units)

    @cached_property
    def abbreviation(self) -> re.Pattern[str]:
        """The last word of every notation word that ends in a dot ("Std.", "Egr.")."""

        def words(value: object) -> Iterator[str]:
            if isinstance(value, str):
                if value.endswith(".") and value.split():
                    yield value.split()[-1]
            elif isinstance(value, dict):
                for item in value.values():
                    yield from words(item)
            elif isinstance(value, list | tuple):
                for item in value:
                    yield from words(item)

        found = sorted(set(words(asdict(self.notation))), key=len, reverse=True)
        if not found:
            return re.compile(_NOTHING)
        return re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, found))})$")

    # -- shares --------------------------------------------------------------------

    @cached_property
    def units(self) -> str:
        return alternation(w for u in self.notation.shares.units for w in u.words)

    @cached_property
    def share(self) -> re.Pattern[str]:
        """A number with a unit, a size word with a number, a percentage or hours."""
        s = self.notation.shares
        numbers = alternation(s.number_words)
        fillers = alternation(s.fillers)
        return re.compile(
            # "2 x 0,5 Stellen", "1,0 Stelle", "eine neue Stelle"
            rf"(?:{_NUM_LEFT}(?P<mult>\d{{1,2}})\s{{0,2}}{alternation(s.multipliers)}\s{{0,2}})?"
            rf"(?:{_NUM_LEFT}(?P<num>{_NUM})|(?P<word>{numbers}))"
            rf"(?:\s{{1,3}}{fillers}){{0,2}}\s{{1,3}}(?P<unit>{self.units})"
            # "Stellenumfang von 75 %", "ein Stellenanteil von 0,25"
            rf"|(?P<size>{alternation(s.size_words)})\s{{0,3}}(?:{alternation(s.size_links)}"
            rf"\s{{0,3}}){{0,2}}(?P<snum>{_NUM})(?:\s{{0,3}}(?P<sunit>{self.units}|"
            rf"(?P<spct>{alternation(s.percent_words)})|(?P<shrs>{alternation(s.hour_words)})))?"
            # "19,5 von 39 Wochenstunden", "19,5 Std./Woche", "50 %"
            rf"|{_NUM_LEFT}(?P<hnum>{_NUM})(?:\s{{0,3}}(?:von|/)\s{{0,3}}(?P<hof>\d{{2}}(?:,\d)?))?"
            rf"\s{{0,3}}(?P<hrs>{alternation(s.hour_words)})"
            rf"|{_NUM_LEFT}(?P<pnum>{_NUM})\s{{0,2}}(?P<pct>{alternation(s.percent_words)})"
        )

    @cached_property
    def share_start(self) -> re.Pattern[str]:
        """Where a share can start (see `finditer`): a digit 0-9 after no letter, digit,
        comma, dot or slash, a number word or a size word.  Every branch starts with
        one character, so `re` scans for them; `share` begins with optional parts and
        would be tried at every position.  (A text with another digit is searched by
        `share` itself, whose `\\d` knows every digit: see `_OTHER_DIGIT`.)"""
        s = self.notation.shares
        digits = [(digit, r"(?<![\w,./]\d)") for digit in "0123456789"]
        words = sorted({w.strip() for w in [*s.number_words, *s.size_words] if w.strip()})
        return re.compile(grouped(digits + [b for w in words for b in branches(w)]))

    @cached_property
    def full_week(self) -> re.Pattern[str]:
        """ "die regelmäßige Wochenarbeitszeit beträgt 41 Stunden": the standard week."""
        s = self.notation.shares
        return re.compile(
            rf"{alternation(s.full_week_words)}(?:\W{{1,3}}\w{{1,20}}){{0,6}}?\W{{1,3}}"
            rf"(?P<hours>\d{{2}}(?:,\d{{1,2}})?)\s{{0,3}}{alternation(s.hour_words)}"
        )

    @cached_property
    def size_tail(self) -> re.Pattern[str]:
        """What may follow "ein Stellenanteil": " von 0,25", " im Umfang von 50 %"."""
        s = self.notation.shares
        return re.compile(
            rf"\s{{0,3}}(?:{alternation(s.size_words)}\s{{0,3}})?(?:{alternation(s.size_links)}"
            rf"\s{{0,3}}){{1,2}}(?P<num>{_NUM})(?![\d,])(?:\s{{0,3}}(?:{self.units}|"
            rf"(?P<pct>{alternation(s.percent_words)})|(?P<hrs>{alternation(s.hour_words)})))?"
        )

    @cached_property
    def week(self) -> re.Pattern[str]:
        return re.compile(alternation(self.notation.shares.week_words))

    @cached_property
    def unit_before_percent(self) -> re.Pattern[str]:
        return re.compile(
            rf"(?:{self.units}|{alternation(self.notation.shares.size_words)})"
            r"\s{0,3}(?:\(|mit|zu|von|im\s{1,3}Umfang\s{1,3}von|:|,)?\s{0,3}$"
        )

    @cached_property
    def civil_servant(self) -> re.Pattern[str]:
        return re.compile(alternation(self.notation.shares.civil_servant_words))

    @cached_property
    def breakdown(self) -> re.Pattern[str]:
        return re.compile(alternation(self.notation.shares.breakdown_words))

    @cached_property
    def total(self) -> re.Pattern[str]:
        return re.compile(
            alternation(self.notation.shares.total_words) + r"\W{0,3}\w{0,12}\W{0,3}$"
        )

    # -- pay grades ----------------------------------------------------------------

    @cached_property
    def grade(self) -> re.Pattern[str]:
        parts = []
        for index, system in enumerate(self.notation.pay_grades.systems):
            leads = rf"(?P<l{index}>{alternation(system.leads)})\s{{0,2}}" if system.leads else ""
            numbers = (
                _NOTHING
                if not system.numbers
                else "|".join(
                    _grade_number(n) for n in sorted(system.numbers, key=lambda n: (-len(n), n))
                )
            )
            extras = alternation(system.extras) if system.extras else r"(?!x)x"
            letters = _literal(system.letters)
            parts.append(
                rf"(?:{leads})?(?P<t{index}>{letters})\s{{0,2}}"
                rf"(?P<n{index}>{numbers})(?P<x{index}>{extras})?(?!\w|,\d)"
            )
        return re.compile(r"(?<![\w.])(?:" + ("|".join(parts) or _NOTHING) + ")")

    @cached_property
    def grade_start(self) -> re.Pattern[str]:
        """Where a grade can start (see `finditer`): one of the lead words, or a prefix
        as written followed by the first character of one of its system's numbers,
        after no letter, digit or dot."""
        return re.compile(grouped(self._grade_starts()))

    @cached_property
    def grade_start_capital(self) -> re.Pattern[str]:
        """`grade_start` for a text without `grade_small`: only the branches that start
        with no small letter (see `notations.alternation`)."""
        return re.compile(grouped(b for b in self._grade_starts() if not is_small(b[0])))

    @cached_property
    def grade_small(self) -> tuple[str, ...]:
        """One of these is in every text where a branch of `grade_start` that starts
        with a small letter matches."""
        found: list[str] = []
        for system in self.notation.pay_grades.systems:
            found += small_pieces(system.leads)
            found += [w for w in system.letters if w and is_small(re.escape(w[0]))]
        return shortest_pieces(found)

    def _grade_starts(self) -> list[tuple[str, str]]:
        starts: list[tuple[str, str]] = []
        for system in self.notation.pay_grades.systems:
            numbers = sorted({n.strip()[0] for n in system.numbers if n.strip()})
            if not numbers:
                continue  # a system without numbers has no grades
            starts += [b for lead in system.leads if lead.strip() for b in branches(lead)]
            after = r"\s{0,2}[" + "".join(map(re.escape, numbers)) + "]"
            starts += [
                (re.escape(w[0]), r"(?<![\w.][\s\S])" + re.escape(w[1:]) + after)
                for w in system.letters
                if w
            ]
        return starts

    @cached_property
    def grade_context(self) -> re.Pattern[str]:
        p = self.notation.pay_grades
        # context words are stems: "Stelle" counts in "Stellen", "bewertet" in "bewerteten";
        # every word of a post's unit and of civil servants is context too
        # ("Teilzeitstelle … (E 10)", "für Beamte (A 8)")
        shares = self.notation.shares
        units = [w for u in shares.units for w in u.words] + list(shares.civil_servant_words)
        return re.compile(alternation([w.rstrip("~") + "~" for w in [*p.context, *p.laws, *units]]))

    @cached_property
    def grade_law(self) -> re.Pattern[str]:
        return re.compile(alternation(self.notation.pay_grades.laws))

    @cached_property
    def not_grade_word(self) -> re.Pattern[str]:
        return re.compile(alternation(self.notation.pay_grades.not_after))

    # -- org units -----------------------------------------------------------------

    @cached_property
    def org_unit(self) -> re.Pattern[str]:
        o = self.notation.org_units
        heads = _literal(o.heads)
        name = _NAME
        suffixes = _literal(o.compound_suffixes)
        standalone = _literal(o.standalone)
        return re.compile(
            # "Amt für Jugend, Familie und Bildung", "Fachbereich 6 – Soziales", "FB 31"
            rf"(?<![\w-])(?P<head>{heads})(?P<gen>e?s)?(?!\w)"
            rf"(?:\s{{1,2}}(?P<code>\d{{1,3}}(?:[.\-/]\d{{1,3}}){{0,2}}|[IVX]{{1,5}}(?:[/.\-]\d{{1,3}})?)(?!\w)"
            rf"(?:(?:\s{{0,2}}[–\-:]\s{{0,2}}|\s{{1,2}})(?P<cname>{name}))?"
            rf"|\s{{1,2}}(?:(?:für|der|des)\s{{1,2}})?(?P<name>{name}))?"
            # "im Statistischen Amt"
            rf"|(?<![\w-])(?!{_DETERMINERS})(?P<adj>{_CAP}[a-zäöüß]{{2,30}}?(?:em|en|er|es|e))"
            rf"\s{{1,2}}(?P<ahead>{heads})(?:e?s)?(?!\w)"
            # "Jugendamt", "des Jugendamts", "Haupt- und Personalamt"
            rf"|(?<![\w-])(?P<cword>(?:(?:{_CAP}[a-zäöüß]{{1,30}}-,?\s{{1,2}}){{1,4}}"
            rf"(?:und|u\.)\s{{1,2}})?"
            rf"(?:{_CAP}[\w\-]{{0,40}}?(?:{suffixes})|{standalone}))(?P<cgen>es|s)?(?![\w-])"
        )

    @cached_property
    def org_unit_start(self) -> re.Pattern[str]:
        """Where an org unit can start (see `finditer`): a capital, or the first
        character of a head word or a standalone unit as written, after no letter,
        digit or hyphen.  Every branch of `org_unit` starts with a look-behind, so it
        would be tried at every position."""
        o = self.notation.org_units
        firsts = set(_CAPITALS) | {w[0] for w in [*o.heads, *o.standalone] if w}
        return re.compile(grouped((re.escape(c), r"(?<![\w-].)") for c in sorted(firsts)))

    # -- council references --------------------------------------------------------

    # A paper's number: digits with a year, prefixes and suffixes joined by "/", "-" or a
    # space ("2023/187", "V 298/2023", "DrS/2023/145", "VII-DS-06921", "20-26 / V 06995",
    # "WP 20-25 SV 51/038", "VO/2023/0368-R5", "21/94 S").
    _ID = (
        r"(?:[A-Z][A-Za-z]{0,3}\d{0,5}(?:\s?[/\-]\s?|\s))?"
        r"(?:[A-Z]{1,4}\d{0,5}(?:\s?[/\-]\s?|\s))?"
        r"\d{1,6}(?:\s?[/\-]\s?(?:[A-Z][A-Za-z]{0,3}\d{0,5}|\d{1,6})"
        r"|\s(?:[A-Z]{1,4}\d{0,5}|[A-Z][A-Za-z]{0,3}\d{1,5})(?=\s?[/\-\d]|[^\w/\-]|$)"
        r"|(?<=[A-Z])\s\d{1,6}){0,5}"
        r"(?![\w/\-]|[,.]\d)"
    )

    @cached_property
    def reference(self) -> re.Pattern[str]:
        return self._reference(small=True)

    @cached_property
    def reference_capital(self) -> re.Pattern[str]:
        """`reference` for a text without `paper_small`: only the kinds' branches that
        start with no small letter (see `notations.alternation`)."""
        return self._reference(small=False)

    @cached_property
    def paper_small(self) -> tuple[str, ...]:
        return small_pieces(w for k in self.notation.references.kinds for w in k.words)

    def _reference(self, *, small: bool) -> re.Pattern[str]:
        r = self.notation.references
        kinds = alternation((w for k in r.kinds for w in k.words), small=small)
        return re.compile(
            rf"(?P<kind>{kinds})(?:\s{{0,2}}(?P<nr>{alternation(r.number_words)}))?"
            rf"\s{{0,2}}:?\s{{0,2}}(?P<id>{self._ID})"
        )

    @cached_property
    def reference_next(self) -> re.Pattern[str]:
        """The next number of a list: ", 882/2015 und 715/2016"."""
        r = self.notation.references
        return re.compile(
            rf"(?:\s{{0,2}}{alternation(r.suffixes)})?\s{{0,2}}{alternation(r.list_links)}\s{{0,2}}"
            rf"(?:{alternation(r.number_words)}\s{{0,2}})?"
            rf"(?P<id>{self._ID})"
        )

    # -- decisions -----------------------------------------------------------------

    @cached_property
    def body(self) -> re.Pattern[str]:
        d = self.notation.decisions
        words = sorted({w for b in d.bodies for w in b.words}, key=lambda w: (-len(w), w))
        bodies = _literal(words)
        suffixes = _literal(d.committee_suffixes)
        return re.compile(
            rf"(?<![\w-])(?P<body>{bodies})(?=\W|beschl|Beschl|sitzung|$)"
            rf"|(?<![\w-])(?P<committee>(?:{_CAP}[a-zäöüß]{{1,30}}-\s{{1,2}}(?:und|u\.)\s{{1,2}})?"
            rf"{_CAP}[\w\-]{{0,40}}?(?:{suffixes})(?:\s[A-ZÄÖÜ]{{3,12}}(?![\w.]))?)(?!\w)"
            # "Ausschuss für Finanzen, Wirtschaft und Personal"
            rf"|(?<![\w-])(?P<named>(?:{_literal(d.named_committees)})(?:es|s)?\s{{1,2}}"
            rf"(?:für|der|des)\s{{1,2}}{_NAME})"
        )

    @cached_property
    def decided(self) -> re.Pattern[str]:
        return re.compile(alternation(self.notation.decisions.verbs))

    @cached_property
    def not_decided(self) -> re.Pattern[str]:
        d = self.notation.decisions
        return re.compile(alternation([*d.consultation, *d.pending]))

    @cached_property
    def paper_pieces(self) -> tuple[str, ...]:
        """One of these is in every text `reference` (or `paper_word`) matches."""
        return pieces(w for k in self.notation.references.kinds for w in k.words)

    @cached_property
    def paper_word(self) -> re.Pattern[str]:
        return re.compile(alternation(w for k in self.notation.references.kinds for w in k.words))

    # -- plan year, notes, criteria --------------------------------------------------

    @cached_property
    def plan_year(self) -> re.Pattern[str]:
        p = self.notation.plan_year
        return re.compile(
            rf"{alternation(p.phrases)}(?:\s{{0,3}}{alternation(p.links)}){{0,3}}\s{{0,3}}"
            r"(?P<year>(?:19|20)\d{2})(?:\s{0,2}/\s{0,2}(?:19|20)?\d{2})?(?!\d)"
        )

    @cached_property
    def note(self) -> re.Pattern[str]:
        return re.compile(
            rf"(?<![\w-]){alternation(w for k in self.notation.notes.kinds for w in k.words)}"
        )

    @cached_property
    def near_note(self) -> re.Pattern[str]:
        return re.compile(alternation(self.notation.notes.near))

    @cached_property
    def near_note_pieces(self) -> tuple[str, ...]:
        """One of these is in every text `near_note` matches (see `holds_any`)."""
        return pieces(self.notation.notes.near)

    @cached_property
    def criteria(self) -> dict[str, tuple[re.Pattern[str], tuple[str, ...]]]:
        """Per criterion its words' pattern, and the pieces one of which is in every
        text the pattern matches."""
        return {
            name: (re.compile(alternation(w)), pieces(w))
            for name, w in self.notation.criteria.items()
        }

    @cached_property
    def header(self) -> dict[str, frozenset[str]]:
        t = self.notation.tables
        return {
            "org_unit": frozenset(key(w) for w in t.org_unit),
            "share": frozenset(key(w) for w in t.share),
            "pay_grade": frozenset(key(w) for w in t.pay_grade),
            "purpose": frozenset(key(w) for w in t.purpose),
        }

    @cached_property
    def header_starts(self) -> dict[str, tuple[str, ...]]:
        """Per role, its header words each with a space after: how a longer label
        ("Stellenumfang in VZÄ") starts (one `str.startswith` for all)."""
        return {role: tuple(w + " " for w in words) for role, words in self.header.items()}

    @cached_property
    def sum_row(self) -> re.Pattern[str]:
        return re.compile(r"^\W{0,3}" + alternation(self.notation.tables.sum_rows))


_grammars: dict[int, tuple[Notation, Grammar]] = {}


def grammar(notation: Notation) -> Grammar:
    """One compiled grammar per notation and process, kept in the user's cache with
    every pattern compiled (keep.py): compiling them costs more than a request."""
    cached = _grammars.get(id(notation))
    if cached is None or cached[0] is not notation:
        built = keep.by_value("grammars", notation, Grammar, lambda: _compiled(notation))
        cached = _grammars[id(notation)] = (notation, built)
    return cached[1]


def _compiled(notation: Notation) -> Grammar:
    """A grammar with every pattern and lookup built."""
    built = Grammar(notation)
    for name, member in vars(Grammar).items():
        if isinstance(member, cached_property):
            getattr(built, name)
    return built


# -- pay grades -----------------------------------------------------------------------


def pay_grades(text: str, g: Grammar, *, context: bool = False) -> tuple[tuple[int, str], ...]:
    """(offset, canonical grade) for each pay grade stated in grade context: a lead word
    ("Besoldungsgruppe"), a prefix of two letters ("EG"), a context word up to 100
    characters before it ("bewertet", "TVöD", "Stelle"), a pay law right after it
    ("A 11 LBesO"), or `context` (a pay-grade column).  Context words are found once
    per text, so the time stays linear however many letters look like grades."""
    return _grades_kept(text, g, context)


def _pay_grades(text: str, g: Grammar, context: bool) -> Iterator[tuple[int, str]]:
    systems = g.notation.pay_grades.systems
    scan = g.grade_start if holds_any(g.grade_small, text) else g.grade_start_capital
    matches = list(finditer(g.grade, scan, text))
    if not matches:
        return
    refused_ends = [m.end() for m in g.not_grade_word.finditer(text)]
    context_ends: list[int] | None = None  # found at the first grade that needs them
    law_starts: list[int] = []
    for match in matches:
        index = next(i for i in range(len(systems)) if match.group(f"t{i}") is not None)
        system = systems[index]
        start = match.start()
        if (
            _within(refused_ends, start - 4, start)
            and not text[refused_ends[bisect.bisect_right(refused_ends, start) - 1] : start].strip()
        ):
            continue  # "Anlage A 1", "Laufbahngruppe 2"
        letter = match.group(f"t{index}")
        lead = match.groupdict().get(f"l{index}")
        own = lead is not None or len(letter.rstrip(".")) > 1
        if not (own or context):
            if context_ends is None:
                context_ends = [m.end() for m in g.grade_context.finditer(text)]
                law_starts = [m.start() for m in g.grade_law.finditer(text)]
            law = _first_at_or_after(law_starts, match.end())
            law_after = (
                law is not None
                and law - match.end() <= 4
                and not _NOT_BEFORE_LAW.search(text[match.end() : law])
            )
            if not (_within(context_ends, start - 100, start) or law_after):
                continue
        number = _SPACE.sub("", match.group(f"n{index}"))
        if number[:1] == "0" and len(number) > 1:
            number = number.lstrip("0")
        extra = match.group(f"x{index}")
        suffix = ""
        if extra:
            suffix = next((v for k, v in system.extras.items() if key(k) == key(extra)), "")
        yield start, f"{system.grade} {number}{suffix}"


_grades_kept = _Kept(_pay_grades)
_NOT_BEFORE_LAW = _kept.compile(r"[^\s(,/]")  # all a law may be after its grade: "A 11 (LBesO)"


def _within(sorted_offsets: Sequence[int], low: int, high: int) -> bool:
    """Whether any offset lies in [low, high]."""
    index = bisect.bisect_left(sorted_offsets, low)
    return index < len(sorted_offsets) and sorted_offsets[index] <= high


def _first_at_or_after(sorted_offsets: Sequence[int], low: int) -> int | None:
    index = bisect.bisect_left(sorted_offsets, low)
    return sorted_offsets[index] if index < len(sorted_offsets) else None


# -- org units ------------------------------------------------------------------------


def org_units(text: str, g: Grammar) -> tuple[tuple[int, str], ...]:
    """(offset, name in the nominative) of each organisational unit named in `text`."""
    return _units_kept(text, g)


def _org_units(text: str, g: Grammar) -> Iterator[tuple[int, str]]:
    heads = g.notation.org_units.heads
    for match in finditer(g.org_unit, g.org_unit_start, text):
        if match.group("head"):
            if not (match.group("name") or match.group("cname") or match.group("code")):
                continue
            rest = text[match.end("head") + len(match.group("gen") or "") : match.end()]
            name = _before_unit_word(match.group("head") + _SPACES.sub(" ", rest), g)
            if name == match.group("head"):
                continue
        elif match.group("adj"):
            head = match.group("ahead")
            adjective = match.group("adj")
            stem = next(adjective[: -len(e)] for e in _ADJ_ENDINGS if adjective.endswith(e))
            name = f"{stem}{_NOMINATIVE[heads[head]]} {head}"
        else:
            name = _SPACES.sub(" ", match.group("cword"))
            if key(name) in g.not_units or key(name.split()[-1]) in g.not_units:
                continue
        yield match.start(), name.strip(" -–:,")


_units_kept = _Kept(_org_units)


def _before_unit_word(name: str, g: Grammar) -> str:
    """A unit's name ends before a word of a post share: "Amt für Soziales Stellen" is
    "Amt für Soziales"."""
    tokens = name.split(" ")
    for index, token in enumerate(tokens[1:], start=1):
        if key(token.strip(",;:")) in g.unit_of:
            tokens = tokens[:index]
            while len(tokens) > 1 and tokens[-1] in ("und", "&", ",", "-", "–", "für"):
                tokens.pop()
            break
    return " ".join(tokens).rstrip(",")


# -- shares and positions -------------------------------------------------------------


@dataclass
class _Mention:
    """A share of a post ("0,5 Stellen") where the text names one."""

    start: int
    end: int
    share: Decimal | None
    unit: str
    text: str
    article: bool = False  # "eine Stelle": the number is only the article
    size: bool = False  # a stated size (number after a size word, %, hours)
    count: int = 1
    total: bool = False
    parts: bool = False  # after "davon": parts of the mention before
    merged: bool = False  # a unit mention and its stated size, read as one post
    named: bool = False  # written with its unit word ("eine Stelle mit 30 Std.")
    hours: Decimal | None = None  # the share was stated in hours (of `week` hours)
    week: str | None = None


def _decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None


class _Week:
    """The full week of a post's hours: stated in the sentence ("die regelmäßige
    Wochenarbeitszeit beträgt 41 Stunden"), else the civil servants' week where the
    post's own part of the sentence (`share(own=…)`, default the sentence) speaks of
    civil servants, else the standard week.  The sentence is searched once."""

    def __init__(self, sentence: str, g: Grammar) -> None:
        self.sentence = sentence
        self.g = g
        self._searched = False
        self._stated: Decimal | None = None
        self._full: dict[str | None, Decimal] = {}  # by own part (segments: linear size)

    def hours(self, own: str | None = None) -> Decimal:
        if own not in self._full:
            s, g = self.g.notation.shares, self.g
            if not self._searched:
                stated = g.full_week.search(self.sentence)
                self._stated = _decimal(stated.group("hours")) if stated else None
                self._searched = True
            full = self._stated
            if full is None:
                text = self.sentence if own is None else own
                civil = g.civil_servant.search(text) or any(
                    grade[:1] in "AB" for _, grade in pay_grades(text, g)
                )
                full = (s.civil_servant_week_hours if civil else None) or s.week_hours
            self._full[own] = full or Decimal(39)
        return self._full[own]

    def share(self, hours: Decimal, week: str | None = None, own: str | None = None) -> Decimal:
        full = (_decimal(week) if week else None) or self.hours(own)
        return (hours / full).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()


def _mentions(sentence: str, g: Grammar, *, bare: bool = False) -> list[_Mention]:
    """The post shares stated in one sentence (or table cell), in order."""
    found: list[_Mention] = []
    weeks = [(m.start("hours"), m.end("hours")) for m in g.full_week.finditer(sentence)]
    week = _Week(sentence, g)
    if sentence.isascii() or _OTHER_DIGIT.search(sentence) is None:
        matches = finditer(g.share, g.share_start, sentence)
    else:
        matches = g.share.finditer(sentence)
    for match in matches:
        text = match.group(0)
        if found and match.start() < found[-1].end:
            continue  # inside the size of the mention before
        if any(s <= match.start() < e for s, e in weeks):
            continue  # the standard week, not a post
        if match.group("unit"):
            word = match.group("word")
            share = g.number_of.get(key(word)) if word else _decimal(match.group("num"))
            if share is not None and match.group("mult"):
                share *= int(match.group("mult"))  # "2 x 0,5 Stellen": one phrase of 1,0
            mention = _Mention(
                match.start(),
                match.end(),
                share,
                g.unit_of.get(key(match.group("unit")), "Stelle"),
                text,
                article=bool(word) and key(word) in g.articles,
                named=True,
            )
            tail = g.size_tail.match(sentence, match.end()) if mention.article else None
            if tail is not None:  # "ein Stellenanteil von 0,25": the number after the unit
                stated = _decimal(tail.group("num"))
                if stated is not None and tail.group("pct"):
                    stated = stated / 100
                elif stated is not None and tail.group("hrs"):
                    mention.hours = stated
                    stated = week.share(stated)
                mention.share = stated.normalize() if stated is not None else None
                mention.article = False
                mention.size = True
                mention.end = tail.end()
                mention.text = sentence[mention.start : mention.end]
        elif match.group("size"):
            share = _decimal(match.group("snum"))
            if share is not None and match.group("spct"):
                share = share / 100
            hours = share if share is not None and match.group("shrs") else None
            if hours is not None:
                share = week.share(hours)
            unit = match.group("sunit")
            mention = _Mention(
                match.start(),
                match.end(),
                share,
                g.unit_of.get(key(unit), "Stelle") if unit else "Stelle",
                text,
                size=True,
                hours=hours,
            )
        elif match.group("hrs"):
            after = sentence[match.end() : match.end() + 30]
            before = sentence[max(0, match.start() - 60) : match.start()]
            weekly = match.group("hof") or g.week.search(match.group("hrs"))
            if not (bare or weekly or g.week.search(after) or g.week.search(before)):
                continue
            hours = _decimal(match.group("hnum"))
            if hours is None:
                continue
            share = week.share(hours, match.group("hof"))
            mention = _Mention(
                match.start(),
                match.end(),
                share,
                "Stelle",
                text,
                size=True,
                hours=hours,
                week=match.group("hof"),
            )
        else:
            before = sentence[max(0, match.start() - 40) : match.start()]
            if not (bare or g.unit_before_percent.search(before)):
                continue
            share = _decimal(match.group("pnum"))
            share = share / 100 if share is not None else None
            mention = _Mention(match.start(), match.end(), share, "Stelle", text, size=True)
        if mention.share is not None:
            mention.share = mention.share.normalize() if mention.size else mention.share
        found.append(mention)
    if bare and not found:
        number = _BARE.search(sentence)
        if number:
            share = _decimal(number.group("num"))
            if share is not None and number.group("mult"):
                share *= int(number.group("mult"))
            found.append(_Mention(number.start(), number.end(), share, "Stelle", number.group(0)))
    return _merge_sizes(found, sentence)


# A number alone in a share column: "0,5", "2 x 0,5".
_BARE = _kept.compile(
    rf"{_NUM_LEFT}(?:(?P<mult>\d{{1,2}})\s{{0,2}}[x×]\s{{0,2}})?(?P<num>{_NUM})(?![\w,])"
)


# What parts a mention from the size after it (another post) and from an article
# after it ("… eine Stelle"): module patterns, not looked up in `re`'s cache per call.
_NEW_POST = _kept.compile(r"[;\n]|\bund\b|\bsowie\b")
_OTHER_POST = _kept.compile(r"[;]|\bund\b|\bsowie\b")


def _merge_sizes(found: list[_Mention], sentence: str) -> list[_Mention]:
    """ "eine Stelle im Umfang von 0,5 VZÄ" is one post of 0,5: a stated size right after
    a unit mention is that post's size (it beats an article; a number stays)."""
    merged: list[_Mention] = []
    for mention in found:
        last = merged[-1] if merged else None
        if (
            last is not None
            and (mention.size or (last.article and not mention.article))
            and not last.size
            and mention.start - last.end <= 45
            and not _NEW_POST.search(sentence[last.end : mention.start])
        ):
            if last.article:
                last.share, last.hours, last.week = mention.share, mention.hours, mention.week
            last.end = mention.end
            last.size = True
            last.merged = True
            last.text = sentence[last.start : last.end]
            continue
        if (
            last is not None
            and mention.article
            and last.size
            and not last.merged
            and not last.named
            and mention.start - last.end <= 80
            and not _OTHER_POST.search(sentence[last.end : mention.start])
        ):
            # "Mit einem Stellenanteil von 50 % wird … eine Stelle geschaffen": the
            # stated size is the size of the post the article introduces.
            last.merged = True
            continue
        merged.append(mention)
    return merged


@dataclass
class _Attributes:
    """The unit, pay grade and purpose said next to a share."""

    org_unit: str | None = None
    pay_grade: str | None = None
    purpose: str | None = None


@dataclass
class _Candidate:
    """A mention of a post, where it was found and what is said with it."""

    mention: _Mention
    source: str
    attributes: _Attributes = field(default_factory=_Attributes)


# What the post is for: "… für die Koordinierung Smart City Stuttgart." or "… zur
# Förderberatung Solaranlagen".  The boundary before "für"/"zur" is checked after its
# first letter (as in notations.branches): `re` scans for f and z, not every place.
PURPOSE = _kept.compile(
    r"(?:f(?<!\w.)ür\s{1,3}(?:die|den|das)|z(?<!\w.)u[rm])\s{1,3}(?P<purpose>[^.;:()\n]{3,120}?)"
    r"(?:[.;:(\n]|$)"
)


def purpose(sentence: str) -> str | None:
    match = PURPOSE.search(sentence)
    return match.group("purpose").strip() if match else None


_SEGMENT_CUT = _kept.compile(
    r",|;|\(|\b(?:und|sowie|bzw\.|davon|zugleich|gleichzeitig|außerdem|ferner|zudem|"
    r"weiterhin|daneben|darüber hinaus|ebenso|ebenfalls)\b"
)


def _segments(sentence: str, mentions: Sequence[_Mention]) -> list[tuple[int, int]]:
    """Split a sentence between its mentions, at the last "und", "," or ";" (or a
    linking adverb: "zugleich", "außerdem") between two of them: each post's own unit
    and grade lie in its segment."""
    bounds = [0]
    for left, right in itertools.pairwise(mentions):
        between = sentence[left.end : right.start]
        cut = None
        for found in _SEGMENT_CUT.finditer(between):
            cut = found.start()
        bounds.append(left.end + cut if cut is not None else right.start)
    bounds.append(len(sentence))
    return list(itertools.pairwise(bounds))


def _prose_positions(text: str, g: Grammar) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    section_units = [u for _, u in org_units(text, g)]
    section_grade = next((grade for _, grade in pay_grades(text, g)), None)
    for _, sentence in sentences(text, g):
        mentions = _mentions(sentence, g)
        if not mentions:
            continue
        _mark_totals(sentence, mentions, g)
        sentence_units = [u for _, u in org_units(sentence, g)]
        sentence_grades = [gr for _, gr in pay_grades(sentence, g)]
        source = sentence.strip()[:300]
        week = _Week(sentence, g)
        for mention, (start, end) in zip(mentions, _segments(sentence, mentions), strict=False):
            segment = sentence[start:end]
            if mention.hours is not None:  # a civil servant's week only for such a post
                mention.share = week.share(mention.hours, mention.week, own=segment)
            unit = _unit_of(segment, mention.start - start, g, several=len(mentions) > 1)
            grades = list(pay_grades(segment, g))
            between = segment[grades[0][0] : grades[1][0]] if len(grades) > 1 else ""
            choice = len(between) <= 25 and bool(_GRADE_CHOICE.search(between))
            grade = None if choice or not grades else grades[0][1]
            attributes = _Attributes(
                org_unit=unit
                or (sentence_units[0] if sentence_units else None)
                or (section_units[0] if section_units else None),
                pay_grade=None
                if choice  # "A 7 bis A 9", "A 11/E 10": no one grade (the facts have both)
                else grade or (sentence_grades[0] if sentence_grades else None) or section_grade,
                purpose=purpose(sentence[mention.end : mention.end + 200]),
            )
            candidates.append(_Candidate(mention, source, attributes))
    return _resolve_totals(candidates)


# What ends the text from one grade to the next where they are a range or a choice:
# "A 7 bis A 9", "BesGr. A 11/E 10", "A 9 – A 11".
_GRADE_CHOICE = _kept.compile(r"(?:/|-|–|\bbis\b|\boder\b)\s{0,2}$")


_PURPOSE_START = _kept.compile(r"(?<!\w)(?:für\s{1,3}(?:die|den|das)|zur|zum)\s{1,3}$")


def _unit_of(segment: str, at: int, g: Grammar, *, several: bool = False) -> str | None:
    """The unit a post belongs to: the nearest named before it ("Im Sozialreferat, Amt
    für Wohnen und Migration, wird …"), else the first after it that is not what the
    post is for ("… für die Abteilung X"); where a sentence has `several` posts, a
    unit after "für" in the post's own segment beats the units of the others ("eine
    Stelle für das Bauamt und 0,5 Stellen für das Hauptamt")."""
    named = list(org_units(segment, g))
    found = [
        (offset, unit)
        for offset, unit in named
        if not _PURPOSE_START.search(segment[max(0, offset - 12) : offset])
    ] or (named if several else [])
    before = [unit for offset, unit in found if offset < at]
    if before:  # "Dezernat V, Gesundheitsamt:": the unit of the Stellenplan's level
        return min(reversed(before), key=g.org_level)
    return next((unit for offset, unit in found if offset >= at), None)


def _mark_totals(sentence: str, mentions: list[_Mention], g: Grammar) -> None:
    """Mark a total ("insgesamt 2,0 Stellen") and the parts of a breakdown ("2,0
    Stellen, davon 1,0 … und 1,0 …")."""
    for index, mention in enumerate(mentions):
        if g.total.search(sentence[max(0, mention.start - 30) : mention.start]):
            mention.total = True
        if index + 1 < len(mentions):
            between = sentence[mention.end : mentions[index + 1].start]
            if g.breakdown.search(between):
                mention.total = True
                for part in mentions[index + 1 :]:
                    part.parts = True


def _resolve_totals(candidates: list[_Candidate]) -> list[_Candidate]:
    """A total counts only when the others add up to it; the parts of a breakdown count
    only when they add up to their total ("2,0 Stellen (davon 1,0 befristet)" describes
    the total, it does not split it)."""

    def value(c: _Candidate) -> Decimal:
        return (c.mention.share or Decimal(0)) * c.mention.count

    totals = [c for c in candidates if c.mention.total]
    if not totals:
        return candidates
    others = [c for c in candidates if not c.mention.total]
    others_sum = sum((value(c) for c in others), Decimal(0))
    parts_sum = sum((value(c) for c in others if c.mention.parts), Decimal(0))
    totals_sum = sum((value(t) for t in totals), Decimal(0))
    first_total = min(t.mention.start for t in totals)
    split = totals_sum in (parts_sum, others_sum)
    kept: list[_Candidate] = []
    for candidate in candidates:
        if candidate.mention.total:
            if others and (others_sum == value(candidate) or parts_sum == value(candidate)):
                continue  # the others are its parts
        elif candidate.mention.parts and candidate.mention.start > first_total and not split:
            continue
        kept.append(candidate)
    return kept


_LABEL_END = _kept.compile(r"[\s*:]+$")
_BRACKETED = _kept.compile(r"\(([^()]{1,30})\)")
_BRACKETS = _kept.compile(r"\([^()]{0,30}\)")


def _column_roles(header: Sequence[str], g: Grammar) -> dict[str, int]:
    """Column index per role, by the header's words: the label itself, its first words
    ("Stellenumfang in VZÄ") or the word in its brackets ("Anteil (VZÄ)")."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = key(_LABEL_END.sub("", cell))
        bracketed = [key(b) for b in _BRACKETED.findall(label)]
        bare = key(_BRACKETS.sub("", label))
        for role, words in g.header.items():
            if role in roles:
                continue
            if (
                label in words
                or bare in words
                or label.startswith(g.header_starts[role])
                or any(b in words for b in bracketed)
            ):
                roles[role] = index
                break
    return roles


def _table_positions(table: Sequence[Sequence[str]], g: Grammar) -> list[_Candidate] | None:
    """One position per row of a positions table (a header naming a share column and
    another known column); sum rows are totals.  None when `table` is no such table."""
    for head_index, header in enumerate(table[:3]):  # noqa: B007
        roles = _column_roles(header, g)
        if "share" in roles and len(roles) >= 2:
            break
    else:
        return None
    candidates: list[_Candidate] = []
    previous_unit: str | None = None
    for row in table[head_index + 1 :]:
        cells = [*row, *[""] * (len(header) - len(row))]
        if not any(c.strip() for c in cells):
            continue
        if any(g.sum_row.search(c) for c in cells[:2] if c.strip()):
            continue
        share_cell = cells[roles["share"]]
        mentions = _mentions(share_cell, g, bare=True)
        if not mentions:
            continue
        unit = cells[roles["org_unit"]].strip() if "org_unit" in roles else ""
        unit = _SPACES.sub(" ", unit) or previous_unit or ""
        previous_unit = unit or previous_unit
        grade_text = cells[roles["pay_grade"]] if "pay_grade" in roles else ""
        grade = next((gr for _, gr in pay_grades(grade_text, g, context=True)), None)
        if grade is None:
            grade = next((gr for _, gr in pay_grades(" ".join(cells), g)), None)
        what = cells[roles["purpose"]].strip() if "purpose" in roles else ""
        source = " | ".join(c.strip() for c in cells if c.strip())[:300]
        for mention in mentions:
            attributes = _Attributes(unit or None, grade, what or None)
            candidates.append(_Candidate(mention, source, attributes))
    return candidates


def positions(
    text: str, g: Grammar, tables: Sequence[Sequence[Sequence[str]]] = ()
) -> Iterator[Position]:
    """Each post stated in `text` (or, where the section has one, in its positions
    table), with its unit, pay grade and purpose."""
    table_candidates: list[_Candidate] = []
    table_lines: list[str] = []
    for table in tables:
        found = _table_positions(table, g)
        if found is not None:
            table_candidates += found
            table_lines += [line for row in table for cell in row for line in cell.split("\n")]
    candidates = table_candidates or _prose_positions(_without(text, table_lines), g)
    for candidate in candidates:
        mention = candidate.mention
        for _ in range(max(1, min(mention.count, 20))):
            yield Position(
                share=mention.share,
                share_text=mention.text.strip(),
                unit=mention.unit,
                org_unit=candidate.attributes.org_unit,
                pay_grade=candidate.attributes.pay_grade,
                purpose=candidate.attributes.purpose,
                text=candidate.source,
                source=candidate.source,
            )


def _without(text: str, lines: Sequence[str]) -> str:
    """`text` without the lines that came from positions tables."""
    if not lines:
        return text
    remaining: dict[str, int] = {}
    for line in lines:
        remaining[line.strip()] = remaining.get(line.strip(), 0) + 1
    kept = []
    for line in text.split("\n"):
        if remaining.get(line.strip(), 0) > 0:
            remaining[line.strip()] -= 1
            continue
        kept.append(line)
    return "\n".join(kept)


# -- council references and decisions ------------------------------------------------


_DIGITS = _kept.compile(r"\d+")
_TWO_DIGIT_YEAR = _kept.compile(r"/\s?(\d{2})$")


def _reference_year(number: str) -> int | None:
    parts = _DIGITS.findall(number)
    years = [int(p) for p in parts if len(p) == 4 and 1950 <= int(p) <= 2099]
    if years:
        return years[-1] if number.rstrip()[-4:].isdigit() and len(years) == 1 else years[0]
    tail = _TWO_DIGIT_YEAR.search(number)
    if tail and number[:1].isascii() and number[:1].isupper():
        return 2000 + int(tail.group(1))
    return None


def references(text: str, section: str | None, g: Grammar) -> Iterator[Reference]:
    """Council papers and motions: "GRDrs. 234/2021", "Vorlage Nr. 2023/187",
    "BV/2022/0713", lists ("Drucksachen 100/2020 und 101/2020")."""
    if not holds_any(g.paper_pieces, text):
        return  # no kind of paper is named
    reference = g.reference if holds_any(g.paper_small, text) else g.reference_capital
    for _offset, sentence in sentences(text, g):
        for match in reference.finditer(sentence):
            written = match.group("id").strip()
            if not _is_paper_number(written, match.group("nr")):
                continue
            kind, council = g.kind_of.get(key(match.group("kind")), (match.group("kind"), True))
            ids = [written]
            end = match.end()
            while len(ids) < 20:
                more = g.reference_next.match(sentence, end)
                if more is None or "/" not in more.group("id"):
                    break
                ids.append(more.group("id").strip())
                end = more.end()
            for number in ids:
                number = _SPACES.sub(" ", number)
                yield Reference(
                    kind=kind,
                    number=number,
                    year=_reference_year(number),
                    text=sentence[match.start() : end].strip(),
                    council=council,
                    section=section,
                    source=sentence.strip()[:300],
                )


def _is_paper_number(written: str, number_word: str | None) -> bool:
    """A bare number counts after "Nr."; otherwise a paper number has a year or a
    prefix ("2023/187", "V1734/22", "14-20 / V 06995")."""
    return bool(number_word) or bool(_PAPER_NUMBER.search(written))


_PAPER_NUMBER = _kept.compile(r"[/\-]|^[A-Z]")


_CLAUSE_END = _kept.compile(r";|,(?=\s{1,3}(?:der|die|das|dem|den|nachdem|wobei|und)\b)")


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds = [0]
    for found in _CLAUSE_END.finditer(sentence):
        bounds.append(found.end())
    bounds.append(len(sentence))
    return list(itertools.pairwise(bounds))


def _body_name(match: re.Match[str], g: Grammar) -> str:
    if match.group("body"):
        return g.body_of.get(key(match.group("body")), match.group("body"))
    if match.group("named"):
        head, rest = match.group("named").split(maxsplit=1)
        for ending in ("es", "s"):
            base = head[: -len(ending)]
            if head.endswith(ending) and base in g.notation.decisions.named_committees:
                head = base
                break
        return head + " " + _SPACES.sub(" ", rest)
    name = _SPACES.sub(" ", match.group("committee"))
    for ending in ("usses", "usse"):
        if name.endswith(ending):
            name = name[: -len(ending)] + "uss"
    return name.replace("ausschuß", "ausschuss")


def decisions(text: str, section: str | None, g: Grammar) -> Iterator[Decision]:
    """Decisions of a body on a date: "beschloss der Gemeinderat am 25. März 2021",
    "Beschluss des Kreistags vom 12.05.2023"; a date on which a body only consulted
    ("vorberaten", "zur Kenntnis genommen") or will decide is not one.

    Each date is judged by its clause (at most _WINDOW characters either side) and by
    its own stretch of it (up to the neighbouring dates): a consultation word there
    makes it no decision.  Bodies, verbs and consultation words are found once per
    sentence, so many dates in one sentence cost linear time."""
    if not has_date(text):
        return  # no date: a sentence has one only where its text has one
    for _, sentence in sentences(text, g):
        decided = list(g.decided.finditer(sentence))
        if not decided:
            continue  # a date is a decision only with a verb in its clause
        found = [(m, parse_date(m)) for m in dates(sentence)]
        dated = [(m, d) for m, d in found if d is not None]
        if not dated:
            continue
        clauses = _clauses(sentence)
        starts = [s for s, _ in clauses]
        consulted = [m.start() for m in g.not_decided.finditer(sentence)]
        papers = [(m.start(), m.end()) for m in g.paper_word.finditer(sentence)]
        verbs = [m.start() for m in decided if not _inside(papers, m.start())]
        bodies = list(g.body.finditer(sentence))
        body_starts = [b.start() for b in bodies]
        for index, (match, date) in enumerate(dated):
            c_start, c_end = clauses[bisect.bisect_right(starts, match.start()) - 1]
            c_start = max(c_start, match.start() - _WINDOW)
            c_end = min(c_end, match.end() + _WINDOW)
            lo = max(c_start, dated[index - 1][0].end() if index else 0)
            hi = min(c_end, dated[index + 1][0].start() if index + 1 < len(dated) else c_end)
            if _within(consulted, lo, hi - 1) or not _within(verbs, c_start, c_end - 1):
                continue
            near = bodies[bisect.bisect_left(body_starts, lo) : bisect.bisect_left(body_starts, hi)]
            if not near:
                first = bisect.bisect_left(body_starts, c_start)
                near = bodies[first : bisect.bisect_left(body_starts, c_end)]
            if not near:
                continue
            at = match.start()
            nearest = min(near, key=lambda b: (b.start() > at, abs(b.start() - at)))
            yield Decision(
                body=_body_name(nearest, g),
                date=date,
                text=sentence.strip()[:300],
                section=section,
                source=sentence.strip()[:300],
            )


_WINDOW = 250


def _inside(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` falls in one of the sorted, non-overlapping spans."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


# -- Stellenvermerke ------------------------------------------------------------------


def notes(text: str, g: Grammar, section: str | None = None) -> Iterator[Note]:
    """Stellenvermerke in `text`: "kw 31.12.2025", "KW-Vermerk 01/2031", "kw 2030",
    "ku nach A 12", "Sperrvermerk bis …"; one note per kind and line."""
    for line in text.split("\n"):
        matches: list[tuple[re.Match[str], str]] = []
        for match in g.note.finditer(line):
            kind = g.note_of.get(key(match.group(0)), "kw")
            if matches and matches[-1][1] == kind:
                continue  # "Sperrvermerk: … gesperrt bis …" is one note
            matches.append((match, kind))
        for index, (match, kind) in enumerate(matches):
            end = matches[index + 1][0].start() if index + 1 < len(matches) else len(line)
            yield _note(line, match, end, kind, g, section)


_ONLY_LINK = _kept.compile(r"^(?:zum|am|ab|bis|nach|Ende|zu)\s*$")  # no condition but a link


def _note(
    line: str, match: re.Match[str], end: int, kind: str, g: Grammar, section: str | None
) -> Note:
    rest = line[match.end() : end].strip(" :,;-–\t")
    date_match = DATE.search(rest)
    date = parse_date(date_match) if date_match else None
    used = date_match
    if date is None and kind != "ku":
        month = _MONTH_YEAR.search(rest)
        year = _YEAR.search(rest) if month is None else None
        if month:
            date = _month_end(int(month.group("y")), int(month.group("m")))
            used = month
        elif year and kind == "kw":
            date = dt.date(int(year.group("y")), 12, 31)
            used = year
    condition = rest
    if used is not None and date is not None:
        condition = (rest[: used.start()] + rest[used.end() :]).strip(" :,;-–.")
    condition = _ONLY_LINK.sub("", condition).strip()
    target = None
    if kind == "ku":
        target = next((grade for _, grade in pay_grades(rest, g, context=True)), None)
    return Note(
        kind=kind,
        date=date,
        condition=condition.rstrip(".")[:300] or None,
        target_grade=target,
        text=line[match.start() : end].strip()[:300],
        section=section,
        source=line.strip()[:300],
    )


# -- suppressions ---------------------------------------------------------------------

# "antragscheck: ignore section-too-short – Begründung", several rules separated by commas;
# the reason follows a dash with spaces around it or a colon.
SUPPRESSION = _kept.compile(
    r"antragscheck\s{0,5}:\s{0,5}ignore\s{1,5}(?P<rules>[\w-]{1,80}(?:\s{0,3},\s{0,3}[\w-]{1,80}){0,30})"
    r"(?:\s{1,5}[–—-]\s{1,5}|\s{0,5}[:–—]\s{0,5})?(?P<reason>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def suppressions(comments: Iterable[str], properties: dict[str, str]) -> Iterator[Suppression]:
    sources = [("Kommentar", text) for text in comments]
    sources += [("Dokumenteigenschaft", f"{name}: {value}") for name, value in properties.items()]
    for source, text in sources:
        match = SUPPRESSION.search(text.strip())
        if match is None:
            continue
        reason = match.group("reason").strip(" -–—:.\n\t") or None
        yield Suppression(
            rules=[r.strip() for r in match.group("rules").split(",")],
            reason=reason,
            source=source,
            text=text.strip()[:200],
        )


# -- the whole request ----------------------------------------------------------------


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@record(kw_only=False)
class _Texts(ByFields):
    """The texts a fact is read from, per the notation's `facts`."""

    structured: Structure
    doc_type: DocumentType

    def of(self, where: object) -> list[tuple[str | None, str]]:
        sections = self.structured.sections
        if where is None:
            return []
        if where == "title":
            return [(None, self.structured.title)]
        if where == "document":
            return [(None, self.structured.title)] + [(s.key, s.text) for s in sections]
        assert isinstance(where, list)
        keys = set(where)
        for wanted in where:
            keys.update(self.doc_type.children(wanted))
        return [(s.key, s.text) for s in sections if s.key in keys]

    def sections(self, where: object) -> list[Section]:
        if where == "document":
            return list(self.structured.sections)
        if not isinstance(where, list):
            return []
        keys = set(where)
        for wanted in where:
            keys.update(self.doc_type.children(wanted))
        return [s for s in self.structured.sections if s.key in keys]


def plan_year(structured: Structure, g: Grammar, texts: _Texts) -> tuple[int | None, str | None]:
    """The Stellenplan year: from the declared places in order, the title first; a double
    budget "2023/2024" gives its first year."""
    where = g.notation.facts.plan_year
    places: list[object] = list(where) if isinstance(where, list) else [where]
    for place in places:
        for _, text in texts.of(place if place in ("title", "document") else [place]):
            for _, sentence in sentences(text, g):
                match = g.plan_year.search(sentence)
                if match:
                    return int(match.group("year")), sentence.strip()[:300]
    return None, None


def extract(
    structured: Structure,
    doc_type: DocumentType,
    notation: Notation,
    comments: Iterable[str] = (),
    properties: dict[str, str] | None = None,
) -> Antrag:
    """The facts of a request, from the sections its notation names (and, for
    suppressions, from its comments and custom document properties)."""
    g = grammar(notation)
    facts = notation.facts
    texts = _Texts(structured, doc_type)
    year, year_source = plan_year(structured, g, texts)

    found_positions: list[Position] = []
    for section in texts.sections(facts.positions):
        found_positions += positions(section.text, g, section.tables)

    note_texts = texts.of(facts.notes)
    note_keys = {k for k, _ in note_texts}
    found_notes = [n for k, text in note_texts for n in notes(text, g, k)]
    declared = {(n.kind, n.date, n.target_grade) for n in found_notes}
    note_texts = []
    for key_, text in texts.of("document"):
        if (key_ in note_keys and key_ is not None) or not holds_any(g.near_note_pieces, text):
            continue
        for _, sentence in sentences(text, g):
            if g.near_note.search(sentence):
                note_texts.append((key_, sentence))

    criteria_text = "\n".join(text for _, text in texts.of(facts.criteria))
    return Antrag(
        title=structured.title,
        plan_year=year,
        plan_year_source=year_source,
        document_type=doc_type.id,
        sections=list(structured.sections),
        preamble_placeholders=structured.preamble_placeholders,
        positions=found_positions,
        references=[r for k, text in texts.of(facts.references) for r in references(text, k, g)],
        decisions=[d for k, text in texts.of(facts.decisions) for d in decisions(text, k, g)],
        criteria=[
            name
            for name, (pattern, parts) in g.criteria.items()
            if holds_any(parts, criteria_text) and pattern.search(criteria_text)
        ],
        # a note named again elsewhere ("erhält den kw-Vermerk 2027") is the same note
        notes=found_notes
        + [
            n
            for k, text in note_texts
            for n in notes(text, g, k)
            if (n.kind, n.date, n.target_grade) not in declared
        ],
        pay_grades=_unique(
            [
                *(gr for _, text in texts.of(facts.pay_grades) for _, gr in pay_grades(text, g)),
                *(p.pay_grade for p in found_positions if p.pay_grade),
            ]
        ),
        org_units=_unique(
            [
                *(u for _, text in texts.of(facts.org_units) for _, u in org_units(text, g)),
                *(p.org_unit for p in found_positions if p.org_unit),
            ]
        ),
        suppressions=list(suppressions(comments, properties or {})),
    )


_kept.done()  # (the module's patterns are compiled: kept for the next start)
