"""What a spawned worker of the pool (audit, check with many files) costs before its
second file: the imports, the settings and its first file, as a fresh process against
`python -c "import docx"` in the same run (issue #14).

    python benchmarks/worker_start.py [--runs 15] [--reference TREE] [--spawn]

The process imports what a process started by multiprocessing's spawn method imports,
then what audit/pool.py's worker imports (settings, the audit's work and with it the
pipeline), builds the settings and checks one file (the rule set, notation grammar and
rule patterns load once per process).  `--reference` times another source tree (e.g.
`git archive main | tar -x -C /tmp/ref` before a change) in the same run.  Our bytecode
is compiled first, as an installed wheel has it.

The process above ends as a script does (tearing the interpreter down, with the
garbage collector on), which a worker never does.  `--spawn` also times the real
thing: a pool (audit/pool.py) of one worker, started as `audit` starts it, checks one
file; the figure is the worker's own CPU from its start to its exit (on Windows,
where a process's children report no CPU, nothing is shown).
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed_aims import ENV, SAMPLE, medians, report  # noqa: E402

WORKER = """
import importlib, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])  # the source tree timed, before the working folder
import multiprocessing.connection, multiprocessing.spawn  # a spawned process has these
from antragscheck.settings import Options, Resolver
resolver = Resolver(Options())
worker = importlib.import_module("antragscheck.audit.worker")
worker.checked(worker.Task(Path(sys.argv[2]), sys.argv[2], 60.0), resolver)
"""

SPAWNED = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])  # the source tree timed, before the working folder
from antragscheck.audit import pool
from antragscheck.audit.early import AUDIT
from antragscheck.settings import Options, Resolver
resolver = Resolver(Options())
resolver.for_path(Path(sys.argv[2]))  # as the audit finds its files (walk.discover)
with pool.Pool(resolver, 1, pool.Work(*AUDIT), here=False) as workers:
    workers.run([pool.Task(Path(sys.argv[2]), sys.argv[2], 60.0)], lambda index, done: None)
assert pool.__file__.startswith(sys.argv[1])
try:  # the worker's CPU: the pool has waited for it
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(usage.ru_utime + usage.ru_stime)
except ImportError:  # clock ticks (0 on Windows)
    times = os.times()
    print(times.children_user + times.children_system)
"""


def spawned(trees: dict[str, Path], runs: int, docx: float) -> None:
    """Median CPU seconds of a real worker (SPAWNED), the trees interleaved run by run;
    `docx`: the CPU seconds of `import docx` measured before."""
    cpus: dict[str, list[float]] = {name: [] for name in trees}
    for run in range(runs + 1):  # the first run warms the caches
        for name, tree in trees.items():
            done = subprocess.run(
                [sys.executable, "-c", SPAWNED, str(tree.resolve()), str(SAMPLE)],
                capture_output=True,
                text=True,
                env=ENV,
                check=True,
            )
            if run:
                cpus[name].append(float(done.stdout.split()[-1]))
    print("\nEchter Worker (Pool mit einem Worker, eine Datei): CPU des Workers, Median")
    for name, values in cpus.items():
        median = statistics.median(values)
        if median > 0:
            print(f"  {name:<28} {median:>8.3f}s {median / docx:>5.2f}× import docx (CPU)")
        else:
            print(f"  {name:<28}  (keine Angabe)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reference", type=Path, help="source tree to compare with")
    parser.add_argument("--spawn", action="store_true", help="also time a real spawned worker")
    args = parser.parse_args()
    trees = {"Worker": ROOT} | ({"Worker (Referenz)": args.reference} if args.reference else {})
    commands = {"import docx": [sys.executable, "-c", "import docx"]}
    for name, tree in trees.items():
        compileall.compile_dir(tree / "antragscheck", quiet=1)
        commands[name] = [sys.executable, "-c", WORKER, str(tree.resolve()), str(SAMPLE)]
    figures = medians(commands, args.runs)
    report("Worker bis nach der ersten Datei", figures, "import docx")
    if args.spawn:
        spawned(trees, args.runs, figures["import docx"][1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
