"""A worker answers booking requests by replying to the assistant: the requests waiting for
them, each accepted or declined through the site's own answer (bookings.services), which
tells the resident through the outbox."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from marketplace.bookings.labels import SLOT_LABELS
from marketplace.bookings.models import Booking, BookingStatus
from marketplace.bookings.queries import get_booking, list_bookings_of_worker
from marketplace.bookings.services import answer_booking, phone_to_call
from marketplace.chat.flows.base import Said, Turn, attempt, menu_option, step, with_options
from marketplace.chat.render import MAX_ROWS, Option, Reply
from marketplace.core.i18n import localized
from marketplace.extensions import db
from marketplace.workers.queries import get_worker_of_user


def waiting_requests(turn: Turn) -> list[Booking]:
    """The sender's booking requests awaiting their answer, when the sender is a worker of
    this sub-division (else none)."""
    if turn.account is None:
        return []
    worker = get_worker_of_user(turn.account.id)
    if worker is None or worker.sub_division_id != turn.sub_division_id:
        return []
    live = db.session.scalars(list_bookings_of_worker(worker.id, live=True)).unique()
    return [booking for booking in live if booking.status is BookingStatus.REQUESTED]


def _line(booking: Booking, language: str) -> str:
    return " · ".join((format_date(booking.work_date, "EEE d MMM"),
                       str(SLOT_LABELS[booking.slot]), localized(booking.village, "name",
                                                                 language)))


def ask_requests(turn: Turn) -> Reply:
    requests = waiting_requests(turn)[:MAX_ROWS - 1]
    turn.remember(requests=[booking.id for booking in requests])
    if not requests:
        return with_options(_("No booking requests are waiting for your answer."),
                            menu_option())
    return with_options(_("Booking requests waiting for your answer. Choose one."),
                        *[Option(f"req:{b.id}", b.contact_name, _line(b, turn.language))
                          for b in requests], menu_option())


@step("work", ask_requests)
def answer_requests(turn: Turn, said: Said) -> Reply | None:
    chosen = said.choice or ""
    if chosen.startswith("req:") and int(chosen[4:]) in turn.data.get("requests", []):
        return turn.go("work.request", request_id=int(chosen[4:]))
    return None


def _request(turn: Turn) -> Booking | None:
    booking_id = turn.data.get("request_id")
    if booking_id not in turn.data.get("requests", []):
        return None
    return get_booking(booking_id)


def ask_request(turn: Turn) -> Reply:
    booking = _request(turn)
    if booking is None:
        return turn.go("work")
    return with_options(
        _("%(name)s asks you for %(day)s. Work: %(work)s", name=booking.contact_name,
          day=_line(booking, turn.language), work=booking.description),
        Option("answer:accept", _("Accept")), Option("answer:decline", _("Decline")),
        Option("menu:work", _("Other requests")))


@step("work.request", ask_request)
def answer_request(turn: Turn, said: Said) -> Reply | None:
    if said.choice not in ("answer:accept", "answer:decline"):
        return None
    booking = _request(turn)
    if booking is None:
        return turn.go("work")
    accept = said.choice == "answer:accept"
    _done, error = attempt(lambda: answer_booking(booking, accept=accept, actor=turn.account))
    if error is not None:
        return with_options(error.message, Option("menu:work", _("Other requests")),
                            menu_option())
    turn.conversation.step = "menu"
    text = (_("Accepted. %(name)s is told; call them on %(phone)s.", name=booking.contact_name,
              phone=phone_to_call(booking, turn.account)) if accept
            else _("Declined. %(name)s is told.", name=booking.contact_name))
    return with_options(text, Option("menu:work", _("Other requests")), menu_option())
