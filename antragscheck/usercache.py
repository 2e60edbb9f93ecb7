"""The user's cache folder, as each platform names it (the audit's results and the
compiled rule sets live there)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_cache_dir() -> Path:
    """The user's cache folder, as each platform names it."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "antragscheck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "antragscheck"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "antragscheck"
