"""Worker directory: categories, profiles, moderation, search, contact."""
