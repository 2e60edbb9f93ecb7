"""`--format junit`: JUnit XML that CI servers read (GitLab's `artifacts:reports:junit`,
Jenkins, Azure).  One test suite per file, one test case per file and rule, one failure
per finding; a suppressed finding makes its case skipped, with the reason."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from antragscheck.models import Finding, Report
from antragscheck.report import SEVERITY_LABELS, Legend
from antragscheck.safetext import xml_text


def _well_formed(root: ET.Element) -> None:
    """File names and document text may hold characters XML forbids: write them as
    text escapes so that every JUnit reader can parse the report."""
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, xml_text(value))
        if element.text:
            element.text = xml_text(element.text)


def render(report: Report, legend: Legend) -> str:
    suites = ET.Element("testsuites", name="antragscheck")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for result in report.files:
        by_rule: dict[str, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            by_rule[finding.rule].append(finding)
        names = {rule.id: rule.name for rule in legend.rules}
        names.update({f.rule: f.name for f in result.findings})
        applies = [
            rule.id
            for rule in legend.rules
            # an audit-only rule (cross-file) is not run on a single file: no test case
            if rule.check.stage != "audit"
            and (rule.document_types is None or result.document_type in rule.document_types)
        ]
        if result.document_type is None:  # unreadable: only the reader's rule ran
            applies = []
        order = list(dict.fromkeys([*applies, *by_rule]))
        suite = ET.SubElement(suites, "testsuite", name=result.path)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for rule_id in order:
            case = ET.SubElement(
                suite, "testcase", classname=result.path, name=f"{names[rule_id]} ({rule_id})"
            )
            counts["tests"] += 1
            findings = by_rule.get(rule_id, [])
            active = [f for f in findings if f.suppressed is None]
            for finding in active:
                section = legend.section(result.document_type, finding.section)
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{section}: {finding.message}",
                    type=SEVERITY_LABELS[finding.severity],
                )
                where = finding.location.describe() if finding.location else "ganzes Dokument"
                failure.text = f"{section} ({where}): {finding.message}"
            if active:
                counts["failures"] += 1
            elif findings:
                reasons = "; ".join(f.suppressed.reason for f in findings if f.suppressed)
                ET.SubElement(case, "skipped", message=f"unterdrückt: {reasons}")
                counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        suites.set(key, str(value))
    _well_formed(suites)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
