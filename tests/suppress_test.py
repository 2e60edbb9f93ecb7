"""Accepting a finding without disabling the rule: in the document, and by baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import para
from antragscheck.pipeline import check_path
from antragscheck.rules import RuleSet
from tests.conftest import MakeDocx
from tests.helpers import complete_body

SHORT = complete_body(auswirkungen=para("entfällt"))


def active(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.name for f in result.findings if f.suppressed is None]


@pytest.mark.parametrize(
    "where",
    [
        {"comments": ["antragscheck: ignore section-too-short – gesetzliche Pflichtaufgabe"]},
        {"properties": {"antragscheck": "ignore S103 – gesetzliche Pflichtaufgabe"}},
    ],
)
def test_a_suppression_in_the_document_keeps_the_finding_visible(
    make_docx: MakeDocx, ruleset: RuleSet, where: dict[str, object]
) -> None:
    result = check_path(make_docx(SHORT, **where), ruleset)
    assert active(result) == []
    (finding,) = result.findings
    assert finding.name == "section-too-short"
    assert finding.suppressed is not None and finding.suppressed.by == "document"
    assert "gesetzliche Pflichtaufgabe" in finding.suppressed.reason


def test_a_suppression_without_reason_suppresses_nothing_and_is_a_warning(
    make_docx: MakeDocx, ruleset: RuleSet
) -> None:
    path = make_docx(SHORT, comments=["antragscheck: ignore section-too-short"])
    result = check_path(path, ruleset)
    assert sorted(active(result)) == ["section-too-short", "suppression-without-reason"]
    assert [f.name for f in result.findings if f.suppressed] == []


def test_a_bare_suppression_does_not_turn_an_error_into_a_pass(make_docx: MakeDocx) -> None:
    """The issue's case: a bare comment made the blocking error a warning and exit 0."""
    path = make_docx(
        complete_body(auswirkungen=""),
        comments=["antragscheck: ignore section-empty"],
    )
    result = CliRunner().invoke(main, [str(path)], env={"COLUMNS": "80"})
    assert result.exit_code == 1
    assert "section-empty" in result.output and "unterdrückt" not in result.output


def test_an_unknown_rule_in_a_suppression_is_a_warning_naming_it(
    make_docx: MakeDocx, ruleset: RuleSet
) -> None:
    comment = "antragscheck: ignore section-to-short, S103 – gesetzliche Pflichtaufgabe"
    result = check_path(make_docx(SHORT, comments=[comment]), ruleset)
    (warning,) = [f for f in result.findings if f.name == "suppression-unknown-rule"]
    assert "„section-to-short“" in warning.message and warning.suppressed is None
    assert [f.name for f in result.findings if f.suppressed] == ["section-too-short"]


def test_a_rule_the_configuration_ignores_is_not_unknown(
    make_docx: MakeDocx, tmp_path: Path
) -> None:
    (tmp_path / "antragscheck.toml").write_text('ignore = ["S103"]\n', encoding="utf-8")
    comment = "antragscheck: ignore section-too-short – gesetzliche Pflichtaufgabe"
    path = make_docx(SHORT, comments=[comment])
    output = CliRunner().invoke(main, [str(path)]).output
    assert "suppression-unknown-rule" not in output


def test_ordinary_comments_change_nothing(make_docx: MakeDocx, ruleset: RuleSet) -> None:
    path = make_docx(SHORT, comments=["Bitte noch mit dem Amt abstimmen."])
    assert active(check_path(path, ruleset)) == ["section-too-short"]


def test_suppressed_findings_do_not_fail_and_are_counted(make_docx: MakeDocx) -> None:
    path = make_docx(
        complete_body(auswirkungen=""),
        comments=["antragscheck: ignore section-empty – wird in der Sitzung mündlich ergänzt"],
    )
    result = CliRunner().invoke(main, ["--format", "json", str(path)])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["summary"]["suppressed"] == 1 and report["summary"]["error"] == 0
    table = CliRunner().invoke(main, [str(path)])
    assert "unterdrückt: section-empty" in table.output


# -- baselines ------------------------------------------------------------------------


@pytest.fixture
def old_repo(tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_docx(SHORT, name="alt.docx")
    make_docx(complete_body(anlass=para("XXX")), name="platzhalter.docx")
    return tmp_path


def test_baseline_records_todays_findings_and_check_reports_only_new_ones(
    old_repo: Path, make_docx: MakeDocx
) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["baseline", "alt.docx", "platzhalter.docx", "-o", "bl.json"])
    assert made.exit_code == 0, made.output
    data = json.loads((old_repo / "bl.json").read_text(encoding="utf-8"))
    assert {e["name"] for e in data["findings"]} >= {"section-too-short", "placeholder-text"}
    assert {e["path"] for e in data["findings"]} == {"alt.docx", "platzhalter.docx"}

    # Unchanged files: nothing new, exit 0, findings still in the JSON as known.
    again = runner.invoke(
        main, ["--format", "json", "--baseline", "bl.json", "alt.docx", "platzhalter.docx"]
    )
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert report["summary"]["error"] == 0 and report["summary"]["suppressed"] >= 3
    assert all(f["suppressed"]["by"] == "baseline" for r in report["files"] for f in r["findings"])

    # Text edited elsewhere keeps the fingerprints; a new problem is reported.
    (old_repo / "alt.docx").unlink()
    make_docx(
        SHORT.replace("Neue Aufgabe", "Bisher vom Amt mit erledigt.").replace(
            "1,0 Stelle", "eine Koordinierungsstelle"
        ),
        name="alt.docx",
    )
    new = runner.invoke(main, ["--format", "json", "--baseline", "bl.json", "alt.docx"])
    assert new.exit_code == 1
    fresh = [
        f["name"] for f in json.loads(new.output)["files"][0]["findings"] if not f["suppressed"]
    ]
    assert fresh == ["position-share-missing"]


def test_baseline_never_overwrites_without_force(old_repo: Path) -> None:
    (old_repo / "bl.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["baseline", "alt.docx", "-o", "bl.json"])
    assert result.exit_code == 2 and "--force" in result.output
    assert (old_repo / "bl.json").read_text(encoding="utf-8") == "{}"
    forced = CliRunner().invoke(main, ["baseline", "alt.docx", "-o", "bl.json", "--force"])
    assert forced.exit_code == 0
    assert json.loads((old_repo / "bl.json").read_text(encoding="utf-8"))["version"] == 1


def test_a_damaged_baseline_is_a_clear_error(old_repo: Path) -> None:
    (old_repo / "bl.json").write_text("kein json", encoding="utf-8")
    result = CliRunner().invoke(main, ["--baseline", "bl.json", "alt.docx"])
    assert result.exit_code == 2 and "keine gültige antragscheck-Baseline" in result.output
