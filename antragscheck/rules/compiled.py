"""Rule sets compiled once: a loaded and validated `RuleSet` kept in the user's cache
folder (antragscheck/keep.py), keyed by the rule files' contents and the program that
loaded them.

Loading rule files means parsing YAML and validating it with pydantic, which costs a
one-file `check` more than checking the file (issue #14).  The rule files change
rarely, so the validated set is pickled the first time and read back afterwards; a
changed rule file, another antragscheck version or changed program code gives another
key.  Only rule sets that loaded without error are kept, so every error message comes
from the files themselves.  Set ANTRAGSCHECK_RULE_CACHE=0 to load the files every time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from antragscheck import keep

T = TypeVar("T")

FOLDER = "rules"


def key(files: Sequence[Path], max_bytes: int) -> str | None:
    """The cache key of a rule set loaded from `files`; None when a file is not a plain,
    readable file of at most `max_bytes` (the loader says what is wrong with it)."""
    try:
        digest = keep.program_key()
        for path in files:
            if not path.is_file() or path.stat().st_size > max_bytes:
                return None
            digest.update(f"{path.resolve()}\0".encode("utf-8", "surrogateescape"))
            digest.update(path.read_bytes())
            digest.update(b"\0")
    except (OSError, ValueError):
        return None
    return digest.hexdigest()[:40]


def cached(files: Sequence[Path], kind: type[T], build: Callable[[], T], max_bytes: int) -> T:
    """The rule set of `files` from the cache, or `build()` (then kept for next time)."""
    name = key(files, max_bytes) if keep.enabled() else None
    return build() if name is None else keep.by_key(FOLDER, name, kind, build)
