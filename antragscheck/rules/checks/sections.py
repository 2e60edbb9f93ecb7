"""Check types about the sections themselves: present, long enough, in order, once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from typing import ClassVar, Literal

from antragscheck.doctypes import DocumentType, type_index
from antragscheck.rules.checks.base import (
    CheckType,
    Hit,
    PreparedCheck,
    Runner,
    Subject,
    has_words,
    words,
)
from antragscheck.spec import record
from antragscheck.text import fold


@record
class SectionPresent(PreparedCheck):
    """Each listed section (default: every section the document type requires) is there."""

    type: Literal["section-present"]
    sections: Literal["required"] | list[str] = field(
        default="required",
        metadata={
            "description": "Abschnittsschlüssel, oder `required`: alle Pflichtabschnitte "
            "des Dokumenttyps"
        },
    )
    description: ClassVar[str] = (
        "Jeder genannte Abschnitt ist vorhanden; ohne Angabe jeder Abschnitt, den der "
        "Dokumenttyp verlangt. Ein Befund je fehlendem Abschnitt."
    )
    example: ClassVar[str] = """\
id: S101
name: section-missing
severity: error
summary: Ein Pflichtabschnitt fehlt.
check: {type: section-present, sections: required}
message: "Der Abschnitt „{section}“ fehlt. Bitte als Überschrift ergänzen."
"""

    def section_keys(self) -> list[str]:
        return [] if self.sections == "required" else list(self.sections)

    def prepare(self, doc_type: DocumentType) -> Runner:
        wanted = type_index(doc_type).required if self.sections == "required" else self.sections

        def run(subject: Subject) -> list[Hit]:
            found = subject.first_sections()
            return [Hit(section=key) for key in wanted if key not in found]

        return run


@record
class SectionText(PreparedCheck):
    """Each listed section has at least the given number of words, and is not only one of
    the `trivial` answers; with `skip_empty`, an empty section is left to another rule.
    A section whose only content is a content control showing its placeholder is the
    placeholder rule's finding, not also this one's (`skip_placeholder`)."""

    type: Literal["section-text"]
    min_words: dict[str, int] = field(
        metadata={"description": "Abschnittsschlüssel → Mindestzahl Wörter"}
    )
    trivial: list[str] = field(
        default_factory=list,
        metadata={"description": "Antworten, die nicht zählen („keine“, „entfällt“, „-“)"},
    )
    skip_empty: bool = field(
        default=False, metadata={"description": "einen leeren Abschnitt nicht melden"}
    )
    skip_placeholder: bool = field(
        default=True,
        metadata={
            "description": "einen Abschnitt, der nur einen Platzhalter zeigt, der "
            "Platzhalter-Regel überlassen (ein Befund je unberührtem Abschnitt)"
        },
    )
    description: ClassVar[str] = (
        "Jeder genannte Abschnitt hat mindestens die angegebene Zahl Wörter und besteht "
        "nicht nur aus einer der `trivial`-Antworten. Mit `skip_empty` bleibt ein leerer "
        "Abschnitt einer anderen Regel überlassen, mit `skip_placeholder` (Standard) auch "
        "einer, in dem nur ein Inhaltssteuerelement seinen Platzhalter zeigt."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"words", "min_words"})
    example: ClassVar[str] = """\
id: S103
name: section-too-short
severity: warning
summary: Der Anlass ist zu knapp begründet.
check:
  type: section-text
  min_words: {anlass: 40}
  trivial: [keine, entfällt, "-"]
  skip_empty: true
message: "Der Abschnitt „{section}“ ist zu knapp ({words} von mindestens {min_words} Wörtern)."
"""

    def section_keys(self) -> list[str]:
        return list(self.min_words)

    def prepare(self, doc_type: DocumentType) -> Runner:
        trivial = frozenset(_bare(answer) for answer in self.trivial)
        # As many words as asked, and more than a trivial answer has: nothing to report,
        # and a long section is not counted to its end.  (Without trivial answers, as
        # many as asked are enough.)
        limits = [
            (key, minimum, max(minimum, _TRIVIAL_WORDS + 1) if trivial else minimum)
            for key, minimum in self.min_words.items()
        ]
        skip_empty, skip_placeholder = self.skip_empty, self.skip_placeholder

        def run(subject: Subject) -> Iterator[Hit]:
            for key, minimum, enough in limits:
                section = subject.section(key)
                if section is None:
                    continue
                text = section.text
                if has_words(text, enough):
                    continue
                count = words(text)
                if count == 0 and (skip_empty or (skip_placeholder and section.placeholders)):
                    continue
                # A trivial answer ("keine", "entfällt", "-") is a word or three, never more.
                is_trivial = (
                    count <= _TRIVIAL_WORDS
                    and bool(text)
                    and bool(trivial)
                    and _bare(text) in trivial
                )
                if count < minimum or is_trivial:
                    yield Hit(key, section.location, {"words": count, "min_words": minimum})

        return run


def _bare(text: str) -> str:
    return _BARE.sub(" ", fold(text)).strip() or "-"


_TRIVIAL_WORDS = 3  # a trivial answer ("keine", "k. A.", "nicht zutreffend") is no longer

_BARE = re.compile(r"[\s.!\-–—]+")


@record
class SectionOrder(PreparedCheck):
    """The sections appear in the order the document type declares."""

    type: Literal["section-order"]
    description: ClassVar[str] = (
        "Die Abschnitte stehen in der Reihenfolge, die der Dokumenttyp festlegt. Gemeldet "
        "wird der Abschnitt, der zu spät kommt, mit `{after}`: dem Abschnitt davor."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"after"})
    example: ClassVar[str] = """\
id: S104
name: section-order
severity: warning
summary: Die Abschnitte stehen nicht in der vorgesehenen Reihenfolge.
check: {type: section-order}
message: "Der Abschnitt „{section}“ steht nach „{after}“."
"""

    def prepare(self, doc_type: DocumentType) -> Runner:
        index = type_index(doc_type)
        order, last = index.order, index.count

        def run(subject: Subject) -> Iterator[Hit]:
            latest: tuple[int, str] | None = None
            for key, section in subject.first_sections().items():  # a repeat is not late
                position = order.get(key, last)
                if latest is not None and position < latest[0]:
                    spec = index.specs.get(latest[1])
                    after = spec.display if spec else latest[1]
                    yield Hit(key, section.location, {"after": after})
                else:
                    latest = (position, key)

        return run


@record
class SectionDuplicate(CheckType):
    """No declared section appears twice."""

    type: Literal["section-duplicate"]
    description: ClassVar[str] = (
        "Kein Abschnitt kommt zweimal vor; `{count}` ist, wie oft er vorkommt."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"count"})
    example: ClassVar[str] = """\
id: S105
name: section-duplicate
severity: warning
summary: Ein Abschnitt kommt zweimal vor.
check: {type: section-duplicate}
message: "Der Abschnitt „{section}“ kommt {count}-mal vor. Bitte zusammenführen."
"""

    def run(self, subject: Subject) -> Iterator[Hit]:
        sections = subject.antrag.sections
        reported: set[str] = set()
        seen: set[str] = set()
        for section in sections:
            key = section.key
            if key is None:
                continue
            if key not in seen:
                seen.add(key)
            elif key not in reported:
                reported.add(key)
                count = sum(1 for s in sections if s.key == key)
                yield Hit(key, section.location, {"count": count})
