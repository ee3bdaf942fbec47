"""Per-call latency of the profile stores, as the engine uses them: one read
of a payment's keys, then one read-modify-write transaction.

    python -m benchmarks.store_bench [--seconds 2] [--customers 2000] [--cluster]

Keys per payment, at realistic sizes: the decision record (~400 B, new each
time), the customer's profile (~1.5 KB) and three entities (device, network,
payee; ~150 B each). Stores: memory, embedded SQLite (synchronous NORMAL and
FULL), embedded LMDB (`RISKGATE_LMDB_SYNC` NORMAL and FULL) and Redis on loopback (a redis-server started here, AOF everysec as in
the tests; `--cluster` adds a one-node Redis Cluster). Each store gets a time
budget, so the whole run stays bounded. Prints p50/p99 in microseconds.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from typing import Any, Callable, Iterator

from benchmarks.redis_server import start_redis, stop_redis
from service.store.base import Store
from service.store.memory import MemoryStore
from service.store.sqlite import EmbeddedStore

PROFILE_B, ENTITY_B, RECORD_B = 1500, 150, 400


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1e6


def _payments(n_customers: int, rng: random.Random) -> Iterator[list[str]]:
    i = 0
    while True:
        c = rng.randrange(n_customers)
        yield [f"r:bench-{i}", f"c:{c}", f"d:{c}", f"n:{c % 500}", f"p:{rng.randrange(n_customers // 4 + 1)}"]
        i += 1


def _populate(store: Store, n_customers: int) -> None:
    """Profiles and entities for every customer, 50 customers a transaction."""
    profile, entity = os.urandom(PROFILE_B), os.urandom(ENTITY_B)
    for lo in range(0, n_customers, 50):
        vals: dict[str, bytes] = {}
        for c in range(lo, min(n_customers, lo + 50)):
            vals.update({f"c:{c}": profile, f"d:{c}": entity, f"n:{c % 500}": entity, f"p:{c // 4}": entity})
        store.transact(list(vals), lambda cur, vals=vals: (vals, None), 1.0)


def bench(name: str, store: Store, seconds: float, n_customers: int) -> None:
    _populate(store, n_customers)
    rng = random.Random(7)
    record = os.urandom(RECORD_B)
    flip = bytes([1]) * ENTITY_B

    def apply(cur: Any) -> tuple[dict[str, bytes], None]:
        keys = list(cur)
        out = {keys[0]: record, keys[1]: (cur[keys[1]] or b"")[:-1] + b"x"}
        for k in keys[2:]:
            v = cur[k] or flip
            out[k] = v[1:] + v[:1]  # a changed blob of the same size
        return out, None

    reads: list[float] = []
    both: list[float] = []
    pays = _payments(n_customers, rng)
    clock = time.perf_counter
    for keys in pays:  # warm-up
        store.read(keys)
        if len(reads) > 200:
            break
        reads.append(0.0)
    reads.clear()
    end = clock() + seconds
    ts = 2.0
    while clock() < end and len(both) < 200_000:
        keys = next(pays)
        t0 = clock()
        store.read(keys)
        t1 = clock()
        store.transact(keys, apply, ts)
        t2 = clock()
        reads.append(t1 - t0)
        both.append(t2 - t0)
        ts += 1.0
    print(f"{name:<22} {len(both):>8} {_pct(reads, .5):>9.1f} {_pct(reads, .99):>9.1f} "
          f"{_pct(both, .5):>12.1f} {_pct(both, .99):>12.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.store_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="time budget per store (default 2)")
    ap.add_argument("--customers", type=int, default=2000, help="customers pre-populated (default 2000)")
    ap.add_argument("--cluster", action="store_true", help="also a one-node Redis Cluster")
    ap.add_argument("--no-redis", action="store_true", help="skip Redis")
    args = ap.parse_args(argv)

    print(f"keys per payment: record {RECORD_B} B (new), profile {PROFILE_B} B, 3 entities {ENTITY_B} B")
    print(f"{'store':<22} {'calls':>8} {'read p50':>9} {'read p99':>9} {'read+tx p50':>12} {'read+tx p99':>12}  (µs)")
    runs: list[tuple[str, Callable[[], tuple[Store, Callable[[], None]]]]] = [
        ("memory", lambda: (MemoryStore(), lambda: None)),
    ]
    for sync in ("NORMAL", "FULL"):
        def embedded(sync: str = sync) -> tuple[Store, Callable[[], None]]:
            d = tempfile.mkdtemp(prefix=f"riskgate-bench-{sync}-")
            return EmbeddedStore(d, synchronous=sync), lambda: shutil.rmtree(d, ignore_errors=True)
        runs.append((f"embedded {sync}", embedded))
    for sync in ("NORMAL", "FULL"):
        def lmdb_store(sync: str = sync) -> tuple[Store, Callable[[], None]]:
            from service.store.lmdb_store import LmdbStore

            d = tempfile.mkdtemp(prefix=f"riskgate-bench-lmdb-{sync}-")
            return LmdbStore(d, synchronous=sync), lambda: shutil.rmtree(d, ignore_errors=True)
        runs.append((f"lmdb {sync}", lmdb_store))
    if not args.no_redis:
        for cluster in ([False, True] if args.cluster else [False]):
            def redis_store(cluster: bool = cluster) -> tuple[Store, Callable[[], None]]:
                from service.store.redis import RedisStore

                server = start_redis(cluster=cluster)

                def stop() -> None:
                    stop_redis(server)
                try:
                    return RedisStore(server.url), stop
                except BaseException:
                    stop()
                    raise
            runs.append(("redis cluster (1 node)" if cluster else "redis (loopback)", redis_store))
    for name, make in runs:
        store, cleanup = make()
        try:
            bench(name, store, args.seconds, args.customers)
        finally:
            store.close()
            cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
