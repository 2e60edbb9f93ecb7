"""Start-up of a one-file check (issue #14): with the rule set in the user's cache, a
check imports only what it uses (no pydantic, no YAML parser, …) and reports exactly
what a check that reads the rule files reports.  A changed rule file is read and
validated again, with its German message when it is wrong.

The imports are read from `python -X importtime` of a real `antragscheck check`; no
timing is asserted (benchmarks/speed_aims.py measures the time)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "stellenschaffung_smart_city_2022.docx"

# Not needed to check one file with a cached rule set, and each costs start-up time:
# validation and YAML (rule files), python-docx (only `vorlage` and `annotate` write
# Word), the XLSX writer and SQLite (audit, council index), package metadata, and the
# worker pool's multiprocessing (one file is checked in the process), difflib (only
# for a mistyped command's suggestion), and hashlib, which loads OpenSSL (the cache keys
# are hashed with Python's own SHA-256: keep.sha256).
NOT_ON_THE_CHECK_PATH = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "docx",
    "xlsxwriter",
    "sqlite3",
    "importlib.metadata",
    "multiprocessing",
    "difflib",
    "hashlib",
    "_hashlib",
)
# ... and per output format: the terminal table needs rich, JSON does not; a narrow
# terminal or a pipe (80 columns: findings stacked, not in a table) needs no rich.table,
# and only it wraps the messages itself (textwrap).
NOT_FOR = {"table": ("textwrap",), "narrow": ("rich.table",), "json": ("rich", "textwrap")}


def _environment(home: Path, columns: int = 100) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ANTRAGSCHECK_RULE_CACHE", None)
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        LOCALAPPDATA=str(home / "cache"),
        PYTHONIOENCODING="utf-8",
        COLUMNS=str(columns),
    )
    return env


def _check(home: Path, *args: str, columns: int = 100) -> tuple[int, str, str, set[str]]:
    """Exit code, output, messages and the modules imported of one `antragscheck`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "antragscheck", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_environment(home, columns),
        cwd=home,
        timeout=120,
    )
    modules = set()
    messages = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:"):
            modules.add(line.rsplit("|", 1)[-1].strip())
        else:
            messages.append(line)
    return done.returncode, done.stdout, "\n".join(messages), modules


@pytest.mark.parametrize("output", ["table", "narrow", "json"])
def test_a_warm_check_imports_only_what_it_uses(tmp_path: Path, output: str) -> None:
    # the table as a clerk calls it (`antragscheck antrag.docx`), JSON with the command
    args = [str(SAMPLE)] if output != "json" else ["check", "--format", output, str(SAMPLE)]
    columns = 80 if output == "narrow" else 100
    cold_code, cold, _, cold_modules = _check(tmp_path, *args, columns=columns)
    # the first run reads and validates the rule files (and keeps the set)
    assert "pydantic" in cold_modules and "yaml" in cold_modules
    code, warm, _, modules = _check(tmp_path, *args, columns=columns)
    assert (code, warm) == (cold_code, cold)
    assert ("┃" in warm) is (output == "table")  # the table's header, or none
    assert "antragscheck.rules.checks" in modules  # the imports were seen
    for name in NOT_ON_THE_CHECK_PATH + NOT_FOR[output]:
        assert not any(m == name or m.startswith(name + ".") for m in modules), name


RULE = """\
rules:
  - id: Z901
    name: eigene-reihenfolge
    severity: info
    summary: Eigene Regel.
    explanation: Eine Regel des Haushaltsamts.
    no_examples: nur für diesen Test
    check: {type: section-order}
    message: "Der Abschnitt „{section}“ steht nach „{after}“."
"""


def test_a_changed_rule_file_is_validated_again(tmp_path: Path) -> None:
    own = tmp_path / "eigene.yaml"
    own.write_text(RULE, encoding="utf-8")
    args = ["check", "--rules", str(own), str(SAMPLE)]
    code, _, messages, _ = _check(tmp_path, *args)
    assert code in (0, 1), messages  # loaded, and kept in the cache
    assert "pydantic" not in _check(tmp_path, *args)[3]
    own.write_text(
        RULE.replace("    severity: info\n", "    severity: info\n    colour: red\n"),
        encoding="utf-8",
    )
    code, _, messages, _ = _check(tmp_path, *args)
    assert code == 2
    assert f"{own}, Zeile 5, Regel Z901: Feld colour: unbekannter Schlüssel" in messages
    assert "Tippfehler" in messages


def test_the_collector_is_off_while_starting_and_on_while_working(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Start-up's objects live as long as the process: collecting them is wasted time
    # (antragscheck/__main__.py). The command itself runs with the collector on, so that
    # a long audit or the web server frees its cyclic garbage.
    from antragscheck.__main__ import run

    seen = []

    def check(*args: object, **kwargs: object) -> int:
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return 0

    monkeypatch.setattr("antragscheck.commands.check.check", check)
    monkeypatch.setattr(sys, "argv", ["antragscheck", str(SAMPLE)])
    try:
        with pytest.raises(SystemExit) as ended:
            run()
    finally:
        gc.unfreeze()
        gc.enable()
    assert ended.value.code == 0
    assert seen == [(True, True)]  # on, with start-up's objects out of its way


SIGNATURES = """
import inspect
calls = []
signature = inspect.signature
inspect.signature = lambda obj, *args, **kw: calls.append(obj) or signature(obj, *args, **kw)
import antragscheck.audit.worker, antragscheck.commands.check, antragscheck.settings
print(*calls)
"""


def test_no_class_on_the_check_path_needs_its_signature_worked_out() -> None:
    """A dataclass (or record) declared without a docstring gets one built from
    inspect.signature when its module is imported: ~0.1 ms each, over 1 ms for the
    first, in every start and every pool worker. The classes a check and a worker
    import all have their own."""
    done = subprocess.run(
        [sys.executable, "-c", SIGNATURES], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
