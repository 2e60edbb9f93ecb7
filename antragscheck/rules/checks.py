"""The check vocabulary: one small function per check type.

Each function takes its typed parameters and the request, and yields `Hit`s: the section a
finding is about, where it is, and the values its message may use.  The engine turns hits
into findings; a check knows nothing of severities, messages or output formats.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from antragscheck.doctypes import DocumentType
from antragscheck.models import Antrag, Location
from antragscheck.patterns import compile_user_pattern
from antragscheck.rules.schema import (
    AuditDuplicate,
    AuditPlanYear,
    Check,
    DocumentReadable,
    FieldPresent,
    FieldRange,
    FieldRef,
    ItemFields,
    PatternCheck,
    PlaceholderCheck,
    Scope,
    SectionDuplicate,
    SectionOrder,
    SectionPresent,
    SectionText,
)
from antragscheck.text import fold


@dataclass(frozen=True)
class Hit:
    section: str | None
    location: Location | None = None
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    antrag: Antrag
    doc_type: DocumentType
    rule_section: str | None  # the rule's own section, for hits that name none

    def scope_texts(self, scope: Scope) -> list[tuple[str | None, str]]:
        """(section key, text) of the scope; a section includes its declared children."""
        if scope == "document":
            return [(None, self.antrag.title)] + [(s.key, s.text) for s in self.antrag.sections]
        keys = set(scope)
        for key in scope:
            keys.update(self.doc_type.children(key))
        return [(s.key, s.text) for s in self.antrag.sections if s.key in keys]


@lru_cache(maxsize=256)
def words(text: str) -> int:
    """Word count; several rules ask it of the same section text."""
    return len(_WORD.findall(text))


_WORD = re.compile(r"\w+")


def resolve(antrag: Antrag, ref: FieldRef | str) -> list[tuple[Any, Any]]:
    """(value, list item it came from) for a dotted path; lists are flattened and
    missing values dropped.  `where` filters the items of the first list on the path."""
    path, where = (ref, {}) if isinstance(ref, str) else (ref.path, ref.where)
    items: list[tuple[Any, Any]] = [(antrag, None)]
    for depth, part in enumerate(path.split(".")):
        found: list[tuple[Any, Any]] = []
        for value, owner in items:
            child = getattr(value, part, None)
            children = child if isinstance(child, list) else [child]
            found.extend((c, owner if depth else c) for c in children if c not in (None, ""))
        if where and depth == 0:
            found = [
                (v, o)
                for v, o in found
                if all(getattr(v, key, None) in allowed for key, allowed in where.items())
            ]
        items = found
    return items


def section_present(check: SectionPresent, ctx: Context) -> Iterator[Hit]:
    wanted = (
        [s.key for s in ctx.doc_type.sections if s.required]
        if check.sections == "required"
        else check.sections
    )
    found = {s.key for s in ctx.antrag.sections}
    for key in wanted:
        if key not in found:
            yield Hit(section=key)


def section_text(check: SectionText, ctx: Context) -> Iterator[Hit]:
    trivial = {_bare(t) for t in check.trivial}
    for key, minimum in check.min_words.items():
        section = ctx.antrag.section(key)
        if section is None:
            continue
        count = words(section.text)
        if count == 0 and check.skip_empty:
            continue
        # A trivial answer ("keine", "entfällt", "-") is a word or three, never more.
        is_trivial = count <= 3 and bool(section.text) and _bare(section.text) in trivial
        if count < minimum or is_trivial:
            yield Hit(key, section.location, {"words": count, "min_words": minimum})


def _bare(text: str) -> str:
    return re.sub(r"[\s.!\-–—]+", " ", fold(text)).strip() or "-"


def placeholder(check: PlaceholderCheck, ctx: Context) -> Iterator[Hit]:
    patterns = [compile_user_pattern(p) for p in check.patterns]
    areas: list[tuple[str | None, str, list[str], Location | None]] = [
        (None, ctx.antrag.title, ctx.antrag.preamble_placeholders, None)
    ]
    areas += [(s.key, s.text, s.placeholders, s.location) for s in ctx.antrag.sections]
    for key, text, shown, location in areas:
        found = next((m.group(0) for p in patterns for m in [p.search(text)] if m), None)
        if found is None and check.content_controls and shown:
            found = shown[0]
        if found is not None:
            yield Hit(key, location, {"text": _quote(found)})


def _quote(text: str, limit: int = 60) -> str:
    """Template text to quote in a message: whole words, at most `limit` characters."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def pattern(check: PatternCheck, ctx: Context) -> Iterator[Hit]:
    compiled = compile_user_pattern(check.pattern)
    texts = ctx.scope_texts(check.scope)
    if check.mode == "present":
        if not any(compiled.search(text) for _, text in texts):
            first = texts[0][0] if texts else None
            section = ctx.rule_section or first
            yield Hit(section, _location(ctx, section), {"text": ""})
        return
    for key, text in texts:
        for match in compiled.finditer(text):
            yield Hit(key, _location(ctx, key), {"text": match.group(0)})


def field_present(check: FieldPresent, ctx: Context) -> Iterator[Hit]:
    if not any(resolve(ctx.antrag, ref) for ref in check.fields):
        yield Hit(ctx.rule_section, _location(ctx, ctx.rule_section))


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _german(number: Decimal) -> str:
    return str(number).replace(".", ",")


def field_range(check: FieldRange, ctx: Context) -> Iterator[Hit]:
    upper = check.max
    if check.max_field is not None:
        bound = resolve(ctx.antrag, check.max_field)
        if not bound:
            return
        upper = _decimal(bound[0][0])
    for path in check.paths:
        for raw, owner in resolve(ctx.antrag, path):
            value = _decimal(raw)
            if value is None:
                continue
            limit: Decimal | int | None = None
            if check.min is not None and value < check.min:
                limit = check.min
            elif check.min_exclusive is not None and value <= check.min_exclusive:
                limit = check.min_exclusive
            elif upper is not None and value > upper:
                limit = upper
            elif check.max_decimals is not None and -int(value.as_tuple().exponent) > (
                check.max_decimals
            ):
                limit = check.max_decimals
            if limit is None:
                continue
            section = getattr(owner, "section", None) or ctx.rule_section
            yield Hit(
                section,
                _location(ctx, section),
                {"value": _german(value), "limit": _german(Decimal(limit))},
            )


def item_fields(check: ItemFields, ctx: Context) -> Iterator[Hit]:
    for item, _ in resolve(ctx.antrag, FieldRef(path=check.path, where=check.where)):
        if all(getattr(item, name, None) in (None, "", []) for name in check.require_any):
            section = getattr(item, "section", None) or ctx.rule_section
            yield Hit(section, _location(ctx, section), {"text": getattr(item, "text", "")})


def section_order(check: SectionOrder, ctx: Context) -> Iterator[Hit]:
    seen: set[str] = set()
    latest: tuple[int, str] | None = None
    for section in ctx.antrag.sections:
        if section.key is None or section.key in seen:
            continue
        seen.add(section.key)
        order = ctx.doc_type.order(section.key)
        if latest is not None and order < latest[0]:
            spec = ctx.doc_type.spec(latest[1])
            after = spec.display if spec else latest[1]
            yield Hit(section.key, section.location, {"after": after})
        else:
            latest = (order, section.key)


def section_duplicate(check: SectionDuplicate, ctx: Context) -> Iterator[Hit]:
    counts = Counter(s.key for s in ctx.antrag.sections if s.key)
    reported: set[str] = set()
    seen: set[str] = set()
    for section in ctx.antrag.sections:
        if section.key is None:
            continue
        if section.key in seen and section.key not in reported:
            reported.add(section.key)
            yield Hit(section.key, section.location, {"count": counts[section.key]})
        seen.add(section.key)


def document_readable(check: DocumentReadable, ctx: Context) -> Iterator[Hit]:
    """A request that reached the rules was read: nothing to report (see pipeline)."""
    return iter(())


def cross_file(check: AuditDuplicate | AuditPlanYear, ctx: Context) -> Iterator[Hit]:
    """Cross-file checks need the whole audit (antragscheck/audit/crosscheck.py); on one
    request they have nothing to say."""
    return iter(())


def _location(ctx: Context, key: str | None) -> Location | None:
    section = ctx.antrag.section(key) if key else None
    return section.location if section else None


CheckFunction = Callable[[Any, Context], Iterator[Hit]]

CHECKS: dict[str, CheckFunction] = {
    "section-present": section_present,
    "section-text": section_text,
    "placeholder": placeholder,
    "pattern": pattern,
    "field-present": field_present,
    "field-range": field_range,
    "item-fields": item_fields,
    "section-order": section_order,
    "section-duplicate": section_duplicate,
    "document-readable": document_readable,
    "audit-duplicate": cross_file,
    "audit-plan-year": cross_file,
}


def run_check(check: Check, ctx: Context) -> Iterator[Hit]:
    return CHECKS[check.type](check, ctx)
