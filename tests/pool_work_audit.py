"""`pool_work.collections` in a worker that imports what the audit's workers import
(a worker imports its work's module before its first task)."""

from __future__ import annotations

import antragscheck.audit.worker  # noqa: F401  (imported for its cost, as the audit's)
from tests.pool_work import collections, stopped

__all__ = ["collections", "stopped"]
