"""A real redis-server for the tests and the benchmarks: plain or a one-node
cluster, on a free loopback port, in a fresh directory, durable as deployed
(AOF, fsync every second). The test fixtures (tests/redis_server.py) and the
store and load benchmarks all start it from here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

from benchmarks.load_servers import free_port

__all__ = ["RedisServer", "start_redis", "stop_redis", "flush", "redis_binary"]


def redis_binary() -> str | None:
    return shutil.which("redis-server") or ("/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)


@dataclass
class RedisServer:
    proc: subprocess.Popen[bytes]
    port: int
    dir: str
    cluster: bool

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def _cli(port: int, *args: str) -> str:
    from redis import Redis

    r = Redis(host="127.0.0.1", port=port, socket_timeout=2)
    try:
        out = r.execute_command(*args)
    finally:
        r.close()
    return out.decode() if isinstance(out, bytes) else str(out)


def start_redis(binary: str | None = None, *, cluster: bool = False, timeout_s: float = 10.0) -> RedisServer:
    """Start redis-server on a free loopback port in a fresh temp dir and wait
    until it answers (and, for a cluster, until all slots are served)."""
    binary = binary or redis_binary()
    if binary is None:
        raise RuntimeError("redis-server is not installed (Debian package `redis-server`)")
    d = tempfile.mkdtemp(prefix="riskgate-redis-")
    port = free_port(below=55536 if cluster else 65536)
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", d, "--save", "",
           "--appendonly", "yes", "--appendfsync", "everysec", "--daemonize", "no",
           "--logfile", os.path.join(d, "redis.log")]
    if cluster:
        cmd += ["--cluster-enabled", "yes", "--cluster-config-file", os.path.join(d, "nodes.conf")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisServer(proc, port, d, cluster)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if proc.poll() is not None:
                with open(os.path.join(d, "redis.log"), errors="replace") as f:
                    raise RuntimeError(f"redis-server exited with {proc.returncode}: {f.read()[-2000:]}")
            try:
                _cli(port, "PING")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        if cluster:
            _cli(port, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")
            while "cluster_state:ok" not in _cli(port, "CLUSTER", "INFO"):
                if time.monotonic() > deadline:
                    raise RuntimeError("redis cluster did not reach state ok")
                time.sleep(0.05)
    except BaseException:
        stop_redis(server)
        raise
    return server


def stop_redis(server: RedisServer) -> None:
    server.kill()
    shutil.rmtree(server.dir, ignore_errors=True)


def flush(server: RedisServer) -> None:
    _cli(server.port, "FLUSHALL")
