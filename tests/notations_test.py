"""Notations as data: a budget office adds its own notation in its rules folder,
without code; mistakes in it are German errors with file and line."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import heading, para, table
from antragscheck.notations import alternation, pieces, small_pieces
from antragscheck.rules import RuleFileError, load_rules
from antragscheck.rules.load import default_rules_dir
from tests.conftest import MakeDocx
from tests.helpers import ANLASS, AUSWIRKUNGEN, title

# The made-up Stadt Musterhausen writes papers of its Magistrat ("Magistratsvorlage
# M 123/2024"), counts posts in "Personaleinheiten" (PE) and titles section 3.1
# "Notwendigkeit der Stelle".
MUSTERHAUSEN = """\
notations:
  - document_type: stellenschaffung
    references:
      kinds:
        - {name: Magistratsvorlage, words: [Magistratsvorlage, Magistratsvorlagen, MV]}
    shares:
      units:
        - {name: PE, words: [PE, Personaleinheit, Personaleinheiten]}
    headings:
      anlass: [Notwendigkeit der Stelle]
"""


def _request(make_docx: MakeDocx) -> Path:
    body = (
        title("Stellenschaffung zum Stellenplan 2025")
        + heading("Antrag, Stellenausstattung")
        + para("Im Amt für Stadtentwicklung werden 1,5 PE (EG 11 TVöD) geschaffen.")
        + heading("Schaffungskriterien")
        + para("Neue Aufgabe nach der Magistratsvorlage M 123/2024 zum Klimaplan.")
        + heading("Bedarf")
        + heading("Notwendigkeit der Stelle", 2)
        + para(ANLASS)
        + heading("Bisherige Aufgabenwahrnehmung", 2)
        + para("Neue Aufgabe")
        + heading("Auswirkungen bei Ablehnung der Stellenschaffungen", 2)
        + para(AUSWIRKUNGEN)
        + heading("Stellenvermerke")
    )
    return make_docx(body, name="musterhausen.docx")


def _errors(output: str) -> set[str]:
    report = json.loads(output)
    return {f["name"] for f in report["files"][0]["findings"] if f["severity"] == "error"}


def test_a_budget_office_adds_its_notation_without_code(
    make_docx: MakeDocx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = _request(make_docx)
    runner = CliRunner()
    before = runner.invoke(main, ["check", "--format", "json", str(request)])
    assert _errors(before.output) >= {"council-reference-missing", "position-share-missing"}

    office = tmp_path / "musterhausen"
    (office / "regeln").mkdir(parents=True)
    (office / "regeln" / "notationen.yaml").write_text(MUSTERHAUSEN, encoding="utf-8")
    (office / "antragscheck.toml").write_text('rules = ["regeln/"]\n', encoding="utf-8")
    request = request.rename(office / request.name)
    monkeypatch.chdir(office)
    after = runner.invoke(main, ["check", "--format", "json", str(request)])
    assert after.exit_code == 0, after.output
    assert _errors(after.output) == set()

    parsed = json.loads(runner.invoke(main, ["parse", str(request)]).output)
    assert [(r["kind"], r["number"], r["council"]) for r in parsed["references"]] == [
        ("Magistratsvorlage", "M 123/2024", True)
    ]
    (position,) = parsed["positions"]
    assert (position["share"], position["unit"], position["org_unit"]) == (
        1.5,
        "PE",
        "Amt für Stadtentwicklung",
    )
    assert (
        position["source"] == "Im Amt für Stadtentwicklung werden 1,5 PE (EG 11 TVöD) geschaffen."
    )
    assert "anlass" in [s["key"] for s in parsed["sections"]]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "notations:\n  - document_type: stellenschaffung\n    referenzen:\n      kinds: []\n",
            3,
            ["referenzen", "unbekannter Schlüssel"],
        ),
        (
            "notations:\n  - document_type: stellenschaffung\n    references:\n"
            "      kinds:\n        - {name: X, wörter: [a]}\n",
            5,
            ["wörter", "unbekannter Schlüssel"],
        ),
        (
            "notations:\n  - document_type: sachmittel\n",
            2,
            ["unbekannter Dokumenttyp", "sachmittel"],
        ),
        (
            "notations:\n  - document_type: stellenschaffung\n    facts:\n"
            "      positions: [stellen]\n",
            4,
            ["unbekannter Abschnitt", "stellen"],
        ),
    ],
)
def test_a_mistake_in_a_notation_is_a_german_error_with_file_and_line(
    tmp_path: Path, text: str, line: int, words: list[str]
) -> None:
    path = tmp_path / "notation.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rules([default_rules_dir(), path])
    message = str(raised.value)
    assert str(path) in message
    assert f"Zeile {line}" in message
    for word in words:
        assert word in message


def test_notation_words_are_words_not_patterns(tmp_path: Path, make_docx: MakeDocx) -> None:
    """A word full of pattern syntax is matched literally and cannot make matching
    slow: "(a+)+$" backtracks exponentially as a regular expression."""
    path = tmp_path / "notation.yaml"
    path.write_text(
        "notations:\n  - document_type: stellenschaffung\n    shares:\n      units:\n"
        "        - {name: Muster, words: ['(a+)+$', '.+']}\n",
        encoding="utf-8",
    )
    ruleset = load_rules([default_rules_dir(), path])
    hostile = "Geschaffen wird 1 " + "a" * 5000 + "! und 2 (a+)+$ sowie 3 .+"
    body = title() + heading("Antrag, Stellenausstattung") + para(hostile)
    from antragscheck.pipeline import parse_path

    start = time.perf_counter()
    antrag = parse_path(make_docx(body), ruleset)
    assert time.perf_counter() - start < 5
    assert [(p.share, p.unit) for p in antrag.positions] == [(2, "Muster"), (3, "Muster")]


def test_which_facts_come_from_which_sections_is_declared(
    tmp_path: Path, make_docx: MakeDocx
) -> None:
    """A document type of a budget office reads its posts from its own section."""
    path = tmp_path / "stellenmeldung.yaml"
    path.write_text(
        """\
document_types:
  - id: stellenmeldung
    name: Stellenmeldung
    title_keywords: [Stellenmeldung]
    sections:
      - {key: umfang, number: "1", title: Stellenumfang}
      - {key: begruendung, number: "2", title: Begründung}
notations:
  - document_type: stellenmeldung
    facts: {positions: [umfang], references: [begruendung]}
    shares:
      units: [{name: Stelle, words: [Stelle, Stellen]}]
    references:
      kinds: [{name: Vorlage, words: [Vorlage]}]
""",
        encoding="utf-8",
    )
    ruleset = load_rules([default_rules_dir(), path])
    body = (
        para("Stellenmeldung 2025", style="Titel")
        + heading("Stellenumfang")
        + para("0,5 Stellen im Amt für Statistik.")
        + heading("Begründung")
        + para("Siehe Vorlage 2024/12; zusätzlich 3 Stellen in Planung.")
    )
    from antragscheck.pipeline import parse_path

    antrag = parse_path(make_docx(body), ruleset)
    assert antrag.document_type == "stellenmeldung"
    assert [p.share for p in antrag.positions] == [0.5]
    assert [(r.kind, r.number) for r in antrag.references] == [("Vorlage", "2024/12")]


def test_a_positions_table_gives_one_post_per_row_and_skips_the_sum(
    make_docx: MakeDocx,
) -> None:
    from antragscheck.pipeline import parse_path

    rows = [
        ["Dienststelle", "VZÄ", "Besoldungs-/Entgeltgruppe", "Aufgabe"],
        ["Amt 32 – Ordnungsamt", "1,0", "A 10 gD", "Gewerbeaufsicht"],
        ["", "0,5", "E 8", "Bußgeldstelle"],
        ["Summe", "1,5", "", ""],
    ]
    body = (
        title()
        + heading("Antrag, Stellenausstattung")
        + para("Beantragt werden insgesamt 1,5 Stellen:")
        + table(rows)
        + heading("Schaffungskriterien")
        + para("Gesetzliche Aufgabe.")
    )
    antrag = parse_path(make_docx(body), load_rules())
    assert [(float(p.share or 0), p.org_unit, p.pay_grade) for p in antrag.positions] == [
        (1.0, "Amt 32 – Ordnungsamt", "A 10"),
        (0.5, "Amt 32 – Ordnungsamt", "EG 8"),
    ]
    assert antrag.positions[1].source == "0,5 | E 8 | Bußgeldstelle"


def _plain_alternation(words: list[str]) -> str:
    """What a notation's words mean, written the plain way: each word with a boundary
    before it, the first letter in either case (abbreviations exact), "*" up to three
    words, "~" any ending, longest word first."""

    def one(word: str) -> str:
        stem = word.endswith("~")
        word = word.rstrip("~").strip()
        exact = sum(c.isupper() for c in word) >= 2

        def written(w: str) -> str:
            first = w[0]
            if exact or not (first.isalpha() and first.lower() != first.upper()):
                return re.escape(w)
            return f"[{re.escape(first.lower())}{re.escape(first.upper())}]" + re.escape(w[1:])

        parts = [r"\s{1,3}".join(map(written, p.split())) for p in word.split("*") if p.split()]
        left = r"(?<!\w)" if word[:1].isalnum() else ""
        right = r"\w{0,24}" if stem else r"(?!\w)" if word[-1:].isalnum() else ""
        return left + r"(?:\s{1,3}\S{1,40}){0,3}?\s{1,3}".join(parts) + right

    unique = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(one(w) for w in unique) + ")"


def test_notation_words_match_where_their_plain_meaning_does() -> None:
    """The compiled words (grouped by first letter, boundary after it, for speed) find
    the same spans as the plain alternation, longer words winning, on random text."""
    rnd = random.Random(14)
    pieces = ["Vor", "vor", "lage", "Lage", "n", "GR", "Drs.", "%", "ß", "S", "1", "x", "Umfang"]
    for _ in range(300):
        words = [
            "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 3)))
            + rnd.choice(["", "", "~", " Nr", " * lage"])
            for _ in range(rnd.randint(1, 8))
        ]
        ours = re.compile(alternation(words) + "(?P<after>.{0,3})")
        plain = re.compile(_plain_alternation(words) + "(?P<after>.{0,3})")
        for _ in range(20):
            text = "".join(rnd.choice([*pieces, " ", "-", ".", "a", "  "]) for _ in range(12))
            found = [(m.span(), m.group("after")) for m in ours.finditer(text)]
            assert found == [(m.span(), m.group("after")) for m in plain.finditer(text)], words


def test_every_match_of_notation_words_contains_one_of_their_pieces() -> None:
    """Where none of the pieces of a notation's words is in a text, no word matches it:
    the extractors skip such texts without a scan.  Random words of every kind (a
    digit, a small letter, an umlaut or ß first; abbreviations; stems; phrases with
    "*"), random texts."""
    rnd = random.Random(15)
    parts = ["Vor", "vor", "lage", "Ä", "ä", "ß", "GR", "Drs.", "%", "§", "1", "x", "k.", "Umfang"]
    for _ in range(400):
        words = [
            "".join(rnd.choice(parts) for _ in range(rnd.randint(1, 3)))
            + rnd.choice(["", "", "~", " Nr", " * lage", " w."])
            for _ in range(rnd.randint(1, 6))
        ]
        compiled = re.compile(alternation(words))
        kept = pieces(words)
        letters = [*parts, " ", "\n", "-", ".", "a", "S", "V"]
        for _ in range(30):
            text = "".join(rnd.choice(letters) for _ in range(10))
            if compiled.search(text):
                assert any(piece in text for piece in kept), (words, text, kept)


def test_without_their_small_pieces_the_words_match_as_their_capital_branches() -> None:
    """In a text that holds none of the small pieces of a notation's words, the words
    without their branches starting with a small letter find the same spans as all
    of them (the extractors then scan only for capitals).  Random words of every kind
    (a digit, a small letter, an umlaut, ß or "§" first; abbreviations; stems; phrases
    with "*"), random texts, many of which hold a small piece."""
    rnd = random.Random(16)
    parts = ["Vor", "vor", "lage", "Ä", "ä", "ß", "GR", "Drs.", "%", "§", "1", "x", "k.", "-"]
    letters = [*parts, " ", "\n", "-", ".", "a", "S", "V", "ss", "SS", "lage"]
    compared = 0
    for _ in range(400):
        words = [
            "".join(rnd.choice(parts) for _ in range(rnd.randint(1, 3)))
            + rnd.choice(["", "", "~", " Nr", " * lage", " w."])
            for _ in range(rnd.randint(1, 6))
        ]
        full = re.compile(f"(?P<w>{alternation(words)})" + "(?P<after>.{0,2})")
        capital = re.compile(f"(?P<w>{alternation(words, small=False)})" + "(?P<after>.{0,2})")
        small = small_pieces(words)
        for _ in range(30):
            text = "".join(rnd.choice(letters) for _ in range(10))
            found = [(m.span(), m.groups()) for m in full.finditer(text)]
            if not any(piece in text for piece in small):
                assert found == [(m.span(), m.groups()) for m in capital.finditer(text)], (
                    words,
                    text,
                )
                compared += bool(found)
    assert compared > 500  # texts where words were found


def test_a_budget_office_s_words_are_found_whatever_they_start_with(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind of paper starting with a digit, a small letter or an umlaut, a
    criterion starting with "§" and a note word with an umlaut are found in the text
    that names them, and not where the text does not."""
    extra = """\
notations:
  - document_type: stellenschaffung
    references:
      kinds:
        - {name: Ratsbeschluss, words: [1. Lesung, ältestenratsvorlage, ÄR]}
    criteria:
      gesetz_tarif: [§ 2a]
    notes:
      near: [Überhang]
"""
    office = tmp_path / "amt"
    (office / "regeln").mkdir(parents=True)
    (office / "regeln" / "notationen.yaml").write_text(extra, encoding="utf-8")
    (office / "antragscheck.toml").write_text('rules = ["regeln/"]\n', encoding="utf-8")
    body = (
        title("Stellenschaffung zum Stellenplan 2025")
        + heading("Antrag, Stellenausstattung")
        + para("Im Ordnungsamt wird 1,0 Stelle (EG 9) geschaffen.")
        + heading("Schaffungskriterien")
        + para("Pflicht nach § 2a KAG; siehe Ältestenratsvorlage 12/2024 und ÄR 3/2024.")
        + heading("Bedarf")
        + heading("Anlass", 2)
        + para(ANLASS + " Bezug: 1. Lesung 7/2024. Der Überhang kw 2027 entfällt.")
        + heading("Bisherige Aufgabenwahrnehmung", 2)
        + para("Neue Aufgabe")
        + heading("Auswirkungen bei Ablehnung der Stellenschaffungen", 2)
        + para(AUSWIRKUNGEN)
        + heading("Stellenvermerke")
    )
    request = make_docx(body, name="amt.docx").rename(office / "amt.docx")
    monkeypatch.chdir(office)
    result = CliRunner().invoke(main, ["parse", request.name])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    found = {(r["kind"], r["number"]) for r in facts["references"]}
    assert {("Ratsbeschluss", "12/2024"), ("Ratsbeschluss", "3/2024")} <= found
    assert ("Ratsbeschluss", "7/2024") in found
    assert "gesetz_tarif" in facts["criteria"]
    assert [n["date"] for n in facts["notes"] if n["kind"] == "kw"] == ["2027-12-31"]

    # the same notation on a request that names none of these: nothing of them
    plain = make_docx(
        title("Stellenschaffung zum Stellenplan 2025")
        + heading("Antrag, Stellenausstattung")
        + para("Im Ordnungsamt wird 1,0 Stelle (EG 9) geschaffen.")
        + heading("Schaffungskriterien")
        + para("Siehe Altestenrat und AR 3/2024; Paragraf 2a."),
        name="ohne.docx",
    ).rename(office / "ohne.docx")
    facts = json.loads(CliRunner().invoke(main, ["parse", plain.name]).output)
    assert not [r for r in facts["references"] if r["kind"] == "Ratsbeschluss"]
    assert "gesetz_tarif" not in facts["criteria"] and facts["notes"] == []
