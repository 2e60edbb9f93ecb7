"""Configuration a budget office or a repository owns: antragscheck.toml / pyproject.toml."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import para
from tests.conftest import MakeDocx
from tests.helpers import complete_body

# A request whose 3.3 is only "entfällt" (section-too-short) and that names no pay grade.
SHORT = complete_body(auswirkungen=para("entfällt")).replace("(EG 12 TVöD)", "")


@pytest.fixture
def repo(tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder tree: repo/antraege/amt/antrag.docx, working folder elsewhere."""
    folder = tmp_path / "repo" / "antraege" / "amt"
    folder.mkdir(parents=True)
    source = make_docx(SHORT, name="quelle.docx")
    (folder / "antrag.docx").write_bytes(source.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path / "repo"


def run(*args: str) -> tuple[int, dict | str]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    try:
        return result.exit_code, json.loads(result.output)
    except json.JSONDecodeError:
        return result.exit_code, result.output


def names(report: dict, active: bool = True) -> list[str]:  # type: ignore[type-arg]
    return [
        f["name"] for f in report["files"][0]["findings"] if (f["suppressed"] is None) == active
    ]


def antrag(repo: Path) -> str:
    return str(repo / "antraege" / "amt" / "antrag.docx")


def test_without_configuration_the_defaults_apply(repo: Path) -> None:
    code, report = run("--format", "json", antrag(repo))
    assert code == 0
    assert sorted(names(report)) == ["pay-grade-missing", "section-too-short"]


def test_configuration_is_found_upward_from_the_file(repo: Path) -> None:
    (repo / "antragscheck.toml").write_text(
        'ignore = ["pay-grade-missing"]\nfail-on = "warning"\n'
        '[severity]\nsection-too-short = "error"\n',
        encoding="utf-8",
    )
    code, report = run("--format", "json", antrag(repo))
    assert code == 1
    findings = report["files"][0]["findings"]  # type: ignore[index]
    assert [(f["name"], f["severity"]) for f in findings] == [("section-too-short", "error")]


def test_pyproject_tool_section_and_select_by_prefix(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.antragscheck]\nselect = ["S1"]\n', encoding="utf-8"
    )
    _code, report = run("--format", "json", antrag(repo))
    assert names(report) == ["section-too-short"]  # type: ignore[arg-type]


def test_a_pyproject_without_the_section_is_passed_over(repo: Path) -> None:
    (repo / "antraege" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (repo / "antragscheck.toml").write_text('ignore = ["S103"]\n', encoding="utf-8")
    _code, report = run("--format", "json", antrag(repo))
    assert names(report) == ["pay-grade-missing"]  # type: ignore[arg-type]


def test_config_option_overrides_the_search(repo: Path, tmp_path: Path) -> None:
    (repo / "antragscheck.toml").write_text('ignore = ["S103"]\n', encoding="utf-8")
    other = tmp_path / "anders.toml"
    other.write_text('ignore = ["pay-grade-missing"]\n', encoding="utf-8")
    _code, report = run("--format", "json", "--config", str(other), antrag(repo))
    assert names(report) == ["section-too-short"]  # type: ignore[arg-type]


def test_command_line_fail_on_beats_the_configuration(repo: Path) -> None:
    (repo / "antragscheck.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    assert run(antrag(repo))[0] == 1
    assert run("--fail-on", "error", antrag(repo))[0] == 0


def test_per_file_ignores_report_the_finding_as_suppressed(repo: Path) -> None:
    (repo / "antragscheck.toml").write_text(
        '[per-file-ignores]\n"antraege/amt/*.docx" = ["section-too-short"]\n', encoding="utf-8"
    )
    _code, report = run("--format", "json", antrag(repo))
    assert names(report) == ["pay-grade-missing"]  # type: ignore[arg-type]
    (suppressed,) = [f for f in report["files"][0]["findings"] if f["suppressed"]]  # type: ignore[index]
    assert suppressed["suppressed"]["by"] == "config"
    # the reason names the glob and the file it is written in
    reason = "per-file-ignores „antraege/amt/*.docx“ in antragscheck.toml"
    assert suppressed["suppressed"]["reason"] == reason
    assert report["summary"]["suppressed"] == 1  # type: ignore[index]


def test_exclude_skips_files_with_a_note(repo: Path) -> None:
    (repo / "antragscheck.toml").write_text('exclude = ["antraege/**"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, [antrag(repo)])
    assert result.exit_code == 0
    assert "ausgeschlossen" in result.output


def test_extra_rules_from_the_configuration_relative_to_it(repo: Path, make_docx: MakeDocx) -> None:
    (repo / "regeln").mkdir()
    (repo / "regeln" / "stadt.yaml").write_text(
        "rules:\n"
        "  - id: X1\n    name: no-abbreviation\n    severity: warning\n    summary: t\n"
        "    explanation: t\n    message: 'Bitte ausschreiben: {text}'\n"
        "    check: {type: pattern, pattern: 'TVöD', scope: [antrag], mode: absent}\n",
        encoding="utf-8",
    )
    (repo / "antragscheck.toml").write_text('rules = ["regeln"]\n', encoding="utf-8")
    inside = repo / "antraege" / "voll.docx"
    inside.write_bytes(make_docx(complete_body(), name="voll.docx").read_bytes())
    _code, report = run("--format", "json", str(inside))
    assert "no-abbreviation" in names(report)  # type: ignore[arg-type]
    outside = repo.parent / "voll.docx"  # no configuration governs it
    _code, report = run("--format", "json", str(outside))
    assert "no-abbreviation" not in names(report)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour = 1\n", "Schlüssel colour: unbekannter Schlüssel"),
        ('fail-on = "sometimes"\n', "Schlüssel fail-on"),
        ('ignore = ["no-such-rule"]\n', "unbekannte Regel no-such-rule"),
        ("[severity]\nS103 = 'fatal'\n", "Schlüssel severity.S103"),
        ("select = [\n", "kein gültiges TOML"),
    ],
)
def test_configuration_errors_name_file_and_key_and_exit_2(
    repo: Path, text: str, expected: str
) -> None:
    config = repo / "antragscheck.toml"
    config.write_text(text, encoding="utf-8")
    code, output = run(antrag(repo))
    assert code == 2
    assert str(config) in output and expected in output  # type: ignore[operator]


def test_the_working_folder_configuration_applies_to_files_outside_any(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_docx(SHORT, name="draussen.docx")
    work = tmp_path / "arbeit"
    work.mkdir()
    (work / "antragscheck.toml").write_text('ignore = ["S103", "P304"]\n', encoding="utf-8")
    monkeypatch.chdir(work)
    assert os.getcwd() == str(work)
    _code, report = run("--format", "json", str(path))
    assert names(report) == []  # type: ignore[arg-type]
