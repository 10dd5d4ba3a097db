"""Admins read the outbox in the browser (the demo uses it to show one-time codes)."""

from __future__ import annotations

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from tests.helpers import make_user, next_phone, sign_in


def test_an_admin_reads_the_codes_that_were_sent(client):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    phone = next_phone()
    queue_message(phone, "password_reset_code", language="en", code="424242")
    db.session.commit()
    html = client.get("/panel/outbox").get_data(as_text=True)
    assert "424242" in html and "+91 98160" in html
    assert "424242" not in client.get("/panel/outbox?status=failed").get_data(as_text=True)


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
