"""ISO 4217 minor units: how many decimals an amount in each currency has.

The answered limit must be an amount the gateway can charge: 17543.85 JPY cannot
be charged, and rounding it to the nearest yen (17544) went above the cap and was
stepped up (a black-box audit). Limits and the amounts in reason messages are
therefore floored to the currency's own minor unit. The table lists the
currencies whose minor unit is not the cent (ISO 4217, amendment 179); every
other code, listed or not, has two decimals.
"""
from __future__ import annotations

__all__ = ["MINOR_UNITS", "minor_units"]

MINOR_UNITS: dict[str, int] = {
    # no minor unit in use
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0,
    "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    # thousandths
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    # ten-thousandths (units of account)
    "CLF": 4, "UYW": 4,
}


def minor_units(currency: str | None) -> int:
    """Decimals of an amount in `currency` (2 for codes not in the table)."""
    if currency is None:
        return 2
    return MINOR_UNITS.get(currency, 2)
