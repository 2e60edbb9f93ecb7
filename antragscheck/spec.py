"""What rule files, notation files and configuration declare, as plain dataclasses.

Document types, check types, notations, rules and the configuration are frozen,
slotted, keyword-only dataclasses deriving from `Spec`, declared with `@record`; the
run-time models of models.py are records too.  `record` makes what
`@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)` makes, for a
fraction of the start-up cost (see `record`): equality, hash and repr come from
`ByFields`, once for all.

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
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema
    from typing_extensions import dataclass_transform
else:  # what it does at run time (typing has it from Python 3.11 on): nothing we need

    def dataclass_transform(**kwargs: object) -> Callable[[T], T]:
        return lambda function: function


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


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, kw_only: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(
    kw_only_default=True, eq_default=False, frozen_default=True, field_specifiers=(field,)
)
def record(
    cls: type[T] | None = None, /, *, kw_only: bool = True
) -> type[T] | Callable[[type[T]], type[T]]:
    """The class as `@dataclass(frozen=True, slots=True, kw_only=True, eq=False,
    repr=False)` makes it (a `ByFields`, so that it compares, hashes and shows by its
    fields), made without compiling a function at start-up.  `@record(kw_only=False)`:
    its fields may be passed by position too, as without `kw_only`.

    Python 3.11's `dataclass` compiles `__init__`, and for a frozen class `__setattr__`
    and `__delattr__`, one `exec` each, for every class as its module is imported:
    ~0.15 ms a class, ~10 ms of every start for the classes a check imports.  Here
    the class is a dataclass without generated methods; the frozen `__setattr__` and
    `__delattr__` and the pickle state are shared functions, and `__init__` is
    compiled when the class is first instantiated (most are never: a cached rule set
    is unpickled, pydantic builds what it validates without `__init__`)."""
    if cls is None:
        return lambda cls: _record(cls, kw_only)
    return _record(cls, kw_only)


def _record(cls: type[T], kw_only: bool) -> type[T]:
    if not issubclass(cls, ByFields):
        raise TypeError(f"{cls.__name__}: a record derives from spec.ByFields")
    own_init = cls.__dict__.get("__init__")
    made = dataclass(init=False, repr=False, eq=False, slots=True, kw_only=kw_only)(cls)
    made.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
    made.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
    made.__getstate__ = _getstate  # type: ignore[attr-defined]
    made.__setstate__ = _setstate  # type: ignore[attr-defined]
    # The fields' names in order, for the pickle state: a cached rule set unpickles
    # hundreds of records at every start.
    made.__record_fields__ = tuple(f.name for f in fields(made))  # type: ignore[attr-defined]
    if own_init is None:
        defaulted = None
        for f in fields(made):  # as dataclass refuses them, at once
            if f.init and not f.kw_only:
                if f.default is not MISSING or f.default_factory is not MISSING:
                    defaulted = f.name
                elif defaulted:
                    raise TypeError(f"non-default argument {f.name!r} follows default argument")
        made.__init__ = _first_init(made)  # type: ignore[method-assign]
    return made


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[object]:
    return [getattr(self, name) for name in self.__record_fields__]


def _setstate(self: Any, state: list[object]) -> None:
    for name, value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, name, value)


def _first_init(cls: type) -> Callable[..., None]:
    """An `__init__` that compiles the real one, puts it in its place and calls it."""

    def __init__(self: object, *args: object, **values: object) -> None:
        init = _compiled_init(cls)
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **values)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


class _Factory:
    """The default of a parameter whose field has a default factory."""

    __slots__ = ()


def _compiled_init(cls: type) -> Callable[..., None]:
    """What `dataclass` would have compiled as `__init__` for a frozen, slotted class:
    every field a parameter (with its default; a default factory is called per
    instance; keyword-only fields after a `*`), fields with `init=False` set to their
    default, then `__post_init__` (without arguments: a record has no `InitVar`)."""
    names: dict[str, object] = {"__set": object.__setattr__, "__factory": _FACTORY}
    positional: list[str] = []
    keywords: list[str] = []
    lines = []
    for f in fields(cls):
        parameters = keywords if f.kw_only else positional
        default = f"__default_{f.name}"
        if f.default_factory is not MISSING:
            names[default] = f.default_factory
            if f.init:
                parameters.append(f"{f.name}=__factory")
                value = f"{default}() if {f.name} is __factory else {f.name}"
            else:
                value = f"{default}()"
        elif f.default is not MISSING:
            names[default] = f.default
            if f.init:
                parameters.append(f"{f.name}={default}")
            value = f.name if f.init else default
        elif f.init:
            parameters.append(f.name)
            value = f.name
        else:
            continue  # neither set nor defaulted, as in a dataclass
        lines.append(f" __set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append(" self.__post_init__()")
    signature = ", ".join(["self", *positional, *(["*", *keywords] if keywords else [])])
    source = f"def __init__({signature}):\n" + ("\n".join(lines) or " pass")
    exec(source, names)
    init: Callable[..., None] = names["__init__"]  # type: ignore[assignment]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


_FACTORY = _Factory()


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


V = TypeVar("V")


class ByIdentity(Generic[V]):
    """Values worked out once from objects that do not change once loaded (a rule
    set's rules, a document type), kept by the objects' identity: at most `size`, then
    all are dropped (a long-running service loads new rule sets).  The objects are kept
    with their value: while it is kept they live, so no other object has their ids."""

    __slots__ = ("build", "found", "size")

    def __init__(self, build: Callable[..., V], size: int) -> None:
        self.build = build
        self.size = size
        self.found: dict[tuple[int, ...], tuple[tuple[object, ...], V]] = {}

    def __call__(self, *objects: object) -> V:
        key = tuple(map(id, objects))
        found = self.found.get(key)
        if found is None:
            if len(self.found) >= self.size:
                self.found.clear()
            found = self.found[key] = (objects, self.build(*objects))
        return found[1]
