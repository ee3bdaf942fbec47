"""The embedded stores' latency tail at a steady rate: SQLite with and without
the checkpointer's sync of the database file after a partial checkpoint, and
LMDB with its map synced every N seconds (or never: the kernel's writeback).

    python -m benchmarks.store_tail [--rate 300] [--seconds 20] [--customers 50000] [--rounds 2]
    python -m benchmarks.store_tail --settings sqlite,lmdb:1,lmdb:0.2,lmdb:0

One thread issues the engine's store calls (a read of a payment's keys, then
one read-modify-write transaction) open-loop at a fixed rate, as a gateway's
requests arrive; latency is counted from each call's *scheduled* time, so a
call that waits behind a stall counts its wait, as a client would see it. The
store runs its checkpointer thread as the service does. The two settings
alternate in one run (the disk's fsync latency moves between minutes), each
on a fresh store file. Why this exists: see the module docstrings of
service/store/sqlite.py and service/store/lmdb_store.py. Settings: `sqlite`
(the service's: a database-file sync after each partial checkpoint),
`sqlite-passive` (SQLite's default checkpointing), `lmdb:S` (the map synced
every S seconds by the store's thread; `lmdb:0` never).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from typing import Any

from benchmarks.store_bench import ENTITY_B, PROFILE_B, RECORD_B, _payments, _populate
from service.store.lmdb_store import LmdbStore
from service.store.sqlite import EmbeddedStore


def open_setting(setting: str, d: str) -> Any:
    if setting.startswith("lmdb"):
        every = float(setting.split(":", 1)[1]) if ":" in setting else 1.0
        return LmdbStore(d, sync_interval_s=every or None)
    return EmbeddedStore(d, sync_partial_checkpoints=setting == "sqlite")


def describe(setting: str) -> str:
    if setting.startswith("lmdb"):
        every = float(setting.split(":", 1)[1]) if ":" in setting else 1.0
        return f"LMDB, map synced every {every:g} s" if every else "LMDB, no sync (kernel writeback)"
    return "SQLite, PASSIVE + db sync each round" if setting == "sqlite" else "SQLite, PASSIVE only (default)"


def run(setting: str, rate: float, seconds: float, customers: int) -> dict[str, float]:
    d = tempfile.mkdtemp(prefix="riskgate-tail-")
    store = open_setting(setting, d)
    try:
        _populate(store, customers)
        store.checkpoint()
        rng = random.Random(11)
        keys_of = _payments(customers, rng)
        record, entity = os.urandom(RECORD_B), os.urandom(ENTITY_B)

        def apply(cur: Any) -> tuple[dict[str, bytes], None]:
            ks = list(cur)
            return {ks[0]: record, ks[1]: cur[ks[1]] or os.urandom(PROFILE_B),
                    **{k: entity for k in ks[2:]}}, None

        lat: list[float] = []
        period = 1.0 / rate
        t_next = time.perf_counter()
        end = t_next + seconds
        while t_next < end:
            now = time.perf_counter()
            if now < t_next:
                time.sleep(t_next - now)
            keys = next(keys_of)
            store.read(keys)
            store.transact(keys, apply, time.time())
            lat.append(time.perf_counter() - t_next)
            t_next += period
        wal = os.path.getsize(store.path + "-wal") if os.path.exists(store.path + "-wal") else 0
        syncs = getattr(store, "db_syncs", getattr(store, "syncs", 0))
    finally:
        store.close()
        shutil.rmtree(d, ignore_errors=True)
    lat.sort()
    n = len(lat)

    def q(p: float) -> float:
        return lat[min(n - 1, int(p * n))] * 1e3

    return {"calls": n, "p50": q(0.5), "p90": q(0.9), "p99": q(0.99), "p999": q(0.999), "max": lat[-1] * 1e3,
            "db_syncs": syncs, "wal_mb": wal / 1e6}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rate", type=float, default=300.0, help="store calls (payments) per second")
    ap.add_argument("--seconds", type=float, default=20.0, help="per setting and round")
    ap.add_argument("--customers", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=2, help="alternations of the settings")
    ap.add_argument("--settings", default="sqlite-passive,sqlite",
                    help="comma-separated: sqlite, sqlite-passive, lmdb:SECONDS (default sqlite-passive,sqlite)")
    args = ap.parse_args(argv)
    settings = args.settings.split(",")
    print(f"# store tail at {args.rate:.0f} payments/s, {args.seconds:.0f} s per run, {args.customers} customers, "
          f"load avg {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'store, sync':<34} {'calls':>6} {'p50':>7} {'p90':>7} {'p99':>7} {'p99.9':>7} {'max':>7}  (ms from the "
          f"scheduled time)  db syncs  WAL MB")
    for _ in range(args.rounds):
        for setting in settings:
            r = run(setting, args.rate, args.seconds, args.customers)
            name = describe(setting)
            print(f"{name:<34} {r['calls']:>6.0f} {r['p50']:>7.2f} {r['p90']:>7.2f} {r['p99']:>7.2f} "
                  f"{r['p999']:>7.2f} {r['max']:>7.2f}  {'':<24}{r['db_syncs']:>8.0f}  {r['wal_mb']:>6.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
