"""Hostile folders, names and documents (issue #12): nothing hidden, nothing hung,
nothing injected.  The inputs come from tests/hostile/."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antragscheck.cli import main
from antragscheck.read import read_blocks
from antragscheck.spec import ByIdentity
from tests.conftest import SAMPLES
from tests.hostile import (
    FORMULA_TITLE,
    HOSTILE_NAMES,
    INVALID_UTF8_NAME,
    failing_request,
    formula_request,
    good_request,
    numbering_bomb,
    odd_folder,
    pad_to,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="links and pipes as POSIX makes them")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def run_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command in its own process (a hang becomes a failure, not a hung test)."""
    return subprocess.run(
        [sys.executable, "-m", "antragscheck", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )


# -- 1. the cache holds what follows from content and rules only --------------------


def test_per_file_ignores_do_not_leak_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ignoriert").mkdir()
    (tmp_path / "geprueft").mkdir()
    failing_request(tmp_path / "ignoriert" / "a.docx")
    failing_request(tmp_path / "geprueft" / "a.docx")  # the same bytes, another path
    (tmp_path / "antragscheck.toml").write_text(
        '[per-file-ignores]\n"ignoriert/*.docx" = ["council-reference-missing"]\n',
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    for name in ("erster.json", "zweiter.json"):  # the second run is served by the cache
        code, _ = run(
            "audit", "ignoriert", "geprueft", "-j", "1", "--cache-dir", str(cache), "--json", name
        )
        assert code == 1
        report = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        by_path = {f["path"]: f["findings"] for f in report["files"]}
        checked = [
            f for f in by_path["geprueft/a.docx"] if f["name"] == "council-reference-missing"
        ]
        ignored = [
            f for f in by_path["ignoriert/a.docx"] if f["name"] == "council-reference-missing"
        ]
        assert checked and checked[0]["suppressed"] is None
        assert ignored and ignored[0]["suppressed"]["by"] == "config"


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ablage").mkdir()
    target = good_request(tmp_path / "ablage" / "antrag.docx")
    edited = failing_request(tmp_path / "neu.docx")
    size = max(target.stat().st_size, edited.stat().st_size)
    pad_to(target, size)
    pad_to(edited, size)
    cache = tmp_path / "cache"
    assert run("audit", "ablage", "-j", "1", "--cache-dir", str(cache))[0] == 0
    before = target.stat()
    target.write_bytes(edited.read_bytes())  # same size ...
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... same mtime
    assert target.stat().st_size == before.st_size
    code, output = run("audit", "ablage", "-j", "1", "--cache-dir", str(cache))
    assert code == 1, output


# -- 2. ordinary file system oddities -------------------------------------------------


@posix_only
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_audit_reports_links_pipes_and_odd_names_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.chdir(tmp_path)
    odd_folder(tmp_path / "ablage")
    done = run_process(
        "audit", "ablage", "-j", jobs, "--cache-dir", str(tmp_path / "c"), "--json", "bericht.json"
    )
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 1  # unreadable files are errors
    report = json.loads((tmp_path / "bericht.json").read_text(encoding="utf-8"))
    messages = {f["path"]: f["findings"][0]["message"] for f in report["files"] if f["findings"]}
    assert "Symlink" in messages["ablage/verwaist.docx"]
    assert "im Kreis" in messages["ablage/schleife.docx"]
    assert "keine gewöhnliche Datei" in messages["ablage/pipe.docx"]
    assert "ablage/kaputt-\\xff\\xfe-name.docx" in {f["path"] for f in report["files"]}
    assert "ablage/gut.docx" in {f["path"] for f in report["files"]}


def _deny(monkeypatch: pytest.MonkeyPatch, *denied: Path) -> None:
    """Make `denied` unreadable.  As root (CI) permissions do not bind, so there the
    kernel's answer is given by hand where the program asks."""
    for path in denied:
        path.chmod(0)
    if os.name != "posix" or os.geteuid() != 0:
        return
    real_open, real_scandir = os.open, os.scandir
    names = {os.path.abspath(p) for p in denied}

    def refuse(path: object) -> None:
        if os.path.abspath(os.fspath(path)) in names:  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[call-overload]

    def open_(path: object, *args: object, **kwargs: object) -> int:
        refuse(path)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def scandir(path: object = ".") -> object:
        refuse(path)
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_files_and_folders_are_reported_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "ablage"
    (root / "gesperrt").mkdir(parents=True)
    good_request(root / "gut.docx")
    good_request(root / "gesperrt" / "drin.docx")
    secret = good_request(root / "geheim.docx")
    _deny(monkeypatch, root / "gesperrt", secret)
    try:
        code, output = run(
            "audit", "ablage", "-j", "1", "--cache-dir", str(tmp_path / "c"), "--json", "b.json"
        )
    finally:
        (root / "gesperrt").chmod(0o755)
        secret.chmod(0o644)
    assert code == 1
    assert "Ordner ohne Leserechte" in output
    report = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in report["files"]] == ["ablage/geheim.docx", "ablage/gut.docx"]
    assert "keine Leseberechtigung" in report["files"][0]["findings"][0]["message"]


@pytest.mark.parametrize("kind", ["file", "database-is-a-folder"])
def test_an_unusable_cache_gives_a_warning_and_the_audit_runs_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ablage").mkdir()
    failing_request(tmp_path / "ablage" / "a.docx")
    cache = tmp_path / "cache"
    if kind == "file":
        cache.write_text("kein Ordner", encoding="utf-8")
    else:
        (cache / "audit-cache.sqlite3").mkdir(parents=True)
    result = CliRunner().invoke(main, ["audit", "ablage", "-j", "1", "--cache-dir", str(cache)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "Warnung: Der Cache-Ordner" in result.output and "ohne Cache" in result.output


# -- 3. pipes and devices are never read ---------------------------------------------


@posix_only
def test_check_does_not_hang_on_a_pipe_named_like_a_document(tmp_path: Path) -> None:
    fifo = tmp_path / "x.docx"
    os.mkfifo(fifo)
    good = good_request(tmp_path / "gut.docx")
    done = run_process("check", "--format", "json", str(fifo), str(good), timeout=30)
    report = json.loads(done.stdout)
    assert [f["path"] for f in report["files"]] == [str(fifo), str(good)]
    assert "keine gewöhnliche Datei" in report["files"][0]["findings"][0]["message"]


# -- 4. numbers read from the package are bounded --------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.one_of(
        st.integers(min_value=-(10**12), max_value=10**12).map(str),
        st.sampled_from(["9" * 4000, "1e9", "", "-0", "０１"]),
    ),
    fmt=st.sampled_from(["lowerLetter", "upperRoman", "decimalZero", "decimal"]),
    override=st.booleans(),
)
def test_huge_list_start_values_give_short_labels(
    tmp_path: Path, start: str, fmt: str, override: bool
) -> None:
    path = numbering_bomb(tmp_path / "bombe.docx", start, fmt, override)
    labels = [b.list_label for b in read_blocks(path) if b.list_label]
    assert labels and max(len(label) for label in labels) <= 40
    path.unlink()


def test_a_numbering_bomb_does_not_stop_the_good_file_from_being_reported(tmp_path: Path) -> None:
    bomb = numbering_bomb(tmp_path / "a.docx", str(10**20))
    good = good_request(tmp_path / "b.docx")
    code, output = run("check", "--format", "json", str(bomb), str(good))
    assert [f["path"] for f in json.loads(output)["files"]] == [str(bomb), str(good)]


# -- 5. spreadsheet injection ------------------------------------------------------------


def test_exports_keep_formulas_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the paths in the report start with the file names
    formula_request(tmp_path / "=HYPERLINK(1).docx")
    failing_request(tmp_path / "-1+1.docx")
    run("audit", ".", "-j", "1", "--no-cache", "--csv", "b.csv", "--xlsx", "b.xlsx")
    rows = list(csv.reader(io.StringIO((tmp_path / "b.csv").read_text("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, rows
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(1).docx" in cells and "'-1+1.docx" in cells
    assert any(c.isdigit() for c in cells)  # paragraph numbers stay numbers
    with zipfile.ZipFile(tmp_path / "b.xlsx") as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(book.read(n).decode("utf-8") for n in sheets)
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
    assert "=HYPERLINK(1).docx" in strings and FORMULA_TITLE.split("(")[0] in strings
    assert '<c r="D2" s="' in xml or 't="n"' in xml or "<v>" in xml  # numbers written as such


# -- 6. machine outputs stay well-formed for any name ------------------------------------


@pytest.fixture
def hostile_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    names = [*HOSTILE_NAMES]
    if os.name == "posix":
        names.append(os.fsdecode(INVALID_UTF8_NAME))
    for name in names:
        failing_request(tmp_path / name)
    return names


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "concise", "table"])
def test_outputs_stay_well_formed_for_hostile_names(
    hostile_files: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    done = run_process("check", "--format", fmt, "--", *hostile_files)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    out = done.stdout
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "junit":
        suites = ET.fromstring(out)
        assert len(suites.findall("testsuite")) == len(hostile_files)
    if fmt in ("github", "concise", "table"):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b" in out
    if fmt == "github":
        text = summary.read_text(encoding="utf-8")
        assert "<b>" not in text and "\\<b\\>" in text
        assert "\\[link\\]\\(x\\)" in text and "\x1b" not in text
        assert text.count("\n| ") >= len(hostile_files)  # one row each, no broken rows


def test_the_table_shows_markup_in_names_as_text(
    hostile_files: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    done = run_process("check", "[red]markup[/red] [/].docx")
    assert "Traceback" not in done.stderr
    assert "[red]markup[/red] [/].docx" in done.stdout


def _audit_of(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    columns: str,
    files: dict[str, Path],
    *more: str,
) -> subprocess.CompletedProcess[str]:
    """`antragscheck audit ablage` at `columns` columns, the folder holding copies of
    the samples under the given names."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", columns)
    (tmp_path / "ablage").mkdir()
    for name, sample in files.items():
        shutil.copy(sample, tmp_path / "ablage" / name)
    return run_process("audit", "ablage", "--no-cache", "-j", "1", *more)


@pytest.mark.skipif(os.name == "nt", reason="Windows allows no control character in names")
@pytest.mark.parametrize("columns", ["60", "200"])
def test_the_audit_summary_shows_hostile_names_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """Also in the list of requests found alike, stacked on a narrow terminal."""
    good = SAMPLES / "stellenschaffung_smart_city_2022.docx"  # the same request twice
    done = _audit_of(
        tmp_path, monkeypatch, columns, {"a.docx": good, "farbe\x1b[31mrot.docx": good}
    )
    assert "Traceback" not in done.stderr
    assert "(Gruppe G1)" in done.stdout  # the two are listed as alike
    assert "\x1b" not in done.stdout and "\\x1b" in done.stdout


@pytest.mark.parametrize("columns", ["60", "200"])
def test_the_audit_summary_shows_emoji_codes_in_names_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """A file named "Antrag :smile:.docx" is listed by that name, not with a face."""
    files = {"Antrag :smile:.docx": SAMPLES / "ohne_drucksache.docx"}
    done = _audit_of(tmp_path, monkeypatch, columns, files, "--csv", "x :thumbs_up:.csv")
    assert "Traceback" not in done.stderr
    failing = done.stdout.split("Anträge mit Fehlern", 1)[1]
    assert "Antrag :smile:.docx" in failing
    assert "geschrieben: x :thumbs_up:.csv" in done.stdout
    assert "\U0001f604" not in done.stdout and "\U0001f44d" not in done.stdout


# -- 7. an interrupted audit leaves no workers and no temporary files -------------------


def _children(pid: int) -> set[int]:
    """Every descendant of `pid`, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see processes")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_stopping_the_audit_ends_its_workers(tmp_path: Path, how: str) -> None:
    import signal
    import time

    (tmp_path / "ablage").mkdir()
    first = good_request(tmp_path / "ablage" / "a0.docx")
    # Enough work that the audit is still running when the signal comes: 200 requests
    # took two workers about as long as the 0.3 s this test waits.
    data = first.read_bytes()
    for i in range(1, 2000):
        (tmp_path / "ablage" / f"a{i}.docx").write_bytes(data)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "antragscheck",
            "audit",
            str(tmp_path / "ablage"),
            "-j",
            "3",  # this process and two workers
            "--no-cache",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the workers are importing or at work
        workers = _children(process.pid)
        assert len(workers) >= 2
        process.send_signal(getattr(signal, how))
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers)
    finally:
        if process.poll() is None:
            process.kill()


def test_the_next_write_removes_stale_temporary_files_of_ours(tmp_path: Path) -> None:
    stale = tmp_path / ".~tmp-antragscheck-0123456789ab.json"
    fresh = tmp_path / ".~tmp-antragscheck-ba9876543210.json"  # another run, still writing
    foreign = tmp_path / ".~tmp-fremd.json"
    for path in (stale, fresh, foreign):
        path.write_text("{", encoding="utf-8")
    two_hours_ago = os.stat(stale).st_mtime - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    os.utime(foreign, (two_hours_ago, two_hours_ago))
    good = good_request(tmp_path / "gut.docx")
    code, _ = run("check", "--format", "json", "-o", str(tmp_path / "b.json"), str(good))
    assert code == 0
    assert not stale.exists() and fresh.exists() and foreign.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh.name, foreign.name, "b.json", "gut.docx"]
    )


# -- 8. every output gets the user's umask; --force keeps the mode ---------------------


def _outputs(tmp_path: Path, good: Path, target: Path) -> list[list[str]]:
    return [
        ["check", "--format", "json", "-o", str(target), str(good)],
        ["baseline", str(good), "-o", str(target)],
        ["annotate", str(good), "-o", str(target)],
        ["vorlage", "-o", str(target)],
        ["audit", str(good.parent), "-j", "1", "--no-cache", "--csv", str(target)],
        ["audit", str(good.parent), "-j", "1", "--no-cache", "--xlsx", str(target)],
    ]


@pytest.mark.skipif(os.name != "posix", reason="file modes as POSIX keeps them")
@pytest.mark.parametrize("which", range(6))
def test_outputs_get_the_umask_and_force_keeps_the_mode(tmp_path: Path, which: int) -> None:
    (tmp_path / "ablage").mkdir()
    good = good_request(tmp_path / "ablage" / "gut.docx")
    (tmp_path / "aus").mkdir()
    target = tmp_path / "aus" / "ergebnis"
    args = _outputs(tmp_path, good, target)[which]
    old = os.umask(0o027)
    try:
        code, output = run(*args)
        assert code in (0, 1), output
        assert oct(target.stat().st_mode & 0o777) == oct(0o640)
        target.chmod(0o604)
        code, output = run(*args, "--force")
        assert code in (0, 1), output
        assert oct(target.stat().st_mode & 0o777) == oct(0o604)
    finally:
        os.umask(old)


def test_an_output_folder_that_cannot_be_written_gives_a_german_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = good_request(tmp_path / "gut.docx")
    (tmp_path / "datei").write_text("kein Ordner", encoding="utf-8")
    code, output = run("check", "-o", str(tmp_path / "datei" / "b.json"), str(good))
    assert code == 2 and "nicht beschreibbar" in output
    folder = tmp_path / "nur-lesen"
    folder.mkdir()
    _deny_writes(monkeypatch, folder)
    code, output = run("check", "-o", str(folder / "b.json"), str(good))
    assert code == 2 and "nicht beschreibbar" in output and "b.json" in output
    assert list(folder.iterdir()) == []


def _deny_writes(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    folder.chmod(0o555)
    if os.name == "posix" and os.geteuid() == 0:  # root writes anywhere: refuse by hand
        real_open = os.open

        def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
            if flags & os.O_CREAT and Path(os.fspath(path)).parent == folder:  # type: ignore[call-overload]
                raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[call-overload]
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", open_)


# -- 9. a configuration next to the documents cannot make us print other files ---------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("shadow", "root:$6$geheimes-passwort-hash:19000:0:99999:7:::\n"),
        ("secret.yaml", "passwort: geheimes-passwort\n"),
        ("liste.yml", "- geheimes-passwort\n"),
        ("text.yaml", "geheimes-passwort ohne Doppelpunkt\n"),
    ],
)
def test_a_rule_path_to_another_file_shows_the_path_never_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str
) -> None:
    secret = tmp_path / "woanders" / name
    secret.parent.mkdir()
    secret.write_text(content, encoding="utf-8")
    (tmp_path / "ablage").mkdir()
    good = good_request(tmp_path / "ablage" / "gut.docx")
    (tmp_path / "ablage" / "antragscheck.toml").write_text(
        f"rules = [{json.dumps(str(secret))}]\n", encoding="utf-8"
    )
    code, output = run(str(good))
    assert code == 2
    assert str(secret) in output and "keine Regeldatei" in output
    assert "geheim" not in output.replace(str(secret), "")


# -- 10. an internal error is not a finding ------------------------------------------------


@pytest.fixture
def buggy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the pipeline that only documents mentioning "Absturz" meet."""
    import antragscheck.pipeline as pipeline

    real = pipeline.extract

    def extract(structured: object, *args: object, **kwargs: object) -> object:
        if "Absturz" in repr(structured):
            raise RuntimeError("simulierter Fehler")
        return real(structured, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "extract", extract)


def _crashing_request(path: Path) -> Path:
    from antragscheck.docxwrite import write_docx
    from tests.helpers import complete_body

    return write_docx(path, complete_body(bisher=para_text("Absturz")))


def para_text(text: str) -> str:
    from antragscheck.docxwrite import para

    return para(text)


def test_check_reports_an_internal_error_with_exit_2_and_the_other_files(
    tmp_path: Path, buggy: None
) -> None:
    bad = _crashing_request(tmp_path / "a.docx")
    good = good_request(tmp_path / "b.docx")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(bad), str(good)])
    assert result.exit_code == 2
    assert "Interner Fehler beim Prüfen von" in result.stderr and str(bad) in result.stderr
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(bad), str(good)]
    assert report["files"][1]["findings"] == [] or all(
        f["severity"] != "error" for f in report["files"][1]["findings"]
    )


def test_audit_reports_an_internal_error_with_exit_2_and_the_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, buggy: None
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ablage").mkdir()
    _crashing_request(tmp_path / "ablage" / "a.docx")
    good_request(tmp_path / "ablage" / "b.docx")
    result = CliRunner().invoke(
        main, ["audit", "ablage", "-j", "1", "--no-cache", "--json", "b.json"]
    )
    assert result.exit_code == 2
    assert "Interner Fehler beim Prüfen von ablage/a.docx" in result.stderr
    report = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in report["files"]] == ["ablage/a.docx", "ablage/b.docx"]
    # the broken file's row says what happened and what to do, as the reader's finding
    (finding,) = report["files"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("D100", "error")
    assert finding["message"] == (
        "Interner Fehler beim Prüfen (RuntimeError). Bitte die Datei einzeln mit "
        "`antragscheck check` prüfen und den Fehler melden."
    )
    assert report["files"][0]["document_type"] is None


# -- 3. the per-file deadline holds inside the rule stage, without signals -------------


def test_the_time_limit_stops_a_slow_rule_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    import time

    evaluate = importlib.import_module("antragscheck.rules.evaluate")
    real = evaluate._plan
    calls: list[str] = []

    def slow_plan(*args: Any) -> Any:
        steps = real(*args)
        for step in steps:

            def slow(subject: Any, run: Any = step.run) -> Any:
                calls.append(subject.doc_type.id)
                time.sleep(0.05)  # a rule that takes its time on a huge document
                return run(subject)

            step.run = slow
        return steps

    # each rule set's plan made afresh, by slow_plan
    monkeypatch.setattr(evaluate, "_plans", ByIdentity(slow_plan, 64))
    good = good_request(tmp_path / "gut.docx")
    code, output = run("check", "--format", "json", "--timeout", "0.3", str(good))
    (finding,) = json.loads(output)["files"][0]["findings"]
    assert "länger als 0,3 Sekunden" in finding["message"]
    from antragscheck.rules import load_rules

    rules = [r for r in load_rules().rules if r.check.stage == "document"]
    assert len(calls) < len(rules) / 2  # stopped inside the stage, not after it


@pytest.mark.parametrize("command", ["annotate", "parse", "baseline", "missing"])
def test_messages_that_name_a_hostile_file_show_it_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "farbe\x1b[31mrot.docx"
    if os.name == "posix":
        name = os.fsdecode(b"\xff") + name
    if command == "missing":
        done = run_process("check", "--", "fehlt-" + name)
    else:
        (tmp_path / "kaputt").mkdir()
        path = tmp_path / "kaputt" / name
        path.write_bytes(b"PK\x03\x04 kaputt") if command == "parse" else good_request(path)
        args = {"baseline": ["baseline", str(path), "-o", str(tmp_path / ("b" + name))]}
        done = run_process(*args.get(command, [command, str(path)]))
    assert "Traceback" not in done.stderr
    assert "\x1b" not in done.stdout + done.stderr
    assert "\\x1b" in done.stdout + done.stderr
