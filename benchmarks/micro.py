"""In-process speed of one score: parse → features → model → policy → store, per payment.

    python -m benchmarks.micro                 # 100,000 stored customers, ~1-2 minutes
    python -m benchmarks.micro --quick         # small and fast (smoke test)

How the store is warmed (stated because it shapes the figures):
1. the generator (`benchmarks.generate`, seeded) simulates `--templates`
   customers for `--days` days; all but the last `--timed-days` are history;
2. each history payment goes through the real `parse_score`, `derive`,
   `learn` and `observe_entity` (as if completed; no model or policy: that
   is what makes 100,000 customers cheap to warm) and into the population
   frequencies;
3. the learned profiles are copied to `--customers` ids in all (the template
   customers keep their own ids, the copies get `id~n`), written through the
   store's own `transact` in batches, with the entity blobs once;
4. the timed stream is the template customers' own last days (known customers,
   real devices and payees), each payment sent to one of its customer's stored
   copies drawn at random, so that the stream reads profiles across the whole
   store as a bank's traffic does (a review found the stream touching ~1,300 of
   100,000 profiles, all of them in the page cache). What that costs: one
   customer's payments within the stream land on different copies, so in-stream
   velocity is not seen; the devices and payees stay the templates' (the entity
   rows are shared). `--hot-set` times the templates' own ids, as before.
Timed: `parse_score` + `Engine.score` (score plus profile update, one transaction
committed as the service commits it: crash-safe, `synchronous=NORMAL` / LMDB's
once-a-second sync, not power-safe) per payment, on the EmbeddedStore (SQLite), the LmdbStore (as the
service opens it, and with `writemap`), on fresh copies of the SQLite and LMDB
stores with the writes of every `--group` payments committed together (the
service's group commit under load; each payment carries its share of the
commit), and on the MemoryStore
(and, when features/_hotpath.c is in use, on the MemoryStore again with the
Python `extract_py` and `learn_py`: the compiled path's baseline, same run),
then the component split on identical copies of the SQLite and LMDB stores, then
baselines measured in the same run: raw SQLite read+write of a blob of the
median profile size in a table of the same row count, and a fixed pure-Python
loop to compare machines. The load average is printed: the figures of a
shared machine mean little without it.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

from benchmarks.generate import COLUMNS, generate_rows
from benchmarks.load_client import percentile
from features.attributes import HAVE_C_DERIVE, derive
from features.extract import HAVE_C_EXTRACT, extract
from features.population import HAVE_C_POPULATION, PopulationFrequencies, entity_keys, observe_decoded, observe_entity
from features.profile import Profile, decode_profile, encode_profile, learn, new_profile
from service.engine import Engine
from service.parse import parse_score
from service.records import COMPLETED, DENIED, PENDING, DecisionRecord, body_hash, encode_record
from service.runtime import build_engine, preload_online_model
from service.store import Abort, profile_key, record_key
from service.store.lmdb_store import LmdbStore
from service.store.memory import MemoryStore
from service.store.sqlite import EmbeddedStore

REQUEST_FIELDS = COLUMNS[:14]
STAGES = ("parse", "derive", "read", "extract", "model", "policy", "transact", "post")
_encode = msgspec.json.Encoder().encode


def bodies_of(rows: list[tuple]) -> list[bytes]:
    return [_encode({k: v for k, v in zip(REQUEST_FIELDS, r) if v is not None}) for r in rows]


class Warm:
    """What the warm-up learned: one profile per template customer, the entity
    blobs they touched and the population frequencies."""

    def __init__(self) -> None:
        self.profiles: dict[str, Profile] = {}
        self.entities: dict[str, bytes] = {}
        self.freq = PopulationFrequencies()
        self.payments = 0


def warm_history(bodies: list[bytes], engine: Engine) -> Warm:
    w = Warm()
    seen: dict[str, set[str]] = {}
    for b in bodies:
        p = parse_score(b)
        a = derive(p, engine.dctx)
        prof = w.profiles.get(p.customer_id)
        if prof is None:
            prof = w.profiles[p.customer_id] = new_profile()
            seen[p.customer_id] = set()
        known = seen[p.customer_id]
        for k in entity_keys(a):
            w.entities[k] = observe_entity(w.entities.get(k), k, a, k not in known, True)
            known.add(k)
        learn(prof, a, engine.pcfg)
        w.freq.observe(a)
        w.payments += 1
    return w


def spread_over_copies(stream: list[bytes], ids: list[tuple[str, str]], seed: int) -> list[bytes]:
    """Each payment of the stream to one of its customer's stored copies, drawn at
    random (seeded); a customer with no stored profile keeps its id."""
    copies: dict[str, list[str]] = {}
    for cid, template in ids:
        copies.setdefault(template, []).append(cid)
    rng = random.Random(seed)
    out = []
    for b in stream:
        body = msgspec.json.decode(b)
        mine = copies.get(body["customer_id"])
        if mine:
            body["customer_id"] = rng.choice(mine)
        out.append(_encode(body))
    return out


def customer_ids(templates: list[str], total: int) -> list[tuple[str, str]]:
    """(stored id, template id): the templates themselves first, then copies."""
    out = [(t, t) for t in templates]
    j = 0
    while len(out) < total:
        t = templates[j % len(templates)]
        out.append((f"{t}~{j}", t))
        j += 1
    return out


def fill_store(store: Any, w: Warm, ids: list[tuple[str, str]], ts: float, batch: int = 500) -> None:
    """Write through the store's own transact, so the rows are what the service would write."""
    blobs = {t: encode_profile(p) for t, p in w.profiles.items()}
    items = [(profile_key(cid), blobs[t]) for cid, t in ids] + list(w.entities.items())
    for i in range(0, len(items), batch):
        chunk = dict(items[i:i + batch])
        store.transact(list(chunk), lambda cur, c=chunk: (c, None), ts)


def engine_on(store: Any, w: Warm) -> Engine:
    e = build_engine(store)
    e.freq.restore(w.freq.snapshot())
    return e


@contextlib.contextmanager
def population_python() -> Iterator[None]:
    """features/_population.c switched off inside the block: the entities'
    update and signals and the frequencies' counts run their Python definitions."""
    import features.extract as extract_mod
    import features.population as population_mod

    saved = population_mod._OBSERVE_C, population_mod._COUNT_C, extract_mod._ENTITY_FEATURES_C
    population_mod._OBSERVE_C = population_mod._COUNT_C = extract_mod._ENTITY_FEATURES_C = None
    try:
        yield
    finally:
        population_mod._OBSERVE_C, population_mod._COUNT_C, extract_mod._ENTITY_FEATURES_C = saved


@contextlib.contextmanager
def python_features() -> Iterator[None]:
    """The engine runs `extract_py` and `learn_py` (features/_hotpath.c's Python
    twins), `derive_py` (features/_derive.c's) and the Python definitions of
    features/_population.c inside the block: the same-run baseline of the
    compiled path."""
    import service.engine as engine_mod
    from features.attributes import derive_py
    from features.extract import extract_py
    from features.profile import learn_py

    saved = engine_mod.extract, engine_mod.learn, engine_mod.derive
    engine_mod.extract, engine_mod.learn, engine_mod.derive = extract_py, learn_py, derive_py
    try:
        with population_python():
            yield
    finally:
        engine_mod.extract, engine_mod.learn, engine_mod.derive = saved


def time_engine(engine: Engine, bodies: list[bytes]) -> tuple[list[float], float, list[int]]:
    """Per-payment µs of parse_score + Engine.score, the wall time of the whole
    stream, and the count of decisions per level."""
    pc = time.perf_counter_ns
    out: list[float] = []
    levels = [0] * 5
    t_start = time.perf_counter()
    for b in bodies:
        t0 = pc()
        o = engine.score(parse_score(b))
        out.append((pc() - t0) / 1e3)
        levels[o.level] += 1
    return out, time.perf_counter() - t_start, levels


def time_engine_grouped(engine: Engine, bodies: list[bytes], group: int) -> tuple[list[float], float, list[int]]:
    """As `time_engine`, with the store writes of every `group` payments deferred
    and committed by one `flush`, as the service's group commit does under load
    (service/commit_batch.py, without the event loop): each payment's figure is
    its own scoring time plus its share of the commit and of the work the engine
    holds for after it (population counts, TRA, the online learner, metrics: the
    service runs it once the commit is done; a review found it left out, 30-40 µs
    a payment). A write that failed to commit raises (the figures would be of
    work not done)."""
    pc = time.perf_counter_ns
    store = engine.store
    out: list[float] = []
    levels = [0] * 5
    t_start = time.perf_counter()
    for i in range(0, len(bodies), group):
        own: list[float] = []
        with store.deferring() as writes:
            for b in bodies[i:i + group]:
                t0 = pc()
                o = engine.score(parse_score(b))
                own.append((pc() - t0) / 1e3)
                levels[o.level] += 1
        t0 = pc()
        store.flush()
        share = (pc() - t0) / 1e3 / len(own)
        failed = next((e for w in writes if (e := w.failure()) is not None), None)
        if failed is not None:
            raise RuntimeError(f"a grouped commit failed: {failed}")
        t0 = pc()
        for w in writes:                 # as service/commit_batch.py's _run_effects
            for effect in w.effects:
                effect()
        share += (pc() - t0) / 1e3 / len(own)
        out.extend(x + share for x in own)
    return out, time.perf_counter() - t_start, levels


def split_one(e: Engine, b: bytes, acc: dict[str, list[float]]) -> None:
    """The stages of `Engine._score`, timed one by one (the same functions in the same
    order, less the record's packed feature values; compare the total with the
    end-to-end rows above: nothing checks that they agree)."""
    pc = time.perf_counter_ns
    t0 = pc()
    payment = parse_score(b)
    t1 = pc()
    attrs = derive(payment, e.dctx)
    ekeys = entity_keys(attrs)
    rkey, ckey = record_key(payment.transaction_id), profile_key(payment.customer_id)
    keys = [rkey, ckey, *ekeys]
    okey = e._payer_key(payment.customer_id)
    if okey is not None and okey not in ekeys:
        keys.append(okey)
    bhash = body_hash(payment, e.bkey)
    t2 = pc()
    cur = e.store.read(keys)
    t3 = pc()
    blob = cur[ckey]
    profile = decode_profile(blob) if blob is not None else None
    ents = {k: cur[k] for k in ekeys}
    decoded: dict[str, Any] = {}
    fs = extract(attrs, profile, ents, e.freq, e.pcfg, decoded)
    t4 = pc()
    risk = e.model.score(fs)
    p_fraud = e.challenge.adjust(risk.p_fraud)
    t5 = pc()
    payer = e._payer(cur, okey, payment)
    d = e.policy.decide(e._policy_input(payment, p_fraud, risk.reasons, fs, payer))
    if e.tra is not None:
        e.tra.observe(payment.amount, payment.currency, payment.ts, d.level)
    body = e._response(payment.transaction_id, p_fraud, d, risk.model_version, payment.amount)
    t6 = pc()
    completed = d.level == 0
    rec = encode_record(DecisionRecord(
        body_hash=bhash, customer_id=payment.customer_id, ts=payment.ts, amount=payment.amount,
        currency=payment.currency, level=d.level, status=COMPLETED if completed else (DENIED if d.level == 4 else PENDING),
        response=body, attrs=attrs, values=fs.values, learned=completed))
    inner = [0]

    def apply(c: Any) -> tuple[dict[str, bytes], None]:
        a0 = pc()
        if c[rkey] is not None:
            raise Abort(c[rkey])
        updates = {rkey: rec}
        for k in ekeys:   # as the engine does: extract's decoded entity when the blob is the one it read
            new_k = bool(fs.new_payee) if k[0] == "p" else bool(fs.new_device)
            if c[k] is ents[k] and k in decoded:
                updates[k] = observe_decoded(decoded.pop(k), k, attrs, new_k, completed)
            else:
                updates[k] = observe_entity(c[k], k, attrs, new_k, completed)
        if completed:
            p = decode_profile(c[ckey]) if c[ckey] is not None else new_profile()
            learn(p, attrs, e.pcfg)
            updates[ckey] = encode_profile(p)
        inner[0] = pc() - a0
        return updates, None

    e.store.transact(keys, apply, payment.ts)
    t7 = pc()
    if completed:
        e.freq.observe(attrs)
        e._observe_completed(fs.values, payment.ts, payment.customer_id)
    e._observe_scored(fs.values, payment.ts, payment.customer_id)
    t8 = pc()
    for name, dt in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7)):
        acc[name].append(dt / 1e3)
    acc["transact: python in fn"].append(inner[0] / 1e3)
    acc["transact: store I/O"].append((t7 - t6 - inner[0]) / 1e3)
    acc["total"].append((t8 - t0) / 1e3)


def read_reuse_ab(e: Engine, bodies: list[bytes]) -> tuple[list[float], list[float]]:
    """µs of `store.read` + `store.transact` per payment, alternating payment by
    payment between the store's reuse of the engine's read and a forced
    re-read (the path taken when another connection committed in between), so
    that both halves see the same machine load."""
    store = e.store
    real_read, real_transact = store.read, store.transact
    pc = time.perf_counter_ns
    out: tuple[list[float], list[float]] = ([], [])
    state = {"reread": False, "t_read": 0}

    def read(keys: Any) -> Any:
        t0 = pc()
        r = real_read(keys)
        state["t_read"] = pc() - t0
        if state["reread"]:
            store._local.last = None
        return r

    def transact(keys: Any, fn: Any, ts: float) -> Any:
        t0 = pc()
        r = real_transact(keys, fn, ts)
        out[1 if state["reread"] else 0].append((state["t_read"] + pc() - t0) / 1e3)
        return r

    store.read, store.transact = read, transact  # type: ignore[method-assign]
    for i, b in enumerate(bodies):
        state["reread"] = i % 2 == 1
        e.score(parse_score(b))
    return out


def sqlite_baseline(path: str, rows: int, size: int, n: int, synchronous: str,
                    without_rowid: bool = True) -> tuple[list[float], list[float], float]:
    """Raw SQLite (same WAL settings as the store) on a table of `rows` blobs of
    `size` bytes: µs of a point read, of BEGIN IMMEDIATE + read + write + COMMIT,
    and the file bytes per row. The rowid variant is there because a WITHOUT
    ROWID table moves any row over ~1 KB (on 4 KB pages) to an overflow page."""
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute(f"PRAGMA synchronous={synchronous}")
    c.execute("PRAGMA cache_size=-65536")
    c.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v BLOB NOT NULL, t REAL NOT NULL)"
              + (" WITHOUT ROWID" if without_rowid else ""))
    blob = os.urandom(size)
    c.execute("BEGIN")
    c.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?, 0)", ((f"c:{i:08d}", blob) for i in range(rows)))
    c.execute("COMMIT")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    per_row = os.path.getsize(path) / rows
    step = max(1, rows // n)
    reads, rw = [], []
    pc = time.perf_counter_ns
    for j in range(n):
        k = f"c:{(j * step * 7919) % rows:08d}"
        t0 = pc()
        c.execute("SELECT v FROM kv WHERE k = ?", (k,)).fetchone()
        t1 = pc()
        c.execute("BEGIN IMMEDIATE")
        v = c.execute("SELECT v FROM kv WHERE k = ?", (k,)).fetchone()[0]
        c.execute("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)", (k, v, float(j)))
        c.execute("COMMIT")
        t2 = pc()
        reads.append((t1 - t0) / 1e3)
        rw.append((t2 - t1) / 1e3)
    c.close()
    return reads, rw, per_row


def store_file_report(db: str, customers: int) -> str:
    """Bytes on disk per customer after a checkpoint, and how the kv table's
    pages split (dbstat, where SQLite has it): overflow pages are rows too big
    to sit in their B-tree page."""
    c = sqlite3.connect(db, isolation_level=None)
    try:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = dict(c.execute("SELECT pagetype, count(*) FROM dbstat WHERE name = 'kv' GROUP BY pagetype"))
    except sqlite3.Error:
        pages = {}
    finally:
        c.close()
    size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    split = ", ".join(f"{k} {v:,}" for k, v in sorted(pages.items())) or "dbstat unavailable"
    return (f"SQLite file {size / 1e6:.1f} MB = {size / customers:,.0f} bytes per customer (profiles, entities, "
            f"this run's decision records, t index); kv pages: {split}")


def line(name: str, xs: list[float], extra: str = "") -> str:
    s = sorted(xs)
    return (f"{name:<34} {statistics.fmean(s):8.1f} {percentile(s, 50):8.1f} {percentile(s, 90):8.1f} "
            f"{percentile(s, 99):8.1f} {s[-1]:9.1f}  {extra}")


def timed(label: str, fn: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    out = fn()
    print(f"# {label}: {time.perf_counter() - t0:.1f} s", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.micro", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small store and stream (a few seconds)")
    ap.add_argument("--customers", type=int, default=100_000, help="customers in the warmed store")
    ap.add_argument("--templates", type=int, default=1500, help="generated customers whose profiles are copied")
    ap.add_argument("--days", type=int, default=21, help="days of generated history")
    ap.add_argument("--timed-days", type=int, default=3, help="last days of the history that are timed")
    ap.add_argument("--payments", type=int, default=5000, help="at most this many timed payments")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hot-set", action="store_true",
                    help="time the template customers' own ids (a working set of ~1,500 profiles, the figures "
                         "before 2026-11-28) instead of random copies across the whole store")
    ap.add_argument("--group", type=int, default=8,
                    help="payments per commit in the grouped rows (the service's group commit under load: ~8)")
    a = ap.parse_args(argv)
    if a.quick:
        a.customers, a.templates, a.days, a.timed_days, a.payments = 3000, 80, 10, 2, 300
    ref = min(timeit.repeat("sum(range(1000))", number=200, repeat=5)) / 200 * 1e6
    from models.export import tree_evaluator

    print(f"# riskgate micro benchmark | Python {sys.version.split()[0]} | {os.cpu_count()} CPUs | "
          "load avg %.2f %.2f %.2f at start" % os.getloadavg()
          + f" | tree evaluator: {tree_evaluator()} | features: {'c' if HAVE_C_EXTRACT else 'python'}"
          f" (population: {'c' if HAVE_C_POPULATION else 'python'}, derive: {'c' if HAVE_C_DERIVE else 'python'})")
    rows = timed(f"generate {a.templates} customers x {a.days} days",
                 lambda: list(generate_rows(a.templates, a.days, a.seed)))
    cut = rows[-1][2][:10]  # ISO date of the last day
    last_ts = parse_score(bodies_of([rows[-1]])[0]).ts
    split_ts = last_ts - a.timed_days * 86400.0
    bodies = bodies_of(rows)
    stamps = [parse_score(b).ts for b in bodies]
    hist = [b for b, t in zip(bodies, stamps) if t < split_ts]
    stream = [b for b, t in zip(bodies, stamps) if t >= split_ts][: a.payments]
    probe = build_engine(MemoryStore())
    preload_online_model()  # as the service does at start-up: the first online fit must not time an import
    w = timed(f"warm {len(hist)} history payments (parse, derive, learn, entities)", lambda: warm_history(hist, probe))
    ids = customer_ids(sorted(w.profiles), a.customers)
    if not a.hot_set:
        stream = spread_over_copies(stream, ids, a.seed)

    tmp = tempfile.mkdtemp(prefix="riskgate-micro-")
    try:
        sq = EmbeddedStore(os.path.join(tmp, "a"))
        timed(f"fill SQLite with {len(ids)} customers + {len(w.entities)} entities",
              lambda: fill_store(sq, w, ids, split_ts))
        sq.close()
        shutil.copytree(os.path.join(tmp, "a"), os.path.join(tmp, "b"))
        shutil.copytree(os.path.join(tmp, "a"), os.path.join(tmp, "c"))
        sq = EmbeddedStore(os.path.join(tmp, "a"))
        mem = MemoryStore()
        fill_store(mem, w, ids, split_ts)
        lm = LmdbStore(os.path.join(tmp, "l"))
        timed(f"fill LMDB with {len(ids)} customers + {len(w.entities)} entities",
              lambda: fill_store(lm, w, ids, split_ts))
        lm2 = LmdbStore(os.path.join(tmp, "l2"))
        fill_store(lm2, w, ids, split_ts)
        lmw = LmdbStore(os.path.join(tmp, "lw"), writemap=True)
        fill_store(lmw, w, ids, split_ts)

        print(f"\ntimed stream: {len(stream)} payments of {len({parse_score(b).customer_id for b in stream})} "
              f"stored customers ({'the templates’ own ids' if a.hot_set else 'random copies'}; last "
              f"{a.timed_days} days to {cut}), store of {len(ids)} customers")
        print(f"{'per payment, µs':<34} {'mean':>8} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>9}")
        e_sq = engine_on(sq, w)
        us, wall, levels = time_engine(e_sq, stream)
        print(line("SQLite: parse + score + update", us,
                   f"{len(stream) / wall:,.0f} payments/s; levels 0-4: {levels}"))
        us_l, wall_l, levels_l = time_engine(engine_on(lm, w), stream)
        print(line("LMDB: parse + score + update", us_l,
                   f"{len(stream) / wall_l:,.0f} payments/s; levels 0-4: {levels_l}"
                   + ("" if levels_l == levels else " (DIFFERENT decisions)")))
        us_w, wall_w, levels_w = time_engine(engine_on(lmw, w), stream)
        lmw.close()
        print(line("LMDB writemap: parse + score + ...", us_w,
                   f"{len(stream) / wall_w:,.0f} payments/s; levels 0-4: {levels_w}"
                   + ("" if levels_w == levels else " (DIFFERENT decisions)")))
        for label, path, store_cls in (("SQLite", "g", EmbeddedStore), ("LMDB", "lg", LmdbStore)):
            # a fresh copy of the warmed store, so that the stream scores the same payments
            if store_cls is EmbeddedStore:
                shutil.copytree(os.path.join(tmp, "c"), os.path.join(tmp, path))
                gst: Any = EmbeddedStore(os.path.join(tmp, path))
            else:
                gst = LmdbStore(os.path.join(tmp, path))
                fill_store(gst, w, ids, split_ts)
            us_g, wall_g, levels_g = time_engine_grouped(engine_on(gst, w), stream, a.group)
            gst.close()
            print(line(f"{label}, {a.group} per commit", us_g,
                       f"{len(stream) / wall_g:,.0f} payments/s; levels 0-4: {levels_g}"
                       + ("" if levels_g == levels else " (DIFFERENT decisions)")))
        e_mem = engine_on(mem, w)
        us_m, wall_m, levels_m = time_engine(e_mem, stream)
        print(line("Memory: parse + score + update", us_m,
                   f"{len(stream) / wall_m:,.0f} payments/s; levels 0-4: {levels_m}"))
        if HAVE_C_EXTRACT:
            # the baseline of the same run: the Python definitions of extract and learn
            mem_py = MemoryStore()
            fill_store(mem_py, w, ids, split_ts)
            with python_features():
                us_p, wall_p, levels_p = time_engine(engine_on(mem_py, w), stream)
            print(line("Memory, Python features (baseline)", us_p,
                       f"{len(stream) / wall_p:,.0f} payments/s; levels 0-4: {levels_p}"
                       + ("" if levels_p == levels_m else " (DIFFERENT decisions)")))

        sb = EmbeddedStore(os.path.join(tmp, "b"))
        e_b = engine_on(sb, w)
        acc: dict[str, list[float]] = {k: [] for k in (*STAGES, "transact: python in fn", "transact: store I/O", "total")}
        for b in stream:
            split_one(e_b, b, acc)
        acc_l: dict[str, list[float]] = {k: [] for k in acc}
        e_l2 = engine_on(lm2, w)
        for b in stream:
            split_one(e_l2, b, acc_l)
        lm2.close()
        for name, a_ in (("SQLite", acc), ("LMDB", acc_l)):
            print(f"\ncomponent split ({name} copy, same stream):")
            tot_mean = statistics.fmean(a_["total"])
            for k in (*STAGES, "transact: python in fn", "transact: store I/O", "total"):
                share = statistics.fmean(a_[k]) / tot_mean
                print(line(("  " if ":" in k else "") + k, a_[k], f"{share:6.1%} of the mean"))

        sc = EmbeddedStore(os.path.join(tmp, "c"))
        reuse, reread = read_reuse_ab(engine_on(sc, w), stream)
        sc.close()
        print("\nSQLite store read + transaction, the engine's read reused or re-read inside the lock "
              "(payments alternate, third copy, same stream):")
        print(line("  read reused", reuse))
        print(line("  re-read inside the lock", reread))

        sizes = sorted(len(v) for v in (e_sq.store.read([profile_key(c) for c, _ in ids[i:i + 500]]).values()
                                        for i in range(0, len(ids), 500)) for v in v if v is not None)
        print(f"\nprofile size, bytes, over {len(sizes)} stored profiles ({len(w.profiles)} learned, copied): "
              f"p50 {percentile(sizes, 50)}, p90 {percentile(sizes, 90)}, p99 {percentile(sizes, 99)}, "
              f"max {sizes[-1]} (target <= 2048); history {w.payments / max(len(w.profiles), 1):.1f} payments "
              "per customer")
        db = os.path.join(tmp, "a", "riskgate.sqlite3")
        print(store_file_report(db, len(ids)))
        sb.close()

        med = percentile(sizes, 50)
        print(f"\nbaselines, same run (table of {len(ids)} rows of {med} bytes):")
        for sync, wr in (("NORMAL", True), ("FULL", True), ("NORMAL", False)):
            tag = sync + ("" if wr else ", rowid")
            r, rw, per_row = sqlite_baseline(os.path.join(tmp, f"raw-{sync}-{wr}.sqlite3"), len(ids), med,
                                             min(len(stream), 3000), sync, wr)
            print(line(f"raw SQLite read ({tag})", r, f"{per_row:,.0f} file bytes per row"))
            print(line(f"raw SQLite read+write txn ({tag})", rw))
        print(f"{'machine reference sum(range(1000))':<34} {ref:8.1f} µs (about 8-10 µs on a recent idle x86 core)")
        sq.close()
        lm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("# load avg %.2f %.2f %.2f at end" % os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
