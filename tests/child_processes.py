"""Run test workers in child processes that can never hang the test run.

Workers are spawned, not forked: a fork copies whatever locks the parent's
background threads (WAL checkpointer, Redis server readers) hold at that
instant, and a child that inherits a held lock waits forever. They are
daemonic and killed when they overrun, because multiprocessing joins every
live non-daemonic child at interpreter exit: one stuck worker would otherwise
keep pytest from ever exiting.
"""
from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable, Sequence
from typing import Any


def run_workers(target: Callable[..., None], args: Sequence[tuple[Any, ...]], timeout_s: float = 120.0) -> list[int | None]:
    """Start one spawned worker per argument tuple, wait for all of them up to
    `timeout_s` in total, kill any still running, and return the exit codes
    (None for a worker that had to be killed)."""
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=target, args=a, daemon=True) for a in args]
    for p in procs:
        p.start()
    deadline = time.monotonic() + timeout_s
    codes: list[int | None] = []
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
        codes.append(p.exitcode)
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join(5)
    return codes
