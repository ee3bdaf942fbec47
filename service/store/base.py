"""The store interface: one read, one atomic read-modify-write.

Keys are strings with a namespace prefix: `r:` decision records, `c:` customer
profiles, and entity keys from `features.population.entity_keys` (`d:`, `i:`,
`n:`, `p:` …). Values are opaque bytes (msgpack). Writes are *functions* of
the current values, run inside the store's transaction, so two workers
updating the same customer or the same shared payee never lose an update and
a retried transaction id can be detected atomically.
"""
from __future__ import annotations

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
