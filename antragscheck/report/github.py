"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

Annotations are capped per step, so when GITHUB_STEP_SUMMARY is set a Markdown table of
all findings is appended to that file as well.
"""

from __future__ import annotations

import os
from pathlib import Path

from antragscheck.models import Report, Severity
from antragscheck.report import SEVERITY_LABELS, Legend, summary_phrase
from antragscheck.safetext import markdown_cell, terminal

COMMANDS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal(escaped)  # no raw escape sequence in the log


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, legend: Legend) -> str:
    lines = []
    for result in report.files:
        for finding in result.active:
            section = legend.section(result.document_type, finding.section)
            line = finding.location.paragraph if finding.location else 1
            properties = ",".join(
                (
                    f"file={escape_property(result.path)}",
                    f"line={line}",
                    f"title={escape_property(f'{finding.name} ({finding.rule})')}",
                )
            )
            message = escape_data(f"{section}: {finding.message}")
            lines.append(f"::{COMMANDS[finding.severity]} {properties}::{message}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        _append_summary(Path(summary), report, legend)
    return "".join(line + "\n" for line in lines)


def _append_summary(path: Path, report: Report, legend: Legend) -> None:
    rows = [
        "## antragscheck",
        "",
        summary_phrase(report),
        "",
        "| Datei | Schweregrad | Regel | Abschnitt | Meldung |",
        "|---|---|---|---|---|",
    ]
    for result in report.files:
        for f in result.active:
            section = legend.section(result.document_type, f.section)
            rows.append(
                f"| {markdown_cell(result.path)} | {SEVERITY_LABELS[f.severity]} "
                f"| {f.name} ({f.rule}) "
                f"| {markdown_cell(section)} | {markdown_cell(f.message)} |"
            )
    # The step summary is GitHub's file, made for appending; not an input document.
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n\n")
