"""One uvicorn worker process, importable so that multiprocessing's spawn
start method can find it (functions of `__main__` cannot be pickled by name
under `python -m`)."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

#: The log lines' format, the same in `python -m service`'s single process, in every
#: worker and in uvicorn's own lines: the time in UTC to the millisecond (ISO 8601), the
#: level, the logger and the process (several workers write to one stream).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
ACCESS_FORMAT = '%(asctime)s %(levelname)s uvicorn.access [%(process)d]: %(client_addr)s "%(request_line)s" %(status_code)s'


class UtcFormatter(logging.Formatter):
    """`2026-11-28T07:20:01.123Z`: one time zone for every process and host."""

    converter = time.gmtime

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + f".{int(record.msecs):03d}Z"

    def formatException(self, ei: Any) -> str:  # noqa: N802
        """A traceback on the same line as its event (` | ` between its lines): a
        line-based collector keeps it with its time, level and process."""
        return " | ".join(super().formatException(ei).splitlines())

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return " | ".join(stack_info.splitlines())

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " | ")


def _access_formatter(fmt: str) -> logging.Formatter:
    """uvicorn's access formatter (it fills `client_addr`, `request_line` and
    `status_code`) with the UTC time of the other lines."""
    from uvicorn.logging import AccessFormatter

    class UtcAccess(AccessFormatter):
        converter = time.gmtime
        formatTime = UtcFormatter.formatTime   # noqa: N815

    return UtcAccess(fmt=fmt, use_colors=False)


def log_config(level: str) -> dict:  # type: ignore[type-arg]
    """uvicorn's logging with riskgate's format: its lines had no time and a
    format of their own (an operations audit)."""
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"default": {"()": UtcFormatter, "fmt": LOG_FORMAT},
                       "access": {"()": _access_formatter, "fmt": ACCESS_FORMAT}},
        "handlers": {"default": {"formatter": "default", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
                     "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
        "loggers": {"uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
                    "uvicorn.error": {"level": level.upper()},
                    "uvicorn.access": {"handlers": ["access"], "level": level.upper(), "propagate": False}},
    }
PR_SET_PDEATHSIG = 1            # <linux/prctl.h>
PARENT_POLL_S = 1.0             # the fallback's look at the parent (where prctl is missing)

log = logging.getLogger("riskgate.worker")


def configure_logging(level: str) -> None:
    """Root handler and level for riskgate's own loggers (uvicorn configures
    its own `uvicorn.*` loggers from `log_level`). A spawned worker starts
    with a blank logging module: without this its INFO lines (`riskgate
    ready ...`) were dropped and its warnings came out bare."""
    handler = logging.StreamHandler()
    handler.setFormatter(UtcFormatter(LOG_FORMAT))
    logging.basicConfig(level=level.upper(), handlers=[handler])


def uvicorn_config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Proxy headers (X-Forwarded-For) only rewrite the client address that the
    access log prints; nothing else reads it, so without the access log the
    middleware is left out of every request (~1-2 % of a worker's CPU)."""
    import uvicorn

    return uvicorn.Config(
        "service.app:create_app", factory=True, host=args.host, port=args.port, loop="uvloop",
        http="httptools", access_log=args.access_log, log_level=args.log_level, lifespan="on",
        log_config=log_config(args.log_level),
        timeout_graceful_shutdown=10, proxy_headers=bool(args.access_log),
    )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _set_pdeathsig(sig: int) -> bool:
    """Linux: have the kernel send `sig` to this process when its parent dies."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(sig), ctypes.c_ulong(0), ctypes.c_ulong(0),
                              ctypes.c_ulong(0))) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int, interval_s: float) -> None:
    while os.getppid() == parent_pid:
        time.sleep(interval_s)
    log.warning("the supervisor (pid %d) is gone: stopping this worker", parent_pid)
    os.kill(os.getpid(), signal.SIGTERM)


def exit_with_parent(parent_pid: int, use_prctl: bool = True, interval_s: float = PARENT_POLL_S) -> None:
    """Stop this worker (SIGTERM: uvicorn's graceful stop) when the supervisor
    `parent_pid` dies, so that no worker goes on serving the port unsupervised
    after a `kill -9` of the supervisor. Linux: PR_SET_PDEATHSIG; elsewhere a
    daemon thread looks at the parent pid every `interval_s`. (The commit
    process notices its worker's death by its stdin closing; a spawned worker
    has no such pipe of its own to read.) A parent that died before this call
    is seen at once: the worker then exits here."""
    armed = use_prctl and _set_pdeathsig(signal.SIGTERM)
    if os.getppid() != parent_pid:
        log.warning("the supervisor (pid %d) is gone before this worker started: exiting", parent_pid)
        raise SystemExit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid, interval_s), name="riskgate-parent-watch",
                         daemon=True).start()


def hangup_stops_gracefully() -> None:
    """SIGHUP (a closed terminal, `kill -HUP`) stops the process as SIGTERM does:
    uvicorn handles only SIGINT and SIGTERM, and SIGHUP's default killed it
    without its shutdown (final snapshots, DEGRADED answers not yet recorded,
    requests in flight; a review)."""
    signal.signal(signal.SIGHUP, lambda signum, frame: os.kill(os.getpid(), signal.SIGTERM))


def run_worker(args: argparse.Namespace, parent_pid: int | None = None, slot: str | None = None) -> None:
    """`slot`: "i/n", this worker's place among the supervisor's n (service.runtime.worker_slot):
    the state a slot writes is its own, and its next process restores it."""
    import uvicorn

    if slot is not None:
        from .runtime import WORKER_SLOT_ENV

        os.environ[WORKER_SLOT_ENV] = slot
    configure_logging(args.log_level)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    hangup_stops_gracefully()
    if parent_pid is not None:
        exit_with_parent(parent_pid)
    sock = _bind(args.host, args.port)
    uvicorn.Server(uvicorn_config(args)).run(sockets=[sock])
