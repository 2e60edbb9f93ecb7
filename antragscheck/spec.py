"""What rule files, notation files and configuration declare, as plain dataclasses.

Document types, check types, notations, rules and the configuration are frozen,
slotted, keyword-only dataclasses deriving from `Spec`, declared with
`@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)`: equality, hash
and repr come from `ByFields`, once for all, so the dataclass decorator compiles half
as many functions for each class (every start pays for that; the run-time models of
models.py do the same).

The check path of a cached rule set uses them without importing pydantic (issue #14);
where a file is read, pydantic validates them through a `TypeAdapter` (`validate`):

- unknown keys are errors (`__pydantic_config__`, a plain dict);
- constraints, aliases and descriptions are pydantic `Field` arguments given as
  `dataclasses.field(metadata={...})`;
- a validator of one field is `Annotated[T, Hook(function)]` (pydantic is imported
  only when it builds the validator);
- what spans several fields is checked in `__post_init__`, raising a German
  `ValueError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, fields
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

T = TypeVar("T")


class ByFields:
    """Equality, hash and repr by the dataclass fields, written once: a dataclass
    declared with `eq=False, repr=False` that derives from this compares, hashes and
    shows as the generated methods would (same class and equal fields; unhashable with
    a list field), and creating it at start-up compiles half as many functions."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def _compared(self) -> tuple[object, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if f.compare)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, ByFields)
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash((self.__class__, self._compared()))

    def __repr__(self) -> str:
        shown = [f for f in fields(self) if f.repr]
        values = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in shown)
        return f"{self.__class__.__qualname__}({values})"


class Spec(ByFields):
    """Base of every declared shape; see the module docstring."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, object]] = {
        "extra": "forbid",
        "populate_by_name": True,
    }


class Hook:
    """A validator of one field, for `Annotated[T, Hook(function)]`: `function` gets the
    value after pydantic validated it as T (with `before=True`: the raw value, before)
    and returns it, or raises a ValueError with a German message."""

    __slots__ = ("before", "function")

    def __init__(self, function: Callable[[Any], Any], *, before: bool = False) -> None:
        self.function = function
        self.before = before

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        if self.before:
            return core_schema.no_info_before_validator_function(self.function, handler(source))
        return core_schema.no_info_after_validator_function(self.function, handler(source))


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def adapter(kind: type[T]) -> TypeAdapter[T]:
    """pydantic's validator of a declared shape, built once per process."""
    found = _ADAPTERS.get(kind)
    if found is None:
        from pydantic import TypeAdapter

        found = _ADAPTERS[kind] = TypeAdapter(kind)
    return found


def validate(kind: type[T], data: object) -> T:
    """`data` (parsed YAML or TOML) as a `kind`, or pydantic's ValidationError."""
    return adapter(kind).validate_python(data)
