"""Configuration: `antragscheck.toml`, or `[tool.antragscheck]` in `pyproject.toml`.

Found upward from each checked file, then from the working folder; `--config PATH`
overrides the search.  Keys (all optional):

    select = ["S1", "council-reference-missing"]   # only these rules (id, name, id prefix)
    ignore = ["pay-grade-missing"]                   # never these
    severity = { section-too-short = "error" }       # per-rule severity
    fail-on = "warning"                              # error | warning | info | never
    rules = ["regeln/"]                              # extra rule files or folders
    exclude = ["vorlagen/**", "*.dotx"]              # files not to check
    per-file-ignores = { "alt/*.docx" = ["S103"] }   # accepted findings, by file glob

    [ris]                                            # council information system (OParl)
    url = "https://ris.example.de/oparl/v1.1/"       # for `antragscheck ris sync`
    index = "ris-index.sqlite3"                      # the local index the checks read
    max-age = 30                                     # days before a hint to sync again

Unknown keys and wrong values are errors naming the file and the key.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from antragscheck import german
from antragscheck.german import LEVELS
from antragscheck.models import Severity
from antragscheck.spec import Hook, Spec, record, validate

CONFIG_FILE = "antragscheck.toml"
FailOn = Literal["error", "warning", "info", "never"]


class ConfigError(Exception):
    def __init__(self, path: Path, message: str, key: str | None = None) -> None:
        where = f"{path}" + (f", Schlüssel {key}" if key else "")
        super().__init__(f"{where}: {message}")
        self.path = path
        self.key = key


@record
class RisConfig(Spec):
    """`[ris]`: where the council information system is and where its index lies."""

    url: str | None = None
    index: str | None = None
    max_age: int = field(default=30, metadata={"ge": 1, "alias": "max-age"})  # days


def _german_fail_on(value: Any) -> Any:
    return LEVELS.get(value.lower(), value) if isinstance(value, str) else value


def _german_severity(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {k: LEVELS.get(v.lower(), v) if isinstance(v, str) else v for k, v in value.items()}


@record
class Config(Spec):
    """The keys of the file (validated by pydantic when a file is read, see spec.py)."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: Annotated[dict[str, Severity], Hook(_german_severity, before=True)] = field(
        default_factory=dict
    )
    fail_on: Annotated[FailOn | None, Hook(_german_fail_on, before=True)] = field(
        default=None, metadata={"alias": "fail-on"}
    )
    rules: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(
        default_factory=dict, metadata={"alias": "per-file-ignores"}
    )
    ris: RisConfig = field(default_factory=RisConfig)
    # Where it came from: not a key of the file (pydantic leaves out fields not in
    # __init__), set by `load_config`.
    source: Path | None = field(default=None, init=False)

    @property
    def root(self) -> Path:
        """The folder globs and rule paths are relative to."""
        return self.source.parent if self.source else Path.cwd()

    def ris_index(self) -> Path | None:
        """The council index this configuration names: `[ris] index` (relative to the
        file), or the default place when only `[ris] url` is given; None without `[ris]`."""
        if self.ris.index:
            return self.root / self.ris.index
        if self.ris.url:
            from antragscheck.ris.store import default_index_path

            return default_index_path()
        return None

    def rule_paths(self) -> list[Path]:
        return [(self.root / p) for p in self.rules]

    def _relative(self, path: Path) -> str:
        resolved = path.resolve()
        try:
            return PurePosixPath(resolved.relative_to(self.root.resolve())).as_posix()
        except ValueError:
            return resolved.as_posix()

    def excluded(self, path: Path) -> bool:
        return bool(self.exclude) and _matches_any(self._relative(path), self.exclude)

    def ignored_rules(self, path: Path) -> list[tuple[str, str]]:
        """(selector, glob) of the per-file-ignores that apply to `path`."""
        if not self.per_file_ignores:
            return []
        relative = self._relative(path)
        return [
            (selector, glob)
            for glob, selectors in self.per_file_ignores.items()
            if _matches_any(relative, [glob])
            for selector in selectors
        ]


def _matches_any(relative: str, globs: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    for glob in globs:
        if fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(name, glob):
            return True
        if glob.endswith("/**") and (relative + "/").startswith(glob[:-2]):
            return True
        if "**/" in glob and fnmatch.fnmatch(relative, glob.replace("**/", "")):
            return True
    return False


# Without a configuration file: the defaults.
DEFAULT = Config()


def _table(path: Path) -> dict[str, Any] | None:
    """The antragscheck settings in `path`, or None when it has none."""
    # imported here: most checks find no configuration file to read
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, toml_message(exc)) from None
    except UnicodeDecodeError:
        raise ConfigError(path, "nicht lesbar: die Datei ist nicht UTF-8-kodiert") from None
    except OSError as exc:
        raise ConfigError(path, f"nicht lesbar: {german.os_error(exc)}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        section = tool.get("antragscheck") if isinstance(tool, dict) else None
        return dict(section) if isinstance(section, dict) else None
    return dict(data)


def toml_message(error: Exception) -> str:
    """A TOML syntax error in German: where, and the parser's words for support."""
    text = str(error)
    where = re.search(r"at line (\d+), column (\d+)", text)
    place = f" in Zeile {where.group(1)}, Spalte {where.group(2)}" if where else ""
    if "at end of document" in text:
        place = " am Ende der Datei"
    original = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", text)
    return (
        f"kein gültiges TOML{place}; bitte Klammern, Anführungszeichen und Kommas prüfen "
        f"(technische Angabe: {original})"
    )


def load_config(path: Path) -> Config:
    """Read one configuration file; a pyproject.toml without the section gives DEFAULT."""
    table = _table(path)
    if table is None:
        return DEFAULT
    from pydantic import ValidationError

    try:
        config = validate(Config, table)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]) or None
        raise ConfigError(path, german.validation_message(dict(error)), key) from None
    object.__setattr__(config, "source", path)  # the one field not read from the file
    return config


@lru_cache(maxsize=256)
def _search(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_section(pyproject):
            return pyproject
    return None


@lru_cache(maxsize=256)
def _has_section(pyproject: Path) -> bool:
    """Whether a pyproject.toml has [tool.antragscheck] (read once per process: the
    search from the file's folder and from the working folder often meet there)."""
    return _table(pyproject) is not None


def find_config(path: Path) -> Path | None:
    """The configuration that governs `path`: upward from its folder, then from the
    working folder."""
    # Looked up by text: an audit asks for every file (three times), and building the
    # folder's and the working folder's Path objects cost more than the search.
    key = _key(path)
    try:
        return _answers[key]
    except KeyError:
        pass
    source = _find_from(Path(key[0]), Path(key[1]))
    if len(_answers) >= ANSWERS:  # the oldest answer goes
        del _answers[next(iter(_answers))]
    _answers[key] = source
    return source


# What find_config answered, by (folder, working folder); at most ANSWERS.  A pool's
# worker is told its caller's answers for the files it checks (found, learn): the
# caller looked each file up when it found the files, and a worker that searched again
# would read the same files (a pyproject.toml on the way is parsed) to the same end.
ANSWERS = 1024
_answers: dict[tuple[str, str], Path | None] = {}


def _key(path: Path, cwd: str | None = None) -> tuple[str, str]:
    text = str(path)
    return os.path.dirname(text) if path.suffix else text, cwd or os.getcwd()


def found(paths: Iterable[Path]) -> dict[tuple[str, str], Path | None]:
    """The answers find_config gave in this process for `paths` (those it was asked)."""
    cwd = os.getcwd()
    answers = {}
    for path in paths:
        key = _key(path, cwd)
        if key not in answers and key in _answers:
            answers[key] = _answers[key]
    return answers


def learn(answers: dict[tuple[str, str], Path | None]) -> None:
    """Take answers another process's find_config gave (see found)."""
    for key, source in answers.items():
        if key not in _answers and len(_answers) < ANSWERS:
            _answers[key] = source


@lru_cache(maxsize=1024)
def _find_from(folder: Path, cwd: Path) -> Path | None:
    # Cached per folder as given: an audit asks once per folder, not once per file.
    return _search(folder.resolve()) or _search(cwd.resolve())


@lru_cache(maxsize=64)
def config_at(path: Path | None) -> Config:
    return load_config(path) if path is not None else DEFAULT
