"""An in-process store for replays and training runs that need no durability.

Same contract as the embedded store (the shared store test-suite runs against
all implementations); a lock makes `transact` atomic across threads.
"""
from __future__ import annotations

import threading
from typing import Any, Sequence

from .base import TransactFn


class MemoryStore:
    def __init__(self) -> None:
        self._kv: dict[str, tuple[bytes, float]] = {}
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def read(self, keys: Sequence[str]) -> dict[str, bytes | None]:
        kv = self._kv
        return {k: (kv[k][0] if k in kv else None) for k in keys}

    def transact(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any:
        with self._lock:
            updates, result = fn(self.read(keys))  # Abort propagates with nothing written
            for k, v in updates.items():
                self._kv[k] = (v, ts)
            return result

    def get_blob(self, name: str) -> bytes | None:
        return self._blobs.get(name)

    def put_blob(self, name: str, value: bytes) -> None:
        self._blobs[name] = value

    def purge(self, prefix: str, before_ts: float) -> int:
        with self._lock:
            old = [k for k, (_, t) in self._kv.items() if k.startswith(prefix) and t < before_ts]
            for k in old:
                del self._kv[k]
            return len(old)

    def count(self, prefix: str) -> int:
        return sum(1 for k in self._kv if k.startswith(prefix))

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        pass
