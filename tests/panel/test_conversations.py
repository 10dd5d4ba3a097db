"""Panel: the assistant's conversations: handed-to-the-office first, the transcript escaped,
staff reply within 24 hours or send a template after, close; other sub-divisions' are 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.chat.models import Conversation, InboundMessage
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, Via
from tests.chat.payloads import APP_SECRET
from tests.helpers import csrf_token_from, make_sub_division, make_user, sign_in
from tests.panel.chat_steps import resident_says

WAITING, CHATTING = "+919816012345", "+919816054321"


@pytest.fixture
def two_threads(app, client, nadaun, monkeypatch):
    """One resident who asked for the office (with markup in a message), one who did not."""
    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", APP_SECRET)
    resident_says(client, CHATTING, "नमस्ते")
    resident_says(client, WAITING, "<script>alert(1)</script> पानी की टंकी")
    resident_says(client, WAITING, "दफ़्तर")
    return {sender: db.session.scalar(sa.select(Conversation).where(Conversation.phone == sender))
            for sender in (WAITING, CHATTING)}


@pytest.fixture
def office(app, nadaun, two_threads):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun, language="hi"))
    return client


def test_the_list_puts_the_resident_waiting_for_the_office_on_top(office, two_threads):
    page = office.get("/panel/conversations").get_data(as_text=True)
    waiting, chatting = (f"/panel/conversations/{two_threads[p].id}" for p in (WAITING, CHATTING))
    assert page.index(waiting) < page.index(chatting)
    assert "दफ़्तर के इंतज़ार में" in page


def test_the_transcript_shows_what_the_resident_wrote_escaped(office, two_threads):
    page = office.get(f"/panel/conversations/{two_threads[WAITING].id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; पानी की टंकी" in page
    assert "<script>alert(1)" not in page
    assert 'name="reply"' in page


def test_staff_reply_goes_out_on_whatsapp_and_close_gives_it_back(office, two_threads):
    conversation = two_threads[WAITING]
    url = f"/panel/conversations/{conversation.id}"
    token = csrf_token_from(office, url)
    response = office.post(f"{url}/reply", data={"csrf_token": token,
                                                   "reply": "कल सुबह प्लंबर आएगा"})
    assert response.status_code == 303
    sent = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "chat_staff_reply")).one()
    assert (sent.to_phone, sent.via, sent.body) == (WAITING, Via.WHATSAPP,
                                                   "कल सुबह प्लंबर आएगा")
    assert "कल सुबह प्लंबर आएगा" in office.get(url).get_data(as_text=True)
    assert office.post(f"{url}/close", data={"csrf_token": token}).status_code == 303
    db.session.refresh(conversation)
    assert not conversation.is_handed_to_staff


def test_after_24_hours_the_page_offers_templates_and_refuses_free_text(office, two_threads):
    conversation = two_threads[WAITING]
    for message in db.session.scalars(sa.select(InboundMessage)):
        message.created_at -= timedelta(hours=25)
    db.session.commit()
    url = f"/panel/conversations/{conversation.id}"
    page = office.get(url).get_data(as_text=True)
    assert 'name="reply"' not in page and "office_callback" in page
    token = csrf_token_from(office, url)
    refused = office.post(f"{url}/reply", data={"csrf_token": token, "reply": "नमस्ते"})
    assert refused.status_code == 409
    assert "24 घंटे" in refused.get_data(as_text=True)
    empty = office.post(f"{url}/template", data={"csrf_token": token,
                                                 "template": "office_reply", "values-0": ""})
    assert empty.status_code == 400 and "खाली जगह" in empty.get_data(as_text=True)
    sent = office.post(f"{url}/template", data={"csrf_token": token,
                                                "template": "office_reply", "values-0": "सीता"})
    assert sent.status_code == 303
    template = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "chat_staff_template")).one()
    assert template.payload["template"]["name"] == "office_reply"


def test_staff_of_another_sub_division_neither_list_nor_open_it(app, two_threads):
    client = app.test_client()
    sign_in(client, make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar")))
    url = f"/panel/conversations/{two_threads[WAITING].id}"
    assert url not in client.get("/panel/conversations").get_data(as_text=True)
    assert client.get(url).status_code == 404
    token = csrf_token_from(client, "/panel/conversations")
    assert client.post(f"{url}/reply", data={"csrf_token": token,
                                             "reply": "x"}).status_code == 404
