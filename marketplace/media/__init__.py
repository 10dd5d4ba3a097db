"""Uploaded images: decoded, checked, stripped, re-encoded to WebP, stored under random names."""
