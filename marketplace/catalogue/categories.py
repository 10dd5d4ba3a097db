"""The product categories of issue 4 (slug, English, Hindi), and the one loader that puts them
in a database (a data migration and `seed_product_categories` both call it).

Read by a migration, so it knows no model: the table is written out with only the columns
the loader needs. A later change to the list reaches existing databases through a new data
migration that calls `add_missing_product_categories` again.
"""

from __future__ import annotations

import sqlalchemy as sa

PRODUCT_CATEGORIES = [
    ("vegetables", "Vegetables", "सब्ज़ियाँ"),
    ("fruits", "Fruits", "फल"),
    ("grains-pulses", "Grains and pulses", "अनाज और दालें"),
    ("flour-millets", "Flour and millets", "आटा और मोटा अनाज"),
    ("spices", "Spices", "मसाले"),
    ("pickles-preserves", "Pickles and preserves", "अचार और मुरब्बे"),
    ("honey", "Honey", "शहद"),
    ("dairy-ghee", "Dairy and ghee", "दूध उत्पाद और घी"),
    ("bakery-snacks", "Bakery and snacks", "बेकरी और नमकीन"),
    ("handloom-woollens", "Handloom and woollens", "हथकरघा और ऊनी कपड़े"),
    ("handicrafts", "Handicrafts", "हस्तशिल्प"),
    ("bamboo-cane", "Bamboo and cane", "बाँस और बेंत"),
    ("other", "Other", "अन्य"),
]


_product_categories = sa.table(
    "product_categories",
    sa.column("slug", sa.String), sa.column("name_en", sa.String),
    sa.column("name_hi", sa.String), sa.column("sort_order", sa.Integer),
)


def add_missing_product_categories(connection: sa.Connection) -> int:
    """Insert the categories whose slug is not there yet; returns how many it added."""
    existing = set(connection.scalars(sa.select(_product_categories.c.slug)))
    missing = [{"slug": slug, "name_en": name_en, "name_hi": name_hi, "sort_order": order}
               for order, (slug, name_en, name_hi) in enumerate(PRODUCT_CATEGORIES)
               if slug not in existing]
    if missing:
        connection.execute(sa.insert(_product_categories), missing)
    return len(missing)
