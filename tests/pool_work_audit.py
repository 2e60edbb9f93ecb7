"""Work for the pool's tests in a worker that imports what the audit's workers import
(a worker imports its work's module before its first task): `pool_work.collections`,
and `findings`, the audit's own check of a file."""

from __future__ import annotations

import json
import os
import sys

from antragscheck.audit.pool import Task, Work
from antragscheck.audit.worker import checked
from antragscheck.settings import Resolver
from tests.pool_work import collections, stopped

__all__ = ["FINDINGS", "collections", "findings", "stopped"]


# What a worker checking with a found configuration does not need: reading one (TOML,
# validation, YAML rule files), ctypes (the board), OpenSSL (hashlib), queue (heapq and
# more, for the SimpleQueue it takes from _queue).
UNNEEDED = ("tomllib", "pydantic", "yaml", "ctypes", "hashlib", "queue")


def findings(task: Task, resolver: Resolver) -> str:
    """The process, the rules that found something in the file as the audit's worker
    checks it, and which of UNNEEDED it imported."""
    outcome = checked(task, resolver)
    rules = sorted({finding["rule"] for finding in json.loads(outcome.data)["findings"]})
    imported = [name for name in UNNEEDED if name in sys.modules]
    return f"{task.display}: {os.getpid()}: {','.join(rules)}: {','.join(imported)}"


FINDINGS: Work[str] = Work(__name__, "findings", "stopped")
