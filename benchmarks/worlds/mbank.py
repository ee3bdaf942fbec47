#!/usr/bin/env python3
"""NovaBank synthetic world: a Polish retail bank's mobile/web/branch transfers (PLN), 120 days.
stdlib + numpy, fully seeded. Written independently of riskgate (by someone who had not read its code) to
check the scorer on a world it was not built for; docs/worlds.md describes it.

    python -m benchmarks.worlds.mbank [--seed N] [--customers N] [--days N] [--out world-mbank.csv.gz]
"""
import argparse, bisect, csv, datetime as dt, gzip, math, random
from collections import Counter
import numpy as np

ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.mbank")
ap.add_argument("--seed", type=int, default=20240304)
ap.add_argument("--customers", type=int, default=3000)
ap.add_argument("--days", type=int, default=120)
ap.add_argument("--out", default="world-mbank.csv.gz")
A = ap.parse_args()
R = random.Random(A.seed)
NP = np.random.default_rng(A.seed)
START = dt.datetime(2024, 3, 4, tzinfo=dt.timezone.utc)  # a Monday
DAY, NDAYS, DST_DAY = 86400, A.days, 27                  # 2024-03-31: CET -> CEST
DATES = [START + dt.timedelta(days=d) for d in range(NDAYS + 40)]

def to_utc(day, hour):  # local Polish wall-clock -> seconds since START (UTC)
    return int(day * DAY + hour * 3600 - (7200 if day >= DST_DAY else 3600))

def local_hour(t):
    off = 7200 if t >= DST_DAY * DAY + 3600 else 3600
    return ((t + off) % DAY) / 3600

def hcum(w):
    s, acc, out = sum(w), 0.0, []
    for x in w:
        acc += x / s; out.append(acc)
    out[-1] = 1.0
    return out

PROF = {"regular": hcum([1, .5, .3, .2, .2, .5, 2, 4, 6, 7, 7, 7, 8, 7, 6, 6, 7, 8, 9, 9, 8, 6, 4, 2]),
        "student": hcum([5, 3, 2, 1, .5, .3, .5, 1, 3, 5, 6, 7, 8, 8, 7, 7, 8, 9, 10, 10, 10, 10, 9, 7]),
        "elderly": hcum([.1, .05, .05, .05, .1, .3, 1, 4, 8, 10, 10, 9, 8, 6, 5, 4, 3, 3, 2, 1.5, 1, .5, .3, .1]),
        "business": hcum([.3, .1, .1, .1, .1, .3, 1, 4, 8, 10, 10, 9, 7, 8, 9, 8, 6, 4, 3, 2, 2, 1.5, 1, .5]),
        "branch": hcum([0] * 9 + [6, 8, 9, 8, 7, 7, 6, 4] + [0] * 7),
        "office": hcum([0] * 8 + [6, 9, 9, 8, 6, 7, 8, 7, 4] + [0] * 7),
        "ato": hcum([6, 5, 4, 3, 1, .5, .5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 7]),
        "rat": hcum([0, 4, 6, 6, 4, 2] + [0] * 18),
        "day": hcum([0] * 9 + [6, 8, 9, 8, 7, 7, 6, 5, 3] + [0] * 6)}
PROF["affluent"] = PROF["regular"]

def hour(p):
    return R.choices(range(24), cum_weights=PROF[p])[0] + R.random()

# ---------------- geography and networks ----------------
CITIES = [("Warszawa", 52.2297, 21.0122, .26, "Warszawa"), ("Kraków", 50.0647, 19.9450, .12, "Kraków"),
          ("Łódź", 51.7592, 19.4560, .09, "Warszawa"), ("Wrocław", 51.1079, 17.0385, .10, "Wrocław"),
          ("Poznań", 52.4064, 16.9252, .09, "Poznań"), ("Gdańsk", 54.3520, 18.6466, .09, "Gdańsk"),
          ("Szczecin", 53.4285, 14.5528, .06, "Poznań"), ("Lublin", 51.2465, 22.5684, .06, "Warszawa"),
          ("Katowice", 50.2649, 19.0238, .08, "Kraków"), ("Bydgoszcz", 53.1235, 18.0084, .05, "Gdańsk")]
CITY = {c[0]: c for c in CITIES}
HUBS = sorted({c[4] for c in CITIES})
# (country, city, lat, lon, (octet1, octet2_lo, octet2_hi))
TRAVEL = [("ES", "Barcelona", 41.3874, 2.1686, (88, 0, 31)), ("HR", "Split", 43.5081, 16.4402, (93, 136, 143)),
          ("DE", "Berlin", 52.52, 13.405, (91, 64, 67)), ("GB", "London", 51.5072, -0.1276, (86, 128, 191)),
          ("IT", "Rome", 41.9028, 12.4964, (79, 0, 63)), ("GR", "Heraklion", 35.3387, 25.1442, (94, 64, 71)),
          ("EG", "Hurghada", 27.2579, 33.8116, (41, 32, 47)), ("NO", "Oslo", 59.9139, 10.7522, (84, 208, 215)),
          ("CZ", "Prague", 50.0755, 14.4378, (78, 80, 95))]
HOSTING = [("NL", "Amsterdam", 52.3676, 4.9041, (45, 83, 83)), ("DE", "Frankfurt am Main", 50.1109, 8.6821, (164, 92, 92)),
           ("FR", "Roubaix", 50.6942, 3.1746, (51, 38, 38)), ("PL", "Warszawa", 52.2297, 21.0122, (193, 42, 42)),
           ("LT", "Vilnius", 54.6872, 25.2797, (185, 64, 64)), ("DE", "Nuremberg", 49.4521, 11.0767, (185, 220, 220))]
FOREIGN_RES = [("RO", "Bucharest", 44.4268, 26.1025, (86, 120, 127)), ("UA", "Kyiv", 50.4501, 30.5234, (93, 72, 79)),
               ("LT", "Vilnius", 54.6872, 25.2797, (78, 56, 63)), ("NG", "Lagos", 6.5244, 3.3792, (102, 88, 91)),
               ("GB", "Birmingham", 52.4862, -1.8904, (86, 128, 191))]
ISP_FIXED = [(83, 0, 31), (79, 184, 191), (77, 252, 255), (89, 64, 79), (31, 174, 175), (188, 146, 147), (178, 36, 43)]
CARRIERS = {"Play": [(37, 248, 251), (5, 184, 185)], "Orange": [(46, 76, 79)], "T-Mobile": [(31, 0, 3), (89, 108, 108)],
            "Plus": [(37, 7, 7), (176, 111, 111)]}
CARRIER_W = [.3, .27, .23, .2]

def rand_ip(spec):
    a, b0, b1 = spec
    return f"{a}.{R.randint(b0, b1)}.{R.randint(0, 255)}.{R.randint(1, 254)}"

CGNAT = {(k, h): [rand_ip(R.choice(v)) for _ in range(24)] for k, v in CARRIERS.items() for h in HUBS}

# ---------------- app / OS / browser release trains ----------------
APP_REL = [(-70, "5.9.0"), (-49, "5.10.0"), (-35, "5.10.2"), (-21, "5.11.0"), (-6, "5.11.1"), (10, "5.12.0"),
           (24, "5.12.1"), (38, "5.13.0"), (59, "5.14.0"), (66, "5.14.1"), (80, "5.15.0"), (101, "5.16.0"), (108, "5.16.1")]
FORCE_DAY, FORCE_MIN = 60, 3          # from day 60 the bank forces app >= 5.11.0
IOS_REL = [(-400, "17.2.1"), (-25, "17.3.1"), (1, "17.4"), (17, "17.4.1"), (70, "17.5"), (77, "17.5.1")]
WEB_REL = [(-400, "24.2.1"), (12, "24.3.0"), (40, "24.4.0"), (68, "24.5.0"), (96, "24.6.0")]
CHROME = [(-400, "122"), (15, "123"), (43, "124"), (71, "125"), (99, "126")]
FIREFOX = [(-400, "123"), (15, "124"), (43, "125"), (71, "126"), (99, "127")]
IPHONES = ["iPhone11,8", "iPhone12,1", "iPhone13,2", "iPhone14,5", "iPhone14,7", "iPhone15,2", "iPhone15,4", "iPhone16,1"]
ANDROIDS = [("SM-A546B", 14), ("SM-A536B", 14), ("SM-S911B", 14), ("SM-A137F", 13), ("SM-A125F", 12), ("23021RAA2Y", 13),
            ("M2101K6G", 13), ("SM-G973F", 12), ("Redmi 9A", 11), ("Pixel 7", 14), ("moto g54 5G", 14), ("CPH2219", 12), ("SM-G991B", 14), ("2201117TY", 13)]
FRAUD_MODELS = [("SM-G973F", 12), ("sdk_gphone64_x86_64", 13), ("Redmi 9A", 11), ("SM-A515F", 13), ("M2003J15SC", 11)]

def rel_idx(rel, lags, t, t0):
    best, d = 0, t / DAY
    for i, (rd, _) in enumerate(rel):
        if rd * DAY <= t0 or rd + lags[i] <= d:
            best = i
    return best

def latest(rel, t):
    return max(i for i, (rd, _) in enumerate(rel) if rd * DAY <= t)

def hexid(n=16):
    return "%0*x" % (n, R.getrandbits(4 * n))

# ---------------- shared payee accounts ----------------
USED = set()
def acct():
    while True:
        n = R.randint(10000, 2999999)
        if n not in USED:
            USED.add(n)
            return f"mb-a{n}"

ENERGY = [acct() for _ in range(4)]
GAS, ZUS, RTV = acct(), acct(), acct()
INTERNET = [acct() for _ in range(6)]
CARRIER_ACCT = {k: acct() for k in CARRIERS}
COOP = {c[0]: [acct() for _ in range(4)] for c in CITIES}
TAXOFF = {c[0]: acct() for c in CITIES}
INSURERS = [acct() for _ in range(5)]
TRAVEL_AG = [acct() for _ in range(8)]
DEALERS = [acct() for _ in range(25)]
MERCH = [acct() for _ in range(400)]
MERCH_CW = list(np.cumsum([1 / (k + 1) ** 1.1 for k in range(400)]))
LANDLORD_FIRMS = {c[0]: [acct() for _ in range(3)] for c in CITIES}  # property managers with many tenants

# ---------------- customers ----------------
SEGS = ["regular", "student", "elderly", "business", "affluent"]
SEG_W = [.55, .14, .13, .07, .11]

class Cust:
    pass

def mk_device(c, t0, os_=None):
    os_ = os_ or c.os
    d = {"id": hexid(16), "t0": t0, "os": os_}
    if os_ == "iOS":
        d["model"] = R.choice(IPHONES if c.seg != "elderly" else IPHONES[:4])
        d["stuck"] = "16.7.8" if R.random() < .06 else None
    else:
        d["model"], d["ver"] = R.choice(ANDROIDS[:9] if c.seg in ("student", "elderly") else ANDROIDS)
    return d

def segments(rate_days, first):
    """Random change points (day units) -> list of (t_start_seconds, value) built by caller."""
    out, d = [], first
    while rate_days and d < NDAYS:
        d += R.expovariate(1 / rate_days)
        if d < NDAYS:
            out.append(int(d * DAY))
    return out

def make_customer(i, acct_id):
    c = Cust()
    c.idx, c.cid, c.acct = i, f"mb-c{i + 1}", acct_id
    c.seg = R.choices(SEGS, SEG_W)[0]
    cty = R.choices(CITIES, [x[3] for x in CITIES])[0]
    c.city, c.hub = cty[0], cty[4]
    c.home = (cty[1] + R.gauss(0, .03), cty[2] + R.gauss(0, .045))
    c.os = "iOS" if R.random() < {"student": .45, "affluent": .6, "regular": .35, "elderly": .15, "business": .4}[c.seg] else "Android"
    c.carrier = R.choices(list(CARRIERS), CARRIER_W)[0]
    c.isp = R.choice(ISP_FIXED)
    c.wifi = R.random() < (.6 if c.seg == "elderly" else .85)
    c.gps = R.random() < .8
    c.vpn = (R.choice(HOSTING), None) if R.random() < .025 else None
    if c.vpn:
        c.vpn = (c.vpn[0], rand_ip(c.vpn[0][4]))
    if c.seg == "elderly":
        c.chan = R.choice([(.7, .2, .1), (.1, .8, .1), (.1, .2, .7)])
    else:
        c.chan = {"regular": (.85, .15, 0), "student": (.97, .03, 0), "business": (.3, .7, 0), "affluent": (.7, .3, 0)}[c.seg]
        if c.seg == "regular" and R.random() < .08:
            c.chan = (.1, .9, 0)
    c.act = math.exp(R.gauss(0, .45))
    c.lagmean = R.choices([2, 15, 60], [.55, .35, .10])[0]
    c.lag_app = [R.expovariate(1 / c.lagmean) for _ in APP_REL]
    c.lag_ios = [R.expovariate(1 / (c.lagmean + 5)) for _ in IOS_REL]
    c.lag_web = [R.uniform(0, 6) for _ in CHROME]
    c.devices = [mk_device(c, -int(R.uniform(30, 700) * DAY))]
    if R.random() < .09:   # phone change (sometimes switching OS)
        os2 = ("iOS" if c.os == "Android" else "Android") if R.random() < .15 else c.os
        c.devices.append(mk_device(c, int(R.uniform(3, NDAYS - 3) * DAY), os2))
    c.dev_t = [d["t0"] for d in c.devices]
    c.tablet = mk_device(c, -30 * DAY, "Android") if R.random() < .04 else None
    c.wos = R.choices(["Windows 10", "Windows 11", "macOS 14.4", "Linux x86_64"], [.45, .35, .17, .03])[0]
    c.browser = "Safari" if c.wos.startswith("mac") and R.random() < .5 else R.choices(["Chrome", "Edge", "Firefox"], [.7, .18, .12])[0]
    c.incognito = R.random() < .04
    c.web_t = [-DAY] + (segments(40, 0) if R.random() < .5 else [])
    c.web_ids = [hexid(12) for _ in c.web_t]
    c.ip_t = [-DAY] + (segments(25, 0) if R.random() < .7 else [])
    c.ips = [rand_ip(c.isp) for _ in c.ip_t]
    c.office_ip = rand_ip(R.choice(ISP_FIXED)) if c.seg in ("business", "regular") else None
    c.trips = []
    if c.seg != "business" and R.random() < .14:
        d0 = R.uniform(1, NDAYS - 10)
        c.trips.append((d0, d0 + R.uniform(3, 14), R.choice(TRAVEL), True))
    if R.random() < .10:
        d0 = R.uniform(1, NDAYS - 5)
        o = R.choice([x for x in CITIES if x[0] != c.city])
        c.trips.append((d0, d0 + R.uniform(1, 5), ("PL", o[0], o[1], o[2], c.isp), False))
    c.trip_ip = [rand_ip(tr[2][4]) for tr in c.trips]
    c.start_bal = math.exp(R.gauss({"student": 6.5, "elderly": 8.5, "business": 9.8, "affluent": 9.8}.get(c.seg, 8.0), .8))
    c.savings = math.exp(R.gauss({"student": 6, "elderly": 10, "business": 10.5, "affluent": 11}.get(c.seg, 9), 1.0)) * (R.random() < .7)
    c.rows, c.flows = [], []
    return c

def trip_at(c, t):
    d = t / DAY
    for k, tr in enumerate(c.trips):
        if tr[0] <= d < tr[1]:
            return tr, c.trip_ip[k]
    return None, None

def mobile_ua(c, dev, t):
    i = rel_idx(APP_REL, c.lag_app, t, dev["t0"])
    if t >= FORCE_DAY * DAY and i < FORCE_MIN:
        i = latest(APP_REL, t)
    if dev["os"] == "iOS":
        osv = dev["stuck"] or IOS_REL[rel_idx(IOS_REL, c.lag_ios, t, dev["t0"])][1]
        return f"NovaBank/{APP_REL[i][1]} (iOS {osv}; {dev['model']})"
    return f"NovaBank/{APP_REL[i][1]} (Android {dev['ver']}; {dev['model']})"

def web_ua(wos, browser, t, lags):
    if browser == "Safari":
        bv = "17.4" if t < 70 * DAY else "17.5"
    else:
        bv = (FIREFOX if browser == "Firefox" else CHROME)[rel_idx(CHROME, lags, t, -999 * DAY)][1]
    return f"NovaBank-Web/{WEB_REL[latest(WEB_REL, t)][1]} ({wos}; {browser} {bv})"

def jit(lat, lon, s):
    return round(lat + R.gauss(0, s), 5), round(lon + R.gauss(0, s * 1.5), 5)

def ctx(c, t, ch, home=False):
    """Network/device/location context of a customer's own session -> ip, dev, ua, lat, lon, country, city."""
    if ch == "branch":
        cy = CITY[c.city]
        la, lo = jit(cy[1], cy[2], .01)
        return "", "", "", la, lo, "PL", c.city
    if ch == "mobile":
        dev = c.tablet if (c.tablet and R.random() < .3) else c.devices[bisect.bisect_right(c.dev_t, t) - 1]
        devid, ua = dev["id"], mobile_ua(c, dev, t)
    else:
        devid = hexid(12) if c.incognito else c.web_ids[bisect.bisect_right(c.web_t, t) - 1]
        ua = web_ua(c.wos, c.browser, t, c.lag_web)
    h, wd = local_hour(t), DATES[int(t // DAY)].weekday()
    tr, tip = trip_at(c, t)
    hcy = CITY[c.city]
    if tr:
        cc, cty, la0, lo0, _ = tr[2]
        true = ("%s" % cc, cty, *jit(la0, lo0, .03))
        if tr[3] and R.random() < .5 or (ch == "web"):   # hotel wifi / local ISP
            ip, geo = tip, (cc, cty, la0, lo0)
        elif tr[3]:                                         # EU roaming: home carrier, PL egress
            ip, geo = R.choice(CGNAT[(c.carrier, c.hub)]), ("PL", c.hub, CITY[c.hub][1], CITY[c.hub][2])
        else:
            ohub = CITY[cty][4]
            ip, geo = R.choice(CGNAT[(c.carrier, ohub)]), ("PL", ohub, CITY[ohub][1], CITY[ohub][2])
    else:
        p_home = .85 if (h >= 19 or h < 7) else (.6 if wd >= 5 else .25)
        if c.seg == "elderly":
            p_home += .3
        at_home = home or R.random() < p_home
        true = ("PL", c.city, *(jit(*c.home, .0005) if at_home else jit(hcy[1], hcy[2], .04)))
        geo_home = ("PL", c.city, hcy[1], hcy[2])
        if ch == "web" and c.office_ip and not at_home and wd < 5 and (c.seg == "business" or R.random() < .5):
            ip, geo = c.office_ip, geo_home
        elif (at_home and c.wifi) or (ch == "web" and c.wifi):
            ip, geo = c.ips[bisect.bisect_right(c.ip_t, t) - 1], geo_home
        else:
            ip, geo = R.choice(CGNAT[(c.carrier, c.hub)]), ("PL", c.hub, CITY[c.hub][1], CITY[c.hub][2])
        if c.vpn and R.random() < .6:
            v = c.vpn[0]
            ip, geo = c.vpn[1], (v[0], v[1], v[2], v[3])
    if ch == "mobile" and c.gps and R.random() < .96:
        return ip, devid, ua, true[2], true[3], true[0], true[1]
    if ch == "mobile":
        return ip, devid, ua, "", "", geo[0], geo[1]
    return ip, devid, ua, round(geo[2], 4), round(geo[3], 4), geo[0], geo[1]

def pick_channel(c):
    return R.choices(("mobile", "web", "branch"), c.chan)[0]

def emit(c, day, amt, payee, prof=None, ch=None, t=None):
    ch = ch or pick_channel(c)
    if ch == "branch" and DATES[day].weekday() == 6:
        ch = "web" if c.chan[1] > c.chan[0] else "mobile"
    if t is None:
        t = to_utc(day, hour("branch" if ch == "branch" else (prof or c.seg)))
    if t < 0 or t >= NDAYS * DAY:
        return None
    row = [t, c.cid, round(max(amt, 1.0), 2), ch, *ctx(c, t, ch), payee, 0, None, ""]
    c.rows.append(row)
    c.flows.append((t, -row[2]))
    return row

def rnd(x, p=.6, unit=10):
    return round(x / unit) * unit if R.random() < p and x > unit else x

def lognorm(med, s):
    return med * math.exp(R.gauss(0, s))

def monthly(day0, fn):
    """Call fn(day) on the given day-of-month each month (with 0-3 day jitter)."""
    for d in range(NDAYS):
        if DATES[d].day == day0:
            dd = d + R.choice([0, 0, 0, 1, 2, 3])
            if dd < NDAYS:
                fn(dd)

def genuine(c, custs_by_city):
    s, a = c.seg, c.act
    pay = {"student": 2800, "elderly": 3300, "business": 0, "affluent": 16000}.get(s, 7200) * math.exp(R.gauss(0, .3))
    payday = R.choice([1, 10, 10, 25, 28])
    for d in range(NDAYS):
        if DATES[d].day == payday:
            c.flows.append((to_utc(d, 7), pay if s != "business" else 0))
    # housing
    r = R.random()
    if s == "student":
        rent = (rnd(lognorm(1300, .25), .9, 50), acct()) if r < .7 else None
    elif s in ("regular", "affluent"):
        if r < .35:
            rent = (rnd(lognorm(2900 if s == "regular" else 4800, .25), .9, 50),
                    R.choice(LANDLORD_FIRMS[c.city]) if R.random() < .25 else acct())
        elif r < .75:
            rent = (lognorm(650, .3), R.choice(COOP[c.city]))
        else:
            rent = None
    elif s == "elderly":
        rent = (lognorm(550, .3), R.choice(COOP[c.city]))
    else:
        rent = (rnd(lognorm(4500, .5), .9, 100), acct())   # office / workshop lease
    if rent:
        monthly(R.randint(1, 10), lambda d: emit(c, d, rent[0], rent[1]))
    # utilities
    en, iprov = ENERGY[CITIES.index(CITY[c.city]) % 4], R.choice(INTERNET)
    edm = lognorm(180, .35)
    for d in range(R.randint(0, 59), NDAYS, 61):
        emit(c, d, edm * R.uniform(.8, 1.3), en)
    if R.random() < .5:
        gm = lognorm(140, .4)
        monthly(R.randint(5, 20), lambda d: emit(c, d, gm * R.uniform(.6, 1.4), GAS))
    if R.random() < .75:
        ia = round(R.choice([59.99, 69.0, 79.99, 89.0, 99.99, 119.0]), 2)
        monthly(R.randint(5, 25), lambda d: emit(c, d, ia, iprov))
    if s in ("student", "elderly") or R.random() < .25:    # prepaid top-ups
        gap = R.uniform(12, 40)
        dd = R.uniform(0, gap)
        while dd < NDAYS:
            emit(c, int(dd), R.choice([25, 30, 30, 50, 50, 100]), CARRIER_ACCT[c.carrier], ch="mobile" if c.chan[0] > .3 else None)
            dd += gap * R.uniform(.7, 1.3)
    else:
        pa = lognorm(70, .35)
        monthly(R.randint(10, 25), lambda d: emit(c, d, pa, CARRIER_ACCT[c.carrier]))
    if R.random() < .3:
        ins, ia2 = R.choice(INSURERS), lognorm(400, .5)
        for d in range(R.randint(0, 89), NDAYS, 91):
            emit(c, d, ia2, ins)
    if s == "elderly" and R.random() < .6:
        for d in range(R.randint(0, 89), NDAYS, 91):
            emit(c, d, 81.90, RTV)
    if s == "business":
        return genuine_business(c)
    # family & friends circle (some are customers of this bank)
    k = {"student": R.randint(5, 12), "elderly": R.randint(1, 3)}.get(s, R.randint(2, 6))
    circle = [R.choice(custs_by_city[c.city]).acct if R.random() < .45 else acct() for _ in range(k)]
    cw = [R.expovariate(1) for _ in circle]
    rates = {"student": (.35, .45), "elderly": (.03, .04), "regular": (.12, .25), "affluent": (.15, .3)}[s]
    med_p = {"student": 35, "elderly": 300, "regular": 150, "affluent": 400}[s]
    med_m = {"student": 45, "elderly": 80, "regular": 120, "affluent": 250}[s]
    for d in range(NDAYS):
        wk = 1.25 if DATES[d].weekday() >= 4 else 1.0
        for _ in range(NP.poisson(rates[0] * a * wk)):
            emit(c, d, rnd(lognorm(med_p, .8), .6 if s != "student" else .3), R.choices(circle, cw)[0])
        for _ in range(NP.poisson(rates[1] * a * wk)):
            emit(c, d, lognorm(med_m, .9), MERCH[bisect.bisect_left(MERCH_CW, R.random() * MERCH_CW[-1])])
        if R.random() < (.03 if s == "student" else .008) * a:   # split a bill / buy from a private seller: new payee
            emit(c, d, rnd(lognorm(60 if s == "student" else 350, .8), .5), acct())
    # large one-offs to new payees (car, flat deposit, renovation, holiday)
    if R.random() < {"regular": .07, "affluent": .18, "student": .04, "elderly": .03}[s]:
        kind, d0 = R.choice(["car", "deposit", "renovation", "holiday"]), R.randint(0, NDAYS - 1)
        if kind == "car":
            tot, dl = lognorm(45000, .5), R.choice(DEALERS) if R.random() < .5 else acct()
            if R.random() < .5:
                emit(c, d0, rnd(tot * .1, .9, 500), dl)
                emit(c, min(NDAYS - 1, d0 + R.randint(3, 10)), rnd(tot * .9, .5, 100), dl)
            else:
                emit(c, d0, rnd(tot, .7, 100), dl)
        elif kind == "deposit":
            emit(c, d0, rnd(lognorm(5500 if s != "student" else 1800, .35), .9, 100), acct())
        elif kind == "renovation":
            con = acct()
            for j in range(R.randint(2, 4)):
                emit(c, min(NDAYS - 1, d0 + j * R.randint(5, 14)), rnd(lognorm(6000, .6), .8, 100), con)
        else:
            emit(c, d0, lognorm(6500, .5), R.choice(TRAVEL_AG))

def genuine_business(c):
    a = c.act
    sup = []
    for _ in range(R.randint(5, 25)):
        fixed = R.random() < .3
        sup.append({"acct": acct(), "mean": lognorm(3200, .9), "per": R.choice([7, 14, 30, 30, 30]),
                    "fixed": fixed, "next": R.uniform(0, 30)})
    c.suppliers = sup
    for sp in sup:
        d = sp["next"]
        while d < NDAYS:
            di = int(d)
            if DATES[di].weekday() >= 5:
                di = min(NDAYS - 1, di + 7 - DATES[di].weekday())
            amt = sp["mean"] * (1 if sp["fixed"] else math.exp(R.gauss(0, .12)))
            row = emit(c, di, amt, sp["acct"], prof="office")
            if row:
                row.append(("sup", id(sp)))
            d += sp["per"] * R.uniform(.9, 1.1)
    emps = [(acct(), rnd(lognorm(5200, .3), .8, 50)) for _ in range(R.randint(1, 12))]
    nemp = len(emps)
    zus = lognorm(1700 * (1 + .6 * nemp), .2)
    vat = lognorm(3000 * (1 + .3 * nemp), .5)
    for d in range(NDAYS):
        dm, wd = DATES[d].day, DATES[d].weekday()
        if dm == 10:
            t = to_utc(d, hour("office"))
            for e, w in emps:
                t += R.randint(20, 180)
                emit(c, d, w, e, ch="web" if c.chan[1] > .5 else "mobile", t=t)
        if dm == 15:
            emit(c, d, zus * R.uniform(.97, 1.05), ZUS, prof="office")
        if dm == 25:
            emit(c, d, vat * math.exp(R.gauss(0, .3)), TAXOFF[c.city], prof="office")
    partners = [acct() for _ in range(R.randint(30, 250))]
    pw = list(np.cumsum([1 / (k + 1) ** .9 for k in range(len(partners))]))
    for d in range(NDAYS):
        wk = .2 if DATES[d].weekday() >= 5 else 1.0
        for _ in range(NP.poisson(2.0 * a * wk)):
            emit(c, d, lognorm(600, 1.0), partners[bisect.bisect_left(pw, R.random() * pw[-1])])
        if R.random() < .15 * wk:
            emit(c, d, lognorm(900, .9), acct())
    out = -sum(x for _, x in c.flows)
    for d in range(NDAYS):   # customer receipts (incoming, not payments)
        c.flows.append((to_utc(d, 12), out / NDAYS * R.uniform(.9, 1.3)))

# ---------------- fraud ----------------
MULES = [{"acct": acct(), "s": R.uniform(-15, NDAYS - 10), "w": R.paretovariate(1.2)} for _ in range(60)]
for m in MULES:
    m["e"] = m["s"] + R.uniform(10, 45)
SELLERS = [{"acct": acct(), "s": R.uniform(-15, NDAYS - 10), "w": R.paretovariate(1.5)} for _ in range(22)]
for m in SELLERS:
    m["e"] = m["s"] + R.uniform(15, 60)

def mule(day, pool=MULES):
    act = [m for m in pool if m["s"] <= day <= m["e"]] or pool
    return R.choices(act, [m["w"] for m in act])[0]["acct"]

def balance_at(c, t):
    return max(0.0, c.start_bal + sum(x for tt, x in c.flows if tt <= t))

def frow(c, t, amt, payee, ch, scen, context=None):
    cx = context if context is not None else ctx(c, t, ch)
    row = [t, c.cid, round(max(amt, 10.0), 2), ch, *cx, payee, 1, None, scen]
    c.rows.append(row)
    c.flows.append((t, -row[2]))
    return row

def own_channel(c):
    ch = pick_channel(c)
    return "mobile" if ch == "branch" else ch

def f_ato(c, d):
    t = to_utc(d, hour("ato"))
    use_web = R.random() < .2
    r = R.random()
    if r < .35:
        o = R.choice(HOSTING); ip, geo = rand_ip(o[4]), o
    elif r < .55:
        o = R.choice(FOREIGN_RES); ip, geo = rand_ip(o[4]), o
    else:   # the swapped SIM in a fraudster's phone inside Poland: carrier IP, other region
        hub = R.choice([h for h in HUBS if h != c.hub] or HUBS)
        o = CITY[hub]; ip, geo = R.choice(CGNAT[(R.choice(list(CARRIERS)), hub)]), ("PL", hub, o[1], o[2])
    if use_web:
        devid = hexid(12); ua = web_ua(R.choice(["Windows 10", "Linux x86_64"]), R.choice(["Chrome", "Firefox"]), t, [0] * 5)
        ch, la, lo = "web", round(geo[2], 4), round(geo[3], 4)
    else:
        m, v = R.choice(FRAUD_MODELS if R.random() < .5 else ANDROIDS)
        devid, ch = hexid(16), "mobile"
        ua = f"NovaBank/{APP_REL[latest(APP_REL, t)][1]} (Android {v}; {m})"
        la, lo = jit(geo[2], geo[3], .02) if R.random() < .5 else ("", "")
    pot = balance_at(c, t) + c.savings * .9
    tgt = [mule(d) for _ in range(R.randint(1, 3))]
    t += R.randint(300, 1500)   # login, adding payees, moving savings
    for j in range(R.randint(2, 7)):
        if pot < 150:
            break
        amt = min(pot * R.uniform(.35, .7) if j < 4 else pot * .95, R.choice([9500, 15000, 20000]))
        amt = rnd(amt, .4, 100) if amt > 300 else amt
        frow(c, t, amt, R.choice(tgt), ch, "account_takeover", (ip, devid, ua, la, lo, geo[0], geo[1]))
        pot -= amt
        t += R.randint(60, 900)

def f_safe(c, d):
    t = to_utc(d, hour("day"))
    ch = "branch" if c.chan[2] > .5 and R.random() < .5 else own_channel(c)
    pot = (balance_at(c, t) + c.savings * R.uniform(.5, 1)) * R.uniform(.6, 1)
    m = [mule(d)]
    if R.random() < .3:
        m.append(mule(d))
    n = R.randint(1, 3)
    for j in range(n):
        amt = max(500, pot / n * R.uniform(.8, 1.2))
        frow(c, t, rnd(amt, .7, 100), m[min(j, len(m) - 1)], ch, "safe_account_scam")
        t += R.randint(600, 5400)

def f_invest(c, d):
    m, amt = mule(d), R.uniform(300, 1500)
    ch = own_channel(c)
    day = float(d)
    for j in range(R.choices([1, 2, 3, 4, 5, 6], [.15, .2, .25, .2, .12, .08])[0]):
        if int(day) >= NDAYS:
            break
        t = to_utc(int(day), hour(c.seg if c.seg != "business" else "regular"))
        cap = balance_at(c, t) + c.savings * .5
        frow(c, t, rnd(min(amt, max(cap, 400)), .5, 100), m, ch, "app_investment_scam")
        amt *= R.uniform(1.4, 3.0)
        day += R.uniform(1, 9)
        if R.random() < .15:
            m = mule(int(day))

def f_rat(c, d):
    t = to_utc(d, hour("rat"))
    m = mule(d)
    pot = balance_at(c, t) + c.savings * .6
    for j in range(R.randint(1, 4)):
        if pot < 200:
            break
        amt = min(pot * R.uniform(.2, .5), R.uniform(1500, 9000))
        frow(c, t, rnd(amt, .3, 10), m if R.random() < .7 else mule(d), "mobile", "remote_access_malware",
             ctx(c, t, "mobile", home=True))
        pot -= amt
        t += R.randint(120, 1200)

def f_purchase(c, d):
    s, ch = mule(d, SELLERS), own_channel(c)
    t = to_utc(d, hour(c.seg))
    frow(c, t, min(4000, max(120, lognorm(650, .7))), s, ch, "purchase_scam")
    if R.random() < .2:
        t += R.randint(1800, 30000)
        frow(c, t, rnd(R.uniform(50, 400), .7), s, ch, "purchase_scam")

def f_invoice(c, d):
    sup = [sp for sp in c.suppliers if sp["mean"] > 1500 and sp["per"] >= 14] or c.suppliers
    sp = R.choice(sup)
    m = mule(d)
    cand = [r for r in c.rows if len(r) > 15 and r[15] == ("sup", id(sp)) and r[0] >= d * DAY and not r[12]]
    for r in cand[:(2 if R.random() < .25 else 1)]:
        r[11], r[12], r[14] = m, 1, "invoice_redirection"
    return sp["acct"] if cand else False

SCEN = {  # fn, incidents per 3000 customers, victim segment weights, never-reported prob, delay sampler (days)
    "account_takeover": (f_ato, 34, {"regular": 1, "affluent": 1.5, "business": .7, "student": .6, "elderly": .8}, .03,
                         lambda: R.expovariate(1 / .8)),
    "safe_account_scam": (f_safe, 34, {"elderly": 3, "regular": 1, "affluent": 1.5, "student": .3}, .05,
                          lambda: R.expovariate(1 / 1.5)),
    "app_investment_scam": (f_invest, 36, {"regular": 1, "affluent": 2, "elderly": 1.2, "business": .3, "student": .4}, .12,
                            lambda: R.uniform(0, 3) if R.random() < .35 else R.uniform(5, 30)),
    "remote_access_malware": (f_rat, 24, {"elderly": 3, "regular": 1, "affluent": 1, "business": .5}, .07,
                              lambda: R.expovariate(1 / 2.5)),
    "purchase_scam": (f_purchase, 70, {"student": 3, "regular": 1.5, "affluent": .6, "elderly": .4}, .22,
                      lambda: R.uniform(1, 21)),
    "invoice_redirection": (f_invoice, 18, {"business": 1}, .08, lambda: R.uniform(8, 30)),
}

def main():
    accts = [acct() for _ in range(A.customers)]
    custs = [make_customer(i, accts[i]) for i in range(A.customers)]
    by_city = {}
    for c in custs:
        by_city.setdefault(c.city, []).append(c)
    for c in custs:
        genuine(c, by_city)
        c.flows.sort()
    used = set()
    for name, (fn, n, segw, p_never, delay) in SCEN.items():
        n = max(1, round(n * A.customers / 3000))
        done, tries = 0, 0
        while done < n and tries < n * 20:
            tries += 1
            pool = [c for c in custs if c.idx not in used and segw.get(c.seg, 0) > 0 and c.chan[2] < .9]
            if name == "remote_access_malware":
                pool = [c for c in pool if c.devices[-1]["os"] == "Android" and c.chan[0] > .3]
            c = R.choices(pool, [segw[x.seg] for x in pool])[0]
            res = fn(c, R.randint(3, NDAYS - 4))
            frows = [r for r in c.rows if r[12] and r[13] is None]
            if res is False or not frows:
                continue
            used.add(c.idx)
            done += 1
            c.flows.sort()
            if R.random() >= p_never:
                rep = max(r[0] for r in frows) + int(min(30.0, max(delay(), 0.007)) * DAY)
                for r in frows:
                    r[13] = rep
                if name == "invoice_redirection" and rep < NDAYS * DAY:   # the real supplier is paid again later
                    emit(c, min(NDAYS - 1, int(rep // DAY) + R.randint(1, 3)), frows[0][2], res, prof="office")
            else:
                for r in frows:
                    r[13] = -1
    rows = [r for c in custs for r in c.rows]
    rows.sort(key=lambda r: r[0])
    iso = lambda t: (START + dt.timedelta(seconds=int(t))).strftime("%Y-%m-%dT%H:%M:%SZ")
    with gzip.open(A.out, "wt", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow("transaction_id,customer_id,timestamp,amount,currency,channel,ip,device_id,user_agent,lat,lon,"
                   "country,city,payee_id,is_fraud,fraud_reported_at,scenario".split(","))
        for k, r in enumerate(rows):
            rep = iso(r[13]) if r[12] and r[13] is not None and r[13] >= 0 else ""
            w.writerow([f"mb-t{k + 1:07d}", r[1], iso(r[0]), "%.2f" % r[2], "PLN", r[3], r[4], r[5], r[6], r[7], r[8],
                        r[9], r[10], r[11], r[12], rep, r[14]])
    nf = sum(r[12] for r in rows)
    print(f"rows={len(rows)} fraud={nf} rate={nf / len(rows):.4%} customers={len(custs)}")
    print(Counter(r[14] for r in rows if r[12]).most_common())

if __name__ == "__main__":
    main()
