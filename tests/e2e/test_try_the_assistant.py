"""An admin, in Hindi on a phone, tries the WhatsApp assistant without Meta: writes as a
resident, sees the reply in the phone-shaped chat."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from marketplace.demo import nadaun
from tests.e2e.panel_steps import open_menu, sign_in

ADMIN = next(phone for role, phone, *_ in nadaun.USERS if role == "admin")


@pytest.fixture
def assistant_on(live_server):
    config = live_server.app.config
    config["WHATSAPP_APP_SECRET"] = "e2e-app-secret-0123456789"  # noqa: S105 - the test's own
    yield
    config["WHATSAPP_APP_SECRET"] = ""


def test_an_admin_writes_as_a_resident_and_reads_the_assistants_reply(
        live_server, assistant_on, phone_context, shot, words):
    t = words("hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, ADMIN, with_code=True)
    open_menu(page, t, "Try the assistant")
    expect(page.get_by_text(t("No messages with this number yet."))).to_be_visible()
    page.get_by_label(t("The resident's mobile number")).fill("98160 55501")
    page.get_by_label(t("Message")).fill("नमस्ते, मुझे प्लंबर चाहिए")
    page.get_by_role("button", name=t("Send")).click()
    thread = page.get_by_role("list", name=t("Conversation"))
    resident = thread.locator(".from-resident")
    expect(resident).to_have_count(1)
    expect(resident).to_contain_text("नमस्ते, मुझे प्लंबर चाहिए")
    reply = thread.locator(".from-assistant").first
    expect(reply).to_be_visible()
    # The reply comes in the resident's script: Hindi for a message in Devanagari.
    expect(reply.locator(".chat-text")).to_contain_text("स्वरोज़गार")
    # The number stays for the next message.
    expect(page.get_by_label(t("The resident's mobile number"))).to_have_value("+919816055501")
    shot(page, "chat")
