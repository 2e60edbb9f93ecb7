"""The default terminal report: one rich table per file, in German, in section order."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from antragscheck.models import FileResult, Report, Severity
from antragscheck.report import (
    SEVERITY_LABELS,
    Context,
    count_phrase,
    statistics_lines,
    summary_phrase,
)
from antragscheck.safetext import rich_safe as _safe

STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


def _file_table(result: FileResult, context: Context) -> Table:
    table = Table(title=_safe(result.path), title_justify="left", expand=False, show_lines=False)
    table.add_column("Schweregrad", no_wrap=True)
    table.add_column("Regel", no_wrap=True)
    table.add_column("Abschnitt")
    table.add_column("Meldung", ratio=1)
    for finding in result.active:
        table.add_row(
            Text(SEVERITY_LABELS[finding.severity], style=STYLES[finding.severity]),
            f"{finding.name}\n[dim]{finding.rule}[/dim]",
            _safe(context.section(result.document_type, finding.section)),
            _safe(finding.message),
        )
    return table


def _counts(result: FileResult) -> str:
    by = {s: sum(f.severity is s for f in result.active) for s in Severity}
    return count_phrase(by[Severity.error], by[Severity.warning], by[Severity.info])


def _suppressed(result: FileResult) -> str:
    """One dim line per accepted finding: they stay visible, but out of the table."""
    lines = [
        f"  [dim]unterdrückt: {f.name} ({f.rule}) – {_safe(f.suppressed.reason)}[/dim]"
        for f in result.findings
        if f.suppressed is not None
    ]
    return "\n".join(lines)


def render(report: Report, console: Console, context: Context) -> None:
    for result in report.files:
        suppressed = _suppressed(result)
        if not result.active:
            console.print(f"[green]✓[/green] {_safe(result.path)}: keine Befunde", highlight=False)
            if suppressed:
                console.print(suppressed, highlight=False)
            continue
        console.print(_file_table(result, context))
        console.print(f"{_safe(result.path)}: {_counts(result)}", highlight=False)
        if suppressed:
            console.print(suppressed, highlight=False)
        console.print()
    if len(report.files) > 1:
        console.print(summary_phrase(report), highlight=False)
    if context.statistics:
        console.print("\n".join(statistics_lines(report)), highlight=False)
