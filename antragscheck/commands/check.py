"""`antragscheck check FILES…` (also `antragscheck FILES…`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from antragscheck.baseline import by_baseline, load_baseline
from antragscheck.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, refuse_existing
from antragscheck.models import FileResult, Report
from antragscheck.paths import display_path
from antragscheck.pipeline import check_path
from antragscheck.read import is_lock_file
from antragscheck.rules.evaluate import unreadable
from antragscheck.safetext import terminal
from antragscheck.settings import Resolver, Settings

Note = Callable[[str], None]


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


@dataclass(frozen=True)
class Checked:
    path: Path
    settings: Settings
    result: FileResult
    internal_error: bool = False  # the check failed inside antragscheck (exit code 2)


def _internal_error(path: Path, settings: Settings, error: Exception, note: Note) -> Checked:
    """A bug of ours met this file: say so on stderr, naming the file, and report the
    file as not checked; the other files are still checked and reported."""
    shown = display_path(path)
    note(
        f"antragscheck: Interner Fehler beim Prüfen von {terminal(shown)} "
        f"({type(error).__name__}). Die übrigen Dateien sind geprüft; bitte den Fehler mit "
        "dieser Datei melden."
    )
    message = f"Interner Fehler beim Prüfen ({type(error).__name__}); die Datei ist nicht geprüft."
    finding = unreadable(settings.ruleset.rules, message)
    result = FileResult(path=shown, document_type=None, findings=[finding])
    return Checked(path, settings, result, internal_error=True)


def collect(
    paths: Sequence[Path],
    resolver: Resolver,
    timeout: float | None,
    note: Note = _stderr,
) -> list[Checked]:
    """Check each file with the settings that govern it; lock files and excluded files
    are skipped with a note."""
    checked: list[Checked] = []
    for path in paths:
        if is_lock_file(path):
            shown = terminal(display_path(path))
            note(f"Hinweis: {shown} ist eine Sperrdatei von Word (~$…) und wird übersprungen.")
            continue
        settings = resolver.for_path(path)
        if settings.config.excluded(path):
            shown = terminal(display_path(path))
            note(f"Hinweis: {shown} ist in der Konfiguration ausgeschlossen (exclude).")
            continue
        try:
            result = check_path(
                path,
                settings.ruleset,
                resolver.options.type_id,
                display_path(path),
                timeout,
                settings.council(),
            )
        except Exception as error:  # not the document's fault: exit code 2, not 1
            checked.append(_internal_error(path, settings, error, note))
            continue
        checked.append(Checked(path, settings, settings.accept(path, result)))
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
) -> int:
    refuse_existing(output, force=force)
    checked = collect(usable_files(paths), resolver, timeout)
    results = [c.result for c in checked]
    if baseline is not None:
        results = by_baseline(results, load_baseline(baseline), display_path(baseline))
    report = Report.of(results)
    render(report, resolver)
    if any(c.internal_error for c in checked):
        return EXIT_USAGE
    fails = any(c.settings.fails(r) for c, r in zip(checked, results, strict=True))
    return EXIT_FINDINGS if fails else EXIT_OK
