"""What the council rules (R203–R205) tell the clerk, against a council index: the
state of a paper, the consultations a decision date is compared with, which paper a
decision is about.  (Written against surviving mutants: each case fails when the
message the clerk reads, or whether there is one, changes.)"""

from __future__ import annotations

import datetime as dt

import pytest

from antragscheck.pipeline import check_document
from antragscheck.read.plain import document_from_text
from antragscheck.ris.records import CouncilConsultation, CouncilPaper, MemoryIndex
from antragscheck.rules import RuleSet

TITLE = "Stellenschaffung zum Stellenplan 2022\n2 Schaffungskriterien\n"


def day(month: int, number: int) -> dt.date:
    return dt.date(2021, month, number)


def messages(
    ruleset: RuleSet, text: str, *consultations: CouncilConsultation, name: str
) -> list[str]:
    paper = CouncilPaper(reference="GRDrs 234/2021", name="Strategie", date=None,
                         paper_type="Beschlussvorlage", consultations=consultations)  # fmt: skip
    index = MemoryIndex([paper])
    findings = check_document(document_from_text(TITLE + text), ruleset, council=index)[2]
    return [f.message for f in findings if f.name == name]


CITED = "Auf die GRDrs. 234/2021 wird verwiesen."


@pytest.mark.parametrize(
    ("consultations", "state"),
    [
        ((), "keine Beratung bekannt"),
        # the latest consultation counts, wherever it is listed
        (
            (
                CouncilConsultation(day(3, 10), ("Verwaltungsausschuss",), result="vorberaten"),
                CouncilConsultation(day(4, 15), ("Gemeinderat",), result="vertagt"),
            ),
            "zuletzt Gemeinderat am 15.04.2021: vertagt",
        ),
        (
            (
                CouncilConsultation(day(4, 15), ("Gemeinderat",), result="vertagt"),
                CouncilConsultation(None, ("Gemeinderat",), result="vertagt"),
            ),
            "zuletzt Gemeinderat am 15.04.2021: vertagt",
        ),
        (
            (CouncilConsultation(day(4, 15), ("Gemeinderat",), result="vertagt", cancelled=True),),
            "zuletzt Gemeinderat am 15.04.2021: abgesagt",
        ),
        (
            (CouncilConsultation(day(4, 15), ("Sozialausschuss", "Gemeinderat")),),
            "zuletzt Sozialausschuss, Gemeinderat am 15.04.2021: ohne Ergebnis",
        ),
        (
            (CouncilConsultation(day(4, 15), meeting="7. Sitzung", result="vertagt"),),
            "zuletzt 7. Sitzung am 15.04.2021: vertagt",
        ),
        (
            (CouncilConsultation(day(4, 15), result="vertagt"),),
            "zuletzt unbekanntes Gremium am 15.04.2021: vertagt",
        ),
    ],
)
def test_a_paper_without_decision_says_how_far_it_got(
    ruleset: RuleSet, consultations: tuple[CouncilConsultation, ...], state: str
) -> None:
    assert messages(ruleset, CITED, *consultations, name="reference-not-decided") == [
        f"Zur Drucksache GRDrs 234/2021 zeigt das Ratsinformationssystem keinen Beschluss "
        f"({state}). Bitte prüfen, ob die Grundlage beschlossen ist."
    ]


def test_a_motion_cited_first_does_not_hide_the_papers_after_it(ruleset: RuleSet) -> None:
    text = "Auf den Antrag Nr. 385/2018 und die GRDrs. 240/2021 wird verwiesen."
    found = messages(ruleset, text, name="council-reference-unknown")
    assert [m.split()[2:4] for m in found] == [["GRDrs", "240/2021"]]


def test_a_paper_cited_twice_is_reported_once(ruleset: RuleSet) -> None:
    text = "Auf die GRDrs. 240/2021 und die GRDrs. 240/2021 sowie GRDrs. 241/2021 wird verwiesen."
    found = messages(ruleset, text, name="council-reference-unknown")
    assert [m.split()[2:4] for m in found] == [["GRDrs", "240/2021"], ["GRDrs", "241/2021"]]


COUNCIL = CouncilConsultation(day(3, 25), ("Gemeinderat",), result="beschlossen")
COMMITTEE = CouncilConsultation(day(3, 10), ("Verwaltungsausschuss",), result="vorberaten")


@pytest.mark.parametrize(
    ("decision", "consultations", "dates"),
    [
        ("beschloss der Gemeinderat am 25. März 2021", (COMMITTEE, COUNCIL), None),
        (
            "beschloss der Gemeinderat am 18. März 2021",
            (COMMITTEE, COUNCIL),
            "Verwaltungsausschuss am 10.03.2021; Gemeinderat am 25.03.2021",
        ),
        # that day, but another body met
        (
            "beschloss der Gemeinderat am 10. März 2021",
            (COMMITTEE,),
            "Verwaltungsausschuss am 10.03.2021",
        ),
        # the meeting under another of the body's names (the rule's `bodies`)
        (
            "beschloss der Gemeinderat am 25. März 2021",
            (CouncilConsultation(day(3, 25), meeting="Sitzung des Stadtrats"),),
            None,
        ),
        (
            "beschloss der Gemeinderat am 25. März 2021",
            (CouncilConsultation(day(3, 25), meeting="Sitzung des Kreistags"),),
            "Sitzung des Kreistags am 25.03.2021",
        ),
        # a consultation that names no body: the day decides
        ("beschloss der Gemeinderat am 25. März 2021", (CouncilConsultation(day(3, 25)),), None),
        (
            "beschloss der Gemeinderat am 25. März 2021",
            (CouncilConsultation(day(3, 25), ("Gemeinderat",), cancelled=True),),
            "Gemeinderat am 25.03.2021",
        ),
    ],
)
def test_a_decision_date_is_compared_with_the_meetings_of_that_body(
    ruleset: RuleSet,
    decision: str,
    consultations: tuple[CouncilConsultation, ...],
    dates: str | None,
) -> None:
    text = f"Mit der GRDrs. 234/2021 {decision} die Strategie."
    found = messages(ruleset, text, *consultations, name="decision-date-mismatch")
    if dates is None:
        assert found == []
    else:
        (message,) = found
        assert f"kennt das Ratsinformationssystem nur diese Beratungen: {dates}." in message
        assert "zu GRDrs 234/2021 kennt" in message


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # no paper in the decision's sentence: the papers of its section …
        (
            "Auf die GRDrs. 234/2021 wird verwiesen. Der Gemeinderat beschloss am 18. März "
            "2021 die Strategie.\n3.1 Anlass\nSiehe GRDrs. 999/2021.\n",
            True,
        ),
        (
            "Auf die GRDrs. 999/2021 wird verwiesen. Der Gemeinderat beschloss am 18. März "
            "2021 die Strategie.\n3.1 Anlass\nSiehe GRDrs. 234/2021.\n",
            False,
        ),
        # … and with none there, every paper cited
        (
            "Der Gemeinderat beschloss am 18. März 2021 die Strategie.\n3.1 Anlass\n"
            "Siehe GRDrs. 234/2021.\n",
            True,
        ),
    ],
)
def test_a_decision_is_about_the_papers_nearest_to_it(
    ruleset: RuleSet, text: str, found: bool
) -> None:
    assert bool(messages(ruleset, text, COUNCIL, name="decision-date-mismatch")) is found
