"""The fast embedded store: LMDB, one memory-mapped file in RISKGATE_DATA_DIR.

Why a second embedded store (issue 7): a payment reads up to six keys and
writes six rows (its decision record, the profile, up to four entities), and on
SQLite that is ~64 µs of a ~156 µs in-process payment (`python -m
benchmarks.micro`: the read ~20 µs, the commit ~44 µs), most of it the B-tree
pages of random rows going through SQLite's page cache and WAL. LMDB
(py-lmdb, the OpenLDAP B+tree; a well-kept library with manylinux wheels)
reads straight out of the mapped file: in `python -m benchmarks.micro` the
read takes ~8.5 µs instead of ~21, the commit ~38 µs instead of ~45 (~20 µs
with `writemap`, below). Several worker processes share it like SQLite: LMDB
serialises writers across processes with a robust mutex in its lock file, and
readers never wait.

`writemap` (`RISKGATE_LMDB_WRITEMAP=1`) lets commits write the mapped pages in
place instead of through `pwrite`: half the commit's cost in-process, but over
HTTP on this project's VM the same throughput with twice the p99 at saturation
(9-11 ms against 4-5 ms, benchmarks/README.md), a data file as large as the
map (sparse), and a writable map that a stray write could corrupt. Off by
default.

What it guarantees (README, "Storage, durability, privacy"):
- a killed worker (`kill -9`, an OOM kill) loses no acknowledged payment: a
  commit is in the kernel's page cache when `commit()` returns, and LMDB's
  copy-on-write tree is switched by one meta-page write; the robust mutex
  frees the write lock of a dead writer;
- by default (`RISKGATE_LMDB_SYNC=NORMAL`) commits are not fsynced: a thread
  syncs the map every `sync_interval_s` (1 s, `RISKGATE_LMDB_SYNC_SECONDS`).
  A power cut or a kernel crash can lose up to that last second, and, unlike
  SQLite's WAL, LMDB without a sync per commit promises an intact file after
  one only where the file system keeps the order of writes (its docs, on
  MDB_NOSYNC; and only without `writemap`): recover from a copy (`python -m
  service.store.lmdb_store copy`) or rebuild the profiles with `python -m
  service.backfill`. `FULL` syncs every commit, power-safe, at several
  hundred µs per commit.

Layout: four named databases in one environment. `kv` (profiles and
entities) and `rec` (decision records) hold `8-byte event time + value`, so a
purge can tell old rows from fresh ones; `rect` indexes records by
`big-endian event time + key` (positive IEEE doubles sort as their bytes), so
records are purged oldest first without a scan; `blobs` holds the service's
snapshots. Entities have no time index (as in SQLite: it would cost every
payment four more writes), so their purge walks a bounded window per call.

Deferred commits (`deferring`/`flush`, service/commit_batch.py) work as in the
SQLite store: a transaction inside the block runs its function at once on the
values the engine read and queues its writes; `flush` commits them all in one
write transaction after checking, inside it, that every stored value the
functions read is still the one stored, and re-runs the functions in order
when one changed. The check is skipped when nothing was committed since the
oldest read they ran on: LMDB numbers its transactions, so a write
transaction whose id follows that read's snapshot id directly proves it (the
same test lets `transact` reuse the engine's read).

With a commit process (`start_committer`, service/store/committer.py) the
busy turns' batches are committed by a child process on its own environment
of the same file; it skips the check when only its own commits followed the
reads' snapshot, and what it refuses is committed here by `_commit`.

LMDB forbids opening one environment twice in a process (closing the second
drops the first's locks): stores on the same directory share one environment,
counted, and the last to close closes it.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import struct
import threading
import time
from typing import Any, Callable, Sequence

import lmdb

from .base import RECORD, StoreError, TransactFn
from .committer import ProcessCommits
from .deferred import DeferredWrite, PendingWrites, flush_writes

__all__ = ["LmdbStore", "DEFAULT_MAP_GIB"]

# Address space reserved, not disk: the file grows as it fills (with writemap it is
# made as large as the map at once, sparse). A terabyte holds ~450 M payments at
# ~2.3 KB each (benchmarks/README.md): months of a large bank's traffic at 120 days'
# retention, where a smaller map would fill and turn every answer DEGRADED.
DEFAULT_MAP_GIB = 1024.0
#: With `writemap` a commit writes into the mapped file's pages directly, and a
#: page of a sparse file that the disk has no room for is a SIGBUS that kills the
#: process, not an error (a black-box audit: on a full disk every score was a
#: dropped connection, two workers restarting 29 times in 40 s). While the file
#: system holding the map has less than this free, writes are refused instead,
#: which the service answers DEGRADED. Without `writemap` a full disk is an
#: ordinary error (ENOSPC from pwrite).
WRITEMAP_MIN_FREE_BYTES = 256 << 20
_T = struct.Struct("<d")
_TKEY = struct.Struct(">d")
_ENVS: dict[str, list[Any]] = {}   # real path -> [environment, open stores, the pid that opened it]
_ENVS_LOCK = threading.Lock()


class DiskLow(lmdb.Error):
    """Writes refused before a full disk could crash a `writemap` process."""


#: below this much free space a failed write is put down to a full disk
DISK_FULL_BYTES = 64 << 20


def _error(what: str, exc: BaseException, path: str | None = None) -> StoreError:
    if isinstance(exc, lmdb.MapFullError):
        return StoreError(f"lmdb {what} failed: the map is full (raise RISKGATE_LMDB_MAP_GB): {exc}")
    if path is not None and ("Input/output error" in str(exc) or "No space left" in str(exc)):
        # a full disk fails LMDB's commit mostly with EIO, which names nothing to do (an operations audit)
        try:
            free = shutil.disk_usage(path).free
        except OSError:
            free = None
        if free is not None and free < DISK_FULL_BYTES:
            return StoreError(f"lmdb {what} failed: the disk holding {path} is full ({free / 1e6:.1f} MB free): "
                              f"free space on it ({exc})")
    return StoreError(f"lmdb {what} failed: {exc}")


#: LMDB refuses keys over 511 bytes, and `rect` puts 8 bytes before a record's key. An
#: id of 128 characters (parse.MAX_ID) is up to 512 bytes of UTF-8: such keys are
#: stored by their digest, after their namespace and a NUL no accepted id contains.
_MAX_KEY_BYTES = 400


def _key_bytes(key: str) -> bytes:
    kb = key.encode()
    if len(kb) <= _MAX_KEY_BYTES:
        return kb
    cut = kb.find(b":") + 1
    return kb[:cut] + b"\x00" + hashlib.blake2b(kb, digest_size=32).hexdigest().encode()


def _tkey(ts: float) -> bytes:
    """Index key prefix for event time `ts`: byte order = time order for ts >= 0."""
    return _TKEY.pack(ts if ts > 0.0 else 0.0)


def _open_env(path: str, map_gib: float, sync: bool, writemap: bool) -> Any:
    """One environment per directory and process (see the module docstring);
    the first store opened on a directory sets its flags."""
    real = os.path.realpath(path)
    with _ENVS_LOCK:
        entry = _ENVS.get(real)
        if entry is not None and entry[2] != os.getpid():
            # LMDB must not use an environment across fork(), and py-lmdb refuses to
            # open the same directory again in the child: say so plainly.
            raise StoreError(f"{real} was opened before this process was forked: open the store in the "
                             "child itself (riskgate's workers are spawned, not forked)")
        if entry is None:
            os.makedirs(real, exist_ok=True)
            env = lmdb.open(real, map_size=int(map_gib * (1 << 30)), max_dbs=4, writemap=writemap,
                            sync=sync, metasync=sync, readahead=False, max_readers=1024)
            entry = _ENVS[real] = [env, 0, os.getpid()]
        entry[1] += 1
        return entry[0]


def _release_env(path: str) -> None:
    real = os.path.realpath(path)
    with _ENVS_LOCK:
        entry = _ENVS.get(real)
        if entry is None or entry[2] != os.getpid():
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _ENVS[real]
            with contextlib.suppress(lmdb.Error):
                entry[0].sync(True)
            entry[0].close()


class LmdbStore(ProcessCommits):
    def __init__(self, data_dir: str, synchronous: str = "NORMAL", map_gib: float = DEFAULT_MAP_GIB,
                 sync_interval_s: float | None = 1.0, entity_scan_budget: int = 5000,
                 purge_pause_s: float = 0.0, writemap: bool = False) -> None:
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError("RISKGATE_LMDB_SYNC must be NORMAL or FULL")
        self.path = os.path.join(data_dir, "riskgate.lmdb")
        self._synchronous, self._map_gib, self._writemap = synchronous, map_gib, writemap
        self._disk_checked, self._disk_free = -1.0, 0
        self._scan_budget = max(1, entity_scan_budget)
        self._purge_pause_s = purge_pause_s
        self._cursors: dict[str, bytes] = {}
        self.last_scanned = 0
        self.reruns = 0
        self.syncs = 0
        self._pw = PendingWrites()
        self._pending_base = 0   # snapshot (LMDB transaction id) of the oldest read the pending writes ran on
        self._local = threading.local()
        self._closed = False
        try:
            self._env = _open_env(self.path, map_gib, synchronous == "FULL", writemap)
        except (lmdb.Error, OSError) as exc:
            hint = (f" (the map reserves {map_gib:g} GiB of address space: lower RISKGATE_LMDB_MAP_GB where the "
                    "process's address space is limited)") if "allocate memory" in str(exc) else ""
            raise StoreError(f"cannot open {self.path}: {exc}{hint}") from exc
        try:
            env = self._env
            self._kv = env.open_db(b"kv")
            self._rec = env.open_db(b"rec")
            self._rect = env.open_db(b"rect")
            self._blobs = env.open_db(b"blobs")
        except lmdb.Error as exc:
            _release_env(self.path)
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        self._stop = threading.Event()
        self._syncer: threading.Thread | None = None
        if sync_interval_s and synchronous != "FULL":
            self._syncer = threading.Thread(target=self._sync_loop, args=(sync_interval_s,),
                                            name="riskgate-lmdb-sync", daemon=True)
            self._syncer.start()

    # ------------------------------------------------------------ maintenance
    def _sync_loop(self, interval_s: float) -> None:
        while not self._stop.wait(interval_s):
            with contextlib.suppress(StoreError):
                self.checkpoint()

    def checkpoint(self) -> None:
        """Flush the map to disk (bounds what a power cut can take) and free the
        reader slots of dead processes (a killed worker's would pin old pages)."""
        try:
            self._env.sync(True)
            self._env.reader_check()
            self.syncs += 1
        except lmdb.Error as exc:
            raise StoreError(f"lmdb sync failed: {exc}") from exc

    def usage(self) -> tuple[int, int]:
        """(bytes of the map in use, bytes the map can hold): the gauges a
        security team alerts on before a full map turns answers DEGRADED
        (deploy/prometheus, RiskgateStoreNearlyFull). Pages freed by purges
        are reused below the highest page, so `used` is what the file needs."""
        try:
            info = self._env.info()
            page = self._env.stat()["psize"]
        except lmdb.Error as exc:
            raise StoreError(f"lmdb stat failed: {exc}") from exc
        return (info["last_pgno"] + 1) * page, info["map_size"]

    def memory_bytes(self) -> int | None:
        return None   # the map is the kernel's page cache, not this process's heap

    # ------------------------------------------------------------------ reads
    def _fetch(self, txn: Any, keys: Sequence[str]) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {}
        rec, kv = self._rec, self._kv
        for k in keys:
            raw = txn.get(_key_bytes(k), db=rec if k.startswith(RECORD) else kv)
            out[k] = raw[8:] if raw is not None else None
        return out

    def _snapshot(self, keys: Sequence[str]) -> tuple[dict[str, bytes | None], int]:
        """The keys' stored values and the id of the snapshot they were read in."""
        try:
            with self._env.begin() as txn:
                return self._fetch(txn, keys), txn.id()
        except lmdb.Error as exc:
            raise StoreError(f"lmdb read failed: {exc}") from exc

    def read(self, keys: Sequence[str]) -> dict[str, bytes | None]:
        out, snapshot = self._snapshot(keys)
        self._pw.read(keys, out)
        self._local.last = (keys, snapshot, out)
        return dict(out)

    # ----------------------------------------------------------------- writes
    def _put(self, txn: Any, key: str, value: bytes, ts: float) -> None:
        kb = _key_bytes(key)
        tv = _T.pack(ts) + value
        if key.startswith(RECORD):
            old = txn.replace(kb, tv, db=self._rec)
            if old is not None:
                txn.delete(_tkey(_T.unpack_from(old)[0]) + kb, db=self._rect)
            txn.put(_tkey(ts) + kb, b"", db=self._rect)
        else:
            txn.put(kb, tv, db=self._kv)

    def transact(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any:
        if self._pw.collecting():
            return self._transact_deferred(keys, fn, ts)
        if self._pw.held_here():
            self.flush()   # a durable write lands after the deferred ones of its thread, in order
        last, self._local.last = getattr(self._local, "last", None), None
        try:
            txn = self.begin_write()
        except lmdb.Error as exc:
            raise StoreError(f"lmdb begin failed: {exc}") from exc
        try:
            if last is not None and last[1] + 1 == txn.id() and (last[0] is keys or list(last[0]) == list(keys)):
                cur = dict(last[2])   # nothing committed since the engine's read: its values are current
            else:
                cur = self._fetch(txn, keys)
            updates, result = fn(cur)
            for k, v in updates.items():
                self._put(txn, k, v, ts)
            txn.commit()
            return result
        except lmdb.Error as exc:
            txn.abort()
            raise _error("write", exc, self.path) from exc
        except BaseException:
            txn.abort()
            raise

    def deferring(self) -> contextlib.AbstractContextManager[list[DeferredWrite]]:
        """As `EmbeddedStore.deferring`: this thread's transactions wait for `flush()`."""
        return self._pw.deferring()

    def after_commit(self, effect: Callable[[], None]) -> bool:
        """`PendingWrites.after_commit`: `effect` waits for the commit of this
        thread's last deferred transaction; False: not deferring, run it now."""
        return self._pw.after_commit(effect)

    def _transact_deferred(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any:
        last, self._local.last = getattr(self._local, "last", None), None
        if last is not None and (last[0] is keys or list(last[0]) == list(keys)):
            snapshot, cur = last[1], dict(last[2])   # the engine's read: the flush checks it is still stored
        else:
            cur, snapshot = self._snapshot(keys)
        if not self._pw.writes or snapshot < self._pending_base:
            self._pending_base = snapshot
        return self._pw.run(keys, fn, ts, cur)

    def _commit(self, pending: list[DeferredWrite], base: int | None) -> None:
        """Commit `pending` here; `base` None: re-read what they read first."""
        try:
            txn = self.begin_write()
        except lmdb.Error as exc:
            err = StoreError(f"lmdb begin failed: {exc}")
            for w in pending:
                w.error = err
            return
        try:
            seen: dict[str, bytes | None] = {}
            for w in pending:
                seen.update(w.seen)
            # nothing committed since the oldest read they ran on, or nothing they read changed
            unchanged = (base is not None and txn.id() == base + 1) or self._fetch(txn, list(seen)) == seen
            if not unchanged:   # a value they read has changed: re-run them in order on the current ones
                self.reruns += 1
            writes = flush_writes(pending, unchanged, lambda keys: self._fetch(txn, keys))
            for k, (v, t) in writes.items():
                self._put(txn, k, v, t)
            txn.commit()
        except BaseException as exc:
            txn.abort()
            err = _error("write", exc, self.path) if isinstance(exc, lmdb.Error) else exc
            for w in pending:
                if w.error is None:
                    w.error = err
            if not isinstance(exc, Exception):
                raise

    def _committed(self, keys: list[str]) -> dict[str, bytes | None]:
        """The keys' committed values (a read transaction; no pending layer)."""
        return self._snapshot(keys)[0]

    def _child_args(self) -> list[str]:
        return ["lmdb", os.path.dirname(self.path), self._synchronous, repr(self._map_gib),
                "1" if self._writemap else "0"]

    # ------------------------------------------------------------------ blobs
    def get_blob(self, name: str) -> bytes | None:
        try:
            with self._env.begin() as txn:
                return txn.get(name.encode(), db=self._blobs)
        except lmdb.Error as exc:
            raise StoreError(f"lmdb read failed: {exc}") from exc

    def begin_write(self) -> Any:
        """A write transaction; with `writemap`, refused (`DiskLow`) while the
        disk is nearly full (`WRITEMAP_MIN_FREE_BYTES`; checked every 0.1 s)."""
        if self._writemap:
            now = time.monotonic()
            if now >= self._disk_checked + 0.1:
                st = os.statvfs(self.path)
                self._disk_free = st.f_bavail * st.f_frsize
                self._disk_checked = now
            if self._disk_free < WRITEMAP_MIN_FREE_BYTES:
                raise DiskLow(f"{self._disk_free / 2**20:.0f} MiB free on the disk of {self.path}: with "
                              "RISKGATE_LMDB_WRITEMAP=1 a write on a full disk would crash the process (SIGBUS), "
                              f"so writes wait for {WRITEMAP_MIN_FREE_BYTES >> 20} MiB free")
        return self._env.begin(write=True)

    def put_blob(self, name: str, value: bytes) -> None:
        if self._pw.held_here():
            self.flush()
        try:
            with self.begin_write() as txn:
                txn.put(name.encode(), value, db=self._blobs)
        except lmdb.Error as exc:
            raise StoreError(f"lmdb write failed: {exc}") from exc

    # ----------------------------------------------------------------- purges
    def purge(self, prefix: str, before_ts: float, batch: int = 500) -> int:
        """Delete keys of `prefix` last written before `before_ts`, in short
        write transactions of at most `batch` keys (each found first in a read
        transaction, which blocks no writer, and checked again when deleted: a
        row rewritten meanwhile stays). Records go oldest first through their
        time index; entities by a walk of at most `entity_scan_budget` keys per
        call that resumes where the last stopped (see EmbeddedStore.purge)."""
        if not prefix.startswith(RECORD):
            return self._purge_entities(prefix, before_ts, batch)
        pre = prefix.encode()
        end = _tkey(before_ts)
        total = 0
        try:
            while True:
                found: list[bytes] = []
                with self._env.begin() as txn:
                    cur = txn.cursor(db=self._rect)
                    if cur.first():
                        for ik in cur.iternext(values=False):
                            if ik[:8] >= end or len(found) >= batch:
                                break
                            if ik[8:].startswith(pre):
                                found.append(ik[8:])
                if not found:
                    return total
                total += self._drop(found, before_ts)
                if len(found) < batch:
                    return total
                if self._purge_pause_s:
                    time.sleep(self._purge_pause_s)
        except lmdb.Error as exc:
            raise StoreError(f"lmdb purge failed: {exc}") from exc

    def _purge_entities(self, prefix: str, before_ts: float, batch: int) -> int:
        pre = prefix.encode()
        start = self._cursors.get(prefix, pre)
        expired: list[bytes] = []
        scanned = 0
        last = start
        whole_pass = True
        try:
            with self._env.begin() as txn:
                cur = txn.cursor(db=self._kv)
                # from the cursor to the end of the prefix, then from its start back to the cursor
                for lo, wrap in ((start, False), (pre, True)):
                    if wrap and start == pre:
                        break
                    if not cur.set_range(lo):
                        continue
                    for k, v in cur.iternext():
                        if not k.startswith(pre) or (wrap and k > start):
                            break
                        if k == start and not wrap and start != pre:
                            continue   # examined by the last call
                        if scanned >= self._scan_budget:
                            whole_pass = False
                            break
                        scanned += 1
                        last = k
                        if _T.unpack_from(v)[0] < before_ts:
                            expired.append(k)
                    if not whole_pass:
                        break
        except lmdb.Error as exc:
            raise StoreError(f"lmdb purge failed: {exc}") from exc
        self._cursors[prefix] = pre if whole_pass else last
        self.last_scanned = scanned
        total = 0
        for i in range(0, len(expired), batch):
            if i and self._purge_pause_s:
                time.sleep(self._purge_pause_s)
            total += self._drop(expired[i:i + batch], before_ts, entity=True)
        return total

    def _drop(self, keys: list[bytes], before_ts: float, entity: bool = False) -> int:
        """Delete `keys` still older than `before_ts`, in one write transaction."""
        n = 0
        try:
            with self.begin_write() as txn:
                db = self._kv if entity else self._rec
                for kb in keys:
                    raw = txn.get(kb, db=db)
                    if raw is None:
                        continue
                    t = _T.unpack_from(raw)[0]
                    if t >= before_ts:
                        continue
                    txn.delete(kb, db=db)
                    if not entity:
                        txn.delete(_tkey(t) + kb, db=self._rect)
                    n += 1
        except lmdb.Error as exc:
            raise StoreError(f"lmdb purge failed: {exc}") from exc
        return n

    # ------------------------------------------------------------------ misc
    def count(self, prefix: str) -> int:
        pre = prefix.encode()
        n = 0
        try:
            with self._env.begin() as txn:
                cur = txn.cursor(db=self._rec if prefix.startswith(RECORD) else self._kv)
                if cur.set_range(pre):
                    for k in cur.iternext(values=False):
                        if not k.startswith(pre):
                            break
                        n += 1
        except lmdb.Error as exc:
            raise StoreError(f"lmdb read failed: {exc}") from exc
        return n

    def copy(self, path: str) -> None:
        """A consistent, compacted copy of the whole store (a backup, taken
        while the service runs: LMDB copies one read snapshot)."""
        os.makedirs(path, exist_ok=True)
        try:
            self._env.copy(path, compact=True)
        except lmdb.Error as exc:
            raise StoreError(f"lmdb copy failed: {exc}") from exc

    def ping(self) -> bool:
        try:
            with self._env.begin() as txn:
                txn.stat(self._kv)
            return True
        except lmdb.Error:
            return False

    def close(self) -> None:
        if self._closed:
            return
        self.flush()
        self.stop_committer()
        self._stop.set()
        if self._syncer is not None:
            self._syncer.join(5)
        self._closed = True
        _release_env(self.path)


def main(argv: list[str] | None = None) -> int:
    """`python -m service.store.lmdb_store copy DATA_DIR DEST`: a consistent,
    compacted copy of a running service's LMDB store, with the data dir's hash
    key and its fingerprint (without them a restored store reads every device, IP
    and payee as new, and start-up refuses it): DEST is a data dir to start on."""
    from .datadir import copy_command

    def copy(data_dir: str, dest: str) -> None:
        store = LmdbStore(data_dir, sync_interval_s=None)
        try:
            store.copy(os.path.join(dest, "riskgate.lmdb"))
        finally:
            store.close()

    return copy_command(argv, "python -m service.store.lmdb_store", main.__doc__, "LMDB", copy)


if __name__ == "__main__":
    raise SystemExit(main())
