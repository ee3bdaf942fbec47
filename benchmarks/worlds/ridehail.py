"""ridehail: a ride-hailing and food-delivery super-app in Mexico and Colombia.

World
-----
"Andale" is a super-app for rides, food delivery and an in-app wallet, used in
Mexico (MXN) and Colombia (COP). Every row is one card or wallet payment taken by
the app: the fare of a completed ride (charged at drop-off; ``payee_id`` is the
driver's account ``drv-..``), a food order (``payee_id`` is the restaurant
``rst-..``), a tip added after the ride as a separate small payment to the same
driver, a wallet top-up (``andale-wallet-mx``/``-co``), a digital gift card
(``andale-giftcard-..``) or the monthly "Andale One" membership
(``andale-one-..``, server-initiated: channel ``recurring``, no IP/device).
The currency is the one of the country where the service is delivered, so a
Mexican travelling to Bogota pays in COP.

``lat``/``lon`` are only present where the app really has them: the pickup pin
of a ride and the delivery address of a food order.  Tips, top-ups, gift cards
and memberships carry no coordinates (tips keep the ride's city).  ``channel``
is ``mobile`` (the app), ``web`` (food ordered from a desktop/mobile browser) or
``recurring``.  Device ids look like Android ids (16 hex), iOS IDFVs
(upper-case UUID) or web cookies (``web-..``); user agents carry the app version,
which moves forward as customers install the fortnightly releases (with
per-customer lag; some never update), and the OS version.

Cities (local time, holidays and paydays per country): Ciudad de Mexico,
Guadalajara, Monterrey, Puebla, Queretaro, Cancun, Tijuana (US DST rules),
Merida; Bogota, Medellin, Cali, Barranquilla, Cartagena.  Each has an airport,
night-life, business and tourist districts and its own driver and restaurant
population.

Genuine behaviour
-----------------
* Segments: commuters (same home->office route on weekdays, preferred hours,
  sometimes the same driver), night-life riders (Friday/Saturday out at 22-23h,
  back home between 1 and 4 am from bar districts, late-night food, Sunday
  hangover lunch), homebodies who order dinner most evenings from a set of
  favourite restaurants, business travellers (early airport rides, flights
  between Mexico City, Guadalajara, Monterrey, Bogota and Medellin, rides from
  the destination airport, hotel wifi, room-service food, home carrier IPs
  while roaming abroad), foreign tourists (a few days in Cancun, Cartagena,
  Mexico City, Medellin... on a US/Spanish/Argentinian carrier or hotel wifi,
  then gone), occasional users, power users and honest-but-erratic customers
  (any hour, other cities, VPNs, borrowed phones).
* Rhythms in local time: rush-hour and weekend patterns, quincena paydays
  (15th and last day of the month) and the December aguinaldo/prima push food
  spending up, public holidays (MX and CO lists) stop commuting, Christmas /
  New-Year vacations move people to beach cities and home towns (by plane or
  by bus), New Year's Eve and rainy days (Bogota, Medellin) bring surge pricing.
* Tips: a per-customer propensity; tips arrive minutes to hours after the ride.
* Devices and networks: one phone per customer, new phones during the period
  (old one retired), lost phones after a night out, iOS re-installs that reset
  the IDFV, app and OS updates; households share a tablet for food orders and
  share the home IP; some order food from a browser at work; mobile traffic
  exits through carrier-grade NAT pools (a different address almost every
  session, a handful of /24s per carrier and city), home broadband addresses
  change every few weeks, a few customers always run a VPN/WARP.
* New customers sign up during the window (cold start); some churn.  Some
  customers top up the wallet with round amounts or buy gift cards at Christmas.

Fraud scenarios (``scenario`` column)
-------------------------------------
* ``stolen_card_new_account`` (easy): ride-resale crews register fresh
  accounts on one or a few Android emulators (NoxPlayer/LDPlayer models, old
  app versions), attach stolen cards and sell discounted rides to strangers:
  many rides a day, overlapping pickups all over the city, airport trips,
  residential-proxy, data-centre or crew mobile IPs.  Chargebacks arrive one by
  one 1-6 weeks later; the first one gets the emulator (and all its accounts)
  banned.
* ``ato_sim_swap`` (medium): the victim's number is ported, the attacker logs in
  on a new phone in another city (sometimes another country) and within hours
  buys gift cards, tops up the wallet, rides around and sends large "tips" to
  an accomplice driver.  The victim usually notices the dead SIM within a day
  or two; reported quickly.
* ``ato_phishing`` (hard, patient): a phished password; the attacker, often in
  the same city, warms up with a few ordinary rides and dinners over one or two
  weeks, then cashes out with gift cards, top-ups and expensive rides, and keeps
  using the account lightly until the victim spots it on a statement (or never).
* ``driver_collusion`` (medium): a crew of rider accounts on a couple of rooted
  phones pays inflated fake rides (GPS-spoofed long trips, night hours, the same
  pickup points) with stolen cards to one or two accomplice drivers who also
  carry genuine rides.  Chargebacks trickle in; the driver is deactivated at the
  first one.
* ``promo_abuse_ring`` (easy-medium): a device farm of identical cheap phones
  (device ids partly spoofed, one shared connection) creates waves of new
  accounts that each place one or two heavily discounted orders to a ghost
  kitchen and a few other restaurants, delivered to the same drop addresses.
  Found in bulk by an abuse sweep days later, some accounts never.
* ``friendly_fraud`` (hard, indistinguishable): a customer disputes a genuine
  ride or order (often a surge night ride, an airport trip or a large dinner)
  weeks later.
* ``wallet_cashout`` (medium/hard): stolen cards turned into money through
  wallet top-ups and gift cards, either on fresh accounts that burst round
  amounts and then drain the wallet as rides/tips to a mule driver, or through
  recruited mules who buy gift cards on their own phone, from home, with cards
  the crew gives them (their account is closed when caught).
* ``support_scam`` (hard): a fake "Andale support" caller talks the customer
  into buying gift cards / topping up "to verify the account"; the customer pays
  from their own phone, own network and place, and reports it days later.
* ``insider_bpo`` (hard, patient): an agent at the outsourced support centre
  quietly takes over dormant accounts and buys one or two gift cards per victim
  from a workstation browser on the call-centre network during shift hours,
  a victim every few days; caught when the first victim complains.

Labels: ``is_fraud`` on every attacker/mule/scam/disputed row;
``fraud_reported_at`` when the chargeback, complaint or sweep made it known
(partial and delayed, possibly after the window); once an attack is reported
the credential/ring is blocked and produces no later rows.
"""

import argparse
import bisect
import csv
import datetime as _dt
import gzip
import math
import random
import sys
import time
import uuid

DAY = 86400.0
HOUR = 3600.0
COP_PER_MXN = 215.0

# --------------------------------------------------------------------------- geography
# name: (country, lat, lon, radius_deg, tz, weight, airport, nightlife, business, tourist, bus)
CITIES = {
    "Ciudad de Mexico": ("MX", 19.4326, -99.1332, 0.095, -6, 38, (19.4361, -99.0719),
                         [(19.4144, -99.1650), (19.4110, -99.1733), (19.4270, -99.1677), (19.3487, -99.1622)],
                         [(19.4334, -99.1956), (19.3594, -99.2760), (19.4260, -99.1700)],
                         [(19.4342, -99.1386), (19.4205, -99.1818), (19.3500, -99.1620)], (19.4297, -99.1119)),
    "Guadalajara": ("MX", 20.6597, -103.3496, 0.07, -6, 12, (20.5218, -103.3112),
                    [(20.6736, -103.3706), (20.6720, -103.3680)],
                    [(20.6755, -103.3920), (20.7107, -103.4125)],
                    [(20.6767, -103.3475), (20.6408, -103.3119)], (20.6380, -103.3100)),
    "Monterrey": ("MX", 25.6866, -100.3161, 0.07, -6, 11, (25.7785, -100.1069),
                  [(25.6694, -100.3099)], [(25.6514, -100.3592), (25.6540, -100.3350)],
                  [(25.6702, -100.3093), (25.6783, -100.2840)], (25.6890, -100.3230)),
    "Puebla": ("MX", 19.0414, -98.2063, 0.045, -6, 5, (19.1581, -98.3714),
               [(19.0433, -98.1981)], [(19.0303, -98.2331)], [(19.0433, -98.1981)], (19.0700, -98.2080)),
    "Queretaro": ("MX", 20.5888, -100.3899, 0.045, -6, 4, (20.6173, -100.1856),
                  [(20.5930, -100.3920)], [(20.6050, -100.4050)], [(20.5930, -100.3920)], (20.5780, -100.3640)),
    "Cancun": ("MX", 21.1619, -86.8515, 0.04, -5, 3, (21.0365, -86.8771),
               [(21.1330, -86.7470)], [(21.1600, -86.8400)], [(21.1330, -86.7470), (21.0900, -86.7750)],
               (21.1600, -86.8270)),
    "Tijuana": ("MX", 32.5149, -117.0382, 0.05, "TJ", 4, (32.5411, -116.9700),
                [(32.5330, -117.0360)], [(32.5200, -117.0100)], [(32.5330, -117.0360)], (32.5150, -116.9650)),
    "Merida": ("MX", 20.9674, -89.5926, 0.045, -6, 3, (20.9370, -89.6577),
               [(20.9800, -89.6200)], [(21.0200, -89.6150)], [(20.9670, -89.6230)], (20.9650, -89.6180)),
    "Bogota": ("CO", 4.7110, -74.0721, 0.075, -5, 30, (4.7016, -74.1469),
               [(4.6670, -74.0530), (4.6486, -74.0628), (4.6958, -74.0306)],
               [(4.6760, -74.0480), (4.6150, -74.0700), (4.6530, -74.0570)],
               [(4.5981, -74.0760), (4.6050, -74.0560)], (4.6535, -74.1154)),
    "Medellin": ("CO", 6.2442, -75.5812, 0.05, -5, 12, (6.1645, -75.4231),
                 [(6.2086, -75.5670), (6.2453, -75.5967)], [(6.2000, -75.5740), (6.2080, -75.5690)],
                 [(6.2086, -75.5670), (6.2518, -75.5636)], (6.2790, -75.5710)),
    "Cali": ("CO", 3.4516, -76.5320, 0.05, -5, 6, (3.5432, -76.3816),
             [(3.4590, -76.5340)], [(3.4200, -76.5300)], [(3.4510, -76.5350)], (3.4640, -76.5210)),
    "Barranquilla": ("CO", 10.9685, -74.7813, 0.045, -5, 4, (10.8896, -74.7808),
                     [(11.0000, -74.8100)], [(11.0050, -74.8200)], [(10.9900, -74.7900)], (10.9120, -74.8050)),
    "Cartagena": ("CO", 10.3910, -75.4794, 0.035, -5, 3, (10.4424, -75.5130),
                  [(10.4220, -75.5470)], [(10.4000, -75.5550)], [(10.4236, -75.5510), (10.4090, -75.5520)],
                  (10.3900, -75.4700)),
}
BIG5 = ["Ciudad de Mexico", "Guadalajara", "Monterrey", "Bogota", "Medellin"]
BEACH = {"MX": ["Cancun", "Merida"], "CO": ["Cartagena", "Barranquilla"]}
TOURIST_CITIES = [("Cancun", 30), ("Ciudad de Mexico", 25), ("Cartagena", 20), ("Medellin", 15),
                  ("Bogota", 6), ("Guadalajara", 4)]

HOLIDAYS = {
    "MX": {"2025-01-01", "2025-02-03", "2025-03-17", "2025-04-17", "2025-04-18", "2025-05-01",
           "2025-09-16", "2025-11-17", "2025-12-12", "2025-12-25", "2026-01-01", "2026-02-02",
           "2026-03-16", "2026-04-02", "2026-04-03", "2026-05-01", "2026-09-16", "2026-11-16",
           "2026-12-12", "2026-12-25"},
    "CO": {"2025-01-01", "2025-01-06", "2025-03-24", "2025-04-17", "2025-04-18", "2025-05-01",
           "2025-06-02", "2025-06-23", "2025-06-30", "2025-07-20", "2025-08-07", "2025-08-18",
           "2025-10-13", "2025-11-03", "2025-11-17", "2025-12-08", "2025-12-25", "2026-01-01",
           "2026-01-12", "2026-03-23", "2026-04-02", "2026-04-03", "2026-05-01", "2026-05-18",
           "2026-06-08", "2026-06-15", "2026-06-29", "2026-07-20", "2026-08-07", "2026-08-17",
           "2026-10-12", "2026-11-02", "2026-11-16", "2026-12-08", "2026-12-25"},
}
RAIN_P = {"Bogota": 0.45, "Medellin": 0.40, "Cali": 0.30, "Barranquilla": 0.15, "Cartagena": 0.15,
          "Ciudad de Mexico": 0.10, "Guadalajara": 0.08, "Monterrey": 0.08, "Puebla": 0.10,
          "Queretaro": 0.06, "Cancun": 0.20, "Tijuana": 0.08, "Merida": 0.12}
PRICE = {"Cancun": 1.3, "Tijuana": 1.1, "Monterrey": 1.1, "Cartagena": 1.2}

# --------------------------------------------------------------------------- networks
MOBILE = {
    "MX": [("telcel", 62, ["187.190", "189.203", "201.175", "200.68", "187.252"]),
           ("attmx", 26, ["189.216", "189.217", "200.56", "187.184"]),
           ("movmx", 8, ["201.144", "187.144"]),
           ("altan", 4, ["177.248", "177.249"])],
    "CO": [("claro", 50, ["191.95", "191.156", "181.53", "186.114"]),
           ("movco", 24, ["181.132", "181.136", "190.84"]),
           ("tigo", 20, ["181.142", "191.102", "190.248"]),
           ("wom", 6, ["191.111", "179.1"])],
}
HOMEISP = {
    "MX": [("telmex", 50, ["187.188", "187.189", "189.137", "201.141", "189.146"]),
           ("totalplay", 20, ["187.210", "189.210", "201.103"]),
           ("izzi", 20, ["177.228", "177.229", "187.233"]),
           ("megacable", 10, ["187.244", "201.150"])],
    "CO": [("clarohogar", 40, ["186.29", "186.30", "181.49", "190.25"]),
           ("etb", 15, ["190.24", "190.27", "186.155"]),
           ("tigoune", 30, ["181.129", "190.70", "201.233"]),
           ("movhogar", 15, ["181.134", "190.85"])],
}
FOREIGN_MOBILE = {"US": ["172.56", "172.58", "107.77", "166.205", "174.192", "174.205"],
                  "ES": ["88.26", "83.44", "95.127"], "CA": ["184.151", "70.26"],
                  "AR": ["181.46", "190.191"], "GB": ["82.132", "92.40"]}
VPN = ["104.28", "146.70", "185.213", "89.187", "45.134", "193.176"]
DATACENTER = ["159.203", "138.197", "167.99", "51.222", "95.216", "20.115", "35.199", "172.105"]

# --------------------------------------------------------------------------- devices
ANDROID = [("SM-A155M", ["14", "15"], 12), ("SM-A145M", ["13", "14"], 10), ("SM-A256E", ["15"], 6),
           ("SM-A356E", ["14", "15"], 5), ("SM-S921B", ["15", "16"], 3), ("moto g54 5G", ["14", "15"], 7),
           ("moto g24", ["14"], 6), ("moto e13", ["13"], 5), ("23129RAA4G", ["14", "15"], 8),
           ("23108RN04Y", ["13", "14"], 6), ("CPH2591", ["14"], 3), ("RMX3834", ["13", "14"], 3),
           ("Pixel 8", ["15", "16"], 1), ("SM-A057M", ["14"], 6), ("SM-A546E", ["14", "15"], 4),
           ("2312DRAABG", ["14", "15"], 4)]
IOS = [("iPhone11,8", ["18.6.2", "18.7.1"], 4), ("iPhone12,1", ["18.7.1", "26.0.1", "26.1"], 8),
       ("iPhone13,2", ["18.7.1", "26.1"], 8), ("iPhone14,5", ["18.7.1", "26.1"], 10),
       ("iPhone14,7", ["26.0.1", "26.1"], 8), ("iPhone15,2", ["26.1"], 4), ("iPhone15,4", ["26.1"], 6),
       ("iPhone16,1", ["26.1"], 4), ("iPhone17,3", ["26.1"], 3)]
IOS_NEXT = {"26.0.1": "26.1", "26.1": "26.2", "18.6.2": "18.7.2", "18.7.1": "18.7.3"}
EMULATORS = [("SM-G977N", "9"), ("ASUS_Z01QD", "9"), ("sdk_gphone64_x86_64", "13"), ("SM-S908E", "12")]
FARM_PHONES = [("SM-A035M", "13"), ("moto e13", "13"), ("SM-A045M", "13")]
RELEASE0 = _dt.datetime(2024, 6, 5, tzinfo=_dt.timezone.utc).timestamp()
CHROME0 = _dt.datetime(2025, 10, 28, tzinfo=_dt.timezone.utc).timestamp()


def app_version(t):
    k = int((t - RELEASE0) // (14 * DAY))
    return "%d.%d.%d" % (7 + k // 26, k % 26, (k * 7) % 3)


def chrome_major(t):
    return max(120, 142 + int((t - CHROME0) // (28 * DAY)))


# --------------------------------------------------------------------------- helpers
def wpick(rng, items, wi=-1):
    tot = sum(x[wi] for x in items)
    r = rng.random() * tot
    for x in items:
        r -= x[wi]
        if r <= 0:
            return x
    return items[-1]


def km_between(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def jitter(rng, p, s):
    return (p[0] + rng.gauss(0, s), p[1] + rng.gauss(0, s))


def utcdt(t):
    return _dt.datetime.fromtimestamp(t, _dt.timezone.utc).replace(tzinfo=None)


def tz_offset(city, t):
    tz = CITIES[city][4]
    if tz != "TJ":
        return tz
    d = utcdt(t)
    y = d.year
    mar = _dt.datetime(y, 3, 8)
    mar += _dt.timedelta(days=(6 - mar.weekday()) % 7)          # 2nd Sunday of March
    nov = _dt.datetime(y, 11, 1)
    nov += _dt.timedelta(days=(6 - nov.weekday()) % 7)          # 1st Sunday of November
    return -7 if mar + _dt.timedelta(hours=10) <= d < nov + _dt.timedelta(hours=9) else -8


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def money(cc, mxn, rng=None):
    if cc == "MX":
        return round(max(mxn, 1.0), 2)
    return float(max(1000, int(round(mxn * COP_PER_MXN * 0.85 / 100.0)) * 100))


class World:
    def __init__(self, seed, n_customers, days, start):
        self.seed = seed
        self.rng = random.Random(seed)
        self.n = n_customers
        self.days = days
        self.t0 = _dt.datetime.strptime(start, "%Y-%m-%d").replace(tzinfo=_dt.timezone.utc).timestamp()
        self.t_end = self.t0 + days * DAY
        self.rows = []
        self.cust = []
        self.groups = {}     # group -> {"ban": customer whose account is closed at the first report}
        self._dcache = {}
        self._build_pools()

    # ------------------------------------------------------------------ pools
    def _build_pools(self):
        rng = self.rng
        scale = max(0.15, self.n / 5000.0)
        self.drivers, self.rests, self.cgnat, self.airport_net = {}, {}, {}, {}
        self.daily = {}
        for name, c in CITIES.items():
            cc = c[0]
            nd = int((60 + c[5] * 40) * scale) + 20
            self.drivers[name] = ["drv-%s-%07d" % (cc.lower(), rng.randrange(10 ** 7)) for _ in range(nd)]
            nr = int((30 + c[5] * 12) * scale) + 15
            self.rests[name] = ["rst-%s-%06d" % (cc.lower(), rng.randrange(10 ** 6)) for _ in range(nr)]
            for carrier, _, pref in MOBILE[cc]:
                self.cgnat[(carrier, name)] = ["%s.%d" % (rng.choice(pref), rng.randrange(256)) for _ in range(14)]
            isp = wpick(rng, HOMEISP[cc], 1)
            self.airport_net[name] = "%s.%d" % (rng.choice(isp[2]), rng.randrange(256))
            # rain days
            self.daily[name] = [rng.random() < RAIN_P[name] for _ in range(self.days + 3)]

    def city_sample(self, rng, city, spread=1.0):
        c = CITIES[city]
        return (c[1] + rng.gauss(0, c[3] * spread), c[2] + rng.gauss(0, c[3] * spread))

    def utc(self, city, day, hour):
        t = self.t0 + day * DAY + hour * HOUR
        return t - tz_offset(city, t) * HOUR

    def local(self, city, t):
        lt = t + tz_offset(city, t) * HOUR
        d = utcdt(lt)
        return d

    def day_info(self, cc, day):
        key = (cc, day)
        if key in self._dcache:
            return self._dcache[key]
        self._dcache[key] = v = self._day_info(cc, day)
        return v

    def _day_info(self, cc, day):
        d = utcdt(self.t0 + day * DAY)
        ds = d.strftime("%Y-%m-%d")
        hol = ds in HOLIDAYS[cc]
        last = (d + _dt.timedelta(days=1)).day == 1
        dom = d.day
        payday = dom in (15, 16) or last or dom == 1
        vac = (d.month == 12 and d.day >= 19) or (d.month == 1 and d.day <= 6)
        xmas_bonus = d.month == 12 and 15 <= d.day <= 24
        return d.weekday(), hol, payday, vac, xmas_bonus, d

    # ------------------------------------------------------------------ identifiers
    def new_device(self, rng, kind=None, ios_share=0.22):
        if kind is None:
            kind = "ios" if rng.random() < ios_share else "android"
        if kind == "ios":
            m = wpick(rng, IOS)
            return {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper(), "kind": "ios",
                    "model": m[0], "os": rng.choice(m[1]), "os_up": None, "lag": self.lag(rng)}
        if kind == "ipad":
            return {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper(), "kind": "ipad",
                    "model": rng.choice(["iPad13,18", "iPad12,1", "iPad14,1"]), "os": "18.7.1", "os_up": None,
                    "lag": self.lag(rng)}
        if kind == "web":
            return {"id": "web-%024x" % rng.getrandbits(96), "kind": "web",
                    "model": rng.choice(["win", "win", "mac", "android"]), "os": "", "os_up": None, "lag": 0}
        m = wpick(rng, ANDROID)
        return {"id": "%016x" % rng.getrandbits(64), "kind": "android", "model": m[0], "os": rng.choice(m[1]),
                "os_up": None, "lag": self.lag(rng)}

    def lag(self, rng):
        r = rng.random()
        if r < 0.55:
            return rng.uniform(0, 4) * DAY
        if r < 0.85:
            return rng.uniform(4, 20) * DAY
        return rng.uniform(20, 120) * DAY

    def ua(self, dev, t):
        k = dev["kind"]
        if k == "web":
            cm = chrome_major(t - dev.get("lag", 0))
            if dev["model"] == "mac":
                return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        "Version/26.1 Safari/605.1.15")
            if dev["model"] == "android":
                return ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/%d.0.0.0 Mobile Safari/537.36" % cm)
            return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/%d.0.0.0 Safari/537.36" % cm)
        ver = dev.get("fixed_ver") or app_version(t - dev["lag"])
        os_ = dev["os"]
        if dev["os_up"] and t >= dev["os_up"][0]:
            os_ = dev["os_up"][1]
        if k in ("ios", "ipad"):
            plat = "iPhone" if k == "ios" else "iPad"
            return "Andale/%s (%s; iOS %s; %s) Scale/3.00" % (ver, plat, os_, dev["model"])
        return "Andale/%s (Linux; Android %s; %s) okhttp/4.12.0" % (ver, os_, dev["model"])

    def cust_id(self, rng):
        return "cu-" + "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(10))

    def home_ip(self, rng, cc):
        isp = wpick(rng, HOMEISP[cc], 1)
        return "%s.%d.%d" % (rng.choice(isp[2]), rng.randrange(256), rng.randrange(1, 255)), isp

    # ------------------------------------------------------------------ rows
    def emit(self, t, cid, amount, cur, channel, ip, dev, lat, lon, cc, city, payee,
             fraud=0, scen="", group=None, rep=None):
        if t < self.t0 or t >= self.t_end or amount <= 0:
            return None
        if dev is not None:
            devid, ua = dev["id"], self.ua(dev, t)
        else:
            devid, ua = "", ""
        if lat is not None:
            lat, lon = round(lat, 5), round(lon, 5)
        row = [t, cid, amount, cur, channel, ip or "", devid, ua, lat, lon, cc, city or "", payee,
               fraud, rep, scen, group]
        self.rows.append(row)
        return row

    # ------------------------------------------------------------------ amounts
    def fare(self, rng, city, a, b, lt_hour, dow, day, airport=False, extra_surge=1.0):
        km = km_between(a, b) * 1.3 + 0.6
        h = lt_hour % 24
        rush = dow < 5 and (7 <= h < 9.5 or 17.5 <= h < 20.5)
        speed = 16 if rush else (34 if h < 5 or h >= 23 else 25)
        minutes = km / speed * 60 * rng.uniform(0.85, 1.35) + 2
        mxn = 11 + 4.3 * km + 1.5 * minutes + (35 if airport else 0)
        mult = 1.0
        if rush and rng.random() < 0.35:
            mult = rng.uniform(1.1, 1.7)
        elif (dow in (4, 5) and (h >= 22 or h < 4)) or (dow in (5, 6) and h < 4):
            if rng.random() < 0.5:
                mult = rng.uniform(1.2, 2.4)
        if 0 <= day < len(self.daily[city]) and self.daily[city][day] and rng.random() < 0.5:
            mult = max(mult, rng.uniform(1.2, 2.0))
        mult *= extra_surge
        mxn = max(38.0, mxn * mult * PRICE.get(city, 1.0))
        return mxn, minutes

    def food_amount(self, rng, mult=1.0):
        sub = math.exp(rng.gauss(math.log(200), 0.45)) * mult
        return sub * 1.1 + rng.choice([0, 15, 19, 25, 29, 39, 49])

    def tip_amount(self, rng, cc, fare_mxn):
        target = fare_mxn * rng.uniform(0.07, 0.2)
        if cc == "MX":
            opts = [10, 15, 20, 25, 30, 40, 50, 70, 100]
        else:
            opts = [1000, 2000, 3000, 5000, 10000, 20000]
            target *= COP_PER_MXN * 0.85
        return float(min(opts, key=lambda o: abs(o - target)))

    # ------------------------------------------------------------------ customers
    def make_customers(self):
        rng = self.rng
        segs = [("commuter", 25), ("nightlife", 11), ("homebody", 19), ("business", 7), ("tourist", 5),
                ("occasional", 20), ("power", 9), ("erratic", 4)]
        mx_cities = [(n, c[5]) for n, c in CITIES.items() if c[0] == "MX"]
        co_cities = [(n, c[5]) for n, c in CITIES.items() if c[0] == "CO"]
        households = []
        for i in range(self.n):
            crng = random.Random(self.seed * 1000003 + i * 7919 + 17)
            seg = wpick(crng, segs)[0]
            c = {"i": i, "rng": crng, "seg": seg, "id": self.cust_id(crng)}
            if seg == "tourist":
                c["origin"] = wpick(crng, [("US", 55), ("ES", 15), ("CA", 10), ("AR", 10), ("GB", 10)])[0]
                c["cc"] = c["origin"]
                c["city"] = None
            else:
                cc = "MX" if crng.random() < 0.58 else "CO"
                c["cc"] = cc
                c["city"] = wpick(crng, mx_cities if cc == "MX" else co_cities)[0]
                if seg == "business" and c["city"] not in BIG5:
                    c["city"] = crng.choice([x for x in BIG5 if CITIES[x][0] == cc])
                c["home"] = self.city_sample(crng, c["city"], 0.8)
                bz = CITIES[c["city"]][8]
                c["work"] = jitter(crng, crng.choice(bz), 0.01) if crng.random() < 0.7 else \
                    self.city_sample(crng, c["city"], 0.9)
                c["places"] = [self.city_sample(crng, c["city"], 1.0) for _ in range(crng.randint(2, 4))]
                c["bar"] = jitter(crng, crng.choice(CITIES[c["city"]][7]), 0.003)
                c["rests"] = crng.sample(self.rests[c["city"]], min(len(self.rests[c["city"]]), crng.randint(4, 22)))
                ip, isp = self.home_ip(crng, cc)
                c["home_ips"] = [(0, ip)]
                dd = crng.uniform(15, 70)
                while dd < self.days:
                    c["home_ips"].append((dd, "%s.%d.%d" % (crng.choice(isp[2]), crng.randrange(256),
                                                           crng.randrange(1, 255))))
                    dd += crng.uniform(15, 70)
                c["carrier"] = wpick(crng, MOBILE[cc], 1)[0]
                if seg in ("commuter", "business", "power") and crng.random() < 0.6:
                    c["work_ip"] = "%s.%d.%d" % (crng.choice(wpick(crng, HOMEISP[cc], 1)[2]), crng.randrange(256),
                                                 crng.randrange(1, 255))
                else:
                    c["work_ip"] = None
            c["act"] = math.exp(crng.gauss(0, 0.5))
            c["tipper"] = crng.choice([0, 0, 0.05, 0.15, 0.3, 0.5, 0.7])
            c["vpn"] = crng.uniform(0.3, 1.0) if crng.random() < (0.03 if seg != "erratic" else 0.3) else 0.0
            c["vpn_pref"] = crng.choice(VPN)
            c["web_p"] = crng.uniform(0.2, 0.8) if crng.random() < 0.08 else 0.0
            c["web"] = self.new_device(crng, "web") if c["web_p"] else None
            c["cg_pref"] = [crng.randrange(14) for _ in range(3)]
            ios_share = {"business": 0.5, "tourist": 0.7, "nightlife": 0.3}.get(seg, 0.2)
            dev = self.new_device(crng, ios_share=ios_share)
            if dev["kind"] == "ios" and crng.random() < 0.4 and dev["os"] in IOS_NEXT:
                dev["os_up"] = (self.t0 + crng.uniform(20, self.days) * DAY, IOS_NEXT[dev["os"]])
            phones = [(self.t0 - DAY, dev)]
            p_change = 0.09 * self.days / 100.0 + (0.05 if seg == "nightlife" else 0)
            if crng.random() < p_change:
                tc = self.t0 + crng.uniform(3, self.days - 1) * DAY
                nd = self.new_device(crng, ios_share=0.5 if dev["kind"] == "ios" else 0.15)
                if seg == "nightlife" and crng.random() < 0.5:
                    c["lost_phone_at"] = tc
                phones.append((tc, nd))
            if dev["kind"] == "ios" and crng.random() < 0.03:
                tc = self.t0 + crng.uniform(3, self.days - 1) * DAY
                nd = dict(dev)
                nd["id"] = str(uuid.UUID(int=crng.getrandbits(128), version=4)).upper()
                phones.append((tc, nd))
                phones.sort(key=lambda x: x[0])
            c["phones"] = phones
            c["phone_ts"] = [p[0] for p in phones]
            c["tablet"] = None
            c["borrow"] = []
            # lifecycle
            c["join"] = crng.uniform(1, self.days - 3) if crng.random() < 0.09 else 0.0
            c["churn"] = crng.uniform(c["join"] + 5, self.days) if crng.random() < 0.05 else self.days + 1
            c["sub_dom"] = crng.randint(1, 28) if crng.random() < 0.13 and seg != "tourist" else None
            c["topup_rate"] = crng.uniform(0.03, 0.12) if crng.random() < 0.12 and seg != "tourist" else 0.0
            c["giftcard_xmas"] = crng.random() < 0.08 and seg != "tourist"
            c["am"] = crng.gauss(7.7, 0.6)
            c["pm"] = crng.gauss(18.6, 0.8)
            c["dinner"] = crng.gauss(20.4, 0.8)
            c["last_ctx"] = (None, -1e18, None)
            c["last_driver"] = None
            c["last_end"] = -1e18
            c["trips"] = []
            c["banned_at"] = None
            self.cust.append(c)
            if seg not in ("tourist", "business") and crng.random() < 0.14:
                households.append(c)
        # households: pair customers of the same city, share home, home IP and perhaps a tablet
        by_city = {}
        for c in households:
            by_city.setdefault(c["city"], []).append(c)
        for city, lst in by_city.items():
            for j in range(0, len(lst) - 1, 2):
                a, b = lst[j], lst[j + 1]
                b["home"] = a["home"]
                b["home_ips"] = a["home_ips"]
                b["rests"] = a["rests"][: max(3, len(a["rests"]) // 2)] + b["rests"][:5]
                if a["rng"].random() < 0.5:
                    tab = self.new_device(a["rng"], "ipad" if a["rng"].random() < 0.5 else "android")
                    if tab["kind"] == "android":
                        tab["model"] = "SM-X110"
                    a["tablet"] = b["tablet"] = tab
                a["borrow"].append(b)
                b["borrow"].append(a)

    # ------------------------------------------------------------------ per-customer context
    def phone_at(self, c, t):
        k = bisect.bisect_right(c["phone_ts"], t) - 1
        return c["phones"][max(0, k)][1]

    def home_ip_at(self, c, t):
        d = (t - self.t0) / DAY
        ip = c["home_ips"][0][1]
        for dd, x in c["home_ips"]:
            if dd <= d:
                ip = x
        return ip

    def mobile_ip(self, c, rng, city):
        if c["cc"] not in ("MX", "CO"):
            pref = FOREIGN_MOBILE[c["cc"]]
            return "%s.%d.%d" % (pref[c["i"] % len(pref)], rng.randrange(256), rng.randrange(1, 255))
        home_city = c["city"]
        # roaming abroad: home-routed, the address stays in the home carrier's pool
        if CITIES[city][0] != c["cc"]:
            city = home_city
        pool = self.cgnat[(c["carrier"], city)]
        blk = pool[c["cg_pref"][rng.randrange(3)]] if rng.random() < 0.6 else rng.choice(pool)
        return "%s.%d" % (blk, rng.randrange(1, 255))

    def ip_for(self, c, rng, t, ctx, city, trip=None):
        last = c["last_ctx"]
        if last[0] == ctx and t - last[1] < 40 * 60:
            c["last_ctx"] = (ctx, t, last[2])
            return last[2]
        if c["vpn"] and rng.random() < c["vpn"]:
            ip = "%s.%d.%d" % (c["vpn_pref"], rng.randrange(256), rng.randrange(1, 255))
        elif ctx == "home" and c.get("home_ips"):
            ip = self.home_ip_at(c, t) if rng.random() < 0.75 else self.mobile_ip(c, rng, city)
        elif ctx == "work" and c.get("work_ip"):
            ip = c["work_ip"] if rng.random() < 0.6 else self.mobile_ip(c, rng, city)
        elif ctx == "hotel" and trip is not None:
            ip = trip["hotel_ip"] if rng.random() < 0.6 else self.mobile_ip(c, rng, city)
        elif ctx == "airport":
            ip = "%s.%d" % (self.airport_net[city], rng.randrange(1, 255)) if rng.random() < 0.25 \
                else self.mobile_ip(c, rng, city)
        else:
            ip = self.mobile_ip(c, rng, city)
        c["last_ctx"] = (ctx, t, ip)
        return ip

    def device_for(self, c, rng, t, kind, ctx):
        if kind == "food":
            if c["web"] is not None and ctx in ("home", "work") and rng.random() < c["web_p"]:
                return c["web"], "web"
            if c["tablet"] is not None and ctx == "home" and rng.random() < 0.5:
                return c["tablet"], "mobile"
        if c["borrow"] and rng.random() < 0.02:
            o = c["borrow"][0]
            return self.phone_at(o, t), "mobile"
        return self.phone_at(c, t), "mobile"

    # ------------------------------------------------------------------ genuine events
    def g_ride(self, c, day, hour, city, a, b, ctx, airport=False, trip=None, dev_ctx=None):
        rng = c["rng"]
        a = jitter(rng, a, 0.00012)   # GPS noise on the pickup pin
        t_req = self.utc(city, day, hour)
        if t_req < self.t0 + c["join"] * DAY or t_req >= self.t0 + c["churn"] * DAY:
            return None
        if t_req < c["last_end"] + 300:
            t_req = c["last_end"] + rng.uniform(300, 1800)
        cc = CITIES[city][0]
        dow = self.local(city, t_req).weekday()
        lh = (t_req - (self.t0 + day * DAY - tz_offset(city, t_req) * HOUR)) / HOUR
        nye = self.local(city, t_req).strftime("%m-%d") in ("12-31", "01-01") and (lh % 24 >= 22 or lh % 24 < 4)
        mxn, minutes = self.fare(rng, city, a, b, lh, dow, day, airport, 2.0 if nye else 1.0)
        t = t_req + rng.uniform(3, 11) * 60 + minutes * 60
        c["last_end"] = t
        dev, ch = self.device_for(c, rng, t_req, "ride", ctx)
        ip = self.ip_for(c, rng, t_req, ctx, city, trip)
        if c["last_driver"] and c["seg"] == "commuter" and rng.random() < 0.05:
            drv = c["last_driver"]
        else:
            drv = rng.choice(self.drivers[city])
        c["last_driver"] = drv
        row = self.emit(t, c["id"], money(cc, mxn), "MXN" if cc == "MX" else "COP", ch, ip, dev,
                        a[0], a[1], cc, city, drv)
        if row is not None and c["tipper"] and rng.random() < c["tipper"]:
            tt = t + (rng.uniform(2, 50) * 60 if rng.random() < 0.75 else rng.uniform(1, 20) * HOUR)
            ctx2 = ctx if tt - t < 3600 else ("home" if city == c.get("city") else "mobile")
            self.emit(tt, c["id"], self.tip_amount(rng, cc, mxn), row[3], "mobile",
                      self.ip_for(c, rng, tt, ctx2, city, trip), self.phone_at(c, tt), None, None, cc, city, drv)
        return row

    def g_food(self, c, day, hour, city, place, ctx, mult=1.0, trip=None):
        rng = c["rng"]
        t = self.utc(city, day, hour)
        if t < self.t0 + c["join"] * DAY or t >= self.t0 + c["churn"] * DAY:
            return None
        cc = CITIES[city][0]
        dev, ch = self.device_for(c, rng, t, "food", ctx)
        ip = self.ip_for(c, rng, t, ctx, city, trip)
        if city == c.get("city") and rng.random() < 0.78:
            r = c["rests"][min(len(c["rests"]) - 1, int(rng.expovariate(0.35)))]
        else:
            r = rng.choice(self.rests[city])
        p = jitter(rng, place, 0.0002)
        return self.emit(t, c["id"], money(cc, self.food_amount(rng, mult)), "MXN" if cc == "MX" else "COP",
                         ch, ip, dev, p[0], p[1], cc, city, r)

    def g_wallet(self, c, day, hour, payee_kind, amounts_mx, amounts_co):
        rng = c["rng"]
        city = c["city"]
        t = self.utc(city, day, hour)
        if t < self.t0 + c["join"] * DAY or t >= self.t0 + c["churn"] * DAY:
            return None
        cc = c["cc"]
        amt = float(rng.choice(amounts_mx if cc == "MX" else amounts_co))
        ctx = "home" if rng.random() < 0.6 else "mobile"
        return self.emit(t, c["id"], amt, "MXN" if cc == "MX" else "COP", "mobile",
                         self.ip_for(c, rng, t, ctx, city), self.phone_at(c, t), None, None, cc, "",
                         "andale-%s-%s" % (payee_kind, cc.lower()))

    def plan_trips(self, c):
        rng = c["rng"]
        seg = c["seg"]
        trips = []
        if seg == "tourist":
            city = wpick(rng, TOURIST_CITIES, 1)[0]
            d0 = rng.uniform(-3, self.days - 2)
            n = rng.randint(3, 10)
            trips.append({"city": city, "d0": d0, "d1": d0 + n, "mode": "fly", "from": None})
            if rng.random() < 0.25:
                nxt = wpick(rng, [x for x in TOURIST_CITIES if x[0] != city], 1)[0]
                trips[-1]["next"] = nxt
            return trips
        home = c["city"]
        cc = c["cc"]
        if seg == "business":
            d = rng.uniform(0, 14)
            while d < self.days:
                if rng.random() < 0.25:
                    dest = rng.choice([x for x in BIG5 if CITIES[x][0] != cc])
                else:
                    dest = rng.choice([x for x in BIG5 if x != home and CITIES[x][0] == cc] or
                                      [x for x in CITIES if x != home and CITIES[x][0] == cc])
                n = rng.choice([1, 1, 2, 2, 3, 4])
                trips.append({"city": dest, "d0": math.floor(d), "d1": math.floor(d) + n, "mode": "fly",
                              "from": home, "biz": True})
                d += n + rng.expovariate(1 / 14.0) + 3
        else:
            p = 0.16 * self.days / 100.0 + (0.1 if seg == "erratic" else 0)
            if rng.random() < p:
                dec = [d for d in range(self.days) if self.day_info(cc, d)[3]]
                d0 = rng.choice(dec) if dec and rng.random() < 0.6 else rng.randrange(max(1, self.days - 3))
                r = rng.random()
                if r < 0.45:
                    dest = rng.choice(BEACH[cc])
                elif r < 0.85:
                    dest = rng.choice([x for x in CITIES if CITIES[x][0] == cc and x != home])
                else:
                    dest = rng.choice([x for x in BIG5 if CITIES[x][0] != cc])
                if dest == home:
                    dest = rng.choice([x for x in CITIES if x != home])
                km = km_between(CITIES[home][1:3], CITIES[dest][1:3])
                mode = "fly" if km > 450 or rng.random() < 0.3 else "bus"
                n = rng.randint(3, 9)
                trips.append({"city": dest, "d0": d0, "d1": d0 + n, "mode": mode, "from": home})
        return trips

    def run_trip(self, c, trip):
        rng = c["rng"]
        dest = trip["city"]
        cd = CITIES[dest]
        trip["hotel"] = jitter(rng, rng.choice(cd[9] + cd[8]) if not trip.get("biz") else rng.choice(cd[8]), 0.004)
        trip["hotel_ip"] = "%s.%d.%d" % (rng.choice(wpick(rng, HOMEISP[cd[0]], 1)[2]), rng.randrange(256),
                                         rng.randrange(1, 255))
        home = trip["from"]
        d0, d1 = int(math.floor(trip["d0"])), int(math.floor(trip["d1"]))
        # outbound
        if home is not None:
            hcity = CITIES[home]
            dep_h = rng.uniform(5.0, 9.0) if trip.get("biz") else rng.uniform(6.0, 17.0)
            if trip["mode"] == "fly":
                r = self.g_ride(c, d0, dep_h, home, jitter(rng, c["home"], 0.0003), hcity[6], "home", True)
                km = km_between(hcity[6], cd[6])
                t_leave = (r[0] if r else self.utc(home, d0, dep_h + 1)) + rng.uniform(1.5, 3.0) * HOUR
                t_arr = t_leave + (0.6 + km / 780.0) * HOUR + rng.uniform(0.4, 1.0) * HOUR
                arr_pt = cd[6]
            else:
                km = km_between(hcity[1:3], cd[1:3])
                t_arr = self.utc(home, d0, dep_h) + (km / 65.0 + 0.5) * HOUR
                arr_pt = cd[10]
            c["last_end"] = max(c["last_end"], t_arr - 1200)
            lh = (t_arr - self.t0) / HOUR - d0 * 24 + tz_offset(dest, t_arr)
            self.g_ride(c, d0, lh, dest, jitter(rng, arr_pt, 0.001), trip["hotel"],
                        "airport" if trip["mode"] == "fly" else "mobile", True, trip)
        else:
            if trip.get("arrive_t"):
                lh = (trip["arrive_t"] - self.t0) / HOUR - d0 * 24 + tz_offset(dest, trip["arrive_t"])
            else:
                lh = rng.uniform(9, 23)
            self.g_ride(c, d0, lh, dest, jitter(rng, cd[6], 0.001), trip["hotel"], "airport", True, trip)
        # stay
        for d in range(d0 + 1, d1):
            if trip.get("biz"):
                h = rng.uniform(7.8, 9.5)
                meet = jitter(rng, rng.choice(cd[8]), 0.004)
                self.g_ride(c, d, h, dest, trip["hotel"], meet, "hotel", False, trip)
                for _ in range(poisson(rng, 0.8)):
                    m2 = jitter(rng, rng.choice(cd[8]), 0.006)
                    self.g_ride(c, d, rng.uniform(11, 17), dest, meet, m2, "mobile", False, trip)
                    meet = m2
                self.g_ride(c, d, rng.uniform(17.5, 20), dest, meet, trip["hotel"], "mobile", False, trip)
                if rng.random() < 0.4:
                    self.g_food(c, d, rng.uniform(20, 22.5), dest, trip["hotel"], "hotel", 1.3, trip)
                elif rng.random() < 0.35:
                    bar = jitter(rng, rng.choice(cd[7]), 0.002)
                    self.g_ride(c, d, rng.uniform(20, 21.5), dest, trip["hotel"], bar, "hotel", False, trip)
                    self.g_ride(c, d, rng.uniform(23, 25), dest, bar, trip["hotel"], "mobile", False, trip)
            else:
                for _ in range(poisson(rng, 1.6)):
                    spot = jitter(rng, rng.choice(cd[9] + cd[7]), 0.003)
                    h = rng.uniform(10, 19)
                    self.g_ride(c, d, h, dest, trip["hotel"], spot, "hotel", False, trip)
                    if rng.random() < 0.7:
                        self.g_ride(c, d, h + rng.uniform(1.5, 5), dest, spot, trip["hotel"], "mobile", False, trip)
                if rng.random() < 0.3:
                    bar = jitter(rng, rng.choice(cd[7]), 0.002)
                    self.g_ride(c, d, rng.uniform(21, 23.5), dest, trip["hotel"], bar, "hotel", False, trip)
                    self.g_ride(c, d, rng.uniform(24.5, 27), dest, bar, trip["hotel"], "mobile", False, trip)
                if rng.random() < 0.25:
                    self.g_food(c, d, rng.uniform(13, 22), dest, trip["hotel"], "hotel", 1.1, trip)
        # onward city for tourists
        if trip.get("next"):
            nxt = trip["next"]
            h = rng.uniform(7, 14)
            r = self.g_ride(c, d1, h, dest, trip["hotel"], cd[6], "hotel", True, trip)
            km = km_between(cd[6], CITIES[nxt][6])
            t2 = (r[0] if r else self.utc(dest, d1, h + 1)) + rng.uniform(1.5, 3) * HOUR + \
                (0.6 + km / 780.0) * HOUR + rng.uniform(0.4, 1.0) * HOUR
            d2 = int((t2 + tz_offset(nxt, t2) * HOUR - self.t0) // DAY)
            sub = {"city": nxt, "d0": d2, "d1": d2 + rng.randint(2, 5), "mode": "fly", "from": None,
                   "arrive_t": t2}
            c["last_end"] = max(c["last_end"], t2 - 1500)
            self.run_trip(c, sub)
            return
        # return
        h = rng.uniform(8, 19)
        if home is None:
            self.g_ride(c, d1, h, dest, trip["hotel"], cd[6], "hotel", True, trip)
            return
        hcity = CITIES[home]
        if trip["mode"] == "fly":
            r = self.g_ride(c, d1, h, dest, trip["hotel"], cd[6], "hotel", True, trip)
            km = km_between(hcity[6], cd[6])
            t_back = (r[0] if r else self.utc(dest, d1, h + 1)) + rng.uniform(1.5, 3) * HOUR + \
                (0.6 + km / 780.0) * HOUR + rng.uniform(0.4, 1.0) * HOUR
            c["last_end"] = max(c["last_end"], t_back - 1200)
            if rng.random() < 0.8:
                lh = (t_back - self.t0) / HOUR - d1 * 24 + tz_offset(home, t_back)
                self.g_ride(c, d1, lh, home, jitter(rng, hcity[6], 0.001), c["home"], "airport", True)
        else:
            km = km_between(hcity[1:3], cd[1:3])
            c["last_end"] = max(c["last_end"], self.utc(dest, d1, h) + (km / 65.0 + 0.5) * HOUR)
            if rng.random() < 0.5:
                lh = h + km / 65.0 + 0.7
                self.g_ride(c, d1, lh, home, jitter(rng, hcity[10], 0.001), c["home"], "mobile")

    def genuine(self, c):
        rng = c["rng"]
        seg = c["seg"]
        trips = self.plan_trips(c)
        c["trips"] = trips
        busy = set()
        for tr in trips:
            for d in range(int(math.floor(tr["d0"])), int(math.floor(tr["d1"])) + 1):
                busy.add(d)
        if seg == "tourist":
            for tr in trips:
                self.run_trip(c, tr)
            return
        home_city = c["city"]
        cc = c["cc"]
        trip_i = 0
        act = c["act"]
        cd = CITIES[home_city]
        for d in range(-1, self.days):
            while trip_i < len(trips) and int(math.floor(trips[trip_i]["d0"])) <= d:
                self.run_trip(c, trips[trip_i])
                trip_i += 1
            if d in busy:
                continue
            dow, hol, payday, vac, xmas, date = self.day_info(cc, d)
            wkday = dow < 5 and not hol
            fmult = 1.25 if payday or xmas else 1.0
            fboost = 1.35 if payday or xmas else 1.0
            if hol:
                fboost *= 1.2
            lost = c.get("lost_phone_at")
            if lost and lost - 0.2 * DAY < self.t0 + d * DAY < lost + rng.uniform(1, 3) * DAY:
                continue  # no phone for a day or two
            home = c["home"]
            if seg == "commuter":
                if wkday and rng.random() < min(0.9, 0.32 * act * (0.45 if vac else 1.0)):
                    p = jitter(rng, home, 0.0002)
                    self.g_ride(c, d, rng.gauss(c["am"], 0.25), home_city, p, c["work"], "home")
                    if rng.random() < 0.78:
                        self.g_ride(c, d, rng.gauss(c["pm"], 0.45), home_city, jitter(rng, c["work"], 0.0003),
                                    home, "work")
                elif not wkday and rng.random() < 0.22 * act:
                    pl = rng.choice(c["places"])
                    h = rng.uniform(11, 20)
                    self.g_ride(c, d, h, home_city, home, pl, "home")
                    if rng.random() < 0.5:
                        self.g_ride(c, d, h + rng.uniform(1, 4), home_city, pl, home, "mobile")
                if rng.random() < 0.1 * act * fboost:
                    self.g_food(c, d, rng.gauss(c["dinner"], 0.6), home_city, home, "home", fmult)
                if wkday and rng.random() < 0.04 * act:
                    self.g_food(c, d, rng.uniform(13, 15.5), home_city, c["work"], "work")
            elif seg == "nightlife":
                night = dow in (4, 5) or (dow == 3 and rng.random() < 0.3) or \
                    (hol and rng.random() < 0.5) or date.strftime("%m-%d") == "12-31"
                if night and rng.random() < min(0.95, 0.5 * act):
                    bar = jitter(rng, c["bar"] if rng.random() < 0.6 else rng.choice(cd[7]), 0.002)
                    if rng.random() < 0.6:
                        self.g_ride(c, d, rng.uniform(21.3, 23.8), home_city, home, bar, "home")
                    if rng.random() < 0.88:
                        # the trip home; sometimes from a friend's place, sometimes ordered for a friend
                        src = bar if rng.random() < 0.8 else self.city_sample(rng, home_city, 0.7)
                        dst = home if rng.random() < 0.85 else self.city_sample(rng, home_city, 0.8)
                        self.g_ride(c, d, rng.uniform(24.6, 28.5), home_city, src, dst, "mobile")
                elif rng.random() < 0.14 * act:
                    h = rng.uniform(9, 21)
                    pl = rng.choice(c["places"])
                    self.g_ride(c, d, h, home_city, home, pl, "home")
                if rng.random() < 0.08 * act * fboost:
                    self.g_food(c, d, rng.uniform(21.5, 25.5), home_city, home, "home", fmult)
                if dow in (5, 6) and rng.random() < 0.25 * act:
                    self.g_food(c, d, rng.uniform(12.5, 16), home_city, home, "home", 1.1)
            elif seg == "homebody":
                if rng.random() < min(0.9, 0.26 * act * fboost):
                    self.g_food(c, d, rng.gauss(c["dinner"], 0.7), home_city, home, "home", fmult)
                if dow >= 5 and rng.random() < 0.25 * act:
                    self.g_food(c, d, rng.uniform(12.5, 16), home_city, home, "home", fmult * 1.2)
                if rng.random() < 0.04 * act:
                    pl = rng.choice(c["places"])
                    self.g_ride(c, d, rng.uniform(10, 20), home_city, home, pl, "home")
            elif seg == "business":
                if wkday and rng.random() < min(0.9, 0.35 * act):
                    p = jitter(rng, home, 0.0002)
                    self.g_ride(c, d, rng.gauss(c["am"], 0.4), home_city, p, c["work"], "home")
                    if rng.random() < 0.5:
                        m = jitter(rng, rng.choice(cd[8]), 0.005)
                        self.g_ride(c, d, rng.uniform(12, 16), home_city, c["work"], m, "work")
                    if rng.random() < 0.7:
                        self.g_ride(c, d, rng.gauss(c["pm"] + 0.8, 0.6), home_city, jitter(rng, c["work"], 0.0003),
                                    home, "work")
                if rng.random() < 0.1 * act * fboost:
                    self.g_food(c, d, rng.gauss(c["dinner"], 0.7), home_city, home, "home", fmult * 1.2)
                if not wkday and rng.random() < 0.2 * act:
                    pl = rng.choice(c["places"] + cd[7])
                    self.g_ride(c, d, rng.uniform(12, 22), home_city, home, pl, "home")
            elif seg == "occasional":
                if rng.random() < 0.07 * act:
                    pl = rng.choice(c["places"])
                    h = rng.uniform(8, 22)
                    self.g_ride(c, d, h, home_city, home, pl, "home")
                    if rng.random() < 0.4:
                        self.g_ride(c, d, h + rng.uniform(1, 4), home_city, pl, home, "mobile")
                if rng.random() < 0.06 * act * fboost:
                    self.g_food(c, d, rng.uniform(12, 22.5), home_city, home, "home", fmult)
            elif seg == "power":
                for _ in range(poisson(rng, 0.6 * act * (0.7 if hol else 1.0))):
                    h = rng.uniform(7, 23)
                    a = home if rng.random() < 0.4 else rng.choice(c["places"] + [c["work"]])
                    b = rng.choice(c["places"] + [c["work"], home])
                    if km_between(a, b) < 0.5:
                        b = self.city_sample(rng, home_city, 0.6)
                    self.g_ride(c, d, h, home_city, jitter(rng, a, 0.0003), b, "home" if a is home else "mobile")
                if rng.random() < 0.3 * act * fboost:
                    self.g_food(c, d, rng.uniform(13, 23), home_city, home if rng.random() < 0.7 else c["work"],
                                "home", fmult)
                if dow in (4, 5) and rng.random() < 0.2 * act:
                    bar = jitter(rng, rng.choice(cd[7]), 0.002)
                    self.g_ride(c, d, rng.uniform(24.5, 27.5), home_city, bar, home, "mobile")
            else:  # erratic but honest
                for _ in range(poisson(rng, 0.35 * act)):
                    h = rng.uniform(0, 24)
                    a = self.city_sample(rng, home_city, 1.2) if rng.random() < 0.5 else home
                    b = self.city_sample(rng, home_city, 1.2)
                    self.g_ride(c, d, h, home_city, a, b, "mobile")
                if rng.random() < 0.25 * act:
                    self.g_food(c, d, rng.uniform(0, 24), home_city,
                                home if rng.random() < 0.6 else self.city_sample(rng, home_city, 1.0),
                                "home", fmult * rng.uniform(0.6, 2.5))
            # wallet, gift cards, membership
            if c["topup_rate"] and rng.random() < c["topup_rate"] * (1.6 if payday else 1.0):
                self.g_wallet(c, d, rng.uniform(8, 22), "wallet", [100, 200, 200, 300, 500],
                              [20000, 30000, 50000, 50000, 100000])
            if c["giftcard_xmas"] and xmas and rng.random() < 0.12:
                self.g_wallet(c, d, rng.uniform(10, 23), "giftcard", [200, 300, 500], [50000, 100000])
            if c["sub_dom"] and date.day == c["sub_dom"]:
                t = self.utc(home_city, d, rng.uniform(9.5, 11.5))
                if self.t0 + c["join"] * DAY <= t < self.t0 + c["churn"] * DAY:
                    self.emit(t, c["id"], 99.0 if cc == "MX" else 19900.0, "MXN" if cc == "MX" else "COP",
                              "recurring", None, None, None, None, cc, "", "andale-one-%s" % cc.lower())

    # ------------------------------------------------------------------ fraud helpers
    def frng(self, tag):
        return random.Random("%d-%s" % (self.seed, tag))

    def count(self, rng, rate_per_1000, floor=0):
        lam = rate_per_1000 * self.n / 1000.0 * self.days / 100.0
        k = int(lam) + (1 if rng.random() < lam - int(lam) else 0)
        return max(floor, k)

    def fcur(self, cc):
        return "MXN" if cc == "MX" else "COP"

    def proxy_ip(self, rng, cc, mode, carrier_city=None):
        if mode == "dc":
            return "%s.%d.%d" % (rng.choice(DATACENTER), rng.randrange(256), rng.randrange(1, 255))
        if mode == "resi":
            return self.home_ip(rng, cc)[0]
        carrier = carrier_city[0]
        blk = rng.choice(self.cgnat[(carrier, carrier_city[1])])
        return "%s.%d" % (blk, rng.randrange(1, 255))

    def pick_victims(self, rng, k, pred=None):
        pool = [c for c in self.cust if c["seg"] != "tourist" and c.get("fraud_role") is None
                and (pred is None or pred(c))]
        rng.shuffle(pool)
        out = pool[:k]
        return out

    def ride_row(self, rng, cid, t, city, a, b, dev, ip, payee, scen, group, airport=False, fare_mult=1.0):
        cc = CITIES[city][0]
        lt = self.local(city, t)
        day = int((t - self.t0) // DAY)
        mxn, minutes = self.fare(rng, city, a, b, lt.hour + lt.minute / 60.0, lt.weekday(), day, airport)
        return self.emit(t + minutes * 60, cid, money(cc, mxn * fare_mult), self.fcur(cc), "mobile", ip, dev,
                         a[0], a[1], cc, city, payee, 1, scen, group)

    # ------------------------------------------------------------------ fraud scenarios
    def f_stolen_card_new_account(self):
        rng = self.frng("scna")
        cities = [("Ciudad de Mexico", 40), ("Bogota", 30), ("Monterrey", 10), ("Guadalajara", 10), ("Medellin", 10)]
        for k in range(self.count(rng, 0.7)):
            city = wpick(rng, cities)[0]
            cc = CITIES[city][0]
            cd = CITIES[city]
            g = "scna-%d" % k
            mode = wpick(rng, [("resi", 50), ("dc", 25), ("mob", 25)])[0]
            carrier = (wpick(rng, MOBILE[cc], 1)[0], city)
            start = rng.uniform(0, self.days - 4)
            for e in range(rng.randint(1, 3)):
                em = rng.choice(EMULATORS)
                dev = {"id": "%016x" % rng.getrandbits(64), "kind": "android", "model": em[0], "os": em[1],
                       "os_up": None, "lag": 0, "fixed_ver": app_version(self.t0 - rng.uniform(40, 200) * DAY)}
                da = start + rng.uniform(0, 3)
                for a in range(rng.randint(3, 10)):
                    cid = self.cust_id(rng)
                    life = rng.randint(1, 5)
                    for d in range(life):
                        day = int(da) + d
                        for _ in range(rng.randint(2, 8)):
                            h = rng.uniform(6, 23.5)
                            t = self.utc(city, day, h)
                            r = rng.random()
                            if r < 0.3:
                                a_, b_, ap = self.city_sample(rng, city, 1.0), cd[6], True
                            elif r < 0.45:
                                a_, b_, ap = jitter(rng, cd[6], 0.001), self.city_sample(rng, city, 1.0), True
                            else:
                                a_, b_, ap = self.city_sample(rng, city, 1.1), self.city_sample(rng, city, 1.1), False
                            ip = self.proxy_ip(rng, cc, mode, carrier)
                            row = self.ride_row(rng, cid, t, city, a_, b_, dev, ip,
                                                rng.choice(self.drivers[city]), "stolen_card_new_account", g, ap)
                            if row and rng.random() < 0.7:
                                row[14] = row[0] + rng.uniform(7, 45) * DAY
                    da += rng.uniform(0.3, 2.5)

    def f_promo_abuse(self):
        rng = self.frng("promo")
        for k in range(self.count(rng, 0.7)):
            city = wpick(rng, [(n, c[5]) for n, c in CITIES.items()])[0]
            cc = CITIES[city][0]
            g = "promo-%d" % k
            model = rng.choice(FARM_PHONES)
            farm = [{"id": "%016x" % rng.getrandbits(64), "kind": "android", "model": model[0], "os": model[1],
                     "os_up": None, "lag": rng.uniform(0, 10) * DAY} for _ in range(rng.randint(4, 10))]
            net = self.home_ip(rng, cc)[0].rsplit(".", 1)[0] if rng.random() < 0.6 else None
            carrier = (wpick(rng, MOBILE[cc], 1)[0], city)
            ghost = "rst-%s-%06d" % (cc.lower(), rng.randrange(10 ** 6))
            others = rng.sample(self.rests[city], 3)
            drops = [self.city_sample(rng, city, 0.5) for _ in range(rng.randint(1, 3))]
            t_first = self.t0 + rng.uniform(0, self.days - 2) * DAY
            t_w = t_first
            swept = rng.random() < 0.8
            sweep = t_first + rng.uniform(5, 25) * DAY
            for w in range(rng.randint(2, 5)):
                lt_base = rng.uniform(17, 23)
                day = int((t_w - self.t0) // DAY)
                for a in range(rng.randint(8, 30)):
                    cid = self.cust_id(rng)
                    if rng.random() < 0.5:
                        dev = rng.choice(farm)
                    else:
                        dev = dict(rng.choice(farm))
                        dev["id"] = "%016x" % rng.getrandbits(64)
                    caught = swept and rng.random() < 0.85
                    t = self.utc(city, day, lt_base + a * rng.uniform(0.03, 0.2))
                    for o in range(rng.choice([1, 1, 2, 3])):
                        ip = "%s.%d" % (net, rng.randrange(2, 60)) if net else self.proxy_ip(rng, cc, "mob", carrier)
                        p = jitter(rng, rng.choice(drops), 0.0003)
                        amt = money(cc, rng.uniform(12, 60))
                        row = self.emit(t, cid, amt, self.fcur(cc), "mobile", ip, dev, p[0], p[1], cc, city,
                                        ghost if rng.random() < 0.6 else rng.choice(others), 1,
                                        "promo_abuse_ring", g)
                        if row and caught and sweep >= row[0]:
                            row[14] = sweep
                        t += rng.uniform(0.5, 30) * HOUR
                t_w += rng.uniform(2, 9) * DAY

    def f_driver_collusion(self):
        rng = self.frng("coll")
        for k in range(self.count(rng, 0.7)):
            city = wpick(rng, [(n, c[5]) for n, c in CITIES.items()])[0]
            cc = CITIES[city][0]
            g = "coll-%d" % k
            drivers = rng.sample(self.drivers[city], rng.randint(1, 2))
            spots = [self.city_sample(rng, city, 0.9) for _ in range(rng.randint(1, 3))]
            phones = []
            for _ in range(rng.randint(1, 3)):
                d = self.new_device(rng, "android")
                d["lag"] = rng.uniform(30, 90) * DAY
                phones.append(d)
            driver_home_ip = self.home_ip(rng, cc)[0]
            carrier = (wpick(rng, MOBILE[cc], 1)[0], city)
            start = rng.uniform(0, self.days - 5)
            for a in range(rng.randint(3, 8)):
                cid = self.cust_id(rng)
                dev = rng.choice(phones)
                d0 = start + rng.uniform(0, 12)
                for d in range(int(d0), int(d0) + rng.randint(3, 14)):
                    if rng.random() > 0.55:
                        continue
                    for _ in range(rng.choice([1, 1, 2, 3])):
                        h = rng.uniform(21, 29) if rng.random() < 0.6 else rng.uniform(9, 21)
                        t = self.utc(city, d, h)
                        a_ = jitter(rng, rng.choice(spots), 0.0006)
                        b_ = self.city_sample(rng, city, 1.6)
                        ip = driver_home_ip if rng.random() < 0.4 else self.proxy_ip(rng, cc, "mob", carrier)
                        payee = rng.choice(drivers) if rng.random() < 0.9 else rng.choice(self.drivers[city])
                        row = self.ride_row(rng, cid, t, city, a_, b_, dev, ip, payee, "driver_collusion", g,
                                            False, rng.uniform(1.8, 3.5))
                        if row and rng.random() < 0.68:
                            row[14] = row[0] + rng.uniform(10, 55) * DAY

    def attacker_device(self, rng):
        d = self.new_device(rng, ios_share=0.3)
        d["lag"] = rng.uniform(0, 5) * DAY
        return d

    def cashout_rows(self, rng, v, t, cc, dev, ip_fn, g, scen, n, city="", mule_driver=None):
        rows = []
        for _ in range(n):
            r = rng.random()
            if mule_driver and r < 0.3:
                amt = float(rng.choice([300, 500, 800, 1000] if cc == "MX" else [50000, 100000, 150000]))
                payee = mule_driver
                cty = city
            else:
                kind = "giftcard" if r < 0.7 else "wallet"
                amt = float(rng.choice([500, 1000, 1000, 1500, 2000, 3000] if cc == "MX"
                                       else [100000, 200000, 200000, 300000, 500000]))
                payee = "andale-%s-%s" % (kind, cc.lower())
                cty = ""
            row = self.emit(t, v["id"], amt, self.fcur(cc), "mobile", ip_fn(), dev, None, None, cc, cty, payee,
                            1, scen, g)
            if row:
                rows.append(row)
            t += rng.uniform(2, 40) * 60
        return rows, t

    def f_ato_sim_swap(self):
        rng = self.frng("sim")
        for k, v in enumerate(self.pick_victims(rng, self.count(rng, 2.5, 1))):
            v["fraud_role"] = "victim"
            g = "sim-%d" % k
            cc = v["cc"]
            r = rng.random()
            if r < 0.65:
                acity = rng.choice([x for x in CITIES if CITIES[x][0] == cc and x != v["city"]])
            elif r < 0.85:
                acity = v["city"]
            else:
                acity = rng.choice([x for x in BIG5 if CITIES[x][0] != cc])
            acc = CITIES[acity][0]
            dev = self.attacker_device(rng)
            carrier = (wpick(rng, MOBILE[acc], 1)[0], acity)
            mode = "dc" if rng.random() < 0.25 else "mob"
            ipf = lambda: self.proxy_ip(rng, acc, mode, carrier)
            lo = max(3, v["join"] + 5)
            if lo >= self.days - 1:
                continue
            t = self.utc(acity, int(rng.uniform(lo, self.days - 1)), rng.uniform(9, 22))
            mule = rng.choice(self.drivers[acity]) if rng.random() < 0.4 else None
            rows, t = self.cashout_rows(rng, v, t, cc, dev, ipf, g, "ato_sim_swap", rng.randint(1, 4), acity, mule)
            for _ in range(rng.randint(1, 6)):
                t += rng.uniform(0.2, 3) * HOUR
                a_ = self.city_sample(rng, acity, 1.0)
                b_ = self.city_sample(rng, acity, 1.2) if rng.random() < 0.7 else CITIES[acity][6]
                row = self.ride_row(rng, v["id"], t, acity, a_, b_, dev, ipf(), rng.choice(self.drivers[acity]),
                                    "ato_sim_swap", g, km_between(b_, CITIES[acity][6]) < 1)
                if row:
                    rows.append(row)
                    t = row[0]
            if rng.random() < 0.35:
                more, t = self.cashout_rows(rng, v, t + rng.uniform(2, 20) * HOUR, cc, dev, ipf, g,
                                            "ato_sim_swap", rng.randint(1, 3), acity, mule)
                rows += more
            if rows and rng.random() < 0.9:
                t1 = min(r[0] for r in rows)
                rep = t1 + (rng.uniform(2, 30) * HOUR if rng.random() < 0.7 else rng.uniform(2, 10) * DAY)
                for r in rows:
                    if r[0] <= rep:
                        r[14] = rep

    def f_ato_phishing(self):
        rng = self.frng("phish")
        for k, v in enumerate(self.pick_victims(rng, self.count(rng, 2.0, 1), lambda c: c["join"] < 10)):
            v["fraud_role"] = "victim"
            g = "phish-%d" % k
            cc = v["cc"]
            acity = v["city"] if rng.random() < 0.5 else \
                rng.choice([x for x in CITIES if CITIES[x][0] == cc and x != v["city"]])
            dev = self.attacker_device(rng)
            ahome = self.city_sample(rng, acity, 0.8)
            aip = self.home_ip(rng, cc)[0]
            carrier = (wpick(rng, MOBILE[cc], 1)[0], acity)
            ipf = lambda: aip if rng.random() < 0.5 else self.proxy_ip(rng, cc, "mob", carrier)
            d = rng.uniform(4, max(5, self.days - 15))
            rows = []
            # warm-up: ordinary-looking usage
            warm_end = d + rng.uniform(4, 14)
            while d < warm_end and d < self.days:
                h = rng.uniform(11, 22)
                t = self.utc(acity, int(d), h)
                if rng.random() < 0.6:
                    row = self.ride_row(rng, v["id"], t, acity, jitter(rng, ahome, 0.0004),
                                        self.city_sample(rng, acity, 0.8), dev, ipf(),
                                        rng.choice(self.drivers[acity]), "ato_phishing", g)
                else:
                    p = jitter(rng, ahome, 0.0002)
                    row = self.emit(t, v["id"], money(cc, self.food_amount(rng)), self.fcur(cc), "mobile", ipf(), dev,
                                    p[0], p[1], cc, acity, rng.choice(self.rests[acity]), 1, "ato_phishing", g)
                if row:
                    rows.append(row)
                d += rng.uniform(1, 3)
            # cash-out
            t = self.utc(acity, int(d), rng.uniform(10, 23))
            more, t = self.cashout_rows(rng, v, t, cc, dev, ipf, g, "ato_phishing", rng.randint(2, 6))
            rows += more
            for _ in range(rng.randint(0, 3)):
                t += rng.uniform(0.5, 6) * HOUR
                row = self.ride_row(rng, v["id"], t, acity, self.city_sample(rng, acity, 1.0), CITIES[acity][6], dev,
                                    ipf(), rng.choice(self.drivers[acity]), "ato_phishing", g, True)
                if row:
                    rows.append(row)
            # light use afterwards
            d = (t - self.t0) / DAY + rng.uniform(1, 4)
            while d < self.days:
                row = self.ride_row(rng, v["id"], self.utc(acity, int(d), rng.uniform(10, 23)), acity,
                                    jitter(rng, ahome, 0.0004), self.city_sample(rng, acity, 0.9), dev, ipf(),
                                    rng.choice(self.drivers[acity]), "ato_phishing", g)
                if row:
                    rows.append(row)
                d += rng.uniform(2, 5)
            if more and rng.random() < 0.75:
                rep = more[0][0] + rng.uniform(1, 25) * DAY
                for r in rows:
                    if r[0] <= rep:
                        r[14] = rep

    def f_wallet_cashout(self):
        rng = self.frng("cash")
        # fresh accounts bursting top-ups / gift cards, then draining to a mule driver
        for k in range(self.count(rng, 0.6)):
            city = wpick(rng, [(n, c[5]) for n, c in CITIES.items()])[0]
            cc = CITIES[city][0]
            g = "cashn-%d" % k
            phones = [self.new_device(rng, "android") for _ in range(rng.randint(1, 2))]
            mule = rng.choice(self.drivers[city])
            carrier = (wpick(rng, MOBILE[cc], 1)[0], city)
            mode = rng.choice(["resi", "mob", "dc"])
            ipf = lambda: self.proxy_ip(rng, cc, mode, carrier)
            t = self.t0 + rng.uniform(0, self.days - 2) * DAY
            for a in range(rng.randint(3, 8)):
                acct = {"id": self.cust_id(rng)}
                dev = rng.choice(phones)
                rows, t2 = self.cashout_rows(rng, acct, t, cc, dev, ipf, g, "wallet_cashout", rng.randint(2, 6))
                for _ in range(rng.randint(1, 4)):
                    t2 += rng.uniform(0.3, 8) * HOUR
                    if rng.random() < 0.5:
                        amt = float(rng.choice([200, 300, 500] if cc == "MX" else [30000, 50000, 100000]))
                        row = self.emit(t2, acct["id"], amt, self.fcur(cc), "mobile", ipf(), dev, None, None, cc,
                                        city, mule, 1, "wallet_cashout", g)
                    else:
                        row = self.ride_row(rng, acct["id"], t2, city, self.city_sample(rng, city, 1.0),
                                            self.city_sample(rng, city, 1.4), dev, ipf(), mule, "wallet_cashout", g,
                                            False, rng.uniform(1.5, 3))
                    if row:
                        rows.append(row)
                for r in rows:
                    if rng.random() < 0.65:
                        r[14] = r[0] + rng.uniform(5, 40) * DAY
                t += rng.uniform(0.2, 4) * DAY
        # recruited mules buying gift cards with the crew's cards, from their own phone at home
        for k, v in enumerate(self.pick_victims(rng, self.count(rng, 1.5), lambda c: c["join"] < 20
                                                and c["seg"] in ("homebody", "nightlife", "occasional", "erratic"))):
            v["fraud_role"] = "mule"
            g = "mule-%d" % k
            cc = v["cc"]
            self.groups[g] = {"ban": v}
            d = rng.uniform(max(5, v["join"] + 3), max(6, self.days - 7))
            end = d + rng.uniform(7, 25)
            while d < min(end, self.days):
                t = self.utc(v["city"], int(d), rng.uniform(10, 23))
                for _ in range(rng.randint(1, 3)):
                    kind = "giftcard" if rng.random() < 0.7 else "wallet"
                    amt = float(rng.choice([500, 1000, 1000, 2000] if cc == "MX" else [100000, 200000, 300000]))
                    row = self.emit(t, v["id"], amt, self.fcur(cc), "mobile", self.ip_for(v, rng, t, "home", v["city"]),
                                    self.phone_at(v, t), None, None, cc, "", "andale-%s-%s" % (kind, cc.lower()),
                                    1, "wallet_cashout", g)
                    if row and rng.random() < 0.6:
                        row[14] = row[0] + rng.uniform(7, 40) * DAY
                    t += rng.uniform(3, 30) * 60
                d += rng.uniform(1.5, 5)

    def f_support_scam(self):
        rng = self.frng("scam")
        for k, v in enumerate(self.pick_victims(rng, self.count(rng, 2.0))):
            v["fraud_role"] = "victim"
            g = "scam-%d" % k
            cc = v["cc"]
            lo = max(2, v["join"] + 2)
            if lo >= self.days - 1:
                continue
            day = int(rng.uniform(lo, self.days - 1))
            t = self.utc(v["city"], day, rng.uniform(9, 20))
            ctx = "home" if rng.random() < 0.6 else "mobile"
            rows = []
            amt_base = rng.choice([500, 1000] if cc == "MX" else [100000, 200000])
            for i in range(rng.randint(2, 5)):
                kind = "giftcard" if rng.random() < 0.75 else "wallet"
                amt = float(amt_base * rng.choice([1, 1, 2, 3]))
                row = self.emit(t, v["id"], amt, self.fcur(cc), "mobile", self.ip_for(v, rng, t, ctx, v["city"]),
                                self.phone_at(v, t), None, None, cc, "", "andale-%s-%s" % (kind, cc.lower()),
                                1, "support_scam", g)
                if row:
                    rows.append(row)
                t += rng.uniform(5, 25) * 60
            if rows and rng.random() < 0.75:
                rep = rows[-1][0] + rng.uniform(0.5, 6) * DAY
                for r in rows:
                    r[14] = rep

    def f_insider(self):
        rng = self.frng("insider")
        for k in range(self.count(rng, 0.5)):
            g = "insider-%d" % k
            bcity = rng.choice(["Bogota", "Monterrey", "Medellin", "Ciudad de Mexico"])
            bcc = CITIES[bcity][0]
            corp = self.home_ip(rng, bcc)[0].rsplit(".", 1)[0] + "."
            base = rng.randrange(1, 240)
            ws = self.new_device(rng, "web")
            ws["model"] = "win"
            ws["lag"] = rng.uniform(10, 60) * DAY
            own = self.new_device(rng, "android")
            victims = self.pick_victims(rng, rng.randint(6, 15), lambda c: c["act"] < 0.9 and c["join"] < 1)
            d = rng.uniform(2, 20)
            for j, v in enumerate(victims):
                if d >= self.days:
                    break
                v["fraud_role"] = "victim"
                cc = v["cc"]
                while self.day_info(bcc, int(d))[0] >= 5:
                    d += 1
                t = self.utc(bcity, int(d), rng.uniform(9, 17.5))
                rows = []
                for _ in range(rng.choice([1, 1, 2])):
                    use_ws = rng.random() < 0.7
                    dev = ws if use_ws else own
                    ip = corp + str(base + rng.randrange(0, 8))
                    amt = float(rng.choice([300, 500, 800, 1000] if cc == "MX" else [50000, 100000, 150000, 200000]))
                    row = self.emit(t, v["id"], amt, self.fcur(cc), "web" if use_ws else "mobile", ip, dev, None, None,
                                    cc, "", "andale-giftcard-%s" % cc.lower(), 1, "insider_bpo", g)
                    if row:
                        rows.append(row)
                    t += rng.uniform(10, 90) * 60
                if rows and rng.random() < 0.55:
                    rep = rows[0][0] + rng.uniform(10, 45) * DAY
                    for r in rows:
                        r[14] = rep
                d += rng.uniform(2, 9)

    def f_friendly(self):
        rng = self.frng("friendly")
        cands = [c for c in self.cust if c.get("fraud_role") is None and c.get("_rows")]
        rng.shuffle(cands)
        k = self.count(rng, 9.0, 1)
        done = 0
        for c in cands:
            if done >= k:
                break
            rows = [r for r in c["_rows"] if r[12].startswith(("drv-", "rst-")) and r[8] is not None]
            if len(rows) < 3:
                continue
            rows.sort(key=lambda r: -r[2] * (1.0 if r[3] == "MXN" else 1 / (COP_PER_MXN * 0.85)))
            pick = rows[: max(1, len(rows) // 5)]
            chosen = [rng.choice(pick)]
            if rng.random() < 0.15:
                chosen.append(rng.choice(rows))
            c["fraud_role"] = "friendly"
            for r in chosen:
                if r[13]:
                    continue
                r[13] = 1
                r[15] = "friendly_fraud"
                r[16] = "friendly-%d" % c["i"]
                r[14] = r[0] + rng.uniform(5, 60) * DAY
            done += 1

    # ------------------------------------------------------------------ run
    def generate(self):
        self.make_customers()
        for c in self.cust:
            n0 = len(self.rows)
            self.genuine(c)
            c["_rows"] = self.rows[n0:]
        # scenarios that use existing customers first pick victims, then new-account crews
        self.f_ato_sim_swap()
        self.f_ato_phishing()
        self.f_support_scam()
        self.f_insider()
        self.f_wallet_cashout()
        self.f_friendly()
        self.f_stolen_card_new_account()
        self.f_promo_abuse()
        self.f_driver_collusion()
        # block every attack at its first report
        first = {}
        for r in self.rows:
            if r[13] and r[14] is not None:
                g = r[16]
                if g not in first or r[14] < first[g]:
                    first[g] = r[14]
        banned = {}
        for g, info in self.groups.items():
            if g in first and "ban" in info:
                banned[info["ban"]["id"]] = first[g]
        out = []
        for r in self.rows:
            if r[13] and r[16] in first and r[0] > first[r[16]]:
                continue
            if r[1] in banned and r[0] > banned[r[1]]:
                continue
            out.append(r)
        out.sort(key=lambda r: (r[0], r[1]))
        return out


def fmt_ts(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(t)))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.ridehail",
                                 description="ride-hailing / food-delivery super-app world (MX, CO)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=4300)
    ap.add_argument("--days", type=int, default=100)
    ap.add_argument("--start", default="2025-11-03", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-ridehail.csv.gz")
    args = ap.parse_args(argv)
    t_start = time.time()
    w = World(args.seed, args.customers, args.days, args.start)
    rows = w.generate()
    id_rng = random.Random(args.seed * 7 + 1)
    seen = set()
    scen = {}
    n_fraud = n_rep = 0
    custs = set()
    opener = gzip.open if args.out.endswith(".gz") else open
    with opener(args.out, "wt", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
                     "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at",
                     "scenario"])
        for r in rows:
            while True:
                tid = "tx-%016x" % id_rng.getrandbits(64)
                if tid not in seen:
                    seen.add(tid)
                    break
            custs.add(r[1])
            fr = 1 if r[13] else 0
            rep = ""
            if fr:
                n_fraud += 1
                scen[r[15]] = scen.get(r[15], 0) + 1
                if r[14] is not None:
                    n_rep += 1
                    rep = fmt_ts(max(r[14], r[0]))
            wr.writerow([tid, r[1], fmt_ts(r[0]), "%.2f" % r[2], r[3], r[4], r[5], r[6], r[7],
                         "" if r[8] is None else "%.5f" % r[8], "" if r[9] is None else "%.5f" % r[9],
                         r[10], r[11], r[12], fr, rep, r[15] if fr else ""])
    n = len(rows)
    dt = time.time() - t_start
    per = ", ".join("%s %d" % kv for kv in sorted(scen.items(), key=lambda kv: -kv[1]))
    print("ridehail world (seed %d, %s + %d days): %d rows, %d customers, %d fraud rows (%.3f%%); by scenario: %s; "
          "%.1f%% of fraud rows reported; written to %s in %.1f s."
          % (args.seed, args.start, args.days, n, len(custs), n_fraud, 100.0 * n_fraud / max(1, n), per,
             100.0 * n_rep / max(1, n_fraud), args.out, dt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
