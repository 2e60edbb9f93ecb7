"""Values kept in the user's cache folder between runs, as pickles: the compiled rule
sets (rules/compiled.py) and each notation's compiled grammar (extract.py).

A kept value is found by a key that names what it was built from and the program that
built it (version, Python, our own modules), so a change of either builds it anew.  A
missing, damaged or foreign file is ignored and a cache that cannot be written costs
time only.  At most KEEP files of a kind are kept; the least recently used go first.
ANTRAGSCHECK_RULE_CACHE=0 turns the cache off.

Compiling a notation's large patterns costs a one-file check more than reading the
file, and Python cannot pickle a compiled pattern (pickle compiles it again).  So
`dumps` stores the program the regular expression engine was given for each pattern,
and `_pattern` hands it back to the engine.  The key names the Python version, whose
engine wrote the program; a program the engine refuses is compiled from its text.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import pickle
import re
import sys
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from antragscheck import __version__
from antragscheck.usercache import default_cache_dir

if TYPE_CHECKING:
    from hashlib import _Hash

T = TypeVar("T")

KEEP = 32  # files kept per folder; the oldest go
_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def _code_stamp() -> bytes:
    """The program's own modules (name, size, modification time): code that changes
    without a new version number (a development checkout) gives a new key."""
    stamp = []
    for folder in (_PACKAGE, _PACKAGE / "rules", _PACKAGE / "rules" / "checks"):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    stat = entry.stat()
                    stamp.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return "".join(stamp).encode("utf-8", "surrogateescape")


@functools.cache
def _sha256_type() -> Callable[[bytes], _Hash]:
    """Python's own SHA-256 (the same digest as hashlib's).  Importing hashlib loads
    OpenSSL first, ~2 ms of every start and of every worker's, for the few kilobytes
    the keys here hash; where Python was built without its own, hashlib's."""
    try:
        if sys.version_info >= (3, 12):
            from _sha2 import sha256  # type: ignore[import-not-found]
        else:
            from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:
        from hashlib import sha256
    constructor: Callable[[bytes], _Hash] = sha256
    return constructor


def sha256(data: bytes = b"") -> _Hash:
    """A SHA-256 digest of `data`, to be updated (see _sha256_type)."""
    return _sha256_type()(data)


def program_key() -> _Hash:
    """A digest started with what names the program: version, Python, own modules."""
    digest = sha256(f"{__version__}\0{sys.version}\0".encode())
    digest.update(_code_stamp())
    return digest


def enabled() -> bool:
    return os.environ.get("ANTRAGSCHECK_RULE_CACHE", "1") != "0"


def by_value(folder: str, value: object, kind: type[T], build: Callable[[], T]) -> T:
    """What `build()` makes of `value` (a notation: its grammar), from the cache when
    the same value was built before by the same program."""
    if not enabled():
        return build()
    try:
        digest = program_key()
        digest.update(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a value that cannot be keyed is built
        return build()
    return by_key(folder, digest.hexdigest()[:40], kind, build)


def by_key(kind_folder: str, name: str, kind: type[T], build: Callable[[], T]) -> T:
    """The value kept as `name`, or `build()` (then kept)."""
    folder = default_cache_dir() / kind_folder
    path = folder / f"{name}.pickle"
    with contextlib.suppress(Exception):  # missing, damaged or foreign: build anew
        loaded = pickle.loads(path.read_bytes())
        if isinstance(loaded, kind):
            with contextlib.suppress(OSError):  # used now: the last to go (see _store)
                os.utime(path)
            return loaded
    built = build()
    with contextlib.suppress(Exception):  # a cache that cannot be written costs time only
        _store(folder, path, dumps(built))
    return built


class _Pickler(pickle.Pickler):
    """Pickles compiled patterns with their program (see the module docstring)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str):
            program = _program(obj)
            if program is not None:
                return _pattern, program
        return NotImplemented  # pickled as Python does: compiled again when loaded


def dumps(value: object) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


def _program(compiled: re.Pattern[str]) -> tuple[Any, ...] | None:
    """What the engine was given for `compiled` (as re._compiler.compile gives it), with
    a checksum; None when this Python's engine is not the one we know."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(compiled.pattern, compiled.flags)
        code = _compiler._code(parsed, compiled.flags)
        groups = parsed.state.groupdict
        names: list[str | None] = [None] * parsed.state.groups
        for name, index in groups.items():
            names[index] = name
        flags = compiled.flags | parsed.state.flags
        program = array("I", code).tobytes()
    except Exception:
        return None
    if (parsed.state.groups - 1, dict(groups)) != (compiled.groups, compiled.groupindex):
        return None
    check = zlib.crc32(program, zlib.crc32(compiled.pattern.encode("utf-8", "surrogatepass")))
    return compiled.pattern, flags, program, check, compiled.groups, dict(groups), tuple(names)


def _pattern(
    text: str,
    flags: int,
    program: bytes,
    check: int,
    groups: int,
    groupindex: dict[str, int],
    indexgroup: tuple[str | None, ...],
) -> re.Pattern[str]:
    """A compiled pattern from its program.  The engine trusts a program, so one that
    does not match its checksum (a damaged file) is compiled from its text instead, and
    so is one the engine refuses."""
    import _sre  # type: ignore[import-not-found]

    if zlib.crc32(program, zlib.crc32(text.encode("utf-8", "surrogatepass"))) != check:
        return re.compile(text, flags)
    try:
        code = array("I")
        code.frombytes(program)
        compiled: re.Pattern[str] = _sre.compile(
            text, flags, code.tolist(), groups, groupindex, indexgroup
        )
    except Exception:  # another engine's program: compile the text
        return re.compile(text, flags)
    return compiled


class Kept:
    """The regular expressions a module compiles when it is imported, kept as their
    programs (see `_program`) in one file of the user's cache per module and program:
    handing the engine a program costs a twentieth of compiling the pattern (~2.5 ms
    of every start, and of every worker's, for the extraction's patterns).  A module
    says `_kept = keep.Kept(__name__)`, compiles its patterns with `_kept.compile`
    and ends with `_kept.done()`, which keeps what was compiled anew.  A program that
    is missing, damaged (checksum) or for another pattern is compiled from its text."""

    FOLDER = "patterns"

    def __init__(self, module: str) -> None:
        self.path: Path | None = None
        self.programs: dict[tuple[str, int], tuple[Any, ...]] = {}
        self.new = False
        if not enabled():
            return
        with contextlib.suppress(Exception):  # no key, no file: compiled as usual
            digest = program_key()
            digest.update(module.encode())
            self.path = default_cache_dir() / self.FOLDER / f"{digest.hexdigest()[:40]}.pickle"
            loaded = pickle.loads(self.path.read_bytes())
            if isinstance(loaded, dict):
                self.programs = loaded
                with contextlib.suppress(OSError):  # used now: the last to go (_store)
                    os.utime(self.path)

    def compile(self, text: str, flags: int = 0) -> re.Pattern[str]:
        program = self.programs.get((text, flags))
        if isinstance(program, tuple) and program and program[0] == text:
            with contextlib.suppress(Exception):  # a program of another shape: compiled
                return _pattern(*program)
        compiled = re.compile(text, flags)
        program = _program(compiled) if self.path is not None else None
        if program is not None:
            self.programs[(text, flags)] = program
            self.new = True
        return compiled

    def done(self) -> None:
        """Keep the programs when a pattern was compiled anew (a cache that cannot be
        written costs time only)."""
        if self.new and self.path is not None:
            with contextlib.suppress(Exception):
                _store(self.path.parent, self.path, pickle.dumps(self.programs))
        self.programs = {}
        self.new = False


def _store(folder: Path, path: Path, data: bytes) -> None:
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in kept[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
