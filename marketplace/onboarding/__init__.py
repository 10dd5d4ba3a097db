"""Onboarding a sub-division: its places from the LGD village list, its defaults from another."""
