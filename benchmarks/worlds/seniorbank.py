"""seniorbank: outgoing payments of a cross-border savings bank whose customers skew old.

Run:  python -m benchmarks.worlds.seniorbank --out world-seniorbank.csv.gz
      [--seed 7] [--customers 8000] [--days 120] [--start 2025-10-01]

The world
---------
"Sparkasse Inn-Salzach" (fictional), a regional savings bank on both sides of
the German-Austrian border: Lower Bavaria around Passau, the Inn valley
(Altötting, Burghausen, Simbach), the Rupertiwinkel (Freilassing, Bad
Reichenhall, Berchtesgaden), the city of Salzburg with Hallein and Bad Ischl,
the Innviertel (Braunau, Schärding, Ried) and Linz/Wels. Every amount is EUR.
Half of the customers are over 60 (about one in five over 75). Times are drawn
in local time (CET/CEST; the Canaries are an hour behind) and written in UTC.

Only outgoing payments are rows: SEPA credit transfers entered in online
banking (`web` = a browser, `mobile` = the bank's app), card payments in shops
(`card_present`, no device or IP; lat/lon/city/country are the shop's) and
online (`card_online`: the 3-D Secure browser data gives IP and user agent when
present, merchant-initiated subscriptions carry neither), and standing orders
executed by the bank's night batch (`standing_order`, no device, IP or place).
`payee_id` is an IBAN for transfers and `m-<merchant>[-<town>-<n>]` for cards.
Location fields say where the payer was: the shop, the phone's GPS (for the
app, when location is granted), otherwise the geolocation of the IP (a city
centroid; mobile-carrier IPs geolocate to the carrier's hub in Frankfurt,
Düsseldorf, Munich or Vienna).

Networks: each household has a DSL or cable line. Telekom, O2, 1&1 and A1 DSL
addresses are reassigned every day (the forced nightly reconnect) within a
handful of the ISP's /16 ranges for that region, which geolocate to the
regional hub or to Munich/Vienna; Vodafone and Magenta cable addresses last
for weeks. Phones away from home use carrier CGNAT addresses shared by
thousands; some employers' Wi-Fi (a chemical plant, a hospital, a car plant)
is one NAT address for all their staff. Spouses who are both customers share
the household PC and line. Hotels in the Canaries are one NAT address for
every guest.

Genuine behaviour
-----------------
Older customers pay rarely: card payments a few times a week or less (they
still pay most things in cash) at the same supermarket, pharmacy, bakery,
butcher and petrol station in their town, mostly in the morning, Monday to
Saturday (shops are closed on Sundays and holidays; bakeries and petrol
stations are not). People near the border fill up in Austria and buy at the
German dm. Bank transfers come from a desktop PC (Windows 7/8.1 with Chrome
109, Windows 10 with Firefox ESR or an auto-updating Edge/Chrome) or from a
tablet (an old iPad, a Galaxy Tab; browser or app), a few days after the
pension arrives (German pensions on the last bank working day of the month,
Austrian ones on the first): the care service's or meals-on-wheels' monthly
invoice (almost the same amount every month), mail-order catalogues bought on
invoice, the doctor's private bill, the municipality, the Rundfunkbeitrag,
a donation, money to the children. Few new payees, but they exist: a
tradesman, a new doctor. The calendar adds heating oil in October-November
(1,500-4,000 EUR to a regional dealer), the property tax on 15 November, car
insurance due on 1 January, the annual newspaper subscription and club fees in
January, donations in Advent, and in December several transfers within minutes
to each grandchild (new-looking payees, round amounts). Some book a cruise or a
Kur in January; a few buy a car (a deposit, then 8,000-45,000 EUR to a car
dealer). About one in sixteen over 65 winters for one to three months in
Mallorca, the Costa Blanca/del Sol or the Canaries: card payments in Spain and
transfers from a tablet or phone on the apartment's Spanish DSL or the hotel's
Wi-Fi. Some elderly customers are helped by a son or daughter who pays their
bills from the child's own laptop or phone in Munich, Vienna, Berlin ... (often
the child is a customer too, so the device belongs to two customers).

Younger customers use the app on their phones (home Wi-Fi in the evening,
cellular or the employer's Wi-Fi in the day), pay more often, shop online
(Amazon, Zalando, Temu, Lieferando, rail and flight tickets, Black Friday and
Christmas peaks), pay PayPal and Klarna by transfer, send money to friends
(small, often round amounts, new friends now and then), buy from private
sellers (a new payee each time), have rent and savings plans as standing
orders, subscriptions on the card, and travel (Prague, Vienna, ski weekends,
sometimes Thailand).

Devices change: Windows 10 support ended in October 2025, so some older
customers get a new Windows 11 PC (a new device id and user agent); some get a
new iPad for Christmas; young people get new phones at Christmas; a few
browsers lose their cookie (new device id) every couple of weeks; Chrome and
Edge update every four weeks; the bank's app 6.0 (released about 45 % into
the period) changes the app's user-agent format and is installed with a
per-device lag of days to weeks.

Fraud scenarios (`scenario`; `is_fraud` = 1)
--------------------------------------------
All rows of an incident share one `fraud_reported_at` (after its last row, in
office hours, possibly after the end of the file) or leave it empty when the
fraud was never reported. Fraud is about 0.2-0.5 % of rows.

* `grandchild_shock_call` - a 68+ customer gets a call from a fake grandchild
  ("accident, I need bail") or fake police ("your savings are not safe") and
  transfers 1,000-30,000 EUR in round-ish amounts to a new payee (money mules
  at a neobank or a high-street bank, sometimes reused across victims) from
  their own PC or tablet at home, on a weekday morning; sometimes several
  transfers over two days to get around the daily limit. Often reported late by
  relatives (days to weeks), 15 % never.
* `tech_support_remote_access` - a fake Microsoft/bank support agent controls
  the 55+ victim's own PC through a remote-access tool: same device id, user
  agent and home IP, but two to six transfers of 500-4,990 EUR to new payees
  at banks abroad (LT, LV, EE, CY, PT, ...) within about an hour. Reported in
  hours to days; the PC is then reinstalled (new device id).
* `phishing_takeover` - credentials phished by a fake "pushTAN renewal" SMS;
  the fraudster enrols a new device (a recent Windows browser or an Android
  phone with the current app) and pays from a German residential proxy (an
  ordinary Telekom/Vodafone address in another city), a VPN datacenter or a
  carrier address, often in the evening or at night: an optional small test,
  then one to five transfers to mules or a crypto broker.
* `card_skimming` - the card is copied at a cash machine; days to weeks later
  it is used online (gift cards, electronics, gambling, travel; foreign or no
  IP) or, as a magnetic-stripe clone, in shops abroad (Bali, Bangkok, Bogotá,
  Miami, ...) while the victim is at home. Reported from the next day to the
  monthly statement, older victims later.
* `invoice_redirection` - the e-mail of a care service, cleaner, tutor or
  tradesman is compromised and an invoice arrives with a new IBAN: the
  customer pays the usual amount (or a tradesman's final invoice) to a new
  payee, from the usual device, network and hour, and that month's genuine
  payment to the real provider is missing. Sometimes the next month's invoice
  too, until the provider asks where the money is (2-7 weeks).
* `stolen_card` - a purse or wallet stolen at the market or in a supermarket
  (in Spain for winterers): within hours the card is used contactless at other
  shops nearby (kiosks, petrol stations, drugstores, electronics), mostly under
  the 50 EUR no-PIN limit, bigger when the PIN was in the purse. Reported
  within hours to days; the customer has no card until the new one arrives.
* `friendly_chargeback` - first-party: the customer buys online (electronics,
  fashion, travel) from their own device and network as usual, then claims the
  goods never arrived or the payment was not theirs. Reported when the
  chargeback is filed (2-11 weeks), 15 % never.
"""
from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import gzip
import hashlib
import math
import random
import sys
import time
from collections import Counter, defaultdict

import numpy as np

# ------------------------------------------------------------------ geography
# name -> (lat, lon, country, zone); zone 'CET' (Germany, Austria, mainland Spain,
# Balearics...) or 'WET' (Canaries) or a fixed UTC offset for far-away places
CITY = {
    'Passau': (48.5667, 13.4319, 'DE', 'CET'), 'Vilshofen an der Donau': (48.6336, 13.1833, 'DE', 'CET'),
    'Pocking': (48.4008, 13.3131, 'DE', 'CET'), 'Bad Füssing': (48.3500, 13.3117, 'DE', 'CET'),
    'Freyung': (48.8072, 13.5436, 'DE', 'CET'), 'Hauzenberg': (48.6497, 13.6258, 'DE', 'CET'),
    'Altötting': (48.2264, 12.6769, 'DE', 'CET'), 'Burghausen': (48.1692, 12.8314, 'DE', 'CET'),
    'Simbach am Inn': (48.2656, 13.0233, 'DE', 'CET'), 'Traunstein': (47.8686, 12.6431, 'DE', 'CET'),
    'Bad Reichenhall': (47.7247, 12.8769, 'DE', 'CET'), 'Freilassing': (47.8400, 12.9775, 'DE', 'CET'),
    'Berchtesgaden': (47.6314, 13.0019, 'DE', 'CET'), 'Salzburg': (47.8095, 13.0550, 'AT', 'CET'),
    'Hallein': (47.6833, 13.1000, 'AT', 'CET'), 'Bad Ischl': (47.7119, 13.6239, 'AT', 'CET'),
    'Braunau am Inn': (48.2567, 13.0344, 'AT', 'CET'), 'Schärding': (48.4569, 13.4317, 'AT', 'CET'),
    'Ried im Innkreis': (48.2106, 13.4889, 'AT', 'CET'), 'Linz': (48.3069, 14.2858, 'AT', 'CET'),
    'Wels': (48.1575, 14.0289, 'AT', 'CET'),
    # hubs, relatives' cities, geolocation centroids
    'Deggendorf': (48.8353, 12.9644, 'DE', 'CET'), 'Mühldorf am Inn': (48.2456, 12.5228, 'DE', 'CET'),
    'Rosenheim': (47.8561, 12.1289, 'DE', 'CET'), 'München': (48.1374, 11.5755, 'DE', 'CET'),
    'Regensburg': (49.0134, 12.1016, 'DE', 'CET'), 'Nürnberg': (49.4521, 11.0767, 'DE', 'CET'),
    'Frankfurt am Main': (50.1109, 8.6821, 'DE', 'CET'), 'Düsseldorf': (51.2277, 6.7735, 'DE', 'CET'),
    'Berlin': (52.5200, 13.4050, 'DE', 'CET'), 'Hamburg': (53.5511, 9.9937, 'DE', 'CET'),
    'Stuttgart': (48.7758, 9.1829, 'DE', 'CET'), 'Köln': (50.9375, 6.9603, 'DE', 'CET'),
    'Leipzig': (51.3397, 12.3731, 'DE', 'CET'), 'Dortmund': (51.5136, 7.4653, 'DE', 'CET'),
    'Dingolfing': (48.6300, 12.4981, 'DE', 'CET'), 'Augsburg': (48.3705, 10.8978, 'DE', 'CET'),
    'Wien': (48.2082, 16.3738, 'AT', 'CET'), 'Graz': (47.0707, 15.4395, 'AT', 'CET'),
    'Innsbruck': (47.2692, 11.4041, 'AT', 'CET'), 'Kitzbühel': (47.4464, 12.3922, 'AT', 'CET'),
    'Saalbach': (47.3914, 12.6364, 'AT', 'CET'),
    # trips
    'Praha': (50.0755, 14.4378, 'CZ', 'CET'), 'Český Krumlov': (48.8127, 14.3175, 'CZ', 'CET'),
    'Venezia': (45.4408, 12.3155, 'IT', 'CET'), 'Milano': (45.4642, 9.1900, 'IT', 'CET'),
    'Roma': (41.9028, 12.4964, 'IT', 'CET'), 'Barcelona': (41.3874, 2.1686, 'ES', 'CET'),
    'London': (51.5072, -0.1276, 'GB', 'WET'), 'Amsterdam': (52.3676, 4.9041, 'NL', 'CET'),
    'Bangkok': (13.7563, 100.5018, 'TH', 7), 'Phuket': (7.8804, 98.3923, 'TH', 7),
    'Dubai': (25.2048, 55.2708, 'AE', 4),
    # Spanish winter places
    'Palma': (39.5696, 2.6502, 'ES', 'CET'), 'Cala Millor': (39.5980, 3.3833, 'ES', 'CET'),
    'Benidorm': (38.5411, -0.1225, 'ES', 'CET'), 'Torrevieja': (37.9787, -0.6822, 'ES', 'CET'),
    'Torremolinos': (36.6220, -4.4999, 'ES', 'CET'), 'Maspalomas': (27.7606, -15.5860, 'ES', 'WET'),
    'Puerto de la Cruz': (28.4142, -16.5481, 'ES', 'WET'), 'Los Cristianos': (28.0527, -16.7160, 'ES', 'WET'),
    'Puerto del Carmen': (28.9227, -13.6646, 'ES', 'WET'), 'Madrid': (40.4168, -3.7038, 'ES', 'CET'),
    # fraud places
    'Denpasar': (-8.6500, 115.2167, 'ID', 8), 'Bogotá': (4.7110, -74.0721, 'CO', -5),
    'Miami': (25.7617, -80.1918, 'US', -5), 'Punta Cana': (18.5820, -68.4050, 'DO', -4),
    'Lima': (-12.0464, -77.0428, 'PE', -5), 'Kuala Lumpur': (3.1390, 101.6869, 'MY', 8),
    'Bucureşti': (44.4268, 26.1025, 'RO', 2), 'Sofia': (42.6977, 23.3219, 'BG', 2),
    'Vilnius': (54.6872, 25.2797, 'LT', 2), 'Riga': (56.9496, 24.1052, 'LV', 2),
    'Lagos': (6.5244, 3.3792, 'NG', 1), 'Istanbul': (41.0082, 28.9784, 'TR', 3),
    'Zürich': (47.3769, 8.5417, 'CH', 'CET'),
}

# home towns: name, region, weight (share of customers)
TOWNS = [('Passau', 'passau', 10), ('Vilshofen an der Donau', 'passau', 3), ('Pocking', 'passau', 3),
         ('Bad Füssing', 'passau', 2), ('Freyung', 'passau', 2), ('Hauzenberg', 'passau', 2),
         ('Altötting', 'inn', 3), ('Burghausen', 'inn', 4), ('Simbach am Inn', 'inn', 2),
         ('Traunstein', 'rupert', 3), ('Bad Reichenhall', 'rupert', 3), ('Freilassing', 'rupert', 3),
         ('Berchtesgaden', 'rupert', 2), ('Salzburg', 'salzburg', 9), ('Hallein', 'salzburg', 2),
         ('Bad Ischl', 'salzburg', 2), ('Braunau am Inn', 'innviertel', 3), ('Schärding', 'innviertel', 2),
         ('Ried im Innkreis', 'innviertel', 3), ('Linz', 'linz', 5), ('Wels', 'linz', 3)]
REGION_TOWNS = defaultdict(list)
for _t, _r, _w in TOWNS:
    REGION_TOWNS[_r].append(_t)
# where a region's DSL addresses geolocate
REGION_GEO = {'passau': ['Passau', 'Passau', 'Deggendorf', 'München'],
              'inn': ['Altötting', 'Mühldorf am Inn', 'München'],
              'rupert': ['Traunstein', 'Rosenheim', 'München'],
              'salzburg': ['Salzburg', 'Salzburg', 'Wien'],
              'innviertel': ['Ried im Innkreis', 'Linz', 'Wien'],
              'linz': ['Linz', 'Linz', 'Wien']}
REGION_SHOPTOWN = {'passau': 'Passau', 'inn': 'Burghausen', 'rupert': 'Traunstein', 'salzburg': 'Salzburg',
                   'innviertel': 'Ried im Innkreis', 'linz': 'Linz'}
# across the border: where people fill up (Austria is cheaper) or go to the German dm
BORDER_TWIN = {'Passau': 'Schärding', 'Pocking': 'Schärding', 'Bad Füssing': 'Schärding',
               'Simbach am Inn': 'Braunau am Inn', 'Burghausen': 'Braunau am Inn',
               'Freilassing': 'Salzburg', 'Bad Reichenhall': 'Salzburg', 'Berchtesgaden': 'Salzburg',
               'Salzburg': 'Freilassing', 'Hallein': 'Freilassing', 'Braunau am Inn': 'Simbach am Inn',
               'Schärding': 'Passau'}
RELATIVE_CITIES = [('München', 8), ('Wien', 5), ('Regensburg', 3), ('Nürnberg', 3), ('Berlin', 2), ('Hamburg', 1),
                   ('Stuttgart', 2), ('Graz', 2), ('Innsbruck', 2), ('Frankfurt am Main', 1), ('Augsburg', 2),
                   ('Passau', 3), ('Salzburg', 3), ('Linz', 3)]
WINTER_PLACES = [('Palma', 4), ('Cala Millor', 2), ('Benidorm', 3), ('Torrevieja', 2), ('Torremolinos', 2),
                 ('Maspalomas', 4), ('Puerto de la Cruz', 3), ('Los Cristianos', 2), ('Puerto del Carmen', 2)]
TRIP_PLACES = [('Praha', 4, 'CZ'), ('Český Krumlov', 2, 'CZ'), ('Venezia', 2, 'IT'), ('Milano', 1, 'IT'),
               ('Roma', 2, 'IT'), ('Barcelona', 2, 'ES'), ('London', 1, 'GB'), ('Amsterdam', 1, 'NL'),
               ('Wien', 3, 'AT'), ('München', 3, 'DE'), ('Kitzbühel', 2, 'AT'), ('Saalbach', 2, 'AT'),
               ('Bangkok', 1, 'TH'), ('Phuket', 1, 'TH'), ('Dubai', 1, 'AE'), ('Berlin', 2, 'DE')]

# ------------------------------------------------------------------ networks
def _r16(a, lo, hi):
    return ['%d.%d' % (a, b) for b in range(lo, hi)]


# ISP -> (country, how often the line's address changes, /16 ranges)
ISP = {
    'telekom': ('DE', 'daily', _r16(79, 192, 256) + _r16(91, 0, 64) + _r16(93, 192, 256) + _r16(217, 224, 256)
                + _r16(87, 128, 192) + _r16(84, 128, 192)),
    'vodafone': ('DE', 'weeks', _r16(95, 88, 92) + _r16(188, 192, 196) + _r16(178, 24, 28) + _r16(88, 64, 80)),
    'o2': ('DE', 'daily', _r16(77, 176, 192) + _r16(89, 12, 16) + _r16(93, 128, 136)),
    '1und1': ('DE', 'daily', _r16(87, 122, 124) + _r16(212, 114, 116) + _r16(213, 168, 172)),
    'a1': ('AT', 'daily', _r16(77, 116, 120) + _r16(80, 120, 124) + _r16(91, 112, 116) + _r16(62, 46, 48)),
    'magenta': ('AT', 'weeks', _r16(84, 112, 120) + _r16(62, 178, 180) + _r16(80, 108, 112)),
    'salzburg-ag': ('AT', 'weeks', _r16(81, 10, 12) + _r16(195, 16, 17)),
    'movistar': ('ES', 'weeks', _r16(83, 32, 64) + _r16(88, 0, 32) + _r16(80, 24, 32)),
    'orange-es': ('ES', 'weeks', _r16(90, 160, 192)),
    'vodafone-es': ('ES', 'weeks', _r16(31, 4, 8) + _r16(95, 120, 128)),
}
ISP_SHARE = {'DE': [('telekom', 50), ('vodafone', 20), ('o2', 15), ('1und1', 15)],
             'AT': [('a1', 55), ('magenta', 35), ('salzburg-ag', 10)],
             'ES': [('movistar', 55), ('orange-es', 25), ('vodafone-es', 20)]}
# carrier CGNAT: (/16 ranges, where they geolocate)
MOBILE = {'DE': [(['80.187', '80.226'], 'Frankfurt am Main', 40), (_r16(109, 40, 44), 'Düsseldorf', 30),
                 (['82.113', '176.0'], 'München', 30)],
          'AT': [(['194.24', '213.225'], 'Wien', 50), (['91.115', '89.144'], 'Wien', 35), (['178.165'], 'Wien', 15)],
          'ES': [(['176.83', '37.10'], 'Madrid', 60), (['62.83'], 'Madrid', 40)]}
# employers whose Wi-Fi is one NAT address for all staff
EMPLOYERS = {'Burghausen': ('195.200.70.%d', 'Burghausen'), 'Passau': ('194.95.104.%d', 'Passau'),
             'Salzburg': ('193.170.48.%d', 'Salzburg'), 'Linz': ('193.186.160.%d', 'Linz'),
             'Altötting': ('212.18.30.%d', 'Altötting'), 'Traunstein': ('85.183.3.%d', 'Traunstein'),
             'Ried im Innkreis': ('213.185.174.%d', 'Linz')}
# VPN / hosting egress (fraud): prefix pattern, geolocated city
DATACENTER = [('185.213.154.%d', 'Frankfurt am Main'), ('89.187.171.%d', 'Frankfurt am Main'),
              ('138.199.36.%d', 'Wien'), ('5.180.62.%d', 'Amsterdam'), ('193.176.86.%d', 'Zürich'),
              ('88.198.%d.%d', 'Nürnberg'), ('51.89.%d.%d', 'Frankfurt am Main'), ('45.87.212.%d', 'Düsseldorf')]
FOREIGN_IP = {'LT': ('78.58.%d.%d', 'Vilnius'), 'RO': ('86.120.%d.%d', 'Bucureşti'), 'NG': ('105.112.%d.%d', 'Lagos'),
              'TR': ('88.230.%d.%d', 'Istanbul'), 'BG': ('46.10.%d.%d', 'Sofia'), 'US': ('73.85.%d.%d', 'Miami'),
              'CO': ('181.49.%d.%d', 'Bogotá'), 'ID': ('114.122.%d.%d', 'Denpasar'), 'MY': ('175.139.%d.%d', 'Kuala Lumpur')}

# ------------------------------------------------------------------ merchants
CHAINS = {'DE': {'supermarket': ['edeka', 'rewe', 'aldi-sued', 'lidl', 'netto', 'penny', 'kaufland', 'norma'],
                 'drugstore': ['dm', 'rossmann', 'mueller'], 'petrol': ['aral', 'shell', 'jet', 'esso', 'agip'],
                 'diy': ['obi', 'hornbach', 'bauhaus'], 'clothes': ['c-und-a', 'kik', 'ernstings-family', 'woolworth'],
                 'electronics': ['mediamarkt', 'expert']},
          'AT': {'supermarket': ['billa', 'spar', 'hofer', 'lidl', 'penny', 'merkur', 'unimarkt'],
                 'drugstore': ['dm', 'bipa', 'mueller'], 'petrol': ['omv', 'bp', 'eni', 'turmoel', 'avanti'],
                 'diy': ['obi', 'hornbach', 'lagerhaus'], 'clothes': ['c-und-a', 'kik', 'hm'],
                 'electronics': ['mediamarkt', 'hartlauer']},
          'XX': {'supermarket': ['carrefour', 'spar', 'tesco', 'coop', 'albert', 'conad', 'ah'],
                 'drugstore': ['boots', 'dm', 'watsons'], 'petrol': ['shell', 'bp', 'total'], 'diy': ['obi'],
                 'clothes': ['hm', 'zara', 'uniqlo'], 'electronics': ['mediamarkt', 'apple-store']},
          'ES': {'supermarket': ['mercadona', 'carrefour', 'lidl', 'spar', 'hiperdino', 'eroski'],
                 'drugstore': ['farmacia', 'primor'], 'petrol': ['repsol', 'cepsa', 'disa'],
                 'diy': ['leroy-merlin'], 'clothes': ['zara', 'primark'], 'electronics': ['mediamarkt']}}
INDEPENDENT = ['bakery', 'butcher', 'pharmacy', 'cafe', 'restaurant', 'florist', 'bookshop', 'optician', 'kiosk']
# category -> (median EUR, log-sd, opening hours (from, to), open on Sundays/holidays)
CAT = {'supermarket': (28, 0.6, (7, 20), False), 'bakery': (6.5, 0.5, (6, 18), True),
       'butcher': (17, 0.5, (7, 18), False), 'pharmacy': (16, 0.8, (8, 19), False),
       'drugstore': (15, 0.6, (8, 20), False), 'petrol': (55, 0.35, (6, 22), True),
       'cafe': (12, 0.6, (8, 18), True), 'restaurant': (38, 0.55, (11, 22), True),
       'florist': (24, 0.5, (8, 18), False), 'bookshop': (18, 0.5, (9, 19), False),
       'optician': (95, 1.0, (9, 18), False), 'kiosk': (9, 0.6, (6, 19), False),
       'diy': (42, 0.9, (8, 20), False), 'clothes': (55, 0.6, (9, 20), False),
       'electronics': (120, 1.0, (9, 20), False)}
# usual-shop category weights by age band (index 0..4)
POS_MIX = {'supermarket': [30, 30, 30, 32, 34], 'bakery': [6, 8, 10, 14, 16], 'butcher': [1, 2, 4, 7, 9],
           'pharmacy': [3, 4, 6, 10, 13], 'drugstore': [10, 10, 8, 6, 4], 'petrol': [10, 12, 12, 9, 4],
           'cafe': [8, 6, 6, 6, 6], 'restaurant': [10, 9, 8, 6, 4], 'florist': [1, 1, 2, 3, 4],
           'bookshop': [2, 2, 2, 2, 2], 'kiosk': [4, 3, 3, 3, 3], 'diy': [2, 4, 4, 2, 1], 'clothes': [7, 6, 4, 2, 1],
           'electronics': [3, 2, 1, 0.5, 0.2], 'optician': [0, 0.3, 0.5, 0.6, 0.6]}
# online card merchants: id -> (median, log-sd, weight young, weight old)
ONLINE = {'amazon-eu': (34, 0.9, 30, 20), 'zalando': (70, 0.6, 8, 1), 'otto': (75, 0.8, 3, 3), 'temu': (24, 0.7, 6, 1),
          'shein': (35, 0.6, 4, 0), 'lieferando': (27, 0.4, 10, 0.5), 'ebay': (32, 0.9, 5, 2),
          'deutschebahn': (45, 0.8, 5, 2), 'oebb': (38, 0.8, 4, 2), 'booking-com': (230, 0.7, 3, 1),
          'eurowings': (140, 0.6, 2, 1), 'ryanair': (95, 0.6, 2, 0.3), 'apple-com-bill': (4.99, 1.0, 6, 1),
          'google-play': (5.99, 1.0, 4, 0.5), 'steam': (22, 0.8, 3, 0), 'mediamarkt-online': (140, 1.0, 3, 1),
          'shop-apotheke': (32, 0.7, 2, 8), 'tchibo': (30, 0.7, 1, 6), 'qvc-de': (48, 0.6, 0.2, 5),
          'bader-versand': (55, 0.5, 0, 4), 'weltbild': (19, 0.5, 0.3, 3), 'zooplus': (42, 0.5, 2, 2),
          'flixbus': (29, 0.5, 2, 0.2), 'ikea-online': (85, 0.9, 2, 0.5), 'thalia': (18, 0.5, 1, 2)}
SUBSCRIPTIONS = [('netflix', 13.99), ('spotify', 11.99), ('disney-plus', 9.99), ('amazon-prime', 8.99),
                 ('apple-icloud', 2.99), ('dazn', 34.99), ('sky-at', 25.00), ('youtube-premium', 12.99)]
FRAUD_ONLINE = ['giftcard-mall', 'g2a', 'eneba', 'cyberport', 'alternate', 'notebooksbilliger', 'apple-store-online',
                'binance-card', 'stake-casino', 'trip-com', 'farfetch', 'luisaviaroma', 'wish', 'razer-gold']
FRAUD_POS_ABROAD = ['jewellery', 'electronics', 'duty-free', 'luxury', 'supermarket', 'liquor', 'hotel']

# ------------------------------------------------------------------ people
BANDS = ['18-29', '30-44', '45-59', '60-74', '75+']
BAND_SHARE = [12, 17, 21, 29, 21]
BAND_AGE = [(18, 29), (30, 44), (45, 59), (60, 74), (75, 93)]

WIN_OLD = {'win7-chrome109': 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                             'Chrome/109.0.0.0 Safari/537.36',
           'win81-chrome109': 'Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                              'Chrome/109.0.0.0 Safari/537.36',
           'win10-ff115': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
           'win7-ff115': 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
           'win10-ff128': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'}
IPAD = [('15_8', '15.6.6'), ('16_7_10', '16.6'), ('17_7', '17.6'), ('18_6', '18.6'), ('12_5_7', '12.1.2')]
ANDROID_TAB = [('11', 'SM-T505'), ('13', 'SM-X200'), ('12', 'SM-T220'), ('14', 'SM-X110'), ('10', 'Lenovo TB-X606F')]
PHONES_YOUNG = [('android', '14', 'SM-A546B'), ('android', '15', 'SM-S921B'), ('android', '14', 'SM-A556B'),
                ('android', '15', 'Pixel 8'), ('android', '14', 'moto g54 5G'), ('android', '13', '2201117TY'),
                ('ios', '18.6', 'iPhone14,5'), ('ios', '18.6', 'iPhone15,4'), ('ios', '26.0', 'iPhone16,2'),
                ('ios', '18.5', 'iPhone13,2'), ('ios', '26.1', 'iPhone17,3'), ('android', '15', 'SM-S931B')]
PHONES_OLD = [('android', '13', 'SM-A145R'), ('android', '12', 'emporiaSMART.5'), ('android', '13', 'Doro 8100'),
              ('ios', '16.7.10', 'iPhone10,4'), ('ios', '17.7', 'iPhone12,8'), ('android', '14', 'SM-A256B'),
              ('ios', '18.6', 'iPhone14,6'), ('android', '11', 'SM-A125F')]
APP_OLD, APP_NEW = 'InnSalzachApp', 'InnSalzach'

IBAN_LEN = {'DE': 22, 'AT': 20, 'ES': 24, 'LT': 20, 'LV': 21, 'EE': 20, 'CY': 28, 'PT': 25, 'GB': 22, 'HR': 21,
            'BG': 22, 'NL': 18, 'BE': 16, 'FR': 27, 'IE': 22, 'LU': 20, 'MT': 31, 'IT': 27, 'PL': 28, 'RO': 24}


def slug(s):
    t = s.lower()
    for a, b in (('ä', 'ae'), ('ö', 'oe'), ('ü', 'ue'), ('ß', 'ss'), ('é', 'e'), ('á', 'a'), ('í', 'i'),
                 ('ó', 'o'), ('ñ', 'n'), ('č', 'c'), ('ş', 's'), ('ý', 'y')):
        t = t.replace(a, b)
    out = ''.join(ch if ch.isalnum() else '-' for ch in t)
    while '--' in out:
        out = out.replace('--', '-')
    return out.strip('-')


def srng(*parts):
    """A random stream that depends only on its name (python's hash() is salted)."""
    return random.Random(int(hashlib.sha256(repr(parts).encode()).hexdigest()[:16], 16))


def iban(r, cc, bank=''):
    n = IBAN_LEN.get(cc, 22) - 4 - len(bank)
    return cc + '%02d' % r.randint(2, 98) + bank + '%0*d' % (n, r.randrange(10 ** n))


def named_iban(name, cc='DE'):
    return iban(srng('payee', name), cc)


def wchoice(r, items):
    """items: [(value, weight)]"""
    tot = sum(w for _, w in items)
    x = r.random() * tot
    for v, w in items:
        x -= w
        if x < 0:
            return v
    return items[-1][0]


def lognorm(r, med, sd):
    return med * math.exp(r.gauss(0.0, sd))


def easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = ((h + l_ - 7 * m + 114) % 31) + 1
    return dt.date(y, month, day)


def last_sunday(y, m):
    d = dt.date(y, m, calendar.monthrange(y, m)[1])
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def holidays(y, country):
    e = easter(y)
    hs = {dt.date(y, 1, 1), dt.date(y, 1, 6), dt.date(y, 5, 1), dt.date(y, 8, 15), dt.date(y, 11, 1),
          dt.date(y, 12, 25), dt.date(y, 12, 26), e + dt.timedelta(1), e + dt.timedelta(39), e + dt.timedelta(50),
          e + dt.timedelta(60)}
    if country == 'DE':
        hs |= {dt.date(y, 10, 3), e - dt.timedelta(2)}
    elif country == 'AT':
        hs |= {dt.date(y, 10, 26)}
    elif country == 'ES':
        hs = {dt.date(y, 1, 1), dt.date(y, 1, 6), dt.date(y, 12, 25), dt.date(y, 12, 8), dt.date(y, 10, 12)}
    return hs


# ------------------------------------------------------------------ the model
class Device:
    __slots__ = ('id', 'kind', 'channel', 'ua', 'os', 'osv', 'model', 'lag', 'browser')

    def __init__(self, r, kind, channel, ua=None, os_=None, osv=None, model=None, browser=None, prefix='w'):
        self.id = '%s-%012x' % (prefix, r.getrandbits(48))
        self.kind, self.channel, self.ua = kind, channel, ua
        self.os, self.osv, self.model, self.browser = os_, osv, model, browser
        self.lag = r.choice([0, 0, 1, 1, 2, 3, 4, 6, 9, 13, 20, 34])   # days behind an update


class Household:
    __slots__ = ('town', 'region', 'country', 'isp', 'ips', 'pc', 'pc_swap')

    def __init__(self, town, region, country):
        self.town, self.region, self.country = town, region, country
        self.isp, self.ips, self.pc, self.pc_swap = None, None, None, None


class Cust:
    pass


class World:
    def __init__(self, seed, n_customers, days, start):
        self.seed, self.n, self.days, self.start = seed, n_customers, days, start
        self.r = random.Random(seed)
        self.rows = []
        self.dates = [start + dt.timedelta(d) for d in range(days + 120)]
        self.day0 = [calendar.timegm(x.timetuple()) for x in self.dates]
        self.t_end = self.day0[days]
        hol = {}
        for c in ('DE', 'AT', 'ES'):
            hs = set()
            for y in range(start.year - 1, start.year + 3):
                hs |= holidays(y, c)
            hol[c] = hs
        self.hol = hol
        self.dst = [self._dst(x) for x in self.dates]
        # app releases (day index): 5.14.2 patch, 6.0.0 (new UA format), 6.0.3 patch
        self.app_rel = [(-40, '5.14.0'), (int(days * 0.1), '5.14.2'), (int(days * 0.45), '6.0.0'),
                        (int(days * 0.45) + 18, '6.0.3')]
        self.win10_eol = (dt.date(2025, 10, 14) - start).days
        self.pool_cache = {}
        self.mule_pool = []
        self.stats_new = None

    # ------------------------------------------------------------ time
    @staticmethod
    def _dst(d):
        return last_sunday(d.year, 3) <= d < last_sunday(d.year, 10)

    def ts(self, day, secs, zone='CET'):
        if zone == 'CET':
            off = 2 if self.dst[day] else 1
        elif zone == 'WET':
            off = 1 if self.dst[day] else 0
        else:
            off = zone
        return self.day0[day] + secs - off * 3600

    def shop_open(self, day, country):
        date = self.dates[day]
        return date.weekday() < 6 and date not in self.hol.get(country, ())

    # ------------------------------------------------------------ networks
    def region_pools(self, isp, region):
        key = (isp, region)
        p = self.pool_cache.get(key)
        if p is None:
            r = srng('pool', self.seed, isp, region)
            ranges = ISP[isp][2]
            if region.startswith('city:'):
                geo = [region[5:]]
            elif region.startswith('es:'):
                geo = [region[3:], region[3:], 'Madrid']
            else:
                geo = REGION_GEO[region]
            k = min(len(ranges), r.randint(4, 8))
            p = [(pre, r.choice(geo)) for pre in r.sample(ranges, k)]
            self.pool_cache[key] = p
        return p

    def line_ips(self, r, isp, region, n_days):
        """the address of a household line on each day"""
        pools = self.region_pools(isp, region)
        mode = ISP[isp][1]
        out = []
        cur = None
        nxt = 0
        for d in range(n_days):
            if cur is None or (mode == 'daily' and r.random() < 0.93) or (mode == 'weeks' and d >= nxt):
                pre, geo = pools[int(r.random() * len(pools))]
                x = r.getrandbits(16)
                cur = ('%s.%d.%d' % (pre, x >> 8, 1 + (x & 255) % 254), geo)
                nxt = d + r.randint(12, 70)
            out.append(cur)
        return out

    def mobile_ip(self, r, country):
        pres, geo, _ = wchoice(r, [(m, m[2]) for m in MOBILE.get(country, MOBILE['DE'])])
        return '%s.%d.%d' % (r.choice(pres), r.randint(0, 255), r.randint(1, 254)), geo

    # ------------------------------------------------------------ UA
    def chrome_major(self, day, lag):
        return 141 + (self.dates[max(0, day - lag)] - dt.date(2025, 9, 30)).days // 28

    def app_version(self, day, lag):
        v = self.app_rel[0][1]
        for rd, ver in self.app_rel:
            if day >= rd + lag:
                v = ver
        return v

    def ua(self, dev, day):
        b = dev.browser
        if b in WIN_OLD:
            return WIN_OLD[b]
        if b == 'app':
            v = self.app_version(day, dev.lag)
            if v.startswith('5.'):
                return '%s/%s (%s %s; %s)' % (APP_OLD, v, 'Android' if dev.os == 'android' else 'iOS', dev.osv,
                                              dev.model)
            if dev.os == 'android':
                return '%s/%s (Android; %s; %s) okhttp/4.12.0' % (APP_NEW, v, dev.osv, dev.model)
            dw = 'Darwin/25.0.0' if dev.osv.startswith('26') else 'Darwin/24.6.0'
            return '%s/%s (%s; iOS %s; %s) CFNetwork/1568.300.101 %s' % (
                APP_NEW, v, 'iPad' if dev.kind == 'tablet' else 'iPhone', dev.osv, dev.model, dw)
        cm = self.chrome_major(day, dev.lag)
        if b == 'win10-chrome':
            return ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36' % cm)
        if b == 'win10-edge':
            return ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0' % (cm, cm))
        if b == 'win10-firefox':
            fv = 143 + (self.dates[max(0, day - dev.lag)] - dt.date(2025, 9, 16)).days // 28
            return 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0' % (fv, fv)
        if b == 'mac-safari':
            return ('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) '
                    'Version/%s Safari/605.1.15' % dev.osv)
        if b == 'ipad-safari':
            return ('Mozilla/5.0 (iPad; CPU OS %s like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
                    'Version/%s Mobile/15E148 Safari/604.1' % (dev.osv, dev.model))
        if b == 'android-tab-chrome':
            return ('Mozilla/5.0 (Linux; Android %s; %s) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36' % (dev.osv, dev.model, cm))
        if b == 'linux-chrome':
            return ('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) '
                    'Chrome/%d.0.0.0 Safari/537.36' % cm)
        return dev.ua or 'Mozilla/5.0'

    def new_pc(self, r, band, modern=False):
        if modern:
            b = r.choice(['win10-edge', 'win10-chrome', 'win10-chrome', 'win10-firefox'])
            dev = Device(r, 'pc', 'web', browser=b)
            dev.ua = 'win11'
            return dev
        if band >= 4:
            b = wchoice(r, [('win7-chrome109', 20), ('win81-chrome109', 10), ('win10-ff115', 15), ('win7-ff115', 5),
                            ('win10-edge', 25), ('win10-chrome', 20), ('win10-ff128', 5)])
        elif band == 3:
            b = wchoice(r, [('win7-chrome109', 8), ('win81-chrome109', 6), ('win10-ff115', 10), ('win10-edge', 30),
                            ('win10-chrome', 30), ('win10-firefox', 8), ('mac-safari', 8)])
        else:
            b = wchoice(r, [('win10-edge', 30), ('win10-chrome', 40), ('win10-firefox', 12), ('mac-safari', 18)])
        dev = Device(r, 'pc', 'web', browser=b)
        if b == 'mac-safari':
            dev.osv = r.choice(['17.6', '18.6', '26.0', '26.1'])
        return dev

    def new_tablet(self, r):
        x = r.random()
        if x < 0.45:
            osv, sv = r.choice(IPAD)
            return Device(r, 'tablet', 'web', browser='ipad-safari', osv=osv, model=sv)
        if x < 0.7:
            osv, model = r.choice(ANDROID_TAB)
            return Device(r, 'tablet', 'web', browser='android-tab-chrome', osv=osv, model=model)
        if x < 0.85:
            return Device(r, 'tablet', 'mobile', browser='app', os_='ios', osv=r.choice(['17.7', '18.6', '16.7.10']),
                          model=r.choice(['iPad7,11', 'iPad12,1', 'iPad13,18', 'iPad11,6']), prefix='a')
        osv, model = r.choice(ANDROID_TAB)
        return Device(r, 'tablet', 'mobile', browser='app', os_='android', osv=osv, model=model, prefix='a')

    def new_phone(self, r, old):
        os_, osv, model = r.choice(PHONES_OLD if old else PHONES_YOUNG)
        return Device(r, 'phone', 'mobile', browser='app', os_=os_, osv=osv, model=model, prefix='a')

    # ------------------------------------------------------------ world building
    def build(self):
        r = self.r
        D = self.days
        towns = [(t, reg) for t, reg, w in TOWNS]
        tw = [w for t, reg, w in TOWNS]
        # merchants per town
        self.merchants = {}
        for t, reg, w in TOWNS + [(p, 'es', 3) for p, _ in WINTER_PLACES] + [(p, 'trip', 3) for p, _, _ in TRIP_PLACES]:
            if t in self.merchants:
                continue
            self.merchants[t] = self.make_merchants(t, w)
        # shared payees
        self.shared = {
            'stadtwerke': {reg: named_iban('stadtwerke-' + reg, 'AT' if reg in ('salzburg', 'innviertel', 'linz') else 'DE')
                           for reg in REGION_TOWNS},
            'insurer': [named_iban('ins-' + n, c) for n, c in (('allianz', 'DE'), ('vkb', 'DE'), ('huk', 'DE'),
                                                                ('ergo', 'DE'), ('uniqa', 'AT'), ('wst', 'AT'),
                                                                ('generali', 'AT'), ('donau', 'AT'))],
            'pvs': named_iban('pvs-bayern', 'DE'), 'rundfunk': named_iban('beitragsservice', 'DE'),
            'orf': named_iban('orf-beitrag', 'AT'),
            'mailorder': [named_iban('mo-' + n) for n in ('bader', 'heine', 'witt-weiden', 'klingel', 'qvc',
                                                            'weltbild', 'tchibo', 'atelier-goldner')],
            'charity': [named_iban('ch-' + n) for n in ('caritas', 'misereor', 'sos-kinderdorf', 'rotes-kreuz',
                                                          'aerzte-ohne-grenzen', 'brot-fuer-die-welt', 'unicef',
                                                          'licht-ins-dunkel', 'volkshilfe')],
            'paypal': named_iban('paypal-europe'), 'klarna': named_iban('klarna-bank', 'DE'),
            'amazonpay': named_iban('amazon-payments', 'LU'),
            'travel': [named_iban('tr-' + n) for n in ('tui', 'aida', 'tui-cruises', 'dertour', 'ruefa', 'moser-reisen')],
            'newspaper': [named_iban('np-pnp'), named_iban('np-sn', 'AT'), named_iban('np-ooen', 'AT'),
                          named_iban('np-suedostbayerische')],
            'crypto': [named_iban('bitpanda', 'AT'), named_iban('coinbase-eu', 'IE'), named_iban('kraken-eu', 'IE')],
        }
        per_town = {}
        for t, reg, w in TOWNS:
            rt = srng('town', self.seed, t)
            c = CITY[t][2]
            per_town[t] = {
                'gemeinde': named_iban('gemeinde-' + t, c), 'sweep': named_iban('kaminkehrer-' + t, c),
                'clubs': [named_iban('verein-%s-%d' % (t, i), c) for i in range(3)],
                'doctors': [named_iban('arzt-%s-%d' % (t, i), c) for i in range(4 + w // 2)],
                'trades': [iban(rt, c) for _ in range(6 + w)],
                'oil': [named_iban('heizoel-%s-%d' % (reg, i), c) for i in range(3)],
                'car': [named_iban('autohaus-%s-%d' % (reg, i), c) for i in range(3)],
                'care': [named_iban('pflege-%s-%d' % (t, i), c) for i in range(2)],
                'meals': named_iban('essen-auf-raedern-' + reg, c),
                'friends': [iban(rt, c) for _ in range(40 * w)],
                'landlords': [iban(rt, c) for _ in range(10 * w)],
            }
        self.per_town = per_town
        # customers
        self.custs = []
        n = self.n
        i = 0
        households = []
        while i < n:
            t, reg = towns[wchoice(r, [(k, tw[k]) for k in range(len(towns))])]
            band = wchoice(r, list(enumerate(BAND_SHARE)))
            hh = Household(t, reg, CITY[t][2])
            couple = band >= 3 and r.random() < 0.18 and i + 1 < n
            members = [band] + ([max(3, min(4, band + r.choice([-1, 0, 0, 1])))] if couple else [])
            for b in members:
                c = self.make_customer(i, b, hh)
                self.custs.append(c)
                i += 1
            households.append(hh)
        # lines (deterministic per household, by order)
        for k, hh in enumerate(households):
            hr = srng('line', self.seed, k)
            hh.isp = wchoice(hr, ISP_SHARE[hh.country])
            if hh.isp == 'salzburg-ag' and hh.region != 'salzburg':
                hh.isp = 'magenta'
            hh.ips = self.line_ips(hr, hh.isp, hh.region, D + 60)
        for c in self.custs:
            self.finish_customer(c)

    def make_merchants(self, town, w):
        rt = srng('merch', self.seed, town)
        lat, lon, cc, zone = CITY[town]
        ch = CHAINS.get(cc, CHAINS['XX'])
        out = defaultdict(list)
        s = slug(town)
        big = max(1, w // 3)
        for cat, chains in ch.items():
            k = {'supermarket': 3 + big, 'drugstore': 1 + big // 2, 'petrol': 2 + big // 2, 'diy': 1,
                 'clothes': 1 + big // 2, 'electronics': 1}[cat]
            for j, chn in enumerate(rt.sample(chains, min(k, len(chains)))):
                out[cat].append(('m-%s-%s-%d' % (chn, s, 1 + j), lat + rt.gauss(0, 0.008), lon + rt.gauss(0, 0.012)))
        for cat in INDEPENDENT:
            k = {'bakery': 3 + big, 'butcher': 1 + big // 2, 'pharmacy': 2 + big // 2, 'cafe': 2 + big,
                 'restaurant': 3 + 2 * big, 'florist': 1, 'bookshop': 1, 'optician': 1, 'kiosk': 1 + big}[cat]
            for j in range(k):
                out[cat].append(('m-%s-%s-%d' % (cat, s, 1 + j), lat + rt.gauss(0, 0.008), lon + rt.gauss(0, 0.012)))
        return out

    def make_customer(self, i, band, hh):
        c = Cust()
        c.i = i
        c.cid = 'kd-%08d' % (10000000 + i * 7919 % 89999999)
        c.r = srng('cust', self.seed, i)
        c.nr = np.random.default_rng([self.seed, i, 17])
        r = c.r
        c.band = band
        lo, hi = BAND_AGE[band]
        c.age = r.randint(lo, hi)
        c.hh = hh
        c.town, c.region, c.country = hh.town, hh.region, hh.country
        c.zone = 'CET'
        old = band >= 3
        # online banking
        x = r.random()
        devices = {}
        if band == 4:
            mode = 'none' if x < 0.40 else 'pc' if x < 0.74 else 'tablet' if x < 0.92 else 'phone'
        elif band == 3:
            mode = 'none' if x < 0.18 else 'pc' if x < 0.62 else 'tablet' if x < 0.80 else 'phone'
        elif band == 2:
            mode = 'none' if x < 0.06 else 'pc' if x < 0.30 else 'phone'
        else:
            mode = 'none' if x < 0.04 else 'pc' if x < 0.12 else 'phone'
        c.mode = mode
        if mode == 'pc':
            if hh.pc is None:
                hh.pc = self.new_pc(r, band)
            devices['pc'] = [(0, hh.pc)]
            if band <= 2 and r.random() < 0.5:
                devices['phone'] = [(0, self.new_phone(r, False))]
        elif mode == 'tablet':
            devices['tablet'] = [(0, self.new_tablet(r))]
            if r.random() < 0.3:
                if hh.pc is None:
                    hh.pc = self.new_pc(r, band)
                devices['pc'] = [(0, hh.pc)]
        elif mode == 'phone':
            devices['phone'] = [(0, self.new_phone(r, old))]
            if r.random() < (0.35 if band <= 2 else 0.2):
                if hh.pc is None:
                    hh.pc = self.new_pc(r, band)
                devices['pc'] = [(0, hh.pc)]
        c.devices = devices
        c.gps = r.random() < (0.55 if band <= 2 else 0.3)
        # activity (payments a week)
        dormant = r.random() < (0.08 if old else 0.05)
        act = 0.15 if dormant else 1.0
        pos = [1.2, 1.1, 0.9, 0.72, 0.6][band] * act * r.lognormvariate(-0.15, 0.7)
        if r.random() < (0.06 if old else 0.02):
            pos = 0.0          # cash only
        c.pos_rate = pos
        c.online_rate = [0.55, 0.45, 0.28, 0.09, 0.035][band] * act * r.lognormvariate(-0.2, 0.8)
        base_tr = [0.42, 0.35, 0.28, 0.2, 0.17][band] * act * r.lognormvariate(-0.1, 0.5)
        c.transfer_rate = base_tr if (mode != 'none') else 0.0
        c.payday = ('de' if c.country == 'DE' else 'at') + ('_pension' if c.age >= 64 else '_salary')
        # hour habits
        if old:
            c.pos_peak = r.gauss(10.0, 1.2)
            c.tr_peak = r.choice([r.gauss(10.0, 1.0), r.gauss(15.5, 1.5), r.gauss(19.0, 1.0)])
            c.on_peak = r.gauss(15.0, 3.0)
        else:
            c.pos_peak = r.choice([r.gauss(12.5, 1.0), r.gauss(17.5, 1.0), r.gauss(10.5, 1.5)])
            c.tr_peak = r.gauss(20.0, 2.0)
            c.on_peak = r.gauss(20.5, 1.5)
        c.hour_sd = r.uniform(0.8, 2.2)
        # place flags
        c.owner = r.random() < ([0.15, 0.45, 0.65, 0.75, 0.75][band] if c.town not in ('Salzburg', 'Linz', 'Passau')
                                else [0.08, 0.3, 0.45, 0.5, 0.5][band])
        c.car = r.random() < [0.6, 0.85, 0.9, 0.85, 0.5][band]
        c.work = None
        if c.age < 64 and r.random() < 0.8:
            wt = c.town if r.random() < 0.5 else r.choice(REGION_TOWNS[c.region] + [REGION_SHOPTOWN[c.region]])
            c.work = (wt, EMPLOYERS.get(wt) if r.random() < 0.35 else None, r.randint(1, 250))
        return c

    def finish_customer(self, c):
        r = c.r
        band, old = c.band, c.band >= 3
        D = self.days
        # usual shops
        m = self.merchants[c.town]
        shops = []
        # a supermarket or two, then a few other regular shops (the bakery, the pharmacy, the petrol station)
        sup = r.sample(m['supermarket'], min(len(m['supermarket']), r.choice([1, 1, 2])))
        for j, mm in enumerate(sup):
            shops.append(('supermarket', mm, c.town, POS_MIX['supermarket'][band] * (1.0 if j == 0 else 0.35)))
        cats = [(k, ws[band] * (0.1 if k == 'petrol' and not c.car else 1.0)) for k, ws in POS_MIX.items()
                if k != 'supermarket' and ws[band] > 0 and m.get(k)]
        for _ in range(r.randint(1, 4) if old else r.randint(2, 5)):
            if not cats:
                break
            cat = wchoice(r, cats)
            cats = [x for x in cats if x[0] != cat]
            shops.append((cat, r.choice(m[cat]), c.town, POS_MIX[cat][band] * r.uniform(0.6, 1.6)))
        twin = BORDER_TWIN.get(c.town)
        if twin and r.random() < 0.3:
            mt = self.merchants[twin]
            cat = 'petrol' if CITY[twin][2] == 'AT' and c.car else 'drugstore'
            if mt.get(cat):
                shops.append((cat, r.choice(mt[cat]), twin, r.uniform(3, 10)))
        c.shops = shops
        c.shop_w = None
        c.other_town = REGION_SHOPTOWN[c.region] if REGION_SHOPTOWN[c.region] != c.town else \
            r.choice(REGION_TOWNS[c.region])
        # online merchants
        ow = [(k, v[2] if not old else v[3]) for k, v in ONLINE.items()]
        ow = [(k, (w * r.lognormvariate(0, 1.0)) ** 2) for k, w in ow if w > 0]
        ow.sort(key=lambda x: -x[1])
        c.online = ow[:r.randint(1, 6)]
        c.subs = []
        if r.random() < [0.7, 0.6, 0.4, 0.15, 0.05][band] and c.online_rate > 0.05:
            for name, amt in r.sample(SUBSCRIPTIONS, r.randint(1, 3)):
                c.subs.append(('m-' + name, amt, r.randint(1, 28)))
        # transfer payees
        pt = self.per_town[c.town]
        cc = c.country
        sh = self.shared
        c.bills = [(sh['stadtwerke'][c.region], lognorm(r, 90, 0.4))]
        if r.random() < 0.5:
            c.bills.append((r.choice(sh['insurer']), lognorm(r, 120, 0.6)))
        if r.random() < 0.3:
            c.bills.append((iban(r, cc), lognorm(r, 60, 0.7)))      # landlord utilities, a club, the dentist
        c.doctors = r.sample(pt['doctors'], r.choice([1, 1, 2]))
        c.children = [iban(r, r.choice(['DE', 'DE', 'AT'])) for _ in range(r.choice([0, 1, 2, 2, 3]))] if band >= 2 \
            else [iban(r, cc) for _ in range(r.choice([1, 1, 2]))]           # parents, for the young
        c.grandkids = [iban(r, r.choice(['DE', 'AT', 'DE'])) for _ in range(r.choice([0, 1, 2, 3, 4, 5, 6]))] \
            if band >= 3 else []
        c.friends = r.sample(pt['friends'], min(len(pt['friends']), r.randint(3, 14))) if band <= 2 else \
            r.sample(pt['friends'], 2)
        c.own_savings = iban(r, r.choice(['DE', 'DE', 'AT', 'LU']))
        c.mailorder = r.sample(sh['mailorder'], r.randint(1, 2))
        c.charity = r.sample(sh['charity'], r.choice([1, 1, 2, 3]))
        if band <= 1:
            c.tmix = [('paypal', 26), ('p2p', 34), ('misc_new', 9), ('savings', 9), ('bills', 10), ('family', 6),
                      ('klarna', 6)]
        elif band == 2:
            c.tmix = [('bills', 25), ('family', 10), ('paypal', 20), ('p2p', 14), ('misc_new', 8), ('savings', 12),
                      ('doctor', 5), ('klarna', 6)]
        elif band == 3:
            c.tmix = [('bills', 30), ('family', 16), ('mailorder', 10), ('doctor', 13), ('donation', 5),
                      ('misc_new', 6), ('savings', 12), ('paypal', 8)]
        else:
            c.tmix = [('bills', 35), ('family', 16), ('mailorder', 15), ('doctor', 16), ('donation', 6),
                      ('misc_new', 3), ('savings', 9)]
        # everyone has their own habits: one customer sends money to the children, another pays mail order
        c.tmix = [(k, w * r.lognormvariate(0, 0.9)) for k, w in c.tmix]
        # helper: a son or daughter pays from their own device
        c.helper = None
        if band >= 3 and r.random() < (0.13 if band == 4 else 0.06):
            self.attach_helper(c)
        # winter in Spain / trips
        c.away = []
        if old and c.age >= 65 and r.random() < 0.065:
            place = wchoice(r, WINTER_PLACES)
            d0 = (dt.date(self.start.year, 11, 10) - self.start).days + r.randint(0, 55)
            if d0 < -60:
                d0 += 365
            dur = r.randint(25, 100)
            c.away.append((d0, d0 + dur, place, 'winter'))
            c.winter_lodging = 'hotel' if r.random() < 0.45 else 'flat'
            c.winter_isp = wchoice(r, ISP_SHARE['ES'])
        if not old and r.random() < 0.22:
            for _ in range(r.choice([1, 1, 2])):
                place, _, pc_ = wchoice(r, [(p, w) for p in TRIP_PLACES for w in [p[1]]])
                d0 = r.randint(0, max(0, D - 4))
                c.away.append((d0, d0 + r.randint(2, 9), place, 'trip'))
        elif old and not c.away and r.random() < 0.06:
            place = r.choice(['Wien', 'München', 'Bad Füssing', 'Praha', 'Venezia', 'Salzburg'])
            d0 = r.randint(0, max(0, D - 4))
            if place != c.town:
                c.away.append((d0, d0 + r.randint(3, 12), place, 'trip'))
        # device events
        self.device_events(c)
        # recurring invoices: (payee, base amount, kind)
        c.invoices = []
        if band == 4 and r.random() < 0.16:
            c.invoices.append((r.choice(pt['care']), round(lognorm(r, 380, 0.5), 2), 'care'))
        if band == 4 and r.random() < 0.09:
            c.invoices.append((pt['meals'], 0.0, 'meals'))
        if band >= 3 and r.random() < 0.09:
            c.invoices.append((iban(r, c.country), float(r.choice([80, 96, 120, 144, 160, 180, 200, 240])), 'cleaning'))
        if band in (1, 2) and r.random() < 0.10:
            c.invoices.append((iban(r, c.country), float(r.choice([60, 72, 88, 96, 120, 140, 160])), 'tutor'))
        if c.owner and band >= 2 and r.random() < 0.05:
            c.invoices.append((iban(r, c.country), round(lognorm(r, 75, 0.3)), 'gardener'))
        # paid by hand every month after payday: pocket money to a grandchild, rent to a private landlord,
        # a share of the flat, a loan repaid to the parents
        c.monthly = []
        if r.random() < 0.4:
            tgt = (c.grandkids or c.children) if old else (c.children + c.friends[:1])
            if tgt:
                c.monthly.append((tgt[0], float(r.choice([20, 30, 50, 50, 100, 150, 200, 300]))))
            if not old and not c.owner and r.random() < 0.3:
                c.monthly.append((r.choice(pt['landlords']), round(lognorm(r, 600, 0.3), 0)))
        c.standing = []
        if band <= 1 and not c.owner and r.random() < 0.45:
            c.standing.append((1, round(lognorm(r, 720, 0.3), 0), r.choice(pt['landlords'])))
        if r.random() < [0.3, 0.35, 0.25, 0.12, 0.05][band]:
            c.standing.append((r.choice([1, 15]), float(r.choice([25, 50, 50, 100, 100, 150, 200, 250])), c.own_savings))
        if c.owner and band >= 3 and c.town in ('Salzburg', 'Linz', 'Passau', 'Bad Reichenhall') and r.random() < 0.2:
            c.standing.append((1, round(lognorm(r, 260, 0.3), 2), named_iban('hv-' + c.town + str(r.randint(0, 9)))))
        c.blocked = []          # (t0, t1) card-present impossible (stolen card until replacement)
        c.skip_invoice = {}     # day -> replacement (fraud took that invoice)
        c.online_off = []       # (t0, t1) online banking blocked after takeover

    def attach_helper(self, c):
        r = c.r
        cand = None
        if r.random() < 0.5:
            for _ in range(20):
                o = self.custs[r.randrange(len(self.custs))] if self.custs else None
                if o is not None and o.band in (1, 2) and o.devices and o.hh is not c.hh:
                    cand = o
                    break
        if cand is not None:
            kinds = list(cand.devices)
            k = 'pc' if 'pc' in kinds and r.random() < 0.6 else kinds[0]
            c.helper = {'cust': cand, 'kind': k, 'share': r.uniform(0.3, 1.0)}
        else:
            city = wchoice(r, RELATIVE_CITIES)
            cc = CITY[city][2]
            isp = wchoice(r, ISP_SHARE[cc])
            if isp == 'salzburg-ag':
                isp = 'magenta'
            dev = self.new_pc(r, 1) if r.random() < 0.6 else self.new_phone(r, False)
            ips = self.line_ips(srng('helperline', self.seed, c.i), isp, 'city:' + city, self.days + 60)
            c.helper = {'cust': None, 'dev': dev, 'ips': ips, 'city': city, 'share': r.uniform(0.3, 1.0)}
        if c.mode == 'none' and c.helper is not None:
            c.helper['share'] = 1.0
            c.transfer_rate = [0.55, 0.45, 0.35, 0.22, 0.18][c.band] * r.lognormvariate(0, 0.4)

    def device_events(self, c):
        r = c.r
        D = self.days
        old = c.band >= 3
        dv = c.devices
        if 'pc' in dv:
            pc = dv['pc'][0][1]
            if pc.browser in ('win10-edge', 'win10-chrome', 'win10-ff115', 'win10-ff128', 'win7-chrome109',
                              'win81-chrome109', 'win7-ff115') and r.random() < (0.09 if old else 0.05):
                d = max(1, self.win10_eol + r.randint(0, 75))
                if d < D and c.hh.pc is pc and c.hh.pc_swap is None:
                    new = self.new_pc(r, c.band, modern=True)
                    c.hh.pc_swap = (d, new)      # the spouse uses the new PC too
            if c.hh.pc_swap is not None and c.hh.pc is pc:
                dv['pc'].append(c.hh.pc_swap)
            elif r.random() < 0.025:       # a cookie-clearing cleaner tool: new id every couple of weeks
                d = r.randint(3, 20)
                while d < D:
                    nd = Device(r, 'pc', 'web', browser=pc.browser, osv=pc.osv)
                    nd.lag = pc.lag
                    dv['pc'].append((d, nd))
                    d += r.randint(6, 25)
        xmas = (dt.date(self.start.year, 12, 24) - self.start).days
        if 'phone' in dv:
            if r.random() < (0.12 if not old else 0.05) and 0 < xmas + 12 < D:
                d = xmas + r.randint(0, 12)
                if 0 < d < D:
                    dv['phone'].append((d, self.new_phone(r, old)))
            elif r.random() < 0.05:
                d = r.randint(1, D - 1)
                dv['phone'].append((d, self.new_phone(r, old)))     # broken phone, new contract, reinstall
        if old and r.random() < 0.05 and 0 < xmas + 8 < D and c.mode != 'none':
            d = max(1, xmas + r.randint(1, 8))
            if d < D:
                dv.setdefault('tablet', []).append((d, self.new_tablet(r)))
                c.tablet_from = d

    # ------------------------------------------------------------ who pays, from where
    def dev_at(self, c, kind, day):
        lst = c.devices.get(kind)
        if not lst:
            return None
        cur, best = None, -10 ** 9
        for d0, dev in lst:
            if best <= d0 <= day:
                cur, best = dev, d0
        return cur

    def where(self, c, day):
        for d0, d1, place, kind in c.away:
            if d0 <= day < d1:
                return place, kind
        return None, None

    def session(self, c, day, hour, r, prefer=None, allow_helper=True):
        """(channel, ip, device_id, ua, lat, lon, country, city, zone) of an online-banking session, or None"""
        place, akind = self.where(c, day)
        if allow_helper and c.helper is not None and place is None and r.random() < c.helper['share']:
            h = c.helper
            if h['cust'] is not None:
                o = h['cust']
                s = self.session(o, day, hour, r, prefer=h['kind'], allow_helper=False)
                if s is not None:
                    return s
            else:
                dev = h['dev']
                ip, geo = h['ips'][day]
                la, lo, cc, _ = CITY[geo]
                return (dev.channel, ip, dev.id, self.ua(dev, day), la, lo, cc, geo, 'CET')
        kinds = []
        for k in ('pc', 'tablet', 'phone'):
            dev = self.dev_at(c, k, day)
            if dev is not None:
                kinds.append((k, dev))
        if not kinds:
            return None
        if place is not None:
            kinds = [x for x in kinds if x[0] != 'pc']     # the PC stays at home
            if not kinds:
                return None
        if prefer is not None and any(k == prefer for k, _ in kinds):
            k, dev = next(x for x in kinds if x[0] == prefer)
        elif len(kinds) == 1:
            k, dev = kinds[0]
        else:
            ws = []
            for k, dev in kinds:
                w = {'pc': 3.0 if c.mode == 'pc' else 1.0, 'tablet': 3.0, 'phone': 4.0 if c.mode == 'phone' else 1.0}[k]
                if k == 'tablet' and getattr(c, 'tablet_from', None) is not None and day >= c.tablet_from:
                    w = 6.0
                ws.append(((k, dev), w))
            k, dev = wchoice(r, ws)
        ua = self.ua(dev, day)
        if place is not None:
            la, lo, cc, zone = CITY[place]
            if akind == 'winter':
                if c.winter_lodging == 'hotel':
                    hr = srng('hotel', self.seed, place, c.i % 5)
                    ip = '212.170.%d.%d' % (hr.randint(0, 255), hr.randint(1, 254)) if cc == 'ES' else \
                        '195.77.%d.%d' % (hr.randint(0, 255), hr.randint(1, 254))
                    geo = place
                else:
                    lr = srng('flat', self.seed, c.i)
                    pre, _ = lr.choice(self.region_pools(c.winter_isp, 'es:' + place))
                    ip = '%s.%d.%d' % (pre, lr.randint(0, 255), lr.randint(1, 254))
                    geo = place if lr.random() < 0.6 else 'Madrid'
                if k == 'phone' and r.random() < 0.3:
                    ip, geo = self.mobile_ip(r, c.country)       # roaming: the home carrier's address
            else:
                if k == 'phone' and r.random() < 0.6:
                    ip, geo = self.mobile_ip(r, c.country)
                else:
                    hr = srng('tripwifi', self.seed, place, r.randrange(20))
                    ip, geo = '%d.%d.%d.%d' % (hr.randint(2, 220), hr.randint(0, 255), hr.randint(0, 255),
                                               hr.randint(1, 254)), place
            if k in ('phone', 'tablet') and dev.channel == 'mobile' and c.gps:
                return (dev.channel, ip, dev.id, ua, round(la + r.gauss(0, 0.01), 5), round(lo + r.gauss(0, 0.01), 5),
                        cc, place, zone)
            gla, glo, gcc, _ = CITY[geo]
            return (dev.channel, ip, dev.id, ua, gla, glo, gcc, geo, zone)
        # at home or on the move
        wk = self.dates[day].weekday() < 5 and not self.hol[c.country].__contains__(self.dates[day])
        loc_town = c.town
        if k == 'phone':
            at_work = c.work is not None and wk and 8 <= hour < 17 and r.random() < 0.75
            if at_work:
                loc_town = c.work[0]
                if c.work[1] is not None and r.random() < 0.7:
                    pat, geo = c.work[1]
                    ip = pat % c.work[2]
                else:
                    ip, geo = self.mobile_ip(r, c.country)
            elif (hour >= 18 or hour < 8 or not wk) and r.random() < 0.7:
                ip, geo = c.hh.ips[day]
            else:
                ip, geo = self.mobile_ip(r, c.country)
        else:
            ip, geo = c.hh.ips[day]
        if dev.channel == 'mobile' and c.gps:
            la, lo, cc, _ = CITY[loc_town]
            return (dev.channel, ip, dev.id, ua, round(la + r.gauss(0, 0.006), 5), round(lo + r.gauss(0, 0.009), 5),
                    cc, loc_town, 'CET')
        la, lo, cc, _ = CITY[geo]
        return (dev.channel, ip, dev.id, ua, la, lo, cc, geo, 'CET')

    # ------------------------------------------------------------ calendar factors
    def payday_list(self, kind):
        """day indices (may be negative) on which pension/salary arrives"""
        out = []
        y, m = self.start.year, self.start.month
        for k in range(-2, self.days // 28 + 3):
            mm = m + k
            yy = y + (mm - 1) // 12
            mm = (mm - 1) % 12 + 1
            if kind.endswith('pension') and kind.startswith('at'):
                d = dt.date(yy, mm, 1)
                while d.weekday() >= 5 or d in self.hol['AT']:
                    d += dt.timedelta(1)
            else:
                d = dt.date(yy, mm, calendar.monthrange(yy, mm)[1])
                cc = 'AT' if kind.startswith('at') else 'DE'
                while d.weekday() >= 5 or d in self.hol[cc] or (d.month == 12 and d.day in (24, 31)):
                    d -= dt.timedelta(1)
            out.append((d - self.start).days)
        return sorted(out)

    def cycle(self, kind, strength):
        key = (kind, strength)
        cache = self.__dict__.setdefault('_cyc', {})
        if key in cache:
            return cache[key]
        pds = self.payday_list(kind)
        f = np.ones(self.days)
        for d in range(self.days):
            last = max([p for p in pds if p <= d], default=d - 15)
            k = d - last
            f[d] = 1.0 + strength * math.exp(-k / 3.0) - strength * 0.25
        f /= f.mean()
        cache[key] = f
        return f

    def season(self, d):
        date = self.dates[d]
        md = (date.month, date.day)
        f = 1.0
        if date.month == 12 and date.day <= 23:
            f = 1.25
        elif date.month == 1 and date.day <= 20:
            f = 0.85
        return f

    # ------------------------------------------------------------ genuine behaviour
    def hour(self, r, peak, sd, lo=0, hi=24):
        for _ in range(6):
            h = int(round(r.gauss(peak, sd))) if r.random() < 0.88 else r.randint(max(lo, 7), min(hi, 23) - 1)
            if lo <= h < hi:
                return h
        return r.randint(lo, hi - 1)

    def emit(self, c, t, amount, s, payee, channel=None):
        """s: session tuple or location tuple (lat, lon, cc, city) for card present"""
        if t < self.day0[0] or t >= self.t_end:
            return
        ch, ip, dev, ua, la, lo, cc, city, _ = s
        self.rows.append((t, c.cid, round(max(0.01, amount), 2), channel or ch, ip, dev, ua, la, lo, cc, city,
                          payee, 0, None, ''))

    def gen_genuine(self, c):
        r, nr = c.r, c.nr
        D = self.days
        old = c.band >= 3
        cyc = self.cycle(c.payday, 0.9 if old else 0.35)
        cyc_tr = self.cycle(c.payday, 2.2 if old else 0.8)
        if self.__dict__.get('_season') is None:
            self._season = np.array([self.season(d) for d in range(D)])
            self._dom = defaultdict(list)
            self._open = {cc: [self.shop_open(d, cc) for d in range(D)] for cc in ('DE', 'AT')}
            for d in range(D):
                self._dom[self.dates[d].day].append(d)
        season = self._season
        # ---- card present
        if c.pos_rate > 0:
            lam = c.pos_rate / 7.0 * cyc * season
            opn = self._open[c.country]
            for d in range(D):
                if not opn[d]:
                    lam[d] *= 0.25          # Sundays: bakery, petrol, café, restaurant only
            for d0, d1, place, akind in c.away:
                for d in range(max(0, d0), min(D, d1)):
                    lam[d] *= (1.6 if akind == 'trip' else 1.2) * (1.0 if opn[d] else 4.0)
            counts = nr.poisson(lam)
            for d in np.nonzero(counts)[0]:
                d = int(d)
                for _ in range(int(counts[d])):
                    self.pos_payment(c, d)
        # ---- card online
        if c.online_rate > 0 and c.online:
            if self.__dict__.get('_onseason') is None:
                self._onseason = np.array([self.online_season(d) for d in range(D)])
            lam = c.online_rate / 7.0 * self._onseason
            counts = nr.poisson(lam)
            for d in np.nonzero(counts)[0]:
                d = int(d)
                for _ in range(int(counts[d])):
                    m = wchoice(r, c.online)
                    med, sd, _, _ = ONLINE[m]
                    amt = lognorm(r, med, sd)
                    self.online_payment(c, d, 'm-' + m, amt)
            for payee, amt, dom in c.subs:
                for d in self._dom[dom]:
                    if True:
                        t = self.ts(d, r.randint(2 * 3600, 8 * 3600))
                        self.emit(c, t, amt, (None,) * 9, payee, 'card_online')
        # ---- transfers
        if c.transfer_rate > 0:
            lam = c.transfer_rate / 7.0 * cyc_tr
            counts = nr.poisson(lam)
            for d in np.nonzero(counts)[0]:
                d = int(d)
                for _ in range(int(counts[d])):
                    self.transfer(c, d)
        self.scheduled(c)
        for dom, amt, payee in c.standing:
            for d in self._dom[dom]:
                if True:
                    t = self.ts(d, r.randint(2 * 3600, 5 * 3600))
                    self.emit(c, t, amt, (None,) * 9, payee, 'standing_order')

    def online_season(self, d):
        date = self.dates[d]
        f = 1.0
        bf = dt.date(date.year, 11, 1)
        bf += dt.timedelta((4 - bf.weekday()) % 7 + 21)      # Black Friday: the 4th Friday of November
        if 0 <= (date - bf).days <= 3:
            f = 2.6
        elif date.month == 12 and date.day <= 20:
            f = 1.6
        elif date.month == 12 and date.day >= 27 or (date.month == 1 and date.day <= 6):
            f = 1.2
        elif date.month == 1:
            f = 0.8
        if date.weekday() == 6:
            f *= 1.3
        return f

    def pos_payment(self, c, d):
        r = c.r
        place, akind = self.where(c, d)
        if place is not None:
            ms = self.merchants.get(place)
            cc = CITY[place][2]
            zone = CITY[place][3]
            cat = wchoice(r, [('supermarket', 30), ('restaurant', 25), ('cafe', 15), ('pharmacy', 6),
                              ('drugstore', 5), ('bakery', 8), ('clothes', 5), ('kiosk', 4), ('petrol', 2)])
            lst = ms.get(cat) or ms['supermarket']
            # winterers settle into a few favourite shops
            mm = lst[(c.i + (r.randrange(len(lst)) if r.random() < 0.35 else 0)) % len(lst)]
            town = place
            if cc == 'ES' or not self.shop_open(d, cc):
                open_ok = True
            else:
                open_ok = True
        else:
            sunday = not self.shop_open(d, c.country)
            if r.random() < (0.96 if c.band >= 3 else 0.92):
                cand = [s for s in c.shops if not sunday or CAT[s[0]][3]]
                if not cand:
                    return
                cat, mm, town, _ = wchoice(r, [(s, s[3]) for s in cand])
            else:
                town = c.town if r.random() < 0.55 else c.other_town if r.random() < 0.7 else \
                    r.choice(REGION_TOWNS[c.region])
                ms = self.merchants[town]
                cats = [k for k in ms if not sunday or CAT[k][3]]
                cat = wchoice(r, [(k, POS_MIX[k][c.band] + 0.5) for k in cats])
                mm = r.choice(ms[cat])
            zone = 'CET'
            cc = CITY[town][2]
        med, sd, (h0, h1), _ = CAT.get(cat, CAT['supermarket'])
        if c.band >= 3 and cat == 'supermarket':
            med *= 0.8
        date = self.dates[d]
        if date.month == 12 and 15 <= date.day <= 23 and cat in ('supermarket', 'butcher', 'florist', 'bookshop'):
            med *= 1.4
        if cat == 'petrol' and r.random() < 0.15:
            med = 6          # a coffee or the paper at the petrol station
        if date.weekday() == 6 and cat == 'bakery':
            h1 = 11
        if date.month == 12 and date.day in (24, 31):
            h1 = min(h1, 14)
        h = self.hour(r, c.pos_peak + (1.5 if cat == 'restaurant' else 0), c.hour_sd + 0.5, h0, h1)
        t = self.ts(d, h * 3600 + r.randrange(3600), zone)
        if any(a <= t < b for a, b in c.blocked):
            return
        amt = lognorm(r, med, sd)
        if cat == 'petrol' and med > 20:
            amt = min(amt, 110)
        self.emit(c, t, amt, (None, None, None, None, round(mm[1], 5), round(mm[2], 5), cc, town, None), mm[0],
                  'card_present')

    def online_payment(self, c, d, payee, amt, fraud=None):
        r = c.r
        h = self.hour(r, c.on_peak, 2.5)
        s = self.session(c, d, h, r, allow_helper=False)
        place, _ = self.where(c, d)
        zone = CITY[place][3] if place else 'CET'
        t = self.ts(d, h * 3600 + r.randrange(3600), zone)
        if s is not None and r.random() < 0.7:
            ch, ip, dev, ua, la, lo, cc, city, _ = s
            if dev and dev.startswith('a-'):
                # the purchase was in a shop's app or mobile browser: 3-D Secure passes that browser's UA
                ua = ('Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 '
                      'Mobile Safari/537.36' % self.chrome_major(d, 3)) if 'Android' in ua else \
                    ('Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like '
                     'Gecko) Version/18.6 Mobile/15E148 Safari/604.1')
            s = (None, ip, None, ua, la, lo, cc, city, None)
        else:
            s = (None,) * 9
        if fraud is None:
            self.emit(c, t, amt, s, payee, 'card_online')
            return None
        return (t, amt, s)

    def transfer(self, c, d):
        r = c.r
        kind = wchoice(r, c.tmix)
        pt = self.per_town[c.town]
        sh = self.shared
        if kind == 'bills':
            payee, base = c.bills[0] if r.random() < 0.5 else r.choice(c.bills)
            amt = base * r.uniform(0.85, 1.2) if r.random() < 0.7 else lognorm(r, base, 0.4)
        elif kind == 'family':
            tgt = c.children or c.grandkids
            if not tgt:
                payee, amt = iban(r, c.country), lognorm(r, 100, 0.7)
            else:
                payee = tgt[0] if r.random() < 0.75 else r.choice(tgt)
                amt = float(r.choice([50, 100, 100, 150, 200, 250, 300, 500])) if r.random() < 0.7 else \
                    lognorm(r, 140, 0.7)
        elif kind == 'mailorder':
            payee, amt = c.mailorder[0] if r.random() < 0.8 else r.choice(c.mailorder), lognorm(r, 62, 0.6)
        elif kind == 'doctor':
            payee = sh['pvs'] if c.country == 'DE' and r.random() < 0.5 else \
                r.choice(c.doctors) if r.random() < 0.85 else r.choice(pt['doctors'])
            amt = lognorm(r, 85, 0.8)
        elif kind == 'donation':
            payee, amt = r.choice(c.charity), float(r.choice([10, 20, 25, 30, 50, 50, 100]))
        elif kind == 'misc_new':
            cc = c.country if r.random() < 0.85 else r.choice(['DE', 'AT', 'NL', 'ES', 'IT'])
            payee = iban(r, cc) if r.random() < 0.8 else r.choice(pt['trades'])
            amt = lognorm(r, 95 if c.band <= 2 else 140, 1.0)
        elif kind == 'savings':
            payee, amt = c.own_savings, float(r.choice([100, 200, 250, 300, 500, 500, 1000, 1500, 2000]))
        elif kind == 'paypal':
            payee, amt = sh['paypal'] if r.random() < 0.95 else sh['amazonpay'], lognorm(r, 38, 0.9)
        elif kind == 'klarna':
            payee, amt = sh['klarna'], lognorm(r, 55, 0.8)
        else:   # p2p
            if r.random() < 0.07:
                payee = r.choice(self.per_town[c.town]['friends'])        # someone new (dinner, a ticket)
                if payee not in c.friends:
                    c.friends.append(payee)
            else:       # a few close friends get most of it
                payee = c.friends[min(int(r.expovariate(0.7)), len(c.friends) - 1)]
            amt = float(r.choice([5, 10, 10, 15, 20, 20, 25, 30, 40, 50, 60, 100])) if r.random() < 0.6 else \
                lognorm(r, 22, 0.8)
        self.do_transfer(c, d, amt, payee)

    def do_transfer(self, c, d, amt, payee, hour=None, secs=None, sess=None):
        r = c.r
        h = hour if hour is not None else self.hour(r, c.tr_peak, c.hour_sd + 0.6)
        s = sess or self.session(c, d, h, r)
        if s is None:
            return None
        t = self.ts(d, secs if secs is not None else h * 3600 + r.randrange(3600), s[8])
        if any(a <= t < b for a, b in c.online_off):
            return None
        self.emit(c, t, amt, s, payee)
        return t

    def day_of(self, date):
        return (date - self.start).days

    def in_window(self, d):
        return 0 <= d < self.days

    def annual_days(self, month, day):
        """the occurrences of a calendar date inside the window (day indices)"""
        out = []
        for y in range(self.start.year - 1, self.start.year + 2):
            try:
                d = self.day_of(dt.date(y, month, day))
            except ValueError:
                continue
            out.append(d)
        return out

    def scheduled(self, c):
        r = c.r
        band, old = c.band, c.band >= 3
        pt = self.per_town[c.town]
        sh = self.shared
        D = self.days
        has_tr = c.transfer_rate > 0

        def tr(d, amt, payee, **kw):
            if self.in_window(d) and has_tr:
                return self.do_transfer(c, d, amt, payee, **kw)
            return None
        if not has_tr:
            return
        # property tax (15 Nov, 15 Feb), paid a few days before by those who do not use direct debit
        if c.owner and r.random() < 0.35:
            base = round(lognorm(r, 130, 0.5), 2)
            for m_ in (11, 2, 5, 8):
                for d in self.annual_days(m_, 15):
                    tr(d - r.randint(0, 8), base, pt['gemeinde'])
        if c.country == 'DE' and old and r.random() < 0.22:
            for m_ in (11, 2, 5, 8):
                for d in self.annual_days(m_, 15):
                    tr(d - r.randint(0, 10), 55.08, sh['rundfunk'])
        if c.country == 'AT' and old and r.random() < 0.12:
            for d in self.annual_days(1, 10):
                tr(d + r.randint(-20, 5), 183.60, sh['orf'])
        # car insurance, due 1 January
        if c.car and r.random() < 0.3:
            ins = r.choice(sh['insurer'])
            for d in self.annual_days(1, 1):
                tr(d + r.randint(-20, 12), round(lognorm(r, 480, 0.4), 2), ins)
        # heating oil in autumn
        if c.owner and c.town not in ('Salzburg', 'Linz') and r.random() < (0.33 if old else 0.15):
            for d in self.annual_days(10, 1):
                dd = d + int(abs(r.gauss(20, 22)))
                litres = r.choice([1500, 2000, 2000, 2500, 3000, 3000, 3500, 4000])
                tr(dd + r.randint(3, 14), round(litres * r.uniform(0.93, 1.12), 2), r.choice(pt['oil']))
        # chimney sweep
        if c.owner and r.random() < 0.25:
            tr(r.randint(0, D - 1), round(lognorm(r, 95, 0.3), 2), pt['sweep'])
        # Christmas money to grandchildren (a session of transfers within minutes)
        if c.grandkids and r.random() < 0.7:
            for d in self.annual_days(12, 3):
                dd = d + r.randint(0, 19)
                h = self.hour(r, c.tr_peak, 1.0, 8, 21)
                sess = self.session(c, dd, h, r) if self.in_window(dd) else None
                secs = h * 3600 + r.randrange(1800)
                amt = float(r.choice([50, 100, 100, 150, 200, 250, 300, 500]))
                for g in c.grandkids:
                    tr(dd, amt, g, hour=h, secs=secs, sess=sess)
                    secs += r.randint(40, 400)
        if c.grandkids:
            for g in c.grandkids:
                if r.random() < D / 365.0:
                    tr(r.randint(0, D - 1), float(r.choice([20, 30, 50, 50, 100])), g)
        # donations in Advent
        if r.random() < (0.35 if old else 0.12):
            for d in self.annual_days(11, 25):
                for ch in c.charity:
                    tr(d + r.randint(0, 32), float(r.choice([20, 30, 50, 50, 100, 100, 200])), ch)
        # newspaper, club fees
        if old and r.random() < 0.15:
            for d in self.annual_days(12, 20):
                tr(d + r.randint(0, 25), round(r.uniform(340, 480), 2), r.choice(sh['newspaper']))
        if r.random() < 0.3:
            for d in self.annual_days(1, 5):
                tr(d + r.randint(0, 26), float(r.choice([15, 20, 24, 30, 36, 40, 60, 80, 120])), r.choice(pt['clubs']))
        # holiday booking (cruise, Kur, summer holiday), mostly in January
        if r.random() < (0.10 if old else 0.07):
            for d in self.annual_days(1, 8):
                dd = d + r.randint(-40, 30)
                tr(dd, round(lognorm(r, 650 if old else 450, 0.5), 0), r.choice(sh['travel']))
        # a car
        if r.random() < 0.012 * D / 120 and c.band >= 1:
            d = r.randint(0, D - 1)
            dealer = r.choice(pt['car'])
            tr(d, float(r.choice([500, 1000, 1000, 2000])), dealer)
            tr(d + r.randint(7, 30), round(r.uniform(8000, 45000), -1), dealer)
        # a tradesman (a new payee, sometimes a deposit first)
        if c.owner and r.random() < 0.22:
            d = r.randint(0, D - 1)
            trade = r.choice(pt['trades'])
            amt = round(lognorm(r, 650, 0.9), 2)
            tr(d, amt, trade)
            if r.random() < 0.25:
                tr(d + r.randint(10, 40), round(amt * r.uniform(1.5, 3.0), 2), trade)
        for payee, amt in c.monthly:
            for pd in self.payday_list(c.payday):
                tr(pd + r.randint(0, 3), amt, payee)
        # monthly invoices: a few days after the invoice arrives, after the pension
        for k, (payee, base, kind) in enumerate(c.invoices):
            for m0 in range(-1, D // 28 + 2):
                y, m = self.start.year, self.start.month + m0
                y += (m - 1) // 12
                m = (m - 1) % 12 + 1
                d = self.day_of(dt.date(y, m, 1)) + (c.i % 5) + 3 + r.randint(0, 4)
                if not self.in_window(d):
                    continue
                if kind == 'meals':
                    amt = round(r.randint(19, 28) * 8.90, 2)
                elif kind == 'care':
                    amt = round(base * r.uniform(0.9, 1.1), 2)
                else:
                    amt = base
                if (k, d) in c.skip_invoice:
                    continue
                tr(d, amt, payee)

    # ------------------------------------------------------------ fraud
    def plan_fraud(self):
        r = srng('fraud', self.seed)
        scale = self.n * self.days / (8000.0 * 120.0)
        expected = {'grandchild_shock_call': 26, 'tech_support_remote_access': 14, 'phishing_takeover': 30,
                    'card_skimming': 28, 'invoice_redirection': 18, 'stolen_card': 30, 'friendly_chargeback': 32}
        counts = {k: int(np.random.default_rng([self.seed, 99, i]).poisson(v * scale))
                  for i, (k, v) in enumerate(expected.items())}
        if sum(counts.values()) < 3:
            for k in r.sample(sorted(expected), 3):
                counts[k] = max(counts[k], 1)
        # mule accounts, reused across incidents
        self.mules_de = [iban(r, 'DE', '10011001') if r.random() < 0.5 else iban(r, 'DE') for _ in range(max(8, int(40 * scale)))]
        self.mules_abroad = [iban(r, cc, bank) for cc, bank in
                             [('LT', '32500'), ('LT', '35000'), ('LV', ''), ('EE', ''), ('CY', ''), ('PT', ''),
                              ('HR', ''), ('BG', ''), ('BE', '967'), ('NL', '')] * max(2, int(4 * scale))]
        used = set()
        self.incidents = []
        order = ['invoice_redirection', 'grandchild_shock_call', 'tech_support_remote_access', 'phishing_takeover',
                 'card_skimming', 'stolen_card', 'friendly_chargeback']
        for sc in order:
            for _ in range(counts[sc]):
                v = self.pick_victim(r, sc, used)
                if v is None:
                    continue
                used.add(v.i)
                self.incidents.append((sc, v, srng('incident', self.seed, sc, v.i)))

    def pick_victim(self, r, sc, used):
        cs = self.custs
        for _ in range(400):
            c = cs[r.randrange(len(cs))]
            if c.i in used:
                continue
            if sc == 'grandchild_shock_call':
                if c.age < 68 or not ({'pc', 'tablet', 'phone'} & set(c.devices)):
                    continue
                if c.age < 75 and r.random() < 0.5:
                    continue
            elif sc == 'tech_support_remote_access':
                if c.age < 55 or 'pc' not in c.devices:
                    continue
            elif sc == 'phishing_takeover':
                if not c.devices or c.transfer_rate <= 0:
                    continue
            elif sc in ('card_skimming', 'stolen_card'):
                if c.pos_rate <= 0.2:
                    continue
            elif sc == 'invoice_redirection':
                if not (c.invoices or c.owner) or not c.devices:
                    continue
            elif sc == 'friendly_chargeback':
                if c.band >= 4 or c.online_rate < 0.1 or not c.devices:
                    continue
                if c.band == 3 and r.random() < 0.7:
                    continue
            return c
        return None

    def office_time(self, r, t):
        """the next moment a claim can be opened (bank hotline 08-20 local, Mon-Sat)"""
        day = int((t - self.day0[0]) // 86400)
        if day < 0:
            day = 0
        while day < len(self.dates) - 1:
            if self.dates[day].weekday() < 6:
                lo = self.ts(day, 8 * 3600)
                hi = self.ts(day, 20 * 3600)
                if t < hi:
                    return max(t, lo) + r.randint(60, 3600 * 2)
            day += 1
            t = max(t, self.day0[day])
        return t + 3600

    def run_fraud(self):
        for sc, v, r in self.incidents:
            rows = getattr(self, 'f_' + sc)(v, r)
            if not rows:
                continue
            rows.sort(key=lambda x: x[0])
            last = rows[-1][0]
            delay = self.report_delay(sc, v, r)
            rep = None if delay is None else self.office_time(r, last + delay)
            for t, amt, s, payee, channel in rows:
                ch, ip, dev, ua, la, lo, cc, city, _ = s
                if t < self.day0[0] or t >= self.t_end:
                    continue
                self.rows.append((t, v.cid, round(amt, 2), channel or ch, ip, dev, ua, la, lo, cc, city, payee, 1,
                                  rep, sc))
            self.after_report(sc, v, r, rows, rep)

    def report_delay(self, sc, v, r):
        H, Dd = 3600.0, 86400.0
        x = r.random()
        old = v.band >= 4
        if sc == 'grandchild_shock_call':
            return None if x < 0.15 else r.uniform(1, 10) * H if x < 0.35 else r.uniform(1, 7) * Dd if x < 0.70 \
                else r.uniform(7, 35) * Dd
        if sc == 'tech_support_remote_access':
            return None if x < 0.05 else r.uniform(2, 24) * H if x < 0.5 else r.uniform(1, 5) * Dd if x < 0.88 \
                else r.uniform(5, 20) * Dd
        if sc == 'phishing_takeover':
            return None if x < 0.05 else r.uniform(1, 24) * H if x < 0.45 else r.uniform(1, 5) * Dd if x < 0.82 \
                else r.uniform(5, 21) * Dd
        if sc == 'card_skimming':
            if x < 0.05:
                return None
            return (r.uniform(1, 5) if x < (0.3 if old else 0.45) else r.uniform(5, 30) if x < 0.88 else
                    r.uniform(30, 45)) * Dd
        if sc == 'invoice_redirection':
            return None if x < 0.10 else r.uniform(14, 50) * Dd
        if sc == 'stolen_card':
            return r.uniform(0.5, 12) * H if x < 0.6 else r.uniform(12, 72) * H if x < 0.9 else r.uniform(3, 10) * Dd
        if sc == 'friendly_chargeback':
            return None if x < 0.15 else r.uniform(14, 75) * Dd
        return r.uniform(1, 10) * Dd

    def after_report(self, sc, v, r, rows, rep):
        first = rows[0][0]
        if sc == 'stolen_card':
            end = (rep if rep is not None else first + 3 * 86400) + r.uniform(4, 8) * 86400
            v.blocked.append((first - r.uniform(0.2, 1.0) * 3600, end))
        elif sc in ('tech_support_remote_access', 'phishing_takeover') and rep is not None:
            v.online_off.append((rep, rep + r.uniform(1, 5) * 86400))
            if sc == 'tech_support_remote_access':
                d = int((rep - self.day0[0]) // 86400) + r.randint(2, 6)
                if 0 < d < self.days and 'pc' in v.devices:
                    old = v.devices['pc'][-1][1]
                    nd = Device(r, 'pc', 'web', browser=old.browser, osv=old.osv, model=old.model)
                    v.devices['pc'].append((d, nd))
        elif sc == 'card_skimming' and rep is not None:
            v.blocked.append((rep, rep + r.uniform(2, 6) * 86400))   # card replaced

    def fraud_day(self, v, r, lo=None, hi=None, weekday=False, home=True):
        lo = max(0, int(self.days * 0.08)) if lo is None else lo
        hi = self.days - 1 if hi is None else hi
        for _ in range(60):
            d = r.randint(lo, max(lo, hi))
            if weekday and self.dates[d].weekday() >= 5:
                continue
            if home and self.where(v, d)[0] is not None:
                continue
            return d
        return r.randint(lo, max(lo, hi))

    def own_session(self, v, d, h, r, kinds=('pc', 'tablet', 'phone')):
        """the victim's own device at home (never the helper's)"""
        for k in kinds:
            dev = self.dev_at(v, k, d)
            if dev is not None:
                s = self.session(v, d, h, r, prefer=k, allow_helper=False)
                if s is not None and s[2] == dev.id:
                    return s
        return self.session(v, d, h, r, allow_helper=False)

    def f_grandchild_shock_call(self, v, r):
        d = self.fraud_day(v, r, weekday=True)
        h = r.randint(9, 14)
        secs = h * 3600 + r.randrange(3600)
        out = []
        kinds = ('pc', 'tablet', 'phone')
        n = 1 if r.random() < 0.55 else 2 if r.random() < 0.65 else r.randint(3, 4)
        payees = [r.choice(self.mules_de) if r.random() < 0.85 else r.choice(self.mules_abroad)]
        amt0 = min(30000.0, max(1000.0, round(lognorm(r, 6000, 0.6), -2)))
        for k in range(n):
            if k > 0:
                if r.random() < 0.5:
                    d += 1          # "the lawyer" calls again the next morning (daily limit)
                    secs = r.randint(8, 12) * 3600 + r.randrange(3600)
                else:
                    secs += r.randint(15, 90) * 60
                if r.random() < 0.4:
                    payees.append(r.choice(self.mules_de) if r.random() < 0.8 else r.choice(self.mules_abroad))
            if d >= self.days:
                break
            s = self.own_session(v, d, secs // 3600, r, kinds)
            if s is None:
                break
            amt = amt0 if k == 0 else min(30000.0, max(500.0, round(lognorm(r, amt0 * 0.8, 0.4), -2)))
            if r.random() < 0.2:
                amt -= r.choice([1, 10, 50])
            out.append((self.ts(d, secs, s[8]), amt, s, payees[-1], None))
        return out

    def f_tech_support_remote_access(self, v, r):
        d = self.fraud_day(v, r)
        h = r.randint(10, 18)
        secs = h * 3600 + r.randrange(3600)
        s = self.own_session(v, d, h, r, ('pc',))
        if s is None:
            return []
        out = []
        n = r.randint(2, 6)
        payees = [r.choice(self.mules_abroad) for _ in range(r.randint(1, 3))]
        amt = r.uniform(500, 2500)
        for k in range(n):
            out.append((self.ts(d, secs, 'CET'), min(4990.0, round(amt, r.choice([0, 2, -1]))), s, payees[k % len(payees)],
                        None))
            secs += r.randint(4, 20) * 60
            amt *= r.uniform(1.0, 1.6)
        return out

    def attacker_session(self, v, d, r, dev, via):
        la = lo = None
        if via == 'proxy':
            city = r.choice(['Berlin', 'Hamburg', 'Köln', 'Dortmund', 'Leipzig', 'Frankfurt am Main', 'München',
                             'Düsseldorf', 'Stuttgart', 'Nürnberg'])
            isp = r.choice(['telekom', 'telekom', 'vodafone', 'o2'])
            pre, _ = r.choice(self.region_pools(isp, 'city:' + city))
            ip = '%s.%d.%d' % (pre, r.randint(0, 255), r.randint(1, 254))
            geo = city
        elif via == 'vpn':
            pat, geo = r.choice(DATACENTER)
            ip = pat % tuple(r.randint(1, 254) for _ in range(pat.count('%d')))
        else:
            ip, geo = self.mobile_ip(r, 'DE')
        la, lo, cc, _ = CITY[geo]
        return (dev.channel, ip, dev.id, self.ua(dev, d), la, lo, cc, geo, 'CET')

    def f_phishing_takeover(self, v, r):
        d = self.fraud_day(v, r)
        if v.band <= 2 and r.random() < 0.6:
            os_, osv, model = r.choice(PHONES_YOUNG)
            dev = Device(r, 'phone', 'mobile', browser='app', os_=os_, osv=osv, model=model, prefix='a')
            dev.lag = 0
        else:
            dev = Device(r, 'pc', 'web', browser=r.choice(['win10-chrome', 'win10-chrome', 'win10-edge', 'linux-chrome']))
            dev.lag = 0
        via = wchoice(r, [('proxy', 60), ('vpn', 25), ('mobile', 15)])
        h = r.choice([r.randint(18, 23), r.randint(0, 3), r.randint(9, 17)])
        secs = h * 3600 + r.randrange(3600)
        out = []
        sess = self.attacker_session(v, d, r, dev, via)
        if r.random() < 0.3:
            out.append((self.ts(d, secs), round(r.uniform(1, 49), 2), sess, r.choice(self.mules_de), None))
            secs += r.randint(3, 40) * 60
        n = r.randint(1, 5)
        for k in range(n):
            if via == 'proxy' and r.random() < 0.5:
                sess = self.attacker_session(v, d, r, dev, via)
            if r.random() < 0.15:
                payee = r.choice(self.shared['crypto'])
            else:
                payee = r.choice(self.mules_de) if r.random() < 0.65 else r.choice(self.mules_abroad)
            amt = min(9900.0, max(300.0, lognorm(r, 2300, 0.6)))
            if r.random() < 0.5:
                amt = round(amt, -2) - r.choice([0, 0, 1, 10])
            if secs >= 86400:
                d += 1
                secs -= 86400
            if d >= self.days:
                break
            out.append((self.ts(d, secs), amt, sess, payee, None))
            secs += r.randint(2, 50) * 60 if r.random() < 0.8 else r.randint(6, 20) * 3600
        return out

    def f_card_skimming(self, v, r):
        d = self.fraud_day(v, r, lo=int(self.days * 0.05))
        out = []
        nul = (None,) * 9
        if r.random() < 0.55:          # card not present
            n = r.randint(2, 8)
            cc = r.choice(sorted(FOREIGN_IP))
            for k in range(n):
                dd = d + (0 if k < n // 2 else r.randint(0, 2))
                if dd >= self.days:
                    break
                t = self.ts(dd, r.randrange(86400))
                if r.random() < 0.55:
                    pat, geo = FOREIGN_IP[cc] if r.random() < 0.6 else r.choice(DATACENTER)
                    ip = pat % tuple(r.randint(1, 254) for _ in range(pat.count('%d')))
                    la, lo, c2, _ = CITY[geo]
                    ua = ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                          'Chrome/%d.0.0.0 Safari/537.36' % self.chrome_major(dd, 0))
                    s = (None, ip, None, ua, la, lo, c2, geo, None)
                else:
                    s = nul
                amt = min(1500.0, lognorm(r, 120, 0.8))
                if r.random() < 0.3:
                    amt = float(r.choice([25, 50, 100, 100, 150, 200]))
                out.append((t, amt, s, 'm-' + r.choice(FRAUD_ONLINE), 'card_online'))
        else:                          # magnetic-stripe clone in shops abroad
            place = r.choice(['Denpasar', 'Bangkok', 'Bogotá', 'Miami', 'Punta Cana', 'Lima', 'Kuala Lumpur',
                              'Bucureşti', 'Sofia', 'Istanbul'])
            la, lo, cc, zone = CITY[place]
            secs = r.randint(10, 18) * 3600
            for k in range(r.randint(2, 6)):
                shop = r.choice(FRAUD_POS_ABROAD)
                t = self.ts(d, secs, zone)
                out.append((t, min(2500.0, lognorm(r, 260, 0.8)),
                            (None, None, None, None, round(la + r.gauss(0, 0.02), 5), round(lo + r.gauss(0, 0.02), 5),
                             cc, place, None), 'm-%s-%s-%d' % (shop, slug(place), r.randint(1, 40)), 'card_present'))
                secs += r.randint(10, 120) * 60
        return out

    def f_invoice_redirection(self, v, r):
        pt = self.per_town[v.town]
        new_payee = iban(r, r.choice(['DE', 'DE', 'AT', 'ES', 'LT', 'PT', 'NL']))
        out = []
        if v.invoices and r.random() < 0.8:
            k = r.randrange(len(v.invoices))
            payee, base, kind = v.invoices[k]
            # the genuine schedule draws its own days; take a month-start day in the second half
            months = []
            for m0 in range(0, self.days // 28 + 2):
                y, m = self.start.year, self.start.month + m0
                y += (m - 1) // 12
                m = (m - 1) % 12 + 1
                dd = self.day_of(dt.date(y, m, 1))
                if 20 <= dd < self.days - 5:
                    months.append(dd)
            if not months:
                return []
            m_day = r.choice(months)
            n = 2 if r.random() < 0.35 else 1
            for j in range(n):
                d0 = m_day + 30 * j
                if d0 >= self.days:
                    break
                d = d0 + (v.i % 5) + 3 + r.randint(0, 4)
                for dd in range(d0 + 1, d0 + 12):
                    v.skip_invoice[(k, dd)] = True      # that month's genuine payment is missing
                if kind == 'meals':
                    amt = round(r.randint(19, 28) * 8.90, 2)
                elif kind == 'care':
                    amt = round(base * r.uniform(0.9, 1.1), 2)
                else:
                    amt = base
                if d >= self.days:
                    break
                h = self.hour(r, v.tr_peak, v.hour_sd)
                s = self.session(v, d, h, r)
                if s is None:
                    break
                out.append((self.ts(d, h * 3600 + r.randrange(3600), s[8]), amt, s, new_payee, None))
        else:
            # a tradesman's final invoice (the deposit went to the real account)
            trade = r.choice(pt['trades'])
            d = self.fraud_day(v, r, lo=0, hi=max(0, self.days - 30))
            dep = round(lognorm(r, 1200, 0.6), -1)
            h = self.hour(r, v.tr_peak, v.hour_sd)
            self.do_transfer(v, d, dep, trade, hour=h)
            d2 = d + r.randint(10, 28)
            if d2 >= self.days:
                return []
            h = self.hour(r, v.tr_peak, v.hour_sd)
            s = self.session(v, d2, h, r)
            if s is None:
                return []
            out.append((self.ts(d2, h * 3600 + r.randrange(3600), s[8]), round(dep * r.uniform(1.2, 2.5), 2), s,
                        new_payee, None))
        return out

    def f_stolen_card(self, v, r):
        d = self.fraud_day(v, r, home=False)
        place, _ = self.where(v, d)
        town = place or v.town
        cc, zone = CITY[town][2], CITY[town][3]
        if not self.shop_open(d, cc if cc in self.hol else 'DE') and cc != 'ES':
            d = min(self.days - 1, d + 1)
            while not self.shop_open(d, cc if cc in self.hol else 'DE') and d < self.days - 1:
                d += 1
        theft = r.randint(9, 16) * 3600 + r.randrange(3600)
        secs = theft + r.randint(10, 90) * 60
        towns = [town] + ([v.other_town] if not place else []) + (REGION_TOWNS.get(v.region, []) if not place else [])
        pin = r.random() < (0.25 if v.band >= 4 else 0.1)
        out = []
        n = r.randint(2, 8)
        for k in range(n):
            t_town = towns[0] if k < 2 or r.random() < 0.5 else r.choice(towns)
            ms = self.merchants.get(t_town) or self.merchants[v.town]
            cat = r.choice(['kiosk', 'petrol', 'drugstore', 'supermarket', 'electronics', 'kiosk', 'petrol'])
            lst = ms.get(cat) or ms['supermarket']
            mm = r.choice(lst)
            if pin and k >= 2:
                amt = lognorm(r, 320, 0.5)
            else:
                amt = r.uniform(14, 49.9) if r.random() < 0.8 else r.uniform(5, 14)
            if secs >= 20 * 3600:
                break
            c2 = CITY[t_town][2]
            out.append((self.ts(d, secs, zone), amt, (None, None, None, None, round(mm[1], 5), round(mm[2], 5), c2,
                                                      t_town, None), mm[0], 'card_present'))
            secs += r.randint(4, 45) * 60
        return out

    def f_friendly_chargeback(self, v, r):
        d = self.fraud_day(v, r)
        out = []
        for _ in range(1 if r.random() < 0.75 else 2):
            m = r.choice(['mediamarkt-online', 'zalando', 'amazon-eu', 'otto', 'booking-com', 'apple-com-bill',
                          'shein', 'ebay', 'ikea-online'])
            med, sd, _, _ = ONLINE[m]
            amt = min(900.0, max(40.0, lognorm(r, max(med * 2.5, 90), 0.5)))
            res = self.online_payment(v, d, 'm-' + m, amt, fraud=True)
            if res is None:
                continue
            t, amt, s = res
            out.append((t, amt, s, 'm-' + m, 'card_online'))
            d = min(self.days - 1, d + r.randint(0, 6))
        return out

    # ------------------------------------------------------------ main
    def generate(self):
        self.build()
        self.plan_fraud()
        self.run_fraud()
        for c in self.custs:
            self.gen_genuine(c)
        rows = [x for x in self.rows if self.day0[0] <= x[0] < self.t_end]
        rows.sort(key=lambda x: (x[0], x[1]))
        return rows


def iso(ts):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ts))


HEADER = ['transaction_id', 'customer_id', 'timestamp', 'amount', 'currency', 'channel', 'ip', 'device_id',
          'user_agent', 'lat', 'lon', 'country', 'city', 'payee_id', 'is_fraud', 'fraud_reported_at', 'scenario']


def _num(x):
    return '' if x is None else ('%.5f' % x).rstrip('0').rstrip('.')


def write(rows, path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'wt', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i, x in enumerate(rows):
            w.writerow(('tx-%09d' % (i + 1), x[1], iso(x[0]), '%.2f' % x[2], 'EUR', x[3], x[4] or '', x[5] or '',
                        x[6] or '', _num(x[7]), _num(x[8]), x[9] or '', x[10] or '', x[11], x[12],
                        iso(x[13]) if x[13] is not None else '', x[14]))


def summary(w, rows, out=sys.stderr):
    n = len(rows)
    fr = [x for x in rows if x[12]]
    print('rows %d, customers %d, fraud rows %d (%.3f%%)' % (n, w.n, len(fr), 100.0 * len(fr) / max(1, n)), file=out)
    by = Counter(x[14] for x in fr)
    amt = defaultdict(float)
    for x in fr:
        amt[x[14]] += x[2]
    tot = sum(amt.values()) or 1.0
    for sc in sorted(by):
        print('  %-28s %4d rows, %5.1f%% of fraud amount' % (sc, by[sc], 100.0 * amt[sc] / tot), file=out)
    print('  reported: %.1f%% of fraud rows' % (100.0 * sum(1 for x in fr if x[13] is not None) / max(1, len(fr))),
          file=out)
    band = {c.cid: c.band for c in w.custs}
    cnt = Counter(band[x[1]] for x in rows if not x[12])
    nb = Counter(c.band for c in w.custs)
    weeks = w.days / 7.0
    print('  payments per customer-week: ' + ', '.join('%s %.2f' % (BANDS[b], cnt[b] / max(1, nb[b]) / weeks)
                                                       for b in range(5)), file=out)
    seen = set()
    new = hon = 0
    for x in rows:
        k = (x[1], x[11])
        if not x[12]:
            hon += 1
            if k not in seen:
                new += 1
        seen.add(k)
    print('  honest payments to a payee never paid before: %.1f%%' % (100.0 * new / max(1, hon)), file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description='seniorbank: synthetic German/Austrian savings-bank payment replay')
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--customers', type=int, default=8000)
    ap.add_argument('--days', type=int, default=120)
    ap.add_argument('--start', default='2025-10-01', help='first day (UTC), YYYY-MM-DD')
    ap.add_argument('--out', default='world-seniorbank.csv.gz')
    args = ap.parse_args(argv)
    if args.customers < 1 or args.days < 1:
        ap.error('--customers and --days must be positive')
    start = dt.date.fromisoformat(args.start)
    t = time.time()
    w = World(args.seed, args.customers, args.days, start)
    rows = w.generate()
    write(rows, args.out)
    print('%s: %.1fs' % (args.out, time.time() - t), file=sys.stderr)
    summary(w, rows)


if __name__ == '__main__':
    main()
