"""Throughput and memory of `antragscheck serve`, against the command line's own cost.

    python benchmarks/web_speed.py [--requests 200] [--uploads 1000] [--jobs 2]

Starts the real server (uvicorn, loopback only, on a free port) and reports, in one run:
- the in-process cost of one request as the command line does it (check_path and the
  JSON report), the baseline (best of three rounds, as every figure here: on a shared
  machine other load only ever adds);
- requests per second for POST /api/check with one seed-size file
  (samples/stellenschaffung_smart_city_2022.docx) at 1 and 8 concurrent clients, and
  the server's cost per request against the baseline;
- the server's resident memory after every 100 of --uploads uploads, and its peak
  (VmHWM on Linux): it should stay flat.
Needs the web extra and psutil (pip install ".[web,bench]").  Every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "samples" / "stellenschaffung_smart_city_2022.docx"
BOUNDARY = "antragscheck-benchmark"


def multipart(path: Path) -> bytes:
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        "\r\n\r\n"
    ).encode()
    return head + path.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(port: int, jobs: int, folder: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "antragscheck", "serve", "--port", str(port), "-j", str(jobs)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):  # at most 20 s
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def in_process_cost(rounds: int) -> float:
    """Seconds per request for what `antragscheck check --format json` does in-process."""
    from antragscheck.models import Report
    from antragscheck.pipeline import check_path
    from antragscheck.report import json as json_report
    from antragscheck.rules import load_rules

    ruleset = load_rules()
    for _ in range(20):
        json_report.render(Report.of([check_path(SAMPLE, ruleset)]))
    best = float("inf")
    for _ in range(3):  # the best of three: other load on the machine only adds
        start = time.perf_counter()
        for _ in range(rounds):
            json_report.render(Report.of([check_path(SAMPLE, ruleset)]))
        best = min(best, (time.perf_counter() - start) / rounds)
    return best


def post_many(port: int, body: bytes, count: int, latencies: list[float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    for _ in range(count):
        start = time.perf_counter()
        connection.request("POST", "/api/check", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"POST /api/check answered {response.status}")
        latencies.append(time.perf_counter() - start)
    connection.close()


def throughput(port: int, body: bytes, clients: int, total: int) -> tuple[float, float]:
    """(requests per second, median latency in seconds) with `clients` connections."""
    latencies: list[float] = []
    each = max(1, total // clients)
    threads = [
        threading.Thread(target=post_many, args=(port, body, each, latencies))
        for _ in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return each * clients / elapsed, statistics.median(latencies)


def peak_rss(pid: int) -> int | None:
    """VmHWM (peak resident set) from /proc on Linux; None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per round and level")
    parser.add_argument("--uploads", type=int, default=1000, help="for the memory figure")
    parser.add_argument("--jobs", type=int, default=2, help="the server's -j")
    args = parser.parse_args()
    import psutil

    body = multipart(SAMPLE)
    print(f"Datei: {SAMPLE.name}, {SAMPLE.stat().st_size:,} Bytes; Server -j {args.jobs}")
    baseline = in_process_cost(args.requests)
    print(f"Kommandozeile, im Prozess: {baseline * 1000:.2f} ms je Anfrage (check + JSON)")

    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start_server(port, args.jobs, Path(folder))
        try:
            process = psutil.Process(server.pid)
            throughput(port, body, 1, 20)  # warm up
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request(
                "POST",
                "/api/check",
                body=body,
                headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
            )
            answer = json.loads(connection.getresponse().read())
            connection.close()
            if answer["files"][0]["document_type"] is None:  # a fast "unlesbar" proves nothing
                raise SystemExit("the server did not read the sample")
            for clients in (1, 8):
                rate, median = max(
                    throughput(port, body, clients, args.requests) for _ in range(3)
                )  # the best of three, as for the baseline
                print(
                    f"POST /api/check, {clients} Client(s): {rate:.0f} Anfragen/s, "
                    f"Median {median * 1000:.1f} ms; Server {1000 / rate:.2f} ms je Anfrage "
                    f"= {1 / rate / baseline:.1f}× Kommandozeile im Prozess"
                )
            rss = []
            done = 0
            while done < args.uploads:
                step = min(100, args.uploads - done)
                throughput(port, body, 4, step)
                done += step
                rss.append(process.memory_info().rss)
            mib = [r / 2**20 for r in rss]
            print(
                "Speicher des Servers (RSS) nach je 100 Uploads: "
                + ", ".join(f"{m:.0f}" for m in mib)
                + " MiB"
            )
            print(
                f"nach {done} Uploads: erste 100 {mib[0]:.0f} MiB, letzte {mib[-1]:.0f} MiB "
                f"(+{mib[-1] - mib[0]:.1f} MiB)",
                end="",
            )
            peak = peak_rss(server.pid)
            print(f"; Höchststand {peak / 2**20:.0f} MiB" if peak else "")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
