"""cardus: synthetic payment history of a mid-sized US credit-card issuer.

Written independently of the scorer: the only input was the public wire contract
(request fields of POST /v1/score and the "Replay files" section of API.md) plus
general knowledge of card fraud.  Nothing in features/, models/, docs/ or the other
worlds was read while writing it, so it does not mirror the scorer's assumptions.

Run:
    python -m benchmarks.worlds.cardus [--seed N] [--customers N] [--days N]
                                       [--start YYYY-MM-DD] [--out FILE]

Defaults: seed 7, 4000 cardholders, 90 days from 2025-10-20 (Halloween, the US DST
switch, Thanksgiving/Black Friday/Cyber Monday, Christmas and New Year fall inside),
out world-cardus.csv.gz (gzip when the name ends in .gz, plain CSV otherwise).
stdlib only, byte-reproducible per seed.  Default size: about 295k rows with ~0.33 %
fraud, written in ~18-22 s (one core); `--customers 80 --days 30 --seed 3` gives ~1.9k
rows (38 fraud) in under a second.
All amounts are the USD billed amount (foreign purchases are converted by the network).
"""

import argparse
import bisect
import calendar
import csv
import datetime as _dt
import gzip
import io
import math
import random
import sys
import time as _time

HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel",
          "ip", "device_id", "user_agent", "lat", "lon", "country", "city", "payee_id",
          "is_fraud", "fraud_reported_at", "scenario"]

# --------------------------------------------------------------------------------------
# geography and time zones
# --------------------------------------------------------------------------------------

# tz key -> (standard UTC offset in hours, DST rule)
TZ = {"ET": (-5, "US"), "CT": (-6, "US"), "MT": (-7, "US"), "AZ": (-7, None),
      "PT": (-8, "US"), "AK": (-9, "US"), "HI": (-10, None), "EST0": (-5, None),
      "CST0": (-6, None), "UK": (0, "EU"), "GMT0": (0, None), "CET": (1, "EU"),
      "EET": (2, "EU"), "JST": (9, None), "AST": (-4, None), "BRT": (-3, None),
      "ICT": (7, None), "PET": (-5, None), "WAT": (1, None), "MSK": (3, None),
      "WIB": (7, None)}

# name, country, lat, lon, tz, population weight (home cities), travel weight
US_CITIES = [
    ("New York", 40.7128, -74.0060, "ET", 8.3), ("Los Angeles", 34.0522, -118.2437, "PT", 3.9),
    ("Chicago", 41.8781, -87.6298, "CT", 2.7), ("Houston", 29.7604, -95.3698, "CT", 2.3),
    ("Phoenix", 33.4484, -112.0740, "AZ", 1.6), ("Philadelphia", 39.9526, -75.1652, "ET", 1.6),
    ("San Antonio", 29.4241, -98.4936, "CT", 1.4), ("San Diego", 32.7157, -117.1611, "PT", 1.4),
    ("Dallas", 32.7767, -96.7970, "CT", 1.3), ("Austin", 30.2672, -97.7431, "CT", 1.0),
    ("Jacksonville", 30.3322, -81.6557, "ET", 0.95), ("Columbus", 39.9612, -82.9988, "ET", 0.9),
    ("Charlotte", 35.2271, -80.8431, "ET", 0.9), ("Indianapolis", 39.7684, -86.1581, "ET", 0.88),
    ("Seattle", 47.6062, -122.3321, "PT", 0.75), ("Denver", 39.7392, -104.9903, "MT", 0.72),
    ("Washington", 38.9072, -77.0369, "ET", 0.7), ("Boston", 42.3601, -71.0589, "ET", 0.68),
    ("Nashville", 36.1627, -86.7816, "CT", 0.69), ("Detroit", 42.3314, -83.0458, "ET", 0.63),
    ("Portland", 45.5152, -122.6784, "PT", 0.65), ("Las Vegas", 36.1699, -115.1398, "PT", 0.65),
    ("Memphis", 35.1495, -90.0490, "CT", 0.63), ("Louisville", 38.2527, -85.7585, "ET", 0.62),
    ("Baltimore", 39.2904, -76.6122, "ET", 0.58), ("Milwaukee", 43.0389, -87.9065, "CT", 0.57),
    ("Albuquerque", 35.0844, -106.6504, "MT", 0.56), ("Tucson", 32.2226, -110.9747, "AZ", 0.54),
    ("Sacramento", 38.5816, -121.4944, "PT", 0.52), ("Kansas City", 39.0997, -94.5786, "CT", 0.51),
    ("Atlanta", 33.7490, -84.3880, "ET", 0.5), ("Miami", 25.7617, -80.1918, "ET", 0.44),
    ("Minneapolis", 44.9778, -93.2650, "CT", 0.43), ("Tampa", 27.9506, -82.4572, "ET", 0.4),
    ("New Orleans", 29.9511, -90.0715, "CT", 0.38), ("Cleveland", 41.4993, -81.6944, "ET", 0.37),
    ("Pittsburgh", 40.4406, -79.9959, "ET", 0.3), ("St. Louis", 38.6270, -90.1994, "CT", 0.3),
    ("Salt Lake City", 40.7608, -111.8910, "MT", 0.2), ("Boise", 43.6150, -116.2023, "MT", 0.24),
    ("Omaha", 41.2565, -95.9345, "CT", 0.49), ("Raleigh", 35.7796, -78.6382, "ET", 0.47),
    ("Orlando", 28.5383, -81.3792, "ET", 0.31), ("Cincinnati", 39.1031, -84.5120, "ET", 0.31),
    ("Oklahoma City", 35.4676, -97.5164, "CT", 0.68), ("Richmond", 37.5407, -77.4360, "ET", 0.23),
    ("Des Moines", 41.5868, -93.6250, "CT", 0.21), ("Billings", 45.7833, -108.5007, "MT", 0.12),
    ("Anchorage", 61.2181, -149.9003, "AK", 0.29), ("Honolulu", 21.3069, -157.8583, "HI", 0.35),
    ("Burlington", 44.4759, -73.2121, "ET", 0.05), ("Spokane", 47.6588, -117.4260, "PT", 0.23),
    ("Madison", 43.0731, -89.4012, "CT", 0.27), ("Ann Arbor", 42.2808, -83.7430, "ET", 0.12),
    ("Gainesville", 29.6516, -82.3248, "ET", 0.14), ("Fargo", 46.8772, -96.7898, "CT", 0.12),
    ("Cheyenne", 41.1400, -104.8202, "MT", 0.07), ("El Paso", 31.7619, -106.4850, "MT", 0.68),
    ("Fresno", 36.7378, -119.7871, "PT", 0.54), ("Birmingham", 33.5186, -86.8104, "CT", 0.2),
    ("Ashburn", 39.0438, -77.4874, "ET", 0.0), ("Santa Clara", 37.3541, -121.9552, "PT", 0.0),
]
CAMPUS = ["Ann Arbor", "Madison", "Gainesville", "Austin", "Boston", "Columbus", "Seattle",
          "Los Angeles", "Boise", "Burlington", "Tucson", "Raleigh", "Minneapolis",
          "Salt Lake City", "Philadelphia", "New York", "Atlanta", "Chicago"]
VACATION = {"Las Vegas": 5, "Orlando": 5, "New York": 4, "Miami": 3, "New Orleans": 2,
            "Honolulu": 2, "San Diego": 2, "Denver": 1.5, "Nashville": 2, "Chicago": 1.5,
            "Boston": 1, "Washington": 1.5, "Seattle": 1, "Salt Lake City": 1, "Anchorage": 0.3,
            "Los Angeles": 2, "Phoenix": 1, "Tampa": 1, "San Antonio": 1}
SNOWBIRD = {"Tampa": 3, "Orlando": 2, "Miami": 2, "Phoenix": 3, "Tucson": 2, "Jacksonville": 1,
            "Gainesville": 0.3, "Las Vegas": 0.5, "San Diego": 0.5}
FOREIGN = [  # name, cc, lat, lon, tz, tourist weight
    ("Cancun", "MX", 21.1619, -86.8515, "EST0", 5), ("Mexico City", "MX", 19.4326, -99.1332, "CST0", 1.5),
    ("Toronto", "CA", 43.6532, -79.3832, "ET", 2), ("Vancouver", "CA", 49.2827, -123.1207, "PT", 1),
    ("London", "GB", 51.5074, -0.1278, "UK", 3), ("Dublin", "IE", 53.3498, -6.2603, "UK", 1),
    ("Paris", "FR", 48.8566, 2.3522, "CET", 2.5), ("Rome", "IT", 41.9028, 12.4964, "CET", 1.5),
    ("Madrid", "ES", 40.4168, -3.7038, "CET", 1), ("Amsterdam", "NL", 52.3676, 4.9041, "CET", 1),
    ("Lisbon", "PT", 38.7223, -9.1393, "UK", 1), ("Tokyo", "JP", 35.6762, 139.6503, "JST", 1),
    ("San Juan", "PR", 18.4655, -66.1057, "AST", 1.5), ("Punta Cana", "DO", 18.5601, -68.3725, "AST", 1.5),
    ("Reykjavik", "IS", 64.1466, -21.9426, "GMT0", 0.5),
    # places that only show up in fraud (and as VPN / data-centre geolocation)
    ("Sao Paulo", "BR", -23.5505, -46.6333, "BRT", 0), ("Santo Domingo", "DO", 18.4861, -69.9312, "AST", 0),
    ("Bucharest", "RO", 44.4268, 26.1025, "EET", 0), ("Bangkok", "TH", 13.7563, 100.5018, "ICT", 0),
    ("Lima", "PE", -12.0464, -77.0428, "PET", 0), ("Lagos", "NG", 6.5244, 3.3792, "WAT", 0),
    ("Moscow", "RU", 55.7558, 37.6173, "MSK", 0), ("Ho Chi Minh City", "VN", 10.8231, 106.6297, "ICT", 0),
    ("Jakarta", "ID", -6.2088, 106.8456, "WIB", 0), ("Kyiv", "UA", 50.4501, 30.5234, "EET", 0),
    ("Frankfurt", "DE", 50.1109, 8.6821, "CET", 0), ("Zurich", "CH", 47.3769, 8.5417, "CET", 0),
]
COUNTERFEIT_ABROAD = {"Sao Paulo": 2, "Santo Domingo": 2, "Mexico City": 2, "Cancun": 1,
                      "Bucharest": 1.5, "Bangkok": 1, "Lima": 1, "Kyiv": 0.5, "London": 0.5}
COUNTERFEIT_US = {"Miami": 3, "Los Angeles": 3, "New York": 3, "Houston": 2, "Las Vegas": 1.5,
                  "Atlanta": 1.5, "Orlando": 1, "Dallas": 1, "Chicago": 1, "Phoenix": 1}

# first octets of consumer / business ISPs per country (for hotel Wi-Fi, fraud, VPN)
CC_V4 = {"US": [24, 47, 50, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 108, 173, 184],
         "MX": [187, 189, 201, 177], "CA": [24, 70, 99, 142, 174], "GB": [81, 86, 2, 90, 31],
         "IE": [78, 86, 37], "FR": [90, 92, 2, 78, 176], "IT": [79, 93, 151, 2], "ES": [83, 88, 79, 2],
         "NL": [77, 84, 145, 94], "PT": [85, 188, 2, 95], "JP": [126, 133, 153, 220], "PR": [24, 70, 136],
         "DO": [152, 179, 190], "IS": [31, 82, 157], "BR": [177, 179, 187, 189, 200],
         "RO": [86, 79, 188, 5], "TH": [171, 182, 184, 49], "PE": [181, 190, 200],
         "NG": [102, 105, 197, 41], "RU": [95, 178, 188, 46, 109], "VN": [14, 113, 27, 171],
         "ID": [36, 114, 180, 182], "UA": [91, 176, 46, 93], "DE": [84, 87, 91, 93, 217],
         "CH": [83, 85, 178]}
OFFICE_V4 = [12, 38, 63, 64, 65, 204, 206, 207, 208, 209, 216]
CAMPUS_V4 = [128, 129, 130, 131, 141, 152, 155, 160]
# data centres: (geolocated city, first octet, second octet or None)
DATACENTER = [("Ashburn", 3, None), ("Ashburn", 18, None), ("Ashburn", 44, None), ("Ashburn", 52, None),
              ("Ashburn", 54, None), ("Santa Clara", 35, None), ("Santa Clara", 104, 196),
              ("New York", 159, 203), ("New York", 167, 99), ("Santa Clara", 138, 68),
              ("Frankfurt", 165, 227), ("Frankfurt", 88, 198), ("Amsterdam", 185, None),
              ("Amsterdam", 146, 70), ("London", 5, 101), ("Dallas", 45, 55), ("Chicago", 89, 187),
              ("Zurich", 185, None), ("Miami", 193, None), ("Toronto", 37, 120)]
CARRIERS = {  # mobile operators: IPv4 block, IPv6 /32 prefixes
    "vz": ((174, (192, 255)), ["2600:1000", "2600:1001", "2600:1003", "2600:1005", "2600:1010", "2600:1017"]),
    "tmo": ((172, (56, 58)), ["2607:fb90", "2607:fb91", "2607:fb98"]),
    "att": ((107, (64, 127)), ["2600:380", "2600:381", "2600:387"]),
}

# --------------------------------------------------------------------------------------
# merchants
# --------------------------------------------------------------------------------------

# category: national chains, zipf exponent, local merchants per (avg) city,
#           median amount, lognormal sigma, card-present, chain share of visits
CATS = {
    "grocery": (22, 1.1, 10, 48, 0.75, True, 0.78),
    "gas": (14, 1.0, 5, 38, 0.45, True, 0.8),
    "restaurant": (45, 0.9, 40, 36, 0.6, True, 0.35),
    "quick": (30, 1.1, 15, 11, 0.5, True, 0.7),
    "pharmacy": (4, 1.2, 2, 24, 0.85, True, 0.85),
    "bigbox": (7, 1.2, 0, 72, 0.9, True, 1.0),
    "apparel": (25, 1.0, 6, 62, 0.75, True, 0.7),
    "home": (4, 1.2, 4, 85, 1.0, True, 0.7),
    "electronics": (4, 1.3, 1, 140, 1.0, True, 0.85),
    "liquor": (2, 1.0, 4, 32, 0.6, True, 0.2),
    "services": (6, 1.0, 20, 65, 0.9, True, 0.15),
    "entertainment": (8, 1.0, 6, 42, 0.7, True, 0.5),
    "jewelry": (5, 1.0, 2, 180, 0.9, True, 0.5),
    "b2b_store": (6, 1.1, 3, 260, 1.0, True, 0.7),
    "hotel": (12, 1.0, 3, 190, 0.5, True, 0.6),
    "car_rental": (5, 1.1, 0, 210, 0.5, True, 1.0),
    "online": (70, 1.15, 0, 38, 1.0, False, 1.0),
    "delivery": (4, 1.2, 0, 31, 0.45, False, 1.0),
    "rideshare": (2, 1.5, 0, 19, 0.55, False, 1.0),
    "giftcard_online": (4, 1.2, 0, 75, 0.6, False, 1.0),
    "small_online": (120, 0.6, 0, 25, 0.8, False, 1.0),   # niche shops, charities, tickets
    "b2b_online": (30, 1.0, 0, 420, 1.0, False, 1.0),
    "airline": (9, 1.1, 0, 320, 0.55, False, 1.0),
}
CP_CATS = [k for k, v in CATS.items() if v[5]]
EXPLORE = {"grocery": 0.04, "gas": 0.12, "restaurant": 0.15, "quick": 0.08, "pharmacy": 0.05,
           "bigbox": 0.06, "apparel": 0.25, "home": 0.3, "electronics": 0.35, "liquor": 0.15,
           "services": 0.3, "entertainment": 0.35, "jewelry": 0.5, "b2b_store": 0.15, "hotel": 0.6,
           "car_rental": 0.5, "online": 0.08, "delivery": 0.05, "rideshare": 0.02,
           "giftcard_online": 0.3, "small_online": 0.4, "b2b_online": 0.25, "airline": 0.3}
N_FAV = {"grocery": (1, 3), "gas": (1, 3), "restaurant": (2, 9), "quick": (2, 6), "pharmacy": (1, 2),
         "bigbox": (1, 3), "apparel": (1, 5), "home": (1, 2), "electronics": (1, 2), "liquor": (1, 2),
         "services": (1, 4), "entertainment": (1, 3), "jewelry": (1, 1), "b2b_store": (2, 5),
         "hotel": (1, 1), "car_rental": (1, 1), "online": (2, 6), "delivery": (1, 2),
         "rideshare": (1, 2), "giftcard_online": (1, 1), "small_online": (1, 4),
         "b2b_online": (3, 10), "airline": (1, 3)}

BASE_W = {"grocery": 16, "gas": 10, "restaurant": 11, "quick": 14, "pharmacy": 4, "bigbox": 7,
          "apparel": 4, "home": 2.5, "electronics": 1.0, "liquor": 1.5, "services": 3,
          "entertainment": 2, "jewelry": 0.15, "online": 10, "delivery": 3, "rideshare": 2,
          "giftcard_online": 0.25, "small_online": 1.2, "airline": 0.12}
SEG_MULT = {
    "night_shift": {"quick": 1.6, "gas": 1.3, "delivery": 1.6, "restaurant": 0.7},
    "student": {"quick": 2.0, "delivery": 2.5, "rideshare": 2.5, "online": 1.3, "grocery": 0.6, "gas": 0.4,
                "home": 0.2, "entertainment": 1.6, "liquor": 1.4, "pharmacy": 0.6, "services": 0.5},
    "retiree": {"pharmacy": 2.5, "grocery": 1.4, "restaurant": 1.2, "online": 0.5, "delivery": 0.2,
                "rideshare": 0.2, "services": 1.5, "quick": 0.6, "entertainment": 0.7, "small_online": 1.5},
    "family": {"grocery": 1.5, "bigbox": 1.6, "online": 1.3, "apparel": 1.3, "entertainment": 1.4},
    "business": {"restaurant": 1.4, "gas": 1.2, "rideshare": 1.5, "airline": 6.0},
    "online_heavy": {"online": 3.0, "delivery": 2.2, "gas": 0.7, "bigbox": 0.7, "small_online": 2.0},
    "low_activity": {"online": 0.6},
    "bust_out": {"electronics": 1.5, "online": 1.2},
}
HOLIDAY_W = {"online": 10, "apparel": 5, "bigbox": 5, "electronics": 2.5, "giftcard_online": 1.5,
             "jewelry": 0.8, "home": 1.5, "entertainment": 1, "small_online": 1.5, "pharmacy": 0.6}
SEGMENTS = [("worker", 0.34), ("night_shift", 0.06), ("student", 0.09), ("retiree", 0.15),
            ("family", 0.16), ("business", 0.06), ("online_heavy", 0.06), ("low_activity", 0.08)]
RATE = {"worker": 1.0, "night_shift": 1.0, "student": 1.3, "retiree": 0.75, "family": 1.8,
        "business": 2.0, "online_heavy": 1.4, "low_activity": 0.12, "bust_out": 1.1}
RATE_SCALE = 0.53
AMT_SCALE = {"student": 0.6, "retiree": 0.9, "family": 1.2, "business": 1.3, "low_activity": 1.1,
             "bust_out": 0.85}
POS_ONLY_P = {"retiree": 0.38, "low_activity": 0.3, "worker": 0.08, "night_shift": 0.12,
              "family": 0.03, "business": 0.02}
PROFILE = {"worker": "day", "family": "day", "online_heavy": "day", "low_activity": "day",
           "bust_out": "day", "night_shift": "night", "student": "student", "retiree": "retiree",
           "business": "business"}
HOURS = {
    "day": [.2, .1, .05, .05, .05, .15, .5, 1.2, 1.8, 1.6, 1.7, 2.2, 3.0, 2.6, 1.9, 1.8, 2.1, 2.8, 3.0, 2.6, 2.0, 1.4, .9, .5],
    "weekend": [.4, .25, .1, .05, .05, .08, .2, .5, 1.1, 1.8, 2.4, 2.8, 3.0, 2.9, 2.8, 2.7, 2.6, 2.6, 2.7, 2.4, 1.9, 1.4, 1.0, .7],
    "night": [2.0, 2.4, 2.6, 2.2, 1.6, 1.4, 2.0, 2.6, 2.2, 1.2, .5, .3, .3, .3, .4, .8, 1.2, 1.4, 1.6, 1.6, 1.7, 1.8, 1.9, 1.9],
    "student": [1.2, .8, .5, .2, .1, .1, .2, .5, .9, 1.2, 1.5, 2.0, 2.4, 2.2, 1.8, 1.8, 1.9, 2.1, 2.4, 2.5, 2.6, 2.5, 2.2, 1.7],
    "retiree": [.05, .02, .02, .02, .05, .2, .6, 1.4, 2.4, 3.0, 3.2, 3.2, 3.0, 2.6, 2.4, 2.0, 1.6, 1.3, 1.0, .7, .5, .3, .15, .08],
    "business": [.1, .05, .05, .05, .1, .3, .9, 2.0, 2.8, 3.0, 2.9, 2.6, 2.8, 2.8, 2.7, 2.5, 2.2, 2.0, 1.7, 1.4, 1.0, .7, .4, .2],
}
GROUP = {"restaurant": "meal", "delivery": "meal", "quick": "quick", "online": "eve",
         "small_online": "eve", "giftcard_online": "eve", "airline": "eve", "b2b_online": "work",
         "b2b_store": "work"}
GROUP_MOD = {
    "meal": {11: 2, 12: 2.4, 13: 1.8, 17: 1.8, 18: 2.4, 19: 2.2, 20: 1.6, 3: .6, 4: .5, 5: .5},
    "quick": {6: 2, 7: 2.4, 8: 2.2, 9: 1.5, 11: 1.4, 12: 1.6, 13: 1.3},
    "eve": {19: 1.5, 20: 1.8, 21: 1.9, 22: 1.7, 23: 1.4, 0: 1.3},
    "work": {h: (1.8 if 8 <= h <= 17 else .3) for h in range(24)},
    "shop": {h: (1.3 if 10 <= h <= 19 else .8) for h in range(24)},
}

SUBS = [  # kind, payees, prices (or (lo, hi) range), cadence, weight, foreign-billed share
    ("streaming", 12, [7.99, 9.99, 11.99, 15.49, 17.99, 22.99], "m", 5, 0.1),
    ("music", 4, [5.99, 10.99, 11.99, 16.99], "m", 2.5, 0.3),
    ("cloud", 5, [0.99, 2.99, 9.99], "m", 2.5, 0.1),
    ("software", 12, [9.99, 12.99, 19.99, 29.99, 54.99], "m", 1.5, 0.35),
    ("phone", 5, (45, 190), "m", 3, 0.0),
    ("internet", 6, (55, 120), "m", 2, 0.0),
    ("utility", 0, (60, 240), "m", 2, 0.0),
    ("gym", 6, [10.0, 24.99, 39.99, 59.0], "m", 1.5, 0.0),
    ("insurance", 8, (80, 260), "m", 2, 0.0),
    ("news", 6, [4.0, 8.0, 17.0], "m", 1, 0.0),
    ("mealkit", 3, (60, 90), "w", 0.4, 0.0),
    ("membership", 3, [139.0, 65.0, 49.99], "y", 1, 0.0),
]
N_SUBS = {"worker": 3, "night_shift": 2.5, "student": 2.5, "retiree": 2, "family": 4.5,
          "business": 5, "online_heavy": 5, "low_activity": 1, "bust_out": 1.5}

# user agents
IPHONES = [("16_7", "iPhone12,1"), ("17_5", "iPhone13,2"), ("17_6", "iPhone14,2"), ("18_1", "iPhone15,3"),
           ("18_2", "iPhone16,1"), ("18_3", "iPhone17,1"), ("15_8", "iPhone10,4")]
ANDROIDS = [("13", "SM-A536U"), ("14", "SM-S918U"), ("14", "Pixel 7"), ("15", "Pixel 8"),
            ("14", "SM-G991U"), ("13", "moto g stylus 5G"), ("12", "SM-A125U"), ("15", "SM-S928U"),
            ("11", "LM-K500"), ("14", "SM-A156U")]
DESKTOPS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36 Edg/{cv}.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36",
]
DESKTOP_W = [38, 12, 6, 14, 10, 6, 2]
TABLET = "Mozilla/5.0 (iPad; CPU OS {v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{m}.0 Mobile/15E148 Safari/604.1"
FRAUD_UA = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36", 6),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/{cv}.0.0.0 Safari/537.36", 1.5),
    ("Mozilla/5.0 (Linux; Android 11; sdk_gphone_x86) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Mobile Safari/537.36", 1.5),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", 2),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36", 1.5),
    ("python-requests/2.31.0", 0.5),
]


def _nth_weekday(y, m, wd, n):
    d = _dt.date(y, m, 1)
    return d + _dt.timedelta(days=(wd - d.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(y, m, wd):
    d = (_dt.date(y + 1, 1, 1) if m == 12 else _dt.date(y, m + 1, 1)) - _dt.timedelta(days=1)
    return d - _dt.timedelta(days=(d.weekday() - wd) % 7)


def utc_offset(tz, date):
    std, rule = TZ[tz]
    if rule == "US":
        dst = _nth_weekday(date.year, 3, 6, 2) <= date < _nth_weekday(date.year, 11, 6, 1)
    elif rule == "EU":
        dst = _last_weekday(date.year, 3, 6) <= date < _last_weekday(date.year, 10, 6)
    else:
        dst = False
    return std + (1 if dst else 0)


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def iso(t):
    return _time.strftime("%Y-%m-%dT%H:%M:%SZ", _time.gmtime(t))


class Locale:
    """A place a cardholder spends from: home, a second home, a trip destination."""
    __slots__ = ("ci", "lat", "lon", "tz", "cc", "city", "radius", "fav")

    def __init__(self, ci, lat, lon, tz, cc, city, radius):
        self.ci, self.lat, self.lon, self.tz, self.cc, self.city = ci, lat, lon, tz, cc, city
        self.radius = radius
        self.fav = {}


class Net:
    """A home broadband connection: stable /24-ish network with a drifting lease."""
    __slots__ = ("a", "b", "c", "d", "v6", "next_change")


class Device:
    __slots__ = ("id", "kind", "ua", "ua_app", "phase", "start", "end")

    def __init__(self, did, kind, ua, ua_app, phase, start, end):
        self.id, self.kind, self.ua, self.ua_app = did, kind, ua, ua_app
        self.phase, self.start, self.end = phase, start, end


class Member:
    __slots__ = ("loc", "net", "devices", "w", "carrier", "gps", "away")


class Sub:
    __slots__ = ("pid", "cc", "kind", "amount", "rng_amt", "cadence", "bill", "sec", "start", "end")


class Trip:
    __slots__ = ("start", "end", "loc", "kind", "abroad", "factor", "net_ip", "fly")


class Cust:
    pass


class World:
    def __init__(self, seed, n_customers, n_days, start):
        self.rng = random.Random(seed * 1000003 + 4242)
        self.n, self.days, self.start = n_customers, n_days, start
        self.dates = [start + _dt.timedelta(days=i) for i in range(n_days)]
        self.utc0 = [calendar.timegm(d.timetuple()) for d in self.dates]
        self.wday = [d.weekday() for d in self.dates]
        self.mlast = [calendar.monthrange(d.year, d.month)[1] for d in self.dates]
        self.rows = []
        self._pid = 0
        self._dev = set()
        self._day0 = {}
        self._build_geo()
        self._build_merchants()
        self._build_calendar()
        self._build_hours()
        self.office_pool, self.campus_pool, self.public_pool = {}, {}, {}
        r = self.rng
        self.vpn_exits = []
        for _ in range(36):
            city, a, b = r.choice(DATACENTER[5:])
            if r.random() < 0.6:  # most VPN users pick a US exit
                city = r.choice(["New York", "Los Angeles", "Chicago", "Dallas", "Miami", "Seattle",
                                 "Atlanta", "Denver"])
            self.vpn_exits.append((self._ip4(a, b), self.ci[city]))

    # ---------------------------------------------------------------- infrastructure
    def _build_geo(self):
        self.cities = []
        for name, lat, lon, tz, w in US_CITIES:
            self.cities.append((name, "US", lat, lon, tz, w))
        for name, cc, lat, lon, tz, w in FOREIGN:
            self.cities.append((name, cc, lat, lon, tz, 0.0))
        self.ci = {c[0]: i for i, c in enumerate(self.cities)}
        self.home_ci = [i for i, c in enumerate(self.cities) if c[5] > 0]
        self.home_cw = []
        acc = 0.0
        for i in self.home_ci:
            acc += self.cities[i][5]
            self.home_cw.append(acc)
        self.campus_ci = [self.ci[n] for n in CAMPUS]

    def day0(self, tz, d):
        a = self._day0.get(tz)
        if a is None:
            a = [calendar.timegm(dt.timetuple()) - utc_offset(tz, dt) * 3600 for dt in self.dates]
            self._day0[tz] = a
        return a[d]

    def new_pid(self, prefix="m"):
        self._pid += 1
        return "%s-%06d" % (prefix, (self._pid * 7919 + 104729) % 900000 + 100000)

    def new_device_id(self):
        r = self.rng
        while True:
            did = "d-%012x" % r.getrandbits(48)
            if did not in self._dev:
                self._dev.add(did)
                return did

    def _build_merchants(self):
        r = self.rng
        self.chains = {}
        for cat, (nch, s, _nl, *_rest) in CATS.items():
            ids = [self.new_pid() for _ in range(nch)]
            cw, acc = [], 0.0
            for k in range(nch):
                acc += 1.0 / (k + 1) ** s
                cw.append(acc)
            self.chains[cat] = (ids, cw)
        self.locals = {}
        for ci, (name, cc, lat, lon, tz, w) in enumerate(self.cities):
            scale = min(3.0, max(0.4, w / 0.8)) if cc == "US" else 0.7
            if w == 0 and cc == "US":
                scale = 0.4
            for cat, v in CATS.items():
                if not v[5] or v[2] == 0:
                    continue
                n = max(1, int(round(v[2] * scale)))
                lst = []
                for _ in range(n):
                    a = r.random() * 2 * math.pi
                    dist = 18 * math.sqrt(r.random())
                    lst.append((self.new_pid(), round(lat + dist * math.cos(a) / 111.0, 4),
                                round(lon + dist * math.sin(a) / (111.0 * math.cos(math.radians(lat))), 4)))
                self.locals[(ci, cat)] = lst
        self.subs = {}
        for kind, n, prices, cad, w, fshare in SUBS:
            lst = []
            for _ in range(n):
                cc = "US"
                if r.random() < fshare:
                    cc = r.choice(["IE", "LU", "NL", "GB"])
                lst.append((self.new_pid("m"), cc))
            self.subs[kind] = lst
        self.utilities = {ci: [self.new_pid("m") for _ in range(2)] for ci in self.home_ci}
        self.sub_w = [(s[0], s[4]) for s in SUBS]

    def _build_calendar(self):
        n = self.days
        self.base_f = [1.0] * n
        self.h_extra = [0.0] * n
        self.h_online_only = [False] * n
        self.grocery_extra = [0.0] * n
        for d, date in enumerate(self.dates):
            y = date.year
            thanks = _nth_weekday(y, 11, 3, 4)
            bf = thanks + _dt.timedelta(days=1)
            cm = thanks + _dt.timedelta(days=4)
            if date == thanks:
                self.base_f[d] = 0.6
            elif date == thanks - _dt.timedelta(days=1):
                self.grocery_extra[d] = 0.6
            elif date == bf:
                self.h_extra[d] = 1.2
            elif date == bf + _dt.timedelta(days=1):
                self.h_extra[d] = 0.5
            elif date == cm:
                self.h_extra[d] = 1.1
                self.h_online_only[d] = True
            if date.month == 12 and 1 <= date.day <= 23 and date != cm:
                self.h_extra[d] = max(self.h_extra[d], 0.3 + 0.3 * date.day / 23.0)
            if date.month == 12 and date.day == 24:
                self.h_extra[d] = 0.45
            if date.month == 12 and date.day == 25:
                self.base_f[d] = 0.35
            if date.month == 12 and date.day == 26:
                self.h_extra[d] = 0.3
            if date.month == 1 and date.day == 1:
                self.base_f[d] = 0.6
            if date.month == 1 and 2 <= date.day <= 20:
                self.base_f[d] = 0.88
            if date.month == 10 and date.day == 31:
                self.base_f[d] = 1.1

    def _build_hours(self):
        self.hour_cw = {}
        for prof, hw in HOURS.items():
            for grp, mod in GROUP_MOD.items():
                cw, acc = [], 0.0
                for h in range(24):
                    acc += hw[h] * mod.get(h, 1.0)
                    cw.append(acc)
                self.hour_cw[(prof, grp)] = cw

    def _ip4(self, a, b=None, c=None, d=None):
        r = self.rng
        if isinstance(b, tuple):
            b = r.randint(b[0], b[1])
        return "%d.%d.%d.%d" % (a, r.randint(0, 255) if b is None else b,
                                r.randint(0, 255) if c is None else c,
                                r.randint(1, 254) if d is None else d)

    def country_ip(self, cc):
        return self._ip4(self.rng.choice(CC_V4[cc]))

    def carrier_ip(self, carrier):
        r = self.rng
        (a, brange), v6 = CARRIERS[carrier]
        if r.random() < 0.55:
            return "%s:%x:%x:%x:%x:%x:%x" % (r.choice(v6), r.getrandbits(16), r.getrandbits(16),
                                             r.getrandbits(16), r.getrandbits(16), r.getrandbits(16),
                                             r.getrandbits(16))
        return self._ip4(a, brange)

    def new_net(self):
        r = self.rng
        n = Net()
        n.a = r.choice(CC_V4["US"])
        n.b, n.c, n.d = r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)
        n.v6 = None
        if r.random() < 0.3:
            n.v6 = "2601:%x:%x:%x" % (r.randint(0x100, 0xfff), r.getrandbits(16), r.getrandbits(16))
        n.next_change = int(r.expovariate(1 / 35.0))
        return n

    def home_ip(self, net, d):
        r = self.rng
        while d >= net.next_change:
            if r.random() < 0.7:
                net.d = r.randint(1, 254)
            else:
                net.c, net.d = r.randint(0, 255), r.randint(1, 254)
            net.next_change += 1 + int(r.expovariate(1 / 35.0))
        if net.v6 and r.random() < 0.6:
            return "%s:%x:%x:%x:%x" % (net.v6, r.getrandbits(16), r.getrandbits(16),
                                       r.getrandbits(16), r.getrandbits(16))
        return "%d.%d.%d.%d" % (net.a, net.b, net.c, net.d)

    def office_ip(self, ci):
        pool = self.office_pool.get(ci)
        if pool is None:
            r = self.rng
            n = 12 + int(self.cities[ci][5] * 10)
            pool = [self._ip4(r.choice(OFFICE_V4)) for _ in range(n)]
            self.office_pool[ci] = pool
        return pool

    def campus_ip(self, ci):
        pool = self.campus_pool.get(ci)
        if pool is None:
            r = self.rng
            a, b = r.choice(CAMPUS_V4), r.randint(0, 255)
            pool = [self._ip4(a, b) for _ in range(r.randint(4, 10))]
            self.campus_pool[ci] = pool
        return self.rng.choice(pool)

    def public_ip(self, ci):
        pool = self.public_pool.get(ci)
        if pool is None:
            cc = self.cities[ci][1]
            pool = [self.country_ip(cc) for _ in range(30)]
            self.public_pool[ci] = pool
        return self.rng.choice(pool)

    # ---------------------------------------------------------------- places & merchants
    def new_locale(self, ci, spread=(0.0, 5.0), radius=10.0):
        r = self.rng
        name, cc, lat, lon, tz, _w = self.cities[ci]
        dist = spread[0] + (spread[1] - spread[0]) * math.sqrt(r.random())
        a = r.random() * 2 * math.pi
        la = lat + dist * math.cos(a) / 111.0
        lo = lon + dist * math.sin(a) / (111.0 * math.cos(math.radians(lat)))
        return Locale(ci, la, lo, tz, cc, name, radius)

    def pick_new_merchant(self, cat, loc):
        r = self.rng
        v = CATS[cat]
        if not v[5]:
            ids, cw = self.chains[cat]
            return (ids[bisect.bisect(cw, r.random() * cw[-1])], None, None)
        share = v[6] if loc.cc == "US" else min(v[6], 0.25)
        lst = self.locals.get((loc.ci, cat))
        if lst and (r.random() >= share or cat in ("hotel",) and loc.cc != "US"):
            return r.choice(lst)
        ids, cw = self.chains[cat]
        pid = ids[bisect.bisect(cw, r.random() * cw[-1])]
        dist = 0.3 + loc.radius * math.sqrt(r.random())
        a = r.random() * 2 * math.pi
        return (pid, round(loc.lat + dist * math.cos(a) / 111.0, 4),
                round(loc.lon + dist * math.sin(a) / (111.0 * math.cos(math.radians(loc.lat))), 4))

    def merchant(self, cat, loc, explore=None):
        """A merchant the cardholder uses from this place: mostly favourites, sometimes new."""
        r = self.rng
        fav = loc.fav.get(cat)
        if fav is None:
            lo, hi = N_FAV[cat]
            items = []
            seen = set()
            for _ in range(r.randint(lo, hi)):
                m = self.pick_new_merchant(cat, loc)
                if m[0] not in seen:
                    seen.add(m[0])
                    items.append(m)
            ws = [1.0 / (k + 1) ** 0.9 for k in range(len(items))]
            fav = loc.fav[cat] = [items, ws]
        p = EXPLORE[cat] if explore is None else explore
        if r.random() < p:
            m = self.pick_new_merchant(cat, loc)
            if len(fav[0]) < 40:
                fav[0].append(m)
                fav[1].append(0.35)
            return m
        return r.choices(fav[0], fav[1])[0]

    # ---------------------------------------------------------------- customers
    def make_customers(self):
        r = self.rng
        n = self.n
        ids = r.sample(range(100000, 100000 + max(900000, 10 * n)), n)
        segs_cw, acc = [], 0.0
        for _s, w in SEGMENTS:
            acc += w
            segs_cw.append(acc)
        n_bust = max(1, int(round(0.004 * n)))
        bust_idx = set(r.sample(range(n), n_bust))
        self.custs = []
        for i in range(n):
            if i in bust_idx:
                seg = "bust_out"
            else:
                seg = SEGMENTS[bisect.bisect(segs_cw, r.random() * acc)][0]
            self.custs.append(self.make_customer("c%06d" % ids[i], seg))

    def _home_city(self):
        r = self.rng
        return self.home_ci[bisect.bisect(self.home_cw, r.random() * self.home_cw[-1])]

    def _phone(self, start=0, end=None, newer=False):
        r = self.rng
        if r.random() < 0.55:
            v, model = r.choice(IPHONES[3:] if newer else IPHONES)
            ua = ("Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 "
                  "(KHTML, like Gecko) Version/%s.0 Mobile/15E148 Safari/604.1" % (v, v.split("_")[0]))
            app = ("Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 "
                   "(KHTML, like Gecko) Mobile/15E148" % v)
        else:
            v, model = r.choice(ANDROIDS[:4] if newer else ANDROIDS)
            ua = ("Mozilla/5.0 (Linux; Android %s; %s) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/{cv}.0.0.0 Mobile Safari/537.36" % (v, model))
            app = ("Mozilla/5.0 (Linux; Android %s; %s; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Version/4.0 Chrome/{cv}.0.0.0 Mobile Safari/537.36" % (v, model))
        return Device(self.new_device_id(), "phone", ua, app, r.randint(0, 29), start,
                      self.days if end is None else end)

    def _desktop(self, start=0, end=None):
        r = self.rng
        ua = r.choices(DESKTOPS, DESKTOP_W)[0]
        return Device(self.new_device_id(), "desktop", ua, None, r.randint(0, 29), start,
                      self.days if end is None else end)

    def _tablet(self):
        r = self.rng
        v = r.choice(["16_7", "17_6", "18_1"])
        ua = TABLET.format(v=v, m=v.split("_")[0])
        return Device(self.new_device_id(), "tablet", ua, ua, 0, 0, self.days)

    def make_customer(self, cid, seg):
        r = self.rng
        c = Cust()
        c.id, c.seg = cid, seg
        c.pos_only = r.random() < POS_ONLY_P.get(seg, 0.0)
        c.rate = RATE[seg] * RATE_SCALE * r.lognormvariate(-0.1, 0.45)
        c.wkend = r.lognormvariate(0.05, 0.25)
        c.shift = r.choice([-1, 0, 0, 0, 1, 1, 2]) if seg != "night_shift" else r.choice([-1, 0, 1])
        c.amt = AMT_SCALE.get(seg, 1.0) * r.lognormvariate(0, 0.3)
        c.profile = PROFILE[seg]
        c.limit = {"student": 1500, "retiree": 8000, "business": 22000, "bust_out": 7000,
                   "low_activity": 5000}.get(seg, 6500) * r.lognormvariate(0, 0.45)
        c.limit = max(500.0, round(c.limit / 100) * 100)
        c.open_day = 0
        c.active_until = self.days
        if seg == "bust_out":
            c.open_day = r.randint(0, max(0, int(0.25 * self.days)))
        elif r.random() < 0.03:
            c.open_day = r.randint(1, max(1, int(0.8 * self.days)))
        c.vpn = (not c.pos_only) and r.random() < 0.05
        c.wallet = 0.0 if c.pos_only else r.choice([0, 0, 0, 0.1, 0.25, 0.5, 0.8])
        c.hol = r.lognormvariate(0, 0.5) * {"family": 1.5, "retiree": 0.7, "student": 0.6,
                                            "business": 0.8, "low_activity": 0.5}.get(seg, 1.0)
        c.blackouts = []
        c.events = {}
        # --- home
        if seg == "student":
            ci = r.choice(self.campus_ci)
            home = self.new_locale(ci, (0, 4), 5.0)
            c.parent_ci = self._home_city()
        else:
            ci = self._home_city()
            rural = r.random() < 0.18
            home = self.new_locale(ci, (15, 45) if rural else (1, 18), 22.0 if rural else 9.0)
        c.home = home
        net = self.new_net()
        c.employer = None
        if seg in ("worker", "business", "family", "night_shift", "online_heavy") and r.random() < 0.7:
            pool = self.office_ip(ci)
            c.employer = pool[min(len(pool) - 1, int(r.paretovariate(1.2)) - 1)]
        # --- members and devices
        n_mem = r.choice([2, 2, 3, 3, 4]) if seg == "family" else (2 if r.random() < 0.12 else 1)
        c.members = []
        for k in range(n_mem):
            m = Member()
            m.loc, m.net, m.away = home, net, False
            m.carrier = r.choice(["vz", "vz", "tmo", "tmo", "att", "att", "att"])
            m.gps = r.random() < 0.65
            m.w = 1.0 if k == 0 else r.uniform(0.3, 0.9)
            m.devices = []
            if not c.pos_only:
                if k == 0:
                    if r.random() < (0.7 if seg == "retiree" else 0.96):
                        m.devices.append(self._phone())
                    if r.random() < {"business": 0.9, "retiree": 0.6, "student": 0.6}.get(seg, 0.45):
                        m.devices.append(self._desktop())
                    if r.random() < 0.1:
                        m.devices.append(self._tablet())
                elif k == 1:
                    m.devices.append(self._phone())
                    if r.random() < 0.3:
                        m.devices.append(self._desktop())
                else:
                    m.devices.append(self._tablet() if r.random() < 0.4 else self._phone())
            if k >= 2 and seg == "family" and r.random() < 0.45:
                # a kid at college uses the family card from another city
                m.away = True
                m.loc = self.new_locale(r.choice(self.campus_ci), (0, 4), 5.0)
                m.net = None
                m.w = r.uniform(0.4, 1.0)
            c.members.append(m)
        if not c.pos_only and not any(m.devices for m in c.members):
            c.members[0].devices.append(self._phone())
        # device churn: phone upgrades and cleared cookies
        dev0 = c.members[0].devices
        if dev0 and dev0[0].kind == "phone" and r.random() < 0.09:
            bf = self._date_index(_nth_weekday(self.start.year, 11, 3, 4) + _dt.timedelta(days=1))
            d = bf if (bf is not None and r.random() < 0.3) else r.randint(1, self.days - 1)
            new = self._phone(start=d, newer=True)
            dev0[0].end = d
            dev0.append(new)
            c.events.setdefault(d, []).append("phone")
        for m in c.members:
            for dv in list(m.devices):
                if dv.kind == "desktop" and r.random() < 0.1:
                    d = r.randint(1, self.days - 1)
                    dv2 = Device(self.new_device_id(), "desktop", dv.ua, None, dv.phase, d, dv.end)
                    dv.end = d
                    m.devices.append(dv2)
        # --- category weights
        w = dict(BASE_W)
        for k, mult in SEG_MULT.get(seg, {}).items():
            w[k] = w.get(k, 0) * mult
        if seg == "business":
            w["b2b_store"], w["b2b_online"] = 6.0, 8.0
        car = not (r.random() < (0.5 if seg == "student" else 0.1))
        if not car:
            w["gas"] = 0.0
            w["rideshare"] = w.get("rideshare", 0) * 3
        cats, cw, acc = [], [], 0.0
        for k, v in w.items():
            if c.pos_only and not CATS[k][5]:
                continue
            v = v * r.lognormvariate(0, 0.5)
            if v <= 0:
                continue
            acc += v
            cats.append(k)
            cw.append(acc)
        c.cats, c.cat_cw = cats, cw
        hc, hw, acc = [], [], 0.0
        for k, v in HOLIDAY_W.items():
            if c.pos_only and not CATS[k][5]:
                continue
            acc += v * r.lognormvariate(0, 0.4)
            hc.append(k)
            hw.append(acc)
        c.hcats, c.hcat_cw = hc, hw
        # --- pay cycle
        c.payf = self._payday_factors(seg)
        # --- subscriptions
        self._plan_subs(c)
        # --- trips, relocation, one-off big purchases
        self._plan_trips(c)
        c.reloc = None
        if seg not in ("student", "bust_out") and r.random() < 0.012:
            d = r.randint(int(0.2 * self.days), max(int(0.2 * self.days), int(0.8 * self.days)))
            nci = self._home_city()
            if nci != ci and d < self.days:
                c.reloc = (d, self.new_locale(nci, (1, 18), 9.0), self.new_net())
                c.events.setdefault(d, []).append("moving")
        nbig = self._poisson(0.45 * self.days / 90.0 * (1.5 if seg in ("family", "business") else 1.0))
        for _ in range(nbig):
            d = r.randint(c.open_day, self.days - 1)
            c.events.setdefault(d, []).append("big")
        return c

    def _date_index(self, date):
        i = (date - self.start).days
        return i if 0 <= i < self.days else None

    def _payday_factors(self, seg):
        r = self.rng
        kind = {"retiree": "ss", "student": "monthly", "business": "none"}.get(seg)
        if kind is None:
            kind = r.choice(["biweekly", "biweekly", "semimonthly", "semimonthly", "monthly"])
        phase = r.randint(0, 1)
        wed = r.randint(2, 4)
        pays = []
        for d, date in enumerate(self.dates):
            if kind == "biweekly":
                p = date.weekday() == 4 and ((date.toordinal() // 7) % 2 == phase)
            elif kind == "semimonthly":
                last = calendar.monthrange(date.year, date.month)[1]
                p = date.day in (15, last)
            elif kind == "monthly":
                p = date.day == 1
            elif kind == "ss":
                p = date.weekday() == 2 and (date.day - 1) // 7 + 1 == wed
            else:
                p = False
            pays.append(p)
        f = [1.0] * self.days
        for d in range(self.days):
            if pays[d]:
                for k, v in ((0, 1.35), (1, 1.2), (2, 1.1)):
                    if d + k < self.days:
                        f[d + k] = v
                for k in (1, 2):
                    if d - k >= 0 and f[d - k] == 1.0:
                        f[d - k] = 0.85
        return f

    def _plan_subs(self, c):
        r = self.rng
        n = self._poisson(N_SUBS[c.seg])
        if c.pos_only:
            kinds_w = [(k, w) for k, w in self.sub_w if k in ("phone", "internet", "utility", "insurance", "news", "gym")]
        else:
            kinds_w = list(self.sub_w)
        c.subs = []
        chosen = set()
        for _ in range(n):
            if not kinds_w:
                break
            kind = r.choices([k for k, _ in kinds_w], [w for _, w in kinds_w])[0]
            if kind in chosen and kind not in ("streaming", "software"):
                continue
            chosen.add(kind)
            spec = next(s for s in SUBS if s[0] == kind)
            s = Sub()
            s.kind = kind
            if kind == "utility":
                s.pid, s.cc = r.choice(self.utilities[c.home.ci]), "US"
            else:
                s.pid, s.cc = r.choice(self.subs[kind])
            prices = spec[2]
            if isinstance(prices, tuple):
                s.amount = round(r.uniform(*prices), 2)
                s.rng_amt = kind == "utility" or r.random() < 0.3
            else:
                s.amount = r.choice(prices)
                s.rng_amt = False
            s.cadence = spec[3]
            if s.cadence == "m":
                s.bill = r.randint(1, 28)
            elif s.cadence == "w":
                s.bill = r.randint(0, 6)
            else:
                s.bill = r.randint(0, 11 * self.days)  # annual: falls in the window 1 time in ~12
            s.sec = r.randint(4 * 3600, 14 * 3600)
            s.start = c.open_day
            if r.random() < 0.1:  # free trial converting / new sign-up (gyms in January)
                s.start = r.randint(c.open_day, self.days - 1)
            s.end = self.days if r.random() > 0.05 else r.randint(s.start, self.days)
            c.subs.append(s)

    def _plan_trips(self, c):
        r = self.rng
        seg = c.seg
        cands = []
        year = self.start.year
        thanks = _nth_weekday(year, 11, 3, 4)

        def add(start, length, kind, dest_ci, abroad=False):
            s = self._date_index(start) if isinstance(start, _dt.date) else start
            if s is None or s < c.open_day:
                return
            cands.append((s, min(self.days - 1, s + length - 1), kind, dest_ci, abroad))

        def pick(table):
            names = list(table)
            return self.ci[r.choices(names, [table[k] for k in names])[0]]

        if seg == "bust_out":
            c.trips = []
            c.trip_day = None
            return
        if seg == "student":
            if r.random() < 0.7:
                add(_dt.date(year, 12, r.randint(12, 19)), r.randint(20, 30), "break", c.parent_ci)
            if r.random() < 0.45:
                add(thanks - _dt.timedelta(days=r.randint(1, 2)), r.randint(4, 6), "break", c.parent_ci)
        else:
            if r.random() < 0.16:
                add(thanks - _dt.timedelta(days=r.randint(0, 2)), r.randint(3, 5), "visit", self._home_city())
            if r.random() < 0.2:
                add(_dt.date(year, 12, r.randint(19, 24)), r.randint(4, 10), "visit", self._home_city())
            nvac = self._poisson({"family": 0.35, "retiree": 0.3, "business": 0.3}.get(seg, 0.22))
            for _ in range(nvac):
                add(r.randint(0, self.days - 1), r.randint(3, 7), "vacation", pick(VACATION))
            if r.random() < {"business": 0.15, "retiree": 0.05, "family": 0.04}.get(seg, 0.035):
                names = [f[0] for f in FOREIGN if f[5] > 0]
                dest = self.ci[r.choices(names, [f[5] for f in FOREIGN if f[5] > 0])[0]]
                add(r.randint(0, self.days - 1), r.randint(5, 12), "abroad", dest, True)
            nbiz = self._poisson({"business": 2.2, "worker": 0.15}.get(seg, 0.03))
            for _ in range(nbiz):
                add(r.randint(0, self.days - 1), r.randint(1, 4), "business", self._home_city())
            if seg == "retiree" and r.random() < 0.12:
                add(r.randint(0, self.days // 2), r.randint(20, 50), "snowbird", pick(SNOWBIRD))
        cands.sort()
        c.trips = []
        c.trip_day = None
        last_end = -1
        for s, e, kind, dest_ci, abroad in cands:
            if s <= last_end + 1 or dest_ci == c.home.ci:
                continue
            t = Trip()
            t.start, t.end, t.kind, t.abroad = s, e, kind, abroad
            t.loc = self.new_locale(dest_ci, (0, 6), 8.0)
            t.factor = {"vacation": 1.5, "abroad": 1.3, "visit": 0.8, "break": 0.9,
                        "business": 1.2, "snowbird": 1.0}[kind]
            t.net_ip = None
            c.trips.append(t)
            last_end = e
        if c.trips:
            c.trip_day = [None] * self.days
            for t in c.trips:
                for d in range(t.start, t.end + 1):
                    c.trip_day[d] = t
                dist = km(c.home.lat, c.home.lon, t.loc.lat, t.loc.lon)
                if (t.abroad or dist > 700) and not c.pos_only:
                    lead = r.randint(2, 14) if t.kind == "business" else r.randint(3, 50)
                    c.events.setdefault(t.start - lead, []).append(("flight", t))
                if t.kind in ("vacation", "abroad", "business"):
                    c.events.setdefault(t.end, []).append(("hotel", t))
                    if (t.kind == "business" or dist > 700) and r.random() < 0.4:
                        c.events.setdefault(t.end, []).append(("car", t))
                t.fly = dist > 700 or t.abroad
                if t.fly:
                    c.events.setdefault(t.start, []).append(("airport", t))

    # ---------------------------------------------------------------- random helpers
    def _poisson(self, lam):
        if lam <= 0:
            return 0
        r = self.rng
        if lam > 30:
            return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= r.random()
            if p <= L:
                return k
            k += 1

    def amount(self, c, cat, scale=1.0):
        r = self.rng
        v = CATS[cat]
        a = v[3] * c.amt * scale * r.lognormvariate(0, v[4])
        if cat == "gas" and r.random() < 0.3:
            a = max(10.0, round(a / 10.0) * 10.0)
        elif cat == "quick":
            a = max(1.25, a)
        elif cat == "giftcard_online" and r.random() < 0.7:
            a = r.choice([25.0, 50.0, 50.0, 75.0, 100.0, 100.0, 150.0, 200.0])
        a = min(a, c.limit * 0.7)
        return max(0.5, round(a, 2))

    def local_time(self, c, loc, d, cat, hour_min=None, hour_max=None):
        r = self.rng
        prof = c.profile
        if prof == "day" and self.wday[d] >= 5:
            prof = "weekend"
        cw = self.hour_cw[(prof, GROUP.get(cat, "shop"))]
        h = (bisect.bisect(cw, r.random() * cw[-1]) + c.shift) % 24
        if hour_min is not None and h < hour_min:
            h = r.randint(hour_min, 22)
        if hour_max is not None and h > hour_max:
            h = r.randint(5, hour_max)
        return self.day0(loc.tz, d) + h * 3600 + r.randrange(3600)

    def emit(self, t, c, amount, channel, payee, ip="", dev="", ua="", lat="", lon="", cc="",
             city="", fraud=0, rep=None, scen=""):
        self.rows.append([t, len(self.rows), c.id, amount, channel, ip, dev, ua, lat, lon, cc, city,
                          payee, fraud, rep, scen])

    # ---------------------------------------------------------------- honest activity
    def active_devices(self, m, d):
        return [dv for dv in m.devices if dv.start <= d < dv.end]

    def ua_for(self, dv, d, app):
        ua = dv.ua_app if (app and dv.ua_app) else dv.ua
        if "{" in ua:
            cv = 141 + (d + dv.phase) // 30
            ua = ua.replace("{cv}", str(cv)).replace("{fv}", str(cv - 9))
        return ua

    def cnp_context(self, c, m, dv, d, t_local_hour, trip):
        """Return ip, lat, lon, cc, city for an online payment from this device today."""
        r = self.rng
        loc = trip.loc if trip else m.loc
        gps = None
        if dv.kind == "phone" and m.gps:
            gps = loc
        # network
        geo = None
        if c.vpn and r.random() < 0.6:
            ip, gci = r.choice(self.vpn_exits)
            geo = gci
        elif trip is not None:
            if dv.kind == "phone" and r.random() < 0.55:
                ip = self.carrier_ip(m.carrier)
            else:
                if trip.net_ip is None:
                    trip.net_ip = self.public_ip(trip.loc.ci)
                ip, geo = trip.net_ip, trip.loc.ci
        elif m.away:
            if dv.kind == "phone" and r.random() < 0.35:
                ip = self.carrier_ip(m.carrier)
            else:
                ip, geo = self.campus_ip(m.loc.ci), m.loc.ci
        elif c.seg == "student":
            if dv.kind == "phone" and r.random() < 0.3:
                ip = self.carrier_ip(m.carrier)
            else:
                ip, geo = self.campus_ip(m.loc.ci), m.loc.ci
        else:
            x = r.random()
            workday = self.dates[d].weekday() < 5 and 9 <= t_local_hour <= 17
            if c.employer and workday and x < (0.6 if c.seg == "business" else 0.25):
                ip, geo = c.employer, m.loc.ci
            elif dv.kind == "phone" and x < 0.45:
                ip = self.carrier_ip(m.carrier)
            elif dv.kind == "phone" and x < 0.5:
                ip, geo = self.public_ip(m.loc.ci), m.loc.ci
            else:
                ip, geo = self.home_ip(m.net, d), m.loc.ci
        if gps is not None and r.random() < 0.85:
            la = gps.lat + r.gauss(0, 0.03)
            lo = gps.lon + r.gauss(0, 0.03)
            return ip, "%.5f" % la, "%.5f" % lo, gps.cc, gps.city
        if geo is not None:
            name, cc, la, lo = self.cities[geo][:4]
            if r.random() < 0.7:
                return ip, "%.2f" % la, "%.2f" % lo, cc, name
            return ip, "", "", cc, ""
        return ip, "", "", "US", ""

    def honest_txn(self, c, d, trip, cat, big=False, hour_min=None, amount=None, payee=None,
                   hour_max=None):
        r = self.rng
        v = CATS[cat]
        cp = v[5]
        # which family member
        mems = c.members
        if len(mems) == 1:
            m = mems[0]
        else:
            if cp:
                m = r.choices(mems, [x.w for x in mems])[0]
            else:
                ok = [x for x in mems if self.active_devices(x, d)]
                if not ok:
                    return
                m = r.choices(ok, [x.w for x in ok])[0]
        on_trip = trip if (trip is not None and not m.away) else None
        loc = on_trip.loc if on_trip else m.loc
        t = self.local_time(c, loc, d, cat, hour_min, hour_max)
        if c.blackouts:
            for b0, b1 in c.blackouts:
                if b0 <= t < b1:
                    return
        if amount is None:
            amount = self.amount(c, cat, 3.0 if big else 1.0)
        if cp:
            pid, la, lo = payee if payee else self.merchant(cat, loc, 0.9 if big else None)
            if cat == "services" and r.random() < 0.06:
                self.emit(t, c, amount, "moto", pid, cc="US")
                return
            devs = self.active_devices(m, d) if c.wallet else None
            if devs and devs[0].kind == "phone" and r.random() < c.wallet:
                self.emit(t, c, amount, "pos_wallet", pid, dev=devs[0].id, lat="%.4f" % la,
                          lon="%.4f" % lo, cc=loc.cc, city=loc.city)
            else:
                self.emit(t, c, amount, "pos", pid, lat="%.4f" % la, lon="%.4f" % lo, cc=loc.cc,
                          city=loc.city)
            return
        devs = self.active_devices(m, d)
        if not devs:
            return
        if cat in ("rideshare", "delivery"):
            ph = [x for x in devs if x.kind == "phone"]
            dv = ph[0] if ph else devs[0]
        else:
            dv = r.choice(devs)
        app = dv.kind != "desktop" and r.random() < (0.8 if cat in ("rideshare", "delivery") else 0.55)
        channel = "mobile" if app else "web"
        pid = payee[0] if payee else self.merchant(cat, m.loc if on_trip is None else loc,
                                                   0.9 if big else None)[0]
        hour = ((t - self.day0(loc.tz, d)) // 3600) % 24
        ip, la, lo, cc, city = self.cnp_context(c, m, dv, d, hour, on_trip)
        self.emit(t, c, amount, channel, pid, ip, dv.id, self.ua_for(dv, d, app), la, lo, cc, city)

    def pick_cat(self, c, holiday=False):
        r = self.rng
        cats, cw = (c.hcats, c.hcat_cw) if holiday else (c.cats, c.cat_cw)
        return cats[bisect.bisect(cw, r.random() * cw[-1])]

    def honest_events(self, c, d, trip):
        r = self.rng
        for ev in c.events.get(d, ()):
            if ev == "phone":
                amt = round(r.choice([199.99, 429.0, 799.99, 999.0, 1099.99, 1199.0]) * 1.08, 2)
                self.honest_txn(c, d, trip, "electronics", amount=min(amt, c.limit * 0.9))
            elif ev == "moving":
                dd, loc, net = c.reloc
                for m in c.members:
                    if not m.away:
                        m.loc, m.net = loc, net
                c.home = loc
                for s in c.subs:
                    if s.kind == "utility":
                        s.end = d
                ns = Sub()
                ns.kind, ns.pid, ns.cc = "utility", r.choice(self.utilities[loc.ci]), "US"
                ns.amount, ns.rng_amt, ns.cadence = round(r.uniform(60, 240), 2), True, "m"
                ns.bill, ns.sec, ns.start, ns.end = r.randint(1, 28), r.randint(4 * 3600, 14 * 3600), d + 1, self.days
                c.subs.append(ns)
                amt = round(min(c.limit * 0.8, r.uniform(900, 3800)), 2)
                self.honest_txn(c, d, None, "services", amount=amt,
                                payee=self.pick_new_merchant("services", loc))
                for _ in range(r.randint(2, 5)):
                    self.honest_txn(c, d, None, r.choice(["home", "bigbox", "home", "grocery"]), big=True)
            elif ev == "big":
                cat = r.choice(["home", "home", "electronics", "services", "services", "apparel",
                                "jewelry", "online"] + (["b2b_online", "b2b_store"] if c.seg == "business" else []))
                if c.pos_only and not CATS[cat][5]:
                    cat = "home"
                self.honest_txn(c, d, trip, cat, big=True)
            elif isinstance(ev, tuple):
                kind, t = ev
                if kind == "flight" and d >= 0:
                    party = {"family": r.randint(2, 4), "retiree": 2}.get(c.seg, 1)
                    base = r.lognormvariate(math.log(850 if t.abroad else 320), 0.35)
                    amt = round(min(c.limit * 0.9, base * party), 2)
                    self.honest_txn(c, d, None, "airline", amount=amt)
                elif kind == "hotel":
                    nights = max(1, t.end - t.start)
                    amt = round(min(c.limit * 0.9, nights * r.uniform(110, 320) * 1.14), 2)
                    self.honest_txn(c, d, t, "hotel", amount=amt, hour_min=8)
                elif kind == "car":
                    days = max(1, t.end - t.start + 1)
                    amt = round(min(c.limit * 0.9, days * r.uniform(45, 95) * 1.2), 2)
                    self.honest_txn(c, d, t, "car_rental", amount=amt, hour_min=8)
                elif kind == "airport":
                    # coffee at the home airport in the morning, then the trip starts
                    if t.fly:
                        self.honest_txn(c, d, None, "quick", hour_max=9)

    def genuine(self, c):
        r = self.rng
        for d in range(c.open_day, min(self.days, c.active_until)):
            date = self.dates[d]
            trip = c.trip_day[d] if c.trip_day else None
            if c.events:
                self.honest_events(c, d, trip)
            # recurring card-on-file charges
            for s in c.subs:
                if not (s.start <= d < s.end):
                    continue
                if s.cadence == "m":
                    due = date.day == min(s.bill, self.mlast[d])
                elif s.cadence == "w":
                    due = self.wday[d] == s.bill
                else:
                    due = d == s.bill
                if not due:
                    continue
                amt = s.amount
                if s.rng_amt:
                    winter = 1.25 if (s.kind == "utility" and date.month in (12, 1)) else 1.0
                    amt = round(s.amount * winter * r.lognormvariate(0, 0.12), 2)
                t = self.utc0[d] + s.sec + r.randrange(-1800, 1800)
                if c.blackouts and any(b0 <= t < b1 for b0, b1 in c.blackouts) and r.random() < 0.5:
                    continue  # card replaced; merchant's card-on-file not yet updated
                self.emit(t, c, amt, "recurring", s.pid, cc=s.cc)
            lam = (c.rate * (c.wkend if self.wday[d] >= 5 else 1.0) * c.payf[d] * self.base_f[d]
                   * (trip.factor if trip else 1.0) * r.gammavariate(2.5, 0.4))
            hmin = 13 if (trip is not None and d == trip.start and trip.fly) else None
            for _ in range(self._poisson(lam)):
                self.honest_txn(c, d, trip, self.pick_cat(c), hour_min=hmin)
            if self.h_extra[d] > 0:
                n = self._poisson(c.rate * self.h_extra[d] * c.hol)
                for _ in range(n):
                    cat = self.pick_cat(c, holiday=True)
                    if self.h_online_only[d] and CATS[cat][5]:
                        if c.pos_only:
                            continue
                        cat = "online"
                    self.honest_txn(c, d, trip, cat)
            if self.grocery_extra[d] > 0 and r.random() < self.grocery_extra[d]:
                self.honest_txn(c, d, trip, "grocery", big=True)

    # ---------------------------------------------------------------- fraud
    def _report(self, t_last, lo_days, hi_days, p_never):
        r = self.rng
        if r.random() < p_never:
            return None
        return int(t_last + r.uniform(lo_days, hi_days) * 86400)

    def _fraud_day(self, c, lo_frac=0.1, tail=1):
        lo = max(c.open_day + 5, int(lo_frac * self.days))
        hi = min(c.active_until, self.days) - 1 - tail
        if hi < lo:
            lo = max(c.open_day, min(lo, hi))
            hi = max(lo, hi)
        return self.rng.randint(lo, hi)

    def _fraud_ip(self, kind, victim_loc=None):
        """(ip, geo city index) of a fraudster connection."""
        r = self.rng
        if kind == "proxy":  # residential proxy in or near the victim's own city
            ci = victim_loc.ci if victim_loc and victim_loc.cc == "US" and r.random() < 0.6 else self._home_city()
            return self.country_ip("US"), ci
        if kind == "dc":
            city, a, b = r.choice(DATACENTER)
            return self._ip4(a, b), self.ci[city]
        if kind == "vpn":
            return r.choice(self.vpn_exits)
        cc_city = r.choice([("NG", "Lagos"), ("RU", "Moscow"), ("VN", "Ho Chi Minh City"),
                            ("BR", "Sao Paulo"), ("RO", "Bucharest"), ("ID", "Jakarta"),
                            ("UA", "Kyiv"), ("DO", "Santo Domingo")])
        return self.country_ip(cc_city[0]), self.ci[cc_city[1]]

    def _geo_fields(self, ci):
        name, cc, la, lo = self.cities[ci][:4]
        if self.rng.random() < 0.7:
            return "%.2f" % la, "%.2f" % lo, cc, name
        return "", "", cc, ""

    def _fraud_ua(self, d):
        ua = self.rng.choices([u for u, _ in FRAUD_UA], [w for _, w in FRAUD_UA])[0]
        return ua.replace("{cv}", str(141 + d // 30 - self.rng.randint(0, 3)))

    def plan_fraud(self):
        r = self.rng
        n = self.n
        used = set()
        custs = self.custs

        def victims(k, ok):
            pool = [c for c in custs if c.id not in used and ok(c)]
            r.shuffle(pool)
            out = pool[:k]
            for c in out:
                used.add(c.id)
            return out

        def count(rate):
            return max(1, int(round(rate * n)))

        busts = [c for c in custs if c.seg == "bust_out"]
        for c in busts:
            used.add(c.id)
        self.plans = []
        active = lambda c: c.seg not in ("bust_out",) and c.open_day < self.days - 6
        for c in victims(count(0.007), active):
            self.plans.append(("counterfeit", c, self._fraud_day(c, tail=3)))
        ato_ok = lambda c: active(c) and not c.pos_only and c.seg != "low_activity"
        for c in victims(count(0.007), ato_ok):
            self.plans.append(("ato", c, self._fraud_day(c, tail=2)))
        elder = victims(count(0.005), lambda c: c.seg == "retiree" and active(c))
        for c in elder:
            self.plans.append(("elder", c, self._fraud_day(c, tail=3)))
        for c in victims(count(0.008), lambda c: active(c) and c.seg != "low_activity"):
            d = self._fraud_day(c, tail=1)
            trip = c.trip_day[d] if c.trip_day else None
            loc = trip.loc if trip else c.home
            t_theft = self.day0(loc.tz, d) + r.randint(11, 21) * 3600 + r.randrange(3600)
            x = r.random()
            if x < 0.7:
                rep = t_theft + int(r.uniform(2, 30) * 3600)
            elif x < 0.95:
                rep = t_theft + int(r.uniform(2, 10) * 86400)
            else:
                rep = None
            reissue = (rep if rep else t_theft + 3 * 86400) + int(r.uniform(3, 7) * 86400)
            c.blackouts.append((t_theft, reissue))
            self.plans.append(("lost", c, d, loc, t_theft, rep))
        # card-not-present: stolen numbers tested in batches
        cnp = victims(count(0.024), lambda c: c.seg != "bust_out" and c.open_day < self.days - 4)
        i = 0
        while i < len(cnp):
            k = r.randint(4, 16)
            self.plans.append(("cnp", cnp[i:i + k]))
            i += k
        for c in busts:
            open_ = c.open_day
            span = self.days - open_
            b = open_ + int(span * r.uniform(0.45, 0.75))
            b = min(max(b, open_ + 3), self.days - 2)
            c.active_until = b + 1
            self.plans.append(("bust", c, b))
        self.n_friendly = count(0.006)

    def run_fraud(self):
        for p in self.plans:
            getattr(self, "_f_" + p[0])(*p[1:])

    def _f_counterfeit(self, c, d):
        r = self.rng
        if r.random() < 0.55:
            far = [n for n in COUNTERFEIT_US if km(c.home.lat, c.home.lon, *self.cities[self.ci[n]][2:4]) > 600]
            names = far or list(COUNTERFEIT_ABROAD)
            table = COUNTERFEIT_US if far else COUNTERFEIT_ABROAD
        else:
            names, table = list(COUNTERFEIT_ABROAD), COUNTERFEIT_ABROAD
        city = r.choices(names, [table[x] for x in names])[0]
        loc = self.new_locale(self.ci[city], (0, 8), 15.0)
        ndays = r.randint(1, 3)
        ntx = r.randint(3, 9)
        cats = ["electronics", "bigbox", "jewelry", "apparel", "gas", "liquor", "pharmacy", "grocery"]
        cw = [3, 3, 1.5, 1.5, 1, 1, 1, 1]
        rows = []
        for dd in range(d, min(self.days, d + ndays)):
            t = self.day0(loc.tz, dd) + r.randint(10, 16) * 3600 + r.randrange(3600)
            per = max(1, ntx // ndays + r.randint(-1, 1))
            for k in range(per):
                if not rows and r.random() < 0.35:
                    cat, amt = "gas", round(r.uniform(1.0, 15.0), 2)
                else:
                    cat = r.choices(cats, cw)[0]
                    amt = round(min(c.limit * 0.9, r.lognormvariate(math.log(280), 0.7)), 2)
                pid, la, lo = self.pick_new_merchant(cat, loc)
                rows.append((t, amt, pid, la, lo))
                t += r.randint(12, 90) * 60
        rep = self._report(rows[-1][0], 1, 20, 0.07)
        for t, amt, pid, la, lo in rows:
            self.emit(t, c, max(0.5, amt), "pos", pid, lat="%.4f" % la, lon="%.4f" % lo, cc=loc.cc,
                      city=loc.city, fraud=1, rep=rep, scen="counterfeit_card_present")

    def _f_cnp(self, batch):
        r = self.rng
        d = self._fraud_day(batch[0], tail=2)
        testers = [self.chains["small_online"][0][r.randint(20, 119)] for _ in range(r.randint(1, 2))]
        infra_dev = [self.new_device_id() for _ in range(r.randint(1, 3))]
        infra_ua = [self._fraud_ua(d) for _ in infra_dev]
        infra_ip = [self._fraud_ip(r.choice(["dc", "dc", "foreign", "vpn", "proxy"]))
                    for _ in range(r.randint(2, 6))]
        t = self.utc0[d] + r.randint(0, 23) * 3600 + r.randrange(3600)
        for c in batch:
            if d < c.open_day:
                continue
            rows = []
            for k in range(1 if r.random() < 0.7 else 2):
                j = r.randrange(len(infra_dev))
                ip, gci = r.choice(infra_ip)
                amt = 1.0 if r.random() < 0.3 else round(r.uniform(0.5, 2.99), 2)
                rows.append((t, amt, "web", r.choice(testers), ip, infra_dev[j], infra_ua[j], gci))
                t += r.randint(20, 600)
            cashed = r.random() < 0.65
            if cashed:
                dd = min(self.days - 1, d + r.choice([0, 0, 1, 1, 2, 3, 5]))
                tc = max(rows[-1][0] + 1800, self.utc0[dd] + r.randint(0, 23) * 3600 + r.randrange(3600))
                sophisticated = r.random() < 0.45
                dev = self.new_device_id() if sophisticated else r.choice(infra_dev)
                ua = self._fraud_ua(dd) if sophisticated else infra_ua[0]
                ip, gci = self._fraud_ip("proxy", c.home) if sophisticated else r.choice(infra_ip)
                for k in range(r.randint(1, 4)):
                    cat = r.choices(["online", "giftcard_online", "airline", "small_online"], [5, 3, 1, 1])[0]
                    if cat == "online":
                        pid = self.chains["online"][0][r.randint(0, 9)]
                    else:
                        pid = self.pick_new_merchant(cat, c.home)[0]
                    amt = round(min(c.limit * 0.95, r.lognormvariate(math.log(450), 0.7)), 2)
                    if cat == "giftcard_online":
                        amt = float(min(int(c.limit * 0.9 / 50) * 50 or 50, r.choice([200, 250, 300, 500, 500])))
                    ch = "mobile" if r.random() < 0.15 else "web"
                    rows.append((tc, amt, ch, pid, ip, dev, ua, gci))
                    tc += r.randint(3, 60) * 60
                rep = self._report(rows[-1][0], 2, 30, 0.08)
            else:
                rep = self._report(rows[-1][0], 5, 40, 0.75)
            for tt, amt, ch, pid, ip, dev, ua, gci in rows:
                la, lo, cc, city = self._geo_fields(gci)
                self.emit(tt, c, max(0.5, amt), ch, pid, ip, dev, ua, la, lo, cc, city, fraud=1,
                          rep=rep, scen="cnp_card_testing")

    def _f_ato(self, c, d):
        r = self.rng
        kind = r.choice(["foreign", "foreign", "vpn", "dc", "proxy", "proxy"])
        ip, gci = self._fraud_ip(kind, c.home)
        dev = self.new_device_id()
        ua = self._fraud_ua(d)
        tz = c.home.tz
        hour = r.choice([0, 1, 2, 3, 4, 5]) if r.random() < 0.45 else r.randint(6, 23)
        t = self.day0(tz, d) + hour * 3600 + r.randrange(3600)
        rows = []
        if r.random() < 0.3:
            rows.append((t, round(r.uniform(4.0, 25.0), 2), self.pick_new_merchant("small_online", c.home)[0]))
            t += r.randint(5, 45) * 60
        for k in range(r.randint(2, 5)):
            cat = r.choices(["giftcard_online", "online", "airline", "b2b_online"], [4, 5, 1.5, 0.5])[0]
            pid = self.pick_new_merchant(cat, c.home)[0]
            amt = r.lognormvariate(math.log(600), 0.6)
            if cat == "giftcard_online":
                amt = r.choice([250, 300, 500, 500, 1000])
            rows.append((t, round(min(c.limit * 0.95, amt), 2), pid))
            t += r.randint(4, 180) * 60
        rep = self._report(rows[-1][0], 1, 12, 0.06)
        ch = "mobile" if "Android" in ua or "iPhone" in ua else "web"
        for tt, amt, pid in rows:
            if r.random() < 0.1:  # a fresh IP from the same network now and then
                ip = ip.rsplit(".", 1)[0] + ".%d" % r.randint(1, 254) if "." in ip else ip
            la, lo, cc, city = self._geo_fields(gci)
            self.emit(tt, c, max(0.5, amt), ch, pid, ip, dev, ua, la, lo, cc, city, fraud=1, rep=rep,
                      scen="account_takeover")

    def _f_lost(self, c, d, loc, t_theft, rep):
        r = self.rng
        spot = Locale(loc.ci, loc.lat, loc.lon, loc.tz, loc.cc, loc.city, 8.0)
        t = t_theft + r.randint(10, 90) * 60
        n = r.randint(3, 9)
        first = True
        rows = []
        for k in range(n):
            if first:
                cat = r.choice(["gas", "quick", "gas"])
                amt = round(r.uniform(4.0, 60.0), 2)
                first = False
            else:
                cat = r.choices(["pharmacy", "bigbox", "electronics", "liquor", "grocery", "apparel", "jewelry"],
                                [2, 3, 2, 1.5, 1.5, 1, 0.5])[0]
                amt = round(min(c.limit * 0.5, 60 * 1.4 ** k * r.lognormvariate(0, 0.5)), 2)
                if cat in ("pharmacy", "grocery") and r.random() < 0.4:
                    amt = float(r.choice([100, 200, 250, 300])) + round(r.uniform(3.95, 6.95), 2)
            pid, la, lo = self.pick_new_merchant(cat, spot)
            rows.append((t, max(0.5, amt), pid, la, lo))
            t += r.randint(8, 45) * 60
        if rep is not None and rep < rows[-1][0]:
            # reported mid-spree: the remaining attempts were declined and never happened
            rows = [x for x in rows if x[0] <= rep] or rows[:1]
            rep = max(rep, rows[-1][0] + 60)
        for tt, amt, pid, la, lo in rows:
            self.emit(tt, c, amt, "pos", pid, lat="%.4f" % la, lon="%.4f" % lo, cc=spot.cc, city=spot.city,
                      fraud=1, rep=rep, scen="lost_stolen_spree")

    def _f_elder(self, c, d):
        r = self.rng
        loc = c.home
        ndays = r.randint(1, 3)
        rows = []
        for dd in range(d, min(self.days, d + ndays)):
            t = self.day0(loc.tz, dd) + r.randint(9, 14) * 3600 + r.randrange(3600)
            for k in range(r.randint(1, 3)):
                cat = r.choice(["pharmacy", "pharmacy", "grocery", "bigbox"])
                pid, la, lo = self.merchant(cat, loc, 0.5)
                face = r.choice([200, 250, 300, 400, 500, 500])
                amt = min(c.limit * 0.9, face + round(r.uniform(3.95, 6.95), 2) * (1 if face <= 500 else 2))
                rows.append((t, round(amt, 2), "pos", pid, la, lo))
                t += r.randint(15, 70) * 60
        m = c.members[0]
        devs = self.active_devices(m, d)
        if devs and r.random() < 0.4:
            dv = devs[0]
            t = rows[-1][0] + r.randint(20, 180) * 60
            pid = self.pick_new_merchant("giftcard_online", loc)[0]
            ip = self.home_ip(m.net, d) if m.net else self.carrier_ip(m.carrier)
            rows.append((t, float(r.choice([200, 300, 500])), "web", pid, dv, ip))
        rep = self._report(rows[-1][0], 3, 40, 0.3)
        for row in rows:
            if row[2] == "pos":
                tt, amt, ch, pid, la, lo = row
                self.emit(tt, c, amt, "pos", pid, lat="%.4f" % la, lon="%.4f" % lo, cc=loc.cc,
                          city=loc.city, fraud=1, rep=rep, scen="elder_gift_card_scam")
            else:
                tt, amt, ch, pid, dv, ip = row
                self.emit(tt, c, amt, "web", pid, ip, dv.id, self.ua_for(dv, d, False), "%.2f" % self.cities[loc.ci][2],
                          "%.2f" % self.cities[loc.ci][3], loc.cc, loc.city, fraud=1, rep=rep,
                          scen="elder_gift_card_scam")

    def _f_bust(self, c, b):
        r = self.rng
        loc = c.home
        spent, target = 0.0, c.limit * r.uniform(1.0, 1.3)
        m = c.members[0]
        rows = []
        for dd in range(b, min(self.days, b + r.randint(1, 3))):
            t = self.day0(loc.tz, dd) + r.randint(9, 13) * 3600 + r.randrange(3600)
            for k in range(r.randint(3, 8)):
                if spent >= target:
                    break
                cat = r.choices(["electronics", "jewelry", "bigbox", "apparel", "giftcard_online", "online", "home"],
                                [4, 2, 3, 1.5, 2, 3, 1])[0]
                amt = round(min(target - spent + 50, r.lognormvariate(math.log(650), 0.5)), 2)
                amt = max(25.0, amt)
                devs = self.active_devices(m, dd)
                if CATS[cat][5] or not devs:
                    if not CATS[cat][5]:
                        cat = "electronics"
                    pid, la, lo = self.pick_new_merchant(cat, loc)
                    rows.append((t, amt, "pos", pid, "", "", "", "%.4f" % la, "%.4f" % lo, loc.city))
                else:
                    dv = r.choice(devs)
                    pid = self.pick_new_merchant(cat, loc)[0]
                    ip = self.home_ip(m.net, dd)
                    rows.append((t, amt, "web", pid, ip, dv.id, self.ua_for(dv, dd, False),
                                 "%.2f" % self.cities[loc.ci][2], "%.2f" % self.cities[loc.ci][3], loc.city))
                spent += amt
                t += r.randint(10, 75) * 60
        if not rows:
            return
        rep = self._report(rows[-1][0], 35, 80, 0.15)
        for tt, amt, ch, pid, ip, dev, ua, la, lo, city in rows:
            self.emit(tt, c, amt, ch, pid, ip, dev, ua, la, lo, "US", city, fraud=1, rep=rep, scen="bust_out")

    def friendly(self):
        """Genuine online purchases later disputed as 'not me' (label noise the issuer records)."""
        r = self.rng
        by_c = {}
        for row in self.rows:
            if row[13] == 0 and row[4] in ("web", "mobile") and row[3] >= 30:
                by_c.setdefault(row[2], []).append(row)
        ids = sorted(by_c)
        r.shuffle(ids)
        for cid in ids[:self.n_friendly]:
            cand = by_c[cid]
            for row in r.sample(cand, min(len(cand), 1 if r.random() < 0.7 else 2)):
                row[13] = 1
                row[14] = int(row[0] + r.uniform(12, 60) * 86400)
                row[15] = "friendly_fraud"

    # ---------------------------------------------------------------- driver
    def build(self):
        self.make_customers()
        self.plan_fraud()
        for c in self.custs:
            self.genuine(c)
        self.run_fraud()
        self.friendly()
        self.rows.sort(key=lambda x: (x[0], x[1]))
        return self.rows


def write(rows, out):
    raw = open(out, "wb")
    gz = None
    if out.endswith(".gz"):
        gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)
        f = io.TextIOWrapper(gz, encoding="utf-8", newline="")
    else:
        f = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(HEADER)
    cache_t, cache_s = None, None
    for i, row in enumerate(rows):
        t = row[0]
        if t != cache_t:
            cache_t, cache_s = t, iso(t)
        rep = row[14]
        w.writerow(["tx%08d" % (i + 1), row[2], cache_s, "%.2f" % row[3], "USD", row[4], row[5],
                    row[6], row[7], row[8], row[9], row[10], row[11], row[12], row[13],
                    iso(rep) if rep is not None else "", row[15]])
    f.flush()
    f.detach()
    if gz is not None:
        gz.close()
    raw.close()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.cardus", description="US credit-card issuer replay world (cardus)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=4000)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--start", default="2025-10-20", help="first local day (YYYY-MM-DD)")
    ap.add_argument("--out", default="world-cardus.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 7:
        ap.error("need at least 1 customer and 7 days")
    t0 = _time.time()
    start = _dt.date.fromisoformat(a.start)
    rows = World(a.seed, a.customers, a.days, start).build()
    write(rows, a.out)
    nf = sum(1 for x in rows if x[13])
    print("cardus: %d rows, %d fraud (%.2f%%), %d customers, %d days -> %s in %.1fs"
          % (len(rows), nf, 100.0 * nf / max(1, len(rows)), a.customers, a.days, a.out,
             _time.time() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
