"""Remember audit results between runs: re-running over unchanged files reads none of
them.

A result is keyed by the file's content hash, the rule set's digest and the tool's
version, and holds only what follows from those: per-file-ignores and everything else
that depends on the path are applied after the cache (commands/audit.py).  To find a
file's hash without reading it, the cache keeps (path, size, modification and change
time, inode) → hash, as git's index does, and like git it trusts no entry whose file was
modified so close to when the entry was written that a later edit could have kept the
same times ("racy" entries are hashed again).  Everything lives in one SQLite file in
the user's cache folder (or --cache-dir).  A damaged cache is deleted and rebuilt; a
stored result that does not validate is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import sqlite3
import time
from pathlib import Path

from antragscheck import __version__, german, jsonshape
from antragscheck.models import AuditRecord
from antragscheck.read.package import open_regular

# File systems keep modification times as coarsely as 2 s (FAT, some network shares).
_RACY_NS = 2_000_000_000


class CacheUnusable(Exception):
    """The cache folder or file cannot be used; the audit runs without a cache."""


FILE_NAME = "audit-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS stat_index (
    path BLOB PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, inode INTEGER,
    indexed INTEGER, sha TEXT
);
CREATE TABLE IF NOT EXISTS results (
    sha TEXT, rules TEXT, version TEXT, record TEXT, PRIMARY KEY (sha, rules, version)
);
"""


def content_hash(path: Path) -> str:
    """The SHA-256 of a regular file (raises UnreadableDocument for anything else)."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self.hits = 0
        self.rebuilt = False
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = self._open()
        except (OSError, sqlite3.Error) as error:
            reason = german.os_error(error) if isinstance(error, OSError) else "keine Datenbank"
            raise CacheUnusable(reason) from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            db.executescript(_SCHEMA)
            db.execute("SELECT count(*) FROM results").fetchone()
            return db
        except sqlite3.DatabaseError:
            # Not a database, or a damaged one: start afresh.
            self.rebuilt = True
            db.close()
            self.path.unlink(missing_ok=True)
            db = sqlite3.connect(self.path)
            db.executescript(_SCHEMA)
            return db

    def file_hash(self, path: Path) -> str:
        """The content hash, from the index when the file's size, times and inode match
        and the entry is not racy; raises OSError or UnreadableDocument for a file that
        cannot be read."""
        stat = path.stat()
        key = os.fsencode(path.resolve())  # any name, also one that is not UTF-8
        facts = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        try:
            row = self.db.execute(
                "SELECT size, mtime, ctime, inode, indexed, sha FROM stat_index WHERE path = ?",
                (key,),
            ).fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is not None and tuple(row[:4]) == facts and stat.st_mtime_ns < row[4] - _RACY_NS:
            return str(row[5])
        sha = content_hash(path)
        self._write(
            "INSERT OR REPLACE INTO stat_index VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, *facts, time.time_ns(), sha),
        )
        return sha

    def get(self, sha: str, rules: str, display: str) -> AuditRecord | None:
        try:
            row = self.db.execute(
                "SELECT record FROM results WHERE sha = ? AND rules = ? AND version = ?",
                (sha, rules, __version__),
            ).fetchone()
        except sqlite3.DatabaseError:
            return None
        if row is None:
            return None
        try:
            record = jsonshape.audit_record(row[0])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # never trusted: recomputed and overwritten
        self.hits += 1
        return dataclasses.replace(record, path=display)

    def put(self, sha: str, rules: str, data: str) -> None:
        """Keep a record, as JSON (`jsonshape.dumps`), for the content and rules."""
        self._write(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
            (sha, rules, __version__, data),
        )

    def _write(self, sql: str, values: tuple[object, ...]) -> None:
        # A cache that cannot be written only costs time.
        with contextlib.suppress(sqlite3.DatabaseError):
            self.db.execute(sql, values)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.DatabaseError):
            self.db.commit()
        self.db.close()
