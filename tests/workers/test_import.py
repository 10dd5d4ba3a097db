"""A skill-mapping CSV: every row checked, bad rows never imported, good rows imported once."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.errors import InvalidInput
from marketplace.core.identity import aadhaar_numbers
from marketplace.extensions import db
from marketplace.workers import importing
from marketplace.workers.errors import WorkerError
from marketplace.workers.models import ImportBatch, WorkerProfile, WorkerStatus
from marketplace.workers.services import seed_categories
from tests.helpers import add_village, make_user, make_worker, messages_to, sign_in, submit

HEADER = "phone,name,category,village,rate,rate_unit,experience_years,skills,languages,eshram_uan"


def csv_file(*rows: str, header: str = HEADER) -> tuple[io.BytesIO, str]:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode("utf-8")), "list.csv"


@pytest.fixture
def operator(client, nadaun):
    seed_categories()
    add_village(nadaun, "Jalari", 31.74, 76.38, name_hi="जलाड़ी")
    user = make_user(Role.OPERATOR, sub_division=nadaun)
    sign_in(client, user)
    return user


def upload(client, *rows, header=HEADER):
    return submit(client, "/workers/import", {"file": csv_file(*rows, header=header)},
                  content_type="multipart/form-data")


GOOD = "9816011111,Baldev Singh,rajmistri,Jalari,700,day,12,Stone walls,hi;pahari,"
GOOD_HINDI = "9816011112,सुनीता देवी,सिलाई,जलाड़ी,300,visit,5,,hi,"


def test_a_file_with_good_and_bad_rows_imports_only_the_good_ones(client, nadaun, operator):
    response = upload(client, GOOD, GOOD_HINDI,
                      "12345,No Phone,mason,Jalari,700,day,1,,hi,",
                      "9816011113,Wrong Work,astronaut,Jalari,700,day,1,,hi,",
                      "9816011114,No Village,mason,Atlantis,700,day,1,,hi,",
                      "9816011115,Bad Rate,mason,Jalari,NaN,day,1,,hi,",
                      "9816011116,Aadhaar Given,mason,Jalari,700,day,1,,hi,2341 2341 2346",
                      "9816011111,Same Phone,mason,Jalari,700,day,1,,hi,")
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    html = preview.get_data(as_text=True)
    assert "2 rows ready to import" in html and "6 rows with errors" in html
    for words in ("valid 10-digit", "Unknown work", "Unknown village", "amount in rupees",
                  "Aadhaar", "earlier row"):
        assert words in html
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0  # not yet

    report = client.get(response.headers["Location"] + "/errors.csv").get_data(as_text=True)
    assert report.count("\n") == 7 and "Atlantis" in report

    done = submit(client, response.headers["Location"])
    assert done.status_code == 302
    profiles = db.session.scalars(sa.select(WorkerProfile).order_by(WorkerProfile.id)).all()
    assert [p.display_name for p in profiles] == ["Baldev Singh", "सुनीता देवी"]
    assert all(p.status is WorkerStatus.PENDING_CONSENT for p in profiles)
    assert messages_to("+919816011111")[-1].kind == "worker_consent_link"


def test_importing_again_imports_nothing_twice(client, nadaun, operator):
    first = upload(client, GOOD)
    submit(client, first.headers["Location"])
    assert submit(client, first.headers["Location"]).status_code == 303  # same batch again
    second = upload(client, GOOD, GOOD_HINDI)
    html = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "1 rows ready to import, 1 already registered" in html
    submit(client, second.headers["Location"])
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 2


def test_a_worker_already_listed_is_skipped_not_duplicated(client, nadaun, operator):
    make_worker(nadaun, phone="+919816011111")
    response = upload(client, GOOD)
    assert "1 already registered" in client.get(response.headers["Location"]).get_data(
        as_text=True)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe\x00garbage", "CSV UTF-8"),
        (b"name,village\nX,Y\n", "column names"),
    ],
)
def test_unreadable_files_get_a_clear_message(client, nadaun, operator, data, words):
    response = submit(client, "/workers/import", {"file": (io.BytesIO(data), "x.csv")},
                      content_type="multipart/form-data")
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    assert response.status_code == 400 and words in response.get_data(as_text=True)


def test_the_template_downloads_and_is_spreadsheet_safe(client, operator):
    response = client.get("/workers/import/template.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeffphone,name,category")


def test_a_batch_of_another_sub_division_is_not_found(app, client, nadaun, other_sub_division,
                                                       operator):
    response = upload(client, GOOD)
    elsewhere = app.test_client()
    sign_in(elsewhere, make_user(Role.OPERATOR, sub_division=other_sub_division))
    assert elsewhere.get(response.headers["Location"]).status_code == 404


def test_another_operators_batch_of_the_same_sub_division_is_not_found(app, client, nadaun,
                                                                       operator):
    preview = upload(client, GOOD, "12345,Bad Row,nothing,Nowhere,x,day,,,hi,").headers[
        "Location"]
    colleague = app.test_client()
    sign_in(colleague, make_user(Role.OPERATOR, sub_division=nadaun))
    for path in (preview, preview + "/errors.csv"):
        response = colleague.get(path)
        assert response.status_code == 404, path
        assert "12345" not in response.get_data(as_text=True)
    assert submit(colleague, preview, page="/").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_of_the_sub_division_and_admins_read_an_operators_batch(app, client, nadaun,
                                                                      operator, role):
    preview = upload(client, GOOD).headers["Location"]
    office = app.test_client()
    sign_in(office, make_user(role, sub_division=nadaun if role is Role.STAFF else None))
    assert office.get(preview).status_code == 200
    assert office.get(preview + "/errors.csv").status_code == 200


AADHAAR = "2341 2341 2346"  # passes Aadhaar's Verhoeff check


def test_an_upload_with_an_aadhaar_column_keeps_only_the_rows_an_import_needs(
        client, nadaun, operator):
    response = upload(client, GOOD + f",{AADHAAR}", header=HEADER + ",aadhaar")
    assert response.status_code == 302
    batch = db.session.scalars(sa.select(ImportBatch)).one()
    assert not hasattr(batch, "content")
    assert batch.rows[0]["values"]["name"] == "Baldev Singh"
    assert "aadhaar" not in batch.rows[0]["values"]
    assert aadhaar_numbers(json.dumps(batch.rows, ensure_ascii=False)) == []
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 rows ready to import" in html


@pytest.mark.parametrize("row", [
    f"9816011117,Ram {AADHAAR},mason,Jalari,700,day,1,,hi,",
    f"9816011118,Shyam,mason,Jalari,700,day,1,Card {AADHAAR},hi,",
])
def test_a_row_with_an_aadhaar_number_is_refused_by_the_preview_as_by_the_import(
        client, nadaun, operator, row):
    response = upload(client, GOOD, row)
    batch = db.session.scalars(sa.select(ImportBatch)).one()
    assert aadhaar_numbers(json.dumps(batch.rows, ensure_ascii=False)) == []
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 rows ready to import" in html and "1 rows with errors" in html
    assert "looks like an Aadhaar number" in html and AADHAAR not in html
    report = client.get(response.headers["Location"] + "/errors.csv").get_data(as_text=True)
    assert "Aadhaar" in report and AADHAAR not in report
    done = submit(client, response.headers["Location"])
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Imported 1 workers" in page and "Row 3 not imported" in page
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 1


def test_a_row_the_import_leaves_out_after_the_preview_says_why(
        client, nadaun, operator, monkeypatch):
    response = upload(client, GOOD)
    assert "1 rows ready to import" in client.get(response.headers["Location"]).get_data(
        as_text=True)

    def refuse(**kwargs):
        raise InvalidInput(WorkerError.VILLAGE)  # e.g. the village was moved since the preview

    monkeypatch.setattr(importing.assisted, "register_for_worker", refuse)
    done = submit(client, response.headers["Location"])
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Imported 0 workers" in page
    assert "Row 2 not imported: Choose villages of this sub-division" in page


@pytest.mark.parametrize("years", ["²", "७", "100", "-1"])
def test_years_of_experience_that_are_not_a_number_up_to_70_are_a_row_error(
        client, nadaun, operator, years):
    response = upload(client, f"9816011117,Odd Years,mason,Jalari,700,day,{years},,hi,")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    if years == "७":  # Devanagari digits are digits: seven years
        assert "1 rows ready to import" in html
    else:
        assert "1 rows with errors" in html


@pytest.mark.parametrize("row", [
    "9816011117,\u202eRam Lal,mason,Jalari,700,day,1,,hi,",  # a right-to-left override
    "9816011117,Ram\u0000 Lal,mason,Jalari,700,day,1,,hi,",
    "9816011117,Ram Lal,mason,Jalari,700,day,1,Walls\u0000 and roofs,hi,",
    "9816011117,Ram Lal,mason,Jalari,700,day,1,Walls\u200f and roofs,hi,",
])
def test_a_row_with_a_hidden_character_is_refused_by_the_preview_as_by_the_form(
        client, nadaun, operator, row):
    """The form refuses a control or bidi character in the name or skills; the list's
    preview said such a row was ready, and the import then stored it (for a resident's
    number) or failed on it."""
    make_user(phone="+919816011117", name="Ram Lal")  # a resident already: no account made
    response = upload(client, GOOD, row)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 rows ready to import" in html and "1 rows with errors" in html
    assert "hidden control character" in html
    submit(client, response.headers["Location"])
    assert db.session.scalars(sa.select(WorkerProfile.display_name)).all() == ["Baldev Singh"]


@pytest.mark.parametrize(("phone", "ready"), [
    ("९८१६०११११७", True),     # Devanagari digits are digits, as in the forms
    ("٩٨١٦٠١١١١٧", False),    # Arabic-Indic ones are refused, as in the forms
    ("۹۸۱۶۰۱۱۱۱۷", False),    # so are Persian ones
])
def test_a_phone_in_another_scripts_digits_is_a_row_error_as_in_the_forms(
        client, nadaun, operator, phone, ready):
    response = upload(client, f"{phone},Ram Lal,mason,Jalari,700,day,1,,hi,")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("1 rows ready to import" in html) is ready
    assert ("valid 10-digit" in html) is not ready


def test_the_preview_is_in_hindi_for_a_hindi_reader(client, nadaun, operator):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    with client.session_transaction() as session:
        session["lang"] = "hi"
    preview = client.get(upload(client, GOOD_HINDI).headers["Location"])
    html = preview.get_data(as_text=True)
    headings = html[html.index("<thead>"):html.index("</thead>")]
    for hindi in ("पंक्ति", "फ़ोन", "नाम", "काम का प्रकार", "गाँव", "दर", "नतीजा"):
        assert f"<th>{hindi}</th>" in headings
    for english in ("phone", "name", "category", "village", "rate"):
        assert english not in headings.lower()
