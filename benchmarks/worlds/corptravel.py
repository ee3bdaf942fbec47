"""corptravel -- synthetic payment history of a European corporate travel & expense card programme.

World
-----
One issuer runs a corporate travel & expense (T&E) card programme for ~60
client companies (consultancies, software vendors, pharma, engineering,
finance and logistics firms headquartered in the euro area, the UK,
Switzerland, the Nordics, Poland and Czechia).  Every cardholder (an employee,
``customer_id`` = ``ct-...``) has an EUR-billed card, but a row's ``amount``
and ``currency`` are what the authorisation carries: the merchant's amount in
the merchant's ISO 4217 currency (EUR, GBP, CHF, SEK, DKK, NOK, PLN, CZK, HUF,
RON, BGN, TRY, USD, CAD, AED, QAR, SAR, ILS, SGD, HKD, JPY, CNY, KRW, INR,
THB, MYR, AUD, BRL, MXN, ZAR ...; zero-decimal currencies such as JPY/KRW are
written without decimals).  ``payee_id`` is the merchant (``m-<MCC>-<country>
-<city/brand>-<n>``, e.g. ``m-7011-ES-BCN-0003`` a Barcelona hotel,
``m-4722-DE-9001`` a travel-management company shared by many client firms,
``m-4121-NL-9001`` a ride-hailing platform charging local currency in many
countries) or, for invoices paid with the card through the programme's
expense portal ("pay a supplier by card"), a beneficiary ``ben-<country>-<n>``.
Channels: ``pos`` (plastic chip/contactless), ``wallet`` (phone wallet token
tapped in a shop: device_id = the phone, user_agent = wallet/device
descriptor, no IP), ``ecom`` (browser, laptop or phone), ``mobile`` (in-app
payment: ride-hailing, airline apps), ``web`` (expense-portal invoice
payment), ``atm`` and ``recurring`` (merchant-initiated subscription charges:
no device, IP or location).  ``country``/``city``/``lat``/``lon`` are where
the payer is as the gateway knows it: the terminal's location for card-present
rows (geo-coordinates only for some acquirers), GPS of the phone for in-app
payments when the app has location permission, otherwise the IP's
geolocation (no coordinates) for browser payments.  Fields a gateway of this
kind lacks are left empty.

Written independently from the wire contract only (shared/API.md: the
POST /v1/score request fields and the "Replay files" section); no scorer code
was read.

Genuine behaviour modelled
  * roles: consultants on multi-week client engagements (fly out Monday
    06-08h, home Thursday evening, same client city, hotel and restaurants
    week after week), sales staff with a territory (a new country almost
    every week, 1-4 nights, some long-haul), executives (premium hotels,
    long-haul, lounges, client dinners), field/service engineers (regional
    trips by car: rental pre-authorisations, fuel, budget hotels), occasional
    travellers, office staff who barely use the card, travel assistants
    booking trips for others (many payees, large amounts) and IT/procurement
    buyers running SaaS subscriptions and buying equipment online;
  * trips: booking days ahead through the company's travel-management
    company (TMC, + booking fee) or the airline's site (unless the company
    bills flights centrally), rail for short hops (DB, SNCF, SBB, Eurostar,
    ...), airport taxi/ride-hailing, airport coffee, pay-per-use lounges,
    arrival taxi in local currency, hotel check-in pre-authorisation then the
    check-out charge, meals at local hours within a per-company dinner cap
    (US tips), taxis, convenience shops, client entertainment, cash
    withdrawals abroad, duty free, in-flight Wi-Fi, airport parking on return;
    flights take real time (distance-based), all local hours follow each
    city's time zone and DST rules (EU / US / AU);
  * home days: client lunches, team lunches, day trips by train, parking,
    fuel, office supplies and books online, couriers, conference
    registrations; assistants' bookings and supplier/TMC invoices paid
    through the portal (the TMC's collection account is a payee shared by
    every client firm of that TMC); recurring SaaS subscriptions (Zoom,
    Slack, Microsoft, Adobe, LinkedIn, OpenAI, GitHub, AWS usage ...) on a
    fixed day of the month, in USD or EUR;
  * company-wide events: a sales kick-off where ~200 employees of the largest
    client check in at the same Barcelona hotel within two days with the same
    incidentals deposit; a trade fair in Amsterdam (~130 staff of many firms,
    registration fees to one organiser, the venue caterer, surge hotel
    rates); a US tech conference in Las Vegas (USD, long-haul); Christmas
    parties and team dinners paid by one organiser in December;
  * devices and networks: phone wallet tokens and in-app payments on the
    employee's phone (iOS/Android with OS upgrades, phone replacements),
    company-managed laptops (Chrome/Edge/Safari versions rolling over time),
    personal computers at home; corporate egress IP ranges or cloud security
    proxies shared by several companies (always-on VPN), home broadband,
    CGNAT mobile carrier pools (some IPv6), home-routed roaming (IP geolocated
    in the home country while the card is abroad), local eSIMs, hotel Wi-Fi
    shared by all guests (the kick-off hotel's few IPs serve ~130 cardholders),
    in-flight Wi-Fi egressing in the US, a few genuine commercial-VPN users;
  * cardholder life cycle: new joiners throughout the period (card arrives
    a few days after the start date, cold start), leavers (card closed),
    vacations, the Christmas break;
  * personal purchases on the corporate card (weekend supermarket, clothes):
    a policy breach the company recovers via payroll, NOT fraud in this
    world: these rows are labelled 0 with no scenario.

Fraud scenarios (``scenario`` column)
  skimmed_card_abroad  card skimmed at an ATM/fuel pump during a trip; the
      clone is used days later in a far country (ATM cash, electronics,
      jewellery), often while the employee is back home; reported within
      hours to days, some at the monthly expense reconciliation.
  cnp_card_data  card data bought online: new device and IP (residential
      proxy in the cardholder's country, datacenter VPN or foreign), night
      hours, electronics, gift cards, third-party airline tickets, crypto,
      luxury; reported at reconciliation (2-6 weeks), by alert, or never
      (small amounts).  Also the cash-out of cards that passed card testing.
  compromised_hotel_terminal  a hotel's POS in a popular city is compromised
      for three weeks; many guests' cards are later used by one ring (shared
      devices and a datacenter subnet, a few clones in far countries).
  card_testing  BIN attacks: within an hour at night, a bot tries tiny
      amounts on dozens of cards of the programme (including cards that
      are rarely used) at a donation site / small web shop, from a few
      devices and rotating datacenter IPs; about half are confirmed days
      later, the rest never reported.
  lost_stolen_card  card stolen in a bar/taxi on a trip (or at home): a run of
      contactless taps just under the local no-PIN limit in the same city
      within hours; reported the next morning or days later.
  wallet_token_phishing  smishing yields the one-time code to provision the
      card into the fraudster's phone wallet: taps and in-app purchases from
      a new device, often in another city; reported within days.
  ato_expense_portal  takeover of an assistant's / buyer's / executive's
      expense-portal login: new device, proxy or VPN IP, a new foreign
      beneficiary, several large "invoice" payments within hours on a
      Friday evening or weekend; reported within days.
  travel_agency_impersonation  invoice fraud: an e-mail in the name of the
      companies' TMC announces new bank details; the genuine employee pays
      a "group booking invoice" from the usual laptop, office IP and hours
      to a look-alike beneficiary shared across victim companies; reported
      when the real TMC chases the invoice (1-6 weeks) or never.
  employee_misuse_leaver  an employee who is leaving uses the card for
      personal resale-able goods (electronics, gift cards, luxury, flights
      for family) in the last weeks: labelled fraud (misappropriation found
      at the final expense audit, weeks later, or never).
  Victims keep their normal activity.  ``fraud_reported_at`` is set per case
  (after the case's last row; may fall after the end of the file) or left
  empty when never reported.

Known simplifications
  No declines (every row is an approved authorisation); hotel/rental
  completions are separate rows; no refunds, reversals or FX fees; MCCs are
  only visible inside ``payee_id``; merchant-initiated charges carry no
  location; city coordinates are jittered around the city centre; FX rates
  are fixed over the period; public holidays other than Christmas are ignored.

Run (from the repository root)
  python -m benchmarks.worlds.corptravel [--seed 11] [--customers 3000]
        [--days 120] [--start 2025-09-01] [--out world-corptravel.csv.gz]
Default: 3000 cardholders of 60 companies, 120 days from 2025-09-01 (autumn
conference season to the Christmas break): about 258k rows, about 0.4 % fraud
rows (~1,000 rows in ~380 cases, a third of them card-testing probes), about
6 s on one core.  The output is byte-identical for a given seed and arguments
(gzip mtime 0, independent of PYTHONHASHSEED).  Events and fraud cases scale
with cardholders x days; small worlds (e.g. --customers 80 --days 30) keep the
events and at least one case of most scenarios, so their fraud share is
higher (~1 %).
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

HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
          "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]

# --------------------------------------------------------------------------- static world data

CUR = {"DE": "EUR", "FR": "EUR", "NL": "EUR", "BE": "EUR", "ES": "EUR", "IT": "EUR", "AT": "EUR", "IE": "EUR",
       "PT": "EUR", "FI": "EUR", "LU": "EUR", "GR": "EUR", "EE": "EUR", "LV": "EUR", "LT": "EUR", "HR": "EUR",
       "SK": "EUR", "SI": "EUR", "MT": "EUR", "CY": "EUR",
       "GB": "GBP", "CH": "CHF", "SE": "SEK", "DK": "DKK", "NO": "NOK", "PL": "PLN", "CZ": "CZK", "HU": "HUF",
       "RO": "RON", "BG": "BGN", "TR": "TRY", "US": "USD", "CA": "CAD", "AE": "AED", "QA": "QAR", "SA": "SAR",
       "IL": "ILS", "SG": "SGD", "HK": "HKD", "JP": "JPY", "CN": "CNY", "KR": "KRW", "IN": "INR", "TH": "THB",
       "MY": "MYR", "AU": "AUD", "BR": "BRL", "MX": "MXN", "ZA": "ZAR", "ID": "IDR", "PH": "PHP", "CO": "COP"}

# units of currency per EUR (fixed, autumn 2025 levels)
FX = {"EUR": 1.0, "GBP": 0.87, "CHF": 0.935, "SEK": 11.0, "DKK": 7.46, "NOK": 11.7, "PLN": 4.25, "CZK": 24.4,
      "HUF": 390.0, "RON": 5.08, "BGN": 1.9558, "TRY": 48.5, "USD": 1.165, "CAD": 1.62, "AED": 4.28,
      "QAR": 4.24, "SAR": 4.37, "ILS": 3.85, "SGD": 1.50, "HKD": 9.07, "JPY": 175.0, "CNY": 8.3, "KRW": 1680.0,
      "INR": 103.0, "THB": 37.8, "MYR": 4.9, "AUD": 1.78, "BRL": 6.25, "MXN": 21.4, "ZAR": 20.3,
      "IDR": 19300.0, "PHP": 67.5, "COP": 4500.0}
ZERO_DEC = {"JPY", "KRW"}                     # ISO 4217 exponent 0
NATURAL_UNIT = {"JPY": 10, "KRW": 100, "HUF": 10, "IDR": 1000, "COP": 100, "INR": 1, "THB": 1, "PHP": 1,
                "CZK": 1, "TRY": 1}           # prices are whole multiples of these
TIPPING = {"US", "CA"}

# time zones: name -> (standard offset in hours, DST rule)
TZ = {"WET": (0, "EU"), "CET": (1, "EU"), "EET": (2, "EU"), "IL": (2, "EU"), "TR": (3, None),
      "EST": (-5, "US"), "CST": (-6, "US"), "PST": (-8, "US"), "AUS": (10, "AU"), "+4": (4, None),
      "+3": (3, None), "+8": (8, None), "+9": (9, None), "+5.5": (5.5, None), "+7": (7, None), "-3": (-3, None),
      "-6": (-6, None), "+2": (2, None), "-5": (-5, None)}

# key, name, country, lat, lon, tz, cost level (1 = euro-area average), business-travel weight
CITY_ROWS = [
    ("BER", "Berlin", "DE", 52.520, 13.405, "CET", 1.00, 6), ("MUC", "Munich", "DE", 48.137, 11.575, "CET", 1.15, 6),
    ("FRA", "Frankfurt", "DE", 50.110, 8.682, "CET", 1.10, 6), ("HAM", "Hamburg", "DE", 53.551, 9.993, "CET", 1.05, 4),
    ("DUS", "Dusseldorf", "DE", 51.227, 6.773, "CET", 1.00, 3), ("STR", "Stuttgart", "DE", 48.776, 9.183, "CET", 1.05, 3),
    ("CGN", "Cologne", "DE", 50.938, 6.960, "CET", 1.00, 3), ("PAR", "Paris", "FR", 48.857, 2.352, "CET", 1.30, 9),
    ("LYS", "Lyon", "FR", 45.764, 4.836, "CET", 1.00, 3), ("TLS", "Toulouse", "FR", 43.605, 1.444, "CET", 0.95, 2),
    ("AMS", "Amsterdam", "NL", 52.370, 4.895, "CET", 1.30, 7), ("RTM", "Rotterdam", "NL", 51.924, 4.478, "CET", 1.05, 3),
    ("EIN", "Eindhoven", "NL", 51.441, 5.470, "CET", 1.00, 2), ("BRU", "Brussels", "BE", 50.850, 4.352, "CET", 1.15, 6),
    ("ANR", "Antwerp", "BE", 51.219, 4.402, "CET", 1.00, 2), ("MAD", "Madrid", "ES", 40.417, -3.704, "CET", 0.95, 6),
    ("BCN", "Barcelona", "ES", 41.385, 2.173, "CET", 1.00, 6), ("VLC", "Valencia", "ES", 39.470, -0.376, "CET", 0.85, 2),
    ("MIL", "Milan", "IT", 45.464, 9.190, "CET", 1.15, 6), ("ROM", "Rome", "IT", 41.903, 12.496, "CET", 1.05, 4),
    ("TRN", "Turin", "IT", 45.070, 7.687, "CET", 0.90, 2), ("VIE", "Vienna", "AT", 48.208, 16.373, "CET", 1.10, 5),
    ("DUB", "Dublin", "IE", 53.350, -6.260, "WET", 1.30, 5), ("LIS", "Lisbon", "PT", 38.722, -9.139, "WET", 0.85, 4),
    ("OPO", "Porto", "PT", 41.158, -8.629, "WET", 0.80, 2), ("HEL", "Helsinki", "FI", 60.170, 24.938, "EET", 1.10, 3),
    ("LUX", "Luxembourg", "LU", 49.611, 6.130, "CET", 1.30, 3), ("ATH", "Athens", "GR", 37.984, 23.728, "EET", 0.85, 2),
    ("TLL", "Tallinn", "EE", 59.437, 24.754, "EET", 0.90, 1), ("RIX", "Riga", "LV", 56.950, 24.105, "EET", 0.80, 1),
    ("VNO", "Vilnius", "LT", 54.687, 25.280, "EET", 0.80, 1), ("ZAG", "Zagreb", "HR", 45.815, 15.982, "CET", 0.80, 1),
    ("BTS", "Bratislava", "SK", 48.149, 17.107, "CET", 0.80, 1), ("LJU", "Ljubljana", "SI", 46.056, 14.506, "CET", 0.85, 1),
    ("LON", "London", "GB", 51.507, -0.128, "WET", 1.45, 10), ("MAN", "Manchester", "GB", 53.480, -2.242, "WET", 1.05, 2),
    ("EDI", "Edinburgh", "GB", 55.953, -3.188, "WET", 1.10, 1), ("ZRH", "Zurich", "CH", 47.377, 8.541, "CET", 1.60, 5),
    ("GVA", "Geneva", "CH", 46.204, 6.143, "CET", 1.60, 3), ("BSL", "Basel", "CH", 47.560, 7.588, "CET", 1.45, 2),
    ("STO", "Stockholm", "SE", 59.329, 18.069, "CET", 1.15, 4), ("GOT", "Gothenburg", "SE", 57.709, 11.975, "CET", 1.05, 1),
    ("CPH", "Copenhagen", "DK", 55.676, 12.568, "CET", 1.30, 4), ("OSL", "Oslo", "NO", 59.914, 10.752, "CET", 1.35, 2),
    ("WAW", "Warsaw", "PL", 52.230, 21.012, "CET", 0.75, 4), ("KRK", "Krakow", "PL", 50.065, 19.945, "CET", 0.70, 2),
    ("WRO", "Wroclaw", "PL", 51.108, 17.039, "CET", 0.70, 1), ("PRG", "Prague", "CZ", 50.075, 14.438, "CET", 0.80, 3),
    ("BUD", "Budapest", "HU", 47.498, 19.040, "CET", 0.75, 2), ("BUH", "Bucharest", "RO", 44.426, 26.103, "EET", 0.70, 2),
    ("SOF", "Sofia", "BG", 42.698, 23.322, "EET", 0.65, 1), ("IST", "Istanbul", "TR", 41.008, 28.978, "TR", 0.75, 3),
    ("NYC", "New York", "US", 40.713, -74.006, "EST", 1.60, 5), ("SFO", "San Francisco", "US", 37.775, -122.419, "PST", 1.60, 2),
    ("CHI", "Chicago", "US", 41.878, -87.630, "CST", 1.30, 2), ("BOS", "Boston", "US", 42.360, -71.059, "EST", 1.45, 2),
    ("LAS", "Las Vegas", "US", 36.170, -115.140, "PST", 1.30, 1), ("LAX", "Los Angeles", "US", 34.052, -118.244, "PST", 1.40, 1),
    ("MIA", "Miami", "US", 25.762, -80.192, "EST", 1.30, 0), ("YTO", "Toronto", "CA", 43.653, -79.383, "EST", 1.20, 1),
    ("DXB", "Dubai", "AE", 25.205, 55.271, "+4", 1.25, 4), ("AUH", "Abu Dhabi", "AE", 24.454, 54.377, "+4", 1.20, 1),
    ("DOH", "Doha", "QA", 25.285, 51.531, "+3", 1.20, 1), ("RUH", "Riyadh", "SA", 24.713, 46.675, "+3", 1.15, 2),
    ("TLV", "Tel Aviv", "IL", 32.085, 34.782, "IL", 1.30, 1), ("SIN", "Singapore", "SG", 1.352, 103.820, "+8", 1.35, 3),
    ("HKG", "Hong Kong", "HK", 22.320, 114.170, "+8", 1.35, 2), ("TYO", "Tokyo", "JP", 35.676, 139.650, "+9", 1.10, 2),
    ("SHA", "Shanghai", "CN", 31.230, 121.474, "+8", 0.95, 2), ("SEL", "Seoul", "KR", 37.567, 126.978, "+9", 1.00, 1),
    ("BOM", "Mumbai", "IN", 19.076, 72.878, "+5.5", 0.70, 1), ("BLR", "Bangalore", "IN", 12.972, 77.595, "+5.5", 0.65, 1),
    ("BKK", "Bangkok", "TH", 13.756, 100.502, "+7", 0.70, 1), ("KUL", "Kuala Lumpur", "MY", 3.139, 101.687, "+8", 0.70, 1),
    ("SYD", "Sydney", "AU", -33.869, 151.209, "AUS", 1.30, 1), ("SAO", "Sao Paulo", "BR", -23.551, -46.633, "-3", 0.85, 1),
    ("MEX", "Mexico City", "MX", 19.433, -99.133, "-6", 0.75, 1), ("JNB", "Johannesburg", "ZA", -26.204, 28.047, "+2", 0.75, 1),
    ("JKT", "Jakarta", "ID", -6.200, 106.845, "+7", 0.60, 0), ("MNL", "Manila", "PH", 14.600, 120.980, "+8", 0.60, 0),
    ("BOG", "Bogota", "CO", 4.711, -74.072, "-5", 0.60, 0),
]
EUROPE = {"DE", "FR", "NL", "BE", "ES", "IT", "AT", "IE", "PT", "FI", "LU", "GR", "EE", "LV", "LT", "HR", "SK", "SI",
          "GB", "CH", "SE", "DK", "NO", "PL", "CZ", "HU", "RO", "BG", "TR"}

# company home countries
CO_COUNTRY = [("DE", 22), ("FR", 14), ("NL", 10), ("BE", 5), ("ES", 8), ("IT", 8), ("AT", 4), ("IE", 4), ("FI", 3),
              ("PT", 3), ("LU", 2), ("SE", 3), ("PL", 3), ("CH", 3), ("GB", 4), ("DK", 2), ("CZ", 2)]
INDUSTRY = {  # role mix
    "consulting": {"consultant": 52, "sales": 8, "executive": 5, "regular": 15, "office": 12, "assistant": 4, "buyer": 4},
    "software": {"sales": 24, "consultant": 10, "executive": 5, "regular": 24, "office": 22, "assistant": 3, "buyer": 12},
    "pharma": {"sales": 28, "executive": 5, "regular": 24, "office": 33, "assistant": 5, "buyer": 5},
    "engineering": {"field": 28, "sales": 14, "executive": 5, "regular": 20, "office": 25, "assistant": 4, "buyer": 4},
    "finance": {"executive": 8, "sales": 14, "regular": 28, "office": 40, "assistant": 6, "buyer": 4},
    "logistics": {"field": 14, "sales": 18, "executive": 5, "regular": 20, "office": 35, "assistant": 4, "buyer": 4},
}
IND_W = [("consulting", 22), ("software", 22), ("pharma", 14), ("engineering", 18), ("finance", 12), ("logistics", 12)]

# role: trips per 30 days, long-haul share, hotel tier, home-day activity rate (workday, weekend)
ROLE = {
    "consultant": (0.6, 0.05, 1.0, 0.65, 0.05), "sales": (4.2, 0.10, 1.0, 0.75, 0.07),
    "executive": (3.0, 0.25, 1.55, 0.70, 0.09), "field": (3.6, 0.03, 0.8, 0.75, 0.05),
    "regular": (1.6, 0.05, 1.0, 0.30, 0.03), "office": (0.15, 0.02, 1.0, 0.10, 0.01),
    "assistant": (0.15, 0.0, 1.0, 1.30, 0.03), "buyer": (0.3, 0.05, 1.0, 0.45, 0.02),
}

AIRLINES = {  # country -> (payee, currency) of the home flag carrier
    "DE": ("m-4511-DE-9001", "EUR"), "FR": ("m-4511-FR-9001", "EUR"), "NL": ("m-4511-NL-9001", "EUR"),
    "BE": ("m-4511-BE-9001", "EUR"), "ES": ("m-4511-ES-9001", "EUR"), "IT": ("m-4511-IT-9001", "EUR"),
    "AT": ("m-4511-AT-9001", "EUR"), "IE": ("m-4511-IE-9001", "EUR"), "FI": ("m-4511-FI-9001", "EUR"),
    "PT": ("m-4511-PT-9001", "EUR"), "GB": ("m-4511-GB-9001", "GBP"), "CH": ("m-4511-CH-9001", "CHF"),
    "SE": ("m-4511-SE-9001", "SEK"), "DK": ("m-4511-SE-9001", "DKK"), "NO": ("m-4511-SE-9001", "NOK"),
    "PL": ("m-4511-PL-9001", "PLN"), "LU": ("m-4511-LU-9001", "EUR"), "CZ": ("m-4511-DE-9001", "CZK"),
    "TR": ("m-4511-TR-9001", "TRY"), "AE": ("m-4511-AE-9001", "AED"), "QA": ("m-4511-QA-9001", "QAR"),
    "US": ("m-4511-US-9001", "USD"), "SG": ("m-4511-SG-9001", "SGD"),
}
LOWCOST = [("m-4511-IE-9002", "EUR"), ("m-4511-GB-9002", "EUR"), ("m-4511-HU-9001", "EUR"), ("m-4511-ES-9002", "EUR")]
LONGHAUL_CARRIERS = [("m-4511-AE-9001", "EUR"), ("m-4511-QA-9001", "EUR"), ("m-4511-US-9001", "USD"),
                     ("m-4511-US-9002", "USD"), ("m-4511-SG-9001", "EUR"), ("m-4511-TR-9001", "EUR")]
TMCS = ["m-4722-DE-9001", "m-4722-FR-9001", "m-4722-GB-9001", "m-4722-NL-9001", "m-4722-ES-9001"]
TMC_BEN = ["ben-DE-5100472", "ben-FR-3300981", "ben-GB-4400117", "ben-NL-3100654", "ben-ES-3400218"]
OTA = [("m-4722-NL-9101", "EUR"), ("m-4722-US-9101", "EUR")]
RAIL = {"DE": "m-4112-DE-9001", "FR": "m-4112-FR-9001", "NL": "m-4112-NL-9001", "BE": "m-4112-BE-9001",
        "CH": "m-4112-CH-9001", "AT": "m-4112-AT-9001", "IT": "m-4112-IT-9001", "ES": "m-4112-ES-9001",
        "GB": "m-4112-GB-9001", "SE": "m-4112-SE-9001", "PL": "m-4112-PL-9001", "CZ": "m-4112-CZ-9001",
        "DK": "m-4112-DK-9001", "IE": "m-4112-IE-9001", "PT": "m-4112-PT-9001", "FI": "m-4112-FI-9001",
        "LU": "m-4112-LU-9001"}
EUROSTAR = "m-4112-GB-9002"
RIDEHAIL = {  # platform -> (payee, app name for the user agent)
    "uber": ("m-4121-NL-9001", "Uber"), "bolt": ("m-4121-EE-9001", "Bolt"), "freenow": ("m-4121-DE-9001", "FREENOW"),
    "cabify": ("m-4121-ES-9001", "Cabify"), "lyft": ("m-4121-US-9001", "Lyft"), "careem": ("m-4121-AE-9001", "Careem"),
    "grab": ("m-4121-SG-9001", "Grab"), "didi": ("m-4121-CN-9001", "DiDi"), "go": ("m-4121-JP-9001", "GO"),
}
RIDEHAIL_BY_CC = {"DE": ["freenow", "uber", "bolt"], "FR": ["uber", "bolt"], "NL": ["uber", "bolt"],
                  "BE": ["uber", "bolt"], "ES": ["cabify", "uber", "freenow"], "IT": ["freenow", "uber"],
                  "AT": ["uber", "bolt"], "IE": ["freenow", "uber"], "PT": ["uber", "bolt"], "FI": ["bolt", "uber"],
                  "GB": ["uber", "bolt", "freenow"], "CH": ["uber"], "SE": ["uber", "bolt"], "DK": ["uber"],
                  "NO": ["uber", "bolt"], "PL": ["uber", "bolt", "freenow"], "CZ": ["bolt", "uber"],
                  "HU": ["bolt"], "RO": ["bolt", "uber"], "BG": ["bolt"], "EE": ["bolt"], "LV": ["bolt"],
                  "LT": ["bolt"], "HR": ["uber", "bolt"], "SK": ["bolt", "uber"], "GR": ["freenow", "uber"],
                  "TR": ["uber"], "US": ["uber", "lyft"], "CA": ["uber", "lyft"], "AE": ["careem", "uber"],
                  "QA": ["uber", "careem"], "SA": ["careem", "uber"], "SG": ["grab"], "MY": ["grab"],
                  "TH": ["grab"], "ID": ["grab"], "PH": ["grab"], "CN": ["didi"], "JP": ["go", "uber"],
                  "HK": ["uber"], "IN": ["uber"], "AU": ["uber"], "BR": ["uber"], "MX": ["uber", "didi"],
                  "ZA": ["uber", "bolt"], "CO": ["uber"], "IL": [], "KR": [], "LU": []}
# SaaS vendors: payee, currency, unit price, kind
SAAS = [("m-5734-US-9001", "USD", 15.99, "seat"), ("m-5734-IE-9002", "EUR", 8.75, "seat"),
        ("m-5734-IE-9003", "EUR", 12.50, "seat"), ("m-5734-IE-9004", "EUR", 65.45, "seat"),
        ("m-5734-IE-9005", "EUR", 99.99, "seat"), ("m-5734-US-9006", "USD", 30.00, "seat"),
        ("m-5734-US-9007", "USD", 21.00, "seat"), ("m-5734-US-9008", "USD", 8.60, "seat"),
        ("m-5734-US-9009", "USD", 16.00, "seat"), ("m-5734-US-9010", "USD", 12.00, "seat"),
        ("m-5734-NL-9011", "EUR", 10.00, "seat"), ("m-5734-IE-9012", "EUR", 15.00, "seat"),
        ("m-5734-IE-9013", "EUR", 14.00, "seat"), ("m-5734-IE-9014", "EUR", 90.00, "flat"),
        ("m-5734-IE-9015", "EUR", 25.00, "seat"), ("m-5734-US-9016", "USD", 20.00, "flat"),
        ("m-5734-US-9017", "USD", 12.00, "seat"), ("m-5734-CA-9018", "USD", 7.99, "seat"),
        ("m-7372-US-9019", "USD", 400.0, "usage"), ("m-7372-IE-9020", "EUR", 150.0, "usage")]
SALESNAV = ("m-5734-IE-9005", "EUR", 99.99, "seat")
AMAZON = {"GB": ("m-5999-GB-9001", "GBP"), "SE": ("m-5999-SE-9001", "SEK"), "PL": ("m-5999-PL-9001", "PLN")}
AMAZON_EU = ("m-5999-LU-9001", "EUR")
EVENT_PLATFORM = ("m-7399-IE-9001", "EUR")
FAIR_ORGANISER = ("m-7399-NL-9002", "EUR")
US_CONF = ("m-7399-US-9001", "USD")
INFLIGHT_WIFI = ("m-4899-US-9001", "USD")
COURIER = ("m-4215-DE-9001", "EUR")
# web shops that fraudsters like (genuine buyers use some of them too)
SHOP_ELECTRONICS = [("m-5732-NL-9301", "EUR"), ("m-5732-DE-9302", "EUR"), ("m-5732-GB-9303", "GBP"),
                    ("m-5732-US-9304", "USD")]
SHOP_GIFTCARD = [("m-5815-GB-9301", "GBP"), ("m-5816-US-9302", "USD"), ("m-5815-IE-9303", "EUR")]
SHOP_CRYPTO = [("m-6051-LT-9301", "EUR"), ("m-6051-MT-9302", "EUR")]
SHOP_LUXURY = [("m-5651-IT-9301", "EUR"), ("m-5651-FR-9302", "EUR"), ("m-5944-GB-9303", "GBP")]
SHOP_FURNITURE = [("m-5712-SE-9301", "EUR"), ("m-5712-DE-9302", "EUR")]
TESTING_SHOPS = [("m-8398-US-9401", "USD"), ("m-5999-US-9402", "USD"), ("m-8398-GB-9403", "GBP"),
                 ("m-5999-NL-9404", "EUR"), ("m-5816-US-9405", "USD")]

# merchant categories for per-city pools: MCC, pool size per unit of city weight, minimum
CAT = {"hotel": ("7011", 5, 6), "rest": ("5812", 14, 12), "fast": ("5814", 8, 6), "bar": ("5813", 4, 4),
       "taxi": ("4121", 25, 12), "transit": ("4111", 0, 1), "conv": ("5499", 6, 5), "pharm": ("5912", 3, 3),
       "airport": ("5814", 1, 3), "lounge": ("4582", 0, 1), "dutyfree": ("5309", 0, 2), "parking": ("7523", 1, 3),
       "fuel": ("5541", 3, 4), "rental": ("7512", 0, 3), "atm": ("6011", 6, 6), "super": ("5411", 4, 4),
       "electronics": ("5732", 1, 2), "jewelry": ("5944", 1, 2), "clothing": ("5651", 3, 3), "tobacco": ("5993", 2, 3),
       "hardware": ("5251", 1, 2), "books": ("5942", 1, 1), "stationery": ("5943", 1, 2)}

EU_O1 = [2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109,
         141, 145, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217]
NA_O1 = [23, 24, 50, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 104, 107, 108, 173, 174]
AP_O1 = [1, 14, 27, 36, 39, 42, 49, 58, 59, 60, 61, 101, 110, 111, 112, 113, 114, 115, 116, 118, 119, 120, 121,
         122, 123, 124, 125, 126, 175, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222]
LA_O1 = [177, 179, 181, 186, 187, 189, 190, 191, 200, 201]
AF_O1 = [41, 102, 105, 154, 196, 197]
AP_CC = {"SG", "HK", "JP", "CN", "KR", "IN", "TH", "MY", "AU", "ID", "PH"}
V6_PREFIX = {"DE": ["2a01:598", "2a02:3038"], "FR": ["2a01:cb1c", "2a04:cec0"], "NL": ["2a02:a44"],
             "BE": ["2a02:1812"], "GB": ["2a01:4b00"], "US": ["2600:387", "2607:fb90"], "AT": ["2a02:8388"]}

IPHONES = ["iPhone14,5", "iPhone14,7", "iPhone15,2", "iPhone15,4", "iPhone16,1", "iPhone16,2", "iPhone17,1",
           "iPhone17,3"]
ANDROIDS = ["SM-S921B", "SM-S911B", "SM-A546B", "SM-S928B", "Pixel 8", "Pixel 9", "SM-G991B", "SM-A556B"]

PAD = 70   # days of tables kept before the start and after the end


def _haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _last_sunday(y, m):
    d = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def _nth_sunday(y, m, n):
    d = dt.date(y, m, 1)
    d += dt.timedelta(days=(6 - d.weekday()) % 7)
    return d + dt.timedelta(days=7 * (n - 1))


def _dst(rule, d):
    y = d.year
    if rule == "EU":
        return _last_sunday(y, 3) <= d < _last_sunday(y, 10)
    if rule == "US":
        return _nth_sunday(y, 3, 2) <= d < _nth_sunday(y, 11, 1)
    if rule == "AU":
        return not (_nth_sunday(y, 4, 1) <= d < _nth_sunday(y, 10, 1))
    return False


class City:
    __slots__ = ("key", "name", "cc", "cur", "lat", "lon", "tz", "cost", "w", "eu", "idx")

    def __init__(self, idx, row):
        self.idx = idx
        self.key, self.name, self.cc, self.lat, self.lon, self.tz, self.cost, self.w = row
        self.cur = CUR[self.cc]
        self.eu = self.cc in EUROPE


class Merchant:
    __slots__ = ("mid", "lat", "lon", "geo", "city", "rate")

    def __init__(self, mid, lat, lon, geo, city, rate=1.0):
        self.mid, self.lat, self.lon, self.geo, self.city, self.rate = mid, lat, lon, geo, city, rate


class Company:
    pass


class Emp:
    pass


class Trip:
    __slots__ = ("start", "nights", "city", "hotel", "mode", "dep_h", "ret_h", "event", "rate", "deposit")

    def __init__(self, start, nights, city, hotel, mode, dep_h, ret_h, event="", rate=1.0, deposit=None):
        self.start, self.nights, self.city, self.hotel, self.mode = start, nights, city, hotel, mode
        self.dep_h, self.ret_h, self.event, self.rate, self.deposit = dep_h, ret_h, event, rate, deposit


# --------------------------------------------------------------------------- the world

class World:
    def __init__(self, seed, n_emp, days, start):
        self.seed = seed
        self.rng = random.Random(seed)
        self.n = n_emp
        self.days = days
        self.start = start
        self.t0 = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc).timestamp())
        self.t_end = self.t0 + days * 86400
        self.scale = n_emp * days / (3000.0 * 120.0)
        self.rows = []
        self.seq = 0
        self.cities = [City(i, r) for i, r in enumerate(CITY_ROWS)]
        self.city = {c.key: c for c in self.cities}
        self.by_cc = {}
        for c in self.cities:
            self.by_cc.setdefault(c.cc, []).append(c)
        self.dates = [start + dt.timedelta(days=d - PAD) for d in range(days + 2 * PAD)]
        self.wd = [d.weekday() for d in self.dates]            # index d + PAD
        self.off = {}
        for name, (std, rule) in TZ.items():
            self.off[name] = [int((std + (1 if rule and _dst(rule, d) else 0)) * 3600) for d in self.dates]
        self._pools = {}
        self._used_nets = set()
        self._isp = {}
        self._carriers = {}
        self._hotel_wifi = {}
        self._wifi_prov = {}
        self._ua_cache = {}
        self.hotel_stays = []          # (hotel mid, emp, ts) card-present hotel rows
        self.skim_points = []          # (emp, ts, city) genuine ATM/fuel rows abroad
        self.euro_cities = [c for c in self.cities if c.eu and c.w > 0]
        self.far_cities = [c for c in self.cities if not c.eu and c.w > 0]
        self._build_networks()

    # ------------------------------------------------------------------ time helpers
    def T(self, city, day, hour):
        """UTC epoch of local `hour` (float) on period day `day` in `city`."""
        i = min(max(day + PAD, 0), len(self.dates) - 1)
        return self.t0 + day * 86400 + int(hour * 3600) - self.off[city.tz][i]

    def local_hour(self, city, ts):
        day = (ts - self.t0) // 86400
        i = min(max(day + PAD, 0), len(self.dates) - 1)
        return ((ts + self.off[city.tz][i] - self.t0) % 86400) / 3600.0

    def local_day(self, city, ts):
        day = (ts - self.t0) // 86400
        i = min(max(day + PAD, 0), len(self.dates) - 1)
        return (ts + self.off[city.tz][i] - self.t0) // 86400

    def weekday(self, day):
        return self.wd[min(max(day + PAD, 0), len(self.wd) - 1)]

    def date(self, day):
        return self.dates[min(max(day + PAD, 0), len(self.dates) - 1)]

    # ------------------------------------------------------------------ random helpers
    def pois(self, lam):
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, int(self.rng.gauss(lam, math.sqrt(lam)) + 0.5))
        L = math.exp(-lam)
        k, p = 0, 1.0
        r = self.rng.random
        while True:
            p *= r()
            if p <= L:
                return k
            k += 1

    def wchoice(self, items, weights):
        return self.rng.choices(items, weights)[0]

    def lnorm(self, median, sigma):
        return median * math.exp(self.rng.gauss(0.0, sigma))

    @staticmethod
    def rnd(v, cur):
        u = NATURAL_UNIT.get(cur)
        if u:
            return float(max(u, round(v / u) * u))
        return max(0.01, round(v, 2))

    def local(self, eur, cur):
        return self.rnd(eur * FX[cur], cur)

    def round_local(self, eur, cur, step_eur):
        """round number in local currency (ATM cash, deposits)."""
        step = step_eur * FX[cur]
        mag = 10 ** max(0, int(math.log10(step)))
        step = max(1, round(step / mag)) * mag
        return float(max(step, round(eur * FX[cur] / step) * step))

    # ------------------------------------------------------------------ networks
    def _alloc(self, cc):
        pool = AP_O1 if cc in AP_CC else NA_O1 if cc in ("US", "CA") else LA_O1 if cc in ("BR", "MX", "CO") \
            else AF_O1 if cc == "ZA" else EU_O1
        while True:
            o = (self.rng.choice(pool), self.rng.randrange(256))
            if o not in self._used_nets:
                self._used_nets.add(o)
                return o

    def _major(self, cc):
        cs = self.by_cc.get(cc)
        return max(cs, key=lambda c: c.w) if cs else None

    def _build_networks(self):
        rng = self.rng
        ccs = sorted({c.cc for c in self.cities})
        for cc in ccs:
            self._isp[cc] = [self._alloc(cc) for _ in range(3)]
            carriers = []
            for _ in range(2 if cc not in ("DE", "FR", "GB", "US", "IT", "ES") else 3):
                o1, o2 = self._alloc(cc)
                thirds = [rng.randrange(256) for _ in range(4)]
                pool = [f"{o1}.{o2}.{rng.choice(thirds)}.{rng.randrange(1, 255)}" for _ in range(384)]
                v6 = rng.choice(V6_PREFIX[cc]) if cc in V6_PREFIX and rng.random() < 0.6 else None
                carriers.append((pool, v6, self._major(cc)))
            self._carriers[cc] = carriers
            self._wifi_prov[cc] = [self._alloc(cc) for _ in range(2)]
        # datacenter / hosting networks (VPN exits, bots, proxies)
        self.dc_nets = []
        for cc in ["NL", "DE", "US", "FR", "GB", "SG", "RO", "SE", "LT", "CH", "PL", "BG", "US", "NL"]:
            o1, o2 = self._alloc(cc)
            self.dc_nets.append((o1, o2, rng.randrange(256), cc, self._major(cc)))
        # cloud security proxy providers with nodes (egress pools shared by all their client companies)
        self.proxy_nodes = []
        for prov in range(2):
            for key in ["FRA", "AMS", "PAR", "LON", "ZRH", "MAD", "MIL", "STO", "WAW"]:
                c = self.city[key]
                o1, o2 = self._alloc(c.cc)
                o3 = rng.randrange(256)
                pool = [f"{o1}.{o2}.{o3}.{rng.randrange(1, 255)}" for _ in range(24)]
                self.proxy_nodes.append((prov, c, pool))
        # in-flight Wi-Fi (satellite provider, geolocated in the US)
        o1, o2 = self._alloc("US")
        self.inflight = ([f"{o1}.{o2}.{rng.randrange(256)}.{rng.randrange(1, 255)}" for _ in range(40)],
                         self.city["CHI"])

    def isp_ip(self, cc, rng=None):
        rng = rng or self.rng
        o1, o2 = rng.choice(self._isp[cc])
        return f"{o1}.{o2}.{rng.randrange(256)}.{rng.randrange(1, 255)}"

    def carrier_ip(self, cc, k):
        pool, v6, city = self._carriers[cc][k % len(self._carriers[cc])]
        r = self.rng
        if v6 and r.random() < 0.45:
            tail = ":".join(f"{r.randrange(65536):x}" for _ in range(6))
            return f"{v6}:{tail}", city
        return r.choice(pool), city

    def dc_ip(self, k=None):
        r = self.rng
        o1, o2, o3, cc, city = self.dc_nets[r.randrange(len(self.dc_nets)) if k is None else k % len(self.dc_nets)]
        return f"{o1}.{o2}.{o3}.{r.randrange(2, 254)}", cc, city

    def hotel_wifi(self, m):
        ips = self._hotel_wifi.get(m.mid)
        if ips is None:
            r = random.Random(f"wifi-{self.seed}-{m.mid}")
            o1, o2 = r.choice(self._wifi_prov[m.city.cc])
            o3 = r.randrange(256)
            ips = [f"{o1}.{o2}.{o3}.{r.randrange(2, 254)}" for _ in range(r.choice((1, 2, 2, 3)))]
            self._hotel_wifi[m.mid] = ips
        return self.rng.choice(ips)

    # ------------------------------------------------------------------ merchants
    def pool(self, city, cat):
        key = (city.key, cat)
        p = self._pools.get(key)
        if p is None:
            mcc, per_w, mn = CAT[cat]
            n = max(mn, int(per_w * city.w ** 0.8 + 0.5))
            r = random.Random(f"m-{city.key}-{cat}")
            p = []
            for i in range(n):
                lat = city.lat + r.gauss(0, 0.03)
                lon = city.lon + r.gauss(0, 0.045)
                if cat in ("airport", "lounge", "dutyfree", "parking", "rental"):
                    lat, lon = city.lat + 0.12 * (r.random() - 0.5), city.lon + 0.18 * (r.random() - 0.5)
                p.append(Merchant(f"m-{mcc}-{city.cc}-{city.key}-{i + 1:04d}", round(lat, 4), round(lon, 4),
                                  r.random() < 0.6, city, r.lognormvariate(0, 0.15)))
            self._pools[key] = p
        return p

    def pick(self, city, cat, e=None, fav_p=0.6):
        p = self.pool(city, cat)
        if e is not None:
            fk = (city.key, cat)
            fav = e.fav.get(fk)
            if fav is None:
                fav = [p[int(len(p) * self.rng.random() ** 1.8)] for _ in range(3)]
                e.fav[fk] = fav
            if self.rng.random() < fav_p:
                return self.rng.choice(fav)
        return p[int(len(p) * self.rng.random() ** 1.8)]

    # ------------------------------------------------------------------ user agents / devices
    def chrome_v(self, day, lag=0):
        return 140 + (self.date(day) - dt.date(2025, 9, 2)).days // 28 - (1 if lag > 14 else 0)

    def ios_v(self, day, lag):
        d = self.date(day) - dt.timedelta(days=lag)
        if d < dt.date(2025, 9, 15):
            return "18.6"
        if d < dt.date(2025, 11, 3):
            return "26.0"
        if d < dt.date(2025, 12, 12):
            return "26.1"
        return "26.2"

    def browser_ua(self, kind, day, lag=0):
        k = (kind, day if kind != "bot" else 0, lag > 14)
        ua = self._ua_cache.get(k)
        if ua is None:
            cv = self.chrome_v(day, lag)
            if kind == "win_chrome":
                ua = f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
            elif kind == "win_edge":
                ua = f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36 Edg/{cv}.0.0.0"
            elif kind == "mac_chrome":
                ua = f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
            elif kind == "mac_safari":
                sv = self.ios_v(day, lag)
                sv = "18.6" if sv == "18.6" else sv
                ua = f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{sv} Safari/605.1.15"
            elif kind == "win_firefox":
                fv = 142 + (self.date(day) - dt.date(2025, 9, 16)).days // 28
                ua = f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"
            else:  # bot
                ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/119.0.0.0 Safari/537.36"
            self._ua_cache[k] = ua
        return ua

    def dev_id(self, r=None):
        return "d-%012x" % (r or self.rng).getrandbits(48)

    def phone(self, e, day):
        """(device id, os, model, os version) of the employee's phone on `day`."""
        if e.phone2_day is not None and day >= e.phone2_day:
            dev, model = e.phone2, e.model2
        else:
            dev, model = e.phone1, e.model1
        if e.ios:
            return dev, "iOS", model, self.ios_v(day, e.os_lag)
        v = "15" if (self.date(day) - dt.timedelta(days=e.os_lag)) < dt.date(2025, 11, 1) else "16"
        if model in ("SM-G991B", "SM-A546B"):
            v = "14" if v == "15" else "15"
        return dev, "Android", model, v

    def phone_browser_ua(self, e, day):
        dev, os_, model, v = self.phone(e, day)
        if os_ == "iOS":
            return dev, f"Mozilla/5.0 (iPhone; CPU iPhone OS {v.replace('.', '_')} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Mobile/15E148 Safari/604.1"
        cv = self.chrome_v(day, e.os_lag)
        return dev, f"Mozilla/5.0 (Linux; Android {v}; {model}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Mobile Safari/537.36"

    def wallet_ua(self, e, day):
        dev, os_, model, v = self.phone(e, day)
        if os_ == "iOS":
            return dev, f"ApplePay ({model}; iOS {v})"
        return dev, f"GooglePay ({model}; Android {v})"

    def app_ua(self, e, day, app):
        dev, os_, model, v = self.phone(e, day)
        av = 3 + (self.date(day).toordinal() // 14) % 40
        if os_ == "iOS":
            return dev, f"{app}/{av}.{(e.idx % 7) + 1}.0 (iPhone; {model}; iOS {v})"
        return dev, f"{app}/{av}.{(e.idx % 7) + 1}.0 (Android {v}; {model})"

    # ------------------------------------------------------------------ row contexts
    def ctx_card(self, e, m, day, plastic=False):
        r = self.rng
        if not plastic and e.wallet and r.random() < e.wallet_share and day >= e.wallet_from:
            dev, ua = self.wallet_ua(e, day)
            ch = "wallet"
        else:
            ch, dev, ua = "pos", "", ""
        c = m.city
        return (ch, "", dev, ua, m.lat if m.geo else None, m.lon if m.geo else None, c.cc,
                c.name if r.random() > 0.04 else "")

    def net_for(self, e, where, day, hour, device):
        """(ip, geo city) of the network the employee is on. where: None = at home city, Trip otherwise."""
        r = self.rng
        co = e.co
        if device == "laptop" and co.always_on:
            return r.choice(co.egress), co.egress_city
        if where is None:
            work = self.weekday(day) < 5 and 8.0 <= hour < 18.5
            if device == "laptop" and work and r.random() > e.wfh:
                return r.choice(co.egress), co.egress_city
            if device == "phone" and r.random() < 0.45:
                return self.carrier_ip(e.home.cc, e.carrier)
            if e.vpn_user and device != "laptop" and r.random() < 0.35:
                ip, cc, city = self.dc_ip(e.vpn_k)
                return ip, city
            return (e.home_ip2 if (e.home_ip_day is not None and day >= e.home_ip_day) else e.home_ip), e.home
        # on a trip
        x = r.random()
        in_hotel = where.hotel is not None and (hour >= 18.5 or hour < 8.5)
        if in_hotel and x < 0.55:
            return self.hotel_wifi(where.hotel), where.city
        if where.city.cc == e.home.cc:
            return self.carrier_ip(e.home.cc, e.carrier)
        if e.esim and x > 0.7:
            return self.carrier_ip(where.city.cc, e.idx)
        return self.carrier_ip(e.home.cc, e.carrier)       # home-routed roaming: geolocates at home

    def ctx_ecom(self, e, day, hour, where=None, device=None):
        r = self.rng
        if device is None:
            work = self.weekday(day) < 5 and 8.0 <= hour < 18.5
            x = r.random()
            if work:
                device = "laptop" if x < 0.82 else "phone"
            elif where is not None:
                device = "laptop" if x < 0.45 else "phone"
            else:
                device = "personal" if (e.personal and x < 0.45) else "phone" if x < 0.8 else "laptop"
        if device == "laptop":
            dev, ua = e.laptop, self.browser_ua(e.lap_kind, day, e.os_lag)
        elif device == "personal":
            dev, ua = e.personal, self.browser_ua(e.pers_kind, day, e.os_lag)
        else:
            dev, ua = self.phone_browser_ua(e, day)
        ip, geo = self.net_for(e, where, day, hour, "laptop" if device == "laptop" else device)
        return ("ecom", ip, dev, ua, None, None, geo.cc, geo.name if r.random() < 0.7 else "")

    def ctx_app(self, e, day, hour, city, where=None, app="Uber", gps=True):
        r = self.rng
        dev, ua = self.app_ua(e, day, app)
        ip, geo = self.net_for(e, where, day, hour, "phone")
        if e.gps and gps:
            return ("mobile", ip, dev, ua, round(city.lat + r.gauss(0, 0.03), 4), round(city.lon + r.gauss(0, 0.04), 4),
                    city.cc, city.name)
        return ("mobile", ip, dev, ua, None, None, geo.cc, geo.name if r.random() < 0.6 else "")

    def ctx_web(self, e, day, hour, where=None):
        c = self.ctx_ecom(e, day, hour, where, device="laptop" if self.rng.random() < 0.93 else None)
        return ("web",) + c[1:]

    # ------------------------------------------------------------------ emit
    def add(self, e, ts, amount, cur, ctx, payee, fraud=0, rep=None, scen=""):
        if ts < self.t0 or ts >= self.t_end or ts < e.t_first or ts >= e.t_last:
            return False
        self.rows.append((ts, self.seq, e.idx, amount, cur, ctx, payee, fraud, rep, scen))
        self.seq += 1
        return True

    # ================================================================== population
    def build(self):
        rng = self.rng
        n_co = max(3, int(round(self.n / 50.0)))
        weights = [rng.lognormvariate(0, 0.8) for _ in range(n_co)]
        self.companies = []
        for i in range(n_co):
            co = Company()
            co.idx = i
            co.cc = self.wchoice([c for c, _ in CO_COUNTRY], [w for _, w in CO_COUNTRY]) if i else \
                self.wchoice(["DE", "NL", "FR"], [5, 3, 2])
            co.industry = "software" if i == 0 else self.wchoice([k for k, _ in IND_W], [w for _, w in IND_W])
            cs = self.by_cc[co.cc]
            co.hq = self.wchoice(cs, [c.w for c in cs])
            others = [c for c in self.euro_cities if c is not co.hq]
            co.branches = [co.hq]
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                b = self.wchoice(others, [c.w * (4 if c.cc == co.cc else 1) for c in others])
                if b not in co.branches:
                    co.branches.append(b)
            co.tmc = rng.randrange(len(TMCS)) if rng.random() < 0.8 else None
            co.tmc_fee = rng.choice((12.5, 15.0, 18.0, 19.5, 22.0, 25.0, 29.0, 35.0))
            co.central_flights = rng.random() < 0.35
            co.always_on = rng.random() < 0.5
            co.dinner_cap = rng.choice((45.0, 50.0, 55.0, 60.0, 70.0, 80.0))
            co.lap_kind = self.wchoice(["win_chrome", "win_edge", "mac_chrome", "mac_safari"], [45, 30, 12, 13])
            if co.always_on and rng.random() < 0.6:
                prov = rng.randrange(2)
                nodes = [n for n in self.proxy_nodes if n[0] == prov]
                node = min(nodes, key=lambda n: _haversine(n[1], co.hq))
                co.egress, co.egress_city = node[2], node[1]
            else:
                o1, o2 = self._alloc(co.cc)
                o3, base = rng.randrange(256), rng.randrange(0, 224, 32)
                co.egress = [f"{o1}.{o2}.{o3}.{base + rng.randrange(1, 31)}" for _ in range(rng.choice((2, 4, 6)))]
                co.egress_city = co.hq
            ben_ccs = [co.cc] * 6 + [c for c in ("DE", "FR", "NL", "BE", "GB", "ES", "IT", "PL", "CH")]
            co.suppliers = [(f"ben-{rng.choice(ben_ccs)}-{rng.randrange(1000000, 9999999)}", rng.lognormvariate(7.0, 0.9))
                            for _ in range(rng.randint(4, 18))]
            co.members = []
            self.companies.append(co)
        self.emps = []
        for k in range(self.n):
            co = self.companies[0] if k < max(1, int(self.n * 0.09)) else self.wchoice(self.companies[1:], weights[1:]) \
                if n_co > 1 else self.companies[0]
            e = Emp()
            e.idx = k
            e.co = co
            mix = INDUSTRY[co.industry]
            e.role = self.wchoice(list(mix), list(mix.values()))
            x = rng.random()
            if x < 0.72 or len(co.branches) == 1 and x < 0.9:
                e.home = co.hq
            elif x < 0.9:
                e.home = rng.choice(co.branches)
            else:
                cs = self.by_cc[co.cc]
                e.home = self.wchoice(cs, [c.w for c in cs])
            e.act = rng.lognormvariate(0, 0.35)
            e.join = rng.randint(2, max(3, self.days - 8)) if rng.random() < 0.09 else -10000
            e.leave = rng.randint(max(10, e.join + 20), self.days + 10) if rng.random() < 0.065 else 10 ** 6
            if e.leave >= self.days:
                e.leave = 10 ** 6
            first = e.join + rng.randint(3, 9) if e.join > -10000 else -10000
            e.first_day = first
            e.t_first = self.t0 + first * 86400 if first > -10000 else -(10 ** 12)
            e.t_last = self.t0 + e.leave * 86400 + rng.randint(9, 17) * 3600 if e.leave < 10 ** 6 else 10 ** 13
            e.ios = rng.random() < 0.58
            e.model1 = rng.choice(IPHONES if e.ios else ANDROIDS)
            e.phone1 = self.dev_id()
            e.phone2_day = rng.randint(0, self.days) if rng.random() < 0.07 else None
            e.model2 = rng.choice(IPHONES[3:] if e.ios else ANDROIDS)
            e.phone2 = self.dev_id()
            e.os_lag = int(rng.expovariate(1 / 20.0))
            e.wallet = rng.random() < 0.7
            e.wallet_share = rng.uniform(0.55, 0.97)
            e.wallet_from = max(first, rng.randint(-10, self.days) if rng.random() < 0.08 else -10000)
            e.gps = rng.random() < 0.65
            e.laptop = self.dev_id()
            e.lap_kind = co.lap_kind if rng.random() < 0.9 else rng.choice(["win_chrome", "win_edge", "mac_safari"])
            e.personal = self.dev_id() if rng.random() < 0.35 else None
            e.pers_kind = rng.choice(["mac_safari", "win_chrome", "win_chrome", "win_firefox", "mac_chrome"])
            e.carrier = rng.randrange(3)
            e.home_ip = self.isp_ip(e.home.cc)
            e.home_ip_day = rng.randint(0, self.days) if rng.random() < 0.15 else None
            e.home_ip2 = self.isp_ip(e.home.cc)
            e.wfh = rng.uniform(0.1, 0.6)
            e.esim = rng.random() < 0.2
            e.vpn_user = rng.random() < 0.05
            e.vpn_k = rng.randrange(len(self.dc_nets))
            e.ridehail = rng.random() < 0.75
            e.car_airport = rng.random() < 0.22
            e.lounge = rng.random() < {"executive": 0.25, "sales": 0.12, "consultant": 0.12}.get(e.role, 0.03)
            e.personal_spender = rng.random() < 0.08
            e.portal = e.role in ("assistant", "buyer") or (e.role == "executive" and rng.random() < 0.3)
            e.fav = {}
            e.hotels = {}
            e.tier = ROLE[e.role][2] * rng.lognormvariate(0, 0.1)
            e.trips = []
            e.subs = []
            e.cid = None
            co.members.append(e)
            self.emps.append(e)
        # customer ids: opaque, not in creation order
        ids = list(range(self.n))
        rng.shuffle(ids)
        for e, i in zip(self.emps, ids):
            e.cid = f"ct-{200001 + i}"

    # ================================================================== trip planning
    def _dest(self, e, longhaul_p):
        rng = self.rng
        if rng.random() < longhaul_p:
            return self.wchoice(self.far_cities, [c.w for c in self.far_cities])
        if e.role == "sales" and rng.random() < 0.8:
            return rng.choice(e.territory)
        if e.role == "field":
            return self.wchoice(e.region, [c.w + 1 for c in e.region])
        x = rng.random()
        if x < 0.3 and len(e.co.branches) > 1:
            b = rng.choice(e.co.branches)
            if b is not e.home:
                return b
        if x < 0.45 and e.home is not e.co.hq:
            return e.co.hq
        cand = self.euro_cities
        return self.wchoice(cand, [0 if c is e.home else c.w * (3.0 if c.cc == e.home.cc else 1.0) for c in cand])

    def _hotel(self, e, city):
        h = e.hotels.get(city.key)
        if h is not None and self.rng.random() < 0.85:
            return h
        p = self.pool(city, "hotel")
        tier = e.tier
        if tier > 1.3:     # premium: top properties
            h = p[int(len(p) * self.rng.random() ** 3)]
        else:
            h = p[int(len(p) * self.rng.random() ** 1.5)]
        e.hotels[city.key] = h
        return h

    def _mode(self, e, city):
        d = _haversine(e.home, city)
        x = self.rng.random()
        if e.role == "field" and d < 700:
            return "car" if x < 0.75 else "train"
        if d < 350:
            return "train" if x < 0.55 else "car" if x < 0.85 else "fly"
        if d < 800:
            return "train" if x < 0.3 else "fly"
        return "fly"

    def plan(self):
        rng = self.rng
        days = self.days
        xmas = [d for d in range(-PAD, days + PAD) if self.date(d).month == 12 and self.date(d).day >= 22
                or self.date(d).month == 1 and self.date(d).day <= 1]
        for e in self.emps:
            eu = [c for c in self.euro_cities if c is not e.home]
            if e.role == "sales":
                k = rng.randint(3, 7)
                reg = self.wchoice(eu, [c.w for c in eu])
                e.territory = []
                for _ in range(k * 3):
                    c = self.wchoice(eu, [c.w / (1 + _haversine(reg, c) / 600.0) for c in eu])
                    if c not in e.territory:
                        e.territory.append(c)
                    if len(e.territory) >= k:
                        break
            if e.role == "field":
                e.region = sorted(eu, key=lambda c: _haversine(e.home, c))[:8]
            lo = max(-21, e.first_day)
            hi = min(days + 3, e.leave)
            e.off = bytearray(days + 2 * PAD)
            if rng.random() < 0.7:
                v0 = rng.randint(-10, days)
                for d in range(v0, v0 + rng.randint(5, 12)):
                    if -PAD <= d < days + PAD:
                        e.off[d + PAD] = 1
            if rng.random() < 0.75:
                for d in xmas:
                    e.off[d + PAD] = 1
            busy = bytearray(days + 2 * PAD)
            trips = []
            rate, lh, _, _, _ = ROLE[e.role]

            def free(s, n, far=False):
                for d in range(s - 1, s + n + 1 + far):
                    i = d + PAD
                    if 0 <= i < len(busy) and (busy[i] or e.off[i]):
                        return False
                return True

            def mark(s, n, far=False):
                for d in range(s, s + n + 1 + far):   # long-haul: back home the next morning
                    if 0 <= d + PAD < len(busy):
                        busy[d + PAD] = 1

            if e.role == "consultant":
                d = lo - rng.randint(0, 20)
                d -= self.weekday(d)           # Monday
                while d < hi:
                    city = self._dest(e, 0.05) if rng.random() < 0.55 else \
                        self.wchoice([c for c in self.by_cc[e.home.cc] if c is not e.home] or eu,
                                     [c.w for c in ([c for c in self.by_cc[e.home.cc] if c is not e.home] or eu)])
                    weeks = rng.randint(3, 10)
                    hotel = self._hotel(e, city)
                    mode = self._mode(e, city)
                    for w in range(weeks):
                        s = d + 7 * w
                        if s >= hi:
                            break
                        if rng.random() < 0.1 / e.act:
                            continue
                        n = self.wchoice([3, 2, 4], [70, 15, 15])
                        if rng.random() < 0.1:
                            s -= 1
                            n += 1
                        if s >= lo and free(s, n, not city.eu):
                            dep = rng.uniform(5.8, 7.6) if self.weekday(s) == 0 else rng.uniform(17, 20.5)
                            trips.append(Trip(s, n, city, hotel, mode, dep, rng.uniform(16.5, 20.5)))
                            mark(s, n, not city.eu)
                    d += 7 * weeks + 7 * rng.choice((0, 0, 1, 2))
            p_day = rate / 30.0 * e.act
            d = lo
            while d < hi:
                wd = self.weekday(d)
                p = p_day * (1.5 if wd < 3 else 0.9 if wd == 3 else 0.5 if wd == 4 else 0.12)
                dd = self.date(d)
                if dd.month == 12 and dd.day > 17:
                    p *= 0.15
                if rng.random() < p:
                    longhaul = rng.random() < lh
                    city = self._dest(e, 1.0 if longhaul else 0.0)
                    if longhaul:
                        n = rng.randint(3, 6)
                    else:
                        n = self.wchoice([1, 2, 3, 4], [40, 33, 17, 10] if e.role in ("sales", "executive", "field")
                                         else [55, 32, 13, 0])
                    if free(d, n, not city.eu):
                        mode = self._mode(e, city)
                        dep = self.wchoice([rng.uniform(6.0, 9.0), rng.uniform(11, 14.5), rng.uniform(16.5, 20.5)],
                                           [55, 15, 30])
                        ret = self.wchoice([rng.uniform(7.0, 10.0), rng.uniform(12, 15), rng.uniform(16.5, 21.0)],
                                           [15, 25, 60])
                        if longhaul:
                            dep = rng.uniform(10.0, 21.5)
                        trips.append(Trip(d, n, city, self._hotel(e, city), mode, dep, ret,
                                          rate=rng.lognormvariate(0, 0.12)))
                        mark(d, n, not city.eu)
                        d += n + 1
                        continue
                d += 1
            trips.sort(key=lambda t: t.start)
            e.trips = trips

    def _override(self, e, trip):
        lo, hi = trip.start - 1, trip.start + trip.nights + 1
        e.trips = [t for t in e.trips if t.start + t.nights < lo or t.start > hi]
        e.trips.append(trip)
        e.trips.sort(key=lambda t: t.start)
        for d in range(trip.start, trip.start + trip.nights + 1):
            if 0 <= d + PAD < len(e.off):
                e.off[d + PAD] = 0

    def _active(self, e, d):
        return e.first_day <= d - 3 and d + 1 < e.leave

    def events(self):
        rng = self.rng
        days = self.days
        self.event_info = []
        # --- trade fair in Amsterdam (many companies)
        F = int(days * 0.22)
        F += (1 - self.weekday(F)) % 7      # a Tuesday
        if F < days - 3:
            ams = self.city["AMS"]
            fair_hotels = self.pool(ams, "hotel")[:12]
            self.fair_venue = Merchant("m-5812-NL-AMS-8001", 52.340, 4.889, True, ams)
            cos = [co for co in self.companies if co.industry in ("engineering", "logistics", "software", "pharma")]
            rng.shuffle(cos)
            cos = cos[:max(1, int(len(self.companies) * 0.25))]
            cands = [e for co in cos for e in co.members if e.role in ("sales", "executive", "field", "regular", "buyer")
                     and self._active(e, F - 30)]
            rng.shuffle(cands)
            att = cands[:max(2, int(round(self.n * 0.045)))]
            for e in att:
                s = F - 1 if rng.random() < 0.7 else F
                n = F + 2 - s if rng.random() < 0.6 else F + 1 - s
                hotel = rng.choice(fair_hotels) if e.home is not ams else None
                if hotel is None:
                    continue
                self._override(e, Trip(s, n, ams, hotel, self._mode(e, ams), rng.uniform(6.5, 19.0),
                                       rng.uniform(15.0, 20.0), event="fair", rate=1.9))
            self.event_info.append(("fair", F, len(att)))
        # --- sales kick-off of the largest client in Barcelona
        K = int(days * 0.40)
        K += (2 - self.weekday(K)) % 7      # a Wednesday
        if K < days - 2:
            bcn = self.city["BCN"]
            hp = self.pool(bcn, "hotel")
            main, overflow = hp[0], hp[1]
            co = self.companies[0]
            cands = [e for e in co.members if self._active(e, K - 20) and e.home is not bcn]
            rng.shuffle(cands)
            cands.sort(key=lambda e: e.role == "office")     # office staff last
            att = cands[:int(round(0.82 * len(cands)))]
            for e in att:
                if rng.random() < 0.6:
                    s, dep = K - 1, rng.uniform(9.0, 19.5)
                else:
                    s, dep = K, rng.uniform(5.8, 8.0)
                hotel = main if rng.random() < 0.95 else overflow
                self._override(e, Trip(s, K + 2 - s, bcn, hotel, self._mode(e, bcn), dep, rng.uniform(14.5, 20.0),
                                       event="sko", rate=1.0, deposit=150.0))
            self.sko = (K, set(x.idx for x in att))
            self.event_info.append(("sko", K, len(att)))
        else:
            self.sko = (None, set())
        # --- US tech conference in Las Vegas
        U = int(days * 0.78)
        U += (0 - self.weekday(U)) % 7      # a Monday
        if U < days - 4:
            las = self.city["LAS"]
            lp = self.pool(las, "hotel")[:6]
            cands = [e for e in self.emps if e.co.industry in ("software", "consulting") and
                     e.role in ("sales", "executive", "consultant", "buyer", "regular") and self._active(e, U - 40)]
            rng.shuffle(cands)
            att = cands[:max(1, int(round(self.n * 0.017)))]
            for e in att:
                s = U - 1
                self._override(e, Trip(s, rng.choice((4, 5)), las, rng.choice(lp), "fly", rng.uniform(9.5, 13.0),
                                       rng.uniform(12.0, 22.0), event="usconf", rate=1.45))
            self.event_info.append(("usconf", U, len(att)))
        self.us_conf_day = U

    # ================================================================== genuine rows
    def genuine(self):
        for e in self.emps:
            e.where = [None] * (self.days + 2 * PAD)
            for t in e.trips:
                for d in range(t.start, t.start + t.nights + (1 if t.city.eu else 2)):   # overnight flights home
                    if 0 <= d + PAD < len(e.where):
                        e.where[d + PAD] = t
        for e in self.emps:
            for t in e.trips:
                self.trip_rows(e, t)
            self.home_rows(e)
            self.subscriptions(e)
        self.christmas()

    def where(self, e, day):
        i = day + PAD
        return e.where[i] if 0 <= i < len(e.where) else None

    def ride(self, e, city, day, hour, where=None, airport=False, ts=None):
        """a taxi / ride-hail trip in `city`"""
        r = self.rng
        if ts is None:
            ts = self.T(city, day, hour)
        eur = self.lnorm(38.0 if airport else 17.0, 0.35) * city.cost
        plats = RIDEHAIL_BY_CC.get(city.cc, [])
        if plats and e.ridehail and r.random() < 0.62:
            pl = plats[0] if r.random() < 0.7 else r.choice(plats)
            payee, app = RIDEHAIL[pl]
            amt = self.local(eur * 0.9, city.cur)
            self.add(e, ts, amt, city.cur, self.ctx_app(e, day, hour, city, where, app), payee)
        else:
            m = self.pick(city, "taxi")
            amt = eur * FX[city.cur]
            if r.random() < 0.45:
                amt = math.ceil(amt)
            if city.cc in TIPPING:
                amt *= 1.15
            self.add(e, ts, self.rnd(amt, city.cur), city.cur, self.ctx_card(e, m, day), m.mid)

    def meal(self, e, city, day, hour, kind, where=None, ts=None):
        r = self.rng
        base = {"breakfast": 13.0, "coffee": 4.6, "lunch": 19.0, "dinner": 40.0, "bar": 22.0, "client": 190.0,
                "fast": 11.0}[kind]
        cat = {"breakfast": "fast", "coffee": "fast", "lunch": "rest", "dinner": "rest", "bar": "bar",
               "client": "rest", "fast": "fast"}[kind]
        m = self.pick(city, cat, e)
        eur = self.lnorm(base, 0.35) * city.cost * m.rate
        if kind == "dinner" and eur > e.co.dinner_cap and r.random() < 0.6:
            eur = e.co.dinner_cap * r.uniform(0.86, 1.0)
        amt = eur * FX[city.cur]
        if city.cc in TIPPING and kind not in ("coffee", "fast", "breakfast"):
            amt *= r.uniform(1.15, 1.22)
        if ts is None:
            ts = self.T(city, day, hour)
        self.add(e, ts, self.rnd(amt, city.cur), city.cur, self.ctx_card(e, m, day), m.mid)

    def shop(self, e, city, day, hour, cat, median_eur, sigma=0.5, plastic=False, ts=None):
        m = self.pick(city, cat, e, 0.4)
        if ts is None:
            ts = self.T(city, day, hour)
        self.add(e, ts, self.local(self.lnorm(median_eur, sigma) * city.cost, city.cur), city.cur,
                 self.ctx_card(e, m, day, plastic), m.mid)
        return m, ts

    def booking(self, e, tr):
        """flights / trains / hotel prepayment bought before the trip"""
        r = self.rng
        co = e.co
        lead = max(1, int(self.lnorm(9.0 if e.role != "consultant" else 5.0, 0.7)))
        bday = tr.start - lead
        if tr.event == "sko":
            bday = tr.start - r.randint(18, 40)
        while self.weekday(bday) >= 5 and r.random() < 0.8:
            bday -= 1
        hour = r.uniform(8.5, 18.0) if r.random() < 0.8 else r.uniform(19.0, 23.0)
        w = self.where(e, bday)
        ctx = self.ctx_ecom(e, bday, hour, w)
        ts = self.T(w.city if w else e.home, bday, hour)
        home_cur = e.home.cur
        if tr.mode == "fly":
            if co.central_flights and tr.event != "usconf" and r.random() < 0.9:
                pass
            else:
                far = not tr.city.eu
                if far:
                    fare = self.lnorm(1100.0, 0.3) * (3.0 if e.role == "executive" and r.random() < 0.7 else 1.0)
                else:
                    fare = self.lnorm(290.0, 0.45) * (1.5 if e.role == "executive" else 1.0)
                if co.tmc is not None and r.random() < 0.75:
                    self.add(e, ts, self.local(fare, home_cur), home_cur, ctx, TMCS[co.tmc])
                    if r.random() < 0.6:
                        self.add(e, ts + r.randint(20, 300), self.local(co.tmc_fee, home_cur), home_cur, ctx, TMCS[co.tmc])
                else:
                    if far:
                        payee, cur = r.choice(LONGHAUL_CARRIERS) if r.random() < 0.5 else \
                            AIRLINES.get(e.home.cc, ("m-4511-DE-9001", "EUR"))
                    elif r.random() < 0.25:
                        payee, cur = r.choice(LOWCOST)
                        fare *= 0.45
                    else:
                        payee, cur = AIRLINES.get(e.home.cc, AIRLINES.get(tr.city.cc, ("m-4511-DE-9001", "EUR")))
                    if cur != "EUR" and home_cur == "EUR" and r.random() < 0.7:
                        cur = "EUR"
                    if ctx[2] == e.phone1 or ctx[2] == e.phone2:
                        if r.random() < 0.5:
                            ctx = self.ctx_app(e, bday, hour, w.city if w else e.home, w, "FlyApp", gps=False)
                    self.add(e, ts, self.local(fare, cur), cur, ctx, payee)
                    if r.random() < 0.15:   # seat / bag
                        self.add(e, ts + r.randint(3600, 5 * 86400), self.local(r.choice((12, 18, 25, 35, 49, 60)), cur),
                                 cur, ctx, payee)
        elif tr.mode == "train":
            op = RAIL.get(e.home.cc)
            if e.home.cc == "GB" and tr.city.cc != "GB" or tr.city.cc == "GB" and e.home.cc != "GB":
                op = EUROSTAR
            if op:
                cur = "GBP" if op.startswith("m-4112-GB") else e.home.cur
                if op == EUROSTAR:
                    cur = "EUR" if e.home.cur == "EUR" else "GBP"
                d = _haversine(e.home, tr.city)
                fare = min(320.0, 25.0 + d * 0.22) * r.uniform(0.7, 1.5)
                if r.random() < 0.3:
                    ctx = self.ctx_app(e, bday, hour, w.city if w else e.home, w, "RailApp", gps=False)
                self.add(e, ts, self.local(fare, cur), cur, ctx, op)
        if tr.event == "" and r.random() < 0.18 and tr.hotel is not None:
            # hotel prepaid online (OTA or TMC)
            nights = tr.nights
            eur = 125.0 * tr.city.cost * e.tier * tr.hotel.rate * nights
            if r.random() < 0.5 and co.tmc is not None:
                payee, cur = TMCS[co.tmc], home_cur
            else:
                payee, cur = r.choice(OTA)
            self.add(e, ts + r.randint(60, 7200), self.local(eur, cur), cur, ctx, payee)
            return True
        return False

    def trip_rows(self, e, tr):
        r = self.rng
        home, dest = e.home, tr.city
        prepaid = self.booking(e, tr)
        s, n = tr.start, tr.nights
        ret = s + n
        dist = _haversine(home, dest)
        if tr.mode == "fly":
            dur = (dist / 780.0 + 0.75 + (2.5 if dist > 2500 and r.random() < 0.4 else 0.0)) * 3600
        elif tr.mode == "train":
            dur = (dist / 140.0 + 0.4) * 3600
        else:
            dur = (dist / 85.0 + 0.3) * 3600
        dep = self.T(home, s, tr.dep_h)
        arr = int(dep + dur)
        back_dep = self.T(dest, ret, tr.ret_h)
        if back_dep < arr + 6 * 3600:
            back_dep = arr + 6 * 3600
        back_arr = int(back_dep + dur)
        hour_h = lambda ts: self.local_hour(home, ts)
        # ---------------- outbound, at home
        if tr.mode == "fly":
            if e.car_airport:
                pass
            elif r.random() < 0.6:
                t = dep - int(r.uniform(1.6, 2.3) * 3600)
                self.ride(e, home, s, hour_h(t), None, True, ts=t)
            if r.random() < 0.5:
                m = self.pick(home, "airport", e)
                t = dep - int(r.uniform(0.5, 1.2) * 3600)
                self.add(e, t, self.local(self.lnorm(8.5, 0.4) * home.cost, home.cur), home.cur,
                         self.ctx_card(e, m, s), m.mid)
            if e.lounge and r.random() < 0.5:
                m = self.pick(home, "lounge")
                t = dep - int(r.uniform(0.8, 1.5) * 3600)
                self.add(e, t, self.local(r.choice((32.0, 35.0, 39.0, 42.0, 45.0)), home.cur), home.cur,
                         self.ctx_card(e, m, s, plastic=r.random() < 0.5), m.mid)
            if dur > 2.5 * 3600 and r.random() < 0.07:
                t = dep + int(r.uniform(0.6, 0.9) * dur)
                ip = r.choice(self.inflight[0])
                dev, ua = (e.laptop, self.browser_ua(e.lap_kind, s, e.os_lag)) if r.random() < 0.5 else self.phone_browser_ua(e, s)
                self.add(e, t, r.choice((8.0, 12.0, 19.0, 21.0)), "USD",
                         ("ecom", ip, dev, ua, None, None, "US", ""), INFLIGHT_WIFI[0])
        elif tr.mode == "train":
            if r.random() < 0.45:
                t = dep - int(r.uniform(0.4, 0.9) * 3600)
                self.ride(e, home, s, hour_h(t), None, False, ts=t)
            if r.random() < 0.35:
                self.meal(e, home, s, 0, "coffee", ts=dep - int(r.uniform(0.1, 0.4) * 3600))
        else:   # car
            if e.role == "field" and r.random() < 0.55:
                m = self.pick(home, "rental", e, 0.8)
                t = dep - int(r.uniform(0.3, 1.0) * 3600)
                self.add(e, t, self.round_local(r.choice((300, 400, 500)), home.cur, 50), home.cur,
                         self.ctx_card(e, m, s, plastic=True), m.mid)
                e._rental = (m, n + 1)
            else:
                e._rental = None
        # ---------------- at destination
        if tr.mode == "fly":
            x = r.random()
            t = arr + int(r.uniform(0.3, 0.8) * 3600)
            if x < 0.72:
                self.ride(e, dest, self.local_day(dest, t), self.local_hour(dest, t), tr, True, ts=t)
            elif x < 0.9:
                m = self.pick(dest, "transit")
                self.add(e, t, self.local(self.lnorm(6.0, 0.4) * dest.cost, dest.cur), dest.cur,
                         self.ctx_card(e, m, s), m.mid)
            if not dest.eu or dest.cur != "EUR":
                if r.random() < (0.3 if not dest.eu else 0.08):
                    m = self.pick(dest, "atm")
                    t2 = t - int(r.uniform(0.05, 0.2) * 3600)
                    self.add(e, t2, self.round_local(self.lnorm(150.0, 0.5), dest.cur, 20), dest.cur,
                             ("atm", "", "", "", m.lat if m.geo else None, m.lon if m.geo else None, dest.cc, dest.name), m.mid)
                    self.skim_points.append((e.idx, t2, dest))
        elif tr.mode == "train":
            if r.random() < 0.55:
                t = arr + int(r.uniform(0.1, 0.4) * 3600)
                self.ride(e, dest, self.local_day(dest, t), self.local_hour(dest, t), tr, False, ts=t)
        # hotel
        ah = self.local_hour(dest, arr)
        aday = self.local_day(dest, arr)
        if 13.5 <= ah or ah < 3:
            checkin = arr + int(r.uniform(0.6, 1.5) * 3600)
        elif r.random() < 0.3:
            checkin = arr + int(r.uniform(0.8, 1.6) * 3600)
        else:
            checkin = self.T(dest, aday, r.uniform(17.5, 20.5))
        rh = self.local_hour(dest, back_dep)
        rday = self.local_day(dest, back_dep)
        checkout = self.T(dest, rday, r.uniform(7.0, 9.3)) if rh > 11.0 else back_dep - int(r.uniform(2.2, 3.0) * 3600)
        if checkout <= checkin + 3600:
            checkout = min(back_dep - 3600, checkin + 8 * 3600)
        if checkin > back_dep - 3 * 3600:          # very short stay after a late arrival
            checkin = arr + 1800
        if checkout > back_dep - 3600 or checkout <= checkin:
            checkout = max(checkin + 1800, back_dep - 2 * 3600)
        hotel = tr.hotel
        nights = max(1, n)
        if hotel is not None:
            rate = 125.0 * dest.cost * e.tier * hotel.rate * tr.rate
            cday = self.local_day(dest, checkin)
            if tr.deposit is not None:                        # group booking: room billed centrally
                dep_amt = self.round_local(tr.deposit, dest.cur, 50)
                self.add(e, checkin, dep_amt, dest.cur, self.ctx_card(e, hotel, cday, plastic=True), hotel.mid)
                self.hotel_stays.append((hotel.mid, e.idx, checkin))
                if r.random() < 0.55:
                    self.add(e, checkout, self.local(self.lnorm(45.0, 0.6) * dest.cost, dest.cur), dest.cur,
                             self.ctx_card(e, hotel, rday, plastic=r.random() < 0.7), hotel.mid)
            elif prepaid:
                if r.random() < 0.7:
                    self.add(e, checkin, self.round_local(100.0 * nights, dest.cur, 50), dest.cur,
                             self.ctx_card(e, hotel, cday, plastic=True), hotel.mid)
                    self.hotel_stays.append((hotel.mid, e.idx, checkin))
                if r.random() < 0.4:
                    self.add(e, checkout, self.local(self.lnorm(30.0, 0.6) * dest.cost, dest.cur), dest.cur,
                             self.ctx_card(e, hotel, rday, plastic=r.random() < 0.7), hotel.mid)
            else:
                if r.random() < 0.85:
                    pre = rate * nights * r.uniform(1.0, 1.1) + r.choice((0, 50, 100, 150)) * nights
                    pre_amt = self.round_local(pre, dest.cur, 10) if r.random() < 0.5 else self.local(pre, dest.cur)
                    self.add(e, checkin, pre_amt, dest.cur, self.ctx_card(e, hotel, cday, plastic=True), hotel.mid)
                    self.hotel_stays.append((hotel.mid, e.idx, checkin))
                extras = self.lnorm(20.0, 0.8) * dest.cost if r.random() < 0.45 else 0.0
                if dest.cc in ("US", "CA"):
                    rate *= 1.15            # sales/occupancy taxes
                self.add(e, checkout, self.local(rate * nights + extras, dest.cur), dest.cur,
                         self.ctx_card(e, hotel, rday, plastic=r.random() < 0.6), hotel.mid)
                self.hotel_stays.append((hotel.mid, e.idx, checkout))
        # daily life at the destination
        lo_t = arr + 1800
        hi_t = back_dep - int(1.5 * 3600)
        consult = e.role == "consultant"
        slots = (("breakfast", 7.6, 0.5, 0.16), ("coffee", 9.2, 0.8, 0.3), ("taxi", 8.5, 0.5, 0.22 if consult else 0.35),
                 ("lunch", 12.9, 0.5, 0.42 if consult else 0.55), ("coffee", 15.4, 1.0, 0.12),
                 ("conv", 18.3, 1.5, 0.1), ("taxi", 18.6, 0.8, 0.3 if consult else 0.42),
                 ("dinner", 20.2, 0.8, 0.82), ("bar", 22.4, 0.6, 0.1), ("app", 21.5, 1.0, 0.05))
        d0 = self.local_day(dest, arr)
        d1 = self.local_day(dest, back_dep)
        fair = tr.event == "fair"
        for d in range(d0, d1 + 1):
            wk = self.weekday(d) >= 5
            for kind, h, sd, p in slots:
                if r.random() >= p * (0.6 if wk else 1.0):
                    continue
                hh = h + r.gauss(0, sd)
                t = self.T(dest, d, hh)
                if t < lo_t or t > hi_t:
                    continue
                if kind == "taxi":
                    self.ride(e, dest, d, hh, tr, False, ts=t)
                elif kind == "conv":
                    self.shop(e, dest, d, hh, "conv" if r.random() < 0.7 else "pharm", 9.0, ts=t)
                elif kind == "app":
                    self.add(e, t, self.local(self.lnorm(12.0, 0.8), e.home.cur), e.home.cur,
                             self.ctx_ecom(e, d, hh, tr), r.choice(SAAS[:4])[0] if r.random() < 0.3 else AMAZON_EU[0])
                elif fair and kind in ("lunch", "coffee") and r.random() < 0.75:
                    m = self.fair_venue
                    self.add(e, t, self.local(self.lnorm(16.0 if kind == "lunch" else 4.5, 0.3), "EUR"), "EUR",
                             self.ctx_card(e, m, d), m.mid)
                elif kind == "dinner" and r.random() < (0.2 if e.role == "executive" else 0.08 if e.role == "sales" else 0.03):
                    self.meal(e, dest, d, hh, "client", tr, ts=t)
                else:
                    self.meal(e, dest, d, hh, kind, tr, ts=t)
            if tr.mode == "car" and r.random() < 0.35:
                t = self.T(dest, d, r.uniform(7.5, 18.0))
                if lo_t < t < hi_t:
                    self.shop(e, dest, d, 0, "fuel", 70.0, 0.25, ts=t)
                    if not dest.eu or dest.cur != "EUR":
                        self.skim_points.append((e.idx, t, dest))
        if tr.event == "sko" and r.random() < 0.45:
            # evening in the hotel: online check-in for the flight home, paying a bag / seat on hotel Wi-Fi
            t = self.T(dest, self.sko[0], r.uniform(21.0, 23.5))
            if lo_t < t < hi_t:
                dev, ua = self.phone_browser_ua(e, self.sko[0])
                payee, cur = AIRLINES.get(e.home.cc, LOWCOST[0])
                self.add(e, t, self.local(r.choice((15.0, 25.0, 35.0, 45.0, 60.0)), cur), cur,
                         ("ecom", self.hotel_wifi(tr.hotel), dev, ua, None, None, dest.cc,
                          dest.name if r.random() < 0.7 else ""), payee)
        if tr.event == "sko":
            t = self.T(dest, self.sko[0] + 1, r.uniform(22.3, 23.8))
            if lo_t < t < hi_t and r.random() < 0.4:
                m = self.pool(dest, "bar")[0]
                self.add(e, t, self.local(self.lnorm(24.0, 0.4), "EUR"), "EUR", self.ctx_card(e, m, self.sko[0] + 1), m.mid)
        # ---------------- return
        if tr.mode == "fly":
            if r.random() < 0.62:
                t = back_dep - int(r.uniform(1.6, 2.4) * 3600)
                if t > checkout:
                    self.ride(e, dest, rday, self.local_hour(dest, t), tr, True, ts=t)
            if r.random() < 0.45:
                m = self.pick(dest, "airport")
                t = back_dep - int(r.uniform(0.4, 1.1) * 3600)
                self.add(e, t, self.local(self.lnorm(10.0, 0.4) * dest.cost, dest.cur), dest.cur,
                         self.ctx_card(e, m, rday), m.mid)
            if e.lounge and r.random() < 0.3:
                m = self.pick(dest, "lounge")
                t = back_dep - int(r.uniform(0.8, 1.5) * 3600)
                self.add(e, t, self.local(r.choice((32.0, 35.0, 39.0, 45.0)), dest.cur), dest.cur,
                         self.ctx_card(e, m, rday), m.mid)
            if r.random() < 0.05:
                m = self.pick(dest, "dutyfree")
                t = back_dep - int(r.uniform(0.3, 0.7) * 3600)
                self.add(e, t, self.local(self.lnorm(70.0, 0.6), dest.cur), dest.cur, self.ctx_card(e, m, rday), m.mid)
            bday = self.local_day(home, back_arr)
            if e.car_airport:
                m = self.pick(home, "parking", e, 0.9)
                t = back_arr + int(r.uniform(0.3, 0.7) * 3600)
                self.add(e, t, self.local((n + 1) * r.uniform(14.0, 24.0), home.cur), home.cur,
                         self.ctx_card(e, m, bday), m.mid)
            elif r.random() < 0.5:
                t = back_arr + int(r.uniform(0.4, 0.9) * 3600)
                self.ride(e, home, bday, self.local_hour(home, t), None, True, ts=t)
        elif tr.mode == "train":
            if r.random() < 0.35:
                t = back_dep - int(r.uniform(0.4, 0.8) * 3600)
                if t > checkout:
                    self.ride(e, dest, rday, self.local_hour(dest, t), tr, False, ts=t)
        else:
            if getattr(e, "_rental", None):
                m, nd = e._rental
                t = back_arr + int(r.uniform(0.1, 0.5) * 3600)
                self.add(e, t, self.local(nd * self.lnorm(58.0, 0.2) + r.choice((0, 0, 35.0)), home.cur), home.cur,
                         self.ctx_card(e, m, self.local_day(home, t), plastic=True), m.mid)

    def home_rows(self, e):
        r = self.rng
        home = e.home
        _, _, _, wk_rate, we_rate = ROLE[e.role]
        role = e.role
        acts = {
            "consultant": (["client", "team", "coffee", "taxi", "daytrip", "supplies", "books", "parking"],
                           [18, 10, 20, 20, 10, 8, 6, 8]),
            "sales": (["client", "team", "coffee", "taxi", "daytrip", "parking", "fuel", "supplies", "courier"],
                      [30, 6, 14, 16, 14, 8, 6, 4, 2]),
            "executive": (["client", "team", "taxi", "coffee", "daytrip", "books", "conf"],
                          [34, 14, 22, 10, 8, 6, 6]),
            "field": (["fuel", "hardware", "parking", "coffee", "lunch", "courier", "daytrip"],
                      [30, 20, 10, 12, 18, 5, 5]),
            "regular": (["team", "coffee", "taxi", "supplies", "books", "parking", "conf", "daytrip"],
                        [20, 18, 14, 16, 8, 10, 6, 8]),
            "office": (["team", "supplies", "coffee", "courier", "books", "taxi"], [30, 30, 12, 10, 8, 10]),
            "assistant": (["book_others", "invoice", "supplies", "courier", "team", "taxi", "conf"],
                          [52, 12, 12, 8, 8, 4, 4]),
            "buyer": (["electronics", "supplies", "software", "invoice", "courier", "team"], [22, 24, 26, 12, 8, 8]),
        }[role]
        d_lo = max(0, e.first_day)
        d_hi = min(self.days, e.leave + 1)
        for d in range(d_lo, d_hi):
            if e.where[d + PAD] is not None or e.off[d + PAD]:
                continue
            wd = self.weekday(d)
            lam = (wk_rate if wd < 5 else we_rate) * e.act
            dd = self.date(d)
            if dd.month == 12 and dd.day > 19:
                lam *= 0.4
            k = self.pois(lam)
            if e.personal_spender and wd >= 5 and r.random() < 0.12:
                self.personal(e, d)
            chosen = [self.wchoice(*acts) for _ in range(k)]
            if "daytrip" in chosen:             # a day at a client elsewhere: nothing else in the home city
                chosen = ["daytrip"]
            for a in chosen:
                self.home_act(e, d, a)
        # monthly TMC invoice paid through the portal by an assistant
        if role == "assistant" and e.co.tmc is not None and r.random() < 0.5:
            for d in range(d_lo, d_hi):
                if self.date(d).day == 6 or (self.date(d).day in (7, 8) and self.weekday(d) == 0):
                    if self.weekday(d) < 5 and not e.off[d + PAD]:
                        h = r.uniform(9.0, 16.5)
                        amt = round(self.lnorm(1800.0 * max(1.0, len(e.co.members) / 40.0) ** 0.5, 0.4), 2)
                        self.add(e, self.T(home, d, h), amt, "EUR", self.ctx_web(e, d, h), TMC_BEN[e.co.tmc])

    def home_act(self, e, d, a):
        r = self.rng
        home = e.home
        cur = home.cur
        if a == "client":
            h = r.uniform(12.0, 13.8) if r.random() < 0.6 else r.uniform(19.0, 21.5)
            m = self.pick(home, "rest", e)
            amt = self.lnorm(110.0, 0.55) * home.cost
            self.add(e, self.T(home, d, h), self.local(amt, cur), cur, self.ctx_card(e, m, d), m.mid)
            if h > 19 and r.random() < 0.3:
                self.ride(e, home, d, h + r.uniform(2.0, 3.0))
        elif a == "team":
            m = self.pick(home, "rest", e, 0.7)
            h = r.uniform(12.0, 13.6)
            self.add(e, self.T(home, d, h), self.local(self.lnorm(85.0, 0.6) * home.cost, cur), cur,
                     self.ctx_card(e, m, d), m.mid)
        elif a == "lunch":
            self.meal(e, home, d, r.uniform(11.8, 13.6), "lunch")
        elif a == "coffee":
            self.meal(e, home, d, r.uniform(7.5, 17.0), "coffee")
        elif a == "taxi":
            self.ride(e, home, d, r.uniform(7.5, 21.0))
        elif a == "parking":
            self.shop(e, home, d, r.uniform(8.0, 18.0), "parking", 8.0, 0.6)
        elif a == "fuel":
            self.shop(e, home, d, r.uniform(6.5, 19.0), "fuel", 72.0, 0.25, plastic=r.random() < 0.5)
        elif a == "hardware":
            self.shop(e, home, d, r.uniform(7.0, 17.0), "hardware", 45.0, 0.8)
        elif a in ("supplies", "books", "electronics", "software", "courier", "conf"):
            h = r.uniform(8.5, 18.0) if r.random() < 0.85 else r.uniform(19.0, 23.0)
            ctx = self.ctx_ecom(e, d, h, None)
            if a == "supplies":
                payee, c = AMAZON.get(home.cc, AMAZON_EU)
                if r.random() < 0.2:
                    m = self.pick(home, "stationery", e)
                    self.add(e, self.T(home, d, h), self.local(self.lnorm(35.0, 0.7), cur), cur,
                             self.ctx_card(e, m, d), m.mid)
                    return
                amt = self.local(self.lnorm(48.0, 0.8), c)
            elif a == "books":
                payee, c = (AMAZON.get(home.cc, AMAZON_EU) if r.random() < 0.6 else
                            (self.pick(home, "books").mid, cur))
                amt = self.local(self.lnorm(32.0, 0.5), c)
            elif a == "electronics":
                payee, c = r.choice(SHOP_ELECTRONICS[:2]) if r.random() < 0.6 else AMAZON.get(home.cc, AMAZON_EU)
                amt = self.local(self.lnorm(240.0, 1.0), c)
            elif a == "software":
                v = r.choice(SAAS)
                payee, c = v[0], v[1]
                amt = self.rnd(v[2] * r.choice((1, 1, 1, 12)), c)
                if r.random() < 0.25:   # a new subscription starts
                    self.new_sub(e, v, d)
            elif a == "courier":
                payee, c = COURIER
                amt = self.local(self.lnorm(38.0, 0.6), c)
            else:
                payee, c = EVENT_PLATFORM if r.random() < 0.8 else US_CONF
                amt = self.rnd(r.choice((95, 149, 195, 249, 295, 395, 495, 695, 895)) * (1.0 if c == "EUR" else 1.2), c)
            self.add(e, self.T(home, d, h), amt, c, ctx, payee)
        elif a == "daytrip":
            cands = [c for c in self.by_cc[home.cc] if c is not home and _haversine(home, c) < 400] or \
                    [c for c in self.euro_cities if c is not home and _haversine(home, c) < 300]
            if not cands:
                self.ride(e, home, d, r.uniform(8, 19))
                return
            city = r.choice(cands)
            op = RAIL.get(home.cc)
            h0 = r.uniform(6.3, 8.5)
            fare = min(250.0, 20.0 + _haversine(home, city) * 0.25) * 2 * r.uniform(0.7, 1.3)
            if op and r.random() < 0.75:
                if r.random() < 0.6:
                    hb = h0 - r.uniform(14, 60)
                    db = d + int(math.floor(hb / 24))
                    hb = hb % 24
                    if self.where(e, db) is None:
                        self.add(e, self.T(home, db, hb), self.local(fare, cur), cur, self.ctx_ecom(e, db, hb, None), op)
                else:
                    m = Merchant(op, None, None, False, home)
                    self.add(e, self.T(home, d, h0), self.local(fare, cur), cur, self.ctx_card(e, m, d), op)
                arrive = h0 + _haversine(home, city) / 140.0 + 0.3
                if r.random() < 0.5:
                    self.ride(e, city, d, arrive + 0.2)
            else:
                arrive = h0 + _haversine(home, city) / 85.0
                if r.random() < 0.4:
                    self.shop(e, city, d, arrive + 0.1, "parking", 12.0, 0.5)
            if r.random() < 0.75:
                self.meal(e, city, d, max(arrive + 1.0, r.uniform(12.0, 13.5)), "lunch" if r.random() < 0.7 else "client")
            if r.random() < 0.35:
                self.meal(e, city, d, arrive + r.uniform(2.5, 5.0), "coffee")
        elif a == "book_others":
            h = r.uniform(8.5, 17.8)
            ctx = self.ctx_ecom(e, d, h, None, device="laptop" if r.random() < 0.9 else None)
            x = r.random()
            co = e.co
            if x < 0.55 and co.tmc is not None:
                payee, c = TMCS[co.tmc], cur
                amt = self.local(self.lnorm(380.0, 0.6), c)
            elif x < 0.7:
                payee, c = AIRLINES.get(home.cc, ("m-4511-DE-9001", "EUR"))
                amt = self.local(self.lnorm(320.0, 0.6), c)
            elif x < 0.85:
                city = self.wchoice(self.euro_cities, [c.w for c in self.euro_cities])
                hm = self.pick(city, "hotel")
                payee, c = hm.mid, city.cur
                amt = self.local(125.0 * city.cost * hm.rate * r.randint(1, 4), c)
            else:
                payee = RAIL.get(home.cc, EUROSTAR)
                c = "GBP" if payee.startswith("m-4112-GB") else cur
                amt = self.local(self.lnorm(110.0, 0.5), c)
            self.add(e, self.T(home, d, h), amt, c, ctx, payee)
        elif a == "invoice":
            if not e.portal:
                return
            h = r.uniform(8.5, 17.5)
            ben, med = r.choice(e.co.suppliers)
            self.add(e, self.T(home, d, h), round(self.lnorm(med, 0.3), 2), "EUR", self.ctx_web(e, d, h), ben)

    def personal(self, e, d):
        """private purchases on the corporate card: policy breach, not fraud"""
        r = self.rng
        home = e.home
        x = r.random()
        h = r.uniform(10.0, 18.5)
        if x < 0.55:
            self.shop(e, home, d, h, "super", 55.0, 0.6)
        elif x < 0.8:
            self.shop(e, home, d, h, "clothing", 70.0, 0.6)
        else:
            payee, c = AMAZON.get(home.cc, AMAZON_EU)
            self.add(e, self.T(home, d, h), self.local(self.lnorm(35.0, 0.8), c), c, self.ctx_ecom(e, d, h, None), payee)

    def new_sub(self, e, v, d):
        seats = 1 if v[3] != "seat" or e.role != "buyer" else min(30, max(1, int(self.lnorm(6.0, 0.9))))
        annual = self.rng.random() < 0.15 and v[2] * seats * 12 < 12000
        e.subs.append((v, seats, (self.date(d).day), self.rng.uniform(0.0, 8.0), d + 1, annual))

    def subscriptions(self, e):
        r = self.rng
        if e.role == "buyer":
            for v in r.sample(SAAS, r.randint(4, 12)):
                self.new_sub(e, v, -400)
        elif e.role == "sales" and r.random() < 0.4:
            self.new_sub(e, SALESNAV, -400)
        elif r.random() < 0.08:
            self.new_sub(e, r.choice(SAAS[:10]), -400)
        for v, seats, dom, hour, since, annual in e.subs:
            payee, cur, price, kind = v
            bill_day = min(dom, 28)
            for d in range(max(0, since), self.days):
                dd = self.date(d)
                if dd.day != bill_day:
                    continue
                if annual and (dd.month != (self.date(since).month if since > -PAD else 1 + (e.idx % 12))):
                    continue
                if kind == "usage":
                    amt = self.rnd(price * seats * r.lognormvariate(0, 0.35), cur)
                else:
                    amt = self.rnd(price * seats * (12 if annual else 1), cur)
                ts = self.t0 + d * 86400 + int(hour * 3600) + r.randint(0, 900)
                self.add(e, ts, amt, cur, ("recurring", "", "", "", None, None, "", ""), payee)

    def christmas(self):
        r = self.rng
        for co in self.companies:
            days = [d for d in range(self.days) if self.date(d).month == 12 and 10 <= self.date(d).day <= 19
                    and self.weekday(d) in (3, 4)]
            if not days:
                continue
            d = r.choice(days)
            hosts = [e for e in co.members if e.role in ("assistant", "office", "executive") and self._active(e, d)
                     and e.where[d + PAD] is None]
            if not hosts:
                continue
            e = r.choice(hosts)
            m = self.pick(co.hq, "rest")
            heads = max(8, int(len(co.members) * r.uniform(0.6, 0.9)))
            amt = self.local(heads * self.lnorm(55.0, 0.2) * co.hq.cost, co.hq.cur)
            self.add(e, self.T(co.hq, d, r.uniform(22.5, 23.8)), amt, co.hq.cur, self.ctx_card(e, m, d, plastic=True), m.mid)
            for x in r.sample(co.members, min(len(co.members), r.randint(1, 4))):
                if x.role in ("executive", "sales", "regular") and self._active(x, d - 2) and x.where[d - 2 + PAD] is None:
                    mm = self.pick(x.home, "rest")
                    self.add(x, self.T(x.home, d - r.randint(1, 4), r.uniform(12.0, 20.5)),
                             self.local(self.lnorm(320.0, 0.5) * x.home.cost, x.home.cur), x.home.cur,
                             self.ctx_card(x, mm, d), mm.mid)

    # ================================================================== fraud
    def n_cases(self, base, minimum=0):
        v = base * self.scale
        n = int(v) + (1 if self.rng.random() < v - int(v) else 0)
        return max(minimum, n)

    def fraud(self):
        self.fraud_dev_ring = [self.dev_id() for _ in range(8)]
        self.ecom_by_emp = [0] * self.n
        for row in self.rows:
            if row[5][0] in ("ecom", "mobile", "recurring"):
                self.ecom_by_emp[row[2]] += 1
        self.f_skimmed()
        self.f_hotel()
        self.f_testing()
        self.f_cnp_cases()
        self.f_lost()
        self.f_wallet()
        self.f_ato()
        self.f_tmc_impersonation()
        self.f_leaver()

    def active_at(self, e, ts):
        return e.t_first + 5 * 86400 <= ts < e.t_last

    def fraud_ip(self, victim_cc, kind=None):
        """(ip, geo city) of a fraudster's network"""
        r = self.rng
        x = r.random() if kind is None else kind
        if x < 0.5:                               # residential proxy in the victim's country
            cs = self.by_cc[victim_cc]
            return self.isp_ip(victim_cc), self.wchoice(cs, [c.w + 0.5 for c in cs])
        if x < 0.8:
            ip, cc, city = self.dc_ip()
            return ip, city
        cc = r.choice(["GB", "US", "FR", "NL", "RO", "BR", "TR"])
        return self.isp_ip(cc), self._major(cc)

    def fraud_browser(self, day):
        r = self.rng
        kind = r.choice(["win_chrome", "win_chrome", "win_edge", "mac_safari", "win_firefox", "iphone"])
        if kind == "iphone":
            v = r.choice(["17.6.1", "18.5", "18.6"])
            return f"Mozilla/5.0 (iPhone; CPU iPhone OS {v.replace('.', '_')} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v[:4]} Mobile/15E148 Safari/604.1"
        return self.browser_ua(kind, day - r.randint(0, 120))

    def cnp_run(self, e, t, dev, ua, ip_fn, n_rows, shops):
        """a card-not-present cash-out session sequence; returns rows added"""
        r = self.rng
        rows = []
        for i in range(n_rows):
            ip, geo = ip_fn()
            payee, cur = r.choice(shops)
            if payee.startswith("m-5815") or payee.startswith("m-5816"):
                amt = float(r.choice((25, 50, 50, 100, 100, 150, 200, 250)))
            elif payee.startswith("m-4511"):
                amt = self.local(self.lnorm(620.0, 0.45), cur)
            elif payee.startswith("m-6051"):
                amt = float(r.choice((250, 300, 500, 750, 1000, 1500)))
            elif payee.startswith("m-4121"):
                amt = self.local(self.lnorm(25.0, 0.4), cur)
            else:
                amt = self.local(self.lnorm(480.0 if i else 150.0, 0.7), cur)
            ts = t + i * int(r.uniform(120, 2400)) + (r.randint(0, 3) * 86400 if i and r.random() < 0.15 else 0)
            ctx = ("ecom", ip, dev, ua, None, None, geo.cc, geo.name if r.random() < 0.7 else "")
            if self.active_at(e, ts):
                rows.append((e, ts, amt, cur, ctx, payee))
        return rows

    def emit_case(self, rows, scen, rep):
        if not rows:
            return 0
        last = max(x[1] for x in rows)
        if rep is not None and rep < last:
            rep = last + 3600
        k = 0
        for e, ts, amt, cur, ctx, payee in rows:
            if self.add(e, ts, amt, cur, ctx, payee, 1, rep, scen):
                k += 1
        return k

    def report_delay(self, t_last, profile):
        """reporting delay profiles for card fraud on corporate cards"""
        r = self.rng
        x = r.random()
        if profile == "alert":         # noticed via SMS alert / issuer call
            if x < 0.75:
                return t_last + int(r.uniform(2, 72) * 3600)
            if x < 0.95:
                return self.reconciliation(t_last)
            return None
        if profile == "recon":         # found at the monthly expense reconciliation
            if x < 0.25:
                return t_last + int(r.uniform(12, 120) * 3600)
            if x < 0.85:
                return self.reconciliation(t_last)
            return None
        raise ValueError(profile)

    def reconciliation(self, t):
        """expense report deadline: a few days to three weeks after the month end following t"""
        d = dt.datetime.fromtimestamp(t, dt.timezone.utc).date()
        nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        when = dt.datetime(nxt.year, nxt.month, nxt.day, 9, tzinfo=dt.timezone.utc).timestamp()
        return int(when) + int(self.rng.uniform(2, 22) * 86400) + self.rng.randint(0, 8 * 3600)

    # ---- skimmed card cloned abroad
    def f_skimmed(self):
        r = self.rng
        pts = [p for p in self.skim_points if self.t0 <= p[1] < self.t_end - 5 * 86400]
        r.shuffle(pts)
        n = self.n_cases(24, 1)
        used = set()
        far_map = {True: ["MIA", "NYC", "LAS", "SAO", "BOG", "BKK", "JKT", "MNL", "MEX"],
                   False: ["MIA", "NYC", "SAO", "BOG", "MEX", "JKT", "MNL", "KUL", "IST"]}
        victims = []
        for p in pts:
            if len(victims) >= n:
                break
            if p[0] in used:
                continue
            used.add(p[0])
            victims.append(p)
        # not enough points abroad (small worlds): skim at a home ATM/fuel pump
        extra = [e for e in self.emps if e.idx not in used and e.trips]
        r.shuffle(extra)
        while len(victims) < n and extra:
            e = extra.pop()
            d = r.randint(0, max(0, self.days - 8))
            m = self.pick(e.home, "atm")
            t = self.T(e.home, d, r.uniform(9, 20))
            if self.add(e, t, self.round_local(self.lnorm(120.0, 0.4), e.home.cur, 20), e.home.cur,
                        ("atm", "", "", "", m.lat if m.geo else None, m.lon if m.geo else None, e.home.cc, e.home.name),
                        m.mid):
                victims.append((e.idx, t, e.home))
        for idx, t_skim, where in victims:
            e = self.emps[idx]
            opts = [k for k in far_map[where.eu] if self.city[k].cc != where.cc]
            city = self.city[r.choice(opts)]
            t = t_skim + int(r.uniform(2, 25) * 86400)
            d = self.local_day(city, t)
            t = self.T(city, d, r.uniform(9.0, 21.0))
            rows = []
            for i in range(r.randint(3, 10)):
                ts = t + i * int(r.uniform(600, 5400)) + (86400 if i > 4 and r.random() < 0.5 else 0)
                x = r.random()
                if x < 0.5:
                    m = self.pick(city, "atm")
                    amt = self.round_local(self.lnorm(380.0, 0.3), city.cur, 50)
                    ch = "atm"
                else:
                    m = self.pick(city, "electronics" if x < 0.8 else "jewelry" if x < 0.9 else "super")
                    amt = self.local(self.lnorm(900.0 if x < 0.9 else 250.0, 0.5), city.cur)
                    ch = "pos"
                ctx = (ch, "", "", "", m.lat if m.geo else None, m.lon if m.geo else None, city.cc, city.name)
                if self.active_at(e, ts):
                    rows.append((e, ts, amt, city.cur, ctx, m.mid))
            if rows:
                last = max(x[1] for x in rows)
                self.emit_case(rows, "skimmed_card_abroad", self.report_delay(last, "alert"))

    # ---- compromised hotel terminal
    def f_hotel(self):
        r = self.rng
        if not self.hotel_stays:
            return
        win_lo = self.t0 + int(self.days * 0.12) * 86400
        win_hi = win_lo + 21 * 86400
        sko_hotels = {self.pool(self.city["BCN"], "hotel")[0].mid}
        cnt = {}
        for mid, idx, ts in self.hotel_stays:
            if win_lo <= ts < win_hi and mid not in sko_hotels:
                cnt.setdefault(mid, set()).add(idx)
        if not cnt:
            return
        ranked = sorted(cnt.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        mid, guests = ranked[min(len(ranked) - 1, r.randint(0, 2))]
        self.compromised_hotel = (mid, len(guests))
        ring_devs = [self.dev_id() for _ in range(3)]
        ring_uas = [self.browser_ua("win_chrome", int(self.days * 0.1)), self.browser_ua("win_edge", 0),
                    self.fraud_browser(0)]
        o1, o2, o3, cc, city = self.dc_nets[r.randrange(len(self.dc_nets))]
        clone_city = self.city[r.choice(["BKK", "SAO", "MIA", "MEX"])]
        for idx in sorted(guests):
            if r.random() > 0.7:
                continue
            e = self.emps[idx]
            stay = max(ts for m_, i_, ts in self.hotel_stays if m_ == mid and i_ == idx)
            t = stay + int(r.uniform(6, 40) * 86400)
            t = self.T(e.home, self.local_day(e.home, t), r.choice([r.uniform(0, 5), r.uniform(18, 24)]))
            k = r.randrange(3)

            def ipf():
                if r.random() < 0.7:
                    return f"{o1}.{o2}.{o3}.{r.randrange(2, 254)}", city
                return self.fraud_ip(e.home.cc, 0.1)
            rows = self.cnp_run(e, t, ring_devs[k], ring_uas[k], ipf, r.randint(1, 5),
                                SHOP_ELECTRONICS + SHOP_GIFTCARD + SHOP_CRYPTO)
            if r.random() < 0.2:
                tc = self.T(clone_city, self.local_day(clone_city, t) + r.randint(1, 4), r.uniform(10, 20))
                for j in range(r.randint(1, 3)):
                    m = self.pick(clone_city, "atm" if j == 0 else "electronics")
                    amt = self.round_local(300, clone_city.cur, 50) if j == 0 else \
                        self.local(self.lnorm(700, 0.4), clone_city.cur)
                    ts = tc + j * r.randint(900, 4000)
                    if self.active_at(e, ts):
                        rows.append((e, ts, amt, clone_city.cur,
                                     ("atm" if j == 0 else "pos", "", "", "", m.lat if m.geo else None,
                                      m.lon if m.geo else None, clone_city.cc, clone_city.name), m.mid))
            if rows:
                self.emit_case(rows, "compromised_hotel_terminal",
                               self.report_delay(max(x[1] for x in rows), "recon"))

    # ---- card testing
    def f_testing(self):
        r = self.rng
        waves = self.n_cases(3, 1)
        self.tested = []
        for w in range(waves):
            d = r.randint(2, max(2, self.days - 3))
            t = self.T(self.city["FRA"], d, r.uniform(1.0, 4.5))
            act = [e for e in self.emps if self.active_at(e, t)]
            k = min(len(act), max(3, int(len(act) * r.uniform(0.02, 0.035))))
            cards = r.sample(act, k)
            shops = r.sample(TESTING_SHOPS, r.randint(1, 2))
            devs = [self.dev_id() for _ in range(r.randint(1, 3))]
            ua = self.browser_ua("bot", 0) if r.random() < 0.5 else self.browser_ua("win_chrome", d - 200)
            nets = r.sample(self.dc_nets, 2)
            ts = t
            confirmed = r.random() < 0.8
            for e in cards:
                rows = []
                for _ in range(self.wchoice([1, 2, 3], [70, 22, 8])):
                    ts += r.randint(5, 70)
                    payee, cur = r.choice(shops)
                    o1, o2, o3, cc, city = r.choice(nets)
                    amt = r.choice((0.5, 1.0, 1.0, 1.0, 1.5, 2.0, 0.99, 4.99))
                    ctx = ("ecom", f"{o1}.{o2}.{o3}.{r.randrange(2, 254)}", r.choice(devs), ua, None, None, cc,
                           city.name if r.random() < 0.5 else "")
                    rows.append((e, ts, amt, cur, ctx, payee))
                rep = None
                if confirmed and r.random() < 0.55:
                    rep = ts + int(r.uniform(20, 140) * 3600)
                self.emit_case(rows, "card_testing", rep)
                self.tested.append((e, ts, devs, nets))

    # ---- CNP with bought card data (+ cash-out of tested cards)
    def f_cnp_cases(self):
        r = self.rng
        n = self.n_cases(42, 1)
        weights = [1.0 + 0.15 * self.ecom_by_emp[i] for i in range(self.n)]
        ring = self.fraud_dev_ring
        for _ in range(n):
            e = self.wchoice(self.emps, weights)
            d = r.randint(0, self.days - 1)
            night = r.random() < 0.55
            t = self.T(e.home, d, r.uniform(0.5, 5.0) if night else r.uniform(9.0, 23.5))
            dev = r.choice(ring) if r.random() < 0.25 else self.dev_id()
            ua = self.fraud_browser(d)
            kind = r.random()
            fixed = self.fraud_ip(e.home.cc, kind)

            def ipf():
                return fixed if r.random() < 0.7 else self.fraud_ip(e.home.cc, kind)
            shops = r.choice([SHOP_ELECTRONICS + SHOP_GIFTCARD, SHOP_GIFTCARD + SHOP_CRYPTO,
                              [AIRLINES["GB"], AIRLINES["DE"], AIRLINES["AE"], LOWCOST[0]] + SHOP_LUXURY,
                              SHOP_ELECTRONICS + SHOP_LUXURY + [AMAZON_EU]])
            rows = self.cnp_run(e, t, dev, ua, ipf, self.wchoice([1, 2, 3, 4, 6, 8], [18, 22, 20, 18, 12, 10]),
                                shops)
            if rows:
                big = sum(x[2] / FX[x[3]] for x in rows)
                rep = self.report_delay(max(x[1] for x in rows), "alert" if big > 1500 else "recon")
                if big < 150 and r.random() < 0.5:      # small amounts often go unnoticed
                    rep = None
                self.emit_case(rows, "cnp_card_data", rep)
        # cash-out of some cards that passed card testing
        for e, ts, devs, nets in self.tested:
            if r.random() > 0.12:
                continue
            t = ts + int(r.uniform(1, 10) * 86400)
            o1, o2, o3, cc, city = nets[0]

            def ipf2():
                return (f"{o1}.{o2}.{o3}.{r.randrange(2, 254)}", city) if r.random() < 0.6 else self.fraud_ip(e.home.cc, 0.2)
            rows = self.cnp_run(e, t, r.choice(devs + ring[:2]), self.fraud_browser(0), ipf2,
                                r.randint(1, 4), SHOP_GIFTCARD + SHOP_ELECTRONICS)
            if rows:
                self.emit_case(rows, "cnp_card_data", self.report_delay(max(x[1] for x in rows), "alert"))

    # ---- lost / stolen card, contactless taps
    def f_lost(self):
        r = self.rng
        n = self.n_cases(16, 1)
        cands = [e for e in self.emps if any(0 <= t.start < self.days - 2 for t in e.trips)]
        r.shuffle(cands)
        limit_eur = {"GBP": 115.0, "CHF": 85.0, "USD": 85.0, "SEK": 36.0, "PLN": 23.0}
        for e in cands[:n]:
            trips = [t for t in e.trips if 0 <= t.start < self.days - 2]
            if r.random() < 0.15:
                city, d, tr = e.home, r.randint(0, self.days - 2), None
            else:
                tr = r.choice(trips)
                city, d = tr.city, tr.start + r.randint(0, max(0, tr.nights - 1))
            t = self.T(city, d, r.uniform(21.5, 24.5))
            lim = limit_eur.get(city.cur, 50.0) if city.cur != "EUR" else 50.0
            if city.cur == "GBP":
                lim_local = 100.0
            else:
                lim_local = self.round_local(lim, city.cur, 5)
            rows = []
            ts = t + r.randint(900, 3 * 3600)
            for i in range(r.randint(4, 9)):
                ts += r.randint(240, 2400)
                cat = r.choice(["tobacco", "conv", "super", "fuel", "fast", "electronics", "pharm"])
                m = self.pick(city, cat)
                amt = self.rnd(lim_local * r.uniform(0.78, 0.995), city.cur)
                if self.active_at(e, ts):
                    rows.append((e, ts, amt, city.cur, ("pos", "", "", "", m.lat if m.geo else None,
                                                        m.lon if m.geo else None, city.cc, city.name), m.mid))
            if not rows:
                continue
            last = max(x[1] for x in rows)
            if r.random() < 0.8:
                ld = self.local_day(city, last)
                rep = self.T(city, ld + 1, r.uniform(7.5, 11.0))
                if r.random() < 0.3:
                    rep += r.randint(1, 2) * 86400
            else:
                rep = self.report_delay(last, "recon")
            self.emit_case(rows, "lost_stolen_card", rep)

    # ---- phone-wallet provisioning after smishing
    def f_wallet(self):
        r = self.rng
        n = self.n_cases(11, 1)
        cands = list(self.emps)
        r.shuffle(cands)
        for e in cands[:n]:
            d = r.randint(0, self.days - 2)
            city = e.home if r.random() < 0.3 else self.city[r.choice(["PAR", "LON", "MIL", "MAD", "BCN", "BER",
                                                                        "AMS", "BRU", "WAW", "BUH"])]
            ios = r.random() < 0.35
            model = r.choice(IPHONES[:4]) if ios else r.choice(["SM-A546B", "SM-A145R", "Redmi Note 12", "SM-A346B"])
            dev = self.dev_id()
            ua = f"ApplePay ({model}; iOS 18.5)" if ios else f"GooglePay ({model}; Android 14)"
            t = self.T(city, d, r.uniform(10.0, 19.0))
            rows = []
            ts = t
            for i in range(r.randint(3, 9)):
                ts += r.randint(900, 3 * 3600) + (86400 if r.random() < 0.15 else 0)
                x = r.random()
                if x < 0.15 and RIDEHAIL_BY_CC.get(city.cc):
                    payee, app = RIDEHAIL[RIDEHAIL_BY_CC[city.cc][0]]
                    ip, _ = self.carrier_ip(city.cc, 7)
                    ctx = ("mobile", ip, dev, f"{app}/5.2.0 ({'iPhone' if ios else 'Android 14'}; {model})",
                           None, None, city.cc, city.name)
                    rows.append((e, ts, self.local(self.lnorm(22.0, 0.4), city.cur), city.cur, ctx, payee))
                    continue
                cat = "electronics" if x < 0.5 else "jewelry" if x < 0.65 else "clothing" if x < 0.85 else "super"
                m = self.pick(city, cat)
                amt = self.local(self.lnorm(650.0 if cat != "super" else 180.0, 0.5), city.cur)
                ctx = ("wallet", "", dev, ua, m.lat if m.geo else None, m.lon if m.geo else None, city.cc, city.name)
                rows.append((e, ts, amt, city.cur, ctx, m.mid))
            rows = [x for x in rows if self.active_at(e, x[1])]
            if rows:
                self.emit_case(rows, "wallet_token_phishing", self.report_delay(max(x[1] for x in rows), "alert"))

    # ---- expense-portal account takeover, new beneficiary
    def f_ato(self):
        r = self.rng
        n = self.n_cases(8, 1)
        cands = [e for e in self.emps if e.portal]
        r.shuffle(cands)
        for e in cands[:n]:
            d = r.randint(1, self.days - 1)
            while self.weekday(d) not in (4, 5, 6) and d < self.days - 1:
                d += 1
            t = self.T(e.home, d, r.uniform(17.5, 23.5))
            dev = self.dev_id()
            ua = self.fraud_browser(d)
            ip, geo = self.fraud_ip(e.home.cc, r.random() * 0.8)
            ben = f"ben-{r.choice(['LT', 'HK', 'CY', 'GB', 'AE', 'RO', 'BG', 'PL'])}-{r.randrange(1000000, 9999999)}"
            rows = []
            ts = t
            if r.random() < 0.35:
                rows.append((e, ts, 1.0, "EUR", ("web", ip, dev, ua, None, None, geo.cc, geo.name), ben))
            for i in range(r.randint(1, 4)):
                ts += r.randint(300, 2 * 3600)
                amt = float(r.choice((2900, 4850, 4950, 7500, 9400, 9800, 12500, 14750, 19800)))
                rows.append((e, ts, amt, "EUR", ("web", ip, dev, ua, None, None, geo.cc, geo.name if r.random() < 0.7 else ""), ben))
            rows = [x for x in rows if self.active_at(e, x[1])]
            if rows:
                last = max(x[1] for x in rows)
                ld = self.local_day(e.home, last) + 1
                while self.weekday(ld) >= 5:
                    ld += 1
                rep = self.T(e.home, ld + (0 if r.random() < 0.5 else r.randint(1, 8)), r.uniform(8.5, 12.0))
                if r.random() < 0.05:
                    rep = None
                self.emit_case(rows, "ato_expense_portal", rep)

    # ---- travel agency impersonation (invoice fraud)
    def f_tmc_impersonation(self):
        r = self.rng
        campaigns = self.n_cases(2, 1)
        for c in range(campaigns):
            tmc = r.randrange(len(TMCS))
            cos = [co for co in self.companies if co.tmc == tmc] or [co for co in self.companies if co.tmc is not None]
            if not cos:
                return
            fake = f"ben-{r.choice(['GB', 'NL', 'IE', 'PT'])}-{r.randrange(1000000, 9999999)}"
            d0 = r.randint(0, max(0, self.days - 14))
            n_v = self.n_cases(7, 1)
            r.shuffle(cos)
            for co in cos[:n_v]:
                users = [e for e in co.members if e.portal or e.role in ("assistant", "office")]
                users = [e for e in users if self._active(e, d0)]
                if not users:
                    continue
                e = r.choice(users)
                d = d0 + r.randint(0, 10)
                while self.weekday(d) >= 5:
                    d += 1
                if e.off[d + PAD] or e.where[d + PAD] is not None:
                    d += 1
                rows = []
                for i in range(1 if r.random() < 0.7 else 2):
                    h = r.uniform(9.0, 17.0)
                    ctx = self.ctx_web(e, d + i * r.randint(1, 6), h)
                    amt = round(self.lnorm(4200.0, 0.5), 2)
                    rows.append((e, self.T(e.home, d + i * r.randint(1, 6), h), amt, "EUR", ctx, fake))
                rows = [x for x in rows if self.active_at(e, x[1])]
                if rows:
                    last = max(x[1] for x in rows)
                    rep = None if r.random() < 0.15 else last + int(r.uniform(7, 42) * 86400)
                    self.emit_case(rows, "travel_agency_impersonation", rep)

    # ---- leaver misappropriation
    def f_leaver(self):
        r = self.rng
        leavers = [e for e in self.emps if e.leave < self.days and e.leave - max(0, e.first_day) > 25]
        r.shuffle(leavers)
        n = min(len(leavers), self.n_cases(10, 1))
        for e in leavers[:n]:
            rows = []
            for i in range(r.randint(4, 13)):
                d = e.leave - r.randint(1, 21)
                if e.where[d + PAD] is not None:
                    continue
                x = r.random()
                h = r.uniform(18.0, 23.0) if self.weekday(d) < 5 else r.uniform(10.0, 20.0)
                if x < 0.35:
                    payee, cur = r.choice(SHOP_ELECTRONICS[:3] + [AMAZON.get(e.home.cc, AMAZON_EU)])
                    amt = self.local(self.lnorm(650.0, 0.6), cur)
                    ctx = self.ctx_ecom(e, d, h, None, device="personal" if e.personal else "phone")
                elif x < 0.55:
                    payee, cur = r.choice(SHOP_GIFTCARD)
                    amt = float(r.choice((50, 100, 100, 150, 200)))
                    ctx = self.ctx_ecom(e, d, h, None, device="personal" if e.personal else "phone")
                elif x < 0.7:
                    payee, cur = AIRLINES.get(e.home.cc, LOWCOST[0])
                    amt = self.local(self.lnorm(380.0, 0.4), cur)
                    ctx = self.ctx_ecom(e, d, h, None)
                elif x < 0.85:
                    m = self.pick(e.home, r.choice(["clothing", "jewelry", "electronics"]))
                    payee, cur = m.mid, e.home.cur
                    amt = self.local(self.lnorm(420.0, 0.5), cur)
                    ctx = self.ctx_card(e, m, d)
                else:
                    m = self.pick(e.home, "super", e)
                    payee, cur = m.mid, e.home.cur
                    amt = self.local(self.lnorm(160.0, 0.4), cur)
                    ctx = self.ctx_card(e, m, d)
                rows.append((e, self.T(e.home, d, h), amt, cur, ctx, payee))
            if rows:
                rep = None if r.random() < 0.3 else self.t0 + e.leave * 86400 + int(r.uniform(14, 60) * 86400)
                self.emit_case(rows, "employee_misuse_leaver", rep)

    # ================================================================== output
    def generate(self):
        self.build()
        self.plan()
        self.events()
        self.genuine()
        self.fraud()
        rows = sorted(self.rows, key=lambda x: (x[0], x[1]))
        day_str = {}
        out = []
        cid = [e.cid for e in self.emps]

        def iso(ts):
            day, sec = divmod(ts, 86400)
            s = day_str.get(day)
            if s is None:
                s = dt.datetime.fromtimestamp(day * 86400, dt.timezone.utc).strftime("%Y-%m-%dT")
                day_str[day] = s
            h, rem = divmod(sec, 3600)
            return f"{s}{h:02d}:{rem // 60:02d}:{rem % 60:02d}Z"

        for i, (ts, _, idx, amount, cur, ctx, payee, fraud, rep, scen) in enumerate(rows):
            ch, ip, dev, ua, lat, lon, cc, city = ctx
            if rep is not None and rep < ts:
                rep = ts
            amt = f"{amount:.0f}" if cur in ZERO_DEC else f"{amount:.2f}"
            out.append([f"tx-{i + 1:08d}", cid[idx], iso(ts), amt, cur, ch, ip, dev, ua,
                        "" if lat is None else f"{lat:.4f}", "" if lon is None else f"{lon:.4f}",
                        cc, city, payee, "1" if fraud else "0",
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
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.corptravel", description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--customers", type=int, default=3000)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--start", default="2025-09-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-corptravel.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    t = time.time()
    world = World(a.seed, a.customers, a.days, dt.date.fromisoformat(a.start))
    rows = world.generate()
    write(rows, a.out)
    fraud = sum(1 for r in rows if r[14] == "1")
    print(f"corptravel: {len(rows)} rows, {len({r[1] for r in rows})} cardholders, {fraud} fraud rows "
          f"({100.0 * fraud / max(1, len(rows)):.2f} %) -> {a.out} in {time.time() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
