"""jointbank: outgoing digital payments of a US regional bank, joint accounts included.

Run:  python -m benchmarks.worlds.jointbank --out world-jointbank.csv.gz
      [--seed 7] [--customers N] [--days 120] [--start YYYY-MM-DD]

The world
---------
A regional bank headquartered in the Ohio valley (Columbus, Cincinnati,
Louisville, Indianapolis, Nashville, Pittsburgh, Chicago, ...), with the usual
tail of customers who kept their account after moving to Florida, Arizona,
Texas, Colorado or the West Coast, retirees who winter in Naples or Phoenix,
and students at college towns. Every amount is USD. Habits are drawn in each
person's *local* time (Eastern, Central, Mountain, Arizona without DST,
Pacific; US DST switches on the second Sunday of March and back on the first
Sunday of November) and written in UTC, so an "evening payer" in Seattle shows
up at 03:00-06:00 UTC and the same family's habits shift by an hour at a DST
change.

`customer_id` is the ACCOUNT (acct-########), not a person. About half of the
accounts have two or more owners or authorised users, each with their own
phone, laptop, home network, workplace and hours:

* couples (both spouses pay from the joint account, each from their phone; one
  usually does the bills, sometimes from a shared family laptop);
* a parent and an adult child (the child may live in another city);
* a student at college with a parent as co-owner (the parent pays tuition and
  the student's phone bill from the parent's house in another city);
* an elderly owner with a caregiver child who lives in another state (often in
  another time zone) and pays the parent's utilities, the assisted-living bill
  and the home aide from the child's own devices and network. Some elderly
  owners have no device at all: every payment on the account is the
  caregiver's;
* small businesses run out of a personal account: a contractor paying
  suppliers from a phone at job sites, the spouse doing the books on a laptop.

The same person often appears on several accounts (a caregiver on the
parent's account and on their own joint account; a contractor on the business
account and on the family account), so a device or home IP legitimately
appears under several customer_ids.

Payment rails (visible in `payee_id` and `channel`):

* `zl-*`  Zelle recipient token (friends, family, landlords, cleaners,
  babysitters, churches, a private car seller, ...). Some recipients are paid
  by many unrelated customers (a city's big church, a daycare, a landlord
  with many units).
* `bp-*`  bill pay to a biller (utilities per city, card issuers, mortgage
  servicers, insurers, IRS/state tax, county treasurer, bursar, assisted
  living, suppliers that take bill pay). Shared by many customers.
* `ach-*` ACH transfer to the customer's own account elsewhere (brokerage,
  high-yield savings) or to a supplier; `ach-coinbase-funding` is the shared
  crypto exchange funding account.
* `wr-*`  outgoing domestic wire: title companies (earnest money, then one
  very large closing wire for a house purchase), car dealers, large supplier
  invoices, crypto exchanges/OTC desks.
* `mc-*`  debit-card online purchase at a merchant (channel `card`): no
  device id or user agent; an IP (and the city it geolocates to) only when the
  merchant passed 3-D Secure browser data; subscriptions have no IP at all.

Channels: `mobile` (the bank's app: `BankApp/<ver> (<OS> <ver>; <model>)`),
`web` (desktop or mobile browser; the device id is a cookie that some people
clear often, and browser versions auto-update every four weeks), `card`, and
`scheduled` (autopay and recurring transfers executed by the bank's
overnight batch, 09:30-12:00 UTC on business days, with no device, IP or
place). lat/lon are the phone's GPS for app sessions that granted location;
otherwise the IP's geolocation (a city centroid; mobile-carrier IPs geolocate
to the carrier's regional hub, hundreds of km away), or empty.

Networks: each household has a residential ISP address that is stable for
weeks and changes on DHCP renewal or a move; phones on cellular use carrier
CGNAT addresses shared by thousands of customers; large employers egress
through a handful of NAT addresses (many customers, one IP); campuses likewise;
some people run a commercial VPN (datacenter IPs in Ashburn, Dallas, ...).

Genuine behaviour
-----------------
Paydays drive the calendar: biweekly Fridays, 1st/15th (moved to the previous
business day), last business day, weekly, irregular gig income, Social
Security on the 2nd/3rd/4th Wednesday by birthday (or the 3rd of the month).
Manual bills are paid in a "bill session" on the payday before the due date:
three to six payments within minutes. Rent is due on the 1st (often paid the
28th-3rd, by Zelle to a small landlord or by bill pay to a management
company); mortgages are mostly autopay. Utilities are seasonal (winter gas and
electric heating). Card issuers are paid in full or at the minimum. People
transfer savings to their own external accounts on paydays, and occasionally
move large sums ($5k-$30k) to a brokerage.

Zelle: dinner splits (often round: $20, $40, $60) on weekend evenings, tickets,
trip shares, roommates' rent share on the 1st, cleaners every other week,
babysitters on Saturday nights, the Sunday tithe, snow removal after storms,
allowances to children at college (weekly/biweekly/monthly, a bigger one for
books in January), Christmas gifts to nieces and grandchildren (many new
payees in mid-December), Super Bowl squares. New payees are common: a friend
of a friend at dinner is paid once and never again.

Card: Amazon/Walmart/Target/food delivery/rides/subscriptions/airfare/tickets,
with Black Friday/Cyber Monday and Christmas peaks, the January slump, tax
software from late January, sports betting deposits on NFL Sundays and the
Super Bowl, crypto purchases by a minority of genuine investors.

Life events: travel (Thanksgiving, Christmas, spring break, business trips;
domestic and abroad: in Cancun a phone on roaming keeps a US carrier IP while
GPS says Mexico; on hotel Wi-Fi the IP is foreign), snowbirds paying from a
Florida/Arizona second home for the whole winter, new phones (Christmas
gifts; a new device id and model), app reinstalls, a browser cookie wipe,
house purchases (earnest-money wire, then one closing wire of $30k-$250k to
a title company, a move to a new address and ISP, a new mortgage), car
purchases (a wire to a dealer or a large Zelle to a private seller), tax
season (refunds in Feb-Mar followed by savings transfers or purchases;
IRS/state payments for those who owe; January estimated taxes; property tax),
tuition at semester start, medical bills, genuine brand-new accounts (people
who moved or switched banks: a burst of first-time payees, a deposit and
first month's rent to a new landlord, a large transfer to a brokerage in the
first week). Elderly owners make two to six payments a month, mid-morning,
from a desktop at home, a few days after Social Security arrives.

Small businesses (contractors, landscapers, a cleaning company, ...) pay two
to five suppliers weekly/biweekly/monthly (invoice-sized amounts, $600-$15k,
by ACH, bill pay or wire), subcontractor crews by Zelle on Friday afternoons
(several $300-$2,000 payments in a row), estimated taxes on Jan 15, and
materials on the card. Several businesses in a city use the same supplier.

Fraud scenarios (`scenario` column; `is_fraud`=1)
-------------------------------------------------
All rows of one incident share one `fraud_reported_at` (the moment the claim or
case was opened; always after the incident's last payment, sometimes after the
end of the file), or it is empty when the fraud was never reported. Claims are
opened during call-centre hours.

* `elder_romance` - an elderly (sometimes a lonely 50+) owner groomed for
  weeks off-platform starts sending growing payments to a new "friend": Zelle
  $150-$600 at first, then $1-2.5k, then wires of $3k-$25k to a new wire payee
  ("customs fees", "lawyer"), or in the pig-butchering variant to a crypto
  exchange/OTC desk; sometimes gift-card purchases. Every payment is made by
  the victim, from the victim's own device, home network and usual hours.
  Reported late (2-10 weeks) by family or the bank's elder-abuse team; more
  than half never reported. When a caregiver co-owns the account it is noticed
  sooner.
* `tech_support` - a "refund"/"virus" call; the attacker drives the victim's
  own laptop through remote-desktop software: same device id, home IP and
  location, but a browser the victim never uses (or an old version), on a
  weekday at an hour the victim does not usually bank. One to three wires or
  Zelle payments ($1k-$15k) to a crypto ATM operator or OTC desk in one
  session; a second session one to three days later in 40 % of cases.
  Reported within days, 15 % never.
* `ato_sim_swap` - the victim's number is ported, the password reset via
  SMS: a new device (often Android, latest app version; sometimes a new
  browser), a new network (a residential proxy in the victim's own city, a
  datacenter/VPN, or a carrier in another region), often at night local time.
  An optional $1-$25 test, then 2-7 Zelle payments of $300-$2,500 to several
  money mules within a few hours (mule tokens are reused across incidents and
  include this bank's own recruited mule customers), sometimes an ACH to a new
  external account or a wire. Reported within hours to days; the victim then
  re-enrolls a fresh device.
* `bec_supplier` - on a small-business account, a usual supplier's e-mail is
  compromised and "new remittance details" are sent: the customer genuinely
  pays the supplier-like invoice (same rail or switched to wire, amount close
  to the usual invoice or two invoices combined) to a NEW payee, from the
  customer's usual device, network and hours; the real supplier's payment for
  that cycle is missing. One to three invoices before the supplier calls
  asking where the money is; reported 2-7 weeks later, 20 % never.
* `mule` - the bank's own customers (young adults, students) recruited as
  money mules: inbound funds (not visible here) are forwarded within minutes
  to hours in bursts, mostly to crypto exchanges, crypto ATM operators and
  next-layer mules, amount just below the inbound; some sessions come from the
  handler's device and datacenter IP, shared by several mule accounts.
  Reported by inter-bank recalls or AML; the account is then closed (no rows
  after). About a third never reported.
* `new_account` - check-fraud-adjacent bust-out: a newly opened account
  (cold start; new device, sometimes an emulator, VPN/carrier IP) makes a few
  small "seasoning" payments, deposits a bad check (not visible), then within
  days sends large Zelle payments ($1k-$3.5k) to several payees and buys gift
  cards/electronics online. Reported when the check is returned (2-10 days
  after the deposit; 8 % are written off as credit loss and never labelled),
  then closed. Genuine new accounts with large early payments also exist.

Fraud is about 0.2-0.5 % of rows. Only outgoing payments are rows; logins,
password resets, deposits and inbound transfers are not in the file.
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

import numpy as np

UTC = dt.timezone.utc

# --------------------------------------------------------------------------
# geography: key -> (city, country, lat, lon, std UTC offset, observes US DST, carrier region)
CITY = {
    'columbus': ('Columbus', 'US', 39.9612, -82.9988, -5, True, 'E'),
    'cincinnati': ('Cincinnati', 'US', 39.1031, -84.5120, -5, True, 'E'),
    'cleveland': ('Cleveland', 'US', 41.4993, -81.6944, -5, True, 'E'),
    'dayton': ('Dayton', 'US', 39.7589, -84.1916, -5, True, 'E'),
    'louisville': ('Louisville', 'US', 38.2527, -85.7585, -5, True, 'E'),
    'lexington': ('Lexington', 'US', 38.0406, -84.5037, -5, True, 'E'),
    'indianapolis': ('Indianapolis', 'US', 39.7684, -86.1581, -5, True, 'E'),
    'pittsburgh': ('Pittsburgh', 'US', 40.4406, -79.9959, -5, True, 'E'),
    'detroit': ('Detroit', 'US', 42.3314, -83.0458, -5, True, 'E'),
    'knoxville': ('Knoxville', 'US', 35.9606, -83.9207, -5, True, 'E'),
    'atlanta': ('Atlanta', 'US', 33.7490, -84.3880, -5, True, 'E'),
    'charlotte': ('Charlotte', 'US', 35.2271, -80.8431, -5, True, 'E'),
    'tampa': ('Tampa', 'US', 27.9506, -82.4572, -5, True, 'E'),
    'orlando': ('Orlando', 'US', 28.5383, -81.3792, -5, True, 'E'),
    'naples': ('Naples', 'US', 26.1420, -81.7948, -5, True, 'E'),
    'nashville': ('Nashville', 'US', 36.1627, -86.7816, -6, True, 'C'),
    'chicago': ('Chicago', 'US', 41.8781, -87.6298, -6, True, 'C'),
    'stlouis': ('St. Louis', 'US', 38.6270, -90.1994, -6, True, 'C'),
    'milwaukee': ('Milwaukee', 'US', 43.0389, -87.9065, -6, True, 'C'),
    'dallas': ('Dallas', 'US', 32.7767, -96.7970, -6, True, 'C'),
    'houston': ('Houston', 'US', 29.7604, -95.3698, -6, True, 'C'),
    'denver': ('Denver', 'US', 39.7392, -104.9903, -7, True, 'M'),
    'phoenix': ('Phoenix', 'US', 33.4484, -112.0740, -7, False, 'M'),
    'boise': ('Boise', 'US', 43.6150, -116.2023, -7, True, 'M'),
    'lasvegas': ('Las Vegas', 'US', 36.1699, -115.1398, -8, True, 'P'),
    'seattle': ('Seattle', 'US', 47.6062, -122.3321, -8, True, 'P'),
    'portland': ('Portland', 'US', 45.5152, -122.6784, -8, True, 'P'),
    'sandiego': ('San Diego', 'US', 32.7157, -117.1611, -8, True, 'P'),
    'losangeles': ('Los Angeles', 'US', 34.0522, -118.2437, -8, True, 'P'),
    # college towns
    'bloomington': ('Bloomington', 'US', 39.1653, -86.5264, -5, True, 'E'),
    'athens_oh': ('Athens', 'US', 39.3292, -82.1013, -5, True, 'E'),
    'annarbor': ('Ann Arbor', 'US', 42.2808, -83.7430, -5, True, 'E'),
    'westlafayette': ('West Lafayette', 'US', 40.4259, -86.9081, -5, True, 'E'),
    'columbia_mo': ('Columbia', 'US', 38.9517, -92.3341, -6, True, 'C'),
    'tuscaloosa': ('Tuscaloosa', 'US', 33.2098, -87.5692, -6, True, 'C'),
    'boulder': ('Boulder', 'US', 40.0150, -105.2705, -7, True, 'M'),
    'tempe': ('Tempe', 'US', 33.4255, -111.9400, -7, False, 'M'),
    # travel / infrastructure only
    'newyork': ('New York', 'US', 40.7128, -74.0060, -5, True, 'E'),
    'miami': ('Miami', 'US', 25.7617, -80.1918, -5, True, 'E'),
    'honolulu': ('Honolulu', 'US', 21.3069, -157.8583, -10, False, 'P'),
    'sanfrancisco': ('San Francisco', 'US', 37.7749, -122.4194, -8, True, 'P'),
    'ashburn': ('Ashburn', 'US', 39.0438, -77.4874, -5, True, 'E'),
    'cancun': ('Cancun', 'MX', 21.1619, -86.8515, -5, False, None),
    'puntacana': ('Punta Cana', 'DO', 18.5601, -68.3725, -4, False, None),
    'london': ('London', 'GB', 51.5072, -0.1276, 0, False, None),
    'toronto': ('Toronto', 'CA', 43.6532, -79.3832, -5, True, None),
    'rome': ('Rome', 'IT', 41.9028, 12.4964, 1, False, None),
    'sanjuan': ('San Juan', 'PR', 18.4655, -66.1057, -4, False, None),
}
HOME_W = {'columbus': 10, 'cincinnati': 8, 'cleveland': 6, 'dayton': 4, 'louisville': 6,
          'lexington': 3, 'indianapolis': 7, 'pittsburgh': 4, 'detroit': 3, 'knoxville': 2,
          'nashville': 5, 'chicago': 4, 'stlouis': 3, 'milwaukee': 2, 'atlanta': 2.5,
          'charlotte': 2, 'tampa': 2, 'orlando': 1.5, 'naples': 1, 'phoenix': 2, 'denver': 1.5,
          'dallas': 1.5, 'houston': 1, 'lasvegas': 0.8, 'seattle': 0.7, 'sandiego': 0.7,
          'losangeles': 0.7, 'portland': 0.4, 'boise': 0.4}
COLLEGE = ['bloomington', 'athens_oh', 'annarbor', 'westlafayette', 'columbia_mo',
           'tuscaloosa', 'boulder', 'tempe', 'lexington', 'knoxville']
NORTH = {'columbus', 'cincinnati', 'cleveland', 'dayton', 'louisville', 'lexington', 'indianapolis',
         'pittsburgh', 'detroit', 'chicago', 'stlouis', 'milwaukee', 'boise', 'denver'}
SNOWBIRD_DEST = ['naples', 'tampa', 'orlando', 'phoenix', 'naples']
TRIP_DOM = {'orlando': 3, 'lasvegas': 2, 'newyork': 2, 'nashville': 1.5, 'chicago': 1.5,
            'miami': 1.5, 'denver': 1, 'honolulu': 0.7, 'sanfrancisco': 1, 'tampa': 1}
TRIP_FOREIGN = {'cancun': 3, 'puntacana': 1.5, 'london': 1, 'toronto': 1, 'rome': 0.7, 'sanjuan': 1}
REGIONS = ['E', 'C', 'M', 'P']
CARRIERS = ['tmo', 'vzw', 'att', 'uscc']
CARRIER_W = [0.35, 0.35, 0.25, 0.05]
CARRIER_HUB = {'E': ['columbus', 'atlanta', 'pittsburgh'], 'C': ['chicago', 'dallas', 'stlouis'],
               'M': ['denver', 'phoenix'], 'P': ['losangeles', 'seattle']}
ISP_NAMES = {'E': ['spectrum', 'xfinity', 'att-internet', 'frontier', 'wow'],
             'C': ['att-internet', 'xfinity', 'spectrum', 'tds'],
             'M': ['xfinity', 'cox', 'centurylink'], 'P': ['xfinity', 'spectrum', 'ziply', 'cox'],
             None: ['local']}
DC_CITIES = ['ashburn', 'ashburn', 'newyork', 'dallas', 'chicago', 'losangeles', 'seattle', 'miami']

IOS_MODELS = ['iPhone12,1', 'iPhone13,2', 'iPhone14,5', 'iPhone14,7', 'iPhone15,2', 'iPhone15,4',
              'iPhone16,1', 'iPhone16,2', 'iPhone17,1', 'iPhone17,3']
IOS_VERS = ['17.6.1', '18.5', '18.6.2', '26.0.1', '26.1']
ANDROID_MODELS = ['SM-S918U', 'SM-S928U', 'SM-A156U', 'SM-A546U', 'Pixel 8', 'Pixel 9', 'Pixel 7a',
                  'moto g 5G (2024)', 'SM-G991U', 'SM-S911U', 'SM-A356U']
ANDROID_VERS = ['13', '14', '15', '16']
TABLETS = ['iPad13,18', 'iPad14,1', 'iPad12,1']
BROWSERS = ['chrome_win', 'chrome_win', 'chrome_win', 'edge_win', 'safari_mac', 'safari_mac',
            'chrome_mac', 'firefox_win', 'chrome_cros']
ALT_BROWSER = {'chrome_win': 'edge_win', 'edge_win': 'chrome_win', 'firefox_win': 'edge_win',
               'safari_mac': 'chrome_mac', 'chrome_mac': 'safari_mac', 'chrome_cros': 'chrome_old'}

CHROME_BASE = dt.date(2025, 1, 14).toordinal()    # Chrome 132
FIREFOX_BASE = dt.date(2025, 1, 7).toordinal()    # Firefox 134
APP_BASE = dt.date(2025, 1, 6).toordinal()

# hour-of-day archetypes: (centre local hour, width, weight)
ARCHES = {
    'office': [(7.5, 1.0, .15), (12.5, 1.0, .2), (20.5, 1.8, .5)],
    'early': [(6.0, 1.2, .35), (12.0, 1.0, .12), (17.5, 1.5, .4)],
    'night': [(22.5, 2.0, .5), (1.0, 1.5, .25), (13.0, 2.0, .15)],
    'retiree': [(10.0, 2.0, .6), (14.5, 2.0, .3), (19.0, 1.5, .1)],
    'shift': [(3.0, 1.5, .35), (15.0, 2.0, .35), (9.0, 1.0, .1)],
    'student': [(13.0, 2.0, .3), (22.0, 2.0, .4), (1.5, 1.2, .2)],
    'contractor': [(6.5, 1.0, .35), (12.0, 1.0, .15), (18.5, 1.5, .35), (21.0, 1.0, .1)],
}

# card merchants: slug -> (median $, sigma, weight)
MERCHANTS = {
    'amazon': (32, 0.85, 30), 'walmart': (45, 0.8, 8), 'target': (42, 0.7, 6), 'doordash': (34, 0.4, 7),
    'ubereats': (31, 0.4, 4), 'uber': (22, 0.55, 5), 'lyft': (19, 0.5, 2), 'instacart': (105, 0.5, 3),
    'chewy': (58, 0.5, 1.5), 'etsy': (38, 0.7, 1.5), 'ebay': (45, 0.9, 1.5), 'bestbuy': (160, 0.9, 1.2),
    'homedepot': (85, 0.9, 1.5), 'lowes': (80, 0.9, 1), 'costco': (120, 0.6, 1), 'kroger': (95, 0.5, 2),
    'southwest': (290, 0.5, 0.6), 'delta': (380, 0.5, 0.5), 'airbnb': (520, 0.6, 0.4),
    'expedia': (340, 0.6, 0.4), 'ticketmaster': (170, 0.6, 0.8), 'stubhub': (210, 0.6, 0.3),
    'steam': (25, 0.7, 1), 'playstation': (30, 0.6, 0.8), 'shein': (40, 0.6, 1.2), 'temu': (28, 0.6, 1.5),
    'walgreens': (24, 0.6, 0.8), 'cvs': (22, 0.6, 0.8), 'paypal': (55, 1.0, 4), 'apple': (9, 1.0, 2),
    'googleplay': (7, 0.9, 1), 'nike': (95, 0.5, 0.7), 'wayfair': (210, 0.8, 0.5), 'grubhub': (30, 0.4, 1),
}
MERCH_KEYS = list(MERCHANTS)
MERCH_CUM = list(np.cumsum([MERCHANTS[k][2] for k in MERCH_KEYS]))
SUBSCRIPTIONS = [('netflix', 17.99), ('netflix', 24.99), ('spotify', 11.99), ('hulu', 9.99),
                 ('disneyplus', 15.99), ('apple', 2.99), ('apple', 9.99), ('youtube', 13.99),
                 ('amazonprime', 14.99), ('peacock', 7.99), ('maxstream', 16.99), ('planetfitness', 15.00),
                 ('siriusxm', 10.99), ('audible', 14.95), ('nytimes', 4.00), ('xboxgamepass', 19.99)]
CARD_ISSUERS = ['chase', 'citi', 'capone', 'discover', 'amex', 'bofa', 'synchrony', 'barclays']
MTG = ['rocket', 'wellsfargo', 'mrcooper', 'pennymac', 'ourbank', 'uwm', 'freedom']
AUTO_FIN = ['allyauto', 'toyotafs', 'hondafs', 'gmfin', 'fordcredit', 'capone-auto']
INSURERS = ['geico', 'progressive', 'statefarm', 'allstate', 'erie', 'nationwide']
STUDENT_LOANS = ['nelnet', 'mohela', 'aidvantage', 'edfinancial']
PHONE_CO = ['verizon', 'tmobile', 'att-wireless', 'cricket', 'visible']
CRYPTO_SHARED = ['ach-coinbase-funding', 'wr-kraken-funding', 'wr-gemini-trust']


def nth_weekday(y, m, wd, n):
    if n > 0:
        d = dt.date(y, m, 1)
        return d + dt.timedelta(days=(wd - d.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - wd) % 7)


def us_dst(day):
    return nth_weekday(day.year, 3, 6, 2) <= day < nth_weekday(day.year, 11, 6, 1)


def bank_holidays(y):
    hs = [dt.date(y, 1, 1), nth_weekday(y, 1, 0, 3), nth_weekday(y, 2, 0, 3), nth_weekday(y, 5, 0, -1),
          dt.date(y, 6, 19), dt.date(y, 7, 4), nth_weekday(y, 9, 0, 1), nth_weekday(y, 10, 0, 2),
          dt.date(y, 11, 11), nth_weekday(y, 11, 3, 4), dt.date(y, 12, 25)]
    out = set()
    for h in hs:
        if h.weekday() == 6:
            out.add(h + dt.timedelta(days=1))
        elif h.weekday() < 5:
            out.add(h)          # Saturday holidays are not observed by the Fed
    return out


class Calendar:
    def __init__(self, start, days):
        self.start, self.days = start, days
        n = days + 60
        self.dates = [start + dt.timedelta(days=d) for d in range(n)]
        e0 = int(dt.datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp())
        self.epoch = [e0 + 86400 * d for d in range(n)]
        self.dst = [us_dst(x) for x in self.dates]
        self.wd = [x.weekday() for x in self.dates]
        self.abs = [x.toordinal() for x in self.dates]
        hol = set()
        for y in range(start.year - 1, self.dates[-1].year + 2):
            hol |= bank_holidays(y)
        self.holiday = [x in hol for x in self.dates]
        self.biz = [w < 5 and not h for w, h in zip(self.wd, self.holiday)]
        self.months = sorted({(x.year, x.month) for x in self.dates[:days]})
        pm = (start.replace(day=1) - dt.timedelta(days=1))
        self.months.insert(0, (pm.year, pm.month))

    def idx(self, date):
        return (date - self.start).days

    def in_window(self, d):
        return 0 <= d < self.days

    def next_biz(self, d):
        while d < len(self.biz) - 1 and d >= 0 and not self.biz[d]:
            d += 1
        return d

    def prev_biz(self, d):
        while d > -40 and 0 <= d < len(self.biz) and not self.biz[d]:
            d -= 1
        return d

    def dates_in(self, md_list):
        """absolute (month, day) pairs -> window day indices, for every year in range."""
        out = []
        for y in range(self.start.year, self.dates[self.days - 1].year + 1):
            for m, dd in md_list:
                try:
                    x = self.idx(dt.date(y, m, dd))
                except ValueError:
                    continue
                if 0 <= x < self.days:
                    out.append(x)
        return out


def offset_hours(ck, dst):
    c = CITY[ck]
    return c[4] + (1 if (c[5] and dst) else 0)


def hexid(r, n=10):
    return format(r.getrandbits(4 * n), '0%dx' % n)


def money(x):
    return round(max(0.01, x), 2)


# --------------------------------------------------------------------------
class Infra:
    """IP address space: residential ISPs per city, carrier CGNAT pools per region,
    employer NATs, campus NATs, hotel / public Wi-Fi, VPN and hosting ranges."""
    FIRSTS = [24, 47, 50, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99,
              104, 107, 108, 162, 166, 173, 174, 184, 204, 208]

    def __init__(self, r):
        self.r = r
        self.used = set()
        self.isp = {}
        self.carrier = {}
        for c in CARRIERS:
            for rg in REGIONS:
                self.carrier[(c, rg)] = ([self.p16(), self.p16()], r.choice(CARRIER_HUB[rg]))
        self.vpn = [(self.p16() + '.' + str(r.randrange(256)), r.choice(DC_CITIES)) for _ in range(14)]
        self.hosting = [(self.p16() + '.' + str(r.randrange(256)), r.choice(DC_CITIES)) for _ in range(10)]
        self.employers = {}
        self.public = {}
        self.hotels = {}
        self.campus = {}

    def p16(self):
        r = self.r
        while True:
            k = (r.choice(self.FIRSTS), r.randrange(256))
            if k not in self.used:
                self.used.add(k)
                return '%d.%d' % k

    def isps(self, ck):
        if ck not in self.isp:
            names = ISP_NAMES[CITY[ck][6]]
            self.isp[ck] = [(names[i % len(names)], [self.p16(), self.p16()]) for i in range(3)]
        return self.isp[ck]

    def home_ip(self, ck, isp_i=None):
        isps = self.isps(ck)
        if isp_i is None:
            isp_i = self.r.choices(range(3), [0.5, 0.35, 0.15])[0]
        r = self.r
        return '%s.%d.%d' % (r.choice(isps[isp_i][1]), r.randrange(256), r.randint(2, 254)), isp_i

    def carrier_ip(self, carrier, region):
        pre, hub = self.carrier[(carrier, region or 'E')]
        r = self.r
        return '%s.%d.%d' % (r.choice(pre), r.randrange(256), r.randint(1, 254)), hub

    def _pool(self, store, ck, n):
        if ck not in store:
            store[ck] = [self.home_ip(ck)[0] for _ in range(n)]
        return store[ck]

    def employer(self, ck):
        """(ip list, geo): a big employer NAT (shared by many customers) or a small office."""
        r = self.r
        if ck not in self.employers:
            self.employers[ck] = [[self.home_ip(ck)[0] for _ in range(r.randint(1, 3))] for _ in range(6)]
        if r.random() < 0.55:
            return r.choice(self.employers[ck])
        return [self.home_ip(ck)[0]]

    def public_ip(self, ck):
        return self.r.choice(self._pool(self.public, ck, 40))

    def hotel_ip(self, ck):
        return self.r.choice(self._pool(self.hotels, ck, 40))

    def campus_ip(self, ck):
        return self.r.choice(self._pool(self.campus, ck, 4))

    def vpn_ip(self):
        pre, geo = self.r.choice(self.vpn)
        return '%s.%d' % (pre, self.r.randint(2, 40)), geo

    def hosting_ip(self):
        pre, geo = self.r.choice(self.hosting)
        return '%s.%d' % (pre, self.r.randint(2, 250)), geo


class Household:
    __slots__ = ('timeline', 'isp_i')

    def __init__(self, ck, ll, ip, isp_i):
        self.timeline = [(-10 ** 6, ck, ll, ip)]
        self.isp_i = isp_i

    def at(self, d):
        tl = self.timeline
        if len(tl) == 1:
            return tl[0]
        e = tl[0]
        for x in tl:
            if x[0] <= d:
                e = x
            else:
                break
        return e

    @property
    def ck(self):
        return self.timeline[0][1]


class Person:
    def __init__(self):
        self.trips = []
        self.snow = None
        self.phones = []
        self.laptops = []
        self.friends = []


class Account:
    def __init__(self, aid, kind):
        self.id = aid
        self.kind = kind
        self.members = []      # (person, weight) for discretionary streams
        self.bill_payers = []  # (person, weight)
        self.open_day = -10 ** 6
        self.close_ts = None
        self.paydays = []
        self.bills = []
        self.ext = []
        self.suppliers = []
        self.flags = set()


# --------------------------------------------------------------------------
class World:
    def __init__(self, seed, n_accounts, days, start):
        self.r = random.Random(seed)
        self.npr = np.random.default_rng(seed)
        self.cal = Calendar(start, days)
        self.days = days
        self.N = n_accounts
        self.infra = Infra(self.r)
        self.rows = []
        self.pending = {}   # incident -> [rows without report time]
        self.accounts = []
        self.adult_pool = []
        self.used_ids = set()
        r = self.r
        self.city_keys = list(HOME_W)
        self.city_w = [HOME_W[k] for k in self.city_keys]
        # city-level shared payees (Zelle tokens of service providers, billers, title cos, suppliers)
        self.city_tokens = {}
        self.mule_tokens = ['zl-' + hexid(r) for _ in range(45)]
        self.atm_tokens = ['zl-' + hexid(r) for _ in range(6)]       # crypto-ATM operators' Zelle
        self.otc_wires = ['wr-' + hexid(r) for _ in range(8)]        # crypto OTC desks
        self.handlers = []
        self._day_mults()

    # ---------------------------------------------------------------- utils
    def token(self, ck, kind, n):
        key = (ck, kind)
        if key not in self.city_tokens:
            pre = {'church': 'zl-', 'daycare': 'zl-', 'landlord': 'zl-', 'cleaner': 'zl-', 'sitter': 'zl-',
                   'snow': 'zl-', 'pm': 'bp-pm-', 'title': 'wr-title-', 'dealer': 'wr-dealer-',
                   'hosp': 'bp-hosp-', 'supplier': '', 'alf': 'bp-alf-', 'aide': 'zl-',
                   'tutor': 'zl-'}[kind]
            self.city_tokens[key] = [pre + hexid(self.r) for _ in range(n)]
        return self.r.choice(self.city_tokens[key])

    def new_acct_id(self):
        while True:
            a = 'acct-%08d' % self.r.randrange(10 ** 7, 10 ** 8)
            if a not in self.used_ids:
                self.used_ids.add(a)
                return a

    def _day_mults(self):
        cal, D = self.cal, self.days
        card = np.ones(D)
        zel = np.ones(D)
        wdz = [0.8, 0.8, 0.85, 0.95, 1.35, 1.45, 1.1]
        wdc = [1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 1.1]
        for d in range(D):
            x = cal.dates[d]
            zel[d] = wdz[cal.wd[d]]
            card[d] = wdc[cal.wd[d]]
            md = (x.month, x.day)
            if x.month == 11 and x.day >= 20 or x.month == 12 and x.day <= 22:
                card[d] *= 1.7
            if x.month == 12 and 10 <= x.day <= 24:
                zel[d] *= 1.5
            if x.month == 1 and x.day > 3:
                card[d] *= 0.82
            if (x.month == 2 and x.day >= 12) or (x.month == 3 and x.day <= 25):
                card[d] *= 1.12
            if md == (12, 31) or md == (1, 1):
                zel[d] *= 1.3
            if md == (2, 14):
                card[d] *= 1.3
        for y in range(cal.start.year, cal.dates[D - 1].year + 1):
            tg = nth_weekday(y, 11, 3, 4)
            for off, mult in ((1, 3.0), (2, 1.8), (3, 1.6), (4, 2.6)):   # Black Friday .. Cyber Monday
                i = cal.idx(tg + dt.timedelta(days=off))
                if 0 <= i < D:
                    card[i] *= mult
            i = cal.idx(tg)
            if 0 <= i < D:
                zel[i] *= 1.25
            sb = nth_weekday(y, 2, 6, 2)
            i = cal.idx(sb)
            if 0 <= i < D:
                zel[i] *= 1.4
        self.card_mult = card
        self.zel_mult = zel

    def hour_cdf(self, arche):
        r = self.r
        w = [0.006] * 24
        for c, s, a in ARCHES[arche]:
            c += r.gauss(0, 0.7)
            a *= r.uniform(0.6, 1.4)
            s *= r.uniform(0.8, 1.3)
            for h in range(24):
                x = abs(h + 0.5 - c) % 24
                x = min(x, 24 - x)
                w[h] += a * math.exp(-0.5 * (x / s) ** 2)
        out, t = [], 0.0
        for v in w:
            t += v
            out.append(t)
        return out

    def hour(self, p):
        cdf = p.cdf
        return min(23, bisect.bisect_right(cdf, self.r.random() * cdf[-1]))

    def lsec(self, p):
        return self.hour(p) * 3600 + self.r.randrange(3600)

    def hour_weight(self, p, h):
        cdf = p.cdf
        return (cdf[h] - (cdf[h - 1] if h else 0)) / cdf[-1]

    # ---------------------------------------------------------------- people
    def new_household(self, ck, campus=False):
        r = self.r
        c = CITY[ck]
        ll = (c[2] + r.gauss(0, 0.07), c[3] + r.gauss(0, 0.09))
        if campus and r.random() < 0.5:
            ip, isp_i = self.infra.campus_ip(ck), 0
        else:
            ip, isp_i = self.infra.home_ip(ck)
        hh = Household(ck, ll, ip, isp_i)
        # DHCP renewals: a new address from the same ISP every month or three
        d = r.randint(-60, 40)
        while True:
            d += r.randint(25, 110)
            if d >= self.days:
                break
            if r.random() < 0.6:
                ip2, _ = self.infra.home_ip(ck, isp_i)
                hh.timeline.append((d, ck, ll, ip2))
        return hh

    def new_phone(self, p, d0, tablet=False):
        r = self.r
        ios = r.random() < p.ios_share
        if tablet:
            ph = {'os': 'iOS', 'model': r.choice(TABLETS), 'osver': r.choice(IOS_VERS)}
        elif ios:
            ph = {'os': 'iOS', 'model': r.choice(IOS_MODELS), 'osver': r.choice(IOS_VERS)}
        else:
            ph = {'os': 'Android', 'model': r.choice(ANDROID_MODELS), 'osver': r.choice(ANDROID_VERS)}
        ph['id'] = 'd-' + hexid(r, 12)
        ph['wid'] = 'd-' + hexid(r, 12)
        ph['upd'] = None
        if r.random() < 0.5:
            ph['upd'] = (r.randint(0, max(1, self.days)), self._bump(ph['osver'], ph['os']))
        p.phones.append((d0, ph))
        p.phones.sort(key=lambda x: x[0])
        return ph

    @staticmethod
    def _bump(v, os):
        if os == 'Android':
            return str(min(16, int(v) + 1))
        parts = v.split('.')
        return parts[0] + '.' + str(int(parts[1]) + 1)

    def new_laptop(self, p, d0, kind=None):
        r = self.r
        lp = {'kind': kind or r.choice(BROWSERS), 'cookies': [(-10 ** 6, 'd-' + hexid(r, 12))],
              'safari': r.choice(['17.6', '18.5', '18.6', '26.0', '26.1'])}
        if p.cookie_days:
            d = r.randint(-p.cookie_days, 0)
            while True:
                d += max(1, int(r.expovariate(1.0 / p.cookie_days)))
                if d >= self.days:
                    break
                lp['cookies'].append((d, 'd-' + hexid(r, 12)))
        p.laptops.append((d0, lp))
        p.laptops.sort(key=lambda x: x[0])
        return lp

    def make_person(self, hh, age, arche=None, devices=True):
        r = self.r
        p = Person()
        p.hh = hh
        p.age = age
        p.region = CITY[hh.ck][6]
        if arche is None:
            arche = {'young': r.choices(['night', 'office', 'student', 'shift'], [.4, .3, .15, .15])[0],
                     'adult': r.choices(['office', 'early', 'night', 'shift', 'contractor'],
                                        [.5, .2, .13, .1, .07])[0],
                     'elder': 'retiree', 'student': 'student'}[age]
        p.arche = arche
        p.cdf = self.hour_cdf(arche)
        p.token = 'zl-' + hexid(r)
        p.carrier = r.choices(CARRIERS, CARRIER_W)[0]
        p.ios_share = {'young': 0.65, 'student': 0.75, 'adult': 0.55, 'elder': 0.5}[age]
        p.gps = r.random() < (0.75 if age != 'elder' else 0.55)
        p.app = r.random() < {'young': 0.97, 'student': 0.98, 'adult': 0.9, 'elder': 0.55}[age]
        p.app_lag = 0 if r.random() < 0.6 else r.randint(1, 40)
        if r.random() < 0.05:
            p.app_lag = 400
        p.browser_lag = 0 if r.random() < 0.7 else r.randint(1, 60)
        p.vpn = 0.0
        if r.random() < (0.07 if age in ('young', 'student') else 0.03):
            p.vpn = r.uniform(0.2, 0.9)
        p.cookie_days = 0
        x = r.random()
        if x < 0.1:
            p.cookie_days = r.randint(3, 10)
        elif x < 0.3:
            p.cookie_days = r.randint(30, 70)
        p.work = None
        p.work_wifi = r.uniform(0.1, 0.6)
        if age in ('adult', 'young') and arche != 'contractor' and r.random() < 0.75:
            ips = self.infra.employer(hh.ck)
            c = CITY[hh.ck]
            p.work = {'ips': ips, 'll': (c[2] + r.gauss(0, 0.06), c[3] + r.gauss(0, 0.08)), 'ck': hh.ck}
        if age == 'student':
            c = CITY[hh.ck]
            p.work = {'ips': [self.infra.campus_ip(hh.ck)], 'll': (c[2] + r.gauss(0, 0.01), c[3] + r.gauss(0, 0.01)),
                      'ck': hh.ck}
            p.work_wifi = 0.9
        p.p_web = {'young': 0.05, 'student': 0.06, 'adult': 0.3, 'elder': 0.7}[age] * r.uniform(0.3, 1.6)
        p.zelle_rate = {'young': 0.20, 'student': 0.24, 'adult': 0.11, 'elder': 0.012}[age] * math.exp(r.gauss(0, 0.55))
        p.card_rate = {'young': 0.17, 'student': 0.2, 'adult': 0.12, 'elder': 0.02}[age] * math.exp(r.gauss(0, 0.6))
        p.p_new_friend = {'young': 0.22, 'student': 0.25, 'adult': 0.15, 'elder': 0.08}[age]
        p.crypto = r.random() < (0.07 if age in ('young', 'student') else 0.025 if age == 'adult' else 0)
        p.bettor = r.random() < (0.08 if age in ('young', 'student') else 0.03 if age == 'adult' else 0)
        p.subs = []
        for _ in range(r.choice([0, 1, 1, 2, 2, 3, 4]) if age != 'elder' else r.choice([0, 0, 1])):
            m, amt = r.choice(SUBSCRIPTIONS)
            p.subs.append(('mc-' + m, amt, r.randint(1, 28)))
        if devices:
            has_phone = age != 'elder' or r.random() < 0.75
            has_laptop = r.random() < {'young': 0.35, 'student': 0.6, 'adult': 0.65, 'elder': 0.7}[age]
            if age == 'elder' and has_phone and r.random() < 0.35:
                self.new_phone(p, -10 ** 6, tablet=True)
            elif has_phone:
                self.new_phone(p, -10 ** 6)
            if has_laptop or not has_phone:
                self.new_laptop(p, -10 ** 6)
            self._device_events(p)
        return p

    def _device_events(self, p):
        r = self.r
        if not p.phones:
            return
        if r.random() < 0.12 * self.days / 120:
            xmas = self.cal.dates_in([(12, 25)])
            if xmas and r.random() < 0.45:
                d = xmas[0] + r.randint(0, 9)
            else:
                d = r.randint(0, max(0, self.days - 1))
            self.new_phone(p, d)
        elif r.random() < 0.03:
            d = r.randint(0, max(0, self.days - 1))
            ph = dict(p.phones[-1][1])
            ph['id'] = 'd-' + hexid(r, 12)     # app reinstall: same handset, new device id
            p.phones.append((d, ph))

    @staticmethod
    def phone_at(p, d):
        ph = p.phones[0][1]
        for d0, x in p.phones:
            if d0 <= d:
                ph = x
            else:
                break
        return ph

    @staticmethod
    def laptop_at(p, d):
        lp = p.laptops[0][1]
        for d0, x in p.laptops:
            if d0 <= d:
                lp = x
        cid = lp['cookies'][0][1]
        for d0, c in lp['cookies']:
            if d0 <= d:
                cid = c
            else:
                break
        return lp, cid

    def plan_trips(self, persons, age):
        """Trips taken together by the given persons (a household)."""
        r, cal, D = self.r, self.cal, self.days
        anchors = []
        for y in range(cal.start.year, cal.dates[D - 1].year + 1):
            anchors.append(cal.idx(nth_weekday(y, 11, 3, 4)) - 1)
            anchors += [cal.idx(dt.date(y, 12, 21)), cal.idx(dt.date(y, 12, 26)),
                        cal.idx(dt.date(y, 3, 8)), cal.idx(dt.date(y, 3, 14)),
                        cal.idx(nth_weekday(y, 2, 0, 3)) - 3]
        anchors = [a for a in anchors if 0 <= a < D]
        n = self.npr.poisson({'elder': 0.25, 'adult': 0.55, 'young': 0.6, 'student': 0.5}[age] * D / 120)
        for _ in range(int(n)):
            if anchors and r.random() < 0.5:
                d0 = r.choice(anchors) + r.randint(-2, 2)
            else:
                d0 = r.randint(0, max(0, D - 1))
            dur = r.randint(2, 10)
            if r.random() < 0.13:
                ck = r.choices(list(TRIP_FOREIGN), list(TRIP_FOREIGN.values()))[0]
            elif r.random() < 0.45:
                ck = r.choices(self.city_keys, self.city_w)[0]
            else:
                ck = r.choices(list(TRIP_DOM), list(TRIP_DOM.values()))[0]
            if ck == persons[0].hh.ck:
                continue
            lodging = self.infra.hotel_ip(ck) if r.random() < 0.6 else self.infra.home_ip(ck)[0]
            t = (d0, d0 + dur, ck, lodging)
            for p in persons:
                p.trips.append(t)

    @staticmethod
    def where(p, d):
        for t in p.trips:
            if t[0] <= d < t[1]:
                return 'trip', t[2], t
        s = p.snow
        if s is not None and s[0] <= d < s[1]:
            return 'snow', s[2], s
        e = p.hh.at(d)
        return 'home', e[1], e

    # ---------------------------------------------------------------- UA strings
    def app_ver(self, absd):
        n = max(0, (absd - APP_BASE) // 35)
        patch = ((absd - APP_BASE) % 35) // 12
        return '%d.%d.%d' % (7 + n // 10, n % 10, patch)

    def app_ua(self, p, ph, d):
        osv = ph['osver']
        if ph['upd'] and d >= ph['upd'][0]:
            osv = ph['upd'][1]
        return 'BankApp/%s (%s %s; %s)' % (self.app_ver(self.cal.abs[d] - p.app_lag), ph['os'], osv, ph['model'])

    def mweb_ua(self, p, ph, d):
        osv = ph['osver']
        if ph['upd'] and d >= ph['upd'][0]:
            osv = ph['upd'][1]
        if ph['os'] == 'iOS':
            major = osv.split('.')[0]
            return ('Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 '
                    '(KHTML, like Gecko) Version/%s.0 Mobile/15E148 Safari/604.1') % (osv.replace('.', '_'), major)
        v = 132 + (self.cal.abs[d] - p.browser_lag - CHROME_BASE) // 28
        return ('Mozilla/5.0 (Linux; Android %s; K) AppleWebKit/537.36 (KHTML, like Gecko) '
                'Chrome/%d.0.0.0 Mobile Safari/537.36') % (osv, v)

    def web_ua(self, kind, absd, safari='18.5'):
        cv = 132 + (absd - CHROME_BASE) // 28
        if kind == 'chrome_win':
            return ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36') % cv
        if kind == 'edge_win':
            return ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0') % (cv, cv)
        if kind == 'chrome_mac':
            return ('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36') % cv
        if kind == 'safari_mac':
            return ('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) '
                    'Version/%s Safari/605.1.15') % safari
        if kind == 'firefox_win':
            fv = 134 + (absd - FIREFOX_BASE) // 28
            return 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0' % (fv, fv)
        if kind == 'chrome_cros':
            return ('Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36') % cv
        # an outdated Chrome on Windows 7 (remote-access helper machines, old installs)
        return ('Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                'Chrome/109.0.0.0 Safari/537.36')

    # ---------------------------------------------------------------- session context
    def geo_fields(self, ck, jit):
        r = self.r
        c = CITY[ck]
        return ('%.4f' % (c[2] + r.gauss(0, jit)), '%.4f' % (c[3] + r.gauss(0, jit)), c[1], c[0])

    def ctx(self, p, d, hour, mode=None, place=None):
        """(channel, ip, device_id, user_agent, lat, lon, country, city) of a genuine session."""
        r, I, cal = self.r, self.infra, self.cal
        kind, ck, info = self.where(p, d)
        if mode is None:
            if not p.phones:
                mode = 'web'
            elif not p.laptops:
                mode = 'mobile'
            else:
                pw = p.p_web if kind != 'trip' else p.p_web * 0.3
                mode = 'web' if r.random() < pw else 'mobile'
        if kind == 'trip':
            c = CITY[ck]
            ll = (c[2] + r.gauss(0, 0.03), c[3] + r.gauss(0, 0.03))
            gps_ck = ck
            if mode == 'web' or r.random() < 0.55:
                ip, geo = info[3], ck
            else:
                ip, geo = I.carrier_ip(p.carrier, p.region)    # roaming egresses via the home carrier
        else:
            if kind == 'home':
                hip, hck, hll = info[3], info[1], info[2]
            else:
                hip, hck, hll = info[3], info[2], info[4]
            gps_ck = hck
            wk = cal.wd[d]
            work_ok = (p.work is not None and kind == 'home' and wk < 5 and not cal.holiday[d]
                       and 8 <= hour < 17 and p.work['ck'] == hck)
            if place is None:
                if mode == 'web':
                    place = 'work' if (work_ok and r.random() < 0.4) else 'home'
                elif work_ok and r.random() < 0.7:
                    place = 'work'
                elif hour >= 20 or hour < 7:
                    place = 'home' if r.random() < 0.88 else 'out'
                else:
                    place = 'home' if r.random() < (0.45 if p.work else 0.6) else 'out'
            if place == 'work' and p.work is None:
                place = 'home'
            if place == 'home':
                ll = hll
                if mode == 'web' or r.random() < 0.8:
                    ip, geo = hip, hck
                else:
                    ip, geo = I.carrier_ip(p.carrier, p.region)
            elif place == 'work':
                ll = p.work['ll']
                if mode == 'web' or r.random() < p.work_wifi:
                    ip, geo = r.choice(p.work['ips']), hck
                else:
                    ip, geo = I.carrier_ip(p.carrier, p.region)
            else:
                c = CITY[hck]
                ll = (c[2] + r.gauss(0, 0.08), c[3] + r.gauss(0, 0.1))
                if r.random() < 0.08:
                    ip, geo = I.public_ip(hck), hck
                else:
                    ip, geo = I.carrier_ip(p.carrier, p.region)
        if p.vpn and r.random() < p.vpn:
            ip, geo = I.vpn_ip()
        self._last_geo = geo
        if mode == 'mobile' and p.gps and r.random() < 0.97:
            c = CITY[gps_ck]
            lat, lon = '%.4f' % (ll[0] + r.gauss(0, 0.0006)), '%.4f' % (ll[1] + r.gauss(0, 0.0008))
            country, city = c[1], c[0]
        elif mode == 'web' and r.random() < 0.05:
            lat = lon = country = city = ''
        else:
            lat, lon, country, city = self.geo_fields(geo, 0.02)
        if mode == 'mobile':
            ph = self.phone_at(p, d)
            if p.app:
                return ('mobile', ip, ph['id'], self.app_ua(p, ph, d), lat, lon, country, city)
            return ('web', ip, ph['wid'], self.mweb_ua(p, ph, d), lat, lon, country, city)
        lp, cid = self.laptop_at(p, d)
        return ('web', ip, cid, self.web_ua(lp['kind'], cal.abs[d] - p.browser_lag, lp['safari']),
                lat, lon, country, city)

    def card_ctx(self, p, d, hour, subscription=False):
        if subscription or self.r.random() < 0.5:
            return ('card', '', '', '', '', '', '', '')
        c = self.ctx(p, d, hour)
        return self.as_card(c)

    def as_card(self, c, geo=None):
        """3-D Secure passes the browser IP; the bank geolocates it (IP city, no GPS, no device)."""
        g = CITY[geo or self._last_geo]
        return ('card', c[1], '', '', '', '', g[1], g[0])

    # ---------------------------------------------------------------- emitting
    def ts_of(self, p, d, lsec):
        if p is None:
            return self.cal.epoch[d] + lsec
        kind, ck, _ = self.where(p, d)
        return self.cal.epoch[d] + lsec - 3600 * offset_hours(ck, self.cal.dst[d])

    def emit(self, a, p, d, lsec, amount, payee, mode=None, place=None, card=False, sub=False):
        if d < a.open_day or d < 0 or d >= self.days:
            return None
        ts = self.ts_of(p, d, lsec)
        h = (lsec // 3600) % 24
        if card:
            c = self.card_ctx(p, d, h, sub)
        else:
            c = self.ctx(p, d, h, mode, place)
        row = (ts, a.id, money(amount), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], payee, 0, None, '')
        self.rows.append(row)
        return row

    def emit_sched(self, a, d, amount, payee):
        d = self.cal.next_biz(d)
        if d < a.open_day or d < 0 or d >= self.days:
            return
        ts = self.cal.epoch[d] + self.r.randint(34200, 43200)
        self.rows.append((ts, a.id, money(amount), 'scheduled', '', '', '', '', '', '', '', payee, 0, None, ''))

    def emit_fraud(self, inc, a, ts, amount, c, payee):
        self.pending.setdefault(inc, []).append(
            (int(ts), a.id, money(amount), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], payee))

    def pick(self, weighted):
        r = self.r
        weighted = [(p, w) for p, w in weighted if w > 0 and (p.phones or p.laptops)] or weighted
        tot = sum(w for _, w in weighted)
        x = r.random() * tot
        for p, w in weighted:
            x -= w
            if x <= 0:
                return p
        return weighted[-1][0]

    # ---------------------------------------------------------------- accounts
    def build(self):
        r = self.r
        N = self.N
        n_fraud_new = self.sround(N * 0.009 * self.days / 120)
        if N - n_fraud_new < 1:
            n_fraud_new = N - 1
        kinds = [('single', .22), ('couple', .30), ('young', .11), ('parent_child', .05),
                 ('student_joint', .05), ('elder_single', .08), ('elder_caregiver', .06),
                 ('elder_couple', .04), ('smallbiz', .07)]
        klist = r.choices([k for k, _ in kinds], [w for _, w in kinds], k=N - n_fraud_new)
        # make the reusable adults come first so caregivers / parents can be drawn from them
        order = {'single': 0, 'couple': 0, 'young': 1, 'parent_child': 1, 'elder_single': 1,
                 'elder_couple': 1, 'student_joint': 2, 'elder_caregiver': 2, 'smallbiz': 2}
        klist.sort(key=lambda k: order[k])
        for k in klist:
            self.accounts.append(self.make_account(k))
        # some genuine accounts were opened inside the window (movers, bank switchers)
        for a in self.accounts:
            if a.kind in ('single', 'couple', 'young', 'student_joint') and r.random() < 0.045:
                a.open_day = r.randint(0, max(0, self.days - 5))
                a.flags.add('new')
        for _ in range(n_fraud_new):
            a = Account(self.new_acct_id(), 'fraud_new')
            self.accounts.append(a)
        r.shuffle(self.accounts)

    def adult_from_pool(self, exclude_ck=None):
        r = self.r
        for _ in range(6):
            if not self.adult_pool:
                return None
            p = r.choice(self.adult_pool)
            if exclude_ck is None or p.hh.ck != exclude_ck:
                return p
        return None

    def make_account(self, kind):
        r = self.r
        a = Account(self.new_acct_id(), kind)
        ck = r.choices(self.city_keys, self.city_w)[0]
        hh = self.new_household(ck)
        mk = self.make_person
        if kind == 'single':
            p = mk(hh, 'adult')
            a.members = [(p, 1)]
            self.adult_pool.append(p)
            self.plan_trips([p], 'adult')
        elif kind == 'couple':
            p1, p2 = mk(hh, 'adult'), mk(hh, 'adult')
            if p1.laptops and p2.laptops and r.random() < 0.5:
                p2.laptops = p1.laptops          # shared family computer
            a.members = [(p1, 1), (p2, r.uniform(0.3, 1))]
            self.adult_pool += [p1, p2]
            self.plan_trips([p1, p2], 'adult')
            if r.random() < 0.3:
                self.plan_trips([p1], 'adult')
        elif kind == 'young':
            p = mk(hh, 'young')
            a.members = [(p, 1)]
            self.plan_trips([p], 'young')
        elif kind == 'parent_child':
            p1 = mk(hh, 'adult')
            if r.random() < 0.6:
                p2 = mk(hh, 'young')
            else:
                p2 = mk(self.new_household(r.choices(self.city_keys, self.city_w)[0]), 'young')
            a.members = [(p1, 0.5), (p2, 1)]
            self.plan_trips([p1], 'adult')
            self.plan_trips([p2], 'young')
        elif kind == 'student_joint':
            college = r.choice(COLLEGE)
            s = mk(self.new_household(college, campus=True), 'student')
            parent = self.adult_from_pool() or mk(hh, 'adult')
            a.members = [(s, 1), (parent, 0.06)]
            self.plan_trips([s], 'student')
        elif kind == 'elder_single':
            p = mk(hh, 'elder')
            a.members = [(p, 1)]
            self.plan_trips([p], 'elder')
        elif kind == 'elder_couple':
            p1, p2 = mk(hh, 'elder'), mk(hh, 'elder')
            if r.random() < 0.6:
                p2.laptops = p1.laptops
            a.members = [(p1, 1), (p2, 0.5)]
            self.plan_trips([p1, p2], 'elder')
        elif kind == 'elder_caregiver':
            e = mk(hh, 'elder', devices=r.random() < 0.65)
            cg = None
            if r.random() < 0.5:
                cg = self.adult_from_pool(exclude_ck=ck)
            if cg is None:
                cck = ck
                while cck == ck:
                    cck = r.choices(self.city_keys, self.city_w)[0] if r.random() < 0.5 else \
                        r.choice(['phoenix', 'denver', 'seattle', 'dallas', 'charlotte', 'atlanta', 'tampa',
                                  'chicago', 'houston', 'sandiego', 'portland'])
                cg = mk(self.new_household(cck), 'adult')
                self.plan_trips([cg], 'adult')
            a.members = [(e, 1 if (e.phones or e.laptops) else 0), (cg, 1)]
            a.caregiver = cg
        elif kind == 'smallbiz':
            owner = None
            if r.random() < 0.4:
                cand = self.adult_from_pool()
                if cand is not None:
                    owner = cand
                    owner.arche = 'contractor'
                    owner.cdf = self.hour_cdf('contractor')
            if owner is None:
                owner = mk(hh, 'adult', 'contractor')
                self.plan_trips([owner], 'adult')
            a.members = [(owner, 1)]
            if r.random() < 0.5:
                bk = mk(owner.hh, 'adult', r.choice(['office', 'retiree']))
                bk.p_web = max(bk.p_web, 0.7)
                if not bk.laptops:
                    self.new_laptop(bk, -10 ** 6)
                a.members.append((bk, 0.4))
                a.bookkeeper = bk
        # snowbirds
        for p, _ in a.members:
            if p.age == 'elder' and p.hh.ck in NORTH and p.snow is None and r.random() < 0.3:
                leave = self.cal.dates_in([(1, 2)]) or self.cal.dates_in([(12, 27)])
                back = self.cal.dates_in([(3, 20)])
                d0 = (leave[0] if leave else -10 ** 5) + r.randint(-8, 18)
                d1 = (back[0] if back else 10 ** 5) + r.randint(-10, 20)
                if back and leave and back[0] < leave[0]:
                    d0 = -10 ** 5
                sck = r.choice(SNOWBIRD_DEST)
                ip, _ = self.infra.home_ip(sck)
                c = CITY[sck]
                p.snow = (d0, d1, sck, ip, (c[2] + r.gauss(0, 0.05), c[3] + r.gauss(0, 0.05)))
                for q, _ in a.members:
                    if q.hh is p.hh:
                        q.snow = p.snow
        return a

    # ---------------------------------------------------------------- genuine streams
    def plan_paydays(self, a, kind):
        r, cal, D = self.r, self.cal, self.days
        out = set()
        if kind == 'biweekly':
            par = r.randrange(2)
            for d in range(-14, D):
                if d >= 0 and cal.wd[d] == 4 and (cal.abs[d] // 7) % 2 == par:
                    out.add(cal.prev_biz(d))
        elif kind == 'weekly':
            out = {cal.prev_biz(d) for d in range(D) if cal.wd[d] == 4}
        elif kind == 'semimonthly':
            for y, m in cal.months:
                for dd in (1, 15):
                    out.add(cal.prev_biz(cal.idx(dt.date(y, m, dd))))
        elif kind == 'monthly':
            for y, m in cal.months:
                last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
                out.add(cal.prev_biz(cal.idx(last)))
        elif kind == 'ss':
            n = r.choice([2, 3, 4, 0])
            for y, m in cal.months:
                x = dt.date(y, m, 3) if n == 0 else nth_weekday(y, m, 2, n)
                out.add(cal.prev_biz(cal.idx(x)))
        else:   # irregular gig income
            d = r.randint(0, 5)
            while d < D:
                out.add(d)
                d += r.randint(2, 9)
        return sorted(x for x in out if 0 <= x < D)

    def add_bill(self, a, payee, dom, base, sigma=0.0, auto_p=0.4, season=None, payer=None):
        a.bills.append({'payee': payee, 'dom': dom, 'base': base, 'sigma': sigma,
                        'auto': self.r.random() < auto_p, 'season': season, 'payer': payer})

    def season(self, kind, ck, month):
        south = CITY[ck][6] in ('M', 'P') or ck in ('tampa', 'orlando', 'naples', 'houston', 'dallas', 'atlanta',
                                                       'phoenix', 'tempe', 'miami')
        if kind == 'elec':
            return {12: 1.25, 1: 1.35, 2: 1.25, 3: 1.0, 11: 1.0}.get(month, 1.0) * (0.9 if south else 1.0)
        if kind == 'gas':
            return {11: 1.5, 12: 2.3, 1: 2.6, 2: 2.2, 3: 1.5}.get(month, 0.6) * (0.6 if south else 1.0)
        return 1.0

    def plan_account(self, a):
        r = self.r
        k = a.kind
        mem = [p for p, _ in a.members]
        ck = mem[0].hh.ck
        reg = CITY[ck][6]
        elder = k.startswith('elder')
        # who pays the bills
        if k == 'elder_caregiver':
            cg = a.caregiver
            a.bill_payers = [(cg, 0.85), (mem[0], 0.15 if (mem[0].phones or mem[0].laptops) else 0.0)]
        elif k == 'student_joint':
            a.bill_payers = [(mem[0], 0.8), (mem[1], 0.2)]
        elif k == 'parent_child':
            a.bill_payers = [(mem[0], 0.8), (mem[1], 0.2)]
        elif len(mem) > 1:
            a.bill_payers = [(mem[0], 0.75), (mem[1], 0.25)]
        else:
            a.bill_payers = [(mem[0], 1.0)]
        a.bill_payers = [(p, w) for p, w in a.bill_payers if w > 0 and (p.phones or p.laptops)]
        # paydays
        if elder:
            a.paydays = self.plan_paydays(a, 'ss')
        elif k == 'student_joint':
            a.paydays = self.plan_paydays(a, r.choice(['monthly', 'irregular', 'biweekly']))
        else:
            a.paydays = self.plan_paydays(a, r.choices(['biweekly', 'semimonthly', 'monthly', 'weekly', 'irregular'],
                                                       [.45, .25, .1, .08, .12])[0])
        # housing
        owner = r.random() < {'single': 0.55, 'couple': 0.72, 'young': 0.1, 'parent_child': 0.75,
                              'student_joint': 0.0, 'elder_single': 0.85, 'elder_couple': 0.9,
                              'elder_caregiver': 0.8, 'smallbiz': 0.7}[k]
        a.owner = owner
        if owner:
            if r.random() < (0.2 if elder else 0.8):
                self.add_bill(a, 'bp-mtg-' + r.choice(MTG), r.choice([1, 1, 1, 15]),
                              round(math.exp(r.uniform(math.log(900), math.log(3600))), 2), 0, 0.75)
            if r.random() < 0.1:
                self.add_bill(a, self.token(ck, 'pm', 6).replace('bp-pm-', 'bp-hoa-'), 1,
                              r.choice([75, 120, 180, 250, 320]), 0, 0.5)
        elif k != 'student_joint' or r.random() < 0.7:
            rent = math.exp(r.uniform(math.log(750), math.log(2600)))
            if k == 'student_joint':
                rent *= 0.6
            rent = round(rent / 5) * 5
            if r.random() < 0.35:
                a.rent = ('zelle', self.token(ck if k != 'student_joint' else mem[0].hh.ck, 'landlord', 40), rent)
            else:
                a.rent = ('bp', self.token(ck if k != 'student_joint' else mem[0].hh.ck, 'pm', 12), rent)
                if r.random() < 0.3:
                    self.add_bill(a, a.rent[1], 1, rent, 0, 1.0)
                    a.rent = None
        if k == 'young' and r.random() < 0.3:
            a.roommate = ('zl-' + hexid(r), round(math.exp(r.uniform(math.log(450), math.log(1100))) / 5) * 5)
        # utilities
        hck = mem[0].hh.ck if k != 'elder_caregiver' else ck
        isp_name = self.infra.isps(hck)[mem[0].hh.isp_i][0]
        if k != 'student_joint' or r.random() < 0.5:
            self.add_bill(a, 'bp-elec-' + hck, r.randint(3, 26), r.uniform(60, 190), 0.12, 0.35, 'elec')
            if hck in NORTH or r.random() < 0.3:
                self.add_bill(a, 'bp-gas-' + hck, r.randint(3, 26), r.uniform(35, 110), 0.12, 0.35, 'gas')
            if owner:
                self.add_bill(a, 'bp-water-' + hck, r.randint(3, 26), r.uniform(35, 95), 0.2, 0.3)
            self.add_bill(a, 'bp-' + isp_name, r.randint(1, 28), round(r.uniform(50, 120), 2), 0.0, 0.6)
        self.add_bill(a, 'bp-' + r.choice(PHONE_CO), r.randint(1, 28), round(r.uniform(40, 60 * len(mem) + 80), 2),
                      0.03, 0.6)
        if not elder and r.random() < 0.7:
            self.add_bill(a, 'bp-' + r.choice(INSURERS), r.randint(1, 28), round(r.uniform(85, 260), 2), 0, 0.5)
        if not elder and k != 'student_joint' and r.random() < 0.45:
            self.add_bill(a, 'bp-' + r.choice(AUTO_FIN), r.randint(1, 28), round(r.uniform(280, 750), 2), 0, 0.6)
        if k in ('young', 'single', 'couple') and r.random() < 0.3:
            self.add_bill(a, 'bp-' + r.choice(STUDENT_LOANS), r.randint(1, 28), round(r.uniform(120, 480), 2), 0, 0.5)
        if elder:
            if r.random() < 0.6:
                self.add_bill(a, 'bp-medsupp-aarp', 1, round(r.uniform(140, 320), 2), 0, 0.5)
            if k == 'elder_caregiver' and r.random() < 0.4:
                self.add_bill(a, self.token(ck, 'alf', 5), 1, round(r.uniform(3800, 7500), 2), 0.02, 0.2)
            if k == 'elder_caregiver' and r.random() < 0.45:
                a.aide = (self.token(ck, 'aide', 30), round(r.uniform(300, 900) / 10) * 10, r.randrange(7))
        ncards = r.choice([0, 1, 1, 1, 2]) if elder else r.choice([0, 1, 1, 2, 2, 3])
        for _ in range(ncards):
            a.bills.append({'payee': 'bp-card-' + r.choice(CARD_ISSUERS), 'dom': r.randint(1, 28),
                            'base': math.exp(r.uniform(math.log(120), math.log(3000))), 'sigma': 0.55,
                            'auto': r.random() < 0.35, 'season': 'card', 'payer': None,
                            'minpay': r.random() < 0.15})
        if k == 'couple' and r.random() < 0.14:
            self.add_bill(a, self.token(ck, 'daycare', 6).replace('zl-', 'bp-daycare-'), 1,
                          round(r.uniform(900, 1900) / 5) * 5, 0, 0.4)
        # own external accounts
        if r.random() < (0.3 if elder else 0.7):
            a.ext = ['ach-' + hexid(r) for _ in range(r.choice([1, 1, 2]))]
            a.save_base = round(math.exp(r.uniform(math.log(50), math.log(1500))) / 25) * 25
            a.save_p = r.uniform(0.3, 0.95)
            a.save_auto = r.random() < 0.45
        # services paid by Zelle
        a.services = []
        if k in ('couple', 'single', 'smallbiz', 'parent_child') and r.random() < 0.13:
            a.services.append(('cleaner', self.token(ck, 'cleaner', 25), r.choice([100, 120, 140, 160, 180]), 14))
        if k == 'couple' and r.random() < 0.18:
            a.services.append(('sitter', self.token(ck, 'sitter', 30), 0, 0))
        if r.random() < (0.25 if elder else 0.1):
            a.services.append(('church', self.token(ck, 'church', 3), r.choice([20, 25, 40, 50, 100, 150]), 7))
        if k == 'couple' and r.random() < 0.1:
            a.services.append(('tutor', self.token(ck, 'tutor', 20), r.choice([40, 50, 60, 75]), 7))
        if ck in NORTH and owner and r.random() < 0.15:
            a.services.append(('snow', self.token(ck, 'snow', 15), r.choice([35, 40, 50, 60, 75]), 0))
        # college kid
        a.kid = None
        if k in ('couple', 'single') and r.random() < 0.17:
            a.kid = ('zl-' + hexid(r), r.choice(['weekly', 'biweekly', 'monthly']),
                     r.choice([50, 75, 100, 150, 200, 250, 300, 400, 500]), r.choice(COLLEGE))
        # small business suppliers
        if k == 'smallbiz':
            key = (ck, 'suppliers')
            if key not in self.city_tokens:
                sup = []
                for _ in range(14):
                    rail = r.choices(['ach', 'bp', 'wr'], [0.5, 0.35, 0.15])[0]
                    sup.append(('%s-%s' % (rail, hexid(r)), rail))
                self.city_tokens[key] = sup
            for tok, rail in r.sample(self.city_tokens[key], r.randint(2, 5)):
                cad = r.choice([7, 14, 14, 30, 30, 30])
                base = math.exp(r.uniform(math.log(600), math.log(15000))) * (0.5 if cad == 7 else 1)
                a.suppliers.append({'payee': tok, 'rail': rail, 'cad': cad, 'base': base,
                                    'phase': r.randrange(cad), 'bec': None})
            a.crews = ['zl-' + hexid(r) for _ in range(r.randint(1, 4))]
            a.est_tax = math.exp(r.uniform(math.log(1200), math.log(12000)))

    def gen_genuine(self, a):
        r, cal, D = self.r, self.cal, self.days
        mem = [p for p, _ in a.members]
        ck = mem[0].hh.ck
        payers = a.bill_payers
        if not payers:
            return
        sessions = {}

        def bill_session(p, d):
            key = (id(p), d)
            if key not in sessions:
                sessions[key] = [self.lsec(p), self.ctx_mode_for(p)]
            else:
                sessions[key][0] += r.randint(25, 200)
            return sessions[key]

        def pay_day(due):
            pd = [x for x in a.paydays if due - 14 <= x <= due - 1]
            if pd and r.random() < 0.75:
                return pd[-1]
            x = r.random()
            if x < 0.08:
                return due + r.randint(1, 4)
            return due - r.randint(0, 6)

        def manual(p, d, amount, payee):
            s = bill_session(p, d)
            self.emit(a, p, d, s[0], amount, payee, mode=s[1])

        # --- monthly bills
        for y, m in cal.months:
            mlen = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
            for b in a.bills:
                due = cal.idx(dt.date(y, m, min(b['dom'], mlen)))
                if due < -20 or due > D + 5:
                    continue
                amt = b['base']
                if b['season'] in ('elec', 'gas'):
                    amt *= self.season(b['season'], ck, m)
                if b['sigma']:
                    amt *= math.exp(r.gauss(0, b['sigma']))
                if b.get('minpay'):
                    amt = r.choice([35, 40, 45, 50, 60, 75])
                if b['auto']:
                    self.emit_sched(a, due, amt, b['payee'])
                    continue
                p = b['payer'] or self.pick(payers)
                d = pay_day(due)
                if b['season'] == 'card' and r.random() < 0.15:
                    manual(p, d, amt * 0.5, b['payee'])
                    self.emit(a, p, d + r.randint(7, 14), self.lsec(p), amt * 0.5, b['payee'])
                else:
                    manual(p, d, amt, b['payee'])
            # rent
            rent = getattr(a, 'rent', None)
            first = cal.idx(dt.date(y, m, 1))
            if rent:
                p = self.pick(payers if a.kind != 'student_joint' else [(mem[0], 1)])
                d = first + r.choice([-3, -2, -1, 0, 0, 0, 1, 2, 4])
                if rent[0] == 'zelle':
                    self.emit(a, p, d, self.lsec(p), rent[2], rent[1])
                else:
                    manual(p, d, rent[2], rent[1])
            rm = getattr(a, 'roommate', None)
            if rm:
                self.emit(a, mem[0], first + r.randint(-2, 2), self.lsec(mem[0]), rm[1], rm[0])
            if a.kid and a.kid[1] == 'monthly':
                p = self.pick(payers)
                self.emit(a, p, first + r.randint(0, 3), self.lsec(p), a.kid[2], a.kid[0])
        # --- paydays: savings, allowances
        for d in a.paydays:
            if a.ext and r.random() < a.save_p:
                amt = a.save_base * (1 if r.random() < 0.8 else r.uniform(1.5, 4))
                if a.save_auto:
                    self.emit_sched(a, d, a.save_base, a.ext[0])
                else:
                    p = self.pick(payers)
                    self.emit(a, p, d, self.lsec(p), round(amt / 25) * 25, r.choice(a.ext))
        if a.ext:
            for d in range(D):
                if r.random() < 0.012:
                    p = self.pick(payers)
                    amt = math.exp(r.gauss(math.log(1500), 1.0))
                    self.emit(a, p, d, self.lsec(p), max(100, round(amt / 100) * 100), r.choice(a.ext))
        if a.kid:
            step = {'weekly': 7, 'biweekly': 14, 'monthly': 0}[a.kid[1]]
            if step:
                d = r.randrange(step)
                while d < D:
                    p = self.pick(payers)
                    if cal.wd[d] == 6 or r.random() < 0.5:
                        self.emit(a, p, d, self.lsec(p), a.kid[2], a.kid[0])
                    d += step
            for d in cal.dates_in([(1, 8)]) + cal.dates_in([(8, 20)]):
                p = self.pick(payers)
                dd = d + r.randint(-4, 6)
                self.emit(a, p, dd, self.lsec(p), r.choice([200, 300, 400, 500, 750, 1000]), a.kid[0])
                if r.random() < 0.6:
                    self.emit(a, p, dd + r.randint(0, 5), self.lsec(p),
                              round(r.uniform(2000, 9000), 2), 'bp-bursar-' + a.kid[3])
        if a.kind == 'student_joint':
            parent = mem[1]
            for d in cal.dates_in([(1, 6)]) + cal.dates_in([(8, 18)]):
                if r.random() < 0.7:
                    self.emit(a, parent, d + r.randint(-5, 5), self.lsec(parent),
                              round(r.uniform(2500, 9500), 2), 'bp-bursar-' + mem[0].hh.ck)
        # --- services
        for sv in a.services:
            kind, tok, amt, cad = sv
            if kind == 'sitter':
                for d in range(D):
                    if cal.wd[d] == 5 and r.random() < 0.3:
                        p = self.pick(a.members)
                        self.emit(a, p, d, r.randint(22, 24) * 3600 + r.randrange(3600),
                                  r.choice([40, 50, 60, 70, 80, 90, 100, 120]), tok)
            elif kind == 'church':
                for d in range(D):
                    if cal.wd[d] == 6 and r.random() < 0.75:
                        p = self.pick(a.members)
                        self.emit(a, p, d, r.randint(8, 12) * 3600 + r.randrange(3600), amt, tok)
            elif kind == 'snow':
                for d in range(D):
                    x = cal.dates[d]
                    if x.month in (12, 1, 2, 3) and r.random() < 0.06:
                        p = self.pick(payers)
                        self.emit(a, p, d, self.lsec(p), amt, tok)
            else:
                d = r.randrange(cad)
                while d < D:
                    p = self.pick(payers)
                    self.emit(a, p, d, self.lsec(p), amt, tok)
                    d += cad
        aide = getattr(a, 'aide', None)
        if aide:
            for d in range(D):
                if cal.wd[d] == aide[2]:
                    self.emit(a, a.caregiver, d, self.lsec(a.caregiver), aide[1], aide[0])
        # --- small business
        if a.kind == 'smallbiz':
            self.gen_smallbiz(a)
        # --- per-person discretionary: Zelle and card
        for p, w in a.members:
            if not (p.phones or p.laptops) or w <= 0:
                continue
            scale = w if len(a.members) > 1 else 1.0
            if a.kind == 'elder_caregiver' and p is a.caregiver:
                scale = 0.08      # the caregiver's own life happens on their own account
            if a.kind == 'student_joint' and p is mem[1]:
                scale = 0.02
            self.gen_zelle(a, p, scale)
            self.gen_card(a, p, scale)
        # --- seasonal & life events
        self.gen_events(a)

    def ctx_mode_for(self, p):
        if not p.phones:
            return 'web'
        if not p.laptops:
            return 'mobile'
        return 'web' if self.r.random() < min(0.9, p.p_web * 1.5) else 'mobile'

    def gen_zelle(self, a, p, scale):
        r = self.r
        rate = p.zelle_rate * scale
        if rate <= 0:
            return
        counts = self.npr.poisson(rate * self.zel_mult)
        for d in np.nonzero(counts)[0]:
            d = int(d)
            for _ in range(int(counts[d])):
                if not p.friends or r.random() < p.p_new_friend:
                    tok = 'zl-' + hexid(r)
                    p.friends.append(tok)
                else:
                    i = min(len(p.friends) - 1, int(len(p.friends) * r.random() ** 2.2))
                    tok = p.friends[i]
                x = r.random()
                if x < 0.62:
                    amt = math.exp(r.gauss(math.log(32), 0.55))
                    ls = self.lsec(p) if r.random() < 0.55 else r.randint(20 * 3600, 23 * 3600 + 3599)
                elif x < 0.82:
                    amt = math.exp(r.gauss(math.log(120), 0.7))
                    ls = self.lsec(p)
                else:
                    amt = math.exp(r.gauss(math.log(60), 0.9))
                    ls = self.lsec(p)
                if r.random() < 0.45:
                    step = 5 if amt < 60 else 10 if amt < 200 else 50
                    amt = max(step, round(amt / step) * step)
                self.emit(a, p, d, ls, min(amt, 2500), tok)

    def gen_card(self, a, p, scale):
        r = self.r
        rate = p.card_rate * scale
        if rate > 0:
            counts = self.npr.poisson(rate * self.card_mult)
            for d in np.nonzero(counts)[0]:
                d = int(d)
                for _ in range(int(counts[d])):
                    m = MERCH_KEYS[bisect.bisect_right(MERCH_CUM, r.random() * MERCH_CUM[-1])]
                    med, sg, _ = MERCHANTS[m]
                    self.emit(a, p, d, self.lsec(p), math.exp(r.gauss(math.log(med), sg)), 'mc-' + m, card=True)
        if scale < 0.2:
            return
        cal = self.cal
        for m, amt, dom in p.subs:
            for y, mo in cal.months:
                mlen = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)).day
                d = cal.idx(dt.date(y, mo, min(dom, mlen)))
                self.emit(a, p, d, r.randint(3, 7) * 3600 + r.randrange(3600), amt, m, card=True, sub=True)
        if p.crypto:
            for d in range(self.days):
                if r.random() < 0.06:
                    self.emit(a, p, d, self.lsec(p), math.exp(r.gauss(math.log(120), 0.8)), 'mc-coinbase', card=True)
                if r.random() < 0.012:
                    self.emit(a, p, d, self.lsec(p), round(math.exp(r.gauss(math.log(1500), 0.8)) / 100) * 100,
                              'ach-coinbase-funding')
                if r.random() < 0.0015:
                    self.emit(a, p, d, self.lsec(p), round(r.uniform(5000, 20000), -2), 'wr-kraken-funding')
        if p.bettor:
            book = r.choice(['mc-draftkings', 'mc-fanduel'])
            sb = set(cal.dates_in([(2, 8), (2, 9), (2, 10), (2, 11), (2, 12), (2, 13), (2, 14)]))
            for d in range(self.days):
                x = cal.dates[d]
                nfl = x.month in (9, 10, 11, 12, 1) or (x.month == 2 and x.day < 15)
                pr = 0.02 + (0.25 if nfl and cal.wd[d] in (6, 0) else 0) + (0.5 if d in sb and cal.wd[d] == 6 else 0)
                if r.random() < pr:
                    self.emit(a, p, d, r.randint(11, 20) * 3600 + r.randrange(3600),
                              r.choice([10, 20, 25, 50, 50, 100, 100, 200, 250, 500]), book, card=True)

    def gen_smallbiz(self, a):
        r, cal, D = self.r, self.cal, self.days
        owner = a.members[0][0]
        bk = getattr(a, 'bookkeeper', None)
        for s in a.suppliers:
            d = s['phase'] - s['cad']
            while d < D:
                d += s['cad']
                pd = cal.prev_biz(d) if d >= 0 else d
                if pd < 0 or pd >= D:
                    continue
                amt = s['base'] * math.exp(r.gauss(0, 0.3))
                p = bk if (bk is not None and r.random() < 0.7) else owner
                if p is owner:
                    ls = r.choice([r.randint(6 * 3600, 8 * 3600), r.randint(17 * 3600, 21 * 3600), self.lsec(p)])
                else:
                    ls = r.randint(9 * 3600, 16 * 3600)
                payee = s['payee']
                if s['bec'] is not None and s['bec']['from'] <= pd and s['bec']['left'] > 0:
                    b = s['bec']
                    amt2 = amt * (2 if r.random() < 0.2 else r.uniform(0.95, 1.25))
                    ts = self.ts_of(p, pd, ls)
                    c = self.ctx(p, pd, (ls // 3600) % 24, mode=('web' if p is bk else None), place='home'
                                 if p is bk else None)
                    self.emit_fraud(b['inc'], a, ts, amt2, c, b['payee'])
                    b['left'] -= 1
                    continue
                self.emit(a, p, pd, ls, amt, payee, mode=('web' if p is bk else None))
        # subcontractor crews, Fridays
        for d in range(D):
            if cal.wd[d] == 4 and r.random() < 0.6:
                ls = r.randint(15 * 3600, 19 * 3600)
                for crew in a.crews:
                    if r.random() < 0.8:
                        self.emit(a, owner, d, ls, round(r.uniform(250, 2000) / 10) * 10, crew, mode='mobile'
                                  if owner.phones else None)
                        ls += r.randint(30, 300)
            if r.random() < 0.08:
                self.emit(a, owner, d, self.lsec(owner), math.exp(r.gauss(math.log(300), 0.9)),
                          r.choice(['mc-homedepot', 'mc-lowes', 'mc-grainger', 'mc-amazon']), card=True)
        for d in cal.dates_in([(1, 15), (4, 15), (6, 15), (9, 15)]):
            p = bk or owner
            self.emit(a, p, d - r.randint(0, 5), self.lsec(p), a.est_tax * math.exp(r.gauss(0, 0.1)), 'bp-irs-eftps')

    def gen_events(self, a):
        r, cal, D = self.r, self.cal, self.days
        mem = [p for p, _ in a.members]
        payers = a.bill_payers
        ck = mem[0].hh.ck
        elder = a.kind.startswith('elder')
        # Christmas gifts
        for d0 in cal.dates_in([(12, 12)]):
            if r.random() < (0.55 if not elder else 0.45):
                p = self.pick(a.members) if any(w > 0 for _, w in a.members) else self.pick(payers)
                if not (p.phones or p.laptops):
                    p = self.pick(payers)
                for _ in range(r.randint(1, 5)):
                    tok = 'zl-' + hexid(r) if (r.random() < 0.5 or not p.friends) else r.choice(p.friends)
                    self.emit(a, p, d0 + r.randint(0, 12), self.lsec(p),
                              r.choice([25, 50, 50, 100, 100, 150, 200, 250, 300, 500]), tok)
        # tax refunds and payments
        if not elder or r.random() < 0.5:
            for d0 in cal.dates_in([(2, 10)]):
                if r.random() < 0.4:
                    dd = d0 + r.randint(0, 40)
                    p = self.pick(payers)
                    refund = math.exp(r.uniform(math.log(600), math.log(7000)))
                    x = r.random()
                    if x < 0.5 and a.ext:
                        self.emit(a, p, dd + r.randint(1, 3), self.lsec(p), round(refund * 0.8, -1), a.ext[0])
                    elif x < 0.8:
                        self.emit(a, p, dd + r.randint(1, 5), self.lsec(p), refund * r.uniform(0.2, 0.6),
                                  'mc-' + r.choice(['bestbuy', 'amazon', 'wayfair', 'apple']), card=True)
                    else:
                        self.emit(a, p, dd + r.randint(1, 5), self.lsec(p), refund * 0.7,
                                  'bp-card-' + r.choice(CARD_ISSUERS))
            for d0 in cal.dates_in([(1, 20)]):
                if r.random() < 0.35:
                    p = self.pick(payers)
                    self.emit(a, p, d0 + r.randint(0, 60), self.lsec(p), r.choice([69, 89, 119, 129]) + 0.99,
                              r.choice(['mc-turbotax', 'mc-hrblock', 'mc-taxact']), card=True)
            for d0 in cal.dates_in([(2, 1)]):
                if r.random() < 0.12:
                    p = self.pick(payers)
                    dd = d0 + r.randint(0, 70)
                    self.emit(a, p, dd, self.lsec(p), math.exp(r.uniform(math.log(300), math.log(9000))),
                              'bp-irs-usataxpymt')
                    if r.random() < 0.6:
                        self.emit(a, p, dd, self.lsec(p), math.exp(r.uniform(math.log(100), math.log(2000))),
                                  'bp-dor-' + ck)
        if getattr(a, 'owner', False) and r.random() < 0.25:
            for d0 in cal.dates_in([r.choice([(12, 20), (1, 25), (2, 20)])]):
                p = self.pick(payers)
                self.emit(a, p, d0 + r.randint(0, 10), self.lsec(p),
                          math.exp(r.uniform(math.log(1200), math.log(7000))), 'bp-tax-' + ck)
        if elder and r.random() < 0.4:
            for d0 in cal.dates_in([(1, 10)]):
                p = self.pick(payers)
                self.emit(a, p, d0 + r.randint(0, 10), self.lsec(p), round(r.uniform(1000, 8000), -2),
                          'bp-irs-eftps')
        # medical
        if r.random() < 0.06 * D / 120:
            p = self.pick(payers)
            self.emit(a, p, r.randrange(D), self.lsec(p), math.exp(r.uniform(math.log(150), math.log(4000))),
                      self.token(ck, 'hosp', 4))
        # trips: airfare before, a split of the rental afterwards
        for p in mem:
            if not (p.phones or p.laptops):
                continue
            seen = set()
            for t in p.trips:
                if t[0] in seen or (a.kind == 'elder_caregiver' and p is a.caregiver):
                    continue
                seen.add(t[0])
                if r.random() < 0.6:
                    self.emit(a, p, t[0] - r.randint(7, 40), self.lsec(p),
                              math.exp(r.gauss(math.log(380), 0.5)), r.choice(['mc-southwest', 'mc-delta',
                                                                               'mc-expedia', 'mc-airbnb']), card=True)
                if r.random() < 0.35 and p.friends:
                    self.emit(a, p, t[1] + r.randint(0, 4), self.lsec(p),
                              round(math.exp(r.gauss(math.log(350), 0.6)), -1), r.choice(p.friends))
                for dd in range(t[0], t[1]):
                    if r.random() < 0.5:
                        self.emit(a, p, dd, self.lsec(p), math.exp(r.gauss(math.log(60), 0.8)),
                                  'mc-' + r.choice(['uber', 'doordash', 'airbnb', 'ticketmaster', 'amazon']), card=True)
        if a.kind in ('single', 'couple', 'parent_child') and r.random() < 0.012 * D / 120 * 4:
            self.house_purchase(a)
        if a.kind not in ('student_joint',) and not elder and r.random() < 0.02 * D / 120:
            p = self.pick(payers)
            d = r.randrange(D)
            if r.random() < 0.4:
                self.emit(a, p, d, self.lsec(p), round(r.uniform(3000, 14000), -2), 'zl-' + hexid(r))  # private seller
            else:
                self.emit(a, p, d, r.randint(10, 16) * 3600, round(r.uniform(2000, 15000), 2), self.token(ck, 'dealer', 10))
        if 'new' in a.flags:
            self.new_account_life(a)

    def house_purchase(self, a):
        r, D = self.r, self.days
        p = self.pick(a.bill_payers)
        ck = p.hh.ck
        title = self.token(ck, 'title', 8)
        d0 = r.randint(-30, max(-29, D - 10))
        self.emit(a, p, d0, r.randint(9, 16) * 3600 + r.randrange(3600), round(r.uniform(2000, 15000), -2), title)
        dc = d0 + r.randint(25, 45)
        self.emit(a, p, dc, r.randint(9, 14) * 3600 + r.randrange(3600),
                  round(math.exp(r.uniform(math.log(30000), math.log(250000))), 2), title)
        mv = dc + r.randint(3, 20)
        if 0 <= mv < D and r.random() < 0.8:
            hh = p.hh
            e = hh.timeline[0]
            c = CITY[e[1]]
            ll = (c[2] + r.gauss(0, 0.07), c[3] + r.gauss(0, 0.09))
            ip, isp_i = self.infra.home_ip(e[1])
            hh.timeline = [x for x in hh.timeline if x[0] < mv] + [(mv, e[1], ll, ip)]
            self.emit(a, p, mv - 1, self.lsec(p), round(r.uniform(600, 3500), -1), 'zl-' + hexid(r))  # movers
            for _ in range(r.randint(1, 4)):
                self.emit(a, p, mv + r.randint(0, 25), self.lsec(p), math.exp(r.gauss(math.log(400), 0.8)),
                          'mc-' + r.choice(['wayfair', 'homedepot', 'lowes', 'amazon', 'bestbuy']), card=True)

    def new_account_life(self, a):
        r = self.r
        o = a.open_day
        p = self.pick(a.bill_payers)
        ck = p.hh.ck
        x = r.random()
        if x < 0.4:        # mover: deposit and first month to a new landlord
            self.emit(a, p, o + r.randint(0, 3), self.lsec(p), round(r.uniform(1500, 4500), -1),
                      self.token(ck, 'landlord', 40))
        elif x < 0.7:      # bank switcher: sweep savings to a brokerage
            self.emit(a, p, o + r.randint(1, 7), self.lsec(p), round(r.uniform(3000, 30000), -2), 'ach-' + hexid(r))
        for _ in range(r.randint(0, 4)):
            self.emit(a, p, o + r.randint(0, 10), self.lsec(p), math.exp(r.gauss(math.log(250), 0.9)),
                      'mc-' + r.choice(['wayfair', 'amazon', 'target', 'walmart', 'ikea', 'bestbuy']), card=True)

    # ---------------------------------------------------------------- fraud
    def report_time(self, last_ts, lo, hi, p_never):
        r = self.r
        if r.random() < p_never:
            return None
        t = last_ts + r.uniform(lo, hi) * 86400
        day0 = t - t % 86400
        t2 = day0 + r.uniform(13 * 3600, 24 * 3600)   # claims desk 8am-7pm Eastern
        while t2 <= last_ts + 300:
            t2 += 86400
        return int(t2)

    def finalize_incident(self, inc, scenario, lo, hi, p_never, close_account=None):
        rows = self.pending.pop(inc, [])
        if not rows:
            return None
        last = max(x[0] for x in rows)
        rep = self.report_time(last, lo, hi, p_never)
        for x in rows:
            self.rows.append(x + (1, rep, scenario))
        if close_account is not None and rep is not None:
            close_account.close_ts = rep
        return rep

    def sround(self, x):
        """stochastic rounding: small worlds get a fraud count with the right expectation"""
        i = int(math.floor(x))
        return i + (1 if self.r.random() < x - i else 0)

    def pick_victims(self, pred, n, used):
        cands = [(a, p) for a in self.accounts if a.kind != 'fraud_new' and a.id not in used
                 for p, w in a.members if pred(a, p, w)]
        self.r.shuffle(cands)
        out = []
        for a, p in cands:
            if a.id in used:
                continue
            used.add(a.id)
            out.append((a, p))
            if len(out) >= n:
                break
        return out

    def plan_fraud(self):
        r, N, D = self.r, self.N, self.days
        used = set()
        self.fraud_plan = []
        n = lambda f: self.sround(N * f * D / 120)   # noqa: E731
        # BEC must be planned before genuine streams (it replaces a supplier payment)
        biz = [a for a in self.accounts if a.kind == 'smallbiz' and a.suppliers]
        r.shuffle(biz)
        for a in biz[:self.sround(len(biz) * 0.1 * D / 120)]:
            s = r.choice(a.suppliers)
            used.add(a.id)
            s['bec'] = {'from': r.randint(min(s['cad'], max(0, D - 5)), max(s['cad'], D - 5)),
                        'left': r.choice([1, 1, 1, 2, 2, 3]),
                        'payee': ('wr-' if (s['rail'] == 'wr' or r.random() < 0.3) else 'ach-') + hexid(r),
                        'inc': 'bec-' + a.id}
            self.fraud_plan.append(('bec', a, None))
        elders = self.pick_victims(lambda a, p, w: p.age == 'elder' and w > 0 and (p.phones or p.laptops), n(0.0045), used)
        elders += self.pick_victims(lambda a, p, w: p.age == 'adult' and a.kind == 'single', n(0.0015), used)
        for a, p in elders:
            self.fraud_plan.append(('elder', a, p))
        for a, p in self.pick_victims(lambda a, p, w: bool(p.laptops) and w > 0 and
                                      (p.age == 'elder' or r.random() < 0.4), n(0.009), used):
            self.fraud_plan.append(('tech', a, p))
        n_ato = n(0.012)
        if not self.fraud_plan and n_ato == 0 and self.N - n_fraud_new_count(self) > 0:
            n_ato = 1       # tiny worlds still get at least one incident
        for a, p in self.pick_victims(lambda a, p, w: bool(p.phones) and w > 0 and
                                      (p.age != 'elder' or r.random() < 0.2), n_ato, used):
            self.fraud_plan.append(('ato', a, p))
        mules = self.pick_victims(lambda a, p, w: a.kind in ('young', 'student_joint') and p.age in ('young', 'student')
                                  and bool(p.phones) and 'new' not in a.flags, n(0.006), used)
        for a, p in mules:
            self.fraud_plan.append(('mule', a, p))
            self.mule_tokens.append(p.token)
        nh = max(1, len(mules) // 3)
        for _ in range(nh):
            ip, geo = self.infra.hosting_ip() if r.random() < 0.6 else self.infra.vpn_ip()
            self.handlers.append({'dev': 'd-' + hexid(r, 12), 'ip': ip, 'geo': geo,
                                  'ua': 'BankApp/%s (Android 14; SM-A546U)'})
        for a in self.accounts:
            if a.kind == 'fraud_new':
                self.fraud_plan.append(('newacct', a, None))

    def run_fraud(self):
        for kind, a, p in self.fraud_plan:
            if kind == 'bec':
                self.finalize_incident('bec-' + a.id, 'bec_supplier', 12, 50, 0.2)
            elif kind == 'elder':
                self.f_elder(a, p)
            elif kind == 'tech':
                self.f_tech(a, p)
            elif kind == 'ato':
                self.f_ato(a, p)
            elif kind == 'mule':
                self.f_mule(a, p)
            elif kind == 'newacct':
                self.f_newacct(a)

    def f_elder(self, a, p):
        r, D = self.r, self.days
        inc = 'eld-' + a.id
        span = r.randint(18, 55)
        s = r.randint(0, max(0, D - 12))
        end = min(D - 1, s + span)
        n = min(r.randint(4, 14), 2 + (end - s) // 3)     # at most one payment every few days
        days = sorted(r.randint(s, end) for _ in range(n))
        a0 = r.uniform(150, 600)
        g = r.uniform(1.2, 1.55)
        friend = 'zl-' + hexid(r)
        wire = 'wr-' + hexid(r)
        pig = r.random() < 0.3
        giftcards = r.random() < 0.2
        for i, d in enumerate(days):
            amt = a0 * g ** i * math.exp(r.gauss(0, 0.15))
            if r.random() < 0.65:
                amt = max(100, round(amt, -2))
            ls = self.lsec(p)
            ts = self.ts_of(p, d, ls)
            c = self.ctx(p, d, (ls // 3600) % 24, place='home')
            if giftcards and i < 3 and r.random() < 0.6:
                for _ in range(r.randint(1, 3)):
                    self.emit_fraud(inc, a, ts, r.choice([100, 200, 250, 500]), self.as_card(c),
                                    'mc-' + r.choice(['target', 'walmart', 'apple', 'googleplay']))
                    ts += r.randint(60, 900)
                continue
            if amt <= 2500:
                payee = friend if (not pig or r.random() < 0.5) else r.choice(self.atm_tokens)
            else:
                payee = (r.choice(CRYPTO_SHARED[1:] + self.otc_wires) if pig else wire)
                amt = min(amt, r.uniform(15000, 30000))
            self.emit_fraud(inc, a, ts, amt, c, payee)
        caregiver = a.kind == 'elder_caregiver'
        if caregiver:
            self.finalize_incident(inc, 'elder_romance', 3, 30, 0.25)
        else:
            self.finalize_incident(inc, 'elder_romance', 14, 75, 0.55)

    def f_tech(self, a, p):
        r, D, cal = self.r, self.days, self.cal
        inc = 'tech-' + a.id
        d = r.randint(0, max(0, D - 2))
        sessions = [d]
        if r.random() < 0.4:
            sessions.append(d + r.randint(1, 3))
        lp, _ = self.laptop_at(p, d)
        odd = r.random() < 0.75
        kind = ALT_BROWSER.get(lp['kind'], 'chrome_old') if odd else lp['kind']
        for sd in sessions:
            if sd >= D:
                continue
            while cal.wd[sd] >= 5 and sd + 1 < D:
                sd += 1
            hrs = list(range(8, 17))
            w = [max(1e-4, 0.2 - self.hour_weight(p, h)) for h in hrs]
            h = r.choices(hrs, w)[0]
            ls = h * 3600 + r.randrange(3600)
            ts = self.ts_of(p, sd, ls)
            c = list(self.ctx(p, sd, h, mode='web', place='home'))
            c[3] = self.web_ua(kind, cal.abs[sd] - p.browser_lag, lp['safari'])
            for _ in range(r.randint(1, 3)):
                x = r.random()
                if x < 0.45:
                    payee, amt = r.choice(self.otc_wires), r.uniform(3000, 15000)
                elif x < 0.6:
                    payee, amt = r.choice(CRYPTO_SHARED[1:]), r.uniform(3000, 12000)
                else:
                    payee, amt = r.choice(self.atm_tokens), r.uniform(900, 2500)
                if r.random() < 0.5:
                    amt = round(amt, -2)
                self.emit_fraud(inc, a, ts, amt, c, payee)
                ts += r.randint(120, 900)
        self.finalize_incident(inc, 'tech_support', 0.5, 12, 0.15)

    def attacker_net(self, victim_ck, region):
        r, I = self.r, self.infra
        x = r.random()
        if x < 0.4:                      # residential proxy in the victim's city, different ISP
            ip, _ = I.home_ip(victim_ck)
            return ip, victim_ck
        if x < 0.7:
            return I.hosting_ip() if r.random() < 0.5 else I.vpn_ip()
        other = r.choice([g for g in REGIONS if g != region] or REGIONS)
        return I.carrier_ip(r.choice(CARRIERS), other)

    def f_ato(self, a, p):
        r, D, cal = self.r, self.days, self.cal
        inc = 'ato-' + a.id
        d = r.randint(0, max(0, D - 1))
        kind, ck, _ = self.where(p, d)
        if r.random() < 0.55:
            h = r.randint(0, 5)
        else:
            h = r.randint(7, 23)
        ls = h * 3600 + r.randrange(3600)
        ts = self.ts_of(p, d, ls)
        dev = 'd-' + hexid(r, 12)
        ip, geo = self.attacker_net(p.hh.ck, p.region)
        appv = self.app_ver(cal.abs[min(d, D - 1)])
        if r.random() < 0.75:
            if r.random() < 0.7:
                ua = 'BankApp/%s (Android %s; %s)' % (appv, r.choice(['14', '15']), r.choice(ANDROID_MODELS))
            else:
                ua = 'BankApp/%s (iOS %s; %s)' % (appv, r.choice(IOS_VERS), r.choice(IOS_MODELS))
            ch = 'mobile'
        else:
            ua = self.web_ua('chrome_win', cal.abs[d])
            ch = 'web'
        if ch == 'mobile' and r.random() < 0.3:
            c0 = CITY[p.hh.ck]
            lat, lon, country, city = ('%.4f' % (c0[2] + r.gauss(0, 0.05)), '%.4f' % (c0[3] + r.gauss(0, 0.05)),
                                       c0[1], c0[0])
        else:
            lat, lon, country, city = self.geo_fields(geo, 0.02)
        c = (ch, ip, dev, ua, lat, lon, country, city)
        mules = r.sample(self.mule_tokens, r.randint(2, 5))
        if r.random() < 0.4:
            self.emit_fraud(inc, a, ts, r.choice([1, 1.5, 5, 10, 25, r.uniform(1, 25)]), c, mules[0])
            ts += r.randint(120, 1800)
        total = math.exp(r.uniform(math.log(2500), math.log(20000)))
        sent = 0
        for i in range(r.randint(2, 7)):
            if sent >= total:
                break
            amt = r.uniform(300, 2500)
            if r.random() < 0.5:
                amt = round(amt, -2)
            self.emit_fraud(inc, a, ts, amt, c, mules[i % len(mules)])
            sent += amt
            ts += r.randint(60, 2700)
        if r.random() < 0.25:
            self.emit_fraud(inc, a, ts, r.uniform(1500, 9000), c, 'ach-' + hexid(r))
            ts += r.randint(60, 1800)
        if r.random() < 0.1:
            self.emit_fraud(inc, a, ts, round(r.uniform(5000, 25000), -2), c, 'wr-' + hexid(r))
        if r.random() < 0.2:     # not noticed yet: the attacker comes back the next day
            ts += 86400 + r.randint(-7200, 7200)
            for _ in range(r.randint(1, 3)):
                self.emit_fraud(inc, a, ts, round(r.uniform(300, 2500), -1), c, r.choice(mules))
                ts += r.randint(60, 1800)
        rep = self.finalize_incident(inc, 'ato_sim_swap', 0.05, 3, 0.04)
        if rep is not None and p.phones and r.random() < 0.6:
            rd = (rep - cal.epoch[0]) // 86400 + 1
            ph = dict(self.phone_at(p, rd))
            ph['id'] = 'd-' + hexid(r, 12)      # re-enrolled device after the incident
            p.phones.append((rd, ph))
            p.phones.sort(key=lambda x: x[0])

    def f_mule(self, a, p):
        r, D, cal = self.r, self.days, self.cal
        inc = 'mule-' + a.id
        s = r.randint(min(5, D - 1), max(min(5, D - 1), D - 15))
        dur = r.randint(10, 40)
        days = sorted(set(r.randint(s, min(D - 1, s + dur)) for _ in range(r.randint(3, 10))))
        handler = r.choice(self.handlers) if r.random() < 0.5 else None
        nxt = ['zl-' + hexid(r) for _ in range(3)]
        for d in days:
            h = r.randint(9, 20)
            ls = h * 3600 + r.randrange(3600) + r.randint(600, 4 * 3600)
            ts = self.ts_of(p, d, ls)
            if handler and r.random() < 0.5:
                self._last_geo = handler['geo']
                lat, lon, country, city = self.geo_fields(handler['geo'], 0.02)
                c = ('mobile', handler['ip'], handler['dev'], handler['ua'] % self.app_ver(cal.abs[d]),
                     lat, lon, country, city)
            else:
                c = self.ctx(p, d, (ls // 3600) % 24, mode='mobile' if p.phones else None)
            inbound = math.exp(r.uniform(math.log(900), math.log(9000)))
            left = inbound * r.uniform(0.88, 0.95)
            parts = r.randint(1, 3)
            for i in range(parts):
                amt = left / (parts - i) * (r.uniform(0.8, 1.2) if i < parts - 1 else 1)
                left -= amt
                x = r.random()
                if x < 0.45:
                    payee = r.choice(CRYPTO_SHARED)
                elif x < 0.8:
                    payee = r.choice(nxt)
                    amt = min(amt, 2500)
                elif x < 0.9:
                    payee = r.choice(self.atm_tokens)
                    amt = min(amt, 2500)
                else:
                    payee = 'mc-coinbase'
                    amt = min(amt, 1000)
                    self.emit_fraud(inc, a, ts, amt, self.as_card(c), payee)
                    ts += r.randint(60, 1800)
                    continue
                self.emit_fraud(inc, a, ts, amt, c, payee)
                ts += r.randint(60, 1800)
        self.finalize_incident(inc, 'mule', 3, 30, 0.35, close_account=a)

    def f_newacct(self, a):
        r, D, cal, I = self.r, self.days, self.cal, self.infra
        inc = 'new-' + a.id
        ck = r.choices(self.city_keys, self.city_w)[0]
        hh = self.new_household(ck)
        p = self.make_person(hh, r.choice(['young', 'adult']), devices=False)
        self.new_phone(p, -10 ** 6)
        p.trips = []
        a.members = [(p, 1)]
        o = r.randint(0, max(0, D - 8))
        a.open_day = o
        ph = p.phones[0][1]
        emu = r.random() < 0.25
        ua = ('BankApp/%s (Android 13; sdk_gphone64_x86_64)' if emu else
              'BankApp/%%s (%s %s; %s)' % (ph['os'], ph['osver'], ph['model']))
        x = r.random()
        if x < 0.4:
            net = lambda: I.carrier_ip(p.carrier, p.region)   # noqa: E731
        elif x < 0.8:
            fixed = I.vpn_ip() if r.random() < 0.6 else I.hosting_ip()
            net = lambda: fixed                               # noqa: E731
        else:
            fixed = (hh.timeline[0][3], ck)
            net = lambda: fixed                               # noqa: E731

        def c_at(d, card=False):
            ip, geo = net()
            lat, lon, country, city = self.geo_fields(geo, 0.02)
            if card:
                return ('card', ip, '', '', '', '', country, city)
            if not emu and p.gps and r.random() < 0.5:
                lat, lon, country, city = self.geo_fields(ck, 0.05)
            return ('mobile', ip, ph['id'], ua % self.app_ver(cal.abs[d]), lat, lon, country, city)

        for _ in range(r.randint(1, 3)):
            d = o + r.randint(0, 2)
            ls = self.lsec(p)
            if r.random() < 0.6:
                self.emit_fraud(inc, a, self.ts_of(p, d, ls), r.uniform(5, 40), c_at(d, card=True),
                                'mc-' + r.choice(['amazon', 'walmart', 'doordash', 'uber']))
            else:
                self.emit_fraud(inc, a, self.ts_of(p, d, ls), r.choice([10, 20, 25, 50]), c_at(d), 'zl-' + hexid(r))
        dep = o + r.randint(1, 4)
        payees = [r.choice(self.mule_tokens) if r.random() < 0.4 else 'zl-' + hexid(r) for _ in range(r.randint(1, 4))]
        last_dep = dep
        for k in range(r.randint(2, 6)):
            d = dep + r.randint(0, 2)
            last_dep = max(last_dep, d)
            ls = r.randint(7, 23) * 3600 + r.randrange(3600)
            c = c_at(d)
            amt = r.uniform(1000, 3500)
            if r.random() < 0.5:
                amt = round(amt, -2)
            self.emit_fraud(inc, a, self.ts_of(p, d, ls), amt, c, payees[k % len(payees)])
        for _ in range(r.randint(0, 4)):
            d = dep + r.randint(0, 3)
            self.emit_fraud(inc, a, self.ts_of(p, d, self.lsec(p)), r.uniform(150, 1200), c_at(d, card=True),
                            'mc-' + r.choice(['bestbuy', 'apple', 'giftcardmall', 'walmart', 'target']))
        rows = self.pending.get(inc, [])
        if rows:
            # the check is returned 2-10 days after deposit; the case opens then (at the earliest after
            # the last payment)
            last = max(x[0] for x in rows)
            dep_ts = cal.epoch[min(dep, len(cal.epoch) - 1)]
            base = max(last, dep_ts + r.uniform(2, 10) * 86400)
            self.pending[inc] = rows
            self.finalize_incident(inc, 'new_account', (base - last) / 86400, (base - last) / 86400 + 0.5, 0.08,
                                   close_account=a)

    # ---------------------------------------------------------------- main
    def generate(self):
        self.build()
        for a in self.accounts:
            if a.kind != 'fraud_new':
                self.plan_account(a)
        self.plan_fraud()
        for a in self.accounts:
            if a.kind != 'fraud_new':
                self.gen_genuine(a)
        self.run_fraud()
        t0, t1 = self.cal.epoch[0], self.cal.epoch[self.days]
        closed = {a.id: a.close_ts for a in self.accounts if a.close_ts is not None}
        rows = [x for x in self.rows if t0 <= x[0] < t1 and not (x[1] in closed and x[12] == 0 and x[0] > closed[x[1]])]
        rows.sort(key=lambda x: (x[0], x[1]))
        return rows


def n_fraud_new_count(w):
    return sum(1 for a in w.accounts if a.kind == 'fraud_new')


def iso(ts):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ts))


HEADER = ['transaction_id', 'customer_id', 'timestamp', 'amount', 'currency', 'channel', 'ip', 'device_id',
          'user_agent', 'lat', 'lon', 'country', 'city', 'payee_id', 'is_fraud', 'fraud_reported_at', 'scenario']


def write(rows, path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'wt', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i, x in enumerate(rows):
            w.writerow(('tx-%08d' % (i + 1), x[1], iso(x[0]), '%.2f' % x[2], 'USD', x[3], x[4], x[5], x[6],
                        x[7], x[8], x[9], x[10], x[11], x[12], iso(x[13]) if x[13] is not None else '', x[14]))


def main(argv=None):
    ap = argparse.ArgumentParser(description='jointbank: synthetic US regional-bank payment replay (joint accounts)')
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--customers', type=int, default=2600, help='number of accounts')
    ap.add_argument('--days', type=int, default=120)
    ap.add_argument('--start', default='2025-11-17', help='first day (UTC), YYYY-MM-DD')
    ap.add_argument('--out', default='world-jointbank.csv.gz')
    args = ap.parse_args(argv)
    if args.customers < 1 or args.days < 1:
        ap.error('--customers and --days must be positive')
    start = dt.date.fromisoformat(args.start)
    t = time.time()
    w = World(args.seed, args.customers, args.days, start)
    rows = w.generate()
    write(rows, args.out)
    nf = sum(x[12] for x in rows)
    print('%s: %d rows, %d accounts, %d fraud rows (%.3f%%), %.1fs' % (
        args.out, len(rows), args.customers, nf, 100.0 * nf / max(1, len(rows)), time.time() - t), file=sys.stderr)


if __name__ == '__main__':
    main()
