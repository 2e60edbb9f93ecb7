"""Finding the sections however the producer wrote the headings."""

from __future__ import annotations

import pytest

from antragscheck.docxwrite import heading, para, run, table
from antragscheck.pipeline import analyse, parse_path
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleSet
from tests.conftest import SEED, MakeDocx, needs_seed
from tests.helpers import complete_body, title

ALL_KEYS = [
    "antrag",
    "schaffungskriterien",
    "bedarf",
    "anlass",
    "bisherige_aufgabenwahrnehmung",
    "auswirkungen_ablehnung",
    "stellenvermerke",
]


def keys_of(text: str, ruleset: RuleSet) -> list[str | None]:
    antrag, _ = analyse(document_from_text(text), ruleset)
    return [s.key for s in antrag.sections]


@needs_seed
def test_seed_text_has_all_sections_with_their_bodies(ruleset: RuleSet) -> None:
    antrag, _ = analyse(document_from_text(SEED.read_text(encoding="utf-8")), ruleset)
    assert [s.key for s in antrag.sections] == ALL_KEYS
    assert antrag.title == "Stellenschaffung zum Stellenplan 2022"
    assert antrag.section("bisherige_aufgabenwahrnehmung").text == "Neue Aufgabe"  # type: ignore[union-attr]
    assert antrag.section("stellenvermerke").text == ""  # type: ignore[union-attr]


def test_german_word_auto_numbered_headings(make_docx: MakeDocx, ruleset: RuleSet) -> None:
    antrag = parse_path(make_docx(complete_body()), ruleset)
    assert [(s.key, s.label, s.title) for s in antrag.sections] == [
        ("antrag", "1", "Antrag, Stellenausstattung"),
        ("schaffungskriterien", "2", "Schaffungskriterien"),
        ("bedarf", "3", "Bedarf"),
        ("anlass", "3.1", "Anlass"),
        ("bisherige_aufgabenwahrnehmung", "3.2", "Bisherige Aufgabenwahrnehmung"),
        ("auswirkungen_ablehnung", "3.3", "Auswirkungen bei Ablehnung der Stellenschaffungen"),
        ("stellenvermerke", "4", "Stellenvermerke"),
    ]
    assert antrag.sections[3].location is not None


@pytest.mark.parametrize(
    "line",
    [
        "3.1\tAnlass",
        "3.1 Anlass",
        "3.1. Anlass",
        "3.1 ANLASS",
        "3.1 Anlaß",
        "Anlass",
        "Ziffer 3.1 Anlass",
    ],
)
def test_typed_numbers_and_spellings(line: str, ruleset: RuleSet) -> None:
    antrag, _ = analyse(document_from_text(f"3 Bedarf\n{line}\nText des Anlasses."), ruleset)
    assert antrag.section("anlass") is not None
    assert antrag.section("anlass").text == "Text des Anlasses."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("heading_text", "key"),
    [
        ("3.3 Auswirkungen bei Ablehnung der Stellenschaffung", "auswirkungen_ablehnung"),
        ("3.3 Auswirkungen bei Ablehnung", "auswirkungen_ablehnung"),
        ("5 Auswirkungen bei Ablehnung der Stellenschaffungen", "auswirkungen_ablehnung"),
        ("3.2 Bisherige Aufgabenwahrnehmung:", "bisherige_aufgabenwahrnehmung"),
        ("2 Schaffungskriterium", "schaffungskriterien"),
        ("4 Stellenvermerk", "stellenvermerke"),
        ("1 Antrag und Stellenausstattung", "antrag"),
        ("3.2 Bisherige Aufgabenwahrnehmung durch das Amt", "bisherige_aufgabenwahrnehmung"),
    ],
)
def test_tolerant_title_matching(heading_text: str, key: str, ruleset: RuleSet) -> None:
    assert keys_of(f"{heading_text}\nInhalt.", ruleset) == [key]


def test_body_sentences_are_not_headings(ruleset: RuleSet) -> None:
    text = "3.1 Anlass\nDer Bedarf an Personal ist seit 2019 gestiegen.\nNeue Aufgabe"
    assert keys_of(text, ruleset) == ["anlass"]


def test_bold_lead_in_heading_with_body_in_the_same_paragraph(
    make_docx: MakeDocx, ruleset: RuleSet
) -> None:
    path = make_docx(
        title()
        + para(run("3.1 Anlass:", bold=True), run(" Im Frühjahr 2019 hat die Verwaltung …"))
        + para(run("3.2 Bisherige Aufgabenwahrnehmung", bold=True))
        + para("Neue Aufgabe")
    )
    antrag = parse_path(path, ruleset)
    assert [(s.key, s.text) for s in antrag.sections] == [
        ("anlass", "Im Frühjahr 2019 hat die Verwaltung …"),
        ("bisherige_aufgabenwahrnehmung", "Neue Aufgabe"),
    ]


def test_form_table_content_beside_or_below_the_label(
    make_docx: MakeDocx, ruleset: RuleSet
) -> None:
    path = make_docx(
        title()
        + table([["1 Antrag, Stellenausstattung", "Geschaffen wird 1,0 Stelle."]])
        + table([["3.1 Anlass"], ["Der Anlass steht in der Zeile darunter."]])
    )
    antrag = parse_path(path, ruleset)
    assert [(s.key, s.text) for s in antrag.sections] == [
        ("antrag", "Geschaffen wird 1,0 Stelle."),
        ("anlass", "Der Anlass steht in der Zeile darunter."),
    ]
    assert antrag.sections[0].location is not None
    assert antrag.sections[0].location.table == 1


def test_extra_heading_is_kept_as_its_own_section(make_docx: MakeDocx, ruleset: RuleSet) -> None:
    path = make_docx(complete_body() + heading("Anlagen") + para("Organigramm"))
    antrag = parse_path(path, ruleset)
    extra = antrag.sections[-1]
    assert (extra.key, extra.title, extra.text) == (None, "Anlagen", "Organigramm")


def test_sub_heading_inside_a_section_stays_in_its_text(
    make_docx: MakeDocx, ruleset: RuleSet
) -> None:
    body = complete_body(anlass=para("Einleitung.") + heading("Ausgangslage", 3) + para("Mehr."))
    antrag = parse_path(make_docx(body), ruleset)
    assert antrag.section("anlass").text == "Einleitung.\nAusgangslage\nMehr."  # type: ignore[union-attr]


def test_the_same_words_as_heading_style_and_as_bold_line_in_one_run(
    make_docx: MakeDocx, ruleset: RuleSet
) -> None:
    """ "Bedarf der Abteilung Kultur" opens the Bedarf section as a paragraph with an
    outline level (unnumbered), but as a bold line it has too many other words; what one
    request decided does not carry over to the next one checked in the same process."""
    lines = ("Bedarf der Abteilung Kultur", "Im Frühjahr 2019 hat die Verwaltung …")
    styled = make_docx(title() + para(lines[0], outline=0) + para(lines[1]), name="styled.docx")
    bold = make_docx(title() + para(run(lines[0], bold=True)) + para(lines[1]), name="bold.docx")
    for _ in range(2):
        assert [s.key for s in parse_path(styled, ruleset).sections] == ["bedarf"]
        assert [s.key for s in parse_path(bold, ruleset).sections] == []


def test_a_heading_has_at_most_ten_words(make_docx: MakeDocx, ruleset: RuleSet) -> None:
    ten = "Anlagen eins zwei drei vier fünf sechs sieben acht neun"
    eleven = f"{ten} zehn"
    body = complete_body() + heading(ten) + para("Organigramm") + heading(eleven) + para("Mehr")
    antrag = parse_path(make_docx(body), ruleset)
    extra = antrag.sections[-1]
    assert (extra.key, extra.title) == (None, ten)
    assert extra.text == f"Organigramm\n{eleven}\nMehr"


HEADING_FORMS = {
    "schlicht": para("Anlass der Stelle"),
    "fett": para(run("Anlass der Stelle", bold=True)),
    "fetter Anfang": para(run("Anlass", bold=True), run(" der Stelle")),
    "Gliederungsebene": para("Anlass der Stelle", outline=1),
    "Listennummer": para("Anlass der Stelle", num=(1, 1)),
    "Tabelle, erste Spalte": table([["Anlass der Stelle", "Text"]]),
    "Tabelle, zweite Spalte": table([["Text", "Anlass der Stelle"]]),
}


def test_one_text_in_each_heading_form_is_judged_by_its_form(
    make_docx: MakeDocx, ruleset: RuleSet
) -> None:
    # What a paragraph is as a heading is kept by the paragraph's text and form (files
    # of one template repeat their headings): a text seen in one form must be judged
    # anew in every other, in any order.
    from antragscheck import structure

    def sections(form: str) -> list[tuple[str | None, str]]:
        body = title() + heading("Bedarf") + HEADING_FORMS[form] + para("Es gibt Gründe.")
        antrag = parse_path(make_docx(body), ruleset)
        return [(s.key, s.text) for s in antrag.sections]

    alone = {}
    for form in HEADING_FORMS:
        structure._candidates.clear()
        alone[form] = sections(form)
    assert alone["schlicht"] == [("bedarf", "Anlass der Stelle\nEs gibt Gründe.")]
    assert all(alone[form] != alone["schlicht"] for form in HEADING_FORMS if form != "schlicht")
    assert alone["Tabelle, zweite Spalte"] != alone["Tabelle, erste Spalte"]
    structure._candidates.clear()
    for form in [*HEADING_FORMS, *reversed(HEADING_FORMS), "schlicht"]:
        assert sections(form) == alone[form], form
    # Bold without a bold prefix: never read from Word, but a block may say so.
    from antragscheck.models import Block, Location

    where = Location(paragraph=3)
    plain, bold = (Block(text="Anlass der Stelle", bold=b, location=where) for b in (False, True))
    assert [structure._candidate(b).strong for b in (plain, bold, plain)] == [False, True, False]  # type: ignore[union-attr]
