"""`python -m service`: run the riskgate HTTP service under uvicorn.

With `--workers N` > 1 every worker process binds its *own* socket with
SO_REUSEPORT, so the kernel spreads connections evenly across workers
(uvicorn's single shared listening socket lets one worker take most of them),
and the parent only supervises: it restarts a worker that dies and passes
SIGTERM/SIGINT on for a graceful stop. Prometheus metrics are then kept in
multiprocess mode and `/metrics` on any worker shows the sum.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time

from service.workers import run_worker, uvicorn_config


def usable_cpus(cgroup_root: str = "/sys/fs/cgroup") -> float:
    """CPUs this process may use: its affinity, bounded by a cgroup CPU quota
    (a container's `--cpus`), which `os.cpu_count()` does not see."""
    n = float(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else float(os.cpu_count() or 1)
    quota = None
    try:   # cgroup v2: "max 100000" or "150000 100000"
        with open(os.path.join(cgroup_root, "cpu.max")) as f:
            q, period = f.read().split()[:2]
        if q != "max":
            quota = int(q) / int(period)
    except (OSError, ValueError):
        try:   # cgroup v1
            with open(os.path.join(cgroup_root, "cpu", "cpu.cfs_quota_us")) as f:
                q1 = int(f.read())
            with open(os.path.join(cgroup_root, "cpu", "cpu.cfs_period_us")) as f:
                p1 = int(f.read())
            if q1 > 0 and p1 > 0:
                quota = q1 / p1
        except (OSError, ValueError):
            pass
    return min(n, quota) if quota is not None else n


def commit_process_default(workers: int, cpus: float) -> str:
    """RISKGATE_COMMIT_PROCESS when unset: a commit process per worker pays off
    where a core is left for it; with as many workers as cores it only adds
    work (two workers on two cores lost ~10 %, ARCHITECTURE.md "Commit process")."""
    return "1" if workers + 1 <= cpus else "0"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m service",
        description="riskgate: transaction-level fraud-risk scoring and adaptive authentication over HTTP. "
        "Configured by the environment: RISKGATE_API_KEYS, RISKGATE_ADMIN_KEYS, RISKGATE_DATA_DIR, "
        "RISKGATE_REDIS_URL, RISKGATE_POLICY (see README).",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port to bind (default 8080)")
    p.add_argument("--workers", type=int, default=1, help="worker processes, each with its own SO_REUSEPORT socket (default 1)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                   help="log level (default info)")
    p.add_argument("--access-log", action="store_true", help="log every request (off by default: it costs latency)")
    return p.parse_args(argv)


def _supervise(args: argparse.Namespace) -> int:
    metrics_dir = tempfile.mkdtemp(prefix="riskgate-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    ctx = mp.get_context("spawn")
    log = logging.getLogger("riskgate.supervisor")
    stopping = False

    def start() -> mp.process.BaseProcess:
        proc = ctx.Process(target=run_worker, args=(args,), daemon=False)
        proc.start()
        return proc

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    procs = [start() for _ in range(args.workers)]
    log.info("riskgate supervisor: %d workers on %s:%d", args.workers, args.host, args.port)
    try:
        while not stopping:
            time.sleep(0.5)
            for i, proc in enumerate(procs):
                if not proc.is_alive() and not stopping:
                    from prometheus_client import multiprocess

                    multiprocess.mark_process_dead(proc.pid)
                    log.warning("worker %s exited with %s; restarting it", proc.pid, proc.exitcode)
                    procs[i] = start()
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(15)
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    os.environ.setdefault("RISKGATE_COMMIT_PROCESS", commit_process_default(args.workers, usable_cpus()))
    if args.workers == 1:
        import uvicorn

        uvicorn.Server(uvicorn_config(args)).run()
        return 0
    return _supervise(args)


if __name__ == "__main__":
    sys.exit(main())
