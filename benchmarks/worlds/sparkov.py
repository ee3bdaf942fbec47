"""Sparkov world: card payments shaped like the Kaggle "Credit Card Transactions
Fraud Detection Dataset" (fraudTrain.csv / fraudTest.csv), as a converter of that
file into the replay format would produce it.

What it reproduces of the Sparkov file
  * customers are cards (cc_num, 13-16 digit Luhn numbers) with a home city
    (lat/long, city_pop) and demographics (age, gender, urban/rural) that pick one
    of Sparkov's 12 profiles (young / 25-50 / 50+ x F/M x urban/rural): each
    profile has its own daily rate, category mix and amount scale.
  * 14 categories (gas_transport, grocery_pos, home, shopping_pos, kids_pets,
    shopping_net, entertainment, food_dining, personal_care, health_fitness,
    misc_pos, misc_net, grocery_net, travel) with Sparkov's amount law: a gamma
    per category with a mean/stdev scaled by the profile (tight for gas and
    grocery, heavy for travel, misc_net and shopping), amounts under $1 replaced
    by U(1, 10) as Sparkov does.
  * Sparkov's quirk of drawing the category and the half-day (AM 00-11 / PM
    12-23) from the same uniform: gas_transport, grocery_net, grocery_pos (and
    some misc_net / misc_pos) happen in the morning, the rest in the afternoon.
  * ~693 merchants named "fraud_<Company>" (Faker-like names), each in one
    category, picked uniformly within the category for every payment; the
    merchant coordinates are drawn per payment uniformly within +-1 degree of
    the cardholder's home (merch_lat / merch_long in the file).
  * weekly and seasonal cycles (Mondays and Sundays busiest, Jan-Feb quiet,
    summer busier, December about twice a normal month).
  * fraud = a compromised card for a few days (2-10; 3-16 payments), 80 % of
    them drawn at night (22:00-03:59; ~84 % fall there in all), mostly shopping_net, grocery_pos, misc_net,
    shopping_pos, gas_transport, with Sparkov's fraud amounts (grocery_pos
    ~$300, shopping_net ~$1,000, shopping_pos ~$880, misc_net ~$800,
    entertainment ~$500, gas_transport / kids_pets / travel $5-40 tests), at
    merchants near home like genuine ones; the card's genuine payments are
    dropped on the days it has fraud (as Sparkov does). About 0.5 % of rows.

Mapping into the replay format
  transaction_id = trans_num (32 hex); customer_id = cc_num; payee_id = merchant;
  timestamp = trans_date_trans_time (UTC-naive in the file, written as UTC "Z");
  amount = amt; currency USD; channel = category (the only "channel-like" field
  of the file, where a converter would put it); lat/lon = merch_lat/merch_long
  (where the payment happened); country "US"; city = the cardholder's city
  (Sparkov has no merchant city). No ip, device_id or user_agent columns.
  is_fraud from the simulation; scenario = "card_compromise" for fraud rows.
  fraud_reported_at (not in the file; our choice): one report per compromise,
  1 day + Exp(mean 6 days) after its last fraud payment (capped at 30 days);
  10 % of compromises are never reported (empty cell).

What it changes
  A fresh re-implementation from published facts about the data set, not a copy:
  our own city list and merchant names, continuous per-card daily rates, a
  Poisson number of compromises per card (instead of one per generation run)
  tuned to ~0.5 % fraud rows, and a configurable window (default 180 days from
  2019-01-01, ~300,000 rows for 800 cards).

Citation
  K. Shenoy, "Credit Card Transactions Fraud Detection Dataset", Kaggle, 2020,
  https://www.kaggle.com/datasets/kartik2112/fraud-detection ; generated with
  B. Harris, "Sparkov Data Generation",
  https://github.com/namebrandon/Sparkov_Data_Generation .
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import sys
import time

import numpy as np

# --------------------------------------------------------------------------- #
# categories (in Sparkov's cumulative-weight order, which couples to AM / PM)
CATS = ["gas_transport", "grocery_net", "grocery_pos", "misc_net", "misc_pos", "shopping_net",
        "shopping_pos", "entertainment", "food_dining", "health_fitness", "home", "kids_pets",
        "personal_care", "travel"]
CI = {c: i for i, c in enumerate(CATS)}
# genuine category mix: the Kaggle training file's row counts per category
CAT_ROWS = {"gas_transport": 131659, "grocery_pos": 123638, "home": 123115, "shopping_pos": 116672,
            "kids_pets": 113035, "shopping_net": 97543, "entertainment": 94014, "food_dining": 91461,
            "personal_care": 90758, "health_fitness": 85879, "misc_pos": 79655, "misc_net": 63287,
            "grocery_net": 45452, "travel": 40507}
# genuine amounts: Sparkov's law (a gamma with this mean / stdev, dollars, scaled by the profile),
# parameters set so the per-category means and the overall quartiles land near the Kaggle file's
CAT_AMT = {"entertainment": (62, 50), "food_dining": (50, 45), "gas_transport": (63, 15),
           "grocery_net": (53, 18), "grocery_pos": (108, 25), "health_fitness": (54, 45),
           "home": (58, 45), "kids_pets": (57, 50), "misc_net": (75, 130), "misc_pos": (60, 80),
           "personal_care": (48, 45), "shopping_net": (80, 100), "shopping_pos": (75, 80),
           "travel": (60, 600)}
# fraud category mix: the Kaggle training file's fraud counts per category
FRAUD_ROWS = {"grocery_pos": 1743, "shopping_net": 1713, "misc_net": 915, "shopping_pos": 843,
              "gas_transport": 618, "misc_pos": 250, "kids_pets": 239, "entertainment": 233,
              "personal_care": 220, "home": 198, "food_dining": 151, "grocery_net": 134,
              "health_fitness": 133, "travel": 116}
# fraud amount laws: ("n", mean, sd, lo, hi) truncated normal or ("u", lo, hi) uniform
FRAUD_AMT = {"grocery_pos": ("n", 310, 25, 250, 380), "shopping_net": ("n", 1000, 140, 650, 1380),
             "misc_net": ("n", 800, 110, 550, 1100), "shopping_pos": ("n", 880, 170, 450, 1300),
             "gas_transport": ("u", 6, 20), "misc_pos": ("n", 210, 70, 30, 420),
             "kids_pets": ("u", 8, 30), "entertainment": ("n", 500, 90, 250, 750),
             "personal_care": ("u", 10, 40), "home": ("n", 257, 20, 200, 320),
             "food_dining": ("n", 120, 12, 90, 150), "grocery_net": ("u", 8, 17),
             "health_fitness": ("u", 8, 30), "travel": ("u", 5, 14)}
GENUINE_AM = 0.30          # Sparkov's shopping_time: 30 % AM, 70 % PM
FRAUD_AM = 0.33
FRAUD_NIGHT = 0.80         # Sparkov: 80 % of fraud in 22-23 (PM) or 00-03 (AM)

# profile modifiers (multiplicative on the category mix)
AGE_MIX = {"young": {"entertainment": 1.3, "food_dining": 1.3, "shopping_net": 1.3, "misc_net": 1.2,
                     "grocery_net": 1.1, "health_fitness": 0.8, "home": 0.7, "kids_pets": 0.6,
                     "travel": 0.8},
           "2550": {"kids_pets": 1.3, "grocery_pos": 1.1, "home": 1.1},
           "50up": {"health_fitness": 1.2, "home": 1.2, "personal_care": 1.1, "travel": 1.3,
                    "shopping_net": 0.8, "misc_net": 0.8, "entertainment": 0.9, "kids_pets": 0.8}}
SEX_MIX = {"F": {"shopping_pos": 1.15, "personal_care": 1.2, "home": 1.1, "kids_pets": 1.1,
                 "gas_transport": 0.9},
           "M": {"gas_transport": 1.15, "entertainment": 1.1, "misc_pos": 1.1, "misc_net": 1.1,
                 "personal_care": 0.8}}
PLACE_MIX = {"rural": {"gas_transport": 1.2, "grocery_pos": 1.15, "food_dining": 0.85,
                       "shopping_net": 0.9, "travel": 0.9},
             "urban": {"food_dining": 1.1, "entertainment": 1.1, "shopping_net": 1.05,
                       "gas_transport": 0.9}}
AGE_RATE = {"young": (0.5, 4.0), "2550": (1.0, 4.5), "50up": (0.5, 3.5)}   # payments / day, uniform
AGE_AMT = {"young": 0.85, "2550": 1.0, "50up": 1.05}
PLACE_RATE = {"rural": 0.95, "urban": 1.05}

# seasonality: payments per day by month in the Kaggle file (relative), and by weekday (Mon..Sun)
MONTH_W = np.array([1.69, 1.71, 2.24, 2.23, 2.34, 2.87, 2.79, 2.82, 2.33, 2.22, 2.35, 4.55])
MONTH_W = MONTH_W / (MONTH_W * np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])).sum() * 365
DOW_W = np.array([1.39, 1.02, 0.71, 0.78, 0.81, 1.00, 1.30])
DOW_W = DOW_W / DOW_W.mean()

EPISODE_HAZARD = 0.0012    # compromises per card per day (~0.2 per card over 180 days)
NEVER_REPORTED = 0.10

# cardholder cities: (city, state, lat, lon, population)
URBAN = [
    ("Houston", "TX", 29.7604, -95.3698, 2906700), ("Chicago", "IL", 41.8781, -87.6298, 2680484),
    ("Brooklyn", "NY", 40.6782, -73.9442, 2504700), ("Los Angeles", "CA", 34.0522, -118.2437, 2383912),
    ("New York City", "NY", 40.7128, -74.0060, 1577385), ("San Antonio", "TX", 29.4241, -98.4936, 1595797),
    ("Philadelphia", "PA", 39.9526, -75.1652, 1526206), ("Phoenix", "AZ", 33.4484, -112.0740, 1312922),
    ("Dallas", "TX", 32.7767, -96.7970, 1263321), ("San Diego", "CA", 32.7157, -117.1611, 1241364),
    ("Indianapolis", "IN", 39.7684, -86.1581, 910148), ("Columbus", "OH", 39.9612, -82.9988, 905748),
    ("Jacksonville", "FL", 30.3322, -81.6557, 888344), ("Charlotte", "NC", 35.2271, -80.8431, 885708),
    ("Seattle", "WA", 47.6062, -122.3321, 753675), ("Denver", "CO", 39.7392, -104.9903, 727211),
    ("Washington", "DC", 38.9072, -77.0369, 705749), ("Boston", "MA", 42.3601, -71.0589, 692600),
    ("El Paso", "TX", 31.7619, -106.4850, 682669), ("Nashville", "TN", 36.1627, -86.7816, 670820),
    ("Detroit", "MI", 42.3314, -83.0458, 670031), ("Oklahoma City", "OK", 35.4676, -97.5164, 655057),
    ("Portland", "OR", 45.5051, -122.6750, 654741), ("Las Vegas", "NV", 36.1699, -115.1398, 651319),
    ("Memphis", "TN", 35.1495, -90.0490, 651073), ("Louisville", "KY", 38.2527, -85.7585, 617638),
    ("Baltimore", "MD", 39.2904, -76.6122, 593490), ("Milwaukee", "WI", 43.0389, -87.9065, 590157),
    ("Albuquerque", "NM", 35.0844, -106.6504, 560513), ("Tucson", "AZ", 32.2226, -110.9747, 548073),
    ("Fresno", "CA", 36.7378, -119.7871, 531576), ("Sacramento", "CA", 38.5816, -121.4944, 513624),
    ("Atlanta", "GA", 33.7490, -84.3880, 506811), ("Kansas City", "MO", 39.0997, -94.5786, 495327),
    ("Omaha", "NE", 41.2565, -95.9345, 478192), ("Raleigh", "NC", 35.7796, -78.6382, 474069),
    ("Miami", "FL", 25.7617, -80.1918, 467963), ("Minneapolis", "MN", 44.9778, -93.2650, 429606),
    ("Tulsa", "OK", 36.1540, -95.9928, 401190), ("Tampa", "FL", 27.9506, -82.4572, 399700),
    ("New Orleans", "LA", 29.9511, -90.0715, 390144), ("Wichita", "KS", 37.6872, -97.3301, 389938),
    ("Bakersfield", "CA", 35.3733, -119.0187, 384145), ("Cleveland", "OH", 41.4993, -81.6944, 381009),
    ("Corpus Christi", "TX", 27.8006, -97.3964, 326586), ("Lexington", "KY", 38.0406, -84.5037, 323780),
    ("Orlando", "FL", 28.5383, -81.3792, 307573), ("Cincinnati", "OH", 39.1031, -84.5120, 303940),
    ("Pittsburgh", "PA", 40.4406, -79.9959, 302407), ("St. Louis", "MO", 38.6270, -90.1994, 300576),
    ("Lincoln", "NE", 40.8136, -96.7026, 287401), ("Laredo", "TX", 27.5306, -99.4803, 261639),
    ("Lubbock", "TX", 33.5779, -101.8552, 258862), ("Madison", "WI", 43.0731, -89.4012, 255214),
    ("Reno", "NV", 39.5296, -119.8138, 250998), ("Richmond", "VA", 37.5407, -77.4360, 230436),
    ("Boise", "ID", 43.6150, -116.2023, 228959), ("Spokane", "WA", 47.6588, -117.4260, 219190),
    ("Des Moines", "IA", 41.5868, -93.6250, 214237), ("Birmingham", "AL", 33.5186, -86.8104, 209403),
    ("Grand Rapids", "MI", 42.9634, -85.6681, 201013), ("Salt Lake City", "UT", 40.7608, -111.8910, 200567),
    ("Amarillo", "TX", 35.2220, -101.8313, 199371), ("Little Rock", "AR", 34.7465, -92.2896, 197992),
    ("Tallahassee", "FL", 30.4383, -84.2807, 194500), ("Knoxville", "TN", 35.9606, -83.9207, 187603),
    ("Shreveport", "LA", 32.5252, -93.7502, 187593), ("Mobile", "AL", 30.6954, -88.0399, 187041),
    ("Sioux Falls", "SD", 43.5446, -96.7311, 181883), ("Providence", "RI", 41.8240, -71.4128, 179883),
    ("Eugene", "OR", 44.0521, -123.0868, 172622), ("Springfield", "MO", 37.2090, -93.2923, 167882),
    ("Jackson", "MS", 32.2988, -90.1848, 164422), ("Clarksville", "TN", 36.5298, -87.3595, 151785),
    ("Savannah", "GA", 32.0809, -81.0912, 145862), ("Dayton", "OH", 39.7589, -84.1916, 140407),
    ("Columbia", "SC", 34.0007, -81.0348, 133451), ("Topeka", "KS", 39.0473, -95.6752, 125904),
    ("Fargo", "ND", 46.8772, -96.7898, 124662), ("Hartford", "CT", 41.7658, -72.6734, 122105),
    ("Rochester", "MN", 44.0121, -92.4802, 118935), ("Springfield", "IL", 39.7817, -89.6501, 114394),
    ("Manchester", "NH", 42.9956, -71.4548, 112673), ("Pueblo", "CO", 38.2544, -104.6091, 112361),
    ("Billings", "MT", 45.7833, -108.5007, 109577), ("Green Bay", "WI", 44.5133, -88.0133, 104578),
    ("Roanoke", "VA", 37.2710, -79.9414, 99920), ("Erie", "PA", 42.1292, -80.0851, 95508),
    ("Asheville", "NC", 35.5951, -82.5515, 92870), ("Redding", "CA", 40.5865, -122.3917, 91772),
    ("Duluth", "MN", 46.7867, -92.1005, 86265), ("Santa Fe", "NM", 35.6870, -105.9378, 84683),
    ("Rapid City", "SD", 44.0805, -103.2310, 77503), ("Scranton", "PA", 41.4090, -75.6624, 77114),
    ("Flagstaff", "AZ", 35.1983, -111.6513, 76831), ("Bismarck", "ND", 46.8083, -100.7837, 73529),
    ("Lafayette", "IN", 40.4167, -86.8753, 71111), ("Greenville", "SC", 34.8526, -82.3940, 70720),
    ("Wilmington", "DE", 39.7391, -75.5398, 70166), ("Portland", "ME", 43.6591, -70.2568, 66215),
    ("Cheyenne", "WY", 41.1400, -104.8202, 64235), ("Utica", "NY", 43.1009, -75.2327, 60100),
    ("Lancaster", "PA", 40.0379, -76.3055, 59322), ("Pensacola", "FL", 30.4213, -87.2169, 52975),
    ("Charleston", "WV", 38.3498, -81.6326, 46536), ("Binghamton", "NY", 42.0987, -75.9180, 45672),
    ("Burlington", "VT", 44.4759, -73.2121, 42819), ("Alpine", "TX", 30.3585, -103.6610, 6035),
    ("Moab", "UT", 38.5733, -109.5498, 5322), ("Jonesborough", "TN", 36.2943, -82.4735, 5545),
    ("Chinle", "AZ", 36.1544, -109.5526, 4518), ("Harrington Park", "NJ", 40.9918, -73.9800, 4664),
    ("Stowe", "VT", 44.4654, -72.6874, 4314), ("Ely", "NV", 39.2474, -114.8886, 4255),
    ("Malad City", "ID", 42.1808, -112.2620, 4154), ("Bishop", "CA", 37.3635, -118.3951, 3879),
    ("Lewisburg", "WV", 37.8018, -80.4456, 3830), ("Forks", "WA", 47.9504, -124.3855, 3801),
    ("Weaverville", "CA", 40.7310, -122.9411, 3600), ("Moravian Falls", "NC", 36.0788, -81.1781, 3495),
    ("Broken Bow", "NE", 41.4022, -99.6393, 3559), ("Tomahawk", "WI", 45.4711, -89.7298, 3397),
    ("Cape May", "NJ", 38.9351, -74.9060, 3396), ("Galena", "IL", 42.4167, -90.4290, 3308),
    ("Lindsborg", "KS", 38.5736, -97.6745, 3298), ("Lewes", "DE", 38.7746, -75.1393, 3303),
    ("Wellsboro", "PA", 41.7487, -77.3005, 3263), ("Chincoteague", "VA", 37.9332, -75.3788, 2941),
    ("Mountain View", "AR", 35.8687, -92.1177, 2876), ("Valentine", "NE", 42.8728, -100.5510, 2737),
    ("Burns", "OR", 43.5863, -119.0541, 2714), ("Holcomb", "KS", 37.9931, -100.9893, 2691),
    ("Ozona", "TX", 30.7102, -101.2007, 2663), ("Bethel", "ME", 44.4042, -70.7906, 2607),
]
RURAL = [
    ("Coudersport", "PA", 41.7745, -78.0206, 2455), ("Tonopah", "NV", 38.0671, -117.2301, 2418),
    ("Shelter Island", "NY", 41.0680, -72.3389, 2369), ("Hermann", "MO", 38.7045, -91.4371, 2339),
    ("Apalachicola", "FL", 29.7255, -84.9826, 2304), ("Lake Placid", "NY", 44.2795, -73.9799, 2215),
    ("Dublin", "PA", 40.3750, -75.2045, 2158), ("Eureka Springs", "AR", 36.4012, -93.7380, 2073),
    ("Leavenworth", "WA", 47.5962, -120.6615, 2001), ("Boulder", "MT", 46.2306, -112.1138, 1939),
    ("High Rolls Mountain Park", "NM", 32.9396, -105.8189, 1899), ("Ironton", "MO", 37.5973, -90.6274, 1426),
    ("Marfa", "TX", 30.3094, -104.0206, 1788), ("Harlan", "KY", 36.8431, -83.3219, 1745),
    ("Hatch", "NM", 32.6654, -107.1531, 1648), ("Fort Washakie", "WY", 43.0047, -108.8899, 1645),
    ("Lusk", "WY", 42.7625, -104.4522, 1518), ("Bagley", "MN", 47.5216, -95.3984, 1392),
    ("Hill City", "KS", 39.3647, -99.8426, 1404), ("Kremmling", "CO", 40.0589, -106.3886, 1444),
    ("Ferndale", "CA", 40.5760, -124.2639, 1371), ("Grand Marais", "MN", 47.7505, -90.3343, 1351),
    ("Lubec", "ME", 44.8606, -66.9843, 1359), ("Wells", "NV", 41.1116, -114.9645, 1292),
    ("Tombstone", "AZ", 31.7129, -110.0676, 1308), ("Atwood", "KS", 39.8064, -101.0421, 1194),
    ("Elkader", "IA", 42.8539, -91.4054, 1273), ("Blowing Rock", "NC", 36.1351, -81.6779, 1241),
    ("Nashville", "IN", 39.2073, -86.2511, 1103), ("Joseph", "OR", 45.3543, -117.2296, 1081),
    ("Challis", "ID", 44.5046, -114.2317, 1009), ("St. Michaels", "MD", 38.7851, -76.2241, 1029),
    ("Ocracoke", "NC", 35.1146, -75.9810, 948), ("Dubois", "WY", 43.5333, -109.6302, 951),
    ("Ennis", "MT", 45.3494, -111.7319, 912), ("Highlands", "NC", 35.0526, -83.1968, 924),
    ("Berlin", "OH", 40.5614, -81.7943, 898), ("Escalante", "UT", 37.7702, -111.6024, 797),
    ("Silverton", "CO", 37.8119, -107.6645, 637), ("Circle", "MT", 47.4175, -105.5925, 615),
    ("Mer Rouge", "LA", 32.7743, -91.7929, 588), ("Grenada", "CA", 41.6125, -122.5258, 589),
    ("Westfir", "OR", 43.7578, -122.4952, 597), ("Helen", "GA", 34.7015, -83.7288, 553),
    ("Paw Paw", "WV", 39.5312, -78.4578, 508), ("Red River", "NM", 36.7053, -105.4067, 477),
    ("Floyd", "VA", 36.9112, -80.3201, 432), ("Faith", "SD", 45.0236, -102.0388, 421),
    ("Orient", "WA", 48.8878, -118.2105, 149), ("Medora", "ND", 46.9139, -103.5249, 132),
    ("Doe Hill", "VA", 38.4207, -79.4629, 99), ("Stanley", "ID", 44.2157, -114.9359, 63),
]
RURAL_SHARE = 0.45         # Sparkov's median city_pop is ~2,500

SURNAMES = (
    "Abbott Abernathy Adams Altenwerth Ankunding Armstrong Bahringer Bailey Balistreri Barrows Bartoletti "
    "Bashirian Batz Bauch Baumbach Bayer Beahan Bechtelar Becker Bednar Beier Bergnaum Bergstrom Bernhard "
    "Boehm Bogisich Bradtke Breitenberg Brekke Brown Bruen Buckridge Carroll Cartwright Casper Cassin "
    "Champlin Christiansen Cole Collier Conn Connelly Conroy Corkery Cormier Corwin Cremin Crist Crona "
    "Cronin Cummerata Cummings Daniel Dare Daugherty Davis Deckow Denesik Dibbert Dickens Dicki Dickinson "
    "Dietrich Donnelly Dooley Douglas Doyle DuBuque Durgan Ebert Emard Emmerich Erdman Ernser Fadel Fahey "
    "Farrell Fay Feeney Feest Feil Ferry Fisher Flatley Frami Friesen Fritsch Funk Gerhold Gerlach Gislason "
    "Gleason Glover Goldner Goodwin Gorczany Gottlieb Goyette Grady Graham Grant Green Greenfelder Greenholt "
    "Grimes Gulgowski Gusikowski Gutkowski Gutmann Haag Hackett Hagenes Hahn Haley Halvorson Hamill Hammes "
    "Hand Hane Hansen Harber Harris Hartmann Harvey Hauck Hayes Heaney Heathcote Hegmann Heidenreich Heller "
    "Herman Hermann Hermiston Herzog Hessel Hettinger Hickle Hilll Hills Hilpert Hintz Hirthe Hodkiewicz "
    "Hoeger Homenick Hoppe Howe Howell Hudson Huel Huels Hyatt Jacobi Jacobs Jacobson Jakubowski Jaskolski "
    "Jast Jenkins Jerde Johns Johnson Johnston Jones Kassulke Kautzer Keebler Keeling Kemmer Kerluke Kertzmann "
    "Kessler Kiehn Kihn Kilback King Kirlin Klein Kling Klocko Koch Koelpin Koepp Kohler Konopelski Koss "
    "Kovacek Kozey Krajcik Kreiger Kris Kshlerin Kub Kuhic Kuhlman Kuhn Kulas Kunde Kunze Kuphal Kutch "
    "Kuvalis Labadie Lakin Lang Langosh Langworth Larkin Larson Leannon Lebsack Ledner Leffler Legros Lehner "
    "Lemke Lesch Leuschke Lind Lindgren Littel Little Lockman Lowe Lubowitz Lueilwitz Luettgen Lynch Macejkovic "
    "Maggio Mann Mante Marks Marquardt Marvin Mayer Mayert McCullough McDermott McGlynn McKenzie McLaughlin "
    "Medhurst Mertz Metz Miller Mills Mitchell Moen Mohr Monahan Moore Morar Morissette Mosciski Mraz Mueller "
    "Muller Murazik Murphy Murray Nader Nicolas Nienow Nikolaus Nitzsche Nolan Oberbrunner Okuneva Olson "
    "Ondricka Orn Ortiz Osinski Pacocha Padberg Pagac Parisian Parker Paucek Pfannerstill Pfeffer Pollich "
    "Pouros Powlowski Predovic Price Prohaska Prosacco Quigley Quitzon Rath Ratke Rau Raynor Reichel Reichert "
    "Reilly Reinger Rempel Renner Reynolds Rice Rippin Ritchie Robel Roberts Rodriguez Rogahn Rohan Rolfson "
    "Romaguera Roob Rosenbaum Rowe Ruecker Runolfsdottir Runolfsson Runte Russel Rutherford Ryan Sanford "
    "Satterfield Sauer Sawayn Schaden Schaefer Schamberger Schiller Schimmel Schinner Schmeler Schmidt Schmitt "
    "Schneider Schoen Schowalter Schroeder Schulist Schultz Schumm Schuppe Schuster Senger Shanahan Shields "
    "Simonis Sipes Skiles Smith Smitham Spencer Spinka Sporer Stamm Stanton Stark Stehr Steuber Stiedemann "
    "Stokes Stoltenberg Stracke Streich Stroman Strosin Swaniawski Swift Terry Thiel Thompson Tillman Torp "
    "Torphy Towne Toy Trantow Tremblay Treutel Tromp Turcotte Turner Ullrich Upton Vandervort Veum Volkman "
    "Walker Walsh Walter Ward Waters Watsica Weber Wehner Weimann Weissnat Welch West "
    "White Wiegand Wilderman Wilkinson Will Williamson Willms Windler Wintheiser Witting Wiza Wolf Wolff Wuckert "
    "Wunsch Wyman Yost Yundt Zboncak Zemlak Ziemann Zieme Zulauf"
).split()
N_MERCHANTS = 693


def _merchants() -> tuple[list[str], np.ndarray, np.ndarray]:
    """The fixed merchant table (like Sparkov's merchants.csv): names, and per category the
    start / count of its block. Independent of --seed."""
    r = np.random.default_rng(20190101)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < N_MERCHANTS:
        a, b, c = (SURNAMES[i] for i in r.integers(0, len(SURNAMES), 3))
        k = r.random()
        if k < 0.30:
            n = f"{a}-{b}"
        elif k < 0.55:
            n = f"{a}, {b} and {c}"
        else:
            n = f"{a} " + ["and Sons", "Group", "Inc", "LLC", "Ltd", "PLC"][int(r.integers(0, 6))]
        n = "fraud_" + n
        if n not in seen and a != b and b != c and a != c:
            seen.add(n)
            names.append(n)
    w = np.array([CAT_ROWS[c] for c in CATS], float) ** 0.5
    cnt = np.maximum(20, np.round(w / w.sum() * N_MERCHANTS)).astype(int)
    cnt[np.argmax(cnt)] += N_MERCHANTS - cnt.sum()
    start = np.concatenate([[0], np.cumsum(cnt)[:-1]])
    return names, start, cnt


def _luhn(digits: list[int]) -> int:
    s = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return (10 - s % 10) % 10


def _card_numbers(rng: np.random.Generator, n: int) -> list[str]:
    # (prefix, length, share): Visa 16/13, Mastercard, Amex, Discover, JCB 16/15, Diners 14
    kinds = [("4", 16, .30), ("4", 13, .08), ("51", 16, .06), ("55", 16, .06), ("2221", 16, .04),
             ("34", 15, .05), ("37", 15, .05), ("6011", 16, .08), ("3528", 16, .06), ("3589", 16, .04),
             ("180", 15, .04), ("2131", 15, .03), ("30", 14, .06), ("36", 14, .05)]
    p = np.array([k[2] for k in kinds])
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        pre, ln, _ = kinds[int(rng.choice(len(kinds), p=p / p.sum()))]
        body = [int(ch) for ch in pre] + [int(x) for x in rng.integers(0, 10, ln - len(pre) - 1)]
        num = "".join(map(str, body + [_luhn(body)]))
        if num not in seen:
            seen.add(num)
            out.append(num)
    return out


def _fraud_amounts(rng: np.random.Generator, cat: np.ndarray) -> np.ndarray:
    amt = np.empty(len(cat))
    for i, c in enumerate(CATS):
        m = cat == i
        k = int(m.sum())
        if not k:
            continue
        law = FRAUD_AMT[c]
        if law[0] == "u":
            amt[m] = rng.uniform(law[1], law[2], k)
        else:
            amt[m] = np.clip(rng.normal(law[1], law[2], k), law[3], law[4])
    return amt


def _hours(rng: np.random.Generator, am: np.ndarray, fraud: bool) -> np.ndarray:
    """Sparkov's sample_time: AM -> 0-11, PM -> 12-23; fraud 80 % of the time 0-3 / 22-23."""
    n = len(am)
    h = np.where(am, rng.integers(0, 12, n), rng.integers(12, 24, n))
    if fraud:
        night = rng.random(n) < FRAUD_NIGHT
        hn = np.where(am, rng.integers(0, 4, n), rng.integers(22, 24, n))
        h = np.where(night, hn, h)
    return h


def generate(seed: int, customers: int, days: int, start: dt.date) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    mnames, mstart, mcnt = _merchants()
    C = customers

    # ---- cardholders -------------------------------------------------------------------
    rural = rng.random(C) < RURAL_SHARE
    cities = [RURAL[int(rng.integers(len(RURAL)))] if r else URBAN[int(rng.integers(len(URBAN)))]
              for r in rural]
    home_lat = np.array([c[2] for c in cities]) + rng.normal(0, 0.03, C)
    home_lon = np.array([c[3] for c in cities]) + rng.normal(0, 0.03, C)
    sex = np.where(rng.random(C) < 0.55, "F", "M")
    age = np.clip(rng.normal(47, 17, C), 14, 95)
    agecls = np.where(age < 25, "young", np.where(age < 50, "2550", "50up"))
    cards = _card_numbers(rng, C)

    base = np.array([CAT_ROWS[c] for c in CATS], float)
    cat_w = np.empty((C, len(CATS)))
    rate = np.empty(C)
    amt_f = np.empty(C)
    for i in range(C):
        w = base.copy()
        place = "rural" if rural[i] else "urban"
        for mod in (AGE_MIX[agecls[i]], SEX_MIX[sex[i]], PLACE_MIX[place]):
            for c, f in mod.items():
                w[CI[c]] *= f
        w *= rng.lognormal(0, 0.2, len(CATS))
        cat_w[i] = np.cumsum(w / w.sum())
        lo, hi = AGE_RATE[agecls[i]]
        rate[i] = rng.uniform(lo, hi) * PLACE_RATE[place]
        amt_f[i] = AGE_AMT[agecls[i]] * rng.lognormal(0, 0.15)
    cat_w[:, -1] = 1.0

    # ---- calendar ----------------------------------------------------------------------
    dates = [start + dt.timedelta(days=d) for d in range(days)]
    day_w = np.array([MONTH_W[d.month - 1] * DOW_W[d.weekday()] for d in dates])
    t0 = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc).timestamp())

    # ---- compromises ---------------------------------------------------------------------
    f_cust, f_day, f_ep = [], [], []
    ep_last: list[int] = []
    n_ep = rng.poisson(EPISODE_HAZARD * days, C)
    ep = 0
    dur_choices = np.arange(2, 11)
    dur_p = np.array([4, 4, 3, 3, 2, 2, 1, 1, 1], float)
    for c in np.nonzero(n_ep)[0]:
        for _ in range(n_ep[c]):
            s = int(rng.integers(0, days))
            dur = int(rng.choice(dur_choices, p=dur_p / dur_p.sum()))
            n = int(np.clip(2 + rng.poisson(7), 3, 16))
            off = rng.integers(0, dur, n)
            off[0] = 0
            d = s + off
            d = d[d < days]
            if len(d) == 0:
                continue
            f_cust.append(np.full(len(d), c))
            f_day.append(d)
            f_ep.append(np.full(len(d), ep))
            ep += 1
    if f_cust:
        fc = np.concatenate(f_cust)
        fd = np.concatenate(f_day)
        fe = np.concatenate(f_ep)
    else:
        fc = fd = fe = np.zeros(0, int)
    nf = len(fc)
    fu = rng.random(nf)
    fw = np.array([FRAUD_ROWS[c] for c in CATS], float)
    fcat = np.searchsorted(np.cumsum(fw / fw.sum()), fu, side="right").clip(0, len(CATS) - 1)
    f_hour = _hours(rng, fu < FRAUD_AM, fraud=True)
    f_amt = _fraud_amounts(rng, fcat)

    # ---- genuine payments (none on a card's fraud days, as in Sparkov) -----------------------
    lam = rate[:, None] * day_w[None, :]
    counts = rng.poisson(lam)
    counts[fc, fd] = 0
    gc = np.repeat(np.repeat(np.arange(C), days), counts.ravel())
    gd = np.repeat(np.tile(np.arange(days), C), counts.ravel())
    ng = len(gc)
    gu = rng.random(ng)
    gcat = (gu[:, None] > cat_w[gc]).sum(axis=1).clip(0, len(CATS) - 1)
    g_hour = _hours(rng, gu < GENUINE_AM, fraud=False)
    mean = np.array([CAT_AMT[c][0] for c in CATS], float)[gcat] * amt_f[gc]
    sd = np.array([CAT_AMT[c][1] for c in CATS], float)[gcat] * amt_f[gc]
    g_amt = rng.gamma(mean ** 2 / sd ** 2, sd ** 2 / mean)
    small = g_amt < 1
    g_amt[small] = rng.uniform(1.0, 10.0, int(small.sum()))

    # ---- all rows ------------------------------------------------------------------------
    cust = np.concatenate([gc, fc])
    day = np.concatenate([gd, fd])
    hour = np.concatenate([g_hour, f_hour])
    cat = np.concatenate([gcat, fcat])
    amt = np.round(np.maximum(np.concatenate([g_amt, f_amt]), 1.0), 2)
    fraud = np.concatenate([np.zeros(ng, int), np.ones(nf, int)])
    n = len(cust)
    ts = t0 + day * 86400 + hour * 3600 + rng.integers(0, 3600, n)
    merch = mstart[cat] + (rng.random(n) * mcnt[cat]).astype(int)
    lat = home_lat[cust] + rng.uniform(-1, 1, n)
    lon = home_lon[cust] + rng.uniform(-1, 1, n)

    # reports: one per compromise, after its last fraud payment
    rep = np.full(n, -1, np.int64)
    if nf:
        last = np.full(ep, -1, np.int64)
        np.maximum.at(last, fe, ts[ng:])
        delay = np.minimum(86400 + rng.exponential(6 * 86400, ep), 30 * 86400).astype(np.int64)
        ep_rep = np.where(rng.random(ep) < NEVER_REPORTED, -1, last + delay)
        rep[ng:] = ep_rep[fe]

    order = np.lexsort((rng.random(n), ts))
    hexid = rng.bytes(16 * n).hex()
    ts_s = np.datetime_as_string(ts.astype("datetime64[s]"), unit="s")
    rep_s = np.datetime_as_string(np.maximum(rep, 0).astype("datetime64[s]"), unit="s")
    rows: list[list[str]] = []
    for j, i in enumerate(order):
        c = cust[i]
        rows.append([hexid[32 * j:32 * j + 32], cards[c], ts_s[i] + "Z", f"{amt[i]:.2f}", "USD",
                     CATS[cat[i]], f"{lat[i]:.6f}", f"{lon[i]:.6f}", "US", cities[c][0],
                     mnames[merch[i]], str(fraud[i]), rep_s[i] + "Z" if rep[i] >= 0 else "",
                     "card_compromise" if fraud[i] else ""])
    return rows


HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "lat", "lon",
          "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.sparkov", description="Sparkov-shaped card payment world (replay CSV).")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=800)
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--start", default="2019-01-01", help="YYYY-MM-DD")
    ap.add_argument("--out", default="world-sparkov.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    start = dt.date.fromisoformat(a.start)
    t = time.time()
    rows = generate(a.seed, a.customers, a.days, start)
    opener = gzip.open if a.out.endswith(".gz") else open
    with opener(a.out, "wt", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    frauds = sum(r[11] == "1" for r in rows)
    print(f"{a.out}: {len(rows)} rows, {a.customers} cards, {frauds} fraud rows "
          f"({100.0 * frauds / max(1, len(rows)):.2f} %), {time.time() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
