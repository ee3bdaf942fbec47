"""Load and validate a policy file (TOML) into plain frozen dataclasses.

Everything a bank may want to change lives in the file, so a mistake there must
stop the service at start-up with a message naming the bad key, never surface
as a strange decision at 3 a.m. Validation also enforces the orderings that make
the decision monotone (more risk or more money never lowers the level): friction
and friction rate non-decreasing with the level, attacker pass probability
non-increasing, every per-level cap non-decreasing. See docs/policy.md.
"""
from __future__ import annotations

import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from features.reasons import REASON_CODES
from models.challenge_calibration import ChallengeConfig
from features.country import country_alpha2

LEVEL_COUNT = 5  # API.md levels 0..4
CAPPED_LEVELS = 4  # levels 0..3 authorise money; level 4 (deny) authorises nothing
DENY_FIELDS = ("customer_id", "payee_id", "device_id", "ip", "country")
SCOPES = ("band", "overall")
# always fullmatch: re.match with `$` also took a trailing newline, and one in `name` went
# into policy_version (a review)
_CURRENCY_RE = re.compile(r"[A-Z]{3}")
_CODE_RE = re.compile(r"[A-Z][A-Z0-9_]*")
_COUNTRY_RE = re.compile(r"[A-Z]{2,3}")     # as the API takes a payment's country
INF = math.inf
#: The largest `max_amount` a level may have: "no maximum" (the API refuses amounts above 1e12).
MAX_AMOUNT_LIMIT = 1e15


class PolicyError(ValueError):
    """A policy file that cannot be used; `key` is the dotted path of the culprit."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message
        self.message = message


@dataclass(frozen=True, slots=True)
class Level:
    level: int
    name: str
    friction: float  # fixed cost of the challenge to an honest customer (policy currency)
    friction_rate: float  # extra cost per unit of amount (abandoned or lost payment)
    attacker_pass: float  # probability that a fraudster defeats this level
    max_amount: float  # largest amount this level may ever authorise (policy currency)
    # ... when the payment comes from a device the customer already completed payments
    # with: the attacker holds the phone (theft, malware) or is talking the customer
    # into paying (scam), so codes sent to that phone stop far less. Defaults to
    # attacker_pass.
    attacker_pass_known_device: float = -1.0
    # The model's probability alone raises a payment to this level only at or above
    # this: a deny is final for an honest customer, and a score from a model that
    # has not yet seen this bank's customers is least reliable where it is high.
    min_p_fraud: float = 0.0


@dataclass(frozen=True, slots=True)
class TraBand:
    max_eur: float
    reference_rate: float


@dataclass(frozen=True, slots=True)
class TraConfig:
    enabled: bool
    window_days: int
    min_volume_eur: float
    scope: str
    bands: tuple[TraBand, ...]


@dataclass(frozen=True, slots=True)
class ChannelRule:
    min_level: int
    caps: tuple[float, ...]  # one per level 0..3, policy currency


@dataclass(frozen=True, slots=True)
class PolicyConfig:
    name: str
    currency: str
    levels: tuple[Level, ...]
    fx: dict[str, float]  # EUR per unit of each currency
    deny: dict[str, frozenset[str]]
    min_history: int
    new_customer_caps: tuple[float, ...]
    new_device_caps: tuple[float, ...]
    new_payee_caps: tuple[float, ...]
    daily_caps: tuple[float, ...]
    daily_habit_multiple: float         # established customers: daily caps >= this x their busiest recent day (0: off)
    habit_min_history: int
    habit_min_amount: float
    habit_multiples: tuple[float, ...]  # per level 0..3, times the customer's largest recent amount
    habit_known_payee_multiple: float   # habit cap >= this x the largest amount already paid to the payee (0: off)
    habit_known_payee_repeat_uncapped: bool  # a repeat to a settled payee passes max_amount and the daily caps
    habit_known_payee_repeat_multiple: float  # "a repeat": up to this x the largest settled amount to the payee
    habit_known_payee_repeat_cross_max: bool  # a repeat may cross a level's max_amount from a settled amount below it
    payee_fraud_min_rate: float         # payee's recent reported-fraud rate at or above which ...
    payee_fraud_min_level: int          # ... this is the lowest level (0: off)
    fraud_device_min_weight: float      # decayed reports against other customers on the device at or above which ...
    fraud_device_min_level: int         # ... this is the lowest level (0: off)
    fraud_device_deny_victims: int      # ... and with reports against this many other customers, deny (0: off)
    channels: dict[str, ChannelRule]
    reason_min_level: dict[str, int]
    tra: TraConfig
    degraded_caps: tuple[float, ...]
    content_hash: str  # sha256 of the file bytes, hex
    # what step-up results say about the model's probabilities ([challenge_calibration])
    challenge: ChallengeConfig = field(default_factory=ChallengeConfig)
    # [rules.payer_fraud]: the paying customer's own account received payments reported as fraud
    payer_fraud_min_weight: float = 0.5  # decayed reports against payments to the payer at or above which ...
    payer_fraud_min_level: int = 0       # ... this is the lowest level (0: off)
    payer_fraud_deny_victims: int = 0    # ... and with reports from this many other customers, deny (0: off)
    # [rules.payee_fraud]: ... and also at this lower rate once reports came from this many other
    # customers (0: off)
    payee_fraud_min_victims: int = 0
    payee_fraud_victims_min_rate: float = 0.1
    payee_fraud_victims_max_payments: float = 0.0   # the victims path only below this 7-day count (0: no bound)
    # [rules.fraud_ip]: the lowest level for a payment from an IP address with fraud reported against
    # at least min_victims other customers, while at least min_rate of its payments (30-day decay)
    # were reported and the reports' decayed weight is at least min_weight (0: off)
    fraud_ip_min_level: int = 0
    fraud_ip_min_victims: int = 2
    fraud_ip_min_rate: float = 0.25
    fraud_ip_min_weight: float = 0.5
    # [rules.unknown_currency]: the lowest level for a payment in a currency not in [fx] (0: off,
    # its amount taken 1:1; 4: deny)
    unknown_currency_level: int = 0
    # [rules.failed_challenge]: after a failed challenge, no lower level for this long (0: off) ...
    failed_challenge_hours: float = 0.0
    failed_challenge_escalate: bool = False  # ... and each further failure one level more (at most strong)
    failed_challenge_known_device: bool = True  # ... also when every failure was on the customer's own known device
    # [rules.fraud_device]: a device id seen with more than this many other customers in the last
    # day (0: no limit) ...
    fraud_device_busy_customers: int = 8
    fraud_device_busy_min_rate: float = 0.25  # ... links only while this share of its payments was reported
    # ... and any device is denied (deny_victims) only while this share of its payments was reported,
    # else it gets the highest challenge, level 3 (0: denied whatever its rate)
    fraud_device_deny_min_rate: float = 0.0


# ---------------------------------------------------------------- helpers


def _keys(d: dict[str, Any], allowed: set[str], path: str) -> None:
    """Unknown keys are errors: a typo must not silently disable a rule."""
    for k in d:
        if k not in allowed:
            where = f"{path}.{k}" if path else k
            raise PolicyError(where, f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _table(d: dict[str, Any], key: str, path: str, required: bool = False) -> dict[str, Any]:
    where = f"{path}.{key}" if path else key
    if key not in d:
        if required:
            raise PolicyError(where, "missing table")
        return {}
    v = d[key]
    if not isinstance(v, dict):
        raise PolicyError(where, "must be a table")
    return v


def _as_float(v: int | float, where: str) -> float:
    """TOML integers have no size limit: one too large for a float is refused by
    name, not with a traceback (a review stopped the service with a shadow file so)."""
    try:
        return float(v)
    except OverflowError:
        raise PolicyError(where, "is too large") from None


def _num(
    d: dict[str, Any],
    key: str,
    path: str,
    default: float | None = None,
    lo: float = 0.0,
    hi: float = INF,
    allow_inf: bool = False,
) -> float:
    where = f"{path}.{key}" if path else key
    if key not in d:
        if default is None:
            raise PolicyError(where, "missing")
        return default
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise PolicyError(where, f"must be a number, got {type(v).__name__}")
    v = _as_float(v, where)
    if math.isnan(v) or (math.isinf(v) and not allow_inf):
        raise PolicyError(where, "must be finite")
    if not lo <= v <= hi:
        raise PolicyError(where, f"must be between {lo} and {hi}, got {v}")
    return v


def _bool(d: dict[str, Any], key: str, path: str, default: bool) -> bool:
    v = d.get(key, default)
    if not isinstance(v, bool):
        raise PolicyError(f"{path}.{key}", "must be true or false")
    return v


def _int(d: dict[str, Any], key: str, path: str, default: int | None, lo: int, hi: int) -> int:
    where = f"{path}.{key}" if path else key
    if key not in d:
        if default is None:
            raise PolicyError(where, "missing")
        return default
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, int):
        raise PolicyError(where, f"must be an integer, got {type(v).__name__}")
    if not lo <= v <= hi:
        raise PolicyError(where, f"must be between {lo} and {hi}, got {v}")
    return v


def _str(d: dict[str, Any], key: str, path: str, default: str | None = None) -> str:
    where = f"{path}.{key}" if path else key
    if key not in d:
        if default is None:
            raise PolicyError(where, "missing")
        return default
    v = d[key]
    if not isinstance(v, str) or not v.strip():
        raise PolicyError(where, "must be a non-empty string")
    return v


def _caps(d: dict[str, Any], key: str, path: str, default: tuple[float, ...] | None) -> tuple[float, ...]:
    """A per-level cap list for levels 0..3; `inf` means no cap. Non-decreasing,
    so that stepping up the level can only raise what may be paid."""
    where = f"{path}.{key}" if path else key
    if key not in d:
        if default is None:
            raise PolicyError(where, "missing")
        return default
    v = d[key]
    if not isinstance(v, list) or len(v) != CAPPED_LEVELS:
        raise PolicyError(where, f"must be a list of {CAPPED_LEVELS} amounts (levels 0..3)")
    out: list[float] = []
    for i, x in enumerate(v):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or math.isnan(_as_float(x, f"{where}[{i}]")) or x < 0:
            raise PolicyError(f"{where}[{i}]", "must be a non-negative number or inf")
        out.append(float(x))
    for i in range(1, CAPPED_LEVELS):
        if out[i] < out[i - 1]:
            raise PolicyError(f"{where}[{i}]", "caps must not decrease with the level")
    return tuple(out)


# ---------------------------------------------------------------- sections


def _levels(raw: Any) -> tuple[Level, ...]:
    if not isinstance(raw, list) or len(raw) != LEVEL_COUNT:
        raise PolicyError("levels", f"must be an array of exactly {LEVEL_COUNT} tables ([[levels]]), levels 0..4 in order")
    allowed = {"name", "friction", "friction_rate", "attacker_pass", "attacker_pass_known_device", "max_amount",
               "min_p_fraud"}
    out: list[Level] = []
    names: set[str] = set()
    for i, t in enumerate(raw):
        path = f"levels[{i}]"
        if not isinstance(t, dict):
            raise PolicyError(path, "must be a table")
        _keys(t, allowed, path)
        name = _str(t, "name", path)
        if name in names:
            raise PolicyError(f"{path}.name", f"duplicate level name {name!r}")
        names.add(name)
        friction = _num(t, "friction", path)
        rate = _num(t, "friction_rate", path, default=0.0, hi=1e6)
        passp = _num(t, "attacker_pass", path, hi=1.0)
        pass_known = _num(t, "attacker_pass_known_device", path, default=passp, hi=1.0)
        if i < CAPPED_LEVELS:
            # 1e15 is "no maximum" (the API refuses amounts above 1e12); larger numbers
            # overflowed the limit's rounding and turned every answer DEGRADED
            mx = _num(t, "max_amount", path, hi=MAX_AMOUNT_LIMIT)
            if mx <= 0:
                raise PolicyError(f"{path}.max_amount", "must be > 0")
        else:
            mx = _num(t, "max_amount", path, default=0.0, hi=0.0)
        min_p = _num(t, "min_p_fraud", path, default=0.0, hi=1.0)
        out.append(Level(i, name, friction, rate, passp, mx, pass_known, min_p))
    for i in range(1, LEVEL_COUNT):
        a, b = out[i - 1], out[i]
        p = f"levels[{i}]"
        if b.friction < a.friction:
            raise PolicyError(f"{p}.friction", "must not be below the previous level's (monotone decisions)")
        if b.friction_rate < a.friction_rate:
            raise PolicyError(f"{p}.friction_rate", "must not be below the previous level's (monotone decisions)")
        if b.attacker_pass > a.attacker_pass:
            raise PolicyError(f"{p}.attacker_pass", "must not exceed the previous level's (monotone decisions)")
        if b.attacker_pass_known_device > a.attacker_pass_known_device:
            raise PolicyError(f"{p}.attacker_pass_known_device",
                              "must not exceed the previous level's (monotone decisions)")
        if b.min_p_fraud < a.min_p_fraud:
            raise PolicyError(f"{p}.min_p_fraud", "must not be below the previous level's (monotone decisions)")
        if i < CAPPED_LEVELS and b.max_amount < a.max_amount:
            raise PolicyError(f"{p}.max_amount", "must not be below the previous level's")
    return tuple(out)


def _fx(raw: dict[str, Any], currency: str) -> dict[str, float]:
    out: dict[str, float] = {"EUR": 1.0}
    for k, v in raw.items():
        if not _CURRENCY_RE.fullmatch(k):
            raise PolicyError(f"fx.{k}", "currency codes are three upper-case letters (ISO 4217)")
        out[k] = _num(raw, k, "fx", lo=1e-12, hi=1e6)   # EUR per unit: no currency is worth a million
        if out[k] <= 0:
            raise PolicyError(f"fx.{k}", "must be > 0")
    if out["EUR"] != 1.0:
        raise PolicyError("fx.EUR", "must be 1.0 (rates are EUR per unit)")
    if currency not in out:
        raise PolicyError("currency", f"{currency} has no rate in [fx]")
    return out


def _deny(raw: dict[str, Any]) -> dict[str, frozenset[str]]:
    _keys(raw, set(DENY_FIELDS), "rules.deny")
    out: dict[str, frozenset[str]] = {}
    for f in DENY_FIELDS:
        v = raw.get(f, [])
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            raise PolicyError(f"rules.deny.{f}", "must be a list of non-empty strings")
        if f == "country":
            v = [x.upper() for x in v]
            bad = [x for x in v if not _COUNTRY_RE.fullmatch(x)]
            if bad:     # "Germany" would never match the country a payment carries
                raise PolicyError("rules.deny.country", f"ISO 3166 codes of 2 or 3 letters, got {bad[0]!r}")
            v = [country_alpha2(x) for x in v]     # as a payment's country is read
        out[f] = frozenset(v)
    return out


def _channels(raw: dict[str, Any]) -> dict[str, ChannelRule]:
    out: dict[str, ChannelRule] = {}
    nocap = (INF,) * CAPPED_LEVELS
    for name, t in raw.items():
        path = f"rules.channels.{name}"
        if not isinstance(t, dict):
            raise PolicyError(path, "must be a table")
        _keys(t, {"min_level", "caps"}, path)
        if name.lower() in out:      # channels match case-insensitively: one of the two would be lost
            raise PolicyError(path, f"names the same channel as another table (channels match ignoring case: "
                                    f"{name.lower()!r})")
        out[name.lower()] = ChannelRule(
            min_level=_int(t, "min_level", path, 0, 0, LEVEL_COUNT - 1),
            caps=_caps(t, "caps", path, nocap),
        )
    return out


def _reason_min(raw: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for code in raw:
        if not _CODE_RE.fullmatch(code):
            raise PolicyError(f"rules.reason_min_level.{code}", "reason codes are upper-case words")
        if code not in REASON_CODES:    # a typo would silently turn the rule off
            raise PolicyError(f"rules.reason_min_level.{code}",
                              f"not a reason code of the model (README, 'Reason codes': {', '.join(REASON_CODES)})")
        out[code] = _int(raw, code, "rules.reason_min_level", None, 0, LEVEL_COUNT - 1)
    return out


def _tra(raw: dict[str, Any]) -> TraConfig:
    _keys(raw, {"enabled", "window_days", "min_volume_eur", "scope", "bands"}, "tra")
    enabled = _bool(raw, "enabled", "tra", False)
    scope = _str(raw, "scope", "tra", "band")
    if scope not in SCOPES:
        raise PolicyError("tra.scope", f"must be one of {SCOPES}")
    bands_raw = raw.get("bands", [
        {"max_eur": 100.0, "reference_rate": 0.0013},
        {"max_eur": 250.0, "reference_rate": 0.0006},
        {"max_eur": 500.0, "reference_rate": 0.0001},
    ])
    if not isinstance(bands_raw, list) or not bands_raw:
        raise PolicyError("tra.bands", "must be a non-empty array of tables ([[tra.bands]])")
    bands: list[TraBand] = []
    for i, t in enumerate(bands_raw):
        path = f"tra.bands[{i}]"
        if not isinstance(t, dict):
            raise PolicyError(path, "must be a table")
        _keys(t, {"max_eur", "reference_rate"}, path)
        b = TraBand(_num(t, "max_eur", path), _num(t, "reference_rate", path, hi=1.0))
        if b.max_eur <= 0 or (bands and b.max_eur <= bands[-1].max_eur):
            raise PolicyError(f"{path}.max_eur", "bands must have increasing positive upper bounds")
        bands.append(b)
    return TraConfig(
        enabled=enabled,
        window_days=_int(raw, "window_days", "tra", 90, 1, 3660),
        min_volume_eur=_num(raw, "min_volume_eur", "tra", 0.0),
        scope=scope,
        bands=tuple(bands),
    )


def parse_policy(data: bytes) -> PolicyConfig:
    """Validate the bytes of a policy file; the hash of exactly these bytes versions it."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise PolicyError("file", f"not valid TOML: {e}") from None
    _keys(raw, {"name", "currency", "levels", "fx", "rules", "tra", "degraded", "challenge_calibration"}, "")
    name = _str(raw, "name", "")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise PolicyError("name", "letters, digits, '_', '.', '-' only (it is part of policy_version)")
    currency = _str(raw, "currency", "", "EUR")
    if not _CURRENCY_RE.fullmatch(currency):
        raise PolicyError("currency", "three upper-case letters (ISO 4217)")
    levels = _levels(raw.get("levels"))
    fx = _fx(_table(raw, "fx", ""), currency)

    rules = _table(raw, "rules", "")
    _keys(rules, {"deny", "cold_start", "daily", "habit", "payee_fraud", "fraud_device", "payer_fraud", "failed_challenge", "channels",
                  "reason_min_level", "unknown_currency", "fraud_ip"}, "rules")
    cold = _table(rules, "cold_start", "rules")
    _keys(cold, {"min_history", "new_customer_caps", "new_device_caps", "new_payee_caps"}, "rules.cold_start")
    nocap = (INF,) * CAPPED_LEVELS
    daily = _table(rules, "daily", "rules")
    _keys(daily, {"caps", "habit_multiple"}, "rules.daily")
    habit = _table(rules, "habit", "rules")
    _keys(habit, {"min_history", "min_amount", "multiples", "known_payee_multiple", "known_payee_repeat_uncapped",
                  "known_payee_repeat_multiple", "known_payee_repeat_cross_max"},
          "rules.habit")
    pfraud = _table(rules, "payee_fraud", "rules")
    _keys(pfraud, {"min_rate", "min_level", "min_victims", "victims_min_rate", "victims_max_payments"}, "rules.payee_fraud")
    fdev = _table(rules, "fraud_device", "rules")
    _keys(fdev, {"min_weight", "min_level", "deny_victims", "busy_customers", "busy_min_rate", "deny_min_rate"},
          "rules.fraud_device")
    failed = _table(rules, "failed_challenge", "rules")
    _keys(failed, {"hours", "escalate", "known_device"}, "rules.failed_challenge")
    payer = _table(rules, "payer_fraud", "rules")
    _keys(payer, {"min_weight", "min_level", "deny_victims"}, "rules.payer_fraud")
    fip = _table(rules, "fraud_ip", "rules")
    _keys(fip, {"min_level", "min_victims", "min_rate", "min_weight"}, "rules.fraud_ip")
    unknown = _table(rules, "unknown_currency", "rules")
    _keys(unknown, {"level"}, "rules.unknown_currency")

    degraded = _table(raw, "degraded", "")
    _keys(degraded, {"caps"}, "degraded")
    dcaps = _caps(degraded, "caps", "degraded", None)
    if dcaps[0] > levels[0].max_amount:
        raise PolicyError("degraded.caps[0]", "the fallback must not allow more frictionless than level 0 does")

    return PolicyConfig(
        name=name,
        currency=currency,
        levels=levels,
        fx=fx,
        deny=_deny(_table(rules, "deny", "rules")),
        min_history=_int(cold, "min_history", "rules.cold_start", 0, 0, 1_000_000),
        new_customer_caps=_caps(cold, "new_customer_caps", "rules.cold_start", nocap),
        new_device_caps=_caps(cold, "new_device_caps", "rules.cold_start", nocap),
        new_payee_caps=_caps(cold, "new_payee_caps", "rules.cold_start", nocap),
        daily_caps=_caps(daily, "caps", "rules.daily", nocap),
        daily_habit_multiple=_num(daily, "habit_multiple", "rules.daily", 0.0, 0.0, 1000.0),
        habit_min_history=_int(habit, "min_history", "rules.habit", 5, 1, 1_000_000),
        habit_min_amount=_num(habit, "min_amount", "rules.habit", 0.0),
        habit_multiples=_caps(habit, "multiples", "rules.habit", nocap),
        habit_known_payee_multiple=_num(habit, "known_payee_multiple", "rules.habit", 0.0, 0.0, 1000.0),
        habit_known_payee_repeat_uncapped=_bool(habit, "known_payee_repeat_uncapped", "rules.habit", False),
        habit_known_payee_repeat_multiple=_num(habit, "known_payee_repeat_multiple", "rules.habit", 1.0, 1.0, 10.0),
        habit_known_payee_repeat_cross_max=_bool(habit, "known_payee_repeat_cross_max", "rules.habit", False),
        payee_fraud_min_rate=_num(pfraud, "min_rate", "rules.payee_fraud", 1.0, 0.0, 1.0),
        payee_fraud_min_level=_int(pfraud, "min_level", "rules.payee_fraud", 0, 0, LEVEL_COUNT - 1),
        payee_fraud_min_victims=_int(pfraud, "min_victims", "rules.payee_fraud", 0, 0, 8),
        payee_fraud_victims_min_rate=_num(pfraud, "victims_min_rate", "rules.payee_fraud", 0.1, 0.0, 1.0),
        payee_fraud_victims_max_payments=_num(pfraud, "victims_max_payments", "rules.payee_fraud", 0.0),
        fraud_device_min_weight=_num(fdev, "min_weight", "rules.fraud_device", 0.5, 0.0, 1000.0),
        fraud_device_min_level=_int(fdev, "min_level", "rules.fraud_device", 0, 0, LEVEL_COUNT - 1),
        # deny_victims: an entity keeps its last 8 victims (features.population): 9+ would never deny
        fraud_device_deny_victims=_int(fdev, "deny_victims", "rules.fraud_device", 0, 0, 8),
        fraud_device_busy_customers=_int(fdev, "busy_customers", "rules.fraud_device", 8, 0, 32),
        fraud_device_busy_min_rate=_num(fdev, "busy_min_rate", "rules.fraud_device", 0.25, 0.0, 1.0),
        fraud_device_deny_min_rate=_num(fdev, "deny_min_rate", "rules.fraud_device", 0.0, 0.0, 1.0),
        channels=_channels(_table(rules, "channels", "rules")),
        reason_min_level=_reason_min(_table(rules, "reason_min_level", "rules")),
        tra=_tra(_table(raw, "tra", "")),
        degraded_caps=dcaps,
        content_hash=hashlib.sha256(data).hexdigest(),
        challenge=_challenge(_table(raw, "challenge_calibration", "")),
        payer_fraud_min_weight=_num(payer, "min_weight", "rules.payer_fraud", 0.5, 0.0, 1000.0),
        payer_fraud_min_level=_int(payer, "min_level", "rules.payer_fraud", 0, 0, LEVEL_COUNT - 1),
        payer_fraud_deny_victims=_int(payer, "deny_victims", "rules.payer_fraud", 0, 0, 8),
        failed_challenge_hours=_num(failed, "hours", "rules.failed_challenge", 0.0, 0.0, 24.0 * 365),
        failed_challenge_escalate=_bool(failed, "escalate", "rules.failed_challenge", False),
        failed_challenge_known_device=_bool(failed, "known_device", "rules.failed_challenge", True),
        unknown_currency_level=_int(unknown, "level", "rules.unknown_currency", 0, 0, LEVEL_COUNT - 1),
        fraud_ip_min_level=_int(fip, "min_level", "rules.fraud_ip", 0, 0, LEVEL_COUNT - 1),
        fraud_ip_min_victims=_int(fip, "min_victims", "rules.fraud_ip", 2, 1, 8),
        fraud_ip_min_rate=_num(fip, "min_rate", "rules.fraud_ip", 0.25, 0.0, 1.0),
        fraud_ip_min_weight=_num(fip, "min_weight", "rules.fraud_ip", 0.5, 0.0, 1000.0),
    )


def _challenge(raw: dict[str, Any]) -> ChallengeConfig:
    path = "challenge_calibration"
    _keys(raw, {"enabled", "min_outcomes", "half_life_days", "max_shift", "confidence_z", "genuine_pass"}, path)
    d = ChallengeConfig()
    gp = raw.get("genuine_pass", list(d.genuine_pass))
    if not isinstance(gp, list) or len(gp) != 3 or not all(
            isinstance(x, (int, float)) and not isinstance(x, bool) and 0.0 < x <= 1.0 for x in gp):
        raise PolicyError(f"{path}.genuine_pass", "three numbers in (0, 1], for levels 1, 2 and 3")
    return ChallengeConfig(
        enabled=_bool(raw, "enabled", path, False),
        min_outcomes=_num(raw, "min_outcomes", path, d.min_outcomes, 1.0, 1e9),
        half_life_days=_num(raw, "half_life_days", path, d.half_life_days, 0.01, 3650.0),
        max_shift=_num(raw, "max_shift", path, d.max_shift, 0.0, 20.0),
        confidence_z=_num(raw, "confidence_z", path, d.confidence_z, 0.0, 10.0),
        genuine_pass=(float(gp[0]), float(gp[1]), float(gp[2])),
    )


def read_policy_bytes(path: str | None) -> bytes:
    """None means the default policy shipped inside the package."""
    if path is None:
        return resources.files("models").joinpath("default_policy.toml").read_bytes()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise PolicyError("file", f"cannot read policy file {path!r}: {e.strerror}") from None
