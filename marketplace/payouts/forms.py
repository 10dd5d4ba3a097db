"""Forms for payouts: the commission, a payout, and the period of a statement."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from marketplace.core.dates import parse_day
from marketplace.core.errors import InvalidInput
from marketplace.core.forms import DayField, Form, Identifier, RupeesField
from marketplace.core.text import ascii_digits
from marketplace.payouts.errors import PayoutError
from marketplace.payouts.queries import Period
from marketplace.payouts.services import MAX_COMMISSION_BP, NOTE_LIMIT, REFERENCE_LIMIT

#: the days a statement may cover
MAX_PERIOD_DAYS = 366

_PERCENT = re.compile(r"^(\d+)?(?:\.(\d{1,2}))?$")


def parse_period(args: Mapping[str, str], today: date) -> Period:
    """The period asked for in ?from=…&to=… (each defaults to this month's bounds).
    Raises InvalidInput: date_format, date_range, period_order, period_too_long."""
    month = Period.month_of(today)
    first = parse_day(args["from"]) if (args.get("from") or "").strip() else month.first
    last = parse_day(args["to"]) if (args.get("to") or "").strip() else month.last
    if first > last:
        raise InvalidInput(PayoutError.PERIOD_ORDER)
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidInput(PayoutError.PERIOD_TOO_LONG)
    return Period(first, last)


def parse_percent(text: str | None) -> int:
    """'2.5' → 250 basis points; 0 to 50 with at most two decimals, ASCII or Devanagari
    digits, an optional '%'. Raises InvalidInput('commission_format') or
    InvalidInput('commission_range')."""
    raw = ascii_digits((text or "").strip()).removesuffix("%").strip()
    found = _PERCENT.match(raw)
    if not raw or raw == "." or found is None:
        raise InvalidInput(PayoutError.COMMISSION_FORMAT)
    whole = (found[1] or "").lstrip("0") or "0"
    # "100" or "250" is a number, only too large (and so many digits never reach int())
    if len(whole) > 2:
        raise InvalidInput(PayoutError.COMMISSION_RANGE)
    basis_points = int(whole) * 100 + int(((found[2] or "") + "00")[:2])
    if basis_points > MAX_COMMISSION_BP:
        raise InvalidInput(PayoutError.COMMISSION_RANGE)
    return basis_points


class PercentField(StringField):
    """A percentage; after validation `.basis_points` holds it (2.5 % → 250)."""

    basis_points: int | None = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "maxlength": 6})
        super().__init__(*args, **kwargs)

    def pre_validate(self, form) -> None:
        try:
            self.basis_points = parse_percent(self.data)
        except InvalidInput as error:
            raise ValidationError(error.message) from error


class CommissionForm(Form):
    commission = PercentField(_l("Commission (percent of delivered sales)"))


class PayoutForm(Form):
    amount = RupeesField(_l("Amount paid (₹)"))
    paid_on = DayField(_l("Date paid"), validators=[InputRequired(message=_l("Choose a date."))])
    reference = StringField(_l("Reference (bank or UPI transaction id, or cash receipt no.)"),
                            validators=[Identifier(), Length(max=REFERENCE_LIMIT, message=_l(
                                "Write at most %(max)d characters.", max=REFERENCE_LIMIT))],
                            render_kw={"maxlength": REFERENCE_LIMIT, "autocomplete": "off"})
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(
        max=NOTE_LIMIT, message=_l("Write at most %(max)d characters.", max=NOTE_LIMIT))],
        render_kw={"rows": 2, "maxlength": NOTE_LIMIT})

    def validate_reference(self, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Write the bank or UPI transaction id, or the cash "
                                     "receipt number."))
