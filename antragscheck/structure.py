"""Stage 2, structure: ordered Blocks → the request's sections.

Finds headings however the producer wrote them (heading styles, automatic list numbers,
numbers typed into the text, bold lead-ins, label cells of form tables) and matches them
against the sections the document type declares.  Knows document types, not rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from antragscheck.doctypes import DocumentType, SectionSpec
from antragscheck.models import Block, Location, Section
from antragscheck.spec import ByFields, record
from antragscheck.text import fold, title_tokens

# A section number typed into the text: "3.1", "3.1.", "3.1<TAB>", "Ziffer 3.1"; at most
# two digits a level, so "2022" or "1,0 Stelle" are not section numbers.
_TYPED_NUMBER = re.compile(
    r"^\s*(?:Ziffer\s+|Nr\.\s*)?(\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:\s+|(?=[^\W\d_]))"
)
_NUMERIC_LABEL = re.compile(r"^\(?(\d{1,2}(?:\.\d{1,2}){0,3})[.)]?$")
_MAX_TITLE_WORDS = 10
# Words a heading may have beyond the declared title: more when its form (a number, a
# heading style) already says it is a heading, fewer for a bold line or a table cell.
_MAX_EXTRA_TOKENS = 3
_MAX_EXTRA_TOKENS_WEAK = 1
_KEPT = 4096  # headings whose section is remembered (see _Matcher.match)
_KEPT_LENGTH = 200


@record(kw_only=False)
class _Candidate(ByFields):
    """A paragraph that may be a section heading, and what speaks for it."""

    number: str | None
    title: str
    body: str
    strong: bool  # looks like a heading by its form, not only by its words
    formal: bool  # numbered or in a heading style: the surest signs
    outline_level: int | None


@dataclass
class _Open:
    """A section being filled while the blocks are walked."""

    key: str | None
    number: str | None
    label: str | None
    title: str
    parent: str | None
    level: int
    location: Location
    lines: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    # table serial → row → cell → paragraphs, for the tables inside the section
    grids: dict[int, dict[int, dict[int, list[str]]]] = field(default_factory=dict)

    def add(self, block: Block) -> None:
        text = block.text.strip()
        if text:
            self.lines.append(text)
            if block.grid is not None:
                table, row, cell = block.grid
                rows = self.grids.setdefault(table, {})
                rows.setdefault(row, {}).setdefault(cell, []).append(text)
        if block.placeholder:
            self.placeholders.append(block.placeholder)

    def tables(self) -> list[list[list[str]]]:
        out = []
        for rows in self.grids.values():
            width = max((max(cells) for cells in rows.values() if cells), default=0)
            out.append(
                [["\n".join(rows[r].get(c, [])) for c in range(1, width + 1)] for r in sorted(rows)]
            )
        return out

    def close(self) -> Section:
        return Section(
            key=self.key,
            number=self.number,
            label=self.label,
            title=self.title,
            parent=self.parent,
            level=self.level,
            text="\n".join(self.lines).strip(),
            placeholders=self.placeholders,
            location=self.location,
            tables=self.tables(),
        )


@record(kw_only=False)
class Structure(ByFields):
    """A document's title, the placeholders before its first section, and its sections."""

    title: str
    preamble_placeholders: list[str]
    sections: list[Section]


class _Matcher:
    """Matches a heading's words against the declared titles and aliases."""

    def __init__(self, doc_type: DocumentType) -> None:
        self.names: list[tuple[SectionSpec, frozenset[str]]] = []
        self.answers: dict[tuple[str, bool, str | None], tuple[SectionSpec, bool] | None] = {}
        for spec in doc_type.sections:
            for name in (spec.title, *spec.aliases):
                tokens = title_tokens(name)
                if tokens:
                    self.names.append((spec, tokens))

    def match(self, candidate: _Candidate) -> tuple[SectionSpec, bool] | None:
        """The best matching section and whether the words matched exactly.  Requests
        repeat their template's headings, so the answers for the last headings are kept
        (at most _KEPT, of titles up to _KEPT_LENGTH characters)."""
        if len(candidate.title) > _KEPT_LENGTH:
            return self._match(candidate)
        question = (candidate.title, candidate.formal, candidate.number)
        if question in self.answers:
            return self.answers[question]
        answer = self._match(candidate)
        if len(self.answers) >= _KEPT:
            self.answers.clear()
        self.answers[question] = answer
        return answer

    def _match(self, candidate: _Candidate) -> tuple[SectionSpec, bool] | None:
        tokens = title_tokens(candidate.title)
        if not tokens:
            return None
        best: tuple[int, SectionSpec, bool] | None = None
        for spec, declared in self.names:
            if not declared <= tokens:
                continue
            extra = len(tokens - declared)
            if extra > (_MAX_EXTRA_TOKENS if candidate.formal else _MAX_EXTRA_TOKENS_WEAK):
                continue
            score = 10 * len(declared) - extra + (5 if candidate.number == spec.number else 0)
            if best is None or score > best[0]:
                best = (score, spec, extra == 0)
        return (best[1], best[2]) if best else None


def _numeric_label(label: str | None) -> str | None:
    if not label:
        return None
    match = _NUMERIC_LABEL.match(label.strip())
    return match.group(1) if match else None


def _words_over(text: str) -> int:
    """The number of words in `text`, counted up to one more than a title may have:
    a long paragraph is not split into all its words to learn it is no heading."""
    return len(text.split(None, _MAX_TITLE_WORDS))


def _candidate(block: Block) -> _Candidate | None:
    """The heading `block` may be; what it is follows from a few of its fields alone,
    and requests repeat their template's headings: the answers for short texts are kept
    (at most _KEPT)."""
    text = block.text
    if len(text) > _KEPT_LENGTH:
        return _find_candidate(block)
    grid = block.grid
    key = (
        text,
        block.bold,
        block.bold_prefix,
        block.list_label,
        block.outline_level,
        grid is not None and grid[2] > 1,
        block.location.table is not None,
    )
    found = _candidates.get(key, _UNKNOWN)
    if found is _UNKNOWN:
        found = _find_candidate(block)
        if len(_candidates) >= _KEPT:
            _candidates.clear()
        _candidates[key] = found
    return found


_candidates: dict[tuple[object, ...], _Candidate | None] = {}
_UNKNOWN = _Candidate(None, "", "", False, False, None)  # not yet worked out


def _find_candidate(block: Block) -> _Candidate | None:
    text = block.text.strip()
    if not text:
        return None
    if block.grid is not None and block.grid[2] > 1:
        return None  # a heading of a form stands in its first column, not in a data cell
    label = _numeric_label(block.list_label)
    typed = _TYPED_NUMBER.match(text)
    rest = text[typed.end() :] if typed else text
    number = typed.group(1) if typed else label
    title, body = rest, ""
    prefix = block.bold_prefix.strip()
    if prefix and not block.bold and len(prefix) < len(text):
        # A bold lead-in: "3.1 Anlass: Im Frühjahr …" with only "3.1 Anlass:" in bold.
        typed_prefix = _TYPED_NUMBER.match(prefix)
        lead = prefix[typed_prefix.end() :] if typed_prefix else prefix
        title = lead
        body = text[text.find(prefix) + len(prefix) :]
    elif ":" in rest and _words_over(rest.split(":", 1)[0]) <= _MAX_TITLE_WORDS:
        title, body = rest.split(":", 1)
    title = title.strip().rstrip(":").strip()
    if not title or _words_over(title) > _MAX_TITLE_WORDS or "\n" in title:
        return None
    formal = bool(block.outline_level is not None or label or typed)
    if not formal and title.endswith((".", "!", "?")):
        return None  # a sentence, not a heading
    strong = formal or bool(block.bold or prefix or block.location.table is not None)
    return _Candidate(number, title, body.strip(), strong, formal, block.outline_level)


def choose_type(blocks: Sequence[Block], types: Sequence[DocumentType]) -> DocumentType:
    """The document type whose title keywords occur most often at the start of the
    document; the first type when none match."""
    if len(types) == 1:
        return types[0]  # the only one, whatever matches
    head = fold(" ".join(b.text for b in blocks[:15]))
    best = max(types, key=lambda t: sum(fold(k) in head for k in t.title_keywords))
    return best if any(fold(k) in head for k in best.title_keywords) else types[0]


_matchers: dict[int, tuple[DocumentType, _Matcher]] = {}


def _matcher(doc_type: DocumentType) -> _Matcher:
    """One matcher per document type and process (the declared titles' words are folded
    and stemmed once, not for every document)."""
    cached = _matchers.get(id(doc_type))
    if cached is None or cached[0] is not doc_type:
        cached = _matchers[id(doc_type)] = (doc_type, _Matcher(doc_type))
    return cached[1]


def structure(blocks: Sequence[Block], doc_type: DocumentType) -> Structure:
    """Split the blocks into the preamble (the title) and the sections."""
    matcher = _matcher(doc_type)
    preamble: list[str] = []
    preamble_placeholders: list[str] = []
    sections: list[Section] = []
    current: _Open | None = None
    for block in blocks:
        candidate = _candidate(block)
        opened = _open_section(candidate, block, matcher, current) if candidate else None
        if opened is not None and opened.key is None and not sections and current is None:
            opened = None  # a heading before the first section is part of the title
        if opened is not None:
            if current is not None:
                sections.append(current.close())
            current = opened
            if candidate is not None and candidate.body:
                current.lines.append(candidate.body)
            if block.placeholder:
                current.placeholders.append(block.placeholder)
            continue
        if current is None:
            if block.text.strip():
                preamble.append(block.text.strip())
            if block.placeholder:
                preamble_placeholders.append(block.placeholder)
            continue
        current.add(block)
    if current is not None:
        sections.append(current.close())
    title = re.sub(r"\s+", " ", " ".join(preamble)).strip()[:300]
    return Structure(title=title, preamble_placeholders=preamble_placeholders, sections=sections)


def _open_section(
    candidate: _Candidate, block: Block, matcher: _Matcher, current: _Open | None
) -> _Open | None:
    """The section this block opens, or None when it is body text."""
    label = candidate.number
    matched = matcher.match(candidate)
    if matched is not None:
        spec, exact = matched
        if candidate.strong or exact:
            return _Open(
                key=spec.key,
                number=spec.number,
                label=label,
                title=candidate.title,
                parent=spec.parent,
                level=spec.number.count(".") + 1,
                location=block.location,
            )
    if candidate.outline_level is None or candidate.body:
        return None
    level = candidate.outline_level + 1
    if current is not None and level > current.level:
        return None  # a sub-heading inside a declared section stays part of its text
    return _Open(
        key=None,
        number=None,
        label=label,
        title=candidate.title,
        parent=None,
        level=level,
        location=block.location,
    )
