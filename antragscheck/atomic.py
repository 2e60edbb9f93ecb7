"""Every file antragscheck writes is written the same way: to a temporary file beside the
target, renamed over it only when complete (an atomic replace, on Windows too), never
over an existing file unless asked, and nothing left behind when writing fails."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replacing(path: Path, *, force: bool = False) -> Iterator[Path]:
    """A temporary path beside `path` to write to; it becomes `path` when the block
    ends.  An existing `path` raises FileExistsError unless `force`; missing folders
    are created.  Whatever writes the temporary file must have closed it by then."""
    if path.exists() and not force:
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~tmp-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def new_file(path: Path, *, force: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text handle whose content becomes `path`; see `replacing`."""
    with replacing(path, force=force) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        yield out


def write_new_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path`; see `replacing`."""
    with new_file(path, force=force) as handle:
        handle.write(text)
