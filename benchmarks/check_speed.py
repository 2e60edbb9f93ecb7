"""How long one `antragscheck check` takes, against `python -c "import docx"`.

Both are timed in the same run, interleaved, as whole processes (what a clerk waits
for); the figure that matters is the ratio of the medians (aim: at most 2.0).

    python benchmarks/check_speed.py [--runs 15] [--sample samples/...docx]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--sample", type=Path, default=ROOT / "samples" / "stellenschaffung_smart_city_2022.docx"
    )
    args = parser.parse_args()
    commands = {
        "import docx": [sys.executable, "-c", "import docx"],
        "check (Tabelle)": [sys.executable, "-m", "antragscheck", str(args.sample)],
        "check (JSON)": [
            sys.executable,
            "-m",
            "antragscheck",
            "--format",
            "json",
            str(args.sample),
        ],
    }
    for command in commands.values():  # warm the file cache and the bytecode
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    baseline = statistics.median(times["import docx"])
    print(f"{'Befehl':<18} {'Median':>9} {'Verhältnis':>11}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<18} {median * 1000:>7.1f} ms {median / baseline:>10.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
