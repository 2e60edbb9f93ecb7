"""`antragscheck antrag.docx` as a clerk and a script see it: table, JSON, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from antragscheck.cli import main
from antragscheck.models import Report
from antragscheck.pipeline import check_path
from antragscheck.report import Legend, table
from antragscheck.rules import RuleSet
from tests.conftest import ROOT, SAMPLES, MakeDocx
from tests.helpers import complete_body

GOOD = SAMPLES / "stellenschaffung_smart_city_2022.docx"
BAD = SAMPLES / "ohne_drucksache.docx"
BROKEN = SAMPLES / "beschaedigt.docx"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="antragscheck")
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_complete_request_exits_0(tmp_path: Path, make_docx: MakeDocx) -> None:
    code, output = run(str(make_docx(complete_body(), name="vollständig.docx")))
    assert code == 0
    assert "✓" in output and "keine Befunde" in output


def test_findings_of_severity_error_exit_1_and_name_the_section() -> None:
    code, output = run(str(SAMPLES / "fehlende_abschnitte.docx"))
    assert code == 1
    assert "section-missing" in output and "3.2 Bisherige" in output


def test_check_is_the_default_command() -> None:
    assert run("check", str(BAD))[0] == run(str(BAD))[0] == 1


@pytest.mark.parametrize(
    ("fail_on", "sample", "code"),
    [
        ("error", "mehrbelastung_ohne_zahlen.docx", 0),
        ("warning", "mehrbelastung_ohne_zahlen.docx", 1),
        ("info", "stellenschaffung_smart_city_2022.docx", 1),
        ("warning", "stellenschaffung_smart_city_2022.docx", 0),
        ("never", "ohne_drucksache.docx", 0),
    ],
)
def test_fail_on(fail_on: str, sample: str, code: int) -> None:
    assert run("--fail-on", fail_on, str(SAMPLES / sample))[0] == code


def test_json_shape_is_stable() -> None:
    code, output = run("--format", "json", str(GOOD), str(BAD), str(BROKEN))
    assert code == 1
    data = json.loads(output)
    assert set(data) == {"files", "summary"}
    assert data["summary"] == {
        "files": 3,
        "error": 2,
        "warning": 0,
        "info": 2,
        "suppressed": 0,
    }
    good, bad, broken = data["files"]
    assert set(good) == {"path", "document_type", "findings"}
    assert good["document_type"] == "stellenschaffung"
    finding = bad["findings"][0]
    assert set(finding) == {
        "rule",
        "name",
        "severity",
        "section",
        "message",
        "location",
        "suppressed",
    }
    assert (finding["name"], finding["severity"], finding["section"]) == (
        "council-reference-missing",
        "error",
        None,
    )
    pay = good["findings"][0]
    assert (pay["name"], pay["section"]) == ("pay-grade-missing", "antrag")
    assert pay["location"]["paragraph"] >= 1
    assert broken["document_type"] is None
    assert [f["name"] for f in broken["findings"]] == ["unreadable-document"]


def test_an_unreadable_file_does_not_stop_the_others() -> None:
    code, output = run(str(BROKEN), str(GOOD))
    assert code == 1
    assert "beschädigt" in output
    assert "stellenschaffung_smart_city_2022.docx" in output
    assert "2 Dateien geprüft: 1 Fehler, 0 Warnungen, 1 Hinweis" in output


def test_a_missing_path_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "gibtesnicht.docx"
    code, output = run(str(missing))
    assert code == 2
    assert str(missing) in output and "gibt es nicht" in output


def test_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run(str(tmp_path))
    assert code == 2
    assert "ist ein Ordner" in output


def test_word_lock_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    lock = tmp_path / "~$antrag.docx"
    lock.write_bytes(b"\x00" * 162)
    code, output = run(str(lock), str(GOOD))
    assert code == 0
    assert "Sperrdatei" in output
    assert "unreadable-document" not in output


def test_unknown_document_type_is_a_usage_error() -> None:
    code, output = run("--type", "gibtsnicht", str(GOOD))
    assert code == 2 and "Unbekannter Dokumenttyp" in output


def test_the_table_as_the_clerk_sees_it(ruleset: RuleSet) -> None:
    report = Report.of([check_path(SAMPLES / "platzhalter.docx", ruleset, display="antrag.docx")])
    console = Console(record=True, width=120, color_system=None)
    table.render(report, console, Legend(ruleset.document_types, ruleset.rules))
    text = console.export_text()
    header = next(line for line in text.splitlines() if "Schweregrad" in line)
    assert [h in header for h in ("Schweregrad", "Regel", "Abschnitt", "Meldung")] == [True] * 4
    rows = [line for line in text.splitlines() if "│" in line and line.split("│")[1].strip()]
    severities = [line.split("│")[1].strip() for line in rows]
    sections = [line.split("│")[3].strip() for line in rows]
    # In section order: 1 (Hinweis), then 3.1, then 3.3, errors first within a section.
    assert severities == ["Hinweis", "Fehler", "Warnung", "Fehler"]
    assert sections[0].startswith("1 Antrag") and sections[1] == "3.1 Anlass"
    assert sections[3].startswith("3.3 Auswirkungen")
    assert "Vorlagentext: „XXX“" in text
    assert text.rstrip().endswith("antrag.docx: 2 Fehler, 1 Warnung, 1 Hinweis")


def test_inputs_are_never_modified_by_any_command(tmp_path: Path) -> None:
    copies = []
    for sample in (GOOD, BAD, BROKEN):
        target = tmp_path / sample.name
        shutil.copy2(sample, target)
        os.utime(target, (1_600_000_000, 1_600_000_000))
        copies.append(target)
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in copies]
    run(*map(str, copies))
    run("--format", "json", *map(str, copies))
    run("parse", str(copies[0]))
    run("baseline", *map(str, copies), "-o", str(tmp_path / "out" / "baseline.json"))
    run("audit", str(tmp_path), "--no-cache", "-j", "1")
    for copy in copies:
        run("annotate", str(copy), "-o", str(tmp_path / "out" / copy.name))
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in copies] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", *(p.name for p in copies)])


def test_python_dash_m_runs_the_tool() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "antragscheck", "--format", "json", str(GOOD)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["error"] == 0


def test_help_is_german() -> None:
    code, output = run("check", "--help")
    assert code == 0
    assert "Ausgabeformat" in output and "Exit-Code" in output
    assert output.startswith("Aufruf: antragscheck check [OPTIONEN] DATEI...")
    assert "Optionen:" in output and "Diese Hilfe zeigen und beenden." in output
    assert "Befehle:" in run("--help")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "Fehler: Es fehlt das Argument 'DATEI...'."),
        (["--bogus", "a.docx"], "Fehler: Die Option '--bogus' gibt es nicht."),
        (["--format", "xml", "a.docx"], "Fehler: Ungültiger Wert für '--format'"),
        (["audit", "-j", "0", "x"], "Fehler: Ungültiger Wert für '-j' / '--jobs'"),
    ],
)
def test_usage_errors_are_german_and_exit_2(args: list[str], message: str) -> None:
    code, output = run(*args)
    assert code == 2
    assert message in output
    assert "Hilfe: 'antragscheck" in output
