"""Stage 5, report: render findings.  One module per output format; none knows DOCX.

Formats are imported lazily by the command line, so a JSON run never imports rich.
"""

from __future__ import annotations

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
    return f"{files} geprüft: {count_phrase(s.error, s.warning, s.info)}"
