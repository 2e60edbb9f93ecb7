"""The German HTML pages.  Jinja with autoescaping on for every template: whatever a
document or a file name contains is shown as text, never as markup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from antragscheck.models import Finding, Report
from antragscheck.report import SEVERITY_LABELS, count_phrase, summary_phrase
from antragscheck.web.service import Service, verdict
from antragscheck.web.uploads import MB

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Row:
    severity: str  # error / warning / info
    severity_label: str
    section: str
    message: str
    rule_id: str
    rule_name: str
    explanation: str
    suppressed: str | None


@dataclass(frozen=True)
class FileView:
    index: int
    name: str
    verdict_key: str
    verdict_label: str
    counts: str
    readable: bool
    rows: list[Row]


def _row(service: Service, type_id: str | None, finding: Finding) -> Row:
    rule = service.rule(finding.rule)
    suppressed = finding.suppressed.reason if finding.suppressed else None
    return Row(
        severity=finding.severity.value,
        severity_label=SEVERITY_LABELS[finding.severity],
        section=service.legend.section(type_id, finding.section),
        message=finding.message,
        rule_id=finding.rule,
        rule_name=finding.name,
        explanation=rule.explanation.strip() if rule else "",
        suppressed=suppressed,
    )


def file_views(service: Service, report: Report) -> list[FileView]:
    views = []
    for index, result in enumerate(report.files):
        active = result.active
        counts = count_phrase(
            *(sum(1 for f in active if f.severity.value == s) for s in ("error", "warning", "info"))
        )
        shown = verdict(result)
        views.append(
            FileView(
                index=index,
                name=result.path,
                verdict_key=shown.key,
                verdict_label=shown.label,
                counts=counts,
                readable=result.document_type is not None,
                rows=[_row(service, result.document_type, f) for f in result.findings],
            )
        )
    return views


def _common(service: Service) -> dict[str, Any]:
    limits = service.limits
    return {
        "max_files": limits.files,
        "max_mb": limits.file_bytes // MB,
        "max_bytes": limits.file_bytes,
        "next_year": dt.date.today().year + 1,
    }


def render(name: str, service: Service, **values: Any) -> str:
    return _ENV.get_template(name).render(**_common(service), **values)


def index(service: Service, report: Report | None = None) -> str:
    results = None
    if report is not None:
        results = {"summary": summary_phrase(report), "files": file_views(service, report)}
    return render("index.html", service, page="index", title="Antrag prüfen", results=results)


def results(service: Service, report: Report) -> str:
    """Only the results, for the script that shows them without reloading the page."""
    return render(
        "results.html",
        service,
        results={"summary": summary_phrase(report), "files": file_views(service, report)},
    )


def rules(service: Service) -> str:
    types = {t.id: t.name for t in service.document_types}
    rows = [
        {
            "id": rule.id,
            "name": rule.name,
            "severity": rule.severity.value,
            "severity_label": SEVERITY_LABELS[rule.severity],
            "summary": rule.summary,
            "explanation": rule.explanation.strip(),
            "types": ", ".join(types.get(t, t) for t in rule.document_types or types),
        }
        for rule in service.rules
    ]
    return render("rules.html", service, page="rules", title="Regeln", rules=rows)


def error(service: Service, title: str, message: str) -> str:
    return render("error.html", service, page="error", title=title, message=message)
