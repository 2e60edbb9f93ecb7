"""Find the requests below the given folders."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from antragscheck.paths import WORD_SUFFIXES
from antragscheck.read import is_lock_file
from antragscheck.settings import Resolver

# Why a file was passed over, as the summary names it.
LOCK_FILE = "Sperrdateien von Word (~$…)"
NOT_WORD = "keine Word-Dateien"
EXCLUDED = "ausgeschlossen (exclude)"
UNREADABLE_FOLDER = "Ordner ohne Leserechte (Inhalt nicht geprüft)"


def discover(folders: Sequence[Path], resolver: Resolver) -> tuple[list[Path], Counter[str]]:
    """Every Word file below `folders` (recursively, hidden folders left out), sorted by
    path, and how many other files were skipped for which reason."""
    found: set[Path] = set()
    skipped: Counter[str] = Counter()
    for folder in folders:
        candidates = [folder] if folder.is_file() else _walk(folder, skipped)
        for path in candidates:
            if is_lock_file(path):
                skipped[LOCK_FILE] += 1
            elif path.suffix.lower() not in WORD_SUFFIXES:
                skipped[NOT_WORD] += 1
            elif resolver.for_path(path).config.excluded(path):
                skipped[EXCLUDED] += 1
            else:
                found.add(path)
    return sorted(found, key=lambda p: p.as_posix()), skipped


def _walk(folder: Path, skipped: Counter[str]) -> list[Path]:
    """The files below `folder`; folders that cannot be listed are counted in `skipped`.
    Symbolic links to folders are not followed (no loops); links to files are listed
    and the reader says what is wrong with them."""
    files: list[Path] = []

    def unreadable(error: OSError) -> None:
        skipped[UNREADABLE_FOLDER] += 1

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root) / name for name in sorted(names) if not name.startswith("."))
    return files
