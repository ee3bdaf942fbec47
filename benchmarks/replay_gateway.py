"""The gateway simulation: what a bank's payment gateway does around each decision.

For every historical payment, in event-time order, the simulated gateway

1. first delivers every feedback event that is due (event time <= the payment's
   `ts`): step-up results and fraud reports sit in one priority queue keyed by
   event time, so a fraud report reaches the scorer at `fraud_reported_at` and
   never earlier, exactly as it would in production;
2. scores the payment (any `score(row) -> Answer` callable: the in-process engine
   or the HTTP client; a refused row is counted in `rows_rejected` and skipped);
3. acts on the level (API.md):
   - 0 `none`: the payment completes;
   - 1-3 (otp / biometric / strong): the customer is challenged. A genuine customer
     passes with `genuine_pass[level]` (default otp 0.97, biometric 0.95, strong
     0.90; a failure is abandonment, counted as friction). A fraudster passes with
     the per-level probability of its scenario (`attacker_pass_for`). The result is
     sent as `auth_result` `auth_delay_s` later; `passed=false` means the payment
     did not happen and the service must not learn it into the profile;
   - 4 `deny`: the payment does not complete.
4. queues a `fraud_report is_fraud=true` at `fraud_reported_at` for fraud rows
   (also for stopped attempts: the bank's case team confirms attempted fraud too).

"Stopped" = a fraud payment that did not complete: denied, or challenged and the
attacker failed. One uniform draw `u` per row, a hash of the seed and the row's
transaction id, decides every challenge of that row: the service's and each
baseline's (common random numbers, so the comparison is not blurred by luck), and the
same payment's in every run whatever else was scored (a review: drawn from one stream,
a refused row or another --from shifted every later draw). Rows with an empty `is_fraud` are scored and
learned like genuine payments whose label is unknown, but excluded from label
metrics.
"""
from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
import time
from array import array
from dataclasses import dataclass, field
from typing import Callable, Iterable

from service.replay_rows import Row

GENUINE_PASS: tuple[float, float, float, float] = (1.0, 0.97, 0.95, 0.90)

# Probability that an attacker gets through level 0..3, by kind of attack. The
# scenario name of the replay file is matched on these keywords (first kind that
# hits wins; a keyword of 3 letters or fewer must be a whole word, a longer one
# the start of a word or phrase), so any generator's or dataset's naming maps to
# a sensible kind of attack.
ATTACK_KINDS: tuple[tuple[str, tuple[str, ...], tuple[float, float, float, float]], ...] = (
    # first-party fraud: whoever answers the challenge is the fraudster (a chargeback on one's own
    # purchase, a bust-out, an account opened with a stolen or synthetic identity or by a ring for
    # promotions, an insider or a colluding merchant or agent, an employee misusing a company card):
    # every code and face is theirs, and a call-back reaches them too (a review found these counted
    # as stopped at 70-95 % of their challenges)
    ("first_party", ("friendly", "first_party", "firstparty", "chargeback", "dispute", "bust_out", "bustout",
                     "new_account", "identity", "synthetic", "abuse", "collusi", "insider", "misuse", "employee",
                     "driver", "chip_dumping"),
     (1.0, 1.0, 1.0, 0.9)),
    # the customer is manipulated into authenticating the payment themselves; only a
    # call-back (level 3) has a fair chance to break the spell
    # (a shock call: a fake grandchild or policeman on the phone; an express kidnapping:
    # the victim pays under threat)
    ("social_engineering", ("scam", "social", "push_payment", "app", "romance", "impersonat", "investment",
                            "mule", "authorised", "authorized", "fake", "butcher", "poison", "arrest", "support",
                            "bec", "ceo", "invoice", "divers", "reversal", "shock", "grandchild", "grandparent",
                            "vishing", "kidnap", "extortion", "coerc"),
     (1.0, 0.95, 0.95, 0.50)),
    # the victim's number ported to the attacker: SMS codes (and call-backs to the number) reach the
    # attacker, the app-bound biometric on the victim's own phone does not
    ("sim_swap", ("sim_swap", "simswap", "port_out", "sim"),
     (1.0, 0.95, 0.10, 0.10)),
    # the attacker holds or controls the victim's phone (theft, malware, remote access): codes arrive
    # on it; the victim's face or finger, and a call-back, are harder
    ("device_in_hand", ("stolen_phone", "stolen_device", "phone_theft", "malware", "remote", "rat", "device_takeover",
                        "session", "hijack", "trojan"),
     (1.0, 0.90, 0.15, 0.05)),
    # stolen credentials used from the attacker's own device (phishing, credential stuffing, ATO,
    # logins from far away, slow imitation): codes go to the real owner, real-time phishing aside
    ("account_takeover", ("ato", "account", "phish", "credential", "takeover", "bot", "stuffing", "login",
                          "slow", "travel"),
     (1.0, 0.15, 0.05, 0.02)),
    # card data only (skimmed, leaked, tested, compromised terminal): the challenge goes to the owner
    ("card_data", ("card", "terminal", "skim", "cnp", "leak", "breach", "amount_over", "testing", "stolen"),
     (1.0, 0.05, 0.02, 0.01)),
)
DEFAULT_ATTACKER_PASS: tuple[float, float, float, float] = (1.0, 0.30, 0.10, 0.02)  # the default policy's
_WORDS = re.compile(r"[a-z0-9]+")


def _matches(scenario: str, word: str) -> bool:
    norm = "_" + "_".join(_WORDS.findall(scenario.lower())) + "_"
    return f"_{word}_" in norm if len(word) <= 3 else f"_{word}" in norm


def attack_kind(scenario: str | None) -> str:
    """The kind of attack a scenario name describes ("default" when none matches).
    The longer keywords are read first, in every kind, then the short whole words:
    "app" names authorised-push-payment scams, but in "phished_app_takeover" it is
    the victim's banking app and "phish" says what happened (a world's own name)."""
    if scenario:
        for long_words in (True, False):
            for kind, words, _probs in ATTACK_KINDS:
                if any(_matches(scenario, w) for w in words if (len(w) > 3) == long_words):
                    return kind
    return "default"


_PASS_BY_KIND = {kind: probs for kind, _w, probs in ATTACK_KINDS}


def attacker_pass_for(scenario: str | None) -> tuple[float, float, float, float]:
    """Per-level attacker pass probabilities for a scenario name (see ATTACK_KINDS)."""
    return _PASS_BY_KIND.get(attack_kind(scenario), DEFAULT_ATTACKER_PASS)


@dataclass(slots=True)
class Answer:
    """What the gateway needs from a score: the probability and the level."""

    p_fraud: float
    level: int
    degraded: bool = False
    lead: str = ""  # code of the first reason: what drove a step-up ("" when none)
    # the service's stored answer to an earlier request with this id (API.md's retry), not a new decision
    replayed: bool = False
    model_version: str = ""  # as the answer names them ("" when the caller does not know)
    policy_version: str = ""
    reasons: str = ""  # every reason code of the answer, in its order, space-separated
    limit: float = math.nan  # the answered limit, in the payment's currency (nan: not known)


class Rejected(Exception):
    """The service refused the row (4xx): counted, skipped, never fatal. `field` is
    the request field the service named, so that a summary says which column of
    the file is wrong, not only that rows were refused."""

    def __init__(self, status: int, code: str, field: str | None = None) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.field = field

    @property
    def reason(self) -> str:
        """"422 invalid_input (amount)": the key of `Trace.rejected_reasons`."""
        key = f"{self.status} {self.code}"
        return f"{key} ({self.field})" if self.field else key


ScoreCall = Callable[[Row], Answer]
# (transaction_id, kind "auth_result" | "fraud_report", passed / is_fraud, event time)
FeedbackCall = Callable[[str, str, bool, float], None]
ToBase = Callable[[float, "str | None"], float]


def _identity(amount: float, currency: str | None) -> float:
    return amount


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    genuine_pass: tuple[float, float, float, float] = GENUINE_PASS
    auth_delay_s: float = 30.0  # step-up result arrives this long after the score
    seed: int = 0
    report_stopped: bool = True  # also report fraud attempts that were stopped
    cold_start_n: int = 5  # a customer's first N scored payments count as cold start
    # a fraud row whose file gives no report time is reported this long after its payment
    # (None: never, as the file says); for exports that carry labels but no report dates
    report_delay_s: float | None = None


@dataclass
class Trace:
    """Columnar record of a replay: one entry per scored (accepted) row."""

    ts: array = field(default_factory=lambda: array("d"))
    p: array = field(default_factory=lambda: array("d"))
    level: array = field(default_factory=lambda: array("b"))
    label: array = field(default_factory=lambda: array("b"))  # 1 fraud, 0 genuine, -1 unlabelled
    amount: array = field(default_factory=lambda: array("d"))  # in the policy currency
    u: array = field(default_factory=lambda: array("d"))  # the row's challenge draw
    scenario: array = field(default_factory=lambda: array("h"))  # index into scenario_names
    customer: array = field(default_factory=lambda: array("i"))  # index into customer ids
    payee: array = field(default_factory=lambda: array("i"))  # -1 = none
    device: array = field(default_factory=lambda: array("i"))  # -1 = none
    prior_n: array = field(default_factory=lambda: array("i"))  # customer's earlier scored rows
    latency_s: array = field(default_factory=lambda: array("d"))
    degraded: array = field(default_factory=lambda: array("b"))
    completed: array = field(default_factory=lambda: array("b"))
    lead: array = field(default_factory=lambda: array("h"))  # index into lead_codes
    reasons: array = field(default_factory=lambda: array("i"))  # index into reason_lists
    limit: array = field(default_factory=lambda: array("d"))  # answered, in the payment's currency
    transaction_ids: list[str] = field(default_factory=list)  # decisions.csv.gz joins runs by id (a review)
    scenario_names: list[str] = field(default_factory=lambda: [""])
    lead_codes: list[str] = field(default_factory=lambda: [""])
    reason_lists: list[str] = field(default_factory=lambda: [""])
    customer_ids: dict[str, int] = field(default_factory=dict)
    rows_rejected: int = 0
    rejected_codes: dict[str, int] = field(default_factory=dict)
    rejected_reasons: dict[str, int] = field(default_factory=dict)  # by status, code and field (Rejected.reason)
    rejected_samples: dict[str, list[str]] = field(default_factory=dict)  # per reason, the first few bad values
    feedback_sent: int = 0
    feedback_errors: int = 0
    fraud_rows: int = 0  # scored rows labelled fraud
    fraud_unreported: int = 0  # ... of which the file gave no report time
    replayed: int = 0  # scored rows the service answered as retries of earlier requests (stored answers)
    model_versions: dict[str, int] = field(default_factory=dict)  # answers per model_version
    policy_versions: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0

    def __len__(self) -> int:
        return len(self.ts)

    def attacker_table(self) -> list[tuple[float, float, float, float]]:
        """Per scenario index, the per-level attacker pass probabilities."""
        return [attacker_pass_for(s or None) for s in self.scenario_names]


def _draw(salt: bytes, transaction_id: str) -> float:
    """The row's uniform draw in [0, 1): its own, not its place in a stream."""
    h = hashlib.blake2b(salt + transaction_id.encode(), digest_size=8).digest()
    return int.from_bytes(h, "little") / 18446744073709551616.0


def run(rows: Iterable[Row], score: ScoreCall, feedback: FeedbackCall, cfg: GatewayConfig = GatewayConfig(),
        to_base: ToBase = _identity, progress: Callable[[int], None] | None = None) -> Trace:
    """Feed `rows` (timestamp order) through `score`, simulating the gateway protocol."""
    tr = Trace()
    salt = f"{cfg.seed}:".encode()
    gpass = cfg.genuine_pass
    delay = cfg.auth_delay_s
    queue: list[tuple[float, int, str, str, bool]] = []
    seq = 0
    scen_idx: dict[str, int] = {"": 0}
    cust_idx = tr.customer_ids
    payee_idx: dict[str, int] = {}
    dev_idx: dict[str, int] = {}
    cust_n: list[int] = []
    attack_by_idx: list[tuple[float, float, float, float]] = [DEFAULT_ATTACKER_PASS]
    perf = time.perf_counter
    push, pop = heapq.heappush, heapq.heappop
    A = tr  # local alias for the append-heavy loop
    ts_a, p_a, lv_a, lab_a, am_a, u_a = A.ts, A.p, A.level, A.label, A.amount, A.u
    sc_a, cu_a, pa_a, de_a, pn_a, la_a, dg_a, co_a = (A.scenario, A.customer, A.payee, A.device, A.prior_n,
                                                        A.latency_s, A.degraded, A.completed)
    ld_a, rs_a, lm_a = A.lead, A.reasons, A.limit
    lead_idx: dict[str, int] = {"": 0}
    reasons_idx: dict[str, int] = {"": 0}
    n_seen = 0

    def deliver(ev: tuple[float, int, str, str, bool]) -> None:
        tr.feedback_sent += 1
        try:
            feedback(ev[3], ev[2], ev[4], ev[0])
        except Exception:  # an unknown id (404) or a transient failure: counted, never fatal
            tr.feedback_errors += 1

    t_start = perf()
    for row in rows:
        n_seen += 1
        if progress is not None and not n_seen & 1023:
            progress(1024)
        ts = row.ts
        while queue and queue[0][0] <= ts:
            deliver(pop(queue))
        t0 = perf()
        try:
            ans = score(row)
        except Rejected as r:
            tr.rows_rejected += 1
            key = f"{r.status} {r.code}"
            tr.rejected_codes[key] = tr.rejected_codes.get(key, 0) + 1
            why = r.reason
            tr.rejected_reasons[why] = tr.rejected_reasons.get(why, 0) + 1
            _sample_refusal(tr.rejected_samples, why, r.field, row)
            continue
        lat = perf() - t0
        u = _draw(salt, row.transaction_id)
        _count_answer(tr, ans)
        level = ans.level
        label = -1 if row.is_fraud is None else row.is_fraud
        scen = row.scenario or ""
        si = scen_idx.get(scen)
        if si is None:
            si = scen_idx[scen] = len(tr.scenario_names)
            tr.scenario_names.append(scen)
            attack_by_idx.append(attacker_pass_for(scen))
        if level == 0:
            done = True
        elif level >= 4:
            done = False
        elif label == 1:
            done = u < attack_by_idx[si][level]
        else:
            done = u < gpass[level]
        if 1 <= level <= 3:
            seq += 1
            push(queue, (ts + delay, seq, "auth_result", row.transaction_id, done))
        if label == 1:
            tr.fraud_rows += 1
            if row.reported_ts is None:
                tr.fraud_unreported += 1
        if label == 1 and (done or cfg.report_stopped):
            rep = row.reported_ts
            if rep is None and cfg.report_delay_s is not None:
                rep = ts + cfg.report_delay_s
            if rep is not None and not math.isnan(rep):
                seq += 1
                push(queue, (max(rep, ts + delay + 1e-3), seq, "fraud_report", row.transaction_id, True))
        ci = cust_idx.get(row.customer_id)
        if ci is None:
            ci = cust_idx[row.customer_id] = len(cust_n)
            cust_n.append(0)
        prior = cust_n[ci]
        cust_n[ci] = prior + 1
        pi = -1
        if row.payee_id is not None:
            pi = payee_idx.get(row.payee_id, -1)
            if pi < 0:
                pi = payee_idx[row.payee_id] = len(payee_idx)
        di = -1
        if row.device_id is not None:
            di = dev_idx.get(row.device_id, -1)
            if di < 0:
                di = dev_idx[row.device_id] = len(dev_idx)
        ts_a.append(ts)
        p_a.append(ans.p_fraud)
        lv_a.append(level)
        lab_a.append(label)
        am_a.append(to_base(row.amount, row.currency))
        u_a.append(u)
        sc_a.append(si)
        cu_a.append(ci)
        pa_a.append(pi)
        de_a.append(di)
        pn_a.append(prior)
        la_a.append(lat)
        dg_a.append(1 if ans.degraded else 0)
        co_a.append(1 if done else 0)
        li = lead_idx.get(ans.lead)
        if li is None:
            li = lead_idx[ans.lead] = len(tr.lead_codes)
            tr.lead_codes.append(ans.lead)
        ld_a.append(li)
        ri = reasons_idx.get(ans.reasons)
        if ri is None:
            ri = reasons_idx[ans.reasons] = len(tr.reason_lists)
            tr.reason_lists.append(ans.reasons)
        rs_a.append(ri)
        lm_a.append(ans.limit)
        tr.transaction_ids.append(row.transaction_id)
    tr.wall_s = perf() - t_start
    if progress is not None:
        progress(n_seen & 1023)
    return tr


SAMPLES = 3  # bad values kept per refusal reason


def _sample_refusal(samples: dict[str, list[str]], why: str, name: str | None, row: Row) -> None:
    """The refused field's value, as sent, among the reason's first few distinct ones:
    "currency: 564" says which column, "e.g. 'eur'" says what to mend in it."""
    kept = samples.setdefault(why, [])
    if name is None or len(kept) >= SAMPLES:
        return
    try:
        value = json.loads(row.body).get(name)
    except (ValueError, AttributeError):
        return
    text = repr(value) if isinstance(value, str) else json.dumps(value)
    if text not in kept:
        kept.append(text)


def _count_answer(tr: Trace, ans: Answer) -> None:
    """The answer's versions and retry mark into the trace: a report names the model and
    policy that answered, and figures made of stored answers can be told apart."""
    if ans.replayed:
        tr.replayed += 1
    mv, pv = tr.model_versions, tr.policy_versions
    mv[ans.model_version] = mv.get(ans.model_version, 0) + 1
    pv[ans.policy_version] = pv.get(ans.policy_version, 0) + 1


def challenge_passed(level: int, label: int, u: float, attacker: tuple[float, float, float, float],
                     genuine: tuple[float, float, float, float] = GENUINE_PASS) -> bool:
    """Whether a payment given `level` completes, for any decision maker (service or
    baseline), with the row's own draw `u`: the one rule behind every metric."""
    if level == 0:
        return True
    if level >= 4:
        return False
    return u < (attacker[level] if label == 1 else genuine[level])
