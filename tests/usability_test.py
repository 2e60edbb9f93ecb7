"""What a new user meets on the first day: Windows code pages, German messages and help,
singular and plural, typos, and the small things around the commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from tests.conftest import ROOT, SAMPLES

GOOD = SAMPLES / "stellenschaffung_smart_city_2022.docx"
PLACEHOLDER = SAMPLES / "platzhalter.docx"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="antragscheck")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for sample in (GOOD, PLACEHOLDER):
        shutil.copy2(sample, tmp_path / sample.name)
    (tmp_path / "ordner").mkdir()
    shutil.copy2(PLACEHOLDER, tmp_path / "ordner" / "a.docx")
    return tmp_path


# -- Windows code pages ----------------------------------------------------------------

CLEAN = ["--ignore", "pay-grade-missing", GOOD.name]
COMMANDS: list[tuple[list[str], str | None]] = [
    (CLEAN, None),  # "✓ … keine Befunde"
    ([PLACEHOLDER.name], None),
    (["--format", "concise", PLACEHOLDER.name], None),
    (["--format", "github", PLACEHOLDER.name], None),
    (["--format", "json", PLACEHOLDER.name], "json"),
    (["--format", "sarif", PLACEHOLDER.name], "json"),
    (["--format", "junit", PLACEHOLDER.name], "xml"),
    (["--statistics", PLACEHOLDER.name], None),
    (["parse", GOOD.name], "json"),
    (["rules"], None),
    (["rules", "--format", "json"], "json"),
    (["rules", "placeholder-text"], None),
    (["rules", "test", str(ROOT / "rules")], None),
    (["audit", "ordner", "--jobs", "1", "--no-cache"], None),
    (["annotate", PLACEHOLDER.name, "-o", "kopie.docx"], None),
    (["vorlage", "-o", "neu.docx"], None),
    (["baseline", PLACEHOLDER.name, "-o", "baseline.json"], None),
    (["--help"], None),
    (["check", "--help"], None),
    (["chek", "x.docx"], None),
]


@pytest.mark.parametrize("encoding", ["cp1252", "cp850"])
def test_every_output_survives_a_windows_code_page(work: Path, encoding: str) -> None:
    """What Python on Windows writes to a pipe (cp1252) or a console (cp850): no
    UnicodeEncodeError on "✓", „ or ≤; JSON and XML stay valid with the same data."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"}
    for args, kind in COMMANDS:
        done = subprocess.run(
            [sys.executable, "-m", "antragscheck", *args],
            cwd=work,
            env=env,
            capture_output=True,
            timeout=120,
        )
        out = done.stdout.decode(encoding)
        err = done.stderr.decode(encoding)
        assert "Traceback" not in err and "UnicodeEncodeError" not in err, (args, err)
        assert done.returncode in (0, 1, 2), (args, err)
        if kind == "json":
            data = json.loads(out)
            if args[0] == "parse":
                assert data["sections"][0]["title"] == "Antrag, Stellenausstattung"
        elif kind == "xml":
            from lxml import etree

            etree.fromstring(done.stdout)
        if args == CLEAN:
            assert out.startswith("OK ") and "keine Befunde" in out
        if args == [PLACEHOLDER.name]:
            # „XXX“ as it is where the code page has the quotes, else with plain ones.
            assert ("„XXX“" if encoding == "cp1252" else '"XXX"') in out
        for name in ("kopie.docx", "neu.docx", "baseline.json"):
            (work / name).unlink(missing_ok=True)


def test_json_on_a_code_page_carries_the_exact_text(work: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp850"}
    args = [sys.executable, "-m", "antragscheck", "--format", "json", PLACEHOLDER.name]
    done = subprocess.run(args, cwd=work, env=env, capture_output=True, check=False)
    messages = [f["message"] for f in json.loads(done.stdout)["files"][0]["findings"]]
    assert any("„XXX“" in m for m in messages)


# -- required options, help ------------------------------------------------------------


def test_vorlage_without_output_is_a_german_message(work: Path) -> None:
    code, out, err = run("vorlage")
    assert code == 2 and "Traceback" not in err
    assert "Es fehlt die Zieldatei" in err and "vorlage -o" in err


def test_baseline_without_output_is_a_german_message(work: Path) -> None:
    code, out, err = run("baseline", PLACEHOLDER.name)
    assert code == 2 and "Es fehlt die Zieldatei" in err


@pytest.mark.parametrize("command", ["check", "audit", "vorlage", "baseline", "annotate"])
def test_help_shows_no_english_or_python_notation(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    for english in ("[required]", "x>0", "x>=1", "<=x<=", "Standard: 60.0", "default"):
        assert english not in out, (command, english)


def test_help_states_ranges_in_german() -> None:
    assert "2000 bis 2100" in " ".join(run("vorlage", "--help")[1].split())
    code, out, err = run("vorlage", "-o", "x.docx", "--jahr", "1999")
    assert code == 2 and "2000 bis 2100" in " ".join(err.split())


def test_top_level_help_shows_the_options_its_examples_use() -> None:
    out = run("--help")[1]
    assert "antragscheck --format json a.docx b.docx" in out
    assert "Optionen der Prüfung" in out
    for option in ("--format", "--fail-on", "--select", "--ignore", "--config", "--baseline"):
        assert option in out


# -- small things ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "code"), [("fehler", 0), ("Warnung", 0), ("hinweis", 1), ("nie", 0), ("info", 1)]
)
def test_fail_on_takes_german_words(word: str, code: int) -> None:
    assert run("--fail-on", word, str(GOOD))[0] == code  # GOOD has one hint


def test_fail_on_in_the_configuration_takes_german_words(work: Path) -> None:
    (work / "antragscheck.toml").write_text('fail-on = "hinweis"\n', encoding="utf-8")
    assert run(GOOD.name)[0] == 1


def test_a_mistyped_command_suggests_the_right_one(work: Path) -> None:
    code, out, err = run("chek", "x.docx")
    assert code == 2 and "Meinten Sie `antragscheck check`?" in err
    code, out, err = run("rulse")
    assert code == 2 and "antragscheck rules" in err
    # A file of that name is still a file.
    shutil.copy2(GOOD, work / "chek")
    assert "Meinten Sie" not in run("chek")[2]


def test_a_word_file_named_with_a_leading_dash_is_that_file(work: Path) -> None:
    """click would read "-entwurf.docx" as the options -e, -n, …; a Word file of that
    name is checked as it is named (a pre-commit hook passes files at the repository's
    top so), in every command that takes files."""
    shutil.copy2(PLACEHOLDER, work / "-entwurf.docx")
    code, out, err = run("-entwurf.docx")
    assert code == 1 and "beginnt mit" not in err  # checked: the placeholder sample has errors
    assert "-entwurf.docx" in out and "./-entwurf.docx" not in out
    assert run("check", GOOD.name, "-entwurf.docx")[0] == 1
    assert run("--", "-entwurf.docx")[0] == 1
    assert run("./-entwurf.docx")[0] == 1
    code, out, err = run("--format", "json", "-entwurf.docx")
    assert code == 1 and '"path": "-entwurf.docx"' in out


def test_another_name_with_a_leading_dash_gets_told_how_to_name_it(work: Path) -> None:
    """A folder or a file that is no Word file, named with a leading "-", would be read
    as options: the clerk learns how to name it, for the command used."""
    (work / "-entwuerfe").mkdir()
    shutil.copy2(PLACEHOLDER, work / "-entwuerfe" / "a.docx")
    code, out, err = run("audit", "--no-cache", "-entwuerfe")
    assert code == 2 and out == ""
    assert "„-entwuerfe“ beginnt mit „-“" in err
    assert "./-entwuerfe" in err and "antragscheck audit -- -entwuerfe" in err
    assert run("audit", "--no-cache", "--exit-zero", "--", "-entwuerfe")[0] == 0
    (work / "-notiz.txt").write_text("kein Antrag", encoding="utf-8")
    code, out, err = run("-notiz.txt")
    assert code == 2 and "antragscheck -- -notiz.txt" in err
    # an option is still an option, and a name nobody has is click's business
    (work / "--statistics").write_bytes(b"")  # a file named like an option: the option
    code, out, err = run("--statistics", GOOD.name)
    assert code == 0 and "beginnt mit" not in err
    code, out, err = run("-x.docx")
    assert code == 2 and "beginnt mit" not in err


def test_annotate_writes_errors_to_stderr(work: Path) -> None:
    (work / "kaputt.docx").write_bytes(b"kein Word")
    code, out, err = run("annotate", "kaputt.docx")
    assert code == 1 and out == "" and "kaputt.docx" in err


def test_one_comment_is_one_kommentar(work: Path) -> None:
    code, out, err = run("annotate", GOOD.name, "-o", "kopie.docx")
    assert "1 Kommentar eingefügt" in out


def test_word_comments_explain_the_rule_in_plain_words(work: Path) -> None:
    run("annotate", PLACEHOLDER.name, "-o", "kopie.docx")
    texts = [c.text for c in docx.Document(str(work / "kopie.docx")).comments]
    assert texts and all("Warum: " in t for t in texts)
    assert not any("antragscheck rules" in t for t in texts)
    assert any("Platzhalter aus der Vorlage" in t for t in texts)


def test_baseline_counts_in_singular_and_plural(work: Path) -> None:
    out = run("baseline", GOOD.name, "-o", "b.json")[1]
    assert "mit 1 Befund aus 1 Datei " in out


def test_audit_duration_has_a_german_decimal_comma(work: Path) -> None:
    out = run("audit", "ordner", "--jobs", "1", "--no-cache")[1]
    line = next(line for line in out.splitlines() if "Dauer" in line)
    assert "," in line and "." not in line.split("Dauer")[1], line


# -- 80 columns ------------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    return text.split()


def test_at_80_columns_findings_are_stacked_and_no_message_is_cut(work: Path) -> None:
    from antragscheck.pipeline import check_path
    from antragscheck.rules import load_rules

    shutil.copy2(SAMPLES / "ohne_drucksache.docx", work / "ohne.docx")
    result = CliRunner().invoke(main, [PLACEHOLDER.name, "ohne.docx"], env={"COLUMNS": "80"})
    out = result.output
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "┃" not in out and "│" not in out  # no table
    flat = " ".join(out.split())
    ruleset = load_rules()
    for name in (PLACEHOLDER.name, "ohne.docx"):
        for finding in check_path(work / name, ruleset).findings:
            assert " ".join(finding.message.split()) in flat  # whole, never cut
            assert f"{finding.name} ({finding.rule})" in flat
    assert "Gemeinderatsbeschluss." in words_of(out)


def test_at_120_columns_findings_are_a_table(work: Path) -> None:
    out = CliRunner().invoke(main, [PLACEHOLDER.name], env={"COLUMNS": "120"}).output
    assert "Schweregrad" in out and "┃" in out
    assert "…" not in out.replace("„Klicken", "").replace(" …“", "")


def test_rules_list_reads_at_80_columns() -> None:
    from antragscheck.rules import load_rules

    out = CliRunner().invoke(main, ["rules"], env={"COLUMNS": "80"}).output
    assert all(len(line) <= 80 for line in out.splitlines()), out
    flat = " ".join(out.split())
    for rule in load_rules().rules:
        assert rule.summary in flat and rule.name in flat


def test_rules_name_wraps_at_word_boundaries() -> None:
    from antragscheck.rules import load_rules

    out = CliRunner().invoke(main, ["rules", "council-reference-missing"]).output
    assert all(len(line) <= 80 for line in out.splitlines()), out
    rule = load_rules().find("council-reference-missing")
    assert rule is not None
    assert set(rule.explanation.split()) <= set(out.split())  # no word broken


# -- German messages, the original at most in parentheses --------------------------------

ENGLISH = ("Input should", "Extra inputs", "No such file", "Permission denied", "Field required")


def german_error(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 2, (args, out, err)
    for english in ENGLISH:
        assert english not in err, err
    return err


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('fail-on = "manchmal"\n', "ungültiger Wert 'manchmal'; erlaubt:"),
        ("fail-on = 3\n", "ungültiger Wert 3; erlaubt:"),
        ('select = "S1"\n', "muss eine Liste sein"),
        ('farbe = "rot"\n', "unbekannter Schlüssel"),
        ('select = ["S1"\n', "kein gültiges TOML am Ende der Datei"),
        ('select = ["S1" "S2"]\n', "kein gültiges TOML in Zeile 1, Spalte"),
    ],
)
def test_configuration_errors_are_german(work: Path, toml: str, expected: str) -> None:
    (work / "antragscheck.toml").write_text(toml, encoding="utf-8")
    err = german_error(GOOD.name)
    assert expected in err and " or " not in err.split("(technische Angabe")[0]


def test_rule_file_errors_are_german(work: Path) -> None:
    (work / "eigene.yaml").write_text(
        "rules:\n  - id: Z1\n    name: z\n    severity: sometimes\n", encoding="utf-8"
    )
    err = german_error("--rules", "eigene.yaml", GOOD.name)
    assert "ungültiger Wert 'sometimes'" in err


def test_a_broken_baseline_is_german_without_the_parser_s_words(work: Path) -> None:
    (work / "basis.json").write_text("{kaputt", encoding="utf-8")
    err = german_error("--baseline", "basis.json", GOOD.name)
    assert "Die Baseline basis.json ist keine gültige antragscheck-Baseline" in err
    assert "Expecting" not in err


def test_entity_amplification_is_explained_in_german(work: Path, make_docx) -> None:  # type: ignore[no-untyped-def]
    from antragscheck.read.package import UnreadableDocument, parse_xml

    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(6)
        )
        + b"]><d>&g;</d>"
    )
    with pytest.raises(UnreadableDocument) as caught:
        parse_xml(bomb, "word/document.xml")
    assert caught.value.message.startswith("Der Teil word/document.xml enthält")
    assert "Maximum" not in caught.value.message.split("(technische Angabe")[0]


# -- audit and CI reports ----------------------------------------------------------------


def test_a_damaged_file_in_the_baseline_is_not_keine_befunde(work: Path) -> None:
    (work / "kaputt.docx").write_bytes(b"PK\x03\x04 kaputt")
    run("baseline", "kaputt.docx", GOOD.name, "-o", "basis.json")
    code, out, err = run("--baseline", "basis.json", "kaputt.docx", GOOD.name)
    assert code == 1
    assert "kaputt.docx: keine Befunde" not in out
    assert "unreadable-document" in out


def test_junit_lists_no_audit_only_rule_as_a_passed_test(work: Path) -> None:
    from lxml import etree

    out = run("--format", "junit", GOOD.name)[1]
    names = [case.get("name") for case in etree.fromstring(out.encode()).iter("testcase")]
    assert names and not any("duplicate-request" in n or "plan-year-differs" in n for n in names)
