"""`--format json`: the stable shape scripts build on.

{"files": [{"path", "document_type", "findings": [{"rule", "name", "severity", "section",
"message", "location"}]}], "summary": {"files", "error", "warning", "info"}}
"""

from __future__ import annotations

from antragscheck.models import Report


def render(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"
