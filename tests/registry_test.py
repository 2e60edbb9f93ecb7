"""The check types as one registry: every part a rule author relies on comes from it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from antragscheck import jsonshape
from antragscheck.audit.worker import Task, audit_file, failed_record
from antragscheck.models import AuditFacts
from antragscheck.rules import RuleFileError, RuleSet, default_rules_dir, load_rules
from antragscheck.rules.checks import CHECK_TYPES, REGISTRY, CheckType, type_name
from antragscheck.rules.evaluate import evaluate_across, unreadable
from antragscheck.rules.schema import Rule
from antragscheck.settings import Options, Resolver
from antragscheck.spec import validate
from tests.conftest import SAMPLES


@pytest.mark.parametrize("cls", CHECK_TYPES, ids=type_name)
def test_each_check_type_is_one_documented_unit(cls: type[CheckType]) -> None:
    assert cls.__doc__ and cls.__doc__.strip() and cls.description
    assert cls.stage in ("document", "audit", "reader")
    rule = validate(Rule, {**yaml.safe_load(cls.example), "explanation": "Beispiel."})
    assert type(rule.check) is cls
    assert REGISTRY[rule.check.type] is cls


def test_every_shipped_check_type_is_used_by_a_default_rule(ruleset: RuleSet) -> None:
    assert {r.check.type for r in ruleset.rules} == set(REGISTRY)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "eigene_regeln.yaml"
    path.write_text(text, encoding="utf-8")
    return path


RULE = """\
rules:
  - id: X900
    name: my-rule
    severity: warning
    summary: Test.
    explanation: Test.
    message: "Fehlt."
    check:
{check}
"""


@pytest.mark.parametrize(
    ("check", "line", "expected"),
    [
        (
            "      type: field-range\n      paths: [positions.shrae]\n      min: 0",
            10,
            "'shrae' gibt es bei positions nicht",
        ),
        (
            "      type: field-present\n      fields:\n        - {path: referenzen}",
            11,
            "'referenzen' gibt es im Antrag nicht",
        ),
        (
            "      type: field-present\n      fields:\n"
            "        - {path: references, where: {councl: [true]}}",
            11,
            "'councl' gibt es bei references nicht",
        ),
        (
            "      type: item-fields\n      path: notes\n      require_any: [datum]",
            11,
            "'datum' gibt es bei notes nicht",
        ),
        (
            "      type: field-range\n      paths: [decisions.date.yaer]\n      max: 2030",
            10,
            "'yaer' gibt es bei decisions.date nicht",
        ),
        (
            "      type: section-text\n      min_words: {anlas: 3}",
            10,
            "unbekannter Abschnitt 'anlas'",
        ),
    ],
)
def test_a_typo_in_a_field_or_section_fails_at_load_with_its_line(
    tmp_path: Path, check: str, line: int, expected: str
) -> None:
    path = write(tmp_path, RULE.format(check=check))
    with pytest.raises(RuleFileError) as error:
        load_rules([default_rules_dir(), path])
    assert error.value.line == line
    assert expected in str(error.value) and "X900" in str(error.value)
    assert "Bekannt sind" in str(error.value) or "Abschnitt" in str(error.value)


def test_a_valid_field_path_through_a_date_loads(tmp_path: Path) -> None:
    check = "      type: field-range\n      paths: [decisions.date.year]\n      max: 2030"
    ruleset = load_rules([default_rules_dir(), write(tmp_path, RULE.format(check=check))])
    assert ruleset.find("X900") is not None


def test_a_cross_file_check_takes_no_when(tmp_path: Path) -> None:
    check = "      type: audit-plan-year\n    when: {section: anlass}"
    with pytest.raises(RuleFileError, match="when"):
        load_rules([default_rules_dir(), write(tmp_path, RULE.format(check=check))])


def facts(path: str, unit: str, purpose: str, year: int, doc_type: str = "stellenschaffung"):
    return AuditFacts(path, doc_type, unit, purpose, year)


def test_cross_file_checks_run_through_the_evaluation(ruleset: RuleSet) -> None:
    requests = [
        facts("a.docx", "Jugendamt", "Koordinierung Smart City", 2022),
        facts("b.docx", "jugendamt", "die Koordinierung der Smart City", 2022),
        facts("c.docx", "Jugendamt", "Schulsozialarbeit", 2019),
        facts("d.docx", "Jugendamt", "Koordinierung Smart City", 2022, doc_type="sachmittel"),
    ]
    found = evaluate_across(requests, ruleset.rules, ruleset.document_types)
    names = {path: [f.name for f in findings] for path, findings in found.items()}
    # d is of another type: duplicate-request is for staffing requests only.
    assert names == {
        "a.docx": ["duplicate-request"],
        "b.docx": ["duplicate-request"],
        "c.docx": ["plan-year-differs"],
    }
    duplicate = found["a.docx"][0]
    # a and b are one group (d is not in it): one group id, "in 2 Anträgen" in the message
    assert duplicate.section == "antrag" and "in 2 Anträgen (Gruppe G1)" in duplicate.message
    assert duplicate.group == found["b.docx"][0].group == "G1"
    assert found["c.docx"][0].message.startswith("Der Antrag ist für den Stellenplan 2019")


def test_the_duplicate_threshold_decides(ruleset: RuleSet) -> None:
    rule = ruleset.find("duplicate-request")
    assert rule is not None
    requests = [
        facts("a.docx", "Amt", "Koordinierung Smart City Stuttgart", 2022),
        facts("b.docx", "Amt", "Koordinierung Klimaschutz Stuttgart", 2022),
    ]
    assert evaluate_across(requests, [rule]) == {}  # two of five words shared: 0.4 < 0.8
    loose = replace(rule, check=replace(rule.check, min_similarity=0.4))
    assert set(evaluate_across(requests, [loose])) == {"a.docx", "b.docx"}


def configured(tmp_path: Path, toml: str) -> Resolver:
    config = tmp_path / "antragscheck.toml"
    config.write_text(toml, encoding="utf-8")
    return Resolver(Options(config=config))


def test_the_unreadable_finding_honours_the_configured_severity_everywhere(
    tmp_path: Path,
) -> None:
    resolver = configured(tmp_path, '[severity]\nunreadable-document = "warning"\n')
    broken = tmp_path / "kaputt.docx"
    broken.write_bytes(b"PK\x03\x04 kaputt")
    # The reader's finding, a worker stopped at its time limit, an internal error:
    record, complete = audit_file(Task(broken, "kaputt.docx", 60.0), resolver)
    assert complete and [f.severity.value for f in record.findings] == ["warning"]
    stopped = failed_record(Task(broken, "kaputt.docx", 1.0), "Abgebrochen.", resolver)
    assert [(f.rule, f.severity.value, f.message) for f in stopped.findings] == [
        ("D100", "warning", "Abgebrochen.")
    ]
    missing = tmp_path / "weg.docx"  # reading it fails outside the reader's own checks
    record, complete = audit_file(Task(missing, "weg.docx", 60.0), resolver)
    assert [f.severity.value for f in record.findings] == ["warning"]


def test_a_stopped_file_keeps_its_per_file_ignores(tmp_path: Path) -> None:
    resolver = configured(tmp_path, '[per-file-ignores]\n"*.docx" = ["unreadable-document"]\n')
    stopped = failed_record(Task(tmp_path / "x.docx", "x.docx", 1.0), "Abgebrochen.", resolver)
    assert stopped.findings[0].suppressed is not None


def test_without_a_reader_rule_the_file_is_still_reported() -> None:
    finding = unreadable((), "Kaputt.")
    assert (finding.rule, finding.name, finding.severity.value) == (
        "D100",
        "unreadable-document",
        "error",
    )
    assert json.loads(jsonshape.dumps(finding))["message"] == "Kaputt."


def test_the_sample_audit_record_is_unchanged_by_the_registry() -> None:
    record, complete = audit_file(
        Task(SAMPLES / "platzhalter.docx", "platzhalter.docx", 60.0), Resolver(Options())
    )
    assert complete
    assert "placeholder-text" in {f.name for f in record.findings}
