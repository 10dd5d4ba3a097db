"""Whatever a signed delivery holds, in whatever shape, it is acknowledged and never a 500:
messages whose fields take any JSON value (hostile text among them) are recorded cleanly or
passed over."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.chat.models import TEXT_LIMIT, InboundMessage
from marketplace.extensions import db
from tests.chat.payloads import delivery, post_delivery
from tests.fuzz.inputs import HOSTILE, LONG

pytestmark = pytest.mark.usefixtures("assistant")

_texts = st.one_of(st.text(), st.sampled_from(HOSTILE + LONG))
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texts, inner, max_size=3),
    max_leaves=8)
_messages = st.fixed_dictionaries({
    "id": st.one_of(_texts, _json), "from": st.one_of(
        st.sampled_from(["919816012345", "14155550100", "+91 98160 12345"]), _json),
    "type": st.one_of(st.sampled_from(["text", "interactive", "image", "button"]), _json),
    "timestamp": st.one_of(st.sampled_from(["1764790000", "99999999999999", "-1"]), _json),
    "text": st.one_of(st.fixed_dictionaries({"body": st.one_of(_texts, _json)}), _json),
    "interactive": st.one_of(st.fixed_dictionaries({"list_reply": st.fixed_dictionaries(
        {"title": _texts})}), _json),
})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(messages=st.lists(_messages, max_size=3), number=st.one_of(_texts, _json),
       extra=_json)
def test_any_signed_delivery_is_acknowledged_and_kept_clean(client, nadaun, messages, number,
                                                            extra):
    payload = delivery(*messages, phone_number_id=number)
    payload["entry"].append(extra)
    response = post_delivery(client, payload)
    assert response.status_code == 200
    for message in db.session.scalars(db.select(InboundMessage)):
        assert message.text is None or (len(message.text) <= TEXT_LIMIT + 2
                                        and "\x00" not in message.text)
