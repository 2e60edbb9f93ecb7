"""`antragscheck text`: the request as plain, stable text, and `git diff` through it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import para
from tests.conftest import SAMPLES, MakeDocx
from tests.helpers import complete_body

GOOD = SAMPLES / "stellenschaffung_smart_city_2022.docx"


def text_of(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["text", str(path)])
    return result.exit_code, result.output


def test_text_has_numbered_headings_section_text_and_facts() -> None:
    code, out = text_of(GOOD)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Stellenschaffung")
    headings = [line for line in lines if line[:2] in ("1 ", "2 ", "3 ", "3.", "4 ")]
    assert headings[:3] == ["1 Antrag, Stellenausstattung", "2 Schaffungskriterien", "3 Bedarf"]
    assert "3.1 Anlass" in lines and "4 Stellenvermerke" in lines
    facts = lines[lines.index("-- Erkannte Angaben (antragscheck) --") + 1 :]
    assert facts[0] == "Stellenplan: 2022"
    assert any(line.startswith("Stelle: 1,0") for line in facts)
    # named twice in the request, one paper
    assert [line for line in facts if line.startswith("Drucksache")] == [
        "Drucksache: GRDrs. 234/2021"
    ]
    # the criteria by the names in the notation, not by their keys
    assert "Schaffungskriterien: Grüne Liste, Ratsbeschluss, Drittfinanzierung, Strategie" in facts


def test_a_budget_office_names_its_own_criteria(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A criterion a budget office adds is shown by the name it gives (and by its key
    without one); a built-in criterion may be renamed."""
    office = tmp_path / "amt"
    (office / "regeln").mkdir(parents=True)
    (office / "regeln" / "notationen.yaml").write_text(
        "notations:\n"
        "  - document_type: stellenschaffung\n"
        "    criteria:\n"
        "      klimaschutz: [Klimaschutzkonzept]\n"
        "      interkommunal: [interkommunal~]\n"
        "    criteria_names:\n"
        "      klimaschutz: Klimaschutz\n"
        "      gruene_liste: Grüne Liste (Haushaltsplan)\n",
        encoding="utf-8",
    )
    (office / "antragscheck.toml").write_text('rules = ["regeln/"]\n', encoding="utf-8")
    kriterien = (
        "Die Stelle ist in der Grünen Liste enthalten und setzt das Klimaschutzkonzept um, "
        "in interkommunaler Zusammenarbeit mit dem Landkreis."
    )
    request = make_docx(complete_body(kriterien=para(kriterien)), name="a.docx")
    monkeypatch.chdir(office)
    code, out = text_of(request.rename(office / "a.docx"))
    assert code == 0
    (line,) = [line for line in out.splitlines() if line.startswith("Schaffungskriterien")]
    shown = line.removeprefix("Schaffungskriterien: ").split(", ")
    assert set(shown) == {"Grüne Liste (Haushaltsplan)", "Klimaschutz", "interkommunal"}


def test_a_criterion_name_under_a_wrong_key_is_reported_with_its_line(tmp_path: Path) -> None:
    rules = tmp_path / "regeln"
    rules.mkdir()
    (rules / "notationen.yaml").write_text(
        "notations:\n"
        "  - document_type: stellenschaffung\n"
        "    criteria_names:\n"
        "      Grüne-Liste: Grüne Liste\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["text", "--rules", str(rules), str(GOOD)])
    assert result.exit_code != 0
    assert "Grüne-Liste" in result.output and "Zeile" in result.output
    assert "Traceback" not in result.output


def test_text_is_stable_and_independent_of_the_terminal_width() -> None:
    narrow = CliRunner().invoke(main, ["text", str(GOOD)], env={"COLUMNS": "40"}).output
    wide = CliRunner().invoke(main, ["text", str(GOOD)], env={"COLUMNS": "200"}).output
    assert narrow == wide == text_of(GOOD)[1]


def test_an_unreadable_file_is_one_line_and_no_failure(tmp_path: Path) -> None:
    broken = tmp_path / "kaputt.docx"
    broken.write_bytes(b"PK\x03\x04 kaputt")
    code, out = text_of(broken)
    assert code == 0 and out.startswith("[nicht lesbar] ")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_through_the_textconv_driver_shows_the_changed_sentence(
    tmp_path: Path, make_docx: MakeDocx
) -> None:
    """The README's .gitattributes and git config lines, on a real repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    git("init", "-q")
    (repo / ".gitattributes").write_text("*.docx diff=antragscheck\n", encoding="utf-8")
    textconv = f'"{sys.executable}" -m antragscheck text'
    git("config", "diff.antragscheck.textconv", textconv)
    old = "nicht weiterverfolgt und Stuttgart fällt zurück."
    new = "nicht weiterverfolgt, und die Fördermittel des Landes verfallen."
    body = complete_body()
    assert old in body
    shutil.copy2(make_docx(body), repo / "antrag.docx")
    git("add", ".")
    git("commit", "-q", "-m", "erste Fassung")
    shutil.copy2(make_docx(body.replace(old, new)), repo / "antrag.docx")
    diff = git("diff")
    removed = [line for line in diff.splitlines() if line.startswith("-B")]
    added = [line for line in diff.splitlines() if line.startswith("+B")]
    assert len(removed) == len(added) == 1, diff
    assert removed[0].endswith(old) and added[0].endswith(new)
    assert "Binary files" not in diff
