"""Staff answering the assistant's conversations: a reply in their own words within WhatsApp's
24-hour window, an approved template outside it, and closing a conversation handed to them.
Each is queued through the outbox and recorded in the audit log (never the words)."""

from __future__ import annotations

from datetime import datetime, timedelta

from marketplace.accounts.models import User
from marketplace.chat.errors import ChatError
from marketplace.chat.models import Conversation
from marketplace.chat.queries import last_message_at
from marketplace.chat.templates import TEMPLATES, VALUE_LIMIT
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.core.identity import looks_like_aadhaar
from marketplace.core.locks import lock
from marketplace.core.text import refused_character
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, Via
from marketplace.notify.services import queue_message

#: WhatsApp's customer service window: free text within this time of the person's last message
SERVICE_WINDOW = timedelta(hours=24)
#: WhatsApp's limit on a text message
REPLY_LIMIT = 4096


def is_window_open(conversation: Conversation, *, now: datetime | None = None) -> bool:
    """True while staff may write freely: within 24 hours of the resident's last message."""
    last = last_message_at(conversation.sub_division_id, conversation.phone)
    return last is not None and (now or utcnow()) - last < SERVICE_WINDOW


def _about(conversation: Conversation, actor: User) -> dict:
    """The audit event's who and what (the log's scan wants each event's name written out)."""
    return {"actor_id": actor.id, "subject_type": "chat_conversation",
            "subject_id": conversation.id, "sub_division_id": conversation.sub_division_id}


def reply_as_staff(conversation: Conversation, text: str, *, actor: User,
                   now: datetime | None = None) -> OutboxMessage:
    """Queue staff's own words to the resident (flushes). Raises InvalidInput(reply) for an
    empty or overlong text or one with control characters, Conflict(outside_window) past
    WhatsApp's 24 hours."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text or len(text) > REPLY_LIMIT or refused_character(text, multiline=True):
        raise InvalidInput(ChatError.REPLY)
    if not is_window_open(conversation, now=now):
        raise Conflict(ChatError.OUTSIDE_WINDOW)
    record_event("chat.staff_replied", **_about(conversation, actor))
    return queue_message(conversation.phone, "chat_staff_reply", language=conversation.language,
                         sub_division_id=conversation.sub_division_id, via=Via.WHATSAPP,
                         body=text)


def send_template(conversation: Conversation, name: str, values: list[str], *,
                  actor: User) -> OutboxMessage:
    """Queue an approved template in the conversation's language (flushes); allowed at any
    time. Raises InvalidInput: template (no such name), template_values (a blank left empty,
    over VALUE_LIMIT, with a line break or control character, which WhatsApp refuses, or an
    Aadhaar number)."""
    template = TEMPLATES.get(name)
    if template is None:
        raise InvalidInput(ChatError.TEMPLATE)
    values = [(value or "").strip() for value in values]
    if len(values) != len(template.blanks) or any(
            not value or len(value) > VALUE_LIMIT or refused_character(value) is not None
            or looks_like_aadhaar(value) for value in values):
        raise InvalidInput(ChatError.TEMPLATE_VALUES)
    language = conversation.language if conversation.language in template.texts else "hi"
    record_event("chat.template_sent", **_about(conversation, actor), data={"template": name})
    return queue_message(conversation.phone, "chat_staff_template", language=language,
                         sub_division_id=conversation.sub_division_id, via=Via.WHATSAPP,
                         body=template.text(language, values),
                         payload=template.payload(language, values))


def close_conversation(conversation: Conversation, *, actor: User) -> bool:
    """Give a conversation handed to staff back to the assistant: its next message gets the
    menu. Returns False (and records nothing) when it was not waiting for staff; flushes.
    The row is locked first: the resident's next message may be moving it at this moment."""
    lock(conversation)
    if conversation.handed_to_staff_at is None:
        return False
    conversation.handed_to_staff_at = None
    if conversation.step == "office":  # a resident who went back to the menu since is left
        conversation.step, conversation.data = "menu", {}  # where they are in it
    record_event("chat.conversation_closed", **_about(conversation, actor))
    db.session.flush()
    return True
