"""`antragscheck text FILE`: the request as plain, stable text, for reading and for
`git diff` (as a textconv driver): the title, each section under its numbered heading,
one paragraph a line, then the facts antragscheck read from it.

The output is UTF-8 on every system and does not depend on the terminal's width, so the
same document always gives the same bytes, and a changed sentence is one changed line.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from antragscheck import german
from antragscheck.commands import EXIT_OK
from antragscheck.commands.check import usable_files
from antragscheck.models import Antrag
from antragscheck.pipeline import parse_path
from antragscheck.read import UnreadableDocument
from antragscheck.settings import Resolver


def _share(value: Decimal | None, text: str) -> str:
    if value is None:
        return text or "ohne Stellenumfang"
    return f"{german.number(value, max(1, -int(value.normalize().as_tuple().exponent)))}"


def facts(antrag: Antrag, criteria_names: Mapping[str, str] | None = None) -> list[str]:
    """The extracted facts, one line each, in German; the criteria by their names in
    the notation (`criteria_names`), else by their keys."""
    names = criteria_names or {}
    lines = [f"Stellenplan: {antrag.plan_year if antrag.plan_year else '(nicht erkannt)'}"]
    for position in antrag.positions:
        parts = [f"{_share(position.share, position.share_text)} {position.unit}".strip()]
        parts += [p for p in (position.org_unit, position.pay_grade) if p]
        if position.purpose:
            parts.append(f"für {position.purpose}")
        lines.append("Stelle: " + ", ".join(parts))
    # a paper named in several places is one paper
    lines += [f"Drucksache: {text}" for text in dict.fromkeys(r.text for r in antrag.references)]
    lines += [f"Beschluss: {d.body}, {d.date:%d.%m.%Y}" for d in antrag.decisions]
    if antrag.criteria:
        shown = [names.get(key, key) for key in antrag.criteria]
        lines.append("Schaffungskriterien: " + ", ".join(shown))
    lines += [f"Stellenvermerk: {n.text}" for n in antrag.notes]
    lines += [f"Unterdrückung ({s.source}): {s.text}" for s in antrag.suppressions]
    return lines


def as_text(antrag: Antrag, criteria_names: Mapping[str, str] | None = None) -> str:
    out = [antrag.title, ""]
    for section in antrag.sections:
        out.append(section.display)
        out += [line.strip() for line in section.text.splitlines() if line.strip()]
        out += [f"[Platzhalter] {p}" for p in section.placeholders]
        out.append("")
    out += ["-- Erkannte Angaben (antragscheck) --", *facts(antrag, criteria_names)]
    return "\n".join(out) + "\n"


def run_text(file: Path, resolver: Resolver) -> int:
    (path,) = usable_files([file])
    settings = resolver.for_path(path)
    try:
        ruleset = settings.ruleset
        antrag = parse_path(path, ruleset, resolver.options.type_id)
        doc_type = ruleset.type(antrag.document_type)
        names = ruleset.notation(doc_type).criteria_names if doc_type else None
        text = as_text(antrag, names)
    except UnreadableDocument as error:
        # Exit 0 all the same: as a textconv driver, a failure would stop `git diff`
        # and `git log -p` over the whole history.
        text = f"[nicht lesbar] {error.message}\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
    return EXIT_OK
