"""What applies to one file: its configuration, merged with the command-line options,
and the rule set that results.  Rule sets are loaded once per configuration."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from antragscheck import __version__, keep
from antragscheck import config as configuration
from antragscheck.config import Config, ConfigError, config_at, find_config
from antragscheck.doctypes import DocumentType
from antragscheck.models import FileResult, Severity
from antragscheck.rules import RuleSet, default_rules_dir, load_rules
from antragscheck.rules.evaluate import unreadable
from antragscheck.rules.load import rule_files
from antragscheck.rules.schema import Rule
from antragscheck.rules.select import configure, unknown_selectors
from antragscheck.spec import ByFields, record
from antragscheck.suppress import by_config

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilIndex


class UnknownDocumentType(Exception):
    """--type names a document type no loaded rule file declares (exit code 2)."""


@record(kw_only=False)
class Options(ByFields):
    """The command-line options that shape which rules run and what fails."""

    config: Path | None = None
    extra_rules: tuple[Path, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    type_id: str | None = None
    ris_index: Path | None = None  # --ris-index: the council information system's index


@record(kw_only=False)
class Settings(ByFields):
    """The configuration, rule set and failure threshold that apply to a file."""

    config: Config
    ruleset: RuleSet
    fail_on: str
    digest: str = ""  # changes whenever a rule file, the configuration or an option does
    council_path: Path | None = None  # the council index in effect ([ris], --ris-index)

    def council(self) -> CouncilIndex | None:
        """The council information system's index the checks read, or None."""
        if self.council_path is None:
            return None
        from antragscheck.ris.store import council_index

        return council_index(self.council_path, self.config.ris.max_age)[0]

    def council_hint(self) -> str | None:
        """One line about the council index (missing, old), or None."""
        if self.council_path is None:
            return None
        from antragscheck.ris.store import council_index

        return council_index(self.council_path, self.config.ris.max_age)[1]

    def fails(self, result: FileResult) -> bool:
        if self.fail_on == "never":
            return False
        threshold = Severity(self.fail_on).rank
        return any(f.severity.rank >= threshold for f in result.active)

    def accept(self, path: Path, result: FileResult) -> FileResult:
        """Apply this configuration's per-file-ignores to a file's result (most
        configurations have none: then `result` as it is, at once)."""
        if not self.config.per_file_ignores:
            return result
        source = self.config.source.name if self.config.source else "Konfiguration"
        return by_config(result, self.config.ignored_rules(path), source)

    def unreadable(self, path: Path, display: str, message: str) -> FileResult:
        """The result of a file that could not be checked to its end (a worker stopped
        at its time limit or died, a check that failed inside antragscheck): the rule
        set's unreadable-document finding, with this configuration's per-file-ignores."""
        finding = unreadable(self.ruleset.rules, message)
        return self.accept(path, FileResult(path=display, document_type=None, findings=[finding]))


@record(kw_only=False)
class Known(ByFields):
    """What a process found out about some files, told to a pool's worker before it
    checks them (Resolver.known, Resolver.learn): which configuration governs each
    folder, and the settings of each configuration."""

    answers: dict[tuple[str, str], Path | None]
    settings: dict[Path | None, Settings]


_Identified = TypeVar("_Identified", DocumentType, Rule)


def _first_by_id(items: Iterable[_Identified]) -> list[_Identified]:
    first: dict[str, _Identified] = {}
    for item in items:
        first.setdefault(item.id, item)
    return list(first.values())


@dataclass
class Resolver:
    """The settings of each file, loaded once per configuration."""

    options: Options = field(default_factory=Options)
    _settings: dict[Path | None, Settings] = field(default_factory=dict)

    def document_types(self) -> list[DocumentType]:
        """Every document type of the rule sets loaded so far, once each."""
        return _first_by_id(t for s in self._settings.values() for t in s.ruleset.document_types)

    def rules(self) -> list[Rule]:
        """Every rule of the rule sets loaded so far, once each."""
        return _first_by_id(r for s in self._settings.values() for r in s.ruleset.rules)

    def only(self) -> Settings | None:
        """The settings of every file looked up so far, when that is one (a single
        configuration, or none at all); None when files differ.  A caller that looked
        up each of its files once (the audit, finding them) need not look again."""
        if len(self._settings) != 1:
            return None
        return next(iter(self._settings.values()))

    def known(self, paths: Iterable[Path], told: Container[Path | None] = ()) -> Known | None:
        """What this resolver found out about `paths` (looked up before: an audit looks
        up every file as it finds them), leaving out the settings of the configurations
        in `told`; None when that is nothing.  A worker that learns it (`learn`) need
        not search for the configuration files, read them and load their rule sets
        again, and ends where this one did: the same files, read to the same settings."""
        answers = configuration.found(paths) if self.options.config is None else {}
        sources = set(answers.values()) if self.options.config is None else {self.options.config}
        settings = {
            source: self._settings[source]
            for source in sources
            if source in self._settings and source not in told
        }
        return Known(answers, settings) if answers or settings else None

    def learn(self, known: Known) -> None:
        """Take what another resolver with the same options found out (see known)."""
        configuration.learn(known.answers)
        for source, settings in known.settings.items():
            self._settings.setdefault(source, settings)

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
            raise UnknownDocumentType(
                f"Unbekannter Dokumenttyp {self.options.type_id!r}. Bekannt: {known}."
            )
        fail_on = self.options.fail_on or config.fail_on or "error"
        council = self.options.ris_index or config.ris_index()
        digest = self._digest(rule_paths, config, council)
        return Settings(config, ruleset, fail_on, digest, council)

    def hints(self) -> list[str]:
        """What the user should hear once about the settings in use (a council index
        that is missing or old)."""
        found = (s.council_hint() for s in self._settings.values())
        return list(dict.fromkeys(h for h in found if h))

    def _digest(self, rule_paths: list[Path], config: Config, council: Path | None) -> str:
        digest = keep.sha256(__version__.encode())
        for path in rule_files(rule_paths):
            digest.update(path.read_bytes())
        if config.source is not None:
            digest.update(config.source.read_bytes())
        options = self.options
        digest.update(repr((options.select, options.ignore, options.type_id)).encode())
        if council is not None:  # findings depend on the index's content too
            from antragscheck.ris.store import council_index

            index = council_index(council, config.ris.max_age)[0]
            digest.update(f"{council}|{index.stamp() if index else ''}".encode())
        return digest.hexdigest()[:32]
