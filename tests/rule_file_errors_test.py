"""A budget office's rule file with a mistake: one German message naming the file, the
line to look at, the rule (or type, or notation) and the field.  (Written against
surviving mutants: each case fails when the message or its line changes.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from antragscheck.rules import RuleFileError, default_rules_dir, load_rules
from antragscheck.rules.load import load_file

RULE = (
    "  - {id: X1, name: n1, severity: info, summary: s, explanation: e, message: m,\n"
    "     check: {type: section-order}, no_examples: x}\n"
)
BODY = "    severity: info\n    summary: s\n    explanation: e\n    message: m\n"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        # a rule without id: named by its place, its line
        (
            "rules:\n" + RULE + "  - name: n2\n" + BODY + "    check: {type: section-order}\n",
            "Zeile 4, Regel #2: Feld id: Pflichtangabe fehlt",
        ),
        # a misspelt parameter of a check: the line of the misspelt key
        (
            "rules:\n"
            + RULE
            + "  - id: X2\n    name: n2\n"
            + BODY
            + "    check:\n      type: pattern\n      pattrn: x\n",
            "Zeile 12, Regel X2: Feld check.pattrn: unbekannter Schlüssel (Tippfehler?)",
        ),
        (
            "rules:\n  - id: X4\n    name: n4\n" + BODY + "    check:\n      type: field-present\n",
            "Zeile 8, Regel X4: Feld check.fields: Pflichtangabe fehlt",
        ),
        (
            "rules:\n  - id: X3\n    name: n3\n" + BODY + "    document_types: stellenschaffung\n"
            "    check: {type: section-order}\n",
            "Zeile 8, Regel X3: Feld document_types: hier wird eine Liste erwartet ([…])",
        ),
        ("rules:\n  - nur Text\n", "Zeile 2, Regel #1: muss eine Tabelle sein (Schlüssel = Wert)"),
        # a check type that does not exist: named, and where to find the others
        (
            "rules:\n  - id: X5\n    name: n5\n" + BODY + "    check: {type: platzhalter}\n",
            "Zeile 8, Regel X5: Feld check: unbekannter Prüftyp 'platzhalter'; alle Prüftypen "
            "zeigt `antragscheck rules checks`",
        ),
        (
            "document_types:\n  - id: sachmittel\n    name: S\n    sections:\n"
            "      - {key: kosten, number: '1', title: Kosten}\n"
            "      - {key: nutzen, number: '2', titel: Nutzen}\n",
            "Zeile 6, Dokumenttyp sachmittel: Feld sections.1.titel: unbekannter Schlüssel "
            "(Tippfehler?)",
        ),
        (
            "notations:\n  - document_type: stellenschaffung\n    shares: 5\n",
            "Zeile 3, Notation stellenschaffung: Feld shares: muss eine Tabelle sein "
            "(Schlüssel = Wert)",
        ),
        (
            "notations:\n  - shares: {}\n",
            "Zeile 2, Notation #1: Feld document_type: Pflichtangabe fehlt",
        ),
    ],
)
def test_a_mistake_in_a_rule_file_names_line_owner_and_field(
    tmp_path: Path, text: str, error: str
) -> None:
    path = tmp_path / "eigene.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_file(path)
    assert str(raised.value) == f"{path}, {error}"


@pytest.mark.parametrize(
    ("second", "error"),
    [
        (RULE, "Zeile 4, Regel X1: Regel-ID X1 ist doppelt vergeben"),
        (RULE.replace("id: X1", "id: X2"), "Zeile 4, Regel X2: Regelname n1 ist doppelt vergeben"),
        (
            RULE.replace("id: X1, name: n1", "id: X2, name: n2, section: anlas"),
            "Zeile 4, Regel X2: unbekannter Abschnitt 'anlas'",
        ),
        (
            RULE.replace("id: X1, name: n1", "id: X2, name: n2, document_types: [sachmittel]"),
            "Zeile 4, Regel X2: unbekannter Dokumenttyp sachmittel",
        ),
    ],
)
def test_rules_that_do_not_fit_together_name_the_second(
    tmp_path: Path, second: str, error: str
) -> None:
    path = tmp_path / "eigene.yaml"
    path.write_text("rules:\n" + RULE + second, encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rules([default_rules_dir(), path])
    assert str(raised.value) == f"{path}, {error}"


def test_a_link_that_is_no_address_is_refused_with_an_example(tmp_path: Path) -> None:
    path = tmp_path / "eigene.yaml"
    path.write_text(
        "rules:\n" + RULE.replace("no_examples: x", "no_examples: x, link: ftp://x"),
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as raised:
        load_file(path)
    assert str(raised.value).endswith(
        "`link` 'ftp://x' ist weder eine Adresse (https://…) noch eine Stelle der "
        "Dokumentation (z. B. docs/rules.md#section-missing)"
    )


def test_a_filter_on_a_nested_field_names_the_list_it_filters(tmp_path: Path) -> None:
    path = tmp_path / "eigene.yaml"
    rule = RULE.replace(
        "check: {type: section-order}",
        "check: {type: field-present, fields: [{path: references.year, where: {council: [true]}}]}",
    )
    path.write_text("rules:\n" + rule, encoding="utf-8")
    loaded = load_rules([default_rules_dir(), path])  # "references.council" exists
    assert "X1" in {r.id for r in loaded.rules}


ONE = (
    "  - {id: X1, name: n1, severity: info, summary: s, explanation: e, message: m,\n"
    "     no_examples: ohne, %s}\n"
)
KNOWN = (
    "criteria, decisions, document_type, notes, org_units, pay_grades, plan_year, "
    "plan_year_source, positions, preamble_placeholders, references, sections, "
    "suppressions, title"
)


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        (
            "document_types: [zz, aa], check: {type: section-order}",
            "Zeile 2, Regel X1: unbekannter Dokumenttyp aa, zz",
        ),
        (
            "check: {type: field-present, fields: [{path: decisions.date.yaer}]}",
            "Zeile 3, Regel X1: unbekanntes Feld 'decisions.date.yaer': 'yaer' gibt es bei "
            "decisions.date nicht. Bekannt sind: day, max, min, month, resolution, year.",
        ),
        (  # a text has no fields to list
            "check: {type: field-present, fields: [{path: references.kind.laenge}]}",
            "Zeile 3, Regel X1: unbekanntes Feld 'references.kind.laenge': 'laenge' gibt es bei "
            "references.kind nicht.",
        ),
        (
            "check: {type: field-present, fields: [{path: positons}]}",
            "Zeile 3, Regel X1: unbekanntes Feld 'positons': 'positons' gibt es im Antrag "
            f"nicht. Bekannt sind: {KNOWN}.",
        ),
        # every place a section is named is checked, whatever else names one
        (
            "section: anlas, check: {type: section-present, sections: [antrag]}",
            "Zeile 3, Regel X1: unbekannter Abschnitt 'anlas'",
        ),
        (
            "when: {section: anlass}, check: {type: section-present, sections: [anlas]}",
            "Zeile 3, Regel X1: unbekannter Abschnitt 'anlas'",
        ),
        (
            "when: {pattern: x, scope: [anlas]}, check: {type: section-present, sections: [antrag]}",  # noqa: E501
            "Zeile 3, Regel X1: unbekannter Abschnitt 'anlas'",
        ),
        (
            "when: {pattern: x, scope: [antrag]}, check: {type: section-present, sections: [anlas]}",  # noqa: E501
            "Zeile 3, Regel X1: unbekannter Abschnitt 'anlas'",
        ),
    ],
)
def test_what_a_rule_refers_to_must_exist(tmp_path: Path, rule: str, error: str) -> None:
    path = tmp_path / "eigene.yaml"
    path.write_text("rules:\n" + ONE % rule, encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rules([default_rules_dir(), path])
    assert str(raised.value) == f"{path}, {error}"


def test_rules_without_any_document_type_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "eigene.yaml"
    path.write_text("rules:\n" + ONE % "check: {type: section-order}", encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rules([path])
    assert str(raised.value) == f"{path}: kein Dokumenttyp deklariert"
    (tmp_path / "leer").mkdir()
    with pytest.raises(RuleFileError) as raised:
        load_rules([tmp_path / "leer"])
    assert str(raised.value) == "rules: kein Dokumenttyp deklariert"
