"""SMS/WhatsApp messages: an outbox written in the caller's transaction, delivered after."""
