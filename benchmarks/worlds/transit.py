"""Kaze Pay: a Japanese prepaid e-money wallet (transit IC card, phone NFC and app) with seven fraud scenarios.

The world
---------
Kaze Pay is a prepaid e-money issuer in Japan (currency JPY, whole yen written
with two decimals). Customers hold a physical IC card, a phone wallet (NFC
"tap" from the phone's secure element) and/or the Kaze Pay app (QR payments,
P2P sends, online checkout, digital gift cards, in-app top-ups). The rows are
the payments the issuer scores:

* transit gate fares at the exit gate (``gate-<operator>-<station>``), bus
  fares, shinkansen gates and app tickets;
* convenience stores, station kiosks, vending machines, supermarkets,
  drugstores, restaurants, department and electronics stores (tapped);
* QR payments at small shops and, for shop owners, to wholesale suppliers;
* online shops (``ecom-*``), digital gift cards (``gift-*``), P2P sends to
  other wallets (``p2p-<customer id>``), commuter-pass purchases;
* top-ups, recorded as payments to ``topup-<card network>`` (auto top-up
  charged to a linked credit card when the balance drops under a threshold,
  or an in-app charge), ``topup-bank`` and ``topup-cash`` (charge machines at
  stations and convenience-store registers). Balances are tracked: IC cards
  are capped at 20,000 yen, app wallets higher, and a payment that the balance
  cannot cover either triggers a top-up or (for a thief) is declined.

Channels: ``ic_card`` (physical card: no device, IP or user agent),
``nfc`` (phone tap: the phone's wallet device id only, taps are offline),
``qr``/``app``/``ecom`` (device id, IP, ``KazePay/<version> (<OS>; <model>)``
user agent or a desktop browser for family PCs) and ``auto_topup`` (issuer
side, no IP). Taps and QR payments carry the terminal's place; app payments
carry the phone's location when the customer allowed it; online payments carry
only the IP's geolocation in ``country``/``city``. Japanese mobile IPs come
from the carriers' carrier-grade NAT pools (docomo, au, SoftBank, Rakuten):
many customers share an address and a customer's address changes all the
time, while the network stays the same; home fibre addresses are stable for
weeks. Timestamps are UTC; every habit follows Japan time (UTC+9).

Genuine behaviour
-----------------
* Office commuters tap the same two gates every workday at their own hours,
  with coffee, lunch, vending machines and evening convenience stores around
  the same stations (hundreds of tiny payments a month; heavy users more),
  Friday drinks, business trips, weekend outings.
* Students hold a commuter pass (few fares; a pass purchase in April/October),
  many kiosk, vending, fast-food, karaoke payments, small P2P splits with
  friends and game gift cards; school breaks change the pattern.
* Families (supermarket, drugstore, weekend outings, online shopping from a
  home PC on fibre), elderly customers (physical card, a bus ride and the
  supermarket a few times a week in daytime, cash top-ups at the station),
  night-shift workers (commute at 21-22h, vending and convenience store at
  2-4h, taxis), small shop owners (QR payments of 5k-150k yen to a few
  wholesale suppliers early in the morning).
* Foreign tourists: brand-new customers for 1-3 weeks (visitor card or the
  app on a foreign phone with roaming / free Wi-Fi IPs), arriving at an
  airport, 10-15 payments a day across Tokyo, Kyoto, Osaka, Hiroshima with
  shinkansen hops, then gone for good.
* Calendar: Japanese public holidays, Golden Week (29 Apr - 6 May), Obon and
  New Year trips with shinkansen fares (or flights for far regions) and
  payments in another city, hanami, year-end parties in December, bonus
  months (June/December) with large electronics / department store purchases,
  the April intake of new employees and students (new customers), app
  releases that customers install with a delay, occasional new phones.

Fraud scenarios (``scenario`` column) and what a scorer sees
-----------------------------------------------------------
* ``lost_card``: a lost or stolen physical card is used within minutes to
  hours at convenience stores, vending machines and gates near where the owner
  lost it: a burst of small ``ic_card`` payments (no device/IP), often at odd
  hours, until the balance is gone (declined taps are not rows) or the owner
  reports it, usually within hours. The owner's card is silent until reissued.
* ``stolen_phone``: a phone with a weak lock: the owner's own device, user
  agent and carrier network, but other stations and shops, QR payments at
  unknown shops, konbini taps for gift cards, P2P sends to new payees and
  in-app top-ups from the linked card. Afterwards the owner has a new device.
* ``account_takeover``: SIM swap (attacker on the victim's carrier network)
  or phishing (hosting / foreign IPs): new device and model, no location,
  often at night, in-app top-ups then round-amount digital gift cards and P2P
  to mule wallets. Reported after hours to weeks, sometimes never.
* ``topup_abuse``: fresh accounts opened with stolen credit cards on a small
  device farm (emulators, shared device ids, proxy IPs): immediate large
  ``topup-<network>`` charges, then gift cards and P2P to mules within
  minutes; chargebacks arrive 1-6 weeks later. All rows of such accounts are
  fraud.
* ``card_testing``: a bot with stolen wallet credentials makes bursts of tiny
  (1-300 yen) ``ecom`` payments at a few obscure merchants from a bot user
  agent and proxy IPs across many victims in a short campaign, then cashes
  out some of them with large online purchases. Tiny tests are rarely reported.
* ``mule_ring``: a reseller/mule ring: many victims of a fake resale scam send
  P2P (5k-60k yen) from their own phone to a few mule wallets (payee receiving
  from many new senders); the mule accounts (new, sharing devices) forward the
  money by P2P and gift cards until the ring is frozen.
* ``friendly_fraud``: a genuine customer buys online or digital gift cards
  from their own device, network and place and later disputes the payment:
  indistinguishable at scoring time, reported 2-6 weeks later.

Fraud rows are roughly 0.3-0.8 % of rows. ``fraud_reported_at`` is when the
issuer learned it (minutes to six weeks later, empty for the share never
reported); fraud is blocked after its report, so no fraud row follows it.
"""

import argparse
import bisect
import csv
import gzip
import math
import os
import random
import sys
import time
import zlib
from datetime import date, datetime, timedelta, timezone

JST = 9 * 3600
DAY = 86400

# row layout ---------------------------------------------------------------
TS, AMT, CH, IP, DEV, UA, LAT, LON, CITY, CTRY, PAYEE, EFF, INC, MED = range(14)
SPEND, TOPUP, NOBAL, CREDIT = 0, 1, 2, 3
CARD, WALLET = 0, 1

# stations: slug, city, lat, lon, region, operators, flags
# flags: M major, S shinkansen, A airport, T tourist spot, L leisure
STATIONS = [
    ("shinjuku", "Tokyo", 35.6896, 139.7006, "kanto", ("jre", "metro", "odakyu", "keio"), "MLT"),
    ("shibuya", "Tokyo", 35.6580, 139.7016, "kanto", ("jre", "metro", "tokyu"), "MLT"),
    ("ikebukuro", "Tokyo", 35.7295, 139.7109, "kanto", ("jre", "metro", "seibu", "tobu"), "ML"),
    ("tokyo", "Tokyo", 35.6812, 139.7671, "kanto", ("jre", "metro"), "MST"),
    ("shinagawa", "Tokyo", 35.6285, 139.7388, "kanto", ("jre", "keikyu"), "MS"),
    ("ueno", "Tokyo", 35.7138, 139.7773, "kanto", ("jre", "metro"), "MSLT"),
    ("akihabara", "Tokyo", 35.6984, 139.7731, "kanto", ("jre", "metro"), "LT"),
    ("otemachi", "Tokyo", 35.6848, 139.7663, "kanto", ("metro", "toei"), "M"),
    ("shimbashi", "Tokyo", 35.6663, 139.7583, "kanto", ("jre", "metro"), "M"),
    ("ginza", "Tokyo", 35.6717, 139.7650, "kanto", ("metro",), "MLT"),
    ("roppongi", "Tokyo", 35.6628, 139.7314, "kanto", ("metro", "toei"), "LT"),
    ("asakusa", "Tokyo", 35.7118, 139.7966, "kanto", ("metro", "toei", "tobu"), "LT"),
    ("harajuku", "Tokyo", 35.6702, 139.7027, "kanto", ("jre",), "LT"),
    ("gotanda", "Tokyo", 35.6262, 139.7234, "kanto", ("jre", "toei"), ""),
    ("meguro", "Tokyo", 35.6339, 139.7158, "kanto", ("jre", "tokyu"), ""),
    ("nakano", "Tokyo", 35.7056, 139.6657, "kanto", ("jre", "metro"), ""),
    ("koenji", "Tokyo", 35.7053, 139.6496, "kanto", ("jre",), ""),
    ("kichijoji", "Tokyo", 35.7030, 139.5797, "kanto", ("jre", "keio"), "L"),
    ("tachikawa", "Tokyo", 35.6980, 139.4137, "kanto", ("jre",), ""),
    ("kitasenju", "Tokyo", 35.7497, 139.8049, "kanto", ("jre", "metro", "tobu"), ""),
    ("kinshicho", "Tokyo", 35.6969, 139.8143, "kanto", ("jre", "metro"), ""),
    ("oshiage", "Tokyo", 35.7101, 139.8132, "kanto", ("metro", "toei", "tobu"), "T"),
    ("jiyugaoka", "Tokyo", 35.6076, 139.6690, "kanto", ("tokyu",), "L"),
    ("futakotamagawa", "Tokyo", 35.6114, 139.6265, "kanto", ("tokyu",), "L"),
    ("shimokitazawa", "Tokyo", 35.6616, 139.6680, "kanto", ("odakyu", "keio"), "L"),
    ("machida", "Tokyo", 35.5423, 139.4456, "kanto", ("jre", "odakyu"), ""),
    ("akabane", "Tokyo", 35.7776, 139.7210, "kanto", ("jre",), ""),
    ("toyosu", "Tokyo", 35.6549, 139.7964, "kanto", ("metro", "yurikamome"), ""),
    ("haneda-airport", "Tokyo", 35.5494, 139.7798, "kanto", ("keikyu", "monorail"), "A"),
    ("yokohama", "Yokohama", 35.4658, 139.6223, "kanto", ("jre", "tokyu", "keikyu", "sotetsu"), "ML"),
    ("sakuragicho", "Yokohama", 35.4509, 139.6310, "kanto", ("jre",), "L"),
    ("shin-yokohama", "Yokohama", 35.5075, 139.6175, "kanto", ("jre", "yokohamacity"), "S"),
    ("musashikosugi", "Kawasaki", 35.5764, 139.6595, "kanto", ("jre", "tokyu"), ""),
    ("kawasaki", "Kawasaki", 35.5313, 139.6969, "kanto", ("jre", "keikyu"), ""),
    ("omiya", "Saitama", 35.9063, 139.6240, "kanto", ("jre", "tobu"), "MS"),
    ("urawa", "Saitama", 35.8587, 139.6570, "kanto", ("jre",), ""),
    ("funabashi", "Funabashi", 35.7017, 139.9852, "kanto", ("jre", "tobu"), ""),
    ("chiba", "Chiba", 35.6130, 140.1134, "kanto", ("jre",), ""),
    ("maihama", "Urayasu", 35.6365, 139.8838, "kanto", ("jre",), "T"),
    ("kamakura", "Kamakura", 35.3190, 139.5504, "kanto", ("jre",), "T"),
    ("narita-airport", "Narita", 35.7720, 140.3929, "kanto", ("jre", "keisei"), "A"),
    ("osaka", "Osaka", 34.7025, 135.4959, "kansai", ("jrw", "osakametro", "hankyu", "hanshin"), "MLT"),
    ("namba", "Osaka", 34.6666, 135.5006, "kansai", ("osakametro", "nankai", "kintetsu"), "MLT"),
    ("tennoji", "Osaka", 34.6466, 135.5136, "kansai", ("jrw", "osakametro"), "M"),
    ("shin-osaka", "Osaka", 34.7334, 135.5001, "kansai", ("jrw", "osakametro"), "S"),
    ("kyobashi", "Osaka", 34.6967, 135.5343, "kansai", ("jrw", "keihan"), ""),
    ("hommachi", "Osaka", 34.6822, 135.4985, "kansai", ("osakametro",), "M"),
    ("shinsaibashi", "Osaka", 34.6750, 135.5010, "kansai", ("osakametro",), "LT"),
    ("universal-city", "Osaka", 34.6677, 135.4346, "kansai", ("jrw",), "T"),
    ("suita", "Suita", 34.7618, 135.5161, "kansai", ("jrw",), ""),
    ("sakai", "Sakai", 34.5733, 135.4830, "kansai", ("nankai",), ""),
    ("sannomiya", "Kobe", 34.6947, 135.1950, "kansai", ("jrw", "hankyu", "kobecity"), "ML"),
    ("kyoto", "Kyoto", 34.9858, 135.7588, "kansai", ("jrw", "kyotocity", "kintetsu"), "MST"),
    ("kawaramachi", "Kyoto", 35.0036, 135.7689, "kansai", ("hankyu",), "LT"),
    ("gion-shijo", "Kyoto", 35.0037, 135.7722, "kansai", ("keihan",), "T"),
    ("inari", "Kyoto", 34.9671, 135.7727, "kansai", ("jrw",), "T"),
    ("saga-arashiyama", "Kyoto", 35.0152, 135.6776, "kansai", ("jrw",), "T"),
    ("nara", "Nara", 34.6807, 135.8199, "kansai", ("kintetsu",), "T"),
    ("kansai-airport", "Izumisano", 34.4327, 135.2304, "kansai", ("jrw", "nankai"), "A"),
    ("nagoya", "Nagoya", 35.1709, 136.8815, "chubu", ("jrc", "meitetsu", "nagoyacity"), "MS"),
    ("sakae", "Nagoya", 35.1700, 136.9087, "chubu", ("nagoyacity",), "ML"),
    ("kanayama", "Nagoya", 35.1430, 136.9011, "chubu", ("jrc", "meitetsu", "nagoyacity"), ""),
    ("fushimi", "Nagoya", 35.1692, 136.8975, "chubu", ("nagoyacity",), "M"),
    ("ozone", "Nagoya", 35.1912, 136.9282, "chubu", ("jrc", "meitetsu"), ""),
    ("hakata", "Fukuoka", 33.5902, 130.4206, "kyushu", ("jrk", "fukuokacity"), "MS"),
    ("tenjin", "Fukuoka", 33.5914, 130.3989, "kyushu", ("fukuokacity", "nishitetsu"), "ML"),
    ("ohashi", "Fukuoka", 33.5596, 130.4274, "kyushu", ("nishitetsu",), ""),
    ("fukuoka-airport", "Fukuoka", 33.5859, 130.4506, "kyushu", ("fukuokacity",), "A"),
    ("sapporo", "Sapporo", 43.0687, 141.3508, "hokkaido", ("jrh", "sapporocity"), "ML"),
    ("odori", "Sapporo", 43.0606, 141.3545, "hokkaido", ("sapporocity",), "MT"),
    ("susukino", "Sapporo", 43.0554, 141.3532, "hokkaido", ("sapporocity",), "L"),
    ("shin-sapporo", "Sapporo", 43.0396, 141.4745, "hokkaido", ("jrh", "sapporocity"), ""),
    ("sendai", "Sendai", 38.2601, 140.8824, "tohoku", ("jre", "sendaicity"), "MSL"),
    ("nagamachi", "Sendai", 38.2268, 140.8853, "tohoku", ("jre", "sendaicity"), ""),
    ("izumi-chuo", "Sendai", 38.3222, 140.8810, "tohoku", ("sendaicity",), ""),
    ("hiroshima", "Hiroshima", 34.3976, 132.4753, "chugoku", ("jrw", "hiroden"), "MS"),
    ("kamiyacho", "Hiroshima", 34.3955, 132.4570, "chugoku", ("hiroden",), "MLT"),
    ("miyajimaguchi", "Hatsukaichi", 34.3117, 132.3033, "chugoku", ("jrw",), "T"),
    ("kanazawa", "Kanazawa", 36.5781, 136.6479, "hokuriku", ("jrw", "hokutetsu"), "MSLT"),
]
REGION_W = {"kanto": .52, "kansai": .20, "chubu": .09, "kyushu": .06, "hokkaido": .05,
            "tohoku": .04, "chugoku": .03, "hokuriku": .01}
REGION_CITY = {"kanto": "Tokyo", "kansai": "Osaka", "chubu": "Nagoya", "kyushu": "Fukuoka",
               "hokkaido": "Sapporo", "tohoku": "Sendai", "chugoku": "Hiroshima", "hokuriku": "Kanazawa"}
REGION_HUB = {"kanto": "tokyo", "kansai": "shin-osaka", "chubu": "nagoya", "kyushu": "hakata",
              "tohoku": "sendai", "chugoku": "hiroshima", "hokuriku": "kanazawa", "hokkaido": None}
SHINKANSEN = {frozenset(p): f for p, f in [
    (("tokyo", "shin-osaka"), 14720), (("tokyo", "kyoto"), 14170), (("tokyo", "nagoya"), 11300),
    (("tokyo", "hakata"), 23390), (("tokyo", "hiroshima"), 19760), (("tokyo", "sendai"), 11410),
    (("tokyo", "kanazawa"), 14380), (("shin-osaka", "hakata"), 15620), (("shin-osaka", "hiroshima"), 10620),
    (("nagoya", "shin-osaka"), 6680), (("kyoto", "hiroshima"), 11530), (("hakata", "hiroshima"), 9310),
    (("nagoya", "hakata"), 19390), (("nagoya", "hiroshima"), 14810), (("kyoto", "nagoya"), 5910)]}

FARE_TABLES = {
    "jr": [(3, 147), (6, 168), (10, 199), (15, 242), (20, 330), (25, 418), (30, 506), (35, 594),
           (40, 682), (50, 836), (60, 1012), (80, 1342), (100, 1694), (9999, 2310)],
    "metro": [(6, 178), (11, 209), (19, 252), (27, 293), (9999, 324)],
    "private": [(3, 136), (7, 168), (11, 199), (15, 231), (20, 273), (30, 336), (40, 419), (60, 524), (9999, 715)],
    "city": [(3, 190), (7, 240), (11, 280), (15, 310), (9999, 350)],
    "tram": [(9999, 220)],
}
OP_KIND = {"jre": "jr", "jrw": "jr", "jrc": "jr", "jrk": "jr", "jrh": "jr", "metro": "metro", "toei": "metro",
           "osakametro": "city", "nagoyacity": "city", "fukuokacity": "city", "sapporocity": "city",
           "sendaicity": "city", "kyotocity": "city", "kobecity": "city", "yokohamacity": "city", "hiroden": "tram"}

KOMBINI = ("7eleven", "familymart", "lawson", "ministop", "7eleven", "familymart", "lawson")
RESTS = ("matsuya", "sukiya", "yoshinoya", "saizeriya", "mcdonalds", "starbucks", "doutor", "tullys",
         "ootoya", "coco-ichi", "ramen", "soba", "sushiro", "mos-burger", "komeda", "hidakaya")
DINNER = ("torikizoku", "watami", "gyukaku", "izakaya", "yakiniku", "sushi", "izakaya", "kushikatsu")
SUPERS = ("aeon", "life", "ok", "seiyu", "ito-yokado", "summit", "maruetsu", "gyomu")
DRUGS = ("matsukiyo", "welcia", "sundrug", "tsuruha", "cocokara")
ELECTRO = ("yodobashi", "biccamera", "edion", "yamada")
DEPTS = ("isetan", "takashimaya", "mitsukoshi", "daimaru", "hankyu-dept", "tokyu-dept")
QRTYPES = ("bakery", "ramen", "izakaya", "florist", "cafe", "bookstore", "okonomiyaki", "barber", "tailor", "deli")
ECOM_ADULT = ("ecom-amazon-jp", "ecom-rakuten-ichiba", "ecom-yahoo-shopping", "ecom-mercari", "ecom-zozotown",
              "ecom-uniqlo", "ecom-yodobashi", "ecom-lohaco", "ecom-qoo10", "ecom-nitori")
ECOM_YOUTH = ("ecom-nintendo-eshop", "ecom-playstation-store", "ecom-line-store", "ecom-steam",
              "ecom-mercari", "ecom-amazon-jp", "ecom-shein", "ecom-animate")
ECOM_BIZ = ("ecom-askul", "ecom-monotaro", "ecom-amazon-jp", "ecom-rakuten-ichiba")
GIFTS = ("gift-apple", "gift-google-play", "gift-amazon", "gift-nintendo", "gift-psn", "gift-line")
NETWORKS = ("visa", "mastercard", "jcb", "jcb", "amex", "visa", "jcb")

CARRIERS = {  # carrier: (weight, CGNAT prefixes)
    "docomo": (.36, ("1.66", "1.72", "1.75", "49.96", "49.98", "49.104", "110.163")),
    "au": (.29, ("106.128", "106.130", "106.133", "111.86", "111.239", "182.250", "182.251")),
    "softbank": (.25, ("126.33", "126.112", "126.193", "126.208", "126.254", "126.236")),
    "rakuten": (.10, ("133.106", "133.32", "101.102")),
}
HOME_ISP = ("153.156", "153.203", "153.246", "60.88", "114.177", "220.100", "118.238", "180.146", "219.117")
PUBLIC_WIFI = ("210.130.163", "202.32.255", "61.206.120")
HOSTING = [("133.242", "JP", "Tokyo"), ("160.16", "JP", "Osaka"), ("118.27", "JP", "Tokyo"),
           ("13.230", "JP", "Tokyo"), ("103.97", "VN", "Hanoi"), ("103.152", "HK", "Hong Kong"),
           ("45.144", "US", "Los Angeles"), ("185.220", "NL", "Amsterdam"), ("27.124", "CN", "Shenzhen"),
           ("43.249", "SG", "Singapore")]
TOURIST_HOME = {  # country: (weight, city, roaming prefixes, currency of cards)
    "KR": (.22, "Seoul", ("223.38", "39.7", "211.234")), "TW": (.18, "Taipei", ("1.164", "114.136", "39.12")),
    "CN": (.15, "Shanghai", ("223.104", "117.136", "112.97")), "US": (.12, "Los Angeles", ("172.56", "172.58")),
    "HK": (.07, "Hong Kong", ("223.119", "42.200")), "AU": (.06, "Sydney", ("1.128", "101.115")),
    "TH": (.05, "Bangkok", ("49.228", "171.96")), "SG": (.04, "Singapore", ("203.126", "116.86")),
    "GB": (.04, "London", ("31.94", "82.132")), "FR": (.04, "Paris", ("90.84", "92.184")),
    "DE": (.03, "Berlin", ("93.207", "84.63")),
}
IOS_MODELS = ("iPhone14,5", "iPhone14,7", "iPhone15,2", "iPhone15,4", "iPhone16,1", "iPhone17,3",
              "iPhone14,6", "iPhone12,8", "iPhone17,1")
IOS_VER = ("18.6", "26.1", "26.2", "26.3", "17.7")
JP_ANDROID = ("SO-51D", "XQ-DQ44", "SH-54D", "A302SH", "SHG10", "SC-51E", "SCG25", "Pixel 8", "Pixel 9",
              "Pixel 7a", "F-51C", "OPG04", "XIG04", "SH-M26")
ELDER_ANDROID = ("KYG01", "F-52B", "A201KC", "SHG09")
FOREIGN_ANDROID = ("SM-S928B", "SM-S921N", "SM-S918U", "Pixel 8", "2311DRK48C", "V2309A", "CPH2557", "Pixel 9 Pro")
AND_VER = ("13", "14", "15", "16")
FARM_MODELS = ("sdk_gphone64_x86_64", "Redmi Note 12", "SM-A145F", "Infinix X6833B", "V2111")
PC_UAS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0")
BOT_UAS = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
           "okhttp/4.12.0", "KazePay/4.8.1 (Android 9; SM-G960F)", "python-requests/2.31.0")


# helpers ------------------------------------------------------------------
def haversine(a_lat, a_lon, b_lat, b_lon):
    p = math.pi / 180.0
    x = (math.sin((b_lat - a_lat) * p / 2) ** 2
         + math.cos(a_lat * p) * math.cos(b_lat * p) * math.sin((b_lon - a_lon) * p / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(x)))


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    k, p, lim = 0, 1.0, math.exp(-lam)
    while True:
        p *= r.random()
        if p < lim:
            return k
        k += 1


def lognorm(r, median, sigma, lo, hi):
    return int(min(hi, max(lo, median * math.exp(r.gauss(0.0, sigma)))))


def wchoice(r, items, weights):
    x = r.random() * sum(weights)
    for it, w in zip(items, weights):
        x -= w
        if x <= 0:
            return it
    return items[-1]


def stable_rng(*key):
    return random.Random(zlib.crc32("|".join(map(str, key)).encode()))


def jp_holidays(year):
    hol = {date(year, m, d) for m, d in [(1, 1), (2, 11), (2, 23), (3, 20), (4, 29), (5, 3), (5, 4), (5, 5),
                                         (8, 11), (9, 23), (11, 3), (11, 23)]}
    for m, n in [(1, 2), (7, 3), (9, 3), (10, 2)]:
        d0 = date(year, m, 1)
        hol.add(d0 + timedelta(days=(-d0.weekday()) % 7 + 7 * (n - 1)))
    for h in sorted(hol):
        mid, nxt = h + timedelta(days=1), h + timedelta(days=2)
        if mid not in hol and nxt in hol and mid.weekday() != 6:
            hol.add(mid)
    for h in sorted(hol):
        if h.weekday() == 6:
            s = h + timedelta(days=1)
            while s in hol:
                s += timedelta(days=1)
            hol.add(s)
    return hol


class DayInfo:
    __slots__ = ("d", "date", "dow", "off", "gw", "obon", "ny", "bonus", "bonenkai", "hanami", "school_off",
                 "base", "friday")

    def __init__(self, d, dt, base, hols):
        self.d, self.date, self.base = d, dt, base
        self.dow = dt.weekday()
        m, dd = dt.month, dt.day
        self.ny = (m == 12 and dd >= 29) or (m == 1 and dd <= 3)
        self.off = self.dow >= 5 or dt in hols or self.ny
        self.friday = self.dow == 4
        self.gw = (m == 4 and dd >= 29) or (m == 5 and dd <= 6)
        self.obon = m == 8 and 10 <= dd <= 17
        self.bonus = (m == 6 and dd >= 10) or (m == 7 and dd <= 10) or (m == 12 and dd >= 10) or (m == 1 and dd <= 5)
        self.bonenkai = m == 12 and dd <= 28
        self.hanami = (m == 3 and dd >= 24) or (m == 4 and dd <= 8)
        self.school_off = ((m == 3 and dd >= 18) or (m == 4 and dd <= 7) or (m == 7 and dd >= 22) or m == 8
                           or (m == 12 and dd >= 24) or (m == 1 and dd <= 7) or (m == 2 and dd >= 10))


class Inc:
    """One fraud incident: scenario, report time (epoch or None), may the fraudster top up."""
    __slots__ = ("scenario", "reported", "manual_ok", "drain")

    def __init__(self, scenario, reported, manual_ok, drain=False):
        self.scenario, self.reported, self.manual_ok, self.drain = scenario, reported, manual_ok, drain


# world --------------------------------------------------------------------
class World:
    def __init__(self, seed, start, days):
        self.seed, self.start, self.days = seed, start, days
        self.st = [dict(slug=s[0], city=s[1], lat=s[2], lon=s[3], region=s[4], ops=s[5], flags=s[6])
                   for s in STATIONS]
        self.idx = {s["slug"]: i for i, s in enumerate(self.st)}
        self.region_st = {}
        for i, s in enumerate(self.st):
            if "A" not in s["flags"]:
                self.region_st.setdefault(s["region"], []).append(i)
        self.start_epoch = int(datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp())
        self.end_epoch = self.start_epoch + days * DAY
        hols = jp_holidays(start.year - 1) | jp_holidays(start.year) | jp_holidays(start.year + 1)
        self.dayinfo = {}
        for d in range(-1, days + 1):
            dt = start + timedelta(days=d)
            self.dayinfo[d] = DayInfo(d, dt, self.start_epoch + d * DAY - JST, hols)
        r = random.Random(seed * 7919 + 11)
        self.pools = {}
        for car, (_, prefs) in CARRIERS.items():
            for reg in REGION_W:
                self.pools[(car, reg)] = ["%s.%d.%d" % (r.choice(prefs), r.randrange(256), r.randrange(1, 255))
                                          for _ in range(40)]
        self.wifi = ["%s.%d" % (r.choice(PUBLIC_WIFI), r.randrange(1, 255)) for _ in range(24)]
        self.tourist_sim = ["%s.%d.%d" % (r.choice(("202.214", "210.138", "160.86")), r.randrange(256),
                                          r.randrange(1, 255)) for _ in range(30)]
        # app releases: (epoch, version)
        rel, t, minor, patch = [], self.start_epoch - 75 * DAY, 10, 0
        while t < self.end_epoch + DAY:
            rel.append((t, "6.%d.%d" % (minor, patch)))
            t += r.randint(12, 30) * DAY
            if r.random() < .35:
                patch += 1
            else:
                minor, patch = minor + 1, 0
        self.rel_t = [x[0] for x in rel]
        self.rel_v = [x[1] for x in rel]
        self._place = {}

    def near(self, si, km):
        s = self.st[si]
        out = [j for j in self.region_st[s["region"]] if j != si
               and haversine(s["lat"], s["lon"], self.st[j]["lat"], self.st[j]["lon"]) <= km]
        return out or [si]

    def nearest(self, lat, lon):
        best, bd = 0, 1e9
        for i, s in enumerate(self.st):
            dd = haversine(lat, lon, s["lat"], s["lon"])
            if dd < bd:
                best, bd = i, dd
        return best

    def place(self, si, kind, k=0):
        key = (si, kind, k)
        p = self._place.get(key)
        if p is None:
            s = self.st[si]
            sr = stable_rng(s["slug"], kind, k)
            spread = 0.0005 if kind in ("vend", "kiosk", "shop") else 0.006
            lat = s["lat"] + sr.uniform(-spread, spread)
            lon = s["lon"] + sr.uniform(-spread, spread) * 1.2
            slug = s["slug"]
            k7 = KOMBINI[k % len(KOMBINI)] if k or "jre" not in s["ops"] else "newdays"
            fmt = {"kombini": ("kombini", k7, slug, k), "vend": ("vend", s["ops"][0], slug, "%02d" % k),
                   "kiosk": ("kiosk", slug, k), "rest": ("rest", RESTS[k % len(RESTS)], slug, k),
                   "dinner": ("rest", DINNER[k % len(DINNER)], slug, k), "super": ("super", SUPERS[k % 8], slug, k),
                   "drug": ("drug", DRUGS[k % len(DRUGS)], slug, k), "electro": ("store", ELECTRO[k % 4], slug),
                   "dept": ("store", DEPTS[k % len(DEPTS)], slug), "donki": ("store", "donki", slug),
                   "shop": ("shop", "station", slug, k), "qr": ("qr", QRTYPES[k % len(QRTYPES)], slug, k),
                   "supplier": ("qr", "supplier", s["region"], k), "taxi": ("taxi", s["city"].lower(), k),
                   "bus": ("bus", s["city"].lower(), slug, k),
                   "amuse": ("amuse", ("round1", "karaoke-bigecho", "taito-station", "karaoke-joysound")[k % 4], slug)}
            pid = "-".join(map(str, fmt.get(kind, (kind, slug, k))))
            p = (pid, round(lat, 5), round(lon, 5), s["city"])
            self._place[key] = p
        return p

    def fare(self, a, b, op=None):
        sa, sb = self.st[a], self.st[b]
        if op is None or op not in sb["ops"]:
            common = [o for o in sb["ops"] if o in sa["ops"]]
            op = common[0] if common else sb["ops"][0]
        km = haversine(sa["lat"], sa["lon"], sb["lat"], sb["lon"]) * 1.3
        kind = OP_KIND.get(op, "private")
        amt = FARE_TABLES[kind][-1][1]
        for lim, f in FARE_TABLES[kind]:
            if km <= lim:
                amt = f
                break
        return op, amt, km

    def shinkansen(self, a_slug, b_slug):
        f = SHINKANSEN.get(frozenset((a_slug, b_slug)))
        if f is None:
            sa, sb = self.st[self.idx[a_slug]], self.st[self.idx[b_slug]]
            f = int(round(3000 + 29 * haversine(sa["lat"], sa["lon"], sb["lat"], sb["lon"]), -1))
        return f


# customers ----------------------------------------------------------------
KIND_W = {"office": .40, "student": .14, "family": .18, "elderly": .12, "night": .07, "shop": .05, "tourist": .07}


class Cust:
    def __init__(self, w, n, cid, kind, r):
        self.w, self.cid, self.kind, self.rng = w, cid, kind, r
        self.rows = []
        self.fraud_only = False
        self.join_d, self.leave_d = -10 ** 6, 10 ** 6
        self.act = math.exp(r.gauss(0, .35))
        self.trips = {}
        self.friends = []
        self.dev1 = self.dev2 = None
        self.dev_change_t = None
        self.no_dev_change = False
        self.pc_dev = None
        self.home_ips = []
        self.network = r.choice(NETWORKS)
        self.has_credit = False
        self.lag = r.expovariate(1 / 6.0) * DAY if r.random() < .9 else r.uniform(30, 80) * DAY
        self.p_loc = r.choice((.0, .6, .9, .9))
        self.carrier = wchoice(r, list(CARRIERS), [v[0] for v in CARRIERS.values()])
        self.pool_pref = [r.randrange(40) for _ in range(3)]
        self.roam = None
        self.cap_wallet = 100000
        self.bal = [r.randint(500, 8000), r.randint(1000, 15000)]
        self.auto = [False, False]
        self.threshold = r.choice((1000, 1000, 2000, 3000))
        self.topamt = r.choice((3000, 5000, 10000, 10000))

    # devices / network
    def new_device(self, foreign=False, elder=False):
        r = self.rng
        dev = "d-%012x" % r.getrandbits(48)
        if r.random() < (.45 if foreign else .58) and not elder:
            os_ = "iOS %s" % r.choice(IOS_VER)
            model = r.choice(IOS_MODELS)
        else:
            os_ = "Android %s" % r.choice(AND_VER)
            model = r.choice(FOREIGN_ANDROID if foreign else (ELDER_ANDROID if elder else JP_ANDROID))
        return (dev, os_, model)

    def dev_at(self, t):
        if self.dev_change_t is not None and t >= self.dev_change_t:
            return self.dev2[0]
        return self.dev1[0]

    def ua_at(self, t, devinfo=None):
        if devinfo is None:
            devinfo = self.dev2 if (self.dev_change_t is not None and t >= self.dev_change_t) else self.dev1
        w = self.w
        i = bisect.bisect_right(w.rel_t, t - self.lag) - 1
        return "KazePay/%s (%s; %s)" % (w.rel_v[max(0, i)], devinfo[1], devinfo[2])

    def ip_at(self, t, home=False):
        r = self.rng
        if self.roam is not None:
            mode = r.random()
            if mode < self.roam[0]:
                return "%s.%d.%d" % (r.choice(self.roam[1]), r.randrange(256), r.randrange(1, 255)), self.roam[2], self.roam[3]
            if mode < self.roam[0] + .3:
                return r.choice(self.w.wifi), "JP", "Tokyo"
            return r.choice(self.w.tourist_sim), "JP", "Tokyo"
        if home and self.home_ips and r.random() < .8:
            i = bisect.bisect_right([x[0] for x in self.home_ips], t) - 1
            return self.home_ips[max(0, i)][1], "JP", self.w.st[self.home_si]["city"]
        pool = self.w.pools[(self.carrier, self.region)]
        j = r.choice(self.pool_pref) if r.random() < .7 else r.randrange(len(pool))
        return pool[j], "JP", REGION_CITY[self.region]


def make_customers(w, n, r):
    kinds = list(KIND_W)
    ids = r.sample(range(1000000, 9999999), n + 4000)
    w.spare_ids = ids[n:]
    custs = []
    for i in range(n):
        kind = wchoice(r, kinds, [KIND_W[k] for k in kinds])
        c = Cust(w, i, "kz-%07d" % ids[i], kind, random.Random((w.seed * 1000003 + i) * 31 + 7))
        setup_customer(w, c)
        custs.append(c)
    # friends: app users in the same region
    by_reg = {}
    for c in custs:
        if c.has_app and c.kind != "tourist":
            by_reg.setdefault(c.region, []).append(c)
    for c in custs:
        pool = by_reg.get(c.region, [])
        if c.has_app and c.kind != "tourist" and len(pool) > 1:
            c.friends = ["p2p-" + f.cid for f in r.sample(pool, min(len(pool), r.randint(2, 7))) if f is not c]
    return custs


def setup_customer(w, c):
    r, kind = c.rng, c.kind
    days = w.days
    if kind == "tourist":
        setup_tourist(w, c)
        return
    c.region = wchoice(r, list(REGION_W), list(REGION_W.values()))
    sts = w.region_st[c.region]
    non_tourist = [i for i in sts if "T" not in w.st[i]["flags"] or "M" in w.st[i]["flags"]]
    majors = [i for i in sts if "M" in w.st[i]["flags"]] or sts
    c.home_si = r.choice(non_tourist)
    c.work_si = r.choice(majors) if kind in ("office", "night") else r.choice(sts)
    if kind == "student":
        c.work_si = r.choice(sts)
    if kind in ("family", "elderly", "shop"):
        c.work_si = c.home_si
    lz = [i for i in sts if set(w.st[i]["flags"]) & set("ML")] or sts
    c.leisure = [r.choice(lz), r.choice(lz)]
    c.drink_si = r.choice(majors + [c.work_si, c.work_si])
    _, _, km = w.fare(c.home_si, c.work_si)
    c.commute_h = (12 + 2.0 * km + r.uniform(0, 15)) / 60.0
    c.leave_h = r.gauss(7.6, .45) if kind == "office" else r.gauss(7.9, .5)
    c.end_h = r.gauss(18.4, .6)
    # favourite stores (indices into the per-station pools)
    c.fav = {k: r.sample(range(7), 3) for k in ("kombini", "rest", "dinner", "qr", "vend")}
    c.fav["super"] = r.sample(range(4), 2)
    c.fav["drug"] = [r.randrange(3)]
    # media
    if kind == "elderly":
        c.has_phone, c.has_card = r.random() < .2, True
        c.has_app = c.has_phone
    elif kind == "student":
        c.has_phone = r.random() < .6
        c.has_card = (not c.has_phone) or r.random() < .3
        c.has_app = c.has_phone or r.random() < .4
    elif kind == "shop":
        c.has_phone = c.has_app = True
        c.has_card = r.random() < .3
        c.cap_wallet = 300000
    else:
        c.has_phone = r.random() < .68
        c.has_card = (not c.has_phone) or r.random() < .25
        c.has_app = c.has_phone or r.random() < .5
    c.p_card_tap = 1.0 if not c.has_phone else (.12 if c.has_card else 0.0)
    if c.has_app:
        c.dev1 = c.new_device(elder=(kind == "elderly"))
        if r.random() < .012 * days / 30.0 and days > 2:
            c.dev_change_t = w.start_epoch + int(r.uniform(1, days - 1) * DAY)
            c.dev2 = c.new_device(elder=(kind == "elderly"))
    has_credit = kind in ("office", "family", "shop", "night") or (kind == "elderly" and r.random() < .3)
    c.has_credit = has_credit
    c.auto = [c.has_card and has_credit and r.random() < .35, c.has_app and has_credit and r.random() < .6]
    if kind == "shop":
        c.topamt = 30000
        c.threshold = 10000
    if r.random() < (.75 if kind in ("family", "office", "student", "elderly") else .5):
        ip0 = "%s.%d.%d" % (r.choice(HOME_ISP), r.randrange(256), r.randrange(1, 255))
        c.home_ips = [(0, ip0)]
        t = w.start_epoch - r.randint(0, 40) * DAY
        while t < w.end_epoch:
            t += r.randint(20, 60) * DAY
            c.home_ips.append((t, "%s.%d.%d" % (r.choice(HOME_ISP), r.randrange(256), r.randrange(1, 255))))
    if kind == "family" and c.home_ips and r.random() < .45:
        c.pc_dev = "d-%012x" % r.getrandbits(48)
        c.pc_ua = r.choice(PC_UAS).format(v=r.randint(131, 136))
    if kind == "shop":
        c.suppliers = r.sample(range(12), r.randint(3, 6))
        c.closed_dow = r.choice((0, 2, 3, 6))
    if kind == "night":
        c.shift_dow = set(r.sample(range(7), r.choice((4, 5, 5))))
        c.shift_h = r.uniform(20.5, 22.5)
    if kind == "student":
        c.pass_op = w.fare(c.home_si, c.work_si)[0]
    # joining: April intake of new employees/students, a trickle otherwise
    x = r.random()
    if kind in ("office", "student") and x < .05:
        target = date(w.start.year, 4, 1).toordinal() - w.start.toordinal() + r.randint(-7, 10)
        c.join_d = target if 0 <= target < days else r.randrange(max(1, days))
    elif x < .03:
        c.join_d = r.randrange(max(1, days))
    if c.join_d > 0:
        c.bal = [0, 0]
    # trips: holiday seasons and some long weekends
    p_trip = {"office": .30, "family": .45, "student": .25, "elderly": .15, "night": .15, "shop": .10}[kind]
    d = 0
    seasons_started = set()
    while d < days:
        di = w.dayinfo[d]
        season = "gw" if di.gw else "obon" if di.obon else "ny" if di.ny else None
        if season and season not in seasons_started:
            seasons_started.add(season)
            if r.random() < p_trip:
                s0 = d + r.randint(0, 3)
                add_trip(w, c, s0, r.randint(2, 5))
        d += 1
    for _ in range(poisson(r, days / 160.0)):
        s0 = r.randrange(max(1, days))
        if w.dayinfo[s0].dow >= 4:
            add_trip(w, c, s0, r.randint(2, 3))


def add_trip(w, c, s0, length):
    r = c.rng
    regions = [g for g in REGION_W if g != c.region]
    dest_reg = wchoice(r, regions, [REGION_W[g] + .05 for g in regions])
    dest = r.choice([i for i in w.region_st[dest_reg] if set(w.st[i]["flags"]) & set("MT")] or w.region_st[dest_reg])
    for k in range(length):
        c.trips[s0 + k] = (dest, k, length)


def setup_tourist(w, c):
    r = c.rng
    ctry = wchoice(r, list(TOURIST_HOME), [v[0] for v in TOURIST_HOME.values()])
    _, hcity, prefs = TOURIST_HOME[ctry]
    c.home_country = ctry
    c.roam = (r.choice((.2, .5, .7)), prefs, ctry, hcity)
    c.join_d = r.randrange(-10, max(1, w.days))
    stay = r.randint(6, 21)
    c.leave_d = c.join_d + stay
    entry = wchoice(r, ["narita-airport", "haneda-airport", "kansai-airport"], [.45, .3, .25])
    c.entry_si = w.idx[entry]
    first = "kansai" if entry == "kansai-airport" else "kanto"
    plan = [first]
    if stay >= 7:
        plan.append("kanto" if first == "kansai" else "kansai")
    if stay >= 12 and r.random() < .5:
        plan.append(r.choice(("chugoku", "hokkaido", "kyushu", "hokuriku")))
    cuts = sorted(r.sample(range(2, stay - 1), len(plan) - 1)) if len(plan) > 1 else []
    c.segments = []
    b = [0] + cuts + [stay + 1]
    for reg, a, z in zip(plan, b[:-1], b[1:]):
        c.segments.append((reg, c.join_d + a, c.join_d + z))
    c.region = first
    c.has_phone = r.random() < .45
    c.has_app = c.has_phone
    c.has_card = not c.has_phone
    c.p_card_tap = 0.0 if c.has_phone else 1.0
    if c.has_phone:
        c.dev1 = c.new_device(foreign=True)
    c.auto = [False, False]
    c.network = r.choice(("visa", "mastercard", "amex", "unionpay" if ctry in ("CN", "HK") else "visa"))
    c.bal = [0, 0]
    c.cap_wallet = 50000
    c.home_si = c.work_si = c.entry_si
    c.act = math.exp(r.gauss(0, .25))
    c.fav = {k: [0, 1, 2] for k in ("kombini", "rest", "dinner", "qr", "vend")}
    c.no_dev_change = True


# genuine behaviour ------------------------------------------------------------
class Gen:
    def __init__(self, w):
        self.w = w

    def T(self, d, h):
        return self.w.dayinfo[d].base + int(h * 3600)

    def tap(self, c, t, amt, place, dev=None, inc=None):
        if amt <= 0:
            return
        if c.p_card_tap and (c.p_card_tap >= 1 or c.rng.random() < c.p_card_tap):
            c.rows.append([t, amt, "ic_card", None, None, None, place[1], place[2], place[3], "JP", place[0],
                           SPEND, inc, CARD])
        else:
            c.rows.append([t, amt, "nfc", None, dev or c.dev_at(t), None, place[1], place[2], place[3], "JP",
                           place[0], SPEND, inc, WALLET])

    def app(self, c, t, amt, payee, ch, place=None, si=None, home=False, eff=SPEND):
        if not c.has_app or amt <= 0:
            return
        ip, ctry, city = c.ip_at(t, home)
        dev, ua = c.dev_at(t), c.ua_at(t)
        if ch == "ecom":
            if c.pc_dev and home and c.rng.random() < .6:
                dev, ua = c.pc_dev, c.pc_ua
            c.rows.append([t, amt, "ecom", ip, dev, ua, None, None, city, ctry, payee, eff, None, WALLET])
            return
        if place is not None:
            lat, lon, pcity = place[1], place[2], place[3]
        elif si is not None and c.rng.random() < c.p_loc:
            s = self.w.st[si]
            lat = round(s["lat"] + c.rng.uniform(-.006, .006), 4)
            lon = round(s["lon"] + c.rng.uniform(-.007, .007), 4)
            pcity = s["city"]
        else:
            lat = lon = None
            pcity = self.w.st[si]["city"] if si is not None else city
        c.rows.append([t, amt, ch, ip, dev, ua, lat, lon, pcity, "JP", payee, eff, None, WALLET])

    def fare(self, c, t, a, b, op=None):
        op, amt, _ = self.w.fare(a, b, op)
        self.tap(c, t, amt, ("gate-%s-%s" % (op, self.w.st[b]["slug"]), self.w.st[b]["lat"],
                             self.w.st[b]["lon"], self.w.st[b]["city"]))

    def kombini(self, c, t, si, median=520, fav=True):
        r = c.rng
        k = r.choice(c.fav["kombini"]) if fav and r.random() < .85 else r.randrange(7)
        self.tap(c, t, lognorm(r, median, .6, 108, 4800), self.w.place(si, "kombini", k))

    def vend(self, c, t, si):
        r = c.rng
        k = r.choice(c.fav["vend"]) if r.random() < .7 else r.randrange(10)
        self.tap(c, t, r.choice((110, 130, 140, 150, 160, 170, 180, 200)), self.w.place(si, "vend", k))

    def rest(self, c, t, si, median=950, kind="rest", fav=True):
        r = c.rng
        k = r.choice(c.fav[kind]) if fav and r.random() < .75 else r.randrange(12)
        amt = lognorm(r, median, .35, 280, 30000)
        amt = amt // 10 * 10
        self.tap(c, t, amt, self.w.place(si, kind, k))

    def day(self, c, d):
        if d < c.join_d or d > c.leave_d:
            return
        di = self.w.dayinfo[d]
        if c.kind == "tourist":
            self.tourist_day(c, d, di)
            return
        if d in c.trips:
            self.trip_day(c, d, di)
        else:
            getattr(self, "day_" + c.kind)(c, d, di)
        self.app_extras(c, d, di)

    # --- office commuters
    def day_office(self, c, d, di):
        r, a, T = c.rng, c.act, self.T
        off = di.off or (di.gw and r.random() < .4) or (di.obon and r.random() < .5)
        if not off and r.random() < .03:
            off = True  # paid leave / sick day
        if not off:
            leave = c.leave_h + r.gauss(0, .12)
            arrive = leave + c.commute_h
            self.fare(c, T(d, arrive), c.home_si, c.work_si)
            if r.random() < .45 * a:
                self.kombini(c, T(d, arrive + r.uniform(.03, .2)), c.work_si, 380)
            elif r.random() < .2:
                self.vend(c, T(d, arrive + r.uniform(.02, .1)), c.work_si)
            if r.random() < .78:
                lh = 11.8 + r.random() * 1.3
                if r.random() < .55:
                    self.rest(c, T(d, lh), c.work_si, 980)
                else:
                    self.kombini(c, T(d, lh), c.work_si, 720)
            for _ in range(poisson(r, .35 * a)):
                self.vend(c, T(d, r.uniform(10, 18)), c.work_si)
            if r.random() < .18 * a:
                dest = r.choice(self.w.region_st[c.region])
                if dest != c.work_si:
                    h = r.uniform(9.5, 15)
                    back = h + r.uniform(1.2, 3.0)
                    self.fare(c, T(d, h), c.work_si, dest)
                    if r.random() < .35:
                        self.rest(c, T(d, h + .3), dest, 600)
                    self.fare(c, T(d, back), dest, c.work_si)
            end = max(c.end_h + r.expovariate(1 / .7), 16.5)
            pdrink = (.3 if di.friday else .07) + (.22 if di.bonenkai else 0)
            if r.random() < pdrink * min(a, 1.5):
                venue = c.drink_si if r.random() < .6 else r.choice(self.w.region_st[c.region])
                h = end + r.uniform(.2, .6)
                if venue != c.work_si:
                    self.fare(c, T(d, h), c.work_si, venue)
                self.rest(c, T(d, h + r.uniform(1.5, 2.8)), venue, 4200 if di.bonenkai else 3600, "dinner", fav=False)
                ht = h + r.uniform(2.2, 3.8)
                self.fare(c, T(d, min(ht, 24.4)), venue, c.home_si)
                if r.random() < .3:
                    self.kombini(c, T(d, min(ht, 24.4) + .1), c.home_si, 450)
            else:
                self.fare(c, T(d, end + c.commute_h), c.work_si, c.home_si)
                h = end + c.commute_h + r.uniform(.05, .4)
                x = r.random()
                if x < .35 * a:
                    self.kombini(c, T(d, h), c.home_si, 620)
                elif x < .5:
                    self.tap(c, T(d, h), lognorm(r, 2100, .5, 300, 9000),
                             self.w.place(c.home_si, "super", r.choice(c.fav["super"])))
        else:
            self.leisure_day(c, d, di, 10.5)

    def leisure_day(self, c, d, di, h0):
        r, a, T = c.rng, c.act, self.T
        if r.random() < .55:
            dest = r.choice(c.leisure) if r.random() < .7 else r.choice(self.w.region_st[c.region])
            h = h0 + r.uniform(-.5, 3)
            if dest != c.home_si:
                self.fare(c, T(d, h), c.home_si, dest)
            self.rest(c, T(d, h + r.uniform(.5, 2)), dest, 1400, fav=False)
            if r.random() < .45:
                self.rest(c, T(d, h + r.uniform(2, 4)), dest, 700, fav=False)
            if r.random() < .35:
                kind = r.choice(("dept", "electro", "shop", "donki", "drug"))
                self.tap(c, T(d, h + r.uniform(1, 4)), lognorm(r, 3800, .8, 300, 19000),
                         self.w.place(dest, kind, r.randrange(3)))
            if r.random() < .3 * a:
                self.kombini(c, T(d, h + r.uniform(0, 5)), dest, 480, fav=False)
            if di.hanami and r.random() < .4:
                self.kombini(c, T(d, h + r.uniform(1, 3)), dest, 2200, fav=False)
            if dest != c.home_si:
                self.fare(c, T(d, h + r.uniform(4, 8)), dest, c.home_si)
        else:
            if r.random() < .55 * a:
                self.kombini(c, T(d, r.uniform(9, 23)), c.home_si, 600)
            if r.random() < .4:
                self.tap(c, T(d, r.uniform(10, 19)), lognorm(r, 2600, .5, 300, 12000),
                         self.w.place(c.home_si, "super", r.choice(c.fav["super"])))

    # --- students with a commuter pass
    def day_student(self, c, d, di):
        r, a, T = c.rng, c.act, self.T
        if di.date.month in (4, 10) and di.date.day == 1 + zlib.crc32(c.cid.encode()) % 6 and c.has_app:
            _, f, km = self.w.fare(c.home_si, c.work_si, c.pass_op)
            amt = int(min(69000, max(6000, f * 2 * 22 * 6 * .45)) // 10 * 10)
            self.app(c, T(d, r.uniform(8, 22)), amt, "pass-%s" % c.pass_op, "app", si=c.home_si, home=True, eff=NOBAL)
        if not di.off and not di.school_off and r.random() > .06:
            h = r.uniform(7.5, 9.5)
            if r.random() < .5 * a:
                kind = "kiosk" if r.random() < .4 else "kombini"
                if kind == "kiosk":
                    self.tap(c, T(d, h + c.commute_h), lognorm(r, 260, .5, 100, 1200),
                             self.w.place(c.work_si, "kiosk", 0))
                else:
                    self.kombini(c, T(d, h + c.commute_h), c.work_si, 420)
            if r.random() < .3:
                self.kombini(c, T(d, r.uniform(12, 13.2)), c.work_si, 560)
            for _ in range(poisson(r, .6 * a)):
                self.vend(c, T(d, r.uniform(9, 18)), c.work_si)
            end = r.uniform(15, 19)
            if r.random() < .38 * a:
                dest = r.choice(c.leisure)
                self.fare(c, T(d, end + .4), c.work_si, dest)
                x = r.random()
                if x < .45:
                    self.rest(c, T(d, end + 1), dest, 650, fav=False)
                elif x < .75:
                    self.tap(c, T(d, end + 1.2), lognorm(r, 1100, .5, 300, 4000),
                             self.w.place(dest, "amuse", r.randrange(4)))
                else:
                    self.kombini(c, T(d, end + 1), dest, 400, fav=False)
                self.fare(c, T(d, end + r.uniform(2, 4.5)), dest, c.home_si)
            elif r.random() < .35:
                self.rest(c, T(d, end + .2), c.work_si, 560)
            if r.random() < .3 * a:
                self.kombini(c, T(d, r.uniform(19, 23.5)), c.home_si, 480)
        else:
            if r.random() < .5:
                dest = r.choice(c.leisure)
                h = r.uniform(11, 16)
                self.fare(c, T(d, h), c.home_si, dest)
                self.rest(c, T(d, h + 1), dest, 800, fav=False)
                if r.random() < .4:
                    self.tap(c, T(d, h + 2), lognorm(r, 1500, .6, 300, 6000),
                             self.w.place(dest, "amuse", r.randrange(4)))
                if r.random() < .3:
                    self.vend(c, T(d, h + 2.5), dest)
                self.fare(c, T(d, h + r.uniform(3, 7)), dest, c.home_si)
            if r.random() < .5 * a:
                self.kombini(c, T(d, r.uniform(11, 24.5)), c.home_si, 450)

    # --- families
    def day_family(self, c, d, di):
        r, a, T = c.rng, c.act, self.T
        if di.off and r.random() < .6:
            dest = r.choice(c.leisure) if r.random() < .75 else r.choice(self.w.region_st[c.region])
            h = r.uniform(9.5, 12.5)
            if dest != c.home_si:
                self.fare(c, T(d, h), c.home_si, dest)
            self.rest(c, T(d, h + r.uniform(1.5, 3)), dest, 4200, fav=False)
            if r.random() < .5:
                kind = r.choice(("dept", "electro", "shop", "drug"))
                self.tap(c, T(d, h + r.uniform(2, 5)), lognorm(r, 4500, .7, 500, 30000),
                         self.w.place(dest, kind, r.randrange(3)))
            if r.random() < .4:
                self.vend(c, T(d, h + r.uniform(1, 5)), dest)
            if dest != c.home_si:
                self.fare(c, T(d, h + r.uniform(5, 8)), dest, c.home_si)
            return
        if r.random() < .6:
            self.tap(c, T(d, r.choice((r.uniform(10, 12), r.uniform(16, 18.5)))), lognorm(r, 3800, .5, 400, 15000),
                     self.w.place(c.home_si, "super", r.choice(c.fav["super"])))
        if r.random() < .2:
            self.tap(c, T(d, r.uniform(10, 19)), lognorm(r, 1500, .6, 200, 8000),
                     self.w.place(c.home_si, "drug", c.fav["drug"][0]))
        if r.random() < .3 * a:
            self.kombini(c, T(d, r.uniform(8, 21)), c.home_si, 650)
        if r.random() < .3 * a:
            dest = r.choice(self.w.region_st[c.region])
            if dest != c.home_si:
                h = r.uniform(9.5, 14)
                self.fare(c, T(d, h), c.home_si, dest)
                if r.random() < .5:
                    self.rest(c, T(d, h + .5), dest, 1100, fav=False)
                self.fare(c, T(d, h + r.uniform(1.5, 4)), dest, c.home_si)

    # --- elderly
    def day_elderly(self, c, d, di):
        r, T = c.rng, self.T
        if r.random() > .42 * min(c.act, 1.4):
            return
        h = r.uniform(9, 13.5)
        if r.random() < .6:
            bus = self.w.place(c.home_si, "bus", r.randrange(2))
            fare = 210 if self.w.st[c.home_si]["city"] == "Tokyo" else 230
            self.tap(c, T(d, h), fare, bus)
            self.tap(c, T(d, h + r.uniform(1.5, 3.5)), fare, bus)
        elif r.random() < .4:
            dest = r.choice(self.w.near(c.home_si, 12))
            self.fare(c, T(d, h), c.home_si, dest)
            if r.random() < .4:
                self.rest(c, T(d, h + 1), dest, 900, fav=False)
            self.fare(c, T(d, h + r.uniform(2, 4)), dest, c.home_si)
        if r.random() < .65:
            self.tap(c, T(d, h + r.uniform(.3, 1.5)), lognorm(r, 1700, .5, 200, 8000),
                     self.w.place(c.home_si, "super", c.fav["super"][0]))
        if r.random() < .25:
            self.tap(c, T(d, h + r.uniform(.2, 2)), lognorm(r, 1300, .6, 200, 6000),
                     self.w.place(c.home_si, "drug", c.fav["drug"][0]))
        if r.random() < .12:
            self.kombini(c, T(d, h + r.uniform(0, 3)), c.home_si, 400)

    # --- night shift
    def day_night(self, c, d, di):
        r, a, T = c.rng, c.act, self.T
        if di.dow in c.shift_dow:
            s = c.shift_h + r.gauss(0, .1)
            self.fare(c, T(d, s - .2), c.home_si, c.work_si)
            if r.random() < .5:
                self.kombini(c, T(d, s - .15), c.work_si, 700)
            for _ in range(poisson(r, .8 * a)):
                self.vend(c, T(d, r.uniform(s + 1, s + 8)), c.work_si)
            if r.random() < .55 * a:
                self.kombini(c, T(d, r.uniform(25, 28.5)), c.work_si, 650)
            end = s + 9 + r.uniform(-.2, .6)
            if r.random() < .04:
                self.tap(c, T(d, end), lognorm(r, 3500, .4, 800, 9000), self.w.place(c.work_si, "taxi", r.randrange(5)))
            else:
                self.fare(c, T(d, end + c.commute_h), c.work_si, c.home_si)
                if r.random() < .3:
                    self.kombini(c, T(d, end + c.commute_h + .1), c.home_si, 600)
        else:
            if r.random() < .45:
                self.leisure_day(c, d, di, 14.5)
            if r.random() < .3 * a:
                self.kombini(c, T(d, r.uniform(24, 27.5)), c.home_si, 550)

    # --- small shop owners
    def day_shop(self, c, d, di):
        r, a, T = c.rng, c.act, self.T
        if di.dow == c.closed_dow or di.ny:
            self.leisure_day(c, d, di, 11)
            return
        sup_si = self.w.region_st[c.region][0]
        for _ in range(poisson(r, .45)):
            k = c.suppliers[min(int(r.expovariate(1.0)), len(c.suppliers) - 1)]
            amt = lognorm(r, 22000, .7, 3000, 150000) // 10 * 10
            self.app(c, T(d, r.uniform(6, 9)), amt, self.w.place(sup_si, "supplier", k)[0], "qr",
                     place=self.w.place(sup_si, "supplier", k))
        if r.random() < .5 * a:
            self.kombini(c, T(d, r.uniform(6.5, 9.5)), c.home_si, 520)
        if r.random() < .5:
            if r.random() < .5:
                self.kombini(c, T(d, r.uniform(11.5, 14)), c.home_si, 650)
            else:
                self.rest(c, T(d, r.uniform(11.5, 14.5)), c.home_si, 900)
        if r.random() < .3:
            self.kombini(c, T(d, r.uniform(19, 23)), c.home_si, 800)
        if r.random() < .18:
            dest = r.choice(self.w.region_st[c.region])
            if dest != c.home_si:
                h = r.uniform(13, 16)
                self.fare(c, T(d, h), c.home_si, dest)
                self.fare(c, T(d, h + r.uniform(1, 2.5)), dest, c.home_si)

    # --- travel in another region (holiday seasons)
    def trip_day(self, c, d, di):
        r, T = c.rng, self.T
        dest, k, length = c.trips[d]
        w = self.w
        hub_home = REGION_HUB.get(c.region)
        hub_dest = REGION_HUB.get(w.st[dest]["region"])
        far = hub_home is None or hub_dest is None
        group = 1 if c.kind in ("office", "student", "night") else r.choice((1, 2, 2)) if c.kind != "family" else r.choice((2, 3, 4))
        if k == 0:
            h = r.uniform(7, 12)
            if far or (not c.has_card and not c.has_phone):
                if c.has_app:
                    self.app(c, T(d, h) - r.randint(3, 20) * DAY, min(c.cap_wallet, lognorm(r, 24000, .3, 9000, 45000) * group // 10 * 10),
                             r.choice(("ecom-ana", "ecom-jal", "ecom-peach", "ecom-skymark")), "ecom", home=True)
            else:
                fare = w.shinkansen(hub_home, hub_dest)
                hs = w.idx[hub_home]
                if c.has_app and (group > 1 or r.random() < .4):
                    self.app(c, T(d, h) - r.randint(0, 14) * DAY - 3600 * r.randint(0, 12), min(c.cap_wallet, fare * group),
                             r.choice(("ticket-smartex", "ticket-ekinet")), "app", si=c.home_si, home=True)
                else:
                    self.tap(c, T(d, h), min(fare, 19990), ("gate-shinkansen-%s" % hub_home, w.st[hs]["lat"],
                                                        w.st[hs]["lon"], w.st[hs]["city"]))
                    if r.random() < .6:
                        self.tap(c, T(d, h - .2), lognorm(r, 1300, .4, 400, 4000), w.place(hs, "shop", r.randrange(4)))
        else:
            local = w.near(dest, 15)
            cur = dest
            for _ in range(r.randint(1, 4)):
                nxt = r.choice(local)
                if nxt != cur:
                    self.fare(c, T(d, r.uniform(9, 18)), cur, nxt)
                    cur = nxt
            self.rest(c, T(d, r.uniform(11.5, 13.5)), cur, 1500 * min(group, 2), fav=False)
            if r.random() < .6:
                self.rest(c, T(d, r.uniform(18, 20.5)), cur, 3000 * min(group, 2), "dinner", fav=False)
            if r.random() < .7:
                self.kombini(c, T(d, r.uniform(8, 22)), cur, 650, fav=False)
            if r.random() < .3:
                self.vend(c, T(d, r.uniform(9, 18)), cur)
        if k == length - 1 and k > 0:
            h = r.uniform(14, 19)
            self.tap(c, T(d, h - .3), lognorm(r, 3500, .5, 800, 15000), w.place(dest, "shop", r.randrange(4)))
            if not far:
                fare = w.shinkansen(hub_home, hub_dest)
                hd = w.idx[hub_dest]
                if c.has_app and group > 1:
                    self.app(c, T(d, h - 2), min(c.cap_wallet, fare * group), "ticket-smartex", "app", si=hd)
                else:
                    self.tap(c, T(d, h), min(fare, 19990), ("gate-shinkansen-%s" % hub_dest, w.st[hd]["lat"],
                                                        w.st[hd]["lon"], w.st[hd]["city"]))

    # --- app payments common to residents
    RATES = {"office": (.12, .05, .12, .01), "student": (.06, .14, .08, .03), "family": (.18, .04, .12, .01),
             "elderly": (.01, .01, .04, 0.0), "night": (.1, .04, .05, .02), "shop": (.08, .03, .06, .005)}

    def app_extras(self, c, d, di):
        if not c.has_app:
            return
        r, T, a = c.rng, self.T, c.act
        pe, pp, pq, pg = self.RATES[c.kind]
        away = d in c.trips
        here = c.trips[d][0] if away else c.home_si
        for _ in range(poisson(r, pe * a)):
            if c.kind == "night":
                h = r.choice((r.uniform(3, 6), r.uniform(13, 18), r.uniform(10, 12)))
            elif c.kind == "family":
                h = r.choice((r.uniform(10, 15), r.uniform(20.5, 24)))
            else:
                h = r.choice((r.uniform(20, 25), r.uniform(12, 13), r.uniform(21, 24)))
            lst = ECOM_YOUTH if c.kind == "student" else ECOM_BIZ if c.kind == "shop" and r.random() < .6 else ECOM_ADULT
            payee = lst[min(int(r.expovariate(.7)), len(lst) - 1)]
            amt = lognorm(r, 3200 if c.kind != "student" else 1500, .8, 100, 60000)
            if di.bonus and r.random() < .2:
                amt = lognorm(r, 28000, .5, 8000, 90000)
            self.app(c, T(d, h), min(amt, c.cap_wallet), payee, "ecom", home=not away)
        for _ in range(poisson(r, pp * (2.5 if di.ny and c.kind in ("elderly", "family") else 1))):
            if not c.friends:
                break
            if di.ny and c.kind in ("elderly", "family"):
                amt = r.choice((3000, 5000, 10000, 10000, 20000, 30000))
            elif c.kind == "student":
                amt = r.choice((300, 500, 800, 1000, 1200, 1500, 2000, 2500, 3000))
            else:
                amt = r.choice((1000, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 8000, 10000, 20000))
            self.app(c, T(d, r.uniform(12, 23.5)), amt, r.choice(c.friends), "app", si=here, home=r.random() < .5)
        for _ in range(poisson(r, pq * a)):
            si = here if away or r.random() < .6 else c.work_si
            k = r.choice(c.fav["qr"]) if r.random() < .7 else r.randrange(12)
            p = self.w.place(si, "qr", k)
            self.app(c, T(d, r.uniform(10, 21)), lognorm(r, 1300, .6, 150, 12000) // 10 * 10, p[0], "qr", place=p)
        if r.random() < pg:
            self.app(c, T(d, r.uniform(15, 23.5)), r.choice((1500, 3000, 3000, 5000, 10000)), r.choice(GIFTS[:4]),
                     "app", si=here, home=True)
        if di.bonus and r.random() < .012 and c.kind in ("office", "family", "shop"):
            si = r.choice(c.leisure)
            kind = r.choice(("electro", "electro", "dept"))
            amt = lognorm(r, 42000, .5, 12000, 98000) // 100 * 100
            if c.has_phone:
                self.tap(c, T(d, r.uniform(11, 19)), min(amt, c.cap_wallet), self.w.place(si, kind, r.randrange(4)))
            else:
                self.app(c, T(d, r.uniform(20, 24)), min(amt, c.cap_wallet), "ecom-yodobashi", "ecom", home=True)

    # --- tourists
    def tourist_day(self, c, d, di):
        r, T, w = c.rng, self.T, self.w
        seg = next((s for s in c.segments if s[1] <= d < s[2]), c.segments[-1])
        reg = seg[0]
        spots = [i for i in w.region_st[reg] if set(w.st[i]["flags"]) & set("TML")] or w.region_st[reg]
        if d == c.join_d:
            cur = r.choice(spots)
            h = r.uniform(9, 20)
            self.fare(c, T(d, h), c.entry_si, cur)
            self.kombini(c, T(d, h + .5), cur, 900, fav=False)
            c.cur = cur
            return
        if d == c.leave_d:
            cur = getattr(c, "cur", r.choice(spots))
            ap = w.idx["kansai-airport"] if reg != "kanto" else c.entry_si if c.entry_si != w.idx["kansai-airport"] else w.idx["narita-airport"]
            h = r.uniform(7, 15)
            self.fare(c, T(d, h), cur, ap)
            self.tap(c, T(d, h + r.uniform(.5, 1.5)), lognorm(r, 2500, .8, 300, 15000), w.place(ap, "shop", r.randrange(4)))
            return
        cur = getattr(c, "cur", r.choice(spots))
        if w.st[cur]["region"] != reg:
            hub_a, hub_b = REGION_HUB.get(w.st[cur]["region"]), REGION_HUB.get(reg)
            h = r.uniform(8, 11)
            if hub_a and hub_b:
                ha = w.idx[hub_a]
                self.tap(c, T(d, h), w.shinkansen(hub_a, hub_b) if c.has_phone else min(19990, w.shinkansen(hub_a, hub_b)),
                         ("gate-shinkansen-%s" % hub_a, w.st[ha]["lat"], w.st[ha]["lon"], w.st[ha]["city"]))
                cur = w.idx[hub_b]
                h0 = h + r.uniform(2.2, 3.5)
            else:
                cur, h0 = r.choice(spots), r.uniform(11, 14)
        else:
            h0 = r.uniform(8, 10.5)
        h = h0
        for _ in range(poisson(r, 4.5 * c.act)):
            nxt = r.choice(spots) if r.random() < .7 else r.choice(w.region_st[reg])
            h += r.uniform(.5, 2.2)
            if h > 22.5:
                break
            if nxt != cur:
                self.fare(c, T(d, h), cur, nxt)
                cur = nxt
            x = r.random()
            if x < .45:
                self.kombini(c, T(d, h + r.uniform(.1, .6)), cur, 700, fav=False)
            elif x < .65:
                self.vend(c, T(d, h + r.uniform(.05, .4)), cur)
            elif x < .8:
                if c.has_app and r.random() < .4:
                    p = w.place(cur, "qr", r.randrange(12))
                    self.app(c, T(d, h + .3), lognorm(r, 1500, .6, 200, 9000) // 10 * 10, p[0], "qr", place=p)
                else:
                    self.tap(c, T(d, h + .3), lognorm(r, 1800, .6, 200, 9000), w.place(cur, "shop", r.randrange(5)))
        self.rest(c, T(d, r.uniform(11.5, 14)), cur, 1500, fav=False)
        if r.random() < .6:
            self.rest(c, T(d, r.uniform(18.5, 21)), cur, 3500, "dinner", fav=False)
        if r.random() < .35:
            kind = r.choice(("drug", "donki", "electro", "donki"))
            self.tap(c, T(d, r.uniform(15, 22)), lognorm(r, 7500, .6, 1000, 19000), w.place(cur, kind, r.randrange(3)))
        c.cur = cur


# fraud --------------------------------------------------------------------
SCEN_RATE = {  # incidents per customer-day
    "lost_card": 1 / 1800, "stolen_phone": 1 / 3800, "account_takeover": 1 / 5500,
    "topup_abuse": 1 / 3500, "card_testing": 1 / 24000, "mule_ring": 1 / 30000, "friendly_fraud": 1 / 2500,
}


class Fraud:
    def __init__(self, w, gen, custs, r):
        self.w, self.g, self.custs, self.r = w, gen, custs, r
        self.extra = []        # fraud-only accounts
        self.mules = []        # ring mule customers
        self.mule_ids = []     # payee ids used as cash-out targets
        self.ring_of = {}      # mule cid -> ring dict
        self.next_id = 0

    def new_id(self):
        self.next_id += 1
        return "kz-%07d" % self.w.spare_ids[self.next_id]

    def counts(self):
        cd = len(self.custs) * self.w.days
        return {s: max(1, poisson(self.r, rate * cd)) for s, rate in SCEN_RATE.items()}

    def window_rows(self, c, pred, margin=DAY):
        lo, hi = self.w.start_epoch + margin // 2, self.w.end_epoch - margin
        return [x for x in c.rows if lo <= x[TS] < hi and x[INC] is None and pred(x)]

    def report(self, t0, fast, mid, slow, never, fast_rng=(600, 6 * 3600), mid_rng=(6 * 3600, 3 * DAY),
               slow_rng=(3 * DAY, 42 * DAY)):
        r = self.r
        x = r.random() * (fast + mid + slow + never)
        if x < fast:
            return t0 + int(r.uniform(*fast_rng))
        if x < fast + mid:
            return t0 + int(r.uniform(*mid_rng))
        if x < fast + mid + slow:
            return t0 + int(math.exp(r.uniform(math.log(slow_rng[0]), math.log(slow_rng[1]))))
        return None

    def run(self):
        n = self.counts()
        self.make_rings(n["mule_ring"])
        for _ in range(n["lost_card"]):
            self.lost_card()
        for _ in range(n["stolen_phone"]):
            self.stolen_phone()
        for _ in range(n["account_takeover"]):
            self.takeover()
        for _ in range(n["topup_abuse"]):
            self.topup_abuse()
        for _ in range(n["card_testing"]):
            self.card_testing()
        for _ in range(n["friendly_fraud"]):
            self.friendly()
        for ring in self.rings:
            self.ring_victims(ring)

    def pick(self, pred, tries=400):
        r = self.r
        for _ in range(tries):
            c = r.choice(self.custs)
            if not c.fraud_only and pred(c):
                return c
        return None

    def row(self, c, t, amt, ch, payee, inc, ip=None, dev=None, ua=None, lat=None, lon=None, city=None,
            ctry="JP", eff=SPEND, med=WALLET):
        c.rows.append([int(t), int(amt), ch, ip, dev, ua, lat, lon, city, ctry, payee, eff, inc, med])

    # lost or stolen physical card -------------------------------------------
    def lost_card(self):
        r, w = self.r, self.w
        c = self.pick(lambda c: c.has_card and c.kind != "tourist" or (c.kind == "tourist" and c.has_card and r.random() < .3))
        if c is None:
            return
        cand = self.window_rows(c, lambda x: x[CH] == "ic_card")
        if not cand:
            return
        base = r.choice(cand)
        loss = base[TS] + int(r.uniform(300, 2.5 * 3600))
        start = loss + int(r.uniform(600, 3 * 3600))
        rep = self.report(loss, .78, .14, 0, .08, fast_rng=(40 * 60, 14 * 3600), mid_rng=(14 * 3600, 3 * DAY))
        inc = Inc("lost_card", rep, False)
        si = w.nearest(base[LAT], base[LON])
        area = w.near(si, 5) + [si, si]
        t, cur = start, r.choice(area)
        for _ in range(r.randint(5, 24)):
            if rep is not None and t >= rep:
                break
            x = r.random()
            if x < .4:
                amt, p = r.choice((130, 150, 160, 180, 200)), w.place(cur, "vend", r.randrange(10))
            elif x < .8:
                amt, p = lognorm(r, 900, .7, 150, 6000), w.place(cur, "kombini", r.randrange(7))
            elif x < .9:
                nxt = r.choice(area)
                op, amt, _ = w.fare(cur, nxt)
                s = w.st[nxt]
                p = ("gate-%s-%s" % (op, s["slug"]), s["lat"], s["lon"], s["city"])
                cur = nxt
            else:
                amt, p = lognorm(r, 2500, .5, 500, 9000), w.place(cur, r.choice(("drug", "kiosk", "shop")), r.randrange(3))
            self.row(c, t, amt, "ic_card", p[0], inc, lat=p[1], lon=p[2], city=p[3], med=CARD)
            t += int(r.expovariate(1 / 600.0)) + 20
        stop = (rep if rep is not None else t) + int(r.uniform(1, 3) * DAY)
        c.rows = [x for x in c.rows if not (x[INC] is None and x[CH] == "ic_card" and loss <= x[TS] < stop)]

    # stolen phone ---------------------------------------------------------------
    def stolen_phone(self):
        r, w = self.r, self.w
        c = self.pick(lambda c: c.has_phone and c.has_app and c.dev_change_t is None and c.kind != "tourist")
        if c is None:
            return
        cand = self.window_rows(c, lambda x: x[DEV] == c.dev1[0] and x[LAT] is not None)
        late = [x for x in cand if ((x[TS] + JST) % DAY) / 3600.0 >= 18 or ((x[TS] + JST) % DAY) / 3600.0 < 2]
        base = r.choice(late or cand) if cand else None
        if base is None:
            return
        theft = base[TS] + int(r.uniform(300, 3600))
        t = theft + int(r.uniform(1200, 4 * 3600))
        rep = self.report(theft, .55, .35, 0, .10, fast_rng=(3600, 8 * 3600), mid_rng=(8 * 3600, 3 * DAY))
        inc = Inc("stolen_phone", rep, c.has_credit, True)
        si = w.nearest(base[LAT], base[LON])
        area = [j for j in w.near(si, 15) if haversine(w.st[si]["lat"], w.st[si]["lon"], w.st[j]["lat"], w.st[j]["lon"]) > 2] or [si]
        cur = r.choice(area)
        dev, ua0 = c.dev1[0], c.dev1
        pool = w.pools[(c.carrier, c.region)]
        targets = [r.choice(self.mule_ids) for _ in range(2)] + ["p2p-" + self.new_id()]
        for _ in range(r.randint(3, 11)):
            if rep is not None and t >= rep:
                break
            x = r.random()
            ip = r.choice(pool)
            if x < .3:
                p = w.place(cur, "kombini", r.randrange(7))
                self.row(c, t, r.choice((3000, 5000, 10000, 2980, 1500)), "nfc", p[0], inc, dev=dev,
                         lat=p[1], lon=p[2], city=p[3])
            elif x < .55:
                p = w.place(cur, "qr", r.randrange(12))
                self.row(c, t, lognorm(r, 9000, .7, 1500, 40000) // 10 * 10, "qr", p[0], inc, ip=ip, dev=dev,
                         ua=c.ua_at(t, ua0), lat=p[1], lon=p[2], city=p[3])
            elif x < .85:
                self.row(c, t, r.choice((10000, 20000, 30000, 15000, 50000)), "app", r.choice(targets), inc, ip=ip,
                         dev=dev, ua=c.ua_at(t, ua0), city=w.st[cur]["city"])
            else:
                self.row(c, t, r.choice((5000, 10000, 10000, 20000)), "app", r.choice(GIFTS), inc, ip=ip, dev=dev,
                         ua=c.ua_at(t, ua0), city=w.st[cur]["city"])
            if r.random() < .3:
                cur = r.choice(area)
            t += int(r.expovariate(1 / 1500.0)) + 30
        recover = (rep if rep is not None else t + DAY) + int(r.uniform(.5, 4) * DAY)
        c.rows = [x for x in c.rows if not (x[INC] is None and x[DEV] == dev and theft <= x[TS] < recover)]
        c.dev2 = c.new_device()
        c.dev_change_t = recover
        for x in c.rows:
            if x[INC] is None and x[DEV] == dev and x[TS] >= recover:
                x[DEV] = c.dev2[0]
                if x[UA]:
                    x[UA] = c.ua_at(x[TS], c.dev2)

    # account takeover -----------------------------------------------------------
    def takeover(self):
        r, w = self.r, self.w
        c = self.pick(lambda c: c.has_app and c.kind not in ("tourist",) and c.join_d < w.days - 3)
        if c is None:
            return
        lo = max(0, c.join_d + 1)
        d = r.randrange(lo, max(lo + 1, w.days - 1))
        h = r.uniform(0, 6) if r.random() < .45 else r.uniform(6, 24)
        t = w.dayinfo[d].base + int(h * 3600)
        rep = self.report(t, .2, .25, .45, .10, fast_rng=(2 * 3600, 20 * 3600), mid_rng=(20 * 3600, 4 * DAY),
                          slow_rng=(4 * DAY, 35 * DAY))
        inc = Inc("account_takeover", rep, c.has_credit, True)
        sim = r.random() < .4
        dev = c.new_device()
        if sim:
            pool = w.pools[(c.carrier, r.choice(list(REGION_W)))]
            ips = [(r.choice(pool), "JP", REGION_CITY[c.region]) for _ in range(3)]
        else:
            pre, ctry, city = r.choice(HOSTING)
            ips = [("%s.%d.%d" % (pre, r.randrange(256), r.randrange(1, 255)), ctry, city) for _ in range(2)]
        mules = [r.choice(self.mule_ids) for _ in range(r.randint(1, 3))]
        ua = "KazePay/%s (%s; %s)" % (w.rel_v[max(0, bisect.bisect_right(w.rel_t, t) - 1)], dev[1], dev[2])
        waves = 2 if r.random() < .4 else 1
        for wv in range(waves):
            if wv:
                t += int(r.uniform(10, 30) * 3600)
            for _ in range(r.randint(3, 9)):
                if rep is not None and t >= rep:
                    break
                ip, ctry, city = r.choice(ips)
                if r.random() < .6:
                    payee, amt = r.choice(GIFTS), r.choice((5000, 10000, 10000, 15000, 20000, 30000))
                else:
                    payee, amt = r.choice(mules), r.choice((10000, 20000, 30000, 45000, 50000, 80000))
                self.row(c, t, amt, "app", payee, inc, ip=ip, dev=dev[0], ua=ua, city=city, ctry=ctry)
                t += int(r.uniform(40, 900))

    # auto top-up abuse on fresh accounts ----------------------------------------
    def topup_abuse(self):
        r, w = self.r, self.w
        if not hasattr(self, "farms"):
            self.farms = []
        if not self.farms or r.random() < .3:
            devs = []
            for _ in range(r.randint(2, 4)):
                devs.append(("d-%012x" % r.getrandbits(48), "Android %s" % r.choice(("11", "12", "13")), r.choice(FARM_MODELS)))
            pre, ctry, city = r.choice(HOSTING[:5] + HOSTING[:4])
            self.farms.append((devs, pre, ctry, city))
        devs, pre, hctry, hcity = r.choice(self.farms)
        cid = self.new_id()
        c = Cust(w, -1, cid, "fraud", random.Random(r.getrandbits(32)))
        c.fraud_only = True
        c.region = r.choice(("kanto", "kansai", "kanto"))
        c.has_app, c.has_phone, c.has_card = True, True, False
        c.bal = [0, 0]
        c.cap_wallet = 50000
        d0 = r.randrange(0, max(1, w.days - 1))
        t = w.dayinfo[d0].base + int(r.uniform(0, 24) * 3600)
        rep = self.report(t, 0, .05, .85, .10, mid_rng=(DAY, 7 * DAY), slow_rng=(7 * DAY, 42 * DAY))
        inc = Inc("topup_abuse", rep, True)
        dev = r.choice(devs)
        ver = w.rel_v[bisect.bisect_right(w.rel_t, t) - 1]
        ua = "KazePay/%s (%s; %s)" % (ver, dev[1], dev[2])

        def ip():
            if r.random() < .5:
                return "%s.%d.%d" % (pre, r.randrange(256), r.randrange(1, 255)), hctry, hcity
            return r.choice(w.pools[(r.choice(list(CARRIERS)), c.region)]), "JP", REGION_CITY[c.region]
        if r.random() < .4:
            a, b, cc = ip()
            sx = r.choice(w.region_st[c.region])
            p = w.place(sx, "qr", r.randrange(12))
            self.row(c, t - int(r.uniform(600, 2 * DAY)), r.choice((100, 300, 500, 980)), "qr", p[0], inc, ip=a,
                     dev=dev[0], ua=ua, lat=p[1], lon=p[2], city=p[3])
        for _ in range(r.randint(1, 4)):
            if rep is not None and t >= rep:
                break
            net = r.choice(("visa", "mastercard", "visa", "amex", "jcb"))
            a, b, cc = ip()
            top = r.choice((10000, 20000, 30000, 49000, 50000))
            self.row(c, t, top, "app", "topup-" + net, inc, ip=a, dev=dev[0], ua=ua, city=cc, ctry=b, eff=TOPUP)
            t += int(r.uniform(30, 600))
            spent = 0
            while spent < top * .8:
                a, b, cc = ip()
                if r.random() < .6:
                    amt, payee = r.choice((5000, 10000, 10000, 20000)), r.choice(GIFTS)
                else:
                    amt, payee = r.choice((9000, 10000, 15000, 20000, 30000)), r.choice(self.mule_ids)
                amt = min(amt, top - spent)
                if amt <= 0:
                    break
                self.row(c, t, amt, "app", payee, inc, ip=a, dev=dev[0], ua=ua, city=cc, ctry=b)
                spent += amt
                t += int(r.uniform(20, 500))
            t += int(r.expovariate(1 / (6 * 3600.0)))
        self.extra.append(c)

    # card testing --------------------------------------------------------------
    def card_testing(self):
        r, w = self.r, self.w
        d = r.randrange(0, max(1, w.days))
        t = w.dayinfo[d].base + int(r.uniform(0, 24) * 3600)
        ua = r.choice(BOT_UAS)
        shared = ("d-%012x" % r.getrandbits(48)) if r.random() < .4 else None
        merchants = ["ecom-shop-%04d" % r.randrange(10000) for _ in range(r.randint(1, 3))]
        if r.random() < .4:
            merchants.append(r.choice(("ecom-donate-redcross", "ecom-digi-wallpaper", "ecom-ticketpass")))
        proxy = [r.choice(HOSTING)] + [None]
        for _ in range(r.randint(4, 12)):
            c = self.pick(lambda c: c.has_app and c.kind != "tourist" and c.join_d < d)
            if c is None:
                continue
            cash = r.random() < .3
            rep = None
            inc = Inc("card_testing", None, True)
            dev = shared or "d-%012x" % r.getrandbits(48)
            tt = t
            for _ in range(r.randint(2, 8)):
                pr = r.choice(proxy)
                if pr is None:
                    ip = r.choice(w.pools[(r.choice(list(CARRIERS)), r.choice(list(REGION_W)))])
                    ctry, city = "JP", "Tokyo"
                else:
                    ip = "%s.%d.%d" % (pr[0], r.randrange(256), r.randrange(1, 255))
                    ctry, city = pr[1], pr[2]
                self.row(c, tt, r.choice((1, 10, 50, 100, 100, 108, 220, 300, 10)), "ecom", r.choice(merchants), inc,
                         ip=ip, dev=dev, ua=ua, city=city, ctry=ctry)
                tt += int(r.uniform(5, 90))
            last = tt
            if cash:
                tt += int(r.uniform(600, 36 * 3600))
                for _ in range(r.randint(1, 2)):
                    self.row(c, tt, lognorm(r, 32000, .4, 15000, 60000) // 100 * 100, "ecom",
                             r.choice(("ecom-biccamera", "ecom-apple-gift", "ecom-amazon-jp", "ecom-dmm")), inc,
                             ip=ip, dev=dev, ua=ua, city=city, ctry=ctry)
                    last = tt
                    tt += int(r.uniform(60, 3600))
                rep = last + int(r.uniform(DAY, 14 * DAY))
            elif r.random() < .25:
                rep = last + int(r.uniform(3 * DAY, 40 * DAY))
            inc.reported = rep
            t += int(r.uniform(60, 1200))

    # friendly fraud ------------------------------------------------------------
    def friendly(self):
        r, w = self.r, self.w
        c = self.pick(lambda c: c.has_app and c.kind in ("office", "student", "family", "night", "shop"))
        if c is None:
            return
        for _ in range(1 if r.random() < .7 else r.randint(2, 3)):
            lo = max(0, c.join_d)
            d = r.randrange(lo, max(lo + 1, w.days))
            t = w.dayinfo[d].base + int(r.uniform(19, 24) * 3600)
            inc = Inc("friendly_fraud", t + int(r.uniform(12 * DAY, 42 * DAY)), False)
            ip, ctry, city = c.ip_at(t, True)
            if r.random() < .65:
                amt = lognorm(r, 24000, .5, 8000, 60000) // 10 * 10
                payee = r.choice(("ecom-amazon-jp", "ecom-rakuten-ichiba", "ecom-yodobashi", "ecom-nintendo-eshop",
                                  "ecom-zozotown", "ecom-playstation-store"))
                self.row(c, t, min(amt, c.cap_wallet), "ecom", payee, inc, ip=ip, dev=c.dev_at(t), ua=c.ua_at(t),
                         city=city, ctry=ctry)
            else:
                self.row(c, t, r.choice((10000, 15000, 20000, 30000)), "app", r.choice(GIFTS), inc, ip=ip,
                         dev=c.dev_at(t), ua=c.ua_at(t), city=w.st[c.home_si]["city"])
            inc.manual_ok = True

    # mule / reseller ring -----------------------------------------------------
    def make_rings(self, n):
        r, w = self.r, self.w
        self.rings = []
        for _ in range(n):
            reg = r.choice(("kanto", "kansai", "kanto", "chubu"))
            devs = [("d-%012x" % r.getrandbits(48), "Android %s" % r.choice(AND_VER), r.choice(JP_ANDROID + FARM_MODELS))
                    for _ in range(r.randint(1, 2))]
            d0 = r.randrange(0, max(1, w.days // 2))
            ring = dict(region=reg, devs=devs, d0=d0, mules=[], credits={}, reports=[],
                        cash=["p2p-" + self.new_id() for _ in range(2)])
            for _ in range(r.randint(3, 5)):
                c = Cust(w, -1, self.new_id(), "mule", random.Random(r.getrandbits(32)))
                c.fraud_only = True
                c.region = reg
                c.has_app = c.has_phone = True
                c.has_card = False
                c.bal = [0, 0]
                c.join_d = d0 - r.randint(0, 10)
                c.dev = r.choice(devs)
                ring["mules"].append(c)
                self.mules.append(c)
                self.ring_of[c.cid] = ring
                self.mule_ids.append("p2p-" + c.cid)
            self.rings.append(ring)
        for _ in range(4):
            self.mule_ids.append("p2p-" + self.new_id())

    def ring_victims(self, ring):
        r, w = self.r, self.w
        for _ in range(r.randint(8, 22)):
            c = self.pick(lambda c: c.has_app and c.kind in ("office", "student", "family", "night")
                          and (c.region == ring["region"] or r.random() < .3))
            if c is None:
                continue
            d = ring["d0"] + int(r.expovariate(1 / 14.0))
            if d >= w.days or d < c.join_d:
                continue
            t = w.dayinfo[d].base + int(r.uniform(18, 24) * 3600)
            rep = self.report(t, 0, .1, .7, .2, mid_rng=(DAY, 3 * DAY), slow_rng=(3 * DAY, 24 * DAY))
            if rep is not None:
                ring["reports"].append(rep)
            inc = Inc("mule_ring", rep, True)
            mule = r.choice(ring["mules"])
            item = r.choice((12800, 19800, 38000, 45000, 8500, 24000, 5800, 60000))
            for k in range(1 if r.random() < .6 else 2):
                ip, ctry, city = c.ip_at(t, True)
                amt = item if k == 0 else r.choice((1500, 3000, 5000, 8000))
                si = c.home_si
                lat = lon = None
                if r.random() < c.p_loc:
                    lat = round(w.st[si]["lat"] + r.uniform(-.006, .006), 4)
                    lon = round(w.st[si]["lon"] + r.uniform(-.007, .007), 4)
                self.row(c, t, amt, "app", "p2p-" + mule.cid, inc, ip=ip, dev=c.dev_at(t), ua=c.ua_at(t),
                         lat=lat, lon=lon, city=w.st[si]["city"])
                t += int(r.uniform(1800, 2 * DAY))

    def mule_outflows(self, survivors):
        """survivors: (ts, amount, payee) of completed P2P fraud payments; mules forward what they got."""
        r, w = self.r, self.w
        for ring in self.rings:
            reps = sorted(ring["reports"])
            take = reps[2] + int(r.uniform(1, 5) * DAY) if len(reps) >= 3 else None
            ring["takedown"] = take
            ring["inc"] = Inc("mule_ring", take, False)
        for ts, amt, payee in survivors:
            cid = payee[4:]
            ring = self.ring_of.get(cid)
            if ring is None:
                continue
            m = next(x for x in ring["mules"] if x.cid == cid)
            m.rows.append([ts, amt, None, None, None, None, None, None, None, None, payee, CREDIT, None, WALLET])
            t = ts + int(r.uniform(600, 8 * 3600))
            left = amt
            while left > 500:
                take = ring["takedown"]
                if take is not None and t >= take:
                    break
                ip = r.choice(w.pools[(r.choice(list(CARRIERS)), ring["region"])])
                dev = m.dev
                ua = "KazePay/%s (%s; %s)" % (w.rel_v[max(0, bisect.bisect_right(w.rel_t, t) - 1)], dev[1], dev[2])
                if r.random() < .7:
                    a = left if left < 60000 else 50000
                    a = a // 1000 * 1000 or left
                    self.row(m, t, a, "app", r.choice(ring["cash"]), ring["inc"], ip=ip, dev=dev[0], ua=ua,
                             city=REGION_CITY[ring["region"]])
                else:
                    a = min(left, r.choice((5000, 10000, 20000))) // 1000 * 1000 or left
                    self.row(m, t, a, "app", r.choice(GIFTS), ring["inc"], ip=ip, dev=dev[0], ua=ua,
                             city=REGION_CITY[ring["region"]])
                left -= a
                t += int(r.uniform(60, 3600))


# balances and top-ups -------------------------------------------------------
def walk(c, r):
    """Apply balances: insert auto and manual top-ups, decline unfunded fraud."""
    rows = c.rows
    rows.sort(key=lambda x: x[TS])
    out = []
    bal = list(c.bal)
    caps = [20000, c.cap_wallet]
    prev_t = -10 ** 12

    def topup(x, med, amt, when, auto, inc):
        b = bal[med]
        amt = min(amt, caps[med] - b)
        if amt <= 0:
            return False
        if auto:
            row = [when, amt, "auto_topup", None, x[DEV] if x[CH] == "nfc" or (x[DEV] and inc) else None, None,
                   x[LAT], x[LON], x[CITY], x[CTRY], "topup-" + c.network, TOPUP, inc, med]
        elif med == CARD or c.kind == "tourist" and not c.has_app or (x[CH] in ("nfc",) and r.random() < .3 and inc is None):
            row = [when, amt, x[CH] if x[CH] in ("ic_card", "nfc") else "ic_card", None, x[DEV] if x[CH] == "nfc" else None,
                   None, x[LAT], x[LON], x[CITY], "JP", "topup-cash", TOPUP, inc, med]
        else:
            if x[IP] is not None:
                ip, dev, ua = x[IP], x[DEV], x[UA]
            else:
                ip, dev, ua = c.ip_at(when)[0], c.dev_at(when), c.ua_at(when)
            ctry = x[CTRY]
            payee = "topup-" + c.network if (c.kind == "tourist" or inc is not None or c.auto[WALLET] or r.random() < .4) else "topup-bank"
            row = [when, amt, "app", ip, dev, ua, x[LAT], x[LON], x[CITY], ctry, payee, TOPUP, inc, med]
        bal[med] += amt
        out.append(row)
        return True

    for x in rows:
        eff, inc, med = x[EFF], x[INC], x[MED]
        tinc = None if inc is not None and inc.scenario in ("mule_ring", "friendly_fraud") else inc
        if eff == CREDIT:
            bal[WALLET] += x[AMT]
            continue
        if eff == NOBAL:
            out.append(x)
            prev_t = x[TS]
            continue
        if eff == TOPUP:
            amt = min(x[AMT], (caps[med] - bal[med]) // 1000 * 1000)
            if amt > 0:
                x[AMT] = amt
                bal[med] += amt
                out.append(x)
            continue
        amt = x[AMT]
        if amt > caps[med]:
            x[AMT] = amt = caps[med] - r.randint(0, 500)
        if bal[med] < amt:
            if c.auto[med]:
                for _ in range(4):
                    if bal[med] >= amt or not topup(x, med, c.topamt * (1 + med), x[TS] - r.randint(1, 4), True, tinc):
                        break
            if bal[med] < amt and (inc is None or inc.manual_ok):
                need = amt - bal[med]
                if inc is not None:
                    chunk = min(caps[med] - bal[med], max(need, r.choice((10000, 20000, 30000, 50000))))
                elif c.kind in ("elderly", "tourist"):
                    chunk = next((v for v in (1000, 2000, 3000, 5000, 10000, 20000) if v >= need + 500), need)
                    chunk = max(chunk, r.choice((3000, 5000, 5000, 10000)))
                else:
                    chunk = max((need + 999) // 1000 * 1000, r.choice((3000, 5000, 10000, 10000, 20000)))
                when = max(prev_t + 1, x[TS] - r.randint(60, 900)) if med == WALLET and x[CH] != "nfc" else x[TS] - r.randint(5, 60)
                topup(x, med, chunk, min(when, x[TS] - 1), False, tinc)
        if bal[med] < amt and inc is not None and inc.drain:
            left = bal[med] if x[PAYEE].startswith("p2p-") else bal[med] // 1000 * 1000
            if left >= 1000:
                x[AMT] = amt = left
        if bal[med] < amt:
            if inc is None and r.random() < .5:  # genuine customer tops up somehow anyway
                topup(x, med, (amt - bal[med] + 999) // 1000 * 1000, x[TS] - r.randint(10, 300), False, None)
            if bal[med] < amt:
                continue  # declined: not a row
        bal[med] -= amt
        out.append(x)
        prev_t = x[TS]
        if c.auto[med] and bal[med] < c.threshold:
            topup(x, med, c.topamt * (1 + med), x[TS] + r.randint(1, 6), True, tinc)
    c.rows = out


# output -------------------------------------------------------------------
FIELDS = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
          "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.transit",
                                 description="Kaze Pay: Japanese prepaid e-money / transit wallet replay world")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=920)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--start", default="2026-03-15", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--out", default="world-transit.csv.gz")
    a = ap.parse_args(argv)
    t0 = time.time()
    start = date.fromisoformat(a.start)
    w = World(a.seed, start, a.days)
    r = random.Random(a.seed)
    custs = make_customers(w, a.customers, r)
    g = Gen(w)
    for c in custs:
        for d in range(-1, a.days + 1):
            g.day(c, d)
    fr = Fraud(w, g, custs, random.Random(a.seed * 31 + 5))
    fr.run()
    wr = random.Random(a.seed * 17 + 3)
    survivors = []
    for c in custs + fr.extra:
        walk(c, wr)
        for x in c.rows:
            if x[INC] is not None and x[PAYEE].startswith("p2p-") and (x[INC].reported is None or x[TS] <= x[INC].reported):
                survivors.append((x[TS], x[AMT], x[PAYEE]))
    survivors.sort()
    fr.mule_outflows(survivors)
    for m in fr.mules:
        walk(m, wr)
    rows = []
    for c in custs + fr.extra + fr.mules:
        cid = c.cid
        for x in c.rows:
            if not (w.start_epoch <= x[TS] < w.end_epoch) or x[AMT] <= 0:
                continue
            inc = x[INC]
            if inc is not None and inc.reported is not None and inc.reported < x[TS]:
                continue
            rows.append((x[TS], cid, x))
    rows.sort(key=lambda y: (y[0], y[1]))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    per_scen, n_fraud, n_rep, seen = {}, 0, 0, set()
    opener = gzip.open if a.out.endswith(".gz") else open
    with opener(a.out, "wt", newline="") as fh:
        cw = csv.writer(fh)
        cw.writerow(FIELDS)
        for i, (ts, cid, x) in enumerate(rows):
            inc = x[INC]
            seen.add(cid)
            if inc is not None:
                n_fraud += 1
                per_scen[inc.scenario] = per_scen.get(inc.scenario, 0) + 1
                rep = iso(inc.reported) if inc.reported is not None else ""
                n_rep += bool(rep)
                lab = (1, rep, inc.scenario)
            else:
                lab = (0, "", "")
            cw.writerow(["kzp-%08d" % (i + 1), cid, iso(ts), "%d.00" % x[AMT], "JPY", x[CH], x[IP] or "", x[DEV] or "",
                         x[UA] or "", "" if x[LAT] is None else x[LAT], "" if x[LON] is None else x[LON],
                         x[CTRY] or "", x[CITY] or "", x[PAYEE], lab[0], lab[1], lab[2]])
    n = len(rows)
    el = time.time() - t0
    print("world-transit: %d rows, %d customers, %d fraud rows (%.2f%%), %.1fs -> %s"
          % (n, len(seen), n_fraud, 100.0 * n_fraud / max(1, n), el, a.out), file=sys.stderr)
    for s in sorted(per_scen):
        print("  %-18s %6d rows" % (s, per_scen[s]), file=sys.stderr)
    print("  reported: %.1f%% of fraud rows" % (100.0 * n_rep / max(1, n_fraud)), file=sys.stderr)


if __name__ == "__main__":
    main()
