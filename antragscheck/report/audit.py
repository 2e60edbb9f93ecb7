"""The audit's overview in the terminal, and the sums every audit export shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.control import STRIP_CONTROL_CODES, strip_control_codes
from rich.table import Table
from rich.text import Text

from antragscheck import german
from antragscheck.audit.store import Counted, RecordStore, Tally, tally
from antragscheck.models import Audit, AuditRecord, Severity
from antragscheck.report import SEVERITY_LABELS, Legend, count_phrase, wrapped
from antragscheck.report.table import COMFORTABLE_WIDTH
from antragscheck.safetext import rich_safe, terminal

NO_UNIT = "(ohne Einheit)"
NO_GRADE = "(ohne Angabe)"
SHOWN = 50  # rows of a detail table in the terminal; the exports have them all


@dataclass(frozen=True)
class Totals:
    files: int
    complete: int  # no error and no warning
    with_errors: int
    with_warnings: int  # warnings but no error
    unreadable: int
    # With a council index: (requests whose council references are all in it, requests
    # citing any); None when the audit ran without an index.
    verified: tuple[int, int] | None = None

    def verified_text(self) -> str | None:
        """German for the summaries: "38 von 40 Anträgen", or None without an index."""
        if self.verified is None:
            return None
        good, cited = self.verified
        return f"{good} von {cited} {'Antrag' if cited == 1 else 'Anträgen'}"


@dataclass(frozen=True)
class UnitRow:
    unit: str
    requests: int
    shares: Decimal
    with_errors: int


@dataclass
class Overview:
    """Everything the summary and the exports sum up, gathered in one pass over the
    records (which may be decoded one at a time from a compact store)."""

    totals: Totals
    rules: list[tuple[str, str, Severity, int]]  # (id, name, severity, count), frequent first
    units: list[UnitRow]  # alphabetical, requests without a unit last
    unit_grades: list[tuple[str, str, int, Decimal]]  # (unit, pay grade, requests, shares)
    findings_per_unit: list[tuple[str, int]]  # most findings first
    # (paths, message) of cross-file findings, the first SHOWN; a group (duplicate
    # requests) is one entry with all its members
    cross: list[tuple[list[str], str]]
    cross_count: int
    failing: list[AuditRecord]  # unreadable or with errors, the first SHOWN
    failing_count: int


def overview(audit: Audit, legend: Legend) -> Overview:
    cross_file = {r.id for r in legend.rules if r.check.stage == "audit"}
    status: Counter[str] = Counter()
    rules: Counter[tuple[str, str, Severity]] = Counter()
    requests: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    shares: dict[str, Decimal] = {}
    grades: Counter[tuple[str, str]] = Counter()
    grade_shares: dict[tuple[str, str], Decimal] = {}
    per_unit: Counter[str] = Counter()
    cross: list[tuple[list[str], str]] = []
    grouped: dict[tuple[str, str], list[str]] = {}  # (rule, group) → the entry's paths
    cross_count = failing_count = 0
    verified: list[int] | None = None
    failing_at: list[int] = []  # indexes of the first SHOWN failing records
    counted: Counter[Counted] = Counter()  # each active finding as it is counted
    zero = Decimal(0)
    for index, record in enumerate(_tallies(audit.records)):
        path, document_type, unit, share, grade, good, cited, findings, state = record
        if good is not None and cited:
            verified = verified or [0, 0]
            verified[0] += good == cited
            verified[1] += 1
        status[state] += 1
        unit = unit or NO_UNIT
        per_unit[unit] += len(findings)
        for finding in findings:
            counted[finding] += 1
            if finding[0] in cross_file:
                rule, _, _, group, message = finding
                key = (rule, group) if group else None
                if key is not None and key in grouped:
                    grouped[key].append(path)  # one entry per group
                    continue
                cross_count += 1
                paths = [path]
                if key is not None:
                    grouped[key] = paths
                if len(cross) < SHOWN:
                    cross.append((paths, message))
        if state == "Fehler" or state == "unlesbar":
            failing_count += 1
            if len(failing_at) < SHOWN:
                failing_at.append(index)
        if document_type is None:
            continue
        share = share or zero
        requests[unit] += 1
        if state == "Fehler":
            errors[unit] += 1
        shares[unit] = shares.get(unit, zero) + share
        key = (unit, grade or NO_GRADE)
        grades[key] += 1
        grade_shares[key] = grade_shares.get(key, zero) + share
    for (rule, name, severity, _, _), n in counted.items():  # in the order first found
        rules[(rule, name, severity)] += n
    failing = [audit.records[index] for index in failing_at]
    units = sorted(requests, key=lambda u: (u == NO_UNIT, u))
    return Overview(
        totals=Totals(
            files=len(audit.records),
            complete=status["vollständig"],
            with_errors=status["Fehler"],
            with_warnings=status["Warnungen"],
            unreadable=status["unlesbar"],
            verified=(verified[0], verified[1]) if verified else None,
        ),
        rules=[
            (rule, name, severity, n)
            for (rule, name, severity), n in sorted(
                rules.items(), key=lambda item: (-item[1], item[0][0])
            )
        ],
        units=[UnitRow(u, requests[u], shares[u], errors[u]) for u in units],
        unit_grades=[(u, g, grades[(u, g)], grade_shares[(u, g)]) for u, g in sorted(grades)],
        findings_per_unit=per_unit.most_common(),
        cross=cross,
        cross_count=cross_count,
        failing=failing,
        failing_count=failing_count,
    )


def _tallies(records: Sequence[AuditRecord]) -> Iterable[Tally]:
    """What the overview sums of each record: kept beside the records by the audit's
    store (no record is decoded), worked out for any other sequence."""
    if isinstance(records, RecordStore):
        return records.tallied()
    return (tally(record) for record in records)


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
    "Gruppe",
]


def finding_rows(audit: Audit, legend: Legend) -> Iterator[tuple[Severity, list[object]]]:
    """One row per finding, in FINDING_COLUMNS order, with its severity (for colours)."""
    return (
        (
            f.severity,
            [
                record.path,
                record.document_type or "",
                record.org_unit or "",
                SEVERITY_LABELS[f.severity],
                f.rule,
                f.name,
                legend.section(record.document_type, f.section),
                f.message,
                f.location.paragraph if f.location else None,
                "ja" if f.suppressed else "",
                f.suppressed.reason if f.suppressed else "",
                f.group or "",
            ],
        )
        for record in audit.records
        for f in record.findings
    )


def _listed(paths: list[str], shown: int = 10) -> list[str]:
    """The paths of a terminal entry; a long group is cut short, the exports have all."""
    if len(paths) <= shown:
        return paths
    return [*paths[:shown], f"… und {len(paths) - shown} weitere (alle in den Exporten)"]


def german_number(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text.replace(".", ",")


def print_plain(console: Console, text: str) -> None:
    """`console.print(Text(text), soft_wrap=True)`: the lines as they are, unstyled and
    not wrapped again.  Where nothing is styled (not a terminal: a pipe, a file) the
    text is written at once, without rich making a Text of each line (~6 ms for the
    fifty groups of a large audit); rich's own changes to plain text are made the same
    way (control codes dropped), and text with a tab goes through rich."""
    if console.is_terminal or console.record or "\t" in text:
        console.print(Text(text), soft_wrap=True)
        return
    if any(code in text for code in _STRIPPED):  # (a look per code is ~10× faster)
        text = strip_control_codes(text)
    file = console.file
    file.write(text + "\n")
    file.flush()


_STRIPPED = "".join(map(chr, STRIP_CONTROL_CODES))  # what rich drops of text it prints


def print_line(console: Console, text: str, style: str = "") -> None:
    """`console.print(Text(text, style=style))` of a line of ours (one cell a
    character, no control code): written at once where nothing is styled and it fits
    (rich would measure "…" in its table of character widths, ~1 ms to load)."""
    if console.is_terminal or console.record or len(text) > console.width:
        console.print(Text(text, style=style))
        return
    print_plain(console, text)


# A cell: its text as shown, and a style on a terminal (rich's, e.g. "bold red").
Cell = str | tuple[str, str]


def print_table(
    console: Console,
    title: str,
    columns: Sequence[tuple[str, str, str | None]],  # (header, justify, style)
    rows: Sequence[Sequence[Cell]],
    *,
    show_header: bool = True,
) -> None:
    """A summary table: a rich Table (title at the left, the default box), or where
    nothing is styled and the table fits as it is, the same lines written at once
    (rich takes ~1.5 ms for a table of the summary, the lines ~0.05)."""
    texts = [[cell if isinstance(cell, str) else cell[0] for cell in row] for row in rows]
    lines = _plain_table(console, title, columns, texts, show_header)
    if lines is not None:
        file = console.file
        file.write(lines)
        file.flush()
        return
    table = Table(title=title, title_justify="left", show_header=show_header)
    for header, justify, style in columns:
        table.add_column(header, justify=justify, style=style)  # type: ignore[arg-type]
    for row in rows:  # Text, not markup: "[red]" or a trailing "\\" in a cell stay as written
        table.add_row(
            *(Text(cell) if isinstance(cell, str) else Text.assemble(cell) for cell in row)
        )
    console.print(table)


def _plain_table(
    console: Console,
    title: str,
    columns: Sequence[tuple[str, str, str | None]],
    rows: Sequence[Sequence[str]],
    show_header: bool,
) -> str | None:
    """The lines rich prints for the table where nothing is styled (not a terminal, a
    UTF-8 output) and every cell is one line of printable text that fits without
    wrapping; None otherwise."""
    if (
        console.is_terminal
        or console.record
        or console.legacy_windows
        or not console.encoding.startswith("utf")
    ):
        return None
    lines = [[header for header, _, _ in columns], *rows] if show_header else rows
    if not lines:
        return None
    for line in lines:
        for text in line:
            if not text.isprintable() or text != text.strip():
                return None  # rich's measuring and wrapping of such text: its own
    sizes = [[cell_len(text) for text in line] for line in lines]
    widths = [max(size[i] for size in sizes) + 2 for i in range(len(columns))]
    width = sum(widths) + len(widths) + 1
    if width > console.width or cell_len(title) > width or not title.isprintable():
        return None
    frame = box.HEAVY_HEAD if show_header else box.HEAVY_HEAD.get_plain_headed_box()
    out = [title + " " * (width - cell_len(title)), frame.get_top(widths)]
    last = len(lines) - 1
    for number, (line, size) in enumerate(zip(lines, sizes, strict=True)):
        if number == 0:
            left, right, between = frame.head_left, frame.head_right, frame.head_vertical
        elif number == last:
            left, right, between = frame.foot_left, frame.foot_right, frame.foot_vertical
        else:
            left, right, between = frame.mid_left, frame.mid_right, frame.mid_vertical
        cells = []
        for text, used, room, (_, justify, _) in zip(line, size, widths, columns, strict=True):
            space = " " * (room - 2 - used)
            cells.append(f" {space}{text} " if justify == "right" else f" {text}{space} ")
        out.append(left + between.join(cells) + right)
        if number == 0 and show_header:
            out.append(frame.get_row(widths, "head"))
    out.append(frame.get_bottom(widths))
    return "\n".join(out) + "\n"


def _first_error(record: AuditRecord, legend: Legend) -> str:
    """What a failing request is listed with ("3.2 Bisherige Aufgabenwahrnehmung: …"):
    its first active error; for a file that cannot be read, whose finding the
    configuration accepts or does not count as an error, that finding (why it is
    unreadable); "" without one."""
    first = next(
        (f for f in record.findings if f.suppressed is None and f.severity is Severity.error),
        record.findings[0] if record.findings else None,
    )
    if first is None:
        return ""
    return f"{legend.section(record.document_type, first.section)}: {first.message}"


def render(
    audit: Audit, console: Console, legend: Legend, written: Sequence[Path], view: Overview
) -> None:
    t = view.totals
    totals: list[list[Cell]] = [
        ["Anträge geprüft", str(t.files)],
        ["vollständig", (str(t.complete), "green")],
        ["mit Fehlern", (str(t.with_errors), "bold red")],
        ["nur mit Warnungen", (str(t.with_warnings), "yellow")],
        ["unlesbar", str(t.unreadable)],
    ]
    verified = t.verified_text()
    if verified is not None:
        totals.append(["Drucksachen im Ratsinformationssystem", verified])
    for reason, count in sorted(audit.skipped.items()):
        totals.append([f"übersprungen: {terminal(reason)}", str(count)])
    if audit.cached:
        totals.append(["Ergebnisse aus dem Cache", str(audit.cached)])
    totals.append(["Dauer", f"{german.number(audit.seconds)} s"])
    columns = [("", "left", "bold"), ("", "right", None)]
    print_table(console, "Sammelprüfung", columns, totals, show_header=False)

    if view.rules:
        print_table(
            console,
            "Häufigste Befunde",
            [("Regel", "left", None), ("Schweregrad", "left", None), ("Anzahl", "right", None)],
            [
                [f"{name} ({rule})", SEVERITY_LABELS[severity], str(n)]
                for rule, name, severity, n in view.rules[:10]
            ],
        )

    if view.units:
        print_table(
            console,
            "Nach Organisationseinheit",
            [
                ("Einheit", "left", None),
                ("Anträge", "right", None),
                ("Stellen (Summe)", "right", None),
                ("mit Fehlern", "right", None),
            ],
            [
                [
                    terminal(row.unit),
                    str(row.requests),
                    german_number(row.shares),
                    str(row.with_errors),
                ]
                for row in view.units
            ],
        )

    width = console.width  # looked up once: each look-up asks the terminal
    narrow = width < COMFORTABLE_WIDTH
    if view.cross and narrow:
        print_line(console, "Auffällig über Dateien hinweg", "italic")
        blocks = []
        for paths, message in view.cross:
            block = wrapped(terminal(message), width, 2)
            block += "".join("\n" + wrapped(terminal(p), width, 4) for p in _listed(paths))
            blocks.append(block)
        print_plain(console, "\n".join(blocks))
    elif view.cross:
        table = Table(title="Auffällig über Dateien hinweg", title_justify="left")
        table.add_column("Datei", overflow="fold")
        table.add_column("Meldung", overflow="fold")
        for paths, message in view.cross:
            table.add_row(
                Text("\n".join(terminal(p) for p in _listed(paths))), Text(terminal(message))
            )
        console.print(table)
    if view.cross and view.cross_count > SHOWN:
        print_line(console, f"… und {view.cross_count - SHOWN} weitere; alle in den Exporten.")

    if view.failing and narrow:
        print_line(console, "Anträge mit Fehlern", "italic")
        blocks = []
        for record in view.failing:
            counts = count_phrase(
                record.count(Severity.error),
                record.count(Severity.warning),
                record.count(Severity.info),
            )
            block = wrapped(f"{terminal(record.path)}: {counts}", width, 2, hanging=4)
            first = _first_error(record, legend)
            if first:
                block += "\n" + wrapped(terminal(first), width, 4)
            blocks.append(block)
        print_plain(console, "\n".join(blocks))
    elif view.failing:
        table = Table(title="Anträge mit Fehlern", title_justify="left")
        table.add_column("Datei", overflow="fold")
        table.add_column("Fehler", justify="right")
        table.add_column("Warnungen", justify="right")
        table.add_column("Erster Fehler", overflow="fold")
        for record in view.failing:
            table.add_row(
                rich_safe(record.path),
                str(record.count(Severity.error)),
                str(record.count(Severity.warning)),
                rich_safe(_first_error(record, legend)),
            )
        console.print(table)
    if view.failing and view.failing_count > SHOWN:
        more = view.failing_count - SHOWN
        print_line(console, f"… und {more} weitere; alle Befunde in den Exporten.")
    for target in written:
        console.print(f"geschrieben: {rich_safe(str(target))}", highlight=False)
