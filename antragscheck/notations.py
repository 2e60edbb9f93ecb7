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

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from antragscheck.doctypes import DocumentType


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


Words = list[str]

# -- the YAML shape -------------------------------------------------------------------

SectionList = Literal["document", "title"] | list[str]


class Facts(_Spec):
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


class Unit(_Spec):
    name: str  # as `parse` reports it: "Stelle", "VZÄ", "Planstelle"
    words: Words  # every written form, singular and plural


class Shares(_Spec):
    units: list[Unit] = Field(default_factory=list)
    number_words: dict[str, Decimal] = Field(default_factory=dict)  # "eine": 1, "halbe": 0.5
    article_words: Words = Field(default_factory=list)  # number words that are only an article
    fillers: Words = Field(default_factory=list)  # between number and unit: "neue", "befristete"
    size_words: Words = Field(default_factory=list)  # "Stellenumfang", "im Umfang von"
    size_links: Words = Field(default_factory=list)  # between size word and number: "von", ":"
    percent_words: Words = Field(default_factory=list)  # "%", "Prozent"
    hour_words: Words = Field(default_factory=list)  # "Wochenstunden", "Std."
    week_words: Words = Field(default_factory=list)  # "Woche", "wöchentlich"
    week_hours: Decimal | None = None  # the standard week (TVöD: 39)
    civil_servant_week_hours: Decimal | None = None  # Beamte: 41
    full_week_words: Words = Field(default_factory=list)  # "Wochenarbeitszeit … 41 Stunden"
    civil_servant_words: Words = Field(default_factory=list)  # "Beamt~", "Besoldungsgruppe"
    multipliers: Words = Field(default_factory=list)  # "x" in "2 x 0,5 Stellen"
    breakdown_words: Words = Field(default_factory=list)  # "davon": the parts follow
    total_words: Words = Field(default_factory=list)  # "insgesamt": a total of the others


class Table(_Spec):
    """Header words of a positions table, per column; the rows are positions."""

    org_unit: Words = Field(default_factory=list)
    share: Words = Field(default_factory=list)
    pay_grade: Words = Field(default_factory=list)
    purpose: Words = Field(default_factory=list)
    sum_rows: Words = Field(default_factory=list)  # "Gesamt", "Summe": totals, not positions


class GradeSystem(_Spec):
    grade: str  # the canonical prefix: "EG", "S", "P", "A", "B"
    letters: Words  # how the prefix is written right before the number: "EG", "E", "EGr."
    leads: Words = Field(default_factory=list)  # words before the letter: "Besoldungsgruppe"
    numbers: Words  # the grades of the system: "1" … "15", "9a", "15Ü"
    extras: dict[str, str] = Field(default_factory=dict)  # written suffix → canonical ("+Z")


class PayGrades(_Spec):
    systems: list[GradeSystem] = Field(default_factory=list)
    context: Words = Field(default_factory=list)  # words that make "E 9" or "A 11" a grade
    laws: Words = Field(default_factory=list)  # "TVöD", "LBesO", "gD": a grade before them
    not_after: Words = Field(default_factory=list)  # "Anlage", "Laufbahngruppe": never a grade


class OrgUnits(_Spec):
    heads: dict[str, Literal["m", "f", "n"]] = Field(default_factory=dict)  # word → gender
    compound_suffixes: Words = Field(default_factory=list)  # "amt" in "Jugendamt"
    not_units: Words = Field(default_factory=list)  # "Gesamt", "Ehrenamt"
    name_links: Words = Field(default_factory=list)  # "für", "der": inside a name
    standalone: Words = Field(default_factory=list)  # a unit by itself: "Kämmerei", "Bauhof"
    # Where a request names several units ("Dezernat V, Gesundheitsamt"), the post
    # belongs to the one of the first level listed here (the Stellenplan's unit).
    levels: list[Words] = Field(default_factory=list)


class ReferenceKind(_Spec):
    name: str  # as `parse` reports it: "GRDrs", "Vorlage"
    words: Words
    council: bool = True  # a council paper (a faction's Haushaltsantrag is not)


class References(_Spec):
    kinds: list[ReferenceKind] = Field(default_factory=list)
    number_words: Words = Field(default_factory=list)  # "Nr.", "Nummer"
    list_links: Words = Field(default_factory=list)  # "und", "sowie", ","
    suffixes: Words = Field(default_factory=list)  # "Ergänzung", "Neufassung"


class Body(_Spec):
    name: str  # nominative, as `parse` reports it
    words: Words


class Decisions(_Spec):
    bodies: list[Body] = Field(default_factory=list)
    committee_suffixes: Words = Field(default_factory=list)  # "ausschuss": any committee
    named_committees: Words = Field(default_factory=list)  # "Ausschuss" für/des …
    verbs: Words = Field(default_factory=list)  # "beschl~", "zugestimmt"
    consultation: Words = Field(default_factory=list)  # "vorberaten": not a decision
    pending: Words = Field(default_factory=list)  # "wird * beschließen": not yet decided


class PlanYear(_Spec):
    phrases: Words = Field(default_factory=list)  # "Stellenplan", "Haushaltsjahr"
    links: Words = Field(default_factory=list)  # "für das Jahr", "zum"


class NoteKind(_Spec):
    kind: Literal["kw", "ku", "sperre"]
    words: Words


class Notes(_Spec):
    kinds: list[NoteKind] = Field(default_factory=list)
    near: Words = Field(default_factory=list)  # outside the notes sections: only near these


class Notation(_Spec):
    """The notations of one document type, or a budget office's additions to them."""

    document_type: str
    facts: Facts = Field(default_factory=Facts)
    headings: dict[str, Words] = Field(default_factory=dict)  # section key → more titles
    shares: Shares = Field(default_factory=Shares)
    tables: Table = Field(default_factory=Table)
    pay_grades: PayGrades = Field(default_factory=PayGrades)
    org_units: OrgUnits = Field(default_factory=OrgUnits)
    references: References = Field(default_factory=References)
    decisions: Decisions = Field(default_factory=Decisions)
    plan_year: PlanYear = Field(default_factory=PlanYear)
    notes: Notes = Field(default_factory=Notes)
    criteria: dict[str, Words] = Field(default_factory=dict)  # criterion → phrases

    @field_validator("criteria", "headings")
    @classmethod
    def _keys(cls, value: dict[str, Words]) -> dict[str, Words]:
        for key in value:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                raise ValueError(f"Schlüssel {key!r}: nur Kleinbuchstaben, Ziffern und _")
        return value


# -- merging a budget office's additions ---------------------------------------------


def merge(entries: Sequence[Notation]) -> Notation:
    """One notation from several entries for a document type, in load order: lists are
    joined (later words first, so a budget office's longer forms win), dictionaries
    updated, single values replaced by the later entry that sets them."""
    merged = entries[0]
    for extra in entries[1:]:
        merged = _merge_model(merged, extra)
    return merged


_S = TypeVar("_S", bound=_Spec)


def _merge_model(base: _S, extra: _Spec) -> _S:
    update: dict[str, object] = {}
    for name in extra.model_fields_set:
        old, new = getattr(base, name), getattr(extra, name)
        if isinstance(old, _Spec) and isinstance(new, _Spec):
            update[name] = _merge_model(old, new)
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
    return base.model_copy(update=update)


# -- compiling words into patterns ----------------------------------------------------

_GAP = r"(?:\s{1,3}\S{1,40}){0,3}?\s{1,3}"  # "*" in a phrase: up to three other words


def _is_abbreviation(word: str) -> bool:
    """ "VZÄ", "EG", "GR": written with two or more capitals, matched exactly."""
    return sum(c.isupper() for c in word) >= 2


def _first_letter(word: str) -> str:
    """A word's first letter in either case (German capitalises at a sentence start)."""
    first = word[0]
    if first.isalpha() and first.lower() != first.upper():
        return f"[{re.escape(first.lower())}{re.escape(first.upper())}]" + re.escape(word[1:])
    return re.escape(word)


def phrase(word: str) -> str:
    """A word or phrase of a notation as a bounded pattern, with word boundaries where
    it starts or ends with a letter or digit ("%" may follow a number directly)."""
    word = word.strip()
    stem = word.endswith("~")
    word = word.rstrip("~").strip()
    exact = _is_abbreviation(word)
    tokens = []
    for part in word.split("*"):
        words = part.split()
        if not words:
            continue
        escaped = [re.escape(w) if exact else _first_letter(w) for w in words]
        tokens.append(r"\s{1,3}".join(escaped))
    body = _GAP.join(tokens)
    left = r"(?<!\w)" if word[:1].isalnum() else ""
    right = r"\w{0,24}" if stem else r"(?!\w)" if word[-1:].isalnum() else ""
    return left + body + right


def alternation(words: Iterable[str]) -> str:
    """The words as one group, longest first so that "Stellenanteil" wins over "Stelle"."""
    unique = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    if not unique:
        return r"(?!x)x"  # matches nothing
    return "(?:" + "|".join(phrase(w) for w in unique) + ")"


def key(text: str) -> str:
    """The lookup key of a written form: case, spacing and a final period folded."""
    return re.sub(r"\s+", " ", text.strip().rstrip("~")).lower()


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
    for name in Facts.model_fields:
        where = getattr(notation.facts, name)
        for section in where if isinstance(where, list) else []:
            if section not in keys | {"title", "document"}:
                raise NotationError(index, ("facts", name), f"unbekannter Abschnitt {section!r}")


def resolve(types: Sequence[DocumentType], entries: Sequence[Notation]) -> dict[str, Notation]:
    """Document type id → its notation (all entries for it merged, in load order)."""
    by_type: dict[str, list[Notation]] = {}
    for entry in entries:
        by_type.setdefault(entry.document_type, []).append(entry)
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
        s.model_copy(update={"aliases": [*s.aliases, *notation.headings.get(s.key, [])]})
        for s in doc_type.sections
    ]
    return doc_type.model_copy(update={"sections": sections})
