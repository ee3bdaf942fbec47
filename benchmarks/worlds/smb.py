"""Synthetic UK SME business-banking payment history ("smb" world).

Written independently of the riskgate scorer: the author read only the public
wire contract (request fields of POST /v1/score and the "Replay files"
section) and none of the scorer's features, models, benchmarks or tests.

A UK bank's business-banking platform (amounts mostly GBP): sole traders with
mixed personal spending, small firms (5-30 staff) with payroll runs, supplier
runs, HMRC VAT/PAYE/Corporation-tax/Self-assessment, rent, utilities, business
rates, card-like online spend, directors' dividends; a few mid-sized firms
(50-300 staff) with finance teams, several offices, corporate VPNs and bulk
files sent from accounting/payroll software (channel "api").  Fraud scenarios:
bec_invoice_redirect, ceo_fraud, ato_phishing, payroll_diversion,
insider_fraud, mule_business.

Run:
    python -m benchmarks.worlds.smb [--seed N] [--customers N] [--days N]
                                    [--start YYYY-MM-DD] [--out FILE]

Defaults: seed 7, 2,500 businesses, 120 days from 2025-12-01 (crosses
Christmas, the 31 January self-assessment deadline, VAT quarters and March
year-end; BST starts on 29 March), out world-smb.csv.gz (gzip when the name
ends in .gz).  Default size: about 340k rows, ~0.26 % fraud, ~15 s on one
core; `--customers 80 --days 30` takes well under a second.  Uses the
standard library only (numpy not needed); the output is byte-reproducible
for a given seed and arguments (gzip header mtime fixed at 0).
"""

import argparse
import bisect
import datetime as _dt
import gzip
import ipaddress
import math
import random
import sys
import time

HEADER = ("transaction_id,customer_id,timestamp,amount,currency,channel,ip,"
          "device_id,user_agent,lat,lon,country,city,payee_id,is_fraud,"
          "fraud_reported_at,scenario")

DAY = 86400

# --------------------------------------------------------------------------
# geography
# --------------------------------------------------------------------------
UK_CITIES = [
    ("London", 51.5072, -0.1276, 28), ("Birmingham", 52.4862, -1.8904, 6),
    ("Manchester", 53.4808, -2.2426, 6), ("Leeds", 53.8008, -1.5491, 4),
    ("Glasgow", 55.8642, -4.2518, 4), ("Liverpool", 53.4084, -2.9916, 3),
    ("Bristol", 51.4545, -2.5879, 3.5), ("Sheffield", 53.3811, -1.4701, 3),
    ("Edinburgh", 55.9533, -3.1883, 3.5), ("Newcastle upon Tyne", 54.9783, -1.6178, 2.5),
    ("Cardiff", 51.4816, -3.1791, 2.5), ("Nottingham", 52.9548, -1.1581, 2.5),
    ("Leicester", 52.6369, -1.1398, 2), ("Southampton", 50.9097, -1.4044, 2),
    ("Brighton", 50.8225, -0.1372, 2), ("Reading", 51.4543, -0.9781, 2),
    ("Belfast", 54.5973, -5.9301, 2), ("Cambridge", 52.2053, 0.1218, 1.5),
    ("Oxford", 51.752, -1.2577, 1.5), ("Norwich", 52.6309, 1.2974, 1.5),
    ("Exeter", 50.7184, -3.5339, 1.2), ("Aberdeen", 57.1497, -2.0943, 1.2),
    ("York", 53.9591, -1.0815, 1.2), ("Coventry", 52.4068, -1.5197, 1.5),
    ("Milton Keynes", 52.0406, -0.7594, 1.5), ("Plymouth", 50.3755, -4.1427, 1.2),
    ("Swansea", 51.6214, -3.9436, 1), ("Derby", 52.9225, -1.4746, 1.2),
    ("Stoke-on-Trent", 53.0027, -2.1794, 1), ("Hull", 53.7676, -0.3274, 1),
    ("Bournemouth", 50.7192, -1.8808, 1.2), ("Guildford", 51.2362, -0.5704, 1),
    ("Chelmsford", 51.7356, 0.4685, 1), ("Ipswich", 52.0567, 1.1482, 0.8),
    ("Inverness", 57.4778, -4.2247, 0.5), ("Truro", 50.2632, -5.051, 0.5),
]
UK_HUBS = ["London", "Manchester", "Birmingham", "Leeds"]
UKC = {c[0]: ("GB", c[0], c[1], c[2]) for c in UK_CITIES}

# holiday / business travel destinations (country, city, lat, lon, weight)
TRAVEL = [
    ("ES", "Malaga", 36.7213, -4.4214, 5), ("ES", "Barcelona", 41.3874, 2.1686, 3),
    ("ES", "Palma", 39.5696, 2.6502, 2), ("FR", "Paris", 48.8566, 2.3522, 4),
    ("FR", "Chamonix", 45.9237, 6.8694, 2), ("DE", "Frankfurt", 50.1109, 8.6821, 2),
    ("DE", "Berlin", 52.52, 13.405, 1.5), ("NL", "Amsterdam", 52.3676, 4.9041, 3),
    ("IE", "Dublin", 53.3498, -6.2603, 3), ("US", "New York", 40.7128, -74.006, 3),
    ("US", "Orlando", 28.5384, -81.3789, 1.5), ("AE", "Dubai", 25.2048, 55.2708, 3),
    ("IT", "Milan", 45.4642, 9.19, 1.5), ("PT", "Lisbon", 38.7223, -9.1393, 1.5),
    ("PT", "Faro", 37.0194, -7.9322, 1.5), ("CH", "Geneva", 46.2044, 6.1432, 1),
    ("AT", "Innsbruck", 47.2692, 11.4041, 1), ("CN", "Shenzhen", 22.5431, 114.0579, 0.7),
    ("IN", "Mumbai", 19.076, 72.8777, 0.8), ("PL", "Krakow", 50.0647, 19.945, 1),
    ("TR", "Istanbul", 41.0082, 28.9784, 1), ("TH", "Bangkok", 13.7563, 100.5018, 0.8),
    ("ZA", "Cape Town", -33.9249, 18.4241, 0.6), ("AU", "Sydney", -33.8688, 151.2093, 0.4),
]

# IPv4 pools: list of (first octet, second octet lo, second octet hi)
V4 = {
    # UK residential broadband
    "BT": [(86, 128, 191), (81, 128, 159), (109, 144, 159)],
    "VIRGIN": [(82, 0, 47), (86, 0, 31), (80, 192, 207)],
    "SKY": [(90, 192, 255), (2, 96, 127), (5, 64, 81)],
    "TALKTALK": [(92, 16, 31), (89, 240, 255), (78, 144, 151)],
    "PLUSNET": [(212, 159, 159), (84, 92, 93)],
    "VODAFONE_BB": [(188, 28, 31), (31, 48, 55)],
    # UK business ISPs (static)
    "BIZ": [(81, 145, 145), (212, 56, 56), (195, 171, 171), (217, 33, 33),
            (213, 123, 123), (62, 172, 172), (194, 73, 73), (88, 97, 97),
            (5, 148, 148), (46, 33, 33)],
    # UK mobile carriers (CGNAT)
    "EE": [(31, 94, 94), (2, 26, 27)],
    "O2": [(82, 132, 132), (85, 255, 255)],
    "VODAFONE": [(151, 227, 227), (92, 41, 41)],
    "THREE": [(92, 40, 40), (188, 29, 29)],
    # cloud / accounting software egress
    "AWS_LON": [(3, 8, 11), (18, 130, 135), (35, 176, 179)],
    "AWS_DUB": [(52, 16, 19), (34, 240, 255)],
    "AZURE_UK": [(51, 104, 105), (20, 26, 26)],
    # corporate secure web gateway / consumer VPN
    "ZSCALER": [(165, 225, 225), (147, 161, 161)],
    "CVPN": [(185, 156, 156), (37, 120, 120), (89, 238, 238), (146, 70, 70)],
    # hosting used by attackers (and the occasional honest VPN)
    "HOSTING": [(104, 248, 248), (167, 99, 99), (178, 62, 62), (139, 59, 59),
                (51, 75, 75), (51, 89, 89), (95, 216, 216), (116, 202, 202),
                (45, 55, 55), (193, 32, 32)],
    # foreign access networks
    "ES": [(88, 0, 31), (83, 32, 63)], "FR": [(78, 192, 255), (176, 128, 191)],
    "DE": [(91, 0, 63), (79, 192, 255)], "NL": [(84, 80, 111), (145, 128, 135)],
    "IE": [(89, 100, 127), (37, 228, 231)], "US": [(73, 0, 255), (98, 0, 63)],
    "AE": [(94, 200, 207), (86, 96, 99)], "IT": [(79, 0, 63), (93, 32, 63)],
    "PT": [(85, 240, 247), (89, 152, 159)], "CH": [(178, 192, 199), (85, 0, 7)],
    "AT": [(84, 112, 119), (62, 46, 47)], "CN": [(113, 64, 127), (183, 0, 31)],
    "IN": [(49, 32, 47), (106, 192, 223)], "PL": [(83, 0, 31), (89, 64, 79)],
    "TR": [(88, 224, 255), (176, 32, 63)], "TH": [(171, 96, 103), (49, 228, 231)],
    "ZA": [(105, 224, 231), (41, 112, 127)], "AU": [(101, 160, 191), (110, 20, 23)],
    "NG": [(102, 88, 91), (105, 112, 127)], "RO": [(86, 120, 127), (79, 112, 119)],
    "LT": [(88, 118, 119), (78, 56, 63)], "GH": [(154, 160, 161), (41, 66, 66)],
    "BR": [(177, 0, 63), (189, 0, 31)], "VN": [(14, 160, 191), (113, 160, 175)],
}
V6 = {"BT": 0x2a00_23c0, "SKY": 0x2a02_0c7c, "EE": 0x2a01_04c8, "VIRGIN": 0x2a02_08d8}

RESI_PROVIDERS = [("BT", 30), ("VIRGIN", 20), ("SKY", 20), ("TALKTALK", 10),
                  ("PLUSNET", 8), ("VODAFONE_BB", 5)]
CARRIERS = [("EE", 30), ("O2", 27), ("VODAFONE", 22), ("THREE", 14)]
CARRIER_GW = ["London", "London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol"]

ATTACK_RESI = [("NG", "Lagos", 6.5244, 3.3792, 3), ("RO", "Bucharest", 44.4268, 26.1025, 2),
               ("LT", "Vilnius", 54.6872, 25.2797, 1.5), ("GH", "Accra", 5.6037, -0.187, 1.5),
               ("NL", "Rotterdam", 51.9244, 4.4777, 1), ("BR", "Sao Paulo", -23.5505, -46.6333, 1),
               ("VN", "Hanoi", 21.0278, 105.8342, 0.7), ("ES", "Madrid", 40.4168, -3.7038, 1),
               ("AE", "Dubai", 25.2048, 55.2708, 1), ("IN", "Delhi", 28.7041, 77.1025, 0.8)]
HOSTING_GEO = [("GB", "London", 51.5072, -0.1276, 4), ("NL", "Amsterdam", 52.3676, 4.9041, 3),
               ("DE", "Frankfurt", 50.1109, 8.6821, 3), ("US", "Ashburn", 39.0438, -77.4874, 1),
               ("FR", "Roubaix", 50.6942, 3.1746, 1), ("GB", "Manchester", 53.4808, -2.2426, 1)]

# English bank holidays (subset covering 2025-2027)
BANK_HOLIDAYS = {
    "2025-08-25", "2025-12-25", "2025-12-26", "2026-01-01", "2026-04-03", "2026-04-06",
    "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28", "2027-01-01",
    "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
}

# --------------------------------------------------------------------------
# shared payees (merchants, HMRC, utilities ...): name, median, sigma, weight
# --------------------------------------------------------------------------
MERCH_BIZ = [("amazon_business", 60, 0.9, 10), ("google_ads", 180, 0.9, 3), ("meta_ads", 120, 0.9, 3),
             ("microsoft365", 45, 0.6, 3), ("adobe", 55, 0.4, 1.5), ("royal_mail", 18, 0.8, 3),
             ("dpd", 25, 0.7, 2), ("staples", 70, 0.8, 2), ("viking", 90, 0.8, 1.5),
             ("costco", 220, 0.8, 2), ("apple", 35, 1.2, 2), ("trainline", 85, 0.7, 2.5),
             ("tfl", 12, 0.6, 1.5), ("premier_inn", 95, 0.4, 1.5), ("ebay", 45, 1.0, 2),
             ("shopify", 39, 0.5, 1), ("godaddy", 25, 0.8, 1), ("zoom", 15, 0.4, 1),
             ("linkedin", 45, 0.5, 0.8), ("uber", 22, 0.6, 1.5), ("easyjet", 140, 0.6, 0.7),
             ("ba", 320, 0.8, 0.4), ("canva", 11, 0.3, 0.8), ("dropbox", 16, 0.4, 0.6)]
MERCH_TRADE = [("screwfix", 70, 0.9, 6), ("toolstation", 55, 0.9, 4), ("travis_perkins", 280, 1.0, 3),
               ("jewson", 320, 1.0, 2), ("cef", 190, 0.9, 2), ("wickes", 110, 0.9, 2.5),
               ("b_and_q", 80, 0.9, 2.5), ("city_plumbing", 150, 0.9, 2), ("shell", 75, 0.4, 3),
               ("bp", 75, 0.4, 3), ("speedy_hire", 160, 0.7, 1)]
MERCH_HOSP = [("booker", 650, 0.6, 5), ("brakes", 900, 0.6, 3), ("bidfood", 850, 0.6, 3),
              ("makro", 420, 0.7, 2), ("matthew_clark", 1200, 0.6, 2), ("costco", 380, 0.7, 2)]
MERCH_PERSONAL = [("tesco", 38, 0.8, 8), ("sainsburys", 42, 0.8, 6), ("asda", 45, 0.8, 4),
                  ("aldi", 35, 0.7, 4), ("lidl", 30, 0.7, 3), ("amazon", 28, 1.0, 8),
                  ("deliveroo", 24, 0.4, 2.5), ("just_eat", 22, 0.4, 2), ("shell", 60, 0.4, 3),
                  ("bp", 60, 0.4, 2), ("netflix", 10.99, 0.01, 1), ("spotify", 11.99, 0.01, 1),
                  ("argos", 45, 0.9, 2), ("boots", 18, 0.8, 2), ("ikea", 110, 0.9, 0.8),
                  ("currys", 180, 1.0, 0.8), ("asos", 55, 0.7, 1.2), ("uber", 16, 0.6, 1.5),
                  ("trainline", 45, 0.8, 1), ("john_lewis", 90, 0.9, 0.8), ("pets_at_home", 30, 0.6, 0.6),
                  ("national_lottery", 10, 0.5, 0.5), ("bet365", 25, 1.0, 0.4)]
CRYPTO = ["coinbase", "kraken", "binance_uk"]
UTILITIES = [("british_gas", 180), ("edf", 150), ("octopus", 160), ("eon_next", 150),
             ("bt_business", 65), ("vodafone_business", 55), ("thames_water", 45),
             ("severn_trent", 40), ("business_stream", 50), ("sse", 140)]
PENSIONS = ["nest", "peoples_pension", "smart_pension", "aviva_pensions"]
SOFTWARE = [("xero", "AWS_LON", ("GB", "London", 51.5072, -0.1276), "Xero-Payments/3.2 (+https://xero.com)"),
            ("sage", "AZURE_UK", ("GB", "London", 51.5072, -0.1276), "SageBankConnect/4.1"),
            ("quickbooks", "AWS_DUB", ("IE", "Dublin", 53.3498, -6.2603), "QuickBooks-BillPay/1.9"),
            ("brightpay", "AWS_DUB", ("IE", "Dublin", 53.3498, -6.2603), "BrightPay-BACS/2.4"),
            ("iris", "AZURE_UK", ("GB", "London", 51.5072, -0.1276), "IRIS-Payroll/5.0 bulk"),
            ("dext", "AWS_LON", ("GB", "London", 51.5072, -0.1276), "Dext-Pay/1.3")]

IOS_MODELS = ["iPhone13,2", "iPhone14,5", "iPhone14,7", "iPhone15,2", "iPhone15,4", "iPhone16,1",
              "iPhone16,2", "iPhone17,1", "iPhone17,3", "iPhone12,1"]
ANDROID_MODELS = ["SM-S918B", "SM-S921B", "SM-A546B", "SM-A356B", "Pixel 8", "Pixel 7a",
                  "Pixel 9", "SM-G991B", "moto g84 5G", "2311DRK48G", "CPH2581", "SM-S931B"]


def wchoice(rng, items, weights=None, cum=None):
    if cum is None:
        cum = []
        s = 0.0
        for w in (weights if weights is not None else [it[-1] for it in items]):
            s += w
            cum.append(s)
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


class Picker:
    """weighted choice with precomputed cumulative weights"""
    __slots__ = ("items", "cum")

    def __init__(self, items, weights=None):
        self.items = list(items)
        ws = weights if weights is not None else [it[-1] for it in self.items]
        self.cum = []
        s = 0.0
        for w in ws:
            s += w
            self.cum.append(s)

    def __call__(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


UK_PICK = Picker(UK_CITIES)
TRAVEL_PICK = Picker(TRAVEL)
RESI_PICK = Picker(RESI_PROVIDERS)
CARRIER_PICK = Picker(CARRIERS)
ATTACK_RESI_PICK = Picker(ATTACK_RESI)
HOSTING_PICK = Picker(HOSTING_GEO)


def v4(rng, pool):
    a, lo, hi = rng.choice(V4[pool])
    return "%d.%d.%d.%d" % (a, rng.randint(lo, hi), rng.randint(0, 255), rng.randint(1, 254))


def v4_block(rng, pool):
    a, lo, hi = rng.choice(V4[pool])
    return "%d.%d.%d." % (a, rng.randint(lo, hi), rng.randint(0, 255))


def v6_prefix(rng, provider):
    """a customer /56 inside the provider's /32 (as int of the top 56 bits)"""
    return (V6[provider] << 24) | rng.getrandbits(24)


def v6_addr(prefix56, iid):
    return ipaddress.IPv6Address((prefix56 << 72) | iid).compressed


# --------------------------------------------------------------------------
# networks and devices
# --------------------------------------------------------------------------
class Net:
    """A network a user connects from.  kind: office, home, cell, hotel, cloud,
    vpn, acct (accountant office), attacker."""
    __slots__ = ("kind", "geo", "ips", "lease", "v6", "v6share", "pool", "geo_fn")

    def __init__(self, kind, geo, ips=None, lease=0, v6=None, v6share=0.0, pool=None):
        self.kind = kind
        self.geo = geo            # (country, city, lat, lon) or None
        self.ips = ips or []
        self.lease = lease        # days per dynamic address (0: pick any of ips)
        self.v6 = v6              # /56 prefix int for dual-stack homes
        self.v6share = v6share
        self.pool = pool          # CGNAT / egress pool name

    def ip(self, rng, day):
        if self.v6 is not None and rng.random() < self.v6share:
            # privacy addresses rotate daily
            iid = (hash_int(self.v6, day) & ((1 << 64) - 1)) | 1
            return v6_addr(self.v6, iid)
        if self.lease:
            return self.ips[(day // self.lease) % len(self.ips)]
        return self.ips[rng.randrange(len(self.ips))]


def hash_int(a, b):
    x = (a * 0x9E3779B97F4A7C15 + b * 0xC2B2AE3D27D4EB4F + 0x165667B19E3779F9) & ((1 << 64) - 1)
    x ^= x >> 29
    x = (x * 0xBF58476D1CE4E5B9) & ((1 << 64) - 1)
    x ^= x >> 32
    return x


class Carrier:
    """mobile operator: CGNAT egress addresses shared by many subscribers"""

    def __init__(self, rng, name, n):
        self.name = name
        self.ips = [v4(rng, name) for _ in range(n)]
        self.gw = [UKC[rng.choice(CARRIER_GW)] for _ in range(n)]

    def pick(self, rng, ipv6_prefix=None):
        if ipv6_prefix is not None:
            return v6_addr(ipv6_prefix, rng.getrandbits(64) | 1), self.gw[0]
        i = rng.randrange(len(self.ips))
        return self.ips[i], self.gw[i]


def _ver(day_abs, lag, base, anchor, period):
    return base + max(0, (day_abs - lag - anchor)) // period


class Device:
    __slots__ = ("id", "kind", "os", "model", "lag", "gps", "start", "end", "browser", "osver")

    def __init__(self, rng, kind, start=0, end=10 ** 6, os=None):
        self.id = "d-%010x" % rng.getrandbits(40)
        self.kind = kind          # phone | laptop | desktop
        self.lag = rng.randint(0, 25)
        self.start, self.end = start, end
        self.gps = rng.random() < 0.72
        if kind == "phone":
            self.os = os or ("ios" if rng.random() < 0.55 else "android")
            self.model = rng.choice(IOS_MODELS if self.os == "ios" else ANDROID_MODELS)
            self.osver = rng.choice([0, 0, 0, 1, 1, 2])   # versions behind
            self.browser = None
        else:
            r = rng.random()
            if kind == "desktop":
                self.os = "win"
                self.browser = "chrome" if r < 0.55 else ("edge" if r < 0.9 else "firefox")
            else:
                if r < 0.35:
                    self.os, self.browser = "mac", ("safari" if rng.random() < 0.6 else "chrome")
                else:
                    self.os = "win"
                    self.browser = "chrome" if r < 0.75 else ("edge" if r < 0.93 else "firefox")
            self.model = None
            self.osver = 0

    def ua(self, day_abs):
        if self.kind == "phone":
            app = _ver(day_abs, self.lag, 0, 20425, 35)   # BizBank 6.8 -> ...
            maj, mnr = 6 + (8 + app) // 10, (8 + app) % 10
            if self.os == "ios":
                iv = _ver(day_abs, self.lag, 1, 20425, 45) - self.osver
                return "BizBank/%d.%d.%d (iOS 26.%d; %s)" % (maj, mnr, day_abs % 3 if app else 0,
                                                             max(0, iv), self.model)
            av = 16 - (1 if self.osver else 0)
            return "BizBank/%d.%d.0 (Android %d; %s)" % (maj, mnr, av, self.model)
        osstr = "Windows NT 10.0; Win64; x64" if self.os == "win" else "Macintosh; Intel Mac OS X 10_15_7"
        if self.browser == "safari":
            sv = _ver(day_abs, self.lag, 1, 20425, 50)
            return ("Mozilla/5.0 (%s) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.%d "
                    "Safari/605.1.15" % (osstr, sv))
        if self.browser == "firefox":
            fv = _ver(day_abs, self.lag, 145, 20425, 28)
            return "Mozilla/5.0 (%s; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (osstr, fv, fv)
        cv = _ver(day_abs, self.lag, 142, 20425, 28)
        s = ("Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
             "Safari/537.36" % (osstr, cv))
        if self.browser == "edge":
            s += " Edg/%d.0.0.0" % cv
        return s


class User:
    __slots__ = ("role", "devices", "home", "city", "trips", "wfh", "cvpn", "corp_vpn",
                 "emp_payee", "sites", "carrier", "cell_v6", "acct_dev")

    def __init__(self, role):
        self.role = role
        self.devices = []
        self.home = None
        self.city = None
        self.trips = []           # (d0, d1, geo, abroad)
        self.wfh = 0.0
        self.cvpn = None
        self.corp_vpn = None
        self.emp_payee = None
        self.sites = []
        self.carrier = None
        self.cell_v6 = None
        self.acct_dev = None

    def where(self, day):
        for d0, d1, geo, abroad in self.trips:
            if d0 <= day <= d1:
                return geo, abroad
        return None, False

    def dev(self, day, kinds):
        for d in self.devices:
            if d.kind in kinds and d.start <= day < d.end:
                return d
        return None


class Practice:
    """external accountancy practice shared by many clients"""

    def __init__(self, rng, world):
        self.city = UK_PICK(rng)
        geo = UKC[self.city[0]]
        blk = v4_block(rng, "BIZ")
        self.net = Net("acct", geo, [blk + str(rng.randint(2, 250)) for _ in range(rng.randint(1, 3))])
        self.devs = [Device(rng, "desktop" if rng.random() < 0.6 else "laptop")
                     for _ in range(rng.randint(1, 6))]
        self.fee_payee = world.new_acct()


# --------------------------------------------------------------------------
# time helpers
# --------------------------------------------------------------------------
class Calendar:
    def __init__(self, start, days):
        self.start = start
        self.days = days
        self.epoch0 = int(_dt.datetime(start.year, start.month, start.day,
                                       tzinfo=_dt.timezone.utc).timestamp())
        self.day_abs0 = (start - _dt.date(1970, 1, 1)).days
        self.dates = [start + _dt.timedelta(d) for d in range(days + 130)]
        self.dow = [d.weekday() for d in self.dates]
        self.biz = [(dt.weekday() < 5 and dt.isoformat() not in BANK_HOLIDAYS) for dt in self.dates]
        self._bst = {}

    def bst(self, y):
        if y not in self._bst:
            def last_sun(m):
                d = _dt.date(y, m, 31)
                return d - _dt.timedelta((d.weekday() + 1) % 7)
            a = last_sun(3)
            b = last_sun(10)
            ea = int(_dt.datetime(a.year, a.month, a.day, 1, tzinfo=_dt.timezone.utc).timestamp())
            eb = int(_dt.datetime(b.year, b.month, b.day, 1, tzinfo=_dt.timezone.utc).timestamp())
            self._bst[y] = (ea, eb)
        return self._bst[y]

    def ts(self, day, lsec):
        """UK local wall-clock (day index, seconds since local midnight) -> UTC epoch"""
        e = self.epoch0 + day * DAY + int(lsec)
        y = self.dates[min(day, len(self.dates) - 1)].year
        a, b = self.bst(y)
        if a <= e - 3600 < b:
            e -= 3600
        return e

    def idx(self, date):
        return (date - self.start).days

    def prev_biz(self, d):
        if d >= len(self.biz):
            return d
        while d >= 0 and not self.biz[d]:
            d -= 1
        return d

    def next_biz(self, d):
        while 0 <= d < len(self.biz) - 1 and not self.biz[d]:
            d += 1
        return d

    def months(self, back=1):
        """(year, month) pairs overlapping the window plus `back` before"""
        y, m = self.start.year, self.start.month - back
        while m <= 0:
            y, m = y - 1, m + 12
        out = []
        end = self.dates[self.days - 1]
        while (y, m) <= (end.year, end.month):
            out.append((y, m))
            m += 1
            if m == 13:
                y, m = y + 1, 1
        return out

    def dom(self, y, m, d):
        """index of day d of month (clamped to month end), may be out of range"""
        import calendar as _c
        last = _c.monthrange(y, m)[1]
        return self.idx(_dt.date(y, m, min(d, last)))

    def last_biz_of_month(self, y, m):
        import calendar as _c
        return self.prev_biz(self.idx(_dt.date(y, m, _c.monthrange(y, m)[1])))


# hour-of-day profiles: list of (weight, mean hour, sd hours)
PROFILES = {
    "office": [(45, 10.3, 1.4), (42, 14.6, 1.5), (9, 19.5, 1.5), (4, 22.5, 1.0)],
    "trades": [(30, 7.0, 0.9), (18, 12.5, 1.0), (42, 19.8, 1.4), (10, 22.0, 1.0)],
    "hospitality": [(35, 11.0, 1.4), (30, 15.5, 1.3), (20, 23.6, 1.1), (15, 1.2, 0.8)],
    "retail": [(25, 8.8, 0.9), (35, 13.5, 2.0), (30, 18.7, 1.2), (10, 21.5, 1.0)],
    "care": [(20, 3.0, 2.0), (30, 10.0, 2.5), (25, 15.0, 2.5), (25, 21.0, 2.0)],
    "personal": [(25, 8.5, 1.5), (35, 13.0, 2.5), (40, 20.0, 1.8)],
    "night": [(40, 22.5, 1.5), (35, 1.5, 1.2), (25, 17.0, 2.0)],
}
PROF_PICK = {k: Picker(v, [w for w, _, _ in v]) for k, v in PROFILES.items()}


def sample_sec(rng, profile):
    _, mu, sd = PROF_PICK[profile](rng)
    h = rng.gauss(mu, sd) % 24.0
    return int(h * 3600)


def around(rng, hour, sd=0.8, lo=5.0, hi=23.5):
    h = min(hi, max(lo, rng.gauss(hour, sd)))
    return int(h * 3600)


def money(x):
    return round(max(0.01, x), 2)


# --------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------
class Incident:
    __slots__ = ("scen", "delay", "rows")

    def __init__(self, scen, delay):
        self.scen = scen
        self.delay = delay        # seconds after the last fraud row, or None = never
        self.rows = []


class World:
    def __init__(self, seed, n_cust, days, start):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n = n_cust
        self.cal = Calendar(start, days)
        self.days = days
        self._accts = set()
        rng = self.rng
        self.shared = {}
        for name, *_ in MERCH_BIZ + MERCH_TRADE + MERCH_HOSP + MERCH_PERSONAL:
            if name not in self.shared:
                self.shared[name] = self.new_acct()
        for name, _ in UTILITIES:
            self.shared[name] = self.new_acct()
        for name in PENSIONS + CRYPTO + ["hmrc_vat", "hmrc_cumbernauld", "hmrc_sa", "hmrc_ct"]:
            self.shared[name] = self.new_acct()
        self.council = {c[0]: self.new_acct() for c in UK_CITIES}
        self.pick_biz = Picker(MERCH_BIZ)
        self.pick_trade = Picker(MERCH_TRADE)
        self.pick_hosp = Picker(MERCH_HOSP)
        self.pick_pers = Picker(MERCH_PERSONAL)
        # wholesalers / regional suppliers shared by businesses in a city
        self.city_suppliers = {c[0]: [self.new_acct() for _ in range(max(3, int(c[3] * 3)))]
                               for c in UK_CITIES}
        scale = max(0.05, n_cust / 2500.0)
        self.carriers = {name: Carrier(rng, name, max(40, int(400 * scale * w / 30)))
                         for name, w in CARRIERS}
        self.software = []
        for name, pool, geo, ua in SOFTWARE:
            ips = [v4(rng, pool) for _ in range(rng.randint(3, 8))]
            self.software.append((name, Net("cloud", geo, ips), ua))
        self.zscaler = []
        for city in ("London", "Manchester"):
            self.zscaler.append(Net("vpn", UKC[city], [v4(rng, "ZSCALER") for _ in range(12)]))
        self.zscaler.append(Net("vpn", ("NL", "Amsterdam", 52.3676, 4.9041),
                                [v4(rng, "ZSCALER") for _ in range(12)]))
        self.cvpn = []
        for country, city, lat, lon, _ in HOSTING_GEO:
            self.cvpn.append(Net("vpn", (country, city, lat, lon), [v4(rng, "CVPN") for _ in range(20)]))
        self.practices = [Practice(rng, self) for _ in range(max(2, n_cust // 30))]
        # mule-side shared infrastructure
        self.mule_pool = [self.new_acct() for _ in range(max(8, n_cust // 40))]
        self.rows = []
        self.end_epoch = self.cal.epoch0 + days * DAY
        self.label_horizon = self.end_epoch + 60 * DAY

    def new_acct(self):
        while True:
            a = "acct-%08d" % self.rng.randrange(10 ** 7, 10 ** 8)
            if a not in self._accts:
                self._accts.add(a)
                return a

    def mule_acct(self, rng):
        """fraudsters often reuse a mule account across several victims"""
        if rng.random() < 0.35:
            return rng.choice(self.mule_pool)
        return self.new_acct()

    # ---------------------------------------------------------------- nets
    def home_net(self, rng, city_geo):
        prov = RESI_PICK(rng)[0]
        if rng.random() < 0.3:
            geo = UKC[rng.choice(UK_HUBS)]     # ISP geolocates to its hub
        elif rng.random() < 0.05:
            geo = None
        else:
            geo = city_geo
        ips = [v4(rng, prov) for _ in range(1 + self.days // 20)]
        v6 = v6_prefix(rng, prov) if prov in V6 and rng.random() < 0.6 else None
        return Net("home", geo, ips, lease=rng.choice([3, 7, 14, 30, 60, 200]), v6=v6, v6share=0.7)

    def office_net(self, rng, city_geo):
        blk = v4_block(rng, "BIZ")
        geo = city_geo if rng.random() < 0.85 else UKC[rng.choice(UK_HUBS)]
        return Net("office", geo, [blk + str(rng.randint(2, 250)) for _ in range(rng.randint(1, 4))])

    def hotel_net(self, rng, geo, abroad):
        pool = geo[0] if abroad else RESI_PICK(rng)[0]
        return Net("hotel", geo, [v4(rng, pool) for _ in range(3)])

    def make_user(self, rng, role, city, phone=True, laptop=True, desktop=False):
        u = User(role)
        u.city = city
        u.home = self.home_net(rng, UKC[city[0]] if rng.random() < 0.8 else UKC[UK_PICK(rng)[0]])
        u.carrier = CARRIER_PICK(rng)[0]
        if u.carrier == "EE" and rng.random() < 0.6:
            u.cell_v6 = (V6["EE"] << 24) | rng.getrandbits(24)
        if phone:
            d = Device(rng, "phone")
            u.devices.append(d)
            if rng.random() < 0.09:   # phone upgrade during the window
                x = rng.randrange(5, max(6, self.days - 3))
                d.end = x
                u.devices.append(Device(rng, "phone", start=x, os=d.os if rng.random() < 0.85 else None))
        if laptop:
            d = Device(rng, "laptop")
            u.devices.append(d)
            if rng.random() < 0.12:   # cookies cleared / new browser
                x = rng.randrange(3, max(4, self.days - 3))
                d.end = x
                nd = Device(rng, "laptop", start=x)
                nd.os, nd.browser = d.os, d.browser
                u.devices.append(nd)
        if desktop:
            u.devices.append(Device(rng, "desktop"))
        if rng.random() < 0.04:
            u.cvpn = rng.choice(self.cvpn)
        return u

    def add_trips(self, rng, u, n_abroad_p, n_dom_p):
        d = 0
        if rng.random() < n_abroad_p:
            n = 1 + (rng.random() < 0.3)
            for _ in range(n):
                c = TRAVEL_PICK(rng)
                d0 = rng.randrange(0, self.days)
                u.trips.append((d0, d0 + rng.randint(2, 12), c[:4], True))
        if rng.random() < n_dom_p:
            for _ in range(rng.randint(1, 3)):
                c = UK_PICK(rng)
                if c[0] == u.city[0]:
                    continue
                d0 = rng.randrange(0, self.days)
                u.trips.append((d0, d0 + rng.randint(0, 3), UKC[c[0]], False))
        return d

    # ------------------------------------------------------------- context
    def ctx(self, rng, b, u, day, lsec, kinds=None):
        """session context -> (channel, ip, device_id, ua, lat, lon, country, city)"""
        day_abs = self.cal.day_abs0 + day
        if u.role == "acct":
            dev = u.acct_dev
            net = u.home
            geo = net.geo
            return ("web", net.ip(rng, day), dev.id, dev.ua(day_abs), geo[2], geo[3], geo[0], geo[1])
        trip, abroad = u.where(day)
        hour = (lsec / 3600.0) % 24
        workday = self.cal.biz[day]
        phone = u.dev(day, ("phone",))
        comp = u.dev(day, ("desktop", "laptop")) if trip is None else u.dev(day, ("laptop",))
        at_office = (u.sites and workday and 7.5 <= hour <= 18.5 and trip is None
                     and rng.random() > u.wfh)
        if kinds == "web" and comp is not None:
            use_phone = False
        elif phone is None:
            use_phone = False
        elif comp is None:
            use_phone = True
        else:
            p = 0.25 if at_office else (0.7 if trip is not None else 0.55)
            use_phone = rng.random() < p
        if at_office and not use_phone and comp.kind == "laptop" and u.dev(day, ("desktop",)):
            comp = u.dev(day, ("desktop",))
        if not use_phone and comp is not None and comp.kind == "desktop" and not at_office:
            comp = u.dev(day, ("laptop",))
            if comp is None:
                use_phone = phone is not None
                if not use_phone:   # no way in from here: fall back to the office desktop
                    at_office = bool(u.sites)
                    comp = u.dev(day, ("desktop",))
        dev = phone if use_phone else comp
        if dev is None:   # e.g. desktop-only user away from the office: works from the office anyway
            trip, at_office, use_phone = None, bool(u.sites), False
            dev = u.dev(day, ("desktop", "laptop", "phone")) or u.devices[-1]
            use_phone = dev.kind == "phone"
        # network
        if trip is not None:
            if use_phone and rng.random() < 0.6:
                net = None            # roaming: IP of the home carrier
            else:
                net = self.hotel_net(rng, trip, abroad)
        elif at_office:
            net = u.sites[0] if len(u.sites) == 1 or rng.random() < 0.7 else rng.choice(u.sites)
            if use_phone and rng.random() < 0.5:
                net = None
        else:
            if use_phone and rng.random() < 0.45:
                net = None
            else:
                net = u.home
                if u.corp_vpn is not None and not use_phone and rng.random() < 0.8:
                    net = u.corp_vpn
                elif u.cvpn is not None and rng.random() < 0.6:
                    net = u.cvpn
        if net is None:
            c = self.carriers[u.carrier]
            ip, geo = c.pick(rng, u.cell_v6 if (u.cell_v6 is not None and rng.random() < 0.8) else None)
        else:
            ip, geo = net.ip(rng, day), net.geo
        # location: phone GPS is the physical place, otherwise IP geolocation
        if use_phone:
            channel = "mobile"
            if dev.gps:
                phys = trip if trip is not None else (UKC[u.city[0]] if not at_office else
                                                      (u.sites[0].geo or UKC[u.city[0]]))
                if trip is None and not at_office and rng.random() < 0.25:
                    phys = UKC[u.city[0]]
                lat = phys[2] + rng.gauss(0, 0.03)
                lon = phys[3] + rng.gauss(0, 0.045)
                return (channel, ip, dev.id, dev.ua(day_abs), lat, lon, phys[0], phys[1])
        else:
            channel = "web"
        if geo is None:
            country = "GB" if net is None or net.kind not in ("hotel",) else trip[0]
            return (channel, ip, dev.id, dev.ua(day_abs), None, None, country, "")
        return (channel, ip, dev.id, dev.ua(day_abs), geo[2], geo[3], geo[0], geo[1])

    def api_ctx(self, rng, b, day):
        name, net, ua = b.software
        geo = net.geo
        return ("api", net.ip(rng, day), "", ua, geo[2], geo[3], geo[0], geo[1])

    def attacker_ctx(self, rng, day):
        r = rng.random()
        web = rng.random() < 0.8
        if r < 0.35:
            g = HOSTING_PICK(rng)
            ip = v4(rng, "HOSTING")
        elif r < 0.65:
            g = ATTACK_RESI_PICK(rng)
            ip = v4(rng, g[0])
        else:
            g = UKC[UK_PICK(rng)[0]]   # residential proxy in the UK
            ip = v4(rng, RESI_PICK(rng)[0])
        day_abs = self.cal.day_abs0 + day
        if web:
            dev = Device(rng, "laptop")
            if rng.random() < 0.3:
                ua = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/%d.0.0.0 Safari/537.36" % rng.randint(128, 143))
            elif rng.random() < 0.5:
                ua = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/%d.0.0.0 Safari/537.36" % rng.randint(130, 144))
            else:
                ua = dev.ua(day_abs)
            return ("web", ip, dev.id, ua, g[2], g[3], g[0], g[1])
        dev = Device(rng, "phone", os="android")
        ua = ("BizBank/6.%d.0 (Android %d; %s)" %
              (rng.randint(4, 8), rng.randint(11, 14),
               rng.choice(["sdk_gphone64_x86_64", "SM-G973F", "Redmi Note 8", "SM-A125F"])))
        return ("mobile", ip, dev.id, ua, g[2], g[3], g[0], g[1])

    # ------------------------------------------------------------ emission
    def emit(self, b, ctx, t, amount, payee, cur="GBP", inc=None):
        row = [t, b.cid, len(self.rows), money(amount), cur, ctx[0], ctx[1], ctx[2], ctx[3],
               ctx[4], ctx[5], ctx[6], ctx[7], payee, 0, None, ""]
        if inc is not None:
            row[14] = 1
            row[16] = inc.scen
            inc.rows.append(row)
        self.rows.append(row)
        return row

    def close_incidents(self, incs):
        for inc in incs:
            if not inc.rows:
                continue
            if inc.delay is None:
                continue
            rep = max(r[0] for r in inc.rows) + int(inc.delay)
            if rep > self.label_horizon:
                continue
            for r in inc.rows:
                r[15] = rep


# --------------------------------------------------------------------------
# businesses
# --------------------------------------------------------------------------
SECTORS_SOLE = [("trades", 34), ("office", 28), ("retail", 10), ("hospitality", 7),
                ("care", 6), ("night", 3), ("personal", 12)]
SECTORS_SMALL = [("office", 34), ("trades", 22), ("retail", 14), ("hospitality", 16),
                 ("care", 8), ("night", 6)]
SECTORS_MID = [("office", 45), ("retail", 15), ("hospitality", 12), ("care", 13), ("trades", 15)]


class Emp:
    __slots__ = ("payee", "amount", "start", "end", "hourly", "change", "new_payee", "director")

    def __init__(self):
        self.change = None
        self.new_payee = None
        self.director = False


class Supplier:
    __slots__ = ("payee", "amount", "sd", "cadence", "dom", "cur", "start", "change", "new_payee", "local")


class Business:
    pass


class Plan:
    """payment intents grouped in sessions before timestamps are fixed"""

    def __init__(self):
        self.groups = []   # [day, lsec, who, gap, items[(amount, payee, cur, inc)], kinds, ctx]

    def add(self, day, lsec, who, gap, items, kinds=None, ctx=None):
        g = [day, lsec, who, gap, items, kinds, ctx]
        self.groups.append(g)
        return g


def build_business(w, rng, idx, kind, open_day):
    b = Business()
    b.cid = "smb-%06d" % idx
    b.kind = kind
    b.open_day = open_day
    b.city = UK_PICK(rng)
    cgeo = UKC[b.city[0]]
    b.sector = wchoice(rng, {"sole": SECTORS_SOLE, "small": SECTORS_SMALL, "mid": SECTORS_MID}[kind])[0]
    b.software = None
    b.practice = rng.choice(w.practices) if rng.random() < (0.55 if kind == "sole" else 0.85) else None
    b.users = []
    b.sites = []
    b.emps = []
    b.sups = []
    b.vat = None
    b.importer = rng.random() < (0.04 if kind == "sole" else 0.12 if kind == "small" else 0.3)
    if kind == "sole":
        o = w.make_user(rng, "owner", b.city, phone=True, laptop=rng.random() < 0.55)
        if b.sector in ("trades", "hospitality", "retail") and rng.random() < 0.3:
            b.sites = [w.office_net(rng, cgeo)]   # shop / yard wifi
            o.sites = b.sites
            o.wfh = 0.5
        w.add_trips(rng, o, 0.10, 0.15)
        b.users = [o]
        b.staff = 0
    elif kind == "small":
        b.staff = min(30, int(5 + rng.expovariate(1 / 5.0)))
        if b.sector in ("office",) or rng.random() < 0.75:
            b.sites = [w.office_net(rng, cgeo)]
        d = w.make_user(rng, "director", b.city)
        d.sites = b.sites
        d.wfh = rng.choice([0.2, 0.4, 0.6])
        w.add_trips(rng, d, 0.35, 0.35)
        b.users = [d]
        if rng.random() < 0.3:
            d2 = w.make_user(rng, "director", b.city)
            d2.sites, d2.wfh = b.sites, 0.4
            w.add_trips(rng, d2, 0.25, 0.3)
            b.users.append(d2)
        if rng.random() < 0.7:
            bk = w.make_user(rng, "bookkeeper", b.city, phone=rng.random() < 0.4,
                             laptop=rng.random() < 0.5 or not b.sites, desktop=bool(b.sites))
            bk.sites = b.sites
            bk.wfh = rng.choice([0.0, 0.1, 0.2, 0.4])
            w.add_trips(rng, bk, 0.12, 0.05)
            b.users.append(bk)
        if rng.random() < 0.3:
            b.software = rng.choice(w.software)
    else:
        b.staff = int(math.exp(rng.uniform(math.log(50), math.log(240))))
        b.sites = [w.office_net(rng, cgeo)]
        for _ in range(rng.choice([0, 0, 1, 2])):
            other = UK_PICK(rng)
            b.sites.append(w.office_net(rng, UKC[other[0]]))
        vpn = rng.choice(w.zscaler) if rng.random() < 0.4 else None
        cfo = w.make_user(rng, "cfo", b.city)
        cfo.sites, cfo.wfh, cfo.corp_vpn = b.sites, 0.3, vpn
        w.add_trips(rng, cfo, 0.5, 0.6)
        b.users = [cfo]
        for i in range(rng.randint(2, 7)):
            city = b.city if rng.random() < 0.8 else UK_PICK(rng)
            f = w.make_user(rng, "finance", city, phone=rng.random() < 0.5, laptop=True,
                            desktop=rng.random() < 0.5)
            f.sites = b.sites if len(b.sites) == 1 else [b.sites[i % len(b.sites)]] + b.sites
            f.wfh = rng.choice([0.2, 0.4, 0.4, 0.6])
            f.corp_vpn = vpn
            w.add_trips(rng, f, 0.15, 0.1)
            b.users.append(f)
        b.software = rng.choice(w.software) if rng.random() < 0.75 else None
    if b.practice is not None:
        a = User("acct")
        a.home = b.practice.net
        a.acct_dev = rng.choice(b.practice.devs)
        b.acct_user = a
    else:
        b.acct_user = None
    for u in b.users:
        if u.role in ("bookkeeper", "finance", "director", "cfo"):
            u.emp_payee = None
    return b


def plan_business(w, rng, b, frauds):
    """build the payment plan (honest) for one business; frauds: list of scenario names"""
    cal = w.cal
    D = w.days
    plan = Plan()
    users = b.users
    owner = users[0]
    kind = b.kind
    od = b.open_day
    size = {"sole": 1.0, "small": 3.0 + b.staff / 4.0, "mid": 12.0 + b.staff / 5.0}[kind]
    hp = b.sector if kind != "sole" or b.sector != "office" else "personal"
    ap_users = [u for u in users if u.role in ("bookkeeper", "finance")] or users[:1]
    approvers = [u for u in users if u.role in ("director", "cfo", "owner")] or users[:1]

    def pick_user(pool):
        return pool[0] if len(pool) == 1 else rng.choice(pool)

    def biz_sec(mean=None):
        if mean is not None:
            return around(rng, mean, 1.0, 6.5, 21.5)
        if kind == "sole" or b.sector != "office":
            return sample_sec(rng, hp)
        return sample_sec(rng, "office")

    # ------------------------------------------------------------ payroll
    if kind != "sole":
        n = b.staff
        base_month = {"office": 2600, "trades": 2300, "retail": 1750, "hospitality": 1600,
                      "care": 1800, "night": 1900}[b.sector]
        b.pay_freq = "monthly"
        r = rng.random()
        if kind == "mid":
            b.pay_freq = "weekly" if r < 0.2 else ("fourweekly" if r < 0.28 else "monthly")
        elif b.sector in ("hospitality", "care", "trades", "retail", "night"):
            b.pay_freq = "weekly" if r < 0.35 else ("fortnightly" if r < 0.47 else
                                                    "fourweekly" if r < 0.55 else "monthly")
        elif r < 0.08:
            b.pay_freq = "fourweekly"
        turnover = {"hospitality": 0.05, "retail": 0.035, "care": 0.03}.get(b.sector, 0.015)
        for i in range(n):
            e = Emp()
            e.payee = w.new_acct()
            e.amount = base_month * math.exp(rng.gauss(0, 0.35))
            e.hourly = b.pay_freq != "monthly"
            e.start, e.end = -1, 10 ** 6
            if i == 0:
                e.director = True
                e.amount = rng.choice([1047.5, 1047.5, 758.0, 2500.0, 4200.0])
            if rng.random() < turnover * D / 30.0:
                e.end = rng.randrange(0, D)
            if rng.random() < 0.012 * D / 30.0:
                e.change = rng.randrange(0, D)      # honest change of bank account
                e.new_payee = w.new_acct()
            b.emps.append(e)
        for _ in range(int(n * turnover * D / 30.0 + rng.random())):
            e = Emp()
            e.payee = w.new_acct()
            e.amount = base_month * math.exp(rng.gauss(-0.1, 0.3))
            e.hourly = b.pay_freq != "monthly"
            e.start, e.end = rng.randrange(0, D), 10 ** 6
            b.emps.append(e)
        for u in users:
            if u.role in ("bookkeeper", "finance") and len(b.emps) > 1:
                e = b.emps[1 + users.index(u) % (len(b.emps) - 1)]
                u.emp_payee = e.payee
        # who runs payroll
        r = rng.random()
        if kind == "mid":
            b.payroll_by = "api" if (b.software and r < 0.8) else "web_bulk"
        elif b.software and r < 0.6:
            b.payroll_by = "api"
        elif b.acct_user is not None and r < 0.35:
            b.payroll_by = "acct"
        else:
            b.payroll_by = "web_bulk" if rng.random() < 0.3 else "web_manual"
        b.payroll_hour = rng.choice([8.5, 9.5, 10.5, 11.5, 13.5, 15.0, 16.5, 20.5])
        # pay days
        pay_days = []
        if b.pay_freq == "monthly":
            rule = rng.choice(["last", "last", "25", "28", "15", "1"])
            for y, m in cal.months():
                if rule == "last":
                    d = cal.last_biz_of_month(y, m)
                else:
                    d = cal.prev_biz(cal.dom(y, m, int(rule)))
                if m == 12 and rng.random() < 0.7:
                    d = cal.prev_biz(cal.dom(y, m, rng.choice([18, 19, 20, 22])))
                pay_days.append(d)
        else:
            step = {"weekly": 7, "fortnightly": 14, "fourweekly": 28}[b.pay_freq]
            wd = rng.choice([3, 4, 4, 4, 0])
            first = next(d for d in range(0, 7) if cal.dow[d] == wd) - rng.randrange(0, step // 7) * 7
            d = first
            while d < D:
                if d >= 0:
                    pay_days.append(cal.prev_biz(d))
                d += step
        bonus_firm = rng.random() < 0.3
        b.payroll_groups = []
        for pd in pay_days:
            rd = pd - (1 if b.payroll_by in ("api", "acct") and rng.random() < 0.5 else 0)
            rd = cal.prev_biz(rd)
            if rd < max(0, od) or rd >= D:
                continue
            items = []
            month_dec = cal.dates[rd].month == 12
            for e in b.emps:
                if not (e.start <= rd < e.end + 14):
                    continue
                amt = e.amount
                if b.pay_freq == "weekly":
                    amt = amt * 12 / 52
                elif b.pay_freq == "fortnightly":
                    amt = amt * 12 / 26
                elif b.pay_freq == "fourweekly":
                    amt = amt * 12 / 13
                if e.hourly:
                    amt *= rng.uniform(0.65, 1.3)
                elif not e.director:
                    amt *= rng.uniform(0.97, 1.06)
                if e.start >= 0 and rd - e.start < 31 and not e.director:
                    amt *= rng.uniform(0.3, 1.0)
                if rd >= e.end:
                    amt *= rng.uniform(1.0, 1.7)     # final pay incl. holiday
                if month_dec and bonus_firm and not e.hourly:
                    amt *= rng.uniform(1.1, 2.2)
                payee = e.new_payee if (e.change is not None and rd >= e.change) else e.payee
                items.append([money(amt), payee, "GBP", None, e])
            if not items:
                continue
            if b.payroll_by == "api":
                who, gap = "api", (0, 2)
            elif b.payroll_by == "acct":
                who, gap = "acct", (1, 8)
            elif b.payroll_by == "web_bulk":
                who, gap = "ap", (0, 3)
            else:
                who, gap = "ap", (12, 75)
            g = plan.add(rd, around(rng, b.payroll_hour, 0.7, 6.0, 23.0), who, gap, items, "web")
            b.payroll_groups.append(g)
        # PAYE / NIC to HMRC by the 22nd (quarterly for tiny employers)
        gross = sum(e.amount for e in b.emps if e.end > 0) * 1.25
        paye = gross * rng.uniform(0.28, 0.38)
        quarterly = paye < 1500
        for y, m in cal.months():
            if quarterly and m not in (1, 4, 7, 10):
                continue
            due = cal.prev_biz(cal.dom(y, m, 22))
            d = due - rng.choice([0, 0, 0, 1, 2, 3, 5, 7])
            if rng.random() < 0.1:
                d = cal.next_biz(due + rng.randint(1, 8))
            if od <= d < D and d >= 0:
                who = "acct" if (b.acct_user is not None and rng.random() < 0.3) else "ap"
                amt = paye * (3 if quarterly else 1) * rng.uniform(0.9, 1.12)
                plan.add(d, biz_sec(), who, (0, 0), [[money(amt), w.shared["hmrc_cumbernauld"], "GBP", None, None]])
        # workplace pension
        pen = w.shared[rng.choice(PENSIONS)]
        for y, m in cal.months():
            d = cal.prev_biz(cal.dom(y, m, rng.choice([15, 19, 22])))
            if od <= d < D and d >= 0 and rng.random() < 0.92:
                amt = gross * rng.uniform(0.06, 0.09)
                plan.add(d, biz_sec(), "ap", (0, 0), [[money(amt), pen, "GBP", None, None]])
        # expenses reimbursements to staff (honest payments to employee accounts)
        p_exp = 0.25 if kind == "small" else 0.08
        for y, m in cal.months():
            d = cal.prev_biz(cal.dom(y, m, rng.choice([10, 20, 28])))
            if not (od <= d < D and d >= 0):
                continue
            items = []
            for e in b.emps:
                if e.start <= d < e.end and rng.random() < p_exp:
                    items.append([money(rng.lognormvariate(math.log(70), 0.9)), e.payee, "GBP", None, None])
            if items:
                plan.add(d, biz_sec(), "ap", (8, 60), items, "web")
        # dividends / director's drawings
        if rng.random() < 0.7:
            dp = b.emps[0].payee
            freq = rng.choice([1, 3, 3])
            for y, m in cal.months():
                if freq == 3 and m not in (12, 3, 6, 9):
                    continue
                d = cal.prev_biz(cal.dom(y, m, rng.choice([5, 15, 28])))
                if od <= d < D and d >= 0:
                    amt = rng.lognormvariate(math.log(3000 * freq * size / 5), 0.6)
                    plan.add(d, biz_sec(), "boss", (0, 0), [[money(round(amt, -2)), dp, "GBP", None, None]])
    else:
        b.pay_freq = None
        b.payroll_groups = []
        # sole trader drawings to own personal account
        own = w.new_acct()
        freq = rng.choice([7, 7, 14, 30, 30])
        amt0 = rng.lognormvariate(math.log(350 * freq / 7), 0.5)
        d = rng.randrange(0, freq)
        while d < D:
            if d >= od:
                plan.add(d, sample_sec(rng, "personal"), "boss", (0, 0),
                         [[money(round(amt0 * rng.uniform(0.7, 1.3), -1)), own, "GBP", None, None]])
            d += freq + rng.choice([0, 0, 0, -1, 1, 2])
        # self-assessment (balancing payment + 1st payment on account) 31 Jan
        if rng.random() < 0.85:
            for y, m in cal.months():
                if m != 1:
                    continue
                due = cal.idx(_dt.date(y, 1, 31))
                amt = rng.lognormvariate(math.log(3500), 0.8)
                r = rng.random()
                if r < 0.12:
                    days_ = [due + rng.randint(1, 25)]
                elif r < 0.25:
                    days_ = [due - rng.randint(20, 50), due - rng.randint(0, 6)]
                else:
                    days_ = [due - rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20])]
                for d in days_:
                    if od <= d < D and d >= 0:
                        who = "acct" if (b.acct_user is not None and rng.random() < 0.15) else "boss"
                        plan.add(d, sample_sec(rng, "personal"), who, (0, 0),
                                 [[money(amt / len(days_)), w.shared["hmrc_sa"], "GBP", None, None]])
        # personal spending, P2P, subcontractors, crypto
        rate = rng.uniform(0.03, 0.3)
        p2p = [w.new_acct() for _ in range(rng.randint(1, 6))]
        crypto = w.shared[rng.choice(CRYPTO)] if rng.random() < 0.05 else None
        for d in range(max(0, od), D):
            k = poisson(rng, rate * (1.25 if cal.dow[d] >= 5 else 1.0) * (1.4 if cal.dates[d].month == 12 and cal.dates[d].day < 24 else 1.0))
            for _ in range(k):
                m = w.pick_pers(rng)
                plan.add(d, sample_sec(rng, "personal"), "boss", (0, 0),
                         [[money(rng.lognormvariate(math.log(m[1]), m[2])), w.shared[m[0]], "GBP", None, None]])
            if rng.random() < 0.05:
                if rng.random() < 0.3:
                    p2p.append(w.new_acct())
                plan.add(d, sample_sec(rng, "personal"), "boss", (0, 0),
                         [[money(round(rng.lognormvariate(math.log(60), 0.9), rng.choice([0, 0, 2]))),
                           rng.choice(p2p), "GBP", None, None]])
            if crypto and rng.random() < 0.06:
                plan.add(d, sample_sec(rng, "night"), "boss", (0, 0),
                         [[money(round(rng.lognormvariate(math.log(250), 1.0), -1)), crypto, "GBP", None, None]])
            if b.sector == "trades" and cal.dow[d] < 6 and rng.random() < 0.05:
                plan.add(d, sample_sec(rng, "trades"), "boss", (0, 0),
                         [[money(rng.lognormvariate(math.log(600), 0.7)),
                           w.new_acct() if rng.random() < 0.4 else rng.choice(p2p), "GBP", None, None]])

    # ------------------------------------------------------------ suppliers
    n_sup = {"sole": rng.randint(1, 5), "small": rng.randint(3, 14), "mid": rng.randint(25, 70)}[kind]
    sup_med = {"sole": 280, "small": 900, "mid": 2600}[kind]
    local = w.city_suppliers[b.city[0]]
    for i in range(n_sup):
        s = Supplier()
        s.payee = rng.choice(local) if rng.random() < 0.25 else w.new_acct()
        s.amount = rng.lognormvariate(math.log(sup_med), 1.0)
        s.sd = rng.choice([0.02, 0.1, 0.25, 0.5])
        s.cadence = rng.choice(["monthly", "monthly", "monthly", "weekly", "fortnightly", "quarterly"]) \
            if b.sector in ("hospitality", "retail") else rng.choice(["monthly"] * 5 + ["quarterly", "weekly"])
        s.dom = rng.randint(1, 28)
        s.cur = "GBP"
        if b.importer and rng.random() < 0.15:
            s.cur = rng.choice(["EUR", "EUR", "USD"])
        s.start = -1 if rng.random() < 0.9 else rng.randrange(0, D)   # new supplier onboarded
        s.change, s.new_payee = None, None
        if rng.random() < 0.015:
            s.change = rng.randrange(0, D)                        # honest bank detail change
            s.new_payee = w.new_acct()
        b.sups.append(s)
    b.sup_style = rng.choice(["ontime", "weekly", "monthly"]) if kind != "mid" else rng.choice(["weekly", "weekly", "twice"])
    run_wd = rng.choice([3, 4, 4, 1])
    # invoices due
    invoices = []   # (due_day, supplier, amount)
    for s in b.sups:
        if s.cadence == "monthly":
            for y, m in cal.months():
                invoices.append((cal.dom(y, m, s.dom), s))
        else:
            step = {"weekly": 7, "fortnightly": 14, "quarterly": 91}[s.cadence]
            d = rng.randrange(-step, 0) if s.cadence != "quarterly" else rng.randrange(-60, 60)
            while d < D:
                invoices.append((d, s))
                d += step
    by_day = {}
    for due, s in invoices:
        if due < s.start:
            continue
        if b.sup_style == "ontime":
            d = cal.prev_biz(due) if rng.random() < 0.8 else cal.next_biz(due + rng.randint(0, 10))
        elif b.sup_style == "weekly" or b.sup_style == "twice":
            d = due + ((run_wd - cal.dow[due]) % 7) if 0 <= due < len(cal.dow) else due
            if b.sup_style == "twice" and 0 <= due < len(cal.dow) and cal.dow[due] < 2:
                d = due + (1 - cal.dow[due])
            d = cal.prev_biz(d) if d >= 0 else d
        else:
            dt = cal.dates[due] if 0 <= due < len(cal.dates) else None
            if dt is None:
                continue
            d = cal.last_biz_of_month(dt.year, dt.month)
        if not (max(0, od) <= d < D):
            continue
        amt = s.amount * math.exp(rng.gauss(0, s.sd))
        if cal.dates[d].month == 12 and b.sector in ("hospitality", "retail"):
            amt *= rng.uniform(1.2, 1.9)
        payee = s.new_payee if (s.change is not None and d >= s.change) else s.payee
        by_day.setdefault(d, []).append([money(amt), payee, s.cur, None, s])
    b.sup_groups = []
    for d in sorted(by_day):
        items = by_day[d]
        rng.shuffle(items)
        if b.software is not None and kind == "mid" and rng.random() < 0.7:
            who, gap = "api", (0, 2)
        elif len(items) > 6 and (kind == "mid" or rng.random() < 0.5):
            who, gap = "ap", (0, 4)          # bulk file upload
        else:
            who, gap = "ap", (15, 120)
        hour = 10.0 if b.sector == "office" or kind == "mid" else rng.choice([8.0, 14.0, 19.5])
        g = plan.add(d, around(rng, hour, 1.8, 6.5, 22.8), who, gap, items, "web")
        b.sup_groups.append(g)
    # ad hoc supplier / one-off payments, new payees
    adhoc_rate = {"sole": 0.04, "small": 0.12, "mid": 0.9}[kind]
    pool = [s.payee for s in b.sups] + local
    for d in range(max(0, od), D):
        if not cal.biz[d] and rng.random() < 0.7:
            continue
        for _ in range(poisson(rng, adhoc_rate)):
            new = rng.random() < 0.3
            payee = w.new_acct() if new else rng.choice(pool)
            if new and rng.random() < 0.5:
                pool.append(payee)
            amt = rng.lognormvariate(math.log(sup_med * 0.6), 1.1)
            who = "ap" if kind != "sole" else "boss"
            plan.add(d, biz_sec(), who, (0, 0), [[money(amt), payee, "GBP", None, None]])
    # big one-off purchases (vehicle, equipment, deposit) - honest large new payees
    if rng.random() < (0.08 if kind == "sole" else 0.2 if kind == "small" else 0.5):
        for _ in range(1 if kind != "mid" else rng.randint(1, 3)):
            d = rng.randrange(max(0, od), D)
            amt = rng.lognormvariate(math.log(sup_med * 12), 0.8)
            if rng.random() < 0.5:
                amt = round(amt, -2)
            who = "boss" if rng.random() < 0.6 else "ap"
            sec = biz_sec() if rng.random() < 0.7 else sample_sec(rng, "personal")
            plan.add(d, sec, who, (0, 0), [[money(amt), w.new_acct(), "GBP", None, None]])
    # refunds to customers (retail / trades / hospitality)
    if b.sector in ("retail", "trades", "hospitality"):
        rr = 0.02 if kind == "sole" else 0.05 if kind == "small" else 0.3
        for d in range(max(0, od), D):
            if rng.random() < rr:
                plan.add(d, biz_sec(), "any", (0, 0),
                         [[money(rng.lognormvariate(math.log(120), 0.9)), w.new_acct(), "GBP", None, None]])

    # ------------------------------------------------------------ card-like online spend
    brate = {"sole": rng.uniform(0.02, 0.25), "small": rng.uniform(0.05, 0.4), "mid": rng.uniform(0.6, 2.0)}[kind]
    mpick = w.pick_trade if b.sector == "trades" else w.pick_hosp if b.sector == "hospitality" else w.pick_biz
    for d in range(max(0, od), D):
        f = 1.0 if cal.biz[d] else 0.35
        if cal.dates[d].month == 3:
            f *= 1.25      # year-end spending
        for _ in range(poisson(rng, brate * f)):
            m = mpick(rng) if rng.random() < 0.6 else w.pick_biz(rng)
            plan.add(d, biz_sec(), "any", (0, 0),
                     [[money(rng.lognormvariate(math.log(m[1]), m[2])), w.shared[m[0]], "GBP", None, None]])

    # ------------------------------------------------------------ premises, utilities, rates
    if b.sites or (kind == "sole" and rng.random() < 0.2):
        landlord = w.new_acct()
        rent = rng.lognormvariate(math.log({"sole": 650, "small": 2200, "mid": 9000}[kind]), 0.5)
        quarterly = rng.random() < 0.4
        for y, m in cal.months():
            if quarterly:
                if m not in (12, 3, 6, 9):
                    continue
                d = cal.prev_biz(cal.dom(y, m, 25 if m != 6 else 24))
                amt = rent * 3
            else:
                d = cal.prev_biz(cal.dom(y, m, 1))
                amt = rent
            if od <= d < D and d >= 0:
                plan.add(d, biz_sec(), "boss" if kind == "sole" else "ap", (0, 0),
                         [[money(round(amt, 0)), landlord, "GBP", None, None]])
        for _ in range(len(b.sites) or 1):
            for name, med in rng.sample(UTILITIES, rng.randint(1, 3)):
                amt0 = med * (size ** 0.6) * math.exp(rng.gauss(0, 0.4))
                dom = rng.randint(1, 28)
                for y, m in cal.months():
                    d = cal.prev_biz(cal.dom(y, m, dom))
                    winter = 1.3 if m in (12, 1, 2) else 1.0
                    if od <= d < D and d >= 0 and rng.random() < 0.9:
                        plan.add(d, biz_sec(), "ap" if kind != "sole" else "boss", (0, 0),
                                 [[money(amt0 * winter * rng.uniform(0.85, 1.2)), w.shared[name], "GBP", None, None]])
        if rng.random() < 0.6:   # business rates: 10 monthly instalments Apr-Jan
            council = w.council[b.city[0]]
            amt = rng.lognormvariate(math.log(300 * size ** 0.7), 0.5)
            for y, m in cal.months():
                if m in (2, 3):
                    continue
                d = cal.prev_biz(cal.dom(y, m, 1))
                if od <= d < D and d >= 0:
                    plan.add(d, biz_sec(), "ap" if kind != "sole" else "boss", (0, 0),
                             [[money(amt), council, "GBP", None, None]])

    # ------------------------------------------------------------ VAT / corporation tax / year end
    if rng.random() < (0.35 if kind == "sole" else 0.85 if kind == "small" else 1.0):
        stagger = rng.randint(0, 2)
        monthly = kind == "mid" and rng.random() < 0.3
        vat_q = rng.lognormvariate(math.log({"sole": 2200, "small": 9000, "mid": 60000}[kind]), 0.7)
        for y, m in cal.months(back=3):
            if not monthly and (m - 1) % 3 != stagger:
                continue
            # quarter (or month) ending at end of month m -> due 1 month + 7 days later
            nm_y, nm = (y + (m == 12), m % 12 + 1)
            nn_y, nn = (nm_y + (nm == 12), nm % 12 + 1)
            due = cal.idx(_dt.date(nn_y, nn, 7))
            due = cal.prev_biz(due) if due >= 0 else due
            d = due - rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 10])
            if rng.random() < 0.08:
                d = cal.next_biz(due + rng.randint(1, 12))
            if od <= d < D and d >= 0:
                who = "acct" if (b.acct_user is not None and rng.random() < 0.35) else ("ap" if kind != "sole" else "boss")
                amt = vat_q / (3 if monthly else 1) * math.exp(rng.gauss(0, 0.25))
                plan.add(d, biz_sec(), who, (0, 0), [[money(amt), w.shared["hmrc_vat"], "GBP", None, None]])
    if kind != "sole" and rng.random() < 0.4:
        # corporation tax 9 months + 1 day after year end; some year ends fall due in the window
        d = rng.randrange(0, int(D * 3.5))
        if od <= d < D:
            d = cal.prev_biz(d)
            if d >= 0:
                amt = rng.lognormvariate(math.log({"small": 14000, "mid": 140000}[kind]), 0.8)
                who = "acct" if (b.acct_user is not None and rng.random() < 0.4) else "boss"
                plan.add(d, biz_sec(), who, (0, 0), [[money(amt), w.shared["hmrc_ct"], "GBP", None, None]])
    if b.practice is not None and rng.random() < 0.5:
        d = rng.randrange(max(0, od), D)
        amt = rng.lognormvariate(math.log({"sole": 600, "small": 2400, "mid": 9000}[kind]), 0.5)
        plan.add(d, biz_sec(), "boss" if kind == "sole" else "ap", (0, 0),
                 [[money(amt), b.practice.fee_payee, "GBP", None, None]])
    if kind != "sole" and rng.random() < 0.25:
        # pre-year-end employer pension contribution for directors (March)
        march = [d for d in range(max(0, od), D) if cal.dates[d].month == 3 and cal.dates[d].day >= 10]
        if march:
            d = cal.prev_biz(rng.choice(march))
            plan.add(d, biz_sec(), "boss", (0, 0),
                     [[money(round(rng.lognormvariate(math.log(20000), 0.6), -2)),
                       w.shared[rng.choice(PENSIONS)], "GBP", None, None]])
    return plan


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


# --------------------------------------------------------------------------
# fraud injection (mutates the plan before emission)
# --------------------------------------------------------------------------
def delay_sampler(rng, scen):
    """seconds until reported, or None (never reported)"""
    if scen == "bec_invoice_redirect":
        return None if rng.random() < 0.12 else rng.lognormvariate(math.log(16 * DAY), 0.6)
    if scen == "ceo_fraud":
        return None if rng.random() < 0.05 else rng.lognormvariate(math.log(2.5 * DAY), 0.8)
    if scen == "ato_phishing":
        return None if rng.random() < 0.04 else rng.lognormvariate(math.log(1.5 * DAY), 0.9)
    if scen == "payroll_diversion":
        return None if rng.random() < 0.02 else rng.lognormvariate(math.log(2.0 * DAY), 0.5)
    if scen == "insider_fraud":
        return None if rng.random() < 0.25 else rng.lognormvariate(math.log(30 * DAY), 0.5)
    return rng.lognormvariate(math.log(3 * DAY), 0.6)


def inject(w, rng, b, plan, scen):
    cal, D = w.cal, w.days
    warm = min(10, D // 3)
    inc = Incident(scen, delay_sampler(rng, scen))
    if scen == "bec_invoice_redirect":
        cands = [(g, it) for g in b.sup_groups if g[0] >= warm for it in g[4]
                 if it[4] is not None and it[4].cadence in ("monthly", "quarterly", "fortnightly")
                 and it[3] is None]
        if not cands:
            cands = [(g, it) for g in b.sup_groups if g[0] >= warm for it in g[4] if it[3] is None]
        if not cands:
            return None
        # fraudsters go after the bigger invoices
        g, it = wchoice(rng, cands, [min(it[0], 50000.0) ** 0.8 for _, it in cands])
        mule = w.mule_acct(rng)
        s = it[4]
        if rng.random() < 0.35:
            # paid separately after the "updated bank details" email, one-off session
            d = min(D - 1, g[0] + rng.randint(0, 3))
            g[4].remove(it)
            amt = it[0] * (rng.uniform(1.8, 2.2) if rng.random() < 0.2 else 1.0)
            plan.add(d, around(rng, 11.5, 2.0, 7.5, 18.5), "ap", (0, 0), [[money(amt), mule, it[2], inc, None]])
        else:
            it[1], it[3] = mule, inc
        # the next invoice of the same supplier may be redirected too (before detection)
        if s is not None and rng.random() < 0.4:
            for g2 in b.sup_groups:
                if g2[0] > g[0]:
                    for it2 in g2[4]:
                        if it2[4] is s and it2[3] is None:
                            it2[1], it2[3] = mule, inc
                            break
                    else:
                        continue
                    break
        return inc
    if scen == "payroll_diversion":
        groups = [g for g in b.payroll_groups if g[0] >= warm]
        if not groups:
            return None
        g = rng.choice(groups[: max(1, len(groups) - 1)])
        emps = [it[4] for it in g[4] if it[4] is not None and not it[4].director]
        if not emps:
            return None
        victims = rng.sample(emps, min(len(emps), 1 if rng.random() < 0.8 else rng.randint(2, 3)))
        mule = w.mule_acct(rng)
        runs = 1 if b.pay_freq == "monthly" else rng.choice([1, 1, 2])
        started = False
        for g2 in b.payroll_groups:
            if g2 is g:
                started = True
            if not started or runs <= 0:
                continue
            for it in g2[4]:
                if it[4] in victims:
                    it[1], it[3] = (mule if len(victims) == 1 or rng.random() < 0.5 else w.mule_acct(rng)), inc
            runs -= 1
        return inc
    if scen == "insider_fraud":
        insiders = [u for u in b.users if u.role in ("bookkeeper", "finance")]
        if not insiders:
            return None
        u = rng.choice(insiders)
        payee = u.emp_payee if (u.emp_payee and rng.random() < 0.5) else w.new_acct()
        k = rng.randint(3, 14)
        d0 = rng.randrange(warm, max(warm + 1, D - 10))
        span = rng.randint(14, 70)
        days = sorted(min(D - 1, d0 + rng.randrange(0, span)) for _ in range(k))
        for d in days:
            d = cal.prev_biz(d)
            if d < max(0, b.open_day):
                continue
            amt = rng.lognormvariate(math.log(380), 0.65)
            if rng.random() < 0.3:
                amt = round(amt, -1)
            item = [money(amt), payee, "GBP", inc, None]
            same = [g for g in b.sup_groups if g[0] == d and g[2] == "ap"]
            if same and rng.random() < 0.6:
                same[0][4].append(item)
                same[0][2] = u
            else:
                plan.add(d, around(rng, rng.choice([9.5, 12.5, 15.5, 17.0]), 1.0, 8.0, 18.5), u, (0, 0), [item])
        return inc
    if scen == "ceo_fraud":
        u = rng.choice([x for x in b.users if x.role in ("bookkeeper", "finance")] or b.users)
        d = rng.randrange(warm, D)
        r = rng.random()
        if r < 0.3:
            d = cal.prev_biz(d)
            sec = around(rng, 17.2, 0.8, 15.5, 20.0)
            while cal.dow[d] != 4 and d > warm:
                d -= 1
        elif r < 0.5:
            sec = around(rng, 20.0, 1.5, 18.0, 23.5)
        elif r < 0.6:
            sec = around(rng, 7.0, 0.6, 5.5, 8.5)
        else:
            d = cal.next_biz(d)
            sec = around(rng, 12.0, 2.2, 8.5, 17.5)
        if d >= D:
            d = cal.prev_biz(D - 1)
        base = 20000 if b.kind == "small" else 90000
        amt = rng.lognormvariate(math.log(base), 0.7)
        amt = round(amt, -rng.choice([2, 2, 3, 0]))
        cur = "GBP" if rng.random() < 0.85 else rng.choice(["EUR", "USD"])
        items = [[money(amt), w.mule_acct(rng), cur, inc, None]]
        plan.add(d, sec, u, (0, 0), items)
        if rng.random() < 0.35:
            d2 = min(D - 1, d + rng.choice([0, 0, 1, 3]))
            amt2 = round(amt * rng.uniform(0.4, 1.2), -2)
            plan.add(d2, around(rng, 11.0, 2.5, 7.0, 21.0), u, (0, 0),
                     [[money(amt2), w.mule_acct(rng) if rng.random() < 0.6 else items[0][1], cur, inc, None]])
        return inc
    if scen == "ato_phishing":
        u = rng.choice(b.users)
        d = rng.randrange(min(warm, max(0, D - 2)), max(1, D - 1))
        if rng.random() < 0.45:
            sec = int(rng.uniform(0.0, 5.5) * 3600) if rng.random() < 0.6 else int(rng.uniform(21.0, 24.0) * 3600 - 1)
        else:
            sec = around(rng, 13.0, 3.0, 7.0, 21.0)
        ctx = w.attacker_ctx(rng, d)
        k = rng.randint(2, 8) if b.kind != "sole" else rng.randint(1, 5)
        scale = {"sole": 2500, "small": 9000, "mid": 25000}[b.kind]
        items = []
        if rng.random() < 0.3:
            items.append([money(rng.choice([1.0, 1.0, 2.0, 5.0, 10.0])), w.mule_acct(rng), "GBP", inc, None])
        for _ in range(k):
            amt = rng.lognormvariate(math.log(scale), 0.6)
            if rng.random() < 0.4:
                amt = rng.choice([4950, 4990, 9900, 9950, 2500, 7500]) * (scale / 9000) ** 0.5
            if rng.random() < 0.5:
                amt = round(amt, -1)
            items.append([money(amt), w.mule_acct(rng), "GBP", inc, None])
        plan.add(d, sec, u, (30, 420), items, ctx=ctx)
        if rng.random() < 0.25 and d + 1 < D:    # comes back the next night
            ctx2 = ctx if rng.random() < 0.6 else w.attacker_ctx(rng, d + 1)
            items2 = [[money(rng.lognormvariate(math.log(scale), 0.6)), w.mule_acct(rng), "GBP", inc, None]
                      for _ in range(rng.randint(1, 3))]
            plan.add(d + 1, int(rng.uniform(0, 6) * 3600), u, (40, 300), items2, ctx=ctx2)
        return inc
    return None


# --------------------------------------------------------------------------
# emission
# --------------------------------------------------------------------------
def realise(w, rng, b, plan):
    cal, D = w.cal, w.days
    ap_users = [u for u in b.users if u.role in ("bookkeeper", "finance")] or b.users[:1]
    bosses = [u for u in b.users if u.role in ("director", "cfo", "owner")] or b.users[:1]
    end = w.end_epoch
    for g in plan.groups:
        day, lsec, who, gap, items, kinds, ctx = g
        if not items:
            continue
        if ctx is None:
            if who == "api":
                ctx = w.api_ctx(rng, b, day) if b.software else None
                if ctx is None:
                    who = "ap"
            if who == "acct":
                if b.acct_user is not None:
                    ctx = w.ctx(rng, b, b.acct_user, day, lsec)
                else:
                    who = "ap"
            if ctx is None:
                if isinstance(who, User):
                    u = who
                elif who == "ap":
                    u = ap_users[0] if len(ap_users) == 1 or rng.random() < 0.6 else rng.choice(ap_users)
                    if b.kind == "small" and rng.random() < 0.15:
                        u = rng.choice(bosses)
                elif who == "boss":
                    u = bosses[0] if len(bosses) == 1 or rng.random() < 0.7 else rng.choice(bosses)
                else:
                    u = rng.choice(b.users)
                ctx = w.ctx(rng, b, u, day, lsec, kinds)
        t = cal.ts(day, lsec) + rng.randint(0, 59)
        lo, hi = gap
        for it in items:
            if t >= end:
                break
            w.emit(b, ctx, t, it[0], it[1], it[2], it[3])
            t += rng.randint(lo, hi) if hi else rng.randint(20, 200)


def mule_business(w, rng, idx, herders):
    """a newly opened account used to receive and forward stolen funds"""
    cal, D = w.cal, w.days
    b = Business()
    b.cid = "smb-%06d" % idx
    b.kind = "sole"
    b.city = UK_PICK(rng)
    open_day = rng.randrange(0, max(1, D - 8))
    u = w.make_user(rng, "owner", b.city, phone=True, laptop=rng.random() < 0.3)
    if herders and rng.random() < 0.4:
        hd = rng.choice(herders)          # the herder's phone runs several mule accounts
        u.devices = [hd]
    if rng.random() < 0.2:
        u.cvpn = rng.choice(w.cvpn)
    b.users = [u]
    b.software = None
    b.acct_user = None
    inc = Incident("mule_business", None)
    life = rng.randint(3, 25)
    close = min(D - 1, open_day + life)
    rows = []
    # a few small "look normal" payments first
    for _ in range(rng.randint(1, 5)):
        d = min(close, open_day + rng.randint(0, 3))
        m = w.pick_pers(rng) if rng.random() < 0.6 else w.pick_biz(rng)
        ctx = w.ctx(rng, b, u, d, sample_sec(rng, "personal"))
        rows.append(w.emit(b, ctx, cal.ts(d, sample_sec(rng, "personal")),
                           rng.lognormvariate(math.log(m[1]), m[2]), w.shared[m[0]], "GBP", inc))
    n_in = rng.randint(2, 9)
    onward = [w.mule_acct(rng) for _ in range(rng.randint(2, 6))]
    for _ in range(n_in):
        d = rng.randint(min(close, open_day + 2), close)
        received = rng.lognormvariate(math.log(9000), 0.8)
        sec = around(rng, rng.choice([10.0, 13.0, 16.0, 20.0]), 2.5, 6.0, 23.8)
        ctx = w.ctx(rng, b, u, d, sec)
        t = cal.ts(d, sec)
        left = received * rng.uniform(0.85, 0.98)
        for j in range(rng.randint(1, 4)):
            if left < 50:
                break
            part = left if j == 3 else left * rng.uniform(0.3, 0.9)
            left -= part
            r = rng.random()
            if r < 0.35:
                payee = w.shared[rng.choice(CRYPTO)]
            elif r < 0.7:
                payee = rng.choice(onward)
            else:
                payee = w.new_acct()
            if rng.random() < 0.5:
                part = round(part, -1)
            t += rng.randint(60, 2400)
            if t < w.end_epoch:
                rows.append(w.emit(b, ctx, t, part, payee, "GBP", inc))
    last = max(r[0] for r in rows) if rows else None
    if last is not None:
        rep = last + int(rng.lognormvariate(math.log(1.5 * DAY), 0.7))
        if rng.random() > 0.05 and rep <= w.label_horizon:
            for r in rows:
                r[15] = rep
    return inc


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------
RATES = {   # incidents per 2,500 businesses per 120 days
    "bec_invoice_redirect": 80, "ceo_fraud": 30, "ato_phishing": 40,
    "payroll_diversion": 45, "insider_fraud": 20, "mule_business": 20,
}


def generate(seed=7, customers=2500, days=120, start="2025-12-01"):
    start_d = _dt.date.fromisoformat(start)
    w = World(seed, customers, days, start_d)
    rng = w.rng
    scale = customers / 2500.0 * days / 120.0
    counts = {}
    for s, r in RATES.items():
        x = r * scale
        counts[s] = int(x) + (rng.random() < x - int(x))
    if sum(counts.values()) == 0:
        counts["ato_phishing" if rng.random() < 0.5 else "bec_invoice_redirect"] = 1
    n_mule = min(counts["mule_business"], max(0, customers // 20))
    n_honest = customers - n_mule
    ids = list(range(100000, 100000 + customers * 7, 7))
    rng.shuffle(ids)
    businesses = []
    for i in range(n_honest):
        r = rng.random()
        kind = "sole" if r < 0.6 else ("small" if r < 0.98 else "mid")
        open_day = rng.randrange(0, max(1, days - 5)) if rng.random() < 0.06 else -1
        seed_i = rng.getrandbits(64)
        brng = random.Random(seed_i)
        businesses.append((build_business(w, brng, ids[i], kind, open_day), brng))
    # fraud targets
    frauds = {}
    elig = {
        "bec_invoice_redirect": [i for i, (b, _) in enumerate(businesses) if b.kind != "sole" or rng.random() < 0.3],
        "ceo_fraud": [i for i, (b, _) in enumerate(businesses) if b.kind != "sole"],
        "ato_phishing": list(range(len(businesses))),
        "payroll_diversion": [i for i, (b, _) in enumerate(businesses) if b.kind != "sole"],
        "insider_fraud": [i for i, (b, _) in enumerate(businesses)
                          if any(u.role in ("bookkeeper", "finance") for u in b.users)],
    }
    for s in ("bec_invoice_redirect", "ceo_fraud", "ato_phishing", "payroll_diversion", "insider_fraud"):
        pool = elig[s]
        if not pool:
            continue
        # weight mid-sized firms (more exposure)
        for _ in range(counts[s]):
            i = rng.choice(pool)
            if businesses[i][0].kind == "sole" and s != "ato_phishing" and rng.random() < 0.5:
                i = rng.choice(pool)
            frauds.setdefault(i, []).append(s)
    incidents = []
    for i, (b, brng) in enumerate(businesses):
        plan = plan_business(w, brng, b, frauds.get(i, []))
        for s in frauds.get(i, []):
            inc = inject(w, brng, b, plan, s)
            if inc is not None:
                incidents.append(inc)
        realise(w, brng, b, plan)
    tries = 0
    while not any(inc.rows for inc in incidents) and len(w.rows) >= 100 and tries < 20:
        # tiny worlds: make sure at least one fraud case exists
        tries += 1
        b, brng = businesses[rng.randrange(len(businesses))]
        plan = Plan()
        inc = inject(w, brng, b, plan, "ato_phishing")
        realise(w, brng, b, plan)
        incidents.append(inc)
    w.close_incidents(incidents)
    herders = [Device(rng, "phone", os="android") for _ in range(max(1, n_mule // 4))]
    for j in range(n_mule):
        mule_business(w, random.Random(rng.getrandbits(64)), ids[n_honest + j], herders)
    w.rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return w


def fmt_ts(e, cache={}):
    day = e - e % DAY
    p = cache.get(day)
    if p is None:
        p = time.strftime("%Y-%m-%dT", time.gmtime(day))
        cache[day] = p
    s = e - day
    return "%s%02d:%02d:%02dZ" % (p, s // 3600, (s // 60) % 60, s % 60)


def write(w, out):
    lines = [HEADER]
    width = max(6, len(str(len(w.rows))))
    for n, r in enumerate(w.rows, 1):
        lat = "" if r[9] is None else "%.4f" % r[9]
        lon = "" if r[10] is None else "%.4f" % r[10]
        ua = r[8]
        if "," in ua or '"' in ua:
            ua = '"' + ua.replace('"', '""') + '"'
        lines.append(",".join((
            "tx-%0*d" % (width, n), r[1], fmt_ts(r[0]), "%.2f" % r[3], r[4], r[5], r[6], r[7], ua,
            lat, lon, r[11], r[12], r[13], str(r[14]),
            "" if r[15] is None else fmt_ts(r[15]), r[16])))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if out.endswith(".gz"):
        with open(out, "wb") as fh:
            with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=6) as gz:
                gz.write(data)
    else:
        with open(out, "wb") as fh:
            fh.write(data)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.smb", description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=2500)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--start", default="2025-12-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-smb.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    t0 = time.time()
    w = generate(a.seed, a.customers, a.days, a.start)
    write(w, a.out)
    n = len(w.rows)
    nf = sum(r[14] for r in w.rows)
    sys.stderr.write("smb: %d rows, %d fraud (%.3f%%), %d customers, %d days -> %s in %.1fs\n"
                     % (n, nf, 100.0 * nf / max(1, n), a.customers, a.days, a.out, time.time() - t0))


if __name__ == "__main__":
    main()
