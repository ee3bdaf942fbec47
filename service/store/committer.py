"""The embedded stores' commit process: group commits written beside the worker.

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
checked: when another writer committed since the oldest read the batch's
functions ran on (`base`: on SQLite the child's `data_version` the worker
read at, which the child's own commits leave as it is; on LMDB the read's
transaction id, followed only by the child's own commits), the stored values
those functions saw (`seen`) must still be the ones stored; if one changed,
it writes nothing and answers CHANGED, and the worker re-runs the functions
itself, in its own write transaction (the store's `_commit`), as before. A
worker alone on its store skips the check.

A worker killed with `kill -9` takes the child with it (the child's stdin
closes; it exits after the commit in hand, whose answers were never sent).
A child that dies is replaced by the in-loop flush for the rest of the
worker's life: the batch it had is looked up in the store (committed rows
are there, byte for byte) and committed in the worker if it was not.

Frames on the pipes: 4-byte little-endian length, then msgpack.
Request `[base, rows, seen]`: `base` the token the worker read at (or None:
check), `rows` `[[key, value, ts], ...]`, `seen` `[[key, value or None], ...]`.
Reply `[status, token, message]`.
"""
from __future__ import annotations

import collections
import logging
import os
import select
import struct
import subprocess
import sys
from typing import Any, Callable

import msgspec

from .deferred import Batch, flush_writes

#: Key prefix of the row each batch of a commit process carries (+ the worker's pid):
#: one row per worker, overwritten by every batch it sends.
BATCH_MARK = "w:batch:"

__all__ = ["CHANGED", "FAILED", "OK", "CommitterClient", "CommitterGone", "ProcessCommits", "main"]

log = logging.getLogger("riskgate.store")

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

    def __init__(self, args: list[str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service.store.committer", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, close_fds=True)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._w = self.proc.stdin.fileno()
        self._r = self.proc.stdout.fileno()
        os.set_blocking(self._r, False)
        self._buf = bytearray()
        self.sent = 0        # batches sent

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
            poller = select.poll()   # not select(): a busy worker's descriptors pass 1,024
            poller.register(self._r, select.POLLIN)
            if not poller.poll(timeout_s * 1000):
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


def _no_fetch(keys: Any) -> dict[str, bytes | None]:
    raise AssertionError("unchanged batches are not re-run")


class ProcessCommits:
    """The worker's side of a commit process, for an embedded store with
    deferred writes (`_pw`, `_local`, `_pending_base`) and a local commit
    `_commit(writes, base)` that re-reads and re-runs when `base` is None.
    The store names the child's arguments (`_child_args`), what to send as
    the token of its reads (`_child_base`) and what an OK answer's token
    becomes (`_child_ok`)."""

    _batch: Batch | None = None
    _committer: CommitterClient | None = None
    _force_check = False
    on_batch_done: Callable[[Batch], None] | None = None

    def _child_args(self) -> list[str]:
        raise NotImplementedError

    def _child_base(self, base: Any) -> Any:
        return base

    def _child_ok(self, token: Any) -> None:
        pass

    def flush(self) -> None:
        """Commit every deferred transaction in one transaction of this
        process, after the batch in flight, if any. Never raises: each
        `DeferredWrite` says whether it was committed."""
        self._finish_inflight()
        pending = self._pw.take()   # type: ignore[attr-defined]
        if not pending:
            return
        self._local.last = None   # type: ignore[attr-defined]
        # after a batch the commit process could not commit, these functions may have
        # run on its values (the in-flight layer): check what they read
        base = None if self._force_check else self._pending_base   # type: ignore[attr-defined]
        self._force_check = False
        self._commit(pending, base)   # type: ignore[attr-defined]

    def start_committer(self) -> bool:
        """Commit the batches of `take_batch` in a child process (this module)."""
        if self._committer is None:
            try:
                self._committer = CommitterClient(self._child_args())
            except OSError as exc:
                log.error("cannot start the commit process, committing in the worker: %s", exc)
        return self._committer is not None

    def committer_fd(self) -> int | None:
        return self._committer.fileno() if self._committer is not None else None

    def take_batch(self) -> Batch | None:
        """The deferred writes, sent to the commit process (one batch at a time):
        this thread goes on scoring on top of them meanwhile, and
        `poll_batch` (or `flush`) finishes them when the process answers."""
        cl = self._committer
        if cl is None or self._batch is not None:
            return None
        pending = self._pw.take_inflight()   # type: ignore[attr-defined]
        if not pending:
            return None
        self._local.last = None   # type: ignore[attr-defined]
        base = self._pending_base if not self._force_check else None   # type: ignore[attr-defined]
        self._force_check = False
        b = self._batch = Batch(pending)
        rows = [[k, v, t] for k, (v, t) in flush_writes(pending, True, _no_fetch).items()]
        # committed with the batch, in its transaction: whether it was, should the
        # process die before it answers (`_batch_stored`)
        b.token = os.urandom(12)
        rows.append([BATCH_MARK + str(os.getpid()), b.token, max((w.ts for w in pending), default=0.0)])
        seen: dict[str, bytes | None] = {}
        for w in pending:
            seen.update(w.seen)
        try:
            cl.send(None if base is None else self._child_base(base), rows, [[k, v] for k, v in seen.items()])
        except CommitterGone as exc:
            self._committer_died(b, exc)
        return b

    def poll_batch(self) -> Batch | None:
        """The batch in flight, finished, once the commit process has answered;
        else None. With nothing in flight, finds out whether the process died
        (its pipe then reads as closed)."""
        b, cl = self._batch, self._committer
        if cl is None:
            return None
        try:
            reply = cl.poll()
            if reply is not None and b is None:
                raise CommitterGone("the commit process answered out of turn")
        except CommitterGone as exc:
            if b is None:
                log.error("the commit process failed (%s): committing in the worker from now on", exc)
                self.stop_committer()
                return None
            self._committer_died(b, exc)
            return b
        if reply is None:
            return None
        self._finish(b, reply)   # type: ignore[arg-type]
        return b

    def _finish_inflight(self) -> None:
        """Wait for the batch in flight, if any, and finish it (`flush`)."""
        b = self._batch
        if b is None:
            return
        cl = self._committer
        if cl is None:
            self._finish(b, None)
            return
        try:
            self._finish(b, cl.wait())
        except CommitterGone as exc:
            self._committer_died(b, exc)

    def _finish(self, b: Batch, reply: list[Any] | None) -> None:
        """The commit process's answer for `b` (None: none will come): the
        writes are committed, or committed here after re-running their
        functions (CHANGED, or the process gone), or failed."""
        status = reply[0] if reply is not None else CHANGED
        if status == OK:
            self._child_ok(reply[1])   # type: ignore[index]
        elif status == FAILED:
            from .base import StoreError

            err = StoreError(str(reply[2]))   # type: ignore[index]
            for w in b.writes:
                if w.error is None:
                    w.error = err
            self._force_check = True   # the next batch may have read what was not committed
        else:   # a value they read changed: their functions run again here, in a write transaction
            self._commit(b.writes, None)   # type: ignore[attr-defined]
            if any(w.error is not None for w in b.writes):
                self._force_check = True   # the next writes may have run on what did not commit
        self._batch = None
        self._pw.drop_inflight(b.writes)   # type: ignore[attr-defined]
        if self.on_batch_done is not None:
            self.on_batch_done(b)

    def _committer_died(self, b: Batch, exc: BaseException) -> None:
        """Commit here from now on. The batch it had is finished as committed
        when every row of it is stored as sent (the process commits a batch in one
        transaction: all or nothing), else committed here; not re-run when it was
        committed, since a re-run finds each payment's own record, takes it for
        another worker's and answers from it, and the worker's in-memory effects
        of those payments (service/commit_batch.py) would never run."""
        log.error("the commit process failed (%s): committing in the worker from now on", exc)
        self.stop_committer()
        if self._batch_stored(b):
            self._force_check = True   # its commit is not this connection's: check the next one
            self._batch = None
            self._pw.drop_inflight(b.writes)   # type: ignore[attr-defined]
            if self.on_batch_done is not None:
                self.on_batch_done(b)
            return
        self._finish(b, None)

    def _batch_stored(self, b: Batch) -> bool:
        """Whether the process committed `b`: its marker row (this worker's key,
        the batch's random token), written in the batch's transaction, is
        stored. Not the batch's own rows: another worker may have stored the same
        bytes, or overwritten a shared one since."""
        if b.token is None:
            return False
        key = BATCH_MARK + str(os.getpid())
        try:
            return self._committed([key]).get(key) == b.token
        except Exception:   # the store cannot say: commit here (a re-run is safe, if costly)
            return False

    def _committed(self, keys: list[str]) -> dict[str, bytes | None]:
        raise NotImplementedError

    def stop_committer(self) -> None:
        cl, self._committer = self._committer, None
        if cl is not None:
            try:
                cl.close()
            except Exception:   # already gone
                pass


def _read_exact(f: Any, n: int) -> bytes | None:
    out = bytearray()
    while len(out) < n:
        chunk = f.read(n - len(out))
        if not chunk:
            return None
        out += chunk
    return bytes(out)


def _sqlite_committer(data_dir: str, synchronous: str) -> tuple[Callable[..., list[Any]], Callable[[], None]]:
    import sqlite3

    from .sqlite import WAL_AUTOCHECKPOINT_FRAMES, EmbeddedStore, _upsert

    store = EmbeddedStore(data_dir, synchronous=synchronous, checkpoint_interval_s=None)
    c = store._conn()
    # The worker's checkpointer thread keeps the WAL short, as for the worker's own
    # connection: an inline checkpoint at 1,000 frames would stall every few seconds.
    c.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_FRAMES}")

    def commit(base: Any, rows: list[list[Any]], seen: list[list[Any]]) -> list[Any]:
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
            return [status, dv, ""]
        except sqlite3.Error as exc:
            try:
                if c.in_transaction:
                    c.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            return [FAILED, None, f"sqlite write failed: {exc}"]

    return commit, store.close


def _lmdb_committer(data_dir: str, synchronous: str, map_gib: str,
                    writemap: str) -> tuple[Callable[..., list[Any]], Callable[[], None]]:
    import lmdb

    from .lmdb_store import LmdbStore, _error

    store = LmdbStore(data_dir, synchronous=synchronous, map_gib=float(map_gib), sync_interval_s=None,
                      writemap=writemap == "1")
    own: collections.deque[int] = collections.deque(maxlen=8)   # ids of this process's recent commits

    def commit(base: Any, rows: list[list[Any]], seen: list[list[Any]]) -> list[Any]:
        try:
            txn = store.begin_write()
        except lmdb.Error as exc:
            return [FAILED, None, str(_error("begin", exc))]
        try:
            tid = txn.id()
            fresh = base is not None and 0 < tid - base <= 4 and all(t in own for t in range(base + 1, tid))
            if not fresh:
                now = store._fetch(txn, [k for k, _ in seen])
                if any(now[k] != v for k, v in seen):
                    txn.abort()
                    return [CHANGED, tid, ""]
            for k, v, t in rows:
                store._put(txn, k, v, t)
            txn.commit()
            own.append(tid)
            return [OK, tid, ""]
        except lmdb.Error as exc:
            txn.abort()
            return [FAILED, None, str(_error("write", exc))]

    return commit, store.close


def main(argv: list[str] | None = None) -> int:
    """`python -m service.store.committer sqlite DATA_DIR SYNC` or `... lmdb DATA_DIR
    SYNC MAP_GB WRITEMAP`: serve commits on stdin/stdout until stdin closes
    (started by `CommitterClient`)."""
    import signal

    args = sys.argv[1:] if argv is None else argv
    # It ends when the worker closes its stdin (or dies): a Ctrl-C or a SIGTERM sent to
    # the whole group must not cut it short while the worker still flushes to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # The replies own the real stdout; anything printed goes to stderr instead.
    fout = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    fin = sys.stdin.buffer
    commit, close = _lmdb_committer(*args[1:]) if args[0] == "lmdb" else _sqlite_committer(*args[1:])
    while True:
        head = _read_exact(fin, 4)
        if head is None:
            break
        body = _read_exact(fin, _LEN.unpack(head)[0])
        if body is None:
            break
        base, rows, seen = _dec.decode(body)
        fout.write(_frame(commit(base, rows, seen)))
        fout.flush()
    close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
