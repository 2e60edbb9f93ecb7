"""Declared shapes (spec.py) compare, hash and show by their fields, as the dataclasses
they are: equal rules loaded twice, a changed field makes another, the notation merge
finds the words already listed."""

from __future__ import annotations

import copy
import dataclasses
import gc
import importlib
import pickle
import weakref
from pathlib import Path

import pytest
import yaml

from antragscheck.config import Config
from antragscheck.doctypes import DocumentType, SectionSpec
from antragscheck.models import Block, Document, Location
from antragscheck.notations import Unit
from antragscheck.rules.checks import CHECK_TYPES, CheckType
from antragscheck.rules.schema import Rule
from antragscheck.spec import ByFields, _frozen_setattr, record, validate


def _example(cls: type[CheckType]) -> Rule:
    return validate(Rule, {**yaml.safe_load(cls.example), "explanation": "Beispiel."})


@pytest.mark.parametrize("cls", CHECK_TYPES, ids=lambda c: c.__name__)
def test_a_rule_is_equal_to_itself_loaded_again(cls: type[CheckType]) -> None:
    rule, again = _example(cls), _example(cls)
    assert rule == again and rule.check == again.check
    assert rule != dataclasses.replace(rule, message=rule.message + " ")
    assert rule.check != dataclasses.replace(rule, id="Z999")  # another class
    shown = repr(rule.check)
    assert shown.startswith(f"{cls.__name__}(type={rule.check.type!r}")
    assert "description=" not in shown  # class variables are not fields


def test_equal_shapes_hash_alike_and_lists_stay_unhashable() -> None:
    section_order = next(c for c in CHECK_TYPES if c.__name__ == "SectionOrder")
    order = section_order(type="section-order")
    assert {order, section_order(type="section-order")} == {order}
    assert Unit(name="VZÄ", words=["VZÄ"]) in [Unit(name="VZÄ", words=["VZÄ"])]
    with pytest.raises(TypeError):
        hash(Unit(name="VZÄ", words=["VZÄ"]))  # a list, as a dataclass's hash refuses


def test_a_record_is_made_as_a_frozen_keyword_only_dataclass() -> None:
    block = Block(text="Antrag", location=Location(paragraph=3))
    assert (block.placeholder, block.style_id, block.bold, block.grid) == ("", None, False, None)
    assert dataclasses.is_dataclass(block)
    assert [f.name for f in dataclasses.fields(block)][:3] == ["text", "placeholder", "style_id"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.text = "anders"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del block.text
    with pytest.raises(TypeError):
        Location(3)  # type: ignore[call-arg]  # keyword-only
    with pytest.raises(TypeError):
        Location()  # type: ignore[call-arg]  # paragraph has no default
    with pytest.raises(TypeError):
        Location(paragraph=1, page=2)  # type: ignore[call-arg]
    assert dataclasses.replace(block, text="B").text == "B"
    assert dataclasses.replace(block, text="B").location is block.location


def test_a_record_calls_default_factories_and_post_init_each_time() -> None:
    first, second = Document(blocks=[]), Document(blocks=[])
    assert first.properties == {} and first.properties is not second.properties
    section = SectionSpec(key="antrag", number="1", title="Antrag")
    assert DocumentType(id="t", name="T", sections=[section]).title_keywords == []
    with pytest.raises(ValueError, match="Abschnittsschlüssel doppelt: antrag"):
        DocumentType(id="t", name="T", sections=[section, section])
    assert Config().source is None  # init=False: its default, and no parameter
    with pytest.raises(TypeError):
        Config(source=Path("x.toml"))  # type: ignore[call-arg]


@pytest.mark.parametrize("copied", [pickle.loads, copy.copy, copy.deepcopy])
def test_a_record_survives_pickle_and_copy(copied: object) -> None:
    rule = _example(next(c for c in CHECK_TYPES if c.__name__ == "SectionOrder"))
    again = copied(pickle.dumps(rule)) if copied is pickle.loads else copied(rule)  # type: ignore[operator]
    assert again == rule and again is not rule and type(again.check) is type(rule.check)
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.id = "Z999"


def test_a_record_keeps_an_init_of_its_own_and_must_compare_by_fields() -> None:
    @record
    class Own(ByFields):
        """A record with its own constructor."""

        value: int

        def __init__(self, text: str) -> None:
            object.__setattr__(self, "value", int(text))

    assert Own("7").value == 7
    with pytest.raises(TypeError, match="ByFields"):

        @record
        class Plain:
            """Not comparable by its fields."""

            value: int


# Modules whose declared shapes are records: a dataclass declared there with
# `@dataclass(frozen=True, ...)` again compiles its functions at every start.
RECORD_MODULES = [
    "antragscheck.models",
    "antragscheck.notations",
    "antragscheck.doctypes",
    "antragscheck.config",
    "antragscheck.rules.schema",
    *(c.__module__ for c in CHECK_TYPES),
]


@pytest.mark.parametrize("name", sorted(set(RECORD_MODULES)))
def test_the_declared_shapes_are_records(name: str) -> None:
    module = importlib.import_module(name)
    shapes = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and v.__module__ == name and dataclasses.is_dataclass(v)
    ]
    assert shapes
    for shape in shapes:
        if issubclass(shape, ByFields):
            assert shape.__dict__["__setattr__"] is _frozen_setattr, shape


def test_a_positional_record_takes_its_fields_in_order() -> None:
    from antragscheck.rules.checks.base import Hit

    hit = Hit("antrag", Location(paragraph=2), {"words": 3})
    assert (hit.section, hit.location, hit.values, hit.group) == (
        "antrag",
        Location(paragraph=2),
        {"words": 3},
        None,
    )
    assert Hit("antrag") == Hit(section="antrag") and Hit("a").values is not Hit("a").values
    with pytest.raises(TypeError):
        Hit("a", None, {}, "G1", "zu viel")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="non-default argument 'second' follows default"):

        @record(kw_only=False)
        class Disordered(ByFields):
            """A field without default after one with."""

            first: int = 0
            second: int


def test_values_kept_by_identity_are_each_object_s_own_and_bounded() -> None:
    from antragscheck.spec import ByIdentity

    built: list[tuple[object, ...]] = []

    def build(*objects: object) -> int:
        built.append(objects)
        return len(built)

    kept = ByIdentity(build, 3)
    a, b = [1, 2], [1, 2]  # equal, not the same
    assert kept(a, True) == kept(a, True) == 1
    assert kept(b, True) == 2  # an equal object is another object
    assert kept(a, False) == 3
    assert kept(a, True) == 1 and len(built) == 3
    kept([3], True)  # the fourth: all dropped first
    assert len(kept.found) == 1
    assert kept(a, True) == 5  # built anew

    # A kept object lives as long as its value is kept: its id is no other object's.
    class Loaded:
        pass

    loaded = Loaded()
    alive = weakref.ref(loaded)
    by_type = ByIdentity(lambda obj: type(obj).__name__, 3)  # keeps nothing itself
    assert by_type(loaded) == "Loaded"
    del loaded
    gc.collect()
    assert alive() is not None
