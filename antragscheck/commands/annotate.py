"""`antragscheck annotate antrag.docx`: a copy with one Word comment per finding."""

from __future__ import annotations

import sys
from pathlib import Path

from antragscheck import german
from antragscheck.annotate import AnnotateError, annotate, default_target
from antragscheck.commands import EXIT_FINDINGS, EXIT_OK, refuse_existing
from antragscheck.commands.check import usable_files
from antragscheck.paths import display_path
from antragscheck.pipeline import inspect_path
from antragscheck.report import Legend
from antragscheck.safetext import shown
from antragscheck.settings import Resolver


def run_annotate(
    file: Path, resolver: Resolver, *, output: Path | None, force: bool, timeout: float
) -> int:
    (source,) = usable_files([file])
    target = output or default_target(source)
    refuse_existing(target, force=force)
    settings = resolver.for_path(source)
    result, _ = inspect_path(
        source,
        settings.ruleset,
        resolver.options.type_id,
        display_path(source),
        timeout,
        settings.council(),
    )
    result = settings.accept(source, result)
    if result.document_type is None:
        print(f"antragscheck: {shown(result.path)}: {result.findings[0].message}", file=sys.stderr)
        return EXIT_FINDINGS
    try:
        legend = Legend(resolver.document_types(), resolver.rules())
        count = annotate(source, target, result.findings, legend, result.document_type, force=force)
    except AnnotateError as error:
        print(f"antragscheck: {error}", file=sys.stderr)
        return EXIT_FINDINGS
    what = (
        f"{german.count(count, 'Kommentar', 'Kommentare')} eingefügt"
        if count
        else ("keine Befunde, keine Kommentare")
    )
    print(f"{shown(target)}: {what} ({shown(display_path(source))} bleibt unverändert).")
    return EXIT_FINDINGS if settings.fails(result) else EXIT_OK
