"""UPI world: payment history of the customers of an Indian UPI payments app.

What it simulates
-----------------
Customers of a consumer UPI app ("PaySetu") in Indian cities -- the metros
(Mumbai, Delhi, Bengaluru, Chennai, Kolkata, Hyderabad, Pune), tier-2 cities
(Jaipur, Lucknow, Ahmedabad, Patna, Indore) and smaller towns (Nashik, Varanasi,
Ranchi, Mysuru, Madurai, ...).  Every row is one outgoing payment in INR as the
app's risk gateway would see it: the customer's app-install/device id, the app
user agent (app version, OS version, phone model), the public IP the request
came from, the IP's geolocation (country/city as a GeoIP database would give
it: telecom-circle level for mobile carriers, sometimes the carrier's head
office, sometimes blank), and the phone's GPS fix only when the customer granted
location permission (most do not).  Timestamps are IST (+05:30).

Customers are students, office workers, small traders/shopkeepers, gig and
delivery workers, homemakers, elderly pensioners and low-engagement users, each
with its own daily rhythm (students late at night, pensioners in the morning,
traders all day and early for the mandi) and category mix:

* many tiny scan-and-pay QR payments (tea stalls, kirana, vegetable vendors,
  auto-rickshaw drivers, petrol pumps, pharmacies, temples, parking), so a
  customer pays dozens of distinct merchant payees, and auto drivers and street
  vendors are almost always first-time payees;
* in-app "intent" payments to national aggregators (food delivery, quick
  commerce, e-commerce, cabs, movie tickets) that every customer shares;
* P2P transfers (friends' bill splits, monthly money to parents, the maid, the
  milkman, PG/landlord rent, migrants' weekly remittances home, festival gifts);
* BBPS bill payments (city electricity boards, prepaid recharges on 28/56/84-day
  plans, DTH, LPG, broadband, credit-card bills) and UPI AutoPay mandate
  executions (OTT, SIP), which are merchant-initiated and carry no device, IP or
  location at all;
* traders paying suppliers tens of thousands of rupees several times a week.

Calendar: salary-day bursts on the 1st (rent, parents, SIP, card bills) and a
month-end lull, weekends, Christmas/New Year's Eve, Lohri, Sankranti/Pongal/
Uttarayan (with the exodus of Chennai and Hyderabad residents to their native
places), the Republic Day e-commerce sale, Valentine's Day, Maha Shivaratri
(Diwali/Holi/Durga Puja/Ganesh/Raksha Bandhan dates are in the table for other
windows), and the North-Indian wedding season with its Kharmas pause.

Devices and networks: mostly one Android phone (Samsung/Redmi/vivo/OPPO/realme
models), some iPhones; app updates roll out every two weeks and customers pick
them up with their own lag (some never); some customers buy a new phone,
reinstall the app (new install id, same phone), or get an OS update; a few
household members run their accounts on one shared phone.  Mobile data goes
through carrier-grade NAT (Jio, Airtel, Vi, BSNL), so one public IPv4 -- and
certainly one /24 -- is shared by hundreds of unrelated customers, and the
address changes every session; Jio hands out IPv6 most of the time, Airtel
and Vi often (a fresh /64 per attach, so IPv6 addresses are never shared).
Some customers have home broadband (JioFiber, Airtel Xstream, ACT, Hathway,
BSNL FTTH, Excitel, local cable ISPs) shared by the household, and office
workers use corporate Wi-Fi whose egress IPs (some through a Zscaler node in
Mumbai or Singapore) are shared by colleagues.

Genuine behaviour that looks risky (is_fraud=0)
-----------------------------------------------
new phones (more of them around the Republic Day sale), app reinstalls, OS
updates, shared family phones; trips (Goa/Manali/Udaipur at Christmas-New Year,
pilgrimages, business trips by air that look like impossible travel, Pongal/
Sankranti trips to native towns) with bursts of brand-new merchants, hotel
Wi-Fi and roaming IPs; international trips to UPI-enabled countries (UAE,
Singapore, Nepal, Mauritius, France, Sri Lanka) where home-routed roaming keeps
an Indian IP while the GPS is abroad; first large payments: rent deposits and
relocation to another city, hospital emergencies at odd hours, college fees,
advance tax before 15 December, wedding jewellery (up to Rs 2 lakh per
payment), caterer advances and wedding gifts to new payees, second-hand
purchases from strangers (OLX), electronics during sales; New Year's Eve party
organisers, housing societies, PG owners and gyms (the January rush) that
receive first-time payments from many customers, exactly like a mule account;
festival shopping bursts; traders' large supplier payments.

Fraud scenarios (scenario column)
---------------------------------
account_takeover   SIM swap / eSIM swap or an SMS-forwarding APK lets the
                   fraudster re-bind the victim's UPI on their own phone: new
                   device (old budget models, old app version, devices reused
                   across victims), IP from a cyber-crime hotspot (Jamtara/
                   Deoghar, Nuh/Mewat, Bharatpur/Alwar, Mathura) on the same CGNAT
                   pools genuine customers there use, or a cloud/VPN address;
                   sometimes a Re 1 test payment, then several quick P2P
                   transfers to mules (or digital gold/gift cards), often at
                   night.  Where the bank enforces the Rs 5,000 cooling limit
                   on a new device, the fraudster takes Rs 5,000 and comes back
                   the next day.  The victim's own phone is de-registered until
                   the account is recovered.  Reported within hours to days.
support_scam       fake customer care / KYC update / "electricity will be
                   cut tonight": the victim, on a screen-sharing app, pays a
                   small "fee" and then larger amounts to mule accounts from
                   their own phone and network, within minutes.
receive_money_scam OLX/marketplace "buyer" (often posing as an army officer)
                   makes the seller "accept" a collect request -- after NPCI
                   retired P2P collect on 1 Oct 2025, "scan this QR to
                   receive" -- the victim pays the price, then twice the price.
investment_scam    WhatsApp/Telegram task or stock-tip groups: small "task"
                   deposits growing over one to four weeks, each stage to a new
                   "company account" (mule or fake payment-gateway merchant),
                   evenings; reported weeks later or never.
digital_arrest     fake CBI/customs/police video call, mostly against
                   pensioners: up to Rs 1 lakh a day (the UPI daily limit) for
                   several days to new mules; the victim's other activity stops.
fake_qr            a fraudster's QR sticker over a busy shop's/petrol pump's/
                   temple's QR for a few days: customers pay their usual small
                   amounts to the fraudster's VPA -- same device, network,
                   place and amount as always, only the payee is new.
fake_merchant      fake online shops, festival "sales", hotel/homestay booking
                   pages: checkout payment, sometimes a second "COD/customs fee".
mule               money-mule customers of the app (students, gig workers who
                   sell or rent their account): after recruitment, bursts of
                   large outgoing transfers to next-layer mules, crypto P2P
                   sellers, gold/gift cards; when the account was sold, from
                   the fraud ring's devices (shared by several mule accounts)
                   and hotspot IPs.  Their VPAs are among the mule payees that
                   the victims above pay, so a mule payee receives first-time
                   payments from many different victims.

Labels: every payment that went to a fraudster is is_fraud=1, including the
ones nobody ever reports (fake QR payments the shop never discovers, investment
scam victims who stay silent, mule accounts never frozen); those have an empty
fraud_reported_at.  Reports come when the victim calls 1930/the bank (hours to
days for takeover and support scams, weeks for investment scams), when the
shop discovers the sticker, or when the mule account is frozen; a report date
may fall after the end of the file.

Run:  python -m benchmarks.worlds.upi --seed 7 --customers 6000 --days 90
          --start 2025-12-01 --out world-upi.csv.gz
"""
from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import gzip
import io
import ipaddress
import math
import random
import time
from collections import Counter, defaultdict

DAY = 86400
HOUR = 3600
APP = "PaySetu"
OUT, IN, AUTO, ATT = 0, 1, 2, 3          # event context modes
INF = float("inf")

# ---------------------------------------------------------------------------
# geography
# ---------------------------------------------------------------------------
# name: lat, lon, telecom circle, customer share, tier, radius km
HOME_CITIES = {
    "Mumbai": (19.0760, 72.8777, "MUM", 0.13, 1, 18),
    "Delhi": (28.6139, 77.2090, "DEL", 0.13, 1, 20),
    "Bengaluru": (12.9716, 77.5946, "KAR", 0.12, 1, 15),
    "Chennai": (13.0827, 80.2707, "TN", 0.08, 1, 14),
    "Kolkata": (22.5726, 88.3639, "KOL", 0.07, 1, 12),
    "Hyderabad": (17.3850, 78.4867, "AP", 0.08, 1, 15),
    "Pune": (18.5204, 73.8567, "MH", 0.07, 1, 12),
    "Jaipur": (26.9124, 75.7873, "RAJ", 0.045, 2, 10),
    "Lucknow": (26.8467, 80.9462, "UPE", 0.045, 2, 10),
    "Ahmedabad": (23.0225, 72.5714, "GUJ", 0.04, 2, 12),
    "Patna": (25.5941, 85.1376, "BIH", 0.03, 2, 8),
    "Indore": (22.7196, 75.8577, "MP", 0.025, 2, 8),
    "Coimbatore": (11.0168, 76.9558, "TN", 0.018, 3, 8),
    "Nashik": (19.9975, 73.7898, "MH", 0.014, 3, 6),
    "Varanasi": (25.3176, 82.9739, "UPE", 0.014, 3, 6),
    "Ranchi": (23.3441, 85.3096, "BIH", 0.014, 3, 6),
    "Mysuru": (12.2958, 76.6394, "KAR", 0.011, 3, 5),
    "Vijayawada": (16.5062, 80.6480, "AP", 0.014, 3, 6),
    "Guwahati": (26.1445, 91.7362, "NE", 0.014, 3, 6),
    "Kochi": (9.9312, 76.2673, "KER", 0.014, 3, 6),
    "Dehradun": (30.3165, 78.0322, "UPW", 0.010, 3, 5),
    "Madurai": (9.9252, 78.1198, "TN", 0.010, 3, 5),
    "Bhubaneswar": (20.2961, 85.8245, "OR", 0.011, 3, 6),
    "Ludhiana": (30.9010, 75.8573, "PB", 0.010, 3, 6),
}
# trip destinations, native towns and fraud hotspots: lat, lon, circle
OTHER_PLACES = {
    "Goa": (15.4909, 73.8278, "MH"), "Manali": (32.2432, 77.1892, "HP"),
    "Udaipur": (24.5854, 73.7125, "RAJ"), "Rishikesh": (30.0869, 78.2676, "UPW"),
    "Munnar": (10.0889, 77.0595, "KER"), "Darjeeling": (27.0410, 88.2663, "WB"),
    "Puducherry": (11.9416, 79.8083, "TN"), "Tirupati": (13.6288, 79.4192, "AP"),
    "Ayodhya": (26.7922, 82.1998, "UPE"), "Prayagraj": (25.4358, 81.8463, "UPE"),
    "Shirdi": (19.7645, 74.4762, "MH"), "Amritsar": (31.6340, 74.8723, "PB"),
    "Puri": (19.8135, 85.8312, "OR"), "Trichy": (10.7905, 78.7047, "TN"),
    "Tirunelveli": (8.7139, 77.7567, "TN"), "Guntur": (16.3067, 80.4365, "AP"),
    "Rajahmundry": (17.0005, 81.8040, "AP"), "Kakinada": (16.9891, 82.2475, "AP"),
    "Gurugram": (28.4595, 77.0266, "HAR"), "Noida": (28.5355, 77.3910, "UPW"),
    "Jamtara": (23.9622, 86.8028, "BIH"), "Deoghar": (24.4820, 86.6950, "BIH"),
    "Nuh": (28.1071, 77.0007, "HAR"), "Bharatpur": (27.2152, 77.4977, "RAJ"),
    "Alwar": (27.5530, 76.6346, "RAJ"), "Mathura": (27.4924, 77.6737, "UPW"),
}
FOREIGN = {   # UPI-accepting destinations: lat, lon, ISO country
    "Dubai": (25.2048, 55.2708, "AE"), "Singapore": (1.3521, 103.8198, "SG"),
    "Kathmandu": (27.7172, 85.3240, "NP"), "Port Louis": (-20.1609, 57.5012, "MU"),
    "Paris": (48.8566, 2.3522, "FR"), "Colombo": (6.9271, 79.8612, "LK"),
}
CIRCLE_HUB = {"MUM": "Mumbai", "DEL": "Delhi", "KAR": "Bengaluru", "TN": "Chennai",
              "KOL": "Kolkata", "AP": "Hyderabad", "MH": "Pune", "RAJ": "Jaipur",
              "UPE": "Lucknow", "UPW": "Noida", "GUJ": "Ahmedabad", "BIH": "Patna",
              "MP": "Bhopal", "KER": "Kochi", "NE": "Guwahati", "OR": "Bhubaneswar",
              "PB": "Chandigarh", "HAR": "Gurugram", "HP": "Shimla", "WB": "Kolkata"}
CIRCLES = list(CIRCLE_HUB)
LEISURE = ["Goa", "Manali", "Udaipur", "Rishikesh", "Munnar", "Darjeeling", "Puducherry",
           "Jaipur", "Kochi", "Mysuru"]
PILGRIM = ["Tirupati", "Varanasi", "Ayodhya", "Prayagraj", "Shirdi", "Amritsar", "Puri", "Rishikesh"]
NATIVE = {"TN": ["Madurai", "Trichy", "Tirunelveli", "Coimbatore"],
          "AP": ["Vijayawada", "Guntur", "Rajahmundry", "Kakinada"],
          "BIH": ["Patna", "Ranchi"], "UPE": ["Varanasi", "Lucknow", "Prayagraj"]}
HOTSPOTS = [("Jamtara", 0.3), ("Deoghar", 0.2), ("Nuh", 0.2), ("Bharatpur", 0.12),
            ("Alwar", 0.08), ("Mathura", 0.1)]
METRO_CITIES = {"Mumbai", "Delhi", "Bengaluru", "Chennai", "Kolkata", "Hyderabad", "Pune",
                "Jaipur", "Lucknow", "Kochi", "Ahmedabad"}
NORTH = {"Delhi", "Jaipur", "Lucknow", "Patna", "Indore", "Varanasi", "Ludhiana", "Dehradun",
         "Ranchi", "Ahmedabad"}

# ---------------------------------------------------------------------------
# networks
# ---------------------------------------------------------------------------
CARRIERS = ["Jio", "Airtel", "Vi", "BSNL"]
CARRIER_V4 = {
    "Jio": [(49, 34), (49, 35), (49, 36), (49, 37), (49, 42), (49, 43), (152, 58), (157, 32),
            (157, 33), (157, 34), (157, 35), (157, 38), (157, 40), (157, 42), (157, 44), (157, 46),
            (157, 48), (157, 49), (157, 50), (157, 51)],
    "Airtel": [(223, 176), (223, 177), (223, 178), (223, 181), (223, 182), (223, 185), (223, 186),
               (223, 187), (223, 188), (223, 189), (223, 190), (106, 205), (106, 207), (106, 208),
               (106, 210), (106, 211), (106, 213), (106, 215), (182, 64), (182, 66), (182, 69)],
    "Vi": [(42, 104), (42, 105), (42, 106), (42, 107), (42, 108), (42, 109), (42, 110), (42, 111),
           (1, 38), (1, 39), (49, 14), (49, 15), (106, 76), (106, 77)],
    "BSNL": [(117, 196), (117, 199), (117, 204), (117, 206), (117, 211), (117, 213), (117, 217),
             (117, 230), (117, 241), (117, 248), (59, 88), (59, 89), (59, 91), (59, 92), (59, 94),
             (59, 96), (59, 97), (59, 99)],
}
CARRIER_V6 = {"Jio": "2409:40", "Airtel": "2401:4900:", "Vi": "2402:8100:"}
CARRIER_HQ = {"Jio": "Navi Mumbai", "Airtel": "New Delhi", "Vi": "Mumbai", "BSNL": "New Delhi"}
NPREF = {"Jio": 4, "Airtel": 4, "Vi": 3, "BSNL": 2}
NAT_HOSTS = {"Jio": 5, "Airtel": 5, "Vi": 4, "BSNL": 4}   # public NAT addresses in use per /24
V6_SHARE = {"Jio": 0.72, "Airtel": 0.45, "Vi": 0.3, "BSNL": 0.0}
BB_V4 = {
    "JioFiber": [(49, 36), (49, 37), (49, 47), (136, 232), (136, 233)],
    "Airtel Xstream": [(122, 161), (122, 162), (122, 164), (122, 167), (122, 171), (122, 172),
                       (122, 177), (122, 179)],
    "ACT": [(49, 204), (49, 205), (49, 206), (49, 207), (106, 51), (183, 82), (183, 83)],
    "Hathway": [(27, 4), (27, 5), (27, 6), (27, 7), (103, 211)],
    "BSNL FTTH": [(117, 193), (117, 200), (117, 223), (59, 93), (59, 95), (61, 0), (61, 2)],
    "Excitel": [(103, 87), (103, 163), (103, 102)],
    "Local cable": [(103, 21), (103, 48), (103, 76), (103, 110), (103, 149), (103, 174),
                    (103, 203), (103, 220), (103, 251)],
}
BB_CGNAT = {"JioFiber", "Excitel"}
BB_ISPS = {1: [("JioFiber", 0.33), ("Airtel Xstream", 0.27), ("ACT", 0.14), ("Hathway", 0.1),
               ("Excitel", 0.06), ("BSNL FTTH", 0.05), ("Local cable", 0.05)],
           2: [("JioFiber", 0.35), ("Airtel Xstream", 0.25), ("BSNL FTTH", 0.12),
               ("Excitel", 0.08), ("Local cable", 0.2)],
           3: [("JioFiber", 0.35), ("Airtel Xstream", 0.15), ("BSNL FTTH", 0.25),
               ("Local cable", 0.25)]}
CORP_V4 = [(14, 140), (14, 141), (14, 142), (14, 143), (115, 110), (115, 111), (115, 112),
           (115, 113), (115, 114), (182, 74), (182, 75), (203, 199), (121, 240), (121, 241)]
ZSCALER = {"Mumbai": ("165.225.106", "IN", "Mumbai"), "Chennai": ("165.225.122", "IN", "Chennai"),
           "Singapore": ("165.225.112", "SG", "Singapore")}
DATACENTER = [((13, 232), "IN", "Mumbai"), ((13, 233), "IN", "Mumbai"), ((13, 234), "IN", "Mumbai"),
              ((65, 0), "IN", "Mumbai"), ((3, 6), "IN", "Mumbai"), ((139, 59), "IN", "Bengaluru"),
              ((143, 110), "IN", "Bengaluru"), ((165, 232), "IN", "Bengaluru"),
              ((185, 107), "NL", "Amsterdam"), ((45, 83), "SG", "Singapore"),
              ((103, 108), "HK", "Hong Kong")]
FOREIGN_V4 = {"AE": [(94, 200), (2, 50), (86, 96)], "SG": [(116, 86), (118, 200), (42, 60)],
              "NP": [(27, 34), (110, 44)], "MU": [(102, 112), (197, 224)],
              "FR": [(90, 24), (86, 246), (176, 128)], "LK": [(112, 134), (175, 157)]}

# ---------------------------------------------------------------------------
# devices
# ---------------------------------------------------------------------------
ANDROID_MODELS = [  # model, weight, typical OS versions
    ("SM-A155F", 9, (14, 15, 16)), ("SM-M146B", 5, (13, 14, 15)), ("SM-A546E", 5, (14, 15, 16)),
    ("SM-A057F", 4, (13, 14, 15)), ("SM-S918B", 2, (15, 16)), ("SM-S928B", 1, (15, 16)),
    ("SM-A256E", 4, (14, 15, 16)), ("SM-M156B", 3, (14, 15)),
    ("23124RN87I", 7, (13, 14)), ("2312DRA50I", 5, (13, 14, 15)), ("24049RN28L", 4, (14, 15)),
    ("23129RAA4G", 3, (13, 14)), ("M2101K6I", 2, (12, 13)),
    ("V2318", 4, (13, 14, 15)), ("V2247", 3, (13, 14)), ("V2333", 3, (14, 15)), ("V2207", 2, (12, 13)),
    ("CPH2591", 3, (14, 15)), ("CPH2467", 3, (13, 14)), ("CPH2565", 2, (14, 15)),
    ("RMX3762", 4, (13, 14)), ("RMX3834", 3, (14, 15)), ("RMX3890", 2, (14, 15)),
    ("CPH2581", 2, (14, 15, 16)), ("CPH2613", 2, (15, 16)), ("CPH2449", 2, (14, 15)),
    ("A142", 1, (14, 15)), ("moto g54 5G", 2, (14, 15)), ("I2219", 2, (14, 15)),
    ("Infinix X6831", 1, (13, 14)), ("TECNO KI5k", 1, (13,)), ("Pixel 8a", 1, (15, 16)),
]
IPHONES = [("iPhone13,2", 2, ("18.7", "26.1")), ("iPhone14,5", 3, ("18.7", "26.1")),
           ("iPhone14,7", 4, ("26.1", "18.7")), ("iPhone15,4", 4, ("26.1",)),
           ("iPhone16,1", 2, ("26.1",)), ("iPhone17,3", 3, ("26.1",)), ("iPhone17,1", 1, ("26.1",))]
FRAUD_MODELS = [("SM-J701F", (9,)), ("Redmi Note 7", (10,)), ("vivo 1906", (11,)),
                ("SM-A207F", (11,)), ("RMX2185", (11,)), ("CPH2239", (11, 12)),
                ("M2006C3MII", (10, 11)), ("SM-M215F", (12,)), ("23124RN87I", (13, 14)),
                ("SM-A057F", (13, 14)), ("V2207", (12, 13))]

# ---------------------------------------------------------------------------
# people, payees
# ---------------------------------------------------------------------------
FIRST = ("aarav vivaan aditya arjun rohit rahul amit sandeep vikram suresh ramesh mahesh rajesh "
         "sanjay anil sunil deepak manoj pradeep karthik arun vijay srinivas venkat ravi ganesh "
         "mohammed imran faisal joseph thomas gurpreet harpreet priya ananya pooja neha sneha "
         "divya kavya lakshmi meena sunita anita rekha geeta shalini swati nisha fatima ayesha "
         "deepika shruti aishwarya bhavna jyoti rani savita asha usha lalitha revathi sowmya "
         "anjali riya tanvi sakshi ishita manish nitin rakesh pankaj saurabh gaurav abhishek").split()
LAST = ("sharma verma gupta singh kumar yadav patel shah mehta joshi kulkarni deshpande patil "
        "pawar jadhav reddy rao naidu iyer nair menon pillai krishnan das ghosh banerjee "
        "chatterjee mukherjee bose sen khan ansari qureshi sheikh fernandes dsouza gill sandhu "
        "agarwal jain bansal mishra tiwari pandey dubey chauhan rathore meena saini choudhary "
        "thakur mondal behera mohanty bora kalita").split()
P_HANDLES = [("okaxis", 8), ("okhdfcbank", 6), ("okicici", 6), ("oksbi", 8), ("ybl", 14), ("ibl", 4),
             ("axl", 5), ("paytm", 8), ("ptyes", 3), ("pthdfc", 2), ("ptsbi", 2), ("apl", 2),
             ("upi", 2), ("sbi", 3), ("icici", 1), ("hdfcbank", 1), ("axisbank", 1), ("kotak", 1),
             ("pnb", 1), ("barodampay", 1), ("naviaxis", 1)]
SHOP_A = ("sri balaji ganesh krishna jai laxmi new annapurna royal shiv om sai maa durga murugan "
          "shree gupta sharma agarwal kumar bharat national city fresh janata apna").split()
SHOP_B = {"tea": ["tea", "chai", "tapri", "snacks", "cafe", "bakery"],
          "kirana": ["kirana", "stores", "general", "provision", "mart", "traders", "bhandar"],
          "veg": ["veg", "fruits", "sabzi", "fresh"], "fuel": ["fuels", "petroleum", "filling", "service"],
          "restaurant": ["hotel", "restaurant", "dhaba", "bhojanalaya", "biryani", "dosa", "sweets"],
          "pharmacy": ["medicals", "pharmacy", "chemist", "medico"],
          "shopping": ["textiles", "fashion", "footwear", "collection", "emporium", "electronics"],
          "misc": ["salon", "parking", "temple", "tailor", "laundry", "mobile", "xerox", "repairs"],
          "auto": ["auto"], "hotel": ["residency", "inn", "stay", "homestay", "resort"]}
LOCAL_CATS = ["tea", "kirana", "veg", "fuel", "restaurant", "pharmacy", "shopping", "misc", "auto"]
POOL_FACTOR = {"tea": 0.22, "kirana": 0.25, "veg": 0.2, "fuel": 0.04, "restaurant": 0.2,
               "pharmacy": 0.07, "shopping": 0.18, "misc": 0.2, "auto": 0.9, "hotel": 0.02}

CATS = ["tea", "kirana", "veg", "fuel", "transit", "food", "quick", "restaurant", "pharmacy",
        "ecom", "shopping", "movies", "misc"]
TYPE_INFO = {  # share, everyday rate/day, p2p rate/day, wealth, iphone share, category mix
    "student": (0.15, 0.44, 0.11, 0.7, 0.10, [14, 8, 1, 4, 12, 14, 6, 10, 2, 8, 4, 3, 6]),
    "office": (0.32, 0.42, 0.065, 1.3, 0.15, [10, 10, 4, 8, 10, 12, 9, 9, 4, 8, 4, 2, 5]),
    "trader": (0.10, 0.34, 0.045, 1.2, 0.07, [16, 6, 4, 10, 3, 3, 1, 6, 4, 3, 4, 0.5, 8]),
    "gig": (0.08, 0.50, 0.045, 0.6, 0.02, [20, 8, 2, 25, 2, 6, 1, 8, 2, 2, 2, 0.5, 6]),
    "homemaker": (0.12, 0.28, 0.035, 1.0, 0.05, [3, 22, 22, 3, 4, 5, 9, 3, 8, 8, 6, 1, 6]),
    "elderly": (0.11, 0.13, 0.02, 0.9, 0.04, [5, 20, 18, 2, 5, 1, 3, 2, 22, 2, 3, 0.3, 14]),
    "casual": (0.12, 0.09, 0.03, 0.8, 0.04, [10, 16, 8, 10, 6, 5, 3, 6, 6, 5, 6, 1, 8]),
}
TIER_MOD = {1: {}, 2: {"food": 0.7, "quick": 0.45, "transit": 0.8},
            3: {"food": 0.4, "quick": 0.12, "transit": 0.6, "ecom": 0.8, "kirana": 1.2, "tea": 1.2,
                "veg": 1.2}}
TYPE_HOURS = {
    "student": [3, 2, 1, .3, .1, .1, .3, 1, 3, 4, 5, 6, 7, 6, 5, 5, 6, 7, 8, 8, 8, 8, 7, 5],
    "office": [.6, .2, .1, .05, .05, .1, .5, 2, 5, 6, 4, 4, 7, 6, 4, 4, 4, 5, 7, 8, 8, 7, 5, 2],
    "trader": [.3, .1, .05, .05, .2, 1.2, 3, 5, 6, 7, 8, 8, 7, 6, 6, 7, 7, 7, 7, 6, 5, 3, 1.5, .6],
    "gig": [1, .5, .3, .2, .3, 1, 3, 5, 6, 6, 6, 7, 8, 7, 6, 6, 6, 7, 8, 8, 7, 5, 3, 2],
    "homemaker": [.1, .05, .02, .02, .05, .3, 2, 5, 8, 9, 9, 7, 6, 4, 3, 4, 6, 8, 8, 6, 4, 2, .8, .3],
    "elderly": [.02, .01, .01, .01, .1, .8, 3, 7, 9, 10, 9, 7, 5, 3, 3, 4, 6, 6, 4, 2, 1, .3, .1, .05],
    "casual": [.5, .2, .1, .05, .05, .3, 1, 3, 5, 6, 6, 6, 7, 6, 5, 5, 6, 7, 8, 8, 7, 5, 3, 1],
}
CAT_PEAKS = {  # (from, to, weight) on top of a base of 1
    "tea": [(7, 11, 4), (15, 19, 3)], "kirana": [(8, 21, 2)], "veg": [(6, 10, 4), (17, 20, 4)],
    "fuel": [(7, 21, 2), (8, 9, 2), (18, 19, 2)], "transit": [(8, 10, 4), (17, 20, 4)],
    "food": [(12, 14, 4), (19, 23, 6), (0, 0, 1)], "quick": [(7, 10, 3), (17, 23, 4)],
    "restaurant": [(12, 15, 4), (19, 23, 5)], "pharmacy": [(9, 21, 2)], "ecom": [(10, 23, 2), (20, 22, 2)],
    "shopping": [(11, 21, 2), (17, 20, 3)], "movies": [(11, 22, 3)], "misc": [(7, 21, 2)],
}
QUIET = {0, 1, 2, 3, 4, 5}

# festival table: date ('*-MM-DD' every year, or 'YYYY-MM-DD'), name, cities (None=all),
# activity multiplier, category boosts, probability of festival gift transfers
FESTIVALS = [
    ("*-12-24", "Christmas Eve", ("Mumbai", "Bengaluru", "Chennai", "Kolkata", "Kochi", "Goa", "Pune"),
     1.2, {"shopping": 2.0, "restaurant": 1.6, "misc": 1.3}, 0.0),
    ("*-12-25", "Christmas", None, 1.12, {"restaurant": 1.8, "shopping": 1.4, "movies": 2.0}, 0.03),
    ("*-12-25", "Bada Din", ("Kolkata", "Kochi", "Goa"), 1.25, {"restaurant": 1.5, "tea": 1.3}, 0.05),
    ("*-12-31", "New Year's Eve", None, 1.35, {"restaurant": 2.5, "food": 1.8, "quick": 2.2, "shopping": 1.3}, 0.0),
    ("*-01-01", "New Year", None, 1.1, {"restaurant": 1.6, "misc": 1.5, "movies": 1.8}, 0.02),
    ("*-01-13", "Lohri", ("Delhi", "Ludhiana", "Jaipur", "Dehradun"), 1.3, {"shopping": 1.6, "kirana": 1.4}, 0.08),
    ("*-01-14", "Makar Sankranti", None, 1.08, {"kirana": 1.3, "shopping": 1.3, "misc": 1.5}, 0.03),
    ("*-01-14", "Uttarayan", ("Ahmedabad",), 1.4, {"kirana": 1.5, "misc": 2.0}, 0.05),
    ("*-01-14", "Pongal/Sankranti", ("Chennai", "Coimbatore", "Madurai", "Hyderabad", "Vijayawada"), 1.3,
     {"shopping": 1.8, "kirana": 1.6, "veg": 1.5}, 0.10),
    ("*-01-13", "Bhogi", ("Chennai", "Coimbatore", "Madurai", "Hyderabad", "Vijayawada"), 1.25,
     {"shopping": 2.0, "kirana": 1.5}, 0.0),
    ("*-01-15", "Mattu Pongal", ("Chennai", "Coimbatore", "Madurai"), 1.15, {"misc": 1.5, "restaurant": 1.4}, 0.03),
    ("*-01-15", "Magh Bihu", ("Guwahati",), 1.3, {"kirana": 1.5, "veg": 1.4}, 0.05),
    ("*-01-26", "Republic Day", None, 1.05, {"movies": 1.6, "restaurant": 1.3}, 0.0),
    ("*-02-14", "Valentine's Day", None, 1.08, {"restaurant": 2.0, "shopping": 1.5, "food": 1.3, "quick": 1.6}, 0.0),
    ("*-08-15", "Independence Day", None, 1.05, {"movies": 1.5}, 0.0),
    ("2026-02-15", "Maha Shivaratri", None, 1.05, {"misc": 2.0, "veg": 1.3}, 0.0),
    ("2025-02-26", "Maha Shivaratri", None, 1.05, {"misc": 2.0, "veg": 1.3}, 0.0),
    ("2025-03-14", "Holi", None, 1.25, {"kirana": 1.6, "shopping": 1.5, "misc": 1.4}, 0.05),
    ("2026-03-04", "Holi", None, 1.25, {"kirana": 1.6, "shopping": 1.5, "misc": 1.4}, 0.05),
    ("2026-03-20", "Eid al-Fitr", None, 1.1, {"shopping": 1.6, "restaurant": 1.5}, 0.04),
    ("2025-08-09", "Raksha Bandhan", None, 1.1, {"shopping": 1.5}, 0.12),
    ("2026-08-28", "Raksha Bandhan", None, 1.1, {"shopping": 1.5}, 0.12),
    ("2025-08-27", "Ganesh Chaturthi", ("Mumbai", "Pune", "Nashik", "Hyderabad"), 1.3, {"misc": 2.0, "shopping": 1.4}, 0.02),
    ("2026-09-14", "Ganesh Chaturthi", ("Mumbai", "Pune", "Nashik", "Hyderabad"), 1.3, {"misc": 2.0, "shopping": 1.4}, 0.02),
    ("2025-09-30", "Durga Puja", ("Kolkata", "Guwahati", "Bhubaneswar"), 1.5, {"restaurant": 2.0, "shopping": 1.6}, 0.05),
    ("2025-10-18", "Dhanteras", None, 1.35, {"shopping": 3.0, "ecom": 1.5}, 0.0),
    ("2025-10-20", "Diwali", None, 1.4, {"shopping": 2.5, "kirana": 1.8, "misc": 1.8}, 0.15),
    ("2026-11-06", "Dhanteras", None, 1.35, {"shopping": 3.0, "ecom": 1.5}, 0.0),
    ("2026-11-08", "Diwali", None, 1.4, {"shopping": 2.5, "kirana": 1.8, "misc": 1.8}, 0.15),
    ("2025-10-27", "Chhath", ("Patna", "Ranchi", "Varanasi", "Delhi", "Mumbai"), 1.2, {"veg": 1.8, "kirana": 1.5}, 0.06),
]
SALES = [("*-01-13", "*-01-19"), ("*-12-20", "*-12-26"), ("2025-09-22", "2025-10-02"),
         ("2026-10-10", "2026-10-20"), ("*-07-10", "*-07-16")]


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    lim, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= lim:
            return k
        k += 1


def wpick(rng: random.Random, items):
    """items: list of (value, weight)."""
    tot = sum(w for _, w in items)
    x = rng.random() * tot
    for v, w in items:
        x -= w
        if x <= 0:
            return v
    return items[-1][0]


def cumw(weights):
    out, s = [], 0.0
    for w in weights:
        s += w
        out.append(s)
    return out


def cpick(rng: random.Random, cum) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def lognorm(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def phone10(rng: random.Random) -> str:
    return str(rng.choice((6, 7, 8, 8, 9, 9, 9))) + "".join(str(rng.randrange(10)) for _ in range(9))


def personal_vpa(rng: random.Random) -> str:
    h = wpick(rng, P_HANDLES)
    f, ln = rng.choice(FIRST), rng.choice(LAST)
    r = rng.random()
    if r < 0.35:
        return f"{phone10(rng)}@{h}"
    if r < 0.6:
        return f"{f}.{ln}{rng.randrange(10, 100)}@{h}"
    if r < 0.75:
        return f"{f}{ln}{rng.randrange(1000, 10000)}@{h}"
    if r < 0.9:
        return f"{f}{rng.randrange(10, 100)}@{h}"
    return f"{f}.{rng.randrange(1000, 10000)}@{h}"


def merchant_vpa(rng: random.Random, cat: str) -> str:
    r = rng.random()
    if cat in ("auto", "veg") or r < 0.22:
        return personal_vpa(rng)
    if r < 0.45:
        return f"paytmqr{rng.randrange(10**9, 10**10)}@paytm"
    if r < 0.68:
        return f"Q{rng.randrange(10**8, 10**9)}@ybl"
    if r < 0.78:
        return f"bharatpe{rng.randrange(10**7, 10**8)}@yesbankltd"
    if r < 0.86:
        return f"gpay-{rng.randrange(10**10, 10**11)}@okbizaxis"
    name = rng.choice(SHOP_A) + rng.choice(SHOP_B.get(cat, ["store"]))
    return f"{name}.{rng.randrange(1000, 10000)}@{rng.choice(['icici', 'axisbank', 'hdfcbank', 'sbi', 'kotak'])}"


def hexid(rng: random.Random, n: int) -> str:
    return "%0*x" % (n, rng.getrandbits(4 * n))


def ios_id(rng: random.Random) -> str:
    h = "%032X" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def km_offset(rng: random.Random, lat: float, lon: float, sd_km: float):
    dlat = rng.gauss(0, sd_km) / 111.0
    dlon = rng.gauss(0, sd_km) / (111.0 * max(0.2, math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def price_like(rng: random.Random, x: float) -> float:
    """Rs 1,299 / 499 style price points."""
    if x < 100:
        return float(max(9, int(x / 10) * 10 + 9))
    base = int(x / 100) * 100
    return float(base + rng.choice((99, 99, 49, 0, 0)) - (1 if rng.random() < 0.1 else 0)) or 99.0


# ---------------------------------------------------------------------------
# world
# ---------------------------------------------------------------------------
class Place:
    __slots__ = ("name", "lat", "lon", "circle", "tier", "radius", "country")

    def __init__(self, name, lat, lon, circle, tier, radius, country="IN"):
        self.name, self.lat, self.lon, self.circle = name, lat, lon, circle
        self.tier, self.radius, self.country = tier, radius, country


class Pool:
    __slots__ = ("ids", "cum")

    def __init__(self, ids, alpha):
        self.ids = ids
        self.cum = cumw([1.0 / (i + 1) ** alpha for i in range(len(ids))])

    def pick(self, rng):
        return self.ids[cpick(rng, self.cum)]


class Net:
    """Public address plan: CGNAT pools per carrier and telecom circle, broadband pools per
    ISP and city, corporate egress, hotel Wi-Fi, data centres."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used = set()
        self.mobile = {}
        self.v6geo = {}
        for car in CARRIERS:
            for ci, circ in enumerate(CIRCLES):
                prefs = []
                for _ in range(NPREF[car]):
                    p = self._prefix(CARRIER_V4[car])
                    hosts = rng.sample(range(1, 255), NAT_HOSTS[car])
                    r = rng.random()
                    geo = CIRCLE_HUB[circ] if r < 0.74 else CARRIER_HQ[car] if r < 0.88 else ""
                    prefs.append((p, hosts, geo))
                self.mobile[(car, circ)] = prefs
                self.v6geo[(car, circ)] = CIRCLE_HUB[circ] if rng.random() < 0.5 else (
                    CARRIER_HQ[car] if rng.random() < 0.4 else "")
        self.bb = {}
        self.corp = {}

    def _prefix(self, blocks):
        while True:
            a, b = self.rng.choice(blocks)
            c = self.rng.randrange(256)
            if (a, b, c) not in self.used:
                self.used.add((a, b, c))
                return f"{a}.{b}.{c}"

    def v6(self, rng, car, circ):
        ci = CIRCLES.index(circ)
        if car == "Jio":
            s = "2409:40%02x:%x:%x:%x:%x:%x:%x" % (0x80 + ci, rng.getrandbits(16), rng.getrandbits(16),
                                                  rng.getrandbits(16), rng.getrandbits(16),
                                                  rng.getrandbits(16), rng.getrandbits(16))
        else:
            s = CARRIER_V6[car] + "%02x%02x:%x:%x:%x:%x:%x" % (
                ci + 0x10, rng.getrandbits(8), rng.getrandbits(16), rng.getrandbits(16),
                rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16))
        return ipaddress.IPv6Address(s).compressed

    def bb_pool(self, isp, city, circ):
        key = (isp, city)
        if key not in self.bb:
            prefs = []
            for _ in range(4 if isp in BB_CGNAT else 8):
                p = self._prefix(BB_V4[isp])
                r = self.rng.random()
                geo = city if r < 0.8 else CIRCLE_HUB[circ] if r < 0.94 else ""
                hosts = self.rng.sample(range(1, 255), 12) if isp in BB_CGNAT else None
                prefs.append((p, hosts, geo))
            self.bb[key] = prefs
        return self.bb[key]

    def corp_pool(self, city):
        if city not in self.corp:
            emps = []
            for _ in range(6):
                r = self.rng.random()
                if r < 0.12:
                    z = ZSCALER["Singapore" if self.rng.random() < 0.4 else
                                ("Chennai" if city in ("Chennai", "Bengaluru", "Hyderabad") else "Mumbai")]
                    ips = [(f"{z[0]}.{self.rng.randrange(1, 255)}", z[1], z[2]) for _ in range(3)]
                else:
                    p = self._prefix(CORP_V4)
                    geo = city if self.rng.random() < 0.85 else CIRCLE_HUB[HOME_CITIES[city][2]]
                    ips = [(f"{p}.{self.rng.randrange(2, 250)}", "IN", geo)
                           for _ in range(self.rng.randint(1, 3))]
                emps.append(ips)
            self.corp[city] = emps
        return self.corp[city]


class World:
    pass


def date_match(pattern: str, d: dt.date) -> bool:
    if pattern.startswith("*-"):
        return pattern[2:] == d.strftime("%m-%d")
    return pattern == d.isoformat()


def in_range(a: str, b: str, d: dt.date) -> bool:
    if a.startswith("*-"):
        md = d.strftime("%m-%d")
        return a[2:] <= md <= b[2:]
    return a <= d.isoformat() <= b


def build_world(seed: int, n_cust: int, days: int, start: dt.date) -> World:
    W = World()
    rng = random.Random(seed * 7919 + 17)
    W.rng, W.days, W.start, W.n_cust = rng, days, start, n_cust
    W.scale = n_cust * days / (6000 * 90)
    W.places = {}
    for n, (la, lo, ci, _, tier, rad) in HOME_CITIES.items():
        W.places[n] = Place(n, la, lo, ci, tier, rad)
    for n, (la, lo, ci) in OTHER_PLACES.items():
        if n not in W.places:
            W.places[n] = Place(n, la, lo, ci, 3, 5)
    for n, (la, lo, cc) in FOREIGN.items():
        W.places[n] = Place(n, la, lo, None, 1, 10, cc)
    W.net = Net(rng)
    # calendar
    W.dates = [start + dt.timedelta(days=i) for i in range(days + 1)]
    W.fest = []
    W.sale = []
    for d in W.dates:
        W.fest.append([f for f in FESTIVALS if date_match(f[0], d)])
        W.sale.append(any(in_range(a, b, d) for a, b in SALES))
    # expected customers per city, merchant pools
    W.cust_share = {n: v[3] for n, v in HOME_CITIES.items()}
    tot = sum(W.cust_share.values())
    W.merch = {}
    for name, pl in W.places.items():
        ncity = n_cust * W.cust_share.get(name, 0) / tot
        W.merch[name] = {}
        for cat in LOCAL_CATS + ["hotel"]:
            if name in HOME_CITIES:
                size = int(clamp(ncity * POOL_FACTOR[cat], 6, 5000))
            else:
                size = 25 if cat != "auto" else 60
            if pl.country != "IN":
                ids = [f"nipl.{pl.country.lower()}{rng.randrange(10**7, 10**8)}@nipl" for _ in range(size)]
            else:
                ids = [merchant_vpa(rng, cat) for _ in range(size)]
            W.merch[name][cat] = Pool(ids, 0.35 if cat == "auto" else 0.8)
    # national / online merchants
    W.online = {
        "food": Pool(["swiftbite.pg@axisbank", "yumdash@icici", "dineout.tbk@ybl"] +
                     [f"cloudkitchen{i}.rzp@icici" for i in range(8)], 1.6),
        "quick": Pool(["zapmart@ybl", "tenminute.pg@hdfcbank", "dailybasket@axisbank"], 0.9),
        "ecom": Pool(["shopkart.pg@axisbank", "bazaarone@apl", "megamall.pay@icici", "stylehaus@ybl",
                      "quickcart@hdfcbank", "desiweaves.rzp@icici"] +
                     [f"d2cbrand{i}.cf@yesbank" for i in range(30)], 1.2),
        "movies": Pool(["ticketnow@icici", "cinebook.pg@hdfcbank"], 1.0),
        "cab": Pool(["ridego.pg@axisbank", "cabkaro@ybl", "bikeride.rzp@icici"], 1.0),
        "ott": Pool(["streamflix.autopay@hdfcbank", "primecinema@apl", "musicbox.mandate@icici",
                     "cricstream@ybl", "newsplus@axisbank"], 1.0),
        "sip": Pool(["mfutility.sip@icici", "bsestarmf@hdfcbank", "nsemfss@yesbank"], 1.0),
        "gold": Pool(["digigold.pay@ybl", "safegold.rzp@icici", "giftcardhub@axisbank",
                      "vouchermart.pg@hdfcbank"], 1.0),
        "electronics": Pool(["shopkart.pg@axisbank", "bazaarone@apl", "croma.pine@hdfcbank",
                             "reliancedigital@icici"], 1.0),
    }
    W.metro = {c: f"{c.lower()}metro.{rng.choice(['tkt', 'card'])}@{rng.choice(['sbi', 'icici', 'axisbank'])}"
               for c in sorted(METRO_CITIES)}
    st = {"Mumbai": "MAH", "Pune": "MAH", "Nashik": "MAH", "Delhi": "DEL", "Bengaluru": "KAR", "Mysuru": "KAR",
          "Chennai": "TND", "Coimbatore": "TND", "Madurai": "TND", "Kolkata": "WBL", "Hyderabad": "TEL",
          "Vijayawada": "APD", "Jaipur": "RAJ", "Lucknow": "UPR", "Varanasi": "UPR", "Ahmedabad": "GUJ",
          "Patna": "BIH", "Ranchi": "JHA", "Indore": "MPD", "Guwahati": "ASM", "Kochi": "KER",
          "Dehradun": "UKD", "Bhubaneswar": "ODI", "Ludhiana": "PUN"}
    board = {"Mumbai": ["BEST00000MUM01", "ADANI0000MUM01", "TATAPWR00MUM01"], "Delhi": ["BSESRAJPLDEL01", "BSESYAMPLDEL01", "TATAPWR00DEL01"],
             "Bengaluru": ["BESCOM000KAR01"], "Mysuru": ["CESCOM000KAR01"], "Chennai": ["TNEB00000TND01"],
             "Kolkata": ["CESC00000WBL01"], "Hyderabad": ["TSSPDCL00TEL01"], "Vijayawada": ["APCPDCL00APD01"]}
    W.elec = {c: board.get(c, [f"{st[c]}DISCOM0{st[c]}01"]) for c in HOME_CITIES}
    W.water = {c: f"{st[c]}WATER00{st[c]}01" for c in HOME_CITIES}
    W.recharge = {"Jio": "JIOPREPAIDNAT01", "Airtel": "AIRTELPREPNAT01", "Vi": "VIPREPAID0NAT01",
                  "BSNL": "BSNLPREPAINAT01"}
    W.dth = ["TATAPLAY0NAT01", "DISHTV000NAT01", "AIRTELDTHNAT01", "D2H000000NAT01"]
    W.lpg = ["INDANE000NAT01", "HPGAS0000NAT01", "BHARATGASNAT01"]
    W.bb_biller = {"JioFiber": "JIOFIBER0NAT01", "Airtel Xstream": "AIRTELBB0NAT01", "ACT": "ACTBB0000NAT01",
                   "Hathway": "HATHWAY00NAT01", "BSNL FTTH": "BSNLFTTH0NAT01", "Excitel": "EXCITEL00NAT01",
                   "Local cable": None}
    W.cc = ["HDFCCC000NAT01", "SBICARD00NAT01", "ICICICC00NAT01", "AXISCC000NAT01", "KOTAKCC00NAT01",
            "IDFCFBCC0NAT01"]
    W.insurance = ["LICOFINDIA0001", "HDFCLIFE00NAT1", "STARHEALTHNAT1", "SBILIFE000NAT1"]
    W.tax = "ITDTAXPAY0NAT01"
    W.hospital = {c: [f"{rng.choice(['city', 'care', 'lifeline', 'apex', 'sunrise', 'global'])}hospital{i}."
                      f"{rng.randrange(100, 999)}@{rng.choice(['icici', 'hdfcbank', 'axisbank'])}" for i in range(4)]
                  for c in W.places}
    W.college = {c: [f"{rng.choice(['univ', 'college', 'institute', 'school'])}{i}.fees@{rng.choice(['sbi', 'icici', 'hdfcbank'])}"
                     for i in range(5)] for c in HOME_CITIES}
    W.jeweller = {c: [merchant_vpa(rng, "shopping").replace("@", "jewels@", 1) if rng.random() < 0.5 else
                      f"{rng.choice(SHOP_A)}jewellers.{rng.randrange(1000, 9999)}@hdfcbank" for _ in range(6)]
                  for c in HOME_CITIES}
    # app releases: every 14 days, patch every other release
    W.releases = []
    k = 30
    t = -140 * DAY
    while t < (days + 1) * DAY:
        W.releases.append((t, f"5.{k}.0"))
        if k % 3 == 0:
            W.releases.append((t + 4 * DAY, f"5.{k}.1"))
        k += 1
        t += 14 * DAY
    W.releases.sort()
    W.rel_t = [r[0] for r in W.releases]
    return W


# ---------------------------------------------------------------------------
# customers
# ---------------------------------------------------------------------------
class Device:
    __slots__ = ("id", "ios", "model", "os", "os_up_t", "os2", "vers", "vers_t")

    def ua(self, t):
        i = bisect.bisect_right(self.vers_t, t) - 1
        ver = self.vers[max(i, 0)]
        osv = self.os2 if t >= self.os_up_t else self.os
        if self.ios:
            return f"{APP}/{ver} (iOS {osv}; {self.model})"
        return f"{APP}/{ver} (Android {osv}; {self.model})"


def make_device(rng, W, install_t, lag, ios=None, model=None, osv=None, dev_id=None, newest=False):
    d = Device()
    d.ios = ios if ios is not None else False
    if model is None:
        if d.ios:
            m = wpick(rng, [(x, x[1]) for x in IPHONES])
        else:
            m = wpick(rng, [(x, x[1]) for x in ANDROID_MODELS])
        model = m[0]
        osv = m[2][-1] if newest else rng.choice(m[2])
    d.model, d.os = model, osv
    d.id = dev_id or (ios_id(rng) if d.ios else hexid(rng, 16))
    d.os_up_t, d.os2 = INF, osv
    # app versions: the release current at install, then each later one after the customer's lag
    i0 = max(0, bisect.bisect_right(W.rel_t, install_t) - 1)
    items = [(install_t, i0)]
    for j in range(i0 + 1, len(W.releases)):
        if lag == INF:
            break
        items.append((W.releases[j][0] + lag * rng.uniform(0.6, 1.5) * DAY, j))
    items.sort()
    vt, vv, best = [], [], -1
    for et, j in items:
        if j > best:
            best = j
            vt.append(et)
            vv.append(W.releases[j][1])
    d.vers_t, d.vers = vt, vv
    return d


class Home:
    __slots__ = ("t0", "city", "lat", "lon", "wlat", "wlon", "bb", "bb_period", "bb_ips", "v6p", "pref")


class Trip:
    __slots__ = ("t0", "t1", "place", "kind", "hotel", "circ", "d0", "d1")


class Cust:
    pass


def make_bb(rng, W, city, tier, days):
    isp = wpick(rng, BB_ISPS[tier])
    if isp == "ACT" and city not in ("Bengaluru", "Hyderabad", "Chennai", "Delhi", "Coimbatore", "Vijayawada"):
        isp = "Airtel Xstream"
    if isp == "Hathway" and city not in ("Mumbai", "Pune", "Bengaluru", "Chennai", "Kolkata", "Hyderabad"):
        isp = "JioFiber"
    circ = HOME_CITIES[city][2]
    pool = W.net.bb_pool(isp, city, circ)
    period = 1 if isp in BB_CGNAT else rng.choice((2, 4, 7, 7, 14, 30))
    ips = []
    home_pref = rng.randrange(len(pool))
    for _ in range(days // period + 3):
        p, hosts, geo = pool[home_pref if rng.random() < 0.6 else rng.randrange(len(pool))]
        h = rng.choice(hosts) if hosts else rng.randrange(2, 255)
        ips.append((f"{p}.{h}", "IN", geo))
    v6p = None
    if isp == "JioFiber" and rng.random() < 0.7:
        v6p = "2405:201:%x:%x:" % (0x6000 + CIRCLES.index(circ) * 16 + rng.randrange(16), rng.getrandbits(16))
    return isp, period, ips, v6p


def new_home(rng, W, c, city, t0):
    h = Home()
    h.t0, h.city = t0, city
    la, lo, circ, _, tier, rad = HOME_CITIES[city]
    h.lat, h.lon = km_offset(rng, la, lo, rad / 2.2)
    h.wlat = h.wlon = None
    if c.type in ("office", "student", "trader"):
        h.wlat, h.wlon = km_offset(rng, la, lo, rad / 3.0)
    h.bb, h.bb_period, h.bb_ips, h.v6p = None, 1, None, None
    if rng.random() < c.bb_prob * (1.0 if tier == 1 else 0.75 if tier == 2 else 0.55):
        h.bb, h.bb_period, h.bb_ips, h.v6p = make_bb(rng, W, city, tier, W.days)
    h.pref = rng.randrange(NPREF[c.carrier])
    return h


def make_customer(i: int, W: World, rng: random.Random, prev) -> Cust:
    c = Cust()
    c.idx = i
    c.id = f"cust{i:06d}"
    c.vpa = personal_vpa(rng)
    household = prev is not None and not prev.partner and rng.random() < 0.06
    if household:
        c.type = rng.choice(["homemaker", "elderly", "student", "office", "elderly", "homemaker"])
        city = prev.homes[0].city
    else:
        c.type = wpick(rng, [(t, v[0]) for t, v in TYPE_INFO.items()])
        city = wpick(rng, list(W.cust_share.items()))
    share, rate, p2p, wealth, ios_share, mix = TYPE_INFO[c.type]
    tier = HOME_CITIES[city][4]
    c.partner = prev if household else None
    if household:
        prev.partner = c
    c.act = lognorm(rng, 1.0, 0.55) / 1.16
    c.rate = rate * c.act * 0.9
    c.p2p_rate = p2p * (0.5 + c.act / 2)
    c.wealth = wealth * lognorm(rng, 1.0, 0.45) * (1.15 if tier == 1 else 0.9 if tier == 2 else 0.8)
    c.explore = clamp(rng.gauss(0.2, 0.08), 0.04, 0.45)
    c.shift = rng.choice((-1, 0, 0, 0, 0, 1))
    c.lite = rng.random() < 0.1
    c.car_owner = c.wealth > 1.4 and rng.random() < 0.6
    circ = HOME_CITIES[city][2]
    cw = [("Jio", 0.42), ("Airtel", 0.36), ("Vi", 0.17 if circ in ("MUM", "DEL", "KER", "MH", "GUJ", "UPW") else 0.09),
          ("BSNL", 0.10 if c.type == "elderly" or tier == 3 else 0.03)]
    c.carrier = prev.carrier if household and rng.random() < 0.6 else wpick(rng, cw)
    c.bb_prob = {"student": 0.25, "office": 0.55, "trader": 0.25, "gig": 0.05, "homemaker": 0.45,
                 "elderly": 0.35, "casual": 0.15}[c.type]
    c.loc_perm = rng.random() < (0.22 if c.type == "elderly" else 0.35)
    c.loc_rate = rng.uniform(0.45, 0.95)
    c.office_ip = None
    c.blackouts = []
    c.end_t = INF
    c.fraud = []
    c.mule = None
    # home
    if household:
        h = Home()
        ph = prev.homes[0]
        h.t0, h.city, h.lat, h.lon = ph.t0, ph.city, ph.lat, ph.lon
        h.wlat, h.wlon = (km_offset(rng, ph.lat, ph.lon, 4.0) if c.type in ("office", "student") else (None, None))
        h.bb, h.bb_period, h.bb_ips, h.v6p = ph.bb, ph.bb_period, ph.bb_ips, ph.v6p
        h.pref = rng.randrange(NPREF[c.carrier])
        c.homes = [h]
    else:
        c.homes = [new_home(rng, W, c, city, -10 ** 9)]
    if c.type == "office" and tier == 1 and rng.random() < 0.4:
        emps = W.net.corp_pool(city)
        c.office_ip = emps[min(int(rng.random() ** 2 * len(emps)), len(emps) - 1)]
    c.v6 = V6_SHARE[c.carrier] * rng.uniform(0.7, 1.2)
    # device timeline
    r = rng.random()
    c.lag = rng.uniform(0.3, 3) if r < 0.55 else rng.uniform(5, 30) if r < 0.85 else INF
    if household and rng.random() < 0.45:
        c.devices = prev.devices          # one phone, two UPI registrations (dual app)
        c.shared_dev = True
    else:
        c.shared_dev = False
        ios = rng.random() < ios_share * (1.3 if c.wealth > 1.5 else 1.0)
        if ios:
            c.v6 = max(c.v6, 0.5) if c.carrier in ("Jio", "Airtel") else c.v6
        d0 = make_device(rng, W, -rng.uniform(20, 900) * DAY, c.lag, ios=ios)
        c.devices = [(-10 ** 9, d0)]
        # life events on the phone
        if rng.random() < 0.08 * W.days / 90:
            d = pick_day(rng, W, boost_sale=True)
            t = d * DAY + rng.randrange(9, 22) * HOUR
            nd = make_device(rng, W, t, c.lag, ios=ios if rng.random() < 0.85 else not ios, newest=True)
            c.devices.append((t, nd))
        elif rng.random() < 0.04 * W.days / 90:
            t = rng.randrange(2, W.days) * DAY + rng.randrange(8, 23) * HOUR
            nd = make_device(rng, W, t, c.lag, ios=d0.ios, model=d0.model, osv=d0.os)
            nd.os_up_t, nd.os2 = d0.os_up_t, d0.os2
            c.devices.append((t, nd))     # reinstall / cleared app data: new install id
        if rng.random() < (0.35 if d0.ios else 0.1) * W.days / 90:
            dv = c.devices[-1][1]
            dv.os_up_t = rng.randrange(0, W.days) * DAY + rng.randrange(0, 24) * HOUR
            if dv.ios:
                dv.os2 = {"18.7": "18.7.3", "26.1": "26.2"}.get(dv.os, dv.os)
            else:
                dv.os2 = min(16, dv.os + 1)
    c.dev_t = [x[0] for x in c.devices]
    # relocation to another city (job change)
    if not household and c.type in ("office", "student") and rng.random() < 0.01 * W.days / 90:
        t = rng.randrange(10, max(11, W.days - 5)) * DAY + 10 * HOUR
        nc = wpick(rng, [(n, v) for n, v in W.cust_share.items() if n != city])
        c.homes.append(new_home(rng, W, c, nc, t))
    c.home_t = [h.t0 for h in c.homes]
    # payees
    setup_payees(c, W, rng)
    c.trips = plan_trips(c, W, rng)
    c.trip_t = [tr.t0 for tr in c.trips]
    # mobile session state
    c.s_last, c.s_ip, c.s_geo, c.s_gap, c.s_circ = -INF, None, None, 0, None
    return c


def pick_day(rng, W, boost_sale=False):
    if boost_sale and rng.random() < 0.4:
        sd = [d for d in range(W.days) if W.sale[d]]
        if sd:
            return rng.choice(sd)
    return rng.randrange(0, W.days)


def setup_payees(c, W, rng):
    set_regulars(c, W, rng, c.homes[0].city)
    c.friends = [personal_vpa(rng) for _ in range(rng.randint(3, 25 if c.type == "student" else 15))]
    c.family = [personal_vpa(rng) for _ in range(rng.randint(1, 4))]
    c.suppliers = [new_supplier(rng) for _ in range(rng.randint(3, 8))] if c.type == "trader" else []


def new_supplier(rng):
    if rng.random() < 0.5:
        return personal_vpa(rng), "upi_p2p"
    return merchant_vpa(rng, "kirana"), "upi_qr"


def set_regulars(c, W, rng, city):
    c.reg = {}
    for cat in LOCAL_CATS:
        pool = W.merch[city][cat]
        n = rng.randint(1, 3) if cat in ("fuel", "pharmacy", "auto") else rng.randint(2, 5)
        c.reg[cat] = [pool.pick(rng) for _ in range(n)]
    c.reg_city = city


def plan_trips(c, W, rng):
    trips = []
    city = c.homes[0].city
    circ = HOME_CITIES[city][2]
    f = W.days / 90

    def add(d0, nd, place, kind):
        d1 = min(W.days, d0 + nd)
        if d0 < 0 or d0 >= W.days or place == city:
            return
        for tr in trips:
            if not (d1 < tr.d0 or d0 > tr.d1):
                return
        tr = Trip()
        tr.d0, tr.d1, tr.place, tr.kind = d0, d1, place, kind
        tr.t0 = d0 * DAY + rng.randrange(5, 14) * HOUR
        tr.t1 = d1 * DAY + rng.randrange(12, 23) * HOUR
        pl = W.places[place]
        tr.hotel = None
        if kind in ("leisure", "business", "pilgrim", "intl") and rng.random() < 0.6:
            if pl.country != "IN":
                a, b = rng.choice(FOREIGN_V4[pl.country])
                tr.hotel = (f"{a}.{b}.{rng.randrange(256)}.{rng.randrange(2, 255)}", pl.country, place)
            else:
                p = W.net._prefix(BB_V4[rng.choice(["Local cable", "Airtel Xstream", "BSNL FTTH", "JioFiber"])])
                tr.hotel = (f"{p}.{rng.randrange(2, 255)}", "IN", place if rng.random() < 0.7 else CIRCLE_HUB[pl.circle])
        tr.circ = circ if (pl.country != "IN" or rng.random() < 0.5) else pl.circle
        trips.append(tr)

    # Christmas / New Year holidays
    dates = W.dates
    hol = [i for i, d in enumerate(dates[:-1]) if (d.month == 12 and d.day >= 20) or (d.month == 1 and d.day <= 2)]
    p_leis = {"student": 0.22, "office": 0.25, "trader": 0.07, "gig": 0.02, "homemaker": 0.08,
              "elderly": 0.05, "casual": 0.05}[c.type]
    if rng.random() < p_leis * (1.5 if hol else 1.0) * max(f, 0.3):
        if hol and rng.random() < 0.6:
            d0 = rng.choice(hol)
        else:
            d0 = rng.randrange(W.days)
            d0 += (5 - (W.dates[d0].weekday())) % 7        # leave on a Saturday
        add(d0, rng.randint(2, 6), rng.choice(LEISURE), "leisure")
    if c.type == "office" and rng.random() < 0.2 * f:
        d0 = rng.randrange(W.days)
        if W.dates[d0].weekday() < 5:
            add(d0, rng.randint(0, 2), rng.choice(["Mumbai", "Delhi", "Bengaluru", "Hyderabad", "Chennai", "Pune",
                                                    "Gurugram", "Noida", "Kolkata", "Ahmedabad"]), "business")
    if c.type in ("elderly", "homemaker") and rng.random() < 0.1 * f:
        add(rng.randrange(W.days), rng.randint(2, 5), rng.choice(PILGRIM), "pilgrim")
    # Pongal / Sankranti native-place exodus (and migrants going home)
    sank = [i for i, d in enumerate(dates[:-1]) if d.month == 1 and 10 <= d.day <= 13]
    if circ in ("TN", "AP") and sank and rng.random() < 0.3:
        add(rng.choice(sank), rng.randint(3, 6), rng.choice(NATIVE[circ]), "native")
    elif c.type in ("gig", "office", "trader") and circ not in ("BIH", "UPE") and rng.random() < 0.04 * f:
        add(rng.randrange(W.days), rng.randint(3, 8), rng.choice(NATIVE[rng.choice(["BIH", "UPE"])]), "native")
    if c.type in ("office", "trader") and c.wealth > 1.3 and rng.random() < 0.02 * f:
        add(rng.randrange(W.days), rng.randint(3, 7), rng.choice(list(FOREIGN)), "intl")
    trips.sort(key=lambda tr: tr.t0)
    return trips


# ---------------------------------------------------------------------------
# per-customer context: device, network, location
# ---------------------------------------------------------------------------
def home_at(c, t):
    return c.homes[bisect.bisect_right(c.home_t, t) - 1]


def trip_at(c, t):
    if not c.trips:
        return None
    i = bisect.bisect_right(c.trip_t, t) - 1
    if i >= 0 and c.trips[i].t1 > t:
        return c.trips[i]
    return None


def device_at(c, t):
    return c.devices[bisect.bisect_right(c.dev_t, t) - 1][1]


def mobile_ip(c, W, rng, t, circ, home_circ, pref):
    if t - c.s_last > c.s_gap or circ != c.s_circ:
        c.s_gap = rng.uniform(900, 5400)
        c.s_circ = circ
        if c.carrier != "BSNL" and rng.random() < c.v6:
            c.s_ip = W.net.v6(rng, c.carrier, circ)
            c.s_geo = W.net.v6geo[(c.carrier, circ)]
        else:
            prefs = W.net.mobile[(c.carrier, circ)]
            p, hosts, geo = prefs[pref if (circ == home_circ and rng.random() < 0.7) else rng.randrange(len(prefs))]
            c.s_ip = f"{p}.{rng.choice(hosts)}"
            c.s_geo = geo
    c.s_last = t
    return c.s_ip, "IN", c.s_geo


def own_ctx(c, W, rng, t, mode):
    """(ip, device_id, user_agent, lat, lon, country, city) of the customer's own phone."""
    dev = device_at(c, t)
    ua = dev.ua(t)
    hour = (t // HOUR) % 24
    wd = W.dates[min(t // DAY, W.days)].weekday()
    trip = trip_at(c, t)
    home = home_at(c, t)
    home_circ = HOME_CITIES[home.city][2]
    if trip is not None:
        pl = W.places[trip.place]
        if trip.hotel and mode == IN and (hour >= 19 or hour < 10) and rng.random() < 0.6:
            ip, cc, geo = trip.hotel
        else:
            ip, cc, geo = mobile_ip(c, W, rng, t, trip.circ, home_circ, home.pref)
        alat, alon, sd = pl.lat, pl.lon, 2.5
    else:
        if (c.office_ip and wd < 5 and 10 <= hour < 19 and rng.random() < (0.7 if mode == IN else 0.3)):
            ip, cc, geo = rng.choice(c.office_ip)
            alat, alon, sd = home.wlat, home.wlon, 0.05
        elif home.bb and (hour >= 19 or hour < 9 or wd >= 5) and rng.random() < (0.75 if mode == IN else 0.08):
            k = min(int(t // (home.bb_period * DAY)) if t > 0 else 0, len(home.bb_ips) - 1)
            if home.v6p and rng.random() < 0.7:
                ip, cc, geo = (ipaddress.IPv6Address(home.v6p + "%x:%x:%x:%x" % tuple(
                    rng.getrandbits(16) for _ in range(4))).compressed, "IN", home.bb_ips[k][2])
            else:
                ip, cc, geo = home.bb_ips[k]
            alat, alon, sd = home.lat, home.lon, 0.03
        else:
            ip, cc, geo = mobile_ip(c, W, rng, t, home_circ, home_circ, home.pref)
            if home.wlat is not None and wd < 5 and 10 <= hour < 18 and c.type != "student":
                alat, alon, sd = home.wlat, home.wlon, 1.2
            else:
                alat, alon, sd = home.lat, home.lon, 1.5 if mode == OUT else 0.05
    lat = lon = None
    if c.loc_perm and rng.random() < c.loc_rate:
        lat, lon = km_offset(rng, alat, alon, sd)
    return ip, dev.id, ua, lat, lon, cc, geo


class Attacker:
    """A fraud ring's phone: SIM-swapped takeovers and bought mule accounts."""

    def __init__(self, W, rng):
        m, oss = rng.choice(FRAUD_MODELS)
        self.dev_id = hexid(rng, 16)
        j = max(0, bisect.bisect_right(W.rel_t, 0) - 1 - rng.choice((0, 0, 1, 2, 4, 6)))
        self.ua = f"{APP}/{W.releases[j][1]} (Android {rng.choice(oss)}; {m})"
        self.place = wpick(rng, HOTSPOTS)
        self.carrier = wpick(rng, [("Jio", 0.45), ("Airtel", 0.4), ("Vi", 0.1), ("BSNL", 0.05)])
        self.net = wpick(rng, [("hotspot", 0.78), ("dc", 0.12), ("local", 0.10)])
        self.gps = wpick(rng, [("none", 0.5), ("real", 0.35), ("spoof", 0.15)])
        self.last, self.ip, self.victim = -INF, None, None

    def ctx(self, W, rng, t, victim_city, victim):
        # customers are simulated one after another, so the ring's clock is per victim
        if abs(t - self.last) > 1800 or self.ip is None or victim != self.victim:
            self.victim = victim
            if self.net == "dc":
                (a, b), cc, geo = rng.choice(DATACENTER)
                self.ip = (f"{a}.{b}.{rng.randrange(256)}.{rng.randrange(2, 255)}", cc, geo)
            else:
                circ = W.places[self.place].circle if self.net == "hotspot" else HOME_CITIES[victim_city][2]
                if self.carrier != "BSNL" and rng.random() < V6_SHARE[self.carrier]:
                    self.ip = (W.net.v6(rng, self.carrier, circ), "IN", W.net.v6geo[(self.carrier, circ)])
                else:
                    p, hosts, geo = rng.choice(W.net.mobile[(self.carrier, circ)])
                    self.ip = (f"{p}.{rng.choice(hosts)}", "IN", geo)
        self.last = t
        lat = lon = None
        if self.gps == "real":
            pl = W.places[self.place] if self.net == "hotspot" else W.places[victim_city]
            lat, lon = km_offset(rng, pl.lat, pl.lon, 3.0)
        elif self.gps == "spoof":
            pl = W.places[victim_city]
            lat, lon = round(pl.lat, 4), round(pl.lon, 4)        # mock-location app: city centre
        ip, cc, geo = self.ip
        return ip, self.dev_id, self.ua, lat, lon, cc, geo


# ---------------------------------------------------------------------------
# amounts
# ---------------------------------------------------------------------------
def amount_for(cat, c, rng, tier, trip=False, intl=False):
    w = c.wealth * (1.35 if trip else 1.0) * (2.2 if intl else 1.0)
    if cat == "tea":
        return float(rng.choice((10, 12, 15, 20, 20, 20, 25, 30, 30, 40, 50, 60, 70, 80, 100, 120)))
    if cat == "kirana":
        x = clamp(lognorm(rng, 140 * w ** 0.6, 0.9), 8, 4000)
        return float(round(x / 5) * 5 if rng.random() < 0.4 else round(x))
    if cat == "veg":
        return float(round(clamp(lognorm(rng, 80 * w ** 0.4, 0.6), 10, 900) / 5) * 5)
    if cat == "fuel":
        if c.car_owner:
            if rng.random() < 0.65:
                return float(rng.choice((500, 1000, 1000, 1500, 2000, 2000, 2500, 3000, 3500)))
            return round(rng.uniform(1200, 4200), 2)
        if rng.random() < 0.85:
            return float(rng.choice((100, 100, 150, 200, 200, 250, 300, 500)))
        return round(rng.uniform(90, 420), 2)
    if cat == "auto":
        return float(round(clamp(lognorm(rng, 90, 0.55), 20, 600)))
    if cat == "cab":
        return round(clamp(lognorm(rng, 260 * w ** 0.4, 0.5), 45, 2500), 2)
    if cat == "metro":
        return float(rng.choice((20, 30, 40, 50, 60, 100, 200, 300, 500)))
    if cat == "food":
        return round(clamp(lognorm(rng, 380 * w ** 0.5, 0.5), 79, 4500), 2)
    if cat == "quick":
        return round(clamp(lognorm(rng, 420 * w ** 0.5, 0.6), 49, 6000), 2)
    if cat == "restaurant":
        x = clamp(lognorm(rng, 520 * w ** 0.7, 0.75), 60, 15000)
        return float(round(x)) if rng.random() < 0.7 else round(x, 2)
    if cat == "pharmacy":
        x = clamp(lognorm(rng, 300 * w ** 0.3, 0.9), 20, 9000)
        return round(x, 2) if rng.random() < 0.5 else float(round(x))
    if cat == "ecom":
        x = clamp(lognorm(rng, 850 * w ** 0.6, 0.9), 99, 40000)
        return price_like(rng, x) if rng.random() < 0.55 else round(x, 2)
    if cat == "shopping":
        return float(round(clamp(lognorm(rng, 1300 * w ** 0.7, 0.8), 100, 45000) / 10) * 10)
    if cat == "movies":
        return round(clamp(lognorm(rng, 480 * w ** 0.3, 0.4), 150, 3000), 2)
    if cat == "misc":
        if rng.random() < 0.25:
            return float(rng.choice((11, 21, 51, 101, 101, 201, 501, 1100)))      # temple / donation
        return float(round(clamp(lognorm(rng, 130 * w ** 0.5, 1.0), 10, 6000)))
    if cat == "hotel":
        return float(round(clamp(lognorm(rng, 4500 * w ** 0.6, 0.7), 800, 60000)))
    return float(round(clamp(lognorm(rng, 200 * w, 0.8), 10, 5000)))


def p2p_amount(rng, median):
    x = clamp(lognorm(rng, median, 0.8), 1, 100000)
    r = rng.random()
    if r < 0.45:
        return float(max(10, round(x / 10) * 10))
    if r < 0.7:
        return float(max(50, round(x / 50) * 50))
    return float(max(1, round(x)))


# ---------------------------------------------------------------------------
# genuine activity
# ---------------------------------------------------------------------------
def day_factor(W, c, d, city):
    date = W.dates[d]
    f = 1.0
    wd = date.weekday()
    if wd >= 5:
        f *= {"student": 1.2, "office": 1.15, "trader": 0.95, "gig": 1.0, "homemaker": 1.1,
              "elderly": 0.85, "casual": 1.2}[c.type]
    dom = date.day
    if c.type in ("office", "elderly", "homemaker"):
        f *= 1.3 if dom <= 5 else 0.85 if dom >= 24 else 1.0
    elif c.type == "student":
        f *= 1.15 if dom <= 5 else 0.8 if dom >= 25 else 1.0
    boosts, gift = None, 0.0
    for pat, name, cities, mult, bo, gp in W.fest[d]:
        if cities is None or city in cities:
            f *= mult
            gift = max(gift, gp)
            if boosts is None:
                boosts = dict(bo)
            else:
                for k, v in bo.items():
                    boosts[k] = boosts.get(k, 1.0) * v
    if W.sale[d]:
        boosts = boosts or {}
        boosts["ecom"] = boosts.get("ecom", 1.0) * 1.8
    return f, boosts, gift


def hour_cum(ctype, cat, weekend, cache={}):
    key = (ctype, cat, weekend)
    if key not in cache:
        base = TYPE_HOURS[ctype]
        if weekend:
            m = sum(base) / 24
            base = [base[(h - 1) % 24] + 0.25 * m for h in range(24)]
        aff = [1.0] * 24
        for a, b, w in CAT_PEAKS.get(cat, []):
            for h in range(a, b + 1):
                aff[h] += w
        if cat in ("tea", "veg", "kirana", "fuel", "pharmacy", "shopping", "misc", "restaurant"):
            for h in QUIET:
                aff[h] *= 0.15
        cache[key] = cumw([x * y for x, y in zip(base, aff)])
    return cache[key]


def cat_cum(ctype, tier, cache={}):
    key = (ctype, tier)
    if key not in cache:
        mix = list(TYPE_INFO[ctype][5])
        for k, v in TIER_MOD[tier].items():
            mix[CATS.index(k)] *= v
        cache[key] = (mix, cumw(mix))
    return cache[key]


def ts(d, rng, hcum, shift=0):
    h = (cpick(rng, hcum) + shift) % 24
    return d * DAY + h * HOUR + rng.randrange(HOUR)


def local_merchant(c, W, rng, cat, city, t, trip):
    if trip is not None:
        return W.merch[city][cat].pick(rng)
    if city != c.reg_city:              # moved to another city: new neighbourhood shops
        set_regulars(c, W, rng, city)
    regs = c.reg[cat]
    if rng.random() < (0.9 if cat == "auto" else c.explore):
        m = W.merch[city][cat].pick(rng)
        if rng.random() < 0.25 and m not in regs:
            regs.append(m)
        return m
    return regs[min(int(rng.random() ** 1.6 * len(regs)), len(regs) - 1)]


def gen_everyday(c, W, rng, evs):
    for d in range(W.days):
        t_mid = d * DAY + 12 * HOUR
        trip = trip_at(c, t_mid)
        home = home_at(c, t_mid)
        city = trip.place if trip is not None else home.city
        pl = W.places[city]
        intl = pl.country != "IN"
        tier = pl.tier if not intl else 1
        f, boosts, gift = day_factor(W, c, d, city if trip is None else home.city)
        if trip is not None:
            f *= 1.25
            if d == trip.d0 or d == trip.d1:
                f *= 0.6
        weekend = W.dates[d].weekday() >= 5
        mix, cum = cat_cum(c.type, tier)
        if boosts or intl or trip is not None:
            mix2 = list(mix)
            if boosts:
                for k, v in boosts.items():
                    mix2[CATS.index(k)] *= v
            if trip is not None:
                for k, v in (("restaurant", 3), ("shopping", 2), ("misc", 2), ("transit", 2), ("fuel", 0.3),
                             ("veg", 0.2), ("kirana", 0.4), ("food", 0.3), ("quick", 0.1), ("pharmacy", 0.6)):
                    mix2[CATS.index(k)] *= v
            if intl:
                for k in ("veg", "fuel", "food", "quick", "ecom", "movies", "kirana"):
                    mix2[CATS.index(k)] = 0.0
            cum = cumw(mix2)
        n = poisson(rng, c.rate * f)
        for _ in range(n):
            cat = CATS[cpick(rng, cum)]
            t = ts(d, rng, hour_cum(c.type, cat, weekend), c.shift)
            mode, chan = OUT, "upi_qr"
            if cat == "transit":
                r = rng.random()
                if intl:
                    sub = "cab"
                elif city in METRO_CITIES and trip is None and r < 0.35:
                    sub = "metro"
                elif r < (0.65 if tier == 1 else 0.25):
                    sub = "cab"
                else:
                    sub = "auto"
                amt = amount_for(sub, c, rng, tier, trip is not None)
                if sub == "metro":
                    payee = W.metro[city]
                    chan = "upi_intent" if amt >= 100 else "upi_qr"
                    mode = IN if amt >= 100 else OUT
                elif sub == "cab":
                    payee = W.online["cab"].pick(rng) if not intl else W.merch[city]["misc"].pick(rng)
                    chan = "upi_intent" if not intl else "upi_qr"
                else:
                    payee = local_merchant(c, W, rng, "auto", city, t, trip)
            elif cat in ("food", "quick", "ecom", "movies"):
                payee = W.online[cat].pick(rng)
                amt = amount_for(cat, c, rng, tier)
                mode, chan = IN, "upi_intent"
            else:
                payee = local_merchant(c, W, rng, cat, city, t, trip)
                amt = amount_for(cat, c, rng, tier, trip is not None, intl)
                if intl:
                    amt = round(amt * rng.uniform(0.98, 1.02), 2)
            scen, rep = "", None
            if chan == "upi_qr":
                hj = W.hijacks.get(payee)
                if hj:
                    for h0, h1, fv, ht in hj:
                        if h0 <= t < h1 and rng.random() < 0.75:
                            payee, scen, rep = fv, "fake_qr", ht
                            break
                if c.lite and amt <= 500 and not intl and not scen and rng.random() < 0.6:
                    chan = "upi_lite"
            evs.append([t, amt, payee, chan, mode, scen, rep, None])
        if trip is not None and intl is False and d == trip.d1 and trip.hotel and rng.random() < 0.5:
            t = trip.t1 - rng.randrange(1, 4) * HOUR
            evs.append([t, amount_for("hotel", c, rng, tier), W.merch[city]["hotel"].pick(rng), "upi_qr", OUT, "", None, None])
        if intl and d == trip.d1 and rng.random() < 0.5:
            evs.append([trip.t1 - 3 * HOUR, round(amount_for("shopping", c, rng, 1, True, True), 2),
                        W.merch[city]["shopping"].pick(rng), "upi_qr", OUT, "", None, None])
        # P2P with friends: bill splits, small loans, new contacts
        lam = c.p2p_rate * (1.4 if weekend else 1.0) * (1.5 if trip is not None else 1.0) * (
            2.5 if W.dates[d].month == 12 and W.dates[d].day == 31 else 1.0)
        for _ in range(poisson(rng, lam)):
            t = ts(d, rng, hour_cum(c.type, "restaurant", weekend), c.shift)
            if rng.random() < 0.08:
                c.friends.append(personal_vpa(rng))
                payee = c.friends[-1]
            else:
                payee = c.friends[min(int(rng.random() ** 1.5 * len(c.friends)), len(c.friends) - 1)]
            med = {"student": 250, "office": 600, "trader": 1500, "gig": 300}.get(c.type, 500)
            evs.append([t, p2p_amount(rng, med), payee, "upi_p2p", IN, "", None, None])
        if gift and rng.random() < gift * 2:
            t = ts(d, rng, hour_cum(c.type, "misc", weekend), c.shift)
            payee = rng.choice(c.family + c.friends[:3])
            evs.append([t, float(rng.choice((501, 1001, 1100, 2100, 2100, 5100, 500, 1000, 2000))), payee,
                        "upi_p2p", IN, "", None, None])
        # traders pay suppliers on working days
        if c.type == "trader" and W.dates[d].weekday() < 6:
            for _ in range(poisson(rng, 0.45 * c.act)):
                h = rng.choice((5, 6, 10, 11, 12, 13, 14, 15, 16, 17, 18)) if rng.random() < 0.9 else rng.randrange(19, 23)
                t = d * DAY + h * HOUR + rng.randrange(HOUR)
                if rng.random() < 0.05:
                    c.suppliers.append(new_supplier(rng))
                    sup, chan = c.suppliers[-1]
                else:
                    sup, chan = c.suppliers[min(int(rng.random() ** 1.3 * len(c.suppliers)), len(c.suppliers) - 1)]
                amt = clamp(lognorm(rng, 9000 * c.wealth, 0.9), 300, 100000)
                amt = float(round(amt / 100) * 100) if rng.random() < 0.6 else float(round(amt))
                evs.append([t, amt, sup, chan, IN, "", None, None])


def months(W):
    y, m = W.start.year, W.start.month
    end = W.dates[-1]
    while (y, m) <= (end.year, end.month):
        yield y, m
        m += 1
        if m > 12:
            y, m = y + 1, 1


def monthly(c, W, rng, evs, dom, jitter, payee, amt, chan, mode, hours=(8, 22), skip=0.04):
    for y, m in months(W):
        ml = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
        day = min(dom + rng.randint(0, jitter), ml)
        d = (dt.date(y, m, day) - W.start).days
        if 0 <= d < W.days and rng.random() > skip:
            t = d * DAY + rng.randint(hours[0], hours[1]) * HOUR + rng.randrange(HOUR)
            a = amt(rng) if callable(amt) else amt
            evs.append([t, a, payee, chan, mode, "", None, None])


def gen_recurring(c, W, rng, evs):
    city = c.homes[0].city
    typ = c.type
    # prepaid recharge on a 28/56/84-day plan (also for family numbers)
    for k in range(1 if rng.random() < 0.6 else 2 if rng.random() < 0.7 else 3):
        period = rng.choice((28, 28, 28, 56, 84))
        plan = rng.choice({28: (199, 239, 249, 299, 349, 399, 449), 56: (479, 533, 579, 629, 649),
                           84: (666, 719, 799, 859, 889, 979)}[period])
        car = c.carrier if k == 0 else rng.choice(CARRIERS[:3])
        d = rng.randrange(period)
        while d < W.days:
            t = d * DAY + rng.randint(7, 23) * HOUR + rng.randrange(HOUR)
            evs.append([t, float(plan), W.recharge[car], "upi_bill", IN, "", None, None])
            d += period + rng.choice((0, 0, 0, -1, 1, 2))
    household = typ in ("office", "homemaker", "elderly", "trader") and not (c.partner and c.idx > c.partner.idx)
    if household and rng.random() < 0.75:
        monthly(c, W, rng, evs, rng.randint(1, 24), 3, rng.choice(W.elec[city]),
                lambda r: round(clamp(lognorm(r, 1400 * c.wealth ** 0.5, 0.5), 150, 12000), 2), "upi_bill", IN)
    if household and rng.random() < 0.35:
        monthly(c, W, rng, evs, rng.randint(1, 15), 3, rng.choice(W.dth),
                lambda r: float(r.choice((253, 299, 349, 399, 449, 531))), "upi_bill", IN, skip=0.1)
    if household and rng.random() < 0.45:           # LPG cylinder every ~5-8 weeks
        d = rng.randrange(40)
        while d < W.days:
            t = d * DAY + rng.randint(9, 19) * HOUR + rng.randrange(HOUR)
            evs.append([t, float(rng.choice((803, 853, 855.5, 829, 818.5))), rng.choice(W.lpg), "upi_bill", IN, "", None, None])
            d += rng.randint(35, 60)
    hm = c.homes[0]
    if hm.bb and W.bb_biller.get(hm.bb) and not (c.partner and c.idx > c.partner.idx):
        monthly(c, W, rng, evs, rng.randint(1, 28), 2, W.bb_biller[hm.bb],
                float(rng.choice((399, 499, 599, 699, 799, 999, 1178))), "upi_bill", IN)
    if typ == "office" and rng.random() < 0.4:
        monthly(c, W, rng, evs, rng.randint(10, 25), 3, rng.choice(W.cc),
                lambda r: round(clamp(lognorm(r, 12000 * c.wealth, 0.8), 500, 150000), 2), "upi_bill", IN)
    if typ in ("office", "trader") and rng.random() < 0.3:       # SIP mandate
        amt = float(rng.choice((500, 1000, 1000, 2000, 2500, 3000, 5000, 5000, 10000, 15000)))
        monthly(c, W, rng, evs, rng.choice((1, 5, 7, 10, 15, 25)), 0, W.online["sip"].pick(rng), amt,
                "upi_autopay", AUTO, hours=(5, 10), skip=0.0)
    if typ in ("office", "student", "homemaker") and rng.random() < 0.35:   # OTT autopay
        for _ in range(rng.randint(1, 2)):
            monthly(c, W, rng, evs, rng.randint(1, 28), 0, W.online["ott"].pick(rng),
                    float(rng.choice((99, 149, 179, 199, 299, 499))), "upi_autopay", AUTO, hours=(4, 9), skip=0.0)
    # rent, parents, help, milk
    if typ in ("office", "student", "gig") and rng.random() < (0.45 if typ != "student" else 0.55):
        landlord = rng.choice(W.collect[city]["pg"]) if typ == "student" and W.collect[city]["pg"] else personal_vpa(rng)
        rent = float(round(clamp(lognorm(rng, (7000 if typ != "office" else 16000) * c.wealth ** 0.6, 0.45),
                                 3000, 90000) / 500) * 500)
        monthly(c, W, rng, evs, 1, 5, landlord, rent, "upi_p2p", IN, hours=(8, 22), skip=0.02)
    if typ in ("office", "gig", "trader") and rng.random() < 0.42:
        amt = float(round(clamp(lognorm(rng, 6000 * c.wealth, 0.6), 1000, 60000) / 500) * 500)
        monthly(c, W, rng, evs, 1, 4, c.family[0], amt, "upi_p2p", IN, hours=(9, 23), skip=0.03)
    if typ == "gig" and rng.random() < 0.55:          # migrant's weekly remittance home
        d = rng.randrange(7)
        while d < W.days:
            t = d * DAY + rng.randint(18, 23) * HOUR + rng.randrange(HOUR)
            evs.append([t, float(rng.choice((1000, 1500, 2000, 2000, 2500, 3000, 5000))), c.family[-1], "upi_p2p", IN, "", None, None])
            d += rng.randint(6, 15)
    if household and rng.random() < 0.35:
        maid = personal_vpa(rng)
        monthly(c, W, rng, evs, 1, 6, maid, float(rng.choice((1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000))),
                "upi_p2p", IN, hours=(8, 20))
    if household and rng.random() < 0.3:
        milk = W.merch[city]["veg"].pick(rng)
        monthly(c, W, rng, evs, 1, 5, milk, float(rng.randint(28, 31) * rng.choice((44, 54, 56, 60, 66, 72))),
                "upi_p2p", IN, hours=(7, 21))
    if household and rng.random() < 0.25 and W.collect[city]["society"]:
        soc, amt = rng.choice(W.collect[city]["society"])
        monthly(c, W, rng, evs, 1, 9, soc, amt, "upi_p2p", IN, hours=(9, 22), skip=0.1)
    if typ == "elderly" and rng.random() < 0.4:
        monthly(c, W, rng, evs, 1, 6, personal_vpa(rng), float(rng.choice((320, 380, 450, 520, 600))),
                "upi_p2p", IN, hours=(7, 12))                       # newspaper vendor
    if typ in ("office", "homemaker") and rng.random() < 0.2:
        tutor = personal_vpa(rng)
        monthly(c, W, rng, evs, 1, 9, tutor, float(rng.choice((1000, 1500, 2000, 2500, 3000, 4000, 5000))),
                "upi_p2p", IN, hours=(9, 21))


def gen_life(c, W, rng, evs):
    """Large or unusual but genuine payments."""
    f = W.days / 90
    city = c.homes[0].city
    typ = c.type

    def at(d, h0=9, h1=21):
        return d * DAY + rng.randint(h0, h1) * HOUR + rng.randrange(HOUR)

    def add(t, amt, payee, chan="upi_p2p", mode=IN):
        tr = trip_at(c, t)
        if tr is not None and tr.kind == "intl" and mode == OUT:
            t = tr.t1 + DAY + t % DAY              # an Indian shop: after coming back
        evs.append([t, float(round(amt, 2)), payee, chan, mode, "", None, None])

    # relocation: deposit to the new landlord (split over days by the Rs 1 lakh limit), movers, broker
    for h in c.homes[1:]:
        d = int(h.t0 // DAY)
        ll = personal_vpa(rng)
        dep = clamp(lognorm(rng, 90000 * c.wealth ** 0.5, 0.4), 30000, 250000)
        k = 0
        while dep > 0 and d - 2 + k < W.days:
            part = min(dep, 100000.0)
            add(at(max(0, d - 3 + k)), round(part / 1000) * 1000, ll)
            dep -= part
            k += 1
        add(at(max(0, d - 1)), rng.uniform(8000, 40000), merchant_vpa(rng, "misc"), "upi_qr", OUT)
        if rng.random() < 0.5:
            add(at(max(0, d - 2)), round(rng.uniform(10000, 40000) / 500) * 500, personal_vpa(rng))
    if typ in ("office", "student") and len(c.homes) == 1 and rng.random() < 0.012 * f:  # same-city move
        d = rng.randrange(W.days)
        add(at(d), round(clamp(lognorm(rng, 60000, 0.4), 20000, 100000) / 1000) * 1000, personal_vpa(rng))
    if rng.random() < 0.015 * f:                     # hospital emergency, any hour
        d = rng.randrange(W.days)
        hosp = rng.choice(W.hospital[city])
        for k in range(rng.randint(1, 3)):
            add(d * DAY + rng.randrange(0, 24) * HOUR + rng.randrange(HOUR) + k * DAY,
                clamp(lognorm(rng, 35000, 0.9), 3000, 300000), hosp, "upi_qr", OUT)
        for k in range(rng.randint(2, 6)):
            add(d * DAY + rng.randrange(24 * HOUR) + k * 6 * HOUR, clamp(lognorm(rng, 900, 0.8), 50, 9000),
                W.merch[city]["pharmacy"].pick(rng), "upi_qr", OUT)
    if rng.random() < 0.06 * f * (1.4 if typ in ("office", "student") else 0.6):
        d = pick_day(rng, W, boost_sale=True)
        if rng.random() < 0.6:
            add(at(d, 10, 23), price_like(rng, clamp(lognorm(rng, 22000 * c.wealth ** 0.6, 0.6), 5000, 150000)),
                W.online["electronics"].pick(rng), "upi_intent", IN)
        else:
            add(at(d, 11, 21), round(clamp(lognorm(rng, 25000 * c.wealth ** 0.6, 0.6), 5000, 100000)),
                merchant_vpa(rng, "shopping"), "upi_qr", OUT)
    if rng.random() < 0.015 * f:                     # second-hand bike/phone/sofa bought from a stranger
        add(at(rng.randrange(W.days)), round(clamp(lognorm(rng, 18000, 0.7), 2000, 95000) / 500) * 500, personal_vpa(rng))
    if (typ == "student" and rng.random() < 0.2 * f) or (typ in ("office", "homemaker") and rng.random() < 0.08 * f):
        d = rng.randrange(W.days)
        add(at(d, 10, 18), round(clamp(lognorm(rng, 45000, 0.6), 8000, 200000)), rng.choice(W.college[city]),
            "upi_intent", IN)
    # advance tax instalment due 15 December
    for d, date in enumerate(W.dates[:-1]):
        if date.month == 12 and 10 <= date.day <= 15 and date.day == 10 + c.idx % 6:
            if (typ == "trader" and rng.random() < 0.12) or (typ == "office" and rng.random() < 0.05):
                add(at(d, 10, 23), round(clamp(lognorm(rng, 40000 * c.wealth, 0.8), 5000, 400000) / 100) * 100,
                    W.tax, "upi_bill", IN)
    if typ in ("office", "trader", "elderly") and rng.random() < 0.04 * f:
        add(at(rng.randrange(W.days)), clamp(lognorm(rng, 18000, 0.5), 5000, 80000), rng.choice(W.insurance), "upi_bill", IN)
    # weddings: family wedding (jewellery, clothes, caterer, tent) and wedding guests (gift to a new payee)
    ok = [d for d, date in enumerate(W.dates[:-1]) if date.month in (11, 12, 1, 2, 4, 5)
          and not ((date.month == 12 and date.day > 15) or (date.month == 1 and date.day < 15))]
    north = city in NORTH
    if ok and typ in ("office", "trader", "homemaker", "elderly") and rng.random() < (0.035 if north else 0.015) * f * 2:
        wd = rng.choice(ok)
        for k in range(rng.randint(1, 3)):
            add(at(max(0, wd - rng.randint(5, 40)), 11, 20),
                round(clamp(lognorm(rng, 70000 * c.wealth, 0.6), 15000, 200000)), rng.choice(W.jeweller[city]), "upi_qr", OUT)
        for k in range(rng.randint(1, 3)):
            add(at(max(0, wd - rng.randint(3, 30)), 11, 20), round(clamp(lognorm(rng, 15000, 0.7), 3000, 80000) / 10) * 10,
                W.merch[city]["shopping"].pick(rng), "upi_qr", OUT)
        for k in range(rng.randint(1, 4)):
            add(at(max(0, wd - rng.randint(1, 25))), round(clamp(lognorm(rng, 40000, 0.6), 5000, 100000) / 1000) * 1000,
                personal_vpa(rng))
    if ok and rng.random() < (0.14 if north else 0.08) * f:
        add(at(rng.choice(ok), 12, 23), float(rng.choice((1100, 1100, 2100, 2100, 5100, 11000, 501, 1001))), personal_vpa(rng))
    # community collectors: New Year's Eve party organisers, the January gym rush
    for d, date in enumerate(W.dates[:-1]):
        if date.month == 12 and 26 <= date.day <= 30 and typ in ("student", "office") and rng.random() < 0.05:
            org, price = rng.choice(W.collect[city]["nye"])
            add(at(d, 12, 23), price, org)
        if date.month == 1 and date.day <= 7 and typ in ("student", "office", "homemaker") and rng.random() < 0.008:
            gym, price = rng.choice(W.collect[city]["gym"])
            add(at(d, 6, 21), price, gym)


def build_collectors(W, rng):
    """Personal VPAs that receive first-time payments from many customers for genuine reasons."""
    W.collect = {}
    for city in HOME_CITIES:
        n = max(1, int(W.n_cust * W.cust_share[city] / 60))
        W.collect[city] = {
            "society": [(personal_vpa(rng), float(rng.choice((1500, 2000, 2500, 3000, 3500, 4500, 6000))))
                        for _ in range(n)],
            "pg": [personal_vpa(rng) for _ in range(max(1, n // 2))],
            "nye": [(personal_vpa(rng), float(rng.choice((999, 1499, 1500, 1999, 2000, 2500, 3000))))
                    for _ in range(max(1, n // 3))],
            "gym": [(personal_vpa(rng), float(rng.choice((999, 1500, 1800, 2500, 4999, 6000))))
                    for _ in range(max(1, n // 3))],
        }


# ---------------------------------------------------------------------------
# fraud
# ---------------------------------------------------------------------------
class MuleBook:
    """First-layer mule payees (VPAs of rented/sold accounts and fake payment-gateway merchants)
    with the window in which each is live, until it is frozen."""

    def __init__(self):
        self.items = []            # (t0, t1, vpa, weight, merchantish)

    def add(self, t0, t1, vpa, w=1.0, merchantish=False):
        self.items.append((t0, t1, vpa, w, merchantish))

    def pick(self, rng, t, merchantish=False, exclude=()):
        live = [(v, w) for t0, t1, v, w, m in self.items
                if t0 <= t < t1 and m == merchantish and v not in exclude]
        if not live:
            near = sorted(self.items, key=lambda x: min(abs(x[0] - t), abs(x[1] - t)))
            live = [(x[2], 1.0) for x in near[:3] if x[4] == merchantish] or [(near[0][2], 1.0)]
        return wpick(rng, live)


def rep_after(rng, t, p, lo_h, med_h, hi_h):
    """Report time: with probability p, a log-normal delay (hours) after t."""
    if rng.random() >= p:
        return None
    h = clamp(lognorm(rng, med_h, 0.9), lo_h, hi_h)
    return t + int(h * HOUR)


def plan_fraud(W, custs, rng):
    S = W.scale
    days = W.days
    n = len(custs)

    def cnt(base):
        return max(1, int(round(base * S * rng.uniform(0.85, 1.15))))

    W.mules = MuleBook()
    for _ in range(max(4, int(60 * S))):
        t0 = rng.randrange(-20, days) * DAY
        W.mules.add(t0, t0 + rng.randint(6, 35) * DAY, personal_vpa(rng), rng.uniform(0.5, 2))
    for _ in range(max(2, int(14 * S))):
        t0 = rng.randrange(-20, days) * DAY
        vpa = f"{rng.choice(['pay', 'fx', 'trade', 'wealth', 'capital', 'invest'])}{rng.choice(['pro', 'max', 'hub', 'now', 'gain'])}" \
              f"{rng.randrange(10, 999)}.{rng.choice(['rzp', 'pg', 'cf', 'pay'])}@{rng.choice(['icici', 'yesbank', 'axisbank', 'ybl'])}"
        W.mules.add(t0, t0 + rng.randint(10, 40) * DAY, vpa, 1.0, True)
    W.layer2 = [personal_vpa(rng) for _ in range(max(4, int(25 * S)))]
    W.crypto = [personal_vpa(rng) for _ in range(max(2, int(6 * S)))]
    W.attackers = [Attacker(W, rng) for _ in range(max(2, int(14 * S)))]
    used = set()

    cap = max(1, n // 4)          # tiny worlds: do not turn everybody into a victim

    def victim(weights):
        if len(used) >= cap:
            return None
        for _ in range(300):
            c = custs[rng.randrange(n)]
            if c.idx in used or c.mule:
                continue
            if rng.random() < weights.get(c.type, 0.05):
                used.add(c.idx)
                return c
        free = [c for c in custs if c.idx not in used and not c.mule]
        if not free:
            return None
        c = rng.choice(free)
        used.add(c.idx)
        return c

    # ---- mules (customers of the app) first: their VPAs are mule payees for the victims
    for _ in range(cnt(16)):
        c = victim({"student": 0.5, "gig": 0.4, "casual": 0.3, "trader": 0.08, "office": 0.05})
        if c is None:
            continue
        r0 = rng.randrange(int(days * 0.1), max(int(days * 0.1) + 1, int(days * 0.8))) * DAY + rng.randrange(9, 20) * HOUR
        dur = rng.randint(4, 28) * DAY
        frozen = rng.random() < 0.78
        f_t = r0 + dur
        sold = rng.random() < 0.55
        c.mule = (r0, f_t, sold, frozen)
        c.end_t = f_t if frozen else INF
        if sold:
            c.blackouts.append((r0, INF))
        W.mules.add(r0 - DAY, f_t, c.vpa, 2.0)
        att = rng.choice(W.attackers) if (sold and rng.random() < 0.75) else None
        if sold and att is None:
            att = Attacker(W, rng)
        outs = [rng.choice(W.layer2) for _ in range(rng.randint(1, 3))]
        evs = []
        t = r0
        rep = None
        while t < min(f_t, days * DAY):
            d = int(t // DAY)
            if rng.random() < 0.45:
                k = rng.randint(1, 4)
                base = d * DAY + (rng.randrange(9, 24) if rng.random() < 0.8 else rng.randrange(0, 4)) * HOUR
                for j in range(k):
                    tt = base + rng.randrange(0, 40 * 60) + j * rng.randint(3, 50) * 60
                    if tt >= f_t:
                        break
                    r = rng.random()
                    if r < 0.7:
                        payee, ch = rng.choice(outs) if rng.random() < 0.8 else rng.choice(W.layer2), "upi_p2p"
                    elif r < 0.85:
                        payee, ch = rng.choice(W.crypto), "upi_p2p"
                    else:
                        payee, ch = W.online["gold"].pick(rng), "upi_intent"
                    amt = clamp(lognorm(rng, 22000, 0.8), 2000, 100000)
                    amt = float(round(amt * rng.uniform(0.9, 0.98) / 100) * 100) if rng.random() < 0.7 else float(round(amt))
                    evs.append([tt, amt, payee, ch, ATT if sold else IN, "mule", None, att])
            t = (d + 1) * DAY
        rep = f_t + rng.randrange(0, DAY) if frozen else None
        for e in evs:
            e[6] = rep
        c.fraud.extend(evs)

    # ---- account takeover (SIM swap / eSIM / APK re-binding)
    for _ in range(cnt(32)):
        c = victim({"office": 0.5, "trader": 0.45, "elderly": 0.45, "homemaker": 0.25, "casual": 0.2,
                    "student": 0.15, "gig": 0.15})
        if c is None:
            continue
        att = rng.choice(W.attackers) if rng.random() < 0.55 else Attacker(W, rng)
        d = rng.randrange(min(1, days - 1), max(1, days - 1))
        h = rng.choice((19, 20, 21, 22, 23, 0, 1)) if rng.random() < 0.6 else rng.randrange(10, 19)
        t = d * DAY + h * HOUR + rng.randrange(HOUR)
        if h < 5:
            t += DAY if d + 1 < days else 0
        evs = []
        mules = [W.mules.pick(rng, t)]
        if rng.random() < 0.5:
            mules.append(W.mules.pick(rng, t, exclude=mules))
        if rng.random() < 0.3:
            evs.append([t, float(rng.choice((1, 1, 2, 5, 10))), mules[0], "upi_p2p", ATT, "account_takeover", None, att])
            t += rng.randint(2, 10) * 60
        capped = rng.random() < 0.35
        limit = 100000.0 if rng.random() < 0.8 else 200000.0
        if capped:
            left = 5000.0
            while left > 500:
                a = min(left, float(rng.choice((4999, 4990, 4900, 3000, 2500, 2000))))
                evs.append([t, a, rng.choice(mules), "upi_p2p", ATT, "account_takeover", None, att])
                left -= a
                t += rng.randint(2, 12) * 60
            t += DAY + rng.randint(-2, 4) * HOUR
        total = clamp(lognorm(rng, 70000, 0.6), 8000, limit)
        for j in range(rng.randint(2, 6)):
            if total < 1000:
                break
            total = float(round(total))
            a = min(total, float(rng.choice((9999, 19999, 24999, 25000, 49999, 50000, 10000, 20000))
                           if rng.random() < 0.6 else round(rng.uniform(5000, 60000))))
            if rng.random() < 0.2:
                evs.append([t, float(min(a, 20000)), W.online["gold"].pick(rng), "upi_intent", ATT,
                            "account_takeover", None, att])
            else:
                evs.append([t, a, rng.choice(mules), "upi_p2p", ATT, "account_takeover", None, att])
            total -= a
            t += rng.randint(1, 15) * 60 + rng.randrange(60)
        t_last = max(e[0] for e in evs)
        rep = rep_after(rng, t_last, 0.92, 0.5, 14, 24 * 8)
        for e in evs:
            e[6] = rep
        rec = (rep or t_last + 3 * DAY) + int(rng.uniform(0.3, 2.5) * DAY)
        c.blackouts.append((evs[0][0] - rng.randint(1, 8) * HOUR, rec))
        c.fraud.extend(evs)

    # ---- fake customer care / KYC / electricity-disconnection scams, victim's own phone
    for _ in range(cnt(30)):
        c = victim({"elderly": 0.6, "homemaker": 0.4, "office": 0.3, "trader": 0.25, "casual": 0.2,
                    "student": 0.1, "gig": 0.1})
        if c is None:
            continue
        d = rng.randrange(min(1, days - 1), days)
        t = d * DAY + rng.randint(10, 19) * HOUR + rng.randrange(HOUR)
        evs = []
        mules = [W.mules.pick(rng, t)]
        if rng.random() < 0.35:
            evs.append([t, float(rng.choice((10, 11, 12, 13, 49, 99, 5))), mules[0], "upi_p2p", IN, "support_scam", None, None])
            t += rng.randint(3, 20) * 60
        for j in range(rng.randint(1, 5)):
            if j and rng.random() < 0.3:
                mules.append(W.mules.pick(rng, t, exclude=mules))
            a = clamp(lognorm(rng, 15000 * (1.5 if c.type == "elderly" else 1), 0.8), 1000, 100000)
            a = float(round(a / 100) * 100) if rng.random() < 0.5 else float(round(a))
            evs.append([t, a, mules[-1], "upi_p2p" if rng.random() < 0.8 else "upi_qr", IN, "support_scam", None, None])
            t += rng.randint(3, 30) * 60 + rng.randrange(60)
        rep = rep_after(rng, t, 0.82, 1, 20, 24 * 10)
        for e in evs:
            e[6] = rep
        c.fraud.extend(evs)

    # ---- OLX "buyer" collect request / scan-to-receive QR
    for _ in range(cnt(26)):
        c = victim({"student": 0.5, "office": 0.45, "homemaker": 0.3, "trader": 0.3, "gig": 0.25,
                    "casual": 0.2, "elderly": 0.1})
        if c is None:
            continue
        d = rng.randrange(min(1, days - 1), days)
        t = d * DAY + rng.randint(10, 21) * HOUR + rng.randrange(HOUR)
        price = float(round(clamp(lognorm(rng, 9000, 0.7), 1500, 60000) / 500) * 500)
        when = W.start + dt.timedelta(days=d)
        chan = "upi_collect" if when < dt.date(2025, 10, 1) else ("upi_qr" if rng.random() < 0.7 else "upi_intent")
        mule = W.mules.pick(rng, t)
        evs = []
        a = price
        for j in range(rng.choice((1, 2, 2, 3, 3, 4))):
            evs.append([t, min(a, 100000.0), mule, chan, IN, "receive_money_scam", None, None])
            t += rng.randint(1, 12) * 60 + rng.randrange(60)
            a = a * rng.choice((1, 2, 2))
            if rng.random() < 0.15:
                mule = W.mules.pick(rng, t, exclude=[mule])
        rep = rep_after(rng, t, 0.75, 0.5, 12, 24 * 6)
        for e in evs:
            e[6] = rep
        c.fraud.extend(evs)

    # ---- investment / task scams: escalating over weeks
    for _ in range(cnt(18)):
        c = victim({"office": 0.55, "homemaker": 0.35, "trader": 0.3, "student": 0.2, "elderly": 0.2,
                    "casual": 0.1, "gig": 0.1})
        if c is None:
            continue
        d = rng.randrange(0, max(1, days - 5))
        a = float(rng.choice((500, 1000, 1000, 1500, 2000, 3000)))
        stages = rng.randint(4, 12)
        span = rng.randint(7, 30)
        evs = []
        payee, merchantish = None, False
        for s in range(stages):
            dd = d + int(span * s / max(1, stages - 1))
            if dd >= days:
                break
            h = rng.choice((12, 13, 19, 20, 21, 22, 23)) if rng.random() < 0.85 else rng.randrange(9, 19)
            t = dd * DAY + h * HOUR + rng.randrange(HOUR)
            if payee is None or rng.random() < 0.6:
                merchantish = rng.random() < 0.35
                payee = W.mules.pick(rng, t, merchantish=merchantish)
            amt = min(a, 100000.0)
            evs.append([t, float(round(amt)), payee, "upi_intent" if merchantish else "upi_p2p", IN,
                        "investment_scam", None, None])
            a = clamp(a * rng.uniform(1.3, 2.8), 500, 200000)
            if a > 100000 and rng.random() < 0.5:   # second transfer the same evening
                t2 = t + rng.randint(5, 40) * 60
                evs.append([t2, float(round(rng.uniform(20000, 99000))), W.mules.pick(rng, t2), "upi_p2p", IN,
                            "investment_scam", None, None])
        if not evs:
            continue
        t_last = max(e[0] for e in evs)
        rep = rep_after(rng, t_last, 0.65, 24, 24 * 10, 24 * 45)
        for e in evs:
            e[6] = rep
        c.fraud.extend(evs)

    # ---- digital arrest: pensioners pay up to the daily limit for days
    for _ in range(cnt(7)):
        c = victim({"elderly": 0.9, "office": 0.15, "trader": 0.1, "homemaker": 0.1})
        if c is None:
            continue
        d0 = rng.randrange(0, max(1, days - 2))
        ndays = rng.randint(1, 5)
        evs = []
        for k in range(ndays):
            d = d0 + k
            if d >= days:
                break
            left = 100000.0 if rng.random() < 0.85 else 200000.0
            t = d * DAY + rng.randint(10, 16) * HOUR + rng.randrange(HOUR)
            mule = W.mules.pick(rng, t)
            for j in range(rng.randint(1, 3)):
                if left < 5000:
                    break
                a = min(left, float(rng.choice((100000, 99999, 95000, 90000, 50000, 49000, 75000, 60000, 40000))))
                evs.append([t, a, mule, "upi_p2p", IN, "digital_arrest", None, None])
                left -= a
                t += rng.randint(10, 90) * 60
            c.blackouts.append((d * DAY + 9 * HOUR, d * DAY + 21 * HOUR))
        t_last = max(e[0] for e in evs)
        rep = rep_after(rng, t_last, 0.88, 12, 24 * 3, 24 * 20)
        for e in evs:
            e[6] = rep
        # the blackout must not swallow the fraud rows themselves: they are added afterwards
        c.fraud.extend(evs)

    # ---- fake online shops / booking pages
    fakes = []
    sale_days = [d for d in range(days) if W.sale[d] or W.fest[d]]
    for _ in range(max(1, int(8 * S))):
        d0 = rng.choice(sale_days) - rng.randint(0, 5) if sale_days and rng.random() < 0.6 else rng.randrange(days)
        kind = "booking" if rng.random() < 0.3 else "goods"
        vpa = (f"{rng.choice(['mega', 'super', 'best', 'royal', 'trendy', 'smart', 'holiday', 'stay'])}"
               f"{rng.choice(['deals', 'sale', 'bazaar', 'store', 'villas', 'trips', 'outlet'])}"
               f"{rng.randrange(10, 99)}.{rng.choice(['rzp', 'pg', 'cf', 'pay'])}@{rng.choice(['icici', 'yesbank', 'axisbank', 'ybl', 'hdfcbank'])}")
        fakes.append((max(0, d0), min(days, max(0, d0) + rng.randint(6, 20)), vpa, kind))
    for _ in range(cnt(75)):
        c = victim({"student": 0.4, "office": 0.4, "homemaker": 0.45, "casual": 0.2, "gig": 0.2,
                    "trader": 0.15, "elderly": 0.1})
        if c is None:
            continue
        d0, d1, vpa, kind = rng.choice(fakes)
        d = rng.randrange(d0, max(d0 + 1, d1))
        if d >= days:
            d = days - 1
        t = d * DAY + rng.randint(11, 23) * HOUR + rng.randrange(HOUR)
        if kind == "goods":
            a = price_like(rng, clamp(lognorm(rng, 1200, 0.7), 199, 9999))
        else:
            a = float(round(clamp(lognorm(rng, 8000, 0.6), 2000, 40000) / 100) * 100)
        chan = "upi_intent" if rng.random() < 0.7 else "upi_qr"
        evs = [[t, a, vpa, chan, IN, "fake_merchant", None, None]]
        if rng.random() < 0.25:
            t2 = t + rng.randint(10, 60 * 30) * 60
            evs.append([t2, float(rng.choice((49, 99, 149, 199, 299, 499, 1499, 2000))), vpa, chan, IN,
                        "fake_merchant", None, None])
        rep = rep_after(rng, t, 0.4, 24 * 4, 24 * 12, 24 * 40)
        for e in evs:
            e[6] = rep
        c.fraud.extend(evs)

    # ---- fake QR stickers over busy merchants' QR codes
    W.hijacks = {}
    cities = list(W.cust_share.items())
    for _ in range(cnt(36)):
        city = wpick(rng, cities)
        cat = wpick(rng, [("fuel", 3), ("kirana", 3), ("tea", 2), ("misc", 2), ("restaurant", 1.5),
                          ("pharmacy", 1), ("veg", 1)])
        pool = W.merch[city][cat]
        m = pool.ids[min(int(rng.random() ** 2 * 4), len(pool.ids) - 1)]
        d0 = rng.randrange(0, days)
        t0 = d0 * DAY + rng.randrange(0, 24) * HOUR
        t1 = t0 + rng.randint(2, 7) * DAY
        fv = personal_vpa(rng)
        found = t1 + rng.randrange(0, 3 * DAY) if rng.random() < 0.65 else None
        W.hijacks.setdefault(m, []).append((t0, t1, fv, found))


# ---------------------------------------------------------------------------
# simulation, output
# ---------------------------------------------------------------------------
def simulate(c, W, rng):
    evs = []
    gen_everyday(c, W, rng, evs)
    gen_recurring(c, W, rng, evs)
    gen_life(c, W, rng, evs)
    if c.blackouts or c.end_t < INF:
        bl = c.blackouts
        evs = [e for e in evs if e[0] < c.end_t and not any(a <= e[0] < b for a, b in bl)]
    evs.extend(c.fraud)
    evs = [e for e in evs if 0 <= e[0] < W.days * DAY]
    evs.sort(key=lambda e: e[0])
    rows = []
    for t, amt, payee, chan, mode, scen, rep, att in evs:
        if amt < 1:
            amt = 1.0
        if mode == AUTO:
            ctx = ("", "", "", None, None, "", "")
        elif mode == ATT:
            ctx = att.ctx(W, rng, t, home_at(c, t).city, c.id)
        else:
            ctx = own_ctx(c, W, rng, t, mode)
        rows.append((t, c.id, amt, chan, ctx, payee, scen, rep))
    return rows


def fmt_ts(W, t, cache={}):
    d, s = divmod(int(t), DAY)
    key = (id(W), d)
    ds = cache.get(key)
    if ds is None:
        ds = (W.start + dt.timedelta(days=d)).isoformat()
        cache[key] = ds
    h, r = divmod(s, HOUR)
    return f"{ds}T{h:02d}:{r // 60:02d}:{r % 60:02d}+05:30"


COLUMNS = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
           "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]


def generate(seed: int, n_cust: int, days: int, start: dt.date, out: str) -> dict:
    t_start = time.time()
    W = build_world(seed, n_cust, days, start)
    build_collectors(W, W.rng)
    custs = []
    prev = None
    for i in range(n_cust):
        rng = random.Random(seed * 1_000_003 + i)
        c = make_customer(i, W, rng, prev)
        custs.append(c)
        prev = c
    plan_fraud(W, custs, random.Random(seed * 31 + 5))
    rows = []
    for c in custs:
        rows.extend(simulate(c, W, random.Random(seed * 999_983 + c.idx * 7 + 1)))
    rows.sort(key=lambda r: r[0])
    stats = Counter()
    victims = defaultdict(set)
    amounts = Counter()
    reported = Counter()
    with open(out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=6) as gz:
        txt = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        w = csv.writer(txt, lineterminator="\n")
        w.writerow(COLUMNS)
        for seq, (t, cid, amt, chan, ctx, payee, scen, rep) in enumerate(rows):
            ip, dev, ua, lat, lon, cc, geo = ctx
            tss = fmt_ts(W, t)
            tid = f"UPI{tss[2:4]}{tss[5:7]}{tss[8:10]}{seq:09d}"
            w.writerow([tid, cid, tss, f"{amt:.2f}", "INR", chan, ip, dev, ua,
                        "" if lat is None else f"{lat:.5f}", "" if lon is None else f"{lon:.5f}",
                        cc, geo, payee, 1 if scen else 0,
                        "" if (not scen or rep is None) else fmt_ts(W, max(rep, t)), scen])
            if scen:
                stats[scen] += 1
                victims[scen].add(cid)
                amounts[scen] += amt
                if rep is not None:
                    reported[scen] += 1
        txt.flush()
        txt.detach()
    elapsed = time.time() - t_start
    return {"payments": len(rows), "customers": n_cust, "frauds": stats, "victims": victims,
            "amounts": amounts, "reported": reported, "seconds": elapsed,
            "active": len({r[1] for r in rows})}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.upi", description="Synthetic UPI payments world (India) with labelled fraud.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=6000)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--start", default="2025-12-01", help="first day (IST), YYYY-MM-DD")
    ap.add_argument("--out", default="world-upi.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    res = generate(a.seed, a.customers, a.days, dt.date.fromisoformat(a.start), a.out)
    nf = sum(res["frauds"].values())
    print(f"upi world: {res['payments']} payments, {res['customers']} customers "
          f"({res['active']} with payments), {a.days} days from {a.start} -> {a.out} "
          f"in {res['seconds']:.1f}s")
    print(f"fraud: {nf} payments ({100.0 * nf / max(1, res['payments']):.3f}%)")
    for s, k in sorted(res["frauds"].items(), key=lambda x: -x[1]):
        print(f"  {s:20s} {k:5d} payments  {len(res['victims'][s]):4d} customers  "
              f"Rs {res['amounts'][s]:>12,.0f}  reported {100.0 * res['reported'][s] / k:5.1f}%")


if __name__ == "__main__":
    main()
