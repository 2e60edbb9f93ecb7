"""One module per command; each is a plain function that returns the exit code.

cli.py only declares the options and calls these.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the call (a missing file, a folder for `check`): exit code 2."""


def exists_message(path: Path | str) -> str:
    return f"{path} gibt es schon. Mit --force überschreiben oder einen anderen Namen wählen."


def refuse_existing(*targets: Path | None, force: bool) -> None:
    """Every writing command checks its targets here before it starts working: an
    existing file is not overwritten without --force (exit code 2).  A file that
    appears meanwhile makes the atomic write raise FileExistsError, which cli.py turns
    into the same message."""
    for target in targets:
        if target is not None and target.exists() and not force:
            raise UsageError(exists_message(target))
