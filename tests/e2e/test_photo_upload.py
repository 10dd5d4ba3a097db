"""An SHG member on a 360 px phone in Hindi, on slow 3G, adds a product with a 12 MP photo: the
phone shrinks it before sending and shows the progress; without JavaScript the full photo
still goes and is kept (issue 16, item 1)."""

from __future__ import annotations

import io
import re
import time

import pytest
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.extensions import db
from marketplace.media.services import storage
from marketplace.shg.models import SelfHelpGroup
from marketplace.workers.models import WorkerProfile, WorkerStatus
from tests.e2e.conftest import PHONE
from tests.e2e.panel_steps import sign_in

SHG_LEADER = "+919459000001"  # the demo's first group's leader (marketplace/demo/groups.py)
#: the issue's slow-3G profile: 400 ms latency, 400 kbit/s each way
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
           "uploadThroughput": 400_000 / 8}
EXIF_ORIENTATION = 0x0112


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory):
    """A 4000×3000 camera JPEG of several MB (coloured blotches and sensor-like grain), taken
    with the phone turned: EXIF orientation 6 says it shows upright as 3000×4000."""
    blotches = [Image.effect_noise((160, 120), 90).convert("L") for _ in range(3)]
    grain = Image.effect_noise((4000, 3000), 20).convert("L")
    channels = [Image.blend(c.resize((4000, 3000), Image.Resampling.BICUBIC), grain, 0.25)
                for c in blotches]
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    out = io.BytesIO()
    Image.merge("RGB", channels).save(out, "JPEG", quality=92, exif=exif)
    path = tmp_path_factory.mktemp("camera") / "IMG_20261203_101500.jpg"
    path.write_bytes(out.getvalue())
    assert 3_000_000 < path.stat().st_size < 8_000_000  # a phone's photo, within the server's limit
    return path


PHOTO_FORMS = ("/products/new", "/workers/me/edit")


@pytest.fixture
def uploads(live_server, monkeypatch) -> list[int]:
    """The byte counts of the request bodies the server received from the photo forms."""
    received: list[int] = []
    app = live_server.app
    inner = app.wsgi_app

    def recording(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST" and environ["PATH_INFO"] in PHOTO_FORMS:
            received.append(int(environ.get("CONTENT_LENGTH") or 0))
        return inner(environ, start_response)

    monkeypatch.setattr(app, "wsgi_app", recording)
    return received


def fill_the_product(page, t, name: str, photo) -> None:
    page.get_by_role("link", name=t("Our products")).click()
    page.get_by_role("link", name=t("Add a product")).click()
    page.get_by_label(t("Photos (up to 5)")).set_input_files(str(photo))
    page.get_by_label(t("Name in Hindi")).fill(name)
    kind = page.get_by_label(t("Kind of product"))
    kind.select_option(label=kind.locator("option", has_text="अचार").first.inner_text())
    page.get_by_label(t("Price in rupees")).fill("180")
    page.get_by_label(t("How many in stock")).fill("12")


def kept_original_size(live_server, name: str) -> tuple[int, int]:
    """The size of the original the server kept of the photo of the product just saved (the
    newest of that name: the demo may sell one of the same name elsewhere)."""
    with live_server.app.app_context():
        product = db.session.scalars(sa.select(Product).where(Product.name_hi == name)
                                     .order_by(Product.id.desc())).first()
        assert len(product.photos) == 1
        path = storage().path_of(product.photos[0].image.original_name())
        with Image.open(path) as original:
            size = original.size
        db.session.remove()
    return size


def test_the_phone_shrinks_a_12_mp_photo_and_shows_the_upload_progress(
        live_server, phone_context, shot, words, phone_photo, uploads):
    t = words("hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, SHG_LEADER, with_code=False)
    fill_the_product(page, t, "आँवले का मुरब्बा", phone_photo)
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", SLOW_3G)

    started = time.monotonic()
    page.get_by_role("button", name=t("Save product")).click()
    progress = page.get_by_role("status").filter(
        has_text=re.compile(re.escape(t("Sending the photos…")) + r" \d+%"))
    expect(progress).to_be_visible(timeout=20_000)
    expect(page.locator(".upload-status progress")).to_be_visible()
    shot(page, "1-sending")
    saved = t("Saved. It will be in the catalogue once the SDM office approves it.")
    expect(page.get_by_text(saved)).to_be_visible(timeout=30_000)
    took = time.monotonic() - started
    expect(page).to_have_url(re.compile(r"/products/\d+$"))
    photo = page.locator("img.product-big")
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") > 0  # the page shown loads its photo
    shot(page, "2-saved")

    [sent] = uploads
    assert sent < 600_000, f"{sent} bytes sent for a {phone_photo.stat().st_size} byte photo"
    # shrunk to 1600 px on its long side, and upright: the phone applied the EXIF turn
    assert kept_original_size(live_server, "आँवले का मुरब्बा") == (1200, 1600)
    # the target on slow 3G: the photo saved within 10 s (it took 101 s unshrunk)
    assert took <= 10, f"saving took {took:.1f} s"


def test_without_javascript_the_full_photo_is_sent_and_kept(
        live_server, chromium, shot, words, phone_photo, uploads):
    t = words("hi")
    context = chromium.new_context(viewport=PHONE, locale="hi", is_mobile=True,
                                   has_touch=True, java_script_enabled=False,
                                   extra_http_headers={"Accept-Language": "hi"})
    try:
        context.set_default_timeout(20_000)
        page = context.new_page()
        sign_in(page, live_server, t, SHG_LEADER, with_code=False)
        fill_the_product(page, t, "नींबू का अचार", phone_photo)
        page.get_by_role("button", name=t("Save product")).click()
        saved = t("Saved. It will be in the catalogue once the SDM office approves it.")
        expect(page.get_by_text(saved)).to_be_visible()
        expect(page.locator("img.product-big")).to_be_visible()
        shot(page, "saved")
    finally:
        context.close()

    [sent] = uploads
    assert sent > phone_photo.stat().st_size  # the whole file, as the phone had it
    # the server turned it upright and kept it as its JPEG decoder read it, at half scale
    assert kept_original_size(live_server, "नींबू का अचार") == (1500, 2000)


def a_worker_phone(live_server) -> str:
    with live_server.app.app_context():
        phone = db.session.scalar(
            sa.select(User.phone).join(WorkerProfile, WorkerProfile.user_id == User.id)
            .where(WorkerProfile.status == WorkerStatus.APPROVED).order_by(WorkerProfile.id))
        db.session.remove()
    return phone


def test_a_worker_changes_her_photo_and_the_phone_sends_it_shrunk(
        live_server, phone_context, shot, words, phone_photo, uploads):
    t = words("hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, a_worker_phone(live_server), with_code=False)
    page.goto(f"{live_server.url}/workers/me/edit")
    page.get_by_label(t("Photo"), exact=True).set_input_files(str(phone_photo))
    page.get_by_role("button", name=t("Save")).click()
    expect(page.get_by_text(t("Saved. Changes to name, photo, work or skills are shown after "
                              "the SDM office checks them."))).to_be_visible(timeout=20_000)
    shot(page, "saved")
    [sent] = uploads
    assert sent < 600_000, f"{sent} bytes sent for a {phone_photo.stat().st_size} byte photo"


def give_the_group_a_photo(live_server, group_id: int) -> None:
    with live_server.app.app_context():
        product = db.session.scalars(sa.select(Product).where(Product.group_id == group_id)
                                     .order_by(Product.id)).first()
        db.session.get(SelfHelpGroup, group_id).photo_id = product.photos[0].image_id
        db.session.commit()
        db.session.remove()


def test_a_phone_fetches_card_photos_at_the_size_of_their_slot(live_server, chromium, shot):
    """Issue 16, item 8: on a phone of twice the pixel density a 72 px worker photo comes at
    144 px (it came at 200) and a product card's 138 px photo at 300 (not the 600 px one)."""
    context = chromium.new_context(viewport=PHONE, locale="hi", is_mobile=True, has_touch=True,
                                   device_scale_factor=2,
                                   extra_http_headers={"Accept-Language": "hi"})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/ndn/workers")
        photo = page.locator("img.worker-photo").first
        expect(photo).to_have_js_property("complete", True)
        assert photo.evaluate("img => img.currentSrc").endswith("/small.webp")
        assert photo.evaluate("img => img.clientWidth") == 72
        shot(page, "workers")

        page.goto(f"{live_server.url}/ndn/products")
        card = page.locator("img.product-photo").first
        expect(card).to_have_js_property("complete", True)
        assert card.evaluate("img => img.currentSrc").endswith("/card.webp")
        assert 130 <= card.evaluate("img => img.clientWidth") <= 145  # two columns at 360 px
        shot(page, "products")

        card.click()  # the product page: its photo fills the card, 290 px wide
        big = page.locator("img.product-big").first
        expect(big).to_have_js_property("complete", True)
        assert big.evaluate("img => img.currentSrc").endswith("/medium.webp")
        page.locator("a[href*='/shg/']").first.click()
        # the demo's groups have no photo: give this one its first product's
        give_the_group_a_photo(live_server, int(page.url.rsplit("/", 1)[1]))
        page.reload()
        group = page.locator("img.group-photo")
        expect(group).to_have_js_property("complete", True)
        assert group.evaluate("img => img.clientWidth") <= PHONE["width"] - 60  # in its card
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
        shot(page, "storefront")
    finally:
        context.close()
