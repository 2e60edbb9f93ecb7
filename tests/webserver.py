"""`antragscheck serve` as a real process on a free local port, for the tests that need
the real server (uvicorn) rather than the test client."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(folder: Path, *options: str) -> Iterator[str]:
    """The server's base URL while it runs in `folder` (a folder without configuration)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "antragscheck", "serve", "--port", str(port), *options],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # at most 20 s
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start within 20 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
