"""`antragscheck ris sync` and `ris show` against a local OParl server on 127.0.0.1,
including the failures real servers show: the sync never hangs and never loses or
damages what an index already holds."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.ris.client import Fetcher, Limits
from antragscheck.ris.store import Index
from antragscheck.ris.sync import Outcome, sync
from tests.oparl_server import OParl, serve

FAST = Limits(backoff=0.01, retries=2, read_timeout=1.0, connect_timeout=1.0)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="antragscheck")
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


@pytest.fixture
def oparl() -> Iterator[OParl]:
    """Teststadt: a council and a committee, paper GRDrs 234/2021 advised by the
    committee on 10 March and decided by the council on 25 March 2021, seven more papers
    (four list pages of two), and vendor fields on the way."""
    with serve(OParl()) as server:
        council = server.organization(1, "Gemeinderat")
        committee = server.organization(2, "Verwaltungsausschuss")
        decided = server.meeting(1, "2021-03-25", council, {10: "ungeändert beschlossen"})
        advised = server.meeting(2, "2021-03-10", committee, {11: "vorberaten"})
        server.paper(
            1,
            "GRDrs 234/2021",
            [(11, advised, committee), (10, decided, council)],
            **{"stuttgart:aktenzeichen": "10-1.2", "mainFile": {"id": "f", "size": "groß"}},
        )
        for number in range(2, 9):
            server.paper(number, f"GRDrs {number}/2022")
        yield server


def sync_into(path: Path, server: OParl, limits: Limits = FAST) -> Outcome:
    index = Index.create(path)
    try:
        with Fetcher(limits) as fetcher:
            return sync(server.url, index, fetcher)
    finally:
        index.close()


def references(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return sorted(r[0] for r in db.execute("SELECT reference FROM paper"))


def test_sync_then_show_what_the_council_decided(tmp_path: Path, oparl: OParl) -> None:
    index = tmp_path / "ris.sqlite3"
    code, output = run("ris", "sync", oparl.url, "--index", str(index))
    assert code == 0, output
    assert "Abgleich mit Landeshauptstadt Teststadt: 8 Drucksachen und 2 Sitzungen" in output
    assert "/body/1/papers?page=4&omit_internal=true" in oparl.requests

    code, output = run("ris", "show", "GRDrs. 234/2021", "--index", str(index))
    assert code == 0
    assert output.splitlines()[:5] == [
        "GRDrs 234/2021: Vorlage GRDrs 234/2021",
        "  Datum 01.03.2021, Art Beschlussvorlage",
        "  Beratungen:",
        "    10.03.2021  Verwaltungsausschuss (Beschlussfassung): vorberaten",
        "    25.03.2021  Gemeinderat (Beschlussfassung): ungeändert beschlossen",
    ]
    code, output = run("ris", "show", "GRDrs. 999/2021", "--index", str(index))
    assert code == 1 and "GRDrs. 999/2021 ist nicht im Index" in output


def test_url_and_index_come_from_the_configuration(tmp_path: Path, oparl: OParl) -> None:
    config = tmp_path / "antragscheck.toml"
    config.write_text(f'[ris]\nurl = "{oparl.url}/body/1"\nindex = "ris.sqlite3"\n', "utf-8")
    code, output = run("ris", "sync", "--config", str(config))
    assert code == 0, output
    assert (tmp_path / "ris.sqlite3").is_file()
    assert run("ris", "show", "GRDrs 5/2022", "--config", str(config))[0] == 0


def test_a_later_sync_asks_for_changes_only_and_drops_deleted_papers(
    tmp_path: Path, oparl: OParl
) -> None:
    index = tmp_path / "ris.sqlite3"
    assert sync_into(index, oparl).complete
    oparl.requests.clear()
    oparl.delete("paper", f"{oparl.url}/paper/2", modified=30)
    oparl.papers[2]["reference"] = "GRDrs 3/2022 Neufassung"
    oparl.papers[2]["modified"] = "2099-01-01T10:00:00+01:00"
    oparl.papers[1]["modified"] = "2099-01-01T10:00:00+01:00"  # the deletion, seen as new
    outcome = sync_into(index, oparl)
    assert outcome.complete and outcome.deleted == 1
    first = next(r for r in oparl.requests if r.startswith("/body/1/papers"))
    assert "modified_since=" in first
    assert "GRDrs 2/2022" not in references(index)
    assert "GRDrs 3/2022 Neufassung" in references(index)
    assert outcome.changed_papers == 1


def test_temporary_failures_are_retried_and_retry_after_is_honoured(
    tmp_path: Path, oparl: OParl
) -> None:
    oparl.behaviour.fail["/body/1/papers"] = [503, 500]
    oparl.behaviour.retry_after = "1"
    waits: list[float] = []
    index = Index.create(tmp_path / "ris.sqlite3")
    with Fetcher(Limits(retries=3, backoff=0.01), sleep=waits.append) as fetcher:
        outcome = sync(oparl.url, index, fetcher)
    assert outcome.complete and outcome.papers == 8
    assert waits == [1.0, 1.0]


def test_a_server_that_keeps_failing_ends_the_sync_with_the_reason(
    tmp_path: Path, oparl: OParl
) -> None:
    oparl.behaviour.fail["/body/1/meetings"] = [500] * 10
    index = tmp_path / "ris.sqlite3"
    outcome = sync_into(index, oparl)
    assert outcome.problems == [
        f"Der Server antwortet mit HTTP 500 ({oparl.url}/body/1/meetings); aufgegeben nach "
        "3 Versuchen."
    ]
    assert len(references(index)) == 8  # the papers fetched before stay
    oparl.behaviour.fail["/body/1/meetings"] = [403]  # not temporary: no retry
    code, output = run("ris", "sync", oparl.url, "--index", str(index))
    assert code == 1
    assert "Abgleich unvollständig: Der Server antwortet mit HTTP 403" in output
    assert "der nächste Aufruf setzt dort fort" in output


def test_an_interrupted_sync_resumes_where_it_stopped(tmp_path: Path, oparl: OParl) -> None:
    index = tmp_path / "ris.sqlite3"
    # Page 3 of the paper list breaks once: pages 1 and 2 are kept.
    calls = {"n": 0}
    original = oparl.answer

    def breaking(path: str, query: dict[str, str]) -> object:
        if path == "/body/1/papers" and query.get("page") == "3" and calls["n"] == 0:
            calls["n"] += 1
            return {"not": "a list"}
        return original(path, query)

    oparl.answer = breaking  # type: ignore[method-assign]
    outcome = sync_into(index, oparl)
    assert not outcome.complete
    assert "keine OParl-Objektliste" in outcome.problems[0]
    assert len(references(index)) == 4
    oparl.requests.clear()
    outcome = sync_into(index, oparl)
    assert outcome.complete
    assert len(references(index)) == 8
    papers = [r for r in oparl.requests if r.startswith("/body/1/papers")]
    assert papers[0].startswith("/body/1/papers?page=3")  # not from the start


def test_a_next_link_loop_ends(tmp_path: Path, oparl: OParl) -> None:
    oparl.behaviour.loop.add("/body/1/papers")
    started = time.monotonic()
    outcome = sync_into(tmp_path / "ris.sqlite3", oparl)
    assert time.monotonic() - started < 10
    assert "endet nie" in outcome.problems[0]
    assert "links.next im Kreis" in outcome.problems[0]


def test_endless_empty_pages_end(tmp_path: Path, oparl: OParl) -> None:
    oparl.behaviour.endless.add("/body/1/papers")
    outcome = sync_into(tmp_path / "ris.sqlite3", oparl)
    assert "Seite um Seite ohne Einträge" in outcome.problems[0]
    assert outcome.papers == 8


def test_a_huge_response_is_refused(tmp_path: Path, oparl: OParl) -> None:
    oparl.behaviour.huge.add("/body/1/meetings")
    started = time.monotonic()
    outcome = sync_into(tmp_path / "ris.sqlite3", oparl, Limits(max_bytes=1024 * 1024))
    assert time.monotonic() - started < 10
    assert "größer als 1 MB" in outcome.problems[0]
    assert outcome.papers == 8


def test_a_server_that_stops_answering_times_out(tmp_path: Path, oparl: OParl) -> None:
    oparl.behaviour.stall["/body/1/meetings"] = 2.0
    started = time.monotonic()
    limits = Limits(backoff=0.01, retries=1, read_timeout=0.3)
    outcome = sync_into(tmp_path / "ris.sqlite3", oparl, limits)
    assert time.monotonic() - started < 10
    assert "Zeitüberschreitung" in outcome.problems[0]


def test_the_deadline_bounds_the_whole_sync(tmp_path: Path, oparl: OParl) -> None:
    oparl.behaviour.stall["/body/1/papers"] = 0.3
    limits = Limits(deadline=0.5, read_timeout=5.0, backoff=0.01)
    outcome = sync_into(tmp_path / "ris.sqlite3", oparl, limits)
    assert "Höchstdauer" in outcome.problems[0]


def test_malformed_json_keeps_the_existing_index(tmp_path: Path, oparl: OParl) -> None:
    index = tmp_path / "ris.sqlite3"
    assert sync_into(index, oparl).complete
    before = references(index)
    oparl.behaviour.malformed.add("/body/1/papers")
    outcome = sync_into(index, oparl)
    assert "kein gültiges JSON" in outcome.problems[0]
    assert references(index) == before
    assert run("ris", "show", "GRDrs 234/2021", "--index", str(index))[0] == 0


def test_invalid_objects_are_skipped_not_fatal(tmp_path: Path, oparl: OParl) -> None:
    oparl.papers.append({"id": 42, "reference": "GRDrs 1/2000"})
    oparl.papers.append({"id": f"{oparl.url}/paper/99", "type": "x/Paper", "date": "morgen"})
    outcome = sync_into(tmp_path / "ris.sqlite3", oparl)
    assert outcome.complete and outcome.skipped == 1 and outcome.papers == 9


def test_a_meeting_no_list_brought_is_fetched_by_itself(tmp_path: Path, oparl: OParl) -> None:
    oparl.hidden_meetings.add(f"{oparl.url}/meeting/1")
    index = tmp_path / "ris.sqlite3"
    assert sync_into(index, oparl).complete
    assert "/meeting/1" in oparl.requests
    opened = Index.open(index)
    [paper] = opened.find("GRDrs 234/2021")
    opened.close()
    assert [c.result for c in paper.consultations] == ["vorberaten", "ungeändert beschlossen"]


def test_a_file_that_is_no_index_is_left_alone(tmp_path: Path, oparl: OParl) -> None:
    other = tmp_path / "antrag.docx"
    other.write_bytes(b"PK\x03\x04 not an index")
    code, output = run("ris", "sync", oparl.url, "--index", str(other))
    assert code == 2
    assert "ist kein Index von antragscheck" in output
    assert other.read_bytes() == b"PK\x03\x04 not an index"


def test_an_index_holds_one_body(tmp_path: Path, oparl: OParl) -> None:
    index = tmp_path / "ris.sqlite3"
    assert sync_into(index, oparl).complete
    with sqlite3.connect(index) as db:
        db.execute("UPDATE meta SET value = 'https://anderswo/body/9' WHERE key = 'body'")
    code, output = run("ris", "sync", oparl.url, "--index", str(index))
    assert code == 2 and "enthält schon die Körperschaft" in output


def test_not_an_oparl_endpoint(tmp_path: Path, oparl: OParl) -> None:
    code, output = run("ris", "sync", oparl.url + "/nirgends", "--index", str(tmp_path / "i"))
    assert code == 1 and "HTTP 404" in output
    code, output = run("ris", "sync", "ftp://example.org/", "--index", str(tmp_path / "i"))
    assert code == 2 and "keine http(s)-Adresse" in output


def test_without_httpx_the_sync_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "httpx", None)
    monkeypatch.delitem(sys.modules, "antragscheck.ris.client", raising=False)
    monkeypatch.delitem(sys.modules, "antragscheck.ris.sync", raising=False)
    code, output = run(
        "ris", "sync", "https://ris.example.de/oparl", "--index", str(tmp_path / "i")
    )
    assert code == 2
    assert 'pip install "antragscheck[ris]"' in output


def test_without_url_the_sync_asks_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("ris", "sync")
    assert code == 2 and "Bitte die URL angeben" in output


def test_show_without_index_says_how_to_make_one(tmp_path: Path) -> None:
    code, output = run("ris", "show", "GRDrs 1/2021", "--index", str(tmp_path / "fehlt.sqlite3"))
    assert code == 2 and "antragscheck ris sync URL" in output
