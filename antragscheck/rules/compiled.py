"""Rule sets compiled once: a loaded and validated `RuleSet` kept in the user's cache
folder, keyed by the rule files' contents and the program that loaded them.

Loading rule files means parsing YAML and validating it with pydantic, which costs a
one-file `check` more than checking the file (issue #14).  The rule files change
rarely, so the validated set is pickled the first time and read back afterwards; a
changed rule file, another antragscheck version or changed program code gives another
key.  Only rule sets that loaded without error are kept, so every error message comes
from the files themselves.  A cache that cannot be read or written only costs time.
The folder is the user's own (like the audit's cache); set ANTRAGSCHECK_RULE_CACHE=0
to load the files every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from antragscheck import __version__
from antragscheck.usercache import default_cache_dir

T = TypeVar("T")

FOLDER = "rules"
KEEP = 32  # compiled rule sets kept; the oldest go
_PACKAGE = Path(__file__).resolve().parent.parent


def _code_stamp() -> bytes:
    """The program's own modules (name, size, modification time): code that changes
    without a new version number (a development checkout) gives a new key."""
    stamp = []
    for folder in (_PACKAGE, _PACKAGE / "rules", _PACKAGE / "rules" / "checks"):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    stat = entry.stat()
                    stamp.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return "".join(stamp).encode("utf-8", "surrogateescape")


def key(files: Sequence[Path], max_bytes: int) -> str | None:
    """The cache key of a rule set loaded from `files`; None when a file is not a plain,
    readable file of at most `max_bytes` (the loader says what is wrong with it)."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    try:
        digest.update(_code_stamp())
        for path in files:
            if not path.is_file() or path.stat().st_size > max_bytes:
                return None
            digest.update(f"{path.resolve()}\0".encode("utf-8", "surrogateescape"))
            digest.update(path.read_bytes())
            digest.update(b"\0")
    except (OSError, ValueError):
        return None
    return digest.hexdigest()[:40]


def enabled() -> bool:
    return os.environ.get("ANTRAGSCHECK_RULE_CACHE", "1") != "0"


def cached(files: Sequence[Path], kind: type[T], build: Callable[[], T], max_bytes: int) -> T:
    """The rule set of `files` from the cache, or `build()` (then kept for next time)."""
    name = key(files, max_bytes) if enabled() else None
    if name is None:
        return build()
    folder = default_cache_dir() / FOLDER
    path = folder / f"{name}.pickle"
    with contextlib.suppress(Exception):  # missing, damaged or foreign: build anew
        loaded = pickle.loads(path.read_bytes())
        if isinstance(loaded, kind):
            return loaded
    built = build()
    with contextlib.suppress(Exception):  # a cache that cannot be written costs time only
        _store(folder, path, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    return built


def _store(folder: Path, path: Path, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in kept[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
