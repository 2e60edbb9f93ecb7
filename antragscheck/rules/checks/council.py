"""Check types against the council information system: the cited paper exists, the
decision date the request names is a meeting of that body on that paper, the paper was
decided.

They read the local index (`antragscheck ris sync`, `[ris] index`, `--ris-index`) that
the caller hands in as `Subject.council`; checks never go online.  Without an index
they are silent (`needs_council`; `antragscheck rules NAME` says so).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, ClassVar, Literal

from antragscheck.models import Reference
from antragscheck.rules.checks.base import CheckType, Hit, Patterns, Subject, compile_pattern
from antragscheck.spec import record
from antragscheck.text import fold

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilConsultation, CouncilIndex, CouncilPaper


def cited(reference: Reference) -> str:
    """A reference as the index is asked for it: kind and number ("GRDrs 234/2021")."""
    return f"{reference.kind} {reference.number}"


def _council_references(subject: Subject, council_only: bool) -> list[Reference]:
    """The cited references, each paper once (first mention)."""
    seen: set[str] = set()
    found: list[Reference] = []
    for reference in subject.antrag.references:
        if council_only and not reference.council:
            continue
        key = cited(reference)
        if key not in seen:
            seen.add(key)
            found.append(reference)
    return found


def _day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "ohne Datum"


def _where(consultation: CouncilConsultation) -> str:
    return ", ".join(consultation.bodies) or consultation.meeting or "unbekanntes Gremium"


@record
class CouncilPaperKnown(CheckType):
    """Every cited council paper is in the index of the council information system
    (matched tolerantly: "GRDrs. 234/2021" finds "GRDrs 234/2021", "Vorlage Nr.
    2023/187" finds "2023/187").  With `council_only: false` motions count too."""

    type: Literal["council-paper-known"]
    council_only: bool = field(
        default=True, metadata={"description": "nur Gemeinderatsdrucksachen; false: auch Anträge"}
    )
    description: ClassVar[str] = (
        "Jede genannte Drucksache steht im Index des Ratsinformationssystems "
        "(`antragscheck ris sync`); verglichen wird tolerant („GRDrs. 234/2021“ findet "
        "„GRDrs 234/2021“, „Vorlage Nr. 2023/187“ findet „2023/187“). Ohne Index stumm."
    )
    needs_council: ClassVar[bool] = True
    message_fields: ClassVar[frozenset[str]] = frozenset({"reference", "text"})
    example: ClassVar[str] = """\
id: R203
name: council-reference-unknown
severity: warning
summary: Eine genannte Drucksache steht nicht im Ratsinformationssystem.
check: {type: council-paper-known}
message: "Die Drucksache {reference} steht nicht im Ratsinformationssystem."
"""

    def run(self, subject: Subject) -> Iterator[Hit]:
        council = subject.council
        if council is None:
            return
        for reference in _council_references(subject, self.council_only):
            if not council.find(cited(reference)):
                section = reference.section or subject.rule_section
                yield Hit(
                    section,
                    subject.location(section),
                    {"reference": cited(reference), "text": reference.text},
                )


@record
class CouncilDecisionDate(CheckType):
    """A decision the request names ("beschloss der Gemeinderat am 25. März 2021") is a
    meeting of that body on that day among the consultations of the papers it cites
    (those named in the same sentence, else in the same section, else all).  `bodies`
    lists, per body as requests name it, the words its meetings and committees carry
    in the council information system (compared without case and umlauts)."""

    type: Literal["council-decision-date"]
    bodies: dict[str, list[str]] = field(
        default_factory=dict,
        metadata={
            "description": "je Gremium, wie Anträge es nennen: Wörter in den Namen seiner "
            "Sitzungen und Gremien im Ratsinformationssystem"
        },
    )
    description: ClassVar[str] = (
        "Ein im Antrag genannter Beschluss mit Datum („beschloss der Gemeinderat am 25. "
        "März 2021“) entspricht einer Sitzung dieses Gremiums an diesem Tag unter den "
        "Beratungen der genannten Drucksachen (im selben Satz, sonst im selben Abschnitt, "
        "sonst aller). Die Meldung nennt die bekannten Tage. Ohne Index stumm."
    )
    needs_council: ClassVar[bool] = True
    message_fields: ClassVar[frozenset[str]] = frozenset({"body", "date", "reference", "dates"})
    example: ClassVar[str] = """\
id: R204
name: decision-date-mismatch
severity: warning
summary: Das genannte Beschlussdatum passt nicht zu den Beratungen der Drucksache.
check:
  type: council-decision-date
  bodies: {Gemeinderat: [gemeinderat, stadtrat, ratsversammlung]}
message: "{body} am {date}: {reference} wurde beraten {dates}."
"""

    def run(self, subject: Subject) -> Iterator[Hit]:
        council = subject.council
        if council is None or not subject.antrag.decisions:
            return
        references = _council_references(subject, True)
        papers = {cited(r): council.find(cited(r)) for r in references}
        for decision in subject.antrag.decisions:
            sentence = f"{decision.source} {decision.text}"
            linked = _linked(sentence, decision.section, references)
            found = [(name, p) for name in linked for p in papers[name]]
            consultations = [
                (name, c) for name, paper in found for c in paper.consultations if c.date
            ]
            if not consultations:
                continue  # nothing known to compare with (unknown papers: R203)
            words = self._words(decision.body)
            if any(
                c.date == decision.date and not c.cancelled and _held_by(c, words)
                for _, c in consultations
            ):
                continue
            section = decision.section or subject.rule_section
            yield Hit(
                section,
                subject.location(section),
                {
                    "body": decision.body,
                    "date": _day(decision.date),
                    "reference": ", ".join(dict.fromkeys(name for name, _ in found)),
                    "dates": "; ".join(
                        dict.fromkeys(f"{_where(c)} am {_day(c.date)}" for _, c in consultations)
                    ),
                },
            )

    def _words(self, body: str) -> list[str]:
        stem = _stem(fold(body))
        for name, words in self.bodies.items():
            if _stem(fold(name)) == stem:
                return [fold(w) for w in words] + [stem]
        return [stem]


def _stem(word: str) -> str:
    """ "Gemeinderats", "Verwaltungsausschusses" → the nominative's letters."""
    word = word.strip()
    for suffix in ("es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 6:
            return word[: -len(suffix)]
    return word


def _held_by(consultation: CouncilConsultation, words: list[str]) -> bool:
    names = fold(" ".join([*consultation.bodies, consultation.meeting]))
    return not names.strip() or any(word in names for word in words)


def _linked(text: str, section: str | None, references: list[Reference]) -> list[str]:
    """The references a decision sentence is about."""
    in_sentence = [cited(r) for r in references if r.number in text]
    if in_sentence:
        return in_sentence
    in_section = [cited(r) for r in references if r.section == section]
    return in_section or [cited(r) for r in references]


@record
class CouncilPaperDecided(CheckType):
    """Every cited paper found in the index shows a decision: a consultation whose
    result matches one of `decided` and none of `undecided` (regular expressions,
    case-insensitive; the results differ between council information systems)."""

    type: Literal["council-paper-decided"]
    decided: Patterns = field(
        metadata={
            "min_length": 1,
            "description": "reguläre Ausdrücke für Ergebnisse, die ein Beschluss sind",
        }
    )
    undecided: Patterns = field(
        default_factory=list,
        metadata={"description": "reguläre Ausdrücke, die trotzdem keiner sind"},
    )
    description: ClassVar[str] = (
        "Jede genannte Drucksache, die im Index steht, zeigt einen Beschluss: eine Beratung, "
        "deren Ergebnis auf `decided` passt und auf keinen Ausdruck in `undecided`. Ohne "
        "Index stumm."
    )
    needs_council: ClassVar[bool] = True
    message_fields: ClassVar[frozenset[str]] = frozenset({"reference", "state"})
    example: ClassVar[str] = """\
id: R205
name: reference-not-decided
severity: info
summary: Die genannte Drucksache ist laut Ratsinformationssystem noch nicht beschlossen.
check: {type: council-paper-decided, decided: [beschlossen, zugestimmt], undecided: [vertagt]}
message: "Zur Drucksache {reference} zeigt das Ratsinformationssystem keinen Beschluss ({state})."
"""

    def run(self, subject: Subject) -> Iterator[Hit]:
        council = subject.council
        if council is None:
            return
        decided = [compile_pattern(p) for p in self.decided]
        undecided = [compile_pattern(p) for p in self.undecided]

        def shows_decision(result: str) -> bool:
            return any(p.search(result) for p in decided) and not any(
                p.search(result) for p in undecided
            )

        for reference in _council_references(subject, True):
            papers = council.find(cited(reference))
            if not papers:
                continue  # unknown: council-reference-unknown says so
            held = [c for p in papers for c in p.consultations]
            if any(shows_decision(c.result) for c in held if c.result and not c.cancelled):
                continue
            section = reference.section or subject.rule_section
            yield Hit(
                section,
                subject.location(section),
                {"reference": cited(reference), "state": _state(held)},
            )


def _state(consultations: list[CouncilConsultation]) -> str:
    dated = [c for c in consultations if c.date is not None]
    if not dated:
        return "keine Beratung bekannt"
    last = max(dated, key=lambda c: c.date or dt.date.min)
    result = "abgesagt" if last.cancelled else (last.result or "ohne Ergebnis")
    return f"zuletzt {_where(last)} am {_day(last.date)}: {result}"


__all__ = [
    "CouncilDecisionDate",
    "CouncilIndex",
    "CouncilPaper",
    "CouncilPaperDecided",
    "CouncilPaperKnown",
]
