"""`antragscheck ris sync [URL]` and `antragscheck ris show REFERENZ`.

The sync is the only part of antragscheck that goes online; it needs the `ris` extra
(httpx).  `show` and the checks read the local index only.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from antragscheck.commands import EXIT_FINDINGS, EXIT_OK, UsageError
from antragscheck.config import CONFIG_FILE, Config, config_at, find_config
from antragscheck.ris.records import CouncilPaper
from antragscheck.ris.store import Index, UnusableIndex, default_index_path
from antragscheck.safetext import terminal

EXIT_INTERRUPTED = 130


def _config(path: Path | None) -> Config:
    return config_at(path if path is not None else find_config(Path.cwd() / CONFIG_FILE))


def index_path(option: Path | None, config: Config) -> Path:
    """--index, else the configuration's, else the user's cache folder."""
    return option or config.ris_index() or default_index_path()


def clean(text: str) -> str:
    """A server's text on one line, safe for a terminal (control and direction
    characters shown escaped, never sent raw)."""
    return " ".join(terminal(text).split())


def number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def counted(value: int, one: str, many: str) -> str:
    return f"{number(value)} {one if value == 1 else many}"


def seconds(value: float) -> str:
    if value < 60:
        return f"{value:.1f} s".replace(".", ",")
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest} s"


# -- sync ------------------------------------------------------------------------------


def run_sync(
    url: str | None, index_option: Path | None, config_path: Path | None, max_time: float
) -> int:
    config = _config(config_path)
    url = url or config.ris.url
    if not url:
        raise UsageError(
            "Welche OParl-Schnittstelle? Bitte die URL angeben (antragscheck ris sync URL) "
            "oder in der Konfiguration unter [ris] url eintragen."
        )
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"{url} ist keine http(s)-Adresse einer OParl-Schnittstelle.")
    try:
        from antragscheck.ris.client import Fetcher, Limits
        from antragscheck.ris.sync import sync
    except ImportError:
        raise UsageError(
            "Für den Abgleich mit dem Ratsinformationssystem fehlt das Paket httpx. "
            'Bitte installieren: pip install "antragscheck[ris]"'
        ) from None
    path = index_path(index_option, config)
    try:
        index = Index.create(path)
    except UnusableIndex as error:
        raise UsageError(str(error)) from None
    try:
        with _progress() as progress, Fetcher(Limits(deadline=max_time)) as fetcher:
            outcome = sync(url, index, fetcher, progress)
    except UnusableIndex as error:
        raise UsageError(str(error)) from None
    except KeyboardInterrupt:
        print(
            "Abgebrochen. Was bis dahin geholt war, ist im Index gespeichert; der nächste "
            "Aufruf setzt dort fort.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        index.close()
    print(
        f"Abgleich mit {clean(outcome.body) or url}: "
        f"{counted(outcome.papers, 'Drucksache', 'Drucksachen')} und "
        f"{counted(outcome.meetings, 'Sitzung', 'Sitzungen')} im Index "
        f"(neu oder geändert: {number(outcome.changed_papers)} und "
        f"{number(outcome.changed_meetings)}; gelöscht: {number(outcome.deleted)}), "
        f"{counted(outcome.requests, 'Abruf', 'Abrufe')} in {seconds(outcome.seconds)}."
    )
    if outcome.skipped:
        print(
            f"{counted(outcome.skipped, 'Objekt war', 'Objekte waren')} kein gültiges OParl "
            "und wurden übersprungen."
        )
    print(f"Index: {path}")
    if outcome.complete:
        return EXIT_OK
    for problem in outcome.problems:
        print(f"Abgleich unvollständig: {clean(problem)}", file=sys.stderr)
    print(
        "Das bisher Geholte ist gespeichert; der nächste Aufruf setzt dort fort.",
        file=sys.stderr,
    )
    return EXIT_FINDINGS


class _Bar:
    """A rich progress bar on a terminal, one line per list."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress
        self._task: Any = None

    def start(self, label: str, total: int | None) -> None:
        if self._task is not None:
            self._progress.update(self._task, total=self._progress.tasks[-1].completed)
        self._task = self._progress.add_task(label, total=total)

    def advance(self, count: int) -> None:
        self._progress.advance(self._task, count)


@contextmanager
def _progress() -> Iterator[Any]:
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
        yield _Bar(progress)


# -- show ------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "ohne Datum"


def describe(paper: CouncilPaper) -> list[str]:
    """The lines `ris show` prints for one paper."""
    lines = [f"{clean(paper.reference)}: {clean(paper.name) or '(ohne Titel)'}"]
    facts = [f"Datum {_date(paper.date)}"]
    if paper.paper_type:
        facts.append(f"Art {clean(paper.paper_type)}")
    lines.append("  " + ", ".join(facts))
    if not paper.consultations:
        lines.append("  Keine Beratungen bekannt.")
    else:
        lines.append("  Beratungen:")
    for consultation in paper.consultations:
        body = ", ".join(clean(b) for b in consultation.bodies) or clean(consultation.meeting)
        result = clean(consultation.result) or "ohne Ergebnis"
        if consultation.cancelled:
            result = "Sitzung abgesagt"
        role = f" ({clean(consultation.role)})" if consultation.role else ""
        lines.append(f"    {_date(consultation.date)}  {body or '?'}{role}: {result}")
    if paper.web:
        lines.append(f"  {clean(paper.web)}")
    return lines


def run_show(reference: str, index_option: Path | None, config_path: Path | None) -> int:
    config = _config(config_path)
    path = index_path(index_option, config)
    try:
        index = Index.open(path)
    except UnusableIndex as error:
        raise UsageError(
            f"{error} Zuerst abgleichen: antragscheck ris sync URL (--index {path})."
        ) from None
    try:
        papers = index.find(reference)
        synced = index.synced_at()
        body = index.meta("body_name") or ""
    finally:
        index.close()
    stand = f"Stand des Index: {synced:%d.%m.%Y}" if synced else "Index nie ganz abgeglichen"
    if not papers:
        print(f"{clean(reference)} ist nicht im Index ({clean(body)}; {stand}).")
        return EXIT_FINDINGS
    for paper in papers:
        print("\n".join(describe(paper)))
    print(f"({clean(body)}; {stand})")
    return EXIT_OK
