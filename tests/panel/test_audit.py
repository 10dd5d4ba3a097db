"""The audit log: every decision, newest first, searchable, a staff member's own only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale

from marketplace.accounts.models import Role
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.panel.approvals.audit import ACTION_LABELS
from tests.helpers import make_user, sign_in

AUDIT = "/panel/approvals/audit"


@pytest.fixture
def log(nadaun, other_sub_division):
    """Decisions in both sub-divisions over a few days, and an account event."""
    sunita = make_user(Role.STAFF, sub_division=nadaun, name="Sunita Sharma",
                       phone="+919816077001")
    rakesh = make_user(Role.STAFF, sub_division=nadaun, name="Rakesh Verma",
                       phone="+919816077002")
    barsar = make_user(Role.STAFF, sub_division=other_sub_division, name="Barsar Babu")
    now = utcnow()
    rows = [
        ("worker.approved", sunita, "worker_profile", 11, nadaun, None, 30),
        ("worker.rejected", rakesh, "worker_profile", 12, nadaun, "Photo is blurred", 20),
        ("product.rejected", sunita, "product", 5, nadaun, "Price 100% too high", 10),
        ("shg.approved", barsar, "shg", 7, other_sub_division, "Barsar group ok", 5),
        ("account.created", None, "user", 3, None, None, 1),
    ]
    for action, actor, subject, subject_id, sub_division, reason, days_ago in rows:
        event = record_event(action, actor_id=actor.id if actor else None, subject_type=subject,
                             subject_id=subject_id,
                             sub_division_id=sub_division.id if sub_division else None,
                             reason=reason)
        event.created_at = now - timedelta(days=days_ago)
    db.session.flush()
    return {"sunita": sunita, "rakesh": rakesh, "barsar": barsar}


def client_of(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def shown(html: str) -> list[str]:
    """The decisions the table shows, top to bottom (accounts made by the test are left out)."""
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    found = []
    for action in ("worker.approved", "worker.rejected", "product.rejected", "shg.approved"):
        with force_locale("en"):  # staff read words, never the code
            words = f"<td>{ACTION_LABELS[action]}</td>"
        assert action not in table
        if words in table:
            found.append((table.index(words), action))
    return [action for _position, action in sorted(found)]


def test_staff_see_their_sub_divisions_decisions_newest_first(app, log):
    html = client_of(app, log["sunita"]).get(AUDIT).get_data(as_text=True)
    assert shown(html) == ["product.rejected", "worker.rejected", "worker.approved"]
    assert "Rakesh Verma" in html and "Photo is blurred" in html
    assert "/panel/approvals/worker/12" in html  # the subject links to its page
    # the whole cell: accounts the suite made earlier may have ids that start with 3
    assert "Barsar group ok" not in html and "<td>Account #3</td>" not in html


def test_admins_see_everything_until_they_choose(app, log, other_sub_division):
    from tests.helpers import submit

    admin = client_of(app, make_user(Role.ADMIN))
    html = admin.get(AUDIT).get_data(as_text=True)
    assert {"shg.approved", "worker.approved"} <= set(shown(html))
    assert "User #3" not in html and "<td>Account #3</td>" in html  # no sub-division: admins only
    submit(admin, "/panel/", {"sub_division": str(other_sub_division.id)})
    assert shown(admin.get(AUDIT).get_data(as_text=True)) == ["shg.approved"]


@pytest.mark.parametrize(("query", "expected"), [
    ("action=worker.", ["worker.rejected", "worker.approved"]),
    ("action=WORKER.APP", ["worker.approved"]),
    ("actor=rakesh", ["worker.rejected"]),
    ("actor=98160+77001", ["product.rejected", "worker.approved"]),
    ("actor=%E0%A5%AF%E0%A5%AE%E0%A5%A7%E0%A5%AC%E0%A5%A6%E0%A5%AD%E0%A5%AD%E0%A5%A6%E0%A5%A6%E0%A5%A8",
     ["worker.rejected"]),  # the number typed in Devanagari digits
    ("subject_type=worker_profile&subject_id=12", ["worker.rejected"]),
    ("subject_type=product", ["product.rejected"]),
    ("text=blurred", ["worker.rejected"]),
    ("text=100%25", ["product.rejected"]),
    ("text=%25", ["product.rejected"]),  # a % is a character, not a wildcard
    ("action=%25", []),
    ("date_from={from}&date_to={to}", ["product.rejected", "worker.rejected"]),
])
def test_the_log_is_searchable(app, log, query, expected):
    today = utcnow().date()
    query = query.format(**{"from": (today - timedelta(days=25)).isoformat(),
                            "to": (today - timedelta(days=8)).isoformat()})
    response = client_of(app, log["sunita"]).get(f"{AUDIT}?{query}")
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == expected


@pytest.mark.parametrize("query", [
    "date_from=2026-05-10&date_to=2026-05-01",
    "date_from=0001-01-01",
    "date_to=2026-13-45",
    "subject_id=abc",
    "subject_id=99999999999999999999",
    "subject_type=nonsense",
    "text=" + "x" * 101,
])
def test_a_bad_search_gets_a_clear_message_and_a_400(app, log, query):
    response = client_of(app, log["sunita"]).get(f"{AUDIT}?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Correct the search above." in html and 'role="alert"' in html


def test_the_log_is_paged_without_counting(app, nadaun, log):
    for n in range(55):
        record_event("worker.edited", actor_id=log["sunita"].id, subject_type="worker_profile",
                     subject_id=1000 + n, sub_division_id=nadaun.id)
    db.session.flush()
    client = client_of(app, log["sunita"])
    first = client.get(f"{AUDIT}?action=worker.").get_data(as_text=True)
    assert "#1054" in first and "page=2" in first and "action=worker." in first
    second = client.get(f"{AUDIT}?action=worker.&page=2").get_data(as_text=True)
    assert "#1054" not in second and "worker.approved" in second


def test_the_log_runs_a_fixed_number_of_queries(app, nadaun, log, count_queries):
    client = client_of(app, log["sunita"])
    db.session.flush()
    with count_queries() as few:
        client.get(f"{AUDIT}?actor=sun")
    for n in range(40):
        actor = make_user(Role.STAFF, sub_division=nadaun, name=f"Sunil {n}")
        record_event("worker.approved", actor_id=actor.id, subject_type="worker_profile",
                     subject_id=n, sub_division_id=nadaun.id, reason="fine")
    db.session.flush()
    with count_queries() as many:
        html = client.get(f"{AUDIT}?actor=sun").get_data(as_text=True)
    assert "Sunil 39" in html
    assert len(many) == len(few)
    assert not any("count(" in statement.lower() for statement in many)
