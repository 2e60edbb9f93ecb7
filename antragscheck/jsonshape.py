"""The run-time models (antragscheck/models.py) as JSON and back, without pydantic.

`data` gives what pydantic's `model_dump(mode="json")` gave for the same models (fields
in declaration order, enums by value, Decimal as float, dates as ISO text, tuples as
lists), so every JSON output keeps its bytes; `dumps` is `model_dump_json`.  Reading
back is only needed for the audit's own records (worker results, cache, store).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from antragscheck.models import AuditRecord, Finding, Location, Severity, Suppressed


@cache
def _names(cls: type[Any]) -> tuple[tuple[str, bool], ...]:
    """(field name, whether it is left out when None) in declaration order."""
    return tuple((f.name, f.metadata.get("json") == "omit-none") for f in dataclasses.fields(cls))


def data(value: Any) -> Any:
    """A JSON-ready copy of a model (or of a list, dict or plain value holding models)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, (list, tuple)):
        return [data(v) for v in value]
    if isinstance(value, dict):
        return {k: data(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            name: data(item)
            for name, omit_none in _names(type(value))
            for item in [getattr(value, name)]
            if item is not None or not omit_none
        }
    raise TypeError(f"kein JSON-Wert: {type(value).__name__}")


def dumps(value: Any, indent: int | None = None) -> str:
    """The model as JSON text: indented like pydantic's `model_dump_json(indent=…)`, or
    compact without spaces."""
    separators = None if indent is not None else (",", ":")
    return json.dumps(data(value), ensure_ascii=False, indent=indent, separators=separators)


def _location(raw: dict[str, Any] | None) -> Location | None:
    return None if raw is None else Location(**raw)


def finding(raw: dict[str, Any]) -> Finding:
    suppressed = raw.get("suppressed")
    return Finding(
        rule=raw["rule"],
        name=raw["name"],
        severity=Severity(raw["severity"]),
        section=raw["section"],
        message=raw["message"],
        location=_location(raw.get("location")),
        suppressed=None if suppressed is None else Suppressed(**suppressed),
        group=raw.get("group"),
    )


def audit_record(text: str | bytes) -> AuditRecord:
    """An audit record from its JSON (as `dumps` wrote it).  Every field but the
    findings and the share is plain JSON, so a field added to AuditRecord needs no
    change here; an unknown key raises TypeError (a cache row of another shape)."""
    raw = json.loads(text)
    raw["findings"] = [finding(f) for f in raw["findings"]]
    if raw.get("share") is not None:
        raw["share"] = Decimal(str(raw["share"]))
    return AuditRecord(**raw)
