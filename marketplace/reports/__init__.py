"""The weekly review: registrations against targets, orders, revenue, bookings; CSV and SVG."""
