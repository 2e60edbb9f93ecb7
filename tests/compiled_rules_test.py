"""Rule sets are compiled once into the user's cache (antragscheck/rules/compiled.py):
what a check reports is the same with and without the cache, an edited rule file is
read again, and a damaged cache file is never trusted."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from antragscheck import jsonshape
from antragscheck.models import Report
from antragscheck.pipeline import check_path
from antragscheck.rules import compiled, default_rules_dir, load_rules
from tests.conftest import SAMPLES


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(compiled, "default_cache_dir", lambda: folder)
    monkeypatch.delenv("ANTRAGSCHECK_RULE_CACHE", raising=False)
    return folder / compiled.FOLDER


def _report(rules: Path) -> str:
    ruleset = load_rules([rules])
    results = [check_path(p, ruleset, display=p.name) for p in sorted(SAMPLES.glob("*.docx"))]
    return jsonshape.dumps(Report.of(results), indent=2)


def test_a_cached_rule_set_reports_what_the_files_say(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    first = _report(rules)  # loads the files and keeps the set
    assert len(list(cache.glob("*.pickle"))) == 1
    assert _report(rules) == first  # from the cache
    # An edited rule file is read again: its new message is reported.
    default = rules / "default.yaml"
    text = default.read_text(encoding="utf-8")
    old = "Bitte als Überschrift ergänzen."
    assert old in text
    default.write_text(text.replace(old, "Bitte ergänzen (geändert)."), encoding="utf-8")
    edited = _report(rules)
    assert "Bitte ergänzen (geändert)." in edited
    assert old not in edited
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_damaged_or_foreign_cache_file_is_never_trusted(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    expected = _report(rules)
    (kept,) = cache.glob("*.pickle")
    kept.write_bytes(b"kein Pickle" * 10)
    assert _report(rules) == expected
    kept.write_bytes(pickle.dumps({"not": "a rule set"}))
    assert _report(rules) == expected


def test_without_a_writable_cache_the_files_are_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setattr(compiled, "default_cache_dir", lambda: blocked)
    ruleset = load_rules()
    assert ruleset.find("section-missing") is not None
