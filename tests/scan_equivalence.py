"""The faster scans of extract.py against the plain ones they stand for, on random
texts made of a notation's own words (as written, small, capital), numbers, dates,
marks and noise: the same matches, sentences and facts.

Used by tests/scans_test.py (a few thousand texts) and benchmarks/same_scans.py (as
many as asked for)."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator

from antragscheck import extract
from antragscheck.extract import Grammar, pay_grades, references
from antragscheck.notations import key

_NOISE = [
    " ",
    " ",
    " ",
    "  ",
    "\n",
    ". ",
    ".",
    "!",
    "?",
    ",",
    ";",
    ":",
    "(",
    ")",
    "-",
    "/",
    "„",
    "“",
    '"',
    "e",
    "s",
    "ß",
    "SS",
    "Ä",
    "ä",
    "§",
    "٣",
    "x",
    "Nr.",
    "Nr",
    "Abs.",
    "GRDrs.",
    "12/2020",
    "2023/187",
    "V 298/2023",
    "1",
    "9",
    "12",
    "2021",
    "31.12.2025",
    "1.1.21",
    "25. März 2021",
    "2021-03-25",
    "12/15/2021",
    "E 9",
    "A 11",
    "EG 9b",
    "S 11b",
    "BesGr.",
    "bewertet",
    "TVöD",
    "Anlage",
    "Stelle",
    "Laufbahngruppe",
    "Der",
    "Die",
    "und",
    "Haus",
    # abbreviations at a sentence's end, long words, other white space
    *["Std.", "Wo.", "bzw.", "vgl.", "BesGr.", "EGr.", "Drs.", "Ziff.", "z.", "B.", "“. ", '". '],
    "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz.",
    *["\t", "\u00a0", "  "],
    # what a post is for, table headers
    *["für die", "für  den", "zur", "zum", "Zur", "xfür das", "für", "(VZÄ)", " in ", "*:"],
]


_NUMBERS = ["12/2020", "2023/187", "V 298/2023", "9", "9b", "11", "12", "2", "E 9", "A 11"]


def _words(g: Grammar) -> list[str]:
    n = g.notation
    found = [w for k in n.references.kinds for w in k.words]
    found += [w for s in n.pay_grades.systems for w in [*s.leads, *s.letters]]
    found += [*n.references.number_words, *n.pay_grades.context, *n.pay_grades.not_after]
    found += [w for words in (n.tables.share, n.tables.org_unit, n.tables.pay_grade) for w in words]
    return [w.rstrip("~").replace("*", " ").strip() for w in found if w.strip("~* ")]


def texts(g: Grammar, count: int, seed: int, size: int = 12) -> Iterator[str]:
    """Random texts of the grammar's words in every case, and noise."""
    rnd = random.Random(seed)
    words = _words(g)
    forms: list[str] = []
    for word in words:
        forms += [word, word.lower(), word[:1].upper() + word[1:], word[:1].lower() + word[1:]]
    pool = forms + _NOISE * 2 + _NUMBERS * 8
    gaps = [" ", " ", " ", "", "  ", ": ", "\n", ". "]
    for _ in range(count):
        parts = [rnd.choice(pool) for _ in range(rnd.randint(1, size))]
        yield "".join(part + rnd.choice(gaps) for part in parts)


def _plain(g: Grammar) -> Grammar:
    """The grammar whose scans for capitals are the plain scans, used everywhere."""
    plain = copy.copy(g)
    plain.__dict__["reference_capital"] = g.reference
    plain.__dict__["grade_start_capital"] = g.grade_start
    return plain


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[object, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def check(g: Grammar, text: str) -> None:
    """Assert that each faster scan finds in `text` what the plain one does."""
    plain = _plain(g)
    ours = list(references(text, None, g))
    assert ours == list(references(text, None, plain)), text
    for context in (False, True):
        assert pay_grades(text, g, context=context) == pay_grades(text, plain, context=context), (
            text
        )
    assert extract.has_date(text) == (extract.DATE.search(text) is not None), text
    assert sorted(
        (m.span(), m.groups()) for p in extract._DATE_SEPARATORS for m in p.finditer(text)
    ) == _spans(extract._DATE_SEPARATOR, text), text
    if not any(mark in text for mark in "!?\n"):
        assert _spans(extract._PERIOD_END, text) == _spans(extract._SENTENCE_END, text), text
    assert _spans(extract.PURPOSE, text) == _spans(_PLAIN_PURPOSE, text), text
    cells = text.split("\n")[:6]
    assert extract._column_roles(cells, g) == _plain_column_roles(cells, g), text
    for abbreviation in (None, g.abbreviation):
        assert extract._sentences(text, abbreviation) == _plain_sentences(text, abbreviation), text


_PLAIN_PURPOSE = re.compile(
    r"(?<!\w)(?:für\s{1,3}(?:die|den|das)|zur|zum)\s{1,3}(?P<purpose>[^.;:()\n]{3,120}?)"
    r"(?:[.;:(\n]|$)"
)


def _plain_column_roles(header: list[str], g: Grammar) -> dict[str, int]:
    """The column roles as they were read before their faster parts."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = key(re.sub(r"[\s*:]+$", "", cell))
        bracketed = [key(b) for b in re.findall(r"\(([^()]{1,30})\)", label)]
        bare = key(re.sub(r"\([^()]{0,30}\)", "", label))
        for role, words in g.header.items():
            if role in roles:
                continue
            if (
                label in words
                or bare in words
                or any(label.startswith(w + " ") for w in words)
                or any(b in words for b in bracketed)
            ):
                roles[role] = index
                break
    return roles


def _plain_sentences(text: str, abbreviation: re.Pattern[str] | None) -> list[tuple[int, str]]:
    """The sentence split as it was before its faster parts (the general end pattern,
    the abbreviation patterns searched in each sentence's tail)."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in extract._SENTENCE_END.finditer(text):
        end = match.start(match.lastindex or 0)
        if text[end - 1] == "." and text[end : match.end()] != "\n":
            tail = text[max(start, end - 40) : end]
            word = len(tail) - len(tail.rsplit(None, 1)[-1])
            if extract._NO_END.search(tail, word) or (
                abbreviation is not None and abbreviation.search(tail, word)
            ):
                continue
        piece = text[start:end]
        if piece.strip():
            out.append((start, piece))
        start = match.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


def run(g: Grammar, count: int, seed: int = 14, report: Callable[[int], None] | None = None) -> int:
    """Check `count` random texts; the number of texts with a reference or a grade (a
    check that finds nothing anywhere would prove little)."""
    found = 0
    for index, text in enumerate(texts(g, count, seed)):
        check(g, text)
        found += bool(list(references(text, None, g)) or pay_grades(text, g, context=True))
        if report is not None and index % 10_000 == 0:
            report(index)
    return found
