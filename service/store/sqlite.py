"""The embedded store: SQLite in WAL mode, one file in RISKGATE_DATA_DIR.

Why SQLite: it is in the standard library, survives `kill -9` with every
committed transaction intact (WAL, `synchronous=NORMAL`; `FULL` also survives
power loss, at several times the write cost), and serialises writers across
worker processes with `BEGIN IMMEDIATE`, which is what the read-modify-write
contract of `Store.transact` needs.

Layout, chosen by measurement (benchmarks/store_bench.py): profiles and entities
live in a rowid table keyed by a unique text key and are updated in place
(upsert), so a 1.5 KB profile fits in its leaf page instead of spilling to an
overflow page as it would in a WITHOUT ROWID table; decision records, which are
only inserted and later purged by age, live in their own table with an index on
event time. Only that table pays for a time index. WAL checkpoints (the only
fsyncs under `NORMAL`) run from the maintenance thread, not inside a scoring
transaction.

Why the checkpointer also syncs the database file (found with strace, measured
by benchmarks/store_tail.py): under a steady stream of commits a PASSIVE
checkpoint never completes (commits land while it runs), and SQLite syncs the
database file only when one does. Each partial round copies pages into the
file and leaves them dirty; the WAL keeps growing until the scoring
connection's own autocheckpoint completes one inline, in the payment path,
and its fsync then flushed seconds of accumulated random writes (24-140 ms on
this project's VM, every ~3 s at 300 payments/s). Syncing after each partial
round in the background thread leaves that inline fsync little to do. The
sync goes through SQLite's own descriptor of the file (found in /proc/self/fd):
opening and later closing a descriptor of our own would drop every POSIX lock
the process holds on the file, SQLite's included.

The engine reads a payment's keys, computes, then calls `transact` on the same
keys, whose function must see the values current *inside* the write lock. When
nothing was committed since the read, those are the values the read returned,
and the second SELECT is skipped. "Nothing committed" is a token compared
inside the lock: `PRAGMA data_version` (bumped by commits of any other
connection, in any process) and `total_changes` (this connection's own writes,
purges included). The read costs no extra statement: its token is the one the
connection's previous transaction ended with, which any commit landing between
that transaction and the read makes stale (a needless re-read, never stale
values). Only the thread that read reuses its read (one connection per thread).

Deferred commits check their reads with a token of their own: (the thread
whose connection committed the last batch, that connection's data_version
then), taken before each read. A flush on the same connection that finds the
same data_version knows no other connection committed since (its own commits
were the batches before, whose values the functions saw through the pending
layers); a token from another connection, or a batch before that did not
commit exactly what its functions computed, makes it read the values again.
With the commit process (`start_committer`, service/store/committer.py) the
token is the process's: it commits the batches on its own connection and
makes the same check inside its write lock; whatever it refuses (CHANGED), or
whatever it had when it died, is committed here by `_commit`, re-running the
functions on the stored values.

Deferred commits (`deferring` and `flush`; the service's score route uses them,
service/commit_batch.py): under load several payments are ready in one turn of
the event loop, and committing each on its own rewrote the same index and
interior pages once per payment (7.5 WAL frames and ~24 `pwrite`s each). A
transaction inside `with store.deferring()` runs its function at once on the
current values, keeps the writes in memory (later reads on the same thread see
them) and returns; `flush()` then commits every pending transaction in one
SQLite transaction, and only then does the caller acknowledge them. The write
lock is held for the flush alone, not while the payments are computed, so
other workers are not held up. Inside the lock the flush checks what the
functions relied on: nothing to check when no other connection committed
since this one's last transaction (the version token above); else the stored
values they read are read again in one SELECT, and only if one of them changed
are the functions re-run in order on the current values, exactly as
`transact` does after a read went stale. (With two workers scoring different
customers, most flushes see the other's commits but none of their values.) A
write that cannot be committed is reported on its `DeferredWrite` (`error`),
never acknowledged.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import sqlite3
import threading
import time
from typing import Any, Callable, Sequence

from .base import RECORD, Abort, StoreError, TransactFn
from .committer import ProcessCommits
from .deferred import DeferredWrite, PendingWrites, flush_writes

_CHILD = -1   # the thread field of a token read from the commit process

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v BLOB NOT NULL, t REAL NOT NULL);
CREATE TABLE IF NOT EXISTS rec (k TEXT PRIMARY KEY, v BLOB NOT NULL, t REAL NOT NULL);
CREATE INDEX IF NOT EXISTS rec_t ON rec(t);
CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
"""
_UPSERT_KV = "INSERT INTO kv (k, v, t) VALUES (?, ?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v, t = excluded.t"
_UPSERT_REC = "INSERT INTO rec (k, v, t) VALUES (?, ?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v, t = excluded.t"
# Page cache per connection, KiB. The scoring thread's connection keeps the hot
# profiles, entities and the tail of the record index; purges and checkpoints
# (worker threads, one connection each) walk pages once, and a large cache there
# only held memory: each filled up to the full size over a long run.
HOT_CACHE_KIB = 65536
WAL_AUTOCHECKPOINT_FRAMES = 40000
BACKGROUND_CACHE_KIB = 2048


def _upsert(c: sqlite3.Connection, rows: list[tuple[str, bytes, float]]) -> None:
    """Write (key, value, event ts) rows: decision records to their own table."""
    recs = [r for r in rows if r[0].startswith(RECORD)]
    rest = [r for r in rows if not r[0].startswith(RECORD)]
    if recs:
        c.executemany(_UPSERT_REC, recs)
    if rest:
        c.executemany(_UPSERT_KV, rest)


def _sqlite_memory_used() -> Any:
    """`sqlite3_memory_used()` of the SQLite that the `sqlite3` module runs on, or
    None. Looked up through the `_sqlite3` extension itself (its own copy when
    SQLite is linked in, else the shared library it loaded), so the counter is
    never that of another libsqlite3 that happens to be installed."""
    import _sqlite3

    try:
        fn = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    except (OSError, AttributeError):
        return None
    fn.restype = ctypes.c_int64
    fn.argtypes = []
    return fn


_memory_used = _sqlite_memory_used()


def sqlite_memory_bytes() -> int | None:
    """Bytes SQLite holds in this process (page caches of every connection, its
    statements), or None when the library's counter is not reachable."""
    return int(_memory_used()) if _memory_used is not None else None


_fdatasync = getattr(os, "fdatasync", os.fsync)


def _fd_path(fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


def _find_fd(real_path: str) -> int | None:
    """A descriptor this process already has open on `real_path` (SQLite's), or
    None (no /proc, or not open). Never opens one: see the module docstring."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return None
    for name in names:
        if _fd_path(int(name)) == real_path:
            return int(name)
    return None


def _when_unlocked(fn: Any, within_s: float) -> Any:
    """`fn()`, tried again while SQLite answers "database is locked" for up to
    `within_s`. Switching a new database to WAL and creating its schema can be
    refused at once, without the busy handler's wait, while another process does
    the same: two workers starting on an empty data dir, one of them exiting."""
    deadline = time.monotonic() + within_s
    delay = 0.005
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(0.1, delay * 2)


class EmbeddedStore(ProcessCommits):
    def __init__(self, data_dir: str, synchronous: str = "NORMAL", busy_timeout_s: float = 5.0,
                 checkpoint_interval_s: float | None = 0.2, purge_pause_s: float = 0.0,
                 sync_partial_checkpoints: bool = True, entity_scan_budget: int = 5000) -> None:
        if synchronous not in ("NORMAL", "FULL", "OFF"):
            raise ValueError("RISKGATE_SQLITE_SYNC must be NORMAL, FULL or OFF")
        os.makedirs(data_dir, exist_ok=True)
        self.path = os.path.join(data_dir, "riskgate.sqlite3")
        self._synchronous = synchronous
        self._busy_timeout_s = busy_timeout_s
        self._purge_pause_s = purge_pause_s
        self._scan_budget = max(1, entity_scan_budget)
        self._cursors: dict[str, str] = {}   # per entity prefix: the last key a purge examined
        self.last_scanned = 0                # keys the last entity purge examined
        self._sync_partial = sync_partial_checkpoints and synchronous != "OFF"
        self._real_path = os.path.realpath(self.path)
        self._db_fd: int | None = None
        self.db_syncs = 0   # checkpoint rounds followed by a sync of the database file
        self._last_round: tuple[int, ...] | None = None
        # One connection per thread: sqlite3 connections are not to be shared
        # across threads, and the service runs the hot path on the event loop
        # thread while background jobs (snapshots, purges) use their own.
        self._local = threading.local()
        self._lock = threading.Lock()
        self._statements: dict[tuple[int, int], str] = {}
        # With the checkpointer thread the WAL is copied in the background; SQLite
        # still restarts it only through an autocheckpoint inside a commit (a
        # background round is always overtaken by commits under load), and that
        # commit pays for the frames since the last round and two fsyncs: 5-10 ms
        # on this project's VM. At 1,000 payments/s and ~10 frames each, 10,000
        # frames made that a stall per second and set the p99; 40,000 (a WAL of
        # up to ~160 MB) makes it one every four seconds (benchmarks/README.md).
        self._autocheckpoint = WAL_AUTOCHECKPOINT_FRAMES if checkpoint_interval_s else 1000
        self._stop = threading.Event()
        self._checkpointer: threading.Thread | None = None
        # Deferred commits (see the module docstring), and the version token
        # the first pending transaction's values were read at.
        self._pw = PendingWrites()
        self._pending_base: tuple[int, int] | None = None
        # (thread, data_version of its connection) after the last deferred commit
        self._pub: tuple[int, int] | None = None
        self.reruns = 0   # flushes whose functions ran again: a value they read had changed
        try:
            self._conn()  # create the schema now, fail fast on a bad directory or a corrupt file
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        if checkpoint_interval_s:
            self._checkpointer = threading.Thread(target=self._checkpoint_loop, args=(checkpoint_interval_s,),
                                                  name="riskgate-wal-checkpoint", daemon=True)
            self._checkpointer.start()

    def _checkpoint_loop(self, interval_s: float) -> None:
        while not self._stop.wait(interval_s):
            try:
                self.checkpoint()
            except StoreError:
                pass  # a busy or failing database: the next round tries again

    def _conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(self.path, timeout=self._busy_timeout_s, isolation_level=None,
                                check_same_thread=False, cached_statements=256)
            _when_unlocked(lambda: c.execute("PRAGMA journal_mode=WAL"), self._busy_timeout_s)
            c.execute(f"PRAGMA synchronous={self._synchronous}")
            c.execute("PRAGMA temp_store=MEMORY")
            c.execute(f"PRAGMA cache_size=-{HOT_CACHE_KIB}")
            # The checkpointer thread keeps the WAL short; this is only the backstop.
            c.execute(f"PRAGMA wal_autocheckpoint={self._autocheckpoint}")
            _when_unlocked(lambda: c.executescript(_SCHEMA), self._busy_timeout_s)
            self._local.conn = c
            self._local.last = None   # (keys, token, values) of this thread's last read
            self._local.token = None  # token as of the end of this thread's last transaction
        return c

    def _background(self) -> None:
        """This thread's connection serves maintenance only: a small page cache."""
        if not getattr(self._local, "background", False):
            self._run(f"PRAGMA cache_size=-{BACKGROUND_CACHE_KIB}", ())
            self._local.background = True

    def memory_bytes(self) -> int | None:
        return sqlite_memory_bytes()

    def _version(self, c: sqlite3.Connection) -> tuple[int, int]:
        """Changes since the last call differ in this token: commits of other
        connections bump data_version, this connection's writes total_changes."""
        return c.execute("PRAGMA data_version").fetchone()[0], c.total_changes

    def _select(self, keys: Sequence[str]) -> tuple[str, list[str]]:
        """One statement for any mix of record and profile/entity keys. The
        engine puts the record key first, which takes the cheap path."""
        if keys[0].startswith(RECORD) and not any(k.startswith(RECORD) for k in keys[1:]):
            recs, rest = [keys[0]], list(keys[1:])
        else:
            recs = [k for k in keys if k.startswith(RECORD)]
            rest = [k for k in keys if not k.startswith(RECORD)]
        shape = (len(recs), len(rest))
        q = self._statements.get(shape)
        if q is None:
            parts = []
            if rest:
                parts.append("SELECT k, v FROM kv WHERE k IN (" + ",".join("?" * len(rest)) + ")")
            if recs:
                parts.append("SELECT k, v FROM rec WHERE k IN (" + ",".join("?" * len(recs)) + ")")
            q = " UNION ALL ".join(parts)
            self._statements[shape] = q
        return q, rest + recs

    def _fetch(self, c: sqlite3.Connection, keys: Sequence[str]) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = dict.fromkeys(keys)
        if keys:
            q, args = self._select(keys)
            for k, v in c.execute(q, args):
                out[k] = v
        return out

    def read(self, keys: Sequence[str]) -> dict[str, bytes | None]:
        try:
            c = self._conn()
            local = self._local
            token, pub = local.token, self._pub   # taken before the SELECT: see the module docstring
            out = self._fetch(c, keys)
            self._pw.read(keys, out)
            local.last = (keys, token, out, pub)
            return dict(out)
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite read failed: {exc}") from exc

    def transact(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any:
        if self._pw.collecting():
            return self._transact_deferred(keys, fn, ts)
        if self._pw.held_here():
            self.flush()   # a durable write lands after the deferred ones of its thread, in order
        c = self._conn()
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite begin failed: {exc}") from exc
        local = self._local
        last, local.last, local.token = local.last, None, None
        try:
            version = self._version(c)
            if (last is not None and last[1] is not None and last[1] == version
                    and (last[0] is keys or list(last[0]) == list(keys))):
                cur = dict(last[2])  # nothing committed since the read: its values are current
            else:
                cur = self._fetch(c, keys)
            updates, result = fn(cur)
            if updates:
                _upsert(c, [(k, v, ts) for k, v in updates.items()])
            c.execute("COMMIT")
            # others could not commit while this transaction held the write lock
            local.token = (version[0], c.total_changes)
            return result
        except Abort:
            c.execute("ROLLBACK")
            raise
        except sqlite3.Error as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise StoreError(f"sqlite write failed: {exc}") from exc
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    def deferring(self) -> contextlib.AbstractContextManager[list[DeferredWrite]]:
        """Transactions of this block on this thread wait for `flush()` to be
        committed; the list collects them, for the caller to check after the
        flush before it acknowledges anything."""
        return self._pw.deferring()

    def after_commit(self, effect: Callable[[], None]) -> bool:
        """`PendingWrites.after_commit`: `effect` waits for the commit of this
        thread's last deferred transaction; False: not deferring, run it now."""
        return self._pw.after_commit(effect)

    def _transact_deferred(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any:
        local = self._local
        last, local.last = local.last, None
        if last is not None and last[1] == local.token and (last[0] is keys or list(last[0]) == list(keys)):
            # the engine's read, with no commit of this connection since: checked at the flush
            cur, pub = dict(last[2]), last[3]
        else:
            pub = self._pub
            try:
                cur = self._fetch(self._conn(), keys)
            except sqlite3.Error as exc:
                raise StoreError(f"sqlite read failed: {exc}") from exc
        if not self._pw.writes:
            self._pending_base = pub
        return self._pw.run(keys, fn, ts, cur)

    def _unchanged(self, c: sqlite3.Connection, pending: list[DeferredWrite]) -> bool:
        """Whether every stored value the pending functions read is still the
        one stored (another connection committed, but perhaps elsewhere)."""
        seen: dict[str, bytes | None] = {}
        for w in pending:
            seen.update(w.seen)
        keys = list(seen)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            if any(now != seen[k] for k, now in self._fetch(c, chunk).items()):
                return False
        return True

    # ------------------------------------------------------- commit process
    def _child_args(self) -> list[str]:
        return ["sqlite", os.path.dirname(self.path), self._synchronous]

    def _child_base(self, base: Any) -> Any:
        return base[1] if base[0] == _CHILD else None   # a token of this process's own connections: check

    def _child_ok(self, token: Any) -> None:
        self._pub = (_CHILD, token)

    def _committed(self, keys: list[str]) -> dict[str, bytes | None]:
        """The keys' committed values (this connection, outside a transaction; no pending layer)."""
        return self._fetch(self._conn(), keys)

    def _commit(self, pending: list[DeferredWrite], base: tuple[int, int] | None) -> None:
        c = self._conn()
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            err = StoreError(f"sqlite begin failed: {exc}")
            for w in pending:
                w.error = err
            return
        local = self._local
        local.last, local.token = None, None
        try:
            version = self._version(c)
            # `base`: (thread, data_version) after the last deferred commit, as of
            # the oldest read the functions ran on. The same connection with the
            # same data_version: no other connection committed since; its own
            # commits were the batches before, whose values the functions saw.
            pub = (threading.get_ident(), version[0])
            unchanged = base == pub or self._unchanged(c, pending)
            if not unchanged:   # a value they read has changed: re-run them in order on the current ones
                self.reruns += 1
            writes = flush_writes(pending, unchanged, lambda keys: self._fetch(c, keys))
            _upsert(c, [(k, v, t) for k, (v, t) in writes.items()])
            c.execute("COMMIT")
            local.token = (version[0], c.total_changes)
            self._pub = pub
        except BaseException as exc:
            try:
                if c.in_transaction:
                    c.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            err = StoreError(f"sqlite write failed: {exc}") if isinstance(exc, sqlite3.Error) else exc
            for w in pending:
                if w.error is None:
                    w.error = err
            if not isinstance(exc, Exception):
                raise

    def _run(self, sql: str, args: tuple[Any, ...]) -> sqlite3.Cursor:
        try:
            return self._conn().execute(sql, args)
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite failed: {exc}") from exc

    def get_blob(self, name: str) -> bytes | None:
        row = self._run("SELECT v FROM blobs WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def put_blob(self, name: str, value: bytes) -> None:
        self._run("INSERT OR REPLACE INTO blobs (name, v) VALUES (?, ?)", (name, value))

    def purge(self, prefix: str, before_ts: float, batch: int = 500) -> int:
        """Delete old keys in small batches without holding the write lock for
        the search: each batch's rows are found by a read (WAL readers block no
        writer), then deleted by rowid in a short write transaction that checks
        the time again (a row rewritten meanwhile stays). Found by measurement:
        the earlier single DELETE ... IN (SELECT ...) scanned every key of an
        entity prefix inside its write transaction, and scoring waited for it
        (event-loop lags of 260-365 ms during a purge at 500 payments/s). The
        service also sets `purge_pause_s`, so that a scoring transaction in
        SQLite's busy back-off gets the lock between two batches.

        Records have a time index and go oldest first. Entities have none (they
        are updated in place, and an index on their time would cost every
        payment a page write per entity), so a call examines at most
        `entity_scan_budget` keys of the prefix, resuming where the last call
        stopped and wrapping around: a soak showed the full walk of every call
        growing with the table (0.16 → 0.79 s per round in 7 minutes at 500/s,
        a core taken from scoring each time). An expired entity goes within one
        pass over its prefix; a table smaller than the budget is passed whole."""
        self._background()
        hi = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        if not prefix.startswith(RECORD):
            return self._purge_entities(prefix, hi, before_ts, batch)
        find = f"SELECT rowid, k FROM rec INDEXED BY rec_t WHERE t < ? AND k >= ? AND k < ? ORDER BY t LIMIT {batch}"
        total = 0
        while True:
            found = self._run(find, (before_ts, prefix, hi)).fetchall()
            if not found:
                return total
            total += self._drop("rec", before_ts, [r[0] for r in found])
            if len(found) < batch:
                return total
            if self._purge_pause_s:
                time.sleep(self._purge_pause_s)

    def _purge_entities(self, prefix: str, hi: str, before_ts: float, batch: int) -> int:
        """The bounded walk of `purge`. The window of keys is filtered inside
        SQLite (which releases the GIL while it walks): only the expired rowids
        and the window's last key come back to Python."""
        start = self._cursors.get(prefix, prefix)
        # from the cursor to the end of the prefix, then from its start back to the cursor
        segments = [(start, hi, "<")] + ([(prefix, start, "<=")] if start != prefix else [])
        total = scanned = 0
        cursor = start
        whole_pass = True
        for lo, up, op in segments:
            n = self._scan_budget - scanned
            # one walk of the window: its size, its last key and its expired rowids
            count, last, expired = self._run(
                "SELECT count(*), max(k), group_concat(CASE WHEN t < ? THEN rowid END) FROM "
                f"(SELECT rowid, k, t FROM kv WHERE k > ? AND k {op} ? ORDER BY k LIMIT {n})",
                (before_ts, lo, up)).fetchone()
            if count:
                cursor = last
                old = [int(r) for r in expired.split(",")] if expired else []
                for i in range(0, len(old), batch):
                    if i and self._purge_pause_s:
                        time.sleep(self._purge_pause_s)
                    total += self._drop("kv", before_ts, old[i:i + batch])
            scanned += count
            if count >= n:
                whole_pass = False
                break
        self._cursors[prefix] = prefix if whole_pass else cursor
        self.last_scanned = scanned
        return total

    def _drop(self, table: str, before_ts: float, rowids: list[int]) -> int:
        drop = f"DELETE FROM {table} WHERE t < ? AND rowid IN ({','.join('?' * len(rowids))})"
        return int(self._run(drop, (before_ts, *rowids)).rowcount)

    def checkpoint(self) -> None:
        """Move the WAL into the database file (the fsync under NORMAL); run by
        the maintenance thread so that no scoring transaction waits for it. A
        round overtaken by a commit leaves the pages it copied unsynced: synced
        here (see the module docstring). The pragma cannot tell that round from
        a complete one (it reports the WAL as it was when the round began), so
        every round that copied frames is followed by a sync; after a complete
        round SQLite's own sync has left it nothing to write."""
        self._background()
        row = self._run("PRAGMA wal_checkpoint(PASSIVE)", ()).fetchone()
        if self._sync_partial and row is not None and row[2] > 0 and tuple(row) != self._last_round:
            self._sync_db_file()
        self._last_round = tuple(row) if row is not None else None

    def _sync_db_file(self) -> None:
        fd = self._db_fd
        if fd is None or _fd_path(fd) != self._real_path:
            fd = self._db_fd = _find_fd(self._real_path)
        if fd is None:
            return
        try:
            _fdatasync(fd)
            self.db_syncs += 1
        except OSError:
            self._db_fd = None   # closed and reused meanwhile: found again next round

    def count(self, prefix: str) -> int:
        hi = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        table = "rec" if prefix.startswith(RECORD) else "kv"
        return int(self._run(f"SELECT COUNT(*) FROM {table} WHERE k >= ? AND k < ?", (prefix, hi)).fetchone()[0])

    def ping(self) -> bool:
        try:
            self._conn().execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def close(self) -> None:
        self.flush()
        self._stop.set()
        if self._checkpointer is not None and self._checkpointer is not threading.current_thread():
            self._checkpointer.join(2.0)      # its round would make the truncation below busy
        self.stop_committer()
        c = getattr(self._local, "conn", None)
        if c is not None:
            # the WAL back to zero bytes when no other connection writes or reads an older
            # snapshot (another worker may: then it waits 0.1 s at most): a clean stop left
            # tens of MB of it (an operations audit: 47.7 MB beside an 8.4 MB database)
            with contextlib.suppress(sqlite3.Error):
                c.execute("PRAGMA busy_timeout=100")
                c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            c.close()
            self._local.conn = None


def main(argv: list[str] | None = None) -> int:
    """`python -m service.store.sqlite copy DATA_DIR DEST`: a consistent copy of a
    running service's SQLite store (SQLite's online backup: one read snapshot,
    the WAL's committed pages included), with the data dir's hash key and its
    fingerprint: DEST is a data dir to start on."""
    from .datadir import copy_command

    def copy(data_dir: str, dest: str) -> None:
        src = sqlite3.connect(f"file:{os.path.join(data_dir, 'riskgate.sqlite3')}?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(os.path.join(dest, "riskgate.sqlite3"))
        try:
            # one step: in WAL mode it reads one snapshot and holds up no writer, whereas a
            # stepped backup restarts at every commit between two steps and, under a live
            # service's hundreds of commits a second, never finished (a review found it)
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()

    return copy_command(argv, "python -m service.store.sqlite", main.__doc__, "SQLITE", copy)


if __name__ == "__main__":
    raise SystemExit(main())
