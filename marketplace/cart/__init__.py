"""A basket kept in the database: for visitors by a token in their session, else by account."""
