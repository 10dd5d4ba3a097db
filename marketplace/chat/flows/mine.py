"""My orders and bookings: the sender's own (by their account or as the contact phone of an
order or booking; nobody else's), each with its status; an order not yet packed may be
cancelled under the site's own rules (orders.services)."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from marketplace.bookings.labels import SLOT_LABELS
from marketplace.bookings.labels import STATUS_LABELS as BOOKING_STATUS
from marketplace.bookings.queries import get_booking, list_bookings_of_phone
from marketplace.chat.flows.base import (
    Said,
    Turn,
    attempt,
    menu_option,
    office_option,
    step,
    with_options,
)
from marketplace.chat.render import Option, Reply
from marketplace.core.money import format_rupees
from marketplace.extensions import db
from marketplace.orders.labels import STATUS_LABELS as ORDER_STATUS
from marketplace.orders.queries import get_order, list_orders_of_phone
from marketplace.orders.repeat import may_repeat
from marketplace.orders.services import buyer_may_cancel, cancel_order, is_buyer

#: how many of each the list shows (with the menu row, within a list's ten)
RECENT = 4


def ask_mine(turn: Turn) -> Reply:
    user_id = turn.account.id if turn.account is not None else None
    orders = db.session.scalars(list_orders_of_phone(
        turn.sub_division_id, turn.phone, user_id).limit(RECENT)).all()
    bookings = db.session.scalars(list_bookings_of_phone(
        turn.sub_division_id, turn.phone, user_id).limit(RECENT)).unique().all()
    turn.remember(orders=[order.id for order in orders],
                  bookings=[booking.id for booking in bookings])
    if not orders and not bookings:
        return with_options(_("There are no orders or bookings with this WhatsApp number."),
                            Option("menu:find", _("Find a worker")), office_option(),
                            menu_option())
    options = [Option(f"ord:{order.id}", order.number, " · ".join((
        str(ORDER_STATUS[order.status]), format_rupees(order.total_paise),
        format_date(order.delivery_date, "d MMM")))) for order in orders]
    options += [Option(f"bkg:{booking.id}", booking.worker.display_name, " · ".join((
        str(BOOKING_STATUS[booking.status]), format_date(booking.work_date, "d MMM"),
        str(SLOT_LABELS[booking.slot])))) for booking in bookings]
    return with_options(_("Your recent orders and bookings. Choose one to see more."),
                        *options, menu_option())


@step("mine", ask_mine)
def answer_mine(turn: Turn, said: Said) -> Reply | None:
    chosen = said.choice or ""
    if chosen.startswith("ord:") and int(chosen[4:]) in turn.data.get("orders", []):
        return turn.go("mine.order", order_id=int(chosen[4:]))
    if chosen.startswith("bkg:") and int(chosen[4:]) in turn.data.get("bookings", []):
        return turn.go("mine.booking", booking_id=int(chosen[4:]))
    if said.text and any(ch.isdigit() for ch in said.text):
        # An order number typed: any of the sender's own (not only the latest listed), and
        # nothing tells whether anyone else's exists.
        typed = said.key
        user_id = turn.account.id if turn.account is not None else None
        for order in db.session.scalars(list_orders_of_phone(
                turn.sub_division_id, turn.phone, user_id)):
            if typed == _key(order.number):
                turn.remember(orders=[*turn.data.get("orders", []), order.id])
                return turn.go("mine.order", order_id=order.id)
        return with_options(_("That is not one of the orders of this WhatsApp number. Only "
                              "the person who placed an order can see it here."),
                            Option("menu:mine", _("My orders, bookings")), menu_option())
    return None


def _key(number: str) -> str:
    return Said(text=number).key


def own_order(turn: Turn):
    order_id = turn.data.get("order_id")
    if order_id not in turn.data.get("orders", []):
        return None
    return get_order(order_id)


def _may_cancel(turn: Turn, order) -> bool:
    return (turn.account is not None and is_buyer(order, turn.account)
            and buyer_may_cancel(order))


def ask_order(turn: Turn) -> Reply:
    order = own_order(turn)
    if order is None:
        return turn.go("mine")
    text = _("Order %(number)s: %(status)s. %(total)s, delivery on %(day)s.",
             number=order.number, status=ORDER_STATUS[order.status],
             total=format_rupees(order.total_paise),
             day=format_date(order.delivery_date, "EEE d MMM"))
    options = [Option("order:cancel", _("Cancel order"))] if _may_cancel(turn, order) else []
    if turn.account is not None and may_repeat(order, turn.account):
        options.append(Option("order:repeat", _("Order again")))
    return with_options(text, *options, Option("menu:mine", _("My orders, bookings")),
                        menu_option())


@step("mine.order", ask_order)
def answer_order(turn: Turn, said: Said) -> Reply | None:
    if said.choice == "order:cancel":
        return turn.go("mine.cancel")
    if said.choice == "order:repeat":
        return turn.go("mine.repeat")
    return None


def ask_cancel(turn: Turn) -> Reply:
    order = own_order(turn)
    if order is None:
        return turn.go("mine")
    return with_options(_("Cancel order %(number)s?", number=order.number),
                        Option("cancel:yes", _("Yes, cancel it")),
                        Option("cancel:no", _("No, keep it")))


@step("mine.cancel", ask_cancel)
def answer_cancel(turn: Turn, said: Said) -> Reply | None:
    if said.choice == "cancel:no":
        return turn.go("mine.order")
    if said.choice != "cancel:yes":
        return None
    order = own_order(turn)
    if order is None or turn.account is None or not is_buyer(order, turn.account):
        return with_options(_("Only the account that placed this order can cancel it. "
                              "Please call the office."), office_option(), menu_option())
    _done, error = attempt(lambda: cancel_order(order, actor=turn.account))
    if error is not None:
        return with_options(error.message, office_option(), menu_option())
    turn.conversation.step = "menu"
    return with_options(_("Order %(number)s is cancelled.", number=order.number),
                        Option("menu:mine", _("My orders, bookings")), menu_option())


def ask_booking(turn: Turn) -> Reply:
    booking_id = turn.data.get("booking_id")
    booking = get_booking(booking_id) if booking_id in turn.data.get("bookings", []) else None
    if booking is None:
        return turn.go("mine")
    return with_options(
        _("Booking %(number)s with %(name)s: %(status)s. %(day)s, %(slot)s.",
          number=booking.id, name=booking.worker.display_name,
          status=BOOKING_STATUS[booking.status],
          day=format_date(booking.work_date, "EEE d MMM"), slot=SLOT_LABELS[booking.slot]),
        Option("menu:mine", _("My orders, bookings")), menu_option())


@step("mine.booking", ask_booking)
def answer_booking(turn: Turn, said: Said) -> Reply | None:
    return None
