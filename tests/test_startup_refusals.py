"""`python -m service` refuses, in one line and with status 2 before any worker
starts, a `RISKGATE_DATA_DIR` it must not run on (service/store/datadir.py):

- a file, a path under a file, or a directory it cannot create or write in
  (a black-box audit saw a traceback and status 3);
- a data dir holding only the other embedded store's files (a changed
  `RISKGATE_STORE` started an empty store: every answered transaction id was
  forgotten); both stores' files start, with a warning;
- a data dir built with another hash key (a changed `RISKGATE_HASH_KEY` made
  every stored device, IP and payee read as new).
"""
from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.config import Settings
from service.store.datadir import FINGERPRINT_FILE, DataDirRefused, check_data_dir, hash_key_fingerprint
from tests.service_process import ServiceProcess, free_port

AUTH = {"Authorization": "Bearer k-score"}
PAYMENT = {"transaction_id": "tx-refusals-1", "customer_id": "c-1", "timestamp": "2026-01-05T13:45:12Z",
           "amount": 25.0, "currency": "EUR", "channel": "web", "ip": "203.0.113.7", "device_id": "d-1",
           "payee_id": "acct-1"}
#: root ignores file permissions: drop the capabilities that let it (util-linux's setpriv)
DROP_DAC = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search"]


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKGATE_")}
    return {**env, "RISKGATE_API_KEYS": "k-score", **extra}


def run_service(env: dict[str, str], workers: int = 1, prefix: list[str] | None = None) -> tuple[int, list[str]]:
    """Start `python -m service` and expect it to refuse: its status and stderr lines."""
    try:
        out = subprocess.run([*(prefix or []), sys.executable, "-m", "service", "--port", str(free_port()),
                              "--workers", str(workers), "--log-level", "warning"],
                             env=env, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired as exc:   # it started instead of refusing
        raise AssertionError(f"the service started: {exc.stderr!r}") from None
    return out.returncode, [ln for ln in out.stderr.splitlines() if ln.strip()]


def assert_refused(rc: int, lines: list[str], *needles: str) -> str:
    assert rc == 2, lines
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    for needle in needles:
        assert needle in lines[0], lines
    return lines[0]


# ------------------------------------------------------------ 1: not a usable directory
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("under", [False, True])
def test_a_data_dir_that_is_a_file_or_under_one_is_refused_in_one_line(tmp_path: Path, workers: int,
                                                                        under: bool) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    data = a_file / "data" if under else a_file
    rc, lines = run_service(base_env(RISKGATE_DATA_DIR=str(data)), workers)
    line = assert_refused(rc, lines, f"RISKGATE_DATA_DIR={data}", "not a directory")
    assert str(a_file) in line


def _unwritable_prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root ignores file permissions and setpriv (util-linux) is missing to drop that")
    return DROP_DAC


@pytest.mark.parametrize("inside", [False, True])
def test_a_data_dir_that_cannot_be_created_or_written_is_refused_in_one_line(inside: bool) -> None:
    prefix = _unwritable_prefix()
    top = tempfile.mkdtemp()     # not pytest's tmp_path: reachable by the process without its privileges
    try:
        os.chmod(top, 0o755)
        locked = Path(top) / "locked"
        locked.mkdir()
        os.chmod(locked, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        data = locked if inside else locked / "data"
        rc, lines = run_service(base_env(RISKGATE_DATA_DIR=str(data)), prefix=prefix)
        assert_refused(rc, lines, f"RISKGATE_DATA_DIR={data}", "Permission denied",
                       "cannot write in" if inside else "cannot create")
    finally:
        os.chmod(Path(top) / "locked", 0o755)
        shutil.rmtree(top, ignore_errors=True)


# ------------------------------------------------------------ 2: the other store's data dir
def test_switching_the_embedded_store_on_a_data_dir_is_refused_and_nothing_is_forgotten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    svc = ServiceProcess(str(data), env={"RISKGATE_HASH_KEY": "k1"})
    try:
        svc.start()
        first = httpx.post(svc.url + "/v1/score", json=PAYMENT, headers=AUTH)
        assert first.status_code == 200 and "idempotent-replayed" not in first.headers
    finally:
        svc.stop()
    for workers in (1, 2):
        rc, lines = run_service(base_env(RISKGATE_DATA_DIR=str(data), RISKGATE_HASH_KEY="k1", RISKGATE_STORE="lmdb"),
                                workers)
        assert_refused(rc, lines, f"RISKGATE_DATA_DIR={data}", "SQLite", "riskgate.sqlite3",
                       "RISKGATE_STORE=sqlite", "new directory")
    assert not (data / "riskgate.lmdb").exists()
    svc = ServiceProcess(str(data), env={"RISKGATE_HASH_KEY": "k1"})    # back on its own store: the id is known
    try:
        svc.start()
        again = httpx.post(svc.url + "/v1/score", json=PAYMENT, headers=AUTH)
        assert again.headers.get("idempotent-replayed") == "true" and again.json() == first.json()
    finally:
        svc.stop()


def _make_store(data: Path, kind: str) -> None:
    from service.store import open_store

    open_store(str(data), kind=kind, lmdb_map_gib=1.0).close()


def test_an_lmdb_data_dir_is_refused_to_sqlite(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _make_store(data, "LMDB")
    rc, lines = run_service(base_env(RISKGATE_DATA_DIR=str(data)))       # RISKGATE_STORE unset: sqlite
    assert_refused(rc, lines, "LMDB", "riskgate.lmdb", "RISKGATE_STORE=lmdb", "new directory")
    assert not (data / "riskgate.sqlite3").exists()


def test_the_runtime_refuses_too_before_opening_a_store(tmp_path: Path, monkeypatch: Any) -> None:
    """What `python -m service.backfill` and a worker run: an OSError it reports as the data dir's."""
    from service.runtime import Runtime

    monkeypatch.setenv("RISKGATE_HASH_KEY", "k1")
    data = tmp_path / "data"
    _make_store(data, "LMDB")
    with pytest.raises(DataDirRefused) as info:
        Runtime(Settings(data_dir=str(data))).start()
    assert isinstance(info.value, OSError) and "RISKGATE_STORE=lmdb" in str(info.value)
    assert not (data / "riskgate.sqlite3").exists()


def test_a_data_dir_with_both_stores_starts_with_one_warning(tmp_path: Path, monkeypatch: Any, caplog: Any) -> None:
    monkeypatch.setenv("RISKGATE_HASH_KEY", "k1")
    data = tmp_path / "data"
    _make_store(data, "LMDB")
    _make_store(data, "SQLITE")
    with caplog.at_level(logging.WARNING, logger="riskgate.runtime"):
        for kind in ("SQLITE", "LMDB"):
            assert check_data_dir(Settings(data_dir=str(data), store=kind)) is None
        assert check_data_dir(Settings(data_dir=str(data)), warn=False) is None   # a worker after the supervisor
    warnings = [r.getMessage() for r in caplog.records if "both" in r.getMessage()]
    assert len(warnings) == 2 and "RISKGATE_STORE=sqlite uses the SQLite one" in warnings[0], warnings


# ------------------------------------------------------------ 3: the hash key
def test_another_hash_key_on_a_data_dir_is_refused_until_adopted_on_purpose(tmp_path: Path) -> None:
    data = tmp_path / "data"
    svc = ServiceProcess(str(data), env={"RISKGATE_HASH_KEY": "the-first-key"})
    try:
        svc.start()
    finally:
        svc.stop()
    fp = data / FINGERPRINT_FILE
    assert stat.S_IMODE(fp.stat().st_mode) == 0o600
    assert fp.read_text().strip() == hash_key_fingerprint(b"the-first-key")
    assert "the-first-key" not in fp.read_text()
    for workers in (1, 2):
        rc, lines = run_service(base_env(RISKGATE_DATA_DIR=str(data), RISKGATE_HASH_KEY="another-key"), workers)
        assert_refused(rc, lines, "RISKGATE_HASH_KEY", f"RISKGATE_DATA_DIR={data}", "differs", "read as new",
                       f"delete {fp}")
    # unset: a key generated into the data dir would differ just as well (none is generated)
    rc, lines = run_service(base_env(RISKGATE_DATA_DIR=str(data)))
    assert_refused(rc, lines, "RISKGATE_HASH_KEY is unset", "hash.key", "would differ", f"delete {fp}")
    assert not (data / "hash.key").exists()
    fp.unlink()                                      # the new key adopted on purpose
    svc = ServiceProcess(str(data), env={"RISKGATE_HASH_KEY": "another-key"})
    try:
        svc.start()
    finally:
        svc.stop()
    assert fp.read_text().strip() == hash_key_fingerprint(b"another-key")


def test_a_generated_key_keeps_working_across_restarts_and_old_data_dirs_get_a_fingerprint(
        tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("RISKGATE_HASH_KEY", raising=False)
    data = tmp_path / "data"
    s = Settings(data_dir=str(data))
    assert check_data_dir(s) is None                      # the first start: key and fingerprint written
    key = (data / "hash.key").read_bytes().strip()
    assert (data / FINGERPRINT_FILE).read_text().strip() == hash_key_fingerprint(key)
    assert check_data_dir(s) is None and (data / "hash.key").read_bytes().strip() == key   # a restart
    (data / FINGERPRINT_FILE).unlink()                    # a data dir made before fingerprints
    assert check_data_dir(s) is None
    assert (data / FINGERPRINT_FILE).read_text().strip() == hash_key_fingerprint(key)
    monkeypatch.setenv("RISKGATE_HASH_KEY", key.decode())   # the same key, now from the environment
    assert check_data_dir(s) is None
    monkeypatch.delenv("RISKGATE_HASH_KEY")
    (data / "hash.key").write_bytes(b"a-replaced-key")     # the key file swapped
    assert "the key in" in (check_data_dir(s) or "") and "differs" in (check_data_dir(s) or "")
    (data / "hash.key").write_bytes(key)
    (data / "hash.key").unlink()                          # the key file lost: not silently replaced
    problem = check_data_dir(s)
    assert problem is not None and "hash.key" in problem and "would differ" in problem
    assert not (data / "hash.key").exists()


@pytest.mark.parametrize("kind", ["SQLITE", "LMDB"])
def test_a_store_restored_without_its_key_files_is_refused(tmp_path: Path, monkeypatch: Any, kind: str) -> None:
    """An operations audit restored a backup of the store's files alone: a new key
    was generated silently, and every retried transaction id answered 409."""
    monkeypatch.delenv("RISKGATE_HASH_KEY", raising=False)
    data = tmp_path / "data"
    s = Settings(data_dir=str(data), store=kind)
    assert check_data_dir(s) is None
    _make_store(data, kind)
    (data / "hash.key").unlink()
    (data / FINGERPRINT_FILE).unlink()
    problem = check_data_dir(s) or ""
    assert "neither its hash key" in problem and "restore both files" in problem and "RISKGATE_HASH_KEY" in problem
    assert not (data / "hash.key").exists() and not (data / FINGERPRINT_FILE).exists()
    monkeypatch.setenv("RISKGATE_HASH_KEY", "the-key-it-was-built-with")   # the key given: adopted
    assert check_data_dir(s) is None
    assert (data / FINGERPRINT_FILE).read_text().strip() == hash_key_fingerprint(b"the-key-it-was-built-with")


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="util-linux's setpriv is not installed")
@pytest.mark.parametrize("kind", ["sqlite", "lmdb"])
def test_store_files_that_cannot_be_written_are_refused(tmp_path: Path, kind: str) -> None:
    """The audit chmod-ed the store's files read-only (a restore as another user):
    the service started ready and answered every payment DEGRADED."""
    data = tmp_path / "data"
    env = base_env(RISKGATE_DATA_DIR=str(data), RISKGATE_HASH_KEY="k1", RISKGATE_STORE=kind)
    _make_store(data, kind.upper())
    check_data_dir(Settings(data_dir=str(data), store=kind.upper()))
    files = [p for p in data.rglob("*") if p.is_file() and ("sqlite3" in p.name or p.suffix == ".mdb")]
    assert files
    for p in files:
        os.chmod(p, 0o400)
    prefix = DROP_DAC if os.geteuid() == 0 else None
    rc, lines = run_service(env, prefix=prefix)
    assert_refused(rc, lines, f"RISKGATE_DATA_DIR={data}", "cannot write the store's file", "Permission denied")


def test_a_redis_deployment_keeps_its_data_dir_checks_consistent(tmp_path: Path, monkeypatch: Any,
                                                                  caplog: Any) -> None:
    """With Redis the data dir holds only the key (and its fingerprint): no
    store-file check, the same key check, and a data dir it cannot write in
    (it served before) is only warned about."""
    from service.store import datadir

    monkeypatch.setenv("RISKGATE_HASH_KEY", "k1")
    data = tmp_path / "data"
    _make_store(data, "LMDB")                             # a leftover: not this deployment's store
    s = Settings(data_dir=str(data), redis_url="redis://127.0.0.1:1/0")
    assert check_data_dir(s) is None and (data / FINGERPRINT_FILE).exists()
    monkeypatch.setenv("RISKGATE_HASH_KEY", "k2")
    assert "differs" in (check_data_dir(s) or "")
    (data / FINGERPRINT_FILE).unlink()

    def read_only(path: str, fp: str) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(datadir, "_write_fingerprint", read_only)
    with caplog.at_level(logging.WARNING, logger="riskgate.runtime"):
        assert check_data_dir(s) is None
    assert any("fingerprint" in r.getMessage() for r in caplog.records)
    assert "cannot write" in (check_data_dir(Settings(data_dir=str(data), store="LMDB")) or "")   # embedded: refused


# ------------------------------------------------------------ 4: private files
@pytest.mark.parametrize("store", ["sqlite", "lmdb"])
def test_the_data_dir_and_its_files_are_readable_by_the_service_user_only(tmp_path: Path, store: str) -> None:
    """A privacy audit found the stores' files world-readable (0644 under the usual
    umask 022): they hold customers' payment histories."""
    data = tmp_path / "data"
    old = os.umask(0o022)
    try:
        svc = ServiceProcess(str(data), env={"RISKGATE_STORE": store})
        try:
            svc.start()
            assert httpx.post(svc.url + "/v1/score", json=PAYMENT, headers=AUTH).status_code == 200
        finally:
            svc.stop()
    finally:
        os.umask(old)
    paths = [data, *data.rglob("*")]
    assert len(paths) >= 3 and (data / "hash.key").exists()
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, (p, oct(p.stat().st_mode))


def test_a_data_dir_other_users_can_read_is_named_at_start_up(tmp_path: Path, caplog: Any) -> None:
    data = tmp_path / "open"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    old = os.umask(0o022)
    try:
        with caplog.at_level(logging.WARNING, logger="riskgate.runtime"):
            assert check_data_dir(Settings.from_env({"RISKGATE_DATA_DIR": str(data)})) is None
        assert os.umask(0o022) & 0o077 == 0o077      # what the service creates from now on is private
    finally:
        os.umask(old)
    assert any("readable by other users" in r.getMessage() and "chmod 700" in r.getMessage() for r in caplog.records)
    assert stat.S_IMODE(data.stat().st_mode) == 0o755          # said, not changed behind the operator's back


@pytest.mark.parametrize("content", [b"", b"\n", b"   \n"])
def test_an_empty_hash_key_file_is_refused_never_used_as_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 content: bytes) -> None:
    """A review: an empty key file (a truncated restore, `touch`) became the HMAC key,
    so every stored hash could be tested against guessed IPs, devices and payees."""
    from features.hashing import KEY_FILE, EmptyHashKey, load_or_create_hash_key
    from service.config import Settings
    from service.store.datadir import check_data_dir

    monkeypatch.delenv("RISKGATE_HASH_KEY", raising=False)
    (tmp_path / KEY_FILE).write_bytes(content)
    with pytest.raises(EmptyHashKey):
        load_or_create_hash_key(str(tmp_path))
    problem = check_data_dir(Settings(data_dir=str(tmp_path)))
    assert problem is not None and "empty" in problem and "RISKGATE_HASH_KEY" in problem
