"""What start-up checks in `RISKGATE_DATA_DIR` before anything is opened there.

Each check returns one line naming the variable, for `python -m service` to
refuse with (status 2, before any worker exists) and for `Runtime.start`
(service/runtime.py) to raise as `DataDirRefused`:

- the data dir is a directory this process can write in (a file there, or a
  file on its path, crashed the workers with a traceback);
- it does not hold only the *other* embedded store's files: a changed
  `RISKGATE_STORE` started an empty store beside them, and every transaction
  id, profile and entity learned was forgotten (both stores' files: started,
  with a warning, since someone put them there on purpose);
- the hash key is the one it was built with: a changed `RISKGATE_HASH_KEY`
  made every stored device, IP and payee read as new. The data dir keeps a
  fingerprint of the key (`FINGERPRINT_FILE`: SHA-256 of an HMAC of a fixed
  label under the key, never the key), written on its first use; a data dir
  without one (made before it existed) gets one with the key in use.

Light on imports: the supervisor runs these before it spawns any worker.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from typing import Any, Callable

from features.hashing import KEY_FILE, load_or_create_hash_key

__all__ = ["CHECKED_ENV", "FINGERPRINT_FILE", "LOCK_FILE", "DataDirRefused", "hold_data_dir", "busy_problem", "STORE_FILES", "check_data_dir", "copy_command", "copy_key_files", "hash_key_fingerprint",
           "private_files",
           "stores_found"]

log = logging.getLogger("riskgate.runtime")

FINGERPRINT_FILE = "hash-key.fingerprint"
#: Set by `python -m service` once it checked the data dir: its workers (which
#: inherit it) check again but leave the warnings to it.
CHECKED_ENV = "_RISKGATE_DATA_DIR_CHECKED"
_LABEL = b"riskgate hash-key fingerprint v1"

#: What each embedded store leaves in the data dir (service/store/sqlite.py,
#: service/store/lmdb_store.py; the SQLite WAL and shm files come and go with it).
STORE_FILES = {"SQLITE": "riskgate.sqlite3", "LMDB": os.path.join("riskgate.lmdb", "data.mdb")}
_NAMES = {"SQLITE": ("SQLite", "sqlite"), "LMDB": ("LMDB", "lmdb")}


#: Held by every process using the data dir (`hold_data_dir`): shared by the
#: service's workers, exclusive by a backfill.
LOCK_FILE = "riskgate.lock"


class DataDirRefused(OSError):
    """The data dir cannot be used as it is (the message says why and what to do).
    An OSError: callers that report an unusable data dir (service/backfill.py) report it."""


def hash_key_fingerprint(key: bytes) -> str:
    """Tells keys apart without revealing one: SHA-256 of HMAC(key, a fixed label)."""
    return hashlib.sha256(hmac.digest(key, _LABEL, "sha256")).hexdigest()


def stores_found(data_dir: str) -> list[str]:
    """The embedded stores ("SQLITE", "LMDB") whose files `data_dir` holds."""
    return [kind for kind, name in STORE_FILES.items() if os.path.exists(os.path.join(data_dir, name))]


def _usable_dir(d: str, var: str, write: bool) -> str | None:
    if os.path.exists(d) and not os.path.isdir(d):
        return f"{var} is a file, not a directory"
    try:
        os.makedirs(d, exist_ok=True)
    except OSError as exc:
        parent = os.path.dirname(os.path.abspath(d))
        while parent and not os.path.exists(parent) and parent != os.path.dirname(parent):
            parent = os.path.dirname(parent)
        if os.path.exists(parent) and not os.path.isdir(parent):
            return f"{var} is under {parent}, a file, not a directory"
        return f"{var}: cannot create the directory: {exc.strerror or exc}"
    if write:
        probe = os.path.join(d, f".riskgate-write-test.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            os.unlink(probe)
        except OSError as exc:
            return f"{var}: cannot write in the directory: {exc.strerror or exc}"
    return None


def _store_files_writable(d: str, var: str, kind: str) -> str | None:
    """The store's own files must be writable too, not only the directory (a copy
    restored as another user, a read-only mount of the files): otherwise the
    service starts ready and answers every payment DEGRADED."""
    main = os.path.join(d, STORE_FILES[kind])
    names = [main, main + "-wal", main + "-shm"] if kind == "SQLITE" else [main, os.path.join(os.path.dirname(main),
                                                                                                "lock.mdb")]
    for path in names:
        if not os.path.exists(path):
            continue
        try:
            with open(path, "r+b"):
                pass
        except OSError as exc:
            return f"{var}: cannot write the store's file {path}: {exc.strerror or exc}"
    return None


def _store_problem(d: str, var: str, kind: str, warn: bool) -> str | None:
    found = stores_found(d)
    if kind in found:
        problem = _store_files_writable(d, var, kind)
        if problem is not None:
            return problem
    if kind in found or not found:
        if warn and len(found) > 1:
            log.warning("%s holds both a SQLite store (%s) and an LMDB store (%s): RISKGATE_STORE=%s uses the %s "
                        "one; what the other holds (transaction ids, profiles, entities) is not read", var,
                        STORE_FILES["SQLITE"], os.path.dirname(STORE_FILES["LMDB"]), _NAMES[kind][1],
                        _NAMES[kind][0])
        return None
    other = found[0]
    return (f"{var} holds a {_NAMES[other][0]} store ({os.path.join(d, STORE_FILES[other].split(os.sep)[0])}) and no "
            f"{_NAMES[kind][0]} one, and RISKGATE_STORE={_NAMES[kind][1]} would start an empty store beside it "
            f"(every transaction id, profile and entity learned forgotten): set RISKGATE_STORE={_NAMES[other][1]} "
            f"again, or point RISKGATE_DATA_DIR at a new directory to start afresh on {_NAMES[kind][0]}")


def _read_fingerprint(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return f.read().strip()
    except FileNotFoundError:
        return None


def _write_fingerprint(path: str, fp: str) -> str:
    """Write `fp` unless the file appeared meanwhile (another process): returns the one stored."""
    tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(fp + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return _read_fingerprint(path) or ""
    finally:
        os.unlink(tmp)
    return fp


def _key_problem(d: str, var: str, redis: bool) -> str | None:
    fp_path = os.path.join(d, FINGERPRINT_FILE)
    key_path = os.path.join(d, KEY_FILE)
    from_env = bool(os.environ.get("RISKGATE_HASH_KEY"))
    adopt = f"to adopt a new key on purpose (every device, IP and payee learned again), delete {fp_path}"
    try:
        stored = _read_fingerprint(fp_path)
    except OSError as exc:
        return f"{var}: cannot read {fp_path}: {exc.strerror or exc}"
    if stored is not None and not from_env and not os.path.exists(key_path):
        return (f"{var} was built with a hash key (fingerprint in {fp_path}), RISKGATE_HASH_KEY is unset and "
                f"there is no key file {key_path}: a key generated now would differ, every stored device, IP and "
                f"payee would read as new and customers would be stepped up en masse; set RISKGATE_HASH_KEY to the "
                f"key it was built with (or restore {key_path}), or, {adopt}")
    if stored is None and not from_env and not os.path.exists(key_path) and not redis and stores_found(d):
        return (f"{var} holds a store but neither its hash key {key_path} nor its fingerprint {fp_path}, and "
                f"RISKGATE_HASH_KEY is unset (a copy restored without them?): a key generated now would differ from "
                f"the one the store was built with, and every retried transaction id would be a conflict, every "
                f"stored device, IP and payee new; restore both files beside the store, or set RISKGATE_HASH_KEY "
                f"to the key it was built with (a new secret there adopts a new key on purpose)")
    try:
        key = load_or_create_hash_key(d)
    except OSError as exc:
        return f"{var}: cannot read or write the hash key {key_path}: {exc.strerror or exc}"
    fp = hash_key_fingerprint(key)
    if stored is None:
        try:
            stored = _write_fingerprint(fp_path, fp)
        except OSError as exc:
            if redis:   # the key's data lives in Redis; a read-only data dir served it before
                log.warning("%s: cannot write the hash key's fingerprint %s (%s): a changed RISKGATE_HASH_KEY "
                            "will not be noticed", var, fp_path, exc.strerror or exc)
                return None
            return f"{var}: cannot write {fp_path}: {exc.strerror or exc}"
    if stored == fp:
        return None
    if len(stored) != 64:
        return f"{var}: {fp_path} holds no hash-key fingerprint it can read; delete it to write one for the key in use"
    source = "RISKGATE_HASH_KEY" if from_env else f"the key in {key_path}"
    return (f"the hash key ({source}) differs from the one {var} was built with (fingerprint in {fp_path}): every "
            f"stored device, IP and payee would read as new and customers would be stepped up en masse; set the "
            f"key it was built with, or, {adopt}")


def check_data_dir(settings: Any, warn: bool = True) -> str | None:
    """Why the service must not start on `settings.data_dir` (one line), or None.
    Creates the directory, the hash key (when `RISKGATE_HASH_KEY` is unset) and
    the key's fingerprint when missing. `warn`: log the warning of a data dir
    holding both embedded stores."""
    d = settings.data_dir
    var = f"RISKGATE_DATA_DIR={d}"
    redis = bool(settings.redis_url)
    private_files()
    problem = (_usable_dir(d, var, write=not redis)
               or (None if redis else _store_problem(d, var, settings.store, warn))
               or _key_problem(d, var, redis))
    if problem is None and warn:
        _warn_if_open(d, var)
    return problem


def copy_key_files(data_dir: str, dest: str) -> list[str]:
    """Copy the hash key and its fingerprint beside a store's backup (mode 0600):
    without them a restored store reads every device, IP and payee as new, and
    start-up refuses it. The names of the files copied."""
    import shutil

    names = [name for name in (KEY_FILE, FINGERPRINT_FILE) if os.path.exists(os.path.join(data_dir, name))]
    for name in names:
        shutil.copyfile(os.path.join(data_dir, name), os.path.join(dest, name))
        os.chmod(os.path.join(dest, name), 0o600)
    return names


def copy_command(argv: list[str] | None, prog: str, doc: str | None, kind: str,
                 copy: Callable[[str, str], None]) -> int:
    """`python -m PROG copy DATA_DIR DEST` of an embedded store (`kind`, a key of
    STORE_FILES): `copy(data_dir, dest)` writes the store's copy into DEST, then
    the hash key and its fingerprint follow it, everything readable by its user only."""
    import argparse

    ap = argparse.ArgumentParser(prog=prog, description=doc)
    sub = ap.add_subparsers(dest="cmd", required=True)
    cp = sub.add_parser("copy", help="copy the store of DATA_DIR, its hash key and fingerprint into DEST")
    cp.add_argument("data_dir")
    cp.add_argument("dest")
    a = ap.parse_args(argv)
    source, target = os.path.join(a.data_dir, STORE_FILES[kind]), os.path.join(a.dest, STORE_FILES[kind])
    if not os.path.isfile(source):
        ap.error(f"no {_NAMES[kind][0]} store in {a.data_dir} (expected {source})")
    if os.path.exists(target):
        ap.error(f"{target} already holds a store: copy into an empty directory")
    private_files()             # the copy holds what the store holds: its user's only
    os.makedirs(a.dest, mode=0o700, exist_ok=True)
    copy(a.data_dir, a.dest)
    keys = copy_key_files(a.data_dir, a.dest)
    print(f"copied {source} to {target} ({os.path.getsize(target) / 1e6:.1f} MB)"
          + (f" with {' and '.join(keys)}" if keys else "")
          + ("" if KEY_FILE in keys else "; the hash key is not in the data dir (RISKGATE_HASH_KEY): keep it with "
             "the copy"))
    return 0


def private_files() -> None:
    """What the service writes (the stores' files, their journals, the hash key)
    holds customers' histories: readable by its own user only, whatever the
    umask it was started with (the workers and the commit process inherit it)."""
    os.umask(os.umask(0o077) | 0o077)


def _warn_if_open(d: str, var: str) -> None:
    """A data dir created before `private_files` (or by hand) may let other
    users read it: said once at start-up, not changed behind the operator's back."""
    try:
        mode = os.stat(d).st_mode & 0o777
    except OSError:
        return
    if mode & 0o077:
        log.warning("%s is readable by other users (mode %o) and holds customers' payment histories: "
                    "chmod 700 it", var, mode)


def _busy_message(data_dir: str, exclusive: bool) -> str:
    if exclusive:
        return (f"RISKGATE_DATA_DIR={data_dir} is in use by a riskgate service (or another backfill): stop it "
                "first; its workers keep the population statistics in memory and would overwrite what a backfill "
                "learns")
    return (f"RISKGATE_DATA_DIR={data_dir} is in use by a backfill (python -m service.backfill): start the service "
            "once it has finished")


def hold_data_dir(data_dir: str, exclusive: bool) -> int | None:
    """An advisory lock on the data dir for as long as the process keeps the
    returned descriptor open (the kernel drops it when the process dies, so no
    stale lock survives a kill): shared for each service worker, exclusive for
    a backfill, which must not learn into a store a running service also writes
    (the service's in-memory population statistics overwrite the backfill's).
    Raises `DataDirRefused` when the other kind holds it; None where the lock
    cannot be taken at all (no flock, a read-only data dir): not a reason to
    refuse. Same machine only: a Redis store shared by several hosts is not
    covered."""
    try:
        import fcntl
    except ImportError:   # not POSIX
        return None
    try:
        fd = os.open(os.path.join(data_dir, LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DataDirRefused(_busy_message(data_dir, exclusive)) from None
    except OSError:
        os.close(fd)
        return None
    return fd


def busy_problem(data_dir: str, exclusive: bool) -> str | None:
    """`hold_data_dir`'s refusal, without keeping the lock (the supervisor asks
    before it spawns the workers that take it)."""
    try:
        fd = hold_data_dir(data_dir, exclusive)
    except DataDirRefused as exc:
        return str(exc)
    if fd is not None:
        os.close(fd)
    return None
