"""The product categories of issue 4 (slug, English, Hindi)."""

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
