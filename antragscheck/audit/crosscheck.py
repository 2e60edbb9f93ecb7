"""What a human would miss across files: the same post requested twice, and a request
from another Stellenplan year among the others.  The rules are data (check types
audit-duplicate and audit-plan-year in rules/); this module evaluates them over an
audit's records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from antragscheck.audit.store import Facts, RecordStore
from antragscheck.models import Finding
from antragscheck.rules.schema import AuditDuplicate, Rule
from antragscheck.text import fold, title_tokens


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def duplicates(records: Sequence[Facts], rule: Rule) -> dict[str, list[Finding]]:
    """Requests of one unit whose purposes share at least `min_similarity` of their words.

    Requests with the very same words are grouped at once; only the distinct wordings of
    a unit are compared pairwise, so a large audit stays linear in the number of files."""
    assert isinstance(rule.check, AuditDuplicate)
    wordings: dict[str, dict[frozenset[str], list[Facts]]] = {}
    for record in records:
        if record.org_unit and record.purpose:
            words = title_tokens(record.purpose)
            unit = wordings.setdefault(fold(record.org_unit), {})
            unit.setdefault(words, []).append(record)
    twins: dict[str, list[str]] = {}
    for unit in wordings.values():
        groups = list(unit.items())
        for i, (words, group) in enumerate(groups):
            similar = [
                r
                for w, g in groups[i + 1 :]
                if _similarity(words, w) >= rule.check.min_similarity
                for r in g
            ]
            for record in group:
                others = [r.path for r in group if r is not record] + [r.path for r in similar]
                twins.setdefault(record.path, []).extend(others)
            for other in similar:
                twins.setdefault(other.path, []).extend(r.path for r in group)
    found: dict[str, list[Finding]] = {}
    by_path = {r.path: r for r in records}
    for path, others in twins.items():
        if not others:
            continue
        others = sorted(set(others))
        record = by_path[path]
        named = ", ".join(others[:3])
        if len(others) > 3:
            named += f" und {len(others) - 3} weiteren"
        values = {"other": named, "org_unit": record.org_unit, "purpose": record.purpose}
        finding = rule.finding("antrag", values)
        found[path] = [finding]
    return found


def plan_years(records: Sequence[Facts], rule: Rule) -> dict[str, list[Finding]]:
    years = Counter(r.plan_year for r in records if r.plan_year is not None)
    if len(years) < 2:
        return {}
    (usual, most), (_, second) = years.most_common(2)
    if most == second:
        return {}  # no clear majority: nothing to call stale
    return {
        r.path: [rule.finding(None, {"year": r.plan_year, "usual": usual})]
        for r in records
        if r.plan_year is not None and r.plan_year != usual
    }


def crosscheck(store: RecordStore, rules: Sequence[Rule]) -> list[int]:
    """Add the cross-file findings to the stored records; the indexes of the records
    that gained one.  The checks look only at the small facts kept beside each record; a
    record is decoded, extended and stored again only when it gains a finding."""
    facts = [f for f in store.facts if f is not None]
    extra: dict[str, list[Finding]] = {}
    for rule in rules:
        if rule.check.type == "audit-duplicate":
            found = duplicates(facts, rule)
        elif rule.check.type == "audit-plan-year":
            found = plan_years(facts, rule)
        else:
            continue
        for path, findings in found.items():
            extra.setdefault(path, []).extend(findings)
    changed = []
    for index, fact in enumerate(store.facts):
        if fact is not None and fact.path in extra:
            record = store[index]
            findings = [*record.findings, *extra[fact.path]]
            store.put(index, record.model_copy(update={"findings": findings}))
            changed.append(index)
    return changed
