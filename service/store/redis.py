"""The scale-out store: profiles, entities and decision records in Redis or
Redis Cluster, shared by every worker on every node (`RISKGATE_REDIS_URL`).

Why a Lua compare-and-set and not WATCH/MULTI/EXEC: `transact` reads the keys
(one MGET), runs the caller's function in Python, then sends one script that
checks every key still holds the bytes that were read and, only if so, writes
the updates. That is two round trips instead of WATCH's three, needs no
connection pinned to the caller between them, and works the same on a
cluster node. The engine reads a payment's keys before it scores, then
transacts on the same keys: the transaction starts from that read (this
thread's last one, when its keys are the same) instead of a second MGET, since
the script checks the values anyway; one round trip less per payment. A
function that writes nothing, or aborts, on those reused values runs again on
fresh ones, because no script checked what it saw. A mismatch means another
writer got in first: re-read and re-run the function (bounded, with a little jitter; then `StoreError`), so no
concurrent update is ever lost. Comparing the values themselves rather than
version counters is safe here because the function sees only the values: if
the bytes are equal, the state it computed from is the state it commits on
(an A→B→A change in between is indistinguishable from no change), and no
extra version keys have to be kept.

Purges work in event time, not Redis TTLs (which run on the wall clock and
would break replays): every write also puts `member=key, score=event ts` into
a sorted set per namespace (`r:`, `c:` …) inside the same script, and `purge`
deletes members scored below the cut-off with a script that re-checks the
score, so a key rewritten meanwhile survives.

Redis Cluster: a script may only touch keys of one hash slot, and a
transaction's keys (the decision record, the customer's profile and the
device/IP/network/payee entities shared with other customers) cannot all live
in one slot. So on a cluster every key gets a hash tag `{b}` for one of 1024
buckets (b = crc32(key) mod 1024; spread over all nodes, and the bucket's
event-time index carries the same tag so it shares the slot), and the keys of
a transaction are grouped by bucket. The group of the first key (the decision
record, whose insert-if-absent is what makes a retried transaction id learn
once) commits first by CAS, and if it loses the race the whole function is
re-run; each other group then commits by its own CAS, and on conflict the
function is re-run on fresh values of that group (and the already-committed
snapshot of the rest) to recompute just that group's writes. Each key is
therefore still an exact read-modify-write that loses no update; what a
cluster gives up is atomicity across buckets (a crash between groups can
leave a record written and an entity count not yet bumped). A purge probes
the 1024 bucket indexes in pipelines.

Deferred commits (`deferring`, `flush`; the service's score route, see
service/commit_batch.py): on a single Redis a transaction inside the block runs
its function on the read values (and on the writes still pending before it,
which later reads of the same thread see), and the flush sends every pending
compare-and-set in one pipeline, in order: one round trip for the turn's
payments instead of one each. A script that finds a value changed (or fails)
sends its transaction down the ordinary path, which reads again and re-runs
the function; those built on its pending writes fail their check too and
follow it, in order. On a cluster every transaction commits at once, as before.

Every failure to reach Redis raises `StoreError` quickly: socket connect and
read time-outs default to 0.25 s (a `socket_timeout` / `socket_connect_timeout`
in the URL's query string takes precedence), and a broken connection is
retried once, to survive a server restart, before giving up.

And then fails at once (a circuit breaker): once a call could not reach Redis,
every call raises `StoreError` without touching the network until a background
thread's ping, every `PROBE_INTERVAL_S`, reaches it again. The calls run on the
service's event loop: with a hung server (a stopped process, a paused client)
each call used to wait its time-outs, ~0.5 s, holding up every request behind
it, so that a 25 s hang held requests for up to 22 s (a black-box audit); now
the one call that finds it down waits, the others get their DEGRADED answer in
microseconds.
"""
from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from binascii import crc32
from typing import Any, Callable, Iterator, Sequence

from redis import Redis
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisClusterException, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from .base import Abort, StoreError, TransactFn
from .deferred import DeferredWrite, PendingWrites

_ERRORS = (RedisError, RedisClusterException, OSError)
# What says Redis cannot be reached (not a refused command): these open the breaker.
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, RedisClusterException, OSError)
#: How often the breaker's background thread pings a Redis it could not reach.
PROBE_INTERVAL_S = 0.25
log = logging.getLogger("riskgate.store")

# KEYS: n data keys, then n index keys (index of data key i is KEYS[n+i]).
# ARGV[1] = event ts; for key i, five args from 2+(i-1)*5:
#   check ('1' must equal old, '0' must be absent, '2' unchecked), old, write ('1'/'0'), new, member.
_CAS = """
local n = #KEYS / 2
for i = 1, n do
  local b = 2 + (i - 1) * 5
  local c = ARGV[b]
  if c ~= '2' then
    local cur = redis.call('GET', KEYS[i])
    if c == '1' then
      if cur ~= ARGV[b + 1] then return 0 end
    elseif cur then
      return 0
    end
  end
end
for i = 1, n do
  local b = 2 + (i - 1) * 5
  if ARGV[b + 2] == '1' then
    redis.call('SET', KEYS[i], ARGV[b + 3])
    redis.call('ZADD', KEYS[n + i], ARGV[1], ARGV[b + 4])
  end
end
return 1
"""

# KEYS[1] = index; KEYS[2..] = data keys; ARGV[1] = cut-off; ARGV[2..] = members (same order).
_PURGE = """
local cut = tonumber(ARGV[1])
local n = 0
for i = 2, #KEYS do
  local m = ARGV[i]
  local s = redis.call('ZSCORE', KEYS[1], m)
  if s and tonumber(s) < cut then
    redis.call('DEL', KEYS[i])
    redis.call('ZREM', KEYS[1], m)
    n = n + 1
  end
end
return n
"""

_PURGE_BATCH = 500
# On a cluster every key carries a hash tag `{b}`, b = crc32(key) mod this, so
# the per-bucket event-time index can share the key's slot. Part of the data
# layout: never change it on a live cluster.
_CLUSTER_BUCKETS = 1024


def _namespace(key: str) -> str:
    i = key.find(":")
    return key[: i + 1] if i >= 0 else ""


class RedisStore:
    def __init__(self, url: str, *, prefix: str = "rg:", connect_timeout_s: float = 0.25,
                 timeout_s: float = 0.25, max_retries: int = 100, cluster: bool | None = None) -> None:
        opts: dict[str, Any] = dict(socket_connect_timeout=connect_timeout_s, socket_timeout=timeout_s,
                                    retry=Retry(NoBackoff(), 1), health_check_interval=0)
        self._p = prefix
        self._ix = prefix + "ix:"
        self._max_retries = max_retries
        try:
            if cluster is None:
                probe = Redis.from_url(url, **opts)
                try:
                    cluster = probe.info("cluster").get("cluster_enabled") == 1
                finally:
                    probe.close()
            self._r: Any = RedisCluster.from_url(url, **opts) if cluster else Redis.from_url(url, **opts)
            self._cas = self._r.register_script(_CAS)
            self._purge = self._r.register_script(_PURGE)
        except _ERRORS as exc:
            raise StoreError(f"redis unavailable at start-up: {exc}") from exc
        self.cluster = bool(cluster)
        self._tags = ["{%d}" % b for b in range(_CLUSTER_BUCKETS)] if cluster else None
        self._local = threading.local()   # .last: (keys, values) of this thread's last read
        self._pw = PendingWrites()   # deferred commits (single Redis only): see the module docstring
        self.reruns = 0   # flushes in which a script found a value changed and its transaction ran again
        self._down: str | None = None    # the breaker: why Redis could not be reached, while it cannot
        self._probe: threading.Thread | None = None
        self._probe_lock = threading.Lock()
        self._closed = False

    # ------------------------------------------------------------ breaker
    def _check(self) -> None:
        down = self._down
        if down is not None:
            raise StoreError(f"{down} (failing fast: a background ping every {PROBE_INTERVAL_S} s looks for it)")

    def _failed(self, what: str, exc: BaseException) -> StoreError:
        """The `StoreError` for a failed call; one that could not reach Redis
        opens the breaker and starts the probe."""
        err = StoreError(f"redis {what} failed: {exc}")
        if isinstance(exc, _UNREACHABLE):
            with self._probe_lock:
                self._down = str(err)
                if self._probe is None or not self._probe.is_alive():
                    log.warning("%s: failing fast until a ping reaches it again", err)
                    self._probe = threading.Thread(target=self._probe_until_back, name="riskgate-redis-probe",
                                                   daemon=True)
                    self._probe.start()
        return err

    def _probe_until_back(self) -> None:
        while True:
            time.sleep(PROBE_INTERVAL_S)
            if self._closed:
                return
            try:
                if self._r.ping():
                    break
            except Exception:   # redis-py's cluster client raises more than RedisError on a dead node
                continue
        with self._probe_lock:
            self._down = None
        if not self._closed:
            log.info("redis is reachable again")

    # ------------------------------------------------------------ key names
    def _names(self, keys: Sequence[str]) -> list[str]:
        """Redis key names: the prefix, and on a cluster the bucket's hash tag."""
        p = self._p
        tags = self._tags
        if tags is None:
            return [p + k for k in keys]
        return [p + tags[crc32(k.encode()) % _CLUSTER_BUCKETS] + k for k in keys]

    def _index(self, key: str) -> str:
        if self._tags is None:
            return self._ix + _namespace(key)
        return self._ix + _namespace(key) + self._tags[crc32(key.encode()) % _CLUSTER_BUCKETS]

    def _mget(self, rkeys: list[str]) -> list[bytes | None]:
        if self._tags is None:
            return self._r.mget(rkeys)
        return self._r.mget_nonatomic(rkeys)

    # ------------------------------------------------------------- contract
    def read(self, keys: Sequence[str]) -> dict[str, bytes | None]:
        if not keys:
            return {}
        self._check()
        try:
            values = dict(zip(keys, self._mget(self._names(keys))))
        except _ERRORS as exc:
            raise self._failed("read", exc) from exc
        self._pw.read(keys, values)
        self._local.last = (list(keys), dict(values))
        return values

    def _take_read(self, keys: list[str]) -> dict[str, bytes | None] | None:
        """This thread's last read, when it was of exactly these keys (used once)."""
        last = self._local.__dict__.pop("last", None)
        return last[1] if last is not None and last[0] == keys else None

    def transact(self, keys: Sequence[str], fn: TransactFn, ts: float) -> Any:
        self._check()
        if self._pw.collecting():
            return self._transact_deferred(list(keys), fn, ts)
        if self._pw.held_here():
            self.flush()   # a write that must be durable now lands after the deferred ones, in order
        keys = list(keys)
        rkeys = self._names(keys)
        tsa = repr(float(ts))
        reused = self._take_read(keys)
        for attempt in range(self._max_retries):
            fresh = reused is None
            if reused is not None:
                current, reused = reused, None
            else:
                try:
                    current = dict(zip(keys, self._mget(rkeys))) if rkeys else {}
                except _ERRORS as exc:
                    raise self._failed("read", exc) from exc
            try:
                updates, result = fn(current)
            except Abort:
                if fresh:
                    raise   # nothing has been written
                continue    # decided on values no script checked: decide again on fresh ones
            if not updates:
                if fresh:
                    return result
                continue    # likewise: a result must come from values current at the time
            if self._tags is None:
                if self._commit(keys, current, updates, tsa):
                    return result
            elif self._commit_cluster(keys, current, updates, fn, tsa):
                return result
            if attempt >= 2:
                time.sleep(random.random() * min(0.002, 0.0001 * attempt))
        raise StoreError(f"redis transaction kept conflicting after {self._max_retries} attempts")

    @contextlib.contextmanager
    def deferring(self) -> Iterator[list[DeferredWrite]]:
        """Transactions of this block on this thread wait for `flush()`; the list
        collects them. On a cluster nothing is deferred (the list stays empty)."""
        if self._tags is not None:
            yield []
            return
        with self._pw.deferring() as writes:
            yield writes

    def after_commit(self, effect: Callable[[], None]) -> bool:
        """`PendingWrites.after_commit` (single Redis); False: not deferring, run it now."""
        return self._pw.after_commit(effect)

    def _transact_deferred(self, keys: list[str], fn: TransactFn, ts: float) -> Any:
        current = self._take_read(keys)   # the engine's read, pending writes included
        if current is None:
            try:
                current = dict(zip(keys, self._mget(self._names(keys))))
            except _ERRORS as exc:
                raise self._failed("read", exc) from exc
            self._pw.apply(keys, current)
        try:
            updates, result = fn(current)
        except Abort:   # nothing pending for it, but its answer may rest on pending values
            self._pw.note_read(keys)
            raise
        if not updates:
            self._pw.note_read(keys)
            return result
        self._pw.add(DeferredWrite(keys, fn, ts, updates, current))
        return result

    def flush(self) -> None:
        """Send every deferred compare-and-set in one pipeline. Never raises:
        each `DeferredWrite` says whether it was committed."""
        pending = self._pw.take()
        if not pending:
            return
        if self._down is not None:
            err = StoreError(self._down)
            for w in pending:
                w.error = err
            return
        sha = self._cas.sha
        try:
            pipe = self._r.pipeline(transaction=False)
            for w in pending:
                ks, args = self._cas_call(w.keys, w.seen, w.updates, repr(float(w.ts)))
                pipe.evalsha(sha, len(ks), *ks, *args)   # not via Script: no SCRIPT EXISTS round trip
            results = pipe.execute(raise_on_error=False)
        except _ERRORS as exc:
            err = self._failed("write", exc)
            for w in pending:
                w.error = err
            return
        pw = self._pw
        collect, pw.collect = pw.collect, None   # the ordinary path below must not defer again
        self._local.__dict__.pop("last", None)   # nor start from a read made for another payment
        try:
            again = False
            for w, ok in zip(pending, results):
                if ok == 1:
                    continue
                again = True   # a value changed, or the script was missing: the ordinary path, in order
                fn = w.fn
                assert fn is not None   # pending writes have one; reads of pending values are not here
                try:
                    self.transact(w.keys, fn, w.ts)
                except Exception as exc:
                    w.error = exc
            self.reruns += again
        finally:
            pw.collect = collect

    def _cas_call(self, keys: Sequence[str], current: dict[str, bytes | None],
                  updates: dict[str, bytes] | Any, tsa: str) -> tuple[list[str], list[Any]]:
        """KEYS and ARGV of one CAS script over `keys` (plus any written key not
        read, unchecked)."""
        ks = list(keys)
        ks.extend(k for k in updates if k not in current)
        rkeys = self._names(ks)
        args: list[Any] = [tsa]
        for k in ks:
            if k in current:
                old = current[k]
                args += ("0", b"") if old is None else ("1", old)
            else:
                args += ("2", b"")
            new = updates.get(k)
            args += ("0", b"", k) if new is None else ("1", new, k)
        return rkeys + [self._index(k) for k in ks], args

    def _commit(self, keys: Sequence[str], current: dict[str, bytes | None],
                updates: dict[str, bytes] | Any, tsa: str) -> bool:
        """One CAS script over `keys` (plus any written key not read, unchecked)."""
        ks, args = self._cas_call(keys, current, updates, tsa)
        try:
            return self._cas(keys=ks, args=args) == 1
        except _ERRORS as exc:
            raise self._failed("write", exc) from exc

    def _commit_cluster(self, keys: list[str], current: dict[str, bytes | None], updates: Any,
                        fn: TransactFn, tsa: str) -> bool:
        groups: dict[int, list[str]] = {}
        for k in keys:
            groups.setdefault(crc32(k.encode()) % _CLUSTER_BUCKETS, []).append(k)
        for k in updates:
            if k not in current:
                groups.setdefault(crc32(k.encode()) % _CLUSTER_BUCKETS, []).append(k)
        ordered = list(groups.values())  # dicts keep insertion order: keys[0]'s group first
        first = ordered[0]
        if not self._commit(first, {k: current[k] for k in first if k in current},
                            {k: updates[k] for k in first if k in updates}, tsa):
            return False
        for group in ordered[1:]:
            self._commit_group(group, current, updates, fn, tsa)
        return True

    def _commit_group(self, group: list[str], snapshot: dict[str, bytes | None], updates: Any,
                      fn: TransactFn, tsa: str) -> None:
        """Commit one non-primary slot group; on conflict recompute its writes
        from fresh values (the primary group has already committed)."""
        read = [k for k in group if k in snapshot]
        mine = {k: updates[k] for k in group if k in updates}
        cur = {k: snapshot[k] for k in read}
        for _ in range(self._max_retries):
            if not mine or self._commit(read, cur, mine, tsa):
                return
            try:
                fresh = dict(zip(read, self._mget(self._names(read)))) if read else {}
            except _ERRORS as exc:
                raise self._failed("read", exc) from exc
            view = dict(snapshot)
            view.update(fresh)
            try:
                redo, _ = fn(view)
            except Abort:
                return
            cur = fresh
            mine = {k: redo[k] for k in group if k in redo}
        raise StoreError("redis cluster transaction kept conflicting on a shared key")

    def get_blob(self, name: str) -> bytes | None:
        self._check()
        try:
            return self._r.get(self._p + "blob:" + name)
        except _ERRORS as exc:
            raise self._failed("read", exc) from exc

    def put_blob(self, name: str, value: bytes) -> None:
        self._check()
        try:
            self._r.set(self._p + "blob:" + name, value)
        except _ERRORS as exc:
            raise self._failed("write", exc) from exc

    def _index_keys(self, prefix: str) -> list[str]:
        base = self._ix + prefix
        if self._tags is None:
            return [base]
        return [base + t for t in self._tags]

    def purge(self, prefix: str, before_ts: float) -> int:
        """Drop keys of namespace `prefix` (e.g. "r:") last written at event
        time < before_ts. A background job: batches, never the hot path."""
        self._check()
        cut = repr(float(before_ts))
        lo, hi = "-inf", "(" + cut
        ixs = self._index_keys(prefix)
        total = 0
        try:
            for i in range(0, len(ixs), 1024):
                chunk = ixs[i:i + 1024]
                if len(chunk) == 1:
                    firsts = [self._r.zrangebyscore(chunk[0], lo, hi, start=0, num=_PURGE_BATCH)]
                else:  # a cluster: probe every slot's index in one pipeline per chunk
                    pipe = self._r.pipeline(transaction=False)
                    for ix in chunk:
                        pipe.zrangebyscore(ix, lo, hi, start=0, num=_PURGE_BATCH)
                    firsts = pipe.execute()
                for ix, members in zip(chunk, firsts):
                    while members:
                        names = [m.decode() for m in members]
                        n = int(self._purge(keys=[ix, *self._names(names)], args=[cut, *names]))
                        total += n
                        if len(members) < _PURGE_BATCH or n == 0:
                            break
                        members = self._r.zrangebyscore(ix, lo, hi, start=0, num=_PURGE_BATCH)
        except _ERRORS as exc:
            raise self._failed("purge", exc) from exc
        return total

    def count(self, prefix: str) -> int:
        """Keys of a namespace (tests and admin tooling), from the event-time index."""
        try:
            return sum(int(self._r.zcard(ix)) for ix in self._index_keys(prefix))
        except _ERRORS as exc:
            raise self._failed("read", exc) from exc

    def ping(self) -> bool:
        if self._down is not None:   # the probe pings; the event loop must not wait for a hung server
            return False
        try:
            return bool(self._r.ping())
        except _ERRORS:
            return False

    def close(self) -> None:
        self._closed = True
        self.flush()
        try:
            self._r.close()
        except _ERRORS:
            pass
