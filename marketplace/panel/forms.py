"""Forms of the panel's order page: the reasons staff must give."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.core.forms import Form

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
