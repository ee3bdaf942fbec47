"""The static world of the generator: places, networks and user agents.

Every IPv4/IPv6 prefix below was checked against the geoip2fast databases
shipped with our dependencies (country, and the ISP's ASN name), so a scorer
that looks up the ASN of a generated address finds the ISP it is meant to
come from: home broadband, mobile carriers (with carrier-grade NAT, a fresh
address per session) and hosting/VPN providers.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from benchmarks.gen_random import Rand, cumulative


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str
    lat: float
    lon: float
    weight: float  # population, millions: where customers live and travel
    tz: float  # UTC offset in hours (standard time; DST is ignored)


CITIES: tuple[City, ...] = (
    City("Berlin", "DE", 52.5200, 13.4050, 3.6, 1), City("Hamburg", "DE", 53.5511, 9.9937, 1.9, 1),
    City("Munich", "DE", 48.1351, 11.5820, 1.5, 1), City("Cologne", "DE", 50.9375, 6.9603, 1.1, 1),
    City("Frankfurt", "DE", 50.1109, 8.6821, 0.75, 1), City("Stuttgart", "DE", 48.7758, 9.1829, 0.63, 1),
    City("Düsseldorf", "DE", 51.2277, 6.7735, 0.62, 1), City("Leipzig", "DE", 51.3397, 12.3731, 0.6, 1),
    City("Dresden", "DE", 51.0504, 13.7373, 0.55, 1), City("Hanover", "DE", 52.3759, 9.7320, 0.53, 1),
    City("Nuremberg", "DE", 49.4521, 11.0767, 0.52, 1), City("Bremen", "DE", 53.0793, 8.8017, 0.56, 1),
    City("Paris", "FR", 48.8566, 2.3522, 2.1, 1), City("Lyon", "FR", 45.7640, 4.8357, 0.5, 1),
    City("Marseille", "FR", 43.2965, 5.3698, 0.87, 1), City("Nice", "FR", 43.7102, 7.2620, 0.34, 1),
    City("Vienna", "AT", 48.2082, 16.3738, 1.9, 1), City("Salzburg", "AT", 47.8095, 13.0550, 0.15, 1),
    City("Zurich", "CH", 47.3769, 8.5417, 0.42, 1),
    City("Amsterdam", "NL", 52.3676, 4.9041, 0.87, 1), City("Rotterdam", "NL", 51.9244, 4.4777, 0.65, 1),
    City("London", "GB", 51.5072, -0.1276, 8.9, 0), City("Manchester", "GB", 53.4808, -2.2426, 0.55, 0),
    City("Madrid", "ES", 40.4168, -3.7038, 3.2, 1), City("Barcelona", "ES", 41.3874, 2.1686, 1.6, 1),
    City("Palma", "ES", 39.5696, 2.6502, 0.4, 1),
    City("Rome", "IT", 41.9028, 12.4964, 2.8, 1), City("Milan", "IT", 45.4642, 9.1900, 1.4, 1),
    City("Lisbon", "PT", 38.7223, -9.1393, 0.5, 0), City("Athens", "GR", 37.9838, 23.7275, 0.66, 2),
    City("Warsaw", "PL", 52.2297, 21.0122, 1.8, 1), City("Bucharest", "RO", 44.4268, 26.1025, 1.8, 2),
    City("Istanbul", "TR", 41.0082, 28.9784, 15.0, 3),
    City("New York", "US", 40.7128, -74.0060, 8.3, -5), City("Miami", "US", 25.7617, -80.1918, 0.45, -5),
    City("San Francisco", "US", 37.7749, -122.4194, 0.87, -8),
    City("Bangkok", "TH", 13.7563, 100.5018, 10.0, 7), City("Dubai", "AE", 25.2048, 55.2708, 3.3, 4),
    City("Tokyo", "JP", 35.6762, 139.6503, 14.0, 9), City("São Paulo", "BR", -23.5505, -46.6333, 12.0, -3),
    City("Lagos", "NG", 6.5244, 3.3792, 15.0, 1), City("Mumbai", "IN", 19.0760, 72.8777, 12.0, 5.5),
    City("Ho Chi Minh City", "VN", 10.8231, 106.6297, 9.0, 7),
)

# Currency and EUR exchange rate (units per EUR) of each country; card
# payments abroad are often settled in the local currency.
CURRENCY: dict[str, tuple[str, float]] = {
    "DE": ("EUR", 1.0), "FR": ("EUR", 1.0), "AT": ("EUR", 1.0), "NL": ("EUR", 1.0), "ES": ("EUR", 1.0),
    "IT": ("EUR", 1.0), "PT": ("EUR", 1.0), "GR": ("EUR", 1.0), "CH": ("CHF", 0.95), "GB": ("GBP", 0.85),
    "PL": ("PLN", 4.3), "RO": ("RON", 5.0), "TR": ("TRY", 38.0), "US": ("USD", 1.08), "TH": ("THB", 38.0),
    "AE": ("AED", 4.0), "JP": ("JPY", 165.0), "BR": ("BRL", 6.0), "NG": ("NGN", 1700.0),
    "IN": ("INR", 90.0), "VN": ("VND", 27000.0),
}

# Where people from Europe go on holiday, relative weights; the rest of the
# world is reachable with a small weight (visiting family, business).
TRAVEL_WEIGHT: dict[str, float] = {
    "ES": 10, "IT": 8, "FR": 6, "AT": 6, "NL": 3, "GB": 4, "PT": 3, "GR": 4, "CH": 3, "PL": 2,
    "TR": 5, "US": 3, "TH": 1.5, "AE": 1.5, "JP": 0.8, "DE": 6, "RO": 1, "BR": 0.4, "IN": 0.4,
    "NG": 0.2, "VN": 0.4,
}

# Countries other than Europe's: where a payment minutes after one at home
# cannot be genuine.
FAR_COUNTRIES: tuple[str, ...] = ("US", "TH", "AE", "JP", "BR", "NG", "IN", "VN")
# Residential networks fraudsters commonly operate from or proxy through.
FRAUD_ORIGINS: tuple[str, ...] = ("RO", "NG", "BR", "VN", "IN", "TR", "PL", "US")


@dataclass(slots=True)
class Network:
    """One ISP's (or hoster's) address space: pick addresses uniformly in it."""

    name: str
    country: str
    v4: list[tuple[int, int]]  # (first address, size)
    v6: list[tuple[int, int]]  # (first address, prefix length)
    cum4: list[float] = field(default_factory=list)
    city: str | None = None  # hosting: the data-centre's city
    lat: float | None = None
    lon: float | None = None


def _net(name: str, country: str, v4: list[str], v6: list[str] = (), city: str | None = None,
         lat: float | None = None, lon: float | None = None) -> Network:
    r4 = [(int(n.network_address), n.num_addresses) for n in map(ipaddress.IPv4Network, v4)]
    r6 = [(int(n.network_address), n.prefixlen) for n in map(ipaddress.IPv6Network, v6)]
    return Network(name, country, r4, r6, cumulative([float(s) ** 0.5 for _, s in r4]), city, lat, lon)


# country -> [(weight, network)] for home broadband and for mobile carriers.
HOME_ISPS: dict[str, list[tuple[float, Network]]] = {
    "DE": [(0.40, _net("Deutsche Telekom", "DE", ["79.192.0.0/10", "87.128.0.0/14", "91.0.0.0/11", "93.192.0.0/12", "84.128.0.0/12", "217.80.0.0/15"], ["2003:e0::/30"])),
           (0.30, _net("Vodafone DE", "DE", ["95.88.0.0/17", "88.64.0.0/12", "2.200.0.0/13", "178.24.0.0/14", "91.64.0.0/14", "77.20.0.0/14"], ["2a02:8108::/35", "2a02:8070::/32"])),
           (0.12, _net("Telefonica DE", "DE", ["85.176.0.0/13", "2.240.0.0/13"], ["2a02:3100::/24"])),
           (0.13, _net("1&1 Versatel", "DE", ["89.244.0.0/15", "94.134.0.0/15", "88.130.0.0/17"], ["2001:16b8::/32"])),
           (0.05, _net("M-net", "DE", ["188.174.0.0/16", "88.217.0.0/16"]))],
    "FR": [(0.6, _net("Orange FR", "FR", ["90.0.0.0/13", "86.192.0.0/11"], ["2a01:cb00::/30"])),
           (0.4, _net("Free", "FR", ["78.192.0.0/12", "82.64.0.0/14"], ["2a01:e0a::/38"]))],
    "GB": [(0.6, _net("BT", "GB", ["86.128.0.0/14", "31.94.0.0/16"], ["2a00:23c4::/31"])),
           (0.4, _net("Virgin Media", "GB", ["81.96.0.0/13", "82.0.0.0/15"]))],
    "ES": [(0.7, _net("Telefonica ES", "ES", ["81.32.0.0/13", "83.32.0.0/11", "88.0.0.0/11", "79.144.0.0/12"])),
           (0.3, _net("Orange ES", "ES", ["90.160.0.0/12"]))],
    "IT": [(0.6, _net("TIM", "IT", ["79.0.0.0/11"])), (0.4, _net("Fastweb", "IT", ["93.32.0.0/12"]))],
    "NL": [(0.5, _net("KPN", "NL", ["84.80.0.0/16", "77.160.0.0/15"], ["2a02:a440::/31"])),
           (0.5, _net("VodafoneZiggo", "NL", ["84.24.0.0/13", "62.194.0.0/15", "213.124.0.0/14"], ["2001:1c00::/36"]))],
    "AT": [(0.6, _net("A1 Telekom", "AT", ["91.112.0.0/14"])),
           (0.4, _net("Magenta AT", "AT", ["84.112.0.0/14", "62.178.0.0/16"]))],
    "CH": [(1.0, _net("Swisscom", "CH", ["83.76.0.0/15"]))],
    "PL": [(1.0, _net("Orange PL", "PL", ["83.0.0.0/15", "46.134.0.0/17"]))],
    "PT": [(0.5, _net("MEO", "PT", ["85.240.0.0/13"])), (0.5, _net("NOS", "PT", ["89.180.0.0/15"]))],
    "GR": [(1.0, _net("OTE", "GR", ["94.64.0.0/17"]))],
    "RO": [(1.0, _net("Digi RO", "RO", ["86.120.0.0/14"]))],
    "TR": [(1.0, _net("Turk Telekom", "TR", ["85.96.0.0/18", "78.160.0.0/17"]))],
    "US": [(0.6, _net("Comcast", "US", ["73.0.0.0/13", "24.0.0.0/14"], ["2601:1c0::/34"])),
           (0.4, _net("Spectrum", "US", ["98.1.0.0/16"]))],
    "TH": [(1.0, _net("True Online", "TH", ["171.96.0.0/15"]))],
    "AE": [(1.0, _net("du", "AE", ["94.200.0.0/14"]))],
    "JP": [(1.0, _net("SoftBank", "JP", ["126.0.0.0/12", "60.64.0.0/10"]))],
    "BR": [(0.5, _net("V tal", "BR", ["177.0.0.0/15"])), (0.5, _net("Claro BR", "BR", ["186.204.0.0/14"]))],
    "NG": [(1.0, _net("Glo", "NG", ["41.203.64.0/21"]))],
    "IN": [(1.0, _net("BSNL", "IN", ["117.192.0.0/12"]))],
    "VN": [(1.0, _net("VNPT", "VN", ["14.160.0.0/12", "113.160.0.0/11"]))],
}

MOBILE_ISPS: dict[str, list[tuple[float, Network]]] = {
    "DE": [(0.4, _net("Telekom Mobil", "DE", ["80.187.0.0/17", "37.80.0.0/12"], ["2a01:598::/32"])),
           (0.3, _net("Vodafone DE Mobil", "DE", ["109.40.0.0/13", "37.201.0.0/16"])),
           (0.3, _net("O2 DE", "DE", ["176.0.0.0/13", "46.114.0.0/15", "77.0.0.0/12"]))],
    "FR": [(0.5, _net("Bouygues", "FR", ["176.128.0.0/11", "80.215.0.0/16"])),
           (0.5, _net("Orange FR Mobile", "FR", ["92.184.0.0/16"]))],
    "GB": [(0.4, _net("Three UK", "GB", ["92.40.0.0/16"])), (0.6, _net("EE", "GB", ["2.24.0.0/13"]))],
    "ES": [(1.0, _net("Movistar", "ES", ["95.120.0.0/13", "176.82.0.0/15"]))],
    "IT": [(0.5, _net("WindTre", "IT", ["151.16.0.0/12"])),
           (0.5, _net("Vodafone IT", "IT", ["5.88.0.0/13", "2.32.0.0/12", "37.176.0.0/13"]))],
    "NL": [(0.5, _net("Odido", "NL", ["31.20.0.0/15"])), (0.5, _net("Vodafone NL", "NL", ["95.96.0.0/15"]))],
    "AT": [(0.5, _net("Drei AT", "AT", ["178.112.0.0/15"])), (0.5, _net("Magenta Mobil", "AT", ["80.108.0.0/15"]))],
    "CH": [(1.0, _net("Swisscom Mobile", "CH", ["178.192.0.0/13"]))],
    "PL": [(0.5, _net("Plus PL", "PL", ["31.0.0.0/16"])), (0.5, _net("Orange PL Mobile", "PL", ["37.47.0.0/16"]))],
    "PT": [(1.0, _net("MEO Mobile", "PT", ["85.240.0.0/13"]))],
    "GR": [(1.0, _net("Vodafone GR", "GR", ["79.166.0.0/15"]))],
    "RO": [(1.0, _net("Vodafone RO", "RO", ["95.76.0.0/15"]))],
    "TR": [(1.0, _net("Turk Telekom Mobil", "TR", ["78.160.0.0/17"]))],
    "US": [(0.4, _net("T-Mobile US", "US", ["172.56.0.0/15"], ["2607:fb90::/39"])),
           (0.35, _net("Verizon", "US", ["174.192.0.0/12"])), (0.25, _net("AT&T", "US", ["107.77.0.0/18"]))],
    "TH": [(1.0, _net("TrueMove", "TH", ["27.55.0.0/18"]))],
    "AE": [(1.0, _net("du Mobile", "AE", ["5.30.0.0/15"]))],
    "JP": [(1.0, _net("SoftBank Mobile", "JP", ["126.0.0.0/12"]))],
    "BR": [(1.0, _net("Claro BR Mobile", "BR", ["186.204.0.0/14"]))],
    "NG": [(1.0, _net("MTN NG", "NG", ["102.88.0.0/13", "197.210.0.0/16"]))],
    "IN": [(1.0, _net("Jio", "IN", ["49.32.0.0/13"]))],
    "VN": [(1.0, _net("VNPT Mobile", "VN", ["14.160.0.0/12"]))],
}

# Data centres: cloud, dedicated servers and the hosters commercial VPNs exit from.
HOSTING: tuple[Network, ...] = (
    _net("AWS eu-central-1", "DE", ["3.120.0.0/13", "18.192.0.0/13"], city="Frankfurt", lat=50.1109, lon=8.6821),
    _net("Hetzner", "DE", ["88.198.0.0/16", "78.46.0.0/15", "5.9.0.0/16", "136.243.0.0/16"], city="Nuremberg", lat=49.4521, lon=11.0767),
    _net("OVH", "FR", ["54.37.0.0/18"], city="Roubaix", lat=50.6942, lon=3.1746),
    _net("DigitalOcean AMS", "NL", ["188.166.0.0/17"], city="Amsterdam", lat=52.3676, lon=4.9041),
    _net("Datacamp", "NL", ["212.102.35.0/24"], city="Amsterdam", lat=52.3676, lon=4.9041),
    _net("M247", "RO", ["193.176.84.0/23"], city="Bucharest", lat=44.4268, lon=26.1025),
    _net("AWS us-east-1", "US", ["3.80.0.0/12", "54.80.0.0/13"], city="Ashburn", lat=39.0438, lon=-77.4874),
    _net("Linode SG", "SG", ["139.162.0.0/18"], city="Singapore", lat=1.3521, lon=103.8198),
)
# The hosters commercial VPN services (used by genuine customers too) exit from.
VPN_EXITS: tuple[Network, ...] = tuple(n for n in HOSTING if n.name in ("M247", "Datacamp", "DigitalOcean AMS", "Hetzner", "OVH"))


def pick_isp(table: dict[str, list[tuple[float, Network]]], country: str, r: Rand) -> Network:
    options = table.get(country) or table["DE"]
    cum = cumulative([w for w, _ in options])
    return options[r.index_cum(cum)][1]


def ipv4_int(net: Network, r: Rand) -> int:
    base, size = net.v4[r.index_cum(net.cum4)]
    a = base + int(r.u() * size)
    low = a & 255
    if low == 0 or low == 255:
        a ^= 1
    return a


def ipv4_str(a: int) -> str:
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


def random_ipv4(net: Network, r: Rand) -> str:
    return ipv4_str(ipv4_int(net, r))


def ipv6_prefix56(net: Network, r: Rand) -> int | None:
    """A customer's delegated /56 inside the ISP's IPv6 space, as an int (or None)."""
    if not net.v6:
        return None
    base, plen = net.v6[r.below(len(net.v6))]
    bits = 56 - plen
    return base | (int(r.u() * (1 << min(bits, 52))) << 72)


def ipv6_in56(prefix: int, r: Rand) -> str:
    """An address in a /56: a subnet and a privacy-extension interface id."""
    subnet = r.below(4) << 64
    iid = (int(r.u() * (1 << 32)) << 32) | int(r.u() * (1 << 32))
    return str(ipaddress.IPv6Address(prefix | subnet | iid))


# ---- user agents -----------------------------------------------------------

ANDROID_MODELS = ("SM-S918B", "SM-S911B", "SM-A546B", "SM-A156B", "Pixel 8", "Pixel 7a", "2311DRK48G",
                  "CPH2451", "SM-G991B", "SM-A336B", "Pixel 9", "SM-S928B")
IOS_MODELS = ("iPhone14,5", "iPhone14,7", "iPhone15,2", "iPhone15,4", "iPhone16,1", "iPhone16,2",
              "iPhone17,1", "iPhone13,2", "iPhone12,1", "iPhone17,3")
TABLET_MODELS = (("iPadOS", "iPad13,18"), ("iPadOS", "iPad14,3"), ("Android", "SM-X710"), ("Android", "SM-X200"))
ANDROID_OS = (12, 13, 14, 15)
IOS_OS = ("17.4", "17.5", "17.6", "18.1", "18.2", "18.3")
BROWSERS = ("chrome_win", "chrome_mac", "firefox_win", "safari_mac", "edge_win", "chrome_linux")
BROWSER_CUM = cumulative((0.42, 0.08, 0.12, 0.2, 0.15, 0.03))

_DAY0 = 20454  # 2026-01-01 in days since the epoch: the version clocks below are anchored there


def app_version(abs_day: int) -> str:
    """The newest BankApp release on that day: a minor release every three weeks."""
    minor = 4 + (abs_day - _DAY0) // 21
    if minor < 0:
        return f"6.{minor + 20}"
    return f"7.{minor}"


def app_ua(version: str, os_name: str, os_ver: str, model: str) -> str:
    return f"BankApp/{version} ({os_name} {os_ver}; {model})"


def browser_ua(kind: str, abs_day: int, lag: int) -> str:
    """Browsers auto-update every four weeks; `lag` days of delay per customer."""
    d = abs_day - lag - _DAY0
    chrome = 132 + d // 28
    if kind == "chrome_win":
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36"
    if kind == "chrome_mac":
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36"
    if kind == "chrome_linux":
        return f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36"
    if kind == "edge_win":
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.0.0"
    if kind == "firefox_win":
        ff = 134 + d // 28
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0"
    minor = 2 + max(0, d) // 60
    return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{minor} Safari/605.1.15"
