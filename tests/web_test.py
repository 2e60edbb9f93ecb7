"""`antragscheck serve` through FastAPI's test client: the page without JavaScript, the
API's JSON (the command line's), limits, escaping, headers, and nothing left behind."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed (pip install ".[web]")')
pytest.importorskip("httpx")

import docx
import httpx
from click.testing import CliRunner
from fastapi import FastAPI

with warnings.catch_warnings():  # Starlette would rather have httpx2; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from antragscheck.cli import main
from antragscheck.docxwrite import docx_parts, write_package
from antragscheck.web import service as service_module
from antragscheck.web.app import create_app
from antragscheck.web.uploads import MB, Limits, Scratch, TooLarge, receive
from tests.conftest import ROOT, SAMPLES
from tests.helpers import complete_body
from tests.webserver import running_server

GOOD = SAMPLES / "stellenschaffung_smart_city_2022.docx"
PLACEHOLDER = SAMPLES / "platzhalter.docx"
BROKEN = SAMPLES / "beschaedigt.docx"
HOSTILE = "<img src=x onerror=alert(1)>\x1b[31m\u202eantrag.docx"


@pytest.fixture
def temp_root(tmp_path: Path) -> Path:
    root = tmp_path / "temp"
    root.mkdir()
    return root


def make_client(temp_root: Path, limits: Limits | None = None) -> TestClient:
    return TestClient(create_app(limits=limits, temp_root=temp_root))


@pytest.fixture
def client(temp_root: Path) -> Iterator[TestClient]:
    with make_client(temp_root) as test_client:
        yield test_client


def upload(*paths: Path, names: list[str] | None = None) -> list[tuple[str, tuple[str, bytes]]]:
    shown = names or [p.name for p in paths]
    return [("files", (n, p.read_bytes())) for n, p in zip(shown, paths, strict=True)]


def cli_json(tmp_path: Path, *paths: Path) -> dict[str, object]:
    """What `antragscheck check --format json` says about the same files."""
    work = tmp_path / "cli"
    work.mkdir()
    for path in paths:
        (work / path.name).write_bytes(path.read_bytes())
    cwd = Path.cwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(main, ["check", "--format", "json", *(p.name for p in paths)])
    finally:
        os.chdir(cwd)
    data: dict[str, object] = json.loads(result.output)
    return data


def test_api_check_answers_with_the_command_lines_json(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/api/check", files=upload(GOOD, PLACEHOLDER, BROKEN))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == cli_json(tmp_path, GOOD, PLACEHOLDER, BROKEN)


def test_the_form_shows_verdict_and_findings_per_file_without_javascript(
    client: TestClient,
) -> None:
    response = client.post("/pruefen", files=upload(GOOD, PLACEHOLDER, BROKEN))
    assert response.status_code == 200
    page = response.text
    assert '<html lang="de">' in page
    articles = page.split('<article class="datei"')[1:]
    assert len(articles) == 3
    good, placeholder, broken = articles
    assert "stellenschaffung_smart_city_2022.docx" in good and "vollständig" in good
    assert "mit Fehlern" in placeholder
    for header in ("Schweregrad", "Abschnitt", "Meldung", "Regel"):
        assert f'<th scope="col">{header}</th>' in placeholder
    # the rule's explanation is one click away
    assert "<summary>S106 placeholder-text</summary>" in placeholder
    assert "Platzhalter aus der Vorlage" in placeholder
    assert "3.3 Auswirkungen bei Ablehnung der Stellenschaffungen" in placeholder
    assert "unlesbar" in broken
    assert "3 Dateien geprüft" in page


def test_the_results_part_for_the_script_is_the_same_markup(client: TestClient) -> None:
    response = client.post("/pruefen?teil=ergebnis", files=upload(PLACEHOLDER))
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<h2")
    assert "<html" not in response.text
    assert "mit Fehlern" in response.text


def test_hostile_file_names_are_shown_escaped_and_never_used_as_paths(
    client: TestClient, temp_root: Path
) -> None:
    seen: list[Path] = []
    original = service_module.Service.check_file

    def spy(self: service_module.Service, item: service_module.Upload) -> object:
        seen.append(item.path)
        return original(self, item)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(service_module.Service, "check_file", spy)
        page = client.post("/pruefen", files=upload(PLACEHOLDER, names=[HOSTILE])).text
        data = client.post("/api/check", files=upload(PLACEHOLDER, names=[HOSTILE])).json()
        paths = client.post("/api/check", files=upload(GOOD, names=["..\\..\\etc/passwd.docx"]))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page
    shown = data["files"][0]["path"]
    assert shown == "<img src=x onerror=alert(1)>\ufffd[31m\ufffdantrag.docx"
    assert paths.json()["files"][0]["path"] == "passwd.docx"
    # stored under a name of our own, inside the request's private folder
    assert all(re.fullmatch(r"[0-9a-f]{16}-001\.docx", p.name) for p in seen), seen
    assert all(p.parent.parent == temp_root for p in seen)


def test_nothing_is_left_in_the_temporary_folder(temp_root: Path, tmp_path: Path) -> None:
    limits = Limits(file_bytes=MB, files=2)
    big = tmp_path / "gross.docx"
    big.write_bytes(b"PK" + b"\0" * (2 * MB))
    with make_client(temp_root, limits) as client:
        assert client.post("/api/check", files=upload(GOOD, BROKEN)).status_code == 200
        assert client.post("/pruefen", files=upload(PLACEHOLDER)).status_code == 200
        one = [("file", ("a.docx", PLACEHOLDER.read_bytes()))]
        assert client.post("/api/annotate", files=one).status_code == 200
        broken = [("file", ("b.docx", BROKEN.read_bytes()))]
        assert client.post("/api/annotate", files=broken).status_code == 422
        assert client.post("/kommentieren", files=upload(GOOD, PLACEHOLDER)).status_code == 200
        assert client.get("/api/vorlage?jahr=2027").status_code == 200
        assert client.post("/api/check", files=upload(big)).status_code == 413
        assert client.post("/api/check", files=upload(GOOD, GOOD, GOOD)).status_code == 413
        (private,) = temp_root.iterdir()  # the server's own folder, for its lifetime
        assert private.stat().st_mode & 0o077 == 0  # nobody else may look in
        assert list(private.iterdir()) == []
    assert list(temp_root.iterdir()) == []  # removed at shutdown


def test_a_file_over_the_limit_gets_413_and_a_german_message(
    temp_root: Path, tmp_path: Path
) -> None:
    big = tmp_path / "gross.docx"
    big.write_bytes(b"PK" + b"\0" * (2 * MB))
    with make_client(temp_root, Limits(file_bytes=MB, files=3)) as client:
        api = client.post("/api/check", files=upload(big))
        page = client.post("/pruefen", files=upload(big))
        many = client.post("/api/check", files=upload(GOOD, GOOD, GOOD, GOOD))
    assert api.status_code == 413
    assert api.json() == {"detail": api.json()["detail"]}
    assert "größer als 1 MB" in api.json()["detail"]
    assert page.status_code == 413 and "größer als 1 MB" in page.text
    assert '<html lang="de">' in page.text
    assert many.status_code == 413 and "Höchstens 3 Dateien" in many.json()["detail"]


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    limits = Limits(file_bytes=MB, files=2)
    pulled = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal pulled
        pulled += 1
        yield b""

    headers = {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(limits.request_bytes + 1),
    }
    with pytest.raises(TooLarge):
        asyncio.run(receive(headers, body(), Scratch(Path("nirgends"), "x"), limits, "files"))
    assert pulled == 0


def test_the_limit_is_enforced_while_the_body_streams_in(tmp_path: Path) -> None:
    """No Content-Length (chunked): reading stops at the first chunk over the limit."""
    limits = Limits(file_bytes=MB, files=2)
    chunk = 64 * 1024
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        head = (
            b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.docx"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
        )
        yield head
        for _ in range(1000):  # 64 MB if nobody stops us
            sent += chunk
            yield b"\0" * chunk

    headers = {"content-type": "multipart/form-data; boundary=x"}
    with pytest.raises(TooLarge):
        asyncio.run(receive(headers, body(), Scratch(tmp_path, "x"), limits, "files"))
    assert sent <= MB + 2 * chunk


def test_annotate_returns_the_copy_with_comments(client: TestClient) -> None:
    response = client.post(
        "/api/annotate", files=[("file", ("mein antrag.docx", PLACEHOLDER.read_bytes()))]
    )
    assert response.status_code == 200
    assert (
        "filename*=UTF-8''mein%20antrag.gepr%C3%BCft.docx"
        in response.headers["content-disposition"]
    )
    document = docx.Document(io.BytesIO(response.content))
    authors = {c.author for c in document.comments}
    assert authors == {"antragscheck"} and len(document.comments) >= 2


def test_annotate_keeps_a_macro_document_a_macro_document(client: TestClient) -> None:
    response = client.post("/api/annotate", files=[("file", ("m.docm", PLACEHOLDER.read_bytes()))])
    assert response.status_code == 200
    assert "m.gepr%C3%BCft.docm" in response.headers["content-disposition"]


def test_an_unreadable_file_gets_no_copy_but_a_german_reason(client: TestClient) -> None:
    response = client.post("/api/annotate", files=[("file", ("b.docx", BROKEN.read_bytes()))])
    assert response.status_code == 422
    assert response.json()["detail"].startswith("b.docx: ")


def test_the_forms_copy_button_gives_a_zip_for_several_files(client: TestClient) -> None:
    response = client.post("/kommentieren", files=upload(GOOD, PLACEHOLDER, BROKEN))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == [
        "nicht_kommentiert.txt",
        "platzhalter.geprüft.docx",
        "stellenschaffung_smart_city_2022.geprüft.docx",
    ]
    assert "beschaedigt.docx" in archive.read("nicht_kommentiert.txt").decode("utf-8-sig")
    single = client.post("/kommentieren", files=upload(PLACEHOLDER))
    assert single.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_the_blank_template_carries_the_year(client: TestClient) -> None:
    response = client.get("/api/vorlage?jahr=2027")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "Stellenschaffung zum Stellenplan 2027"
    wrong = client.get("/api/vorlage?jahr=1999")
    assert wrong.status_code == 422 and "zwischen 2000 und 2100" in wrong.json()["detail"]
    unknown = client.get("/api/vorlage?jahr=2027&typ=gibtsnicht")
    assert unknown.status_code == 422 and "Unbekannter Dokumenttyp" in unknown.json()["detail"]


def test_api_rules_is_the_command_lines_list(client: TestClient) -> None:
    expected = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    assert client.get("/api/rules").json() == expected


def test_rules_page_lists_every_rule_with_its_explanation(client: TestClient) -> None:
    page = client.get("/regeln").text
    rules = client.get("/api/rules").json()
    for rule in rules:
        assert f'id="regel-{rule["id"]}"' in page
    assert page.count("<summary>Warum<span") == len(rules)


def test_health_and_openapi_are_served_locally(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert {"/api/check", "/api/annotate", "/api/vorlage", "/api/rules"} <= set(spec["paths"])
    body = spec["paths"]["/api/check"]["post"]["requestBody"]["content"]
    assert "files" in body["multipart/form-data"]["schema"]["properties"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    assert client.get("/redoc").status_code == 404


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    answers = [
        client.get("/"),
        client.get("/regeln"),
        client.get("/nirgends"),
        client.post("/api/check", files=upload(GOOD)),
        client.get("/static/app.js"),
    ]
    for response in answers:
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert answers[3].headers["cache-control"] == "no-store"
    assert answers[2].status_code == 404 and "nicht gefunden" in answers[2].text


def test_the_page_loads_nothing_from_elsewhere_and_has_no_inline_script(
    client: TestClient,
) -> None:
    pages = [client.get("/").text, client.get("/regeln").text]
    pages.append(client.post("/pruefen", files=upload(PLACEHOLDER)).text)
    for page in pages:
        references = re.findall(r'(?:src|href|action|formaction)="([^"]*)"', page)
        # relative addresses only: nothing from elsewhere, and any proxy path works
        assert references and not [r for r in references if r.startswith("/") or ":" in r]
        assert re.findall(r"<script(?![^>]*\ssrc=)", page) == []
        assert " style=" not in page and "<style" not in page
    css = client.get("/static/style.css").text
    assert "url(" not in css and "@import" not in css


def test_a_zip_bomb_is_unreadable_in_seconds(client: TestClient, tmp_path: Path) -> None:
    parts = docx_parts(complete_body())
    parts["word/document.xml"] = parts["word/document.xml"] + b" " * (150 * MB)
    bomb = write_package(tmp_path / "bombe.docx", parts)
    assert bomb.stat().st_size < MB
    start = time.perf_counter()
    data = client.post("/api/check", files=upload(bomb)).json()
    assert time.perf_counter() - start < 10
    assert data["files"][0]["document_type"] is None
    assert data["files"][0]["findings"][0]["name"] == "unreadable-document"


def slow_app(
    temp_root: Path, monkeypatch: pytest.MonkeyPatch, seconds: float, jobs: int
) -> tuple[FastAPI, list[int]]:
    """An app whose checks take `seconds` (blocking, as a hard file would), recording
    how many run at once."""
    app = create_app(limits=Limits(jobs=jobs), temp_root=temp_root)
    running = [0]
    peaks: list[int] = []
    original = service_module.Service.check_file

    def slow(self: service_module.Service, item: service_module.Upload) -> object:
        running[0] += 1
        peaks.append(running[0])
        time.sleep(seconds)
        running[0] -= 1
        return original(self, item)

    monkeypatch.setattr(service_module.Service, "check_file", slow)
    return app, peaks


def test_the_server_keeps_answering_while_checks_run(
    temp_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, peaks = slow_app(temp_root, monkeypatch, 1.0, jobs=2)

    async def scenario() -> tuple[float, list[int]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            checks = [
                asyncio.create_task(http.post("/api/check", files=upload(GOOD))) for _ in range(4)
            ]
            await asyncio.sleep(0.2)
            start = time.perf_counter()
            health = await http.get("/healthz")
            waited = time.perf_counter() - start
            assert health.status_code == 200
            codes = [r.status_code for r in await asyncio.gather(*checks)]
        return waited, codes

    waited, codes = asyncio.run(scenario())
    assert waited < 0.5
    assert codes == [200] * 4
    assert max(peaks) == 2  # bounded: never more than `jobs` at once


def test_uploads_are_not_logged_beyond_counts_and_timings(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post("/api/check", files=upload(PLACEHOLDER, names=["geheim-personalrat.docx"]))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Prüfung: 1 Datei(en)" in logged
    assert "geheim" not in logged and "Platzhalter" not in logged


def test_the_core_command_line_does_not_import_the_web_server() -> None:
    code = (
        "import sys\n"
        "from antragscheck.cli import main\n"
        "try:\n"
        f"    main(['check', '--format', 'json', {str(GOOD)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print([m for m in ('fastapi', 'starlette', 'uvicorn', 'jinja2') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.stdout.strip().endswith("[]"), result.stdout + result.stderr


def test_serve_without_the_extra_says_how_to_install_it() -> None:
    code = (
        "import sys, importlib.util\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'fastapi' else real(n, *a)\n"
        "from antragscheck.cli import main\n"
        "main(['serve'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 2
    assert 'pip install "antragscheck[web]"' in result.stderr
    assert "fastapi" in result.stderr and "Traceback" not in result.stderr


def test_the_real_server_refuses_a_declared_oversize_body_before_it_is_sent(
    tmp_path: Path,
) -> None:
    """uvicorn in front: headers promising 2 GB get 413 at once, no body is read."""
    with running_server(tmp_path, "--max-mb", "1", "--max-files", "2") as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(
                b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: multipart/form-data; boundary=x\r\n"
                b"Content-Length: 2000000000\r\n\r\n"
            )
            start = time.perf_counter()
            received = b""
            while not received.endswith(b"}"):  # the JSON body closes the answer
                chunk = connection.recv(65536)
                if not chunk:
                    break
                received += chunk
            waited = time.perf_counter() - start
    answer = received.decode("utf-8")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert "Die Sendung ist zu groß (höchstens 2 Dateien zu je 1 MB)" in answer
    assert waited < 5
