"""Great-circle distance and travel speed, in plain floats (no numpy: one pair
of points per call is faster in pure Python)."""
from __future__ import annotations

from math import asin, cos, pi, sin, sqrt

EARTH_KM = 6371.0088
_RAD = pi / 180.0          # the factor math.radians multiplies by, without its call


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1 = lat1 * _RAD
    p2 = lat2 * _RAD
    s_p = sin((p2 - p1) * 0.5)
    s_l = sin((lon2 - lon1) * _RAD * 0.5)
    a = s_p ** 2 + cos(p1) * cos(p2) * s_l ** 2
    return 2.0 * EARTH_KM * asin(min(1.0, sqrt(a)))


def speed_kmh(dist_km: float, dt_seconds: float) -> float:
    """Speed needed to cover `dist_km` in `dt_seconds`; a floor of one minute
    because clocks of two gateways disagree by seconds and 1 km in 0 s would
    otherwise read as infinite speed."""
    return dist_km / (max(dt_seconds, 60.0) / 3600.0)


def valid_latlon(lat: float | None, lon: float | None) -> bool:
    return (
        lat is not None and lon is not None
        and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
        and not (lat == 0.0 and lon == 0.0)  # "null island": a missing value sent as zeros
    )
