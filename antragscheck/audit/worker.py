"""What one worker does for one file: check it and keep the facts the overview needs.

Runs in worker processes started with the spawn method, so everything it receives and
returns is picklable and it builds its own settings (rule sets load once per process).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING

from antragscheck import jsonshape
from antragscheck.audit.pool import COMPLETE, INTERNAL, STOPPED
from antragscheck.audit.pool import Task as Task  # re-exported: a task and its check
from antragscheck.audit.store import Outcome as Outcome  # re-exported: what `checked` gives
from antragscheck.audit.store import facts, tally
from antragscheck.models import Antrag, AuditRecord, FileResult
from antragscheck.pipeline import inspect_path
from antragscheck.rules.evaluate import unreadable
from antragscheck.settings import Resolver

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilIndex


def record(
    result: FileResult, antrag: Antrag | None, council: CouncilIndex | None = None
) -> AuditRecord:
    """The overview's facts of one request next to its findings; with a council index,
    how many of its council references the index knows."""
    if antrag is None:
        return AuditRecord(
            path=result.path, document_type=result.document_type, findings=result.findings
        )
    shares = [p.share for p in antrag.positions if p.share is not None]
    first = antrag.positions[0] if antrag.positions else None
    org_unit = (first.org_unit if first else None) or next(iter(antrag.org_units), None)
    cited = [f"{r.kind} {r.number}" for r in antrag.references if r.council]
    references = list(dict.fromkeys(cited))
    return AuditRecord(
        path=result.path,
        document_type=result.document_type,
        findings=result.findings,
        title=antrag.title,
        plan_year=antrag.plan_year,
        org_unit=org_unit,
        share=sum(shares, Decimal(0)) if shares else None,
        pay_grade=(first.pay_grade if first else None) or next(iter(antrag.pay_grades), None),
        purpose=first.purpose if first else None,
        references=references,
        verified=None if council is None else sum(1 for r in references if council.find(r)),
    )


def audit_file(task: Task, resolver: Resolver) -> tuple[AuditRecord, str]:
    """The record of one file, and how its check ended (only COMPLETE records are worth
    caching).  The record depends on the content and the rules only; the
    caller applies what depends on the path.  One bad file never stops the audit: an
    error inside the check becomes an unreadable-document finding."""
    try:
        settings = resolver.for_path(task.path)
        council = settings.council()
        result, antrag = inspect_path(
            task.path,
            settings.ruleset,
            resolver.options.type_id,
            task.display,
            task.seconds,
            council,
        )
        return record(result, antrag, council), COMPLETE
    except Exception as error:  # a bug of ours: reported, and the audit goes on
        message = (
            f"Interner Fehler beim Prüfen ({type(error).__name__}). Bitte die Datei einzeln mit "
            "`antragscheck check` prüfen und den Fehler melden."
        )
        return failed_record(task, message, resolver), INTERNAL


def settle(task: Task, record: AuditRecord, status: str, resolver: Resolver) -> Outcome:
    """The outcome of `record`, the result of `task`; see Outcome."""
    settings = resolver.for_path(task.path)
    result = record.result
    accepted = settings.accept(task.path, result)
    changed = None
    kept = record
    if accepted is not result:
        kept = dataclasses.replace(record, findings=accepted.findings)
        changed = jsonshape.dumps(kept)
    return Outcome(
        jsonshape.dumps(record),
        changed,
        facts(record),
        settings.fails(accepted),
        status,
        tally(kept),
    )


def checked(task: Task, resolver: Resolver) -> Outcome:
    """`audit_file` as an outcome."""
    record, status = audit_file(task, resolver)
    return settle(task, record, status, resolver)


def failed_record(task: Task, message: str, resolver: Resolver) -> AuditRecord:
    """A file that could not be checked to its end (an internal error, a worker stopped
    at its time limit or died): the rule set's unreadable-document finding, with the
    file's configured severity and per-file-ignores."""
    try:
        settings = resolver.for_path(task.path)
    except Exception:  # the configuration itself is what failed: report with the defaults
        finding = unreadable((), message)
        return AuditRecord(path=task.display, document_type=None, findings=[finding])
    return record(settings.unreadable(task.path, task.display, message), None)  # never cached


def stopped(task: Task, message: str, resolver: Resolver) -> Outcome:
    """The outcome of a file whose worker was stopped or died (`message` says which)."""
    return settle(task, failed_record(task, message, resolver), STOPPED, resolver)
