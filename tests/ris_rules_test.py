"""The rules that look cited papers up in the council information system's index:
offline, silent without an index, one hint for an old one, and the audit's reports
say per request whether its references were found."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from antragscheck.docxwrite import para
from antragscheck.ris.client import Fetcher, Limits
from antragscheck.ris.store import Index
from antragscheck.ris.sync import sync
from tests.conftest import MakeDocx
from tests.helpers import KRITERIEN, complete_body
from tests.oparl_server import OParl, serve
from tests.ris_sync_test import run

COUNCIL_RULES = {"R203", "R204", "R205"}
DECIDED = "Der Gemeinderat beschloss am 25. März 2021 die Smart City Strategie (GRDrs. 234/2021)."


@pytest.fixture
def oparl() -> Iterator[OParl]:
    """GRDrs 234/2021 advised on 10 March and decided by the council on 25 March 2021;
    GRDrs 240/2021 put off."""
    with serve(OParl()) as server:
        council = server.organization(1, "Gemeinderat")
        committee = server.organization(2, "Verwaltungsausschuss")
        decided = server.meeting(
            1, "2021-03-25", council, {10: "ungeändert beschlossen", 20: "vertagt"}
        )
        advised = server.meeting(2, "2021-03-10", committee, {11: "vorberaten"})
        server.paper(1, "GRDrs 234/2021", [(11, advised, committee), (10, decided, council)])
        server.paper(2, "GRDrs 240/2021", [(20, decided, council)])
        yield server


@pytest.fixture
def index(tmp_path: Path, oparl: OParl) -> Path:
    path = tmp_path / "ris.sqlite3"
    resync(path, oparl)
    return path


def resync(path: Path, server: OParl) -> None:
    opened = Index.create(path)
    with Fetcher(Limits(backoff=0.01)) as fetcher:
        assert sync(server.url, opened, fetcher).complete
    opened.close()


def good(make_docx: MakeDocx) -> Path:
    return make_docx(complete_body(kriterien=para(KRITERIEN + " " + DECIDED)), name="gut.docx")


def bad(make_docx: MakeDocx) -> Path:
    text = (
        "Die Stelle ist in der Grünen Liste enthalten. Der Gemeinderat beschloss am "
        "18. März 2021 die Smart City Strategie (GRDrs. 234/2021). Siehe auch GRDrs. "
        "243/2021 und GRDrs 240/2021."
    )
    return make_docx(complete_body(kriterien=para(text)), name="schlecht.docx")


def council_findings(output: str) -> dict[str, list[str]]:
    report = json.loads(output[output.index("{") :])
    found: dict[str, list[str]] = {}
    for result in report["files"]:
        for finding in result["findings"]:
            if finding["rule"] in COUNCIL_RULES:
                found.setdefault(finding["rule"], []).append(finding["message"])
    return found


def test_cited_papers_are_checked_against_the_index(index: Path, make_docx: MakeDocx) -> None:
    code, output = run("--format", "json", "--ris-index", str(index), str(good(make_docx)))
    assert council_findings(output) == {}

    code, output = run("--format", "json", "--ris-index", str(index), str(bad(make_docx)))
    found = council_findings(output)
    assert found["R203"] == [
        "Die Drucksache GRDrs 243/2021 steht nicht im Ratsinformationssystem. Bitte Nummer "
        "und Jahr prüfen (antragscheck ris show zeigt, was der Index kennt)."
    ]
    assert found["R204"] == [
        "Der Antrag nennt einen Beschluss vom 18.03.2021 (Gemeinderat); zu GRDrs 234/2021 "
        "kennt das Ratsinformationssystem nur diese Beratungen: Verwaltungsausschuss am "
        "10.03.2021; Gemeinderat am 25.03.2021. Bitte das Datum prüfen."
    ]
    assert found["R205"] == [
        "Zur Drucksache GRDrs 240/2021 zeigt das Ratsinformationssystem keinen Beschluss "
        "(zuletzt Gemeinderat am 25.03.2021: vertagt). Bitte prüfen, ob die Grundlage "
        "beschlossen ist."
    ]
    assert code == 0  # warnings and an info: not above the default --fail-on error


def test_without_an_index_the_rules_are_silent_and_say_why(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("--format", "json", str(bad(make_docx)))
    assert council_findings(output) == {}
    assert "Hinweis" not in output  # a city without OParl gets no noise
    code, output = run("rules", "council-reference-unknown")
    assert code == 0
    output = " ".join(output.split())  # wrapped to the terminal's width
    assert "keiner eingerichtet, darum bleibt diese Regel stumm" in output
    assert "antragscheck ris sync" in output


def test_the_configured_index_is_used_and_an_old_one_gives_one_hint(
    tmp_path: Path, index: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "antragscheck.toml").write_text(
        '[ris]\nindex = "ris.sqlite3"\nmax-age = 14\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    first, second = bad(make_docx), make_docx(complete_body(), name="zwei.docx")
    code, output = run("--format", "json", str(first), str(second))
    assert "R203" in council_findings(output)
    assert "Hinweis" not in output
    assert "Index des Ratsinformationssystems: /" in " ".join(run("rules", "R203")[1].split())

    with sqlite3.connect(index) as db:
        db.execute("UPDATE meta SET value = '2021-01-01T00:00:00+00:00' WHERE key = 'synced_at'")
    code, output = run("--format", "concise", str(first), str(second))
    assert output.count("Hinweis: Der Index des Ratsinformationssystems ist") == 1
    assert "(Stand 01.01.2021). Aktualisieren mit: antragscheck ris sync" in output


def test_a_broken_index_is_a_hint_not_a_failure(tmp_path: Path, make_docx: MakeDocx) -> None:
    broken = tmp_path / "kaputt.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    code, output = run("--format", "concise", "--ris-index", str(broken), str(good(make_docx)))
    assert code == 0
    assert "ist kein Index von antragscheck" in output
    assert "bleiben die Regeln council-reference-unknown" in output
    assert broken.read_bytes().startswith(b"SQLite format 3\x00\xff")


@pytest.mark.parametrize("jobs", ["1", "2"])  # checked in the process, and in workers
def test_the_audit_says_per_request_whether_its_papers_were_found(
    tmp_path: Path,
    index: Path,
    oparl: OParl,
    make_docx: MakeDocx,
    monkeypatch: pytest.MonkeyPatch,
    jobs: str,
) -> None:
    folder = tmp_path / "ablage"
    folder.mkdir()
    good(make_docx).rename(folder / "gut.docx")
    bad(make_docx).rename(folder / "schlecht.docx")
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    args = ["audit", "ablage", "-j", jobs, "--cache-dir", str(cache), "--ris-index", str(index)]
    code, output = run(*args, "--xlsx", "a.xlsx", "--html", "a.html")
    assert "Drucksachen im Ratsinformationssystem" in output
    assert "1 von 2 Anträgen" in output
    with zipfile.ZipFile(tmp_path / "a.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "im RIS" in strings and "1 von 1" in strings and "2 von 3" in strings
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<th>im RIS</th>" in page and "<td>2 von 3</td>" in page

    # The council adds the missing paper; after a sync the cached results are stale.
    oparl.paper(3, "GRDrs 243/2021")
    oparl.papers[-1]["modified"] = "2099-01-01T10:00:00+01:00"  # new since the last sync
    resync(index, oparl)
    code, output = run(*args, "--json", "a.json")
    assert "2 von 2 Anträgen" in output
    report = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert "GRDrs 243/2021 steht nicht" not in report


def test_checking_never_loads_the_http_client(index: Path, make_docx: MakeDocx) -> None:
    path = bad(make_docx)
    script = (
        "import sys\n"
        "from antragscheck.cli import main\n"
        "try:\n"
        f"    main(['--format', 'json', '--ris-index', {str(index)!r}, {str(path)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('httpx loaded' if 'httpx' in sys.modules else 'httpx not loaded')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert "council-reference-unknown" in done.stdout
    assert done.stdout.rstrip().endswith("httpx not loaded")


def test_the_web_server_checks_against_the_configured_index(
    tmp_path: Path, index: Path, make_docx: MakeDocx
) -> None:
    web = pytest.importorskip("antragscheck.web.app", reason="the web extra is not installed")
    from fastapi.testclient import TestClient

    from antragscheck.settings import Options

    config = tmp_path / "antragscheck.toml"
    config.write_text(f'[ris]\nindex = "{index.name}"\n', encoding="utf-8")
    path = bad(make_docx)
    temp = tmp_path / "temp"
    temp.mkdir()
    app = web.create_app(options=Options(config=config), temp_root=temp)
    with TestClient(app) as client:
        response = client.post("/api/check", files=[("files", (path.name, path.read_bytes()))])
    assert response.status_code == 200
    assert "R203" in council_findings(response.text)
