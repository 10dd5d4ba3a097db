"""Which language a person reads in: signing in offers the account's language, never switches
under them."""

from __future__ import annotations

import re

from marketplace.accounts.models import Role
from tests.helpers import make_user, sign_in, submit


def offer_form(html: str) -> str | None:
    found = re.search(r'<form class="flash flash-info language-offer".*?</form>', html, re.S)
    return found.group(0) if found else None


def test_a_hindi_phone_keeps_hindi_after_sign_in_and_is_offered_the_accounts_english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    user = make_user(Role.RESIDENT, language="en")
    sign_in(client, user)
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="hi"' in html
    offer = offer_form(html)
    assert offer is not None and "आपका खाता English में है।" in offer
    assert 'action="/language/en"' in offer and "हिन्दी ही रखें" in offer
    # shown once: the next page has no offer
    assert offer_form(client.get("/").get_data(as_text=True)) is None


def test_one_tap_switches_to_the_accounts_language(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    user = make_user(Role.RESIDENT, language="en")
    sign_in(client, user)
    client.get("/")
    assert submit(client, "/language/en", {"next": "/"}, page="/").status_code == 303
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)
    assert user.preferred_language == "en"


def test_keeping_the_phones_language_saves_it_on_the_account(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    user = make_user(Role.RESIDENT, language="en")
    sign_in(client, user)
    assert submit(client, "/language/hi", {"next": "/"}, page="/").status_code == 303
    assert user.preferred_language == "hi"
    assert '<html lang="hi"' in client.get("/").get_data(as_text=True)


def test_with_no_language_asked_for_the_accounts_applies_without_an_offer(client):
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
    sign_in(client, make_user(Role.RESIDENT, language="en"))
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in html and offer_form(html) is None


def test_the_same_language_makes_no_offer(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, make_user(Role.RESIDENT, language="hi"))
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="hi"' in html and offer_form(html) is None


def test_changing_the_accounts_language_changes_the_pages(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    user = make_user(Role.RESIDENT, language="hi", name="Meena")
    sign_in(client, user)
    assert submit(client, "/account", {"name": "Meena", "language": "en"}).status_code == 303
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)
