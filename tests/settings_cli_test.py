"""Which settings apply, as the clerk sees it on the command line: the options beat the
configuration, each folder its own configuration, German errors that name what is
unknown, findings in the order of the sections.  (Written against surviving mutants.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from tests.conftest import SAMPLES

MISSING = SAMPLES / "fehlende_abschnitte.docx"  # pay-grade-missing, two section-missing


def run(cwd: Path, *args: str) -> tuple[int, list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = CliRunner().invoke(main, list(args), env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, [line.split(": ")[2] if line.count(": ") > 2 else line
                              for line in result.output.splitlines()]  # fmt: skip


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    for name in ("a/x.docx", "b/y.docx"):
        (tmp_path / name).parent.mkdir()
        shutil.copyfile(MISSING, tmp_path / name)
    return tmp_path


def test_unknown_rules_on_the_command_line_are_named(folders: Path) -> None:
    code, lines = run(folders, "check", "--select", "S101,Z9,no-such", "a/x.docx")
    assert code == 2
    assert lines == [
        "antragscheck: Fehler in der Konfiguration Kommandozeile, Schlüssel select: "
        "unbekannte Regel Z9, no-such"
    ]


def test_an_unknown_document_type_lists_every_known_one(folders: Path) -> None:
    rules = folders / "typen.yaml"
    rules.write_text(
        "document_types:\n"
        "  - {id: sachmittel, name: S, sections: [{key: kosten, number: '1', title: Kosten}]}\n",
        encoding="utf-8",
    )
    code, lines = run(folders, "check", "--rules", str(rules), "--type", "xyz", "a/x.docx")
    assert code == 2
    assert lines == [
        "antragscheck: Unbekannter Dokumenttyp 'xyz'. Bekannt: stellenschaffung, sachmittel."
    ]


def test_select_on_the_command_line_beats_the_configuration(folders: Path) -> None:
    (folders / "antragscheck.toml").write_text('select = ["S101"]\n', encoding="utf-8")
    _code, lines = run(folders, "check", "--format", "concise", "a/x.docx")
    assert set(lines) == {"section-missing"}
    _code, lines = run(folders, "check", "--format", "concise", "--select", "P", "a/x.docx")
    assert lines == ["pay-grade-missing"]


def test_each_folder_has_its_own_configuration(folders: Path) -> None:
    (folders / "b" / "antragscheck.toml").write_text(
        'ignore = ["pay-grade-missing"]\n', encoding="utf-8"
    )
    _code, lines = run(folders, "check", "--format", "concise", "a/x.docx", "b/y.docx")
    # a/ (no configuration) first, then b/ with its own; each in the order of sections:
    # 1 Antrag before 3.2 and 4, although the warning is less severe than the errors
    assert lines == ["pay-grade-missing", "section-missing", "section-missing",
                     "section-missing", "section-missing"]  # fmt: skip
