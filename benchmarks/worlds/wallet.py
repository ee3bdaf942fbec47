#!/usr/bin/env python3
"""Synthetic P2P mobile-wallet / neobank payment history with labelled fraud.

stdlib + numpy, seeded. Written independently of riskgate (by someone who had not read its code) to
check the scorer on a world it was not built for; docs/worlds.md describes it.

    python -m benchmarks.worlds.wallet --seed 7 --customers 4000 --days 90 --out world-wallet.csv.gz
"""
import argparse
import bisect
import csv
import datetime as dt
import gzip
import math
import random
from itertools import accumulate

import numpy as np

START = dt.datetime(2024, 3, 4, tzinfo=dt.timezone.utc)
T0 = START.timestamp()
DAY, HOUR, MIN = 86400.0, 3600.0, 60.0
FX = {'GBP': 1.0, 'EUR': 1.17, 'USD': 1.27}          # currency units per 1 GBP
HEADER = ['transaction_id', 'customer_id', 'timestamp', 'amount', 'currency', 'channel', 'ip',
          'device_id', 'user_agent', 'lat', 'lon', 'country', 'city', 'payee_id', 'is_fraud',
          'fraud_reported_at', 'scenario']

# country -> (currency, share of users, cities [(name, lat, lon, utc offset h, weight)])
GEO = {
    'GB': ('GBP', .30, [('London', 51.507, -0.128, 0, .55), ('Manchester', 53.480, -2.243, 0, .2),
                        ('Edinburgh', 55.953, -3.188, 0, .1), ('Bristol', 51.454, -2.588, 0, .15)]),
    'IE': ('EUR', .04, [('Dublin', 53.350, -6.260, 0, 1)]),
    'DE': ('EUR', .12, [('Berlin', 52.520, 13.405, 1, .5), ('Munich', 48.137, 11.575, 1, .3),
                        ('Hamburg', 53.551, 9.993, 1, .2)]),
    'FR': ('EUR', .10, [('Paris', 48.857, 2.352, 1, .7), ('Lyon', 45.764, 4.835, 1, .3)]),
    'ES': ('EUR', .08, [('Madrid', 40.417, -3.704, 1, .5), ('Barcelona', 41.385, 2.173, 1, .5)]),
    'NL': ('EUR', .06, [('Amsterdam', 52.370, 4.895, 1, .7), ('Rotterdam', 51.924, 4.478, 1, .3)]),
    'IT': ('EUR', .06, [('Milan', 45.464, 9.190, 1, .6), ('Rome', 41.903, 12.496, 1, .4)]),
    'PT': ('EUR', .03, [('Lisbon', 38.722, -9.139, 0, .7), ('Porto', 41.158, -8.629, 0, .3)]),
    'US': ('USD', .21, [('New York', 40.713, -74.006, -5, .4), ('San Francisco', 37.775, -122.419, -8, .2),
                        ('Austin', 30.267, -97.743, -6, .15), ('Chicago', 41.878, -87.630, -6, .25)]),
    # travel / nomad destinations (nobody is registered there)
    'TH': (None, 0, [('Bangkok', 13.756, 100.502, 7, .6), ('Chiang Mai', 18.788, 98.985, 7, .4)]),
    'ID': (None, 0, [('Denpasar', -8.650, 115.216, 8, 1)]),
    'MX': (None, 0, [('Mexico City', 19.433, -99.133, -6, .6), ('Playa del Carmen', 20.629, -87.073, -5, .4)]),
    'GE': (None, 0, [('Tbilisi', 41.716, 44.783, 4, 1)]),
    'TR': (None, 0, [('Istanbul', 41.008, 28.978, 3, 1)]),
    'AE': (None, 0, [('Dubai', 25.204, 55.270, 4, 1)]),
    'ZA': (None, 0, [('Cape Town', -33.925, 18.424, 2, 1)]),
    'CO': (None, 0, [('Medellin', 6.244, -75.581, -5, 1)]),
    # places fraudsters operate from
    'NG': (None, 0, [('Lagos', 6.524, 3.379, 1, 1)]),
    'RO': (None, 0, [('Bucharest', 44.427, 26.103, 2, 1)]),
    'VN': (None, 0, [('Hanoi', 21.028, 105.834, 7, 1)]),
    'BR': (None, 0, [('Sao Paulo', -23.550, -46.633, -3, 1)]),
    'RU': (None, 0, [('Moscow', 55.756, 37.617, 3, 1)]),
}
HOME = [c for c in GEO if GEO[c][1] > 0]
TRAVEL = HOME + ['TH', 'ID', 'MX', 'GE', 'TR', 'AE', 'ZA', 'CO']
NOMAD = ['PT', 'ES', 'TH', 'ID', 'MX', 'GE', 'CO', 'TR', 'IT', 'DE', 'NL', 'ZA', 'AE']
FRAUD_C = ['NG', 'RO', 'VN', 'BR', 'RU']
VPN_C = ['NL', 'SE', 'CH', 'US', 'DE', 'GB', 'RO', 'SG']
OCTETS = [2, 5, 24, 31, 37, 41, 46, 47, 50, 62, 64, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78,
          79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 102, 104,
          105, 107, 108, 109, 113, 116, 151, 154, 176, 177, 178, 179, 181, 185, 186, 188, 189, 193,
          194, 195, 197, 201, 212, 213, 217]

# merchant categories: median amount (GBP), sigma, scope, channel, weight in discretionary spend
CATS = {
    'groceries': (21, .6, 'local', 'pos', .20), 'restaurants': (27, .5, 'local', 'pos', .15),
    'coffee': (4.2, .3, 'local', 'pos', .14), 'transport': (3.4, .5, 'local', 'pos', .12),
    'entertainment': (24, .6, 'local', 'pos', .07), 'electronics': (170, .8, 'local', 'pos', .015),
    'utilities': (45, .4, 'local', 'ecom', .03), 'ride_hailing': (14, .5, 'global', 'ecom', .07),
    'online_retail': (34, .8, 'global', 'ecom', .11), 'travel': (150, .8, 'global', 'ecom', .025),
    'gift_cards': (50, .5, 'global', 'ecom', .01), 'subscriptions': (10, .4, 'global', 'ecom', 0),
    'crypto_exchange': (150, 1.0, 'global', 'ecom', 0), 'investment': (250, .9, 'global', 'ecom', 0),
}
DISC = [c for c in CATS if CATS[c][4] > 0]
DISC_CUM = list(accumulate(CATS[c][4] for c in DISC))
HOUR_W = [.5, .3, .15, .08, .07, .15, .5, 1.3, 2.2, 2.3, 2.4, 3, 4, 3.4, 2.8, 2.8, 3, 3.8, 4.4, 4.5, 4,
          3.2, 2.2, 1.1]
HOUR_CUM = list(accumulate(HOUR_W))
IOS = [('iPhone13,2', '16.7'), ('iPhone14,5', '17.3'), ('iPhone14,7', '17.4'), ('iPhone15,2', '17.4'),
       ('iPhone15,4', '17.5'), ('iPhone16,1', '17.5'), ('iPhone12,1', '16.7')]
ANDROID = [('SM-S911B', '14'), ('SM-A546B', '14'), ('SM-A145R', '13'), ('Pixel 7', '14'), ('Pixel 8', '14'),
           ('M2101K6G', '13'), ('CPH2449', '14'), ('moto g54 5G', '13'), ('2201117TG', '12')]
WEB = ['Windows NT 10.0; Chrome/122', 'Macintosh; Mac OS X 14_3; Safari/17.3', 'Windows NT 10.0; Edg/122',
       'Macintosh; Mac OS X 13_6; Chrome/121', 'X11; Linux x86_64; Firefox/123']


class W:
    """Everything needed while generating (random source, geography, IP pools, merchants, users)."""

    def __init__(self, seed, n, days):
        self.R = random.Random(seed)
        self.NP = np.random.default_rng(seed)
        self.N, self.D, self.END = n, days, T0 + days * DAY
        self.rows = []
        self.used = set()
        self._ips()
        self._merchants()

    # ---------------- helpers
    def hexid(self, k=16):
        return f'{self.R.getrandbits(4 * k):0{k}x}'

    def logn(self, median, sigma):
        return median * math.exp(sigma * self.R.gauss(0, 1))

    def hour(self):
        return bisect.bisect(HOUR_CUM, self.R.random() * HOUR_CUM[-1]) + self.R.random()

    def city(self, c):
        cs = GEO[c][2]
        return self.R.choices(cs, [x[4] for x in cs])[0]

    # ---------------- IP space
    def _prefix(self):
        while True:
            p = (self.R.choice(OCTETS), self.R.randrange(256))
            if p not in self.used:
                self.used.add(p)
                return p

    def _addr(self, p):
        return f'{p[0]}.{p[1]}.{self.R.randrange(256)}.{self.R.randrange(1, 255)}'

    def _ips(self):
        self.carrier, self.bb = {}, {}
        for c in list(GEO) + ['SE', 'CH', 'SG']:
            # carriers NAT many subscribers behind a small pool of public addresses (CGNAT)
            self.carrier[c] = [[self._addr(p) for _ in range(40)] for p in [self._prefix() for _ in range(3)]]
            self.bb[c] = [self._prefix() for _ in range(4)]
        self.vpn = [(self._addr(self._prefix()), c) for c in VPN_C for _ in range(3) for _ in range(8)]

    def cgnat(self, c, k=None):
        pools = self.carrier[c]
        return self.R.choice(pools[self.R.randrange(3) if k is None else k]), c

    def wifi(self, c):
        return self._addr(self.R.choice(self.bb[c])), c

    # ---------------- merchants
    def _merchants(self):
        R = self.R
        ids = iter(R.sample(range(1, 20000), 6000))
        self.mcat, self.local, self.glob = {}, {}, {}
        local_n = {'groceries': 6, 'restaurants': 12, 'coffee': 6, 'transport': 2, 'entertainment': 4,
                   'electronics': 2, 'utilities': 3}
        glob_n = {'ride_hailing': 3, 'online_retail': 15, 'travel': 6, 'gift_cards': 3, 'subscriptions': 12,
                  'crypto_exchange': 4, 'investment': 4}
        for c in TRAVEL:
            self.local[c] = {}
            for cat, k in local_n.items():
                self.local[c][cat] = [f'wl-m{next(ids)}' for _ in range(k)]
                for m in self.local[c][cat]:
                    self.mcat[m] = cat
        for cat, k in glob_n.items():
            self.glob[cat] = [f'wl-m{next(ids)}' for _ in range(k)]
            for m in self.glob[cat]:
                self.mcat[m] = cat
        self.sub_price = {m: R.choice([4.99, 5.99, 7.99, 9.99, 10.99, 11.99, 14.99, 17.99])
                          for m in self.glob['subscriptions']}
        # fake "investment platforms" that only scam victims ever pay
        self.fake_invest = [f'wl-m{next(ids)}' for _ in range(3)]
        for m in self.fake_invest:
            self.mcat[m] = 'investment'
        self.cashout = self.glob['crypto_exchange'] + self.glob['gift_cards']

    def merchant(self, u, c, at_base, cat):
        if CATS[cat][2] == 'global':
            return self.R.choice(self.glob[cat])
        if at_base and cat in u.fav and self.R.random() < .75:
            return self.R.choice(u.fav[cat])
        return self.R.choice(self.local[c][cat])

    # ---------------- users
    def phone(self, android=None, latest=False, emulator=False):
        R = self.R
        android = R.random() < .45 if android is None else android
        if emulator:
            model, osv = 'sdk_gphone64_x86_64', '13'
        else:
            model, osv = R.choice(ANDROID if android else IOS)
        return {'dev': self.hexid(), 'os': 'Android' if android else 'iOS', 'model': model, 'osv': osv,
                'lag': 0 if latest else (R.uniform(0, 3) if R.random() < .7 else
                                         R.uniform(3, 25) if R.random() < .85 else 70)}

    @staticmethod
    def ua(ph, d):
        k = max(0, int((d - ph['lag'] + 30) // 14))
        return f"Wallet/6.{k + 10}.{k % 3} ({ph['os']} {ph['osv']}; {ph['model']})"

    @staticmethod
    def webua(plat, d):
        return f'WalletWeb/24.{(d + 9) // 7 + 10} ({plat})'

    def make_users(self):
        R, D = self.R, self.D
        ids = R.sample(range(100, 100 + self.N * 25), self.N)
        self.users = []
        for i in range(self.N):
            u = type('U', (), {})()
            u.i, u.cid = i, f'wl-u{ids[i]}'
            u.c = R.choices(HOME, [GEO[c][1] for c in HOME])[0]
            u.cur = GEO[u.c][0]
            r = R.random()
            u.kind = 'student' if r < .06 else 'nomad' if r < .09 else 'normal'
            u.bc = R.choice([c for c in HOME if c not in (u.c, 'US')]) if u.kind == 'student' else u.c
            u.bcity = self.city(u.bc)
            u.home = (u.bcity[1] + R.gauss(0, .03), u.bcity[2] + R.gauss(0, .04))
            u.work = (u.bcity[1] + R.gauss(0, .015), u.bcity[2] + R.gauss(0, .02))
            r = R.random()
            u.lam = R.uniform(.01, .07) if r < .12 else self.logn(1.7, .35) if r > .92 else self.logn(.5, .55)
            u.start = 0 if R.random() < .9 else R.randrange(max(1, D - 3))
            u.income = self.logn(2100, .45)
            u.phones = [(0, self.phone())]
            if R.random() < .12 * D / 90:
                u.phones.append((R.randrange(1, max(2, D)), self.phone(R.random() < .5 if R.random() < .2
                                                                       else u.phones[0][1]['os'] == 'Android')))
            u.p_web = R.uniform(.05, .5) if R.random() < .12 else 0
            u.webdev, u.webplat = self.hexid(), R.choice(WEB)
            u.p_vpn = R.uniform(.1, .8) if R.random() < (.3 if u.kind == 'nomad' else .07) else 0
            u.loc_off = R.random() < .07
            u.carrier = R.randrange(3)
            u.home_ip = self.wifi(u.bc)
            u.crypto = R.random() < .06
            u.investor = R.random() < .05
            u.fav = {cat: R.sample(self.local[u.bc][cat], min(2, len(self.local[u.bc][cat])))
                     for cat in ('groceries', 'coffee', 'restaurants', 'transport')}
            u.subs = [(m, R.randint(1, 28)) for m in R.sample(self.glob['subscriptions'], R.choice([0, 1, 1, 2, 2, 3, 4]))]
            u.trips = self.itinerary(u)
            u.friends, u.rent = [], None
            self.users.append(u)
        self.friend_graph()

    def itinerary(self, u):
        R, D, trips = self.R, self.D, []
        if u.kind == 'nomad':
            d = 0
            while d < D:
                ln = R.randint(7, 35)
                c = R.choice(NOMAD)
                trips.append((d, d + ln, c, self.city(c)))
                d += ln
            return trips
        if u.kind == 'student' and R.random() < .35:
            d = R.randrange(D)
            trips.append((d, d + R.randint(3, 9), u.c, self.city(u.c)))
        n = (R.random() < .28 * D / 90) + (R.random() < .08 * D / 90)
        for _ in range(n):
            d, ln = R.randrange(D), R.randint(2, 10)
            if any(a - 2 <= d <= b + 2 for a, b, _, _ in trips):
                continue
            if u.bc == 'US' and R.random() < .6:
                c = 'US'
                city = R.choice([x for x in GEO['US'][2] if x[0] != u.bcity[0]])
            else:
                c = R.choice([x for x in TRAVEL if x != u.bc])
                city = self.city(c)
            trips.append((d, d + ln, c, city))
        return trips

    def friend_graph(self):
        R = self.R
        bycity, bycountry = {}, {}
        for u in self.users:
            bycity.setdefault(u.bcity[0], []).append(u.i)
            bycountry.setdefault(u.c, []).append(u.i)
        adj = [set() for _ in self.users]
        for u in self.users:
            k = min(40, 2 + int(R.expovariate(1 / 7)))
            for _ in range(k):
                r = R.random()
                pool = bycity[u.bcity[0]] if r < .75 else bycountry[u.c] if r < .93 else None
                j = R.choice(pool) if pool else R.randrange(self.N)
                if j != u.i:
                    adj[u.i].add(j)
                    adj[j].add(u.i)
        for u in self.users:
            fr = list(adj[u.i])
            R.shuffle(fr)
            u.friends = fr
            u.fcum = list(accumulate(1 / (r + 1) ** .9 for r in range(len(fr))))
            mates = [j for j in fr[:6] if self.users[j].bcity[0] == u.bcity[0] and self.users[j].kind == 'normal']
            if mates and R.random() < .3:
                u.rent = (mates[0], round(self.logn(520, .3) * FX[u.cur]), R.randint(1, 3))
        self.sellers = set(R.sample(range(self.N), max(1, self.N // 100)))

    # ---------------- context of a payment
    def where(self, u, d):
        for a, b, c, city in u.trips:
            if a <= d < b:
                return c, city, False
        return u.bc, u.bcity, True

    def phone_at(self, u, d):
        ph = u.phones[0][1]
        for d0, p in u.phones:
            if d >= d0:
                ph = p
        return ph

    def ctx(self, u, d, hr, web_ok=True):
        """(ip, device, ua, lat, lon, country, city) for a genuine payment of u on day d at local hour hr."""
        R = self.R
        c, city, at_base = self.where(u, d)
        if web_ok and u.p_web and at_base and R.random() < u.p_web:
            dev, ua, loc = u.webdev, self.webua(u.webplat, d), None
        else:
            ph = self.phone_at(u, d)
            dev, ua = ph['dev'], self.ua(ph, d)
            loc = None
            if not u.loc_off and R.random() > .04:
                if at_base:
                    ctr = u.home if (hr < 8.5 or hr > 19) and R.random() < .7 else u.work
                    loc = (ctr[0] + R.gauss(0, .006), ctr[1] + R.gauss(0, .008))
                else:
                    loc = (city[1] + R.gauss(0, .03), city[2] + R.gauss(0, .04))
        if u.p_vpn and R.random() < u.p_vpn:
            ip = R.choice(self.vpn)
        elif at_base:
            home_time = hr < 8.5 or hr > 18.5 or R.random() < .15
            ip = u.home_ip if dev == u.webdev or (home_time and R.random() < .55) else self.cgnat(c, u.carrier)
        elif u.kind == 'nomad':
            ip = self.wifi(c) if R.random() < .6 else self.cgnat(c)
        elif c != u.bc and R.random() < .6:
            ip = self.cgnat(u.bc, u.carrier)          # roaming: traffic exits via the home carrier
        else:
            ip = self.wifi(c) if R.random() < .7 else self.cgnat(c)
        return self.pack(ip, dev, ua, loc, c, city)

    @staticmethod
    def pack(ip, dev, ua, loc, c, city):
        if loc:
            return ip[0], dev, ua, loc[0], loc[1], c, city[0]
        return ip[0], dev, ua, None, None, ip[1], ''     # no GPS: country from IP geolocation

    def ts(self, u, d, hr, where=None):
        city = (where or self.where(u, d))[1]
        return T0 + d * DAY + (hr - city[3]) * HOUR + self.R.random() * 59

    def add(self, ts, u, amt, ch, cx, payee, fraud=0, rep=None, scen='', cat=''):
        amt = round(max(.5, amt), 2)
        self.rows.append([ts, u.i, amt, ch] + list(cx) + [payee, fraud, rep, scen, cat])
        return amt

    # ---------------- genuine behaviour
    def genuine(self):
        R, D = self.R, self.D
        wk = np.array([1.0 if (START + dt.timedelta(days=d)).weekday() < 4 else 1.2 for d in range(D)])
        dom = [(START + dt.timedelta(days=d)).day for d in range(D)]
        for u in self.users:
            counts = self.NP.poisson(u.lam * wk[u.start:]) if u.start < D else []
            for off, n in enumerate(counts):
                d = u.start + off
                for _ in range(n):
                    self.one_payment(u, d)
            for d in range(u.start, D):
                if u.rent and dom[d] == u.rent[2]:
                    hr = R.uniform(8, 23)
                    self.add(self.ts(u, d, hr), u, u.rent[1], 'p2p', self.ctx(u, d, hr),
                             self.users[u.rent[0]].cid)
                for m, dm in u.subs:
                    if dom[d] == dm:
                        hr = R.uniform(2, 7)
                        p = math.floor(self.sub_price[m] * FX[u.cur]) + .99
                        self.add(self.ts(u, d, hr), u, p, 'ecom', self.ctx(u, d, hr, False), m, cat='subscriptions')

    def one_payment(self, u, d):
        R = self.R
        hr = self.hour()
        where = self.where(u, d)
        r = R.random()
        if r < .33 and u.friends:
            j = u.friends[bisect.bisect(u.fcum, R.random() * u.fcum[-1])]
            r2 = R.random()
            if r2 < .55:
                a = self.logn(16, .7)
                a = round(a * 2) / 2 if R.random() < .3 else a
            elif r2 < .85:
                a = R.choices([5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100], [3, 8, 4, 8, 4, 4, 3, 4, 2, 1, 2])[0]
            elif r2 < .95:
                a = R.choice([20, 25, 30, 50, 50, 100])
            else:
                a = round(self.logn(120, .6))
            amt = a * FX[u.cur] if R.random() < .5 else a       # people type round local amounts
            self.add(self.ts(u, d, hr, where), u, amt, 'p2p', self.ctx(u, d, hr), self.users[j].cid)
        elif r < .375:
            # one-off payment to someone new: marketplace seller, new flatmate, event organiser ...
            if R.random() < .5:
                j = R.choice(list(self.sellers))
                a = round(self.logn(45, .8) / 5) * 5 or 5
            else:
                j = R.randrange(self.N)
                a = self.logn(25, .8)
            if j != u.i:
                self.add(self.ts(u, d, hr, where), u, a * FX[u.cur], 'p2p', self.ctx(u, d, hr), self.users[j].cid)
        else:
            cat = DISC[bisect.bisect(DISC_CUM, R.random() * DISC_CUM[-1])]
            if u.crypto and R.random() < .06:
                cat = 'crypto_exchange'
            elif u.investor and R.random() < .05:
                cat = 'investment'
            if cat == 'coffee' and R.random() < .7:
                hr = R.uniform(7, 11)
            c, city, at_base = where
            med, sig, _, ch, _ = CATS[cat]
            m = self.merchant(u, c, at_base, cat)
            self.add(self.ts(u, d, hr, where), u, self.logn(med, sig) * FX[u.cur], ch,
                     self.ctx(u, d, hr, ch == 'ecom'), m, cat=cat)

    # ---------------- fraud
    def victims(self, k, dmin=0):
        pool = [u for u in self.users if u.i not in self.bad and u.start <= self.D - 3]
        return [self.R.choice(pool) for _ in range(k)]

    def report(self, last, p_never, median_h, sigma, floor_h=0.2):
        if self.R.random() < p_never:
            return None
        return last + max(floor_h, self.logn(median_h, sigma)) * HOUR

    def setup_fraud(self):
        R, N, D = self.R, self.N, self.D
        sc = N / 4000 * D / 90
        cnt = lambda x: max(1, int(round(x * sc)))
        order = R.sample(range(N), N)
        n_mule = max(3, round(N * .008))
        self.mules = order[:n_mule]                       # tier-1: receive victims' money
        self.mules2 = order[n_mule:n_mule + max(1, n_mule // 3)]   # tier-2: receive from tier-1, cash out
        self.scammers = order[n_mule + len(self.mules2):n_mule + len(self.mules2) + cnt(9 * 90 / D)]
        self.bad = set(self.mules) | set(self.mules2) | set(self.scammers)
        self.dedicated = set()
        for i in self.bad:
            u = self.users[i]
            if i in self.scammers or i in self.mules2 or R.random() < .4:
                # account opened for fraud: little own activity, often web/VPN
                self.dedicated.add(i)
                u.lam = R.uniform(.02, .15)
                u.start = R.randrange(max(1, int(D * .6)))
                u.friends = u.friends[:2]
                u.fcum = u.fcum[:2]
                u.rent, u.subs = None, []
                if R.random() < .5:
                    u.p_vpn = R.uniform(.5, 1)
            else:
                u.kind = 'normal' if u.kind == 'nomad' else u.kind
                u.lam = max(u.lam, .3)                    # recruited mule: ordinary young user
        self.inbound = {}
        self.plan = []
        for u in self.victims(cnt(40)):
            self.plan.append(('ato_phishing', u, R.randrange(u.start, D)))
        for u in self.victims(cnt(14)):
            self.plan.append(('sim_swap', u, R.randrange(u.start, D)))
        for u in self.victims(cnt(22)):
            d = R.randrange(u.start, D)
            self.plan.append(('stolen_phone', u, d))
            u.phones = [p for p in u.phones if p[0] <= d] + [(d + 1, self.phone())]   # buys a new phone
        for u in self.victims(cnt(12)):
            self.plan.append(('romance_scam', u, R.randrange(u.start, max(u.start + 1, D - 14))))
        for u in self.victims(cnt(10)):
            self.plan.append(('investment_scam', u, R.randrange(u.start, max(u.start + 1, D - 10))))

    def fraud(self):
        for scen, u, d in self.plan:
            getattr(self, scen)(u, d)
        self.marketplace()
        self.forward(self.inbound, tier2=True)
        self.forward(self.inbound2, tier2=False)
        self.friendly()

    def to_mule(self, m, ts, amt_gbp, rep):
        self.inbound.setdefault(m, []).append((ts, amt_gbp, rep))

    def takeover(self, u, d, scen):
        R = self.R
        c, city, _ = self.where(u, d)
        if scen == 'ato_phishing':
            web = R.random() < .4
            ph = self.phone(android=True, latest=True, emulator=R.random() < .25)
            r = R.random()
            if r < .5:
                fc = R.choice(FRAUD_C)
                ip, loc_c, loc_city = self.cgnat(fc) if R.random() < .5 else self.wifi(fc), fc, self.city(fc)
            elif r < .85:
                ip, loc_c, loc_city = R.choice(self.vpn), None, None
            else:
                ip, loc_c, loc_city = self.cgnat(u.bc), c, city
            hr = R.uniform(0, 24)
            gap = (3, .8)
        else:                                             # SIM swap: fraudster sits in the victim's country
            web = False
            ph = self.phone(latest=True)
            ip, loc_c, loc_city = self.cgnat(u.bc), c, (city if R.random() < .6 else None)
            hr = R.choice([R.uniform(21, 24), R.uniform(0, 7), R.uniform(9, 17)])
            gap = (2, .7)
        if web:
            dev, ua, loc_city = self.hexid(), self.webua(R.choice(WEB), d), None
        else:
            dev, ua = ph['dev'], self.ua(ph, d)
        t = T0 + d * DAY + (hr - city[3]) * HOUR
        t = min(max(t, T0 + 60), self.END - 4 * HOUR)
        drain = u.income * R.uniform(.3, 1.8) * R.uniform(.6, .98)
        n = R.choices([1, 2, 3, 4, 5], [2, 3, 3, 2, 1])[0]
        parts = sorted(self.NP.dirichlet([2] * n) * drain, reverse=R.random() < .5)
        if R.random() < .3:
            parts = [R.uniform(1, 5)] + list(parts)
        mules = R.sample(self.mules, min(len(self.mules), R.randint(1, 3)))
        rows = []
        for a in parts:
            t += self.logn(gap[0], gap[1]) * MIN
            loc = None
            if loc_city and R.random() < .7:
                loc = (loc_city[1] + R.gauss(0, .03), loc_city[2] + R.gauss(0, .04))
            cx = self.pack(ip, dev, ua, loc, loc_c, loc_city)
            if R.random() < .15:
                rows.append((t, a, 'ecom', cx, R.choice(self.cashout), None))
            else:
                m = R.choice(mules)
                a = round(a, -1) if a > 50 and R.random() < .5 else a
                rows.append((t, a, 'p2p', cx, self.users[m].cid, m))
        rep = self.report(t, .12, 14 if scen == 'ato_phishing' else 6, 1.0)
        for t, a, ch, cx, payee, m in rows:
            self.add(t, u, a * FX[u.cur], ch, cx, payee, 1, rep, scen)
            if m is not None:
                self.to_mule(m, t, a, rep)

    def ato_phishing(self, u, d):
        self.takeover(u, d, 'ato_phishing')

    def sim_swap(self, u, d):
        self.takeover(u, d, 'sim_swap')

    def stolen_phone(self, u, d):
        R = self.R
        c, city, _ = self.where(u, d)
        ph = self.phone_at(u, d)
        hr = R.uniform(0, 5)
        t = T0 + d * DAY + (hr - city[3]) * HOUR
        t = max(t, T0 + 60)
        spot = (city[1] + R.gauss(0, .05), city[2] + R.gauss(0, .07))
        rep = None
        m = R.choice(self.mules)
        rows = []
        for k in range(R.randint(2, 6)):
            t += self.logn(9, .9) * MIN
            loc = None if u.loc_off else (spot[0] + R.gauss(0, .004), spot[1] + R.gauss(0, .005))
            ip = self.cgnat(u.bc if c == u.bc else c, u.carrier if c == u.bc else None)
            if R.random() < .25:
                ip = self.wifi(c)
            cx = self.pack(ip, ph['dev'], self.ua(ph, d), loc, c, city)
            if R.random() < .6:
                a = R.choice([50, 100, 150, 200, 250, 300, 400, 500]) * (1 if k else R.uniform(.2, .6))
                rows.append((t, a, 'p2p', cx, self.users[m].cid, m))
            else:
                cat = R.choice(['gift_cards', 'electronics', 'crypto_exchange'])
                mm = self.merchant(u, c, False, cat)
                rows.append((t, self.logn(160, .6), 'ecom', cx, mm, None))
        rep = self.report(t, .08, 14, .6)
        for t, a, ch, cx, payee, mi in rows:
            if t < self.END:
                self.add(t, u, a * FX[u.cur], ch, cx, payee, 1, rep, 'stolen_phone')
                if mi is not None:
                    self.to_mule(mi, t, a, rep)

    def slow_scam(self, u, d, scen):
        R = self.R
        n = R.randint(4, 10) if scen == 'romance_scam' else R.randint(3, 8)
        span = R.uniform(12, 35)
        days = sorted(R.uniform(0, span) for _ in range(n))
        first = self.logn(45, .5) if scen == 'romance_scam' else self.logn(180, .4)
        cap = u.income * (1.5 if scen == 'romance_scam' else 2.5)
        growth = (max(cap, first * 3) / first) ** (1 / max(1, n - 1)) * R.uniform(.7, 1)
        m = R.choice(self.mules) if scen == 'romance_scam' else None
        payee = self.users[m].cid if m is not None else R.choice(self.fake_invest)
        out = []
        for k, x in enumerate(days):
            dd = int(d + x)
            if dd >= self.D:
                break
            hr = R.uniform(19, 23.9) if scen == 'romance_scam' else R.uniform(8, 22)
            a = min(cap, first * growth ** k * R.uniform(.8, 1.2))
            a = round(a, -1) if a > 100 and R.random() < .6 else a
            out.append((self.ts(u, dd, hr), a, self.ctx(u, dd, hr, True)))
        if not out:
            return
        rep = self.report(out[-1][0], .25 if scen == 'romance_scam' else .2, 24 * 5, .6)
        if rep:
            rep = min(rep, out[0][0] + 44 * DAY)
        for t, a, cx in out:
            self.add(t, u, a * FX[u.cur], 'p2p' if m is not None else 'ecom', cx, payee, 1, rep, scen)
            if m is not None:
                self.to_mule(m, t, a, rep)

    def romance_scam(self, u, d):
        self.slow_scam(u, d, 'romance_scam')

    def investment_scam(self, u, d):
        self.slow_scam(u, d, 'investment_scam')

    def marketplace(self):
        """Fake sellers (wallet users) collect one-off payments from many strangers."""
        R, D = self.R, self.D
        for s in self.scammers:
            su = self.users[s]
            a0 = R.randrange(su.start, D) if su.start < D - 1 else max(0, D - 2)
            ln = R.randint(6, 25)
            same = [u for u in self.users if u.c == su.c and u.i not in self.bad]
            for _ in range(max(2, round(R.randint(6, 25) * min(1, self.N / 1000)))):
                v = R.choice(same) if same and R.random() < .85 else self.victims(1)[0]
                d = min(D - 1, a0 + R.randrange(ln))
                if d < v.start:
                    continue
                hr = self.hour()
                t = self.ts(v, d, hr)
                item = round(self.logn(130, .7) / 5) * 5 or 20
                pays = [(t, item)]
                if R.random() < .2:                     # "shipping" / "insurance" top-up
                    pays.append((t + self.logn(40, .8) * MIN, R.choice([15, 20, 25, 30, 45])))
                for tt, a in pays:
                    if tt >= self.END or tt < T0:
                        continue
                    rep = self.report(tt, .12, 24 * 9, .6)
                    self.add(tt, v, a * FX[v.cur], 'p2p', self.ctx(v, d, hr), su.cid, 1, rep, 'marketplace_scam')
                    self.to_mule(s, tt, a, rep)

    def forward(self, inbound, tier2):
        """Mules pass money on quickly; their outgoing payments are fraud (scenario mule_forwarding)."""
        R = self.R
        if tier2:
            self.inbound2 = {}
        for m, inb in inbound.items():
            mu = self.users[m]
            reps = [r for _, _, r in inb if r]
            flag = min(reps) + R.uniform(.2, 2) * DAY * (1 if tier2 else 2) if reps and R.random() < .85 else None
            for ts, amt, _ in sorted(inb, key=lambda x: x[0]):
                quick = m in self.dedicated
                t = ts + self.logn(25 if quick else 150, .8) * MIN
                if m in self.scammers:
                    t = ts + R.uniform(.5, 48) * HOUR
                if t >= self.END or (flag and t >= flag) or amt < 8:
                    continue
                keep = amt * R.uniform(.85, .97)
                n = 1 if keep < 300 or R.random() < .6 else 2
                for k in range(n):
                    tt = t + k * self.logn(6, .6) * MIN
                    d = int((tt - T0) // DAY)
                    c, city, _ = self.where(mu, d)
                    hr = ((tt - T0) % DAY) / HOUR + city[3]
                    cx = self.ctx(mu, d, hr % 24, True)
                    a = keep / n
                    rep = max(tt, flag) if flag else None
                    if tier2 and R.random() < .35 and self.mules2:
                        m2 = R.choice(self.mules2)
                        self.add(tt, mu, a * FX[mu.cur], 'p2p', cx, self.users[m2].cid, 1, rep, 'mule_forwarding')
                        self.inbound2.setdefault(m2, []).append((tt, a, rep))
                    else:
                        self.add(tt, mu, a * FX[mu.cur], 'ecom', cx, R.choice(self.cashout), 1, rep,
                                 'mule_forwarding')

    def friendly(self):
        """Genuine online purchases later disputed as 'not me / never arrived'."""
        R = self.R
        disputers = set(R.sample(range(self.N), max(1, self.N // 60))) - self.bad
        cand = [r for r in self.rows if r[1] in disputers and r[12] == 0 and r[3] == 'ecom' and
                r[15] in ('online_retail', 'electronics', 'travel', 'gift_cards', 'subscriptions') and r[2] >= 8]
        for r in R.sample(cand, min(len(cand), max(1, round(len(self.rows) * .0004)))):
            r[12], r[14] = 1, 'friendly_fraud'
            r[13] = r[0] + R.uniform(3, 45) * DAY

    # ---------------- output
    def write(self, path):
        R = self.R
        rows = [r for r in self.rows if T0 <= r[0] < self.END]
        rows.sort(key=lambda r: r[0])
        iso = lambda t: dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        seen = set()
        with gzip.open(path, 'wt', newline='', compresslevel=6) as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for r in rows:
                tid = 'wtx_' + self.hexid(14)
                while tid in seen:
                    tid = 'wtx_' + self.hexid(14)
                seen.add(tid)
                ts, u = r[0], self.users[r[1]]
                rep = ''
                if r[12] and r[13] is not None:
                    rep = iso(min(max(r[13], ts + 1), ts + 45 * DAY))
                w.writerow([tid, u.cid, iso(ts), f'{r[2]:.2f}', u.cur, r[3], r[4], r[5], r[6],
                            '' if r[7] is None else f'{r[7]:.5f}', '' if r[8] is None else f'{r[8]:.5f}',
                            r[9], r[10], r[11], r[12], rep, r[14]])
        return rows


def main():
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.wallet", description=__doc__.splitlines()[0])
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--customers', type=int, default=4000)
    ap.add_argument('--days', type=int, default=90)
    ap.add_argument('--out', default='./world-wallet.csv.gz')
    a = ap.parse_args()
    w = W(a.seed, a.customers, a.days)
    w.make_users()
    w.setup_fraud()
    w.genuine()
    w.fraud()
    rows = w.write(a.out)
    nf = sum(r[12] for r in rows)
    by = {}
    for r in rows:
        if r[12]:
            by[r[14]] = by.get(r[14], 0) + 1
    print(f'{a.out}: {len(rows)} rows, {nf} fraud ({100 * nf / max(1, len(rows)):.3f}%)')
    for k, v in sorted(by.items(), key=lambda x: -x[1]):
        print(f'  {k:18s} {v}')


if __name__ == '__main__':
    main()
