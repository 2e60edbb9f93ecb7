"""The committed samples are what samples/make_samples.py writes today."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import SAMPLES


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_samples_are_up_to_date(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SAMPLES / "make_samples.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for fresh in sorted(tmp_path.glob("*.docx")):
        committed = SAMPLES / fresh.name
        assert committed.exists(), f"{fresh.name} is not committed"
        if fresh.name == "beschaedigt.docx":
            assert committed.read_bytes() == fresh.read_bytes()
        else:
            assert parts(committed) == parts(fresh), f"{fresh.name}: run make_samples.py --force"
