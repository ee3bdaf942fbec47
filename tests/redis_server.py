"""Real servers for tests: a redis-server (plain or a one-node cluster) and
helpers shared with the Prometheus test and the store benchmark.

A missing binary skips the test locally but fails it on CI (`CI=true`), where
.ci/run installs the Debian packages, so a broken CI image cannot turn the
suite silently green.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import Iterator

import pytest


def free_port(below: int = 65536) -> int:
    """A loopback port nobody listens on (and, with `below`, one low enough for
    a cluster node, whose bus listens on port + 10000)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < below:
            return port


def require_binary(name: str) -> str:
    """Path of a system binary, or skip (locally) / fail (CI=true) the test."""
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if path is None:
        msg = f"{name} is not installed (Debian package `{name}`; .ci/run apt-get installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path


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


def start_redis(binary: str, *, cluster: bool = False, timeout_s: float = 10.0) -> RedisServer:
    """Start redis-server on a free loopback port in a fresh temp dir and wait
    until it answers (and, for a cluster, until all slots are served)."""
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


@pytest.fixture(scope="session")
def _redis_session() -> Iterator[RedisServer]:
    server = start_redis(require_binary("redis-server"))
    try:
        yield server
    finally:
        stop_redis(server)


@pytest.fixture(scope="session")
def _redis_cluster_session() -> Iterator[RedisServer]:
    server = start_redis(require_binary("redis-server"), cluster=True)
    try:
        yield server
    finally:
        stop_redis(server)


@pytest.fixture
def redis_url(_redis_session: RedisServer) -> str:
    """URL of a real redis-server shared by the session, emptied for each test
    (cheap; use `redis_server` for a test that kills or freezes its server)."""
    if _redis_session.proc.poll() is not None:
        pytest.fail("the session's redis-server died")
    flush(_redis_session)
    return _redis_session.url


@pytest.fixture
def redis_cluster_url(_redis_cluster_session: RedisServer) -> str:
    """Like `redis_url`, for a one-node Redis Cluster that owns all slots."""
    flush(_redis_cluster_session)
    return _redis_cluster_session.url


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A fresh real redis-server per test (tests may kill it)."""
    server = start_redis(require_binary("redis-server"))
    try:
        yield server
    finally:
        stop_redis(server)


@pytest.fixture
def redis_cluster_server() -> Iterator[RedisServer]:
    """A one-node Redis Cluster owning all 16384 slots: enough to enforce the
    one-slot-per-script rule the cluster code path must respect."""
    server = start_redis(require_binary("redis-server"), cluster=True)
    try:
        yield server
    finally:
        stop_redis(server)
