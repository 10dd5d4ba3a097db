"""The Sonepur sub-division (Saran, Bihar) for the demo: its places, its people's names, its
groups' products and its phone ranges (all its own; its staff are not Nadaun's).

Sonepur (सोनपुर), where the Gandak meets the Ganga across from Hajipur, is one of Saran's three
sub-divisions; Sonepur, Dighwara, Parsa and Dariyapur are blocks of it. The towns and the
panchayats named after them are real (Sonepur and Dighwara nagar panchayats, Nayagaon, Sitalpur
and Sabalpur on the way from Sonepur to Dighwara, Aami with its Ambika Bhawani temple,
Malkhachak); the villages beside them carry names common in the blocks. The grouping and the
coordinates are approximate (good to a few kilometres), which is all distance search needs for a
demo; an office that runs Sonepur for real onboards it from the LGD village list instead.
"""

from marketplace.demo.recipe import Recipe
from marketplace.drives.models import PartnerKind

SUB_DIVISION = {
    "code": "SNP",
    "name_en": "Sonepur",
    "name_hi": "सोनपुर",
    "district_en": "Saran",
    "district_hi": "सारण",
    "state_en": "Bihar",
    "state_hi": "बिहार",
}

# block → panchayat → [(village or ward, in Hindi, latitude, longitude)]
BLOCKS = [
    ("Sonepur", "सोनपुर", [
        ("Sonepur Nagar Panchayat", "नगर पंचायत सोनपुर", True, [
            ("Ward 1 Hariharnath Mandir", "वार्ड 1 हरिहरनाथ मंदिर", 25.6978, 85.1786),
            ("Ward 2 Mela Maidan", "वार्ड 2 मेला मैदान", 25.7012, 85.1822),
            ("Ward 3 Station Road", "वार्ड 3 स्टेशन रोड", 25.7049, 85.1741),
            ("Ward 4 Gandak Ghat", "वार्ड 4 गंडक घाट", 25.6931, 85.1843),
            ("Ward 5 Thana Chowk", "वार्ड 5 थाना चौक", 25.7003, 85.1762),
        ]),
        ("Nayagaon", "नयागाँव", False, [
            ("Nayagaon", "नयागाँव", 25.7290, 85.1290),
            ("Rampur", "रामपुर", 25.7355, 85.1412),
        ]),
        ("Sitalpur", "शीतलपुर", False, [
            ("Sitalpur", "शीतलपुर", 25.7400, 85.0930),
            ("Chakia", "चकिया", 25.7468, 85.1050),
        ]),
        ("Sabalpur", "सबलपुर", False, [
            ("Sabalpur", "सबलपुर", 25.6790, 85.2060),
            ("Bishunpur", "बिशुनपुर", 25.6852, 85.1961),
        ]),
    ]),
    ("Dighwara", "दिघवारा", [
        ("Dighwara Nagar Panchayat", "नगर पंचायत दिघवारा", True, [
            ("Ward 1 Station Road", "वार्ड 1 स्टेशन रोड", 25.7432, 85.0108),
            ("Ward 2 Bazaar", "वार्ड 2 बाज़ार", 25.7410, 85.0150),
            ("Ward 3 Ganga Ghat", "वार्ड 3 गंगा घाट", 25.7371, 85.0130),
        ]),
        ("Aami", "आमी", False, [
            ("Aami", "आमी", 25.7502, 84.9810),
            ("Madhopur", "माधोपुर", 25.7588, 84.9902),
        ]),
        ("Malkhachak", "मलखाचक", False, [
            ("Malkhachak", "मलखाचक", 25.7615, 85.0302),
            ("Pipra", "पिपरा", 25.7690, 85.0211),
        ]),
    ]),
    ("Parsa", "परसा", [
        ("Parsa", "परसा", False, [
            ("Parsa", "परसा", 25.8905, 85.0410),
            ("Bhagwanpur", "भगवानपुर", 25.8830, 85.0555),
            ("Sherpur", "शेरपुर", 25.8998, 85.0310),
        ]),
        ("Rasulpur", "रसूलपुर", False, [
            ("Rasulpur", "रसूलपुर", 25.8710, 85.0220),
            ("Harpur", "हरपुर", 25.8640, 85.0380),
        ]),
    ]),
    ("Dariyapur", "दरियापुर", [
        ("Dariyapur", "दरियापुर", False, [
            ("Dariyapur", "दरियापुर", 25.8520, 85.1060),
            ("Fatehpur", "फतेहपुर", 25.8602, 85.1180),
            ("Mirpur", "मीरपुर", 25.8450, 85.0950),
        ]),
        ("Madhaura", "मधौरा", False, [
            ("Madhaura", "मधौरा", 25.8305, 85.1230),
            ("Kasmar", "कसमर", 25.8220, 85.1120),
        ]),
    ]),
]

# (role, phone, name, language): Sonepur's own office; the demo's one admin is Nadaun's and
# switches between the two in the panel
USERS = [
    ("staff", "+919431000002", "प्रियंका कुमारी", "hi"),
    ("operator", "+919431000003", "अमित कुमार सिंह", "hi"),
    ("resident", "+919431000011", "ममता देवी", "hi"),
    ("resident", "+919431000012", "विनोद राय", "hi"),
    ("resident", "+919431000013", "Rahul Prasad", "en"),
    ("delivery", "+919431000004", "संजय राम", "hi"),
]
WHATSAPP = ("100000000000102", "+919431000100")

# Workers (+919470000001 onwards): Bihari names, most written in Devanagari.
FIRST_NAMES = [
    ("Ranjeet", "रंजीत"), ("Santosh", "संतोष"), ("Dinesh", "दिनेश"), ("Umesh", "उमेश"),
    ("Shatrughan", "शत्रुघ्न"), ("Bhola", "भोला"), ("Lalan", "ललन"), ("Munna", "मुन्ना"),
    ("Pramod", "प्रमोद"), ("Ajay", "अजय"), ("Rajendra", "राजेंद्र"), ("Bablu", "बबलू"),
    ("Rinku", "रिंकू"), ("Savita", "सविता"), ("Malti", "मालती"), ("Lalita", "ललिता"),
    ("Sushila", "सुशीला"), ("Urmila", "उर्मिला"), ("Pinki", "पिंकी"), ("Kiran", "किरण"),
]
LAST_NAMES = [
    ("Rai", "राय"), ("Yadav", "यादव"), ("Singh", "सिंह"), ("Prasad", "प्रसाद"),
    ("Mahto", "महतो"), ("Paswan", "पासवान"), ("Sah", "साह"), ("Ram", "राम"),
    ("Kumar", "कुमार"),
]
WOMEN = frozenset({"Rinku", "Savita", "Malti", "Lalita", "Sushila", "Urmila", "Pinki",
                   "Kiran"})

# Self-help groups (JEEViKA's "didis"; members +919471000001 onwards).
GROUP_NAMES = [
    ("Jai Maa Ambika", "जय माँ अंबिका"), ("Baba Hariharnath", "बाबा हरिहरनाथ"),
    ("Gulab", "गुलाब"), ("Chameli", "चमेली"), ("Suraj", "सूरज"), ("Ganga", "गंगा"),
    ("Sita", "सीता"), ("Mahila Vikas", "महिला विकास"), ("Roshni", "रोशनी"), ("Kamal", "कमल"),
]
PRODUCTS = {
    "vegetables": [("Pointed gourd", "परवल", "kg", 50), ("Potatoes", "आलू", "kg", 25)],
    "fruits": [("Litchis", "लीची", "kg", 120), ("Guavas", "अमरूद", "kg", 60)],
    "grains-pulses": [("Masoor dal", "मसूर दाल", "kg", 110),
                      ("Black gram", "काला चना", "kg", 90)],
    "flour-millets": [("Chana sattu", "चने का सत्तू", "kg", 140),
                      ("Marua flour", "मड़ुआ का आटा", "kg", 80)],
    "spices": [("Coriander powder", "धनिया पाउडर", "250g", 60),
               ("Mustard seeds", "पीली सरसों", "250g", 45)],
    "pickles-preserves": [("Stuffed red chilli pickle", "भरवा लाल मिर्च का अचार", "jar", 170),
                          ("Jackfruit pickle", "कटहल का अचार", "jar", 160)],
    "honey": [("Litchi honey", "लीची का शहद", "500g", 320),
              ("Mustard honey", "सरसों का शहद", "500g", 260)],
    "dairy-ghee": [("Desi ghee", "देसी घी", "litre", 800), ("Curd", "दही", "500g", 50)],
    "bakery-snacks": [("Makhana", "मखाना", "250g", 220), ("Thekua", "ठेकुआ", "packet", 120)],
    "handloom-woollens": [("Khadi gamchha", "खादी गमछा", "piece", 150),
                          ("Sujni quilt", "सुजनी", "piece", 1500)],
    "handicrafts": [("Madhubani painting", "मधुबनी पेंटिंग", "piece", 900),
                    ("Tikuli art plate", "टिकुली कला की प्लेट", "piece", 400)],
    "bamboo-cane": [("Bamboo supa", "बाँस का सूप", "piece", 150),
                    ("Bamboo daura", "बाँस का दउरा", "piece", 250)],
    "other": [("Sonepur jaggery", "सोनपुर का गुड़", "kg", 90),
              ("Sattu litti, ready to bake", "सत्तू भरी लिट्टी", "dozen", 120)],
}
STORIES = ["{village} की जीविका दीदियाँ मिलकर सत्तू, मखाना और अचार बनाती हैं।",
           "हम {village} की {count} बहनें हैं; दियारा के खेतों की ताज़ी सब्ज़ियाँ लाते हैं।",
           "{village} का समूह: सोनपुर मेले में भी दुकान लगाते हैं — गुड़, ठेकुआ और हाथ का सामान।",
           "Didis of {village_en} making sattu, pickles and crafts together since 2018."]
MEMBER_FIRST_NAMES = ["रिंकू", "पिंकी", "सविता", "ममता", "मालती", "ललिता", "सुशीला", "उर्मिला",
                      "मुन्नी", "फूलकुमारी", "कुंती", "शांति", "मीरा", "चंदा"]
MEMBER_LAST_NAMES = ["देवी", "देवी", "कुमारी", "यादव", "राय", "सिंह", "साह", "महतो"]
#: new products groups added this morning, waiting for the SDM office
WAITING_PRODUCTS = [("Tilkut", "तिलकुट", "bakery-snacks", 200, "packet"),
                    ("Lemon pickle", "नींबू का अचार", "pickles-preserves", 140, "jar"),
                    ("Sikki basket", "सिक्की की डलिया", "handicrafts", 350, "piece")]

# Orders: demo buyers (+919472000001 onwards).
#: as many as Nadaun's: a buyer may have only a few cash orders open at once
BUYER_NAMES = ["सरिता देवी", "राकेश रंजन", "Anjali Kumari", "मनोज यादव", "पूनम सिंह",
               "Deepak Sah", "रीना कुमारी", "अरविंद प्रसाद", "गुड्डी देवी", "Sunil Mahto",
               "कंचन सिंह", "विकास कुमार"]
HOUSES = {
    "hi": ["मकान नं. {n}, {place}, सोनपुर", "वार्ड {w}, गाँव {place}, थाना सोनपुर",
           "{place}, पंचायत भवन के पास, मकान {n}", "दुकान नं. {n}, {place} बाज़ार"],
    "en": ["House {n}, near the Shiv temple, {place}", "Ward {w}, village {place}, PO Sonepur",
           "House {n}, behind the middle school, {place}", "Shop {n}, {place} bazaar"],
}

JOBS = {"labourer": "खेत में धान की रोपनी में मदद",
        "driver": "छपरा सदर अस्पताल तक जाना और वापस आना",
        "cook": "छठ के बाद भोज में 100 लोगों का खाना"}
PARTNERS = [(PartnerKind.ITI, "ITI Sonepur", "आईटीआई सोनपुर"),
            (PartnerKind.EMPLOYMENT_OFFICE, "Employment Exchange Chhapra", "नियोजनालय छपरा"),
            (PartnerKind.NRLM, "JEEViKA Sonepur", "जीविका सोनपुर")]

RECIPE = Recipe(
    sub_division=SUB_DIVISION, blocks=BLOCKS, users=USERS, whatsapp=WHATSAPP,
    worker_phones="+9194700", member_phones="+9194710", buyer_phones="+9194720",
    first_names=FIRST_NAMES, last_names=LAST_NAMES, women=WOMEN, workers_per_category=2,
    more_languages=("en",), more_languages_share=0.15,
    group_names=GROUP_NAMES, products=PRODUCTS, stories=STORIES,
    member_first_names=MEMBER_FIRST_NAMES, member_last_names=MEMBER_LAST_NAMES,
    upi_id="snp.shg{n}@sbi", waiting_products=WAITING_PRODUCTS,
    buyer_names=BUYER_NAMES, houses=HOUSES, delivery_terms=(2500, 40000, 10000),
    jobs=JOBS, partners=PARTNERS,
)
