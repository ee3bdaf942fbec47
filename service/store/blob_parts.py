"""A large snapshot written as many small blobs, then a manifest that names them.

Why: the local refits' examples (models/local_refit.py) are ~9 MB at their
caps. Written as one blob, from a worker thread, the write held the store's
write lock for ~20 ms (LMDB and SQLite alike) and its encoding held the GIL
for ~6 ms: every request arriving meanwhile waited, the longest stall of a
steady 1,000 requests/s (benchmarks/README.md, "Twenty-first session"). Here
each part is its own short write transaction (`Store.put_blob`) and the
thread lets go of the GIL between parts, so the event loop's commits
interleave with them.

Atomicity: the parts go to the slot ("a" or "b") the current manifest does
not name, and the manifest, one small blob, switches to them at the end. A
write that stops half way leaves the old manifest and its parts as they were.
A blob written whole (before this module, or by a caller that does not use
it) still reads back, as a single part.
"""
from __future__ import annotations

import time
from typing import Any, Iterable

import msgspec

__all__ = ["get_parts", "put_parts"]


class Manifest(msgspec.Struct, tag="riskgate-blob-parts"):
    slot: str
    parts: int
    size: int


_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder(Manifest).decode


def _manifest(blob: bytes) -> Manifest | None:
    """The manifest a blob is, or None for a blob written whole."""
    try:
        return _decode(blob)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def part_name(name: str, slot: str, i: int) -> str:
    return f"{name}#{slot}{i}"


def put_parts(store: Any, name: str, parts: Iterable[bytes], pause_s: float = 0.0) -> int:
    """Store `parts` (consumed one at a time: a generator encodes each as it
    is needed) under `name`; returns their total size. `pause_s` between
    parts lets a SQLite writer in its busy back-off (which sleeps 1, 2, 5,
    10... ms between tries) find the lock free, as the purges do. Stale parts
    of the slot written (from an earlier, longer write) stay unread: at most
    one older snapshot's worth of space."""
    old = store.get_blob(name)
    m = _manifest(old) if old is not None else None
    slot = "b" if m is not None and m.slot == "a" else "a"
    n = size = 0
    for p in parts:
        if n:
            time.sleep(pause_s)   # (0: still lets the event loop's thread take the GIL between parts)
        store.put_blob(part_name(name, slot, n), p)
        n += 1
        size += len(p)
    store.put_blob(name, _encode(Manifest(slot, n, size)))
    return size


def get_parts(store: Any, name: str) -> list[bytes] | None:
    """The parts stored under `name` (one, for a blob written whole), or None.
    Raises ValueError when a part is missing or the sizes disagree (a part
    rewritten under a reader)."""
    blob = store.get_blob(name)
    if blob is None:
        return None
    m = _manifest(blob)
    if m is None:
        return [blob]
    parts = [store.get_blob(part_name(name, m.slot, i)) for i in range(m.parts)]
    if any(p is None for p in parts) or sum(len(p) for p in parts) != m.size:  # type: ignore[arg-type]
        raise ValueError(f"blob {name!r}: its parts do not match its manifest")
    return parts  # type: ignore[return-value]
