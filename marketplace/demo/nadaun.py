"""The Nadaun sub-division (Hamirpur, Himachal Pradesh) for the demo: its places, its people's
names, its groups' products and its phone ranges; its admin is the demo's one admin.

Names are of real places around Nadaun; the grouping into panchayats and the coordinates are
approximate (good to a kilometre or two), which is all distance search needs for a demo.
Nadaun is the oldest demo sub-division: it is created first and is the one visitors see first.
"""

from marketplace.demo.recipe import Recipe
from marketplace.drives.models import PartnerKind

SUB_DIVISION = {
    "code": "NDN",
    "name_en": "Nadaun",
    "name_hi": "नादौन",
    "district_en": "Hamirpur",
    "district_hi": "हमीरपुर",
    "state_en": "Himachal Pradesh",
    "state_hi": "हिमाचल प्रदेश",
}

# block → panchayat → [(village, village in Hindi, latitude, longitude)]
BLOCKS = [
    ("Nadaun Town", "नादौन शहर", [
        ("Nadaun Nagar Panchayat", "नगर पंचायत नादौन", True, [
            ("Ward 1 Main Bazaar", "वार्ड 1 मेन बाज़ार", 31.7812, 76.3452),
            ("Ward 2 Bus Stand", "वार्ड 2 बस अड्डा", 31.7798, 76.3478),
            ("Ward 3 Gaudiya Math", "वार्ड 3 गौड़ीय मठ", 31.7826, 76.3431),
            ("Ward 4 Beas Ghat", "वार्ड 4 ब्यास घाट", 31.7779, 76.3440),
            ("Ward 5 Hospital Road", "वार्ड 5 अस्पताल रोड", 31.7841, 76.3491),
            ("Ward 6 Shiv Mandir", "वार्ड 6 शिव मंदिर", 31.7857, 76.3462),
            ("Ward 7 Amtar Road", "वार्ड 7 अमतर रोड", 31.7869, 76.3512),
        ]),
    ]),
    ("Nadaun", "नादौन", [
        ("Amtar", "अमतर", False, [
            ("Amtar", "अमतर", 31.7934, 76.3620),
            ("Chhatri", "छतरी", 31.7990, 76.3551),
        ]),
        ("Jalari", "जलाड़ी", False, [
            ("Jalari", "जलाड़ी", 31.7470, 76.3880),
            ("Sera", "सेरा", 31.7552, 76.3751),
            ("Bharmoti", "भरमोटी", 31.7401, 76.3962),
        ]),
        ("Kangoo", "कांगू", False, [
            ("Kangoo", "कांगू", 31.8060, 76.3010),
            ("Baloh", "बलोह", 31.8135, 76.2920),
            ("Rail", "रैल", 31.7988, 76.2861),
        ]),
        ("Dhaneta", "धनेटा", False, [
            ("Dhaneta", "धनेटा", 31.7290, 76.3280),
            ("Kohla", "कोहला", 31.7215, 76.3390),
            ("Bela", "बेला", 31.7350, 76.3170),
        ]),
        ("Badehar", "बड़ेहर", False, [
            ("Badehar", "बड़ेहर", 31.7700, 76.4010),
            ("Khiyah", "खियाह", 31.7634, 76.4125),
            ("Pharer", "फरेर", 31.7772, 76.4190),
        ]),
        ("Kashmir", "कश्मीर", False, [
            ("Kashmir", "कश्मीर", 31.8210, 76.3400),
            ("Jhaniyari", "झनियारी", 31.8302, 76.3321),
            ("Rangas", "रंगस", 31.8120, 76.3555),
        ]),
        ("Bijhari", "बिझड़ी", False, [
            ("Bijhari", "बिझड़ी", 31.7550, 76.3050),
            ("Thana", "थाना", 31.7611, 76.2941),
            ("Bassi", "बस्सी", 31.7488, 76.2980),
        ]),
    ]),
    ("Galore", "गलोड़", [
        ("Galore", "गलोड़", False, [
            ("Galore", "गलोड़", 31.7310, 76.4510),
            ("Chamned", "चमनेड", 31.7235, 76.4420),
            ("Kuthera", "कुठेड़ा", 31.7402, 76.4601),
        ]),
        ("Mundkhar", "मुंडखर", False, [
            ("Mundkhar", "मुंडखर", 31.7120, 76.4700),
            ("Bhareri", "भरेड़ी", 31.7040, 76.4615),
            ("Khatwin", "खतवीं", 31.7188, 76.4822),
        ]),
        ("Tihra", "तिहरा", False, [
            ("Tihra", "तिहरा", 31.7520, 76.4700),
            ("Lahar", "लहड़", 31.7601, 76.4810),
            ("Dhangota", "ढंगोटा", 31.7455, 76.4888),
        ]),
        ("Jangal Rarhi", "जंगल रड़ी", False, [
            ("Jangal Rarhi", "जंगल रड़ी", 31.7010, 76.4320),
            ("Sohari", "सोहड़ी", 31.6940, 76.4412),
            ("Karot", "करोट", 31.6988, 76.4199),
        ]),
        ("Ree", "री", False, [
            ("Ree", "री", 31.7690, 76.4555),
            ("Bahal", "बहल", 31.7755, 76.4420),
            ("Sadhwin", "साधवीं", 31.7812, 76.4630),
        ]),
    ]),
]

#: the password of every demo account, of both sub-divisions (printed by `flask seed-demo`)
DEMO_PASSWORD = "nadaun-demo"  # noqa: S105 - printed for the demo on purpose

# (role, phone, name, language): names as each would write them, in Devanagari when they
# read the site in Hindi
USERS = [
    ("admin", "+919816000001", "Vikram Chauhan", "en"),
    ("staff", "+919816000002", "अनीता शर्मा", "hi"),
    ("operator", "+919816000003", "राकेश कुमार", "hi"),
    ("resident", "+919816000011", "सुनीता देवी", "hi"),
    ("resident", "+919816000012", "राजेश ठाकुर", "hi"),
    ("resident", "+919816000013", "Priya Rana", "en"),
    ("delivery", "+919816000004", "मोहन लाल", "hi"),
]
WHATSAPP = ("100000000000101", "+919816000100")

# Workers (+919418000001 onwards): names as they write them, most in Devanagari.
FIRST_NAMES = [
    ("Ramesh", "रमेश"), ("Suresh", "सुरेश"), ("Rajesh", "राजेश"), ("Mohan", "मोहन"),
    ("Sohan", "सोहन"), ("Vijay", "विजय"), ("Anil", "अनिल"), ("Sunil", "सुनील"),
    ("Kamal", "कमल"), ("Naresh", "नरेश"), ("Sanjay", "संजय"), ("Pawan", "पवन"),
    ("Sunita", "सुनीता"), ("Kamla", "कमला"), ("Meena", "मीना"), ("Geeta", "गीता"),
    ("Anita", "अनीता"), ("Sangeeta", "संगीता"), ("Neelam", "नीलम"), ("Rekha", "रेखा"),
]
LAST_NAMES = [
    ("Thakur", "ठाकुर"), ("Sharma", "शर्मा"), ("Kumar", "कुमार"), ("Chauhan", "चौहान"),
    ("Rana", "राणा"), ("Katoch", "कटोच"), ("Dhiman", "धीमान"), ("Verma", "वर्मा"),
    ("Patial", "पटियाल"),
]
WOMEN = frozenset({"Sunita", "Kamla", "Meena", "Geeta", "Anita", "Sangeeta", "Neelam", "Rekha"})

# Self-help groups (members +919459000001 onwards).
GROUP_NAMES = [
    ("Jai Maa Chintpurni", "जय माँ चिंतपूर्णी"), ("Shiv Shakti", "शिव शक्ति"),
    ("Mahila Mandal Jalari", "महिला मंडल जलाड़ी"), ("Naina Devi", "नैना देवी"),
    ("Jwala Ji", "ज्वाला जी"), ("Ekta", "एकता"), ("Pragati", "प्रगति"), ("Sakhi", "सखी"),
    ("Himani", "हिमानी"), ("Durga", "दुर्गा"), ("Lakshmi", "लक्ष्मी"), ("Saraswati", "सरस्वती"),
    ("Uday", "उदय"), ("Kiran", "किरण"), ("Asha", "आशा"), ("Nav Jyoti", "नव ज्योति"),
    ("Baba Balak Nath", "बाबा बालक नाथ"), ("Gauri", "गौरी"), ("Sarthak", "सार्थक"),
    ("Jagriti", "जागृति"), ("Shakti", "शक्ति"), ("Vandana", "वंदना"), ("Sneh", "स्नेह"),
    ("Umang", "उमंग"), ("Parvati", "पार्वती"),
]
PRODUCTS = {
    "vegetables": [("Tomatoes", "टमाटर", "kg", 40), ("Lingri fern", "लिंगड़ी", "bundle", 30),
                   ("Green peas", "हरे मटर", "kg", 60), ("Cauliflower", "फूलगोभी", "piece", 35)],
    "fruits": [("Mangoes", "आम", "kg", 90), ("Lemons", "नींबू", "dozen", 50)],
    "grains-pulses": [("Red rajma", "लाल राजमा", "kg", 160),
                      ("Kulth dal", "कुल्थ दाल", "kg", 140)],
    "flour-millets": [("Maize flour", "मक्की का आटा", "kg", 60),
                      ("Kodra millet", "कोदरा", "kg", 120)],
    "spices": [("Turmeric powder", "हल्दी पाउडर", "250g", 80),
               ("Red chilli", "लाल मिर्च", "250g", 70)],
    "pickles-preserves": [("Mango pickle", "आम का अचार", "jar", 180),
                          ("Lingri pickle", "लिंगड़ी का अचार", "jar", 200),
                          ("Amla murabba", "आंवला मुरब्बा", "jar", 150)],
    "honey": [("Wild honey", "जंगली शहद", "500g", 350)],
    "dairy-ghee": [("Desi ghee", "देसी घी", "litre", 900), ("Paneer", "पनीर", "500g", 200)],
    "bakery-snacks": [("Wadiyan", "वड़ियाँ", "packet", 90), ("Siddu", "सिड्डू", "piece", 25)],
    "handloom-woollens": [("Woollen socks", "ऊनी जुराबें", "piece", 250),
                          ("Pattu shawl", "पट्टू शॉल", "piece", 1800)],
    "handicrafts": [("Chamba rumal", "चंबा रूमाल", "piece", 1200)],
    "bamboo-cane": [("Bamboo basket", "बाँस की टोकरी", "piece", 300)],
    "other": [("Dhoop sticks", "धूप", "packet", 60)],
}
STORIES = ["{village} की महिलाएँ मिलकर घर का बना अचार, आटा और दालें बेचती हैं।",
           "हम {village} की {count} बहनें हैं; खेत की ताज़ी सब्ज़ियाँ और पहाड़ी मसाले लाते हैं।",
           "{village} का समूह: देसी घी, शहद और हाथ का बना सामान, बिना मिलावट।",
           "Women of {village_en} making food and crafts together since 2019."]
MEMBER_FIRST_NAMES = ["कमला", "सुनीता", "मीना", "रेखा", "सरोज", "बिमला", "आशा", "कांता", "उषा",
                      "शकुंतला", "पुष्पा", "निर्मला", "रीता", "संतोष", "किरण", "अंजना"]
MEMBER_LAST_NAMES = ["देवी", "ठाकुर", "राणा", "शर्मा", "कटोच", "चौहान", "धीमान", "कुमारी"]
#: new products groups added this morning, waiting for the SDM office
WAITING_PRODUCTS = [("Amla candy", "आँवला कैंडी", "pickles-preserves", 120, "jar"),
                    ("Kachnar pickle", "कचनार का अचार", "pickles-preserves", 160, "jar"),
                    ("Hand-knitted socks", "हाथ से बुने मोज़े", "handloom-woollens", 250, "piece"),
                    ("Rajmash (red beans)", "राजमाह", "grains-pulses", 180, "jar")]

# Orders: demo buyers (+919817000001 onwards); Hindi readers write their names in Devanagari.
BUYER_NAMES = ["कुसुम लता", "रमेश चंद", "Savitri Devi", "अनिल कुमार", "नीलम शर्मा",
               "Suresh Thakur", "पुष्पा देवी", "मनोज राणा", "Seema Kumari", "अशोक वर्मा",
               "रेणु बाला", "Vijay Singh"]
HOUSES = {
    "hi": ["मकान नं. {n}, {place}, नादौन", "वार्ड {w}, गाँव {place}, डाकघर नादौन",
           "{place}, पंचायत घर के पास, मकान {n}", "दुकान नं. {n}, {place} बाज़ार"],
    "en": ["House {n}, near the temple, {place}", "Ward {w}, village {place}, PO Nadaun",
           "House {n}, behind the school, {place}", "Shop {n}, {place} bazaar"],
}

JOBS = {"labourer": "खेत में गेहूँ की कटाई में मदद",
        "driver": "हमीरपुर अस्पताल तक जाना और वापस आना"}
PARTNERS = [(PartnerKind.ITI, "ITI Nadaun", "आईटीआई नादौन"),
            (PartnerKind.EMPLOYMENT_OFFICE, "Employment Office Hamirpur",
             "रोज़गार कार्यालय हमीरपुर"),
            (PartnerKind.NRLM, "NRLM Nadaun", "एनआरएलएम नादौन")]

RECIPE = Recipe(
    sub_division=SUB_DIVISION, blocks=BLOCKS, users=USERS, whatsapp=WHATSAPP,
    worker_phones="+9194180", member_phones="+9194590", buyer_phones="+9198170",
    first_names=FIRST_NAMES, last_names=LAST_NAMES, women=WOMEN, workers_per_category=6,
    more_languages=("pahari",), more_languages_share=0.7,
    group_names=GROUP_NAMES, products=PRODUCTS, stories=STORIES,
    member_first_names=MEMBER_FIRST_NAMES, member_last_names=MEMBER_LAST_NAMES,
    upi_id="shg{n}@sbi", waiting_products=WAITING_PRODUCTS,
    buyer_names=BUYER_NAMES, houses=HOUSES, delivery_terms=(3000, 50000, 10000),
    jobs=JOBS, partners=PARTNERS,
)
