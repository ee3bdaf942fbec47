"""`python -m service`: run the riskgate HTTP service under uvicorn.

With `--workers N` > 1 every worker process binds its *own* socket with
SO_REUSEPORT, so the kernel spreads connections evenly across workers
(uvicorn's single shared listening socket lets one worker take most of them),
and the parent only supervises: it restarts a worker that dies and passes
SIGTERM/SIGINT on for a graceful stop. Prometheus metrics are then kept in
multiprocess mode and `/metrics` on any worker shows the sum.

A worker that dies soon after its start (a start-up error) is started again
after a delay that doubles with each such death (`RestartBackoff`); one that had
been running is restarted at once. Workers stop when the supervisor dies
(`service.workers.exit_with_parent`). Start-up refuses a host:port that anything
else already listens on: SO_REUSEPORT would otherwise let a second instance
share it silently.
"""
from __future__ import annotations

import argparse
import errno
import logging
import multiprocessing as mp
import os
import shutil
import signal
import socket
import sys
import tempfile
import time

from service.workers import configure_logging, hangup_stops_gracefully, run_worker, uvicorn_config

#: A worker that exits within this many seconds of its start is taken for a start-up failure.
QUICK_EXIT_S = 10.0
FIRST_DELAY_S = 1.0     # the delay before restarting it the first time; doubled each time after
MAX_DELAY_S = 30.0


class RestartBackoff:
    """When to start one worker slot's next process after its last one exited.

    A process that had been up for `quick_s` or more is restarted at once (a
    worker killed or crashed in service: every second without it costs
    requests) and resets the delay. One that exited sooner is taken for a
    start-up failure (a corrupt state file, a bad setting) and restarted after
    `first_s`, doubled at each further quick exit, up to `max_s`: a crash loop
    without a delay restarted 54 times in 58 s and filled the log."""

    def __init__(self, quick_s: float = QUICK_EXIT_S, first_s: float = FIRST_DELAY_S,
                 max_s: float = MAX_DELAY_S) -> None:
        self.quick_s, self.first_s, self.max_s = quick_s, first_s, max_s
        self.quick_exits = 0

    def delay(self, uptime_s: float) -> float:
        """Seconds to wait before the next start, for a process that ran `uptime_s`."""
        if uptime_s >= self.quick_s:
            self.quick_exits = 0
            return 0.0
        d = min(self.max_s, self.first_s * 2.0 ** min(self.quick_exits, 32))
        self.quick_exits += 1
        return d


def describe_exit(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"exit code {exitcode} ({signal.Signals(-exitcode).name})"
        except ValueError:
            pass
    return f"exit code {exitcode}"


def port_taken(host: str, port: int) -> str | None:
    """Why `host:port` cannot be served (None: it can). A plain socket, as
    uvicorn would bind it (SO_REUSEADDR, no SO_REUSEPORT): the workers'
    SO_REUSEPORT sockets would bind beside another instance's and the kernel
    would split the requests between two services with different data."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return f"{host}:{port} is already in use (another riskgate instance or another server)"
        return f"cannot bind {host}:{port}: {exc.strerror or exc}"
    return None


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


def port_number(text: str) -> int:
    """--port as a TCP port: one outside 0-65535 ended in an OverflowError traceback from
    the socket's bind (a review), not in a usage error."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: must be in the range 0-65535")
    return port


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m service",
        description="riskgate: transaction-level fraud-risk scoring and adaptive authentication over HTTP. "
        "Configured by the environment: RISKGATE_API_KEYS, RISKGATE_ADMIN_KEYS, RISKGATE_DATA_DIR, "
        "RISKGATE_REDIS_URL, RISKGATE_POLICY (see README).",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=port_number, default=8080, help="port to bind, 0-65535 (default 8080)")
    p.add_argument("--workers", type=int, default=1, help="worker processes, each with its own SO_REUSEPORT socket (default 1)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                   help="log level (default info)")
    p.add_argument("--access-log", action="store_true", help="log every request (off by default: it costs latency)")
    return p.parse_args(argv)


def _supervise(args: argparse.Namespace) -> int:
    from multiprocessing.connection import wait

    metrics_dir = tempfile.mkdtemp(prefix="riskgate-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    ctx = mp.get_context("spawn")
    log = logging.getLogger("riskgate.supervisor")
    stopping = False
    me = os.getpid()
    n = args.workers

    def start(slot: int) -> mp.process.BaseProcess:
        proc = ctx.Process(target=run_worker, args=(args, me, f"{slot}/{n}"), daemon=False)
        proc.start()
        return proc

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    procs: list[mp.process.BaseProcess | None] = [start(i) for i in range(n)]
    started = [time.monotonic()] * n
    due = [0.0] * n                       # when an exited slot starts again
    backoff = [RestartBackoff() for _ in range(n)]
    log.info("riskgate supervisor: %d workers on %s:%d", n, args.host, args.port)
    try:
        while not stopping:
            now = time.monotonic()
            timeout = min([0.5] + [due[i] - now for i in range(n) if procs[i] is None])
            wait([p.sentinel for p in procs if p is not None], max(0.0, timeout))
            if stopping:
                break
            now = time.monotonic()
            for i, proc in enumerate(procs):
                if proc is not None and not proc.is_alive():
                    from prometheus_client import multiprocess

                    # its live* gauges go (counters and histograms stay: sums stay monotonic)
                    multiprocess.mark_process_dead(proc.pid)
                    up = now - started[i]
                    delay = backoff[i].delay(up)
                    log.warning("worker %s exited with %s after %.1f s; restarting it in %.1f s",
                                proc.pid, describe_exit(proc.exitcode), up, delay)
                    procs[i], due[i] = None, now + delay
            for i in range(n):
                if procs[i] is None and due[i] <= now:
                    procs[i], started[i] = start(i), time.monotonic()
    finally:
        for proc in procs:
            if proc is not None and proc.is_alive():
                proc.terminate()
        for proc in procs:
            if proc is not None:
                proc.join(15)
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def settings_problem() -> str | None:
    """What in the environment would stop every worker at start-up (a bad
    variable, a live policy file that cannot be used, a data dir that cannot
    be used: a file, another embedded store's, one built with another hash
    key; service/store/datadir.py), in one line; None when nothing. Checked
    before any worker exists: a worker that fails there printed a framework
    traceback, and with several workers was restarted forever (a
    black-box audit). A broken shadow policy is not one: the service answers
    without it (service/runtime.py)."""
    from models.policy import PolicyError, load_policy

    from .config import Settings, unknown_settings

    try:
        settings = Settings.from_env()
    except SystemExit as exc:
        return str(exc.code)
    for line in unknown_settings(os.environ):
        logging.getLogger("riskgate.supervisor").warning(line)
    try:
        load_policy(settings.policy_path)
    except PolicyError as exc:
        return f"the policy file cannot be used: {exc}"
    from .store.datadir import CHECKED_ENV, busy_problem, check_data_dir

    problem = check_data_dir(settings) or busy_problem(settings.data_dir, exclusive=False)
    if problem is None:
        os.environ[CHECKED_ENV] = "1"     # the workers check again, without repeating its warnings
    return problem


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging(args.log_level)
    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    problem = settings_problem()
    if problem is not None:        # a bad setting or policy file: no worker could start (restarted forever)
        print(f"riskgate: {problem}: not starting", file=sys.stderr)
        return 2
    # once, before any worker exists (the workers' own sockets would trip it on a restart)
    taken = port_taken(args.host, args.port)
    if taken is not None:
        print(f"riskgate: {taken}: not starting", file=sys.stderr)
        return 1
    os.environ.setdefault("RISKGATE_COMMIT_PROCESS", commit_process_default(args.workers, usable_cpus()))
    if args.workers == 1:
        import uvicorn

        hangup_stops_gracefully()
        uvicorn.Server(uvicorn_config(args)).run()
        return 0
    return _supervise(args)


if __name__ == "__main__":
    sys.exit(main())
