"""Start a real `python -m service` process for black-box tests and benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence, Sized
from threading import Event, Thread

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServiceProcess:
    def __init__(self, data_dir: str, port: int | None = None, env: Mapping[str, str] | None = None,
                 workers: int = 1) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "RISKGATE_API_KEYS": "k-score", "RISKGATE_ADMIN_KEYS": "k-admin",
                    "RISKGATE_DATA_DIR": data_dir, **(env or {})}
        self.workers = workers
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20.0) -> float:
        """Start and wait for /readyz; returns the seconds it took."""
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers), "--log-level", "warning"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"service exited with {self.proc.returncode}: {err[-2000:]}")
            try:
                if httpx.get(self.url + "/readyz", timeout=0.5).status_code == 200:
                    return time.monotonic() - t0
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise TimeoutError("service did not become ready")

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(10)

    def kill9_once_acked(self, acked: Sized, n: int, seconds: float, stop: Event,
                         clients: Sequence[Thread]) -> None:
        """Let the clients run until `n` answers are acknowledged (or `seconds`
        pass), then kill -9 the service mid-stream and stop the clients: what
        the durability tests check afterwards is that every acknowledged
        answer survived."""
        deadline = time.monotonic() + seconds
        while len(acked) < n and time.monotonic() < deadline:
            time.sleep(0.01)
        self.kill9()
        stop.set()
        for t in clients:
            t.join(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
