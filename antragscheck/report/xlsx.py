"""`audit --xlsx FILE`: the workbook the budget office sorts, filters and forwards.

Sheets: "Übersicht" (one row per request), "Befunde" (one row per finding), "Regeln"
(count per rule), "Einheiten" (per unit and pay grade: requests and the sum of shares).
Header rows frozen, autofilter on, widths to fit, severities coloured.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from antragscheck.atomic import replacing
from antragscheck.models import Audit, Severity
from antragscheck.report import SEVERITY_LABELS, Legend
from antragscheck.report.audit import FINDING_COLUMNS, Overview, finding_rows

COLOURS = {
    Severity.error: "#F8CBAD",
    Severity.warning: "#FFE699",
    Severity.info: "#DDEBF7",
    "vollständig": "#C6EFCE",
    "Fehler": "#F8CBAD",
    "Warnungen": "#FFE699",
    "unlesbar": "#D9D9D9",
}


WRAP_AT = 60  # columns wider than this many characters wrap their text
LINE_HEIGHT = 15  # points per line of wrapped text


def _write(sheet: Any, row: int, column: int, value: Any, cell_format: Any) -> None:
    """Text always as text (a title or file name starting with "=" is never a
    formula), numbers as numbers."""
    if value is None:
        sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, cell_format)
    else:
        sheet.write_number(row, column, value, cell_format)


def _sheet(book: Any, name: str, header: list[str], rows: list[list[Any]], formats: Any) -> Any:
    sheet = book.add_worksheet(name)
    for c, title in enumerate(header):
        sheet.write_string(0, c, title, formats["header"])
    widths = [len(h) for h in header]
    lengths: list[list[int]] = []
    for r, row in enumerate(rows, start=1):
        lengths.append([])
        for c, value in enumerate(row):
            if isinstance(value, tuple):  # (value, format)
                _write(sheet, r, c, value[0], value[1])
                value = value[0]
            else:
                _write(sheet, r, c, value, None)
            length = len(str(value)) if value is not None else 0
            lengths[-1].append(length)
            widths[c] = max(widths[c], min(length, WRAP_AT))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width + 2, formats["wrap"] if width >= WRAP_AT else None)
    # Excel does not grow a row for wrapped text by itself: the height of the row is set
    # from the number of lines its longest wrapped cell needs.
    for r, row_lengths in enumerate(lengths, start=1):
        lines = max(
            (-(-n // widths[c]) for c, n in enumerate(row_lengths) if widths[c] >= WRAP_AT),
            default=1,
        )
        if lines > 1:
            sheet.set_row(r, LINE_HEIGHT * lines)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    # Print: landscape A4, as wide as one page, the header row on every page.
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header(f"&L{name}&R&D")
    sheet.set_footer("&CSeite &P von &N")
    return sheet


def write(audit: Audit, legend: Legend, path: Path, view: Overview, *, force: bool = False) -> None:
    import xlsxwriter

    with replacing(path, force=force) as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        formats: dict[Any, Any] = {
            "header": book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
            "number": book.add_format({"num_format": "0.0###"}),
        }
        for key, colour in COLOURS.items():
            formats[key] = book.add_format({"bg_color": colour})
        _fill(book, audit, legend, formats, view)
        book.close()


def _fill(book: Any, audit: Audit, legend: Legend, formats: dict[Any, Any], view: Overview) -> None:
    overview = [
        [
            r.path,
            r.document_type or "",
            r.title,
            r.plan_year,
            r.org_unit or "",
            (float(r.share), formats["number"]) if r.share is not None else None,
            r.pay_grade or "",
            r.purpose or "",
            ", ".join(r.references),
            r.verified_text,
            (r.status, formats[r.status]),
            r.count(Severity.error),
            r.count(Severity.warning),
            r.count(Severity.info),
            r.suppressed,
        ]
        for r in audit.records
    ]
    _sheet(
        book,
        "Übersicht",
        [
            "Datei",
            "Dokumenttyp",
            "Titel",
            "Stellenplan",
            "Einheit",
            "Stellen",
            "Entgeltgruppe",
            "Zweck",
            "Drucksachen",
            "im RIS",
            "Status",
            "Fehler",
            "Warnungen",
            "Hinweise",
            "Unterdrückt",
        ],
        overview,
        formats,
    )
    findings = [
        [*row[:3], (row[3], formats[severity]), *row[4:]]
        for severity, row in finding_rows(audit, legend)
    ]
    _sheet(book, "Befunde", FINDING_COLUMNS, findings, formats)
    rules = [
        [rule, name, (SEVERITY_LABELS[severity], formats[severity]), n]
        for rule, name, severity, n in view.rules
    ]
    _sheet(book, "Regeln", ["Regel", "Name", "Schweregrad", "Anzahl"], rules, formats)
    units = [
        [unit, grade, n, (float(shares), formats["number"])]
        for unit, grade, n, shares in view.unit_grades
    ]
    _sheet(book, "Einheiten", ["Einheit", "Entgeltgruppe", "Anträge", "Stellen"], units, formats)
