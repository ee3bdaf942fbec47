"""Decode and validate request bodies in one pass, into plain structs.

msgspec checks JSON syntax and types while decoding; the few semantic checks
that types cannot express (finite positive amount, a zone on the timestamp,
coordinate ranges, IP syntax, identifier lengths) follow in straight-line code.
Every failure is an `ApiError` that names the offending field.
"""
from __future__ import annotations

import math
import re
import socket
import unicodedata
from datetime import datetime

import msgspec

from features.country import country_alpha2
from features.payment import Payment, ScoreRequest  # ScoreRequest: the schema in /openapi.json

from .errors import ApiError

MAX_ID = 128
MAX_TEXT = 512
MAX_AMOUNT = 1e12
_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Za-z]{2,3}")


class FeedbackRequest(msgspec.Struct, kw_only=True):
    transaction_id: str
    kind: str
    timestamp: str
    passed: bool | None = None
    is_fraud: bool | None = None


_score_decoder = msgspec.json.Decoder(Payment)
_feedback_decoder = msgspec.json.Decoder(FeedbackRequest)
_PATH = re.compile(r"`\$\.?([A-Za-z_][A-Za-z0-9_]*)")


_BOM = b"\xef\xbb\xbf"


def _decode(decoder: msgspec.json.Decoder, body: bytes):  # type: ignore[type-arg]
    if not body:
        raise ApiError(400, "bad_request", "the request body is empty; send a JSON object")
    if body[:3] == _BOM:    # RFC 8259 lets a parser ignore a byte-order mark; some clients send one
        body = body[3:]
    try:
        return decoder.decode(body)
    except msgspec.ValidationError as exc:
        _well_formed(body)      # a type error met before a syntax error is still malformed JSON: 400
        text = str(exc)
        m = _PATH.search(text)
        field = m.group(1) if m else None
        if field is None and "missing required field" in text:
            m2 = re.search(r"missing required field `([^`]+)`", text)
            field = m2.group(1) if m2 else None
        raise ApiError(422, "invalid_input", text, field) from None
    except msgspec.DecodeError as exc:
        raise ApiError(400, "bad_request", f"malformed JSON: {exc}") from None
    except UnicodeDecodeError as exc:  # msgspec raises it for bytes that are not UTF-8 inside a string
        raise ApiError(400, "bad_request", f"the body is not valid UTF-8 JSON: {exc}") from None
    except RecursionError:  # arrays or objects nested ~1,000 deep: a 500 before (a black-box check)
        raise ApiError(400, "bad_request", "malformed JSON: nested too deeply") from None


def _well_formed(body: bytes) -> None:
    """msgspec checks types while it parses, so a body that is not JSON at all
    after a wrongly typed value (`{"ip": 1.2.3.4`) fails as invalid input; the
    error path parses it again untyped to answer it as malformed."""
    try:
        msgspec.json.decode(body)
    except RecursionError:
        raise ApiError(400, "bad_request", "malformed JSON: nested too deeply") from None
    except msgspec.ValidationError:   # well-formed, a value out of range (1e400): the typed error stands
        return
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad_request", f"malformed JSON: {exc}") from None


#: the payment times accepted (epoch seconds, UTC): 1970-01-01 up to, not including, 2100-01-01
EARLIEST_TS, LATEST_TS = 0.0, 4102444800.0


def parse_timestamp(value: str, field: str = "timestamp") -> float:
    """ISO-8601 with an explicit zone → epoch seconds. A naive time is refused:
    guessing the zone would shift every hour-of-week feature."""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "invalid_input", f"{field} is not an ISO-8601 time: {value[:40]!r}", field) from None
    if dt.tzinfo is None:
        raise ApiError(422, "invalid_input", f"{field} needs a time zone (for example 'Z' or '+01:00')", field)
    ts = dt.timestamp()
    if not EARLIEST_TS <= ts < LATEST_TS:
        # a year 1000 or 3000 is a broken clock or a forged field, and the decays of every
        # habit read it: one such payment lifted the habit cap (a time audit)
        raise ApiError(422, "invalid_input", f"{field} must be between 1970-01-01 and 2100-01-01 (UTC): "
                                             f"{value[:40]!r}", field)
    return ts


def _valid_ip(value: str) -> bool:
    """inet_pton is ~10x cheaper than ipaddress.ip_address and as strict."""
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in value else socket.AF_INET, value)
        return True
    except (OSError, ValueError):
        return False


def _has_control(value: str) -> bool:
    """A newline, NUL or other control character (Unicode Cc): stored, it would break the
    log lines and exports that quote the field. Other non-printables (a no-break space in
    a city's name) are text."""
    return not value.isprintable() and any(unicodedata.category(ch) == "Cc" for ch in value)


def _check_id(value: str | None, field: str, required: bool = False) -> None:
    if value is None:
        if required:
            raise ApiError(422, "invalid_input", f"{field} is required", field)
        return
    if not value or len(value) > MAX_ID or not value.isprintable() or (required and value.isspace()):
        # spaces alone are no identifier: stripped (as the features strip ids) they would all be one
        raise ApiError(422, "invalid_input", f"{field} must be 1 to {MAX_ID} printable characters, not only spaces",
                       field)


def check_customer_id(value: str) -> None:
    """A customer id as the admin endpoints take it in their path: what /v1/score
    accepts, nothing else (422 otherwise)."""
    _check_id(value, "customer_id", True)


def parse_score(body: bytes) -> Payment:
    r: Payment = _decode(_score_decoder, body)
    _check_id(r.transaction_id, "transaction_id", True)
    _check_id(r.customer_id, "customer_id", True)
    r.ts = parse_timestamp(r.timestamp)
    amount = r.amount
    if not math.isfinite(amount) or amount <= 0 or amount > MAX_AMOUNT:
        raise ApiError(422, "invalid_input", "amount must be a finite number above 0 and at most 1e12", "amount")
    if not _CURRENCY.fullmatch(r.currency):
        raise ApiError(422, "invalid_input", "currency must be an ISO 4217 code: three upper-case letters", "currency")
    if r.ip is not None and not _valid_ip(r.ip):
        raise ApiError(422, "invalid_input", "ip is not an IPv4 or IPv6 address", "ip")
    lat, lon = r.lat, r.lon
    if (lat is None) != (lon is None):
        raise ApiError(422, "invalid_input", "lat and lon go together: send both or neither", "lat" if lat is None else "lon")
    if lat is not None:
        if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
            raise ApiError(422, "invalid_input", "lat must be between -90 and 90", "lat")
        if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):  # type: ignore[arg-type]
            raise ApiError(422, "invalid_input", "lon must be between -180 and 180", "lon")
    _check_id(r.device_id, "device_id")
    _check_id(r.payee_id, "payee_id")
    if r.device_id is not None and r.device_id.isspace():   # an optional id of spaces alone: none sent
        r.device_id = None
    if r.payee_id is not None and r.payee_id.isspace():
        r.payee_id = None
    if r.channel is not None and (not r.channel or len(r.channel) > 32 or _has_control(r.channel)):
        raise ApiError(422, "invalid_input", "channel must be 1 to 32 characters, no control characters", "channel")
    if r.user_agent is not None and (len(r.user_agent) > MAX_TEXT or _has_control(r.user_agent)):
        raise ApiError(422, "invalid_input", f"user_agent must be at most {MAX_TEXT} characters, no control characters",
                       "user_agent")
    if r.country is not None and not _COUNTRY.fullmatch(r.country):
        raise ApiError(422, "invalid_input", "country must be an ISO 3166 code (2 or 3 letters)", "country")
    if r.city is not None and (len(r.city) > MAX_ID or _has_control(r.city)):
        raise ApiError(422, "invalid_input", f"city must be at most {MAX_ID} characters, no control characters", "city")
    if r.country is not None:
        r.country = country_alpha2(r.country)
    return r


FEEDBACK_KINDS = ("auth_result", "fraud_report")


def parse_feedback(body: bytes) -> tuple[FeedbackRequest, float]:
    r: FeedbackRequest = _decode(_feedback_decoder, body)
    _check_id(r.transaction_id, "transaction_id", True)
    ts = parse_timestamp(r.timestamp)
    if r.kind == "auth_result":
        if r.passed is None:
            raise ApiError(422, "invalid_input", "an auth_result needs passed: true or false", "passed")
    elif r.kind == "fraud_report":
        if r.is_fraud is None:
            raise ApiError(422, "invalid_input", "a fraud_report needs is_fraud: true or false", "is_fraud")
    else:
        raise ApiError(422, "invalid_input", f"kind must be one of {', '.join(FEEDBACK_KINDS)}", "kind")
    return r, ts


def document_rules(schemas: dict[str, dict]) -> None:
    """Write the rules above into the request schemas of /openapi.json (msgspec derives
    the types from the structs; the limits live here, where they are enforced, so the
    document states the same numbers the parser checks)."""
    ident = {"minLength": 1, "maxLength": MAX_ID}
    when = {"format": "date-time", "description": "ISO-8601 with a zone (Z or an offset), years 1970-2099"}
    rules: dict[str, dict[str, dict]] = {
        "ScoreRequest": {
            "transaction_id": ident, "customer_id": ident, "device_id": ident, "payee_id": ident,
            "timestamp": when,
            "amount": {"exclusiveMinimum": 0, "maximum": MAX_AMOUNT},
            "currency": {"pattern": "^[A-Z]{3}$"},
            "channel": {"minLength": 1, "maxLength": 32},
            "ip": {"description": "an IPv4 or IPv6 address"},
            "user_agent": {"maxLength": MAX_TEXT},
            "lat": {"minimum": -90, "maximum": 90}, "lon": {"minimum": -180, "maximum": 180},
            "country": {"pattern": "^[A-Za-z]{2,3}$", "description": "ISO 3166 alpha-2 or alpha-3"},
            "city": {"maxLength": MAX_ID},
        },
        "FeedbackRequest": {
            "transaction_id": ident, "timestamp": when, "kind": {"enum": list(FEEDBACK_KINDS)},
            "passed": {"description": "required with kind auth_result"},
            "is_fraud": {"description": "required with kind fraud_report"},
        },
    }
    for name, fields in rules.items():
        props = schemas[name]["properties"]
        for field_name, extra in fields.items():
            prop = props[field_name]
            # an optional field is anyOf [its type, null]: the rule belongs to its type
            target = next((t for t in prop.get("anyOf", ()) if t.get("type") != "null"), prop)
            for k, v in extra.items():
                (prop if k == "description" else target)[k] = v
