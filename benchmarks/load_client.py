"""Open-loop load client: sends at a fixed schedule, times from the schedule.

    python -m benchmarks.load_client --url http://127.0.0.1:8080 --rate 1000 --seconds 10

A gateway does not wait for our last answer before sending the next payment,
so latency is measured from each request's *scheduled* send time: when the
service stalls, the requests that queue behind the stall count their wait
(no coordinated omission, as in wrk2). It runs in its own process (the
benchmark starts it) and prints one JSON object. `client_lag_p99_ms` is how
late the client itself queued requests; if that is large the client, not the
service, was the bottleneck and the row says so. Requests still unanswered
at the end of a bounded drain count as failures, at the latency they had reached.

On Linux the sends are paced by a periodic `timerfd` (nanosecond deadlines,
read by the event loop like a socket), not by `asyncio.sleep`: the event
loop's timers have millisecond resolution, and at 1,000/s that left about half
of the requests 0.6-1.0 ms late, a lateness the schedule-based latency charged
to the server (benchmarks/README.md, "Twenty-first session"). Elsewhere, or
with `--sleep-pacing`, the sleep loop paces them as before.
"""
from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import math
import os
import subprocess
import sys
import time
from collections import Counter
from typing import Callable
from urllib.parse import urlsplit

from benchmarks.load_bodies import body, seconds_per_request


def percentile(xs: list[float], q: float) -> float:
    """q in [0, 100] of an already sorted list (nearest rank); 0.0 when empty."""
    if not xs:
        return 0.0
    return xs[min(len(xs) - 1, max(0, math.ceil(q / 100.0 * len(xs) - 1e-9) - 1))]


def _request_bytes(path: str, host: str, token: str) -> Callable[[bytes], bytes]:
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {token}\r\nContent-Length: ").encode()

    def build(b: bytes) -> bytes:
        return head + str(len(b)).encode() + b"\r\n\r\n" + b

    return build


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    low = head.lower()
    i = low.find(b"content-length:")
    if i >= 0:
        n = int(low[i + 15:low.find(b"\r\n", i)])
        if n:
            await reader.readexactly(n)
    return status


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


_CLOCK_MONOTONIC = 1          # time.perf_counter's clock on Linux
_TFD_TIMER_ABSTIME = 1
_TFD_FLAGS = os.O_NONBLOCK | os.O_CLOEXEC


def periodic_timerfd(first: float, interval: float) -> int | None:
    """A non-blocking timer fd that becomes readable at `first` (a
    time.perf_counter() value) and every `interval` seconds after it, each
    read giving the number of ticks since the last; None where there is none
    (not Linux, or perf_counter is not CLOCK_MONOTONIC)."""
    if not sys.platform.startswith("linux") or "CLOCK_MONOTONIC" not in time.get_clock_info("perf_counter").implementation:
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.timerfd_create(_CLOCK_MONOTONIC, _TFD_FLAGS)
    except (OSError, AttributeError):
        return None
    if fd < 0:
        return None
    step_ns = max(1, round(interval * 1e9))
    first_ns = max(1, round(first * 1e9))
    spec = _Itimerspec(_Timespec(step_ns // 1_000_000_000, step_ns % 1_000_000_000),
                       _Timespec(first_ns // 1_000_000_000, first_ns % 1_000_000_000))
    if libc.timerfd_settime(fd, _TFD_TIMER_ABSTIME, ctypes.byref(spec), None) != 0:
        os.close(fd)
        return None
    return fd


async def run(url: str, rate: float, seconds: float, base: int, customers: int, connections: int,
              token: str, sleep_pacing: bool = False) -> dict[str, object]:
    u = urlsplit(url)
    host, port = u.hostname or "127.0.0.1", u.port or 80
    build = _request_bytes("/v1/score", f"{host}:{port}", token)
    step = seconds_per_request(customers)
    total = int(rate * seconds)
    queue: asyncio.Queue[tuple[int, float, bytes] | None] = asyncio.Queue()
    latencies: list[float] = []
    lags: list[float] = []
    statuses: Counter[int] = Counter()
    errors: Counter[str] = Counter()
    clock = time.perf_counter

    outstanding: dict[int, float] = {}   # index -> scheduled time, until answered

    async def worker() -> None:
        reader = writer = None
        while True:
            item = await queue.get()
            if item is None:
                break
            i, sched, req = item
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(req)
                status = await _read_response(reader)  # type: ignore[arg-type]
                latencies.append(clock() - sched)
                statuses[status] += 1
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
                # its wait counts as the client saw it (a review: a stall that ended in a
                # dropped connection vanished from the percentiles)
                latencies.append(clock() - sched)
                errors[type(exc).__name__] += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
            outstanding.pop(i, None)
        if writer is not None:
            writer.close()

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    start = clock() + 0.05
    i = 0

    def send_due(upto: int) -> None:
        nonlocal i
        now = clock()
        while i < upto:
            sched = start + i / rate
            lags.append(max(0.0, now - sched))   # the client's own lateness, not the server's back-pressure
            outstanding[i] = sched
            queue.put_nowait((i, sched, build(body(base + i, customers, step))))
            i += 1

    tfd = None if sleep_pacing else periodic_timerfd(start, 1.0 / rate)
    if tfd is not None:
        # one tick per scheduled request: the count read is how many fell due
        loop = asyncio.get_running_loop()
        all_sent = loop.create_future()

        def ticked() -> None:
            try:
                ticks = int.from_bytes(os.read(tfd, 8), sys.byteorder)
            except BlockingIOError:
                return
            send_due(min(total, i + ticks))
            if i >= total and not all_sent.done():
                all_sent.set_result(None)

        loop.add_reader(tfd, ticked)
        try:
            if total:
                await all_sent
        finally:
            loop.remove_reader(tfd)
            os.close(tfd)
    else:
        while i < total:
            now = clock()
            n = i
            while n < total and start + n / rate <= now:
                n += 1
            send_due(n)
            if i < total:
                await asyncio.sleep(max(0.0, start + i / rate - clock()))
    for _ in workers:
        queue.put_nowait(None)
    # Bounded drain: a saturated server would otherwise stretch the run without
    # end; what is still unanswered at the deadline is counted with the latency
    # it had reached (a lower bound), so the percentiles never flatter it.
    _, pending = await asyncio.wait(workers, timeout=min(30.0, 2.0 + seconds / 2))
    deadline = clock()
    for t in pending:
        t.cancel()
    unanswered = len(outstanding)
    latencies.extend(deadline - sched for sched in outstanding.values())
    elapsed = clock() - start
    latencies.sort()
    lags.sort()
    ok = sum(n for s, n in statuses.items() if 200 <= s < 300)
    return {
        "rate": rate, "seconds": seconds, "scheduled": total, "answered": sum(statuses.values()), "ok": ok,
        "non_2xx": {str(s): n for s, n in statuses.items() if not 200 <= s < 300}, "errors": dict(errors),
        # scores per second: 2xx answers only (a fast 503 is not a score)
        "achieved_rps": ok / elapsed if elapsed > 0 else 0.0,
        "p50_ms": percentile(latencies, 50) * 1e3, "p90_ms": percentile(latencies, 90) * 1e3,
        "p99_ms": percentile(latencies, 99) * 1e3, "p999_ms": percentile(latencies, 99.9) * 1e3,
        "max_ms": (latencies[-1] if latencies else 0.0) * 1e3,
        "client_lag_p99_ms": percentile(lags, 99) * 1e3,
        "pacing": "sleep" if tfd is None else "timerfd",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--rate", type=float, required=True, help="requests per second (scheduled)")
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--base", type=int, default=0, help="index of the first request (distinct ids across runs)")
    ap.add_argument("--customers", type=int, default=10000)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--token", default="k")
    ap.add_argument("--sleep-pacing", action="store_true",
                    help="pace the sends with asyncio.sleep (millisecond timers) even where a timerfd is available")
    a = ap.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    out = asyncio.run(run(a.url, a.rate, a.seconds, a.base, a.customers, a.connections, a.token, a.sleep_pacing))
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def spawn(url: str, rate: float, seconds: float, *, base: int, customers: int, connections: int = 32,
          token: str = "k", sleep_pacing: bool = False) -> subprocess.Popen[str]:
    """Start the client in its own process (so it never shares a GIL with the
    benchmark's bookkeeping); read the result with `result()`."""
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.load_client", "--url", url, "--rate", str(rate), "--seconds",
         str(seconds), "--base", str(base), "--customers", str(customers), "--connections", str(connections),
         "--token", token, *(["--sleep-pacing"] if sleep_pacing else [])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def result(proc: subprocess.Popen[str], timeout: float) -> dict[str, object]:
    out, err = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"load client failed ({proc.returncode}): {err[-1500:]}")
    return json.loads(out.strip().splitlines()[-1])
