"""What every check type shares: its base class, the request it looks at, and the hits
it yields.

A check type is one class: its `type` literal and parameters (dataclass fields, with
their descriptions and constraints in `field(metadata=…)`, validated by pydantic when a
rule file is read; see `doctypes.Spec`), the
message fields it fills, the stage it runs in, the sections and fields of the request
it refers to (validated when the rule file loads), an example rule for the docs, and
`run` (one request) or `run_across` (all requests of an audit).  A check knows nothing
of severities, messages or output formats: the engine turns hits into findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from functools import lru_cache
from itertools import filterfalse
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from antragscheck.doctypes import DocumentType
from antragscheck.models import Antrag, AuditFacts, Location, Section
from antragscheck.patterns import UserPattern, compile_user_pattern
from antragscheck.spec import ByFields, Hook, Spec, record

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilIndex

# document: looks at one request; audit: compares the requests of an audit;
# reader: reported by the reader for a file it cannot read.
Stage = Literal["document", "audit", "reader"]
STAGE_NAMES: dict[str, str] = {
    "document": "ein Antrag",
    "audit": "Sammelprüfung (audit), über alle Anträge",
    "reader": "Lesen der Datei",
}

Scope = Literal["document"] | list[str]


def compile_pattern(pattern: str) -> UserPattern:
    """A rule's regular expression as every check compiles it: case-insensitive, and
    matched in linear time (antragscheck/patterns.py)."""
    return compile_user_pattern(pattern)


def valid_pattern(pattern: str) -> str:
    """The pattern, or a German error (a PatternError is a ValueError naming what is
    wrong)."""
    compile_user_pattern(pattern)
    return pattern


def valid_patterns(patterns: list[str]) -> list[str]:
    return [valid_pattern(p) for p in patterns]


# A field holding one regular expression, or a list of them, checked where it is read:
# `pattern: Pattern` (Annotated, so pydantic runs the check).
Pattern = Annotated[str, Hook(valid_pattern)]
Patterns = Annotated[list[str], Hook(valid_patterns)]


@record
class FieldRef(Spec):
    """A field of the extracted request, as a dotted path ("positions.share");
    lists along the path are flattened.  `where` keeps list items whose attribute has
    one of the given values."""

    path: str = field(
        metadata={
            "pattern": r"^[a-z_]+(\.[a-z_]+)*$",
            "description": "Feldpfad im erkannten Antrag, z. B. `positions.share`",
        }
    )
    where: dict[str, list[str | bool | int]] = field(
        default_factory=dict,
        metadata={"description": "nur Listeneinträge, deren Feld einen dieser Werte hat"},
    )

    def paths(self) -> list[str]:
        """The path and, for each `where` key, the attribute it filters on."""
        first = self.path.split(".")[0]
        return [self.path, *(f"{first}.{key}" for key in self.where)]


def matches(selector: str, rule_id: str, name: str) -> bool:
    """A selector names a rule by id ("S101"), name ("section-missing") or id prefix."""
    selector = selector.strip()
    if selector in (rule_id, name):
        return True
    # A prefix selects by id only: ids start with capitals, names never do.
    return selector[:1].isupper() and rule_id.startswith(selector)


@record(kw_only=False)
class Hit(ByFields):
    """What a check found: the section it is about, where, and the values its message
    may use."""

    section: str | None
    location: Location | None = None
    values: dict[str, object] = field(default_factory=dict)
    group: str | None = None  # cross-file findings that belong together ("G1")


class Subject:
    """The request a document check looks at, its document type, and the section of the
    rule (for hits that name none).  A plain slotted class, not a record: evaluate
    makes several for every request."""

    __slots__ = ("antrag", "by_key", "council", "doc_type", "known_rules", "rule_section")

    def __init__(
        self,
        antrag: Antrag,
        doc_type: DocumentType,
        rule_section: str | None,
        known_rules: tuple[tuple[str, str], ...] = (),
        council: CouncilIndex | None = None,
        by_key: Mapping[str, Section] | None = None,
    ) -> None:
        self.antrag = antrag
        self.doc_type = doc_type
        self.rule_section = rule_section
        # (id, name) of every rule known, also those the configuration leaves out: a
        # suppression may name any of them.
        self.known_rules = known_rules
        self.council = council  # the council information system's index, if any
        # The request's sections by key, the first of each (`section_index`): the rules
        # of one request share it.  None: looked up in `antrag`.
        self.by_key = by_key

    def section(self, key: str) -> Section | None:
        """The request's first section with this key, as `Antrag.section` finds it."""
        if self.by_key is None:
            return self.antrag.section(key)
        return self.by_key.get(key)

    def first_sections(self) -> Mapping[str, Section]:
        """The request's sections by key, the first of each, in the order they come."""
        return section_index(self.antrag) if self.by_key is None else self.by_key

    def scope_texts(self, scope: Scope) -> list[tuple[str | None, str]]:
        """(section key, text) of the scope; a section includes its declared children."""
        return self.texts(scope_keys(self.doc_type, scope))

    def texts(self, keys: frozenset[str] | None) -> list[tuple[str | None, str]]:
        """(section key, text) of the sections with these keys (`scope_keys`); of the
        title and every section for None."""
        if keys is None:
            return [(None, self.antrag.title)] + [(s.key, s.text) for s in self.antrag.sections]
        return [(s.key, s.text) for s in self.antrag.sections if s.key in keys]

    def location(self, key: str | None) -> Location | None:
        section = self.section(key) if key else None
        return section.location if section else None


def found_in(pattern: UserPattern, texts: list[str], joined: bool) -> bool:
    """Whether `pattern` matches one of `texts`.  With `joined` (the pattern is not
    `anchored`), one search of the texts joined by line breaks answers: a match in one
    text is a match there, and a match there that lies within one text is a match in
    it (at a text's edge a word boundary sees a line break as it sees the edge).  Only
    a match across a break sends the search text by text."""
    if joined and len(texts) > 1:
        match = pattern.search("\n".join(texts))
        if match is None:
            return False
        start, end = match.start(), match.end()
        edge = -1
        for text in texts:
            edge += len(text) + 1  # where its line break stands
            if start <= edge:
                if end <= edge:
                    return True
                break
    return any(pattern.search(text) for text in texts)


def anchored(pattern: str) -> bool:
    """Whether a pattern may hold an anchor at the start or end of the text or a line
    (`^`, `$`, `\\A`, `\\z`, `\\Z` outside a character class): a match of such a pattern
    in one text need not be one where texts are joined.  Errs towards yes."""
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if pattern[i + 1 : i + 2] in ("A", "z", "Z"):
                return True
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # "]" (or "^]") right after the opening bracket is a literal.
            i += 1 + (pattern[i + 1 : i + 2] == "^")
            i += pattern[i : i + 1] == "]"
            continue
        elif char in "^$":
            return True
        i += 1
    return False


def scope_keys(doc_type: DocumentType, scope: Scope) -> frozenset[str] | None:
    """The section keys a scope covers in `doc_type`: the listed sections and their
    declared children; None for the whole document."""
    if scope == "document":
        return None
    keys = set(scope)
    for key in scope:
        keys.update(doc_type.children(key))
    return frozenset(keys)


def section_index(antrag: Antrag) -> dict[str, Section]:
    """The request's sections by key, the first of each (as `Antrag.section` finds
    them) in the order they come, for a `Subject`: one dictionary instead of a scan
    per lookup."""
    index: dict[str, Section] = {}
    for section in antrag.sections:
        if section.key is not None and section.key not in index:
            index[section.key] = section
    return index


# A check prepared for one document type (`CheckType.prepare`): a request's hits.
Runner = Callable[[Subject], Iterable[Hit]]


@record
class CheckType(Spec):
    """Base of every check type; see the module docstring.  Each subclass is a frozen,
    slotted, keyword-only dataclass like this one."""

    type: str
    stage: ClassVar[Stage] = "document"
    message_fields: ClassVar[frozenset[str]] = frozenset()  # besides {section}
    description: ClassVar[str]  # what it checks, in German, for rule authors
    needs_council: ClassVar[bool] = False  # silent without a council index (checks/council.py)
    example: ClassVar[str]  # one rule using the check type, as YAML, for docs/checks.md

    def section_keys(self) -> list[str]:
        """The section keys the parameters name."""
        return []

    def field_paths(self) -> list[str]:
        """The dotted paths into the request (Antrag) the parameters name."""
        return []

    def run(self, subject: Subject) -> Iterator[Hit]:
        """The hits on one request; a check of another stage has none."""
        return iter(())

    def prepare(self, doc_type: DocumentType) -> Runner:
        """`run` for the requests of `doc_type`, with what it needs of the rule and the
        document type worked out beforehand: evaluate's plan prepares each rule once
        per rule set and document type, so that a request pays only for what depends
        on it.  A check type that has such work overrides this (and runs the prepared
        check in `run`); by default it is `run` itself."""
        return self.run

    def run_across(self, requests: Sequence[AuditFacts]) -> Iterator[tuple[str, Hit]]:
        """(path, hit) over all requests of an audit; a document check has none."""
        return iter(())


class PreparedCheck(CheckType):
    """Base of a check type that does its work in `prepare`: `run` prepares it for the
    request's document type at each call (evaluate's plan prepares it once per rule set
    and document type, and calls what `prepare` made)."""

    __slots__ = ()

    def run(self, subject: Subject) -> Iterator[Hit]:
        return iter(self.prepare(subject.doc_type)(subject))


@lru_cache(maxsize=256)
def words(text: str) -> int:
    """Word count: the runs of word characters (`\\w+`); several rules ask it of the
    same section text.  White space never belongs to a run, so the runs are counted per
    token of `str.split()`, and a token of letters and digits alone is one run: only
    tokens with other characters ("412/2020", "beschlossen.") are searched."""
    tokens = text.split()
    count = len(tokens)
    for token in filterfalse(str.isalnum, tokens):
        count += len(_WORD.findall(token)) - 1
    return count


_WORD = re.compile(r"\w+")


def has_words(text: str, count: int = 1) -> bool:
    """Whether `text` has at least `count` words (as `words` counts them), read only as
    far as that needs: a check that asks for a few words need not count a long text."""
    if count <= 1:
        return count <= 0 or _WORD.search(text) is not None
    if count > len(text):  # every word takes a character
        return False
    return _at_least(count).match(text) is not None


@lru_cache(maxsize=64)  # counts come from rule files: bounded in a long-running service
def _at_least(count: int) -> re.Pattern[str]:
    """A pattern matching the start of a text with at least `count` (≥ 2) runs of word
    characters.  Word and other characters never overlap, so a failing match gives
    back one character at a time and fails at once: linear in what it read."""
    return re.compile(rf"\W*(?:\w+\W+){{{count - 1}}}\w")


@lru_cache(maxsize=256)
def _steps(path: str) -> tuple[str, tuple[str, ...]]:
    """The first attribute of a dotted path and the rest."""
    first, *rest = path.split(".")
    return first, tuple(rest)


def resolve(antrag: Antrag, ref: FieldRef | str) -> list[tuple[Any, Any]]:
    """(value, list item it came from) for a dotted path; lists are flattened and
    missing values dropped.  `where` filters the items of the first list on the path."""
    if isinstance(ref, str):
        return resolve_path(antrag, ref)
    return resolve_path(antrag, ref.path, ref.where)


def resolve_path(
    antrag: Antrag, path: str, where: Mapping[str, list[str | bool | int]] | None = None
) -> list[tuple[Any, Any]]:
    """`resolve` of a path and its `where` (see FieldRef)."""
    first, rest = _steps(path)
    # The first step: each value is its own item.
    value = getattr(antrag, first, None)
    if isinstance(value, list):
        items = [(c, c) for c in value if _given(c)]
    else:
        items = [(value, value)] if _given(value) else []
    if where:
        items = [
            (v, o)
            for v, o in items
            if all(getattr(v, key, None) in allowed for key, allowed in where.items())
        ]
    for part in rest:
        found: list[tuple[Any, Any]] = []
        for value, owner in items:
            child = getattr(value, part, None)
            if isinstance(child, list):
                found += [(c, owner) for c in child if _given(c)]
            elif _given(child):
                found.append((child, owner))
        items = found
    return items


def present(
    antrag: Antrag, path: str, where: Mapping[str, list[str | bool | int]] | None = None
) -> bool:
    """Whether `resolve_path` finds a value: read only up to the first one."""
    first, rest = _steps(path)
    value = getattr(antrag, first, None)
    for item in value if isinstance(value, list) else (value,):
        if not _given(item):
            continue
        if where and not all(getattr(item, key, None) in allowed for key, allowed in where.items()):
            continue
        if not rest or _reaches(item, rest):
            return True
    return False


def _reaches(value: object, steps: tuple[str, ...]) -> bool:
    """Whether the rest of a dotted path leads from `value` to a value."""
    child = getattr(value, steps[0], None)
    for item in child if isinstance(child, list) else (child,):
        if _given(item) and (len(steps) == 1 or _reaches(item, steps[1:])):
            return True
    return False


def _given(value: object) -> bool:
    """A value, not a gap: neither None nor the empty text (what `value not in (None,
    "")` says, without comparing a record with None and "")."""
    return value is not None and not (isinstance(value, str) and not value)
