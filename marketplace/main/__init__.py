"""The public front: home page, language switch, health check."""
