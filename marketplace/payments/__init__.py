"""Payment records for bookings (and, later, orders): method, amount, status, provider ids."""
