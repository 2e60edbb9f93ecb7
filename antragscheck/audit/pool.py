"""Run the checks of many files in worker processes (audit, and check with many files),
with a hard time limit per file.

Workers are started with the spawn method (as on Windows, and safe everywhere).  Each
worker writes the task it is on, and since when, to its slot on a shared board (no
message needed); a task that runs past its limit (plus a grace for the cooperative
deadline inside the worker to fire first) gets its worker terminated and replaced, and
is reported as unreadable.  A worker that dies is replaced the same way.  Results come
back in any order; the caller sorts.

Tasks travel in chunks and results come back a chunk at a time, already encoded (see
store.Outcome): pipe traffic and the main process's share of the two cores stay
small.  Each worker has two pipes of its own, no shared queue (and so no lock, and
no resource-tracker process): the caller hands it chunks, at most AHEAD at a time
(the one it is on and the next), and it sends the results of each; a send returns
only once the results are in the pipe, so what a worker sent before it died is still
read.  The caller thus knows what each worker holds: when one is stopped or dies,
the task it was on is reported and everything else it held and had not sent is
planned first again, so no request is lost.  Chunks shrink towards the end of the
list (guided scheduling), so that the processes finish together.

The calling process checks too: with N jobs it starts N − 1 workers and takes chunks
from the same list while they start and after, so that a worker's start-up (a new
interpreter importing the pipeline) is hidden behind work already done, and no core
waits for a process that only hands out tasks.  Between two of its files it reads
what the workers sent, polices them and hands them their next chunks.  A file the
caller checks has the time limit of one process (the deadline inside the check), as
with --jobs 1.

What a worker does with a task is a `Work`: `audit` keeps records and facts
(commands/audit.py AUDIT), `check` keeps each file's result (commands/check.py).  This module
imports neither, so that a command starts its workers before it imports the pipeline
itself.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from antragscheck.audit import early
from antragscheck.audit.early import STARTING, _early
from antragscheck.spec import ByFields, record

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from antragscheck.audit.early import Started
    from antragscheck.settings import Options, Resolver

R = TypeVar("R")

GRACE_SECONDS = 5.0
# A worker that holds tasks, is on none of them and was not heard of for this long
# hangs before a task (or never started): what it holds goes to the others.
SILENCE_SECONDS = 60.0
LOST = "Die Datei wurde keinem Prüfprozess zugeteilt. Bitte erneut prüfen."
# How a file's check ended: ran to its end (worth caching), was stopped (time limit,
# a worker that died), or failed inside antragscheck (a bug: exit code 2).
COMPLETE, STOPPED, INTERNAL = "complete", "stopped", "internal"
# Tasks a chunk at most, and the share of the tasks left that one chunk takes (one in
# CHUNKS_PER_WORKER × workers): large chunks first, to keep pipe traffic small, then
# ever smaller ones, so that no worker is left with a long chunk while the others idle,
# and a stopped worker costs little to redo.
CHUNK = 64
CHUNKS_PER_WORKER = 4
# Chunks a worker holds at most: the one it is on and the next, there when it is done
# with its own; the rest wait in the caller, which takes them itself.
AHEAD = 2


@record(kw_only=False)
class Task(ByFields):
    """A file to check, the name the report gives it, and its time limit.  (Without a
    docstring, dataclasses would build one with inspect.signature at import.)"""

    path: Path
    display: str
    seconds: float | None  # the time limit (None: none)


@record(kw_only=False)
class Work(ByFields, Generic[R]):
    """What a worker makes of a task (`run`), and what a task becomes that could not be
    finished (`stopped`: its worker was stopped at the time limit or died; the message
    says which).  Named, not held: the functions are imported where they run, so a
    command starts its workers before it imports the pipeline."""

    module: str
    run_name: str
    stopped_name: str

    def _function(self, name: str) -> Callable[..., R]:
        function: Callable[..., R] = _named(self.module, name)
        return function

    def run(self, task: Task, resolver: Resolver) -> R:
        return self._function(self.run_name)(task, resolver)

    def stopped(self, task: Task, message: str, resolver: Resolver) -> R:
        return self._function(self.stopped_name)(task, message, resolver)

    @property
    def name(self) -> early.WorkName:
        """The work by name, as a worker started early is told it."""
        return (self.module, self.run_name, self.stopped_name)


@cache
def _named(module: str, name: str) -> Callable[..., Any]:
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


# (task index, what came of it)
OnResult = Callable[[int, R], None]


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def jobs_for(files: int, jobs: int | None, files_per_worker: int) -> int:
    """How many processes check `files` files: `jobs` when given (--jobs), else one
    per `files_per_worker` files, at most one per core (1: in this process, no
    workers)."""
    if jobs is not None:
        return jobs
    return max(1, min(default_jobs(), files // files_per_worker))


def chunk_sizes(tasks: int, workers: int) -> list[int]:
    """The sizes of the chunks `tasks` tasks travel in, largest first."""
    sizes = []
    left = tasks
    while left > 0:
        size = max(1, min(CHUNK, left // (CHUNKS_PER_WORKER * workers)))
        sizes.append(size)
        left -= size
    return sizes


# On the board instead of a task index: a worker waiting for a chunk (or, see early,
# still starting: STARTING).
IDLE = -1.0


def _leave_with_parent() -> None:  # pragma: no cover - runs in the worker process
    """A worker ends when the audit that started it ends, however that ended (killed
    too, on Windows as on Linux): a thread waits on the parent's sentinel.  Ctrl+C is
    the parent's to handle; it ends the workers itself."""
    import multiprocessing
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _serve(
    slot: int, work: Work[Any], inbox: Connection, results: Connection, board: Any
) -> None:  # pragma: no cover - runs in the worker process
    # No garbage collection while the worker imports and loads the rule sets (early.serve
    # turned it off): what it creates now lives as long as it does.  Frozen once it is
    # ready, so that the collections while it checks skip it.
    gc.disable()
    _leave_with_parent()
    import threading
    from _queue import SimpleQueue  # queue's own (importing queue adds heapq and more)

    from antragscheck.settings import Known, Resolver

    # The pipeline is imported before the first message arrives: while the caller still
    # finds the files, not after.
    importlib.import_module(work.module)
    try:  # the options come first (see early.spawn), from a worker started early once parsed
        options: Options = inbox.recv()
    except (EOFError, OSError):  # not needed after all
        os._exit(0)
    resolver = Resolver(options)  # rule sets load once per worker
    gc.freeze()
    gc.enable()
    board[2 * slot] = IDLE  # ready: the caller hands out chunks from now on
    # Chunks are read as they come, also while one is being checked: the caller never
    # waits to hand one over, so it is always free to read what this worker sends.
    chunks: SimpleQueue[Any] = SimpleQueue()

    def receive() -> None:
        while True:
            try:
                chunk = inbox.recv()
            except (EOFError, OSError):  # the caller closed it: no more tasks
                chunk = None
            chunks.put(chunk)
            if chunk is None:
                return

    threading.Thread(target=receive, name="tasks", daemon=True).start()
    while True:
        chunk = chunks.get()
        if chunk is None:
            # What it sent is in the pipe, so the worker is done: tearing down the
            # interpreter module by module would only keep the caller waiting.
            results.close()
            os._exit(0)
        if isinstance(chunk, Known):  # about the files of the next chunk (Pool._tell)
            resolver.learn(chunk)
            continue
        done = []
        for index, task in chunk:
            # The clock is the system's monotonic clock, the same in every process.
            board[2 * slot + 1] = time.monotonic()
            board[2 * slot] = float(index)
            done.append((index, work.run(task, resolver)))
        board[2 * slot] = IDLE
        results.send(done)


def prestart(workers: int, work: Work[Any]) -> None:
    """Start `workers` workers for `work` now, before the command line is parsed (see
    early.prestart)."""
    early.prestart(workers, work.name)


def _adopt(work: Work[R], workers: int) -> tuple[Any, list[Started]] | None:
    """The workers prestart started, if they do `work` and are as many as wanted (the
    others are ended)."""
    if not _early:
        return None
    early_work, board, started = _early.pop()
    if early_work != work.name or len(started) != workers:
        _end(started)
        return None
    return board, started


def discard() -> None:
    """End the workers prestart started that no Pool adopted (the command did not
    need them)."""
    while _early:
        _end(_early.pop()[2])


def _end(started: list[Started]) -> None:
    for process, outbox, reader in started:
        outbox.close()  # a worker still waiting for its options leaves by itself
        reader.close()
        if process.is_alive():
            process.terminate()
    for process, _, _ in started:
        process.join(timeout=5)


def run_here(
    tasks: Sequence[Task], resolver: Resolver, on_result: OnResult[R], work: Work[R]
) -> None:
    """Do `work` on `tasks` in this process (one job, or a single file), with the
    caller's settings and rule sets."""
    for index, task in enumerate(tasks):
        on_result(index, work.run(task, resolver))


def run(
    tasks: Sequence[Task],
    resolver: Resolver,
    jobs: int,
    on_result: OnResult[R],
    work: Work[R],
    *,
    here: bool = True,
) -> None:
    """Do `work` on `tasks` with `jobs` processes (see Pool; in this process alone for
    one job)."""
    if jobs <= 1 or len(tasks) <= 1:
        run_here(tasks, resolver, on_result, work)
        return
    with Pool(resolver, min(jobs, len(tasks)), work, here=here) as pool:
        pool.run(tasks, on_result)


class Pool(Generic[R]):
    """`jobs` processes checking: this one and jobs − 1 workers (`here`, the default),
    or `jobs` workers and this one only hands out tasks.  The workers are started at
    once, so that their start-up (each imports the pipeline) overlaps with whatever the
    caller does before the tasks are ready."""

    def __init__(self, resolver: Resolver, jobs: int, work: Work[R], *, here: bool = True) -> None:
        import multiprocessing  # here: a check of a few files runs without a pool

        self.context = multiprocessing.get_context("spawn")
        self.resolver = resolver  # for the findings of files whose worker was stopped
        self.options = resolver.options
        self.work = work
        self.here = here
        self.tasks: Sequence[Task] = ()
        self.on_result: OnResult[R] = lambda index, outcome: None
        self.waiting: deque[list[int]] = deque()  # chunks not yet handed out
        self.finished: set[int] = set()
        # Task index → how often a worker died holding it before it got to it.
        self.strikes: dict[int, int] = {}
        # Per worker slot: the process, the pipes to and from it, the chunks it holds
        # (in the order it checks them) and when it was last heard of.
        self.workers: dict[int, Any] = {}
        self.inboxes: dict[int, Connection] = {}
        self.pipes: dict[int, Connection] = {}
        self.given: dict[int, deque[list[int]]] = {}
        self.heard: dict[int, float] = {}
        # Per worker slot: the configurations whose settings its worker was told.
        self.told: dict[int, set[Path | None]] = {}
        self.board: Any = None
        self.released = False  # the workers were told that no task follows
        workers = jobs - 1 if here else jobs
        adopted = _adopt(work, workers)
        if adopted is not None:  # started before the command line was read: same work
            self.board, started = adopted
            for slot, (process, outbox, reader) in enumerate(started):
                with contextlib.suppress(OSError):  # it is gone: policing replaces it
                    outbox.send(self.options)
                self._keep(slot, process, outbox, reader)
            return
        self.board = early.new_board(self.context, workers)
        for slot in range(workers):
            self._start_worker(slot)

    def __enter__(self) -> Pool[R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        """Left normally: the workers finish and leave.  Interrupted (Ctrl+C, SIGTERM)
        or failed: they end with us, at once."""
        if kind is None:
            self.close()
        else:
            self.terminate()

    def _start_worker(self, slot: int) -> None:
        self.board[2 * slot] = STARTING
        process, outbox, reader = early.spawn(self.context, slot, self.work.name, self.board)
        with contextlib.suppress(OSError):  # it is gone: policing replaces it
            outbox.send(self.options)  # its first message (see early.spawn)
        self._keep(slot, process, outbox, reader)

    def _keep(self, slot: int, process: Any, outbox: Connection, reader: Connection) -> None:
        self.workers[slot] = process
        self.inboxes[slot] = outbox
        self.pipes[slot] = reader
        self.given[slot] = deque()
        self.heard[slot] = time.monotonic()
        self.told[slot] = set()

    def _finish(self, index: int, outcome: R) -> None:
        if index not in self.finished:
            self.finished.add(index)
            self.on_result(index, outcome)

    def _fail(self, index: int, message: str) -> None:
        self._finish(index, self.work.stopped(self.tasks[index], message, self.resolver))

    def _plan(self, indexes: Sequence[int], first: bool = False) -> None:
        """Cut `indexes` into chunks that wait to be handed out (`first`: before those
        already waiting)."""
        chunks = []
        start = 0
        for size in chunk_sizes(len(indexes), max(1, len(self.workers) + self.here)):
            chunks.append(list(indexes[start : start + size]))
            start += size
        if first:
            self.waiting.extendleft(reversed(chunks))
        else:
            self.waiting.extend(chunks)

    def _feed(self) -> None:
        """Each worker holds AHEAD chunks: the one it is on, and the next.  While this
        process checks too, a worker gets none before it has started: until then this
        process takes them (a few files are done before any worker is up)."""
        for slot, given in self.given.items():
            if self.here and self.board[2 * slot] == STARTING:
                continue
            while self.waiting and len(given) < AHEAD:
                chunk = self.waiting.popleft()
                try:
                    self._tell(slot, chunk)
                    self.inboxes[slot].send([(index, self.tasks[index]) for index in chunk])
                except OSError:  # the worker is gone; policing replaces it
                    self.waiting.appendleft(chunk)
                    break
                given.append(chunk)

    def _tell(self, slot: int, chunk: list[int]) -> None:
        """Before a chunk: what this process found out about its files and the worker
        does not know yet (which configuration governs them, its settings; see
        Resolver.known), so that it does not search and load them again."""
        known = self.resolver.known((self.tasks[index].path for index in chunk), self.told[slot])
        if known is not None:
            self.inboxes[slot].send(known)
            self.told[slot].update(known.settings)

    def _check_here(self, chunk: list[int]) -> None:
        """Check a chunk in this process; between two files, read what the workers sent
        (a worker waits until its results are read) and police them."""
        for index in chunk:
            if index not in self.finished:
                self._finish(index, self.work.run(self.tasks[index], self.resolver))
            if self.workers:
                self._receive(0)
                self._police()
                self._feed()

    def _current(self, slot: int) -> tuple[int, float] | None:
        index = int(self.board[2 * slot])
        return None if index < 0 else (index, self.board[2 * slot + 1])

    def _replace(self, slot: int, message: str) -> None:
        """End the worker in `slot` (stopped at its time limit, dead or silent): the task
        it was on is reported with `message`, what it held and had not sent is planned
        first again, and a new worker takes the slot while tasks are left."""
        current = self._current(slot)
        process = self.workers.pop(slot)
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        self._drain(slot)  # what it sent before it ended counts
        self.inboxes.pop(slot).close()
        held = [index for chunk in self.given.pop(slot) for index in chunk]
        self.heard.pop(slot)
        rest = [index for index in held if index not in self.finished]
        if current is not None and current[0] in rest:
            self._fail(current[0], message)
        elif rest:
            # It died before it got to them (or went silent): a task is handed out
            # three times at most, so that a worker that cannot start ends no loop.
            for index in rest:
                self.strikes[index] = self.strikes.get(index, 0) + 1
                if self.strikes[index] >= 3:
                    self._fail(index, LOST)
        self._plan([index for index in rest if index not in self.finished], first=True)
        if len(self.finished) < len(self.tasks):
            self._start_worker(slot)

    def run(self, tasks: Sequence[Task], on_result: OnResult[R]) -> None:
        self.tasks, self.on_result = tasks, on_result
        self._plan(range(len(tasks)))
        while len(self.finished) < len(tasks):
            self._feed()
            if self.here and self.waiting:
                self._check_here(self.waiting.popleft())
                continue
            self._receive(0.2)
            self._police()
        # Nothing is left to check: the workers leave now, while this process goes on
        # with what follows the last result (the audit's cross-file checks and report).
        self._release()

    def _release(self) -> None:
        """Tell every worker that no task follows (once)."""
        for inbox in self.inboxes.values():
            with contextlib.suppress(OSError):  # a worker that is gone needs no goodbye
                inbox.send(None)
        self.released = True

    def terminate(self) -> None:
        """End every worker now (the audit was interrupted)."""
        for process in self.workers.values():
            if process.is_alive():
                process.terminate()
        for process in self.workers.values():
            process.join(timeout=5)
        self.workers.clear()
        self._close_pipes()

    def close(self) -> None:
        if not self.released:
            self._release()
        for slot, process in self.workers.items():
            if self.board[2 * slot] == STARTING:  # never got a task: not worth waiting for
                process.terminate()
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in [*self.pipes.values(), *self.inboxes.values()]:
            pipe.close()
        self.pipes.clear()
        self.inboxes.clear()

    def _read(self, slot: int) -> None:
        """One message from a worker's pipe (the results of the first chunk it holds);
        at its end (the worker is gone, or died in the middle of a send) the pipe is
        closed."""
        try:
            done = self.pipes[slot].recv()
        except (EOFError, OSError):
            self.pipes.pop(slot).close()
            return
        self.heard[slot] = time.monotonic()
        if self.given[slot]:
            self.given[slot].popleft()
        for index, outcome in done:
            self._finish(index, outcome)

    def _drain(self, slot: int) -> None:
        while slot in self.pipes and self.pipes[slot].poll():
            self._read(slot)
        if slot in self.pipes:
            self.pipes.pop(slot).close()

    def _receive(self, timeout: float) -> None:
        from multiprocessing.connection import wait

        ready = wait(list(self.pipes.values()), timeout=timeout)
        for slot, pipe in list(self.pipes.items()):
            if pipe in ready:
                self._read(slot)

    def _police(self) -> None:
        now = time.monotonic()
        for slot in list(self.workers):
            current = self._current(slot)
            if current is None or current[0] in self.finished:
                # Holding tasks, on none of them, unheard of for long: it hangs
                # before a task (or never started); what it holds goes to others.
                if self.given[slot] and now - self.heard[slot] > SILENCE_SECONDS:
                    self._replace(slot, "")
                continue
            index, started = current
            seconds = self.tasks[index].seconds
            if seconds is not None and now - started > seconds + GRACE_SECONDS:
                from antragscheck.read.deadline import timeout_message

                self._replace(slot, timeout_message(seconds))
        for slot, process in list(self.workers.items()):
            if not process.is_alive():
                self._replace(
                    slot,
                    "Der Prüfprozess für diese Datei ist abgestürzt. Bitte die Datei einzeln mit "
                    "`antragscheck check` prüfen und den Fehler melden.",
                )
