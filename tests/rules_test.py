"""The default rules, their own examples, and broken rule files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.commands.rules import check_text
from antragscheck.pipeline import analyse, check_path
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleFileError, RuleSet, default_rules_dir, evaluate, load_rules
from antragscheck.rules.examples import run_examples
from tests.conftest import SAMPLES, SEED, needs_seed

DEFAULT_NAMES = {
    "unreadable-document",
    "section-missing",
    "section-empty",
    "placeholder-text",
    "council-reference-missing",
    "position-share-missing",
    "position-share-invalid",
    "org-unit-missing",
    "pay-grade-missing",
    "criterion-unrecognised",
    "workload-without-figures",
    "reference-after-plan-year",
    "council-reference-unknown",
    "decision-date-mismatch",
    "reference-not-decided",
    "section-too-short",
    "section-order",
    "section-duplicate",
    "plan-year-missing",
    "kw-without-date",
    "ku-without-target",
    "suppression-without-reason",
    "placeholder-optional-section",
    "suppression-unknown-rule",
    "duplicate-request",
    "plan-year-differs",
}


def test_the_default_rule_names_are_the_documented_ones(ruleset: RuleSet) -> None:
    assert {r.name for r in ruleset.rules} == DEFAULT_NAMES


def test_every_rule_has_examples_or_says_why_not(ruleset: RuleSet) -> None:
    # The reader's rule and the cross-file rules cannot be shown on one text.
    exempt = {r.name for r in ruleset.rules if r.examples is None}
    assert exempt == {"unreadable-document", "duplicate-request", "plan-year-differs"}
    assert all(ruleset.find(name).no_examples for name in exempt)  # type: ignore[union-attr]


def test_rule_examples(ruleset: RuleSet) -> None:
    results = run_examples(ruleset, check_text)
    broken = [f"{r.rule.name} ({r.label}: {r.problem})" for r in results if not r.ok]
    assert broken == []
    examples = [r for r in ruleset.rules if r.examples is not None]
    assert len(results) == sum(
        len(r.examples.passing) + len(r.examples.failing)  # type: ignore[union-attr]
        for r in examples
    )


@needs_seed
def test_the_seed_text_gets_no_error_and_no_warning(ruleset: RuleSet) -> None:
    antrag, doc_type = analyse(document_from_text(SEED.read_text(encoding="utf-8")), ruleset)
    findings = evaluate(antrag, doc_type, ruleset.rules)
    assert [f.name for f in findings if f.severity.value != "info"] == []


# Which rules each sample breaks; together they break every default rule.
EXPECTED = {
    "stellenschaffung_smart_city_2022.docx": {"pay-grade-missing"},
    "fehlende_abschnitte.docx": {"section-missing", "pay-grade-missing"},
    "platzhalter.docx": {
        "placeholder-text",
        "section-too-short",
        "pay-grade-missing",
    },
    "ohne_drucksache.docx": {"council-reference-missing", "pay-grade-missing"},
    "ohne_stellenanteil.docx": {
        "plan-year-missing",
        "position-share-missing",
        "org-unit-missing",
        "pay-grade-missing",
    },
    "mehrbelastung_ohne_zahlen.docx": {
        "workload-without-figures",
        "section-too-short",
        "pay-grade-missing",
    },
    "formular_tabelle.docx": {"ku-without-target"},
    "ueberarbeitet_nachverfolgung.docx": {
        "position-share-invalid",
        "section-order",
        "reference-after-plan-year",
        "section-duplicate",
        "kw-without-date",
    },
    "beschaedigt.docx": {"unreadable-document"},
}


@pytest.mark.parametrize(("sample", "names"), sorted(EXPECTED.items()))
def test_samples_break_the_rules_they_are_made_for(
    ruleset: RuleSet, sample: str, names: set[str]
) -> None:
    result = check_path(SAMPLES / sample, ruleset)
    assert {f.name for f in result.findings} == names


def test_together_the_samples_break_every_rule_but_ten() -> None:
    covered = set().union(*EXPECTED.values())
    # Covered by their own examples and the tests below, in suppress_test.py, in
    # audit_test.py (the cross-file rules), annotate_test.py (the blank template) and
    # ris_rules_test.py (the rules that need a council index, which the samples are
    # checked without).
    assert DEFAULT_NAMES - covered == {
        "section-empty",
        "placeholder-optional-section",
        "criterion-unrecognised",
        "suppression-without-reason",
        "suppression-unknown-rule",
        "duplicate-request",
        "plan-year-differs",
        "council-reference-unknown",
        "decision-date-mismatch",
        "reference-not-decided",
    }


def test_criterion_unrecognised(ruleset: RuleSet) -> None:
    text = "Stellenschaffung zum Stellenplan 2022\n2 Schaffungskriterien\nDie Stelle ist wichtig."
    antrag, doc_type = analyse(document_from_text(text), ruleset)
    names = [f.name for f in evaluate(antrag, doc_type, ruleset.rules)]
    assert "criterion-unrecognised" in names


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "eigene_regeln.yaml"
    path.write_text(text, encoding="utf-8")
    return path


RULE = """
rules:
  - id: X900
    name: my-rule
    severity: warning
    summary: Test.
    explanation: Test.
    message: "{message}"
    check: {check}
"""


@pytest.mark.parametrize(
    ("message", "check", "expected"),
    [
        ("Text", "{type: pattern, pattern: '(unclosed'}", "ungültiger regulärer Ausdruck"),
        ("Text", "{type: no-such-check}", "check"),
        ("Text", "{type: section-text, min_words: {nirgends: 3}}", "unbekannter Abschnitt"),
        ("{nonsense}", "{type: section-order}", "{nonsense}"),
    ],
)
def test_broken_rule_files_name_file_rule_and_problem(
    tmp_path: Path, message: str, check: str, expected: str
) -> None:
    path = write(tmp_path, RULE.format(message=message, check=check))
    with pytest.raises(RuleFileError) as error:
        load_rules([default_rules_dir(), path])
    text = str(error.value)
    assert str(path) in text and "X900" in text and expected in text


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "rules:\n  - id: X1\n    name: [unclosed\n")
    with pytest.raises(RuleFileError, match=r"Zeile \d+"):
        load_rules([path])


def test_a_broken_rule_file_exits_2_with_one_german_message(tmp_path: Path) -> None:
    path = write(tmp_path, RULE.format(message="x", check="{type: pattern, pattern: '[a-'}"))
    result = CliRunner().invoke(
        main, ["--rules", str(path), str(SAMPLES / "stellenschaffung_smart_city_2022.docx")]
    )
    assert result.exit_code == 2
    assert "Fehler in der Regeldatei" in result.output and "X900" in result.output
    assert "Traceback" not in result.output


def test_an_extra_rule_file_adds_a_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        RULE.format(
            message="„Smart City“ kommt in {section} vor.",
            check="{type: pattern, pattern: 'Smart City', scope: [antrag], mode: absent}",
        ),
    )
    result = CliRunner().invoke(
        main,
        [
            "--rules",
            str(path),
            "--format",
            "json",
            str(SAMPLES / "stellenschaffung_smart_city_2022.docx"),
        ],
    )
    assert "my-rule" in result.output
    assert "„Smart City“ kommt in 1 Antrag, Stellenausstattung vor." in result.output
