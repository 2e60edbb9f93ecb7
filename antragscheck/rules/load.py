"""Load and validate rule files into a `RuleSet`.

A broken rule file raises `RuleFileError` naming the file, the rule and what is wrong;
the command line turns it into exit code 2.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, fields
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from antragscheck import german
from antragscheck.doctypes import DocumentType
from antragscheck.models import Antrag
from antragscheck.notations import Notation, NotationError, check_fits, resolve, with_headings
from antragscheck.rules import compiled
from antragscheck.rules.schema import Rule, RuleFile
from antragscheck.spec import ByFields, record, validate


def _yaml() -> tuple[Any, Any]:
    """PyYAML and its safe loader, imported when a rule file is read (a cached rule set
    needs neither).  libyaml's loader is ten times faster than the pure-Python one;
    PyYAML's wheels ship it."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleFileError(Exception):
    def __init__(
        self, path: Path, message: str, rule: str | None = None, line: int | None = None
    ) -> None:
        where = f"{path}" + (f", Zeile {line}" if line else "") + (f", {rule}" if rule else "")
        super().__init__(f"{where}: {message}")
        self.path = path
        self.rule = rule
        self.line = line
        self.message = message


def _line_of(path: Path, loc: Sequence[int | str]) -> int | None:
    """The line (1-based) of the YAML node at `loc` ("rules", 3, "check", …), or of the
    deepest node on the way that exists."""
    yaml, _SafeLoader = _yaml()
    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            node = pair[1] if pair else None
            if pair is not None:  # a key's line, where a clerk looks for the key
                line = pair[0].start_mark.line + 1
                continue
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _rule_line(path: Path, rule_id: str) -> int | None:
    """The line of the rule `rule_id`; of its last entry when the file repeats the id
    (the repetition is what is wrong)."""
    yaml, _SafeLoader = _yaml()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
        index = [i for i, r in enumerate(data.get("rules", [])) if r.get("id") == rule_id][-1]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, IndexError, AttributeError):
        return None
    return _line_of(path, ("rules", index))


@record(kw_only=False)
class RuleSet(ByFields):
    """The loaded rules, document types and notations (kept in the cache)."""

    document_types: tuple[DocumentType, ...]
    rules: tuple[Rule, ...]
    notations: Mapping[str, Notation] = field(default_factory=dict)  # by document type id
    # (id, name) of every rule loaded, before select/ignore left some out.
    catalog: tuple[tuple[str, str], ...] = ()

    def notation(self, doc_type: DocumentType) -> Notation:
        """How requests of this type write their facts (empty when none is declared)."""
        return self.notations.get(doc_type.id) or Notation(document_type=doc_type.id)

    def known(self) -> tuple[tuple[str, str], ...]:
        return self.catalog or tuple((r.id, r.name) for r in self.rules)

    def type(self, type_id: str) -> DocumentType | None:
        return next((t for t in self.document_types if t.id == type_id), None)

    def find(self, name_or_id: str) -> Rule | None:
        return next((r for r in self.rules if name_or_id in (r.id, r.name)), None)


def default_rules_dir() -> Path:
    """rules/ of the repository, or the copy the wheel carries inside the package."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "default_rules"
    return bundled if bundled.is_dir() else package.parent / "rules"


def rule_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.y*ml") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


_OWNERS = {"rules": "Regel", "document_types": "Dokumenttyp", "notations": "Notation"}


def _location(data: Any, loc: Sequence[int | str]) -> tuple[str | None, str]:
    """The rule or document type id a pydantic error points into, and the field path."""
    owner = None
    if len(loc) >= 2 and loc[0] in _OWNERS and isinstance(loc[1], int):
        try:
            entry = data[loc[0]][loc[1]]
            owner = str(entry.get("id") or entry.get("document_type") or f"#{loc[1] + 1}")
        except (KeyError, IndexError, TypeError, AttributeError):
            owner = f"#{loc[1] + 1}"
        loc = loc[2:]
    return owner, ".".join(str(part) for part in loc)


# A rule file is a page or two of YAML; anything far larger is not one.
MAX_RULE_FILE_BYTES = 5 * 1024 * 1024
_NOT_A_RULE_FILE = (
    "ist keine Regeldatei. Regeldateien sind YAML-Dateien (.yaml oder .yml) mit den "
    "Schlüsseln document_types, rules und/oder notations; bitte den Pfad in der "
    "Konfiguration prüfen"
)

# pydantic's messages for the mistakes people make in YAML, in German.
_GERMAN = {
    "extra_forbidden": "unbekannter Schlüssel (Tippfehler?)",
    "unexpected_keyword_argument": "unbekannter Schlüssel (Tippfehler?)",
    "missing": "Pflichtangabe fehlt",
    "missing_argument": "Pflichtangabe fehlt",
    "list_type": "hier wird eine Liste erwartet ([…])",
    "dict_type": "hier wird eine Zuordnung erwartet (schlüssel: wert)",
    "string_type": "hier wird ein Text erwartet",
    "bool_type": "hier wird true oder false erwartet",
    "decimal_parsing": "hier wird eine Zahl erwartet",
    "decimal_type": "hier wird eine Zahl erwartet",
}


def load_file(path: Path) -> RuleFile:
    """The rule file at `path`, or a RuleFileError.  A path that is not a rule file (a
    configuration found next to the documents may name any file) is refused by its
    name, kind, size and shape; its content is never quoted."""
    return _read(path)[0]


def _read(path: Path) -> tuple[RuleFile, dict[str, Any]]:
    """The rule file at `path` and the data it was validated from."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise RuleFileError(path, _NOT_A_RULE_FILE)
    try:
        if not path.is_file() or path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise RuleFileError(path, _NOT_A_RULE_FILE)
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(path, f"Datei nicht lesbar: {german.os_error(exc)}") from None
    except UnicodeDecodeError:
        raise RuleFileError(path, "Datei ist nicht UTF-8-kodiert") from None
    yaml, _SafeLoader = _yaml()
    try:
        data = yaml.load(text, Loader=_SafeLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(
            path,
            f"YAML-Syntaxfehler; bitte Einrückung, Doppelpunkte und Anführungszeichen prüfen "
            f"(technische Angabe: {problem})",
            line=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(data, dict) or not set(data) <= {f.name for f in fields(RuleFile)}:
        raise RuleFileError(path, _NOT_A_RULE_FILE)
    from pydantic import ValidationError

    try:
        return validate(RuleFile, data), data
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt key is the cause, the required key it leaves missing the symptom
        unknown = ("extra_forbidden", "unexpected_keyword_argument")
        error = next((e for e in errors if e["type"] in unknown), errors[0])
        loc = tuple(error["loc"])
        if len(loc) >= 4 and loc[2] == "check":  # drop the discriminator pydantic puts in
            loc = (*loc[:3], *loc[4:])
        owner, field = _location(data, loc)
        kind = _OWNERS.get(str(loc[0]), "Regel") if loc else "Regel"
        message = _GERMAN.get(error["type"]) or german.validation_message(dict(error))
        if error["type"] == "union_tag_invalid":  # check: {type: …} names no check type
            tag = (error.get("ctx") or {}).get("tag")
            message = (
                f"unbekannter Prüftyp {tag!r}; alle Prüftypen zeigt `antragscheck rules checks`"
            )
        where = f"Feld {field}: " if field else ""
        rule = f"{kind} {owner}" if owner else None
        raise RuleFileError(path, f"{where}{message}", rule, _line_of(path, loc)) from None


def load_rules(paths: Sequence[Path] | None = None) -> RuleSet:
    """Load rule files (default: the shipped rules/) and check they fit together; a set
    loaded before from the same files comes from the user's cache (rules/compiled.py)."""
    files = rule_files(paths if paths else [default_rules_dir()])
    return compiled.cached(files, RuleSet, lambda: _load(files), MAX_RULE_FILE_BYTES)


def _load(files: list[Path]) -> RuleSet:
    types: list[DocumentType] = []
    rules: list[tuple[Path, Rule]] = []
    notations: list[tuple[Path, int, Notation, dict[str, Any]]] = []
    for path in files:
        loaded, data = _read(path)
        types.extend(loaded.document_types)
        rules.extend((path, rule) for rule in loaded.rules)
        given = data.get("notations") or []
        notations.extend((path, i, n, given[i]) for i, n in enumerate(loaded.notations))
    if not types:
        raise RuleFileError(files[0] if files else Path("rules"), "kein Dokumenttyp deklariert")
    _check_consistent(types, rules)
    by_id = {t.id: t for t in reversed(types)}
    for path, index, notation, _ in notations:
        try:
            check_fits(notation, index, by_id)
        except NotationError as error:
            line = _line_of(path, ("notations", index, *error.field))
            raise RuleFileError(
                path, error.message, f"Notation {notation.document_type}", line
            ) from None
    resolved = resolve(types, [(n, given) for _, _, n, given in notations])
    types = [with_headings(t, resolved[t.id]) for t in types]
    chosen = tuple(rule for _, rule in rules)
    # the catalog is built once here, not by `known()` for every request
    return RuleSet(tuple(types), chosen, resolved, tuple((r.id, r.name) for r in chosen))


def _check_consistent(types: list[DocumentType], rules: list[tuple[Path, Rule]]) -> None:
    type_ids = {t.id for t in types}
    seen_ids: dict[str, Path] = {}
    seen_names: dict[str, Path] = {}
    for path, rule in rules:

        def fail(
            message: str, value: str | None = None, rule: Rule = rule, path: Path = path
        ) -> RuleFileError:
            line = _value_line(path, rule.id, value)
            return RuleFileError(path, message, f"Regel {rule.id}", line)

        if rule.id in seen_ids:
            raise fail(f"Regel-ID {rule.id} ist doppelt vergeben")
        if rule.name in seen_names:
            raise fail(f"Regelname {rule.name} ist doppelt vergeben")
        seen_ids[rule.id] = seen_names[rule.name] = path
        applies = [t for t in types if rule.document_types is None or t.id in rule.document_types]
        unknown_types = set(rule.document_types or ()) - type_ids
        if unknown_types:
            raise fail(f"unbekannter Dokumenttyp {', '.join(sorted(unknown_types))}")
        for key in _section_keys(rule):
            if not any(t.spec(key) for t in applies):
                raise fail(f"unbekannter Abschnitt {key!r}", key)
        for field_path in _field_paths(rule):
            problem = field_problem(field_path)
            if problem is not None:
                raise fail(problem, field_path.rsplit(".", 1)[-1])


def _section_keys(rule: Rule) -> list[str]:
    keys: list[str] = [rule.section] if rule.section else []
    keys += rule.check.section_keys()
    if rule.when is not None:
        keys += [rule.when.section] if rule.when.section else []
        keys += rule.when.scope if isinstance(rule.when.scope, list) else []
    for example in rule.examples.failing if rule.examples else []:
        if example.expect is not None and example.expect.section not in (None, "*"):
            keys.append(example.expect.section)
    return keys


def _field_paths(rule: Rule) -> list[str]:
    paths = rule.check.field_paths()
    if rule.when is not None and rule.when.field is not None:
        paths += rule.when.field.paths()
    return paths


def field_problem(path: str, model: type = Antrag) -> str | None:
    """Why `path` names no field of the extracted request (German), or None.

    Walks the model's fields; lists and optional values are looked through, and a plain
    value (a date, a number) offers its attributes ("decisions.date.year")."""
    owner: Any = model
    walked: list[str] = []
    for part in path.split("."):
        if isinstance(owner, type) and dataclasses.is_dataclass(owner):
            # its fields: not the class-level annotations a base declares for typing
            fields = {n: t for n, t in get_type_hints(owner).items() if not n.startswith("_")}
            known = sorted(fields)
            annotation = fields.get(part)
        else:
            known = sorted(
                n for n in dir(owner) if not n.startswith("_") and not callable(getattr(owner, n))
            )
            annotation = type(getattr(owner, part)) if part in known else None
        if annotation is None:
            where = f"bei {'.'.join(walked)}" if walked else "im Antrag"
            hint = f" Bekannt sind: {', '.join(known)}." if 0 < len(known) <= 20 else ""
            return f"unbekanntes Feld {path!r}: {part!r} gibt es {where} nicht.{hint}"
        walked.append(part)
        owner = _inner(annotation)
    return None


def _inner(annotation: Any) -> Any:
    """The class a field holds, looking through Optional, list and Annotated."""
    while True:
        args = [a for a in get_args(annotation) if a is not type(None)]
        origin = get_origin(annotation)
        if origin is None or not args:
            return annotation
        annotation = args[0]


def _value_line(path: Path, rule_id: str, value: str | None) -> int | None:
    """The line of the scalar `value` inside the rule `rule_id`, or of the rule itself."""
    yaml, _SafeLoader = _yaml()
    start = _rule_line(path, rule_id)
    if value is None or start is None:
        return start
    try:
        root: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return start
    rules: Any = next((v for k, v in root.value if k.value == "rules"), None)
    node = next((n for n in rules.value if n.start_mark.line + 1 == start), None)
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            if current.value == value or current.value.endswith("." + value):
                return int(current.start_mark.line) + 1
        elif isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in current.value for n in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return start
