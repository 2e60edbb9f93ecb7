"""`antragscheck serve`: the web page and API on uvicorn (needs the extra `[web]`)."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from antragscheck.commands import EXIT_OK, UsageError
from antragscheck.settings import Options

WEB_PACKAGES = ("fastapi", "uvicorn", "python_multipart", "jinja2")
INSTALL_HINT = (
    "Der Webserver braucht Zusatzpakete, die nicht installiert sind ({missing}). "
    'Bitte installieren mit: pip install "antragscheck[web]"'
)


def missing_web_packages() -> list[str]:
    return [name for name in WEB_PACKAGES if importlib.util.find_spec(name) is None]


def run_serve(
    *,
    host: str,
    port: int,
    config: Path | None,
    extra_rules: tuple[Path, ...],
    max_mb: int,
    max_files: int,
    jobs: int,
    timeout: float,
) -> int:
    missing = missing_web_packages()
    if missing:
        raise UsageError(INSTALL_HINT.format(missing=", ".join(missing)))
    import uvicorn

    from antragscheck.web.app import create_app
    from antragscheck.web.uploads import MB, Limits

    limits = Limits(file_bytes=max_mb * MB, files=max_files, jobs=jobs, seconds=timeout)
    app = create_app(Options(config=config, extra_rules=extra_rules), limits)
    log = logging.getLogger("antragscheck.web")  # counts and timings only, never names
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"antragscheck läuft auf http://{shown}:{port}/ (Beenden mit Strg+C). "
        f"Bis {max_files} Dateien zu je {max_mb} MB, {jobs} Prüfungen gleichzeitig."
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"Hinweis: Der Server ist unter {host} auch von anderen Rechnern erreichbar, "
            "ohne Verschlüsselung und Anmeldung. Üblich ist 127.0.0.1 hinter dem Reverse "
            "Proxy (siehe README)."
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,  # trusts X-Forwarded-* only from FORWARDED_ALLOW_IPS (127.0.0.1)
        server_header=False,
        timeout_keep_alive=5,
        log_level="info",
    )
    return EXIT_OK
