"""Resident-memory soak: does the service's memory stay flat under steady load?

Samples the RSS of every process of the server (supervisor and workers) while
an open-loop client runs, and fits a straight line through the samples: a
leak shows as a slope that does not fall when the run gets longer. Caches
that fill up (SQLite's page cache, the IP and user-agent memo tables) show as
early growth that levels off, which is why the slope is also given for the
second half of the run alone. Each sample also splits the RSS into anonymous
memory (the heap: what a leak grows) and file pages mapped into the processes
(the LMDB store's map, which the kernel reclaims at will, and the shared
libraries): on the LMDB store the RSS grows with the data, the heap need not.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from benchmarks.load_servers import Server, rss_kb, scrape_counter


@dataclass(slots=True)
class RssSample:
    t: float        # seconds since the start of the soak
    rss_kb: int     # sum over the server's processes
    store_kb: int | None = None   # of which SQLite's own memory (page caches), from /metrics
    anon_kb: int = 0              # of the RSS: anonymous memory (heap, stacks), summed over the processes


def store_kb(server: Server) -> int | None:
    """riskgate_store_memory_bytes summed over the workers, or None (0: another
    store than SQLite; /metrics not answering in time under load)."""
    try:
        values = scrape_counter(server.url, "riskgate_store_memory_bytes")
    except OSError:
        return None
    total = sum(values.values())
    return int(total / 1024) if total > 0 else None


def anon_kb(pid: int) -> int:
    """RssAnon of /proc/PID/status, in KB (0 where the kernel does not say)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _sample(server: Server, t: float) -> RssSample:
    pids = server.all_pids()
    return RssSample(t, sum(rss_kb(p) for p in pids), store_kb(server), sum(anon_kb(p) for p in pids))


def sample_until(server: Server, done: Callable[[], bool], every: float) -> list[RssSample]:
    """Sample every `every` seconds until `done()` is true (one sample at start and end)."""
    t0 = time.monotonic()
    out = [_sample(server, 0.0)]
    next_t = every
    while not done():
        time.sleep(min(0.5, max(0.0, next_t - (time.monotonic() - t0))))
        now = time.monotonic() - t0
        if now >= next_t:
            out.append(_sample(server, now))
            next_t += every
    out.append(_sample(server, time.monotonic() - t0))
    return out


def slope_kb_per_min(samples: list[RssSample], anon: bool = False) -> float:
    """Least-squares slope of RSS (or of its anonymous part) over time; 0.0
    with fewer than two samples."""
    n = len(samples)
    if n < 2:
        return 0.0
    ys = [s.anon_kb if anon else s.rss_kb for s in samples]
    mt = sum(s.t for s in samples) / n
    mr = sum(ys) / n
    var = sum((s.t - mt) ** 2 for s in samples)
    if var == 0:
        return 0.0
    return sum((s.t - mt) * (y - mr) for s, y in zip(samples, ys)) / var * 60.0


def second_half(samples: list[RssSample]) -> list[RssSample]:
    if not samples:
        return []
    mid = samples[-1].t / 2
    return [s for s in samples if s.t >= mid]
