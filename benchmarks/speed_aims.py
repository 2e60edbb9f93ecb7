"""Issue #14's aims, each against its floor measured in the same run.

    python benchmarks/speed_aims.py [--n 1000] [--big 10000] [--runs 5] [--keep DIR] [--real FOLDER]
        [--only start,request,parallel,control,memory,check]

1. start-up: one-file `check` (table, JSON) against `python -c "import docx"` (aim ≤ 2.0×);
2. per request: check in-process against opening the package and parsing
   document.xml, styles.xml and numbering.xml with zipfile + lxml (aim ≤ 3×); the whole
   `audit --jobs 1 --no-cache` against a process doing only that floor (aim ≤ 5×),
   and the same audit of one request (what it costs whatever the number of files:
   start-up, report) beside what each further request adds;
3. `audit --jobs 2` against `--jobs 1` at N and BIG requests (aim ≥ 1.7×), and where
   the CPU time goes: the main process (which checks too) against its one worker, the
   serial tail after the last result (the main process alone), and the best ratio
   those figures allow on 2 idle cores;
control: two separate `audit --jobs 1` processes over every other file each, run at
   the same time, against one over all: what 2 cores give with no coordination at all
   (no spawn, no shared report, no serial tail), and whether the two slow each other;
4. peak resident memory of the whole audit (main process and workers) at N and BIG
   requests, and at BIG near-duplicates (aim ≤ 200 MiB and flat);
check: `check` of 10 … 400 files with --jobs 1 and --jobs 2, and the number of files
   from which a worker beside the main process pays for its start-up
   (commands/check.py FILES_PER_WORKER).

Whole processes are timed by the wall clock and, where the platform reports it, by the
CPU time they used (user + system, workers included): on a shared machine the CPU
figure is the fairer one.  Medians of --runs.  Needs psutil for the memory figures.
The commands run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from their
environment), as an installed antragscheck does: compiling our modules afresh in every
process and worker would add ~0.1 s to each.
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


# As an installed antragscheck runs: with its bytecode cached.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children; wall where the
    platform does not report children's CPU)."""
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
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
    files = sorted(folder.rglob("*.docx"))
    in_process(files, runs, "Anträge")
    audit_cost(folder, files, runs)


def in_process(files: list[Path], runs: int, what: str) -> None:
    """Part 2a: check_path against zipfile + lxml over `files`, each once a run (where
    zipfile or lxml cannot read a file, the floor counts what it took to find out)."""
    from lxml import etree

    from antragscheck.pipeline import check_path
    from antragscheck.rules import load_rules

    ruleset = load_rules()

    def floor() -> None:
        for path in files:
            try:
                with zipfile.ZipFile(path) as archive:
                    names = set(archive.namelist())
                    for part in PARTS:
                        if part in names:
                            etree.fromstring(archive.read(part))
            except (OSError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
                pass  # a file ours reports as unreadable

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
    print(f"\n2a. Je Antrag im Prozess (Ziel ≤ 3×), {n} {what}, CPU-Zeit")
    print(f"  zipfile + lxml (3 Teile)  {floor_s / n * 1e3:>7.3f} ms")
    print(f"  check_path                {ours_s / n * 1e3:>7.3f} ms  {ours_s / floor_s:>5.2f}×")


def audit_cost(folder: Path, files: list[Path], runs: int) -> None:
    """Part 2b: the whole one-job audit of `folder` against the floor script."""
    n = len(files)
    python = sys.executable
    one = folder.parent / f"{folder.name}-eins"
    if not one.exists():
        one.mkdir()
        shutil.copy(files[0], one / files[0].name)
    audit = [python, "-m", "antragscheck", "audit", "--exit-zero", "--no-cache", "--jobs", "1"]
    commands = {
        "Boden (Skript)": [python, "-c", FLOOR, str(folder)],
        "audit --jobs 1 --no-cache": [*audit, str(folder)],
        "dasselbe, 1 Antrag": [*audit, str(one)],
    }
    figures = medians(commands, runs)
    report(f"2b. Ganzes audit, {n} Anträge (Ziel ≤ 5×)", figures, "Boden (Skript)")
    fixed = figures["dasselbe, 1 Antrag"][1]
    each = (figures["audit --jobs 1 --no-cache"][1] - fixed) / max(1, n - 1)
    print(
        f"  CPU: fest (Start, Bericht, ein Antrag) {fixed:.3f} s, "
        f"jeder weitere Antrag {each * 1e3:.3f} ms"
    )


# Runs antragscheck in this process as its launcher does (`antragscheck.__main__.run`:
# collector settings, workers started before the command line is read) and reports,
# as its last line on stderr, the wall time and the CPU time of this (main) process and
# of its ended children (the workers), and the wall and CPU time of this process after
# the audit stored its last result (the serial tail: cross-file checks, overview,
# report, ending the workers; the workers have nothing left to do then).
SPLIT = """
import importlib.util, resource, sys, time
start = time.perf_counter()
last = [0.0, 0.0]
def stamped(store):
    def put(*args):
        store(*args)
        last[:] = time.perf_counter(), time.process_time()
    return put
class Stamp:  # wraps the store's puts once the audit imports it (not before: the
    def find_spec(self, name, path, target=None):  # launcher starts workers first)
        if name != "antragscheck.audit.store":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run_module = spec.loader.exec_module
        def exec_module(module):
            run_module(module)
            module.RecordStore.put = stamped(module.RecordStore.put)
            module.RecordStore.put_json = stamped(module.RecordStore.put_json)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Stamp())
from antragscheck.__main__ import run
sys.argv = ["antragscheck", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
end, cpu = time.perf_counter(), time.process_time()
wall = end - start
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(
    wall, own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime,
    end - last[0], cpu - last[1], file=sys.stderr,
)
"""
# (wall, main CPU, workers' CPU, tail wall, tail CPU)
Split = tuple[float, float, float, float, float]


def split_cpu(args: list[str], runs: int) -> Split | None:
    """Median (wall, main CPU, workers' CPU, tail wall, tail CPU) of `antragscheck
    ARGS`; None where the platform has no getrusage."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return None
    figures = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", SPLIT, *args],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        wall, own, children, tail, tail_cpu = (
            float(x) for x in done.stderr.splitlines()[-1].split()
        )
        figures.append((wall, own, children, tail, tail_cpu))
    medians = tuple(statistics.median(f[i] for f in figures) for i in range(5))
    return medians[0], medians[1], medians[2], medians[3], medians[4]


def parallel(folder: Path, runs: int, label: str) -> None:
    python = sys.executable
    args = ["audit", str(folder), "--exit-zero", "--no-cache"]
    audit = [python, "-m", "antragscheck", *args]
    commands = {"--jobs 1": [*audit, "--jobs", "1"], "--jobs 2": [*audit, "--jobs", "2"]}
    figures = medians(commands, runs)
    report(f"3. {label}: --jobs 2 gegen --jobs 1 (Ziel: Wand ≤ 1/1,7)", figures, "--jobs 1")
    print(f"  Beschleunigung (Wand): {figures['--jobs 1'][0] / figures['--jobs 2'][0]:.2f}×")
    one = split_cpu([*args, "--jobs", "1"], runs)
    two = split_cpu([*args, "--jobs", "2"], runs)
    if one is None or two is None:
        return
    print(
        f"  CPU-Zeit, Median aus {runs}:   {'Haupt':>8} {'Worker':>8} {'Wand':>8}"
        f" {'Schwanz':>8} {'(CPU)':>8}"
    )
    for name, (wall, own, workers, tail, tail_cpu) in (("--jobs 1", one), ("--jobs 2", two)):
        print(
            f"  {name:<28} {own:>7.3f}s {workers:>7.3f}s {wall:>7.3f}s"
            f" {tail * 1e3:>6.1f}ms {tail_cpu * 1e3:>6.1f}ms"
        )
    # On 2 idle cores the main process and its worker share the cores: the wall time
    # cannot fall below (main + worker) / 2.  (Not below the main's own CPU either, were
    # the main process only handing out tasks; it checks too, so its share adapts.)
    bound = (two[1] + two[2]) / 2
    print(
        f"  Hauptprozess bei --jobs 2: {two[1] / two[0]:.0%} eines Kerns; Worker-CPU "
        f"{two[2] / one[1]:.2f}× der CPU von --jobs 1; bestenfalls "
        f"{one[1] / bound:.2f}× auf 2 freien Kernen"
    )
    # The tail after the last result runs in the main process alone: it counts in
    # full, the rest of the work half.
    serial = (two[1] - two[4] + two[2]) / 2 + two[4]
    print(
        f"  Schwanz nach dem letzten Ergebnis (nur der Hauptprozess arbeitet): "
        f"{two[4] * 1e3:.1f} ms CPU; mit ihm bestenfalls {one[1] / serial:.2f}×"
    )


def halves_control(folder: Path, runs: int, label: str) -> None:
    """Part "control": two separate one-job audits over every other file each, started
    together, against one over all files and the two one after the other."""
    files = sorted(folder.rglob("*.docx"))
    parts = [folder.parent / f"{folder.name}-half{k}" for k in (1, 2)]
    for k, part in enumerate(parts):
        if part.exists():
            continue
        for path in files[k::2]:
            target = part / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
    audit = [sys.executable, "-m", "antragscheck", "audit", "--exit-zero", "--no-cache", "-j1"]

    def together() -> tuple[float, float]:
        before = _children_cpu()
        start = time.perf_counter()
        running = [
            subprocess.Popen(
                [*audit, str(part)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=ENV,
            )
            for part in parts
        ]
        for process in running:
            process.wait()
        wall = time.perf_counter() - start
        cpu = _children_cpu() - before
        return wall, cpu if cpu > 0 else wall

    def after() -> tuple[float, float]:
        first, second = (timed([*audit, str(part)]) for part in parts)
        return first[0] + second[0], first[1] + second[1]

    whole = [*audit, str(folder)]
    timed(whole)
    figures: dict[str, list[tuple[float, float]]] = {"whole": [], "together": [], "after": []}
    for _ in range(runs):
        figures["whole"].append(timed(whole))
        figures["together"].append(together())
        figures["after"].append(after())
    median = {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in figures.items()
    }
    report(
        f"Kontrolle, {label}: zwei getrennte audit -j1 über je die Hälfte",
        {
            "eines über alle": median["whole"],
            "zwei nacheinander": median["after"],
            "zwei gleichzeitig": median["together"],
        },
        "eines über alle",
    )
    print(
        f"  Beschleunigung ohne jede Abstimmung: "
        f"{median['whole'][0] / median['together'][0]:.2f}× (Wand); CPU gleichzeitig "
        f"{median['together'][1] / median['after'][1]:.3f}× der CPU nacheinander"
    )


def check_jobs(folder: Path, runs: int) -> None:
    """`check` of many files with one and two jobs: where a worker beside the main
    process pays for its start-up.  From CPU time: each -j 2 run pays the worker's
    start-up (w, CPU seconds) and the two processes share the checking (n files × c
    seconds), so on 2 idle cores -j 2 is faster once n × c > w."""
    files = sorted(str(p) for p in folder.rglob("*.docx"))
    python = sys.executable
    check = [python, "-m", "antragscheck", "check", "--format", "json", "--fail-on", "never"]
    sizes = [n for n in (10, 25, 50, 100, 200, 400) if n <= len(files)]
    print("\ncheck: viele Dateien, --jobs 2 gegen --jobs 1 (Wand und CPU, Mediane)")
    print(
        f"  {'Dateien':>8} {'-j1 Wand':>9} {'-j2 Wand':>9} {'×':>6} {'-j1 CPU':>9} {'-j2 CPU':>9}"
    )
    cpu_one: dict[int, float] = {}
    cpu_two: dict[int, float] = {}
    for n in sizes:
        figures = medians(
            {"1": [*check, "-j", "1", *files[:n]], "2": [*check, "-j", "2", *files[:n]]}, runs
        )
        (wall1, cpu1), (wall2, cpu2) = figures["1"], figures["2"]
        cpu_one[n], cpu_two[n] = cpu1, cpu2
        ratio = wall1 / wall2
        print(f"  {n:>8} {wall1:>8.3f}s {wall2:>8.3f}s {ratio:>8.2f}× {cpu1:>8.3f}s {cpu2:>8.3f}s")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        per_file = (cpu_one[large] - cpu_one[small]) / (large - small)
        start_up = statistics.median(cpu_two[n] - cpu_one[n] for n in sizes)
        print(
            f"  je Datei {per_file * 1e3:.2f} ms CPU; ein Worker kostet {start_up:.3f} s CPU "
            f"mehr; lohnend ab ≈ {start_up / per_file:.0f} Dateien (2 freie Kerne)"
        )


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
    parser.add_argument(
        "--only", help="comma-separated: start,request,parallel,control,memory,check"
    )
    parser.add_argument(
        "--real", type=Path, help="part 2a also on the .docx files here (../shared/corpus)"
    )
    args = parser.parse_args()
    every = {"start", "request", "parallel", "control", "memory", "check"}
    only = set(args.only.split(",")) if args.only else every
    work = args.keep or Path(tempfile.mkdtemp(prefix="antragscheck-aims-"))
    try:
        if "start" in only:
            startup(args.runs)
        small = work / f"n{args.n}"
        if not small.exists():
            audit_speed.generate(small, args.n)
        if "request" in only:
            per_request(small, args.runs)
            if args.real:
                real = sorted(args.real.rglob("*.docx"))
                in_process(real, args.runs, f"Dateien aus {args.real.name}/")
        if "parallel" in only:
            parallel(small, args.runs, f"{args.n} Anträge")
        if "control" in only:
            halves_control(small, args.runs, f"{args.n} Anträge")
        if "memory" in only:
            memory(small, f"{args.n} Anträge")
        if "check" in only:
            check_jobs(small, args.runs)
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
