"""`check` with many files (a pre-commit hook hands one call hundreds): worker
processes, started with the spawn method, give what one process gives."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from antragscheck.audit import pool
from antragscheck.cli import main
from antragscheck.commands import check as check_command
from antragscheck.commands.check import FILES_PER_WORKER, FileCheck
from antragscheck.docxwrite import para
from antragscheck.settings import Resolver
from tests.buggy_work import BUGGY
from tests.conftest import SAMPLES, MakeDocx
from tests.helpers import complete_body, slow_request
from tests.pool_work import Patient

FORMATS = ("table", "concise", "json", "sarif", "junit", "github")


@pytest.fixture
def folder(tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Requests as a hook hands them over: a long one first (its worker is still on it
    while the other sends the files after it), the samples, a broken file, a lock file,
    a file the configuration excludes, one that meets a bug of ours; the paths, in the
    order given."""
    monkeypatch.chdir(tmp_path)
    make_docx(slow_request(0, 300), name="a_lang.docx")
    for sample in sorted(SAMPLES.glob("*.docx")):
        (tmp_path / f"b_{sample.name}").write_bytes(sample.read_bytes())
    make_docx(complete_body(bisher=para("Absturz")), name="c_absturz.docx")
    (tmp_path / "d_kaputt.docx").write_bytes(b"PK\x03\x04 kaputt")
    (tmp_path / "~$d_kaputt.docx").write_bytes(b"\x00" * 162)
    (tmp_path / "e_alt.docx").write_bytes((SAMPLES / "platzhalter.docx").read_bytes())
    (tmp_path / "antragscheck.toml").write_text(
        'exclude = ["e_alt.docx"]\n[per-file-ignores]\n"b_*.docx" = ["section-too-short"]\n',
        encoding="utf-8",
    )
    return sorted(p.name for p in tmp_path.glob("*.docx"))


def started_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of workers of each pool that `check` starts."""
    started: list[int] = []
    real = pool.Pool

    def counting(resolver: Resolver, jobs: int, work: pool.Work[FileCheck]) -> object:
        started.append(jobs)
        return real(resolver, jobs, work)

    monkeypatch.setattr(pool, "Pool", counting)
    return started


def check(*args: str) -> Result:
    result = CliRunner().invoke(main, ["check", *args])
    assert "Traceback" not in result.output, result.output
    return result


@pytest.mark.spawn
def test_many_files_give_the_same_report_with_workers_in_every_format(
    folder: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_command, "CHECK", BUGGY)
    started = started_pools(monkeypatch)
    runs = {}
    for fmt in FORMATS:
        one = check("--format", fmt, "-j", "1", *folder)
        two = check("--format", fmt, "--jobs", "2", *folder)
        assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
        runs[fmt] = two
    assert started == [2] * len(FORMATS)
    assert runs["json"].exit_code == 2  # the bug of ours, as in one process
    notes = runs["json"].stderr.splitlines()
    assert "c_absturz.docx (RuntimeError)" in notes[0]
    assert "e_alt.docx ist in der Konfiguration ausgeschlossen" in notes[1]
    assert "~$d_kaputt.docx ist eine Sperrdatei" in notes[2]  # in the order given
    report = json.loads(runs["json"].stdout)
    shown = [f["path"] for f in report["files"]]
    assert shown == [name for name in folder if name not in ("~$d_kaputt.docx", "e_alt.docx")]
    broken = report["files"][shown.index("d_kaputt.docx")]["findings"]
    assert [f["name"] for f in broken] == ["unreadable-document"]
    findings = report["files"][shown.index("b_mehrbelastung_ohne_zahlen.docx")]["findings"]
    suppressed = [f["name"] for f in findings if f["suppressed"]]
    assert suppressed == ["section-too-short"] * 2  # per-file-ignores


@pytest.mark.spawn
def test_a_worker_that_dies_during_check_loses_no_file(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker dies on its second chunk, before the results of its first were read:
    those still count, the file it was on is reported, the rest of its chunk is
    checked again."""
    monkeypatch.chdir(tmp_path)
    # chunks of 10, 5, 2, 1, 1, 1: the first two go to the worker (-j 2: one worker and
    # this process), this process takes the rest
    monkeypatch.setattr(pool, "CHUNKS_PER_WORKER", 1)
    # some hundredths of a second each, so that the dying worker is still on its task
    names = [make_docx(slow_request(i), name=f"antrag_{i:02d}.docx").name for i in range(20)]
    killed: list[int] = []

    class Dying(Patient):
        def _receive(self, timeout: float) -> None:
            if not killed:
                # nothing is read until the worker, on its second chunk (from 10 on: it
                # has sent its first), is killed
                for slot, process in self.workers.items():
                    index = self._inside_chunk(slot)
                    if index is not None and index >= 10:
                        killed.append(index)
                        process.kill()
                        process.join()
                        return  # the pool finds it dead before it reads again
                time.sleep(0.01)
                return
            super()._receive(timeout)

    monkeypatch.setattr(pool, "Pool", Dying)
    result = check("--format", "json", "-j", "2", *names)
    (dead,) = killed
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == names
    for index, file in enumerate(report["files"]):
        messages = [f["message"] for f in file["findings"]]
        assert any("abgestürzt" in m for m in messages) == (index == dead)
        assert (file["document_type"] is None) == (index == dead)
    assert result.exit_code == 1  # the file whose worker died is an error, not a bug


def test_a_few_files_are_checked_in_this_process(
    folder: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker costs a quarter of a second to start: without --jobs, workers only for
    many files; --jobs 1 never."""
    started = started_pools(monkeypatch)
    assert check("--format", "json", *folder).exit_code == 1
    assert check("--format", "json", "-j", "1", *folder).exit_code == 1
    assert started == []
    assert pool.jobs_for(FILES_PER_WORKER - 1, None, FILES_PER_WORKER) == 1
    assert pool.jobs_for(2 * FILES_PER_WORKER, None, FILES_PER_WORKER) == min(
        2, pool.default_jobs()
    )
    assert pool.jobs_for(5, 3, FILES_PER_WORKER) == 3


def test_a_file_meeting_a_bug_of_ours_keeps_its_per_file_ignores(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in the audit: where a check fails inside antragscheck, the file's
    unreadable-document finding honours its per-file-ignores; the exit code still
    says it was a bug of ours."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(check_command, "CHECK", BUGGY)
    make_docx(complete_body(bisher=para("Absturz")), name="absturz.docx")
    (tmp_path / "antragscheck.toml").write_text(
        '[per-file-ignores]\n"absturz.docx" = ["unreadable-document"]\n', encoding="utf-8"
    )
    result = check("--format", "json", "absturz.docx")
    assert result.exit_code == 2
    assert "absturz.docx (RuntimeError)" in result.stderr
    (file,) = json.loads(result.stdout)["files"]
    (finding,) = file["findings"]
    assert finding["name"] == "unreadable-document"
    assert finding["suppressed"]["by"] == "config"
