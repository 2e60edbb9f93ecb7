"""Command line: parse options, load the rules, run the pipeline, set the exit code.

Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage or rule-file error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import click

from antragscheck import __version__
from antragscheck.models import FileResult, Report
from antragscheck.rules import RuleFileError, RuleSet, default_rules_dir, load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

_FAIL_ON = {"error": 3, "warning": 2, "info": 1, "never": 99}


class _DefaultGroup(click.Group):
    """`antragscheck antrag.docx` means `antragscheck check antrag.docx`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _fail(message: str) -> NoReturn:
    click.echo(f"antragscheck: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load(extra_rules: Sequence[Path]) -> RuleSet:
    try:
        return load_rules([default_rules_dir(), *extra_rules] if extra_rules else None)
    except RuleFileError as error:
        _fail(f"Fehler in der Regeldatei {error}")


def _usable_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            _fail(
                f"{path} ist ein Ordner. `check` prüft einzelne Dateien; bitte die "
                "Word-Dateien angeben (z. B. ordner/*.docx)."
            )
        if not path.exists():
            _fail(f"Die Datei {path} gibt es nicht. Bitte den Pfad prüfen.")
        files.append(path)
    return files


def _skip_lock_files(files: list[Path]) -> list[Path]:
    from antragscheck.read import is_lock_file

    kept = []
    for path in files:
        if is_lock_file(path):
            click.echo(
                f"Hinweis: {path} ist eine Sperrdatei von Word (~$…) und wird übersprungen.",
                err=True,
            )
        else:
            kept.append(path)
    return kept


def _exit_code(report: Report, fail_on: str) -> int:
    threshold = _FAIL_ON[fail_on]
    worst = max((f.severity.rank for r in report.files for f in r.findings), default=0)
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


def _namer(ruleset: RuleSet) -> Callable[[str | None, str | None], str]:
    """Names a section for the clerk: "3.1 Anlass", or "Dokument" for the whole file."""

    def name(type_id: str | None, key: str | None) -> str:
        doc_type = ruleset.type(type_id) if type_id else None
        spec = doc_type.spec(key) if doc_type else None
        if spec is not None:
            return spec.display
        return "Dokument" if key is None else key

    return name


_rules_option = click.option(
    "--rules",
    "extra_rules",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="Zusätzliche Regeldatei oder Regelordner (mehrfach möglich).",
)
_type_option = click.option(
    "--type", "type_id", default=None, help="Dokumenttyp erzwingen (sonst nach dem Titel)."
)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="antragscheck %(version)s")
def main() -> None:
    """Prüft Stellenschaffungsanträge (Word, .docx) vor der Vorlage an den Gemeinderat.

    \b
    Beispiele:
      antragscheck antrag.docx
      antragscheck --format json a.docx b.docx
      antragscheck parse antrag.docx
    """


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Ausgabeformat: Tabelle für Menschen, JSON für Skripte.",
)
@click.option(
    "--fail-on",
    type=click.Choice(list(_FAIL_ON)),
    default="error",
    show_default=True,
    help="Ab welchem Schweregrad der Exit-Code 1 ist.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Höchstdauer je Datei in Sekunden; danach gilt die Datei als unlesbar.",
)
@_rules_option
@_type_option
def check_command(
    files: tuple[Path, ...],
    output_format: str,
    fail_on: str,
    timeout: float,
    extra_rules: tuple[Path, ...],
    type_id: str | None,
) -> None:
    """Prüft Anträge und zeigt die Befunde je Abschnitt.

    Exit-Code 0: keine Befunde ab --fail-on; 1: mindestens ein solcher Befund;
    2: Aufruf- oder Regeldateifehler.
    """
    from antragscheck.pipeline import check_path

    paths = _skip_lock_files(_usable_files(files))
    ruleset = _load(extra_rules)
    if type_id is not None and ruleset.type(type_id) is None:
        known = ", ".join(t.id for t in ruleset.document_types)
        _fail(f"Unbekannter Dokumenttyp {type_id!r}. Bekannt: {known}.")
    results: list[FileResult] = [
        check_path(path, ruleset, type_id, seconds=timeout) for path in paths
    ]
    report = Report.of(results)
    if output_format == "json":
        from antragscheck.report import json as json_report

        click.echo(json_report.render(report), nl=False)
    else:
        from rich.console import Console

        from antragscheck.report import table

        table.render(report, Console(highlight=False), _namer(ruleset))
    sys.exit(_exit_code(report, fail_on))


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@_rules_option
@_type_option
def parse_command(file: Path, extra_rules: tuple[Path, ...], type_id: str | None) -> None:
    """Gibt den erkannten Antrag als JSON aus (Abschnitte, Stellen, Drucksachen …)."""
    from antragscheck.pipeline import parse_path
    from antragscheck.read import UnreadableDocument

    (path,) = _usable_files([file])
    ruleset = _load(extra_rules)
    try:
        antrag = parse_path(path, ruleset, type_id)
    except UnreadableDocument as error:
        click.echo(f"antragscheck: {path}: {error.message}", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(antrag.model_dump_json(indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
