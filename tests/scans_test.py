"""The faster scans of extract.py find what the plain ones do (tests/scan_equivalence.py;
benchmarks/same_scans.py runs the same checks on many more texts), for the shipped
notation and for a budget office's words that start with a digit, a small letter, an
umlaut or "§" and hold a hyphen or a dot."""

from __future__ import annotations

from antragscheck.extract import grammar, pay_grades, references
from antragscheck.notations import (
    GradeSystem,
    Notation,
    PayGrades,
    ReferenceKind,
    References,
)
from antragscheck.rules import load_rules
from tests import scan_equivalence

_RULES = load_rules()
SHIPPED = grammar(_RULES.notation(_RULES.document_types[0]))

OFFICE = grammar(
    Notation(
        document_type="stellenschaffung",
        references=References(
            kinds=[
                ReferenceKind(
                    name="Vorlage",
                    words=["1. Lesung", "ältestenratsvorlage", "§-vorlage", "vl.-nr.", "ßvl", "ÄR"],
                ),
                ReferenceKind(name="Antrag", words=["antrag", "Ä-Antrag"], council=False),
            ],
            number_words=["Nr.", "nr"],
        ),
        pay_grades=PayGrades(
            systems=[
                GradeSystem(
                    grade="EG",
                    letters=["entgeltgr.", "e", "E"],
                    leads=["entgelt-gruppe", "ägr.", "§-gruppe", "1.gr"],
                    numbers=["1", "9", "9b", "12"],
                )
            ],
            context=["bewertet", "stelle"],
            not_after=["anlage", "Nr."],
        ),
    )
)


def test_the_scans_find_what_the_plain_ones_do_for_the_shipped_notation() -> None:
    assert scan_equivalence.run(SHIPPED, 3000, seed=1) > 300


def test_the_scans_find_what_the_plain_ones_do_for_a_budget_office_s_words() -> None:
    assert scan_equivalence.run(OFFICE, 3000, seed=2) > 300


def test_a_budget_office_s_small_words_are_found_written_small_or_capital() -> None:
    """Words written small in the notation are found where the text writes them small
    (the scan for capitals alone is not enough there) and capitalised."""
    for written in ("ältestenratsvorlage", "Ältestenratsvorlage"):
        found = list(references(f"Siehe {written} 12/2024.", None, OFFICE))
        assert [(r.kind, r.number) for r in found] == [("Vorlage", "12/2024")]
    for written in ("entgelt-gruppe", "Entgelt-gruppe", "ägr.", "Ägr."):
        assert [g for _, g in pay_grades(f"Die Stelle: {written} E 9b.", OFFICE)] == ["EG 9b"]
    assert list(references("Siehe Drucksache 12/2024.", None, OFFICE)) == []
