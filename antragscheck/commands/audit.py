"""`antragscheck audit FOLDER…`: every request below the folders, in parallel, with an
overview per organisational unit and exports for Excel, CSV, JSON and the browser."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from antragscheck.audit import pool
from antragscheck.audit.early import AUDIT as AUDIT_WORK
from antragscheck.audit.pool import COMPLETE, INTERNAL, Task, Work
from antragscheck.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, refuse_existing
from antragscheck.paths import display_path

if TYPE_CHECKING:
    # The audit's own modules are imported once its workers are starting (see audit).
    from antragscheck.audit.cache import Cache
    from antragscheck.audit.store import Outcome
    from antragscheck.models import Audit, AuditRecord, Finding
    from antragscheck.report import Legend
    from antragscheck.report.audit import Overview
    from antragscheck.settings import Resolver

# What the workers do with each file (see audit/worker.py).
AUDIT: Work[Outcome] = Work(*AUDIT_WORK)


@dataclass(frozen=True)
class Exports:
    xlsx: Path | None = None
    csv: Path | None = None
    json: Path | None = None
    html: Path | None = None
    force: bool = False

    def targets(self) -> list[Path]:
        return [p for p in (self.xlsx, self.csv, self.json, self.html) if p is not None]


# A worker is a new interpreter that imports the pipeline: about a tenth of a second of
# CPU before it checks its first file, while one request takes under a millisecond.
# Without --jobs, there is one process per so many files to check (at most one per
# core), so that the default is never slower than one process.  Measured on 2 cores
# (2026-11-27, this process checking beside one worker, 7 interleaved runs, load ~1):
# --jobs 2 against --jobs 1 took 100 files 0.23 / 0.22 s, 200 files 0.29 / 0.31 s
# (0.29 / 0.31 with a fresh cache), 300 files 0.32 / 0.37 s, 500 files 0.38 / 0.51 s;
# the two break even at ~150 files: two processes from 200 files.
FILES_PER_WORKER = 100


def jobs_for(files: int, jobs: int | None) -> int:
    """How many processes audit `files` files (see pool.jobs_for)."""
    return pool.jobs_for(files, jobs, FILES_PER_WORKER)


def _progress(total: int) -> Any:
    """A progress bar on a terminal (files, rate, time left); nothing when piped."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal or total == 0:
        return None

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from antragscheck import german

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{german.number(speed)} Dateien/s" if speed else "– Dateien/s")

    return Progress(
        TextColumn("Prüfe"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TextColumn("noch"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _open_cache(folder: Path | None) -> Cache | None:
    from antragscheck.audit.cache import Cache, CacheUnusable  # sqlite3 only with a cache
    from antragscheck.usercache import default_cache_dir

    folder = folder or default_cache_dir()
    try:
        return Cache(folder)
    except CacheUnusable as error:
        print(
            f"Warnung: Der Cache-Ordner {display_path(folder)} ist nicht nutzbar ({error}); "
            "die Prüfung läuft ohne Cache.",
            file=sys.stderr,
        )
        return None


def _hash(cache: Cache | None, path: Path) -> str:
    """The content hash for the cache; "" (no caching) for a file that cannot be read:
    its worker reports why."""
    if cache is None:
        return ""
    from antragscheck.read.package import UnreadableDocument

    try:
        return cache.file_hash(path)
    except (OSError, UnreadableDocument):
        return ""


def audit(
    folders: Sequence[Path],
    resolver: Resolver,
    *,
    jobs: int | None,
    timeout: float,
    cache_dir: Path | None,
    use_cache: bool,
    exit_zero: bool,
    exports: Exports,
) -> int:
    for folder in folders:
        if not folder.exists():
            raise UsageError(f"Den Ordner {folder} gibt es nicht. Bitte den Pfad prüfen.")
    refuse_existing(*exports.targets(), force=exports.force)
    started = time.monotonic()
    # With --jobs and without a cache every file needs a worker: start them now, so that
    # their start-up overlaps with finding the files. Otherwise only once it is known
    # how many files are to be checked (not in the cache), and that they pay for it.
    # The workers are started before this process imports the pipeline (worker.py); from
    # the launcher, before it even imports the command line (audit/early.py): the Pool
    # takes those over.
    early = jobs is not None and jobs > 1 and not use_cache
    with contextlib.ExitStack() as running:  # the workers end with the audit (Pool.__exit__)
        workers = (
            running.enter_context(pool.Pool(resolver, jobs, AUDIT))
            if early and jobs is not None
            else None
        )
        # Imported while the workers start, not before; the report too (rich's
        # tables): what this process does while others check costs the audit half its
        # time, what it does after the last result costs it all.
        from antragscheck.audit.crosscheck import crosscheck
        from antragscheck.audit.store import RecordStore
        from antragscheck.audit.walk import discover
        from antragscheck.models import Audit, FileResult
        from antragscheck.report import Legend, text_console
        from antragscheck.report import audit as audit_report
        from antragscheck.safetext import terminal

        files, skipped = discover(folders, resolver)
        cache = _open_cache(cache_dir) if use_cache else None
        if cache is not None:
            running.callback(cache.close)
        records = RecordStore(len(files))
        fails = [False] * len(files)  # whether each file fails --fail-on, judged as it arrives

        def keep(index: int, record: AuditRecord) -> None:
            # What depends on the path (per-file-ignores) is applied here, after the cache:
            # the cache holds what follows from the content and the rules alone.
            settings = resolver.for_path(files[index])
            result = record.result
            accepted = settings.accept(files[index], result)
            if accepted is not result:
                record = dataclasses.replace(record, findings=accepted.findings)
            records.put(index, record)
            fails[index] = settings.fails(accepted)

        # Whether the cross-file findings a record gained fail --fail-on, by the findings'
        # identity: the members of a group share theirs, and they are kept (in the
        # store) as long as this is.
        verdicts: dict[tuple[int, ...], bool] = {}

        def accept_more(index: int, findings: list[Finding]) -> list[Finding]:
            # the per-file-ignores for the cross-file findings of a kept record; `only`:
            # the settings of every file, when one configuration governs them all
            if only is not None and not only.config.per_file_ignores:  # none to apply
                if not fails[index]:
                    key = tuple(map(id, findings))
                    verdict = verdicts.get(key)
                    if verdict is None:
                        result = FileResult(path="", document_type=None, findings=findings)
                        verdict = verdicts[key] = only.fails(result)
                    fails[index] = verdict
                return findings
            settings = only if only is not None else resolver.for_path(files[index])
            more = settings.accept(
                files[index], FileResult(path="", document_type=None, findings=findings)
            )
            fails[index] = fails[index] or settings.fails(more)
            return more.findings

        tasks: list[Task] = []
        pending: list[tuple[int, str, str]] = []  # (file index, content hash, rules digest)
        internal: list[str] = []  # files whose check failed inside antragscheck
        for index, path in enumerate(files):
            display = display_path(path)
            sha = _hash(cache, path)
            # the rules' digest keys the cache (the settings are known: discover)
            digest = resolver.for_path(path).digest if cache and sha else ""
            hit = cache.get(sha, digest, display) if cache and sha else None
            if hit is not None:
                keep(index, hit)
                continue
            tasks.append(Task(path, display, timeout))
            pending.append((index, sha, digest))
            if workers is None and jobs is not None and jobs > 1 and len(tasks) == 2:
                workers = running.enter_context(pool.Pool(resolver, jobs, AUDIT))
        if workers is None and jobs_for(len(tasks), jobs) > 1:
            workers = running.enter_context(pool.Pool(resolver, jobs_for(len(tasks), jobs), AUDIT))

        progress = _progress(len(tasks))
        with progress if progress is not None else contextlib.nullcontext():
            bar = progress.add_task("audit", total=len(tasks)) if progress else None

            def on_result(task_index: int, outcome: Outcome) -> None:
                # the worker made the record's JSON and applied the path's settings
                index, sha, digest = pending[task_index]
                records.put_json(index, outcome.kept, outcome.facts, outcome.tally)
                fails[index] = outcome.fails
                if outcome.status == INTERNAL:
                    internal.append(outcome.facts.path)
                if cache is not None and outcome.status == COMPLETE and sha:
                    cache.put(sha, digest, outcome.data)
                if progress is not None:
                    progress.advance(bar)

            if workers is not None and len(tasks) > 1:
                workers.run(tasks, on_result)
            else:
                pool.run_here(tasks, resolver, on_result, AUDIT)

        # No collections after the last result: they would walk the tens of thousands of
        # objects the audit made (~1 ms at 1,000 requests), which live to its end anyway;
        # what the rest makes is kept or freed at once.  On again when the audit ends.
        if gc.isenabled():
            gc.disable()
            running.callback(gc.enable)
        # The workers leave meanwhile (Pool.run told them). Per-file-ignores apply to
        # cross-file findings too.
        only = resolver.only()  # every file was looked up (discover)
        crosscheck(records, resolver.rules(), resolver.document_types(), accept_more)
        result = Audit(
            records=records,
            skipped=dict(skipped),
            cached=cache.hits if cache else 0,
            seconds=time.monotonic() - started,
            folders=[display_path(folder) for folder in folders],
            when=dt.datetime.now().strftime("%d.%m.%Y %H:%M"),
            version=_version(resolver, folders),
        )
        legend = Legend(resolver.document_types(), resolver.rules())
        view = audit_report.overview(result, legend)
        _write_exports(result, legend, exports, view)
        audit_report.render(result, text_console(), legend, exports.targets(), view)
        for hint in resolver.hints():
            print(hint, file=sys.stderr)
        if internal:
            names = ", ".join(terminal(path) for path in internal)
            print(
                f"antragscheck: Interner Fehler beim Prüfen von {names}. Die übrigen Dateien sind "
                "geprüft; bitte den Fehler mit dieser Datei melden.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if exit_zero:
            return EXIT_OK
        return EXIT_FINDINGS if any(fails) else EXIT_OK


def _version(resolver: Resolver, folders: Sequence[Path]) -> str:
    """antragscheck's version and the rules' fingerprint (rule files, configuration)."""
    from antragscheck import __version__

    digest = resolver.for_path(folders[0]).digest if folders else ""
    return f"antragscheck {__version__}, Regeln {digest[:12]}" if digest else __version__


def _write_exports(result: Audit, legend: Legend, exports: Exports, view: Overview) -> None:
    if not exports.targets():
        return
    from antragscheck.atomic import new_file, write_new_file

    if exports.json is not None:
        from antragscheck.report import json as json_report

        with new_file(exports.json, force=exports.force) as handle:
            json_report.stream((r.result for r in result.records), handle)
    if exports.csv is not None:
        from antragscheck.report import csv as csv_report

        csv_report.write(result, legend, exports.csv, force=exports.force)
    if exports.html is not None:
        from antragscheck.report import html as html_report

        html = html_report.render(result, legend, view)
        write_new_file(exports.html, html, force=exports.force)
    if exports.xlsx is not None:
        from antragscheck.report import xlsx as xlsx_report

        xlsx_report.write(result, legend, exports.xlsx, view, force=exports.force)
