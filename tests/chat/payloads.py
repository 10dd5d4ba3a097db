"""WhatsApp Cloud API deliveries as Meta sends them, signed with the tests' app secret."""

from __future__ import annotations

import itertools
import json

from marketplace.chat.cloud_api import SIGNATURE_HEADER, signature_of

APP_SECRET = "test-app-secret-0123456789abcdef"  # noqa: S105 - the tests' own
VERIFY_TOKEN = "test-verify-token"  # noqa: S105 - the tests' own
PHONE_NUMBER_ID = "106540352242922"
WEBHOOK = "/chat/whatsapp/webhook"

_ids = itertools.count(1)


def new_wamid() -> str:
    return f"wamid.HBgMOTE5ODE2MDEyMzQ1FQIAEhggQ0I{next(_ids):020d}"


def text_message(body: str, *, sender: str = "919816012345", wamid: str | None = None) -> dict:
    return {"from": sender, "id": wamid or new_wamid(), "timestamp": "1764790000",
            "type": "text", "text": {"body": body}}


def message_of_type(kind: str, *, sender: str = "919816012345",
                    wamid: str | None = None) -> dict:
    """A message of a type the assistant does not read (image, audio, sticker…)."""
    parts = {
        "image": {"mime_type": "image/jpeg", "sha256": "abc", "id": "1234"},
        "audio": {"mime_type": "audio/ogg; codecs=opus", "id": "5678", "voice": True},
        "sticker": {"mime_type": "image/webp", "id": "9012", "animated": False},
        "reaction": {"message_id": "wamid.earlier", "emoji": "\U0001f44d"},
        "contacts": [{"name": {"formatted_name": "Sita"}, "phones": [{"phone": "+919816000000"}]}],
        "location": {"latitude": 25.78, "longitude": 84.73},
        "unsupported": {"errors": [{"code": 131051}]},
    }
    return {"from": sender, "id": wamid or new_wamid(), "timestamp": "1764790000",
            "type": kind, kind: parts[kind]}


def list_reply(title: str, row_id: str = "find_worker", **kwargs) -> dict:
    message = text_message("", **kwargs)
    del message["text"]
    message.update(type="interactive", interactive={
        "type": "list_reply", "list_reply": {"id": row_id, "title": title}})
    return message


def button_reply(title: str, button_id: str, **kwargs) -> dict:
    message = text_message("", **kwargs)
    del message["text"]
    message.update(type="interactive", interactive={
        "type": "button_reply", "button_reply": {"id": button_id, "title": title}})
    return message


def location_message(latitude, longitude, **kwargs) -> dict:
    message = text_message("", **kwargs)
    del message["text"]
    message.update(type="location", location={"latitude": latitude, "longitude": longitude,
                                              "name": "Pin"})
    return message


def delivery(*messages: dict, statuses: list[dict] | None = None,
             phone_number_id: str = PHONE_NUMBER_ID) -> dict:
    value: dict = {"messaging_product": "whatsapp",
                   "metadata": {"display_phone_number": "916201234567",
                                "phone_number_id": phone_number_id}}
    if messages:
        value["contacts"] = [{"profile": {"name": "Resident"}, "wa_id": m["from"]}
                             for m in messages]
        value["messages"] = list(messages)
    if statuses is not None:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398",
                       "changes": [{"value": value, "field": "messages"}]}]}


def status(state: str = "delivered") -> dict:
    return {"id": new_wamid(), "status": state, "timestamp": "1764790001",
            "recipient_id": "919816012345"}


def encode(payload) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


def signed(body: bytes, secret: str = APP_SECRET) -> dict:
    return {SIGNATURE_HEADER: signature_of(body, secret), "Content-Type": "application/json"}


def post_delivery(client, payload, *, secret: str = APP_SECRET, headers: dict | None = None):
    """POST `payload` (a dict, or raw bytes) signed as Meta signs it."""
    body = encode(payload)
    return client.post(WEBHOOK, data=body, headers=headers or signed(body, secret))
