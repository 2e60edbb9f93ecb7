"""The check vocabulary: the registry of check types.

Each check type is one class (see `base.CheckType`); this list is the one place that
names them.  The `Check` union rules are validated with, the message fields a rule may
use, section and field validation, the audit's cross-file checks and docs/checks.md
all come from it.  A new check type: a class in one of these modules (or a new one),
and one line below.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Union, get_args

from antragscheck.rules.checks.audit import AuditDuplicate, AuditPlanYear
from antragscheck.rules.checks.base import (
    STAGE_NAMES,
    CheckType,
    FieldRef,
    Hit,
    Pattern,
    Patterns,
    Runner,
    Scope,
    Stage,
    Subject,
    compile_pattern,
    has_words,
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
    annotation = cls.__annotations__["type"]  # its own; a string (postponed annotations)
    if isinstance(annotation, str):  # evaluated alone: get_type_hints would take all
        annotation = eval(annotation, vars(sys.modules[cls.__module__]))
    (name,) = get_args(annotation)
    return str(name)


REGISTRY: dict[str, type[CheckType]] = {type_name(cls): cls for cls in CHECK_TYPES}

if TYPE_CHECKING:
    Check = CheckType
else:  # the union pydantic validates a rule's `check` with (tagged by `type`: schema.py)
    Check = Union[CHECK_TYPES]  # noqa: UP007

__all__ = [
    "CHECK_TYPES",
    "REGISTRY",
    "STAGE_NAMES",
    "Check",
    "CheckType",
    "FieldRef",
    "Hit",
    "Pattern",
    "Patterns",
    "Runner",
    "Scope",
    "Stage",
    "Subject",
    "compile_pattern",
    "has_words",
    "resolve",
    "type_name",
    "valid_pattern",
    "words",
]
