"""Stage 5, report: render findings.  One module per output format; none knows DOCX.

Formats are imported lazily by the command line, so a JSON run never imports rich.
"""

from __future__ import annotations

from collections.abc import Sequence

from antragscheck.doctypes import DocumentType
from antragscheck.models import Report, Severity

SEVERITY_LABELS = {Severity.error: "Fehler", Severity.warning: "Warnung", Severity.info: "Hinweis"}
_PLURALS = {Severity.error: "Fehler", Severity.warning: "Warnungen", Severity.info: "Hinweise"}


def count_phrase(error: int, warning: int, info: int) -> str:
    """German count line: "2 Fehler, 1 Warnung, 1 Hinweis"."""
    parts = []
    for severity, count in (
        (Severity.error, error),
        (Severity.warning, warning),
        (Severity.info, info),
    ):
        label = SEVERITY_LABELS[severity] if count == 1 else _PLURALS[severity]
        parts.append(f"{count} {label}")
    return ", ".join(parts)


def summary_phrase(report: Report) -> str:
    s = report.summary
    files = "1 Datei" if s.files == 1 else f"{s.files} Dateien"
    phrase = f"{files} geprüft: {count_phrase(s.error, s.warning, s.info)}"
    return phrase + (f" ({s.suppressed} unterdrückt)" if s.suppressed else "")


def section_name(doc_types: Sequence[DocumentType], type_id: str | None, key: str | None) -> str:
    """How a section is named to the clerk: "3.1 Anlass"; "Dokument" for the whole."""
    if key is None:
        return "Dokument"
    for doc_type in doc_types:
        if doc_type.id == type_id:
            spec = doc_type.spec(key)
            if spec is not None:
                return spec.display
    return key


def render(output_format: str, report: Report, doc_types: Sequence[DocumentType]) -> None:
    """Print `report` in `output_format` to standard output."""
    if output_format == "json":
        from antragscheck.report import json as json_report

        print(json_report.render(report), end="")
        return
    from rich.console import Console

    from antragscheck.report import table

    table.render(report, Console(highlight=False), doc_types)
