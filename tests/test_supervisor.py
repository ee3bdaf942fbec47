"""`python -m service --workers N`: the supervisor and its workers, black-box.

A worker failing at start-up is restarted with a growing delay (not in a
tight loop), one killed in service at once; a second instance on a port in
use is refused; workers stop when the supervisor is killed; workers log like
the single process; `/metrics` gauges count live workers only."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.service_process import free_port

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

AUTH = {"Authorization": "Bearer k-score"}
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"   # the log format's asctime (UTC)
BAD_POLICY = 'name = "broken"\ncurrency = "EUR"\n[[levels]]\nname = "none"\nfriction = -1\n'


# ---------------------------------------------------------------- helpers

class Service:
    """`python -m service` in its own process group, its stderr in a file."""

    def __init__(self, tmp: Path, name: str, port: int, workers: int = 2, log_level: str = "info",
                 env: dict[str, str] | None = None) -> None:
        self.port, self.url = port, f"http://127.0.0.1:{port}"
        self.log_path = tmp / f"{name}.log"
        data = tmp / f"{name}-data"
        self.started = time.monotonic()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "service", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(workers), "--log-level", log_level],
                # the hash key given: two workers creating it at once in a new data dir can collide
                # (features/hashing.py), and a worker restarted 1 s later would slow these tests
                env={**os.environ, "RISKGATE_API_KEYS": "k-score", "RISKGATE_DATA_DIR": str(data),
                     "RISKGATE_HASH_KEY": "supervisor-test-key", **(env or {})},
                stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"service exited with {self.proc.returncode}:\n{self.log()[-3000:]}"
            try:
                if httpx.get(self.url + "/readyz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"service not ready in {timeout} s:\n{self.log()[-3000:]}")

    def workers(self) -> list[int]:
        return [p for p in children(self.proc.pid) if b"spawn_main" in cmdline(p)]

    def metrics_dir(self, worker: int) -> Path:
        env = dict(kv.split(b"=", 1) for kv in Path(f"/proc/{worker}/environ").read_bytes().split(b"\0") if b"=" in kv)
        return Path(env[b"PROMETHEUS_MULTIPROC_DIR"].decode())

    def close(self) -> None:
        """SIGTERM (a graceful stop removes the metrics directory), then the whole group killed."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass


def children(pid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue
            if int(stat[stat.rindex(b")") + 2:].split()[1]) == pid:
                out.append(int(name))
    return out


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper that never comes counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    return stat[stat.rindex(b")") + 2:][:1] not in (b"Z", b"X")


def wait_for(cond: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = cond()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def gauge(url: str, name: str) -> float | None:
    for line in httpx.get(url + "/metrics", timeout=5.0).text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


def counter_sum(url: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in httpx.get(url + "/metrics", timeout=5.0).text.splitlines()
               if line.startswith(name + "{"))


def payment(i: int) -> dict[str, Any]:
    return {"transaction_id": f"tx-sup-{i}", "customer_id": "c-sup", "timestamp": f"2026-02-01T08:00:{i % 60:02d}Z",
            "amount": 7.0, "currency": "EUR", "device_id": "d-1", "ip": "198.51.100.4", "payee_id": "shop-1"}


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# ---------------------------------------------------------------- 1. restart back-off

def test_restart_backoff_doubles_for_quick_exits_caps_and_resets_once_a_worker_stayed_up() -> None:
    from service.__main__ import RestartBackoff

    b = RestartBackoff(quick_s=10.0, first_s=1.0, max_s=30.0)
    assert [b.delay(0.5) for _ in range(7)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert b.delay(600.0) == 0.0           # it had been running: restarted at once, and the delay resets
    assert b.delay(2.0) == 1.0
    assert RestartBackoff().delay(3600.0) == 0.0   # a worker killed in service: no delay
    for _ in range(5000):                  # a crash loop of days never overflows
        d = b.delay(0.1)
    assert d == 30.0


def test_exit_codes_are_told_with_the_signal_name() -> None:
    from service.__main__ import describe_exit

    assert describe_exit(3) == "exit code 3"
    assert describe_exit(-9) == "exit code -9 (SIGKILL)"


def test_a_worker_failing_at_start_up_is_restarted_after_a_growing_delay(tmp_path: Path) -> None:
    """Every worker exits at start-up (its event loop's module fails to import: only
    the workers import it; a data dir that is a file is now refused before any worker
    starts, tests/test_startup_refusals.py): the supervisor does not restart them in a
    tight loop; one line per restart with the delay and the exit code."""
    broken = tmp_path / "broken-modules"
    broken.mkdir()
    (broken / "uvloop.py").write_text('raise ImportError("made to fail by the test")\n')
    path = os.pathsep.join(p for p in (str(broken), os.environ.get("PYTHONPATH", "")) if p)
    svc = Service(tmp_path, "loop", free_port(), env={"PYTHONPATH": path})
    try:
        def exits() -> list[str]:
            return re.findall(r"^.*riskgate\.supervisor \[\d+\]: worker \d+ exited.*$", svc.log(), re.M)

        lines = wait_for(lambda: len(exits()) >= 4 and exits(), 60, "four worker exits")
        delays = []
        for line in lines:
            m = re.search(r"exited with exit code (-?\d+) after ([\d.]+) s; restarting it in ([\d.]+) s", line)
            assert m, line
            assert int(m.group(1)) != 0 and float(m.group(2)) < 10
            delays.append(float(m.group(3)))
        # two slots, each: 1 s after its first quick exit, 2 s after its second
        assert sorted(delays[:4]) == [1.0, 1.0, 2.0, 2.0], lines
        assert svc.log().count("Traceback") <= len(exits()) + 2
        t0 = time.monotonic()
        svc.proc.terminate()                  # a stop during the back-off is prompt
        assert svc.proc.wait(20) == 0 and time.monotonic() - t0 < 15
    finally:
        svc.close()


# ---------------------------------------------------------------- 2 and 4: one running service

@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    svc = Service(tmp_path_factory.mktemp("running"), "a", free_port())
    try:
        svc.wait_ready()
        yield svc
    finally:
        svc.close()


def test_a_second_instance_on_the_port_of_a_running_one_is_refused(running: Service, tmp_path: Path) -> None:
    second = Service(tmp_path, "b", running.port)
    try:
        rc = second.proc.wait(30)
    finally:
        second.close()
    err = second.log().strip()
    assert rc == 1, err
    assert len(err.splitlines()) == 1 and f"127.0.0.1:{running.port}" in err and "in use" in err, err
    assert httpx.get(running.url + "/readyz").status_code == 200      # the first one serves on
    assert running.proc.poll() is None


def test_a_port_taken_by_another_server_is_refused_before_any_worker_starts(tmp_path: Path) -> None:
    with socket.socket() as other:        # a plain listener, no SO_REUSEPORT
        other.bind(("127.0.0.1", 0))
        other.listen(8)
        port = other.getsockname()[1]
        svc = Service(tmp_path, "c", port)
        try:
            rc = svc.proc.wait(30)
        finally:
            svc.close()
    assert rc == 1, svc.log()
    assert f"127.0.0.1:{port}" in svc.log() and "Traceback" not in svc.log()


def test_port_taken_tells_a_free_port_from_a_used_one() -> None:
    from service.__main__ import port_taken

    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)   # like the workers' sockets
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        port = s.getsockname()[1]
        assert "already in use" in (port_taken("127.0.0.1", port) or "")
    assert port_taken("127.0.0.1", port) is None


def test_two_workers_export_their_memory_and_cpu_without_a_pid_label(running: Service) -> None:
    """Found by a black-box audit of the monitoring: with several workers the
    process_* series vanish (prometheus_client's multiprocess mode has none), so
    memory and CPU could not be watched, and riskgate_store_memory_bytes carried
    a pid label that changed name with every restart."""
    wait_for(lambda: len(running.workers()) == 2, 20, "two workers")
    text = httpx.get(running.url + "/metrics", timeout=5.0).text
    assert 'pid="' not in text
    rss = gauge(running.url, "riskgate_workers_resident_memory_bytes")
    biggest = gauge(running.url, "riskgate_worker_resident_memory_max_bytes")
    assert rss is not None and biggest is not None and rss > biggest > 10e6   # two Python workers, > 10 MB each
    assert (gauge(running.url, "riskgate_workers_cpu_seconds_total") or 0.0) > 0.0


def test_workers_log_with_the_single_process_format_and_level(running: Service, tmp_path: Path) -> None:
    ready = wait_for(lambda: len(r := re.findall(rf"^{STAMP} INFO riskgate\.runtime \[(\d+)\]: riskgate ready: .*$",
                                                 running.log(), re.M)) == 2 and r, 20, "both workers ready")
    assert ready[0] != ready[1], running.log()     # each worker says which it is
    assert not re.search(r"^riskgate ready", running.log(), re.M)
    # uvicorn's own lines in the same format (an operations audit found them without a time)
    uvicorn_lines = [ln for ln in running.log().splitlines() if " uvicorn" in ln or ln.startswith("INFO:")]
    assert uvicorn_lines and all(re.match(rf"{STAMP} INFO uvicorn\.error \[\d+\]: ", ln) for ln in uvicorn_lines), \
        running.log()
    # --log-level warning: no INFO line, and a worker's ERROR has its time, level and logger
    svc = Service(tmp_path, "quiet", free_port(), log_level="warning",
                  env={"RISKGATE_MODEL_DIR": str(tmp_path / "no-such-model")})
    try:
        svc.wait_ready()
        wait_for(lambda: len(re.findall(r"model failed to load", svc.log())) >= 2, 30, "both workers' errors")
        log = svc.log()
        errors = [line for line in log.splitlines() if "model failed to load" in line]
        assert all(re.match(rf"{STAMP} ERROR riskgate\.runtime \[\d+\]: model failed to load", line)
                   for line in errors), log
        assert "riskgate ready" not in log and " INFO " not in log, log
    finally:
        svc.close()


# ---------------------------------------------------------------- 3. orphans

def test_workers_stop_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    svc = Service(tmp_path, "orphans", free_port())
    metrics_dir = None
    try:
        svc.wait_ready()
        workers = wait_for(lambda: len(w := svc.workers()) == 2 and w, 20, "two workers")
        metrics_dir = svc.metrics_dir(workers[0])    # a killed supervisor leaves it behind
        svc.proc.kill()
        svc.proc.wait(10)
        wait_for(lambda: not any(alive(w) for w in workers), 20, "the workers gone after kill -9 of the supervisor")
        wait_for(lambda: port_free(svc.port), 10, "the port free again")
    finally:
        svc.close()
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


@pytest.mark.parametrize("use_prctl", [True, False], ids=["prctl", "polling"])
def test_a_worker_exits_when_its_parent_dies(use_prctl: bool) -> None:
    """A parent starts a child that arms `exit_with_parent`, then exits: the
    child goes (Linux's PR_SET_PDEATHSIG, or the polling thread elsewhere)."""
    child = ("import os, sys, time\n"
             "from service.workers import exit_with_parent\n"
             f"exit_with_parent(os.getppid(), use_prctl={use_prctl}, interval_s=0.1)\n"
             "print('armed', flush=True)\n"
             "time.sleep(60)\n")
    parent = ("import subprocess, sys\n"
              f"c = subprocess.Popen([sys.executable, '-c', {child!r}], stdout=subprocess.PIPE)\n"
              "assert c.stdout.readline() == b'armed\\n'\n"
              "print(c.pid, flush=True)\n")   # and exits, leaving the child
    out = subprocess.run([sys.executable, "-c", parent], capture_output=True, timeout=60,
                         cwd=str(Path(__file__).resolve().parents[1]))
    assert out.returncode == 0, out.stderr.decode()
    pid = int(out.stdout)
    try:
        wait_for(lambda: not alive(pid), 10, "the orphaned child gone")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_worker_whose_parent_died_before_it_armed_exits_at_once() -> None:
    from service.workers import exit_with_parent

    with pytest.raises(SystemExit):
        exit_with_parent(-1, use_prctl=False)    # no process has that parent


# ---------------------------------------------------------------- 5. metrics of live and dead workers

def test_commit_process_gauge_reads_live_workers_and_a_dead_worker_is_restarted_at_once(tmp_path: Path) -> None:
    """One worker loses its commit process: the gauge says 0 though the other
    worker has its own (the alert RiskgateCommitProcessLost can fire). That
    worker killed after it had been running: restarted at once, its gauge file
    removed, the gauge back to 1 with the replacement; counters keep its counts."""
    svc = Service(tmp_path, "gauges", free_port(), env={"RISKGATE_COMMIT_PROCESS": "1"})
    try:
        svc.wait_ready()
        wait_for(lambda: gauge(svc.url, "riskgate_store_commit_process") == 1.0, 20, "both commit processes up")
        workers = wait_for(lambda: len(w := svc.workers()) == 2 and w, 20, "two workers")
        victim = workers[0]
        committers = [p for p in children(victim) if b"service.store.committer" in cmdline(p)]
        assert len(committers) == 1
        with httpx.Client(base_url=svc.url, headers=AUTH, timeout=10.0) as c:
            for i in range(20):
                assert c.post("/v1/score", json=payment(i)).status_code == 200
        decisions = counter_sum(svc.url, "riskgate_decisions_total")
        assert decisions == 20

        os.kill(committers[0], signal.SIGKILL)
        wait_for(lambda: gauge(svc.url, "riskgate_store_commit_process") == 0.0, 20,
                 "the gauge at 0 while one live worker has no commit process")
        assert gauge(svc.url, "riskgate_store_commit_process_expected") == 1.0   # so RiskgateCommitProcessLost fires

        metrics_dir = svc.metrics_dir(victim)
        assert list(metrics_dir.glob(f"gauge_livemin_{victim}.db"))
        time.sleep(max(0.0, svc.started + 11.0 - time.monotonic()))   # the worker has been up > 10 s
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        line = wait_for(lambda: re.search(rf"^.*worker {victim} exited with exit code -9 \(SIGKILL\).*$", svc.log(),
                                          re.M), 10, "the supervisor's line about the killed worker")
        assert line.group(0).endswith("restarting it in 0.0 s"), line.group(0)
        wait_for(lambda: len(svc.workers()) == 2, 5, "a new worker started")
        assert time.monotonic() - killed_at < 5
        assert not list(metrics_dir.glob(f"gauge_live*_{victim}.db"))   # mark_process_dead
        assert list(metrics_dir.glob(f"counter_{victim}.db"))           # its counts stay
        wait_for(lambda: gauge(svc.url, "riskgate_store_commit_process") == 1.0, 30,
                 "the gauge back to 1 once the replacement has its commit process")
        assert counter_sum(svc.url, "riskgate_decisions_total") == decisions   # sums never go back
    finally:
        svc.close()


def test_the_gauges_read_by_alerts_ignore_dead_workers() -> None:
    from service import metrics

    assert metrics.commit_process._multiprocess_mode == "livemin"
    for g in (metrics.tra_rate, metrics.tra_reference, metrics.challenge_shift, metrics.store_used,
              metrics.store_capacity, metrics.commit_process_expected, metrics.workers_rss, metrics.worker_rss_max,
              metrics.store_memory):
        assert g._multiprocess_mode.startswith("live"), g


@pytest.mark.parametrize("workers", [1, 2])
def test_a_live_policy_that_cannot_be_used_stops_start_up_in_one_line(tmp_path: Path, workers: int) -> None:
    """Before any worker exists: a worker failing on it printed a framework
    traceback, and with several workers was restarted forever (an audit)."""
    bad = tmp_path / "policy.toml"
    bad.write_text(BAD_POLICY)
    out = subprocess.run([sys.executable, "-m", "service", "--port", str(free_port()), "--workers", str(workers)],
                         env={**os.environ, "RISKGATE_POLICY": str(bad), "RISKGATE_DATA_DIR": str(tmp_path / "d")},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "policy file cannot be used" in lines[0] and str(bad) in lines[0], out.stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_sighup_stops_the_service_gracefully(tmp_path: Path, workers: int) -> None:
    """README: SIGTERM, SIGINT and SIGHUP stop the service gracefully. A review found
    SIGHUP killing it outright (uvicorn handles INT and TERM only): no shutdown ran, and
    with several workers the supervisor died (status -1) leaving its metrics directory."""
    svc = Service(tmp_path, f"hup{workers}", free_port(), workers=workers)
    try:
        svc.wait_ready()
        deadline = time.monotonic() + 30
        while workers > 1 and len(svc.workers()) < workers and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)                          # every worker through its start-up
        svc.proc.send_signal(signal.SIGHUP)
        code = svc.proc.wait(30)
        time.sleep(1.0)                          # the workers' own stops, logged
        assert svc.log().count("Application shutdown complete") == workers, svc.log()[-2000:]
        assert code == (0 if workers > 1 else -signal.SIGTERM), code
    finally:
        svc.close()
