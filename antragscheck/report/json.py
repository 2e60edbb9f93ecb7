"""`--format json`: the stable shape scripts build on.

{"files": [{"path", "document_type", "findings": [{"rule", "name", "severity", "section",
"message", "location", "suppressed"}]}], "summary": {"files", "error", "warning", "info",
"suppressed"}}
"""

from __future__ import annotations

import json

from antragscheck.models import Report
from antragscheck.report import Context, statistics


def render(report: Report, context: Context | None = None) -> str:
    data = report.model_dump(mode="json")
    if context is not None and context.statistics:
        data["statistics"] = [
            {"rule": rule, "name": name, "count": count} for rule, name, count in statistics(report)
        ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
