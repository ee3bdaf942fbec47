"""Where the bank's own model loses ROC AUC on the handbook, fraud by fraud.

Runs the balanced-bag command of docs/models.md ("Handbook comparison") on the
book's four chapter-5 folds (or the four validation folds before them), each with
`models.train --scores-out`, and splits each week's `1 - AUC` by fraud: a fraud's
share of it is the share of genuine payments scored above it (ties half), over the
week's frauds, so the parts add up to exactly `1 - AUC`. Frauds are grouped by
scenario and, for a fraud at a payee (a terminal), by whether a fraud report of
the payee's current run of fraud had come in when it was paid (frauds there with
no gap of more than a week, reported by then) and how long before.

Why: a compromised terminal's frauds before its first report carry no signal
(the customer, amount and time are the victim's own); any model ranks them by
chance. This says how much of the week's AUC is that chance and what the model's
remaining losses are, so that a change is judged by what it can move.

    python -m benchmarks.handbook_auc_loss [--folds test|validation] [--work DIR]
        [--data FILE] [-- extra models.train options]
"""
from __future__ import annotations

import argparse
import bisect
import contextlib
import csv
import gzip
import io
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Sequence

import numpy as np

DAY = 86400.0
AMBIGUOUS = ""       # the payee of a (time, customer) the file has twice with different payees
RUN_GAP_DAYS = 7.0  # frauds at a payee this close follow each other in one run (a compromise)
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "handbook" / "transactions.csv.gz"
# (train start, train end, test start, test end): 7 days, 7 days of delay, 7 days
TEST_FOLDS = (("2018-07-25", "2018-08-01", "2018-08-08", "2018-08-15"),
              ("2018-08-01", "2018-08-08", "2018-08-15", "2018-08-22"),
              ("2018-08-08", "2018-08-15", "2018-08-22", "2018-08-29"),
              ("2018-08-15", "2018-08-22", "2018-08-29", "2018-09-05"))
VALIDATION_FOLDS = (("2018-06-27", "2018-07-04", "2018-07-11", "2018-07-18"),
                    ("2018-07-04", "2018-07-11", "2018-07-18", "2018-07-25"),
                    ("2018-07-11", "2018-07-18", "2018-07-25", "2018-08-01"),
                    ("2018-07-18", "2018-07-25", "2018-08-01", "2018-08-08"))
# the reading window of each fold set: warm-up start, rows kept from, stop
RANGES = {"test": ("2018-06-15", "2018-07-25", "2018-09-05"),
          "validation": ("2018-05-15", "2018-06-27", "2018-08-08")}
BAG = ["--refit", "--bags", "10", "--neg-ratio", "50", "--max-iter", "60", "--max-features", "0.5"]


def fraud_shares(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per fraud (in the order of `p[y == 1]`), the share of genuine payments
    scored above it, ties counted half: their mean is `1 - AUC`."""
    gen = np.sort(p[y == 0])
    pf = p[y == 1]
    above = len(gen) - np.searchsorted(gen, pf, side="right")
    ties = np.searchsorted(gen, pf, side="right") - np.searchsorted(gen, pf, side="left")
    return (above + 0.5 * ties) / max(len(gen), 1)


def payee_state(frauds: list[tuple[float, float]], t: float) -> str:
    """What had been reported about a payee's current run of fraud when a
    payment was made there at `t`. `frauds` are its (paid, reported) fraud times,
    ascending by payment; the run is the frauds before `t` with no gap of more
    than RUN_GAP_DAYS between them and `t` (an older fraud there, a leaked card
    used once a month before, is another story)."""
    i = bisect.bisect_left(frauds, (t, -np.inf))
    run: list[float] = []
    last = t
    for paid, reported in reversed(frauds[:i]):
        if last - paid > RUN_GAP_DAYS * DAY:
            break
        run.append(reported)
        last = paid
    seen = [r for r in run if r <= t]
    if not run:
        return "payee's first fraud"
    if not seen:
        return "no report in yet"
    age = (t - max(seen)) / DAY
    return "report in, last < 1 d ago" if age < 1 else "report in, 1-3 d ago" if age < 3 else "report in, >= 3 d ago"


def read_payees(path: Path, since: float) -> tuple[dict[tuple[float, str], str], dict[str, list[tuple[float, float]]]]:
    """(timestamp, customer) -> payee for rows from `since` on, and each payee's
    fraud (paid, reported) times, from the replay file."""
    from service.replay_format import header_index, open_text, parse_iso

    payee_of: dict[tuple[float, str], str] = {}
    seen_twice: set[tuple[float, str]] = set()
    frauds: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with open_text(str(path)) as text:
        reader = csv.reader(text)
        col = header_index(next(reader, []), str(path))
        it, ic, ip = col["timestamp"], col["customer_id"], col["payee_id"]
        iy, ir = col.get("is_fraud"), col.get("fraud_reported_at")
        for cells in reader:
            t = parse_iso(cells[it])
            if t < since:
                continue
            key = (t, cells[ic])
            if payee_of.get(key, cells[ip]) != cells[ip]:
                seen_twice.add(key)   # two payees paid by one customer in one second: which row a score is, unknown
            payee_of[key] = cells[ip]
            if iy is not None and cells[iy].strip() == "1" and ir is not None and cells[ir].strip():
                frauds[cells[ip]].append((t, parse_iso(cells[ir])))
    for v in frauds.values():
        v.sort()
    for key in seen_twice:
        payee_of[key] = AMBIGUOUS
    return payee_of, frauds


def read_scores(path: Path) -> tuple[np.ndarray, list[str], np.ndarray, list[str], np.ndarray]:
    with gzip.open(path, "rt", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return (np.array([float(r["ts"]) for r in rows]), [r["customer_id"] for r in rows],
            np.array([int(r["is_fraud"]) for r in rows]), [r["scenario"] for r in rows],
            np.array([float(r["p"]) for r in rows]))


def run_fold(data: Path, work: Path, fold: Sequence[str], rng: Sequence[str], extra: list[str]) -> str:
    """models.train for one fold; its report's calibrated-model line."""
    from models.train import main as train_main

    a, b, c, d = fold
    argv = ["--data", str(data), "--out", str(work / f"model-{c}"), "--skip-before", rng[0], "--keep-from", rng[1],
            "--stop-at", rng[2], "--train-start", a, "--train-end", b, "--test-start", c, "--test-end", d,
            "--label-delay-days", "7", "--book-protocol", *BAG, "--quiet",
            "--features-cache", str(work / "features.npz"), "--scores-out", str(work / f"scores-{c}.csv.gz"), *extra]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        train_main(argv)
    return next((ln for ln in buf.getvalue().splitlines() if ln.startswith("trees_calibrated")), "")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    ap = argparse.ArgumentParser(prog="python -m benchmarks.handbook_auc_loss", description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", choices=("test", "validation"), default="test")
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="the handbook replay file")
    ap.add_argument("--work", help="directory for the features cache, models and scores (default: a temporary one)")
    ap.add_argument("--no-train", action="store_true", help="analyse the scores a previous run left in --work")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not data.is_file():
        ap.exit(2, f"{ap.prog}: error: no file {data} (the handbook data of ../shared/data)\n")
    if args.no_train and not args.work:
        ap.exit(2, f"{ap.prog}: error: --no-train needs the --work of a previous run\n")
    folds = TEST_FOLDS if args.folds == "test" else VALIDATION_FOLDS
    rng = RANGES[args.folds]
    with contextlib.ExitStack() as stack:
        work = Path(args.work) if args.work else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        missing = [f"scores-{f[2]}.csv.gz" for f in folds if not (work / f"scores-{f[2]}.csv.gz").is_file()]
        if args.no_train and missing:
            ap.exit(2, f"{ap.prog}: error: --no-train: {work} has no {', '.join(missing)} "
                       f"(run without --no-train first, with the same --folds)\n")
        work.mkdir(parents=True, exist_ok=True)
        from service.replay_format import parse_iso

        payee_of, frauds = read_payees(data, parse_iso(folds[0][2] + "T00:00:00Z") - 60 * DAY)
        per_group: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(folds))
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(folds))
        aucs, at_random, ceilings = [], [], []
        for k, fold in enumerate(folds):
            print(f"fold {k + 1}/{len(folds)}: test {fold[2]}..{fold[3]} ...", file=sys.stderr, flush=True)
            line = "" if args.no_train else run_fold(data, work, fold, rng, extra)
            ts, cust, y, scen, p = read_scores(work / f"scores-{fold[2]}.csv.gz")
            shares = fraud_shares(p, y)
            n_f = len(shares)
            if n_f == 0 or n_f == len(p):
                ap.exit(1, f"{ap.prog}: the test week {fold[2]} has {'no frauds' if n_f == 0 else 'no genuine payments'}"
                           ": no ROC AUC to split\n")
            fi = np.nonzero(y == 1)[0]
            unrep_n = 0
            unrep_loss = 0.0
            for j, i in enumerate(fi):
                payee = payee_of.get((float(ts[i]), cust[i]))
                state = (payee_state(frauds.get(payee, []), float(ts[i])) if payee
                         else "payee unknown (two payments in one second)" if payee == AMBIGUOUS else "no payee")
                group = f"{scen[i] or '(none)'}: {state}"
                per_group[group][k] += shares[j] / n_f
                counts[group][k] += 1
                if scen[i] == "compromised_terminal" and state in ("payee's first fraud", "no report in yet"):
                    unrep_n += 1
                    unrep_loss += shares[j] / n_f
            auc = 1.0 - float(shares.mean())
            aucs.append(auc)
            at_random.append(0.5 * unrep_n / n_f)
            ceilings.append(auc + unrep_loss - 0.5 * unrep_n / n_f)
            print(f"  {line}", file=sys.stderr)
        weeks = " / ".join(f[2][5:] for f in folds)
        print(f"\nROC AUC lost per fraud group, {args.folds} weeks {weeks} (share of 1 - AUC; frauds in brackets)")
        print(f"{'group':64s} " + " ".join(f"{f[2][5:]:>14s}" for f in folds) + f" {'mean':>8s}")
        for g in sorted(per_group, key=lambda g: -sum(per_group[g])):
            cells = " ".join(f"{per_group[g][k]:7.4f} ({counts[g][k]:4d})" for k in range(len(folds)))
            print(f"{g[:64]:64s} {cells} {np.mean(per_group[g]):8.4f}")
        print(f"{'ROC AUC':64s} " + " ".join(f"{a:14.4f}" for a in aucs) + f" {np.mean(aucs):8.4f}")
        print(f"{'unreported compromised frauds ranked at random would lose':64s} "
              + " ".join(f"{a:14.4f}" for a in at_random) + f" {np.mean(at_random):8.4f}")
        print(f"{'ROC AUC with them ranked at random, the rest as scored':64s} "
              + " ".join(f"{a:14.4f}" for a in ceilings) + f" {np.mean(ceilings):8.4f}")


if __name__ == "__main__":
    main()
