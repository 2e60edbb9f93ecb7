"""Each check type on small requests, at the edges of its parameters: what a rule author
relies on when writing a rule with it.  (Written against surviving mutants: each test
fails when the behaviour it names breaks.)"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from antragscheck.models import Suppression
from antragscheck.pipeline import analyse
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleSet, evaluate
from antragscheck.rules.checks import REGISTRY, FieldRef, Hit, Subject, has_words, resolve, words
from antragscheck.rules.checks.base import anchored, compile_pattern, found_in, present
from antragscheck.spec import validate

TITLE = "Stellenschaffung zum Stellenplan 2022\n"


def run(
    ruleset: RuleSet, check: dict[str, Any], text: str, section: str | None = None
) -> list[Hit]:
    antrag, doc_type = analyse(document_from_text(TITLE + text), ruleset)
    parsed = validate(REGISTRY[check["type"]], check)
    return list(parsed.run(Subject(antrag, doc_type, section)))


def sections(hits: list[Hit]) -> list[str | None]:
    return [h.section for h in hits]


# -- section-present ---------------------------------------------------------------------


def test_section_present_required_or_listed(ruleset: RuleSet) -> None:
    text = "1 Antrag, Stellenausstattung\nText.\n2 Schaffungskriterien\nText.\n"
    missing = sections(run(ruleset, {"type": "section-present"}, text))
    assert missing == ["bedarf", "anlass", "bisherige_aufgabenwahrnehmung",
                       "auswirkungen_ablehnung", "stellenvermerke"]  # fmt: skip
    listed = {"type": "section-present", "sections": ["antrag", "anlass"]}
    assert sections(run(ruleset, listed, text)) == ["anlass"]
    assert validate(REGISTRY["section-present"], listed).section_keys() == [
        "antrag",
        "anlass",
    ]
    assert validate(REGISTRY["section-present"], {"type": "section-present"}).section_keys() == []


# -- section-text ------------------------------------------------------------------------


def text_check(**params: Any) -> dict[str, Any]:
    return {"type": "section-text", "min_words": {"anlass": 3}, **params}


@pytest.mark.parametrize(
    ("body", "params", "expected"),
    [
        ("eins zwei drei", {}, []),  # exactly the minimum
        ("eins zwei", {}, [2]),  # one short
        ("", {}, [0]),  # empty counts as too short
        ("", {"skip_empty": True}, []),  # ... unless left to another rule
        ("eins zwei", {"skip_empty": True}, [2]),
        ("Entfällt.", {"trivial": ["entfällt"], "min_words": {"anlass": 1}}, [1]),
        ("— k. A. —", {"trivial": ["k. A."], "min_words": {"anlass": 1}}, [2]),
        ("-", {"trivial": ["-"], "min_words": {"anlass": 1}}, [0]),
        ("ENTFAELLT!", {"trivial": ["entfällt"], "min_words": {"anlass": 1}}, [1]),
        # Four words are never a trivial answer, even if they spell one.
        (
            "siehe oben siehe oben",
            {"trivial": ["siehe oben siehe oben"], "min_words": {"anlass": 1}},
            [],
        ),
        ("Nicht entfällt", {"trivial": ["entfällt"], "min_words": {"anlass": 1}}, []),
        # Three words may be a trivial answer; a long minimum counts every word.
        ("gar nicht nötig", {"trivial": ["gar nicht nötig"], "min_words": {"anlass": 1}}, [3]),
        ("eins zwei drei vier fünf", {"min_words": {"anlass": 6}}, [5]),
        ("eins zwei drei vier fünf sechs", {"min_words": {"anlass": 6}}, []),
    ],
)
def test_section_text_minimum_trivial_and_empty(
    ruleset: RuleSet, body: str, params: dict[str, Any], expected: list[int]
) -> None:
    hits = run(ruleset, text_check(**params), f"3.1 Anlass\n{body}\n")
    assert [h.values["words"] for h in hits] == expected
    for hit in hits:
        assert hit.section == "anlass" and hit.location is not None
        assert hit.values["min_words"] == {**{"anlass": 3}, **params.get("min_words", {})}["anlass"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("Die GRDrs. 412/2020 wurde beschlossen.", 6),
        ("Straßen- und Brückenbau (EG 12) – a_b, ß; 3,5 % ...", 9),
        ("- – §", 0),
    ],
)
def test_words_are_the_runs_of_letters_digits_and_underscores(text: str, count: int) -> None:
    assert words(text) == count


def test_section_text_skips_an_absent_section_and_checks_each_listed(ruleset: RuleSet) -> None:
    check = {"type": "section-text", "min_words": {"anlass": 2, "antrag": 2, "bedarf": 1}}
    hits = run(ruleset, check, "1 Antrag, Stellenausstattung\nkurz\n3.1 Anlass\nkurz\n")
    assert sections(hits) == ["anlass", "antrag"]  # in the order of min_words; bedarf absent
    assert validate(REGISTRY["section-text"], check).section_keys() == [
        "anlass",
        "antrag",
        "bedarf",
    ]


def test_words_counts_word_characters() -> None:
    assert words("") == 0
    assert words("Die  Stelle, 1,0 VZÄ – für Schulsozialarbeit.") == 7


def test_has_words_answers_as_counting_the_words_would() -> None:
    rnd = random.Random(14)
    alphabet = ["a", "ä", "ß", "1", "٢", "_", " ", "\n", "\u00a0", "-", ".", "/", "§"]
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        count = rnd.randint(-1, 10)
        assert has_words(text, count) == (words(text) >= count), (text, count)
    long = "Wort, " * 5_000
    assert has_words(long, 5_000) and not has_words(long, 5_001)


def test_section_text_reads_the_first_of_repeated_sections(ruleset: RuleSet) -> None:
    many = " ".join(["Fallzahlen"] * 50)
    text = f"{TITLE}3.1 Anlass\nzu kurz\n3.1 Anlass\n{many}\n"
    antrag, doc_type = analyse(document_from_text(text), ruleset)
    found = [(f.name, f.section) for f in evaluate(antrag, doc_type, ruleset.rules)]
    assert ("section-too-short", "anlass") in found  # the first, as Antrag.section finds it
    assert ("section-duplicate", "anlass") in found


# -- section-order and section-duplicate --------------------------------------------------


def test_section_order_names_the_section_that_comes_too_late(ruleset: RuleSet) -> None:
    text = (
        "1 Antrag, Stellenausstattung\nA\n3.1 Anlass\nB\n2 Schaffungskriterien\nC\n"
        "3.2 Bisherige Aufgabenwahrnehmung\nD\n1 Antrag, Stellenausstattung\nE\n"
        "Sonstiges\nF\n"
    )
    hits = run(ruleset, {"type": "section-order"}, text)
    # 2 after 3.1; 3.2 after 3.1 is in order; the repeated 1 is section-duplicate's.
    assert [(h.section, h.values["after"]) for h in hits] == [("schaffungskriterien", "3.1 Anlass")]
    assert hits[0].location is not None
    in_order = "1 Antrag, Stellenausstattung\nA\n2 Schaffungskriterien\nB\n3.1 Anlass\nC\n"
    assert run(ruleset, {"type": "section-order"}, in_order) == []


def test_section_order_compares_with_the_latest_in_order(ruleset: RuleSet) -> None:
    text = "2 Schaffungskriterien\nA\n3.1 Anlass\nB\n1 Antrag, Stellenausstattung\nC\n"
    hits = run(ruleset, {"type": "section-order"}, text)
    assert [(h.section, h.values["after"]) for h in hits] == [("antrag", "3.1 Anlass")]


def test_section_duplicate_once_per_section_with_its_count(ruleset: RuleSet) -> None:
    text = (
        "3.1 Anlass\nA\n3.1 Anlass\nB\n3.1 Anlass\nC\n"
        "1 Antrag, Stellenausstattung\nD\n1 Antrag, Stellenausstattung\nE\nSonstiges\nF\n"
    )
    hits = run(ruleset, {"type": "section-duplicate"}, text)
    assert [(h.section, h.values["count"]) for h in hits] == [("anlass", 3), ("antrag", 2)]
    assert all(h.location is not None for h in hits)
    assert (
        run(
            ruleset,
            {"type": "section-duplicate"},
            "3.1 Anlass\nA\n3.2 Bisherige Aufgabenwahrnehmung\nB\n",
        )
        == []
    )


# -- placeholder and pattern ----------------------------------------------------------------


def test_placeholder_quotes_the_first_match_in_whole_words(ruleset: RuleSet) -> None:
    long = "Klicken Sie hier und schreiben Sie den ganzen Anlass mit vielen Worten hinein bitte."
    check = {"type": "placeholder", "patterns": ["klicken sie hier.*", "XXX"]}
    hits = run(
        ruleset,
        check,
        f"3.1 Anlass\n{long}\n3.3 Auswirkungen bei Ablehnung der Stellenschaffungen\nvon XXX\n",
    )
    assert sections(hits) == ["anlass", "auswirkungen_ablehnung"]
    quoted = str(hits[0].values["text"])
    assert quoted.endswith(" …") and len(quoted) <= 62 and long.startswith(quoted[:-2])
    assert hits[1].values["text"] == "XXX"


def test_placeholder_in_the_title_is_about_the_document(ruleset: RuleSet) -> None:
    antrag, doc_type = analyse(
        document_from_text("Stellenschaffung zum Stellenplan XXXX\n"), ruleset
    )
    check = validate(REGISTRY["placeholder"], {"type": "placeholder", "patterns": ["X{4}"]})
    (hit,) = check.run(Subject(antrag, doc_type, None))
    assert hit.section is None and hit.values["text"] == "XXXX"


def test_placeholder_shown_in_the_title_area_is_about_the_document(ruleset: RuleSet) -> None:
    text = "[Platzhalter] Aktenzeichen eingeben\n3.1 Anlass\nText.\n"
    for patterns in (["XXX", "TODO"], []):
        check = {"type": "placeholder", "patterns": patterns}
        hits = run(ruleset, check, text)
        assert [(h.section, h.values["text"]) for h in hits] == [(None, "Aktenzeichen eingeben")]


@pytest.mark.parametrize("pattern", ["^XXX", "(?m)^XXX", r"\AXXX", "XXX$", r"XXX\z", r"XXX\Z"])
def test_placeholder_patterns_anchored_at_a_section_start_or_end(
    ruleset: RuleSet, pattern: str
) -> None:
    # Each section is searched on its own, as the pattern's author wrote it for one.
    check = {"type": "placeholder", "patterns": [pattern, "TODO"]}
    text = (
        "2 Schaffungskriterien\nGrüne Liste.\n3.1 Anlass\nXXX\n"
        "3.2 Bisherige Aufgabenwahrnehmung\nNeu\n"
    )
    assert sections(run(ruleset, check, text)) == ["anlass"]
    assert run(ruleset, check, text.replace("XXX", "Ein XXX zu viel")) == []


def test_a_pattern_found_in_texts_joined_is_found_in_one_of_them() -> None:
    rnd = random.Random(14)
    patterns = [r"\bab\b", r"\Bb", r"b\s+c", r"(?s)b.c", "b\nc", "x*", "c$", "^a", r"\b", r"a\B",
                r"\w+c", r"[^a]c", r"b\Sc", "(?m)^c", r"\Ac", r"b\z"]  # fmt: skip
    for _ in range(3_000):
        pattern = rnd.choice(patterns)
        texts = ["".join(rnd.choice("abc \n") for _ in range(rnd.randint(0, 4)))
                 for _ in range(rnd.randint(0, 4))]  # fmt: skip
        compiled = compile_pattern(pattern)
        expected = any(compiled.search(text) for text in texts)
        assert found_in(compiled, texts, not anchored(pattern)) == expected, (pattern, texts)


def test_which_patterns_are_searched_in_each_section_alone() -> None:
    for pattern in ["^a", "a$", r"\Aa", r"a\z", r"a\Z", "[a]^", r"[\]]$", "[[:alpha:]^]"]:
        assert anchored(pattern), pattern
    for pattern in ["[^a]b", "[]^$]", "[^]^$]x", r"\^\$", r"[\]^]", r"\bXXX\b", "a\\"]:
        assert not anchored(pattern), pattern


@pytest.mark.parametrize(
    ("mode", "scope", "body", "expected"),
    [
        ("present", ["bedarf"], "3.1 Anlass\n12 Fälle\n", []),  # children count for bedarf
        ("present", ["bedarf"], "3.1 Anlass\nviele Fälle\n", ["anlass"]),  # first in scope
        ("present", ["anlass"], "2 Schaffungskriterien\n12 Fälle\n", ["anlass"]),
        ("present", "document", "2 Schaffungskriterien\n12 Fälle\n", []),
        (
            "absent",
            "document",
            "2 Schaffungskriterien\n12 Fälle und 3 Fälle\n",
            ["schaffungskriterien", "schaffungskriterien"],
        ),
        ("absent", ["anlass"], "2 Schaffungskriterien\n12 Fälle\n", []),
    ],
)
def test_pattern_present_or_absent_in_its_scope(
    ruleset: RuleSet, mode: str, scope: Any, body: str, expected: list[str]
) -> None:
    check = {"type": "pattern", "pattern": r"\d+ Fälle", "scope": scope, "mode": mode}
    hits = run(ruleset, check, body, section="anlass" if scope == ["anlass"] else None)
    assert sections(hits) == expected
    if mode == "absent" and hits:
        assert [h.values["text"] for h in hits] == ["12 Fälle", "3 Fälle"]


def test_pattern_present_names_the_rule_section_or_the_first_in_scope(ruleset: RuleSet) -> None:
    check = {"type": "pattern", "pattern": "nirgends", "scope": ["bedarf"]}
    text = "3 Bedarf\nText\n3.1 Anlass\nText\n"
    assert sections(run(ruleset, check, text)) == ["bedarf"]
    assert sections(run(ruleset, check, text, section="anlass")) == ["anlass"]
    nothing = run(ruleset, {**check, "scope": ["stellenvermerke"]}, text)
    assert sections(nothing) == [None] and nothing[0].values["text"] == ""


# -- field checks ---------------------------------------------------------------------------


def test_field_present_any_of_the_fields_with_where(ruleset: RuleSet) -> None:
    check = {
        "type": "field-present",
        "fields": [{"path": "references", "where": {"council": [True]}}, {"path": "decisions"}],
    }
    motion = "2 Schaffungskriterien\nAuf den Antrag Nr. 385/2018 wird verwiesen.\n"
    paper = "2 Schaffungskriterien\nAuf die GRDrs. 234/2021 wird verwiesen.\n"
    assert sections(run(ruleset, check, motion, section="schaffungskriterien")) == [
        "schaffungskriterien"
    ]
    assert run(ruleset, check, paper) == []


def test_resolve_flattens_lists_and_drops_empty_values(ruleset: RuleSet) -> None:
    text = (
        "2 Schaffungskriterien\nGRDrs. 12/2020 und GRDrs. 13/2021, beschloss der "
        "Gemeinderat am 25. März 2021.\n"
    )
    antrag, _ = analyse(document_from_text(TITLE + text), ruleset)
    years = [value for value, _ in resolve(antrag, "references.year")]
    assert years == [2020, 2021]
    owners = {owner.number for _, owner in resolve(antrag, "references.year")}
    assert owners == {"12/2020", "13/2021"}
    assert [v for v, _ in resolve(antrag, "decisions.date.year")] == [2021]
    assert resolve(antrag, "plan_year") == [(2022, 2022)]
    assert resolve(antrag, "notes") == []
    gaps = dataclasses.replace(antrag, title="", pay_grades=["", "EG 9"])
    assert resolve(gaps, "title") == []
    assert resolve(gaps, "pay_grades") == [("EG 9", "EG 9")]
    ignore = Suppression(rules=["", "S101"], reason=None, source="Kommentar", text="t")
    listed = dataclasses.replace(antrag, suppressions=[ignore])
    assert resolve(listed, "suppressions.rules") == [("S101", ignore)]


def test_a_field_is_present_where_resolve_finds_a_value(ruleset: RuleSet) -> None:
    text = (
        "1 Antrag, Stellenausstattung\nGeschaffen wird 1,0 Stelle (EG 9).\n"
        "2 Schaffungskriterien\nGRDrs. 12/2020 und Antrag Nr. 3/2019, beschloss der "
        "Gemeinderat am 25. März 2021.\n4 Stellenvermerke\nkw 31.12.2025\nku\n"
    )
    antrag, _ = analyse(document_from_text(TITLE + text), ruleset)
    ignore = Suppression(rules=["", "S101"], reason="", source="Kommentar", text="t")
    for request in (antrag, dataclasses.replace(antrag, title="", suppressions=[ignore])):
        for path in ["title", "plan_year", "positions.share", "positions.purpose",
                     "references.year", "decisions.date.year", "notes.date.month",
                     "notes.condition", "suppressions.rules", "suppressions.reason",
                     "decisions.date.none", "positions.share.none"]:  # fmt: skip
            for where in [{}, {"kind": ["kw"]}, {"kind": ["ku"]}, {"council": [False]}]:
                expected = bool(resolve(request, FieldRef(path=path, where=where)))
                assert present(request, path, where) == expected, (path, where)


@pytest.mark.parametrize(
    ("params", "share", "limit"),
    [
        ({"min": 1}, "0,5", "1"),
        ({"min": 1}, "1,0", None),
        ({"min_exclusive": 0}, "0,0", "0"),
        ({"min_exclusive": 0}, "0,25", None),
        ({"max": 2}, "2,5", "2"),
        ({"max": 2}, "2,0", None),
        ({"max_decimals": 2}, "0,125", "2"),
        ({"max_decimals": 2}, "0,75", None),
    ],
)
def test_field_range_each_bound(
    ruleset: RuleSet, params: dict[str, Any], share: str, limit: str | None
) -> None:
    check = {"type": "field-range", "paths": ["positions.share"], **params}
    hits = run(
        ruleset, check, f"1 Antrag, Stellenausstattung\nGeschaffen wird {share} Stelle.\n", "antrag"
    )
    assert [h.values.get("limit") for h in hits] == ([limit] if limit else [])
    if limit:
        assert hits[0].values["value"] == share and hits[0].section == "antrag"


def test_field_range_upper_bound_from_another_field(ruleset: RuleSet) -> None:
    check = {"type": "field-range", "paths": ["references.year"], "max_field": "plan_year"}
    text = "2 Schaffungskriterien\nGRDrs. 1/2021, GRDrs. 2/2022 und GRDrs. 3/2023.\n"
    hits = run(ruleset, check, text)
    assert [(h.section, h.values["value"], h.values["limit"]) for h in hits] == [
        ("schaffungskriterien", "2023", "2022")
    ]
    no_year = analyse(document_from_text("Stellenschaffung\n" + text), ruleset)
    parsed = validate(REGISTRY["field-range"], check)
    assert list(parsed.run(Subject(*no_year, None))) == []  # no bound, nothing to compare
    assert parsed.field_paths() == ["references.year", "plan_year"]


def test_field_range_compares_numbers_and_years_but_not_yes_or_no(ruleset: RuleSet) -> None:
    check = {"type": "field-range", "paths": ["references.council", "references.year"], "min": 2}
    text = "2 Schaffungskriterien\nGRDrs. 1/2021.\n"
    assert run(ruleset, check, text) == []  # council is true, not 1; 2021 is more than 2
    check = {**check, "min": 2022}
    assert [h.values["value"] for h in run(ruleset, check, text)] == ["2021"]


def test_item_fields_where_and_require_any(ruleset: RuleSet) -> None:
    check = {"type": "item-fields", "path": "notes", "where": {"kind": ["kw"]},
             "require_any": ["date", "condition"]}  # fmt: skip
    text = "4 Stellenvermerke\nkw\nkw 31.12.2025\nku bei Wiederbesetzung\n"
    hits = run(ruleset, check, text, section="stellenvermerke")
    assert [(h.section, h.values["text"]) for h in hits] == [("stellenvermerke", "kw")]
    parsed = validate(REGISTRY["item-fields"], check)
    assert parsed.field_paths() == ["notes", "notes.kind", "notes.date", "notes.condition"]
