"""Group commit for the score route: one durable commit per turn of the event loop.

Why: under load several payments are ready in the same turn of the event loop,
and a commit per payment rewrote the same B-tree pages (the record index's
tail, interior pages) once per payment: on one worker, the embedded store's
writes were about a third of the CPU of a score (benchmarks/README.md, "Group
commit"). Here each payment's transaction runs as before but its writes wait
in the store (`EmbeddedStore.deferring`; on a single Redis, `RedisStore.deferring`
sends them as one pipeline); the first one of a turn schedules a flush with
`loop.call_soon`, which runs after the handlers already ready in the loop, so
they share one commit. A response is sent only after the flush
committed its writes: nothing is acknowledged before it is durable. A payment
whose writes did not commit gets the answer the engine gives for a failed
store (DEGRADED), or the first answer when another worker recorded the same
transaction id meanwhile; so does one answered from another payment's pending
record (a retried transaction id) when that record did not commit.

At low load a turn holds one payment, and the flush comes right after it: the
same single commit as before, plus one pass of the loop.

On the embedded stores (SQLite, LMDB) with a commit process
(`commit_process`, RISKGATE_COMMIT_PROCESS; service/store/committer.py) a
busy turn is sent to that process instead, and the event loop goes on
scoring the next requests on top of it while it is written: at saturation
the commit was a fifth of the worker's time on SQLite, a sixth on LMDB. One
batch is in flight at a time; the turns collected meanwhile are sent when it
is answered. A turn counts as busy from `PROCESS_MIN_BATCH` payments, when
the turns have been that large for a while (a moving average): a lone
payment would wait for the round trip, and a burst after a pause is better
committed at once. Other turns commit here, when nothing is in flight.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from . import metrics
from .errors import ApiError

__all__ = ["CommitBatcher"]

log = logging.getLogger("riskgate.app")

PROCESS_MIN_BATCH = 4   # payments in a turn from which the commit process writes it


def _payments(writes: list[Any]) -> int:
    """Writes of their own, not reads of others' pending ones (DeferredWrite.after)."""
    return sum(1 for w in writes if w.fn is not None)


def _run_effects(writes: list[Any]) -> None:
    """What the handler held for after the commit (`DeferredWrite.effects`), now
    that it is done; a failing one is logged, the answer still goes out."""
    for w in writes:
        for effect in w.effects:
            try:
                effect()
            except Exception:
                log.exception("an effect after the commit failed")


class CommitBatcher:
    """The event loop's side of deferred commits on a store that offers
    `deferring()` and `flush()` (the embedded SQLite store, a single Redis)."""

    def __init__(self, store: Any, commit_process: bool = False) -> None:
        self.store = store
        self._waiter: asyncio.Future[None] | None = None
        self._count = 0
        # the batch in the store's commit process: (its future, payments, reruns before)
        self._inflight: tuple[asyncio.Future[None] | None, int, int] | None = None
        self._fd: int | None = None
        self._load = 0.0   # payments per turn, smoothed
        expected = commit_process and hasattr(store, "start_committer")
        metrics.commit_process_expected.set(1 if expected else 0)
        if expected and store.start_committer():
            self._fd = store.committer_fd()
            store.on_batch_done = self._batch_done
            asyncio.get_running_loop().add_reader(self._fd, self._readable)
            metrics.commit_process.set(1)

    async def run(self, handle: Callable[[bytes], tuple[Any, ...]],
                  lost: Callable[[bytes, BaseException, tuple[Any, ...]], tuple[Any, ...] | None] | None,
                  body: bytes) -> tuple[Any, ...]:
        """`handle(body)` with its store writes deferred to this turn's commit:
        its answer once they are committed, else `lost(body, error, answer)`
        (None from it: the store holds that answer after all, and it goes out)."""
        with self.store.deferring() as writes:
            try:
                answer = handle(body)
            except BaseException:
                if writes:   # written, then failed: committed with the turn's others all the same
                    self.committed(_payments(writes))
                raise
        if not writes:
            return answer
        await self.committed(_payments(writes))
        own = [w for w in writes if w.fn is not None]
        if own:
            # Its own writes decide: committed, the decision stored is the one
            # answered, whatever became of other payments' pending values it read
            # (one that lost its transaction id to another worker happened all the
            # same, recorded there).
            error = next((w.error for w in own if w.error is not None), None)
        else:   # answered from pending values only (a retry's first record): they must have committed
            error = next((e for w in writes if (e := w.failure()) is not None), None)
        if error is None:
            _run_effects(own)
            return answer
        if lost is None:   # not committed: this answer must not go out
            raise ApiError(503, "not_ready", f"the store could not commit: {error}")
        instead = lost(body, error, answer)
        if instead is None:   # the store holds this very answer: the write whose reply was lost landed
            _run_effects(own)
            return answer
        return instead

    def committed(self, writes: int = 1) -> asyncio.Future[None]:
        """A future resolved once the writes deferred so far were flushed; the
        first caller of a turn schedules the flush."""
        self._count += writes
        fut = self._waiter
        if fut is None:
            loop = asyncio.get_running_loop()
            fut = self._waiter = loop.create_future()
            if self._inflight is None:   # else the batch in flight sends this one when it is over
                loop.call_soon(self._flush)
        return fut

    # ------------------------------------------------ with a commit process
    def _submit(self) -> bool:
        """Send the writes deferred so far to the store's commit process;
        False when it is gone (the caller flushes here instead)."""
        if self.store.committer_fd() is None:
            self._stop_reading()
            return False
        fut, count = self._waiter, self._count
        self._waiter, self._count = None, 0
        self._inflight = (fut, count, self.store.reruns)   # set first: a dead process finishes it in take_batch
        if self.store.take_batch() is None:   # nothing pending (a durable write of this thread flushed it)
            self._inflight = None
            if fut is not None and not fut.done():
                fut.set_result(None)
        return True

    def _readable(self) -> None:
        try:
            self.store.poll_batch()   # finishes the batch through _batch_done when the answer is in
        except Exception:
            log.exception("reading the commit process's answer failed")
        if self.store.committer_fd() is None:   # it died (its pipe closed): the loop commits from now on
            self._stop_reading()

    def _batch_done(self, batch: Any) -> None:
        """The store finished a batch (from `poll_batch`, or a `flush` of its own)."""
        info, self._inflight = self._inflight, None
        if info is None:
            return
        fut, count, reruns = info
        if self._fd is not None and self.store.committer_fd() is None:   # it died: the loop commits from now on
            self._stop_reading()
        metrics.commit_batch.observe(count)
        if self.store.reruns != reruns:
            metrics.commit_reruns.inc(self.store.reruns - reruns)
        if fut is not None and not fut.done():
            fut.set_result(None)
        if self._waiter is not None:   # the next turn's writes, collected meanwhile
            try:
                asyncio.get_running_loop().call_soon(self._flush)
            except RuntimeError:   # the store's own close() after the loop: it commits them itself
                pass

    def _stop_reading(self) -> None:
        if self._fd is not None:
            metrics.commit_process.set(0)
            try:
                asyncio.get_running_loop().remove_reader(self._fd)
            except (RuntimeError, ValueError, OSError):
                pass
            self._fd = None

    def close(self) -> None:
        """Stop reading the commit process's answers; the store's `close()`
        finishes what is in flight and commits what is pending."""
        self._stop_reading()
        if getattr(self.store, "on_batch_done", None) == self._batch_done:
            self.store.on_batch_done = None

    def _flush(self) -> None:
        # A turn of a few payments commits here: sending it costs a round trip to
        # the commit process, more than its commit (a payment at low load would
        # wait ~0.3 ms more); a busy turn goes to the process, off the event loop,
        # when the turns have been busy for a while (at saturation), not for a
        # burst after a pause, which made the p99 at a steady 1,000/s worse.
        self._load += 0.1 * (self._count - self._load)   # turn sizes, smoothed over ~10 turns
        if (self._fd is not None and self._inflight is None and self._count >= PROCESS_MIN_BATCH
                and self._load >= PROCESS_MIN_BATCH and self._submit()):
            return
        if self._inflight is not None:   # sent when the batch in flight is over
            return
        fut, self._waiter = self._waiter, None
        count, self._count = self._count, 0
        reruns = self.store.reruns
        try:
            self.store.flush()
        finally:
            metrics.commit_batch.observe(count)
            if self.store.reruns != reruns:
                metrics.commit_reruns.inc(self.store.reruns - reruns)
            if fut is not None and not fut.done():
                fut.set_result(None)
