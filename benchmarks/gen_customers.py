"""Customers and their genuine behaviour, one simulated day at a time.

Each customer carries the state that real payment histories drift through:
a household (home, broadband line whose address the ISP reassigns, maybe a
shared tablet), a phone whose app updates itself and is sometimes replaced,
a laptop whose cookies get cleared, an office network shared with
colleagues, trips at home and abroad, regular bills and favourite shops,
and occasional big purchases and new payees. The unusual-but-genuine events
are frequent on purpose: a scorer that flags "new device or new payee or big
amount" should pay for it in false positives.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from benchmarks.gen_random import IdMaker, Rand, cumulative
from benchmarks.gen_shared import SharedDevices, build_shared, via_provider, with_terminal
from benchmarks.gen_world import (ANDROID_MODELS, ANDROID_OS, BROWSER_CUM, BROWSERS, CITIES, CURRENCY,
                                  HOME_ISPS, IOS_MODELS, IOS_OS, MOBILE_ISPS, TABLET_MODELS, TRAVEL_WEIGHT,
                                  VPN_EXITS, City, Network, app_ua, app_version, browser_ua, ipv4_int,
                                  ipv4_str, ipv6_in56, ipv6_prefix56, pick_isp, random_ipv4)

# Countries whose mobile roaming is free and home-routed for EU customers:
# abroad, the phone keeps an address of its home carrier.
EU = frozenset(("DE", "FR", "AT", "NL", "ES", "IT", "PT", "GR", "PL", "RO"))

# A row before it gets its transaction id, in replay-column order after the id:
# (ts, customer_id, amount, currency, channel, ip, device_id, user_agent,
#  lat, lon, country, city, payee_id, is_fraud, fraud_reported_at (epoch or None), scenario)
Row = tuple

# Local-time hour weights of payments across all customers (weekday, weekend).
_WEEKDAY_HOURS = (0.25, 0.12, 0.06, 0.05, 0.06, 0.15, 0.45, 1.0, 1.5, 1.6, 1.7, 1.9,
                  2.2, 1.9, 1.7, 1.7, 1.9, 2.2, 2.4, 2.2, 1.8, 1.4, 0.9, 0.5)
_WEEKEND_HOURS = (0.4, 0.25, 0.12, 0.06, 0.05, 0.08, 0.2, 0.45, 0.9, 1.4, 1.8, 2.0,
                  2.0, 1.9, 1.8, 1.8, 1.8, 1.9, 2.0, 1.9, 1.6, 1.3, 0.9, 0.6)

CATEGORIES = ("grocery", "dining", "shop", "online", "p2p")
_CAT_AMOUNT = {"grocery": (0.9, 0.55), "dining": (0.7, 0.5), "shop": (1.4, 0.7), "online": (1.1, 0.8), "p2p": (1.6, 0.9)}
_ROUND_P2P = (5.0, 10.0, 20.0, 50.0)
SUBSCRIPTIONS = ((4.99, 3), (7.99, 4), (9.99, 6), (11.99, 3), (12.99, 5), (13.99, 3), (17.99, 3), (2.99, 2),
                 (5.99, 2), (24.99, 1), (39.99, 1), (1.99, 2))


@dataclass(slots=True)
class Device:
    device_id: str
    kind: str  # phone | tablet | laptop
    os_name: str  # Android / iOS / iPadOS, or the browser kind for laptops
    os_ver: str
    model: str
    lag: int  # days between a release and this device installing it


@dataclass(slots=True)
class Household:
    city: City
    lat: float
    lon: float
    isp: Network
    ip: int
    v6: int | None
    change_mean: float  # mean days between address reassignments
    next_change: int
    tablet: Device | None = None
    members: int = 0


@dataclass(slots=True)
class Office:
    lat: float
    lon: float
    ips: tuple[str, ...]


@dataclass(slots=True)
class Trip:
    city: City
    end_day: int
    hotel_ip: str
    local_sim: Network | None
    merchants: tuple[list[str], list[float]]


@dataclass(slots=True)
class Customer:
    idx: int
    cid: str
    hh: Household
    join_day: int
    dormant: tuple[int, int]
    rate: float  # discretionary payments per active day
    weekend_factor: float
    hours_wd: list[float]
    hours_we: list[float]
    amount: float  # median discretionary amount, bank currency
    wealth: float
    cat_cum: list[float]
    online_pref: str  # mobile | web | branch: how this customer initiates transfers
    phone: Device | None
    laptop: Device | None
    carrier: Network
    office: Office | None
    omit_device: bool
    omit_geo: bool
    web_geo: bool
    vpn: Network | None
    favourites: list[tuple[str, float]]  # local shops: (payee, typical amount)
    fav_cum: list[float]
    online_favs: list[tuple[str, float]]
    contacts: list[tuple[str, float]]
    monthly: list[tuple[int, str, float, str]]  # (day of month, payee, amount, kind)
    trip_rate: float
    big_rate: float
    new_payee_p: float
    trip: Trip | None = None


@dataclass(slots=True)
class World:
    """Everything shared by the simulated customers, plus the output buffer."""

    r: Rand
    start: int  # epoch seconds of day 0, 00:00 UTC
    days: int
    country: str
    currency: str
    day_info: list[tuple[int, int, int]]  # (abs_day, weekday, day of month) per day
    customers: list[Customer] = field(default_factory=list)
    out: list[Row] = field(default_factory=list)
    accounts: IdMaker = None  # type: ignore[assignment]
    merchants: IdMaker = None  # type: ignore[assignment]
    devices: IdMaker = None  # type: ignore[assignment]
    city_shops: dict[str, tuple[list[str], list[float]]] = field(default_factory=dict)
    online: tuple[list[str], list[float]] = ((), ())  # type: ignore[assignment]
    big_shops: dict[str, tuple[list[str], list[float]]] = field(default_factory=dict)
    utilities: dict[str, list[str]] = field(default_factory=dict)
    subscriptions: list[tuple[str, float]] = field(default_factory=list)
    offices: dict[str, list[Office]] = field(default_factory=dict)
    home_cities: tuple[list[City], list[float]] = ((), ())  # type: ignore[assignment]
    dest_countries: tuple[list[str], list[float]] = ((), ())  # type: ignore[assignment]
    shared: SharedDevices | None = None  # shop terminals and providers (gen_shared.py); None: every device is one customer's


# ---- building the population ------------------------------------------------

def _zipf_pool(make: IdMaker, n: int, s: float) -> tuple[list[str], list[float]]:
    ids = [make.next() for _ in range(n)]
    return ids, cumulative([1.0 / (k + 1) ** s for k in range(n)])


def city_shops(w: World, city: City) -> tuple[list[str], list[float]]:
    pool = w.city_shops.get(city.name)
    if pool is None:
        pool = _zipf_pool(w.merchants, int(120 + 60 * min(city.weight, 5.0)), 0.9)
        w.city_shops[city.name] = pool
    return pool


def big_shops(w: World, country: str) -> tuple[list[str], list[float]]:
    pool = w.big_shops.get(country)
    if pool is None:
        pool = _zipf_pool(w.merchants, 250, 0.7)
        w.big_shops[country] = pool
    return pool


def cities_of(country: str) -> tuple[list[City], list[float]]:
    cs = [c for c in CITIES if c.country == country]
    return cs, cumulative([c.weight for c in cs])


def new_phone(w: World, prefer_ios: bool | None = None) -> Device:
    r = w.r
    ios = r.chance(0.42) if prefer_ios is None else (prefer_ios if r.chance(0.85) else not prefer_ios)
    lag = int(r.lognormal(3.0, 1.2)) if r.chance(0.9) else r.between(30, 120)
    if ios:
        return Device(w.devices.next(), "phone", "iOS", r.pick(IOS_OS), r.pick(IOS_MODELS), lag)
    return Device(w.devices.next(), "phone", "Android", str(r.pick(ANDROID_OS)), r.pick(ANDROID_MODELS), lag)


def new_laptop(w: World) -> Device:
    r = w.r
    kind = BROWSERS[r.index_cum(BROWSER_CUM)]
    return Device(w.devices.next(), "laptop", kind, "", "", int(r.lognormal(4.0, 1.0)))


def _hour_profile(r: Rand, base: tuple[float, ...], shift: int, night_owl: bool) -> list[float]:
    ws = []
    for h in range(24):
        v = base[(h - shift) % 24] * math.exp(0.45 * r.normal())
        if night_owl and (h >= 22 or h <= 2):
            v *= 3.0
        ws.append(v)
    return cumulative(ws)


def _household(w: World) -> Household:
    r = w.r
    if r.chance(0.93):
        city = r.pick_cum(*w.home_cities)
    else:  # cross-border and expat customers living abroad
        city = r.pick(CITIES[:33])
    lat = city.lat + r.normal(0, 0.035)
    lon = city.lon + r.normal(0, 0.05)
    isp = pick_isp(HOME_ISPS, city.country, r)
    dynamic = r.chance(0.6)
    mean = r.uniform(2, 20) if dynamic else r.uniform(40, 200)
    v6 = ipv6_prefix56(isp, r) if r.chance(0.45) else None
    return Household(city, lat, lon, isp, ipv4_int(isp, r), v6, mean, r.geometric_days(mean))


def _office(w: World, city: City) -> Office:
    r = w.r
    offices = w.offices.setdefault(city.name, [])
    if offices and not r.chance(0.35):
        return r.pick(offices)
    isp = pick_isp(HOME_ISPS, city.country, r)
    first = ipv4_int(isp, r) & ~7
    ips = tuple(ipv4_str(first + 1 + k) for k in range(r.between(1, 4)))
    o = Office(city.lat + r.normal(0, 0.03), city.lon + r.normal(0, 0.045), ips)
    offices.append(o)
    return o


def _customer(w: World, idx: int, hh: Household) -> Customer:
    r = w.r
    days = w.days
    cold = r.chance(0.14)
    join = r.between(1, max(1, days - 2)) if cold and days > 3 else 0
    dormant = (0, 0)
    if r.chance(0.06) and days > 30:
        a = r.between(0, days - 20)
        dormant = (a, a + r.between(15, 60))
    few = r.chance(0.07)
    rate = r.uniform(0.02, 0.12) if few else min(9.0, r.lognormal(1.0, 0.6))
    shift = int(round(r.normal(0, 1.3)))
    owl = r.chance(0.06)
    amount = min(400.0, r.lognormal(32.0, 0.55))
    wealth = min(8.0, r.lognormal(1.0, 0.5))
    cat_w = [r.uniform(0.5, 1.5) * b for b in (3.0, 1.5, 1.0, 1.6, 0.8)]
    has_phone = r.chance(0.88)
    has_laptop = r.chance(0.6) or not has_phone
    pref = "mobile" if has_phone and r.chance(0.7) else "web"
    if r.chance(0.04):
        pref = "branch"
    home = hh.city
    shops = city_shops(w, home)
    favs = []
    for _ in range(r.between(4, 16)):
        favs.append((r.pick_cum(*shops), r.lognormal(1.0, 0.35)))
    online = [(r.pick_cum(*w.online), r.lognormal(1.0, 0.4)) for _ in range(r.between(2, 10))]
    contacts = [(w.accounts.next(), r.lognormal(1.0, 0.5)) for _ in range(r.between(1, 8))]
    monthly: list[tuple[int, str, float, str]] = []
    if r.chance(0.6):
        monthly.append((r.between(1, 3), w.accounts.next(), float(round(wealth * r.uniform(450, 1300))), "rent"))
    utilities = w.utilities.setdefault(home.country, [w.merchants.next() for _ in range(25)])
    for _ in range(r.between(1, 3)):
        monthly.append((r.between(1, 28), r.pick(utilities), round(r.uniform(25, 160), 2), "utility"))
    for _ in range(r.poisson(1.6)):
        payee, price = r.pick(w.subscriptions)
        monthly.append((r.between(1, 28), payee, price, "subscription"))
    if r.chance(0.3):
        monthly.append((r.between(1, 5), w.accounts.next(), float(round(wealth * r.uniform(50, 400), -1)), "savings"))
    travel = 0.0 if r.chance(0.35) else r.lognormal(1.0 / 45.0, 0.6)
    phone = new_phone(w) if has_phone else None
    c = Customer(
        idx=idx, cid=f"c-{idx:06d}", hh=hh, join_day=join, dormant=dormant, rate=rate,
        weekend_factor=r.uniform(0.6, 1.4),
        hours_wd=_hour_profile(r, _WEEKDAY_HOURS, shift, owl),
        hours_we=_hour_profile(r, _WEEKEND_HOURS, shift + (1 if r.chance(0.5) else 0), owl),
        amount=amount, wealth=wealth, cat_cum=cumulative(cat_w), online_pref=pref,
        phone=phone, laptop=new_laptop(w) if has_laptop else None,
        carrier=pick_isp(MOBILE_ISPS, home.country, r),
        office=_office(w, home) if r.chance(0.45) else None,
        omit_device=r.chance(0.10), omit_geo=r.chance(0.18), web_geo=r.chance(0.5),
        vpn=r.pick(VPN_EXITS) if r.chance(0.04) else None,
        favourites=favs, fav_cum=cumulative([1.0 / (k + 1) for k in range(len(favs))]),
        online_favs=online, contacts=contacts, monthly=monthly, trip_rate=travel,
        big_rate=r.lognormal(1.0 / 70.0, 0.5), new_payee_p=r.uniform(0.03, 0.12),
    )
    return c


def build_world(customers: int, days: int, seed: int, start: str = "2026-01-01", country: str = "DE",
                shared_devices: bool = False) -> World:
    """The population and shared places; everything drawn from one seeded stream.

    `shared_devices` adds shop terminals and payment providers as device ids
    many customers share, from a second stream: the world's payments are the
    same, plus those fields."""
    r = Rand(seed)
    d0 = dt.datetime.fromisoformat(start).replace(tzinfo=dt.timezone.utc)
    start_epoch = int(d0.timestamp()) // 86400 * 86400
    info = []
    for d in range(days):
        day = dt.date.fromordinal(d0.date().toordinal() + d)
        info.append((start_epoch // 86400 + d, day.weekday(), day.day))
    if country not in {c.country for c in CITIES}:
        raise ValueError(f"no cities for bank country {country!r}")
    w = World(r=r, start=start_epoch, days=days, country=country, currency=CURRENCY.get(country, ("EUR", 1.0))[0],
              day_info=info)
    salt = r.below(10 ** 7)
    w.accounts = IdMaker("acct-", salt + 10 ** 7)
    w.merchants = IdMaker("m-", salt * 7 + 3, digits=7)
    w.devices = IdMaker("d-", r.below(1 << 40), hex_digits=12)
    w.online = _zipf_pool(w.merchants, 1500, 1.05)
    w.subscriptions = [(w.merchants.next(), price) for price, n in SUBSCRIPTIONS for _ in range(n)]
    w.home_cities = cities_of(country)
    dests = list(TRAVEL_WEIGHT)
    w.dest_countries = (dests, cumulative([TRAVEL_WEIGHT[k] for k in dests]))
    idx = 0
    while idx < customers:
        hh = _household(w)
        size = 1 + (r.index_cum((0.6, 0.85, 0.95, 1.0)) if r.chance(1.0) else 0)
        size = min(size, customers - idx)
        hh.members = size
        if size > 1 and r.chance(0.5) or size == 1 and r.chance(0.1):
            os_name, model = r.pick(TABLET_MODELS)
            hh.tablet = Device(w.devices.next(), "tablet", os_name, "17.5" if os_name == "iPadOS" else "14", model,
                               int(r.lognormal(5.0, 1.0)))
        for _ in range(size):
            w.customers.append(_customer(w, idx, hh))
            idx += 1
    if shared_devices:
        w.shared = build_shared(seed, w.customers)
    return w


# ---- where the customer is, and which network they are on -------------------

def day_ts(w: World, d: int, local_hour: int, tz: float) -> int:
    """UTC epoch of a random second within a local hour of day `d`."""
    return w.start + d * 86400 + int((local_hour - tz) * 3600) + w.r.below(3600)


def device_ua(dev: Device, abs_day: int) -> str:
    if dev.kind == "laptop":
        return browser_ua(dev.os_name, abs_day, dev.lag)
    return app_ua(app_version(abs_day - dev.lag), dev.os_name, dev.os_ver, dev.model)


def mobile_ip(w: World, carrier: Network) -> str:
    r = w.r
    if carrier.v6 and r.chance(0.4):
        return ipv6_in56(ipv6_prefix56(carrier, r), r)
    return random_ipv4(carrier, r)


def home_ip(w: World, hh: Household) -> str:
    if hh.v6 is not None and w.r.chance(0.5):
        return ipv6_in56(hh.v6, w.r)
    return ipv4_str(hh.ip)


def locate(c: Customer, w: World, d: int, hour: int, weekday: int) -> tuple[str, float, float, City]:
    """Where the customer is at that local hour: home, office, out in town or on a trip."""
    r = w.r
    if c.trip is not None:
        city = c.trip.city
        return "trip", city.lat + r.normal(0, 0.02), city.lon + r.normal(0, 0.03), city
    hh = c.hh
    if c.office is not None and weekday < 5 and 9 <= hour < 17 and r.chance(0.8):
        return "office", c.office.lat + r.normal(0, 0.0005), c.office.lon + r.normal(0, 0.0007), hh.city
    if hour < 8 or hour >= 20:
        if r.chance(0.8):
            return "home", hh.lat + r.normal(0, 0.0004), hh.lon + r.normal(0, 0.0006), hh.city
    elif r.chance(0.35):
        return "home", hh.lat + r.normal(0, 0.0004), hh.lon + r.normal(0, 0.0006), hh.city
    city = hh.city
    return "out", city.lat + r.normal(0, 0.03), city.lon + r.normal(0, 0.045), city


def session_ip(c: Customer, w: World, where: str, dev: Device) -> tuple[str, str | None, str | None]:
    """(ip, country, city) as the gateway's IP geolocation would see them; None: use the place."""
    r = w.r
    if c.vpn is not None and dev.kind == "laptop" and r.chance(0.5):
        return random_ipv4(c.vpn, r), c.vpn.country, c.vpn.city
    on_phone = dev.kind == "phone"
    if where == "home":
        if on_phone and r.chance(0.25):
            return mobile_ip(w, c.carrier), None, None
        return home_ip(w, c.hh), None, None
    if where == "office":
        if on_phone and r.chance(0.5):
            return mobile_ip(w, c.carrier), None, None
        return r.pick(c.office.ips), None, None  # type: ignore[union-attr]
    if where == "trip":
        t = c.trip
        u = r.u()
        if t.local_sim is not None and on_phone and u < 0.5:  # type: ignore[union-attr]
            return random_ipv4(t.local_sim, r), None, None  # type: ignore[union-attr]
        if u < 0.55 or not on_phone:
            return t.hotel_ip, None, None  # type: ignore[union-attr]
        # roaming is home-routed: a home-carrier address, geolocated at home
        return mobile_ip(w, c.carrier), c.hh.city.country, None
    if on_phone and not r.chance(0.06):
        return mobile_ip(w, c.carrier), None, None
    return random_ipv4(pick_isp(HOME_ISPS, c.hh.city.country, r), r), None, None  # café / public wifi


def pick_device(c: Customer, w: World, where: str, channel: str) -> Device | None:
    """The device a customer-initiated payment comes from (None for card-present/branch)."""
    r = w.r
    tablet = c.hh.tablet
    if channel == "web":
        if c.laptop is not None and where != "out":
            return c.laptop
        if tablet is not None and where == "home":
            return tablet
        return c.phone or c.laptop
    if tablet is not None and where == "home" and r.chance(0.3):
        return tablet
    return c.phone or c.laptop or tablet


# ---- one day of genuine payments -------------------------------------------

def _money(w: World, amount: float, country: str, local_currency: bool) -> tuple[float, str]:
    if local_currency:
        cur, rate = CURRENCY.get(country, (w.currency, 1.0))
        if cur != w.currency:
            amount *= rate / CURRENCY.get(w.country, ("EUR", 1.0))[1]
            if rate > 50:
                return float(round(amount)), cur
            return round(amount, 2), cur
    return round(max(0.01, amount), 2), w.currency


def emit_payment(c: Customer, w: World, d: int, ts: int, amount: float, payee: str, channel: str,
                 where: str, lat: float, lon: float, city: City, local_currency: bool = False) -> Row:
    """Fill the fields a gateway would send for this kind of payment and queue the row."""
    abs_day = w.day_info[d][0]
    ip = dev_id = ua = None
    country: str | None = city.country
    cname: str | None = city.name
    plat: float | None = lat
    plon: float | None = lon
    present = channel == "card_present"
    if present:
        channel = "card"
        if c.omit_geo:
            plat = plon = None
    elif channel == "branch":
        plat, plon = round(c.hh.city.lat, 3), round(c.hh.city.lon, 3)
        country, cname = c.hh.city.country, c.hh.city.name
    else:
        dev = pick_device(c, w, where, "web" if channel == "web" else "mobile")
        if dev is None:
            channel = "branch"
            plat, plon = round(c.hh.city.lat, 3), round(c.hh.city.lon, 3)
        else:
            ip, g_country, g_city = session_ip(c, w, where, dev)
            if g_country is not None:
                country, cname = g_country, g_city
            ua = device_ua(dev, abs_day)
            dev_id = None if c.omit_device else dev.device_id
            if channel == "card_online":
                channel = "card"
                plat = plon = None
            elif channel == "web" or dev.kind == "laptop":
                channel = "web"
                if c.web_geo:
                    plat, plon = round(city.lat, 2), round(city.lon, 2)
                else:
                    plat = plon = None
            elif c.omit_geo:
                plat = plon = None
    money, cur = _money(w, amount, city.country, local_currency)
    row = (ts, c.cid, money, cur, channel, ip, dev_id, ua,
           None if plat is None else round(plat, 4), None if plon is None else round(plon, 4),
           country, cname, payee, 0, None, None)
    if present and w.shared is not None:
        row = with_terminal(w.shared, row)
    w.out.append(row)
    return row


def _transfer_route(c: Customer, w: World, standing: bool) -> None:
    """Send the transfer just queued through the customer's payment provider, if they use one."""
    if w.shared is not None:
        w.out[-1] = via_provider(w.shared, c, w.out[-1], standing)


def _device_events(c: Customer, w: World) -> None:
    """One draw decides whether today brings a new phone, a reinstall, a cleared cookie jar..."""
    r = w.r
    u = r.u()
    if u < 1 / 700:
        if c.phone is not None:
            c.phone = new_phone(w, c.phone.os_name == "iOS")
        elif r.chance(0.3):
            c.phone = new_phone(w)
    elif u < 1 / 700 + 1 / 500:
        if c.phone is not None:
            c.phone = Device(w.devices.next(), "phone", c.phone.os_name, c.phone.os_ver, c.phone.model, c.phone.lag)
    elif u < 1 / 700 + 1 / 500 + 1 / 120:
        if c.laptop is not None:
            lt = c.laptop
            c.laptop = Device(w.devices.next(), "laptop", lt.os_name, "", "", lt.lag)
    elif u < 1 / 700 + 1 / 500 + 1 / 120 + 1 / 900:
        c.laptop = new_laptop(w)
    elif u < 1 / 700 + 1 / 500 + 1 / 120 + 1 / 900 + 1 / 100:
        p = c.phone
        if p is not None and p.os_name == "iOS" and p.os_ver in IOS_OS[:-1]:
            p.os_ver = IOS_OS[IOS_OS.index(p.os_ver) + 1]
        elif p is not None and p.os_name == "Android" and p.os_ver in ("12", "13", "14") and r.chance(0.3):
            p.os_ver = str(int(p.os_ver) + 1)


def _start_trip(c: Customer, w: World, d: int) -> None:
    r = w.r
    home = c.hh.city
    if r.chance(0.45):
        cs, cum = cities_of(home.country)
        choices = [x for x in cs if x.name != home.name]
        if not choices:
            return
        dest = r.pick(choices)
        length = r.between(1, 4)
    else:
        dests, cum = w.dest_countries
        country = r.pick_cum(dests, cum)
        if country == home.country:
            return
        cs, ccum = cities_of(country)
        dest = r.pick_cum(cs, ccum)
        length = max(2, min(21, int(r.lognormal(5.0, 0.5))))
    local_sim = None
    if dest.country not in EU and r.chance(0.25):
        local_sim = pick_isp(MOBILE_ISPS, dest.country, r)
    hotel = random_ipv4(pick_isp(HOME_ISPS, dest.country, r), r)
    c.trip = Trip(dest, d + length, hotel, local_sim, city_shops(w, dest))


def active(c: Customer, d: int) -> bool:
    return d >= c.join_day and not (c.dormant[0] <= d < c.dormant[1])


def customer_day(c: Customer, w: World, d: int) -> None:
    """Queue one day of this customer's genuine payments on `w.out`."""
    if d < c.join_day:
        return
    r = w.r
    abs_day, weekday, dom = w.day_info[d]
    hh = c.hh
    if d >= hh.next_change:  # the ISP hands the household line a new address
        hh.ip = ipv4_int(hh.isp, r)
        if hh.v6 is not None:
            hh.v6 = ipv6_prefix56(hh.isp, r)
        hh.next_change = d + r.geometric_days(hh.change_mean)
    # bills and subscriptions are collected even from dormant accounts
    for mday, payee, amount, kind in c.monthly:
        if mday != dom:
            continue
        if kind == "utility" or kind == "subscription":
            amt = amount * (1.0 + r.normal(0, 0.06)) if kind == "utility" else amount
            ts = day_ts(w, d, r.between(1, 6), hh.city.tz)
            ch = "direct_debit" if kind == "utility" else "card"
            w.out.append((ts, c.cid, round(amt, 2), w.currency, ch, None, None, None, None, None,
                          hh.city.country if kind == "utility" else None, None, payee, 0, None, None))
    if not active(c, d):
        return
    _device_events(c, w)
    if c.trip is not None and d >= c.trip.end_day:
        c.trip = None
    if c.trip is None and c.trip_rate > 0.0 and r.chance(c.trip_rate):
        _start_trip(c, w, d)
    trip = c.trip
    tz = trip.city.tz if trip is not None else hh.city.tz
    weekend = weekday >= 5
    hours = c.hours_we if weekend else c.hours_wd
    for mday, payee, amount, kind in c.monthly:
        if mday == dom and (kind == "rent" or kind == "savings"):
            hour = r.index_cum(hours)
            where, lat, lon, city = locate(c, w, d, hour, weekday)
            channel = c.online_pref if c.online_pref != "branch" or weekend is False else "web"
            emit_payment(c, w, d, day_ts(w, d, hour, tz), amount, payee, channel, where, lat, lon, city)
            _transfer_route(c, w, standing=True)
    lam = c.rate * (c.weekend_factor if weekend else 1.0) * (1.3 if trip is not None else 1.0)
    n = r.poisson(lam)
    for _ in range(n):
        hour = r.index_cum(hours)
        where, lat, lon, city = locate(c, w, d, hour, weekday)
        ts = day_ts(w, d, hour, tz)
        cat = CATEGORIES[r.index_cum(c.cat_cum)]
        med, sig = _CAT_AMOUNT[cat]
        new = r.chance(c.new_payee_p)
        local_currency = False
        if cat == "online":
            if new:
                payee, typ = r.pick_cum(*w.online), r.lognormal(1.0, 0.4)
                c.online_favs.append((payee, typ))
            else:
                payee, typ = r.pick(c.online_favs)
            u = r.u()
            channel = "card_online" if u < 0.6 else ("web" if u < 0.8 else "mobile")
        elif cat == "p2p":
            if new:
                payee, typ = w.accounts.next(), r.lognormal(1.0, 0.5)
                c.contacts.append((payee, typ))
            else:
                payee, typ = r.pick(c.contacts)
            channel = c.online_pref
            if channel == "branch" and r.chance(0.6):
                channel = "web"
        else:
            if trip is not None:
                payee, typ = r.pick_cum(*trip.merchants), r.lognormal(1.0, 0.35)
                local_currency = r.chance(0.75)
            elif new or where == "out" and r.chance(0.15):
                payee, typ = r.pick_cum(*city_shops(w, city)), r.lognormal(1.0, 0.35)
                if new:
                    c.favourites.append((payee, typ))
                    c.fav_cum.append(c.fav_cum[-1] + 1.0 / len(c.favourites))
            else:
                payee, typ = r.pick_cum(c.favourites, c.fav_cum)
            channel = "card_present" if r.chance(0.85) else "mobile"
        amount = c.amount * med * typ * math.exp(sig * 0.6 * r.normal())
        if cat == "p2p" and r.chance(0.7):
            step = r.pick(_ROUND_P2P)
            amount = max(step, round(amount / step) * step)
        emit_payment(c, w, d, ts, amount, payee, channel, where, lat, lon, city, local_currency)
        if cat == "p2p":
            _transfer_route(c, w, standing=False)
    if r.chance(c.big_rate):
        big_purchase(c, w, d, hours, weekday, tz)


def big_purchase(c: Customer, w: World, d: int, hours: list[float], weekday: int, tz: float) -> None:
    """A genuine large payment, usually to a new payee: a sofa, a laptop, a used car from a private seller."""
    r = w.r
    hour = r.index_cum(hours)
    where, lat, lon, city = locate(c, w, d, hour, weekday)
    amount = min(25000.0, c.wealth * r.lognormal(700.0, 0.8))
    u = r.u()
    if u < 0.3:  # transfer to a private person: deposit, used car, holiday flat
        payee = w.accounts.next()
        channel = c.online_pref if c.online_pref != "branch" or r.chance(0.5) else "web"
        amount = float(round(amount, -1))
    else:
        payee = r.pick_cum(*big_shops(w, city.country))
        channel = "card_present" if u < 0.6 else ("card_online" if u < 0.85 else "web")
    emit_payment(c, w, d, day_ts(w, d, hour, tz), amount, payee, channel, where, lat, lon, city,
                 c.trip is not None and r.chance(0.75))
