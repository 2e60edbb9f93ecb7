"""`antragscheck baseline FILES… -o baseline.json`: record today's findings so that
`check --baseline baseline.json` reports and fails only on new ones."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from antragscheck import german
from antragscheck.atomic import write_new_file
from antragscheck.baseline import baseline_data
from antragscheck.commands import EXIT_OK, refuse_existing
from antragscheck.commands.check import collect, usable_files
from antragscheck.safetext import shown
from antragscheck.settings import Resolver


def baseline(
    paths: Sequence[Path], resolver: Resolver, *, output: Path, force: bool, timeout: float | None
) -> int:
    refuse_existing(output, force=force)
    checked = collect(usable_files(paths), resolver, timeout)
    data = baseline_data(c.result for c in checked)
    write_new_file(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n", force=force)
    count = len(data["findings"])  # type: ignore[arg-type]
    findings = german.count(count, "Befund", "Befunden")
    files = german.count(len(checked), "Datei", "Dateien")
    print(f"Baseline mit {findings} aus {files} nach {shown(output)} geschrieben.")
    return EXIT_OK
