"""Side by side: two or more replays of the same history under different models or policies.

    python -m benchmarks.replay FILE --out runs/before
    python -m benchmarks.replay FILE --policy candidate.toml --out runs/after
    python -m benchmarks.replay_compare runs/before runs/after [--plot weeks.png]

Risk analysts decide on a model or policy change by what it does to fraud stopped and
to friction, overall, per fraud scenario, per leading reason and week by week; this
prints those rows for every run (a directory holding report.json, or the file itself)
and, for two runs, the change. Runs over different files, dates or warm-ups are not
comparable: the header says so and prints the figures side by side, with no change
column, instead of a misleading difference. One history reached by two paths (relative
and absolute, or a byte-identical copy) is one file: known by its sha256 where the
reports record it, else by its real path.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import Any, Callable, Sequence

__all__ = ["load_report", "compare", "plot_weeks", "main"]

Getter = Callable[[dict[str, Any]], float | None]

# (label, getter, kind): kind "pct" prints percentages and differences in points.
_OVERALL: tuple[tuple[str, Getter, str], ...] = (
    ("fraud amount stopped", lambda r: r["service"].get("fraud_amount_stopped"), "pct"),
    ("fraud payments stopped", lambda r: r["service"].get("fraud_tx_stopped"), "pct"),
    ("genuine stepped up", lambda r: r["service"].get("genuine_stepup_rate"), "pct"),
    ("genuine declined", lambda r: r["service"].get("genuine_decline_rate"), "pct3"),
    ("genuine abandoned", lambda r: r["service"].get("genuine_abandon_rate"), "pct3"),
    ("friction index", lambda r: r["service"].get("friction_index"), "num1"),
    ("x static amount threshold", lambda r: r.get("targets", {}).get("stopped_vs_static_amount"), "num2"),
    ("ROC AUC", lambda r: r["service"].get("auc"), "num3"),
    ("average precision", lambda r: r["service"].get("average_precision"), "num3"),
    ("Brier score", lambda r: r["service"].get("brier"), "num5"),
)
# timing is over every scored row, warm-up included (replay_report, as benchmarks/README.md
# defines it): its own table, not under "post-warm-up" (a review)
_TIMING: tuple[tuple[str, Getter, str], ...] = (
    ("latency p50, ms", lambda r: (r["service"].get("latency_ms") or {}).get("p50"), "num3"),
    ("latency p99, ms", lambda r: (r["service"].get("latency_ms") or {}).get("p99"), "num3"),
    ("throughput, rows/s", lambda r: r["service"].get("throughput_tps"), "num0"),
)
# what a run measured: runs that differ in one of these count other rows or other
# reports (a review found a --backfill-days run subtracted from one without)
_COMPARABLE = ("file", "from", "until", "warmup_days", "seed", "backfill", "report_delay_days", "auth_delay_s")


# what a run scored: the same file and settings can still score other rows (an HTTP replay
# skips the rows the service refused or never answered), and figures over other rows are
# not to be subtracted (a review); (section, key), "meta" or "service" of report.json
_COUNTS = (("service", "rows_scored"), ("service", "rows_rejected"), ("meta", "rows_post_warmup"),
           ("service", "genuine"), ("service", "fraud"))


def _counts_differ(reps: Sequence[dict[str, Any]]) -> list[str]:
    """The row counts in which the runs differ, "name a/b": only counts every report
    records (reports from before a count was written are not flagged on it)."""
    out = []
    for section, key in _COUNTS:
        vals = [(r.get(section) or {}).get(key) for r in reps]
        if all(v is not None for v in vals) and len(set(vals)) > 1:
            out.append(f"{key} " + "/".join(str(v) for v in vals))
    return out


def _setting(meta: dict[str, Any], key: str) -> Any:
    if key == "backfill":       # its days; what it learned follows from the code
        b = meta.get("backfill")
        return b.get("days") if isinstance(b, dict) else b
    return meta.get(key)


def load_report(path: str) -> dict[str, Any]:
    """A run directory (its report.json) or a report.json file."""
    f = os.path.join(path, "report.json") if os.path.isdir(path) else path
    try:
        with open(f) as fh:
            rep = json.load(fh)
    except (OSError, ValueError) as exc:
        raise SystemExit(f"replay_compare: cannot read {f}: {exc}") from None
    if not isinstance(rep, dict) or "service" not in rep:
        raise SystemExit(f"replay_compare: {f} is not a replay report (no 'service' figures)")
    return rep


def _fmt(x: float | None, kind: str) -> str:
    if x is None:
        return "-"
    if kind.startswith("pct"):
        return f"{100 * x:.{3 if kind == 'pct3' else 2}f}%"
    return f"{x:.{int(kind[-1])}f}"


def _delta(a: float | None, b: float | None, kind: str) -> str:
    if a is None or b is None:
        return "-"
    d = b - a
    if kind.startswith("pct"):
        return f"{100 * d:+.{3 if kind == 'pct3' else 2}f} pt"
    return f"{d:+.{int(kind[-1])}f}"


def _table(title: str, rows: list[tuple[str, list[float | None], str]], names: Sequence[str],
           change: bool = True) -> list[str]:
    """Rows of figures, one column per run, and the change when `change` and two runs."""
    change = change and len(names) == 2
    w = max([len(title)] + [len(r[0]) for r in rows]) + 2
    col = max(12, *(len(n) + 2 for n in names))
    head = f"{title:<{w}}" + "".join(f"{n:>{col}}" for n in names) + (f"{'change':>{col}}" if change else "")
    out = [head, "-" * len(head)]
    for label, vals, kind in rows:
        line = f"{label:<{w}}" + "".join(f"{_fmt(v, kind):>{col}}" for v in vals)
        if change:
            line += f"{_delta(vals[0], vals[1], kind):>{col}}"
        out.append(line)
    return out


def _file_key(meta: dict[str, Any], by: str) -> str | None:
    """What names the replayed file: its content ("sha256"), its real path ("path"),
    or the path as given (reports from before either was recorded)."""
    if by == "sha256":
        return f"{meta.get('file_sha256')}:{meta.get('file_size')}"
    if by == "path":
        return meta.get("file_path")
    f = meta.get("file")
    return os.path.normpath(f) if isinstance(f, str) else None


def _differ(metas: Sequence[dict[str, Any]]) -> list[str]:
    """The settings in which the runs differ (empty: comparable). The file is compared
    by the strongest identity every report records."""
    by = next((b for b, k in (("sha256", "file_sha256"), ("path", "file_path")) if all(m.get(k) for m in metas)),
              "given")
    differ = ["file"] if len({_file_key(m, by) for m in metas}) > 1 else []
    return differ + [k for k in _COMPARABLE if k != "file" and len({json.dumps(_setting(m, k)) for m in metas}) > 1]


def _keys(reps: Sequence[dict[str, Any]], section: str) -> list[str]:
    seen: list[str] = []
    for r in reps:
        for k in r.get(section) or {}:
            if k not in seen:
                seen.append(k)
    return seen


def _versions(seen: dict[str, int] | None, show: int = 3) -> str:
    """The versions the run's answers named, most common first ("" when the report has
    none): what answered, rather than what the run was told to load."""
    if not seen:
        return ""
    names = [v or "(none)" for v in seen][:show]
    more = f" and {len(seen) - show} more" if len(seen) > show else ""
    return ", ".join(names) + more


def _model_label(meta: dict[str, Any]) -> str:
    """The model a run's header names: the versions its answers named (with the --model
    directory when one was given); reports from before versions were recorded: the
    directory, else "not recorded" for an HTTP run (the service's own model, unknown
    here) or the in-process default."""
    seen = _versions(meta.get("model_versions"))
    if seen:
        return f"{seen} ({meta['model']})" if meta.get("model") else seen
    if meta.get("model"):
        return str(meta["model"])
    return "not recorded" if str(meta.get("mode", "")).startswith("http") else "shipped/likelihood"


def compare(reps: Sequence[dict[str, Any]], names: Sequence[str]) -> str:
    """The comparison as text (what `main` prints)."""
    lines: list[str] = []
    metas = [r.get("meta", {}) for r in reps]
    differ = _differ(metas)
    counts = _counts_differ(reps)
    if differ:
        lines.append("NOT COMPARABLE: the runs differ in " + ", ".join(differ)
                     + " (replay the same file, dates, warm-up and seed): figures side by side, not differenced")
    elif counts:
        lines.append("NOT COMPARABLE: the runs scored different rows (" + ", ".join(counts)
                     + "; an HTTP replay skips the rows the service refused or did not answer): "
                     "figures side by side, not differenced")
    change = not differ and not counts
    for n, m in zip(names, metas):
        lines.append(f"{n}: model {_model_label(m)}, policy {_versions(m.get('policy_versions')) or m.get('policy')}, "
                     f"{m.get('mode')}, {m.get('rows_post_warmup')} rows after warm-up")
    lines.append("")
    lines += _table("post-warm-up", [(label, [g(r) for r in reps], kind) for label, g, kind in _OVERALL], names,
                    change)

    scen = _keys(reps, "scenarios")
    if scen:
        lines.append("")
        rows = [(f"{s} (n={max((r.get('scenarios') or {}).get(s, {}).get('count', 0) for r in reps)})",
                 [(r.get("scenarios") or {}).get(s, {}).get("fraud_amount_stopped") for r in reps], "pct")
                for s in scen]
        lines += _table("fraud amount stopped, by scenario", rows, names, change)
    lead = _keys(reps, "lead_reasons")
    if lead:
        lines.append("")
        rows = [(c or "(none)", [(r.get("lead_reasons") or {}).get(c, {}).get("genuine_stepup_rate") for r in reps],
                 "pct3") for c in lead]
        lines += _table("genuine stepped up, by leading reason", rows, names, change)
    weeks: list[float] = sorted({w["start"] for r in reps for w in r.get("by_week") or []})
    if weeks:
        import datetime as dt

        def week(r: dict[str, Any], start: float, key: str) -> float | None:
            for w in r.get("by_week") or []:
                if w["start"] == start:
                    return w.get(key)
            return None

        label = [dt.datetime.fromtimestamp(s, dt.timezone.utc).strftime("%Y-%m-%d") for s in weeks]
        for key, title in (("fraud_amount_stopped", "fraud amount stopped, week from"),
                           ("genuine_stepup_rate", "genuine stepped up, week from")):
            lines.append("")
            lines += _table(title, [(lab, [week(r, s, key) for r in reps], "pct") for lab, s in zip(label, weeks)],
                            names, change)
    lines.append("")
    lines += _table("timing, all scored rows (warm-up included)",
                    [(label, [g(r) for r in reps], kind) for label, g, kind in _TIMING], names, change)
    lines.append("")
    lines.append("(latency is what the machine gave each run: compare it only between runs made one after "
                 "the other on a quiet machine)")
    return "\n".join(lines)


def plot_weeks(path: str, reps: Sequence[dict[str, Any]], names: Sequence[str]) -> None:
    """Fraud amount stopped and genuine step-up per week, one line per run."""
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7, 5.5), sharex=True)
    for r, name in zip(reps, names):
        weeks = r.get("by_week") or []
        x = [dt.datetime.fromtimestamp(w["start"], dt.timezone.utc) for w in weeks]
        pct = [[float("nan") if w.get(k) is None else 100 * w[k] for w in weeks]
               for k in ("fraud_amount_stopped", "genuine_stepup_rate")]
        ax1.plot(x, pct[0], "o-", label=name)
        ax2.plot(x, pct[1], "o-", label=name)
    ax1.set_ylabel("fraud amount stopped (%)")
    ax1.set_ylim(-2, 102)
    ax2.set_ylabel("genuine stepped up (%)")
    ax2.set_xlabel("week from (UTC)")
    for ax in (ax1, ax2):
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, loc="best")
    ax1.set_title("Runs compared, week by week")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def check_writable(path: str) -> str | None:
    """Why `path` cannot take the plot (None when it can), asked before the table is
    printed: a comparison should not end in a traceback after its output."""
    if os.path.isdir(path):
        return f"--plot {path} is a directory"
    existed = os.path.exists(path)
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        return f"--plot {path}: cannot write it ({exc.strerror or exc})"
    if not existed:
        os.remove(path)
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.replay_compare", description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", help="replay output directories (or their report.json)")
    ap.add_argument("--names", help="comma-separated column names (default: the directory names)")
    ap.add_argument("--plot", metavar="PNG", help="also draw the runs week by week into this file")
    a = ap.parse_args(argv)
    if len(a.runs) < 2:
        ap.error("give at least two runs to compare")
    names = a.names.split(",") if a.names else [
        os.path.basename(os.path.normpath(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)))) or p
        for p in a.runs]
    if len(names) != len(a.runs):
        ap.error(f"--names gives {len(names)} names for {len(a.runs)} runs")
    reps = [load_report(p) for p in a.runs]
    why = check_writable(a.plot) if a.plot else None
    if why:
        ap.exit(2, f"{ap.prog}: error: {why}\n")
    print(compare(reps, names))
    if a.plot:
        try:
            plot_weeks(a.plot, reps, names)
        except (OSError, ValueError) as exc:     # e.g. a file type matplotlib does not write
            ap.exit(2, f"{ap.prog}: error: --plot {a.plot}: {exc}\n")
        print(f"\nwrote {a.plot}")
    return 0


if __name__ == "__main__":
    # `replay_compare A B | head`: end quietly when the reader goes away, as CLI tools do
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
