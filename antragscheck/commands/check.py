"""`antragscheck check FILES…` (also `antragscheck FILES…`).

Many files (a pre-commit hook hands one call hundreds) are checked by the audit's
worker pool (audit/pool.py) once they pay for its start-up; the report, the notes on
stderr and the exit code are the same as in one process.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from antragscheck.audit import pool
from antragscheck.audit.pool import Task, Work
from antragscheck.baseline import by_baseline, load_baseline
from antragscheck.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, refuse_existing
from antragscheck.models import FileResult, Report
from antragscheck.paths import display_path
from antragscheck.read import is_lock_file
from antragscheck.safetext import terminal
from antragscheck.settings import Resolver, Settings
from antragscheck.spec import ByFields, record

Note = Callable[[str], None]

# Without --jobs, one process per so many files to check, at most one per core: below,
# the files are checked in this process alone, as a worker's start-up would cost more
# than it saves. Measured (benchmarks/speed_aims.py --only check, loaded machine): the
# worker beside this process costs ~0.11 s CPU and a file ~0.8 ms, so it pays from
# ~130 files.
FILES_PER_WORKER = 75


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def usable_files(paths: Sequence[Path]) -> list[Path]:
    """The paths, or a UsageError naming the first that is not a file."""
    for path in paths:
        if path.is_dir():
            raise UsageError(
                f"{path} ist ein Ordner. `check` prüft einzelne Dateien; für ganze Ordner "
                f"gibt es `antragscheck audit {path}`."
            )
        if not path.exists():
            raise UsageError(f"Die Datei {path} gibt es nicht. Bitte den Pfad prüfen.")
    return list(paths)


@record(kw_only=False)
class Checked(ByFields):
    """A file checked: its settings and its result."""

    path: Path
    settings: Settings
    result: FileResult
    internal_error: bool = False  # the check failed inside antragscheck (exit code 2)


@record(kw_only=False)
class FileCheck(ByFields):
    """What came of checking one file, in whichever process checked it: the result
    with the path's per-file-ignores applied, and the kind of error when the check
    failed inside antragscheck (a bug: reported, exit code 2)."""

    result: FileResult
    error: str | None = None


def check_file(task: Task, resolver: Resolver) -> FileCheck:
    """Check one file with the settings that govern it (a pool's work, see CHECK)."""
    from antragscheck.pipeline import check_path

    settings = resolver.for_path(task.path)
    try:
        result = check_path(
            task.path,
            settings.ruleset,
            resolver.options.type_id,
            task.display,
            task.seconds,
            settings.council(),
        )
    except Exception as error:  # not the document's fault: exit code 2, not 1
        # Reported as the audit reports it: the unreadable-document finding, with the
        # file's per-file-ignores (the exit code says it was a bug all the same).
        kind = type(error).__name__
        message = f"Interner Fehler beim Prüfen ({kind}); die Datei ist nicht geprüft."
        return FileCheck(settings.unreadable(task.path, task.display, message), kind)
    return FileCheck(settings.accept(task.path, result))


def stopped_file(task: Task, message: str, resolver: Resolver) -> FileCheck:
    """A file whose worker was stopped at the time limit or died (`message` says
    which): unreadable, as the time limit of one process reports it."""
    return FileCheck(resolver.for_path(task.path).unreadable(task.path, task.display, message))


# What the workers do with each file.
CHECK: Work[FileCheck] = Work("antragscheck.commands.check", "check_file", "stopped_file")


def _internal_error_note(shown: str, kind: str) -> str:
    return (
        f"antragscheck: Interner Fehler beim Prüfen von {terminal(shown)} ({kind}). Die "
        "übrigen Dateien sind geprüft; bitte den Fehler mit dieser Datei melden."
    )


def _wanted(paths: Sequence[Path]) -> int:
    """How many of `paths` are not Word's lock files (known before any settings)."""
    return sum(1 for path in paths if not is_lock_file(path))


def collect(
    paths: Sequence[Path],
    resolver: Resolver,
    timeout: float | None,
    note: Note = _stderr,
    jobs: int | None = None,
) -> list[Checked]:
    """Check each file with the settings that govern it; lock files and excluded files
    are skipped with a note.  With `jobs` (--jobs; None: by the number of files) above
    one, in worker processes; the results and notes come in the order of `paths`
    either way."""
    # Started first, so that their start-up overlaps with reading the settings.
    wanted = _wanted(paths)
    count = min(pool.jobs_for(wanted, jobs, FILES_PER_WORKER), wanted)
    with contextlib.ExitStack() as running:  # the workers end with the check (Pool.__exit__)
        workers = running.enter_context(pool.Pool(resolver, count, CHECK)) if count > 1 else None
        return _collect(paths, resolver, timeout, note, workers)


def _collect(
    paths: Sequence[Path],
    resolver: Resolver,
    seconds: float | None,
    note: Note,
    workers: pool.Pool[FileCheck] | None,
) -> list[Checked]:
    # Each path in order: a note (skipped) or the index of its task.
    plan: list[str | int] = []
    tasks: list[Task] = []
    settings: list[Settings] = []
    for path in paths:
        if is_lock_file(path):
            shown = terminal(display_path(path))
            plan.append(
                f"Hinweis: {shown} ist eine Sperrdatei von Word (~$…) und wird übersprungen."
            )
            continue
        governing = resolver.for_path(path)
        if governing.config.excluded(path):
            shown = terminal(display_path(path))
            plan.append(f"Hinweis: {shown} ist in der Konfiguration ausgeschlossen (exclude).")
            continue
        plan.append(len(tasks))
        tasks.append(Task(path, display_path(path), seconds))
        settings.append(governing)

    done: list[FileCheck | None] = [None] * len(tasks)
    checked: list[Checked] = []
    next_step = 0

    def flush() -> None:
        """Notes and results in the order of the paths, as soon as all before are in."""
        nonlocal next_step
        while next_step < len(plan):
            step = plan[next_step]
            if isinstance(step, str):
                note(step)
            else:
                outcome = done[step]
                if outcome is None:
                    return
                task = tasks[step]
                if outcome.error is not None:
                    note(_internal_error_note(task.display, outcome.error))
                failed = outcome.error is not None
                checked.append(Checked(task.path, settings[step], outcome.result, failed))
            next_step += 1

    def on_result(index: int, outcome: FileCheck) -> None:
        done[index] = outcome
        flush()

    flush()
    if workers is not None and len(tasks) > 1:
        workers.run(tasks, on_result)
    else:
        pool.run_here(tasks, resolver, on_result, CHECK)
    for hint in resolver.hints():
        note(hint)
    return checked


def check(
    paths: Sequence[Path],
    resolver: Resolver,
    *,
    timeout: float | None,
    baseline: Path | None,
    render: Callable[[Report, Resolver], None],
    output: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
) -> int:
    refuse_existing(output, force=force)
    checked = collect(usable_files(paths), resolver, timeout, jobs=jobs)
    results = [c.result for c in checked]
    if baseline is not None:
        results = by_baseline(results, load_baseline(baseline), display_path(baseline))
    report = Report.of(results)
    render(report, resolver)
    if any(c.internal_error for c in checked):
        return EXIT_USAGE
    fails = any(c.settings.fails(r) for c, r in zip(checked, results, strict=True))
    return EXIT_FINDINGS if fails else EXIT_OK
