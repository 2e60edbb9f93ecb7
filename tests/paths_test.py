"""How reports name a file: relative to the working folder when below it, else as
given; forward slashes everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from antragscheck.paths import display_path


def test_files_are_named_relative_to_the_working_folder_when_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "ablage"
    (work / "amt 1").mkdir(parents=True)
    (tmp_path / "ablage2").mkdir()
    monkeypatch.chdir(work)
    assert display_path(work / "amt 1" / "a.docx") == "amt 1/a.docx"
    assert display_path(Path("amt 1") / "a.docx") == "amt 1/a.docx"
    assert display_path(work) == "."
    # a sibling whose name starts like the working folder is not below it
    sibling = tmp_path / "ablage2" / "b.docx"
    assert display_path(sibling) == sibling.as_posix()
    assert display_path(tmp_path / "c.docx") == (tmp_path / "c.docx").as_posix()
    assert display_path(work / ".." / "ablage" / "d.docx") == "d.docx"
    assert display_path(Path("x") / ".." / "e.docx") == "e.docx"
