"""The default terminal report, in German, in section order: one rich table per file, or
on a narrow terminal (80 columns: pre-commit, CI logs, `> datei`) one block per finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from antragscheck.models import FileResult, Report, Severity
from antragscheck.report import (
    SEVERITY_LABELS,
    Legend,
    count_phrase,
    statistics_lines,
    summary_phrase,
    wrapped,
)
from antragscheck.safetext import terminal

if TYPE_CHECKING:
    from rich.table import Table

STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


# Below this many columns the table would squeeze the message into a narrow column (and
# rich would cut long words: "Gemeinderatsbe…"); findings are then stacked, one block
# each, as ruff's and Vale's default outputs do.
COMFORTABLE_WIDTH = 100


def _file_table(result: FileResult, legend: Legend) -> Table:
    from rich.table import Table  # here: a narrow terminal or a pipe gets no table

    title = Text(terminal(result.path))
    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    table.add_column("Schweregrad", no_wrap=True)
    table.add_column("Regel", overflow="fold")
    table.add_column("Abschnitt", overflow="fold")
    table.add_column("Meldung", ratio=1, overflow="fold")
    for finding in result.active:
        rule = Text(finding.name)
        rule.append("\n" + finding.rule, style="dim")
        table.add_row(
            Text(SEVERITY_LABELS[finding.severity], style=STYLES[finding.severity]),
            rule,
            Text(terminal(legend.section(result.document_type, finding.section))),
            Text(terminal(finding.message)),
        )
    return table


def _stacked(result: FileResult, legend: Legend, width: int) -> Text:
    """One block per finding: severity, rule and section on one line, the whole message
    wrapped at word boundaries below it, indented."""
    out = Text(terminal(result.path), style="bold")
    for finding in result.active:
        label = SEVERITY_LABELS[finding.severity]
        section = terminal(legend.section(result.document_type, finding.section))
        line = f"{label}  {finding.name} ({finding.rule})  {section}"
        head = Text(wrapped(line, width, 2, hanging=4 + len(label)))
        head.stylize(STYLES[finding.severity], 2, 2 + len(label))
        out.append("\n")
        out.append_text(head)
        out.append("\n" + wrapped(terminal(finding.message), width, 4))
    return out


def _counts(result: FileResult) -> str:
    by = {s: sum(f.severity is s for f in result.active) for s in Severity}
    return count_phrase(by[Severity.error], by[Severity.warning], by[Severity.info])


def _suppressed(result: FileResult) -> Text | None:
    """One dim line per accepted finding: they stay visible, but out of the table."""
    lines = [
        f"  unterdrückt: {f.name} ({f.rule}) – {terminal(f.suppressed.reason)}"
        for f in result.findings
        if f.suppressed is not None
    ]
    return Text("\n".join(lines), style="dim", overflow="fold") if lines else None


def render(report: Report, console: Console, legend: Legend) -> None:
    for result in report.files:
        suppressed = _suppressed(result)
        if not result.active:
            clean = Text("✓", style="green")
            clean.append(f" {terminal(result.path)}: keine Befunde")
            console.print(clean)
            if suppressed:
                console.print(suppressed)
            continue
        if console.width < COMFORTABLE_WIDTH:
            console.print(_stacked(result, legend, console.width), soft_wrap=True)
        else:
            console.print(_file_table(result, legend))
        console.print(Text(f"{terminal(result.path)}: {_counts(result)}"))
        if suppressed:
            console.print(suppressed)
        console.print()
    if len(report.files) > 1:
        console.print(Text(summary_phrase(report)))
    if legend.statistics:
        console.print(Text("\n".join(statistics_lines(report))))
