"""The independently written worlds (benchmarks/worlds, docs/worlds.md) produce
replay files the service reads: every row a valid score request, in time order,
labels consistent. Small sizes; the figures in docs/worlds.md use the defaults."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service.replay_rows import read_rows
from service.parse import parse_score


@pytest.mark.parametrize("module,args", [
    ("benchmarks.worlds.ecom", ["--customers", "80"]),
    ("benchmarks.worlds.mbank", ["--customers", "80", "--days", "30"]),
    ("benchmarks.worlds.wallet", ["--customers", "80", "--days", "30"]),
    ("benchmarks.worlds.sparse", ["--customers", "300", "--days", "30"]),
    ("benchmarks.worlds.cardus", ["--customers", "80", "--days", "30"]),
    ("benchmarks.worlds.smb", ["--customers", "80", "--days", "30"]),
    ("benchmarks.worlds.remit", ["--customers", "80", "--days", "30"]),
    ("benchmarks.worlds.pix", ["--customers", "80", "--days", "30"]),
])
def test_world_is_a_valid_replay_file(tmp_path: Path, module: str, args: list[str]) -> None:
    out = tmp_path / "world.csv.gz"
    subprocess.run([sys.executable, "-m", module, *args, "--seed", "3", "--out", str(out)], check=True,
                   capture_output=True, timeout=120)
    rows = list(read_rows(str(out)))
    assert len(rows) > 500
    last = 0.0
    frauds = 0
    for r in rows:
        p = parse_score(r.body)              # raises on anything the API would refuse
        assert p.amount > 0 and r.ts >= last
        last = r.ts
        if r.is_fraud == 1:
            frauds += 1
            assert r.scenario
            assert r.reported_ts is None or r.reported_ts >= r.ts
        else:
            assert r.is_fraud == 0 and not r.scenario and r.reported_ts is None
    assert 0 < frauds < len(rows) / 5
