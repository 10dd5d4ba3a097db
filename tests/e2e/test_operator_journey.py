"""A CSC operator registers a worker at the counter and imports a list with bad rows."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from marketplace.demo import nadaun
from marketplace.extensions import db
from marketplace.workers.models import WorkerProfile, WorkerStatus

OPERATOR = next(phone for role, phone, *_ in nadaun.USERS if role == "operator")


def test_an_operator_registers_a_worker_and_imports_a_list(live_server, phone_context, shot,
                                                           tmp_path):
    page = phone_context("en")
    page.set_viewport_size({"width": 1280, "height": 900})  # a CSC desktop
    page.goto(f"{live_server.url}/signin")
    page.get_by_label("Mobile number").fill(OPERATOR)
    page.get_by_label("Password").fill(nadaun.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="English").click()  # the demo operator prefers Hindi

    page.get_by_role("link", name="Register a worker").click()
    page.get_by_label("Worker's mobile number").fill("98165 43210")
    page.get_by_label("Name shown to residents").fill("Baldev Singh")
    main_work = page.get_by_label("Main work")
    main_work.select_option(label=main_work.locator("option", has_text="Mason").inner_text())
    page.get_by_label("Years of experience").fill("12")
    page.get_by_label("Rate in rupees").fill("700")
    page.get_by_label("Home village or ward").select_option(label="Jalari")
    shot(page, "1-counter-form")
    page.get_by_role("button", name="Register and send the code").click()
    expect(page.get_by_role("heading", name="Worker's consent")).to_be_visible()

    code = live_server.last_code_for("+919816543210")
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()

    csv_path = tmp_path / "skill-mapping.csv"
    csv_path.write_text(
        "phone,name,category,village,rate,rate_unit,experience_years,skills,languages,"
        "eshram_uan\n"
        "9816543211,Kamla Devi,सिलाई,Galore,300,visit,5,Suits,hi,\n"
        "12345,Bad Phone,mason,Jalari,700,day,3,,hi,\n"
        "9816543212,Unknown Work,astronaut,Jalari,700,day,3,,hi,\n", encoding="utf-8")
    page.get_by_role("link", name="Import a list of workers").click()
    page.get_by_label("CSV file (UTF-8)").set_input_files(str(csv_path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("1 rows ready to import, 0 already registered, 2 rows with "
                            "errors")).to_be_visible()
    expect(page.get_by_text("Unknown work.")).to_be_visible()
    shot(page, "2-preview")
    page.get_by_role("button", name="Import 1 worker").click()
    expect(page.get_by_text("Imported 1 workers")).to_be_visible()

    with live_server.app.app_context():
        statuses = dict(db.session.execute(sa.select(
            WorkerProfile.display_name, WorkerProfile.status).where(
            WorkerProfile.display_name.in_(["Baldev Singh", "Kamla Devi", "Bad Phone"]))).all())
        db.session.remove()
    assert statuses == {"Baldev Singh": WorkerStatus.PENDING_REVIEW,
                        "Kamla Devi": WorkerStatus.PENDING_CONSENT}

