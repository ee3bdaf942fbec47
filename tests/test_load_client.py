"""The open-loop load client: its timer pacing and its bookkeeping.

No timing asserts: the client's own lateness is printed by the benchmark,
these tests check that the timer ticks count what fell due, and that every
scheduled request is sent, answered and counted with either pacing.
"""
from __future__ import annotations

import asyncio
import os
import select
import sys
import time
from typing import Any

import pytest

from benchmarks.load_client import periodic_timerfd, run

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd is Linux's")


@linux_only
def test_timerfd_is_silent_before_its_first_deadline() -> None:
    fd = periodic_timerfd(time.perf_counter() + 60.0, 0.001)
    assert fd is not None
    try:
        with pytest.raises(BlockingIOError):
            os.read(fd, 8)
    finally:
        os.close(fd)


@linux_only
def test_timerfd_counts_every_tick_that_fell_due() -> None:
    """A schedule that started a second ago at 10/s has 11 requests due: the
    one at its start and one every 0.1 s since (more only if time passed)."""
    fd = periodic_timerfd(time.perf_counter() - 1.0, 0.1)
    assert fd is not None
    try:
        assert select.select([fd], [], [], 5.0)[0] == [fd]
        ticks = int.from_bytes(os.read(fd, 8), sys.byteorder)
        assert 11 <= ticks <= 11 + 50   # the upper bound only guards against a wrong unit
    finally:
        os.close(fd)


async def _read_request(reader: asyncio.StreamReader) -> None:
    """One request of the client's keep-alive stream: its head, then its body."""
    head = await reader.readuntil(b"\r\n\r\n")
    await reader.readexactly(int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0]))


async def _serve_ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            await _read_request(reader)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


def _client_against(handler: Any, rate: float, sleep_pacing: bool) -> dict[str, Any]:
    """The client's half-second run at `rate` against a local server answering with `handler`."""
    async def main() -> dict[str, Any]:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            return await run(f"http://127.0.0.1:{port}", rate, 0.5, 0, 100, 4, "k", sleep_pacing)

    return asyncio.run(main())


@pytest.mark.parametrize("sleep_pacing", [False, True])
def test_every_scheduled_request_is_sent_answered_and_counted(sleep_pacing: bool) -> None:
    out = _client_against(_serve_ok, 400.0, sleep_pacing)
    assert out["scheduled"] == out["answered"] == out["ok"] == 200
    assert out["errors"] == {} and out["non_2xx"] == {}
    assert out["pacing"] == ("sleep" if sleep_pacing or not sys.platform.startswith("linux") else "timerfd")
    assert 0.0 <= out["p50_ms"] <= out["p99_ms"] <= out["max_ms"]   # type: ignore[operator]


def test_error_answers_are_not_scores_and_a_dropped_stall_keeps_its_wait() -> None:
    """A review: a fast 503 counted as a score in the achieved rate, and a request
    that stalled 300 ms then lost its connection vanished from the percentiles."""
    n = {"i": 0}

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                await _read_request(reader)
                n["i"] += 1
                if n["i"] % 10 == 0:            # a stall that ends in a dropped connection
                    await asyncio.sleep(0.3)
                    writer.close()
                    return
                if n["i"] % 2:
                    writer.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\n{}")
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    out = _client_against(serve, 200.0, True)
    failed = sum(out["errors"].values())                         # type: ignore[union-attr]
    assert failed > 0 and out["non_2xx"]
    assert out["ok"] < out["answered"] < out["scheduled"]         # type: ignore[operator]
    assert out["achieved_rps"] <= out["ok"] / 0.5 + 1e-9          # type: ignore[operator]
    assert out["max_ms"] >= 250.0                                 # the stall's wait is counted


def test_wrk_saturation_counts_only_scores() -> None:
    from benchmarks.load_wrk import WrkResult

    r = WrkResult(requests=1000, seconds=2.0, errors=400, p50_ms=1, p90_ms=1, p99_ms=1, p999_ms=1, max_ms=1,
                  non_2xx=400)
    assert r.rps == 300.0
