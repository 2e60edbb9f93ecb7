"""Accepting findings without disabling rules: per-file-ignores and suppressions written
in the document (baselines: antragscheck/baseline.py).  A suppressed finding stays in
the report, marked with who accepted it and why; it no longer counts for the exit
code."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from antragscheck.models import FileResult, Finding, Suppressed, Suppression
from antragscheck.rules.select import finding_matches


def mark(finding: Finding, by: str, reason: str) -> Finding:
    if finding.suppressed is not None:
        return finding
    return dataclasses.replace(finding, suppressed=Suppressed(by=by, reason=reason))


def by_document(findings: list[Finding], suppressions: Iterable[Suppression]) -> list[Finding]:
    """Apply "antragscheck: ignore <rule> – <Begründung>" from comments and properties.
    A suppression without a reason suppresses nothing (a bare comment must not turn a
    blocking error into a pass); the rule suppression-without-reason reports it."""
    result = list(findings)
    for suppression in suppressions:
        if not suppression.reason:
            continue
        reason = f"{suppression.source}: {suppression.reason}"
        result = [
            mark(f, "document", reason)
            if any(finding_matches(s, f) for s in suppression.rules)
            and f.name not in ("suppression-without-reason", "suppression-unknown-rule")
            else f
            for f in result
        ]
    return result


def by_config(result: FileResult, ignored: list[tuple[str, str]], source: str) -> FileResult:
    """Apply per-file-ignores: (selector, glob) pairs that apply to this file."""
    if not ignored:
        return result
    findings = []
    for finding in result.findings:
        glob = next((g for s, g in ignored if finding_matches(s, finding)), None)
        if glob is not None:
            finding = mark(finding, "config", f"per-file-ignores „{glob}“ in {source}")
        findings.append(finding)
    return dataclasses.replace(result, findings=findings)
