"""Accounts keyed by mobile number, roles, sign-in, one-time codes."""
