"""The WhatsApp assistant: the Cloud API webhook, inbound messages and the replies to them."""
