"""An admin onboards a sub-division from the LGD village list: upload, a checked preview,
import, its settings copied from another, its staff made on the same page; every bad file is
refused clearly and writes nothing; staff may not."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.core.audit import AuditEvent
from marketplace.delivery.models import DeliverySlot, DeliveryTerms
from marketplace.delivery.services import save_terms
from marketplace.extensions import db
from marketplace.payouts.models import PayoutTerms
from marketplace.payouts.services import set_commission
from marketplace.places import lgd
from marketplace.places.models import LgdUpload, SubDivision, Village
from marketplace.workers.models import RateCard, RateUnit, WorkerCategory
from marketplace.workers.services import seed_categories, set_rate_card
from tests.helpers import make_slot, make_sub_division, make_user, sign_in, submit
from tests.places.lgd_files import NADAUN, lgd_csv, lgd_row

PAGE = "/panel/settings/lgd"


@pytest.fixture
def admin(app):
    return make_user(Role.ADMIN)


@pytest.fixture
def admin_client(client, admin):
    sign_in(client, admin)
    return client


def send(client, raw: bytes, file_name: str = "nadaun.csv", **fields):
    data = {"code": "NDL", "defaults_from": "0", **fields,
            "file": (io.BytesIO(raw), file_name)}
    return submit(client, PAGE, data, page=PAGE, content_type="multipart/form-data")


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def import_(client, location: str):
    return submit(client, location, {}, page=location)


def test_an_admin_uploads_checks_and_imports_a_new_sub_division(admin_client):
    response = send(admin_client, lgd_csv())
    assert response.status_code == 303
    preview = response.headers["Location"]
    page = admin_client.get(preview).get_data(as_text=True)
    assert "Makes a new sub-division NDL." in page and "Jalari" in page
    assert count(Village) == 0  # the preview writes no place
    response = import_(admin_client, preview)
    assert response.status_code == 303
    made = db.session.scalars(sa.select(SubDivision).where(SubDivision.code == "NDL")).one()
    assert count(Village, Village.sub_division_id == made.id) == 3
    page = admin_client.get(preview).get_data(as_text=True)
    assert "Imported: 3 villages and wards added, 0 updated, 0 as they were; 2 blocks and 2 " \
        "panchayats added; 0 rows left out." in page and "Staff accounts of NDL" in page
    again = import_(admin_client, preview)  # a second click imports nothing
    assert again.status_code == 303 and count(Village) == 3
    assert count(AuditEvent, AuditEvent.action == "place.lgd_imported") == 1
    listed = admin_client.get("/panel/settings/sub-divisions").get_data(as_text=True)
    assert "<td>444</td>" in listed


def add_account(client, preview: str, *, role: str, phone: str, name: str = "सीमा ठाकुर"):
    return submit(client, f"{preview}/accounts", {
        "name": name, "phone": phone, "role": role, "language": "hi",
        "password": "a long first password"}, page=preview)


def test_staff_accounts_are_made_from_the_same_page(admin_client):
    preview = send(admin_client, lgd_csv()).headers["Location"]
    import_(admin_client, preview)
    response = add_account(admin_client, preview, role="staff", phone="9816077001")
    assert response.status_code == 303 and response.headers["Location"].endswith(preview)
    staff = db.session.scalars(sa.select(User).where(User.phone == "+919816077001")).one()
    made = db.session.scalars(sa.select(SubDivision).where(SubDivision.code == "NDL")).one()
    assert (staff.role, staff.sub_division_id) == (Role.STAFF, made.id)
    assert "सीमा ठाकुर" in admin_client.get(preview).get_data(as_text=True)


def test_an_admin_account_cannot_be_made_from_the_onboarding_page(admin_client):
    preview = send(admin_client, lgd_csv()).headers["Location"]
    import_(admin_client, preview)
    response = add_account(admin_client, preview, role="admin", phone="9816077002")
    assert response.status_code == 400 and count(User, User.phone == "+919816077002") == 0


def test_settings_are_copied_from_the_chosen_sub_division(admin_client, admin):
    nadaun = make_sub_division()
    seed_categories()
    plumber = db.session.scalars(sa.select(WorkerCategory).where(
        WorkerCategory.slug == "plumber")).one()
    set_rate_card(nadaun, plumber, min_paise=40000, max_paise=60000, unit=RateUnit.DAY,
                  actor=admin)
    make_slot(nadaun, starts="16:00", ends="19:00", capacity=30)
    save_terms(nadaun.id, charge_paise=2500, free_from_paise=40000, minimum_order_paise=10000,
               actor_id=admin.id)
    set_commission(nadaun.id, commission_bp=500, actor=admin)
    preview = send(admin_client, lgd_csv(), defaults_from=str(nadaun.id)).headers["Location"]
    assert "settings start as those of NDN" in admin_client.get(preview).get_data(as_text=True)
    import_(admin_client, preview)
    made = db.session.scalars(sa.select(SubDivision).where(SubDivision.code == "NDL")).one()
    card = db.session.scalars(sa.select(RateCard).where(RateCard.sub_division_id == made.id)).one()
    assert (card.category_id, card.min_paise, card.max_paise) == (plumber.id, 40000, 60000)
    slot = db.session.scalars(sa.select(DeliverySlot).where(
        DeliverySlot.sub_division_id == made.id)).one()
    assert (slot.starts_at.hour, slot.capacity) == (16, 30)
    terms = db.session.get(DeliveryTerms, made.id)
    assert (terms.charge_paise, terms.minimum_order_paise) == (2500, 10000)
    assert db.session.get(PayoutTerms, made.id).commission_bp == 500
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "onboarding.settings_copied")).one()
    assert (event.subject_id, event.data["rate_cards"], event.data["delivery_slots"]) == (
        made.id, 1, 1)


def test_a_second_upload_of_the_list_updates_the_sub_division(admin_client):
    import_(admin_client, send(admin_client, lgd_csv()).headers["Location"])
    rows = [lgd_row(*r) for r in NADAUN] + [
        lgd_row("1702", "Bijhari", "बिझड़ी", "20004", "Kohla", "कोहला", "31.7", "76.4")]
    preview = send(admin_client, lgd_csv(rows), code="").headers["Location"]
    assert "Updates the sub-division NDL." in admin_client.get(preview).get_data(as_text=True)
    import_(admin_client, preview)
    assert count(SubDivision) == 1 and count(Village) == 4


@pytest.mark.parametrize("raw, words", [
    (lgd_csv(drop={"Village Code"}), "Village Code"),
    (b"\x00\x01\x02\x81\x8d\x8f" * 50, "could not be read"),
    (b"x" * 20_001, "larger than 5 MB"),  # the limit is 20,000 bytes in this test
    (b"\r\n \r\n", "no rows"),
])
def test_a_bad_file_is_refused_on_the_form_and_nothing_is_kept(admin_client, raw, words,
                                                               monkeypatch):
    monkeypatch.setattr(lgd, "MAX_BYTES", 20_000)
    response = send(admin_client, raw)
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert count(LgdUpload) == 0 and count(SubDivision) == 0


def test_a_file_name_with_control_characters_is_kept_without_them(admin_client):
    assert send(admin_client, lgd_csv(), file_name="nadaun\x00.csv").status_code == 400
    assert count(LgdUpload) == 0  # NUL: the request is refused before any view
    response = send(admin_client, lgd_csv(), file_name="nadaun\u202e\x07.csv")
    assert response.status_code == 303
    assert db.session.scalar(sa.select(LgdUpload.file_name)) == "nadaun.csv"


def test_a_file_beyond_the_request_limit_gets_the_clear_413_page(admin_client, app):
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = admin_client.post(PAGE, data=body, content_type="application/octet-stream")
    assert response.status_code == 413 and count(LgdUpload) == 0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_other_encodings_are_read(admin_client, encoding):
    rows = [lgd_row(*r) for r in NADAUN]
    if encoding == "cp1252":  # Excel's "CSV": no Devanagari, but accented Latin survives
        for row in rows:
            for column in row:
                if "Local" in column:
                    row[column] = ""
        rows[0]["Village Name (In English)"] = "Jalári"
    response = send(admin_client, lgd_csv(rows, encoding=encoding))
    assert response.status_code == 303
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jalári" in page if encoding == "cp1252" else "जलाड़ी" in page


def test_rows_with_control_characters_are_reported_and_left_out(admin_client):
    rows = [lgd_row(*r) for r in NADAUN] + [
        lgd_row("1701", "Nadaun", "नादौन", "20010", "Bad\x00Name", "नाम"),
        lgd_row("1701", "Nadaun", "नादौन", "20011", "Bidi\u202eName", "नाम"),
        lgd_row("1801", "Bhoranj", "भोरंज", "30001", "Kohla", "कोहला", sub_district="445")]
    preview = send(admin_client, lgd_csv(rows), sub_district_code="444").headers["Location"]
    page = admin_client.get(preview).get_data(as_text=True)
    assert "3 rows have errors and will be left out." in page
    assert "holds control characters" in page and "of another sub-district" in page
    errors = admin_client.get(f"{preview}/errors.csv").get_data(as_text=True)
    assert len(errors.strip().splitlines()) == 4
    import_(admin_client, preview)
    assert count(Village) == 3


@pytest.mark.parametrize("code", ["2147483648", "४४४x", "-444"])
def test_a_forged_sub_district_code_is_refused_on_the_form(admin_client, code):
    response = send(admin_client, lgd_csv(), sub_district_code=code)
    assert response.status_code == 400 and count(LgdUpload) == 0


def test_a_code_taken_since_the_upload_imports_nothing(admin_client):
    preview = send(admin_client, lgd_csv()).headers["Location"]
    make_sub_division("NDL", "Another")
    response = import_(admin_client, preview)
    assert response.status_code == 303
    assert "exists already" in admin_client.get(preview).get_data(as_text=True)
    assert count(Village, Village.lgd_code.is_not(None)) == 0
    assert db.session.scalar(sa.select(LgdUpload.imported_at)) is None


def test_staff_may_not_onboard(client):
    staff = make_user(Role.STAFF)
    sign_in(client, staff)
    assert client.get(PAGE).status_code == 403
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get("/panel/settings/accounts").get_data(as_text=True)).group(1)
    response = client.post(PAGE, data={"csrf_token": token, "code": "NDL",
                                       "file": (io.BytesIO(lgd_csv()), "x.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 403 and count(LgdUpload) == 0


def test_the_page_is_in_hindi(admin_client):
    submit(admin_client, "/language/hi", {"next": "/"}, page="/")
    client = admin_client
    page = client.get(PAGE).get_data(as_text=True)
    assert "LGD" in page and "Upload and check" not in page
