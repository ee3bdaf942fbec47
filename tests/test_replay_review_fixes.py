"""Regression tests for a review of the replay tools (2026-11-28): files whose genuine
rows are unlabelled, runs that scored different rows, latency labelled by the rows it
covers, the static rule's threshold and a joinable decisions.csv.gz."""
from __future__ import annotations

import copy
import csv
import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.replay_baselines import amount_threshold, run_baselines
from benchmarks.replay_compare import compare
from benchmarks.replay_report import check_targets, format_table
from tests.test_replay_metrics import HEADER, ROWS

DAY = 86400.0


def fraud_only_labels(tmp_path: Path) -> Path:
    """The tiny file with every genuine label emptied: an export that marks frauds
    1 and leaves the rest empty (the format allows it)."""
    rows = []
    for line in ROWS:
        cells = line.split(",")
        if cells[14] == "0":
            cells[14] = ""
        rows.append(",".join(cells))
    path = tmp_path / "fraud_only.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(rows) + "\n")
    return path


# ----------------------------------------------------------------- F1: plots never lose the report

def test_frontier_plot_skips_points_without_a_genuine_rate(tmp_path: Path) -> None:
    from benchmarks.replay_plots import plot_frontier

    pts = [{"friction_scale": s, "genuine_friction_rate": None, "genuine_decline_rate": None,
            "fraud_amount_stopped": 0.5} for s in (0.5, 1.0)]
    service = {"fraud_amount_stopped": 0.9, "genuine_level_share": [None] * 5}
    plot_frontier(str(tmp_path / "f.png"), pts, service, {})
    assert (tmp_path / "f.png").stat().st_size > 1000


def test_a_replay_with_only_frauds_labelled_writes_its_report_and_plots(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.replay import main

    out = tmp_path / "out"
    assert main([str(fraud_only_labels(tmp_path)), "--out", str(out), "--warmup-days", "1", "--quiet"]) == 0
    rep = json.loads((out / "report.json").read_text())
    assert rep["service"]["genuine"] == 0 and rep["service"]["fraud"] > 0
    assert all(p["genuine_friction_rate"] is None for p in rep["frontier"])
    assert (out / "frontier.png").stat().st_size > 1000
    # F1b: nothing to match the static rule's rate on: the target is not measurable
    assert rep["baselines"]["static_amount"]["matched_rate"] is None
    assert rep["targets"]["checks"]["vs_static_amount>=2x"] is None
    assert "vs_static_amount>=2x n/a" in capsys.readouterr().out


def test_a_failing_plot_warns_and_keeps_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import benchmarks.replay_plots as plots
    from benchmarks.replay import main

    def broken(*_a: Any, **_k: Any) -> list[str]:
        raise TypeError("unsupported operand")

    monkeypatch.setattr(plots, "write_plots", broken)
    data = tmp_path / "tiny.csv.gz"
    with gzip.open(data, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    out = tmp_path / "out"
    assert main([str(data), "--out", str(out), "--warmup-days", "1", "--quiet"]) == 0
    assert json.loads((out / "report.json").read_text())["frontier"]
    assert (out / "report.txt").exists() and (out / "decisions.csv.gz").exists()
    err = capsys.readouterr().err
    assert "plots" in err and "unsupported operand" in err


# ----------------------------------------------------------------- F1b: unmeasurable, not met

def _baselines(label: np.ndarray) -> dict[str, dict[str, Any]]:
    n = len(label)
    amount = np.linspace(10.0, 100.0, n)
    return run_baselines(np.zeros(n, np.int8), label, amount, np.full(n, 0.5), np.tile([1.0, .2, .1, .05], (n, 1)),
                         np.arange(n), np.full(n, -1), np.full(n, -1), np.ones(n, bool))


def test_no_labelled_genuine_row_leaves_the_static_rate_and_target_unmeasured() -> None:
    label = np.array([1, 1, -1, -1, -1, -1], np.int8)
    b = _baselines(label)
    assert b["static_amount"]["matched_rate"] is None
    service = {"fraud_amount_stopped": 0.5, "fraud_tx_stopped": 0.5, "genuine_stepup_rate": None,
               "genuine_decline_rate": None}
    t = check_targets({"service": service, "baselines": b})
    assert t["checks"]["vs_static_amount>=2x"] is None and t["all_met"] is not True


def test_constant_baselines_have_no_average_precision_without_both_classes() -> None:
    for label in (np.array([1, 1, -1, -1], np.int8), np.array([0, 0, 0, -1], np.int8)):
        b = _baselines(label)
        for name in ("no_friction", "otp_all"):
            assert b[name]["auc"] is None and b[name]["average_precision"] is None, name
    both = _baselines(np.array([1, 0, 0, 0], np.int8))
    assert both["otp_all"]["average_precision"] == pytest.approx(0.25)


def test_format_table_says_when_the_static_rule_is_unmatched() -> None:
    b = _baselines(np.array([1, 1, -1, -1], np.int8))
    lines = [x for x in _table_lines(b) if x.startswith("(static_amount")]
    assert lines and "no labelled genuine" in lines[0]


def _table_lines(baselines: dict[str, dict[str, Any]]) -> list[str]:
    m = dict(baselines["no_friction"])
    m.update({"throughput_tps": None, "score_only_tps": None, "latency_ms": {"p50": None, "p99": None},
              "rows_rejected": 0, "rejected_codes": {}, "rows_scored": 4, "rows_degraded": 0})
    report = {"service": m, "baselines": baselines, "meta": {"rows_post_warmup": 4},
              "cold_start": {"definition": "x", **m}, "scenarios": {},
              "targets": check_targets({"service": m, "baselines": baselines})}
    return format_table(report).splitlines()


# ----------------------------------------------------------------- F2: runs that scored other rows

def _report(**service: Any) -> dict[str, Any]:
    s = {"fraud_amount_stopped": 0.9, "fraud_tx_stopped": 0.5, "genuine_stepup_rate": 0.02,
         "genuine_decline_rate": 0.0005, "friction_index": 10.0, "auc": 0.9, "average_precision": 0.5,
         "brier": 0.001, "latency_ms": {"p50": 0.2, "p99": 0.5}, "throughput_tps": 5000.0,
         "rows_scored": 1200, "rows_rejected": 0, "genuine": 980, "fraud": 20, "unlabelled": 0}
    s.update(service)
    return {"meta": {"file": "h.csv.gz", "file_sha256": "a" * 64, "file_size": 10, "from": None, "until": None,
                     "warmup_days": 14.0, "seed": 0, "policy": "p-1", "mode": "http x",
                     "rows_post_warmup": s["genuine"] + s["fraud"] + s["unlabelled"]},
            "service": s, "targets": {"stopped_vs_static_amount": 2.0}}


def test_runs_that_scored_other_rows_of_one_file_are_not_differenced() -> None:
    a = _report()
    b = _report(rows_scored=1150, rows_rejected=50, genuine=945, fraud=15, fraud_amount_stopped=0.8)
    text = compare([a, b], ["a", "b"])
    first = text.splitlines()[0]
    assert first.startswith("NOT COMPARABLE")
    for what in ("rows_scored", "rows_rejected", "rows_post_warmup", "genuine", "fraud"):
        assert what in first, what
    assert "change" not in text
    # the same rows: differenced as before; an older report without the counts is not flagged on them
    assert "NOT COMPARABLE" not in compare([a, copy.deepcopy(a)], ["a", "b"])
    old = copy.deepcopy(a)
    for k in ("rows_scored", "rows_rejected", "genuine", "fraud", "unlabelled"):
        del old["service"][k]
    assert "NOT COMPARABLE" not in compare([a, old], ["a", "old"])


# ----------------------------------------------------------------- F4: latency over all rows

def test_latency_is_labelled_as_over_all_rows() -> None:
    text = compare([_report(), _report()], ["a", "b"]).splitlines()
    head = next(i for i, x in enumerate(text) if x.startswith("post-warm-up"))
    end = text.index("", head)
    assert not any("latency" in x or "throughput" in x for x in text[head:end])
    lat = next(i for i, x in enumerate(text) if "latency p50" in x)
    title = max(i for i in range(lat) if text[i - 1] == "" and i > 0)
    assert "all scored rows (warm-up included)" in text[title]
    assert any("throughput" in x for x in text[lat - 3:lat + 4])


# ----------------------------------------------------------------- n1: floor, never above the rate

def test_static_threshold_never_gives_more_friction_than_the_service() -> None:
    a = np.arange(1, 101, dtype=float)
    g = np.ones(100, bool)
    for rate in (0.026, 0.024, 0.05, 0.03, 0.29, 7 / 100):
        t = amount_threshold(a, g, rate)
        assert (a > t).mean() <= rate + 1e-12, rate
        assert (a > t).mean() > rate - 0.01 - 1e-12, rate     # as close as the rows allow
    # a rate that is an exact share of the rows, computed the way run_baselines does
    n = 49
    for k in range(1, n):
        assert (np.arange(n, dtype=float) > amount_threshold(np.arange(n, dtype=float), np.ones(n, bool),
                                                               float(k / n))).sum() == k


# ----------------------------------------------------------------- n3: decisions joinable by id

def test_decisions_carry_the_transaction_id_last(tmp_path: Path) -> None:
    from benchmarks.replay_decisions import COLUMNS, write_decisions
    from benchmarks.replay_gateway import Trace

    tr = Trace()
    tr.customer_ids = {"c1": 0}
    for i in range(3):
        for name, v in (("ts", i * DAY), ("p", 0.01), ("level", 0), ("label", 0), ("amount", 10.0), ("u", .5),
                        ("scenario", 0), ("customer", 0), ("payee", -1), ("device", -1), ("prior_n", i),
                        ("latency_s", 1e-3), ("degraded", 0), ("completed", 1), ("lead", 0), ("reasons", 0),
                        ("limit", float("nan"))):
            getattr(tr, name).append(v)
    path = tmp_path / "decisions.csv.gz"
    write_decisions(str(path), tr, [False, True, True], transaction_ids=["t0", "t1", "t2"])
    with gzip.open(path, "rt") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[-4:] == ["reasons", "limit", "post_warmup", "transaction_id"] == list(COLUMNS[-4:])
    assert [r["transaction_id"] for r in rows] == ["t0", "t1", "t2"]
    with pytest.raises(ValueError):
        write_decisions(str(path), tr, None, transaction_ids=["t0"])


def test_expected_stopped_reads_decisions_with_the_id_column(tmp_path: Path) -> None:
    from benchmarks.expected_stopped import expected_stopped
    from benchmarks.replay_decisions import COLUMNS

    path = tmp_path / "decisions.csv.gz"
    with gzip.open(path, "wt", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS)
        w.writeheader()
        base = dict.fromkeys(COLUMNS, "")
        w.writerow({**base, "is_fraud": "1", "scenario": "", "amount_policy_currency": "100.00", "level": "4",
                    "post_warmup": "1", "transaction_id": "t1"})
        w.writerow({**base, "is_fraud": "1", "scenario": "", "amount_policy_currency": "50.00", "level": "4",
                    "post_warmup": "0", "transaction_id": "t0"})
    assert expected_stopped(str(path)) == {"unknown": 1.0, "ALL": 1.0}
