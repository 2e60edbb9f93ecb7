"""The routes: the page (works without JavaScript), the API for other tools, and the
headers every answer carries.

    GET  /                  the page: choose or drop files, results, blank template
    POST /pruefen           the form: results as a page (?teil=ergebnis: only the results)
    POST /kommentieren      the form's second button: the annotated copy (several: a zip)
    GET  /regeln            the rules with their explanations
    POST /api/check         multipart `files` → the `check --format json` document
    POST /api/annotate      multipart `file` → the annotated .docx
    GET  /api/vorlage       ?jahr=2027 → a blank request
    GET  /api/rules         the `rules --format json` list
    GET  /api/openapi.json  the OpenAPI description (no documentation UI: it would need a CDN)
    GET  /healthz           200 while the server runs
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from antragscheck import __version__
from antragscheck.report import json as json_report
from antragscheck.settings import Options
from antragscheck.web import pages
from antragscheck.web.service import Service
from antragscheck.web.uploads import Limits, Scratch, ScratchArea, Upload, UploadError, receive

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCM = "application/vnd.ms-word.document.macroEnabled.12"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Adds the security headers to every answer, and `no-store` to everything but the
    static files: results must not stay in a browser or proxy cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"cache-control", b"pragma")
                ]
                headers += _SECURITY_HEADERS
                headers.append((b"cache-control", b"no-cache" if static else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _multipart_body(field: str, many: bool) -> dict[str, Any]:
    """OpenAPI for a route that reads its multipart body itself (to stream it)."""
    item = {"type": "string", "format": "binary"}
    schema = {"type": "array", "items": item} if many else item
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {field: schema}, "required": [field]}
                }
            },
        }
    }


def attachment(name: str) -> str:
    """Content-Disposition for a download: an ASCII fallback and the UTF-8 name."""
    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def annotated_name(upload: Upload) -> str:
    """antrag.docx → antrag.geprüft.docx (the stored suffix decides the type)."""
    name = upload.name
    stem = name[: -len(".docx")] if name.lower().endswith((".docx", ".docm")) else name
    return f"{stem}.geprüft{upload.path.suffix}"


def create_app(
    options: Options | None = None,
    limits: Limits | None = None,
    temp_root: Path | None = None,
) -> FastAPI:
    """The application; `temp_root` is where the server's private folder for uploads
    goes (default: the system's temporary folder)."""
    service = Service(options or Options(), limits or Limits())
    scratch = ScratchArea(temp_root)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        scratch.close()

    app = FastAPI(
        lifespan=lifespan,
        title="antragscheck",
        version=__version__,
        description="Prüft Stellenschaffungsanträge (Word) vor der Vorlage an den Gemeinderat.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.service = service
    app.add_middleware(SecurityHeaders)
    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")

    def wants_json(request: Request) -> bool:
        return (
            request.url.path.startswith("/api/") or request.query_params.get("teil") == "ergebnis"
        )

    def refuse(request: Request, status: int, title: str, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        return HTMLResponse(pages.error(service, title, message), status_code=status)

    @app.exception_handler(UploadError)
    async def upload_error(request: Request, error: UploadError) -> Response:
        title = "Zu große Sendung" if error.status == 413 else "Sendung nicht lesbar"
        return refuse(request, error.status, title, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        fields = sorted({str(e["loc"][-1]) for e in error.errors() if e.get("loc")})
        message = "Ungültige Angabe" + (f" im Feld {', '.join(fields)}" if fields else "") + "."
        if "jahr" in fields:
            message = "Das Stellenplanjahr muss eine Zahl zwischen 2000 und 2100 sein."
        return refuse(request, 422, "Ungültige Angabe", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return refuse(request, 404, "Seite nicht gefunden", "Diese Seite gibt es nicht.")
        if error.status_code == 405:
            return refuse(request, 405, "Nicht erlaubt", "Diese Anfrageart ist hier nicht möglich.")
        return refuse(request, error.status_code, "Fehler", "Die Anfrage ist fehlgeschlagen.")

    async def uploads(request: Request, files: Scratch, field: str) -> list[Upload]:
        return await receive(request.headers, request.stream(), files, service.limits, field)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(pages.index(service))

    @app.post("/pruefen", response_class=HTMLResponse, include_in_schema=False)
    async def check_form(request: Request) -> HTMLResponse:
        with scratch.request() as files:
            report = await service.check(await uploads(request, files, "files"))
        if request.query_params.get("teil") == "ergebnis":
            return HTMLResponse(pages.results(service, report))
        return HTMLResponse(pages.index(service, report))

    @app.post("/kommentieren", include_in_schema=False)
    async def annotate_form(request: Request) -> Response:
        copies: list[tuple[str, bytes]] = []
        problems: list[str] = []
        with scratch.request() as files:
            for upload in await uploads(request, files, "files"):
                done = await service.annotate(upload)
                if done.data is None:
                    problems.append(f"{upload.name}: {done.result.findings[0].message}")
                else:
                    copies.append((annotated_name(upload), done.data))
        if not copies:
            return HTMLResponse(
                pages.error(service, "Keine kommentierte Kopie", " ".join(problems)),
                status_code=422,
            )
        if len(copies) == 1 and not problems:
            name, data = copies[0]
            media = DOCM if name.endswith(".docm") else DOCX
            return Response(
                data, media_type=media, headers={"Content-Disposition": attachment(name)}
            )
        return _zip(copies, problems)

    @app.get("/regeln", response_class=HTMLResponse, include_in_schema=False)
    async def rules_page() -> HTMLResponse:
        return HTMLResponse(pages.rules(service))

    @app.post(
        "/api/check",
        summary="Anträge prüfen",
        description="Wie `antragscheck check --format json`: je Datei die Befunde.",
        openapi_extra=_multipart_body("files", many=True),
        responses={413: {"description": "Zu große Sendung"}},
    )
    async def api_check(request: Request) -> Response:
        with scratch.request() as files:
            report = await service.check(await uploads(request, files, "files"))
        return Response(json_report.render(report), media_type="application/json")

    @app.post(
        "/api/annotate",
        summary="Kommentierte Kopie",
        description="Die Word-Datei mit einem Kommentar je Befund (wie `antragscheck annotate`).",
        openapi_extra=_multipart_body("file", many=False),
        responses={
            200: {"content": {DOCX: {}}, "description": "Die kommentierte Kopie"},
            413: {"description": "Zu große Sendung"},
            422: {"description": "Die Datei ist unlesbar"},
        },
    )
    async def api_annotate(request: Request) -> Response:
        with scratch.request() as files:
            received = await uploads(request, files, "file")
            if len(received) != 1:
                raise UploadError("Bitte genau eine Datei im Feld „file“ senden.")
            (upload,) = received
            done = await service.annotate(upload)
        if done.data is None:
            message = f"{upload.name}: {done.result.findings[0].message}"
            return JSONResponse({"detail": message}, status_code=422)
        name = annotated_name(upload)
        media = DOCM if name.endswith(".docm") else DOCX
        return Response(
            done.data, media_type=media, headers={"Content-Disposition": attachment(name)}
        )

    @app.get(
        "/api/vorlage",
        summary="Leere Vorlage",
        description="Ein leerer Antrag mit allen Abschnitten (wie `antragscheck vorlage`).",
        responses={200: {"content": {DOCX: {}}, "description": "Die Vorlage"}},
    )
    async def api_template(
        jahr: int = Query(default_factory=lambda: dt.date.today().year + 1, ge=2000, le=2100),
        typ: str | None = Query(default=None, max_length=100),
    ) -> Response:
        if typ is not None and service.settings.ruleset.type(typ) is None:
            known = ", ".join(t.id for t in service.document_types)
            return JSONResponse(
                {"detail": f"Unbekannter Dokumenttyp. Bekannt: {known}."}, status_code=422
            )
        with scratch.request() as files:
            data = await service.template(jahr, typ, files)
        return Response(
            data,
            media_type=DOCX,
            headers={"Content-Disposition": attachment(f"Stellenschaffung_{jahr}.docx")},
        )

    @app.get("/api/rules", summary="Regeln", description="Wie `antragscheck rules --format json`.")
    async def api_rules() -> Response:
        text = json.dumps(service.rule_rows(), ensure_ascii=False, indent=2)
        return Response(text, media_type="application/json")

    @app.get("/healthz", summary="Läuft der Server?")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _zip(copies: list[tuple[str, bytes]], problems: list[str]) -> Response:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        seen: set[str] = set()
        for index, (name, data) in enumerate(copies, start=1):
            unique = name if name not in seen else f"{index}_{name}"
            seen.add(unique)
            archive.writestr(unique, data)
        if problems:
            text = "Ohne kommentierte Kopie (unlesbar):\r\n" + "\r\n".join(problems) + "\r\n"
            archive.writestr("nicht_kommentiert.txt", text.encode("utf-8-sig"))
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": attachment("antraege_geprueft.zip")},
    )
