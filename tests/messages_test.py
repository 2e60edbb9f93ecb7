"""What a clerk reads in a finding's message, on real DOCX files: the quoted template
text, and the sections a check names.  (Written against surviving mutants: each test
fails when the text the clerk reads changes.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import para, table
from antragscheck.pipeline import check_path
from antragscheck.rules import RuleFileError, RuleSet, default_rules_dir, load_rules
from tests.conftest import SAMPLES, MakeDocx
from tests.helpers import ANLASS, complete_body

PLACEHOLDER = "placeholder-text"


def placeholder_quote(make_docx: MakeDocx, ruleset: RuleSet, left_over: str) -> str:
    """The template text S106 quotes for `left_over` written into 3.1 Anlass."""
    path = make_docx(complete_body(anlass=para(ANLASS) + para(left_over)))
    (finding,) = [f for f in check_path(path, ruleset).findings if f.name == PLACEHOLDER]
    assert finding.section == "anlass"
    prefix = "steht noch Vorlagentext: „"
    start = finding.message.index(prefix) + len(prefix)
    return finding.message[start : finding.message.index("“", start)]


@pytest.mark.parametrize(
    ("left_over", "quoted"),
    [
        # short: whole, whitespace collapsed, a closing full stop dropped
        ("[bitte  hier\tden Anlass eintragen].", "[bitte hier den Anlass eintragen]"),
        ("Siehe XXX.", "XXX"),
        ("Klicken Sie hier, um Text einzugeben.", "Klicken Sie hier, um Text einzugeben"),
        # the word before the cut may end in X
        (
            "[bitte hier den Anlass und die Zahl der Fälle per FAX Stellenschaffungen eintragen]",
            "[bitte hier den Anlass und die Zahl der Fälle per FAX …",
        ),
        # exactly 60 characters: whole
        ("[bitte hier " + "a" * 47 + "]", "[bitte hier " + "a" * 47 + "]"),
        # 61 characters: cut before the word that does not fit
        ("[bitte hier " + "a" * 48 + "]", "[bitte hier …"),
        # the cut ends in whole words, without the punctuation before the cut
        (
            "[bitte hier den Anlass der neuen Stellen: Ziele, Aufgaben, Fallzahlen eintragen]",
            "[bitte hier den Anlass der neuen Stellen: Ziele, Aufgaben …",
        ),
        (
            "[bitte hier den Anlass der Stellen mit Zielen, Aufgaben; Fallzahlen eintragen]",
            "[bitte hier den Anlass der Stellen mit Zielen, Aufgaben …",
        ),
        (
            "[bitte hier: den Anlass; die Fallzahlen; die Ziele der Stellenschaffung eintragen]",
            "[bitte hier: den Anlass; die Fallzahlen; die Ziele der …",
        ),
    ],
)
def test_left_over_template_text_is_quoted_in_whole_words_up_to_60_characters(
    make_docx: MakeDocx, ruleset: RuleSet, left_over: str, quoted: str
) -> None:
    assert placeholder_quote(make_docx, ruleset, left_over) == quoted


def custom_rules(tmp_path: Path, rules: str) -> RuleSet:
    """The shipped rules plus a budget office's own rule file."""
    path = tmp_path / "eigene.yaml"
    path.write_text("rules:\n" + rules, encoding="utf-8")
    return load_rules([default_rules_dir(), path])


def test_a_pattern_rule_names_unknown_sections_in_its_scope_at_load(tmp_path: Path) -> None:
    rule = (
        "  - {id: Z1, name: typo, severity: info, summary: s, explanation: e, message: m,\n"
        "     check: {type: pattern, pattern: x, scope: %s}, no_examples: nur zum Test}\n"
    )
    with pytest.raises(RuleFileError, match="Zeile 3, Regel Z1: unbekannter Abschnitt 'anlas'"):
        custom_rules(tmp_path, rule % "[anlass, anlas]")
    loaded = custom_rules(tmp_path, rule % "document")  # the whole document: no keys
    assert "Z1" in {r.id for r in loaded.rules}


def test_item_fields_counts_empty_text_and_empty_lists_as_missing(
    tmp_path: Path, make_docx: MakeDocx
) -> None:
    loaded = custom_rules(
        tmp_path,
        "  - {id: Z2, name: section-without-text, severity: info, summary: s, explanation: e,\n"
        "     message: 'leer: {text}', no_examples: nur zum Test,\n"
        "     check: {type: item-fields, path: sections, require_any: [text]}}\n"
        "  - {id: Z3, name: section-without-table, severity: info, summary: s, explanation: e,\n"
        "     message: 'ohne Tabelle', no_examples: nur zum Test,\n"
        "     check: {type: item-fields, path: sections, require_any: [tables]}}\n",
    )
    path = make_docx(complete_body(antrag=table([["Stellen", "1,0"]])))
    findings = check_path(path, loaded).findings
    # "3 Bedarf" (only subsections) and "4 Stellenvermerke" have no text of their own
    assert [f.message for f in findings if f.rule == "Z2"] == ["leer: ", "leer: "]
    # every section but "1 Antrag" (a form table) has no table
    assert len([f for f in findings if f.rule == "Z3"]) == 6


def test_a_cross_file_rule_names_its_section_as_the_clerk_knows_it(tmp_path: Path) -> None:
    folder = tmp_path / "ablage"
    folder.mkdir()
    for name in ("smart_city.docx", "smart_city_kopie.docx"):
        shutil.copyfile(SAMPLES / "stellenschaffung_smart_city_2022.docx", folder / name)
    rules = tmp_path / "eigene.yaml"
    rules.write_text(
        "rules:\n"
        "  - {id: Z8, name: twice, severity: info, summary: s, explanation: e,\n"
        "     section: antrag, no_examples: nur im Audit,\n"
        "     message: 'Doppelt in „{section}“, auch in {other}.',\n"
        "     check: {type: audit-duplicate, min_similarity: 0.8}}\n",
        encoding="utf-8",
    )
    export = tmp_path / "befunde.json"
    args = ["audit", str(folder), "--jobs", "1", "--no-cache", "--rules", str(rules)]
    result = CliRunner().invoke(main, [*args, "--select", "Z8", "--json", str(export)])
    assert result.exit_code == 0, result.output
    files = json.loads(export.read_text(encoding="utf-8"))["files"]
    found = [(Path(r["path"]).name, f["section"], f["message"]) for r in files
             for f in r["findings"]]  # fmt: skip
    assert sorted(found) == [
        ("smart_city.docx", "antrag",
         f"Doppelt in „1 Antrag, Stellenausstattung“, auch in {folder / 'smart_city_kopie.docx'}."),
        ("smart_city_kopie.docx", "antrag",
         f"Doppelt in „1 Antrag, Stellenausstattung“, auch in {folder / 'smart_city.docx'}."),
    ]  # fmt: skip
