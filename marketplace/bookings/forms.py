"""Forms for booking a worker and acting on a booking."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.bookings.labels import SLOT_LABELS
from marketplace.bookings.models import Slot
from marketplace.bookings.services import BookingRequest
from marketplace.core.forms import DayField, Form, PhoneField, RupeesField, int_or_none


class BookingForm(Form):
    work_date = DayField(_l("Date"), validators=[InputRequired(message=_l("Choose a date."))])
    slot = RadioField(_l("Time"), choices=[SelectChoice(s.value, label)
                                           for s, label in SLOT_LABELS.items()],
                      validators=[InputRequired(message=_l("Choose a time."))])
    village = SelectField(_l("Village or ward"), coerce=int_or_none,
                          validators=[InputRequired(message=_l("Choose the village or ward."))])
    address = StringField(_l("House and landmark"),
                          validators=[DataRequired(message=_l("Write the address.")),
                                      Length(max=300)], render_kw={"maxlength": 300})
    description = TextAreaField(_l("What work is needed?"),
                                validators=[DataRequired(message=_l("Describe the work.")),
                                            Length(max=1000)],
                                render_kw={"rows": 3, "maxlength": 1000})


class HelplineBookingForm(BookingForm):
    caller_name = StringField(_l("Caller's name"),
                              validators=[DataRequired(message=_l("Enter the caller's name.")),
                                          Length(max=80)], render_kw={"maxlength": 80})
    caller_phone = PhoneField(_l("Caller's mobile number"), render_kw={"inputmode": "tel"},
                              missing_message=_l("Enter the caller's mobile number."))
    caller_language = RadioField(_l("Caller's language"), default="hi",
                                 choices=[SelectChoice("hi", "हिन्दी"),
                                          SelectChoice("en", "English")])


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=500)],
                           render_kw={"rows": 2, "maxlength": 500})


class CompleteForm(Form):
    amount = RupeesField(_l("Amount charged, in rupees"), max_paise=5_000_000)


class ReviewForm(Form):
    rating = RadioField(_l("Rating"), coerce=int,
                        choices=[SelectChoice(n, "★" * n) for n in range(5, 0, -1)],
                        validators=[InputRequired(message=_l("Choose 1 to 5 stars."))])
    text = TextAreaField(_l("A few words (optional)"), validators=[Length(max=1000)],
                         render_kw={"rows": 3, "maxlength": 1000})


class FlagReviewForm(Form):
    flag_reason = TextAreaField(
        _l("Why is this review unfair or abusive?"),
        validators=[DataRequired(message=_l("Write why the review is unfair.")),
                    Length(max=300, message=_l("Write at most %(max)d characters.", max=300))],
        render_kw={"rows": 2, "maxlength": 300})


def booking_request_from(form: BookingForm) -> BookingRequest:
    return BookingRequest(work_date=form.work_date.data, slot=Slot(form.slot.data),
                          village_id=form.village.data, address=form.address.data,
                          description=form.description.data)
