"""Starting the pool's workers (audit/pool.py), as early as a command can: the launcher
(antragscheck.__main__) starts those of `antragscheck audit --jobs N --no-cache`
before it imports anything else of ours.

A worker is a new interpreter that needs ~0.1 s of CPU before it checks its first
file; the sooner it starts, the more of that is hidden behind what this process does
meanwhile (importing the command line, finding the files, checking the first ones).
So this module imports nothing but the standard library's multiprocessing, and only
when it starts a worker: what a worker does is named (`WorkName`), not held, and the
worker itself imports the pool (`serve`).
"""

from __future__ import annotations

import os
import sys
import types

TYPE_CHECKING = False  # not typing's: that import alone is a few ms before the spawn
if TYPE_CHECKING:
    from collections.abc import Sequence
    from multiprocessing.connection import Connection
    from typing import Any

    # A started worker: its process, the pipe to it and the pipe from it.
    Started = tuple[Any, Connection, Connection]

# What a worker does, by name: (module, function for a task, function for a task that
# could not be finished); see pool.Work.
WorkName = tuple[str, str, str]
# What the audit's workers do (commands/audit.py AUDIT).
AUDIT: WorkName = ("antragscheck.audit.worker", "checked", "stopped")
# On the board instead of a task index: a worker still starting.
STARTING = -2.0
# Workers started before the command line was parsed (prestart): (work, board, for each
# slot its process and pipes), until a Pool adopts them or pool.discard ends them.
_early: list[tuple[WorkName, Any, list[Started]]] = []


def prestart_audit(args: Sequence[str]) -> None:
    """Start the workers of `antragscheck audit ARGS` now, before the command line is
    parsed, when it asks for them at once (--jobs above 1 and --no-cache; see
    commands/audit.py): they start while this process imports the command line and
    finds the files.  Only the number is read here; the options reach them once parsed
    (pool.Pool sends them).  A guess that proves wrong costs a start: the Pool ends
    workers it cannot use, and pool.discard those no Pool took."""
    jobs, no_cache = 0, False
    words = iter(args)
    for word in words:
        if word == "--":
            break
        if word == "--no-cache":
            no_cache = True
        elif word in ("-j", "--jobs"):
            jobs = _count(next(words, ""))
        elif word.startswith("--jobs="):
            jobs = _count(word.removeprefix("--jobs="))
        elif word.startswith("-j") and not word.startswith("--"):
            jobs = _count(word.removeprefix("-j"))
    if no_cache and jobs > 1:
        prestart(jobs - 1, AUDIT)


def _count(word: str) -> int:
    return int(word) if word.isdigit() and len(word) < 4 else 0


def prestart(workers: int, work: WorkName) -> None:
    """Start `workers` workers for `work` now, before the command line is parsed and
    the settings are found: they import the pipeline meanwhile, and learn the options
    from the Pool that adopts them (the options travel as the first message, so what
    the command line and the configuration say reaches them as for any worker)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    board = new_board(context, workers)
    _early.append((work, board, [spawn(context, slot, work, board) for slot in range(workers)]))


def new_board(context: Any, workers: int) -> Board:
    """The shared board: per worker slot the task index it is on (or IDLE, STARTING)
    and since when; every slot starts as STARTING."""
    from multiprocessing import heap

    board = Board(heap.Arena(16 * max(1, workers)))
    for slot in range(max(1, workers)):
        board[2 * slot] = STARTING
    return board


class Board:
    """Floats in memory this process shares with its workers: what multiprocessing's
    shared arrays are without ctypes, which a worker would import (~2 ms) to read the
    board handed to it.  The memory is multiprocessing's own (heap.Arena: an unlinked
    file, or on Windows a named mapping), and travels to a spawned worker as a shared
    array's does.  A float is written and read whole, as a ctypes double is."""

    __slots__ = ("arena", "cells")

    def __init__(self, arena: Any) -> None:
        self.arena = arena
        self.cells = memoryview(arena.buffer).cast("d")

    def __getitem__(self, index: int) -> float:
        value: float = self.cells[index]
        return value

    def __setitem__(self, index: int, value: float) -> None:
        self.cells[index] = value

    def __reduce__(self) -> tuple[Any, ...]:
        return Board, (self.arena,)


def spawn(context: Any, slot: int, work: WorkName, board: Any) -> Started:
    """Start the worker for `slot`: (the process, the pipe to it, the pipe from it).
    Its first message is the options (pool.Pool sends them): what a new process is
    handed is unpickled before it runs a line of ours, and unpickling Options would
    import the settings and with them the pipeline while the garbage collector runs
    (see serve)."""
    inbox, outbox = context.Pipe(duplex=False)  # tasks: (its end, ours)
    reader, writer = context.Pipe(duplex=False)  # results: (ours, its end)
    process = context.Process(target=serve, args=(slot, work, inbox, writer, board), daemon=True)
    # A spawned process runs the parent's main script again (as __mp_main__) unless
    # the main module has no file: for the `antragscheck` launcher that imports the
    # whole command line (click, every option) into each worker, which needs none
    # of it. Everything a worker runs lives in our modules.
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    _untracked()
    try:
        process.start()
    finally:
        sys.modules["__main__"] = main
    inbox.close()  # the worker's ends: once it is gone, reading ends
    writer.close()
    return process, outbox, reader


def serve(
    slot: int, work: WorkName, inbox: Connection, results: Connection, board: Any
) -> None:  # pragma: no cover - runs in the worker process
    """A worker's life (pool._serve).  No garbage collection while it imports and
    loads its rule sets (from its first line: the pool itself imports dataclasses,
    typing, …): what it creates now lives as long as it does, and the collector would
    walk it again and again (see antragscheck.__main__)."""
    import gc

    gc.disable()
    from antragscheck.audit import pool

    pool._serve(slot, pool.Work(*work), inbox, results, board)


def _untracked() -> None:
    """Spawn on POSIX first starts multiprocessing's resource tracker, a third
    interpreter (~15 ms of CPU, while the workers start and this process finds the
    files) that removes the semaphores and shared memory segments a crashed process
    leaves behind.  The pool makes neither (pipes, and a board in an unlinked file),
    so the tracker is given the null device to write to instead (what a worker would
    report to it is dropped; it reports nothing).  Only while no tracker runs; where
    multiprocessing has no such tracker (Windows) or keeps it otherwise, nothing
    changes."""
    if os.name == "nt":
        return
    try:
        from multiprocessing import resource_tracker

        tracker: Any = resource_tracker._resource_tracker
        if tracker._fd is None and tracker._pid is None:
            tracker._fd = os.open(os.devnull, os.O_WRONLY)
    except (ImportError, AttributeError, OSError):  # another Python: its own way
        return
