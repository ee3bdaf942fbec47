"""Everything the service builds once at start-up, and what it does between requests.

Start-up loads what the hot path must never load: the hash key, the IP
database, the policy, the model, the population state. A store or model that
cannot be opened does not stop the service: it answers DEGRADED decisions and
says so on /readyz, because a payment gateway is better served by a
conservative answer than by none. A policy file that does not validate does
stop it: a bank must not run on a policy other than the one it wrote.
"""
from __future__ import annotations

import gc
import json
import logging
import math
import os
import threading
import sys
import time
from typing import Any, Callable, Sequence

from features.attributes import HAVE_C_DERIVE, DeriveContext, load_or_create_hash_key
from features.extract import HAVE_C_EXTRACT
from features.population import HAVE_C_POPULATION, PopulationFrequencies
from features.profile import decode_profile, profile_view
from models.policy import Policy, PolicyError, TraMonitor, load_policy
from models.local_refit import RefitConfig, encode_state_parts, fit_local
from models.scorer import RiskModel

from . import metrics
from .config import Settings
from .engine import ERASED, STORE_FAILING_S, Engine, ModelUnavailable
from .store import Store, StoreError, open_store, profile_key
from .store.blob_parts import get_parts, get_parts_settled, put_parts
from .store.datadir import CHECKED_ENV, DataDirRefused, check_data_dir, hold_data_dir

log = logging.getLogger("riskgate.runtime")

BLOB_FREQ = "population_frequencies"
BLOB_TRA = "tra_monitor"
BLOB_TRA_SHADOW = "tra_monitor_shadow"   # the shadow policy's own (its bands may differ)
BLOB_ONLINE = "online_model"
BLOB_LOCAL = "local_model"
#: between two parts of the local state (as `purge_pause_s` between purge batches)
PARTS_PAUSE_S = 0.01
BLOB_CHALLENGE = "challenge_calibration"
#: "i/n": this worker's slot of the supervisor's n (python -m service --workers n); unset: 0/1
WORKER_SLOT_ENV = "_RISKGATE_WORKER_SLOT"
#: beyond this run's workers, how many absent TRA slot names in a row end the look
#: for an earlier run's (`Runtime.read_tra_peers`)
TRA_SLOT_GAP = 4


def worker_slot(env: Any = None) -> tuple[int, int]:
    """(slot, workers) of this process, (0, 1) outside a supervisor or when unreadable."""
    raw = (env if env is not None else os.environ).get(WORKER_SLOT_ENV, "")
    try:
        i, n = (int(x) for x in raw.split("/"))
    except ValueError:
        return 0, 1
    return (i, n) if 0 <= i < n else (0, 1)


def tra_blob(slot: int) -> str:
    """Each worker slot's TRA monitor under a name of its own (slot 0 the name of
    before), restored by the slot's next process and read by the other workers."""
    return BLOB_TRA if slot == 0 else f"{BLOB_TRA}.{slot}"


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


class ReopeningStore:
    """Stands in for a store that could not be opened at start-up (Redis not up
    yet, say): every call fails fast the way a dead store fails, so the engine
    answers DEGRADED, and at most every `retry_s` seconds a call tries to open
    the real store again; from then on it serves every call."""

    def __init__(self, opener: Callable[[], Store], reason: str, retry_s: float = 2.0) -> None:
        self._opener = opener
        self.reason = reason
        self._retry_s = retry_s
        self._next_try = time.monotonic() + retry_s
        self._store: Store | None = None
        self._lock = threading.Lock()

    def _get(self) -> Store:
        if self._store is not None:
            return self._store
        with self._lock:
            if self._store is None and time.monotonic() >= self._next_try:
                self._next_try = time.monotonic() + self._retry_s
                try:
                    self._store = self._opener()
                    log.info("profile store is back")
                except Exception as exc:
                    self.reason = str(exc)
        if self._store is None:
            raise StoreError(self.reason)
        return self._store

    def read(self, keys: Sequence[str]) -> dict[str, bytes | None]:
        return self._get().read(keys)

    def transact(self, keys: Sequence[str], fn: Any, ts: float) -> Any:
        return self._get().transact(keys, fn, ts)

    def get_blob(self, name: str) -> bytes | None:
        return self._get().get_blob(name)

    def put_blob(self, name: str, value: bytes) -> None:
        self._get().put_blob(name, value)

    def purge(self, prefix: str, before_ts: float) -> int:
        return self._get().purge(prefix, before_ts)

    def ping(self) -> bool:
        try:
            return self._get().ping()
        except StoreError:
            return False

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


class UnavailableModel:
    """Stands in for a model artefact that failed to load."""

    model_version = "unavailable"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def score(self, fs: Any) -> Any:
        raise ModelUnavailable(f"model unavailable: {self.reason}")


#: How long a thread may hold the GIL while another waits for it (Python's
#: default: 5 ms). The service's background threads (retention purges, the
#: local state's writes, refit fits) run Python for tens of ms; the event
#: loop's thread, waiting for the GIL behind one, waited up to the whole
#: interval each time (benchmarks/README.md, "Twenty-first session").
SWITCH_INTERVAL_S = 0.001


#: How long a score's store failure keeps /readyz saying the store is unavailable.
STORE_FAILURE_WINDOW_S = STORE_FAILING_S   # the engine's feedback takes the store as failing as long

#: How far after the server's clock a payment's time may move the service's
#: event clock (service/engine.py, `Engine.max_ts`): a gateway's clock is not
#: a day ahead, a forged or mistyped timestamp may be.
EVENT_CLOCK_AHEAD_S = 86400.0


def resident_bytes() -> int | None:
    """This process's resident memory now (Linux: /proc/self/statm), else None."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def tune_gc() -> None:
    """Move everything built at start-up (IP database, model, policy) out of the
    collector's sight and collect the young generation less often: the hot path
    allocates short-lived, mostly cycle-free objects, and full collections over
    the start-up heap were the p99 spikes of the micro benchmark. A young
    collection costs ~0.35 µs per object in it: at 50,000 it was a 17 ms pause
    every ~23 s at 1,000 payments/s, at 10,000 a 3-4 ms one every ~5 s, at
    2,000 under 1 ms every second. The total is the same: what fills the young
    generation is ~1.7 objects per payment that outlive it (memo tuples of new
    IPs, devices and payees, untracked by the first collection that sees them),
    so a smaller threshold only cuts the same work into shorter pauses."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(2_000, 20, 100)


def preload_online_model() -> None:
    """Import river (the online model's library) off the hot path. `OnlineLearner`
    imports it on its first fit (~1.5 s, scipy.stats included) so that start-up
    stays fast; in a running service that first fit is a scoring request, which
    then stalls for the whole import. A daemon thread started once the service
    is ready does the import instead (the request finds it done, or waits only
    for the rest of it), then moves the imported modules out of the collector's
    sight like the rest of the start-up heap."""
    try:
        import river.linear_model  # noqa: F401
        import river.optim  # noqa: F401
    except Exception as exc:  # the online model reports its own failure when it first needs river
        log.warning("could not preload the online model's library: %s", exc)
        return
    gc.freeze()


def build_engine(store: Store, *, policy: Policy | None = None, model: Any = None,
                 hash_key: bytes = b"riskgate-replay", shadow_policy: Policy | None = None,
                 retention_days: float = 120.0, profile_retention_days: float = 730.0) -> Engine:
    """An engine for in-process use (replay, load and micro benchmarks, training
    runs): the same code path as the service, on whatever store is given."""
    policy = policy if policy is not None else load_policy(None)
    model = model if model is not None else RiskModel.load(None)
    tune_gc()
    return Engine(store, DeriveContext.create(hash_key, policy.to_base), model, policy, shadow_policy=shadow_policy,
                  freq=PopulationFrequencies(), tra=TraMonitor(policy), retention_days=retention_days,
                  profile_retention_days=profile_retention_days)


BLOB_BACKFILL = "backfill"   # service/backfill.py's marker: in progress / done, with what and when
BACKFILL_IN_PROGRESS, BACKFILL_DONE = "in progress", "done"


def backfill_marker(blob: bytes | None) -> dict[str, Any] | None:
    """The backfill marker as written (service/backfill.py), None when there is
    none or it is not a JSON object (a marker from before markers had a state)."""
    try:
        m = json.loads(blob) if blob else None
    except ValueError:
        return None
    return m if isinstance(m, dict) else None


def _warn_unfinished_backfill(store: Store) -> None:
    """A backfill that did not finish left part of the history learned: said at
    start, since the service answers on it all the same (service/backfill.py)."""
    try:
        state = backfill_marker(store.get_blob(BLOB_BACKFILL))
    except Exception:   # an unreadable store: the store's own errors say more
        return
    if state is not None and state.get("state") == BACKFILL_IN_PROGRESS:
        log.warning("a backfill of %s started %s on this store did not finish: only part of that history is "
                    "learned (python -m service.backfill --help says how to redo it)", state.get("file"),
                    state.get("started"))


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine: Engine | None = None
        self.store: Store | None = None
        self.model_degraded = False
        self._model_version = ""
        self.policy_version = ""
        #: State that could not be read at start-up (the store down): name -> the
        #: object to restore it into. Nothing of it is written until it has been
        #: read: the in-memory state built meanwhile is near empty, and its
        #: snapshot would overwrite what the store holds (a black-box audit saw
        #: the population statistics, the online model and the TRA rates lost so).
        self._unread: dict[str, Any] = {}
        self._unlisted_exported = 0
        self._files_gone_said = False
        self._cpu_exported = 0.0      # this worker's CPU seconds already counted in riskgate_workers_cpu_seconds_total
        self.slot, self.workers = worker_slot()

    @property
    def model_version(self) -> str:
        """The version answering now: it changes as the online learner and the
        local refits learn, so /readyz reads it from the model, not from start-up."""
        e = self.engine
        return e.model.model_version if e is not None else self._model_version

    def start(self, exclusive: bool = False) -> None:
        """Open the store, model and policy. `exclusive`: the data dir may not be
        in use by any other process (a backfill), else shared with the other
        workers of the service (`hold_data_dir`). A start that fails lets the
        data dir go again; so does a second start the first one's lock."""
        self._release_lock()
        try:
            self._start(exclusive)
        except BaseException:
            self._release_lock()
            raise

    def _release_lock(self) -> None:
        fd, self._lock_fd = getattr(self, "_lock_fd", None), None
        if fd is not None:
            os.close(fd)

    def _start(self, exclusive: bool) -> None:
        self._refresh_process()      # every live worker in the memory series from its start, not its first scrape
        s = self.settings
        policy = load_policy(s.policy_path)
        shadow = None
        if s.shadow_policy_path:
            try:
                shadow = load_policy(s.shadow_policy_path)
            except PolicyError as exc:   # an experiment must not keep the live policy from answering
                log.error("shadow policy not used: %s", exc)
        # A data dir that is a file, holds the other embedded store, or was built with
        # another hash key (service/store/datadir.py). `python -m service` refused these
        # before any worker started, and said there what needs saying once.
        problem = check_data_dir(s, warn=not os.environ.get(CHECKED_ENV))
        if problem is not None:
            raise DataDirRefused(problem)
        self._lock_fd = hold_data_dir(s.data_dir, exclusive)
        dctx = DeriveContext.create(load_or_create_hash_key(s.data_dir), policy.to_base)
        def opener() -> Store:
            return open_store(s.data_dir, s.redis_url, s.sqlite_synchronous, s.store, s.lmdb_synchronous,
                              s.lmdb_map_gib, s.lmdb_sync_s, s.lmdb_writemap)

        try:
            store: Store = opener()
        except Exception as exc:
            log.error("profile store unavailable, answering DEGRADED decisions until it is back: %s", exc)
            store = ReopeningStore(opener, str(exc))
        try:
            model: Any = RiskModel.load(s.model_dir, refit_cfg=RefitConfig(enabled=s.local_refit))
            self._model_version = model.model_version
        except Exception as exc:
            log.error("model failed to load, answering DEGRADED decisions: %s", exc)
            model = UnavailableModel(str(exc))
            self.model_degraded = True
            self._model_version = model.model_version
        freq = PopulationFrequencies()
        tra = TraMonitor(policy)
        self._unread = self._restore(store, freq, tra, model)
        if not exclusive:
            _warn_unfinished_backfill(store)
        self.store = store
        self.policy_version = policy.version
        self.engine = Engine(store, dctx, model, policy, shadow_policy=shadow, freq=freq, tra=tra,
                             retention_days=s.retention_days,
                             profile_retention_days=s.profile_retention_days, clock_ahead_s=EVENT_CLOCK_AHEAD_S,
                             generic_reasons=s.reason_messages == "GENERIC")
        if not self._restore_blob(store, BLOB_CHALLENGE, self.engine.challenge):
            self._unread[BLOB_CHALLENGE] = self.engine.challenge
        # the shadow policy's TRA monitor too (a review: it started empty after every
        # restart, so its ceiling was 0 for 90 days and the comparison said "stricter")
        if self.engine.shadow_tra is not None and not self._restore_blob(store, BLOB_TRA_SHADOW,
                                                                         self.engine.shadow_tra):
            self._unread[BLOB_TRA_SHADOW] = self.engine.shadow_tra
        for band, rate in tra.reference_rates().items():
            metrics.tra_reference.labels(band).set(rate)
        if shadow is not None:
            metrics.zero_shadow()
        # restored: the gauge was set only by the next step-up result, so it read 0
        # after every restart and its day-long alert started over (a review)
        metrics.challenge_shift.set(self.engine.challenge.max_shift())
        self.read_tra_peers()
        tune_gc()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        if getattr(model, "online", None) is not None:
            threading.Thread(target=preload_online_model, name="riskgate-preload", daemon=True).start()
        log.info("riskgate ready: model %s (tree evaluator: %s), features: %s (population: %s, derive: %s), "
                 "policy %s, store %s", self.model_version, getattr(model, "tree_evaluator", None) or "none",
                 "c" if HAVE_C_EXTRACT else "python", "c" if HAVE_C_POPULATION else "python",
                 "c" if HAVE_C_DERIVE else "python", policy.version, type(store).__name__)

    def _restore(self, store: Store, freq: PopulationFrequencies, tra: TraMonitor, model: Any) -> dict[str, Any]:
        """Restore the stored state; returns what could not be read (the store down)."""
        unread = {}
        for name, target in ((BLOB_FREQ, freq), (tra_blob(self.slot), tra), (BLOB_ONLINE, model),
                             (BLOB_LOCAL, getattr(model, "local", None))):
            if not self._restore_blob(store, name, target):
                unread[name] = target
        return unread

    @staticmethod
    def _restore_blob(store: Store, name: str, target: Any) -> bool:
        """False when the store could not be read (a blob that is absent or
        cannot be decoded is read: there is nothing to keep of it)."""
        if not hasattr(target, "restore"):
            return True
        try:
            parts = get_parts_settled(store, name)   # one part for a blob written whole
        except StoreError as exc:
            log.warning("could not read %s (it is not written until it has been read): %s", name, exc)
            return False
        except Exception as exc:   # damaged (parts of two writes, say): start without it, never crash
            log.warning("could not restore %s, starting without it: %s", name, exc)
            return True
        try:
            if parts and parts[0]:
                if hasattr(target, "restore_parts"):
                    target.restore_parts(parts)
                else:
                    target.restore(parts[0])
        except Exception as exc:
            log.warning("could not restore %s: %s", name, exc)
        return True

    def read_unread(self) -> None:
        """Restore what start-up could not read, once the store answers (before
        any snapshot: see `_unread`)."""
        if not self._unread or self.engine is None:
            return
        for name, target in list(self._unread.items()):
            if self._restore_blob(self.engine.store, name, target):
                del self._unread[name]
                log.info("restored %s now that the store answers", name)

    def snapshot(self) -> None:
        e = self.engine
        if e is None:
            return
        self.read_unread()
        if e.max_ts > 0.0:
            e.challenge.tick(e.max_ts)     # on the loop, which owns it, as the snapshots below
        for name, source in ((BLOB_FREQ, e.freq), (tra_blob(self.slot), e.tra), (BLOB_ONLINE, e.model),
                             (BLOB_CHALLENGE, e.challenge), (BLOB_TRA_SHADOW, e.shadow_tra)):
            if source is None or not hasattr(source, "snapshot") or name in self._unread:
                continue
            try:
                blob = source.snapshot()
                if blob is not None:
                    e.store.put_blob(name, blob)
            except Exception as exc:
                log.warning("could not snapshot %s: %s", name, exc)
        self.read_tra_peers()

    def read_tra_peers(self) -> None:
        """The other worker slots' TRA monitors, as they last wrote them (every
        maintenance round), into this one's rates: the frictionless exemption
        follows the fleet's fraud rate, not this worker's share of the payments
        and reports. A peer that cannot be read keeps its last copy.

        The slots of an earlier run with more workers (3, then 1: `tra_monitor.1`
        and `.2`) are read too: no process writes them any more, and their
        payments and reports count until their days leave the window (a review:
        they were dropped with the slot, and a band closed by a report that slot
        had received reopened); up to TRA_SLOT_GAP absent names in a row (a slot
        of that run that never wrote: one failing at start-up). A run with that
        many workers again has each slot restore its own: nothing is counted
        twice."""
        e = self.engine
        if e is None or e.tra is None:
            return
        blobs, gone = [], []          # live slots', and those of no live worker
        j = missing = 0
        while j < self.workers or missing < TRA_SLOT_GAP:
            if j != self.slot:
                try:
                    parts = get_parts(e.store, tra_blob(j))
                except Exception as exc:
                    log.warning("could not read worker slot %d's TRA monitor: %s", j, exc)
                    return
                if parts and parts[0]:
                    (blobs if j < self.workers else gone).append(parts[0])
                    missing = 0
                elif j >= self.workers:
                    missing += 1
            j += 1
        if blobs or gone or self.workers > 1:
            # slot 0 also exports the gone slots' counts in its value gauges (own_only),
            # which /metrics and the recording rule sum over the workers: once each. Not
            # on Redis: another instance's live slots have the same names there
            if self.slot == 0 and not self.settings.redis_url:
                e.tra.set_peers(blobs, gone)
            else:
                e.tra.set_peers(blobs + gone)

    def local_state(self) -> Any:
        """On the event loop: the local model's examples and trees to persist
        (copies), or None when there is nothing new to write yet."""
        local = getattr(self.engine.model, "local", None) if self.engine is not None else None
        if local is None or BLOB_LOCAL in self._unread:
            return None
        return local.snapshot_state()

    def write_local(self, state: Any) -> None:
        """In a worker thread: encode and store what `local_state` took
        (megabytes), in parts of their own short write transactions
        (service/store/blob_parts.py): one blob held the store's write lock,
        and with it the event loop's commits, for ~20 ms."""
        local = self.engine.model.local
        try:
            if put_parts(self.engine.store, BLOB_LOCAL, encode_state_parts(state), pause_s=PARTS_PAUSE_S) is None:
                log.info("%s not written: another worker is writing its own", BLOB_LOCAL)
                local.flush()   # not marked written, and due again at the next round (not 10 minutes on)
                return
            local.written(state)
        except Exception as exc:
            log.warning("could not snapshot %s: %s", BLOB_LOCAL, exc)
            local.flush()

    def refit_prepare(self) -> Any:
        """On the event loop: the local refit's examples when one is due at the
        latest event time seen (`models.local_refit`), else None."""
        e = self.engine
        due = getattr(e.model, "refit_due", None) if e is not None else None
        if due is None or e.max_ts <= 0 or not due(e.max_ts):
            return None
        return e.model.local.prepare(e.max_ts)

    def refit_fit(self, prep: Any) -> Any:
        """In a worker thread: the fit itself (seconds; scikit-learn on one thread)."""
        return fit_local(prep, self.engine.model.local.cfg)

    def refit_adopt(self, res: Any) -> None:
        """On the event loop: answer with the new local model if it passed its check."""
        self.engine.model.adopt_refit(res)
        metrics.local_refits.labels(res.reason).inc()
        if res.adopted:
            metrics.local_refit_auc.labels("candidate").set(res.auc_candidate)
            metrics.local_refit_auc.labels("offline").set(res.auc_offline)
        log.info("local refit at %s: %s (reports %d, genuine %d; held-out AUC offline %.4f, candidate %.4f, "
                 "model in use %.4f on what it never saw, candidate's lead at the 5 %% bootstrap quantile %.4f; %.1f s)",
                 res.now, res.reason, res.n_pos, res.n_neg, res.auc_offline, res.auc_candidate, res.auc_previous,
                 res.gain_low, res.fit_seconds)

    def purge(self) -> None:
        """Retention purge: store work only (its own connection per thread), so it
        may run off the event loop; a purge of 30 s of traffic at 1,000/s takes
        ~100 ms of SQLite deletes that would otherwise stall every request."""
        if self.engine is None:
            return
        try:
            self.engine.purge()
        except Exception as exc:
            log.warning("retention purge failed: %s", exc)

    def refresh_gauges(self) -> None:
        self._refresh_process()
        self.store_files_present()   # said in the log at the next maintenance round, not only when /readyz is asked
        e = self.engine
        if e is not None:
            metrics.unrecorded.set(len(e.unrecorded))
            metrics.challenge_shift.set(e.challenge.max_shift())
        if e is not None:                # the policy counts unlisted currencies; the metric follows it
            n = getattr(e.policy, "unlisted_n", 0)
            if n > self._unlisted_exported:
                metrics.unknown_currency.inc(n - self._unlisted_exported)
                self._unlisted_exported = n
        memory_bytes = getattr(self.store, "memory_bytes", None)
        used = memory_bytes() if memory_bytes is not None else None
        if used is not None:
            metrics.store_memory.set(used)
        usage = getattr(self.store, "usage", None)
        if usage is not None:
            try:
                filled, capacity = usage()
            except StoreError:
                pass
            else:
                metrics.store_used.set(filled)
                metrics.store_capacity.set(capacity)
        e = self.engine
        if e is None or e.tra is None:
            return
        # a worker that only received feedback has no event clock: its monitor's own latest day
        now = e.max_ts if e.max_ts > 0 else e.tra.latest_ts
        if not math.isfinite(now):
            return
        for band, st in e.tra.band_stats(now).items():       # with the other workers' (set_peers)
            metrics.tra_rate.labels(band).set(st["fraud_rate"] or 0.0)
        for band, st in e.tra.band_stats(now, own_only=True).items():   # summed over workers by /metrics
            metrics.tra_completed_value.labels(band).set(st["volume_eur"] or 0.0)
            metrics.tra_fraud_value.labels(band).set(st["fraud_eur"] or 0.0)

    def _refresh_process(self) -> None:
        """This worker's resident memory and the CPU time it used since the last refresh."""
        rss = resident_bytes()
        if rss is not None:
            metrics.workers_rss.set(rss)
            metrics.worker_rss_max.set(rss)
        t = os.times()
        cpu = t.user + t.system
        if cpu > self._cpu_exported:
            metrics.workers_cpu.inc(cpu - self._cpu_exported)
            self._cpu_exported = cpu

    def store_ok(self) -> bool:
        """The store answers a ping, and no score found it failing in the last
        STORE_FAILURE_WINDOW_S (a full disk still answers pings, and reads), and
        its files are still where it opened them."""
        e = self.engine
        if e is not None and e.unrecorded and time.monotonic() - e.store_failed_at < STORE_FAILURE_WINDOW_S:
            return False
        return self.store is not None and self.store_files_present() and self.store.ping()

    def store_files_present(self) -> bool:
        """False once the embedded store's files were removed under the running
        service (its data dir deleted): it goes on reading and writing the
        unlinked files, every answer looks fine, and all of it is gone at the
        next start. Said once in the log and by /readyz until a restart."""
        path = getattr(self.store, "path", None)
        if not isinstance(path, str) or os.path.exists(path):
            return True
        if not self._files_gone_said:
            self._files_gone_said = True
            log.error("the store's files %s were removed while the service runs: what it learns now is lost at "
                      "the next start; restore the data dir or restart the service", path)
        return False

    def profile_view(self, customer_id: str) -> dict[str, Any] | None:
        assert self.engine is not None
        key = profile_key(customer_id)
        try:
            blob = self.engine.store.read([key])[key]
        except StoreError as exc:
            from .errors import ApiError

            raise ApiError(503, "not_ready", f"the store is unavailable: {exc}") from None
        if blob is None or blob == ERASED:
            return None
        view = profile_view(decode_profile(blob))
        return {"customer_id": customer_id, "profile": view}

    def erase(self, customer_id: str) -> bool:
        assert self.engine is not None
        try:
            return self.engine.erase(customer_id)
        except StoreError as exc:
            from .errors import ApiError

            raise ApiError(503, "not_ready", f"the store is unavailable: {exc}") from None

    def model_view(self) -> dict[str, Any]:
        """The admin model view: versions, the evaluator, the online learner and the
        local refits of this worker (JSON-safe: non-finite numbers become null)."""
        assert self.engine is not None
        model = self.engine.model
        online = getattr(model, "online", None)
        local = getattr(model, "local", None)
        view = {"model_version": model.model_version, "degraded": self.model_degraded,
                "tree_evaluator": getattr(model, "tree_evaluator", None),
                "online": None if online is None else {"active": online.active, "reports": online.n_pos,
                                                       "genuine_learned": online.n_neg,
                                                       "pending": len(online.pending)},
                "local_refit": None if local is None else local.view(self.engine.max_ts)}
        return _finite(view)

    def stop(self) -> None:
        try:
            self._stop()
        finally:
            self._release_lock()

    def _stop(self) -> None:
        if self.engine is not None and self.engine.unrecorded:
            try:                         # a last offer to a store that may be back
                self.engine.record_unrecorded()
            except Exception:
                log.exception("recording the DEGRADED answers at shutdown failed")
            if self.engine.unrecorded:
                log.warning("stopping with %d DEGRADED answers the store never recorded: their retries will be "
                            "decided afresh and their feedback answered 404 (riskgate_unrecorded_answers)",
                            len(self.engine.unrecorded))
        local = getattr(self.engine.model, "local", None) if self.engine is not None else None
        if local is not None:
            local.flush()
        self.snapshot()
        state = self.local_state()
        if state is not None:
            self.write_local(state)
        if self.store is not None:
            self.store.close()

