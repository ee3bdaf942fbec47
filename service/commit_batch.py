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
"""
from __future__ import annotations

import asyncio
from typing import Any, Callable

from . import metrics
from .errors import ApiError

__all__ = ["CommitBatcher"]


def _payments(writes: list[Any]) -> int:
    """Writes of their own, not reads of others' pending ones (DeferredWrite.after)."""
    return sum(1 for w in writes if w.fn is not None)


class CommitBatcher:
    """The event loop's side of deferred commits on a store that offers
    `deferring()` and `flush()` (the embedded SQLite store, a single Redis)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._waiter: asyncio.Future[None] | None = None
        self._count = 0

    async def run(self, handle: Callable[[bytes], tuple[int, bytes]],
                  lost: Callable[[bytes, BaseException], tuple[int, bytes]] | None,
                  body: bytes) -> tuple[int, bytes]:
        """`handle(body)` with its store writes deferred to this turn's commit:
        its answer once they are committed, else `lost(body, error)`."""
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
        error = next((e for w in writes if (e := w.failure()) is not None), None)
        if error is None:
            return answer
        if lost is None:   # not committed: this answer must not go out
            raise ApiError(503, "not_ready", f"the store could not commit: {error}")
        return lost(body, error)

    def committed(self, writes: int = 1) -> asyncio.Future[None]:
        """A future resolved once the writes deferred so far were flushed; the
        first caller of a turn schedules the flush."""
        self._count += writes
        fut = self._waiter
        if fut is None:
            loop = asyncio.get_running_loop()
            fut = self._waiter = loop.create_future()
            loop.call_soon(self._flush)
        return fut

    def _flush(self) -> None:
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
