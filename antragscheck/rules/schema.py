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

Each check type is one model here and one function in `checks.py`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from antragscheck.doctypes import DocumentType, Spec
from antragscheck.models import Finding, Location, Severity
from antragscheck.patterns import compile_user_pattern

# -- check types ----------------------------------------------------------------------

Scope = Literal["document"] | list[str]


def _compile(pattern: str) -> str:
    compile_user_pattern(pattern)  # a PatternError (a ValueError) names what is wrong
    return pattern


class FieldRef(Spec):
    """A field of the extracted request, as a dotted path ("positions.share");
    lists along the path are flattened.  `where` keeps list items whose attribute has
    one of the given values."""

    path: str = Field(pattern=r"^[a-z_]+(\.[a-z_]+)*$")
    where: dict[str, list[str | bool | int]] = Field(default_factory=dict)


class SectionPresent(Spec):
    """Each listed section (default: every section the document type requires) is there."""

    type: Literal["section-present"]
    sections: Literal["required"] | list[str] = "required"


class SectionText(Spec):
    """Each listed section has at least the given number of words, and is not only one of
    the `trivial` answers."""

    type: Literal["section-text"]
    min_words: dict[str, int]
    trivial: list[str] = Field(default_factory=list)
    skip_empty: bool = False


class PlaceholderCheck(Spec):
    """No template text is left in any section (regular expressions, case-insensitive),
    and, with `content_controls`, no content control still shows its placeholder."""

    type: Literal["placeholder"]
    patterns: list[str]
    content_controls: bool = True

    @field_validator("patterns")
    @classmethod
    def _valid_patterns(cls, value: list[str]) -> list[str]:
        return [_compile(p) for p in value]


class PatternCheck(Spec):
    """A regular expression is present in (or, with mode absent, absent from) the scope."""

    type: Literal["pattern"]
    pattern: str
    scope: Scope = "document"
    mode: Literal["present", "absent"] = "present"

    @field_validator("pattern")
    @classmethod
    def _valid_pattern(cls, value: str) -> str:
        return _compile(value)


class FieldPresent(Spec):
    """At least one of the fields has a value (a non-empty list, a non-null value)."""

    type: Literal["field-present"]
    fields: list[FieldRef] = Field(min_length=1)


class FieldRange(Spec):
    """Every value found at the paths lies within the bounds."""

    type: Literal["field-range"]
    paths: list[str] = Field(min_length=1)
    min: Decimal | None = None
    min_exclusive: Decimal | None = None
    max: Decimal | None = None
    max_field: str | None = None  # upper bound taken from another field, e.g. plan_year
    max_decimals: int | None = None


class ItemFields(Spec):
    """Every list item at `path` matching `where` has at least one of `require_any`."""

    type: Literal["item-fields"]
    path: str
    where: dict[str, list[str | bool | int]] = Field(default_factory=dict)
    require_any: list[str] = Field(min_length=1)


class DocumentReadable(Spec):
    """The file can be read as a Word document.  The reader raises this finding; on a
    request that was read it never fires.  Its message may use {text}, the reader's
    explanation of the cause."""

    type: Literal["document-readable"]


class AuditDuplicate(Spec):
    """Across an audit: two requests for the same unit and the same function (the purpose
    of the post, compared word by word with at least `min_similarity` overlap)."""

    type: Literal["audit-duplicate"]
    min_similarity: float = Field(default=0.8, gt=0, le=1)


class AuditPlanYear(Spec):
    """Across an audit: a request whose Stellenplan year differs from the year most of
    the audited requests have (a stale file in the wrong folder)."""

    type: Literal["audit-plan-year"]


class SectionOrder(Spec):
    """The sections appear in the declared order."""

    type: Literal["section-order"]


class SectionDuplicate(Spec):
    """No declared section appears twice."""

    type: Literal["section-duplicate"]


Check = Annotated[
    SectionPresent
    | SectionText
    | PlaceholderCheck
    | PatternCheck
    | FieldPresent
    | FieldRange
    | ItemFields
    | SectionOrder
    | SectionDuplicate
    | DocumentReadable
    | AuditDuplicate
    | AuditPlanYear,
    Field(discriminator="type"),
]

# The names a message template may use, per check type ("section" always).
MESSAGE_FIELDS: dict[str, set[str]] = {
    "section-present": set(),
    "section-text": {"words", "min_words"},
    "placeholder": {"text"},
    "pattern": {"text"},
    "field-present": set(),
    "field-range": {"value", "limit"},
    "item-fields": {"text"},
    "section-order": {"after"},
    "section-duplicate": {"count"},
    "document-readable": {"text"},
    "audit-duplicate": {"other", "org_unit", "purpose"},
    "audit-plan-year": {"year", "usual"},
}
# Check types that look at one file never fire for these; the audit evaluates them.
CROSS_FILE = frozenset({"audit-duplicate", "audit-plan-year"})


class When(Spec):
    """Limits a rule to requests where all given conditions hold."""

    section: str | None = None  # this section is present and has text
    pattern: str | None = None  # this regular expression occurs in `scope`
    scope: Scope = "document"
    field: FieldRef | None = None  # this field has a value

    @field_validator("pattern")
    @classmethod
    def _valid_pattern(cls, value: str | None) -> str | None:
        return value if value is None else _compile(value)


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
        allowed = MESSAGE_FIELDS[self.check.type] | {"section"}
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
