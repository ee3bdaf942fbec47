"""cryptox -- synthetic outgoing-payment history of a European retail crypto exchange.

World
-----
"Cryptox", an EU-licensed (MiCA) retail crypto exchange with a mobile app, a
website, a trading API and a crypto-backed Visa debit card.  Customers live
in the EU/EEA and Switzerland (Germany, France, the Netherlands, Spain, Italy,
Poland, Austria, Belgium, Portugal, Ireland, the Nordics, Czechia, Hungary,
Romania, Greece, the Baltics, Croatia, Slovakia, Slovenia, Norway,
Switzerland).  Every customer has one fiat "home" currency (EUR, PLN, CZK,
SEK, DKK, HUF, RON, NOK or CHF) in which the exchange shows balances.

The rows are the OUTGOING movements of value that the exchange scores:
  * crypto withdrawals to an external address (channel ``mobile``, ``web`` or
    ``api``).  ``payee_id`` is the destination address itself (BTC bech32,
    EVM ``0x...``, TRON ``T...``, Solana, XRP ``r...``, Stellar ``G...``,
    Cosmos ``cosmos1...``).  ``amount`` is the withdrawal's value at that
    moment, converted into the customer's fiat home currency (the value the
    app displays), so it is never a round number;
  * fiat withdrawals (SEPA, or the local instant rail for non-euro
    customers) to a bank account, ``payee_id`` = the IBAN, ``amount`` in the
    customer's home currency (usually a round amount);
  * debit-card authorisations (channel ``pos``, ``ecom`` or ``atm``),
    ``payee_id`` = merchant / ATM id ``m-<MCC>-<country><number>``, ``amount``
    = the billed amount in the customer's home currency (purchases abroad are
    converted, hence odd amounts).
``currency`` is therefore always the customer's home currency (ISO 4217).
Deposits and trades are not scored and not in the file.

Request fields filled as this gateway would: ``ip``, ``country`` and
``city`` are the IP's geolocation for app / web / API sessions (EU roaming
keeps the home carrier's IP, and so its country, when abroad); ``lat``/
``lon`` only from the app when the user granted location permission;
``device_id`` is the app's install id (``d-...``) or the web fingerprint
cookie (``b-...``), empty for API keys; ``user_agent`` is the app's own UA,
the browser's, or the API client's.  For card rows ``country``/``city`` are
the merchant's location; card-present rows have no IP or user agent (a
phone-wallet tap carries the phone's device id); e-commerce rows carry the
3-D Secure browser IP / user agent when the merchant sent them.

Written independently from the wire contract only (shared/API.md: the
POST /v1/score request fields and the "Replay files" section); no scorer code
was read.

Genuine behaviour modelled
  * DCA investors (largest group): buy on payday (not scored), rarely
    withdraw: now and then to their own hardware wallet a few days after
    payday, occasional fiat withdrawals to their own bank account;
  * active traders: frequent transfers to other exchanges' deposit
    addresses (a per-customer BTC/ETH/TRON/Solana deposit address per venue,
    and the venues' SHARED memo-based hot-wallet addresses for XRP, Stellar
    and Cosmos, which many customers pay), 24/7 hours, some through the API
    from a VPS in a data centre, fiat withdrawals of profits;
  * hardware-wallet holders: repeated withdrawals to the same 1-3 own
    cold-storage addresses, typically a few days after their payday buy;
  * card spenders: daily debit-card use (groceries, cafes, transport, fuel,
    online shops, subscriptions on a fixed day of the month, ATMs), shops
    closed on Sundays in DE/AT/CH/NO, more spending after payday and before
    Christmas, phone-wallet taps;
  * casual holders: a few fiat withdrawals (often late in the pay cycle),
    small sends to friends;
  * whales: rare but very large withdrawals (tens of thousands to millions)
    to institutional custody / OTC desk addresses and own business accounts;
  * a few genuine third-party payments: rent paid monthly to a landlord's
    IBAN, paying a contractor or car dealer in crypto, gifts to friends;
  * market events (a crash, a rally, an exchange-insolvency custody scare)
    on seeded days: a price path moves withdrawal values, and within a few
    hours of each event a large share of customers withdraws (to other
    exchanges, to their own cold wallets -- during the custody scare often a
    NEW self-custody address holding most of the balance -- or cash out);
  * onboarding throughout the period (more after a rally): the first
    withdrawal is usually a small test to the new address followed within
    minutes to hours by the real one; the virtual card is used online at
    once, the plastic one in shops about a week later; some customers churn
    by withdrawing everything;
  * devices and networks: iOS / Android app installs with app versions that
    update over time, browsers (Chrome/Safari/Firefox/Edge versions follow
    the release calendar) whose fingerprint cookie resets now and then,
    phone replacements and reinstalls, couples sharing a home IP and laptop,
    home broadband IPs that change, mobile carriers' CGNAT egress IPs shared
    by many customers (IPv6 on some carriers), office networks, commercial
    VPNs (common and genuine among crypto users: data-centre IPs in CH, NL,
    SE...), trips abroad (Christmas, ski, winter sun: card purchases abroad,
    app sessions from hotel Wi-Fi or via the roaming home carrier).

Fraud modelled (``scenario`` column)
  ato_sim_swap       SIM swap then takeover: a new phone (often an Android of
      another model or an emulator), a residential-proxy or VPN IP, a quick
      test then the balance drained within an hour to new addresses (crews
      reuse some); reported within hours to a few days.
  ato_phishing       credentials + OTP relayed by a phishing site: a new
      browser, data-centre VPN or foreign IP, often at night, 1-4 draining
      withdrawals; reported in days.
  pig_butchering     investment-scam victims (half of them opened the
      account on the scammer's instruction) send growing amounts over weeks,
      from their own devices and networks, to a fake platform's USDT
      addresses that many victims share; the last payments are "taxes" to
      release fake profits; reported weeks later or never.
  romance_scam       a victim sends irregular, growing amounts to one
      scammer's address and to mule IBANs (and buys gift cards with the debit
      card); reported late or never.
  money_mule         recruited existing customers or new accounts forward
      incoming fiat as crypto to the ring's collector addresses (shared),
      just under round thresholds, several times a day for days or weeks;
      reported late (bank recalls) or never.
  fake_support       a victim phoned by "exchange security" moves most of
      the balance to a "safe wallet" from their own device, in 1-3
      withdrawals within an hour; reported in hours to days.
  address_poisoning  a customer who repeatedly pays the same address copies a
      lookalike one (same first and last characters) planted in their
      history and sends a normal-looking amount to it; reported days later.
  stolen_identity    accounts opened with stolen identities, funded with
      stolen fiat and cashed out within hours/days to new addresses, from
      emulators and proxies shared by the crew's accounts; reported when the
      banks recall the funds.
  card_fraud         compromised debit cards: card-not-present purchases at
      electronics / gift-card / gaming / travel merchants abroad with a small
      test first, or skimmed cards used at foreign ATMs and shops while the
      cardholder is at home; reported within hours to weeks.
  Victims keep their normal activity.  All rows of a case share its
  ``fraud_reported_at`` (after the case's last row, possibly after the end of
  the file), or it is empty when never reported.

Labels: ``is_fraud`` (1 for the fraudulent rows only), ``fraud_reported_at``,
``scenario``.

Known simplifications
  * balances are not tracked: withdrawal sizes are drawn per customer and
    moved with the market index, so a customer could "withdraw" more than
    they hold over the period;
  * deposits, trades, declined or failed attempts, step-up outcomes and
    account lock-outs after a takeover are not modelled (the victim's
    genuine activity simply continues);
  * time zones use the EU summer-time rule for every European country and
    fixed offsets elsewhere; IP geolocation is perfect at country level;
  * FX rates and prices are random walks around 2025 levels, not real
    quotes;
  * addresses and IBANs look real (IBAN check digits are valid) but are
    random; merchant ids are synthetic.

Run (from the repository root)
  python -m benchmarks.worlds.cryptox [--seed 7] [--customers 5000] [--days 120]
                                      [--start 2025-10-01] [--out world-cryptox.csv.gz]
Default: 5000 genuine customers (+ ~45 accounts opened by mules and identity
thieves, which hold only fraud rows), 120 days from 2025-10-01: ~266k rows
(about 73 % card authorisations, 18 % crypto withdrawals, 9 % fiat
withdrawals), ~0.47 % fraud rows, three market events (the largest: ~1,300
customers withdrawing within six hours), about 6 s on one core.  The output
is byte-identical for a given seed and arguments (gzip mtime 0).  Case counts
scale with customers x days; small worlds (e.g. --customers 80 --days 30)
keep about one case of each scenario, so their fraud rate is a few percent.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import gzip
import io
import math
import os
import random
import sys
import time

import numpy as np

DAY = 86400
HOUR = 3600

# --------------------------------------------------------------------------
# static tables
# --------------------------------------------------------------------------

# country: (currency, UTC offset in winter, customer weight, payday rule)
HOME = {
    "DE": ("EUR", 1, 18.0, "last"), "FR": ("EUR", 1, 12.0, "last"),
    "NL": ("EUR", 1, 8.0, "25"), "ES": ("EUR", 1, 9.0, "last"),
    "IT": ("EUR", 1, 9.0, "27"), "AT": ("EUR", 1, 4.0, "last"),
    "BE": ("EUR", 1, 3.0, "last"), "PT": ("EUR", 0, 3.0, "25"),
    "IE": ("EUR", 0, 2.0, "25"), "FI": ("EUR", 2, 1.5, "15"),
    "GR": ("EUR", 2, 1.5, "last"), "HR": ("EUR", 1, 1.0, "15"),
    "SK": ("EUR", 1, 1.0, "15"), "SI": ("EUR", 1, 0.7, "15"),
    "LT": ("EUR", 2, 1.0, "15"), "LV": ("EUR", 2, 0.6, "15"),
    "EE": ("EUR", 2, 0.6, "10"), "PL": ("PLN", 1, 7.0, "10"),
    "CZ": ("CZK", 1, 2.5, "15"), "SE": ("SEK", 1, 3.0, "25"),
    "DK": ("DKK", 1, 1.5, "last"), "HU": ("HUF", 1, 1.5, "10"),
    "RO": ("RON", 2, 2.5, "15"), "NO": ("NOK", 1, 2.0, "20"),
    "CH": ("CHF", 1, 2.5, "25"),
}
# other countries that appear (trips, merchants, VPN exits, fraud): offset, dst
OTHER_TZ = {"GB": (0, True), "US": (-5, False), "AE": (4, False), "TH": (7, False),
            "TR": (3, False), "MA": (1, False), "EG": (2, False), "ID": (8, False),
            "MX": (-6, False), "JP": (9, False), "HK": (8, False), "SG": (8, False),
            "NG": (1, False), "CY": (2, True), "MT": (1, True), "LU": (1, True),
            "BG": (2, True), "CN": (8, False), "RU": (3, False), "UA": (2, True)}

# euro per unit of currency is 1/FX; FX = units per EUR
FX = {"EUR": 1.0, "PLN": 4.27, "CZK": 24.4, "SEK": 11.0, "DKK": 7.46, "HUF": 395.0,
      "RON": 5.08, "NOK": 11.7, "CHF": 0.935}

# (city, lat, lon, weight)
CITIES = {
    "DE": [("Berlin", 52.520, 13.405, 3.7), ("Hamburg", 53.551, 9.994, 1.9), ("Munich", 48.137, 11.575, 1.5),
           ("Cologne", 50.938, 6.960, 1.1), ("Frankfurt am Main", 50.111, 8.682, 0.8), ("Stuttgart", 48.776, 9.183, 0.6),
           ("Leipzig", 51.340, 12.375, 0.6), ("Dusseldorf", 51.228, 6.774, 0.6), ("Dortmund", 51.514, 7.466, 0.6)],
    "FR": [("Paris", 48.857, 2.352, 4.0), ("Lyon", 45.764, 4.836, 1.0), ("Marseille", 43.296, 5.370, 1.0),
           ("Toulouse", 43.605, 1.444, 0.6), ("Lille", 50.629, 3.057, 0.6), ("Bordeaux", 44.838, -0.579, 0.5),
           ("Nantes", 47.218, -1.554, 0.5), ("Nice", 43.710, 7.262, 0.4)],
    "NL": [("Amsterdam", 52.370, 4.895, 2.0), ("Rotterdam", 51.924, 4.478, 1.2), ("Utrecht", 52.091, 5.122, 0.8),
           ("The Hague", 52.078, 4.300, 0.8), ("Eindhoven", 51.441, 5.470, 0.5), ("Groningen", 53.219, 6.567, 0.4)],
    "ES": [("Madrid", 40.417, -3.704, 3.0), ("Barcelona", 41.385, 2.173, 2.2), ("Valencia", 39.470, -0.376, 0.9),
           ("Seville", 37.389, -5.984, 0.7), ("Malaga", 36.721, -4.421, 0.6), ("Bilbao", 43.263, -2.935, 0.4),
           ("Las Palmas", 28.124, -15.430, 0.4)],
    "IT": [("Milan", 45.464, 9.190, 2.5), ("Rome", 41.903, 12.496, 2.5), ("Turin", 45.070, 7.686, 0.9),
           ("Naples", 40.852, 14.268, 0.9), ("Bologna", 44.494, 11.343, 0.6), ("Florence", 43.770, 11.255, 0.5),
           ("Palermo", 38.116, 13.361, 0.5)],
    "AT": [("Vienna", 48.208, 16.373, 3.0), ("Graz", 47.071, 15.439, 0.5), ("Linz", 48.306, 14.286, 0.4),
           ("Salzburg", 47.809, 13.055, 0.3), ("Innsbruck", 47.269, 11.404, 0.3)],
    "BE": [("Brussels", 50.850, 4.352, 1.5), ("Antwerp", 51.219, 4.402, 1.0), ("Ghent", 51.054, 3.717, 0.6),
           ("Liege", 50.633, 5.567, 0.4)],
    "PT": [("Lisbon", 38.722, -9.139, 2.0), ("Porto", 41.150, -8.611, 1.2), ("Braga", 41.545, -8.427, 0.3),
           ("Faro", 37.019, -7.930, 0.2)],
    "IE": [("Dublin", 53.350, -6.260, 2.5), ("Cork", 51.898, -8.471, 0.6), ("Galway", 53.271, -9.049, 0.3),
           ("Limerick", 52.668, -8.630, 0.3)],
    "FI": [("Helsinki", 60.170, 24.938, 1.5), ("Espoo", 60.205, 24.655, 0.6), ("Tampere", 61.498, 23.761, 0.5),
           ("Turku", 60.452, 22.267, 0.4), ("Oulu", 65.012, 25.465, 0.3)],
    "GR": [("Athens", 37.984, 23.728, 2.5), ("Thessaloniki", 40.640, 22.944, 0.8), ("Patras", 38.246, 21.735, 0.2)],
    "HR": [("Zagreb", 45.815, 15.982, 1.5), ("Split", 43.508, 16.440, 0.5), ("Rijeka", 45.327, 14.442, 0.3)],
    "SK": [("Bratislava", 48.149, 17.107, 1.5), ("Kosice", 48.717, 21.261, 0.5), ("Zilina", 49.223, 18.740, 0.2)],
    "SI": [("Ljubljana", 46.057, 14.506, 1.5), ("Maribor", 46.555, 15.646, 0.5)],
    "LT": [("Vilnius", 54.687, 25.280, 1.5), ("Kaunas", 54.898, 23.904, 0.7), ("Klaipeda", 55.703, 21.144, 0.3)],
    "LV": [("Riga", 56.950, 24.105, 2.0), ("Daugavpils", 55.875, 26.536, 0.2)],
    "EE": [("Tallinn", 59.437, 24.754, 2.0), ("Tartu", 58.378, 26.729, 0.5)],
    "PL": [("Warsaw", 52.230, 21.012, 2.5), ("Krakow", 50.065, 19.945, 1.2), ("Wroclaw", 51.108, 17.039, 0.9),
           ("Gdansk", 54.352, 18.646, 0.7), ("Poznan", 52.406, 16.925, 0.7), ("Lodz", 51.760, 19.456, 0.7),
           ("Katowice", 50.264, 19.024, 0.5)],
    "CZ": [("Prague", 50.075, 14.437, 2.5), ("Brno", 49.195, 16.607, 0.9), ("Ostrava", 49.820, 18.262, 0.5),
           ("Plzen", 49.738, 13.373, 0.3)],
    "SE": [("Stockholm", 59.329, 18.069, 2.5), ("Gothenburg", 57.709, 11.975, 1.0), ("Malmo", 55.605, 13.004, 0.7),
           ("Uppsala", 59.859, 17.639, 0.4)],
    "DK": [("Copenhagen", 55.676, 12.568, 2.5), ("Aarhus", 56.163, 10.204, 0.8), ("Odense", 55.403, 10.402, 0.5),
           ("Aalborg", 57.048, 9.922, 0.3)],
    "HU": [("Budapest", 47.498, 19.040, 3.0), ("Debrecen", 47.532, 21.627, 0.4), ("Szeged", 46.253, 20.141, 0.3)],
    "RO": [("Bucharest", 44.427, 26.103, 2.5), ("Cluj-Napoca", 46.771, 23.624, 0.8), ("Timisoara", 45.749, 21.227, 0.6),
           ("Iasi", 47.159, 27.587, 0.5), ("Constanta", 44.160, 28.634, 0.3)],
    "NO": [("Oslo", 59.914, 10.752, 2.0), ("Bergen", 60.391, 5.322, 0.7), ("Trondheim", 63.430, 10.395, 0.5),
           ("Stavanger", 58.970, 5.733, 0.4)],
    "CH": [("Zurich", 47.377, 8.541, 2.0), ("Geneva", 46.204, 6.143, 1.2), ("Basel", 47.560, 7.589, 0.7),
           ("Bern", 46.948, 7.447, 0.6), ("Lausanne", 46.520, 6.633, 0.6), ("Zug", 47.166, 8.516, 0.4)],
    "GB": [("London", 51.507, -0.128, 3.0), ("Manchester", 53.480, -2.242, 0.7), ("Edinburgh", 55.953, -3.188, 0.4)],
    "US": [("New York", 40.713, -74.006, 2.0), ("Miami", 25.762, -80.192, 1.0), ("Los Angeles", 34.052, -118.244, 0.8),
           ("Ashburn", 39.044, -77.487, 0.3)],
    "AE": [("Dubai", 25.205, 55.271, 3.0), ("Abu Dhabi", 24.454, 54.377, 0.5)],
    "TH": [("Bangkok", 13.756, 100.502, 1.5), ("Phuket", 7.880, 98.392, 1.0), ("Chiang Mai", 18.788, 98.985, 0.4)],
    "TR": [("Istanbul", 41.008, 28.978, 2.0), ("Antalya", 36.897, 30.713, 1.0)],
    "MA": [("Marrakesh", 31.629, -7.981, 1.0), ("Agadir", 30.427, -9.598, 0.5)],
    "EG": [("Hurghada", 27.258, 33.812, 1.0), ("Sharm el-Sheikh", 27.916, 34.330, 0.6), ("Cairo", 30.044, 31.236, 0.4)],
    "ID": [("Denpasar", -8.650, 115.216, 1.0)],
    "MX": [("Cancun", 21.162, -86.851, 1.0)],
    "JP": [("Tokyo", 35.676, 139.650, 1.0)],
    "HK": [("Hong Kong", 22.320, 114.170, 1.0)],
    "SG": [("Singapore", 1.352, 103.820, 1.0)],
    "NG": [("Lagos", 6.524, 3.379, 1.0)],
    "CY": [("Limassol", 34.707, 33.022, 1.0), ("Nicosia", 35.185, 33.382, 0.6)],
    "MT": [("Valletta", 35.899, 14.514, 1.0)],
    "LU": [("Luxembourg", 49.611, 6.132, 1.0)],
    "BG": [("Sofia", 42.698, 23.322, 1.0)],
    "CN": [("Shenzhen", 22.543, 114.058, 1.0)],
    "RU": [("Moscow", 55.756, 37.617, 1.0)],
    "UA": [("Kyiv", 50.450, 30.523, 1.0)],
}

# trip destinations (country, weight) -- EU neighbours, ski, winter sun, far away
TRIP_DEST = [("ES", 10), ("IT", 7), ("FR", 6), ("PT", 4), ("GR", 3), ("AT", 4), ("CH", 2), ("HR", 2),
             ("DE", 4), ("NL", 2), ("CZ", 2), ("HU", 1.5), ("PL", 1.5), ("GB", 3), ("AE", 3), ("TH", 2.5),
             ("EG", 2), ("MA", 1.5), ("TR", 2), ("US", 2), ("MX", 0.6), ("ID", 0.8), ("JP", 0.6),
             ("CY", 0.6), ("MT", 0.5), ("SG", 0.4)]

VPN_EXITS = [("CH", "Zurich"), ("NL", "Amsterdam"), ("SE", "Stockholm"), ("DE", "Frankfurt am Main"),
             ("GB", "London"), ("US", "New York"), ("RO", "Bucharest"), ("SG", "Singapore"),
             ("FR", "Paris"), ("ES", "Madrid"), ("IT", "Milan"), ("PL", "Warsaw"), ("AT", "Vienna"),
             ("PT", "Lisbon"), ("IE", "Dublin"), ("NO", "Oslo"), ("DK", "Copenhagen"), ("FI", "Helsinki")]
# data centres for API bots and for fraudsters' servers: (country, city, lat, lon)
DATACENTRES = [("DE", "Falkenstein", 50.478, 12.371), ("FI", "Helsinki", 60.170, 24.938),
               ("FR", "Roubaix", 50.690, 3.181), ("IE", "Dublin", 53.350, -6.260),
               ("DE", "Frankfurt am Main", 50.111, 8.682), ("NL", "Amsterdam", 52.370, 4.895),
               ("US", "Ashburn", 39.044, -77.487), ("JP", "Tokyo", 35.676, 139.650),
               ("SG", "Singapore", 1.352, 103.820), ("GB", "London", 51.507, -0.128)]

OTHER_EXCHANGES = ["binance", "kraken", "coinbase", "bitvavo", "bybit", "okx", "bitpanda", "kucoin"]
EXCHANGE_W = [30, 16, 14, 10, 10, 8, 7, 5]

IOS_MODELS = ["iPhone13,2", "iPhone14,5", "iPhone14,7", "iPhone15,2", "iPhone15,4", "iPhone16,1",
              "iPhone16,2", "iPhone17,1", "iPhone17,3", "iPhone12,1"]
IOS_W = [4, 8, 6, 8, 7, 7, 8, 6, 7, 3]
ANDROID_MODELS = ["SM-S918B", "SM-S921B", "SM-A546B", "SM-A556B", "SM-G991B", "Pixel 7", "Pixel 8",
                  "Pixel 9", "2201116SG", "23049PCD8G", "CPH2581", "M2101K6G", "SM-A155F", "moto g84 5G"]
ANDROID_W = [6, 6, 8, 6, 4, 3, 4, 3, 3, 3, 2, 2, 4, 2]
EMULATOR_MODELS = ["sdk_gphone64_x86_64", "SM-G988N", "SM-N976N", "Pixel 2"]  # Genymotion/LDPlayer spoofs

# card categories: name, MCC, weight, median EUR, sigma, channel
CARD_CATS = [
    ("grocery", 5411, 30, 28.0, 0.75, "pos"),
    ("restaurant", 5812, 11, 32.0, 0.6, "pos"),
    ("fastfood", 5814, 12, 9.5, 0.5, "pos"),
    ("transport", 4111, 7, 4.5, 0.6, "pos"),
    ("fuel", 5541, 6, 55.0, 0.35, "pos"),
    ("pharmacy", 5912, 4, 17.0, 0.7, "pos"),
    ("clothing", 5651, 4, 55.0, 0.7, "pos"),
    ("electronics", 5732, 1.5, 140.0, 0.9, "pos"),
    ("marketplace", 5399, 10, 38.0, 0.9, "ecom"),
    ("food_delivery", 5812, 5, 26.0, 0.4, "ecom"),
    ("ride_hailing", 4121, 3, 14.0, 0.5, "ecom"),
    ("gaming", 5816, 1.5, 20.0, 0.8, "ecom"),
    ("travel", 4511, 1.0, 180.0, 0.8, "ecom"),
    ("atm", 6011, 3, 100.0, 0.5, "atm"),
]
CARD_CAT_W = [c[2] for c in CARD_CATS]
SUBSCRIPTIONS = [("m-4899-NL00041", 13.99), ("m-4899-SE00007", 11.99), ("m-4899-LU00112", 8.99),
                 ("m-5818-IE00310", 2.99), ("m-4899-US00514", 22.99), ("m-5734-IE00077", 11.00),
                 ("m-7997-DE00893", 29.90), ("m-4814-DE00151", 19.99)]

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
HEX = "0123456789abcdef"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# IBAN BBAN length per country (digits, with a bank-code letter prefix where used)
IBAN_LEN = {"DE": 18, "FR": 23, "NL": 14, "ES": 20, "IT": 23, "AT": 16, "BE": 12, "PT": 21, "IE": 18,
            "FI": 14, "GR": 23, "HR": 17, "SK": 20, "SI": 15, "LT": 16, "LV": 17, "EE": 16, "PL": 24,
            "CZ": 20, "SE": 20, "DK": 14, "HU": 24, "RO": 20, "NO": 11, "CH": 17, "LU": 16, "MT": 27,
            "CY": 24, "BG": 18, "GB": 18}
IBAN_LETTERS = {"NL": ["INGB", "ABNA", "RABO", "SNSB", "BUNQ", "KNAB"], "IE": ["AIBK", "BOFI", "IPBS"],
                "GB": ["NWBK", "BARC", "MIDL", "LOYD"], "RO": ["BTRL", "RNCB", "BRDE", "INGB"],
                "LV": ["HABA", "UNLA", "PARX"], "BG": ["UNCR", "STSA"], "MT": ["VALL", "MALT"]}


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def _last_sunday(year: int, month: int) -> dt.date:
    d = dt.date(year, month + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def _epoch(d: dt.date, hour: int = 0) -> int:
    return int(dt.datetime(d.year, d.month, d.day, hour, tzinfo=dt.timezone.utc).timestamp())


class Clock:
    """UTC offsets of the countries (EU summer time from the last Sunday of
    March to the last Sunday of October, 01:00 UTC)."""

    def __init__(self, start: dt.date, days: int):
        self.summer = []
        for y in range(start.year - 1, start.year + days // 365 + 2):
            self.summer.append((_epoch(_last_sunday(y, 3), 1), _epoch(_last_sunday(y, 10), 1)))
        self.base = {cc: v[1] for cc, v in HOME.items()}
        self.dst = {cc: True for cc in HOME}
        for cc, (off, dst) in OTHER_TZ.items():
            self.base[cc] = off
            self.dst[cc] = dst

    def offset(self, cc: str, t: float) -> int:
        off = self.base.get(cc, 1)
        if self.dst.get(cc, True):
            for a, b in self.summer:
                if a <= t < b:
                    return (off + 1) * HOUR
        return off * HOUR


def iban_check(cc: str, bban: str) -> str:
    s = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return f"{98 - int(num) % 97:02d}"


def chain_of(addr: str) -> str:
    """Chain of the crews' / rings' addresses (BTC, EVM or TRON)."""
    if addr.startswith("0x"):
        return "eth"
    if addr.startswith("T"):
        return "tron"
    return "btc"


def poisson_small(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def lognorm(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


def cum(weights):
    out, s = [], 0.0
    for w in weights:
        s += w
        out.append(s)
    return out


# local-hour profiles (24 weights)
H_CARD = [0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.9, 2.0, 3.0, 3.2, 3.5, 4.0, 5.5, 5.0, 3.8, 3.8, 4.5, 5.5,
          6.0, 5.0, 3.8, 2.5, 1.3, 0.6]
H_EVENING = [0.6, 0.35, 0.2, 0.15, 0.15, 0.2, 0.5, 1.2, 1.8, 2.0, 2.2, 2.4, 2.8, 2.6, 2.4, 2.4, 2.6, 3.0,
             3.6, 4.4, 5.0, 5.2, 4.2, 2.0]
H_TRADER = [1.6, 1.2, 1.0, 0.9, 0.9, 1.0, 1.4, 2.0, 2.6, 3.0, 3.0, 3.0, 3.0, 3.2, 3.6, 3.8, 3.6, 3.4,
            3.4, 3.6, 3.8, 3.6, 3.0, 2.2]
H_OFFICE = [0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.3, 1.5, 4.0, 5.0, 5.0, 4.6, 3.0, 4.0, 4.6, 4.4, 3.6,
            2.0, 0.8, 0.4, 0.3, 0.2, 0.1, 0.05]
H_FLAT = [1.0] * 24
H_NIGHT = [4.0, 4.5, 4.5, 4.0, 3.0, 2.0, 1.2, 0.8, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.8, 1.0,
           1.2, 1.5, 2.0, 2.5, 3.0, 3.5]
HOURS = {k: cum(v) for k, v in (("card", H_CARD), ("evening", H_EVENING), ("trader", H_TRADER),
                                ("office", H_OFFICE), ("flat", H_FLAT), ("night", H_NIGHT))}
_H24 = list(range(24))

# exchange-transfer assets: (asset, chain, price group, memo-based shared address?, weight)
EXCH_ASSETS = [("usdt_trx", "tron", "stable", False, 22), ("btc", "btc", "btc", False, 20),
               ("eth", "eth", "eth", False, 14), ("usdc_eth", "eth", "stable", False, 8),
               ("sol", "sol", "alt", False, 12), ("xrp", "xrp", "alt", True, 12),
               ("xlm", "xlm", "alt", True, 4), ("atom", "atom", "alt", True, 3),
               ("usdt_eth", "eth", "stable", False, 5)]
EXCH_W = cum([a[4] for a in EXCH_ASSETS])
CHAIN_GROUP = {"btc": "btc", "eth": "eth", "sol": "alt", "tron": "stable", "xrp": "alt", "xlm": "alt",
               "atom": "alt"}
# share of active customers of each archetype who withdraw within hours of a market event
EVENT_P = {"crash": {"trader": 0.7, "whale": 0.6, "hodler": 0.55, "dca": 0.22, "casual": 0.3, "spender": 0.12},
           "rally": {"trader": 0.45, "whale": 0.35, "hodler": 0.12, "dca": 0.06, "casual": 0.18, "spender": 0.05},
           "custody_scare": {"trader": 0.3, "whale": 0.5, "hodler": 0.5, "dca": 0.2, "casual": 0.1, "spender": 0.04}}
ARCHETYPES = [("dca", 0.30), ("trader", 0.15), ("hodler", 0.12), ("spender", 0.22), ("casual", 0.20),
              ("whale", 0.01)]
IOS_SHARE = {"NL": 0.5, "CH": 0.55, "SE": 0.55, "DK": 0.55, "NO": 0.55, "IE": 0.5, "DE": 0.38, "AT": 0.4,
             "BE": 0.42, "FR": 0.38, "FI": 0.45}
FIAT_UNIT = {"EUR": 10, "CHF": 10, "PLN": 50, "CZK": 200, "SEK": 100, "NOK": 100, "DKK": 100,
             "HUF": 5000, "RON": 50}
ATM_NOTES = {"EUR": [20, 50, 100, 150, 200, 300], "CHF": [20, 50, 100, 200, 300], "PLN": [100, 200, 300, 500, 1000],
             "CZK": [500, 1000, 2000, 3000, 5000], "SEK": [200, 500, 1000, 2000], "NOK": [200, 500, 1000, 2000],
             "DKK": [200, 500, 1000, 2000], "HUF": [10000, 20000, 30000, 50000, 100000],
             "RON": [100, 200, 300, 500, 1000]}
ATM_W = [3, 5, 4, 2, 2, 1]


class Cust:
    """One exchange customer (genuine, victim-to-be or fraudster-controlled)."""

    def __init__(self, cid, cc, city, arch):
        self.cid, self.cc, self.city, self.arch = cid, cc, city, arch
        self.cur = HOME[cc][0]
        self.phones = []      # [(from_t, dev_id, platform, model, os_version, lag_days)]
        self.browsers = []    # [(from_t, dev_id, ua_kind, os_version, lag_days)]
        self.home_ips = []    # [(from_t, net)]
        self.trips = []       # [(t_from, t_to, cc, city)]
        self.cold = []        # own self-custody addresses [(addr, chain)]
        self.dep = {}         # (venue, chain) -> own deposit address at another exchange
        self.friends = []     # [(addr, chain)]
        self.ibans = []       # own bank accounts
        self.venues = []
        self.card = False


class World:
    def __init__(self, seed: int, customers: int, days: int, start: dt.date):
        self.seed, self.n, self.days, self.start = seed, customers, days, start
        self.rng = random.Random(seed * 7919 + 17)
        self.np = np.random.default_rng(seed + 1234567)
        self.clock = Clock(start, days)
        self.t0 = _epoch(start)
        self.t_end = self.t0 + days * DAY
        self.rows = []
        self.used = set()     # identifiers handed out (only membership tests, never iterated)
        self.hot = {}
        self._prices()
        self._events()
        self._networks()
        self._merchants()

    # ---------------------------------------------------------------- ids
    def _uniq(self, make):
        while True:
            v = make()
            if v not in self.used:
                self.used.add(v)
                return v

    def dev_id(self, kind="d"):
        r = self.rng
        return self._uniq(lambda: kind + "-" + "".join(r.choice(HEX) for _ in range(12)))

    def address(self, chain):
        r = self.rng
        if chain == "btc":
            k = r.random()
            if k < 0.70:
                make = lambda: "bc1q" + "".join(r.choice(BECH) for _ in range(38))
            elif k < 0.85:
                make = lambda: "bc1p" + "".join(r.choice(BECH) for _ in range(58))
            else:
                make = lambda: r.choice("13") + "".join(r.choice(B58) for _ in range(33))
        elif chain == "eth":
            make = lambda: "0x" + "".join(r.choice(HEX) for _ in range(40))
        elif chain == "tron":
            make = lambda: "T" + "".join(r.choice(B58) for _ in range(33))
        elif chain == "sol":
            make = lambda: "".join(r.choice(B58) for _ in range(r.randint(43, 44)))
        elif chain == "xrp":
            make = lambda: "r" + "".join(r.choice(B58) for _ in range(33))
        elif chain == "xlm":
            make = lambda: "G" + "".join(r.choice(B32) for _ in range(55))
        else:  # atom
            make = lambda: "cosmos1" + "".join(r.choice(BECH) for _ in range(38))
        return self._uniq(make)

    def lookalike(self, addr):
        """Address-poisoning lookalike: same first and last characters."""
        r = self.rng
        if addr.startswith("0x"):
            head, tail, alpha = 6, 4, HEX
        elif addr.startswith("T"):
            head, tail, alpha = 5, 4, B58
        elif addr.startswith("bc1"):
            head, tail, alpha = 7, 4, BECH
        else:
            head, tail, alpha = 5, 4, B58
        mid = len(addr) - head - tail
        return self._uniq(lambda: addr[:head] + "".join(r.choice(alpha) for _ in range(mid)) + addr[-tail:])

    def iban(self, cc):
        r = self.rng
        n = IBAN_LEN.get(cc, 18)

        def make():
            if cc in IBAN_LETTERS:
                b = r.choice(IBAN_LETTERS[cc])
                bban = b + "".join(r.choice("0123456789") for _ in range(n - len(b)))
            elif cc == "IT":
                bban = r.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + "".join(r.choice("0123456789") for _ in range(n - 1))
            else:
                bban = "".join(r.choice("0123456789") for _ in range(n))
            return cc + iban_check(cc, bban) + bban
        return self._uniq(make)

    # ---------------------------------------------------------------- market
    def _prices(self):
        """Hourly price index per group (btc / eth / alt / stable), 1.0 at the start."""
        n = self.days * 24 + 48
        g = self.np
        common = g.normal(0.0, 0.024 / math.sqrt(24), n)
        self.idx = {}
        for grp, beta, extra in (("btc", 1.0, 0.008), ("eth", 1.3, 0.015), ("alt", 1.6, 0.025)):
            self.idx[grp] = common * beta + g.normal(0.0, extra / math.sqrt(24), n)
        self.fxd = {}
        for cur in FX:
            steps = g.normal(0.0, 0.0025, self.days + 2) if cur != "EUR" else np.zeros(self.days + 2)
            self.fxd[cur] = np.exp(np.cumsum(steps))

    def _events(self):
        """Market events on seeded days; shock the price paths."""
        r = self.rng
        n = max(1, round(self.days / 40))
        kinds = ["crash"] + [r.choice(["rally", "custody_scare", "rally", "crash"]) for _ in range(n - 1)]
        seg = self.days / n
        self.events = []
        for i, kind in enumerate(kinds):
            lo = max(2.0, i * seg + 1.0)
            hi = max(lo + 0.5, (i + 1) * seg - 2.0)
            day = r.uniform(lo, min(hi, self.days - 1.0))
            t = self.t0 + int(day * DAY)
            scale = 1.0 if i == 0 else r.uniform(0.45, 0.85)
            self.events.append((t, kind, scale))
        shock = {"crash": {"btc": -0.14, "eth": -0.20, "alt": -0.28},
                 "rally": {"btc": 0.09, "eth": 0.13, "alt": 0.22},
                 "custody_scare": {"btc": -0.07, "eth": -0.09, "alt": -0.14}}
        for t, kind, scale in self.events:
            h = (t - self.t0) // HOUR
            for grp, arr in self.idx.items():
                arr[h] += shock[kind][grp] * scale
                if kind == "rally":     # rallies run for a day or two
                    arr[h + 6:h + 30] += shock[kind][grp] * scale * 0.5 / 24
        for grp in list(self.idx):
            self.idx[grp] = np.exp(np.cumsum(self.idx[grp])).tolist()
        self.idx["stable"] = None
        self.rally_days = [int((t - self.t0) // DAY) for t, k, _ in self.events if k == "rally"]

    def price(self, grp, t):
        if grp == "stable" or grp is None:
            return 1.0
        h = int((t - self.t0) // HOUR)
        arr = self.idx[grp]
        return arr[min(max(h, 0), len(arr) - 1)]

    def to_local(self, c, eur, t):
        d = int((t - self.t0) // DAY)
        arr = self.fxd[c.cur]
        return eur * FX[c.cur] * arr[min(max(d, 0), len(arr) - 1)]

    def fiat_round(self, c, local, exact_p=0.2):
        if self.rng.random() < exact_p:
            return round(local, 0 if c.cur == "HUF" else 2)
        unit = FIAT_UNIT[c.cur]
        if local > 40 * unit:
            unit *= 5
        if local > 400 * unit:
            unit *= 10
        return float(max(unit, round(local / unit) * unit))

    def crypto_amount(self, c, eur, t):
        v = self.to_local(c, eur, t)
        return round(v, 0) if c.cur == "HUF" else round(v, 2)

    # ---------------------------------------------------------------- networks
    def _prefix16(self):
        r = self.rng
        ok = [i for i in range(2, 224) if i not in (10, 100, 127, 169, 172, 192, 198, 203)]
        return self._uniq(lambda: (r.choice(ok), r.randint(0, 255)))

    def _ip_in(self, p16):
        r = self.rng
        return f"{p16[0]}.{p16[1]}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def _networks(self):
        r = self.rng
        self.isp, self.carrier, self.vpn_pool = {}, {}, {}
        for cc in CITIES:
            home = cc in HOME
            self.isp[cc] = [[self._prefix16() for _ in range(r.randint(2, 4))] for _ in range(3 if home else 2)]
            carriers = []
            ncar = 3 if home else 2
            for k in range(ncar):
                pool_n = max(6, int(HOME[cc][2] * 5)) if home else 6
                p16 = self._prefix16()
                cities = CITIES[cc]
                pool = [(self._ip_in(p16), cities[0][0] if r.random() < 0.6 else r.choice(cities)[0])
                        for _ in range(pool_n)]
                v6 = None
                if home and (k == 0 or r.random() < 0.3):
                    v6 = f"2a0{r.randint(0, 9)}:{r.randint(0x100, 0xfff):x}"
                carriers.append({"pool": pool, "v6": v6})
            self.carrier[cc] = carriers
        for cc, city in VPN_EXITS:
            p16 = [self._prefix16() for _ in range(3)]
            self.vpn_pool[cc] = [(self._ip_in(r.choice(p16)), cc, city) for _ in range(14)]
        self.dc_p16 = [[self._prefix16() for _ in range(3)] for _ in DATACENTRES]
        # residential proxies used by fraudsters are just random home IPs of the target country

    def home_net(self, cc, city):
        isp = self.rng.choice(self.isp[cc])
        return (self._ip_in(self.rng.choice(isp)), cc, city)

    def dc_net(self, k=None):
        r = self.rng
        k = r.randrange(len(DATACENTRES)) if k is None else k
        cc, city, _, _ = DATACENTRES[k]
        return (self._ip_in(r.choice(self.dc_p16[k])), cc, city)

    def vpn_net(self, cc=None):
        r = self.rng
        if cc is None or cc not in self.vpn_pool:
            cc = r.choice(VPN_EXITS)[0]
        return r.choice(self.vpn_pool[cc])

    def carrier_net(self, c):
        r = self.rng
        car = self.carrier[c.cc][c.carrier]
        if car["v6"] and c.v6 and r.random() < 0.8:
            ip = (f"{car['v6']}:{c.v6}:{r.randint(0, 0xffff):x}:{r.randint(0, 0xffff):x}:"
                  f"{r.randint(0, 0xffff):x}:{r.randint(1, 0xffff):x}")
            return (ip, c.cc, car["pool"][0][1])
        ip, city = r.choice(car["pool"])
        return (ip, c.cc, city)

    # ---------------------------------------------------------------- merchants
    def _merchants(self):
        r = self.rng
        # global e-commerce merchants: (id, country, city)
        self.ecom = {}
        for cat, mcc, n, ccs in (("marketplace", 5399, 60, ["LU", "IE", "NL", "DE", "FR", "ES", "IT", "PL", "CN", "GB", "US"]),
                                 ("gaming", 5816, 15, ["LU", "IE", "US", "NL", "SE", "MT", "CY"]),
                                 ("travel", 4511, 25, ["IE", "DE", "NL", "FR", "ES", "GB", "AE", "CH", "LU"]),
                                 ("giftcard", 5815, 10, ["IE", "LU", "US", "GB", "NL"]),
                                 ("electronics_online", 5732, 20, ["DE", "NL", "US", "HK", "CN", "GB", "IE"])):
            lst = []
            for i in range(n):
                cc = r.choice(ccs)
                lst.append((f"m-{mcc}-{cc}{r.randint(10000, 99999)}", cc, CITIES[cc][0][0]))
            self.ecom[cat] = lst
        self.ecom_w = {cat: cum([1.0 / (i + 1) ** 0.9 for i in range(len(v))]) for cat, v in self.ecom.items()}
        # local delivery / ride-hailing apps per country (merchant registered abroad sometimes)
        self.local_apps = {}
        for cc in CITIES:
            self.local_apps[cc] = {
                "food_delivery": [(f"m-5812-{x}{r.randint(10000, 99999)}", x, CITIES[x][0][0]) for x in (cc, "NL", cc)],
                "ride_hailing": [(f"m-4121-{x}{r.randint(10000, 99999)}", x, CITIES[x][0][0]) for x in ("NL", "EE", cc)],
            }

    def ecom_merchant(self, cat):
        lst = self.ecom[cat]
        return lst[bisect.bisect_left(self.ecom_w[cat], self.rng.random() * self.ecom_w[cat][-1])]

    def pos_merchant(self, cc, city_i, mcc, cat):
        r = self.rng
        size = {"grocery": 60, "restaurant": 300, "fastfood": 200, "transport": 6, "fuel": 40, "pharmacy": 40,
                "clothing": 120, "electronics": 20, "atm": 80}.get(cat, 80)
        n = int(size * r.random() ** 1.6)   # big chains / stations more often
        return (f"m-{mcc}-{cc}{city_i:02d}{n:04d}", cc, CITIES[cc][city_i][0])

    # ---------------------------------------------------------------- customers
    def paydays(self, rule):
        """Day indices (relative to the start) of paydays for a rule."""
        out = []
        y, m = self.start.year, self.start.month
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        end = self.start + dt.timedelta(days=self.days + 31)
        while dt.date(y, m, 1) <= end:
            if rule == "last":
                d = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
            else:
                d = dt.date(y, m, int(rule))
            while d.weekday() >= 5:
                d -= dt.timedelta(days=1)
            out.append((d - self.start).days)
            m += 1
            if m == 13:
                y, m = y + 1, 1
        return out

    def make_customer(self, cc=None, arch=None, join_t=None, existing=None):
        r = self.rng
        if cc is None:
            cc = r.choices(list(HOME), [v[2] for v in HOME.values()])[0]
        cities = CITIES[cc]
        ci = r.choices(range(len(cities)), [x[3] for x in cities])[0]
        if arch is None:
            arch = r.choices([a for a, _ in ARCHETYPES], [w for _, w in ARCHETYPES])[0]
        cid = self._uniq(lambda: f"u-{r.randint(1000000, 9999999)}")
        c = Cust(cid, cc, ci, arch)
        c.lat, c.lon = cities[ci][1] + r.gauss(0, 0.03), cities[ci][2] + r.gauss(0, 0.04)
        # account lifetime
        if join_t is None:
            if existing is None:
                existing = r.random() < 0.72
            if existing:
                join_t = self.t0 - r.randint(1, 1500) * DAY
            else:
                w = [1.0 + sum(2.5 for rd in self.rally_days if 0 <= d - rd < 10) for d in range(self.days)]
                join_t = self.t0 + r.choices(range(self.days), w)[0] * DAY + r.randint(0, DAY - 1)
        c.join_t = join_t
        c.start_t = max(join_t, self.t0)
        c.end_t = self.t_end
        c.churn = False
        if r.random() < 0.06 and self.t_end - c.start_t > 12 * DAY:
            c.end_t = r.uniform(c.start_t + 10 * DAY, self.t_end)
            c.churn = True
        c.wealth = lognorm(r, 1.0, 0.6)
        rule = HOME[cc][3]
        x = r.random()
        if x < 0.08:
            rule = "last"
        elif x < 0.14:
            rule = "15"
        c.paydays = self.paydays(rule)
        c.payday_set = set(c.paydays)
        c.hours = {"trader": "trader", "whale": "office" if r.random() < 0.5 else "evening"}.get(arch, "evening")
        if r.random() < 0.08:
            c.hours = "night"
        self._devices(c)
        self._nets(c)
        self._trips(c)
        self._habits(c)
        return c

    def _devices(self, c):
        r = self.rng
        p_app = {"spender": 0.97, "casual": 0.9, "dca": 0.86, "hodler": 0.75, "trader": 0.78, "whale": 0.6}[c.arch]
        if r.random() < p_app:
            c.p_mobile = {"spender": 0.93, "casual": 0.88, "dca": 0.82, "hodler": 0.65, "trader": 0.6,
                          "whale": 0.5}[c.arch] + r.uniform(-0.1, 0.07)
            if r.random() < 0.35:
                c.p_mobile = 1.0
        else:
            c.p_mobile = 0.0
        c.gps = r.random() < 0.35
        t = c.start_t - DAY
        if c.p_mobile > 0:
            ios = r.random() < IOS_SHARE.get(c.cc, 0.27)
            c.phones.append(self._phone(t, ios))
            if r.random() < 0.06:          # new phone during the period
                tt = r.uniform(c.start_t, c.end_t)
                c.phones.append(self._phone(tt, ios if r.random() < 0.85 else not ios))
            elif r.random() < 0.04:        # reinstall: new install id, same phone
                tt = r.uniform(c.start_t, c.end_t)
                p = c.phones[-1]
                c.phones.append((tt, self.dev_id("d"), p[2], p[3], p[4], p[5]))
        if c.p_mobile < 1.0:
            kinds = ["chrome_win", "chrome_mac", "safari_mac", "firefox_win", "edge_win", "firefox_linux",
                     "safari_iphone", "chrome_android"]
            for _ in range(1 if r.random() < 0.75 else 2):
                k = r.choices(kinds, [30, 12, 12, 8, 10, 3, 6, 5])[0]
                lag = r.choice([0, 0, 0, 3, 7, 14, 30, 60])
                c.browsers.append((t, self.dev_id("b"), k, r.choice(["18_6", "18_7", "26_0", "26_1"]), lag))
                if r.random() < 0.15:      # cookie cleared / new profile
                    tt = r.uniform(c.start_t, c.end_t)
                    c.browsers.append((tt, self.dev_id("b"), k, c.browsers[-1][3], lag))
            c.browsers.sort(key=lambda b: b[0])

    def _phone(self, t, ios, emulator=False):
        r = self.rng
        if emulator:
            return (t, self.dev_id("d"), "android", r.choice(EMULATOR_MODELS), r.choice(["11", "12", "13"]), 0)
        if ios:
            model = r.choices(IOS_MODELS, IOS_W)[0]
            osv = r.choices(["17.6.1", "18.6.2", "18.7", "26.0.1", "26.1", "26.2"], [1, 4, 3, 3, 3, 2])[0]
        else:
            model = r.choices(ANDROID_MODELS, ANDROID_W)[0]
            osv = r.choices(["12", "13", "14", "15", "16"], [1, 3, 5, 6, 2])[0]
        lag = r.randint(0, 4) if r.random() < 0.7 else r.randint(5, 60)
        return (t, self.dev_id("d"), "ios" if ios else "android", model, osv, lag)

    def _nets(self, c):
        r = self.rng
        cc, city = c.cc, CITIES[c.cc][c.city][0]
        c.isp = r.randrange(len(self.isp[cc]))
        c.home_ips = [(c.start_t - DAY, (self._ip_in(r.choice(self.isp[cc][c.isp])), cc, city))]
        if r.random() < 0.5:               # dynamic address: changes now and then
            t = c.start_t
            while True:
                t += r.expovariate(1.0 / (r.choice([20, 45, 90]) * DAY))
                if t >= c.end_t:
                    break
                c.home_ips.append((t, (self._ip_in(r.choice(self.isp[cc][c.isp])), cc, city)))
        c.carrier = r.randrange(len(self.carrier[cc]))
        c.v6 = f"{r.randint(0, 0xffff):x}:{r.randint(0, 0xffff):x}" if r.random() < 0.7 else None
        c.work = self.home_net(cc, city if r.random() < 0.8 else CITIES[cc][0][0]) if r.random() < 0.4 else None
        p_vpn = {"trader": 0.3, "hodler": 0.35, "whale": 0.25}.get(c.arch, 0.12)
        c.vpn_p = r.uniform(0.3, 0.95) if r.random() < p_vpn else 0.0
        c.vpn_exit = cc if r.random() < 0.4 else r.choice(["CH", "NL", "SE", "DE", "CH", "NL", "US", "GB", "RO", "SG"])
        if c.vpn_exit not in self.vpn_pool:
            c.vpn_exit = "NL"
        c.api = False

    def _trips(self, c):
        r = self.rng
        lam = {"whale": 1.5, "spender": 0.8, "trader": 0.7}.get(c.arch, 0.5) * self.days / 120
        n = poisson_small(r, lam)
        if n and not hasattr(self, "_trip_w"):
            w = []
            for d in range(self.days):
                day = self.start + dt.timedelta(days=d)
                x = 1.0
                if (day.month == 12 and day.day >= 18) or (day.month == 1 and day.day <= 3):
                    x = 3.0
                elif day.month == 2 or (day.month == 10 and day.day >= 20) or (day.month == 4 and day.day < 20):
                    x = 1.6
                w.append(x)
            self._trip_w = cum(w)
        for _ in range(n):
            d0 = r.choices(range(self.days), cum_weights=self._trip_w)[0]
            t_from = self.t0 + d0 * DAY + r.randint(4 * HOUR, 20 * HOUR)
            t_to = t_from + int((2 + min(r.expovariate(1 / 5.0), 19)) * DAY)
            if t_from < c.start_t or t_to > c.end_t:
                continue
            if any(not (t_to < a or t_from > b) for a, b, _, _ in c.trips):
                continue
            dest = c.cc
            while dest == c.cc:
                dest = r.choices([d for d, _ in TRIP_DEST], [w for _, w in TRIP_DEST])[0]
            if r.random() < 0.12:          # domestic trip
                dest = c.cc
            cities = CITIES[dest]
            ci = r.choices(range(len(cities)), [x[3] for x in cities])[0]
            c.trips.append((t_from, t_to, dest, ci))
        c.trips.sort()

    def _habits(self, c):
        r, a, W = self.rng, c.arch, c.wealth
        # ---- debit card
        p_card = {"dca": 0.30, "trader": 0.35, "hodler": 0.25, "spender": 1.0, "casual": 0.15, "whale": 0.3}[a]
        c.card = r.random() < p_card
        if c.card:
            c.card_rate = min(4.0, lognorm(r, 1.3, 0.45)) if a == "spender" else min(1.5, lognorm(r, 0.28, 0.75))
            c.wallet_pay = c.p_mobile > 0 and r.random() < 0.55
            c.has_car = r.random() < 0.55
            c.plastic_t = c.join_t + r.uniform(6, 12) * DAY
            c.subs = [(m, eur, r.randint(1, 28)) for m, eur in r.sample(SUBSCRIPTIONS, r.choice([0, 1, 1, 2, 3]))]
            c.fav = {}
        # ---- crypto and fiat withdrawal rates (per day) and typical sizes (EUR)
        c.r_exch = {"trader": min(2.5, lognorm(r, 0.28, 0.8)), "whale": 0.04, "hodler": 0.008,
                    "dca": 0.003, "casual": 0.004, "spender": 0.002}[a]
        has_cold = {"hodler": 1.0, "dca": 0.3, "trader": 0.25, "whale": 0.9, "casual": 0.05, "spender": 0.03}[a]
        c.r_cold, c.cold_pay_p = 0.0, 0.0
        if r.random() < has_cold:
            c.r_cold = 1.0 / lognorm(r, {"hodler": 25.0, "whale": 18.0}.get(a, 60.0), 0.5)
            c.cold_pay_p = {"hodler": 0.55, "dca": 0.45}.get(a, 0.1)
        c.r_friend = {"casual": 0.010, "spender": 0.012, "trader": 0.012}.get(a, 0.004)
        c.r_sepa = 1.0 / {"dca": 70, "trader": 12, "hodler": 60, "spender": 25, "casual": 30, "whale": 15}[a]
        c.r_sepa3 = {"spender": 1 / 60.0, "casual": 1 / 80.0}.get(a, 1 / 200.0)
        c.exch_size = (lognorm(r, 1500, 0.9) if a != "whale" else lognorm(r, 45000, 0.8)) * W
        c.cold_size = {"dca": 900, "hodler": 2500, "trader": 2000, "whale": 70000, "casual": 400,
                       "spender": 300}[a] * lognorm(r, 1.0, 0.5) * W
        c.sepa_size = {"dca": 600, "trader": 1200, "hodler": 1500, "spender": 250, "casual": 350,
                       "whale": 40000}[a] * lognorm(r, 1.0, 0.5) * W
        # ---- payees
        if c.r_exch > 0.01 or r.random() < 0.3:
            k = {"trader": r.choice([1, 2, 2, 3]), "whale": 2}.get(a, 1)
            c.venues = []
            while len(c.venues) < k:
                v = r.choices(OTHER_EXCHANGES, EXCHANGE_W)[0]
                if v not in c.venues:
                    c.venues.append(v)
        else:
            c.venues = [r.choices(OTHER_EXCHANGES, EXCHANGE_W)[0]]
        if c.r_cold > 0:
            for _ in range(r.choice([1, 1, 1, 2, 2, 3])):
                ch = r.choices(["btc", "eth", "sol", "tron"], [55, 30, 8, 7])[0]
                c.cold.append((self.address(ch), ch))
        c.ibans = [self.iban(c.cc if r.random() < 0.8 else r.choice(["LT", "DE", "NL", "BE"]))]
        if r.random() < 0.2:
            c.ibans.append(self.iban(r.choice([c.cc, "LT", "DE"])))
        c.iban3 = []
        c.rent = None
        if a in ("spender", "casual", "dca") and r.random() < 0.03:
            c.rent = (self.iban(c.cc), lognorm(r, 850, 0.3))
        c.bigbuy = r.random() < 0.02
        if a == "trader" and r.random() < 0.2:
            c.api = True
            c.api_net = self.dc_net(r.choices(range(len(DATACENTRES)), [6, 3, 3, 2, 3, 2, 1, 0.3, 0.3, 1])[0])
            c.api_ua = r.choice(["ccxt/4.4.%d (+https://github.com/ccxt/ccxt) Python/3.12.%d" % (r.randint(20, 90), r.randint(1, 9)),
                                 "python-requests/2.32.3", "python-requests/2.31.0", "axios/1.7.%d" % r.randint(2, 9),
                                 "Go-http-client/2.0", "hummingbot/2.%d.0" % r.randint(0, 9)])

    # ---------------------------------------------------------------- sessions
    T_APP = _epoch(dt.date(2023, 1, 2))
    T_CHROME = _epoch(dt.date(2025, 9, 30))
    T_FF = _epoch(dt.date(2025, 9, 16))
    T_SAF = _epoch(dt.date(2025, 9, 15))

    def app_ua(self, phone, t):
        _, _, plat, model, osv, lag = phone
        k = int((t - lag * DAY - self.T_APP) // (14 * DAY))
        ver = f"{4 + k // 26}.{k % 26}.{(k * 7) % 3}"
        if plat == "ios":
            return f"Cryptox/{ver} (iPhone; iOS {osv}; {model}; Scale/3.00)"
        return f"Cryptox/{ver} (Linux; Android {osv}; {model})"

    def web_ua(self, b, t):
        _, _, kind, iosv, lag = b
        tt = t - lag * DAY
        ch = 141 + int((tt - self.T_CHROME) // (28 * DAY))
        ff = 143 + int((tt - self.T_FF) // (28 * DAY))
        sm = int((tt - self.T_SAF) // (45 * DAY))
        sv = f"26.{sm}" if sm >= 0 else "18.6"
        if kind == "chrome_win":
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{ch}.0.0.0 Safari/537.36"
        if kind == "edge_win":
            return (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{ch}.0.0.0 "
                    f"Safari/537.36 Edg/{ch}.0.0.0")
        if kind == "chrome_mac":
            return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{ch}.0.0.0 Safari/537.36"
        if kind == "safari_mac":
            return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{sv} Safari/605.1.15"
        if kind == "firefox_win":
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0"
        if kind == "firefox_linux":
            return f"Mozilla/5.0 (X11; Linux x86_64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0"
        if kind == "safari_iphone":
            return (f"Mozilla/5.0 (iPhone; CPU iPhone OS {iosv} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    f"Version/{iosv.replace('_', '.')} Mobile/15E148 Safari/604.1")
        return (f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{ch}.0.0.0 "
                f"Mobile Safari/537.36")

    def where(self, c, t):
        """(country, city index) where the customer physically is."""
        for a, b, cc, ci in c.trips:
            if a <= t < b:
                return cc, ci
        return None

    def phone_at(self, c, t):
        cur = c.phones[0]
        for p in c.phones:
            if p[0] <= t:
                cur = p
        return cur

    def browser_at(self, c, t):
        cur = {}
        for b in c.browsers:
            if b[0] <= t or not cur:
                cur[b[2]] = b
        v = list(cur.values())
        return v[0] if len(v) == 1 else self.rng.choice(v)

    def home_ip_at(self, c, t):
        cur = c.home_ips[0][1]
        for tt, net in c.home_ips:
            if tt <= t:
                cur = net
        return cur

    def session(self, c, t, api=False):
        """Context of an app / web / API session: (channel, ip, device, ua, lat, lon, country, city)."""
        r = self.rng
        if api and c.api:
            ip, cc, city = c.api_net
            return ("api", ip, "", c.api_ua, None, None, cc, city)
        mobile = c.phones and (not c.browsers or r.random() < c.p_mobile)
        trip = self.where(c, t)
        if c.vpn_p and r.random() < c.vpn_p:
            net = self.vpn_net(c.vpn_exit if r.random() < 0.85 else None)
        elif trip:
            if mobile and r.random() < 0.6:
                net = self.carrier_net(c)            # roaming: home-routed, home country IP
            else:
                net = self.home_net(trip[0], CITIES[trip[0]][trip[1]][0])   # hotel / cafe Wi-Fi
        else:
            lh = ((t + self.clock.offset(c.cc, t)) % DAY) // HOUR
            wd = ((t + self.clock.offset(c.cc, t)) // DAY + 3) % 7   # 0 = Monday
            office = wd < 5 and 9 <= lh < 17
            x = r.random()
            if office and c.work and x < (0.3 if mobile else 0.75):
                net = c.work
            elif mobile and (x < 0.4 or (office and x < 0.75)):
                net = self.carrier_net(c)
            else:
                net = self.home_ip_at(c, t)
        lat = lon = None
        if mobile:
            ph = self.phone_at(c, t)
            dev, ua, ch = ph[1], self.app_ua(ph, t), "mobile"
            if c.gps:
                if trip:
                    ct = CITIES[trip[0]][trip[1]]
                    lat, lon = ct[1] + r.gauss(0, 0.02), ct[2] + r.gauss(0, 0.02)
                else:
                    lat, lon = c.lat + r.gauss(0, 0.015), c.lon + r.gauss(0, 0.02)
                lat, lon = round(lat, 4), round(lon, 4)
        else:
            b = self.browser_at(c, t)
            dev, ua, ch = b[1], self.web_ua(b, t), "web"
        return (ch, net[0], dev, ua, lat, lon, net[1], net[2])

    def emit(self, t, c, amount, sess, payee, case=None):
        if not (self.t0 <= t < self.t_end):
            return
        if case is None and t >= c.end_t:
            return
        self.rows.append((int(t), c.cid, amount, c.cur) + tuple(sess) + (payee, case))
        if case is not None:
            case[2] = max(case[2], int(t))
            case[3] += 1

    def at_local(self, c, d, prof, cc=None):
        r = self.rng
        cw = HOURS[prof]
        h = bisect.bisect_right(cw, r.random() * cw[-1])
        t = self.t0 + d * DAY + h * HOUR + r.randrange(HOUR)
        return t - self.clock.offset(cc or c.cc, t)

    def poisson_days(self, c, rate, t_from=None, t_to=None):
        """Day indices of a Poisson process of `rate` per day over the customer's active span."""
        r = self.rng
        out = []
        if rate <= 0:
            return out
        t = c.start_t if t_from is None else t_from
        end = c.end_t if t_to is None else t_to
        while True:
            t += r.expovariate(rate) * DAY
            if t >= end:
                return out
            out.append(int((t - self.t0) // DAY))

    # ---------------------------------------------------------------- genuine: card
    def card_sess(self, c, t, ch, m):
        r = self.rng
        if ch == "pos":
            dev = self.phone_at(c, t)[1] if c.wallet_pay and c.phones and r.random() < 0.7 else ""
            return ("pos", "", dev, "", None, None, m[1], m[2])
        if ch == "atm":
            return ("atm", "", "", "", None, None, m[1], m[2])
        if r.random() < 0.6:                 # 3-D Secure browser data sent by the merchant
            s = self.session(c, t)
            return ("ecom", s[1], "", s[3], None, None, m[1], m[2])
        return ("ecom", "", "", "", None, None, m[1], m[2])

    def card_purchase(self, c, t, cat_i, where):
        r = self.rng
        cat, mcc, _, med, sig, ch = CARD_CATS[cat_i]
        cc, ci = where if where else (c.cc, c.city)
        if ch == "pos" or ch == "atm":
            if not where and cat in ("grocery", "fastfood", "restaurant", "fuel", "pharmacy") and r.random() < 0.65:
                favs = c.fav.get(cat)
                if favs is None:
                    favs = c.fav[cat] = [self.pos_merchant(cc, ci, mcc, cat) for _ in range(r.choice([1, 2, 3]))]
                m = favs[0] if r.random() < 0.6 else r.choice(favs)
            else:
                m = self.pos_merchant(cc, ci, mcc, cat)
        elif cat in ("food_delivery", "ride_hailing"):
            m = r.choice(self.local_apps[cc][cat])
        else:
            m = self.ecom_merchant(cat)
        if ch == "atm":
            if HOME.get(cc, ("XXX",))[0] == c.cur:
                amount = float(r.choices(ATM_NOTES[c.cur], ATM_W[:len(ATM_NOTES[c.cur])])[0])
            else:
                amount = round(self.to_local(c, lognorm(r, 120, 0.5) * 1.02, t), 0 if c.cur == "HUF" else 2)
        else:
            eur = lognorm(r, med, sig) * (1.3 if where else 1.0)
            amount = self.crypto_amount(c, eur, t)
            if amount <= 0:
                amount = 1.0
        self.emit(t, c, amount, self.card_sess(c, t, ch, m), m[0])

    def gen_card(self, c):
        if not c.card:
            return
        r = self.rng
        d0 = max(0, int((c.start_t - self.t0) // DAY))
        d1 = min(self.days, int(math.ceil((c.end_t - self.t0) / DAY)))
        if d1 <= d0:
            return
        lam = np.empty(d1 - d0)
        since = 15
        for i, d in enumerate(range(d0, d1)):
            day = self.start + dt.timedelta(days=d)
            wd = day.weekday()
            m = (1.0, 1.0, 1.0, 1.05, 1.15, 1.2, 0.6)[wd]
            if d in c.payday_set:
                since = 0
            else:
                since += 1
            m *= 1.25 if since <= 4 else (0.85 if since >= 20 else 1.0)
            if day.month == 12 and day.day <= 23:
                m *= 1.25
            if (day.month, day.day) in ((12, 25), (1, 1)):
                m *= 0.4
            lam[i] = c.card_rate * m
        counts = self.np.poisson(lam)
        w = list(CARD_CAT_W)
        if not c.has_car:
            w[4] = 0.0
        cw_home = cum(w)
        w_trip = list(w)
        w_trip[1] *= 2.5
        w_trip[0] *= 0.5
        w_trip[4] *= 0.3
        w_trip[12] *= 2.0
        cw_trip = cum(w_trip)
        n = len(CARD_CATS)
        for i, k in enumerate(counts.tolist()):
            if not k:
                continue
            d = d0 + i
            noon = self.t0 + d * DAY + 12 * HOUR
            where = self.where(c, noon)
            if where and where[0] == c.cc and where[1] == c.city:
                where = None
            for _ in range(k):
                cw = cw_trip if where else cw_home
                ci = min(n - 1, bisect.bisect_right(cw, r.random() * cw[-1]))
                t = self.at_local(c, d, "card", where[0] if where else None)
                if t < c.plastic_t and CARD_CATS[ci][5] != "ecom":
                    continue                   # only the virtual card until the plastic one arrives
                if CARD_CATS[ci][0] == "fuel" and where and where[0] != c.cc and r.random() < 0.7:
                    continue
                if (CARD_CATS[ci][0] in ("grocery", "clothing", "electronics") and self.closed(c, t, where)
                        and r.random() < 0.8):
                    continue                   # shops closed on Sundays
                self.card_purchase(c, t, ci, where)
        # subscriptions, merchant-initiated, same amount on the same day of each month
        for mid, eur, dom in c.subs:
            mcc_cc = mid.split("-")[2][:2]
            m = (mid, mcc_cc, CITIES[mcc_cc][0][0])
            for d in range(d0, d1):
                day = self.start + dt.timedelta(days=d)
                if day.day == dom:
                    t = self.t0 + d * DAY + r.randint(1 * HOUR, 8 * HOUR)
                    if t >= c.plastic_t - 6 * DAY:
                        self.emit(t, c, self.crypto_amount(c, eur, t) if c.cur != "EUR" else eur,
                                  ("ecom", "", "", "", None, None, m[1], m[2]), mid)

    def closed(self, c, t, where):
        """Sunday in a country where shops close on Sundays."""
        cc = where[0] if where else c.cc
        if cc not in ("DE", "AT", "CH", "NO", "PL", "HU"):
            return False
        return ((t + self.clock.offset(cc, t)) // DAY + 3) % 7 == 6

    # ---------------------------------------------------------------- genuine: withdrawals
    def hot_wallet(self, venue, chain):
        """A venue's shared (memo / destination-tag) deposit address for a chain."""
        key = (venue, chain)
        lst = self.hot.get(key)
        if lst is None:
            lst = self.hot[key] = [self.address(chain) for _ in range(2)]
        return lst[0] if self.rng.random() < 0.85 else lst[1]

    def exch_transfer(self, c, t, mult=1.0, sess=None):
        r = self.rng
        a = EXCH_ASSETS[bisect.bisect_right(EXCH_W, r.random() * EXCH_W[-1])]
        venue = c.venues[0] if r.random() < 0.6 else r.choice(c.venues)
        if a[3]:
            payee = self.hot_wallet(venue, a[1])
        else:
            payee = c.dep.get((venue, a[1]))
            if payee is None:
                payee = c.dep[(venue, a[1])] = self.address(a[1])
        eur = c.exch_size * lognorm(r, 1.0, 0.7) * mult * self.price(a[2], t)
        if sess is None:
            sess = self.session(c, t, api=c.api and r.random() < 0.7)
        self.emit(t, c, self.crypto_amount(c, eur, t), sess, payee)
        return sess

    def cold_withdrawal(self, c, t, mult=1.0, addr=None, sess=None):
        r = self.rng
        if addr is None:
            addr = c.cold[0] if r.random() < 0.75 else r.choice(c.cold)
        eur = c.cold_size * lognorm(r, 1.0, 0.6) * mult * self.price(CHAIN_GROUP[addr[1]], t)
        sess = sess or self.session(c, t)
        self.emit(t, c, self.crypto_amount(c, eur, t), sess, addr[0])
        return sess

    def sepa_own(self, c, t, mult=1.0):
        r = self.rng
        eur = c.sepa_size * lognorm(r, 1.0, 0.6) * mult
        iban = c.ibans[0] if r.random() < 0.8 else r.choice(c.ibans)
        self.emit(t, c, self.fiat_round(c, self.to_local(c, eur, t)), self.session(c, t), iban)

    def test_then_main(self, c, t, addr, chain, main_eur):
        """First payment to a new address: a small test, then the real amount."""
        r = self.rng
        sess = self.session(c, t)
        if r.random() < 0.7:
            test_eur = r.choice([5, 10, 20, 25, 50, 100]) * r.uniform(0.9, 1.1)
            self.emit(t, c, self.crypto_amount(c, test_eur * self.price(CHAIN_GROUP[chain], t), t), sess, addr)
            t += int(lognorm(r, 35 * 60, 1.0)) + 60
            if r.random() < 0.25:
                sess = self.session(c, t)
        self.emit(t, c, self.crypto_amount(c, main_eur * self.price(CHAIN_GROUP[chain], t), t), sess, addr)
        return t

    def gen_withdrawals(self, c):
        r = self.rng
        prof = c.hours
        # transfers to other exchanges (traders: often several in a row)
        for d in self.poisson_days(c, c.r_exch):
            t = self.at_local(c, d, "flat" if c.api and r.random() < 0.5 else prof)
            sess = self.exch_transfer(c, t)
            while r.random() < 0.2:
                t += int(lognorm(r, 15 * 60, 1.0))
                sess = self.exch_transfer(c, t, sess=sess if r.random() < 0.8 else None)
        # own cold storage: after payday buys, and now and then
        if c.cold:
            for pd in c.paydays:
                if r.random() < c.cold_pay_p:
                    d = pd + r.choice([1, 1, 2, 2, 3, 4, 6])
                    if 0 <= d < self.days:
                        t = self.at_local(c, d, prof)
                        if c.start_t + 2 * DAY < t:
                            self.cold_withdrawal(c, t)
            for d in self.poisson_days(c, c.r_cold * 0.5):
                self.cold_withdrawal(c, self.at_local(c, d, prof))
            if c.arch in ("hodler", "whale") and r.random() < 0.12:   # a new hardware wallet
                ch = c.cold[0][1]
                addr = (self.address(ch), ch)
                t = r.uniform(c.start_t, c.end_t)
                d = int((t - self.t0) // DAY)
                t = self.test_then_main(c, self.at_local(c, d, prof), addr[0], ch, c.cold_size * 2.5)
                c.cold.insert(0, addr)
        # sends to friends
        for d in self.poisson_days(c, c.r_friend):
            if not c.friends or r.random() < 0.25:
                ch = r.choices(["eth", "tron", "btc", "sol"], [3, 3, 3, 1])[0]
                c.friends.append((self.address(ch), ch))
            addr, ch = r.choice(c.friends)
            t = self.at_local(c, d, prof)
            eur = lognorm(r, 70, 0.9) * self.price(CHAIN_GROUP[ch], t)
            self.emit(t, c, self.crypto_amount(c, eur, t), self.session(c, t), addr)
        # fiat to own bank account: more often late in the pay cycle
        for d in self.poisson_days(c, c.r_sepa * 1.3):
            since = min((d - p for p in c.paydays if p <= d), default=15)
            if since < 15 and r.random() < 0.45:
                continue
            self.sepa_own(c, self.at_local(c, d, prof))
        # fiat to third parties (splitting a bill, paying a friend)
        for d in self.poisson_days(c, c.r_sepa3):
            if not c.iban3 or r.random() < 0.5:
                c.iban3.append(self.iban(c.cc))
            t = self.at_local(c, d, "evening")
            eur = lognorm(r, 60, 0.8)
            self.emit(t, c, self.fiat_round(c, self.to_local(c, eur, t), 0.5), self.session(c, t), r.choice(c.iban3))
        # rent on the first working days of the month
        if c.rent:
            iban, eur = c.rent
            amount = self.fiat_round(c, self.to_local(c, eur, self.t0), 0.0)
            for d in range(self.days):
                day = self.start + dt.timedelta(days=d)
                if day.day in (1, 2, 3) and day.weekday() < 5 and (day.day == 1 or (day - dt.timedelta(days=1)).weekday() >= 5):
                    t = self.at_local(c, d, "office")
                    self.emit(t, c, amount, self.session(c, t), iban)
        # one genuinely large payment to a new payee (a car, a contractor, a flat deposit)
        if c.bigbuy:
            t = self.at_local(c, r.randrange(self.days), "office")
            eur = lognorm(r, 9000, 0.7) * c.wealth
            if r.random() < 0.6:
                ch = r.choice(["btc", "eth", "tron"])
                self.test_then_main(c, t, self.address(ch), ch, eur)
            else:
                self.emit(t, c, self.fiat_round(c, self.to_local(c, eur, t)), self.session(c, t),
                          self.iban(r.choice([c.cc, c.cc, "DE", "ES", "LT"])))
        # market events
        for t_ev, kind, scale in self.events:
            if not (c.start_t < t_ev < c.end_t - HOUR):
                continue
            p = EVENT_P[kind][c.arch] * scale
            if r.random() >= p:
                continue
            t = t_ev + int(min(r.expovariate(1.0 / ((0.7 if c.arch == "whale" else 1.6) * HOUR)), 16 * HOUR))
            self.event_action(c, t, kind)
        # onboarding: a small test to a new address, then the real withdrawal
        if c.join_t >= self.t0:
            go = {"trader": 0.8, "hodler": 0.9, "whale": 0.9, "dca": 0.25, "casual": 0.15, "spender": 0.05}[c.arch]
            if r.random() < go:
                t = c.join_t + int(min(lognorm(r, 8 * HOUR, 1.2), 6 * DAY))
                if c.cold and c.arch != "trader":
                    addr, ch = c.cold[0]
                    self.test_then_main(c, t, addr, ch, c.cold_size * 2.0)
                else:
                    venue = c.venues[0]
                    ch = r.choice(["btc", "eth", "tron", "sol"])
                    addr = c.dep.get((venue, ch)) or c.dep.setdefault((venue, ch), self.address(ch))
                    self.test_then_main(c, t, addr, ch, c.exch_size * 1.5)
        # churn: everything out, then silence
        if c.churn:
            t = c.end_t - r.randint(60, 2 * HOUR)
            if r.random() < 0.6:
                self.sepa_own(c, t, 6.0)
            else:
                self.exch_transfer(c, t, mult=5.0)

    def event_action(self, c, t, kind):
        r = self.rng
        a = c.arch
        if kind == "custody_scare":
            if c.cold and r.random() < 0.7:
                self.cold_withdrawal(c, t, mult=3.0)
            else:
                ch = r.choices(["btc", "eth", "sol", "tron"], [50, 30, 10, 10])[0]
                addr = (self.address(ch), ch)
                self.test_then_main(c, t, addr[0], ch, max(c.cold_size, c.exch_size) * 2.5)
                c.cold.insert(0, addr)
            return
        if a in ("trader", "whale") or (kind == "rally" and a == "hodler" and r.random() < 0.5):
            sess = self.exch_transfer(c, t, mult=1.6)
            for _ in range(r.choice([0, 0, 1, 1, 2])):
                t += int(lognorm(r, 12 * 60, 0.8))
                self.exch_transfer(c, t, mult=1.2, sess=sess)
            if r.random() < 0.25:
                self.sepa_own(c, t + int(lognorm(r, 2 * HOUR, 1.0)), 1.5)
        elif c.cold and kind == "crash" and r.random() < 0.6:
            self.cold_withdrawal(c, t, mult=1.5)
        else:
            self.sepa_own(c, t, 2.0 if kind == "crash" else 1.5)

    # ---------------------------------------------------------------- world
    def generate(self):
        self.customers = []
        for _ in range(self.n):
            c = self.make_customer()
            self.customers.append(c)
        self._households()
        for c in self.customers:
            self.gen_card(c)
            self.gen_withdrawals(c)
        self.gen_fraud()
        rows = self.rows
        rows.sort(key=lambda x: x[0])
        return rows

    def _households(self):
        """Couples sharing a home connection (and sometimes the family laptop)."""
        r = self.rng
        by_cc = {}
        for c in self.customers:
            by_cc.setdefault((c.cc, c.city), []).append(c)
        for lst in by_cc.values():
            for i in range(0, len(lst) - 1, 2):
                if r.random() < 0.08:
                    a, b = lst[i], lst[i + 1]
                    b.home_ips, b.isp = a.home_ips, a.isp
                    b.lat, b.lon = a.lat, a.lon
                    if a.browsers and b.browsers and r.random() < 0.3:
                        b.browsers = list(a.browsers)

    # ---------------------------------------------------------------- fraud
    def case(self, scen, p_report, delay_median, sigma, cap=None):
        """A fraud case: [scenario, report delay after its last row (s) or None, last row time, rows]."""
        r = self.rng
        delay = None
        if r.random() < p_report:
            delay = lognorm(r, delay_median, sigma)
            if cap:
                delay = min(delay, cap)
            delay = int(max(delay, 15 * 60))
        return [scen, delay, 0, 0]

    def victim(self, pred, lo_days=7.0, tail_days=1.0):
        """A not-yet-victimised genuine customer satisfying pred, and a time in their active span."""
        r = self.rng
        for _ in range(4000):
            c = r.choice(self.customers)
            if c.cid in self.victims or not pred(c):
                continue
            a = max(c.start_t, self.t0) + lo_days * DAY
            b = min(c.end_t, self.t_end) - tail_days * DAY
            if b <= a:
                continue
            self.victims.add(c.cid)
            return c, r.uniform(a, b)
        return None, None

    def local(self, cc, t, hour):
        """Move t to `hour` (local, with random minutes) on the same local day."""
        off = self.clock.offset(cc, t)
        day0 = (int(t) + off) // DAY * DAY
        return day0 + int(hour * HOUR) + self.rng.randrange(HOUR) - off

    def fraud_net(self, cc, kind):
        r = self.rng
        if kind == "proxy":                   # residential proxy in the victim's country
            return self.home_net(cc, r.choice(CITIES[cc])[0])
        if kind == "carrier":
            ip, city = r.choice(r.choice(self.carrier[cc])["pool"])
            return (ip, cc, city)
        if kind == "vpn":
            return self.vpn_net(cc if r.random() < 0.5 else None)
        if kind == "dc":
            return self.dc_net()
        x = r.choice(["RO", "BG", "UA", "NG", "GB", "NL", "TR", "RU", "US", "ES"])   # "foreign"
        return self.home_net(x, CITIES[x][0][0])

    def attacker_sess(self, cc, t, kind="mobile", nets=("proxy", "vpn"), dev=None):
        r = self.rng
        net = self.fraud_net(cc, r.choice(nets))
        if kind == "mobile":
            ph = dev or self._phone(t - DAY, r.random() < 0.3, emulator=r.random() < 0.35)
            return ("mobile", net[0], ph[1], self.app_ua((ph[0], ph[1], ph[2], ph[3], ph[4], 0), t), None, None,
                    net[1], net[2])
        b = dev or (t - DAY, self.dev_id("b"), r.choice(["chrome_win", "chrome_win", "edge_win", "firefox_win",
                                                         "chrome_mac"]), "18_6", 0)
        return ("web", net[0], b[1], self.web_ua(b, t), None, None, net[1], net[2])

    def gen_fraud(self):
        r = self.rng
        k = self.n / 5000.0 * self.days / 120.0
        cnt = lambda base: max(1, int(round(base * k)))
        self.victims = set()
        crews = [[self.address(ch) for ch in ("btc", "eth", "tron")] for _ in range(max(2, cnt(4)))]
        for _ in range(cnt(22)):
            self.f_ato(crews, "ato_sim_swap")
        for _ in range(cnt(26)):
            self.f_ato(crews, "ato_phishing")
        rings = [[self.address("tron"), self.address("tron"), self.address("eth"), self.address("tron")]
                 for _ in range(max(1, cnt(4)))]
        for _ in range(cnt(36)):
            self.f_pig(r.choice(rings))
        for _ in range(cnt(16)):
            self.f_romance()
        mule_rings = [{"addr": [self.address(ch) for ch in ("tron", "tron", "btc")],
                       "dev": self._phone(self.t0 - DAY, False), "net": self.home_net("DE", "Berlin")}
                      for _ in range(max(1, cnt(3)))]
        for _ in range(cnt(26)):
            self.f_mule(r.choice(mule_rings))
        groups = [[self.address("tron"), self.address("btc"), self.address("eth")] for _ in range(2)]
        for _ in range(cnt(22)):
            self.f_fake_support(groups)
        self._first_use()
        for _ in range(cnt(26)):
            self.f_poisoning()
        id_rings = [{"devs": [self._phone(self.t0 - DAY, False, emulator=True) for _ in range(r.randint(2, 3))],
                     "addr": [self.address(ch) for ch in ("tron", "btc", "eth")],
                     "iban": [self.iban(x) for x in ("LT", "ES")]} for _ in range(max(1, cnt(4)))]
        for _ in range(cnt(30)):
            self.f_stolen_identity(r.choice(id_rings))
        for _ in range(cnt(45)):
            self.f_card()

    def f_ato(self, crews, scen):
        r = self.rng
        sim = scen == "ato_sim_swap"
        c, t = self.victim(lambda c: c.arch != "spender" or r.random() < 0.3)
        if c is None:
            return
        case = self.case(scen, 0.9 if sim else 0.8, 8 * HOUR if sim else 1.5 * DAY, 1.0, 4 * DAY if sim else 20 * DAY)
        if r.random() < (0.35 if sim else 0.5):
            t = self.local(c.cc, t, r.uniform(0, 6))
        if sim:
            sess = self.attacker_sess(c.cc, t, "mobile", ("proxy", "proxy", "carrier", "vpn"))
        else:
            sess = self.attacker_sess(c.cc, t, "web", ("dc", "vpn", "vpn", "foreign"))
        crew = r.choice(crews)
        dest = r.choice(crew) if r.random() < 0.4 else None
        ch = chain_of(dest) if dest else r.choice(["btc", "eth", "tron", "tron"])
        dest = dest or self.address(ch)
        t += r.randint(3 * 60, 25 * 60)        # password / 2FA reset, new withdrawal address whitelisted
        total = max(c.cold_size, c.exch_size, c.sepa_size) * lognorm(r, 3.0, 0.5)
        if r.random() < 0.4:
            self.emit(t, c, self.crypto_amount(c, r.uniform(15, 80), t), sess, dest, case)
            t += r.randint(2 * 60, 20 * 60)
        parts = r.choice([1, 1, 2, 2, 3])
        for i in range(parts):
            share = total / parts * r.uniform(0.8, 1.2)
            self.emit(t, c, self.crypto_amount(c, share * self.price(CHAIN_GROUP[ch], t), t), sess, dest, case)
            t += r.randint(3 * 60, 40 * 60)
            if r.random() < 0.4:
                ch = r.choice(["btc", "eth", "tron"])
                dest = self.address(ch)
        if r.random() < 0.2:                   # the fiat left, to a mule's account
            self.emit(t, c, self.fiat_round(c, self.to_local(c, total * 0.3, t)), sess,
                      self.iban(r.choice(["LT", "ES", "NL", "PT", "BE"])), case)

    def f_pig(self, ring):
        r = self.rng
        if r.random() < 0.5:
            c0 = self.make_customer(arch=r.choice(["casual", "dca"]), existing=False)
            self.customers.append(c0)
            self.gen_card(c0)
            self.gen_withdrawals(c0)
            self.victims.add(c0.cid)
            t = c0.join_t + r.uniform(1, 6) * DAY
            c = c0
            if t > self.t_end - 5 * DAY:
                return
        else:
            c, t = self.victim(lambda c: c.arch in ("casual", "dca", "hodler", "spender"), 5, 10)
            if c is None:
                return
        case = self.case("pig_butchering", 0.55, 21 * DAY, 0.6)
        n = r.randint(3, 12)
        amt = lognorm(r, 400, 0.6)
        cap = 60000 * c.wealth
        for i in range(n):
            if t >= min(c.end_t, self.t_end):
                break
            tt = self.at_local(c, int((t - self.t0) // DAY), "evening")
            addr = ring[int((tt - self.t0) // (21 * DAY)) % len(ring)]
            sess = self.session(c, tt)
            if i == 0 and r.random() < 0.3:
                self.emit(tt, c, self.crypto_amount(c, r.uniform(20, 60), tt), sess, addr, case)
                tt += r.randint(5 * 60, 90 * 60)
            self.emit(tt, c, self.crypto_amount(c, min(amt, cap), tt), sess, addr, case)
            amt *= r.uniform(1.2, 2.2) if i < n - 2 else r.uniform(0.15, 0.5)   # the last ones: "taxes"
            if i == n - 3:
                amt = max(amt, lognorm(r, 3000, 0.5))
            t = tt + r.uniform(2, 10) * DAY

    def f_romance(self):
        r = self.rng
        c, t = self.victim(lambda c: c.arch in ("casual", "dca", "spender", "hodler"), 5, 10)
        if c is None:
            return
        case = self.case("romance_scam", 0.4, 30 * DAY, 0.6)
        ch = r.choice(["tron", "btc", "tron"])
        addr = self.address(ch)
        ibans = [self.iban(r.choice(["LT", "ES", "PT", "NL", "IE"])) for _ in range(r.randint(1, 2))]
        amt = lognorm(r, 300, 0.6)
        for i in range(r.randint(3, 10)):
            if t >= min(c.end_t, self.t_end):
                break
            d = int((t - self.t0) // DAY)
            tt = self.at_local(c, d, "evening")
            x = r.random()
            if x < 0.15 and c.card:
                for _ in range(r.randint(1, 3)):
                    m = self.ecom_merchant("giftcard")
                    eur = r.choice([50, 100, 100, 150, 200, 250])
                    self.emit(tt, c, self.crypto_amount(c, eur, tt), self.card_sess(c, tt, "ecom", m), m[0], case)
                    tt += r.randint(60, 900)
            elif x < 0.45:
                self.emit(tt, c, self.fiat_round(c, self.to_local(c, amt, tt), 0.1), self.session(c, tt),
                          r.choice(ibans), case)
            else:
                self.emit(tt, c, self.crypto_amount(c, amt * self.price(CHAIN_GROUP[ch], tt), tt),
                          self.session(c, tt), addr, case)
            amt *= r.uniform(1.0, 1.6)
            t = tt + lognorm(r, 6 * DAY, 0.6)

    def f_mule(self, ring):
        r = self.rng
        if r.random() < 0.5:                   # recruited existing customer, own phone
            c, t = self.victim(lambda c: c.arch in ("casual", "spender"), 3, 6)
            if c is None:
                return
            herder = False
        else:                                  # account opened to mule
            c = self.make_customer(arch="casual", existing=False)
            c.end_t = self.t_end
            t = c.join_t + r.uniform(0.2, 3) * DAY
            herder = r.random() < 0.3
            if t > self.t_end - 2 * DAY:
                return
        case = self.case("money_mule", 0.5, 20 * DAY, 0.6)
        span = r.uniform(5, 30) * DAY
        end = min(t + span, self.t_end)
        d0 = int((t - self.t0) // DAY)
        for d in range(d0, int((end - self.t0) // DAY) + 1):
            if d != d0 and r.random() > 0.45:
                continue
            for _ in range(r.choice([1, 1, 1, 2, 3])):
                tt = self.at_local(c, d, "office")
                if tt < t or tt >= end:
                    continue
                if herder:
                    ph = ring["dev"]
                    sess = ("mobile", ring["net"][0], ph[1], self.app_ua(ph, tt), None, None, ring["net"][1],
                            ring["net"][2])
                else:
                    sess = self.session(c, tt)
                eur = min(9900.0, lognorm(r, 1800, 0.6))
                if r.random() < 0.3:
                    eur = r.choice([990, 1990, 2990, 4990, 9900]) * r.uniform(0.97, 1.0)
                if r.random() < 0.15:
                    self.emit(tt, c, self.fiat_round(c, self.to_local(c, eur, tt), 0.3), sess,
                              self.iban(r.choice(["LT", "DE", "ES", "NL"])), case)
                else:
                    addr = r.choice(ring["addr"]) if r.random() < 0.85 else self.address("tron")
                    self.emit(tt, c, self.crypto_amount(c, eur, tt), sess, addr, case)

    def f_fake_support(self, groups):
        r = self.rng
        c, t = self.victim(lambda c: c.arch in ("dca", "casual", "hodler", "whale"))
        if c is None:
            return
        case = self.case("fake_support", 0.8, 10 * HOUR, 1.0, 7 * DAY)
        t = self.local(c.cc, t, r.uniform(9, 19))
        addr = r.choice(r.choice(groups)) if r.random() < 0.6 else self.address(r.choice(["tron", "btc", "eth"]))
        ch = chain_of(addr)
        sess = self.session(c, t)
        total = max(c.cold_size, c.exch_size, c.sepa_size) * lognorm(r, 2.5, 0.5)
        if r.random() < 0.25:
            self.emit(t, c, self.crypto_amount(c, r.uniform(20, 100), t), sess, addr, case)
            t += r.randint(3 * 60, 15 * 60)
        parts = r.choice([1, 1, 2, 3])
        for i in range(parts):
            self.emit(t, c, self.crypto_amount(c, total / parts * self.price(CHAIN_GROUP[ch], t), t), sess, addr, case)
            t += r.randint(4 * 60, 25 * 60)

    def _first_use(self):
        """First payment of each customer to each EVM / TRON address (address-poisoning targets)."""
        self.first_use = {}
        for row in self.rows:
            p = row[12]
            if row[13] is None and (p.startswith("0x") or p.startswith("T")):
                key = (row[1], p)
                v = self.first_use.get(key)
                if v is None:
                    self.first_use[key] = [row[0], row[2], 1]
                else:
                    v[2] += 1
        self.poison_targets = {}
        for (cid, p), (t, amount, n) in self.first_use.items():
            if n >= 2:
                self.poison_targets.setdefault(cid, []).append((t, p, amount))
        self.by_cid = {c.cid: c for c in self.customers}

    def f_poisoning(self):
        r = self.rng
        cands = [cid for cid in self.poison_targets if cid not in self.victims]
        if not cands:
            return
        cid = r.choice(cands)
        c = self.by_cid[cid]
        t_first, addr, amount = r.choice(self.poison_targets[cid])
        lo = max(t_first + 2 * DAY, self.t0 + 3 * DAY)
        hi = min(c.end_t, self.t_end) - HOUR
        if hi <= lo:
            return
        self.victims.add(cid)
        case = self.case("address_poisoning", 0.7, 2 * DAY, 0.8, 30 * DAY)
        t = self.at_local(c, int((r.uniform(lo, hi) - self.t0) // DAY), c.hours)
        fake = self.lookalike(addr)
        sess = self.session(c, t)
        if r.random() < 0.25:
            self.emit(t, c, round(amount * r.uniform(0.02, 0.1), 2), sess, fake, case)
            t += r.randint(5 * 60, 40 * 60)
        self.emit(t, c, round(amount * lognorm(r, 1.2, 0.5), 0 if c.cur == "HUF" else 2), sess, fake, case)

    def f_stolen_identity(self, ring):
        r = self.rng
        c = self.make_customer(arch="casual", existing=False)
        c.end_t = self.t_end
        t = c.join_t + int(lognorm(r, 6 * HOUR, 1.0))
        if t > self.t_end - DAY:
            return
        case = self.case("stolen_identity", 0.8, 10 * DAY, 0.7)
        nets = r.choice([("proxy",), ("vpn",), ("vpn", "dc"), ("proxy", "vpn")])
        dev = r.choice(ring["devs"]) if r.random() < 0.7 else self._phone(t - DAY, False, emulator=r.random() < 0.5)
        sess = self.attacker_sess(c.cc, t, "mobile", nets, dev)
        addr = r.choice(ring["addr"]) if r.random() < 0.6 else self.address(r.choice(["tron", "btc"]))
        if r.random() < 0.5:
            self.emit(t, c, self.crypto_amount(c, r.uniform(15, 60), t), sess, addr, case)
            t += r.randint(10 * 60, 3 * HOUR)
        for i in range(r.randint(2, 6)):
            if t >= self.t_end:
                break
            if r.random() < 0.3:
                sess = self.attacker_sess(c.cc, t, "mobile", nets, dev)
            eur = min(15000.0, lognorm(r, 3000, 0.6))
            if r.random() < 0.15:
                self.emit(t, c, self.fiat_round(c, self.to_local(c, eur, t)), sess, r.choice(ring["iban"]), case)
            else:
                self.emit(t, c, self.crypto_amount(c, eur, t), sess, addr, case)
                if r.random() < 0.3:
                    addr = r.choice(ring["addr"])
            t += lognorm(r, 14 * HOUR, 1.0)

    def f_card(self):
        r = self.rng
        c, t = self.victim(lambda c: c.card, 10, 2)
        if c is None:
            return
        case = self.case("card_fraud", 0.9, 3 * DAY, 1.0, 30 * DAY)
        if r.random() < 0.7:                   # card-not-present
            net = self.fraud_net(c.cc, r.choice(["vpn", "dc", "foreign", "foreign", "proxy"]))
            b = (t - DAY, "", r.choice(["chrome_win", "chrome_android", "safari_iphone"]), "18_6", 0)
            ua = self.web_ua(b, t)
            if r.random() < 0.5:
                m = self.ecom_merchant(r.choice(["gaming", "marketplace"]))
                self.emit(t, c, self.crypto_amount(c, r.uniform(0.5, 5), t),
                          ("ecom", net[0], "", ua, None, None, m[1], m[2]), m[0], case)
                t += r.randint(10 * 60, 6 * HOUR)
            for _ in range(r.randint(2, 8)):
                cat = r.choice(["electronics_online", "giftcard", "giftcard", "gaming", "travel", "marketplace"])
                m = self.ecom_merchant(cat)
                eur = min(2500.0, lognorm(r, 250, 0.8))
                three_ds = r.random() < 0.5
                self.emit(t, c, self.crypto_amount(c, eur, t),
                          ("ecom", net[0] if three_ds else "", "", ua if three_ds else "", None, None, m[1], m[2]),
                          m[0], case)
                t += lognorm(r, 40 * 60, 1.2)
        else:                                  # skimmed card used abroad while the owner is at home
            cc = r.choice(["BG", "RO", "UA", "TR", "TH", "US", "ID", "MA"])
            city = CITIES[cc][0][0]
            t = self.local(cc, t, r.uniform(8, 23))
            for _ in range(r.randint(2, 6)):
                if r.random() < 0.65:
                    m = (f"m-6011-{cc}{r.randint(10000, 99999)}", cc, city)
                    amount = round(self.to_local(c, lognorm(r, 280, 0.3) * 1.03, t), 0 if c.cur == "HUF" else 2)
                    self.emit(t, c, amount, ("atm", "", "", "", None, None, cc, city), m[0], case)
                else:
                    m = (f"m-5732-{cc}{r.randint(10000, 99999)}", cc, city)
                    self.emit(t, c, self.crypto_amount(c, lognorm(r, 400, 0.6), t),
                              ("pos", "", "", "", None, None, cc, city), m[0], case)
                t += lognorm(r, 50 * 60, 1.0)


HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
          "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]


def _iso(t: int, cache={}) -> str:
    d = t // DAY
    p = cache.get(d)
    if p is None:
        p = cache[d] = dt.datetime.fromtimestamp(d * DAY, dt.timezone.utc).strftime("%Y-%m-%dT")
    s = t - d * DAY
    return f"{p}{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}Z"


def format_rows(rows):
    out = []
    for i, x in enumerate(rows):
        (t, cid, amount, cur, ch, ip, dev, ua, lat, lon, cc, city, payee, case) = x
        if case is None:
            fraud, rep, scen = "0", "", ""
        else:
            fraud, scen = "1", case[0]
            rep = _iso(case[2] + case[1]) if case[1] is not None else ""
        out.append([f"cx-{i + 1:08d}", cid, _iso(t), f"{amount:.2f}", cur, ch, ip, dev, ua,
                    "" if lat is None else f"{lat:.4f}", "" if lon is None else f"{lon:.4f}",
                    cc, city, payee, fraud, rep, scen])
    return out


def write(rows, path):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "wb") as raw:
        if path.endswith(".gz"):
            gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)
            f = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        else:
            gz = None
            f = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
        f.flush()
        f.detach()
        if gz is not None:
            gz.close()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.cryptox", description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=5000)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--start", default="2025-10-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-cryptox.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    t = time.time()
    world = World(a.seed, a.customers, a.days, dt.date.fromisoformat(a.start))
    rows = format_rows(world.generate())
    write(rows, a.out)
    fraud = sum(1 for r in rows if r[14] == "1")
    print(f"cryptox: {len(rows)} rows, {len({r[1] for r in rows})} customers, {fraud} fraud rows "
          f"({100.0 * fraud / max(1, len(rows)):.2f} %) -> {a.out} in {time.time() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
