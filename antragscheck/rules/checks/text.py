"""Check types about the wording: template text left behind, a pattern present or absent."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import ClassVar, Literal

from antragscheck.doctypes import DocumentType, type_index
from antragscheck.patterns import first_match, matches_any
from antragscheck.rules.checks.base import (
    Hit,
    Pattern,
    Patterns,
    PreparedCheck,
    Runner,
    Scope,
    Subject,
    anchored,
    compile_pattern,
    found_in,
    has_words,
    scope_keys,
)
from antragscheck.spec import record


@record
class PlaceholderCheck(PreparedCheck):
    """No template text is left in any section (regular expressions, case-insensitive),
    and, with `content_controls`, no content control still shows its placeholder.

    `untouched_optional`: a section that may stay empty (`may_be_empty` in the document
    type) and shows only its content control's placeholder is reported (report), left
    to another rule (skip), or the only thing reported (only)."""

    type: Literal["placeholder"]
    patterns: Patterns = field(metadata={"description": "reguläre Ausdrücke für Vorlagentext"})
    content_controls: bool = field(
        default=True,
        metadata={
            "description": "auch Inhaltssteuerelemente melden, die noch ihren Platzhalter zeigen"
        },
    )
    untouched_optional: Literal["report", "skip", "only"] = field(
        default="report",
        metadata={
            "description": "Abschnitt, der leer bleiben darf (`may_be_empty`) und nur seinen "
            "Platzhalter zeigt: melden (report), einer anderen Regel überlassen (skip) oder nur "
            "solche melden (only)"
        },
    )
    description: ClassVar[str] = (
        "In keinem Abschnitt steht noch Vorlagentext: keiner der regulären Ausdrücke trifft "
        "(Groß- und Kleinschreibung egal), und mit `content_controls` zeigt kein "
        "Inhaltssteuerelement noch seinen Platzhalter. `{text}` ist der gefundene Text."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"text"})
    example: ClassVar[str] = """\
id: S106
name: placeholder-text
severity: error
summary: Vorlagentext ist stehen geblieben.
check:
  type: placeholder
  patterns: ['\\bX{3,}\\b', '\\[\\s*bitte\\s+ergänzen\\s*\\]']
  content_controls: true
message: "Im Abschnitt „{section}“ steht noch Vorlagentext: „{text}“."
"""

    def prepare(self, doc_type: DocumentType) -> Runner:
        optional = type_index(doc_type).optional
        patterns = tuple(self.patterns)
        # Where no pattern anchors at the start or end of a text, a match in one area
        # is a match in all areas joined by line breaks: one scan tells that none has
        # template text (the usual case), and only then is each area searched.
        joined = bool(patterns) and not any(anchored(p) for p in patterns)
        controls = self.content_controls
        # An untouched optional section is skipped in "skip", anything else in "only".
        skipped = {"skip": True, "only": False}.get(self.untouched_optional)

        def found(key: str | None, text: str, shown: list[str], search: bool) -> str | None:
            if skipped is not None:
                untouched = key in optional and bool(shown) and not has_words(text)
                if untouched is skipped:
                    return None
            match = first_match(patterns, text) if search else None
            if match is not None:
                return _quote(match.group(0))
            return _quote(shown[0]) if controls and shown else None

        def run(subject: Subject) -> list[Hit]:
            antrag = subject.antrag
            search = bool(patterns)
            if joined:
                texts = [antrag.title, *(s.text for s in antrag.sections)]
                search = matches_any(patterns, "\n".join(texts))
            # An area with neither a pattern to search nor a placeholder shown has none.
            hits = []
            shown = antrag.preamble_placeholders
            if search or shown:
                text = found(None, antrag.title, shown, search)
                if text is not None:
                    hits.append(Hit(None, None, {"text": text}))
            for section in antrag.sections:
                shown = section.placeholders
                if search or shown:
                    text = found(section.key, section.text, shown, search)
                    if text is not None:
                        hits.append(Hit(section.key, section.location, {"text": text}))
            return hits

        return run


def _quote(text: str, limit: int = 60) -> str:
    """Template text to quote in a message: whole words, at most `limit` characters."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


@record
class PatternCheck(PreparedCheck):
    """A regular expression (case-insensitive) is present in the scope (the whole
    document or the listed sections with their subsections); with `mode: absent`, every
    match is a finding."""

    type: Literal["pattern"]
    pattern: Pattern = field(
        metadata={"description": "regulärer Ausdruck (Groß- und Kleinschreibung egal)"}
    )
    scope: Scope = field(
        default="document",
        metadata={
            "description": "`document` oder Abschnittsschlüssel (mit ihren Unterabschnitten)"
        },
    )
    mode: Literal["present", "absent"] = field(
        default="present",
        metadata={"description": "`present`: muss vorkommen; `absent`: darf nicht vorkommen"},
    )
    description: ClassVar[str] = (
        "Ein regulärer Ausdruck kommt im Bereich vor (`mode: present`), oder er kommt nicht "
        "vor (`mode: absent`: jeder Treffer ist ein Befund, `{text}` ist der Treffer). "
        "Muster laufen in linearer Zeit; Rückverweise und Look-around gibt es nicht."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"text"})
    example: ClassVar[str] = """\
id: K402
name: workload-without-figures
severity: warning
summary: Mehrbelastung behauptet, aber keine Fallzahlen im Bedarf.
section: bedarf
when: {pattern: 'Mehrbelastung|Mehrarbeit', scope: [schaffungskriterien]}
check: {type: pattern, pattern: '\\d+\\s*(Fälle|Anträge|Prozent|%)', scope: [bedarf]}
message: "Der Abschnitt „{section}“ enthält keine Fallzahlen."
"""

    def section_keys(self) -> list[str]:
        return [] if self.scope == "document" else list(self.scope)

    def prepare(self, doc_type: DocumentType) -> Runner:
        compiled = compile_pattern(self.pattern)
        keys = scope_keys(doc_type, self.scope)
        present = self.mode == "present"
        joined = not anchored(self.pattern)

        def run(subject: Subject) -> Iterator[Hit]:
            texts = subject.texts(keys)
            if present:
                if not found_in(compiled, [text for _, text in texts], joined):
                    first = texts[0][0] if texts else None
                    section = subject.rule_section or first
                    yield Hit(section, subject.location(section), {"text": ""})
                return
            for key, text in texts:
                for match in compiled.finditer(text):
                    yield Hit(key, subject.location(key), {"text": match.group(0)})

        return run
