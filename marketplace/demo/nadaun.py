"""Places of the Nadaun sub-division (Hamirpur, Himachal Pradesh) for the demo.

Names are of real places around Nadaun; the grouping into panchayats and the coordinates are
approximate (good to a kilometre or two), which is all distance search needs for a demo.
"""

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
#: kinds of work the demo's blocks have registration targets for
DEMO_TARGET_CATEGORIES = ("mason", "plumber", "electrician", "carpenter", "labourer")
