"""Stage 5, report: render findings.  One module per output format; none knows DOCX.

Formats are imported lazily, so a JSON run never imports rich.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from antragscheck.doctypes import DocumentType
from antragscheck.models import Report, Severity
from antragscheck.rules.schema import Rule
from antragscheck.spec import ByFields, record

if TYPE_CHECKING:
    from rich.console import Console

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


# A text textwrap leaves as it is when it fits: no whitespace it would replace or drop.
_ONE_LINE = re.compile(r"[^\t\n\x0b\x0c\r]*[^\s]")


def wrapped(text: str, width: int, indent: int, hanging: int | None = None) -> str:
    """Wrapped at word boundaries, every line indented (later lines by `hanging`); a
    word longer than the line is broken, never cut."""
    width = max(width, indent + 20)
    if 0 < len(text) <= width - indent and _ONE_LINE.fullmatch(text):
        return " " * indent + text  # what textwrap gives a line that fits (most paths)
    later = indent if hanging is None else hanging
    if _SPACED.fullmatch(text):
        words = text.split(" ")
        if max(map(len, words)) <= width - max(indent, later):
            return _filled(words, width, " " * indent, " " * later)
    import textwrap  # here: only what the short cuts leave needs it

    return textwrap.fill(
        text,
        width=width,
        initial_indent=" " * indent,
        subsequent_indent=" " * later,
        break_on_hyphens=False,
    )


# Words between single spaces, without any other whitespace (textwrap splits at six
# characters and drops chunks that str.strip empties): filled as textwrap fills them
# when no word is longer than a line.
_SPACED = re.compile(r"\S+(?: \S+)*")


def _filled(words: list[str], width: int, first: str, later: str) -> str:
    """textwrap.fill of `words` joined by spaces, each fitting a line: as many words on
    each line as fit."""
    lines = []
    line = first + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = later + word
    lines.append(line)
    return "\n".join(lines)


def text_console(**options: Any) -> Console:
    """A rich console for what users and documents name (file names, titles, messages):
    printed as written, with no emoji code (":smile:") turned into a picture and no
    number or path coloured by rich's guesses.  Every console that prints such text is
    made here; `options` are rich's (stderr, record, width, file)."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, **options)


@record(kw_only=False)
class Legend(ByFields):
    """The key to a report: what renderers may know besides the findings. The
    document types name the sections ("3.1 Anlass"), the rules fill SARIF's rule
    table and JUnit's test cases; `statistics` adds the count per rule."""

    doc_types: Sequence[DocumentType] = ()
    rules: Sequence[Rule] = ()
    statistics: bool = False

    def section(self, type_id: str | None, key: str | None) -> str:
        """How a section is named to the clerk: "3.1 Anlass"; "Dokument" for the whole."""
        doc_type = next((t for t in self.doc_types if t.id == type_id), None)
        if doc_type is None:
            return "Dokument" if key is None else key
        return doc_type.section_name(key)


def statistics(report: Report) -> list[tuple[str, str, int]]:
    """(rule id, name, count) of the findings that count, most frequent first."""
    counts = Counter((f.rule, f.name) for r in report.files for f in r.active)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(rule, name, count) for (rule, name), count in ordered]


def statistics_lines(report: Report) -> list[str]:
    """Count per rule for the text formats: "    3  S103   section-too-short"."""
    rows = statistics(report)
    if not rows:
        return ["Befunde je Regel: keine"]
    return ["Befunde je Regel:"] + [f"{n:>5}  {rule:<6} {name}" for rule, name, n in rows]


def render_text(output_format: str, report: Report, legend: Legend) -> str:
    """The report in a text format (everything but the terminal table)."""
    module = importlib.import_module(f"antragscheck.report.{output_format}")
    text: str = module.render(report, legend)
    return text


def write_report(
    output_format: str,
    report: Report,
    legend: Legend,
    output: Path | None = None,
    force: bool = False,
) -> None:
    """Print the report, or write it to `output` atomically (never over an existing
    file unless `force`)."""
    from antragscheck.atomic import write_new_file

    if output_format == "table":
        from antragscheck.report import table

        if output is None:
            table.render(report, text_console(), legend)
            return
        console = text_console(record=True, width=120, file=io.StringIO())
        table.render(report, console, legend)
        write_new_file(output, console.export_text(), force=force)
        return
    text = render_text(output_format, report, legend)
    if legend.statistics and output_format in ("concise", "github"):
        text += "\n".join(statistics_lines(report)) + "\n"
    elif legend.statistics and output_format != "json":  # keep the file valid
        print("\n".join(statistics_lines(report)), file=sys.stderr)
    if output is None:
        from antragscheck.streams import write_data

        kind = {"json": "json", "sarif": "json", "junit": "xml"}.get(output_format)
        if kind is None:
            sys.stdout.write(text)
        else:
            write_data(text, kind)
    else:
        write_new_file(output, text, force=force)
