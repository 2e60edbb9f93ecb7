"""Run each rule's own examples: the passing one must not trigger it, the failing one must."""

from __future__ import annotations

from dataclasses import dataclass, replace

from antragscheck.rules.load import RuleSet
from antragscheck.rules.schema import Rule


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    kind: str  # "pass" or "fail"
    ok: bool
    findings: int


def run_examples(ruleset: RuleSet) -> list[ExampleResult]:
    # Imported here: the rules stage does not depend on the reader or the pipeline; only
    # this helper, which turns example text into a request, does.
    from antragscheck.pipeline import judge
    from antragscheck.read.plain import document_from_text

    results: list[ExampleResult] = []
    for rule in ruleset.rules:
        if rule.examples is None:
            continue
        for kind, text in (("pass", rule.examples.passing), ("fail", rule.examples.failing)):
            only = replace(ruleset, rules=(rule,))
            _, findings = judge(document_from_text(text), only)
            hits = [f for f in findings if f.rule == rule.id and f.suppressed is None]
            ok = (not hits) if kind == "pass" else bool(hits)
            results.append(ExampleResult(rule, kind, ok, len(hits)))
    return results
