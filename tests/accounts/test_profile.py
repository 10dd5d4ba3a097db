"""Editing one's own name and language."""

from __future__ import annotations

from marketplace.extensions import db
from tests.helpers import make_user, sign_in, submit


def test_a_person_changes_their_name_and_language(client):
    user = make_user(name="Old Name", language="en")
    sign_in(client, user)
    response = submit(client, "/account", {"name": "मीना कुमारी", "language": "hi"})
    assert response.status_code == 303
    db.session.refresh(user)
    assert (user.name, user.preferred_language) == ("मीना कुमारी", "hi")
    assert 'lang="hi"' in client.get("/account").get_data(as_text=True)


def test_an_empty_or_overlong_name_is_refused(client):
    user = make_user(name="Kept Name")
    sign_in(client, user)
    for name in ("", "x" * 81, "a\u200bb" * 0 + "\x07bell"):
        assert submit(client, "/account", {"name": name, "language": "en"}).status_code == 400
    db.session.refresh(user)
    assert user.name == "Kept Name"


def test_the_profile_page_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/signin?next=" in response.headers["Location"]


def test_a_name_with_a_zero_width_joiner_is_kept(client):
    user = make_user(name="Old Name", language="en")
    sign_in(client, user)
    name = "लक्\u200dष्मी"
    assert submit(client, "/account", {"name": name, "language": "en"}).status_code == 303
    db.session.refresh(user)
    assert user.name == name


def test_a_name_with_a_bidi_override_or_an_aadhaar_number_is_refused(client):
    user = make_user(name="Kept Name", language="en")
    sign_in(client, user)
    for name, words in (("Meena\u202eKumari", "hidden control character"),
                        ("Meena २३४१ २३४१ २३४६", "looks like an Aadhaar number")):
        response = submit(client, "/account", {"name": name, "language": "en"})
        assert response.status_code == 400
        assert words in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.name == "Kept Name"
