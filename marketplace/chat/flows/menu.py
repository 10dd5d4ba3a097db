"""The main menu, and talking to the office (the conversation handed to staff)."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.chat.flows.base import (
    Said,
    Turn,
    matches,
    menu_option,
    office_option,
    step,
    with_options,
)
from marketplace.chat.flows.find import find_by_words
from marketplace.chat.flows.work import waiting_requests
from marketplace.chat.render import Option, Reply
from marketplace.core.db import utcnow

#: free words that choose a menu entry, in either script
MINE_WORDS = ("order", "orders", "booking", "bookings", "ऑर्डर", "आर्डर", "बुकिंग")
OFFICE_WORDS = ("office", "staff", "help", "human", "ऑफिस", "दफ़्तर", "दफ्तर", "कार्यालय",
                "मदद", "sahayata")
FIND_WORDS = ("worker", "workers", "find", "karigar", "कारीगर", "मज़दूर चाहिए", "खोजें")


def ask_menu(turn: Turn) -> Reply:
    waiting = len(waiting_requests(turn))
    requests = [Option("menu:work", _("Booking requests (%(count)s)", count=waiting))
                ] if waiting else []
    return with_options(
        _("Swarozgar assistant. What would you like to do?"),
        *requests,
        Option("menu:find", _("Find a worker")),
        Option("menu:mine", _("My orders, bookings")),
        office_option(),
        footer=_("Reply with a number. Send “menu” to start again, “English” or “हिंदी” to "
                 "change the language."))


@step("menu", ask_menu)
def answer_menu(turn: Turn, said: Said) -> Reply | None:
    """A menu entry, or free words: a kind of work or a place, or both, starts the search
    with them (flows.find.find_by_words)."""
    chosen = said.choice or ""
    if chosen == "menu:find":
        return turn.go("find.category", places=[])
    if not chosen and matches(said, FIND_WORDS):
        return find_by_words(turn, said) or turn.go("find.category", places=[])
    if chosen == "menu:mine" or (not chosen and matches(said, MINE_WORDS)):
        return turn.go("mine")
    if chosen == "menu:work":
        return turn.go("work")
    if chosen == "menu:office" or (not chosen and matches(said, OFFICE_WORDS)):
        return hand_to_office(turn)
    return find_by_words(turn, said) if not chosen else None


def hand_to_office(turn: Turn) -> Reply:
    """Mark the conversation as waiting for staff (once) and say so."""
    if turn.conversation.handed_to_staff_at is None:
        turn.conversation.handed_to_staff_at = utcnow()
    return turn.go("office")


def ask_office(turn: Turn) -> Reply:
    return with_options(
        _("The office has your conversation. Write what you need here; someone from the "
          "office will answer in this chat."), menu_option())


@step("office", ask_office)
def answer_office(turn: Turn, said: Said) -> Reply:
    """While staff have the conversation, each message is acknowledged (never silence)."""
    if said.choice == "menu:menu":
        return turn.go("menu")
    return with_options(_("Thank you, the office will read this and answer you here."),
                        menu_option())
