"""Choose and adjust rules by selector: a rule id ("S101"), a name ("section-missing") or
an id prefix ("S1", "S")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from antragscheck.models import Finding, Severity
from antragscheck.rules.checks.base import matches
from antragscheck.rules.load import RuleSet
from antragscheck.rules.schema import Rule


def _any(selectors: Iterable[str], rule: Rule) -> bool:
    return any(matches(s, rule.id, rule.name) for s in selectors)


def configure(
    ruleset: RuleSet,
    select: list[str] | None = None,
    ignore: Iterable[str] = (),
    severity: Mapping[str, Severity] | None = None,
) -> RuleSet:
    """The rule set with only the selected rules, none of the ignored, and the severity
    overrides applied.  The reader's rule (unreadable-document) is always kept."""
    ignore = list(ignore)
    rules: list[Rule] = []
    for rule in ruleset.rules:
        keep_always = rule.check.stage == "reader"
        if not keep_always and select is not None and not _any(select, rule):
            continue
        if not keep_always and _any(ignore, rule):
            continue
        for selector, level in (severity or {}).items():
            if matches(selector, rule.id, rule.name):
                rule = replace(rule, severity=level)
        rules.append(rule)
    return replace(ruleset, rules=tuple(rules), catalog=ruleset.known())


def unknown_selectors(ruleset: RuleSet, selectors: Iterable[str]) -> list[str]:
    return [s for s in selectors if not any(matches(s, r.id, r.name) for r in ruleset.rules)]


def finding_matches(selector: str, finding: Finding) -> bool:
    return matches(selector, finding.rule, finding.name)
