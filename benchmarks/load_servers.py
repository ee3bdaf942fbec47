"""Start the servers under test as real processes and read their /proc figures.

The service is started exactly as an operator would (`python -m service`),
with its log going to a file rather than a pipe nobody reads (a full pipe
would stall the server mid-benchmark). Per-worker CPU time and resident
memory come from /proc, so balance and memory are measured from the outside,
without trusting the service's own metrics.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def free_port(below: int = 65536) -> int:
    """A loopback port nobody listens on; `below` leaves room for a Redis Cluster
    node's bus port (port + 10000)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port < below:
            return port


@dataclass
class Server:
    """A server process under test; `stop()` ends only the process it started."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: str
    port: int = field(default_factory=free_port)
    ready_marker: bytes | None = None   # wait for this in the log instead of GET /readyz
    crash_marker: bytes | None = None   # this in the log means the server will never be ready
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> float:
        """Start and wait until GET /readyz answers 200; returns the seconds it took."""
        t0 = time.monotonic()
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([*self.argv, "--port", str(self.port)], env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}: {self.log_tail()}")
            if self.crash_marker is not None and self.crash_marker in self.log_tail(100_000).encode():
                self.stop()
                raise RuntimeError(f"{self.name} is crash-looping: {self.log_tail()}")
            if self.ready_marker is not None:
                if self.ready_marker in self.log_tail(100_000).encode():
                    return time.monotonic() - t0
                time.sleep(0.1)
                continue
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=1.0) as r:
                    if r.status == 200:
                        return time.monotonic() - t0
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"{self.name} was not ready within {timeout:.0f} s; see {self.log_path}")

    def log_tail(self, n: int = 600) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the spawned workers when there is a
        supervisor, else the process itself."""
        assert self.proc is not None
        kids = [p for p in children(self.proc.pid) if b"spawn_main" in cmdline(p)]
        return kids or [self.proc.pid]

    def all_pids(self) -> list[int]:
        """The server and every process under it (workers, their commit processes)."""
        assert self.proc is not None
        out, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children(pid))
        return out


def riskgate_server(data_dir: str, workers: int, log_path: str, token: str = "k",
                    redis_url: str | None = None, group_commit: bool = True) -> Server:
    """`python -m service`; profiles in Redis at `redis_url` when given, else in
    the embedded store under `data_dir`; `group_commit=False` commits every
    payment on its own (the baseline of the group commit)."""
    env = {**os.environ, "RISKGATE_API_KEYS": token, "RISKGATE_ADMIN_KEYS": "bench-admin",
           "RISKGATE_DATA_DIR": data_dir, "RISKGATE_GROUP_COMMIT": "1" if group_commit else "0"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("RISKGATE_REDIS_URL", None)
    if redis_url:
        env["RISKGATE_REDIS_URL"] = redis_url
    argv = [sys.executable, "-m", "service", "--host", "127.0.0.1", "--workers", str(workers),
            "--log-level", "warning"]
    return Server(f"riskgate x{workers}", argv, env, log_path, crash_marker=b"exited with")


_ONE_WORKER = ("import sys; from service.__main__ import _worker, parse_args; "
               "_worker(parse_args(sys.argv[1:]))")


def reuseport_workers(data_dir: str, n: int, metrics_dir: str, log_prefix: str, token: str = "k",
                      redis_url: str | None = None) -> list[Server]:
    """N processes that each run the service's own worker function
    (`service.__main__._worker`: its own SO_REUSEPORT socket on the shared
    port, multiprocess metrics), started side by side without the supervisor.
    The benchmark falls back to this when `--workers N` cannot start, so the
    balance of the socket design is still measured."""
    os.makedirs(metrics_dir, exist_ok=True)
    env = {**os.environ, "RISKGATE_API_KEYS": token, "RISKGATE_ADMIN_KEYS": "bench-admin",
           "RISKGATE_DATA_DIR": data_dir, "PROMETHEUS_MULTIPROC_DIR": metrics_dir}
    env.pop("RISKGATE_REDIS_URL", None)
    if redis_url:
        env["RISKGATE_REDIS_URL"] = redis_url
    port = free_port()
    argv = [sys.executable, "-c", _ONE_WORKER, "--host", "127.0.0.1", "--workers", "1", "--log-level", "info"]
    return [Server(f"riskgate worker {i}", argv, env, f"{log_prefix}{i}.log", port=port,
                   ready_marker=b"Application startup complete") for i in range(n)]


def bare_server(log_path: str) -> Server:
    return Server("bare FastAPI", [sys.executable, "-m", "benchmarks.load_bare", "--host", "127.0.0.1"],
                  dict(os.environ), log_path)


def children(pid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat[stat.rindex(b")") + 2:].split()[1]) == pid:
            out.append(int(name))
    return sorted(out)


def cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (0.0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(b")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except OSError:
        return 0


def scrape_counter(url: str, name: str) -> dict[str, float]:
    """Label set -> value of one counter from /metrics (sums across workers)."""
    with urllib.request.urlopen(url + "/metrics", timeout=5.0) as r:
        text = r.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            key, _, value = line.rpartition(" ")
            out[key[len(name):]] = float(value)
    return out
