"""`antragscheck vorlage -o neu.docx`: a blank request with the right structure."""

from __future__ import annotations

from pathlib import Path

from antragscheck.commands import EXIT_OK, UsageError, refuse_existing
from antragscheck.settings import Resolver
from antragscheck.template import write_template


def run_vorlage(resolver: Resolver, *, output: Path, year: int, force: bool) -> int:
    settings = resolver.for_path(output.parent if output.parent.exists() else Path.cwd())
    types = settings.ruleset.document_types
    type_id = resolver.options.type_id or types[0].id
    doc_type = settings.ruleset.type(type_id)
    if doc_type is None:  # checked by the resolver already; kept for a clear message
        raise UsageError(f"Unbekannter Dokumenttyp {type_id!r}.")
    if not output.parent.exists():
        raise UsageError(f"Den Ordner {output.parent} gibt es nicht.")
    refuse_existing(output, force=force)
    write_template(doc_type, year, output, force=force)
    print(
        f"{output}: leerer Antrag mit {len(doc_type.sections)} Abschnitten geschrieben,\n"
        f"  „{doc_type.name} {year}“."
    )
    return EXIT_OK
