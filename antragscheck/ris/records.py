"""What the rules see of the council information system: papers and their
consultations, as plain data, and the lookup a rule asks.

The lookup is a protocol: the SQLite index (`store.Index`) is one implementation, the
small in-memory index the rule examples bring (`MemoryIndex`) is another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from antragscheck.ris.match import compatible, reference_key


@dataclass(frozen=True)
class CouncilConsultation:
    """One consultation of a paper: the meeting it was (or will be) discussed in."""

    date: dt.date | None  # the meeting's day, as the council's own calendar shows it
    bodies: tuple[str, ...] = ()  # the committees (first one leads), by name
    meeting: str = ""  # the meeting's name, e.g. "Sitzung des Gemeinderats"
    result: str = ""  # the agenda item's result, e.g. "ungeändert beschlossen"
    role: str = ""  # e.g. "Beschlussfassung", "Vorberatung"
    authoritative: bool | None = None  # a decision is taken (or was) in this consultation
    cancelled: bool = False


@dataclass(frozen=True)
class CouncilPaper:
    reference: str
    name: str = ""
    date: dt.date | None = None
    paper_type: str = ""
    consultations: tuple[CouncilConsultation, ...] = field(default_factory=tuple)
    web: str = ""  # the paper's page in the council information system


class CouncilIndex(Protocol):
    """What a rule may ask: the papers a cited reference may mean."""

    def find(self, reference: str) -> list[CouncilPaper]: ...


class MemoryIndex:
    """A handful of papers in memory (rule examples, tests)."""

    def __init__(self, papers: Iterable[CouncilPaper]) -> None:
        self._by_key: dict[str, list[CouncilPaper]] = {}
        for paper in papers:
            key = reference_key(paper.reference)
            if key is not None:
                self._by_key.setdefault(key, []).append(paper)

    def find(self, reference: str) -> list[CouncilPaper]:
        key = reference_key(reference)
        if key is None:
            return []
        return [p for p in self._by_key.get(key, []) if compatible(reference, p.reference)]


def meeting_dates(consultations: Sequence[CouncilConsultation]) -> list[dt.date]:
    return sorted({c.date for c in consultations if c.date is not None and not c.cancelled})
