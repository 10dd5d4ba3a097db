"""The conversation engine: one reply to each recorded message, from where the sender's
conversation stands (chat.models.Conversation) and the step it awaits (chat/flows).

Every step accepts the number of an option, the id of a button or list row, or free words in
either script; "menu"/"मेनू" starts again and "English"/"हिंदी" switch the language at any
step; an answer not understood gets a short hint and the question again. Options are known
by the ids last shown, so a reply to a menu that has expired (CONVERSATION_TTL) or was
replaced is told so instead of being taken for something else.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.accounts.models import User
from marketplace.chat.cloud_api import Inbound
from marketplace.chat.flows import STEPS, Said, Turn
from marketplace.chat.models import CONVERSATION_TTL, Conversation, InboundMessage
from marketplace.chat.render import Reply, interactive_payload, numbered_text, prefixed
from marketplace.core.db import today_in_india, utcnow
from marketplace.core.locks import inserted
from marketplace.core.text import search_key, whole_number
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, Via
from marketplace.notify.services import queue_message

#: words that switch the language, folded (search_key) as typed in either script
LANGUAGE_WORDS = {search_key(word): language for word, language in (
    ("English", "en"), ("angrezi", "en"), ("अंग्रेज़ी", "en"), ("इंग्लिश", "en"),
    ("Hindi", "hi"), ("हिंदी", "hi"), ("हिन्दी", "hi"))}
#: words that start again from the menu
MENU_WORDS = {search_key(word) for word in ("menu", "मेनू", "मेन्यू", "main menu", "start",
                                            "restart", "hi", "hello", "नमस्ते")}


#: how a message finds its conversation
NEW, EXPIRED, GOING_ON = "new", "expired", "going_on"


def _conversation_of(message: InboundMessage, account: User | None) -> tuple[Conversation,
                                                                              str]:
    """The sender's conversation, held for this transaction, and whether it is NEW, EXPIRED
    (silent past CONVERSATION_TTL: back to the menu, choices forgotten) or GOING_ON."""
    where = (Conversation.sub_division_id == message.sub_division_id,
             Conversation.phone == message.from_phone)
    conversation = db.session.scalar(sa.select(Conversation).where(*where).with_for_update())
    if conversation is None:
        language = account.preferred_language if account is not None else message.language
        conversation = Conversation(
            sub_division_id=message.sub_division_id, phone=message.from_phone,
            language=language if language in ("hi", "en") else "hi", step="menu", data={},
            last_message_at=utcnow())
        if inserted(conversation):
            return conversation, NEW
        # another message of the sender started it meanwhile
        conversation = db.session.scalar(sa.select(Conversation).where(*where).with_for_update())
    if conversation.last_message_at + CONVERSATION_TTL < utcnow():
        conversation.step, conversation.data = "menu", {}
        return conversation, EXPIRED
    return conversation, GOING_ON


def answer(message: InboundMessage, inbound: Inbound, *, account: User | None,
           held_aadhaar: bool) -> OutboxMessage:
    """Queue the reply to a newly recorded message and move its conversation on (flushes;
    the reply is sent after the commit). Domain rules are the services' own (search,
    reveal, booking, cancel); their refusals become the reply."""
    conversation, state = _conversation_of(message, account)
    switched = LANGUAGE_WORDS.get(search_key(message.text))
    if switched:
        conversation.language = switched
    turn = Turn(conversation=conversation, account=account, today=today_in_india())
    with force_locale(conversation.language):
        reply = _respond(turn, message, inbound, state=state, held_aadhaar=held_aadhaar,
                         switched=bool(switched))
    return _queue(message, conversation, reply)


def _queue(message: InboundMessage, conversation: Conversation, reply: Reply) -> OutboxMessage:
    """Queue `reply` in both renderings; remember which options it showed."""
    body, payload = numbered_text(reply), interactive_payload(reply)
    conversation.data = {**(conversation.data or {}),
                         "shown": [option.id for option in reply.options]}
    conversation.last_message_at = utcnow()
    message.language = conversation.language
    return queue_message(message.from_phone, "chat_reply", language=conversation.language,
                         sub_division_id=message.sub_division_id, via=Via.WHATSAPP,
                         body=body, payload=payload)


def answer_with_apology(message: InboundMessage, *, account: User | None) -> OutboxMessage:
    """The menu again, with an apology (after a flow failed; its writes were undone)."""
    conversation, _state = _conversation_of(message, account)
    turn = Turn(conversation=conversation, account=account, today=today_in_india())
    with force_locale(conversation.language):
        reply = prefixed(_("Sorry, something went wrong on our side. Please start again."),
                          turn.go("menu"))
    return _queue(message, conversation, reply)


def _respond(turn: Turn, message: InboundMessage, inbound: Inbound, *, state: str,
             held_aadhaar: bool, switched: bool) -> Reply:
    step = STEPS.get(turn.conversation.step) or STEPS["menu"]
    if held_aadhaar:
        return prefixed(_("Your message seemed to hold an Aadhaar number. We never keep "
                           "Aadhaar numbers, so it was not stored; please do not send it."),
                         turn.go("menu"))
    if switched:
        return step.ask(turn)
    if search_key(message.text) in MENU_WORDS:
        return turn.go("menu")
    shown = turn.data.get("shown") or []
    number = whole_number(message.text, most_digits=3)
    choice = None
    if inbound.choice_id or (number is not None and state == EXPIRED):
        if state != GOING_ON or inbound.choice_id not in shown:
            return _expired(turn)
        choice = inbound.choice_id
    elif number is not None and state == GOING_ON:
        if not 1 <= number <= len(shown):
            return _hint(turn, step)
        choice = shown[number - 1]
    said = Said(text=None if choice else message.text, choice=choice,
                location=inbound.location)
    if choice == "menu:menu":
        return turn.go("menu")
    if choice and choice.startswith("menu:"):
        step = STEPS["menu"]
    reply = step.answer(turn, said)
    if reply is not None:
        return reply
    return STEPS["menu"].ask(turn) if state != GOING_ON else _hint(turn, step)


def _hint(turn: Turn, step) -> Reply:
    return prefixed(_("Sorry, I did not understand. Choose from the list, reply with its "
                       "number, or send “menu” to start again."), step.ask(turn))


def _expired(turn: Turn) -> Reply:
    return prefixed(_("That menu has expired (menus last 30 minutes). Here is the main menu "
                       "again."), turn.go("menu"))
