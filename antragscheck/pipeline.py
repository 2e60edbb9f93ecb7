"""The pipeline, wired once for every command: read → structure → extract → rules.

Commands call these and never reach into the stages themselves: `check_path` (check,
baseline), `inspect_path` (also keeps the request: audit, annotate, serve),
`parse_path` (parse), `check_document` (a document already read: rule examples) and
`analyse` (a document to the request, for tests and benchmarks).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from antragscheck.doctypes import DocumentType
from antragscheck.extract import extract
from antragscheck.models import Antrag, Document, FileResult, Finding
from antragscheck.read import Deadline, UnreadableDocument, read_document
from antragscheck.read.deadline import DEFAULT_SECONDS, NO_DEADLINE
from antragscheck.rules import RuleSet, evaluate
from antragscheck.rules.evaluate import unreadable
from antragscheck.structure import choose_type, structure
from antragscheck.suppress import by_document

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilIndex


def analyse(
    document: Document, ruleset: RuleSet, type_id: str | None = None
) -> tuple[Antrag, DocumentType]:
    """The request in `document` and its document type (chosen by title unless forced)."""
    doc_type = ruleset.type(type_id) if type_id else None
    if doc_type is None:
        doc_type = choose_type(document.blocks, ruleset.document_types)
    structured = structure(document.blocks, doc_type)
    notation = ruleset.notation(doc_type)
    antrag = extract(structured, doc_type, notation, document.comments, document.properties)
    return antrag, doc_type


def check_document(
    document: Document,
    ruleset: RuleSet,
    type_id: str | None = None,
    deadline: Deadline = NO_DEADLINE,
    council: CouncilIndex | None = None,
) -> tuple[Antrag, DocumentType, list[Finding]]:
    """The request in `document`, its type, and its findings with the document's own
    suppressions applied; `deadline` is checked between the stages and before each rule.
    `council`: the council information system's index for the rules that check against
    it."""
    antrag, doc_type = analyse(document, ruleset, type_id)
    deadline.check()
    findings = evaluate(antrag, doc_type, ruleset.rules, deadline.check, ruleset.known(), council)
    findings = by_document(findings, antrag.suppressions)
    deadline.check()
    return antrag, doc_type, findings


def parse_path(path: Path, ruleset: RuleSet, type_id: str | None = None) -> Antrag:
    """Read and extract one file; raises UnreadableDocument."""
    return analyse(read_document(path), ruleset, type_id)[0]


def inspect_path(
    path: Path,
    ruleset: RuleSet,
    type_id: str | None = None,
    display: str | None = None,
    seconds: float | None = DEFAULT_SECONDS,
    council: CouncilIndex | None = None,
) -> tuple[FileResult, Antrag | None]:
    """Check one file and keep the extracted request (None when unreadable); an
    unreadable file (or one that takes longer than `seconds`) becomes one
    `unreadable-document` finding.  `council`: the council information system's index
    for the rules that check against it."""
    shown = display or str(path)
    deadline = Deadline(seconds)
    try:
        document = read_document(path, deadline)
        antrag, doc_type, findings = check_document(document, ruleset, type_id, deadline, council)
    except UnreadableDocument as error:
        finding = unreadable(ruleset.rules, error.message)
        return FileResult(path=shown, document_type=None, findings=[finding]), None
    return FileResult(path=shown, document_type=doc_type.id, findings=findings), antrag


def check_path(
    path: Path,
    ruleset: RuleSet,
    type_id: str | None = None,
    display: str | None = None,
    seconds: float | None = DEFAULT_SECONDS,
    council: CouncilIndex | None = None,
) -> FileResult:
    """Check one file; see `inspect_path`."""
    return inspect_path(path, ruleset, type_id, display, seconds, council)[0]
