"""Bookkeeping of deferred commits (group commit), shared by the stores that offer it.

A store's `deferring()` block collects the transactions run inside it on one
thread: each runs its function at once, and its writes wait in memory for the
store's `flush()`. Later reads on that thread must see those writes, and an
answer built on them must wait for their commit (service/commit_batch.py).
What the flush checks before committing is the store's own business (SQLite:
the stored values read, inside its lock; Redis: a compare-and-set per write).

The embedded stores can also have a batch committed by their commit process
(`take_batch` / `poll_batch`, service/store/committer.py) while the
deferring thread goes on: the batch's writes then stay visible to that
thread's reads as an in-flight layer under the pending one until the commit
is over. A function that ran on an in-flight value records it among the
values its flush checks (`seen`), so that a batch whose commit changed or
lost that value makes the next one check and re-run; a read answered from an
in-flight value waits for that write (`after`), and fails with it.
"""
from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, MutableMapping, Sequence

from .base import Abort, TransactFn

__all__ = ["Batch", "DeferredWrite", "PendingWrites", "flush_writes", "seen_pending"]


@dataclass(slots=True)
class DeferredWrite:
    """One transaction run inside a store's `deferring()` block, waiting for its
    `flush()` (group commit: service/commit_batch.py). After the flush, `error`
    is None when its writes are committed; else the StoreError that stopped the
    commit, or what its function raised when it had to run again."""

    keys: Sequence[str]
    fn: TransactFn | None           # None: a read that returned pending values (below)
    ts: float
    updates: Mapping[str, bytes]
    seen: dict[str, bytes | None]   # the values the flush checks are still stored (see the store's `deferring`)
    error: BaseException | None = None
    # A read inside the block that returned values still pending (a retried
    # transaction id answered from the first one's record in the same turn)
    # waits for the writes it saw: its answer must not go out before they are
    # committed, nor at all if they are not.
    after: tuple["DeferredWrite", ...] = ()
    # What the caller does once this write is committed, and only then (the
    # engine's metrics and in-memory learning of a scored payment): a write that
    # loses to another worker's record of the same transaction id is answered
    # from that record, and its own effects must not count a second time.
    effects: list[Callable[[], None]] = field(default_factory=list)

    def failure(self) -> BaseException | None:
        """After the flush: why this write, or a pending write it read, was not committed."""
        if self.error is not None:
            return self.error
        return next((w.error for w in self.after if w.error is not None), None)


def seen_pending(keys: Sequence[str], sources: Mapping[str, DeferredWrite],
                 inflight: Mapping[str, DeferredWrite] | None = None) -> DeferredWrite | None:
    """The entry a read inside `deferring()` adds when some of its values were
    still pending (or in flight): it depends on the writes that produced them."""
    found: dict[int, DeferredWrite] = {}
    for k in keys:
        w = sources.get(k)
        if w is None and inflight:
            w = inflight.get(k)
        if w is not None:
            found[id(w)] = w
    return DeferredWrite(keys, None, 0.0, {}, {}, after=tuple(found.values())) if found else None


@dataclass(slots=True, eq=False)
class Batch:
    """Deferred writes taken for the commit process (`take_batch`), in flight
    until its answer (or its death) is handled."""

    writes: list[DeferredWrite]
    token: bytes | None = None   # the marker row's value (service/store/committer.py `_batch_stored`)


class PendingWrites:
    """The transactions waiting for a store's flush, in order, with the values
    they wrote (by key) and the write behind each value; and the `deferring`
    block collecting on one thread. Only that thread's transactions are
    deferred and only its reads see the pending values: other threads have
    connections of their own and read what is committed."""

    __slots__ = ("collect", "collect_thread", "writes", "overlay", "sources", "thread", "inflight",
                 "inflight_overlay", "inflight_sources")

    def __init__(self) -> None:
        self.collect: list[DeferredWrite] | None = None
        self.collect_thread = 0
        self.writes: list[DeferredWrite] = []
        self.overlay: dict[str, bytes] = {}
        self.sources: dict[str, DeferredWrite] = {}
        self.thread = 0   # whose writes these are
        # the batch being committed by the commit process (take_inflight), under the pending writes
        self.inflight: list[DeferredWrite] = []
        self.inflight_overlay: dict[str, bytes] = {}
        self.inflight_sources: dict[str, DeferredWrite] = {}

    @contextlib.contextmanager
    def deferring(self) -> Iterator[list[DeferredWrite]]:
        writes: list[DeferredWrite] = []
        self.collect, self.collect_thread = writes, threading.get_ident()
        try:
            yield writes
        finally:
            self.collect = None

    def collecting(self) -> bool:
        return self.collect is not None and threading.get_ident() == self.collect_thread

    def after_commit(self, effect: Callable[[], None]) -> bool:
        """Hold `effect` for after the commit of the transaction this thread
        deferred last in its `deferring` block (the caller runs the effects of
        the writes that committed: service/commit_batch.py); False when this
        thread is not deferring, and the caller runs it now."""
        if not self.collecting():
            return False
        for w in reversed(self.collect):   # type: ignore[arg-type]
            if w.fn is not None:
                w.effects.append(effect)
                return True
        return False

    def held_here(self) -> bool:
        """Writes of this thread are pending or in flight: a durable write must flush them first."""
        return bool(self.writes or self.inflight) and threading.get_ident() == self.thread

    def apply(self, keys: Sequence[str], values: MutableMapping[str, bytes | None]) -> None:
        """Pending values of this thread (in flight, then pending) replace the stored ones in `values`."""
        if threading.get_ident() != self.thread:
            return
        for ov in (self.inflight_overlay, self.overlay):
            if ov:
                for k in keys:
                    if k in ov:
                        values[k] = ov[k]

    def read(self, keys: Sequence[str], values: MutableMapping[str, bytes | None]) -> None:
        """`apply`, for a read whose caller may answer from it: inside a
        `deferring` block the answer then waits for those values' commit."""
        if (self.overlay or self.inflight_overlay) and threading.get_ident() == self.thread:
            self.apply(keys, values)
            self.note_read(keys)

    def note_read(self, keys: Sequence[str]) -> None:
        if self.collecting():
            w = seen_pending(keys, self.sources, self.inflight_sources)
            if w is not None:
                self.collect.append(w)   # type: ignore[union-attr]

    def add(self, w: DeferredWrite) -> None:
        if not self.writes and not self.inflight:
            self.thread = threading.get_ident()
        self.overlay.update(w.updates)
        src = self.sources
        for k in w.updates:
            src[k] = w
        self.writes.append(w)
        if self.collect is not None:
            self.collect.append(w)

    def run(self, keys: Sequence[str], fn: TransactFn, ts: float, cur: dict[str, bytes | None]) -> Any:
        """A transaction inside `deferring()`: its function runs at once on the
        stored values `cur` with this thread's pending ones over them, and its
        writes wait for the flush, which checks the stored values it relied on."""
        ov, inflight = self.overlay, self.inflight_overlay
        if inflight and threading.get_ident() == self.thread:
            for k in keys:
                if k in inflight:
                    cur[k] = inflight[k]
        # stored (or in-flight) values this function relies on
        seen = {k: cur[k] for k in keys if k not in ov}
        if ov and threading.get_ident() == self.thread:
            for k in keys:
                if k in ov:
                    cur[k] = ov[k]
        try:
            updates, result = fn(cur)
        except Abort:   # nothing pending for it, but its answer may rest on pending values
            self.note_read(keys)
            raise
        self.add(DeferredWrite(keys, fn, ts, updates, seen))
        return result

    def take(self) -> list[DeferredWrite]:
        """All pending writes, for the flush; the overlay goes with them."""
        writes, self.writes, self.overlay, self.sources = self.writes, [], {}, {}
        return writes

    def take_inflight(self) -> list[DeferredWrite]:
        """All pending writes, for the commit process: their values stay visible
        to this thread as the in-flight layer until `drop_inflight`."""
        assert not self.inflight, "one batch in flight at a time"
        writes = self.writes
        self.inflight, self.inflight_overlay, self.inflight_sources = writes, self.overlay, self.sources
        self.writes, self.overlay, self.sources = [], {}, {}
        return writes

    def drop_inflight(self, writes: list[DeferredWrite]) -> None:
        """The batch `writes` is committed (or failed): the stored values speak for it now."""
        if self.inflight is writes:
            self.inflight, self.inflight_overlay, self.inflight_sources = [], {}, {}


def flush_writes(pending: Sequence[DeferredWrite], unchanged: bool,
                 fetch: Callable[[Sequence[str]], dict[str, bytes | None]]) -> dict[str, tuple[bytes, float]]:
    """What a flush commits, by key: (value, event time). When the stored values
    the functions read are `unchanged`, their updates as computed; else the
    functions run again in order on the current values (`fetch`, inside the
    store's write transaction), each seeing the writes of those before it. A
    function that fails on the new values (an Abort, say) marks its own write
    and adds nothing; the others still commit."""
    writes: dict[str, tuple[bytes, float]] = {}
    if unchanged:
        for w in pending:
            for k, v in w.updates.items():
                writes[k] = (v, w.ts)
        return writes
    for w in pending:
        cur = fetch(w.keys)
        for k in w.keys:
            if k in writes:
                cur[k] = writes[k][0]
        fn = w.fn
        assert fn is not None   # pending writes have one; reads of pending values are not here
        try:
            updates, _ = fn(cur)
        except Exception as exc:   # Abort, or a function that fails on the new values
            w.error = exc
            continue
        w.updates = updates
        for k, v in updates.items():
            writes[k] = (v, w.ts)
    return writes
