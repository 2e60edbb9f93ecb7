"""Notations as data: how a municipality writes the facts of a request.

The vocabularies (units of a post share, pay-grade prefixes, kinds of council paper,
bodies and decision verbs, org-unit words, plan-year phrases, Stellenvermerke, heading
aliases) are declared in YAML beside the document type (rules/*.yaml, top-level key
`notations`), and so is which facts a document type extracts from which sections.  A
budget office adds its own notation in its rules folder: a second entry for the same
document type extends the lists and overrides single values, without code.

    notations:
      - document_type: stellenschaffung
        references:
          kinds:
            - {name: Magistratsvorlage, words: [Magistratsvorlage], council: true}

Notations hold words and phrases, never regular expressions: the code escapes every
word and builds patterns whose every repetition is bounded, so no notation a budget
office writes can make matching slower than linear in the text.  Two small helpers of
the phrase syntax: "*" between words stands for up to three other words ("Gemeinderat *
beschlossen"), and a trailing "~" makes a word a stem that matches any ending
("beschl~" for beschloss, beschlossen, beschließt).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from antragscheck.doctypes import DocumentType
from antragscheck.spec import Hook, Spec, record

Words = list[str]
_V = TypeVar("_V")

# -- the YAML shape -------------------------------------------------------------------


def _valid_keys(value: dict[str, _V]) -> dict[str, _V]:
    for name in value:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise ValueError(f"Schlüssel {name!r}: nur Kleinbuchstaben, Ziffern und _")
    return value


Keyed = Annotated[dict[str, Words], Hook(_valid_keys)]  # keys: lower case, digits and _
Named = Annotated[dict[str, str], Hook(_valid_keys)]  # the same keys, each with a name

SectionList = Literal["document", "title"] | list[str]


@record
class Facts(Spec):
    """Which sections each fact is read from: a list of section keys (with their
    declared sub-sections), "document" (title and every section) or "title"."""

    positions: SectionList | None = None
    org_units: SectionList | None = None
    pay_grades: SectionList | None = None
    references: SectionList | None = None
    decisions: SectionList | None = None
    criteria: SectionList | None = None
    notes: SectionList | None = None
    plan_year: SectionList | None = None


@record
class Unit(Spec):
    """A unit of a post share and how it is written."""

    name: str  # as `parse` reports it: "Stelle", "VZÄ", "Planstelle"
    words: Words  # every written form, singular and plural


@record
class Shares(Spec):
    """How the share of a post is written: units, number words, hours, percentages."""

    units: list[Unit] = field(default_factory=list)
    number_words: dict[str, Decimal] = field(default_factory=dict)  # "eine": 1, "halbe": 0.5
    article_words: Words = field(default_factory=list)  # number words that are only an article
    fillers: Words = field(default_factory=list)  # between number and unit: "neue", "befristete"
    size_words: Words = field(default_factory=list)  # "Stellenumfang", "im Umfang von"
    size_links: Words = field(default_factory=list)  # between size word and number: "von", ":"
    percent_words: Words = field(default_factory=list)  # "%", "Prozent"
    hour_words: Words = field(default_factory=list)  # "Wochenstunden", "Std."
    week_words: Words = field(default_factory=list)  # "Woche", "wöchentlich"
    week_hours: Decimal | None = None  # the standard week (TVöD: 39)
    civil_servant_week_hours: Decimal | None = None  # Beamte: 41
    full_week_words: Words = field(default_factory=list)  # "Wochenarbeitszeit … 41 Stunden"
    civil_servant_words: Words = field(default_factory=list)  # "Beamt~", "Besoldungsgruppe"
    multipliers: Words = field(default_factory=list)  # "x" in "2 x 0,5 Stellen"
    breakdown_words: Words = field(default_factory=list)  # "davon": the parts follow
    total_words: Words = field(default_factory=list)  # "insgesamt": a total of the others


@record
class Table(Spec):
    """Header words of a positions table, per column; the rows are positions."""

    org_unit: Words = field(default_factory=list)
    share: Words = field(default_factory=list)
    pay_grade: Words = field(default_factory=list)
    purpose: Words = field(default_factory=list)
    sum_rows: Words = field(default_factory=list)  # "Gesamt", "Summe": totals, not positions


@record
class GradeSystem(Spec):
    """One pay-grade system (EG, S, A, …): its prefixes and grades."""

    grade: str  # the canonical prefix: "EG", "S", "P", "A", "B"
    letters: Words  # how the prefix is written right before the number: "EG", "E", "EGr."
    leads: Words = field(default_factory=list)  # words before the letter: "Besoldungsgruppe"
    numbers: Words  # the grades of the system: "1" … "15", "9a", "15Ü"
    extras: dict[str, str] = field(default_factory=dict)  # written suffix → canonical ("+Z")


@record
class PayGrades(Spec):
    """The pay-grade systems and the words that make a grade a grade."""

    systems: list[GradeSystem] = field(default_factory=list)
    context: Words = field(default_factory=list)  # words that make "E 9" or "A 11" a grade
    laws: Words = field(default_factory=list)  # "TVöD", "LBesO", "gD": a grade before them
    not_after: Words = field(default_factory=list)  # "Anlage", "Laufbahngruppe": never a grade


@record
class OrgUnits(Spec):
    """How organisational units are named."""

    heads: dict[str, Literal["m", "f", "n"]] = field(default_factory=dict)  # word → gender
    compound_suffixes: Words = field(default_factory=list)  # "amt" in "Jugendamt"
    not_units: Words = field(default_factory=list)  # "Gesamt", "Ehrenamt"
    name_links: Words = field(default_factory=list)  # "für", "der": inside a name
    standalone: Words = field(default_factory=list)  # a unit by itself: "Kämmerei", "Bauhof"
    # Where a request names several units ("Dezernat V, Gesundheitsamt"), the post
    # belongs to the one of the first level listed here (the Stellenplan's unit).
    levels: list[Words] = field(default_factory=list)


@record
class ReferenceKind(Spec):
    """A kind of paper a request cites ("GRDrs", "Vorlage")."""

    name: str  # as `parse` reports it: "GRDrs", "Vorlage"
    words: Words
    council: bool = True  # a council paper (a faction's Haushaltsantrag is not)


@record
class References(Spec):
    """How papers are cited: their kinds, numbers and lists."""

    kinds: list[ReferenceKind] = field(default_factory=list)
    number_words: Words = field(default_factory=list)  # "Nr.", "Nummer"
    list_links: Words = field(default_factory=list)  # "und", "sowie", ","
    suffixes: Words = field(default_factory=list)  # "Ergänzung", "Neufassung"


@record
class Body(Spec):
    """A body that decides (Gemeinderat, Kreistag) and how it is written."""

    name: str  # nominative, as `parse` reports it
    words: Words


@record
class Decisions(Spec):
    """How a decision is written: bodies, committees, verbs."""

    bodies: list[Body] = field(default_factory=list)
    committee_suffixes: Words = field(default_factory=list)  # "ausschuss": any committee
    named_committees: Words = field(default_factory=list)  # "Ausschuss" für/des …
    verbs: Words = field(default_factory=list)  # "beschl~", "zugestimmt"
    consultation: Words = field(default_factory=list)  # "vorberaten": not a decision
    pending: Words = field(default_factory=list)  # "wird * beschließen": not yet decided


@record
class PlanYear(Spec):
    """How the Stellenplan year is written."""

    phrases: Words = field(default_factory=list)  # "Stellenplan", "Haushaltsjahr"
    links: Words = field(default_factory=list)  # "für das Jahr", "zum"


@record
class NoteKind(Spec):
    """A kind of Stellenvermerk (kw, ku, Sperre) and its words."""

    kind: Literal["kw", "ku", "sperre"]
    words: Words


@record
class Notes(Spec):
    """How Stellenvermerke are written."""

    kinds: list[NoteKind] = field(default_factory=list)
    near: Words = field(default_factory=list)  # outside the notes sections: only near these


@record
class Notation(Spec):
    """The notations of one document type, or a budget office's additions to them."""

    document_type: str
    facts: Facts = field(default_factory=Facts)
    headings: Keyed = field(default_factory=dict)  # section key → more titles
    shares: Shares = field(default_factory=Shares)
    tables: Table = field(default_factory=Table)
    pay_grades: PayGrades = field(default_factory=PayGrades)
    org_units: OrgUnits = field(default_factory=OrgUnits)
    references: References = field(default_factory=References)
    decisions: Decisions = field(default_factory=Decisions)
    plan_year: PlanYear = field(default_factory=PlanYear)
    notes: Notes = field(default_factory=Notes)
    criteria: Keyed = field(default_factory=dict)  # criterion → phrases
    criteria_names: Named = field(default_factory=dict)  # criterion → what clerks read


# -- merging a budget office's additions ---------------------------------------------


def merge(entries: Sequence[tuple[Notation, Mapping[str, Any]]]) -> Notation:
    """One notation from several entries for a document type, in load order, each with
    the data it was read from (what it sets): lists are joined (later words first, so a
    budget office's longer forms win), dictionaries updated, single values replaced by
    the later entry that sets them."""
    merged = entries[0][0]
    for extra, given in entries[1:]:
        merged = _merge(merged, extra, given)
    return merged


_S = TypeVar("_S", bound=Spec)


def _merge(base: _S, extra: Spec, given: Mapping[str, Any]) -> _S:
    update: dict[str, object] = {}
    for part in dataclasses.fields(extra):
        name = part.name
        if name not in given and part.metadata.get("alias") not in given:
            continue
        old, new = getattr(base, name), getattr(extra, name)
        if isinstance(old, Spec) and isinstance(new, Spec):
            inner = given.get(name)
            update[name] = _merge(old, new, inner if isinstance(inner, Mapping) else {})
        elif isinstance(old, list) and isinstance(new, list):
            update[name] = [*new, *(item for item in old if item not in new)]
        elif isinstance(old, dict) and isinstance(new, dict):
            joined = dict(old)
            for key, value in new.items():
                if isinstance(value, list) and isinstance(joined.get(key), list):
                    joined[key] = [*value, *(v for v in joined[key] if v not in value)]
                else:
                    joined[key] = value
            update[name] = joined
        elif name != "document_type":
            update[name] = new
    return dataclasses.replace(base, **update)


# -- compiling words into patterns ----------------------------------------------------

_GAP = r"(?:\s{1,3}\S{1,40}){0,3}?\s{1,3}"  # "*" in a phrase: up to three other words


def _is_abbreviation(word: str) -> bool:
    """ "VZÄ", "EG", "GR": written with two or more capitals, matched exactly."""
    return sum(c.isupper() for c in word) >= 2


def _first_letters(word: str) -> list[str]:
    """A word's first letter in either case (German capitalises at a sentence start),
    each as its own string: "ß" gives "ß" and "S" as its upper case does."""
    first = word[0]
    if first.isalpha() and first.lower() != first.upper():
        return list(dict.fromkeys(first.lower() + first.upper()))
    return [first]


_BOUNDARY = r"(?<!\w.)"  # after a word's first character: no letter before that one


def branches(word: str) -> list[tuple[str, str]]:
    """A word or phrase of a notation as bounded patterns, one per way its first
    character may be written: (that character, the pattern of the rest), with word
    boundaries where it starts or ends with a letter or digit ("%" may follow a
    number directly).

    The boundary before the word is checked after its first character:
    "V(?<!\\w.)orlage" matches where "(?<!\\w)Vorlage" does.  A branch that starts
    with a literal is rejected by one comparison, and an alternation of such branches
    gives `re` a set of first characters to scan for; a leading look-behind would be
    evaluated at every position of the text."""
    word = word.strip()
    stem = word.endswith("~")
    word = word.rstrip("~").strip()
    exact = _is_abbreviation(word)

    def written(w: str) -> str:
        return re.escape(w) if exact else _first_letter(w)

    parts = [p.split() for p in word.split("*") if p.split()]
    head = parts[0][0]
    tokens = [r"\s{1,3}".join(map(written, p)) for p in parts]
    tokens[0] = r"\s{1,3}".join([re.escape(head[1:]), *map(written, parts[0][1:])])
    right = r"\w{0,24}" if stem else r"(?!\w)" if word[-1:].isalnum() else ""
    rest = (_BOUNDARY if head[0].isalnum() else "") + _GAP.join(tokens) + right
    firsts = _first_letters(head) if not exact else [head[0]]
    return [(re.escape(c), rest) for c in firsts]


def _first_letter(word: str) -> str:
    """A word's first letter in either case (German capitalises at a sentence start)."""
    letters = _first_letters(word)
    if len(letters) > 1:
        return f"[{''.join(re.escape(c) for c in letters)}]" + re.escape(word[1:])
    return re.escape(word)


def phrase(word: str) -> str:
    """A word or phrase of a notation as one bounded pattern (see `alternation`)."""
    return alternation([word])


def alternation(words: Iterable[str], *, small: bool = True) -> str:
    """The words as one group, longest first so that "Stellenanteil" wins over "Stelle".

    The branches are grouped by their first character (see `branches`), in the order
    of each character's first word, and keep their order within a group: at any
    position only one group can match, so `re` tries the same words in the same order
    as in a plain alternation, but rejects the others by one comparison per group.
    The boundary shared by a group is checked once.

    Without `small`, the branches whose first letter is small are left out: in a text
    that holds none of the words' `small_pieces`, those branches match nowhere, and
    the group matches what the whole one does.  `re` tries a group at each place where
    one of its first letters is; small letters are most of a German text, capitals
    start a word."""
    unique = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return grouped(
        branch for word in unique for branch in branches(word) if small or not is_small(branch[0])
    )


def is_small(first: str) -> bool:
    """Whether a branch's first character (see `branches`) is a small letter."""
    return first != first.upper()


def small_pieces(words: Iterable[str]) -> tuple[str, ...]:
    """Pieces of text of which every match of a branch of `alternation(words)` that
    starts with a small letter contains one: the word's first token with that letter,
    as written (see `branches`).  A piece that contains another is left out."""
    found = {first + head[1:] for word in words for first, head in _heads(word) if is_small(first)}
    return shortest_pieces(found)


def _heads(word: str) -> list[tuple[str, str]]:
    """Per branch of `word` (see `branches`): its first character and the first token
    it starts, as written but for the first character."""
    word = word.strip().rstrip("~").strip()
    parts = [p.split() for p in word.split("*") if p.split()]
    if not parts:
        return []
    head = parts[0][0]
    firsts = _first_letters(head) if not _is_abbreviation(word) else [head[0]]
    return [(first, head) for first in firsts]


def grouped(pairs: Iterable[tuple[str, str]]) -> str:
    """Branches given as (first character, rest) as one group, grouped by their first
    character in order (see `alternation`)."""
    groups: dict[str, list[str]] = {}
    for first, rest in pairs:
        groups.setdefault(first, []).append(rest)
    if not groups:
        return r"(?!x)x"  # matches nothing
    out = []
    for first, rests in groups.items():
        shared = _BOUNDARY if all(r.startswith(_BOUNDARY) for r in rests) else ""
        rests = [r[len(shared) :] for r in rests]
        tail = rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")"
        out.append(first + shared + tail)
    return "(?:" + "|".join(out) + ")"


def pieces(words: Iterable[str]) -> tuple[str, ...]:
    """Pieces of text of which every match of `alternation(words)` contains one, as
    they are written: per word its longest token (tokens are joined by any white space,
    "*" by other words), whose first letter may be written in either case unless the
    word is an abbreviation.

    `any(piece in text for piece in pieces)` is false for a text no word can match, and
    costs far less than a scan by `re` where the words start with common letters (each
    such letter is a place the pattern is tried).  A piece that contains another is
    left out: the shorter one is in every text the longer one is in."""
    found: set[str] = set()
    for word in words:
        found.update(_pieces(word))
    return shortest_pieces(found)


def shortest_pieces(found: Iterable[str]) -> tuple[str, ...]:
    """The pieces without those that contain another, shortest first."""
    kept: list[str] = []
    for piece in sorted(found, key=lambda p: (len(p), p)):
        if not any(shorter in piece for shorter in kept):
            kept.append(piece)
    return tuple(kept)


def _pieces(word: str) -> list[str]:
    """The pieces one of which each match of `word`'s branches contains (see
    `branches`): its longest token as written; with its first letter in either case
    unless the word is an abbreviation (written as is)."""
    word = word.strip().rstrip("~").strip()
    tokens = [token for part in word.split("*") for token in part.split()]
    if not tokens:
        return []
    exact = _is_abbreviation(word)
    longest = max(tokens, key=len)
    if exact:
        return [longest]
    if len(longest) > 4:  # without its first letter: one piece for either case
        return [longest[1:]]
    # a short word ("Drs", "h"): in each case of its first letter, more telling than "rs"
    return [first + longest[1:] for first in _first_letters(longest)]


def key(text: str) -> str:
    """The lookup key of a written form: case, spacing and a final period folded."""
    return _SPACES.sub(" ", text.strip().rstrip("~")).lower()


_SPACES = re.compile(r"\s+")


def table(entries: dict[str, object]) -> dict[str, object]:
    return {key(k): v for k, v in entries.items()}


# -- fitting the notations to the document types --------------------------------------


class NotationError(ValueError):
    """A notation that does not fit the document types; `entry` is the index of the
    entry in its file, `field` the path of the offending field."""

    def __init__(self, entry: int, field: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.entry = entry
        self.field = field
        self.message = message


def check_fits(notation: Notation, index: int, types: dict[str, DocumentType]) -> None:
    """Raise NotationError when the entry names an unknown document type or section."""
    doc_type = types.get(notation.document_type)
    if doc_type is None:
        known = ", ".join(sorted(types)) or "keiner"
        raise NotationError(
            index,
            ("document_type",),
            f"unbekannter Dokumenttyp {notation.document_type!r} (deklariert: {known})",
        )
    keys = {s.key for s in doc_type.sections}
    for section in notation.headings:
        if section not in keys:
            raise NotationError(index, ("headings", section), f"unbekannter Abschnitt {section!r}")
    for name in (f.name for f in dataclasses.fields(Facts)):
        where = getattr(notation.facts, name)
        for section in where if isinstance(where, list) else []:
            if section not in keys | {"title", "document"}:
                raise NotationError(index, ("facts", name), f"unbekannter Abschnitt {section!r}")


def resolve(
    types: Sequence[DocumentType], entries: Sequence[tuple[Notation, Mapping[str, Any]]]
) -> dict[str, Notation]:
    """Document type id → its notation (all entries for it merged, in load order); each
    entry comes with the data it was read from."""
    by_type: dict[str, list[tuple[Notation, Mapping[str, Any]]]] = {}
    for entry in entries:
        by_type.setdefault(entry[0].document_type, []).append(entry)
    resolved: dict[str, Notation] = {}
    for doc_type in types:
        type_id = doc_type.id
        found = by_type.get(type_id)
        resolved[type_id] = merge(found) if found else Notation(document_type=type_id)
    return resolved


def with_headings(doc_type: DocumentType, notation: Notation) -> DocumentType:
    """The document type with the notation's heading titles added to its aliases."""
    if not notation.headings:
        return doc_type
    sections = [
        dataclasses.replace(s, aliases=[*s.aliases, *notation.headings.get(s.key, [])])
        for s in doc_type.sections
    ]
    return dataclasses.replace(doc_type, sections=sections)
