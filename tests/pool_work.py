"""A cheap `Work` for the pool's own tests: a worker imports this module by name.  A
task named "schlaf…" hangs, "tot…" ends its worker, "langsam…" takes a fiftieth of a
second, "wahl…" also names the rules selected (the options the worker was given), any
other comes back at once; each as itself and the process that did it."""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from antragscheck.audit.pool import STARTING, Pool, Task, Work
from antragscheck.settings import Resolver


def done(task: Task, resolver: Resolver) -> str:
    if task.display.startswith("schlaf"):
        time.sleep(60)
    if task.display.startswith("tot"):
        os._exit(3)
    if task.display.startswith("langsam"):
        time.sleep(0.02)
    if task.display.startswith("wahl"):
        return f"{task.display}: {os.getpid()}: {','.join(resolver.options.select or ())}"
    return f"{task.display}: {os.getpid()}"


def stopped(task: Task, message: str, resolver: Resolver) -> str:
    return f"{task.display}: {message}"


ECHO: Work[str] = Work(__name__, "done", "stopped")


def collections(task: Task, resolver: Resolver) -> str:
    """The process, and how often its garbage collector ran, per generation."""
    counts = "/".join(str(generation["collections"]) for generation in gc.get_stats())
    return f"{task.display}: {os.getpid()}: {counts}"


# The pipeline imported as the audit's worker imports it, then `collections`.
COLLECTIONS: Work[str] = Work("tests.pool_work_audit", "collections", "stopped")


class Patient(Pool[Any]):
    """A pool that checks nothing itself before one of its workers has started: tests
    that need a worker to take part see it do so however slowly the machine starts
    processes (at most 30 s)."""

    def _check_here(self, chunk: list[int]) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and all(
            self.board[2 * slot] == STARTING for slot in self.workers
        ):
            self._receive(0.01)
            self._police()
        self._feed()
        super()._check_here(chunk)

    def _inside_chunk(self, slot: int) -> int | None:
        """The task the worker in `slot` is on, unless it is the last of its chunk:
        killed there, a worker may already have sent the chunk with that task done,
        and the kill finds nothing to report (a test that kills wants a crash)."""
        current = self._current(slot)
        if current is None:
            return None
        for chunk in self.given.get(slot, ()):
            if current[0] in chunk[:-1]:
                return current[0]
        return None
