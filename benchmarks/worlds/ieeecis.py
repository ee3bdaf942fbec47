"""IEEE-CIS world: card-not-present e-commerce payments shaped like the Kaggle "IEEE-CIS
Fraud Detection" data (Vesta Corporation: train_transaction.csv + train_identity.csv),
as a converter of that file into the replay format would plausibly produce it.

What it reproduces of the IEEE-CIS file
  * ~6 months of card-not-present payments in USD (TransactionDT = seconds from a
    reference, usually read as 2017-12-01), ~3.5 % of rows fraud (training file: 590,540
    rows, isFraud 3.5 %); a daily cycle quiet around 04-10 UTC (Vesta's customers are
    mostly American), a mild weekly rhythm, a busy December, volume growing a little.
    Fraud follows the daily cycle less.
  * ProductCD W / C / R / H / S in the file's mix (74.5 / 11.6 / 6.4 / 5.6 / 1.9 % of rows)
    and fraud rates (2.0 / 11.7 / 3.8 / 4.8 / 5.9 %). Amounts: W broad (median ~$65,
    repeated price points 59, 117, 107.95, 226 ..., a tail to thousands), C small and
    converted from the buyer's currency (31.95, 12.584: up to three decimals), H / R / S
    round (25, 50, 100, 150, 200 ...).
  * cards: card1 (BIN-like, 1000-18396, ~13,500 values used very unevenly) fixing card2..
    card6 (card3 150 for US issuers, 185 / 144 / 119 ... for the foreign ones C buyers
    use; visa / mastercard / american express / discover; ~75 % debit); billing region
    addr1 (~330 codes) and addr2 (87 = US for ~88 % of rows, missing for ~11 %, mostly
    C). A client (the analyses' card1 + addr1 + open day) repeats its card, address,
    devices and habits; ~1/3 of them pay once, a few pay weekly or more.
  * identity (DeviceType, DeviceInfo, id_31) on ~24 % of rows: nearly all C / H / R / S
    rows, almost no W row. DeviceInfo is a model / OS string shared by many people:
    "Windows" ~40 % of those present, "iOS Device" ~20 %, "MacOS" ~10 %, "Trident/7.0",
    "rv:11.0" and a long tail of Android builds ("SM-J700M Build/MMB29K", "Moto G (5)
    Plus ...", "LG-H870 ...", "Hisense F24 ..."); id_31 is a browser and version that
    moves forward at each release (chrome 62 -> 67, firefox 57 -> 60, edge 16 -> 17,
    samsung browser 6.2 -> 7.0), each user updating with a lag, some never.
  * Vesta's labelling: a chargeback marks a payment fraud, and the later payments linked
    to that card's account, email or address are labelled fraud too, so fraud comes in
    clients whose payments are (nearly) all fraud. Three shapes (scenario):
    fraud_client (~55 % of fraud rows): a fraudster's own new card, a few to dozens of
    purchases minutes to days apart, escalating, a third after a small test; often C,
    often an Android phone, credit cards and "bad" BINs over-represented; 40 % of
    fraudsters run several cards (of one BIN batch and region for a third of them, which
    the proxy merges into one customer) from one device.
    compromised_card (~25 %): an established client taken over: 2-8 larger payments from
    the fraudster's device (20 %: the client's own), after which every payment of the
    client is labelled fraud (Vesta's rule), its own habitual ones included.
    card_testing (~20 %): 2-11 cards of one BIN batch, each tried with 3-15 tiny amounts
    seconds apart from one device, 30 % of them then used for 1-3 real purchases.

Mapping into the replay format
  transaction_id = "ic-" + TransactionID (from 2987000, in time order as in the file);
  timestamp = --start (2017-12-01T00:00:00Z) + TransactionDT; customer_id = "ic-" +
  card1-card2-card3-card5-card6-addr1 ("nan" when missing), the usual customer proxy: it
  splits no cardholder but merges those sharing a BIN-like card1 and region (here ~3 % of
  ids, and a few big merged ids - foreign C cards without an address, popular W BINs -
  with 3-12 payments a day); payee_id = "ic-p" + ProductCD (five payees in all); amount =
  TransactionAmt; currency USD; channel = DeviceType ("mobile" / "desktop") when identity
  exists; device_id = DeviceInfo as is (the shared model / OS string); user_agent =
  id_31; country "US" for addr2 87, another ISO code for the few other addr2, empty when
  addr2 is missing; no ip, lat, lon, city (the file has none usable). Email domains,
  dist and the C / D / M / V columns have no replay field and are not simulated.
  fraud_reported_at (not in the file; our choice): one chargeback per fraud card or
  compromise, 10 + min(lognormal(median 15), 50) days after its first fraud payment
  (10-60 days, median ~25) on all its rows; a row paid after the chargeback gets its own
  time (the account is already flagged); 5 % are never reported (empty).

What it changes
  A fresh re-implementation from published descriptions and well-known analyses of the
  competition data, no data read: our own BIN, region and device tables, price points,
  exchange rates and fraud mixture; proxy merges kept to a few % of ids (the raw file's
  card1+addr1 merges far more); default 182 days from 2017-12-01 and 48,000 cards,
  ~300,000 rows (about half the training file).

Citation
  Vesta Corporation and IEEE Computational Intelligence Society, "IEEE-CIS Fraud
  Detection", Kaggle competition, 2019, https://www.kaggle.com/c/ieee-fraud-detection ;
  labelling as described by Vesta in its discussion forum
  (https://www.kaggle.com/c/ieee-fraud-detection/discussion/101203).

Run: python -m benchmarks.worlds.ieeecis --out world-ieeecis.csv.gz [--seed 7]
         [--cards 48000] [--days 182] [--start 2017-12-01] [--fraud-rate 0.035]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import sys
import time

import numpy as np

# --------------------------------------------------------------------------- products
PRODUCTS = "WCRHS"
W, C, R, H, S = range(5)
ROW_SHARE = np.array([0.745, 0.116, 0.064, 0.056, 0.019])       # share of all rows
FRAUD_RATE = np.array([0.020, 0.117, 0.038, 0.048, 0.059])      # fraud share within the product
IDENTITY_P = np.array([0.004, 0.93, 0.96, 0.97, 0.94])          # rows with an identity record
ADDR_MISSING_P = np.array([0.005, 0.88, 0.03, 0.03, 0.03])      # per client, by main product
# the fraud rows' product mix that gives those rates
FRAUD_PROD = ROW_SHARE * FRAUD_RATE / (ROW_SHARE * FRAUD_RATE).sum()
# round price grids of H / R / S (value, weight)
GRID = {H: ([25, 35, 50, 75, 100, 125, 150, 200, 250, 300, 500], [10, 8, 20, 14, 18, 6, 8, 7, 4, 3, 2]),
        R: ([50, 75, 100, 125, 150, 200, 250, 300, 400, 500, 750, 1000], [10, 8, 20, 8, 16, 13, 7, 7, 4, 4, 1, 2]),
        S: ([10, 15, 20, 25, 30, 35, 40, 50, 60, 75, 100, 150, 200], [8, 8, 12, 12, 9, 8, 6, 12, 4, 6, 8, 4, 3])}
# W's most repeated price points (the rest of the list is drawn once, fixed seed)
W_POINTS = [59.0, 117.0, 107.95, 226.0, 57.95, 100.0, 49.0, 39.0, 29.0, 50.0, 171.0, 97.0, 335.0,
            47.95, 280.0, 445.0, 77.0, 150.0, 34.0, 30.0, 58.95, 67.95, 118.5, 54.5, 25.0, 45.0, 200.0,
            35.0, 40.0, 75.0, 125.0, 92.0, 82.0, 169.0, 108.5, 15.0, 20.0, 300.0, 250.0, 400.0]
# C's buyers pay in local money converted to USD (rate, share of C clients)
FX = [(1.0, .34), (0.0524, .16), (0.787, .10), (1.221, .10), (0.301, .08), (1.392, .05),
      (0.0498, .06), (0.0154, .05), (0.00035, .03), (0.0161, .03)]

SCENARIOS = ["", "fraud_client", "compromised_card", "card_testing"]
SCEN_SHARE = np.array([0.0, 0.55, 0.25, 0.20])
TEST_PROD = np.array([0.25, 0.55, 0.0, 0.08, 0.12])               # card testing: mostly C
NEVER_REPORTED = 0.05

# --------------------------------------------------------------------------- time
HOUR_W = np.array([1.00, 0.92, 0.78, 0.58, 0.38, 0.24, 0.16, 0.12, 0.10, 0.10, 0.13, 0.21,
                   0.36, 0.52, 0.66, 0.77, 0.85, 0.90, 0.94, 0.97, 1.00, 1.03, 1.04, 1.03])
HOUR_P = HOUR_W / HOUR_W.sum()
FRAUD_HOUR_P = 0.5 * HOUR_P + 0.5 / 24                           # fraud follows the cycle less
DOW_W = [1.04, 1.03, 1.01, 1.00, 0.99, 0.95, 0.98]               # Monday .. Sunday

# --------------------------------------------------------------------------- identity
DESKTOP, MOBILE = 0, 1
FIXED_DEVICES = ["Windows", "iOS Device", "MacOS", "Trident/7.0", "rv:11.0", "Linux"]
# device classes: Windows, iOS, MacOS, Trident, rv:11.0, Linux, Android (share of DeviceInfo)
CLASS_P = np.array([0.40, 0.20, 0.10, 0.063, 0.015, 0.004, 0.218])
FRAUD_CLASS_P = np.array([0.34, 0.16, 0.04, 0.02, 0.002, 0.003, 0.435])
ANDROID = 6
# browser schedules: (release date, version); a user runs the version out `lag` days earlier
CHROME = [("2017-09-05", "61.0"), ("2017-10-17", "62.0"), ("2017-12-06", "63.0"), ("2018-01-24", "64.0"),
          ("2018-03-06", "65.0"), ("2018-04-17", "66.0"), ("2018-05-29", "67.0")]
FIREFOX = [("2017-09-28", "56.0"), ("2017-11-14", "57.0"), ("2018-01-23", "58.0"),
           ("2018-03-13", "59.0"), ("2018-05-09", "60.0")]
EDGE = [("2017-04-11", "15.0"), ("2017-10-17", "16.0"), ("2018-04-30", "17.0")]
SAMSUNG = [("2017-08-01", "6.2"), ("2018-02-01", "6.4"), ("2018-05-01", "7.0")]
BROWSERS = [("chrome {}", CHROME), ("chrome {} for android", CHROME), ("chrome {} for ios", CHROME),
            ("firefox {}", FIREFOX), ("edge {}", EDGE), ("samsung browser {}", SAMSUNG),
            ("ie 11.0 for desktop", None), ("mobile safari 11.0", None), ("mobile safari generic", None),
            ("mobile safari 10.0", None), ("safari generic", None), ("safari 11.0", None),
            ("android webview 4.0", None), ("google search application 48.0", None),
            ("chrome generic", None), ("opera generic", None), ("firefox mobile {}", FIREFOX)]
# browser mix per device class (indices into BROWSERS, weights)
CLASS_BROWSERS = [([0, 3, 4, 6, 14, 15], [72, 10, 11, 4, 2, 1]),          # Windows
                  ([7, 8, 9, 2, 13], [55, 18, 7, 12, 8]),                   # iOS Device
                  ([0, 11, 10, 3], [50, 25, 17, 8]),                        # MacOS
                  ([6], [1]), ([6], [1]), ([0, 3], [7, 3]),                 # Trident, rv:11.0, Linux
                  ([1, 12, 16, 14], [88, 6, 2, 4])]                         # Android (+ samsung browser)


def _android_models() -> list[str]:
    """~2,100 Android DeviceInfo strings in the file's styles, most popular first.
    Fixed (independent of --seed): the same model names in every world."""
    r = np.random.default_rng(20171201)
    top = ["SM-J700M Build/MMB29K", "SM-G610M Build/MMB29K", "SM-G531H Build/LMY48B",
           "SM-G935F Build/NRD90M", "SM-G955U Build/NRD90M", "SM-G532M Build/MMB29T",
           "ALE-L23 Build/HuaweiALE-L23", "SM-G950U Build/NRD90M", "SM-G930V Build/NRD90M",
           "Moto G (5) Plus Build/NPNS25.137-35-5", "SM-J320M Build/LMY47V", "Moto E (4) Build/NMA26.42-69",
           "SM-A520F Build/NRD90M", "LG-H870 Build/NRD90U", "hi6210sft Build/MRA58K", "SM-G930V",
           "Moto G (4) Build/NPJ25.93-14", "SM-N950U Build/NMF26X", "Hisense F24 Build/NRD90M",
           "SM-J710MN Build/MMB29K", "LG-K410 Build/LRX22G", "Moto Z2 Play Build/NPSS26.118-19-14"]
    builds = ["LMY47V", "LMY48B", "MMB29K", "MMB29M", "MMB29T", "NRD90M", "NRD90U", "NMF26X", "R16NW"]
    cand: list[str] = []
    for pre, nums in (("SM-G", [350, 360, 386, 388, 390, 530, 531, 532, 550, 570, 600, 610, 611, 800, 850,
                                 870, 891, 892, 900, 903, 920, 925, 928, 930, 935, 950, 955, 960, 965]),
                      ("SM-J", [100, 106, 111, 120, 200, 250, 260, 320, 327, 330, 337, 400, 500, 510, 530,
                                 600, 700, 701, 710, 720, 727, 730, 737, 810]),
                      ("SM-A", [300, 310, 320, 500, 510, 520, 530, 600, 700, 710, 720, 730, 750, 800]),
                      ("SM-N", [900, 910, 915, 920, 930, 950, 960]),
                      ("SM-T", [113, 230, 280, 350, 377, 380, 385, 560, 580, 585, 710, 810, 820])):
        for num in nums:
            for suf in ("", "V", "U", "A", "P", "T", "F", "M", "H", "W", "DS", "AZ", "MT", "FN", "Y"):
                cand.append(f"{pre}{num}{suf}")
    for pre in ("LG-H", "LG-K", "LG-M", "LG-D", "LG-X", "LGLS", "LG-US", "LG-TP"):
        cand += [f"{pre}{n}" for n in r.choice(np.arange(100, 999), 70, replace=False)]
    cand += [f"Moto {m}" for m in ("G (4)", "G (5)", "G (5) Plus", "G (5S) Plus", "E (4)", "E (4) Plus",
                                    "Z2 Play", "C", "C Plus", "X Play", "G Play", "E5 Play", "Z Play")]
    cand += [f"XT{n}" for n in r.choice(np.arange(1000, 1800), 150, replace=False)]
    cand += [f"Hisense {m}" for m in ("F24", "L675", "U963", "F23", "F20", "T963", "L695", "F8 MINI")]
    cand += ["HUAWEI VNS-L23", "PRA-LX3", "TRT-LX3", "CAM-L03", "BLL-L23", "WAS-LX3", "Huawei Y625-U13",
             "ZTE Blade A602", "Z981", "Z835", "Z971", "Alcatel 5044R", "Alcatel 5056A", "Pixel", "Pixel 2",
             "Pixel XL", "Nexus 5X", "Nexus 6P", "Redmi Note 4", "Redmi 4A", "Mi A1", "HTC One M9",
             "HTC Desire 650", "KFFOWI", "KFAUWI", "Lenovo K33b36", "BLADE A110", "ASUS_X00ID", "E6810"]
    out = list(top)
    seen = set(out)
    for c in (cand[i] for i in r.permutation(len(cand))):
        k = r.random()
        name = c if k < 0.45 else f"{c} Build/{builds[int(r.integers(len(builds)))]}" if k < 0.9 \
            else f"SAMSUNG {c} Build/{builds[int(r.integers(len(builds)))]}" if c.startswith("SM-") else c
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _life(u: np.ndarray) -> np.ndarray:
    """A card's active life in days (from U(0, 1) draws): weeks for some, longer than the window for many."""
    return 182.0 * (0.05 + 1.2 * u ** 0.7)


def _tables() -> dict[str, np.ndarray]:
    """The fixed BIN (card1 -> card2..card6) and billing-region tables, independent of --seed."""
    r = np.random.default_rng(20180101)
    n = 13_500
    card1 = r.choice(np.arange(1000, 18397), n, replace=False)
    foreign = r.random(n) < 0.2
    card4 = r.choice(4, n, p=[0.66, 0.31, 0.018, 0.012])           # visa, mastercard, amex, discover
    card5 = np.select([card4 == 0, card4 == 1, card4 == 2],
                      [r.choice([226, 166, 195, 137, 126, 229, 150], n, p=[.62, .16, .06, .06, .05, .03, .02]),
                       r.choice([224, 102, 117, 138, 219, 202, 198], n, p=[.42, .16, .14, .12, .07, .05, .04]),
                       r.choice([150, 185], n)], r.choice([202, 146], n))
    credit = np.where(card4 >= 2, True, r.random(n) < np.where(foreign, 0.5, 0.24))
    card3 = np.where(foreign, r.choice([185, 144, 119, 106, 146, 117, 143, 102], n,
                                       p=[.62, .10, .08, .05, .05, .04, .03, .03]), 150)
    card2 = np.where(r.random(n) < 0.015, -1, r.integers(100, 601, n))
    w = 1.0 / (r.permutation(n) + 8.0) ** 1.1                       # very uneven BIN use
    bad = r.random(n) < 0.03                                         # BINs fraudsters favour
    top_addr = [299, 325, 204, 264, 330, 315, 441, 272, 123, 126, 184, 337, 191, 181, 143, 476, 310, 327,
                472, 498, 433, 231, 387, 512, 110, 170, 494, 420, 205, 226]
    rest = r.permutation(np.setdiff1d(np.arange(100, 541), top_addr))[: 332 - len(top_addr)]
    addr = np.concatenate([top_addr, rest])
    addr_w = 1.0 / (np.arange(len(addr)) + 3.0) ** 0.9
    return {"card1": card1, "card2": card2, "card3": card3, "card4": card4, "card5": card5,
            "credit": credit, "foreign": foreign, "w": w, "bad": bad, "addr": addr, "addr_w": addr_w / addr_w.sum()}


class Cards:
    """Card keys (BIN row, addr1, country) and their customer_id proxy. New cards get a key
    no other card has, unless a merge is asked for: the proxy then joins them."""

    def __init__(self, rng: np.random.Generator, tab: dict[str, np.ndarray]) -> None:
        self.rng, self.t = rng, tab
        self.keys: list[tuple[int, int]] = []
        self.country: list[str] = []
        self.used: set[tuple[int, int]] = set()
        wd = np.where(tab["foreign"], 0.0, tab["w"])
        wf = np.where(tab["foreign"], tab["w"], 0.0)
        self.p_dom, self.p_for = wd / wd.sum(), wf / wf.sum()
        wb = tab["w"] * np.where(tab["credit"], 3.0, 1.0) * np.where(tab["bad"], 8.0, 1.0)
        self.p_bad = wb / wb.sum()
        self.nz = {id(p): np.flatnonzero(p) for p in (self.p_dom, self.p_for, self.p_bad)}

    def _country(self, addr1: int) -> str:
        if addr1 < 0:
            return ""
        u = self.rng.random()
        return "US" if u < 0.994 else str(self.rng.choice(["CA", "MX", "GB", "BR", "DE", "FR", "IN", "ES"],
                                                          p=[.55, .12, .06, .06, .06, .05, .05, .05]))

    def new(self, foreign: bool, no_addr: bool, fraud: bool = False, like: int = -1) -> int:
        """A new card; like >= 0 copies that card's key (a proxy merge)."""
        if like >= 0:
            key, country = self.keys[like], self.country[like]
        else:
            t, r = self.t, self.rng
            p = self.p_bad if fraud else (self.p_for if foreign else self.p_dom)
            addr1 = -1 if no_addr else int(r.choice(t["addr"], p=t["addr_w"]))
            b, tries = int(r.choice(len(p), p=p)), 0
            while (b, addr1) in self.used:                          # avoid accidental merges: another
                tries += 1                                          # BIN of the kind, else any BIN
                b = int(r.choice(self.nz[id(p)])) if tries < 20 else int(r.integers(len(p)))
            key, country = (b, addr1), self._country(addr1)
        self.used.add(key)
        self.keys.append(key)
        self.country.append(country)
        return len(self.keys) - 1

    def ids(self) -> list[str]:
        t = self.t
        out = []
        for b, a in self.keys:
            c2 = int(t["card2"][b])
            out.append(f"ic-{t['card1'][b]}-{c2 if c2 >= 0 else 'nan'}-{t['card3'][b]}-{t['card5'][b]}-"
                       f"{'credit' if t['credit'][b] else 'debit'}-{a if a >= 0 else 'nan'}")
        return out


def _profiles(rng: np.random.Generator, n: int, fraud: bool, n_models: int) -> dict[str, np.ndarray]:
    """n device profiles: DeviceInfo index, DeviceType, browser family, update lag."""
    cls = rng.choice(7, n, p=FRAUD_CLASS_P if fraud else CLASS_P)
    pm = 1.0 / (np.arange(n_models) + 4.0) ** 0.75                   # Android model popularity
    rank = rng.choice(n_models, n, p=pm / pm.sum())
    if fraud:                                                       # fraudsters' cheap favourites
        rank = np.where(rng.random(n) < 0.25, rng.choice([0, 1, 2, 5, 11, 14, 18, 20], n), rank)
    model = ANDROID + rank
    info = np.where(cls == ANDROID, model, cls)
    dtype = np.where((cls == 1) | (cls == ANDROID), MOBILE, DESKTOP)
    fam = np.empty(n, int)
    for c, (fams, w) in enumerate(CLASS_BROWSERS):
        m = cls == c
        fam[m] = rng.choice(fams, int(m.sum()), p=np.array(w) / sum(w))
    return {"info": info, "dtype": dtype, "fam": fam,
            "lag": np.where(rng.random(n) < 0.05, 400.0, rng.exponential(12.0 if not fraud else 30.0, n)),
            "noinfo": rng.random(n) < 0.14}


def _amounts(rng: np.random.Generator, prod: np.ndarray, scale: np.ndarray, fx: np.ndarray,
             fav: np.ndarray, hfav: np.ndarray, points: np.ndarray, points_p: np.ndarray) -> np.ndarray:
    """Amounts in each product's style. fav: a W price point the client repeats (-1 none);
    hfav: an H/R/S round value the client repeats (0 none); fx: the C buyer's currency."""
    n = len(prod)
    amt = np.zeros(n)
    u, v = rng.random(n), rng.random(n)
    m = prod == W
    pers = m & (fav >= 0) & (u < 0.30)
    amt[pers] = points[fav[pers]]
    pp = m & ~pers & (u < 0.62)
    amt[pp] = points[rng.choice(len(points), int(pp.sum()), p=points_p)]
    cont = m & ~pers & ~pp
    x = 62.0 * scale[cont] * rng.lognormal(0.0, 0.9, int(cont.sum()))
    vc = v[cont]
    amt[cont] = np.select([vc < 0.45, vc < 0.75, vc < 0.85], [np.round(x), np.floor(x) + 0.95, np.round(x * 2) / 2],
                          np.round(x, 2))
    tail = m & (v > 0.996)
    amt[tail] = np.round(rng.uniform(800, 5000, int(tail.sum())))
    m = prod == C
    usd = 28.0 * scale[m] * rng.lognormal(0.0, 0.8, int(m.sum()))
    local = usd / fx[m]
    vc = v[m]
    nice = np.select([vc < 0.5, vc < 0.8], [np.round(local), np.floor(local) + 0.99], np.round(local, 2))
    drift = np.where(fx[m] == 1.0, 1.0, 1.0 + rng.normal(0.0, 0.006, int(m.sum())))   # the day's rate
    amt[m] = np.round(nice * fx[m] * drift, 3)
    for p, (vals, w) in GRID.items():
        m = prod == p
        k = int(m.sum())
        if not k:
            continue
        grid = np.array(vals, float)
        base = np.where((hfav[m] > 0) & (u[m] < 0.5), hfav[m], rng.choice(grid, k, p=np.array(w) / sum(w)))
        idx = np.abs(np.log(base * scale[m])[:, None] - np.log(grid)[None, :]).argmin(axis=1)
        amt[m] = grid[idx] + np.where(v[m] < 0.05, rng.choice([0.95, 0.5, 0.99], k), 0.0)
    return np.maximum(amt, 0.25)


def _small_amounts(rng: np.random.Generator, prod: np.ndarray, fx: np.ndarray) -> np.ndarray:
    """Card-testing amounts: a dollar or a few, converted for C."""
    n = len(prod)
    amt = rng.choice([1.0, 2.0, 5.0, 4.95, 9.95, 10.0, 1.99, 3.0], n)
    c = prod == C
    amt[c] = np.maximum(np.round(np.round(rng.uniform(0.5, 8.0, int(c.sum())) / fx[c]) * fx[c], 3), 0.25)
    hs = (prod == H) | (prod == S)
    amt[hs] = rng.choice([5.0, 10.0, 15.0, 20.0, 25.0], int(hs.sum()))
    return amt


def _day_weights(start: dt.date, days: int) -> np.ndarray:
    w = np.empty(days)
    for d in range(days):
        day = start + dt.timedelta(days=d)
        x = DOW_W[day.weekday()] * (1.0 + 0.12 * d / max(1, days - 1))   # slow growth
        if day.month == 12:                                              # holiday shopping
            x *= 1.12 + 0.28 * np.exp(-((day.day - 19) / 4.5) ** 2) - (0.35 if day.day == 25 else 0.0)
        w[d] = x
    return w


def generate(seed: int, cards: int, days: int, start: dt.date, fraud_rate: float) -> dict[str, object]:
    """The world as column arrays (unsorted, with the sort order): genuine clients first, all at
    once with numpy; then fraud episodes one by one until fraud reaches fraud_rate of the rows,
    each scenario and product kept at its share by always topping up the one furthest behind."""
    rng = np.random.default_rng(seed)
    tab = _tables()
    models = _android_models()
    dev_names = np.array(FIXED_DEVICES + models, dtype=object)
    points = np.concatenate([W_POINTS, np.round(np.random.default_rng(5).lognormal(4.3, 0.9, 400)) +
                             np.random.default_rng(6).choice([0.0, 0.95, 0.5], 400, p=[.6, .3, .1])])
    points_p = 1.0 / (np.arange(len(points)) + 2.0) ** 0.9         # the named points most repeated
    points_p /= points_p.sum()
    day_w = _day_weights(start, days)
    cum = np.concatenate([[0.0], np.cumsum(day_w)])
    end = days * 86400

    def days_in(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Days in [a, b) drawn in proportion to the calendar's volume."""
        fa, fb = np.interp(a, np.arange(days + 1), cum), np.interp(b, np.arange(days + 1), cum)
        return np.interp(fa + rng.random(len(a)) * (fb - fa), cum, np.arange(days + 1))

    # ---- genuine clients ----------------------------------------------------------------
    p_gen = ROW_SHARE * (1 - FRAUD_RATE)
    prod_c = rng.choice(5, cards, p=p_gen / p_gen.sum())
    no_addr = rng.random(cards) < ADDR_MISSING_P[prod_c]
    cd = Cards(rng, tab)
    hub_of = np.full(cards, -1)
    hubs = [(C, 350), (C, 200), (C, 120), (W, 180), (W, 90), (R, 60)]    # big merged proxy ids
    for h, (p, size) in enumerate(hubs):
        pool = np.flatnonzero((prod_c == p) & (hub_of < 0))
        k = min(len(pool), max(2, int(round(size * cards / 48_000))))
        hub_of[rng.choice(pool, k, replace=False)] = h
    no_addr[hub_of >= 0] = np.isin(hub_of[hub_of >= 0], [0, 1, 2])
    hub_card: dict[int, int] = {}
    merge = rng.random(cards) < 0.03
    for i in range(cards):
        h = int(hub_of[i])
        if h >= 0 and h in hub_card:
            cd.new(False, False, like=hub_card[h])
        elif merge[i] and i > 0 and h < 0:
            cd.new(False, False, like=int(rng.integers(i)))
        else:
            k = cd.new(bool(prod_c[i] == C) and rng.random() < 0.85, bool(no_addr[i]))
            if h >= 0:
                hub_card[h] = k
    life = _life(rng.random(cards))                                  # the card's active life, in days
    s0 = rng.uniform(-life, days)                                   # activity covers the window evenly
    s1 = np.minimum(s0 + life, days)
    s0 = np.maximum(np.where(s1 - s0 < 1.0, np.minimum(s0, days - 1.0), s0), 0.0)
    s1 = np.maximum(s1, s0 + 1.0)
    # rows: 1 + gamma-Poisson, in proportion to the time seen; 6 a card on average over 182 days
    lg = _life(np.linspace(0, 1, 1001))
    m1 = 5.0 * (s1 - s0) / np.mean(lg * 182 / (lg + 182))
    n_rows = 1 + rng.negative_binomial(0.45, 0.45 / (0.45 + m1))
    scale = rng.lognormal(0.0, np.where(prod_c <= C, 0.5, 0.3))
    fx_c = np.array([f for f, _ in FX])[rng.choice(len(FX), cards, p=np.array([p for _, p in FX]))]
    fav = rng.choice(len(points), (cards, 2), p=points_p)
    hfav = np.zeros(cards)
    for p, (vals, w) in GRID.items():
        m = prod_c == p
        hfav[m] = rng.choice(vals, int(m.sum()), p=np.array(w) / sum(w))
    shift = rng.choice([-2, -1, 0, 0, 1, 2, 3], cards)               # time zone / habit
    prof = _profiles(rng, cards, False, len(models))
    second = np.where(rng.random(cards) < 0.18, cards + np.arange(cards), -1)   # a second device
    prof2 = _profiles(rng, cards, False, len(models))

    cli = np.repeat(np.arange(cards), n_rows)
    ng = len(cli)
    day = days_in(s0[cli], s1[cli])
    hour = (rng.choice(24, ng, p=HOUR_P) + shift[cli]) % 24
    t = (np.floor(day) * 86400 + hour * 3600 + rng.integers(0, 3600, ng)).astype(np.int64)
    o = np.lexsort((t, cli))
    cli, t = cli[o], t[o]
    burst = np.flatnonzero((rng.random(ng) < 0.15)[1:] & (cli[1:] == cli[:-1])) + 1   # same session
    for i in burst:                                                  # sequential: chains of bursts
        t[i] = t[i - 1] + int(rng.lognormal(np.log(240), 1.2))
    t = np.minimum(t, end - 1)
    prod = np.where(rng.random(ng) < 0.06, rng.choice(5, ng, p=p_gen / p_gen.sum()), prod_c[cli])
    amt = _amounts(rng, prod, scale[cli], fx_c[cli], np.where(rng.random(ng) < 0.5, fav[cli, 0], fav[cli, 1]),
                   hfav[cli], points, points_p)
    row_prof = np.where((second[cli] >= 0) & (rng.random(ng) < 0.35), second[cli], cli)
    fraud = np.zeros(ng, np.int64)
    scen = np.zeros(ng, np.int64)
    epi = np.full(ng, -1, np.int64)

    # ---- fraud ----------------------------------------------------------------------------
    fprof: dict[str, list[np.ndarray]] = {k: [] for k in prof}
    n_prof = 2 * cards
    fr_rows: dict[str, list[np.ndarray]] = {k: [] for k in ("cli", "t", "prod", "amt", "prof", "scen", "ep")}
    by_scen = np.zeros(4)
    by_prod = np.zeros(5)
    added = 0
    ep = 0
    taken: set[int] = set()
    cand = np.flatnonzero((n_rows >= 4) & (n_rows <= 60) & (hub_of < 0))
    start_of = np.searchsorted(cli, np.arange(cards))
    fx_arr = np.array([f for f, _ in FX])
    fx_p = np.array([p for _, p in FX])

    def new_profile() -> int:
        nonlocal n_prof
        for k, v in _profiles(rng, 1, True, len(models)).items():
            fprof[k].append(v)
        n_prof += 1
        return n_prof - 1

    def pick_product(allowed: np.ndarray) -> int:
        need = np.maximum(FRAUD_PROD * max(by_prod.sum(), 1.0) * 1.05 - by_prod, 0.0) + 0.02
        w = need * allowed
        return int(rng.choice(5, p=w / w.sum()))

    def start_time() -> int:
        d = int(np.floor(days_in(np.zeros(1), np.full(1, float(days)))[0]))
        return d * 86400 + int(rng.choice(24, p=FRAUD_HOUR_P)) * 3600 + int(rng.integers(3600))

    def emit(c: int, ts: np.ndarray, pr: np.ndarray, am: np.ndarray, pf: int, sc: int) -> None:
        nonlocal added, ep
        keep = ts < end
        if not keep.any():
            return
        k = int(keep.sum())
        for name, v in (("cli", np.full(k, c)), ("t", ts[keep]), ("prod", pr[keep]), ("amt", am[keep]),
                        ("prof", np.full(k, pf)), ("scen", np.full(k, sc)), ("ep", np.full(k, ep))):
            fr_rows[name].append(v)
        ep += 1
        added += k
        by_scen[sc] += k
        np.add.at(by_prod, pr[keep], 1)

    while by_scen.sum() < fraud_rate * (ng + added):
        sc = int(np.argmax(SCEN_SHARE * max(by_scen.sum(), 1.0) * 1.05 - by_scen))
        if sc == 2 and len(taken) < len(cand):              # an established client taken over
            c = int(rng.choice(cand))
            if c in taken:
                continue
            taken.add(c)
            rows = np.arange(start_of[c], start_of[c] + n_rows[c])
            j = rows[int(rng.integers(max(1, n_rows[c] // 3), n_rows[c]))]
            k = int(rng.integers(2, 9))
            ts = np.maximum(t[j] - int(rng.integers(600, 86400)) +
                            np.cumsum(rng.lognormal(np.log(5400), 1.3, k)).astype(np.int64), 0)
            p = prod_c[c] if rng.random() < 0.5 else pick_product(np.ones(5))
            pr = np.full(k, p)
            am = _amounts(rng, pr, np.full(k, scale[c] * rng.uniform(2, 5)), np.full(k, fx_c[c]),
                          np.full(k, -1), np.zeros(k), points, points_p)
            pf = new_profile() if rng.random() < 0.8 else c
            emit(c, ts, pr, am, pf, 2)                              # on the client's own card
            later = rows[t[rows] > ts[0]]                           # Vesta: later payments are fraud too
            fraud[later], scen[later], epi[later] = 1, 2, ep - 1
            by_scen[2] += len(later)
            np.add.at(by_prod, prod[later], 1)
            continue
        testing = sc == 3
        p = pick_product(TEST_PROD if testing else np.ones(5))
        ring = int(rng.integers(2, 12)) if testing else (1 if rng.random() < 0.6 else int(rng.integers(2, 7)))
        shared = rng.random() < (0.7 if testing else 0.35)           # one BIN batch, one region
        foreign, no_addr1 = p == C and rng.random() < 0.8, p == C and rng.random() < 0.85
        pf = new_profile()
        t0 = start_time()
        fx = float(rng.choice(fx_arr, p=fx_p)) if p == C else 1.0
        first = -1
        for r_ in range(ring):
            c = cd.new(foreign, no_addr1, fraud=True, like=first if shared else -1)
            first = c if first < 0 else first
            t0 += int(rng.lognormal(np.log(600 if testing else 5 * 3600), 1.0))
            if testing:
                k = int(rng.integers(3, 16))
                ts = t0 + np.cumsum(rng.lognormal(np.log(40), 0.8, k)).astype(np.int64)
                pr = np.where(rng.random(k) < 0.85, p, rng.choice(5, k, p=TEST_PROD))
                am = _small_amounts(rng, pr, np.full(k, fx))
                if rng.random() < 0.3:                               # the card works: cash it
                    m = int(rng.integers(1, 4))
                    later_ts = ts[-1] + np.cumsum(rng.lognormal(np.log(3 * 3600), 1.0, m)).astype(np.int64)
                    ts = np.concatenate([ts, later_ts])
                    pr = np.concatenate([pr, np.full(m, p)])
                    am = np.concatenate([am, _amounts(rng, pr[-m:], np.full(m, 2.5), np.full(m, fx), np.full(m, -1),
                                                      np.zeros(m), points, points_p)])
            else:
                k = int(min(60, 1 + rng.negative_binomial(0.8, 0.8 / 5.8)))
                slow = rng.random() < 0.25
                gaps = rng.lognormal(np.log(86400 * 1.5 if slow else 1800), 1.4 if slow else 1.6, k)
                gaps[0] = 0
                ts = t0 + np.cumsum(gaps).astype(np.int64)
                pr = np.where(rng.random(k) < 0.9, p, pick_product(np.ones(5)))
                grow = np.minimum(1.12 ** np.arange(k), 4.0)
                am = _amounts(rng, pr, rng.lognormal(0.4, 0.5) * grow, np.full(k, fx), np.full(k, -1),
                              np.zeros(k), points, points_p)
                if rng.random() < 0.35:                              # a small test first
                    nt = min(k, int(rng.integers(1, 3)))
                    am[:nt] = _small_amounts(rng, pr[:nt], np.full(nt, fx))
            emit(c, ts, pr, am, pf, 3 if testing else 1)

    # ---- all rows -------------------------------------------------------------------------
    def cat(old: np.ndarray, parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate([old] + [q.astype(old.dtype) for q in parts])

    cli, t, prod, amt = (cat(x, fr_rows[k]) for x, k in ((cli, "cli"), (t, "t"), (prod, "prod"), (amt, "amt")))
    row_prof, scen, epi = (cat(x, fr_rows[k]) for x, k in ((row_prof, "prof"), (scen, "scen"), (epi, "ep")))
    n = len(t)
    fraud = np.concatenate([fraud, np.ones(n - ng, np.int64)])

    # chargebacks: one per fraud card / compromise, 10-60 days after its first fraud payment
    rep = np.full(n, -1, np.int64)
    if ep:
        fr = epi >= 0
        first = np.full(ep, np.iinfo(np.int64).max)
        np.minimum.at(first, epi[fr], t[fr])
        delay = (10.0 + np.minimum(rng.lognormal(np.log(15.0), 0.55, ep), 50.0)) * 86400
        ep_rep = np.where(rng.random(ep) < NEVER_REPORTED, -1, first + delay.astype(np.int64))
        rep[fr] = ep_rep[epi[fr]]
        rep[fr] = np.where(rep[fr] >= 0, np.maximum(rep[fr], t[fr]), -1)   # paid after it: known at once

    # identity: by product; the profile's DeviceInfo / DeviceType / id_31, each sometimes missing
    pr_all = {k: cat(np.concatenate([prof[k], prof2[k]]), fprof[k]) for k in prof}
    has = rng.random(n) < IDENTITY_P[prod]
    info = pr_all["info"][row_prof]
    show_dev = has & ~pr_all["noinfo"][row_prof] & (rng.random(n) >= 0.04)
    show_type = has & (rng.random(n) >= 0.025)
    show_ua = has & (rng.random(n) >= 0.03)
    channel = np.where(show_type, np.where(pr_all["dtype"][row_prof] == MOBILE, "mobile", "desktop"), "")
    device = np.where(show_dev, dev_names[info], "")
    fam = pr_all["fam"][row_prof]
    samsung = np.array([d.startswith(("SM-", "SAMSUNG")) for d in dev_names])[info]
    fam = np.where((fam == 1) & samsung & (rng.random(n) < 0.25), 5, fam)   # samsung browser
    ua = np.full(n, "", dtype=object)
    t_ref = dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc).timestamp()
    t_eff = t - pr_all["lag"][row_prof] * 86400
    for f, (tpl, sched) in enumerate(BROWSERS):
        m = show_ua & (fam == f)
        if sched is None:
            ua[m] = tpl
            continue
        rel = np.array([dt.datetime.fromisoformat(d + "T00:00:00+00:00").timestamp() - t_ref for d, _ in sched])
        k = np.maximum(np.searchsorted(rel, t_eff[m], side="right") - 1, 0)
        ua[m] = np.array([tpl.format(v) for _, v in sched], dtype=object)[k]

    order = np.lexsort((rng.random(n), t))
    ids = np.array(cd.ids(), dtype=object)
    country = np.array(cd.country, dtype=object)
    return {"order": order, "t": t, "cli": cli, "ids": ids, "country": country, "prod": prod, "amt": amt,
            "channel": channel, "device": device, "ua": ua, "fraud": fraud, "scen": scen, "rep": rep}


HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
          "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]


def _fmt_amount(x: float) -> str:
    """Two decimals, three when the file would have them (converted C amounts)."""
    s = f"{x:.3f}"
    return s[:-1] if s.endswith("0") else s


def write(w: dict[str, object], out: str, start: dt.date) -> tuple[int, int, int]:
    order, t = w["order"], w["t"]
    t0 = np.datetime64(start.isoformat() + "T00:00:00", "s")
    ts = np.datetime_as_string(t0 + t[order].astype("timedelta64[s]"), unit="s")
    rep = w["rep"][order]
    rep_s = np.datetime_as_string(t0 + np.maximum(rep, 0).astype("timedelta64[s]"), unit="s")
    cli, prod = w["cli"][order].tolist(), w["prod"][order].tolist()
    amt, fraud, scen = w["amt"][order].tolist(), w["fraud"][order].tolist(), w["scen"][order].tolist()
    channel, device, ua = w["channel"][order].tolist(), w["device"][order].tolist(), w["ua"][order].tolist()
    ids, country = w["ids"], w["country"]
    opener = gzip.open if out.endswith(".gz") else open
    with opener(out, "wt", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(HEADER)
        for i in range(len(order)):
            c = cli[i]
            wr.writerow([f"ic-{2987000 + i}", ids[c], ts[i] + "Z", _fmt_amount(amt[i]), "USD", channel[i], "",
                         device[i], ua[i], "", "", country[c], "", "ic-p" + PRODUCTS[prod[i]], fraud[i],
                         rep_s[i] + "Z" if rep[i] >= 0 else "", SCENARIOS[scen[i]]])
    return len(order), int(w["fraud"].sum()), len(set(ids[w["cli"]].tolist()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.ieeecis", description="IEEE-CIS (Vesta) shaped e-commerce card world (replay CSV).")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cards", type=int, default=48_000,
                    help="genuine cardholders (default 48000: ~300k rows over 182 days)")
    ap.add_argument("--days", type=int, default=182)
    ap.add_argument("--start", default="2017-12-01", help="YYYY-MM-DD, TransactionDT 0 = its midnight UTC")
    ap.add_argument("--fraud-rate", type=float, default=0.035, help="fraud share of rows (IEEE-CIS: 0.035)")
    ap.add_argument("--out", default="world-ieeecis.csv.gz")
    a = ap.parse_args(argv)
    if a.cards < 20 or a.days < 1 or not (0 < a.fraud_rate < 0.3):
        ap.error("need --cards >= 20, --days >= 1 and 0 < --fraud-rate < 0.3")
    start = dt.date.fromisoformat(a.start)
    t = time.time()
    w = generate(a.seed, a.cards, a.days, start, a.fraud_rate)
    n, nf, ncust = write(w, a.out, start)
    prod, fraud = w["prod"], w["fraud"]
    by_prod = "  ".join(f"{p} {100 * np.mean(prod == i):.1f}%/{100 * fraud[prod == i].mean():.1f}%"
                        for i, p in enumerate(PRODUCTS) if np.any(prod == i))
    print(f"{a.out}: {n} rows, {nf} fraud rows ({100.0 * nf / max(1, n):.2f} %), {ncust} customers, "
          f"{100 * np.mean(w['device'] != ''):.1f} % with a device_id, {time.time() - t:.1f} s\n"
          f"  product rows/fraud: {by_prod}", file=sys.stderr)


if __name__ == "__main__":
    main()
