"""Where the per-request time goes: cProfile over `check_path` on generated requests.

python benchmarks/profile_request.py [--n 300] [--sort tottime] [--limit 40]

"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit_speed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--folder", type=Path, help="use these requests instead")
    args = parser.parse_args()

    from antragscheck.pipeline import check_path
    from antragscheck.rules import load_rules

    with tempfile.TemporaryDirectory() as temp:
        folder = args.folder or Path(temp)
        if args.folder is None:
            audit_speed.generate(folder, args.n, seed=1)
        files = sorted(folder.rglob("*.docx"))
        ruleset = load_rules()
        for path in files[:20]:
            check_path(path, ruleset)  # warm: patterns compiled
        start = time.process_time()
        profile = cProfile.Profile()
        profile.enable()
        for path in files:
            check_path(path, ruleset)
        profile.disable()
        spent = time.process_time() - start
        print(f"{len(files)} Anträge, {spent / len(files) * 1e3:.3f} ms je Antrag (mit Profil)")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
