"""Remember audit results between runs: re-running over unchanged files reads none of
them.

A result is keyed by the file's content hash, the rule set's digest and the tool's
version.  To find a file's hash without reading it, the cache keeps (path, size,
modification time) → hash, as git's index does.  Everything lives in one SQLite file in
the user's cache folder (or --cache-dir).  A damaged cache is deleted and rebuilt; a
stored result that does not validate is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

from pydantic import ValidationError

from antragscheck import __version__
from antragscheck.models import AuditRecord

FILE_NAME = "audit-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, sha TEXT);
CREATE TABLE IF NOT EXISTS results (
    sha TEXT, rules TEXT, version TEXT, record TEXT, PRIMARY KEY (sha, rules, version)
);
"""


def default_cache_dir() -> Path:
    """The user's cache folder, as each platform names it."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "antragscheck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "antragscheck"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "antragscheck"


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self.hits = 0
        self.rebuilt = False
        folder.mkdir(parents=True, exist_ok=True)
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path)
            db.executescript(_SCHEMA)
            db.execute("SELECT count(*) FROM results").fetchone()
            return db
        except sqlite3.DatabaseError:
            # Not a database, or a damaged one: start afresh.
            self.rebuilt = True
            self.path.unlink(missing_ok=True)
            db = sqlite3.connect(self.path)
            db.executescript(_SCHEMA)
            return db

    def file_hash(self, path: Path) -> str:
        """The content hash, from the index when size and modification time match."""
        stat = path.stat()
        key = str(path.resolve())
        try:
            row = self.db.execute(
                "SELECT size, mtime, sha FROM files WHERE path = ?", (key,)
            ).fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is not None and row[0] == stat.st_size and row[1] == stat.st_mtime_ns:
            return str(row[2])
        sha = content_hash(path)
        self._write(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
            (key, stat.st_size, stat.st_mtime_ns, sha),
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
            record = AuditRecord.model_validate_json(row[0])
        except ValidationError:
            return None  # never trusted: recomputed and overwritten
        self.hits += 1
        return record.model_copy(update={"path": display})

    def put(self, sha: str, rules: str, record: AuditRecord) -> None:
        self._write(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
            (sha, rules, __version__, record.model_dump_json()),
        )

    def _write(self, sql: str, values: tuple[object, ...]) -> None:
        # A cache that cannot be written only costs time.
        with contextlib.suppress(sqlite3.DatabaseError):
            self.db.execute(sql, values)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.DatabaseError):
            self.db.commit()
        self.db.close()
