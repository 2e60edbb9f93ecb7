"""What a human would miss across files: the same post requested twice, and a request
from another Stellenplan year among the others.  The rules are data (check types
audit-duplicate and audit-plan-year in rules/); this module evaluates them over an
audit's records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from antragscheck.models import AuditRecord, Finding
from antragscheck.rules.schema import AuditDuplicate, Rule
from antragscheck.text import fold, title_tokens


class _Values(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _finding(rule: Rule, section: str | None, **values: object) -> Finding:
    return Finding(
        rule=rule.id,
        name=rule.name,
        severity=rule.severity,
        section=section,
        message=rule.message.format_map(_Values(values)),
    )


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def duplicates(records: Sequence[AuditRecord], rule: Rule) -> dict[str, list[Finding]]:
    assert isinstance(rule.check, AuditDuplicate)
    by_unit: dict[str, list[AuditRecord]] = {}
    for record in records:
        if record.org_unit and record.purpose:
            by_unit.setdefault(fold(record.org_unit), []).append(record)
    twins: dict[str, list[str]] = {}
    records_by_path = {r.path: r for r in records}
    tokens = {r.path: title_tokens(r.purpose or "") for r in records}
    for group in by_unit.values():
        for i, one in enumerate(group):
            for other in group[i + 1 :]:
                similar = _similarity(tokens[one.path], tokens[other.path])
                if similar >= rule.check.min_similarity:
                    twins.setdefault(one.path, []).append(other.path)
                    twins.setdefault(other.path, []).append(one.path)
    found: dict[str, list[Finding]] = {}
    for path, others in twins.items():
        record = records_by_path[path]
        named = ", ".join(others[:3]) + (
            f" und {len(others) - 3} weiteren" if len(others) > 3 else ""
        )
        finding = _finding(
            rule, "antrag", other=named, org_unit=record.org_unit, purpose=record.purpose
        )
        found[path] = [finding]
    return found


def plan_years(records: Sequence[AuditRecord], rule: Rule) -> dict[str, list[Finding]]:
    years = Counter(r.plan_year for r in records if r.plan_year is not None)
    if len(years) < 2:
        return {}
    (usual, most), (_, second) = years.most_common(2)
    if most == second:
        return {}  # no clear majority: nothing to call stale
    return {
        r.path: [_finding(rule, None, year=r.plan_year, usual=usual)]
        for r in records
        if r.plan_year is not None and r.plan_year != usual
    }


def crosscheck(records: Sequence[AuditRecord], rules: Sequence[Rule]) -> list[AuditRecord]:
    """The records with the cross-file findings added."""
    extra: dict[str, list[Finding]] = {}
    for rule in rules:
        if rule.check.type == "audit-duplicate":
            found = duplicates(records, rule)
        elif rule.check.type == "audit-plan-year":
            found = plan_years(records, rule)
        else:
            continue
        for path, findings in found.items():
            extra.setdefault(path, []).extend(findings)
    return [
        r.model_copy(update={"findings": [*r.findings, *extra[r.path]]}) if r.path in extra else r
        for r in records
    ]
