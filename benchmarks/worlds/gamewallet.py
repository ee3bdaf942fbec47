"""gamewallet: the player wallet of a Malta-licensed online gaming and betting operator.

One row is one wallet payment of one player account: a *deposit* (card, bank
transfer / open banking, e-wallet or voucher; ``payee_id`` is the processor's
merchant id for that method and currency, e.g. ``psp-adyen-gbp-01``,
``trustly-sek``, ``blik-pln``) or a *withdrawal* to the player's own bank
account (``payee_id`` is an IBAN with valid check digits). Amounts are in the
account currency (EUR, GBP, SEK, PLN). Players live in GB, IE, SE, FI, PL, DE,
AT and MT; every time-of-day habit is drawn in the player's local time
(Europe/London, Europe/Berlin-like CET or Europe/Helsinki EET, with EU summer
time) and written in UTC.

Channels: ``app`` (native Android/iOS app, user agent
``AmbraPlay/7.12.1 (Android 14; SM-A546B)`` with versions that follow the
operator's fortnightly releases and each player's update lag), ``web``
(desktop browser; the device id is a browser fingerprint) and ``mobile_web``
(phone browser), plus ``backoffice`` for large and VIP payouts keyed by the
payments team in the Malta office (office network, staff workstations).
``country``/``city`` are IP geolocation (so a VPN shows its exit, and mobile
carrier CGNAT addresses geolocate to the carrier's hub city), while
``lat``/``lon`` exist only on app payments of players who granted the app
location permission (used for licence geo-compliance): they are the phone's
real position, even when the IP says otherwise.

Genuine behaviour
-----------------
* Segments: casual weekend football bettors (Saturday/Sunday afternoons and
  evenings, small round stakes), regular sports bettors (lunch breaks and
  evenings, horse racing in GB), daily slot players (late evening and night,
  several re-deposits a session when chasing losses), casual casino players,
  bingo/low-stakes players (afternoons), high rollers (large deposits, large
  withdrawals, several devices) and erratic-but-honest players whose quiet
  weeks are broken by binge days with many deposits at odd hours.
* Calendar: Champions League and Europa League nights, the Champions League
  final, the World Cup 2026 (kick-offs late in the European evening and night),
  Cheltenham and the Grand National for GB bettors, league off-season and
  international breaks, Easter and public holidays, paydays by country
  (25th, last working day, 10th, bi-monthly in FI, weekly in IE) that lift
  frequency and stakes for a few days.
* Life: sign-ups during the window (first deposit the same day, cold start),
  churn, responsible-gambling deposit limits that cap weekly deposits,
  cool-off breaks, trips abroad (hotel Wi-Fi, EU roaming whose IP stays at home
  while the GPS moves, VPNs to reach the site from geo-blocked countries, a
  World Cup trip to North America), new phones, app reinstalls, browser
  updates, fingerprint-less privacy browsers, a second bank account added.
* Networks: home broadband with dynamic addresses that change every few weeks,
  mobile-data-only players on carrier CGNAT pools shared by thousands, office
  networks at lunch, households where two players share the home PC and
  router, internet cafes shared by many players, and many VPN users whose
  commercial exit addresses are shared by strangers.

Fraud scenarios (``scenario`` column)
-------------------------------------
* ``stolen_card_laundering`` (easy to medium): fresh accounts opened by a crew
  deposit several stolen cards within a day or two from emulators or
  anti-detect browsers behind residential proxies, barely play, and withdraw
  70-95 % to a mule IBAN shared by the crew (often a neobank IBAN of another
  country). Some crews warm the account up with small deposits first.
  Reported by card chargebacks 1-7 weeks later; the account is then closed.
* ``account_takeover``: players with large balances (high rollers, regulars
  after a win) are logged into from a new device and network (residential
  proxy in the player's own country), a new IBAN is added and the balance is
  withdrawn, sometimes after topping up with the saved card; patient
  attackers first make a small test withdrawal and return days later.
  Reported when the player notices (1-14 days); the attack stops then.
* ``bonus_abuse_ring``: dozens of accounts opened over weeks from a handful
  of phones and one or two proxy /24 ranges, each depositing exactly the
  welcome-bonus qualifier, then withdrawing the bonus winnings to a few
  shared or rented IBANs. Easy through shared devices; reported in one batch
  when the bonus team links the ring (not every account is linked).
* ``friendly_chargeback``: a genuine player on their own phone and home
  network loses a night's burst of card deposits, larger than usual, and
  later disputes them as unauthorised. Hard: everything is the player's own.
  Chargebacks arrive 3-10 weeks later; the account is then closed.
* ``chip_dumping``: collusion between accounts: a dumper deposits large sums
  (sometimes after weeks of ordinary-looking play) and deliberately loses
  them at the poker table to partners who withdraw to their own IBANs a day
  or two later. Sometimes on the same household device, mostly not. AML
  reports about half of the groups weeks later.
* ``underage_account``: a teenager opens an account with a parent's identity
  and card on the family's shared PC or tablet (the same device and router the
  parent may use to play), with small deposits after school and at weekends
  that grow over the weeks. Reported when the parent reads the card statement.
* ``stolen_identity``: accounts opened with stolen identity documents used as
  laundering mules: patient warm-up with small deposits for one to three
  weeks, then large bank-transfer deposits (funds of scam victims) and
  withdrawals to an IBAN opened in the victim's name. Rarely reported.
* ``recruited_mule``: a long-standing genuine player recruited as a money
  mule deposits other people's cards and e-wallets (new payees, larger
  amounts) from their own phone and home network and withdraws to their own
  IBAN within hours. Reported by chargebacks; the account is then closed.
* ``insider_payout``: a payments-operations employee redirects the balance of
  dormant or VIP players to a new IBAN through the back office (channel
  ``backoffice``, the operator's office network and workstations, the same
  ones that key genuine large and VIP payouts to the players' own IBANs).
  Reported when the player complains.

Labels: ``is_fraud`` on every payment of the attack (for fraudulent accounts:
every payment of the account, except the warm-up play of chip-dumping
accounts, which is the colluders' real play). ``fraud_reported_at`` is the
chargeback, complaint or case date when it is known within 30 days after the
window; reporting is partial. Once a report exists the attack (and, for
closed accounts, the account) produces no later payments.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import gzip
import io
import math
import random
import sys
import time

HEADER = ("transaction_id,customer_id,timestamp,amount,currency,channel,ip,device_id,"
          "user_agent,lat,lon,country,city,payee_id,is_fraud,fraud_reported_at,scenario")

DAY = 86400
HOUR = 3600
BRAND = "AmbraPlay"
LABEL_HORIZON_DAYS = 30

# --------------------------------------------------------------------------- geography

COUNTRIES = {
    # cur, EUR->cur, utc std offset, weight, capital/hub
    "GB": ("GBP", 0.85, 0, 0.32, "London"),
    "SE": ("SEK", 11.2, 1, 0.16, "Stockholm"),
    "PL": ("PLN", 4.25, 1, 0.14, "Warsaw"),
    "FI": ("EUR", 1.0, 2, 0.10, "Helsinki"),
    "IE": ("EUR", 1.0, 0, 0.09, "Dublin"),
    "DE": ("EUR", 1.0, 1, 0.09, "Frankfurt"),
    "AT": ("EUR", 1.0, 1, 0.06, "Vienna"),
    "MT": ("EUR", 1.0, 1, 0.04, "Valletta"),
}

CITIES = {
    "GB": [("London", 51.5074, -0.1278, 30), ("Manchester", 53.4808, -2.2426, 9),
           ("Birmingham", 52.4862, -1.8904, 9), ("Liverpool", 53.4084, -2.9916, 6),
           ("Glasgow", 55.8642, -4.2518, 7), ("Leeds", 53.8008, -1.5491, 6),
           ("Newcastle upon Tyne", 54.9783, -1.6178, 5), ("Cardiff", 51.4816, -3.1791, 4),
           ("Bristol", 51.4545, -2.5879, 5), ("Belfast", 54.5973, -5.9301, 4),
           ("Nottingham", 52.9548, -1.1581, 4), ("Sheffield", 53.3811, -1.4701, 4)],
    "SE": [("Stockholm", 59.3293, 18.0686, 35), ("Gothenburg", 57.7089, 11.9746, 18),
           ("Malmo", 55.6050, 13.0038, 12), ("Uppsala", 59.8586, 17.6389, 6),
           ("Vasteras", 59.6099, 16.5448, 5), ("Orebro", 59.2753, 15.2134, 5),
           ("Linkoping", 58.4108, 15.6214, 5)],
    "PL": [("Warsaw", 52.2297, 21.0122, 25), ("Krakow", 50.0647, 19.9450, 13),
           ("Lodz", 51.7592, 19.4560, 9), ("Wroclaw", 51.1079, 17.0385, 10),
           ("Poznan", 52.4064, 16.9252, 9), ("Gdansk", 54.3520, 18.6466, 9),
           ("Katowice", 50.2649, 19.0238, 9), ("Lublin", 51.2465, 22.5684, 6)],
    "FI": [("Helsinki", 60.1699, 24.9384, 35), ("Espoo", 60.2055, 24.6559, 12),
           ("Tampere", 61.4978, 23.7610, 14), ("Turku", 60.4518, 22.2666, 10),
           ("Oulu", 65.0121, 25.4651, 9), ("Jyvaskyla", 62.2426, 25.7473, 6)],
    "IE": [("Dublin", 53.3498, -6.2603, 50), ("Cork", 51.8985, -8.4756, 18),
           ("Limerick", 52.6638, -8.6267, 10), ("Galway", 53.2707, -9.0568, 10),
           ("Waterford", 52.2593, -7.1101, 6)],
    "DE": [("Berlin", 52.5200, 13.4050, 20), ("Hamburg", 53.5511, 9.9937, 12),
           ("Munich", 48.1351, 11.5820, 12), ("Cologne", 50.9375, 6.9603, 10),
           ("Frankfurt", 50.1109, 8.6821, 8), ("Dortmund", 51.5136, 7.4653, 8),
           ("Leipzig", 51.3397, 12.3731, 6)],
    "AT": [("Vienna", 48.2082, 16.3738, 50), ("Graz", 47.0707, 15.4395, 15),
           ("Linz", 48.3069, 14.2858, 12), ("Salzburg", 47.8095, 13.0550, 10),
           ("Innsbruck", 47.2692, 11.4041, 8)],
    "MT": [("Birkirkara", 35.8972, 14.4611, 20), ("Sliema", 35.9122, 14.5042, 20),
           ("St Julian's", 35.9183, 14.4892, 15), ("Valletta", 35.8989, 14.5146, 10),
           ("Mosta", 35.9092, 14.4256, 12), ("Qormi", 35.8760, 14.4720, 10)],
}
CITY_XY = {c: {n: (la, lo) for n, la, lo, _ in v} for c, v in CITIES.items()}

# residential broadband prefixes (/16) and mobile carrier prefixes per country
BROADBAND = {
    "GB": ["81.128", "81.129", "86.128", "86.142", "86.150", "109.144", "109.152", "82.1",
           "82.2", "82.24", "92.236", "92.238", "2.96", "2.98", "90.196", "90.200", "5.64",
           "5.70", "94.1", "31.48"],
    "SE": ["78.64", "78.67", "81.224", "81.227", "46.59", "90.224", "90.227", "83.248",
           "94.254", "213.113"],
    "PL": ["83.6", "83.24", "83.30", "89.64", "89.68", "77.112", "79.184", "178.42",
           "188.146", "46.205"],
    "FI": ["91.152", "91.154", "85.76", "88.112", "84.248", "62.78"],
    "IE": ["86.40", "86.44", "109.76", "109.78", "89.100", "95.44"],
    "DE": ["79.192", "79.200", "87.160", "91.56", "188.192", "178.24", "84.130"],
    "AT": ["80.108", "80.110", "84.112", "62.46", "91.112"],
    "MT": ["77.71", "193.188", "46.11", "78.133"],
}
MOBILE = {
    "GB": ["31.94", "92.40", "82.132", "148.252", "188.29", "213.205"],
    "SE": ["90.129", "83.185", "78.77", "213.66"],
    "PL": ["37.248", "31.0", "89.228", "185.22"],
    "FI": ["37.33", "91.157", "176.93"],
    "IE": ["37.228", "89.19", "188.141"],
    "DE": ["176.0", "109.40", "46.114"],
    "AT": ["178.165", "77.119", "91.141"],
    "MT": ["31.25", "46.243"],
}
VPN_EXITS = [  # (country, city, /24 prefix)
    ("NL", "Amsterdam", "185.107.56"), ("NL", "Amsterdam", "89.46.223"),
    ("DE", "Frankfurt", "146.70.107"), ("DE", "Frankfurt", "194.36.25"),
    ("SE", "Stockholm", "185.65.135"), ("GB", "London", "89.238.130"),
    ("GB", "Manchester", "37.120.198"), ("CH", "Zurich", "37.120.213"),
    ("PL", "Warsaw", "37.120.211"), ("FI", "Helsinki", "85.208.98"),
    ("IE", "Dublin", "77.81.139"), ("AT", "Vienna", "146.70.116"),
    ("US", "New York", "193.37.254"), ("MT", "Valletta", "194.62.56"),
]
VPN_BY_COUNTRY = {}
for _c, _city, _p in VPN_EXITS:
    VPN_BY_COUNTRY.setdefault(_c, []).append((_c, _city, _p))

# travel destinations: country, city, lat, lon, hotel/ISP prefixes, geo-blocked by the operator
DESTS = [
    ("ES", "Malaga", 36.7213, -4.4214, ["83.56", "88.26", "95.124"], True),
    ("ES", "Barcelona", 41.3874, 2.1686, ["83.56", "88.26", "95.124"], True),
    ("ES", "Santa Cruz de Tenerife", 28.4636, -16.2518, ["83.56", "95.124"], True),
    ("PT", "Lisbon", 38.7223, -9.1393, ["85.243", "89.180"], False),
    ("GR", "Athens", 37.9838, 23.7275, ["79.129", "94.66"], False),
    ("IT", "Rome", 41.9028, 12.4964, ["93.40", "79.10"], True),
    ("TR", "Antalya", 36.8969, 30.7133, ["88.240", "78.186"], True),
    ("HR", "Split", 43.5081, 16.4402, ["89.164", "93.136"], False),
    ("CZ", "Prague", 50.0755, 14.4378, ["89.102", "46.135"], False),
    ("FR", "Paris", 48.8566, 2.3522, ["90.80", "86.246"], True),
    ("NL", "Amsterdam", 52.3676, 4.9041, ["84.104", "77.166"], True),
    ("CY", "Limassol", 34.7071, 33.0226, ["82.102"], False),
    ("AE", "Dubai", 25.2048, 55.2708, ["94.200", "86.98"], True),
    ("DK", "Copenhagen", 55.6761, 12.5683, ["87.48", "80.62"], False),
]
WC_DESTS = [
    ("US", "New York", 40.7128, -74.0060, ["73.12", "24.90"], True),
    ("US", "Boston", 42.3601, -71.0589, ["73.12", "24.90"], True),
    ("CA", "Toronto", 43.6532, -79.3832, ["99.224", "142.114"], True),
]

OFFICE_PREFIX = "185.84.20"  # the operator's own office network in St Julian's

# --------------------------------------------------------------------------- payments

# method, chargebackable, processor slug(s) (for cards the PSP is chosen by routing)
METHOD_MIX = {
    "GB": [("card", 0.58), ("paypal", 0.15), ("openbanking", 0.10), ("skrill", 0.05),
           ("paysafecard", 0.05), ("muchbetter", 0.04), ("applepay", 0.03)],
    "SE": [("trustly", 0.55), ("swish", 0.20), ("card", 0.20), ("paysafecard", 0.05)],
    "PL": [("blik", 0.40), ("p24", 0.20), ("card", 0.25), ("paysafecard", 0.10), ("skrill", 0.05)],
    "FI": [("brite", 0.35), ("trustly", 0.25), ("card", 0.30), ("skrill", 0.10)],
    "IE": [("card", 0.60), ("paypal", 0.20), ("skrill", 0.10), ("applepay", 0.10)],
    "DE": [("card", 0.35), ("klarna", 0.20), ("paysafecard", 0.15), ("skrill", 0.15),
           ("neteller", 0.10), ("paypal", 0.05)],
    "AT": [("card", 0.35), ("klarna", 0.20), ("paysafecard", 0.15), ("skrill", 0.15),
           ("neteller", 0.10), ("paypal", 0.05)],
    "MT": [("card", 0.60), ("skrill", 0.20), ("neteller", 0.20)],
}
CHARGEBACK = {"card", "applepay", "paypal"}
CARD_PSPS = ["adyen", "worldpay", "nuvei"]


def method_payee(method, cur, psp=None):
    c = cur.lower()
    if method in ("card", "applepay"):
        return "psp-%s-%s-%02d" % (psp or "adyen", c, 1 if method == "card" else 7)
    return "%s-%s" % (method, c)


def nice_amount(eur, fx, rng, cur):
    """Deposit amounts are mostly round numbers in the player's currency."""
    a = eur * fx
    if rng.random() < 0.78:
        if cur == "SEK":
            steps = [50, 100, 100, 200, 250, 300, 500, 500, 1000, 1500, 2000, 2500, 3000, 5000,
                     10000, 20000, 50000, 100000]
        elif cur == "PLN":
            steps = [10, 20, 20, 30, 50, 50, 100, 100, 150, 200, 250, 300, 500, 1000, 2000,
                     3000, 5000, 10000, 20000, 40000]
        else:
            steps = [5, 10, 10, 15, 20, 20, 25, 30, 40, 50, 50, 75, 100, 100, 150, 200, 250,
                     300, 500, 1000, 1500, 2000, 2500, 3000, 5000, 10000]
        i = bisect.bisect_left(steps, a)
        if i >= len(steps):
            return float(round(a, -3))
        if i > 0 and (a - steps[i - 1]) < (steps[i] - a):
            i -= 1
        return float(steps[i])
    lo = 5.0 * fx
    return round(max(lo, a), 2 if rng.random() < 0.3 else 0)


def wd_amount(eur, fx, rng):
    a = max(10.0 * fx, eur * fx)
    r = rng.random()
    if r < 0.35:
        return float(round(a))
    if r < 0.55:
        return float(round(a, -1)) or round(a, 2)
    return round(a, 2)


ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def is_iban(payee):
    return len(payee) > 14 and payee[:2].isupper() and payee[2:4].isdigit()


def iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return "%s%02d%s" % (country, 98 - int(num) % 97, bban)


def make_iban(country, rng):
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))
    if country == "GB":
        bank = rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "SRLG", "MONZ", "REVO"])
        return iban_check("GB", bank + d(6) + d(8))
    if country == "IE":
        return iban_check("IE", rng.choice(["AIBK", "BOFI", "IPBS", "REVO"]) + d(6) + d(8))
    if country == "SE":
        return iban_check("SE", rng.choice(["500", "600", "800", "300", "957"]) + d(17))
    if country == "PL":
        return iban_check("PL", rng.choice(["10201026", "11402004", "10501214", "12401037",
                                            "10901014", "24901044"]) + d(16))
    if country == "DE":
        return iban_check("DE", rng.choice(["10070000", "20050550", "50010517", "37040044",
                                            "70020270", "10010010"]) + d(10))
    if country == "FI":
        return iban_check("FI", rng.choice(["1", "5", "8", "3"]) + d(13))
    if country == "AT":
        return iban_check("AT", rng.choice(["12000", "20111", "32000", "14000"]) + d(11))
    if country == "MT":
        return iban_check("MT", rng.choice(["VALL", "MMEB", "APSB"]) + d(5) +
                          "".join(rng.choice(ALNUM) for _ in range(18)))
    if country == "LT":  # EU neobanks (Revolut, Paysera...)
        return iban_check("LT", rng.choice(["32500", "35000", "38290"]) + d(11))
    if country == "LV":
        return iban_check("LV", rng.choice(["HABA", "RIKO"]) + d(13))
    return iban_check(country, d(18))


# --------------------------------------------------------------------------- devices

ANDROID = [("SM-S918B", 14), ("SM-S921B", 15), ("SM-A546B", 14), ("SM-A556B", 15),
           ("SM-A156B", 15), ("SM-G991B", 14), ("SM-A525F", 13), ("SM-A336B", 14),
           ("Pixel 7", 15), ("Pixel 8", 16), ("Pixel 8a", 15), ("Pixel 9", 16),
           ("2201117TY", 13), ("23129RAA4G", 14), ("CPH2581", 15), ("moto g54 5G", 14),
           ("M2101K6G", 13), ("SM-A137F", 13), ("SM-S928B", 16)]
IPHONE = [("iPhone12,1", "17.7"), ("iPhone13,2", "18.5"), ("iPhone14,5", "18.6"),
          ("iPhone14,7", "26.1"), ("iPhone15,2", "26.2"), ("iPhone15,4", "26.2"),
          ("iPhone16,1", "26.3"), ("iPhone17,3", "26.3"), ("iPhone16,2", "18.7")]
EMULATORS = [("sdk_gphone64_x86_64", 14), ("SM-G988N", 9), ("ASUS_Z01QD", 9)]

B62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def uuid_like(rng, upper=False):
    h = "%032x" % rng.getrandbits(128)
    s = "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) % 4] + h[17:20], h[20:32])
    return s.upper() if upper else s


def fp_id(rng):
    return "".join(rng.choice(B62) for _ in range(20))


class Device:
    __slots__ = ("id", "kind", "channel", "model", "os", "lag", "browser", "start", "end", "w")

    def __init__(self, rng, kind, start=-10**9, end=10**9, model=None, os=None, browser=None):
        self.kind = kind
        self.start, self.end = start, end
        self.lag = rng.expovariate(1 / 4.0) if rng.random() < 0.8 else rng.uniform(8, 40)
        self.w = 1.0
        self.browser = browser
        if kind == "android":
            self.model, self.os = model or rng.choice(ANDROID)
            self.os = os or self.os
            self.id = uuid_like(rng)
            self.channel = "app"
        elif kind == "ios":
            self.model, self.os = model or rng.choice(IPHONE)
            self.os = os or self.os
            self.id = uuid_like(rng, upper=True)
            self.channel = "app"
        elif kind in ("mweb_android", "mweb_ios"):
            self.model, self.os = (model, os) if model else (None, rng.choice(["17_7", "18_6", "26_2"]))
            self.id = fp_id(rng)
            self.channel = "mobile_web"
        else:  # desktop / laptop browser
            self.model = rng.choices(["win", "mac", "linux"], [0.78, 0.19, 0.03])[0]
            self.os = None
            if self.model == "mac":
                self.browser = browser or rng.choices(["safari", "chrome"], [0.55, 0.45])[0]
            else:
                self.browser = browser or rng.choices(["chrome", "edge", "firefox"], [0.66, 0.2, 0.14])[0]
            self.id = fp_id(rng)
            self.channel = "web"

    def ua(self, world, t):
        k = self.kind
        if k in ("android", "ios"):
            ver = world.app_version(t, self.lag)
            if k == "android":
                return "%s/%s (Android %s; %s)" % (BRAND, ver, self.os, self.model)
            return "%s/%s (iOS %s; %s)" % (BRAND, ver, self.os, self.model)
        cv = world.chrome_major(t, self.lag)
        if k == "mweb_android":
            return ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/%d.0.0.0 Mobile Safari/537.36" % cv)
        if k == "mweb_ios":
            v = self.os
            return ("Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1" % (v, v.replace("_", ".")))
        if self.browser == "safari":
            return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/26.2 Safari/605.1.15")
        plat = {"win": "Windows NT 10.0; Win64; x64", "mac": "Macintosh; Intel Mac OS X 10_15_7",
                "linux": "X11; Linux x86_64"}[self.model]
        if self.browser == "firefox":
            return "Mozilla/5.0 (%s; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (plat, cv + 2, cv + 2)
        ua = ("Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
              "Safari/537.36" % (plat, cv))
        if self.browser == "edge":
            ua += " Edg/%d.0.0.0" % cv
        return ua


# --------------------------------------------------------------------------- segments

def _hours(spec):
    w = [0.02] * 24
    for h, v in spec.items():
        w[h] = v
    return w


SEGMENTS = {
    # share, sessions/day, chase prob, median deposit EUR, sigma, win/withdraw prob, hours, dow
    "football_casual": (0.29, 0.11, 0.22, 18, 0.55, 0.14,
                        _hours({11: .3, 12: .6, 13: .9, 14: 1.1, 15: 1.4, 16: 1.2, 17: 1.3,
                                18: 1.2, 19: 1.4, 20: 1.5, 21: 1.0, 22: .5, 23: .2, 10: .15}),
                        [0.45, 0.6, 0.65, 0.5, 0.8, 2.2, 1.8]),
    "sports_regular": (0.15, 0.42, 0.30, 28, 0.7, 0.20,
                       _hours({8: .2, 9: .3, 10: .4, 11: .6, 12: 1.0, 13: 1.0, 14: .7, 15: .9,
                               16: .9, 17: 1.1, 18: 1.3, 19: 1.5, 20: 1.5, 21: 1.2, 22: .8, 23: .4, 0: .15}),
                       [0.85, 0.85, 0.85, 0.9, 1.1, 1.5, 1.2]),
    "slots_night": (0.19, 0.62, 0.50, 22, 0.6, 0.11,
                    _hours({0: 1.3, 1: 1.0, 2: .7, 3: .35, 4: .12, 13: .15, 14: .2, 15: .25,
                            16: .3, 17: .35, 18: .45, 19: .6, 20: .9, 21: 1.3, 22: 1.6, 23: 1.6}),
                    [0.9, 0.9, 0.95, 1.0, 1.2, 1.2, 1.0]),
    "casino_casual": (0.19, 0.14, 0.35, 30, 0.6, 0.12,
                      _hours({17: .4, 18: .7, 19: 1.0, 20: 1.3, 21: 1.4, 22: 1.2, 23: .8, 0: .4,
                              1: .15, 12: .2, 13: .2, 14: .2, 15: .25, 16: .3}),
                      [0.7, 0.7, 0.8, 0.9, 1.4, 1.6, 0.9]),
    "bingo_low": (0.08, 0.24, 0.20, 10, 0.45, 0.06,
                  _hours({9: .4, 10: .8, 11: 1.0, 12: .9, 13: 1.0, 14: 1.1, 15: 1.0, 16: .6,
                          17: .4, 18: .6, 19: .9, 20: 1.0, 21: .7, 22: .3}),
                  [1, 1, 1, 1, 1, 0.9, 1.1]),
    "high_roller": (0.03, 0.33, 0.35, 650, 0.8, 0.26,
                    _hours({0: .9, 1: .6, 2: .35, 3: .15, 12: .2, 14: .3, 16: .4, 17: .5, 18: .7,
                            19: .9, 20: 1.2, 21: 1.4, 22: 1.4, 23: 1.2}),
                    [0.8, 0.8, 0.9, 1.0, 1.3, 1.3, 0.9]),
    "erratic": (0.07, 0.10, 0.45, 35, 1.0, 0.12,
                _hours({h: 0.6 for h in range(24)}),
                [1, 1, 1, 1, 1.2, 1.3, 1.1]),
}


def cumw(w):
    out, s = [], 0.0
    for x in w:
        s += x
        out.append(s)
    return out


# --------------------------------------------------------------------------- calendar

CL_2025_26 = ["2025-09-16", "2025-09-17", "2025-09-18", "2025-09-30", "2025-10-01",
              "2025-10-21", "2025-10-22", "2025-11-04", "2025-11-05", "2025-11-25",
              "2025-11-26", "2025-12-09", "2025-12-10", "2026-01-20", "2026-01-21",
              "2026-01-28", "2026-02-17", "2026-02-18", "2026-02-24", "2026-02-25",
              "2026-03-10", "2026-03-11", "2026-03-17", "2026-03-18", "2026-04-07",
              "2026-04-08", "2026-04-14", "2026-04-15", "2026-04-28", "2026-04-29",
              "2026-05-05", "2026-05-06",
              "2025-03-04", "2025-03-05", "2025-03-11", "2025-03-12", "2025-04-08",
              "2025-04-09", "2025-04-15", "2025-04-16", "2025-04-29", "2025-04-30",
              "2025-05-06", "2025-05-07"]
EL_THURSDAYS = ["2026-03-12", "2026-03-19", "2026-04-09", "2026-04-16", "2026-04-30",
                "2026-05-07", "2026-05-20", "2025-03-06", "2025-03-13", "2025-04-10",
                "2025-04-17", "2025-05-01", "2025-05-08", "2025-05-21"]
CL_FINALS = ["2026-05-30", "2025-05-31"]
INTL_BREAKS = [("2026-03-23", "2026-03-31"), ("2026-06-01", "2026-06-10"),
               ("2025-03-17", "2025-03-25"), ("2025-06-02", "2025-06-10"),
               ("2025-09-01", "2025-09-09"), ("2025-10-06", "2025-10-14"),
               ("2025-11-10", "2025-11-18")]
WORLD_CUP = ("2026-06-11", "2026-07-19")
CHELTENHAM = ["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13",
              "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"]
GRAND_NATIONAL = ["2026-04-11", "2025-04-05"]
HOLIDAYS = {
    "2026-04-03": "*", "2026-04-06": "*", "2026-05-01": "SE,PL,FI,DE,AT,MT",
    "2026-05-04": "GB,IE", "2026-05-25": "GB", "2026-06-01": "IE", "2026-05-14": "SE,FI,DE,AT",
    "2026-05-03": "PL", "2026-06-04": "PL,AT,DE", "2026-06-19": "SE,FI", "2026-06-06": "SE",
    "2025-04-18": "*", "2025-04-21": "*", "2025-05-01": "SE,PL,FI,DE,AT,MT",
    "2025-05-05": "GB,IE", "2025-05-26": "GB", "2025-06-02": "IE", "2025-06-20": "SE,FI",
    "2025-12-24": "SE,FI,DE,AT,PL", "2025-12-25": "*", "2025-12-26": "*",
    "2026-01-01": "*", "2025-11-01": "PL,FI,AT", "2025-11-11": "PL",
}


def parse_day(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%d"))


def last_sunday(year, month):
    last = calendar.monthrange(year, month)[1]
    wd = calendar.weekday(year, month, last)  # Mon=0
    return calendar.timegm((year, month, last - (wd + 1) % 7, 1, 0, 0))


_DST = {}


def utc_offset(std, t):
    y = time.gmtime(t).tm_year
    if y not in _DST:
        _DST[y] = (last_sunday(y, 3), last_sunday(y, 10))
    a, b = _DST[y]
    return std + (1 if a <= t < b else 0)


# --------------------------------------------------------------------------- small helpers

def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 12:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


class Net:
    """A fixed line whose public address changes every few weeks."""
    __slots__ = ("changes", "ips", "country", "city")

    def __init__(self, rng, country, city, days, prefixes, mean_days=30.0, static=False):
        self.country, self.city = country, city
        pre = rng.choice(prefixes)
        self.changes, self.ips = [-10**6], [pre + ".%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))]
        if not static:
            d = rng.expovariate(1 / mean_days)
            while d < days:
                self.changes.append(d)
                self.ips.append(pre + ".%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)))
                d += rng.expovariate(1 / mean_days)

    def ip(self, day_f):
        return self.ips[bisect.bisect_right(self.changes, day_f) - 1]


class Player:
    pass


# --------------------------------------------------------------------------- the world

class World:
    def __init__(self, seed, n_customers, days, start):
        self.rng = random.Random(seed)
        self.days = days
        self.t0 = parse_day(start)
        self.t_end = self.t0 + days * DAY
        self.horizon = self.t_end + LABEL_HORIZON_DAYS * DAY
        self.n_customers = n_customers
        self.rows = []
        self.attacks = []
        self.closures = []  # (attack, customer ids closed after its first report)
        self.used_cids = set()
        self.players = []
        self.scale = n_customers / 4600.0 * days / 120.0
        self._setup_calendar()
        self._setup_networks()
        self._setup_app_releases()
        self.workstations = []  # the payments / VIP team's back-office PCs
        for _ in range(6):
            w = Device(self.rng, "desktop", browser="chrome")
            w.model, w.lag = "win", 2.0
            self.workstations.append(w)

    # ---- calendar
    def _setup_calendar(self):
        d = lambda s: (parse_day(s) - self.t0) // DAY
        self.cl = {d(s) for s in CL_2025_26}
        self.el = {d(s) for s in EL_THURSDAYS}
        self.clf = {d(s) for s in CL_FINALS}
        self.chelt = {d(s) for s in CHELTENHAM}
        self.gn = {d(s) for s in GRAND_NATIONAL}
        self.intl = set()
        for a, b in INTL_BREAKS:
            self.intl.update(range(d(a), d(b) + 1))
        self.wc = set(range(d(WORLD_CUP[0]), d(WORLD_CUP[1]) + 1))
        self.hol = {}
        for s, cs in HOLIDAYS.items():
            self.hol[d(s)] = cs
        self.dow = [time.gmtime(self.t0 + i * DAY).tm_wday for i in range(self.days + 1)]
        self.mday = [time.gmtime(self.t0 + i * DAY).tm_mday for i in range(self.days + 1)]
        self.month = [time.gmtime(self.t0 + i * DAY).tm_mon for i in range(self.days + 1)]
        # outside the hard-coded seasons: a rule-based stand-in for European nights
        yrs = {time.gmtime(self.t0 + i * DAY).tm_year for i in range(self.days + 1)}
        if not yrs <= {2025, 2026}:
            for i in range(self.days + 1):
                tm = time.gmtime(self.t0 + i * DAY)
                if tm.tm_mon in (9, 10, 11, 12, 2, 3, 4, 5) and tm.tm_wday in (1, 2) and tm.tm_yday // 7 % 3 == 0:
                    self.cl.add(i)

    def in_season(self, d, country):
        m = self.month[d]
        if country in ("SE", "FI"):
            return 4 <= m <= 11
        return not (m in (6, 7) or (m == 8 and self.mday[d] < 10) or (m == 5 and self.mday[d] > 26))

    def is_holiday(self, d, country):
        cs = self.hol.get(d)
        return cs is not None and (cs == "*" or country in cs)

    # ---- networks shared between players
    def _setup_networks(self):
        rng = self.rng
        self.mob_pool = {}  # country -> one CGNAT pool per carrier
        for c, pres in MOBILE.items():
            self.mob_pool[c] = [["%s.%d" % (pre, rng.randint(0, 255)) for _ in range(8)]  # a few /24s
                                for pre in pres]
        self.vpn_ips = {p: ["%s.%d" % (p, rng.randint(2, 250)) for _ in range(12)]
                        for _, _, p in VPN_EXITS}
        self.cafes = []
        for c, n in (("PL", 5), ("GB", 2), ("DE", 1), ("SE", 1)):
            for _ in range(n):
                city = self.pick_city(c)
                net = Net(rng, c, city, self.days, BROADBAND[c], static=True)
                pcs = [Device(rng, "desktop", browser="chrome") for _ in range(rng.randint(4, 10))]
                for pc in pcs:
                    pc.model = "win"
                self.cafes.append((c, city, net, pcs))

    def pick_city(self, c):
        cs = CITIES[c]
        return self.rng.choices([x[0] for x in cs], [x[3] for x in cs])[0]

    # ---- software versions
    def _setup_app_releases(self):
        rng = self.rng
        self.rel_t, self.rel_v = [], []
        t = self.t0 - 60 * DAY
        minor = 9
        while t < self.t_end + DAY:
            self.rel_t.append(t)
            self.rel_v.append("7.%d.0" % minor)
            if rng.random() < 0.45:
                self.rel_t.append(t + rng.randint(2, 5) * DAY)
                self.rel_v.append("7.%d.1" % minor)
            minor += 1
            t += rng.choice([13, 14, 14, 15, 21]) * DAY

    def app_version(self, t, lag_days):
        tt = t - min(lag_days, 40.0) * DAY
        i = bisect.bisect_right(self.rel_t, tt) - 1
        return self.rel_v[max(i, 0)]

    def chrome_major(self, t, lag_days):
        base = parse_day("2025-01-14")
        return 132 + int((t - min(lag_days, 30) * DAY - base) // (28 * DAY))

    # ---- ids
    def new_cid(self):
        while True:
            c = "p-%07d" % self.rng.randint(1000000, 9999999)
            if c not in self.used_cids:
                self.used_cids.add(c)
                return c

    # ---- rows
    def emit(self, t, cid, amount, cur, dev, ip, country, city, payee, lat=None, lon=None,
             attack=None, ua=None, channel=None):
        if t < self.t0 or t >= self.t_end or amount <= 0:
            return
        if dev is not None:
            dev_id = dev.id
            ua = ua if ua is not None else dev.ua(self, t)
            channel = channel or dev.channel
            if dev.channel == "web" and dev.browser == "firefox" and self.rng.random() < 0.12:
                dev_id = ""  # resist-fingerprinting mode: no stable id
        else:
            dev_id = ""
        self.rows.append([int(t), cid, round(amount, 2), cur, channel or "", ip, dev_id, ua or "",
                          lat, lon, country, city, payee, attack])
        if attack is not None:
            attack["rows"].append(self.rows[-1])

    def new_attack(self, scen, **kw):
        a = {"scen": scen, "rows": []}
        a.update(kw)
        self.attacks.append(a)
        return a

    # ------------------------------------------------------------------ genuine players
    def make_player(self, seg=None, country=None, start_day=None):
        rng = self.rng
        p = Player()
        p.cid = self.new_cid()
        if country is None:
            cs = list(COUNTRIES)
            country = rng.choices(cs, [COUNTRIES[c][3] for c in cs])[0]
        p.country = country
        p.cur, p.fx, p.tz, _, hub = COUNTRIES[country]
        p.city = self.pick_city(country)
        la, lo = CITY_XY[country][p.city]
        p.home = (la + rng.gauss(0, 0.04), lo + rng.gauss(0, 0.06))
        segs = list(SEGMENTS)
        p.seg = seg or rng.choices(segs, [SEGMENTS[s][0] for s in segs])[0]
        _, rate, chase, med, sig, winp, hours, dows = SEGMENTS[p.seg]
        p.rate = rate * rng.lognormvariate(-0.18, 0.6)
        p.chase = min(0.8, max(0.05, chase + rng.gauss(0, 0.08)))
        p.med = med * rng.lognormvariate(0, 0.45)
        p.sig = sig
        p.winp = winp
        shift = rng.choice([-1, 0, 0, 0, 1])
        hw = [hours[(h - shift) % 24] * rng.uniform(0.7, 1.3) for h in range(24)]
        p.hcum = cumw(hw)
        p.dow = [x * rng.uniform(0.8, 1.2) for x in dows]
        p.event_fan = rng.random() < (0.7 if p.seg in ("football_casual", "sports_regular") else 0.2)
        p.big_event_only = p.seg == "football_casual" and rng.random() < 0.15
        # payday
        pt = {"GB": ["last", "25", "weekly"], "SE": ["25"], "PL": ["10", "last"], "FI": ["15last"],
              "IE": ["weekly", "last"], "DE": ["last"], "AT": ["last"], "MT": ["last", "weekly"]}[country]
        p.payday = rng.choice(pt) if rng.random() < 0.75 else None
        p.paydays = self.paydays(p.payday)
        # life cycle
        p.start = 0
        if start_day is not None:
            p.start = start_day
        elif rng.random() < 0.13:
            p.start = rng.randint(1, max(1, self.days - 5))
        p.new_account = p.start > 0
        p.end = self.days
        if rng.random() < 0.08:
            p.end = rng.randint(p.start + 3, self.days + 30)
        p.cool = None
        if rng.random() < 0.03:
            a = rng.randint(0, self.days)
            p.cool = (a, a + rng.choice([7, 14, 30, 42]))
        p.limit = None
        if rng.random() < 0.14:
            p.limit = p.med * rng.uniform(2.5, 8) * (1.5 if p.seg == "slots_night" else 1)
        p.erratic_binge = 0.05 if p.seg == "erratic" else 0.0
        # methods
        mm = METHOD_MIX[country]
        k = rng.choices([1, 2, 3], [0.55, 0.33, 0.12])[0]
        ms = []
        while len(ms) < k:
            m = rng.choices([x[0] for x in mm], [x[1] for x in mm])[0]
            if m not in ms:
                ms.append(m)
        p.methods = ms
        p.mw = cumw([0.75 if i == 0 else 0.25 / max(1, k - 1) for i in range(k)])
        p.psp = rng.choices(CARD_PSPS, [0.6, 0.3, 0.1])[0]
        p.added = []  # (day, method) methods added later
        if rng.random() < 0.06:
            m = rng.choice([x[0] for x in mm])
            p.added.append((rng.randint(0, self.days), m))
        # withdrawal accounts
        ib_c = country
        if country != "GB" and rng.random() < 0.08:
            ib_c = "LT"
        p.ibans = [(-10**6, make_iban(ib_c, rng))]
        if rng.random() < 0.04:
            p.ibans.append((rng.randint(0, self.days), make_iban(country if rng.random() < 0.7 else "LT", rng)))
        # devices
        p.devices = []
        prim = rng.choices(["app", "mweb", "web"], [0.62, 0.16, 0.22])[0]
        ios = rng.random() < (0.5 if country in ("GB", "SE", "IE") else 0.3)
        if prim == "app":
            ph = Device(rng, "ios" if ios else "android")
            ph.w = 3.0
            p.devices.append(ph)
        elif prim == "mweb":
            ph = Device(rng, "mweb_ios" if ios else "mweb_android")
            ph.w = 3.0
            p.devices.append(ph)
        else:
            pc = Device(rng, "desktop")
            pc.w = 3.0
            p.devices.append(pc)
        if rng.random() < (0.7 if p.seg == "high_roller" else 0.3):
            extra = rng.choice(["desktop", "desktop", "tablet", "mweb"])
            if extra == "tablet":
                dv = Device(rng, "ios", model=("iPad13,18", "18.6")) if rng.random() < 0.6 else Device(rng, "android", model=("SM-X200", 14))
            elif extra == "mweb":
                dv = Device(rng, "mweb_ios" if ios else "mweb_android")
            else:
                dv = Device(rng, "desktop")
            dv.w = rng.uniform(0.3, 1.5)
            p.devices.append(dv)
        # device changes
        ph = p.devices[0]
        if ph.kind in ("android", "ios") and rng.random() < 0.09:
            cd = rng.randint(1, self.days - 1)
            ph.end = cd
            if rng.random() < 0.75:
                nd = Device(rng, ph.kind, start=cd)  # new phone
            else:
                nd = Device(rng, ph.kind, start=cd, model=(ph.model, ph.os))  # reinstall
            nd.w = ph.w
            p.devices.append(nd)
        elif ph.kind == "desktop" and rng.random() < 0.05:
            cd = rng.randint(1, self.days - 1)
            ph.end = cd
            nd = Device(rng, "desktop", start=cd, browser=ph.browser)
            nd.model = ph.model
            nd.w = ph.w
            p.devices.append(nd)
        # networks
        p.mobile_only = rng.random() < 0.14
        p.home_net = None if p.mobile_only else Net(rng, country, p.city, self.days, BROADBAND[country],
                                                     mean_days=rng.choice([14, 30, 60, 400]))
        p.carrier_pool = rng.choice(self.mob_pool[country])
        p.carrier_city = hub if rng.random() < 0.6 else p.city
        p.wifi_p = rng.uniform(0.35, 0.9)
        p.vpn_p = 0.0
        if rng.random() < 0.13:
            p.vpn_p = rng.choice([0.15, 0.4, 0.8, 1.0])
            own = VPN_BY_COUNTRY.get(country)
            p.vpn_exit = rng.choice(own) if own and rng.random() < 0.5 else rng.choice(VPN_EXITS[:10])
        p.office = None
        if p.seg in ("sports_regular", "football_casual") and rng.random() < 0.15:
            p.office = Net(rng, country, p.city, self.days, BROADBAND[country], static=True)
        p.cafe = None
        p.household = None
        p.geo_perm = rng.random() < 0.55
        # trips
        p.trips = []
        if rng.random() < 0.16:
            for _ in range(rng.choice([1, 1, 1, 2])):
                a = rng.randint(0, self.days)
                dest = rng.choice(DESTS)
                if any(dd in self.wc for dd in range(a, a + 3)) and p.event_fan and rng.random() < 0.4:
                    dest = rng.choice(WC_DESTS)
                p.trips.append((a, a + rng.randint(3, 11), dest))
        p.deps = []  # (t, eur) for responsible-gambling limits
        p.last_t = 0
        return p

    def paydays(self, kind):
        out = set()
        if kind is None:
            return out
        for d in range(-3, self.days + 1):
            t = self.t0 + d * DAY
            tm = time.gmtime(t)
            last = calendar.monthrange(tm.tm_year, tm.tm_mon)[1]
            md, wd = tm.tm_mday, tm.tm_wday
            if kind == "weekly":
                hit = wd == 4
            elif kind in ("25", "10"):
                target = int(kind)
                hit = (md == target and wd < 5) or (wd == 4 and target - 2 <= md < target)
            elif kind == "15last":
                hit = (md == 15 and wd < 5) or (wd == 4 and 13 <= md < 15) or \
                      (md == last and wd < 5) or (wd == 4 and last - 2 <= md < last)
            else:
                hit = (md == last and wd < 5) or (wd == 4 and last - 2 <= md < last)
            if hit:
                out.add(d)
        return out

    def setup_households(self):
        rng = self.rng
        by_c = {}
        for p in self.players:
            if not p.mobile_only:
                by_c.setdefault(p.country, []).append(p)
        pairs = []
        for c in sorted(by_c):
            ps = by_c[c]
            rng.shuffle(ps)
            for i in range(int(len(ps) * 0.05)):
                pairs.append((ps[2 * i], ps[2 * i + 1]))
        for a, b in pairs:
            b.city, b.home = a.city, (a.home[0] + rng.gauss(0, 0.0003), a.home[1] + rng.gauss(0, 0.0003))
            b.home_net = a.home_net
            b.carrier_city = a.carrier_city
            if b.office is not None:
                b.office.city = a.city
            pcs = [d for d in a.devices if d.kind == "desktop"]
            if not pcs:
                pc = Device(rng, "desktop")
                pc.w = 1.0
                a.devices.append(pc)
            else:
                pc = pcs[0]
            shared = Device(rng, "desktop")
            for s in Device.__slots__:
                setattr(shared, s, getattr(pc, s))
            shared.w = rng.uniform(0.5, 2.0)
            b.devices.append(shared)
            a.household = b
            b.household = a
        for p in self.players:
            if p.household is None and rng.random() < 0.025:
                cands = [c for c in self.cafes if c[0] == p.country]
                if cands:
                    p.cafe = (rng.choice(cands), rng.uniform(0.3, 0.9))

    # ---- session context
    def trip_at(self, p, d):
        for a, b, dest in p.trips:
            if a <= d < b:
                return dest
        return None

    def hour_for(self, p, d, ev):
        rng = self.rng
        if ev and rng.random() < 0.75:
            return ev
        return bisect.bisect_left(p.hcum, rng.random() * p.hcum[-1]) + rng.random()

    def network(self, p, dev, t, d, trip, force_vpn=False):
        """-> (ip, country, city)"""
        rng = self.rng
        day_f = (t - self.t0) / DAY
        if force_vpn or (p.vpn_p and rng.random() < p.vpn_p):
            c, city, pre = p.vpn_exit if p.vpn_p else rng.choice(VPN_BY_COUNTRY.get(p.country, VPN_EXITS[:3]))
            return rng.choice(self.vpn_ips[pre]), c, city
        if trip is not None:
            if dev.kind in ("android", "ios", "mweb_android", "mweb_ios") and rng.random() < 0.45:
                return rng.choice(p.carrier_pool) + ".%d" % rng.randint(1, 254), p.country, p.carrier_city
            return "%s.%d.%d" % (rng.choice(trip[4]), rng.randint(0, 255), rng.randint(1, 254)), trip[0], trip[1]
        if p.cafe and dev.kind == "desktop" and rng.random() < p.cafe[1]:
            c, city, net, pcs = p.cafe[0]
            return net.ip(day_f), c, city
        if dev.kind == "desktop" or dev.kind == "tablet":
            if p.office and rng.random() < 0.3:
                lh = (t / HOUR + p.tz) % 24
                if 11 <= lh <= 17 and self.dow[d] < 5:
                    return p.office.ip(day_f), p.country, p.city
            if p.home_net:
                return p.home_net.ip(day_f), p.country, p.city
        else:
            lh = (t / HOUR + p.tz) % 24
            at_home = p.home_net is not None and (lh >= 19 or lh < 7 or self.dow[d] >= 5 or rng.random() < 0.4)
            if p.office and 11 <= lh <= 14 and self.dow[d] < 5 and rng.random() < 0.4:
                return p.office.ip(day_f), p.country, p.city
            if at_home and rng.random() < p.wifi_p:
                return p.home_net.ip(day_f), p.country, p.city
        return rng.choice(p.carrier_pool) + ".%d" % rng.randint(1, 254), p.country, p.carrier_city

    def pick_device(self, p, d):
        devs = [x for x in p.devices if x.start <= d < x.end]
        if not devs:
            devs = p.devices[-1:]
        if len(devs) == 1:
            return devs[0]
        return self.rng.choices(devs, [x.w for x in devs])[0]

    def pick_method(self, p, d):
        rng = self.rng
        for ad, m in p.added:
            if d >= ad and rng.random() < 0.4:
                return m
        return p.methods[bisect.bisect_left(p.mw, rng.random() * p.mw[-1])]

    def payee_for(self, p, method):
        psp = p.psp
        if method in ("card", "applepay") and self.rng.random() < 0.12:
            psp = self.rng.choice(CARD_PSPS)  # cascading routing to a fallback PSP
        return method_payee(method, p.cur, psp)

    def iban_for(self, p, d):
        cur = p.ibans[0][1]
        for dd, ib in p.ibans:
            if d >= dd:
                cur = ib
        return cur

    def latlon(self, p, dev, trip):
        if dev.channel != "app" or not p.geo_perm:
            return None, None
        rng = self.rng
        if trip is not None:
            return round(trip[2] + rng.gauss(0, 0.03), 4), round(trip[3] + rng.gauss(0, 0.04), 4)
        if rng.random() < 0.75:
            return round(p.home[0] + rng.gauss(0, 0.0008), 4), round(p.home[1] + rng.gauss(0, 0.0012), 4)
        return round(p.home[0] + rng.gauss(0, 0.04), 4), round(p.home[1] + rng.gauss(0, 0.06), 4)

    # ---- event calendar per player and day -> (rate multiplier, event hour or None)
    def day_factor(self, p, d):
        seg = p.seg
        c = p.country
        dow = self.dow[d]
        mult = p.dow[dow]
        ev_hour = None
        football = seg in ("football_casual", "sports_regular")
        cet_kick = 21.0 - (1 if c in ("GB", "IE") else 0) + (1 if c == "FI" else 0)
        if self.is_holiday(d, c):
            mult *= 1.25
        if football:
            if dow >= 5 and not self.in_season(d, c) and d not in self.wc:
                mult *= 0.45
            if dow >= 5 and d in self.intl:
                mult *= 0.6
        if d in self.cl and football:
            mult *= 3.0 if p.event_fan else 1.5
            ev_hour = cet_kick - self.rng.uniform(0.1, 1.8) + (self.rng.random() < 0.3) * self.rng.uniform(2.1, 2.8)
        elif d in self.el and football:
            mult *= 1.6
            ev_hour = cet_kick - self.rng.uniform(0.1, 1.5)
        if d in self.clf:
            if football:
                mult *= 3.0 if p.event_fan else 1.6
            else:
                mult *= 1.1
            ev_hour = cet_kick - self.rng.uniform(0.1, 2.5)
        if d in self.wc:
            if football:
                mult *= 2.6 if p.event_fan else 1.5
                # kick-offs 12:00, 15:00, 18:00, 21:00 ET -> 16, 19, 22, 01 UTC
                k = self.rng.choice([16, 19, 22, 25]) + utc_offset(p.tz, self.t0 + d * DAY)
                ev_hour = k - self.rng.uniform(0.1, 1.6)
            elif seg in ("casino_casual", "erratic"):
                mult *= 1.15
        if c in ("GB", "IE"):
            if d in self.chelt and seg in ("sports_regular", "football_casual", "high_roller"):
                mult *= 2.2 if seg == "sports_regular" else 1.3
                ev_hour = 13.0 + self.rng.uniform(0, 3.5)
            if d in self.gn:
                mult *= 2.5 if seg != "sports_regular" else 2.0
                ev_hour = 15.0 + self.rng.uniform(0, 1.1)
        if p.big_event_only:
            big = d in self.cl or d in self.clf or d in self.wc or d in self.gn
            mult *= 1.0 if big else 0.08
        # paydays
        pm = 1.0
        for back, f in ((0, 1.7), (1, 1.5), (2, 1.25), (3, 1.1)):
            if d - back in p.paydays:
                pm = f
                break
        if pm == 1.0 and p.paydays:
            mult *= 0.85  # the lean days before payday
        return mult * pm, ev_hour, pm

    # ---- genuine simulation
    def simulate_player(self, p):
        rng = self.rng
        binge = 0
        for d in range(max(0, p.start), min(self.days, p.end)):
            if p.cool and p.cool[0] <= d < p.cool[1]:
                continue
            mult, ev_hour, pm = self.day_factor(p, d)
            lam = p.rate * mult
            trip = self.trip_at(p, d)
            if trip is not None:
                lam *= 0.55
            if p.erratic_binge:
                if binge > 0:
                    binge -= 1
                    lam = rng.uniform(1.5, 4.0)
                elif rng.random() < p.erratic_binge:
                    binge = rng.choice([0, 0, 1, 2])
                    lam = rng.uniform(1.5, 4.0)
            n = poisson(rng, lam)
            if d == p.start and p.new_account:
                n = max(n, 1)
            for _ in range(min(n, 5)):
                self.session(p, d, ev_hour, pm, trip, first=(d == p.start and p.new_account))

    def session(self, p, d, ev_hour, pm, trip, first=False, force_dev=None):
        rng = self.rng
        h = self.hour_for(p, d, ev_hour)
        day0 = self.t0 + d * DAY
        t = day0 + h * HOUR - utc_offset(p.tz, day0 + 12 * HOUR) * HOUR
        force_vpn = False
        if trip is not None and trip[5]:  # geo-blocked destination
            if p.vpn_p == 0 and rng.random() < 0.5:
                return
            force_vpn = True
        dev = force_dev or self.pick_device(p, d)
        ip, ctry, city = self.network(p, dev, t, d, trip, force_vpn)
        lat, lon = self.latlon(p, dev, trip)
        # deposits, chasing losses
        k = 1
        while rng.random() < p.chase and k < 12:
            k += 1
        method = self.pick_method(p, d)
        total = 0.0
        amt_scale = 1.0 + (pm - 1.0) * 0.6
        for i in range(k):
            if i:
                t += rng.uniform(3, 40) * 60
                if rng.random() < 0.25:
                    method = self.pick_method(p, d)
                if dev.channel != "web" and ip.startswith(tuple(MOBILE[p.country])) and rng.random() < 0.25:
                    ip = rng.choice(p.carrier_pool) + ".%d" % rng.randint(1, 254)
            eur = p.med * rng.lognormvariate(0, p.sig) * amt_scale
            if first and i == 0:
                eur = max(eur, 10.0) * rng.choice([1, 1, 2])  # welcome-bonus deposit
            if p.limit is not None:
                spent = sum(e for tt, e in p.deps if tt > t - 7 * DAY)
                if spent + eur > p.limit:
                    break  # responsible-gambling limit reached: deposit refused, session ends
            amt = nice_amount(eur, p.fx, rng, p.cur)
            p.deps.append((t, amt / p.fx))
            if len(p.deps) > 60:
                del p.deps[:30]
            total += amt / p.fx
            self.emit(t, p.cid, amt, p.cur, dev, ip, ctry, city, self.payee_for(p, method), lat, lon)
        # cash-out when winning
        if rng.random() < p.winp or (total == 0 and rng.random() < 0.3):
            w = (total or p.med) * min(12.0, rng.lognormvariate(0.5, 0.9))
            t2 = t + rng.uniform(5, 150) * 60
            if rng.random() < 0.25:
                t2 += rng.uniform(8, 20) * HOUR  # next morning
            if w > 2500 or (p.seg == "high_roller" and rng.random() < 0.3):
                # large / VIP payouts are keyed manually by the payments team in the office
                dd = int((t2 - self.t0) // DAY) + 1
                while dd < self.days and self.dow[dd] >= 5:
                    dd += 1
                t2 = self.local_t(1, dd, rng.uniform(9, 17.5))
                self.emit(t2, p.cid, wd_amount(w, p.fx, rng), p.cur, rng.choice(self.workstations),
                          "%s.%d" % (OFFICE_PREFIX, rng.randint(10, 60)), "MT", "St Julian's",
                          self.iban_for(p, d), channel="backoffice")
                return
            self.emit(t2, p.cid, wd_amount(w, p.fx, rng), p.cur, dev, ip, ctry, city,
                      self.iban_for(p, d), lat, lon)

    # ------------------------------------------------------------------ fraud helpers
    def fraud_account(self, country=None, start_day=None):
        rng = self.rng
        p = Player()
        p.cid = self.new_cid()
        if country is None:
            cs = list(COUNTRIES)
            country = rng.choices(cs, [COUNTRIES[c][3] for c in cs])[0]
        p.country = country
        p.cur, p.fx, p.tz, _, hub = COUNTRIES[country]
        p.city = self.pick_city(country)
        return p

    def proxy_ip(self, country):
        rng = self.rng
        return "%s.%d.%d" % (rng.choice(BROADBAND[country]), rng.randint(0, 255), rng.randint(1, 254))

    def fraud_device(self, kind=None):
        rng = self.rng
        kind = kind or rng.choice(["emu", "android", "desktop", "desktop"])
        if kind == "emu":
            return Device(rng, "android", model=rng.choice(EMULATORS))
        if kind == "android":
            return Device(rng, "android", model=rng.choice(ANDROID[:8]))
        if kind == "ios":
            return Device(rng, "ios")
        return Device(rng, "desktop", browser="chrome")

    def local_t(self, tz, d, hour):
        day0 = self.t0 + d * DAY
        return day0 + hour * HOUR - utc_offset(tz, day0 + 12 * HOUR) * HOUR

    # ------------------------------------------------------------------ fraud scenarios
    def n_attacks(self, base, minimum=0):
        x = base * self.scale
        n = int(x) + (1 if self.rng.random() < x - int(x) else 0)
        return max(minimum, n)

    def stolen_card_laundering(self):
        rng = self.rng
        for _ in range(self.n_attacks(22, 1)):
            country = rng.choices(["GB", "DE", "AT", "IE", "PL", "MT", "FI"], [4, 2, 1, 2, 2, 1, 1])[0]
            mule_c = rng.choice(["LT", "LT", "LV", country])
            mules = [make_iban(mule_c, rng) for _ in range(rng.choice([1, 1, 2]))]
            d0 = rng.randint(0, self.days - 3)
            crew_dev = self.fraud_device()
            vpn = rng.random() < 0.35
            for _acc in range(rng.choice([1, 1, 2, 3])):
                p = self.fraud_account(country)
                dev = crew_dev if rng.random() < 0.5 else self.fraud_device()
                a = self.new_attack("stolen_card_laundering", kind="chargeback",
                                    p_rep=0.88, delay=(7, 48))
                self.closures.append((a, [p.cid]))
                d = min(self.days - 1, d0 + rng.randint(0, 6))
                if rng.random() < 0.25:  # warm-up with small deposits first
                    for w in range(rng.randint(2, 5)):
                        dd = d + w * rng.randint(1, 3)
                        t = self.local_t(p.tz, dd, rng.uniform(12, 23))
                        ip = self.proxy_ip(country)
                        self.emit(t, p.cid, nice_amount(rng.uniform(10, 30), p.fx, rng, p.cur), p.cur,
                                  dev, ip, country, self.pick_city(country),
                                  method_payee("card", p.cur, rng.choice(CARD_PSPS)), attack=a)
                    d = dd + rng.randint(1, 4)
                t = self.local_t(p.tz, d, rng.uniform(0, 24))
                total = 0.0
                for c in range(rng.randint(3, 9)):
                    t += rng.uniform(2, 90) * 60
                    if vpn:
                        c2, city, pre = rng.choice(VPN_EXITS)
                        ip = rng.choice(self.vpn_ips[pre])
                    else:
                        ip, c2, city = self.proxy_ip(country), country, self.pick_city(country)
                    eur = rng.choice([100, 150, 200, 250, 300, 500, 500, 750, 1000]) * rng.uniform(0.8, 1.2)
                    amt = nice_amount(eur, p.fx, rng, p.cur)
                    total += amt
                    self.emit(t, p.cid, amt, p.cur, dev, ip, c2, city,
                              method_payee("card", p.cur, rng.choice(CARD_PSPS)), attack=a)
                for w in range(rng.choice([1, 1, 2, 3])):
                    t += rng.uniform(0.5, 30) * HOUR
                    share = rng.uniform(0.7, 0.95) / (w + 1)
                    self.emit(t, p.cid, round(total * share, 2), p.cur, dev, self.proxy_ip(country),
                              country, self.pick_city(country), rng.choice(mules), attack=a)

    def account_takeover(self):
        rng = self.rng
        cands = [p for p in self.players if p.seg in ("high_roller", "sports_regular", "slots_night")
                 and p.end >= self.days and p.start < self.days - 20]
        cands.sort(key=lambda p: -p.med)
        cands = cands[: max(10, len(cands) // 3)]
        n = min(len(cands), self.n_attacks(38, 1))
        for p in rng.sample(cands, n):
            a = self.new_attack("account_takeover", kind="batch", p_rep=0.85, delay=(0.5, 14))
            d = rng.randint(5, self.days - 1)
            dev = self.fraud_device(rng.choice(["desktop", "desktop", "android", "emu", "ios"]))
            mule = make_iban(rng.choice(["LT", "LT", p.country, p.country, "LV"]), rng)
            balance = p.med * rng.uniform(3, 15) * (2 if p.seg == "high_roller" else 1)
            t = self.local_t(p.tz, d, rng.choice([rng.uniform(1, 6), rng.uniform(9, 23)]))
            if rng.random() < 0.5:
                ip, c, city = self.proxy_ip(p.country), p.country, self.pick_city(p.country)
            else:
                c, city, pre = rng.choice(VPN_BY_COUNTRY.get(p.country, VPN_EXITS[:3]))
                ip = rng.choice(self.vpn_ips[pre])
            if rng.random() < 0.3:  # patient: a test withdrawal, come back days later
                self.emit(t, p.cid, wd_amount(rng.uniform(15, 40), p.fx, rng), p.cur, dev, ip, c, city, mule, attack=a)
                t += rng.uniform(2, 9) * DAY
                ip = self.proxy_ip(p.country) if c == p.country else ip
            if rng.random() < 0.3:  # top up with the saved card first
                for _ in range(rng.randint(1, 3)):
                    t += rng.uniform(2, 20) * 60
                    amt = nice_amount(p.med * rng.uniform(2, 6), p.fx, rng, p.cur)
                    balance += amt / p.fx
                    self.emit(t, p.cid, amt, p.cur, dev, ip, c, city, self.payee_for(p, p.methods[0]), attack=a)
            for w in range(rng.choice([1, 1, 2, 3])):
                t += rng.uniform(5, 180) * 60
                self.emit(t, p.cid, wd_amount(balance / (w + 1.3), p.fx, rng), p.cur, dev, ip, c, city, mule, attack=a)

    def bonus_abuse_ring(self):
        rng = self.rng
        for _ in range(self.n_attacks(3.2, 0)):
            country = rng.choice(["PL", "GB", "SE", "DE", "FI"])
            cur, fx = COUNTRIES[country][0], COUNTRIES[country][1]
            qual = {"GBP": 10.0, "EUR": 20.0, "SEK": 100.0, "PLN": 40.0}[cur]
            phones = [self.fraud_device(rng.choice(["android", "android", "emu"])) for _ in range(rng.randint(3, 6))]
            phones.append(self.fraud_device("desktop"))
            ranges = ["%s.%d" % (rng.choice(BROADBAND[country]), rng.randint(0, 255)) for _ in range(rng.choice([1, 2]))]
            city = self.pick_city(country)
            ring_ibans = [make_iban(rng.choice([country, "LT"]), rng) for _ in range(rng.randint(2, 4))]
            d0 = rng.randint(0, max(1, self.days - 20))
            detect = self.t0 + (d0 + rng.uniform(18, 45)) * DAY
            method = rng.choice(["paysafecard", "skrill", "card", "muchbetter" if country == "GB" else "paysafecard"])
            for k in range(rng.randint(18, 45)):
                p = self.fraud_account(country)
                a = self.new_attack("bonus_abuse_ring", kind="fixed", p_rep=0.72, at=detect)
                self.closures.append((a, [p.cid]))
                d = d0 + int(k * rng.uniform(0.3, 1.0))
                if d >= self.days:
                    break
                dev = rng.choice(phones)
                t = self.local_t(p.tz, d, rng.uniform(10, 23.5))
                for j in range(rng.choice([1, 1, 2, 3])):
                    ip = "%s.%d" % (rng.choice(ranges), rng.randint(2, 250))
                    self.emit(t, p.cid, qual, cur, dev, ip, country, city, method_payee(method, cur, "nuvei"),
                              attack=a)
                    t += rng.uniform(1, 4) * DAY
                    if rng.random() < 0.3:
                        dev = rng.choice(phones)
                ib = rng.choice(ring_ibans) if rng.random() < 0.45 else make_iban(country, rng)
                self.emit(t, p.cid, wd_amount(rng.uniform(25, 160), fx, rng), cur, dev,
                          "%s.%d" % (rng.choice(ranges), rng.randint(2, 250)), country, city, ib, attack=a)

    def friendly_chargeback(self):
        rng = self.rng
        cands = [p for p in self.players if any(m in CHARGEBACK for m in p.methods)
                 and p.seg in ("slots_night", "casino_casual", "sports_regular", "erratic", "high_roller")]
        n = min(len(cands), self.n_attacks(48, 1))
        for p in rng.sample(cands, n):
            a = self.new_attack("friendly_chargeback", kind="chargeback", p_rep=0.92, delay=(20, 75))
            self.closures.append((a, [p.cid]))
            lo = max(p.start, 0)
            hi = min(p.end, self.days) - 1
            if hi <= lo:
                continue
            d = rng.randint(lo, hi)
            method = next(m for m in p.methods if m in CHARGEBACK)
            trip = None
            dev = self.pick_device(p, d)
            for night in range(rng.choice([1, 1, 2])):
                dd = min(hi, d + night * rng.randint(1, 3))
                t = self.local_t(p.tz, dd, bisect.bisect_left(p.hcum, rng.random() * p.hcum[-1]) + rng.random())
                ip, c, city = self.network(p, dev, t, dd, trip)
                lat, lon = self.latlon(p, dev, trip)
                for _ in range(rng.randint(3, 9)):
                    t += rng.uniform(3, 35) * 60
                    eur = p.med * rng.lognormvariate(0.6, 0.5)
                    self.emit(t, p.cid, nice_amount(eur, p.fx, rng, p.cur), p.cur, dev, ip, c, city,
                              self.payee_for(p, method), lat, lon, attack=a)

    def chip_dumping(self):
        rng = self.rng
        for _ in range(self.n_attacks(11, 0)):
            country = rng.choice(list(COUNTRIES))
            a = self.new_attack("chip_dumping", kind="batch", p_rep=0.55, delay=(10, 40))
            accts = []
            n = rng.randint(2, 4)
            shared = rng.random() < 0.25
            hh_dev = self.fraud_device("desktop")
            for i in range(n):
                if rng.random() < 0.5 and i > 0:
                    cands = [p for p in self.players if p.country == country and p.end >= self.days]
                    pl = rng.choice(cands) if cands else None
                else:
                    pl = None
                if pl is None:
                    pl = self.make_player(seg=rng.choice(["casino_casual", "sports_regular"]), country=country,
                                          start_day=rng.randint(0, max(0, self.days // 2)))
                    pl.rate *= 0.6
                    self.players.append(pl)
                    self.simulate_player(pl)  # their real (warm-up) play, not labelled
                accts.append(pl)
            self.closures.append((a, [x.cid for x in accts]))
            dumper, receivers = accts[0], accts[1:]
            d = rng.randint(max(dumper.start + 7, 10) if dumper.start < self.days - 12 else 0, self.days - 1)
            for rnd in range(rng.randint(1, 3)):
                dd = min(self.days - 1, d + rnd * rng.randint(2, 8))
                dev = hh_dev if shared else self.pick_device(dumper, dd)
                t = self.local_t(dumper.tz, dd, rng.uniform(19, 25))
                ip, c, city = self.network(dumper, dev, t, dd, None)
                tot = 0.0
                for _ in range(rng.randint(1, 4)):
                    t += rng.uniform(2, 25) * 60
                    amt = nice_amount(rng.choice([300, 500, 1000, 2000, 3000]), dumper.fx, rng, dumper.cur)
                    tot += amt / dumper.fx
                    self.emit(t, dumper.cid, amt, dumper.cur, dev, ip, c, city,
                              self.payee_for(dumper, dumper.methods[0]), attack=a)
                for r in receivers:
                    t2 = t + rng.uniform(3, 40) * HOUR
                    rd = int((t2 - self.t0) // DAY)
                    dv = hh_dev if shared else self.pick_device(r, rd)
                    ip2, c2, city2 = self.network(r, dv, t2, min(rd, self.days - 1), None)
                    self.emit(t2, r.cid, wd_amount(tot * rng.uniform(0.8, 0.95) / len(receivers), r.fx, rng),
                              r.cur, dv, ip2, c2, city2, self.iban_for(r, rd), attack=a)

    def underage_account(self):
        rng = self.rng
        parents = [p for p in self.players if p.home_net is not None and any(d.kind == "desktop" for d in p.devices)]
        others = [p for p in self.players if p.home_net is not None]
        for _ in range(self.n_attacks(13, 0)):
            if parents and rng.random() < 0.6:
                par = rng.choice(parents)
                dev = next(d for d in par.devices if d.kind == "desktop")
            else:
                par = rng.choice(others)
                dev = Device(rng, rng.choice(["desktop", "android", "ios"]))
                if dev.kind == "ios" and rng.random() < 0.5:
                    dev.model = "iPad13,18"
            kid = self.fraud_account(par.country)
            kid.city, kid.tz = par.city, par.tz
            a = self.new_attack("underage_account", kind="batch", p_rep=0.9, delay=(12, 45))
            self.closures.append((a, [kid.cid]))
            method = "card" if rng.random() < 0.7 else ("paypal" if par.country in ("GB", "IE") else "paysafecard")
            d = rng.randint(0, self.days - 5)
            amt_base = rng.uniform(5, 20)
            while d < self.days:
                wd = self.dow[d]
                h = rng.uniform(15.5, 21.5) if wd < 5 else rng.uniform(11, 22)
                t = self.local_t(kid.tz, d, h)
                ip = par.home_net.ip((t - self.t0) / DAY)
                for _ in range(rng.choice([1, 1, 2, 3])):
                    self.emit(t, kid.cid, nice_amount(amt_base * rng.uniform(0.6, 1.6), par.fx, rng, par.cur),
                              par.cur, dev, ip, par.country, par.city, self.payee_for(par, method), attack=a)
                    t += rng.uniform(5, 40) * 60
                amt_base *= rng.uniform(1.0, 1.12)
                d += rng.choice([1, 1, 2, 2, 3, 4, 6])

    def stolen_identity(self):
        rng = self.rng
        for _ in range(self.n_attacks(10, 0)):
            country = rng.choice(["GB", "SE", "FI", "DE", "IE", "PL"])
            p = self.fraud_account(country)
            a = self.new_attack("stolen_identity", kind="batch", p_rep=0.4, delay=(14, 60))
            self.closures.append((a, [p.cid]))
            dev = self.fraud_device(rng.choice(["android", "ios", "desktop"]))
            home_ip = self.proxy_ip(country)
            city = self.pick_city(country)
            method = {"SE": "trustly", "FI": "brite", "PL": "p24", "GB": "openbanking", "DE": "klarna",
                      "IE": "card"}[country]
            iban = make_iban(country if rng.random() < 0.6 else "LT", rng)
            d = rng.randint(0, max(0, self.days - 10))
            for _ in range(rng.randint(3, 8)):  # warm-up
                t = self.local_t(p.tz, d, rng.uniform(17, 23.5))
                self.emit(t, p.cid, nice_amount(rng.uniform(10, 40), p.fx, rng, p.cur), p.cur, dev, home_ip,
                          country, city, method_payee(method, p.cur), attack=a)
                d += rng.randint(1, 4)
            for _ in range(rng.randint(2, 5)):
                t = self.local_t(p.tz, min(d, self.days - 1), rng.uniform(9, 23))
                tot = 0.0
                for _ in range(rng.randint(1, 3)):
                    amt = nice_amount(rng.uniform(400, 3000), p.fx, rng, p.cur)
                    tot += amt
                    self.emit(t, p.cid, amt, p.cur, dev, home_ip, country, city, method_payee(method, p.cur), attack=a)
                    t += rng.uniform(5, 60) * 60
                t += rng.uniform(1, 20) * HOUR
                self.emit(t, p.cid, round(tot * rng.uniform(0.85, 0.97), 2), p.cur, dev, home_ip, country, city,
                          iban, attack=a)
                d += rng.randint(1, 5)

    def recruited_mule(self):
        rng = self.rng
        cands = [p for p in self.players if p.start < self.days // 2 and p.end >= self.days
                 and p.seg in ("casino_casual", "football_casual", "slots_night", "erratic")]
        n = min(len(cands), self.n_attacks(12, 0))
        for p in rng.sample(cands, n):
            a = self.new_attack("recruited_mule", kind="chargeback", p_rep=0.75, delay=(10, 50))
            self.closures.append((a, [p.cid]))
            d = rng.randint(min(self.days - 1, max(p.start + 10, self.days // 3)), self.days - 1)
            for _ in range(rng.randint(1, 3)):
                if d >= self.days:
                    break
                dev = self.pick_device(p, d)
                t = self.local_t(p.tz, d, rng.uniform(10, 23))
                ip, c, city = self.network(p, dev, t, d, None)
                lat, lon = self.latlon(p, dev, None)
                tot = 0.0
                for _ in range(rng.randint(2, 5)):
                    m = rng.choice(["card", "card", "skrill", "neteller", "paysafecard"])
                    amt = nice_amount(rng.uniform(150, 900), p.fx, rng, p.cur)
                    tot += amt
                    self.emit(t, p.cid, amt, p.cur, dev, ip, c, city,
                              method_payee(m, p.cur, rng.choice(CARD_PSPS)), lat, lon, attack=a)
                    t += rng.uniform(2, 30) * 60
                t += rng.uniform(0.3, 6) * HOUR
                self.emit(t, p.cid, round(tot * rng.uniform(0.8, 0.95), 2), p.cur, dev, ip, c, city,
                          self.iban_for(p, d), lat, lon, attack=a)
                d += rng.randint(2, 8)

    def insider_payout(self):
        rng = self.rng
        ws = self.workstations[:3]
        cands = [p for p in self.players if p.seg in ("high_roller", "sports_regular", "casino_casual")]
        for _ in range(self.n_attacks(2.2, 0)):
            dev = rng.choice(ws)
            mule = make_iban(rng.choice(["MT", "LT"]), rng)
            for p in rng.sample(cands, min(len(cands), rng.randint(2, 4))):
                a = self.new_attack("insider_payout", kind="batch", p_rep=0.8, delay=(3, 25))
                d = rng.randint(0, self.days - 1)
                t = self.local_t(1, d, rng.uniform(9, 18.5))
                for _ in range(rng.choice([1, 1, 2])):
                    self.emit(t, p.cid, wd_amount(p.med * rng.uniform(4, 20), p.fx, rng), p.cur, dev,
                              "%s.%d" % (OFFICE_PREFIX, rng.randint(10, 60)), "MT", "St Julian's", mule,
                              attack=a, channel="backoffice")
                    t += rng.uniform(1, 5) * DAY

    # ------------------------------------------------------------------ labels
    def apply_reports(self):
        rng = self.rng
        drop = set()
        close_at = {}
        attack_close = {id(a): cids for a, cids in self.closures}
        for a in self.attacks:
            rows = a["rows"]
            if not rows:
                continue
            rows.sort(key=lambda r: r[0])
            reported = rng.random() < a["p_rep"]
            reps = []
            if reported:
                kind = a["kind"]
                if kind == "chargeback":
                    lo, hi = a["delay"]
                    dep_reps = []
                    for r in rows:
                        if is_iban(r[12]):
                            continue
                        if rng.random() < 0.9:
                            rr = r[0] + rng.uniform(lo, hi) * DAY
                            r.append(rr)
                            dep_reps.append(rr)
                    first = min(dep_reps) if dep_reps else rows[0][0] + rng.uniform(lo, hi) * DAY
                    for r in rows:
                        if len(r) == 14 and rng.random() < 0.8:  # withdrawals linked when the case opens
                            r.append(max(r[0], first) + rng.uniform(0, 2) * DAY)
                elif kind == "batch":
                    lo, hi = a["delay"]
                    base = rows[0][0] + rng.uniform(lo, hi) * DAY
                    if a["scen"] == "chip_dumping":
                        base = rows[-1][0] + rng.uniform(lo, hi) * DAY
                    for r in rows:
                        if rng.random() < 0.95:
                            r.append(base + rng.uniform(0, 36) * HOUR)
                else:  # fixed detection time
                    for r in rows:
                        r.append(a["at"] + rng.uniform(0, 48) * HOUR)
            reps = [r[14] for r in rows if len(r) > 14 and r[14] <= self.horizon]
            for r in rows:
                if len(r) > 14 and r[14] > self.horizon:
                    r[14] = None  # not yet known when the data set was cut
            if reps:
                block = min(reps)
                for r in rows:
                    if r[0] > block:
                        drop.add(id(r))
                for cid in attack_close.get(id(a), ()):
                    close_at[cid] = min(close_at.get(cid, 1e18), block)
        out = []
        for r in self.rows:
            if id(r) in drop:
                continue
            if r[1] in close_at and r[0] > close_at[r[1]]:
                continue
            out.append(r)
        self.rows = out

    # ------------------------------------------------------------------ run
    def run(self):
        for _ in range(self.n_customers):
            self.players.append(self.make_player())
        self.setup_households()
        for p in list(self.players):
            self.simulate_player(p)
        self.stolen_card_laundering()
        self.account_takeover()
        self.bonus_abuse_ring()
        self.friendly_chargeback()
        self.chip_dumping()
        self.underage_account()
        self.stolen_identity()
        self.recruited_mule()
        self.insider_payout()
        self.apply_reports()


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(t)))


def csv_cell(s):
    if s is None:
        return ""
    s = str(s)
    if any(ch in s for ch in ',"\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def write(world, path):
    rows = world.rows
    rows.sort(key=lambda r: (r[0], r[1]))
    scen_of = {}
    for a in world.attacks:
        for r in a["rows"]:
            scen_of[id(r)] = a["scen"]
    stats = {"rows": 0, "fraud": 0, "reported": 0, "scen": {}, "cust": set()}
    with open(path, "wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="") as f:
        f.write(HEADER + "\n")
        buf = []
        for i, r in enumerate(rows):
            t, cid, amt, cur, ch, ip, dev, ua, lat, lon, ctry, city, payee, attack = r[:14]
            fraud = attack is not None
            rep = r[14] if fraud and len(r) > 14 and r[14] is not None else None
            scen = scen_of[id(r)] if fraud else ""
            stats["rows"] += 1
            stats["cust"].add(cid)
            if fraud:
                stats["fraud"] += 1
                stats["scen"][scen] = stats["scen"].get(scen, 0) + 1
                if rep is not None:
                    stats["reported"] += 1
            buf.append(",".join((
                "gw-%010d" % (i + 1), cid, iso(t), "%.2f" % amt, cur, ch, ip, dev, csv_cell(ua),
                "" if lat is None else "%.4f" % lat, "" if lon is None else "%.4f" % lon,
                ctry or "", csv_cell(city), payee, "1" if fraud else "0",
                iso(rep) if rep is not None else "", scen)))
            if len(buf) >= 5000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")
    return stats


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.gamewallet",
                                 description="Synthetic player-wallet payments of a Malta-licensed "
                                             "online gaming and betting operator (replay CSV).")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=4600, help="genuine player accounts")
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--start", default="2026-03-02", help="first day, YYYY-MM-DD (UTC)")
    ap.add_argument("--out", default="world-gamewallet.csv.gz")
    args = ap.parse_args(argv)
    t_start = time.time()
    w = World(args.seed, args.customers, args.days, args.start)
    w.run()
    st = write(w, args.out)
    el = time.time() - t_start
    n, fr = st["rows"], st["fraud"]
    sc = ", ".join("%s %d" % (k, v) for k, v in sorted(st["scen"].items(), key=lambda kv: -kv[1]))
    print("gamewallet: wrote %d rows for %d customers (%d days from %s, seed %d) to %s; "
          "%d fraud rows (%.2f %%): %s; %.0f %% of fraud rows reported; %.1f s."
          % (n, len(st["cust"]), args.days, args.start, args.seed, args.out, fr,
             100.0 * fr / max(1, n), sc or "none", 100.0 * st["reported"] / max(1, fr), el))


if __name__ == "__main__":
    main()
