"""A registration drive in Hindi: the office starts a drive with block targets and two
camps; the demo operator registers three workers at today's camp on a phone; the drive's
page and the review sheet count them against the targets."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from marketplace.core.db import today_in_india
from marketplace.demo import nadaun
from marketplace.drives.models import Camp, Drive
from marketplace.extensions import db
from marketplace.places.models import Village
from marketplace.workers.models import WorkerProfile, WorkerStatus
from tests.e2e.panel_steps import STAFF, expect_flash, open_menu, pdf_pages, sign_in
from tests.e2e.printed import printed_page, qr_codes_in

OPERATOR, OPERATOR_NAME = next((phone, name) for role, phone, name, _ in nadaun.USERS
                               if role == "operator")
DRIVE_NAME = "दिसंबर शिविर अभियान"
WORKERS = [("98165 50001", "सुरेश कुमार"), ("98165 50002", "कमला देवी"),
           ("98165 50003", "मोहन सिंह")]


@pytest.fixture
def desk(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="hi",
                                   extra_http_headers={"Accept-Language": "hi"})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _plan_camp(office, t, day, village: str) -> None:
    office.get_by_label(t("Date of the camp")).fill(day.isoformat())
    office.get_by_label(t("Village or ward")).select_option(label=village)
    office.get_by_role("checkbox", name=OPERATOR_NAME).check()
    office.get_by_label(t("Expected footfall")).fill("60")
    office.get_by_role("button", name=t("Plan the camp")).click()
    expect_flash(office, t("The camp is planned."))
    office.get_by_role("link", name=DRIVE_NAME).click()


def _register(worker, t, live_server, phone: str, name: str) -> None:
    worker.get_by_label(t("Worker's mobile number")).fill(phone)
    worker.get_by_label(t("Name shown to residents")).fill(name)
    main_work = worker.get_by_label(t("Main work"))
    main_work.select_option(label=main_work.locator("option", has_text="राजमिस्त्री")
                            .first.inner_text())
    worker.get_by_label(t("Rate in rupees")).fill("700")
    worker.get_by_label(t("Home village or ward")).select_option(label="जलाड़ी")
    worker.get_by_role("button", name=t("Register and send the code")).click()
    worker.get_by_label(t("6-digit code")).fill(
        live_server.last_code_for("+91" + phone.replace(" ", "")))
    worker.get_by_role("button", name=t("Record consent")).click()
    expect(worker.get_by_role("heading", name=t("Today's camp"))).to_be_visible()


def test_staff_plan_a_drive_and_an_operator_registers_three_workers_at_todays_camp(
        live_server, desk, phone_context, shot, words):
    t = words("hi")
    today = today_in_india()
    office = desk
    sign_in(office, live_server, t, STAFF, with_code=True)
    open_menu(office, t, "Registration drives")
    office.get_by_role("link", name=t("Start a drive")).click()
    office.get_by_label(t("Name of the drive in Hindi")).fill(DRIVE_NAME)
    office.get_by_label(t("First day")).fill((today - timedelta(days=1)).isoformat())
    office.get_by_label(t("Last day")).fill((today + timedelta(days=6)).isoformat())
    for target in office.locator("input[name^='block-']").all():
        target.fill("10")
    office.get_by_role("button", name=t("Save the drive")).click()
    expect_flash(office, t("The drive is saved."))
    _plan_camp(office, t, today, "जलाड़ी")
    _plan_camp(office, t, today + timedelta(days=2), "गलोड़")
    shot(office, "1-drive-with-camps")

    worker = phone_context("hi")
    sign_in(worker, live_server, t, OPERATOR, with_code=False)
    open_menu(worker, t, "Today's camp")
    card = worker.locator("li.card").filter(has_text=DRIVE_NAME)
    shot(worker, "2-todays-camp")
    for phone, name in WORKERS:
        card.get_by_role("link", name=t("Register a worker at this camp")).click()
        _register(worker, t, live_server, phone, name)
    expect(card).to_contain_text("यहाँ 3 पंजीकरण")
    shot(worker, "3-three-registered")

    office.reload()
    expect(office.locator(".big-figure")).to_contain_text("3 पंजीकरण")
    office.get_by_role("link", name=t("Review meeting sheet (A4)")).click()
    expect(office.locator("header")).to_contain_text("लगे शिविर: 0, अभी लगने हैं: 2")
    shot(office, "4-review-sheet")

    with live_server.app.app_context():
        drive = db.session.scalars(sa.select(Drive).where(Drive.name_hi == DRIVE_NAME)).one()
        camp = db.session.scalars(sa.select(Camp).where(
            Camp.drive_id == drive.id, Camp.held_on == today)).one()
        registered = db.session.scalars(sa.select(WorkerProfile).where(
            WorkerProfile.camp_id == camp.id)).all()
        assert sorted(p.display_name for p in registered) == sorted(n for _p, n in WORKERS)
        assert {p.status for p in registered} == {WorkerStatus.PENDING_REVIEW}
        db.session.remove()


def _put_on_poster(app, village_name: str) -> tuple[int, list[str], list[str]]:
    """The village's approved workers who show their number choose the poster; one of them
    is left out. Returns the village's id, the names on it and the name left out."""
    with app.app_context():
        village = db.session.scalars(sa.select(Village).where(
            Village.name_hi == village_name)).one()
        workers = db.session.scalars(sa.select(WorkerProfile).where(
            WorkerProfile.home_village_id == village.id,
            WorkerProfile.status == WorkerStatus.APPROVED,
            WorkerProfile.hide_phone.is_(False)).order_by(WorkerProfile.id)).all()
        assert len(workers) >= 2, "the demo has approved workers in the village"
        chosen, left_out = workers[:-1], workers[-1]
        for worker in chosen:
            worker.on_posters = True
        left_out.on_posters = False
        names = [worker.display_name for worker in chosen]
        result = village.id, names, [left_out.display_name]
        db.session.commit()
        db.session.remove()
    return result


def test_the_village_poster_prints_from_chromium_on_one_a4_page(live_server, desk, shot, words):
    t = words("hi")
    village_id, names, left_out = _put_on_poster(live_server.app, "जलाड़ी")
    sign_in(desk, live_server, t, STAFF, with_code=True)
    desk.goto(f"{live_server.url}/panel/posters/villages/{village_id}")
    expect(desk.get_by_role("heading", level=1)).to_contain_text("जलाड़ी")
    expect(desk.locator("svg.qr")).to_be_visible()
    shot(desk, "5-village-poster")

    desk.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    desk.emulate_media(media="print")
    text = desk.locator("main").inner_text()
    for name in names:
        assert name in text
    for name in left_out:
        assert name not in text
    pdf = desk.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    assert len(pages) == 1, pages
    assert abs(pages[0][0] - 595.0) < 2 and abs(pages[0][1] - 842.0) < 2
    # The paper itself: its QR code, read from the printed page, opens the village's list.
    printed = printed_page(pdf)
    assert qr_codes_in(printed.image) == [
        f"{live_server.app.config['PUBLIC_BASE_URL']}/ndn/workers?village={village_id}"]
    for name in names:
        assert printed.shows(name), name
    for name in left_out:
        assert not printed.shows(name), name
