"""`audit --html FILE`: one self-contained page (no external assets, works offline) with
the summary, bar charts of findings per rule and per unit as inline SVG, and the table of
findings, sortable (click a header) and filterable (type into the box)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from antragscheck.models import Audit, Severity
from antragscheck.report import SEVERITY_LABELS, Context
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
svg text{font-size:12px;font-family:inherit}
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
var filter = document.getElementById('filter');
filter.addEventListener('input', function(){
  var q = filter.value.toLowerCase(), shown = 0;
  var rows = document.querySelectorAll('#findings tbody tr');
  rows.forEach(function(r){
    var hit = r.textContent.toLowerCase().indexOf(q) >= 0;
    r.hidden = !hit;
    if (hit) shown++;
  });
  document.getElementById('count').textContent = shown + ' von ' + rows.length;
});
"""


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


def render(audit: Audit, context: Context, view: Overview) -> str:
    t = view.totals
    summary_rows = [
        ("Anträge geprüft", t.files),
        ("vollständig", t.complete),
        ("mit Fehlern", t.with_errors),
        ("nur mit Warnungen", t.with_warnings),
        ("unlesbar", t.unreadable),
        *((f"übersprungen: {k}", v) for k, v in sorted(audit.skipped.items())),
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
    rank = {Severity.error: 3, Severity.warning: 2, Severity.info: 1}
    findings = []
    for record in audit.records:
        for f in record.findings:
            css = f"sev-{f.severity.value}" + (" suppressed" if f.suppressed else "")
            note = f" (unterdrückt: {f.suppressed.reason})" if f.suppressed else ""
            findings.append(
                f'<tr class="{css}"><td>{escape(record.path)}</td>'
                f"<td>{escape(record.org_unit or '')}</td>"
                f'<td data-sort="{rank[f.severity]}">{SEVERITY_LABELS[f.severity]}</td>'
                f"<td>{escape(f.name)} ({escape(f.rule)})</td>"
                f"<td>{escape(context.section(record.document_type, f.section))}</td>"
                f"<td>{escape(f.message + note)}</td></tr>"
            )
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>antragscheck – Sammelprüfung</title><style>{_CSS}</style></head>
<body>
<h1>antragscheck – Sammelprüfung</h1>
<table class="summary">{summary}</table>
<h2>Befunde je Regel</h2>
{_bars("Befunde je Regel", per_rule, "Befunde")}
<h2>Befunde je Organisationseinheit</h2>
{_bars("Befunde je Organisationseinheit", per_unit, "Befunde")}
<h2>Nach Organisationseinheit</h2>
<table class="sortable"><thead><tr><th>Einheit</th><th>Anträge</th><th>Stellen (Summe)</th>
<th>mit Fehlern</th></tr></thead><tbody>{units}</tbody></table>
<h2>Befunde</h2>
<input type="search" id="filter" placeholder="Filtern (Datei, Einheit, Regel, Text) …"
 aria-label="Befunde filtern"> <span id="count">{len(findings)} von {len(findings)}</span>
<table id="findings" class="sortable"><thead><tr><th>Datei</th><th>Einheit</th>
<th>Schweregrad</th><th>Regel</th><th>Abschnitt</th><th>Meldung</th></tr></thead>
<tbody>{"".join(findings)}</tbody></table>
<script>{_JS}</script>
</body></html>
"""
