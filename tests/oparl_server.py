"""A small OParl server for the tests, on 127.0.0.1 in a thread: spec-shaped JSON
(System → Body → paginated lists of organisations, papers and meetings, soft-deleted
objects, vendor fields), and switches for the failures real servers show."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

NS = "https://schema.oparl.org/1.1/"


@dataclass
class Behaviour:
    page_size: int = 2
    fail: dict[str, list[int]] = field(default_factory=dict)  # path → statuses to send first
    retry_after: str | None = None
    stall: dict[str, float] = field(default_factory=dict)  # path → seconds before answering
    malformed: set[str] = field(default_factory=set)  # paths answered with broken JSON
    loop: set[str] = field(default_factory=set)  # list paths whose next link points back
    endless: set[str] = field(default_factory=set)  # list paths with new empty pages forever
    huge: set[str] = field(default_factory=set)  # paths answered with a very large body


class OParl:
    """The data and the behaviour; `url` is set once the server runs."""

    def __init__(self) -> None:
        self.url = ""
        self.behaviour = Behaviour()
        self.requests: list[str] = []
        self.papers: list[dict[str, Any]] = []
        self.meetings: list[dict[str, Any]] = []
        self.organizations: list[dict[str, Any]] = []
        self.hidden_meetings: set[str] = set()  # served one by one, not in the list

    # -- data --------------------------------------------------------------------------

    def organization(self, number: int, name: str) -> str:
        oid = f"{self.url}/organization/{number}"
        self.organizations.append(
            {"id": oid, "type": NS + "Organization", "name": name, "modified": _ts(1)}
        )
        return oid

    def meeting(
        self,
        number: int,
        day: str,
        organization: str,
        results: dict[int, str] | None = None,
        modified: int = 1,
        **extra: Any,
    ) -> str:
        mid = f"{self.url}/meeting/{number}"
        items = [
            {
                "id": f"{self.url}/agendaitem/{number}-{consultation}",
                "type": NS + "AgendaItem",
                "order": position,
                "number": str(position + 1),
                "consultation": f"{self.url}/consultation/{consultation}",
                "result": result,
            }
            for position, (consultation, result) in enumerate((results or {}).items())
        ]
        self.meetings.append(
            {
                "id": mid,
                "type": NS + "Meeting",
                "name": f"Sitzung {number}",
                "start": f"{day}T16:30:00+01:00",
                "organization": [organization],
                "agendaItem": items,
                "modified": _ts(modified),
                **extra,
            }
        )
        return mid

    def paper(
        self,
        number: int,
        reference: str,
        consultations: list[tuple[int, str, str]] = (),  # type: ignore[assignment]
        modified: int = 1,
        **extra: Any,
    ) -> str:
        """`consultations`: (consultation number, meeting URL, organisation URL)."""
        pid = f"{self.url}/paper/{number}"
        self.papers.append(
            {
                "id": pid,
                "type": NS + "Paper",
                "body": f"{self.url}/body/1",
                "name": f"Vorlage {reference}",
                "reference": reference,
                "date": "2021-03-01",
                "paperType": "Beschlussvorlage",
                "consultation": [
                    {
                        "id": f"{self.url}/consultation/{c}",
                        "type": NS + "Consultation",
                        "meeting": meeting,
                        "agendaItem": f"{self.url}/agendaitem/{meeting.rsplit('/', 1)[-1]}-{c}",
                        "organization": [org],
                        "role": "Beschlussfassung",
                        "authoritative": True,
                    }
                    for c, meeting, org in consultations
                ],
                "modified": _ts(modified),
                **extra,
            }
        )
        return pid

    def delete(self, kind: str, oid: str, modified: int) -> None:
        objects = self.papers if kind == "paper" else self.meetings
        for position, obj in enumerate(objects):
            if obj["id"] == oid:
                objects[position] = {
                    "id": oid,
                    "type": obj["type"],
                    "deleted": True,
                    "created": _ts(0),
                    "modified": _ts(modified),
                }

    # -- answers -----------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, str]) -> Any:
        base = self.url
        if path in ("", "/"):
            return {
                "id": base + "/",
                "type": NS + "System",
                "oparlVersion": NS,
                "body": base + "/bodies",
                "name": "Test-RIS",
                "vendor:build": "4711",
            }
        if path == "/bodies":
            return {"data": [self._body()], "pagination": {}, "links": {}}
        if path == "/body/1":
            return self._body()
        lists = {
            "/body/1/papers": self.papers,
            "/body/1/meetings": [m for m in self.meetings if m["id"] not in self.hidden_meetings],
            "/body/1/organizations": self.organizations,
        }
        if path in lists:
            return self._page(path, lists[path], query)
        for meeting in self.meetings:
            if meeting["id"] == base + path:
                return meeting
        return None

    def _body(self) -> dict[str, Any]:
        base = self.url
        return {
            "id": base + "/body/1",
            "type": NS + "Body",
            "name": "Landeshauptstadt Teststadt",
            "shortName": "Teststadt",
            "organization": base + "/body/1/organizations",
            "person": base + "/body/1/people",
            "meeting": base + "/body/1/meetings",
            "paper": base + "/body/1/papers",
            "legislativeTerm": [],
        }

    def _page(self, path: str, objects: list[dict[str, Any]], query: dict[str, str]) -> Any:
        behaviour = self.behaviour
        since = query.get("modified_since")
        if since is not None:
            chosen = [o for o in objects if o.get("modified", "") >= since]
        else:
            chosen = [o for o in objects if not o.get("deleted")]
        page = int(query.get("page", "1"))
        size = behaviour.page_size
        data = chosen[(page - 1) * size : page * size]
        keep = {k: v for k, v in query.items() if k != "page"}
        suffix = "".join(f"&{k}={v}" for k, v in keep.items())
        more = page * size < len(chosen)
        following: str | None = f"{self.url}{path}?page={page + 1}{suffix}" if more else None
        if path in behaviour.loop and page >= 2:
            following = f"{self.url}{path}?page=1{suffix}"
        if path in behaviour.endless and not more:
            following = f"{self.url}{path}?page={page + 1}{suffix}"
        links = {"self": f"{self.url}{path}?page={page}{suffix}"}
        if following:
            links["next"] = following
        return {
            "data": data,
            "pagination": {"totalElements": len(chosen), "elementsPerPage": size},
            "links": links,
        }


def _ts(day: int) -> str:
    return f"2021-01-{day + 1:02d}T10:00:00+01:00"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        oparl = self.server.oparl
        behaviour = oparl.behaviour
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") if parts.path != "/" else "/"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        oparl.requests.append(self.path)
        if path in behaviour.stall:
            time.sleep(behaviour.stall[path])
        pending = behaviour.fail.get(path)
        if pending:
            status = pending.pop(0)
            self.send_response(status)
            if behaviour.retry_after is not None:
                self.send_header("Retry-After", behaviour.retry_after)
            body = json.dumps({"type": NS + "Error", "message": "Fehler"}).encode()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if path in behaviour.huge:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            chunk = b" " * 65536
            try:
                for _ in range(2000):  # 128 MB, sent until the client hangs up
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        if path in behaviour.malformed:
            body = b'{"data": [{"id": "x"'
        else:
            answer = oparl.answer(path, query)
            if answer is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    oparl: OParl

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up on a stalled or huge answer is expected here


@contextmanager
def serve(oparl: OParl) -> Iterator[OParl]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.oparl = oparl
    oparl.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield oparl
    finally:
        server.shutdown()
        server.server_close()
