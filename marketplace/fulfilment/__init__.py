"""Turning orders into doorsteps: pick lists, delivery runs, outcomes and cash handed in."""
