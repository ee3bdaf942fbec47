"""Settings that passed the start-up checks and failed later (a review): an `inf` or
huge LMDB map or sync interval (an OverflowError opening the map, DEGRADED for ever,
or a dead sync thread), a RISKGATE_REDIS_URL redis-py cannot read (every answer
DEGRADED), a bad RISKGATE_TRAIN_THREADS and an out-of-range --port (a traceback).
Each is now refused at start in one line naming what is wrong."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from service.config import MAX_LMDB_MAP_GIB, MAX_LMDB_SYNC_S, Settings

ROOT = Path(__file__).resolve().parents[1]


def refusal(env: dict[str, str]) -> str:
    with pytest.raises(SystemExit) as exc:
        Settings.from_env(env)
    return str(exc.value.code)


@pytest.mark.parametrize("name,value", [
    ("RISKGATE_LMDB_MAP_GB", "inf"), ("RISKGATE_LMDB_MAP_GB", "1e12"), ("RISKGATE_LMDB_MAP_GB", str(2**34)),
    ("RISKGATE_LMDB_SYNC_SECONDS", "inf"), ("RISKGATE_LMDB_SYNC_SECONDS", "1e10"),
    ("RISKGATE_LMDB_SYNC_SECONDS", "1e300"),
])
def test_infinite_or_unusably_large_numbers_are_refused_naming_the_variable(name: str, value: str) -> None:
    line = refusal({name: value})
    assert name in line and value in line and "\n" not in line


def test_retention_may_be_for_good() -> None:
    """`inf` days keeps records and profiles for good (the purges compare with it)."""
    s = Settings.from_env({"RISKGATE_RETENTION_DAYS": "inf", "RISKGATE_PROFILE_RETENTION_DAYS": "Infinity"})
    assert s.retention_days == float("inf") and s.profile_retention_days == float("inf")


def test_the_largest_accepted_values_are_ones_the_store_can_use() -> None:
    s = Settings.from_env({"RISKGATE_LMDB_MAP_GB": repr(MAX_LMDB_MAP_GIB),
                           "RISKGATE_LMDB_SYNC_SECONDS": repr(MAX_LMDB_SYNC_S)})
    assert int(s.lmdb_map_gib * (1 << 30)) < 2**64                 # fits LMDB's size_t map size
    assert s.lmdb_sync_s <= threading.TIMEOUT_MAX                   # the sync thread's wait takes it
    assert Settings.from_env({"RISKGATE_LMDB_MAP_GB": "0.5", "RISKGATE_LMDB_SYNC_SECONDS": "30"}).lmdb_sync_s == 30.0


@pytest.mark.parametrize("url", ["localhost:6379", "redis//localhost:6379", "http://localhost:6379",
                                 "redis://localhost:port"])
def test_a_redis_url_redis_cannot_read_is_refused_naming_the_variable(url: str) -> None:
    line = refusal({"RISKGATE_REDIS_URL": url})
    assert line.startswith("RISKGATE_REDIS_URL") and "\n" not in line


def test_the_redis_url_is_not_repeated_in_the_refusal() -> None:
    assert "secret" not in refusal({"RISKGATE_REDIS_URL": "redis://:secret@localhost:port/0"})


@pytest.mark.parametrize("url", ["redis://localhost:1/0", "rediss://:pw@cache.example:6380", "unix:///tmp/r.sock"])
def test_a_well_formed_redis_url_passes_even_when_nothing_listens(url: str) -> None:
    assert Settings.from_env({"RISKGATE_REDIS_URL": url}).redis_url == url   # unreachable: DEGRADED, as before


def test_the_supervisor_check_refuses_a_malformed_redis_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.__main__ import settings_problem

    for n in [n for n in os.environ if n.startswith("RISKGATE_")]:
        monkeypatch.delenv(n)
    monkeypatch.setenv("RISKGATE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RISKGATE_HASH_KEY", "k")
    monkeypatch.setenv("RISKGATE_REDIS_URL", "localhost:6379")
    problem = settings_problem()
    assert problem is not None and "RISKGATE_REDIS_URL" in problem


@pytest.mark.parametrize("value", ["abc", "0", "-2", "1.5"])
def test_train_threads_that_are_no_positive_integer_are_refused(value: str) -> None:
    line = refusal({"RISKGATE_TRAIN_THREADS": value})
    assert "RISKGATE_TRAIN_THREADS" in line and value in line


def test_train_threads_default_and_valid() -> None:
    from service.config import train_threads

    assert train_threads({}) == 1 and train_threads({"RISKGATE_TRAIN_THREADS": " 4 "}) == 4


@pytest.mark.parametrize("port", ["70000", "65536", "-1"])
def test_a_port_out_of_range_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    from service.__main__ import parse_args

    with pytest.raises(SystemExit) as exc:
        parse_args(["--port", port])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--port" in err and "0-65535" in err and "Traceback" not in err
    assert parse_args(["--port", "65535"]).port == 65535 and parse_args(["--port", "0"]).port == 0


def test_python_m_service_with_a_port_out_of_range_exits_2_without_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKGATE_")}
    env.update(RISKGATE_DATA_DIR=str(tmp_path), RISKGATE_HASH_KEY="k")
    r = subprocess.run([sys.executable, "-m", "service", "--port", "70000"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "0-65535" in r.stderr, r.stderr[-400:]
