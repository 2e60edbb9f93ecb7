"""Nothing the speed work does may change what is reported: the JSON of `check` and
`audit` byte for byte, against one job and against another source tree (main before
the optimisation, e.g. `git archive main | tar -x -C /tmp/ref`).

    python benchmarks/same_output.py [--reference /tmp/ref] [FOLDER ...]

Default folders: samples/ and ../shared/corpus (when it is there).  Exit code 1 on any
difference, naming it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tree: Path, args: list[str]) -> bytes:
    """What `python -m antragscheck ARGS` writes, with the package and rules of `tree`:
    the file an argument OUT names, or else stdout."""
    env = dict(os.environ, PYTHONPATH=str(tree), NO_COLOR="1")
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "out.json"
        done = subprocess.run(
            [sys.executable, "-m", "antragscheck", *(str(out) if a == OUT else a for a in args)],
            cwd=temp,
            env=env,
            capture_output=True,
            check=False,
        )
        return out.read_bytes() if OUT in args and out.exists() else done.stdout


OUT = "OUT"


def docx_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.docx") if not p.name.startswith("~$"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, help="source tree to compare with")
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    folders = args.folders or [ROOT / "samples"]
    corpus = ROOT.parent / "shared" / "corpus"
    if not args.folders and corpus.is_dir():
        folders.append(corpus)
    trees = {"hier": ROOT}
    if args.reference:
        trees["Referenz"] = args.reference.resolve()
    differences = 0
    for folder in folders:
        folder = folder.resolve()
        files = docx_files(folder)
        groups = {
            "check --format json": [["check", "--format", "json", *files]],
            "audit --json": [
                ["audit", "--no-cache", "--jobs", "1", "--json", OUT, str(folder)],
                ["audit", "--no-cache", "--jobs", "2", "--json", OUT, str(folder)],
            ],
        }
        for commands in groups.values():
            outputs: dict[str, bytes] = {}
            for tree_name, tree in trees.items():
                for command in commands if tree_name == "hier" else commands[:1]:
                    name = " ".join(c for c in command if not c.startswith("/"))
                    outputs[f"{command[0]} {name} ({tree_name})"] = run(tree, command)
            first = next(iter(outputs.values()))
            for name, output in outputs.items():
                same = output == first and len(output) > 0
                differences += not same
                mark = "gleich" if same else "VERSCHIEDEN"
                shown = f"{folder.name} ({len(files)})"
                print(f"{shown:<14} {name:<50} {len(output):>9} B  {mark}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
