"""`--format concise`: one line per finding, `path: Abschnitt: name: Meldung`, for grep
and editors."""

from __future__ import annotations

from antragscheck.models import Report
from antragscheck.report import Legend
from antragscheck.safetext import terminal


def render(report: Report, legend: Legend) -> str:
    lines = [
        terminal(
            f"{result.path}: {legend.section(result.document_type, f.section)}: {f.name}: "
            + f.message.replace("\n", " ")
        )
        for result in report.files
        for f in result.active
    ]
    return "".join(line + "\n" for line in lines)
