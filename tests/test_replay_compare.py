"""Replays side by side: the figures of each run and, for two, the change."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replay_compare import compare, load_report, main

DAY = 86400.0


def report(stopped: float, stepup: float, weeks: list[tuple[float, float, float]], **meta: Any) -> dict[str, Any]:
    return {
        "meta": {"file": "h.csv.gz", "from": None, "until": None, "warmup_days": 14.0, "seed": 0,
                 "policy": "p-1", "mode": "in-process", "rows_post_warmup": 1000, **meta},
        "service": {"fraud_amount_stopped": stopped, "fraud_tx_stopped": 0.5, "genuine_stepup_rate": stepup,
                    "genuine_decline_rate": 0.0005, "genuine_abandon_rate": None, "friction_index": 10.0,
                    "auc": 0.9, "average_precision": 0.5, "brier": 0.001, "latency_ms": {"p50": 0.2, "p99": 0.5}},
        "targets": {"stopped_vs_static_amount": 2.0},
        "scenarios": {"scam": {"count": 4, "fraud_amount_stopped": stopped}},
        "lead_reasons": {"NEW_PAYEE": {"genuine_stepup_rate": stepup / 2}},
        "by_week": [{"start": s, "fraud_amount_stopped": f, "genuine_stepup_rate": g} for s, f, g in weeks],
    }


def test_two_runs_get_their_figures_and_the_change() -> None:
    a = report(0.90, 0.0265, [(0.0, 0.8, 0.02), (7 * DAY, 0.9, 0.077)])
    b = report(0.91, 0.0187, [(7 * DAY, 0.9, 0.0377), (14 * DAY, 0.95, 0.015)])
    text = compare([a, b], ["before", "after"])
    assert "NOT COMPARABLE" not in text
    line = next(x for x in text.splitlines() if x.startswith("genuine stepped up "))
    assert line.split()[-4:] == ["2.65%", "1.87%", "-0.78", "pt"]
    assert next(x for x in text.splitlines() if x.startswith("fraud amount stopped ")).endswith("+1.00 pt")
    assert any(x.startswith("scam (n=4)") for x in text.splitlines())
    # weeks are matched by their start; a week one run lacks shows "-", and no change
    weeks = [x for x in text.splitlines() if x.startswith("1970-01-")]
    assert weeks[0].split()[1:] == ["80.00%", "-", "-"]
    assert weeks[1].split()[1:] == ["90.00%", "90.00%", "+0.00", "pt"]


def test_runs_over_other_data_are_flagged_not_compared_silently() -> None:
    a = report(0.9, 0.02, [])
    b = report(0.9, 0.02, [], file="other.csv.gz", warmup_days=21.0)
    assert "NOT COMPARABLE: the runs differ in file, warmup_days" in compare([a, b], ["a", "b"])
    # another backfill, report delay or challenge delay counts other rows or reports (a review)
    c = report(0.9, 0.02, [], backfill={"days": 7.0, "rows": 100})
    assert "NOT COMPARABLE: the runs differ in backfill" in compare([a, c], ["a", "c"])
    same = report(0.9, 0.02, [], backfill={"days": 7.0, "rows": 101})
    assert "NOT COMPARABLE" not in compare([c, same], ["c", "same"])
    d = report(0.9, 0.02, [], report_delay_days=25.0)
    assert "NOT COMPARABLE: the runs differ in report_delay_days" in compare([a, d], ["a", "d"])
    # three runs: no change column
    text = compare([a, a, a], ["x", "y", "z"])
    assert "change" not in text


def test_command_line_on_two_real_replays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.replay import main as replay
    from tests.test_replay_metrics import HEADER, ROWS

    data = tmp_path / "tiny.csv.gz"
    with gzip.open(data, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    strict = tmp_path / "strict.toml"
    default = Path(__file__).resolve().parents[1] / "models" / "default_policy.toml"
    strict.write_text(default.read_text().replace("min_history = 3", "min_history = 100", 1))
    for name, extra in (("base", []), ("strict", ["--policy", str(strict)])):
        assert replay([str(data), "--out", str(tmp_path / name), "--warmup-days", "0", "--no-plots", "--quiet",
                       *extra]) == 0
    capsys.readouterr()
    png = tmp_path / "weeks.png"
    assert main([str(tmp_path / "base"), str(tmp_path / "strict" / "report.json"), "--plot", str(png)]) == 0
    assert png.stat().st_size > 1000
    out = capsys.readouterr().out
    assert "base" in out and "strict" in out and "NOT COMPARABLE" not in out
    rep = load_report(str(tmp_path / "strict"))
    assert rep["meta"]["policy"] != load_report(str(tmp_path / "base"))["meta"]["policy"]
    with pytest.raises(SystemExit):
        main([str(tmp_path / "base"), str(tmp_path / "strict"), "--names", "only-one"])
    (tmp_path / "junk.json").write_text(json.dumps({"not": "a report"}))
    with pytest.raises(SystemExit, match="not a replay report"):
        load_report(str(tmp_path / "junk.json"))


def test_the_header_names_the_versions_that_answered_not_a_guess() -> None:
    a = report(0.9, 0.02, [], mode="http http://svc", model=None,
               model_versions={"gbdt-abc": 90, "gbdt-abc+cc": 10}, policy_versions={"default-123": 100})
    b = report(0.9, 0.02, [], mode="http http://svc", model=None)       # a report from before versions
    lines = compare([a, b], ["a", "b"]).splitlines()
    assert lines[0].startswith("a: model gbdt-abc, gbdt-abc+cc, policy default-123, http")
    assert lines[1].startswith("b: model not recorded, policy p-1")


def test_a_reader_that_goes_away_ends_the_comparison_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    for n in ("a", "b"):
        (tmp_path / f"{n}.json").write_text(json.dumps(report(0.9, 0.02, [(float(w) * 7 * DAY, 0.8, 0.02)
                                                                            for w in range(400)])))
    cmd = f"{sys.executable} -m benchmarks.replay_compare {tmp_path / 'a.json'} {tmp_path / 'b.json'} | head -3"
    done = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120)
    assert len(done.stdout.splitlines()) == 3
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
