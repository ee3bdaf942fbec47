"""Room in a full bounded memo: drop its oldest entries, a sixteenth at a time.

The hot path's memo tables (addresses, device and payee ids, user agents,
/24 blocks, labels) are plain dicts with a cap. They used to be cleared when
full: freeing 65,536 entries at once (and 200,000 for the /24 blocks) is one
call of 11-14 ms on the event loop (`derive` on the load benchmark's stream),
which every request queued behind it waits for. Dropping the oldest sixteenth (dicts keep insertion order) does the same
work in pieces of a sixteenth of the pause, and keeps the recent entries,
which are the ones that come back. features/_derive.c evicts the same entries
in the same order (`memo_put`), so both derive paths leave equal memos.
"""
from __future__ import annotations

from itertools import islice
from typing import Any

__all__ = ["evicted", "make_room"]


def evicted(cap: int) -> int:
    """How many entries a full memo of this cap drops at once."""
    return max(1, cap // 16)


def make_room(memo: dict[Any, Any], cap: int) -> None:
    """Drop the oldest entries of `memo` when it holds `cap` or more, so one can be added."""
    if len(memo) >= cap:
        for k in list(islice(memo, evicted(cap) + len(memo) - cap)):
            del memo[k]
