"""The embedded SQLite store's commit process: group commits written beside the worker.

Why a process: at saturation a group commit was ~20 % of a worker's time on
SQLite (`benchmarks/README.md`, "Commit process"), while the second core sat
~40 % idle. A thread cannot take that work over in CPython: it gives up and
takes back the GIL around every SQLite call, and each take-back waits for
the busy event loop (tried three times, slower every time). A child process
has its own interpreter: the worker sends it a turn's rows, goes on scoring
the next requests on top of them (the in-flight layer of
service/store/deferred.py), and answers the turn's payments when the child
says the rows are committed.

What the child checks, inside its write lock, is what the in-loop flush
checked: when another connection committed since the oldest read the
batch's functions ran on (its `data_version` differs from the token the
worker read at, `base`), the stored values those functions saw (`seen`) must
still be the ones stored; if one changed, it writes nothing and answers
CHANGED, and the worker re-runs the functions itself, in its own write
transaction (`EmbeddedStore._commit`), as before. Its own commits do not
change its `data_version`: a worker alone on its store skips the check.

A worker killed with `kill -9` takes the child with it (the child's stdin
closes; it exits after the commit in hand, whose answers were never sent).
A child that dies is replaced by the in-loop flush for the rest of the
worker's life: the batch it had is looked up in the store (committed rows
are there, byte for byte) and committed in the worker if it was not.

Frames on the pipes: 4-byte little-endian length, then msgpack.
Request `[base, rows, seen]`: `base` the child's data_version the worker
read at (or None: check), `rows` `[[key, value, ts], ...]`, `seen`
`[[key, value or None], ...]`. Reply `[status, data_version, message]`.
"""
from __future__ import annotations

import os
import select
import struct
import subprocess
import sys
from typing import Any

import msgspec

__all__ = ["CHANGED", "FAILED", "OK", "CommitterClient", "CommitterGone", "main"]

OK, CHANGED, FAILED = 0, 1, 2
_LEN = struct.Struct("<I")
_enc = msgspec.msgpack.Encoder()
_dec = msgspec.msgpack.Decoder()


class CommitterGone(Exception):
    """The commit process exited or its pipes broke."""


def _frame(obj: Any) -> bytes:
    body = _enc.encode(obj)
    return _LEN.pack(len(body)) + body


class CommitterClient:
    """The worker's side: one batch in flight at a time."""

    def __init__(self, data_dir: str, synchronous: str = "NORMAL") -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service.store.committer", data_dir, synchronous],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, close_fds=True)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._w = self.proc.stdin.fileno()
        self._r = self.proc.stdout.fileno()
        os.set_blocking(self._r, False)
        self._buf = bytearray()
        self.sent = 0        # batches sent
        self.answered = 0    # replies read

    def fileno(self) -> int:
        return self._r

    def send(self, base: int | None, rows: list[list[Any]], seen: list[list[Any]]) -> None:
        data = memoryview(_frame([base, rows, seen]))
        try:
            while data:
                n = os.write(self._w, data)
                data = data[n:]
        except OSError as exc:
            raise CommitterGone(f"the commit process is gone: {exc}") from exc
        self.sent += 1

    def _take(self) -> list[Any] | None:
        buf = self._buf
        if len(buf) < 4:
            return None
        n = _LEN.unpack_from(buf)[0]
        if len(buf) < 4 + n:
            return None
        try:
            reply = _dec.decode(bytes(buf[4:4 + n]))
        except msgspec.DecodeError as exc:
            raise CommitterGone(f"the commit process answered garbage: {exc}") from exc
        del buf[:4 + n]
        self.answered += 1
        return reply   # type: ignore[no-any-return]

    def poll(self) -> list[Any] | None:
        """The reply to the batch in flight, if it has come; never blocks."""
        reply = self._take()
        if reply is not None:
            return reply
        while True:
            try:
                chunk = os.read(self._r, 65536)
            except BlockingIOError:
                return None
            except OSError as exc:
                raise CommitterGone(f"the commit process is gone: {exc}") from exc
            if not chunk:
                raise CommitterGone(f"the commit process exited ({self.proc.poll()})")
            self._buf += chunk
            reply = self._take()
            if reply is not None:
                return reply

    def wait(self, timeout_s: float = 60.0) -> list[Any]:
        """The reply to the batch in flight, waiting for it."""
        while True:
            reply = self.poll()
            if reply is not None:
                return reply
            ready, _, _ = select.select([self._r], [], [], timeout_s)
            if not ready:
                raise CommitterGone(f"the commit process did not answer within {timeout_s:g} s")

    def close(self) -> None:
        """Close its stdin (it exits once the batch in hand is written) and reap it."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _read_exact(f: Any, n: int) -> bytes | None:
    out = bytearray()
    while len(out) < n:
        chunk = f.read(n - len(out))
        if not chunk:
            return None
        out += chunk
    return bytes(out)


def main(argv: list[str] | None = None) -> int:
    """`python -m service.store.committer DATA_DIR SYNCHRONOUS`: serve commits on
    stdin/stdout until stdin closes (started by `CommitterClient`)."""
    import sqlite3

    from .sqlite import WAL_AUTOCHECKPOINT_FRAMES, EmbeddedStore, _upsert

    import signal

    args = sys.argv[1:] if argv is None else argv
    data_dir, synchronous = args[0], args[1]
    # It ends when the worker closes its stdin (or dies): a Ctrl-C or a SIGTERM sent to
    # the whole group must not cut it short while the worker still flushes to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # The replies own the real stdout; anything printed goes to stderr instead.
    fout = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    fin = sys.stdin.buffer
    store = EmbeddedStore(data_dir, synchronous=synchronous, checkpoint_interval_s=None)
    c = store._conn()
    # The worker's checkpointer thread keeps the WAL short, as for the worker's own
    # connection: an inline checkpoint at 1,000 frames would stall every few seconds.
    c.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_FRAMES}")
    while True:
        head = _read_exact(fin, 4)
        if head is None:
            break
        body = _read_exact(fin, _LEN.unpack(head)[0])
        if body is None:
            break
        base, rows, seen = _dec.decode(body)
        try:
            c.execute("BEGIN IMMEDIATE")
            dv = c.execute("PRAGMA data_version").fetchone()[0]
            status = OK
            if base is None or base != dv:
                keys = [k for k, _ in seen]
                now: dict[str, bytes | None] = {}
                for i in range(0, len(keys), 500):
                    now.update(store._fetch(c, keys[i:i + 500]))
                if any(now[k] != v for k, v in seen):
                    status = CHANGED
            if status == OK:
                _upsert(c, [(k, v, t) for k, v, t in rows])
                c.execute("COMMIT")
            else:
                c.execute("ROLLBACK")
            reply = [status, dv, ""]
        except sqlite3.Error as exc:
            try:
                if c.in_transaction:
                    c.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            reply = [FAILED, None, f"sqlite write failed: {exc}"]
        fout.write(_frame(reply))
        fout.flush()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
