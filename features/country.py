"""One spelling per country: the API takes ISO 3166 codes of 2 or 3 letters, and the IP
database answers 2. "USA" and "US" must be one country to a customer's history, to the
IP-country mismatch and to the policy's deny list (a review found "USA" with a US IP
read as a mismatch and as a second country). The table is the `iso3166` package's."""
from __future__ import annotations

from iso3166 import countries_by_alpha3

__all__ = ["country_alpha2"]

_ALPHA2: dict[str, str] = {a3.upper(): c.alpha2.upper() for a3, c in countries_by_alpha3.items()}


def country_alpha2(code: str) -> str:
    """The upper-case 2-letter code for a 2- or 3-letter one; a 3-letter code the
    the table does not hold is kept as sent."""
    c = code.upper()
    return _ALPHA2.get(c, c) if len(c) == 3 else c
