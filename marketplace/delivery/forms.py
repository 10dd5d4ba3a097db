"""Forms staff use to set delivery slots and charges."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.core.forms import Form, RupeesField, WholeNumberField
from marketplace.core.text import ascii_digits, whole_number
from marketplace.delivery.labels import WEEKDAY_LABELS
from marketplace.delivery.models import DeliverySlot, DeliveryTerms
from marketplace.delivery.services import MAX_CAPACITY, MAX_CUTOFF_MINUTES, SlotDetails

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_HOURS = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")
#: the highest delivery charge the rules allow (₹1,000)
MAX_CHARGE_PAISE = 100_000


class WeekdaysField(SelectMultipleField):
    """Checkboxes Mon–Sun; `.data` is a list of ISO weekday digits."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        chosen = self.data or []
        if not chosen:
            raise ValidationError(_l("Choose at least one day."))
        if not set(chosen) <= set(WEEKDAY_LABELS):
            raise ValidationError(_l("Choose days from the list."))


class TimeOfDayField(StringField):
    """A time typed as 09:00 (a browser's time picker sends that); `.as_time` after
    validation."""

    as_time: time | None = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"type": "time", "maxlength": 5})
        super().__init__(*args, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else (self.data or "")

    def pre_validate(self, form) -> None:
        if isinstance(self.data, time):
            self.as_time = self.data
            return
        found = _TIME.match(ascii_digits((self.data or "").strip()))
        hour, minute = (int(found.group(1)), int(found.group(2))) if found else (99, 99)
        if hour > 23 or minute > 59:
            raise ValidationError(_l("Enter a time like 09:00 or 16:30."))
        self.as_time = time(hour, minute)


class BoundedNumberField(StringField):
    """A whole number from `low` to `high`, typed in ASCII or Devanagari digits; `.number`
    after validation."""

    number: int | None = None

    def __init__(self, *args, low: int = 0, high: int, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "maxlength": 6})
        super().__init__(*args, **kwargs)
        self.low, self.high = low, high

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return str(self.data) if isinstance(self.data, int) else (self.data or "")

    def pre_validate(self, form) -> None:
        number = whole_number(str(self.data if self.data is not None else ""))
        if number is None or not self.low <= number <= self.high:
            raise ValidationError(gettext("Enter a whole number from %(low)d to %(high)d.",
                                          low=self.low, high=self.high))
        self.number = number


class HoursField(StringField):
    """Hours, whole or with a fraction (1.5 = 90 minutes); `.minutes` after validation."""

    minutes: int | None = None

    def __init__(self, *args, max_minutes: int, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "maxlength": 6})
        super().__init__(*args, **kwargs)
        self.max_minutes = max_minutes

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return minutes_as_hours(self.data) if isinstance(self.data, int) else (self.data or "")

    def pre_validate(self, form) -> None:
        if isinstance(self.data, int):
            self.minutes = self.data
            return
        raw = ascii_digits((self.data or "").strip())
        if not _HOURS.match(raw):
            raise ValidationError(_l("Enter the number of hours, e.g. 12 (or 0 for none)."))
        minutes = int((Decimal(raw) * 60).to_integral_value())
        if minutes > self.max_minutes:
            raise ValidationError(gettext("At most %(hours)d hours.",
                                          hours=self.max_minutes // 60))
        self.minutes = minutes


def minutes_as_hours(minutes: int) -> str:
    """720 → '12', 90 → '1.5': the cut-off as staff type it."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    return format(hours.normalize(), "f")


class SlotForm(Form):
    weekdays = WeekdaysField(_l("Days"), default=lambda: list("123456"),
                             choices=[SelectChoice(digit, label)
                                      for digit, label in WEEKDAY_LABELS.items()])
    starts_at = TimeOfDayField(_l("From"))
    ends_at = TimeOfDayField(_l("Until"))
    capacity = BoundedNumberField(_l("Most orders in this slot each day"), low=1,
                                  high=MAX_CAPACITY)
    cutoff_hours = HoursField(_l("Stop taking orders this many hours before it starts"),
                              max_minutes=MAX_CUTOFF_MINUTES)
    is_active = BooleanField(_l("Offered to buyers"), default=True)

    def validate_ends_at(self, field) -> None:
        starts, ends = self.starts_at.as_time, field.as_time
        if starts is not None and ends is not None and ends <= starts:
            raise ValidationError(_l("The end time must be after the start time."))

    def to_details(self) -> SlotDetails:
        return SlotDetails(weekdays="".join(sorted(set(self.weekdays.data))),
                           starts_at=self.starts_at.as_time, ends_at=self.ends_at.as_time,
                           capacity=self.capacity.number,
                           cutoff_minutes=self.cutoff_hours.minutes,
                           is_active=self.is_active.data)


def slot_form_data(slot: DeliverySlot) -> dict:
    """What the edit form shows before staff change anything."""
    return {"weekdays": list(slot.weekdays), "starts_at": slot.starts_at,
            "ends_at": slot.ends_at, "capacity": slot.capacity,
            "cutoff_hours": slot.cutoff_minutes, "is_active": slot.is_active}


class OptionalRupeesField(RupeesField):
    """Like RupeesField, but left blank means None (`.paise` is None)."""

    def pre_validate(self, form) -> None:
        if self.data is None or (isinstance(self.data, str) and not self.data.strip()):
            self.paise = None
            return
        super().pre_validate(form)


_CASH_CAP_MESSAGE = _l("Open cash-on-delivery orders per account: a number from 1 to 50.")


class TermsForm(Form):
    charge = RupeesField(_l("Delivery charge (₹)"), allow_zero=True, max_paise=MAX_CHARGE_PAISE)
    free_from = OptionalRupeesField(_l("Free delivery from an order of (₹)"))
    minimum_order = RupeesField(_l("Smallest order (₹)"), allow_zero=True)
    max_open_cash_orders = WholeNumberField(
        _l("Cash-on-delivery orders one account may have open"),
        validators=[Optional(), NumberRange(1, 50, _CASH_CAP_MESSAGE)])


def terms_form_data(terms: DeliveryTerms) -> dict:
    return {"charge": terms.charge_paise, "free_from": terms.free_from_paise,
            "minimum_order": terms.minimum_order_paise,
            "max_open_cash_orders": terms.max_open_cash_orders}
