"""Uploaded images: decoded, checked, stripped, re-encoded (a kept original and WebP sizes,
the display size in the request and the rest by a job), stored under random names."""
