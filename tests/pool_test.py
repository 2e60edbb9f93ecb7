"""The audit's worker pool keeps its promises whatever the work: every task comes back
once, under its own index; a task past its time limit and one whose worker dies come
back as stopped, with the message a clerk reads, and the rest of their chunk is still
done.  (Cheap work from tests/pool_work.py; the pool's mutants are killed here.)"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from antragscheck.audit import pool
from antragscheck.audit.pool import Task, chunk_sizes, jobs_for
from antragscheck.read.deadline import timeout_message
from antragscheck.settings import Options, Resolver
from tests import pool_probe
from tests.pool_work import COLLECTIONS, ECHO, Patient
from tests.pool_work_audit import FINDINGS

CRASHED = (
    "Der Prüfprozess für diese Datei ist abgestürzt. Bitte die Datei einzeln mit "
    "`antragscheck check` prüfen und den Fehler melden."
)


def audit(
    names: list[str], jobs: int = 2, seconds: float | None = 30.0, *, here: bool = False
) -> dict[int, str]:
    """Every task's result by its index; `here`: this process checks too (with a
    hanging or dying task it must not: those would stop the tests)."""
    results: dict[int, str] = {}

    def keep(index: int, outcome: str) -> None:
        assert index not in results  # once each
        results[index] = outcome

    tasks = [Task(Path(name), name, seconds) for name in names]
    if jobs > 1 and len(tasks) > 1:  # as pool.run, with a worker sure to take part
        with Patient(Resolver(Options()), jobs, ECHO, here=here) as workers:
            workers.run(tasks, keep)
    else:
        pool.run(tasks, Resolver(Options()), jobs, keep, ECHO, here=here)
    assert sorted(results) == list(range(len(names)))
    return results


def test_every_task_comes_back_once_under_its_index() -> None:
    names = [f"antrag_{i:02d}" for i in range(40)]
    results = audit(names)
    assert [r.split(":")[0] for _, r in sorted(results.items())] == names
    workers = {r.split(": ")[1] for r in results.values()}
    assert str(os.getpid()) not in workers  # worker processes did it


def test_this_process_checks_beside_its_workers() -> None:
    """With --jobs 2 this process and one worker check, taking chunks from one list."""
    names = [f"langsam_{i:02d}" for i in range(40)]
    results = audit(names, here=True)
    assert [r.split(":")[0] for _, r in sorted(results.items())] == names
    processes = {r.split(": ")[1] for r in results.values()}
    assert str(os.getpid()) in processes and len(processes) == 2


def test_a_worker_killed_while_this_process_checks_costs_only_its_task() -> None:
    """A worker dies inside a chunk while this process checks beside it: every task
    still comes back once, under its index; the one the worker was on as crashed."""
    killed: list[int] = []

    class Dying(Patient):
        def _receive(self, timeout: float) -> None:
            for slot, process in self.workers.items():
                index = self._inside_chunk(slot)
                if not killed and index is not None and index % 5 == 2:
                    process.kill()
                    process.join()
                    # The task the pool reports is the one on the board when the worker
                    # died: a starved test process may look, and kill only once the
                    # worker has moved on (-1: it died between two chunks).
                    current = self._current(slot)
                    killed.append(-1 if current is None else current[0])
            super()._receive(timeout)

    names = [f"langsam_{i:02d}" for i in range(40)]
    results: dict[int, str] = {}

    def keep(index: int, outcome: str) -> None:
        assert index not in results
        results[index] = outcome

    with Dying(Resolver(Options()), 2, ECHO) as workers:
        workers.run([Task(Path(name), name, 30.0) for name in names], keep)
    assert sorted(results) == list(range(40))
    (dead,) = killed
    if dead >= 0:
        assert results[dead] == f"{names[dead]}: {CRASHED}"
    assert all(results[i].startswith(names[i] + ": ") for i in range(40))
    checked = [results[i].split(": ")[1] for i in range(40) if i != dead]
    assert CRASHED not in checked and str(os.getpid()) in checked
    assert len(set(checked)) >= 2  # this process and a worker (the successor, at least)


def test_what_a_worker_held_before_it_died_is_checked_by_the_others() -> None:
    """A worker killed before it got to any task: the chunks it held go to the others,
    none is reported lost (the pool knows what each worker holds)."""

    class Killing(pool.Pool[str]):
        def _feed(self) -> None:
            super()._feed()
            for process in self.workers.values():
                if process.is_alive() and not killed:
                    killed.append(process.pid)
                    process.kill()
                    process.join()

    killed: list[int] = []
    names = [f"antrag_{i:02d}" for i in range(40)]
    results: dict[int, str] = {}
    with Killing(Resolver(Options()), 3, ECHO, here=False) as workers:
        workers.run([Task(Path(name), name, 30.0) for name in names], results.__setitem__)
    assert [results[i].split(": ")[0] for i in range(40)] == names
    assert killed and str(killed[0]) not in {r.split(": ")[1] for r in results.values()}
    assert not any("zugeteilt" in r or "abgestürzt" in r for r in results.values())


def test_the_workers_leave_once_the_last_result_is_in() -> None:
    """What follows the last result (the audit's cross-file checks and report) needs
    no worker: they are told to leave when `run` returns, not when the pool closes,
    so that they end meanwhile."""
    names = [f"langsam_{i:02d}" for i in range(20)]
    with Patient(Resolver(Options()), 3, ECHO) as workers:
        workers.run([Task(Path(name), name, 30.0) for name in names], lambda i, r: None)
        processes = list(workers.workers.values())
        deadline = time.monotonic() + 30  # one may still be starting: it leaves once up
        for process in processes:
            process.join(timeout=max(0.0, deadline - time.monotonic()))
        assert len(processes) == 2 and not any(p.is_alive() for p in processes)


# In a fresh interpreter (the test process may have started a tracker for other work):
# a pool of two workers checks, and says whether multiprocessing started its tracker.
TRACKER = """
import sys
from pathlib import Path
from multiprocessing import resource_tracker
from antragscheck.audit import pool
from antragscheck.settings import Options, Resolver
from tests.pool_work import ECHO
results = {}
tasks = [pool.Task(Path(n), n, 30.0) for n in "abcdef"]
pool.run(tasks, Resolver(Options()), 2, results.__setitem__, ECHO, here=False)
assert sorted(results) == list(range(6)), results
print("tracker" if resource_tracker._resource_tracker._pid else "none")
"""


@pytest.mark.skipif(os.name == "nt", reason="no resource tracker on Windows")
def test_the_pool_starts_no_resource_tracker() -> None:
    """Spawning on POSIX starts multiprocessing's resource tracker first, a third
    interpreter that cleans up semaphores and shared memory the pool never makes:
    its start-up would cost the audit's start-up CPU for nothing."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", TRACKER], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["none"]


def test_a_few_tasks_are_done_here_before_a_worker_is_up() -> None:
    """A worker gets chunks only once it has started: a few quick tasks are done by
    this process alone, and nothing waits for the worker (it is ended unused)."""
    here = f": {os.getpid()}"
    results: dict[int, str] = {}
    with pool.Pool(Resolver(Options()), 2, ECHO) as workers:
        workers.run([Task(Path(n), n, 30.0) for n in "abc"], results.__setitem__)
        (worker,) = workers.workers.values()
    assert all(r.endswith(here) for r in results.values()) and len(results) == 3
    assert not worker.is_alive()


def test_one_job_or_one_file_runs_here() -> None:
    here = f": {os.getpid()}"
    assert all(r.endswith(here) for r in audit(["a", "b", "c"], jobs=1).values())
    assert audit(["a"], jobs=2) == {0: f"a{here}"}


def test_a_task_past_its_limit_is_stopped_and_its_chunk_still_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pool, "GRACE_SECONDS", 0.0)
    names = ["schlaf", *[f"antrag_{i:02d}" for i in range(15)]]
    results = audit(names, seconds=0.3)
    assert results[0] == f"schlaf: {timeout_message(0.3)}"
    assert all(":" in results[i] and "abgebrochen" not in results[i] for i in range(1, 16))


def test_a_task_without_limit_is_not_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "GRACE_SECONDS", 0.0)
    results = audit([f"antrag_{i}" for i in range(6)], seconds=None)
    assert all(str(os.getpid()) not in r for r in results.values())


def test_a_worker_that_dies_costs_only_its_task() -> None:
    # The dying task opens the list, so that the worker's second chunk is in its pipe
    # when it dies: that one is checked by another worker.
    names = ["tot", *[f"antrag_{i:02d}" for i in range(19)]]
    results = audit(names)
    assert results[0] == f"tot: {CRASHED}"
    assert all(results[i].startswith(names[i] + ": ") for i in range(1, 20))
    assert all(CRASHED not in results[i] and "zugeteilt" not in results[i] for i in range(1, 20))


@pytest.mark.parametrize(("tasks", "workers"), [(1000, 2), (17, 2), (3, 4), (64 * 8 * 3, 3)])
def test_chunks_shrink_towards_the_end_and_cover_every_task(tasks: int, workers: int) -> None:
    sizes = chunk_sizes(tasks, workers)
    assert sum(sizes) == tasks and sizes == sorted(sizes, reverse=True)
    assert sizes[0] == max(1, min(pool.CHUNK, tasks // (pool.CHUNKS_PER_WORKER * workers)))
    assert sizes[-1] == 1 and max(sizes) <= pool.CHUNK


def test_how_many_workers_check_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 4)
    assert jobs_for(1000, 3, 150) == 3  # --jobs decides
    assert [jobs_for(n, None, 150) for n in (1, 149, 150, 299, 300, 10_000)] == [1, 1, 1, 1, 2, 4]
    monkeypatch.setattr(pool.os, "cpu_count", lambda: None)
    assert jobs_for(10_000, None, 150) == 1 and pool.default_jobs() == 1


def test_workers_started_before_the_command_line_is_read_get_its_options() -> None:
    """`antragscheck audit --jobs 2 --no-cache` starts its worker before the options
    are parsed (pool.prestart); the pool that takes it over hands it the options, so
    the files it checks are checked with the rules the clerk selected."""
    pool.prestart(1, ECHO)
    (early,) = [process for process, _, _ in pool._early[0][2]]
    names = [f"wahl_{i:02d}" for i in range(40)]
    results: dict[int, str] = {}
    with Patient(Resolver(Options(select=("section-missing",))), 2, ECHO) as workers:
        assert list(workers.workers.values()) == [early]  # taken over, not a new one
        workers.run([Task(Path(n), n, 30.0) for n in names], results.__setitem__)
    assert [results[i].split(": ")[0] for i in range(40)] == names
    assert {r.split(": ")[2] for r in results.values()} == {"section-missing"}
    assert str(early.pid) in {r.split(": ")[1] for r in results.values()}


def _collections_in_a_bare_process() -> list[int]:
    """How often the collector of a spawned process that runs nothing of ours ran, per
    generation (multiprocessing's own start-up, with the collector on)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=pool_probe.report, args=(writer,))
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")  # as early.spawn starts workers
    try:
        process.start()
    finally:
        sys.modules["__main__"] = main
    writer.close()
    counts: list[int] = reader.recv()
    process.join(timeout=30)
    return counts


@pytest.mark.parametrize("early", [False, True], ids=["started", "started-early"])
def test_a_worker_imports_and_loads_with_the_collector_off(early: bool) -> None:
    """What a worker imports before its first file (the pipeline) and loads (rule sets)
    lives as long as the worker: the garbage collector stays off from its first line
    until it is ready, also when it was started before the options were known. (With the
    collector on, the imports alone make it run ten to twenty times more.)"""
    bare = _collections_in_a_bare_process()
    if early:
        pool.prestart(1, COLLECTIONS)
    results: dict[int, str] = {}
    with Patient(Resolver(Options()), 2, COLLECTIONS) as workers:
        workers.run([Task(Path(n), n, 30.0) for n in "abcdefgh"], results.__setitem__)
        (worker,) = workers.workers.values()
    theirs = [r.split(": ")[2] for r in results.values() if r.split(": ")[1] == str(worker.pid)]
    assert theirs, results
    for counts in theirs:
        young, middle, old = (int(n) for n in counts.split("/"))
        # (a few collections while it checks: the work here allocates little)
        assert young <= bare[0] + 3 and (middle, old) <= (bare[1], bare[2]), (counts, bare)


def test_a_worker_checks_with_what_this_process_found_and_reads_no_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit looks up each file's configuration as it finds the files; its workers
    are told what it found (which configuration governs which folder, and the settings
    that follow) instead of searching, reading TOML and validating it again. So every
    process checks with the configuration the audit was started with, even one
    changed meanwhile. Nor does a worker import ctypes (the board it is handed is
    not a ctypes array), OpenSSL (hashlib: cache keys use Python's own SHA-256) or
    queue (see pool_work_audit.UNNEEDED)."""
    from tests.conftest import SAMPLES

    # a pyproject.toml without [tool.antragscheck] in the working folder: read to know
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    amt, ohne = tmp_path / "amt", tmp_path / "ohne"
    amt.mkdir()
    ohne.mkdir()
    (amt / "antragscheck.toml").write_text('ignore = ["pay-grade-missing"]\n', encoding="utf-8")
    sample = (SAMPLES / "stellenschaffung_smart_city_2022.docx").read_bytes()
    files = []
    for i in range(8):
        for folder in (amt, ohne):
            (folder / f"antrag_{i:02d}.docx").write_bytes(sample)
            files.append(folder / f"antrag_{i:02d}.docx")
    resolver = Resolver(Options())
    for path in files:  # as the audit finds them (walk.discover)
        assert resolver.for_path(path).config.ignore == (
            ["pay-grade-missing"] if path.parent == amt else []
        )
    (amt / "antragscheck.toml").write_text("ignore = []\n", encoding="utf-8")
    results: dict[int, str] = {}
    with Patient(resolver, 2, FINDINGS) as workers:
        workers.run([Task(p, str(p), 30.0) for p in files], results.__setitem__)
        (worker,) = workers.workers.values()
    theirs = [r for r in results.values() if r.split(": ")[1] == str(worker.pid)]
    assert {r.split(": ")[0] for r in theirs} & {str(p) for p in files if p.parent == ohne}
    for result in theirs:  # P304 ignored where configured; no configuration read
        path, _, rules, imported = result.split(": ")
        assert (rules, imported) == ("" if Path(path).parent == amt else "P304", ""), result


EARLY = """
import sys
before = set(sys.modules)
import antragscheck.audit.early
new = set(sys.modules) - before
print(*sorted(m for m in new if m.startswith("antragscheck") or m in HEAVY))
""".replace("HEAVY", repr({"typing", "pathlib", "dataclasses", "multiprocessing", "re"}))


def test_what_starts_workers_early_imports_nothing_else_of_ours() -> None:
    """The launcher starts the workers of `audit --jobs N --no-cache` first thing: the
    sooner they start, the more of their start-up is hidden. What starts them imports
    nothing of the command line, the pipeline or the pool, and nothing heavy."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", EARLY], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["antragscheck", "antragscheck.audit", "antragscheck.audit.early"]


def test_workers_started_early_that_do_not_fit_are_ended() -> None:
    """A guess from the command line that proves wrong costs only the start: workers
    for other work or another number are ended, unused ones too (pool.discard)."""
    pool.prestart(1, ECHO)
    (unfit,) = [process for process, _, _ in pool._early[0][2]]
    results: dict[int, str] = {}
    with Patient(Resolver(Options()), 3, ECHO) as workers:
        assert unfit not in workers.workers.values()
        workers.run([Task(Path(n), n, 30.0) for n in "abcdef"], results.__setitem__)
    assert not unfit.is_alive() and len(results) == 6
    pool.prestart(1, ECHO)
    (unused,) = [process for process, _, _ in pool._early[0][2]]
    pool.discard()
    assert not unused.is_alive() and not pool._early
