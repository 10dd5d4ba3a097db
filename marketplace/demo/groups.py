"""About 25 demo self-help groups of Nadaun with members and about 300 products."""

from __future__ import annotations

import random

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.accounts.services import create_account, hash_password
from marketplace.catalogue.models import (
    Product,
    ProductCategory,
    ProductPhoto,
    ProductStatus,
    ProductUnit,
)
from marketplace.core.text import search_key
from marketplace.demo import nadaun
from marketplace.demo.pictures import product_photo
from marketplace.extensions import db
from marketplace.media.services import store_image
from marketplace.places.models import SubDivision, Village
from marketplace.shg.models import SelfHelpGroup, SHGMember, SHGStatus

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
#: what a group says about itself, as its members would write it
STORIES = ["{village} की महिलाएँ मिलकर घर का बना अचार, आटा और दालें बेचती हैं।",
           "हम {village} की {count} बहनें हैं; खेत की ताज़ी सब्ज़ियाँ और पहाड़ी मसाले लाते हैं।",
           "{village} का समूह: देसी घी, शहद और हाथ का बना सामान, बिना मिलावट।",
           "Women of {village_en} making food and crafts together since 2019."]
MEMBER_FIRST_NAMES = ["कमला", "सुनीता", "मीना", "रेखा", "सरोज", "बिमला", "आशा", "कांता", "उषा",
                      "शकुंतला", "पुष्पा", "निर्मला", "रीता", "संतोष", "किरण", "अंजना"]
MEMBER_LAST_NAMES = ["देवी", "ठाकुर", "राणा", "शर्मा", "कटोच", "चौहान", "धीमान", "कुमारी"]


def seed_groups(sub_division: SubDivision) -> int:
    """Add the demo groups, members and products once; returns how many products exist."""
    if db.session.scalar(sa.select(sa.func.count(SelfHelpGroup.id))):
        return db.session.scalar(sa.select(sa.func.count(Product.id)))
    rng = random.Random(4)  # noqa: S311 - demo data, the same every time
    villages = db.session.scalars(sa.select(Village).where(
        Village.sub_division_id == sub_division.id).order_by(Village.id)).all()
    categories = {c.slug: c for c in db.session.scalars(sa.select(ProductCategory))}
    # One photo per kind of product, shared by the groups that sell it.
    pictures = {name: store_image(product_photo(name)).id
                for name, *_ in (item for items in PRODUCTS.values() for item in items[:2])}
    names = random.Random(9)  # noqa: S311 - demo data
    shared_hash = hash_password(nadaun.DEMO_PASSWORD)
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    phone_number = 0
    for index, (name_en, name_hi) in enumerate(GROUP_NAMES):
        village = villages[index % len(villages)]
        group = SelfHelpGroup(sub_division_id=sub_division.id, name_en=f"{name_en} SHG",
                              name_hi=f"{name_hi} स्वयं सहायता समूह", village_id=village.id,
                              story=STORIES[index % len(STORIES)].format(
                                  village=village.name_hi, village_en=village.name_en,
                                  count=8 + index % 7),
                              upi_id=f"shg{index + 1}@sbi", status=SHGStatus.APPROVED,
                              created_by_id=admin.id)
        db.session.add(group)
        for member_index in range(rng.randint(2, 4)):
            phone_number += 1
            user = create_account(phone=f"+9194590{phone_number:05d}",
                                  name=f"{names.choice(MEMBER_FIRST_NAMES)} "
                                       f"{names.choice(MEMBER_LAST_NAMES)}",
                                  password="", password_hash=shared_hash,
                                  role=Role.SHG_MEMBER, language="hi")
            db.session.add(SHGMember(group=group, user=user, is_leader=member_index == 0))
        db.session.flush()
        for slug in rng.sample(sorted(PRODUCTS), 6):
            for p_en, p_hi, unit, rupees in PRODUCTS[slug][:2]:
                product = Product(
                    group_id=group.id, sub_division_id=sub_division.id,
                    category_id=categories[slug].id, name_en=p_en, name_hi=p_hi,
                    unit=ProductUnit(unit), price_paise=(rupees + rng.randint(-5, 15)) * 100,
                    stock=rng.choice([0, 3, 8, 15, 30]), is_organic=rng.random() < 0.6,
                    status=ProductStatus.APPROVED, created_by_id=admin.id,
                    search_text=search_key(f"{p_en} {p_hi}"))
                product.photos = [ProductPhoto(image_id=pictures[p_en], position=0)]
                db.session.add(product)
    db.session.flush()
    return db.session.scalar(sa.select(sa.func.count(Product.id)))
