"""Forms of the approval pages: a decision with its reason, and the audit log's search."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from marketplace.core.forms import DayField, Form, Identifier, WholeNumberField
from marketplace.panel.approvals.audit import ACTION_LABELS, SUBJECT_LABELS


class DecisionForm(Form):
    reason = TextAreaField(_l("Reason (needed to reject, to hide a review or to keep it)"),
                           validators=[Length(max=500, message=_l(
                               "Write at most %(max)d characters.", max=500))],
                           render_kw={"rows": 2, "maxlength": 500})


class AuditSearchForm(Form):
    """Read from the query string (a GET search: no CSRF token)."""

    class Meta:
        csrf = False

    #: chosen by its words; a link may still carry the start of codes (e.g. "worker.")
    action = SelectField(_l("What happened"), default="", validate_choice=False,
                         validators=[Optional(), Length(max=64)],
                         choices=[SelectChoice("", _l("Anything"))]
                         + [SelectChoice(k, v) for k, v in ACTION_LABELS.items()])
    actor = StringField(_l("Who (name or mobile number)"),
                        validators=[Optional(), Length(max=80), Identifier()],
                        render_kw={"maxlength": 80})
    subject_type = SelectField(_l("About"), default="",
                               choices=[SelectChoice("", _l("Anything"))]
                               + [SelectChoice(k, v) for k, v in SUBJECT_LABELS.items()])
    subject_id = WholeNumberField(_l("Its number"), validators=[
        Optional(), NumberRange(min=1, max=2_147_483_647, message=_l("Enter a number."))],
        render_kw={"inputmode": "numeric"})
    # DayField refuses a day outside 2000-2100 itself (core.dates)
    date_from = DayField(_l("From"), validators=[Optional()])
    date_to = DayField(_l("To"), validators=[Optional()])
    text = StringField(_l("Words in the reason"), validators=[Optional(), Length(max=100)],
                       render_kw={"maxlength": 100})

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))
