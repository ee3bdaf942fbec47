"""Keyed hashing of identifiers, so that no raw IP, device id or payee id is
ever at rest (profiles, entity state, decision records).

HMAC-SHA256 with a secret from `RISKGATE_HASH_KEY` or a key file generated in
the data dir: without the key a stored hash cannot be tested against guesses.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import zlib

from features.memo import make_room

KEY_FILE = "hash.key"
_HEX_LEN = 16  # 64 bits: collisions across a bank's population stay negligible


class EmptyHashKey(OSError):
    """The key file is there but holds no key: a truncated restore or copy, `touch`."""


def _read_key(path: str) -> bytes:
    with open(path, "rb") as f:
        key = f.read().strip()
    if not key:
        # used as it is, the empty key would make every stored hash testable against
        # guesses (a review); a new one, every stored device, IP and payee new
        raise EmptyHashKey(f"the hash key file {path} is empty (a truncated copy?): restore it from the store's "
                           f"backup, or set RISKGATE_HASH_KEY to the key the store was built with")
    return key


def load_or_create_hash_key(data_dir: str) -> bytes:
    """Env var first (lets several nodes share one key), else the data dir's key
    file, created with mode 0600 on first start so hashes survive restarts. An
    empty key file raises `EmptyHashKey` (never used as the key)."""
    env = os.environ.get("RISKGATE_HASH_KEY")
    if env:
        return env.encode()
    os.makedirs(data_dir, exist_ok=True)
    path = os.path.join(data_dir, KEY_FILE)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    # Written whole under another name, then linked into place: two workers starting
    # on a new data dir at once both get here, and the one whose link fails reads
    # the other's key (the link appears with its content; an O_EXCL create let the
    # loser fail, or read an empty file).
    key = secrets.token_hex(32).encode()
    tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(key)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return _read_key(path)
    finally:
        os.unlink(tmp)
    return key


def keyed_hash(key: bytes, kind: str, value: str) -> str:
    """`kind` enters the MAC so that equal strings of different kinds (an IP
    and a /24 prefix, a device id equal to a payee id) never share a hash."""
    return hmac.digest(key, f"{kind}\x1f{value}".encode(), "sha256").hex()[:_HEX_LEN]


class Hasher:
    """HMAC-SHA256 with the key schedule done once at start-up (the inner and
    outer pads are hashed once and copied per call: 2x faster than
    `hmac.digest`) and a bounded memo, because the same IPs, devices and payees
    recur in traffic. Output equals `keyed_hash`."""

    __slots__ = ("_inner", "_outer", "_memo", "_cap", "key64")

    def __init__(self, key: bytes, cap: int = 65536) -> None:
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        #: the padded key, for features/_derive.c's own HMAC (attributes.DeriveContext)
        self.key64 = key
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
        self._memo: dict[str, str] = {}
        self._cap = cap

    def __call__(self, kind: str, value: str) -> str:
        msg = kind + "\x1f" + value
        h = self._memo.get(msg)
        if h is None:
            i = self._inner.copy()
            i.update(msg.encode())
            o = self._outer.copy()
            o.update(i.digest())
            h = o.hexdigest()[:_HEX_LEN]
            make_room(self._memo, self._cap)
            self._memo[msg] = h
        return h


def short_key(h: str) -> int:
    """32-bit table key for a stored hash: enough to tell apart the few values
    one customer has, and it keeps the profile small."""
    return int(h[:8], 16)


_LABELS: dict[str, int] = {}


def label_key(value: str) -> int:
    """32-bit table key for non-secret labels (country, city, ASN, UA family);
    memoised (bounded) because a few thousand labels make up all traffic."""
    k = _LABELS.get(value)
    if k is None:
        k = zlib.crc32(value.encode())
        make_room(_LABELS, 100_000)
        _LABELS[value] = k
    return k
