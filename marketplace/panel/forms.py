"""Forms of the panel: the reasons staff must give on an order's page; the message a pretend
resident sends on "try the assistant"; staff's replies in the assistant's conversations; a
worker also listed in a neighbouring sub-division."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.chat.cloud_api import CHOICE_KINDS
from marketplace.chat.templates import VALUE_LIMIT
from marketplace.core.forms import Form, PhoneField, Verbatim

_REASON_LIMIT = 300


def _reason_field(label):
    # Distinct field names, so that both forms sit on one page with their own ids.
    return TextAreaField(label, validators=[
        DataRequired(message=_l("Write the reason.")),
        Length(max=_REASON_LIMIT, message=_l("Write at most %(max)d characters.",
                                             max=_REASON_LIMIT))],
        render_kw={"rows": 2, "maxlength": _REASON_LIMIT})


class DeliveryFailedForm(Form):
    failure_reason = _reason_field(_l("Why could it not be delivered?"))


class CancelOrderForm(Form):
    cancel_reason = _reason_field(_l("Why is the order cancelled?"))


#: WhatsApp's own limit on a text message
CHAT_TEXT_LIMIT = 4096


class AssistantMessageForm(Form):
    """What a pretend resident sends the assistant: words, or a button or list row of its
    last reply (`choice`: "kind|id|title", as the page's buttons carry it)."""

    phone = PhoneField(_l("The resident's mobile number"),
                       missing_message=_l("Enter the resident's mobile number."))
    text = TextAreaField(_l("Message"), validators=[
        Verbatim(), Length(max=CHAT_TEXT_LIMIT, message=_l(
            "Write at most %(max)d characters.", max=CHAT_TEXT_LIMIT))],
        render_kw={"rows": 2, "maxlength": CHAT_TEXT_LIMIT})
    choice = HiddenField(validators=[Verbatim(), Length(max=200)])

    def chosen(self) -> tuple[str, str, str] | None:
        """(kind, id, title) of the button or row chosen, or None (words were typed)."""
        kind, _, rest = (self.choice.data or "").partition("|")
        choice_id, _, title = rest.partition("|")
        if kind not in CHOICE_KINDS or not choice_id or not title:
            return None
        return kind, choice_id, title

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.chosen() is None and not (self.text.data or "").strip():
            self.text.errors = [_l("Write a message, or choose one of the buttons.")]
            valid = False
        return valid


class StaffReplyForm(Form):
    """Staff's own words to a resident in a conversation (within WhatsApp's 24 hours)."""

    reply = TextAreaField(_l("Your reply"), validators=[
        DataRequired(message=_l("Write the reply.")),
        Length(max=CHAT_TEXT_LIMIT, message=_l("Write at most %(max)d characters.",
                                               max=CHAT_TEXT_LIMIT))],
        render_kw={"rows": 3, "maxlength": CHAT_TEXT_LIMIT})


class TemplateMessageForm(Form):
    """An approved template and its blanks (the page shows one such form per template)."""

    template = HiddenField()
    values = FieldList(StringField(validators=[Length(max=VALUE_LIMIT)]), max_entries=3)


class NeighbourForm(Form):
    """Ask another sub-division's staff to list a worker there too; choices set by the view
    (every sub-division but the worker's own)."""

    sub_division = SelectField(_l("Also list in"), coerce=int, validate_choice=True)
    reason = TextAreaField(_l("Note for the other office (optional)"), validators=[
        Length(max=_REASON_LIMIT, message=_l("Write at most %(max)d characters.",
                                             max=_REASON_LIMIT))],
        render_kw={"rows": 2, "maxlength": _REASON_LIMIT})
