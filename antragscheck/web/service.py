"""The pipeline for uploaded files: the same calls as `check`, `annotate`, `vorlage` and
`rules`, run in worker threads (never on the event loop) and at most `Limits.jobs`
at a time, so a slow or hostile file never stops the server from answering others.

The configuration is fixed when the server starts (--config, or the one found from
the server's working folder): a file uploaded into a temporary folder must never pick
up a configuration lying near that folder.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import anyio
import anyio.to_thread

from antragscheck.annotate import AnnotateError, annotate
from antragscheck.commands.rules import rule_rows
from antragscheck.config import find_config
from antragscheck.doctypes import DocumentType
from antragscheck.models import FileResult, Report, Severity
from antragscheck.pipeline import inspect_path
from antragscheck.report import Legend
from antragscheck.rules.schema import Rule
from antragscheck.settings import Options, Resolver, Settings
from antragscheck.template import write_template
from antragscheck.web.uploads import Limits, Scratch, Upload

log = logging.getLogger("antragscheck.web")
T = TypeVar("T")


class _FixedResolver(Resolver):
    """Every file gets the configuration chosen at start, never one found near it."""

    def config_path(self, path: Path) -> Path | None:
        return self.options.config


@dataclass(frozen=True)
class Verdict:
    key: str  # "ok", "warning", "error", "unreadable": for styling and tests
    label: str  # what the clerk reads


VERDICTS = {
    "ok": Verdict("ok", "vollständig"),
    "warning": Verdict("warning", "mit Warnungen"),
    "error": Verdict("error", "mit Fehlern"),
    "unreadable": Verdict("unreadable", "unlesbar"),
}


def verdict(result: FileResult) -> Verdict:
    if result.document_type is None:
        return VERDICTS["unreadable"]
    severities = {f.severity for f in result.active}
    if Severity.error in severities:
        return VERDICTS["error"]
    if Severity.warning in severities:
        return VERDICTS["warning"]
    return VERDICTS["ok"]


@dataclass(frozen=True)
class Annotated:
    """The annotated copy (None when the file was unreadable) and why not."""

    data: bytes | None
    result: FileResult


class Service:
    def __init__(self, options: Options, limits: Limits) -> None:
        config = options.config if options.config is not None else find_config(Path.cwd())
        self.options = Options(
            config=config,
            extra_rules=options.extra_rules,
            select=options.select,
            ignore=options.ignore,
            type_id=options.type_id,
        )
        self.limits = limits
        self.resolver = _FixedResolver(self.options)
        # Load the rules now: a broken rule file or configuration stops the start.
        self.settings: Settings = self.resolver.for_path(Path.cwd())
        self.legend = Legend(self.settings.ruleset.document_types, self.settings.ruleset.rules)
        self._limiter: anyio.CapacityLimiter | None = None

    # -- what the pages show -----------------------------------------------------------

    @property
    def rules(self) -> Sequence[Rule]:
        return self.settings.ruleset.rules

    @property
    def document_types(self) -> Sequence[DocumentType]:
        return self.settings.ruleset.document_types

    def rule_rows(self) -> list[dict[str, object]]:
        return rule_rows(self.settings.ruleset)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    # -- work off the event loop -------------------------------------------------------

    async def _off_loop(self, function: Callable[[], T]) -> T:
        if self._limiter is None:  # created inside the running loop
            self._limiter = anyio.CapacityLimiter(self.limits.jobs)
        return await anyio.to_thread.run_sync(function, limiter=self._limiter)

    def check_file(self, upload: Upload) -> FileResult:
        """One file, as `check` does it (the per-file time bound included)."""
        result, _ = inspect_path(
            upload.path,
            self.settings.ruleset,
            self.options.type_id,
            display=upload.name,
            seconds=self.limits.seconds,
            council=self.settings.council(),  # [ris] of the server's configuration
        )
        return result

    async def check(self, uploads: Sequence[Upload]) -> Report:
        started = time.perf_counter()
        results = []
        for upload in uploads:
            results.append(await self._off_loop(lambda u=upload: self.check_file(u)))  # type: ignore[misc]
        report = Report.of(results)
        log.info(
            "Prüfung: %d Datei(en), %d Befund(e), %.0f ms",
            len(results),
            sum(len(r.findings) for r in results),
            (time.perf_counter() - started) * 1000,
        )
        return report

    def _annotate(self, upload: Upload) -> Annotated:
        result = self.check_file(upload)
        if result.document_type is None:
            return Annotated(None, result)
        target = upload.path.with_name(f"{upload.path.stem}.geprueft{upload.path.suffix}")
        try:
            annotate(upload.path, target, result.findings, self.legend, result.document_type)
        except AnnotateError:
            return Annotated(None, result)
        return Annotated(target.read_bytes(), result)

    async def annotate(self, upload: Upload) -> Annotated:
        started = time.perf_counter()
        done = await self._off_loop(lambda: self._annotate(upload))
        log.info("Kommentierte Kopie: %.0f ms", (time.perf_counter() - started) * 1000)
        return done

    def _template(self, year: int, type_id: str | None, scratch: Scratch) -> bytes:
        doc_type = self.settings.ruleset.type(type_id) if type_id else self.document_types[0]
        if doc_type is None:
            raise KeyError(type_id)
        target = scratch.path("vorlage.docx")
        write_template(doc_type, year, target)
        return target.read_bytes()

    async def template(self, year: int, type_id: str | None, scratch: Scratch) -> bytes:
        return await self._off_loop(lambda: self._template(year, type_id, scratch))
