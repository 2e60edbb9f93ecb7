"""`antragscheck parse FILE`: the request as the rules see it, as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

from antragscheck import jsonshape
from antragscheck.commands import EXIT_FINDINGS, EXIT_OK
from antragscheck.commands.check import usable_files
from antragscheck.pipeline import parse_path
from antragscheck.read import UnreadableDocument
from antragscheck.safetext import shown
from antragscheck.settings import Resolver
from antragscheck.streams import write_data


def parse(file: Path, resolver: Resolver) -> int:
    (path,) = usable_files([file])
    settings = resolver.for_path(path)
    try:
        antrag = parse_path(path, settings.ruleset, resolver.options.type_id)
    except UnreadableDocument as error:
        print(f"antragscheck: {shown(path)}: {error.message}", file=sys.stderr)
        return EXIT_FINDINGS
    write_data(jsonshape.dumps(antrag, indent=2) + "\n", "json")
    return EXIT_OK
