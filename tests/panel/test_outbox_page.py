"""Admins read the outbox in the browser (codes masked) and send dead letters again."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.notify.models import DeliveryStatus, OutboxMessage, OutboxStatus, Via
from marketplace.notify.services import queue_message, record_delivery_status
from tests.helpers import DELIVERED, last_code_sent_to, make_user, next_phone, sign_in, submit


def test_an_admin_reads_the_messages_but_never_the_codes_in_them(client):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    phone = next_phone()
    message = queue_message(phone, "password_reset_code", language="en", code="424242")
    db.session.commit()
    assert last_code_sent_to(phone) == "424242"  # the phone got it
    html = client.get("/panel/outbox").get_data(as_text=True)
    assert "+91 98160" in html and "reset your password is ••••••" in html
    assert "424242" not in html
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.secret is None
    stored = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        sa.or_(OutboxMessage.body.contains("424242"), OutboxMessage.secret == "424242")))
    assert stored == 0


def _dead_letter(phone: str, kind: str = "password_changed", **params) -> OutboxMessage:
    message = queue_message(phone, kind, language="en", **params)
    message.status, message.last_error = OutboxStatus.FAILED, "gateway answered 401"
    db.session.info.pop("outbox_new_ids", None)  # as if delivery had already failed for good
    db.session.flush()
    return message


def test_an_admin_sees_the_dead_letter_list_and_sends_a_message_again(client):
    sign_in(client, make_user(Role.ADMIN))
    phone = next_phone()
    message = _dead_letter(phone)
    db.session.commit()
    html = client.get("/panel/outbox?status=failed").get_data(as_text=True)
    assert "gateway answered 401" in html and f"/panel/outbox/{message.id}/redrive" in html
    assert client.post(f"/panel/outbox/{message.id}/redrive").status_code == 400  # no CSRF
    response = submit(client, f"/panel/outbox/{message.id}/redrive",
                      page="/panel/outbox?status=failed")
    assert response.status_code == 302
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT  # delivered again right after the commit
    assert DELIVERED.texts_to(phone)
    assert db.session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.action == "outbox.redriven")) == "outbox.redriven"


def test_sending_the_whole_dead_letter_list_again_never_sends_a_code_late(client):
    sign_in(client, make_user(Role.ADMIN))
    plain, code = next_phone(), next_phone()
    first = _dead_letter(plain)
    late = _dead_letter(code, "sign_in_code", code="135790")
    db.session.commit()
    response = submit(client, "/panel/outbox/redrive", page="/panel/outbox?status=failed")
    assert response.status_code == 302
    db.session.refresh(first)
    db.session.refresh(late)
    assert first.status is OutboxStatus.SENT
    assert late.status is OutboxStatus.EXPIRED and late.secret is None
    assert DELIVERED.texts_to(code) == []


def test_only_admins_send_messages_again(client):
    message = _dead_letter(next_phone())
    sign_in(client, make_user(Role.STAFF))
    db.session.commit()
    assert submit(client, f"/panel/outbox/{message.id}/redrive", page="/").status_code \
        == 403
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED


def test_message_text_is_shown_as_text_never_as_html(client):
    sign_in(client, make_user(Role.ADMIN))
    queue_message(next_phone(), "staff_account_created", language="en", role="<script>x</script>")
    db.session.commit()
    html = client.get("/panel/outbox").get_data(as_text=True)
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html


def test_the_outbox_page_runs_the_same_queries_for_few_and_many_messages(client, count_queries):
    sign_in(client, make_user(Role.ADMIN))

    def queries_with(total: int) -> int:
        for _ in range(total):
            queue_message(next_phone(), "password_changed", language="hi")
        db.session.commit()
        with count_queries() as statements:
            assert client.get("/panel/outbox").status_code == 200
        return len(statements)

    assert queries_with(3) == queries_with(60)


def test_odd_page_and_status_values_do_not_break_the_page(client):
    sign_in(client, make_user(Role.ADMIN))
    for query in ("?page=-1", "?page=abc", "?page=99999999999", "?status=bogus", "?page=२"):
        assert client.get("/panel/outbox" + query).status_code == 200


def test_an_admin_sees_what_whatsapp_reported_of_a_reply(client):
    sign_in(client, make_user(Role.ADMIN))
    read = queue_message(next_phone(), "chat_menu", language="en", body="menu", via=Via.WHATSAPP)
    failed = queue_message(next_phone(), "chat_menu", language="en", body="menu",
                           via=Via.WHATSAPP)
    db.session.commit()
    read.provider_message_id, failed.provider_message_id = "wamid.read", "wamid.failed"
    db.session.flush()
    record_delivery_status("wamid.read", DeliveryStatus.READ)
    record_delivery_status("wamid.failed", DeliveryStatus.FAILED,
                           error="WhatsApp reported error 131026: Message undeliverable")
    db.session.commit()
    html = client.get("/panel/outbox").get_data(as_text=True)
    assert '<span class="badge badge-whatsapp-read">WhatsApp: read</span>' in html
    assert "WhatsApp: not delivered" in html and "131026: Message undeliverable" in html
