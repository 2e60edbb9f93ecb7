"""A compact, ordered store of audit records.

A record as a pydantic object takes several kilobytes; as its JSON it takes a few
hundred bytes.  The audit keeps every request's record until the summary and the
exports are written, so it keeps them as JSON and decodes one at a time when a report
walks them.  What the cross-file checks need of each request (unit, purpose, plan
year) is kept beside it, so they never decode all records at once; so is what the
overview sums (a Tally), so that the summary decodes only the few records it shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple, overload

from antragscheck import jsonshape
from antragscheck.models import AuditFacts, AuditRecord, Finding, Severity, overview_status
from antragscheck.text import title_tokens


def facts(record: AuditRecord) -> AuditFacts:
    return AuditFacts(
        record.path, record.document_type, record.org_unit, record.purpose, record.plan_year
    )


def _worded(facts: AuditFacts) -> AuditFacts:
    """`facts` with the words the duplicate check compares, worked out as the record is
    stored: while other processes still check, not after the last result.  (Here, not
    in the worker: sending them costs about as much as working them out.)"""
    if facts.words is not None or not (facts.org_unit and facts.purpose):
        return facts
    return AuditFacts(*facts[:5], title_tokens(facts.purpose))


# An active finding as the overview counts it: (rule, name, severity, group, message).
Counted = tuple[str, str, Severity, str | None, str]


class Tally(NamedTuple):
    """What the overview sums up of one record (report/audit.py), kept beside it so
    that the overview decodes no record: its facts and its active findings."""

    path: str
    document_type: str | None
    org_unit: str | None
    share: Decimal | None
    pay_grade: str | None
    verified: int | None
    cited: int  # how many council references it cites
    findings: tuple[Counted, ...]
    # AuditRecord.status, from the active findings: worked out where the tally is made
    # (in the worker, for most), not in the overview after the last result
    status: str


def _counted(findings: Sequence[Finding]) -> tuple[Counted, ...]:
    return tuple(
        (f.rule, f.name, f.severity, f.group, f.message) for f in findings if f.suppressed is None
    )


def tally(record: AuditRecord) -> Tally:
    return Tally(
        record.path,
        record.document_type,
        record.org_unit,
        record.share,
        record.pay_grade,
        record.verified,
        len(record.references),
        _counted(record.findings),
        record.status,
    )


# The statuses more findings may change, and the severity that stands for each.
_BETTERED = {"vollständig": Severity.info, "Warnungen": Severity.warning}


class Outcome(NamedTuple):
    """One file's result as the audit keeps it, made in the process that checked the
    file (audit/worker.py), so that the main process neither decodes nor encodes it:
    the record as JSON (content and rules only, what the cache keeps), the record with
    the path's per-file-ignores applied (None when they change nothing), the facts the
    cross-file checks compare, whether it fails --fail-on, how the check ended, and the
    overview's sums of the record as reported.
    Defined here, not beside the pipeline: the main process unpickles it without
    importing the pipeline."""

    data: str
    accepted: str | None
    facts: AuditFacts
    fails: bool
    status: str
    tally: Tally  # of the record as the audit reports it

    @property
    def kept(self) -> str:
        """The record as the audit reports it."""
        return self.accepted if self.accepted is not None else self.data


class RecordStore(Sequence[AuditRecord]):
    def __init__(self, size: int) -> None:
        self._data: list[bytes | None] = [None] * size
        self.facts: list[AuditFacts | None] = [None] * size
        self.tallies: list[Tally | None] = [None] * size
        # Findings added to a stored record (the cross-file checks), kept beside it as
        # they are (frozen; the members of a group share their text): the record itself
        # is neither decoded nor encoded again for them.
        self._more: dict[int, tuple[Finding, ...]] = {}

    def put(self, index: int, record: AuditRecord) -> None:
        self._data[index] = jsonshape.dumps(record).encode("utf-8")
        self.facts[index] = _worded(facts(record))
        self.tallies[index] = tally(record)
        self._more.pop(index, None)

    def add_findings(self, index: int, findings: Sequence[Finding]) -> None:
        """Append `findings` to the stored record `index`."""
        if self._data[index] is None:
            raise IndexError(f"record {index} was never stored")
        more = self._more.get(index)
        self._more[index] = (*more, *findings) if more else tuple(findings)
        kept = self.tallies[index]
        if kept is not None:  # (NamedTuple._replace costs ~1 µs a call)
            added = _counted(findings)
            status = kept.status  # (overview_status: the worst severity decides)
            if added and status in _BETTERED:
                status = overview_status(
                    kept.document_type, [_BETTERED[status], *(f[2] for f in added)]
                )
            self.tallies[index] = Tally(*kept[:-2], kept.findings + added, status)

    def put_json(self, index: int, data: str, facts: AuditFacts, tally: Tally) -> None:
        """Store a record that arrived as JSON (from a worker) without decoding it."""
        self._data[index] = data.encode("utf-8")
        self.facts[index] = _worded(facts)
        self.tallies[index] = tally
        self._more.pop(index, None)

    def tallied(self) -> Iterator[Tally]:
        """The tally of every record, in order."""
        for index, kept in enumerate(self.tallies):
            if kept is None:
                raise IndexError(f"record {index} was never stored")
            yield kept

    def __len__(self) -> int:
        return len(self._data)

    @overload
    def __getitem__(self, index: int) -> AuditRecord: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[AuditRecord]: ...

    def __getitem__(self, index: int | slice) -> AuditRecord | Sequence[AuditRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        data = self._data[index]
        if data is None:
            raise IndexError(f"record {index} was never stored")
        record = jsonshape.audit_record(data)
        if index in self._more:
            findings = [*record.findings, *self._more[index]]
            record = dataclasses.replace(record, findings=findings)
        return record

    def __iter__(self) -> Iterator[AuditRecord]:
        for index in range(len(self)):
            yield self[index]
