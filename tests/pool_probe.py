"""A spawned process that runs nothing of ours: how often its garbage collector ran
(multiprocessing's own start-up), for pool_test to compare a worker with."""

from __future__ import annotations

import gc
from typing import Any


def report(pipe: Any) -> None:
    pipe.send([generation["collections"] for generation in gc.get_stats()])
    pipe.close()
