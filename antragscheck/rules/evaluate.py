"""Evaluate a rule set against a request: Antrag → Findings."""

from __future__ import annotations

from collections.abc import Sequence

from antragscheck.doctypes import DocumentType
from antragscheck.models import Antrag, Finding
from antragscheck.patterns import compile_user_pattern
from antragscheck.rules.checks import Context, Hit, resolve, run_check, words
from antragscheck.rules.schema import Rule, When


def _holds(when: When, ctx: Context) -> bool:
    if when.section is not None:
        section = ctx.antrag.section(when.section)
        if section is None or words(section.text) == 0:
            return False
    if when.pattern is not None:
        compiled = compile_user_pattern(when.pattern)
        if not any(compiled.search(text) for _, text in ctx.scope_texts(when.scope)):
            return False
    return when.field is None or bool(resolve(ctx.antrag, when.field))


def _finding(rule: Rule, hit: Hit, doc_type: DocumentType, antrag: Antrag) -> Finding:
    values = {**hit.values, "section": doc_type.section_name(hit.section)}
    return rule.finding(hit.section, values, hit.location)


def evaluate(antrag: Antrag, doc_type: DocumentType, rules: Sequence[Rule]) -> list[Finding]:
    """All findings of `rules` on `antrag`, in section order, most severe first."""
    findings: list[Finding] = []
    for rule in rules:
        if rule.document_types is not None and doc_type.id not in rule.document_types:
            continue
        ctx = Context(antrag=antrag, doc_type=doc_type, rule_section=rule.section)
        if rule.when is not None and not _holds(rule.when, ctx):
            continue
        findings.extend(_finding(rule, hit, doc_type, antrag) for hit in run_check(rule.check, ctx))
    return sort_findings(findings, doc_type)


def sort_findings(findings: Sequence[Finding], doc_type: DocumentType | None) -> list[Finding]:
    def key(finding: Finding) -> tuple[int, int, str]:
        order = doc_type.order(finding.section) if doc_type else 0
        return order, -finding.severity.rank, finding.rule

    return sorted(findings, key=key)
