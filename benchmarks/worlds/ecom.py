#!/usr/bin/env python3
"""Synthetic card-not-present e-commerce payment world, written independently of
`benchmarks.generate` (by someone who had not read riskgate's code) so that the
scorer can be checked on a world it was not built for. docs/worlds.md describes it.

    python -m benchmarks.worlds.ecom [--seed N] [--customers N] [--out world-ecom.csv.gz]

stdlib + numpy; 2,500 customers x 100 days in ~20 s; byte-reproducible per seed.
"""
import argparse, bisect, io, calendar, csv, gzip, math, os, random, time
import numpy as np

ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.ecom")
ap.add_argument("--seed", type=int, default=20260305)
ap.add_argument("--customers", type=int, default=2500)
ap.add_argument("--out", default="world-ecom.csv.gz")
ARGS = ap.parse_args()
rnd = random.Random(ARGS.seed)
npr = np.random.default_rng(ARGS.seed)

N_CUST, DAYS = ARGS.customers, 100
T0 = calendar.timegm((2026, 1, 1, 0, 0, 0))
T_END = T0 + DAYS * 86400
DST = {"eu": calendar.timegm((2026, 3, 29, 1, 0, 0)), "us": calendar.timegm((2026, 3, 8, 7, 0, 0))}
HEADER = "transaction_id,customer_id,timestamp,amount,currency,channel,ip,device_id,user_agent,lat,lon,country,city,payee_id,is_fraud,fraud_reported_at,scenario".split(",")

# ---------------------------------------------------------------- geography
# cc: (utc offset, dst rule, public-looking first octets, v6 first group, [(city, lat, lon, weight)])
CO = {
 "DE": (1, "eu", [46, 77, 79, 84, 87, 91, 93, 178, 188, 217], "2003", [("Berlin", 52.520, 13.405, 3.6), ("Hamburg", 53.551, 9.994, 1.8), ("Munich", 48.137, 11.575, 1.5), ("Cologne", 50.938, 6.960, 1.1), ("Frankfurt", 50.110, 8.682, .75), ("Stuttgart", 48.776, 9.183, .63), ("Leipzig", 51.340, 12.375, .6)]),
 "FR": (1, "eu", [2, 37, 78, 80, 81, 82, 86, 90, 109, 176], "2a01", [("Paris", 48.857, 2.352, 2.1), ("Marseille", 43.296, 5.370, .87), ("Lyon", 45.764, 4.836, .52), ("Toulouse", 43.605, 1.444, .5), ("Nantes", 47.218, -1.554, .32), ("Lille", 50.629, 3.057, .24)]),
 "NL": (1, "eu", [31, 62, 77, 82, 84, 85, 145, 213], "2a02", [("Amsterdam", 52.370, 4.895, .9), ("Rotterdam", 51.924, 4.478, .65), ("Utrecht", 52.090, 5.121, .36), ("Eindhoven", 51.441, 5.470, .24)]),
 "ES": (1, "eu", [79, 80, 83, 88, 95, 139, 188, 213], "2a0c", [("Madrid", 40.417, -3.704, 3.3), ("Barcelona", 41.385, 2.173, 1.6), ("Valencia", 39.470, -0.376, .8), ("Seville", 37.389, -5.984, .68), ("Malaga", 36.721, -4.421, .58)]),
 "IT": (1, "eu", [2, 5, 79, 87, 93, 95, 151, 176, 213], "2a0e", [("Rome", 41.903, 12.496, 2.8), ("Milan", 45.464, 9.190, 1.4), ("Naples", 40.852, 14.268, .9), ("Turin", 45.070, 7.687, .85), ("Bologna", 44.494, 11.343, .39)]),
 "BE": (1, "eu", [81, 91, 109, 178, 193, 212], "2a02", [("Brussels", 50.850, 4.351, 1.2), ("Antwerp", 51.219, 4.402, .53), ("Ghent", 51.054, 3.717, .26)]),
 "AT": (1, "eu", [62, 77, 80, 84, 178, 212], "2a02", [("Vienna", 48.208, 16.373, 1.9), ("Graz", 47.071, 15.439, .29), ("Salzburg", 47.810, 13.055, .15)]),
 "IE": (0, "eu", [37, 78, 86, 89, 109, 159], "2a02", [("Dublin", 53.350, -6.260, 1.2), ("Cork", 51.898, -8.471, .21)]),
 "PT": (0, "eu", [2, 85, 89, 94, 148, 188], "2001:8a0", [("Lisbon", 38.722, -9.139, .55), ("Porto", 41.158, -8.629, .23)]),
 "PL": (1, "eu", [31, 46, 78, 83, 89, 91, 178], "2a02", [("Warsaw", 52.230, 21.012, 1.8), ("Krakow", 50.065, 19.945, .78)]),
 "FI": (2, "eu", [62, 84, 91, 193], "2001:998", [("Helsinki", 60.170, 24.938, .65), ("Tampere", 61.498, 23.761, .24)]),
 "GB": (0, "eu", [2, 5, 31, 51, 81, 86, 90, 109], "2a00", [("London", 51.507, -0.128, 8.9), ("Manchester", 53.480, -2.242, .55)]),
 "US": (-5, "us", [23, 24, 50, 64, 66, 67, 68, 69, 71, 73, 96, 98, 104, 107, 108], "2600", [("New York", 40.713, -74.006, 8.3), ("Miami", 25.762, -80.192, .45)]),
 "GR": (2, "eu", [2, 46, 79, 94, 176], "2a02", [("Athens", 37.984, 23.728, 3.1), ("Heraklion", 35.339, 25.144, .17)]),
 "HR": (1, "eu", [31, 46, 78, 89, 93], "2a05", [("Split", 43.508, 16.440, .18), ("Zagreb", 45.815, 15.982, .8)]),
 "TR": (3, "", [78, 85, 88, 176, 212], "2a02", [("Istanbul", 41.008, 28.978, 15.), ("Antalya", 36.897, 30.713, 1.2)]),
 "TH": (7, "", [1, 27, 49, 58, 110, 171], "2403", [("Bangkok", 13.756, 100.502, 10.), ("Phuket", 7.880, 98.392, .4)]),
 "CH": (1, "eu", [31, 62, 77, 83, 178, 213], "2a02", [("Zurich", 47.377, 8.540, .42), ("Geneva", 46.204, 6.143, .2)]),
 "BR": (-3, "", [177, 179, 186, 187, 189, 191, 200, 201], "2804", [("Sao Paulo", -23.550, -46.633, 12.), ("Rio de Janeiro", -22.907, -43.173, 6.7)]),
 "VN": (7, "", [14, 27, 113, 115, 116, 171], "2402", [("Ho Chi Minh City", 10.823, 106.630, 9.), ("Hanoi", 21.028, 105.854, 8.)]),
 "NG": (1, "", [102, 105, 129, 154, 197], "2c0f", [("Lagos", 6.524, 3.379, 15.), ("Abuja", 9.058, 7.495, 3.)]),
 "ID": (7, "", [36, 39, 103, 110, 114, 180, 182], "2001:448", [("Jakarta", -6.208, 106.846, 10.), ("Surabaya", -7.258, 112.752, 3.)]),
 "RO": (2, "eu", [5, 31, 79, 86, 89, 188], "2a02", [("Bucharest", 44.426, 26.102, 1.8), ("Cluj-Napoca", 46.771, 23.624, .3)]),
 "UA": (2, "eu", [31, 46, 91, 93, 176, 178], "2a02", [("Kyiv", 50.450, 30.523, 3.), ("Odesa", 46.482, 30.723, 1.)]),
 "MA": (1, "", [41, 105, 160, 196], "2c0f", [("Casablanca", 33.573, -7.590, 3.7), ("Marrakesh", 31.629, -7.981, 1.)]),
 "MY": (8, "", [1, 14, 42, 60, 115, 175], "2001:e68", [("Kuala Lumpur", 3.139, 101.687, 1.8), ("Johor Bahru", 1.493, 103.741, .5)]),
 "SE": (1, "eu", [31, 46, 78, 85, 90, 213], "2a02", [("Stockholm", 59.329, 18.069, 1.)]),
}
HOME_W = {"DE": .24, "FR": .18, "NL": .10, "ES": .11, "IT": .11, "BE": .06, "AT": .05, "IE": .04, "PT": .04, "PL": .04, "FI": .03}
TRAVEL_W = {"ES": .18, "IT": .12, "FR": .08, "PT": .08, "GR": .10, "HR": .06, "GB": .08, "US": .08, "TR": .07, "TH": .05, "AT": .05, "CH": .03, "DE": .02}
FRAUD_CC = ["BR", "VN", "NG", "ID", "RO", "UA", "MA", "MY", "US", "NL", "GB"]
CUR = {"GB": "GBP", "US": "USD"}

def city(cc, i=None):
    cs = CO[cc][4]
    if i is None: i = rnd.choices(range(len(cs)), [c[3] for c in cs])[0]
    n, la, lo, _ = cs[i]
    return (cc, n, la, lo)

def utc_off(cc, ts):
    o, rule = CO[cc][0], CO[cc][1]
    return o + (1 if rule and ts >= DST[rule] else 0)

def fmt_ts(ts): return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))

# ---------------------------------------------------------------- IPs
IPGEO, USED16, PFX, PFX6 = {}, set(), {}, {}
def rand_ip(cc, kind, geo, v6=False):
    """random public-looking address of an ISP 'kind' (bb broadband, dc datacenter, mob carrier) in cc."""
    if v6:
        g = PFX6.setdefault((cc, kind), "%s:%x" % (CO[cc][3], rnd.randrange(0x100, 0xffff)) if ":" not in CO[cc][3] else CO[cc][3])
        ip = "%s:%x:%x::%x" % (g, rnd.randrange(0x10, 0xffff), rnd.randrange(0x10, 0xffff), rnd.randrange(1, 0xffff))
    else:
        lst = PFX.setdefault((cc, kind), [])
        if len(lst) < 2 or (len(lst) < 8 and rnd.random() < .1):
            while True:
                p = (rnd.choice(CO[cc][2]), rnd.randrange(256))
                if p not in USED16: USED16.add(p); lst.append(p); break
        a, b = rnd.choice(lst)
        ip = "%d.%d.%d.%d" % (a, b, rnd.randrange(256), rnd.randrange(1, 255))
    IPGEO[ip] = geo
    return ip

VPN_POOL = [rand_ip(cc, "dc", city(cc, 0)) for cc in rnd.choices(["NL", "DE", "US", "CH", "SE", "GB"], k=300)]
CARRIERS = {}
for cc in HOME_W:
    for k in range(3):
        CARRIERS[(cc, k)] = ([rand_ip(cc, "mob%d" % k, city(cc, 0)) for _ in range(400)], k != 2)  # CGNAT pool, v6 capable

# ---------------------------------------------------------------- user agents / devices
def hexid(bits=96): return "%0*x" % (bits // 4, rnd.getrandbits(bits))
def ua_phone():
    if rnd.random() < .45:
        ios = rnd.choice(["17_6", "18_3", "18_5", "18_6", "26_1", "26_2"])
        if rnd.random() < .5: return "ShopPayApp/5.%d.%d (iPhone; iOS %s; Scale/3.00)" % (rnd.randrange(8, 14), rnd.randrange(5), ios.replace("_", "."))
        return "Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1" % (ios, ios.split("_")[0] + ".0")
    a = rnd.choice([12, 13, 14, 15, 16]); v = rnd.randrange(136, 146)
    if rnd.random() < .5: return "ShopPayApp/5.%d.%d (Android %d; okhttp/4.12.0)" % (rnd.randrange(8, 14), rnd.randrange(5), a)
    return "Mozilla/5.0 (Linux; Android %d; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % (a, v)
def ua_desktop(old=False):
    v = rnd.randrange(104, 120) if old else rnd.randrange(136, 146)
    r = rnd.random()
    if r < .45: return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v
    if r < .6: return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0" % (v, v)
    if r < .75: return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (v, v)
    if r < .92: return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15" % rnd.choice(["17.6", "18.3", "18.5", "26.1"])
    return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v
UA_TABLET = "Mozilla/5.0 (iPad; CPU OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1"
UA_BOT = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/%d.0.0.0 Safari/537.36" % v for v in (118, 124)] + \
         ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"]
def ua_fraud(mobile=False):
    if mobile: return rnd.choice(["Mozilla/5.0 (Linux; Android 9; SM-G960F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % rnd.randrange(110, 140), ua_phone()])
    return ua_desktop(old=rnd.random() < .35)

# ---------------------------------------------------------------- merchants
# name: (weight in basket, median EUR, sigma, local?, #online merchants)
CAT = {"groceries": (.17, 45, .55, True, 0), "restaurants": (.07, 32, .5, True, 0), "pharmacy": (.04, 19, .6, True, 0),
       "food_delivery": (.11, 27, .4, True, 0), "department_store": (.03, 70, .8, True, 0), "fashion": (.10, 58, .7, False, 220),
       "electronics": (.04, 110, 1.0, False, 110), "travel": (.02, 230, .8, False, 70), "digital_goods": (.12, 11, .8, False, 160),
       "gift_cards": (.015, 50, 0, False, 25), "home": (.06, 48, .8, False, 140), "marketplace": (.14, 32, .9, False, 12),
       "tickets": (.025, 55, .6, False, 50), "subscriptions": (0, 10, 0, False, 40)}
CATS = [c for c in CAT if c != "subscriptions"]
POS_P = {"groceries": .4, "restaurants": .85, "pharmacy": .45, "department_store": .5}
M = []  # dicts: cat, cc, cur, dev (sends device data), bill (sends billing address), pop, lvl, price, batch_h
def add_merchant(cat, cc):
    M.append(dict(cat=cat, cc=cc, cur=CUR.get(cc, "EUR"), dev=rnd.random() < (.75 if not CAT[cat][3] else .6), bill=rnd.random() < .7,
                  pop=rnd.paretovariate(1.1), lvl=rnd.lognormvariate(0, .25), price=rnd.choice([4.99, 5.99, 7.99, 9.99, 11.99, 12.99, 17.99, 2.99]),
                  batch_h=rnd.randrange(0, 9), loc=city(cc)))
ONLINE_CC = dict(HOME_W); ONLINE_CC.update(GB=.12, US=.10, IE=.12, NL=.16)
for cat, (_, _, _, local, n) in CAT.items():
    if local:
        for cc in CO:
            w = HOME_W.get(cc, 0)
            base = {"groceries": 8 + 120 * w, "restaurants": 10 + 150 * w, "pharmacy": 3 + 40 * w, "food_delivery": 2 + 15 * w, "department_store": 2 + 20 * w}[cat]
            for _ in range(int(base if w else max(2, base / 3))): add_merchant(cat, cc)
    else:
        for cc in rnd.choices(list(ONLINE_CC), list(ONLINE_CC.values()), k=n): add_merchant(cat, cc)
for m in M:
    if m["cat"] == "marketplace": m["pop"] *= 20
IDX = {}
for i, m in enumerate(M): IDX.setdefault((m["cat"], m["cc"] if CAT[m["cat"]][3] else None), []).append(i)
CUM = {k: list(np.cumsum([M[i]["pop"] for i in v])) for k, v in IDX.items()}
def pick_merchant(cat, cc=None):
    k = (cat, cc if CAT[cat][3] else None)
    return IDX[k][bisect.bisect(CUM[k], rnd.random() * CUM[k][-1])] if k in IDX else None

def amount_for(m, mult=1.0):
    _, med, sg, _, _ = CAT[M[m]["cat"]]
    if M[m]["cat"] == "gift_cards": a = rnd.choice([10, 15, 20, 25, 25, 50, 50, 100]) * (1 if rnd.random() < .9 else 2)
    else: a = med * M[m]["lvl"] * mult * rnd.lognormvariate(0, sg)
    a = max(a, 0.5)
    if a > 5 and rnd.random() < .35: a = math.floor(a) + .99
    return round(a, 2)

# ---------------------------------------------------------------- customers & households
class Cust: pass
CUSTS, HH = [], []
DOW = [1.0, .95, .95, 1.0, 1.1, 1.15, 1.0]   # Mon..Sun (Jan 1 2026 is Thursday)
while len(CUSTS) < N_CUST:
    size = min(rnd.choices([1, 2, 3, 4], [.38, .34, .16, .12])[0], N_CUST - len(CUSTS))
    cc = rnd.choices(list(HOME_W), list(HOME_W.values()))[0]
    home = city(cc)
    hh = dict(home=home, carrier=(cc, rnd.randrange(3)), shared=(hexid(), UA_TABLET if rnd.random() < .5 else ua_desktop()) if size > 1 and rnd.random() < .55 else None,
              v6=rnd.random() < .3, period=rnd.choice([3, 7, 14, 30, 365]))
    geo = home if rnd.random() < .85 else city(cc, 0)     # geo-IP imprecision for home broadband
    ips, ip = [], rand_ip(cc, "bb", geo, hh["v6"])
    for d in range(DAYS):
        if rnd.random() < 1 / hh["period"]: ip = rand_ip(cc, "bb", geo, hh["v6"])
        ips.append(ip)
    hh["ips"] = ips; HH.append(hh)
    for _ in range(size):
        c = Cust(); c.i = len(CUSTS); c.id = "ec-c%d" % (c.i + 1); c.hh = hh; c.home = home; c.cc = cc
        c.rate = min(8, npr.lognormal(math.log(1.2) - .405, .9))
        c.loyal = rnd.betavariate(4, 2); c.mob = rnd.betavariate(2, 1.6); c.spend = rnd.lognormvariate(0, .3)
        c.pos = rnd.betavariate(1.5, 3)
        owl = rnd.random() < .1
        c.peaks = [(rnd.gauss(12.5, 1.2) + (2 if owl else 0), rnd.uniform(1, 2), rnd.random() * .6),
                   (rnd.gauss(20.5, 1.0) + (2.5 if owl else 0), rnd.uniform(1, 2.2), 1.0)]
        c.catw = list(np.array([CAT[k][0] for k in CATS]) * npr.dirichlet(np.ones(len(CATS)) * 2) * len(CATS))
        c.fav = {}
        for k in CATS:
            if not CAT[k][3]: c.fav[k] = [pick_merchant(k) for _ in range(rnd.randrange(1, 5))]
            else: c.fav[k] = [pick_merchant(k, cc) for _ in range(rnd.randrange(1, 5))]
        c.phones = [(0, hexid(), ua_phone())]
        if rnd.random() < .08: c.phones.append((rnd.randrange(5, 95), hexid(), ua_phone()))
        c.pc = (hexid(), ua_desktop()) if rnd.random() < .75 else None
        c.cookie = rnd.random() < .1
        c.vpn = rnd.uniform(.3, .9) if rnd.random() < .07 else 0; c.vpn_ips = rnd.sample(VPN_POOL, 3)
        c.geo_perm = rnd.betavariate(3, 2)
        c.d0 = rnd.randrange(0, 60) if rnd.random() < .05 else 0
        c.d1 = rnd.randrange(c.d0 + 20, DAYS) if rnd.random() < .05 else DAYS
        c.trips = []
        if rnd.random() < .18:
            for _ in range(rnd.choice([1, 1, 2])):
                s = rnd.randrange(c.d0, DAYS - 3); L = rnd.randrange(3, 17)
                dest = rnd.choices([k for k in TRAVEL_W if k != cc], [v for k, v in TRAVEL_W.items() if k != cc])[0]
                loc = city(dest)
                c.trips.append((s, min(DAYS, s + L), loc, rand_ip(dest, "bb", loc)))
        CUSTS.append(c)

def trip_at(c, d):
    for t in c.trips:
        if t[0] <= d < t[1]: return t
    return None

def local_hour(c):
    p = rnd.choices(c.peaks, [w for _, _, w in c.peaks])[0]
    return rnd.gauss(p[0], p[1]) % 24

ROWS = []  # [ts, cust, amount, cur, channel, ip, dev, ua, lat, lon, cc, city, merchant, is_fraud, reported, scenario]
def row(ts, c, m, amt, ch, ip="", dev="", ua="", geo=None, jitter=0.0, fraud=0, scen=""):
    if geo is None: cc = cty = la = lo = ""
    else:
        cc, cty, la, lo = geo
        if jitter: la, lo = la + rnd.gauss(0, jitter), lo + rnd.gauss(0, jitter)
    r = [int(ts), c.id, amt, M[m]["cur"], ch, ip, dev, ua, la, lo, cc, cty, m, fraud, None, scen]
    ROWS.append(r); return r

def online_row(ts, c, m, amt, ch, ip, dev, ua, geo, jitter=0.0, fraud=0, scen="", bill=None):
    if not M[m]["dev"]:
        return row(ts, c, m, amt, ch, geo=(bill or c.home)[:2] + ("", "") if M[m]["bill"] else None, fraud=fraud, scen=scen)
    return row(ts, c, m, amt, ch, ip, dev, ua, geo, jitter, fraud, scen)

# ---------------------------------------------------------------- genuine behaviour
def session(c, d, loc, trip):
    hh = c.hh
    mobile = rnd.random() < (c.mob if not trip else .85) or (c.pc is None and not hh["shared"])
    if mobile:
        ph = [p for p in c.phones if p[0] <= d][-1]; dev, ua = ph[1], ph[2]
        carrier, v6ok = CARRIERS[hh["carrier"]]
        if trip: ip = trip[3] if rnd.random() < .4 else None
        else: ip = hh["ips"][d] if rnd.random() < .55 else None
        if ip is None:   # carrier CGNAT (home-routed when roaming: geolocates to home country)
            ip = rand_ip(hh["carrier"][0], "mob%d" % hh["carrier"][1], city(hh["carrier"][0], 0), True) if v6ok and rnd.random() < .3 else rnd.choice(carrier)
        if rnd.random() < c.geo_perm: return "mobile", ip, dev, ua, loc, .03
        return "mobile", ip, dev, ua, IPGEO[ip], 0
    if c.pc is None or (hh["shared"] and rnd.random() < .35): dev, ua = hh["shared"] or c.pc
    else: dev, ua = c.pc
    if c.cookie and rnd.random() < .3: dev = hexid()
    ip = trip[3] if trip else hh["ips"][d]
    if c.vpn and rnd.random() < c.vpn: ip = rnd.choice(c.vpn_ips)
    return "web", ip, dev, ua, IPGEO[ip], 0

def genuine():
    for c in CUSTS:
        forced = {}
        for t in c.trips:
            for _ in range(rnd.randrange(1, 3)):
                bd = t[0] - rnd.randrange(3, 40)
                if bd >= c.d0: forced.setdefault(bd, []).append("travel")
        for d in range(c.d0, c.d1):
            trip = trip_at(c, d); loc = trip[2] if trip else c.home
            cats = forced.get(d, []) + rnd.choices(CATS, c.catw, k=npr.poisson(c.rate * DOW[(d + 3) % 7] * (.7 if trip else 1)))
            sess, last = None, 0
            for cat in sorted(cats, key=lambda _: rnd.random()):
                local = CAT[cat][3]
                pos = cat in POS_P and rnd.random() < min(.95, POS_P[cat] * (1.6 if trip else 1) * (c.pos / .33))
                if local:
                    if trip or rnd.random() > c.loyal: m = pick_merchant(cat, loc[0])
                    else: m = rnd.choice(c.fav[cat])
                else:
                    m = rnd.choice(c.fav[cat]) if rnd.random() < c.loyal else pick_merchant(cat)
                if m is None: continue
                amt = amount_for(m, c.spend)
                if pos:
                    h = local_hour(c) if cat != "restaurants" else rnd.choice([rnd.gauss(12.8, .7), rnd.gauss(20, 1.2)])
                    ts = T0 + d * 86400 + (h % 24 - utc_off(loc[0], T0 + d * 86400)) * 3600
                    st = M[m]["loc"] if M[m]["cc"] == loc[0] and M[m]["loc"][1] == loc[1] else loc
                    row(ts, c, m, amt, "pos", geo=st, jitter=.02)
                    continue
                if sess and rnd.random() < .35: ts = last + rnd.randrange(60, 1500)
                else:
                    sess = session(c, d, loc, trip)
                    ts = T0 + d * 86400 + (local_hour(c) - utc_off(loc[0], T0 + d * 86400)) * 3600 + rnd.randrange(-1800, 1800)
                last = ts
                ch, ip, dev, ua, geo, jit = sess
                online_row(ts, c, m, amt, ch, ip, dev, ua, geo, jit)
        # subscriptions: merchant-initiated monthly charges, no device data
        for _ in range(npr.poisson(1.3)):
            m = pick_merchant("subscriptions"); dom = rnd.randrange(1, 29)
            start = c.d0 if rnd.random() < .9 else rnd.randrange(c.d0, c.d1)
            stop = c.d1 if rnd.random() < .92 else rnd.randrange(start, c.d1)
            first = True
            for mon in (1, 2, 3, 4):
                ts = calendar.timegm((2026, mon, dom, M[m]["batch_h"], rnd.randrange(60), rnd.randrange(60)))
                d = (ts - T0) // 86400
                if not (start <= d < stop) or ts >= T_END: continue
                if first and start > c.d0:  # fresh sign-up: customer-initiated with device
                    ts = T0 + start * 86400 + (local_hour(c) - utc_off(c.cc, ts)) * 3600
                    s = session(c, start, c.home, None); online_row(ts, c, m, M[m]["price"], s[0], *s[1:])
                else: row(ts, c, m, M[m]["price"], "web", geo=c.home[:2] + ("", "") if M[m]["bill"] else None)
                first = False
genuine()
N_GEN = len(ROWS)

# ---------------------------------------------------------------- fraud
def delay(last, p_never, lo=3, med=9):
    if rnd.random() < p_never: return None
    return last + int(min(60, lo + rnd.lognormvariate(math.log(med), .8)) * 86400) + rnd.randrange(-3600, 3600)

def episode(rows, p_never, **kw):
    if not rows: return
    rep = delay(max(r[0] for r in rows), p_never, **kw)
    for r in rows: r[14] = rep

def actor(cc=None, ndev=None):
    cc = cc or rnd.choice(FRAUD_CC)
    return dict(cc=cc, devs=[(hexid(), ua_fraud(rnd.random() < .2)) for _ in range(ndev or rnd.randrange(1, 4))],
                mode=rnd.choices(["foreign", "vpn", "proxy"], [.5, .25, .25])[0], ips=[])

def fraud_ip(a, victim):
    mode = a["mode"] if rnd.random() < .85 else rnd.choice(["foreign", "vpn", "proxy"])
    if mode == "vpn": ip = rnd.choice(VPN_POOL)
    elif mode == "proxy": g = city(victim.cc); ip = rand_ip(victim.cc, "bb", g)   # residential proxy in victim's country
    else:
        if a["ips"] and rnd.random() < .6: return rnd.choice(a["ips"])
        ip = rand_ip(a["cc"], rnd.choice(["bb", "dc"]), city(a["cc"])); a["ips"].append(ip)
    return ip

def chan(ua): return "mobile" if ("Android" in ua or "iPhone" in ua) else "web"

def fraud_time(a, d):  # fraudster's own working hours
    h = rnd.gauss(16, 4) % 24
    return T0 + d * 86400 + (h - utc_off(a["cc"], T0 + d * 86400)) * 3600

def cnp_spree(v, a, t, scen, cats, n, test_p, mult=1.0):
    out = []
    if rnd.random() < test_p:
        m = pick_merchant("digital_goods"); ip = fraud_ip(a, v); dev, ua = rnd.choice(a["devs"])
        out.append(online_row(t, v, m, round(rnd.uniform(.5, 3), 2), "web", ip, dev, ua, IPGEO[ip], fraud=1, scen=scen))
        t += rnd.randrange(300, 7200)
    for _ in range(n):
        m = pick_merchant(rnd.choice(cats)); ip = fraud_ip(a, v); dev, ua = rnd.choice(a["devs"])
        ch = chan(ua)
        amt = amount_for(m, mult * rnd.uniform(1.5, 4) if M[m]["cat"] in ("electronics", "travel", "digital_goods") else mult)
        if t < T_END: out.append(online_row(t, v, m, amt, ch, ip, dev, ua, IPGEO[ip], fraud=1, scen=scen))
        t += rnd.choice([rnd.randrange(120, 3600), rnd.randrange(3600, 86400)])
    return out

victim_w = [c.rate ** .3 for c in CUSTS]
def victims(k): return rnd.choices(CUSTS, victim_w, k=k)

# 1) stolen card details (phishing / infostealer): actors reuse devices across several victims
actors = [actor() for _ in range(18)]
for v in victims(110):
    a = rnd.choice(actors); d = rnd.randrange(2, DAYS - 1)
    episode(cnp_spree(v, a, fraud_time(a, d), "stolen_card", ["electronics", "electronics", "gift_cards", "gift_cards", "digital_goods", "marketplace"],
                      rnd.choice([1, 1, 2, 2, 3, 4, 5, 7]), .4), .13)

# 2) account takeover at a shop where the victim has an account: new device, victim-like merchant, big baskets
for v in victims(55):
    a = actor(ndev=1); a["mode"] = rnd.choices(["proxy", "vpn", "foreign"], [.6, .2, .2])[0]
    d = rnd.randrange(3, DAYS); shops = [m for k in ("marketplace", "electronics", "fashion", "home") for m in v.fav[k]]
    t = T0 + d * 86400 + (rnd.choice([rnd.uniform(0, 6), rnd.gauss(15, 4)]) - utc_off(v.cc, T0 + d * 86400)) * 3600
    out, dev, ua = [], *a["devs"][0]
    for _ in range(rnd.choice([1, 2, 2, 3, 4])):
        m = rnd.choice(shops); ip = fraud_ip(a, v)
        if t < T_END: out.append(online_row(t, v, m, amount_for(m, v.spend * rnd.uniform(2, 5)), chan(ua), ip, dev, ua, IPGEO[ip], fraud=1, scen="account_takeover"))
        t += rnd.randrange(300, 4 * 3600)
    episode(out, .12)

# 3) friendly fraud: customer disputes own genuine purchase (own device, own IP) -> always a chargeback
pool = {}
for r in ROWS[:N_GEN]:
    if M[r[12]]["cat"] in ("electronics", "fashion", "marketplace", "gift_cards", "digital_goods", "tickets") and r[2] > 20 and r[4] != "pos":
        pool.setdefault(r[1], []).append(r)
ff = rnd.sample(sorted(pool), 80)
for cid in ff:
    rs = pool[cid]
    for r in rnd.choices(rs, [x[2] for x in rs], k=rnd.choices([1, 2, 3], [.72, .2, .08])[0]):
        if r[13]: continue
        r[13], r[15] = 1, "friendly_fraud"; r[14] = delay(r[0], 0, lo=12, med=12)

# 4) botnet card-testing waves: tiny amounts at one merchant, many cards within hours; some cards cashed out later
for day, n in ((34, 210), (72, 140)):
    m = rnd.choice([i for i in IDX[("digital_goods", None)] if M[i]["dev"] and M[i]["pop"] < 3])
    M[m]["cat_note"] = "tested"; bot_devs = [hexid() for _ in range(40)]
    start = T0 + day * 86400 + rnd.randrange(0, 86400); bulk = start + rnd.randrange(4, 10) * 86400
    tested = rnd.sample(CUSTS, min(n, len(CUSTS)))
    for v in tested:
        cc = rnd.choice(list(CO)); ip = rand_ip(cc, "bb", city(cc))
        for _ in range(1 if rnd.random() < .85 else 2):
            amt = rnd.choice([.5, 1.0, 1.0, round(rnd.uniform(.1, 2.99), 2)])
            r = row(start + rnd.randrange(0, 3 * 3600), v, m, amt, "web", ip, rnd.choice(bot_devs) if rnd.random() < .5 else hexid(),
                    rnd.choice(UA_BOT), IPGEO[ip], fraud=1, scen="card_testing")
            u = rnd.random(); r[14] = bulk if u < .45 else (delay(r[0], 0) if u < .75 else None)
        if rnd.random() < .1:
            a = rnd.choice(actors); d = min(DAYS - 1, day + rnd.randrange(1, 7))
            episode(cnp_spree(v, a, fraud_time(a, d), "card_testing", ["electronics", "gift_cards"], rnd.randrange(1, 3), 0), .1)

# 5) compromised merchant (web-skimmer on a popular fashion shop): its customers see misuse weeks later
fashion = sorted(IDX[("fashion", None)], key=lambda i: -M[i]["pop"])
breached = next(i for i in fashion[1:] if M[i]["dev"])
b0, b1 = T0 + 12 * 86400, T0 + 40 * 86400
exposed = sorted({r[1] for r in ROWS[:N_GEN] if r[12] == breached and b0 <= r[0] < b1})
print("breached merchant ec-m%d, exposed customers %d" % (breached + 1, len(exposed)))
ring = [actor(cc, ndev=2) for cc in ("RO", "UA", "VN")]
for a in ring: a["mode"] = "foreign"
BYID = {c.id: c for c in CUSTS}
for cid in exposed:
    if rnd.random() > .15: continue   # only part of the dump is sold and used within the window
    v, a = BYID[cid], rnd.choice(ring)
    episode(cnp_spree(v, a, fraud_time(a, rnd.randrange(48, DAYS)), "merchant_breach", ["digital_goods", "gift_cards", "travel", "electronics"],
                      rnd.choice([1, 1, 2, 3]), .3), .18)

# 6) skimmed / cloned card used in physical shops abroad while the victim is at home
for v in victims(30):
    cc = (v.trips[0][2][0] if v.trips and rnd.random() < .5 else rnd.choice(["RO", "UA", "MA", "BR", "US", "TH", "ID", "TR", "GB", "GR"]))
    d = rnd.randrange(2, DAYS); g = city(cc); a = dict(cc=cc)
    t = fraud_time(a, d); out = []
    for _ in range(rnd.randrange(2, 6)):
        cat = rnd.choice(["department_store", "department_store", "groceries", "pharmacy", "restaurants"])
        m = pick_merchant(cat, cc)
        if t < T_END: out.append(row(t, v, m, amount_for(m, rnd.uniform(1.5, 5)), "pos", geo=g, jitter=.02, fraud=1, scen="card_skimming"))
        t += rnd.randrange(600, 3 * 3600)
    episode(out, .05, med=6)

# ---------------------------------------------------------------- write
ROWS = [r for r in ROWS if T0 <= r[0] < T_END]
ROWS.sort(key=lambda r: (r[0], r[1]))
ids = set()
with io.TextIOWrapper(gzip.GzipFile(ARGS.out, "wb", compresslevel=6, mtime=0), newline="") as f:  # byte-reproducible
    w = csv.writer(f, lineterminator="\n"); w.writerow(HEADER)
    for r in ROWS:
        while True:
            tid = "ec-t%012x" % rnd.getrandbits(48)
            if tid not in ids: ids.add(tid); break
        la = "" if r[8] == "" else "%.4f" % r[8]; lo = "" if r[9] == "" else "%.4f" % r[9]
        rep = fmt_ts(r[14]) if (r[13] and r[14]) else ""
        w.writerow([tid, r[1], fmt_ts(r[0]), "%.2f" % r[2], r[3], r[4], r[5], r[6], r[7], la, lo, r[10], r[11],
                    "ec-m%d" % (r[12] + 1), r[13], rep, r[15]])
nf = sum(r[13] for r in ROWS)
print("rows %d  fraud %d (%.3f%%)  customers %d  merchants %d" % (len(ROWS), nf, 100 * nf / len(ROWS), len({r[1] for r in ROWS}), len({r[12] for r in ROWS})))
sc = {}
for r in ROWS:
    if r[13]: s = sc.setdefault(r[15], [0, 0]); s[0] += 1; s[1] += r[14] is None
for k, (n, u) in sorted(sc.items()): print("  %-18s %5d  never reported %d" % (k, n, u))
