"""World "momo": an East African mobile-money service (M-Pesa-like, Kenya, KES).

Data card
---------
What: outgoing payments made BY the customers of a Kenyan mobile-money wallet
(send money, Paybill, Buy Goods till, agent cash-out, airtime/bundles), one row
a payment, in the riskgate replay format, labelled with ``is_fraud``,
``fraud_reported_at`` and ``scenario``. Timestamps are East Africa Time
(``+03:00``), amounts whole shillings (the service has no cents), currency KES.
Agents, tills, billers and people on other networks are payees, never customers.

Channels. Most customers have basic feature phones and pay through the USSD /
SIM-toolkit menu (``ussd``): no IP, no user agent, no location, but the operator
knows the handset, so ``device_id`` is an IMEI that changes when the SIM moves to
another phone (new handset, borrowed phone, household phone shared by several
SIMs, dual-SIM slot swap giving the phone's second IMEI). Smartphone owners use
the ``app`` (or still the SIM menu): same handset id, an app user agent that
follows app releases, addresses from mobile carrier-grade NAT pools shared by very
many customers (a minority on per-subscriber IPv6, on a second SIM's data, or on
home fibre), GPS only for some who allowed it. A few businesses pay from the
web portal (``web``: office IP, browser) or through the API (``api``: server IP,
no device), e.g. bulk salary and loan disbursements.

Population (shares of customers): urban workers (salaried, month-end payday,
rent, upcountry remittances), casual workers (weekly pay), rural recipients who
mostly cash out, small traders (supplier payments, many tills), boda-boda riders
(fuel tills, daily bike-loan repayments, betting), students (bundles, betting),
elderly (few payments, shared phones, agent help), farmers (agro-inputs at the
short-rains planting), salaried professionals (app, supermarkets, bank, big
school fees), and businesses. Kin groups link customers (remittances go to
customers who cash them out), chamas (savings groups) and funeral/medical
harambees make many customers pay one treasurer.

Calendar: weekday commuting, weekend betting and church Paybills, month-end
payday bursts (rent, remittances, loans, bank), school-fee spikes around term
starts (Jan, late Apr, late Aug), Kenyan public holidays and long weekends,
Christmas/Easter travel upcountry (location, agents and tills change),
occasional emergencies (hospital bills, funerals: many new payees in a day).
Limits: 250,000 KES per payment, 500,000 KES a day per customer.

Fraud scenarios (``scenario``): ``sim_swap_takeover`` (new handset suddenly, victim
off the network, draining to mules, ring tills and colluding agents within
hours), ``stolen_phone_pin`` (victim's own handset, evening/night, rapid
transfers, airtime and cash-outs until the line is blocked), ``wrong_number_reversal``
("please send it back": victim pays a stranger from own phone),
``fake_care_prize`` (fake customer care / promotion fees to a till or Paybill
shared by many victims), ``fake_investment`` (Ponzi / betting-tips schemes:
growing payments over weeks to one payee, reported after the collapse),
``loan_app_fee`` (advance fees for a loan that never comes),
``agent_collusion`` (an agent's assistant helping an elderly customer makes
extra withdrawals or transfers with their phone and PIN), ``mule_forwarding``
(customers who receive scam money and forward it within minutes to other mules,
agents and tills; their outgoing payments are the fraud, the account is frozen
once flagged). Fraud rings share mule numbers, colluding agents, scam tills,
handsets and sometimes a fixed IP across cases. Reports come from hours
(SIM swap, stolen phone) to weeks (agent collusion, schemes); a share of every
scenario is never reported.

Run: ``python -m benchmarks.worlds.momo --seed 7 --customers 8000 --days 90
--start 2025-09-01 --out world-momo.csv.gz``. Everything here is invented from
general domain knowledge; identifiers and address ranges are synthetic.
"""
from __future__ import annotations

import argparse
import bisect
import calendar as _calendar
import csv
import gzip
import heapq
import math
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

EAT = 3 * 3600                 # East Africa Time, UTC+3, no daylight saving
DAY = 86400
TXN_LIMIT = 250_000
DAILY_LIMIT = 500_000
CURRENCY = "KES"
RATE_SCALE = 0.75              # global calibration of everyday activity

# --------------------------------------------------------------------------- geography


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    country: str
    region: str                # mobile-network region (CGNAT pool)
    kind: str                  # city | rural | foreign
    radius: float              # degrees, spread of homes around the centre


TOWNS: tuple[Town, ...] = (
    Town("Nairobi", -1.2864, 36.8172, "KE", "nbi", "city", 0.07),
    Town("Mombasa", -4.0435, 39.6682, "KE", "coast", "city", 0.04),
    Town("Kisumu", -0.0917, 34.7680, "KE", "west", "city", 0.035),
    Town("Nakuru", -0.3031, 36.0800, "KE", "rift", "city", 0.035),
    Town("Eldoret", 0.5143, 35.2698, "KE", "rift", "city", 0.035),
    Town("Thika", -1.0333, 37.0693, "KE", "nbi", "city", 0.03),
    Town("Kakamega", 0.2827, 34.7519, "KE", "west", "rural", 0.06),
    Town("Bungoma", 0.5635, 34.5606, "KE", "west", "rural", 0.06),
    Town("Kisii", -0.6817, 34.7667, "KE", "west", "rural", 0.05),
    Town("Homa Bay", -0.5273, 34.4571, "KE", "west", "rural", 0.06),
    Town("Migori", -1.0634, 34.4731, "KE", "west", "rural", 0.06),
    Town("Siaya", 0.0607, 34.2881, "KE", "west", "rural", 0.06),
    Town("Busia", 0.4608, 34.1115, "KE", "west", "rural", 0.04),
    Town("Kericho", -0.3677, 35.2831, "KE", "rift", "rural", 0.05),
    Town("Kitale", 1.0157, 35.0062, "KE", "rift", "rural", 0.06),
    Town("Narok", -1.0783, 35.8601, "KE", "rift", "rural", 0.07),
    Town("Nyahururu", 0.0421, 36.3673, "KE", "rift", "rural", 0.05),
    Town("Naivasha", -0.7167, 36.4333, "KE", "rift", "rural", 0.04),
    Town("Nyeri", -0.4201, 36.9476, "KE", "nbi", "rural", 0.05),
    Town("Murang'a", -0.7210, 37.1526, "KE", "nbi", "rural", 0.05),
    Town("Kerugoya", -0.4989, 37.2803, "KE", "nbi", "rural", 0.04),
    Town("Meru", 0.0470, 37.6559, "KE", "east", "rural", 0.06),
    Town("Embu", -0.5310, 37.4506, "KE", "east", "rural", 0.05),
    Town("Machakos", -1.5177, 37.2634, "KE", "east", "rural", 0.05),
    Town("Kitui", -1.3670, 38.0106, "KE", "east", "rural", 0.07),
    Town("Garissa", -0.4532, 39.6461, "KE", "east", "rural", 0.04),
    Town("Malindi", -3.2192, 40.1169, "KE", "coast", "rural", 0.04),
    Town("Kilifi", -3.6305, 39.8499, "KE", "coast", "rural", 0.05),
    Town("Voi", -3.3961, 38.5561, "KE", "coast", "rural", 0.04),
    Town("Kampala", 0.3476, 32.5825, "UG", "nbi", "foreign", 0.04),
    Town("Arusha", -3.3869, 36.6830, "TZ", "nbi", "foreign", 0.03),
)
CITY_IDX = [i for i, t in enumerate(TOWNS) if t.kind == "city"]
RURAL_IDX = [i for i, t in enumerate(TOWNS) if t.kind == "rural"]
FOREIGN_IDX = [i for i, t in enumerate(TOWNS) if t.kind == "foreign"]
CITY_W = [0.50, 0.15, 0.08, 0.09, 0.08, 0.10]
RURAL_W = [1.3, 1.1, 1.2, 0.9, 0.8, 0.8, 0.5, 0.9, 0.9, 0.6, 0.6, 0.6, 1.0, 1.0, 0.6, 1.2, 0.8, 1.0, 1.0,
           0.3, 0.5, 0.6, 0.4]
STUDENT_CITY_W = [0.45, 0.05, 0.10, 0.15, 0.15, 0.10]

# Carrier-grade NAT: each region's mobile data leaves through a small pool of
# public addresses shared by a huge number of subscribers (synthetic ranges).
CGNAT_POOLS = {   # region -> public /24s its subscribers are NATed behind
    "nbi": ["105.160.18", "105.160.19", "105.161.74"],
    "coast": ["105.162.5"],
    "west": ["105.163.40"],
    "rift": ["105.164.12"],
    "east": ["105.165.88"],
}
AIRTEL_POOL = ["41.80.96", "41.81.3"]
HOME_FIBRE_PREFIXES = ["41.90", "197.237", "41.215", "102.68"]
OFFICE_PREFIXES = ["41.139", "196.207", "41.72", "154.70"]
CLOUD_IPS = [("13.244", "ZA"), ("34.240", "IE"), ("41.204", "KE")]

# --------------------------------------------------------------------------- segments

KINDS = ("p2p", "buygoods", "matatu", "market", "airtime", "bundles", "token", "betting",
         "cashout", "supplier", "fuel", "church", "bank", "misc")
K = len(KINDS)
KI = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True)
class Segment:
    name: str
    share: float
    smart: float               # P(owns a smartphone)
    urban: float               # P(lives in a city)
    rates: tuple               # base payments / day per KINDS (betting per bettor, church per member)
    pay: str                   # salary | weekly | daily | remittance | none
    wealth: float              # amount scale (median multiplier)
    bettor: float
    church: float
    rent: float
    remit: float
    school: float
    chama: float
    loan: float
    tv: float
    p_app: float               # P(app rather than SIM menu) on a smartphone, average


SEGMENTS: tuple[Segment, ...] = (
    Segment("urban_worker", 0.23, 0.55, 1.0,
            (.06, .12, .07, .02, .04, .02, .012, .045, .042, 0, 0, .045, .01, .006),
            "salary", 1.0, .35, .35, .75, .85, .45, .40, .30, .35, .55),
    Segment("casual_worker", 0.10, 0.30, 0.8,
            (.05, .075, .05, .04, .06, .01, .008, .05, .055, 0, 0, .045, 0, .003),
            "weekly", 0.5, .45, .30, .60, .55, .35, .35, .35, .10, .40),
    Segment("rural_recipient", 0.15, 0.20, 0.0,
            (.02, .045, 0, .02, .03, .005, .006, .025, .085, 0, 0, .045, 0, .003),
            "remittance", 0.45, .12, .50, .05, .05, .50, .50, .15, .10, .35),
    Segment("small_trader", 0.12, 0.45, 0.6,
            (.05, .075, .01, .02, .04, .02, .010, .04, .07, .12, 0, .045, .01, .01),
            "daily", 1.3, .25, .45, .55, .30, .50, .70, .50, .30, .45),
    Segment("boda_rider", 0.07, 0.50, 0.5,
            (.04, .075, 0, .01, .09, .03, .006, .06, .042, 0, .25, .04, 0, .003),
            "daily", 0.6, .60, .20, .50, .50, .40, .45, .60, .15, .45),
    Segment("student", 0.08, 0.90, 1.0,
            (.05, .09, .03, .01, .03, .08, 0, .05, .028, 0, 0, .04, 0, .005),
            "none", 0.4, .50, .30, .45, 0, 0, .05, .30, 0, .75),
    Segment("elderly", 0.06, 0.05, 0.15,
            (.01, .018, 0, .01, .02, 0, .004, 0, .063, 0, 0, .06, 0, .003),
            "remittance", 0.5, .02, .70, .05, 0, .10, .35, .05, .15, .20),
    Segment("farmer", 0.10, 0.15, 0.0,
            (.02, .045, 0, .02, .03, .005, .006, .025, .063, .03, 0, .045, 0, .003),
            "remittance", 0.7, .12, .60, 0, .05, .55, .65, .25, .10, .30),
    Segment("professional", 0.08, 0.97, 1.0,
            (.06, .18, .01, .01, .03, .04, .015, .04, .028, 0, .03, .045, .03, .012),
            "salary", 3.0, .25, .40, .70, .70, .60, .45, .30, .70, .85),
    Segment("business", 0.01, 1.0, 1.0, (0,) * K, "none", 10.0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
)
SEG = {s.name: s for s in SEGMENTS}

# day-of-week multipliers (Mon..Sun) and holiday multipliers per kind
DOW = {
    "p2p": (1, .95, .95, 1, 1.15, 1.15, 1.0), "buygoods": (.95, .95, .95, 1, 1.15, 1.25, .85),
    "matatu": (1.25, 1.2, 1.2, 1.2, 1.2, .6, .3), "market": (1, 1, 1, 1, 1.1, 1.3, .6),
    "airtime": (1,) * 7, "bundles": (1, 1, 1, 1, 1.1, 1.1, 1), "token": (1,) * 7,
    "betting": (.7, .9, .9, .7, .8, 2.0, 1.9), "cashout": (1.1, 1, 1, 1, 1.1, 1.2, .6),
    "supplier": (1.2, 1.1, 1.1, 1.1, 1.1, .9, .2), "fuel": (1.05, 1.05, 1.05, 1.05, 1.05, 1.0, .6),
    "church": (0, 0, 0, 0, 0, 0, 7), "bank": (1.1, 1, 1, 1, 1.2, .7, .3), "misc": (1.1, 1.05, 1, 1, 1, .8, .5),
}
HOLIDAY_MULT = {"matatu": .35, "supplier": .4, "bank": .3, "misc": .5, "p2p": 1.3, "betting": 1.2,
                "buygoods": 1.1, "cashout": 1.1}
PAYDAY_EXP = {"p2p": .6, "buygoods": .5, "betting": .8, "cashout": .4, "bank": 1.2, "misc": .4,
              "market": .2, "airtime": .3, "bundles": .3, "token": .5}

HOURS = {  # relative weights per local hour 0..23
    "day": [1, .5, .3, .3, .5, 2, 6, 9, 10, 10, 10, 10, 11, 10, 9, 9, 10, 11, 11, 10, 8, 6, 3, 1.5],
    "commute": [.3, .2, .1, .1, .5, 4, 14, 16, 8, 4, 3, 3, 4, 3, 3, 4, 8, 14, 14, 9, 5, 3, 1.5, .6],
    "evening": [2, 1, .5, .3, .3, .5, 1, 2, 3, 3, 4, 4, 5, 5, 5, 5, 6, 8, 10, 12, 12, 10, 7, 4],
    "agent": [.1, .05, .02, .02, .05, .3, 2, 6, 9, 10, 10, 9, 9, 9, 9, 9, 10, 11, 10, 7, 3, 1, .3, .1],
    "shop": [.5, .3, .2, .2, .3, 1, 4, 6, 6, 6, 7, 8, 9, 8, 7, 7, 8, 10, 12, 12, 9, 6, 3, 1.2],
    "church": [0, 0, 0, 0, 0, .2, .5, 2, 6, 9, 10, 10, 8, 4, 2, 1, .5, .5, .5, .3, .2, .1, 0, 0],
    "betting": [3, 1.5, .8, .4, .3, .5, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 12, 11, 9, 6],
    "bills": [.5, .3, .2, .2, .3, 1, 3, 6, 8, 9, 9, 9, 9, 9, 8, 8, 8, 9, 10, 10, 9, 7, 4, 1.5],
    "business": [0, 0, 0, 0, 0, .1, .5, 3, 10, 12, 12, 11, 8, 10, 11, 10, 8, 4, 1.5, .5, .3, .1, 0, 0],
    "fuel": [.5, .3, .3, .3, .5, 3, 9, 10, 8, 6, 6, 6, 7, 6, 6, 6, 7, 8, 7, 5, 3, 2, 1, .7],
    "night": [8, 8, 7, 6, 5, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8],
    "late": [6, 4, 2, 1, .5, .3, .5, 1, 1.5, 2, 2, 2, 2, 2, 2, 2, 3, 4, 6, 9, 10, 10, 9, 8],
}
KIND_HOURS = {"p2p": "day", "buygoods": "shop", "matatu": "commute", "market": "day", "airtime": "day",
              "bundles": "evening", "token": "bills", "betting": "betting", "cashout": "agent",
              "supplier": "day", "fuel": "fuel", "church": "church", "bank": "bills", "misc": "bills"}
HOURS_CUM = {}
for _k, _w in HOURS.items():
    _t = sum(_w)
    _acc, _c = 0.0, []
    for _x in _w:
        _acc += _x / _t
        _c.append(_acc)
    _c[-1] = 1.0
    HOURS_CUM[_k] = _c

TILL_CATS = ("duka", "supermarket", "bar_resto", "pharmacy", "petrol", "agrovet", "hardware", "salon",
             "electronics", "market", "matatu")
TILL_CAT_W_CITY = (.30, .06, .17, .07, .04, .01, .05, .07, .05, .10, .08)
TILL_CAT_W_RURAL = (.38, .03, .12, .07, .04, .10, .06, .05, .02, .11, .02)
SEG_TILL_PREF = {   # weights over TILL_CATS for everyday Buy Goods
    "urban_worker": (.35, .15, .20, .06, 0, 0, .03, .08, .03, .10, 0),
    "casual_worker": (.50, .05, .18, .05, 0, 0, .05, .04, .01, .12, 0),
    "rural_recipient": (.55, .03, .07, .08, 0, .12, .03, .03, .01, .08, 0),
    "small_trader": (.35, .10, .15, .05, 0, .02, .12, .04, .05, .12, 0),
    "boda_rider": (.45, .03, .25, .05, 0, 0, .08, .04, .03, .07, 0),
    "student": (.40, .10, .25, .05, 0, 0, .01, .10, .04, .05, 0),
    "elderly": (.55, .05, .03, .20, 0, .07, .02, .02, 0, .06, 0),
    "farmer": (.40, .03, .08, .06, 0, .28, .07, .02, .01, .05, 0),
    "professional": (.15, .30, .28, .07, 0, 0, .04, .08, .05, .03, 0),
}
TILL_AMOUNT = {   # (median KES, sigma, rounding)
    "duka": (150, .8, 10), "supermarket": (1400, .9, 1), "bar_resto": (450, .8, 10), "pharmacy": (380, .8, 10),
    "petrol": (1000, .7, 50), "agrovet": (1300, .9, 10), "hardware": (1800, 1.0, 10), "salon": (350, .7, 50),
    "electronics": (3500, 1.0, 50), "market": (120, .7, 10), "matatu": (80, .4, 10),
}

SMART_MODELS = (   # (ua model, platform, os versions, TAC, weight)
    ("TECNO KI5q", "Android", ("13",), "35210947", 10), ("TECNO BF7", "Android", ("12",), "35210948", 8),
    ("itel A665L", "Android", ("13",), "35718311", 9), ("itel S665L", "Android", ("13",), "35718312", 4),
    ("Infinix X6831", "Android", ("13",), "35421909", 7), ("Infinix X669D", "Android", ("11",), "35421910", 5),
    ("SM-A145F", "Android", ("13", "14"), "35287116", 6), ("SM-A055F", "Android", ("14",), "35287117", 4),
    ("SM-A155F", "Android", ("14",), "35287118", 3), ("22120RN86G", "Android", ("13",), "86442105", 5),
    ("Neon Ray Pro", "Android", ("11",), "35999021", 4), ("CPH2477", "Android", ("12", "13"), "86109904", 3),
    ("TECNO KC8", "Android", ("10",), "35210912", 3), ("iPhone13,2", "iOS", ("17.6", "18.0"), "35391911", 2),
    ("iPhone14,5", "iOS", ("17.6", "18.1"), "35391912", 1),
)
SMART_CUM = list(np.cumsum([m[4] for m in SMART_MODELS]) / sum(m[4] for m in SMART_MODELS))
FEATURE_MODELS = (("Nokia 105", "35489301", 8), ("itel it2163", "35718201", 10), ("TECNO T301", "35210301", 7),
                  ("Neon Smarta", "35999001", 3), ("Kabambe", "35999002", 4))
FEATURE_CUM = list(np.cumsum([m[2] for m in FEATURE_MODELS]) / sum(m[2] for m in FEATURE_MODELS))
APP_RELEASES = ((-40, "5.21.0"), (22, "5.22.1"), (61, "5.23.0"), (115, "5.24.2"), (170, "6.0.1"))

SAF_PREFIXES = ["2547" + f"{i:02d}" for i in list(range(0, 30)) + list(range(40, 49)) + [57, 58, 59, 68, 69]
                + list(range(90, 100))] + ["2541" + f"{i:02d}" for i in range(10, 16)]
AIRTEL_PREFIXES = ["2547" + f"{i:02d}" for i in list(range(30, 40)) + list(range(50, 57))
                   + list(range(80, 90))] + ["25410" + str(i) for i in range(0, 3)]

SCENARIO_BASE = {   # cases per 8,000 customers per 90 days
    "sim_swap_takeover": 28, "stolen_phone_pin": 40, "wrong_number_reversal": 85, "fake_care_prize": 100,
    "fake_investment": 36, "loan_app_fee": 40, "agent_collusion": 25, "mule_forwarding": 44,
}
VICTIM_W = {
    "sim_swap_takeover": {"professional": 4, "small_trader": 3, "urban_worker": 2, "farmer": 1, "elderly": 1,
                          "casual_worker": .5, "rural_recipient": .5, "boda_rider": .5, "student": .3},
    "stolen_phone_pin": {"urban_worker": 3, "professional": 3, "student": 2, "casual_worker": 2,
                         "boda_rider": 1, "small_trader": 1.5, "rural_recipient": .2, "elderly": .2, "farmer": .2},
    "wrong_number_reversal": {"urban_worker": 1, "casual_worker": 1, "rural_recipient": 1.5, "small_trader": 1.5,
                              "boda_rider": 1, "student": 1, "elderly": 2, "farmer": 1.5, "professional": .7},
    "fake_care_prize": {"urban_worker": 1, "casual_worker": 1.5, "rural_recipient": 2, "small_trader": 1,
                        "boda_rider": 1, "student": 1.5, "elderly": 2.5, "farmer": 2, "professional": .5},
    "fake_investment": {"urban_worker": 2, "casual_worker": 1.5, "rural_recipient": .3, "small_trader": 1,
                        "boda_rider": 1.5, "student": 2.5, "elderly": .3, "farmer": .4, "professional": 1.5},
    "loan_app_fee": {"urban_worker": 1.5, "casual_worker": 2, "rural_recipient": .4, "small_trader": 1,
                     "boda_rider": 2, "student": 2, "elderly": .3, "farmer": .5, "professional": .4},
    "agent_collusion": {"elderly": 5, "rural_recipient": 2, "farmer": 2},
}
BALANCE_MED = {"professional": 35000, "small_trader": 22000, "urban_worker": 8000, "casual_worker": 2500,
               "rural_recipient": 3000, "farmer": 5000, "boda_rider": 3000, "student": 1500, "elderly": 6000,
               "business": 50000}


# --------------------------------------------------------------------------- small helpers


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def kes(x: float, step: int = 1, lo: int = 1, hi: int = TXN_LIMIT) -> int:
    """Whole shillings, rounded to `step`, clipped to [lo, hi]."""
    v = int(round(x / step) * step) if step > 1 else int(round(x))
    return max(lo, min(hi, v))


def human_step(x: float, r: random.Random) -> int:
    """How people round a chosen sum: tens for small sums, hundreds or thousands for big ones."""
    if x < 100:
        return 10 if r.random() < .8 else 1
    if x < 1000:
        return 50 if r.random() < .7 else 10
    if x < 10000:
        return 500 if r.random() < .5 else 100
    return 1000 if r.random() < .6 else 500


def pick_cum(cum: list, r: random.Random) -> int:
    return bisect.bisect_left(cum, r.random())


def cumw(weights) -> list:
    tot = float(sum(weights))
    acc, out = 0.0, []
    for w in weights:
        acc += w / tot
        out.append(acc)
    out[-1] = 1.0
    return out


def easter(year: int) -> date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


EID_FITR = {2024: date(2024, 4, 10), 2025: date(2025, 3, 31), 2026: date(2026, 3, 20), 2027: date(2027, 3, 10)}


# --------------------------------------------------------------------------- calendar


class Calendar:
    """Day-level features of the simulated period (local EAT days)."""

    def __init__(self, start: date, days: int):
        self.start, self.D = start, days
        self.dates = [start + timedelta(i) for i in range(days)]
        self.t0 = _calendar.timegm(start.timetuple()) - EAT          # local midnight of day 0, epoch s
        self.dow = np.array([d.weekday() for d in self.dates])
        self.dom = np.array([d.day for d in self.dates])
        self.dim = np.array([_calendar.monthrange(d.year, d.month)[1] for d in self.dates])
        years = sorted({d.year for d in self.dates} | {self.dates[0].year - 1, self.dates[-1].year + 1})
        hol: set[date] = set()
        for y in years:
            for m, dd in ((1, 1), (5, 1), (6, 1), (10, 10), (10, 20), (12, 12), (12, 25), (12, 26)):
                h = date(y, m, dd)
                hol.add(h)
                if h.weekday() == 6:                                  # Sunday holiday: Monday off
                    hol.add(h + timedelta(1))
            e = easter(y)
            hol.update({e - timedelta(2), e + timedelta(1)})
            if y in EID_FITR:
                hol.add(EID_FITR[y])
        self.holidays = hol
        self.holiday = np.array([d in hol for d in self.dates])
        # travel windows: (first day, last day, P(an urban resident goes upcountry))
        wins = []
        for y in years:
            wins.append((date(y, 12, 20), date(y + 1, 1, 2), .55))
            e = easter(y)
            wins.append((e - timedelta(3), e + timedelta(1), .30))
        for h in sorted(hol):
            if h.weekday() == 0:
                wins.append((h - timedelta(2), h, .12))
            elif h.weekday() == 4:
                wins.append((h, h + timedelta(2), .12))
        self.travel_windows = []
        for a, b, p in wins:
            da, db = (a - start).days, (b - start).days
            if db >= 0 and da < days:
                self.travel_windows.append((max(da, 0), min(db, days - 1), p))
        self.term_starts = []                                         # school terms (approximate dates)
        for y in years:
            for m, dd in ((1, 6), (4, 28), (8, 25)):
                self.term_starts.append((date(y, m, dd) - start).days)
        self._payday_cache: dict = {}

    def t(self, d: int, h: int = 0, m: int = 0, s: int = 0) -> int:
        return self.t0 + d * DAY + h * 3600 + m * 60 + s

    def paydays(self, dom_target: int) -> list[int]:
        """Day indices (possibly before day 0) of month-end paydays on `dom_target` (weekend -> Friday)."""
        out = []
        first = self.dates[0].replace(day=1)
        y, m = first.year, first.month - 1
        if m == 0:
            y, m = y - 1, 12
        for _ in range(self.D // 28 + 3):
            dim = _calendar.monthrange(y, m)[1]
            pd = date(y, m, min(dom_target, dim))
            while pd.weekday() >= 5:
                pd -= timedelta(1)
            out.append((pd - self.start).days)
            m += 1
            if m == 13:
                y, m = y + 1, 1
        return out

    def payday_mult(self, pay: str, dom_target: int) -> np.ndarray:
        key = (pay, dom_target)
        if key in self._payday_cache:
            return self._payday_cache[key]
        d = np.arange(self.D)
        if pay in ("salary", "remittance"):
            pds = np.array(self.paydays(dom_target)) + (1 if pay == "remittance" else 0)
            since = np.full(self.D, 99)
            for p in pds:
                s = d - p
                since = np.where((s >= 0) & (s < since), s, since)
            mult = np.where(since < 12, 1 + 1.1 * np.exp(-since / 3.0), 0.85)
        elif pay == "weekly":
            mult = np.where(self.dow == 4, 1.5, np.where(self.dow == 5, 1.4, 0.9))
        else:
            mult = np.ones(self.D)
        self._payday_cache[key] = mult
        return mult


# --------------------------------------------------------------------------- entities


@dataclass
class Ring:
    idx: int
    town: int
    ext_mules: list
    agents: list
    tills: list
    paybills: list
    devices: list
    fixed_ip: str | None
    pop_mules: list = field(default_factory=list)


@dataclass
class Mule:
    ring: int
    start: int                  # epoch: recruited / account opened
    end: int                    # epoch: frozen (flagged) or end of period
    flagged: int | None         # epoch of the flag (may lie after the period), None if never
    fresh: bool                 # account opened for the purpose (fake / bought ID)
    inflows: list = field(default_factory=list)


@dataclass
class Customer:
    idx: int
    cid: str
    seg: str
    home: int
    upcountry: int
    home_xy: tuple
    work_xy: tuple | None
    scale: float
    wealth: float
    pay_dom: int
    p_app: float
    gps: bool
    ipv6: bool
    data_sim: str
    home_ip: str | None
    night: float
    bettor: float
    bet_payees: list
    church: str | None
    bank: str | None
    contacts: list
    contacts_cum: list
    kin: list = field(default_factory=list)
    tills: list = field(default_factory=list)
    tills_cum: list = field(default_factory=list)
    agents_home: list = field(default_factory=list)
    agents_work: list = field(default_factory=list)
    matatu: list = field(default_factory=list)
    vendors: list = field(default_factory=list)
    suppliers: list = field(default_factory=list)
    suppliers_cum: list = field(default_factory=list)
    petrol: list = field(default_factory=list)
    dev_ts: list = field(default_factory=list)       # segment start times (sorted)
    dev_seg: list = field(default_factory=list)      # (primary device, alternate device or None)
    alt_days: set = field(default_factory=set)
    borrow: list = field(default_factory=list)
    loc: list = field(default_factory=list)          # town index per day
    blackouts: list = field(default_factory=list)
    events: list = field(default_factory=list)       # (t, payee, amount, fraud, override)
    mule: Mule | None = None
    victim: bool = False
    biz: dict | None = None
    last_ip: str = ""
    last_ip_t: int = -10 ** 9
    v6_prefix: str = ""
    v6_day: int = -1
    cross_border: bool = False
    parents: list = field(default_factory=list)
    trips: list = field(default_factory=list)
    chamas: list = field(default_factory=list)


# --------------------------------------------------------------------------- the world


class World:
    def __init__(self, seed: int, n_customers: int, days: int, start: date):
        self.seed, self.N, self.D = seed, n_customers, days
        self.r = random.Random(seed)
        self.nr = np.random.default_rng(seed)
        self.cal = Calendar(start, days)
        self.t_end = self.cal.t(days)
        self.scale_cases = n_customers / 8000 * days / 90
        self._numbers: set = set()
        self._paybills: set = set()
        self._tills: set = set()
        self._agents: set = set()
        self._imeis: set = set()
        self.devinfo: dict = {}      # device id -> (smart, model, platform, os, upgrade lag days)
        self.till_cat: dict = {}
        self.rows: list = []

    # ---------------------------------------------------------------- identifiers
    def msisdn(self, airtel_p: float = 0.0) -> str:
        r = self.r
        while True:
            pre = r.choice(AIRTEL_PREFIXES if r.random() < airtel_p else SAF_PREFIXES)
            n = pre + "".join(str(r.randrange(10)) for _ in range(12 - len(pre)))
            if n not in self._numbers:
                self._numbers.add(n)
                return n

    def _unique(self, pool: set, lo: int, hi: int, prefix: str) -> str:
        while True:
            v = self.r.randrange(lo, hi)
            if v not in pool:
                pool.add(v)
                return f"{prefix}{v}"

    def paybill(self) -> str:
        return self._unique(self._paybills, 100000, 999999, "paybill:")

    def till(self, cat: str) -> str:
        t = self._unique(self._tills, 1000000, 9999999, "till:")
        self.till_cat[t] = cat
        return t

    def agent(self) -> str:
        return self._unique(self._agents, 100000, 999999, "agent:")

    def device(self, smart: bool, model_idx: int | None = None) -> str:
        r = self.r
        if smart:
            mi = pick_cum(SMART_CUM, r) if model_idx is None else model_idx
            model, plat, oss, tac, _ = SMART_MODELS[mi]
            info = (True, model, plat, r.choice(oss), r.expovariate(1 / 10) if r.random() < .9 else 1e9)
        else:
            mi = pick_cum(FEATURE_CUM, r) if model_idx is None else model_idx
            model, tac, _ = FEATURE_MODELS[mi]
            info = (False, model, "", "", 0.0)
        while True:
            body = tac + f"{r.randrange(10 ** 6):06d}"
            imei = body + luhn_digit(body)
            if imei not in self._imeis:
                self._imeis.add(imei)
                break
        dev = "imei:" + imei
        self.devinfo[dev] = info
        return dev

    def sibling_imei(self, dev: str) -> str:
        """Second IMEI of a dual-SIM handset (same TAC and model, next serial)."""
        body = dev[5:19]
        serial = (int(body[8:]) + 1) % 10 ** 6
        nb = body[:8] + f"{serial:06d}"
        sib = "imei:" + nb + luhn_digit(nb)
        self._imeis.add(sib[5:])
        self.devinfo[sib] = self.devinfo[dev]
        return sib

    def cgnat_ip(self, region: str, airtel: bool = False) -> str:
        r = self.r
        return f"{r.choice(AIRTEL_POOL if airtel else CGNAT_POOLS[region])}.{r.randrange(1, 255)}"

    def fixed_ip(self, prefixes) -> str:
        r = self.r
        return f"{r.choice(prefixes)}.{r.randrange(256)}.{r.randrange(1, 255)}"

    # ---------------------------------------------------------------- build
    def build(self) -> None:
        self._build_merchants()
        self._build_customers()
        self._build_social()
        self._build_rings_and_mules()

    def _build_merchants(self) -> None:
        r = self.r
        self.town_agents, self.town_agents_cum = [], []
        self.town_tills: list[dict] = []
        self.town_tills_cum: list[dict] = []
        for ti, t in enumerate(TOWNS):
            n_ag = {"city": 420 if t.name == "Nairobi" else 130, "rural": 60, "foreign": 0}[t.kind]
            ags = [self.agent() for _ in range(n_ag)]
            self.town_agents.append(ags)
            self.town_agents_cum.append(cumw([1 / (i + 3) ** .6 for i in range(n_ag)]) if ags else [])
            n_t = {"city": 2600 if t.name == "Nairobi" else 700, "rural": 320, "foreign": 120}[t.kind]
            cw = TILL_CAT_W_RURAL if t.kind != "city" else TILL_CAT_W_CITY
            by, cum = {}, {}
            for cat, w in zip(TILL_CATS, cw):
                n = max(3, int(n_t * w))
                by[cat] = [self.till(cat) for _ in range(n)]
                cum[cat] = cumw([1 / (i + 2) ** .8 for i in range(n)])
            self.town_tills.append(by)
            self.town_tills_cum.append(cum)
        self.power_prepaid, self.power_postpaid = self.paybill(), self.paybill()
        self.water = {ti: self.paybill() for ti in CITY_IDX}
        self.tv = [self.paybill() for _ in range(3)]
        self.internet = [self.paybill() for _ in range(3)]
        self.betting = [self.paybill() for _ in range(6)]
        self.betting_cum = cumw([.40, .25, .12, .10, .08, .05])
        self.lenders = [self.paybill() for _ in range(8)]
        self.bike_lenders = [self.paybill() for _ in range(2)]
        self.banks = [self.paybill() for _ in range(10)]
        self.banks_cum = cumw([.2, .18, .14, .1, .1, .08, .07, .05, .04, .04])
        self.saccos = [self.paybill() for _ in range(6)]
        self.sha, self.kra, self.ecitizen, self.helb = self.paybill(), self.paybill(), self.paybill(), self.paybill()
        self.insurers = [self.paybill() for _ in range(4)]
        self.bus = [self.paybill() for _ in range(8)]
        self.agencies = {ti: [self.paybill() for _ in range(6)] for ti in CITY_IDX}
        self.churches = {ti: [self.paybill() for _ in range(4 if TOWNS[ti].kind == "rural" else 14)]
                         for ti in CITY_IDX + RURAL_IDX}
        self.hospitals = {ti: [self.paybill() for _ in range(2 if TOWNS[ti].kind == "rural" else 6)]
                          for ti in CITY_IDX + RURAL_IDX}
        self.schools = {ti: [self.paybill() for _ in range(12 if TOWNS[ti].kind == "rural" else 30)]
                        for ti in CITY_IDX + RURAL_IDX}
        self.misc_billers = self.insurers + self.saccos + [self.ecitizen, self.helb, self.kra]

    def _pick_till(self, town: int, cat: str) -> str:
        return self.town_tills[town][cat][pick_cum(self.town_tills_cum[town][cat], self.r)]

    def _pick_agent(self, town: int) -> str:
        if not self.town_agents[town]:
            town = 0
        return self.town_agents[town][pick_cum(self.town_agents_cum[town], self.r)]

    def _xy(self, town: int, spread: float = 1.0) -> tuple:
        t = TOWNS[town]
        return (t.lat + self.r.gauss(0, t.radius * spread), t.lon + self.r.gauss(0, t.radius * spread))

    def _build_customers(self) -> None:
        r, cal = self.r, self.cal
        seg_cum = cumw([s.share for s in SEGMENTS])
        rural_cum, city_cum, stud_cum = cumw(RURAL_W), cumw(CITY_W), cumw(STUDENT_CITY_W)
        self.cust: list[Customer] = []
        self.by_cid: dict = {}
        for i in range(self.N):
            seg = SEGMENTS[pick_cum(seg_cum, r)]
            upc = RURAL_IDX[pick_cum(rural_cum, r)]
            if seg.name == "student":
                home = CITY_IDX[pick_cum(stud_cum, r)]
            elif r.random() < seg.urban:
                home = CITY_IDX[pick_cum(city_cum, r)]
            else:
                home = upc
            urban = TOWNS[home].kind == "city"
            home_xy = self._xy(home)
            work_xy = self._xy(home, .45) if urban and seg.name not in ("elderly",) else None
            sigma = .75
            scale = math.exp(r.gauss(-sigma * sigma / 2, sigma))
            if r.random() < .04:
                scale *= .06                                       # dormant accounts
            wealth = seg.wealth * math.exp(r.gauss(0, .55))
            pay_dom = r.choice((20, 25, 28, 28, 30, 31)) if seg.pay in ("salary", "remittance") else 28
            smart = r.random() < seg.smart
            p_app = min(.97, max(.03, r.betavariate(2, 2) * 2 * seg.p_app)) if smart else 0.0
            gps = smart and r.random() < (.5 if seg.name in ("professional", "student") else .35)
            ipv6 = smart and r.random() < .15
            data_sim = "airtel" if smart and r.random() < .08 else "saf"
            home_ip = None
            if urban and smart and r.random() < {"professional": .5, "urban_worker": .12, "small_trader": .08,
                                                  "student": .05}.get(seg.name, .02):
                home_ip = self.fixed_ip(HOME_FIBRE_PREFIXES)
            night = .25 if r.random() < .05 else 0.0
            bettor = math.exp(r.gauss(0, .7)) if r.random() < seg.bettor else 0.0
            bet_payees = [self.betting[pick_cum(self.betting_cum, r)]]
            if r.random() < .35:
                bet_payees.append(self.betting[pick_cum(self.betting_cum, r)])
            church_town = home if home in self.churches else upc
            church = r.choice(self.churches[church_town]) if r.random() < seg.church else None
            bank = self.banks[pick_cum(self.banks_cum, r)] if (
                seg.name in ("professional", "small_trader", "urban_worker", "business")) else None
            cid = self.msisdn()
            c = Customer(i, cid, seg.name, home, upc, home_xy, work_xy, scale, wealth, pay_dom, p_app, gps,
                         ipv6, data_sim, home_ip, night, bettor, bet_payees, church, bank, [], [])
            # usual places
            prefs = SEG_TILL_PREF.get(seg.name)
            if prefs:
                pc = cumw(prefs)
                c.tills = [self._pick_till(home, TILL_CATS[pick_cum(pc, r)]) for _ in range(r.randint(3, 8))]
                c.tills_cum = cumw([1 / (j + 1) for j in range(len(c.tills))])
            c.agents_home = [self._pick_agent(home) for _ in range(r.randint(1, 3))]
            c.agents_work = [self._pick_agent(home) for _ in range(r.randint(1, 2))] if work_xy else c.agents_home
            if urban:
                c.matatu = [self._pick_till(home, "matatu") for _ in range(r.randint(1, 2))]
            c.vendors = [self.msisdn() for _ in range(r.randint(1, 4))]
            if seg.name in ("small_trader", "farmer"):
                sup = []
                for _ in range(r.randint(4, 14)):
                    x = r.random()
                    sup.append(self.msisdn(.1) if x < .5 else self.paybill() if x < .75 else
                               self._pick_till(home if urban else CITY_IDX[pick_cum(city_cum, r)],
                                               r.choice(("hardware", "agrovet", "supermarket", "electronics"))))
                c.suppliers, c.suppliers_cum = sup, cumw([1 / (j + 1) ** .9 for j in range(len(sup))])
            if seg.name == "boda_rider":
                c.petrol = [self._pick_till(home, "petrol") for _ in range(r.randint(1, 3))]
            c.cross_border = seg.name == "small_trader" and r.random() < .07
            c.loc = [home] * self.D
            self._devices_for(c, smart)
            if seg.name == "business":
                self._business_setup(c)
            self.cust.append(c)
            self.by_cid[cid] = i

    def _devices_for(self, c: Customer, smart: bool) -> None:
        """Handset timeline: first handset, genuine upgrades, two-phone users, slot swaps."""
        r, cal = self.r, self.cal
        if c.seg == "business":
            c.dev_ts, c.dev_seg = [cal.t0 - 400 * DAY], [("", None)]
            return
        dev = self.device(smart)
        c.dev_ts, c.dev_seg = [cal.t0 - 400 * DAY], [(dev, None)]
        if r.random() < .05:                                         # SIM moves between two phones
            alt = self.device(r.random() < .6)
            c.dev_seg[0] = (dev, alt)
            p = r.uniform(.1, .5)
            c.alt_days = {d for d in range(self.D) if r.random() < p}
        p_up = {"student": .12, "professional": .10, "urban_worker": .08}.get(c.seg, .05) * self.D / 90
        if r.random() < p_up:                                        # new handset (often first smartphone)
            t = cal.t(r.randrange(self.D), r.randrange(8, 20))
            nsmart = smart or r.random() < .35
            c.dev_ts.append(t)
            c.dev_seg.append((self.device(nsmart), None))
        elif r.random() < .02 and smart:                              # dual-SIM slot swap -> second IMEI
            t = cal.t(r.randrange(self.D), r.randrange(7, 22))
            c.dev_ts.append(t)
            c.dev_seg.append((self.sibling_imei(dev), None))
        if r.random() < .02 * self.D / 90:                           # genuine loss: offline days, new phone
            d = r.randrange(self.D)
            t0 = cal.t(d, r.randrange(6, 22))
            t1 = t0 + int(r.uniform(.5, 4) * DAY)
            c.blackouts.append((t0, t1))
            self._set_device_from(c, t1, self.device(r.random() < (.9 if smart else .25)))
        # the smart flag of the first device drives p_app; a feature-phone user later given a smartphone
        if not smart and any(self.devinfo[s[0]][0] for s in c.dev_seg):
            c.p_app = r.uniform(.2, .6)
            c.gps = r.random() < .25

    def _set_device_from(self, c: Customer, t: int, dev: str) -> None:
        j = bisect.bisect_right(c.dev_ts, t)
        c.dev_ts.insert(j, t)
        c.dev_seg.insert(j, (dev, None))

    def _business_setup(self, c: Customer) -> None:
        r = self.r
        kind = "api" if r.random() < .4 else "web"
        b = {"kind": kind, "office_ip": self.fixed_ip(OFFICE_PREFIXES)}
        if kind == "web":
            browsers = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/12{v}.0.0.0 Safari/537.36",
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/12{v}.0.0.0 Safari/537.36 Edg/12{v}.0.0.0")
            b["web_dev"] = [("web-" + "%012x" % r.getrandbits(48), r.choice(browsers).format(v=r.randint(6, 9)))
                            for _ in range(r.randint(1, 3))]
        else:
            pre, ctry = r.choice(CLOUD_IPS)
            b["api_ip"] = f"{pre}.{r.randrange(256)}.{r.randrange(1, 255)}"
            b["api_country"] = ctry
            b["api_ua"] = r.choice(("Apache-HttpClient/4.5.14 (Java/17.0.8)", "python-requests/2.31.0",
                                    "Go-http-client/1.1", "okhttp/4.11.0", "axios/1.6.2"))
        b["disburser"] = kind == "api" and r.random() < .35
        b["employees"] = [self.msisdn(.15) for _ in range(r.randint(4, 60))]
        b["suppliers"] = [self.paybill() if r.random() < .5 else self._pick_till(c.home, r.choice(
            ("hardware", "supermarket", "electronics", "agrovet"))) for _ in range(r.randint(5, 30))]
        b["sup_cum"] = cumw([1 / (j + 1) ** .8 for j in range(len(b["suppliers"]))])
        b["pay_dom"] = r.choice((25, 28, 30))
        c.biz = b

    def _build_social(self) -> None:
        """Kin groups by upcountry home, contacts, chamas, household phones, travel."""
        r, cal = self.r, self.cal
        by_up = defaultdict(list)
        for c in self.cust:
            if c.seg != "business":
                by_up[c.upcountry].append(c.idx)
        for ti in sorted(by_up):
            ids = by_up[ti][:]
            r.shuffle(ids)
            j = 0
            while j < len(ids):
                g = ids[j:j + r.randint(2, 8)]
                j += len(g)
                for a in g:
                    self.cust[a].kin = [b for b in g if b != a]
        for c in self.cust:
            if c.seg == "business":
                continue
            contacts, w = [], []
            for k in c.kin:
                contacts.append(self.cust[k].cid)
                w.append(3.0)
            parents = [] if c.seg == "elderly" else [self.msisdn(.12) for _ in range(r.randint(1, 2))]
            c.parents = parents
            for p in parents:
                contacts.append(p)
                w.append(4.0)
            for j in range(r.randint(4, 25)):
                contacts.append(self.msisdn(.12))
                w.append(3.0 / (j + 1) ** .8)
            c.contacts, c.contacts_cum = contacts, cumw(w)
        # household phones: rural/elderly kin sharing one handset
        for c in self.cust:
            if c.seg in ("elderly", "rural_recipient", "farmer") and r.random() < .10:
                mates = [k for k in c.kin if self.cust[k].home == c.home and self.cust[k].seg != "business"]
                if mates:
                    m = self.cust[r.choice(mates)]
                    c.dev_seg[0] = (m.dev_seg[0][0], c.dev_seg[0][1])
            if c.kin:
                c.borrow = [self.cust[k].dev_seg[0][0] for k in c.kin if self.cust[k].home == c.home][:3]
        # chamas
        self.chamas = []
        by_town = defaultdict(list)
        for c in self.cust:
            if c.seg != "business" and r.random() < SEG[c.seg].chama:
                by_town[c.home].append(c.idx)
        for ti in sorted(by_town):
            ids = by_town[ti]
            r.shuffle(ids)
            j = 0
            while j < len(ids):
                g = ids[j:j + r.randint(6, 25)]
                j += len(g)
                x = r.random()
                treasurer = self.cust[g[0]].cid if x < .45 else self.msisdn() if x < .8 else r.choice(
                    self.saccos + self.banks)
                weekly = r.random() < .3
                amt = r.choice((100, 200, 200, 300, 500) if weekly else (500, 1000, 1000, 2000, 3000, 5000))
                self.chamas.append({"members": g, "payee": treasurer, "weekly": weekly, "amount": amt,
                                    "dow": r.randrange(7), "dom": r.randint(1, 28)})
        # harambees (funeral / medical / school fundraising): many customers pay one treasurer
        self.harambee_contrib = defaultdict(list)     # customer idx -> [(t, payee, amount)]
        by_place = defaultdict(list)
        for c in self.cust:
            if c.seg != "business":
                by_place[c.upcountry].append(c.idx)
                if c.home != c.upcountry:
                    by_place[c.home].append(c.idx)
        places = sorted(by_place)
        for _ in range(max(1, round(self.N / 350 * self.D / 90))):
            ti = r.choice(places)
            d0 = r.randrange(self.D)
            pool = by_place[ti]
            treasurer = self.cust[r.choice(pool)].cid if r.random() < .3 else self.msisdn()
            for k in r.sample(pool, min(len(pool), r.randint(8, 45))):
                if r.random() < .65:
                    c = self.cust[k]
                    d = d0 + int(r.expovariate(1 / 2))
                    if d < self.D and c.cid != treasurer:
                        amt = r.choice((100, 200, 300, 500, 500, 1000, 1000, 2000, 5000)) * (
                            2 if c.wealth > 2 else 1)
                        self.harambee_contrib[k].append((self._time(c, d, "evening"), treasurer, amt))
        # travel upcountry and cross-border trips
        for c in self.cust:
            if c.seg == "business":
                continue
            trips = []
            if TOWNS[c.home].kind == "city" and c.upcountry != c.home:
                for a, b, p in cal.travel_windows:
                    if r.random() < p:
                        da = max(0, a + r.randint(-2, 1))
                        db = min(self.D - 1, b + r.randint(0, 3))
                        trips.append((da, db, c.upcountry))
                if r.random() < .25 * self.D / 90:                   # funeral / visit weekend
                    d = r.randrange(self.D)
                    d -= (cal.dow[d] - 4) % 7                         # back to a Friday
                    if d >= 0:
                        trips.append((d, min(self.D - 1, d + r.randint(2, 4)), c.upcountry))
            if c.cross_border:
                for _ in range(r.randint(1, 3)):
                    d = r.randrange(self.D)
                    trips.append((d, min(self.D - 1, d + r.randint(1, 4)), r.choice(FOREIGN_IDX)))
            c.trips = trips
            for da, db, ti in trips:
                for d in range(da, db + 1):
                    c.loc[d] = ti

    # ---------------------------------------------------------------- rings and mules
    def _build_rings_and_mules(self) -> None:
        r, cal = self.r, self.cal
        self.rings: list[Ring] = []
        for i in range(max(2, min(12, round(self.N / 1600)))):
            town = CITY_IDX[pick_cum(cumw([.6, .12, .12, .08, .05, .03]), r)]
            agents = [self._pick_agent(town) for _ in range(r.randint(2, 4))]
            if r.random() < .5:
                agents.append(self._pick_agent(r.choice(RURAL_IDX)))
            ring = Ring(i, town, [self.msisdn(.1) for _ in range(r.randint(8, 20))], agents,
                        [self.till(r.choice(("electronics", "duka", "salon"))) for _ in range(r.randint(2, 3))],
                        [self.paybill() for _ in range(r.randint(1, 2))],
                        [self.device(r.random() < .7) for _ in range(r.randint(3, 6))],
                        self.fixed_ip(HOME_FIBRE_PREFIXES) if r.random() < .5 else None)
            self.rings.append(ring)
        n_mules = max(1, round(SCENARIO_BASE["mule_forwarding"] * self.scale_cases))
        w = {"student": 3.5, "casual_worker": 2.5, "urban_worker": 1.5, "boda_rider": 1.5, "small_trader": .5,
             "rural_recipient": .4, "farmer": .2, "professional": .2}
        cands = [c.idx for c in self.cust if c.seg in w]
        chosen = self._weighted_sample(cands, [w[self.cust[i].seg] for i in cands], n_mules)
        for i in chosen:
            c = self.cust[i]
            ring = r.randrange(len(self.rings))
            fresh = r.random() < .3
            if fresh:
                start = cal.t(r.randrange(max(1, self.D - 10)), r.randrange(8, 20))
                c.scale *= .08
                if r.random() < .6:                                  # SIM kept in a handler's phone
                    c.dev_seg[0] = (r.choice(self.rings[ring].devices), None)
                    c.dev_ts[1:], c.dev_seg[1:] = [], []
                    c.alt_days = set()
                    c.p_app = .5 if self.devinfo[c.dev_seg[0][0]][0] else 0.0
            else:
                start = cal.t(r.randrange(-20, max(1, self.D - 5)), r.randrange(8, 22))
            start = max(start, cal.t0)
            flagged = None
            if r.random() < .65:
                flagged = start + int(math.exp(r.gauss(math.log(10), .8)) * DAY)
            end = min(self.t_end, flagged) if flagged else self.t_end
            c.mule = Mule(ring, start, end, flagged, fresh)
            self.rings[ring].pop_mules.append(i)

    def _weighted_sample(self, items: list, weights: list, n: int) -> list:
        if not items:
            return []
        p = np.array(weights, dtype=float)
        p /= p.sum()
        n = min(n, int((p > 0).sum()))
        idx = self.nr.choice(len(items), size=n, replace=False, p=p)
        return [items[j] for j in sorted(idx.tolist())]

    # ---------------------------------------------------------------- time helpers
    def _time(self, c: Customer, d: int, profile: str) -> int:
        r = self.r
        if c.night and r.random() < c.night:
            profile = "night"
        h = pick_cum(HOURS_CUM[profile], r)
        return self.cal.t(d, h, r.randrange(60), r.randrange(60))

    def _add(self, c: Customer, t: int, payee: str, amount: int, fraud=None, ov=None) -> None:
        if self.cal.t0 <= t < self.t_end and amount >= 1:
            c.events.append((t, payee, int(amount), fraud, ov))

    # ---------------------------------------------------------------- fraud
    def _ring_mule(self, ring: Ring, t: int, p_pop: float = .4) -> str:
        act = [m for m in ring.pop_mules if self.cust[m].mule.start <= t < self.cust[m].mule.end]
        if act and self.r.random() < p_pop:
            m = self.r.choice(act)
            return self.cust[m].cid
        return self.r.choice(ring.ext_mules)

    def _note_inflow(self, payee: str, t: int, amount: int, hop: int = 0) -> None:
        i = self.by_cid.get(payee)
        if i is not None and self.cust[i].mule is not None:
            m = self.cust[i].mule
            if m.start <= t < m.end:
                m.inflows.append((t, amount, hop))

    def _victims(self, scen: str, n: int) -> list:
        w = VICTIM_W[scen]
        cands, ws = [], []
        for c in self.cust:
            if c.victim or c.mule or c.seg not in w:
                continue
            x = w[c.seg]
            if scen == "stolen_phone_pin" and TOWNS[c.home].kind != "city":
                x *= .25
            if scen == "agent_collusion" and self.devinfo[c.dev_seg[0][0]][0]:
                x *= .1
            if c.scale < .1:
                x *= .2
            cands.append(c.idx)
            ws.append(x * min(3.0, c.scale) ** .5)
        out = self._weighted_sample(cands, ws, n)
        for i in out:
            self.cust[i].victim = True
        return out

    def _n(self, scen: str) -> int:
        return max(1, round(SCENARIO_BASE[scen] * self.scale_cases))

    def _lognormal_s(self, median_s: float, sigma: float) -> int:
        return int(math.exp(self.r.gauss(math.log(median_s), sigma)))

    def _balance(self, c: Customer) -> float:
        return BALANCE_MED.get(c.seg, 3000) * math.exp(self.r.gauss(0, .9)) * (c.wealth / SEG[c.seg].wealth) ** .5

    def _fraud_ov(self, ring: Ring | None, dev: str, smart_app_p: float, gps_p: float, town: int) -> dict:
        r = self.r
        smart = self.devinfo[dev][0]
        ch = "app" if smart and r.random() < smart_app_p else "ussd"
        ov = {"device": dev, "channel": ch, "town": town}
        if ch == "app":
            ov["gps"] = r.random() < gps_p
            if ring and ring.fixed_ip and r.random() < .35:
                ov["ip"] = ring.fixed_ip
        return ov

    def plan_fraud(self) -> None:
        r, cal = self.r, self.cal
        self.rep_delay = defaultdict(list)
        for scen, fn in (("sim_swap_takeover", self._sim_swap), ("stolen_phone_pin", self._stolen_phone),
                         ("wrong_number_reversal", self._wrong_number), ("fake_care_prize", self._fake_care),
                         ("loan_app_fee", self._loan_app), ("agent_collusion", self._agent_collusion)):
            for v in self._victims(scen, self._n(scen)):
                ring = self.rings[r.randrange(len(self.rings))] if r.random() < .75 else None
                fn(self.cust[v], ring)
        # investment schemes: several victims per scheme, reported around the collapse
        n_v = self._n("fake_investment")
        victims = self._victims("fake_investment", n_v)
        n_s = max(1, round(n_v / 12))
        schemes = []
        for s in range(n_s):
            ring = self.rings[r.randrange(len(self.rings))]
            x = r.random()
            payee = self.paybill() if x < .6 else self.till("electronics") if x < .8 else r.choice(ring.ext_mules)
            s0 = r.randint(-30, max(0, self.D - 30))
            collapse = s0 + r.randint(25, 75)
            schemes.append((payee, s0, collapse))
        for j, v in enumerate(victims):
            self._investment(self.cust[v], schemes[j % n_s])

    def _report(self, scen: str, t_last: int, p: float, median_h: float, sigma: float,
                t_floor: int | None = None) -> int | None:
        if self.r.random() >= p:
            return None
        base = max(t_last, t_floor or t_last)
        return base + 600 + self._lognormal_s(median_h * 3600, sigma)

    def _sim_swap(self, c: Customer, ring: Ring | None) -> None:
        r, cal = self.r, self.cal
        d = r.randrange(self.D)
        if r.random() < .4:
            d = min(self.D - 1, d + (4 - cal.dow[d]) % 7)            # Friday evening
        ts = self._time(c, d, "late")
        dev = r.choice(ring.devices) if ring and r.random() < .6 else self.device(r.random() < .6)
        town = ring.town if ring else c.home
        restore = ts + self._lognormal_s(18 * 3600, .8)
        c.blackouts.append((ts, restore))
        total = min(480_000, self._balance(c) + (r.uniform(3000, 30000) * c.wealth ** .5 if r.random() < .6 else 0))
        steps = r.randint(3, 9)
        shares = sorted((r.random() ** 1.5 for _ in range(steps)), reverse=True)
        tot_sh = sum(shares)
        t = ts + r.randint(8, 90) * 60
        evs = []
        for k, sh in enumerate(shares):
            amt = total * sh / tot_sh
            x = r.random()
            if x < .5:
                payee = self._ring_mule(ring, t) if ring else self.msisdn(.1)
                step = 100
            elif x < .8:
                payee = r.choice(ring.agents) if ring and r.random() < .8 else self._pick_agent(town)
                step = 100
            else:
                payee = r.choice(ring.tills + ring.paybills) if ring and r.random() < .7 else r.choice(self.banks)
                step = 1
            amt = kes(amt, step, lo=100)
            if t >= restore:
                break
            evs.append((t, payee, amt))
            t += int(r.expovariate(1 / 600)) + 60 + (3600 if r.random() < .1 else 0)
        rep = self._report("sim_swap_takeover", max(restore, evs[-1][0] if evs else ts), .9, 2.5, 1.0)
        ov = self._fraud_ov(ring, dev, .35, .2, town)
        for t, payee, amt in evs:
            self._add(c, t, payee, amt, ("sim_swap_takeover", rep), ov)
            self._note_inflow(payee, t, amt)

    def _stolen_phone(self, c: Customer, ring: Ring | None) -> None:
        r, cal = self.r, self.cal
        d = r.randrange(self.D)
        tt = self._time(c, d, "late" if r.random() < .7 else "commute")
        t_block = tt + self._lognormal_s(3 * 3600, 1.0)
        t_new = tt + self._lognormal_s(2 * DAY, .7)
        c.blackouts.append((tt, t_new))
        old_smart = self.devinfo[self._device_at(c, tt, max(0, (tt - cal.t0) // DAY))][0]
        self._set_device_from(c, t_new, self.device(old_smart if r.random() < .8 else not old_smart))
        town = c.loc[max(0, min(self.D - 1, (tt - cal.t0) // DAY))]
        total = self._balance(c) + (r.uniform(1000, 8000) if r.random() < .5 else 0)
        t = tt + self._lognormal_s(40 * 60, .7)
        thief_xy = self._xy(town, .8)
        evs = []
        for k in range(r.randint(2, 7)):
            if t >= t_block or total < 100:
                break
            hour = ((t - cal.t0) % DAY) // 3600
            x = r.random()
            if x < .15:
                payee, amt = "airtime:" + r.choice(ring.ext_mules if ring else [self.msisdn()]), \
                    r.choice((100, 200, 500, 1000))
            elif x < .45 and 7 <= hour < 22:
                payee = r.choice(ring.agents) if ring and r.random() < .4 else self._pick_agent(town)
                amt = kes(total * r.uniform(.3, 1), 100, lo=100)
            else:
                payee = self._ring_mule(ring, t) if ring else self.msisdn(.1)
                amt = kes(total * r.uniform(.3, 1), 50, lo=50)
            amt = min(amt, TXN_LIMIT)
            total -= amt
            evs.append((t, payee, amt))
            t += int(r.expovariate(1 / 420)) + 45
        rep = self._report("stolen_phone_pin", max(t_block, evs[-1][0] if evs else tt), .85, 6, 1.0)
        for t, payee, amt in evs:
            ov = {"channel": "ussd" if r.random() < .8 else "app", "xy": (thief_xy[0] + r.gauss(0, .003),
                                                                       thief_xy[1] + r.gauss(0, .003)),
                  "town": town}
            self._add(c, t, payee, amt, ("stolen_phone_pin", rep), ov)
            self._note_inflow(payee, t, amt)

    def _wrong_number(self, c: Customer, ring: Ring | None) -> None:
        r = self.r
        d = r.randrange(self.D)
        t = self._time(c, d, "day")
        payee = self._ring_mule(ring, t, .5) if ring else self.msisdn(.1)
        claim = r.choice((500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 7500, 10000, 15000))
        claim = min(claim, kes(self._balance(c) * 1.2, 100, lo=300))
        evs = [(t, claim)]
        if r.random() < .25:
            evs.append((t + r.randint(4, 40) * 60, kes(claim * r.uniform(.2, 1), 50, lo=100)))
        rep = self._report("wrong_number_reversal", evs[-1][0], .6, 20, 1.2)
        for t, amt in evs:
            self._add(c, t, payee, amt, ("wrong_number_reversal", rep))
            self._note_inflow(payee, t, amt)

    def _fake_care(self, c: Customer, ring: Ring | None) -> None:
        r = self.r
        d = r.randrange(self.D)
        t = self._time(c, d, "day")
        if ring and r.random() < .7:
            payee = r.choice(ring.tills + ring.paybills)
        elif ring:
            payee = self._ring_mule(ring, t, .4)
        else:
            payee = self.till("duka") if r.random() < .5 else self.msisdn(.1)
        n = 1 if r.random() < .5 else 2 if r.random() < .6 else r.randint(3, 4)
        amt = r.choice((200, 300, 499, 500, 750, 1000, 1500, 2000, 2500))
        bal = self._balance(c) * 1.5
        evs, spent = [], 0
        for k in range(n):
            if spent + amt > bal and k > 0:
                break
            evs.append((t, kes(amt, 1, lo=50)))
            spent += amt
            t += r.randint(3, 50) * 60
            amt = amt * r.uniform(1.4, 3.0)
            amt = round(amt, -2) if amt > 1000 else round(amt, -1)
        rep = self._report("fake_care_prize", evs[-1][0], .5, 60, 1.0)
        for t, a in evs:
            self._add(c, t, payee, a, ("fake_care_prize", rep))
            self._note_inflow(payee, t, a)

    def _loan_app(self, c: Customer, ring: Ring | None) -> None:
        r = self.r
        d = r.randrange(self.D)
        t = self._time(c, d, "day")
        if ring and r.random() < .6:
            payees = [r.choice(ring.tills + ring.paybills)]
        else:
            payees = [self.till("duka") if r.random() < .5 else self.msisdn(.15)]
        if r.random() < .3:
            payees.append(self._ring_mule(ring, t) if ring else self.msisdn(.15))
        fee = r.choice((250, 350, 450, 500, 700, 850, 1000, 1500))
        evs = []
        for k in range(r.randint(2, 5)):
            evs.append((t, payees[min(k, len(payees) - 1)] if k else payees[0], kes(fee, 1, lo=50)))
            fee = fee * r.uniform(1.2, 2.2)
            fee = round(fee, -1)
            t += int(r.choice((r.uniform(300, 3600), r.uniform(.5, 4) * DAY)))
            dd = (t - self.cal.t0) // DAY
            if dd >= self.D:
                break
            hr = ((t - self.cal.t0) % DAY) // 3600
            if hr < 7 or hr > 21:
                t += 10 * 3600
        rep = self._report("loan_app_fee", evs[-1][0], .45, 96, 1.0)
        for t, p, a in evs:
            self._add(c, t, p, a, ("loan_app_fee", rep))
            self._note_inflow(p, t, a)

    def _agent_collusion(self, c: Customer, ring: Ring | None) -> None:
        r = self.r
        d = r.randrange(self.D)
        t = self._time(c, d, "agent")
        agent = r.choice(ring.agents) if ring and r.random() < .5 else r.choice(c.agents_home)
        genuine = kes(self._balance(c) * r.uniform(.2, .6), 100, lo=200)
        self._add(c, t, agent, genuine, None, {"channel": "ussd"})          # the withdrawal they came for
        bal = self._balance(c) * 1.2
        evs = []
        t2 = t + r.randint(100, 720)
        for k in range(1 if r.random() < .6 else 2):
            if r.random() < .7:
                evs.append((t2, agent, kes(bal * r.uniform(.3, .8), 100, lo=500)))
            else:
                p = self._ring_mule(ring, t2) if ring else self.msisdn()
                evs.append((t2, p, kes(bal * r.uniform(.3, .8), 50, lo=300)))
            t2 += r.randint(150, 1200)
        rep = self._report("agent_collusion", evs[-1][0], .5, 8 * 24, .8)
        for t2, p, a in evs:
            self._add(c, t2, p, a, ("agent_collusion", rep), {"channel": "ussd"})
            self._note_inflow(p, t2, a)

    def _investment(self, c: Customer, scheme: tuple) -> None:
        r, cal = self.r, self.cal
        payee, s0, collapse = scheme
        lo, hi = max(s0, 0), min(collapse, self.D) - 3
        if hi <= lo:
            lo, hi = max(0, min(collapse, self.D) - 10), max(1, min(collapse, self.D) - 1)
        d = r.randint(lo, max(lo, hi))
        amt = r.choice((500, 1000, 1000, 2000, 3000, 5000)) * max(.5, c.wealth) ** .5
        cap = min(TXN_LIMIT, self._balance(c) * r.uniform(2, 8))
        quit_d = d + r.randint(10, 60) if r.random() < .2 else 10 ** 6
        evs = []
        while d < min(self.D, collapse, quit_d):
            evs.append((self._time(c, d, "evening"), kes(min(amt, cap), human_step(amt, r), lo=100)))
            d += r.randint(2, 10)
            amt *= r.uniform(1.2, 2.2)
        if not evs:
            return
        rep = self._report("fake_investment", evs[-1][0], .55, 72, .9, t_floor=cal.t(collapse))
        for t, a in evs:
            self._add(c, t, payee, a, ("fake_investment", rep))
            self._note_inflow(payee, t, a)

    def run_mules(self) -> None:
        """External scam inflows to mules, then forwarding (chains through other mules) in time order."""
        r, cal = self.r, self.cal
        heap = []
        for c in self.cust:
            m = c.mule
            if not m:
                continue
            rate = r.uniform(.15, .45)                       # scam proceeds a day, bursty
            d0, d1 = (m.start - cal.t0) // DAY, min(self.D, (m.end - cal.t0) // DAY + 1)
            for d in range(max(0, d0), d1):
                for _ in range(self.nr.poisson(rate * (3.0 if r.random() < .15 else .7))):
                    t = self._time(c, d, "day")
                    if m.start <= t < m.end:
                        a = kes(math.exp(r.gauss(math.log(4000), .9)), 10, lo=200, hi=150_000)
                        m.inflows.append((t, a, 0))
            for t, a, hop in m.inflows:
                heapq.heappush(heap, (t, c.idx, a, hop))
            m.inflows = []
        while heap:
            t_in, i, amt, hop = heapq.heappop(heap)
            c = self.cust[i]
            m = c.mule
            ring = self.rings[m.ring]
            rep = m.flagged
            t = t_in + self._lognormal_s(15 * 60, 1.0) + 30
            x = r.random()
            if x < .45:
                payee = self._ring_mule(ring, t, .35 if hop < 3 else 0)
                if payee == c.cid:
                    payee = r.choice(ring.ext_mules)
                a = kes(amt * r.uniform(.9, .98), 10, lo=50)
                if m.start <= t < m.end:
                    self._add(c, t, payee, a, ("mule_forwarding", rep))
                    j = self.by_cid.get(payee)
                    if j is not None and self.cust[j].mule and self.cust[j].mule.start <= t < self.cust[j].mule.end:
                        heapq.heappush(heap, (t, j, a, hop + 1))
            elif x < .9:
                left = amt * r.uniform(.9, .97)
                hour = ((t - cal.t0) % DAY) // 3600
                if hour < 7 or hour >= 21:                           # agents closed: next morning
                    t = t - ((t - cal.t0) % DAY) + (DAY if hour >= 21 else 0) + r.randint(7 * 3600, 10 * 3600)
                agent_pool = ring.agents if r.random() < .6 else [self._pick_agent(c.home)]
                while left >= 100 and m.start <= t < m.end:
                    chunk = min(left, r.uniform(20000, 70000))
                    a = kes(chunk, 100, lo=100)
                    self._add(c, t, r.choice(agent_pool), a, ("mule_forwarding", rep))
                    left -= a
                    t += r.randint(2, 25) * 60
            else:
                a = kes(amt * r.uniform(.85, .97), 1, lo=50)
                if m.start <= t < m.end:
                    self._add(c, t, r.choice(ring.tills + [self._pick_till(c.home, "electronics")]), a,
                              ("mule_forwarding", rep))

    # ---------------------------------------------------------------- genuine behaviour
    def _lambda(self, c: Customer) -> np.ndarray:
        cal, seg = self.cal, SEG[c.seg]
        rates = np.array(seg.rates, dtype=float) * RATE_SCALE * c.scale
        rates[KI["betting"]] *= c.bettor
        rates[KI["church"]] *= 1.0 if c.church else 0.0
        if c.work_xy is None:
            rates[KI["matatu"]] *= .3
        key = ("L", c.seg, seg.pay, c.pay_dom)
        base = self._lam_cache.get(key)
        if base is None:
            dowm = np.array([DOW[k] for k in KINDS]).T[cal.dow]                 # (D, K)
            holm = np.where(cal.holiday[:, None], np.array([HOLIDAY_MULT.get(k, 1.0) for k in KINDS]), 1.0)
            pm = cal.payday_mult(seg.pay, c.pay_dom)
            pexp = np.array([PAYDAY_EXP.get(k, 0.0) for k in KINDS])
            base = dowm * holm * np.power(pm[:, None], pexp[None, :])
            # December: more transfers and shopping
            dec = np.array([d.month == 12 and d.day >= 15 for d in cal.dates])
            base = base * np.where(dec[:, None], np.array([1.6 if k in ("p2p", "buygoods", "cashout") else 1.0
                                                           for k in KINDS]), 1.0)
            self._lam_cache[key] = base
        lam = base * rates[None, :]
        away = np.array([c.loc[d] != c.home for d in range(self.D)])
        if away.any():
            lam[away, KI["matatu"]] = 0.0
            lam[away, KI["supplier"]] *= .2
            lam[away, KI["cashout"]] *= 1.6
            lam[away, KI["p2p"]] *= 1.3
            lam[away, KI["fuel"]] *= .2
        if c.seg == "farmer":                                                    # short-rains planting
            plant = np.array([(d.month == 10) or (d.month == 3) for d in cal.dates])
            lam[plant, KI["supplier"]] *= 4.0
        return lam

    def genuine(self, c: Customer) -> None:
        if c.seg == "business":
            self._business(c)
            return
        lam = self._lambda(c)
        counts = self.nr.poisson(lam)
        ds, ks = np.nonzero(counts)
        emit = self._emitters
        for d, k, n in zip(ds.tolist(), ks.tolist(), counts[ds, ks].tolist()):
            for _ in range(n):
                emit[k](c, d)
        self._scheduled(c)

    def _contact(self, c: Customer) -> str:
        r = self.r
        if r.random() < .08:
            n = self.msisdn(.12)
            if r.random() < .3:
                c.contacts.append(n)
                w = [c.contacts_cum[0]] + [b - a for a, b in zip(c.contacts_cum, c.contacts_cum[1:])]
                w.append(.05)
                c.contacts_cum = cumw(w)
            return n
        return c.contacts[pick_cum(c.contacts_cum, r)]

    def e_p2p(self, c: Customer, d: int) -> None:
        r = self.r
        t = self._time(c, d, "day" if r.random() < .6 else "evening")
        if r.random() < (.4 if c.seg in ("student", "boda_rider", "casual_worker") else .25):
            amt = r.choice((20, 30, 40, 50, 50, 50, 60, 70, 80, 99, 100))
        else:
            x = math.exp(r.gauss(math.log(500 * c.wealth), 1.0))
            amt = kes(x, human_step(x, r), lo=10, hi=150_000)
        self._add(c, t, self._contact(c), amt)

    def e_buygoods(self, c: Customer, d: int) -> None:
        r = self.r
        town = c.loc[d]
        if town == c.home and c.tills and r.random() < .7:
            till = c.tills[pick_cum(c.tills_cum, r)]
        else:
            prefs = SEG_TILL_PREF.get(c.seg, SEG_TILL_PREF["urban_worker"])
            cat = TILL_CATS[pick_cum(cumw(prefs), r)]
            till = self._pick_till(town, cat)
        cat = self.till_cat[till]
        med, sig, step = TILL_AMOUNT[cat]
        w = c.wealth ** .6 if cat in ("supermarket", "bar_resto", "electronics", "hardware") else c.wealth ** .3
        x = math.exp(r.gauss(math.log(med * w), sig))
        self._add(c, self._time(c, d, "shop"), till, kes(x, step if x > step * 3 else 1, lo=10))

    def e_matatu(self, c: Customer, d: int) -> None:
        r = self.r
        if TOWNS[c.loc[d]].kind != "city":
            return
        payee = r.choice(c.matatu) if c.matatu and r.random() < .6 else (
            self.msisdn() if r.random() < .6 else self._pick_till(c.loc[d], "matatu"))
        fare = r.choice((30, 40, 50, 50, 60, 70, 70, 80, 100, 100, 120, 150))
        self._add(c, self._time(c, d, "commute"), payee, fare)

    def e_market(self, c: Customer, d: int) -> None:
        r = self.r
        x = r.random()
        payee = r.choice(c.vendors) if x < .6 else self.msisdn(.1) if x < .9 else self._pick_till(c.loc[d], "market")
        self._add(c, self._time(c, d, "day"), payee, kes(math.exp(r.gauss(math.log(120), .7)), 10, lo=10))

    def e_airtime(self, c: Customer, d: int) -> None:
        r = self.r
        who = c.cid if r.random() < .85 else c.contacts[pick_cum(c.contacts_cum, r)]
        amt = r.choice((10, 20, 20, 30, 50, 50, 50, 100, 100, 200, 250, 500, 1000))
        self._add(c, self._time(c, d, "day"), "airtime:" + who, amt)

    def e_bundles(self, c: Customer, d: int) -> None:
        r = self.r
        amt = r.choice((20, 50, 50, 55, 99, 99, 100, 110, 250, 250, 500, 1000, 2000))
        self._add(c, self._time(c, d, "evening"), "bundles:" + c.cid, amt)

    def e_token(self, c: Customer, d: int) -> None:
        r = self.r
        amt = r.choice((100, 150, 200, 200, 300, 500, 500, 1000, 1500, 2000))
        if c.wealth > 2 and r.random() < .5:
            amt *= 2
        self._add(c, self._time(c, d, "bills"), self.power_prepaid, amt)

    def e_betting(self, c: Customer, d: int) -> None:
        r = self.r
        t = self._time(c, d, "betting")
        base = r.choice((10, 20, 20, 49, 50, 50, 99, 100, 100, 200, 500, 1000))
        base = kes(base * max(.5, c.bettor * c.wealth ** .4), 1, lo=10)
        payee = c.bet_payees[0] if r.random() < .8 else r.choice(c.bet_payees + [r.choice(self.betting)])
        for k in range(min(8, 1 + int(r.expovariate(.8)))):           # a session: chasing losses
            self._add(c, t, payee, base)
            t += int(r.expovariate(1 / 500)) + 30
            if r.random() < .3:
                base = kes(base * r.uniform(1.2, 2), 1, lo=10)

    def e_cashout(self, c: Customer, d: int) -> None:
        r = self.r
        t = self._time(c, d, "agent")
        town = c.loc[d]
        if town != c.home:
            agent = self._pick_agent(town) if TOWNS[town].kind != "foreign" else self._pick_agent(c.home)
        else:
            h = ((t - self.cal.t0) % DAY) // 3600
            pool = c.agents_work if (8 <= h < 17 and self.cal.dow[d] < 5) else c.agents_home
            agent = r.choice(pool) if r.random() < .8 else self._pick_agent(town)
        med = {"small_trader": 5000, "professional": 4000, "urban_worker": 2000, "rural_recipient": 1500,
               "farmer": 2000, "elderly": 2000}.get(c.seg, 1000)
        x = math.exp(r.gauss(math.log(med * c.wealth ** .5), .8))
        self._add(c, t, agent, kes(x, 500 if x > 3000 else 100 if x > 300 else 50, lo=50))

    def e_supplier(self, c: Customer, d: int) -> None:
        r = self.r
        if not c.suppliers:
            return
        if r.random() < .1:
            p = self.msisdn(.1) if r.random() < .6 else self._pick_till(c.loc[d], r.choice(("hardware", "agrovet")))
        else:
            p = c.suppliers[pick_cum(c.suppliers_cum, r)]
        x = math.exp(r.gauss(math.log(5000 * c.wealth), .9))
        self._add(c, self._time(c, d, "day"), p, kes(x, 10 if r.random() < .5 else 1, lo=50))

    def e_fuel(self, c: Customer, d: int) -> None:
        r = self.r
        p = r.choice(c.petrol) if c.petrol and r.random() < .8 else self._pick_till(c.loc[d], "petrol")
        self._add(c, self._time(c, d, "fuel"), p, r.choice((100, 150, 200, 200, 250, 300, 300, 400, 500)))

    def e_church(self, c: Customer, d: int) -> None:
        r = self.r
        amt = r.choice((50, 100, 100, 200, 200, 300, 500, 1000)) * (2 if c.wealth > 2 else 1)
        self._add(c, self._time(c, d, "church"), c.church, amt)

    def e_bank(self, c: Customer, d: int) -> None:
        r = self.r
        x = math.exp(r.gauss(math.log(8000 * c.wealth ** .7), .9))
        self._add(c, self._time(c, d, "bills"), c.bank or self.banks[0], kes(x, human_step(x, r), lo=100))

    def e_misc(self, c: Customer, d: int) -> None:
        r = self.r
        x = math.exp(r.gauss(math.log(900 * c.wealth ** .6), 1.0))
        self._add(c, self._time(c, d, "bills"), r.choice(self.misc_billers), kes(x, 1, lo=50))

    def _scheduled(self, c: Customer) -> None:
        r, cal, seg = self.r, self.cal, SEG[c.seg]
        D = self.D
        urban = TOWNS[c.home].kind == "city"
        act = min(1.0, c.scale ** .3)                        # dormant accounts skip most obligations
        # rent
        if urban and r.random() < seg.rent * act:
            med = {"professional": 25000, "student": 5000, "small_trader": 9000, "casual_worker": 3500,
                   "boda_rider": 3000}.get(c.seg, 7000)
            rent = kes(med * math.exp(r.gauss(0, .35)) * (c.wealth / seg.wealth) ** .4, 500, lo=1500)
            x = r.random()
            payee = self.msisdn() if x < .55 else r.choice(self.agencies[c.home]) if x < .85 else \
                self._pick_till(c.home, "duka")
            rday = r.randint(1, 7)
            for d in range(D):
                if cal.dom[d] == rday:
                    dd = min(D - 1, d + max(0, int(r.gauss(0, 2))))
                    if r.random() < .1:
                        half = kes(rent / 2, 500)
                        self._add(c, self._time(c, dd, "evening"), payee, half)
                        self._add(c, self._time(c, min(D - 1, dd + r.randint(3, 12)), "evening"), payee, rent - half)
                    else:
                        self._add(c, self._time(c, dd, "evening"), payee, rent)
        # upcountry remittances
        if r.random() < seg.remit * act:
            rural_kin = [self.cust[k].cid for k in c.kin if self.cust[k].seg in ("rural_recipient", "farmer",
                                                                                   "elderly")]
            targets = rural_kin + c.parents
            if targets:
                if seg.pay == "salary":
                    days = [p + r.randint(0, 2) for p in cal.paydays(c.pay_dom)]
                    med = 3000 * c.wealth
                else:
                    days = [d for d in range(D) if cal.dow[d] in (5, 6) and r.random() < .35]
                    med = 700 * c.wealth
                for d in days:
                    if 0 <= d < D:
                        for tgt in r.sample(targets, min(len(targets), r.choice((1, 1, 1, 2, 2, 3)))):
                            x = med * math.exp(r.gauss(0, .5))
                            self._add(c, self._time(c, d, "evening"), tgt, kes(x, human_step(x, r), lo=100))
        # school fees around term starts
        if r.random() < seg.school * act:
            kids = []
            for _ in range(r.choice((1, 1, 2, 2, 3))):
                lvl = r.choices(("primary", "secondary", "college"), (.45, .45, .1))[0]
                fee = {"primary": 4000, "secondary": 18000, "college": 30000}[lvl] * math.exp(r.gauss(0, .45))
                fee *= max(.5, c.wealth) ** .5
                sch_town = c.upcountry if (lvl != "college" and r.random() < .6) else c.home
                school = r.choice(self.schools.get(sch_town, self.schools[RURAL_IDX[0]])) if r.random() < .5 \
                    else self.banks[pick_cum(self.banks_cum, r)]
                kids.append((school, fee))
            for s in cal.term_starts:
                for school, fee in kids:
                    plan = [(s + int(max(-10, min(20, r.gauss(-1, 5)))), .65 if r.random() < .5 else 1.0)]
                    if r.random() < .4:
                        plan = [(plan[0][0], .6), (s + r.randint(25, 60), .4)]
                    for d, share in plan:
                        if 0 <= d < D:
                            x = fee * share
                            self._add(c, self._time(c, d, "day"), school, kes(x, 100 if r.random() < .6 else 1,
                                                                                 lo=500))
        # loans: digital lenders, daily bike loans
        if r.random() < seg.loan * act:
            if c.seg == "boda_rider" and r.random() < .55:
                lender = r.choice(self.bike_lenders)
                inst = r.choice((300, 350, 350, 400, 450))
                owed = 0
                for d in range(D):
                    if cal.dow[d] == 6:
                        continue
                    owed += inst
                    if r.random() < .85:
                        self._add(c, self._time(c, d, "fuel"), lender, owed)
                        owed = 0
            else:
                lender = r.choice(self.lenders)
                pds = cal.paydays(c.pay_dom) if seg.pay == "salary" else [d for d in range(0, D, 14)]
                for p in pds:
                    d = p + r.randint(0, 3) if seg.pay == "salary" else p + r.randint(0, 13)
                    if 0 <= d < D and r.random() < .85:
                        x = 2500 * c.wealth * math.exp(r.gauss(0, .6))
                        self._add(c, self._time(c, d, "bills"), lender, kes(x, 1, lo=100))
        # chama contributions
        for ch in c.chamas:
            if ch["payee"] == c.cid:
                continue
            for d in range(D):
                due = cal.dow[d] == ch["dow"] if ch["weekly"] else cal.dom[d] == ch["dom"]
                if due and r.random() < .88:
                    dd = max(0, d - (int(r.expovariate(.7)) if r.random() < .5 else 0))
                    self._add(c, self._time(c, dd, "evening"), ch["payee"], ch["amount"] * (2 if c.wealth > 2 else 1))
        # subscriptions and bills
        subs = []
        if r.random() < seg.tv * act:
            subs.append((r.choice(self.tv), r.choice((399, 499, 830, 1150, 1850, 2700, 5200)), False))
        if c.home_ip:
            subs.append((r.choice(self.internet), r.choice((2999, 4100, 5999)), False))
        if urban and r.random() < (.4 if c.seg == "professional" else .15) * act and c.home in self.water:
            subs.append((self.water[c.home], 0, True))
        if c.seg == "professional" and r.random() < .3:
            subs.append((self.power_postpaid, 0, True))
        if c.seg in ("casual_worker", "small_trader", "boda_rider", "farmer") and r.random() < .3 * act:
            subs.append((self.sha, r.choice((300, 300, 500, 750)), False))
        for payee, amt, variable in subs:
            dom = r.randint(1, 28)
            for d in range(D):
                if cal.dom[d] == dom and r.random() < .92:
                    a = kes(r.uniform(600, 4500) * c.wealth ** .3, 1, lo=100) if variable else amt
                    self._add(c, self._time(c, d, "bills"), payee, a)
        # harambee contributions
        for t, payee, amt in self.harambee_contrib.get(c.idx, ()):
            self._add(c, t, payee, amt)
        # travel fares
        for da, db, ti in c.trips:
            fare_payee = r.choice(self.bus) if r.random() < .6 else self.msisdn()
            dist = abs(TOWNS[ti].lat - TOWNS[c.home].lat) + abs(TOWNS[ti].lon - TOWNS[c.home].lon)
            fare = kes(300 + 500 * dist, 50, lo=300)
            self._add(c, self._time(c, da, "day"), fare_payee, fare)
            if db < D - 1 and r.random() < .8:
                self._add(c, self._time(c, db, "day"), r.choice(self.bus) if r.random() < .6 else self.msisdn(), fare)
        # emergencies: hospital bill, or organising a funeral (many new payees in a couple of days)
        if r.random() < .012 * D / 90 * act:
            d = r.randrange(D)
            x = 25000 * c.wealth ** .7 * math.exp(r.gauss(0, .7))
            hosp_town = c.loc[d] if c.loc[d] in self.hospitals else c.upcountry
            self._add(c, self._time(c, d, "day"), r.choice(self.hospitals[hosp_town]), kes(x, 1, lo=2000))
            for _ in range(r.randint(1, 4)):
                y = r.uniform(1000, 10000)
                self._add(c, self._time(c, d, "day"), self.msisdn(.1), kes(y, 500))
        if r.random() < .006 * D / 90 * act:
            d0 = r.randrange(D)
            items = [(r.choice(self.hospitals[c.upcountry]), r.uniform(15000, 60000), 1),
                     (self.msisdn(), r.uniform(15000, 45000), 500), (self.msisdn(), r.uniform(5000, 15000), 500),
                     (r.choice(self.bus), r.uniform(10000, 35000), 500), (self.msisdn(.2), r.uniform(3000, 20000), 100)]
            for payee, x, step in items[:r.randint(3, 5)]:
                d = min(D - 1, d0 + r.randint(0, 2))
                self._add(c, self._time(c, d, "day"), payee, kes(x * c.wealth ** .4, step, lo=500))
            for _ in range(r.randint(0, 2)):
                self._add(c, self._time(c, min(D - 1, d0 + 1), "agent"), self._pick_agent(c.upcountry),
                          kes(r.uniform(2000, 20000), 500))

    def _business(self, c: Customer) -> None:
        r, cal, b = self.r, self.cal, c.biz
        D = self.D
        for d in range(D):
            wd = cal.dow[d] < 5 and not cal.holiday[d]
            n = self.nr.poisson((.5 if wd else .08) * c.scale ** .5)
            for _ in range(n):
                p = b["suppliers"][pick_cum(b["sup_cum"], r)] if r.random() < .9 else self.paybill()
                x = math.exp(r.gauss(math.log(15000 * c.wealth / 10), 1.0))
                self._add(c, self._time(c, d, "business"), p, kes(x, 1, lo=100))
            if b["disburser"]:                                   # loan / payout disbursements to new numbers
                for _ in range(self.nr.poisson(6 if wd else 2)):
                    x = math.exp(r.gauss(math.log(3000), .8))
                    self._add(c, self._time(c, d, "day"), self.msisdn(.15), kes(x, 100, lo=100))
            if cal.dom[d] == min(b["pay_dom"], cal.dim[d]) or (
                    cal.dom[d] == b["pay_dom"] - 1 and cal.dow[d] == 4):
                t = cal.t(d, r.randint(9, 16), r.randrange(60))
                for e in b["employees"]:
                    x = math.exp(r.gauss(math.log(18000), .5))
                    self._add(c, t, e, kes(x, 100, lo=1000))
                    t += r.randint(1, 20) if b["kind"] == "api" else r.randint(5, 90)
            if cal.dom[d] == 18:
                self._add(c, self._time(c, d, "business"), self.kra, kes(r.uniform(5000, 120000), 1))

    # ---------------------------------------------------------------- context per payment
    def _device_at(self, c: Customer, t: int, d: int) -> str:
        j = bisect.bisect_right(c.dev_ts, t) - 1
        dev, alt = c.dev_seg[max(0, j)]
        if alt and d in c.alt_days:
            return alt
        return dev

    def _ua(self, dev: str, t: int) -> str:
        smart, model, plat, os_v, lag = self.devinfo[dev]
        ver = APP_RELEASES[0][1]
        for rel, v in APP_RELEASES:
            if self.cal.t0 + (rel + lag) * DAY <= t:
                ver = v
        return f"PesaApp/{ver} ({plat} {os_v}; {model})"

    def _app_ip(self, c: Customer, t: int, d: int, town: int, at_home: bool) -> str:
        r = self.r
        if c.home_ip and at_home and town == c.home and r.random() < .75:
            return c.home_ip
        if c.ipv6 and c.data_sim == "saf" and r.random() < .85:
            if c.v6_day != d or t - c.last_ip_t > 4 * 3600:
                c.v6_prefix = f"2c0f:fe38:{r.randrange(0x2000, 0x2400):x}:{r.getrandbits(16):x}"
                c.v6_day = d
            c.last_ip_t = t
            return f"{c.v6_prefix}:{r.getrandbits(16):x}:{r.getrandbits(16):x}:{r.getrandbits(16):x}:" \
                   f"{r.getrandbits(16):x}"
        if t - c.last_ip_t < 1800 and c.last_ip and ":" not in c.last_ip:
            c.last_ip_t = t
            return c.last_ip
        ip = self.cgnat_ip(TOWNS[town].region, airtel=c.data_sim == "airtel")
        c.last_ip, c.last_ip_t = ip, t
        return ip

    def _context(self, c: Customer, t: int, ov: dict | None) -> tuple:
        """(channel, ip, device_id, user_agent, lat, lon, country, city)."""
        r, cal = self.r, self.cal
        d = (t - cal.t0) // DAY
        if c.biz:
            b = c.biz
            if b["kind"] == "api":
                return ("api", b["api_ip"], "", b["api_ua"], "", "", b["api_country"], "")
            dev, ua = r.choice(b["web_dev"])
            ip = b["office_ip"] if r.random() < .9 else self.cgnat_ip("nbi")
            return ("web", ip, dev, ua, "", "", "KE", "")
        ov = ov or {}
        town = ov.get("town", c.loc[d])
        dev = ov.get("device") or self._device_at(c, t, d)
        if not ov.get("device") and c.borrow and r.random() < .0008:
            dev = r.choice(c.borrow)                                   # SIM in a relative's phone for a day
        smart = self.devinfo[dev][0]
        ch = ov.get("channel")
        if ch is None:
            ch = "app" if smart and r.random() < c.p_app else "ussd"
        if ch == "app" and not smart:
            ch = "ussd"
        if ch == "ussd":
            return ("ussd", "", dev, "", "", "", "", "")
        hour = ((t - cal.t0) % DAY) // 3600
        at_home = hour < 8 or hour >= 18 or cal.dow[d] >= 5
        ip = ov.get("ip") or self._app_ip(c, t, d, town, at_home and "device" not in ov)
        ua = self._ua(dev, t)
        tw = TOWNS[town]
        gps = ov.get("gps", c.gps) and r.random() < .85
        if not gps:
            return ("app", ip, dev, ua, "", "", "KE", "")
        if "xy" in ov:
            lat, lon = ov["xy"]
        elif town == c.home and "device" not in ov:
            base = c.work_xy if (c.work_xy and not at_home and r.random() < .8) else c.home_xy
            lat, lon = base[0] + r.gauss(0, .002), base[1] + r.gauss(0, .002)
        else:
            lat, lon = self._xy(town, .6)
        return ("app", ip, dev, ua, f"{lat:.5f}", f"{lon:.5f}", tw.country, tw.name)

    # ---------------------------------------------------------------- assemble
    def generate(self) -> None:
        self._lam_cache: dict = {}
        self._emitters = [getattr(self, "e_" + k) for k in KINDS]
        for ch in self.chamas:
            for m in ch["members"]:
                self.cust[m].chamas.append(ch)
        self.plan_fraud()
        self.run_mules()
        for c in self.cust:
            fraud_events = c.events
            c.events = []
            self.genuine(c)
            genuine = c.events
            if c.blackouts:
                genuine = [e for e in genuine if not any(a <= e[0] < b for a, b in c.blackouts)]
            evs = genuine + fraud_events
            if c.mule:
                evs = [e for e in evs if e[0] < c.mule.end and (not c.mule.fresh or e[0] >= c.mule.start)]
            evs.sort(key=lambda e: e[0])
            day_tot: dict = defaultdict(int)
            for t, payee, amt, fraud, ov in evs:
                d = (t - self.cal.t0) // DAY
                if c.seg != "business":
                    if day_tot[d] + amt > DAILY_LIMIT:
                        continue                                      # the service would refuse it
                    day_tot[d] += amt
                ctx = self._context(c, t, ov)
                scen, rep = fraud if fraud else ("", None)
                self.rows.append((t, c.idx, amt, ctx, payee, 1 if fraud else 0, rep, scen))
            c.events = []

    def write(self, path: str) -> dict:
        self.rows.sort(key=lambda x: (x[0], x[1]))
        day_str: dict = {}

        def iso(t: int) -> str:
            lt = t + EAT
            dk = lt // DAY
            s = day_str.get(dk)
            if s is None:
                s = day_str[dk] = time.strftime("%Y-%m-%d", time.gmtime(dk * DAY))
            rem = lt - dk * DAY
            return f"{s}T{rem // 3600:02d}:{rem % 3600 // 60:02d}:{rem % 60:02d}+03:00"

        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        mod = 36 ** 7
        salt = (self.seed * 7919) % mod
        stats = {"rows": 0, "fraud": Counter(), "channel": Counter(), "ip": 0, "device": 0, "lat": 0,
                 "customers": set(), "reported": Counter()}
        with gzip.open(path, "wt", newline="", compresslevel=6) as f:
            w = csv.writer(f)
            w.writerow(["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip",
                        "device_id", "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud",
                        "fraud_reported_at", "scenario"])
            for n, (t, ci, amt, ctx, payee, y, rep, scen) in enumerate(self.rows):
                lt = time.gmtime(t + EAT)
                v = (n * 2654435761 + salt) % mod
                suf = []
                for _ in range(7):
                    v, rr = divmod(v, 36)
                    suf.append(alphabet[rr])
                # M-Pesa-like receipt: year letter, month letter, day character, 7 characters
                tid = chr(ord("A") + (lt.tm_year - 2006) % 26) + chr(ord("A") + lt.tm_mon - 1) + \
                    alphabet[lt.tm_mday] + "".join(suf)
                ch, ip, dev, ua, lat, lon, ctry, city = ctx
                w.writerow([tid, self.cust[ci].cid, iso(t), amt, CURRENCY, ch, ip, dev, ua, lat, lon, ctry, city,
                            payee, y, iso(rep) if (y and rep is not None) else "", scen])
                stats["rows"] += 1
                stats["customers"].add(ci)
                stats["channel"][ch] += 1
                stats["ip"] += bool(ip)
                stats["device"] += bool(dev)
                stats["lat"] += bool(lat)
                if y:
                    stats["fraud"][scen] += 1
                    if rep is not None:
                        stats["reported"][scen] += 1
        stats["customers"] = len(stats["customers"])
        return stats


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.momo", description="Synthetic mobile-money (M-Pesa-like, Kenya) payment history.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=8000)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--start", type=str, default="2025-09-01", help="first day, YYYY-MM-DD (EAT)")
    ap.add_argument("--out", type=str, default="world-momo.csv.gz")
    a = ap.parse_args(argv)
    t0 = time.time()
    w = World(a.seed, a.customers, a.days, date.fromisoformat(a.start))
    w.build()
    w.generate()
    s = w.write(a.out)
    n = max(1, s["rows"])
    fr = sum(s["fraud"].values())
    print(f"momo: {s['rows']} rows, {s['customers']} customers, fraud {fr} ({100 * fr / n:.2f}%), "
          f"{time.time() - t0:.1f}s -> {a.out}", file=sys.stderr)
    for k, v in sorted(s["fraud"].items()):
        print(f"  {k}: {v} rows, {s['reported'][k]} reported", file=sys.stderr)
    print("  channels: " + ", ".join(f"{k} {100 * v / n:.1f}%" for k, v in s["channel"].most_common())
          + f"; ip {100 * s['ip'] / n:.1f}%, device_id {100 * s['device'] / n:.1f}%, lat {100 * s['lat'] / n:.1f}%",
          file=sys.stderr)


if __name__ == "__main__":
    main()
