"""The pre-commit hook, run by the real pre-commit package against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_pre_commit_try_repo_passes_the_good_and_refuses_the_bad(tmp_path: Path) -> None:
    repo = tmp_path / "antraege"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "gut.docx").write_bytes(
        (SAMPLES / "stellenschaffung_smart_city_2022.docx").read_bytes()
    )
    (repo / "schlecht.docx").write_bytes((SAMPLES / "ohne_drucksache.docx").read_bytes())
    (repo / "~$gut.docx").write_bytes(b"\x00" * 162)  # Word's lock file: never checked
    git(repo, "add", "gut.docx", "schlecht.docx")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "antragscheck"]

    def try_repo(*files: str, cwd: Path = repo) -> subprocess.CompletedProcess[str]:
        chosen = ["--files", *files] if files else ["--all-files"]
        return subprocess.run(
            [*pre_commit, *chosen],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )

    good = try_repo("gut.docx", "~$gut.docx")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    bad = try_repo("gut.docx", "schlecht.docx")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "council-reference-missing" in bad.stdout
    assert "schlecht.docx" in bad.stdout

    # A Word file at the repository's top named with a leading "-": pre-commit hands
    # it over as "-entwurf.docx", and it is checked as that file.
    dashed = tmp_path / "dashed"
    dashed.mkdir()
    git(dashed, "init", "-q")
    (dashed / "-entwurf.docx").write_bytes((SAMPLES / "ohne_drucksache.docx").read_bytes())
    git(dashed, "add", "--", "-entwurf.docx")
    run = try_repo(cwd=dashed)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "council-reference-missing" in run.stdout and "-entwurf.docx" in run.stdout
    assert "beginnt mit" not in run.stdout
