"""`antragscheck audit`: a folder tree of requests, in parallel, summed up and exported."""

from __future__ import annotations

import gc
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck import jsonshape
from antragscheck.audit import pool
from antragscheck.audit.worker import Outcome, Task
from antragscheck.cli import main
from antragscheck.commands.audit import AUDIT
from antragscheck.docxwrite import para
from antragscheck.models import AuditRecord
from antragscheck.read.deadline import timeout_message
from antragscheck.settings import Options, Resolver
from tests.conftest import SAMPLES, MakeDocx
from tests.helpers import complete_body, slow_request, title
from tests.pool_work import Patient


@pytest.fixture
def tree(tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ablage/ with requests of two offices, a broken file, a lock file, a note, a hidden
    folder; the working folder is tmp_path."""
    root = tmp_path / "ablage"
    (root / "jugendamt").mkdir(parents=True)
    (root / "wirtschaft" / "alt").mkdir(parents=True)
    (root / ".git").mkdir()
    jugend = complete_body().replace(
        "in der Abteilung Wirtschaftsförderung (EG 12 TVöD)",
        "im Jugendamt für die Schulsozialarbeit an Grundschulen (S 11b)",
    )
    make_docx(jugend, name="j1.docx").rename(root / "jugendamt" / "schulsozialarbeit.docx")
    smart = complete_body().replace("(EG 12 TVöD)", "für die Koordinierung Smart City (EG 12)")
    make_docx(smart, name="w1.docx").rename(root / "wirtschaft" / "smart_city.docx")
    # The same post again, in another file: a duplicate the budget office should see.
    make_docx(smart, name="w2.docx").rename(root / "wirtschaft" / "smart_city_kopie.docx")
    stale = title("Stellenschaffung zum Stellenplan 2019") + complete_body()[len(title()) :]
    stale = stale.replace("Wirtschaftsförderung (EG 12 TVöD)", "Stadtkämmerei für die Steuern")
    make_docx(stale, name="w3.docx").rename(root / "wirtschaft" / "alt" / "steuern.docx")
    (root / "wirtschaft" / "kaputt.docx").write_bytes(b"PK\x03\x04 kaputt")
    (root / "wirtschaft" / "~$smart_city.docx").write_bytes(b"\x00" * 162)
    (root / "wirtschaft" / "notiz.txt").write_text("Notiz", encoding="utf-8")
    (root / ".git" / "index.docx").write_bytes(b"not looked at")
    monkeypatch.chdir(tmp_path)
    return root


def audit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_audit_walks_checks_and_counts(tree: Path, tmp_path: Path) -> None:
    code, output = audit("ablage", "--no-cache", "-j", "1", "--json", "bericht.json")
    assert gc.isenabled()  # off after the last result only: on for whoever called it
    assert code == 1  # the broken file is an error
    assert re.search(r"Anträge geprüft\s+│\s+5", output)
    assert re.search(r"unlesbar\s+│\s+1", output)
    assert re.search(r"Sperrdateien von Word \(~\$…\)\s+│\s+1", output)
    assert re.search(r"keine Word-Dateien\s+│\s+1", output)
    assert "Nach Organisationseinheit" in output and "Jugendamt" in output
    assert "\x1b[" not in output and "Prüfe" not in output  # no progress bar when piped
    report = json.loads((tmp_path / "bericht.json").read_text(encoding="utf-8"))
    paths = [f["path"] for f in report["files"]]
    assert paths == sorted(paths)
    assert paths == [
        "ablage/jugendamt/schulsozialarbeit.docx",
        "ablage/wirtschaft/alt/steuern.docx",
        "ablage/wirtschaft/kaputt.docx",
        "ablage/wirtschaft/smart_city.docx",
        "ablage/wirtschaft/smart_city_kopie.docx",
    ]
    broken = report["files"][2]
    assert [f["name"] for f in broken["findings"]] == ["unreadable-document"]


def test_cross_file_findings(tree: Path, tmp_path: Path) -> None:
    audit("ablage", "--no-cache", "-j", "1", "--json", "b.json")
    files = {
        f["path"]: [x["name"] for x in f["findings"]]
        for f in json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["files"]
    }
    assert "duplicate-request" in files["ablage/wirtschaft/smart_city.docx"]
    assert "duplicate-request" in files["ablage/wirtschaft/smart_city_kopie.docx"]
    assert "duplicate-request" not in files["ablage/jugendamt/schulsozialarbeit.docx"]
    assert "plan-year-differs" in files["ablage/wirtschaft/alt/steuern.docx"]
    assert "plan-year-differs" not in files["ablage/wirtschaft/smart_city.docx"]


@pytest.mark.spawn
def test_the_same_output_for_any_number_of_jobs_with_spawned_workers(
    tree: Path, tmp_path: Path
) -> None:
    audit("ablage", "--no-cache", "-j", "1", "--json", "eins.json", "--csv", "eins.csv")
    audit("ablage", "--no-cache", "-j", "2", "--json", "zwei.json", "--csv", "zwei.csv")
    assert (tmp_path / "eins.json").read_bytes() == (tmp_path / "zwei.json").read_bytes()
    assert (tmp_path / "eins.csv").read_bytes() == (tmp_path / "zwei.csv").read_bytes()


@pytest.mark.spawn
def test_a_stuck_file_is_stopped_and_the_others_still_checked(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some tens of milliseconds of work on a quiet machine, against a limit of 0.01 s.
    # Each paragraph its own text: the stages keep their answers per text, and 4,000
    # equal paragraphs were once checked inside the limit (it was 0.05 s then).
    anlass = "".join(para(f"Langer Text Nummer {i}. " * 20) for i in range(4000))
    big = make_docx(complete_body(anlass=anlass), name="gross.docx")
    small = SAMPLES / "stellenschaffung_smart_city_2022.docx"
    monkeypatch.setattr(pool, "GRACE_SECONDS", 0.0)
    tasks = [
        Task(big, "gross.docx", seconds=0.01),
        Task(small, "klein.docx", seconds=60.0),
    ]
    results: dict[int, AuditRecord] = {}
    pool.run(
        tasks,
        Resolver(Options()),
        2,
        lambda i, outcome: results.__setitem__(i, jsonshape.audit_record(outcome.kept)),
        AUDIT,
        here=False,  # two workers: the time limit that stops a worker
    )
    assert results[0].document_type is None
    assert results[0].findings[0].message == timeout_message(0.01)  # as check says it
    assert results[1].document_type == "stellenschaffung"


def test_a_worker_that_dies_mid_chunk_loses_no_request(
    monkeypatch: pytest.MonkeyPatch, make_docx: MakeDocx
) -> None:
    """Tasks travel in chunks: when a worker dies, the file it was on is reported and
    the rest of its chunk (done but not yet sent, or not yet started) is checked again."""
    # chunks of 20, 10, 5, 2, 1, 1, 1: the first two go to the worker, this process takes
    # the rest.  The worker is killed on a task in a chunk's middle, when this process
    # looks: its 30 tasks take over a second, so that a busy machine that lets this
    # process look only now and then still finds it there (with 15 tasks, ~0.6 s, a
    # gate run under load once saw the worker done before it looked).
    monkeypatch.setattr(pool, "CHUNKS_PER_WORKER", 1)
    # Requests that take some hundredths of a second each to check, so that a worker is
    # still inside its chunk when the pool looks (here every 0.01 s); with small or
    # repeated requests a quiet machine finished whole chunks in between and nothing died.
    tasks = [Task(make_docx(slow_request(i)), f"antrag_{i:02d}.docx", 60.0) for i in range(40)]
    killed: list[int] = []

    class Dying(Patient):
        def _receive(self, timeout: float) -> None:
            if not killed:
                for slot, process in self.workers.items():
                    index = self._inside_chunk(slot)
                    if index is not None and index % 10 > 1:
                        killed.append(index)
                        process.kill()
                        process.join()
                        break
            super()._receive(min(timeout, 0.01))  # look often

    results: dict[int, AuditRecord] = {}
    resolver = Resolver(Options())
    with Dying(resolver, 2, AUDIT) as workers:
        workers.run(tasks, lambda i, out: results.__setitem__(i, jsonshape.audit_record(out.kept)))
    assert sorted(results) == list(range(40))
    (dead,) = killed
    assert "abgestürzt" in results[dead].findings[0].message
    for index, record in results.items():
        assert record.path == f"antrag_{index:02d}.docx"
        assert (record.document_type is None) == (index == dead)


def test_the_cache_spares_unchanged_files_and_survives_damage(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = audit("ablage", "--cache-dir", str(cache), "-j", "1", "--json", "a.json")
    assert "aus dem Cache" not in first[1]
    second = audit("ablage", "--cache-dir", str(cache), "-j", "1", "--json", "b.json")
    assert re.search(r"Ergebnisse aus dem Cache\s+│\s+5", second[1])
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    # A changed file is checked again; the others come from the cache.
    changed = tree / "wirtschaft" / "smart_city.docx"
    changed.write_bytes((SAMPLES / "platzhalter.docx").read_bytes())
    third = audit("ablage", "--cache-dir", str(cache), "-j", "1", "--json", "c.json")
    assert re.search(r"Ergebnisse aus dem Cache\s+│\s+4", third[1])
    report = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in report["files"][3]["findings"]]
    assert "placeholder-text" in names
    # A damaged cache is rebuilt, never trusted.
    for database in cache.glob("*.sqlite3"):
        database.write_bytes(b"kein SQLite" * 100)
    fourth = audit("ablage", "--cache-dir", str(cache), "-j", "1", "--json", "d.json")
    assert fourth[0] == 1
    assert (tmp_path / "c.json").read_bytes() == (tmp_path / "d.json").read_bytes()


def test_exit_zero_and_fail_on(tree: Path) -> None:
    assert audit("ablage", "--no-cache", "-j", "1", "--exit-zero")[0] == 0
    assert audit("ablage/jugendamt", "--no-cache", "-j", "1")[0] == 0
    assert audit("ablage/jugendamt", "--no-cache", "-j", "1", "--fail-on", "info")[0] == 0


@pytest.fixture
def info_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one request whose only finding is the info pay-grade-missing."""
    folder = tmp_path / "antraege"
    folder.mkdir()
    sample = SAMPLES / "stellenschaffung_smart_city_2022.docx"
    (folder / "smart_city.docx").write_bytes(sample.read_bytes())
    monkeypatch.chdir(tmp_path)
    return folder


def test_the_audit_exit_code_follows_fail_on_from_option_and_configuration(
    info_only: Path, tree: Path
) -> None:
    run = ("--no-cache", "-j", "1")
    assert audit("antraege", *run)[0] == 0  # an info finding does not fail by default
    assert audit("antraege", *run, "--fail-on", "info")[0] == 1
    assert audit("antraege", *run, "--fail-on", "warning")[0] == 0
    assert audit("ablage", *run)[0] == 1  # the broken file is an error
    assert audit("ablage", *run, "--fail-on", "never")[0] == 0
    configured = info_only.parent / "konfiguriert"  # a new folder: configurations are
    configured.mkdir()  # looked up once per folder and process
    (configured / "antragscheck.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    (configured / "a.docx").write_bytes((info_only / "smart_city.docx").read_bytes())
    assert audit("konfiguriert", *run)[0] == 1
    assert audit("konfiguriert", *run, "--fail-on", "error")[0] == 0  # the option wins


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.spawn)])
def test_per_file_ignores_apply_in_the_audit(info_only: Path, tmp_path: Path, jobs: str) -> None:
    (info_only / "antragscheck.toml").write_text(
        'fail-on = "info"\n[per-file-ignores]\n'
        '"smart_*.docx" = ["pay-grade-missing", "duplicate-request"]\n',
        encoding="utf-8",
    )
    code, _ = audit("antraege", "--no-cache", "-j", jobs, "--json", "a.json")
    assert code == 0  # accepted in the worker
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    (finding,) = report["files"][0]["findings"]
    assert finding["name"] == "pay-grade-missing" and finding["suppressed"]["by"] == "config"
    (info_only / "smart_kopie.docx").write_bytes((info_only / "smart_city.docx").read_bytes())
    code, _ = audit("antraege", "--no-cache", "-j", jobs, "--json", "b.json")
    assert code == 0  # the only finding is accepted for these files
    report = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    for result in report["files"]:  # the copy is a duplicate: a cross-file finding
        names = sorted(f["name"] for f in result["findings"])
        assert names == ["duplicate-request", "pay-grade-missing"]
        for finding in result["findings"]:
            assert finding["suppressed"]["by"] == "config"
            assert "smart_*.docx" in finding["suppressed"]["reason"]


@pytest.mark.spawn
def test_the_options_reach_workers_started_before_the_command_line_is_read(
    info_only: Path, tmp_path: Path
) -> None:
    """`antragscheck audit … --jobs 2 --no-cache` starts its worker before it reads the
    options; the files that worker checks follow them all the same."""
    data = (info_only / "smart_city.docx").read_bytes()
    for i in range(80):  # enough that the worker takes part
        (info_only / f"smart_{i:02d}.docx").write_bytes(data)
    command = [sys.executable, "-m", "antragscheck", "audit", "antraege", "--no-cache"]
    for jobs in ("1", "2"):
        done = subprocess.run(
            [*command, "-j", jobs, "--ignore", "pay-grade-missing", "--json", f"j{jobs}.json"],
            cwd=tmp_path,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0 and not done.stderr
    report = (tmp_path / "j2.json").read_text(encoding="utf-8")
    assert report == (tmp_path / "j1.json").read_text(encoding="utf-8")
    assert "pay-grade-missing" not in report and "duplicate-request" in report


def test_a_missing_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = audit("gibtesnicht")
    assert code == 2 and "gibtesnicht" in output


def test_exports(tree: Path, tmp_path: Path) -> None:
    code, output = audit(
        "ablage",
        "--no-cache",
        "-j",
        "1",
        "--xlsx",
        "ueberblick.xlsx",
        "--csv",
        "befunde.csv",
        "--html",
        "bericht.html",
    )
    assert "geschrieben: ueberblick.xlsx" in output

    raw = (tmp_path / "befunde.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:4] == ["Datei", "Dokumenttyp", "Einheit", "Schweregrad"]
    assert any(";unreadable-document;" in line for line in lines)

    with zipfile.ZipFile(tmp_path / "ueberblick.xlsx") as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        sheets = re.findall(r'<sheet name="([^"]+)"', workbook)
        assert sheets == ["Übersicht", "Befunde", "Regeln", "Einheiten"]
        first = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert 'state="frozen"' in first and "<autoFilter" in first
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
        assert "Jugendamt" in strings and "vollständig" in strings

    page = (tmp_path / "bericht.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script>" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no external assets
    assert page.count('<tr class="sev-') >= 5
    assert "Befunde je Organisationseinheit" in page

    again = audit("ablage", "--no-cache", "-j", "1", "--csv", "befunde.csv")
    assert again[0] == 2 and "--force" in again[1]


def test_a_duplicate_group_is_one_entry_in_the_terminal_and_one_row_per_member(
    tree: Path, tmp_path: Path, make_docx: MakeDocx
) -> None:
    """A group of similar requests: one finding per group in the terminal (listing its
    members), one row per member with the group id in the exports."""
    shutil.copy2(tree / "wirtschaft" / "smart_city.docx", tree / "wirtschaft" / "dritte.docx")
    result = CliRunner().invoke(
        main,
        ["audit", "ablage", "--no-cache", "-j", "1", "--csv", "b.csv", "--json", "b.json"],
        env={"COLUMNS": "80"},
    )
    out = " ".join(result.output.split())
    assert out.count("in 3 Anträgen (Gruppe G1)") == 1, out
    block = out[out.index("in 3 Anträgen") :]
    for name in ("dritte.docx", "smart_city.docx", "smart_city_kopie.docx"):
        assert f"ablage/wirtschaft/{name}" in block
    rows = [
        line.split(";")
        for line in (tmp_path / "b.csv").read_text(encoding="utf-8-sig").splitlines()
    ]
    group = rows[0].index("Gruppe")
    members = [row[0] for row in rows[1:] if "duplicate-request" in row]
    assert len(members) == 3 and {row[group] for row in rows[1:] if "duplicate-request" in row} == {
        "G1"
    }
    report = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    groups = [f.get("group") for file in report["files"] for f in file["findings"]]
    assert groups.count("G1") == 3 and groups.count(None) > 0  # no "group" key elsewhere


def test_the_reports_tell_when_what_and_how_and_print_well(tree: Path, tmp_path: Path) -> None:
    (tree / "jugendamt" / "ohne.docx").write_bytes(
        (tree / "jugendamt" / "schulsozialarbeit.docx").read_bytes()
    )
    code, output = audit("ablage", "--no-cache", "-j", "1", "--xlsx", "u.xlsx", "--html", "b.html")
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert re.search(r"Geprüft am \d\d\.\d\d\.\d{4} \d\d:\d\d", page)
    assert "Ordner: ablage" in page and re.search(r"antragscheck [\d.]+, Regeln [0-9a-f]{12}", page)
    overview = page[
        page.index('id="requests"') : page.index("</table>", page.index('id="requests"'))
    ]
    assert overview.count('<tr class="status-') == 6  # one row per request
    for select in ('id="f-severity"', 'id="f-unit"', 'id="f-rule"'):
        assert select in page
    assert 'data-severity="error"' in page and 'data-rule="D100"' in page
    assert "@media print" in page and "landscape" in page

    with zipfile.ZipFile(tmp_path / "u.xlsx") as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        assert "_xlnm.Print_Titles" in workbook  # header row repeated on every page
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
        for header in ("Zweck", "Hinweise", "Unterdrückt", "Gruppe"):
            assert f">{header}<" in strings
        for number in (1, 2):
            sheet = book.read(f"xl/worksheets/sheet{number}.xml").decode("utf-8")
            assert 'orientation="landscape"' in sheet and 'fitToHeight="0"' in sheet
        findings = book.read("xl/worksheets/sheet2.xml").decode("utf-8")
        assert re.search(r'<row r="\d+"[^>]*ht="(30|45|60)"[^>]*customHeight="1"', findings)


def pools_started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of jobs of each pool the audit starts from now on."""
    started: list[int] = []
    real = pool.Pool

    def counting(resolver: Resolver, jobs: int, work: pool.Work[Outcome]) -> pool.Pool[Outcome]:
        started.append(jobs)
        return real(resolver, jobs, work)

    monkeypatch.setattr(pool, "Pool", counting)
    return started


def test_the_default_starts_no_workers_for_a_small_audit(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker costs about half a second to start: without --jobs, a few files are
    checked in this process (never slower than --jobs 1); --jobs 2 still starts them."""
    started = pools_started(monkeypatch)
    assert audit("ablage", "--no-cache")[0] == 1
    assert started == []
    audit("ablage", "--no-cache", "-j", "2")
    assert started == [2]


def test_the_default_checks_two_hundred_files_with_two_processes(
    info_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured on 2 cores, two processes beat one from about 150 files to check: the
    default takes two from 200 (README), and one below."""
    started = pools_started(monkeypatch)
    monkeypatch.setattr(pool, "default_jobs", lambda: 2)
    data = (info_only / "smart_city.docx").read_bytes()
    for i in range(1, 199):
        (info_only / f"smart_{i:03d}.docx").write_bytes(data)
    assert audit("antraege", "--no-cache", "--exit-zero")[0] == 0  # 199 files
    assert started == []
    (info_only / "smart_199.docx").write_bytes(data)
    assert audit("antraege", "--no-cache", "--exit-zero")[0] == 0  # 200
    assert started == [2]


def test_the_default_starts_one_worker_per_so_many_files() -> None:
    from antragscheck.audit.pool import default_jobs
    from antragscheck.commands.audit import FILES_PER_WORKER, jobs_for

    assert jobs_for(FILES_PER_WORKER - 1, None) == 1
    assert jobs_for(50 * FILES_PER_WORKER, None) == default_jobs()
    assert jobs_for(10, 3) == 3


def test_an_accepted_cross_file_finding_leaves_a_request_failing_on_its_own(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-file-ignores accept the duplicate; the requests' own errors still fail the
    audit (the cross-file findings are added to what each file already had)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "antraege"
    folder.mkdir()
    body = complete_body(anlass="")  # 3.1 without text: an error of its own
    body = body.replace("(EG 12 TVöD)", "für die Koordinierung Smart City (EG 12)")
    for name in ("a.docx", "b.docx"):
        make_docx(body, name=name).rename(folder / name)
    (folder / "antragscheck.toml").write_text(
        '[per-file-ignores]\n"*.docx" = ["duplicate-request"]\n', encoding="utf-8"
    )
    code, _ = audit("antraege", "--no-cache", "-j", "1", "--json", "a.json")
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    for result in report["files"]:
        (duplicate,) = [f for f in result["findings"] if f["name"] == "duplicate-request"]
        assert duplicate["suppressed"]["by"] == "config"
        assert any(f["severity"] == "error" and not f["suppressed"] for f in result["findings"])
    assert code == 1


def test_each_folder_s_configuration_governs_the_cross_file_findings_of_its_files(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alike requests in two folders with configurations of their own: the duplicate
    is accepted where that folder's per-file-ignores say so, and only there."""
    monkeypatch.chdir(tmp_path)
    body = complete_body().replace("(EG 12 TVöD)", "für die Koordinierung Smart City (EG 12)")
    for office in ("a", "b"):
        (tmp_path / "antraege" / office).mkdir(parents=True)
        make_docx(body, name=f"{office}.docx").rename(tmp_path / "antraege" / office / "x.docx")
    (tmp_path / "antraege" / "a" / "antragscheck.toml").write_text(
        '[per-file-ignores]\n"*.docx" = ["duplicate-request"]\n', encoding="utf-8"
    )
    (tmp_path / "antraege" / "b" / "antragscheck.toml").write_text(
        'fail-on = "warnung"\n', encoding="utf-8"
    )
    code, _ = audit("antraege", "--no-cache", "-j", "1", "--json", "a.json")
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    accepted = {
        result["path"].split("/")[-2]: bool(finding["suppressed"])
        for result in report["files"]
        for finding in result["findings"]
        if finding["name"] == "duplicate-request"
    }
    assert accepted == {"a": True, "b": False}
    assert code == 1  # b fails on its (active) duplicate warning


def _overview_counts(output: str) -> dict[str, int]:
    """The terminal's "Häufigste Befunde" table: count per rule id."""
    return {rule: int(n) for rule, n in re.findall(r"\((\w+)\)\s+│[^│]+│\s+(\d+)", output)}


# Severities that make a request with a warning of its own gain a cross-file note.
NOTES = (
    'severity = { duplicate-request = "info", plan-year-differs = "info", '
    'section-too-short = "warning", pay-grade-missing = "warning" }\n'
)


@pytest.mark.parametrize("severities", ["", NOTES])
@pytest.mark.parametrize("run", [("--no-cache",), ("--cache-dir", "cache")])
def test_the_overview_counts_what_the_export_lists(
    tree: Path, tmp_path: Path, run: tuple[str, ...], severities: str
) -> None:
    """The summary sums what each request's record holds once the cross-file checks and
    the per-file-ignores are applied (the store keeps these sums beside each record):
    accepted findings are not counted (one member of a duplicate pair, a finding of the
    document itself), the others are; also from the cache."""
    (tree / "antragscheck.toml").write_text(
        severities + '[per-file-ignores]\n"**/smart_city_kopie.docx" = ["duplicate-request"]\n'
        '"**/steuern.docx" = ["pay-grade-missing"]\n',
        encoding="utf-8",
    )
    for attempt in ("a", "b"):  # the second run takes every result from the cache
        code, output = audit("ablage", *run, "-j", "1", "--json", f"{attempt}.json")
        report = json.loads((tmp_path / f"{attempt}.json").read_text(encoding="utf-8"))
        active = [
            (result["path"] if result["document_type"] else None, f)
            for result in report["files"]
            for f in result["findings"]
            if not f["suppressed"]
        ]
        expected: dict[str, int] = {}
        for _, finding in active:
            expected[finding["rule"]] = expected.get(finding["rule"], 0) + 1
        assert _overview_counts(output) == expected
        assert expected["X801"] == 1  # one member of the duplicate pair is accepted
        assert "P304" not in expected and "P304" in json.dumps(report)  # accepted
        errors = {path for path, f in active if f["severity"] == "error"} - {None}
        assert re.search(rf"mit Fehlern\s+│\s+{len(errors)}\s", output)
        warned = {path for path, f in active if f["severity"] == "warning"} - errors
        assert re.search(rf"nur mit Warnungen\s+│\s+{len(warned)}\s", output)
        cross = output.split("Auffällig über Dateien hinweg")[1]
        assert "smart_city.docx" in cross and "smart_city_kopie" not in cross
        assert "steuern.docx" in cross  # plan-year-differs
    assert "Ergebnisse aus dem Cache" in output or run == ("--no-cache",)


@pytest.mark.parametrize(
    "config",
    [
        '[per-file-ignores]\n"**/kaputt.docx" = ["unreadable-document"]\n',
        'severity = { unreadable-document = "warning" }\n',
    ],
)
@pytest.mark.parametrize("columns", ["60", "200"])
def test_an_unreadable_file_whose_finding_is_accepted_is_listed_with_why(
    tree: Path, monkeypatch: pytest.MonkeyPatch, config: str, columns: str
) -> None:
    """It is still unreadable (and counted so); its line says why, not a traceback."""
    monkeypatch.setenv("COLUMNS", columns)
    (tree / "antragscheck.toml").write_text(config, encoding="utf-8")
    _, output = audit("ablage", "--no-cache", "-j", "1", "--exit-zero")
    assert re.search(r"unlesbar\s+│\s+1", output)
    failing = output.split("Anträge mit Fehlern", 1)[1]
    assert "kaputt.docx" in failing and "beschädigt" in failing
