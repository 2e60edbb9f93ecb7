"""How long `antragscheck ris sync` takes against a local OParl server, and what an
index costs a check.

A server on 127.0.0.1 (tests/oparl_server.py) serves N papers with two consultations
each, the meetings they point to and a council and a committee, 100 objects a page.
Reported: the first sync (papers/s), a second, incremental sync with 1 % changed, and
the time of `antragscheck check` on a sample with and without the index (whole
processes, medians, ratio measured in the same run).

    python benchmarks/ris_speed.py [--papers 20000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from antragscheck.ris.client import Fetcher, Limits  # noqa: E402
from antragscheck.ris.store import Index  # noqa: E402
from antragscheck.ris.sync import sync  # noqa: E402
from tests.oparl_server import OParl, serve  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from check_speed import timed  # noqa: E402  (one way to time a command)


def populate(server: OParl, papers: int) -> None:
    council = server.organization(1, "Gemeinderat")
    committee = server.organization(2, "Verwaltungsausschuss")
    meetings = max(1, papers // 20)
    for number in range(1, meetings + 1):
        day = f"20{10 + number % 12}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        org = council if number % 2 else committee
        results = {c: "beschlossen" for c in range(number * 100, number * 100 + 40)}
        server.meeting(number, day, org, results)
    for number in range(1, papers + 1):
        first, second = 1 + number % meetings, 1 + (number + 7) % meetings
        server.paper(
            number,
            f"GRDrs {number}/20{10 + number % 12}",
            [
                (first * 100 + number % 40, f"{server.url}/meeting/{first}", committee),
                (second * 100 + number % 40, f"{server.url}/meeting/{second}", council),
            ],
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, serve(OParl()) as server:
        server.behaviour.page_size = 100
        populate(server, args.papers)
        path = Path(folder) / "ris.sqlite3"
        index = Index.create(path)
        with Fetcher(Limits()) as fetcher:
            started = time.perf_counter()
            outcome = sync(server.url, index, fetcher)
            first = time.perf_counter() - started
        assert outcome.complete, outcome.problems
        print(
            f"first sync: {outcome.papers} papers, {outcome.meetings} meetings, "
            f"{outcome.requests} requests in {first:.1f} s "
            f"({outcome.papers / first:.0f} papers/s); "
            f"index {path.stat().st_size / 1e6:.1f} MB"
        )
        for paper in server.papers[::100]:
            paper["modified"] = "2099-01-01T10:00:00+01:00"
        with Fetcher(Limits()) as fetcher:
            started = time.perf_counter()
            outcome = sync(server.url, index, fetcher)
            again = time.perf_counter() - started
        print(
            f"incremental sync: {outcome.changed_papers} changed papers, "
            f"{outcome.requests} requests in {again:.2f} s"
        )
        index.close()
        sample = str(ROOT / "samples" / "stellenschaffung_smart_city_2022.docx")
        plain = [sys.executable, "-m", "antragscheck", "check", sample]
        with_index = [*plain, "--ris-index", str(path)]
        times: dict[str, list[float]] = {"without": [], "with": []}
        for _ in range(args.runs):
            times["without"].append(timed(plain))
            times["with"].append(timed(with_index))
        without, with_ = (statistics.median(times[k]) for k in ("without", "with"))
        print(
            f"check without index {without * 1000:.0f} ms, with index {with_ * 1000:.0f} ms: "
            f"{with_ / without:.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
