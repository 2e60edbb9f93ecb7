"""A per-file time bound that works on every platform (no signals, no fork).

The stages call `check()` at safe points (every few hundred paragraphs, between
stages); past the deadline it raises `UnreadableDocument` with cause "timeout".
"""

from __future__ import annotations

import time

from antragscheck import german
from antragscheck.read.package import UnreadableDocument

DEFAULT_SECONDS = 60.0


def timeout_message(seconds: float) -> str:
    """What a clerk reads about a file whose check ran out of time, whether the check
    stopped itself or the audit had to stop its worker."""
    return (
        f"Die Prüfung dauerte länger als {german.seconds(seconds)} und wurde abgebrochen. "
        "Ist das Dokument ungewöhnlich groß? Bitte prüfen, ob es sich in Word normal öffnen "
        "lässt, oder die Zeitgrenze mit --timeout erhöhen."
    )


class Deadline:
    def __init__(self, seconds: float | None = DEFAULT_SECONDS) -> None:
        self.seconds = seconds
        self._end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self._end is not None and time.monotonic() > self._end:
            raise UnreadableDocument("timeout", timeout_message(self.seconds or 0))


NO_DEADLINE = Deadline(None)
