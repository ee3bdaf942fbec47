"""European fleet fuel-card programme: a synthetic replay world.

Run:  python -m benchmarks.worlds.fleetcard --out world-fleetcard.csv.gz
      [--seed 7] [--customers N] [--days 90] [--start 2025-10-01]

What the world is
-----------------
A fuel-card issuer serving haulage companies and van fleets that operate in
DE, PL, NL, FR, CZ, ES, IT, RO and LT.  ``customer_id`` is one *card*, not a
person and not a company.  In trucking the card belongs to the vehicle (it
lives in the cab and whoever drives the truck this week uses it); some firms
issue driver-bound cards instead, and a minority of international trucks carry
a second card of another acceptance network that is used only in the countries
where that network is cheaper or the main one is not accepted.  A few van
fleets keep "pool" cards at the depot that several vans share.  Each company
has a fleet manager who buys tolls and vignettes online from the office,
charging either a dedicated office card or the card of one of the trucks.

One row is one completed card payment:

* ``channel=pos``: card present at an acquirer terminal -- outdoor payment
  terminal on a truck lane, indoor cashier desk, toll-booth lane (FR, IT, ES
  closed motorway systems), truck wash, secure truck parking, public EV
  charger.  The gateway has no customer device for these, so ``device_id`` is
  the *terminal id* (TID) of the acquirer terminal.  It is shared by every
  card that pays there and a truck stop has 1-4 of them.  ``ip`` and
  ``user_agent`` are empty.  ``lat``/``lon``/``city``/``country`` are the
  site's location, ``payee_id`` the site's merchant id (toll plazas: the
  motorway operator).  Cardholder verification is chip and PIN.
* ``channel=web``: card not present, entered by the fleet manager on a toll /
  vignette portal (PL e-TOLL top-ups, CZ e-vignettes, RO rovinieta, DE manual
  toll booking, FR toll account top-ups).  ``ip`` is the office's public
  address (small firms get a new address from their ISP every few weeks),
  ``device_id`` the manager's browser, ``user_agent`` the browser string,
  ``country``/``city`` the IP's geolocation, no ``lat``/``lon``.  Fraudsters'
  online payments use the same fields.

Amounts are in the currency of the country of the site: EUR (DE, NL, FR, ES,
IT, LT), PLN, CZK, RON.  1,000 EUR of diesel is about 4,250 PLN or 25,000
CZK, so the same behaviour has amounts an order of magnitude apart depending
on where the truck happens to be.  Timestamps are UTC; the sites run on
CET/CEST, except RO and LT (EET/EEST).

Genuine behaviour
-----------------
* International long-haul trucks (about half the cards) drive 450-750 km a
  day (team-driven trucks with two drivers 900-1,300 km, around the clock)
  along a motorway graph, crossing borders most days.  Transit countries
  (AT, HU, SK, BE, LU) have no acceptance, so a truck can vanish for 300-500
  km and reappear in another country.  Eastern carriers (PL, LT, RO) stay
  away from home for 3-6 weeks, western ones return every 1-2 weeks.  Some
  drivers work nights, so any hour is normal for this population.
* Diesel: tanks of 400-1,500 litres, about 30 l/100 km.  Drivers fill big in
  cheap-diesel countries (PL, CZ, ES, LT, RO) and only top up in expensive ones
  (NL, IT, DE, FR).  A typical truck fill is 300-900 l (450-1,300 EUR); the
  pump pre-authorisation stops at the card's per-fill limit, so many genuine
  fills are *exactly* the limit or a few euro under it, and a third of those
  are followed within minutes by a second transaction at the same terminal to
  finish the fill (genuine "split fill").  AdBlue (a separate payment, often
  two minutes after the diesel one), coffee/food where the company allows shop
  items, truck wash every 2-4 weeks, paid secure parking for some nights, and
  toll booths for trucks without an electronic toll box in FR/IT/ES.
* The weekly rhythm: heavy trucks may not drive on Sundays and public
  holidays in DE, FR, IT (and on holidays in PL, CZ, ES) until 22:00, so there
  is a burst of fills on Sunday night 22:00-24:00 local when the bans end.  The
  45-hour weekend rest is often spent at a truck stop (two-night parking
  fee, shop purchases).  Around Christmas / New Year most trucks are idle.
* Regional distribution trucks run day trips of 200-450 km from the depot,
  start at 04:00-07:00 and fill at the same 2-4 stations near the depot.
  Some companies have their own depot tank and use the card only away from it.
* Vans (couriers, service fleets) drive 60-220 km on weekdays, fill 40-80 l
  (60-150 EUR) every 3-6 days at a handful of stations near the depot or the
  driver's home (vans go home at night), and electric vans pay at public
  chargers (8-45 EUR).
* Fleet managers buy toll top-ups and vignettes online, in office hours,
  around the 1st of the month and before trips -- on the card of a truck that
  is at that moment 1,500 km away.  Occasionally they buy from home in the
  evening (home ISP, phone browser).
* Card lifecycle: new hires and new vehicles get new cards during the window
  (cold start with full adult-truck behaviour from the first payment);
  drivers leave; cards expire or break and are replaced by a new card number
  (same truck, same route, new customer_id); driver-bound cards move with
  their driver to another truck (tank size and fill amounts change).  Cards
  are blocked and reissued after fraud is reported.

Fraud scenarios (``scenario`` column; about 0.3-0.6 % of rows)
-------------------------------------------------------------
``skimmed_clone``
    A skimmer and a PIN camera on one outdoor terminal of a busy truck stop
    for 1-3 weeks.  Cards that pay there (genuinely -- those rows are *not*
    fraud) are cloned and, 2-25 days later, used by a ring at truck stops in
    the ring's own region, usually another country far from the truck's
    route, at night, several fills a night at or just below the per-fill limit
    (filling a tanker or several trucks), several cards per night at the same
    stations.  The real truck keeps paying on its route at the same time.
    Reported when the issuer's monitoring calls (0.5-2 days) or when the fleet
    manager reads the invoice (4-16 days); ~12 % never.  The card is blocked
    at the report and reissued after 1-3 days.
``driver_fuel_theft``
    Insider: the driver uses the genuine card and PIN to fill a private car,
    jerrycans or a friend's vehicle: weekend / holiday / evening fills near his
    home, a second transaction right after a genuine fill at the same terminal,
    amounts just under the card's per-fill limit, or one fill larger than the
    tank.  Goes on for weeks at 1-3 thefts a week.  Found only by the monthly
    reconciliation of fuel bought against telematics tank levels, which only
    ~45 % of companies do: reported 8-25 days after the end of the month, all
    of the driver's thefts at once; the rest are never reported.  The driver is
    dismissed and the card reissued.
``stolen_card_drain``
    Card stolen from a cab while the driver sleeps at a truck stop (PIN on a
    note in the cab).  Drained within hours: 3-8 payments at stations
    progressively farther down the motorway, diesel at or near the limit plus
    shop goods (cigarettes).  The driver notices in the morning: reported
    within hours (some only the next day).  The real truck has no card until
    the replacement arrives.
``collusive_station``
    A corrupt operator's outdoor terminal at one busy truck stop, for 3-6
    weeks: genuine fills by passing trucks are charged 12-35 % more (the whole
    inflated payment is labelled fraud) and some cards get a phantom second
    charge 20 minutes to 6 hours later when the truck has gone.  The terminal is
    the shared entity; the cards are otherwise clean.  Reported by fleets that
    reconcile at month end, or when the issuer's common-point-of-purchase
    investigation (1-3 weeks after the scheme ends) labels the terminal's
    charges; ~20 % never.
``toll_account_takeover``
    The fleet manager's web account on the issuer portal is phished.  The
    attacker, from a VPN / hosting address and a new browser, buys toll
    top-ups and vignettes (resold on the grey market) on the stored cards of
    the company over 1-3 days, much more and faster than the manager does.
    Reported within hours to 10 days; a few never.
``card_testing``
    Card numbers leaked from a breached third-party portal are tested with
    0.50-2 EUR online payments to a small merchant by a bot (few device ids,
    a headless browser, a residential-proxy IP per attempt) in a burst of a
    few hours over dozens of cards; ~20 % of the working cards are then
    cashed out with 150-900 EUR online purchases within 4 days.  Cash-outs are
    usually reported (2-20 days), the tests mostly never.

Labels: ``is_fraud`` 1/0, ``fraud_reported_at`` (ISO UTC, strictly after the
payment, may fall after the end of the file, empty when never reported or not
fraud), ``scenario`` (empty for genuine rows).
"""
from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import gzip
import math
import random
import sys
import time

# ---------------------------------------------------------------------------
# static geography and economics

COUNTRIES = ("DE", "PL", "NL", "FR", "CZ", "ES", "IT", "RO", "LT")
CURRENCY = {"DE": "EUR", "NL": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
            "LT": "EUR", "PL": "PLN", "CZ": "CZK", "RO": "RON"}
EUR_PER = {"EUR": 1.0, "PLN": 0.235, "CZK": 0.0400, "RON": 0.201}
# diesel at the pump, EUR per litre (fleet price)
DIESEL_EUR = {"DE": 1.64, "PL": 1.42, "NL": 1.74, "FR": 1.67, "CZ": 1.43,
              "ES": 1.41, "IT": 1.73, "RO": 1.47, "LT": 1.44}
CHEAP = {"PL", "CZ", "ES", "LT", "RO"}
EXPENSIVE = {"NL", "IT", "DE", "FR"}
EET = {"RO", "LT"}
SUNDAY_BAN = {"DE", "FR", "IT"}
HOLIDAY_BAN = {"DE", "FR", "IT", "PL", "CZ", "ES"}
TOLL_BOOTH = {"FR": (0.29, "toll-FR-sanef", "toll-FR-aprr", "toll-FR-vinci"),
              "IT": (0.21, "toll-IT-autostrade", "toll-IT-asti"),
              "ES": (0.17, "toll-ES-abertis", "toll-ES-audasa")}

# name, country, lat, lon ; countries outside COUNTRIES are transit waypoints
CITIES = [
    ("Berlin", "DE", 52.52, 13.40), ("Hamburg", "DE", 53.55, 9.99),
    ("Munich", "DE", 48.14, 11.58), ("Cologne", "DE", 50.94, 6.96),
    ("Frankfurt", "DE", 50.11, 8.68), ("Stuttgart", "DE", 48.78, 9.18),
    ("Dortmund", "DE", 51.51, 7.47), ("Leipzig", "DE", 51.34, 12.37),
    ("Hannover", "DE", 52.37, 9.74), ("Nuremberg", "DE", 49.45, 11.08),
    ("Bremen", "DE", 53.08, 8.80), ("Dresden", "DE", 51.05, 13.74),
    ("Duisburg", "DE", 51.43, 6.76), ("Kassel", "DE", 51.31, 9.48),
    ("Karlsruhe", "DE", 49.01, 8.40), ("Wuerzburg", "DE", 49.79, 9.95),
    ("Warsaw", "PL", 52.23, 21.01), ("Poznan", "PL", 52.41, 16.93),
    ("Wroclaw", "PL", 51.11, 17.03), ("Lodz", "PL", 51.76, 19.46),
    ("Krakow", "PL", 50.06, 19.94), ("Gdansk", "PL", 54.35, 18.65),
    ("Katowice", "PL", 50.26, 19.02), ("Szczecin", "PL", 53.43, 14.55),
    ("Bialystok", "PL", 53.13, 23.16), ("Lublin", "PL", 51.25, 22.57),
    ("Rzeszow", "PL", 50.04, 22.00), ("Swiecko", "PL", 52.31, 14.60),
    ("Torun", "PL", 53.01, 18.60), ("Legnica", "PL", 51.21, 16.16),
    ("Rotterdam", "NL", 51.92, 4.48), ("Amsterdam", "NL", 52.37, 4.90),
    ("Venlo", "NL", 51.37, 6.17), ("Eindhoven", "NL", 51.44, 5.47),
    ("Utrecht", "NL", 52.09, 5.12), ("Nijmegen", "NL", 51.84, 5.85),
    ("Paris", "FR", 48.86, 2.35), ("Lyon", "FR", 45.76, 4.84),
    ("Lille", "FR", 50.63, 3.06), ("Strasbourg", "FR", 48.57, 7.75),
    ("Marseille", "FR", 43.30, 5.37), ("Bordeaux", "FR", 44.84, -0.58),
    ("Toulouse", "FR", 43.60, 1.44), ("Metz", "FR", 49.12, 6.18),
    ("Orleans", "FR", 47.90, 1.91), ("Nantes", "FR", 47.22, -1.55),
    ("Dijon", "FR", 47.32, 5.04), ("Le Havre", "FR", 49.49, 0.11),
    ("Perpignan", "FR", 42.70, 2.90), ("Reims", "FR", 49.26, 4.03),
    ("Poitiers", "FR", 46.58, 0.34), ("Valence", "FR", 44.93, 4.89),
    ("Prague", "CZ", 50.08, 14.44), ("Brno", "CZ", 49.20, 16.61),
    ("Ostrava", "CZ", 49.82, 18.26), ("Plzen", "CZ", 49.74, 13.37),
    ("Hradec Kralove", "CZ", 50.21, 15.83), ("Usti nad Labem", "CZ", 50.66, 14.03),
    ("Jihlava", "CZ", 49.40, 15.59),
    ("Madrid", "ES", 40.42, -3.70), ("Barcelona", "ES", 41.39, 2.17),
    ("Valencia", "ES", 39.47, -0.38), ("Zaragoza", "ES", 41.65, -0.89),
    ("Bilbao", "ES", 43.26, -2.93), ("Irun", "ES", 43.34, -1.79),
    ("Murcia", "ES", 37.99, -1.13), ("Sevilla", "ES", 37.39, -5.98),
    ("Burgos", "ES", 42.34, -3.70), ("La Jonquera", "ES", 42.42, 2.87),
    ("Lleida", "ES", 41.62, 0.62), ("Almeria", "ES", 36.83, -2.46),
    ("Milan", "IT", 45.46, 9.19), ("Turin", "IT", 45.07, 7.69),
    ("Verona", "IT", 45.44, 10.99), ("Bologna", "IT", 44.49, 11.34),
    ("Rome", "IT", 41.90, 12.50), ("Naples", "IT", 40.85, 14.27),
    ("Genoa", "IT", 44.41, 8.93), ("Mestre", "IT", 45.49, 12.24),
    ("Florence", "IT", 43.77, 11.25), ("Bari", "IT", 41.12, 16.87),
    ("Brennero", "IT", 47.00, 11.50), ("Trento", "IT", 46.07, 11.12),
    ("Pescara", "IT", 42.46, 14.21),
    ("Bucharest", "RO", 44.43, 26.10), ("Cluj-Napoca", "RO", 46.77, 23.60),
    ("Timisoara", "RO", 45.75, 21.23), ("Arad", "RO", 46.18, 21.31),
    ("Iasi", "RO", 47.16, 27.59), ("Constanta", "RO", 44.17, 28.64),
    ("Brasov", "RO", 45.66, 25.61), ("Sibiu", "RO", 45.79, 24.15),
    ("Pitesti", "RO", 44.86, 24.87), ("Oradea", "RO", 47.07, 21.93),
    ("Craiova", "RO", 44.32, 23.80), ("Deva", "RO", 45.88, 22.90),
    ("Vilnius", "LT", 54.69, 25.28), ("Kaunas", "LT", 54.90, 23.90),
    ("Klaipeda", "LT", 55.70, 21.14), ("Marijampole", "LT", 54.56, 23.35),
    ("Panevezys", "LT", 55.73, 24.36), ("Siauliai", "LT", 55.93, 23.32),
    # transit (no acceptance in this programme)
    ("Vienna", "AT", 48.21, 16.37), ("Linz", "AT", 48.31, 14.29),
    ("Innsbruck", "AT", 47.27, 11.40), ("Salzburg", "AT", 47.81, 13.04),
    ("Budapest", "HU", 47.50, 19.04), ("Gyor", "HU", 47.69, 17.63),
    ("Szeged", "HU", 46.25, 20.15), ("Bratislava", "SK", 48.15, 17.11),
    ("Zilina", "SK", 49.22, 18.74), ("Brussels", "BE", 50.85, 4.35),
    ("Liege", "BE", 50.63, 5.57), ("Antwerp", "BE", 51.22, 4.40),
    ("Luxembourg", "LU", 49.61, 6.13),
]
EXTRA_EDGES = [
    ("Marijampole", "Bialystok"), ("Irun", "Bordeaux"), ("La Jonquera", "Perpignan"),
    ("Barcelona", "La Jonquera"), ("Turin", "Lyon"), ("Brennero", "Innsbruck"),
    ("Innsbruck", "Munich"), ("Trento", "Brennero"), ("Verona", "Trento"),
    ("Arad", "Szeged"), ("Szeged", "Budapest"), ("Budapest", "Gyor"), ("Gyor", "Vienna"),
    ("Vienna", "Brno"), ("Vienna", "Bratislava"), ("Bratislava", "Brno"),
    ("Zilina", "Ostrava"), ("Linz", "Salzburg"), ("Salzburg", "Munich"),
    ("Vienna", "Linz"), ("Venlo", "Duisburg"), ("Rotterdam", "Antwerp"),
    ("Antwerp", "Brussels"), ("Brussels", "Lille"), ("Liege", "Cologne"),
    ("Brussels", "Liege"), ("Luxembourg", "Metz"), ("Luxembourg", "Liege"),
    ("Strasbourg", "Karlsruhe"), ("Swiecko", "Berlin"), ("Swiecko", "Poznan"),
    ("Szczecin", "Berlin"), ("Wroclaw", "Dresden"), ("Dresden", "Usti nad Labem"),
    ("Usti nad Labem", "Prague"), ("Prague", "Plzen"), ("Plzen", "Nuremberg"),
    ("Katowice", "Ostrava"), ("Genoa", "Marseille"), ("Oradea", "Budapest"),
    ("Legnica", "Dresden"), ("Legnica", "Wroclaw"), ("Bologna", "Florence"),
    ("Florence", "Rome"), ("Rome", "Naples"), ("Naples", "Bari"), ("Pescara", "Bologna"),
    ("Pescara", "Bari"), ("Lyon", "Valence"), ("Valence", "Marseille"),
    ("Paris", "Orleans"), ("Orleans", "Poitiers"), ("Poitiers", "Bordeaux"),
    ("Paris", "Reims"), ("Reims", "Metz"), ("Paris", "Lille"), ("Dijon", "Lyon"),
    ("Paris", "Dijon"), ("Zaragoza", "Lleida"), ("Lleida", "Barcelona"),
    ("Madrid", "Zaragoza"), ("Madrid", "Burgos"), ("Burgos", "Irun"),
    ("Madrid", "Valencia"), ("Valencia", "Barcelona"), ("Warsaw", "Bialystok"),
    ("Kaunas", "Marijampole"), ("Vilnius", "Kaunas"), ("Kaunas", "Klaipeda"),
    ("Deva", "Arad"), ("Deva", "Sibiu"), ("Sibiu", "Pitesti"), ("Pitesti", "Bucharest"),
    ("Bucharest", "Constanta"), ("Torun", "Gdansk"), ("Torun", "Lodz"),
    ("Warsaw", "Lodz"), ("Lodz", "Poznan"), ("Poznan", "Swiecko"), ("Hamburg", "Bremen"),
    ("Hannover", "Berlin"), ("Hannover", "Dortmund"), ("Frankfurt", "Wuerzburg"),
    ("Wuerzburg", "Nuremberg"), ("Nuremberg", "Munich"), ("Frankfurt", "Cologne"),
    ("Stuttgart", "Munich"), ("Karlsruhe", "Frankfurt"), ("Berlin", "Leipzig"),
    ("Leipzig", "Nuremberg"), ("Milan", "Verona"), ("Verona", "Mestre"),
    ("Milan", "Bologna"), ("Milan", "Turin"), ("Milan", "Genoa"),
]
NO_EDGE = {frozenset(p) for p in [("Gdansk", "Klaipeda"), ("Barcelona", "Marseille"),
                                  ("Perpignan", "Marseille"), ("Bari", "Pescara")]}

UA_OFFICE = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
]
UA_PHONE = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
]
UA_BOT = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/119.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36",
]
# plausible ISP first octets by IP geolocation country
ISP_PREFIX = {"DE": (84, 87, 91, 93, 217), "PL": (31, 83, 89, 178, 188), "NL": (77, 82, 145, 212),
              "FR": (78, 86, 90, 176), "CZ": (46, 88, 89, 185), "ES": (79, 83, 88, 95),
              "IT": (79, 87, 93, 151), "RO": (5, 79, 86, 188), "LT": (78, 84, 88, 213)}
HOSTING_PREFIX = (45, 91, 103, 146, 185, 193, 194, 195)
HOSTING_GEO = ("NL", "DE", "GB", "US", "RU", "UA", "LT", "FR", "SC", "MD")

F_T, F_AMT, F_CUR, F_CH, F_IP, F_DEV, F_UA, F_LAT, F_LON, F_CC, F_CITY, F_PAYEE, \
    F_FR, F_REP, F_SCN, F_CARD, F_KIND, F_VEH = range(18)


def hav(la1, lo1, la2, lo2):
    p1, p2 = math.radians(la1), math.radians(la2)
    dphi = p2 - p1
    dl = math.radians(lo2 - lo1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def easter(y):
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return dt.date(y, month, day)


FIXED_HOL = {
    "DE": [(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)],
    "PL": [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 24), (12, 25), (12, 26)],
    "NL": [(1, 1), (4, 27), (12, 25), (12, 26)],
    "FR": [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)],
    "CZ": [(1, 1), (5, 1), (5, 8), (7, 5), (7, 6), (9, 28), (10, 28), (11, 17), (12, 24), (12, 25), (12, 26)],
    "ES": [(1, 1), (1, 6), (5, 1), (8, 15), (10, 12), (11, 1), (12, 6), (12, 8), (12, 25)],
    "IT": [(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)],
    "RO": [(1, 1), (1, 2), (1, 6), (1, 7), (1, 24), (5, 1), (6, 1), (8, 15), (11, 30), (12, 1), (12, 25), (12, 26)],
    "LT": [(1, 1), (2, 16), (3, 11), (5, 1), (6, 24), (7, 6), (8, 15), (11, 1), (11, 2), (12, 24), (12, 25), (12, 26)],
}
MOVABLE = {"DE": (-2, 1, 39, 50), "PL": (1, 60), "NL": (1, 39, 50), "FR": (1, 39, 50),
           "CZ": (-2, 1), "ES": (-2,), "IT": (1,), "RO": (), "LT": (1,)}


def holidays(years):
    out = {c: set() for c in COUNTRIES}
    for y in years:
        e = easter(y)
        for c in COUNTRIES:
            for m, d in FIXED_HOL[c]:
                out[c].add(dt.date(y, m, d))
            for k in MOVABLE[c]:
                out[c].add(e + dt.timedelta(days=k))
    return out


def last_sunday(y, m):
    d = dt.date(y, m + 1, 1) - dt.timedelta(days=1) if m < 12 else dt.date(y, 12, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


# ---------------------------------------------------------------------------
class World:
    def __init__(self, rng, start, days):
        self.rng = rng
        self.start = start
        self.days = days
        self.epoch0 = dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc).timestamp()
        self.dates = [start + dt.timedelta(days=k) for k in range(days + 2)]
        self.hol = holidays({d.year for d in self.dates})
        self.dst = []
        for d in self.dates:
            self.dst.append(1 if last_sunday(d.year, 3) <= d < last_sunday(d.year, 10) else 0)
        self.t_end = self.epoch0 + days * 86400
        self._build_graph()
        self._build_sites()

    # local clock -> epoch seconds
    def epoch(self, day, local_h, cc):
        off = (2 if cc in EET else 1) + self.dst[min(day, len(self.dst) - 1)]
        return self.epoch0 + day * 86400 + (local_h - off) * 3600.0

    def is_hol(self, day, cc):
        return cc in self.hol and self.dates[min(day, len(self.dates) - 1)] in self.hol[cc]

    def _build_graph(self):
        n = len(CITIES)
        self.names = [c[0] for c in CITIES]
        self.ncc = [c[1] for c in CITIES]
        self.nlat = [c[2] for c in CITIES]
        self.nlon = [c[3] for c in CITIES]
        self.idx = {nm: i for i, nm in enumerate(self.names)}
        D = [[hav(self.nlat[i], self.nlon[i], self.nlat[j], self.nlon[j]) * 1.22 for j in range(n)]
             for i in range(n)]
        self.D = D
        E = set()
        for i in range(n):
            order = sorted(range(n), key=lambda j: D[i][j])[1:4]
            for j in order:
                if D[i][j] < 420 and frozenset((self.names[i], self.names[j])) not in NO_EDGE:
                    E.add((min(i, j), max(i, j)))
        for a, b in EXTRA_EDGES:
            i, j = self.idx[a], self.idx[b]
            E.add((min(i, j), max(i, j)))
        # connectivity repair
        while True:
            comp = [-1] * n
            c = 0
            adj = {i: [] for i in range(n)}
            for i, j in E:
                adj[i].append(j)
                adj[j].append(i)
            for s in range(n):
                if comp[s] < 0:
                    st = [s]
                    comp[s] = c
                    while st:
                        u = st.pop()
                        for v in adj[u]:
                            if comp[v] < 0:
                                comp[v] = c
                                st.append(v)
                    c += 1
            if c == 1:
                break
            best = min(((D[i][j], i, j) for i in range(n) for j in range(n)
                        if comp[i] == 0 and comp[j] != 0))
            E.add((min(best[1], best[2]), max(best[1], best[2])))
        self.adj = adj
        # all-pairs shortest paths (Floyd-Warshall with successor matrix)
        INF = 1e18
        dist = [[INF] * n for _ in range(n)]
        nxt = [[-1] * n for _ in range(n)]
        for i in range(n):
            dist[i][i] = 0
            nxt[i][i] = i
        for i, j in E:
            dist[i][j] = dist[j][i] = D[i][j]
            nxt[i][j] = j
            nxt[j][i] = i
        for k in range(n):
            dk = dist[k]
            for i in range(n):
                dik = dist[i][k]
                if dik >= INF:
                    continue
                di = dist[i]
                ni = nxt[i]
                nik = ni[k]
                for j in range(n):
                    v = dik + dk[j]
                    if v < di[j]:
                        di[j] = v
                        ni[j] = nik
        self.dist = dist
        self.nxt = nxt
        self.edges = sorted(E)
        self.real = [i for i in range(n) if self.ncc[i] in CURRENCY]

    def path(self, a, b):
        p = [a]
        while a != b:
            a = self.nxt[a][b]
            p.append(a)
        return p

    def _add_site(self, kind, cc, city, lat, lon, nterm, payee=None, **flags):
        sid = len(self.s_lat)
        code = "%s%04d" % (cc, sid)
        self.s_lat.append(round(lat, 5))
        self.s_lon.append(round(lon, 5))
        self.s_cc.append(cc)
        self.s_city.append(city)
        self.s_kind.append(kind)
        self.s_term.append(["t-%s-%d" % (code, k + 1) for k in range(nterm)])
        self.s_payee.append(payee or "m-" + code)
        self.s_flags.append(flags)
        self.s_price.append(DIESEL_EUR[cc] * self.rng.uniform(0.96, 1.05))
        return sid

    def _build_sites(self):
        rng = self.rng
        self.s_lat, self.s_lon, self.s_cc, self.s_city, self.s_kind = [], [], [], [], []
        self.s_term, self.s_payee, self.s_flags, self.s_price = [], [], [], []
        self.city_sites = {i: [] for i in range(len(CITIES))}
        self.dedge = {}
        for i in self.real:
            cc = self.ncc[i]
            for _ in range(rng.randint(5, 9)):
                r = rng.uniform(1, 14)
                a = rng.uniform(0, 2 * math.pi)
                lat = self.nlat[i] + r * math.cos(a) / 111.0
                lon = self.nlon[i] + r * math.sin(a) / (111.0 * math.cos(math.radians(lat)))
                ev = rng.random() < 0.45
                sid = self._add_site("urban", cc, self.names[i], lat, lon, rng.randint(1, 3),
                                     wash=rng.random() < 0.3, parking=False, ev=ev, adblue=rng.random() < 0.6)
                self.city_sites[i].append(sid)
        for a, b in self.edges:
            km = self.D[a][b]
            sts = []
            x = rng.uniform(15, 40)
            while x < km - 10:
                f = x / km
                near = a if f < 0.5 else b
                cc = self.ncc[near]
                if cc in CURRENCY:
                    lat = self.nlat[a] + f * (self.nlat[b] - self.nlat[a]) + rng.gauss(0, 0.03)
                    lon = self.nlon[a] + f * (self.nlon[b] - self.nlon[a]) + rng.gauss(0, 0.04)
                    sid = self._add_site("truckstop", cc, self.names[near], lat, lon, rng.randint(2, 4),
                                         wash=rng.random() < 0.35, parking=rng.random() < 0.55,
                                         ev=rng.random() < 0.25, adblue=True)
                    sts.append((x, sid))
                x += rng.uniform(35, 75)
            # toll plaza on tolled motorways
            ca, cb = self.ncc[a], self.ncc[b]
            if ca == cb and ca in TOLL_BOOTH and km > 60 and rng.random() < 0.8:
                x = km * rng.uniform(0.3, 0.7)
                f = x / km
                op = rng.choice(TOLL_BOOTH[ca][1:])
                sid = self._add_site("toll", ca, self.names[a if f < 0.5 else b],
                                     self.nlat[a] + f * (self.nlat[b] - self.nlat[a]),
                                     self.nlon[a] + f * (self.nlon[b] - self.nlon[a]),
                                     rng.randint(3, 8), payee=op, edge_km=km)
                sts.append((x, sid))
            sts.sort()
            offs = [o for o, _ in sts]
            sids = [s for _, s in sts]
            self.dedge[(a, b)] = (km, offs, sids)
            self.dedge[(b, a)] = (km, [km - o for o in reversed(offs)], list(reversed(sids)))
        self.n_sites = len(self.s_lat)
        self.truckstops = [s for s in range(self.n_sites) if self.s_kind[s] == "truckstop"]
        self.pos_sites = [s for s in range(self.n_sites) if self.s_kind[s] != "toll"]

    def sites_near(self, lat, lon, rmax, kinds=("urban", "truckstop")):
        out = []
        dla = rmax / 105.0
        dlo = rmax / (105.0 * max(0.3, math.cos(math.radians(lat))))
        for s in range(self.n_sites):
            if abs(self.s_lat[s] - lat) <= dla and abs(self.s_lon[s] - lon) <= dlo and self.s_kind[s] in kinds:
                d = hav(lat, lon, self.s_lat[s], self.s_lon[s])
                if d <= rmax:
                    out.append((d, s))
        out.sort()
        return out


def accepts(sid, net):
    """Deterministic network acceptance: ~85 % of sites accept each network."""
    return ((sid * 2654435761 + net * 40503) >> 7) % 100 < 86


def rand_ip(rng, prefixes):
    return "%d.%d.%d.%d" % (rng.choice(prefixes), rng.randint(0, 255), rng.randint(0, 255), rng.randint(2, 254))


# ---------------------------------------------------------------------------
class Gen:
    def __init__(self, seed, n_cards, days, start):
        self.rng = random.Random(seed)
        self.W = World(self.rng, start, days)
        self.days = days
        self.n_target = n_cards
        self.events = []
        self.vehicles = []
        self.companies = []
        self.card_ids = set()
        self.overnights = {}  # vehicle -> list of (t, sid)

    def new_card(self):
        while True:
            c = "fc-%08x" % self.rng.getrandbits(32)
            if c not in self.card_ids:
                self.card_ids.add(c)
                return c

    # ---------------------------------------------------------- population
    def build_population(self):
        rng, W = self.rng, self.W
        home_w = {"PL": 30, "LT": 12, "RO": 12, "DE": 12, "NL": 9, "ES": 8, "CZ": 7, "FR": 6, "IT": 6}
        van_w = {"DE": 22, "FR": 16, "NL": 10, "IT": 12, "ES": 12, "PL": 14, "CZ": 6, "RO": 5, "LT": 3}
        ncards = 0
        while ncards < self.n_target:
            r = rng.random()
            kind = "lh" if r < 0.50 else "lhdom" if r < 0.62 else "reg" if r < 0.80 else "van"
            wts = van_w if kind in ("van", "reg") else home_w
            cc = rng.choices(list(wts), list(wts.values()))[0]
            size = max(1, min(250, int(rng.lognormvariate(1.3, 1.15))))
            size = min(size, max(1, self.n_target - ncards))
            homes = [i for i in W.real if W.ncc[i] == cc]
            depot = rng.choice(homes)
            comp = dict(id=len(self.companies), kind=kind, cc=cc, depot=depot, size=size,
                        net=rng.randint(0, 2), shop_ok=rng.random() < 0.45,
                        telematics=rng.random() < 0.45, driver_cards=rng.random() < 0.25,
                        own_tank=kind == "reg" and rng.random() < 0.3,
                        limit_eur=(rng.choice((150, 200, 250, 300)) if kind == "van" else
                                   rng.choice((500, 600, 800)) if kind == "reg" else
                                   rng.choice((800, 1000, 1000, 1200, 1500))),
                        office_ip_pref=rng.choice(ISP_PREFIX[cc]),
                        lanes=rng.sample([i for i in W.real if W.ncc[i] != cc or kind == "lhdom"], 5),
                        vehicles=[], toll_card=rng.random() < 0.3,
                        parking_p=rng.choice((0.05, 0.15, 0.35)), web=True)
            if kind == "lhdom":
                comp["lanes"] = rng.sample([i for i in W.real if W.ncc[i] == cc], min(5, len(homes)))
            self.companies.append(comp)
            pool = kind == "van" and size >= 3 and rng.random() < 0.15
            pool_card = None
            for k in range(size):
                v = self.make_vehicle(comp)
                if pool:
                    if k % 3 == 0:
                        pool_card = None
                    if pool_card is None:
                        pool_card = v
                        ncards += 1
                    else:
                        v["share_with"] = pool_card["id"]
                else:
                    ncards += 1
                if v.get("second_net") is not None:
                    ncards += 1
            if size >= 3 and rng.random() < 0.5 or size >= 20:
                v = self.make_vehicle(comp, office=True)
                ncards += 1

    def make_vehicle(self, comp, office=False):
        rng, W = self.rng, self.W
        days = self.days
        kind = "office" if office else comp["kind"]
        v = dict(id=len(self.vehicles), comp=comp, kind=kind)
        lat0, lon0 = W.nlat[comp["depot"]], W.nlon[comp["depot"]]
        r = rng.uniform(2, 35)
        a = rng.uniform(0, 6.28)
        v["home"] = (lat0 + r * math.cos(a) / 111, lon0 + r * math.sin(a) / 72)
        if kind in ("lh", "lhdom"):
            v["tank"] = rng.choice((400, 600, 800, 900, 1000, 1200, 1500))
            v["cons"] = rng.uniform(0.27, 0.34)
            v["team"] = rng.random() < 0.12
            v["shift"] = rng.choice((4, 5, 5, 6, 6, 7, 8, 14, 19, 21)) if not v["team"] else rng.uniform(0, 24)
            v["thr"] = rng.uniform(0.18, 0.38)
            v["away"] = rng.randint(20, 42) if comp["cc"] in ("PL", "LT", "RO", "CZ") else rng.randint(5, 14)
            v["second_net"] = (comp["net"] + 1) % 3 if kind == "lh" and rng.random() < 0.22 else None
            v["second_cc"] = set(rng.sample(("ES", "RO", "LT", "IT", "FR", "CZ"), 2))
        elif kind == "reg":
            v["tank"] = rng.choice((300, 350, 400, 500))
            v["cons"] = rng.uniform(0.22, 0.30)
            v["shift"] = rng.uniform(3.5, 7.5)
        elif kind == "van":
            v["ev"] = rng.random() < 0.12
            v["tank"] = rng.choice((60, 70, 75, 80, 90))
            v["cons"] = rng.uniform(0.08, 0.115)
            v["shift"] = rng.uniform(6, 9)
        else:
            v["tank"] = rng.choice((50, 55, 60, 70))
            v["cons"] = rng.uniform(0.055, 0.075)
            v["shift"] = rng.uniform(7, 9)
        # lifecycle
        d0, d1 = 0, days
        u = rng.random()
        if u < 0.08 and not office:
            d0 = rng.randint(1, max(1, days - 5))        # new hire / new vehicle
        elif u < 0.13 and not office:
            d1 = rng.randint(5, days)                      # driver leaves / vehicle sold
        v["d0"], v["d1"] = d0, d1
        c1 = self.new_card()
        segs = [[W.epoch0 + d0 * 86400, W.epoch0 + d1 * 86400 + 86400, c1]]
        if rng.random() < 0.04 and d1 - d0 > 10:      # expiry / damage replacement
            tr = W.epoch0 + rng.uniform(d0 + 3, d1 - 3) * 86400
            c2 = self.new_card()
            end = segs[0][1]
            segs[0][1] = tr
            segs.append([tr + rng.uniform(0, 3) * 86400, end, c2])
        v["segs"] = segs
        if v.get("second_net") is not None:
            v["segs2"] = [[segs[0][0], segs[-1][1], self.new_card()]]
        comp["vehicles"].append(v)
        self.vehicles.append(v)
        return v

    # ---------------------------------------------------------- event helper
    def pos(self, v, day, lh, sid, eur, kind, term=None, cur_cc=None):
        W, rng = self.W, self.rng
        cc = W.s_cc[sid]
        t = W.epoch(day, lh, cc) + rng.uniform(0, 59)
        if t < W.epoch0 or t >= W.t_end:
            return None
        cur = CURRENCY[cc]
        amt = round(eur / EUR_PER[cur], 2)
        terms = W.s_term[sid]
        if term is None:
            term = terms[0] if kind in ("diesel", "adblue") and rng.random() < 0.6 else rng.choice(terms)
        ev = [t, amt, cur, "pos", "", term, "", W.s_lat[sid], W.s_lon[sid], cc, W.s_city[sid],
              W.s_payee[sid], 0, "", "", None, kind, v["id"]]
        self.events.append(ev)
        return ev

    def limit_local(self, v, cc):
        return v["comp"]["limit_eur"] / EUR_PER[CURRENCY[cc]]

    def diesel_fill(self, v, day, lh, sid, litres, ppl):
        """A fill subject to the per-fill pre-authorisation; returns litres bought."""
        rng = self.rng
        lim = v["comp"]["limit_eur"]
        eur = litres * ppl
        evs = []
        if eur <= lim:
            e = self.pos(v, day, lh, sid, eur, "diesel")
            return litres, e
        # pump stops at the preset: exactly the limit, or a few euro under it
        e = self.pos(v, day, lh, sid, lim if rng.random() < 0.6 else lim - rng.uniform(0.2, 6), "diesel")
        got = lim / ppl
        if rng.random() < 0.35:                 # genuine split: second payment to finish
            rest = min(lim, (litres - got) * ppl)
            if rest > 20:
                self.pos(v, day, lh + rng.uniform(0.03, 0.1), sid, rest, "diesel",
                         term=e[F_DEV] if e else None)
                got += rest / ppl
        return got, e

    # ---------------------------------------------------------- long haul
    def choose_dest(self, v, cur, want_home):
        rng, W, comp = self.rng, self.W, v["comp"]
        if want_home:
            return comp["depot"]
        while True:
            if rng.random() < 0.65:
                d = rng.choice(comp["lanes"])
            elif comp["kind"] == "lhdom" and rng.random() < 0.8:
                d = rng.choice([i for i in W.real if W.ncc[i] == comp["cc"]])
            else:
                d = rng.choice(W.real)
            if d != cur and W.dist[cur][d] > 150:
                return d

    def sim_lh(self, v):
        rng, W = self.rng, self.W
        comp = v["comp"]
        cap, cons = v["tank"], v["cons"]
        fuel = cap * rng.uniform(max(0.55, v["thr"] + 0.1), 1.0)
        ab_cap = rng.choice((60, 75, 90))
        adblue = ab_cap * rng.uniform(0.2, 1.0)
        node = comp["depot"] if rng.random() < 0.3 else rng.choice(comp["lanes"] + [comp["depot"]])
        away = rng.randint(0, v["away"])
        path = W.path(node, self.choose_dest(v, node, False))
        pi, off = 0, 0.0
        rest_until = -1
        last_fill_t = -99.0
        next_wash = rng.uniform(3, 25)
        ovn = self.overnights.setdefault(v["id"], [])
        speed = 66.0 if not v["team"] else 70.0
        net = comp["net"]
        for day in range(v["d0"], v["d1"]):
            date = W.dates[day]
            dow = date.weekday()
            if dow == 0 and rng.random() < 0.15:
                # another driver takes the truck (vehicle cards) / the driver moves
                # to another truck (driver-bound cards): new rhythm, maybe new tank
                v["shift"] = rng.choice((4, 5, 5, 6, 6, 7, 8, 14, 19, 21)) if not v["team"] else rng.uniform(0, 24)
                if comp["driver_cards"]:
                    cap = v["tank"] = rng.choice((400, 600, 800, 900, 1000, 1200, 1500))
                    fuel = min(fuel, cap)
            if day < rest_until:
                continue
            if date.month == 12 and date.day >= 23 or date.month == 1 and date.day <= 1:
                if rng.random() < (0.9 if date.day in (24, 25, 26, 31, 1) else 0.55):
                    continue
            cur_node = path[pi] if pi < len(path) else path[-1]
            cc = W.ncc[cur_node]
            start = v["shift"] + rng.uniform(-1.0, 1.2)
            hours = 18.0 if v["team"] else (10.0 if rng.random() < 0.3 else 9.0)
            ban = (dow == 6 and cc in SUNDAY_BAN) or (W.is_hol(day, cc) and cc in HOLIDAY_BAN)
            if dow == 5:
                hours = min(hours, max(2.0, rng.uniform(12, 16) - start)) if start < 12 else hours * 0.5
            if dow == 6 or ban:
                if ban or rng.random() < 0.6:
                    if rng.random() < 0.35:
                        start, hours = 22.0 + rng.uniform(0, 0.5), rng.uniform(1.5, 3.0)
                    else:
                        # rest day at the truck stop: sometimes shop / parking
                        if ovn and comp["shop_ok"] and rng.random() < 0.4:
                            self.pos(v, day, rng.uniform(9, 20), ovn[-1][1], rng.uniform(4, 28), "shop")
                        continue
            t = start
            drive_left = hours
            cont = 0.0
            last_site, last_site_t = None, None
            duty_end = start + (22 if v["team"] else 14)
            stopped_today = 0
            while drive_left > 0.05 and t < duty_end:
                if pi >= len(path) - 1:
                    here = path[-1]
                    if here == comp["depot"] and away >= v["away"] * 0.7:
                        away = 0
                        rest_until = day + rng.randint(2, 4)
                        path, pi, off = [here], 0, 0.0
                        break
                    t += rng.uniform(1.5, 4.5)          # (un)loading
                    want_home = away >= v["away"]
                    path = W.path(here, self.choose_dest(v, here, want_home))
                    pi, off = 0, 0.0
                    continue
                a, b = path[pi], path[pi + 1]
                km, offs, sids = W.dedge[(a, b)]
                j = bisect.bisect_right(offs, off + 1e-9)
                target = offs[j] if j < len(offs) else km
                dist = target - off
                can = drive_left * speed
                if can < dist:
                    off += can
                    fuel -= cons * can
                    adblue -= cons * can * 0.05
                    t += drive_left
                    drive_left = 0
                    break
                off = target
                h = dist / speed
                t += h
                drive_left -= h
                cont += h
                fuel -= cons * dist
                adblue -= cons * dist * 0.05
                if fuel < cap * 0.06:
                    fuel = cap * 0.06      # filled outside the programme (transit country)
                if adblue < 5:
                    adblue = ab_cap * 0.5
                if cont >= 4.5:
                    t += 0.75
                    cont = 0.0
                if j >= len(offs):
                    pi += 1
                    off = 0.0
                    continue
                sid = sids[j]
                scc = W.s_cc[sid]
                if W.s_kind[sid] == "toll":
                    if comp["toll_card"]:
                        rate = TOLL_BOOTH[scc][0]
                        self.pos(v, day, t, sid, W.s_flags[sid]["edge_km"] * rate * rng.uniform(0.8, 1.2), "toll")
                    continue
                last_site, last_site_t = sid, t
                if not accepts(sid, net) and not (v.get("second_net") is not None and scc in v["second_cc"]):
                    continue
                ppl = W.s_price[sid]
                need = fuel < cap * v["thr"]
                top = scc in CHEAP and fuel < cap * 0.72 and t - last_fill_t > 5
                did = False
                if need or top:
                    tgt = cap if scc not in EXPENSIVE or not need else cap * rng.uniform(0.45, 0.7)
                    litres = max(30.0, tgt - fuel)
                    got, e = self.diesel_fill(v, day, t, sid, litres, ppl)
                    fuel = min(cap, fuel + got)
                    last_fill_t = t
                    did = True
                    t += rng.uniform(0.2, 0.45)
                if adblue < ab_cap * 0.3 and (did or rng.random() < 0.3):
                    l = ab_cap - adblue
                    self.pos(v, day, t + rng.uniform(0.01, 0.06), sid, l * rng.uniform(0.62, 0.95), "adblue")
                    adblue = ab_cap
                    did = True
                if comp["shop_ok"] and (did or cont < 0.1) and rng.random() < 0.3:
                    self.pos(v, day, t + rng.uniform(0.02, 0.3), sid, rng.uniform(3, 26), "shop")
                if W.s_flags[sid].get("wash") and day >= next_wash and rng.random() < 0.3:
                    self.pos(v, day, t + rng.uniform(0.1, 0.6), sid, rng.uniform(45, 115), "wash")
                    next_wash = day + rng.uniform(12, 28)
                    t += 0.5
                if did:
                    stopped_today += 1
            if last_site is not None:
                ovn.append((W.epoch(day, t, W.s_cc[last_site]), last_site))
                if W.s_flags[last_site].get("parking") and rng.random() < comp["parking_p"] \
                        and (accepts(last_site, net)):
                    weekend = dow == 5
                    amt = rng.uniform(35, 65) if weekend else rng.uniform(14, 32)
                    self.pos(v, day, t + rng.uniform(0.05, 0.3) if rng.random() < 0.5 else start + 24 - 0.2,
                             last_site, amt, "parking")
            away += 1

    # ---------------------------------------------------------- regional / vans / office car
    def local_sites(self, v, k, radius):
        W, rng = self.W, self.rng
        lat, lon = v["home"] if v["kind"] in ("van", "office") and rng.random() < 0.5 else \
            (W.nlat[v["comp"]["depot"]], W.nlon[v["comp"]["depot"]])
        near = [s for d, s in W.sites_near(lat, lon, radius) if accepts(s, v["comp"]["net"])]
        if not near:
            near = [s for d, s in W.sites_near(lat, lon, radius * 4)][:5]
        return near[:k] if len(near) <= k else rng.sample(near[:3 * k], k)

    def sim_local(self, v):
        rng, W = self.rng, self.W
        comp = v["comp"]
        kind = v["kind"]
        cc = comp["cc"]
        usual = self.local_sites(v, rng.randint(2, 5), 30 if kind != "reg" else 45)
        v["usual"] = usual
        zipf = [1.0 / (k + 1) ** 1.2 for k in range(len(usual))]
        depot = comp["depot"]
        if kind == "reg":
            far = [i for i in W.real if 60 < W.D[depot][i] < 300]
            rng_km = (200, 450)
        elif kind == "van":
            far = [i for i in W.real if 0 < W.D[depot][i] < 120]
            rng_km = (60, 220)
        else:
            far = []
            rng_km = (15, 90)
        cap, cons = v["tank"], v["cons"]
        fuel = cap * rng.uniform(0.2, 1.0)
        next_wash = rng.uniform(5, 40)
        for day in range(v["d0"], v["d1"]):
            date = W.dates[day]
            dow = date.weekday()
            xmas = date.month == 12 and date.day >= 24 or date.month == 1 and date.day <= 1
            if W.is_hol(day, cc) or dow == 6 or xmas and rng.random() < 0.85:
                if kind == "office" and rng.random() < 0.15:
                    fuel -= cons * rng.uniform(10, 60)
                else:
                    continue
            elif dow == 5 and rng.random() > (0.3 if kind != "office" else 0.5):
                continue
            if kind == "office" and dow < 5 and rng.random() < 0.15:
                continue
            km = rng.uniform(*rng_km)
            start = v["shift"] + rng.uniform(-0.7, 0.7)
            if kind == "van" and v.get("ev"):
                if rng.random() < 0.45:
                    s_ch = [s for s in usual if W.s_flags[s].get("ev")] or usual
                    s = rng.choice(s_ch)
                    self.pos(v, day, start + rng.uniform(1, 9), s, rng.uniform(8, 45), "ev_charge")
                continue
            fuel -= cons * km
            if fuel < cap * 0.28 or (fuel < cap * 0.5 and rng.random() < 0.15):
                if kind == "reg" and comp["own_tank"] and rng.random() < 0.7:
                    fuel = cap
                    continue
                if far and rng.random() < (0.25 if kind == "reg" else 0.12):
                    city = rng.choice(far)
                    cands = [s for s in W.city_sites[city] if accepts(s, comp["net"])] or W.city_sites[city]
                    sid = rng.choice(cands)
                    lh = start + rng.uniform(1.5, 8)
                else:
                    sid = rng.choices(usual, zipf)[0]
                    if kind == "van" and rng.random() < 0.4:
                        lh = start + rng.uniform(9, 12.5)    # on the way home
                    elif kind == "reg" and rng.random() < 0.5:
                        lh = start - rng.uniform(0.05, 0.4)   # before leaving
                    else:
                        lh = start + rng.uniform(0.2, 9)
                    if kind == "office":
                        lh = rng.choice((start - 0.3, start + 9.5 + rng.uniform(0, 2)))
                litres = max(10.0, cap - max(fuel, 0) - rng.uniform(0, cap * 0.05))
                got, _ = self.diesel_fill(v, day, lh, sid, litres, W.s_price[sid] * (1.04 if kind != "reg" else 1.0))
                fuel = min(cap, max(fuel, 0) + got)
                if kind == "reg" and rng.random() < 0.12 and W.s_flags[sid].get("adblue"):
                    self.pos(v, day, lh + 0.03, sid, rng.uniform(20, 60), "adblue")
            if day >= next_wash and rng.random() < 0.3:
                cands = [s for s in usual if W.s_flags[s].get("wash")]
                if cands:
                    self.pos(v, day, start + rng.uniform(1, 10), rng.choice(cands),
                             rng.uniform(8, 22) if kind != "reg" else rng.uniform(45, 95), "wash")
                    next_wash = day + rng.uniform(14, 40)
            if kind == "van" and rng.random() < 0.04:
                s = rng.choice(usual)
                self.pos(v, day, start + rng.uniform(1, 9), s, rng.uniform(2, 14), "parking")

    # ---------------------------------------------------------- fleet manager web purchases
    def web_products(self, comp):
        cc = comp["cc"]
        vans = comp["kind"] == "van"
        prods = []
        if vans:
            prods += [("vign-CZ-edalnice", "CZ", "CZK", (440, 2440))]
            if cc == "RO":
                prods += [("vign-RO-rovinieta", "RO", "RON", (45, 140))]
        else:
            prods += [("toll-PL-etoll", "PL", "PLN", (300, 3500)),
                      ("vign-RO-rovinieta", "RO", "RON", (90, 600)),
                      ("toll-DE-tollcollect", "DE", "EUR", (30, 320)),
                      ("toll-FR-ulys", "FR", "EUR", (100, 600)),
                      ("vign-CZ-edalnice", "CZ", "CZK", (440, 2440))]
        return prods

    def sim_web(self, comp):
        rng, W = self.rng, self.W
        vs = comp["vehicles"]
        office = [v for v in vs if v["kind"] == "office"]
        payv = office[0] if office else vs[0]
        comp["web_vehicle"] = payv
        cc = comp["cc"]
        base_ip = "%d.%d.%d" % (comp["office_ip_pref"], rng.randint(0, 255), rng.randint(0, 255))
        ip = "%s.%d" % (base_ip, rng.randint(2, 250))
        dynamic = rng.random() < 0.4
        dev = "d-%08x" % rng.getrandbits(32)
        ua = rng.choice(UA_OFFICE).format(v=rng.randint(124, 131))
        home_ip = rand_ip(rng, ISP_PREFIX[cc])
        home_dev = "d-%08x" % rng.getrandbits(32)
        home_ua = rng.choice(UA_PHONE)
        comp["web_ident"] = (ip, dev, ua)
        prods = self.web_products(comp)
        per_month = min(25, 1 + comp["size"] * rng.uniform(0.15, 0.6))
        city = W.names[comp["depot"]]
        for day in range(self.days):
            date = W.dates[day]
            if dynamic and rng.random() < 1 / 20:
                ip = "%d.%d.%d.%d" % (comp["office_ip_pref"], rng.randint(0, 255), rng.randint(0, 255),
                                      rng.randint(2, 250))
            if rng.random() < 1 / 120:     # new laptop / browser reset
                dev = "d-%08x" % rng.getrandbits(32)
            if date.weekday() >= 5 or W.is_hol(day, cc):
                lam = per_month / 30 * 0.15
            else:
                lam = per_month / 21 * (2.5 if date.day <= 3 or date.day >= 28 else 0.8)
            n = 0
            while rng.random() < lam / (1 + n) and n < 6:
                n += 1
            hh = rng.uniform(7.5, 17.5)
            for _ in range(n):
                payee, pcc, cur, (lo, hi) = rng.choice(prods)
                home = rng.random() < 0.08
                if home:
                    hh = rng.uniform(19, 23)
                amt = rng.uniform(lo, hi)
                if cur in ("CZK", "RON") and rng.random() < 0.7:
                    amt = float(round(amt / 10) * 10)
                t = W.epoch(day, hh, cc) + rng.uniform(0, 59)
                hh += rng.uniform(0.02, 0.3)
                ev = [t, round(amt, 2), cur, "web", home_ip if home else ip, home_dev if home else dev,
                      home_ua if home else ua, "", "", cc, city, payee, 0, "", "", None, "web_toll", payv["id"]]
                self.events.append(ev)

    # ---------------------------------------------------------- card mapping
    def card_of(self, v, t, cc=None):
        if "share_with" in v:
            v = self.vehicles[v["share_with"]]
        segs = v["segs"]
        if cc is not None and v.get("segs2") and cc in v["second_cc"]:
            segs = v["segs2"]
        for a, b, c in segs:
            if a <= t < b:
                return c
        return None

    def map_cards(self):
        out = []
        for e in self.events:
            if e[F_CARD] is None:
                v = self.vehicles[e[F_VEH]]
                c = self.card_of(v, e[F_T], e[F_CC] if e[F_CH] == "pos" else None)
                if c is None:
                    continue
                e[F_CARD] = c
            out.append(e)
        self.events = out

    def run(self):
        t0 = time.time()
        self.build_population()
        for v in self.vehicles:
            if v["kind"] in ("lh", "lhdom"):
                self.sim_lh(v)
            else:
                self.sim_local(v)
        for c in self.companies:
            self.sim_web(c)
        self.map_cards()
        print("genuine: %d events, %d vehicles, %d companies (%.1fs)" %
              (len(self.events), len(self.vehicles), len(self.companies), time.time() - t0), file=sys.stderr)
        from_fraud = Fraud(self)
        from_fraud.inject()
        return self.finalize(from_fraud.reissue)

    def finalize(self, reissue):
        W = self.W
        out = []
        for e in self.events:
            c = e[F_CARD]
            t = e[F_T]
            drop = False
            while c in reissue:
                t_drop, t_new, t_rep, newc = reissue[c]
                if e[F_FR]:
                    if t > t_rep:
                        drop = True
                    break
                if t < t_drop:
                    break
                if t < t_new:
                    drop = True
                    break
                c = newc
            if drop or not (W.epoch0 <= t < W.t_end):
                continue
            e[F_CARD] = c
            out.append(e)
        out.sort(key=lambda e: e[F_T])
        return out


# ---------------------------------------------------------------------------
class Fraud:
    def __init__(self, g: Gen):
        self.g = g
        self.rng = g.rng
        self.W = g.W
        self.reissue = {}     # card -> (t_drop_from, t_new_from, t_report, new_card)
        self.victims = set()
        n = len({e[F_CARD] for e in g.events})
        self.n_cards = n
        self.by_card = {}
        self.by_term = {}
        for e in g.events:
            self.by_card.setdefault(e[F_CARD], []).append(e)
            if e[F_CH] == "pos":
                self.by_term.setdefault(e[F_DEV], []).append(e)
        for lst in self.by_card.values():
            lst.sort(key=lambda e: e[F_T])
        for lst in self.by_term.values():
            lst.sort(key=lambda e: e[F_T])
        self.counts = {}

    def add(self, card, t, eur_or_amt, cur, ch, ip, dev, ua, lat, lon, cc, city, payee, scn, kind, veh,
            native=False):
        amt = eur_or_amt if native else eur_or_amt / EUR_PER[cur]
        e = [t, round(amt, 2), cur, ch, ip, dev, ua, lat, lon, cc, city, payee, 1, "", scn, card, kind, veh]
        self.g.events.append(e)
        return e

    def add_site(self, card, t, sid, eur, scn, kind, veh, term=None):
        W = self.W
        cc = W.s_cc[sid]
        return self.add(card, t, eur, CURRENCY[cc], "pos", "", term or self.rng.choice(W.s_term[sid][:2]), "",
                        W.s_lat[sid], W.s_lon[sid], cc, W.s_city[sid], W.s_payee[sid], scn, kind, veh)

    def block(self, card, t_drop, t_rep, gap_days):
        if card in self.reissue:
            return
        self.reissue[card] = (t_drop, t_rep + gap_days * 86400, t_rep, self.g.new_card())

    def report(self, evs, t_rep):
        for e in evs:
            if t_rep is not None:
                e[F_REP] = max(t_rep, e[F_T] + 60)

    def vehicle_card_limit(self, card):
        e = self.by_card[card][0]
        return self.g.vehicles[e[F_VEH]]["comp"]["limit_eur"]

    def inject(self):
        n = self.n_cards
        self.skimmer(max(1, round(n / 2000)))
        self.stolen(max(1, round(n / 260)))
        self.collusive(max(1, round(n / 2400)))
        self.insider(max(1, round(n / 120)))
        self.ato(max(1, round(n / 450)))
        self.testing(max(1, round(n / 2600)))

    # -- skimmer at a busy outdoor terminal, clones used far away
    def skimmer(self, k):
        rng, W, g = self.rng, self.W, self.g
        busy = sorted(((len(v), d) for d, v in self.by_term.items()
                       if W.s_kind[self._sid(d)] == "truckstop"), reverse=True)[:60]
        for _ in range(k):
            if not busy:
                return
            _, term = busy.pop(rng.randrange(len(busy)))
            t_on = W.epoch0 + rng.uniform(0.05, 0.55) * g.days * 86400
            t_off = t_on + rng.uniform(7, 21) * 86400
            cards = []
            for e in self.by_term[term]:
                if t_on <= e[F_T] < t_off and e[F_CARD] not in self.victims and rng.random() < 0.75:
                    if e[F_CARD] not in [c for c, _ in cards]:
                        cards.append((e[F_CARD], e[F_T]))
            cards = cards[:18]
            src_cc = W.s_cc[self._sid(term)]
            ring_cc = rng.choice([c for c in COUNTRIES if c != src_cc])
            hub = rng.choice([i for i in W.real if W.ncc[i] == ring_cc])
            ring_sites = [s for d, s in W.sites_near(W.nlat[hub], W.nlon[hub], 80, kinds=("truckstop",))] or \
                [s for d, s in W.sites_near(W.nlat[hub], W.nlon[hub], 200)]
            favourites = ring_sites[:4]
            wave = t_off + rng.uniform(1, 12) * 86400      # the ring cashes out cards in waves
            for card, t_cap in cards:
                self.victims.add(card)
                veh = self.by_card[card][0][F_VEH]
                lim = self.vehicle_card_limit(card)
                t = max(t_cap + 2 * 86400, wave + rng.uniform(-2, 6) * 86400)
                evs = []
                for d in range(rng.randint(1, 4)):
                    day = int((t - W.epoch0) // 86400) + d
                    h = rng.uniform(21.5, 29) if rng.random() < 0.75 else rng.uniform(6, 21)
                    sid = rng.choice(favourites) if rng.random() < 0.7 else rng.choice(ring_sites)
                    for j in range(rng.randint(1, 4)):
                        if j and rng.random() < 0.4:
                            nxt = rng.choice(ring_sites)
                            h += hav(W.s_lat[sid], W.s_lon[sid], W.s_lat[nxt], W.s_lon[nxt]) / 70.0
                            sid = nxt
                        tt = W.epoch(day, h, W.s_cc[sid]) + rng.uniform(0, 59)
                        eur = lim * (1.0 if rng.random() < 0.4 else rng.uniform(0.82, 0.995))
                        evs.append(self.add_site(card, tt, sid, eur, "skimmed_clone", "diesel", veh))
                        h += rng.uniform(0.08, 0.5)
                first = min(e[F_T] for e in evs)
                u = rng.random()
                t_rep = first + (rng.uniform(0.5, 2) if u < 0.4 else rng.uniform(4, 16)) * 86400 if u < 0.88 else None
                if t_rep is not None:
                    kept = [e for e in evs if e[F_T] < t_rep]
                    for e in evs:
                        if e[F_T] >= t_rep:
                            e[F_FR] = -1         # declined after block: removed below
                    self.report(kept, t_rep)
                    self.block(card, t_rep, t_rep, rng.uniform(1, 3))
                self._count("skimmed_clone", evs)
        self._purge()

    def _sid(self, term):
        code = term.split("-")[1]
        return int(code[2:])

    def _count(self, scn, evs):
        self.counts[scn] = self.counts.get(scn, 0) + sum(1 for e in evs if e[F_FR] == 1)

    def _purge(self):
        self.g.events = [e for e in self.g.events if e[F_FR] != -1]

    # -- card stolen from a parked cab, drained within hours
    def stolen(self, k):
        rng, W, g = self.rng, self.W, self.g
        cands = [(vid, o) for vid, lst in g.overnights.items() for o in lst
                 if W.s_kind[o[1]] == "truckstop" and W.epoch0 + 2 * 86400 < o[0] < W.t_end - 86400]
        rng.shuffle(cands)
        done = 0
        for vid, (t_park, sid0) in cands:
            if done >= k:
                break
            v = g.vehicles[vid]
            if v.get("team"):
                continue
            card = g.card_of(v, t_park, W.s_cc[sid0])
            if card is None or card in self.victims or card not in self.by_card:
                continue
            self.victims.add(card)
            done += 1
            lim = v["comp"]["limit_eur"]
            cc = W.s_cc[sid0]
            pday = int((t_park - W.epoch0) // 86400)
            t_theft = W.epoch(pday, rng.uniform(23, 27.5), cc)
            if t_theft < t_park + 1800:
                t_theft = t_park + rng.uniform(1, 3) * 3600
            t = t_theft
            cur = sid0
            origin = (W.s_lat[sid0], W.s_lon[sid0])
            evs = []
            for j in range(rng.randint(3, 8)):
                la, lo = W.s_lat[cur], W.s_lon[cur]
                d_cur = hav(origin[0], origin[1], la, lo)
                opts = [(d, s) for d, s in W.sites_near(la, lo, 90) if d > 12
                        and hav(origin[0], origin[1], W.s_lat[s], W.s_lon[s]) > d_cur + 5]
                if not opts:
                    opts = [(d, s) for d, s in W.sites_near(la, lo, 120) if d > 5] or [(0.0, cur)]
                d, sid = rng.choice(opts[:8])
                t += (d / 75.0 + rng.uniform(0.05, 0.35)) * 3600
                cur = sid
                if v["comp"]["shop_ok"] and rng.random() < 0.3:
                    evs.append(self.add_site(card, t, sid, rng.uniform(60, 280), "stolen_card_drain", "shop", vid,
                                             term=W.s_term[sid][-1]))
                else:
                    eur = lim * (1.0 if rng.random() < 0.35 else rng.uniform(0.7, 0.99))
                    evs.append(self.add_site(card, t, sid, eur, "stolen_card_drain", "diesel", vid))
            wake = W.epoch(int((t_theft - W.epoch0 + 7200) // 86400), rng.uniform(5.5, 8.5), cc)
            if wake < t_theft + 2 * 3600:
                wake = t_theft + rng.uniform(3, 6) * 3600
            t_rep = wake + (rng.uniform(0.2, 3) if rng.random() < 0.85 else rng.uniform(10, 30)) * 3600
            for e in evs:
                if e[F_T] >= t_rep:
                    e[F_FR] = -1
            self.report([e for e in evs if e[F_FR] == 1], t_rep)
            self.block(card, t_theft, t_rep, rng.uniform(1, 3))
            self._count("stolen_card_drain", evs)
        self._purge()

    # -- corrupt station terminal: inflated and phantom charges on passing cards
    def collusive(self, k):
        rng, W, g = self.rng, self.W, self.g
        busy = sorted(((len(v), d) for d, v in self.by_term.items()
                       if W.s_kind[self._sid(d)] == "truckstop" and d.endswith("-1")), reverse=True)[:40]
        for _ in range(k):
            if not busy:
                return
            _, term = busy.pop(rng.randrange(min(len(busy), 15)))
            sid = self._sid(term)
            span = g.days * 86400
            t_on = W.epoch0 + rng.uniform(0.05, 0.45) * span
            t_off = min(W.t_end, t_on + rng.uniform(21, 45) * 86400)
            t_inv = t_off + rng.uniform(7, 21) * 86400
            evs = []
            hits = [e for e in self.by_term[term] if t_on <= e[F_T] < t_off and e[F_KIND] == "diesel" and not e[F_FR]]
            p_hit = min(1.0, 110.0 / max(1, len(hits)) / 0.5)
            for e in hits:
                if rng.random() > p_hit:
                    continue
                lim = g.vehicles[e[F_VEH]]["comp"]["limit_eur"] / EUR_PER[e[F_CUR]]
                u = rng.random()
                if u < 0.35:
                    e[F_AMT] = round(min(e[F_AMT] * rng.uniform(1.12, 1.35), lim * rng.uniform(0.97, 0.999)), 2)
                    if e[F_AMT] <= 0:
                        continue
                    e[F_FR], e[F_SCN] = 1, "collusive_station"
                    evs.append(e)
                elif u < 0.5:
                    dtt = rng.choice((rng.uniform(0.3, 1.5), rng.uniform(2, 6))) * 3600
                    amt = e[F_AMT] * rng.uniform(0.3, 0.9)
                    ph = self.add(e[F_CARD], e[F_T] + dtt, amt, e[F_CUR], "pos", "", term, "", e[F_LAT], e[F_LON],
                                  e[F_CC], e[F_CITY], e[F_PAYEE], "collusive_station", "diesel", e[F_VEH], native=True)
                    evs.append(ph)
            for e in evs:
                comp = g.vehicles[e[F_VEH]]["comp"]
                cands = []
                if comp["telematics"]:
                    d = dt.datetime.fromtimestamp(e[F_T], dt.timezone.utc)
                    nm = dt.datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, tzinfo=dt.timezone.utc)
                    cands.append(nm.timestamp() + rng.uniform(8, 25) * 86400)
                if rng.random() < 0.75:
                    cands.append(t_inv + rng.uniform(0, 2) * 86400)
                if cands:
                    self.report([e], min(cands))
            self._count("collusive_station", evs)

    # -- insider driver fuel theft
    def insider(self, k):
        rng, W, g = self.rng, self.W, self.g
        pool = [v for v in g.vehicles if v["kind"] in ("lh", "lhdom", "reg", "van") and not v.get("ev")
                and "share_with" not in v and v["d1"] - v["d0"] > 25]
        rng.shuffle(pool)
        done = 0
        for v in pool:
            if done >= k:
                break
            comp = v["comp"]
            t_a = W.epoch0 + rng.uniform(v["d0"], max(v["d0"] + 1, v["d1"] - 20)) * 86400
            t_b = min(W.epoch0 + v["d1"] * 86400, t_a + rng.uniform(14, 60) * 86400)
            t_rep = None
            if comp["telematics"]:
                # monthly reconciliation of the month in which the theft started
                d = dt.datetime.fromtimestamp(t_a, dt.timezone.utc)
                nm = dt.datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, tzinfo=dt.timezone.utc)
                t_rep = nm.timestamp() + rng.uniform(8, 25) * 86400
                t_b = min(t_b, t_rep - 3600)
            card = g.card_of(v, t_a + 3600)
            if card is None or card in self.victims or card not in self.by_card:
                continue
            gen = [e for e in self.by_card[card] if t_a <= e[F_T] < t_b and e[F_KIND] == "diesel" and not e[F_FR]
                   and e[F_DEV].startswith("t-")]
            if len(gen) < 2:
                continue
            self.victims.add(card)
            done += 1
            lim = comp["limit_eur"]
            home_sites = [s for d, s in W.sites_near(v["home"][0], v["home"][1], 25)] or \
                [s for d, s in W.sites_near(v["home"][0], v["home"][1], 80)] or W.city_sites[comp["depot"]]
            evs = []
            week = t_a
            while week < t_b:
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    mode = rng.random()
                    if mode < 0.45 and gen:
                        # a second payment right after a genuine fill, same terminal
                        base = gen.pop(rng.randrange(len(gen)))
                        sid = self._sid(base[F_DEV])
                        eur = (lim * rng.uniform(0.9, 0.995) if rng.random() < 0.5 else
                               rng.uniform(40, 160) * W.s_price[sid])
                        eur = min(eur, lim * 0.995)
                        evs.append(self.add(card, base[F_T] + rng.uniform(2, 15) * 60, eur, base[F_CUR], "pos", "",
                                            base[F_DEV], "", base[F_LAT], base[F_LON], base[F_CC], base[F_CITY],
                                            base[F_PAYEE], "driver_fuel_theft", "diesel", v["id"]))
                    elif mode < 0.85:
                        # private car / jerrycans near home: weekend, holiday or evening
                        day = int((week - W.epoch0) // 86400) + rng.randint(0, 6)
                        if day >= g.days:
                            continue
                        wd = W.dates[day].weekday()
                        if wd < 5 and not W.is_hol(day, comp["cc"]) and rng.random() < 0.6:
                            day += 5 - wd + rng.randint(0, 1)
                        sid = rng.choice(home_sites)
                        hh = rng.uniform(17, 22.5) if rng.random() < 0.6 else rng.uniform(8, 17)
                        tt = W.epoch(day, hh, W.s_cc[sid]) + rng.uniform(0, 59)
                        if not (t_a <= tt < t_b):
                            continue
                        eur = (rng.uniform(40, 70) * W.s_price[sid] if rng.random() < 0.6 else
                               lim * rng.uniform(0.88, 0.995))
                        eur = min(eur, lim * 0.995)
                        evs.append(self.add_site(card, tt, sid, eur, "driver_fuel_theft", "diesel", v["id"]))
                    elif gen:
                        # one fill bigger than the tank (a friend's truck on the other side of the pump)
                        base = rng.choice(gen)
                        cap_local = round(lim / EUR_PER[base[F_CUR]] * 0.995, 2)
                        new = round(min(base[F_AMT] * rng.uniform(1.25, 1.6), cap_local), 2)
                        if new > base[F_AMT] * 1.1:
                            base[F_AMT] = new
                            base[F_FR], base[F_SCN] = 1, "driver_fuel_theft"
                            evs.append(base)
                        gen.remove(base)
                week += 7 * 86400
            if t_rep is not None:
                self.report(evs, t_rep)
                self.block(card, t_rep, t_rep, rng.uniform(1, 5))
            self._count("driver_fuel_theft", evs)

    def _site_from_event(self, e):
        dev = e[F_DEV]
        if not dev.startswith("t-"):
            return None
        return self._sid(dev)

    # -- fleet manager's web account taken over
    def ato(self, k):
        rng, W, g = self.rng, self.W, self.g
        comps = [c for c in g.companies if "web_vehicle" in c and c["kind"] != "van"]
        rng.shuffle(comps)
        for comp in comps[:k]:
            t = W.epoch0 + rng.uniform(0.1, 0.92) * g.days * 86400
            vs = [comp["web_vehicle"]] + rng.sample(comp["vehicles"], min(2, len(comp["vehicles"])))
            cards = []
            for v in vs:
                c = g.card_of(v, t)
                if c and c not in cards and c not in self.victims:
                    cards.append(c)
            if not cards:
                continue
            geo = rng.choice(HOSTING_GEO)
            dev = "d-%08x" % rng.getrandbits(32)
            ua = rng.choice(UA_OFFICE).format(v=rng.randint(118, 131))
            prods = g.web_products(comp)
            evs = []
            for s in range(rng.randint(1, 3)):
                ip = rand_ip(rng, HOSTING_PREFIX)
                ts = t + s * rng.uniform(0.3, 1.2) * 86400
                for j in range(rng.randint(3, 8)):
                    ts += rng.uniform(1, 12) * 60
                    payee, pcc, cur, (lo, hi) = rng.choice(prods)
                    amt = rng.uniform(hi * 0.6, hi * 1.3)
                    evs.append(self.add(rng.choice(cards), ts, amt, cur, "web", ip, dev, ua, "", "", geo, "",
                                        payee, "toll_account_takeover", "web_toll", comp["web_vehicle"]["id"],
                                        native=True))
            first = min(e[F_T] for e in evs)
            u = rng.random()
            t_rep = first + (rng.uniform(2, 36) * 3600 if u < 0.6 else rng.uniform(3, 10) * 86400) if u < 0.95 else None
            for c in cards:
                self.victims.add(c)
            if t_rep is not None:
                for e in evs:
                    if e[F_T] >= t_rep:
                        e[F_FR] = -1
                self.report([e for e in evs if e[F_FR] == 1], t_rep)
                if rng.random() < 0.5:
                    for c in cards:
                        self.block(c, t_rep, t_rep, rng.uniform(1, 4))
            self._count("toll_account_takeover", evs)
        self._purge()

    # -- leaked card numbers tested with micro-payments, then cashed out
    def testing(self, k):
        rng, W, g = self.rng, self.W, self.g
        for _ in range(k):
            t = W.epoch0 + rng.uniform(0.1, 0.85) * g.days * 86400
            active = [c for c, lst in self.by_card.items()
                      if lst[0][F_T] < t < lst[-1][F_T] and c not in self.victims]
            webby = {c for c in active if any(e[F_CH] == "web" for e in self.by_card[c])}
            n = min(max(3, len(active) // 25), rng.randint(30, 80))
            leak = rng.sample(sorted(webby), min(len(webby), n // 3)) if webby else []
            rest = [c for c in active if c not in set(leak)]
            leak += rng.sample(rest, min(len(rest), n - len(leak)))
            devs = ["d-%08x" % rng.getrandbits(32) for _ in range(rng.randint(1, 3))]
            ua = rng.choice(UA_BOT)
            merchant = "m-web-%04d" % rng.randint(0, 9999)
            ts = t
            tests = {}
            for c in leak:
                veh = self.by_card[c][0][F_VEH]
                for j in range(rng.choice((1, 1, 2, 3))):
                    ts += rng.uniform(5, 240)
                    geo = rng.choice(COUNTRIES + ("US", "BR", "IN", "VN"))
                    ip = rand_ip(rng, ISP_PREFIX.get(geo, HOSTING_PREFIX))
                    amt = rng.choice((0.5, 1.0, 1.0, 1.5, 2.0)) if rng.random() < 0.6 else rng.uniform(0.5, 2.5)
                    tests.setdefault(c, []).append(
                        self.add(c, ts, amt, "EUR", "web", ip, rng.choice(devs), ua, "", "", geo, "", merchant,
                                 "card_testing", "test", veh, native=True))
            evs_all = [e for lst in tests.values() for e in lst]
            t_bulk = ts + rng.uniform(1, 4) * 86400 if rng.random() < 0.3 else None
            bulk_share = rng.uniform(0.3, 0.7)
            for c, tl in tests.items():
                veh = tl[0][F_VEH]
                cash = []
                if rng.random() < 0.2:
                    tc = tl[-1][F_T] + rng.uniform(0.25, 4) * 86400
                    dev = "d-%08x" % rng.getrandbits(32)
                    geo = rng.choice(HOSTING_GEO)
                    ip = rand_ip(rng, HOSTING_PREFIX)
                    ua2 = rng.choice(UA_OFFICE).format(v=rng.randint(118, 131))
                    for j in range(rng.randint(1, 3)):
                        tc += rng.uniform(2, 40) * 60
                        cash.append(self.add(c, tc, rng.uniform(150, 900), "EUR", "web", ip, dev, ua2, "", "", geo, "",
                                             "m-web-%s-%03d" % (rng.choice(("giftcards", "electronics", "fuelvoucher")),
                                                                rng.randint(0, 40)),
                                             "card_testing", "cashout", veh, native=True))
                    evs_all += cash
                    if rng.random() < 0.75:
                        t_rep = cash[0][F_T] + rng.uniform(2, 20) * 86400
                        self.report(cash + tl, t_rep)
                        self.block(c, t_rep, t_rep, rng.uniform(1, 4))
                        self.victims.add(c)
                        continue
                if t_bulk is not None and rng.random() < bulk_share:
                    self.report(tl, t_bulk)
                self.victims.add(c)
            self._count("card_testing", evs_all)


# ---------------------------------------------------------------------------
COLUMNS = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
           "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def write(rows, path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "wt", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i, e in enumerate(rows):
            t = int(e[F_T])
            rep = e[F_REP]
            if e[F_FR] and rep != "" and rep is not None:
                rep_s = iso(max(int(rep), t + 1))
            else:
                rep_s = ""
            w.writerow(["ft-%07d" % (i + 1), e[F_CARD], iso(t), "%.2f" % e[F_AMT], e[F_CUR], e[F_CH], e[F_IP],
                        e[F_DEV], e[F_UA], e[F_LAT], e[F_LON], e[F_CC], e[F_CITY], e[F_PAYEE],
                        1 if e[F_FR] else 0, rep_s, e[F_SCN] if e[F_FR] else ""])


def main(argv=None):
    ap = argparse.ArgumentParser(description="European fleet fuel-card replay world")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=5200, help="number of cards (approximately)")
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--start", default="2025-10-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-fleetcard.csv.gz")
    a = ap.parse_args(argv)
    start = dt.date.fromisoformat(a.start)
    t0 = time.time()
    g = Gen(a.seed, a.customers, a.days, start)
    rows = g.run()
    write(rows, a.out)
    nf = sum(1 for e in rows if e[F_FR])
    by = {}
    for e in rows:
        if e[F_FR]:
            by[e[F_SCN]] = by.get(e[F_SCN], 0) + 1
    print("%d rows, %d cards, %d fraud (%.3f%%) %s -> %s in %.1fs" %
          (len(rows), len({e[F_CARD] for e in rows}), nf, 100.0 * nf / max(1, len(rows)),
           dict(sorted(by.items())), a.out, time.time() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
