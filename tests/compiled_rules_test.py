"""Rule sets and notation grammars are compiled once into the user's cache
(antragscheck/rules/compiled.py, antragscheck/keep.py): what a check reports is the
same with and without the cache, an edited rule file is read again, and a damaged
cache file is never trusted."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import pickle
import re
import shutil
import time
import zlib
from array import array
from pathlib import Path
from typing import Any

import pytest

from antragscheck import extract, jsonshape, keep
from antragscheck.models import Report
from antragscheck.pipeline import check_path
from antragscheck.rules import compiled, default_rules_dir, load_rules
from tests.conftest import SAMPLES


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(keep, "default_cache_dir", lambda: folder)
    monkeypatch.setattr(extract, "_grammars", {})  # no grammar of this process
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


def test_the_least_recently_used_rule_set_goes_first(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keep, "KEEP", 2)
    folders = []
    for name in ("a", "b", "c"):
        rules = tmp_path / name
        shutil.copytree(default_rules_dir(), rules)
        default = rules / "default.yaml"
        text = default.read_text(encoding="utf-8")
        default.write_text(text.replace("Bitte als", f"({name}) Bitte als"), encoding="utf-8")
        folders.append(rules)
    a, b, c = folders
    load_rules([a])
    (kept_a,) = cache.glob("*.pickle")
    load_rules([b])
    time.sleep(0.01)
    load_rules([a])  # used again: b is now the least recently used
    load_rules([c])
    kept = set(cache.glob("*.pickle"))
    assert len(kept) == 2 and kept_a in kept


def test_without_a_writable_cache_the_files_are_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setattr(keep, "default_cache_dir", lambda: blocked)
    ruleset = load_rules()
    assert ruleset.find("section-missing") is not None


def test_kept_grammars_find_what_freshly_compiled_ones_find(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    monkeypatch.setenv("ANTRAGSCHECK_RULE_CACHE", "0")
    fresh = _report(rules)
    monkeypatch.delenv("ANTRAGSCHECK_RULE_CACHE")
    _report(rules)  # compiles the grammar and keeps it
    (kept,) = (cache.parent / "grammars").glob("*.pickle")
    monkeypatch.setattr(extract, "_grammars", {})
    assert _report(rules) == fresh  # every pattern from its kept program
    kept.write_bytes(kept.read_bytes()[:1000])  # damaged: compiled anew
    monkeypatch.setattr(extract, "_grammars", {})
    assert _report(rules) == fresh


def test_a_damaged_or_refused_program_is_compiled_from_its_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grammar = extract.grammar(load_rules().notations["stellenschaffung"])
    kept = keep._program(grammar.share)
    assert kept is not None
    text, flags, program, check, *rest = kept
    given: list[bytes] = []  # the programs the engine was handed
    engine = _sre.compile

    def spy(*args: Any) -> object:
        given.append(array("I", args[2]).tobytes())
        return engine(*args)

    monkeypatch.setattr(_sre, "compile", spy)
    restored = keep._pattern(text, flags, program, check, *rest)
    assert given == [program]
    # a damaged program (its checksum tells) never reaches the engine
    flipped = program[:40] + bytes([program[40] ^ 1]) + program[41:]
    damaged = keep._pattern(text, flags, flipped, check, *rest)
    assert flipped not in given
    # one the engine refuses (another Python's) is compiled from the text too
    invalid = b"\xff\xff\xff\x7f" * 8
    summed = zlib.crc32(invalid, zlib.crc32(text.encode()))
    refused = keep._pattern(text, flags, invalid, summed, *rest)
    sample = "Es werden 2 x 0,5 Stellen und eine halbe Stelle (50 %) beantragt."
    assert grammar.share.search(sample)
    for pattern in (restored, damaged, refused):
        assert pattern.pattern == grammar.share.pattern
        assert [m.groupdict() for m in pattern.finditer(sample)] == [
            m.groupdict() for m in grammar.share.finditer(sample)
        ]


def test_a_module_s_kept_patterns_are_its_patterns(cache: Path) -> None:
    """The extraction's own patterns (keep.Kept): compiled and kept on the first start,
    handed to the engine as programs on the next; each the same pattern as compiled,
    and a program kept for another text is not used."""
    texts = [(p.pattern, p.flags) for p in vars(extract).values() if isinstance(p, re.Pattern)]
    texts.append((r"\b(?P<zahl>\d+)\s*%", re.IGNORECASE))
    first = keep.Kept("tests.module")
    compiled = [first.compile(text, flags) for text, flags in texts]
    first.done()
    (kept,) = (cache.parent / keep.Kept.FOLDER).glob("*.pickle")
    given: list[str] = []
    engine = _sre.compile

    def spy(*args: Any) -> object:
        given.append(args[0])
        return engine(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_sre, "compile", spy)
        again = keep.Kept("tests.module")
        restored = [again.compile(text, flags) for text, flags in texts]
        again.done()
    assert given == [text for text, _ in texts]  # every one from its program
    sample = "Am 25. März 2021 beschloss der Gemeinderat 50 % (GRDrs. 234/2021)."
    for one, other in zip(compiled, restored, strict=True):
        assert (other.pattern, other.flags, other.groupindex) == (
            one.pattern,
            one.flags,
            one.groupindex,
        )
        spans = [m.span() for m in one.finditer(sample)]
        assert [m.span() for m in other.finditer(sample)] == spans
    # a file whose program for a text is another text's: that text is compiled
    programs = pickle.loads(kept.read_bytes())
    key = (texts[-1][0], texts[-1][1])
    programs[key] = programs[(texts[0][0], texts[0][1])]
    kept.write_bytes(pickle.dumps(programs))
    swapped = keep.Kept("tests.module").compile(*key)
    assert swapped.pattern == key[0] and swapped.search(sample).group("zahl") == "50"  # type: ignore[union-attr]


KEPT_AT_START = """
import re
import antragscheck.extract as extract
compiled = {key[1] for key in re._cache}  # what re.compile compiled in this process
compiled.discard(r"\\s+")  # (notations.py compiles that one too)
print(sum(1 for p in vars(extract).values() if isinstance(p, re.Pattern) and p.pattern in compiled))
"""


def test_a_second_start_compiles_none_of_the_extraction_s_patterns(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("ANTRAGSCHECK_RULE_CACHE", None)
    compiled = [
        subprocess.run(
            [sys.executable, "-c", KEPT_AT_START],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        ).stdout.strip()
        for _ in range(2)
    ]
    assert int(compiled[0]) > 20 and compiled[1] == "0", compiled
