"""How antragscheck names a file to the user, in reports, baselines and caches."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from antragscheck.safetext import decoded_name


def display_path(path: Path) -> str:
    """The path as reports and baselines name it: relative to the working folder when
    below it, with forward slashes, so a baseline works on Windows and Linux alike.
    Bytes of a name that are not UTF-8 are written as \\xNN."""
    return decoded_name(_relative(path))


def _relative(path: Path) -> str:
    if not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()  # already relative to the working folder
    cwd = os.getcwd()
    text = str(path)
    if text.startswith(cwd) and text[len(cwd) : len(cwd) + 1] == os.sep and ".." not in path.parts:
        # below the working folder: what relpath gives, without its work (an audit of
        # an absolute folder asks for every file)
        return PurePath(text[len(cwd) + 1 :]).as_posix()
    try:
        relative = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if relative.startswith(".."):
        return path.as_posix()
    return PurePath(relative).as_posix()
