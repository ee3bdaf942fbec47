"""Saturation runs with wrk (the Debian package), closed loop.

wrk is the load generator for "how many scores per second at most": written
in C, it costs the 2-core machine far less CPU than any Python client, so the
figure is the service's, not the client's. Its latencies are closed-loop
(a slow answer delays the next send), so fixed-rate latencies come from
`load_client.py` instead.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass

SCRIPT = os.path.join(os.path.dirname(__file__), "wrk", "score.lua")


@dataclass(slots=True)
class WrkResult:
    requests: int        # answers, non-2xx included (wrk's count)
    seconds: float
    errors: int          # connect/read/write/timeout errors plus non-2xx answers
    p50_ms: float
    p90_ms: float
    p99_ms: float
    p999_ms: float
    max_ms: float
    non_2xx: int = 0     # answers that were not a score (in `requests`, not in `rps`)

    @property
    def rps(self) -> float:
        """2xx answers per second: a fast 503 is not a score (a review found the
        error answers counted into scores/s and the ratio to the bare endpoint)."""
        ok = self.requests - self.non_2xx
        return ok / self.seconds if self.seconds > 0 else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, seconds: float, *, threads: int = 1, connections: int = 16, base: int = 0,
            customers: int = 10000, step: float = 2.88, token: str = "k") -> WrkResult:
    """One bounded wrk run against POST {url}/v1/score; raises if wrk fails."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s",
           "-s", SCRIPT, url, "--", str(base), str(customers), repr(step), token, str(threads)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stdout[-1000:]} {proc.stderr[-1000:]}")
    d = json.loads(line[len("WRKJSON "):])
    return WrkResult(
        requests=d["requests"], seconds=d["duration_us"] / 1e6,
        errors=d["connect"] + d["read"] + d["write"] + d["status"] + d["timeout"],
        p50_ms=d["p50_us"] / 1e3, p90_ms=d["p90_us"] / 1e3, p99_ms=d["p99_us"] / 1e3,
        p999_ms=d["p999_us"] / 1e3, max_ms=d["max_us"] / 1e3, non_2xx=d["status"],
    )
