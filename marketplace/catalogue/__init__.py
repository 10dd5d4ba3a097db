"""What self-help groups sell: product categories, products with photos, the catalogue."""
