"""Profile stores: embedded (SQLite, the default, or LMDB), Redis (scale-out), memory (replay)."""
from __future__ import annotations

from .base import Abort, Store, StoreError, profile_key, record_key

__all__ = ["Abort", "Store", "StoreError", "open_store", "profile_key", "record_key"]


def open_store(data_dir: str, redis_url: str | None = None, synchronous: str = "NORMAL",
               kind: str = "SQLITE", lmdb_synchronous: str = "NORMAL", lmdb_map_gib: float = 1024.0,
               lmdb_sync_s: float = 1.0, lmdb_writemap: bool = False) -> Store:
    if redis_url:
        from .redis import RedisStore

        return RedisStore(redis_url)
    if kind == "LMDB":
        from .lmdb_store import LmdbStore

        return LmdbStore(data_dir, synchronous=lmdb_synchronous, map_gib=lmdb_map_gib, sync_interval_s=lmdb_sync_s,
                         writemap=lmdb_writemap, purge_pause_s=0.01)
    from .sqlite import EmbeddedStore

    # The service purges from a worker thread: pause between batches so that
    # scoring transactions get the write lock (see EmbeddedStore.purge).
    return EmbeddedStore(data_dir, synchronous=synchronous, purge_pause_s=0.01)
