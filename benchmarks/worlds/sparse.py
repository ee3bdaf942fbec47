#!/usr/bin/env python3
"""Synthetic payment history of a traditional Swiss savings bank ("AlpenSpar").

Older customers with sparse outgoing payment histories (CHF), many new accounts
during the period, four channels (web, mobile, phone, branch) and seven fraud
scenarios with delayed / missing reports.  stdlib + numpy only, fully seeded.
Written independently of riskgate (by someone who had not read its code) to
check the scorer on a world it was not built for; docs/worlds.md describes it.

    python -m benchmarks.worlds.sparse --seed 7 --customers 20000 --days 180 --out world-sparse.csv.gz
"""
import argparse
import csv
import datetime as dt
import gzip
import math

import numpy as np

DAY = 86400
UTC = dt.timezone.utc
START = int(dt.datetime(2024, 7, 1, tzinfo=UTC).timestamp())      # a Monday
DST_END = int(dt.datetime(2024, 10, 27, 1, tzinfo=UTC).timestamp())
HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip",
          "device_id", "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud",
          "fraud_reported_at", "scenario"]

CITIES = [("Zurich", 47.3769, 8.5417, 22), ("Geneva", 46.2044, 6.1432, 10), ("Basel", 47.5596, 7.5886, 9),
          ("Lausanne", 46.5197, 6.6323, 8), ("Bern", 46.9480, 7.4474, 8), ("Winterthur", 47.5001, 8.7502, 5),
          ("Lucerne", 47.0502, 8.3093, 5), ("St. Gallen", 47.4245, 9.3767, 5), ("Lugano", 46.0037, 8.9511, 5),
          ("Biel", 47.1368, 7.2468, 3), ("Thun", 46.7580, 7.6280, 3), ("Fribourg", 46.8065, 7.1620, 3),
          ("Chur", 46.8508, 9.5320, 3), ("Schaffhausen", 47.6973, 8.6349, 2), ("Sion", 46.2331, 7.3606, 3),
          ("Neuchatel", 46.9900, 6.9293, 3), ("Aarau", 47.3925, 8.0442, 3), ("Zug", 47.1662, 8.5155, 2)]
CITY_P = np.array([c[3] for c in CITIES], float) / sum(c[3] for c in CITIES)

FOREIGN = {  # country: (city, lat, lon, ip prefixes)
    "DE": ("Munich", 48.137, 11.575, [(91, 64), (93, 220), (84, 150), (88, 198)]),
    "IT": ("Milan", 45.464, 9.190, [(79, 18), (93, 40), (151, 38)]),
    "ES": ("Malaga", 36.721, -4.421, [(83, 45), (88, 1), (79, 148)]),
    "FR": ("Nice", 43.710, 7.262, [(90, 3), (86, 246), (92, 184)]),
    "AT": ("Vienna", 48.208, 16.373, [(62, 178), (80, 108)]),
    "PT": ("Lisbon", 38.722, -9.139, [(85, 240), (94, 60)]),
    "TH": ("Bangkok", 13.756, 100.502, [(49, 228), (171, 96)]),
    "NG": ("Lagos", 6.524, 3.379, [(102, 89), (105, 112), (197, 210)]),
    "RO": ("Bucharest", 44.426, 26.102, [(86, 120), (89, 136), (5, 14)]),
    "NL": ("Amsterdam", 52.370, 4.895, [(185, 107), (45, 83), (89, 38)]),
    "UA": ("Kyiv", 50.450, 30.523, [(91, 196), (178, 150)]),
    "MA": ("Casablanca", 33.573, -7.589, [(105, 66), (41, 141)]),
    "TR": ("Istanbul", 41.008, 28.978, [(78, 180), (88, 230)]),
    "CI": ("Abidjan", 5.360, -4.008, [(154, 0), (160, 120)]),
}
TRAVEL_C = ["DE", "IT", "ES", "FR", "AT", "PT", "TH"]
TRAVEL_P = [0.18, 0.22, 0.2, 0.15, 0.1, 0.1, 0.05]
FRAUD_C = ["NG", "RO", "NL", "UA", "MA", "TR", "CI", "DE"]
FRAUD_P = [0.2, 0.15, 0.2, 0.1, 0.1, 0.08, 0.07, 0.1]
CH_HOME = [(85, 0), (85, 1), (85, 2), (85, 3), (85, 4), (85, 5), (85, 6), (85, 7), (178, 192), (178, 193),
           (178, 194), (178, 195), (178, 196), (31, 164), (31, 165), (62, 202), (62, 203), (212, 51),
           (83, 76), (83, 77), (83, 78), (83, 79), (188, 60), (188, 61), (84, 72), (84, 73), (77, 56), (77, 57)]
CH_MOBILE = [(178, 197), (178, 198), (89, 206), (46, 14), (46, 127), (213, 55)]

# hour-of-day weights (local time) per channel
HOURS = {
    "web": [.2, .1, .05, .05, .05, .2, .6, 1.5, 3, 5, 6, 5, 3, 3, 4.5, 4.5, 4, 3.5, 3, 3.5, 3.5, 2.5, 1.2, .5],
    "mobile": [.3, .15, .05, .05, .1, .3, 1, 2, 3, 4, 4.5, 4.5, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 4.5, 4.5, 3.5, 2, .8],
    "phone": [0] * 8 + [3, 5, 5, 4, 2, 3, 4, 4, 3, 2, 1] + [0] * 5,
    "branch": [0] * 8 + [3, 6, 6, 5, 2, 3, 5, 5, 4, 1] + [0] * 6,
    "night": [3, 2, 1.5, 1, 1, 1, .5, .3, .3, .3, .3, .3, .3, .3, .3, .3, .3, .3, .5, 1, 2, 3, 4, 4],
    "evening": [1, .5, .2, .1, .1, .3, 1, .5, .3, .3, .3, .3, .3, .3, .3, .3, .5, 1, 2, 3, 4, 4, 3, 2],
}
HOUR_CDF = {k: np.cumsum(v) / np.sum(v) for k, v in HOURS.items()}

CHROME126 = int(dt.datetime(2024, 6, 11, tzinfo=UTC).timestamp())
CHROME = [(int(dt.datetime(*d, tzinfo=UTC).timestamp()), v) for d, v in [
    ((2023, 12, 5), 120), ((2024, 1, 23), 121), ((2024, 2, 20), 122), ((2024, 3, 19), 123), ((2024, 4, 16), 124),
    ((2024, 5, 14), 125), ((2024, 6, 11), 126), ((2024, 7, 23), 127), ((2024, 8, 20), 128), ((2024, 9, 17), 129),
    ((2024, 10, 15), 130), ((2024, 11, 12), 131), ((2025, 1, 14), 132)]]
SAFARI = [(0, "16.6"), (int(dt.datetime(2023, 9, 18, tzinfo=UTC).timestamp()), "17.0"),
          (int(dt.datetime(2024, 3, 5, tzinfo=UTC).timestamp()), "17.4"),
          (int(dt.datetime(2024, 5, 13, tzinfo=UTC).timestamp()), "17.5"),
          (int(dt.datetime(2024, 7, 29, tzinfo=UTC).timestamp()), "17.6"),
          (int(dt.datetime(2024, 9, 16, tzinfo=UTC).timestamp()), "18.0"),
          (int(dt.datetime(2024, 10, 28, tzinfo=UTC).timestamp()), "18.1"),
          (int(dt.datetime(2024, 12, 11, tzinfo=UTC).timestamp()), "18.2")]
IOS = [(0, "16.7.8"), (int(dt.datetime(2024, 5, 13, tzinfo=UTC).timestamp()), "17.5.1"),
       (int(dt.datetime(2024, 7, 29, tzinfo=UTC).timestamp()), "17.6"),
       (int(dt.datetime(2024, 9, 16, tzinfo=UTC).timestamp()), "18.0"),
       (int(dt.datetime(2024, 10, 28, tzinfo=UTC).timestamp()), "18.1"),
       (int(dt.datetime(2024, 12, 11, tzinfo=UTC).timestamp()), "18.2")]
APP = [(0, "5.9.2"), (int(dt.datetime(2024, 3, 18, tzinfo=UTC).timestamp()), "6.1.0"),
       (int(dt.datetime(2024, 5, 21, tzinfo=UTC).timestamp()), "6.2.0"),
       (int(dt.datetime(2024, 7, 15, tzinfo=UTC).timestamp()), "6.3.0"),
       (int(dt.datetime(2024, 8, 2, tzinfo=UTC).timestamp()), "6.3.1"),
       (int(dt.datetime(2024, 9, 10, tzinfo=UTC).timestamp()), "6.4.0"),
       (int(dt.datetime(2024, 10, 29, tzinfo=UTC).timestamp()), "6.5.0"),
       (int(dt.datetime(2024, 12, 3, tzinfo=UTC).timestamp()), "6.6.0")]
ANDROID_MODELS = ["SM-A536B", "SM-G991B", "SM-A145R", "Pixel 7", "SM-S911B", "moto g54 5G", "Redmi Note 12"]
DESK_FAM = ["chrome_win", "edge_win", "firefox_win", "safari_mac", "chrome_mac", "firefox_esr", "chrome_win7"]
DESK_P = [0.36, 0.22, 0.1, 0.17, 0.05, 0.05, 0.05]

# fraud scenarios: base case count per 20k customers, P(never reported), delay (lo, hi days), beta shape
SCEN = {
    "impersonation_safe_account": (110, 0.10, 1, 20, (1.2, 4.0)),
    "remote_access_scam": (85, 0.15, 1, 30, (1.3, 3.0)),
    "account_takeover_phishing": (100, 0.08, 1, 15, (1.2, 3.5)),
    "fake_invoice": (90, 0.22, 5, 50, (2.0, 2.0)),
    "elder_abuse_relative": (30, 0.35, 20, 60, (1.5, 1.5)),
    "new_account_mule": (65, 0.20, 3, 60, (1.5, 2.5)),
    "synthetic_identity": (40, 0.22, 15, 60, (2.0, 1.5)),
}


def pick_version(table, t):
    v = table[0][1]
    for ts, name in table:
        if ts <= t:
            v = name
    return v


def local_ts(day, sec):
    base = START + day * DAY + int(sec)
    return base - (7200 if base < DST_END else 3600)


class World:
    def __init__(self, seed, n_cust, days):
        self.rng = np.random.default_rng(seed)
        self.n_cust, self.days = n_cust, days
        self.end = START + days * DAY
        self.n_payee = 0
        self.rows = []
        r = self.rng
        # shared payee pools
        self.insurers = self.new_payees(40)
        self.utilities = self.new_payees(60)
        self.telecoms = self.new_payees(8)
        self.tax = self.new_payees(30)
        self.landlords = self.new_payees(max(50, n_cust // 60))
        self.serafe = self.new_payees(1)[0]
        self.misc_bill = self.new_payees(40)
        self.merchants = self.new_payees(max(300, n_cust // 10))
        self.charities = self.new_payees(120)
        self.risky = self.new_payees(25)          # electronics / gift cards / crypto brokers
        self.mules = self.new_payees(150)         # "safe accounts" and mule accounts elsewhere
        self.merch_cdf = self.zipf_cdf(len(self.merchants), 1.05)
        self.char_cdf = self.zipf_cdf(len(self.charities), 1.2)
        self.ins_cdf = self.zipf_cdf(40, 0.9)
        self.mule_farm = [self.dev_id() for _ in range(12)]
        self.customers = []
        self.preset = {}          # fraud case -> report time decided during generation

    # ------------------------------------------------------------------ helpers
    def new_payees(self, n):
        ids = list(range(self.n_payee, self.n_payee + n))
        self.n_payee += n
        return ids

    def zipf_cdf(self, n, a):
        w = 1.0 / np.arange(1, n + 1) ** a
        self.rng.shuffle(w)
        return np.cumsum(w) / w.sum()

    def pick(self, pool, cdf):
        return pool[min(int(np.searchsorted(cdf, self.rng.random())), len(pool) - 1)]

    def dev_id(self):
        return "%016x" % int(self.rng.integers(0, 2 ** 63))

    def ip(self, prefixes):
        a, b = prefixes[int(self.rng.integers(len(prefixes)))]
        return "%d.%d.%d.%d" % (a, b, self.rng.integers(0, 256), self.rng.integers(1, 255))

    def tod(self, kind):
        h = int(np.searchsorted(HOUR_CDF[kind], self.rng.random()))
        return h * 3600 + self.rng.random() * 3600

    def ts(self, day, channel, kind=None):
        """UTC timestamp on local `day` for a payment made through `channel`."""
        if channel in ("branch", "phone"):
            wd = (day % 7)
            if wd == 6 or (wd == 5 and (channel == "branch" or self.rng.random() < 0.5)):
                day += 7 - wd              # closed -> next Monday
            if day >= self.days:
                day -= 7
        return local_ts(day, self.tod(kind or channel))

    def desk_ua(self, dev, t):
        fam, lag = dev[1], dev[2]
        d = t - lag * DAY
        cv = pick_version(CHROME, d) if d >= CHROME[0][0] else max(109, 120 + (d - CHROME[0][0]) // (30 * DAY))
        ffv = max(115, 127 + (d - CHROME126) // (28 * DAY))       # Firefox: 4-week train from 127
        if fam == "chrome_win":
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
        if fam == "edge_win":
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36 Edg/{cv}.0.0.0"
        if fam == "chrome_mac":
            return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
        if fam == "firefox_win":
            fv = ffv
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"
        if fam == "firefox_esr":
            fv = 115 if d < int(dt.datetime(2024, 9, 3, tzinfo=UTC).timestamp()) else 128
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"
        if fam == "chrome_win7":
            return "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"
        if fam == "firefox_linux":
            fv = ffv
            return f"Mozilla/5.0 (X11; Linux x86_64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"
        sv = pick_version(SAFARI, d)
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{sv} Safari/605.1.15"

    def app_ua(self, dev, t):
        _, os_, lag, model = dev[:4]
        v = pick_version(APP, t - lag * DAY)
        if os_ == "ios":
            return f"AlpenSpar/{v} (iPhone; iOS {pick_version(IOS, t - lag * DAY)}; Scale/3.00)"
        return f"AlpenSpar/{v} (Linux; Android {os_[7:]}; {model})"

    def new_desk(self, fam=None, lag=None):
        r = self.rng
        if fam is None:
            fam = DESK_FAM[int(r.choice(len(DESK_FAM), p=DESK_P))]
        if lag is None:
            lag = int(r.integers(0, 21)) if r.random() < 0.85 else int(r.integers(40, 300))
        return (self.dev_id(), fam, lag)

    def new_app(self, lag=None):
        r = self.rng
        os_ = "ios" if r.random() < 0.55 else "android" + str(int(r.choice([11, 12, 13, 14])))
        if lag is None:
            lag = int(r.integers(0, 14)) if r.random() < 0.8 else int(r.integers(20, 200))
        return (self.dev_id(), os_, lag, ANDROID_MODELS[int(r.integers(len(ANDROID_MODELS)))],
                r.random() < 0.65)   # location permission

    # ------------------------------------------------------------------ customers
    def build_customers(self):
        r = self.rng
        hh = None
        for i in range(self.n_cust):
            c = {"idx": i}
            c["age"] = int(np.clip(r.normal(70, 11), 26, 97))
            if r.random() < 0.62:
                c["onboard"] = -int(r.integers(30, 20000))
            else:
                c["onboard"] = int(r.integers(0, self.days - 3))
            ci = int(r.choice(len(CITIES), p=CITY_P))
            c["city"] = CITIES[ci]
            # household: ~20 % of customers share a home (and broadband line) with another customer
            if hh is not None and r.random() < 0.2:
                c["hh"], hh = hh, None
                c["city"] = hh_city
            else:
                sched = [(0, self.ip(CH_HOME))]
                if r.random() < 0.25:         # ISP re-assigns the address once
                    sched.append((START + int(r.integers(10, self.days)) * DAY, self.ip(CH_HOME)))
                hh = c["hh"] = {"ips": sched, "desk": None}
                hh_city = c["city"]
            digital = r.random() < 1 / (1 + math.exp((c["age"] - 79) / 5))
            w = {"web": 0.0, "mobile": 0.0, "phone": 0.0, "branch": 0.0}
            c["desk"], c["app"] = [], []
            if digital:
                app_first = r.random() < (0.45 if c["age"] < 60 else 0.2)
                has_desk = (not app_first) or r.random() < 0.4
                if has_desk:
                    w["web"] = 0.8 if not app_first else 0.25
                    shared = c["hh"]["desk"] is not None and r.random() < 0.5
                    dev = c["hh"]["desk"] if shared else self.new_desk()
                    c["hh"]["desk"] = c["hh"]["desk"] or dev
                    c["desk"].append((0, dev))
                    if r.random() < 0.1:          # new computer during the period
                        c["desk"].append((START + int(r.integers(5, self.days)) * DAY, self.new_desk(lag=0)))
                if app_first or r.random() < 0.12:
                    w["mobile"] = 0.75 if app_first else 0.2
                    c["app"].append((0, self.new_app()))
                    if r.random() < 0.1:
                        c["app"].append((START + int(r.integers(5, self.days)) * DAY, self.new_app(lag=0)))
                w["branch"], w["phone"] = 0.08, 0.04
            else:
                w["branch"] = 0.3 + 0.6 * r.random()
                w["phone"] = 1 - w["branch"]
            tot = sum(w.values())
            c["w"] = {k: v / tot for k, v in w.items()}
            # legacy e-banking gateway sends neither device id nor geo-IP country
            c["legacy_until"] = 0
            if c["desk"] and r.random() < 0.2:
                c["legacy_until"] = START + int(r.integers(0, self.days * 2)) * DAY
            c["travel"] = []
            if digital and r.random() < 0.07:
                d0 = int(r.integers(0, self.days - 5))
                cc = TRAVEL_C[int(r.choice(len(TRAVEL_C), p=TRAVEL_P))]
                c["travel"].append((START + d0 * DAY, START + (d0 + int(r.integers(5, 22))) * DAY, cc,
                                    self.ip(FOREIGN[cc][3])))
            # activity: most customers are quiet, a minority is busy
            if r.random() < 0.07:
                c["adhoc"] = r.gamma(2.0, 3.0)
            else:
                c["adhoc"] = r.gamma(1.2, 0.5)
            c["family"] = self.new_payees(int(r.choice([0, 1, 2, 3, 4, 5], p=[.2, .2, .25, .15, .12, .08])))
            c["bday"] = [int(r.integers(0, 365)) for _ in c["family"]]
            c["savings"] = self.new_payees(1)[0]
            c["charities"] = [self.pick(self.charities, self.char_cdf) for _ in range(int(r.integers(0, 4)))]
            c["shops"] = [self.pick(self.merchants, self.merch_cdf) for _ in range(int(r.integers(1, 7)))]
            c["bills"] = self.make_bills(c)
            c["fraud_acct"] = None
            self.customers.append(c)

    def make_bills(self, c):
        r, bills = self.rng, []
        old = c["age"] >= 65

        def add(p, pool, lo, hi, months, day=None, fixed=False, cents=True):
            if r.random() < p:
                amt = r.uniform(lo, hi)
                amt = round(amt, 2) if cents else round(amt / 5) * 5
                bills.append({"payee": pool if isinstance(pool, int) else pool[int(r.integers(len(pool)))],
                              "amt": amt, "months": months, "day": day or int(r.integers(1, 28)),
                              "fixed": fixed})
        if r.random() < 0.55:
            bills.append({"payee": self.pick(self.insurers, self.ins_cdf),
                          "amt": round(r.uniform(380, 720) if old else r.uniform(280, 560), 2),
                          "months": list(range(1, 13)), "day": int(r.integers(18, 28)), "fixed": True})
        add(0.2, self.landlords, 900, 2600, list(range(1, 13)), fixed=True, cents=False)
        add(0.2, self.telecoms, 35, 120, list(range(1, 13)))
        q = int(r.integers(1, 4))
        add(0.45, self.utilities, 80, 420, [q, q + 3, q + 6, q + 9])
        add(0.25, self.tax, 400, 4000, [q + 1, q + 4, q + 7, q + 10], fixed=True, cents=False)
        add(0.35, self.misc_bill, 180, 950, [int(r.integers(1, 13))])
        add(0.45, self.serafe, 335, 335, [int(r.integers(1, 13))], fixed=True)
        return bills

    # ------------------------------------------------------------------ row factory
    def at(self, sched, t):
        cur = None
        for t0, v in sched:
            if t0 <= t:
                cur = v
        return cur

    def traveling(self, c, t):
        for t0, t1, cc, ip in c["travel"]:
            if t0 <= t < t1:
                return cc, ip
        return None

    def channel_for(self, c, t):
        ch = list(c["w"])
        p = np.array([c["w"][k] for k in ch])
        k = ch[int(np.searchsorted(np.cumsum(p), self.rng.random() * p.sum()))]
        if self.traveling(c, t) and k in ("branch", "phone"):
            k = "web" if c["desk"] else "mobile"
        return k

    def emit(self, c, t, channel, amount, payee, fraud=None, **ov):
        """Append one payment; `ov` overrides ip/device/ua/location fields."""
        r = self.rng
        ip = dev = ua = lat = lon = country = city = ""
        trav = self.traveling(c, t)
        if channel == "web":
            d = self.at(c["desk"], t)
            if d is not None:
                ua = self.desk_ua(d, t)
                if t >= c["legacy_until"] and r.random() > 0.02:
                    dev = d[0]
                    country = "CH"
            ip = self.at(c["hh"]["ips"], t)
            if trav:
                country = trav[0] if country else ""
                ip = trav[1]
        elif channel == "mobile":
            d = self.at(c["app"], t)
            if d is not None:
                dev, ua = d[0], self.app_ua(d, t)
                if trav:
                    country, city, lat0, lon0, _ = trav[0], *FOREIGN[trav[0]]
                    ip = self.ip(FOREIGN[trav[0]][3]) if r.random() < 0.5 else trav[1]
                else:
                    city, lat0, lon0 = c["city"][:3]
                    country = "CH"
                    ip = self.ip(CH_MOBILE) if r.random() < 0.6 else self.at(c["hh"]["ips"], t)
                if d[4]:
                    lat = "%.4f" % (lat0 + r.normal(0, 0.02))
                    lon = "%.4f" % (lon0 + r.normal(0, 0.03))
                else:
                    city = ""
        loc = {"ip": ip, "dev": dev, "ua": ua, "lat": lat, "lon": lon, "country": country, "city": city}
        loc.update(ov)
        amount = max(0.05, round(float(amount), 2))
        self.rows.append((int(t), c["idx"], amount, channel, loc["ip"], loc["dev"], loc["ua"], loc["lat"],
                          loc["lon"], loc["country"], loc["city"], payee, fraud))

    # ------------------------------------------------------------------ genuine life
    def genuine(self, c):
        r = self.rng
        d0 = max(0, c["onboard"])
        t0 = START + d0 * DAY
        base = dt.date(2024, 7, 1)
        for b in c["bills"]:
            for m in range(7, 7 + self.days // 28 + 1):
                mon = (m - 1) % 12 + 1
                if mon not in b["months"] and mon + 12 not in b["months"]:
                    continue
                year = 2024 + (m - 1) // 12
                day = (dt.date(year, mon, 1) - base).days + b["day"] - 1 + int(r.integers(-2, 3))
                if day < d0 or day >= self.days or r.random() < 0.04:
                    continue
                amt = b["amt"] if b["fixed"] else b["amt"] * r.uniform(0.7, 1.35)
                ch = self.channel_for(c, START + day * DAY)
                self.emit(c, self.ts(day, ch), ch, amt, b["payee"])
        months = (self.days - d0) / 30.4
        n = r.poisson(c["adhoc"] * months)
        for _ in range(n):
            day = int(r.integers(d0, self.days))
            ch = self.channel_for(c, START + day * DAY)
            self.emit(c, self.ts(day, ch), ch, *self.adhoc(c))
        # birthday and Christmas gifts to (grand)children
        for fam, bd in zip(c["family"], c["bday"]):
            day = (dt.date(2024, 1, 1) + dt.timedelta(days=bd) - base).days - int(r.integers(0, 5))
            for dd in (day, day + 365):
                if d0 <= dd < self.days and r.random() < 0.6:
                    ch = self.channel_for(c, START + dd * DAY)
                    self.emit(c, self.ts(dd, ch), ch, r.choice([50, 100, 100, 150, 200, 200, 300, 500]), fam)
            xd = (dt.date(2024, 12, 1) - base).days + int(r.integers(0, 22))
            if d0 <= xd < self.days and r.random() < 0.5:
                ch = self.channel_for(c, START + xd * DAY)
                self.emit(c, self.ts(xd, ch), ch, r.choice([50, 100, 100, 200, 250, 500]), fam)
        for ch_p in c["charities"]:
            xd = (dt.date(2024, 11, 20) - base).days + int(r.integers(0, 35))
            if d0 <= xd < self.days and r.random() < 0.5:
                ch = self.channel_for(c, START + xd * DAY)
                self.emit(c, self.ts(xd, ch), ch, r.choice([20, 30, 50, 50, 100, 200]), ch_p)
        # rare benign look-alikes: large one-off transfer to family (inheritance advance, house deposit)
        if c["family"] and r.random() < 0.012 and d0 < self.days - 1:
            day = int(r.integers(d0, self.days))
            ch = self.channel_for(c, START + day * DAY)
            self.emit(c, self.ts(day, ch), ch, round(r.uniform(10, 80)) * 1000, c["family"][0])

    def adhoc(self, c):
        r = self.rng
        u = r.random()
        if u < 0.22 and c["family"]:
            amt = r.choice([50, 100, 100, 200, 300, 500]) if r.random() < 0.8 else round(r.uniform(500, 3000), -2)
            return amt, c["family"][int(r.integers(len(c["family"])))]
        if u < 0.30:
            return round(r.lognormal(7.2, 0.8), -2) or 100, c["savings"]
        if u < 0.38:
            p = c["charities"][int(r.integers(len(c["charities"])))] if c["charities"] and r.random() < 0.7 \
                else self.pick(self.charities, self.char_cdf)
            return r.choice([20, 25, 30, 50, 50, 100, 200]), p
        if u < 0.975:
            p = c["shops"][int(r.integers(len(c["shops"])))] if r.random() < 0.5 \
                else self.pick(self.merchants, self.merch_cdf)
            return r.lognormal(5.1, 0.95), p
        return r.uniform(2000, 22000), self.pick(self.merchants, self.merch_cdf)   # car repair, trip, furniture

    # ------------------------------------------------------------------ fraud
    def n_cases(self, name):
        return max(1, int(round(SCEN[name][0] * self.n_cust / 20000 * self.rng.uniform(0.85, 1.15))))

    def victims(self, n, cond, min_day=0):
        pool = [c for c in self.customers if c["fraud_acct"] is None and cond(c)
                and max(0, c["onboard"]) + min_day < self.days - 2]
        if not pool:
            return []
        idx = self.rng.choice(len(pool), size=min(n, len(pool)), replace=False)
        return [pool[i] for i in idx]

    def case_day(self, c, lo=0, tail=2):
        d0 = max(0, c["onboard"]) + lo
        return int(self.rng.integers(d0, max(d0 + 1, self.days - tail)))

    def mule_payee(self, p_pool=0.6):
        return self.mules[int(self.rng.integers(len(self.mules)))] if self.rng.random() < p_pool \
            else self.new_payees(1)[0]

    def frauds(self):
        r = self.rng
        cid = [0]

        def case(name):
            cid[0] += 1
            return (name, cid[0])

        def own_channel(c, t):
            opts = [k for k in ("web", "mobile") if c["w"][k] > 0]
            return opts[int(r.integers(len(opts)))] if opts else ("branch" if r.random() < 0.6 else "phone")

        # 1. bank-impersonation phone scam: "move your savings to a safe account"
        for c in self.victims(self.n_cases("impersonation_safe_account"), lambda c: c["age"] >= 62):
            k, day = case("impersonation_safe_account"), self.case_day(c)
            digital = c["w"]["web"] + c["w"]["mobile"] > 0
            ch = own_channel(c, START + day * DAY) if digital and r.random() < 0.6 else \
                ("branch" if r.random() < 0.6 else "phone")
            payee, t = self.mule_payee(0.7), self.ts(day, ch, "web" if ch in ("web", "mobile") else None)
            for j in range(int(r.choice([1, 1, 2, 2, 3]))):
                amt = round(r.uniform(4, 60)) * 1000 - (r.random() < 0.3) * 200 if j == 0 else round(r.uniform(2, 30)) * 1000
                self.emit(c, t, ch, amt, payee, k)
                t += int(r.integers(600, 3 * 3600)) if ch in ("web", "mobile") else DAY * int(r.integers(1, 3))
        # 2. remote-access scam: victim's own computer, evening/night session, burst to a new payee
        for c in self.victims(self.n_cases("remote_access_scam"), lambda c: c["w"]["web"] > 0):
            k, day = case("remote_access_scam"), self.case_day(c)
            t = local_ts(day, self.tod("evening" if r.random() < 0.7 else "night"))
            payees = [self.mule_payee(0.4)]
            for j in range(int(r.integers(1, 6))):
                if r.random() < 0.25:
                    payees.append(self.mule_payee(0.4))
                self.emit(c, t, "web", r.uniform(900, 9800) if j else r.uniform(1500, 9900), payees[-1], k)
                t += int(r.integers(90, 1500))
        # 3. account takeover after phishing: new device, foreign (or Swiss proxy) IP
        for c in self.victims(self.n_cases("account_takeover_phishing"), lambda c: c["w"]["web"] + c["w"]["mobile"] > 0):
            k, day = case("account_takeover_phishing"), self.case_day(c)
            t = local_ts(day, self.tod("night" if r.random() < 0.5 else "web"))
            abroad = r.random() < 0.7
            cc = FRAUD_C[int(r.choice(len(FRAUD_C), p=FRAUD_P))] if abroad else "CH"
            ip = self.ip(FOREIGN[cc][3]) if abroad else self.ip(CH_HOME)
            if r.random() < 0.8:
                ch, d = "web", self.new_desk(fam="firefox_linux" if r.random() < 0.2 else "chrome_win", lag=0)
                ov = dict(ip=ip, dev=d[0], ua=self.desk_ua(d, t), country=cc, lat="", lon="", city="")
            else:
                ch, d = "mobile", self.new_app(lag=0)
                ov = dict(ip=ip, dev=d[0], ua=self.app_ua(d, t), country=cc, lat="", lon="", city="")
            if r.random() < 0.3:   # small test payment first
                self.emit(c, t, ch, r.uniform(1, 49), self.mule_payee(0.3), k, **ov)
                t += int(r.integers(300, 4 * 3600))
            for _ in range(int(r.integers(1, 4))):
                self.emit(c, t, ch, r.uniform(1800, 24000), self.mule_payee(0.5), k, **ov)
                t += int(r.integers(120, 2 * 3600))
        # 4. fake / redirected invoice: looks like an ordinary bill, paid on own device, new payee
        for c in self.victims(self.n_cases("fake_invoice"), lambda c: len(c["bills"]) > 0):
            k, day = case("fake_invoice"), self.case_day(c)
            b = c["bills"][int(r.integers(len(c["bills"])))]
            payee = self.new_payees(1)[0] if r.random() < 0.7 else self.mule_payee(1.0)
            for j in range(1 if r.random() < 0.8 else 2):
                amt = b["amt"] * r.uniform(0.9, 2.5) if r.random() < 0.6 else r.uniform(600, 6500)
                dd = min(day + 30 * j, self.days - 1)
                ch = self.channel_for(c, START + dd * DAY)
                self.emit(c, self.ts(dd, ch), ch, amt, payee, k)
        # 5. elder financial abuse by a relative: known device, slowly growing amounts to a new payee
        for c in self.victims(self.n_cases("elder_abuse_relative"), lambda c: c["age"] >= 74):
            k = case("elder_abuse_relative")
            day = self.case_day(c, tail=35)
            payee, amt = self.new_payees(1)[0], r.uniform(150, 600)
            ch = "web" if c["w"]["web"] > 0 and r.random() < 0.7 else ("branch" if r.random() < 0.7 else "phone")
            # the family notices (or not) some weeks after the first transfer; the abuse stops then
            _, never, lo, hi, (a, b) = SCEN[k[0]]
            stop, self.preset[k] = self.days + 1000, None
            if r.random() >= never:
                self.preset[k] = START + day * DAY + int((lo + (hi - lo) * r.beta(a, b)) * DAY)
                stop = (self.preset[k] - START) // DAY - 1
            cap, n_max = r.uniform(4000, 15000), int(r.integers(5, 17))
            while day < min(self.days, stop) and n_max > 0:
                self.emit(c, self.ts(day, ch, "web" if ch == "web" else None), ch,
                          round(amt, -1) if r.random() < 0.6 else amt, payee, k)
                amt, n_max = min(amt * r.uniform(1.1, 1.45), cap * r.uniform(0.85, 1.0)), n_max - 1
                day += int(r.integers(3, 15))
                if r.random() < 0.06:
                    break
        # 6./7. brand-new accounts opened for fraud: money mules and synthetic identities
        newbies = lambda c: c["onboard"] >= 0 and c["onboard"] < self.days - 4
        for c in self.victims(self.n_cases("new_account_mule"), newbies):
            c["fraud_acct"] = k = case("new_account_mule")
            day = c["onboard"] + int(r.integers(0, 4))
            dev = (self.mule_farm[int(r.integers(len(self.mule_farm)))] if r.random() < 0.3 else self.dev_id(),
                   "android" + str(int(r.choice([12, 13, 14]))), 0, ANDROID_MODELS[int(r.integers(7))], False)
            vpn = r.random() < 0.4
            for _ in range(int(r.integers(2, 9))):
                if day >= self.days:
                    break
                t = local_ts(day, self.tod("mobile"))
                cc = FRAUD_C[int(r.integers(len(FRAUD_C)))] if vpn else "CH"
                ip = self.ip(FOREIGN[cc][3]) if vpn else self.ip(CH_MOBILE)
                payee = self.risky[int(r.integers(len(self.risky)))] if r.random() < 0.3 else self.mule_payee(0.5)
                amt = r.uniform(500, 9900) if r.random() < 0.7 else round(r.uniform(1, 9.9), 1) * 1000
                self.emit(c, t, "mobile", amt, payee, k, ip=ip, dev=dev[0], ua=self.app_ua(dev, t),
                          country=cc, lat="", lon="", city="")
                day += int(r.integers(0, 4))
        for c in self.victims(self.n_cases("synthetic_identity"), newbies):
            c["fraud_acct"] = k = case("synthetic_identity")
            day = c["onboard"] + int(r.integers(1, 8))
            d = self.new_desk(fam="chrome_win", lag=0)
            cc = "CH" if r.random() < 0.7 else "NL"           # residential proxy or hosting provider
            home = self.ip(CH_HOME) if cc == "CH" else self.ip(FOREIGN["NL"][3])
            for _ in range(int(r.integers(3, 10))):
                if day >= self.days:
                    break
                t = local_ts(day, self.tod("web"))
                payee = self.risky[int(r.integers(len(self.risky)))] if r.random() < 0.6 \
                    else self.pick(self.merchants, self.merch_cdf)
                self.emit(c, t, "web", r.uniform(250, 4500), payee, k, ip=home, dev=d[0],
                          ua=self.desk_ua(d, t), country=cc, lat="", lon="", city="")
                day += int(r.integers(0, 5))

    # ------------------------------------------------------------------ output
    def run(self):
        self.build_customers()
        self.frauds()             # fraud accounts are flagged before genuine activity is drawn
        for c in self.customers:
            if c["fraud_acct"] is None:
                self.genuine(c)
        r = self.rng
        rows = [x for x in self.rows if START <= x[0] < self.end]
        rows.sort(key=lambda x: (x[0], x[1]))
        # one report time per fraud case, after its last payment
        first, last, rep = {}, {}, {}
        for x in rows:
            if x[12]:
                first.setdefault(x[12], x[0])
                last[x[12]] = x[0]
        for k in sorted(last, key=lambda k: k[1]):
            _, never, lo, hi, (a, b) = SCEN[k[0]]
            if k in self.preset:
                if self.preset[k] is not None:
                    rep[k] = max(self.preset[k], last[k] + 3600)
            elif r.random() >= never:   # known 1-60 days after the payments (counted from the first one)
                span = (last[k] - first[k]) / DAY
                hi2 = max(1.0, min(hi, 59.5 - span))
                lo2 = min(lo, hi2 * 0.8)
                rep[k] = last[k] + int((lo2 + (hi2 - lo2) * r.beta(a, b)) * DAY + r.integers(0, DAY // 2))
        cperm = r.permutation(self.n_cust) + 1
        pperm = r.permutation(self.n_payee) + 1
        tperm = r.permutation(len(rows)) + 1000001
        iso = lambda t: dt.datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return rows, rep, cperm, pperm, tperm, iso

    def write(self, path):
        rows, rep, cperm, pperm, tperm, iso = self.run()
        stats = {}
        with gzip.open(path, "wt", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            for i, x in enumerate(rows):
                k = x[12]
                if k:
                    stats[k[0]] = stats.get(k[0], 0) + 1
                w.writerow([f"sp-t{tperm[i]}", f"sp-c{cperm[x[1]]}", iso(x[0]), f"{x[2]:.2f}", "CHF", x[3],
                            x[4], x[5], x[6], x[7], x[8], x[9], x[10], f"sp-p{pperm[x[11]]}",
                            1 if k else 0, iso(rep[k]) if k in rep else "", k[0] if k else ""])
        return len(rows), stats


def main():
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.sparse", description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--out", default="world-sparse.csv.gz")
    a = ap.parse_args()
    n, stats = World(a.seed, a.customers, a.days).write(a.out)
    nf = sum(stats.values())
    print(f"wrote {n} rows to {a.out}; fraud {nf} ({100 * nf / max(n, 1):.3f} %)")
    for k, v in sorted(stats.items()):
        print(f"  {k:28s} {v}")


if __name__ == "__main__":
    main()
