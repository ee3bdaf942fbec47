"""The scoring engine on real stores: concurrency, idempotency races, retention."""
from __future__ import annotations

import threading
from typing import Any

import msgspec
import pytest

from features.profile import decode_profile
from service.engine import Engine
from service.errors import ApiError
from service.parse import FeedbackRequest, parse_score
from service.records import decode_record
from service.runtime import build_engine
from service.store import profile_key, record_key
from service.store.memory import MemoryStore
from service.store.lmdb_store import LmdbStore
from service.store.sqlite import EmbeddedStore
from tests.child_processes import run_workers


def body(tx: str, customer: str = "c-1", amount: float = 9.0, second: int = 0, **kw: Any) -> bytes:
    return msgspec.json.encode({
        "transaction_id": tx, "customer_id": customer,
        "timestamp": f"2026-03-02T10:{second // 60 % 60:02d}:{second % 60:02d}Z",
        "amount": amount, "currency": "EUR", "device_id": "dev-1", "ip": "198.51.100.20", "payee_id": "shop", **kw})


def learned(engine: Engine, customer: str) -> int:
    blob = engine.store.read([profile_key(customer)])[profile_key(customer)]
    return 0 if blob is None else decode_profile(blob).n


@pytest.fixture(params=["memory", "embedded", "lmdb"])
def engine(request: Any, tmp_path: Any) -> Engine:
    store = (MemoryStore() if request.param == "memory" else EmbeddedStore(str(tmp_path))
             if request.param == "embedded" else LmdbStore(str(tmp_path)))
    return build_engine(store)


def test_concurrent_scores_of_one_customer_lose_no_update(engine: Engine) -> None:
    from service import metrics

    degraded_before = _degraded_counts(metrics)
    levels: list[int] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        for i in range(25):
            out = engine.score(parse_score(body(f"tx-{k}-{i}", second=k * 25 + i)))
            with lock:
                levels.append(out.level)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(levels) == 200
    assert _degraded_counts(metrics) == degraded_before, "healthy scoring must never degrade"
    assert learned(engine, "c-1") == sum(1 for lv in levels if lv == 0)


def test_racing_retries_of_one_transaction_learn_once(engine: Engine) -> None:
    b = body("tx-race")
    answers: list[bytes] = []

    def worker() -> None:
        answers.append(engine.score(parse_score(b)).body)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(answers)) == 1
    assert learned(engine, "c-1") == 1


def test_conflicting_body_is_refused(engine: Engine) -> None:
    engine.score(parse_score(body("tx-x")))
    with pytest.raises(ApiError) as exc:
        engine.score(parse_score(body("tx-x", amount=10.0)))
    assert exc.value.status == 409


def test_fraud_report_marks_record_and_unlearns(engine: Engine) -> None:
    for i in range(4):
        engine.score(parse_score(body(f"tx-{i}", second=i)))
    n = learned(engine, "c-1")
    effect = engine.feedback(FeedbackRequest(transaction_id="tx-3", kind="fraud_report", timestamp="",
                                             is_fraud=True), 1.78e9)
    assert effect == "fraud"
    rec = decode_record(engine.store.read([record_key("tx-3")])[record_key("tx-3")])  # type: ignore[arg-type]
    assert rec.fraud == 1 and not rec.learned
    assert learned(engine, "c-1") == n - 1


def test_retention_purges_old_records_in_event_time(engine: Engine) -> None:
    engine.score(parse_score(body("tx-old")))
    late = msgspec.json.encode({"transaction_id": "tx-new", "customer_id": "c-1", "timestamp": "2026-09-01T10:00:00Z",
                                "amount": 5.0, "currency": "EUR"})
    engine.score(parse_score(late))
    assert engine.purge() == 1
    keys = [record_key("tx-old"), record_key("tx-new")]
    got = engine.store.read(keys)
    assert got[keys[0]] is None and got[keys[1]] is not None


def test_a_payment_dated_far_after_the_servers_clock_does_not_move_its_event_clock(engine: Engine, caplog: Any) -> None:
    """One request dated 2100 made every record look 120 days old to the next
    purge (found by a black-box audit): the service's clock now ignores it."""
    from prometheus_client import REGISTRY

    engine.clock_ahead_s = 86400.0           # as service.runtime sets it
    engine.score(parse_score(body("tx-now")))
    clock = engine.max_ts
    before = REGISTRY.get_sample_value("riskgate_future_timestamps_total") or 0.0
    out = engine.score(parse_score(body("tx-2100", customer="c-2").replace(b"2026-03-02", b"2099-12-31")))
    assert out.status == 200, "it is still scored"
    assert engine.max_ts == clock
    assert REGISTRY.get_sample_value("riskgate_future_timestamps_total") == before + 1
    assert "2099-12-31T10:00:00Z" in caplog.text and "without moving the event clock" in caplog.text
    assert engine.purge() == 0
    keys = [record_key("tx-now"), record_key("tx-2100")]
    assert all(v is not None for v in engine.store.read(keys).values())
    engine.clock_ahead_s = None              # in-process replays follow the file's own time
    engine.score(parse_score(body("tx-2100b", customer="c-3").replace(b"2026-03-02", b"2099-12-31")))
    assert engine.max_ts > clock


def test_a_payment_dated_far_ahead_teaches_neither_the_profile_nor_the_entities(engine: Engine) -> None:
    """A review: a payment dated 2099 (past the clock's bound) was scored with its own
    time, as API.md says, and written into the payee's entity and the profile with it:
    the entity took 2099 as its clock, every later payment entered it decayed to
    nothing, and a shop paid by thirty customers read as paid once, for every customer
    and for good. It now teaches nothing; a passed challenge does not either."""
    from features.attributes import derive
    from features.population import decode_entity, entity_keys, entity_rates

    engine.clock_ahead_s = 86400.0

    def far(tx: str, customer: str, amount: float) -> bytes:
        return body(tx, customer=customer, amount=amount).replace(b"2026-03-02", b"2099-12-31")

    small = engine.score(parse_score(far("tx-2099", "c-z", 9.0)))
    assert small.status == 200 and small.level == 0
    big = engine.score(parse_score(far("tx-2099b", "c-z", 4000.0)))
    assert 1 <= big.level <= 3
    assert engine.feedback(FeedbackRequest(transaction_id="tx-2099b", kind="auth_result", timestamp="",
                                           passed=True), 1.7725e9) == "completed"
    assert learned(engine, "c-z") == 0
    for i in range(30):
        assert engine.score(parse_score(body(f"tx-c{i}", customer=f"c{i}", second=i * 100))).status == 200
    last = parse_score(body("tx-c29", customer="c29", second=2900))
    pkey = next(k for k in entity_keys(derive(last, engine.dctx)) if k.startswith("p:"))
    e = decode_entity(engine.store.read([pkey])[pkey])
    assert e is not None and entity_rates(e, last.ts)[0] > 20          # thirty customers, not one
    assert engine.feedback(FeedbackRequest(transaction_id="tx-2099", kind="fraud_report", timestamp="",
                                           is_fraud=True), 1.7725e9) == "fraud"
    assert learned(engine, "c-z") == 0


def test_a_payment_dated_far_ahead_does_not_move_the_learners_clocks(engine: Engine) -> None:
    """A review: the engine's clock ignored a payment dated 2099, the online
    learner's did not, and every later payment matured as genuine at once."""
    engine.clock_ahead_s = 86400.0
    engine.score(parse_score(body("tx-now")))
    engine.score(parse_score(body("tx-2100", customer="c-2").replace(b"2026-03-02", b"2099-12-31")))
    online = engine.model.online
    assert online.now <= engine.max_ts
    assert all(p.ts <= engine.max_ts for p in online.pending)
    assert engine.model.local._kept_from <= engine.max_ts


def test_a_retry_in_another_notation_of_the_same_values_is_the_same_body(engine: Engine) -> None:
    first = engine.score(parse_score(body("tx-n", amount=9.0, country="de")))
    for retry in (body("tx-n", amount=9, country="DE"),
                  body("tx-n", amount=9.0, country="de").replace(b"10:00:00Z", b"10:00:00+00:00"),
                  body("tx-n", amount=9.0, country="de").replace(b"10:00:00Z", b"12:00:00+02:00")):
        again = engine.score(parse_score(retry))
        assert again.replayed and again.body == first.body
    with pytest.raises(ApiError) as exc:     # another instant is another payment
        engine.score(parse_score(body("tx-n", amount=9.0, country="de").replace(b"10:00:00Z", b"10:00:00+01:00")))
    assert exc.value.status == 409
    assert learned(engine, "c-1") == (1 if first.level == 0 else 0)


def test_a_record_hashed_before_the_hash_read_the_instant_still_matches_its_retry(engine: Engine) -> None:
    from service.records import legacy_body_hash

    b = body("tx-legacy")
    first = engine.score(parse_score(b))
    key = record_key("tx-legacy")
    rec = decode_record(engine.store.read([key])[key])  # type: ignore[arg-type]
    assert legacy_body_hash(parse_score(b)) != rec.body_hash
    _an_old_form_still_matches_its_retry(engine, "tx-legacy", b, first.body, legacy_body_hash(parse_score(b)))


def _open_kind(kind: str, tmp_path: Any) -> Any:
    return (MemoryStore() if kind == "memory" else EmbeddedStore(str(tmp_path)) if kind == "embedded"
            else LmdbStore(str(tmp_path)))


def _an_old_form_still_matches_its_retry(engine: Engine, tx: str, b: bytes, answer: bytes, old_hash: bytes) -> None:
    """The record of `tx` rewritten with the body hash of an older form: its retry
    is still answered with the stored answer, a changed body still 409."""
    from service.records import encode_record

    key = record_key(tx)
    rec = decode_record(engine.store.read([key])[key])  # type: ignore[arg-type]
    old = msgspec.structs.replace(rec, body_hash=old_hash)
    engine.store.transact([key], lambda cur: ({key: encode_record(old)}, None), rec.ts)
    again = engine.score(parse_score(b))
    assert again.replayed and again.body == answer
    with pytest.raises(ApiError) as exc:
        engine.score(parse_score(body(tx, amount=10.0)))
    assert exc.value.status == 409


def test_the_stored_body_hash_is_keyed_and_an_unkeyed_one_still_matches_its_retry(engine: Engine) -> None:
    """The record's body hash sits beside the customer, time and amount: keyed, it
    cannot be tested against guessed IPs. A record from before the key still
    answers its retry."""
    from service.records import body_hash, body_key

    b = body("tx-keyed")
    first = engine.score(parse_score(b))
    key = record_key("tx-keyed")
    rec = decode_record(engine.store.read([key])[key])  # type: ignore[arg-type]
    p = parse_score(b)
    assert rec.body_hash == body_hash(p, engine.bkey) != body_hash(p)
    assert body_hash(p, body_key(b"another key")) != rec.body_hash
    other_ip = parse_score(body("tx-keyed", ip="203.0.113.9"))
    assert body_hash(other_ip, engine.bkey) != rec.body_hash
    _an_old_form_still_matches_its_retry(engine, "tx-keyed", b, first.body, body_hash(p))


@pytest.mark.parametrize("kind", ["memory", "embedded", "lmdb"])
def test_profiles_untouched_for_the_profile_retention_and_erased_ones_are_purged(tmp_path: Any, kind: str) -> None:
    store = _open_kind(kind, tmp_path)
    engine = build_engine(store, profile_retention_days=5.0)
    for i, c in enumerate(("c-old", "c-kept", "c-gone")):
        out = engine.score(parse_score(body(f"tx-{c}", customer=c, device_id=f"dev-{c}", ip=f"198.51.{i}.20",
                                            payee_id=f"shop-{c}")))
        assert out.level == 0
    assert engine.erase("c-gone") and not engine.erase("c-gone") and not engine.erase("c-never")
    later = msgspec.json.encode({"transaction_id": "tx-late", "customer_id": "c-kept", "timestamp": "2026-03-10T10:00:00Z",
                                 "amount": 9.0, "currency": "EUR"})
    engine.score(parse_score(later))           # 8 days on: c-old untouched for longer than 5 days
    for _ in range(3):                         # the embedded stores walk profiles a window per call
        engine.purge()
    kept = engine.store.read([profile_key(c) for c in ("c-old", "c-kept", "c-gone")])
    assert kept[profile_key("c-old")] is None and kept[profile_key("c-gone")] is None
    assert kept[profile_key("c-kept")] is not None and learned(engine, "c-kept") >= 1
    assert engine.store.read([record_key("tx-c-gone")])[record_key("tx-c-gone")] is not None   # records keep theirs


def test_step_up_results_count_only_where_a_challenge_was_asked(engine: Engine) -> None:
    """An auth_result for a frictionless payment is not a step-up result: the
    pass-rate alert (deploy/prometheus) divides the step-up results."""
    from prometheus_client import REGISTRY

    def count(level: str) -> float:
        return sum(REGISTRY.get_sample_value("riskgate_stepup_results_total", {"level": level, "passed": p}) or 0.0
                   for p in ("true", "false"))

    levels = {}
    for i, amount in enumerate((9.0, 20000.0)):
        levels[i] = engine.score(parse_score(body(f"tx-su{i}", customer=f"c-su{i}", amount=amount, second=i))).level
    assert levels[0] == 0 and 1 <= levels[1] <= 3, levels
    from service.metrics import LEVELS

    none0, stepped0 = count("none"), count(LEVELS[levels[1]])
    for i in (0, 1):
        engine.feedback(FeedbackRequest(transaction_id=f"tx-su{i}", kind="auth_result", timestamp="", passed=True),
                        1.7724e9)
    assert count("none") == none0 and count(LEVELS[levels[1]]) == stepped0 + 1


def _open(kind: str, path: str) -> Any:
    return EmbeddedStore(path) if kind == "embedded" else LmdbStore(path)


def _proc_worker(kind: str, path: str, k: int) -> None:
    engine = build_engine(_open(kind, path))
    for i in range(30):
        engine.score(parse_score(body(f"p{k}-{i}", customer="c-mp", second=k * 30 + i)))


@pytest.mark.parametrize("kind", ["embedded", "lmdb"])
def test_worker_processes_sharing_the_embedded_store_lose_no_update(tmp_path: Any, kind: str) -> None:
    assert run_workers(_proc_worker, [(kind, str(tmp_path), k) for k in range(3)]) == [0, 0, 0]
    engine = build_engine(_open(kind, str(tmp_path)))
    keys = [record_key(f"p{k}-{i}") for k in range(3) for i in range(30)]
    recs = [decode_record(b) for b in engine.store.read(keys).values() if b is not None]
    assert len(recs) == 90
    assert learned(engine, "c-mp") == sum(1 for r in recs if r.learned)


def test_shadow_policy_is_counted_but_never_answers(tmp_path: Any) -> None:
    from importlib.resources import files

    from models.policy import policy_from_bytes
    from service import metrics

    text = files("models").joinpath("default_policy.toml").read_bytes()
    strict = policy_from_bytes(text.replace(b'customer_id = []', b'customer_id = ["c-1"]', 1))
    seen: list[tuple[int, int]] = []
    live = build_engine(MemoryStore())
    shadowed = build_engine(MemoryStore(), shadow_policy=strict)
    shadowed.on_shadow = lambda p, d, s: seen.append((d.level, s.level))
    before = metrics.shadow.labels("deny", "stricter")._value.get()
    for i in range(5):
        b = parse_score(body(f"tx-s{i}", second=i))
        assert shadowed.score(b).body == live.score(b).body
    assert seen and all(s == 4 and d < 4 for d, s in seen)
    assert metrics.shadow.labels("deny", "stricter")._value.get() - before == 5


def _degraded_counts(metrics: Any) -> dict[str, float]:
    return {s.labels["cause"]: s.value for m in metrics.degraded.collect() for s in m.samples
            if s.name.endswith("_total")}


def test_habit_cap_reaches_the_answer_through_the_features(engine: Engine) -> None:
    """The profile's largest recent amount travels from the features to the
    shipped policy's habit cap: a customer who pays ~40 EUR may pay up to 100
    without a challenge (the floor), not 150."""
    def pay(tx: str, day: int, amount: float) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": "c-habit", "timestamp": f"2026-03-{day:02d}T10:00:00Z",
            "amount": amount, "currency": "EUR", "device_id": "dev-1", "ip": "198.51.100.20", "payee_id": "shop"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    for day in range(1, 11):
        assert pay(f"h-{day}", day, 35.0 + day)["auth_level"] == 0
    big = pay("h-big", 12, 150.0)
    assert big["auth_level"] >= 1
    assert "AMOUNT_ABOVE_TYPICAL" in [r["code"] for r in big["reasons"]]
    ok = pay("h-ok", 13, 90.0)  # the challenged payment was not completed, so not learned
    assert ok["auth_level"] == 0 and ok["limit"] == 100.0
    # once 90 is completed, twice it is the new frictionless limit
    assert pay("h-next", 14, 150.0)["auth_level"] == 0


def test_a_day_of_passed_challenges_does_not_lift_its_own_daily_cap(engine: Engine) -> None:
    """A time audit: an established customer of ~27 EUR a day paid 1,400 EUR every 20
    minutes with each step-up passed; the busiest day the daily cap's floor is made of
    included the day itself, so from the fourth payment on 5,600 to 11,200 EUR in 24 h
    passed at level 0. Only days that are over count now: past level 0's 2,500 EUR a
    day, each payment of that day is asked for more."""
    import datetime as dt

    t0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc)

    def pay(tx: str, when: dt.datetime, amount: float) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": "c-drain", "timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "amount": amount, "currency": "EUR", "device_id": "dev-1", "ip": "198.51.100.20", "payee_id": "shop"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    for d in range(40):
        assert pay(f"dr-{d}", t0 + dt.timedelta(days=d), 27.0)["auth_level"] == 0
    total = 0.0
    for i in range(8):
        a = pay(f"dr-x{i}", t0 + dt.timedelta(days=40, minutes=20 * i), 1400.0)
        if a["auth_level"] == 0:
            assert total + 1400.0 <= 2500.0, (i, a)
        elif a["auth_level"] < 4:
            engine.feedback(FeedbackRequest(transaction_id=f"dr-x{i}", kind="auth_result", timestamp="",
                                            passed=True), 1.7727e9)
        if a["auth_level"] < 4:
            total += 1400.0
    assert total >= 4 * 1400.0       # the challenges passed: the customer could go on, challenged


def test_payee_with_reported_fraud_steps_up_other_customers(engine: Engine) -> None:
    """Fraud reports on a payee reach the shipped policy's payee-fraud rule through
    the payee entity: the next customer, whose own behaviour is normal, is challenged."""
    def pay(tx: str, customer: str, minute: int) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": customer, "timestamp": f"2026-03-02T10:{minute:02d}:00Z",
            "amount": 20.0, "currency": "EUR", "payee_id": "terminal-9"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    for i in range(3):
        assert pay(f"pf-{i}", f"c-pf-{i}", i)["auth_level"] == 0
    for i in range(2):
        engine.feedback(FeedbackRequest(transaction_id=f"pf-{i}", kind="fraud_report", timestamp="",
                                        is_fraud=True), 1.7727e9)
    after = pay("pf-next", "c-pf-next", 10)
    assert after["auth_level"] >= 1
    assert after["reasons"][0]["code"] == "RISKY_PAYEE"


def test_local_refits_sample_every_decided_payment_once_denied_ones_too(tmp_path: Any) -> None:
    """Reports come from all scored payments (stopped attempts too), so the
    local refits' genuine sample must: a denied genuine payment left out would
    leave the refit no genuine examples where the policy is strictest."""
    from importlib.resources import files

    from models.local_refit import RefitConfig
    from models.policy import policy_from_bytes
    from models.scorer import RiskModel

    text = files("models").joinpath("default_policy.toml").read_bytes()
    deny_c2 = policy_from_bytes(text.replace(b'customer_id = []', b'customer_id = ["c-2"]', 1))
    model = RiskModel.load(None, refit_cfg=RefitConfig(sample_rate=1.0))
    engine = build_engine(MemoryStore(), policy=deny_c2, model=model)
    assert engine.score(parse_score(body("tx-a", "c-1", second=1))).level == 0
    assert engine.score(parse_score(body("tx-b", "c-2", second=2))).level == 4
    assert engine.score(parse_score(body("tx-b", "c-2", second=2))).level == 4    # a retry: answered, not sampled
    assert [e.ts for e in model.local.neg] == [1772445601.0, 1772445602.0]


def test_a_model_failing_in_a_learning_hook_never_fails_the_payment(caplog: Any) -> None:
    """The decision is stored before the model's hooks run: their failure is
    logged, and the gateway still gets its answer."""
    from models.scorer import RiskModel

    model = RiskModel.load(None)

    def broken(*_: Any) -> None:
        raise RuntimeError("disk full")

    model.observe_scored = broken          # type: ignore[method-assign]
    model.observe_completed = broken       # type: ignore[method-assign]
    engine = build_engine(MemoryStore(), model=model)
    out = engine.score(parse_score(body("tx-h", "c-9", second=3)))
    assert out.status == 200 and out.level == 0
    assert learned(engine, "c-9") == 1
    assert "the model failed in observe_scored" in caplog.text
    assert "the model failed in observe_completed" in caplog.text


def test_the_engine_hands_its_policy_cost_to_the_local_refits() -> None:
    from models.policy import load_policy
    from models.scorer import RiskModel

    policy = load_policy(None)
    model = RiskModel.load(None)
    build_engine(MemoryStore(), policy=policy, model=model)
    assert model.local.judge == policy.realized_cost


def test_a_payee_remembers_senders_of_completed_payments_only(engine: Engine) -> None:
    """The payee entity's memory of its senders (`population.paid_before`) follows
    completion: at once for a level-0 answer, on a passed step-up for a challenge,
    never for a step-up not passed; a fraud report takes the customer out."""
    from features.hashing import label_key
    from features.population import decode_entity, paid_before

    def remembers(tx: str, customer: str) -> bool:
        rec = decode_record(engine.store.read([record_key(tx)])[record_key(tx)])  # type: ignore[arg-type]
        k = "p:" + (rec.attrs.payee_h or "")
        return paid_before(decode_entity(engine.store.read([k])[k]), label_key(customer)) is not None

    small = parse_score(body("tx-s", customer="c-m", amount=9.0, payee_id="grocer"))
    assert engine.score(small).level == 0
    assert remembers("tx-s", "c-m")
    big = [parse_score(body(f"tx-b{i}", customer="c-m", amount=1000.0, second=10 + i, payee_id=f"dealer-{i}"))
           for i in range(2)]
    assert all(engine.score(b).level in (1, 2, 3) for b in big)   # a new customer, a large first payment
    assert not remembers("tx-b0", "c-m") and not remembers("tx-b1", "c-m")
    assert engine.feedback(FeedbackRequest(transaction_id="tx-b0", kind="auth_result", timestamp="",
                                           passed=True), 1.7727e9) == "completed"
    engine.feedback(FeedbackRequest(transaction_id="tx-b1", kind="auth_result", timestamp="", passed=False), 1.7727e9)
    assert remembers("tx-b0", "c-m") and not remembers("tx-b1", "c-m")
    engine.feedback(FeedbackRequest(transaction_id="tx-b0", kind="fraud_report", timestamp="", is_fraud=True), 1.78e9)
    assert not remembers("tx-b0", "c-m")


def test_a_device_with_fraud_reported_against_another_customer_steps_up(engine: Engine) -> None:
    """The shipped policy's fraud_device rule through the device entity: fraud
    reported on c-a's payment from a phone steps up c-b paying from that phone,
    not c-a's own later payments (the victim keeps the phone)."""
    def pay(tx: str, customer: str, minute: int) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": customer, "timestamp": f"2026-03-02T11:{minute:02d}:00Z",
            "amount": 20.0, "currency": "EUR", "device_id": "farm-phone", "payee_id": f"shop-{minute}"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    for i in range(4):
        assert pay(f"fd-a{i}", "c-a", i)["auth_level"] == 0
    engine.feedback(FeedbackRequest(transaction_id="fd-a3", kind="fraud_report", timestamp="", is_fraud=True),
                    1.7727e9)
    assert pay("fd-a4", "c-a", 10)["auth_level"] == 0
    other = pay("fd-b0", "c-b", 11)
    assert other["auth_level"] >= 2 and other["reasons"][0]["code"] == "LINKED_TO_FRAUD"
    # reported against a second customer too: a third one is denied (deny_victims = 2)
    engine.feedback(FeedbackRequest(transaction_id="fd-b0", kind="fraud_report", timestamp="", is_fraud=True),
                    1.7727e9)
    third = pay("fd-c0", "c-c", 12)
    assert third["auth_level"] == 4 and third["reasons"][0]["code"] == "LINKED_TO_FRAUD"


def test_a_busy_mule_account_reported_by_three_senders_is_challenged(engine: Engine) -> None:
    """A population audit: 20 customers paid one new payee within hours, 3 of those
    payments were reported (3 victims, 14 % of its payments): the next sender still paid
    at level 0. The payee's other victims reach [rules.payee_fraud] min_victims now."""
    def pay(tx: str, customer: str, minute: int) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": customer,
            "timestamp": f"2026-03-05T{10 + minute // 60:02d}:{minute % 60:02d}:00Z",
            "amount": 20.0, "currency": "EUR", "payee_id": "mule-77"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    for i in range(20):
        pay(f"mu-{i}", f"c-mu-{i}", i * 10)
    for i in range(3):
        engine.feedback(FeedbackRequest(transaction_id=f"mu-{i}", kind="fraud_report", timestamp="",
                                        is_fraud=True), 1.7727e9)
    after = pay("mu-next", "c-mu-next", 240)
    assert after["auth_level"] >= 1 and after["reasons"][0]["code"] == "RISKY_PAYEE", after
    assert "by 3 other customers" in after["reasons"][0]["message"]


def test_a_proxy_address_reported_for_several_customers_is_challenged(engine: Engine) -> None:
    """The population audit's proxy: five customers paid from one address, all five were
    reported, and the sixth paid at level 0 a week later. A shared address of a crowd
    with one report among many payments is not challenged for it."""
    def pay(tx: str, customer: str, ip: str, day: int, minute: int) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": customer,
            "timestamp": f"2026-03-{day:02d}T{10 + minute // 60:02d}:{minute % 60:02d}:00Z",
            "amount": 20.0, "currency": "EUR", "ip": ip, "payee_id": f"shop-{customer}"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    def report(tx: str) -> None:
        engine.feedback(FeedbackRequest(transaction_id=tx, kind="fraud_report", timestamp="", is_fraud=True),
                        1.7727e9)

    for i in range(5):
        pay(f"px-{i}", f"c-px-{i}", "203.0.113.66", 6, i * 5)
        report(f"px-{i}")
    nxt = pay("px-next", "c-px-next", "203.0.113.66", 13, 0)
    assert nxt["auth_level"] >= 1 and "LINKED_TO_FRAUD" in [r["code"] for r in nxt["reasons"]], nxt
    for i in range(40):
        pay(f"nat-{i}", f"c-nat-{i}", "198.51.100.99", 6, i)
    report("nat-0")
    crowd = pay("nat-next", "c-nat-next", "198.51.100.99", 6, 50)
    assert all(r["code"] != "LINKED_TO_FRAUD" or r["message"].endswith("on this device") for r in crowd["reasons"])
    assert not any("IP address" in r["message"] and r["code"] == "LINKED_TO_FRAUD" for r in crowd["reasons"])


def test_an_ip_linked_to_fraud_is_named_so_and_a_crowded_one_is_shared(engine: Engine) -> None:
    """A population audit: on an IP with reported fraud the next customer's reason was
    SHARED_DEVICE ("IP address used by 1 other customer"): the factor adds the sharing
    and the fraud link, and was named for the sharing whenever anyone else was seen.
    It is named for the larger part now; a crowd with no fraud stays SHARED_DEVICE."""
    def pay(tx: str, customer: str, ip: str, second: int) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": customer,
            "timestamp": f"2026-03-04T10:{second // 60:02d}:{second % 60:02d}Z",
            "amount": 20.0, "currency": "EUR", "ip": ip, "payee_id": "shop-1"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    def codes(a: dict[str, Any]) -> list[str]:
        return [r["code"] for r in a["reasons"]]

    pay("lk-0", "c-lk-0", "203.0.113.50", 0)
    engine.feedback(FeedbackRequest(transaction_id="lk-0", kind="fraud_report", timestamp="", is_fraud=True),
                    1.7727e9)
    linked = pay("lk-1", "c-lk-1", "203.0.113.50", 60)
    assert "LINKED_TO_FRAUD" in codes(linked) and "SHARED_DEVICE" not in codes(linked), linked
    for i in range(25):
        pay(f"cg-{i}", f"c-cg-{i}", "198.51.100.77", 120 + i * 10)
    crowd = pay("cg-next", "c-cg-next", "198.51.100.77", 500)
    assert "LINKED_TO_FRAUD" not in codes(crowd)
    assert "SHARED_DEVICE" in codes(crowd), crowd


def test_a_device_name_shared_by_many_customers_links_nobody_to_fraud(engine: Engine) -> None:
    """A gateway that sends the device's model or OS name as device_id ("Windows",
    as converted IEEE-CIS data does) makes one "device" of thousands of customers:
    two reports among its forty customers' payments must not deny everybody on
    Windows. A fraudster's tool used on as many accounts, whose payments are
    mostly reported, still denies ([rules.fraud_device] busy_customers)."""
    def pay(tx: str, customer: str, device: str, second: int) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": customer,
            "timestamp": f"2026-03-03T10:{second // 60:02d}:{second % 60:02d}Z",
            "amount": 20.0, "currency": "EUR", "device_id": device, "payee_id": "shop-1"})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    def report(tx: str) -> None:
        engine.feedback(FeedbackRequest(transaction_id=tx, kind="fraud_report", timestamp="", is_fraud=True),
                        1.7727e9)

    for i in range(40):
        pay(f"win-{i}", f"c-w{i}", "Windows", i * 30)
    report("win-0")
    report("win-1")
    shared = pay("win-new", "c-w-new", "Windows", 1300)
    assert shared["auth_level"] < 4 and all(r["code"] != "LINKED_TO_FRAUD" for r in shared["reasons"])
    for i in range(12):
        pay(f"tool-{i}", f"c-t{i}", "tool-phone", 1400 + i * 30)
    for i in range(6):
        report(f"tool-{i}")
    victim = pay("tool-new", "c-t-new", "tool-phone", 1900)
    assert victim["auth_level"] == 4 and victim["reasons"][0]["code"] == "LINKED_TO_FRAUD"


def test_a_customer_whose_account_received_reported_fraud_is_stepped_up_then_denied(engine: Engine) -> None:
    """The shipped policy's payer_fraud rule: where payee ids name customers (a
    wallet, mobile money), victims' payments *to* c-mule were reported, and
    c-mule's own onward payments are stepped up, then denied; the victims' own
    payments and everybody else's are not."""
    def pay(tx: str, customer: str, payee: str, minute: int) -> dict[str, Any]:
        b = msgspec.json.encode({
            "transaction_id": tx, "customer_id": customer, "timestamp": f"2026-03-02T12:{minute:02d}:00Z",
            "amount": 20.0, "currency": "EUR", "device_id": f"phone-of-{customer}", "payee_id": payee})
        return msgspec.json.decode(engine.score(parse_score(b)).body)

    assert pay("rf-m0", "c-mule", "shop-1", 0)["auth_level"] == 0
    assert pay("rf-v0", "c-victim-1", "c-mule", 1)["auth_level"] == 0   # paid to the mule's own id
    engine.feedback(FeedbackRequest(transaction_id="rf-v0", kind="fraud_report", timestamp="", is_fraud=True),
                    1.7727e9)
    first = pay("rf-m1", "c-mule", "shop-2", 3)
    assert first["auth_level"] == 2 and first["reasons"][0]["code"] == "RECEIVED_FRAUD"
    assert pay("rf-v1", "c-victim-1", "shop-3", 4)["auth_level"] == 0   # the victim pays on
    assert pay("rf-o0", "c-other", "shop-1", 5)["auth_level"] == 0      # the mule's payee is nobody's concern
    to_mule = pay("rf-v2", "c-victim-2", "c-mule", 6)   # paying the reported account: the payee side's rule
    assert to_mule["auth_level"] >= 1 and to_mule["reasons"][0]["code"] == "RISKY_PAYEE"
    engine.feedback(FeedbackRequest(transaction_id="rf-v2", kind="fraud_report", timestamp="", is_fraud=True),
                    1.7727e9)
    second = pay("rf-m2", "c-mule", "shop-2", 8)
    assert second["auth_level"] == 4 and second["reasons"][0]["code"] == "RECEIVED_FRAUD"
    assert "2 other customers" in second["reasons"][0]["message"]


def test_reports_of_a_customers_payments_to_itself_do_not_mark_its_account() -> None:
    from features.hashing import label_key
    from features.population import mark_fraud, observe_entity, received_fraud
    from features.attributes import Attributes

    own = observe_entity(None, "p:h", Attributes(customer_id="c-x", ts=1.7727e9, amount=5.0, payee_h="h"), True, True)
    own = mark_fraud(own, 1.7728e9, 1.7727e9, customer_id="c-x")
    assert received_fraud(own, label_key("c-x"), 1.7728e9) == (0.0, 0)
    other = mark_fraud(own, 1.7728e9, 1.7727e9, customer_id="c-y")
    w, victims = received_fraud(other, label_key("c-x"), 1.7728e9)
    assert victims == 1 and w > 0.9


def test_the_payers_account_is_read_only_while_a_policy_asks(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_policy_helpers import make_policy

    first_reads: list[list[str]] = []
    for policy in (make_policy(), None):   # the rule off; the shipped file (on)
        store = MemoryStore()
        reads: list[list[str]] = []
        real = store.read
        monkeypatch.setattr(store, "read", lambda keys, real=real, reads=reads: (reads.append(list(keys)),
                                                                                 real(keys))[1])
        eng = build_engine(store, policy=policy)
        eng.score(parse_score(body("tx-read")))
        first_reads.append(reads[0])   # the engine's one read (the memory store's transact reads too)
    off, on = first_reads
    assert len(on) == len(off) + 1 and on[:-1] == off and on[-1].startswith("p:")


class _RetryingStore(MemoryStore):
    """Calls the transaction function twice on the same values and keeps the
    second result, as a store whose first attempt lost a race may."""

    def transact(self, keys: Any, fn: Any, ts: float) -> Any:
        with self._lock:
            cur = self.read(keys)
            fn(cur)
            updates, result = fn(cur)
            for k, v in updates.items():
                self._kv[k] = (v, ts)
            return result


def test_a_retried_transaction_counts_each_entity_update_once() -> None:
    """The engine hands extract's decoded entities to the transaction
    (population.observe_decoded), which updates them in place: a second call of
    the same function must decode afresh, not count the payment twice."""
    from features.attributes import derive
    from features.population import decode_entity, entity_keys

    engines = [build_engine(_RetryingStore()), build_engine(MemoryStore())]
    for eng in engines:
        for i in range(3):
            eng.score(parse_score(body(f"tx-r{i}", second=i)))
    a = derive(parse_score(body("tx-r0")), engines[0].dctx)
    for k in entity_keys(a):
        got = [decode_entity(eng.store.read([k])[k]) for eng in engines]
        assert got[0] == got[1] and got[0] is not None and got[0].n == 3


class _Flaky:
    """A store that can be switched off: every call fails as a dead store's do."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.down = inner, False

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def call(*a: Any, **kw: Any) -> Any:
            if self.down:
                from service.store import StoreError
                raise StoreError("connection refused")
            return attr(*a, **kw)
        return call


def test_a_degraded_answer_given_while_the_store_was_down_is_kept_and_recorded_when_it_is_back() -> None:
    """Found by a black-box audit: the DEGRADED answers of an outage were never
    recorded, so a retry after it got another decision and their feedback 404."""
    import service.engine as engine_mod

    store = _Flaky(MemoryStore())
    engine = build_engine(store)  # type: ignore[arg-type]
    store.down = True
    first = engine.score(parse_score(body("tx-out", amount=700.0)))
    assert first.degraded and b"fallback" in first.body
    assert engine.score(parse_score(body("tx-out", amount=700.0))).body == first.body
    with pytest.raises(ApiError) as exc:
        engine.score(parse_score(body("tx-out", amount=701.0)))
    assert exc.value.status == 409
    assert engine.record_unrecorded() == 0 and list(engine.unrecorded) == [record_key("tx-out")]
    store.down = False
    again = engine.score(parse_score(body("tx-out", amount=700.0)))    # back, not yet written: the same answer
    assert again.replayed and again.body == first.body
    assert engine.record_unrecorded() == 1 and engine.unrecorded == {}
    rec = decode_record(store.read([record_key("tx-out")])[record_key("tx-out")])
    assert rec.degraded and rec.response == first.body
    assert engine.feedback(FeedbackRequest(transaction_id="tx-out", kind="fraud_report", timestamp="",
                                           is_fraud=True), 1.7725e9) == "fraud"
    # feedback for one not yet written takes it first; a long outage keeps the newest
    store.down = True
    engine.score(parse_score(body("tx-out2", second=5)))
    store.down = False
    assert engine.feedback(FeedbackRequest(transaction_id="tx-out2", kind="auth_result", timestamp="",
                                           passed=False), 1.7725e9) in ("failed", "unchanged")
    store.down = True
    old_cap = engine_mod.UNRECORDED_CAP
    engine_mod.UNRECORDED_CAP = 3
    try:
        for i in range(5):
            engine.score(parse_score(body(f"tx-many{i}", second=10 + i)))
    finally:
        engine_mod.UNRECORDED_CAP = old_cap
    assert list(engine.unrecorded) == [record_key(f"tx-many{i}") for i in (2, 3, 4)]


class _LostReply(MemoryStore):
    """Writes, then raises as a store whose reply timed out does (a Redis script that ran
    after its client gave up: tests/test_store.py pauses a real server for it)."""

    lose_next = False

    def transact(self, keys: Any, fn: Any, ts: float) -> Any:
        result = super().transact(keys, fn, ts)
        if self.lose_next:
            self.lose_next = False
            from service.store import StoreError
            raise StoreError("Timeout reading from socket")
        return result


def test_a_write_that_timed_out_and_landed_leaves_the_answer_that_was_sent() -> None:
    """Found by a white-box review of the stores: the DEGRADED answer was sent, the decision
    written under it landed after all, and a retry was answered with that other decision."""
    store = _LostReply()
    engine = build_engine(store)
    engine.score(parse_score(body("tx-warm")))
    store.lose_next = True
    first = engine.score(parse_score(body("tx-lost", second=30)))
    assert first.degraded
    landed = decode_record(store.read([record_key("tx-lost")])[record_key("tx-lost")])
    assert not landed.degraded and landed.learned     # the unsent decision is what the store holds
    assert engine.score(parse_score(body("tx-lost", second=30))).body == first.body
    assert engine.record_unrecorded() == 1 and engine.unrecorded == {} and engine.unsent == {}
    rec = decode_record(store.read([record_key("tx-lost")])[record_key("tx-lost")])
    assert rec.degraded and rec.response == first.body and rec.learned   # what it learned, a report unlearns
    assert engine.score(parse_score(body("tx-lost", second=30))).body == first.body
    assert engine.feedback(FeedbackRequest(transaction_id="tx-lost", kind="fraud_report", timestamp="",
                                           is_fraud=True), 1.7725e9) == "fraud"


def test_a_landed_write_under_a_challenge_sent_is_not_kept_as_genuine() -> None:
    """A white-box review: the landed decision was level 0 and learned, the DEGRADED
    answer sent asked for a challenge; the sent record kept `learned`, so a failed
    challenge left the payment in the profile as genuine."""
    store = _LostReply()
    engine = build_engine(store)
    engine.score(parse_score(body("tx-warm", amount=100.0)))
    n0 = learned(engine, "c-1")
    store.lose_next = True
    first = engine.score(parse_score(body("tx-lost", amount=100.0, second=30)))
    assert first.degraded and first.level >= 1
    assert learned(engine, "c-1") == n0 + 1                  # the landed write learned it
    assert engine.record_unrecorded() == 1
    rec = decode_record(store.read([record_key("tx-lost")])[record_key("tx-lost")])
    assert rec.response == first.body and not rec.learned
    assert learned(engine, "c-1") == n0
    assert engine.feedback(FeedbackRequest(transaction_id="tx-lost", kind="auth_result", timestamp="",
                                           passed=False), 1.7725e9) == "failed"
    assert learned(engine, "c-1") == n0


def test_a_lost_write_that_is_stored_as_decided_goes_out_as_decided() -> None:
    """`answer_lost_write` reads the id first: the decision itself stored (a reply lost,
    the write landed) is sent as decided (None: the caller sends it with its effects);
    another's record is replayed, even one with the same body; nothing stored is DEGRADED."""
    store = MemoryStore()
    engine = build_engine(store)
    out = engine.score(parse_score(body("tx-a")))
    from service.store import StoreError
    from service.store.base import Abort

    assert engine.answer_lost_write(parse_score(body("tx-a")), StoreError("timeout"), out.body) is None
    again = engine.answer_lost_write(parse_score(body("tx-a")), Abort(b""), out.body)
    assert again is not None and again.replayed and again.body == out.body
    fresh = engine.answer_lost_write(parse_score(body("tx-b", second=9)), StoreError("timeout"), b"{}")
    assert fresh is not None and fresh.degraded


class _Full:
    """A store on a full disk: it reads and answers pings, and refuses every write."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.full = inner, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def transact(self, *a: Any, **kw: Any) -> Any:
        if self.full:
            from service.store import StoreError
            raise StoreError("database or disk is full")
        return self.inner.transact(*a, **kw)


class _RefusesOne(MemoryStore):
    """A store that never takes one record (and fails another way for a second),
    and takes every other write."""

    refused: set[str] = set()
    broken: set[str] = set()

    def transact(self, keys: Any, fn: Any, ts: float) -> Any:
        if self.refused & set(keys):
            from service.store import StoreError
            raise StoreError("value too large")
        if self.broken & set(keys):
            raise RuntimeError("a bug, not the store")
        return super().transact(keys, fn, ts)


def test_an_answer_the_store_never_takes_does_not_hold_up_the_others() -> None:
    """A white-box review: `record_unrecorded` stopped at the first store error
    every second, so one answer the store could never take kept every answer
    queued behind it unrecorded (their retries decided afresh by other workers,
    their feedback 503 for ever)."""
    store = _RefusesOne()
    engine = build_engine(store)
    flaky = _Flaky(store)
    engine.store = flaky  # type: ignore[assignment]
    flaky.down = True
    for i in range(4):
        assert engine.score(parse_score(body(f"tx-q{i}", second=10 + i))).degraded
    flaky.down = False
    store.refused = {record_key("tx-q0")}
    store.broken = {record_key("tx-q2")}
    assert engine.record_unrecorded() == 0                 # the first refused: wait for the next round
    assert engine.record_unrecorded() == 2                 # tx-q1 taken, tx-q2 passed over, tx-q3 taken
    assert set(engine.unrecorded) == {record_key("tx-q0"), record_key("tx-q2")}
    for tx in ("tx-q1", "tx-q3"):
        assert decode_record(store.read([record_key(tx)])[record_key(tx)]).degraded
    store.refused, store.broken = set(), set()
    assert engine.record_unrecorded() == 2 and not engine.unrecorded


def test_feedback_for_an_answer_the_full_store_has_not_taken_is_503_not_404() -> None:
    """Found by a black-box audit of the monitoring: on a full disk (reads work,
    writes fail) the feedback for a DEGRADED-answered payment was 404, which a
    gateway takes as final (API.md): step-up results and fraud reports of the
    outage were dropped for good. 503 asks for the retry that then lands."""
    store = _Full(MemoryStore())
    engine = build_engine(store)  # type: ignore[arg-type]
    store.full = True
    first = engine.score(parse_score(body("tx-full", amount=300.0)))
    assert first.degraded
    late = FeedbackRequest(transaction_id="tx-full", kind="auth_result", timestamp="", passed=True)
    with pytest.raises(ApiError) as exc:
        engine.feedback(late, 1.7725e9)
    assert exc.value.status == 503
    # an id this worker never answered, while the store refuses writes: another
    # worker's DEGRADED answer may be waiting for it, so not a final 404 either
    with pytest.raises(ApiError) as exc:
        engine.feedback(FeedbackRequest(transaction_id="tx-elsewhere", kind="auth_result", timestamp="",
                                        passed=True), 1.7725e9)
    assert exc.value.status == 503
    store.full = False
    assert engine.feedback(late, 1.7725e9) == "completed"
    with pytest.raises(ApiError) as exc:       # the store takes writes again: unknown is unknown
        engine.feedback(FeedbackRequest(transaction_id="tx-elsewhere", kind="auth_result", timestamp="",
                                        passed=True), 1.7725e9)
    assert exc.value.status == 404


def test_answers_waiting_for_a_full_store_keep_it_failing_until_they_are_recorded() -> None:
    """An operations audit saw /readyz say `ready` 5 s after traffic paused on a
    still-full disk, with 863 answers unrecorded: the store was taken as failing
    only while scores found it so. The once-a-second retry that the store still
    refuses now counts as finding it failing."""
    import time as time_mod

    store = _Full(MemoryStore())
    engine = build_engine(store)  # type: ignore[arg-type]
    store.full = True
    assert engine.score(parse_score(body("tx-wait", amount=30.0))).degraded
    engine.store_failed_at = time_mod.monotonic() - 100.0          # traffic paused long ago
    assert engine.record_unrecorded() == 0 and engine.unrecorded
    assert time_mod.monotonic() - engine.store_failed_at < 5.0      # still failing: /readyz says degraded
    store.full = False
    assert engine.record_unrecorded() == 1 and not engine.unrecorded


@pytest.mark.parametrize("kind", ["memory", "embedded", "lmdb"])
def test_a_payment_dated_years_back_does_not_age_the_profile_into_the_purge(tmp_path: Any, kind: str) -> None:
    """A review: one completed payment stamped 2023 (a terminal with a reset clock)
    wrote the profile row at its own time, and the profile purge then deleted
    the customer's whole history."""
    store = _open_kind(kind, tmp_path)
    engine = build_engine(store)
    for i in range(20):
        engine.score(parse_score(body(f"tx-h{i}", amount=9.0, second=i * 600)))
    n = learned(engine, "c-1")
    assert n >= 10
    old = parse_score(body("tx-2023", amount=9.0).replace(b"2026-03-02", b"2023-03-01"))
    assert engine.score(old).level == 0
    assert learned(engine, "c-1") == n + 1
    for _ in range(3):
        engine.purge()
    assert learned(engine, "c-1") == n + 1


@pytest.mark.parametrize("kind", ["memory", "embedded", "lmdb"])
def test_feedback_on_payments_made_before_an_erasure_teaches_the_new_profile_nothing(tmp_path: Any,
                                                                                    kind: str) -> None:
    """A review: after an erasure, a passed challenge of an earlier payment rebuilt
    the profile from it (device, payee, place), a cleared report learned it again,
    a report turned the erased row into a profile that no longer read as erased."""
    from service.engine import ERASED

    store = _open_kind(kind, tmp_path)
    engine = build_engine(store)
    ckey = profile_key("c-1")

    def fb(tx: str, **kw: Any) -> str:
        kind_ = "auth_result" if "passed" in kw else "fraud_report"
        return engine.feedback(FeedbackRequest(transaction_id=tx, kind=kind_, timestamp="", **kw), 1.7725e9)

    def on_day(tx: str, day: int, **kw: Any) -> bytes:
        return body(tx, **kw).replace(b"2026-03-02", f"2026-03-{2 + day:02d}".encode())

    for i in range(3):
        assert engine.score(parse_score(on_day(f"tx-small{i}", i, amount=9.0))).level == 0
    pending = [engine.score(parse_score(on_day(f"tx-big{i}", 4 + i, amount=800.0, payee_id=f"new-{i}")))
               for i in range(2)]
    assert all(1 <= o.level <= 3 for o in pending), [o.level for o in pending]
    assert engine.erase("c-1")
    assert fb("tx-big0", passed=True) == "completed"
    assert fb("tx-big1", passed=False) == "failed"
    assert fb("tx-small0", is_fraud=True) == "fraud"
    assert fb("tx-small0", is_fraud=False) == "cleared"
    assert engine.store.read([ckey])[ckey] == ERASED            # still erased: nothing learned or failed
    # a payment after the erasure is the new customer's own
    after = engine.score(parse_score(on_day("tx-after", 9, amount=800.0, payee_id="new-9")))
    if after.level in (1, 2, 3):
        assert fb("tx-after", passed=True) == "completed"
    assert learned(engine, "c-1") == (0 if after.level == 4 else 1)


def test_an_erasure_before_any_profile_still_keeps_the_pending_payment_from_teaching() -> None:
    """A review: a customer's first payment stepped up (no profile yet), erased, then
    passed: the tombstone was written only when a profile existed, so the new
    profile learned the erased payment."""
    engine = build_engine(MemoryStore())
    out = engine.score(parse_score(body("tx-first", amount=4000.0)))
    assert 1 <= out.level <= 3
    assert engine.store.read([profile_key("c-1")])[profile_key("c-1")] is None
    assert engine.erase("c-1") is False                  # no profile was stored; the erasure still holds
    assert engine.feedback(FeedbackRequest(transaction_id="tx-first", kind="auth_result", timestamp="",
                                           passed=True), 1.7725e9) == "completed"
    assert learned(engine, "c-1") == 0


def test_a_degraded_answer_teaches_the_profile_nothing_passed_or_cleared() -> None:
    """A review: a degraded level 0 was never learned (until a report was cleared),
    a degraded level 1 was learned once passed, though its entities never counted it."""
    store = _Full(MemoryStore())
    engine = build_engine(store)  # type: ignore[arg-type]
    store.full = True
    low = engine.score(parse_score(body("tx-d0", amount=5.0)))
    high = engine.score(parse_score(body("tx-d1", amount=900.0, second=5)))
    assert low.degraded and high.degraded and low.level == 0 and 1 <= high.level <= 3
    store.full = False
    assert engine.record_unrecorded() == 2

    def fb(tx: str, **kw: Any) -> str:
        kind = "auth_result" if "passed" in kw else "fraud_report"
        return engine.feedback(FeedbackRequest(transaction_id=tx, kind=kind, timestamp="", **kw), 1.7725e9)

    assert fb("tx-d1", passed=True) == "completed"
    assert fb("tx-d0", is_fraud=True) == "fraud" and fb("tx-d0", is_fraud=False) == "cleared"
    assert learned(engine, "c-1") == 0


def test_a_cleared_report_gives_the_payee_its_memory_of_the_customer_back() -> None:
    """A review: a report took the customer out of the payee's memory (with the
    amount it vouched for), and clearing the report did not put it back."""
    from features.attributes import derive
    from features.hashing import label_key
    from features.population import decode_entity, entity_keys, paid_before

    engine = build_engine(MemoryStore())

    def on_day(tx: str, day: int, **kw: Any) -> bytes:
        return body(tx, **kw).replace(b"2026-03-02", f"2026-03-{2 + day:02d}".encode())

    for i in range(6):
        assert engine.score(parse_score(on_day(f"tx-p{i}", i, amount=25.0))).level == 0
    pkey = next(k for k in entity_keys(derive(parse_score(on_day("tx-p0", 0, amount=25.0)), engine.dctx))
                if k.startswith("p:"))

    def held() -> Any:
        return paid_before(decode_entity(engine.store.read([pkey])[pkey]), label_key("c-1"))

    before = held()
    assert before is not None and 25 in before[:2]       # settled or pending, it vouches for the customer

    def fb(**kw: Any) -> str:
        return engine.feedback(FeedbackRequest(transaction_id="tx-p5", kind="fraud_report", timestamp="", **kw),
                               1.7726e9)

    assert fb(is_fraud=True) == "fraud" and held() is None
    assert fb(is_fraud=False) == "cleared" and held() == before
    assert fb(is_fraud=True) == "fraud" and held() is None          # and again, exactly
    assert fb(is_fraud=False) == "cleared" and held() == before


def test_clearing_a_report_the_payees_day_did_not_count_leaves_the_others_count() -> None:
    """A review: a payee's day counts reports up to its payments (a DEGRADED payment
    was never counted as one), but a clear always took one back, so clearing the
    uncounted report erased another, still standing, from the matured shares."""
    from features.attributes import derive
    from features.population import day_reports, entity_keys

    store = _Full(MemoryStore())
    engine = build_engine(store)  # type: ignore[arg-type]
    assert engine.score(parse_score(body("tx-t1", amount=30.0))).level == 0
    store.full = True
    assert engine.score(parse_score(body("tx-t2", amount=30.0, second=30))).degraded
    store.full = False
    assert engine.record_unrecorded() == 1
    payment = parse_score(body("tx-t1", amount=30.0))
    pkey = next(k for k in entity_keys(derive(payment, engine.dctx)) if k.startswith("p:"))

    def count() -> int:
        return day_reports(engine.store.read([pkey])[pkey], payment.ts)

    def fb(tx: str, fraud: bool) -> str:
        return engine.feedback(FeedbackRequest(transaction_id=tx, kind="fraud_report", timestamp="",
                                               is_fraud=fraud), 1.7726e9)

    assert fb("tx-t1", True) == "fraud" and count() == 1
    assert fb("tx-t2", True) == "fraud" and count() == 1     # one payment counted that day: capped
    assert fb("tx-t2", False) == "cleared" and count() == 1  # t1's report still stands
    assert fb("tx-t1", False) == "cleared" and count() == 0


def test_an_erasure_on_one_worker_covers_what_another_worker_scored_later_dated() -> None:
    """A black-box check with two workers: the erasing worker's event clock was
    behind the other's, and payments that worker had scored, dated later, passed
    their challenge after the erasure and brought a profile back."""
    from service.engine import ERASED

    store = MemoryStore()
    a, b = build_engine(store), build_engine(store)       # two workers on one store
    ckey = profile_key("c-1")

    def on_day(tx: str, day: int, **kw: Any) -> bytes:
        return body(tx, **kw).replace(b"2026-03-02", f"2026-03-{2 + day:02d}".encode())

    assert b.score(parse_score(on_day("tx-b0", 0, amount=9.0, customer="c-other"))).level == 0   # b's clock: day 0
    for i in range(3):
        assert a.score(parse_score(on_day(f"tx-a{i}", 5 + i, amount=9.0))).level == 0
    pending = a.score(parse_score(on_day("tx-late", 8, amount=800.0, payee_id="new-1")))
    assert 1 <= pending.level <= 3
    assert b.erase("c-1")
    assert a.feedback(FeedbackRequest(transaction_id="tx-late", kind="auth_result", timestamp="", passed=True),
                      1.7726e9) == "completed"
    assert store.read([ckey])[ckey] == ERASED


def test_feedback_on_payments_scored_after_an_erasure_teaches_the_new_profile_whatever_their_date() -> None:
    """A review: the erasure reaches payments dated up to a day past the latest seen,
    and feedback decided by the payment's date, so for that day the customer's new
    payments were taken as erased: a fraud report left a level-0 payment learned in
    the new profile, a failed challenge was not counted, a pass taught nothing.
    Feedback now decides by whether the payment was scored before the erasure."""
    from service.engine import ERASURE

    engine = build_engine(MemoryStore())
    ckey = profile_key("c-1")

    def fb(tx: str, **kw: Any) -> str:
        kind_ = "auth_result" if "passed" in kw else "fraud_report"
        return engine.feedback(FeedbackRequest(transaction_id=tx, kind=kind_, timestamp="", **kw), 1.7725e9)

    for i in range(3):
        assert engine.score(parse_score(body(f"tx-old{i}", amount=9.0, second=i * 600))).level == 0
    assert engine.erase("c-1")
    # the same day, minutes later: within the erasure's reach by date
    new = engine.score(parse_score(body("tx-new0", amount=9.0, second=3000)))
    assert new.level == 0 and learned(engine, "c-1") == 1
    assert fb("tx-new0", is_fraud=True) == "fraud"
    assert learned(engine, "c-1") == 0                      # the fraud is taken out of the new profile
    big = engine.score(parse_score(body("tx-new1", amount=4000.0, second=3600, payee_id="new-1")))
    assert 1 <= big.level <= 3
    assert fb("tx-new1", passed=False) == "failed"
    assert decode_profile(engine.store.read([ckey])[ckey]).fail_lvl == big.level   # counted against it
    # the payment scored before the erasure still teaches nothing, reported or cleared
    assert fb("tx-old2", is_fraud=True) == "fraud" and fb("tx-old2", is_fraud=False) == "cleared"
    assert learned(engine, "c-1") == 0
    # a tombstone written before the clock was kept (8 bytes) falls back to the date
    other = build_engine(MemoryStore())
    for i in range(3):
        assert other.score(parse_score(body(f"tx-o{i}", amount=9.0, second=i * 600))).level == 0
    assert other.erase("c-1")
    tkey = ERASURE + "c-1"
    tomb = other.store.read([tkey])[tkey]
    assert tomb is not None and len(tomb) == 16
    other.store.transact([tkey], lambda c: ({tkey: tomb[:8]}, None), 0.0)
    assert other.score(parse_score(body("tx-o3", amount=9.0, second=3000))).level == 0
    assert learned(other, "c-1") == 1
    assert other.feedback(FeedbackRequest(transaction_id="tx-o3", kind="fraud_report", timestamp="", is_fraud=True),
                          1.7725e9) == "fraud"
    assert learned(other, "c-1") == 1                       # dated within the reach: taken as erased


# ------------------------------------------------------------ a TRA and metrics review's findings

def _tra_body(tx: str, ts: str, customer: str = "c-1", device: str = "dev-1", currency: str = "EUR",
              payee: str = "shop") -> bytes:
    return msgspec.json.encode({"transaction_id": tx, "customer_id": customer, "timestamp": ts, "amount": 20.0,
                                "currency": currency, "device_id": device, "payee_id": payee})


def test_a_fraud_report_on_a_payment_dated_far_ahead_leaves_the_tra_clock_alone() -> None:
    e = build_engine(MemoryStore())
    e.clock_ahead_s = 86400.0
    e.score(parse_score(_tra_body("a", "2026-03-02T10:00:00Z")))
    e.score(parse_score(_tra_body("fut", "2099-12-31T10:00:00Z", customer="c-2", device="dev-2")))
    e.feedback(FeedbackRequest(transaction_id="fut", kind="fraud_report", timestamp="", is_fraud=True), e.max_ts)
    assert e.tra.latest_ts <= e.max_ts            # it went to 2099 and every later payment fell outside
    before = e.tra.band_stats(e.max_ts)["all"]["volume_eur"]
    out = e.score(parse_score(_tra_body("b", "2026-03-02T11:00:00Z", customer="c-3", device="dev-3", payee="grocer")))
    assert out.level == 0 and e.tra.band_stats(e.max_ts)["all"]["volume_eur"] > before


def test_a_degraded_payment_that_completes_counts_its_value_for_tra() -> None:
    e = build_engine(MemoryStore())
    real = e.model.score

    def broken(fs: Any) -> Any:
        raise RuntimeError("model down")

    e.model.score = broken
    out = e.score(parse_score(_tra_body("d", "2026-03-02T10:00:00Z")))
    assert out.degraded and out.level == 0
    e.model.score = real
    e.feedback(FeedbackRequest(transaction_id="d", kind="fraud_report", timestamp="", is_fraud=True), e.max_ts)
    s = e.tra.band_stats(e.max_ts)["<=100"]
    assert s["volume_eur"] == s["fraud_eur"] > 0   # the fraud counted without its volume before


def test_an_unlisted_currency_is_counted_once_when_the_write_then_fails() -> None:
    from service.store.base import StoreError

    class WriteFailing(MemoryStore):
        def transact(self, *a: Any, **k: Any) -> Any:
            raise StoreError("disk full")

    e = build_engine(WriteFailing())
    out = e.score(parse_score(_tra_body("x1", "2026-03-02T10:00:00Z", currency="ZZZ")))
    assert out.degraded and e.policy.unlisted_n == 1


def test_a_three_letter_country_is_the_two_letter_one() -> None:
    """A review: "USA" with a US IP read as an IP-country mismatch and as a second
    country beside "US" in the customer's history; the API takes both spellings."""
    from models.policy import load_policy
    from tests.test_policy_helpers import inp, make_policy

    def country(c: str) -> str | None:
        return parse_score(msgspec.json.encode({"transaction_id": "t", "customer_id": "c", "amount": 5.0,
                                                "currency": "EUR", "timestamp": "2026-03-02T10:00:00Z",
                                                "country": c})).country

    assert country("USA") == country("usa") == country("US") == "US"
    assert country("DEU") == "DE" and country("QZZ") == "QZZ"     # not assigned: kept as sent
    pol = make_policy(rules='[rules.deny]\ncountry = ["DEU"]\n')
    assert pol.decide(inp(country="DE", p_fraud=0.0)).level == 4
    assert load_policy(None).decide(inp(country="DE", p_fraud=0.0)).level == 0


def test_clearing_one_report_leaves_the_payee_forgetting_a_customer_another_report_still_names() -> None:
    """A review (property test of feedback orders): report A, report B, clear A gave the
    payee its memory of the customer back though report B still stood; the same
    as report B alone now."""
    from features.attributes import derive
    from features.hashing import label_key
    from features.population import decode_entity, entity_keys, paid_before

    def world(seq: list[tuple[str, bool]]) -> Any:
        e = build_engine(MemoryStore())
        for i in range(6):
            b = body(f"tx-{i}", amount=25.0).replace(b"T10:", f"T{10 + i:02d}:".encode())
            assert e.score(parse_score(b)).level == 0
        pk = next(k for k in entity_keys(derive(parse_score(body("tx-0", amount=25.0)), e.dctx)) if k[0] == "p")
        for tx, flag in seq:
            assert e.feedback(FeedbackRequest(transaction_id=tx, kind="fraud_report", timestamp="", is_fraud=flag),
                              1.7726e9) in ("fraud", "cleared")
        return paid_before(decode_entity(e.store.read([pk])[pk]), label_key("c-1")), learned(e, "c-1")

    alone = world([("tx-5", True)])
    assert alone[0] is None
    assert world([("tx-4", True), ("tx-5", True), ("tx-4", False)]) == alone
    assert world([("tx-4", True), ("tx-4", False)])[0] is not None      # the one report cleared: given back
