"""The scoring engine: one payment from parsed request to recorded decision.

Shared by the HTTP app, the replay benchmark and the load benchmark, so that
what analysts measure offline is exactly what the gateway gets online. The
hot path is straight-line: derive → one store read → features → model →
policy → one store transaction. Any fault in the store or the model turns into
a DEGRADED decision from the static policy, never an exception to the caller.
"""
from __future__ import annotations

import logging
import math
import struct
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import msgspec

from features.attributes import Attributes, DeriveContext, derive, payee_hash
from features.extract import FEATURE_NAMES, FeatureSet, extract
from features.payment import Payment
from features.population import (
    PopulationFrequencies, day_reports, decode_entity, entity_keys, mark_fraud, observe_decoded, observe_entity,
    paid_before, received_fraud, remember_sender, restore_sender, unmark_fraud,
)
from features.hashing import label_key
from features.profile import (
    ProfileConfig, attr_keys, decode_profile, encode_profile, find, learn, new_profile, payee_remembered, unlearn,
)
from features.reasons import REASON_CODES, Reason
from models.challenge_calibration import ChallengeCalibrator
from models.policy import REASON_CODES_POLICY, Decision, Policy, PolicyInput, TraMonitor, shadow_compare

from . import metrics
from .errors import ApiError
from .parse import FeedbackRequest
from .records import (COMPLETED, DENIED, FAILED, PENDING, DecisionRecord, body_hash, body_key, decode_record,
                      encode_record, pack_values, same_body, unpack_values)
from .store import Abort, Store, StoreError, profile_key, record_key
from .store.base import PROFILE

log = logging.getLogger("riskgate.engine")
_shadow_log = logging.getLogger("riskgate.policy.shadow")

DAY = 86400.0
#: DEGRADED answers kept for the store while it cannot take them (~1 KB each).
UNRECORDED_CAP = 100_000
#: A store that refused a DEGRADED answer's record this recently is taken to be
#: refusing writes still (service.runtime.STORE_FAILURE_WINDOW_S for /readyz)
STORE_FAILING_S = 5.0
#: most shadow-policy difference lines logged per second (`Engine._shadow_line_due`)
SHADOW_LINES_PER_S = 10
ENTITY_PREFIXES = ("d:", "i:", "n:", "p:")
#: an erased customer's profile (`Engine.erase`): empty, it reads as a new customer's
ERASED: bytes = encode_profile(new_profile())
#: an erasure's tombstone (`Engine.erase`): its event time and the server's clock when
#: it was written, kept as long as decision records
ERASURE = "e:"
#: how far past the latest payment seen an erasure reaches (`Engine.erase`), for
#: records without the time they were scored
ERASURE_MARGIN_S = 86400.0
_ERASED_AT = struct.Struct(">d")
_ERASED_AT_WALL = struct.Struct(">dd")


def _erased_before(tomb: bytes | None, rec: DecisionRecord) -> bool:
    """Whether a payment belongs to a history erased since (its feedback must
    then teach the new profile nothing): scored before the erasure, by the
    server's clock. A record or tombstone written before the clock was kept
    falls back to the payment's date against the erasure's reach, which also
    takes the customer's new payments of the next day as erased (a review)."""
    if tomb is None:
        return False
    if len(tomb) == _ERASED_AT_WALL.size and rec.scored_at >= 0.0:
        return rec.scored_at < _ERASED_AT_WALL.unpack(tomb)[1]
    return rec.ts <= _ERASED_AT.unpack_from(tomb)[0]


_I_PAYEE_RATE = FEATURE_NAMES.index("payee_fraud_rate_short")
_I_DEV_RATE = FEATURE_NAMES.index("device_fraud_rate_long")
_I_IP_RATE = FEATURE_NAMES.index("ip_fraud_rate_long")
_I_IP_FW = FEATURE_NAMES.index("ip_fraud_w")
_I_PAYEE_N7 = FEATURE_NAMES.index("log1p_payee_n_short")
_I_DEVICE_NEW = FEATURE_NAMES.index("device_new")
_I_MISS_DEVICE = FEATURE_NAMES.index("miss_device")
_NO_FAILURE = (0, 0, 0, 0)  # (level, count, minute, count from a new device) of failed challenges not passed since


class ModelUnavailable(RuntimeError):
    """The model artefact failed to load at start-up (service.runtime.UnavailableModel):
    start-up logged the cause, so each degraded answer is one line, not a traceback."""


class Reply(msgspec.Struct):
    code: str
    message: str


class ScoreResponse(msgspec.Struct):
    transaction_id: str
    risk_score: float
    auth_level: int
    auth_method: str
    limit: float
    reasons: list[Reply]
    model_version: str
    policy_version: str


_response_encoder = msgspec.json.Encoder()


@dataclass(slots=True)
class Outcome:
    """What a score produced, for in-process callers (replay) that want more
    than the wire bytes."""

    status: int
    body: bytes
    p_fraud: float = 0.0
    level: int = 0
    limit: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    degraded: bool = False
    replayed: bool = False


def _known_device(rec: DecisionRecord) -> bool:
    """Whether the payment came from a device the customer had already completed
    payments with (the policy's known-device case), from its stored features."""
    if rec.values is None:
        return False
    v = unpack_values(rec.values)
    return len(v) == len(FEATURE_NAMES) and v[_I_MISS_DEVICE] < 0.5 and v[_I_DEVICE_NEW] < 0.5


def _challenge_result(c: Any, ckey: str, updates: dict[str, bytes], level: int, failed_at: float | None,
                      new_device: bool = True, forget_after_s: float = 86400.0) -> None:
    """Inside a feedback transaction: the customer's failed challenges not
    passed since (`Profile.fail_*`, read by the policy's
    [rules.failed_challenge]). A failure raises them; a pass at the highest
    level failed, or above, clears them; failures older than `forget_after_s`
    (the policy's window) are dropped before a new one counts, so a failure
    months ago does not escalate today's. Account state, not behaviour: the
    profile learns nothing here (a customer with no profile yet gets one that
    only holds this)."""
    blob = updates.get(ckey, c[ckey])
    if failed_at is None:
        if blob is None:
            return
        p = decode_profile(blob)
        if not p.fail_lvl or level < p.fail_lvl:
            return
        p.fail_lvl = p.fail_n = p.fail_t = p.fail_new = 0
    else:
        p = decode_profile(blob) if blob is not None else new_profile()
        if p.fail_lvl and failed_at - p.fail_t * 60.0 > forget_after_s:
            # failures the policy no longer counts do not escalate a new one
            p.fail_lvl = p.fail_n = p.fail_t = p.fail_new = 0
        p.fail_lvl = max(p.fail_lvl, level)
        p.fail_n += 1
        p.fail_t = max(p.fail_t, int(failed_at // 60.0))
        if new_device:
            p.fail_new += 1
    updates[ckey] = encode_profile(p)


def _worth_logging(n: int) -> bool:
    """For the n-th repeat of one problem: the 1st, 2nd, 4th, 8th ... and every
    10,000th are logged, so that an outage is seen and not a flood (the metrics
    count them all)."""
    return n & (n - 1) == 0 or n % 10_000 == 0


def _still_new(p: Any, attrs: Attributes, new_payee: bool, new_device: bool) -> tuple[bool, bool]:
    """Whether the payee and device are still new to profile `p` (as extract
    judged them on an older copy of it): known now, they are not."""
    ak = attr_keys(attrs)
    if new_payee and (find(p.payee, ak[10]) is not None or payee_remembered(p.payee_mem, ak[10])):
        new_payee = False
    if new_device and ak[5] is not None and find(p.device, ak[5]) is not None:
        new_device = False
    return new_payee, new_device


class Engine:
    def __init__(
        self,
        store: Store,
        derive_ctx: DeriveContext,
        model: Any,
        policy: Policy,
        *,
        shadow_policy: Policy | None = None,
        freq: PopulationFrequencies | None = None,
        profile_cfg: ProfileConfig | None = None,
        tra: Any = None,
        retention_days: float = 120.0,
        profile_retention_days: float = 730.0,
        on_shadow: Callable[[Payment, Decision, Decision], None] | None = None,
        clock_ahead_s: float | None = None,
        generic_reasons: bool = False,
    ) -> None:
        self.store = store
        #: `store.after_commit` where the store defers writes (group commit), else None
        self._after_commit: Callable[[Callable[[], None]], bool] | None = getattr(store, "after_commit", None)
        self.dctx = derive_ctx
        # body hashes are keyed with the identifiers' secret (service.records.body_key)
        self.bkey = body_key(getattr(derive_ctx.hasher, "key64", b""))
        # RISKGATE_REASON_MESSAGES=generic: messages without the customer's own figures
        # (typical amount, hours, counts), for gateways that show reasons to payers
        self.generic: dict[str, str] | None = ({**REASON_CODES, **REASON_CODES_POLICY} if generic_reasons
                                               else None)
        self.model = model
        self.policy = policy
        local = getattr(model, "local", None)
        if local is not None:            # local refits are judged by this policy's costs
            local.judge = policy.realized_cost
        self.shadow_policy = shadow_policy
        self.shadow_tra = TraMonitor(shadow_policy) if shadow_policy is not None else None
        self._shadow_second, self._shadow_lines, self._shadow_unlogged = -1e18, 0, 0
        self.freq = freq if freq is not None else PopulationFrequencies()
        self.pcfg = profile_cfg if profile_cfg is not None else ProfileConfig()
        self.tra = tra
        self.retention_s = retention_days * DAY
        self.profile_retention_s = profile_retention_days * DAY
        self.on_shadow = on_shadow
        #: The event clock: the latest payment time seen. Retention purges, local
        #: refit windows and TRA rates follow it, so that a replay behaves as live
        #: traffic did. With `clock_ahead_s` (the service), a payment dated further
        #: than that after the server's own clock is scored but does not move it:
        #: one request dated 2100 would otherwise make every record and entity look
        #: 120 days old to the next purge.
        self.max_ts = 0.0
        self.clock_ahead_s = clock_ahead_s
        self._future_n = 0
        #: DEGRADED answers the store could not record (it was down, full, hung):
        #: record key -> record. A retry of the same payment gets the same answer
        #: from here, and `record_unrecorded` (the service calls it every second)
        #: writes them once the store answers, so that their feedback finds them.
        #: Bounded: the oldest are dropped past UNRECORDED_CAP (a long outage).
        #: An OrderedDict: `record_unrecorded` (a worker thread) moves one to the
        #: back in one step, never leaving a retry on the loop a moment without it.
        self.unrecorded: OrderedDict[str, bytes] = OrderedDict()
        #: record key -> the answer decided for it and never sent, where its write failed
        #: (`_put_sent_answer`: a timed-out write that landed after all)
        self.unsent: dict[str, bytes] = {}
        self.store_failed_at = -1e18     # time.monotonic() of the last DEGRADED answer the store could not take
        self._degraded_n = 0
        self._unrecorded_errors = 0      # record_unrecorded's errors that are not the store's
        self._shadow_errors = 0
        lv = policy.config.levels[1:4]
        #: lowers the model's probabilities where step-up results show them too high
        self.challenge = ChallengeCalibrator([x.attacker_pass for x in lv],
                                             [x.attacker_pass_known_device for x in lv], policy.config.challenge)

    # ---------------------------------------------------------------- score
    def score(self, payment: Payment) -> Outcome:
        t0 = time.perf_counter()
        try:
            out = self._score(payment)
        except ApiError:
            raise
        except Exception as exc:  # a fault anywhere below must not become a 5xx
            log.exception("scoring failed; answering from the static policy")
            out = self._degraded(payment, "internal", exc)
        metrics.score_seconds.observe(time.perf_counter() - t0)
        return out

    def _score(self, payment: Payment) -> Outcome:
        attrs = derive(payment, self.dctx)
        ekeys = entity_keys(attrs)
        rkey = record_key(payment.transaction_id)
        ckey = profile_key(payment.customer_id)
        keys = [rkey, ckey, *ekeys]
        okey = self._payer_key(payment.customer_id)
        if okey is not None and okey not in ekeys:
            keys.append(okey)
        bhash = body_hash(payment, self.bkey)
        try:
            cur = self.store.read(keys)
        except StoreError as exc:
            if payment.ts > self.max_ts:
                self._advance_clock(payment.ts)
            return self._degraded(payment, "store", exc, attrs)
        # an answer sent while the store was away first: a write that timed out may have
        # landed a decision that was never sent (`_put_sent_answer` replaces it)
        if self.unrecorded and rkey in self.unrecorded:
            return self._replayed(self.unrecorded[rkey], payment, bhash)
        if cur[rkey] is not None:
            return self._replayed(cur[rkey], payment, bhash)
        # only a payment scored moves the event clock: a retry's or a refused conflict's
        # later date would bring retention's purge forward onto the records it named
        if payment.ts > self.max_ts:
            self._advance_clock(payment.ts)
        # Dated past the clock's bound (a forged or mistyped year: the clock did not
        # move): scored on its own time as API.md says, but it teaches nothing. The
        # profile and the entities would take its date as their clock, and every later
        # payment would enter them decayed to nothing: one payment dated 2099 froze a
        # shared payee's counts for every customer (a review).
        future = payment.ts > self.max_ts
        profile_blob = cur[ckey]
        profile = decode_profile(profile_blob) if profile_blob is not None else None
        try:
            ents = {k: cur[k] for k in ekeys}
            decoded: dict[str, Any] = {}
            fs = extract(attrs, profile, ents, self.freq, self.pcfg, decoded)
            risk = self.model.score(fs)
        except ModelUnavailable as exc:     # said at start-up; _degraded logs one line
            return self._degraded(payment, "model", exc, attrs)
        except Exception as exc:
            log.exception("model failed")
            return self._degraded(payment, "model", exc, attrs)
        payer = self._payer(cur, okey, payment)
        p_model = risk.p_fraud
        challenge = self.challenge
        if challenge.cfg.enabled:
            key = getattr(self.model, "calibration_key", "")
            if key != challenge.key:     # a new model: its scores are not the ones measured
                challenge.reset(key)
            p = challenge.adjust(p_model)
            if p != p_model:     # the answer says its probability is the model's, recalibrated
                risk = msgspec.structs.replace(risk, p_fraud=p, model_version=risk.model_version + "+cc")
        failed = (profile.fail_lvl, profile.fail_n, profile.fail_t, profile.fail_new) if (
            profile is not None and profile.fail_lvl) else _NO_FAILURE
        decision = self.policy.decide(self._policy_input(payment, risk.p_fraud, risk.reasons, fs, payer, failed))
        shadowed = self._shadow(payment, risk, fs, decision, payer, failed) if self.shadow_policy is not None else None

        level = decision.level
        body = self._response(payment.transaction_id, risk.p_fraud, decision, risk.model_version,
                              payment.amount)
        completed = level == 0
        teaches = not future
        record = DecisionRecord(
            body_hash=bhash, customer_id=payment.customer_id, ts=payment.ts, amount=payment.amount,
            currency=payment.currency, level=level,
            status=COMPLETED if completed else (DENIED if level == 4 else PENDING),
            response=body, attrs=attrs, values=pack_values(fs.values), learned=completed and teaches,
            p_model=p_model,
            scored_at=time.time(),
        )
        rec_bytes = encode_record(record)
        new_payee = bool(fs.new_payee)
        new_device = bool(fs.new_device)
        pcfg = self.pcfg

        def apply(c: Any) -> tuple[dict[str, bytes], None]:
            nonlocal profile
            if c[rkey] is not None:
                raise Abort(c[rkey])
            updates = {rkey: rec_bytes}
            if not teaches:
                return updates, None
            blob = c[ckey]
            read_profile = blob is profile_blob or blob == profile_blob
            now_p = None
            n_pay, n_dev = new_payee, new_device
            if not read_profile and blob is not None and (n_pay or n_dev):
                # Run again on a profile changed since the read (another worker's
                # commit, a Redis compare-and-set retry): a payee or device that a
                # concurrent payment of this customer made known is not new to the
                # entities a second time (a payee's first-time senders, say).
                now_p = decode_profile(blob)
                n_pay, n_dev = _still_new(now_p, attrs, n_pay, n_dev)
            for k in ekeys:
                new_k = n_pay if k[0] == "p" else n_dev
                b = c[k]
                # the blob extract read and decoded: update that object (once: a
                # retried call of this function decodes afresh)
                if b is ents[k] and k in decoded:
                    updates[k] = observe_decoded(decoded.pop(k), k, attrs, new_k, completed)
                else:
                    updates[k] = observe_entity(b, k, attrs, new_k, completed)
            if completed:
                if blob is None:
                    p = new_profile()
                elif read_profile and profile is not None:
                    # the object extract decoded, learned into once: a store that runs
                    # this function again (a Redis compare-and-set retry, a group
                    # commit re-run after another worker's commit) decodes afresh
                    p, profile = profile, None
                else:
                    p = now_p if now_p is not None else decode_profile(blob)
                learn(p, attrs, pcfg)
                updates[ckey] = encode_profile(p)
            return updates, None

        try:
            self.store.transact(keys, apply, self._row_ts(payment.ts))
        except Abort as a:
            return self._replayed(a.value, payment, bhash)
        except StoreError as exc:
            return self._degraded(payment, "store", exc, attrs, decided=True, unsent=body)
        def effects() -> None:
            if completed:
                if teaches:
                    self.freq.observe(attrs, fs.novelty)
                self._tra_completed(payment.amount, payment.currency, payment.ts, level)
                self._observe_completed(fs.values, payment.ts, payment.customer_id)
            self._observe_scored(fs.values, payment.ts, payment.customer_id)
            metrics.count_decision(level, decision.reasons, risk.p_fraud)
            if shadowed is not None:     # counted with the live decision it was compared with
                shadowed()

        # With group commit the writes above are only deferred: what is counted and
        # learned in memory waits for their commit (a write that loses its
        # transaction id to another worker is answered from that worker's record,
        # and counted there).
        after = self._after_commit
        if after is None or not after(effects):
            effects()
        return Outcome(200, body, risk.p_fraud, level, decision.limit, decision.reasons)

    # -------------------------------------------------------------- history
    def learn_history(self, payment: Payment, is_fraud: bool, reported_ts: float | None = None) -> None:
        """Backfill (`python -m service.backfill`): one completed payment of the
        bank's own history, learned as if the service had scored it, so that
        customers the bank has known for years are not all new on the first day.
        No decision is recorded. A genuine payment enters the profile and the
        population state; a fraud only marks its devices, networks and payee (at
        its report time when known), as a report would. Store errors propagate:
        the caller decides, there is no payment to answer."""
        if payment.ts > self.max_ts:
            self._advance_clock(payment.ts)
        attrs = derive(payment, self.dctx)
        ekeys = entity_keys(attrs)
        ckey = profile_key(payment.customer_id)
        keys = [ckey, *ekeys]
        cur = self.store.read(keys)
        blob0 = cur[ckey]
        fs = extract(attrs, decode_profile(blob0) if blob0 is not None else None, {k: cur[k] for k in ekeys},
                     self.freq, self.pcfg)
        new_payee = bool(fs.new_payee)
        new_device = bool(fs.new_device)
        mark_ts = reported_ts if reported_ts is not None else payment.ts
        pcfg = self.pcfg

        def apply(c: Any) -> tuple[dict[str, bytes], None]:
            updates: dict[str, bytes] = {}
            for k in ekeys:
                e = observe_entity(c[k], k, attrs, new_payee if k[0] == "p" else new_device, not is_fraud)
                updates[k] = mark_fraud(e, mark_ts, payment.ts, payment.customer_id) if is_fraud else e
            if not is_fraud:
                p = decode_profile(c[ckey]) if c[ckey] is not None else new_profile()
                learn(p, attrs, pcfg)
                updates[ckey] = encode_profile(p)
            return updates, None

        self.store.transact(keys, apply, self._row_ts(payment.ts))
        if is_fraud:
            self.freq.observe_fraud(attrs)
        else:
            self.freq.observe(attrs, fs.novelty)

    def _row_ts(self, ts: float) -> float:
        """The time a payment's rows are written at, which retention purges read:
        the event clock's (the payment's own when it moved the clock). A payment
        dated in the past (a terminal with a reset clock, a late offline batch)
        written at its own time made the customer's whole profile look years
        idle to the profile purge (a review), and one dated far ahead, which
        does not move the clock, would never be purged."""
        return self.max_ts if self.max_ts > 0 else ts

    def _beyond_clock(self, ts: float) -> bool:
        """Dated more than `clock_ahead_s` past the server's clock (never, without it)."""
        ahead = self.clock_ahead_s
        return ahead is not None and ts > time.time() + ahead

    def _advance_clock(self, ts: float) -> None:
        ahead = self.clock_ahead_s
        if ahead is not None and ts > time.time() + ahead:
            metrics.future_timestamps.inc()
            self._future_n += 1
            if _worth_logging(self._future_n):
                log.warning("a payment dated %s, more than %.0f h after this server's clock, was scored without "
                            "moving the event clock that retention and refits follow (%d so far)",
                            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(min(ts, 253402300799.0))),
                            ahead / 3600.0, self._future_n)
            return
        self.max_ts = ts

    def _payer_key(self, customer_id: str) -> str | None:
        """Store key of the paying customer's own account as a payee, read (never
        written) with the payment's other keys while a policy's
        `[rules.payer_fraud]` asks for it; else None."""
        if self.policy.reads_payer_account or (self.shadow_policy is not None
                                               and self.shadow_policy.reads_payer_account):
            return "p:" + payee_hash(customer_id, self.dctx)
        return None

    @staticmethod
    def _payer(cur: dict[str, bytes | None], okey: str | None, payment: Payment) -> tuple[float, int]:
        """(fraud weight, other victims) of the payer's own account (population.received_fraud)."""
        blob = cur[okey] if okey is not None else None
        if blob is None:
            return 0.0, 0
        return received_fraud(blob, label_key(payment.customer_id), payment.ts)

    def _policy_input(self, payment: Payment, p_fraud: float, reasons: list[Reason], fs: FeatureSet,
                      payer: tuple[float, int] = (0.0, 0),
                      failed: tuple[int, int, int, int] = _NO_FAILURE) -> PolicyInput:
        return PolicyInput(
            amount=payment.amount, currency=payment.currency, channel=payment.channel, p_fraud=p_fraud,
            reasons=reasons, history_n=fs.history_n, new_device=fs.new_device, new_payee=fs.new_payee,
            day_amount=fs.day_amount, customer_id=payment.customer_id, payee_id=payment.payee_id,
            device_id=payment.device_id, ip=payment.ip, country=payment.country, ts=payment.ts,
            largest_amount=fs.largest_amount, payee_fraud_rate=fs.values[_I_PAYEE_RATE],
            payee_largest=fs.payee_largest, day_largest=fs.day_largest,
            device_fraud_others=fs.device_fraud_others, device_fraud_victims=fs.device_fraud_victims,
            payee_fraud_victims=fs.payee_fraud_victims, payee_payments_7d=math.expm1(fs.values[_I_PAYEE_N7]),
            ip_fraud_victims=fs.ip_fraud_victims,
            ip_fraud_rate=fs.values[_I_IP_RATE], ip_fraud_weight=fs.values[_I_IP_FW],
            device_others_1d=fs.device_others_1d, device_fraud_rate=fs.values[_I_DEV_RATE],
            payer_fraud_weight=payer[0], payer_fraud_victims=payer[1],
            failed_level=failed[0], failed_n=failed[1], failed_ts=failed[2] * 60.0, failed_new=failed[3],
        )

    def _shadow(self, payment: Payment, risk: Any, fs: FeatureSet, live: Decision,
                payer: tuple[float, int] = (0.0, 0),
                failed: tuple[int, int, int, int] = _NO_FAILURE) -> Callable[[], None]:
        """The shadow policy's decision beside the live one (docs/policy.md, "Shadow
        policy"), and what counts it: by its level and comparison (`error` when it
        raised), a difference logged on riskgate.policy.shadow at INFO without
        identifiers. The count runs with the live decision's own (`effects`), once
        that decision is committed and answered: one answered DEGRADED, or from an
        earlier record, was never the live policy's (a review)."""
        try:
            sd = self.shadow_policy.decide(  # type: ignore[union-attr]
                self._policy_input(payment, risk.p_fraud, risk.reasons, fs, payer, failed))
            label = shadow_compare(live, sd)
        except Exception:  # the shadow never affects the live answer
            self._shadow_errors += 1
            if _worth_logging(self._shadow_errors):
                _shadow_log.exception("shadow policy failed (%d so far; riskgate_shadow_decisions_total{comparison="
                                      "\"error\"} counts them)", self._shadow_errors)
            return lambda: metrics.shadow.labels(metrics.LEVELS[live.level], "error").inc()

        def count() -> None:
            try:
                metrics.shadow.labels(metrics.LEVELS[sd.level], label).inc()
                if label != "same" and _shadow_log.isEnabledFor(logging.INFO) and self._shadow_line_due():
                    _shadow_log.info("shadow %s: live level=%d limit=%.2f rule=%s | shadow %s level=%d limit=%.2f "
                                     "rule=%s | p=%.4f amount=%.2f%s", label, live.level, live.limit, live.rule,
                                     self.shadow_policy.version, sd.level, sd.limit, sd.rule,  # type: ignore[union-attr]
                                     risk.p_fraud, payment.amount, self._shadow_unlogged_note())
                if self.on_shadow is not None:
                    self.on_shadow(payment, live, sd)
            except Exception:
                _shadow_log.exception("counting the shadow policy's decision failed")
        return count

    def _shadow_line_due(self) -> bool:
        """At most SHADOW_LINES_PER_S difference lines a second: an audit saw one
        line per differing decision, 288 a second at 290 payments/s. The metric
        counts every difference; the lines are examples."""
        now = time.monotonic()
        if now - self._shadow_second >= 1.0:
            self._shadow_second, self._shadow_lines = now, 0
        if self._shadow_lines >= SHADOW_LINES_PER_S:
            self._shadow_unlogged += 1
            return False
        self._shadow_lines += 1
        return True

    def _shadow_unlogged_note(self) -> str:
        n, self._shadow_unlogged = self._shadow_unlogged, 0
        return (f" ({n} more differences since the last line not logged; riskgate_shadow_decisions_total counts "
                f"them all)") if n else ""

    def _response(self, tx: str, p: float, d: Decision, model_version: str, amount: float) -> bytes:
        limit = d.limit          # whole cents already, payable at the level (models.policy._payable_limit)
        if d.level < 4 and limit < amount:
            limit = amount
        return _response_encoder.encode(ScoreResponse(
            transaction_id=tx, risk_score=round(min(1.0, max(0.0, p)), 6), auth_level=d.level,
            auth_method=d.method, limit=limit,
            reasons=([Reply(r.code, r.message) for r in d.reasons] if self.generic is None
                     else [Reply(r.code, self.generic.get(r.code, r.code)) for r in d.reasons]),
            model_version=model_version, policy_version=self.policy.version,
        ))

    def answer_lost_write(self, payment: Payment, exc: BaseException,
                          unsent: bytes | None = None) -> Outcome | None:
        """The answer for a payment scored with deferred writes that did not
        commit (service/commit_batch.py): what the store now holds for its
        transaction id, else the static fallback of a failed store. The
        decision first computed (`unsent`: its body, when it was a fresh
        decision) is never sent unless the store holds it: None says so, when
        the write whose reply was lost (a Redis pipeline past its timeout)
        landed after all, and the caller sends it with its effects.

        What is stored may be another worker's record of the id, or the record
        a retry was answered from when what failed was another payment's write
        it read past (a retry of a long-committed payment in the same turn as
        a failing one: a review found it answered DEGRADED, and counted so)."""
        rkey = record_key(payment.transaction_id)
        try:
            rec = self.store.read([rkey])[rkey]
        except StoreError:
            rec = None
        if rec is not None:
            if unsent is not None and not isinstance(exc, Abort) and decode_record(rec).response == unsent:
                return None
            return self._replayed(rec, payment)
        return self._degraded(payment, "store" if isinstance(exc, StoreError) else "internal", exc,
                              decided=True, unsent=unsent)

    def _replayed(self, rec_bytes: bytes, payment: Payment, bhash: bytes | None = None) -> Outcome:
        rec = decode_record(rec_bytes)
        if not same_body(rec.body_hash, payment, bhash if bhash is not None else body_hash(payment, self.bkey)):
            metrics.idempotent.labels("conflict").inc()
            raise ApiError(409, "conflict", "this transaction_id was already scored with a different body",
                           "transaction_id")
        # counted as "replayed" where the answer is sent with its header (service.hot_routes):
        # a retry answered here can still be answered again after a lost group commit
        return Outcome(200, rec.response, level=rec.level, replayed=True)

    def _degraded(self, payment: Payment, cause: str, exc: BaseException | None,
                  attrs: Attributes | None = None, decided: bool = False, unsent: bytes | None = None) -> Outcome:
        """The static fallback: conservative, explained, counted, and recorded so
        that a retry gets the same answer and feedback finds it: in the store
        when it answers, else in `unrecorded` until it does.

        `unsent`: the answer decided first, whose write failed. A write that timed
        out may still have landed (a Redis script whose reply was lost): finding
        that answer stored, `record_unrecorded` puts the one sent in its place."""
        rkey = record_key(payment.transaction_id)
        pending = self.unrecorded.get(rkey)
        if pending is not None:          # a retry while the store is still away: the same answer
            return self._replayed(pending, payment)
        self._degraded_n += 1
        if _worth_logging(self._degraded_n):
            log.warning("degraded decision (%s): %s (%d so far; riskgate_degraded_total counts them all)",
                        cause, exc, self._degraded_n)
        # `decided`: the policy already judged this payment (its currency counted once)
        d = self.policy.degraded(payment.amount, payment.currency, payment.channel, count=not decided)
        p = 0.5
        body = self._response(payment.transaction_id, p, d, "fallback", payment.amount)
        rec = DecisionRecord(
            body_hash=body_hash(payment, self.bkey), customer_id=payment.customer_id, ts=payment.ts,
            amount=payment.amount, currency=payment.currency, level=d.level,
            status=COMPLETED if d.level == 0 else (DENIED if d.level == 4 else PENDING),
            response=body, attrs=attrs, values=None, learned=False, degraded=True, scored_at=time.time())
        rb = encode_record(rec)
        recorded = False
        if cause != "store":
            try:
                self._record_if_absent(rkey, rb, self._row_ts(payment.ts))
                recorded = True
            except Abort as a:
                return self._replayed(a.value, payment)
            except Exception:
                log.exception("could not record the degraded decision; kept until the store takes it")
        if not recorded:
            self._remember_unrecorded(rkey, rb)
            if unsent is not None:
                self.unsent[rkey] = unsent
            self.store_failed_at = time.monotonic()

        def counted() -> None:
            metrics.degraded.labels(cause).inc()
            metrics.count_decision(d.level, d.reasons, None)
            if d.level == 0:
                # it completes at once: TRA counts its value, as its fraud's if it is
                # reported (a review found the fraud counted without the volume)
                self._tra_completed(payment.amount, payment.currency, payment.ts, 0)

        # recorded with group commit: counted once that record is committed (one that
        # loses its id to another worker's record is answered, and counted, from there)
        after = self._after_commit if recorded else None
        if after is None or not after(counted):
            counted()
        return Outcome(200, body, p, d.level, d.limit, d.reasons, degraded=True)

    def _record_if_absent(self, rkey: str, rb: bytes, ts: float) -> None:
        """Write a decision record unless one is stored (then `Abort` with it)."""
        def put(c: Any) -> tuple[dict[str, bytes], None]:
            if c[rkey] is not None:
                raise Abort(c[rkey])
            return {rkey: rb}, None

        self.store.transact([rkey], put, ts)

    def _remember_unrecorded(self, rkey: str, rb: bytes) -> None:
        u = self.unrecorded
        if len(u) >= UNRECORDED_CAP:
            oldest = next(iter(u))       # a long outage: the oldest answer's retry is the least likely
            del u[oldest]
            self.unsent.pop(oldest, None)
        u[rkey] = rb

    def _put_sent_answer(self, rkey: str, rb: bytes, unsent: bytes) -> bool:
        """Replace a stored record holding the answer this worker decided but never
        sent (its write timed out and still landed) with the DEGRADED one it sent;
        whether it did. Another worker's answer, which was sent, stays. What the
        landed write learned stays learned while the answer sent completed the
        payment (level 0), and the record says so (`learned`, with the landed
        attributes): a report unlearns it. Where the answer sent asked for a
        challenge or denied, the payment has not completed: the profile unlearns
        it here (a review found it kept as genuine whatever the challenge gave);
        the entities keep the landed write's counts."""
        sent0 = decode_record(rb)
        ckey = profile_key(sent0.customer_id)
        tkey = ERASURE + sent0.customer_id
        pcfg = self.pcfg

        def put(c: Any) -> tuple[dict[str, bytes], bool]:
            stored = c[rkey]
            if stored is None:
                return {rkey: rb}, True
            old = decode_record(stored)
            if old.degraded or old.response != unsent:
                return {}, False
            sent = decode_record(rb)
            if sent.attrs is None:
                sent.attrs = old.attrs
            updates: dict[str, bytes] = {}
            if old.learned and sent.status != COMPLETED:
                if old.attrs is not None and c[ckey] is not None and not _erased_before(c[tkey], old):
                    p = decode_profile(c[ckey])
                    unlearn(p, old.attrs, pcfg)
                    updates[ckey] = encode_profile(p)
                sent.learned = False
            else:
                sent.learned = old.learned
            updates[rkey] = encode_record(sent)
            return updates, True

        return bool(self.store.transact([rkey, ckey, tkey], put, self._row_ts(sent0.ts)))

    def record_unrecorded(self) -> int:
        """Write the DEGRADED answers the store could not take, oldest first, and
        forget each once it is stored (or once another worker stored an answer
        for the same id); stops at the first store failure. Any thread: the
        store serialises. Returns how many were written.

        The answer the store refused goes to the back of the queue, so that one
        the store can never take (a white-box review: this loop stopped at the
        same first entry every second) does not keep those behind it waiting;
        an error that is not the store's is logged and passed over likewise."""
        written = 0
        for rkey, rb in list(self.unrecorded.items()):
            try:
                unsent = self.unsent.get(rkey)
                if unsent is not None:
                    written += self._put_sent_answer(rkey, rb, unsent)
                else:
                    self._record_if_absent(rkey, rb, self._row_ts(decode_record(rb).ts))
                    written += 1
            except Abort:
                pass
            except StoreError:
                # still refused: the store is failing as long as answers wait for it (a full
                # disk answers pings and reads, so only a write tells; /readyz reads this)
                self.store_failed_at = time.monotonic()
                self._to_the_back(rkey)
                break
            except Exception:
                self._unrecorded_errors += 1
                if _worth_logging(self._unrecorded_errors):     # tried every second: not a flood
                    log.exception("could not record a DEGRADED answer; it stays queued behind the others "
                                  "(%d such errors so far)", self._unrecorded_errors)
                self._to_the_back(rkey)
                continue
            self.unrecorded.pop(rkey, None)
            self.unsent.pop(rkey, None)
        return written

    def _to_the_back(self, rkey: str) -> None:
        if rkey in self.unrecorded:
            try:
                self.unrecorded.move_to_end(rkey)
            except KeyError:             # the loop's feedback recorded it meanwhile
                pass

    # ------------------------------------------------------------- feedback
    def feedback(self, req: FeedbackRequest, ts: float) -> str:
        """Apply one feedback event; returns what it changed (for the reply and
        metrics). Raises ApiError 404 for an unknown transaction id.

        `ts` is the gateway's word for when it happened, and acts bounded
        (`_feedback_time`): never before the payment, never past the event
        clock's own bound. The rows it writes take the event clock's time (the
        payment's, if later), not `ts`: a feedback dated in a mistyped year made
        the decision record, profile and entities look years old to the next
        retention purge (a black-box audit saw a record purged so: its retry
        was decided afresh), and one dated 2100 would keep them from ever
        being purged.

        A cleared report (`is_fraud: false` after `true`) takes back what the
        report did (`_clear_report`), so fraud -> cleared -> fraud counts once.
        The TRA monitors count fraud value only for payments that completed
        (PSD2 TRA divides fraud value by completed value): at the report if the
        payment had completed, else when a passed challenge completes it."""
        t0 = time.perf_counter()
        rkey = record_key(req.transaction_id)
        if self.unrecorded and rkey in self.unrecorded:   # a DEGRADED answer the store has not taken yet
            self.record_unrecorded()
            if rkey in self.unrecorded:                  # still refused (a full disk reads but does not write)
                raise ApiError(503, "not_ready", "the decision for this transaction_id is not recorded yet: the "
                               "store refuses writes; retry")
        try:
            first = self.store.read([rkey])[rkey]
        except StoreError as exc:
            raise ApiError(503, "not_ready", f"the store is unavailable: {exc}") from None
        if first is None:
            if self.unrecorded and time.monotonic() - self.store_failed_at < STORE_FAILING_S:
                # The store refuses writes now, so another worker's DEGRADED answer to
                # this id may be waiting to be recorded: 404 would be final to the
                # gateway (API.md) and lose the feedback; 503 asks it to retry.
                raise ApiError(503, "not_ready", "no decision is recorded for this transaction_id while the store "
                               "refuses writes; retry")
            raise ApiError(404, "not_found", "no decision is known for this transaction_id", "transaction_id")
        rec0 = decode_record(first)
        ckey = profile_key(rec0.customer_id)
        tkey = ERASURE + rec0.customer_id
        ekeys = entity_keys(rec0.attrs) if rec0.attrs is not None else []
        keys = [rkey, ckey, tkey, *ekeys]
        pcfg = self.pcfg
        at = self._feedback_time(ts, rec0.ts)
        # the rows' time: the event clock, or the payment's (bounded as `at` is)
        # in a worker that has scored nothing yet; never the feedback's own
        paid = rec0.ts if rec0.ts < at else at
        row_ts = paid if paid > self.max_ts else self.max_ts
        # failed challenges older than the live policy's window are forgotten at the next one
        forget_s = self.policy.config.failed_challenge_hours * 3600.0 or 86400.0

        def apply(c: Any) -> tuple[dict[str, bytes], tuple[str, DecisionRecord, bool, int]]:
            rec = decode_record(c[rkey])
            updates: dict[str, bytes] = {}
            effect = "unchanged"
            first_result = rec.status == PENDING
            was_fraud = rec.fraud
            # the customer's history was erased since this payment: its profile is not touched
            erased = _erased_before(c[tkey], rec)
            if req.kind == "auth_result":
                if rec.level in (1, 2, 3) and rec.status in (PENDING, FAILED):
                    if req.passed:      # a first result, or a retry after a failed one (another OTP)
                        rec.status = COMPLETED
                        effect = "completed"
                        if rec.fraud != 1 and not erased:   # a payment already reported is never learned
                            self._learn_completed(c, rec, ckey, ekeys, updates)   # as genuine,
                            _challenge_result(c, ckey, updates, rec.level, None)  # nor clears a failure
                    elif rec.status == PENDING:
                        rec.status = FAILED
                        effect = "failed"
                        if not erased:
                            _challenge_result(c, ckey, updates, rec.level, at, not _known_device(rec), forget_s)
            else:
                if req.is_fraud and rec.fraud != 1:
                    rec.fraud = 1
                    rec.reported_ts = at
                    effect = "fraud"
                    if rec.learned and rec.attrs is not None and c[ckey] is not None and not erased:
                        p = decode_profile(c[ckey])
                        unlearn(p, rec.attrs, pcfg)
                        updates[ckey] = encode_profile(p)
                        rec.learned = False
                    paid_ts = rec.attrs.ts if rec.attrs is not None else None
                    for k in ekeys:
                        if k[0] == "p":        # what the report takes from the payee's memory, for a clear
                            held = paid_before(decode_entity(c[k]), label_key(rec.customer_id))
                            rec.payee_held = list(held) if held is not None else []
                        updates[k] = mark_fraud(c[k], at, paid_ts, rec.customer_id)
                        if k[0] == "p" and paid_ts is not None:
                            rec.day_counted = day_reports(updates[k], paid_ts) > day_reports(c[k], paid_ts)
                elif req.is_fraud is False and rec.fraud != 0:
                    if rec.fraud == 1:
                        self._clear_report(c, rec, ckey, ekeys, updates, erased)
                    rec.fraud = 0
                    effect = "cleared"
            if effect != "unchanged":
                updates[rkey] = encode_record(rec)
            return updates, (effect, rec, first_result, was_fraud)

        try:
            effect, rec, first_result, was_fraud = self.store.transact(keys, apply, row_ts)
        except StoreError as exc:
            raise ApiError(503, "not_ready", f"the store is unavailable: {exc}") from None
        level_name = metrics.LEVELS[rec.level]
        if req.kind == "auth_result":
            # Counted when it changed the record (a challenge was asked: levels
            # 1-3): a first result, or a pass after a failure (an OTP retry: two
            # results, one failed and one passed). A retried result and a failure
            # after a pass change nothing and are not counted: the pass-rate
            # alerts divide these.
            if effect in ("completed", "failed"):
                metrics.stepup.labels(level_name, "true" if effect == "completed" else "false").inc()
                if first_result:
                    metrics.stepup_answered.labels(level_name).inc()
            if first_result and effect in ("completed", "failed") and rec.values is not None and not rec.degraded:
                self._observe_challenge(rec, effect == "completed", at)
            if effect == "completed":
                self._tra_completed(rec.amount, rec.currency, rec.ts, rec.level)
                if rec.fraud == 1:      # reported before its challenge's result came: a completed fraud
                    self._tra_fraud(rec, True)
                else:
                    if rec.attrs is not None:
                        self.freq.observe(rec.attrs)
                    if rec.values is not None:   # at the payment's time, as level 0 payments are
                        self._observe_completed(unpack_values(rec.values), rec.ts, rec.customer_id)
        elif effect in ("fraud", "cleared"):    # a repeated report changes nothing and is not counted
            metrics.fraud_reports.labels(level_name, "true" if req.is_fraud else "false").inc()
            if effect == "fraud":
                # in the policy's currency: 1.5 M VND (about 50 EUR) counted 1.5 M (an audit)
                metrics.fraud_amount.labels(level_name).inc(rec.amount * self.policy.to_base(rec.currency))
                if rec.attrs is not None:
                    self.freq.observe_fraud(rec.attrs)
                if rec.status == COMPLETED:
                    self._tra_fraud(rec, True)
            else:
                if was_fraud == 1:
                    metrics.fraud_cleared_amount.labels(level_name).inc(rec.amount * self.policy.to_base(rec.currency))
                if was_fraud == 1 and rec.status == COMPLETED:
                    self._tra_fraud(rec, False)
            if rec.values is not None and hasattr(self.model, "learn_one"):
                try:
                    self.model.learn_one(unpack_values(rec.values), effect == "fraud", ts=at,
                                         customer_id=rec.customer_id, paid_ts=rec.ts,
                                         report_cleared=effect == "cleared" and was_fraud == 1)
                except Exception:
                    log.exception("online model failed to learn a report")
        metrics.feedback_seconds.observe(time.perf_counter() - t0)
        return effect

    def _feedback_time(self, ts: float, paid_ts: float) -> float:
        """When a feedback event acts (fraud marks, the online learner, the
        challenge calibration): its own `ts`, but not before the payment
        (`paid_ts`), and not more than `clock_ahead_s` past the server's clock
        (the bound `_advance_clock` keeps the event clock within) nor past the
        event clock itself, once it has one (a service fed history: its
        event clock is months behind the server's); the bound wins over a
        payment dated past it. Without the floor a report dated 1970 marks
        entities with a weight long decayed (no effect); without the ceiling
        one dated 2100 marks them for good and moves the online learner's
        clock. Without `clock_ahead_s` (in-process replays) a file's own times
        are trusted, as the score path trusts them."""
        t = ts if ts > paid_ts else paid_ts
        ahead = self.clock_ahead_s
        if ahead is not None:
            hi = time.time() + ahead
            if 0.0 < self.max_ts and self.max_ts + ahead < hi:
                hi = self.max_ts + ahead
            if t > hi:
                t = hi
        return t

    def _learn_completed(self, c: Any, rec: DecisionRecord, ckey: str, ekeys: list[str],
                         updates: dict[str, bytes], remember_payee: bool = True) -> None:
        """Inside a feedback transaction: teach the customer's profile a payment
        that completed after it was scored (a passed challenge, or a cleared
        report of a completed payment), and its payee that the customer paid it,
        as the score path does for level 0. Builds on `updates` already made."""
        if rec.attrs is None or rec.learned or rec.degraded or self._beyond_clock(rec.ts):
            # a DEGRADED answer was never scored against the profile or counted by its
            # entities: it teaches neither, passed or cleared alike (a review found a
            # degraded level 0 never learned, a degraded level 1 learned once passed);
            # nor does a payment dated past the clock's bound (`_score`)
            return
        blob = updates.get(ckey, c[ckey])
        p = decode_profile(blob) if blob is not None else new_profile()
        learn(p, rec.attrs, self.pcfg)
        updates[ckey] = encode_profile(p)
        rec.learned = True
        if not remember_payee:
            return
        for k in ekeys:
            if k[0] == "p":
                updates[k] = remember_sender(updates.get(k, c[k]), rec.attrs)

    def _clear_report(self, c: Any, rec: DecisionRecord, ckey: str, ekeys: list[str],
                      updates: dict[str, bytes], erased: bool = False) -> None:
        """Inside a feedback transaction: a standing fraud report was cleared
        (API.md: a cleared case is one the service learns from). Its marks on
        the device, IP, network and payee are taken back (`unmark_fraud`, at
        the time they were made; a record reported before `reported_ts` was kept
        leaves its marks to fade), and a payment that had completed is learned
        again, as if never reported. The TRA monitors and the online learner are
        told after the transaction (`feedback`). The population frequencies
        keep its attributes among the attacker's: they have no inverse (bounded
        statistics, halved as they grow), and one payment moves them little."""
        if rec.reported_ts >= 0.0:
            paid_ts = rec.attrs.ts if rec.attrs is not None else None
            for k in ekeys:
                b = unmark_fraud(c[k], rec.reported_ts, paid_ts, rec.customer_id,
                                 rec.day_counted if k[0] == "p" else True)
                if b is not None:
                    updates[k] = b
        rec.reported_ts = -1.0
        # Another report of this customer's to the same payee may still stand (the payee
        # still lists them among its victims): its memory of the customer stays forgotten,
        # as that report left it (a review: report A, report B, clear A gave it back).
        ck = label_key(rec.customer_id)
        standing = any(k[0] == "p" and (e := decode_entity(updates.get(k, c[k]))) is not None and ck in e.fraud_cust
                       for k in ekeys)
        if rec.payee_held and not erased and not standing:
            for k in ekeys:
                if k[0] == "p":
                    updates[k] = restore_sender(updates.get(k, c[k]), rec.customer_id, rec.payee_held)
        rec.payee_held = []
        if rec.status == COMPLETED and not erased:     # an erased history is not learned again
            self._learn_completed(c, rec, ckey, ekeys, updates, remember_payee=not standing)

    def _tra_fraud(self, rec: DecisionRecord, add: bool) -> None:
        """Count (or, for a cleared report, take back) a completed payment's
        fraud value in the TRA monitors, on the payment's own day. Callers
        keep the invariant: counted while the record is both COMPLETED and
        reported, by the worker that made it so (each worker's monitor is its own)."""
        # on the day its value was counted (`_tra_completed`): a payment dated past the
        # event clock's bound moved the monitor's clock there (a review: for decades)
        ts = self._learn_ts(rec.ts)
        for tra in (self.tra, self.shadow_tra):
            if tra is not None:
                if add:
                    tra.observe_fraud(rec.amount, rec.currency, ts)
                else:
                    tra.unobserve_fraud(rec.amount, rec.currency, ts)

    def _observe_challenge(self, rec: DecisionRecord, passed: bool, ts: float) -> None:
        """The first result of a challenge, for the challenge calibration: the
        model's p then, the level, and whether the device was one the customer
        had already completed payments with (the policy's known-device case)."""
        if rec.p_model <= 0.0:
            return
        if len(unpack_values(rec.values)) != len(FEATURE_NAMES):
            return
        self.challenge.observe(rec.p_model, rec.level, _known_device(rec), passed, ts,
                               getattr(self.model, "calibration_key", ""))
        metrics.challenge_shift.set(self.challenge.max_shift())

    def _tra_completed(self, amount: float, currency: str | None, ts: float, level: int) -> None:
        """PSD2 TRA counts completed payments only: level 0 at once, 1-3 after a
        passed challenge. The shadow policy keeps its own monitor."""
        ts = self._learn_ts(ts)
        if self.tra is not None:
            self.tra.observe(amount, currency, ts, level)
        if self.shadow_tra is not None:
            self.shadow_tra.observe(amount, currency, ts, level)

    def _learn_ts(self, ts: float) -> float:
        """The time the in-memory learners take a payment at: its own, but not past
        the event clock, which a payment dated beyond `clock_ahead_s` does not move
        (a review: one dated 2099 moved the online learner's clock there, and every
        payment after it matured as genuine at once, before any report could come)."""
        return self.max_ts if 0.0 < self.max_ts < ts else ts

    def _observe_completed(self, values: list[float], ts: float, customer_id: str) -> None:
        """Completed payments become the online model's negatives once they have
        matured without a report (its guard against label-delay bias)."""
        self._tell_model("observe_completed", values, self._learn_ts(ts), customer_id)

    def _observe_scored(self, values: list[float], ts: float, customer_id: str) -> None:
        """Every payment decided (once: a retry is answered before this) may
        become a genuine example of the local refits (`RiskModel.observe_scored`)."""
        self._tell_model("observe_scored", values, self._learn_ts(ts), customer_id)

    def _tell_model(self, hook: str, values: list[float], ts: float, customer_id: str) -> None:
        """A learning hook of the model, when it has one: its failure is logged,
        never the payment's (the decision is already stored)."""
        observe = getattr(self.model, hook, None)
        if observe is not None:
            try:
                observe(values, ts, customer_id)
            except Exception:
                log.exception("the model failed in %s", hook)

    # ---------------------------------------------------------- maintenance
    def purge(self) -> int:
        """Drop decision records older than the retention, population entities
        (devices, IPs, networks, payees) untouched for as long, and profiles
        untouched for the profile retention, in event time (the embedded store
        walks entities and profiles a bounded window per call, so an expired
        one may wait for a later call); returns the number of records dropped."""
        if self.max_ts <= 0:
            return 0
        before = self.max_ts - self.retention_s
        n = self.store.purge("r:", before)
        for prefix in ENTITY_PREFIXES:
            self.store.purge(prefix, before)
        self.store.purge(ERASURE, before)        # the records they guard are gone
        self.store.purge(PROFILE, self.max_ts - self.profile_retention_s)
        if n:
            metrics.purged.inc(n)
        return n

    def erase(self, customer_id: str) -> bool:
        """Forget what was learned about a customer (a data subject's erasure, an
        account closed): the profile is replaced, through the scoring path's own
        transaction (so no queued group commit can bring it back), by an empty one
        dated at time 0, which reads as a new customer and which the profile purge
        removes. A tombstone (`ERASURE`, kept as long as decision records) keeps
        feedback on the erased payments from teaching the new profile, whether or
        not a profile was stored yet. Decision records keep their retention: late
        fraud reports must still find them. Whether a profile was stored."""
        key = profile_key(customer_id)
        tkey = ERASURE + customer_id
        # The erasure covers every payment dated up to a day after the latest this worker
        # or the customer's profile has seen: workers' event clocks differ (a black-box
        # check erased on one worker while another had scored later-dated payments), and
        # a payment dated ahead of the clock does not move it. A challenge passed within
        # that day after the erasure teaches the new profile nothing either.
        blob = self.store.read([key])[key]
        last = decode_profile(blob).last * 60.0 if blob is not None and blob != ERASED else 0.0
        clock = self.max_ts if self.max_ts > 0 else time.time()
        at = max(clock, last) + ERASURE_MARGIN_S

        def mark(cur: Mapping[str, bytes | None]) -> tuple[dict[str, bytes], None]:
            # always, and the date only ever forward: payments still pending when the
            # customer had no profile yet, or made since an earlier erasure, are erased
            # too (a review); the clock is this erasure's, which every decision made
            # before it precedes (feedback on a payment scored after it teaches the new
            # profile, whatever the payment's date)
            old_at = _ERASED_AT.unpack_from(cur[tkey])[0] if cur[tkey] is not None else -math.inf
            return {tkey: _ERASED_AT_WALL.pack(max(at, old_at), time.time())}, None

        self.store.transact([tkey], mark, at)

        def reset(cur: Mapping[str, bytes | None]) -> tuple[dict[str, bytes], bool]:
            old = cur[key]
            if old is None or old == ERASED:
                return {}, False
            return {key: ERASED}, True

        return bool(self.store.transact([key], reset, 0.0))
