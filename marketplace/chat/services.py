"""Record each inbound WhatsApp message once, with its reply queued in the same transaction."""

from __future__ import annotations

import enum
import logging
import re

from marketplace.accounts.queries import get_user_by_phone
from marketplace.chat.cloud_api import Inbound, read_messages
from marketplace.chat.conversation import answer, answer_with_apology
from marketplace.chat.models import TEXT_LIMIT, WAMID_LIMIT, InboundMessage
from marketplace.chat.outbound import apply_statuses
from marketplace.chat.queries import get_sub_division_for_number
from marketplace.core.errors import DATABASE_UNAVAILABLE
from marketplace.core.identity import looks_like_aadhaar, mask_aadhaar
from marketplace.core.locks import inserted
from marketplace.core.phone import mask_phone, try_normalize_phone
from marketplace.core.text import without_refused_characters
from marketplace.extensions import db

log = logging.getLogger(__name__)

_DEVANAGARI_LETTER = re.compile(r"[\u0900-\u0963\u0971-\u097f]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


class Outcome(enum.StrEnum):
    """What became of one message of a delivery (for the log and tests)."""

    RECORDED = "recorded"
    #: its id was recorded before: a redelivery, answered already
    DUPLICATE = "duplicate"
    #: sent to a number no sub-division has, on a site with several
    UNKNOWN_NUMBER = "unknown_number"
    #: not from an Indian mobile number
    FOREIGN_SENDER = "foreign_sender"
    #: an id longer than any WhatsApp gives
    BAD_ID = "bad_id"


def clean_text(text: str | None) -> tuple[str | None, bool]:
    """(the text to keep, whether it held an Aadhaar number): control, format and private-use
    characters left out (newlines kept, as LF), Aadhaar-like numbers masked, and at most
    TEXT_LIMIT characters; None when nothing is left."""
    if not text:
        return None, False
    kept = without_refused_characters(text.replace("\r\n", "\n").replace("\r", "\n"),
                                      multiline=True).strip()
    held_aadhaar = looks_like_aadhaar(kept)
    # Masked before and after the cut: a cut inside a longer run of digits could leave twelve.
    kept = mask_aadhaar(mask_aadhaar(kept)[:TEXT_LIMIT])
    return kept or None, held_aadhaar


def guess_language(text: str | None, account_language: str | None = None) -> str:
    """Hindi for Devanagari, English for Latin letters; a message without letters (a digit, a
    photo) is answered in the account's language, or in Hindi, the site's own."""
    if text and _DEVANAGARI_LETTER.search(text):
        return "hi"
    if text and _LATIN_LETTER.search(text):
        return "en"
    return account_language if account_language in ("hi", "en") else "hi"


def _sender_phone(sender: str) -> str | None:
    return try_normalize_phone("+" + sender if sender.isascii() and sender.isdigit() else sender)


def receive_message(inbound: Inbound) -> Outcome:
    """Record one message and queue its reply, once per WhatsApp id (flushes; the caller
    commits). A second delivery of the id, sequential or at the same moment in another
    transaction, finds the id taken (unique) and writes nothing."""
    if len(inbound.wamid) > WAMID_LIMIT:
        log.warning("whatsapp message with an overlong id ignored")
        return Outcome.BAD_ID
    phone = _sender_phone(inbound.sender)
    if phone is None:
        log.info("whatsapp message %s from a number that is not an Indian mobile ignored",
                 inbound.wamid)
        return Outcome.FOREIGN_SENDER
    sub_division = get_sub_division_for_number(inbound.phone_number_id)
    if sub_division is None:
        log.warning("whatsapp message %s from %s to number %r, which no sub-division has: "
                    "ignored (set the number in the panel's sub-division settings)",
                    inbound.wamid, mask_phone(phone), inbound.phone_number_id[:32])
        return Outcome.UNKNOWN_NUMBER
    text, held_aadhaar = clean_text(inbound.text)
    account = get_user_by_phone(phone)
    message = InboundMessage(
        sub_division_id=sub_division.id, wamid=inbound.wamid, from_phone=phone,
        phone_number_id=inbound.phone_number_id[:32], message_type=inbound.message_type[:24],
        text=text, sent_at=inbound.sent_at,
        language=guess_language(text, account.preferred_language if account else None))
    if not inserted(message):
        return Outcome.DUPLICATE
    message.reply_id = _answer(message, inbound, account, held_aadhaar=held_aadhaar).id
    db.session.flush()
    return Outcome.RECORDED


def _answer(message: InboundMessage, inbound: Inbound, account, *, held_aadhaar: bool):
    """The conversation's reply; should a flow fail unexpectedly (a bug, not the database),
    its writes are undone, the error logged, and the resident gets the menu with an apology
    rather than silence and a delivery Meta would retry for days."""
    try:
        with db.session.begin_nested():
            return answer(message, inbound, account=account, held_aadhaar=held_aadhaar)
    except DATABASE_UNAVAILABLE:
        raise
    except Exception:  # noqa: BLE001 - logged in full; the resident is answered below
        log.exception("whatsapp message %s: the conversation failed; apologised with the menu",
                      message.wamid)
    return answer_with_apology(message, account=account)


def receive_delivery(payload) -> list[Outcome]:
    """Record and answer every message of a delivery whose signature was checked (flushes;
    the caller commits once), and apply its status reports to the outbox; odd shapes are
    passed over; never raises on what the delivery holds. Enqueues one reply per newly
    recorded message."""
    apply_statuses(payload)  # what became of the replies sent: delivered, read, failed
    return [receive_message(inbound) for inbound in read_messages(payload)]
