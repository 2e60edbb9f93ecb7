"""Every file antragscheck writes is written the same way: to a temporary file beside the
target, renamed over it only when complete (an atomic replace, on Windows too), never
over an existing file unless asked, and nothing left behind when writing fails.

The temporary file is created with the user's umask, like any program's file (not
mkstemp's 0600), and a file replaced with --force keeps its mode.  A temporary file a
killed run left behind (".~tmp-antragscheck-…") is removed by the next write to the
same folder once it is an hour old.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from antragscheck import german
from antragscheck.commands import UsageError

TEMP_PREFIX = ".~tmp-antragscheck-"
STALE_SECONDS = 3600.0


class CannotWrite(UsageError):
    """The output folder cannot be written to (exit code 2, German message)."""


@contextmanager
def replacing(path: Path, *, force: bool = False) -> Iterator[Path]:
    """A temporary path beside `path` to write to; it becomes `path` when the block
    ends.  An existing `path` raises FileExistsError unless `force`; missing folders
    are created; a folder that cannot be written raises CannotWrite.  Whatever writes
    the temporary file must have closed it by then."""
    if path.exists() and not force:
        raise FileExistsError(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(path.parent)
        tmp = _create(path)
    except OSError as error:
        raise CannotWrite(
            f"{path} kann nicht geschrieben werden: der Ordner {path.parent} ist nicht "
            f"beschreibbar ({german.os_error(error)}). Bitte einen anderen Ort wählen, etwa "
            "mit -o."
        ) from None
    try:
        if force:
            with contextlib.suppress(OSError):  # keep the mode of the file replaced
                os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _create(path: Path) -> Path:
    """A new, empty file beside `path`, created as the user's umask says."""
    import secrets  # here: most runs write no file

    for _ in range(100):
        tmp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}{path.suffix}")
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
            )
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise OSError(f"no free temporary name beside {path}")  # pragma: no cover


def _remove_stale(folder: Path) -> None:
    """Temporary files of ours that a killed run left behind, an hour old or more."""
    cutoff = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(TEMP_PREFIX):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)


@contextmanager
def new_file(path: Path, *, force: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text handle whose content becomes `path`; see `replacing`."""
    with replacing(path, force=force) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        yield out


def write_new_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path`; see `replacing`."""
    with new_file(path, force=force) as handle:
        handle.write(text)
