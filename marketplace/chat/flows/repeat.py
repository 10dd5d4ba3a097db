"""Order again: a delivered order of the sender's own, shown with today's prices, what is in
stock and the next delivery slot with room; on a yes, a new cash-on-delivery order through
the checkout core (orders.repeat)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from marketplace.chat.flows.base import Said, Turn, attempt, menu_option, step, with_options
from marketplace.chat.flows.mine import own_order
from marketplace.chat.render import Option, Reply
from marketplace.core.db import utcnow
from marketplace.core.i18n import localized
from marketplace.core.money import format_rupees
from marketplace.orders.checkout import DuplicateCheckout, find_checkout
from marketplace.orders.repeat import RepeatOffer, offer_repeat, repeat_order


def _offer_text(turn: Turn, offer: RepeatOffer) -> str:
    lines = [f"{line.quantity} × {localized(line, 'name', turn.language)} – "
             f"{format_rupees(line.price_paise)}" for line in offer.lines]
    if offer.left_out:
        lines.append(_("Not available now: %(names)s", names=", ".join(offer.left_out)))
    slot = offer.choice.slot
    lines.append(_("Total %(total)s (cash on delivery), delivery %(day)s %(from)s–%(to)s.",
                   total=format_rupees(offer.quote.total_paise),
                   day=format_date(offer.choice.day, "EEE d MMM"),
                   **{"from": slot.starts_at.strftime("%H:%M"),
                      "to": slot.ends_at.strftime("%H:%M")}))
    return "\n".join(lines)


def ask_repeat(turn: Turn) -> Reply:
    order = own_order(turn)
    if order is None:
        return turn.go("mine")
    offer = offer_repeat(order, now=utcnow())
    if not offer.lines or offer.choice is None or not offer.quote.meets_minimum:
        turn.conversation.step = "mine.order"
        return with_options(_("This order cannot be repeated now: its products are not in "
                              "stock, the total is below the smallest order, or no delivery "
                              "slot has room."), Option("menu:mine", _("My orders, bookings")),
                            menu_option())
    turn.remember(repeat={"total": offer.quote.total_paise, "slot_id": offer.choice.slot.id,
                          "day": offer.choice.day.isoformat(),
                          "key": f"whatsapp-{order.id}-{utcnow().timestamp():.0f}"})
    return with_options(_("Order again %(number)s?", number=order.number) + "\n"
                        + _offer_text(turn, offer),
                        Option("repeat:yes", _("Yes, order")), Option("repeat:no", _("No")))


@step("mine.repeat", ask_repeat)
def answer_repeat(turn: Turn, said: Said) -> Reply | None:
    if said.choice == "repeat:no":
        return turn.go("mine.order")
    if said.choice != "repeat:yes":
        return None
    order, shown = own_order(turn), turn.data.get("repeat") or {}
    if order is None or not shown or turn.account is None:
        return turn.go("mine")
    try:
        placed, error = attempt(lambda: repeat_order(
            order, actor=turn.account, shown_total_paise=shown["total"],
            slot_id=shown["slot_id"], delivery_date=date.fromisoformat(shown["day"]),
            checkout_key=shown["key"], now=utcnow()))
    except DuplicateCheckout:
        placed, error = find_checkout(turn.account.id, shown["key"]), None
    if error is not None:
        return with_options(error.message, Option("menu:mine", _("My orders, bookings")),
                            menu_option())
    turn.conversation.step = "menu"
    return with_options(_("Order %(number)s is placed: %(total)s, cash on delivery.",
                          number=placed.number, total=format_rupees(placed.total_paise)),
                        Option("menu:mine", _("My orders, bookings")), menu_option())
