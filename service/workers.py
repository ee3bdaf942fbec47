"""One uvicorn worker process, importable so that multiprocessing's spawn
start method can find it (functions of `__main__` cannot be pickled by name
under `python -m`)."""
from __future__ import annotations

import argparse
import signal
import socket


def uvicorn_config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Proxy headers (X-Forwarded-For) only rewrite the client address that the
    access log prints; nothing else reads it, so without the access log the
    middleware is left out of every request (~1-2 % of a worker's CPU)."""
    import uvicorn

    return uvicorn.Config(
        "service.app:create_app", factory=True, host=args.host, port=args.port, loop="uvloop",
        http="httptools", access_log=args.access_log, log_level=args.log_level, lifespan="on",
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


def run_worker(args: argparse.Namespace) -> None:
    import uvicorn

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sock = _bind(args.host, args.port)
    uvicorn.Server(uvicorn_config(args)).run(sockets=[sock])
