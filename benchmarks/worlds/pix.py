"""pix: synthetic Pix payment history of a Brazilian digital bank ("Banco Ipe").

World
    Outgoing instant payments (Pix) of the retail customers of a Brazilian
    digital bank, currency BRL, bank time zone America/Sao_Paulo (UTC-3, no
    DST; a few customers live in UTC-4/UTC-5 states and their local habits
    follow their own clock). Default: 6,000 customers over 110 days starting
    2025-11-10, which covers Black Friday, the 13th-salary instalments,
    Christmas/New Year, the January holidays (IPVA, school enrolment) and
    Carnival 2026.

    Genuine behaviour: many small P2P transfers to a personal circle (family,
    friends who are sometimes customers too, the diarista shared by several
    households), QR payments at neighbourhood merchants shared by many
    customers (padaria, mercado, farmacia, ambulante...), online checkouts
    (marketplaces, delivery, mobile top-ups, bets), monthly recurring payees
    (rent, condominio, school, gym, utilities, credit-card bill at another
    bank, DAS-MEI), MEIs (small merchants) paying many suppliers in business
    hours, night life on Fridays/Saturdays followed by P2P "racha a conta"
    bursts, payday spikes (5th business day, the 20th, 13th salary), trips
    inside Brazil, phone upgrades (Black Friday/Christmas), app updates rolling
    out over weeks, OS updates, CGNAT mobile IPs shared by many customers,
    IPv6, home Wi-Fi, a minority on the web internet banking, customers
    onboarding during the period, Pix Automatico debits executed by the bank
    (no device context), and benign look-alikes: car/rent-deposit/IPVA
    payments to new payees, used-goods purchases from strangers, late-night
    weekend payments, travel, new phones.

Fraud scenarios (column `scenario`)
    phone_theft         street robbery at night; the thief uses the unlocked
                        phone (same device_id/UA, victim's SIM) away from home,
                        rapid transfers to mules until limits/balance run out.
    express_kidnapping  "sequestro relampago": victim forced to pay at night
                        on own phone, moving location, 1-3 large transfers.
    account_takeover    SIM swap / phishing: new device (or new browser), new
                        network, other city, transfers to mules.
    social_engineering  "mudei de numero" fake relative, fake sale, task scam:
                        the victim pays on own device from the usual place,
                        1-3 (task scam up to 5) moderate transfers to a mule.
    mule_account        accounts opened with stolen identities (device farms)
                        whose outgoing payments forward stolen money.
    fake_qr_merchant    a fake QR sticker at a busy merchant or a fake online
                        shop: one payee receiving from many victims quickly.
    Mule payees are shared across cases; victims keep their genuine activity.
    fraud_reported_at: thefts/kidnappings within hours, takeovers within
    hours to days, scams days to weeks, ~15-25% of cases never reported.

Independence
    Written only from the wire contract (shared/API.md: POST /v1/score fields
    and the "Replay files" section), without reading the scorer's code.

Run (from the repository root)
    python -m benchmarks.worlds.pix [--seed 7] [--customers 6000] [--days 110]
        [--start 2025-11-10] [--out world-pix.csv.gz]
    Standard library only, deterministic for a given seed; gzip output is
    byte-reproducible (mtime 0). The default size (~290k rows, ~0.35 % fraud)
    takes about 15-25 s on one core (~0.5 GB of memory).
"""
from __future__ import annotations

import argparse
import bisect
import calendar
import csv
import datetime as dt
import gzip
import io
import math
import random
import sys
import time

DAY = 86400
HOUR = 3600
MIN = 60
APP = "BancoIpe"
CURRENCY = "BRL"
HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip",
          "device_id", "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud",
          "fraud_reported_at", "scenario"]

# ---------------------------------------------------------------- geography
# name, state, lat, lon, resident weight, radius km, UTC offset, tourism weight, metro area
CITIES = [
    ("São Paulo", "SP", -23.5505, -46.6333, 20.0, 16, -3, 3, "SP"),
    ("Guarulhos", "SP", -23.4543, -46.5337, 2.2, 7, -3, 0, "SP"),
    ("Osasco", "SP", -23.5329, -46.7917, 1.3, 5, -3, 0, "SP"),
    ("Santo André", "SP", -23.6639, -46.5383, 1.2, 5, -3, 0, "SP"),
    ("São Bernardo do Campo", "SP", -23.6914, -46.5646, 1.4, 6, -3, 0, "SP"),
    ("Campinas", "SP", -22.9056, -47.0608, 2.0, 9, -3, 0, ""),
    ("Santos", "SP", -23.9608, -46.3336, 0.8, 5, -3, 3, ""),
    ("Sorocaba", "SP", -23.5015, -47.4526, 1.1, 7, -3, 0, ""),
    ("Ribeirão Preto", "SP", -21.1775, -47.8103, 1.2, 7, -3, 0, ""),
    ("São José dos Campos", "SP", -23.1896, -45.8841, 1.2, 7, -3, 0, ""),
    ("Ubatuba", "SP", -23.4332, -45.0834, 0.05, 6, -3, 3, ""),
    ("Campos do Jordão", "SP", -22.7394, -45.5914, 0.03, 4, -3, 2, ""),
    ("Rio de Janeiro", "RJ", -22.9068, -43.1729, 10.0, 18, -3, 10, "RJ"),
    ("Niterói", "RJ", -22.8832, -43.1034, 1.0, 5, -3, 0, "RJ"),
    ("Duque de Caxias", "RJ", -22.7856, -43.3117, 1.3, 6, -3, 0, "RJ"),
    ("Nova Iguaçu", "RJ", -22.7592, -43.4510, 1.2, 6, -3, 0, "RJ"),
    ("Armação dos Búzios", "RJ", -22.7469, -41.8817, 0.05, 3, -3, 3, ""),
    ("Belo Horizonte", "MG", -19.9167, -43.9345, 4.5, 11, -3, 1, "BH"),
    ("Contagem", "MG", -19.9320, -44.0539, 1.0, 5, -3, 0, "BH"),
    ("Uberlândia", "MG", -18.9186, -48.2772, 1.1, 7, -3, 0, ""),
    ("Juiz de Fora", "MG", -21.7642, -43.3503, 0.9, 6, -3, 0, ""),
    ("Brasília", "DF", -15.7939, -47.8828, 5.0, 16, -3, 1, ""),
    ("Goiânia", "GO", -16.6869, -49.2648, 2.5, 10, -3, 0, ""),
    ("Salvador", "BA", -12.9777, -38.5016, 4.5, 13, -3, 8, ""),
    ("Porto Seguro", "BA", -16.4435, -39.0643, 0.03, 5, -3, 3, ""),
    ("Recife", "PE", -8.0476, -34.8770, 3.0, 9, -3, 5, "REC"),
    ("Olinda", "PE", -7.9986, -34.8450, 0.6, 4, -3, 2, "REC"),
    ("Ipojuca", "PE", -8.5017, -35.0059, 0.05, 4, -3, 3, ""),
    ("Fortaleza", "CE", -3.7319, -38.5267, 4.0, 11, -3, 5, ""),
    ("Natal", "RN", -5.7945, -35.2110, 1.4, 7, -3, 4, ""),
    ("Maceió", "AL", -9.6658, -35.7353, 1.5, 7, -3, 5, ""),
    ("João Pessoa", "PB", -7.1195, -34.8450, 1.4, 7, -3, 3, ""),
    ("São Luís", "MA", -2.5307, -44.3068, 1.6, 8, -3, 1, ""),
    ("Teresina", "PI", -5.0892, -42.8016, 1.5, 8, -3, 0, ""),
    ("Aracaju", "SE", -10.9472, -37.0731, 1.1, 6, -3, 1, ""),
    ("Manaus", "AM", -3.1190, -60.0217, 3.5, 12, -4, 1, ""),
    ("Belém", "PA", -1.4558, -48.4902, 2.5, 9, -3, 1, ""),
    ("Porto Alegre", "RS", -30.0346, -51.2177, 2.5, 11, -3, 1, ""),
    ("Caxias do Sul", "RS", -29.1678, -51.1794, 0.9, 6, -3, 0, ""),
    ("Gramado", "RS", -29.3746, -50.8764, 0.03, 3, -3, 3, ""),
    ("Curitiba", "PR", -25.4284, -49.2733, 3.2, 11, -3, 1, ""),
    ("Londrina", "PR", -23.3045, -51.1696, 1.0, 6, -3, 0, ""),
    ("Foz do Iguaçu", "PR", -25.5469, -54.5882, 0.4, 5, -3, 2, ""),
    ("Florianópolis", "SC", -27.5954, -48.5480, 1.0, 9, -3, 6, ""),
    ("Joinville", "SC", -26.3045, -48.8487, 1.1, 7, -3, 0, ""),
    ("Balneário Camboriú", "SC", -26.9926, -48.6352, 0.3, 3, -3, 4, ""),
    ("Campo Grande", "MS", -20.4697, -54.6201, 1.6, 9, -4, 0, ""),
    ("Cuiabá", "MT", -15.6014, -56.0979, 1.2, 8, -4, 0, ""),
    ("Vitória", "ES", -20.3155, -40.3128, 0.8, 4, -3, 1, "VIX"),
    ("Vila Velha", "ES", -20.3297, -40.2925, 1.0, 5, -3, 1, "VIX"),
    ("Porto Velho", "RO", -8.7612, -63.9004, 0.8, 7, -4, 0, ""),
    ("Palmas", "TO", -10.2491, -48.3243, 0.5, 6, -3, 0, ""),
    ("Macapá", "AP", 0.0349, -51.0694, 0.8, 6, -3, 0, ""),
    ("Boa Vista", "RR", 2.8235, -60.6758, 0.6, 6, -4, 0, ""),
    ("Rio Branco", "AC", -9.9747, -67.8076, 0.6, 6, -5, 0, ""),
]
STATE_HUB = {"SP": "São Paulo", "RJ": "Rio de Janeiro", "MG": "Belo Horizonte", "DF": "Brasília",
             "GO": "Goiânia", "BA": "Salvador", "PE": "Recife", "CE": "Fortaleza", "RN": "Natal",
             "AL": "Maceió", "PB": "João Pessoa", "MA": "São Luís", "PI": "Teresina",
             "SE": "Aracaju", "AM": "Manaus", "PA": "Belém", "RS": "Porto Alegre",
             "PR": "Curitiba", "SC": "Florianópolis", "MS": "Campo Grande", "MT": "Cuiabá",
             "ES": "Vitória", "RO": "Porto Velho", "TO": "Palmas", "AP": "Macapá",
             "RR": "Boa Vista", "AC": "Rio Branco"}

# ------------------------------------------------------------------ devices
# Build.MODEL, weight, min Android, max Android, tier (0 entry .. 3 flagship)
ANDROID_MODELS = [
    ("SM-A155M", 9, 14, 15, 1), ("SM-A256E", 6, 14, 16, 1), ("SM-A055M", 6, 13, 15, 0),
    ("SM-A057M", 5, 13, 15, 0), ("SM-A356E", 4, 14, 16, 2), ("SM-A546E", 4, 13, 16, 2),
    ("SM-A346M", 4, 13, 16, 2), ("SM-A145M", 6, 13, 15, 0), ("SM-A135M", 4, 12, 14, 0),
    ("SM-A035M", 2, 11, 13, 0), ("SM-A125M", 2, 10, 12, 0), ("SM-S921B", 2, 14, 16, 3),
    ("SM-S911B", 2, 13, 16, 3), ("SM-S928B", 1, 14, 16, 3), ("SM-A065M", 3, 14, 15, 0),
    ("SM-A165M", 3, 15, 16, 1), ("moto g84 5G", 4, 13, 15, 1), ("moto g54 5G", 4, 13, 15, 1),
    ("moto g24", 4, 14, 14, 0), ("moto g34 5G", 3, 14, 15, 0), ("moto e22", 2, 12, 13, 0),
    ("moto g32", 2, 12, 14, 0), ("moto g73 5G", 2, 13, 14, 1), ("motorola edge 40", 1, 13, 15, 2),
    ("moto g85 5G", 2, 14, 15, 1), ("moto g75 5G", 2, 14, 15, 1), ("moto g05", 2, 15, 15, 0),
    ("23129RAA4G", 3, 13, 15, 1), ("23108RN04Y", 3, 13, 14, 0), ("2201117TL", 2, 11, 13, 0),
    ("23122PCD1G", 1, 14, 15, 2), ("24117RN76L", 2, 14, 15, 1), ("RMX3771", 1, 13, 14, 1),
]
NEW_ANDROID = [("SM-A166M", 5, 15, 16, 1), ("SM-A266M", 5, 15, 16, 1), ("SM-A366E", 3, 15, 16, 2),
               ("SM-A566E", 2, 15, 16, 2), ("SM-S931B", 1, 15, 16, 3), ("moto g86 5G", 2, 15, 15, 1),
               ("moto g56 5G", 3, 15, 15, 1), ("25028RN03L", 2, 15, 15, 1)]
# identifier, weight, newest iOS line it can run
IPHONES = [("iPhone12,1", 5, 26), ("iPhone12,8", 2, 26), ("iPhone13,2", 6, 26), ("iPhone14,5", 7, 26),
           ("iPhone14,7", 6, 26), ("iPhone15,4", 5, 26), ("iPhone15,2", 2, 26), ("iPhone16,2", 2, 26),
           ("iPhone17,3", 3, 26), ("iPhone17,1", 1, 26), ("iPhone11,8", 3, 18), ("iPhone10,5", 1, 16)]
NEW_IPHONES = [("iPhone17,3", 4, 26), ("iPhone17,5", 2, 26), ("iPhone18,3", 3, 26), ("iPhone16,1", 2, 26)]
IOS_LINES = {
    26: [("2025-09-15", "26.0"), ("2025-09-29", "26.0.1"), ("2025-11-03", "26.1"),
         ("2025-12-12", "26.2"), ("2026-01-26", "26.2.1"), ("2026-03-09", "26.3")],
    18: [("2025-07-29", "18.6"), ("2025-08-20", "18.6.2"), ("2025-09-15", "18.7"),
         ("2025-09-29", "18.7.1"), ("2025-11-03", "18.7.2"), ("2025-12-12", "18.7.3"),
         ("2026-01-26", "18.7.4")],
    17: [("2024-11-19", "17.7.2")],
    16: [("2025-03-31", "16.7.11")],
}

# ------------------------------------------------------------------ network
CARRIERS = {  # mobile: IPv4 /16s used for CGNAT pools, IPv6 /32
    "vivo": ([(177, 79), (191, 13), (187, 26), (201, 6), (177, 102)], "2804:18"),
    "claro": ([(177, 37), (189, 40), (179, 240), (191, 246)], "2804:214"),
    "tim": ([(187, 60), (191, 181), (177, 17), (201, 86)], "2804:d4b"),
}
CARRIER_W = [("vivo", 0.39), ("claro", 0.34), ("tim", 0.27)]
HOME_ISPS = [  # name, weight, IPv4 /16s, IPv6 /32, IPv6 share, CGNAT, epoch days
    ("vivo_fibra", 0.30, [(177, 94), (189, 100), (187, 11), (200, 158)], "2804:14c", 0.92, False, (1, 15)),
    ("claro_net", 0.28, [(179, 218), (191, 177), (201, 17), (177, 142)], "2804:14d", 0.75, False, (20, 120)),
    ("tim_live", 0.07, [(187, 180), (189, 89)], "2804:431", 0.85, False, (3, 30)),
    ("oi_fibra", 0.08, [(177, 12), (189, 6), (200, 165)], "2804:7f0", 0.55, False, (2, 25)),
]
REGIONAL_V4 = [45, 138, 143, 168, 170, 177, 186, 187, 200, 201]
DATACENTER = [(45, 162, 2), (45, 172, 40), (104, 28, 219), (191, 96, 14), (149, 56, 112),
              (179, 191, 88), (138, 68, 18), (5, 183, 60)]

# ------------------------------------------------------------- customers
# weight, base stochastic rate/day, mix (p2p, qr, online, supplier), p2p median,
# web user prob, ios prob, night-goer prob, night prob per Fri/Sat, travel prob, big-purchase prob
SEGMENTS = {
    "young":  (0.28, 0.34, (0.44, 0.36, 0.20, 0.0), 38, 0.06, 0.22, 0.65, 0.15, 0.18, 0.04),
    "adult":  (0.40, 0.27, (0.36, 0.44, 0.20, 0.0), 75, 0.18, 0.22, 0.28, 0.07, 0.18, 0.08),
    "senior": (0.12, 0.12, (0.42, 0.44, 0.14, 0.0), 110, 0.25, 0.12, 0.05, 0.05, 0.10, 0.04),
    "mei":    (0.12, 0.58, (0.20, 0.16, 0.10, 0.54), 70, 0.40, 0.20, 0.25, 0.07, 0.08, 0.07),
    "light":  (0.08, 0.05, (0.50, 0.30, 0.20, 0.0), 50, 0.05, 0.15, 0.10, 0.06, 0.04, 0.01),
}
BALANCE_MED = {"young": 900, "adult": 2600, "senior": 4200, "mei": 5200, "light": 500}
DAY_LIMIT_MED = {"young": 3000, "adult": 6000, "senior": 5000, "mei": 15000, "light": 2000}

# merchant categories: weight in a city, median amount, sigma, cents style (1 = always cents)
MCATS = [("padaria", 18, 17, 0.6, 1), ("mercado", 16, 95, 0.8, 1), ("farmacia", 10, 52, 0.7, 1),
         ("lanchonete", 12, 27, 0.5, 0), ("restaurante", 10, 58, 0.6, 1), ("ambulante", 10, 14, 0.6, 0),
         ("posto", 6, 120, 0.5, 1), ("feira", 5, 33, 0.6, 0), ("salao", 4, 70, 0.5, 0),
         ("loja", 6, 140, 0.8, 1), ("acougue", 3, 88, 0.6, 1), ("bar", 5, 55, 0.6, 1)]
MCAT = {m[0]: m for m in MCATS}
# national online payees: category, count, median, sigma
ONLINE = [("marketplace", 7, 115, 0.9), ("delivery", 3, 48, 0.5), ("recarga", 3, 25, 0.35),
          ("bets", 8, 40, 1.0), ("ecommerce", 6, 240, 0.8), ("streaming", 3, 32, 0.3),
          ("ticketing", 2, 190, 0.6), ("crypto", 4, 450, 1.1), ("airline", 3, 950, 0.55),
          ("bus", 3, 190, 0.5), ("hotel", 3, 720, 0.7), ("card_bill", 8, 0, 0),
          ("health_plan", 5, 0, 0), ("isp", 6, 0, 0), ("das_mei", 1, 0, 0), ("travel_agency", 3, 0, 0),
          ("electronics", 4, 0, 0)]
ONLINE_MIX = {  # category weights of the everyday "online" type per segment
    "young": {"marketplace": 30, "delivery": 25, "recarga": 18, "bets": 0, "ecommerce": 8,
              "streaming": 4, "ticketing": 4, "crypto": 1, "transit": 10},
    "adult": {"marketplace": 35, "delivery": 20, "recarga": 8, "bets": 0, "ecommerce": 15,
              "streaming": 4, "ticketing": 3, "crypto": 1, "transit": 6},
    "senior": {"marketplace": 35, "delivery": 10, "recarga": 20, "bets": 0, "ecommerce": 15,
               "streaming": 3, "ticketing": 1, "crypto": 0, "transit": 3},
    "mei": {"marketplace": 50, "delivery": 15, "recarga": 10, "bets": 0, "ecommerce": 15,
            "streaming": 2, "ticketing": 2, "crypto": 1, "transit": 3},
    "light": {"marketplace": 40, "delivery": 15, "recarga": 25, "bets": 0, "ecommerce": 10,
              "streaming": 2, "ticketing": 2, "crypto": 0, "transit": 6},
}
BETTOR_P = {"young": 0.28, "adult": 0.12, "senior": 0.03, "mei": 0.12, "light": 0.08}

# hour-of-day weights (local time)
HP = {
    "p2p_wd": [1, .5, .3, .2, .2, .4, 1.5, 3, 4, 5, 6, 6, 7, 6, 5.5, 5.5, 5.5, 6, 7, 7.5, 7, 6, 4, 2],
    "p2p_we": [1.4, .8, .4, .3, .2, .3, .6, 1.5, 3, 4.5, 6, 7, 7, 7, 6.5, 6, 6, 6, 6.5, 7, 7, 6, 4.5, 3],
    "qr_wd": [.3, .2, .1, .1, .1, .5, 3, 6, 6, 4, 4, 6, 9, 8, 5, 4, 4, 6, 8, 7, 5, 3, 1.5, .7],
    "qr_we": [.7, .4, .2, .1, .1, .3, 1.5, 4, 6, 6, 6, 7, 9, 9, 7, 6, 6, 6, 7, 7, 6, 4, 2.5, 1.5],
    "online": [1.0, .5, .3, .2, .2, .3, .8, 2, 3.5, 5, 5.5, 5.5, 6, 6, 6, 6, 6, 6, 6.5, 7.5, 8.5, 8.5, 6.5, 3.5],
    "bills": [.2, .1, .05, .05, .05, .2, 1, 3, 6, 7, 7, 6, 5, 5, 5, 4.5, 4, 4, 4.5, 5, 5, 4, 2, .8],
    "supp": [0, 0, 0, 0, 0, .2, 1, 4, 8, 10, 10, 9, 6, 7, 8, 8, 7, 5, 2.5, 1.5, 1, .5, .2, 0],
    "day": [0, 0, 0, 0, 0, 0, .5, 2, 5, 7, 8, 8, 7, 7, 8, 8, 7, 6, 5, 4, 0, 0, 0, 0],
    "ato": [1, .6, .4, .3, .3, .5, 1, 2, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4.5, 3.5, 2],
    "mule": [1.5, 1, .6, .4, .3, .5, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4.5, 4, 2.5],
    "theft": [8, 7, 5, 3, 1, 0, 0, 1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2, 3, 5, 7, 8, 9, 9],
    "kidnap": [7, 6, 4, 2.5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 7, 8, 9, 8],
}
SENIOR_ADJ = [.3, .2, .2, .2, .3, .8, 1.5, 1.5, 1.3, 1.2, 1.2, 1.1, 1, 1, 1, 1, 1, 1, 1, .9, .8, .6, .4, .3]

HOME, WORK, OUT, MERCH, HOTEL, VENUE, AWAY = range(7)
P2P, QR, ONL, SUPP, BILL, AUTO, BIG, FRAUD = range(8)


def _cum(ws):
    out, s = [], 0.0
    for w in ws:
        s += w
        out.append(s)
    return out


HPC = {k: _cum(v) for k, v in HP.items()}
HPC["p2p_wd_sr"] = _cum([a * b for a, b in zip(HP["p2p_wd"], SENIOR_ADJ)])
HPC["p2p_we_sr"] = _cum([a * b for a, b in zip(HP["p2p_we"], SENIOR_ADJ)])
HPC["qr_wd_sr"] = _cum([a * b for a, b in zip(HP["qr_wd"], SENIOR_ADJ)])
HPC["qr_we_sr"] = _cum([a * b for a, b in zip(HP["qr_we"], SENIOR_ADJ)])


def _date_ts(s):
    return calendar.timegm(dt.date.fromisoformat(s).timetuple())


def _easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = ((h + el - 7 * m + 114) % 31) + 1
    return dt.date(y, month, day)


def _lognorm(rng, median, sigma):
    return median * math.exp(rng.gauss(0.0, sigma))


def _poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    lim = math.exp(-lam)
    k, p = 0, rng.random()
    while p > lim:
        k += 1
        p *= rng.random()
    return k


def _off(lat, lon, dx_km, dy_km):
    return lat + dy_km / 111.0, lon + dx_km / (111.32 * math.cos(math.radians(lat)))


def _ring(rng, lat, lon, rmin, rmax):
    a = rng.random() * 2 * math.pi
    r = rmin + (rmax - rmin) * rng.random()
    return _off(lat, lon, r * math.cos(a), r * math.sin(a))


def _gpoint(rng, lat, lon, sigma_km):
    return _off(lat, lon, rng.gauss(0, sigma_km), rng.gauss(0, sigma_km))


def _cents(x):
    return max(1, round(x * 100))


def _p2p_amount(rng, median, sigma=0.9):
    x = _lognorm(rng, median, sigma)
    r = rng.random()
    if r < 0.58:
        if x < 20:
            x = max(1, round(x))
        elif x < 100:
            x = max(5, round(x / 5) * 5)
        elif x < 1000:
            step = 50 if rng.random() < 0.35 else 10
            x = round(x / step) * step or step
        else:
            x = round(x / 100) * 100
        return _cents(x)
    if r < 0.72:
        return _cents(int(x) + 0.5)
    return _cents(x)


class Device:
    __slots__ = (
        "id",
        "install_ts",
        "lag",
        "model",
        "os_base",
        "os_lag",
        "os_line",
        "os_up",
        "os_up_ts",
        "platform",
        "tablet",
        "tier",
    )


class Browser:
    __slots__ = ("family", "fp", "lag")


class Mule:
    """A receiving account of stolen money; blocked after a handful of cases."""
    __slots__ = ("cap", "end", "pk", "start", "w")

    def __init__(self, pk, start, end, cap=6):
        self.pk, self.start, self.end, self.w, self.cap = pk, start, end, 1.0, cap


class City:
    def __init__(self, i, row):
        (self.name, self.uf, self.lat, self.lon, self.w, self.r, self.tz, self.tour,
         self.metro) = row
        self.i = i
        self.hub = STATE_HUB[self.uf]
        self.customers = []


class Customer:
    pass


class PixWorld:
    def __init__(self, seed=7, customers=6000, days=110, start="2025-11-10"):
        self.seed = seed
        self.n_customers = max(10, int(customers))
        self.n_days = max(7, int(days))
        self.start = dt.date.fromisoformat(start)
        self.rng = random.Random(seed)
        self.base = calendar.timegm(self.start.timetuple())  # UTC midnight of the first date
        self.end_ts = self.base + self.n_days * DAY + 3 * HOUR
        self.scale = self.n_customers * self.n_days / (6000.0 * 110.0)
        self._pks = set()
        self._uacache = {}
        self.rows = []
        self.case_log = []  # (scenario, n_rows, reported)

    # ------------------------------------------------------------ helpers
    def pk(self):
        rng = self.rng
        while True:
            k = f"pk-{rng.getrandbits(48):012x}"
            if k not in self._pks:
                self._pks.add(k)
                return k

    def hour(self, key):
        cw = HPC[key]
        return bisect.bisect_right(cw, self.rng.random() * cw[-1])

    def day_of(self, t, tz):
        return int((t + tz * HOUR - self.base) // DAY)

    def local_hour(self, t, tz):
        return int(((t + tz * HOUR) % DAY) // HOUR)

    def utc(self, d, tz, secs):
        return self.base + d * DAY - tz * HOUR + secs

    # ---------------------------------------------------------- calendar
    def build_calendar(self):
        years = {self.start.year + k for k in (-1, 0, 1, 2)}
        hol = set()
        carnival, ash = set(), set()
        for y in years:
            for m, d in ((1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (11, 20), (12, 25)):
                hol.add(dt.date(y, m, d))
            e = _easter(y)
            hol.add(e - dt.timedelta(days=2))
            hol.add(e + dt.timedelta(days=60))
            for k in (48, 47):
                hol.add(e - dt.timedelta(days=k))
            for k in (51, 50, 49, 48, 47):
                carnival.add(e - dt.timedelta(days=k))
            ash.add(e - dt.timedelta(days=46))
        self.holidays = hol
        # 5th business day (Mon-Sat, not holiday) of each month, 20th, 13th-salary days
        payday = {}
        for y in years:
            for mo in range(1, 13):
                n, d0 = 0, dt.date(y, mo, 1)
                while True:
                    if d0.weekday() < 6 and d0 not in hol:
                        n += 1
                        if n == 5:
                            break
                    d0 += dt.timedelta(days=1)
                for k, f in enumerate((1.35, 1.25, 1.15, 1.08)):
                    payday[d0 + dt.timedelta(days=k)] = max(payday.get(d0 + dt.timedelta(days=k), 1), f)
                d20 = dt.date(y, mo, 20)
                while d20.weekday() >= 5 or d20 in hol:
                    d20 -= dt.timedelta(days=1)
                payday[d20] = max(payday.get(d20, 1), 1.2)
                payday[d20 + dt.timedelta(days=1)] = max(payday.get(d20 + dt.timedelta(days=1), 1), 1.1)
            for mo, dd in ((11, 30), (12, 20)):
                d13 = dt.date(y, mo, dd)
                while d13.weekday() >= 5 or d13 in hol:
                    d13 -= dt.timedelta(days=1)
                payday[d13] = max(payday.get(d13, 1), 1.3)
                payday[d13 + dt.timedelta(days=1)] = max(payday.get(d13 + dt.timedelta(days=1), 1), 1.15)
        cal = []
        for d in range(self.n_days + 1):
            date = self.start + dt.timedelta(days=d)
            wd, dom, mo = date.weekday(), date.day, date.month
            p2p = [1.0, .97, .97, 1.0, 1.2, .98, .8][wd]
            qr = [.95, .95, .97, 1.0, 1.2, 1.05, .8][wd]
            onl = [1.1, 1.05, 1.05, 1.0, 1.0, .85, .95][wd]
            sup = [1.1, 1.1, 1.1, 1.1, 1.0, .45, .05][wd]
            pd = payday.get(date, 1.0)
            if dom >= 25 and pd == 1.0:
                pd = 0.88
            p2p *= pd
            qr *= pd
            onl *= pd
            night = [.06, .06, .1, .35, 1.0, 1.1, .15][wd]
            trip = 1.0
            theft = 0.6
            tomorrow = date + dt.timedelta(days=1)
            if tomorrow in hol and wd < 4:
                night = max(night, 0.9)
                trip = 2.5
            if mo == 11:
                bf = dt.date(date.year, 11, 22 + (3 - dt.date(date.year, 11, 22).weekday()) % 7 + 1)
                if date == bf:
                    onl *= 3.0
                    qr *= 1.1
                elif abs((date - bf).days) <= 3:
                    onl *= 1.5
            if mo == 12:
                if dom <= 23:
                    f = 1 + 0.6 * (dom / 23.0) ** 2
                    qr *= f
                    onl *= 1 + 0.4 * (dom / 23.0)
                    p2p *= 1 + 0.2 * (dom / 23.0)
                if dom == 24:
                    p2p *= 1.5
                    qr *= 1.35
                    night = 0.35
                if dom == 25:
                    p2p *= .55
                    qr *= .45
                    onl *= .6
                    night = 0.4
                if dom == 31:
                    p2p *= 1.3
                    qr *= 1.2
                    night = 2.0
                if dom >= 18:
                    trip = 4.0
            if mo == 1:
                qr *= .95
                p2p *= .95
                if dom == 1:
                    p2p *= .5
                    qr *= .45
                    onl *= .7
                if dom <= 4:
                    trip = 3.0
                else:
                    trip = max(trip, 2.5)
                if dom <= 15:
                    sup *= .85
            if date in carnival:
                qr *= 1.15
                p2p *= 1.1
                sup *= .25
                onl *= .8
                night = 1.7
                theft = 2.5
                trip = 12.0 if date.weekday() in (4, 5) else 2.0
            if date in ash:
                sup *= .6
                qr *= .8
            if date in hol and date not in carnival:
                sup *= .1
                qr *= .85
                onl *= .9
            theft += night
            cal.append({"date": date, "wd": wd, "dom": dom, "mo": mo, "m": (p2p, qr, onl, sup),
                        "night": night, "trip": trip, "theft": theft,
                        "we": wd >= 5 or date in hol, "hol": date in hol,
                        "carnival": date in carnival})
        self.cal = cal

    # -------------------------------------------------------- infra
    def build_infra(self):
        rng = self.rng
        self.cities = [City(i, row) for i, row in enumerate(CITIES)]
        self.city_by_name = {c.name: c for c in self.cities}
        self.states = sorted({c.uf for c in self.cities})
        sw = {}
        for c in self.cities:
            sw[c.uf] = sw.get(c.uf, 0) + c.w
        self.state_w = sw
        self.mobpool = {}
        for car, (blocks, _v6) in CARRIERS.items():
            for uf in self.states:
                n = min(40, 3 + int(sw[uf] * 1.2))
                pool = []
                for _ in range(n):
                    a, b = rng.choice(blocks)
                    pool.append(f"{a}.{b}.{rng.randint(0, 255)}.")
                self.mobpool[(car, uf)] = pool
        self.isps = {}
        for uf in self.states:
            lst = []
            for name, w, blocks, v6, v6p, cg, ep in HOME_ISPS:
                pool = ["{}.{}.".format(*rng.choice(blocks)) for _ in range(6)]
                lst.append({"name": name, "w": w, "v4": pool, "v6": v6, "v6p": v6p, "cgnat": cg,
                            "ep": ep, "cg_pool": None})
            nreg = 2 + min(5, int(sw[uf]))
            for k in range(nreg):
                a = rng.choice(REGIONAL_V4)
                b = rng.randint(1, 254)
                cg = rng.random() < 0.5
                pool = [f"{a}.{b}."]
                cgp = [f"{a}.{b}.{rng.randint(0, 255)}." for _ in range(2)] if cg else None
                lst.append({"name": f"reg_{uf.lower()}_{k}", "w": 0.27 / nreg, "v4": pool,
                            "v6": f"2804:{rng.randint(0x100, 0x3fff):x}", "v6p": 0.5, "cgnat": cg,
                            "ep": (5, 60), "cg_pool": cgp})
            self.isps[uf] = (lst, _cum([x["w"] for x in lst]))
        self.city_cum = _cum([c.w for c in self.cities])
        self.tour_cities = [c for c in self.cities if c.tour > 0]
        self.tour_cum = _cum([c.tour for c in self.tour_cities])
        # app releases: 6.40.0 on 2025-11-04, every 14 days; ~35 % get a hotfix
        anchor = _date_ts("2025-11-04") + 14 * HOUR
        k0 = int((self.base - anchor) // (14 * DAY)) - 12
        rel = []
        for k in range(k0, k0 + 12 + self.n_days // 14 + 3):
            t = anchor + k * 14 * DAY + rng.randint(-1, 1) * DAY
            n = 40 + k
            major, minor = 6 + n // 50, n % 50
            rel.append((t, f"{major}.{minor}.0"))
            if rng.random() < 0.35:
                rel.append((t + rng.randint(2, 5) * DAY, f"{major}.{minor}.1"))
        rel.sort()
        self.rel_ts = [r[0] for r in rel]
        self.rel_ver = [r[1] for r in rel]
        self.ios = {line: ([_date_ts(d) for d, _ in lst], [v for _, v in lst]) for line, lst in IOS_LINES.items()}
        self.and_cum = _cum([m[1] for m in ANDROID_MODELS])
        self.ios_cum = _cum([m[1] for m in IPHONES])

    # --------------------------------------------------------- payees
    def build_payees(self):
        rng = self.rng
        self.national = {}
        for cat, n, med, sig in ONLINE:
            self.national[cat] = [(self.pk(), med * math.exp(rng.gauss(0, 0.2)) if med else 0, sig)
                                  for _ in range(n)]
        self.national_cum = {cat: _cum([1.0 / (k + 1) ** 0.8 for k in range(len(v))])
                             for cat, v in self.national.items()}
        self.state_payees = {uf: {"energy": self.pk(), "water": self.pk(), "sefaz": self.pk()}
                             for uf in self.states}
        self.merchants = []  # (pk, cat, lat, lon, city_i, median, sigma, cents)
        mc_cum = _cum([m[1] for m in MCATS])
        for city in self.cities:
            nc = len(city.customers)
            nm = max(25, int(nc * 0.35)) if nc else 12
            city.merch = []
            city.grid = {}
            pops = []
            for k in range(nm):
                cat = MCATS[bisect.bisect_right(mc_cum, rng.random() * mc_cum[-1])]
                lat, lon = _gpoint(rng, city.lat, city.lon, city.r / 2.2)
                mi = len(self.merchants)
                self.merchants.append((self.pk(), cat[0], lat, lon, city.i,
                                       cat[2] * math.exp(rng.gauss(0, 0.25)), cat[3], cat[4]))
                city.merch.append(mi)
                city.grid.setdefault((int(lat / 0.03), int(lon / 0.03)), []).append(mi)
                pops.append(math.exp(rng.gauss(0, 1.0)))
            city.mcum = _cum(pops)
            # night-life zones and venues
            zones = [_gpoint(rng, city.lat, city.lon, city.r / 3.5) for _ in range(2 + int(city.w > 2) * 2)]
            city.night = []
            for k in range(max(6, nc // 10)):
                zl = rng.choice(zones)
                lat, lon = _gpoint(rng, zl[0], zl[1], 0.6)
                cat = rng.choice(("bar", "bar", "bar", "ambulante", "ambulante", "balada", "lanchonete"))
                med = {"bar": 55, "ambulante": 14, "balada": 60, "lanchonete": 30}[cat]
                mi = len(self.merchants)
                self.merchants.append((self.pk(), cat, lat, lon, city.i, med, 0.6, 1 if cat == "bar" else 0))
                city.night.append(mi)
            city.zones = zones
            n_mei = sum(1 for c in city.customers if c.seg == "mei")
            city.suppliers = [self.pk() for _ in range(max(5, int(n_mei * 1.5)))]
            city.supp_cum = _cum([1.0 / (k + 1) ** 0.7 for k in range(len(city.suppliers))])
            city.diaristas = [self.pk() for _ in range(max(3, nc // 18))]
            city.imob = [self.pk() for _ in range(max(2, nc // 60))]
            city.schools = [self.pk() for _ in range(max(2, nc // 40))]
            city.gyms = [self.pk() for _ in range(max(2, nc // 50))]
            city.condos = [self.pk() for _ in range(max(3, nc // 6))]
            city.employers = [f"{rng.choice((200, 201, 177, 189, 187, 186, 170))}.{rng.randint(1, 254)}."
                              f"{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                              for _ in range(max(3, nc // 6))]
            city.pubwifi = [f"{rng.choice((177, 179, 187, 189, 191, 200))}.{rng.randint(1, 254)}."
                            f"{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                            for _ in range(12)]
            city.prefeitura = self.pk()
            city.transit = self.pk()
            city.stores = [self.pk() for _ in range(max(3, nc // 40))]  # furniture/appliance stores
            city.persons = []  # customers' own keys, filled later

    # ------------------------------------------------------- devices
    def new_phone(self, platform, t, newer=False, tier_min=0):
        rng = self.rng
        d = Device()
        d.id = f"d-{rng.getrandbits(64):016x}"
        d.platform = platform
        d.install_ts = t
        d.tablet = False
        d.os_up_ts = None
        d.os_up = None
        u = rng.random()
        d.lag = (rng.uniform(0, 7) if u < 0.45 else rng.uniform(2, 25) if u < 0.85
                 else rng.uniform(20, 90)) * DAY
        if platform == "ios":
            lst = NEW_IPHONES if newer else IPHONES
            m = rng.choices(lst, weights=[x[1] for x in lst])[0]
            d.model = m[0]
            d.tier = 2
            top = m[2]
            if top == 26:
                d.os_line = 26 if (newer or rng.random() < 0.62) else 18
            else:
                d.os_line = top if top != 18 else (18 if rng.random() < 0.8 else 17)
            d.os_lag = (rng.uniform(0, 10) if rng.random() < 0.55 else rng.uniform(10, 60)
                        if rng.random() < 0.8 else 9999) * DAY
            d.os_base = None
        else:
            lst = NEW_ANDROID if newer else ANDROID_MODELS
            cand = [m for m in lst if m[4] >= tier_min] or lst
            m = rng.choices(cand, weights=[x[1] for x in cand])[0]
            d.model = m[0]
            d.tier = m[4]
            lo, hi = m[2], m[3]
            v = hi if (newer or rng.random() < 0.45) else rng.randint(lo, hi)
            d.os_base = str(v)
            d.os_line = None
            d.os_lag = 0
            if v < hi and v >= 15 and d.model.startswith("SM-") and rng.random() < 0.45:
                d.os_up_ts = self.base + rng.uniform(-10, self.n_days) * DAY
                d.os_up = str(v + 1)
        return d

    def app_ua(self, dev, t):
        rts = self.rel_ts
        i = bisect.bisect_right(rts, t - dev.lag) - 1
        j = bisect.bisect_right(rts, t) - 1
        i0 = bisect.bisect_right(rts, dev.install_ts) - 1
        i = max(i, j - 7, min(i0, j), 0)
        if dev.platform == "ios":
            ts, vs = self.ios[dev.os_line]
            k = max(0, bisect.bisect_right(ts, t - dev.os_lag) - 1)
            if dev.os_line in (26, 18):
                k = max(k, min(bisect.bisect_right(ts, dev.install_ts) - 1, len(vs) - 1))
            os_s = ("iPadOS " if dev.tablet else "iOS ") + vs[k]
        else:
            v = dev.os_up if (dev.os_up_ts is not None and t >= dev.os_up_ts) else dev.os_base
            os_s = "Android " + v
        key = (dev.id, i, os_s)
        ua = self._uacache.get(key)
        if ua is None:
            ua = f"{APP}/{self.rel_ver[i]} ({os_s}; {dev.model})"
            self._uacache[key] = ua
        return ua

    def new_browser(self):
        rng = self.rng
        b = Browser()
        b.fp = f"d-{rng.getrandbits(64):016x}"
        b.family = rng.choices(("chrome_win", "edge_win", "chrome_mac", "safari_mac", "firefox_win",
                                "chrome_linux", "chrome_android"),
                               weights=(58, 15, 5, 5, 6, 2, 9))[0]
        b.lag = rng.uniform(0, 25) * DAY
        return b

    def browser_ua(self, b, t):
        te = t - b.lag
        chrome = 142 + int((te - _date_ts("2025-10-28")) // (28 * DAY))
        ff = 145 + int((te - _date_ts("2025-11-11")) // (28 * DAY))
        f = b.family
        if f == "chrome_win":
            return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"Chrome/{chrome}.0.0.0 Safari/537.36")
        if f == "edge_win":
            return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.0.0")
        if f == "chrome_mac":
            return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"Chrome/{chrome}.0.0.0 Safari/537.36")
        if f == "safari_mac":
            ts, vs = self.ios[26]
            k = max(0, bisect.bisect_right(ts, te) - 1)
            v = vs[k].rsplit(".", 1)[0] if vs[k].count(".") == 2 else vs[k]
            return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    f"Version/{v} Safari/605.1.15")
        if f == "firefox_win":
            return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0"
        if f == "chrome_linux":
            return ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    f"Chrome/{chrome}.0.0.0 Safari/537.36")
        return ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{chrome}.0.0.0 Mobile Safari/537.36")

    # ------------------------------------------------------ customers
    def build_customers(self):
        rng = self.rng
        segs = list(SEGMENTS)
        seg_cum = _cum([SEGMENTS[s][0] for s in segs])
        n_mules = self._n_cases(26)
        self.n_mule_accounts = min(n_mules, max(0, self.n_customers // 20))
        n_gen = self.n_customers - self.n_mule_accounts
        ids = rng.sample(range(1000000, 9999999), self.n_customers)
        self.cust_ids = ids
        self.customers = []
        for k in range(n_gen):
            c = Customer()
            c.id = f"c-{ids[k]}"
            c.seg = segs[bisect.bisect_right(seg_cum, rng.random() * seg_cum[-1])]
            c.city = self.cities[bisect.bisect_right(self.city_cum, rng.random() * self.city_cum[-1])]
            c.city.customers.append(c)
            self.customers.append(c)
        self.build_payees()
        for c in self.customers:
            self._init_customer(c)
        # social circles: some contacts are other customers of the bank in the same city
        for c in self.customers:
            pool = c.city.customers
            if len(pool) > 3:
                for _ in range(rng.randint(0, 5)):
                    o = rng.choice(pool)
                    if o is not c:
                        c.contacts.append(o.key)
                        c.cw.append(rng.uniform(0.3, 2.0))
                        c.friends.append(o.key)
            c.ccum = _cum(c.cw)

    def _init_customer(self, c):
        rng = self.rng
        seg = SEGMENTS[c.seg]
        city = c.city
        c.tz = city.tz
        c.key = self.pk()
        c.home = _gpoint(rng, city.lat, city.lon, city.r / 2.3)
        c.rate = seg[1] * math.exp(rng.gauss(0, 0.75) - 0.75 ** 2 / 2)
        c.mix = seg[2]
        c.victim = None
        c.blackouts = []
        c.evs = []
        c.last_mob = None
        c.v6cache = {}
        c.homeips = {}
        # onboarding / churn
        if rng.random() < 0.14:
            c.d0 = rng.randint(0, max(0, self.n_days - 5))
            c.new = True
        else:
            c.d0 = 0
            c.new = False
        c.d1 = self.n_days
        if rng.random() < 0.03:
            c.d1 = rng.randint(c.d0 + 1, self.n_days)
        c.t0 = self.utc(c.d0, c.tz, 0)
        c.t1 = self.utc(c.d1, c.tz, 0)
        # work place
        has_work = rng.random() < {"young": .62, "adult": .7, "senior": .1, "mei": 1.0, "light": .5}[c.seg]
        c.work = None
        c.work_city = city
        if has_work:
            wc = city
            if city.metro and rng.random() < 0.3:
                sib = [x for x in self.cities if x.metro == city.metro]
                wc = sib[0] if rng.random() < 0.7 else rng.choice(sib)
            c.work_city = wc
            if c.seg == "mei":
                c.work = _gpoint(rng, c.home[0], c.home[1], 2.5)
                c.work_city = city
            else:
                c.work = _gpoint(rng, wc.lat, wc.lon, wc.r / 4.0)
            c.employer = rng.choice(wc.employers) if rng.random() < 0.55 else None
        else:
            c.employer = None
        c.remote = rng.random() < 0.15
        # network
        c.carrier = rng.choices([x[0] for x in CARRIER_W], weights=[x[1] for x in CARRIER_W])[0]
        c.mob_v6 = rng.random() < 0.62
        if rng.random() < 0.87:
            lst, cw = self.isps[city.uf]
            c.isp = lst[bisect.bisect_right(cw, rng.random() * cw[-1])]
            c.home_v6 = rng.random() < c.isp["v6p"]
            c.ip_epoch = rng.uniform(*c.isp["ep"]) * DAY
            c.ip_phase = rng.random() * c.ip_epoch
            c.v6_epoch = rng.uniform(20, 200) * DAY
        else:
            c.isp = None
            c.home_v6 = False
        c.wifi_p = rng.uniform(0.45, 0.9)
        c.work_wifi_p = rng.uniform(0.1, 0.6)
        # channel mix and devices
        web_only_p = {"senior": .08, "mei": .03, "adult": .01}.get(c.seg, 0.0)
        c.web_only = c.isp is not None and rng.random() < web_only_p
        c.web_user = c.web_only or (c.isp is not None and rng.random() < seg[4])
        c.web_share = 1.0 if c.web_only else rng.uniform(0.12, 0.6)
        c.webs = []
        if c.web_user:
            b = self.new_browser()
            c.webs.append([-1e18, 1e18, b])
            if rng.random() < 0.25:  # cookie reset / new browser mid-period
                tcut = self.base + rng.uniform(5, self.n_days) * DAY
                c.webs[0][1] = tcut
                c.webs.append([tcut, 1e18, self.new_browser() if rng.random() < 0.4 else self._reset_fp(b)])
        c.devs = []
        c.platform = "ios" if rng.random() < seg[5] else "android"
        if not c.web_only:
            dev = self.new_phone(c.platform, (c.t0 if c.new else self.base - rng.uniform(10, 900) * DAY))
            c.devs.append([-1e18, 1e18, dev, 1.0])
            u = rng.random()
            pchange = 0.13 if c.seg == "young" else 0.09
            if u < pchange:
                tch = self._pick_time(c, "phone")
                if tch is not None:
                    plat = c.platform if rng.random() < 0.9 else ("ios" if c.platform == "android" else "android")
                    nd = self.new_phone(plat, tch, newer=True, tier_min=dev.tier)
                    c.devs[0][1] = tch + rng.uniform(0, 2.5) * DAY
                    c.devs[0][3] = 0.3
                    c.devs.append([tch, 1e18, nd, 1.0])
            elif u < pchange + 0.03:  # app reinstall -> new installation id, same phone
                tch = c.t0 + rng.uniform(1, max(2, (c.t1 - c.t0) / DAY - 1)) * DAY
                nd = self._clone_dev(dev, tch)
                c.devs[0][1] = tch
                c.devs.append([tch, 1e18, nd, 1.0])
            if rng.random() < 0.03:
                tab = self.new_phone(c.platform, self.base - 200 * DAY)
                tab.tablet = True
                tab.model = "iPad13,18" if c.platform == "ios" else rng.choice(("SM-X200", "SM-X110", "SM-X216B"))
                if c.platform == "ios":
                    tab.os_line = 26 if tab.os_line == 26 else 18
                c.devs.append([-1e18, 1e18, tab, 0.18])
        c.loc_perm = rng.random() < (0.7 if c.platform == "ios" else 0.6)
        c.loc_coarse = c.platform == "android" and rng.random() < 0.15
        # limits and money
        c.night_limit = 100000 if rng.random() < 0.68 else rng.choice((200000, 300000, 500000, 1000000))
        c.day_limit = int(min(100000, max(1000, _lognorm(rng, DAY_LIMIT_MED[c.seg], 0.5))) * 100)
        c.balance = _lognorm(rng, BALANCE_MED[c.seg], 0.9)
        c.p2p_med = seg[3] * math.exp(rng.gauss(0, 0.35))
        # night life
        c.night_p = seg[7] * math.exp(rng.gauss(0, 0.4)) if rng.random() < seg[6] else 0.0
        c.bettor = rng.random() < BETTOR_P[c.seg]
        om = dict(ONLINE_MIX[c.seg])
        if c.bettor:
            om["bets"] = rng.uniform(15, 60)
        c.onl_cats = list(om)
        c.onl_fav = {}
        c.onl_cum = _cum([om[k] for k in c.onl_cats])
        # contacts (Pix keys of people)
        nfam = rng.randint(1, 6)
        nfr = {"young": (5, 25), "adult": (4, 16), "senior": (1, 6), "mei": (4, 16), "light": (1, 6)}[c.seg]
        nfr = rng.randint(*nfr)
        c.family = [self.pk() for _ in range(nfam)]
        c.friends = [self.pk() for _ in range(nfr)]
        c.contacts = c.family + c.friends
        c.cw = [rng.uniform(2, 8) if k == 0 else rng.uniform(0.5, 3) for k in range(nfam)] + \
               [math.exp(rng.gauss(-0.3, 0.8)) for _ in range(nfr)]
        if c.seg == "mei":
            c.helpers = [self.pk() for _ in range(rng.randint(1, 4))]
            k = rng.randint(4, 18)
            idx = set()
            for _ in range(k):
                idx.add(bisect.bisect_right(city.supp_cum, rng.random() * city.supp_cum[-1]))
            c.suppliers = [city.suppliers[i] for i in sorted(idx)]
            c.supp_cum = _cum([math.exp(rng.gauss(0, 0.8)) for _ in c.suppliers])
        # merchant favourites near home and work
        c.fav_home = self._favs(city, c.home, rng.randint(5, 14))
        c.fav_work = self._favs(c.work_city, c.work, rng.randint(3, 7)) if c.work else None
        # bills
        self._init_bills(c)
        # trips & big purchases
        c.trips = []
        if rng.random() < seg[8]:
            for _ in range(1 if rng.random() < 0.8 else 2):
                tr = self._make_trip(c)
                if tr:
                    c.trips.append(tr)
        c.trip_day = {}
        for tr in c.trips:
            for d in range(tr["d0"], tr["d1"]):
                c.trip_day[d] = tr
        c.bigs = []
        if rng.random() < seg[9] * 1.4 * min(1.0, self.n_days / 110.0) ** 0.5:
            c.bigs.append(rng.choices(("car", "rent_deposit", "store", "medical", "loan_family", "travel_pkg"),
                                      weights=(18, 18, 25, 14, 15, 10))[0])
        c.olx = rng.random() < 0.12

    def _reset_fp(self, b):
        nb = Browser()
        nb.fp = f"d-{self.rng.getrandbits(64):016x}"
        nb.family, nb.lag = b.family, b.lag
        return nb

    def _clone_dev(self, dev, t):
        nd = Device()
        for s in Device.__slots__:
            setattr(nd, s, getattr(dev, s))
        nd.id = f"d-{self.rng.getrandbits(64):016x}"
        nd.install_ts = t
        return nd

    def _favs(self, city, pt, n):
        rng = self.rng
        gx, gy = int(pt[0] / 0.03), int(pt[1] / 0.03)
        cand = []
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                cand.extend(city.grid.get((gx + dx, gy + dy), ()))
        favs = []
        for _ in range(n):
            if cand and rng.random() < 0.85:
                favs.append(rng.choice(cand))
            else:
                favs.append(city.merch[bisect.bisect_right(city.mcum, rng.random() * city.mcum[-1])])
        favs = list(dict.fromkeys(favs))
        return favs, _cum([math.exp(rng.gauss(0, 1.0)) for _ in favs])

    def _init_bills(self, c):
        rng = self.rng
        city = c.city
        sp = self.state_payees[city.uf]
        bills = []  # (payee, dom, cents, variable sigma, kind)
        s = c.seg
        adultish = s in ("adult", "senior", "mei")

        def add(payee, dom, amount, var, kind, auto=False):
            bills.append([payee, dom, _cents(amount), var, kind, auto])

        if rng.random() < {"young": .3, "adult": .38, "senior": .2, "mei": .35, "light": .1}[s]:
            rent = round(_lognorm(rng, 1300, 0.45) / 10) * 10
            c.rent = rent
            add(rng.choice(city.imob) if rng.random() < 0.5 else self.pk(), rng.choice((5, 5, 10, 10, 1, 15)),
                rent, 0, "rent")
        else:
            c.rent = round(_lognorm(rng, 1300, 0.45) / 10) * 10
        if rng.random() < (0.3 if adultish else 0.12):
            add(rng.choice(city.condos), 10, round(_lognorm(rng, 550, 0.4), 2), 0.03, "condo")
        c.has_school = s in ("adult", "mei") and rng.random() < 0.28
        if c.has_school:
            c.school = rng.choice(city.schools)
            add(c.school, rng.choice((5, 10)), round(_lognorm(rng, 900, 0.5)), 0, "school")
        if rng.random() < {"young": .3, "adult": .22, "senior": .08, "mei": .15, "light": .05}[s]:
            add(rng.choice(city.gyms), rng.randint(1, 28), rng.choice((89.9, 99.9, 109.9, 119.9, 139.9, 79.9)),
                0, "gym", auto=rng.random() < 0.15)
        if rng.random() < 0.3:
            isp = rng.choice(self.national["isp"])[0]
            add(isp, rng.choice((5, 10, 15, 20, 25)), rng.choice((99.9, 109.9, 119.9, 129.9, 89.9, 149.9)), 0,
                "isp", auto=rng.random() < 0.15)
        if rng.random() < (0.45 if adultish else 0.2):
            add(sp["energy"], rng.randint(5, 25), _lognorm(rng, 190, 0.5), 0.22, "energy",
                auto=rng.random() < 0.08)
        if rng.random() < (0.3 if adultish else 0.1):
            add(sp["water"], rng.randint(5, 25), _lognorm(rng, 95, 0.4), 0.18, "water")
        if rng.random() < (0.22 if adultish else 0.05):
            add(rng.choice(self.national["health_plan"])[0], rng.choice((5, 10, 15)),
                _lognorm(rng, 620, 0.5), 0, "health")
        if rng.random() < 0.3:
            add(rng.choice(self.national["card_bill"])[0], rng.choice((1, 5, 7, 10, 12, 15, 20, 25)),
                _lognorm(rng, 900, 0.8), 0.45, "card")
        if rng.random() < 0.2:
            add(rng.choice(self.national["recarga"])[0], rng.randint(1, 28), rng.choice((49.99, 59.99, 69.99, 44.99)),
                0, "phone")
        if s == "mei":
            add(self.national["das_mei"][0][0], 20, 81.90, 0, "das")
            if rng.random() < 0.4:
                add(self.pk(), rng.choice((5, 10)), round(_lognorm(rng, 1800, 0.5) / 10) * 10, 0, "shop_rent")
        if adultish and rng.random() < 0.12:
            add(c.family[0] if len(c.family) == 1 else c.family[1 % len(c.family)], 5,
                round(_lognorm(rng, 400, 0.6) / 50) * 50 or 100, 0, "support")
        c.bills = bills
        c.diarista = None
        if s in ("adult", "senior", "mei") and rng.random() < 0.2:
            c.diarista = (rng.choice(city.diaristas), rng.choice((0, 1, 2, 3, 4)),
                          _cents(rng.choice((150, 160, 170, 180, 200, 220, 250))),
                          rng.random() < 0.4)  # weekday, daily rate, biweekly
        c.ipva = adultish and rng.random() < 0.33
        c.iptu = adultish and rng.random() < 0.2

    def _pick_time(self, c, kind):
        rng = self.rng
        if c.d1 - c.d0 < 3:
            return None
        ws = []
        for d in range(c.d0 + 1, c.d1):
            day = self.cal[d]
            if kind == "phone":
                w = 1.0
                date = day["date"]
                if date.month == 11 and date.day >= 21:
                    w = 3.5
                elif date.month == 12 and 10 <= date.day <= 24:
                    w = 3.0
                elif date.month == 12 and date.day == 25:
                    w = 0.2
            else:
                w = day["trip"]
            ws.append(w)
        d = c.d0 + 1 + rng.choices(range(len(ws)), weights=ws)[0]
        return self.utc(d, c.tz, self.hour("day") * HOUR + rng.randint(0, 3599))

    def _make_trip(self, c):
        rng = self.rng
        t = self._pick_time(c, "trip")
        if t is None:
            return None
        d0 = self.day_of(t, c.tz)
        day = self.cal[d0]
        dur = rng.randint(4, 6) if day["carnival"] else max(2, min(16, int(_lognorm(rng, 5, 0.5))))
        d1 = min(c.d1, d0 + dur)
        if d1 - d0 < 1:
            return None
        for _ in range(10):
            if rng.random() < 0.2:
                same = [x for x in self.cities if x.uf == c.city.uf and x is not c.city]
                dest = rng.choice(same) if same else None
            else:
                dest = self.tour_cities[bisect.bisect_right(self.tour_cum, rng.random() * self.tour_cum[-1])]
            if dest is not None and dest is not c.city and (not c.city.metro or dest.metro != c.city.metro):
                break
        else:
            return None
        hotel = _gpoint(rng, dest.lat, dest.lon, dest.r / 3)
        far = abs(dest.lat - c.city.lat) + abs(dest.lon - c.city.lon) > 3
        return {"d0": d0, "d1": d1, "city": dest, "hotel": hotel, "far": far}

    # ---------------------------------------------------------- places
    def place_for(self, c, d, h, trip, kind):
        """Where the customer is when paying (not at a merchant)."""
        rng = self.rng
        if trip is not None:
            if rng.random() < 0.55:
                return (HOTEL, trip["city"], trip["hotel"][0], trip["hotel"][1])
            lat, lon = _ring(rng, trip["hotel"][0], trip["hotel"][1], 0.3, 6)
            return (OUT, trip["city"], lat, lon)
        if c.web_only:
            if c.work and not self.cal[d]["we"] and 9 <= h < 18 and rng.random() < 0.5:
                return (WORK, c.work_city, c.work[0], c.work[1])
            return (HOME, c.city, c.home[0], c.home[1])
        if kind == SUPP:
            if rng.random() < 0.85:
                return (WORK, c.work_city, c.work[0], c.work[1])
            return (HOME, c.city, c.home[0], c.home[1])
        we = self.cal[d]["we"]
        u = rng.random()
        if not we and c.work and not c.remote and 8 <= h < 18:
            if u < 0.65:
                return (WORK, c.work_city, c.work[0], c.work[1])
            if u < 0.85:
                return (HOME, c.city, c.home[0], c.home[1])
        elif h >= 19 or h < 7:
            if u < 0.8:
                return (HOME, c.city, c.home[0], c.home[1])
        elif u < 0.55:
            return (HOME, c.city, c.home[0], c.home[1])
        lat, lon = _ring(rng, c.home[0], c.home[1], 0.5, 9)
        return (OUT, c.city, lat, lon)

    def merchant_place(self, m):
        return (MERCH, self.cities[m[4]], m[2], m[3])

    def pick_merchant(self, c, d, h, trip):
        rng = self.rng
        if trip is not None:
            city = trip["city"]
            if city.merch:
                return self.merchants[city.merch[bisect.bisect_right(city.mcum, rng.random() * city.mcum[-1])]]
        we = self.cal[d]["we"]
        if c.fav_work and not we and 7 <= h < 19 and not c.remote and rng.random() < 0.55:
            favs, cw = c.fav_work
        else:
            favs, cw = c.fav_home
        if rng.random() < 0.9 and favs:
            return self.merchants[favs[bisect.bisect_right(cw, rng.random() * cw[-1])]]
        city = c.city
        return self.merchants[city.merch[bisect.bisect_right(city.mcum, rng.random() * city.mcum[-1])]]

    # ---------------------------------------------------------- events
    def add_ev(self, c, t, kind, payee, cents, place, fr=None):
        if fr is None:
            if t < c.t0 or t >= c.t1 or t >= self.end_ts:
                return
            for a, b in c.blackouts:
                if a <= t < b:
                    return
        c.evs.append((t, kind, payee, cents, place, fr))

    def plan_genuine(self, c):
        rng = self.rng
        cal = self.cal
        senior = c.seg == "senior"
        mix = c.mix
        if c.web_only:
            mix = (mix[0] + mix[1] * 0.5, 0.0, mix[2] + mix[1] * 0.5, mix[3])
        for d in range(c.d0, c.d1):
            day = cal[d]
            m = day["m"]
            trip = c.trip_day.get(d)
            lp = c.rate * mix[0] * m[0]
            lq = c.rate * mix[1] * m[1]
            lo = c.rate * mix[2] * m[2]
            ls = c.rate * mix[3] * m[3]
            if trip is not None:
                lq *= 1.5
                ls *= 0.15
            if c.new and d - c.d0 < 14:  # new customers explore the app
                f = 1.6 - (d - c.d0) / 23.0
                lp *= f
                lq *= f
            tot = lp + lq + lo + ls
            n = _poisson(rng, tot)
            we = day["we"]
            for _ in range(n):
                r = rng.random() * tot
                if r < lp:
                    kind = P2P
                elif r < lp + lq:
                    kind = QR
                elif r < lp + lq + lo:
                    kind = ONL
                else:
                    kind = SUPP
                self.gen_event(c, d, day, kind, trip, we, senior)
            if c.new and d == c.d0:
                self.gen_event(c, d, day, P2P, trip, we, senior)
            if c.night_p and not c.web_only and rng.random() < c.night_p * day["night"]:
                self.gen_night(c, d, trip)
            if (day["wd"] == 5 and c.seg in ("adult", "mei", "young") and not c.web_only
                    and rng.random() < 0.02 * (2.5 if day["carnival"] or day["mo"] == 12 else 1)):
                self.gen_party_prep(c, d)
        self.gen_bills(c)
        self.gen_specials(c)

    def gen_event(self, c, d, day, kind, trip, we, senior):
        rng = self.rng
        if kind == P2P:
            key = ("p2p_we" if we else "p2p_wd") + ("_sr" if senior else "")
            h = self.hour(key)
            if rng.random() < 0.07:
                payee = self.pk()
                if rng.random() < 0.25:
                    c.contacts.append(payee)
                    c.ccum.append(c.ccum[-1] + 0.5 if c.ccum else 0.5)
                cents = _p2p_amount(rng, c.p2p_med * 1.4)
            else:
                payee = c.contacts[bisect.bisect_right(c.ccum, rng.random() * c.ccum[-1])]
                cents = _p2p_amount(rng, c.p2p_med)
            place = self.place_for(c, d, h, trip, P2P)
        elif kind == QR:
            key = ("qr_we" if we else "qr_wd") + ("_sr" if senior else "")
            h = self.hour(key)
            mer = self.pick_merchant(c, d, h, trip)
            payee = mer[0]
            x = _lognorm(rng, mer[5], mer[6])
            if not mer[7] and rng.random() < 0.6:
                x = max(2, round(x))
            cents = _cents(x)
            place = self.merchant_place(mer)
        elif kind == ONL:
            h = self.hour("online")
            cat = c.onl_cats[bisect.bisect_right(c.onl_cum, rng.random() * c.onl_cum[-1])]
            if cat == "transit":
                payee = (trip["city"] if trip else c.city).transit
                cents = _cents(rng.choice((20, 30, 50, 50, 100, 44, 52.8)))
            else:
                fav = c.onl_fav.get(cat)
                if fav is None:  # each customer sticks to one to three shops per kind
                    lst = self.national[cat]
                    cw = self.national_cum[cat]
                    fav = list({bisect.bisect_right(cw, rng.random() * cw[-1]) for _ in range(rng.randint(1, 3))})
                    c.onl_fav[cat] = fav
                lst = self.national[cat]
                if rng.random() < 0.93:
                    p = lst[rng.choice(fav)]
                else:
                    p = lst[bisect.bisect_right(self.national_cum[cat], rng.random() * self.national_cum[cat][-1])]
                payee = p[0]
                x = _lognorm(rng, p[1], p[2])
                if cat in ("bets", "recarga", "crypto") and rng.random() < 0.7:
                    x = max(5, round(x / 5) * 5)
                cents = _cents(x)
            place = self.place_for(c, d, h, trip, ONL)
        else:  # MEI paying a supplier
            h = self.hour("supp")
            if rng.random() < 0.06:
                payee = self.pk() if rng.random() < 0.5 else rng.choice(c.city.suppliers)
            elif rng.random() < 0.12 and c.helpers:
                payee = rng.choice(c.helpers)
            else:
                payee = c.suppliers[bisect.bisect_right(c.supp_cum, rng.random() * c.supp_cum[-1])]
            cents = _cents(_lognorm(rng, 600, 0.85))
            place = self.place_for(c, d, h, trip, SUPP)
        if (h >= 20 or h < 6) and cents > c.night_limit:
            h = self.hour("day")
        if cents > c.day_limit:
            cents = c.day_limit - rng.randint(0, 20) * 100
        t = self.utc(d, c.tz, h * HOUR + rng.randint(0, 3599))
        self.add_ev(c, t, kind, payee, cents, place)

    def gen_night(self, c, d, trip):
        rng = self.rng
        city = trip["city"] if trip else c.city
        if not city.night:
            return
        start = rng.uniform(20.5, 23.8) * HOUR
        end = start + rng.uniform(1.5, 4.5) * HOUR
        venue = self.merchants[rng.choice(city.night)]
        vlat, vlon = venue[2], venue[3]
        k = rng.choice((1, 1, 2, 2, 3, 4))
        ts = sorted(rng.uniform(start, end) for _ in range(k))
        for i, s in enumerate(ts):
            if i and rng.random() < 0.35:
                mer = self.merchants[rng.choice(city.night)]
            else:
                mer = venue
            cents = _cents(max(5, round(_lognorm(rng, mer[5], 0.6)) if not mer[7] else _lognorm(rng, mer[5], 0.6)))
            cents = min(cents, c.night_limit // 3)
            self.add_ev(c, self.utc(d, c.tz, int(s)), QR, mer[0], cents,
                        (VENUE, city, mer[2], mer[3]))
        if rng.random() < 0.35 and c.friends:
            s = rng.uniform(start, end)
            lat, lon = _gpoint(rng, vlat, vlon, 0.05)
            self.add_ev(c, self.utc(d, c.tz, int(s)), P2P, rng.choice(c.friends),
                        _p2p_amount(rng, 30, 0.5), (VENUE, city, lat, lon))
        if rng.random() < 0.28 and c.friends:  # "racha a conta" the next day
            s0 = DAY + rng.uniform(10.5, 16) * HOUR
            n = rng.randint(1, min(5, len(c.friends)))
            each = _lognorm(rng, 45, 0.5)
            place = self.place_for(c, d + 1, int(s0 // HOUR) % 24, c.trip_day.get(d + 1), P2P)
            for f in rng.sample(c.friends, n):
                s0 += rng.uniform(20, 400)
                x = each if rng.random() < 0.6 else _lognorm(rng, each, 0.3)
                self.add_ev(c, self.utc(d, c.tz, int(s0)), P2P, f, _cents(round(x, 1)), place)

    def gen_party_prep(self, c, d):
        rng = self.rng
        s = rng.uniform(8.5, 12.5) * HOUR
        favs, _cw = c.fav_home
        for _ in range(rng.randint(2, 5)):
            s += rng.uniform(3, 35) * MIN
            mer = self.merchants[rng.choice(favs)] if rng.random() < 0.7 else \
                self.merchants[rng.choice(c.city.merch)]
            cents = _cents(_lognorm(rng, 140, 0.6))
            self.add_ev(c, self.utc(d, c.tz, int(s)), QR, mer[0], cents, self.merchant_place(mer))
        if c.friends and rng.random() < 0.5:
            s += rng.uniform(5, 60) * MIN
            self.add_ev(c, self.utc(d, c.tz, int(s)), P2P, rng.choice(c.friends), _p2p_amount(rng, 80, 0.5),
                        (HOME, c.city, c.home[0], c.home[1]))

    def gen_bills(self, c):
        rng = self.rng
        if not c.bills and not c.diarista:
            return
        # months spanned
        months = []
        for d in range(c.d0, c.d1):
            day = self.cal[d]
            if day["dom"] == 1 or d == c.d0:
                months.append(d - day["dom"] + 1)
        habit = rng.choice((-3, -1, 0, 0, 1, 3))
        for m0 in months:
            for b in c.bills:
                payee, dom, cents, var, _kind, auto = b
                d = m0 + dom - 1 + habit + rng.randint(-1, 2)
                if d < c.d0 or d >= c.d1:
                    continue
                x = cents
                if var:
                    x = _cents(cents / 100.0 * math.exp(rng.gauss(0, var)))
                if auto:
                    t = self.utc(d, c.tz, rng.randint(int(0.5 * HOUR), 7 * HOUR))
                    self.add_ev(c, t, AUTO, payee, x, None)
                    continue
                h = self.hour("bills")
                if (h >= 20 or h < 6) and x > c.night_limit:
                    h = rng.randint(8, 18)
                x = min(x, c.day_limit)
                trip = c.trip_day.get(d)
                place = self.place_for(c, d, h, trip, BILL)
                self.add_ev(c, self.utc(d, c.tz, h * HOUR + rng.randint(0, 3599)), BILL, payee, x, place)
        if c.diarista:
            payee, wd, cents, biweekly = c.diarista
            wk = 0
            for d in range(c.d0, c.d1):
                day = self.cal[d]
                if day["wd"] != wd or day["hol"] or d in c.trip_day:
                    continue
                wk += 1
                if biweekly and wk % 2:
                    continue
                if day["date"].month == 12 and day["date"].day >= 22 and rng.random() < 0.7:
                    continue
                x = cents
                if day["date"].month == 12 and 10 <= day["date"].day < 22 and rng.random() < 0.25:
                    x += _cents(rng.choice((100, 150, 200)))  # caixinha de Natal
                s = rng.uniform(13, 19.5) * HOUR
                self.add_ev(c, self.utc(d, c.tz, int(s)), BILL, payee, x,
                            self.place_for(c, d, int(s // HOUR), None, BILL))

    def gen_specials(self, c):
        """Trips, big purchases, IPVA/IPTU/enrolment, used goods (benign look-alikes)."""
        rng = self.rng
        tz = c.tz
        for tr in c.trips:
            if rng.random() < 0.65:
                d = tr["d0"] - rng.randint(1, 35)
                if d >= c.d0:
                    cat = "airline" if tr["far"] else rng.choice(("bus", "hotel"))
                    p = rng.choice(self.national[cat])
                    cents = min(_cents(_lognorm(rng, p[1] * (1.6 if cat == "airline" else 1), 0.5)), c.day_limit)
                    h = self.hour("online")
                    self.add_ev(c, self.utc(d, tz, h * HOUR + rng.randint(0, 3599)), ONL, p[0], cents,
                                self.place_for(c, d, h, None, ONL))
            if rng.random() < 0.5:  # a place to stay, paid to a person (aluguel de temporada)
                d = tr["d0"] - rng.randint(0, 20)
                if d >= c.d0:
                    h = self.hour("online")
                    self.add_ev(c, self.utc(d, tz, h * HOUR + rng.randint(0, 3599)), P2P, self.pk(),
                                min(_p2p_amount(rng, 900, 0.6), c.day_limit), self.place_for(c, d, h, None, ONL))
        for big in c.bigs:
            d = rng.randint(c.d0, c.d1 - 1)
            if self.cal[d]["wd"] == 6:
                d = max(c.d0, d - 1)
            h = rng.randint(9, 17)
            place = self.place_for(c, d, h, c.trip_day.get(d), BIG)
            t = self.utc(d, tz, h * HOUR + rng.randint(0, 3599))
            if big == "car":
                total = _lognorm(rng, 32000, 0.5)
                seller = self.pk()
                parts = 1 if total < c.day_limit / 100 else rng.randint(2, 3)
                left = total
                for k in range(parts):
                    amt = left if k == parts - 1 else round(left / (parts - k) / 100) * 100
                    amt = min(amt, max(c.day_limit / 100, 20000))
                    self.add_ev(c, t, BIG, seller, _cents(round(amt)), place)
                    left -= amt
                    t += rng.choice((rng.uniform(2, 30) * MIN, DAY + rng.uniform(-2, 2) * HOUR))
            elif big == "rent_deposit":
                payee = rng.choice(c.city.imob) if rng.random() < 0.6 else self.pk()
                self.add_ev(c, t, BIG, payee, _cents(c.rent * rng.choice((2, 3, 3))), place)
                self.add_ev(c, t + rng.uniform(1, 6) * DAY, P2P, self.pk(), _p2p_amount(rng, 450, 0.4),
                            self.place_for(c, d, h, None, P2P))  # frete / mudanca
            elif big == "store":
                payee = rng.choice(c.city.stores) if rng.random() < 0.6 else rng.choice(self.national["electronics"])[0]
                self.add_ev(c, t, BIG, payee, min(c.day_limit, _cents(_lognorm(rng, 2800, 0.5))), place)
            elif big == "medical":
                self.add_ev(c, t, BIG, self.pk(), min(c.day_limit, _p2p_amount(rng, 1600, 0.6)), place)
            elif big == "loan_family":
                payee = rng.choice(c.family) if rng.random() < 0.7 else self.pk()
                self.add_ev(c, t, BIG, payee, min(c.day_limit, _p2p_amount(rng, 1500, 0.6)), place)
            else:
                self.add_ev(c, t, BIG, rng.choice(self.national["travel_agency"])[0],
                            min(c.day_limit, _cents(_lognorm(rng, 3800, 0.5))), place)
        if c.olx:  # used goods bought from a stranger (OLX / Marketplace)
            for _ in range(rng.randint(1, 2)):
                d = rng.randint(c.d0, c.d1 - 1)
                h = rng.randint(9, 21)
                self.add_ev(c, self.utc(d, tz, h * HOUR + rng.randint(0, 3599)), P2P, self.pk(),
                            min(c.day_limit, _p2p_amount(rng, 450, 0.8)),
                            self.place_for(c, d, h, c.trip_day.get(d), P2P))
        # January: IPVA (state), IPTU (city hall), school enrolment & material
        for d in range(c.d0, c.d1):
            day = self.cal[d]
            if day["mo"] == 1 and day["dom"] == 12 and c.ipva:
                dd = d + rng.randint(-3, 14)
                if c.d0 <= dd < c.d1:
                    h = self.hour("bills")
                    h = h if 6 <= h < 20 else 10
                    self.add_ev(c, self.utc(dd, tz, h * HOUR + rng.randint(0, 3599)), BILL,
                                self.state_payees[c.city.uf]["sefaz"],
                                min(c.day_limit, _cents(_lognorm(rng, 1700, 0.6))),
                                self.place_for(c, dd, h, c.trip_day.get(dd), BILL))
            if day["mo"] == 2 and day["dom"] == 5 and c.iptu:
                dd = d + rng.randint(-2, 8)
                if c.d0 <= dd < c.d1:
                    h = rng.randint(8, 19)
                    self.add_ev(c, self.utc(dd, tz, h * HOUR + rng.randint(0, 3599)), BILL, c.city.prefeitura,
                                min(c.day_limit, _cents(_lognorm(rng, 1200, 0.7))),
                                self.place_for(c, dd, h, c.trip_day.get(dd), BILL))
            if day["mo"] == 1 and day["dom"] == 20 and c.has_school:
                dd = d + rng.randint(-10, 12)
                if c.d0 <= dd < c.d1:
                    h = rng.randint(9, 19)
                    t = self.utc(dd, tz, h * HOUR + rng.randint(0, 3599))
                    self.add_ev(c, t, BIG, c.school, min(c.day_limit, _cents(round(_lognorm(rng, 1100, 0.4)))),
                                self.place_for(c, dd, h, c.trip_day.get(dd), BILL))
                    mer = self.merchants[rng.choice(c.city.merch)]
                    self.add_ev(c, t + rng.uniform(1, 9) * DAY, QR, mer[0], _cents(_lognorm(rng, 450, 0.5)),
                                self.merchant_place(mer))

    # ---------------------------------------------------------- network
    def home_ip(self, c, t, dev_id):
        rng = self.rng
        isp = c.isp
        if c.home_v6 and rng.random() < 0.85:
            ep = int((t + c.ip_phase) // c.v6_epoch)
            key = ("p", ep)
            pre = c.homeips.get(key)
            if pre is None:
                pre = "{}:{:x}:{:x}".format(isp["v6"], rng.getrandbits(16), rng.getrandbits(8) << 8)
                c.homeips[key] = pre
            dkey = (dev_id, int(t // DAY))
            iid = c.v6cache.get(dkey)
            if iid is None:
                iid = f"{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}"
                c.v6cache[dkey] = iid
            return pre + ":" + iid
        ep = int((t + c.ip_phase) // c.ip_epoch)
        ip = c.homeips.get(ep)
        if ip is None:
            if isp["cg_pool"]:
                ip = rng.choice(isp["cg_pool"]) + str(rng.randint(1, 254))
            else:
                ip = f"{rng.choice(isp['v4'])}{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            c.homeips[ep] = ip
        return ip

    def mobile_ip(self, c, t, city, carrier=None, v6=None):
        rng = self.rng
        lm = c.last_mob
        if lm is not None and t - lm[0] < 2700 and lm[2] is city:
            c.last_mob = (t, lm[1], city)
            return lm[1]
        car = carrier or c.carrier
        use6 = (c.mob_v6 if v6 is None else v6) and rng.random() < 0.9
        if use6:
            ip = CARRIERS[car][1] + "".join(f":{rng.getrandbits(16):x}" for _ in range(6))
        else:
            ip = rng.choice(self.mobpool[(car, city.uf)]) + str(rng.randint(1, 254))
        c.last_mob = (t, ip, city)
        return ip

    def pick_dev(self, c, t, ptype):
        segs = c.devs
        if len(segs) == 1:
            s = segs[0]
            return s[2] if s[0] <= t < s[1] else None
        act = [s for s in segs if s[0] <= t < s[1] and (not s[2].tablet or ptype == HOME)]
        if not act:
            return None
        if len(act) == 1:
            return act[0][2]
        tot = sum(s[3] for s in act)
        r = self.rng.random() * tot
        for s in act:
            r -= s[3]
            if r <= 0:
                return s[2]
        return act[-1][2]

    def context(self, c, t, kind, place, fr):
        """-> (channel, ip, device_id, user_agent, lat, lon, city) or None."""
        rng = self.rng
        if kind == AUTO:
            return ("", "", "", "", "", "", "")
        ptype, city, plat, plon = place
        force_dev = fr[3] if fr else None
        netmode = fr[4] if fr else 0
        if force_dev is None and c.webs and ptype in (HOME, WORK) and kind != QR and (
                c.web_only or rng.random() < c.web_share):
            br = None
            for s in c.webs:
                if s[0] <= t < s[1]:
                    br = s[2]
            if br is not None and (ptype == HOME or c.employer or c.web_only):
                if ptype == HOME:
                    ip = self.home_ip(c, t, br.fp)
                else:
                    ip = c.employer or self.home_ip(c, t, br.fp)
                dev = br.fp if rng.random() > 0.04 else ""
                cname = city.name if rng.random() < 0.9 else city.hub
                return ("web", ip, dev, self.browser_ua(br, t), "", "", cname)
        if c.web_only:
            return None
        dev = force_dev or self.pick_dev(c, t, ptype)
        if dev is None:
            return None
        ua = self.app_ua(dev, t)
        wifi = False
        if netmode == 0:
            u = rng.random()
            if ptype == HOME and c.isp is not None and u < c.wifi_p:
                ip, wifi = self.home_ip(c, t, dev.id), True
            elif ptype == WORK and c.employer and u < c.work_wifi_p:
                ip, wifi = c.employer, True
            elif ptype == HOTEL and u < 0.4 or ptype in (MERCH, OUT) and u < 0.03:
                ip, wifi = rng.choice(city.pubwifi), True
            else:
                ip = self.mobile_ip(c, t, city)
        else:
            ip = self.mobile_ip(c, t, city)
        if dev.tablet and not wifi:
            ip, wifi = (self.home_ip(c, t, dev.id), True) if c.isp else (ip, False)
        lat = lon = ""
        if c.loc_perm and rng.random() < 0.93:
            if c.loc_coarse:
                la, lo = _gpoint(rng, plat, plon, 1.2)
                lat, lon = f"{la:.3f}", f"{lo:.3f}"
            else:
                sig = 0.03 if ptype in (MERCH, VENUE) else 0.05
                la, lo = _gpoint(rng, plat, plon, sig)
                lat, lon = f"{la:.5f}", f"{lo:.5f}"
            cname = city.name
        else:
            u = rng.random()
            if wifi:
                cname = city.name if u < 0.9 else city.hub
            else:
                cname = city.hub if u < 0.6 else city.name if u < 0.93 else ""
        return ("mobile", ip, dev.id, ua, lat, lon, cname)

    def materialize(self, c):
        evs = c.evs
        evs.sort(key=lambda e: e[0])
        rows = self.rows
        cid = c.id
        for t, kind, payee, cents, place, fr in evs:
            ctx = self.context(c, t, kind, place, fr)
            if ctx is None:
                continue
            if fr is None:
                rows.append((t, cid, cents, ctx, payee, 0, None, ""))
            else:
                rows.append((t, cid, cents, ctx, payee, 1, fr[1], fr[0]))
        c.evs = []

    # ------------------------------------------------------------ fraud
    def _n_cases(self, base, minimum=0):
        x = base * self.scale
        n = int(x)
        if self.rng.random() < x - n:
            n += 1
        return max(minimum, n)

    def mules_at(self, t, k, exclude=None):
        rng = self.rng
        act = [m for m in self.mule_pool if m.start <= t < m.end and m.w <= m.cap and m.pk != exclude]
        out = []
        for _ in range(k):
            if not act or rng.random() < max(0.25, 1.0 / (1 + len(act))):
                m = Mule(self.pk(), t - rng.uniform(0, 6) * DAY, t + rng.uniform(3, 30) * DAY,
                         rng.choice((1, 2, 2, 3, 4, 6, 9)))
                self.mule_pool.append(m)
                act.append(m)
            else:
                tot = sum(x.w for x in act)
                r = rng.random() * tot
                m = act[-1]
                for x in act:
                    r -= x.w
                    if r <= 0:
                        m = x
                        break
            m.w += 1.0
            out.append(m.pk)
        return out

    def pick_day(self, key):
        ws = [self.cal[d][key] for d in range(self.n_days)]
        return self.rng.choices(range(self.n_days), weights=ws)[0]

    def where(self, c, t):
        d = self.day_of(t, c.tz)
        tr = c.trip_day.get(d)
        if tr is not None:
            return tr["city"], tr["hotel"]
        return c.city, c.home

    def pick_victim(self, t, wfun, need_mobile=True, min_hist=5, pool=None):
        rng = self.rng
        pool = pool or self.customers
        cands, ws = [], []
        for _ in range(80):
            c = rng.choice(pool)
            if c.victim or c.web_only and need_mobile:
                continue
            if t < c.t0 + min_hist * DAY or t >= c.t1 - HOUR:
                continue
            if any(a <= t < b for a, b in c.blackouts):
                continue
            if need_mobile and self.pick_dev(c, t, OUT) is None:
                continue
            w = wfun(c)
            if w > 0:
                cands.append(c)
                ws.append(w)
        if not cands:
            return None
        return rng.choices(cands, weights=ws)[0]

    def report_time(self, t_last, median_h, sigma, p_never, floor_h=0.1):
        rng = self.rng
        if rng.random() < p_never:
            return None
        return t_last + max(floor_h, _lognorm(rng, median_h, sigma)) * HOUR

    def plan_fraud(self):
        self.mule_pool = []
        self.plan_mule_accounts()
        self.plan_fake_qr()
        for _ in range(self._n_cases(70, 1)):
            self.case_theft()
        for _ in range(self._n_cases(26)):
            self.case_kidnap()
        for _ in range(self._n_cases(55)):
            self.case_ato()
        for _ in range(self._n_cases(140, 1)):
            self.case_social()

    def _drain(self, c, t, block, mule_k, loan_p, night_frac, big_bias, max_n):
        """Amounts a criminal can move out from time t until the block (thief / kidnapper / ATO)."""
        rng = self.rng
        avail = c.balance + (rng.uniform(1000, 12000) if rng.random() < loan_p else 0)
        mules = self.mules_at(t, mule_k)
        used = {}
        out = []
        while avail >= 50 and t < block and len(out) < max_n:
            h = self.local_hour(t, c.tz)
            night = h >= 20 or h < 6
            pkey = (self.day_of(t - 6 * HOUR, c.tz), night)
            lim = used.setdefault(pkey, (c.night_limit if night else c.day_limit) / 100.0)
            if lim < 20:
                # wait for the day limits (06:00 local) if the phone is still usable
                d = self.day_of(t, c.tz) + (1 if h >= 6 else 0)
                t = self.utc(d, c.tz, 6 * HOUR + rng.randint(60, 5400))
                continue
            x = min(avail, lim)
            if not out and rng.random() < 0.15:
                amt = rng.choice((1.0, 5.0, 10.0, 0.01 * rng.randint(100, 999)))
            elif rng.random() < big_bias:
                amt = x if rng.random() < 0.5 else math.floor(x / 100) * 100 or x
            else:
                amt = max(20.0, round(x * rng.uniform(0.25, 0.8) / 50) * 50)
            amt = round(min(amt, x), 2)
            if amt <= 0:
                break
            out.append((t, rng.choice(mules), _cents(amt)))
            avail -= amt
            used[pkey] = lim - amt
            t += rng.uniform(1.0, 16.0) * MIN
        return out

    def case_theft(self):
        rng = self.rng
        for _ in range(20):
            d = self.pick_day("theft")
            h = self.hour("theft")
            # day of theft in bank time; victims chosen among night-life goers mostly
            t = self.utc(d, -3, h * HOUR + rng.randint(0, 3599))

            def w(c, t=t):
                return ({"young": 3, "adult": 1.5, "senior": .6, "mei": 1, "light": .5}[c.seg]
                        * (2.5 if c.night_p else 1) * (2 if c.trip_day.get(self.day_of(t, c.tz)) else 1))
            c = self.pick_victim(t, w)
            if c:
                break
        else:
            return
        c.victim = "phone_theft"
        dev = self.pick_dev(c, t, OUT)
        if dev.tablet:
            dev = c.devs[0][2]
        city, base = self.where(c, t)
        loc = _ring(rng, base[0], base[1], 1.5, 12)
        lh = self.local_hour(t, c.tz)
        delay = _lognorm(rng, 2.5, 0.9)
        if (lh >= 23 or lh < 5) and rng.random() < 0.4:
            delay += rng.uniform(4, 9)
        block = t + max(0.4, min(36, delay)) * HOUR
        t1 = t + rng.uniform(4, 45) * MIN
        txs = self._drain(c, t1, block, rng.randint(1, 3), 0.3, 0.0, 0.35, 10)
        if not txs:
            txs = [(t1, self.mules_at(t1, 1)[0], _cents(min(c.balance, c.night_limit / 100) or 50))]
        last = txs[-1][0]
        rep = self.report_time(max(last, block), 0.4, 1.0, 0.08)
        fr = ("phone_theft", rep, None, dev, 1)
        for i, (tt, mule, cents) in enumerate(txs):
            loc = _ring(rng, loc[0], loc[1], 0.2, 3 if i else 0.5)
            self.add_ev(c, tt, FRAUD, mule, cents, (AWAY, city, loc[0], loc[1]), fr)
        self._lose_phone(c, t, dev)
        self.case_log.append(("phone_theft", len(txs), rep is not None))

    def _lose_phone(self, c, t, dev):
        rng = self.rng
        gap = rng.uniform(0.5, 9) * DAY
        c.blackouts.append((t, t + gap))
        for s in c.devs:
            if s[2] is dev or s[1] > t and not s[2].tablet:
                s[1] = min(s[1], t)
        newer = rng.random() < 0.3
        nd = self.new_phone(dev.platform if rng.random() < 0.8 else "android", t + gap, newer=newer)
        c.devs.append([t + gap, 1e18, nd, 1.0])

    def case_kidnap(self):
        rng = self.rng
        for _ in range(20):
            d = self.pick_day("theft")
            h = self.hour("kidnap")
            t = self.utc(d, -3, h * HOUR + rng.randint(0, 3599))

            def w(c):
                return {"young": .8, "adult": 2, "senior": 1, "mei": 2, "light": .3}[c.seg] * (c.balance ** 0.3)
            c = self.pick_victim(t, w)
            if c:
                break
        else:
            return
        c.victim = "express_kidnapping"
        dev = self.pick_dev(c, t, OUT)
        if dev.tablet:
            dev = c.devs[0][2]
        city, base = self.where(c, t)
        block = t + rng.uniform(0.6, 3.0) * HOUR
        txs = self._drain(c, t + rng.uniform(5, 30) * MIN, block, rng.randint(1, 2), 0.2, 0, 0.85,
                          rng.choice((1, 2, 2, 3)))
        if not txs:
            tt = t + 15 * MIN
            txs = [(tt, self.mules_at(tt, 1)[0], _cents(min(c.night_limit / 100, max(100, c.balance))))]
        rel = txs[-1][0] + rng.uniform(0.3, 2.5) * HOUR  # victim released
        rep = self.report_time(rel, 3.0, 1.0, 0.12)
        fr = ("express_kidnapping", rep, None, dev, 1)
        loc = _ring(rng, base[0], base[1], 4, 20)
        for tt, mule, cents in txs:
            loc = _ring(rng, loc[0], loc[1], 1, 8)
            self.add_ev(c, tt, FRAUD, mule, cents, (AWAY, city, loc[0], loc[1]), fr)
        if rng.random() < 0.5:
            self._lose_phone(c, rel, dev)
        else:
            c.blackouts.append((t, rel))
        self.case_log.append(("express_kidnapping", len(txs), rep is not None))

    def case_ato(self):
        rng = self.rng
        for _ in range(20):
            d = rng.randrange(self.n_days)
            h = self.hour("ato")
            t = self.utc(d, -3, h * HOUR + rng.randint(0, 3599))

            def w(c):
                return {"young": 1, "adult": 1.2, "senior": 1.8, "mei": 1.3, "light": .8}[c.seg]
            c = self.pick_victim(t, w, need_mobile=False, min_hist=3)
            if c:
                break
        else:
            return
        c.victim = "account_takeover"
        # fraudster's location / network
        uf = "SP" if rng.random() < 0.3 else "RJ" if rng.random() < 0.25 else rng.choice(self.states)
        fcities = [x for x in self.cities if x.uf == uf]
        fcity = rng.choices(fcities, weights=[x.w for x in fcities])[0]
        if fcity is c.city and rng.random() < 0.7:
            fcity = rng.choice(self.cities)
        floc = _gpoint(rng, fcity.lat, fcity.lon, fcity.r / 2)
        web = rng.random() < 0.2
        if web:
            br = self.new_browser()
            dev_id, ua_fn = br.fp, (lambda tt, br=br: self.browser_ua(br, tt))
        else:
            fd = self.new_phone("android" if rng.random() < 0.9 else "ios", t - rng.uniform(0, 2) * HOUR)
            fd.lag = 0
            if fd.platform == "android" and rng.random() < 0.08:
                fd.model = rng.choice(("sdk_gphone64_x86_64", "SM-G988N", "ASUS_I005DA"))
            dev_id, ua_fn = fd.id, (lambda tt, fd=fd: self.app_ua(fd, tt))
        mode = rng.choices(("mobile", "residential", "vpn"), weights=(40, 40, 20))[0]
        car = rng.choice([x for x in CARRIERS])
        lst, cw = self.isps[fcity.uf]
        fisp = lst[bisect.bisect_right(cw, rng.random() * cw[-1])]
        fake = Customer()
        fake.last_mob = None
        fake.mob_v6 = rng.random() < 0.5
        fake.carrier = car
        loc_known = (not web) and rng.random() < 0.45
        block = t + max(0.5, _lognorm(rng, 7, 1.0)) * HOUR
        txs = self._drain(c, t + rng.uniform(2, 40) * MIN, block, rng.randint(1, 3), 0.35, 0, 0.6, 7)
        if not txs:
            tt = t + 10 * MIN
            txs = [(tt, self.mules_at(tt, 1)[0], _cents(max(100, min(c.balance, c.day_limit / 100))))]
        if rng.random() < 0.2 and len(txs) > 1:  # cash-out through a crypto broker
            tt, _m, cents = txs[-1]
            txs[-1] = (tt, rng.choice(self.national["crypto"])[0], cents)
        rep = self.report_time(max(txs[-1][0], block), 1.0, 1.0, 0.08)
        vpn_ip = "{}.{}.{}.{}".format(*rng.choice(DATACENTER), rng.randint(1, 254))
        for tt, payee, cents in txs:
            if mode == "mobile":
                ip = self.mobile_ip(fake, tt, fcity, carrier=car, v6=fake.mob_v6)
            elif mode == "residential":
                ip = f"{rng.choice(fisp['v4'])}{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            else:
                ip = vpn_ip
            if loc_known:
                la, lo = _gpoint(rng, floc[0], floc[1], 0.05)
                lat, lon, cname = f"{la:.5f}", f"{lo:.5f}", fcity.name
            else:
                lat = lon = ""
                cname = fcity.hub if rng.random() < 0.7 else (fcity.name if mode != "vpn" else "")
            ctx = ("web" if web else "mobile", ip, dev_id, ua_fn(tt), lat, lon, cname)
            self.rows.append((tt, c.id, cents, ctx, payee, 1, rep, "account_takeover"))
        # after the report many victims re-register the app (new installation id)
        if rep is not None and rng.random() < 0.5 and c.devs:
            for s in c.devs:
                if s[0] <= rep < s[1] and not s[2].tablet:
                    tt = rep + rng.uniform(0.1, 2) * DAY
                    nd = self._clone_dev(s[2], tt)
                    s[1] = tt
                    c.devs.append([tt, 1e18, nd, 1.0])
                    break
        self.case_log.append(("account_takeover", len(txs), rep is not None))

    def case_social(self):
        rng = self.rng
        kind = rng.choices(("fake_relative", "fake_sale", "task_scam"), weights=(45, 35, 20))[0]
        for _ in range(20):
            d = rng.randrange(self.n_days)
            date = self.cal[d]["date"]
            if kind == "fake_sale" and date.month not in (11, 12) and rng.random() < 0.4:
                continue  # fake shops cluster around Black Friday and Christmas
            h = self.hour("day")
            t = self.utc(d, -3, h * HOUR + rng.randint(0, 3599))
            segw = {"fake_relative": {"young": .3, "adult": 1, "senior": 3.5, "mei": 1, "light": .8},
                    "fake_sale": {"young": 1.5, "adult": 1.2, "senior": .6, "mei": 1, "light": .7},
                    "task_scam": {"young": 2.5, "adult": 1, "senior": .3, "mei": .5, "light": 1}}[kind]
            c = self.pick_victim(t, lambda c, segw=segw: segw[c.seg], min_hist=2)
            if c:
                break
        else:
            return
        c.victim = "social_engineering"
        mule = self.mules_at(t, 1)[0]
        d = self.day_of(t, c.tz)
        h = self.local_hour(t, c.tz)
        place = self.place_for(c, d, h, c.trip_day.get(d), P2P)
        txs = []
        if kind == "fake_relative":
            amt = round(_lognorm(rng, 1200, 0.6), rng.choice((-2, -1, 0, 2)))
            txs.append((t, mule, amt))
            if rng.random() < 0.45:
                m2 = mule if rng.random() < 0.6 else self.mules_at(t, 1)[0]
                txs.append((t + rng.uniform(8, 90) * MIN, m2, round(_lognorm(rng, 900, 0.5), -1)))
                if rng.random() < 0.25:
                    txs.append((txs[-1][0] + rng.uniform(10, 60) * MIN, m2, round(_lognorm(rng, 700, 0.5), -1)))
        elif kind == "fake_sale":
            amt = round(_lognorm(rng, 650, 0.7), rng.choice((-1, 0, 2)))
            txs.append((t, mule, amt))
            if rng.random() < 0.3:  # "frete" / "taxa de liberacao"
                txs.append((t + rng.uniform(0.5, 30) * HOUR, mule, round(_lognorm(rng, 180, 0.5), 2)))
        else:  # task scam: escalating deposits
            amt = rng.choice((30, 50, 80, 100, 150))
            n = rng.randint(2, 5)
            tt = t
            for _ in range(n):
                txs.append((tt, mule, float(amt)))
                tt += rng.uniform(0.3, 26) * HOUR
                amt = round(amt * rng.uniform(1.8, 3.5), -1)
        fixed = []
        for tt, m, amt in txs:
            if tt >= self.end_ts - 60:
                break
            cents = min(_cents(max(10, amt)), c.day_limit)
            lh = self.local_hour(tt, c.tz)
            if lh >= 20 or lh < 6:
                cents = min(cents, c.night_limit)
            fixed.append((tt, m, cents))
        if not fixed:
            fixed = [(t, mule, _cents(300))]
        rep = self.report_time(fixed[-1][0], 40, 1.0, 0.3, floor_h=0.5)
        for tt, m, cents in fixed:
            dd = self.day_of(tt, c.tz)
            pl = place if abs(tt - t) < 2 * HOUR else self.place_for(c, dd, self.local_hour(tt, c.tz),
                                                                      c.trip_day.get(dd), P2P)
            self.add_ev(c, tt, FRAUD, m, cents, pl, ("social_engineering", rep, None, None, 0))
        self.case_log.append(("social_engineering", len(fixed), rep is not None))

    def plan_fake_qr(self):
        rng = self.rng
        n = self._n_cases(7)
        for _ in range(n):
            sticker = rng.random() < 0.65
            if sticker:
                cities = [x for x in self.cities if len(x.customers) >= 12]
                if not cities:
                    continue
                city = rng.choices(cities, weights=[len(x.customers) for x in cities])[0]
                d = rng.choices(range(self.n_days),
                                weights=[(3 if x["carnival"] else 1.5 if x["we"] else 1) *
                                         (1.5 if x["mo"] == 12 else 1) for x in self.cal[:self.n_days]])[0]
                t0 = self.utc(d, city.tz, rng.randint(7, 14) * HOUR)
                t1 = t0 + rng.uniform(4, 30) * HOUR
                real = self.merchants[city.merch[bisect.bisect_right(city.mcum, rng.random() * city.mcum[-1])]]
                cat = real[1] if real[1] in ("ambulante", "lanchonete", "feira", "bar", "padaria") else "ambulante"
                med = MCAT[cat][2]
                k = max(3, int(rng.uniform(12, 40) * min(1.0, len(city.customers) / 300.0)))
                pool = city.customers
                lat, lon = real[2], real[3]
            else:
                d = rng.choices(range(self.n_days),
                                weights=[3 if (x["mo"] == 11 and x["dom"] >= 20) or (x["mo"] == 12 and x["dom"] < 24)
                                         else 2 if x["carnival"] else 1 for x in self.cal[:self.n_days]])[0]
                t0 = self.utc(d, -3, rng.randint(8, 20) * HOUR)
                t1 = t0 + rng.uniform(1, 4) * DAY
                k = max(3, int(rng.uniform(10, 30) * min(1.0, self.scale ** 0.5)))
                pool = self.customers
                med = rng.choice((120, 180, 250, 400))
            payee = self.pk()
            self.mule_pool.append(Mule(payee, t0, t1 + 20 * DAY, 3))
            t_detect = t1 + rng.uniform(0.5, 5) * DAY
            n_rows = 0
            reported = 0
            for _ in range(k):
                t = t0 + rng.random() * (t1 - t0)
                if sticker and not 7 <= self.local_hour(t, city.tz) < 22:
                    continue
                c = self.pick_victim(t, lambda c: 1.0, min_hist=1, pool=pool)
                if c is None:
                    continue
                c.victim = "fake_qr_merchant"
                if sticker:
                    x = _lognorm(rng, med, 0.6)
                    cents = _cents(max(3, round(x)) if rng.random() < 0.6 else x)
                    place = (MERCH, city, lat, lon)
                else:
                    cents = _cents(_lognorm(rng, med, 0.5))
                    d2 = self.day_of(t, c.tz)
                    place = self.place_for(c, d2, self.local_hour(t, c.tz), c.trip_day.get(d2), ONL)
                cents = min(cents, c.day_limit)
                if rng.random() < 0.27:
                    rep = None
                else:
                    rep = max(t + HOUR, t_detect + rng.uniform(0, 6) * DAY) if sticker else \
                        t + max(2, _lognorm(rng, 9, 0.5)) * DAY
                    reported += 1
                self.add_ev(c, t, FRAUD, payee, cents, place, ("fake_qr_merchant", rep, None, None, 0))
                n_rows += 1
            if n_rows:
                self.case_log.append(("fake_qr_merchant", n_rows, reported > 0))

    def plan_mule_accounts(self):
        rng = self.rng
        n = self.n_mule_accounts
        if n <= 0:
            return
        ids = self.cust_ids[len(self.customers):]
        farm = None
        farm_left = 0
        for k in range(n):
            cid = f"c-{ids[k]}"
            city = self.cities[bisect.bisect_right(self.city_cum, rng.random() * self.city_cum[-1])]
            d0 = rng.randint(min(3, self.n_days - 3), max(3, self.n_days - 6))
            t_on = self.utc(d0, city.tz, rng.randint(8, 22) * HOUR)
            if farm_left <= 0:
                fd = self.new_phone("android", t_on - 30 * DAY)
                fd.lag = 0
                farm = (fd, city, rng.random() < 0.6, "{}{}".format(rng.choice(self.mobpool[("vivo", city.uf)]),
                                                                  rng.randint(1, 254)))
                farm_left = rng.choice((1, 1, 2, 3, 4))
            farm_left -= 1
            fd, fcity, shared_ip, farm_ip = farm
            city = fcity
            span = min(20.0, max(1.0, _lognorm(rng, 5, 0.6))) * DAY
            first = t_on + rng.uniform(0.1, 3) * DAY
            block = first + span
            rep = self.report_time(block, 2, 0.8, 0.2)
            # the account's own key receives victims' money while it is active
            own = self.pk()
            layer2 = self.mules_at(first, rng.randint(1, 4))
            self.mule_pool.append(Mule(own, first, block, rng.randint(2, 8)))
            home = _gpoint(rng, city.lat, city.lon, city.r / 1.6)
            loc_known = rng.random() < 0.4
            fake = Customer()
            fake.last_mob = None
            fake.mob_v6 = rng.random() < 0.5
            fake.carrier = rng.choice(list(CARRIERS))
            day_limit, night_limit = 5000.0, 1000.0
            evs = []
            if rng.random() < 0.4:  # warm-up purchases
                for _ in range(rng.randint(1, 3)):
                    mer = self.merchants[rng.choice(city.merch)]
                    evs.append((first - rng.uniform(2, 40) * HOUR, mer[0], _cents(_lognorm(rng, mer[5], 0.4)),
                                (mer[2], mer[3])))
            t = first
            while t < block and t < self.end_ts - 60:
                dd = self.day_of(t, city.tz)
                nday = rng.randint(1, 5)
                used = {}
                for _ in range(nday):
                    h = self.hour("mule")
                    tt = self.utc(dd, city.tz, h * HOUR + rng.randint(0, 3599))
                    if tt < first or tt >= block or tt >= self.end_ts - 60:
                        continue
                    night = h >= 20 or h < 6
                    lim = used.setdefault(night, night_limit if night else day_limit)
                    if lim < 50:
                        continue
                    u = rng.random()
                    if u < 0.6:
                        payee = rng.choice(layer2)
                    elif u < 0.85:
                        payee = rng.choice(self.national["crypto"])[0]
                    else:
                        payee = rng.choice(self.national["bets"])[0]
                    amt = min(lim, _lognorm(rng, 900, 0.9))
                    if rng.random() < 0.4:
                        amt = max(50, math.floor(amt / 50) * 50)
                    used[night] = lim - amt
                    evs.append((tt, payee, _cents(amt), None))
                t = self.utc(dd + 1 + (rng.random() < 0.4) + (rng.random() < 0.2), city.tz, 0)
            evs.sort(key=lambda e: e[0])
            ip_day = {}
            for tt, payee, cents, mloc in evs:
                if tt < self.base:
                    continue
                if shared_ip and rng.random() < 0.7:
                    ip = farm_ip
                else:
                    dk = int(tt // DAY)
                    ip = ip_day.get(dk) or self.mobile_ip(fake, tt, city, carrier=fake.carrier, v6=fake.mob_v6)
                    ip_day[dk] = ip
                if mloc is not None:
                    la, lo = _gpoint(rng, mloc[0], mloc[1], 0.03)
                    lat, lon, cname = f"{la:.5f}", f"{lo:.5f}", city.name
                elif loc_known:
                    la, lo = _gpoint(rng, home[0], home[1], 0.05)
                    lat, lon, cname = f"{la:.5f}", f"{lo:.5f}", city.name
                else:
                    lat = lon = ""
                    cname = city.hub if rng.random() < 0.6 else city.name
                r = rep if rep is None or rep >= tt else tt + HOUR
                ctx = ("mobile", ip, fd.id, self.app_ua(fd, tt), lat, lon, cname)
                self.rows.append((tt, cid, cents, ctx, payee, 1, r, "mule_account"))
            if evs:
                self.case_log.append(("mule_account", sum(1 for e in evs if e[0] >= self.base), rep is not None))

    # ------------------------------------------------------------ run
    def generate(self):
        self.build_calendar()
        self.build_infra()
        self.build_customers()
        self.plan_fraud()
        for c in self.customers:
            self.plan_genuine(c)
            self.materialize(c)
        rows = [r for r in self.rows if self.base <= r[0] < self.end_ts]
        rows.sort(key=lambda r: (r[0], r[1]))
        return rows


def _iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(t)))


def write_csv(rows, out, seed):
    rng = random.Random(seed * 7919 + 17)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    seen = set()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for r in rows:
        t, cid, cents, ctx, payee, fraud, rep, scen = r
        ts = _iso(t)
        while True:  # Pix end-to-end id: E + ISPB + yyyyMMddHHmm + 11 chars
            n = rng.getrandbits(58) % 131621703842267136  # 36 ** 11
            tail = []
            for _ in range(11):
                n, k = divmod(n, 36)
                tail.append(alphabet[k])
            tid = "E99912345" + ts[0:4] + ts[5:7] + ts[8:10] + ts[11:13] + ts[14:16] + "".join(tail)
            if tid not in seen:
                seen.add(tid)
                break
        ch, ip, dev, ua, lat, lon, city = ctx
        repd = ""
        if fraud and rep is not None:
            repd = _iso(max(int(rep), int(t)))
        w.writerow((tid, cid, ts, "{}.{:02d}".format(*divmod(cents, 100)), CURRENCY, ch, ip, dev, ua, lat, lon,
                    "BR", city, payee, fraud, repd, scen))
    data = buf.getvalue().encode("utf-8")
    if out.endswith(".gz"):
        with open(out, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0,
                                                  compresslevel=6) as g:
            g.write(data)
    else:
        with open(out, "wb") as f:
            f.write(data)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.pix", description="Synthetic Pix payment history (Brazilian digital bank).")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=6000)
    ap.add_argument("--days", type=int, default=110)
    ap.add_argument("--start", default="2025-11-10")
    ap.add_argument("--out", default="world-pix.csv.gz")
    a = ap.parse_args(argv)
    t0 = time.time()
    w = PixWorld(a.seed, a.customers, a.days, a.start)
    rows = w.generate()
    write_csv(rows, a.out, a.seed)
    nf = sum(r[5] for r in rows)
    by = {}
    for r in rows:
        if r[5]:
            by[r[7]] = by.get(r[7], 0) + 1
    scen = ", ".join(f"{k}={v}" for k, v in sorted(by.items()))
    print(f"pix: {len(rows)} rows, {len({r[1] for r in rows})} customers, {nf} fraud rows "
          f"({100.0 * nf / max(1, len(rows)):.3f}%), {scen}, {time.time() - t0:.1f}s -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
