"""The store interface: one read, one atomic read-modify-write.

Keys are strings with a namespace prefix: `r:` decision records, `c:` customer
profiles, and entity keys from `features.population.entity_keys` (`d:`, `i:`,
`n:`, `p:` …). Values are opaque bytes (msgpack). Writes are *functions* of
the current values, run inside the store's transaction, so two workers
updating the same customer or the same shared payee never lose an update and
a retried transaction id can be detected atomically.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Protocol, Sequence

Blobs = Mapping[str, bytes | None]
# fn(current values) -> (values to write, result handed back to the caller)
TransactFn = Callable[[Blobs], tuple[Mapping[str, bytes], Any]]

RECORD = "r:"
PROFILE = "c:"


class Abort(Exception):
    """Raised by a transact function to roll back and hand `value` to the caller."""

    def __init__(self, value: Any = None) -> None:
        super().__init__("transaction aborted")
        self.value = value


class StoreError(Exception):
    """The store could not answer (down, locked, corrupt): the caller degrades."""


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

    def failure(self) -> BaseException | None:
        """After the flush: why this write, or a pending write it read, was not committed."""
        if self.error is not None:
            return self.error
        return next((w.error for w in self.after if w.error is not None), None)


def seen_pending(keys: Sequence[str], sources: Mapping[str, DeferredWrite]) -> DeferredWrite | None:
    """The entry a read inside `deferring()` adds when some of its values were
    still pending: it depends on the writes that produced them."""
    after = tuple({id(w): w for k in keys if (w := sources.get(k)) is not None}.values())
    return DeferredWrite(keys, None, 0.0, {}, {}, after=after) if after else None


class Store(Protocol):
    def read(self, keys: Sequence[str]) -> dict[str, bytes | None]: ...

    def transact(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any: ...

    def get_blob(self, name: str) -> bytes | None: ...

    def put_blob(self, name: str, value: bytes) -> None: ...

    def purge(self, prefix: str, before_ts: float) -> int: ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...


def record_key(transaction_id: str) -> str:
    return RECORD + transaction_id


def profile_key(customer_id: str) -> str:
    return PROFILE + customer_id
