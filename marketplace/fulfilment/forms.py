"""Forms for delivery runs: choosing a date and slot, who takes a run, moving a stop, why a
delivery failed, a new slot for a failed order, and the cash handed in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from marketplace.core.forms import DayField, Form, PhoneField, RupeesField
from marketplace.fulfilment.outcomes import NOTE_LIMIT
from marketplace.orders.labels import FAILURE_REASONS

#: the courier choice that means "a named person, not an account"
NAMED_PERSON = 0


class BuildRunsForm(Form):
    """A delivery date and one of the sub-division's slots (choices set by the view)."""

    day = DayField(_l("Delivery date"), validators=[DataRequired(
        message=_l("Choose a date."))])
    slot = SelectField(_l("Delivery time"), coerce=int, validate_choice=False)

    def validate_slot(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the delivery times shown."))


class RunDayForm(BuildRunsForm):
    """The same choice in a page's address (GET), so it needs no CSRF token."""

    class Meta:
        csrf = False


class OptionalPhoneField(PhoneField):
    """A phone that may be left empty (`.e164` None then)."""

    def pre_validate(self, form) -> None:
        if not (self.data or "").strip():
            self.e164 = None
            return
        super().pre_validate(form)


class CourierForm(Form):
    courier = SelectField(_l("Who takes this run"), coerce=int)
    # no Optional(): it would stop the chain before validate_name says the name is missing
    name = StringField(_l("Name of the person"), validators=[
        Length(max=80, message=_l("Write at most %(max)d characters.", max=80))],
        render_kw={"maxlength": 80, "autocomplete": "off"})
    phone = OptionalPhoneField(_l("Their mobile number"),
                               render_kw={"type": "tel", "inputmode": "tel", "maxlength": 16})

    def validate_name(self, field) -> None:
        if self.courier.data == NAMED_PERSON and not (field.data or "").strip():
            raise ValidationError(_l("Write the name of the person who takes the run."))

    def validate_phone(self, field) -> None:
        # a number that is not one has said so already
        if self.courier.data == NAMED_PERSON and field.e164 is None and not field.errors:
            raise ValidationError(_l("Enter their mobile number."))


class MoveStopForm(Form):
    target = SelectField(_l("Move to the run"), coerce=int)


class FailedStopForm(Form):
    """Each stop's form on the phone page has its own prefix, so ids stay unique."""

    reason = RadioField(_l("Why could it not be delivered?"),
                        choices=[SelectChoice(code, label)
                                 for code, label in FAILURE_REASONS.items()],
                        validators=[DataRequired(message=_l("Choose a reason."))])
    other = TextAreaField(_l("Other reason"), validators=[
        Length(max=300, message=_l("Write at most %(max)d characters.", max=300))],
        render_kw={"rows": 2, "maxlength": 300})

    def validate_other(self, field) -> None:
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Write what happened."))


class RescheduleForm(Form):
    """A new delivery time ('<slot id>:<date>', choices set by the view)."""

    choice = SelectField(_l("New delivery time"), validate_choice=False)

    def validate_choice(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the delivery times shown."))


class CloseRunForm(Form):
    handed_in = RupeesField(_l("Cash handed in (₹)"), allow_zero=True)
    note = TextAreaField(_l("Why is it different? (required when it is)"), validators=[
        Length(max=NOTE_LIMIT, message=_l("Write at most %(max)d characters.",
                                          max=NOTE_LIMIT))],
        render_kw={"rows": 2, "maxlength": NOTE_LIMIT})
