"""HTTP load benchmark: the real service over loopback, against the framework's floor.

    python -m benchmarks.load                       # ~2-3 minutes, prints the table
    python -m benchmarks.load --quick               # ~20-30 s, short phases (smoke test)
    python -m benchmarks.load --soak 600 --rate 1000  # resident memory over a 10-minute soak
    python -m benchmarks.load --redis               # the same, profiles in a redis-server started here
    python -m benchmarks.load --store lmdb          # the same, on the embedded LMDB store

What one default run does, each phase bounded in time:
1. `python -m service --workers 1` on an empty data dir (durable SQLite store,
   built-in model and policy); a discarded warm-up, then wrk at saturation
   (closed loop), then the open-loop client at fixed rates (latency from the
   scheduled send time, so stalls are not hidden);
2. the bare FastAPI endpoint of `load_bare.py` (same body, same uvicorn
   settings, one worker): saturation and 1,000 requests/s; the ratio of the two;
3. `--workers 2`: saturation again, and each worker's CPU seconds from /proc to
   show whether SO_REUSEPORT spread the load.
With `--redis` every riskgate phase keeps its profiles in a redis-server
started for the run (AOF, fsync every second, as the tests run it) instead of
the embedded SQLite store: the scale-out deployment, and a store whose commits
wait for no local fsync. With `--store lmdb` they run on the embedded LMDB store
(`RISKGATE_STORE=lmdb`, service/store/lmdb_store.py) instead of SQLite.
Every request carries a new transaction id (see `load_bodies.py`). The load
generator runs in its own process and shares the machine's cores with the
server, so on a 2-core box the saturation figures are a floor. The load
average is printed because the figures mean little without it.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from typing import Any

from benchmarks import load_client
from benchmarks.load_bodies import seconds_per_request
from benchmarks.load_servers import (Server, bare_server, children, cmdline, cpu_seconds, reuseport_workers,
                                     riskgate_server, rss_kb, scrape_counter)
from benchmarks.redis_server import RedisServer, redis_binary, start_redis, stop_redis
from benchmarks.load_soak import sample_until, second_half, slope_kb_per_min
from benchmarks.load_wrk import WrkResult, run_wrk, wrk_available

HEAD = (f"{'phase':<28} {'mode':<10} {'target/s':>8} {'got/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
        f"{'p99 ms':>8} {'p99.9':>8} {'max ms':>8} {'errors':>7}  note")


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    except OSError:
        pass
    import fastapi
    import pydantic
    import uvicorn

    return (f"{model or platform.processor()} x{os.cpu_count()} | Linux {platform.release()} | "
            f"Python {platform.python_version()} | uvicorn {uvicorn.__version__} fastapi {fastapi.__version__} "
            f"pydantic {pydantic.__version__}")


def loadavg() -> str:
    return "load avg %.2f %.2f %.2f" % os.getloadavg()


def open_loop_note(r: dict[str, Any]) -> str:
    """The note of a load_client row: its pacing and its own lateness."""
    return f"open loop, {r['pacing']} pacing (client late p99 {r['client_lag_p99_ms']:.2f} ms)"


class Run:
    """Keeps the request index moving forward across phases (ids stay distinct
    and event time only advances on one store) and prints rows as they come."""

    def __init__(self, customers: int, threads: int, connections: int, sleep_pacing: bool = False) -> None:
        self.customers = customers
        self.sleep_pacing = sleep_pacing
        self.step = seconds_per_request(customers)
        self.threads = threads
        self.connections = connections
        self.base = 0
        self.rows: list[dict[str, Any]] = []

    def wrk(self, server: Server, phase: str, seconds: float, connections: int | None = None,
            quiet: bool = False, pids: list[int] | None = None) -> WrkResult:
        pids = pids or server.worker_pids()
        # the workers and their commit processes (service/store/committer.py): the whole server's CPU
        cpu_pids = [*pids, *(c for p in pids for c in children(p) if b"service.store.committer" in cmdline(c))]
        cpu0 = sum(cpu_seconds(p) for p in cpu_pids)
        r = run_wrk(server.url, seconds, threads=self.threads, connections=connections or self.connections,
                    base=self.base, customers=self.customers, step=self.step)
        self.base += r.requests * self.threads + 1000
        cpu_ms = (sum(cpu_seconds(p) for p in cpu_pids) - cpu0) * 1e3 / max(r.requests, 1)
        if not quiet:
            self.row(phase, "wrk sat.", 0, r.rps, r.p50_ms, r.p90_ms, r.p99_ms, r.p999_ms, r.max_ms, r.errors,
                     f"closed loop; server CPU {cpu_ms:.2f} ms/request")
        return r

    def fixed(self, server: Server, phase: str, rate: float, seconds: float) -> dict[str, Any]:
        proc = load_client.spawn(server.url, rate, seconds, base=self.base, customers=self.customers,
                                 sleep_pacing=self.sleep_pacing)
        r = load_client.result(proc, timeout=seconds + 90)
        self.base += int(rate * seconds) + 1000
        errors = r["scheduled"] - r["ok"]   # transport errors, non-2xx and unanswered at the deadline
        note = open_loop_note(r)
        if r["scheduled"] > r["answered"]:
            note += (f"; {r['scheduled'] - r['answered']} unanswered/failed (latency counted to the deadline, "
                     "or to the failure)")
        if r["client_lag_p99_ms"] > 5.0:
            note += "; the client was late: client-bound?"
        if r["non_2xx"]:
            note += f"; non-2xx {r['non_2xx']}"
        self.row(phase, "fixed", rate, r["achieved_rps"], r["p50_ms"], r["p90_ms"], r["p99_ms"], r["p999_ms"],
                 r["max_ms"], errors, note)
        return r

    def baseline(self, server: Server, phase: str, warm: float, sat: float, rate: float,
                 seconds: float) -> tuple[WrkResult, dict[str, Any]]:
        """Start `server`, warm it up, then saturation and one fixed rate; stop it."""
        server.start()
        try:
            self.wrk(server, "warm-up (discarded)", warm, quiet=True)
            return self.wrk(server, phase, sat), self.fixed(server, phase, rate, seconds)
        finally:
            server.stop()

    def row(self, phase: str, mode: str, target: float, got: float, p50: float, p90: float, p99: float,
            p999: float, mx: float, errors: int, note: str) -> None:
        self.rows.append(dict(phase=phase, mode=mode, target=target, got=got, p99=p99))
        print(f"{phase:<28} {mode:<10} {target or '-':>8} {got:8.0f} {p50:8.2f} {p90:8.2f} {p99:8.2f} "
              f"{p999:8.2f} {mx:8.1f} {errors:7d}  {note}", flush=True)


def level_mix(server: Server) -> str:
    try:
        c = scrape_counter(server.url, "riskgate_decisions_total")
    except OSError:
        return "level mix: /metrics unavailable"
    total = sum(c.values()) or 1.0
    parts = [f"{k.split('=')[1].strip(chr(34) + '}')} {v / total:.1%}" for k, v in sorted(c.items())]
    return f"decisions by level ({total:.0f} scored): " + ", ".join(parts)


def start_workers(n: int, tmp: str, redis_url: str | None) -> tuple[list[Server], str]:
    """`python -m service --workers n`; if that cannot start, the same worker
    function run n times side by side (see `reuseport_workers`), and say so."""
    rgn = riskgate_server(os.path.join(tmp, "dataN"), n, os.path.join(tmp, "riskgateN.log"), redis_url=redis_url)
    try:
        rgn.start()
        return [rgn], f"python -m service --workers {n}"
    except (RuntimeError, TimeoutError) as exc:
        last = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
        print(f"  ! python -m service --workers {n} did not start ({last[:160]}); "
              f"measuring {n} copies of service.__main__._worker on one SO_REUSEPORT port instead")
    group = reuseport_workers(os.path.join(tmp, "dataN"), n, os.path.join(tmp, "metricsN"),
                              os.path.join(tmp, "worker"), redis_url=redis_url)
    try:
        for server in group:
            server.start()
    except BaseException:
        for server in group:
            server.stop()
        raise
    return group, f"{n} x service.__main__._worker (own SO_REUSEPORT sockets, no supervisor)"


def benchmark(a: argparse.Namespace, tmp: str) -> None:
    sat, fixed_s, warm = (2.0, 2.0, 1.0) if a.quick else (a.seconds, a.seconds, 3.0)
    rates = [100.0] if a.quick else a.rates
    run = Run(a.customers, threads=1, connections=a.connections, sleep_pacing=a.sleep_pacing)
    print(HEAD)

    rg = riskgate_server(os.path.join(tmp, "data1"), 1, os.path.join(tmp, "riskgate1.log"), redis_url=a.redis_url)
    took = rg.start()
    try:
        run.wrk(rg, "warm-up (discarded)", warm, quiet=True)
        r1 = run.wrk(rg, "riskgate 1 worker", sat)
        fixed_rg = {rate: run.fixed(rg, "riskgate 1 worker", rate, fixed_s) for rate in rates}
        mix = level_mix(rg)
    finally:
        rg.stop()
    print(f"  riskgate ready in {took:.1f} s; {mix}")

    one_rate = rates[min(1, len(rates) - 1)]   # the fixed rate the baselines are measured at
    solo = solo_fixed = None
    if a.commit_baseline and not a.redis_url:
        # the same service committing every payment on its own (RISKGATE_GROUP_COMMIT=0)
        rs = riskgate_server(os.path.join(tmp, "data1s"), 1, os.path.join(tmp, "riskgate1s.log"), group_commit=False)
        solo, solo_fixed = run.baseline(rs, "riskgate, a commit per payment", warm, sat, one_rate, fixed_s)

    bare_r = bare_fixed = None
    if not a.no_bare:
        bare_r, bare_fixed = run.baseline(bare_server(os.path.join(tmp, "bare.log")), "bare FastAPI+pydantic",
                                          warm, sat, one_rate, fixed_s)

    multi = None
    shares: list[float] = []
    if a.workers > 1:
        group, how = start_workers(a.workers, tmp, a.redis_url)
        try:
            target = group[0]
            run.wrk(target, "warm-up (discarded)", warm, quiet=True, connections=a.connections * 2)
            pids = target.worker_pids() if len(group) == 1 else [s.proc.pid for s in group if s.proc]
            before = [cpu_seconds(p) for p in pids]
            multi = run.wrk(target, f"riskgate {a.workers} workers", sat, connections=a.connections * 2, pids=pids)
            used = [cpu_seconds(p) - b for p, b in zip(pids, before)]
            tot = sum(used) or 1.0
            shares = [u / tot for u in used]
            print(f"  {how}; {len(pids)} worker processes, CPU seconds during saturation: "
                  + ", ".join(f"pid {p}: {u:.2f} s ({s:.0%})" for p, u, s in zip(pids, used, shares)))
        finally:
            for server in group:
                server.stop()

    print()
    print(f"riskgate saturation, 1 worker: {r1.rps:,.0f} scores/s (target >= 4,000)")
    one_k = fixed_rg.get(1000.0)
    if one_k is not None:
        bad = one_k["scheduled"] - one_k["ok"]
        print(f"riskgate p99 at a steady 1,000/s: {one_k['p99_ms']:.2f} ms as the client sees it (target <= 3 ms)"
              + (f"; {bad} of {one_k['scheduled']} requests not answered 2xx: the target is missed" if bad else ""))
    if solo is not None and solo.rps > 0:
        print(f"the same with a commit per payment (RISKGATE_GROUP_COMMIT=0): {solo.rps:,.0f} scores/s; "
              f"group commit = {r1.rps / solo.rps:.2f}x")
    if solo_fixed is not None:
        print(f"a commit per payment, p99 at {solo_fixed['rate']:.0f}/s: {solo_fixed['p99_ms']:.2f} ms")
    if bare_r is not None and bare_r.rps > 0:
        print(f"bare FastAPI+pydantic saturation: {bare_r.rps:,.0f} req/s; riskgate / bare = "
              f"{r1.rps / bare_r.rps:.2f} (aim >= 0.6; 2xx answers only; riskgate's one worker runs with its "
              "commit process where the service starts one, on another core)")
    if bare_fixed is not None:
        print(f"bare FastAPI p99 at {bare_fixed['rate']:.0f}/s: {bare_fixed['p99_ms']:.2f} ms")
    if multi is not None:
        print(f"{a.workers} workers: {multi.rps:,.0f} scores/s = {multi.rps / max(r1.rps, 1):.2f}x one worker; "
              f"busiest worker {max(shares):.0%} of the CPU (even = {1 / len(shares):.0%}); "
              "client and server share the same cores")


def soak(a: argparse.Namespace, tmp: str) -> None:
    run = Run(a.customers, threads=1, connections=a.connections, sleep_pacing=a.sleep_pacing)
    rg = riskgate_server(os.path.join(tmp, "data-soak"), a.workers, os.path.join(tmp, "riskgate-soak.log"),
                         redis_url=a.redis_url)
    rg.start()
    try:
        print(HEAD)
        run.wrk(rg, "warm-up (discarded)", 3.0, quiet=True)
        proc = load_client.spawn(rg.url, a.rate, a.soak, base=run.base, customers=a.customers,
                                 sleep_pacing=a.sleep_pacing)
        print(f"soak: {a.rate:.0f} requests/s for {a.soak:.0f} s, RSS of {len(rg.all_pids())} processes "
              f"sampled every {a.sample:.0f} s", flush=True)
        samples = sample_until(rg, lambda: proc.poll() is not None, a.sample)
        r = load_client.result(proc, timeout=60)
        errors = r["scheduled"] - r["ok"]
        run.row("riskgate soak", "fixed", a.rate, r["achieved_rps"], r["p50_ms"], r["p90_ms"], r["p99_ms"],
                r["p999_ms"], r["max_ms"], errors, open_loop_note(r))
        db = os.path.join(tmp, "data-soak", "riskgate.sqlite3")
        db_mb = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 1e6
        lm = os.path.join(tmp, "data-soak", "riskgate.lmdb", "data.mdb")
        if os.path.exists(lm):   # sparse (the map's size): count the blocks it holds
            db_mb = os.stat(lm).st_blocks * 512 / 1e6
        redis_kb = sum(rss_kb(p) for p in a.redis_pids)
    finally:
        rg.stop()
    for s in samples:
        store = f"  of which SQLite {s.store_kb / 1024:6.1f} MB" if s.store_kb is not None else ""
        print(f"  t={s.t:6.0f} s  RSS {s.rss_kb / 1024:8.1f} MB  anonymous {s.anon_kb / 1024:8.1f} MB{store}")
    rss = [s.rss_kb for s in samples]
    anon = [s.anon_kb for s in samples]
    print(f"RSS start {rss[0] / 1024:.1f} MB, end {rss[-1] / 1024:.1f} MB, max {max(rss) / 1024:.1f} MB; "
          f"slope {slope_kb_per_min(samples):.0f} KB/min over the run, "
          f"{slope_kb_per_min(second_half(samples)):.0f} KB/min over the second half; "
          + (f"redis-server RSS {redis_kb / 1024:.0f} MB at the end (not in the sums)" if a.redis_url
             else f"{'LMDB' if a.store == 'lmdb' else 'SQLite'} files {db_mb:.0f} MB"))
    print(f"anonymous memory (heap) start {anon[0] / 1024:.1f} MB, end {anon[-1] / 1024:.1f} MB, "
          f"max {max(anon) / 1024:.1f} MB; slope {slope_kb_per_min(samples, anon=True):.0f} KB/min over the run, "
          f"{slope_kb_per_min(second_half(samples), anon=True):.0f} KB/min over the second half")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="short phases (~20-30 s in all), for the smoke test")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each measured phase (default 10)")
    ap.add_argument("--rates", type=lambda s: [float(x) for x in s.split(",")], default=[500.0, 1000.0, 2000.0],
                    help="fixed open-loop rates, comma-separated (default 500,1000,2000)")
    ap.add_argument("--customers", type=int, default=10000, help="distinct customers in the request stream")
    ap.add_argument("--connections", type=int, default=16, help="wrk connections per worker (default 16)")
    ap.add_argument("--workers", type=int, default=2, help="workers for the multi-worker phase (1 skips it)")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare FastAPI baseline")
    ap.add_argument("--no-commit-baseline", dest="commit_baseline", action="store_false",
                    help="skip the baseline of the same service with a commit per payment (RISKGATE_GROUP_COMMIT=0)")
    ap.add_argument("--soak", type=float, default=0.0, help="run only a soak of this many seconds")
    ap.add_argument("--rate", type=float, default=1000.0, help="soak rate, requests/s (default 1000)")
    ap.add_argument("--sample", type=float, default=10.0, help="soak RSS sampling interval, s (default 10)")
    ap.add_argument("--redis", action="store_true",
                    help="profiles in a redis-server started here (AOF everysec) instead of the embedded store")
    ap.add_argument("--store", choices=("sqlite", "lmdb"), default="sqlite",
                    help="the embedded store of every riskgate phase (RISKGATE_STORE; default sqlite)")
    ap.add_argument("--sleep-pacing", action="store_true",
                    help="pace the open-loop client with asyncio.sleep (millisecond timers, the client before the "
                         "twenty-first session) instead of a timerfd")
    a = ap.parse_args(argv)
    os.environ["RISKGATE_STORE"] = a.store   # inherited by every service process started below
    if not wrk_available():
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    if a.soak and a.workers == 2 and "--workers" not in (argv or sys.argv):
        a.workers = 1
    print(f"# riskgate load benchmark | {machine()}")
    print(f"# {loadavg()} at start | {a.customers} customers | wrk -t1 (closed loop), "
          "benchmarks.load_client (open loop)")
    tmp = tempfile.mkdtemp(prefix="riskgate-load-")
    t0 = time.monotonic()
    redis: RedisServer | None = None
    a.redis_url, a.redis_pids = None, []
    if a.redis:
        if redis_binary() is None:
            print("redis-server is not installed (Debian: apt-get install redis-server)", file=sys.stderr)
            return 2
        redis = start_redis()
        a.redis_url, a.redis_pids = redis.url, [redis.proc.pid]
        print(f"# store: redis-server {a.redis_url} (AOF everysec), started for this run")
    elif a.store == "lmdb":
        print("# store: embedded LMDB (RISKGATE_LMDB_* settings of the environment) in a fresh data dir")
    else:
        print("# store: embedded SQLite (WAL, synchronous=NORMAL) in a fresh data dir")
    try:
        soak(a, tmp) if a.soak else benchmark(a, tmp)
    finally:
        if redis is not None:
            stop_redis(redis)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"# {loadavg()} at end | {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
