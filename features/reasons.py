"""Reason codes: the stable vocabulary of every decision.

Codes are part of the wire contract (API.md); add new ones, never repurpose.
The README's reason-code table is generated from `REASON_CODES`.
"""
from __future__ import annotations

import msgspec

REASON_CODES: dict[str, str] = {
    "NEW_DEVICE": "the device was never seen completing a payment for this customer",
    "NEW_NETWORK": "the IP's network (not just the address) is new for this customer",
    "UNUSUAL_LOCATION": "far from the places this customer pays from",
    "IMPOSSIBLE_TRAVEL": "too far from the previous payment for the time between them",
    "UNUSUAL_TIME": "an hour/day at which this customer rarely pays",
    "AMOUNT_ABOVE_TYPICAL": "well above what this customer usually pays",
    "NEW_PAYEE": "first payment to this payee",
    "HIGH_VELOCITY": "many payments or much money in a short time",
    "SHARED_DEVICE": "the device or IP is used by many different customers",
    "RISKY_PAYEE": "the payee is linked to reported fraud or receives from many new senders",
    "COLD_START": "too little history to judge this customer; priors used",
    "DEGRADED": "a dependency failed; the static fallback policy answered",
    # riskgate's additions (API.md allows adding codes, never repurposing them)
    "LINKED_TO_FRAUD": "the device, IP or network was used in payments later reported as fraud (device and IP: against another customer)",
    "NEW_USER_AGENT": "a device this customer already paid with, on an app, browser or operating system new for this customer",
}


class Reason(msgspec.Struct, array_like=True):
    """One factor of a decision. `weight` orders reasons (larger first); it is
    the factor's contribution to the log-odds of fraud where a model gives one."""

    code: str
    weight: float
    message: str
