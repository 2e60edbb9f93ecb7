"""`antragscheck rules`: list the rules, explain one, or run the rules' own examples."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin, get_type_hints

from antragscheck import german
from antragscheck.commands import EXIT_FINDINGS, EXIT_OK, UsageError
from antragscheck.config import config_at, find_config
from antragscheck.models import Finding
from antragscheck.report import SEVERITY_LABELS, text_console, wrapped
from antragscheck.rules import RuleSet, default_rules_dir, load_rules
from antragscheck.rules.checks import REGISTRY, STAGE_NAMES, FieldRef
from antragscheck.rules.load import load_file, rule_files
from antragscheck.rules.schema import Rule
from antragscheck.rules.select import configure
from antragscheck.streams import write_data

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilIndex


def rules_in_effect(extra_rules: tuple[Path, ...], config_path: Path | None) -> RuleSet:
    """Every rule known here: the defaults, the configuration's and --rules files, with
    the configured severities (select and ignore do not hide rules from the list)."""
    config = config_at(config_path if config_path is not None else find_config(Path.cwd()))
    loaded = load_rules([default_rules_dir(), *config.rule_paths(), *extra_rules])
    return configure(loaded, None, (), config.severity)


def _types(ruleset: RuleSet, rule: Rule) -> str:
    return ", ".join(rule.document_types or [t.id for t in ruleset.document_types])


def rule_rows(ruleset: RuleSet) -> list[dict[str, object]]:
    """`rules --format json` (and the web API's /api/rules): one object per rule."""
    return [
        {
            "id": r.id,
            "name": r.name,
            "severity": r.severity.value,
            "document_types": r.document_types or [t.id for t in ruleset.document_types],
            "summary": r.summary,
        }
        for r in ruleset.rules
    ]


def list_rules(ruleset: RuleSet, output_format: str) -> int:
    if output_format == "json":
        write_data(json.dumps(rule_rows(ruleset), ensure_ascii=False, indent=2) + "\n", "json")
        return EXIT_OK
    if output_format == "markdown":
        print(markdown(ruleset), end="")
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from antragscheck.report.table import COMFORTABLE_WIDTH

    console = text_console()
    if console.width < COMFORTABLE_WIDTH:
        # Narrow: one block per rule, what it checks wrapped below.
        for rule in ruleset.rules:
            head = f"{rule.id}  {rule.name}  {SEVERITY_LABELS[rule.severity]}"
            head += f" · {_types(ruleset, rule)}"
            console.print(Text(wrapped(head, console.width, 0, hanging=6)), soft_wrap=True)
            console.print(Text(wrapped(rule.summary, console.width, 6)), soft_wrap=True)
        return EXIT_OK
    table = Table(title="Regeln", title_justify="left")
    for header in ("ID", "Name", "Schweregrad", "Dokumenttyp"):
        table.add_column(header, no_wrap=True)
    table.add_column("Prüft", ratio=1, overflow="fold")
    for rule in ruleset.rules:
        severity = SEVERITY_LABELS[rule.severity]
        table.add_row(rule.id, rule.name, severity, _types(ruleset, rule), Text(rule.summary))
    console.print(table)
    return EXIT_OK


def show_rule(ruleset: RuleSet, name_or_id: str, config_path: Path | None = None) -> int:
    rule = ruleset.find(name_or_id)
    if rule is None:
        raise UsageError(
            f"Eine Regel {name_or_id!r} gibt es nicht. `antragscheck rules` listet alle Regeln."
        )
    import shutil

    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    print(explain(ruleset, rule, width), end="")
    if rule.check.needs_council:
        print(wrapped(council_state(config_path), width, 0))
    return EXIT_OK


def council_state(config_path: Path | None) -> str:
    """Whether a rule that reads the council index can work here, and if not, why."""
    config = config_at(config_path if config_path is not None else find_config(Path.cwd()))
    path = config.ris_index()
    if path is None:
        return (
            "Index des Ratsinformationssystems: keiner eingerichtet, darum bleibt diese Regel "
            "stumm. Einrichten: in antragscheck.toml unter [ris] die OParl-URL eintragen "
            "(url = …) und antragscheck ris sync aufrufen, oder beim Prüfen --ris-index "
            "DATEI angeben."
        )
    from antragscheck.ris.store import council_index

    index, _ = council_index(path, config.ris.max_age)
    if index is None:
        return (
            f"Index des Ratsinformationssystems: {path} fehlt oder ist nicht nutzbar, darum "
            "bleibt diese Regel stumm. Anlegen mit: antragscheck ris sync"
        )
    synced = index.synced_at()
    stand = f"Stand {synced:%d.%m.%Y}" if synced else "unvollständig"
    return f"Index des Ratsinformationssystems: {path} ({stand})."


def explain(ruleset: RuleSet, rule: Rule, width: int = 80) -> str:
    """The rule for a reader, wrapped at word boundaries to `width` columns."""
    lines = [
        wrapped(f"{rule.id} {rule.name} ({SEVERITY_LABELS[rule.severity]})", width, 0),
        "",
        wrapped(f"Was sie prüft: {rule.summary}", width, 0, hanging=4),
        wrapped(f"Dokumenttyp: {_types(ruleset, rule)}", width, 0, hanging=4),
        "",
        "Warum:",
        wrapped(" ".join(rule.explanation.split()), width, 0),
        "",
    ]
    for passes, text, expect in rule.examples.listed() if rule.examples else []:
        lines += [f"Beispiel, das {'besteht' if passes else 'durchfällt'}:", _indent(text, width)]
        lines += [wrapped(f"→ erwartet: {expect}", width, 4, hanging=6), ""] if expect else [""]
    if rule.no_examples:
        lines += [wrapped(f"Ohne Beispiel: {rule.no_examples.strip()}", width, 0, hanging=4), ""]
    if rule.link:
        lines += [f"Mehr dazu: {rule.link}", ""]
    return "\n".join(lines)


def _indent(text: str, width: int) -> str:
    """Example lines indented; a long line continues further indented."""
    return "\n".join(
        wrapped(line, width, 4, hanging=6) if line.strip() else ""
        for line in text.rstrip().splitlines()
    )


def markdown(ruleset: RuleSet) -> str:
    """docs/rules.md: every rule with its explanation and examples."""
    out = [
        "# Regeln",
        "",
        "<!-- Erzeugt mit `antragscheck rules --format markdown`; nicht von Hand ändern. -->",
        "",
        "| ID | Name | Schweregrad | Prüft |",
        "|---|---|---|---|",
    ]
    out += [
        f"| {r.id} | [{r.name}](#{r.name}) | {SEVERITY_LABELS[r.severity]} | {r.summary} |"
        for r in ruleset.rules
    ]
    for rule in ruleset.rules:
        out += [
            "",
            f"## {rule.name}",
            "",
            f"`{rule.id}` · {SEVERITY_LABELS[rule.severity]} · "
            f"Prüftyp `{rule.check.type}` · Dokumenttyp {_types(ruleset, rule)}",
            "",
            rule.explanation.strip(),
            "",
            f"Meldung: „{rule.message}“",
            "",
        ]
        for passes, text, expect in rule.examples.listed() if rule.examples else []:
            title = "Besteht:" if passes else "Fällt durch:"
            title += f" (erwartet: {expect})" if expect else ""
            out += [title, "", "```text", text, "```", ""]
        if rule.no_examples:
            out += [f"Ohne Beispiel: {rule.no_examples.strip()}", ""]
        if rule.link:
            out += [f"Mehr dazu: <{rule.link}>", ""]
        while out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"


def check_text(text: str, ruleset: RuleSet, council: CouncilIndex | None = None) -> list[Finding]:
    """An example text through the pipeline (against `council`, the example's council
    index, if it brings one): the findings, suppressions applied."""
    from antragscheck.pipeline import check_document
    from antragscheck.read.plain import document_from_text

    return check_document(document_from_text(text), ruleset, council=council)[2]


def test_rules(path: Path | None) -> int:
    """Run the examples of the rules in `path` (default: the shipped rules).  A rule
    without examples and without a reason (`no_examples`) fails the test too."""
    from rich.table import Table
    from rich.text import Text

    from antragscheck.rules.examples import run_examples

    target = path or default_rules_dir()
    files = rule_files([target])
    if not files:
        raise UsageError(f"In {target} gibt es keine Regeldateien (.yaml).")
    loaded = [load_file(f) for f in files]
    own = {rule.id for file in loaded for rule in file.rules}
    if not any(file.document_types for file in loaded):
        # Rules for the shipped document types: borrow the types and their notations
        # (how references, decisions, grades are written), not the default rules.
        shipped = [(f, load_file(f)) for f in rule_files([default_rules_dir()])]
        files = [f for f, file in shipped if file.document_types or file.notations] + files
    ruleset = load_rules(files)
    results = [r for r in run_examples(ruleset, check_text) if r.rule.id in own]
    console = text_console()
    table = Table(title=f"Regelbeispiele in {target}", title_justify="left")
    for header in ("Regel", "Beispiel", "Ergebnis"):
        table.add_column(header)
    broken = [r for r in results if not r.ok]
    for result in results:
        verdict = Text("✓", style="green") if result.ok else Text("✗ siehe unten", style="red")
        table.add_row(f"{result.rule.id} {result.rule.name}", result.label, verdict)
    console.print(table)
    for result in broken:  # whole lines: a finding's message is too long for a cell
        where = f"{result.rule.id} {result.rule.name}, Beispiel {result.label}: "
        console.print(Text(where + result.problem, style="bold red"))
    mine = [r for r in ruleset.rules if r.id in own]
    exempt = sorted(r.name for r in mine if r.no_examples)
    without = sorted(r.name for r in mine if r.examples is None and not r.no_examples)
    if exempt:
        console.print(f"Ohne Beispiele, mit Begründung (no_examples): {', '.join(exempt)}")
    if without:
        console.print(
            Text(
                f"Ohne Beispiele und ohne Begründung: {', '.join(without)}. Bitte Beispiele "
                "(examples: pass/fail) oder eine Begründung (no_examples) angeben.",
                style="bold red",
            )
        )
    good = german.count(len(results) - len(broken), "Beispiel", "Beispiele")
    console.print(f"{good} in Ordnung, {len(broken)} fehlerhaft.")
    return EXIT_FINDINGS if broken or without else EXIT_OK


def _type_text(annotation: Any) -> str:
    """A parameter's type in words, for rule authors."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return " oder ".join(f"`{a}`" for a in args)
    if origin in (Union, UnionType):
        return " oder ".join(_type_text(a) for a in args if a is not type(None))
    if origin is list:
        return f"Liste von {_type_text(args[0])}"
    if origin is dict:
        return f"Zuordnung {_type_text(args[0])} → {_type_text(args[1])}"
    names = {
        str: "Text",
        int: "ganze Zahl",
        float: "Zahl",
        Decimal: "Zahl",
        bool: "`true` oder `false`",
        FieldRef: "Feld",
    }
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default_text(info: dataclasses.Field[Any]) -> str:
    if info.default is not dataclasses.MISSING:
        default = info.default
    elif info.default_factory is not dataclasses.MISSING:
        default = info.default_factory()
    else:
        return "Pflicht"
    if default is None:
        return "–"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    return f"`{json.dumps(default, ensure_ascii=False)}`"


def check_types_markdown() -> str:
    """docs/checks.md: every check type of the registry, its parameters and an example."""
    out = [
        "# Prüftypen",
        "",
        "<!-- Erzeugt mit `antragscheck rules checks`; nicht von Hand ändern. -->",
        "",
        "Jede Regel hat genau einen Prüftyp (`check: {type: …}`) mit seinen Parametern.",
        "In der Meldung darf jede Regel `{section}` verwenden (der Abschnitt, etwa",
        "„3.1 Anlass“); weitere Felder nennt der Prüftyp. Feldpfade und",
        "Abschnittsschlüssel werden beim Laden geprüft. `antragscheck parse antrag.docx`",
        "zeigt den erkannten Antrag mit allen Feldern.",
        "",
        "| Prüftyp | Wirkt auf |",
        "|---|---|",
    ]
    out += [f"| [{name}](#{name}) | {STAGE_NAMES[cls.stage]} |" for name, cls in REGISTRY.items()]
    for name, cls in REGISTRY.items():
        fields = ", ".join(f"`{{{f}}}`" for f in sorted(cls.message_fields | {"section"}))
        out += ["", f"## {name}", "", cls.description, "", f"Meldungsfelder: {fields}", ""]
        params = [f for f in dataclasses.fields(cls) if f.name != "type"]
        types = get_type_hints(cls)
        if params:
            out += ["| Parameter | Typ | Standard | Bedeutung |", "|---|---|---|---|"]
            out += [
                f"| `{info.metadata.get('alias') or info.name}` | {_type_text(types[info.name])} | "
                f"{_default_text(info)} | {info.metadata.get('description') or ''} |"
                for info in params
            ]
        else:
            out += ["Keine Parameter."]
        out += ["", "Beispiel:", "", "```yaml", cls.example.rstrip(), "```"]
    return "\n".join(out) + "\n"
