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
    kind = type(value)
    # The common kinds first, by exact type (records hold thousands of values); any
    # other (an enum, a subclass) by the general rules below.
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else data(v) for v in value]
    names = _model_names(kind)
    if names is None:
        return _general(value)
    out = {}
    for name, omit_none in names:
        item = getattr(value, name)
        if type(item) in _PLAIN:
            if item is not None or not omit_none:
                out[name] = item
        else:
            out[name] = data(item)
    return out


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _model_names(kind: Any) -> tuple[tuple[str, bool], ...] | None:
    """_names of a model class; None for any other type (and for a model that is also
    a value _general treats otherwise)."""
    if kind not in _MODELS:
        plain = (str, bool, int, float, list, tuple, dict, Decimal, dt.date, type)
        model = not issubclass(kind, plain) and dataclasses.is_dataclass(kind)
        _MODELS[kind] = _names(kind) if model else None
    return _MODELS[kind]


_MODELS: dict[Any, tuple[tuple[str, bool], ...] | None] = {}  # by class


def _general(value: Any) -> Any:
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
    if indent is None:
        return _COMPACT.encode(data(value))
    return json.dumps(data(value), ensure_ascii=False, indent=indent)


# json.dumps with options builds an encoder per call; the audit encodes every record
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


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
