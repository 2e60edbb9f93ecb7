"""Uploads: the multipart body read as it streams in, each file written into the
server's private temporary folder under a name we choose, the limits enforced before
the next chunk; the request's files are removed when it ends.

A request that declares (Content-Length) or sends more than the limits allow is
refused with `TooLarge` (HTTP 413) without reading the rest.  The client's file name is
kept only for display, cleaned of path parts and control characters.
"""

from __future__ import annotations

import codecs
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MB = 1024 * 1024
_FORM_OVERHEAD = 64 * 1024  # boundaries and part headers on top of the files themselves
_MAX_NAME = 120  # characters of a client file name we show
_MAX_HEADER_BYTES = 16 * 1024  # the headers of one part
_MAX_PARTS_EXTRA = 20  # form fields besides the files (a button's name, say)


@dataclass(frozen=True)
class Limits:
    """What one request may bring and how much work the server does at once."""

    file_bytes: int = 20 * MB
    files: int = 50
    jobs: int = 2  # checks running at the same time, across all requests
    seconds: float = 60.0  # per file, as `check --timeout`

    @property
    def request_bytes(self) -> int:
        return self.files * (self.file_bytes + _FORM_OVERHEAD) + _FORM_OVERHEAD


class UploadError(Exception):
    """An upload we refuse; the message is German and shown to the clerk."""

    status = 400


class TooLarge(UploadError):
    status = 413


def too_large_file(limits: Limits) -> TooLarge:
    return TooLarge(
        f"Eine Datei ist größer als {limits.file_bytes // MB} MB. Größere Anträge bitte "
        "verkleinern (z. B. Bilder komprimieren) oder die IT um ein höheres Limit bitten."
    )


def too_many_files(limits: Limits) -> TooLarge:
    return TooLarge(
        f"Höchstens {limits.files} Dateien auf einmal. Bitte die Anträge in kleineren "
        "Gruppen hochladen."
    )


def too_large_request(limits: Limits) -> TooLarge:
    return TooLarge(
        f"Die Sendung ist zu groß (höchstens {limits.files} Dateien zu je "
        f"{limits.file_bytes // MB} MB)."
    )


@dataclass(frozen=True)
class Upload:
    name: str  # the client's file name, cleaned: for display only, never a path
    path: Path  # where the bytes lie, in the server's private folder
    size: int


def display_name(raw: str) -> str:
    """The client's file name as we show it: the last path part, control and format
    characters replaced, at most `_MAX_NAME` characters; never empty."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join("\ufffd" if unicodedata.category(c)[0] == "C" else c for c in name)
    if len(name) > _MAX_NAME:
        name = name[: _MAX_NAME - 1] + "…"
    return name or "unbenannt.docx"


def stored_suffix(name: str) -> str:
    """.docm keeps its type (the annotated copy must stay a macro document)."""
    return ".docm" if name.lower().endswith(".docm") else ".docx"


@dataclass(frozen=True)
class Scratch:
    """One request's files: in the server's private folder, under names of our own that
    start with a random token; `clear` removes them all."""

    folder: Path
    token: str

    def path(self, name: str) -> Path:
        return self.folder / f"{self.token}-{name}"

    def clear(self) -> None:
        for path in self.folder.glob(f"{self.token}-*"):
            path.unlink(missing_ok=True)


class ScratchArea:
    """The server's private folder (mkdtemp: only this user may enter it), made when
    first needed and removed at shutdown.  One folder for the server, not one per
    request: making and removing a folder costs more than checking a request."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._folder: Path | None = None

    def _ensure(self) -> Path:
        if self._folder is None or not self._folder.is_dir():
            self._folder = Path(tempfile.mkdtemp(prefix="antragscheck-web-", dir=self.root))
        return self._folder

    @contextmanager
    def request(self) -> Iterator[Scratch]:
        """The files of one request, removed when it ends, whatever happened."""
        scratch = Scratch(self._ensure(), secrets.token_hex(8))
        try:
            yield scratch
        finally:
            scratch.clear()

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    handle: BinaryIO | None = None
    upload: Upload | None = None
    size: int = 0
    header_bytes: int = 0


class _Receiver:
    """python-multipart callbacks: files of field `wanted` go to `scratch`, anything
    else is counted and dropped."""

    def __init__(self, scratch: Scratch, wanted: str, limits: Limits, charset: str) -> None:
        self.scratch = scratch
        self.wanted = wanted
        self.limits = limits
        self.charset = charset
        self.uploads: list[Upload] = []
        self.others = 0
        self.part = _Part()
        self._name = b""
        self._value = b""

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._value += data[start:end]

    def _count_header(self, n: int) -> None:
        self.part.header_bytes += n
        if self.part.header_bytes > _MAX_HEADER_BYTES:
            raise UploadError("Die Sendung ist beschädigt (zu lange Kopfzeilen).")

    def on_header_end(self) -> None:
        self.part.headers[self._name.strip().lower()] = self._value.strip()
        self._name = b""
        self._value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        field_name = options.get(b"name", b"").decode(self.charset, "replace")
        filename = options.get(b"filename")
        if field_name != self.wanted or not filename:
            self.others += 1  # another field, or the empty file of an empty chooser
            if self.others > _MAX_PARTS_EXTRA:
                raise UploadError("Die Sendung enthält zu viele Felder.")
            return
        if len(self.uploads) >= self.limits.files:
            raise too_many_files(self.limits)
        name = display_name(filename.decode(self.charset, "replace"))
        index = len(self.uploads) + 1
        path = self.scratch.path(f"{index:03d}{stored_suffix(name)}")
        self.part.handle = path.open("xb")
        self.part.upload = Upload(name=name, path=path, size=0)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.part.handle is None:
            return
        self.part.size += end - start
        if self.part.size > self.limits.file_bytes:
            raise too_large_file(self.limits)
        self.part.handle.write(data[start:end])

    def on_part_end(self) -> None:
        part = self.part
        if part.handle is None or part.upload is None:
            return
        part.handle.close()
        self.uploads.append(Upload(name=part.upload.name, path=part.upload.path, size=part.size))
        self.part = _Part()

    def close(self) -> None:
        if self.part.handle is not None:
            self.part.handle.close()


def _charset(params: Mapping[bytes, bytes]) -> str:
    try:
        return codecs.lookup(params.get(b"charset", b"utf-8").decode("latin-1")).name
    except LookupError:
        return "utf-8"


async def receive(
    headers: Mapping[str, str],
    body: AsyncIterator[bytes],
    scratch: Scratch,
    limits: Limits,
    field_name: str,
) -> list[Upload]:
    """The files sent in `field_name` of a multipart body, written to `scratch`."""
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.request_bytes:
        raise too_large_request(limits)
    content_type, params = parse_options_header(headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise UploadError(
            f"Bitte die Dateien als Formular senden (multipart/form-data, Feld „{field_name}“)."
        )
    receiver = _Receiver(scratch, field_name, limits, _charset(params))
    callbacks = {
        "on_part_begin": receiver.on_part_begin,
        "on_part_data": receiver.on_part_data,
        "on_part_end": receiver.on_part_end,
        "on_header_field": receiver.on_header_field,
        "on_header_value": receiver.on_header_value,
        "on_header_end": receiver.on_header_end,
        "on_headers_finished": receiver.on_headers_finished,
    }
    received = 0
    try:
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        async for chunk in body:
            received += len(chunk)
            if received > limits.request_bytes:
                raise too_large_request(limits)
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise UploadError("Die Sendung ist beschädigt (kein gültiges Formular).") from None
    finally:
        receiver.close()
    if not receiver.uploads:
        raise UploadError(f"Es wurde keine Datei gesendet (Feld „{field_name}“).")
    return receiver.uploads
