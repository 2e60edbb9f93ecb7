"""What a human would miss across files: the audit's cross-file checks (the check types
of stage "audit", e.g. audit-duplicate and audit-plan-year in rules/) evaluated over the
audit's records, through the same evaluation as the document checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from antragscheck.audit.store import RecordStore
from antragscheck.doctypes import DocumentType
from antragscheck.models import Finding
from antragscheck.rules.evaluate import evaluate_across
from antragscheck.rules.schema import Rule


def crosscheck(
    store: RecordStore,
    rules: Sequence[Rule],
    doc_types: Sequence[DocumentType] = (),
    accept: Callable[[int, list[Finding]], list[Finding]] | None = None,
) -> list[int]:
    """Add the cross-file findings to the stored records (passed through `accept`
    first, e.g. the per-file-ignores of the record's path); the indexes of the records
    that gained one.  The checks look only at the small facts kept beside each record,
    and the findings are kept beside it too: no record is decoded."""
    facts = [f for f in store.facts if f is not None]
    extra = evaluate_across(facts, rules, doc_types)
    changed = []
    for index, fact in enumerate(store.facts):
        if fact is not None and fact.path in extra:
            found = extra[fact.path]
            store.add_findings(index, found if accept is None else accept(index, found))
            changed.append(index)
    return changed
