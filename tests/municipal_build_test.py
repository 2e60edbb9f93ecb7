"""The municipal test set is built correctly: every case becomes a Word file whose
headings, title and text come back when antragscheck reads it.

This tests the builder and the case files, not extraction (tests/municipal_test.py
scores what antragscheck makes of them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from antragscheck.models import Block
from antragscheck.read import read_blocks
from antragscheck.rules import load_rules
from tests.municipal.build import (
    LAYOUTS,
    PLACEHOLDER,
    build_case,
    expected_labels,
    level,
    load_cases,
)

CASES = load_cases()
KINDS = {"landkreis", "grossstadt", "mittelstadt", "kleinstadt", "eigenbetrieb", "stadtstaat"}
FACT_KEYS = {"plan_year", "positions", "references", "decisions", "notes", "pay_grades"}


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [str(c["id"]) for c in cases]


def test_the_set_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({c["municipality"] for c in CASES}) >= 10
    assert len({c["kind"] for c in CASES}) >= 5
    assert len(set(_ids(CASES))) == len(CASES), "ids are unique"
    assert {c["layout"] for c in CASES} == set(LAYOUTS)
    incomplete = [c for c in CASES if not c["complete"]]
    assert len(CASES) // 6 <= len(incomplete) <= len(CASES) // 3


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_case_follows_the_format(case: dict[str, Any]) -> None:
    assert case["kind"] in KINDS
    assert case["layout"] in LAYOUTS
    assert isinstance(case["complete"], bool)
    names = {rule.name for rule in load_rules().rules}
    assert set(case["expect_errors"]) <= names
    assert bool(case["expect_errors"]) is not case["complete"]
    assert 1 <= len(case["title"]) <= 2
    assert set(case["facts"]) <= FACT_KEYS
    for position in case["facts"].get("positions", []):
        assert set(position) <= {"share", "org_unit", "pay_grade"}


def _heading_blocks(case: dict[str, Any], blocks: list[Block]) -> list[Block]:
    """The blocks that carry the case's headings, in order (headings are found by their
    form only: style, numbering, bold, label cell)."""
    layout = case["layout"]
    if layout in ("numbered-headings", "typed-headings", "libreoffice"):
        return [b for b in blocks if b.outline_level is not None]
    if layout == "bold-leadins":
        return [b for b in blocks if b.bold_prefix and b.location.table is None][
            len(case["title"]) :
        ]
    return [
        b
        for b in blocks
        if b.location.table is not None
        and b.location.cell == 1
        and b.bold
        and b.location.row is not None
    ]


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_case_builds_and_reads_back(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / f"{case['id']}.docx"
    build_case(case, path)
    blocks = read_blocks(path)
    texts = [b.text for b in blocks]
    layout = case["layout"]

    assert texts[: len(case["title"])] == case["title"]
    headings = _heading_blocks(case, blocks)
    sections = case["sections"]
    assert len(headings) == len(sections)
    labels = expected_labels(case)
    for block, section, label in zip(headings, sections, labels, strict=True):
        number, title = str(section["number"]), str(section["heading"])
        if layout in ("numbered-headings", "libreoffice"):
            assert (block.list_label, block.text) == (label, title)
            assert block.outline_level == level(number) - 1
        elif layout == "typed-headings":
            assert (block.list_label, block.text) == (None, f"{number} {title}")
        elif layout == "bold-leadins":
            typed = f"{number}." if level(number) == 1 else number
            assert block.bold_prefix.strip() == f"{typed} {title}"
        else:
            assert block.text == f"{number} {title}"

    seen = "\n".join(texts + [b.placeholder for b in blocks])
    for section in sections:
        for paragraph in section.get("paragraphs") or []:
            assert paragraph.strip() in seen
        for row in section.get("table") or []:
            for cell in row:
                assert str(cell) in texts
    if layout == "form-table":  # a form's placeholder is a content control showing it
        shown = {b.placeholder for b in blocks}
        for section in sections:
            for paragraph in section.get("paragraphs") or []:
                if PLACEHOLDER.match(paragraph):
                    assert paragraph.strip() in shown


def test_numbered_headings_carry_no_typed_number(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["layout"] == "numbered-headings")
    path = tmp_path / "antrag.docx"
    build_case(case, path)
    first = next(b for b in read_blocks(path) if b.outline_level == 0)
    assert first.list_label == "1"
    assert not first.text[:1].isdigit()


_MONTHS = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
).split()
# Labels in the nominative whose text has only an inflected form.
_INFLECTED = {"Statistisches Amt": "Statistischen Amt"}


def _text(case: dict[str, Any], numbers: set[str] | None = None) -> str:
    parts: list[str] = []
    for section in case["sections"]:
        if numbers is None or str(section["number"]) in numbers:
            parts += [str(p) for p in section.get("paragraphs") or []]
            parts += [str(cell) for row in section.get("table") or [] for cell in row]
    return "\n".join(parts)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_labels_are_in_the_text(case: dict[str, Any]) -> None:
    """Each labelled fact can be read off the case's own text (a typo in a label or in
    the text shows up here, not as a puzzling extraction failure)."""
    facts, text, antrag = case["facts"], _text(case), _text(case, {"1"})
    if "plan_year" in facts:
        assert str(facts["plan_year"]) in " ".join(case["title"])
    for reference in facts.get("references", []):
        assert reference["number"] in text
    for decision in facts.get("decisions", []):
        day = decision["date"]
        written = (f"{day:%d.%m.%Y}", f"{day.day}. {_MONTHS[day.month - 1]} {day.year}")
        assert any(form in text for form in written), decision
        assert decision["body"][:-2] in text  # nominative label, maybe inflected text
    for position in facts.get("positions", []):
        unit = position.get("org_unit")
        if unit:
            assert _INFLECTED.get(unit, unit) in antrag
        grade = position.get("pay_grade")
        if grade:
            number = grade.split()[-1]
            assert number in antrag or f"{grade[0]}0{number}" in antrag
    stellenvermerke = _text(case, {"4"})
    for note in facts.get("notes", []):
        if note.get("date"):
            assert str(note["date"].year) in stellenvermerke
        if note.get("target_grade"):
            assert note["target_grade"] in stellenvermerke
