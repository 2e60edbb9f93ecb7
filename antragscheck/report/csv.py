"""`audit --csv FILE`: one finding per row, UTF-8 with BOM and `;`, so German Excel
opens it right; text that starts like a formula is neutralised (OWASP)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from antragscheck.models import Audit
from antragscheck.report import Legend
from antragscheck.report.audit import FINDING_COLUMNS, finding_rows
from antragscheck.safetext import csv_cell


def render(audit: Audit, legend: Legend) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(FINDING_COLUMNS)
    for _, row in finding_rows(audit, legend):
        writer.writerow("" if value is None else csv_cell(value) for value in row)
    return buffer.getvalue()


def write(audit: Audit, legend: Legend, path: Path, *, force: bool = False) -> None:
    from antragscheck.atomic import write_new_file

    # The BOM tells Excel the file is UTF-8; without it umlauts break.
    write_new_file(path, "\ufeff" + render(audit, legend), force=force)
