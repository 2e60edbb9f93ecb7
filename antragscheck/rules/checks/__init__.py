"""The check vocabulary: the registry of check types.

Each check type is one class (see `base.CheckType`); this list is the one place that
names them.  The `Check` union rules are validated with, the message fields a rule may
use, section and field validation, the audit's cross-file checks and docs/checks.md
all come from it.  A new check type: a class in one of these modules (or a new one),
and one line below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from antragscheck.rules.checks.audit import AuditDuplicate, AuditPlanYear
from antragscheck.rules.checks.base import (
    STAGE_NAMES,
    CheckType,
    FieldRef,
    Hit,
    Scope,
    Stage,
    Subject,
    compile_pattern,
    resolve,
    valid_pattern,
    words,
)
from antragscheck.rules.checks.council import (
    CouncilDecisionDate,
    CouncilPaperDecided,
    CouncilPaperKnown,
)
from antragscheck.rules.checks.fields import (
    FieldPresent,
    FieldRange,
    ItemFields,
    SuppressionRulesKnown,
)
from antragscheck.rules.checks.reader import DocumentReadable
from antragscheck.rules.checks.sections import (
    SectionDuplicate,
    SectionOrder,
    SectionPresent,
    SectionText,
)
from antragscheck.rules.checks.text import PatternCheck, PlaceholderCheck

CHECK_TYPES: tuple[type[CheckType], ...] = (
    SectionPresent,
    SectionText,
    SectionOrder,
    SectionDuplicate,
    PlaceholderCheck,
    PatternCheck,
    FieldPresent,
    FieldRange,
    ItemFields,
    SuppressionRulesKnown,
    CouncilPaperKnown,
    CouncilDecisionDate,
    CouncilPaperDecided,
    DocumentReadable,
    AuditDuplicate,
    AuditPlanYear,
)


def type_name(cls: type[CheckType]) -> str:
    """The `type` literal of a check type class ("section-present")."""
    (name,) = cls.model_fields["type"].annotation.__args__  # type: ignore[union-attr]
    return str(name)


REGISTRY: dict[str, type[CheckType]] = {type_name(cls): cls for cls in CHECK_TYPES}

if TYPE_CHECKING:
    Check = CheckType
else:  # the tagged union pydantic validates a rule's `check` with
    Check = Annotated[Union[CHECK_TYPES], Field(discriminator="type")]  # noqa: UP007

__all__ = [
    "CHECK_TYPES",
    "REGISTRY",
    "STAGE_NAMES",
    "Check",
    "CheckType",
    "FieldRef",
    "Hit",
    "Scope",
    "Stage",
    "Subject",
    "compile_pattern",
    "resolve",
    "type_name",
    "valid_pattern",
    "words",
]
