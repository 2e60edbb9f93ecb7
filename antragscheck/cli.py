"""Command line: declare the options, call the command, set the exit code.

Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage, configuration or
rule-file error, or an internal error while checking a file (the other files are still
checked and reported).  The commands themselves live in antragscheck/commands/.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from antragscheck import __version__, clicktext, streams
from antragscheck.commands import EXIT_USAGE
from antragscheck.german import LEVELS

clicktext.install()
streams.install()

# Modules that import pydantic, rich or lxml are imported inside the commands, so that
# `--help` and `--version` answer at once.


class _DefaultGroup(click.Group):
    """`antragscheck antrag.docx` means `antragscheck check antrag.docx`; a mistyped
    command (`antragscheck chek a.docx`) gets the right one suggested."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = _dashed_files(args, self)
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            _refuse_mistyped_command(args[0], sorted(self.commands))
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The group's options and commands, then the check's options: the examples above
        use them without naming `check`."""
        super().format_options(ctx, formatter)
        check = self.commands["check"]
        records = [
            record
            for param in check.get_params(ctx)
            if param.name != "files" and "--help" not in param.opts
            for record in [param.get_help_record(ctx)]
            if record is not None
        ]
        with formatter.section("Optionen der Prüfung (antragscheck [check] DATEI...)"):
            formatter.write_dl(records)


def _dashed_files(args: list[str], group: click.Group) -> list[str]:
    """A file whose name starts with "-" ("-entwurf.docx") would be read as options
    (click: "Die Option '-e' gibt es nicht").  A Word file of that name that exists is
    that file: it is passed on as "./-entwurf.docx" (the same path, shown as given) —
    a pre-commit hook hands over files at the repository's top so, and cannot prefix
    them.  Any other such name (a folder, another file) is refused with how to name it.
    An option's own name stays the option."""
    options: set[str] | None = None
    given = list(args)
    for position, word in enumerate(given):
        if word == "--":
            break
        if not (word.startswith("-") and len(word) > 1 and "=" not in word):
            continue
        path = Path(word)
        if not path.exists():
            continue
        options = _option_names(group) if options is None else options
        if word in options:
            continue
        from antragscheck.paths import WORD_SUFFIXES

        if path.suffix.lower() in WORD_SUFFIXES and path.is_file():
            given[position] = f".{os.sep}{word}"
            continue
        command = f"antragscheck {given[0]}" if given[0] in group.commands else "antragscheck"
        _fail(
            f"„{word}“ beginnt mit „-“ und würde als Option gelesen. Eine Datei oder "
            f"einen Ordner dieses Namens bitte mit Ordner davor angeben (./{word}) oder "
            f"nach „--“ ({command} -- {word}), oder die Datei umbenennen."
        )
    return given


def _option_names(command: click.Command) -> set[str]:
    """Every option name of `command` and its subcommands."""
    names = {name for param in command.params for name in (*param.opts, *param.secondary_opts)}
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            names |= _option_names(sub)
    return names


def _refuse_mistyped_command(word: str, commands: list[str]) -> None:
    """A first word that is neither a file nor a command but close to one is a typo."""
    if word.startswith("-") or Path(word).exists() or Path(word).suffix:
        return
    import difflib  # here: a check of a file must not pay for it

    close = difflib.get_close_matches(word.lower(), commands, n=1, cutoff=0.6)
    if close:
        _fail(
            f"Den Befehl {word!r} gibt es nicht, und eine Datei dieses Namens auch nicht. "
            f"Meinten Sie `antragscheck {close[0]}`? (Alle Befehle: antragscheck --help)"
        )


def _fail(message: str) -> NoReturn:
    from antragscheck.safetext import shown  # the message may name a hostile path

    click.echo(f"antragscheck: {shown(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _run(command: Callable[[], int]) -> NoReturn:
    """Run a command; turn the documented errors into one German line and exit code 2."""
    if not gc.isenabled():  # started by antragscheck.__main__: start-up is over
        gc.freeze()
        gc.enable()
    import signal

    from antragscheck.baseline import BaselineError
    from antragscheck.commands import UsageError, exists_message
    from antragscheck.config import ConfigError
    from antragscheck.rules import RuleFileError
    from antragscheck.settings import UnknownDocumentType

    def terminated(signum: int, frame: object) -> None:
        # SIGTERM ends the command like Ctrl+C does: cleanup runs (audit workers end,
        # temporary files go) instead of the process vanishing mid-write.
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    try:
        code = command()
    except (UsageError, UnknownDocumentType) as error:
        _fail(str(error))
    except ConfigError as error:
        _fail(f"Fehler in der Konfiguration {error}")
    except RuleFileError as error:
        _fail(f"Fehler in der Regeldatei {error}")
    except BaselineError as error:
        _fail(str(error))
    except FileExistsError as error:  # a target appeared after refuse_existing looked
        _fail(exists_message(error.args[0] if error.args else error.filename))
    sys.exit(code)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _options(**given: Any) -> Any:
    from antragscheck.settings import Options

    select = _split(given.get("select") or ())
    return Options(
        config=given.get("config_path"),
        extra_rules=tuple(given.get("extra_rules") or ()),
        select=select or None,
        ignore=_split(given.get("ignore") or ()),
        fail_on=given.get("fail_on"),
        type_id=given.get("type_id"),
        ris_index=given.get("ris_index"),
    )


_extra_rules_option = click.option(
    "--rules",
    "extra_rules",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="Zusätzliche Regeldatei oder Regelordner (mehrfach möglich; auch eigene Dokumenttypen).",
)


def _rule_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by the commands that check documents."""
    decorators = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, exists=True, dir_okay=False),
            help="Konfigurationsdatei (sonst antragscheck.toml oder pyproject.toml, "
            "gesucht vom Dokument aufwärts).",
        ),
        _extra_rules_option,
        click.option(
            "--select",
            multiple=True,
            metavar="REGELN",
            help="Nur diese Regeln (ID, Name oder ID-Präfix; mit Komma getrennt).",
        ),
        click.option(
            "--ignore", multiple=True, metavar="REGELN", help="Diese Regeln nicht prüfen."
        ),
        click.option(
            "--type",
            "type_id",
            default=None,
            metavar="TYP",
            help="Dokumenttyp erzwingen (sonst nach dem Titel).",
        ),
        click.option(
            "--ris-index",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Index des Ratsinformationssystems (antragscheck ris sync) für die Regeln, "
            "die Drucksachen nachschlagen (sonst [ris] der Konfiguration).",
        ),
        click.option(
            "--timeout",
            type=_Seconds(min=0, min_open=True),
            metavar="SEKUNDEN",
            default=60.0,
            help="Höchstdauer je Datei in Sekunden (Standard: 60); danach gilt die Datei "
            "als unlesbar.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


# --fail-on takes the German words too; the value passed on is the English one.


def _fail_on(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else LEVELS.get(value.lower(), value.lower())


_fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(
        ["fehler", "warnung", "hinweis", "nie", "error", "warning", "info", "never"],
        case_sensitive=False,
    ),
    metavar="[fehler|warnung|hinweis|nie]",
    default=None,
    callback=_fail_on,
    help="Ab welchem Schweregrad der Exit-Code 1 ist: fehler (Standard), warnung, "
    "hinweis oder nie (auch englisch: error, warning, info, never).",
)


class _Range(click.IntRange):
    """A whole-number range that describes itself in German ("2000 bis 2100")."""

    def _describe_range(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min} bis {self.max}"
        return f"mindestens {self.min}" if self.min is not None else f"höchstens {self.max}"


class _Seconds(click.FloatRange):
    """Seconds, more than zero."""

    def _describe_range(self) -> str:
        return "mehr als 0"


_jobs_option = click.option(
    "-j",
    "--jobs",
    type=_Range(min=1),
    metavar="ANZAHL",
    default=None,
    help="Anzahl paralleler Prüfprozesse (Standard: automatisch; weitere Prozesse erst, "
    "wenn genug Dateien zu prüfen sind, höchstens einer je Prozessorkern).",
)


def _output_option(help_text: str) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=help_text,
    )


def _require_output(output: Path | None, example: str) -> Path:
    """-o is required: a German message with an example instead of click's."""
    if output is None:
        _fail(f"Es fehlt die Zieldatei. Bitte mit -o angeben, z. B. `{example}`.")
    return output


@click.group(
    cls=_DefaultGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPTIONEN]",
    subcommand_metavar="BEFEHL [ARGUMENTE]...",
)
@click.version_option(__version__, "--version", message="antragscheck %(version)s")
def main() -> None:
    """Prüft Stellenschaffungsanträge (Word, .docx) vor der Vorlage an den Gemeinderat.

    \b
    Beispiele:
      antragscheck antrag.docx
      antragscheck --format json a.docx b.docx
      antragscheck parse antrag.docx
      antragscheck text antrag.docx
      antragscheck rules
      antragscheck rules section-missing
      antragscheck annotate antrag.docx
      antragscheck vorlage -o neu.docx
      antragscheck audit ordner/ --xlsx uebersicht.xlsx
      antragscheck ris sync https://ris.example.de/oparl/v1.1/
      antragscheck serve
    """


@main.command("check", options_metavar="[OPTIONEN]")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DATEI..."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "concise", "json", "sarif", "junit", "github"]),
    default="table",
    show_default=True,
    help="Ausgabeformat: table (Tabelle), concise (eine Zeile je Befund), json, sarif "
    "(Code-Scanning), junit (CI-Testberichte), github (Annotationen in GitHub Actions).",
)
@_output_option("Bericht in diese Datei schreiben statt auf den Bildschirm.")
@click.option("--force", is_flag=True, help="Eine vorhandene Ausgabedatei überschreiben.")
@click.option("--statistics", is_flag=True, help="Anzahl der Befunde je Regel anhängen.")
@_fail_on_option
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Nur Befunde melden, die nicht in dieser Baseline stehen.",
)
@_jobs_option
@_rule_options
def check_command(
    files: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    force: bool,
    statistics: bool,
    baseline: Path | None,
    jobs: int | None,
    timeout: float,
    **given: Any,
) -> None:
    """Prüft Anträge und zeigt die Befunde je Abschnitt.

    Exit-Code 0: keine Befunde ab --fail-on; 1: mindestens ein solcher Befund;
    2: Aufruf-, Konfigurations- oder Regeldateifehler.
    """
    from antragscheck.commands.check import check
    from antragscheck.report import Legend, write_report
    from antragscheck.settings import Resolver

    resolver = Resolver(_options(**given))

    def render(report: Any, resolver: Any) -> None:
        legend = Legend(resolver.document_types(), resolver.rules(), statistics)
        write_report(output_format, report, legend, output, force)

    _run(
        lambda: check(
            files,
            resolver,
            timeout=timeout,
            baseline=baseline,
            render=render,
            output=output,
            force=force,
            jobs=jobs,
        )
    )


@main.command("audit", options_metavar="[OPTIONEN]")
@click.argument(
    "folders", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ORDNER..."
)
@_jobs_option
@_fail_on_option
@click.option("--exit-zero", is_flag=True, help="Immer Exit-Code 0 (für reine Berichte).")
@click.option("--xlsx", type=click.Path(path_type=Path, dir_okay=False), help="Excel-Arbeitsmappe.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Befunde als CSV (UTF-8, Semikolon).",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Befunde als JSON (wie check --format json).",
)
@click.option(
    "--html",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Eigenständige HTML-Seite mit Diagrammen und filterbarer Tabelle.",
)
@click.option("--force", is_flag=True, help="Vorhandene Exportdateien überschreiben.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Ordner für den Cache (Standard: der Cache-Ordner des Benutzers).",
)
@click.option("--no-cache", is_flag=True, help="Ohne Cache prüfen.")
@_rule_options
def audit_command(
    folders: tuple[Path, ...],
    jobs: int | None,
    exit_zero: bool,
    xlsx: Path | None,
    csv_path: Path | None,
    json_path: Path | None,
    html: Path | None,
    force: bool,
    cache_dir: Path | None,
    no_cache: bool,
    timeout: float,
    **given: Any,
) -> None:
    """Prüft alle Anträge in Ordnern (rekursiv) und fasst sie für die Kämmerei zusammen.

    \b
    Beispiele:
      antragscheck audit antraege/
      antragscheck audit antraege/ --xlsx uebersicht.xlsx --html bericht.html
    """
    from antragscheck.commands.audit import Exports, audit
    from antragscheck.settings import Resolver

    resolver = Resolver(_options(**given))
    exports = Exports(xlsx=xlsx, csv=csv_path, json=json_path, html=html, force=force)
    _run(
        lambda: audit(
            folders,
            resolver,
            jobs=jobs,
            timeout=timeout,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            exit_zero=exit_zero,
            exports=exports,
        )
    )


@main.command("annotate", options_metavar="[OPTIONEN]")
@click.argument("file", type=click.Path(path_type=Path), metavar="DATEI")
@_output_option("Zieldatei (Standard: NAME.geprüft.docx neben dem Original).")
@click.option("--force", is_flag=True, help="Eine vorhandene Zieldatei überschreiben.")
@_fail_on_option
@_rule_options
def annotate_command(
    file: Path, output: Path | None, force: bool, timeout: float, **given: Any
) -> None:
    """Schreibt eine Kopie des Antrags mit einem Word-Kommentar je Befund.

    Das Original bleibt unverändert. Die Kommentare stehen an der Überschrift des
    Abschnitts (beim Titel, wenn ein Abschnitt fehlt). Frühere Kommentare von
    antragscheck werden ersetzt.
    """
    from antragscheck.commands.annotate import run_annotate
    from antragscheck.settings import Resolver

    resolver = Resolver(_options(**given))
    _run(lambda: run_annotate(file, resolver, output=output, force=force, timeout=timeout))


@main.command("vorlage", options_metavar="[OPTIONEN]")
@_output_option("Zieldatei, z. B. neu.docx (Pflichtangabe).")
@click.option(
    "--jahr",
    type=_Range(min=2000, max=2100),
    metavar="JAHR",
    default=None,
    help="Stellenplanjahr im Titel (Standard: nächstes Jahr).",
)
@click.option(
    "--type",
    "type_id",
    default=None,
    metavar="TYP",
    help="Dokumenttyp (Standard: stellenschaffung).",
)
@click.option("--force", is_flag=True, help="Eine vorhandene Zieldatei überschreiben.")
@_extra_rules_option
def vorlage_command(
    output: Path | None,
    jahr: int | None,
    type_id: str | None,
    force: bool,
    extra_rules: tuple[Path, ...],
) -> None:
    """Schreibt einen leeren Antrag mit allen Abschnitten als Vorlage.

    Überschriften mit Word-Formatvorlagen und automatischer Nummerierung, in jedem
    Abschnitt ein Inhaltssteuerelement, dessen Platzhalter sagt, was hineingehört.
    """
    import datetime as dt

    from antragscheck.commands.vorlage import run_vorlage
    from antragscheck.settings import Resolver

    target = _require_output(output, "antragscheck vorlage -o neuer_antrag.docx")
    resolver = Resolver(_options(type_id=type_id, extra_rules=extra_rules))
    year = jahr or dt.date.today().year + 1
    _run(lambda: run_vorlage(resolver, output=target, year=year, force=force))


@main.command("baseline", options_metavar="[OPTIONEN]")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DATEI..."
)
@_output_option("Zieldatei, z. B. baseline.json (Pflichtangabe).")
@click.option("--force", is_flag=True, help="Eine vorhandene Zieldatei überschreiben.")
@_rule_options
def baseline_command(
    files: tuple[Path, ...], output: Path | None, force: bool, timeout: float, **given: Any
) -> None:
    """Hält die heutigen Befunde fest; `check --baseline` meldet dann nur neue."""
    from antragscheck.commands.baseline import baseline
    from antragscheck.settings import Resolver

    target = _require_output(output, "antragscheck baseline antraege/*.docx -o baseline.json")
    resolver = Resolver(_options(**given))
    _run(lambda: baseline(files, resolver, output=target, force=force, timeout=timeout))


@main.command("text", options_metavar="[OPTIONEN]")
@click.argument("file", type=click.Path(path_type=Path), metavar="DATEI")
@_rule_options
def text_command(file: Path, timeout: float, **given: Any) -> None:
    """Gibt den Antrag als schlichten Text aus: Überschriften mit Nummern, Text je
    Abschnitt, dann die erkannten Angaben.

    \b
    Für `git diff` auf .docx-Dateien (textconv), einmal im Repository:
      echo '*.docx diff=antragscheck' >> .gitattributes
      git config diff.antragscheck.textconv "antragscheck text"
    """
    from antragscheck.commands.text import run_text
    from antragscheck.settings import Resolver

    _run(lambda: run_text(file, Resolver(_options(**given))))


@main.command("parse", options_metavar="[OPTIONEN]")
@click.argument("file", type=click.Path(path_type=Path), metavar="DATEI")
@_rule_options
def parse_command(file: Path, timeout: float, **given: Any) -> None:
    """Gibt den erkannten Antrag als JSON aus (Abschnitte, Stellen, Drucksachen …)."""
    from antragscheck.commands.parse import parse
    from antragscheck.settings import Resolver

    _run(lambda: parse(file, Resolver(_options(**given))))


class _RulesGroup(click.Group):
    """`antragscheck rules NAME` means `antragscheck rules show NAME`."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands:
            return "show", self.commands["show"], args
        return super().resolve_command(ctx, args)


_rules_config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Konfigurationsdatei.",
)


@main.group(
    "rules",
    cls=_RulesGroup,
    invoke_without_command=True,
    options_metavar="[OPTIONEN]",
    subcommand_metavar="[NAME | test [PFAD] | checks]",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Ausgabeformat der Regelliste.",
)
@_rules_config_option
@_extra_rules_option
@click.pass_context
def rules_command(
    ctx: click.Context,
    output_format: str,
    config_path: Path | None,
    extra_rules: tuple[Path, ...],
) -> None:
    """Listet die Regeln, erklärt eine Regel oder prüft die Regelbeispiele.

    \b
      antragscheck rules                  alle Regeln
      antragscheck rules NAME-ODER-ID     eine Regel mit Beispielen
      antragscheck rules test [PFAD]      die Beispiele der Regeln ausführen
      antragscheck rules checks           die Prüftypen mit ihren Parametern
    """
    ctx.obj = (config_path, extra_rules)
    if ctx.invoked_subcommand is not None:
        return
    from antragscheck.commands import rules as commands

    _run(
        lambda: commands.list_rules(
            commands.rules_in_effect(extra_rules, config_path), output_format
        )
    )


@rules_command.command("show", hidden=True, options_metavar="[OPTIONEN]")
@click.argument("name", metavar="NAME-ODER-ID")
@_rules_config_option
@_extra_rules_option
@click.pass_obj
def rules_show_command(
    given: tuple[Path | None, tuple[Path, ...]],
    name: str,
    config_path: Path | None,
    extra_rules: tuple[Path, ...],
) -> None:
    """Erklärt eine Regel: was sie prüft, warum, mit Beispielen."""
    from antragscheck.commands import rules as commands

    config_path = config_path or given[0]
    extra_rules = (*given[1], *extra_rules)
    ruleset = commands.rules_in_effect(extra_rules, config_path)
    _run(lambda: commands.show_rule(ruleset, name, config_path))


@rules_command.command("test", options_metavar="[OPTIONEN]")
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PFAD]")
def rules_test_command(path: Path | None) -> None:
    """Führt die Beispiele der Regeln aus (Regeldatei oder Ordner; Standard: die
    mitgelieferten Regeln).

    Exit-Code 1, wenn ein Beispiel nicht wie erwartet ausgeht oder eine Regel weder
    Beispiele noch eine Begründung (no_examples) hat.
    """
    from antragscheck.commands import rules as commands

    _run(lambda: commands.test_rules(path))


@rules_command.command("checks", options_metavar="[OPTIONEN]")
def rules_checks_command() -> None:
    """Zeigt die Prüftypen mit ihren Parametern (Markdown, wie docs/checks.md)."""
    from antragscheck.commands import rules as commands

    print(commands.check_types_markdown(), end="")


@main.group("ris", options_metavar="[OPTIONEN]", subcommand_metavar="BEFEHL [ARGUMENTE]...")
def ris_group() -> None:
    """Ratsinformationssystem (OParl): Drucksachen abgleichen und nachschlagen.

    \b
      antragscheck ris sync URL              Index anlegen oder aktualisieren
      antragscheck ris show "GRDrs 234/2021" was der Index über eine Drucksache weiß
    """


_index_option = click.option(
    "--index",
    "index_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Indexdatei (sonst [ris] index der Konfiguration oder der Cache-Ordner).",
)
_ris_config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Konfigurationsdatei (sonst gesucht vom Arbeitsordner aufwärts).",
)


@ris_group.command("sync", options_metavar="[OPTIONEN]")
@click.argument("url", required=False, metavar="[URL]")
@_index_option
@_ris_config_option
@click.option(
    "--max-time",
    type=click.FloatRange(min=1),
    default=4 * 3600.0,
    show_default=True,
    metavar="SEKUNDEN",
    help="Höchstdauer des Abgleichs; ein späterer Aufruf setzt fort.",
)
def ris_sync_command(
    url: str | None, index_path: Path | None, config_path: Path | None, max_time: float
) -> None:
    """Holt Drucksachen und Sitzungen einer OParl-Schnittstelle in den lokalen Index.

    URL ist der OParl-Einstiegspunkt (System) oder eine Körperschaft (Body); ohne URL
    gilt [ris] url der Konfiguration. Spätere Aufrufe holen nur Änderungen.
    """
    from antragscheck.commands.ris import run_sync

    _run(lambda: run_sync(url, index_path, config_path, max_time))


@ris_group.command("show", options_metavar="[OPTIONEN]")
@click.argument("reference", metavar="REFERENZ")
@_index_option
@_ris_config_option
def ris_show_command(reference: str, index_path: Path | None, config_path: Path | None) -> None:
    """Zeigt, was der Index über eine Drucksache weiß (Titel, Datum, Beratungen)."""
    from antragscheck.commands.ris import run_show

    _run(lambda: run_show(reference, index_path, config_path))


@main.command("serve", options_metavar="[OPTIONEN]")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Adresse, an der der Server lauscht."
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Konfigurationsdatei (sonst antragscheck.toml im Arbeitsordner des Servers).",
)
@_extra_rules_option
@click.option(
    "--max-mb",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="MB",
    help="Höchstgröße je hochgeladener Datei.",
)
@click.option(
    "--max-files",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    metavar="ANZAHL",
    help="Höchstzahl der Dateien je Sendung.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    metavar="ANZAHL",
    help="Prüfungen, die gleichzeitig laufen dürfen.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SEKUNDEN",
    default=60.0,
    show_default=True,
    help="Höchstdauer je Datei; danach gilt die Datei als unlesbar.",
)
def serve_command(
    host: str,
    port: int,
    config_path: Path | None,
    extra_rules: tuple[Path, ...],
    max_mb: int,
    max_files: int,
    jobs: int,
    timeout: float,
) -> None:
    """Startet die Webseite für Sachbearbeiter (braucht: pip install "antragscheck[web]").

    Die Seite prüft hochgeladene Anträge, liefert kommentierte Kopien und leere
    Vorlagen; dazu eine Schnittstelle für andere Programme (/api/openapi.json).
    """
    from antragscheck.commands.serve import run_serve

    _run(
        lambda: run_serve(
            host=host,
            port=port,
            config=config_path,
            extra_rules=extra_rules,
            max_mb=max_mb,
            max_files=max_files,
            jobs=jobs,
            timeout=timeout,
        )
    )


if __name__ == "__main__":  # pragma: no cover
    main()
