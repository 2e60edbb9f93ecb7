"""Declared shapes (spec.py) compare, hash and show by their fields, as the dataclasses
they are: equal rules loaded twice, a changed field makes another, the notation merge
finds the words already listed."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from antragscheck.notations import Unit
from antragscheck.rules.checks import CHECK_TYPES, CheckType
from antragscheck.rules.schema import Rule
from antragscheck.spec import validate


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
