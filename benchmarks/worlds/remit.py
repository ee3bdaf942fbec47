"""remit -- synthetic payment history of a digital cross-border money-transfer app.

World
-----
"Kinsend", an online remittance provider (mobile app + website) used by
migrants and expats to send money home.  Senders live in the US (USD), the UK
(GBP), Germany / Spain / France / Italy (EUR), Canada (CAD), the UAE (AED) and
Australia (AUD); a row's ``currency`` is the sender's funding currency, so a
file mixes six currencies.  Recipients (``payee_id`` = a bank account, a
mobile wallet or a cash-pickup beneficiary, e.g. ``r-MX-cash-4417302``) sit in
Mexico, Central America, Colombia, the Philippines, India, Pakistan,
Bangladesh, Nepal, Vietnam, Nigeria, Ghana, Kenya, the Maghreb, Senegal,
Egypt, Poland, Romania, Ukraine, Turkey...

Written independently from the wire contract only (shared/API.md: the
POST /v1/score request fields and the "Replay files" section); no scorer code
was read.

Genuine behaviour modelled
  * family senders (most customers): 1-4 recipients, sends shortly after
    their own payday (weekly / biweekly / semi-monthly / monthly rules per
    country, e.g. UAE salaries early in the month, Italian ones on the 10th
    or 27th), evening/weekend hours in local time (with DST), amounts of a few
    hundred (round numbers, or "exact" amounts that buy a round sum in the
    recipient's currency at the day's FX rate), pre-holiday rises (Christmas,
    Eid al-Fitr / al-Adha, Ramadan, Diwali, Tet, Mexican Mother's Day),
    Spanish/Italian 13th-month pay in December, occasional large sends
    (house, wedding, medical emergency, tuition to a new school payee), new
    recipients now and then, siblings sending to the same parent;
  * small businesses / traders paying suppliers abroad (China, Turkey,
    India, UAE...): weekday office hours, many payees, larger invoices,
    popular suppliers shared by many traders, a pause around Lunar New Year;
  * occasional senders (a few sends in the period, mostly around holidays);
  * onboarding throughout the period (cold start): first send often a small
    test, "new account" limits for 14 days, one-and-done customers, churn;
  * devices and networks: app installs (iOS/Android, app version upgrades
    over time), browsers (fingerprint resets), phone replacements and
    reinstalls, household members sharing a phone and home IP, CGNAT mobile
    carrier IPs shared by many users, IPv6 on some carriers, home broadband
    IP changes, work networks, genuine VPN users (datacenter IPs), GPS only
    when the app has location permission, trips home for the holidays
    (country/city abroad, IP either roaming through the home carrier or a
    local network) and holidays elsewhere.  Limits per tier and currency;
    sends above the limit are split.

Fraud scenarios (``scenario`` column)
  ato_credential_stuffing  takeover of an established account: new device
      (browser / emulator), datacenter-VPN or foreign or residential-proxy IP,
      new recipient in a high-risk corridor, sends at or near the limit,
      several times within hours; reported in days (card chargebacks later).
  stolen_card_new_account  brand-new accounts funded with stolen cards
      (crews sharing devices and payees): 2-6 sends to cash-pickup recipients
      within ~a day, amounts rising to the new-account limit; chargebacks
      days to two months later.
  scam_victim  romance / investment scam: the genuine customer, own device,
      network and place, sends rising amounts to a NEW payee in a corridor
      they never used (Nigeria, Ghana, Turkey, Hong Kong/UAE/Malaysia/
      Lithuania "crypto desks") over weeks; reported weeks later or never.
  money_mule  a recruited account switches from monthly family remittance to
      many sends to many new recipients over days/weeks; reported late or never.
  friendly_fraud  a normal send to the customer's own family recipient that
      is later disputed (looks fully genuine).
  fraud_ring_ato  many taken-over accounts paying the same few mule
      recipients within days, from a few shared emulators / one VPN subnet.
  Victims keep their normal activity.  ``fraud_reported_at`` is set per case
  (after the case's last row) or left empty when never reported.

Run (from the repository root)
  python -m benchmarks.worlds.remit [--seed 7] [--customers 5000] [--days 150]
                                    [--start 2025-11-01] [--out world-remit.csv.gz]
Default: 5000 genuine customers (+ ~100 fraudulent accounts), 150 days from
2025-11-01: ~133k rows, ~1 % fraud rows, about 8-12 s on one core.  The output
is byte-identical for a given seed and arguments (gzip mtime 0).  Small worlds
(e.g. --customers 80 --days 30) are drawn from the more active end of the
customer base so that they still hold a useful number of rows and fraud.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import math
import random
import sys
import time
from bisect import bisect_right

APP = "Kinsend"
HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip",
          "device_id", "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud",
          "fraud_reported_at", "scenario"]

# --------------------------------------------------------------------------------------------
# static world data
# --------------------------------------------------------------------------------------------
# time zones: name -> (standard offset hours, DST rule)
TZ = {"US_E": (-5, "US"), "US_C": (-6, "US"), "US_M": (-7, "US"), "US_AZ": (-7, None),
      "US_P": (-8, "US"), "UK": (0, "EU"), "CET": (1, "EU"), "EET": (2, "EU"), "GST": (4, None),
      "AU_E": (10, "AU"), "AU_Q": (10, None), "AU_W": (8, None), "AU_C": (9.5, "AU")}

# USD value of one unit of each funding currency
FX_USD = {"USD": 1.0, "GBP": 1.27, "EUR": 1.08, "CAD": 0.72, "AED": 0.2723, "AUD": 0.65}

# per-transaction limits by tier, in the funding currency
LIMITS = {
    "USD": {"new": 1000, "standard": 2999, "verified": 10000, "business": 50000},
    "GBP": {"new": 800, "standard": 2500, "verified": 8000, "business": 40000},
    "EUR": {"new": 900, "standard": 2500, "verified": 9000, "business": 45000},
    "CAD": {"new": 1300, "standard": 4000, "verified": 13000, "business": 65000},
    "AED": {"new": 3500, "standard": 11000, "verified": 36000, "business": 180000},
    "AUD": {"new": 1500, "standard": 4500, "verified": 15000, "business": 75000},
}

# sending countries: currency, weight, median family send (USD), business propensity,
# iOS share, cities (name, lat, lon, tz, weight), pay rules, corridors
SEND = {
    "US": dict(cur="USD", w=34, med=370, biz=1.0, ios=0.42, payday_wd=4,
               cities=[("New York", 40.7128, -74.0060, "US_E", 18), ("Los Angeles", 34.0522, -118.2437, "US_P", 14),
                       ("Houston", 29.7604, -95.3698, "US_C", 10), ("Chicago", 41.8781, -87.6298, "US_C", 9),
                       ("Dallas", 32.7767, -96.7970, "US_C", 7), ("Miami", 25.7617, -80.1918, "US_E", 7),
                       ("Phoenix", 33.4484, -112.0740, "US_AZ", 5), ("San Jose", 37.3382, -121.8863, "US_P", 5),
                       ("Atlanta", 33.7490, -84.3880, "US_E", 5), ("Newark", 40.7357, -74.1724, "US_E", 4),
                       ("Seattle", 47.6062, -122.3321, "US_P", 4), ("Denver", 39.7392, -104.9903, "US_M", 3)],
               pay={"weekly": 35, "biweekly": 45, "semimonthly": 15, "last": 5},
               corr={"MX": 30, "GT": 8, "SV": 6, "HN": 5, "DO": 6, "PH": 10, "IN": 12, "VN": 5, "NG": 5,
                     "CO": 5, "EC": 2, "GH": 2}),
    "GB": dict(cur="GBP", w=15, med=400, biz=1.2, ios=0.40, payday_wd=4,
               cities=[("London", 51.5074, -0.1278, "UK", 40), ("Birmingham", 52.4862, -1.8904, "UK", 12),
                       ("Manchester", 53.4808, -2.2426, "UK", 10), ("Leicester", 52.6369, -1.1398, "UK", 7),
                       ("Bradford", 53.7960, -1.7594, "UK", 6), ("Leeds", 53.8008, -1.5491, "UK", 6),
                       ("Glasgow", 55.8642, -4.2518, "UK", 5), ("Luton", 51.8787, -0.4200, "UK", 4)],
               pay={"last": 45, "dom25": 15, "weekly": 30, "biweekly": 10},
               corr={"IN": 20, "PK": 15, "NG": 12, "PL": 12, "PH": 8, "GH": 6, "KE": 5, "BD": 6, "RO": 6}),
    "DE": dict(cur="EUR", w=8, med=370, biz=0.8, ios=0.30, payday_wd=4,
               cities=[("Berlin", 52.5200, 13.4050, "CET", 25), ("Munich", 48.1351, 11.5820, "CET", 12),
                       ("Frankfurt", 50.1109, 8.6821, "CET", 12), ("Hamburg", 53.5511, 9.9937, "CET", 12),
                       ("Cologne", 50.9375, 6.9603, "CET", 10), ("Stuttgart", 48.7758, 9.1829, "CET", 8),
                       ("Duesseldorf", 51.2277, 6.7735, "CET", 6)],
               pay={"last": 80, "first": 12, "weekly": 8},
               corr={"PL": 18, "TR": 20, "RO": 14, "UA": 8, "MA": 5, "VN": 6, "IN": 8, "NG": 5, "PK": 3}),
    "ES": dict(cur="EUR", w=7, med=310, biz=0.8, ios=0.25, payday_wd=4, xmas_pay=True,
               cities=[("Madrid", 40.4168, -3.7038, "CET", 30), ("Barcelona", 41.3874, 2.1686, "CET", 25),
                       ("Valencia", 39.4699, -0.3763, "CET", 10), ("Murcia", 37.9922, -1.1307, "CET", 8),
                       ("Malaga", 36.7213, -4.4214, "CET", 8), ("Almeria", 36.8340, -2.4637, "CET", 5),
                       ("Bilbao", 43.2630, -2.9350, "CET", 4)],
               pay={"last": 80, "first": 10, "weekly": 10},
               corr={"MA": 25, "CO": 20, "EC": 10, "RO": 10, "DO": 8, "PK": 7, "SN": 5, "PH": 5, "NG": 2}),
    "FR": dict(cur="EUR", w=7, med=350, biz=0.8, ios=0.32, payday_wd=4,
               cities=[("Paris", 48.8566, 2.3522, "CET", 40), ("Marseille", 43.2965, 5.3698, "CET", 15),
                       ("Lyon", 45.7640, 4.8357, "CET", 12), ("Lille", 50.6292, 3.0573, "CET", 8),
                       ("Toulouse", 43.6047, 1.4442, "CET", 8), ("Nice", 43.7102, 7.2620, "CET", 5),
                       ("Strasbourg", 48.5734, 7.7521, "CET", 5)],
               pay={"last": 90, "weekly": 10},
               corr={"MA": 25, "DZ": 15, "TN": 10, "SN": 10, "VN": 8, "IN": 5, "PH": 5, "NG": 3}),
    "IT": dict(cur="EUR", w=5, med=310, biz=0.8, ios=0.28, payday_wd=4, xmas_pay=True,
               cities=[("Milan", 45.4642, 9.1900, "CET", 30), ("Rome", 41.9028, 12.4964, "CET", 25),
                       ("Turin", 45.0703, 7.6869, "CET", 10), ("Naples", 40.8518, 14.2681, "CET", 10),
                       ("Bologna", 44.4949, 11.3426, "CET", 8), ("Florence", 43.7696, 11.2558, "CET", 7),
                       ("Palermo", 38.1157, 13.3615, "CET", 5)],
               pay={"dom10": 50, "dom27": 40, "weekly": 10},
               corr={"RO": 20, "MA": 15, "BD": 15, "PH": 15, "PK": 8, "IN": 8, "SN": 8, "NG": 5, "UA": 6}),
    "CA": dict(cur="CAD", w=9, med=410, biz=1.0, ios=0.42, payday_wd=4,
               cities=[("Toronto", 43.6532, -79.3832, "US_E", 30), ("Brampton", 43.7315, -79.7624, "US_E", 12),
                       ("Vancouver", 49.2827, -123.1207, "US_P", 15), ("Surrey", 49.1913, -122.8490, "US_P", 8),
                       ("Montreal", 45.5019, -73.5674, "US_E", 14), ("Calgary", 51.0447, -114.0719, "US_M", 10),
                       ("Edmonton", 53.5461, -113.4938, "US_M", 6), ("Winnipeg", 49.8951, -97.1384, "US_C", 5)],
               pay={"biweekly": 60, "weekly": 15, "semimonthly": 25},
               corr={"IN": 30, "PH": 25, "PK": 8, "VN": 8, "NG": 8, "MX": 5, "CO": 5, "GH": 3}),
    "AE": dict(cur="AED", w=10, med=450, biz=1.8, ios=0.30, payday_wd=4,
               cities=[("Dubai", 25.2048, 55.2708, "GST", 55), ("Abu Dhabi", 24.4539, 54.3773, "GST", 20),
                       ("Sharjah", 25.3463, 55.4209, "GST", 20), ("Ajman", 25.4052, 55.5136, "GST", 5)],
               pay={"dom1": 35, "dom3": 25, "dom5": 20, "dom7": 10, "last": 10},
               corr={"IN": 35, "PK": 20, "PH": 15, "BD": 12, "EG": 8, "NP": 6}),
    "AU": dict(cur="AUD", w=5, med=460, biz=0.9, ios=0.45, payday_wd=3,
               cities=[("Sydney", -33.8688, 151.2093, "AU_E", 35), ("Melbourne", -37.8136, 144.9631, "AU_E", 30),
                       ("Brisbane", -27.4698, 153.0251, "AU_Q", 12), ("Perth", -31.9505, 115.8605, "AU_W", 12),
                       ("Adelaide", -34.9285, 138.6007, "AU_C", 6)],
               pay={"biweekly": 65, "weekly": 25, "last": 10},
               corr={"IN": 25, "PH": 20, "VN": 15, "NP": 10, "PK": 5, "CO": 5}),
}

# destination countries: currency units per USD, tz, payout methods, cultures, amount factor, cities
DEST = {
    "MX": dict(fx=18.5, tz=-6, pay={"cash": 40, "bank": 40, "wallet": 20}, cult={"christian": 1}, amt=1.0, mom=True,
               cities=[("Guadalajara", 20.6597, -103.3496), ("Mexico City", 19.4326, -99.1332),
                       ("Puebla", 19.0414, -98.2063), ("Morelia", 19.7060, -101.1950), ("Oaxaca", 17.0732, -96.7266)]),
    "GT": dict(fx=7.75, tz=-6, pay={"cash": 55, "bank": 35, "wallet": 10}, cult={"christian": 1}, amt=0.9, mom=True,
               cities=[("Guatemala City", 14.6349, -90.5069), ("Quetzaltenango", 14.8347, -91.5181)]),
    "SV": dict(fx=1.0, tz=-6, pay={"cash": 50, "bank": 50}, cult={"christian": 1}, amt=0.9, mom=True,
               cities=[("San Salvador", 13.6929, -89.2182), ("San Miguel", 13.4833, -88.1833)]),
    "HN": dict(fx=25.3, tz=-6, pay={"cash": 55, "bank": 35, "wallet": 10}, cult={"christian": 1}, amt=0.85, mom=False,
               cities=[("Tegucigalpa", 14.0723, -87.1921), ("San Pedro Sula", 15.5042, -88.0250)]),
    "DO": dict(fx=60.5, tz=-4, pay={"cash": 50, "bank": 40, "wallet": 10}, cult={"christian": 1}, amt=0.9,
               cities=[("Santo Domingo", 18.4861, -69.9312), ("Santiago de los Caballeros", 19.4517, -70.6970)]),
    "CO": dict(fx=4150.0, tz=-5, pay={"bank": 55, "cash": 35, "wallet": 10}, cult={"christian": 1}, amt=0.9,
               cities=[("Bogota", 4.7110, -74.0721), ("Medellin", 6.2442, -75.5812), ("Cali", 3.4516, -76.5320),
                       ("Pereira", 4.8133, -75.6961)]),
    "EC": dict(fx=1.0, tz=-5, pay={"bank": 50, "cash": 50}, cult={"christian": 1}, amt=0.9,
               cities=[("Quito", -0.1807, -78.4678), ("Guayaquil", -2.1710, -79.9224)]),
    "PH": dict(fx=57.5, tz=8, pay={"wallet": 35, "bank": 35, "cash": 30}, cult={"christian": 9, "muslim": 1}, amt=0.85,
               cities=[("Manila", 14.5995, 120.9842), ("Quezon City", 14.6760, 121.0437), ("Cebu City", 10.3157, 123.8854),
                       ("Davao City", 7.1907, 125.4553)]),
    "IN": dict(fx=84.5, tz=5.5, pay={"bank": 85, "wallet": 15}, cult={"hindu": 75, "muslim": 15, "christian": 10}, amt=1.3,
               cities=[("Hyderabad", 17.3850, 78.4867), ("Kochi", 9.9312, 76.2673), ("Amritsar", 31.6340, 74.8723),
                       ("Mumbai", 19.0760, 72.8777), ("Chennai", 13.0827, 80.2707), ("Ahmedabad", 23.0225, 72.5714),
                       ("Thiruvananthapuram", 8.5241, 76.9366)]),
    "NG": dict(fx=1550.0, tz=1, pay={"bank": 80, "cash": 15, "wallet": 5}, cult={"christian": 55, "muslim": 45}, amt=1.0,
               cities=[("Lagos", 6.5244, 3.3792), ("Abuja", 9.0765, 7.3986), ("Enugu", 6.4584, 7.5464),
                       ("Port Harcourt", 4.8156, 7.0498)]),
    "GH": dict(fx=15.5, tz=0, pay={"wallet": 55, "bank": 35, "cash": 10}, cult={"christian": 8, "muslim": 2}, amt=0.9,
               cities=[("Accra", 5.6037, -0.1870), ("Kumasi", 6.6885, -1.6244)]),
    "KE": dict(fx=129.0, tz=3, pay={"wallet": 80, "bank": 20}, cult={"christian": 85, "muslim": 15}, amt=0.9,
               cities=[("Nairobi", -1.2921, 36.8219), ("Mombasa", -4.0435, 39.6682)]),
    "MA": dict(fx=9.9, tz=1, pay={"cash": 55, "bank": 45}, cult={"muslim": 1}, amt=1.0,
               cities=[("Casablanca", 33.5731, -7.5898), ("Rabat", 34.0209, -6.8416), ("Marrakesh", 31.6295, -7.9811),
                       ("Nador", 35.1681, -2.9335), ("Tangier", 35.7595, -5.8340)]),
    "DZ": dict(fx=134.0, tz=1, pay={"cash": 60, "bank": 40}, cult={"muslim": 1}, amt=0.9,
               cities=[("Algiers", 36.7538, 3.0588), ("Oran", 35.6971, -0.6308)]),
    "TN": dict(fx=3.1, tz=1, pay={"cash": 50, "bank": 50}, cult={"muslim": 1}, amt=0.9,
               cities=[("Tunis", 36.8065, 10.1815), ("Sfax", 34.7406, 10.7603)]),
    "SN": dict(fx=605.0, tz=0, pay={"wallet": 45, "cash": 35, "bank": 20}, cult={"muslim": 95, "christian": 5}, amt=0.85,
               cities=[("Dakar", 14.7167, -17.4677), ("Touba", 14.8500, -15.8833)]),
    "EG": dict(fx=49.5, tz=2, pay={"bank": 50, "cash": 30, "wallet": 20}, cult={"muslim": 9, "christian": 1}, amt=0.9,
               cities=[("Cairo", 30.0444, 31.2357), ("Alexandria", 31.2001, 29.9187)]),
    "PK": dict(fx=278.0, tz=5, pay={"bank": 60, "wallet": 20, "cash": 20}, cult={"muslim": 1}, amt=1.05,
               cities=[("Lahore", 31.5204, 74.3587), ("Karachi", 24.8607, 67.0011), ("Islamabad", 33.6844, 73.0479),
                       ("Mirpur", 33.1478, 73.7510)]),
    "BD": dict(fx=120.0, tz=6, pay={"bank": 40, "wallet": 40, "cash": 20}, cult={"muslim": 9, "hindu": 1}, amt=0.9,
               cities=[("Dhaka", 23.8103, 90.4125), ("Sylhet", 24.8949, 91.8687), ("Chittagong", 22.3569, 91.7832)]),
    "NP": dict(fx=135.0, tz=5.75, pay={"bank": 50, "wallet": 30, "cash": 20}, cult={"hindu": 1}, amt=0.8,
               cities=[("Kathmandu", 27.7172, 85.3240), ("Pokhara", 28.2096, 83.9856)]),
    "VN": dict(fx=25300.0, tz=7, pay={"bank": 70, "cash": 30}, cult={"tet": 1}, amt=1.2,
               cities=[("Ho Chi Minh City", 10.8231, 106.6297), ("Hanoi", 21.0278, 105.8342), ("Da Nang", 16.0544, 108.2022)]),
    "PL": dict(fx=4.0, tz="CET", pay={"bank": 100}, cult={"christian": 1}, amt=1.0,
               cities=[("Warsaw", 52.2297, 21.0122), ("Krakow", 50.0647, 19.9450), ("Wroclaw", 51.1079, 17.0385),
                       ("Rzeszow", 50.0412, 21.9991)]),
    "RO": dict(fx=4.6, tz="EET", pay={"bank": 85, "cash": 15}, cult={"christian": 1}, amt=0.9,
               cities=[("Bucharest", 44.4268, 26.1025), ("Iasi", 47.1585, 27.6014), ("Cluj-Napoca", 46.7712, 23.6236)]),
    "UA": dict(fx=41.5, tz="EET", pay={"bank": 90, "cash": 10}, cult={"christian": 1}, amt=0.8,
               cities=[("Kyiv", 50.4501, 30.5234), ("Lviv", 49.8397, 24.0297)]),
    "TR": dict(fx=34.5, tz=3, pay={"bank": 90, "cash": 10}, cult={"muslim": 1}, amt=1.0,
               cities=[("Istanbul", 41.0082, 28.9784), ("Ankara", 39.9334, 32.8597), ("Izmir", 38.4237, 27.1428)]),
    "CN": dict(fx=7.2, tz=8, pay={"bank": 100}, cult={"lny": 1}, amt=1.0,
               cities=[("Guangzhou", 23.1291, 113.2644), ("Yiwu", 29.3069, 120.0751), ("Shenzhen", 22.5431, 114.0579)]),
    "AE": dict(fx=3.6725, tz=4, pay={"bank": 100}, cult={"muslim": 1}, amt=1.0,
               cities=[("Dubai", 25.2048, 55.2708), ("Sharjah", 25.3463, 55.4209)]),
    "HK": dict(fx=7.8, tz=8, pay={"bank": 100}, cult={"lny": 1}, amt=1.0, cities=[("Hong Kong", 22.3193, 114.1694)]),
    "MY": dict(fx=4.45, tz=8, pay={"bank": 100}, cult={"muslim": 1}, amt=1.0, cities=[("Kuala Lumpur", 3.1390, 101.6869)]),
    "LT": dict(fx=0.926, tz="EET", pay={"bank": 100}, cult={"christian": 1}, amt=1.0, cities=[("Vilnius", 54.6872, 25.2797)]),
}
# extra places (vacations, attackers)
PLACES = {
    "BR": dict(tz=-3, cities=[("Sao Paulo", -23.5505, -46.6333)]),
    "ID": dict(tz=7, cities=[("Jakarta", -6.2088, 106.8456)]),
}

# public IPv4 blocks (first octet, second octet lo..hi) per country: broadband and mobile carriers
ISP = {
    "US": dict(bb=[(73, 0, 255), (98, 192, 255), (71, 64, 95), (76, 160, 191), (99, 0, 127), (107, 192, 223),
                   (108, 0, 63), (173, 48, 79), (68, 96, 111)],
               mob=[(172, 56, 63), (174, 192, 255), (166, 128, 191)], v6mob=["2607:fb90", "2600:1000"]),
    "GB": dict(bb=[(86, 128, 191), (81, 128, 159), (82, 0, 47), (90, 192, 255), (92, 0, 31)],
               mob=[(31, 94, 95), (92, 40, 41), (148, 252, 252), (82, 132, 132)]),
    "DE": dict(bb=[(87, 128, 191), (91, 0, 63), (88, 64, 79), (89, 204, 207)],
               mob=[(80, 187, 187), (109, 40, 47), (176, 0, 7)], v6bb=["2003:e6", "2003:c1"]),
    "ES": dict(bb=[(83, 32, 63), (88, 0, 31), (90, 160, 175), (85, 48, 63), (79, 116, 119)],
               mob=[(95, 120, 127), (176, 80, 87), (213, 0, 7)]),
    "FR": dict(bb=[(90, 0, 127), (82, 64, 127), (77, 128, 159), (89, 80, 95)],
               mob=[(92, 184, 191), (109, 0, 31), (176, 128, 159)]),
    "IT": dict(bb=[(79, 0, 63), (93, 32, 63), (151, 16, 31), (5, 168, 175)],
               mob=[(2, 32, 47), (151, 64, 79), (5, 90, 91)]),
    "CA": dict(bb=[(99, 224, 255), (70, 48, 63), (154, 5, 20), (24, 64, 127)],
               mob=[(72, 136, 143), (184, 144, 151), (204, 40, 47)]),
    "AE": dict(bb=[(94, 200, 207), (86, 96, 99), (2, 48, 51)], mob=[(5, 30, 31), (83, 110, 111)]),
    "AU": dict(bb=[(120, 144, 159), (49, 176, 191), (101, 160, 191), (180, 150, 151)],
               mob=[(1, 128, 159), (49, 192, 199), (101, 112, 119)]),
    "MX": dict(bb=[(187, 128, 191), (189, 128, 191), (201, 96, 127)]),
    "PH": dict(bb=[(112, 198, 211), (49, 144, 151), (175, 176, 191)]),
    "IN": dict(bb=[(49, 32, 47), (106, 192, 223), (117, 192, 255)]),
    "NG": dict(bb=[(105, 112, 119), (197, 210, 211), (102, 88, 91)]),
    "MA": dict(bb=[(105, 128, 159), (41, 248, 251)]),
    "CO": dict(bb=[(181, 48, 63), (186, 80, 95), (190, 24, 31)]),
    "PK": dict(bb=[(39, 32, 63), (119, 152, 159)]),
    "VN": dict(bb=[(113, 160, 191), (14, 160, 191), (171, 224, 255)]),
    "PL": dict(bb=[(83, 0, 31), (89, 64, 79), (178, 36, 43)]),
    "GT": dict(bb=[(190, 56, 63)]), "SV": dict(bb=[(190, 86, 87)]), "HN": dict(bb=[(181, 114, 115)]),
    "DO": dict(bb=[(152, 166, 167)]), "EC": dict(bb=[(186, 40, 47)]), "BD": dict(bb=[(103, 100, 103)]),
    "RO": dict(bb=[(86, 120, 127)]), "TR": dict(bb=[(78, 160, 191), (88, 224, 255)]),
    "UA": dict(bb=[(93, 72, 79), (178, 92, 95)]), "GH": dict(bb=[(154, 160, 161), (41, 66, 66)]),
    "KE": dict(bb=[(105, 160, 167), (41, 90, 90)]), "EG": dict(bb=[(41, 32, 47), (156, 192, 223)]),
    "NP": dict(bb=[(27, 34, 34), (110, 44, 44)]), "DZ": dict(bb=[(41, 96, 111), (105, 96, 111)]),
    "TN": dict(bb=[(41, 224, 231), (197, 0, 15)]), "SN": dict(bb=[(41, 82, 83)]),
    "CN": dict(bb=[(113, 64, 127), (183, 0, 63)]), "HK": dict(bb=[(14, 0, 3), (112, 118, 121)]),
    "MY": dict(bb=[(175, 136, 143)]), "LT": dict(bb=[(78, 56, 63)]),
    "BR": dict(bb=[(177, 0, 63), (189, 0, 63)]), "ID": dict(bb=[(36, 64, 95)]),
}

# hosting / VPN exits: (block, country, city, lat, lon)
DATACENTERS = [
    ((159, 203, 203), "US", "New York", 40.7128, -74.0060), ((138, 68, 68), "US", "New York", 40.7128, -74.0060),
    ((3, 80, 95), "US", "Ashburn", 39.0438, -77.4874), ((45, 76, 77), "US", "Dallas", 32.7767, -96.7970),
    ((134, 209, 209), "NL", "Amsterdam", 52.3676, 4.9041), ((89, 238, 238), "NL", "Amsterdam", 52.3676, 4.9041),
    ((64, 225, 225), "DE", "Frankfurt", 50.1109, 8.6821), ((52, 28, 29), "DE", "Frankfurt", 50.1109, 8.6821),
    ((116, 202, 203), "DE", "Falkenstein", 50.4779, 12.3713), ((95, 216, 217), "FI", "Helsinki", 60.1699, 24.9384),
    ((178, 62, 62), "GB", "London", 51.5074, -0.1278), ((18, 130, 135), "GB", "London", 51.5074, -0.1278),
    ((185, 195, 195), "GB", "London", 51.5074, -0.1278), ((139, 162, 162), "GB", "London", 51.5074, -0.1278),
    ((51, 75, 75), "FR", "Roubaix", 50.6942, 3.1746), ((54, 36, 36), "FR", "Roubaix", 50.6942, 3.1746),
    ((37, 120, 120), "RO", "Bucharest", 44.4268, 26.1025), ((159, 89, 89), "CA", "Toronto", 43.6532, -79.3832),
    ((51, 222, 222), "CA", "Beauharnois", 45.3151, -73.8779), ((128, 199, 199), "SG", "Singapore", 1.3521, 103.8198),
    ((13, 236, 239), "AU", "Sydney", -33.8688, 151.2093), ((149, 28, 28), "AU", "Sydney", -33.8688, 151.2093),
    ((185, 93, 93), "AE", "Dubai", 25.2048, 55.2708), ((45, 32, 32), "ES", "Madrid", 40.4168, -3.7038),
    ((46, 101, 101), "IT", "Milan", 45.4642, 9.1900),
]

ANDROID = [("SM-A546B", "14", 8), ("SM-A155F", "14", 7), ("SM-S918B", "14", 4), ("SM-A145R", "13", 5),
           ("SM-A536U", "14", 4), ("SM-G991B", "14", 3), ("Pixel 7", "15", 3), ("Pixel 8", "15", 2),
           ("23021RAA2Y", "13", 6), ("2201117TG", "13", 5), ("CPH2591", "14", 4), ("V2250", "14", 4),
           ("RMX3760", "13", 4), ("moto g play - 2023", "13", 3), ("SM-A047F", "12", 3), ("TECNO KI5q", "13", 2)]
IOS = [("iPhone12,1", "17.6.1", 5), ("iPhone13,2", "18.1.1", 6), ("iPhone14,5", "18.2", 6), ("iPhone14,7", "18.3", 5),
       ("iPhone15,2", "18.2.1", 4), ("iPhone15,4", "18.3.1", 4), ("iPhone16,1", "18.3", 3), ("iPhone17,3", "18.3", 2),
       ("iPhone11,8", "17.7", 3)]
EMULATORS = [("sdk_gphone64_x86_64", "13"), ("SM-G977N", "9"), ("ASUS_Z01QD", "9"), ("SM-N976N", "9"),
             ("Pixel 4", "11")]

HOURS = {  # local-hour weights
    "evening": [.3, .15, .08, .05, .05, .1, .3, .6, .8, .8, .9, 1, 1.3, 1.2, 1, 1, 1.2, 1.6, 2.4, 3, 3, 2.6, 1.8, .8],
    "lunch": [.2, .1, .05, .05, .05, .1, .3, .7, 1, 1.2, 1.5, 2.5, 3, 2.6, 1.4, 1, 1, 1.2, 1.5, 1.6, 1.4, 1.1, .8, .4],
    "morning": [.2, .1, .05, .1, .3, 1, 2.2, 2.8, 2.4, 1.6, 1.2, 1, 1, .9, .8, .8, .9, 1, 1.2, 1.2, 1, .8, .6, .3],
    "night": [1.2, 1.4, 1.2, .8, .6, .6, 1.2, 1.6, 1.2, .6, .4, .4, .6, .8, 1.4, 1.8, 1.6, 1, .8, .7, .7, .8, 1, 1.1],
    "weekend": [.2, .1, .05, .05, .05, .1, .3, .8, 1.4, 2, 2.4, 2.5, 2.3, 2, 1.8, 1.7, 1.7, 1.8, 1.9, 1.8, 1.5, 1.1, .7, .4],
    "office": [0, 0, 0, 0, 0, .02, .1, .5, 1.8, 3, 3, 2.6, 1.6, 2.2, 2.6, 2.4, 2, 1.2, .5, .3, .2, .1, .05, 0],
}

_H24 = range(24)
HOURS_CUM = {k: [sum(v[:i + 1]) for i in range(24)] for k, v in HOURS.items()}

HIGH_RISK_PAYOUT = [("NG", "bank", 30), ("GH", "wallet", 12), ("MX", "cash", 10), ("CO", "cash", 8), ("PH", "cash", 8),
                    ("GT", "cash", 6), ("DO", "cash", 6), ("VN", "bank", 6), ("KE", "wallet", 5), ("CN", "bank", 4),
                    ("TR", "bank", 5)]
CASH_PICKUP = [("MX", 25), ("GT", 12), ("HN", 8), ("CO", 12), ("DO", 10), ("PH", 12), ("NG", 8), ("GH", 6),
               ("MA", 5), ("VN", 4)]
SCAM_PAYEES = [("NG", "bank", 25), ("GH", "wallet", 12), ("TR", "bank", 15), ("HK", "bank", 15), ("AE", "bank", 12),
               ("MY", "bank", 11), ("LT", "bank", 10)]
ATTACKER_COUNTRIES = [("NG", 30), ("GH", 10), ("RO", 12), ("VN", 10), ("BR", 10), ("ID", 8), ("PK", 8), ("MA", 6),
                      ("UA", 6)]
SUPPLIERS = {"CN": 35, "TR": 12, "IN": 12, "AE": 10, "VN": 8, "NG": 6, "PK": 5, "MX": 5, "PH": 4, "MA": 3}

# approximate movable feasts: year -> (month, day)
DIWALI = {2023: (11, 12), 2024: (11, 1), 2025: (10, 20), 2026: (11, 8), 2027: (10, 29), 2028: (10, 17)}
EID_FITR = {2023: (4, 21), 2024: (4, 10), 2025: (3, 30), 2026: (3, 20), 2027: (3, 9), 2028: (2, 26)}
EID_ADHA = {2023: (6, 28), 2024: (6, 16), 2025: (6, 6), 2026: (5, 27), 2027: (5, 16), 2028: (5, 5)}
LUNAR_NY = {2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26)}
HOLI_STRENGTH = {"christmas": 1.0, "newyear": 0.25, "mothers_mx": 0.9, "diwali": 1.0, "eid_fitr": 1.0,
                 "eid_adha": 0.85, "ramadan": 0.5, "tet": 1.0}
CULTURE_HOLIDAYS = {"christian": ["christmas", "newyear"], "muslim": ["ramadan", "eid_fitr", "eid_adha"],
                    "hindu": ["diwali", "newyear"], "tet": ["tet", "newyear"], "lny": []}

EPOCH = dt.date(1970, 1, 1)


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def wkey(rng, d):
    return rng.choices(list(d.keys()), list(d.values()))[0]


def wtup(rng, lst):
    return rng.choices(lst, [t[-1] for t in lst])[0]


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def _nth_sunday(year, month, n):
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(6 - d.weekday()) % 7)
    return d + dt.timedelta(weeks=n - 1)


def _last_sunday(year, month):
    d = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


_DST_CACHE: dict = {}


def tz_offset_s(tz, date):
    if not isinstance(tz, str):
        return int(tz * 3600)
    std, rule = TZ[tz]
    dst = False
    if rule:
        key = (rule, date.year)
        if key not in _DST_CACHE:
            y = date.year
            if rule == "US":
                _DST_CACHE[key] = (_nth_sunday(y, 3, 2), _nth_sunday(y, 11, 1))
            elif rule == "EU":
                _DST_CACHE[key] = (_last_sunday(y, 3), _last_sunday(y, 10))
            else:  # AU: DST from first Sunday of October to first Sunday of April
                _DST_CACHE[key] = (_nth_sunday(y, 4, 1), _nth_sunday(y, 10, 1))
        a, b = _DST_CACHE[key]
        dst = (a <= date < b) if rule != "AU" else not (a <= date < b)
    return int((std + (1 if dst else 0)) * 3600)


def feast(table, year, islamic):
    if year in table:
        return dt.date(year, *table[year])
    ky = min(table, key=lambda y: abs(y - year))  # outside the table: extrapolate
    base = dt.date(ky, *table[ky])
    if islamic:  # lunar year of ~354.37 days
        d = base + dt.timedelta(days=round((year - ky) * 354.37))
        return d if d.year == year else d + dt.timedelta(days=round(354.37 * (1 if d.year < year else -1)))
    return base.replace(year=year)


def unit(cur):
    """Rough size of one 'dollar' in a funding currency (only AED is far from 1)."""
    return 3.67 if cur == "AED" else 1.0


def iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def ip4(rng, block, c_max=255):
    a, lo, hi = block
    return f"{a}.{rng.randint(lo, hi)}.{rng.randint(0, c_max)}.{rng.randint(1, 254)}"


def ip6(rng, prefix):
    return prefix + ":" + ":".join(f"{rng.getrandbits(16):x}" for _ in range(8 - prefix.count(":") - 1))


# --------------------------------------------------------------------------------------------
# model objects
# --------------------------------------------------------------------------------------------
class Device:
    __slots__ = ("id", "kind", "model", "osv", "browser", "start", "end", "gps", "lag", "blag", "fixed_ua")

    def __init__(self, id_, kind, start, end, gps=False, model="", osv="", browser="", lag=0, blag=0, fixed_ua=None):
        self.id, self.kind, self.start, self.end, self.gps = id_, kind, start, end, gps
        self.model, self.osv, self.browser, self.lag, self.blag, self.fixed_ua = model, osv, browser, lag, blag, fixed_ua


class Trip:
    __slots__ = ("d0", "d1", "cc", "city", "lat", "lon", "tz")

    def __init__(self, d0, d1, cc, city, lat, lon, tz):
        self.d0, self.d1, self.cc, self.city, self.lat, self.lon, self.tz = d0, d1, cc, city, lat, lon, tz


class Customer:
    def __init__(self, idx, rng):
        self.idx, self.rng = idx, rng
        self.rows = []
        self.trips = []
        self.devices = []
        self.second = []
        self.recipients = []
        self.work_ip = None
        self.vpn = None
        self.fraud_account = False
        self.used_cc = set()

    def trip_at(self, day):
        for t in self.trips:
            if t.d0 <= day < t.d1:
                return t
        return None

    def home_ip(self, day):
        i = bisect_right(self.home_days, day) - 1
        return self.home_ips[max(i, 0)]

    def tier(self, day):
        if self.segment == "business":
            return "business"
        if self.onboard >= 0 and day < self.onboard + 14:
            return "new"
        return self.base_tier

    def limit(self, day):
        return LIMITS[self.cur][self.tier(day)]


# --------------------------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------------------------
class World:
    def __init__(self, seed=7, customers=5000, days=150, start=dt.date(2025, 11, 1)):
        self.seed, self.n, self.days, self.start = seed, customers, days, start
        self.master = random.Random(seed)
        self.t0 = (start - EPOCH).days * 86400
        self.t1 = self.t0 + days * 86400
        self.rows = []
        self.seq = 0
        self.used_ids = set()
        self.customers = []
        # small worlds are drawn from the more active end of the customer base
        s = max(0.0, min(1.0, 1.0 - customers * days / 150000.0))
        self.small = s
        self.biz_share = 0.095 + 0.10 * s
        self.existing_share = 0.78 + 0.17 * s
        self.boost = 1.0 + 0.5 * s

    # ---------------- calendar ----------------
    def date(self, day):
        return self.start + dt.timedelta(days=day)

    def ts(self, day, sec, tz):
        return self.t0 + day * 86400 + sec - tz_offset_s(tz, self.date(day))

    def build_calendar(self):
        rng = self.master
        lo, hi = -45, self.days + 45
        self.cal_lo, self.cal_hi = lo, hi
        self.pay = {}
        for d in range(lo, hi):
            date = self.date(d)
            wd = date.weekday()
            for pwd in (3, 4):
                if wd == pwd:
                    self.pay.setdefault(("weekly", pwd), []).append(d)
                    self.pay.setdefault(("biweekly", pwd, (date.toordinal() // 7) % 2), []).append(d)
        # month-based rules (moved to the previous business day)
        months = []
        y, m = self.date(lo).year, self.date(lo).month
        while dt.date(y, m, 1) <= self.date(hi):
            months.append((y, m))
            y, m = (y + (m == 12), m % 12 + 1)

        def bday(dd, forward=False):
            while dd.weekday() >= 5:
                dd += dt.timedelta(days=1 if forward else -1)
            return (dd - self.start).days

        for (y, m) in months:
            last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
            self.pay.setdefault(("last",), []).append(bday(last))
            self.pay.setdefault(("first",), []).append(bday(dt.date(y, m, 1), True))
            self.pay.setdefault(("semimonthly",), []).extend([bday(dt.date(y, m, 15)), bday(last)])
            for k in (1, 3, 5, 7, 10, 25, 27):
                self.pay.setdefault((f"dom{k}",), []).append(bday(dt.date(y, m, k), k <= 7))
        for k in self.pay:
            self.pay[k] = sorted(set(self.pay[k]))
        # holidays
        self.hol = {k: [] for k in HOLI_STRENGTH}
        self.hol["lny"] = []
        for y in range(self.date(lo).year, self.date(hi).year + 1):
            cand = {"christmas": dt.date(y, 12, 25), "newyear": dt.date(y, 1, 1), "mothers_mx": dt.date(y, 5, 10),
                    "diwali": feast(DIWALI, y, False), "eid_fitr": feast(EID_FITR, y, True),
                    "eid_adha": feast(EID_ADHA, y, True), "tet": feast(LUNAR_NY, y, False),
                    "lny": feast(LUNAR_NY, y, False)}
            cand["ramadan"] = cand["eid_fitr"] - dt.timedelta(days=29)
            for k, v in cand.items():
                d = (v - self.start).days
                if lo <= d < hi:
                    self.hol[k].append(d)
        # onboarding intensity: marketing pushes before the big holidays, more on weekends
        big = self.hol["christmas"] + self.hol["eid_fitr"] + self.hol["diwali"] + self.hol["tet"]
        w = []
        for d in range(self.days):
            x = 1.0 + (0.25 if self.date(d).weekday() >= 5 else 0.0)
            if any(0 <= h - d <= 28 for h in big):
                x += 0.7
            w.append(x)
        self.onboard_cum = []
        acc = 0.0
        for x in w:
            acc += x
            self.onboard_cum.append(acc)
        # FX drift: per-currency phase and amplitude
        self.fx_phase = {c: rng.random() * 2 * math.pi for c in list(FX_USD) + list(DEST)}
        # app releases: (day, version)
        self.releases = []
        d, minor = -220, 2
        while d < self.days + 5:
            self.releases.append((d, f"5.{minor}.0"))
            if rng.random() < 0.4:
                self.releases.append((d + rng.randint(3, 8), f"5.{minor}.1"))
            d += rng.randint(14, 24)
            minor += 1
        self.release_days = [r[0] for r in self.releases]

    def fx(self, cur, day):  # units of `cur` per USD (for funding currencies: USD per unit)
        amp = 0.025 if cur in FX_USD else 0.035
        base = FX_USD[cur] if cur in FX_USD else DEST[cur]["fx"]
        return base * (1.0 + amp * math.sin(2 * math.pi * day / 130.0 + self.fx_phase[cur]))

    def in_days(self, day):
        return 0 <= day < self.days

    # ---------------- ids ----------------
    def new_id(self, rng, fmt, bits=48):
        while True:
            x = fmt.format(rng.getrandbits(bits))
            if x not in self.used_ids:
                self.used_ids.add(x)
                return x

    def new_payee(self, rng, cc, method):
        while True:
            x = f"r-{cc}-{method}-{rng.randrange(1000000, 9999999)}"
            if x not in self.used_ids:
                self.used_ids.add(x)
                return x

    # ---------------- user agents ----------------
    def app_version(self, dev, day):
        eff = max(dev.start, day - dev.lag)
        i = bisect_right(self.release_days, eff) - 1
        return self.releases[max(i, 0)][1]

    def chrome_ver(self, day, lag):
        return 130 + (self.date(day) - dt.date(2024, 10, 15)).days // 28 - lag

    def ua(self, dev, day):
        if dev.fixed_ua:
            return dev.fixed_ua
        if dev.kind == "ios":
            return f"{APP}/{self.app_version(dev, day)} (iOS {dev.osv}; {dev.model})"
        if dev.kind == "android":
            return f"{APP}/{self.app_version(dev, day)} (Android {dev.osv}; {dev.model})"
        v = self.chrome_ver(day, dev.blag)
        b = dev.browser
        if b == "chrome_win":
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
        if b == "edge":
            return (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
                    f"Safari/537.36 Edg/{v}.0.0.0")
        if b == "chrome_mac":
            return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
        if b == "firefox":
            f = v + 1
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0"
        if b == "safari":
            return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    f"Version/{dev.osv} Safari/605.1.15")
        if b == "chrome_android":
            return f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"
        return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/18.2 Mobile/15E148 Safari/604.1")

    def make_phone(self, rng, start, end, ios_share, gps_share=0.62):
        if rng.random() < ios_share:
            model, osv, _ = wtup(rng, IOS)
            kind = "ios"
        else:
            model, osv, _ = wtup(rng, ANDROID)
            kind = "android"
        r = rng.random()
        lag = rng.randint(0, 3) if r < 0.6 else (rng.randint(4, 14) if r < 0.85 else rng.randint(15, 70))
        return Device(self.new_id(rng, "d-{:012x}"), kind, start, end, gps=rng.random() < gps_share,
                      model=model, osv=osv, lag=lag)

    def make_browser(self, rng, start, end, mobile_web=False):
        if mobile_web:
            b = rng.choice(["chrome_android", "safari_ios"])
        else:
            b = wkey(rng, {"chrome_win": 45, "edge": 15, "chrome_mac": 12, "safari": 14, "firefox": 8})
        blag = 0 if rng.random() < 0.7 else rng.randint(1, 3)
        osv = rng.choice(["17.6", "18.1", "18.2", "18.3"])
        return Device(self.new_id(rng, "b-{:012x}"), "web", start, end, browser=b, blag=blag, osv=osv)

    # ---------------- customers ----------------
    def build_customers(self):
        self.by_city = {}
        self.family_recipients = {}   # dest cc -> list of payee ids (siblings sending to the same parent)
        self.supplier_pool = {cc: [] for cc in SUPPLIERS}
        for cc in SUPPLIERS:
            n = 6 + int(30 * SUPPLIERS[cc] / 35)
            self.supplier_pool[cc] = [self.new_payee(self.master, cc, "bank") for _ in range(n)]
        self.carrier_pool = {}
        for i in range(self.n):
            c = Customer(i, random.Random(self.master.getrandbits(64)))
            self.setup_customer(c)
            self.customers.append(c)

    def setup_customer(self, c):
        rng, days = c.rng, self.days
        c.cc = wkey(rng, {k: v["w"] for k, v in SEND.items()})
        S = SEND[c.cc]
        c.cur = S["cur"]
        c.city = wtup(rng, S["cities"])
        c.tz = c.city[3]
        r = rng.random()
        if r < self.biz_share * S["biz"]:
            c.segment = "business"
        elif r < self.biz_share * S["biz"] + 0.11 * (1 - self.small * 0.8):
            c.segment = "occasional"
        else:
            c.segment = "family"
        # lifecycle
        if rng.random() < self.existing_share:
            c.onboard = -rng.randint(20, 1500)
            c.churn = rng.randint(1, days) if rng.random() < 0.06 else days + 1000
            c.one_and_done = False
        else:
            c.onboard = rng.choices(range(days), cum_weights=self.onboard_cum)[0]
            c.one_and_done = c.segment != "business" and rng.random() < 0.16
            c.churn = c.onboard + rng.randint(20, 120) if rng.random() < 0.08 else days + 1000
        c.base_tier = "verified" if rng.random() < (0.28 if c.onboard < -120 else 0.08) else "standard"
        # home and work places
        c.home = (c.city[1] + rng.gauss(0, 0.04), c.city[2] + rng.gauss(0, 0.05))
        c.work = (c.home[0] + rng.gauss(0, 0.04), c.home[1] + rng.gauss(0, 0.05))
        # networks
        isp = ISP[c.cc]
        c.bb = rng.choice(isp["bb"])
        c.carrier = rng.choice(isp["mob"])
        c.v6mob = None
        if "v6mob" in isp and c.carrier == isp["mob"][0] and rng.random() < 0.8:
            c.v6mob = isp["v6mob"][0]
        elif "v6mob" in isp and c.carrier == isp["mob"][1] and rng.random() < 0.4:
            c.v6mob = isp["v6mob"][1]
        c.v6bb = isp.get("v6bb", [None])[0] if ("v6bb" in isp and rng.random() < 0.3) else None
        lo = min(c.onboard, 0)
        c.home_days, c.home_ips = [lo], [self.home_addr(rng, c)]
        d = lo + rng.randint(20, 200)
        while d < days:
            if d >= 0:
                c.home_days.append(d)
                c.home_ips.append(self.home_addr(rng, c))
            d += rng.randint(25, 200)
        c.wifi_share = rng.uniform(0.35, 0.85)
        if c.segment == "business" or rng.random() < 0.25:
            c.work_ip = ip4(rng, rng.choice(ISP[c.cc]["bb"]))
        c.work_share = 0.8 if c.segment == "business" else rng.uniform(0.05, 0.3)
        if rng.random() < 0.04:
            dc = rng.choice([x for x in DATACENTERS if x[1] == c.cc] or DATACENTERS) if rng.random() < 0.6 \
                else rng.choice(DATACENTERS)
            c.vpn = dc
            c.vpn_share = rng.uniform(0.2, 0.9)
        # devices
        life_end = days + 1000
        shared = None
        if c.segment == "family" and rng.random() < 0.035:
            mates = [m for m in self.by_city.get(c.city[0], []) if m.segment == "family" and m.devices[0].kind != "web"]
            if mates:
                shared = rng.choice(mates)
        self.by_city.setdefault(c.city[0], []).append(c)
        p_web = 0.5 if c.segment == "business" else 0.18
        start = min(c.onboard, 0)
        if shared is not None:
            c.devices.append(shared.devices[0])
            c.home_days, c.home_ips, c.bb, c.home = shared.home_days, shared.home_ips, shared.bb, shared.home
            c.wifi_share = shared.wifi_share
        elif rng.random() < p_web:
            self.add_browser_lifetimes(rng, c, start, life_end, mobile_web=rng.random() < 0.12)
        else:
            phone = self.make_phone(rng, start, life_end, S["ios"])
            c.devices.append(phone)
            # phone replacement or app reinstall during the period
            if rng.random() < 0.07 * days / 150:
                r = rng.randint(1, max(1, days - 1))
                phone.end = r
                if rng.random() < 0.6:
                    c.devices.append(self.make_phone(rng, r, life_end, S["ios"]))
                else:  # app reinstalled: new install id on the same phone
                    c.devices.append(Device(self.new_id(rng, "d-{:012x}"), phone.kind, r, life_end, phone.gps,
                                            phone.model, phone.osv, lag=0))
        # a secondary device (laptop browser or tablet) for some
        c.secondary_share = 0.0
        if rng.random() < (0.35 if c.segment == "business" else 0.12):
            s2 = rng.randint(start, max(start, days - 10)) if rng.random() < 0.3 else start
            if c.devices[0].kind == "web":
                c.second.append(self.make_phone(rng, s2, life_end, S["ios"]))
            else:
                self.add_browser_lifetimes(rng, c, s2, life_end, secondary=True)
            c.secondary_share = rng.uniform(0.08, 0.35)
        # behaviour
        prof = ["evening", "lunch", "morning", "night"]
        c.hours = rng.choices(prof, [55, 20, 15, 10])[0] if c.segment != "business" else "office"
        c.style = wkey(rng, {"round": 50, "target": 35, "exact": 15})
        c.var = rng.uniform(0.08, 0.3)
        dests = S["corr"]
        c.dest = wkey(rng, dests)
        D = DEST[c.dest]
        c.culture = wkey(rng, D["cult"])
        c.holidays = list(CULTURE_HOLIDAYS[c.culture]) + (["mothers_mx"] if D.get("mom") else [])
        c.hol_prop = rng.uniform(0.4, 1.0)
        usd_med = S["med"] * D["amt"]
        if c.segment == "business":
            self.setup_business(c)
        else:
            nrec = rng.choices([1, 2, 3, 4], [42, 32, 16, 10])[0]
            if c.segment == "occasional":
                nrec = min(nrec, 2)
            base_usd = usd_med * rng.lognormvariate(0, 0.5) * (1.5 if c.segment == "occasional" else 1.0)
            for k in range(nrec):
                cc = c.dest if (k == 0 or rng.random() < 0.94) else wkey(rng, dests)
                method = wkey(rng, DEST[cc]["pay"])
                pid = None
                if k == 0 and rng.random() < 0.06 and self.family_recipients.get(cc):
                    pid = rng.choice(self.family_recipients[cc])  # a sibling already sends to this parent
                if pid is None:
                    pid = self.new_payee(rng, cc, method)
                    self.family_recipients.setdefault(cc, []).append(pid)
                share = 1.0 if k == 0 else rng.uniform(0.2, 0.7)
                c.recipients.append(dict(pid=pid, cc=cc, base=base_usd * share / FX_USD[c.cur],
                                         q=0.93 if k == 0 else rng.uniform(0.35, 0.85), since=-10 ** 6))
                c.used_cc.add(cc)
            # pay cycle
            c.payrule = wkey(rng, S["pay"])
            if c.payrule in ("weekly", "biweekly"):
                c.paykey = (c.payrule, S["payday_wd"] if rng.random() < 0.85 else 7 - S["payday_wd"]) + \
                    ((rng.randint(0, 1),) if c.payrule == "biweekly" else ())
                if c.paykey[1] not in (3, 4):
                    c.paykey = (c.payrule, 4) + c.paykey[2:]
            else:
                c.paykey = (c.payrule,)
            per_month = {"weekly": 4.33, "biweekly": 2.17, "semimonthly": 2.0}.get(c.payrule, 1.0)
            target = rng.choices([1, 1.5, 2, 3, 4.33], [8, 7, 22, 30, 33])[0]
            c.p_send = min(1.0, target * self.boost / per_month)
            for r in c.recipients:  # frequent senders send less each time
                r["base"] *= (2.0 / target) ** 0.6
            # monthly-paid senders spread further sends over the month (smaller top-ups)
            c.extra = max(0.0, target * self.boost - per_month) / per_month * rng.uniform(0.6, 1.0)
            c.cycle = 30.4 / per_month
            c.target = target
            c.adhoc = rng.uniform(0.05, 0.35)  # ad-hoc sends per month
        # trips
        if c.segment != "business" and rng.random() < 0.12 * min(1.0, days / 150):
            self.add_trip(c, home=True)
        elif rng.random() < 0.04 * min(1.0, days / 150):
            self.add_trip(c, home=False)

    def home_addr(self, rng, c):
        return ip6(rng, c.v6bb) if c.v6bb else ip4(rng, c.bb)

    def add_browser_lifetimes(self, rng, c, start, end, mobile_web=False, secondary=False):
        first = self.make_browser(rng, start, end, mobile_web)
        devs = [first]
        d = max(start, 0) + rng.randint(15, 200)
        while d < self.days:
            if rng.random() < 0.5:  # cookies cleared / new browser profile
                devs[-1].end = d
                nd = Device(self.new_id(rng, "b-{:012x}"), "web", d, end, browser=first.browser, blag=first.blag,
                            osv=first.osv)
                devs.append(nd)
            d += rng.randint(20, 200)
        (c.second if secondary else c.devices).extend(devs)

    def setup_business(self, c):
        rng = c.rng
        c.payrule, c.paykey = None, None
        cands = {k: v for k, v in SUPPLIERS.items() if k != c.cc}
        ccs = []
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            ccs.append(wkey(rng, cands))
        if c.cc in ("GB", "US", "CA") and rng.random() < 0.3:
            ccs.append(c.dest)  # diaspora trader importing from home
        nsup = rng.randint(4, 28)
        base = 2500 * rng.lognormvariate(0, 0.6)
        for k in range(nsup):
            cc = rng.choice(ccs)
            if cc in self.supplier_pool and rng.random() < 0.45:
                pool = self.supplier_pool[cc]
                pid = pool[min(len(pool) - 1, int(rng.expovariate(0.25)))]  # popular suppliers first
            else:
                pid = self.new_payee(rng, cc, "bank")
            if any(r["pid"] == pid for r in c.recipients):
                continue
            c.recipients.append(dict(pid=pid, cc=cc, base=base * rng.lognormvariate(0, 0.6) / FX_USD[c.cur],
                                     q=1.0 / (k + 1) ** 0.9, since=-10 ** 6))
            c.used_cc.add(cc)
        c.per_week = min(25.0, rng.lognormvariate(math.log(5.0), 0.6)) * self.boost

    def add_trip(self, c, home):
        rng = c.rng
        if home:
            cc = c.recipients[0]["cc"] if c.recipients else c.dest
            hs = [h for name in c.holidays if name in ("christmas", "eid_fitr", "eid_adha", "tet", "diwali")
                  for h in self.hol.get(name, []) if 5 <= h < self.days + 5]
            if hs and rng.random() < 0.7:
                d0 = rng.choice(hs) - rng.randint(3, 14)
            else:
                d0 = rng.randint(0, max(0, self.days - 5))
            length = rng.randint(8, 35)
            D = DEST[cc]
            city = rng.choice(D["cities"])
            tz = D["tz"]
        else:
            cc = rng.choice([k for k in ("ES", "FR", "IT", "GB", "US", "MX", "TR", "AE", "TH") if k != c.cc and k != "TH"])
            if cc in SEND:
                city = wtup(rng, SEND[cc]["cities"])
                tz = city[3]
            else:
                city = rng.choice(DEST[cc]["cities"])
                tz = DEST[cc]["tz"]
            d0 = rng.randint(0, max(0, self.days - 5))
            length = rng.randint(5, 15)
        c.trips.append(Trip(d0, d0 + length, cc, city[0], city[1] + rng.gauss(0, 0.03), city[2] + rng.gauss(0, 0.03), tz))

    # ---------------- context of a send ----------------
    def pick_device(self, c, day, rng):
        sec = [d for d in c.second if d.start <= day < d.end]
        if sec and rng.random() < c.secondary_share:
            return sec[0]
        for d in c.devices:
            if d.start <= day < d.end:
                return d
        return sec[0] if sec else c.devices[-1]

    def mobile_ip(self, rng, c):
        if c.v6mob and rng.random() < 0.7:
            return ip6(rng, c.v6mob)
        return ip4(rng, c.carrier, c_max=7)  # CGNAT: a limited pool of public addresses

    def res_ip(self, rng, cc):
        return ip4(rng, rng.choice(ISP[cc]["bb"]))

    def ctx(self, c, day, rng, dev=None):
        """channel, ip, device, ua, lat, lon, country, city for a genuine send of customer c."""
        if dev is None:
            dev = self.pick_device(c, day, rng)
        mobile = dev.kind in ("ios", "android")
        channel = "mobile" if mobile else "web"
        ua = self.ua(dev, day)
        lat = lon = None
        trip = c.trip_at(day)
        if trip is not None:
            country, city = trip.cc, trip.city
            if mobile and rng.random() < 0.45:
                ip = self.mobile_ip(rng, c)  # roaming: traffic egresses through the home carrier
            else:
                ip = self.res_ip(rng, trip.cc if trip.cc in ISP else c.cc)
            if mobile and dev.gps:
                lat, lon = trip.lat + rng.gauss(0, 0.01), trip.lon + rng.gauss(0, 0.01)
            return channel, ip, dev.id, ua, lat, lon, country, city
        country, city = c.cc, c.city[0]
        where = "home"
        if c.vpn is not None and rng.random() < c.vpn_share:
            blk, vcc, vcity = c.vpn[0], c.vpn[1], c.vpn[2]
            ip = ip4(rng, blk)
            if not (mobile and dev.gps):
                country, city = vcc, vcity  # geolocated from the VPN exit
        elif mobile:
            r = rng.random()
            if r < c.wifi_share:
                ip = c.home_ip(day)
            elif c.work_ip and r < c.wifi_share + 0.12:
                ip, where = c.work_ip, "work"
            else:
                ip, where = self.mobile_ip(rng, c), "out"
        else:
            if c.work_ip and rng.random() < c.work_share:
                ip, where = c.work_ip, "work"
            else:
                ip = c.home_ip(day)
        if mobile and dev.gps:
            if where == "home":
                lat, lon = c.home[0] + rng.gauss(0, 0.0015), c.home[1] + rng.gauss(0, 0.0015)
            elif where == "work":
                lat, lon = c.work[0] + rng.gauss(0, 0.0015), c.work[1] + rng.gauss(0, 0.0015)
            else:
                lat, lon = c.city[1] + rng.gauss(0, 0.06), c.city[2] + rng.gauss(0, 0.07)
        return channel, ip, dev.id, ua, lat, lon, country, city

    # ---------------- rows ----------------
    def emit(self, c, ts, amount, ctx, payee, fraud=0, scenario=""):
        amount = round(amount, 2)
        if amount < 1.0:
            amount = 1.0
        row = [ts, c.idx, self.seq, amount, ctx, payee, fraud, None, scenario]
        self.seq += 1
        self.rows.append(row)
        if not fraud:
            c.rows.append(row)
        return row

    def local_sec(self, rng, profile):
        h = rng.choices(_H24, cum_weights=HOURS_CUM[profile])[0]
        return h * 3600 + rng.randint(0, 3599)

    def finish_amount(self, c, rng, local, cc, day, style=None):
        style = style or (c.style if rng.random() < 0.8 else wkey(rng, {"round": 50, "target": 35, "exact": 15}))
        if style == "round":
            if local < 60:
                step = 5
            elif local < 400:
                step = rng.choice([10, 10, 20, 50])
            elif local < 2000:
                step = rng.choice([50, 50, 100])
            else:
                step = rng.choice([100, 250, 500])
            if c.cur == "AED" and local > 200:
                step *= 2
            return max(step, round(local / step) * step)
        if style == "target" and cc in DEST:
            rate = self.fx(cc, day) * self.fx(c.cur, day)  # receive units per funding unit
            recv = local * rate
            mag = 10 ** math.floor(math.log10(max(recv, 1.0)))
            step = mag / rng.choice([1, 2, 4, 10])
            recv = max(step, round(recv / step) * step)
            return recv / rate
        return local * rng.uniform(0.97, 1.03)

    def send_many(self, c, rng, day, sec, tz, items, gap=(40, 600), dev=None):
        """items: list of (payee, amount, cc). Splits amounts above the limit."""
        lim = c.limit(day)
        t = self.ts(day, sec, tz)
        out = []
        ctx = self.ctx(c, day, rng, dev)  # one session: same device, network and place
        for pid, amt, cc in items:
            parts = [amt]
            if amt > lim:
                k = math.ceil(amt / lim)
                parts = [min(lim, round(amt / k / 10) * 10 or amt / k) for _ in range(k)]
            for a in parts:
                if out and ctx[4] is not None:
                    ctx = ctx[:4] + (ctx[4] + rng.gauss(0, 0.0003), ctx[5] + rng.gauss(0, 0.0003)) + ctx[6:]
                out.append(self.emit(c, t, a, ctx, pid))
                t += rng.randint(*gap)
        return out

    def tz_at(self, c, day):
        trip = c.trip_at(day)
        return trip.tz if trip else c.tz

    def session_sec(self, c, rng, day):
        wd = self.date(day).weekday()
        if c.segment == "business":
            return self.local_sec(rng, "office")
        if wd >= 5 and rng.random() < 0.7:
            return self.local_sec(rng, "weekend")
        return self.local_sec(rng, c.hours if rng.random() < 0.75 else "evening")

    def season(self, day):
        """Send propensity: busier run-up to Christmas, post-holiday January dip."""
        date = self.date(day)
        if date.month == 12 and date.day <= 23:
            return 1.12
        if date.month == 1 and 2 <= date.day <= 20:
            return 0.85
        return 1.0

    def holiday_factor(self, c, day):
        f = 1.0
        for name in c.holidays:
            for h in self.hol.get(name, []):
                if 0 <= h - day <= 21:
                    f = max(f, 1.0 + 0.35 * HOLI_STRENGTH[name])
        if SEND[c.cc].get("xmas_pay") and self.date(day).month == 12 and self.date(day).day >= 14:
            f *= 1.25
        return f

    # ---------------- genuine behaviour ----------------
    def gen_customer(self, c):
        if c.segment == "business":
            self.gen_business(c)
        else:
            self.gen_person(c)

    def gen_person(self, c):
        rng, days = c.rng, self.days
        lo, hi = max(c.onboard, 0), min(c.churn, days)
        if lo >= hi:
            return
        sessions = []  # (day, kind, mult)
        regular_from = lo
        if c.onboard >= 0:
            d = c.onboard
            if rng.random() < 0.5:
                sessions.append((d, "test", 1.0))
                d += rng.choice([0, 0, 1, 1, 2, 3, 5])
            sessions.append((d, "first", 1.0))
            regular_from = d + 4
            if c.one_and_done:
                hi = min(hi, d + 1)
        if c.segment == "family":
            for p in self.pay.get(c.paykey, []):
                if p < regular_from - 3 or p >= hi:
                    continue
                trip = c.trip_at(p)
                if rng.random() < c.p_send * (0.6 if trip else 1.0) * self.season(p):
                    lag = rng.choices([0, 1, 2, 3, 4, 6], [38, 30, 14, 8, 5, 5])[0]
                    sessions.append((p + lag, "regular", 1.0))
            if c.extra:
                for p in self.pay.get(c.paykey, []):
                    k = int(c.extra) + (rng.random() < c.extra - int(c.extra))
                    for j in range(1, k + 1):
                        off = int(j * c.cycle / (k + 1)) + rng.randint(-1, 1)
                        sessions.append((p + off, "regular", rng.uniform(0.4, 0.9)))
            months = (hi - regular_from) / 30.4
            for _ in range(poisson(rng, c.adhoc * max(months, 0) * self.boost)):
                sessions.append((rng.randint(regular_from, max(regular_from, hi - 1)), "adhoc", rng.uniform(0.3, 2.5)))
        else:  # occasional
            n = poisson(rng, 2.2 * (hi - lo) / 150 * self.boost)
            for _ in range(n):
                sessions.append((rng.randint(regular_from, max(regular_from, hi - 1)), "regular", 1.0))
        # holidays
        for name in c.holidays:
            for h in self.hol.get(name, []):
                if rng.random() < HOLI_STRENGTH[name] * c.hol_prop * (0.8 if c.segment == "family" else 1.3):
                    d = h - rng.choices(range(1, 19), [3, 5, 6, 7, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 2, 1])[0]
                    mult = rng.uniform(1.3, 2.6) if name != "newyear" else rng.uniform(0.8, 1.4)
                    sessions.append((d, "holiday", mult))
        # occasional large send
        if rng.random() < 0.05 * days / 150 * (2 if c.segment == "occasional" else 1):
            sessions.append((rng.randint(lo, hi - 1), wkey(rng, {"house": 30, "wedding": 20, "medical": 30,
                                                                 "tuition": 20}), 1.0))
        # new recipient now and then
        if rng.random() < 0.07 * days / 150 and c.segment == "family":
            r = rng.randint(lo, hi - 1)
            cc = c.dest if rng.random() < 0.85 else wkey(rng, SEND[c.cc]["corr"])
            pid = self.new_payee(rng, cc, wkey(rng, DEST[cc]["pay"]))
            c.recipients.append(dict(pid=pid, cc=cc, base=c.recipients[0]["base"] * rng.uniform(0.3, 0.8),
                                     q=rng.uniform(0.2, 0.6), since=r))
            c.used_cc.add(cc)
            sessions.append((r, "newrec", 1.0))
        sessions.sort(key=lambda s: s[0])
        for day, kind, mult in sessions:
            if not (lo <= day < hi):
                continue
            self.person_session(c, rng, day, kind, mult)

    def person_session(self, c, rng, day, kind, mult):
        active = [r for r in c.recipients if r["since"] <= day]
        prim = active[0]
        tz = self.tz_at(c, day)
        sec = self.session_sec(c, rng, day)
        hf = self.holiday_factor(c, day)
        items = []
        if kind == "test":
            small = rng.choice([20, 25, 30, 50, 50, 100]) * unit(c.cur)
            items.append((prim["pid"], self.finish_amount(c, rng, small, prim["cc"], day, "round"), prim["cc"]))
        elif kind in ("house", "wedding", "medical", "tuition"):
            f = {"house": (8, 25), "wedding": (5, 15), "medical": (3, 10), "tuition": (4, 12)}[kind]
            amt = prim["base"] * rng.uniform(*f)
            if kind == "tuition":
                pid = self.new_payee(rng, prim["cc"], "bank")
                c.recipients.append(dict(pid=pid, cc=prim["cc"], base=amt, q=0.0, since=day))
                items.append((pid, self.finish_amount(c, rng, amt, prim["cc"], day, "exact"), prim["cc"]))
            else:
                items.append((prim["pid"], self.finish_amount(c, rng, amt, prim["cc"], day, "round"), prim["cc"]))
            if kind == "medical":
                sec = rng.randint(0, 86399)
        elif kind == "newrec":
            r = c.recipients[-1]
            items.append((r["pid"], self.finish_amount(c, rng, r["base"] * rng.uniform(0.3, 1.0), r["cc"], day), r["cc"]))
        else:
            chosen = [r for r in active if rng.random() < r["q"]] or [prim]
            if kind in ("first",):
                chosen = [prim]
            for r in chosen:
                base = r["base"] * mult * hf * rng.lognormvariate(0, c.var)
                if kind == "first" and c.onboard >= 0:
                    base *= rng.uniform(0.4, 1.0)
                items.append((r["pid"], self.finish_amount(c, rng, base, r["cc"], day), r["cc"]))
        self.send_many(c, rng, day, sec, tz, items)

    def gen_business(self, c):
        rng, days = c.rng, self.days
        lo, hi = max(c.onboard, 0), min(c.churn, days)
        weights = [r["q"] for r in c.recipients]
        lny = self.hol.get("lny", [])
        for day in range(lo, hi):
            date = self.date(day)
            wd = date.weekday()
            lam = c.per_week / 5.0
            if wd == 5:
                lam *= 0.15
            elif wd == 6:
                lam *= 0.03
            if (date.month == 12 and date.day >= 24) or (date.month == 1 and date.day == 1):
                lam *= 0.2
            if date.day >= 25 or date.day <= 2:
                lam *= 1.3  # month-end invoices
            if day < c.onboard + 10:
                lam *= 0.4
            n = poisson(rng, lam)
            if not n:
                continue
            sec = self.local_sec(rng, "office")
            items = []
            for _ in range(n):
                r = rng.choices(c.recipients, weights)[0]
                amt = r["base"] * rng.lognormvariate(0, 0.55)
                if r["cc"] in ("CN", "HK") and lny:
                    if any(-6 <= day - h <= 8 for h in lny):
                        continue  # suppliers closed for the New Year
                    if any(0 < h - day <= 21 for h in lny):
                        amt *= 1.3  # stocking up / settling before the holiday
                if c.onboard >= 0 and day < c.onboard + 14:
                    amt *= 0.5
                amt = amt if rng.random() < 0.6 else self.finish_amount(c, rng, amt, r["cc"], day, "round")
                items.append((r["pid"], amt, r["cc"]))
            if rng.random() < 0.03 * self.days / 150 / 5 and len(c.recipients) < 60:
                cc = c.recipients[0]["cc"]
                pid = self.new_payee(rng, cc, "bank")
                c.recipients.append(dict(pid=pid, cc=cc, base=c.recipients[0]["base"], q=0.3, since=day))
                weights.append(0.3)
            if items:
                self.send_many(c, rng, day, sec, self.tz_at(c, day), items, gap=(30, 1800))

    # ---------------- fraud ----------------
    def hist(self, c, before_ts):
        return [r for r in c.rows if r[0] < before_ts]

    def report(self, rows, rng, kind):
        """Set fraud_reported_at of a case (after its last row) or leave it empty."""
        last = max(r[0] for r in rows)
        if kind == "ato":
            r = rng.random()
            delay = None if r < 0.06 else (rng.uniform(20, 60) if r < 0.25 else rng.lognormvariate(math.log(2.5), 0.8))
        elif kind == "card":
            r = rng.random()
            delay = None if r < 0.04 else (rng.uniform(1, 7) if r < 0.35 else rng.uniform(15, 60))
        elif kind == "scam":
            delay = None if rng.random() < 0.25 else rng.uniform(7, 70)
        elif kind == "mule":
            delay = None if rng.random() < 0.3 else rng.uniform(10, 50)
        elif kind == "friendly":
            delay = rng.uniform(20, 75)
        else:  # ring
            delay = None if rng.random() < 0.1 else rng.uniform(1, 14)
        rep = None if delay is None else int(last + delay * 86400 + rng.randint(0, 3600))
        for row in rows:
            row[7] = rep

    def inject_fraud(self):
        rng = random.Random(self.master.getrandbits(64))
        # case counts scale with the genuine volume (~26 rows per customer in the default world),
        # so the fraud share stays near 1 % for any size and length
        n = sum(len(c.rows) for c in self.customers) / 26.0
        self.unit = n
        N = lambda rate, floor=0: max(floor, int(round(n * rate)))
        self.mule_pool = []
        for _ in range(max(6, int(n) // 180)):
            cc, method, _ = wtup(rng, HIGH_RISK_PAYOUT)
            self.mule_pool.append(self.new_payee(rng, cc, method))
        self.n_cases = {}
        self.fraud_stolen_cards(rng, N(0.02, 1))
        self.fraud_ato(rng, N(0.012, 1))
        self.fraud_ring(rng, max(1 if n >= 300 else 0, int(round(n / 1800))))
        small_floor = 1 if self.days >= 21 else 0  # small test worlds still get a scam and a dispute
        self.fraud_scam(rng, N(0.008, small_floor))
        self.fraud_mule(rng, N(0.004))
        self.fraud_friendly(rng, N(0.007, small_floor))

    def eligible(self, rng, min_rows, exclude):
        out = []
        for c in self.customers:
            if c.idx in exclude or c.fraud_account or c.segment == "business":
                continue
            if len(c.rows) >= min_rows:
                out.append(c)
        rng.shuffle(out)
        return out

    def attacker_device(self, rng, day, web_p=0.55):
        r = rng.random()
        if r < web_p:
            v = self.chrome_ver(day, rng.choice([0, 0, 1, 3, 6, 10]))
            ua = (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  f"Chrome/{v}.0.0.0 Safari/537.36")
            return Device(self.new_id(rng, "b-{:012x}"), "web", day, day + 10, fixed_ua=ua)
        if r < web_p + (1 - web_p) * 0.65:
            model, osv = rng.choice(EMULATORS)
        else:
            model, osv, _ = wtup(rng, ANDROID)
        i = bisect_right(self.release_days, day) - 1 - rng.choice([0, 0, 1, 2, 4])
        ver = self.releases[max(i, 0)][1]
        return Device(self.new_id(rng, "d-{:012x}"), "android", day, day + 10, gps=rng.random() < 0.15,
                      fixed_ua=f"{APP}/{ver} (Android {osv}; {model})")

    def attacker_network(self, rng, victim_cc, mode=None):
        """-> (ip function, country, city, tz hours)"""
        mode = mode or wkey(rng, {"dc": 45, "foreign": 25, "local": 30})
        if mode == "dc":
            local = [x for x in DATACENTERS if x[1] == victim_cc]
            dc = rng.choice(local) if (local and rng.random() < 0.5) else rng.choice(DATACENTERS)
            sub = rng.randint(dc[0][1], dc[0][2]), rng.randint(0, 255)
            return (lambda r: f"{dc[0][0]}.{sub[0]}.{sub[1]}.{r.randint(2, 254)}"), dc[1], dc[2], \
                rng.choice([1, 0, 3, -5])
        if mode == "foreign":
            cc = wtup(rng, ATTACKER_COUNTRIES)[0]
            cities = DEST[cc]["cities"] if cc in DEST else PLACES[cc]["cities"]
            city = rng.choice(cities)[0]
            tz = DEST[cc]["tz"] if cc in DEST else PLACES[cc]["tz"]
            return (lambda r: self.res_ip(r, cc)), cc, city, (tz if not isinstance(tz, str) else TZ[tz][0])
        city = wtup(rng, SEND[victim_cc]["cities"])
        return (lambda r: self.res_ip(r, victim_cc)), victim_cc, city[0], TZ[city[3]][0]

    def fraud_ato(self, rng, k, scenario="ato_credential_stuffing"):
        pool = self.eligible(rng, 3, set())
        done = 0
        for c in pool:
            if done >= k:
                break
            second = c.rows[1][0]
            lo = second + 86400
            if lo >= self.t1 - 6 * 3600:
                continue
            t = rng.randint(lo, self.t1 - 6 * 3600)
            day = (t - self.t0) // 86400
            dev = self.attacker_device(rng, day)
            ipf, cc, city, tzh = self.attacker_network(rng, c.cc)
            # attacker's working hours in their own time zone
            t = self.t0 + day * 86400 + rng.choice([9, 10, 13, 15, 19, 21, 22, 23, 1]) * 3600 \
                + rng.randint(0, 3599) - int(tzh * 3600)
            if not (self.t0 <= t < self.t1 - 4 * 3600) or t <= second:
                continue
            lat = lon = None
            if dev.gps:
                lat, lon = c.city[1] + rng.gauss(0, 0.01), c.city[2] + rng.gauss(0, 0.01)
            payees = []
            for _ in range(rng.choice([1, 1, 1, 2])):
                if rng.random() < 0.4:
                    payees.append(rng.choice(self.mule_pool))
                else:
                    pcc, method, _ = wtup(rng, HIGH_RISK_PAYOUT)
                    payees.append(self.new_payee(rng, pcc, method))
            lim = c.limit(day)
            nsend = rng.choices([1, 2, 3, 4, 5], [20, 35, 25, 12, 8])[0]
            rows = []
            if rng.random() < 0.25:
                ctx = ("mobile" if dev.kind == "android" else "web", ipf(rng), dev.id, dev.fixed_ua, lat, lon, cc, city)
                rows.append(self.emit(c, t, rng.choice([50, 75, 100, 150]) * unit(c.cur), ctx,
                                      payees[0], 1, scenario))
                t += rng.randint(120, 1500)
            for j in range(nsend):
                amt = lim if rng.random() < 0.5 else lim * rng.uniform(0.9, 0.995)
                amt = round(amt) if rng.random() < 0.7 else amt
                ctx = ("mobile" if dev.kind == "android" else "web", ipf(rng), dev.id, dev.fixed_ua, lat, lon, cc, city)
                rows.append(self.emit(c, t, amt, ctx, payees[j % len(payees)], 1, scenario))
                t += rng.randint(90, 2400) if rng.random() < 0.8 else rng.randint(6 * 3600, 20 * 3600)
                if t >= self.t1:
                    break
            self.report(rows, rng, "ato")
            c.victim = scenario
            done += 1
        self.n_cases[scenario] = self.n_cases.get(scenario, 0) + done

    def fraud_ring(self, rng, rings):
        for _ in range(rings):
            if self.days < 8:
                break
            d0 = rng.randint(int(self.days * 0.2), self.days - 6)
            length = rng.randint(2, 5)
            target_cc = wkey(rng, {k: v["w"] for k, v in SEND.items()}) if rng.random() < 0.7 else None
            pcc, method, _ = wtup(rng, HIGH_RISK_PAYOUT)
            payees = [rng.choice(self.mule_pool) for _ in range(rng.randint(1, 2))]
            payees += [self.new_payee(rng, pcc, method) for _ in range(rng.randint(1, 3))]
            devices = [self.attacker_device(rng, d0, web_p=0.3) for _ in range(rng.randint(2, 4))]
            mode = rng.choice(["dc", "dc", "local"])
            ipf, cc0, city0, tzh = self.attacker_network(rng, target_cc or "GB", mode)
            t_start = self.t0 + d0 * 86400
            size = rng.randint(10, 25) if self.unit >= 1500 else rng.randint(3, 6)
            victims = [c for c in self.eligible(rng, 2, set())
                       if (target_cc is None or c.cc == target_cc) and not hasattr(c, "victim")
                       and len(self.hist(c, t_start)) >= 2][:size]
            for c in victims:
                t = t_start + rng.randint(0, length * 86400 - 7200)
                day = (t - self.t0) // 86400
                dev = rng.choice(devices)
                if mode == "local":
                    ipf, cc, city, _ = self.attacker_network(rng, c.cc, "local")
                else:
                    cc, city = cc0, city0
                lim = c.limit(day)
                rows = []
                for j in range(rng.choices([1, 2, 3], [45, 40, 15])[0]):
                    amt = lim * (1.0 if rng.random() < 0.5 else rng.uniform(0.85, 0.99))
                    ctx = ("mobile" if dev.kind == "android" else "web", ipf(rng), dev.id, dev.fixed_ua, None, None, cc, city)
                    rows.append(self.emit(c, t, round(amt), ctx, rng.choice(payees), 1, "fraud_ring_ato"))
                    t += rng.randint(60, 1800)
                self.report(rows, rng, "ring")
                c.victim = "ring"
            self.n_cases["fraud_ring_ato"] = self.n_cases.get("fraud_ring_ato", 0) + len(victims)

    def fraud_stolen_cards(self, rng, k):
        crews = []
        made = 0
        while made < k:
            cc = wkey(rng, {k_: v["w"] for k_, v in SEND.items()})
            crew = dict(cc=cc, devices=[], payees=[], size=min(k - made, rng.choice([1, 1, 2, 3, 4, 6])))
            cash_cc = wtup(rng, CASH_PICKUP)[0]
            crew["payees"] = [self.new_payee(rng, cash_cc, "cash") for _ in range(rng.randint(1, 4))]
            if rng.random() < 0.2:
                crew["payees"].append(rng.choice(self.mule_pool))
            d0 = rng.randint(0, max(0, self.days - 2))
            for j in range(crew["size"]):
                self.stolen_card_account(rng, crew, min(self.days - 1, d0 + rng.randint(0, 12)))
                made += 1
            crews.append(crew)
        self.n_cases["stolen_card_new_account"] = made

    def stolen_card_account(self, rng, crew, day):
        c = Customer(len(self.customers), random.Random(rng.getrandbits(64)))
        c.fraud_account = True
        c.cc = crew["cc"]
        S = SEND[c.cc]
        c.cur, c.city = S["cur"], wtup(rng, S["cities"])
        c.tz, c.onboard, c.segment, c.base_tier, c.churn = c.city[3], day, "fraud", "standard", day + 3
        self.customers.append(c)
        if crew["devices"] and rng.random() < 0.5:
            dev = rng.choice(crew["devices"])  # device farm: same phone/emulator for several accounts
        else:
            r = rng.random()
            if r < 0.35:
                dev = self.attacker_device(rng, day, web_p=1.0)
            elif r < 0.7:
                dev = self.attacker_device(rng, day, web_p=0.0)
            else:
                dev = self.make_phone(rng, day, day + 10, S["ios"], gps_share=0.2)
                dev.fixed_ua = self.ua(dev, day)
            crew["devices"].append(dev)
        mode = wkey(rng, {"local": 50, "mob": 25, "dc": 15, "foreign": 10})
        if mode == "mob":
            carrier = rng.choice(ISP[c.cc]["mob"])
            ipf, cc, city = (lambda r: ip4(r, carrier, 7)), c.cc, c.city[0]
        else:
            ipf, cc, city, _ = self.attacker_network(rng, c.cc, mode)
            if mode == "local":
                city = c.city[0]
        lat = lon = None
        if dev.gps:
            lat, lon = c.city[1] + rng.gauss(0, 0.03), c.city[2] + rng.gauss(0, 0.03)
        n = rng.choices([2, 3, 4, 5, 6], [20, 28, 25, 15, 12])[0]
        lim = LIMITS[c.cur]["new"]
        amt = rng.uniform(60, 250) / FX_USD[c.cur]
        t = self.t0 + day * 86400 + rng.randint(6, 23) * 3600 + rng.randint(0, 3599) - tz_offset_s(c.tz, self.date(day))
        t = max(self.t0, t)
        if t >= self.t1:
            t = self.t1 - rng.randint(900, 3 * 3600)
        rows = []
        for j in range(n):
            a = min(lim * rng.uniform(0.93, 1.0), amt)
            a = float(round(a)) if rng.random() < 0.6 else a
            ctx = ("mobile" if dev.kind != "web" else "web", ipf(rng), dev.id, dev.fixed_ua or self.ua(dev, day),
                   lat, lon, cc, city)
            if t >= self.t1:
                break
            rows.append(self.emit(c, t, a, ctx, rng.choice(crew["payees"]), 1, "stolen_card_new_account"))
            amt *= rng.uniform(1.4, 2.3)
            t += rng.randint(300, 5 * 3600) if rng.random() < 0.7 else rng.randint(8 * 3600, 26 * 3600)
        if rows:
            self.report(rows, rng, "card")

    def fraud_scam(self, rng, k):
        pool = self.eligible(rng, 3, set())
        done = 0
        for c in pool:
            if done >= k:
                break
            if hasattr(c, "victim"):
                continue
            opts = [x for x in SCAM_PAYEES if x[0] not in c.used_cc and x[0] != c.cc]
            if not opts:
                continue
            first_ok = c.rows[2][0] + 86400
            start_day = max((first_ok - self.t0) // 86400 + 1, rng.randint(int(self.days * 0.1), max(1, self.days - 10)))
            if start_day >= self.days - 2:
                continue
            pcc, method, _ = wtup(rng, opts)
            payees = [self.new_payee(rng, pcc, method)]
            if rng.random() < 0.3:  # scammer switches the "account" mid-way
                pcc2, m2, _ = wtup(rng, opts)
                payees.append(self.new_payee(rng, pcc2, m2))
            n = rng.randint(3, 10)
            amt = rng.uniform(150, 600) / FX_USD[c.cur]
            day = start_day
            rows = []
            for j in range(n):
                if day >= self.days:
                    break
                lim = c.limit(day)
                a = self.finish_amount(c, rng, amt, pcc, day, "round" if rng.random() < 0.7 else "exact")
                sec = self.session_sec(c, rng, day) if rng.random() < 0.7 else rng.randint(0, 86399)
                t = self.ts(day, sec, self.tz_at(c, day))
                parts = [a] if a <= lim else [lim] * min(3, math.ceil(a / lim))
                for p in parts:
                    if self.t0 <= t < self.t1:
                        rows.append(self.emit(c, t, p, self.ctx(c, day, rng), payees[min(j * len(payees) // n,
                                                                                        len(payees) - 1)], 1, "scam_victim"))
                    t += rng.randint(60, 900)
                amt *= rng.uniform(1.2, 1.9)
                day += max(1, int(rng.expovariate(1 / 6.0)) + 1)
            if rows:
                self.report(rows, rng, "scam")
                c.victim = "scam"
                done += 1
        self.n_cases["scam_victim"] = done

    def fraud_mule(self, rng, k):
        pool = self.eligible(rng, 3, set())
        done = 0
        for c in pool:
            if done >= k:
                break
            if hasattr(c, "victim") or c.segment != "family":
                continue
            d0 = max((c.rows[1][0] - self.t0) // 86400 + 2, rng.randint(int(self.days * 0.2), max(1, self.days - 5)))
            if d0 >= self.days - 2:
                continue
            length = rng.randint(4, 20)
            ccs = [wtup(rng, HIGH_RISK_PAYOUT)[:2] for _ in range(rng.randint(1, 2))]
            payees = []
            for _ in range(rng.randint(4, 12)):
                if rng.random() < 0.3:
                    payees.append(rng.choice(self.mule_pool))
                else:
                    pcc, method = rng.choice(ccs)
                    payees.append(self.new_payee(rng, pcc, method))
            handler = self.make_browser(rng, d0, d0 + length) if rng.random() < 0.2 else None
            nsend = rng.randint(8, 28)
            rows = []
            for _ in range(nsend):
                day = d0 + rng.randint(0, length - 1)
                if day >= self.days:
                    continue
                sec = self.local_sec(rng, rng.choice(["lunch", "evening", "office"]))
                t = self.ts(day, sec, self.tz_at(c, day))
                if not (self.t0 <= t < self.t1):
                    continue
                dev = handler if (handler and rng.random() < 0.5) else None
                a = rng.lognormvariate(math.log(600), 0.5) / FX_USD[c.cur]
                a = min(a, c.limit(day) * 0.95)
                if rng.random() < 0.4:
                    a = round(a, -1)
                rows.append(self.emit(c, t, a, self.ctx(c, day, rng, dev), rng.choice(payees), 1, "money_mule"))
            if rows:
                self.report(rows, rng, "mule")
                c.victim = "mule"
                done += 1
        self.n_cases["money_mule"] = done

    def fraud_friendly(self, rng, k):
        pool = self.eligible(rng, 4, set())
        done = 0
        for c in pool:
            if done >= k:
                break
            if hasattr(c, "victim"):
                continue
            cand = [r for r in c.rows[2:] if not r[6]]
            if not cand:
                continue
            rows = [rng.choice(cand)]
            if rng.random() < 0.15 and len(cand) > 1:
                other = rng.choice(cand)
                if other is not rows[0]:
                    rows.append(other)
            for r in rows:
                r[6], r[8] = 1, "friendly_fraud"
            self.report(rows, rng, "friendly")
            c.victim = "friendly"
            done += 1
        self.n_cases["friendly_fraud"] = done

    # ---------------- output ----------------
    def generate(self):
        self.build_calendar()
        self.build_customers()
        for c in self.customers:
            self.gen_customer(c)
        self.inject_fraud()
        rows = [r for r in self.rows if self.t0 <= r[0] < self.t1]
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        # customer ids increase with sign-up date (fraudulent accounts are interleaved)
        tie = random.Random(self.seed * 7919 + 1)
        keyed = sorted(((c.onboard, tie.random(), c.idx) for c in self.customers))
        cid = {}
        for i, (_, _, idx) in enumerate(keyed):
            cid[idx] = f"c-{100001 + i}"
        cur = {c.idx: c.cur for c in self.customers}
        out = []
        for i, r in enumerate(rows):
            ts, idx, _, amount, ctx, payee, fraud, rep, scen = r
            channel, ip, dev, ua, lat, lon, country, city = ctx
            if rep is not None and rep < ts:
                rep = ts
            out.append([f"tx-{i + 1:08d}", cid[idx], iso(ts), f"{amount:.2f}", cur[idx], channel, ip, dev, ua,
                        "" if lat is None else f"{max(-90.0, min(90.0, lat)):.4f}",
                        "" if lon is None else f"{max(-180.0, min(180.0, lon)):.4f}",
                        country, city, payee, "1" if fraud else "0",
                        "" if (not fraud or rep is None) else iso(rep), scen if fraud else ""])
        return out


def write(rows, path):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    with open(path, "wb") as f:
        if path.endswith(".gz"):
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=6) as g:
                g.write(data)
        else:
            f.write(data)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.remit", description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=5000)
    ap.add_argument("--days", type=int, default=150)
    ap.add_argument("--start", default="2025-11-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-remit.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    t = time.time()
    world = World(a.seed, a.customers, a.days, dt.date.fromisoformat(a.start))
    rows = world.generate()
    write(rows, a.out)
    fraud = sum(1 for r in rows if r[14] == "1")
    print(f"remit: {len(rows)} rows, {len({r[1] for r in rows})} customers, {fraud} fraud rows "
          f"({100.0 * fraud / max(1, len(rows)):.2f} %) -> {a.out} in {time.time() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
