"""The shape of rule files: document types and rules, validated with pydantic.

A rule file is YAML with up to two top-level keys:

    document_types:   # the sections a kind of request must carry
      - id: stellenschaffung
        ...
    rules:            # what is checked, each with one check type
      - id: S101
        name: section-missing
        severity: error
        check: {type: section-present}
        message: "Der Abschnitt {section} fehlt."
        ...

Each check type is one class in `checks/`; the registry there builds `Check`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import field
from typing import Annotated

from antragscheck.doctypes import DocumentType
from antragscheck.models import Finding, Location, Severity
from antragscheck.notations import Notation
from antragscheck.rules.checks import Check, FieldRef, Pattern, Scope
from antragscheck.spec import Hook, Spec, record


@record
class When(Spec):
    """Limits a rule to requests where all given conditions hold."""

    section: str | None = None  # this section is present and has text
    pattern: Pattern | None = None  # this regular expression occurs in `scope`
    scope: Scope = "document"
    field: FieldRef | None = None  # this field has a value


@record
class ExampleConsultation(Spec):
    """A consultation in an example's council index."""

    date: dt.date | None = None
    body: str = ""
    meeting: str = ""
    result: str = ""


@record
class ExamplePaper(Spec):
    """A paper in an example's council index (see `Examples.council`)."""

    reference: str
    name: str = ""
    date: dt.date | None = None
    type: str = ""
    consultations: list[ExampleConsultation] = field(default_factory=list)


@record
class Expect(Spec):
    """What a failing example must produce: a finding about this section (a key; null
    for the whole document) whose message contains this text."""

    section: str | None = "*"  # "*": any section
    message: str = ""

    def describe(self) -> str:
        parts = [] if self.section == "*" else [f"Abschnitt {self.section or 'Dokument'}"]
        parts += [f"Meldung mit „{self.message}“"] if self.message else []
        return ", ".join(parts) or "ein Befund"

    def met_by(self, finding: Finding) -> bool:
        return (self.section == "*" or finding.section == self.section) and (
            self.message.casefold() in finding.message.casefold()
        )


@record
class FailingExample(Spec):
    """An example text the rule must fail on, and what it expects."""

    text: str
    expect: Expect | None = None


def _one_or_more(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _texts(value: object) -> object:
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list):
        return value
    return [{"text": item} if isinstance(item, str) else item for item in items]


@record
class Examples(Spec):
    """Texts the rule must pass and fail on; each is a request as plain text (see
    read/plain.py).  `pass` and `fail` take one text or a list; a failing example may
    be `{text: …, expect: {section: …, message: …}}`."""

    passing: Annotated[list[str], Hook(_one_or_more, before=True)] = field(
        metadata={"alias": "pass", "min_length": 1}
    )
    failing: Annotated[list[FailingExample], Hook(_texts, before=True)] = field(
        metadata={"alias": "fail", "min_length": 1}
    )
    # For rules that check against the council information system: the papers the
    # examples run against, instead of an index made by `antragscheck ris sync`.
    council: list[ExamplePaper] | None = None

    def listed(self) -> list[tuple[bool, str, str]]:
        """(passes, text, what a failing one expects in German or "") of each example."""
        examples = [(True, text.rstrip(), "") for text in self.passing]
        examples += [
            (False, e.text.rstrip(), e.expect.describe() if e.expect else "") for e in self.failing
        ]
        return examples


_URL = re.compile(r"https?://[^\s<>\"'`\\]+")
_DOCS = re.compile(r"[\w-]+(/[\w.-]+)*(#[\w-]+)?|#[\w-]+")


class MessageFields(dict[str, object]):
    """A message's values: a field without one stays as written ("{section}")."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _valid_link(value: str | None) -> str | None:
    if value is not None and not (_URL.fullmatch(value) or _DOCS.fullmatch(value)):
        raise ValueError(
            f"`link` {value!r} ist weder eine Adresse (https://…) noch eine Stelle der "
            "Dokumentation (z. B. docs/rules.md#section-missing)"
        )
    return value


@record
class Rule(Spec):
    """One rule: what is checked (its check type), how severe, and the message."""

    id: str = field(metadata={"pattern": r"^[A-Z]+[0-9]+$"})
    name: str = field(metadata={"pattern": r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"})
    severity: Severity
    check: Check = field(metadata={"discriminator": "type"})
    message: str
    summary: str  # one line: what it checks
    explanation: str  # why it matters and what to do
    section: str | None = None  # the section a finding is about when the check names none
    document_types: list[str] | None = None  # None: every type
    when: When | None = None
    examples: Examples | None = None
    no_examples: str | None = None  # why the rule cannot be shown on a text
    # More about the rule: an http(s) URL (SARIF helpUri) or a page of the docs with an
    # anchor ("docs/rules.md#section-missing").
    link: Annotated[str | None, Hook(_valid_link)] = None

    @property
    def help_uri(self) -> str | None:
        """The link, when it is an absolute URL (SARIF's helpUri must be one)."""
        return self.link if self.link and self.link.startswith(("https://", "http://")) else None

    def finding(
        self, section: str | None, values: Mapping[str, object], location: Location | None = None
    ) -> Finding:
        """A finding of this rule, its message filled from `values`; a field without a
        value stays as written ("{section}")."""
        return Finding(
            rule=self.id,
            name=self.name,
            severity=self.severity,
            section=section,
            message=self.message.format_map(
                values if type(values) is MessageFields else MessageFields(values)
            ),
            location=location,
        )

    def __post_init__(self) -> None:
        if self.examples is not None and self.no_examples is not None:
            raise ValueError("`examples` und `no_examples` schließen sich aus")
        if self.no_examples is not None and not self.no_examples.strip():
            raise ValueError("`no_examples` braucht eine Begründung")
        if self.when is not None and self.check.stage != "document":
            raise ValueError(
                f"Prüftyp {self.check.type} prüft keinen einzelnen Antrag; "
                "`when` ist hier nicht möglich"
            )
        import string  # here: a rule is checked where a rule file is read, not at every start

        allowed = self.check.message_fields | {"section"}
        for _, name, _, _ in string.Formatter().parse(self.message):
            if name is not None and name not in allowed:
                raise ValueError(
                    f"Die Meldung verwendet {{{name}}}; erlaubt sind hier: "
                    + ", ".join("{" + a + "}" for a in sorted(allowed))
                )


@record
class RuleFile(Spec):
    """A rule file: document types, rules and notations."""

    document_types: list[DocumentType] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    notations: list[Notation] = field(default_factory=list)  # see antragscheck/notations.py
