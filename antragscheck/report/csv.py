"""`audit --csv FILE`: one finding per row, UTF-8 with BOM and `;`, so German Excel
opens it right."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from antragscheck.models import Audit
from antragscheck.report import SEVERITY_LABELS, Context

HEADER = [
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


def render(audit: Audit, context: Context) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for record in audit.records:
        for f in record.findings:
            writer.writerow(
                [
                    record.path,
                    record.document_type or "",
                    record.org_unit or "",
                    SEVERITY_LABELS[f.severity],
                    f.rule,
                    f.name,
                    context.section(record.document_type, f.section),
                    f.message,
                    f.location.paragraph if f.location else "",
                    "ja" if f.suppressed else "",
                    f.suppressed.reason if f.suppressed else "",
                ]
            )
    return buffer.getvalue()


def write(audit: Audit, context: Context, path: Path, *, force: bool = False) -> None:
    from antragscheck.suppress import write_new_file

    # The BOM tells Excel the file is UTF-8; without it umlauts break.
    write_new_file(path, "\ufeff" + render(audit, context), force=force)
