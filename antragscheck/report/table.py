"""The default terminal report: one rich table per file, in German, in section order."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from antragscheck.models import FileResult, Report, Severity
from antragscheck.report import SEVERITY_LABELS, count_phrase, summary_phrase

STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}

# (document type id, section key) → "3.1 Anlass"
SectionNamer = Callable[[str | None, str | None], str]


def _file_table(result: FileResult, name_section: SectionNamer) -> Table:
    table = Table(title=result.path, title_justify="left", expand=False, show_lines=False)
    table.add_column("Schweregrad", no_wrap=True)
    table.add_column("Regel", no_wrap=True)
    table.add_column("Abschnitt")
    table.add_column("Meldung", ratio=1)
    for finding in result.findings:
        table.add_row(
            Text(SEVERITY_LABELS[finding.severity], style=STYLES[finding.severity]),
            f"{finding.name}\n[dim]{finding.rule}[/dim]",
            name_section(result.document_type, finding.section),
            finding.message,
        )
    return table


def _counts(result: FileResult) -> str:
    by = {s: sum(f.severity is s for f in result.findings) for s in Severity}
    return count_phrase(by[Severity.error], by[Severity.warning], by[Severity.info])


def render(report: Report, console: Console, name_section: SectionNamer) -> None:
    for result in report.files:
        if not result.findings:
            console.print(f"[green]✓[/green] {result.path}: keine Befunde", highlight=False)
            continue
        console.print(_file_table(result, name_section))
        console.print(f"{result.path}: {_counts(result)}", highlight=False)
        console.print()
    if len(report.files) > 1:
        console.print(summary_phrase(report), highlight=False)
