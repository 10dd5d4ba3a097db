"""The sub-division panel: views for staff and admins; the rules live in the domains."""
