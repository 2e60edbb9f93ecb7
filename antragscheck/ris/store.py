"""The local index of the council information system: one SQLite file.

The sync writes it one page at a time, each page in one transaction together with the
point to resume from, so an interrupted sync keeps what it fetched and the next run
continues there.  Checks open it read-only and never go online.  A file that is not an
antragscheck index is refused, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from antragscheck.ris.match import compatible, reference_key
from antragscheck.ris.records import CouncilConsultation, CouncilPaper

FORMAT = "antragscheck-ris-1"
FILE_NAME = "ris-index.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS paper (
    id TEXT PRIMARY KEY, reference TEXT, ref_key TEXT, name TEXT, date TEXT,
    paper_type TEXT, web TEXT, modified TEXT
);
CREATE INDEX IF NOT EXISTS paper_key ON paper (ref_key);
CREATE TABLE IF NOT EXISTS consultation (
    paper TEXT, position INTEGER, id TEXT, meeting TEXT, agenda_item TEXT,
    organization TEXT, authoritative INTEGER, role TEXT, PRIMARY KEY (paper, position)
);
CREATE INDEX IF NOT EXISTS consultation_meeting ON consultation (meeting);
CREATE TABLE IF NOT EXISTS meeting (
    id TEXT PRIMARY KEY, name TEXT, day TEXT, cancelled INTEGER, organization TEXT,
    modified TEXT
);
CREATE TABLE IF NOT EXISTS agenda_item (
    id TEXT PRIMARY KEY, meeting TEXT, consultation TEXT, number TEXT, name TEXT,
    result TEXT
);
CREATE INDEX IF NOT EXISTS agenda_item_consultation ON agenda_item (consultation);
CREATE INDEX IF NOT EXISTS agenda_item_meeting ON agenda_item (meeting);
CREATE TABLE IF NOT EXISTS organization (id TEXT PRIMARY KEY, name TEXT, short_name TEXT);
CREATE TABLE IF NOT EXISTS unreachable (id TEXT PRIMARY KEY, reason TEXT);
"""


# (id, meeting, agenda item, organisations, authoritative, role)
ConsultationRow = tuple[str, str | None, str | None, list[str], bool | None, str | None]
# (id, consultation, number, name, result)
AgendaItemRow = tuple[str, str | None, str | None, str | None, str | None]


class UnusableIndex(Exception):
    """The index file cannot be used (not an index, damaged, unreadable)."""


def default_index_path() -> Path:
    """The index in the user's cache folder (beside the audit cache)."""
    from antragscheck.usercache import default_cache_dir

    return default_cache_dir() / FILE_NAME


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class Index:
    """An open index.  `Index.open(path)` for reading (checks, `ris show`),
    `Index.create(path)` for the sync."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Index:
        """Open an existing index read-only; UnusableIndex when it is none."""
        if not path.is_file():
            raise UnusableIndex(f"Den Index {path} gibt es nicht.")
        try:
            uri = path.resolve().as_uri() + "?mode=ro"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except (sqlite3.Error, ValueError) as error:
            raise UnusableIndex(f"{path} ist nicht lesbar ({error}).") from None
        index = cls(connection, path)
        index._verify()
        return index

    @classmethod
    def create(cls, path: Path) -> Index:
        """Open the index for writing, creating it (and its folder) if needed."""
        existed = path.exists()
        if existed and not path.is_file():
            raise UnusableIndex(f"{path} ist keine Datei.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=10, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise UnusableIndex(f"{path} kann nicht angelegt werden ({error}).") from None
        index = cls(connection, path)
        if existed and path.stat().st_size > 0:
            index._verify()
        try:
            with index._db:
                index._db.executescript(_SCHEMA)
                index._db.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)", (FORMAT,)
                )
        except sqlite3.Error as error:
            index.close()
            raise UnusableIndex(f"{path} kann nicht beschrieben werden ({error}).") from None
        if not existed and sys.platform != "win32":
            _apply_umask(path)
        return index

    def _verify(self) -> None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is None or row[0] != FORMAT:
            self.close()
            raise UnusableIndex(
                f"{self.path} ist kein Index von antragscheck. Bitte einen anderen Dateinamen "
                "wählen (--index); die Datei bleibt unverändert."
            )

    def close(self) -> None:
        self._db.close()

    # -- meta ------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str | None) -> None:
        """Within a transaction (`writing`)."""
        if value is None:
            self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def synced_at(self) -> dt.datetime | None:
        """When the last complete sync finished (UTC), or None."""
        value = self.meta("synced_at")
        try:
            return dt.datetime.fromisoformat(value) if value else None
        except ValueError:
            return None

    def stamp(self) -> str:
        """Changes whenever the index's content does (for caches keyed by it)."""
        return f"{self.meta('body') or ''}|{self.meta('synced_at') or ''}|{self.count('paper')}"

    def count(self, table: str) -> int:
        assert table in {"paper", "meeting", "organization", "agenda_item", "consultation"}
        return int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # -- writing (the sync) ----------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One transaction: all of it is stored, or none of it."""
        with self._db:
            yield

    def put_paper(
        self,
        id: str,
        reference: str | None,
        name: str | None,
        date: dt.date | None,
        paper_type: str | None,
        web: str | None,
        modified: str | None,
        consultations: Iterable[ConsultationRow],
    ) -> None:
        key = reference_key(reference) if reference else None
        self._db.execute(
            "INSERT OR REPLACE INTO paper VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                id,
                reference,
                key,
                name,
                date.isoformat() if date else None,
                paper_type,
                web,
                modified,
            ),
        )
        self._db.execute("DELETE FROM consultation WHERE paper = ?", (id,))
        self._db.executemany(
            "INSERT INTO consultation VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (id, position, cid, meeting, item, json.dumps(orgs), _flag(auth), role)
                for position, (cid, meeting, item, orgs, auth, role) in enumerate(consultations)
            ],
        )

    def put_meeting(
        self,
        id: str,
        name: str | None,
        day: dt.date | None,
        cancelled: bool | None,
        organizations: list[str],
        modified: str | None,
        agenda_items: Iterable[AgendaItemRow],
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO meeting VALUES (?, ?, ?, ?, ?, ?)",
            (
                id,
                name,
                day.isoformat() if day else None,
                _flag(cancelled),
                json.dumps(organizations),
                modified,
            ),
        )
        self._db.execute("DELETE FROM agenda_item WHERE meeting = ?", (id,))
        self._db.executemany(
            "INSERT OR REPLACE INTO agenda_item VALUES (?, ?, ?, ?, ?, ?)",
            [
                (item, id, consultation, number, title, result)
                for item, consultation, number, title, result in agenda_items
            ],
        )

    def mark_unreachable(self, id: str, reason: str) -> None:
        """A meeting that could not be fetched is not asked for again."""
        self._db.execute("INSERT OR REPLACE INTO unreachable VALUES (?, ?)", (id, reason))

    def put_organization(self, id: str, name: str | None, short_name: str | None) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO organization VALUES (?, ?, ?)", (id, name, short_name)
        )

    def delete(self, table: str, id: str) -> None:
        """Remove a deleted object (and what hangs on it)."""
        if table == "paper":
            self._db.execute("DELETE FROM consultation WHERE paper = ?", (id,))
        elif table == "meeting":
            self._db.execute("DELETE FROM agenda_item WHERE meeting = ?", (id,))
        assert table in {"paper", "meeting", "organization"}
        self._db.execute(f"DELETE FROM {table} WHERE id = ?", (id,))

    def missing_meetings(self, limit: int) -> list[str]:
        """Meetings the consultations point to that the index does not hold."""
        rows = self._db.execute(
            "SELECT DISTINCT c.meeting FROM consultation c LEFT JOIN meeting m "
            "ON m.id = c.meeting WHERE c.meeting IS NOT NULL AND m.id IS NULL "
            "AND c.meeting NOT IN (SELECT id FROM unreachable) LIMIT ?",
            (limit,),
        )
        return [str(r[0]) for r in rows]

    # -- reading (checks, `ris show`) ------------------------------------------------

    def find(self, reference: str) -> list[CouncilPaper]:
        """The papers `reference` may mean (see match.py), with their consultations."""
        key = reference_key(reference)
        if key is None:
            return []
        rows = self._db.execute(
            "SELECT id, reference, name, date, paper_type, web FROM paper WHERE ref_key = ? "
            "ORDER BY reference, id",
            (key,),
        ).fetchall()
        return [
            CouncilPaper(
                reference=ref or "",
                name=name or "",
                date=_day(date),
                paper_type=kind or "",
                consultations=tuple(self._consultations(pid)),
                web=web or "",
            )
            for pid, ref, name, date, kind, web in rows
            if compatible(reference, ref or "")
        ]

    def _consultations(self, paper: str) -> Iterator[CouncilConsultation]:
        rows = self._db.execute(
            """
            SELECT c.organization, c.authoritative, c.role, m.name, m.day, m.cancelled,
                   m.organization, COALESCE(a.result, b.result)
            FROM consultation c
            LEFT JOIN agenda_item a ON a.id = c.agenda_item
            LEFT JOIN agenda_item b ON c.id IS NOT NULL AND b.consultation = c.id
            LEFT JOIN meeting m ON m.id = COALESCE(c.meeting, a.meeting, b.meeting)
            WHERE c.paper = ? ORDER BY m.day, c.position
            """,
            (paper,),
        )
        for orgs, auth, role, meeting, day, cancelled, meeting_orgs, result in rows:
            ids = _ids(orgs) or _ids(meeting_orgs)
            yield CouncilConsultation(
                date=_day(day),
                bodies=tuple(self._organization_names(ids)),
                meeting=meeting or "",
                result=result or "",
                role=role or "",
                authoritative=None if auth is None else bool(auth),
                cancelled=bool(cancelled),
            )

    def _organization_names(self, ids: list[str]) -> Iterator[str]:
        for org in ids:
            row = self._db.execute(
                "SELECT name, short_name FROM organization WHERE id = ?", (org,)
            ).fetchone()
            if row is not None and (row[0] or row[1]):
                yield str(row[0] or row[1])


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _ids(value: str | None) -> list[str]:
    try:
        loaded = json.loads(value) if value else []
    except ValueError:
        return []
    return [v for v in loaded if isinstance(v, str)] if isinstance(loaded, list) else []


def _apply_umask(path: Path) -> None:
    """sqlite creates files 0644; give the index the user's umask like every file we write."""
    mask = os.umask(0)
    os.umask(mask)
    with suppress(OSError):
        os.chmod(path, 0o666 & ~mask)


# -- the index a check uses ------------------------------------------------------------

_COUNCIL_RULES = "council-reference-unknown, decision-date-mismatch und reference-not-decided"
_opened: dict[Path, tuple[tuple[int, int, int], tuple[Index | None, str | None]]] = {}


def council_index(path: Path, max_age_days: int) -> tuple[Index | None, str | None]:
    """The index a check reads, opened once per process (again when the file changed,
    e.g. after a sync), and the hint to show about it (missing, unusable, incomplete or
    older than `max_age_days`), or None."""
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size, max_age_days)
    except OSError:
        version = (0, 0, max_age_days)
    key = path.absolute()
    known = _opened.get(key)
    if known is not None and known[0] == version:
        return known[1]
    if known is not None and known[1][0] is not None:
        known[1][0].close()
    opened = _open_for_checks(path, max_age_days)
    _opened[key] = (version, opened)
    return opened


def _open_for_checks(path: Path, max_age_days: int) -> tuple[Index | None, str | None]:
    try:
        index = Index.open(path)
    except UnusableIndex as error:
        return None, (
            f"Hinweis: {error} Ohne Index des Ratsinformationssystems bleiben die Regeln "
            f"{_COUNCIL_RULES} stumm. Anlegen mit: antragscheck ris sync URL"
        )
    synced = index.synced_at()
    if synced is None:
        return index, (
            f"Hinweis: Der Index des Ratsinformationssystems {path} ist unvollständig "
            "(der letzte Abgleich kam nicht zu Ende). Bitte antragscheck ris sync erneut "
            "aufrufen."
        )
    age = dt.datetime.now(dt.timezone.utc) - synced.astimezone(dt.timezone.utc)
    if age > dt.timedelta(days=max_age_days):
        days = age.days
        return index, (
            f"Hinweis: Der Index des Ratsinformationssystems ist {days} Tage alt (Stand "
            f"{synced:%d.%m.%Y}). Aktualisieren mit: antragscheck ris sync"
        )
    return index, None
