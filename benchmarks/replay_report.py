"""Assemble report.json and the readable table from a replay trace.

`report.json` keys are read by other programs (CI gates, the README generator):
`service` and each entry of `baselines` carry `fraud_amount_stopped`,
`fraud_tx_stopped`, `genuine_stepup_rate`, `genuine_decline_rate`,
`friction_index`, `auc`, `average_precision`, `brier`, `throughput_tps`,
`latency_ms` (`p50`, `p99`), `rows_rejected`; `scenarios` has per-scenario
`fraud_amount_stopped` and `count`; `lead_reasons` has, per leading reason code of
the raised (level >= 1) answers, `genuine_stepup_rate` (levels 1-3), `genuine_decline_rate` and
`fraud_amount_stopped`; `by_week`
is a list, one entry per 7 days after the warm-up, with `start`, `end`, the service's
decision and score figures and `static_amount_stopped`; `handbook` (handbook data only) has `auc`,
`average_precision`, `cp_at_100`. Add keys, never repurpose them.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from benchmarks.replay_baselines import run_baselines
from benchmarks.replay_gateway import GENUINE_PASS, Trace
from benchmarks.replay_periods import by_period, format_periods
from benchmarks.replay_metrics import (DEFAULT_FRICTION, completed, decision_metrics, latency_metrics,
                                       per_lead_reason, per_scenario, score_metrics)
from benchmarks.replay_metrics import pct as _pct

DAY = 86400.0
# The issue's targets on generated data, post-warm-up.
TARGET_STEPUP = 0.03
TARGET_DECLINE = 0.001
TARGET_STOPPED = 0.90
TARGET_VS_STATIC = 2.0


def trace_arrays(tr: Trace) -> dict[str, np.ndarray]:
    out = {name: np.frombuffer(getattr(tr, name), dtype=getattr(tr, name).typecode).copy()
           for name in ("ts", "p", "level", "label", "amount", "u", "scenario", "customer", "payee", "device",
                        "prior_n", "latency_s", "degraded", "completed", "lead")}
    table = np.asarray(tr.attacker_table(), dtype=float).reshape(-1, 4)
    out["attacker"] = table[out["scenario"]] if len(out["scenario"]) else np.zeros((0, 4))
    return out


def build_report(tr: Trace, *, warmup_days: float = 14.0, friction: Sequence[tuple[float, float]] = DEFAULT_FRICTION,
                 genuine: Sequence[float] = GENUINE_PASS, cold_start_n: int = 5,
                 meta: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, np.ndarray], np.ndarray]:
    """(report, arrays, post-warm-up mask). Handbook figures are added by the caller."""
    a = trace_arrays(tr)
    n = len(a["ts"])
    start = float(a["ts"][0]) if n else 0.0
    mask = a["ts"] >= start + warmup_days * DAY if n else np.zeros(0, dtype=bool)
    lv, lab, am = a["level"], a["label"], a["amount"]
    done = a["completed"].astype(bool)
    service = decision_metrics(lv[mask], lab[mask], am[mask], done[mask], friction)
    service.update(score_metrics(a["p"][mask], lab[mask], True))
    service.update(latency_metrics(a["latency_s"], n, tr.wall_s))
    service["rows_rejected"] = tr.rows_rejected
    service["rejected_codes"] = dict(tr.rejected_codes)
    service["rejected_reasons"] = dict(tr.rejected_reasons)
    service["rejected_samples"] = {k: list(v) for k, v in tr.rejected_samples.items() if v}
    service["rows_scored"] = n
    service["rows_degraded"] = int(a["degraded"].sum())
    service["feedback_sent"] = tr.feedback_sent
    service["feedback_errors"] = tr.feedback_errors
    baselines = run_baselines(lv, lab, am, a["u"], a["attacker"], a["customer"], a["payee"], a["device"], mask,
                              friction, genuine)
    for b in baselines.values():  # same keys as `service`; a baseline costs no scoring time
        b.update({"throughput_tps": None, "latency_ms": {"p50": None, "p99": None}, "rows_rejected": tr.rows_rejected})
    cold = mask & (a["prior_n"] < cold_start_n)
    cold_m = decision_metrics(lv[cold], lab[cold], am[cold], done[cold], friction)
    cold_m.update(score_metrics(a["p"][cold], lab[cold], True))
    first = mask & (a["prior_n"] == 0)
    first_m = decision_metrics(lv[first], lab[first], am[first], done[first], friction)
    report: dict[str, Any] = {
        "meta": {**(meta or {}), "warmup_days": warmup_days, "rows_post_warmup": int(mask.sum()),
                 "first_ts": start, "last_ts": float(a["ts"][-1]) if n else None},
        "service": service,
        "baselines": baselines,
        "scenarios": per_scenario(a["scenario"][mask], tr.scenario_names, lab[mask], am[mask], done[mask], lv[mask]),
        "lead_reasons": per_lead_reason(a["lead"][mask], tr.lead_codes, lab[mask], am[mask], done[mask], lv[mask]),
        "cold_start": {"definition": f"customer's first {cold_start_n} scored payments", **cold_m,
                       "first_payment": first_m},
    }
    report["by_week"] = by_period(a, mask, baselines["static_amount"]["threshold"], 7.0, friction, genuine)
    report["targets"] = check_targets(report)
    # sanity: the recorded outcomes follow the same rule as the baselines'
    report["meta"]["outcome_rule_consistent"] = bool(np.array_equal(
        done, completed(lv, lab, a["u"], a["attacker"], genuine)))
    return report, a, mask


def check_targets(report: dict[str, Any]) -> dict[str, Any]:
    """Each target met (True), missed (False) or not measurable (None: no labelled
    genuine or fraud payment to measure it on). A file with no labels misses nothing;
    `all_met` is False when one is missed, else None when one is not measurable."""
    s, st = report["service"], report["baselines"]["static_amount"]
    ratio = None
    stopped, static = s["fraud_amount_stopped"], st["fraud_amount_stopped"]
    if stopped is not None and static:
        ratio = stopped / static
    vs_static = _at_least(ratio, TARGET_VS_STATIC)
    if st.get("matched_rate", 0.0) is None:
        # no labelled genuine payment: no step-up rate to match the static rule on, so
        # the comparison is not measurable (it read OK against an inf threshold, a review)
        vs_static = None
    elif stopped is not None and static is not None and static == 0.0:
        # the static rule stopped nothing: any fraud stopped beats it by any factor (the ratio
        # stays null, JSON has no infinity); nothing stopped either is not twice nothing
        vs_static = stopped > 0.0
    checks = {
        "genuine_stepup_rate<=0.03": _at_most(s["genuine_stepup_rate"], TARGET_STEPUP),
        "genuine_decline_rate<=0.001": _at_most(s["genuine_decline_rate"], TARGET_DECLINE),
        "fraud_amount_stopped>=0.90": _at_least(stopped, TARGET_STOPPED),
        "vs_static_amount>=2x": vs_static,
    }
    values = list(checks.values())
    all_met = False if False in values else None if None in values else True
    return {"checks": checks, "stopped_vs_static_amount": ratio, "all_met": all_met}


def _at_most(x: float | None, limit: float) -> bool | None:
    return None if x is None else x <= limit


def _at_least(x: float | None, limit: float) -> bool | None:
    return None if x is None else x >= limit


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "OK" if ok else "MISSED"


def _num(x: float | None, fmt: str = ".3f") -> str:
    return "-" if x is None else format(x, fmt)


def format_table(report: dict[str, Any]) -> str:
    s = report["service"]
    rows = [("service", s), *report["baselines"].items()]
    head = f"{'':28} {'fraud amt':>10} {'fraud tx':>9} {'g step-up':>10} {'g decline':>10} {'friction':>9} {'AUC':>6} {'AP':>6}"
    lines = ["Fraud stopped vs friction (post-warm-up, labelled rows)", head, "-" * len(head)]
    # stored answers of an earlier run, figures on training data: first, not lost below
    lines[:0] = report["meta"].get("warnings") or []
    for name, m in rows:
        lines.append(f"{name:28} {_pct(m['fraud_amount_stopped'], 1):>10} {_pct(m['fraud_tx_stopped'], 1):>9} "
                     f"{_pct(m['genuine_stepup_rate']):>10} {_pct(m['genuine_decline_rate'], 3):>10} "
                     f"{_num(m['friction_index'], '.1f'):>9} {_num(m['auc']):>6} {_num(m['average_precision']):>6}")
    st = report["baselines"]["static_amount"]
    if st.get("matched_rate", 0.0) is None:
        lines.append("(static_amount unmatched: no labelled genuine payment to measure the service's friction rate "
                     "on; it raises nothing and the vs-static target is n/a)")
    else:
        lines.append(f"(static_amount threshold {st['threshold']:.2f} matched to the service's genuine friction "
                     f"rate {_pct(st['matched_rate'])})")
    lines.append("")
    refused = format_reasons(s.get("rejected_reasons") or s["rejected_codes"], s.get("rejected_samples"))
    lines.append(f"rows scored {s['rows_scored']}, rejected {s['rows_rejected']}{f' ({refused})' if refused else ''}, "
                 f"degraded {s['rows_degraded']}, post-warm-up {report['meta']['rows_post_warmup']}; "
                 f"genuine {s['genuine']}, fraud {s['fraud']}, unlabelled {s['unlabelled']}")
    unlisted = format_unlisted(report["meta"].get("currencies_not_in_fx"))
    if unlisted:
        lines.append(unlisted)
    lines.extend(report["meta"].get("file_issues") or [])     # duplicate rows, odd labels, report times
    lat = s["latency_ms"]
    lines.append(f"brier {_num(s['brier'], '.5f')}; latency p50 {_num(lat['p50'], '.3f')} ms, p99 "
                 f"{_num(lat['p99'], '.3f')} ms; throughput {_num(s['throughput_tps'], '.0f')} rows/s "
                 f"(score calls alone {_num(s['score_only_tps'], '.0f')}/s)")
    c = report["cold_start"]
    lines.append(f"cold start ({c['definition']}): rows {c['rows']}, fraud amt stopped "
                 f"{_pct(c['fraud_amount_stopped'], 1)}, g step-up {_pct(c['genuine_stepup_rate'])}, g decline "
                 f"{_pct(c['genuine_decline_rate'], 3)}, AUC {_num(c['auc'])}")
    cc = report["meta"].get("challenge_calibration")
    if cc:
        lines.append(f"challenge calibration at the end (docs/models.md): {cc['outcomes']:,.0f} decayed challenge "
                     f"results, largest lowering of the model's log-odds {cc['max_shift']:.2f} nats")
    if report["scenarios"]:
        lines.append("")
        lines.append(f"{'scenario':28} {'kind':>18} {'count':>7} {'amt stopped':>12} {'tx stopped':>11}")
        for name, m in sorted(report["scenarios"].items(), key=lambda kv: -kv[1]["count"]):
            lines.append(f"{name[:28]:28} {m['attack_kind']:>18} {m['count']:>7} {_pct(m['fraud_amount_stopped'], 1):>12} "
                         f"{_pct(m['fraud_tx_stopped'], 1):>11}")
    if report.get("lead_reasons"):
        lines.append("")
        lines.append(f"{'raised by (first reason)':28} {'g stepped up':>13} {'g declined':>11} {'fraud raised':>13} "
                     f"{'fraud amt stopped':>18}")
        for code, m in sorted(report["lead_reasons"].items(),
                              key=lambda kv: -(kv[1]["genuine_stepped_up"] + kv[1].get("genuine_declined", 0))):
            lines.append(f"{code[:28]:28} {_pct(m['genuine_stepup_rate']):>13} "
                         f"{_pct(m.get('genuine_decline_rate'), 3):>11} {m['fraud_raised']:>13} "
                         f"{_pct(m['fraud_amount_stopped'], 1):>18}")
    if report.get("by_week"):
        lines.append("")
        lines.append(format_periods(report["by_week"]))
    t = report["targets"]
    lines.append("")
    lines.append("targets: " + ", ".join(f"{k} {_verdict(v)}" for k, v in t["checks"].items())
                 + f" (vs static: {_num(t['stopped_vs_static_amount'], '.2f')}x)")
    hb = report.get("handbook")
    if hb:
        lines.append("")
        lines.append(format_handbook(hb))
    return "\n".join(lines)


def format_reasons(counts: dict[str, int], samples: dict[str, list[str]] | None = None) -> str:
    """"422 invalid_input (amount): 10, e.g. -5, 422 invalid_input (currency): 3, e.g. 'eur'",
    most first: what to mend in the file, in words rather than a Python dict, with the
    first bad values where the service named the field."""
    def one(k: str, v: int) -> str:
        seen = (samples or {}).get(k)
        return f"{k}: {v:,}, e.g. {' / '.join(seen)}" if seen else f"{k}: {v:,}"

    return "; ".join(one(k, v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def format_unlisted(unlisted: dict[str, Any] | None, show: int = 12) -> str:
    """The line about rows in currencies the policy's [fx] table lacks ("" when none):
    their amounts were taken 1:1 as EUR, off by orders of magnitude for most
    currencies, and the service's own warning is hidden by the replay's logging."""
    if not unlisted or not unlisted.get("rows"):
        return ""
    codes = sorted(unlisted["currencies"], key=lambda c: (-unlisted["currencies"][c], c))
    more = f", ... ({len(codes) - show} more)" if len(codes) > show else ""
    return (f"{unlisted['rows']:,} rows in {len(codes)} currencies not in the policy's fx table, taken 1:1 as "
            f"{unlisted['taken_as']}: {', '.join(codes[:show])}{more} (add their rates to the policy's [fx])")


def _coverage(chapter: str, period: str, m: dict[str, Any]) -> str:
    """The label of our own figures: the chapter's test `period` when the run covered
    every test day (or the report predates the count), else marked partial with the
    days covered, so that a slice is not read as the book's full period."""
    n, k = m.get("test_days"), m.get("test_days_covered")
    if n is None or k is None or k >= n:
        return f"riskgate (online replay), {chapter} {period}"
    return f"riskgate (online replay), {chapter} PARTIAL: {k} of {n} test days"


def format_handbook(hb: dict[str, Any]) -> str:
    """Our figures beside the book's, every model name whole (the column as wide as the
    longest); our own marked partial when the run covered only part of the test days."""
    rows: list[tuple[str, Any, Any, Any]] = [
        (_coverage("ch.3", "test week", hb), hb.get("auc"), hb.get("average_precision"),
         hb.get("cp_at_100"))]
    pq = hb.get("prequential")
    if pq:
        rows.append((_coverage("ch.5", "4 prequential weeks", pq), pq["auc"],
                     pq["average_precision"], pq["cp_at_100"]))
    pub = hb.get("published") or {}
    for section, title in (("ch3_single_split", "book ch.3"), ("ch5_prequential", "book ch.5")):
        rows += [(f"{title}: {r['model']}", r["auc"], r["average_precision"], r["cp_at_100"])
                 for r in pub.get(section, [])]
    w = max(52, *(len(r[0]) for r in rows))
    lines = [f"Handbook protocol ({hb['protocol']})", f"{'model':{w}} {'AUC':>6} {'AP':>6} {'CP@100':>7}"]
    lines += [f"{name:{w}} {_num(auc):>6} {_num(ap):>6} {_num(cp):>7}" for name, auc, ap, cp in rows]
    return "\n".join(lines)
