"""How antragscheck names a file to the user, in reports, baselines and caches."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from antragscheck.safetext import decoded_name

# The files antragscheck reads as Word documents (documents, macro documents, templates).
WORD_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".dotm"})


def display_path(path: Path) -> str:
    """The path as reports and baselines name it: relative to the working folder when
    below it, with forward slashes, so a baseline works on Windows and Linux alike.
    Bytes of a name that are not UTF-8 are written as \\xNN."""
    return decoded_name(_relative(path))


def _relative(path: Path) -> str:
    if not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()  # already relative to the working folder
    cwd = os.getcwd()
    if ".." not in path.parts:
        # What relpath would give, without its work (an audit of an absolute folder
        # asks for every file): the rest below the working folder, or the path as it
        # is when it does not start with the working folder at all.
        text, folded, base = str(path), os.path.normcase(str(path)), os.path.normcase(cwd)
        if not folded.startswith(base):
            return path.as_posix()
        if folded[len(base) : len(base) + 1] == os.sep:
            return PurePath(text[len(base) + 1 :]).as_posix()
    try:
        relative = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if relative.startswith(".."):
        return path.as_posix()
    return PurePath(relative).as_posix()
