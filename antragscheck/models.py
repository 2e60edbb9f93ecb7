"""Typed data passed between the stages: Block → Section → Antrag → Finding → Report.

Every stage is a function from one of these models to the next, so each can be tested
with a hand-built input.  The JSON shapes are part of the interface the budget office
builds on: keep field names stable.

These are plain slotted dataclasses: our own code makes them, so nothing needs
validating on the hot path, and a one-file check does not pay for pydantic's import
and model building (issue #14).  `antragscheck.jsonshape` turns them into JSON (the
shape pydantic gave them) and back; pydantic describes them at the boundaries
(`TypeAdapter(Report)` gives the same JSON and a JSON Schema).  They are declared with
`spec.record` (frozen, slotted, keyword-only dataclasses that cost little to create at
start-up; equality, hash and repr come from `spec.ByFields`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import field
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

from antragscheck.spec import ByFields, record


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return _RANKS[self._value_]  # the plain attribute: `value` is a slow descriptor


_RANKS = {"error": 3, "warning": 2, "info": 1}


@record
class Location(ByFields):
    """Where a block stands in the document: the running paragraph number (1-based,
    counting paragraphs inside tables and content controls) and, inside a table, the
    table, row and cell (all 1-based)."""

    paragraph: int
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def describe(self) -> str:
        """German description for clerks: "Absatz 12" or "Tabelle 1, Zeile 3, Zelle 2"."""
        if self.table is not None:
            return f"Tabelle {self.table}, Zeile {self.row}, Zelle {self.cell}"
        return f"Absatz {self.paragraph}"


@record
class Block(ByFields):
    """One paragraph of visible text, as Word shows it (deleted and hidden text dropped,
    field codes dropped, the list number computed from numbering.xml)."""

    text: str
    placeholder: str = ""  # text of content controls that still show their placeholder
    style_id: str | None = None
    style_name: str | None = None
    outline_level: int | None = None  # 0 for "heading 1", as Word counts
    list_label: str | None = None  # the automatic number as rendered, e.g. "3.1" or "2."
    bold: bool = False  # every visible run is bold
    bold_prefix: str = ""  # text of the leading bold runs (a bold lead-in)
    location: Location
    # The innermost table cell the paragraph stands in, nested tables included:
    # (table, row, cell), tables numbered in document order.  `location` names the
    # outermost cell, as the clerk finds it.
    grid: tuple[int, int, int] | None = None


@record
class Document(ByFields):
    """What the reader hands on: the body's blocks, the comments' texts and the custom
    document properties (name → value)."""

    blocks: list[Block]
    comments: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)


@record
class Section(ByFields):
    """A section of the request: its heading, key and text."""

    key: str | None  # the declared section key; None for a heading the type does not declare
    number: str | None  # the declared number ("3.1"); None for extra sections
    label: str | None  # the number as written or computed from list numbering
    title: str  # the heading as written, without its number
    parent: str | None = None
    level: int = 1
    text: str = ""
    placeholders: list[str] = field(default_factory=list)
    location: Location | None = None
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cell texts

    @property
    def display(self) -> str:
        number = self.number or self.label
        return f"{number} {self.title}" if number else self.title


@record
class Position(ByFields):
    """A post the request asks for: share, pay grade, unit, purpose."""

    share: Decimal | None
    share_text: str
    unit: str
    org_unit: str | None = None
    pay_grade: str | None = None
    purpose: str | None = None  # what the post is for ("Koordinierung Smart City")
    text: str = ""
    source: str = ""  # the sentence or table row the post was read from


@record
class Reference(ByFields):
    """A paper the request cites ("GRDrs 234/2021")."""

    kind: str  # as the notation names it: GRDrs, Drucksache, Vorlage, Haushaltsantrag …
    number: str
    year: int | None
    text: str
    council: bool  # refers to a council paper (not merely a motion)
    section: str | None = None
    source: str = ""  # the sentence it was read from


@record
class Decision(ByFields):
    """A decision the request names: body and date."""

    body: str
    date: dt.date
    text: str
    section: str | None = None
    source: str = ""  # the sentence it was read from


@record
class Note(ByFields):
    """A Stellenvermerk (kw, ku, Sperre) with its date or condition."""

    kind: str  # kw, ku, sperre
    date: dt.date | None = None
    condition: str | None = None
    target_grade: str | None = None
    text: str
    section: str | None = None
    source: str = ""  # the line it was read from


@record
class Suppression(ByFields):
    """An "antragscheck: ignore <rule> – <Begründung>" found in a Word comment or a custom
    document property."""

    rules: list[str]
    reason: str | None
    source: str  # "Kommentar" or "Dokumenteigenschaft"
    text: str


@record
class Antrag(ByFields):
    """A staffing request as the rules see it; `antragscheck parse` prints it."""

    title: str
    plan_year: int | None
    plan_year_source: str | None = None  # the text the plan year was read from
    document_type: str
    sections: list[Section]
    preamble_placeholders: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    pay_grades: list[str] = field(default_factory=list)
    org_units: list[str] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@record
class Suppressed(ByFields):
    """Why a finding is accepted: by the configuration (per-file-ignores), by the
    document itself (comment or property), or by a baseline."""

    by: str  # "config", "document" or "baseline"
    reason: str


@record
class Finding(ByFields):
    """What a rule found, with the message a clerk reads."""

    rule: str  # the rule id
    name: str  # the rule name, e.g. "section-missing"
    severity: Severity
    section: str | None  # section key, or None for the whole document
    message: str
    location: Location | None = None
    suppressed: Suppressed | None = None
    # Cross-file findings that belong together, e.g. the requests of one duplicate group
    # ("G1"); left out of JSON when there is none.
    group: str | None = field(default=None, metadata={"json": "omit-none"})


@record
class FileResult(ByFields):
    """The findings of one file."""

    path: str
    document_type: str | None
    findings: list[Finding]

    @property
    def active(self) -> list[Finding]:
        """The findings that count: not suppressed."""
        return [f for f in self.findings if f.suppressed is None]


@record
class Summary(ByFields):
    """How many findings of each severity a report holds."""

    files: int
    error: int
    warning: int
    info: int
    suppressed: int = 0


@record
class Report(ByFields):
    """The results of all files of one run."""

    files: list[FileResult]
    summary: Summary

    @classmethod
    def of(cls, files: list[FileResult]) -> Report:
        counts = {s: 0 for s in Severity}
        suppressed = 0
        for result in files:
            for finding in result.findings:
                if finding.suppressed is None:
                    counts[finding.severity] += 1
                else:
                    suppressed += 1
        return cls(
            files=files,
            summary=Summary(
                files=len(files),
                error=counts[Severity.error],
                warning=counts[Severity.warning],
                info=counts[Severity.info],
                suppressed=suppressed,
            ),
        )


def overview_status(document_type: str | None, active: Iterable[Severity]) -> str:
    """A request's status in the audit's overview, from its document type and the
    severities of its active findings: unlesbar, Fehler, Warnungen, vollständig."""
    if document_type is None:
        return "unlesbar"
    severities = set(active)
    if Severity.error in severities:
        return "Fehler"
    if Severity.warning in severities:
        return "Warnungen"
    return "vollständig"


@record
class AuditRecord(ByFields):
    """One request as the budget office's audit sees it: the findings and the facts its
    overview sums up."""

    path: str
    document_type: str | None
    findings: list[Finding]
    title: str = ""
    plan_year: int | None = None
    org_unit: str | None = None
    share: Decimal | None = None  # sum of the post shares requested
    pay_grade: str | None = None
    purpose: str | None = None
    references: list[str] = field(default_factory=list)
    # How many of `references` the council information system's index knows; None when
    # the audit ran without an index.
    verified: int | None = None

    @property
    def verified_text(self) -> str:
        """German, for the reports: "2 von 2", "0 von 1", "–" without index or reference."""
        if self.verified is None or not self.references:
            return "–"
        return f"{self.verified} von {len(self.references)}"

    @property
    def result(self) -> FileResult:
        return FileResult(path=self.path, document_type=self.document_type, findings=self.findings)

    @property
    def status(self) -> str:
        """German status for the overview: unlesbar, Fehler, Warnungen, vollständig."""
        return overview_status(
            self.document_type, (f.severity for f in self.findings if f.suppressed is None)
        )

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.suppressed is None and f.severity is severity)

    @property
    def suppressed(self) -> int:
        """Findings accepted in the document, the configuration or a baseline."""
        return sum(1 for f in self.findings if f.suppressed is not None)


class AuditFacts(NamedTuple):
    """What the cross-file checks compare: one small tuple a request."""

    path: str
    document_type: str | None
    org_unit: str | None
    purpose: str | None
    plan_year: int | None
    # The purpose's words as the duplicate check compares them (text.title_tokens),
    # worked out as the request's result arrives (audit/store.py), not after the last
    # one; None: not worked out yet.
    words: frozenset[str] | None = None


@record(kw_only=False)
class Audit(ByFields):
    """A whole audit: the records sorted by path, what was skipped and why, and how many
    results came from the cache.  `records` is any sequence of AuditRecord; the audit
    command passes a compact store that decodes one record at a time, so that memory
    stays flat however many requests are audited."""

    records: Sequence[AuditRecord]
    skipped: dict[str, int] = field(default_factory=dict)
    cached: int = 0
    seconds: float = 0.0
    # What the reports say about the run: the folders as given, when it ran ("27.11.2026
    # 11:52"), and the program and rules version.
    folders: Sequence[str] = ()
    when: str = ""
    version: str = ""
