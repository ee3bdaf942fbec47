"""globetrotter: a European premium multi-currency travel card and app, used by people who travel a lot.

Run:  python -m benchmarks.worlds.globetrotter --out world-globetrotter.csv.gz
      [--seed 7] [--customers 5000] [--days 90] [--start YYYY-MM-DD]

The world
---------
A European fintech sells a premium card with multi-currency "pockets" and an
app. Its customers live all over Europe (Frankfurt, Paris, Amsterdam, Madrid,
London, Dublin, Lisbon, Zurich, Stockholm, Warsaw, ...) and many of them are
rarely at home:

* airline crews based at a hub (short-haul crews: day turnarounds and
  one-night layovers in Europe; long-haul crews: 2-3 night layovers in New
  York, Dubai, Bangkok, Tokyo, Sao Paulo, ...). A roster is drawn once and
  repeats month after month with small swaps: the same crew hotel, the same
  airport shops, payments at odd local hours (a 03:00 convenience store in
  Tokyo after a night flight);
* cruise-ship crews on a weekly Mediterranean or Caribbean loop: a new port
  every day or two, shore leave 09:00-18:00 local, the ship's satellite
  Wi-Fi (a maritime provider's address in Norway) for everything online;
* management consultants: out on Monday morning to the client's city (often
  abroad), the same hotel and team restaurants Monday to Thursday, home on
  Thursday night; a new client every 4-10 weeks; a corporate VPN on the laptop
  (a few firms force it on the phone too);
* digital nomads: 3-9 weeks a city (Lisbon, Chiang Mai, Bali, Medellin, Mexico
  City, Tbilisi, Cape Town, ...), a coworking pass and a short-term rental, a
  local SIM or a travel eSIM (whose traffic often leaves the Internet in
  Singapore, Hong Kong, London or Amsterdam, not where the person is), a
  privacy VPN for many, monthly transfers home;
* expats (Dubai, Singapore, Hong Kong, New York, London, Zurich, Tokyo, Doha,
  Sydney, ...) who use the card as their main card in the local currency and
  send money to their home country;
* frequent business travellers (1-3 short trips a month, lounges, taxis);
* ordinary stay-at-home customers who use the card lightly at home and a lot
  on their few holidays (a city break, a beach week, a long-haul trip).

Habits are drawn in the local time of wherever the person is (EU, US,
southern-hemisphere and no-DST rules) and written in UTC. Amounts are in the
currency of the place (JPY, THB, IDR and KRW with realistic magnitudes and no
decimals; prices scaled by the local price level); transfers home are in the
home currency; airline tickets are priced in the customer's home currency.

Channels
--------
* `wallet`: a phone tap (Apple/Google Pay) at a merchant: the phone's device
  id, the IP of the app's current session when it had one in the last minutes
  (often the home carrier while roaming), and the merchant's place
  (lat/lon, country, city);
* `pos` / `atm`: the plastic card at a terminal: merchant place only;
* `ecom`: online card payments confirmed in the app or a browser (airline
  tickets, hotel and rental bookings, eSIMs, shops): device, IP, UA; lat/lon
  are the phone's GPS when location is allowed, otherwise the IP's
  geolocation (a carrier's hub city, a VPN exit, a hotel's city), or empty;
* `card_on_file`: subscriptions and ride-hailing charged by the merchant:
  no device or IP; ride-hailing carries the city of the ride;
* `mobile` / `web`: in-app or web-app transfers (home, to friends, to own
  currency pockets).

Networks: home Wi-Fi (a residential ISP address renewed every few weeks);
phones on the home carrier's CGNAT pools (about a third IPv6), which stay the
home carrier while roaming abroad; hotel, airport, coworking and rental Wi-Fi
(fixed addresses shared by every guest of that venue); local SIMs and travel
eSIMs; privacy VPNs (data-centre exits in Amsterdam, New York, Singapore,
Zurich, Stockholm, Frankfurt, London) used by about 16 % of customers, and
corporate VPN egresses shared by every employee of a firm; the ships'
maritime satellite links. About half of the customers also use a laptop; phones
are replaced now and then, sometimes abroad (a broken or lost phone: a new
device on a trip). Merchant and payee ids are shared by all customers in a
city (the same hotels, airport shops, ATMs, coworkings) and customers keep
favourites.

Fraud (`scenario`)
------------------
* `skimmed_card_abroad`: the card is skimmed at an ATM in a tourist spot
  (Bangkok, Bali, Cancun, Barcelona, Istanbul, ...; a compromised ATM catches
  several customers) and a clone is cashed out 2-20 days later in another
  country (Sofia, Bucharest, Jakarta, Mumbai, New York, ...): bursts of ATM
  withdrawals and a few shop purchases, plastic only; reported after hours to
  ~10 days, some never.
* `phished_app_takeover`: a phishing SMS gives away the app login; the thief
  enrols a new phone from a residential proxy in the victim's home country or
  from a data-centre VPN exit (the same exits honest customers use) and
  transfers to mule accounts in a quick burst, maybe buying gift cards or
  crypto; reported within hours to days.
* `sim_swap`: while the victim is abroad, their number is ported to a
  fraudster at home: a new device on the victim's own home carrier, in the
  home city, transfers to mules at night; reported when the victim notices
  that the phone has lost service.
* `stolen_phone_abroad`: the unlocked phone is snatched in a bar abroad and
  drained locally in the small hours with the victim's own device and network:
  wallet taps at late shops and transfers to a local mule; reported next
  morning. The victim gets a new phone on the trip a day or two later.
* `travel_booking_scam`: the customer pays a fake holiday-rental or booking
  site themselves (own device, network and place; a new payee shared by
  several victims, a larger amount, sometimes a deposit then the balance);
  reported when the trip falls through, weeks later, or never.
* `card_testing`: card details from a breach are tested with tiny payments at
  donation and game-key shops from data-centre and proxy IPs, without a device
  or with a fresh one per try, then maybe cashed out at electronics and
  gift-card e-shops; the small tests are often never reported.
* `friendly_chargeback`: a customer disputes their own hotel stay, ticket or
  purchase weeks later (first-party; the row looks genuine by design).

Fraud is about 0.3-0.6 % of rows; `fraud_reported_at` is empty when never
reported. Only outgoing payments are rows.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import math
import random
import sys
import time
import zlib

# --------------------------------------------------------------------------
# geography: key -> (city, country, lat, lon, standard UTC offset, DST rule, IATA, tags)
# DST rules: 'EU' (last Sun Mar - last Sun Oct), 'US' (2nd Sun Mar - 1st Sun Nov),
# 'AUS' (1st Sun Oct - 1st Sun Apr), 'NZ' (last Sun Sep - 1st Sun Apr), '' none.
CITY = {
    'fra': ('Frankfurt', 'DE', 50.1109, 8.6821, 1, 'EU', 'FRA', ''),
    'muc': ('Munich', 'DE', 48.1351, 11.5820, 1, 'EU', 'MUC', ''),
    'ber': ('Berlin', 'DE', 52.5200, 13.4050, 1, 'EU', 'BER', 'night'),
    'ham': ('Hamburg', 'DE', 53.5511, 9.9937, 1, 'EU', 'HAM', ''),
    'par': ('Paris', 'FR', 48.8566, 2.3522, 1, 'EU', 'CDG', 'tour'),
    'lys': ('Lyon', 'FR', 45.7640, 4.8357, 1, 'EU', 'LYS', ''),
    'nce': ('Nice', 'FR', 43.7102, 7.2620, 1, 'EU', 'NCE', 'beach'),
    'mrs': ('Marseille', 'FR', 43.2965, 5.3698, 1, 'EU', 'MRS', 'port'),
    'ams': ('Amsterdam', 'NL', 52.3676, 4.9041, 1, 'EU', 'AMS', 'night tour'),
    'rtm': ('Rotterdam', 'NL', 51.9244, 4.4777, 1, 'EU', 'RTM', ''),
    'mad': ('Madrid', 'ES', 40.4168, -3.7038, 1, 'EU', 'MAD', ''),
    'bcn': ('Barcelona', 'ES', 41.3874, 2.1686, 1, 'EU', 'BCN', 'tour night beach port skim'),
    'pmi': ('Palma', 'ES', 39.5696, 2.6502, 1, 'EU', 'PMI', 'beach port'),
    'mil': ('Milan', 'IT', 45.4642, 9.1900, 1, 'EU', 'MXP', ''),
    'rom': ('Rome', 'IT', 41.9028, 12.4964, 1, 'EU', 'FCO', 'tour skim'),
    'nap': ('Naples', 'IT', 40.8518, 14.2681, 1, 'EU', 'NAP', 'port'),
    'goa': ('Genoa', 'IT', 44.4056, 8.9463, 1, 'EU', 'GOA', 'port'),
    'lon': ('London', 'GB', 51.5074, -0.1278, 0, 'EU', 'LHR', 'tour night'),
    'man': ('Manchester', 'GB', 53.4808, -2.2426, 0, 'EU', 'MAN', ''),
    'dub': ('Dublin', 'IE', 53.3498, -6.2603, 0, 'EU', 'DUB', 'night'),
    'lis': ('Lisbon', 'PT', 38.7223, -9.1393, 0, 'EU', 'LIS', 'tour night nomad skim'),
    'opo': ('Porto', 'PT', 41.1579, -8.6291, 0, 'EU', 'OPO', 'tour nomad'),
    'vie': ('Vienna', 'AT', 48.2082, 16.3738, 1, 'EU', 'VIE', ''),
    'zrh': ('Zurich', 'CH', 47.3769, 8.5417, 1, 'EU', 'ZRH', ''),
    'gva': ('Geneva', 'CH', 46.2044, 6.1432, 1, 'EU', 'GVA', ''),
    'sto': ('Stockholm', 'SE', 59.3293, 18.0686, 1, 'EU', 'ARN', ''),
    'cph': ('Copenhagen', 'DK', 55.6761, 12.5683, 1, 'EU', 'CPH', ''),
    'osl': ('Oslo', 'NO', 59.9139, 10.7522, 1, 'EU', 'OSL', ''),
    'hel': ('Helsinki', 'FI', 60.1699, 24.9384, 2, 'EU', 'HEL', ''),
    'waw': ('Warsaw', 'PL', 52.2297, 21.0122, 1, 'EU', 'WAW', ''),
    'bru': ('Brussels', 'BE', 50.8503, 4.3517, 1, 'EU', 'BRU', ''),
    'prg': ('Prague', 'CZ', 50.0755, 14.4378, 1, 'EU', 'PRG', 'tour night skim'),
    'bud': ('Budapest', 'HU', 47.4979, 19.0402, 1, 'EU', 'BUD', 'tour night'),
    'ath': ('Athens', 'GR', 37.9838, 23.7275, 2, 'EU', 'ATH', 'tour port'),
    'her': ('Heraklion', 'GR', 35.3387, 25.1442, 2, 'EU', 'HER', 'beach'),
    'spu': ('Split', 'HR', 43.5081, 16.4402, 1, 'EU', 'SPU', 'beach nomad'),
    'vlt': ('Valletta', 'MT', 35.8989, 14.5146, 1, 'EU', 'MLA', 'beach port'),
    'sof': ('Sofia', 'BG', 42.6977, 23.3219, 2, 'EU', 'SOF', 'cashout'),
    'buh': ('Bucharest', 'RO', 44.4268, 26.1025, 2, 'EU', 'OTP', 'cashout'),
    'kef': ('Reykjavik', 'IS', 64.1466, -21.9426, 0, '', 'KEF', 'tour'),
    'ist': ('Istanbul', 'TR', 41.0082, 28.9784, 3, '', 'IST', 'tour skim cashout'),
    'tbs': ('Tbilisi', 'GE', 41.7151, 44.8271, 4, '', 'TBS', 'nomad'),
    'nyc': ('New York', 'US', 40.7128, -74.0060, -5, 'US', 'JFK', 'tour night cashout'),
    'bos': ('Boston', 'US', 42.3601, -71.0589, -5, 'US', 'BOS', ''),
    'mia': ('Miami', 'US', 25.7617, -80.1918, -5, 'US', 'MIA', 'beach night port'),
    'chi': ('Chicago', 'US', 41.8781, -87.6298, -6, 'US', 'ORD', ''),
    'sfo': ('San Francisco', 'US', 37.7749, -122.4194, -8, 'US', 'SFO', ''),
    'lax': ('Los Angeles', 'US', 34.0522, -118.2437, -8, 'US', 'LAX', 'tour'),
    'yyz': ('Toronto', 'CA', 43.6532, -79.3832, -5, 'US', 'YYZ', ''),
    'mex': ('Mexico City', 'MX', 19.4326, -99.1332, -6, '', 'MEX', 'tour night nomad skim'),
    'cun': ('Cancun', 'MX', 21.1619, -86.8515, -5, '', 'CUN', 'beach night skim cashout'),
    'czm': ('Cozumel', 'MX', 20.4230, -86.9223, -5, '', 'CZM', 'port'),
    'nas': ('Nassau', 'BS', 25.0443, -77.3504, -5, 'US', 'NAS', 'port'),
    'sxm': ('Philipsburg', 'SX', 18.0237, -63.0458, -4, '', 'SXM', 'port'),
    'bog': ('Bogota', 'CO', 4.7110, -74.0721, -5, '', 'BOG', ''),
    'mde': ('Medellin', 'CO', 6.2442, -75.5812, -5, '', 'MDE', 'night nomad'),
    'gru': ('Sao Paulo', 'BR', -23.5505, -46.6333, -3, '', 'GRU', 'cashout'),
    'rio': ('Rio de Janeiro', 'BR', -22.9068, -43.1729, -3, '', 'GIG', 'tour beach night skim'),
    'bue': ('Buenos Aires', 'AR', -34.6037, -58.3816, -3, '', 'EZE', 'nomad tour'),
    'dxb': ('Dubai', 'AE', 25.2048, 55.2708, 4, '', 'DXB', 'tour'),
    'auh': ('Abu Dhabi', 'AE', 24.4539, 54.3773, 4, '', 'AUH', ''),
    'doh': ('Doha', 'QA', 25.2854, 51.5310, 3, '', 'DOH', ''),
    'cai': ('Cairo', 'EG', 30.0444, 31.2357, 2, 'EU', 'CAI', 'tour skim'),
    'rak': ('Marrakech', 'MA', 31.6295, -7.9811, 1, '', 'RAK', 'tour skim'),
    'cpt': ('Cape Town', 'ZA', -33.9249, 18.4241, 2, '', 'CPT', 'tour nomad'),
    'jnb': ('Johannesburg', 'ZA', -26.2041, 28.0473, 2, '', 'JNB', 'cashout'),
    'nbo': ('Nairobi', 'KE', -1.2921, 36.8219, 3, '', 'NBO', ''),
    'bom': ('Mumbai', 'IN', 19.0760, 72.8777, 5.5, '', 'BOM', 'cashout'),
    'del': ('Delhi', 'IN', 28.7041, 77.1025, 5.5, '', 'DEL', ''),
    'bkk': ('Bangkok', 'TH', 13.7563, 100.5018, 7, '', 'BKK', 'tour night skim'),
    'hkt': ('Phuket', 'TH', 7.8804, 98.3923, 7, '', 'HKT', 'beach night skim'),
    'cnx': ('Chiang Mai', 'TH', 18.7883, 98.9853, 7, '', 'CNX', 'nomad'),
    'dps': ('Denpasar', 'ID', -8.6705, 115.2126, 8, '', 'DPS', 'beach night nomad skim'),
    'cgk': ('Jakarta', 'ID', -6.2088, 106.8456, 7, '', 'CGK', 'cashout'),
    'sin': ('Singapore', 'SG', 1.3521, 103.8198, 8, '', 'SIN', ''),
    'kul': ('Kuala Lumpur', 'MY', 3.1390, 101.6869, 8, '', 'KUL', 'nomad cashout'),
    'hkg': ('Hong Kong', 'HK', 22.3193, 114.1694, 8, '', 'HKG', ''),
    'tyo': ('Tokyo', 'JP', 35.6762, 139.6503, 9, '', 'HND', 'tour'),
    'osa': ('Osaka', 'JP', 34.6937, 135.5023, 9, '', 'KIX', 'tour'),
    'sel': ('Seoul', 'KR', 37.5665, 126.9780, 9, '', 'ICN', ''),
    'sgn': ('Ho Chi Minh City', 'VN', 10.8231, 106.6297, 7, '', 'SGN', 'nomad night'),
    'syd': ('Sydney', 'AU', -33.8688, 151.2093, 10, 'AUS', 'SYD', 'tour'),
    'mel': ('Melbourne', 'AU', -37.8136, 144.9631, 10, 'AUS', 'MEL', ''),
    'akl': ('Auckland', 'NZ', -36.8485, 174.7633, 12, 'NZ', 'AKL', ''),
}

# country -> (currency, units per EUR, decimals, price level vs. euro area, hub city key)
COUNTRY = {
    'DE': ('EUR', 1.0, 2, 1.0, 'fra'), 'FR': ('EUR', 1.0, 2, 1.05, 'par'), 'NL': ('EUR', 1.0, 2, 1.05, 'ams'),
    'ES': ('EUR', 1.0, 2, 0.85, 'mad'), 'IT': ('EUR', 1.0, 2, 0.95, 'mil'), 'GB': ('GBP', 0.85, 2, 1.1, 'lon'),
    'IE': ('EUR', 1.0, 2, 1.15, 'dub'), 'PT': ('EUR', 1.0, 2, 0.8, 'lis'), 'AT': ('EUR', 1.0, 2, 1.0, 'vie'),
    'CH': ('CHF', 0.94, 2, 1.5, 'zrh'), 'SE': ('SEK', 11.4, 2, 1.1, 'sto'), 'DK': ('DKK', 7.46, 2, 1.25, 'cph'),
    'NO': ('NOK', 11.7, 2, 1.35, 'osl'), 'FI': ('EUR', 1.0, 2, 1.1, 'hel'), 'PL': ('PLN', 4.3, 2, 0.6, 'waw'),
    'BE': ('EUR', 1.0, 2, 1.0, 'bru'), 'CZ': ('CZK', 25.2, 2, 0.7, 'prg'), 'HU': ('HUF', 395.0, 0, 0.6, 'bud'),
    'GR': ('EUR', 1.0, 2, 0.8, 'ath'), 'HR': ('EUR', 1.0, 2, 0.75, 'spu'), 'MT': ('EUR', 1.0, 2, 0.85, 'vlt'),
    'BG': ('BGN', 1.956, 2, 0.5, 'sof'), 'RO': ('RON', 4.97, 2, 0.55, 'buh'), 'IS': ('ISK', 150.0, 0, 1.5, 'kef'),
    'TR': ('TRY', 37.0, 2, 0.5, 'ist'), 'GE': ('GEL', 2.95, 2, 0.45, 'tbs'),
    'US': ('USD', 1.08, 2, 1.2, 'nyc'), 'CA': ('CAD', 1.48, 2, 1.1, 'yyz'), 'MX': ('MXN', 19.5, 2, 0.55, 'mex'),
    'BS': ('BSD', 1.08, 2, 1.3, 'nas'), 'SX': ('USD', 1.08, 2, 1.3, 'sxm'), 'CO': ('COP', 4400.0, 0, 0.45, 'bog'),
    'BR': ('BRL', 6.0, 2, 0.55, 'gru'), 'AR': ('ARS', 1050.0, 2, 0.5, 'bue'),
    'AE': ('AED', 3.97, 2, 1.1, 'dxb'), 'QA': ('QAR', 3.93, 2, 1.1, 'doh'), 'EG': ('EGP', 52.0, 2, 0.35, 'cai'),
    'MA': ('MAD', 10.8, 2, 0.5, 'rak'), 'ZA': ('ZAR', 20.0, 2, 0.5, 'jnb'), 'KE': ('KES', 140.0, 2, 0.5, 'nbo'),
    'IN': ('INR', 91.0, 2, 0.35, 'bom'), 'TH': ('THB', 38.0, 2, 0.45, 'bkk'), 'ID': ('IDR', 17500.0, 0, 0.4, 'cgk'),
    'SG': ('SGD', 1.46, 2, 1.2, 'sin'), 'MY': ('MYR', 5.0, 2, 0.5, 'kul'), 'HK': ('HKD', 8.45, 2, 1.15, 'hkg'),
    'JP': ('JPY', 163.0, 0, 0.85, 'tyo'), 'KR': ('KRW', 1480.0, 0, 0.85, 'sel'), 'VN': ('VND', 27500.0, 0, 0.35, 'sgn'),
    'AU': ('AUD', 1.65, 2, 1.1, 'syd'), 'NZ': ('NZD', 1.8, 2, 1.05, 'akl'),
}
EU_ROAM = set('DE FR NL ES IT IE PT AT FI BE GR HR MT BG RO CZ HU PL SE DK NO IS'.split())  # roam-like-at-home

# where customers live (weights), by segment family
HOME_EU = [('fra', 4), ('muc', 4), ('ber', 6), ('ham', 3), ('par', 8), ('lys', 2), ('ams', 6), ('rtm', 2),
           ('mad', 6), ('bcn', 4), ('mil', 5), ('rom', 4), ('lon', 9), ('man', 2), ('dub', 4), ('lis', 3),
           ('opo', 1), ('vie', 3), ('zrh', 3), ('gva', 1), ('sto', 3), ('cph', 2), ('osl', 1), ('hel', 1),
           ('waw', 3), ('bru', 3), ('prg', 2), ('bud', 1), ('ath', 2)]
CREW_BASES = [('fra', 5), ('muc', 3), ('par', 5), ('ams', 4), ('mad', 3), ('lon', 6), ('dub', 3), ('lis', 2),
              ('zrh', 2), ('vie', 2), ('cph', 2), ('hel', 1), ('bru', 1)]
SHORT_HAUL = ['fra', 'muc', 'ber', 'ham', 'par', 'nce', 'ams', 'mad', 'bcn', 'pmi', 'mil', 'rom', 'nap', 'lon', 'man',
              'dub', 'lis', 'opo', 'vie', 'zrh', 'gva', 'sto', 'cph', 'osl', 'hel', 'waw', 'bru', 'prg', 'bud', 'ath',
              'her', 'spu', 'vlt', 'sof', 'buh', 'kef', 'ist', 'tbs', 'rak', 'cai']
LONG_HAUL = ['nyc', 'bos', 'mia', 'chi', 'sfo', 'lax', 'yyz', 'mex', 'cun', 'bog', 'gru', 'rio', 'bue', 'dxb', 'doh',
             'cpt', 'jnb', 'nbo', 'bom', 'del', 'bkk', 'hkt', 'sin', 'kul', 'hkg', 'tyo', 'osa', 'sel', 'syd', 'dps']
BIZ_DEST = ['lon', 'par', 'fra', 'muc', 'ams', 'zrh', 'gva', 'mil', 'mad', 'bcn', 'bru', 'dub', 'sto', 'cph', 'vie',
            'waw', 'prg', 'nyc', 'bos', 'chi', 'sfo', 'dxb', 'sin', 'hkg', 'tyo', 'ist', 'doh', 'yyz', 'bom']
HOLIDAY_SHORT = ['bcn', 'lis', 'rom', 'par', 'ams', 'prg', 'bud', 'ath', 'her', 'spu', 'pmi', 'nce', 'vlt', 'opo',
                 'kef', 'ist', 'rak', 'lon', 'cph', 'vie', 'nap', 'dub', 'ber']
HOLIDAY_LONG = ['nyc', 'mia', 'lax', 'cun', 'mex', 'rio', 'bue', 'dxb', 'cpt', 'bkk', 'hkt', 'dps', 'sin', 'tyo',
                'osa', 'syd', 'sgn', 'cai', 'mde', 'akl', 'hkg', 'sel', 'del']
NOMAD_HUBS = [('lis', 6), ('opo', 2), ('bcn', 3), ('cnx', 5), ('dps', 6), ('bkk', 3), ('mde', 5), ('mex', 5),
              ('tbs', 3), ('cpt', 3), ('bue', 3), ('ist', 2), ('sgn', 3), ('kul', 2), ('spu', 2), ('ath', 2),
              ('buh', 1), ('sof', 1)]
EXPAT_CITIES = [('dxb', 7), ('sin', 6), ('hkg', 4), ('nyc', 4), ('lon', 6), ('zrh', 4), ('tyo', 2), ('doh', 2),
                ('syd', 2), ('lis', 3), ('bcn', 3), ('ams', 4), ('ber', 3), ('auh', 2), ('sfo', 1), ('gva', 2)]
CRUISE_LOOPS = {'med': ['bcn', 'mrs', 'goa', 'nap', None, 'vlt', 'pmi'],
                'car': ['mia', None, 'nas', 'czm', 'cun', None, 'sxm']}
AIRLINE = {'DE': 'lh', 'FR': 'af', 'NL': 'kl', 'ES': 'ib', 'IT': 'az', 'GB': 'ba', 'IE': 'ei', 'PT': 'tp',
           'AT': 'os', 'CH': 'lx', 'SE': 'sk', 'DK': 'sk', 'NO': 'sk', 'FI': 'ay', 'PL': 'lo', 'BE': 'sn',
           'CZ': 'ok', 'HU': 'w6', 'GR': 'a3'}
LOWCOST = ['fr', 'u2', 'vy', 'w6', 'hv']
LONGHAUL_AIRLINES = ['ek', 'qr', 'tk', 'sq', 'ua', 'dl', 'aa', 'jl', 'cx', 'ey']
RIDE = {'US': 'uber', 'GB': 'uber', 'FR': 'uber', 'DE': 'freenow', 'NL': 'uber', 'ES': 'cabify', 'IT': 'freenow',
        'IE': 'freenow', 'PT': 'bolt', 'PL': 'bolt', 'CZ': 'bolt', 'HU': 'bolt', 'GR': 'freenow', 'MX': 'uber',
        'CO': 'didi', 'BR': 'uber', 'AR': 'cabify', 'AE': 'careem', 'QA': 'uber', 'EG': 'uber', 'ZA': 'bolt',
        'KE': 'bolt', 'IN': 'uber', 'TH': 'grab', 'ID': 'grab', 'SG': 'grab', 'MY': 'grab', 'VN': 'grab',
        'HK': 'uber', 'JP': 'go', 'KR': 'kakaot', 'AU': 'uber', 'NZ': 'uber', 'CA': 'uber', 'TR': 'bitaksi',
        'GE': 'bolt', 'RO': 'bolt', 'BG': 'bolt', 'SE': 'bolt', 'DK': 'uber', 'NO': 'uber', 'CH': 'uber',
        'AT': 'uber', 'BE': 'uber', 'FI': 'bolt', 'HR': 'bolt', 'MT': 'bolt', 'MA': 'heetch'}
HOTEL_CHAINS = ['marriott', 'hilton', 'accor', 'ihg', 'hyatt', 'radisson', 'melia', 'nh', 'motelone', 'citizenm']

# --------------------------------------------------------------------------
# networks (fixed: the address plan does not depend on --seed)
_EU_OCT = [2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109,
           151, 176, 178, 188, 193, 194, 195, 212, 213, 217]
_AP_OCT = [1, 14, 27, 36, 42, 49, 58, 59, 60, 61, 101, 103, 110, 111, 112, 113, 114, 115, 116, 118, 119, 120, 121,
           122, 124, 125, 175, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221]
_AM_OCT = [24, 47, 50, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 107, 108, 142, 152,
           173, 174, 177, 179, 181, 186, 187, 189, 190, 191, 200, 201]
_AF_OCT = [41, 102, 105, 154, 196, 197, 156, 160, 37, 5, 31, 94]
_REGION = {cc: ('ap' if cc in 'IN TH ID SG MY HK JP KR VN AU NZ'.split() else
                'am' if cc in 'US CA MX BS SX CO BR AR'.split() else
                'af' if cc in 'AE QA EG MA ZA KE TR GE'.split() else 'eu') for cc in COUNTRY}
_OCT = {'eu': _EU_OCT, 'ap': _AP_OCT, 'am': _AM_OCT, 'af': _AF_OCT}


def _crc(s):
    return zlib.crc32(s.encode())


def _prefixes(tag, cc, n):
    r = random.Random(_crc(tag + cc))
    octs = _OCT[_REGION[cc]]
    return [(r.choice(octs), r.randint(1, 254)) for _ in range(n)]


# carriers: country -> [(carrier name, [(a, b), ...] IPv4 /16 pools, IPv6 /32 or None)]
CARRIER = {}
ISP = {}
for _cc in COUNTRY:
    _r = random.Random(_crc('carrier' + _cc))
    CARRIER[_cc] = [('%s-m%d' % (_cc.lower(), i), _prefixes('mob%d' % i, _cc, 3),
                     ('2a0%d:%x' % (_r.randint(1, 9), _r.randint(0x1000, 0xfffe)) if _r.random() < 0.6 else None))
                    for i in range(3)]
    ISP[_cc] = [_prefixes('isp%d' % i, _cc, 4) for i in range(3)]

# data-centre VPN exits: country -> (city key, /24 prefixes)
DC_EXIT = {'NL': ('ams', ['185.107.56', '89.38.97', '213.152.161', '37.120.133']),
           'US': ('nyc', ['45.86.201', '104.223.91', '23.108.44', '173.244.209']),
           'SG': ('sin', ['103.108.231', '139.99.118', '89.187.162']),
           'CH': ('zrh', ['179.43.128', '91.132.136']),
           'SE': ('sto', ['185.195.233', '146.70.16']),
           'DE': ('fra', ['185.220.101', '93.177.74', '5.253.207']),
           'GB': ('lon', ['185.245.87', '146.70.121', '141.98.252'])}
# corporate VPN egresses: firm -> [(country, ip)]
CORP = {}
for _i in range(14):
    _r = random.Random(_crc('corp%d' % _i))
    _sites = _r.sample(['DE', 'NL', 'IE', 'GB', 'US', 'FR', 'CH'], _r.randint(1, 3))
    CORP['firm%02d' % _i] = [(cc, '%s.%d' % (_r.choice(DC_EXIT[cc][1] if cc in DC_EXIT else ['62.%d.%d' % (
        _r.randint(100, 250), _r.randint(0, 255))]), _r.randint(2, 250))) for cc in _sites for _ in range(3)]
# travel-eSIM breakouts (the partner network's gateway, not where the traveller is)
ESIM_HUB = ['SG', 'HK', 'GB', 'NL', 'US']
MARITIME = [('NO', '185.%d.%d' % (21, 40 + i)) for i in range(4)]   # satellite provider /24s, geolocated to Norway


def host(prefix2, r):
    a, b = prefix2
    return '%d.%d.%d.%d' % (a, b, r.randint(0, 255), r.randint(1, 254))


def city_ll(key):
    c = CITY[key]
    return c[2], c[3]


def merchant_ll(key, mid, airport=False):
    lat, lon = city_ll(key)
    h = _crc(mid)
    if airport:
        ang, dist = (h % 360) * math.pi / 180, 12 + (h >> 9) % 15
    else:
        ang, dist = (h % 360) * math.pi / 180, 0.3 + ((h >> 9) % 1000) / 1000 * 6.5
    return (lat + dist / 111.0 * math.sin(ang),
            lon + dist / (111.0 * max(0.2, math.cos(math.radians(lat)))) * math.cos(ang))


def km(a, b):
    la1, lo1 = city_ll(a)
    la2, lo2 = city_ll(b)
    p = math.pi / 180
    x = 0.5 - math.cos((la2 - la1) * p) / 2 + math.cos(la1 * p) * math.cos(la2 * p) * (1 - math.cos((lo2 - lo1) * p)) / 2
    return 12742 * math.asin(math.sqrt(max(0.0, x)))


# --------------------------------------------------------------------------
# time
def _nth_sunday(y, m, n):
    d = dt.date(y, m, 1)
    d += dt.timedelta(days=(6 - d.weekday()) % 7)
    return d + dt.timedelta(days=7 * (n - 1))


def _last_sunday(y, m):
    d = dt.date(y, m + 1, 1) - dt.timedelta(days=1) if m < 12 else dt.date(y, 12, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def utc_offset(key, date):
    std, rule = CITY[key][4], CITY[key][5]
    y = date.year
    if rule == 'EU':
        return std + (1 if _last_sunday(y, 3) <= date < _last_sunday(y, 10) else 0)
    if rule == 'US':
        return std + (1 if _nth_sunday(y, 3, 2) <= date < _nth_sunday(y, 11, 1) else 0)
    if rule == 'AUS':
        return std + (0 if _nth_sunday(y, 4, 1) <= date < _nth_sunday(y, 10, 1) else 1)
    if rule == 'NZ':
        return std + (0 if _nth_sunday(y, 4, 1) <= date < _last_sunday(y, 9) else 1)
    return std


# --------------------------------------------------------------------------
# spending categories: base EUR at price level 1, lognormal sigma, local hours (weighted windows)
CAT = {
    'coffee': (4.2, 0.35, [(7, 11, 5), (14, 17, 2)]),
    'lunch': (16.0, 0.4, [(11.8, 14.5, 1)]),
    'dinner': (38.0, 0.55, [(18.5, 22.5, 1)]),
    'bar': (24.0, 0.65, [(20.5, 25.5, 1)]),
    'grocery': (21.0, 0.75, [(8, 21, 1)]),
    'shop': (55.0, 0.9, [(10, 20, 1)]),
    'sight': (22.0, 0.6, [(9.5, 17, 1)]),
    'taxi': (21.0, 0.5, [(7, 24, 1)]),
    'ride': (14.0, 0.5, [(7, 25, 1)]),
    'atm': (150.0, 0.5, [(9, 22, 1)]),
    'pharmacy': (14.0, 0.6, [(9, 20, 1)]),
}
# expected payments a day by context
RATES = {
    'home_light': {'coffee': .025, 'lunch': .02, 'dinner': .02, 'grocery': .03, 'shop': .02, 'bar': .008},
    'home_mid': {'coffee': .09, 'lunch': .06, 'dinner': .05, 'grocery': .08, 'shop': .04, 'bar': .02, 'ride': .03,
                 'taxi': .01},
    'home_main': {'coffee': .22, 'lunch': .13, 'dinner': .1, 'grocery': .22, 'shop': .08, 'bar': .05, 'ride': .06,
                  'taxi': .02, 'pharmacy': .02, 'atm': .015},
    'trip': {'coffee': .45, 'lunch': .45, 'dinner': .6, 'grocery': .15, 'shop': .25, 'bar': .22, 'taxi': .25,
             'ride': .3, 'atm': .07, 'sight': .25, 'pharmacy': .03},
    'client': {'coffee': .45, 'lunch': .3, 'dinner': .5, 'taxi': .3, 'ride': .35, 'grocery': .08, 'bar': .12},
    'layover': {'coffee': .45, 'lunch': .25, 'dinner': .45, 'grocery': .4, 'shop': .25, 'bar': .12, 'taxi': .12,
                'pharmacy': .04, 'atm': .03},
    'nomad': {'coffee': .45, 'lunch': .35, 'dinner': .35, 'grocery': .25, 'shop': .08, 'bar': .15, 'ride': .2,
              'taxi': .03, 'atm': .04, 'pharmacy': .02},
    'port': {'coffee': .35, 'lunch': .25, 'shop': .35, 'grocery': .3, 'bar': .1, 'atm': .08, 'pharmacy': .05,
             'taxi': .05},
}
POOL = {'coffee': 40, 'lunch': 60, 'dinner': 80, 'bar': 40, 'grocery': 25, 'shop': 60, 'sight': 15, 'taxi': 6,
        'atm': 12, 'pharmacy': 15}
_ZERO_STEP = {'JPY': 10, 'KRW': 100, 'IDR': 1000, 'VND': 1000, 'COP': 100, 'HUF': 10, 'ISK': 10}


def fmt_amount(x, ccy, r, roundish=0.3):
    dec = 0 if ccy in _ZERO_STEP else 2
    if dec == 0:
        step = _ZERO_STEP[ccy]
        if x > 300 * step and r.random() < 0.5:
            step *= 10
        v = max(step, int(round(x / step)) * step)
        return str(v)
    if x >= 20 and r.random() < roundish:
        v = round(x * 2) / 2
    else:
        v = round(x, 2)
    return '%.2f' % max(0.01, v)


def local_amount(base_eur, sigma, cc, r, pl=True):
    ccy, fx, _, lvl, _ = COUNTRY[cc]
    x = base_eur * (lvl if pl else 1.0) * fx * math.exp(r.gauss(0, sigma))
    return x, ccy


def draw_hour(cat, r):
    wins = CAT[cat][2]
    tot = sum(w for _, _, w in wins)
    u = r.random() * tot
    for a, b, w in wins:
        if u < w:
            return a + (b - a) * r.random()
        u -= w
    return wins[-1][0]


# --------------------------------------------------------------------------
# people
IOS_MODELS = ['iPhone14,5', 'iPhone14,7', 'iPhone15,2', 'iPhone15,4', 'iPhone16,1', 'iPhone16,2', 'iPhone17,1',
              'iPhone17,3']
ANDROID_MODELS = ['SM-S918B', 'SM-S921B', 'SM-A546B', 'Pixel 8', 'Pixel 9 Pro', 'SM-S928B', '2312DRA50G', 'CPH2581']
APP_VERSIONS = ['6.3.2', '6.4.0', '6.4.1', '6.5.0']   # released at day 0, 25, 40, 70 (scaled)


class Person:
    __slots__ = ('i', 'id', 'seg', 'base', 'cc', 'origin_cc', 'carrier', 'home_ips', 'phones', 'laptop', 'vpn',
                 'vpn_phone', 'vpn_exit', 'corp', 'corp_phone', 'gps', 'wallet', 'act', 'loc', 'lodge', 'dep',
                 'sim', 'fav', 'friends', 'family', 'own_iban', 'subs', 'no_phone', 'app_lag', 'crew_air', 'ship',
                 'cookie_days', 'ticket_days', 'extra', 'r', 'pockets', 'visits')

    def __init__(self, i, r):
        self.i = i
        self.r = r
        self.fav = {}
        self.extra = []          # planned extra genuine events (fraud hooks)
        self.no_phone = []       # (t0, t1): the phone is gone
        self.visits = {}         # day -> [(city, h0, h1)] short airport turnarounds
        self.ticket_days = []


def pick_w(pairs, r):
    tot = sum(w for _, w in pairs)
    u = r.random() * tot
    for k, w in pairs:
        if u < w:
            return k
        u -= w
    return pairs[-1][0]


class World:
    def __init__(self, seed, n, days, start):
        self.seed, self.n, self.D, self.start = seed, n, days, start
        self.r = random.Random(seed)
        self.t0 = dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc).timestamp()
        self.t_end = self.t0 + days * 86400
        self.off = {k: [utc_offset(k, start + dt.timedelta(days=d)) for d in range(-1, days + 3)] for k in CITY}
        self.rows = []
        self.people = []
        self.ids = set()

    # ---- helpers
    def ts(self, key, d, hour):
        return self.t0 + d * 86400 + (hour - self.off[key][d + 1]) * 3600

    def local_hour(self, key, ts):
        d = int((ts - self.t0) // 86400)
        d = min(max(d, -1), self.D + 1)
        return ((ts - self.t0) / 3600 + self.off[key][d + 1]) % 24

    def new_id(self, prefix, r, n=10):
        while True:
            s = prefix + ''.join(r.choice('0123456789abcdef') for _ in range(n))
            if s not in self.ids:
                self.ids.add(s)
                return s

    def phone_at(self, p, ts):
        cur = None
        for t, dev, ua in p.phones:
            if t <= ts:
                cur = (dev, ua)
        return cur

    def app_ua(self, p, ua_base, ts):
        day = (ts - self.t0) / 86400 - p.app_lag
        k = 0
        for i, rel in enumerate((0, 0.28, 0.45, 0.78)):
            if day >= rel * self.D:
                k = i
        return 'Globetrotter/%s (%s)' % (APP_VERSIONS[k], ua_base)

    def browser_ua(self, p, ts):
        kind, _ = p.laptop
        wk = int((ts - self.t0) / 86400 / 28)
        if kind == 'mac':
            return ('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) '
                    'Version/18.%d Safari/605.1.15' % min(6, 1 + wk))
        if kind == 'firefox':
            return 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0' % (
                132 + wk, 132 + wk)
        return ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                'Chrome/%d.0.0.0 Safari/537.36' % (131 + wk))

    def merchant(self, p, key, cat, r):
        """A merchant id in city `key`: the person's favourites first, else the city's pool (popular ones shared)."""
        fk = (key, cat)
        fav = p.fav.get(fk)
        n = POOL.get(cat, 20)
        if fav is None:
            fav = p.fav[fk] = [int(n * r.random() ** 2) for _ in range(r.randint(1, 4))]
        j = r.choice(fav) if r.random() < 0.65 else int(n * r.random() ** 1.7)
        if cat == 'ride':
            return 'mc-%s-%s' % (RIDE.get(CITY[key][1], 'uber'), CITY[key][1].lower())
        return '%s-%s-%03d' % (cat[:4], key, j)

    # ---- networks
    def mobile_ip(self, carrier, r):
        name, pools, v6 = carrier
        if v6 and r.random() < 0.45:
            return '%s:%x:%x::%x:%x' % (v6, r.randint(0, 0xffff), r.randint(0, 0xffff), r.randint(1, 0xffff),
                                       r.randint(1, 0xffff))
        return host(r.choice(pools), r)

    def venue_ip(self, venue, cc):
        r = random.Random(_crc('venue' + venue))
        isp = ISP[cc][r.randrange(3)]
        return host(r.choice(isp), r)

    def home_ip(self, p, d):
        ips = p.home_ips
        cur = ips[0][1]
        for dd, ip in ips:
            if dd <= d:
                cur = ip
        return cur

    def network(self, p, d, key, setting, device, r, work=False):
        """-> (ip, ip_country, kind, ip_city_key). setting: home/hotel/venue id/street/ship."""
        cc = CITY[key][1]
        if p.corp and device == 'laptop' and work and r.random() < 0.85:
            ccx, ip = r.choice(CORP[p.corp])
            return ip, ccx, 'corp_vpn', DC_EXIT.get(ccx, ('lon',))[0] if ccx in DC_EXIT else COUNTRY[ccx][4]
        if p.corp and p.corp_phone and device == 'phone' and r.random() < 0.7:
            ccx, ip = r.choice(CORP[p.corp])
            return ip, ccx, 'corp_vpn', DC_EXIT[ccx][0] if ccx in DC_EXIT else COUNTRY[ccx][4]
        if p.vpn and r.random() < (p.vpn if device == 'laptop' else p.vpn_phone):
            exit_cc = p.vpn_exit if r.random() < 0.8 else r.choice(list(DC_EXIT))
            ck, pre = DC_EXIT[exit_cc]
            return '%s.%d' % (r.choice(pre), r.randint(2, 254)), exit_cc, 'dc_vpn', ck
        if setting == 'ship':
            ccx, pre = MARITIME[p.ship[1] % len(MARITIME)]
            return '%s.%d' % (pre, 10 + r.randint(0, 30)), ccx, 'maritime', 'osl'
        if setting == 'home' and key == p.base:
            if device == 'laptop' or r.random() < 0.7:
                return self.home_ip(p, d), cc, 'residential', key
        elif setting not in ('home', 'street') and (device == 'laptop' or r.random() < 0.45):
            return self.venue_ip(setting, cc), cc, 'venue_wifi', key
        if device == 'laptop':   # a laptop out and about: tethered to the phone
            pass
        # the phone's own data
        sim = p.sim.get(d)
        if key == p.base or cc == CITY[p.base][1]:
            return self.mobile_ip(p.carrier, r), CITY[p.base][1], 'mobile_home', COUNTRY[CITY[p.base][1]][4]
        if sim == 'local':
            car = CARRIER[cc][_crc(p.id + cc) % 3]
            return self.mobile_ip(car, r), cc, 'mobile_local', COUNTRY[cc][4]
        if sim == 'esim':
            hub = ESIM_HUB[_crc(p.id + 'esim' + cc) % len(ESIM_HUB)]
            if _crc(cc + 'breakout') % 3 == 0:
                hub = cc
            car = CARRIER[hub][0]
            return self.mobile_ip(car, r), hub, 'esim', COUNTRY[hub][4]
        hcc = CITY[p.base][1]
        return self.mobile_ip(p.carrier, r), hcc, 'mobile_roaming', COUNTRY[hcc][4]

    # ---- emit
    def emit(self, p, ts, amount, ccy, channel, ip='', dev='', ua='', lat=None, lon=None, cc='', city='',
             payee='', fraud=0, rep=None, scen='', ip_cc='', ip_kind=''):
        self.rows.append([ts, p.id, amount, ccy, channel, ip, dev, ua,
                          '' if lat is None else '%.4f' % lat, '' if lon is None else '%.4f' % lon,
                          cc, city, payee, fraud, rep, scen, ip_cc, ip_kind, p.i])

    def phone_gone(self, p, ts):
        return any(a <= ts < b for a, b in p.no_phone)

    def card_present(self, p, d, key, hour, payee, amount, ccy, setting, r, airport=False, atm=False,
                     wallet_ok=True):
        ts = self.ts(key, d, hour)
        lat, lon = merchant_ll(key, payee, airport)
        name, cc = CITY[key][0], CITY[key][1]
        ph = self.phone_at(p, ts)
        if not atm and wallet_ok and ph and not self.phone_gone(p, ts) and r.random() < p.wallet:
            dev, uab = ph
            if r.random() < 0.8:
                ip, ipcc, kind, _ = self.network(p, d, key, setting, 'phone', r)
                self.emit(p, ts, amount, ccy, 'wallet', ip, dev, self.app_ua(p, uab, ts), lat, lon, cc, name,
                          payee, ip_cc=ipcc, ip_kind=kind)
            else:
                self.emit(p, ts, amount, ccy, 'wallet', '', dev, self.app_ua(p, uab, ts), lat, lon, cc, name, payee)
        else:
            self.emit(p, ts, amount, ccy, 'atm' if atm else 'pos', lat=lat, lon=lon, cc=cc, city=name, payee=payee)

    def online(self, p, d, key, hour, payee, amount, ccy, channel, setting, r, device=None, work=False):
        ts = self.ts(key, d, hour)
        if device is None:
            device = 'laptop' if p.laptop and r.random() < (0.55 if channel != 'mobile' else 0.2) else 'phone'
        if device == 'phone':
            ph = self.phone_at(p, ts)
            if ph is None or self.phone_gone(p, ts):
                if not p.laptop:
                    return
                device = 'laptop'
        if channel == 'mobile' and device == 'laptop':
            channel = 'web'
        ip, ipcc, kind, ipkey = self.network(p, d, key, setting, device, r, work)
        if device == 'phone':
            dev, uab = ph
            ua = self.app_ua(p, uab, ts)
            if p.gps and r.random() < 0.9:
                lat, lon = city_ll(key)
                lat += r.gauss(0, 0.03)
                lon += r.gauss(0, 0.03)
                cc, city = CITY[key][1], CITY[key][0]
            else:
                lat, lon = city_ll(ipkey)
                cc, city = CITY[ipkey][1], CITY[ipkey][0]
        else:
            dev = self.laptop_cookie(p, ts)
            ua = self.browser_ua(p, ts)
            if r.random() < 0.15:
                lat = lon = None
                cc = city = ''
            else:
                lat, lon = city_ll(ipkey)
                cc, city = CITY[ipkey][1], CITY[ipkey][0]
        self.emit(p, ts, amount, ccy, channel, ip, dev, ua, lat, lon, cc, city, payee, ip_cc=ipcc, ip_kind=kind)

    def laptop_cookie(self, p, ts):
        epoch = 0
        day = (ts - self.t0) / 86400
        for cd in p.cookie_days:
            if day >= cd:
                epoch += 1
        return 'wb-%08x' % (_crc('%s-laptop-%d' % (p.id, epoch)))

    def card_on_file(self, p, ts, payee, amount, ccy, cc='', city='', key=None):
        lat = lon = None
        self.emit(p, ts, amount, ccy, 'card_on_file', lat=lat, lon=lon, cc=cc, city=city, payee=payee)

    # ---- itineraries
    def make_person(self, i):
        r = random.Random(self.seed * 1000003 + i * 7919 + 11)
        p = Person(i, r)
        p.id = self.new_id('gt-', r, 9)
        seg = pick_w([('homebody', 44), ('business', 14), ('consultant', 10), ('crew', 8), ('cruise', 2.5),
                      ('nomad', 8), ('expat', 13.5)], r)
        p.seg = seg
        if seg == 'crew':
            p.base = pick_w(CREW_BASES, r)
        elif seg == 'expat':
            p.base = pick_w(EXPAT_CITIES, r)
        else:
            p.base = pick_w(HOME_EU, r)
        p.cc = CITY[p.base][1]
        if seg == 'expat':
            oc = CITY[pick_w(HOME_EU, r)][1]
            while oc == p.cc:
                oc = CITY[pick_w(HOME_EU, r)][1]
            p.origin_cc = oc
        else:
            p.origin_cc = p.cc
        p.carrier = CARRIER[p.cc][r.choice((0, 0, 0, 1, 1, 2))]
        isp = ISP[p.cc][r.randrange(3)]
        ips, d = [(-999, host(r.choice(isp), r))], r.randint(5, 60)
        while d < self.D:
            ips.append((d, host(r.choice(isp), r)))
            d += r.randint(20, 90)
        p.home_ips = ips
        ios = r.random() < 0.58
        model = r.choice(IOS_MODELS if ios else ANDROID_MODELS)
        osv = ('iOS 18.%d' % r.randint(0, 3)) if ios else ('Android %d' % r.choice((13, 14, 14, 15, 15)))
        p.phones = [(-1e18, self.new_id('dv-', r, 12), '%s; %s' % (osv, model))]
        lap_p = {'consultant': 0.95, 'business': 0.8, 'nomad': 0.9, 'expat': 0.5, 'crew': 0.35, 'cruise': 0.3,
                 'homebody': 0.35}[seg]
        p.laptop = (r.choice(['mac', 'mac', 'chrome', 'chrome', 'firefox']), 1) if r.random() < lap_p else None
        p.cookie_days = sorted(r.uniform(0, self.D) for _ in range(r.choice((0, 0, 0, 1, 2, 4))))
        vpn_p = {'nomad': 0.4, 'consultant': 0.15, 'business': 0.18, 'expat': 0.2, 'crew': 0.16, 'cruise': 0.12,
                 'homebody': 0.11}[seg]
        if p.cc in ('AE', 'QA'):
            vpn_p += 0.25
        p.vpn = r.uniform(0.5, 0.95) if r.random() < vpn_p else 0.0
        p.vpn_phone = p.vpn * r.choice((0.1, 0.3, 0.6, 0.9)) if p.vpn else 0.0
        p.vpn_exit = r.choice(['NL', 'NL', 'US', 'US', 'SG', 'CH', 'SE', 'DE', 'GB'] +
                              ([p.cc] if p.cc in DC_EXIT else []))
        corp_p = {'consultant': 0.85, 'business': 0.55, 'expat': 0.3}.get(seg, 0.0)
        p.corp = 'firm%02d' % r.randrange(len(CORP)) if r.random() < corp_p else None
        p.corp_phone = bool(p.corp) and r.random() < 0.15
        p.gps = r.random() < 0.6
        p.wallet = r.choice((0.2, 0.5, 0.7, 0.85, 0.95))
        p.act = math.exp(r.gauss(0, 0.35)) * {'homebody': 0.3, 'expat': 0.26, 'crew': 0.26, 'business': 0.24,
                                               'nomad': 0.23, 'consultant': 0.28, 'cruise': 0.34}[seg]
        p.app_lag = r.expovariate(1 / 6.0)
        p.loc = [p.base] * self.D
        p.lodge = [None] * self.D      # None=home, else ('hotel'|'crew'|'rental'|'ship'|'friends', venue id)
        p.dep = {}                      # day -> local departure hour at the origin
        p.sim = {}
        p.crew_air = None
        p.ship = None
        p.friends = []
        p.family = ['iban-%s-%08x' % (p.origin_cc.lower(), _crc(p.id + 'fam%d' % k)) for k in range(r.randint(1, 2))]
        p.own_iban = 'iban-%s-%08x' % (p.origin_cc.lower(), _crc(p.id + 'own'))
        p.pockets = set()
        subs = [('mc-spotify-se', 10.99), ('mc-netflix-nl', 13.99), ('mc-icloud-ie', 2.99), ('mc-disney-nl', 9.99),
                ('mc-youtube-ie', 12.99), ('mc-chatgpt-us', 20.0), ('mc-prioritypass-gb', 35.0)]
        p.subs = [(s, a, r.randint(1, 28)) for s, a in subs if r.random() < 0.15]
        if p.vpn and r.random() < 0.6:
            p.subs.append(('mc-vpnsvc-pa', 12.99, r.randint(1, 28)))
        getattr(self, 'plan_' + seg)(p, r)
        # phone replacements (some abroad: broken, lost)
        if r.random() < 0.05:
            d = r.randrange(3, self.D)
            self.new_phone(p, self.t0 + d * 86400 + r.uniform(6, 20) * 3600, r)
        return p

    def new_phone(self, p, ts, r, same_model=False):
        osv, model = p.phones[-1][2].split('; ')
        if not same_model and r.random() < 0.6:
            model = r.choice(IOS_MODELS if osv.startswith('iOS') else ANDROID_MODELS)
        p.phones.append((ts, self.new_id('dv-', r, 12), '%s; %s' % (osv, model)))
        p.phones.sort(key=lambda x: x[0])

    def stay(self, p, d0, nights, key, lodge, dep_hour=None):
        for d in range(max(0, d0), min(self.D, d0 + nights)):
            p.loc[d] = key
            p.lodge[d] = lodge
        if 0 <= d0 < self.D and dep_hour is not None:
            p.dep[d0] = dep_hour

    def hotel(self, key, r, chain=None):
        chain = chain or r.choice(HOTEL_CHAINS)
        return 'htl-%s-%s-%d' % (chain, key, r.randint(1, 3))

    def trip_sim(self, p, d0, nights, key, r, local_p=0.05, esim_p=0.25):
        cc = CITY[key][1]
        if cc == p.cc or (cc in EU_ROAM and CITY[p.base][1] in EU_ROAM and r.random() < 0.9):
            return
        u = r.random()
        kind = 'local' if u < local_p else 'esim' if u < local_p + esim_p else None
        if kind:
            start = d0 + (r.randint(1, 3) if kind == 'local' else 0)
            for d in range(max(0, start), min(self.D, d0 + nights + 1)):
                p.sim[d] = kind
            if kind == 'esim' and 0 <= d0 - 1 < self.D:
                p.extra.append(('esim', d0 - 1, key))

    def plan_homebody(self, p, r):
        n = sum(1 for _ in range(8) if r.random() < 0.11 * self.D / 90)
        d = r.randint(-10, 30)
        for _ in range(n):
            long = r.random() < 0.3
            key = r.choice(HOLIDAY_LONG if long else HOLIDAY_SHORT)
            if key == p.base:
                continue
            nights = r.randint(7, 16) if long else r.choice((2, 3, 3, 4, 5, 7, 7, 10))
            lodge = ('rental', 'rent-%s-%03d' % (key, r.randrange(200))) if r.random() < 0.35 else \
                ('hotel', self.hotel(key, r))
            self.stay(p, d, nights, key, lodge, r.uniform(6, 20))
            if d + nights < self.D:
                p.dep[d + nights] = r.uniform(9, 21)
            self.trip_sim(p, d, nights, key, r, 0.03, 0.3 if long else 0.1)
            p.ticket_days.append((d - r.randint(10, 70), key, long))
            d += nights + r.randint(15, 50)

    def plan_business(self, p, r):
        d = r.randint(0, 10)
        while d < self.D:
            key = r.choice(BIZ_DEST)
            if key == p.base:
                d += 3
                continue
            long = km(p.base, key) > 3000
            nights = r.randint(3, 6) if long else r.randint(1, 3)
            self.stay(p, d, nights, key, ('hotel', self.hotel(key, r)), r.uniform(6, 10) if not long else
                      r.uniform(9, 14))
            if d + nights < self.D:
                p.dep[d + nights] = r.uniform(14, 20)
            self.trip_sim(p, d, nights, key, r, 0.0, 0.35)
            p.ticket_days.append((d - r.randint(3, 25), key, long))
            d += nights + r.randint(4, 20)

    def plan_consultant(self, p, r):
        d = -r.randint(0, 40)
        start_wd = (self.start.weekday())
        while d < self.D:
            weeks = r.randint(4, 10)
            client = r.choice(BIZ_DEST[:17] + [p.base, p.base]) if r.random() < 0.85 else r.choice(BIZ_DEST)
            htl = self.hotel(client, r)
            for w in range(weeks):
                # find the Monday of week w
                base = d + w * 7
                mon = base - ((start_wd + base) % 7)
                if client != p.base and r.random() < 0.92:
                    self.stay(p, mon, 3, client, ('hotel', htl), r.uniform(5.5, 8.5))
                    if 0 <= mon + 3 < self.D:
                        p.dep[mon + 3] = r.uniform(17, 21.5)
                    self.trip_sim(p, mon, 3, client, r, 0.0, 0.3)
            d += weeks * 7 + r.choice((0, 0, 7, 14))

    def plan_crew(self, p, r):
        airline = AIRLINE.get(p.cc, 'lh')
        p.crew_air = airline
        long = r.random() < 0.45
        # one month's roster, repeated with small swaps
        template = []
        day = r.randint(0, 3)
        while day < 30:
            if long:
                dest = r.choice(LONG_HAUL)
                nights = max(r.choice((1, 2, 2, 3)), int(km(p.base, dest) / 780 / 9) + 1)
                template.append((day, [(dest, nights)]))
                day += nights + 1 + r.randint(2, 5)
            else:
                if r.random() < 0.35:   # day turnarounds
                    template.append((day, [(r.choice(SHORT_HAUL), 0)]))
                    day += r.randint(1, 2)
                else:
                    legs = [(r.choice(SHORT_HAUL), r.choice((1, 1, 2))) for _ in range(r.randint(1, 3))]
                    template.append((day, legs))
                    day += sum(n for _, n in legs) + 1 + r.randint(1, 3)
        for month in range(-1, self.D // 30 + 2):
            for day, legs in template:
                d = month * 30 + day + r.choice((0, 0, 0, -1, 1))
                if r.random() < 0.15:   # swapped trip
                    legs = [((r.choice(LONG_HAUL) if long else r.choice(SHORT_HAUL)), n) for _, n in legs]
                for key, nights in legs:
                    if key == p.base:
                        key = 'ist' if p.base != 'ist' else 'ath'
                    if nights == 0:
                        if 0 <= d < self.D and d not in p.visits:
                            h = r.uniform(7, 16)
                            p.visits.setdefault(d, []).append((key, h, h + 0.8))
                        d += 1
                        continue
                    self.stay(p, d, nights, key, ('crew', 'htl-crew-%s-%s' % (airline, key)),
                              r.uniform(6, 22) if long else r.uniform(6, 19))
                    d += nights
                if 0 <= d < self.D and d not in p.dep:
                    p.dep[d] = r.uniform(6, 22)
                # only within the window; the roster beyond it is ignored
        for d in range(self.D):
            if p.loc[d] != p.base and CITY[p.loc[d]][1] not in EU_ROAM and r.random() < 0.08:
                p.sim[d] = 'esim'

    def plan_cruise(self, p, r):
        loop_name = r.choice(('med', 'med', 'car'))
        loop = CRUISE_LOOPS[loop_name]
        ship = r.randrange(6)
        p.ship = (loop_name, ship)
        on0 = 0 if r.random() < 0.7 else r.randint(5, self.D // 2)
        off = self.D if r.random() < 0.75 else r.randint(self.D // 2, self.D)
        phase = (ship * 3) % 7
        for d in range(on0, off):
            port = loop[(d + phase) % 7]
            p.loc[d] = port if port else loop[(d + phase - 1) % 7] or loop[0]
            p.lodge[d] = ('ship', 'sea' if port is None else 'port')
        if on0 > 0:
            p.dep[on0] = r.uniform(6, 12)
        if off < self.D:
            p.dep[off] = r.uniform(12, 18)

    def plan_nomad(self, p, r):
        d = -r.randint(0, 40)
        prev = None
        while d < self.D:
            if r.random() < 0.12:
                key, nights = p.base, r.randint(5, 14)
                lodge = None
            else:
                key = pick_w(NOMAD_HUBS, r)
                while key == prev or CITY[key][1] == p.cc:
                    key = pick_w(NOMAD_HUBS, r)
                nights = r.randint(20, 63)
                lodge = ('rental', 'rent-%s-%03d' % (key, r.randrange(300)))
            self.stay(p, d, nights, key, lodge, r.uniform(7, 20))
            if key != p.base:
                u = r.random()
                kind = 'local' if u < 0.45 else 'esim' if u < 0.8 else None
                if CITY[key][1] in EU_ROAM and CITY[p.base][1] in EU_ROAM and r.random() < 0.7:
                    kind = None
                if kind:
                    for dd in range(max(0, d + (r.randint(1, 4) if kind == 'local' else 0)), min(self.D, d + nights)):
                        p.sim[dd] = kind
                p.fav[(key, 'cowork')] = 'cowk-%s-%02d' % (key, int(12 * r.random() ** 2))
            prev = key
            d += nights
        if p.loc and p.loc[0] == p.base and r.random() < 0.5:
            pass

    def plan_expat(self, p, r):
        d = r.randint(0, 40)
        while d < self.D:
            if r.random() < 0.5:
                key = COUNTRY[p.origin_cc][4]
                if r.random() < 0.5:
                    key = next((k for k, w in HOME_EU if CITY[k][1] == p.origin_cc), key)
                nights, lodge = r.randint(4, 12), ('friends', 'family')
            else:
                key = r.choice(HOLIDAY_LONG + HOLIDAY_SHORT + BIZ_DEST)
                nights, lodge = r.randint(2, 8), ('hotel', self.hotel(key, r))
            if key == p.base:
                d += 5
                continue
            self.stay(p, d, nights, key, lodge, r.uniform(7, 22))
            if d + nights < self.D:
                p.dep[d + nights] = r.uniform(9, 21)
            self.trip_sim(p, d, nights, key, r, 0.0, 0.3)
            p.ticket_days.append((d - r.randint(7, 40), key, km(p.base, key) > 3000))
            d += nights + r.randint(20, 60)

    # ---- genuine days
    def context(self, p, d, key):
        lodge = p.lodge[d] if 0 <= d < self.D else None
        if p.seg == 'cruise' and lodge and lodge[0] == 'ship':
            return 'port' if lodge[1] == 'port' else 'sea'
        if key == p.base and lodge is None:
            return {'homebody': 'home_light', 'business': 'home_mid', 'consultant': 'home_mid', 'crew': 'home_mid',
                    'cruise': 'home_mid', 'nomad': 'home_main', 'expat': 'home_main'}[p.seg]
        if p.seg == 'crew':
            return 'layover'
        if p.seg == 'consultant':
            return 'client'
        if p.seg == 'nomad':
            return 'nomad'
        return 'trip'

    def setting_for(self, p, d, key, cat, hour):
        lodge = p.lodge[d] if 0 <= d < self.D else None
        if lodge is None:
            if key == p.base and (hour < 9 or hour > 20):
                return 'home'
            return 'street'
        kind, venue = lodge
        if kind == 'ship':
            return 'ship' if lodge[1] == 'sea' else 'street'
        if kind == 'friends':
            return 'street'
        if hour < 9 or hour > 21:
            return venue
        return 'street'

    def spend(self, p, d, key, h0, h1, ctx, r, scale=1.0):
        rates = RATES.get(ctx)
        if not rates:
            return
        cc = CITY[key][1]
        for cat, lam in rates.items():
            lam *= p.act * scale
            k = 0
            # Poisson by inversion (small lambdas)
            L, u, prod = math.exp(-lam), r.random(), 1.0
            prod = u
            while prod > L:
                k += 1
                prod *= r.random()
            for _ in range(k):
                h = draw_hour(cat, r)
                if ctx == 'layover' and r.random() < 0.25:
                    h = r.uniform(0, 5.5) + 24 * (r.random() < 0.5)   # jet-lagged small hours
                if not (h0 <= h < h1):
                    continue
                base, sig, _ = CAT[cat]
                if cat == 'atm':
                    x, ccy = local_amount(base, sig, cc, r, pl=False)
                    step = 10 ** max(0, int(math.log10(max(x, 1))) - 1)
                    amt = fmt_amount(max(step, round(x / step) * step), ccy, r, 1.0)
                    payee = self.merchant(p, key, 'atm', r)
                    self.card_present(p, d, key, h, payee, amt, ccy, 'street', r, atm=True)
                    continue
                if cat == 'dinner' and ctx == 'client' and r.random() < 0.3:
                    base *= 3.5      # team dinner on the card
                x, ccy = local_amount(base, sig, cc, r)
                amt = fmt_amount(x, ccy, r)
                payee = self.merchant(p, key, cat, r)
                if cat == 'ride':
                    ts = self.ts(key, d, h)
                    self.card_on_file(p, ts, payee, amt, ccy, cc, CITY[key][0])
                    continue
                self.card_present(p, d, key, h, payee, amt, ccy, self.setting_for(p, d, key, cat, h), r)

    def airport(self, p, d, key, h0, h1, r, lounge=False, arriving=False):
        iata = CITY[key][6].lower()
        for _ in range(r.choice((0, 0, 0, 0, 0, 1) if arriving else (0, 0, 0, 1, 1, 2))):
            h = r.uniform(h0, h1)
            cat = r.choice(('coffee', 'coffee', 'shop', 'lunch'))
            payee = 'apt-%s-%s-%d' % (iata, cat, r.randint(1, 5))
            x, ccy = local_amount(CAT[cat][0] * 1.3, CAT[cat][1], CITY[key][1], r)
            self.card_present(p, d, key, h, payee, fmt_amount(x, ccy, r), ccy, 'apt-%s-wifi' % iata, r, airport=True)
        if lounge and r.random() < 0.2:
            x, ccy = local_amount(32, 0.15, CITY[key][1], r, pl=False)
            self.card_present(p, d, key, r.uniform(h0, h1), 'lng-%s-%d' % (iata, r.randint(1, 2)),
                              fmt_amount(x, ccy, r, 1.0), ccy, 'apt-%s-wifi' % iata, r, airport=True)

    def gen_person(self, p):
        r = p.r
        D = self.D
        prev = p.base if not p.loc else p.loc[0]
        late = 0.0
        for d in range(D):
            key = p.loc[d]
            lodge_prev = p.lodge[d - 1] if d > 0 else None
            if key != prev and not (p.seg == 'cruise' and p.lodge[d] and lodge_prev and lodge_prev[0] == 'ship'):
                h_start, late = late, 0.0
                # nobody leaves before they have arrived (a short layover after a long flight)
                dep = max(p.dep.get(d, r.uniform(8, 18)), h_start + 3.0)
                dist = km(prev, key)
                flight = dist / 780.0 + 0.6
                arr = dep + flight + self.off[key][d + 1] - self.off[prev][d + 1]
                pre_lodge = lodge_prev
                # morning in the origin, hotel checkout
                if pre_lodge and pre_lodge[0] == 'hotel':
                    self.checkout(p, d, prev, pre_lodge[1], r, dep, h_start)
                self.spend(p, d, prev, max(5, h_start), dep - 2.5, self.context(p, d - 1, prev) if d > 0 else 'home_light', r,
                           scale=0.6)
                if r.random() < 0.35 and dep - 2.4 > h_start:
                    self.taxi(p, d, prev, dep - 2.4, r)
                self.airport(p, d, prev, max(dep - 2.0, h_start), dep - 0.4, r, lounge=p.seg in ('business', 'consultant'))
                self.airport(p, d, key, arr + 0.25, arr + 0.8, r, arriving=True)
                if p.seg != 'crew' and r.random() < 0.4:
                    self.taxi(p, d, key, arr + 0.9, r)
                if arr + 1.2 < 26:
                    self.spend(p, d, key, arr + 1.2, 26, self.context(p, d, key), r)
                prev = key
                late = max(0.0, arr + 1.2 - 24)
                self.daily_extras(p, d, key, r, arr + 1.2)
                continue
            h_start, late = late, 0.0
            if p.seg == 'cruise' and p.lodge[d]:
                if p.lodge[d][1] == 'port':
                    self.spend(p, d, key, 9, 18.5, 'port', r)
                else:
                    if r.random() < 0.15:
                        self.online(p, d, key, r.uniform(19, 23), self.shop_online(p, r), *self.eur_home(p, 40, 0.8, r),
                                    'ecom', 'ship', r)
            elif d in p.visits and key == p.base:
                # a crew turnaround: at home before and after, an airport coffee at the outstation
                for vk, a, b in p.visits[d]:
                    self.spend(p, d, key, h_start, a - 2.5, self.context(p, d, key), r)
                    self.spend(p, d, key, b + 3.0, 26, self.context(p, d, key), r)
                    if r.random() < 0.5:
                        shift = self.off[vk][d + 1] - self.off[key][d + 1]
                        self.airport(p, d, vk, a + shift, b + shift, r)
                    h_start = b + 3.0
            else:
                self.spend(p, d, key, h_start, 26, self.context(p, d, key), r)
            self.daily_extras(p, d, key, r, h_start)
            prev = key

    def taxi(self, p, d, key, h, r):
        if RIDE.get(CITY[key][1]) and r.random() < 0.5:
            x, ccy = local_amount(28, 0.35, CITY[key][1], r)
            self.card_on_file(p, self.ts(key, d, h), 'mc-%s-%s' % (RIDE[CITY[key][1]], CITY[key][1].lower()),
                              fmt_amount(x, ccy, r), ccy, CITY[key][1], CITY[key][0])
        else:
            x, ccy = local_amount(40, 0.35, CITY[key][1], r)
            payee = 'taxi-%s-%03d' % (key, int(6 * r.random() ** 2))
            self.card_present(p, d, key, h, payee, fmt_amount(x, ccy, r), ccy, 'street', r)

    def checkout(self, p, d, key, venue, r, dep, h_start=0.0):
        nights = 0
        dd = d - 1
        while dd >= 0 and p.lodge[dd] and p.lodge[dd][1] == venue and p.loc[dd] == key:
            nights += 1
            dd -= 1
        if nights == 0:
            return
        chain_mult = 1.4 if 'hyatt' in venue or 'marriott' in venue else 1.0
        x, ccy = local_amount(125 * chain_mult * nights, 0.3, CITY[key][1], r)
        h = max(min(dep - 2.2, r.uniform(6.5, 11)), 5.0, h_start)
        self.card_present(p, d, key, h, venue, fmt_amount(x, ccy, r, 0.1), ccy, venue, r, wallet_ok=False)

    def eur_home(self, p, base, sigma, r, residence=False):
        ccy, fx, _, _, _ = COUNTRY[p.cc if residence else p.origin_cc]
        x = base * fx * math.exp(r.gauss(0, sigma))
        return fmt_amount(x, ccy, r), ccy

    def shop_online(self, p, r):
        return r.choice(['mc-amazon-%s' % ('de' if p.origin_cc in ('DE', 'AT', 'CH') else p.origin_cc.lower()),
                         'mc-zalando-de', 'mc-apple-ie', 'mc-steam-lu', 'mc-decathlon-fr', 'mc-ikea-nl',
                         'mc-aliexpress-nl', 'mc-bol-nl', 'mc-asos-gb'])

    def daily_extras(self, p, d, key, r, h_min=0.0):
        """Online and in-app payments: tickets, bookings, eSIMs, pockets, transfers home, subscriptions."""
        cc = CITY[key][1]
        ctx = self.context(p, d, key)

        def H(a, b):   # a local hour when the person is already here (after a late arrival)
            lo = max(a, h_min)
            return r.uniform(lo, max(lo + 0.5, b))
        local_evening = H(19, 23.5)
        setting = self.setting_for(p, d, key, 'x', local_evening)
        dom = (self.start + dt.timedelta(days=d)).day
        # subscriptions (merchant-initiated, early UTC)
        for s, a, day in p.subs:
            if dom == day:
                ts = self.t0 + d * 86400 + r.uniform(2, 9) * 3600
                ccy, fx = COUNTRY[p.origin_cc][0], COUNTRY[p.origin_cc][1]
                self.card_on_file(p, ts, s, fmt_amount(a * fx, ccy, r, 0.0), ccy, s[-2:].upper())
        # flight tickets for planned trips
        for td, dest, long in p.ticket_days:
            if td == d:
                air = r.choice(LONGHAUL_AIRLINES + [AIRLINE.get(p.origin_cc, 'lh')]) if long else \
                    r.choice(LOWCOST + [AIRLINE.get(p.origin_cc, 'lh')])
                amt, ccy = self.eur_home(p, 780 if long else 170, 0.45, r, True)
                self.online(p, d, key, local_evening, 'mc-air-%s' % air, amt, ccy, 'ecom', setting, r)
                if r.random() < 0.4 and p.seg in ('homebody', 'expat'):
                    amt, ccy = self.eur_home(p, 420 if long else 260, 0.5, r, True)
                    self.online(p, d, key, local_evening + 0.3, r.choice(('mc-booking-nl', 'mc-expedia-us',
                                                                          'mc-hotels-us', 'mc-airbnb-ie')),
                                amt, ccy, 'ecom', setting, r)
        for kind, xd, dest in p.extra:
            if xd != d:
                continue
            if kind == 'esim':
                amt, ccy = self.eur_home(p, 14, 0.4, r)
                self.online(p, d, key, local_evening, r.choice(('mc-airalo-sg', 'mc-holafly-es', 'mc-nomad-us')),
                            amt, ccy, 'ecom', setting, r)
            elif kind == 'skim_atm':
                x, ccy = local_amount(150, 0.4, cc, r, pl=False)
                step = 10 ** max(0, int(math.log10(max(x, 1))) - 1)
                self.card_present(p, d, key, H(10, 22), dest, fmt_amount(max(step, round(x / step) * step),
                                                                                  ccy, r, 1.0),
                                  ccy, 'street', r, atm=True)
        # currency pockets: exchange home money into the local currency on arrival in a new currency
        lccy = COUNTRY[cc][0]
        if lccy != COUNTRY[p.origin_cc][0] and lccy not in p.pockets and r.random() < 0.5:
            p.pockets.add(lccy)
            amt, ccy = self.eur_home(p, 300, 0.6, r)
            self.online(p, d, key, H(8, 22), 'pocket-%s' % lccy.lower(), amt, ccy, 'mobile', setting, r,
                        device='phone')
        elif r.random() < 0.005 * (2 if p.seg in ('nomad', 'expat', 'business') else 1):
            amt, ccy = self.eur_home(p, 200, 0.6, r)
            self.online(p, d, key, H(8, 22), 'pocket-%s' % r.choice(('usd', 'gbp', 'chf', 'eur')), amt, ccy,
                        'mobile', setting, r, device='phone')
        # transfers home / to family (expats, nomads, cruise crew: around payday)
        if p.seg in ('expat', 'nomad', 'cruise', 'crew') and dom in (p.i % 5 + 25, ) and r.random() < 0.8:
            amt, ccy = self.eur_home(p, {'expat': 1500, 'nomad': 900, 'cruise': 1100, 'crew': 500}[p.seg], 0.5, r)
            self.online(p, d, key, local_evening, r.choice([p.own_iban] + p.family), amt, ccy, 'mobile', setting, r)
        # friends, shared bills
        if p.friends and r.random() < 0.02 * (1.5 if ctx.startswith('home') else 1.0):
            fr = r.choice(p.friends)
            amt, ccy = self.eur_home(p, 30, 0.7, r)
            self.online(p, d, key, local_evening, fr, amt, ccy, 'mobile', setting, r)
        # online shopping and bookings
        if r.random() < {'home_light': 0.012, 'home_mid': 0.025, 'home_main': 0.04}.get(ctx, 0.012):
            amt, ccy = self.eur_home(p, 45, 0.9, r, True)
            self.online(p, d, key, local_evening, self.shop_online(p, r), amt, ccy, 'ecom', setting, r)
        # nomads: rent and coworking at the start of a stay and monthly
        lodge = p.lodge[d]
        if p.seg == 'nomad' and lodge and lodge[0] == 'rental':
            first = d == 0 or p.lodge[d - 1] != lodge
            if first or (dom == 1 and r.random() < 0.7):
                n = 0
                while d + n < self.D and p.lodge[d + n] == lodge and n < 31:
                    n += 1
                x, ccy = local_amount(38 * max(n, 7), 0.35, cc, r)
                if r.random() < 0.6:
                    self.online(p, d - (2 if first and d >= 2 else 0), key, local_evening, 'mc-airbnb-ie',
                                *self.eur_home(p, 38 * COUNTRY[cc][3] * max(n, 7), 0.3, r), 'ecom', setting, r)
                else:
                    self.online(p, d, key, local_evening, lodge[1], fmt_amount(x, ccy, r), ccy, 'mobile', setting, r)
                cw = p.fav.get((key, 'cowork'))
                if cw:
                    x, ccy = local_amount(150, 0.3, cc, r)
                    self.card_present(p, d, key, H(9, 11), cw, fmt_amount(x, ccy, r, 0.6), ccy,
                                      cw, r)
            cw = p.fav.get((key, 'cowork'))
            if cw and r.random() < 0.15:
                x, ccy = local_amount(5, 0.3, cc, r)
                self.card_present(p, d, key, H(10, 17), cw, fmt_amount(x, ccy, r), ccy, cw, r)
            if cw and r.random() < 0.1:   # laptop at the coworking: an online purchase over its Wi-Fi
                amt, ccy = self.eur_home(p, 40, 0.9, r)
                self.online(p, d, key, H(10, 17), self.shop_online(p, r), amt, ccy, 'ecom', cw, r,
                            work=True)
        # consultants: expense-type bookings from the laptop on Sunday evening
        if p.seg in ('consultant', 'business') and p.laptop and r.random() < 0.03:
            amt, ccy = self.eur_home(p, 160, 0.6, r)
            self.online(p, d, key, H(9, 17), r.choice(('mc-trainline-gb', 'mc-booking-nl', 'mc-sncf-fr',
                                                               'mc-db-de', 'mc-air-%s' % AIRLINE.get(p.cc, 'lh'))),
                        amt, ccy, 'ecom', setting, r, device='laptop', work=True)

    # ---- fraud
    def plan_fraud(self, n):
        r = random.Random(self.seed * 7 + 99991)
        P = self.people
        self.fraud_plans = []
        k = lambda rate, mn=1: max(mn, int(round(n * rate * r.uniform(0.85, 1.15))))   # noqa: E731

        def abroad_days(p, hot=None):
            out = []
            for d in range(2, self.D - 2):
                key = p.loc[d]
                if CITY[key][1] != p.cc and (hot is None or hot in CITY[key][7]) and p.loc[d + 1] == key:
                    out.append(d)
            return out
        # skimming: the compromise (an ATM withdrawal at a skimmed ATM) is a genuine row planned now
        skim_atms = {}
        cands = [p for p in P if abroad_days(p, 'skim')]
        for p in r.sample(cands, min(len(cands), k(0.0075))):
            d = r.choice(abroad_days(p, 'skim'))
            key = p.loc[d]
            atm = skim_atms.setdefault(key, 'atm-%s-%03d' % (key, r.randrange(POOL['atm'])))
            p.extra.append(('skim_atm', d, atm))
            self.fraud_plans.append(('skimmed_card_abroad', p, d, key))
        cands = [p for p in P]
        for p in r.sample(cands, min(len(cands), k(0.0065))):
            self.fraud_plans.append(('phished_app_takeover', p, r.randrange(1, self.D), None))
        cands = [p for p in P if abroad_days(p)]
        for p in r.sample(cands, min(len(cands), k(0.004))):
            self.fraud_plans.append(('sim_swap', p, r.choice(abroad_days(p)), None))
        cands = [p for p in P if abroad_days(p, 'night')]
        for p in r.sample(cands, min(len(cands), k(0.005))):
            d = r.choice(abroad_days(p, 'night'))
            key = p.loc[d]
            theft = self.ts(key, d, r.uniform(23, 26))
            newp = theft + r.uniform(20, 60) * 3600
            p.no_phone.append((theft, newp))
            self.new_phone(p, newp, r)
            self.fraud_plans.append(('stolen_phone_abroad', p, d, (key, theft)))
        cands = [p for p in P if p.seg in ('homebody', 'nomad', 'expat', 'business')]
        for p in r.sample(cands, min(len(cands), k(0.008))):
            self.fraud_plans.append(('travel_booking_scam', p, r.randrange(1, self.D - 1), None))
        for p in r.sample(P, min(len(P), k(0.0075))):
            self.fraud_plans.append(('card_testing', p, r.randrange(0, self.D), None))
        self.n_friendly = k(0.007)

    def mule(self, r, cc):
        return 'iban-%s-%08x' % (cc.lower(), _crc('mule%s%d' % (cc, r.randrange(25))))

    def run_fraud(self):
        r = random.Random(self.seed * 13 + 4242)
        for scen, p, d, extra in self.fraud_plans:
            getattr(self, 'f_' + scen)(p, d, extra, r)
        # friendly chargebacks: flip some of the customers' own larger purchases
        cands = [row for row in self.rows if row[13] == 0 and (row[12].startswith(('htl-', 'mc-air-', 'shop-',
                                                                                    'mc-apple', 'mc-booking')))]
        big = [row for row in cands if float(row[2]) / COUNTRY_FX.get(row[3], 1.0) > 150]
        seen = set()
        for row in r.sample(big, min(len(big), self.n_friendly)):
            if row[1] in seen:
                continue
            seen.add(row[1])
            row[13] = 1
            row[14] = row[0] + r.uniform(18, 80) * 86400
            row[15] = 'friendly_chargeback'

    def report(self, r, ts_last, median_h, sigma, never):
        if r.random() < never:
            return None
        return ts_last + math.exp(math.log(median_h) + r.gauss(0, sigma)) * 3600 + 600

    def _fraud_rows(self, rows, rep):
        for row in rows:
            row[13] = 1
            row[14] = rep
            self.rows.append(row)

    def f_skimmed_card_abroad(self, p, d, key, r):
        comp_cc = CITY[key][1]
        outs = [k for k in CITY if 'cashout' in CITY[k][7] and CITY[k][1] != comp_cc]
        out = r.choice(outs)
        cc = CITY[out][1]
        dd = min(self.D - 1, d + r.randint(2, 20))
        rows = []
        for burst in range(r.choice((1, 1, 2))):
            day = min(self.D - 1, dd + burst)
            h = r.choice((r.uniform(18, 23), r.uniform(0, 4) + 24, r.uniform(10, 16)))
            for j in range(r.randint(2, 5)):
                hh = h + j * r.uniform(0.05, 0.6)
                x, ccy = local_amount(r.choice((250, 300, 400, 500)), 0.15, cc, r, pl=False)
                step = 10 ** max(0, int(math.log10(max(x, 1))) - 1)
                atm = 'atm-%s-%03d' % (out, r.randrange(POOL['atm']))
                lat, lon = merchant_ll(out, atm)
                rows.append([self.ts(out, day, hh), p.id, fmt_amount(max(step, round(x / step) * step), ccy, r, 1.0),
                             ccy, 'atm', '', '', '', '%.4f' % lat, '%.4f' % lon, cc, CITY[out][0], atm, 1, None,
                             'skimmed_card_abroad', '', '', p.i])
            for j in range(r.choice((0, 1, 2))):
                x, ccy = local_amount(r.uniform(300, 1200), 0.3, cc, r)
                shop = 'shop-%s-%03d' % (out, r.randrange(POOL['shop']))
                lat, lon = merchant_ll(out, shop)
                rows.append([self.ts(out, day, h + 1 + j * 0.5), p.id, fmt_amount(x, ccy, r), ccy, 'pos', '', '',
                             '', '%.4f' % lat, '%.4f' % lon, cc, CITY[out][0], shop, 1, None, 'skimmed_card_abroad',
                             '', '', p.i])
        rep = self.report(r, max(x[0] for x in rows), 40, 0.9, 0.08)
        self._fraud_rows(rows, rep)

    def _attacker_device(self, r):
        model = r.choice(ANDROID_MODELS + ['SM-G991B', 'Redmi Note 12', 'sdk_gphone64_x86_64'])
        return self.new_id('dv-', r, 12), 'Globetrotter/%s (Android %d; %s)' % (r.choice(APP_VERSIONS), r.choice(
            (12, 13, 14)), model)

    def f_phished_app_takeover(self, p, d, _, r):
        hcc = p.cc
        key = p.base
        dev, ua = self._attacker_device(r)
        if r.random() < 0.6:   # residential proxy in the victim's country
            isp = ISP[hcc][r.randrange(3)]
            ip, ipkey, kind = host(r.choice(isp), r), COUNTRY[hcc][4], 'residential_proxy'
            ipcc = hcc
        else:
            ipcc = r.choice(list(DC_EXIT))
            ipkey, pre = DC_EXIT[ipcc]
            ip, kind = '%s.%d' % (r.choice(pre), r.randint(2, 254)), 'dc_vpn'
        h = r.choice((r.uniform(18, 23.5), r.uniform(1, 5), r.uniform(9, 17)))
        t = self.ts(key, d, h)
        lat, lon = city_ll(ipkey)
        ccy = COUNTRY[p.origin_cc][0]
        fx = COUNTRY[p.origin_cc][1]
        rows = []
        mcc = p.origin_cc
        for j in range(r.randint(2, 5)):
            t += r.uniform(2, 25) * 60
            amt = fmt_amount(r.uniform(400, 3800) * fx, ccy, r, 0.5)
            rows.append([t, p.id, amt, ccy, 'mobile', ip, dev, ua, '%.4f' % lat, '%.4f' % lon, CITY[ipkey][1],
                         CITY[ipkey][0], self.mule(r, mcc if r.random() < 0.7 else r.choice(('LT', 'ES', 'NL'))), 1,
                         None, 'phished_app_takeover', ipcc, kind, p.i])
        for j in range(r.choice((0, 0, 1, 2))):
            t += r.uniform(3, 30) * 60
            amt = fmt_amount(r.choice((100, 150, 200, 250, 500)) * fx, ccy, r, 1.0)
            rows.append([t, p.id, amt, ccy, 'ecom', ip, dev, ua, '%.4f' % lat, '%.4f' % lon, CITY[ipkey][1],
                         CITY[ipkey][0], r.choice(('mc-giftcards-%d' % r.randrange(4), 'mc-crypto-%d' % r.randrange(3))),
                         1, None, 'phished_app_takeover', ipcc, kind, p.i])
        self._fraud_rows(rows, self.report(r, t, 14, 1.2, 0.05))

    def f_sim_swap(self, p, d, _, r):
        key = p.base
        dev, ua = self._attacker_device(r)
        hcc = CITY[p.base][1]
        h = r.choice((r.uniform(0.5, 6), r.uniform(9, 18)))
        t = self.ts(key, d, h)
        rows = []
        ccy, fx = COUNTRY[p.origin_cc][0], COUNTRY[p.origin_cc][1]
        gps = r.random() < 0.3
        for j in range(r.randint(2, 5)):
            t += r.uniform(3, 40) * 60
            ip = self.mobile_ip(p.carrier, r)
            if gps:
                lat, lon = city_ll(key)
                lat += r.gauss(0, 0.03)
                lon += r.gauss(0, 0.03)
                cc, city = hcc, CITY[key][0]
            else:
                hub = COUNTRY[hcc][4]
                lat, lon = city_ll(hub)
                cc, city = hcc, CITY[hub][0]
            payee = self.mule(r, p.origin_cc) if r.random() < 0.75 else 'mc-crypto-%d' % r.randrange(3)
            ch = 'mobile' if payee.startswith('iban') else 'ecom'
            amt = fmt_amount(r.uniform(500, 4500) * fx, ccy, r, 0.5)
            rows.append([t, p.id, amt, ccy, ch, ip, dev, ua, '%.4f' % lat, '%.4f' % lon, cc, city, payee, 1, None,
                         'sim_swap', hcc, 'mobile_home', p.i])
        self._fraud_rows(rows, self.report(r, t, 20, 1.0, 0.04))

    def f_stolen_phone_abroad(self, p, d, extra, r):
        key, theft = extra
        cc = CITY[key][1]
        ph = self.phone_at(p, theft - 1)
        if ph is None:
            return
        dev, uab = ph
        t = theft + r.uniform(10, 50) * 60
        rows = []
        bar_wifi = 'bar-%s-%03d' % (key, r.randrange(POOL['bar']))
        for j in range(r.randint(2, 6)):
            t += r.uniform(4, 35) * 60
            if r.random() < 0.6:
                ip, ipcc, kind = self.mobile_ip(p.carrier if p.sim.get(d) is None else CARRIER[cc][0], r), \
                    (CITY[p.base][1] if p.sim.get(d) is None else cc), 'mobile_roaming'
            else:
                ip, ipcc, kind = self.venue_ip(bar_wifi, cc), cc, 'venue_wifi'
            if r.random() < 0.65:
                cat = r.choice(('shop', 'grocery', 'bar', 'shop'))
                payee = '%s-%s-%03d' % (cat[:4], key, r.randrange(POOL[cat]))
                x, ccy = local_amount(r.uniform(80, 700), 0.3, cc, r)
                lat, lon = merchant_ll(key, payee)
                rows.append([t, p.id, fmt_amount(x, ccy, r), ccy, 'wallet', ip, dev, self.app_ua(p, uab, t),
                             '%.4f' % lat, '%.4f' % lon, cc, CITY[key][0], payee, 1, None, 'stolen_phone_abroad',
                             ipcc, kind, p.i])
            else:
                ccy, fx = COUNTRY[p.origin_cc][0], COUNTRY[p.origin_cc][1]
                lat, lon = city_ll(key)
                rows.append([t, p.id, fmt_amount(r.uniform(250, 2500) * fx, ccy, r, 0.5), ccy, 'mobile', ip, dev,
                             self.app_ua(p, uab, t), '%.4f' % (lat + r.gauss(0, 0.02)),
                             '%.4f' % (lon + r.gauss(0, 0.02)), cc, CITY[key][0], self.mule(r, cc), 1, None,
                             'stolen_phone_abroad', ipcc, kind, p.i])
        self._fraud_rows(rows, self.report(r, t, 9, 0.5, 0.03))

    def f_travel_booking_scam(self, p, d, _, r):
        scam = r.choice(['mc-villa-deals-%d' % r.randrange(4), 'iban-lt-%08x' % _crc('scam%d' % r.randrange(5)),
                         'mc-cheap-flights-%d' % r.randrange(3), 'iban-cy-%08x' % _crc('scamcy%d' % r.randrange(3))])
        ch = 'ecom' if scam.startswith('mc-') else 'mobile'
        key = p.loc[d]
        n0 = len(self.rows)
        parts = [(d, r.uniform(600, 3200))] if r.random() < 0.6 else \
            [(d, r.uniform(200, 700)), (min(self.D - 1, d + r.randint(2, 10)), r.uniform(600, 2600))]
        for dd, eur in parts:
            ccy, fx = COUNTRY[p.origin_cc][0], COUNTRY[p.origin_cc][1]
            key = p.loc[dd]
            self.online(p, dd, key, r.uniform(18, 23), scam, fmt_amount(eur * fx, ccy, r, 0.6), ccy, ch,
                        self.setting_for(p, dd, key, 'x', 21), r)
        rows = self.rows[n0:]
        if not rows:
            return
        rep = self.report(r, max(x[0] for x in rows), 24 * 18, 0.7, 0.18)
        for row in rows:
            row[13], row[14], row[15] = 1, rep, 'travel_booking_scam'

    def f_card_testing(self, p, d, _, r):
        merchants = ['mc-donate-%d' % i for i in range(5)] + ['mc-gamekeys-%d' % i for i in range(3)]
        t = self.t0 + d * 86400 + r.uniform(0, 24) * 3600
        rows = []
        m = r.choice(merchants)
        nodev = r.random() < 0.6
        ua = r.choice(('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 '
                       'Safari/537.36', 'python-requests/2.31.0',
                       'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                       'Chrome/119.0.0.0 Safari/537.36'))
        ccy = r.choice(('EUR', 'USD', 'USD', 'GBP'))
        for j in range(r.randint(3, 12)):
            t += r.uniform(5, 200)
            if r.random() < 0.3:
                m = r.choice(merchants)
            if r.random() < 0.75:
                ipcc = r.choice(list(DC_EXIT))
                ipkey, pre = DC_EXIT[ipcc]
                ip, kind = '%s.%d' % (r.choice(pre), r.randint(2, 254)), 'dc_vpn'
            else:
                ipcc = r.choice(['US', 'BR', 'VN', 'IN', 'ID', 'RO'])
                ipkey = COUNTRY[ipcc][4]
                ip, kind = host(r.choice(ISP[ipcc][r.randrange(3)]), r), 'residential_proxy'
            dev = '' if nodev else self.new_id('dv-', r, 12)
            rows.append([t, p.id, '%.2f' % r.choice((0.5, 1.0, 1.0, 1.5, 2.0, 0.99, 1.99)), ccy, 'ecom', ip, dev,
                         ua, '', '', ipcc, CITY[ipkey][0], m, 1, None, 'card_testing', ipcc, kind, p.i])
        cash = []
        if r.random() < 0.55:
            t2 = t + r.uniform(0.5, 72) * 3600
            ipcc = r.choice(list(DC_EXIT))
            ipkey, pre = DC_EXIT[ipcc]
            for j in range(r.randint(1, 3)):
                t2 += r.uniform(2, 40) * 60
                cash.append([t2, p.id, '%.2f' % r.uniform(80, 900), ccy, 'ecom', '%s.%d' % (r.choice(pre),
                                                                                            r.randint(2, 254)),
                             self.new_id('dv-', r, 12), ua, '', '', ipcc, CITY[ipkey][0],
                             r.choice(('mc-electro-%d' % r.randrange(4), 'mc-giftcards-%d' % r.randrange(4))), 1,
                             None, 'card_testing', ipcc, 'dc_vpn', p.i])
        if cash:
            rep = self.report(r, cash[-1][0], 24 * 5, 0.9, 0.1)
        else:
            rep = self.report(r, t, 24 * 20, 0.5, 0.7)
        self._fraud_rows(rows + cash, rep)

    # ---- run
    def generate(self):
        for i in range(self.n):
            self.people.append(self.make_person(i))
        # friends: a few other customers of the same home city (P2P payees shared across customers)
        by_city = {}
        for p in self.people:
            by_city.setdefault(p.base, []).append(p)
        for p in self.people:
            pool = by_city[p.base]
            if len(pool) > 1 and p.r.random() < 0.6:
                p.friends = ['p2p-%s' % q.id for q in p.r.sample(pool, min(len(pool), p.r.randint(1, 4))) if q is not p]
        self.plan_fraud(self.n)
        for p in self.people:
            self.gen_person(p)
        self.run_fraud()
        rows = [x for x in self.rows if self.t0 <= x[0] < self.t_end]
        rows.sort(key=lambda x: (x[0], x[1]))
        return rows


COUNTRY_FX = {}
for _cc, (_ccy, _fx, _, _, _) in COUNTRY.items():
    COUNTRY_FX.setdefault(_ccy, _fx)


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
            w.writerow(('gt-tx-%09d' % (i + 1), x[1], iso(x[0]), x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9],
                        x[10], x[11], x[12], x[13], iso(x[14]) if x[13] and x[14] is not None else '', x[15]))


def summary(rows, n):
    nf = sum(1 for x in rows if x[13])
    by = {}
    rep = 0
    for x in rows:
        if x[13]:
            by[x[15]] = by.get(x[15], 0) + 1
            rep += x[14] is not None
    honest = [x for x in rows if not x[13]]
    with_ip = [x for x in honest if x[16] and x[10]]
    diff = sum(1 for x in with_ip if x[16] != x[10])
    vpn = sum(1 for x in honest if x[17] in ('dc_vpn', 'corp_vpn'))
    ccys = {}
    for x in rows:
        ccys[x[3]] = ccys.get(x[3], 0) + 1
    out = ['rows %d, customers %d (with rows %d), fraud rows %d (%.3f %%), reported %.1f %%' % (
        len(rows), n, len({x[1] for x in rows}), nf, 100.0 * nf / max(1, len(rows)), 100.0 * rep / max(1, nf))]
    out.append('fraud by scenario: ' + ', '.join('%s %d' % kv for kv in sorted(by.items(), key=lambda kv: -kv[1])))
    out.append('currencies (%d): ' % len(ccys) + ', '.join('%s %d' % kv for kv in sorted(ccys.items(),
                                                                                          key=lambda kv: -kv[1])))
    out.append('honest rows with an IP and a country: %d; IP country != row country: %.1f %%' % (
        len(with_ip), 100.0 * diff / max(1, len(with_ip))))
    out.append('honest rows from data-centre/VPN IPs: %.1f %% of all honest rows (%.1f %% of honest rows with an IP)'
               % (100.0 * vpn / max(1, len(honest)), 100.0 * vpn / max(1, sum(1 for x in honest if x[5]))))
    return '\n'.join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description='globetrotter: synthetic replay of a European multi-currency travel card')
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--customers', type=int, default=5000)
    ap.add_argument('--days', type=int, default=90)
    ap.add_argument('--start', default='2026-03-02', help='first day (UTC), YYYY-MM-DD')
    ap.add_argument('--out', default='world-globetrotter.csv.gz')
    args = ap.parse_args(argv)
    if args.customers < 1 or args.days < 1:
        ap.error('--customers and --days must be positive')
    start = dt.date.fromisoformat(args.start)
    t = time.time()
    w = World(args.seed, args.customers, args.days, start)
    rows = w.generate()
    write(rows, args.out)
    print('%s: %.1fs' % (args.out, time.time() - t), file=sys.stderr)
    print(summary(rows, args.customers), file=sys.stderr)


if __name__ == '__main__':
    main()
