"""The embedded store: SQLite in WAL mode, one file in RISKGATE_DATA_DIR.

Why SQLite: it is in the standard library, survives `kill -9` with every
committed transaction intact (WAL, `synchronous=NORMAL`; `FULL` also survives
power loss, at about 3x the write cost), and serialises writers across worker
processes with `BEGIN IMMEDIATE`, which is what the read-modify-write contract
of `Store.transact` needs. One table keyed by the namespaced key; `t` is the
event time of the last write, for retention purges.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any, Sequence

from .base import Abort, StoreError, TransactFn

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v BLOB NOT NULL, t REAL NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_t ON kv(t);
CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
"""


class EmbeddedStore:
    def __init__(self, data_dir: str, synchronous: str = "NORMAL", busy_timeout_s: float = 5.0) -> None:
        if synchronous not in ("NORMAL", "FULL", "OFF"):
            raise ValueError("RISKGATE_SQLITE_SYNC must be NORMAL, FULL or OFF")
        os.makedirs(data_dir, exist_ok=True)
        self.path = os.path.join(data_dir, "riskgate.sqlite3")
        self._synchronous = synchronous
        self._busy_timeout_s = busy_timeout_s
        # One connection per thread: sqlite3 connections are not to be shared
        # across threads, and the service runs the hot path on the event loop
        # thread while background jobs (snapshots, purges) use their own.
        self._local = threading.local()
        self._lock = threading.Lock()
        self._statements: dict[int, str] = {}
        try:
            self._conn()  # create the schema now, fail fast on a bad directory or a corrupt file
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc

    def _conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(self.path, timeout=self._busy_timeout_s, isolation_level=None,
                                check_same_thread=False, cached_statements=256)
            c.execute("PRAGMA journal_mode=WAL")
            c.execute(f"PRAGMA synchronous={self._synchronous}")
            c.execute("PRAGMA temp_store=MEMORY")
            c.execute("PRAGMA cache_size=-65536")
            c.executescript(_SCHEMA)
            self._local.conn = c
        return c

    def _select(self, n: int) -> str:
        q = self._statements.get(n)
        if q is None:
            q = "SELECT k, v FROM kv WHERE k IN (" + ",".join("?" * n) + ")"
            self._statements[n] = q
        return q

    def read(self, keys: Sequence[str]) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = dict.fromkeys(keys)
        try:
            for k, v in self._conn().execute(self._select(len(keys)), keys):
                out[k] = v
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite read failed: {exc}") from exc
        return out

    def transact(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any:
        c = self._conn()
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite begin failed: {exc}") from exc
        try:
            current: dict[str, bytes | None] = dict.fromkeys(keys)
            for k, v in c.execute(self._select(len(keys)), keys):
                current[k] = v
            updates, result = fn(current)
            if updates:
                c.executemany("INSERT OR REPLACE INTO kv (k, v, t) VALUES (?, ?, ?)",
                              [(k, v, ts) for k, v in updates.items()])
            c.execute("COMMIT")
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

    def purge(self, prefix: str, before_ts: float) -> int:
        hi = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return self._run("DELETE FROM kv WHERE t < ? AND k >= ? AND k < ?", (before_ts, prefix, hi)).rowcount

    def count(self, prefix: str) -> int:
        hi = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return int(self._run("SELECT COUNT(*) FROM kv WHERE k >= ? AND k < ?", (prefix, hi)).fetchone()[0])

    def ping(self) -> bool:
        try:
            self._conn().execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def close(self) -> None:
        c = getattr(self._local, "conn", None)
        if c is not None:
            c.close()
            self._local.conn = None
