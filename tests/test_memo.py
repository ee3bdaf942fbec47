"""Bounded memos drop their oldest entries when full, not all of them."""
from __future__ import annotations

from features.memo import evicted, make_room


def test_a_full_memo_drops_its_oldest_sixteenth_and_keeps_the_rest_in_order() -> None:
    memo = {i: str(i) for i in range(64)}
    make_room(memo, 64)
    assert list(memo) == list(range(4, 64))           # 64 // 16 = 4 oldest gone
    memo[64] = "64"
    make_room(memo, 64)                                # 61 < 64: nothing to do
    assert len(memo) == 61 and next(iter(memo)) == 4


def test_an_entry_added_again_counts_as_new() -> None:
    memo = {i: i for i in range(16)}
    del memo[0]
    memo[0] = 0                                         # re-added: now the newest
    make_room(memo, 16)
    assert 0 in memo and 1 not in memo


def test_small_caps_drop_one_and_overfull_memos_come_back_under_the_cap() -> None:
    assert evicted(7) == 1 and evicted(65536) == 4096
    memo = {i: i for i in range(7)}
    make_room(memo, 7)
    assert list(memo) == list(range(1, 7))
    over = {i: i for i in range(100)}                  # a cap lowered since it was filled
    make_room(over, 32)
    assert len(over) == 32 - evicted(32) and min(over) == 100 - len(over)
    make_room(over, 32)
    assert len(over) == 30                               # under the cap: untouched


def test_the_hot_path_memos_stay_bounded_without_emptying() -> None:
    from features.hashing import Hasher

    h = Hasher(b"k", cap=32)
    for i in range(100):
        h("ip", str(i))
    assert 32 - evicted(32) <= len(h._memo) <= 32
    assert "ip\x1f99" in h._memo and "ip\x1f0" not in h._memo
