"""Every example in README.md runs as written: each `antragscheck` command line of the
shell and CI snippets, the configuration file, and the git lines for `antragscheck text`.
An example that ends in a usage or configuration error (exit code 2) or a traceback
fails.  Not run here: installing (pip, venv), the web server (tests/web_test.py) and
what needs a server or root (curl, systemctl)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

README = (ROOT / "README.md").read_text(encoding="utf-8")
NOT_RUN = ("pip ", "python ", "python3 ", "curl ", "systemctl ", "antragscheck serve")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def commands() -> list[str]:
    """The antragscheck command lines of the sh blocks and the CI snippets."""
    found = []
    for block in blocks("sh"):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            # "python -m venv … && pip install . && antragscheck …": the last part runs
            for part in (p.strip() for p in line.split("&&")):
                if part.startswith("antragscheck") and not part.startswith(NOT_RUN):
                    found.append(part)
    for block in blocks("yaml"):
        for line in block.splitlines():
            match = re.match(r"\s*-\s+(?:run:\s+)?(antragscheck .*)$", line)
            if match:
                found.append(match.group(1).strip())
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """What the examples name: antrag.docx, a.docx, b.docx, antraege/, ordner/, samples/."""
    good = SAMPLES / "stellenschaffung_smart_city_2022.docx"
    for name in ("antrag.docx", "a.docx", "b.docx"):
        shutil.copy2(good, tmp_path / name)
    for folder in ("antraege", "ordner"):
        (tmp_path / folder).mkdir()
        shutil.copy2(good, tmp_path / folder / "jugendamt.docx")
        shutil.copy2(SAMPLES / "platzhalter.docx", tmp_path / folder / "platzhalter.docx")
    shutil.copytree(SAMPLES, tmp_path / "samples")
    return tmp_path


def shell(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    tool = f'"{sys.executable}" -m antragscheck'
    line = re.sub(r"(^|&& |\| )antragscheck\b", lambda m: m.group(1) + tool, line)
    env = {**os.environ, "COLUMNS": "80", "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(
        line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_readme_has_the_examples_this_test_runs() -> None:
    lines = commands()
    assert len(lines) >= 15
    for expected in ("antragscheck vorlage -o neu.docx", "antragscheck text antrag.docx"):
        assert any(line.startswith(expected) for line in lines)


@pytest.mark.parametrize("line", commands())
def test_every_command_line_in_the_readme_runs(line: str, folder: Path) -> None:
    done = shell(line, folder)
    assert done.returncode in (0, 1), (line, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("toml", blocks("toml"))
def test_the_configuration_examples_work_as_copied(folder: Path, toml: str) -> None:
    (folder / "antragscheck.toml").write_text(toml, encoding="utf-8")
    done = shell("antragscheck antrag.docx", folder)
    assert done.returncode in (0, 1), done.stderr
    assert "Konfiguration" not in done.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_git_lines_for_antragscheck_text_work_as_copied(folder: Path) -> None:
    (block,) = [b for b in blocks("sh") if "diff.antragscheck.textconv" in b]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    for line in block.splitlines():
        assert shell(line, folder).returncode == 0, line
    config = subprocess.run(
        ["git", "config", "diff.antragscheck.textconv"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    assert config.stdout.strip() == "antragscheck text"
    assert "*.docx diff=antragscheck" in (folder / ".gitattributes").read_text(encoding="utf-8")
