"""Nordbank: outgoing payments of a Swedish retail bank with an app, internet bank and PSD2 open banking.

The world
---------
"Nordbank" is a Swedish retail bank. Every row is an OUTGOING payment that the
bank's gateway asks the scorer about; the currency is SEK except card payments
abroad (EUR, NOK, DKK, GBP, CHF, THB, USD) and a few international transfers.
Customers live in Swedish cities and their hours follow Swedish local time
(UTC+2 until the last Sunday of October, UTC+1 after); timestamps are UTC.

Channels and what the gateway fills in:

* ``pos`` / ``atm`` - card present. No IP, no device, no user agent; country
  and city are the terminal's. Payee is the merchant id (``m-<mcc>-<n>``) or
  the ATM id.
* ``ecom`` - card not present. IP / user agent / 3-D Secure device fingerprint
  (``fp-...``) from the shopper's browser when the merchant passes them;
  merchant-initiated card-on-file charges (streaming, gym) carry no IP/device
  and have the merchant's country.
* ``mobile`` / ``web`` - transfers (payee ``se:<clearing>-<account>`` or
  ``iban:...``) and bill payments (Bankgiro ``bg:NNNN-NNNN`` / Plusgiro
  ``pg:NNNNNN-N``) from the app or the internet bank. IP geolocated to
  country/city (mobile carriers use CGNAT pools that geolocate to a hub city,
  not the customer's); app rows carry lat/lon only when the customer allowed
  location (about a third of app users, and then not on every row).
* ``swish`` - Swish-like instant P2P from the app; payee is the recipient's
  phone number (``+467...``), which may be another Nordbank customer
  (customer ids are not phone numbers), or a 10-digit ``123...`` merchant
  number (flea markets, charities).
* ``standing_order`` - batch-executed on the due date early in the morning; no
  IP/device/UA.
* ``open_banking`` - PSD2 payment initiation (PIS) by ~25 third-party
  providers: pay-by-bank checkouts, accounting tools (supplier payments and
  VAT to Skatteverket), savings / round-up apps, gaming pay-ins, crypto
  on-ramps, BNPL repayments. The IP is the TPP's server in one of a handful
  of data-centre ranges (AWS Stockholm, Azure Gavle, GCP Hamina, Hetzner,
  Frankfurt, Dublin) shared by thousands of customers; device_id is absent,
  TPP-wide (``tpp-<name>``) or a per-user PSU-Device-ID hash; the user agent
  is the TPP's HTTP client. Checkout/gaming/crypto TPPs pay into one shared
  collection account, so thousands of customers share that payee.

Genuine behaviour
-----------------
Kinds: students (late hours, lots of Swish, campus wifi shared by many),
families (the largest group, household partners share home IP and Swish each
other), pensioners (few payments, mostly bills around pension day the 18th,
internet bank or a simple app that never updates), small-business owners
(accounting TPP supplier payments on weekdays, VAT on the 12th), frequent
travellers (city breaks, DKK/NOK/EUR/GBP), gamers (micro in-app ecom payments
at foreign platforms in EUR/USD, gaming pay-ins) and "swishers" who mostly use
Swish. Seasons: salary on the 25th (previous business day when it is a
weekend) lifts spending for a few days; bills are paid right after payday or
around the 27th-1st; residual tax to Skatteverket before 12 November (many
first-time senders to one payee); Black Friday and Christmas shopping; a
charity Swish drive in mid December (one payee, thousands of new senders);
late-December trips abroad (Canary Islands, Thailand, the Alps, Norwegian ski
resorts) for 1-2 weeks, with card payments in EUR/THB/CHF/NOK in the
destination's time zone and app sessions over roaming (Swedish IP) or hotel
wifi (foreign IP); Oresund commuters in Malmo paying in DKK on weekdays;
summer-house rents (May-August, deposits Jan-Mar) and boat storage in autumn.
Genuine confounders: phone replacements (new device), browser cookie resets,
browser version drift, corporate NAT and campus IPs shared by many customers,
a few percent of customers on commercial VPN exits in Sweden, occasional large
transfers to new payees (car purchase, deposits), genuine crypto users.

The app update: at ~40 % of the run the bank ships Nordbank 7.0. Over ~10 days
about 70 % of app users re-install-key: a NEW device_id (UUID format instead of
``d-<hex>``) and a new user-agent format
(``Nordbank/7.0.x (iPhone; iOS 18.1; iPhone15,3) NBKit/3.0``); ~15 % get only
the new user agent; the rest stay on 6.x. It is population-wide, not fraud.

Fraud scenarios (``scenario`` column), ~0.3-0.6 % of rows
--------------------------------------------------------
* ``app_investment_scam`` - authorised push payment: the victim, on their own
  phone/network/hours, pays a fake trading platform 3-9 times over weeks with
  growing amounts: international EUR transfers to crypto-exchange IBANs, Swish
  or transfers to mules, sometimes pay-by-bank via a crypto TPP. Reported 1-8
  weeks after the last payment; ~25 % never.
* ``app_safe_account_scam`` - "bank security department" call: within an hour
  the victim (often a pensioner, own device and home IP, daytime) moves most
  savings to one or two new "safe accounts" (mules) in 1-4 large transfers.
  Reported within hours to 3 days.
* ``app_romance_scam`` - 3-10 growing payments over 3-8 weeks to one payee
  (foreign IBAN or mule phone), own device. ~45 % never reported, else 2-8
  weeks late.
* ``ato_rogue_tpp`` - phished BankID-like credentials used through a rogue
  passported TPP (``snabbkassa``) or an abused popular one: open_banking rows
  from the same shared data-centre IPs and TPP user agents as genuine PIS
  traffic, often at night, 1-4 quick payments (sometimes after a tiny test) to
  mule accounts or a TPP collection account. Only payee, amount, time,
  velocity and "this TPP is new for this customer" can give it away.
* ``cnp_stolen_card`` - stolen card numbers used at foreign high-risk online
  merchants (electronics, gift cards, crypto on-ramps, airlines) in
  USD/EUR/GBP from foreign residential/VPN IPs (some from Swedish VPN exits or
  residential proxies), unknown browser, often a small test first.
* ``sim_swap_new_device`` - the number is ported, a new device is enrolled
  (new device_id and model, current app version - so during the app update
  it looks like a re-keyed install), Swedish mobile IP, then 2-6 Swish and
  transfers to mules within ~2 hours. The real customer re-enrols a new
  device after reporting it.
* ``mule_ring`` - outgoing rows of customers who are money mules: they receive
  scam proceeds (some Swish/transfer payees of the scams above are mules'
  phone numbers/accounts) and forward 85-97 % within minutes to hours to
  other mules, crypto IBANs and ATM cash-outs, half the time from a
  controller device/IP shared by the whole ring. When a ring is busted all
  its forwarding rows are reported at that moment and the accounts go quiet;
  about a third of rings are never busted (never reported).
* ``friendly_fraud`` - first-party disputes: the customer's own device, IP,
  habits and usual merchants (gamers dispute batches of in-game purchases);
  labelled fraud when the dispute arrives 3-8 weeks later.

A scorer sees realistic features only: devices and networks in time, payees,
amounts, hours, locations; the labels (is_fraud, fraud_reported_at, scenario)
are never sent to it.
"""

import argparse
import bisect
import csv
import gzip
import heapq
import math
import os
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone

import numpy as np

FIELDS = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel",
          "ip", "device_id", "user_agent", "lat", "lon", "country", "city", "payee_id",
          "is_fraud", "fraud_reported_at", "scenario"]

DAY = 86400
HOUR = 3600
SCALE = 0.285  # global activity scale, tuned for ~285k rows at the defaults

FX = {"SEK": 1.0, "EUR": 11.1, "NOK": 0.95, "DKK": 1.49, "USD": 9.6, "GBP": 12.8,
      "THB": 0.29, "CHF": 11.9}

# name, lat, lon, weight
SE_CITIES = [
    ("Stockholm", 59.3293, 18.0686, 30), ("Göteborg", 57.7089, 11.9746, 12),
    ("Malmö", 55.6050, 13.0038, 8), ("Uppsala", 59.8586, 17.6389, 5),
    ("Västerås", 59.6099, 16.5448, 3), ("Örebro", 59.2753, 15.2134, 3),
    ("Linköping", 58.4108, 15.6214, 3), ("Helsingborg", 56.0465, 12.6945, 3),
    ("Jönköping", 57.7826, 14.1618, 3), ("Norrköping", 58.5877, 16.1924, 3),
    ("Lund", 55.7047, 13.1910, 3), ("Umeå", 63.8258, 20.2630, 3),
    ("Gävle", 60.6749, 17.1413, 2), ("Borås", 57.7210, 12.9401, 2),
    ("Sundsvall", 62.3908, 17.3069, 2), ("Luleå", 65.5848, 22.1547, 2),
    ("Karlstad", 59.4022, 13.5115, 2), ("Växjö", 56.8777, 14.8091, 2),
    ("Södertälje", 59.1955, 17.6253, 2), ("Visby", 57.6348, 18.2948, 1),
    ("Östersund", 63.1792, 14.6357, 1), ("Kiruna", 67.8558, 20.2253, 0.5),
]
CITY = {c[0]: c for c in SE_CITIES}
CAMPUS = {"Stockholm": "130.237", "Uppsala": "130.238", "Göteborg": "129.16",
          "Lund": "130.235", "Umeå": "130.239", "Linköping": "130.236", "Malmö": "194.47"}

FIXED_ISPS = [("telia", 38, ["78.64", "78.67", "81.224", "81.229", "90.224", "90.229", "213.64"]),
              ("tele2", 27, ["90.128", "83.248", "94.254", "217.208"]),
              ("telenor", 15, ["85.228", "83.254", "188.148"]),
              ("bahnhof", 12, ["79.136", "155.4", "46.59"]),
              ("ownit", 8, ["2.248", "95.192"])]
MOBILE_CARRIERS = [("telia", 35, "78.78"), ("tele2", 25, "90.129"),
                   ("telenor", 20, "188.150"), ("tre", 20, "2.67")]
VPN_EXITS = [("193.138.218", "SE", "Malmö"), ("185.65.134", "SE", "Stockholm"),
             ("185.213.154", "SE", "Göteborg"), ("146.70.117", "SE", "Stockholm")]
# data-centre ranges hosting the TPPs: prefix, country, city
DC_RANGES = [("13.48", "SE", "Stockholm"), ("13.53", "SE", "Stockholm"),
             ("16.170", "SE", "Stockholm"), ("20.91", "SE", "Gävle"),
             ("35.228", "FI", "Hamina"), ("95.216", "FI", "Helsinki"),
             ("18.192", "DE", "Frankfurt am Main"), ("52.209", "IE", "Dublin")]
FRAUD_NETS = [("185.220.101", "DE", "Frankfurt am Main"), ("45.142.212", "NL", "Amsterdam"),
              ("104.244.72", "US", "Ashburn"), ("89.187.160", "GB", "London"),
              ("41.190.31", "NG", "Lagos"), ("197.210.85", "NG", "Lagos"),
              ("95.25.90", "RU", "Moscow"), ("177.37.100", "BR", "São Paulo"),
              ("103.21.44", "VN", "Ho Chi Minh City"), ("5.188.62", "RU", "Saint Petersburg"),
              ("102.89.34", "NG", "Abuja"), ("185.107.56", "NL", "Amsterdam")]

# destination: country, city, lat, lon, currency, tz-kind, IP prefixes
DESTS = {
    "gran_canaria": ("ES", "Las Palmas", 28.1235, -15.4363, "EUR", "wet", ["88.26", "83.44"]),
    "tenerife": ("ES", "Adeje", 28.1227, -16.7260, "EUR", "wet", ["88.27", "79.148"]),
    "phuket": ("TH", "Phuket", 7.8804, 98.3923, "THB", "th", ["171.96", "49.228"]),
    "bangkok": ("TH", "Bangkok", 13.7563, 100.5018, "THB", "th", ["171.97", "58.8"]),
    "krabi": ("TH", "Krabi", 8.0863, 98.9063, "THB", "th", ["171.98"]),
    "st_anton": ("AT", "Sankt Anton am Arlberg", 47.1297, 10.2682, "EUR", "cet", ["83.64", "62.47"]),
    "val_thorens": ("FR", "Val Thorens", 45.2977, 6.5800, "EUR", "cet", ["90.3", "86.246"]),
    "chamonix": ("FR", "Chamonix-Mont-Blanc", 45.9237, 6.8694, "EUR", "cet", ["90.4"]),
    "zermatt": ("CH", "Zermatt", 46.0207, 7.7491, "CHF", "cet", ["178.197"]),
    "trysil": ("NO", "Trysil", 61.3153, 12.2646, "NOK", "cet", ["84.208"]),
    "oslo": ("NO", "Oslo", 59.9139, 10.7522, "NOK", "cet", ["84.209", "109.247"]),
    "copenhagen": ("DK", "Copenhagen", 55.6761, 12.5683, "DKK", "cet", ["87.49", "188.176"]),
    "berlin": ("DE", "Berlin", 52.5200, 13.4050, "EUR", "cet", ["91.64", "77.180"]),
    "london": ("GB", "London", 51.5074, -0.1278, "GBP", "wet", ["86.128", "81.96"]),
    "barcelona": ("ES", "Barcelona", 41.3874, 2.1686, "EUR", "cet", ["88.28"]),
    "tallinn": ("EE", "Tallinn", 59.4370, 24.7536, "EUR", "eet", ["90.190"]),
    "helsinki": ("FI", "Helsinki", 60.1699, 24.9384, "EUR", "eet", ["91.152"]),
    "new_york": ("US", "New York", 40.7128, -74.0060, "USD", "us", ["72.229"]),
}
XMAS_DESTS = [("gran_canaria", 22), ("tenerife", 15), ("phuket", 12), ("bangkok", 5),
              ("krabi", 6), ("st_anton", 8), ("val_thorens", 7), ("chamonix", 4),
              ("zermatt", 3), ("trysil", 6), ("berlin", 3), ("london", 4),
              ("copenhagen", 2), ("new_york", 3)]
CITY_BREAKS = [("copenhagen", 20), ("oslo", 12), ("berlin", 15), ("london", 15),
               ("barcelona", 12), ("tallinn", 8), ("helsinki", 8), ("new_york", 4)]

# POS categories: name, mcc, median SEK, sigma, weight, night-ok
POS_CATS = [("grocery", 5411, 280, 0.8, 40, False), ("restaurant", 5812, 190, 0.6, 12, False),
            ("cafe", 5814, 85, 0.5, 14, True), ("fuel", 5541, 620, 0.45, 6, True),
            ("pharmacy", 5912, 190, 0.6, 4, False), ("clothing", 5651, 550, 0.7, 5, False),
            ("electronics", 5732, 900, 1.0, 2, False), ("systembolaget", 5921, 320, 0.6, 5, False),
            ("transport", 4111, 45, 0.4, 6, True), ("diy", 5200, 480, 0.9, 3, False),
            ("bar", 5813, 240, 0.6, 4, True)]
ABROAD_CATS = [("restaurant", 5812, 380, 0.6, 30), ("grocery", 5411, 300, 0.8, 18),
               ("bar", 5813, 260, 0.6, 14), ("taxi", 4121, 250, 0.6, 8),
               ("souvenir", 5947, 220, 0.8, 8), ("clothing", 5651, 650, 0.8, 6),
               ("activity", 7941, 900, 0.8, 6), ("pharmacy", 5912, 160, 0.6, 4)]
NIGHT_CATS = [i for i, c in enumerate(POS_CATS) if c[5]]

DOW_FAC = {  # Mon..Sun
    "pos": [0.95, 0.95, 1.0, 1.05, 1.25, 1.3, 0.75],
    "ecom": [1.15, 1.1, 1.05, 1.0, 0.9, 0.8, 1.15],
    "atm": [0.9, 0.9, 0.95, 1.05, 1.3, 1.2, 0.6],
    "swish": [0.9, 0.9, 0.95, 1.0, 1.15, 1.2, 1.0],
    "transfer": [1.25, 1.1, 1.05, 1.0, 1.0, 0.6, 0.75],
    "pis": [1.25, 1.15, 1.1, 1.05, 1.0, 0.55, 0.55],
}
TYPES = ["pos", "ecom", "atm", "swish", "transfer", "pis"]
RATES = {  # events per customer-day before SCALE
    "student": (0.55, 0.14, 0.01, 0.45, 0.02, 0.03),
    "family": (0.75, 0.16, 0.02, 0.20, 0.06, 0.04),
    "pensioner": (0.30, 0.02, 0.04, 0.03, 0.04, 0.005),
    "business": (0.50, 0.14, 0.01, 0.12, 0.08, 0.30),
    "traveller": (0.60, 0.18, 0.03, 0.12, 0.05, 0.05),
    "gamer": (0.35, 0.55, 0.01, 0.15, 0.01, 0.06),
    "swisher": (0.20, 0.08, 0.01, 0.75, 0.02, 0.02),
    "single": (0.50, 0.14, 0.02, 0.15, 0.04, 0.04),
}
KINDS = [("student", 14), ("family", 27), ("pensioner", 14), ("business", 8),
         ("traveller", 8), ("gamer", 8), ("swisher", 10), ("single", 11)]
H_BASE = [0.25, 0.12, 0.06, 0.04, 0.04, 0.1, 0.35, 0.9, 1.4, 1.7, 1.9, 2.2, 2.6, 2.4,
          2.2, 2.3, 2.7, 3.1, 3.0, 2.6, 2.2, 1.7, 1.0, 0.5]
H_MULT = {
    "student": {0: 3, 1: 3, 2: 2.5, 7: 0.4, 8: 0.6, 20: 1.5, 21: 1.7, 22: 2.2, 23: 2.8},
    "pensioner": {0: .15, 1: .1, 2: .1, 3: .1, 4: .2, 5: .6, 6: 1.2, 7: 1.6, 8: 1.8, 9: 1.8,
                  10: 1.8, 11: 1.6, 12: 1.3, 13: 1.5, 14: 1.5, 15: 1.3, 19: .5, 20: .35,
                  21: .25, 22: .15, 23: .1},
    "business": {7: 1.4, 8: 1.6, 9: 1.5, 10: 1.4, 11: 1.3, 13: 1.3, 14: 1.3, 15: 1.3, 16: 1.2},
    "gamer": {0: 3, 1: 3.5, 2: 3, 3: 2, 8: .5, 9: .6, 19: 1.5, 20: 1.8, 21: 2, 22: 2.4, 23: 2.8},
    "family": {7: 1.3, 8: .9, 17: 1.2, 18: 1.2, 19: 1.1, 21: 1.2, 22: .9},
}

TPPS = [  # name, kind, user agent, device mode, popularity
    ("klirr", "checkout", "Klirr-PIS/4.2.0 (+https://klirr.example/psd2)", "none", 5),
    ("betalo", "checkout", "betalo-gateway/2.19.3", "tpp", 3),
    ("fyndpay", "checkout", "okhttp/4.12.0", "none", 2),
    ("nordcheckout", "checkout", "NordCheckout/1.8 (pis-connector)", "psu", 2),
    ("direktbetal", "checkout", "Apache-HttpClient/4.5.14 (Java/17.0.9)", "tpp", 1),
    ("bokfix", "accounting", "Bokfix-Bank/3.1.4", "tpp", 4),
    ("kontera", "accounting", "Kontera PSD2 Client/2.0", "psu", 3),
    ("reskontra", "accounting", "ReskontraOnline/5.6 (+psd2)", "none", 2),
    ("fakturaflow", "accounting", "python-requests/2.31.0", "none", 1),
    ("lonekoll", "accounting", "Lonekoll-Payments/1.2", "tpp", 1),
    ("sparo", "savings", "Sparo/2.4 (PIS; +https://sparo.example)", "psu", 3),
    ("fondkoll", "savings", "FondkollPIS/3.3.2", "none", 2),
    ("rundo", "roundup", "Rundo-Sweeper/1.0", "tpp", 1),
    ("pengakoll", "bills", "Pengakoll/6.0.1 (openbanking)", "psu", 2),
    ("budgetly", "bills", "Budgetly-PIS/1.9", "none", 1),
    ("hyrpay", "rent", "HyrPay/2.2", "tpp", 1),
    ("spelkassa", "gaming", "Spelkassa-Deposit/5.1", "none", 3),
    ("lootpay", "gaming", "LootPay/1.4 (+pay-by-bank)", "tpp", 2),
    ("oddsdirekt", "gaming", "okhttp/4.9.3", "none", 1),
    ("kryptokassa", "crypto", "Kryptokassa-Onramp/2.0", "none", 2),
    ("blockbro", "crypto", "Go-http-client/1.1", "none", 1),
    ("fakturapay", "bnpl", "FakturaPay/3.0", "tpp", 3),
    ("delbet", "bnpl", "Delbet-PIS/1.1", "psu", 1),
    ("resekassa", "checkout", "Resekassa/2.7 (travel pay-by-bank)", "none", 1),
    ("snabbkassa", "gaming", "Snabbkassa/1.0", "none", 0.15),  # rogue, passported EMI
]
TPP_PROB = {  # kind -> per customer-kind probability of using a TPP of that kind
    "checkout": {"student": .30, "family": .25, "pensioner": .02, "business": .25,
                 "traveller": .35, "gamer": .40, "swisher": .15, "single": .25},
    "accounting": {"business": .95, "single": .03},
    "savings": {"student": .08, "family": .18, "pensioner": .03, "business": .2,
                "traveller": .15, "gamer": .1, "swisher": .1, "single": .15},
    "roundup": {"student": .10, "family": .05, "single": .06, "gamer": .05, "swisher": .06},
    "bills": {"family": .07, "single": .07, "business": .05, "pensioner": .02, "traveller": .06},
    "rent": {"student": .10, "single": .05, "family": .03},
    "gaming": {"gamer": .55, "student": .10, "single": .08, "swisher": .04, "family": .02},
    "crypto": {"gamer": .10, "single": .06, "business": .05, "traveller": .04, "student": .04},
    "bnpl": {"student": .12, "family": .08, "single": .08, "gamer": .1, "swisher": .08},
}

ONLINE_DOMESTIC = [("fashion", 5691, 600, 0.7, 10), ("electronics", 5732, 1200, 1.0, 6),
                   ("food_delivery", 5814, 260, 0.4, 8), ("pharmacy", 5912, 300, 0.6, 5),
                   ("books", 5942, 220, 0.5, 4), ("travel", 4511, 1800, 0.8, 3),
                   ("tickets", 7922, 600, 0.6, 3), ("home", 5712, 900, 0.9, 4),
                   ("groceries", 5411, 900, 0.5, 4)]
ONLINE_FOREIGN = [("marketplace", 5999, "USD", "US", 18, 0.8, 5), ("marketplace_eu", 5999, "EUR", "DE", 40, 0.7, 5),
                  ("games_store", 5816, "EUR", "LU", 20, 0.7, 4), ("fashion_eu", 5691, "EUR", "NL", 60, 0.6, 3),
                  ("software", 5734, "USD", "IE", 12, 0.6, 3), ("hotel_booking", 7011, "EUR", "NL", 180, 0.7, 3)]
GAME_PRICES_SEK = [9.0, 19.0, 29.0, 49.0, 59.0, 99.0, 119.0, 249.0]
GAME_PRICES_EUR = [0.99, 1.99, 4.99, 9.99, 19.99]
CNP_MERCHANTS = [("electronics", 5732, 350, 0.7), ("gift_cards", 5999, 200, 0.6),
                 ("crypto_onramp", 6051, 400, 0.7), ("airline", 4511, 600, 0.5),
                 ("luxury", 5944, 700, 0.6), ("games_keys", 5816, 60, 0.6)]
BROWSERS = ["chrome_win", "chrome_win", "chrome_mac", "safari_mac", "firefox_win", "edge_win"]
IOS_MODELS = ["iPhone12,1", "iPhone13,2", "iPhone14,5", "iPhone14,2", "iPhone15,3", "iPhone15,4",
              "iPhone16,1", "iPhone16,2", "iPhone17,1", "iPhone17,3"]
ANDROID_MODELS = ["SM-S918B", "SM-S921B", "SM-A546B", "SM-A346B", "SM-G991B", "Pixel 7",
                  "Pixel 8", "Pixel 8a", "CPH2449", "moto g84 5G", "XQ-DQ54", "2201116SG"]


class W:
    """Weighted choice with a precomputed cumulative table."""
    __slots__ = ("items", "cum", "tot")

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        self.cum, t = [], 0.0
        for p in pairs:
            t += p[1]
            self.cum.append(t)
        self.tot = t

    def __call__(self, R):
        return self.items[bisect.bisect_right(self.cum, R.random() * self.tot)]


def last_weekday(y, m, wd):
    d = date(y, m + 1, 1) - timedelta(days=1) if m < 12 else date(y, 12, 31)
    while d.weekday() != wd:
        d -= timedelta(days=1)
    return d


def se_offset(x):
    return 2 if last_weekday(x.year, 3, 6) <= x < last_weekday(x.year, 10, 6) else 1


def is_holiday(x):
    if (x.month, x.day) in ((1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)):
        return True
    if x.month == 6 and 19 <= x.day <= 25 and x.weekday() == 4:  # midsummer eve
        return True
    return False


def is_bday(x):
    return x.weekday() < 5 and not is_holiday(x)


def prev_bday(x):
    while not is_bday(x):
        x -= timedelta(days=1)
    return x


def next_bday(x):
    while not is_bday(x):
        x += timedelta(days=1)
    return x


def payday(y, m):
    return prev_bday(date(y, m, 25))


def tz_off(kind, se_off):
    return {"cet": se_off, "wet": se_off - 1, "eet": se_off + 1, "th": 7, "us": se_off - 6}[kind]


class Cal:
    def __init__(self, start, days):
        self.start = datetime.strptime(start, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        self.d0 = self.start.date()
        self.t0 = int(self.start.timestamp())
        self.days = days
        self.t_end = self.t0 + days * DAY
        self.dates = [self.d0 + timedelta(days=i) for i in range(days)]
        self.dow = [x.weekday() for x in self.dates]
        self.se_off = [se_offset(x) for x in self.dates]
        self.bday = [is_bday(x) for x in self.dates]
        self.fac = {t: np.ones(days) for t in TYPES}
        for i, x in enumerate(self.dates):
            f = {t: DOW_FAC[t][x.weekday()] for t in TYPES}
            pd = payday(x.year, x.month)
            if x < pd:
                pm = (x.year, x.month - 1) if x.month > 1 else (x.year - 1, 12)
                pd = payday(*pm)
            ds = (x - pd).days
            if ds <= 3:
                for t, m in (("pos", 1.25), ("ecom", 1.3), ("swish", 1.15), ("transfer", 1.4), ("atm", 1.2)):
                    f[t] *= m
            elif ds >= 24:
                f["pos"] *= 0.88
                f["ecom"] *= 0.8
            bf = last_weekday(x.year, 11, 4)
            if x == bf:
                f["ecom"] *= 3.0
                f["pos"] *= 1.4
            elif bf - timedelta(days=4) <= x <= bf + timedelta(days=3):
                f["ecom"] *= 1.6
            if x.month == 12:
                if x.day <= 23:
                    f["pos"] *= 1.1 + 0.45 * x.day / 23.0
                    f["ecom"] *= 1.45 if x.day <= 18 else 0.9
                    f["swish"] *= 1.25
                elif x.day == 24:
                    f["pos"] *= 0.6
                    f["ecom"] *= 0.3
                    f["swish"] *= 1.6
                elif x.day == 25:
                    f["pos"] *= 0.3
                    f["ecom"] *= 0.5
                    f["transfer"] *= 0.3
                elif x.day == 26:
                    f["pos"] *= 0.9
                    f["ecom"] *= 1.7
                elif x.day == 31:
                    f["pos"] *= 1.3
                    f["swish"] *= 1.4
                else:
                    f["ecom"] *= 1.3
            if x.month == 1 and x.day == 1:
                f["pos"] *= 0.35
            if x.month == 7:
                f["pis"] *= 0.6
                f["transfer"] *= 0.8
            if not self.bday[i]:
                f["transfer"] *= 0.6
                f["pis"] *= 0.6
            for t in TYPES:
                self.fac[t][i] = f[t]

    def day_of(self, x):
        return (x - self.d0).days

    def ts(self, d, local_sec, off):
        return self.t0 + d * DAY + int(local_sec) - off * HOUR


class Cust:
    pass


class World:
    def __init__(self, seed, n, days, start):
        self.R = random.Random(seed)
        self.NR = np.random.default_rng(seed)
        self.cal = Cal(start, days)
        self.n, self.days = n, days
        self.rows = []
        self.used_ids = set()
        self.merchant_seq = 0
        self.pools = {}
        self.city_w = W([(c[0], c[3]) for c in SE_CITIES])
        self.fixed_isp = W([(x, x[1]) for x in FIXED_ISPS])
        self.carrier = W([(x, x[1]) for x in MOBILE_CARRIERS])
        self.pos_cat = W([(i, c[4]) for i, c in enumerate(POS_CATS)])
        self.abroad_cat = W([(i, c[4]) for i, c in enumerate(ABROAD_CATS)])
        self.kind_w = W(KINDS)
        self.upd_day = int(round(0.4 * days))
        self.upd_len = max(3, min(10, int(round(days / 12.0))))
        self.upd_t = self.cal.t0 + self.upd_day * DAY
        self._build_globals()

    # ----------------------------------------------------------- identifiers
    def hexid(self, n):
        return "%0*x" % (n, self.R.getrandbits(4 * n))

    def uuid(self):
        h = self.hexid(32)
        return "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) % 4] + h[17:20], h[20:])

    def phone(self):
        return "+467%s%07d" % (self.R.choice("02369"), self.R.randrange(10 ** 7))

    def se_acct(self, clearing=None):
        cl = clearing or self.R.choice(["3300", "5201", "6112", "8327-9", "9150", "9660", "3000", "9020"])
        return "se:%s-%d" % (cl, self.R.randrange(10 ** 8, 10 ** 10))

    def bg(self):
        return "bg:%d-%04d" % (self.R.randrange(100, 9999), self.R.randrange(10000))

    def pg(self):
        return "pg:%d-%d" % (self.R.randrange(10000, 9999999), self.R.randrange(10))

    def iban(self, cc):
        ln = {"LT": 16, "EE": 16, "GB": 18, "TR": 22, "MT": 27, "CY": 24, "GH": 18, "DE": 18}.get(cc, 18)
        return "iban:%s%02d%s" % (cc, self.R.randrange(10, 99), "".join(self.R.choice("0123456789") for _ in range(ln)))

    def merchant(self, mcc):
        self.merchant_seq += 1
        return "m-%d-%06d" % (mcc, self.merchant_seq)

    def pool(self, key, mcc, size):
        p = self.pools.get(key)
        if p is None:
            p = self.pools[key] = [self.merchant(mcc) for _ in range(max(2, int(size)))]
        return p

    def ip_in(self, prefix):
        parts = prefix.count(".")
        if parts == 1:
            return "%s.%d.%d" % (prefix, self.R.randrange(256), self.R.randrange(1, 255))
        return "%s.%d" % (prefix, self.R.randrange(1, 255))

    # --------------------------------------------------------------- globals
    def _build_globals(self):
        R = self.R
        self.tpps = []
        for i, (name, kind, ua, mode, pop) in enumerate(TPPS):
            rng_ = DC_RANGES[0] if name == "snabbkassa" else DC_RANGES[R.randrange(len(DC_RANGES))]
            third = [R.randrange(0, 6) for _ in range(2)]
            ips = ["%s.%d.%d" % (rng_[0], R.choice(third), R.randrange(2, 250)) for _ in range(R.randint(2, 6))]
            if kind == "crypto":
                coll = self.iban(R.choice(["LT", "EE", "MT"]))
            elif kind in ("checkout", "gaming", "bnpl"):
                coll = self.se_acct(R.choice(["9180", "9640", "9970"])) if R.random() < .6 else self.bg()
            elif kind == "savings":
                coll = self.se_acct("9550")
            else:
                coll = None
            self.tpps.append(dict(name=name, kind=kind, ua=ua, mode=mode, pop=pop, ips=ips,
                                  cc=rng_[1], city=rng_[2], coll=coll))
        self.tpp_by_kind = {}
        for t in self.tpps:
            if t["name"] != "snabbkassa":
                self.tpp_by_kind.setdefault(t["kind"], []).append(t)
        self.rogue = [t for t in self.tpps if t["name"] == "snabbkassa"][0]
        self.billers = {
            "electricity": [self.bg() for _ in range(8)], "phone": [self.bg() for _ in range(5)],
            "broadband": [self.bg() for _ in range(6)], "insurance": [self.bg() if R.random() < .7 else self.pg() for _ in range(8)],
            "csn": ["bg:5580-3001"], "daycare": [self.bg() for _ in range(30)], "gym": [self.pg() for _ in range(12)],
            "union": [self.pg() for _ in range(6)], "mortgage": [self.bg() for _ in range(5)],
        }
        self.housing = {c[0]: [self.bg() for _ in range(max(2, int(c[3] / 3)))] for c in SE_CITIES}
        self.skatteverket = "bg:5050-1055"
        self.charity = "1239004567"
        self.marinas = [self.bg() for _ in range(15)]
        self.online_dom = [(self.merchant(c[1]), c) for c in ONLINE_DOMESTIC for _ in range(5)]
        self.online_dom_w = W([(m, m[1][4]) for m in self.online_dom])
        self.online_for = [(self.merchant(c[1]), c) for c in ONLINE_FOREIGN for _ in range(3)]
        self.online_for_w = W([(m, m[1][6]) for m in self.online_for])
        self.game_platforms = [(self.merchant(5816), R.choice(["SE", "LU", "US", "IE"])) for _ in range(8)]
        self.subs = [(self.merchant(5815), "SE", p) for p in (99.0, 129.0, 179.0)] + \
                    [(self.merchant(5815), "IE", p) for p in (119.0, 149.0, 219.0)] + \
                    [(self.merchant(5815), "LU", p) for p in (89.0, 139.0)]
        self.cnp_merchants = [(self.merchant(c[1]), c, R.choice([("USD", "US"), ("EUR", "LT"), ("GBP", "GB"), ("EUR", "CY"), ("USD", "HK")])) for c in CNP_MERCHANTS for _ in range(6)]
        self.corp_nets = []
        for _ in range(40):
            city = self.city_w(R)
            pre = R.choice(["194.14", "193.12", "212.181", "62.20", "195.67"])
            self.corp_nets.append(([self.ip_in(pre) for _ in range(R.randint(1, 2))], city))
        self.campus_ips = {c: ["%s.%d.%d" % (p, R.randrange(1, 8), R.randrange(10, 30)) for _ in range(4)] for c, p in CAMPUS.items()}
        self.mobile_nets = {}
        for name, _, pre in MOBILE_CARRIERS:
            nets = []
            for k in range(48):
                hub = "Stockholm" if k < 28 else ("Göteborg" if k < 39 else "Malmö")
                nets.append(("%s.%d" % (pre, k * 3 + R.randrange(3)), hub))
            self.mobile_nets[name] = nets
        self.ext_fraud_payees = {"phone": [self.phone() for _ in range(12)],
                                 "acct": [self.se_acct() for _ in range(12)],
                                 "iban": [self.iban(R.choice(["LT", "EE", "MT", "CY"])) for _ in range(10)]}

    # ------------------------------------------------------------- customers
    def region_hub(self, city):
        _, lat, lon, _ = CITY[city]
        if lat < 56.5:
            return "Malmö"
        if lon < 14.5 and lat < 59.0:
            return "Göteborg"
        return "Stockholm"

    def app_ua(self, st):
        osname = "iOS" if st["ios"] else "Android"
        if st["enkel"]:
            return "NordbankEnkel/%s (%s %s; %s)" % (st["ver"], osname, st["osv"], st["model"])
        if st["ver"].startswith("7"):
            return "Nordbank/%s (%s; %s %s; %s) NBKit/3.0" % (st["ver"], "iPhone" if st["ios"] else "Android", osname, st["osv"], st["model"])
        return "Nordbank/%s (%s %s; %s)" % (st["ver"], osname, st["osv"], st["model"])

    def new_phone(self, st, ios=None):
        R = self.R
        st["ios"] = (R.random() < 0.55) if ios is None else ios
        st["model"] = R.choice(IOS_MODELS if st["ios"] else ANDROID_MODELS)
        st["osv"] = R.choice(["17.6", "18.0", "18.1"]) if st["ios"] else R.choice(["12", "13", "14", "14", "15"])

    def build_customers(self):
        R, NR, cal = self.R, self.NR, self.cal
        ids = R.sample(range(100000, 1000000), self.n)
        custs = []
        phones = set()
        for i in range(self.n):
            c = Cust()
            c.idx = i
            c.cid = "c-%d" % ids[i]
            c.kind = self.kind_w(R)
            c.city = self.city_w(R)
            c.lat, c.lon = CITY[c.city][1], CITY[c.city][2]
            c.act = float(NR.lognormal(-0.125, 0.5))
            isp = self.fixed_isp(R)
            c.home_ip = self.ip_in(R.choice(isp[2]))
            c.home_geo = c.city if R.random() < 0.75 else self.region_hub(c.city)
            c.carrier = self.carrier(R)[0]
            hub = self.region_hub(c.city)
            nets = self.mobile_nets[c.carrier]
            near = [x for x in nets if x[1] == hub] or nets
            c.mob_nets = [R.choice(near) for _ in range(3)] + [R.choice(nets)]
            while True:
                p = self.phone()
                if p not in phones:
                    phones.add(p)
                    break
            c.phone = p
            c.acct = self.se_acct("8470")
            k = c.kind
            c.app = R.random() < (0.5 if k == "pensioner" else 0.93)
            c.web = R.random() < (0.85 if k == "pensioner" else (0.5 if k in ("business", "family") else 0.3))
            if not c.app:
                c.web = True
            c.web_share = 0.85 if (k == "pensioner" or not c.app) else (0.35 if k in ("business", "family") else 0.12)
            c.gps = c.app and R.random() < 0.35
            c.vpn = R.random() < 0.035
            c.work = R.choice(self.corp_nets) if k in ("family", "single", "traveller", "business") and R.random() < 0.3 else None
            c.campus = self.campus_ips.get(c.city) if k == "student" and R.random() < 0.65 else None
            c.oresund = c.city in ("Malmö", "Lund", "Helsingborg") and k in ("family", "single", "traveller") and R.random() < 0.12
            # hours
            mult = H_MULT.get(k, {})
            hw = [H_BASE[h] * mult.get(h, 1.0) * R.lognormvariate(0, 0.35) for h in range(24)]
            c.hcum, t = [], 0.0
            for x in hw:
                t += x
                c.hcum.append(t)
            c.rates = [r * SCALE * c.act for r in RATES[k]]
            # favourites
            c.fav = {}
            for ci, cat in enumerate(POS_CATS):
                pool = self.pool((c.city, ci), cat[1], CITY[c.city][3] * cat[4] / 4.0)
                c.fav[ci] = R.sample(pool, min(len(pool), R.randint(1, 4)))
            c.online = [self.online_dom_w(R) for _ in range(R.randint(3, 7))]
            c.foreign_share = {"gamer": .35, "traveller": .25, "student": .15}.get(k, .07)
            c.browser = R.choice(BROWSERS)
            c.fp_mobile = "fp-" + self.hexid(12)
            c.fp_desk = "fp-" + self.hexid(12)
            c.games = R.sample(self.game_platforms, 2) if k in ("gamer", "student") or R.random() < .08 else []
            c.subs = []
            for _ in range(NR.poisson({"student": .8, "gamer": 1.3, "family": 1.0, "pensioner": .2}.get(k, .7))):
                s = R.choice(self.subs)
                if s not in c.subs:
                    c.subs.append((s, R.randint(1, 28)))
            if R.random() < (0.35 if k in ("student", "single", "family") else 0.15):
                c.subs.append(((self.pool(("gym", c.city), 7997, 4)[0], "SE", float(R.choice([349, 399, 449, 499, 599]))), R.randint(1, 28)))
            # bills: payee, amount, kind, method, due day
            c.bills = []
            rent_amt = {"student": 4800, "pensioner": 6500, "family": 11000}.get(k, 8500) * R.lognormvariate(0, .25)
            rent_payee = R.choice(self.housing[c.city]) if R.random() < .6 else self.bg()
            c.rent = (rent_payee, round(rent_amt, 0))
            c.bills.append((rent_payee, round(rent_amt, 0), "rent", "so" if R.random() < .45 else "manual", 28))
            for bk, med, pr in (("electricity", 700, .8), ("phone", 320, .7), ("broadband", 420, .55), ("insurance", 380, .7),
                                ("union", 450, .3 if k in ("family", "single") else 0), ("mortgage", 6000, .35 if k == "family" else .05),
                                ("csn", 1600, .5 if k == "single" else 0), ("daycare", 1500, .6 if k == "family" else 0)):
                if R.random() < pr:
                    py = R.choice(self.billers[bk])
                    c.bills.append((py, round(med * R.lognormvariate(0, .3), 2), bk,
                                    "so" if R.random() < .3 else "manual", R.choice([25, 27, 28, 30, 1])))
            c.bill_style = "pay" if R.random() < .7 else "due"
            # tpps
            c.tpps = []
            for tk, probs in TPP_PROB.items():
                if R.random() < probs.get(k, 0.01 if tk == "checkout" else 0):
                    cands = self.tpp_by_kind[tk]
                    t = W([(x, x["pop"]) for x in cands])(R)
                    c.tpps.append(t)
                    if tk == "accounting" and R.random() < .25:
                        c.tpps.append(R.choice(cands))
            if R.random() < 0.008:
                c.tpps.append(self.rogue)
            c.psu = "psu-" + self.hexid(16)
            c.suppliers = [self.bg() if R.random() < .8 else self.pg() for _ in range(R.randint(6, 18))] if any(t["kind"] == "accounting" for t in c.tpps) else []
            c.rundo_acct = self.se_acct("9580")
            c.savings_amt = round(R.choice([500, 1000, 1500, 2000, 3000, 5000]) * (1 if k != "student" else .3), 0)
            custs.append(c)
        self.custs = custs
        # social graph: Swish contacts (30 % other customers), households
        by_city = {}
        for c in custs:
            by_city.setdefault(c.city, []).append(c)
        for c in custs:
            c.partner = None
        for city, lst in by_city.items():
            fam = [c for c in lst if c.kind in ("family", "single", "pensioner")]
            R.shuffle(fam)
            for a, b in zip(fam[0::2], fam[1::2]):
                if R.random() < 0.5 and a.kind == b.kind:
                    a.partner, b.partner = b, a
                    b.home_ip, b.home_geo = a.home_ip, a.home_geo
        for c in custs:
            nc = {"student": 18, "swisher": 25, "family": 10, "pensioner": 4}.get(c.kind, 9)
            nc = max(2, int(nc * R.lognormvariate(0, .4)))
            local = by_city[c.city]
            cl = []
            for j in range(nc):
                if R.random() < 0.3:
                    o = R.choice(local) if R.random() < .7 else R.choice(custs)
                    if o is not c:
                        cl.append(o.phone)
                        continue
                cl.append(self.phone())
            if c.partner is not None:
                cl.insert(0, c.partner.phone)
            c.contacts = cl
            c.contact_w = W([(p, 1.0 / (j + 1) ** 0.9) for j, p in enumerate(cl)])
            c.accts = [self.se_acct() for _ in range(R.randint(1, 4))]
            if c.partner is not None:
                c.accts.insert(0, c.partner.acct)
        for c in custs:
            self.plan_trips(c)
            self.build_devices(c)

    def plan_trips(self, c):
        R, cal = self.R, self.cal
        c.trips = []
        # Christmas / New Year
        px = {"traveller": .7, "family": .22, "pensioner": .15, "single": .18, "business": .2, "student": .1}.get(c.kind, .1)
        years = sorted({x.year for x in cal.dates})
        for y in years:
            if R.random() < px:
                s = date(y, 12, 17) + timedelta(days=R.randint(0, 11))
                c.trips.append((cal.day_of(s), cal.day_of(s) + R.randint(7, 14), W(XMAS_DESTS)(R), R))
        # city breaks
        rate = {"traveller": 1 / 25.0, "business": 1 / 60.0, "single": 1 / 90.0}.get(c.kind, 1 / 150.0)
        d = int(R.expovariate(rate))
        while d < cal.days:
            L = R.randint(2, 4) if c.kind != "traveller" else R.randint(2, 6)
            c.trips.append((d, d + L, W(CITY_BREAKS)(R), R))
            d += L + int(R.expovariate(rate)) + 5
        # autumn half-term (week 44) for families
        if c.kind == "family" and R.random() < .12:
            for y in years:
                s = date(y, 10, 27) + timedelta(days=R.randint(0, 2))
                c.trips.append((cal.day_of(s), cal.day_of(s) + R.randint(4, 7), R.choice(["gran_canaria", "london", "berlin", "barcelona"]), R))
        c.abroad = {}
        c.trip_ip = {}
        for (a, b, dest, _) in c.trips:
            ip = self.ip_in(R.choice(DESTS[dest][6]))
            for dd in range(max(0, a), min(cal.days, b)):
                if dd not in c.abroad:
                    c.abroad[dd] = dest
                    c.trip_ip[dd] = ip

    def build_devices(self, c):
        """Timelines of (start_ts, device_id, ua) for the app, and cookie ids for the web."""
        R, cal = self.R, self.cal
        c.app_tl, c.app_ts = [], []
        if c.app:
            st = {"enkel": c.kind == "pensioner" and R.random() < .6}
            self.new_phone(st)
            st["ver"] = "3.1.%d" % R.randint(0, 4) if st["enkel"] else R.choice(["6.11.2", "6.12.0", "6.12.0", "6.12.1"])
            st["dev"] = "d-" + self.hexid(16)
            ev = []
            if R.random() < cal.days / 365.0 * 0.35:
                ev.append((cal.t0 + R.randrange(cal.days * DAY), "phone"))
            if st["ios"] and R.random() < .45:
                ev.append((cal.t0 + R.randrange(cal.days * DAY), "os"))
            if not st["enkel"] and R.random() < .6:
                ev.append((cal.t0 + int(cal.days * 0.15 * DAY) + R.randrange(5 * DAY), "minor"))
            if not st["enkel"]:
                u = R.random()
                when = self.upd_t + int(min(self.upd_len, R.expovariate(2.5 / self.upd_len)) * DAY) + R.randrange(DAY)
                if u < 0.70:
                    ev.append((when, "major_rekey"))
                elif u < 0.85:
                    ev.append((when, "major"))
            c.sim_reenrol = None
            ev.sort()
            c._dev_events = ev
            c._dev_state = st
            self.apply_dev_events(c)
        # web cookie ids
        c.web_tl, c.web_ts = [], []
        if c.web or True:
            t = cal.t0 - 30 * DAY
            c.web_tl.append(("wb-" + self.hexid(12)))
            c.web_ts.append(t)
            if R.random() < .3:
                t = cal.t0 + int(R.expovariate(1.0 / (45 * DAY)))
                while t < cal.t_end:
                    c.web_tl.append("wb-" + self.hexid(12))
                    c.web_ts.append(t)
                    t += int(R.expovariate(1.0 / (45 * DAY))) + DAY

    def apply_dev_events(self, c):
        st = dict(c._dev_state)
        c.app_tl = [(st["dev"], self.app_ua(st))]
        c.app_ts = [self.cal.t0 - 365 * DAY]
        for t, what in c._dev_events:
            if what == "phone" or what == "reenrol":
                self.new_phone(st, st["ios"] if self.R.random() < .8 else None)
                st["dev"] = (self.uuid() if st["ver"].startswith("7") else "d-" + self.hexid(16))
            elif what == "os":
                st["osv"] = "26.%d" % self.R.randint(0, 1)
            elif what == "minor":
                if st["ver"].startswith("6"):
                    st["ver"] = "6.12.2"
            elif what in ("major", "major_rekey"):
                st["ver"] = "7.0.%d" % self.R.choice([0, 1, 1, 2])
                if what == "major_rekey":
                    st["dev"] = self.uuid()
            c.app_tl.append((st["dev"], self.app_ua(st)))
            c.app_ts.append(t)

    def app_at(self, c, ts):
        return c.app_tl[bisect.bisect_right(c.app_ts, ts) - 1]

    def web_at(self, c, ts):
        return c.web_tl[max(0, bisect.bisect_right(c.web_ts, ts) - 1)]

    def browser_ua(self, c, ts, mobile=False, ios=None):
        wk = (ts - self.cal.t0) // (28 * DAY)
        chrome = 129 + wk
        if mobile:
            if ios:
                return "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
            return "Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % chrome
        b = c.browser
        if b == "chrome_win":
            return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % chrome
        if b == "chrome_mac":
            return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % chrome
        if b == "safari_mac":
            return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.%d Safari/605.1.15" % min(3, wk // 2)
        if b == "firefox_win":
            return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (131 + wk, 131 + wk)
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0" % (chrome, chrome)

    # --------------------------------------------------------------- networks
    def mobile_ip(self, c, any_carrier=False):
        R = self.R
        if any_carrier:
            pre, hub = R.choice(self.mobile_nets[self.carrier(R)[0]])
        else:
            pre, hub = R.choice(c.mob_nets)
        return "%s.%d" % (pre, R.randrange(1, 255)), "SE", hub

    def net(self, c, d, hour, app):
        R = self.R
        dest = c.abroad.get(d)
        if dest is not None:
            if app and R.random() < 0.55:
                return self.mobile_ip(c)  # roaming: home-routed, Swedish IP
            return c.trip_ip[d], DESTS[dest][0], DESTS[dest][1]
        if c.vpn and R.random() < (0.25 if app else 0.45):
            v = R.choice(VPN_EXITS[:2] if c.idx % 2 else VPN_EXITS[2:])
            return "%s.%d" % (v[0], R.randrange(2, 60)), v[1], v[2]
        wd = self.cal.bday[d] and 8 <= hour < 17
        if wd and c.work is not None and R.random() < (0.3 if app else 0.55):
            return R.choice(c.work[0]), "SE", c.work[1]
        if wd and c.campus is not None and R.random() < 0.45:
            return R.choice(c.campus), "SE", c.city
        if app:
            home = 0.65 if (hour >= 17 or hour < 8 or not self.cal.bday[d]) else 0.25
            if R.random() < home:
                return c.home_ip, "SE", c.home_geo
            return self.mobile_ip(c)
        if R.random() < 0.92:
            return c.home_ip, "SE", c.home_geo
        return self.mobile_ip(c)

    def gps(self, c, d):
        if not c.gps or self.R.random() > 0.65:
            return None, None
        dest = c.abroad.get(d)
        lat, lon = (DESTS[dest][2], DESTS[dest][3]) if dest else (c.lat, c.lon)
        return round(lat + self.R.gauss(0, 0.03), 4), round(lon + self.R.gauss(0, 0.05), 4)

    def session(self, c, d, ts, hour, prefer_web=False):
        """An app or internet-bank session: (channel, ip, device, ua, lat, lon, cc, city)."""
        R = self.R
        use_web = (not c.app) or (c.web and (prefer_web or R.random() < c.web_share))
        if use_web:
            ip, cc, city = self.net(c, d, hour, False)
            return ("web", ip, self.web_at(c, ts), self.browser_ua(c, ts), None, None, cc, city)
        ip, cc, city = self.net(c, d, hour, True)
        dev, ua = self.app_at(c, ts)
        lat, lon = self.gps(c, d)
        return ("mobile", ip, dev, ua, lat, lon, cc, city)

    def tpp_ctx(self, t, c):
        ip = self.R.choice(t["ips"])
        dev = None if t["mode"] == "none" else ("tpp-" + t["name"] if t["mode"] == "tpp" else c.psu[:12] + t["name"][:3])
        return ("open_banking", ip, dev, t["ua"], None, None, t["cc"], t["city"])

    # ------------------------------------------------------------------ rows
    def emit(self, ts, c, amount, cur, ctx, payee, fraud=0, rep=None, scen=""):
        if ts < self.cal.t0 or ts >= self.cal.t_end:
            return False
        amount = round(amount, 2)
        if amount < 0.01:
            amount = 1.0
        ch, ip, dev, ua, lat, lon, cc, city = ctx
        self.rows.append((int(ts), c.cid, amount, cur, ch, ip, dev, ua, lat, lon, cc, city, payee, fraud, rep, scen))
        return True

    def hour(self, c):
        return bisect.bisect_right(c.hcum, self.R.random() * c.hcum[-1])

    def local_ts(self, c, d, hour=None):
        """(ts, hour, tz offset) for an event of customer c on day d in their local time."""
        h = self.hour(c) if hour is None else hour
        dest = c.abroad.get(d)
        off = tz_off(DESTS[dest][5], self.cal.se_off[d]) if dest else self.cal.se_off[d]
        return self.cal.ts(d, h * HOUR + self.R.randrange(HOUR), off), h

    def genuine(self, c):
        R, NR, cal = self.R, self.NR, self.cal
        days = cal.days
        mods = None
        if c.abroad:
            mods = {t: np.ones(days) for t in TYPES}
            for dd in c.abroad:
                for t, m in (("pos", 1.35), ("ecom", .35), ("atm", 2.5), ("swish", .3), ("transfer", .5), ("pis", .3)):
                    mods[t][dd] = m
        counts = []
        for ti, t in enumerate(TYPES):
            r = c.rates[ti]
            if t == "pis" and not c.tpps:
                r = 0.0
            if t == "swish" and not c.app:
                r = 0.0
            lam = cal.fac[t] * r
            if mods is not None:
                lam = lam * mods[t]
            counts.append(NR.poisson(lam))
        counts = np.array(counts)
        for d in np.nonzero(counts.sum(axis=0))[0]:
            d = int(d)
            for ti in range(6):
                for _ in range(int(counts[ti, d])):
                    getattr(self, "g_" + TYPES[ti])(c, d)
        self.scheduled(c)

    def g_pos(self, c, d):
        R = self.R
        ts, h = self.local_ts(c, d)
        dest = c.abroad.get(d)
        if dest is not None:
            cc, city, _, _, cur = DESTS[dest][:5]
            ci = self.abroad_cat(R)
            cat = ABROAD_CATS[ci]
            m = R.choice(self.pool((dest, ci), cat[1], 25))
            amt = R.lognormvariate(math.log(cat[2]), cat[3]) / FX[cur]
            return self.emit(ts, c, amt, cur, ("pos", None, None, None, None, None, cc, city), m)
        ci = self.pos_cat(R)
        if (h < 6 or h >= 22) and ci not in NIGHT_CATS:
            ci = R.choice(NIGHT_CATS)
        if ci == 7 and (h < 10 or h >= 19 or self.cal.dow[d] == 6):
            ci = 0
        cat = POS_CATS[ci]
        city = c.city
        if c.oresund and self.cal.bday[d] and R.random() < .35:
            m = R.choice(self.pool(("copenhagen", 1), 5812, 30))
            amt = R.lognormvariate(math.log(cat[2]), cat[3]) / FX["DKK"]
            return self.emit(ts, c, amt, "DKK", ("pos", None, None, None, None, None, "DK", "Copenhagen"), m)
        if R.random() < 0.04:
            city = self.city_w(R)
            m = R.choice(self.pool((city, ci), cat[1], CITY[city][3] * cat[4] / 4.0))
        elif R.random() < 0.8:
            m = R.choice(c.fav[ci])
        else:
            m = R.choice(self.pool((city, ci), cat[1], 1))
        amt = R.lognormvariate(math.log(cat[2]), cat[3])
        if ci == 8:
            amt = R.choice([26.0, 39.0, 42.0, 45.0, 52.0, 970.0 if R.random() < .05 else 39.0])
        return self.emit(ts, c, amt, "SEK", ("pos", None, None, None, None, None, "SE", city), m)

    def g_atm(self, c, d):
        R = self.R
        ts, h = self.local_ts(c, d, R.choice([8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22]))
        dest = c.abroad.get(d)
        if dest is not None:
            cc, city, _, _, cur = DESTS[dest][:5]
            amt = R.choice([50, 100, 100, 150, 200, 300]) / (FX[cur] / FX["EUR"])
            amt = round(amt, -1) if cur in ("EUR", "CHF", "USD", "GBP") else round(amt, -2)
            return self.emit(ts, c, max(amt, 20.0), cur, ("atm", None, None, None, None, None, cc, city),
                             "atm-%s-%03d" % (cc.lower(), R.randrange(400)))
        amt = float(R.choice([200, 300, 400, 500, 500, 1000, 1000, 1500, 2000]))
        return self.emit(ts, c, amt, "SEK", ("atm", None, None, None, None, None, "SE", c.city),
                         "atm-%s-%02d" % (c.city[:3].lower(), R.randrange(25)))

    def g_ecom(self, c, d):
        R = self.R
        ts, h = self.local_ts(c, d)
        mobile = c.app and R.random() < 0.6
        ip, cc, city = self.net(c, d, h, mobile)
        ios = c.app and c.app_tl[0][1].find("iOS") >= 0
        ua = self.browser_ua(c, ts, mobile, ios)
        dev = (c.fp_mobile if mobile else c.fp_desk) if R.random() < 0.6 else None
        if R.random() < 0.2:  # merchant passed no browser data
            ip = ua = dev = None
        u = R.random()
        if c.games and u < (0.65 if c.kind == "gamer" else 0.3):
            m, mcc = R.choice(c.games)
            if mcc == "SE" or R.random() < .5:
                cur, amt = "SEK", R.choice(GAME_PRICES_SEK)
            else:
                cur, amt = "EUR", R.choice(GAME_PRICES_EUR)
            mcountry = mcc
        elif u < 0.65 + c.foreign_share * 0.35 and R.random() < c.foreign_share:
            m, cat = self.online_for_w(R)
            cur, mcountry = cat[2], cat[3]
            amt = R.lognormvariate(math.log(cat[4]), cat[5])
        else:
            m, cat = R.choice(c.online) if R.random() < .7 else self.online_dom_w(R)
            cur, mcountry = "SEK", "SE"
            amt = R.lognormvariate(math.log(cat[2]), cat[3])
            if cat[0] == "travel" and c.kind == "traveller":
                amt *= 2
        if ip is None:
            cc, city = mcountry, None
        return self.emit(ts, c, amt, cur, ("ecom", ip, dev, ua, None, None, cc, city), m)

    def g_swish(self, c, d):
        R = self.R
        ts, h = self.local_ts(c, d)
        ctx = self.session(c, d, ts, h)
        if ctx[0] != "mobile":
            dev, ua = self.app_at(c, ts)
            ip, cc, city = self.net(c, d, h, True)
            ctx = ("mobile", ip, dev, ua, None, None, cc, city)
        ctx = ("swish",) + ctx[1:]
        u = R.random()
        if u < 0.82:
            payee = c.contact_w(R)
            amt = R.choice([50, 100, 100, 150, 200, 200, 250, 300, 400, 500, 500, 1000]) if R.random() < .7 else R.lognormvariate(math.log(180), .8)
            if c.partner is not None and payee == c.partner.phone and R.random() < .4:
                amt = R.lognormvariate(math.log(1500), .7)
        elif u < 0.93:
            payee = self.phone()  # flea market / one-off person
            amt = R.lognormvariate(math.log(350), .9)
        else:
            payee = "123%07d" % R.randrange(10 ** 7)  # Swish merchant
            amt = R.lognormvariate(math.log(150), .7)
        return self.emit(ts, c, amt, "SEK", ctx, payee)

    def g_transfer(self, c, d):
        R = self.R
        ts, h = self.local_ts(c, d)
        ctx = self.session(c, d, ts, h)
        u = R.random()
        if u < 0.55:
            payee, amt = R.choice(c.accts), R.choice([500, 1000, 1500, 2000, 3000, 5000]) * R.choice([1, 1, 1, 2])
        elif u < 0.85:
            payee, amt = (self.bg() if R.random() < .6 else self.pg()), R.lognormvariate(math.log(900), 1.0)
        elif u < 0.985:
            payee, amt = self.se_acct(), R.lognormvariate(math.log(2500), 1.0)
        else:  # car, deposit, renovation: big transfer to a new payee
            payee, amt = self.se_acct(), R.lognormvariate(math.log(60000), .7)
        return self.emit(ts, c, float(amt), "SEK", ctx, payee)

    def g_pis(self, c, d):
        R = self.R
        tl = [t for t in c.tpps if t["kind"] not in ("savings", "roundup", "rent")]
        if not tl:
            return False
        t = R.choice(tl)
        k = t["kind"]
        if k == "accounting" and not self.cal.bday[d]:
            return False
        h = None
        if k == "accounting":
            h = R.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16])
        ts, h = self.local_ts(c, d, h)
        ctx = self.tpp_ctx(t, c)
        if k == "checkout":
            payee, amt = t["coll"], R.lognormvariate(math.log(450 if t["name"] != "resekassa" else 3500), .8)
        elif k == "accounting":
            dom = self.cal.dates[d].day
            if dom == 12 and R.random() < .5:
                payee, amt = self.skatteverket, R.lognormvariate(math.log(15000), .8)
            else:
                payee, amt = R.choice(c.suppliers), R.lognormvariate(math.log(6500), 1.0)
        elif k == "gaming":
            payee, amt = t["coll"], float(R.choice([100, 100, 200, 250, 500, 500, 1000]))
        elif k == "crypto":
            payee, amt = t["coll"], R.lognormvariate(math.log(1500), .9)
        elif k == "bnpl":
            payee, amt = t["coll"], R.lognormvariate(math.log(600), .7)
        else:  # bills via aggregator
            b = R.choice(c.bills)
            payee, amt = b[0], b[1]
        return self.emit(ts, c, amt, "SEK", ctx, payee)

    def scheduled(self, c):
        """Bills, standing orders, subscriptions, savings and seasonal one-offs."""
        R, cal = self.R, self.cal
        d0, d1 = cal.dates[0], cal.dates[-1]
        months = []
        y, m = d0.year, d0.month
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        while date(y, m, 1) <= d1 + timedelta(days=31):
            months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        has_rent_tpp = [t for t in c.tpps if t["kind"] == "rent"]
        for (y, m) in months:
            pd = payday(y, m) if c.kind != "pensioner" else prev_bday(date(y, m, 18))
            mlen = ((date(y + (m == 12), m % 12 + 1, 1)) - date(y, m, 1)).days
            for (payee, base, bk, meth, dom) in c.bills:
                amt = base
                if bk == "electricity":
                    amt *= {12: 1.7, 1: 1.8, 2: 1.6, 11: 1.35, 3: 1.3, 6: .6, 7: .55, 8: .6}.get(m, 1.0) * R.lognormvariate(0, .12)
                due = date(y, m, min(dom, mlen)) if dom != 1 else date(y, m, mlen) + timedelta(days=1)
                if meth == "so" or (bk == "rent" and has_rent_tpp):
                    x = next_bday(due)
                    di = cal.day_of(x)
                    if 0 <= di < cal.days:
                        if bk == "rent" and has_rent_tpp:
                            ts = cal.ts(di, R.randint(6, 9) * HOUR + R.randrange(HOUR), cal.se_off[di])
                            self.emit(ts, c, amt, "SEK", self.tpp_ctx(has_rent_tpp[0], c), payee)
                        else:
                            ts = cal.ts(di, 4 * HOUR + R.randrange(int(2.5 * HOUR)), cal.se_off[di])
                            self.emit(ts, c, amt, "SEK", ("standing_order", None, None, None, None, None, None, None), payee)
                    continue
                if c.bill_style == "pay":
                    x = pd + timedelta(days=min(6, int(R.expovariate(0.8))))
                else:
                    x = due - timedelta(days=R.randint(0, 3))
                di = cal.day_of(x)
                if 0 <= di < cal.days:
                    ts, h = self.local_ts(c, di)
                    self.emit(ts, c, amt, "SEK", self.session(c, di, ts, h, prefer_web=R.random() < .3), payee)
            # subscriptions (merchant-initiated card-on-file)
            for (s, dom) in c.subs:
                di = cal.day_of(date(y, m, min(dom, mlen)))
                if 0 <= di < cal.days:
                    ts = cal.t0 + di * DAY + R.randint(1, 7) * HOUR + R.randrange(HOUR)
                    self.emit(ts, c, s[2], "SEK", ("ecom", None, None, None, None, None, s[1], None), s[0])
            # savings via TPP on payday
            for t in c.tpps:
                if t["kind"] == "savings":
                    di = cal.day_of(pd + timedelta(days=R.randint(0, 2)))
                    if 0 <= di < cal.days:
                        ts, h = self.local_ts(c, di)
                        self.emit(ts, c, c.savings_amt, "SEK", self.tpp_ctx(t, c), t["coll"])
            # summer house: deposits Jan-Mar, rents May-Aug; boat storage Sep-Oct
            if c.kind in ("family", "pensioner", "single") and R.random() < (.05 if m in (1, 2, 3) else .06 if m in (5, 6, 7, 8) else 0):
                di = cal.day_of(date(y, m, R.randint(1, 28)))
                if 0 <= di < cal.days:
                    ts, h = self.local_ts(c, di)
                    amt = R.lognormvariate(math.log(3000 if m < 4 else 12000), .4)
                    self.emit(ts, c, round(amt, -2), "SEK", self.session(c, di, ts, h), self.se_acct())
            if m in (9, 10) and c.kind in ("family", "pensioner") and R.random() < .04:
                di = cal.day_of(date(y, m, R.randint(1, 28)))
                if 0 <= di < cal.days:
                    ts, h = self.local_ts(c, di)
                    self.emit(ts, c, R.lognormvariate(math.log(3500), .4), "SEK", self.session(c, di, ts, h), R.choice(self.marinas))
            # residual tax before 12 November
            if m == 11 and R.random() < .12:
                di = cal.day_of(date(y, 11, R.randint(1, 12)))
                if 0 <= di < cal.days:
                    ts, h = self.local_ts(c, di)
                    self.emit(ts, c, R.lognormvariate(math.log(4000), 1.0), "SEK", self.session(c, di, ts, h), self.skatteverket)
            # charity Swish drive, mid December
            if m == 12 and c.app and R.random() < .09:
                di = cal.day_of(date(y, 12, R.randint(13, 19)))
                if 0 <= di < cal.days:
                    ts, h = self.local_ts(c, di)
                    ctx = ("swish",) + self.session(c, di, ts, h)[1:]
                    if ctx[2] is not None and not ctx[2].startswith("wb-"):
                        self.emit(ts, c, float(R.choice([50, 100, 100, 200, 250, 500])), "SEK", ctx, self.charity)
            # Christmas gift Swish to relatives
            if m == 12 and c.app and R.random() < .3:
                for _ in range(R.randint(1, 3)):
                    di = cal.day_of(date(y, 12, R.randint(20, 24)))
                    if 0 <= di < cal.days:
                        self.g_swish(c, di)
        # round-up sweeps, weekly on Monday morning
        for t in c.tpps:
            if t["kind"] == "roundup":
                for di in range(cal.days):
                    if cal.dow[di] == 0:
                        ts = cal.ts(di, 2 * HOUR + R.randrange(HOUR), cal.se_off[di])
                        self.emit(ts, c, R.lognormvariate(math.log(90), .6), "SEK", self.tpp_ctx(t, c), c.rundo_acct)

    # ----------------------------------------------------------------- fraud
    def pick_victim(self, weights, need_app=False, exclude=None):
        R = self.R
        for _ in range(200):
            c = self.custs[R.randrange(self.n)]
            if need_app and not c.app:
                continue
            if exclude and c.cid in exclude:
                continue
            if R.random() < weights.get(c.kind, 0.5) / 6.0:
                return c
        return self.custs[R.randrange(self.n)]

    def plan(self):
        R, NR, cal = self.R, self.NR, self.cal
        f = self.n * cal.days / (5000.0 * 120.0)
        base = {"app_investment_scam": 22, "app_safe_account_scam": 30, "app_romance_scam": 12,
                "ato_rogue_tpp": 45, "cnp_stolen_card": 85, "sim_swap_new_device": 22,
                "friendly_fraud": 65}
        self.incidents = []
        for s, b in base.items():
            for _ in range(int(NR.poisson(b * f))):
                self.incidents.append(s)
        if not self.incidents:
            self.incidents.append(R.choice(["cnp_stolen_card", "app_safe_account_scam", "ato_rogue_tpp"]))
        R.shuffle(self.incidents)
        # mule rings
        self.rings = []
        self.mules = {}
        n_rings = int(round(2 * self.n / 5000.0)) if cal.days >= 30 else 0
        if n_rings == 0 and self.n >= 1000:
            n_rings = 1
        taken = set()
        for _ in range(n_rings):
            members = []
            for _ in range(R.randint(3, 6)):
                c = self.pick_victim({"student": 6, "swisher": 4, "single": 3, "gamer": 2}, need_app=True, exclude=taken)
                taken.add(c.cid)
                members.append(c)
            a = cal.days * R.uniform(0.2, 0.65)
            ring = dict(members=members, start=cal.t0 + int(a * DAY),
                        end=cal.t0 + int((a + R.uniform(12, 30)) * DAY),
                        ctrl_dev="d-" + self.hexid(16),
                        ctrl_ua="Nordbank/6.12.1 (Android 13; SM-A528B)",
                        ctrl_ips=[self.ip_in(R.choice(["90.128", "83.248", "78.64"])) for _ in range(2)],
                        ctrl_geo=R.choice(["Södertälje", "Stockholm", "Göteborg"]))
            ring["bust"] = (ring["start"] + int(R.uniform(8, 45) * DAY)) if R.random() < 0.65 else None
            self.rings.append(ring)
            for mc in members:
                self.mules[mc.phone] = (mc, ring)
                self.mules[mc.acct] = (mc, ring)
        self.mule_in = {}  # mule cid -> list of (ts, amount, depth)
        self.taken = taken
        # sim swaps are planned now: the victim re-enrols a device afterwards
        self.sims = []
        for s in [x for x in self.incidents if x == "sim_swap_new_device"]:
            v = self.pick_victim({"business": 5, "traveller": 4, "single": 3, "family": 2}, need_app=True, exclude=taken)
            if R.random() < 0.3:
                d = self.upd_day + R.randrange(self.upd_len)
            else:
                d = R.randrange(1, max(2, cal.days - 1))
            d = min(d, cal.days - 1)
            ts, h = self.local_ts(v, d, R.choice([17, 18, 19, 20, 21, 22, 23, 9, 13]))
            rep = None
            if R.random() < 0.92:
                rep = ts + int(R.uniform(1.5, 30) * HOUR)
                v._dev_events = sorted(v._dev_events + [(rep + int(R.uniform(2, 48) * HOUR), "reenrol")])
                self.apply_dev_events(v)
            self.sims.append((v, d, ts, rep))

    def fraud_payee(self, ts, kind):
        """A payee for scam proceeds: a mule of an active ring, or an external one."""
        R = self.R
        active = [r for r in self.rings if r["start"] <= ts < r["end"] and (r["bust"] is None or ts < r["bust"])]
        if active and R.random() < 0.6:
            m = R.choice(R.choice(active)["members"])
            return m.phone if kind == "phone" else m.acct
        if kind == "iban":
            return R.choice(self.ext_fraud_payees["iban"])
        if R.random() < 0.5:
            return R.choice(self.ext_fraud_payees[kind])
        return self.phone() if kind == "phone" else self.se_acct()

    def scam_row(self, ts, c, amt, cur, ctx, payee, rep, scen):
        if self.emit(ts, c, amt, cur, ctx, payee, 1, rep, scen) and payee in self.mules:
            mc, ring = self.mules[payee]
            self.mule_in.setdefault(mc.cid, []).append((ts + self.R.randint(2, 30), round(amt * FX[cur], 2), 0))

    def fraud(self):
        R, cal = self.R, self.cal
        for v, d, ts, rep in self.sims:
            self.f_sim_swap(v, d, ts, rep)
        for s in self.incidents:
            if s == "sim_swap_new_device":
                continue
            getattr(self, "f_" + s)()
        self.f_mules()
        for _ in range(20):  # tiny runs: make sure at least one fraud row exists
            if any(r[13] for r in self.rows):
                break
            getattr(self, "f_" + R.choice(["cnp_stolen_card", "app_safe_account_scam", "ato_rogue_tpp"]))()

    def rand_day(self, lo=1, tail=1):
        return self.R.randrange(min(lo, self.cal.days - 1), max(min(lo, self.cal.days - 1) + 1, self.cal.days - tail))

    def f_sim_swap(self, v, d, ts, rep):
        R = self.R
        pre = self.app_at(v, ts)
        ver = "7.0.2" if ts >= self.upd_t else "6.12.2"
        st = {"enkel": False, "ver": ver}
        self.new_phone(st)
        dev = self.uuid() if ver.startswith("7") else "d-" + self.hexid(16)
        ua = self.app_ua(st)
        if R.random() < 0.7:
            ip, cc, city = self.mobile_ip(v, any_carrier=True)
        else:
            city = R.choice(["Stockholm", "Södertälje", "Göteborg", "Malmö"])
            ip, cc = self.ip_in(R.choice(["90.128", "85.228", "78.67"])), "SE"
        t = ts
        for i in range(R.randint(2, 6)):
            t += R.randint(120, 1500)
            ctx = (R.choice(["swish", "mobile"]), ip if R.random() < .8 else self.mobile_ip(v, True)[0], dev, ua, None, None, cc, city)
            if ctx[0] == "swish":
                amt, payee = float(R.choice([15000, 20000, 30000, 50000, 9500, 25000])), self.fraud_payee(t, "phone")
            else:
                amt, payee = R.lognormvariate(math.log(40000), .7), self.fraud_payee(t, "acct")
            self.scam_row(t, v, amt, "SEK", ctx, payee, rep if rep is None or rep >= t else t + 3600, "sim_swap_new_device")

    def f_app_safe_account_scam(self):
        R = self.R
        v = self.pick_victim({"pensioner": 7, "family": 1.5, "single": 1.5, "business": 1}, exclude=self.taken)
        d = self.rand_day()
        ts, h = self.local_ts(v, d, R.choice([9, 10, 10, 11, 13, 14, 14, 15, 16, 17]))
        total = min(900000, R.lognormvariate(math.log(140000), .8))
        n = R.randint(1, 4)
        payees = [self.fraud_payee(ts, "acct") for _ in range(R.randint(1, 2))]
        prefer_web = v.web and R.random() < .6
        parts = sorted((R.random() + .3 for _ in range(n)), reverse=True)
        t = ts
        rows = []
        for i in range(n):
            t += R.randint(180, 1500)
            ctx = self.session(v, d, t, h, prefer_web=prefer_web)
            amt = total * parts[i] / sum(parts)
            payee = R.choice(payees)
            if i == 0 and v.app and R.random() < .25:
                ctx = ("swish",) + self.session(v, d, t, h)[1:]
                payee, amt = self.fraud_payee(t, "phone"), min(amt, 150000)
                if ctx[2] is None or ctx[2].startswith("wb-"):
                    dev, ua = self.app_at(v, t)
                    ctx = ("swish", ctx[1], dev, ua, None, None, ctx[6], ctx[7])
            rows.append((t, round(amt, -2) if R.random() < .7 else amt, ctx, payee))
        rep = t + int(R.lognormvariate(math.log(8 * HOUR), 1.0)) if R.random() < .95 else None
        for t, amt, ctx, payee in rows:
            self.scam_row(t, v, amt, "SEK", ctx, payee, rep, "app_safe_account_scam")

    def f_app_investment_scam(self):
        R = self.R
        v = self.pick_victim({"single": 3, "family": 2, "pensioner": 2.5, "business": 2.5, "traveller": 1}, exclude=self.taken)
        d = self.rand_day(1, 3)
        n = R.randint(3, 9)
        amt0 = R.uniform(2000, 6000)
        iban = self.fraud_payee(0, "iban")
        tpp = R.choice(self.tpp_by_kind["crypto"])
        rows = []
        for i in range(n):
            if d >= self.cal.days:
                break
            ts, h = self.local_ts(v, d)
            amt = amt0 * (1.45 ** i) * R.uniform(.8, 1.2)
            u = R.random()
            if u < .45:
                ctx, payee, cur, amt = self.session(v, d, ts, h), iban, "EUR", amt / FX["EUR"]
            elif u < .7 and v.app:
                ctx = ("swish",) + self.session(v, d, ts, h)[1:]
                if ctx[2] is None or ctx[2].startswith("wb-"):
                    dev, ua = self.app_at(v, ts)
                    ctx = ("swish", ctx[1], dev, ua, None, None, ctx[6], ctx[7])
                payee, cur, amt = self.fraud_payee(ts, "phone"), "SEK", min(amt, 150000)
            elif u < .85:
                ctx, payee, cur = self.tpp_ctx(tpp, v), tpp["coll"], "SEK"
            else:
                ctx, payee, cur = self.session(v, d, ts, h), self.fraud_payee(ts, "acct"), "SEK"
            rows.append((ts, amt, cur, ctx, payee))
            d += R.randint(2, 9)
        if not rows:
            return
        last = max(r[0] for r in rows)
        rep = last + int(R.uniform(7, 56) * DAY) if R.random() < .75 else None
        for ts, amt, cur, ctx, payee in rows:
            self.scam_row(ts, v, amt, cur, ctx, payee, rep, "app_investment_scam")

    def f_app_romance_scam(self):
        R = self.R
        v = self.pick_victim({"pensioner": 4, "single": 5, "family": .5}, exclude=self.taken)
        d = self.rand_day(1, 3)
        mule = R.random() < .45 and v.app
        payee = self.fraud_payee(self.cal.t0 + d * DAY, "phone") if mule else self.iban(R.choice(["GB", "TR", "GH", "DE"]))
        cur = "SEK" if mule else R.choice(["EUR", "GBP", "SEK"])
        amt0 = R.uniform(1500, 5000)
        rows = []
        for i in range(R.randint(3, 10)):
            if d >= self.cal.days:
                break
            ts, h = self.local_ts(v, d)
            ctx = self.session(v, d, ts, h)
            if mule:
                dev, ua = self.app_at(v, ts)
                ctx = ("swish", ctx[1], dev, ua, ctx[4], ctx[5], ctx[6], ctx[7])
            amt = amt0 * (1.3 ** i) * R.uniform(.7, 1.3)
            rows.append((ts, amt / FX[cur], ctx))
            d += R.randint(3, 8)
        if not rows:
            return
        rep = max(r[0] for r in rows) + int(R.uniform(14, 56) * DAY) if R.random() < .55 else None
        for ts, amt, ctx in rows:
            self.scam_row(ts, v, amt, cur, ctx, payee, rep, "app_romance_scam")

    def f_ato_rogue_tpp(self):
        R = self.R
        v = self.pick_victim({"pensioner": 2, "student": 1.5, "family": 1, "single": 1.2}, exclude=self.taken)
        d = self.rand_day()
        h = R.choice([22, 23, 0, 1, 2, 3]) if R.random() < .45 else None
        ts, h = self.local_ts(v, d, h)
        if R.random() < .4:
            t = self.rogue
        elif R.random() < .3 and v.tpps:
            t = R.choice(v.tpps)
        else:
            t = R.choice(self.tpp_by_kind["checkout"] + self.tpp_by_kind["bills"] + self.tpp_by_kind["crypto"])
        rows = []
        if R.random() < .25:
            rows.append((ts, float(R.choice([1, 1, 2, 5, 10])), self.fraud_payee(ts, "acct")))
        for i in range(R.randint(1, 4)):
            ts += R.randint(60, 1200)
            if t["coll"] is not None and R.random() < .4:
                payee = t["coll"]
            else:
                payee = self.fraud_payee(ts, "acct")
            rows.append((ts, R.lognormvariate(math.log(18000), .7), payee))
        rep = ts + int(R.uniform(2 * HOUR, 7 * DAY)) if R.random() < .88 else None
        for t_, amt, payee in rows:
            self.scam_row(t_, v, amt, "SEK", self.tpp_ctx(t, v), payee, rep, "ato_rogue_tpp")

    def f_cnp_stolen_card(self):
        R = self.R
        v = self.pick_victim({"gamer": 2, "traveller": 2, "pensioner": .7})
        d = self.rand_day()
        ts, h = self.local_ts(v, d, R.randrange(24))
        u = R.random()
        if u < .75:
            pre, cc, city = R.choice(FRAUD_NETS)
            ipf = lambda: "%s.%d" % (pre, R.randrange(2, 254))
        elif u < .88:
            vx = R.choice(VPN_EXITS)
            cc, city = vx[1], vx[2]
            ipf = lambda: "%s.%d" % (vx[0], R.randrange(2, 60))
        else:
            cc, city = "SE", self.city_w(R)
            isp = R.choice(FIXED_ISPS)[2]
            ipf = lambda: self.ip_in(R.choice(isp))
        ua = R.choice([
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            self.browser_ua(v, ts)])
        dev = "fp-" + self.hexid(12) if R.random() < .5 else None
        rows = []
        ms = R.sample(self.cnp_merchants, 3)
        if R.random() < .4:
            m = ms[0]
            rows.append((ts, R.uniform(1, 5), m[2][0], m[0]))
        for i in range(R.randint(1, 5)):
            ts += R.randint(120, 5 * HOUR) if R.random() < .8 else R.randint(DAY // 2, 2 * DAY)
            m = R.choice(ms)
            cur = m[2][0]
            rows.append((ts, R.lognormvariate(math.log(m[1][2]), m[1][3]) * FX["USD"] / FX[cur], cur, m[0]))
        small = all(r[1] < 50 for r in rows)
        rep = ts + int(R.uniform(3, 45) * DAY) if R.random() < (.5 if small else .82) else None
        ip = ipf()
        for t, amt, cur, m in rows:
            if R.random() < .3:
                ip = ipf()
            self.emit(t, v, amt, cur, ("ecom", ip, dev, ua, None, None, cc, city), m, 1, rep, "cnp_stolen_card")

    def f_friendly_fraud(self):
        R = self.R
        v = self.pick_victim({"gamer": 4, "student": 2, "family": 1.5, "single": 1})
        d = self.rand_day()
        start = len(self.rows)
        games = bool(v.games) and R.random() < .6
        n = R.randint(2, 6) if games else R.randint(1, 2)
        big = [m for m in self.online_dom if m[1][0] in ("electronics", "fashion", "travel", "home", "tickets")]
        for i in range(n):
            dd = min(self.cal.days - 1, d + (R.randint(0, 2) if games else i))
            if not self.g_ecom(v, dd):
                continue
            r = self.rows[-1]
            if games:  # disputed in-game purchases ("my kid did it")
                m, mcc = R.choice(v.games)
                cur, amt = ("SEK", R.choice(GAME_PRICES_SEK[3:])) if R.random() < .6 else ("EUR", R.choice(GAME_PRICES_EUR[1:]))
            else:  # "item never arrived" / "I did not buy this"
                m, cat = R.choice([x for x in v.online if x in big] or big)
                mcc, cur = "SE", "SEK"
                amt = min(25000.0, R.lognormvariate(math.log(cat[2] * 2.5), .6))
            cc, city = (r[10], r[11]) if r[5] is not None else (mcc, None)
            self.rows[-1] = r[:2] + (round(amt, 2), cur) + r[4:10] + (cc, city, m)
        new = self.rows[start:]
        if not new:
            return
        rep = max(r[0] for r in new) + int(R.uniform(20, 60) * DAY)
        self.rows[start:] = [r[:13] + (1, rep, "friendly_fraud") for r in new]

    def f_mules(self):
        R, cal = self.R, self.cal
        # external incoming to mules (victims at other banks)
        for ring in self.rings:
            for mc in ring["members"]:
                t = ring["start"] + int(R.expovariate(0.3 / DAY))
                while t < ring["end"]:
                    self.mule_in.setdefault(mc.cid, []).append((t, round(R.lognormvariate(math.log(12000), .7), 0), 0))
                    t += int(R.expovariate(0.3 / DAY)) + 600
        by_cid = {mc.cid: (mc, ring) for ring in self.rings for mc in ring["members"]}
        queue = [(ts, cid, amt, dep) for cid, lst in self.mule_in.items() for (ts, amt, dep) in lst]
        heapq.heapify(queue)
        while queue:
            ts, cid, amt, dep = heapq.heappop(queue)
            mc, ring = by_cid[cid]
            if ts >= ring["end"] or (ring["bust"] is not None and ts >= ring["bust"]):
                continue
            rep = ring["bust"]
            t = ts + int(R.uniform(3, 180) * 60)
            left = amt * R.uniform(.85, .97)
            for k in range(R.randint(1, 3)):
                part = left if k == 2 else left * R.uniform(.4, 1.0)
                left -= part
                if part < 200:
                    break
                d = (t - cal.t0) // DAY
                if d >= cal.days:
                    break
                hour = ((t - cal.t0) % DAY) // HOUR
                if R.random() < .55:
                    ctx = ("mobile", R.choice(ring["ctrl_ips"]), ring["ctrl_dev"], ring["ctrl_ua"], None, None, "SE", ring["ctrl_geo"])
                else:
                    dev, ua = self.app_at(mc, t)
                    ip, cc, city = self.net(mc, d, hour, True)
                    ctx = ("mobile", ip, dev, ua, None, None, cc, city)
                u = R.random()
                others = [m for m in ring["members"] if m is not mc]
                if u < .35:
                    ctx = ("swish",) + ctx[1:]
                    part = min(part, 150000)
                    if others and dep < 2 and R.random() < .4:
                        o = R.choice(others)
                        payee = o.phone
                        heapq.heappush(queue, (t + R.randint(2, 30), o.cid, part, dep + 1))
                    else:
                        payee = self.phone()
                    self.emit(t, mc, part, "SEK", ctx, payee, 1, rep, "mule_ring")
                elif u < .75:
                    if R.random() < .6:
                        self.emit(t, mc, part / FX["EUR"], "EUR", ctx, R.choice(self.ext_fraud_payees["iban"]), 1, rep, "mule_ring")
                    else:
                        self.emit(t, mc, part, "SEK", ctx, self.se_acct(), 1, rep, "mule_ring")
                elif u < .88:
                    amt_c = float(min(5000, max(500, round(part, -2))))
                    self.emit(t, mc, amt_c, "SEK", ("atm", None, None, None, None, None, "SE", mc.city),
                              "atm-%s-%02d" % (mc.city[:3].lower(), R.randrange(25)), 1, rep, "mule_ring")
                else:
                    tp = R.choice(self.tpp_by_kind["crypto"])
                    self.emit(t, mc, part, "SEK", self.tpp_ctx(tp, mc), tp["coll"], 1, rep, "mule_ring")
                t += R.randint(60, 1800)
        # busted rings: accounts frozen, nothing after the bust
        self.frozen = {}
        for ring in self.rings:
            if ring["bust"] is not None:
                for mc in ring["members"]:
                    self.frozen[mc.cid] = ring["bust"]

    # ---------------------------------------------------------------- output
    def run(self):
        self.build_customers()
        self.plan()
        for c in self.custs:
            self.genuine(c)
        self.fraud()
        rows = self.rows
        if self.frozen:
            rows = [r for r in rows if not (r[1] in self.frozen and r[0] >= self.frozen[r[1]])]
        rows.sort(key=lambda r: r[0])
        self.rows = rows
        return rows


def iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def write(rows, path, R):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    used = set()
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(FIELDS)
        for r in rows:
            while True:
                tx = "tx-%012x" % R.getrandbits(48)
                if tx not in used:
                    used.add(tx)
                    break
            ts, cid, amt, cur, ch, ip, dev, ua, lat, lon, cc, city, payee, fr, rep, scen = r
            w.writerow([tx, cid, iso(ts), "%.2f" % amt, cur, ch, ip or "", dev or "", ua or "",
                        "" if lat is None else "%.4f" % lat, "" if lon is None else "%.4f" % lon,
                        cc or "", city or "", payee or "", fr,
                        iso(max(rep, ts)) if (fr and rep is not None) else "", scen if fr else ""])


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.openbank",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=5000)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--start", default="2025-09-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-openbank.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    t0 = time.time()
    world = World(a.seed, a.customers, a.days, a.start)
    rows = world.run()
    write(rows, a.out, random.Random(a.seed * 7919 + 1))
    n = len(rows)
    fr = [r for r in rows if r[13]]
    per = {}
    for r in fr:
        per[r[15]] = per.get(r[15], 0) + 1
    rep = sum(1 for r in fr if r[14] is not None)
    err = sys.stderr
    print("openbank: wrote %s in %.1fs" % (a.out, time.time() - t0), file=err)
    print("  rows %d, customers %d, days %d, app update day %d (+%d d rollout)"
          % (n, len({r[1] for r in rows}), a.days, world.upd_day, world.upd_len), file=err)
    print("  fraud rows %d (%.3f %%)" % (len(fr), 100.0 * len(fr) / max(1, n)), file=err)
    for s in sorted(per):
        print("    %-24s %d" % (s, per[s]), file=err)
    print("  fraud reported %.1f %%" % (100.0 * rep / max(1, len(fr))), file=err)


if __name__ == "__main__":
    main()
