"""The replay end to end on the real engine (in-process), on a tiny hand-made file."""
from __future__ import annotations

import csv
import gzip
import json

import pytest

pytest.importorskip("service.runtime")

from benchmarks.replay import main  # noqa: E402
from tests.test_replay_metrics import HEADER, ROWS  # noqa: E402

KEYS = ("fraud_amount_stopped", "fraud_tx_stopped", "genuine_stepup_rate", "genuine_decline_rate", "friction_index",
        "auc", "average_precision", "brier", "throughput_tps", "latency_ms", "rows_rejected")


def test_cli_writes_the_report_other_programs_read(tmp_path) -> None:
    path = tmp_path / "tiny.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    out = tmp_path / "out"
    assert main([str(path), "--out", str(out), "--warmup-days", "1", "--no-plots", "--quiet"]) == 0
    rep = json.loads((out / "report.json").read_text())
    for k in KEYS:
        assert k in rep["service"], k
        for name, b in rep["baselines"].items():
            assert k in b, (name, k)
    assert {"p50", "p99"} <= set(rep["service"]["latency_ms"])
    assert rep["service"]["rows_rejected"] == 1  # the 0.00 payment, refused by the API's own validation
    assert rep["service"]["rejected_codes"] == {"422 invalid_input": 1}
    assert rep["service"]["rows_scored"] == 9
    assert rep["service"]["feedback_errors"] == 0  # every auth_result / fraud_report found its decision
    cc = rep["meta"]["challenge_calibration"]      # the shipped policy's calibration, its state at the end
    assert cc["max_shift"] == 0.0 and len(cc["shifts"]) == 12   # nine payments are no evidence
    assert "challenge calibration at the end" in (out / "report.txt").read_text()
    assert rep["scenarios"]["scam"]["count"] == 2
    assert set(rep["baselines"]) == {"no_friction", "static_amount", "new_device_payee_or_large", "otp_all"}
    assert "handbook" not in rep
    assert rep["meta"]["local_refits"] == []      # nine payments: nothing to refit on
    with gzip.open(out / "decisions.csv.gz", "rt") as fh:
        dec = list(csv.DictReader(fh))
    assert len(dec) == rep["service"]["rows_scored"] == 9     # every scored row, warm-up included
    assert sum(d["is_fraud"] == "1" for d in dec) >= rep["service"]["fraud"] > 0
    assert [d["timestamp"] for d in dec] == sorted(d["timestamp"] for d in dec) and all(d["customer_id"] for d in dec)
    assert all(0.0 <= float(d["risk_score"]) <= 1.0 and d["level"] in "01234" for d in dec)
    assert set(rep["scenarios"]) <= {d["scenario"] for d in dec if d["is_fraud"] == "1"}
    # every reason and the limit as answered (a reasons audit could not check them from the lead alone)
    assert list(dec[0])[-4:] == ["reasons", "limit", "post_warmup", "transaction_id"]   # id last (a review)
    # the rows the report counts, as expected_stopped reads them
    assert sum(d["post_warmup"] == "1" for d in dec) == rep["meta"]["rows_post_warmup"]
    assert all(d["reasons"].split(" ")[0] == d["lead_reason"] for d in dec if d["reasons"])
    assert all(not d["lead_reason"] for d in dec if not d["reasons"])
    assert all(float(d["limit"]) >= 0.0 for d in dec) and any(float(d["limit"]) > 0.0 for d in dec)
    off = tmp_path / "off"
    assert main([str(path), "--out", str(off), "--warmup-days", "1", "--no-plots", "--quiet", "--no-local-refit"]) == 0
    assert json.loads((off / "report.json").read_text())["service"]["rows_scored"] == 9


def test_backfill_days_learn_the_start_as_history_and_replay_the_rest(tmp_path) -> None:
    path = tmp_path / "tiny.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    out = tmp_path / "out"
    assert main([str(path), "--out", str(out), "--backfill-days", "1", "--warmup-days", "0", "--no-plots",
                 "--quiet"]) == 0
    rep = json.loads((out / "report.json").read_text())
    # the fraud of the first day is reported on the third: not known when the replay starts
    assert rep["meta"]["backfill"] == {"days": 1.0, "rows": 2, "learned": 2, "frauds": 0, "refused": 0}
    assert rep["service"]["rows_scored"] == 7 and rep["service"]["rows_rejected"] == 1   # only the rest
    with pytest.raises(SystemExit):
        main([str(path), "--out", str(out), "--backfill-days", "1", "--url", "http://127.0.0.1:1", "--key", "k"])


def test_a_replay_refits_in_line_when_a_report_makes_it_due(tmp_path, monkeypatch) -> None:
    """The service refits in its maintenance round; a replay at the event time
    of the report that makes a refit due, so analysts measure the same model."""
    from benchmarks.replay import inprocess
    from models.scorer import RiskModel
    from service.runtime import build_engine
    from service.store.memory import MemoryStore

    model = RiskModel.load(None)
    calls: list[float] = []
    monkeypatch.setattr(model, "refit_due", lambda now: not calls)
    monkeypatch.setattr(model, "refit", lambda now: calls.append(now))
    engine = build_engine(MemoryStore(), model=model)
    score, feedback = inprocess(engine)
    path = tmp_path / "tiny.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    from benchmarks.replay_gateway import run
    from service.replay_rows import read_rows

    run(read_rows(str(path), None, None), score, feedback)
    assert len(calls) == 1                        # at the first fraud report, once
    # the engine hands the model the payment's own time with each report
    assert model.local.pos and all(e.d > 0 for e in model.local.pos)


def test_weeks_add_up_to_the_whole_run(tmp_path) -> None:
    """The week-by-week table splits the post-warm-up rows without losing or
    double-counting any: its rows and stopped fraud amounts add up to the totals."""
    path = tmp_path / "tiny.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    out = tmp_path / "out"
    assert main([str(path), "--out", str(out), "--warmup-days", "0", "--quiet"]) == 0
    rep = json.loads((out / "report.json").read_text())
    weeks = rep["by_week"]
    assert weeks and all(w["end"] - w["start"] == 7 * 86400.0 for w in weeks)
    assert sum(w["rows"] for w in weeks) == rep["meta"]["rows_post_warmup"]
    assert sum(w["fraud"] for w in weeks) == rep["service"]["fraud"]
    assert sum(w["fraud_amount_stopped_value"] for w in weeks) == pytest.approx(
        rep["service"]["fraud_amount_stopped_value"])
    assert (out / "weekly.png").stat().st_size > 1000
    assert "By week" in (out / "report.txt").read_text()


def test_refit_settings_are_parsed_by_their_field_types_and_typos_refused(tmp_path, capsys) -> None:
    from benchmarks.replay import main, refit_config

    cfg = refit_config(["min_pos=120", "window_days=35", "holdout=0.25"], enabled=True)
    assert (cfg.min_pos, cfg.window_days, cfg.holdout, cfg.enabled) == (120, 35.0, 0.25, True)
    assert isinstance(cfg.min_pos, int)
    assert refit_config([], enabled=False).enabled is False
    for bad in (["min_pso=120"], ["min_pos"], ["min_pos=1.5"], ["enabled=1"]):
        with pytest.raises(ValueError, match="--refit"):
            refit_config(bad, enabled=True)
    path = tmp_path / "tiny.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    with pytest.raises(SystemExit):
        main([str(path), "--out", str(tmp_path / "o"), "--refit", "min_pso=1", "--quiet", "--no-plots"])
    assert "KEY one of" in capsys.readouterr().err
    assert main([str(path), "--out", str(tmp_path / "ok"), "--warmup-days", "1", "--no-plots", "--quiet",
                 "--refit", "min_pos=5"]) == 0


def test_a_run_shorter_than_the_warm_up_still_counts_something(tmp_path, capsys) -> None:
    """A ten-day export under the default 14-day warm-up would report nothing:
    the default shrinks to a quarter of a run shorter than 28 days, and a
    warm-up given that covers the whole run is refused before any work."""
    from benchmarks.replay import default_warmup

    assert default_warmup(60.0) == 14.0 and default_warmup(28.0) == 14.0
    assert default_warmup(10.0) == 2.0 and default_warmup(3.0) == 0.0 and default_warmup(None) == 14.0
    path = tmp_path / "ten-days.csv.gz"
    rows = [f"t{d},c{d % 3},2024-01-{d + 1:02d}T10:00:00Z,{20 + d}.00,EUR,,,,,,,,,m1,0,," for d in range(10)]
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(rows) + "\n")
    out = tmp_path / "out"
    assert main([str(path), "--out", str(out), "--no-plots", "--quiet"]) == 0
    rep = json.loads((out / "report.json").read_text())
    assert rep["meta"]["warmup_days"] == 2.0 and rep["meta"]["rows_post_warmup"] == 8
    assert "warm-up 2 days instead of 14" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([str(path), "--out", str(tmp_path / "o2"), "--warmup-days", "14", "--no-plots", "--quiet"])
    assert "covers the whole run" in capsys.readouterr().err


def test_fraud_rows_without_a_report_time_are_reported_only_when_asked(tmp_path, capsys) -> None:
    """An export with labels but no report dates (the raw IEEE-CIS file): by default
    the scorer hears of none of its frauds, and the replay says so; with
    --report-delay-days the case team reports each one that long after it."""
    path = tmp_path / "no-report-times.csv.gz"
    rows = [f"g{d},c1,2024-01-{d + 1:02d}T10:00:00Z,20.00,EUR,,,,,,,,,m1,0,," for d in range(6)]
    rows += [f"f{d},c2,2024-01-{d + 1:02d}T11:00:00Z,900.00,EUR,,,,,,,,,m9,1,,ato" for d in range(6)]
    rows.sort(key=lambda r: r.split(",")[2])
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(rows) + "\n")
    quiet = ["--warmup-days", "0", "--no-plots", "--quiet"]
    assert main([str(path), "--out", str(tmp_path / "a"), *quiet]) == 0
    silent = json.loads((tmp_path / "a" / "report.json").read_text())
    assert silent["meta"]["fraud_rows_without_report_time"] == 6
    assert "6 of 6 fraud rows have no fraud_reported_at" in capsys.readouterr().err
    assert main([str(path), "--out", str(tmp_path / "b"), "--report-delay-days", "1", *quiet]) == 0
    told = json.loads((tmp_path / "b" / "report.json").read_text())
    assert told["service"]["feedback_sent"] >= silent["service"]["feedback_sent"] + 5   # the reports due in the run
    assert told["meta"]["report_delay_days"] == 1.0
