"""The speed benchmarks run end to end in their quick settings and print their tables.

No timing asserts (speed is shown by the benchmarks' printed figures, on the
machine that runs them); these tests fail when a benchmark crashes, skips a
part of its table, or the service answers errors under load.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.load_bodies import body, seconds_per_request
from benchmarks.load_client import percentile
from benchmarks.load_soak import RssSample, second_half, slope_kb_per_min
from service.parse import parse_score

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, timeout: float) -> str:
    proc = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def test_load_bodies_are_valid_distinct_and_move_forward_in_event_time() -> None:
    step = seconds_per_request(1000)
    parsed = [parse_score(body(i, 1000, step)) for i in range(0, 3000, 7)]
    assert len({p.transaction_id for p in parsed}) == len(parsed)
    assert len({p.customer_id for p in parsed}) > 200
    assert all(a.ts <= b.ts for a, b in zip(parsed, parsed[1:]))
    assert body(42, 1000, step) == body(42, 1000, step)


def test_percentile_and_slope_helpers() -> None:
    xs = sorted(float(i) for i in range(1, 101))
    assert percentile(xs, 50) == 50.0 and percentile(xs, 99) == 99.0 and percentile(xs, 100) == 100.0
    assert percentile([], 50) == 0.0
    flat = [RssSample(float(t), 1000) for t in range(0, 600, 10)]
    assert slope_kb_per_min(flat) == 0.0
    rising = [RssSample(float(t), 1000 + t) for t in range(0, 600, 10)]  # 1 KB per second
    assert slope_kb_per_min(rising) == pytest.approx(60.0)
    assert all(s.t >= 295 for s in second_half(rising))


def test_profile_bench_prints_sizes_costs_and_its_python_baseline() -> None:
    from features.extract import HAVE_C_EXTRACT

    out = _run("benchmarks.profile_bench", "--customers", "3", "--days", "20", timeout=180)
    labels = ["profile size bytes", "features hot path", "extract + learn", "observe_entity", "machine reference",
              "load average"]
    if HAVE_C_EXTRACT:
        labels += ["baseline: extract_py", "baseline: learn_py", "baseline: extract_py + learn_py"]
    for label in labels:
        assert label in out, label
    assert re.search(r"^extract \+ learn\s+median=\s*[\d.]+ us", out, re.M)


def test_micro_quick_prints_its_table() -> None:
    out = _run("benchmarks.micro", "--quick", timeout=180)
    for label in ("SQLite: parse + score + update", "LMDB: parse + score + update", "Memory: parse + score + update",
                  "component split (SQLite copy", "component split (LMDB copy",
                  "transact: store I/O", "profile size, bytes", "raw SQLite read+write txn (NORMAL)",
                  "machine reference", "load avg", "read reused", "re-read inside the lock", "tree evaluator",
                  "features:"):
        assert label in out, label
    from features.extract import HAVE_C_EXTRACT

    assert "DIFFERENT decisions" not in out   # every store and feature path decides alike
    if HAVE_C_EXTRACT:   # the compiled path's baseline, same run
        assert "Memory, Python features (baseline)" in out
    for stage in ("parse", "derive", "read", "extract", "model", "policy", "transact", "post", "total"):
        assert re.search(rf"^{stage}\s+\d", out, re.M), stage
    m = re.search(r"levels 0-4: \[(\d+), (\d+), (\d+), (\d+), (\d+)\]", out)
    assert m and sum(map(int, m.groups())) > 0


def test_store_tail_alternates_the_stores_and_counts_syncs() -> None:
    out = _run("benchmarks.store_tail", "--seconds", "1.5", "--customers", "400", "--rate", "200", "--rounds", "1",
               "--settings", "sqlite-passive,sqlite,lmdb:0.5", timeout=120)
    rows = {m.group(1): m.groups()[1:] for m in re.finditer(
        r"^(SQLite, PASSIVE only \(default\)|SQLite, PASSIVE \+ db sync each round|LMDB, map synced every 0.5 s)"
        r"\s+(\d+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(\d+)", out, re.M)}
    assert set(rows) == {"SQLite, PASSIVE only (default)", "SQLite, PASSIVE + db sync each round",
                         "LMDB, map synced every 0.5 s"}, out
    assert int(rows["SQLite, PASSIVE only (default)"][0]) >= 250          # ~300 calls at 200/s for 1.5 s
    assert int(rows["SQLite, PASSIVE only (default)"][1]) == 0            # the baseline never syncs the file
    assert int(rows["SQLite, PASSIVE + db sync each round"][1]) > 0
    assert int(rows["LMDB, map synced every 0.5 s"][0]) >= 250
    assert int(rows["LMDB, map synced every 0.5 s"][1]) >= 3              # the first, then every 0.5 s


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_load_quick_prints_its_table() -> None:
    out = _run("benchmarks.load", "--quick", timeout=300)
    rows = [ln for ln in out.splitlines() if ln[29:39].strip() in ("wrk sat.", "fixed")]
    phases = {ln[:28].strip() for ln in rows}
    assert {"riskgate 1 worker", "bare FastAPI+pydantic", "riskgate 2 workers"} <= phases, out
    for ln in rows:
        target, got, *_, errors = ln[39:].split()[:8]
        assert float(got) > 0, ln       # requests per second achieved
        # every request answered 2xx; an overloaded machine may leave some of a
        # fixed-rate run unanswered by its deadline, which the row must then say
        assert errors == "0" or ("fixed" in ln and "unanswered" in ln), ln
    assert "non-2xx" not in out
    assert "riskgate / bare =" in out and "CPU seconds during saturation" in out


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
@pytest.mark.parametrize("store", ["sqlite", "lmdb", "redis"])
def test_short_soak_on_either_store_reports_memory(store: str) -> None:
    """The soak prints RSS per sample and its anonymous part; on the SQLite
    store also SQLite's own share (from riskgate_store_memory_bytes), and
    `--redis` / `--store lmdb` really run the service on that store."""
    if store == "redis":
        from tests.redis_server import require_binary

        require_binary("redis-server")
    out = _run("benchmarks.load", "--soak", "6", "--rate", "50", "--sample", "2",
               *(["--redis"] if store == "redis" else ["--store", "lmdb"] if store == "lmdb" else []),
               timeout=180)
    assert ("store: redis-server" in out) == (store == "redis"), out
    assert ("store: embedded LMDB" in out) == (store == "lmdb") and ("LMDB files" in out) == (store == "lmdb"), out
    row = next(ln for ln in out.splitlines() if ln.startswith("riskgate soak"))
    assert float(row[39:].split()[1]) > 0 and row[39:].split()[7] == "0", row   # answered, no errors
    samples = [ln for ln in out.splitlines() if ln.strip().startswith("t=")]
    assert len(samples) >= 3, out
    assert all(("of which SQLite" in ln) == (store == "sqlite") for ln in samples), out
    assert all(float(ln.split("anonymous")[1].split()[0]) > 0 for ln in samples), out
    assert "KB/min over the second half" in out and "anonymous memory (heap) start" in out


def test_refit_cost_prints_both_figures(capsys) -> None:
    from benchmarks.refit_cost import main

    assert main(["1"]) == 0
    out = capsys.readouterr().out
    assert "without local refits: observe_scored + observe_completed median" in out
    assert "with local refits   : observe_scored + observe_completed median" in out


def test_population_refresh_prints_both_refreshes_and_the_lookups() -> None:
    out = _run("benchmarks.population_refresh", "--payments", "3000", "--reports", "5", timeout=120)
    assert out.count("table of every value (before)") == 2 and out.count("copies and normalisers (now)") == 2
    assert out.count("lookup, ") == 4 and "values held per field" in out


def test_store_bench_times_every_embedded_store() -> None:
    out = _run("benchmarks.store_bench", "--no-redis", "--seconds", "0.3", "--customers", "200", timeout=120)
    for name in ("memory", "embedded NORMAL", "embedded FULL", "lmdb NORMAL", "lmdb FULL"):
        row = re.search(rf"^{name}\s+(\d+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s*$", out, re.M)
        assert row and int(row.group(1)) > 0, (name, out)


def test_micro_grouped_commit_runs_the_work_held_for_after_the_commit(tmp_path: Path) -> None:
    """A review: the grouped rows left out the engine's after-commit work (population
    counts, TRA, online learner; 30-40 µs a payment) and so its state drifted from the
    ungrouped run's. The same stream now decides the same, and the population learned it."""
    from benchmarks import micro
    from benchmarks.generate import generate_rows
    from service.parse import parse_score
    from service.runtime import build_engine
    from service.store.sqlite import EmbeddedStore

    bodies = micro.bodies_of(list(generate_rows(40, 6, 7)))
    stamps = [parse_score(b).ts for b in bodies]
    split = stamps[-1] - 86400.0
    warm = micro.warm_history([b for b, t in zip(bodies, stamps) if t < split], build_engine(micro.MemoryStore()))
    ids = micro.customer_ids(sorted(warm.profiles), 200)
    stream = [b for b, t in zip(bodies, stamps) if t >= split][:120]
    runs = []
    for k, grouped in enumerate((False, True)):
        store = EmbeddedStore(str(tmp_path / str(k)), checkpoint_interval_s=None)
        micro.fill_store(store, warm, ids, split)
        engine = micro.engine_on(store, warm)
        _, _, levels = micro.time_engine_grouped(engine, stream, 8) if grouped else micro.time_engine(engine, stream)
        runs.append((levels, engine.freq.snapshot()))
        store.close()
    assert runs[0][0] == runs[1][0]
    assert runs[0][1] == runs[1][1]


def test_micro_spreads_the_stream_over_the_whole_store() -> None:
    """A review: the timed stream read ~1,300 of 100,000 stored profiles (all cached);
    each payment now goes to a random copy of its own customer's profile."""
    import msgspec

    from benchmarks.micro import customer_ids, spread_over_copies

    ids = customer_ids(["a", "b"], 2000)
    stream = [msgspec.json.encode({"transaction_id": f"t{i}", "customer_id": "ab"[i % 2], "x": i})
              for i in range(400)] + [msgspec.json.encode({"transaction_id": "new", "customer_id": "zz"})]
    out = [msgspec.json.decode(b) for b in spread_over_copies(stream, ids, seed=3)]
    template = dict(ids)
    assert all(template[o["customer_id"]] == "ab"[i % 2] for i, o in enumerate(out[:-1]))
    assert len({o["customer_id"] for o in out}) > 300 and out[-1]["customer_id"] == "zz"
    assert [o["x"] for o in out[:-1]] == list(range(400))
    assert spread_over_copies(stream, ids, seed=3) == spread_over_copies(stream, ids, seed=3)
