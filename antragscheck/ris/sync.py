"""`antragscheck ris sync`: copy a body's papers and meetings into the local index.

From a System or Body endpoint: the body's organisations (to name the committees), its
papers (with their consultations), its meetings (with agenda items and results), and
then any meeting a consultation points to that the lists did not bring.  Each list is
followed page by page through `links.next`; each page is stored in one transaction
together with the link to the next page, so an interrupted sync resumes there.  A
later run asks only for what changed (`modified_since`, OParl 1.1) and removes the
objects the server marks deleted.  Bounded: a page seen twice ends the list (a `next`
loop), as do `max_pages` and the deadline of the whole sync.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from antragscheck.ris.client import DeadlineExceeded, Fetcher, FetchError
from antragscheck.ris.oparl import Body, Meeting, Organization, Page, Paper, System
from antragscheck.ris.store import Index, UnusableIndex

# A later run asks for changes since the previous run began, less this margin (the
# server's clock and ours need not agree).
SINCE_MARGIN = dt.timedelta(hours=2)
EMPTY_PAGES = 5  # consecutive pages without objects that still point further
MISSING_MEETINGS = 5_000  # meetings fetched one by one in one run
MEETINGS_PER_COMMIT = 25


class Progress(Protocol):
    def start(self, label: str, total: int | None) -> None: ...

    def advance(self, count: int) -> None: ...


class _Silent:
    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


@dataclass
class Outcome:
    body: str = ""
    papers: int = 0  # in the index after the sync
    meetings: int = 0
    changed_papers: int = 0  # stored in this run
    changed_meetings: int = 0
    deleted: int = 0
    skipped: int = 0  # objects that were not valid OParl
    seconds: float = 0.0
    requests: int = 0
    problems: list[str] = field(default_factory=list)  # why the sync is not complete

    @property
    def complete(self) -> bool:
        return not self.problems


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class _List:
    """One external object list, synced page by page."""

    def __init__(
        self,
        name: str,
        index: Index,
        fetcher: Fetcher,
        progress: Progress,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.name = name
        self.index = index
        self.fetcher = fetcher
        self.progress = progress
        self.now = now

    def run(
        self,
        url: str,
        label: str,
        store: Callable[[dict[str, Any]], str],
        extra: dict[str, str] | None = None,
    ) -> None:
        """Fetch the list at `url`; `store` stores one raw object (in the page's
        transaction) and says what it did: "stored", "deleted" or "skipped"."""
        key = f"list.{self.name}"
        resume = self.index.meta(f"{key}.next")
        started = self.index.meta(f"{key}.started")
        params: dict[str, str] | None = None
        if resume is None or started is None:
            started = self.now().isoformat()
            params = dict(extra or {})
            since = self.index.meta(f"{key}.since")
            if since is not None:
                earlier = dt.datetime.fromisoformat(since) - SINCE_MARGIN
                params["modified_since"] = earlier.isoformat()
            current: str | None = url
        else:
            current = resume  # the server's next links keep the filters (spec)
        seen: set[str] = set()
        empty = 0
        first = True
        while current is not None:
            if current in seen:
                raise FetchError(
                    f"Die Liste {label} endet nie: die Seite {current} kommt ein zweites Mal "
                    "(links.next im Kreis). Bitte dem Betreiber des Ratsinformationssystems "
                    "melden."
                )
            if len(seen) >= self.fetcher.limits.max_pages:
                raise FetchError(
                    f"Die Liste {label} hat mehr als {self.fetcher.limits.max_pages} Seiten; "
                    "der Abgleich hört hier auf."
                )
            seen.add(current)
            raw = self.fetcher.get_json(current, params if first else None)
            try:
                page = Page.of(raw)
            except ValueError as error:
                raise FetchError(f"{current}: {error}.") from None
            if first:
                self.progress.start(label, page.total)
                first = False
            with self.index.writing():
                for item in page.data:
                    store(item)
                self.index.set_meta(f"{key}.next", page.next)
                self.index.set_meta(f"{key}.started", started if page.next else None)
                if page.next is None:
                    self.index.set_meta(f"{key}.since", started)
            self.progress.advance(len(page.data))
            empty = 0 if page.data else empty + 1
            if empty >= EMPTY_PAGES and page.next is not None:
                raise FetchError(
                    f"Die Liste {label} liefert Seite um Seite ohne Einträge ({current}); "
                    "der Abgleich hört hier auf."
                )
            current = page.next


def sync(
    url: str,
    index: Index,
    fetcher: Fetcher,
    progress: Progress | None = None,
    now: Callable[[], dt.datetime] = _now,
) -> Outcome:
    """Bring `index` up to date with the OParl endpoint at `url`.  Fetch problems end
    the sync early and are listed in the outcome (what was stored stays); a body that
    does not match the index raises UnusableIndex."""
    progress = progress or _Silent()
    outcome = Outcome()
    started = time.monotonic()
    try:
        body = _body(url, fetcher)
        outcome.body = body.name or body.short_name or body.id
        _claim(index, body, url)

        def listing(name: str) -> _List:
            return _List(name, index, fetcher, progress, now)

        if body.organization:
            listing("organization").run(
                body.organization, "Gremien", lambda raw: _organization(index, raw, outcome)
            )
        if body.paper:
            listing("paper").run(
                body.paper,
                "Drucksachen",
                lambda raw: _paper(index, raw, outcome),
                {"omit_internal": "true"},
            )
        else:
            outcome.problems.append("Die Körperschaft nennt keine Liste von Drucksachen (paper).")
        if body.meeting:
            listing("meeting").run(
                body.meeting, "Sitzungen", lambda raw: _meeting(index, raw, outcome)
            )
        _missing_meetings(index, fetcher, progress, outcome)
        if outcome.complete:
            with index.writing():
                index.set_meta("synced_at", now().isoformat())
    except DeadlineExceeded as error:
        outcome.problems.append(str(error))
    except FetchError as error:
        outcome.problems.append(str(error))
    finally:
        outcome.papers = index.count("paper")
        outcome.meetings = index.count("meeting")
        outcome.seconds = time.monotonic() - started
        outcome.requests = fetcher.requests
    return outcome


def _body(url: str, fetcher: Fetcher) -> Body:
    raw = fetcher.get_json(url)
    if isinstance(raw, dict) and isinstance(raw.get("data"), list):
        bodies = _bodies_on(url, raw, fetcher)
    else:
        kind = _parse(System, raw) if _typed(raw, "System") else None
        if kind is not None and kind.body:
            bodies = _bodies_on(kind.body, fetcher.get_json(kind.body), fetcher)
        elif _typed(raw, "Body"):
            body: Body | None = _parse(Body, raw)
            if body is None:
                raise FetchError(f"{url} ist keine gültige OParl-Körperschaft (Body).")
            return body
        else:
            raise FetchError(
                f"{url} ist keine OParl-Schnittstelle: erwartet wird ein System- oder "
                "Body-Objekt (JSON mit „type“ …/System oder …/Body)."
            )
    if len(bodies) == 1:
        return bodies[0]
    if not bodies:
        raise FetchError(f"Das OParl-System {url} nennt keine Körperschaft (Body).")
    listed = "; ".join(f"{b.name or b.short_name or '?'}: {b.id}" for b in bodies[:20])
    raise FetchError(
        f"Das OParl-System {url} hat {len(bodies)} Körperschaften. Bitte die URL der "
        f"gewünschten angeben: {listed}"
    )


def _bodies_on(url: str, raw: Any, fetcher: Fetcher) -> list[Body]:
    bodies: list[Body] = []
    seen = {url}
    while True:
        try:
            page = Page.of(raw)
        except ValueError as error:
            raise FetchError(f"{url}: {error}.") from None
        bodies += [b for b in (_parse(Body, item) for item in page.data) if b and not b.deleted]
        if page.next is None or page.next in seen or len(seen) > 100:
            return bodies
        seen.add(page.next)
        raw = fetcher.get_json(page.next)


def _typed(raw: Any, kind: str) -> bool:
    kind_url = raw.get("type") if isinstance(raw, dict) else None
    return isinstance(kind_url, str) and kind_url.rstrip("/").rsplit("/", 1)[-1] == kind


def _parse(model: Any, raw: Any) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def _claim(index: Index, body: Body, url: str) -> None:
    """An index holds one body: a sync of another body needs another file."""
    held = index.meta("body")
    if held is not None and held != body.id:
        name = index.meta("body_name") or held
        raise UnusableIndex(
            f"Der Index {index.path} enthält schon die Körperschaft „{name}“. Für eine "
            "andere bitte eine eigene Indexdatei angeben (--index)."
        )
    with index.writing():
        index.set_meta("body", body.id)
        index.set_meta("body_name", body.name or body.short_name or body.id)
        index.set_meta("source", url)


def _skip(outcome: Outcome) -> str:
    outcome.skipped += 1
    return "skipped"


def _organization(index: Index, raw: Any, outcome: Outcome) -> str:
    org = _parse(Organization, raw)
    if org is None:
        return _skip(outcome)
    if org.deleted:
        index.delete("organization", org.id)
        return "deleted"
    index.put_organization(org.id, org.name, org.short_name)
    return "stored"


def _paper(index: Index, raw: Any, outcome: Outcome) -> str:
    paper = _parse(Paper, raw)
    if paper is None or (paper.type and not paper.is_a("Paper")):
        return _skip(outcome)
    if paper.deleted:
        index.delete("paper", paper.id)
        outcome.deleted += 1
        return "deleted"
    index.put_paper(
        paper.id,
        paper.reference,
        paper.name,
        paper.date,
        paper.paper_type,
        paper.web,
        paper.modified,
        [
            (c.id, c.meeting, c.agenda_item, c.organization, c.authoritative, c.role)
            for c in paper.consultation
            if not c.deleted
        ],
    )
    outcome.changed_papers += 1
    return "stored"


def _meeting(index: Index, raw: Any, outcome: Outcome) -> str:
    meeting = _parse(Meeting, raw)
    if meeting is None or (meeting.type and not meeting.is_a("Meeting")):
        return _skip(outcome)
    if meeting.deleted:
        index.delete("meeting", meeting.id)
        outcome.deleted += 1
        return "deleted"
    index.put_meeting(
        meeting.id,
        meeting.name,
        meeting.day,
        meeting.cancelled,
        meeting.organization,
        meeting.modified,
        [
            (a.id, a.consultation, a.number, a.name, a.result)
            for a in meeting.agenda_item
            if not a.deleted
        ],
    )
    outcome.changed_meetings += 1
    return "stored"


def _missing_meetings(index: Index, fetcher: Fetcher, progress: Progress, outcome: Outcome) -> None:
    """Fetch, one by one, the meetings consultations point to that no list brought."""
    missing = index.missing_meetings(MISSING_MEETINGS)
    if not missing:
        return
    progress.start("Einzelne Sitzungen", len(missing))
    for start in range(0, len(missing), MEETINGS_PER_COMMIT):
        batch = missing[start : start + MEETINGS_PER_COMMIT]
        fetched: list[tuple[str, Any]] = []
        for url in batch:
            try:
                fetched.append((url, fetcher.get_json(url)))
            except DeadlineExceeded:
                raise
            except FetchError as error:
                fetched.append((url, error))
        with index.writing():
            for url, raw in fetched:
                if isinstance(raw, FetchError):
                    index.mark_unreachable(url, str(raw))
                elif _meeting(index, raw, outcome) != "stored":
                    index.mark_unreachable(url, "kein gültiges Sitzungsobjekt")
        progress.advance(len(batch))
