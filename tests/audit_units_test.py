"""The audit's parts one by one, in this process: finding the files, the compact store,
the cache, a worker's record and the cross-file step.  (Written against surviving
mutants; the whole audit is tested in audit_test.py.)"""

from __future__ import annotations

import os
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from antragscheck import jsonshape, usercache
from antragscheck.audit import cache as cache_module
from antragscheck.audit.cache import Cache, content_hash
from antragscheck.audit.crosscheck import crosscheck
from antragscheck.audit.store import RecordStore, facts, tally
from antragscheck.audit.walk import EXCLUDED, LOCK_FILE, NOT_WORD, discover
from antragscheck.audit.worker import Task, audit_file, record
from antragscheck.models import AuditFacts, AuditRecord, FileResult
from antragscheck.pipeline import analyse
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleSet
from antragscheck.settings import Options, Resolver
from tests.conftest import SAMPLES


def test_discover_finds_word_files_sorted_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ablage"
    for name in ("b/zwei.DOCX", "a/eins.docx", "a/vorlage.dotx", "a/makro.docm", "c.dotm",
                 "a/~$eins.docx", "a/notiz.txt", ".versteckt/x.docx", "a/.y.docx",
                 "alt/weg.docx"):  # fmt: skip
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    (root / "antragscheck.toml").write_text('exclude = ["alt/*"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    files, skipped = discover([Path("ablage"), Path("ablage/a/eins.docx")], Resolver(Options()))
    assert [p.as_posix() for p in files] == [
        "ablage/a/eins.docx",
        "ablage/a/makro.docm",
        "ablage/a/vorlage.dotx",
        "ablage/b/zwei.DOCX",
        "ablage/c.dotm",
    ]
    assert skipped == Counter({LOCK_FILE: 1, NOT_WORD: 2, EXCLUDED: 1})  # toml and txt


def audit_record(path: str, **facts_: object) -> AuditRecord:
    return AuditRecord(path=path, document_type="stellenschaffung", findings=[], **facts_)  # type: ignore[arg-type]


def test_the_store_keeps_records_in_order_with_their_facts() -> None:
    store = RecordStore(3)
    first = audit_record("a.docx", org_unit="Amt", purpose="Zweck", plan_year=2022)
    store.put(0, first)
    third = audit_record("c.docx")
    store.put_json(2, jsonshape.dumps(third), facts(third), tally(third))
    assert len(store) == 3
    assert store[0] == first and store[2].path == "c.docx"
    assert store.facts == [
        # with the words the duplicate check compares, worked out as it is stored
        AuditFacts("a.docx", "stellenschaffung", "Amt", "Zweck", 2022, frozenset({"zweck"})),
        None,
        AuditFacts("c.docx", "stellenschaffung", None, None, None),
    ]
    with pytest.raises(IndexError):
        store[1]
    assert [r.path for r in store[0:1]] == ["a.docx"]
    assert facts(first) == store.facts[0]._replace(words=None)


def test_crosscheck_extends_only_the_records_that_gain_a_finding(ruleset: RuleSet) -> None:
    store = RecordStore(4)
    store.put(0, audit_record("a.docx", org_unit="Amt", purpose="Smart City", plan_year=2022))
    store.put(1, audit_record("b.docx", org_unit="Amt", purpose="Smart City", plan_year=2022))
    store.put(2, audit_record("c.docx", org_unit="Amt", purpose="Schule", plan_year=2022))
    store.put(3, audit_record("d.docx", org_unit="Anderes Amt", purpose="Schule", plan_year=2019))
    changed = crosscheck(store, ruleset.rules, ruleset.document_types)
    assert changed == [0, 1, 3]
    assert [f.name for f in store[0].findings] == ["duplicate-request"]
    assert store[0].findings[0].section == "antrag"  # the rule's section
    assert store[2].findings == []
    assert [f.name for f in store[3].findings] == ["plan-year-differs"]


def test_a_worker_record_sums_the_shares_and_takes_the_first_position(
    ruleset: RuleSet,
) -> None:
    text = (
        "Stellenschaffung zum Stellenplan 2022\n1 Antrag, Stellenausstattung\n"
        "Geschaffen werden 1,0 Stelle im Jugendamt für die Schulsozialarbeit (S 11b) und "
        "0,5 Stelle im Amt für Umweltschutz (EG 9a).\n2 Schaffungskriterien\n"
        "Auf die GRDrs. 234/2021 und die GRDrs. 234/2021 wird verwiesen, auch auf den "
        "Antrag Nr. 385/2018.\n"
    )
    antrag, doc_type = analyse(document_from_text(text), ruleset)
    result = FileResult(path="a.docx", document_type=doc_type.id, findings=[])
    made = record(result, antrag)
    assert made.share == Decimal("1.5")
    assert made.plan_year == 2022 and made.title.startswith("Stellenschaffung")
    assert made.org_unit == antrag.positions[0].org_unit
    assert made.references == ["GRDrs 234/2021"]  # council papers only, once each
    empty = record(FileResult(path="b.docx", document_type=None, findings=[]), None)
    assert (empty.share, empty.org_unit, empty.references) == (None, None, [])
    none = analyse(
        document_from_text("Stellenschaffung\n1 Antrag, Stellenausstattung\nText.\n"), ruleset
    )[0]
    bare = record(result, none)
    assert bare.share is None and bare.purpose is None


def test_audit_file_checks_and_says_it_ran_to_the_end() -> None:
    made, status = audit_file(
        Task(SAMPLES / "ohne_drucksache.docx", "x.docx", 60.0), Resolver(Options())
    )
    assert status == "complete" and made.path == "x.docx"
    assert "council-reference-missing" in {f.name for f in made.findings}


def test_the_cache_remembers_hashes_and_results(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    document = tmp_path / "a.docx"
    document.write_bytes(b"Inhalt")
    old = os.stat(document).st_mtime_ns - 10_000_000_000  # not racy: well in the past
    os.utime(document, ns=(old, old))
    sha = cache.file_hash(document)
    assert sha == content_hash(document) and len(sha) == 64
    assert cache.file_hash(document) == sha
    assert cache.get(sha, "regeln", "a.docx") is None and cache.hits == 0
    cache.put(sha, "regeln", jsonshape.dumps(audit_record("alt.docx")))
    hit = cache.get(sha, "regeln", "neu.docx")
    assert hit is not None and hit.path == "neu.docx" and cache.hits == 1
    assert cache.get(sha, "andere-regeln", "neu.docx") is None
    document.write_bytes(b"Anderer Inhalt")
    assert cache.file_hash(document) != sha
    cache.close()
    again = Cache(tmp_path / "cache")  # written to disk, found again
    assert again.get(sha, "regeln", "x.docx") is not None and not again.rebuilt
    again.close()


def test_a_damaged_cache_is_rebuilt_and_a_bad_record_is_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / cache_module.FILE_NAME).write_bytes(b"kein SQLite" * 100)
    cache = Cache(folder)
    assert cache.rebuilt
    cache.db.execute(
        "INSERT INTO results VALUES (?, ?, ?, ?)", ("s", "r", cache_module.__version__, "{kaputt")
    )
    assert cache.get("s", "r", "a.docx") is None and cache.hits == 0
    cache.close()


def test_the_default_cache_folder_follows_the_platform_convention(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(usercache.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.default_cache_dir() == tmp_path / "antragscheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert usercache.default_cache_dir() == Path.home() / ".cache" / "antragscheck"
    monkeypatch.setattr(usercache.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert usercache.default_cache_dir() == tmp_path / "antragscheck" / "Cache"
    monkeypatch.setattr(usercache.sys, "platform", "darwin")
    assert usercache.default_cache_dir() == Path.home() / "Library" / "Caches" / "antragscheck"
