"""The WhatsApp Cloud API's side of the webhook: its signature, its verification handshake and
the shape of a delivery, read into plain values. Nothing else in the app knows these shapes.

A delivery (POST) is `{"object": "whatsapp_business_account", "entry": [{"changes": [{"field":
"messages", "value": {"metadata": {"phone_number_id": …}, "messages": […], "statuses": […]}}]}]}`.
It is signed with the app secret (`X-Hub-Signature-256: sha256=<hex>` over the raw body) and
carries no timestamp; Meta redelivers for days, so messages are deduplicated on their id.
Anything in a delivery may be missing or of another type: readers here never raise on it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

SIGNATURE_HEADER = "X-Hub-Signature-256"
_SIGNATURE_PREFIX = "sha256="

#: what a verification challenge may be: Meta sends a number; anything else (markup, a
#: script) is refused rather than echoed
_CHALLENGE = re.compile(r"[0-9A-Za-z_-]{1,128}")


def signature_of(body: bytes, secret: str) -> str:
    """The header value Meta sends with `body` (also used by tests and the simulator)."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return _SIGNATURE_PREFIX + digest


def is_signed(body: bytes, header: str | None, secret: str) -> bool:
    """True when `header` is the app secret's signature of the raw `body` (constant time)."""
    if not secret or not header:
        return False
    return hmac.compare_digest(signature_of(body, secret).encode(),
                               header.strip().encode("utf-8", "replace"))


def is_verification(args: Mapping[str, str], verify_token: str) -> bool:
    """True when a GET is Meta's subscription handshake with our verify token."""
    given = args.get("hub.verify_token") or ""
    return (bool(verify_token) and args.get("hub.mode") == "subscribe"
            and hmac.compare_digest(given.encode("utf-8", "replace"), verify_token.encode()))


def safe_challenge(args: Mapping[str, str]) -> str | None:
    """The challenge to echo, or None when it is not a short run of letters and digits."""
    challenge = args.get("hub.challenge") or ""
    return challenge if _CHALLENGE.fullmatch(challenge) else None


@dataclass(frozen=True)
class Inbound:
    """One message of a delivery, as WhatsApp gave it (not yet cleaned)."""

    wamid: str
    #: the sender's number as WhatsApp writes it: digits with the country code (919816012345)
    sender: str
    #: the business number it was sent to
    phone_number_id: str
    message_type: str
    #: what the resident wrote or chose; None for media, stickers, reactions…
    text: str | None
    sent_at: datetime | None
    #: the id of the button or list row chosen (ours, as chat/render.py wrote it), else ""
    choice_id: str = ""
    #: (latitude, longitude) of a shared location pin
    location: tuple[float, float] | None = None


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _string(value) -> str:
    return value if isinstance(value, str) else ""


def _token(value) -> str:
    """An id or a name from the delivery, if it is printable ASCII (ids, types and numbers
    are); else "" (a NUL or a control character never reaches a query)."""
    text = _string(value)
    return text if text.isascii() and text.isprintable() else ""


def _text_of(message: dict, message_type: str) -> str | None:
    """The words of a text message, or the title of the button or list row chosen."""
    part = message.get(message_type)
    if not isinstance(part, dict):
        return None
    if message_type == "text":
        return _string(part.get("body")) or None
    if message_type == "button":  # a quick reply to a template
        return _string(part.get("text")) or None
    if message_type == "interactive":
        for kind in ("button_reply", "list_reply"):
            reply = part.get(kind)
            if isinstance(reply, dict):
                return _string(reply.get("title")) or None
    return None


def _choice_id_of(message: dict, message_type: str) -> str:
    """The id of the interactive button or list row chosen ("" for anything else)."""
    part = message.get(message_type)
    if message_type != "interactive" or not isinstance(part, dict):
        return ""
    for kind in ("button_reply", "list_reply"):
        reply = part.get(kind)
        if isinstance(reply, dict):
            return _token(reply.get("id"))[:64]
    return ""


def _location_of(message: dict, message_type: str) -> tuple[float, float] | None:
    """A shared pin's (latitude, longitude), when both are numbers on the globe."""
    part = message.get(message_type)
    if message_type != "location" or not isinstance(part, dict):
        return None
    latitude, longitude = part.get("latitude"), part.get("longitude")
    if not all(isinstance(v, int | float) and not isinstance(v, bool)
               for v in (latitude, longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # also refuses NaN
        return None
    return float(latitude), float(longitude)


def _sent_at(value) -> datetime | None:
    """WhatsApp's timestamp: seconds since 1970 as a string of digits."""
    text = _string(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 11):
        return None
    try:
        return datetime.fromtimestamp(int(text), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _messages_values(payload) -> Iterator[dict]:
    """The `value` of every change of the `messages` field (other fields, such as account
    updates and templates, are passed over)."""
    if not isinstance(payload, dict):
        return
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") == "messages" and isinstance(value, dict):
                yield value


def read_messages(payload) -> Iterator[Inbound]:
    """Every message of a delivery that has an id and a sender; statuses and other fields
    (account updates, templates) are passed over. Never raises on an odd shape."""
    for value in _messages_values(payload):
        metadata = value.get("metadata")
        number_id = _token(metadata.get("phone_number_id")) if isinstance(
            metadata, dict) else ""
        for message in _dicts(value.get("messages")):
            wamid, sender = _token(message.get("id")), _token(message.get("from"))
            if not wamid or not sender:
                continue
            message_type = _token(message.get("type")) or "unknown"
            yield Inbound(wamid=wamid, sender=sender, phone_number_id=number_id,
                          message_type=message_type,
                          text=_text_of(message, message_type),
                          sent_at=_sent_at(message.get("timestamp")),
                          choice_id=_choice_id_of(message, message_type),
                          location=_location_of(message, message_type))


@dataclass(frozen=True)
class Status:
    """One status report of a message we sent, as WhatsApp gave it (not yet checked)."""

    wamid: str
    #: sent, delivered, read, failed (or a status the app does not know)
    status: str
    at: datetime | None
    #: what we sent as `biz_opaque_callback_data` (our outbox key), "" when none
    callback_data: str
    #: WhatsApp's reason for a failure, e.g. "error 131047: Re-engagement message"
    error: str | None


def _error_of(report: dict) -> str | None:
    for error in _dicts(report.get("errors")):
        code = error.get("code")
        details = error.get("error_data")
        details = _string(details.get("details")) if isinstance(details, dict) else ""
        title = _string(error.get("title")) or _string(error.get("message"))
        words = " ".join(part for part in (title, details) if part)[:300] or "no details"
        return f"error {code if isinstance(code, int) else '?'}: {words}"
    return None


def read_statuses(payload) -> Iterator[Status]:
    """Every status report (`value.statuses`) of a delivery that has an id and a status;
    messages and other fields are passed over. Never raises on an odd shape."""
    for value in _messages_values(payload):
        for report in _dicts(value.get("statuses")):
            wamid, status = _token(report.get("id")), _token(report.get("status"))
            if wamid and status:
                yield Status(wamid=wamid, status=status, at=_sent_at(report.get("timestamp")),
                             callback_data=_token(report.get("biz_opaque_callback_data")),
                             error=_error_of(report))


#: what a resident can choose in an interactive message: a reply button or a list row
CHOICE_KINDS = ("button_reply", "list_reply")


def simulated_delivery(*, sender: str, wamid: str, phone_number_id: str, timestamp: int,
                       text: str | None = None,
                       choice: tuple[str, str, str] | None = None) -> dict:
    """A delivery of one message shaped as Meta sends it, for the simulator: the words typed,
    or a choice (kind in CHOICE_KINDS, the row's or button's id, its title)."""
    message: dict = {"from": sender, "id": wamid, "timestamp": str(timestamp)}
    if choice is not None:
        kind, choice_id, title = choice
        message.update(type="interactive", interactive={
            "type": kind, kind: {"id": choice_id, "title": title}})
    else:
        message.update(type="text", text={"body": text or ""})
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": phone_number_id},
             "contacts": [{"wa_id": sender}], "messages": [message]}
    return {"object": "whatsapp_business_account",
            "entry": [{"changes": [{"field": "messages", "value": value}]}]}


def choices_in(payload) -> list[tuple[str, str, str]]:
    """(kind, id, title) of each button or list row of an interactive message we sent (an
    outbox row's payload); [] for text, templates and odd shapes."""
    interactive = payload.get("interactive") if isinstance(payload, dict) else None
    action = interactive.get("action") if isinstance(interactive, dict) else None
    if not isinstance(action, dict):
        return []
    found = []
    for button in _dicts(action.get("buttons")):
        reply = button.get("reply")
        if isinstance(reply, dict):
            found.append(("button_reply", _string(reply.get("id")), _string(reply.get("title"))))
    for section in _dicts(action.get("sections")):
        for row in _dicts(section.get("rows")):
            found.append(("list_reply", _string(row.get("id")), _string(row.get("title"))))
    return [choice for choice in found if choice[1] and choice[2]]
