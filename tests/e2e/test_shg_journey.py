"""An SHG member on a phone adds a product with a photo in Hindi; staff approve it; a resident
finds it by a Hindi search and by the category filter."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from marketplace.demo import nadaun

LEADER = "+919459000001"
STAFF = next(phone for role, phone, *_ in nadaun.USERS if role == "staff")


def sign_in(page, live_server, t, phone):
    page.goto(f"{live_server.url}/signin")
    page.get_by_label(t("Mobile number")).fill(phone)
    page.get_by_label(t("Password")).fill(nadaun.DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()


def test_a_member_adds_a_product_staff_approve_and_a_resident_finds_it(
        live_server, phone_context, shot, words, tmp_path):
    t = words("hi")
    picture = tmp_path / "camera.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (170, 60, 40)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())

    member = phone_context("hi")
    sign_in(member, live_server, t, LEADER)
    member.get_by_role("link", name=t("Our products")).click()
    member.get_by_role("link", name=t("Add a product")).click()
    member.get_by_label(t("Photos (up to 5)")).set_input_files(str(picture))
    expect(member.locator("img.photo-preview")).to_be_visible()  # seen before saving
    member.get_by_label(t("Name in Hindi")).fill("बुरांश का शरबत")
    kind = member.get_by_label(t("Kind of product"))
    kind.select_option(label=kind.locator("option", has_text="अचार").first.inner_text())
    member.get_by_label(t("Price in rupees")).fill("220")
    member.get_by_label(t("How many in stock")).fill("15")
    member.get_by_label(t("Organic / natural")).check()
    shot(member, "1-product-form")
    member.get_by_role("button", name=t("Save product")).click()
    expect(member.get_by_text(t("Waiting for approval")).first).to_be_visible()
    shot(member, "2-waiting")

    staff = phone_context("hi")
    sign_in(staff, live_server, t, STAFF)
    staff.get_by_label(t("6-digit code")).fill(live_server.last_code_for(STAFF))
    staff.get_by_role("button", name=t("Sign in")).click()
    staff.get_by_role("navigation", name=t("Panel pages")).get_by_role(
        "link", name=t("Review products")).click()
    staff.get_by_role("link", name="बुरांश का शरबत").click()
    staff.get_by_role("button", name=t("Approve"), exact=True).click()
    expect(staff.get_by_text(t("Decision saved; they have been told."))).to_be_visible()

    resident = phone_context("hi")
    resident.goto(f"{live_server.url}/ndn/")
    resident.get_by_role("navigation").get_by_role("link", name=t("Products")).click()
    resident.get_by_label(t("Search products")).fill("बुरांश")
    resident.get_by_role("button", name=t("Search")).click()
    expect(resident.get_by_text("बुरांश का शरबत")).to_be_visible()
    shot(resident, "3-found-by-search")
    resident.goto(f"{live_server.url}/ndn/products")
    resident.get_by_text(t("Filters")).click()
    kind = resident.get_by_label(t("Kind"), exact=True)
    kind.select_option(label=kind.locator("option", has_text="अचार").first.inner_text())
    resident.get_by_label(t("Organic only")).check()
    resident.get_by_role("button", name=t("Show products")).click()
    expect(resident.get_by_text("बुरांश का शरबत")).to_be_visible()
    resident.get_by_text("बुरांश का शरबत").click()
    expect(resident.get_by_text("₹220")).to_be_visible()
    shot(resident, "4-product-page")
