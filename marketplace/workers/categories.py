"""The 26 worker categories of DESIGN.md §4, with everyday words that find them, and the one
loader that puts them in a database (a data migration and `seed_categories` both call it).

This module is read by a migration, so it knows no model: its tables are written out below
with only the columns the loader needs, which exist since the categories table was made.
Changing CATEGORIES or SYNONYMS later reaches existing databases only through a new data
migration that calls `add_missing_categories` again (it adds what is missing and nothing else).
"""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core.text import search_key

# slug, English, Hindi (icons: static/icons/categories.svg, one symbol per slug)
CATEGORIES = [
    ("labourer", "Labourer", "मज़दूर"),
    ("mason", "Mason", "राजमिस्त्री"),
    ("carpenter", "Carpenter", "बढ़ई"),
    ("plumber", "Plumber", "प्लंबर"),
    ("electrician", "Electrician", "इलेक्ट्रीशियन"),
    ("painter", "Painter", "पेंटर"),
    ("welder", "Welder", "वेल्डर"),
    ("tile-fitter", "Tile and marble fitter", "टाइल-मार्बल मिस्त्री"),
    ("bar-bender", "Bar bender", "सरिया मिस्त्री"),
    ("ac-mechanic", "AC and fridge mechanic", "एसी-फ्रिज मैकेनिक"),
    ("ro-technician", "RO and water cooler technician", "आरओ-वाटर कूलर मैकेनिक"),
    ("computer-technician", "Computer and IT hardware", "कंप्यूटर मैकेनिक"),
    ("mobile-repair", "Mobile repair", "मोबाइल रिपेयर"),
    ("motor-mechanic", "Motor mechanic", "मोटर मैकेनिक"),
    ("driver", "Driver", "ड्राइवर"),
    ("taxi-operator", "Taxi operator", "टैक्सी संचालक"),
    ("cook", "Cook", "रसोइया"),
    ("house-cleaning", "House cleaning", "घर की सफ़ाई"),
    ("car-cleaning", "Car cleaning", "कार की सफ़ाई"),
    ("nursing", "Nursing and elder care", "नर्सिंग-देखभाल"),
    ("beautician", "Beautician", "ब्यूटीशियन"),
    ("tailor", "Tailor", "दर्ज़ी"),
    ("barber", "Barber", "नाई"),
    ("photographer", "Photographer", "फ़ोटोग्राफ़र"),
    ("gardener", "Gardener and farm help", "माली-खेतिहर मज़दूर"),
    ("cobbler", "Cobbler", "मोची"),
]

# Words people use for a trade; staff add more from the panel.
SYNONYMS = {
    "labourer": ["mazdoor", "majdoor", "labour", "helper", "dihadi", "दिहाड़ी", "मजदूर", "बेलदार",
                 "beldar"],
    "mason": ["rajmistri", "raj mistri", "mistri", "मिस्त्री", "construction", "chinai"],
    "carpenter": ["badhai", "barhai", "furniture", "wood work", "लकड़ी"],
    "plumber": ["nal wala", "नल वाला", "pipe fitter", "plumbing", "नलसाज़", "tap", "plumbar",
                "palambar", "plamber"],
    "electrician": ["bijli wala", "बिजली वाला", "wiring", "bijli", "बिजली", "electric",
                    "electrishan", "iliktrician"],
    "painter": ["rang", "putty", "पुताई", "रंगाई", "whitewash", "safedi"],
    "welder": ["welding", "gate grill", "वेल्डिंग"],
    "tile-fitter": ["tile", "marble", "टाइल", "मार्बल", "floor"],
    "bar-bender": ["sariya", "सरिया", "steel fixer", "rod"],
    "ac-mechanic": ["ac repair", "fridge", "फ्रिज", "refrigerator", "cooler"],
    "ro-technician": ["ro", "water purifier", "आरओ", "water filter"],
    "computer-technician": ["computer", "laptop", "कंप्यूटर", "printer", "it"],
    "mobile-repair": ["mobile", "phone repair", "मोबाइल", "screen"],
    "motor-mechanic": ["mechanic", "mistri gaadi", "bike", "scooter", "गाड़ी", "मैकेनिक"],
    "driver": ["chalak", "चालक", "gaadi chalane wala", "driving"],
    "taxi-operator": ["taxi", "टैक्सी", "cab", "gaadi kiraya"],
    "cook": ["rasoiya", "halwai", "हलवाई", "khana", "खाना", "chef", "cooking"],
    "house-cleaning": ["safai", "सफ़ाई", "सफाई", "maid", "kaamwali", "jhadu pocha", "cleaning"],
    "car-cleaning": ["car wash", "gaadi dhona", "कार धुलाई"],
    "nursing": ["nurse", "नर्स", "attendant", "elder care", "dekhbhal", "देखभाल", "aaya"],
    "beautician": ["parlour", "पार्लर", "makeup", "mehndi", "मेहंदी"],
    "tailor": ["darzi", "darji", "दर्जी", "silai", "सिलाई", "stitching"],
    "barber": ["nai", "hajjam", "हज्जाम", "hair cut", "बाल"],
    "photographer": ["photo", "फोटो", "video", "shaadi photo"],
    "gardener": ["mali", "माली", "khet", "खेत", "farm", "garden", "kheti"],
    "cobbler": ["mochi", "जूते", "shoe repair", "chappal"],
}


_categories = sa.table(
    "worker_categories",
    sa.column("id", sa.Integer), sa.column("slug", sa.String), sa.column("name_en", sa.String),
    sa.column("name_hi", sa.String), sa.column("sort_order", sa.Integer),
)
_synonyms = sa.table(
    "category_synonyms",
    sa.column("id", sa.Integer), sa.column("category_id", sa.Integer),
    sa.column("term", sa.String), sa.column("term_key", sa.String),
)


def add_missing_categories(connection: sa.Connection) -> int:
    """Insert the categories (by slug) and starting synonyms (by search key) that are not
    there yet; returns how many rows it added. Names and synonyms staff changed are kept; a
    starting synonym that staff removed comes back only if this runs again."""
    existing = dict(connection.execute(sa.select(_categories.c.slug, _categories.c.id)).all())
    added = 0
    for order, (slug, name_en, name_hi) in enumerate(CATEGORIES):
        if slug not in existing:
            existing[slug] = connection.execute(
                sa.insert(_categories).values(slug=slug, name_en=name_en, name_hi=name_hi,
                                              sort_order=order)
                .returning(_categories.c.id)).scalar_one()
            added += 1
    known = set(connection.scalars(sa.select(_synonyms.c.term_key)))
    for slug, terms in SYNONYMS.items():
        for term in terms:
            key = search_key(term)
            if key and key not in known:
                known.add(key)
                connection.execute(sa.insert(_synonyms).values(
                    category_id=existing[slug], term=term, term_key=key))
                added += 1
    return added
