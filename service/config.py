"""Service settings, read once from the environment variables of API.md."""
from __future__ import annotations

import os
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


def _positive(env: os._Environ[str] | dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {raw!r}") from None
    if not value > 0:
        raise SystemExit(f"{name} must be above 0, not {raw!r}")
    return value


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
        return cls(
            api_keys=_keys(e.get("RISKGATE_API_KEYS")),
            admin_keys=_keys(e.get("RISKGATE_ADMIN_KEYS")),
            data_dir=e.get("RISKGATE_DATA_DIR") or "./riskgate-data",
            redis_url=e.get("RISKGATE_REDIS_URL") or None,
            policy_path=e.get("RISKGATE_POLICY") or None,
            shadow_policy_path=e.get("RISKGATE_SHADOW_POLICY") or None,
            model_dir=e.get("RISKGATE_MODEL_DIR") or None,
            retention_days=_positive(e, "RISKGATE_RETENTION_DAYS", 120.0),
            profile_retention_days=_positive(e, "RISKGATE_PROFILE_RETENTION_DAYS", 730.0),
            sqlite_synchronous=_choice(e, "RISKGATE_SQLITE_SYNC", ("NORMAL", "FULL"), "NORMAL"),
            store=_choice(e, "RISKGATE_STORE", ("SQLITE", "LMDB"), "SQLITE"),
            lmdb_synchronous=_choice(e, "RISKGATE_LMDB_SYNC", ("NORMAL", "FULL"), "NORMAL"),
            lmdb_map_gib=_positive(e, "RISKGATE_LMDB_MAP_GB", 1024.0),
            lmdb_sync_s=_positive(e, "RISKGATE_LMDB_SYNC_SECONDS", 1.0),
            lmdb_writemap=_choice(e, "RISKGATE_LMDB_WRITEMAP", ("1", "0"), "0") == "1",
            local_refit=_choice(e, "RISKGATE_LOCAL_REFIT", ("1", "0"), "1") == "1",
            group_commit=_choice(e, "RISKGATE_GROUP_COMMIT", ("1", "0"), "1") == "1",
            commit_process=_choice(e, "RISKGATE_COMMIT_PROCESS", ("1", "0"), "1") == "1",
            reason_messages=_choice(e, "RISKGATE_REASON_MESSAGES", ("DETAILED", "GENERIC"), "DETAILED"),
        )
