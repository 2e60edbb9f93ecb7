"""Check types about the facts extracted from the request (`antragscheck parse` shows
them): a field has a value, a value lies within bounds, list items are complete."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Literal

from antragscheck.doctypes import DocumentType
from antragscheck.rules.checks.base import (
    CheckType,
    FieldRef,
    Hit,
    PreparedCheck,
    Runner,
    Subject,
    matches,
    present,
    resolve_path,
)
from antragscheck.spec import record


@record
class FieldPresent(PreparedCheck):
    """At least one of the fields has a value (a non-empty list, a non-null value)."""

    type: Literal["field-present"]
    fields: list[FieldRef] = field(
        metadata={
            "min_length": 1,
            "description": "Felder als `{path: …, where: {…}}`; eines genügt",
        }
    )
    description: ClassVar[str] = (
        "Mindestens eines der Felder des erkannten Antrags hat einen Wert (eine nicht leere "
        "Liste, einen gesetzten Wert). `antragscheck parse` zeigt die Felder."
    )
    example: ClassVar[str] = """\
id: R201
name: council-reference-missing
severity: error
summary: Kein Bezug auf einen Gemeinderatsbeschluss.
check:
  type: field-present
  fields:
    - {path: references, where: {council: [true]}}
    - {path: decisions}
message: "Der Antrag nennt keinen Gemeinderatsbeschluss."
"""

    def field_paths(self) -> list[str]:
        return [path for ref in self.fields for path in ref.paths()]

    def prepare(self, doc_type: DocumentType) -> Runner:
        fields = [(ref.path, ref.where) for ref in self.fields]

        def run(subject: Subject) -> list[Hit]:
            antrag = subject.antrag
            for path, where in fields:
                if present(antrag, path, where):
                    return []
            return [Hit(subject.rule_section, subject.location(subject.rule_section))]

        return run


@record
class FieldRange(PreparedCheck):
    """Every value found at the paths lies within the bounds: at least `min`, more than
    `min_exclusive`, at most `max` or the value of `max_field`, with at most
    `max_decimals` decimal places."""

    type: Literal["field-range"]
    paths: list[str] = field(
        metadata={"min_length": 1, "description": "Feldpfade der geprüften Werte"}
    )
    min: Decimal | None = field(default=None, metadata={"description": "kleinster erlaubter Wert"})
    min_exclusive: Decimal | None = field(
        default=None, metadata={"description": "der Wert muss größer sein"}
    )
    max: Decimal | None = field(default=None, metadata={"description": "größter erlaubter Wert"})
    max_field: str | None = field(
        default=None,
        metadata={"description": "Feldpfad, dessen Wert die Obergrenze ist, z. B. `plan_year`"},
    )
    max_decimals: int | None = field(
        default=None, metadata={"description": "höchstens so viele Nachkommastellen"}
    )
    description: ClassVar[str] = (
        "Jeder Wert an den Feldpfaden liegt in den Grenzen. `{value}` ist der Wert, "
        "`{limit}` die verletzte Grenze (mit Dezimalkomma)."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"value", "limit"})
    example: ClassVar[str] = """\
id: P302
name: position-share-invalid
severity: error
summary: Der Stellenumfang ist nicht gültig.
section: antrag
check: {type: field-range, paths: [positions.share], min_exclusive: 0, max_decimals: 4}
message: "Der Stellenumfang {value} ist nicht gültig (Grenze: {limit})."
"""

    def field_paths(self) -> list[str]:
        return [*self.paths, *([self.max_field] if self.max_field else [])]

    def prepare(self, doc_type: DocumentType) -> Runner:
        paths, max_field = list(self.paths), self.max_field
        lowest, above, most = self.min, self.min_exclusive, self.max_decimals

        def broken(value: Decimal | int, upper: Decimal | None) -> Decimal | int | None:
            """The bound `value` breaks, if any."""
            if lowest is not None and value < lowest:
                return lowest
            if above is not None and value <= above:
                return above
            if upper is not None and value > upper:
                return upper
            if most is not None:
                decimals = 0 if isinstance(value, int) else -int(value.as_tuple().exponent)
                if decimals > most:
                    return most
            return None

        def run(subject: Subject) -> list[Hit]:
            antrag = subject.antrag
            upper = self.max
            if max_field is not None:
                bound = resolve_path(antrag, max_field)
                if not bound:
                    return []
                upper = _decimal(bound[0][0])
            hits = []
            for path in paths:
                for raw, owner in resolve_path(antrag, path):
                    # A whole number is compared as it is (as its Decimal would be).
                    value = raw if raw.__class__ is int else _decimal(raw)
                    if value is None:
                        continue
                    limit = broken(value, upper)
                    if limit is None:
                        continue
                    section = getattr(owner, "section", None) or subject.rule_section
                    shown: dict[str, object] = {
                        "value": _german(Decimal(value)),
                        "limit": _german(Decimal(limit)),
                    }
                    hits.append(Hit(section, subject.location(section), shown))
            return hits

        return run


def _decimal(value: Any) -> Decimal | None:
    """The value as a number (what its text says), or None."""
    kind = value.__class__
    if kind is Decimal:
        number: Decimal = value
        return number  # its text gives it back, exponent and all
    if kind is int:
        return Decimal(value)  # as from its text
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _german(number: Decimal) -> str:
    return str(number).replace(".", ",")


@record
class ItemFields(CheckType):
    """Every list item at `path` matching `where` has at least one of `require_any`."""

    type: Literal["item-fields"]
    path: str = field(metadata={"description": "Feldpfad einer Liste, z. B. `notes`"})
    where: dict[str, list[str | bool | int]] = field(
        default_factory=dict,
        metadata={"description": "nur Einträge, deren Feld einen dieser Werte hat"},
    )
    require_any: list[str] = field(
        metadata={
            "min_length": 1,
            "description": "Felder des Eintrags; mindestens eines muss gesetzt sein",
        }
    )
    description: ClassVar[str] = (
        "Jeder Listeneintrag (z. B. jeder Stellenvermerk), auf den `where` passt, hat "
        "mindestens eines der Felder in `require_any`. `{text}` ist der Text des Eintrags."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"text"})
    example: ClassVar[str] = """\
id: V501
name: kw-without-date
severity: warning
summary: Ein kw-Vermerk nennt weder Datum noch Bedingung.
section: stellenvermerke
check: {type: item-fields, path: notes, where: {kind: [kw]}, require_any: [date, condition]}
message: "Der kw-Vermerk „{text}“ nennt weder ein Datum noch eine Bedingung."
"""

    def field_paths(self) -> list[str]:
        ref = FieldRef(path=self.path, where=self.where)
        return [*ref.paths(), *(f"{self.path}.{name}" for name in self.require_any)]

    def run(self, subject: Subject) -> Iterator[Hit]:
        for item, _ in resolve_path(subject.antrag, self.path, self.where):
            if all(getattr(item, name, None) in (None, "", []) for name in self.require_any):
                section = getattr(item, "section", None) or subject.rule_section
                yield Hit(section, subject.location(section), {"text": getattr(item, "text", "")})


@record
class SuppressionRulesKnown(CheckType):
    """Every rule a suppression in the document names exists (a typo would otherwise
    leave the finding standing without anyone noticing why)."""

    type: Literal["suppression-rules-known"]
    description: ClassVar[str] = (
        "Jede Regel, die eine Unterdrückung im Dokument („antragscheck: ignore …“) nennt, "
        "gibt es (als ID, Name oder ID-Präfix). `{rule}` ist der unbekannte Name, `{text}` "
        "die ganze Unterdrückung."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"rule", "text"})
    example: ClassVar[str] = """\
id: A702
name: suppression-unknown-rule
severity: warning
summary: Eine Unterdrückung im Dokument nennt eine Regel, die es nicht gibt.
check: {type: suppression-rules-known}
message: "Die Unterdrückung „{text}“ nennt die Regel „{rule}“, die es nicht gibt."
"""

    def field_paths(self) -> list[str]:
        return ["suppressions.rules"]

    def run(self, subject: Subject) -> Iterator[Hit]:
        for suppression in subject.antrag.suppressions:
            for selector in suppression.rules:
                if not any(matches(selector, i, n) for i, n in subject.known_rules):
                    values: dict[str, object] = {"rule": selector, "text": suppression.text}
                    yield Hit(None, None, values)
