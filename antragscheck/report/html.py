"""`audit --html FILE`: one self-contained page (no external assets, works offline) with
the summary, bar charts of findings per rule and per unit as inline SVG, and the table of
findings, sortable (click a header) and filterable (type into the box)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from antragscheck.models import Audit, Severity
from antragscheck.report import SEVERITY_LABELS, Legend
from antragscheck.report.audit import Overview, german_number

_CSS = """
body{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:2rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#e8eef8;cursor:pointer;user-select:none;position:sticky;top:0}
th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
td.num{text-align:right}
.summary td:first-child{font-weight:600}.summary{width:auto}
.sev-error{background:#f8cbad}.sev-warning{background:#ffe699}.sev-info{background:#ddebf7}
.suppressed{color:#777}
input[type=search]{font-size:1rem;padding:.3rem;width:24rem;max-width:100%;margin:.5rem 0}
select{font-size:1rem;padding:.25rem;margin:.5rem .5rem .5rem 0;max-width:20rem}
.meta{color:#444}
svg text{font-size:12px;font-family:inherit}
@page{size:A4 landscape;margin:12mm}
@media print{
body{margin:0;font-size:9pt}
.filters{display:none}
th{position:static;background:#e8eef8 !important}
thead{display:table-header-group}
tr{break-inside:avoid}
h2{break-after:avoid}
svg{max-width:100%;height:auto}
.sev-error,.sev-warning,.sev-info,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_JS = """
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th, col){
    th.addEventListener('click', function(){
      var asc = !th.classList.contains('sorted-asc');
      table.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc')});
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function(a, b){
        var x = a.cells[col].getAttribute('data-sort') || a.cells[col].textContent;
        var y = b.cells[col].getAttribute('data-sort') || b.cells[col].textContent;
        var nx = parseFloat(x.replace(',', '.')), ny = parseFloat(y.replace(',', '.'));
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'de');
        return asc ? c : -c;
      });
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
function applyFilters(){
  var q = document.getElementById('filter').value.toLowerCase(), shown = 0;
  var sev = document.getElementById('f-severity').value;
  var unit = document.getElementById('f-unit').value;
  var rule = document.getElementById('f-rule').value;
  var rows = document.querySelectorAll('#findings tbody tr');
  rows.forEach(function(r){
    var hit = r.textContent.toLowerCase().indexOf(q) >= 0
      && (!sev || r.getAttribute('data-severity') === sev)
      && (!unit || r.getAttribute('data-unit') === unit)
      && (!rule || r.getAttribute('data-rule') === rule);
    r.hidden = !hit;
    if (hit) shown++;
  });
  document.getElementById('count').textContent = shown + ' von ' + rows.length;
}
['filter', 'f-severity', 'f-unit', 'f-rule'].forEach(function(id){
  var element = document.getElementById(id);
  element.addEventListener(id === 'filter' ? 'input' : 'change', applyFilters);
});
"""


def _options(label: str, element_id: str, values: list[tuple[str, str]]) -> str:
    """A <select> for one filter: (value, shown text) pairs after "alle"."""
    options = "".join(
        f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in values
    )
    return (
        f'<label>{escape(label)} <select id="{element_id}">'
        f'<option value="">alle</option>{options}</select></label>'
    )


def _checked_against_council(audit: Audit) -> bool:
    return any(r.verified is not None for r in audit.records)


def _requests(audit: Audit) -> str:
    """The overview: one row per request, what it asks for and how it stands (and, with
    a council index, how many of its papers the index knows)."""
    council = _checked_against_council(audit)
    rows = []
    for r in audit.records:
        share = german_number(r.share) if r.share is not None else ""
        rows.append(
            f'<tr class="status-{escape(r.status)}"><td>{escape(r.path)}</td>'
            f"<td>{escape(r.org_unit or '')}</td>"
            f'<td class="num" data-sort="{r.share if r.share is not None else -1}">{share}</td>'
            f"<td>{escape(r.pay_grade or '')}</td><td>{escape(r.purpose or '')}</td>"
            f"<td>{escape(r.status)}</td>"
            f'<td class="num">{r.count(Severity.error)}</td>'
            f'<td class="num">{r.count(Severity.warning)}</td>'
            f'<td class="num">{r.count(Severity.info)}</td>'
            f'<td class="num">{r.suppressed}</td>'
            + (f"<td>{escape(r.verified_text)}</td>" if council else "")
            + "</tr>"
        )
    return "".join(rows)


def _bars(title: str, rows: list[tuple[str, float]], unit: str) -> str:
    """A horizontal bar chart as inline SVG."""
    if not rows:
        return f"<p>{escape(title)}: keine Daten.</p>"
    height, label_width, bar_width = 22, 260, 360
    top = max(value for _, value in rows) or 1
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{label_width + bar_width + 80}" '
        f'height="{height * len(rows) + 10}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(rows):
        y = i * height + 5
        width = max(1, int(bar_width * value / top))
        shown = label if len(label) <= 40 else label[:39] + "…"
        number = german_number(Decimal(str(value)))
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="{height - 8}" '
            f'fill="#4472c4"><title>{escape(label)}: {number} {escape(unit)}</title></rect>'
            f'<text x="{label_width + width + 6}" y="{y + 15}">{number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render(audit: Audit, legend: Legend, view: Overview) -> str:
    t = view.totals
    summary_rows = [
        ("Anträge geprüft", t.files),
        ("vollständig", t.complete),
        ("mit Fehlern", t.with_errors),
        ("nur mit Warnungen", t.with_warnings),
        ("unlesbar", t.unreadable),
        *((f"übersprungen: {k}", v) for k, v in sorted(audit.skipped.items())),
        *([("Drucksachen im Ratsinformationssystem", t.verified_text())] if t.verified else []),
    ]
    summary = "".join(
        f'<tr><td>{escape(k)}</td><td class="num">{v}</td></tr>' for k, v in summary_rows
    )
    per_rule = [(f"{name} ({rule})", float(n)) for rule, name, _, n in view.rules]
    per_unit = [(unit, float(n)) for unit, n in view.findings_per_unit]
    units = "".join(
        f'<tr><td>{escape(u.unit)}</td><td class="num">{u.requests}</td>'
        f'<td class="num" data-sort="{u.shares}">{german_number(u.shares)}</td>'
        f'<td class="num">{u.with_errors}</td></tr>'
        for u in view.units
    )
    findings = []
    units_seen: set[str] = set()
    rules_seen: dict[str, str] = {}
    for record in audit.records:
        for f in record.findings:
            css = f"sev-{f.severity.value}" + (" suppressed" if f.suppressed else "")
            note = f" (unterdrückt: {f.suppressed.reason})" if f.suppressed else ""
            unit = record.org_unit or ""
            units_seen.add(unit)
            rules_seen[f.rule] = f"{f.name} ({f.rule})"
            findings.append(
                f'<tr class="{css}" data-severity="{f.severity.value}" '
                f'data-unit="{escape(unit)}" data-rule="{escape(f.rule)}">'
                f"<td>{escape(record.path)}</td>"
                f"<td>{escape(unit)}</td>"
                f'<td data-sort="{f.severity.rank}">{SEVERITY_LABELS[f.severity]}</td>'
                f"<td>{escape(f.name)} ({escape(f.rule)})</td>"
                f"<td>{escape(legend.section(record.document_type, f.section))}</td>"
                f"<td>{escape(f.message + note)}</td></tr>"
            )
    severity_filter = _options(
        "Schweregrad", "f-severity", [(s.value, SEVERITY_LABELS[s]) for s in Severity]
    )
    unit_filter = _options(
        "Einheit", "f-unit", [(u, u or "(ohne Einheit)") for u in sorted(units_seen)]
    )
    rule_filter = _options("Regel", "f-rule", sorted(rules_seen.items(), key=lambda i: i[1]))
    council_header = "<th>im RIS</th>" if _checked_against_council(audit) else ""
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>antragscheck – Sammelprüfung</title><style>{_CSS}</style></head>
<body>
<h1>antragscheck – Sammelprüfung</h1>
<p class="meta">Geprüft am {escape(audit.when)} · Ordner: {escape(", ".join(audit.folders))}
 · {escape(audit.version)}</p>
<table class="summary">{summary}</table>
<h2>Übersicht je Antrag</h2>
<table id="requests" class="sortable"><thead><tr><th>Datei</th><th>Einheit</th>
<th>Stellen</th><th>Entgeltgruppe</th><th>Zweck</th><th>Status</th><th>Fehler</th>
<th>Warnungen</th><th>Hinweise</th><th>Unterdrückt</th>{council_header}</tr></thead>
<tbody>{_requests(audit)}</tbody></table>
<h2>Befunde je Regel</h2>
{_bars("Befunde je Regel", per_rule, "Befunde")}
<h2>Befunde je Organisationseinheit</h2>
{_bars("Befunde je Organisationseinheit", per_unit, "Befunde")}
<h2>Nach Organisationseinheit</h2>
<table class="sortable"><thead><tr><th>Einheit</th><th>Anträge</th><th>Stellen (Summe)</th>
<th>mit Fehlern</th></tr></thead><tbody>{units}</tbody></table>
<h2>Befunde</h2>
<div class="filters">{severity_filter} {unit_filter} {rule_filter}
<input type="search" id="filter" placeholder="Filtern (Datei, Einheit, Regel, Text) …"
 aria-label="Befunde filtern"></div>
<p><span id="count">{len(findings)} von {len(findings)}</span> Befunden</p>
<table id="findings" class="sortable"><thead><tr><th>Datei</th><th>Einheit</th>
<th>Schweregrad</th><th>Regel</th><th>Abschnitt</th><th>Meldung</th></tr></thead>
<tbody>{"".join(findings)}</tbody></table>
<script>{_JS}</script>
</body></html>
"""
