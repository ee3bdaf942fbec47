"""Prometheus metrics for the security team: decisions, reasons, latency,
step-up outcomes, fraud reports and degraded answers. No customer data in any
label: labels are levels, reason codes and outcomes only.

With several workers, `python -m service` sets PROMETHEUS_MULTIPROC_DIR before
this module is imported, and `/metrics` aggregates across workers.
"""
from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest
from prometheus_client import multiprocess

# One process exported a `*_created` gauge beside every counter and histogram (its start
# time), doubling the series a security team stores, and several workers export none:
# off, so one worker and many export the same series.
disable_created_metrics()

LEVELS = ("none", "otp", "biometric", "strong", "deny")
# Bounds at 1.5, 2, 3 and 4 ms: a review found the p99 <= 3 ms target (issue 7)
# unreadable with none between 2.5 and 5 ms (p99s of 2.6 and 4.9 ms both read 3.3 ms).
LATENCY_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01,
                   0.025, 0.05, 0.1, 0.25, 1.0)

decisions = Counter("riskgate_decisions_total", "Score decisions by authentication level", ["level"])
reasons = Counter("riskgate_reasons_total", "Reason codes returned in decisions", ["code"])
degraded = Counter("riskgate_degraded_total", "Decisions answered by the static fallback policy", ["cause"])
idempotent = Counter("riskgate_idempotent_total", "Retried transaction ids", ["outcome"])
score_seconds = Histogram("riskgate_score_seconds", "Time to score one payment inside the service (decision "
                          "only: riskgate_request_seconds includes the store commit the answer waits for)",
                          buckets=LATENCY_BUCKETS)
request_seconds = Histogram("riskgate_request_seconds",
                            "Time from a request's body read to its answer ready, the store commit it waits for "
                            "included (POST /v1/score and /v1/feedback)", ["endpoint"], buckets=LATENCY_BUCKETS)
risk_score = Histogram("riskgate_risk_score", "Distribution of returned risk scores",
                       buckets=(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0))
stepup = Counter("riskgate_stepup_results_total", "auth_result feedback by level and outcome", ["level", "passed"])
stepup_answered = Counter("riskgate_stepup_challenges_answered_total",
                          "Challenges with a first result, by level: the pass share divides passes by these (an OTP "
                          "retry counts a failure and a pass in riskgate_stepup_results_total, one challenge here)",
                          ["level"])
fraud_reports = Counter("riskgate_fraud_reports_total",
                        "fraud_report feedback by the level the payment had been given", ["level", "is_fraud"])
fraud_amount = Counter("riskgate_fraud_reported_amount_total",
                       "Amount of payments reported as fraud, in the policy's currency (EUR by default), "
                       "by the level they had been given", ["level"])
fraud_cleared_amount = Counter("riskgate_fraud_cleared_amount_total",
                               "Amount of payments whose fraud report was cleared (is_fraud: false after true), in "
                               "the policy's currency, by level: the reported amount net of clears is the difference",
                               ["level"])
commit_batch = Histogram("riskgate_store_commit_batch", "Scored payments committed together by one store commit "
                         "(group commit)", buckets=(1, 2, 4, 8, 16, 32, 64))
commit_process = Gauge("riskgate_store_commit_process", "1 while the embedded store's busy group commits are "
                       "written by the worker's commit process, 0 when the worker commits them itself (none "
                       "started, or it failed: see the log)", multiprocess_mode="livemin")
commit_process_expected = Gauge("riskgate_store_commit_process_expected",
                                "1 when the worker's settings ask for a commit process (RISKGATE_COMMIT_PROCESS=1 "
                                "and an embedded store that has one), 0 when it commits itself by design: "
                                "riskgate_store_commit_process below this is a lost commit process",
                                multiprocess_mode="livemax")
commit_reruns = Counter("riskgate_store_commit_reruns_total",
                        "Group commits whose write functions ran again because another worker had changed a value "
                        "they read")
feedback_seconds = Histogram("riskgate_feedback_seconds", "Time to apply one feedback event", buckets=LATENCY_BUCKETS)
shadow = Counter("riskgate_shadow_decisions_total", "Shadow policy decisions compared with the live ones",
                 ["level", "comparison"])
errors = Counter("riskgate_request_errors_total", "Requests answered with an error", ["endpoint", "status"])
local_refits = Counter("riskgate_local_refits_total",
                       "Local model refits from the bank's own reports, by outcome (adopted, no_gain, retired, too_few_reports)",
                       ["outcome"])
local_refit_auc = Gauge("riskgate_local_refit_auc",
                        "Held-out ROC AUC at the last adopted local refit: the candidate and the offline model",
                        ["model"], multiprocess_mode="mostrecent")
future_timestamps = Counter("riskgate_future_timestamps_total",
                            "Payments dated more than a day after the server's clock: scored, but not allowed to "
                            "move the event clock that retention purges, local refits and TRA rates follow")
unknown_currency = Counter("riskgate_unknown_currency_conversions_total",
                           "Payments decided in a currency not in the policy's [fx] table: given "
                           "[rules.unknown_currency]'s level, their amounts taken 1:1 as EUR (add the rate to the "
                           "policy file)")
purged = Counter("riskgate_records_purged_total", "Decision records dropped after their retention")
tra_rate = Gauge("riskgate_tra_fraud_rate", "Observed 90-day fraud rate per PSD2 TRA amount band, the highest "
                 "worker's own (the fleet's: riskgate:tra_fraud_rate from the two value gauges)",
                 ["band"], multiprocess_mode="livemax")
# A worker's rate is of the payments it scored and the reports it received: with several
# workers (one connection pool scoring, another reporting) those are different workers, and
# the highest worker's rate read 0 with three reports in (a review). The fleet's rate is
# the sum of these two over every worker and instance: riskgate:tra_fraud_rate (deploy/).
tra_completed_value = Gauge("riskgate_tra_completed_value_eur",
                            "Value of the payments this worker saw complete in the PSD2 TRA window, per amount band "
                            "(EUR), summed over the live workers", ["band"], multiprocess_mode="livesum")
tra_fraud_value = Gauge("riskgate_tra_fraud_value_eur",
                        "Value of the completed payments reported to this worker as fraud in the PSD2 TRA window, per "
                        "amount band (EUR), summed over the live workers", ["band"], multiprocess_mode="livesum")
tra_reference = Gauge("riskgate_tra_reference_rate", "PSD2 TRA reference fraud rate per amount band",
                      ["band"], multiprocess_mode="livemax")
challenge_shift = Gauge("riskgate_challenge_calibration_shift",
                        "Largest lowering of the model's log-odds (nats) that step-up results justify now "
                        "(models.challenge_calibration; 0: the model's probabilities stand)",
                        multiprocess_mode="livemax")
store_memory = Gauge("riskgate_store_memory_bytes",
                     "Memory the embedded SQLite store holds (page caches, statements), summed over the live workers",
                     multiprocess_mode="livesum")
# prometheus_client's process_* series are not exported in multiprocess mode (several
# workers), which left no memory or CPU series to watch there: these are the workers'
# own, refreshed at each scrape and maintenance round, in one or many workers alike.
workers_rss = Gauge("riskgate_workers_resident_memory_bytes",
                    "Resident memory of the service's workers, summed over the live workers",
                    multiprocess_mode="livesum")
worker_rss_max = Gauge("riskgate_worker_resident_memory_max_bytes",
                       "Resident memory of the largest live worker", multiprocess_mode="livemax")
workers_cpu = Counter("riskgate_workers_cpu_seconds_total", "CPU time (user + system) the service's workers used")
store_used = Gauge("riskgate_store_used_bytes",
                   "Bytes of its map the LMDB store has used (its pages up to the highest in use)",
                   multiprocess_mode="livemax")
store_capacity = Gauge("riskgate_store_capacity_bytes",
                       "Bytes the LMDB store's map can hold (RISKGATE_LMDB_MAP_GB): a full map answers DEGRADED",
                       multiprocess_mode="livemax")

unrecorded = Gauge("riskgate_unrecorded_answers",
                   "DEGRADED answers held in memory because the store could not record them, summed over the live "
                   "workers: a restart now forgets them (their retries are decided afresh, their feedback is 404)",
                   multiprocess_mode="livesum")

# Label children resolved once: `labels()` costs a few µs per call on the hot path.
_decision_children = tuple(decisions.labels(name) for name in LEVELS)


def _zeros() -> None:
    """Every label value known in advance exported from the start, at 0: a series
    that appears only at its first event has no rate() before it, and an alert
    on it ("degraded answers > 0", "step-up pass share < 0.7") cannot see the
    first one (a black-box audit found ten of the README's metrics absent)."""
    for cause in ("store", "model", "internal"):
        degraded.labels(cause)
    for outcome in ("replayed", "conflict"):
        idempotent.labels(outcome)
    for level in LEVELS[1:4]:
        stepup_answered.labels(level)
        for passed in ("true", "false"):
            stepup.labels(level, passed)
    for level in LEVELS:
        fraud_amount.labels(level)
        fraud_cleared_amount.labels(level)
        for flag in ("true", "false"):
            fraud_reports.labels(level, flag)
    for outcome in ("adopted", "no_gain", "retired", "too_few_reports"):
        local_refits.labels(outcome)
    from features.reasons import REASON_CODES     # every documented code, not only those given so far (a review)
    for code in REASON_CODES:
        reasons.labels(code)


def zero_shadow() -> None:
    """The shadow comparisons at 0, once a shadow policy is configured (a review:
    the first "stricter" or "error" had no rate() before it)."""
    for level in LEVELS:
        for comparison in ("same", "stricter", "looser", "error"):
            shadow.labels(level, comparison)


_zeros()
_reason_children: dict[str, object] = {}
#: riskgate_request_seconds' children by endpoint, resolved once (and exported at 0)
request_children = {endpoint: request_seconds.labels(endpoint) for endpoint in ("score", "feedback")}


def count_decision(level: int, given: list, p_fraud: float | None) -> None:  # type: ignore[type-arg]
    _decision_children[level].inc()
    for r in given:
        child = _reason_children.get(r.code)
        if child is None:
            child = _reason_children[r.code] = reasons.labels(r.code)
        child.inc()  # type: ignore[attr-defined]
    if p_fraud is not None:
        risk_score.observe(p_fraud)


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
