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

import string
from collections.abc import Mapping

from pydantic import Field, field_validator, model_validator

from antragscheck.doctypes import DocumentType, Spec
from antragscheck.models import Finding, Location, Severity
from antragscheck.notations import Notation
from antragscheck.rules.checks import Check, FieldRef, Scope, valid_pattern


class When(Spec):
    """Limits a rule to requests where all given conditions hold."""

    section: str | None = None  # this section is present and has text
    pattern: str | None = None  # this regular expression occurs in `scope`
    scope: Scope = "document"
    field: FieldRef | None = None  # this field has a value

    @field_validator("pattern")
    @classmethod
    def _valid_pattern(cls, value: str | None) -> str | None:
        return value if value is None else valid_pattern(value)


class Examples(Spec):
    passing: str = Field(alias="pass")
    failing: str = Field(alias="fail")


class _Fields(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Rule(Spec):
    id: str = Field(pattern=r"^[A-Z]+[0-9]+$")
    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    severity: Severity
    check: Check
    message: str
    summary: str  # one line: what it checks
    explanation: str  # why it matters and what to do
    section: str | None = None  # the section a finding is about when the check names none
    document_types: list[str] | None = None  # None: every type
    when: When | None = None
    examples: Examples | None = None

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
            message=self.message.format_map(_Fields(values)),
            location=location,
        )

    @model_validator(mode="after")
    def _message_fields(self) -> Rule:
        if self.when is not None and self.check.stage != "document":
            raise ValueError(
                f"Prüftyp {self.check.type} prüft keinen einzelnen Antrag; "
                "`when` ist hier nicht möglich"
            )
        allowed = self.check.message_fields | {"section"}
        for _, name, _, _ in string.Formatter().parse(self.message):
            if name is not None and name not in allowed:
                raise ValueError(
                    f"Die Meldung verwendet {{{name}}}; erlaubt sind hier: "
                    + ", ".join("{" + a + "}" for a in sorted(allowed))
                )
        return self


class RuleFile(Spec):
    document_types: list[DocumentType] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    notations: list[Notation] = Field(default_factory=list)  # see antragscheck/notations.py
