"""Fraud amount stopped *in expectation*, from a replay's decisions.csv.gz:
each fraud payment's level and its scenario's attacker pass probabilities
(`replay_gateway.attacker_pass_for`) instead of the replay's random draws.

Why beside the replay's own figure: two runs whose levels differ on a handful
of fraud payments draw their challenges differently, and the drawn figure moves
by a point or two on the few hundred frauds of a world; the expectation moves
only by what the levels changed. Computed over the rows the report's own
figures count (after `--warmup-days`: the `post_warmup` column, or for a run
written before it, the cut `report.json` states), per scenario and overall;
`--all-rows` takes the warm-up's too (what this printed before 2026-11-28: a
review found it ~3 points below the drawn figure it is set beside, warm-up
fraud meeting a colder scorer).

    python -m benchmarks.expected_stopped [--all-rows] RUN_DIR [RUN_DIR ...]
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import sys
from collections import Counter
from datetime import datetime

from benchmarks.replay_gateway import attacker_pass_for


def _warmup_cut(run_dir: str) -> float | None:
    """The first post-warm-up time of a run written before decisions.csv.gz said it."""
    try:
        with open(os.path.join(run_dir, "report.json")) as f:
            meta = json.load(f)["meta"]
        return float(meta["first_ts"]) + float(meta["warmup_days"]) * 86400.0
    except (OSError, KeyError, TypeError, ValueError):
        return None


def expected_stopped(path: str, all_rows: bool = False) -> dict[str, float]:
    """{scenario or "ALL": expected share of the fraud amount stopped}, over the
    post-warm-up rows unless `all_rows`."""
    total: Counter[str] = Counter()
    stopped: Counter[str] = Counter()
    cut = None if all_rows else _warmup_cut(os.path.dirname(path))
    with gzip.open(path, "rt", newline="") as f:
        for r in csv.DictReader(f):
            if r["is_fraud"] != "1":
                continue
            if not all_rows:
                post = r.get("post_warmup") or ""
                if post:
                    if post != "1":
                        continue
                elif cut is not None and _epoch(r["timestamp"]) < cut:
                    continue
            amount = float(r["amount_policy_currency"])
            level = int(r["level"])
            passes = 0.0 if level >= 4 else attacker_pass_for(r["scenario"] or None)[level]
            for k in (r["scenario"] or "unknown", "ALL"):     # the report's name for none
                total[k] += amount
                stopped[k] += amount * (1.0 - passes)
    return {k: stopped[k] / total[k] for k in total if total[k] > 0}


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main(argv: list[str] | None = None) -> None:
    args = list(argv if argv is not None else sys.argv[1:])
    all_rows = "--all-rows" in args
    dirs = [a for a in args if a != "--all-rows"]
    if not dirs or dirs[0] in ("-h", "--help"):
        print(__doc__)
        return
    runs = [expected_stopped(os.path.join(d, "decisions.csv.gz"), all_rows) for d in dirs]
    keys = sorted({k for r in runs for k in r}, key=lambda k: (k != "ALL", k))
    for k in keys:
        print(f"{k:32s}" + "".join(f" {r[k] * 100:7.1f} %" if k in r else "       -  " for r in runs))


if __name__ == "__main__":
    main()
