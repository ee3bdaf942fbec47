"""Service settings, read once from the environment variables of API.md."""
from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass


#: Every environment variable riskgate reads (the service, its stores, the compiled
#: extensions' switch, `python -m models.train`): another RISKGATE_* name is a typo
#: that would be silently ignored (`unknown_settings`).
KNOWN_ENV = frozenset({
    "RISKGATE_API_KEYS", "RISKGATE_ADMIN_KEYS", "RISKGATE_DATA_DIR", "RISKGATE_REDIS_URL", "RISKGATE_POLICY",
    "RISKGATE_SHADOW_POLICY", "RISKGATE_MODEL_DIR", "RISKGATE_HASH_KEY", "RISKGATE_RETENTION_DAYS",
    "RISKGATE_PROFILE_RETENTION_DAYS", "RISKGATE_SQLITE_SYNC", "RISKGATE_STORE", "RISKGATE_LMDB_SYNC",
    "RISKGATE_LMDB_MAP_GB", "RISKGATE_LMDB_SYNC_SECONDS", "RISKGATE_LMDB_WRITEMAP", "RISKGATE_LOCAL_REFIT",
    "RISKGATE_GROUP_COMMIT", "RISKGATE_COMMIT_PROCESS", "RISKGATE_REASON_MESSAGES", "RISKGATE_PURE_PYTHON",
    "RISKGATE_TRAIN_THREADS",
})


def unknown_settings(env: os._Environ[str] | dict[str, str]) -> list[str]:
    """One line per RISKGATE_* variable riskgate does not read, with the name it
    most likely meant (an audit's misspelled retention days were ignored without a word)."""
    import difflib

    lines = []
    for name in sorted(n for n in env if n.startswith("RISKGATE_") and n not in KNOWN_ENV):
        close = difflib.get_close_matches(name, sorted(KNOWN_ENV), n=1, cutoff=0.8)
        lines.append(f"{name} is not a riskgate setting and is ignored" + (f": did you mean {close[0]}?" if close
                                                                            else ""))
    return lines


def _keys(value: str | None) -> tuple[str, ...]:
    return tuple(k.strip() for k in (value or "").split(",") if k.strip())


#: The largest RISKGATE_LMDB_MAP_GB: 64 PiB, the address space of a 64-bit Linux process with
#: 5-level paging (a larger map cannot be reserved; from 2**34 GiB its size no longer fits LMDB's
#: size_t and the store failed to open with an OverflowError, DEGRADED for ever: a review).
MAX_LMDB_MAP_GIB = float(2**26)
#: The longest RISKGATE_LMDB_SYNC_SECONDS: a longer wait is refused by threading (OverflowError),
#: which killed the sync thread, and the map was then never synced (a review).
MAX_LMDB_SYNC_S = threading.TIMEOUT_MAX


def _positive(env: os._Environ[str] | dict[str, str], name: str, default: float,
              most: float = math.inf) -> float:
    """A number above 0 and at most `most`: `inf` (which float() reads) and values beyond
    what the setting's user can take passed here and failed later (a review). Without
    `most`, `inf` stands (RISKGATE_RETENTION_DAYS=inf keeps the records for good)."""
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {raw!r}") from None
    if not value > 0:
        raise SystemExit(f"{name} must be above 0, not {raw!r}")
    if value > most:
        bound = f" and at most {most:.0f}" if math.isfinite(most) else ""
        raise SystemExit(f"{name} must be a finite number above 0{bound}, not {raw!r}")
    return value


def train_threads(env: os._Environ[str] | dict[str, str]) -> int:
    """RISKGATE_TRAIN_THREADS (`python -m models.train`'s threads per tree fit, 1 when unset)
    as a positive integer. It was read only when the first tree was fitted, after the whole
    history had been featurized: `abc` was a traceback then, and 0 or -2 passed without a
    word (a review). A SystemExit naming it, as for the service's variables."""
    raw = (env.get("RISKGATE_TRAIN_THREADS") or "").strip()
    if not raw:
        return 1
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"RISKGATE_TRAIN_THREADS must be a whole number of threads, not {raw!r}") from None
    if value < 1:
        raise SystemExit(f"RISKGATE_TRAIN_THREADS must be at least 1, not {raw!r}")
    return value


def _redis_url(env: os._Environ[str] | dict[str, str]) -> str | None:
    """RISKGATE_REDIS_URL as redis-py will read it, refused at start when it cannot: a URL
    without its scheme (`localhost:6379`) passed, and every worker answered DEGRADED
    for ever (a review). A well-formed URL of a Redis that is down is no error here: the
    service answers DEGRADED until it is back. The URL is not repeated (it may hold a password)."""
    url = env.get("RISKGATE_REDIS_URL") or None
    if url is None:
        return None
    from redis.connection import parse_url

    try:
        parse_url(url)
    except ValueError as exc:
        raise SystemExit(f"RISKGATE_REDIS_URL is not a Redis URL: {exc}") from None
    return url


def _choice(env: os._Environ[str] | dict[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (env.get(name) or default).upper()
    if value not in allowed:
        raise SystemExit(f"{name} must be one of {', '.join(allowed)}, not {env.get(name)!r}")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    api_keys: tuple[str, ...] = ()
    admin_keys: tuple[str, ...] = ()
    data_dir: str = "./riskgate-data"
    redis_url: str | None = None
    policy_path: str | None = None
    shadow_policy_path: str | None = None
    model_dir: str | None = None
    retention_days: float = 120.0
    profile_retention_days: float = 730.0   # a profile untouched this long (event time) is dropped
    sqlite_synchronous: str = "NORMAL"
    store: str = "SQLITE"            # the embedded store: SQLITE (default) or LMDB (faster; README, "Stores")
    lmdb_synchronous: str = "NORMAL"
    lmdb_map_gib: float = 1024.0
    lmdb_sync_s: float = 1.0          # NORMAL: how often the map is synced (what a power cut can lose)
    lmdb_writemap: bool = False
    local_refit: bool = True
    group_commit: bool = True
    commit_process: bool = True       # SQLite: group commits written by a child process (service/store/committer.py)
    max_body_bytes: int = 64 * 1024
    reason_messages: str = "DETAILED"  # GENERIC: each reason's message is its code's fixed meaning

    @classmethod
    def from_env(cls, env: os._Environ[str] | dict[str, str] | None = None) -> "Settings":
        e = os.environ if env is None else env
        # read by features/compiled.py and models/export.py; refused here like the other switches
        _choice({k: v.strip() for k, v in e.items() if k == "RISKGATE_PURE_PYTHON"}, "RISKGATE_PURE_PYTHON",
                ("0", "1"), "0")
        train_threads(e)    # read by models/train.py; refused here too, like RISKGATE_PURE_PYTHON
        return cls(
            api_keys=_keys(e.get("RISKGATE_API_KEYS")),
            admin_keys=_keys(e.get("RISKGATE_ADMIN_KEYS")),
            data_dir=e.get("RISKGATE_DATA_DIR") or "./riskgate-data",
            redis_url=_redis_url(e),
            policy_path=e.get("RISKGATE_POLICY") or None,
            shadow_policy_path=e.get("RISKGATE_SHADOW_POLICY") or None,
            model_dir=e.get("RISKGATE_MODEL_DIR") or None,
            retention_days=_positive(e, "RISKGATE_RETENTION_DAYS", 120.0),
            profile_retention_days=_positive(e, "RISKGATE_PROFILE_RETENTION_DAYS", 730.0),
            sqlite_synchronous=_choice(e, "RISKGATE_SQLITE_SYNC", ("NORMAL", "FULL"), "NORMAL"),
            store=_choice(e, "RISKGATE_STORE", ("SQLITE", "LMDB"), "SQLITE"),
            lmdb_synchronous=_choice(e, "RISKGATE_LMDB_SYNC", ("NORMAL", "FULL"), "NORMAL"),
            lmdb_map_gib=_positive(e, "RISKGATE_LMDB_MAP_GB", 1024.0, MAX_LMDB_MAP_GIB),
            lmdb_sync_s=_positive(e, "RISKGATE_LMDB_SYNC_SECONDS", 1.0, MAX_LMDB_SYNC_S),
            lmdb_writemap=_choice(e, "RISKGATE_LMDB_WRITEMAP", ("1", "0"), "0") == "1",
            local_refit=_choice(e, "RISKGATE_LOCAL_REFIT", ("1", "0"), "1") == "1",
            group_commit=_choice(e, "RISKGATE_GROUP_COMMIT", ("1", "0"), "1") == "1",
            commit_process=_choice(e, "RISKGATE_COMMIT_PROCESS", ("1", "0"), "1") == "1",
            reason_messages=_choice(e, "RISKGATE_REASON_MESSAGES", ("DETAILED", "GENERIC"), "DETAILED"),
        )
