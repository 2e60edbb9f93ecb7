"""The audit's overview in the terminal, and the sums every audit export shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table

from antragscheck.models import Audit, AuditRecord, Severity
from antragscheck.report import SEVERITY_LABELS, Context

NO_UNIT = "(ohne Einheit)"
NO_GRADE = "(ohne Angabe)"
CROSS_FILE_RULES = ("duplicate-request", "plan-year-differs")
SHOWN = 50  # rows of a detail table in the terminal; the exports have them all


@dataclass(frozen=True)
class Totals:
    files: int
    complete: int  # no error and no warning
    with_errors: int
    with_warnings: int  # warnings but no error
    unreadable: int


def totals(audit: Audit) -> Totals:
    status = Counter(r.status for r in audit.records)
    return Totals(
        files=len(audit.records),
        complete=status["vollständig"],
        with_errors=status["Fehler"],
        with_warnings=status["Warnungen"],
        unreadable=status["unlesbar"],
    )


def rule_counts(audit: Audit) -> list[tuple[str, str, Severity, int]]:
    """(rule id, name, severity, count) over all files, most frequent first."""
    counts: Counter[tuple[str, str, Severity]] = Counter(
        (f.rule, f.name, f.severity)
        for r in audit.records
        for f in r.findings
        if f.suppressed is None
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return [(rule, name, severity, n) for (rule, name, severity), n in ordered]


@dataclass(frozen=True)
class UnitRow:
    unit: str
    requests: int
    shares: Decimal
    with_errors: int


def unit_rows(audit: Audit) -> list[UnitRow]:
    """Per organisational unit: requests, the sum of the shares requested, requests with
    errors; units in alphabetical order, requests without a unit last."""
    rows: dict[str, list[AuditRecord]] = {}
    for record in audit.records:
        if record.document_type is None:
            continue
        rows.setdefault(record.org_unit or NO_UNIT, []).append(record)
    return [
        UnitRow(
            unit=unit,
            requests=len(records),
            shares=sum((r.share or Decimal(0) for r in records), Decimal(0)),
            with_errors=sum(r.status == "Fehler" for r in records),
        )
        for unit, records in sorted(rows.items(), key=lambda item: (item[0] == NO_UNIT, item[0]))
    ]


def unit_grade_rows(audit: Audit) -> list[tuple[str, str, int, Decimal]]:
    """(unit, pay grade, requests, sum of shares), for the sheet "Einheiten"."""
    groups: dict[tuple[str, str], list[AuditRecord]] = {}
    for record in audit.records:
        if record.document_type is None:
            continue
        key = (record.org_unit or NO_UNIT, record.pay_grade or NO_GRADE)
        groups.setdefault(key, []).append(record)
    return [
        (unit, grade, len(records), sum((r.share or Decimal(0) for r in records), Decimal(0)))
        for (unit, grade), records in sorted(groups.items())
    ]


FINDING_COLUMNS = [
    "Datei",
    "Dokumenttyp",
    "Einheit",
    "Schweregrad",
    "Regel",
    "Name",
    "Abschnitt",
    "Meldung",
    "Absatz",
    "Unterdrückt",
    "Begründung",
]


def finding_rows(audit: Audit, context: Context) -> list[tuple[Severity, list[object]]]:
    """One row per finding, in FINDING_COLUMNS order, with its severity (for colours)."""
    return [
        (
            f.severity,
            [
                record.path,
                record.document_type or "",
                record.org_unit or "",
                SEVERITY_LABELS[f.severity],
                f.rule,
                f.name,
                context.section(record.document_type, f.section),
                f.message,
                f.location.paragraph if f.location else None,
                "ja" if f.suppressed else "",
                f.suppressed.reason if f.suppressed else "",
            ],
        )
        for record in audit.records
        for f in record.findings
    ]


def german_number(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text.replace(".", ",")


def render(audit: Audit, console: Console, context: Context, written: Sequence[Path]) -> None:
    t = totals(audit)
    overview = Table(title="Sammelprüfung", title_justify="left", show_header=False)
    overview.add_column("", style="bold")
    overview.add_column("", justify="right")
    overview.add_row("Anträge geprüft", str(t.files))
    overview.add_row("vollständig", f"[green]{t.complete}[/green]")
    overview.add_row("mit Fehlern", f"[bold red]{t.with_errors}[/bold red]")
    overview.add_row("nur mit Warnungen", f"[yellow]{t.with_warnings}[/yellow]")
    overview.add_row("unlesbar", str(t.unreadable))
    for reason, count in sorted(audit.skipped.items()):
        overview.add_row(f"übersprungen: {reason}", str(count))
    if audit.cached:
        overview.add_row("Ergebnisse aus dem Cache", str(audit.cached))
    overview.add_row("Dauer", f"{audit.seconds:.1f} s")
    console.print(overview)

    counts = rule_counts(audit)
    if counts:
        rules = Table(title="Häufigste Befunde", title_justify="left")
        for header in ("Regel", "Schweregrad", "Anzahl"):
            rules.add_column(header, justify="right" if header == "Anzahl" else "left")
        for rule, name, severity, n in counts[:10]:
            rules.add_row(f"{name} ({rule})", SEVERITY_LABELS[severity], str(n))
        console.print(rules)

    units = unit_rows(audit)
    if units:
        table = Table(title="Nach Organisationseinheit", title_justify="left")
        table.add_column("Einheit")
        table.add_column("Anträge", justify="right")
        table.add_column("Stellen (Summe)", justify="right")
        table.add_column("mit Fehlern", justify="right")
        for row in units:
            table.add_row(
                row.unit, str(row.requests), german_number(row.shares), str(row.with_errors)
            )
        console.print(table)

    cross = [
        (r.path, f)
        for r in audit.records
        for f in r.findings
        if f.name in CROSS_FILE_RULES and f.suppressed is None
    ]
    if cross:
        table = Table(title="Auffällig über Dateien hinweg", title_justify="left")
        table.add_column("Datei", overflow="fold")
        table.add_column("Meldung")
        for path, finding in cross[:SHOWN]:
            table.add_row(path, finding.message)
        console.print(table)
        if len(cross) > SHOWN:
            console.print(f"… und {len(cross) - SHOWN} weitere; alle in den Exporten.")

    failing = [r for r in audit.records if r.status in ("Fehler", "unlesbar")]
    if failing:
        table = Table(title="Anträge mit Fehlern", title_justify="left")
        table.add_column("Datei", overflow="fold")
        table.add_column("Fehler", justify="right")
        table.add_column("Warnungen", justify="right")
        table.add_column("Erster Fehler")
        for record in failing[:SHOWN]:
            first = next(
                f for f in record.findings if f.suppressed is None and f.severity is Severity.error
            )
            section = context.section(record.document_type, first.section)
            table.add_row(
                record.path,
                str(record.count(Severity.error)),
                str(record.count(Severity.warning)),
                f"{section}: {first.message}",
            )
        console.print(table)
        if len(failing) > SHOWN:
            console.print(f"… und {len(failing) - SHOWN} weitere; alle Befunde in den Exporten.")
    for target in written:
        console.print(f"geschrieben: {target}", highlight=False)
