"""A phone box left empty names whose number is asked for: staff and operators filling a form
for someone else are not told to write *their own* number."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from marketplace.bookings.forms import HelplineBookingForm
from marketplace.orders.forms import CheckoutForm
from marketplace.panel.forms import AssistantMessageForm
from marketplace.panel.phone_orders import PhoneOrderForm
from marketplace.panel.settings.forms import AccountForm
from marketplace.shg.forms import MemberForm, StaffGroupForm
from marketplace.workers.forms import AssistedWorkerForm

ASKED_FOR = [
    (StaffGroupForm, "leader_phone", "लीडर का मोबाइल नंबर लिखें।", "Enter the leader's mobile"),
    (MemberForm, "phone", "सदस्य का मोबाइल नंबर लिखें।", "Enter the member's mobile"),
    (HelplineBookingForm, "caller_phone", "फ़ोन करने वाले का मोबाइल नंबर लिखें।",
     "Enter the caller's mobile"),
    (PhoneOrderForm, "phone", "फ़ोन करने वाले का मोबाइल नंबर लिखें।", "Enter the caller's mobile"),
    (AssistantMessageForm, "phone", "निवासी का मोबाइल नंबर लिखें।", "Enter the resident's mobile"),
    (AccountForm, "phone", "उस व्यक्ति का मोबाइल नंबर लिखें।", "Enter the person's mobile"),
    (AssistedWorkerForm, "phone", "कामगार का मोबाइल नंबर लिखें।",
     "Enter the worker's mobile"),
    # the buyer's own number at checkout: "your" is right
    (CheckoutForm, "phone", "अपना मोबाइल नंबर लिखें।", "Enter your mobile"),
]


def _error(app, form_class, field_name: str, language: str) -> str:
    with app.test_request_context("/", method="POST"), force_locale(language):
        form = form_class(formdata=MultiDict({field_name: ""}), meta={"csrf": False})
        field = form[field_name]
        assert not field.validate(form)
        return str(field.errors[0])


@pytest.mark.parametrize(("form_class", "field_name", "hindi", "english"), ASKED_FOR,
                         ids=[row[0].__name__ for row in ASKED_FOR])
def test_an_empty_phone_names_whose_number_is_wanted(app, form_class, field_name, hindi,
                                                     english):
    assert _error(app, form_class, field_name, "hi") == hindi
    assert _error(app, form_class, field_name, "en").startswith(english)
