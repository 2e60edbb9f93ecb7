"""Evaluate rules: hits of the check types → findings.

One path from a hit to a finding for every stage: `evaluate` runs the document checks
on one request, `evaluate_across` the cross-file checks over an audit's requests, and
`unreadable` gives the reader's finding for a file it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from antragscheck.doctypes import DocumentType
from antragscheck.models import Antrag, AuditFacts, Finding, Severity
from antragscheck.rules.checks import Hit, Subject, compile_pattern, has_words
from antragscheck.rules.checks.base import anchored, found_in, present, scope_keys, section_index
from antragscheck.rules.checks.reader import DocumentReadable
from antragscheck.rules.schema import MessageFields, Rule, When
from antragscheck.spec import ByIdentity

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilIndex


class _Condition:
    """A rule's `when`, prepared for one document type."""

    __slots__ = ("field", "joined", "pattern", "scope", "section")

    def __init__(self, when: When, doc_type: DocumentType) -> None:
        self.section = when.section
        self.pattern = compile_pattern(when.pattern) if when.pattern is not None else None
        self.joined = when.pattern is not None and not anchored(when.pattern)
        self.scope = scope_keys(doc_type, when.scope)
        self.field = when.field

    def holds(self, subject: Subject) -> bool:
        if self.section is not None:
            section = subject.section(self.section)
            if section is None or not has_words(section.text):
                return False
        if self.pattern is not None:
            texts = [text for _, text in subject.texts(self.scope)]
            if not found_in(self.pattern, texts, self.joined):
                return False
        field = self.field
        return field is None or present(subject.antrag, field.path, field.where)


def _applies(rule: Rule, type_id: str | None) -> bool:
    return rule.document_types is None or type_id in rule.document_types


def _finding(rule: Rule, hit: Hit, doc_type: DocumentType | None) -> Finding:
    name = doc_type.section_name(hit.section) if doc_type else hit.section or "Dokument"
    values = MessageFields(hit.values)
    values["section"] = name
    finding = rule.finding(hit.section, values, hit.location)
    if hit.group is None:
        return finding
    # (a cross-file finding of a group; dataclasses.replace costs ~3 µs a call)
    return Finding(
        rule=finding.rule,
        name=finding.name,
        severity=finding.severity,
        section=finding.section,
        message=finding.message,
        location=finding.location,
        group=hit.group,
    )


class _Step:
    """A document rule as a request's evaluation runs it: its check prepared for the
    document type (`CheckType.prepare`)."""

    __slots__ = ("rule", "run", "section", "when")

    def __init__(self, rule: Rule, doc_type: DocumentType) -> None:
        self.rule = rule
        self.run = rule.check.prepare(doc_type)
        self.section = rule.section
        self.when = _Condition(rule.when, doc_type) if rule.when is not None else None


def _plan(rules: Sequence[Rule], doc_type: DocumentType, council: bool) -> tuple[_Step, ...]:
    """The document rules of `rules` that apply to `doc_type`, in their order; without
    a council index, none of the checks that are silent without one."""
    return tuple(
        _Step(rule, doc_type)
        for rule in rules
        if rule.check.stage == "document"
        and _applies(rule, doc_type.id)
        and (council or not rule.check.needs_council)
    )


# (rule set, document type, council index or not) of a long-running service: at most 64.
_plans: ByIdentity[tuple[_Step, ...]] = ByIdentity(_plan, 64)


def plan(rules: Sequence[Rule], doc_type: DocumentType, council: bool) -> tuple[_Step, ...]:
    """What evaluating `rules` on a request of `doc_type` runs (with or without a
    council index), worked out once per rule set and document type: only what depends
    on the request is left for each request.  A rule set's rules are a tuple of frozen
    rules; a list may change between calls, so its plan is made each time."""
    if not isinstance(rules, tuple):
        return _plan(rules, doc_type, council)
    return _plans(rules, doc_type, council)


def evaluate(
    antrag: Antrag,
    doc_type: DocumentType,
    rules: Sequence[Rule],
    tick: Callable[[], None] | None = None,
    known: Sequence[tuple[str, str]] | None = None,
    council: CouncilIndex | None = None,
) -> list[Finding]:
    """All findings of the document checks of `rules` on `antrag`, in section order,
    most severe first.  `tick` is called before each rule (the pipeline's per-file
    deadline: it raises when the time is up).  `known`: (id, name) of every rule a
    suppression may name (default: `rules`).  `council` is the council information
    system's index for the checks that need one (they are silent without)."""
    catalog = tuple(known) if known is not None else tuple((r.id, r.name) for r in rules)
    index = section_index(antrag)
    findings: list[Finding] = []
    subjects: dict[str | None, Subject] = {}  # one per rule section: rules share them
    for step in plan(rules, doc_type, council is not None):
        if tick is not None:
            tick()
        subject = subjects.get(step.section)
        if subject is None:
            subject = Subject(antrag, doc_type, step.section, catalog, council, index)
            subjects[step.section] = subject
        if step.when is not None and not step.when.holds(subject):
            continue
        for hit in step.run(subject):
            findings.append(_finding(step.rule, hit, doc_type))
    return sort_findings(findings, doc_type) if len(findings) > 1 else findings


def evaluate_across(
    requests: Sequence[AuditFacts],
    rules: Iterable[Rule],
    doc_types: Sequence[DocumentType] = (),
) -> dict[str, list[Finding]]:
    """The findings of the cross-file checks of `rules` over an audit's requests, by
    path.  A rule limited to document types compares the requests of those types."""
    types = {t.id: t for t in doc_types}
    type_of = {r.path: r.document_type for r in requests}
    found: dict[str, list[Finding]] = {}
    for rule in rules:
        if rule.check.stage != "audit":
            continue
        allowed = rule.document_types  # (what _applies asks, once a request)
        subjects = (
            requests if allowed is None else [r for r in requests if r.document_type in allowed]
        )
        # Findings are frozen: hits that would make equal findings (the members of a
        # group, where the message names neither of them) share one.
        made: dict[tuple[object, ...], Finding] = {}
        used = _message_fields(rule.message)
        last: tuple[Hit | None, str | None, Finding | None] = (None, None, None)
        for path, given in rule.check.run_across(subjects):
            type_id = type_of[path]
            if given is last[0] and type_id == last[1] and last[2] is not None:
                found.setdefault(path, []).append(last[2])  # a check may repeat a hit
                continue
            section = given.section if given.section is not None else rule.section
            key: tuple[object, ...] = (section, type_id, given.location, given.group)
            key += tuple(given.values.get(name, _UNSET) for name in used)
            try:
                finding = made.get(key)
            except TypeError:  # a value that cannot be a key: made each time
                finding, key = None, ()
            if finding is None:
                hit = given
                if section is not hit.section:
                    hit = Hit(section, hit.location, hit.values, hit.group)
                finding = _finding(rule, hit, types.get(type_id or ""))
                if key:
                    made[key] = finding
            last = (given, type_id, finding)
            found.setdefault(path, []).append(finding)
    return found


_UNSET = object()  # a message field without a value (it stays as written)


@cache
def _message_fields(message: str) -> tuple[str, ...]:
    """The fields a message uses ("{org_unit}", "{count:>3}", "{other[0]}": org_unit,
    count, other), but "section": it is worked out of the hit's section."""
    # (string.Formatter().parse is this parser; importing string compiles a pattern)
    from _string import formatter_parser  # type: ignore[import-not-found]

    fields = set()
    for _, name, _, _ in formatter_parser(message):
        if name:
            for stop in ".[":
                name = name.partition(stop)[0]
            fields.add(name)
    fields.discard("section")
    return tuple(sorted(fields))


@cache
def reader_rule() -> Rule:
    """The reader's rule when a rule set does not declare one (a custom rule set).
    Built on first use: validating it builds the schema of every check type, which a
    check with a cached rule set never needs."""
    return Rule(
        id="D100",
        name="unreadable-document",
        severity=Severity.error,
        check=DocumentReadable(type="document-readable"),
        message="{text}",
        summary="Die Datei kann nicht als Word-Dokument gelesen werden.",
        explanation="Die Meldung nennt die Ursache und was zu tun ist.",
    )


def unreadable(rules: Iterable[Rule], message: str) -> Finding:
    """The finding for a file that cannot be read (or checked), from the rule set's
    reader rule (document-readable), with its configured severity."""
    rule = next((r for r in rules if r.check.stage == "reader"), None) or reader_rule()
    return _finding(rule, Hit(None, None, {"text": message}), None)


def sort_findings(findings: Sequence[Finding], doc_type: DocumentType | None) -> list[Finding]:
    def key(finding: Finding) -> tuple[int, int, str]:
        order = doc_type.order(finding.section) if doc_type else 0
        return order, -finding.severity.rank, finding.rule

    return sorted(findings, key=key)
