"""Real servers for tests: fixtures around a real redis-server (plain or a
one-node cluster; started by benchmarks/redis_server.py, which the benchmarks
use too) and helpers shared with the Prometheus test.

A missing binary skips the test locally but fails it on CI (`CI=true`), where
.ci/run installs the Debian packages, so a broken CI image cannot turn the
suite silently green.
"""
from __future__ import annotations

import os
import shutil
from typing import Iterator

import pytest

from benchmarks.load_servers import free_port
from benchmarks.redis_server import RedisServer, flush, start_redis, stop_redis

__all__ = ["free_port", "require_binary", "RedisServer", "start_redis", "stop_redis", "flush"]


def require_binary(name: str) -> str:
    """Path of a system binary, or skip (locally) / fail (CI=true) the test."""
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if path is None:
        msg = f"{name} is not installed (Debian package `{name}`; .ci/run apt-get installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path


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
