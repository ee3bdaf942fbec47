"""Fraud incidents: who is hit, when, and what the attacker's payments look like.

Each scenario leaves the signature a real attack leaves (see docs/generator.md)
and nothing else: attackers use the same channels, currencies, id formats
and ISPs as genuine customers, several scenarios use the victim's own
device, network or habits, and mule accounts look like any other account.
All payments of one incident are reported together, days to weeks after the
last one, and some incidents are never reported.
"""
from __future__ import annotations

from dataclasses import dataclass

from benchmarks.gen_customers import (Customer, World, active, big_shops, cities_of, city_shops, day_ts,
                                      device_ua, emit_payment, locate, mobile_ip, new_phone)
from benchmarks.gen_random import cumulative
from benchmarks.gen_shared import with_terminal
from benchmarks.gen_world import (ANDROID_MODELS, BROWSERS, FAR_COUNTRIES, FRAUD_ORIGINS, HOME_ISPS, HOSTING,
                                  MOBILE_ISPS, CURRENCY, app_ua, app_version, browser_ua, pick_isp, random_ipv4)

SCENARIOS = ("account_takeover", "sim_swap", "stolen_phone", "scam", "low_and_slow", "card_testing",
             "impossible_travel")

# Incidents per 100,000 customer-days (card_testing: campaigns, each hitting many customers).
RATES = {"account_takeover": 16.0, "sim_swap": 10.0, "stolen_phone": 10.0, "scam": 20.0, "low_and_slow": 8.0,
         "card_testing": 1.6, "impossible_travel": 14.0}

# (share ever reported, median report delay in days, spread of the log-delay)
REPORTING = {"account_takeover": (0.90, 2.5, 0.8), "sim_swap": (0.92, 1.5, 0.7), "stolen_phone": (0.90, 1.0, 0.8),
             "scam": (0.85, 4.0, 0.9), "low_and_slow": (0.65, 21.0, 0.6), "card_testing": (0.80, 8.0, 0.8),
             "impossible_travel": (0.88, 5.0, 0.8)}


@dataclass(slots=True)
class Incident:
    scenario: str
    victims: list[int]
    day: int


@dataclass(slots=True)
class FraudState:
    mules: list[str]
    mule_cum: list[float]


def plan_incidents(w: World) -> tuple[dict[int, list[Incident]], FraudState]:
    """Draw the incidents of the whole period up front; they run on their day."""
    r = w.r
    n = len(w.customers)
    mules = [w.accounts.next() for _ in range(max(8, n // 60))]
    state = FraudState(mules, cumulative([1.0 / (k + 1) ** 0.8 for k in range(len(mules))]))
    plan: dict[int, list[Incident]] = {}
    if n == 0 or w.days < 2:
        return plan, state
    exposure = n * w.days / 1e5
    for scenario in SCENARIOS:
        count = max(1, r.poisson(RATES[scenario] * exposure))
        for _ in range(count):
            last = w.days - 1 if scenario != "low_and_slow" else max(4, w.days - 15)
            day = r.between(min(4, w.days - 1), min(last, w.days - 1))
            if scenario == "card_testing":
                k = min(r.between(15, 120), max(3, n // 8))
                victims = [v for v in dict.fromkeys(r.below(n) for _ in range(k)) if w.customers[v].join_day <= day]
            else:
                victims = []
                for _ in range(20):
                    v = r.below(n)
                    c = w.customers[v]
                    if c.join_day + 3 > day:
                        continue
                    if scenario == "stolen_phone" and c.phone is None:
                        continue
                    if scenario in ("scam", "impossible_travel", "low_and_slow") and not active(c, day):
                        continue
                    victims = [v]
                    break
            if victims:
                plan.setdefault(day, []).append(Incident(scenario, victims, day))
    return plan, state


def _reported(w: World, scenario: str, last_ts: int) -> int | None:
    p, median, sigma = REPORTING[scenario]
    if not w.r.chance(p):
        return None
    return last_ts + max(3600, int(w.r.lognormal(median, sigma) * 86400))


def _finish(w: World, scenario: str, rows: list[tuple]) -> None:
    if not rows:
        return
    rep = _reported(w, scenario, max(row[0] for row in rows))
    for row in rows:
        w.out.append(row[:13] + (1, rep, scenario))


def _mule(w: World, st: FraudState) -> str:
    return st.mules[w.r.index_cum(st.mule_cum)] if w.r.chance(0.75) else w.accounts.next()


def _foreign_residential(w: World, exclude: str) -> tuple[str, str, str, float, float]:
    r = w.r
    country = r.pick([c for c in FRAUD_ORIGINS if c != exclude])
    cs, cum = cities_of(country)
    city = r.pick_cum(cs, cum)
    return random_ipv4(pick_isp(HOME_ISPS, country, r), r), country, city.name, city.lat, city.lon


def _attacker_browser(w: World, abs_day: int) -> str:
    return browser_ua(w.r.pick(BROWSERS), abs_day, w.r.between(0, 240))


def account_takeover(c: Customer, w: World, d: int, st: FraudState) -> None:
    """Stolen credentials used from a new device on a hosting/VPN or foreign network: a few large transfers."""
    r = w.r
    abs_day = w.day_info[d][0]
    if r.chance(0.55):
        net = r.pick(HOSTING)
        country, cname, glat, glon = net.country, net.city, net.lat, net.lon
        ips = [random_ipv4(net, r)]
    else:
        ip, country, cname, glat, glon = _foreign_residential(w, c.hh.city.country)
        ips = [ip]
    dev = w.devices.next()
    if r.chance(0.7):
        channel, ua = "web", _attacker_browser(w, abs_day)
    else:
        channel, ua = "mobile", app_ua(app_version(abs_day - r.between(0, 60)), "Android", r.pick(("11", "12", "13")),
                                       r.pick(ANDROID_MODELS))
    ts = w.start + d * 86400 + r.below(86400)
    rows = []
    if r.chance(0.4):
        rows.append((ts, c.cid, round(r.uniform(1, 50), 2), w.currency, channel, ips[0], dev, ua, None, None,
                     country, cname, w.accounts.next()))
        ts += 60 + int(r.exp(900))
    for _ in range(min(5, 1 + r.poisson(1.5))):
        amount = min(50000.0, c.wealth * r.lognormal(2500.0, 0.7))
        if r.chance(0.5):
            amount = float(round(amount, -1))
        ip = ips[0] if r.chance(0.7) else random_ipv4(r.pick(HOSTING), r)
        geo = (round(glat, 2), round(glon, 2)) if channel == "web" and c.web_geo else (None, None)
        rows.append((ts, c.cid, round(amount, 2), w.currency, channel, ip, dev, ua, geo[0], geo[1],
                     country, cname, _mule(w, st)))
        ts += 60 + int(r.exp(720))
    _finish(w, "account_takeover", rows)


def sim_swap(c: Customer, w: World, d: int, st: FraudState) -> None:
    """The victim's number ported to the attacker's SIM: new phone, a carrier of the victim's country, OTPs pass."""
    r = w.r
    abs_day = w.day_info[d][0]
    phone = new_phone(w)
    ua = device_ua(phone, abs_day)
    carrier = pick_isp(MOBILE_ISPS, c.hh.city.country, r)
    if r.chance(0.4):
        city = c.hh.city
    else:
        cs, cum = cities_of(c.hh.city.country)
        city = r.pick_cum(cs, cum)
    hour = r.pick((19, 20, 21, 22, 23, 0, 1, 5, 6)) if r.chance(0.6) else r.between(7, 18)
    ts = day_ts(w, d, hour, city.tz)
    rows = []
    payee = _mule(w, st)
    for _ in range(min(6, 2 + r.poisson(1.5))):
        amount = min(30000.0, c.wealth * r.lognormal(1500.0, 0.6))
        lat, lon = (None, None) if c.omit_geo else (round(city.lat + r.normal(0, 0.03), 4), round(city.lon + r.normal(0, 0.045), 4))
        rows.append((ts, c.cid, round(amount, 2), w.currency, "mobile", mobile_ip(w, carrier), phone.device_id, ua,
                     lat, lon, city.country, city.name, payee if r.chance(0.6) else _mule(w, st)))
        ts += 60 + int(r.exp(900))
    _finish(w, "sim_swap", rows)


def stolen_phone(c: Customer, w: World, d: int, st: FraudState) -> None:
    """The victim's unlocked phone in a thief's hands: same device and app, another place and hour, fast payments."""
    r = w.r
    phone = c.phone
    if phone is None:
        return
    abs_day = w.day_info[d][0]
    ua = device_ua(phone, abs_day)
    city = c.trip.city if c.trip is not None else c.hh.city
    hour = r.pick((22, 23, 0, 1, 2, 3)) if r.chance(0.6) else r.between(10, 21)
    ts = day_ts(w, d, hour, city.tz)
    rows = []
    for _ in range(min(9, 3 + r.poisson(2.0))):
        if r.chance(0.2):
            payee, amount = r.pick_cum(*w.online), r.lognormal(150.0, 0.6)
        else:
            payee, amount = _mule(w, st) if r.chance(0.5) else w.accounts.next(), r.lognormal(400.0, 0.7) * min(c.wealth, 2.0)
        lat, lon = (None, None) if c.omit_geo else (round(city.lat + r.normal(0, 0.03), 4), round(city.lon + r.normal(0, 0.045), 4))
        rows.append((ts, c.cid, round(amount, 2), w.currency, "mobile", mobile_ip(w, c.carrier),
                     None if c.omit_device else phone.device_id, ua, lat, lon, city.country, city.name, payee))
        ts += 30 + int(r.exp(360))
    _finish(w, "stolen_phone", rows)


def scam(c: Customer, w: World, d: int, st: FraudState) -> None:
    """Social engineering: the victim pays a mule from their own device, network and home, at their usual hours."""
    r = w.r
    payee = st.mules[r.index_cum(st.mule_cum)]
    channel = "web" if c.online_pref == "web" else "mobile"
    rows = []
    day = d
    for k in range(min(4, 1 + r.poisson(0.7))):
        if day >= w.days:
            break
        _, weekday, _ = w.day_info[day]
        hours = c.hours_we if weekday >= 5 else c.hours_wd
        hour = r.index_cum(hours)
        hh = c.hh
        lat, lon = hh.lat + r.normal(0, 0.0004), hh.lon + r.normal(0, 0.0006)
        amount = min(60000.0, max(200.0, c.wealth * r.lognormal(3000.0, 0.8)))
        if r.chance(0.6):
            amount = float(round(amount, -2))
        row = emit_payment(c, w, day, day_ts(w, day, hour, hh.city.tz), amount, payee, channel, "home", lat, lon, hh.city)
        w.out.pop()
        rows.append(row)
        day += r.between(0, 2)
    _finish(w, "scam", rows)


def low_and_slow(c: Customer, w: World, d: int, st: FraudState) -> None:
    """An attacker imitating the victim: their UA string, country, hours and amounts, a little at a time for weeks."""
    r = w.r
    abs_day = w.day_info[d][0]
    dev = None if c.omit_device else w.devices.next()
    mobile = c.online_pref == "mobile" and c.phone is not None
    own = c.phone if mobile else (c.laptop or c.phone)
    country = c.hh.city.country
    isp = c.hh.isp if r.chance(0.3) else pick_isp(HOME_ISPS, country, r)
    fixed_ip = random_ipv4(isp, r) if r.chance(0.5) else None
    payees = [_mule(w, st) for _ in range(r.between(1, 2))]
    n = min(12, 4 + r.poisson(3.0))
    span = r.between(14, 42)
    offsets = sorted(r.below(span) for _ in range(n))
    city = c.hh.city
    rows = []
    for off in offsets:
        day = d + off
        if day >= w.days:
            break
        _, weekday, _ = w.day_info[day]
        hour = r.index_cum(c.hours_we if weekday >= 5 else c.hours_wd)
        ts = day_ts(w, day, hour, city.tz)
        ua = device_ua(own, abs_day + off) if own is not None else _attacker_browser(w, abs_day + off)
        channel = "mobile" if mobile else "web"
        if channel == "mobile" and not c.omit_geo:
            lat, lon = round(city.lat + r.normal(0, 0.03), 4), round(city.lon + r.normal(0, 0.045), 4)
        elif channel == "web" and c.web_geo:
            lat, lon = round(city.lat, 2), round(city.lon, 2)
        else:
            lat = lon = None
        amount = c.amount * r.lognormal(1.6, 0.35)
        if r.chance(0.5):
            amount = max(5.0, round(amount / 5.0) * 5.0)
        rows.append((ts, c.cid, round(amount, 2), w.currency, channel, fixed_ip or random_ipv4(isp, r), dev, ua,
                     lat, lon, country, city.name, r.pick(payees)))
    _finish(w, "low_and_slow", rows)


def impossible_travel(c: Customer, w: World, d: int, st: FraudState) -> None:
    """A genuine payment at home, then minutes later the card or login used on another continent."""
    r = w.r
    abs_day, weekday, _ = w.day_info[d]
    hours = c.hours_we if weekday >= 5 else c.hours_wd
    hour = r.index_cum(hours)
    where, lat, lon, city = locate(c, w, d, hour, weekday)
    tz = city.tz
    home_shop = r.pick_cum(c.favourites, c.fav_cum)[0]
    genuine = emit_payment(c, w, d, day_ts(w, d, hour, tz), c.amount * r.lognormal(1.0, 0.5), home_shop,
                           "card_present" if r.chance(0.6) else "mobile", where, lat, lon, city)
    far = r.pick([k for k in FAR_COUNTRIES if k != city.country])
    cs, cum = cities_of(far)
    fcity = r.pick_cum(cs, cum)
    ts = genuine[0] + r.between(300, 5400)
    cloned = r.chance(0.6)
    dev = w.devices.next()
    ua = _attacker_browser(w, abs_day)
    ip = random_ipv4(pick_isp(HOME_ISPS, far, r), r)
    cur, fx = CURRENCY[far]
    rows = []
    for _ in range(min(4, 1 + r.poisson(0.8))):
        base = r.lognormal(400.0, 0.8)
        if cloned:
            payee = r.pick_cum(*city_shops(w, fcity)) if r.chance(0.6) else r.pick_cum(*big_shops(w, far))
            local = r.chance(0.5)
            amount = round(base * fx, 0 if fx > 50 else 2) if local else round(base, 2)
            row = (ts, c.cid, float(amount), cur if local else w.currency, "card", None, None, None,
                   round(fcity.lat + r.normal(0, 0.03), 4), round(fcity.lon + r.normal(0, 0.045), 4),
                   fcity.country, fcity.name, payee)
            rows.append(row if w.shared is None else with_terminal(w.shared, row))
        else:
            geo = (round(fcity.lat, 2), round(fcity.lon, 2)) if c.web_geo else (None, None)
            rows.append((ts, c.cid, round(base, 2), w.currency, "web", ip, dev, ua, geo[0], geo[1],
                         fcity.country, fcity.name, _mule(w, st)))
        ts += 60 + int(r.exp(600))
    _finish(w, "impossible_travel", rows)


def card_testing(victims: list[Customer], w: World, d: int, st: FraudState) -> None:
    """Stolen card numbers checked with tiny payments at a few small merchants from shared devices and IPs;
    some cards are then cashed out a day or two later."""
    r = w.r
    abs_day = w.day_info[d][0]
    ids, _ = w.online
    merchants = [ids[r.between(300, len(ids) - 1)] for _ in range(r.between(1, 3))]
    devices = [(w.devices.next(), _attacker_browser(w, abs_day)) for _ in range(r.between(1, 3))]
    nets = []
    for _ in range(r.between(2, 6)):
        if r.chance(0.6):
            net = r.pick(HOSTING)
            nets.append((random_ipv4(net, r), net.country, net.city))
        else:
            ip, country, cname, _, _ = _foreign_residential(w, w.country)
            nets.append((ip, country, cname))
    ts = w.start + d * 86400 + r.below(86400)
    gap = r.uniform(5, 90)
    for c in victims:
        rows = []
        for _ in range(r.between(1, 3)):
            dev, ua = r.pick(devices)
            ip, country, cname = r.pick(nets)
            amount = r.pick((0.5, 1.0, 1.0, 1.5, 2.0, 2.99, 4.99)) if r.chance(0.6) else round(r.uniform(0.3, 6.0), 2)
            rows.append((ts, c.cid, amount, w.currency, "card", ip, dev, ua, None, None, country, cname,
                         r.pick(merchants)))
            ts += 1 + int(r.exp(gap))
        if r.chance(0.12):
            cash_ts = rows[-1][0] + r.between(3600, 3 * 86400)
            dev, ua = r.pick(devices)
            ip, country, cname = r.pick(nets)
            shop = r.pick_cum(*big_shops(w, w.country))
            rows.append((cash_ts, c.cid, round(r.lognormal(300.0, 0.6), 2), w.currency, "card", ip, dev, ua,
                         None, None, country, cname, shop))
        _finish(w, "card_testing", rows)


_RUNNERS = {"account_takeover": account_takeover, "sim_swap": sim_swap, "stolen_phone": stolen_phone,
            "scam": scam, "low_and_slow": low_and_slow, "impossible_travel": impossible_travel}


def run_incident(inc: Incident, w: World, st: FraudState) -> None:
    """Queue the incident's payments (and any genuine payment it hangs on) on `w.out`."""
    if inc.scenario == "card_testing":
        card_testing([w.customers[v] for v in inc.victims], w, inc.day, st)
    else:
        _RUNNERS[inc.scenario](w.customers[inc.victims[0]], w, inc.day, st)
