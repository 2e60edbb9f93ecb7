"""The audit's edges a budget office meets: the order and count of what is found in a
folder tree, and a cache that saves reading unchanged files.  (Written against
surviving mutants: each test names the behaviour it guards.)"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.audit import cache as cache_module
from antragscheck.audit.cache import Cache
from antragscheck.audit.walk import EXCLUDED, LOCK_FILE, UNREADABLE_FOLDER, discover
from antragscheck.cli import main
from antragscheck.settings import Options, Resolver
from tests.conftest import SAMPLES


def test_files_are_listed_in_path_order_and_every_skip_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ablage"
    for name in ("a/x.docx", "a-b.docx", "a/~$x.docx", "a/~$y.docx", "alt/1.docx", "alt/2.docx"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    (root / "antragscheck.toml").write_text('exclude = ["alt/*"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    files, skipped = discover([Path("ablage")], Resolver(Options()))
    # as the path is written: "a-b.docx" before "a/x.docx" ("-" sorts before "/")
    assert [p.as_posix() for p in files] == ["ablage/a-b.docx", "ablage/a/x.docx"]
    assert skipped == Counter({LOCK_FILE: 2, EXCLUDED: 2, "keine Word-Dateien": 1})


def test_folders_that_cannot_be_listed_are_counted(tmp_path: Path) -> None:
    # (as root every folder is readable: folders that vanish cannot be listed either)
    gone = [tmp_path / "weg1", tmp_path / "weg2"]
    files, skipped = discover(gone, Resolver(Options()))
    assert files == [] and skipped == Counter({UNREADABLE_FOLDER: 2})


def hashes_read(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the cache reads to hash them."""
    read: list[Path] = []
    real = cache_module.content_hash

    def counting(path: Path) -> str:
        read.append(path)
        return real(path)

    monkeypatch.setattr(cache_module, "content_hash", counting)
    return read


def test_an_unchanged_file_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = hashes_read(monkeypatch)
    cache = Cache(tmp_path / "tief" / "im" / "cache")  # created with its parents
    old, recent = tmp_path / "alt.docx", tmp_path / "neu.docx"
    old.write_bytes(b"alt")
    recent.write_bytes(b"neu")
    past = os.stat(old).st_mtime_ns - 10_000_000_000
    os.utime(old, ns=(past, past))
    first = cache.file_hash(old)
    assert cache.file_hash(old) == first and read == [old]
    # written just now: the times could survive another edit, so it is read again
    assert cache.file_hash(recent) == cache.file_hash(recent) and read == [old, recent, recent]
    cache.close()
    again = Cache(tmp_path / "tief" / "im" / "cache")
    assert again.file_hash(old) == first and read == [old, recent, recent]
    again.close()


def audit_warning(tmp_path: Path, cache_dir: Path) -> str:
    folder = tmp_path / "ablage"
    folder.mkdir()
    shutil.copyfile(SAMPLES / "stellenschaffung_smart_city_2022.docx", folder / "a.docx")
    args = ["audit", str(folder), "--jobs", "1", "--cache-dir", str(cache_dir)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    return " ".join(result.stderr.split())


def test_an_unusable_cache_folder_is_named_with_the_reason(tmp_path: Path) -> None:
    blocked = tmp_path / "datei"
    blocked.write_text("kein Ordner", encoding="utf-8")
    warning = audit_warning(tmp_path, blocked)
    assert f"Warnung: Der Cache-Ordner {blocked} ist nicht nutzbar (" in warning
    assert "keine Datenbank" not in warning and "die Prüfung läuft ohne Cache." in warning


def test_a_cache_file_that_is_no_database_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    (folder / cache_module.FILE_NAME).mkdir(parents=True)  # a folder where the file goes
    warning = audit_warning(tmp_path, folder)
    assert f"Der Cache-Ordner {folder} ist nicht nutzbar (keine Datenbank)" in warning


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")  # as on a read-only share: every write fails
    cache.db.execute("PRAGMA query_only = ON")
    document = tmp_path / "a.docx"
    document.write_bytes(b"Inhalt")
    sha = cache.file_hash(document)
    cache.put(sha, "regeln", "{}")
    assert cache.get(sha, "regeln", "a.docx") is None
    cache.close()
