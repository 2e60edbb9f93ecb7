"""`--format json`: the stable shape scripts build on.

{"files": [{"path", "document_type", "findings": [{"rule", "name", "severity", "section",
"message", "location", "suppressed"}]}], "summary": {"files", "error", "warning", "info",
"suppressed"}}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from antragscheck import jsonshape
from antragscheck.models import FileResult, Report, Summary
from antragscheck.report import Legend, statistics


def render(report: Report, legend: Legend | None = None) -> str:
    data = jsonshape.data(report)
    if legend is not None and legend.statistics:
        data["statistics"] = [
            {"rule": rule, "name": name, "count": count} for rule, name, count in statistics(report)
        ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def stream(results: Iterable[FileResult], handle: TextIO) -> None:
    """Write the same document as `render(Report.of(results))`, one file at a time, so
    a large audit never holds every finding at once."""
    counts = {"files": 0, "error": 0, "warning": 0, "info": 0, "suppressed": 0}
    handle.write('{\n  "files": [')
    for result in results:
        handle.write("," if counts["files"] else "")
        text = jsonshape.dumps(result, indent=2)
        handle.write("\n    " + text.replace("\n", "\n    "))
        counts["files"] += 1
        for finding in result.findings:
            key = "suppressed" if finding.suppressed else finding.severity.value
            counts[key] += 1
    handle.write("\n  ]," if counts["files"] else "],")
    summary = jsonshape.dumps(Summary(**counts), indent=2).replace("\n", "\n  ")
    handle.write(f'\n  "summary": {summary}\n}}\n')
