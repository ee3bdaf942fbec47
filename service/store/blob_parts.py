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

One writer at a time: the workers of one service share the store and each
writes its state under the same name, at the same moments (every snapshot
round, and at shutdown). Two writers would both pick the slot the manifest
does not name and interleave their parts, and the manifest then named parts
of two writes (a black-box audit: 3 of 14 two-worker shutdowns left a store
no worker could start on). A writer first takes a lease, a store key written
by compare-and-set (`Store.transact`) that names it until it is done or until
LEASE_S passes (a writer killed half way, or sooner once its process is seen
gone on this host); a writer that finds the lease held
skips its write (returns None): the state written is the other worker's, as
it would have been a moment later anyway.
"""
from __future__ import annotations

import os
import socket
import time
from typing import Any, Iterable

import msgspec

__all__ = ["LEASE_S", "get_parts", "put_parts"]

#: How long a writer's lease holds without being released (a writer killed half way).
LEASE_S = 120.0


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


def _lease_key(name: str) -> str:
    return "l:" + name


def _here() -> str:
    """This process's host and PID namespace: where a writer's PID means this PID."""
    try:
        ns = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{socket.gethostname()}|{ns}"


def _token() -> str:
    """A writer's lease token: where it runs, its PID, and a write of its own."""
    return f"{_here()}|{os.getpid()}|{os.urandom(8).hex()}"


def _owner_dead(owner: Any) -> bool:
    """The lease's writer is known to be gone: a process of this host and PID
    namespace that no longer exists (a worker killed half way: its lease held off
    every write, its own restarted process's included, for LEASE_S; a review).
    Anything else (another host, this process, a token without a PID) counts as live."""
    here = _here()
    if not here or not isinstance(owner, str) or not owner.startswith(here + "|"):
        return False
    try:
        pid = int(owner[len(here) + 1:].split("|", 1)[0])
    except ValueError:
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:          # exists, another user's
        return False
    return False


def _lease(store: Any, name: str, token: str, until: float) -> bool:
    """Take (or, with `until` 0, give back) the write lease of `name`: True
    when this writer holds it now (or gave it back)."""
    key = _lease_key(name)
    now = time.time()

    def fn(cur: Any) -> tuple[dict[str, bytes], bool]:
        v = cur[key]
        if v is not None:
            owner, held_until = msgspec.msgpack.decode(v)
            if owner != token and held_until > now and not (until != 0.0 and _owner_dead(owner)):
                return {}, False
            if until == 0.0 and owner != token:
                return {}, True       # not ours any more: nothing to give back
        return {key: msgspec.msgpack.encode((token, until))}, True

    return bool(store.transact([key], fn, 0.0))


def put_parts(store: Any, name: str, parts: Iterable[bytes], pause_s: float = 0.0) -> int | None:
    """Store `parts` (consumed one at a time: a generator encodes each as it
    is needed) under `name`; returns their total size, or None when another
    writer holds the lease (see the module doc: nothing is written). `pause_s`
    between parts lets a SQLite writer in its busy back-off (which sleeps 1, 2,
    5, 10... ms between tries) find the lock free, as the purges do. Stale
    parts of the slot written (from an earlier, longer write) stay unread: at
    most one older snapshot's worth of space."""
    token = _token()
    if not _lease(store, name, token, time.time() + LEASE_S):
        return None
    try:
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
    finally:
        try:
            _lease(store, name, token, 0.0)
        except Exception:     # the lease then lapses by itself after LEASE_S
            pass


def get_parts_settled(store: Any, name: str, tries: int = 4, pause_s: float = 0.25) -> list[bytes] | None:
    """`get_parts`, read again while the parts do not match their manifest: two
    writes that completed while one read was under way (the second rewriting the
    slot the read had found named) leave parts of two writes. A worker starting
    beside running ones restored nothing then, and later wrote its near-empty
    state over theirs (a review). Still mismatched after `tries`: ValueError."""
    for i in range(tries):
        try:
            return get_parts(store, name)
        except ValueError:
            if i == tries - 1:
                raise
            time.sleep(pause_s)
    return None


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
