"""`--format sarif`: SARIF 2.1.0 for code-scanning pages.

- `tool.driver.rules` carries each rule's short and full description and help;
- `artifactLocation.uri` is relative to the working folder;
- `region.startLine` is the paragraph number (1 for a missing section or the whole file);
- the section's name leads `message.text`, since code-scanning pages ignore logical
  locations (which are given too);
- `partialFingerprints` come from rule and section, so a finding keeps its identity when
  text elsewhere changes;
- suppressed findings carry `suppressions` with the reason.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from antragscheck import __version__
from antragscheck.models import FileResult, Finding, Report, Severity
from antragscheck.report import Legend
from antragscheck.rules.checks.reader import DocumentReadable
from antragscheck.rules.schema import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
_KINDS = {"document": "inSource", "config": "external", "baseline": "external"}


def _rule(rule: Rule) -> dict[str, Any]:
    help_text = rule.explanation.strip()
    help_markdown = help_text
    for passes, text, _ in rule.examples.listed() if rule.examples else []:
        title = "Besteht:" if passes else "Fällt durch:"
        help_text += f"\n\n{title}\n{text}"
        help_markdown += f"\n\n**{title}**\n\n```text\n{text}\n```"
    if rule.link:
        help_text += f"\n\nMehr dazu: {rule.link}"
        help_markdown += f"\n\nMehr dazu: <{rule.link}>"
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation.strip()},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["antragscheck"]},
    }
    if rule.help_uri:  # SARIF wants an absolute URI; a docs anchor stays in the help text
        descriptor["helpUri"] = rule.help_uri
    return descriptor


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:")


def _result(
    result: FileResult, finding: Finding, index: dict[str, int], legend: Legend
) -> dict[str, Any]:
    section = legend.section(result.document_type, finding.section)
    line = finding.location.paragraph if finding.location else 1
    identity = f"{finding.name}\0{finding.section or ''}"
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": f"{section}: {finding.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(result.path)},
                    "region": {"startLine": max(1, line)},
                },
                "logicalLocations": [{"name": section, "kind": "module"}],
            }
        ],
        "partialFingerprints": {
            "antragscheckFinding/v1": hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        },
    }
    if finding.rule in index:
        out["ruleIndex"] = index[finding.rule]
    if finding.suppressed is not None:
        out["suppressions"] = [
            {
                "kind": _KINDS.get(finding.suppressed.by, "external"),
                "justification": finding.suppressed.reason,
            }
        ]
    return out


def sarif(report: Report, legend: Legend) -> dict[str, Any]:
    rules = list(legend.rules)
    known = {rule.id for rule in rules}
    # A finding of a rule the legend does not list (a custom rule set) still gets one.
    for result in report.files:
        for finding in result.findings:
            if finding.rule not in known:
                known.add(finding.rule)
                # only what the descriptor shows; the check is never run
                stand_in = DocumentReadable(type="document-readable")
                rules.append(
                    Rule(
                        id=finding.rule,
                        name=finding.name,
                        severity=finding.severity,
                        check=stand_in,
                        message="",
                        summary=finding.name,
                        explanation=finding.name,
                    )
                )
    index = {rule.id: i for i, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "antragscheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(result, finding, index, legend)
                    for result in report.files
                    for finding in result.findings
                ],
            }
        ],
    }


def render(report: Report, legend: Legend) -> str:
    return json.dumps(sarif(report, legend), ensure_ascii=False, indent=2) + "\n"
