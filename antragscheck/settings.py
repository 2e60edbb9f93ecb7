"""What applies to one file: its configuration, merged with the command-line options,
and the rule set that results.  Rule sets are loaded once per configuration."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from antragscheck import __version__
from antragscheck.commands import UsageError
from antragscheck.config import Config, ConfigError, config_at, find_config
from antragscheck.doctypes import DocumentType
from antragscheck.models import FileResult, Severity
from antragscheck.rules import RuleSet, default_rules_dir, load_rules
from antragscheck.rules.load import rule_files
from antragscheck.rules.schema import Rule
from antragscheck.rules.select import configure, unknown_selectors
from antragscheck.suppress import by_config


@dataclass(frozen=True)
class Options:
    """The command-line options that shape which rules run and what fails."""

    config: Path | None = None
    extra_rules: tuple[Path, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    type_id: str | None = None


@dataclass(frozen=True)
class Settings:
    config: Config
    ruleset: RuleSet
    fail_on: str
    digest: str = ""  # changes whenever a rule file, the configuration or an option does

    def fails(self, result: FileResult) -> bool:
        if self.fail_on == "never":
            return False
        threshold = Severity(self.fail_on).rank
        return any(f.severity.rank >= threshold for f in result.active)

    def accept(self, path: Path, result: FileResult) -> FileResult:
        """Apply this configuration's per-file-ignores to a file's result."""
        source = self.config.source.name if self.config.source else "Konfiguration"
        return by_config(result, self.config.ignored_rules(path), source)


_Identified = TypeVar("_Identified", DocumentType, Rule)


def _first_by_id(items: Iterable[_Identified]) -> list[_Identified]:
    first: dict[str, _Identified] = {}
    for item in items:
        first.setdefault(item.id, item)
    return list(first.values())


@dataclass
class Resolver:
    options: Options = field(default_factory=Options)
    _settings: dict[Path | None, Settings] = field(default_factory=dict)

    def document_types(self) -> list[DocumentType]:
        """Every document type of the rule sets loaded so far, once each."""
        return _first_by_id(t for s in self._settings.values() for t in s.ruleset.document_types)

    def rules(self) -> list[Rule]:
        """Every rule of the rule sets loaded so far, once each."""
        return _first_by_id(r for s in self._settings.values() for r in s.ruleset.rules)

    def config_path(self, path: Path) -> Path | None:
        return self.options.config if self.options.config is not None else find_config(path)

    def for_path(self, path: Path) -> Settings:
        """The settings for `path`; raises ConfigError or RuleFileError."""
        source = self.config_path(path)
        settings = self._settings.get(source)
        if settings is None:
            settings = self._build(source)
            self._settings[source] = settings
        return settings

    def _build(self, source: Path | None) -> Settings:
        config = config_at(source)
        rule_paths = [default_rules_dir(), *config.rule_paths(), *self.options.extra_rules]
        loaded = load_rules(rule_paths)
        select = list(self.options.select) if self.options.select else config.select
        ignore = [*config.ignore, *self.options.ignore]
        where = config.source or Path("Kommandozeile")
        for key, selectors in (
            ("select", select or []),
            ("ignore", ignore),
            ("severity", list(config.severity)),
            ("per-file-ignores", [s for v in config.per_file_ignores.values() for s in v]),
        ):
            unknown = unknown_selectors(loaded, selectors)
            if unknown:
                raise ConfigError(where, f"unbekannte Regel {', '.join(unknown)}", key)
        ruleset = configure(loaded, select, ignore, config.severity)
        if self.options.type_id is not None and ruleset.type(self.options.type_id) is None:
            known = ", ".join(t.id for t in ruleset.document_types)
            raise UsageError(f"Unbekannter Dokumenttyp {self.options.type_id!r}. Bekannt: {known}.")
        fail_on = self.options.fail_on or config.fail_on or "error"
        return Settings(config, ruleset, fail_on, self._digest(rule_paths, config))

    def _digest(self, rule_paths: list[Path], config: Config) -> str:
        digest = hashlib.sha256(__version__.encode())
        for path in rule_files(rule_paths):
            digest.update(path.read_bytes())
        if config.source is not None:
            digest.update(config.source.read_bytes())
        options = self.options
        digest.update(repr((options.select, options.ignore, options.type_id)).encode())
        return digest.hexdigest()[:32]
