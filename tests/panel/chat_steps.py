"""A resident writing to the assistant, for the panel's tests of its pages."""

from __future__ import annotations

from tests.chat.payloads import delivery, post_delivery, text_message


def resident_says(client, sender: str, text: str) -> None:
    """`text` from `sender` (E.164) through the signed webhook (the assistant must be on)."""
    response = post_delivery(client, delivery(text_message(text, sender=sender.lstrip("+"))))
    assert response.status_code == 200
