"""The facts of a request, from the notations of DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.extract import (
    Grammar,
    decisions,
    grammar,
    notes,
    pay_grades,
    positions,
    references,
)
from antragscheck.pipeline import analyse
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleSet, load_rules
from tests.conftest import SAMPLES

_RULES = load_rules()
G: Grammar = grammar(_RULES.notation(_RULES.document_types[0]))


@pytest.mark.parametrize(
    ("text", "share", "unit"),
    [
        ("Geschaffen wird 1,0 Stelle.", Decimal("1.0"), "Stelle"),
        ("Geschaffen werden 0,5 Stellen.", Decimal("0.5"), "Stelle"),
        ("Es werden 2,75 Planstellen geschaffen.", Decimal("2.75"), "Planstelle"),
        ("Geschaffen wird eine Stelle.", Decimal("1"), "Stelle"),
        ("Geschaffen werden zwei neue Beamtenstellen.", Decimal("2"), "Beamtenstelle"),
        ("Umfang: 0,75 VZÄ", Decimal("0.75"), "VZÄ"),
        ("insgesamt 57,1889 Stellen", Decimal("57.1889"), "Stelle"),
    ],
)
def test_post_shares(text: str, share: Decimal, unit: str) -> None:
    (position,) = positions(text, G)
    assert (position.share, position.unit) == (share, unit)


def test_no_share_in_prose_without_a_number() -> None:
    assert list(positions("Geschaffen wird eine Koordinierungsstelle.", G)) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (
            "1,0 Stelle in der Abteilung Wirtschaftsförderung für Smart City.",
            "Abteilung Wirtschaftsförderung",
        ),
        ("1,0 Stelle beim Amt für Umweltschutz.", "Amt für Umweltschutz"),
        ("0,5 Stellen im Jugendamt.", "Jugendamt"),
        ("1,0 Stelle im Haupt- und Personalamt.", "Haupt- und Personalamt"),
        ("1,0 Stelle im Referat Strategische Planung.", "Referat Strategische Planung"),
    ],
)
def test_org_units(text: str, unit: str) -> None:
    (position,) = positions(text, G)
    assert position.org_unit == unit


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("Die Stelle ist nach EG 9b TVöD bewertet.", ["EG 9b"]),
        ("Entgeltgruppe 11", ["EG 11"]),
        ("bewertet mit E 13", ["EG 13"]),
        ("Stelle in S 11b (Sozial- und Erziehungsdienst)", ["S 11b"]),
        ("Pflegestelle, bewertet nach P 8", ["P 8"]),
        ("Beamtenstelle Besoldungsgruppe A 13", ["A 13"]),
        ("Beamtenstelle in A09", ["A 9"]),
        ("Besoldungsgruppe B 2", ["B 2"]),
        ("Stelle in A 12+Z", ["A 12+Z"]),
        ("Entgeltgruppe 15Ü", ["EG 15Ü"]),
        ("siehe Anlage A 1 und S. 5 des Berichts", []),
        ("Der Bus fährt über die A 8 nach München.", []),
    ],
)
def test_pay_grades_only_in_grade_context(text: str, grades: list[str]) -> None:
    assert [g for _, g in pay_grades(text, G)] == grades


def test_reference_lists_give_one_each() -> None:
    found = list(references("vgl. GRDrsen. 383/2015, 882/2015 und 715/2016 Ergänzung", None, G))
    assert [(r.kind, r.number, r.year) for r in found] == [
        ("GRDrs", "383/2015", 2015),
        ("GRDrs", "882/2015", 2015),
        ("GRDrs", "715/2016", 2016),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "council"),
    [
        ("GRDrs. 234/2021", "GRDrs", True),
        ("GRDrs 234/2021", "GRDrs", True),
        ("GR-Drucksache Nr. 234/2021", "GRDrs", True),
        ("Drs. 0866/2012", "Drucksache", True),
        ("Antrag Nr. 385/2018", "Antrag", False),
        ("Haushaltsantrag Nr. 800/2017", "Haushaltsantrag", False),
        ("Sitzungsvorlage Nr. 14-20 / V 06995", "Sitzungsvorlage", True),
    ],
)
def test_reference_kinds(text: str, kind: str, council: bool) -> None:
    (reference,) = references(text, None, G)
    assert (reference.kind, reference.council) == (kind, council)


@pytest.mark.parametrize(
    "text",
    [
        "Mit der Vorlage beschloss der Gemeinderat am 25. März 2021 die Strategie.",
        "Grundlage ist der GR-Beschluss vom 25.03.2021.",
        "Der Gemeinderat hat am 25.03.21 beschlossen, die Strategie zu entwickeln.",
    ],
)
def test_decisions_in_prose(text: str) -> None:
    (decision,) = decisions(text, None, G)
    assert (decision.body, decision.date) == ("Gemeinderat", dt.date(2021, 3, 25))


def test_a_date_without_a_decision_is_not_one() -> None:
    assert list(decisions("Am 15. Juli 2021 gab das BMI die Ergebnisse bekannt.", None, G)) == []


def test_stellenvermerke() -> None:
    found = list(
        notes(
            "kw 31.12.2025\nku nach EG 9b\nkw nach Ablauf der Förderung\nku\n"
            "Sperrvermerk bis zur Vorlage des Konzepts",
            G,
        )
    )
    assert [(n.kind, n.date, n.condition, n.target_grade) for n in found] == [
        ("kw", dt.date(2025, 12, 31), None, None),
        ("ku", None, "nach EG 9b", "EG 9b"),
        ("kw", None, "nach Ablauf der Förderung", None),
        ("ku", None, None, None),
        ("sperre", None, "bis zur Vorlage des Konzepts", None),
    ]


def test_calendar_week_outside_section_4_is_not_a_note(ruleset: RuleSet) -> None:
    text = (
        "Stellenschaffung zum Stellenplan 2022\n3.1 Anlass\nDie Anfragen stiegen in KW 12/2021 "
        "sprunghaft an.\n4 Stellenvermerke\n"
    )
    antrag, _ = analyse(document_from_text(text), ruleset)
    assert antrag.notes == []


def test_parse_command_prints_the_documented_keys() -> None:
    result = CliRunner().invoke(main, ["parse", str(SAMPLES / "formular_tabelle.docx")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {
        "title",
        "plan_year",
        "document_type",
        "sections",
        "positions",
        "references",
        "decisions",
        "criteria",
        "notes",
    } <= set(data)
    assert data["plan_year"] == 2022
    assert data["document_type"] == "stellenschaffung"
    assert {"key", "number", "title", "text", "location"} <= set(data["sections"][0])
    assert data["positions"] == [
        {
            "share": 0.5,
            "share_text": "0,5 Stellen",
            "unit": "Stelle",
            "org_unit": "Amt für Umweltschutz",
            "pay_grade": "EG 9b",
            "purpose": "Förderberatung Solaranlagen",
            "text": data["positions"][0]["text"],
            "source": data["positions"][0]["text"],
        }
    ]
    assert [(r["kind"], r["number"], r["year"]) for r in data["references"]] == [
        ("GRDrs", "812/2021", 2021)
    ]
    assert data["decisions"][0]["date"] == "2021-10-14"
    assert "drittfinanzierung" in data["criteria"]
    assert [(n["kind"], n["date"]) for n in data["notes"]] == [("kw", "2025-12-31"), ("ku", None)]
