"""A new visitor signs up, signs in, switches language and resets a forgotten password."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from marketplace.demo import nadaun

ADMIN_PHONE = next(phone for role, phone, *_ in nadaun.USERS if role == "admin")
DEVANAGARI = re.compile("[\u0900-\u097f]")


def sign_in_admin(live_server, open_page):
    page = open_page("en")
    page.goto(f"{live_server.url}/signin")
    page.get_by_label("Mobile number").fill(ADMIN_PHONE)
    page.get_by_label("Password").fill(nadaun.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("6-digit code").fill(live_server.last_code_for(ADMIN_PHONE))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def code_from_outbox(admin_page, live_server, phone_display: str) -> str:
    """The code the phone received; the admin's outbox page shows the message, masked."""
    code = live_server.last_code_for("+91" + phone_display.removeprefix("+91 ").replace(" ", ""))
    admin_page.goto(f"{live_server.url}/panel/outbox")
    item = admin_page.locator("ol.outbox li").filter(has_text=phone_display).first
    expect(item.locator(".body")).to_contain_text("••••••")
    assert code not in admin_page.content()
    return code


@pytest.mark.parametrize("language", ["en", "hi"])
def test_a_new_visitor_signs_up_signs_in_switches_language_and_resets_the_password(
    live_server, phone_context, shot, words, language
):
    t = words(language)
    number = {"en": "98161 23401", "hi": "98161 23402"}[language]
    typed_number = number.replace(" ", "")
    admin = sign_in_admin(live_server, phone_context)
    page = phone_context(language)

    page.goto(f"{live_server.url}/ndn/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    shot(page, "1-home")
    page.get_by_role("navigation").get_by_role("link", name=t("Sign up")).click()
    page.get_by_label(t("Your name")).fill("सुनीता देवी" if language == "hi" else "Sunita Devi")
    page.get_by_label(t("Mobile number")).fill(number)
    page.get_by_label(t("Password"), exact=True).fill("pahadi-chai-1")
    page.get_by_label(t("Type the password again")).fill("pahadi-chai-1")
    page.get_by_label("हिन्दी" if language == "hi" else "English", exact=True).check()
    shot(page, "2-sign-up-form")
    page.get_by_role("button", name=t("Send me the code")).click()

    expect(page.get_by_role("heading", name=t("Enter the code"))).to_be_visible()
    code = code_from_outbox(admin, live_server, "+91 " + number)
    page.get_by_label(t("6-digit code")).fill(code)
    shot(page, "3-code")
    page.get_by_role("button", name=t("Finish signing up")).click()
    expect(page.get_by_role("button", name=t("Sign out"))).to_be_visible()
    shot(page, "4-signed-up")

    # Switch to the other language and back; the choice sticks to the page and the account.
    other = "en" if language == "hi" else "hi"
    page.get_by_role("button", name="English" if other == "en" else "हिन्दी").click()
    expect(page.locator("html")).to_have_attribute("lang", other)
    shot(page, "5-other-language")
    page.get_by_role("button", name="हिन्दी" if other == "en" else "English").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    if language == "hi":
        assert DEVANAGARI.search(page.locator("h1").first.inner_text())

    page.get_by_role("button", name=t("Sign out")).click()
    expect(page.get_by_role("navigation").get_by_role("link", name=t("Sign in"))).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name=t("Sign in")).click()
    page.get_by_label(t("Mobile number")).fill(typed_number)
    page.get_by_label(t("Password")).fill("pahadi-chai-1")
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("button", name=t("Sign out"))).to_be_visible()
    page.get_by_role("button", name=t("Sign out")).click()

    # Forgot the password: reset it with the code the phone received.
    page.get_by_role("navigation").get_by_role("link", name=t("Sign in")).click()
    page.get_by_role("link", name=t("Forgot your password?")).click()
    page.get_by_label(t("Mobile number")).fill(number)
    page.get_by_role("button", name=t("Send the code")).click()
    expect(page.get_by_text(t("If this number has an account, we have sent it a 6-digit code.")))\
        .to_be_visible()
    page.get_by_label(t("6-digit code")).fill(code_from_outbox(admin, live_server, "+91 " + number))
    page.get_by_label(t("New password")).fill("naya-password-2")
    page.get_by_label(t("Type the password again")).fill("naya-password-2")
    shot(page, "6-reset")
    page.get_by_role("button", name=t("Save the new password")).click()
    expect(page.get_by_text(t("Your password is changed. Sign in with the new password.")))\
        .to_be_visible()

    page.get_by_label(t("Mobile number")).fill(typed_number)
    page.get_by_label(t("Password")).fill("pahadi-chai-1")
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_text(t("Wrong mobile number or password."))).to_be_visible()
    page.get_by_label(t("Password")).fill("naya-password-2")
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("button", name=t("Sign out"))).to_be_visible()
    shot(page, "7-signed-in-again")


def test_a_wrong_number_shows_a_clear_message_on_a_phone(live_server, phone_context, shot, words):
    t = words("hi")
    page = phone_context("hi")
    page.goto(f"{live_server.url}/signin")
    page.get_by_label(t("Mobile number")).fill("12345")
    page.get_by_label(t("Password")).fill("whatever-1")
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_text(
        t("Enter a valid 10-digit Indian mobile number, e.g. 98160 12345."))).to_be_visible()
    # Nothing sticks out of a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "error")
