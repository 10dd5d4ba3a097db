"""The words of each kind of message, rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from babel.dates import format_date
from flask_babel import force_locale, gettext


def message_day(day: date, language: str) -> str:
    """A day as every message writes it, in words of the recipient's language: '6 December
    2026', '6 दिसंबर 2026' (figures alone are read either way round)."""
    return format_date(day, "d MMMM y", locale=language)


def _in_words(value, language: str):
    """A date parameter becomes its words here, so that no caller writes a day its own way."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return message_day(value, language)
    return value


TEXTS: dict[str, Callable[..., str]] = {
    "sign_up_code": lambda code: gettext(
        "Swarozgar: your code to finish signing up is %(code)s. It expires in 10 minutes. "
        "Do not share it with anyone.",
        code=code,
    ),
    "sign_up_existing": lambda: gettext(
        "Swarozgar: someone tried to sign up with this number, which already has an account. "
        "If it was you, sign in or reset your password."
    ),
    "sign_in_code": lambda code: gettext(
        "Swarozgar: your sign-in code is %(code)s. It expires in 10 minutes. "
        "Do not share it with anyone.",
        code=code,
    ),
    "password_reset_code": lambda code: gettext(
        "Swarozgar: your code to reset your password is %(code)s. It expires in 10 minutes. "
        "If you did not ask for it, ignore this message.",
        code=code,
    ),
    "password_changed": lambda: gettext(
        "Swarozgar: the password of your account was changed and other devices were signed "
        "out. If this was not you, reset your password now."
    ),
    "staff_account_created": lambda role: gettext(
        "Swarozgar: an account (%(role)s) was made for you. Sign in with this number and the "
        "password you were given, then change it.",
        role=role,
    ),
    "worker_approved": lambda: gettext(
        "Swarozgar: your worker profile is approved and residents can now find you."
    ),
    "worker_rejected": lambda reason: gettext(
        "Swarozgar: your worker profile was not approved. Reason: %(reason)s. "
        "You can correct it and send it again.",
        reason=reason,
    ),
    "booking_requested": lambda name, date, slot, village, work, link: gettext(
        "Swarozgar: %(name)s wants you for work on %(date)s, %(slot)s, in %(village)s: "
        "%(work)s. Accept or decline: %(link)s",
        name=name, date=date, slot=slot, village=village, work=work, link=link,
    ),
    "booking_received": lambda worker, date, slot: gettext(
        "Swarozgar: your request for %(worker)s on %(date)s, %(slot)s is sent. We will tell "
        "you when the worker answers.",
        worker=worker, date=date, slot=slot,
    ),
    "booking_accepted": lambda worker, date, slot, phone: gettext(
        "Swarozgar: %(worker)s accepted your booking for %(date)s, %(slot)s. Phone: %(phone)s",
        worker=worker, date=date, slot=slot, phone=phone,
    ),
    "booking_declined": lambda worker, date, reason: gettext(
        "Swarozgar: %(worker)s cannot come on %(date)s (%(reason)s). Please book another "
        "worker.",
        worker=worker, date=date, reason=reason,
    ),
    "booking_cancelled": lambda date, reason: gettext(
        "Swarozgar: the booking for %(date)s was cancelled. Reason: %(reason)s",
        date=date, reason=reason,
    ),
    "booking_completed": lambda worker, amount: gettext(
        "Swarozgar: %(worker)s marked the work done. Amount: %(amount)s. Please pay and rate "
        "the work on Swarozgar.",
        worker=worker, amount=amount,
    ),
    "booking_amount_proposed": lambda worker, amount, quote: gettext(
        "Swarozgar: %(worker)s marked the work done and asks %(amount)s instead of the quoted "
        "%(quote)s. Confirm or refuse the new amount on Swarozgar before paying.",
        worker=worker, amount=amount, quote=quote,
    ),
    "booking_amount_confirmed": lambda amount, quote, date: gettext(
        "Swarozgar: the resident agreed to pay %(amount)s for the work of %(date)s.",
        amount=amount, date=date,
    ),
    "booking_amount_refused": lambda amount, quote, date: gettext(
        "Swarozgar: the resident did not agree to %(amount)s for the work of %(date)s; the "
        "quoted %(quote)s is payable.",
        amount=amount, quote=quote, date=date,
    ),
    "payment_refunded": lambda what, amount: gettext(
        "Swarozgar: %(amount)s you paid online for %(what)s is being refunded to you. Banks "
        "take 5 to 7 working days.",
        what=what, amount=amount,
    ),
    "staff_payment_refunded": lambda what, amount: gettext(
        "Swarozgar office: %(amount)s paid online for %(what)s was refunded. Check it in the "
        "panel; an order not yet delivered is on hold.",
        what=what, amount=amount,
    ),
    "staff_payment_disputed": lambda what, amount: gettext(
        "Swarozgar office: the payer disputed %(amount)s for %(what)s with their bank. Answer "
        "in Stripe; an order not yet delivered is on hold.",
        what=what, amount=amount,
    ),
    "staff_payment_dispute_lost": lambda what, amount: gettext(
        "Swarozgar office: the dispute of %(amount)s for %(what)s was lost; the money went "
        "back to the payer.",
        what=what, amount=amount,
    ),
    "worker_consent_code": lambda operator, work, code: gettext(
        "Swarozgar: %(operator)s is registering you as a worker (%(work)s). Your name, photo, "
        "work and village will be shown to residents; your number only to signed-in people. "
        "If you agree, tell them this code: %(code)s",
        operator=operator, work=work, code=code,
    ),
    "camp_cancelled": lambda drive, day, place, reason: gettext(
        "Swarozgar: the registration camp of %(drive)s on %(day)s at %(place)s is cancelled. "
        "Reason: %(reason)s",
        drive=drive, day=day, place=place, reason=reason,
    ),
    "camp_moved": lambda drive, day, place, reason: gettext(
        "Swarozgar: the registration camp of %(drive)s has moved. It is now on %(day)s at "
        "%(place)s. Reason: %(reason)s",
        drive=drive, day=day, place=place, reason=reason,
    ),
    "worker_consent_link": lambda work, link: gettext(
        "Swarozgar: the SDM office has a list with your name as a worker (%(work)s). To be "
        "shown to residents who need this work, read the notice and agree here: %(link)s",
        work=work, link=link,
    ),
    "shg_member_invited": lambda group, link: gettext(
        "Swarozgar: the self-help group %(group)s wants to add you as a member. To join, open "
        "this link and agree: %(link)s If you do not know the group, ignore this message.",
        group=group, link=link,
    ),
    "shg_member_added": lambda group: gettext(
        "Swarozgar: you are now a member of the self-help group %(group)s. Sign in with this "
        "number (use 'Forgot password' the first time) to add products and see orders.",
        group=group,
    ),
    "shg_approved": lambda group: gettext(
        "Swarozgar: your self-help group %(group)s is approved. You can now add products.",
        group=group,
    ),
    "shg_rejected": lambda group, reason: gettext(
        "Swarozgar: your self-help group %(group)s was not approved. Reason: %(reason)s",
        group=group, reason=reason,
    ),
    "product_approved": lambda product: gettext(
        "Swarozgar: your product %(product)s is approved and now in the catalogue.",
        product=product,
    ),
    "product_rejected": lambda product, reason: gettext(
        "Swarozgar: your product %(product)s was not approved. Reason: %(reason)s",
        product=product, reason=reason,
    ),
    "review_report_hidden": lambda: gettext(
        "Swarozgar: the review you reported is now hidden and no longer counts in your "
        "rating."
    ),
    "review_report_kept": lambda reason: gettext(
        "Swarozgar: the SDM office looked at the review you reported and kept it. Reason: "
        "%(reason)s",
        reason=reason,
    ),
    "order_placed": lambda number, total, date, reason: gettext(
        "Swarozgar: order %(number)s is placed, %(total)s, delivery on %(date)s. We will tell "
        "you when it is confirmed.",
        number=number, total=total, date=date,
    ),
    "order_confirmed": lambda number, total, date, reason: gettext(
        "Swarozgar: order %(number)s is confirmed. The self-help groups are packing it for "
        "delivery on %(date)s.",
        number=number, date=date,
    ),
    "order_out_for_delivery": lambda number, total, date, reason: gettext(
        "Swarozgar: order %(number)s is on its way to you today. Amount: %(total)s.",
        number=number, total=total,
    ),
    "order_delivered": lambda number, total, date, reason: gettext(
        "Swarozgar: order %(number)s is delivered. Thank you for buying from the self-help "
        "groups.",
        number=number,
    ),
    "order_delivery_failed": lambda number, total, date, reason: gettext(
        "Swarozgar: we could not deliver order %(number)s. Reason: %(reason)s. The SDM "
        "office will call you about a new time.",
        number=number, reason=reason,
    ),
    # `refunded` only when money paid online is kept and goes back (never for cash)
    "order_cancelled": lambda number, total, date, reason, refunded=False: gettext(
        "Swarozgar: order %(number)s is cancelled. Reason: %(reason)s. The money you paid "
        "online will be refunded to you.",
        number=number, reason=reason,
    ) if refunded else gettext(
        "Swarozgar: order %(number)s is cancelled. Reason: %(reason)s.",
        number=number, reason=reason,
    ),
    "order_rescheduled": lambda number, total, date, reason: gettext(
        "Swarozgar: order %(number)s will be brought again on %(date)s. Amount: %(total)s.",
        number=number, date=date, total=total,
    ),
    "order_to_pack": lambda number, group, date: gettext(
        "Swarozgar: %(group)s has order %(number)s to pack for delivery on %(date)s. See it "
        "under 'Orders to pack'.",
        number=number, group=group, date=date,
    ),
}


#: what stands for a one-time code in a stored body (the `code` parameter of a text)
CODE_MASK = "••••••"


def render_text(kind: str, language: str, **params) -> str:
    """The message text of `kind` in `language` ('hi' or 'en')."""
    with force_locale(language):
        return TEXTS[kind](**{name: _in_words(value, language)
                              for name, value in params.items()})


def fill_secret(body: str, secret: str | None) -> str:
    """The text to send: the stored body with its masked code put back.

    The code is the last parameter of every text that has one, so the last mask is it (a
    name typed before it cannot take its place).
    """
    if not secret:
        return body
    before, mask, after = body.rpartition(CODE_MASK)
    return f"{before}{secret}{after}" if mask else body
