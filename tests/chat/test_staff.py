"""Staff answering the assistant's conversations: their own words within WhatsApp's 24 hours,
an approved template after, and closing a conversation handed to the office."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.chat import staff
from marketplace.chat.errors import ChatError
from marketplace.chat.models import Conversation
from marketplace.core.audit import AuditEvent
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, Via
from tests.chat.conftest import SENDER, say
from tests.helpers import make_sub_division, make_user, run_together

pytestmark = pytest.mark.usefixtures("assistant")


@pytest.fixture
def handed(client, nadaun) -> Conversation:
    """A Hindi conversation whose resident asked to talk to the office."""
    say(client, "नमस्ते")
    say(client, "दफ़्तर से बात करनी है")
    conversation = db.session.scalar(sa.select(Conversation).where(Conversation.phone == SENDER))
    assert conversation.is_handed_to_staff
    return conversation


@pytest.fixture
def officer(nadaun):
    return make_user(Role.STAFF, sub_division=nadaun, name="अनीता शर्मा")


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_staff_reply_in_their_words_goes_out_on_whatsapp_and_is_audited_without_them(
        handed, officer):
    message = staff.reply_as_staff(handed, "नमस्ते, कल 10 बजे प्लंबर आएगा।\r\nधन्यवाद",
                                   actor=officer)
    assert (message.to_phone, message.via, message.kind) == (SENDER, Via.WHATSAPP,
                                                            "chat_staff_reply")
    assert message.body == "नमस्ते, कल 10 बजे प्लंबर आएगा।\nधन्यवाद"
    assert message.sub_division_id == handed.sub_division_id and message.payload is None
    [event] = events("chat.staff_replied")
    assert (event.actor_id, event.subject_id) == (officer.id, handed.id)
    assert "प्लंबर" not in str(event.data)


def test_after_24_hours_only_a_template_may_be_sent(handed, officer):
    later = utcnow() + timedelta(hours=24, minutes=1)
    assert staff.is_window_open(handed, now=later - timedelta(minutes=2))
    assert not staff.is_window_open(handed, now=later)
    before = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
    with pytest.raises(Conflict) as refused:
        staff.reply_as_staff(handed, "Hello", actor=officer, now=later)
    assert refused.value.code is ChatError.OUTSIDE_WINDOW
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == before
    assert events("chat.staff_replied") == []


def test_a_template_goes_in_the_residents_language_with_its_blanks_filled(handed, officer):
    message = staff.send_template(handed, "office_callback", ["आपका ऑर्डर", "सोमवार"],
                                  actor=officer)
    assert message.body.startswith("नमस्ते। स्वरोज़गार कार्यालय आपको आपका ऑर्डर के बारे में "
                                   "सोमवार को फ़ोन करेगा।")
    template = message.payload["template"]
    assert (template["name"], template["language"]) == ("office_callback", {"code": "hi"})
    assert [p["text"] for p in template["components"][0]["parameters"]] == [
        "आपका ऑर्डर", "सोमवार"]
    assert [e.data for e in events("chat.template_sent")] == [{"template": "office_callback"}]


@pytest.mark.parametrize(("name", "values", "code"), [
    ("no_such_template", ["x"], ChatError.TEMPLATE),
    ("office_reply", [], ChatError.TEMPLATE_VALUES),
    ("office_reply", ["  "], ChatError.TEMPLATE_VALUES),
    ("office_reply", ["a", "b"], ChatError.TEMPLATE_VALUES),
    ("office_reply", ["x" * 61], ChatError.TEMPLATE_VALUES),
    ("office_reply", ["line\none"], ChatError.TEMPLATE_VALUES),
    ("office_reply", ["\u202eevil"], ChatError.TEMPLATE_VALUES),
    ("office_reply", ["2345 6789 0124"], ChatError.TEMPLATE_VALUES),
])
def test_a_template_with_a_wrong_name_or_blanks_is_refused(handed, officer, name, values, code):
    with pytest.raises(InvalidInput) as refused:
        staff.send_template(handed, name, values, actor=officer)
    assert refused.value.code is code


@pytest.mark.parametrize("text", ["", "   ", "x" * 4097, "hi\x07there"])
def test_an_empty_overlong_or_control_character_reply_is_refused(handed, officer, text):
    with pytest.raises(InvalidInput) as refused:
        staff.reply_as_staff(handed, text, actor=officer)
    assert refused.value.code is ChatError.REPLY


def test_closing_leaves_a_resident_who_went_back_to_the_assistant_where_they_are(
        client, handed, officer):
    say(client, "मेनू")
    say(client, "प्लंबर")  # she has moved on: the assistant asks where
    db.session.refresh(handed)
    step, data = handed.step, dict(handed.data)
    assert step != "office"
    assert staff.close_conversation(handed, actor=officer) is True
    db.session.commit()
    db.session.refresh(handed)
    assert (handed.step, handed.data, handed.is_handed_to_staff) == (step, data, False)


def test_closing_gives_the_conversation_back_to_the_assistant_once(client, handed, officer):
    assert staff.close_conversation(handed, actor=officer) is True
    assert staff.close_conversation(handed, actor=officer) is False
    assert len(events("chat.conversation_closed")) == 1
    db.session.commit()
    # the resident's next message gets the assistant's menu, not the office's acknowledgement
    reply = say(client, "नमस्ते")
    assert "स्वरोज़गार सहायक" in reply.body


def test_two_staff_closing_at_once_close_it_once(committed_app):
    with committed_app.app_context():
        nadaun = make_sub_division()
        people = [make_user(Role.STAFF, sub_division=nadaun) for _ in range(2)]
        conversation = Conversation(sub_division_id=nadaun.id, phone=SENDER, language="hi",
                                    step="office", data={}, last_message_at=utcnow(),
                                    handed_to_staff_at=utcnow())
        db.session.add(conversation)
        db.session.commit()
        ids = conversation.id, [person.id for person in people]
        db.session.remove()

    def close(index: int) -> bool:
        with committed_app.app_context():
            closed = staff.close_conversation(db.session.get(Conversation, ids[0]),
                                              actor=db.session.get(User, ids[1][index]))
            db.session.commit()
            return closed

    assert sorted(run_together(2, close)) == [False, True]
    with committed_app.app_context():
        assert len(events("chat.conversation_closed")) == 1
        db.session.remove()
