"""One worker chosen from a search: see the phone number (the site's logged reveal, within the
same per-account limits) or book a date and slot (the site's own booking request; the worker
is told through the outbox). Both need an account with the sender's number."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from marketplace.accounts.access import may_book
from marketplace.bookings.errors import BookingError
from marketplace.bookings.labels import SLOT_LABELS
from marketplace.bookings.models import Slot
from marketplace.bookings.services import BookingRequest, open_slots, request_booking
from marketplace.chat.flows.base import (
    Said,
    Turn,
    attempt,
    menu_option,
    office_option,
    step,
    with_options,
)
from marketplace.chat.flows.find import worker_lines
from marketplace.chat.render import Option, Reply
from marketplace.core.i18n import localized
from marketplace.core.ratelimit import spend
from marketplace.places import reference as places
from marketplace.workers.queries import get_worker, is_also_listed_in
from marketplace.workers.services import REVEAL_LIMITS, REVEAL_SCOPE, reveal_contact

#: the days offered for a booking: today and the six after
DAYS_OFFERED = 7


def _worker(turn: Turn):
    """The worker chosen: one of this sub-division's, or a neighbour's listed here too (the
    directory lists both, workers.queries.search_workers)."""
    worker = get_worker(turn.data.get("worker_id") or 0)
    if worker is None or (worker.sub_division_id != turn.sub_division_id
                          and not is_also_listed_in(worker.id, turn.sub_division_id)):
        return None
    return worker


def _needs_account(turn: Turn, *, booking: bool) -> Reply | None:
    """A refusal when the sender has no active account, or (for a booking) one the site
    does not let book (accounts.access.may_book); else None."""
    account = turn.account
    if account is not None and account.is_active_account:
        if not booking or may_book(account):
            return None
        return with_options(_("This account books workers for callers on the site (the "
                              "helpline page), not here."), menu_option())
    return with_options(_("To see a worker's number or to book, you need a Swarozgar "
                          "account with this WhatsApp number. Sign up on the Swarozgar "
                          "website, or ask the office to book for you."),
                        office_option(), menu_option())


def ask_worker(turn: Turn) -> Reply:
    worker = _worker(turn)
    if worker is None or not worker.is_listed:
        return turn.go("find.workers")
    [(_id, name, line)] = worker_lines(turn, [worker])
    return with_options(f"{name}\n{line}", Option("act:call", _("See phone number")),
                        *_book_option(turn, worker), Option("act:list", _("Back to list")))


def _book_option(turn: Turn, worker) -> list[Option]:
    """"Book", for a worker of this sub-division: a neighbour's is booked for a place in
    their own (bookings.services), which this conversation does not ask for."""
    if worker.sub_division_id != turn.sub_division_id:
        return []
    return [Option("act:book", _("Book"))]


@step("worker", ask_worker)
def answer_worker(turn: Turn, said: Said) -> Reply | None:
    if said.choice == "act:list":
        return turn.go("find.workers")
    if said.choice not in ("act:call", "act:book"):
        return None
    refused = _needs_account(turn, booking=said.choice == "act:book")
    if refused is not None:
        return refused
    if said.choice == "act:book":
        return turn.go("book.date")
    return _reveal(turn)


def _reveal(turn: Turn) -> Reply:
    worker = _worker(turn)
    if worker is None:
        return turn.go("find.workers")
    if not spend(REVEAL_LIMITS, REVEAL_SCOPE, f"reveal:{turn.account.id}"):
        return with_options(_("You have seen many numbers in a short time. Please try again "
                              "later, or ask the office."), office_option(), menu_option())
    _reveal, error = attempt(lambda: reveal_contact(worker, viewer=turn.account))
    if error is not None:
        return with_options(error.message, *_book_option(turn, worker), menu_option())
    return with_options(_("%(name)s: %(phone)s\nPlease say you found them on Swarozgar.",
                          name=worker.display_name, phone=worker.user.phone),
                        *_book_option(turn, worker), Option("act:list", _("Back to list")),
                        menu_option())


def _day_title(day: date, today: date) -> str:
    if day == today:
        return _("Today")
    if day == today + timedelta(days=1):
        return _("Tomorrow")
    return format_date(day, "EEE d MMM")


def _slot_question(day: date, today: date) -> str:
    """"Which time tomorrow?", not "Which time on Tomorrow?"."""
    if day == today:
        return _("Which time today?")
    if day == today + timedelta(days=1):
        return _("Which time tomorrow?")
    return _("Which time on %(day)s?", day=_day_title(day, today))


def ask_date(turn: Turn) -> Reply:
    days = [turn.today + timedelta(days=n) for n in range(DAYS_OFFERED)]
    return with_options(
        _("Which day?"),
        *[Option(f"day:{day.isoformat()}", _day_title(day, turn.today),
                 format_date(day, "EEEE d MMMM") if day - turn.today < timedelta(days=2)
                 else "") for day in days],
        menu_option())


@step("book.date", ask_date)
def answer_date(turn: Turn, said: Said) -> Reply | None:
    if not (said.choice and said.choice.startswith("day:")):
        return None
    day = date.fromisoformat(said.choice[4:])
    if not turn.today <= day < turn.today + timedelta(days=DAYS_OFFERED):
        return None
    return turn.go("book.slot", day=day.isoformat())


def ask_slot(turn: Turn) -> Reply:
    day = date.fromisoformat(turn.data["day"])
    slots = open_slots(day)
    if not slots:  # late in the evening: today's times are all over
        return with_options(str(BookingError.SLOT_OVER.message),
                            Option("act:book", _("Another day or time")), menu_option())
    return with_options(_slot_question(day, turn.today),
                        *[Option(f"slot:{slot.value}", str(SLOT_LABELS[slot])) for slot in slots])


@step("book.slot", ask_slot)
def answer_slot(turn: Turn, said: Said) -> Reply | None:
    if said.choice in ("act:book", "act:list"):  # after a refused request
        return answer_worker(turn, said)
    if not (said.choice and said.choice.startswith("slot:")):
        return None
    worker = _worker(turn)
    refused = _needs_account(turn, booking=True)
    if worker is None or refused is not None:
        return refused or turn.go("menu")
    request = BookingRequest(
        work_date=date.fromisoformat(turn.data["day"]), slot=Slot(said.choice[5:]),
        village_id=turn.data["village_id"], address=_address(turn),
        description=_("Booked on WhatsApp"))
    booking, error = attempt(
        lambda: request_booking(worker, request, actor=turn.account, today=turn.today))
    if error is not None:
        return with_options(error.message, Option("act:book", _("Another day or time")),
                            Option("act:list", _("Back to list")), menu_option())
    turn.conversation.step = "menu"
    return with_options(
        _("Booking sent to %(name)s for %(day)s, %(slot)s. We will tell you here when they "
          "answer. Booking number: %(number)s.", name=worker.display_name,
          day=_day_title(booking.work_date, turn.today), slot=SLOT_LABELS[booking.slot],
          number=booking.id), menu_option())


def _address(turn: Turn) -> str:
    """The sender's remembered address when it is in the chosen village; else the village's
    name (the worker calls for the house)."""
    account, village_id = turn.account, turn.data["village_id"]
    if account.last_village_id == village_id and account.last_address:
        return account.last_address
    village = next(row for row in places.villages(turn.sub_division_id)
                   if row.id == village_id)
    return localized(village, "name", turn.language)
