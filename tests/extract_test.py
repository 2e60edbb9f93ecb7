"""The facts of a request, from the notations of DOMAIN.md."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.extract import (
    Grammar,
    decisions,
    grammar,
    notes,
    org_units,
    pay_grades,
    positions,
    references,
)
from antragscheck.models import Antrag
from antragscheck.notations import Notation, OrgUnits
from antragscheck.pipeline import analyse, inspect_path
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleSet, load_rules
from tests.conftest import SAMPLES
from tests.municipal.build import build_case, load_cases

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
        ("Es wird eine halbe Stelle geschaffen.", Decimal("0.5"), "Stelle"),
        ("Stellenumfang von 75 %", Decimal("0.75"), "Stelle"),
        ("Es werden ٢ Stellen geschaffen.", Decimal("2"), "Stelle"),  # any digit \d knows
    ],
)
def test_post_shares(text: str, share: Decimal, unit: str) -> None:
    (position,) = positions(text, G)
    assert (position.share, position.unit) == (share, unit)


@pytest.mark.parametrize("digit", "0123456789")
def test_a_share_starts_with_any_digit(digit: str) -> None:
    (position,) = positions(f"Geschaffen werden {digit},5 Stellen.", G)
    assert position.share == Decimal(f"{digit}.5")


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
        "Der Gemeinderat hat am 2021-03-25 beschlossen.",
        "Der Gemeinderat hat am 3/25/2021 beschlossen.",
        "Vorab. Der Gemeinderat beschloss am 25.3.2021 die Strategie.",
    ],
)
def test_decisions_in_prose(text: str) -> None:
    (decision,) = decisions(text, None, G)
    assert (decision.body, decision.date) == ("Gemeinderat", dt.date(2021, 3, 25))


def test_each_reference_is_shown_with_its_own_sentence() -> None:
    """A sentence ends at . ! ? after a word and before a capital, after a closing
    quote, and at a line break; not after a number, "Abs." or an abbreviation of the
    notation ("Std.")."""
    text = (
        "Bezug ist die GRDrs. 12/2020. Daneben gilt die Vorlage Nr. 7/2021 vom Mai! "
        "Siehe „GRDrs. 13/2020“. danach Abs. Drucksache 14/2020\nund die GRDrs. 15/2020 "
        "mit 20 Std. Arbeit."
    )
    first = "Bezug ist die GRDrs. 12/2020. Daneben gilt die Vorlage Nr. 7/2021 vom Mai!"
    assert [(r.number, r.source) for r in references(text, None, G)] == [
        ("12/2020", first),
        ("7/2021", first),
        ("13/2020", "Siehe „GRDrs. 13/2020“."),
        ("14/2020", "danach Abs. Drucksache 14/2020"),
        ("15/2020", "und die GRDrs. 15/2020 mit 20 Std. Arbeit."),
    ]


def test_a_text_s_grades_and_units_are_its_own_for_each_grammar_and_question() -> None:
    """Answers are kept per text for the next question about it: never for another
    grammar (a budget office's notation) or another question (a pay-grade column)."""
    empty = grammar(Notation(document_type="stellenschaffung"))
    for _ in range(2):  # the second round is answered from what was kept
        assert list(pay_grades("E 9", G)) == []
        assert list(pay_grades("E 9", G, context=True)) == [(0, "EG 9")]
        assert list(pay_grades("E 9", empty, context=True)) == []
        assert list(org_units("Das Jugendamt", G)) == [(4, "Jugendamt")]
        assert list(org_units("Das Jugendamt", empty)) == []


def test_a_budget_office_s_unit_words_are_found_whatever_they_start_with() -> None:
    """Head words and standalone units are words as written: a small letter, a digit
    or an umlaut first is found like a capital."""
    units = OrgUnits(
        heads={"stabsstelle": "f", "3D-Labor": "n"},
        standalone=["itk-Service", "Ämterhaus"],
        compound_suffixes=["amt"],
    )
    office = grammar(Notation(document_type="stellenschaffung", org_units=units))
    text = (
        "Die Stelle gehört zur stabsstelle Klimaschutz, zum 3D-Labor 2, zum itk-Service "
        "und zum Ämterhaus; das Jugendamt hilft."
    )
    assert [u for _, u in org_units(text, office)] == [
        "stabsstelle Klimaschutz",
        "3D-Labor 2",
        "itk-Service",
        "Ämterhaus",
        "Jugendamt",
    ]
    umlauts = "Das Ältestenamt, das Ökoamt und das Übungsamt helfen."
    assert [u for _, u in org_units(umlauts, G)] == ["Ältestenamt", "Ökoamt", "Übungsamt"]


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


# -- the classes of notation of issue #11, in phrasings the labelled set does not use --


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Geschaffen wird eine Stelle im Umfang von 0,5 VZÄ im Jugendamt (S 12).",
            [(0.5, "Jugendamt", "S 12")],
        ),
        (
            "Es wird eine Teilzeitstelle (50 %) beim Ordnungsamt eingerichtet, Entgeltgruppe 8.",
            [(0.5, "Ordnungsamt", "EG 8")],
        ),
        (
            "Beim Fachbereich 5 – Soziales und Gesundheit wird ein Stellenanteil von 0,75 VZÄ "
            "der EG 10 geschaffen.",
            [(0.75, "Fachbereich 5 – Soziales und Gesundheit", "EG 10")],
        ),
        (
            "Im Fachdienst Jugendhilfe werden 2,000 VZÄ (S 14 TVöD-SuE) und im Fachdienst "
            "Kindertagesbetreuung 1,000 VZÄ (S 8b) geschaffen.",
            [
                (2.0, "Fachdienst Jugendhilfe", "S 14"),
                (1.0, "Fachdienst Kindertagesbetreuung", "S 8b"),
            ],
        ),
        (
            "Zur Umsetzung werden 3,0 Stellen geschaffen, davon 2,0 Stellen im Sozialamt (E 9b) "
            "und 1,0 Stelle im Jobcenter-Team des Sozialamts (E 11).",
            [(2.0, "Sozialamt", "EG 9b"), (1.0, "Sozialamt", "EG 11")],
        ),
        ("Die Stelle hat einen Umfang von 30 Wochenstunden (EG 6).", [(0.7692, None, "EG 6")]),
        ("Für die Kämmerei wird 1 VK (Egr. 9c) beantragt.", [(1.0, "Kämmerei", "EG 9c")]),
        ("Beantragt werden 2 x 0,5 Stellen, Entgeltgruppe S 11b.", [(1.0, None, "S 11b")]),
        (
            "Im Sachgebiet 37-11 Brandschutz wird eine Beamtenstelle (BesGr. A 9 mD) geschaffen.",
            [(1.0, "Sachgebiet 37-11 Brandschutz", "A 9")],
        ),
        ("Das Standesamt erhält 0,5 Stellen (EG 9a).", [(0.5, "Standesamt", "EG 9a")]),
        (
            "Die Stelle wird mit 19,5 Std./Woche im Hauptamt eingerichtet (TV-L E 9).",
            [(0.5, "Hauptamt", "EG 9")],
        ),
        (
            "Eine Beamtenstelle (A 12) mit 20,5 Wochenstunden wird im Bauamt geschaffen; die "
            "regelmäßige Wochenarbeitszeit der Beamten beträgt 41 Stunden.",
            [(0.5, "Bauamt", "A 12")],
        ),
        (
            "Beim Landratsamt, Sachgebiet Ausländerwesen, werden zwei Stellen der "
            "Entgeltgruppe 9a geschaffen.",
            [(2.0, "Landratsamt", "EG 9a")],
        ),
        (
            "Geschaffen werden insgesamt 2,5 Stellen: 1,5 Stellen im Tiefbauamt (EG 11) und "
            "1,0 Stelle im Hochbauamt (EG 12).",
            [(1.5, "Tiefbauamt", "EG 11"), (1.0, "Hochbauamt", "EG 12")],
        ),
        (
            "Mit einem Stellenanteil von 50 % wird beim Kulturamt eine Stelle (EG 10) geschaffen.",
            [(0.5, "Kulturamt", "EG 10")],
        ),
        (
            "Im Statistischen Amt wird 1,0 Stelle geschaffen.",
            [(1.0, "Statistisches Amt", None)],
        ),
        (
            "Geschaffen werden 2,0 Stellen (davon 1,0 befristet) im Umweltamt.",
            [(2.0, "Umweltamt", None)],
        ),
    ],
)
def test_positions_as_municipalities_write_them(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    found = [(round(float(p.share or 0), 4), p.org_unit, p.pay_grade) for p in positions(text, G)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("Bewertung: E 9c TVöD-VKA", ["EG 9c"]),
        ("eingruppiert in EGr. 11", ["EG 11"]),
        ("Stelle der Besoldungsgruppe A 12 NBesG", ["A 12"]),
        ("Bes.Gr. A 13 BBesO", ["A 13"]),
        ("Beamtenstelle, 2. Einstiegsamt der Laufbahngruppe 2, A 10", ["A 10"]),
        ("Laufbahngruppe 1, zweites Einstiegsamt", []),
        ("Wertigkeit: A 11/E 10", ["A 11", "EG 10"]),
        ("bewertet mit A 9 bis A 11 gD", ["A 9", "A 11"]),
        ("Die Stelle in Raum A 12 ist besetzt.", []),
        ("Stelle in Entgeltgruppe S 11 b", ["S 11b"]),
        ("Pflegefachkraft P 8 TVöD-P", ["P 8"]),
    ],
)
def test_pay_grades_in_every_written_form(text: str, grades: list[str]) -> None:
    assert [g for _, g in pay_grades(text, G)] == grades


@pytest.mark.parametrize(
    ("text", "papers"),
    [
        ("Vorlage Nr. 2023/187 vom 3.4.2023", [("Vorlage", "2023/187")]),
        ("Beschlussvorlage BV/2022/0713", [("Beschlussvorlage", "BV/2022/0713")]),
        ("Sitzungsvorlage SV/2023/045-1", [("Sitzungsvorlage", "SV/2023/045-1")]),
        ("(Vorlagen-Nr.: 2023/0815)", [("Vorlage", "2023/0815")]),
        ("Beschluss-Nr. 17/2023 des Kreistags", [("Beschluss", "17/2023")]),
        ("Drucksache DrS/2023/145", [("Drucksache", "DrS/2023/145")]),
        ("Vorlage V1734/22 und V1735/22", [("Vorlage", "V1734/22"), ("Vorlage", "V1735/22")]),
        ("Sitzungsvorlage Nr. 1187", [("Sitzungsvorlage", "1187")]),
        ("Vorlage WP 20-25 SV 51/112", [("Vorlage", "WP 20-25 SV 51/112")]),
        ("Haushaltsantrag der SPD-Fraktion Nr. 123/2023", []),
        ("Antrag der Fraktion Bündnis 90/Die Grünen vom 12.3.2023", []),
        ("Die Vorlage 2023 umfasst 12 Seiten.", []),
    ],
)
def test_council_papers_in_every_written_form(text: str, papers: list[tuple[str, str]]) -> None:
    assert [(r.kind, r.number) for r in references(text, None, G) if r.council] == papers


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Der Rat der Stadt hat am 14.12.2023 den Stellenplan beschlossen.",
            [("Rat", dt.date(2023, 12, 14))],
        ),
        (
            "Der Kreistag stimmte der Vorlage am 5. Juli 2023 zu.",
            [("Kreistag", dt.date(2023, 7, 5))],
        ),
        (
            "Mit Beschluss vom 12.05.2023 hat der Jugendhilfeausschuss die Maßnahme befürwortet.",
            [("Jugendhilfeausschuss", dt.date(2023, 5, 12))],
        ),
        (
            "Die Stadtverordnetenversammlung hat in ihrer Sitzung am 16.06.2022 beschlossen, "
            "das Programm aufzulegen.",
            [("Stadtverordnetenversammlung", dt.date(2022, 6, 16))],
        ),
        (
            "Der Ausschuss für Finanzen, Wirtschaft und Personal beschloss am 1.2.2023 die "
            "Stellenplanänderung.",
            [("Ausschuss für Finanzen, Wirtschaft und Personal", dt.date(2023, 2, 1))],
        ),
        (
            "Der Jugendhilfeausschuss hat die Vorlage am 03.05.2023 vorberaten; der Kreistag hat "
            "am 12.05.2023 zugestimmt.",
            [("Kreistag", dt.date(2023, 5, 12))],
        ),
        ("Der Finanzausschuss nahm den Bericht am 4.4.2023 zur Kenntnis.", []),
        (
            "Der Hauptausschuss hat die Vorlage am 3.5.2023 vorberaten und dem Rat zur "
            "Beschlussfassung empfohlen.",
            [],
        ),
        ("Der Gemeinderat wird am 20.07.2024 über die Vorlage entscheiden.", []),
    ],
)
def test_decisions_of_every_body_and_no_consultation(
    text: str, found: list[tuple[str, dt.date]]
) -> None:
    assert [(d.body, d.date) for d in decisions(text, None, G)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("KW-Vermerk 12/2027", [("kw", dt.date(2027, 12, 31), None)]),
        ("kw-Vermerk: 2030", [("kw", dt.date(2030, 12, 31), None)]),
        ("künftig wegfallend zum 30.06.2027", [("kw", dt.date(2027, 6, 30), None)]),
        ("ku A 11 (bei Ausscheiden)", [("ku", None, "A 11")]),
        ("k.w. 2028", [("kw", dt.date(2028, 12, 31), None)]),
        ("Sperrvermerk: Die Stelle ist gesperrt bis zum Bezug.", [("sperre", None, None)]),
        ("keine", []),
    ],
)
def test_stellenvermerke_in_every_written_form(
    text: str, found: list[tuple[str, dt.date | None, str | None]]
) -> None:
    assert [(n.kind, n.date, n.target_grade) for n in notes(text, G)] == found


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("Stellenplan für das Haushaltsjahr 2024", 2024),
        ("Nachtragsstellenplan 2023", 2023),
        ("Stellenplanentwurf 2025", 2025),
        ("Stellenübersicht 2024 des Eigenbetriebs", 2024),
        ("Doppelhaushalt 2023/2024", 2023),
        ("Stellenschaffung zum Stellenplan der Jahre 2025/2026", 2025),
        ("Neueinrichtung von Stellen im Haushaltsjahr 2024", 2024),
    ],
)
def test_plan_year_phrases(title: str, year: int) -> None:
    match = G.plan_year.search(title)
    assert match is not None and int(match.group("year")) == year


def test_a_positions_table_with_numbered_rows_and_bracketed_headers() -> None:
    table = [
        ["lfd. Nr.", "Dienststelle", "Bezeichnung der Stelle", "Wertigkeit", "Anteil (VZÄ)"],
        ["1", "Amt 40", "Schulsekretariat", "E 6", "0,5"],
        ["2", "Amt 51", "Sozialarbeit", "S 12", "2 x 0,5"],
        ["", "Summe", "", "", "1,5"],
    ]
    found = [(float(p.share or 0), p.org_unit, p.pay_grade) for p in positions("", G, [table])]
    assert found == [(0.5, "Amt 40", "EG 6"), (1.0, "Amt 51", "S 12")]


def test_the_issue_s_long_section_is_read_in_linear_time() -> None:
    """ "1 Stelle " a few thousand times took minutes (each match rescanned the section);
    the benchmark measures it, this only guards against a return to quadratic time."""
    import time

    start = time.perf_counter()
    found = list(positions("1 Stelle " * 4000, G))
    assert len(found) == 4000
    assert time.perf_counter() - start < 20


def test_grades_and_dates_among_many_lookalikes_are_found_in_linear_time() -> None:
    """Every capital E, A, B, S or P and every digit could start a grade or a date; the
    patterns are tried only there, once each, and what they find is unchanged."""
    import time

    start = time.perf_counter()
    lookalikes = "E A.B-S P 1.2.3 4/5/6 E1 Bes. " * 3000
    text = lookalikes + "Die Stelle wird nach E EG 9 bewertet, künftig entgeltgruppe S 11."
    assert [grade for _, grade in pay_grades(text, G)] == ["EG 9", "S 11"]
    lead = len(lookalikes)  # a grade with its lead word starts at the lead, in either case
    assert list(pay_grades(lookalikes + "entgeltgruppe S 11", G)) == [(lead, "S 11")]
    sentence = lookalikes + "Der Gemeinderat hat am 25.03.2021 beschlossen."
    found = [(d.body, d.date) for d in decisions(sentence, None, G)]
    assert found == [("Gemeinderat", dt.date(2021, 3, 25))]
    assert time.perf_counter() - start < 20


# -- several posts in one sentence: each post's unit, grade and week from its own part --

_SEVERAL = [
    (
        "Im Amt für Umwelt, Klima und Grünflächen wird eine Beamtenstelle nach BesGr. A 11 "
        "LBesO (gD) geschaffen; zugleich erhält das Ordnungsamt eine Teilzeitstelle mit 19,5 "
        "Wochenstunden (EGr. 8 TVöD).",
        [(1.0, "Amt für Umwelt, Klima und Grünflächen", "A 11"), (0.5, "Ordnungsamt", "EG 8")],
    ),
    (
        "Für das Ordnungsamt wird eine Stelle mit 19,5 Wochenstunden (EGr. 8 TVöD) sowie eine "
        "Beamtenstelle nach BesGr. A 11 LBesO (gD) im Amt für Umwelt, Klima und Grünflächen "
        "beantragt.",
        [(0.5, "Ordnungsamt", "EG 8"), (1.0, "Amt für Umwelt, Klima und Grünflächen", "A 11")],
    ),
    (
        "Das Bauamt erhält eine Beamtenstelle der Besoldungsgruppe A 10 und das Standesamt "
        "0,5 Stellen der Entgeltgruppe 9a.",
        [(1.0, "Bauamt", "A 10"), (0.5, "Standesamt", "EG 9a")],
    ),
    (
        "Beim Kulturamt wird eine Stelle mit 30 Wochenstunden (EG 10) geschaffen, außerdem "
        "erhält das Hauptamt eine Beamtenstelle (BesGr. A 9) mit 20,5 Wochenstunden.",
        [(0.7692, "Kulturamt", "EG 10"), (0.5, "Hauptamt", "A 9")],
    ),
    (
        "Das Hauptamt erhält 0,5 Stellen (EG 8) und das Rechtsamt eine Beamtenstelle mit "
        "20,5 Wochenstunden (A 11).",
        [(0.5, "Hauptamt", "EG 8"), (0.5, "Rechtsamt", "A 11")],
    ),
    (
        "Das Bauamt erhält eine Stelle (EG 9a) zugleich erhält das Hauptamt eine "
        "Beamtenstelle (A 9).",
        [(1.0, "Bauamt", "EG 9a"), (1.0, "Hauptamt", "A 9")],
    ),
    (
        "Das Bauamt erhält 1,0 Stelle nach EG 9a außerdem werden im Hauptamt 0,5 Stellen "
        "nach EG 8 geschaffen.",
        [(1.0, "Bauamt", "EG 9a"), (0.5, "Hauptamt", "EG 8")],
    ),
    (
        "Es werden eine Stelle EG 9a für das Bauamt und 19,5 Wochenstunden EG 8 für das "
        "Hauptamt geschaffen.",
        [(1.0, "Bauamt", "EG 9a"), (0.5, "Hauptamt", "EG 8")],
    ),
    (
        "Im Bürgeramt werden 20,5 Wochenstunden für Beamte (A 8) und im Standesamt 19,5 "
        "Wochenstunden (EG 8) geschaffen.",
        [(0.5, "Bürgeramt", "A 8"), (0.5, "Standesamt", "EG 8")],
    ),
    (
        "Im Bauamt werden 2 x 0,5 Stellen (EG 9a) und im Hauptamt 3 x 0,5 Stellen (EG 8) "
        "geschaffen.",
        [(1.0, "Bauamt", "EG 9a"), (1.5, "Hauptamt", "EG 8")],
    ),
    (
        "Das Rechtsamt erhält eine Beamtenstelle (A 11) und das Hauptamt eine Stelle mit 19,5 "
        "Wochenstunden (EG 8).",
        [(1.0, "Rechtsamt", "A 11"), (0.5, "Hauptamt", "EG 8")],
    ),
    (
        "Im Ordnungsamt entsteht eine Beamtenstelle nach BesGr. A 8; im Sozialamt werden 19,5 "
        "Wochenstunden in EGr. 9b geschaffen; im Jugendamt kommen 0,75 VZÄ (S 14) hinzu.",
        [(1.0, "Ordnungsamt", "A 8"), (0.5, "Sozialamt", "EG 9b"), (0.75, "Jugendamt", "S 14")],
    ),
    (
        "Geschaffen werden in EG 11 eine Stelle im Tiefbauamt, in BesGr. A 12 eine Beamtenstelle "
        "im Rechtsamt sowie in Entgeltgruppe S 12 0,5 Stellen im Jugendamt.",
        [(1.0, "Tiefbauamt", "EG 11"), (1.0, "Rechtsamt", "A 12"), (0.5, "Jugendamt", "S 12")],
    ),
    (
        "Geschaffen werden eine Stelle der Entgeltgruppe 9c beim Amt für Digitalisierung und "
        "eine Beamtenstelle der Besoldungsgruppe A 13 beim Personalamt.",
        [(1.0, "Amt für Digitalisierung", "EG 9c"), (1.0, "Personalamt", "A 13")],
    ),
    (
        "Dem Stadtplanungsamt wird eine Beamtenstelle (Bes.Gr. A 12) zugeordnet, zugleich "
        "erhält das Vermessungsamt 39 Wochenstunden (EG 9b) und außerdem das Tiefbauamt "
        "eine Teilzeitstelle mit 19,5 Std. (E 10).",
        [
            (1.0, "Stadtplanungsamt", "A 12"),
            (1.0, "Vermessungsamt", "EG 9b"),
            (0.5, "Tiefbauamt", "EG 10"),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), _SEVERAL)
def test_several_posts_in_one_sentence_each_with_its_own_unit_grade_and_week(
    sentence: str,
    expected: list[tuple[float, str, str]],
    tmp_path: Path,
    ruleset: RuleSet,
) -> None:
    antrag = _antrag_with(sentence, tmp_path, ruleset)
    found = [(round(float(p.share or 0), 4), p.org_unit, p.pay_grade) for p in antrag.positions]
    assert found == expected


def _antrag_with(sentence: str, tmp_path: Path, ruleset: RuleSet) -> Antrag:
    case = copy.deepcopy(next(c for c in load_cases() if c["id"] == "stuttgart-01"))
    case["sections"][0]["paragraphs"] = [sentence]
    path = tmp_path / "antrag.docx"
    build_case(case, path)
    _, antrag = inspect_path(path, ruleset)
    assert antrag is not None
    return antrag


@pytest.mark.parametrize(
    ("sentence", "expected", "grades"),
    [
        (
            "Der Branddirektion werden 4 Planstellen der BesGr. A 7 bis A 9 (mD) zugeordnet.",
            [(4.0, "Branddirektion", None)],
            {"A 7", "A 9"},
        ),
        (
            "Im Bürgeramt wird 1,0 Stelle nach A 9 – A 11 und im Hauptamt 0,5 Stellen nach "
            "EG 9a oder EG 9b geschaffen.",
            [(1.0, "Bürgeramt", None), (0.5, "Hauptamt", None)],
            {"A 9", "A 11", "EG 9a", "EG 9b"},
        ),
        (
            "Im Kreisverwaltungsreferat werden 3,0 VZÄ, Wertigkeit A 11/E 10, und im Hauptamt "
            "1,0 Stelle (EG 8) eingerichtet.",
            [(3.0, "Kreisverwaltungsreferat", None), (1.0, "Hauptamt", "EG 8")],
            {"A 11", "EG 10", "EG 8"},
        ),
    ],
)
def test_a_grade_range_or_choice_is_no_one_grade_of_the_post(
    sentence: str,
    expected: list[tuple[float, str, str | None]],
    grades: set[str],
    tmp_path: Path,
    ruleset: RuleSet,
) -> None:
    antrag = _antrag_with(sentence, tmp_path, ruleset)
    found = [(round(float(p.share or 0), 4), p.org_unit, p.pay_grade) for p in antrag.positions]
    assert found == expected
    assert set(antrag.pay_grades) == grades
