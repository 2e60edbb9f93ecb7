"""check's work with a bug of ours that only documents mentioning "Absturz" meet, for
tests of `check` in worker processes: a spawned worker imports this module by name,
where a test's monkeypatch does not reach."""

from __future__ import annotations

import antragscheck.pipeline as pipeline
from antragscheck.audit.pool import Task, Work
from antragscheck.commands.check import FileCheck, check_file, stopped_file
from antragscheck.settings import Resolver

_real_extract = pipeline.extract


def _extract(structured: object, *args: object, **kwargs: object) -> object:
    if "Absturz" in repr(structured):
        raise RuntimeError("simulierter Fehler")
    return _real_extract(structured, *args, **kwargs)  # type: ignore[arg-type]


def check_with_bug(task: Task, resolver: Resolver) -> FileCheck:
    pipeline.extract = _extract  # type: ignore[assignment]
    try:
        return check_file(task, resolver)
    finally:
        pipeline.extract = _real_extract


stopped = stopped_file
BUGGY: Work[FileCheck] = Work(__name__, "check_with_bug", "stopped")
