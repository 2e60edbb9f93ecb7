"""Open a Word package safely: sniff the container, bound every size, find the parts.

Nothing here knows what a staffing request is.  Every way a file can fail to be a
readable Word document ends in one `UnreadableDocument` with a German message that
names the cause and what the clerk can do.

Limits (documented in the README):
- at most `MAX_PART_BYTES` (100 MB) uncompressed for one part,
- at most `MAX_TOTAL_BYTES` (500 MB) declared uncompressed for the whole package,
- at most `MAX_ENTRIES` (10 000) entries in the zip,
- at most `MAX_RATIO` (200:1) compression ratio for a part we read.
"""

from __future__ import annotations

import errno
import io
import os
import posixpath
import stat
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar

from lxml import etree

from antragscheck import german

MAX_PART_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_RATIO = 200

REL_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

# Strict OOXML uses other namespace names for the same vocabulary; we read it by
# mapping the names onto the transitional ones before parsing.
STRICT_TO_TRANSITIONAL = (
    (
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
)


# What the standard library raises on a damaged archive: a bad header, an unsupported
# zip version or compression, a bad CRC, a corrupt deflate stream, a cut-off file.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


# A zip entry's local header: signature, version (2 bytes), flags, method, time, date,
# CRC and sizes (14 bytes, not needed: the central directory has them), name and extra
# lengths.
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")
# Encrypted (bit 0), compressed patched data (bit 5), strong encryption (bit 6): zipfile
# refuses or asks for a password; `Package.raw` leaves them to it.
_NOT_PLAIN = 0x1 | 0x20 | 0x40


class UnreadableDocument(Exception):
    """The file cannot be read as a Word document.  `cause` is a short stable code
    (for counting), `message` a German sentence for the clerk."""

    def __init__(self, cause: str, message: str) -> None:
        super().__init__(message)
        self.cause = cause
        self.message = message


_STRICT = b"http://purl.oclc.org/ooxml/"  # what the strict namespace names begin with
_parsers = threading.local()


def _parser() -> etree.XMLParser:
    """This thread's parser: a parser used again keeps libxml2's parser context (a new
    one costs ~6 µs a part); lxml parsers are not for several threads at once."""
    parser: etree.XMLParser | None = getattr(_parsers, "parser", None)
    if parser is None:
        # Entities are never expanded, nothing is fetched from the network, and
        # libxml2's own depth and size limits stay on (no huge_tree).
        parser = _parsers.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
    return parser


def parse_xml(data: bytes, part: str) -> etree._Element:
    if _STRICT in data:
        for strict, transitional in STRICT_TO_TRANSITIONAL:
            if strict in data:
                data = data.replace(strict, transitional)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "entit" in str(exc.msg).lower():  # e.g. "Maximum entity amplification …"
            raise UnreadableDocument(
                "xml-entities",
                f"Der Teil {part} enthält XML-Entitäten, die aus Sicherheitsgründen nicht "
                "aufgelöst werden. Bitte das Dokument in Word öffnen und neu speichern "
                f"(technische Angabe: {exc.msg}).",
            ) from None
        raise UnreadableDocument(
            "corrupt-xml",
            f"Der Teil {part} enthält kein gültiges XML. Bitte das Dokument in Word öffnen "
            f"und neu speichern (technische Angabe: {exc.msg}).",
        ) from None
    if root is None:
        raise UnreadableDocument("corrupt-xml", f"Der Teil {part} ist leer.")
    if _has_entity_references(root):
        raise UnreadableDocument(
            "xml-entities",
            f"Der Teil {part} enthält XML-Entitäten, die aus Sicherheitsgründen nicht "
            "aufgelöst werden. Bitte das Dokument in Word öffnen und neu speichern.",
        )
    return root


def _has_entity_references(root: etree._Element) -> bool:
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        return any(True for _ in root.iter(etree.Entity))
    return False


_SNIFF = (
    (
        b"%PDF",
        "pdf",
        "Die Datei ist ein PDF-Dokument, kein Word-Dokument. Bitte die Word-Fassung "
        "(.docx) prüfen.",
    ),
    (
        b"{\\rtf",
        "rtf",
        "Die Datei ist im RTF-Format. Bitte in Word öffnen und im Format .docx speichern.",
    ),
    (b"\x89PNG", "image", "Die Datei ist ein Bild, kein Word-Dokument."),
    (b"\xff\xd8\xff", "image", "Die Datei ist ein Bild, kein Word-Dokument."),
    (b"GIF8", "image", "Die Datei ist ein Bild, kein Word-Dokument."),
)

_ENCRYPTION_MARKERS = (
    "EncryptionInfo".encode("utf-16-le"),
    "EncryptedPackage".encode("utf-16-le"),
)


def _sniff(head: bytes, whole: BinaryIO) -> None:
    """Reject what is plainly not a zip, with the most specific message we can give."""
    if not head:
        raise UnreadableDocument(
            "empty", "Die Datei ist leer (0 Byte). Bitte das Dokument erneut aus Word speichern."
        )
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        whole.seek(0)
        data = whole.read(4 * 1024 * 1024)
        if any(marker in data for marker in _ENCRYPTION_MARKERS):
            raise UnreadableDocument(
                "encrypted",
                "Das Dokument ist mit einem Kennwort geschützt und kann nicht gelesen werden. "
                "Bitte in Word den Kennwortschutz entfernen (Datei › Informationen › Dokument "
                "schützen) und erneut speichern.",
            )
        raise UnreadableDocument(
            "legacy-doc",
            "Die Datei ist ein altes Word-97-2003-Dokument (.doc), auch wenn sie anders heißt. "
            "Bitte in Word öffnen und im Format .docx speichern.",
        )
    for magic, cause, message in _SNIFF:
        if head.startswith(magic):
            raise UnreadableDocument(cause, message)
    if not head.startswith(b"PK"):
        raise UnreadableDocument(
            "not-zip",
            "Die Datei ist kein Word-Dokument (kein .docx-Paket). Bitte in Word öffnen und im "
            "Format .docx speichern.",
        )


@dataclass(slots=True)
class Entry:
    """What the reader needs of one zip entry (zipfile's `ZipInfo` has more)."""

    filename: str
    orig_filename: str
    header_offset: int
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int


def _entry(info: zipfile.ZipInfo) -> Entry:
    return Entry(
        info.filename,
        info.orig_filename,
        info.header_offset,
        info.flag_bits,
        info.compress_type,
        info.CRC,
        info.compress_size,
        info.file_size,
    )


@dataclass
class Package:
    """An opened Word package: its entries and where its main part lives.

    A small file (the usual request) is held in memory whole (`data`) and its central
    directory read by `_central_directory`; zipfile reads any other, and any part that
    does not unpack cleanly (through `zip`, made when first needed)."""

    entries: dict[str, Entry]  # by name; the last of entries with the same name
    main_part: str
    name: str
    _rels: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    handle: BinaryIO | None = None  # the opened file the zip reads from
    data: bytes | None = None  # or the whole file
    _zip: zipfile.ZipFile | None = None
    listing: list[Entry] = field(default_factory=list)  # every entry, in the zip's order

    @property
    def zip(self) -> zipfile.ZipFile:
        if self._zip is None:
            if self.data is None:
                raise ValueError("no file")  # pragma: no cover - made in open_package
            self._zip = zipfile.ZipFile(io.BytesIO(self.data))
        return self._zip

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self.handle is not None:
            self.handle.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, part: str) -> bool:
        return part in self.entries

    def info(self, part: str) -> Entry:
        """The zip entry of `part`, its declared sizes held to the limits."""
        info = self.entries.get(part)
        if info is None:
            raise UnreadableDocument(
                "missing-part",
                f"Dem Dokument fehlt der Teil {part}. Bitte in Word öffnen und neu speichern.",
            )
        _check_declared(info)
        return info

    def read(self, part: str) -> bytes:
        """Read one part, never more than the limits allow, whatever the zip declares."""
        info = self.info(part)
        return self.unpack(info, self.raw(info))

    def raw(self, info: Entry) -> bytes | None:
        """The stored (compressed) bytes of a plain entry, read straight from the file;
        None for anything `unpack` leaves to zipfile (encrypted, other compressions,
        a local header that does not match, a cut-off file)."""
        if (
            info.flag_bits & _NOT_PLAIN
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            or info.file_size <= 0
            or info.compress_size > info.file_size + info.file_size // 256 + 1024
        ):
            return None
        data = self.data
        if data is not None:
            return _stored(info, lambda offset, size: data[offset : offset + size])
        handle = self.handle
        if handle is None:
            return None  # pragma: no cover - one of them is always there

        def read_at(offset: int, size: int) -> bytes:
            handle.seek(offset)
            return handle.read(size)

        try:
            return _stored(info, read_at)
        except (OSError, ValueError):
            return None

    def unpack(self, info: Entry, raw: bytes | None) -> bytes:
        """The part's bytes from its `raw` stored bytes when they unpack to exactly the
        declared size and CRC; everything else goes through zipfile, whose errors (and
        odd successes) decide as they always did."""
        if raw is not None:
            if info.compress_type == zipfile.ZIP_STORED:
                data = raw[: info.file_size]
            else:
                try:
                    data = zlib.decompressobj(-15).decompress(raw, info.file_size)
                except zlib.error:
                    data = b""
            if len(data) == info.file_size and zlib.crc32(data) == info.CRC:
                return data
        part = info.filename
        try:
            archive = self.zip
            with archive.open(archive.getinfo(part)) as stream:
                data = stream.read(MAX_PART_BYTES + 1)
        except (*_ZIP_ERRORS, OSError):
            raise UnreadableDocument(
                "corrupt-zip",
                f"Das Dokument ist beschädigt (der Teil {part} lässt sich nicht entpacken). "
                "Bitte eine unbeschädigte Fassung aus Word speichern.",
            ) from None
        if len(data) > MAX_PART_BYTES:
            raise _too_large(part)
        return data

    def xml(self, part: str) -> etree._Element:
        return parse_xml(self.read(part), part)

    def relationships(self, source: str) -> tuple[tuple[str, str], ...]:
        """(type, target part) of the internal relationships of `source` ("" for the
        package itself); read once per source."""
        cached = self._rels.get(source)
        if cached is None:
            folder, name = posixpath.split(source)
            rels = posixpath.join(folder, "_rels", name + ".rels")
            cached = ()
            if self.has(rels):
                cached = _relationships.get(_relationships.fetch(self, rels, folder))
            self._rels[source] = cached
        return cached

    def related(self, source: str, rel_types: tuple[str, ...]) -> str | None:
        """The target of the first relationship of one of `rel_types` from `source`."""
        for kind, target in self.relationships(source):
            if kind in rel_types:
                return target
        return None


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


T = TypeVar("T")


@dataclass(slots=True)
class Fetched(Generic[T]):
    """A part as `PartCache.fetch` found it: what was built from the same bytes before
    (`hit`), or its bytes, to be built by `PartCache.get`."""

    hit: T | None
    part: str
    context: str
    data: bytes = b""
    raw_key: tuple[object, ...] | None = None


class PartCache(Generic[T]):
    """What was built from a part (relationships, styles, numbering), by the part's
    bytes: requests written from one template (the usual case in a budget office) share
    these parts, and each is parsed once per process.

    A part is known again by its stored bytes in the zip, without unpacking them: the
    same compressed bytes with the same method, CRC and size unpack to the same bytes,
    whose CRC was checked when they were first unpacked.  Else by its unpacked bytes.
    The bytes themselves are compared, never a checksum alone.  Bounded: at most
    `entries` keys holding at most `total` bytes; a part above an eighth of that is
    built every time."""

    def __init__(
        self,
        build: Callable[[bytes, str, str], T],
        entries: int = 32,
        total: int = 8 * 2**20,
    ) -> None:
        self.build = build  # (bytes, part name, context) → what is kept
        self.entries = entries
        self.total = total
        self.held = 0
        self.kept: dict[tuple[object, ...], T] = {}
        self.lock = threading.Lock()

    def fetch(self, package: Package, part: str, context: str = "") -> Fetched[T]:
        """Read `part` (raising what `Package.read` raises) and look it up; `context`:
        what the build depends on besides the bytes."""
        info = package.info(part)
        raw = package.raw(info)
        raw_key = None
        if raw is not None:
            raw_key = (context, info.compress_type, info.CRC, info.file_size, raw)
            hit = self.kept.get(raw_key)
            if hit is not None:
                return Fetched(hit, part, context)
        data = package.unpack(info, raw)
        return Fetched(self.kept.get((context, data)), part, context, data, raw_key)

    def get(self, fetched: Fetched[T]) -> T:
        """What was built from `fetched`'s bytes, built now (and kept) if need be."""
        if fetched.hit is not None:
            return fetched.hit
        built = self.build(fetched.data, fetched.part, fetched.context)
        if fetched.raw_key is not None:
            self._keep(fetched.raw_key, built)
        self._keep((fetched.context, fetched.data), built)
        return built

    def _keep(self, key: tuple[object, ...], built: T) -> None:
        size = _key_size(key)
        if size > self.total // 8:
            return
        with self.lock:  # the web service reads documents in several threads
            if key in self.kept:
                return
            while self.kept and (len(self.kept) >= self.entries or self.held + size > self.total):
                oldest = next(iter(self.kept))
                del self.kept[oldest]
                self.held -= _key_size(oldest)
            self.kept[key] = built
            self.held += size


def _key_size(key: tuple[object, ...]) -> int:
    last = key[-1]
    return len(last) if isinstance(last, bytes) else 0


def _read_relationships(data: bytes, part: str, folder: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (rel.get("Type", ""), _resolve(folder, rel.get("Target", "")))
        for rel in parse_xml(data, part)
        if rel.get("TargetMode") != "External"
    )


_relationships = PartCache(_read_relationships)


def _too_large(part: str) -> UnreadableDocument:
    return UnreadableDocument(
        "too-large",
        f"Der Teil {part} ist entpackt größer als {MAX_PART_BYTES // (1024 * 1024)} MB "
        "(möglicherweise eine Zip-Bombe) und wird nicht gelesen.",
    )


def _check_declared(info: Entry) -> None:
    if info.file_size > MAX_PART_BYTES:
        raise _too_large(info.filename)
    if (
        info.compress_size
        and info.file_size / info.compress_size > MAX_RATIO
        and (info.file_size > 10 * 1024 * 1024)
    ):
        raise _too_large(info.filename)


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file, else `UnreadableDocument`.

    Opened without blocking and checked on the open handle, so a pipe or device named
    like a document (or swapped in after a check) is never read: reading it could wait
    forever, beyond any time limit."""
    fd, _ = _open_regular_fd(path)
    try:
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_regular_fd(path: Path) -> tuple[int, int]:
    """`open_regular`'s file descriptor, and the file's size."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise UnreadableDocument("not-a-file", "Der Pfad ist ein Ordner, keine Datei.") from None
    except PermissionError:
        raise UnreadableDocument(
            "permission",
            "Die Datei kann nicht gelesen werden (keine Leseberechtigung). Bitte die Rechte "
            "prüfen oder die Datei an einen lesbaren Ort kopieren.",
        ) from None
    except FileNotFoundError:
        if path.is_symlink():
            raise UnreadableDocument(
                "dangling-link",
                "Die Datei ist eine Verknüpfung (Symlink) auf eine Datei, die es nicht gibt.",
            ) from None
        raise UnreadableDocument("missing", "Die Datei gibt es nicht (mehr).") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableDocument(
                "link-loop",
                "Die Verknüpfung (Symlink) verweist im Kreis auf sich selbst und führt zu keiner "
                "Datei.",
            ) from None
        raise UnreadableDocument(
            "os-error", f"Die Datei kann nicht geöffnet werden: {german.os_error(exc)}."
        ) from None
    try:
        status = os.fstat(fd)
        mode = status.st_mode
        if not stat.S_ISREG(mode):
            kind = "ein Ordner" if stat.S_ISDIR(mode) else "eine Pipe oder ein Gerät"
            raise UnreadableDocument(
                "not-regular",
                f"Der Pfad ist {kind}, keine gewöhnliche Datei, und wird nicht gelesen.",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return fd, status.st_size
    except BaseException:
        os.close(fd)
        raise


def open_package(path: Path) -> Package:
    """Open `path` as a Word package or raise `UnreadableDocument`.  Close it with
    `Package.close()` or use it as a context manager."""
    fd, size = _open_regular_fd(path)
    if size <= _IN_MEMORY:
        # Read whole in one call (not more: a buffer of the limit's size costs).
        try:
            data = os.read(fd, size + 1)
        except OSError as exc:
            os.close(fd)
            raise _os_error(exc) from None
        if len(data) == size:
            os.close(fd)
            return _from_memory(data, path.name)
        # (changed while being read: read from the file, as a larger one)
    try:
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    try:
        try:
            head = handle.read(8)
            _sniff(head, handle)
            handle.seek(0)
            archive = zipfile.ZipFile(handle)
        except UnreadableDocument:
            raise
        except _ZIP_ERRORS:
            raise _not_a_zip() from None
        except OSError as exc:
            raise _os_error(exc) from None
        try:
            listing = [_entry(i) for i in archive.infolist()]
            entries = {entry.filename: entry for entry in listing}  # the last of a name
            package = Package(entries, "", "", handle=handle, _zip=archive, listing=listing)
            return _inspect(package, path.name)
        except BaseException:
            archive.close()
            raise
    except BaseException:
        handle.close()
        raise


def _from_memory(data: bytes, name: str) -> Package:
    """The package of a file read whole: its central directory read by
    `_central_directory` when it is plainly the way Word writes it, else by zipfile
    (over the same bytes, with the same errors as from the file)."""
    _sniff(data[:8], io.BytesIO(data))
    listing = _central_directory(data)
    archive = None
    if listing is None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except _ZIP_ERRORS:
            raise _not_a_zip() from None
        listing = [_entry(i) for i in archive.infolist()]
    entries = {entry.filename: entry for entry in listing}  # the last of a name
    package = Package(entries, "", "", data=data, _zip=archive, listing=listing)
    try:
        return _inspect(package, name)
    except BaseException:
        package.close()
        raise


def _not_a_zip() -> UnreadableDocument:
    return UnreadableDocument(
        "corrupt-zip",
        "Das Dokument ist beschädigt oder unvollständig (kein gültiges Zip-Paket). Bitte "
        "eine unbeschädigte Fassung aus Word speichern.",
    )


def _os_error(exc: OSError) -> UnreadableDocument:
    return UnreadableDocument(
        "os-error", f"Die Datei kann nicht gelesen werden: {german.os_error(exc)}."
    )


# A file up to this size is read whole, in one call: its parts are then sliced out of
# memory instead of read with a seek and three reads each.
_IN_MEMORY = 1024 * 1024
_END = struct.Struct("<4s4H2LH")  # end of central directory, no comment
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # a central directory entry
_UTF8_NAME = 0x800
_ZIP64_LOCATOR = b"PK\x06\x07"


def _central_directory(data: bytes) -> list[Entry] | None:
    """The entries of the zip `data`, exactly as zipfile's `infolist()` has them, or
    None where zipfile could see anything else or fail: an archive comment, Zip64,
    data before the archive, an entry or extra field that does not fit, a name zipfile
    would change (a NUL or a backslash) or cannot decode, an unknown zip version.
    (zipfile reads the entries up to the central directory's declared size and ignores
    its declared count; so does this.)"""
    if len(data) < 42 or data[-22:-18] != b"PK\x05\x06" or data[-2:] != b"\0\0":
        return None
    if data[-42:-38] == _ZIP64_LOCATOR:
        return None
    end = len(data) - 22
    _, _, _, _, _, size, offset, _ = _END.unpack_from(data, end)
    if offset + size != end:  # data before the archive, or a bad offset
        return None
    listing: list[Entry] = []
    position = offset
    unpack = _CENTRAL.unpack_from
    while position < end:
        if position + 46 > end:
            return None
        (
            magic,
            _,
            version,
            flags,
            method,
            _,
            _,
            crc,
            compress_size,
            file_size,
            name_length,
            extra_length,
            comment_length,
            _,
            _,
            _,
            header_offset,
        ) = unpack(data, position)
        name_at = position + 46
        extra_at = name_at + name_length
        position = extra_at + extra_length + comment_length
        if (
            magic != b"PK\x01\x02"
            or position > end
            or version > zipfile.MAX_EXTRACT_VERSION
            or 0xFFFFFFFF in (compress_size, file_size, header_offset)
        ):
            return None
        if extra_length and not _plain_extra(data[extra_at : extra_at + extra_length]):
            return None
        raw_name = data[name_at:extra_at]
        name = raw_name.decode("ascii") if raw_name.isascii() else _entry_name(raw_name, flags)
        if name is None or "\0" in name or "\\" in name:
            return None
        listing.append(
            Entry(name, name, header_offset, flags, method, crc, compress_size, file_size)
        )
    return listing


def _plain_extra(extra: bytes) -> bool:
    """Whether zipfile reads these extra fields without failing.  (It changes nothing
    on account of them: a Zip64 field only stands for sizes and offsets given as
    0xFFFFFFFF, which `_central_directory` leaves to zipfile.)"""
    while len(extra) >= 4:
        _, length = struct.unpack_from("<HH", extra)
        if length + 4 > len(extra):
            return False
        extra = extra[length + 4 :]
    return True


def _stored(info: Entry, read_at: Callable[[int, int], bytes]) -> bytes | None:
    """An entry's stored bytes, after its local header (`read_at(offset, size)` reads
    the file or its bytes in memory); None where the header is cut off, is no local
    header or names another entry, or the stored bytes are cut off."""
    header = read_at(info.header_offset, _LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        return None
    magic, flags, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if magic != b"PK\x03\x04":
        return None
    start = info.header_offset + _LOCAL_HEADER.size
    if _entry_name(read_at(start, name_length), flags) != info.orig_filename:
        return None
    stored = read_at(start + name_length + extra_length, info.compress_size)
    return stored if len(stored) == info.compress_size else None


def _entry_name(raw: bytes, flags: int) -> str | None:
    """An entry's name as zipfile decodes it; None where it cannot."""
    if raw.isascii():  # the same in UTF-8 and cp437, at C speed
        return raw.decode("ascii")
    try:
        return raw.decode("utf-8" if flags & _UTF8_NAME else "cp437")
    except UnicodeDecodeError:
        return None


def _inspect(package: Package, name: str) -> Package:
    package.name = name
    infos = package.listing
    if len(infos) > MAX_ENTRIES:
        raise UnreadableDocument(
            "too-large", f"Das Paket enthält mehr als {MAX_ENTRIES} Teile und wird nicht gelesen."
        )
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise UnreadableDocument(
            "too-large",
            f"Das Paket ist entpackt größer als {MAX_TOTAL_BYTES // (1024 * 1024)} MB "
            "(möglicherweise eine Zip-Bombe) und wird nicht gelesen.",
        )
    names = package.entries
    mimetype = package.read("mimetype")[:100] if "mimetype" in names else b""
    if b"opendocument" in mimetype or ("content.xml" in names and "META-INF/manifest.xml" in names):
        raise UnreadableDocument(
            "opendocument",
            "Die Datei ist ein OpenDocument-Dokument (.odt), kein Word-Dokument. Bitte in "
            "Word oder LibreOffice öffnen und im Format .docx (Word 2007-365) speichern.",
        )
    main = package.related("", REL_OFFICE_DOCUMENT) if "_rels/.rels" in names else None
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main is None or main not in names:
        raise UnreadableDocument("no-main-part", NO_MAIN_PART)
    package.main_part = main
    return package


NO_MAIN_PART = (
    "Das Paket enthält kein Word-Hauptdokument. Ist es eine andere Office-Datei "
    "(Excel, PowerPoint, Design)? Bitte die Word-Fassung (.docx) prüfen."
)
