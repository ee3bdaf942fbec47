"""Request bodies for the load benchmarks: many customers, each with a stable life.

Every request gets a distinct transaction id (a global index), otherwise the
service's idempotency would answer retries from the stored record and the
benchmark would time a lookup, not a score. Event time advances with the
index so that a customer pays a few times a day in event time, whatever the
wall-clock rate: a faster benchmark must not turn every customer into a
HIGH_VELOCITY burst. The Lua script (`benchmarks/wrk/score.lua`) builds the
same shapes for wrk; the bare FastAPI baseline gets the very same bodies.
"""
from __future__ import annotations

import time

START_TS = 1_772_323_200          # 2026-03-01T00:00:00Z
PAYMENTS_PER_CUSTOMER_DAY = 3.0
CITIES = ((52.52, 13.40, "DE", "Berlin"), (48.14, 11.58, "DE", "Munich"), (50.94, 6.96, "DE", "Cologne"),
          (53.55, 9.99, "DE", "Hamburg"), (48.86, 2.35, "FR", "Paris"), (52.37, 4.90, "NL", "Amsterdam"))
USER_AGENTS = ("BankApp/7.1 (Android 14; SM-S918B)", "BankApp/7.1 (iOS 17.4; iPhone15,2)",
               "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/124.0 Safari/537.36")
CHANNELS = ("mobile", "mobile", "web")


def seconds_per_request(customers: int) -> float:
    """Event-time step between consecutive requests of the whole stream."""
    return 86400.0 / (customers * PAYMENTS_PER_CUSTOMER_DAY)


def _mix(i: int) -> int:
    """A cheap integer hash (splitmix-like) so customers and amounts look random but replay exactly."""
    z = (i * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


def body(i: int, customers: int, step: float) -> bytes:
    """The i-th request of the stream (pure function of i, so runs are repeatable)."""
    h = _mix(i)
    k = h % customers
    r = h >> 20
    lat, lon, cc, city = CITIES[k % len(CITIES)]
    dev = 0 if r % 10 else 1                       # a second device now and then
    ts = START_TS + int(i * step)
    amount = (5 + (r >> 8) % 120) * (1 + ((r >> 16) % 7 == 0) * 4) + (r % 100) / 100.0
    return (
        '{"transaction_id":"lt-%d","customer_id":"lc-%d","timestamp":"%s","amount":%.2f,'
        '"currency":"EUR","channel":"%s","ip":"%d.%d.%d.%d","device_id":"ld-%d-%d",'
        '"user_agent":"%s","lat":%.4f,"lon":%.4f,"country":"%s","city":"%s","payee_id":"lp-%d"}'
        % (i, k, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts)), amount,
           CHANNELS[k % 3], 81 + k % 40, (k // 40) % 256, (k // 10240) % 256, 2 + (r >> 4) % 200, k, dev,
           USER_AGENTS[(k + dev) % 3], lat + ((r >> 12) % 100 - 50) / 5000.0, lon + ((r >> 24) % 100 - 50) / 5000.0,
           cc, city, (k * 7 + (r >> 28) % 6) % 50000)
    ).encode()
