"""Issue #14's aims, each against its floor measured in the same run.

    python benchmarks/speed_aims.py [--n 1000] [--big 10000] [--runs 5] [--keep DIR]

1. start-up: one-file `check` (table, JSON) against `python -c "import docx"` (aim ≤ 2.0×);
2. per request: check in-process against opening the package and parsing
   document.xml, styles.xml and numbering.xml with zipfile + lxml (aim ≤ 3×); the whole
   `audit --jobs 1 --no-cache` against a process doing only that floor (aim ≤ 5×);
3. `audit --jobs 2` against `--jobs 1` at N and BIG requests (aim ≥ 1.7×);
4. peak resident memory of the whole audit (main process and workers) at N and BIG
   requests, and at BIG near-duplicates (aim ≤ 200 MiB and flat).

Whole processes are timed by the wall clock and, where the platform reports it, by the
CPU time they used (user + system, workers included): on a shared machine the CPU
figure is the fairer one.  Medians of --runs.  Needs psutil for the memory figures.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import audit_speed  # noqa: E402

SAMPLE = ROOT / "samples" / "stellenschaffung_smart_city_2022.docx"
PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml")
FLOOR = f"""
import sys, zipfile
from pathlib import Path
from lxml import etree
PARTS = {PARTS!r}
for path in sorted(Path(sys.argv[1]).rglob("*.docx")):
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part in PARTS:
            if part in names:
                etree.fromstring(archive.read(part))
"""


def _children_cpu() -> float:
    """CPU seconds used by the ended child processes (and theirs): microseconds where
    the platform has getrusage, clock ticks from os.times elsewhere (0 on Windows)."""
    try:
        import resource
    except ImportError:
        times = os.times()
        return times.children_user + times.children_system
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children; wall where the
    platform does not report children's CPU)."""
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    cpu = _children_cpu() - before
    return wall, cpu if cpu > 0 else wall


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) per command, the commands interleaved run by run."""
    for command in commands.values():  # warm the file cache, bytecode and rule cache
        timed(command)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            wall, cpu = timed(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {n: (statistics.median(walls[n]), statistics.median(cpus[n])) for n in commands}


def report(title: str, figures: dict[str, tuple[float, float]], baseline: str) -> None:
    base_wall, base_cpu = figures[baseline]
    print(f"\n{title}")
    print(f"  {'':<28} {'Wand':>9} {'×':>6} {'CPU':>9} {'×':>6}")
    for name, (wall, cpu) in figures.items():
        print(
            f"  {name:<28} {wall:>8.3f}s {wall / base_wall:>5.2f}× "
            f"{cpu:>8.3f}s {cpu / base_cpu:>5.2f}×"
        )


def startup(runs: int) -> None:
    # Bytecode as an installed wheel has it (pip compiles at install, and python-docx's
    # is there): with PYTHONDONTWRITEBYTECODE set, every run would compile our sources.
    compileall.compile_dir(ROOT / "antragscheck", quiet=1)
    python = sys.executable
    commands = {
        "import docx": [python, "-c", "import docx"],
        "check (Tabelle)": [python, "-m", "antragscheck", str(SAMPLE)],
        "check (JSON)": [python, "-m", "antragscheck", "--format", "json", str(SAMPLE)],
    }
    report("1. Start (Ziel ≤ 2,0×)", medians(commands, runs), "import docx")


def per_request(folder: Path, runs: int) -> None:
    from lxml import etree

    from antragscheck.pipeline import check_path
    from antragscheck.rules import load_rules

    files = sorted(folder.rglob("*.docx"))
    ruleset = load_rules()

    def floor() -> None:
        for path in files:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                for part in PARTS:
                    if part in names:
                        etree.fromstring(archive.read(part))

    def ours() -> None:
        for path in files:
            check_path(path, ruleset)

    def best(work: Callable[[], None]) -> float:
        times = []
        for _ in range(runs):
            start = time.process_time()
            work()
            times.append(time.process_time() - start)
        return statistics.median(times)

    ours()  # warm up: patterns compiled, caches filled
    floor_s, ours_s = best(floor), best(ours)
    n = len(files)
    print(f"\n2a. Je Antrag im Prozess (Ziel ≤ 3×), {n} Anträge, CPU-Zeit")
    print(f"  zipfile + lxml (3 Teile)  {floor_s / n * 1e3:>7.3f} ms")
    print(f"  check_path                {ours_s / n * 1e3:>7.3f} ms  {ours_s / floor_s:>5.2f}×")
    python = sys.executable
    commands = {
        "Boden (Skript)": [python, "-c", FLOOR, str(folder)],
        "audit --jobs 1 --no-cache": [
            python,
            "-m",
            "antragscheck",
            "audit",
            str(folder),
            "--exit-zero",
            "--no-cache",
            "--jobs",
            "1",
        ],
    }
    report(f"2b. Ganzes audit, {n} Anträge (Ziel ≤ 5×)", medians(commands, runs), "Boden (Skript)")


def parallel(folder: Path, runs: int, label: str) -> None:
    python = sys.executable
    audit = [python, "-m", "antragscheck", "audit", str(folder), "--exit-zero", "--no-cache"]
    commands = {"--jobs 1": [*audit, "--jobs", "1"], "--jobs 2": [*audit, "--jobs", "2"]}
    figures = medians(commands, runs)
    report(f"3. {label}: --jobs 2 gegen --jobs 1 (Ziel: Wand ≤ 1/1,7)", figures, "--jobs 1")
    print(f"  Beschleunigung (Wand): {figures['--jobs 1'][0] / figures['--jobs 2'][0]:.2f}×")


def memory(folder: Path, label: str) -> None:
    for jobs in ("1", "2"):
        seconds, peak = audit_speed.run_audit(folder, "--no-cache", "--jobs", jobs)
        print(f"4. {label}, --jobs {jobs}: Spitze {peak:.0f} MiB (Ziel ≤ 200), {seconds:.1f} s")


def near_duplicates(folder: Path, n: int) -> None:
    """N requests of one unit for (nearly) the same purpose."""
    audit_speed.UNITS = ["im Amt für Digitalisierung"]
    audit_speed.PURPOSES = [
        "die Koordinierung Smart City",
        "die Koordinierung Smart City Nord",
        "die Koordinierung der Smart City",
    ]
    audit_speed.generate(folder, n, seed=7)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000, help="0 to skip")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--only", help="comma-separated: start,request,parallel,memory")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else {"start", "request", "parallel", "memory"}
    work = args.keep or Path(tempfile.mkdtemp(prefix="antragscheck-aims-"))
    try:
        if "start" in only:
            startup(args.runs)
        small = work / f"n{args.n}"
        if not small.exists():
            audit_speed.generate(small, args.n)
        if "request" in only:
            per_request(small, args.runs)
        if "parallel" in only:
            parallel(small, args.runs, f"{args.n} Anträge")
        if "memory" in only:
            memory(small, f"{args.n} Anträge")
        if args.big:
            big = work / f"n{args.big}"
            if not big.exists():
                audit_speed.generate(big, args.big)
            if "parallel" in only:
                parallel(big, max(1, args.runs // 2), f"{args.big} Anträge")
            if "memory" in only:
                memory(big, f"{args.big} Anträge")
                alike = work / f"alike{args.big}"
                if not alike.exists():
                    near_duplicates(alike, args.big)
                memory(alike, f"{args.big} fast gleiche Anträge")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
