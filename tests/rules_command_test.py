"""`antragscheck rules`, docs/rules.md, rule tests, and a new document type without code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.commands.rules import check_types_markdown, markdown
from antragscheck.docxwrite import heading, para
from antragscheck.pipeline import check_path
from antragscheck.rules import default_rules_dir, load_rules
from tests.conftest import ROOT, MakeDocx


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_rules_lists_every_rule_as_a_table() -> None:
    result = CliRunner().invoke(main, ["rules"], env={"COLUMNS": "120"})
    code, output = result.exit_code, result.output
    assert code == 0
    for header in ("ID", "Name", "Schweregrad", "Dokumenttyp", "Prüft"):
        assert header in output
    assert "section-missing" in output and "S101" in output


def test_rules_as_json() -> None:
    _code, output = run("rules", "--format", "json")
    rows = json.loads(output)
    row = next(r for r in rows if r["name"] == "council-reference-missing")
    assert row == {
        "id": "R201",
        "name": "council-reference-missing",
        "severity": "error",
        "document_types": ["stellenschaffung"],
        "summary": "Kein Bezug auf einen Gemeinderatsbeschluss.",
    }


def test_one_rule_by_name_or_id_with_its_examples() -> None:
    by_name = run("rules", "kw-without-date")
    by_id = run("rules", "V501")
    assert by_name == by_id
    code, output = by_name
    assert code == 0
    assert "Warum:" in output
    assert "Beispiel, das besteht:" in output and "kw 31.12.2025" in output
    assert "Beispiel, das durchfällt:" in output


def test_unknown_rule_is_a_usage_error() -> None:
    code, output = run("rules", "no-such-rule")
    assert code == 2 and "gibt es nicht" in output


def test_docs_rules_md_is_up_to_date() -> None:
    expected = markdown(load_rules())
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md: run `antragscheck rules --format markdown`"


def test_docs_checks_md_is_up_to_date() -> None:
    actual = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert actual == check_types_markdown(), "docs/checks.md: run `antragscheck rules checks`"


def test_the_check_type_reference_names_every_type_and_its_parameters() -> None:
    code, output = run("rules", "checks")
    assert code == 0
    assert "## field-range" in output and "## audit-duplicate" in output
    assert "| `max_decimals` | ganze Zahl | – |" in output
    assert "| `min_similarity` | Zahl | `0.8` |" in output
    assert "Meldungsfelder: `{limit}`, `{section}`, `{value}`" in output


def test_rules_test_runs_the_shipped_examples() -> None:
    code, output = run("rules", "test")
    assert code == 0
    assert "0 fehlerhaft" in output


def test_rules_test_names_the_broken_rule(tmp_path: Path) -> None:
    rules = tmp_path / "kaputt.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: X1\n    name: wrong-example\n    severity: warning\n    summary: t\n"
        "    explanation: t\n    message: 'TODO in {section}'\n"
        "    check: {type: pattern, pattern: TODO, mode: absent}\n"
        "    examples:\n      pass: |\n        3.1 Anlass\n        TODO\n"
        "      fail: |\n        3.1 Anlass\n        TODO\n",
        encoding="utf-8",
    )
    code, output = run("rules", "test", str(rules))
    assert code == 1
    assert "X1 wrong-example" in output and "1 fehlerhaft" in output
    assert "section-missing" not in output  # only the rules of the given file


BROKEN_EXPECTATION = """\
rules:
  - id: X2
    name: anlass-needs-numbers
    severity: warning
    summary: t
    explanation: t
    section: anlass
    message: "Im Abschnitt „{section}“ fehlen Zahlen."
    check: {type: pattern, pattern: '\\d', scope: [anlass]}
    examples:
      pass:
        - "3.1 Anlass\\nEs sind 12 Fälle."
        - "3.1 Anlass\\nEs sind 30 Fälle."
      fail:
        - text: "3.1 Anlass\\nEs sind viele Fälle."
          expect: {section: anlass, message: fehlen Zahlen}
        - text: "3.1 Anlass\\nEs sind viele Fälle."
          expect: {section: bedarf}
        - text: "3.1 Anlass\\nEs sind viele Fälle."
          expect: {message: "fehlt der Text"}
"""


def test_rules_test_fails_when_the_finding_differs_from_the_expectation(tmp_path: Path) -> None:
    rules = tmp_path / "erwartung.yaml"
    rules.write_text(BROKEN_EXPECTATION, encoding="utf-8")
    code, output = run("rules", "test", str(rules))
    assert code == 1
    assert "besteht 2" in output and "fällt durch 3" in output
    assert "3 Beispiele in Ordnung, 2 fehlerhaft." in output
    text = " ".join(output.split())
    assert "erwartet Abschnitt bedarf, erhalten: anlass:" in text
    assert "erwartet Meldung mit „fehlt der Text“" in text


def test_an_expected_section_must_exist(tmp_path: Path) -> None:
    rules = tmp_path / "erwartung.yaml"
    rules.write_text(BROKEN_EXPECTATION.replace("section: bedarf", "section: bedraf"), "utf-8")
    code, output = run("rules", "test", str(rules))
    assert code == 2 and "unbekannter Abschnitt 'bedraf'" in output and "Zeile 18" in output


def test_rules_test_fails_on_a_rule_without_examples_or_reason(tmp_path: Path) -> None:
    rules = tmp_path / "ohne.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: X3\n    name: no-example\n    severity: info\n    summary: t\n"
        "    explanation: t\n    message: m\n    check: {type: section-order}\n",
        encoding="utf-8",
    )
    code, output = run("rules", "test", str(rules))
    assert code == 1 and "Ohne Beispiele und ohne Begründung: no-example" in output
    text = rules.read_text(encoding="utf-8") + "    no_examples: Nur zur Probe.\n"
    rules.write_text(text, encoding="utf-8")
    code, output = run("rules", "test", str(rules))
    assert code == 0 and "mit Begründung (no_examples): no-example" in output


def test_rules_test_is_a_subcommand_with_its_own_help() -> None:
    code, output = run("rules", "test", "--help")
    assert code == 0 and "rules test [OPTIONEN] [PFAD]" in output
    code, output = run("rules", "test", "a.yaml", "b.yaml")
    assert code == 2


# A second, made-up kind of request, declared only in YAML.
SACHMITTEL = """
document_types:
  - id: sachmittel
    name: Sachmittelantrag
    title_keywords: [Sachmittelantrag]
    sections:
      - {key: gegenstand, number: "1", title: Gegenstand}
      - {key: kosten, number: "2", title: Kosten, aliases: [Kostenaufstellung]}
      - {key: deckung, number: "3", title: Deckungsvorschlag}
rules:
  - id: M1
    name: cost-without-euro
    severity: error
    document_types: [sachmittel]
    summary: Die Kosten nennen keinen Eurobetrag.
    explanation: Ohne Betrag kann nichts veranschlagt werden.
    message: "Der Abschnitt „{section}“ nennt keinen Betrag in Euro."
    section: kosten
    when: {section: kosten}
    check: {type: pattern, pattern: '\\d[\\d.]*(,\\d+)?\\s*(€|Euro|EUR)', scope: [kosten]}
    examples:
      pass: |
        Sachmittelantrag 2023
        2 Kosten
        Es entstehen Kosten von 12.000 Euro.
      fail: |
        Sachmittelantrag 2023
        2 Kosten
        Es entstehen Kosten.
"""


def test_a_new_document_type_needs_no_code(tmp_path: Path, make_docx: MakeDocx) -> None:
    rules = tmp_path / "sachmittel.yaml"
    rules.write_text(SACHMITTEL, encoding="utf-8")
    ruleset = load_rules([default_rules_dir(), rules])
    body = (
        para("Sachmittelantrag 2023", style="Titel")
        + heading("Gegenstand")
        + para("Zwei Lastenräder für den Botendienst.")
        + heading("Kostenaufstellung")
        + para("Es entstehen Kosten.")
    )
    result = check_path(make_docx(body), ruleset)
    assert result.document_type == "sachmittel"
    assert sorted(f.name for f in result.findings) == ["cost-without-euro", "section-missing"]
    missing = next(f for f in result.findings if f.name == "section-missing")
    assert missing.section == "deckung"
    # The staffing rules do not apply to the other type, and --type forces a type.
    _code, output = run(
        "--rules", str(rules), "--type", "sachmittel", "--format", "json", str(make_docx(body))
    )
    assert json.loads(output)["files"][0]["document_type"] == "sachmittel"
    assert run("rules", "test", str(rules))[0] == 0


LINKED = """\
rules:
  - id: L1
    name: linked-rule
    severity: warning
    summary: Mit Verweis.
    explanation: Siehe Dienstanweisung.
    message: "TODO in {{section}}"
    link: {link}
    check: {{type: pattern, pattern: TODO, mode: absent}}
    examples:
      pass: "3.1 Anlass\\\\nFertig."
      fail: "3.1 Anlass\\\\nTODO"
"""


def test_a_rule_link_shows_in_rules_name_and_as_sarif_help_uri(
    tmp_path: Path, make_docx: MakeDocx
) -> None:
    rules = tmp_path / "verweis.yaml"
    link = "https://intranet.example.de/stellenplan/dienstanweisung#todo"
    rules.write_text(LINKED.format(link=link), encoding="utf-8")
    code, output = run("rules", "--rules", str(rules), "linked-rule")
    assert code == 0 and f"Mehr dazu: {link}" in output
    document = make_docx(para("3.1 Anlass", style="berschrift2") + para("TODO"))
    code, output = run("--rules", str(rules), "--format", "sarif", str(document))
    descriptors = json.loads(output)["runs"][0]["tool"]["driver"]["rules"]
    linked = next(d for d in descriptors if d["id"] == "L1")
    assert linked["helpUri"] == link
    assert all("helpUri" not in d for d in descriptors if d["id"] != "L1")
    # A docs anchor is not an absolute URI: it stays in the help text, not in helpUri.
    rules.write_text(LINKED.format(link="docs/rules.md#linked-rule"), encoding="utf-8")
    code, output = run("--rules", str(rules), "--format", "sarif", str(document))
    descriptors = json.loads(output)["runs"][0]["tool"]["driver"]["rules"]
    linked = next(d for d in descriptors if d["id"] == "L1")
    assert "helpUri" not in linked and "docs/rules.md#linked-rule" in linked["help"]["text"]


def test_a_link_must_be_a_web_address_or_a_docs_anchor(tmp_path: Path) -> None:
    rules = tmp_path / "verweis.yaml"
    rules.write_text(LINKED.format(link="'javascript:alert(1)'"), encoding="utf-8")
    code, output = run("rules", "--rules", str(rules))
    assert code == 2 and "`link`" in output and "weder eine Adresse" in output
