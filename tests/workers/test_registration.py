"""A resident registers as a worker; bad input is refused with a reason and writes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.workers.models import WorkerCategory, WorkerProfile, WorkerStatus
from marketplace.workers.services import seed_categories
from tests.helpers import first_village, make_user, sign_in, submit

# A 12-digit number that passes Aadhaar's Verhoeff check (a test value, nobody's number).
AADHAAR_LIKE = "2341 2341 2346"


def form_data(village_id: int, **changes) -> dict:
    plumber = db.session.scalar(
        sa.select(WorkerCategory.id).where(WorkerCategory.slug == "plumber"))
    data = {"display_name": "Sohan Lal", "main_category": plumber, "skills": "Pipes and taps",
            "experience_years": "7", "languages": ["hi", "pahari"], "rate": "600",
            "rate_unit": "day", "home_village": village_id, "availability": "available",
            "eshram_uan": ""}
    data.update(changes)
    return data


@pytest.fixture
def resident(client, nadaun):
    seed_categories()
    user = make_user(Role.RESIDENT)
    sign_in(client, user)
    return user


def test_a_resident_registers_and_waits_for_approval(client, nadaun, resident):
    village = first_village(nadaun)
    response = submit(client, "/workers/register", form_data(village.id))
    assert response.status_code == 303, response.get_data(as_text=True)
    worker = db.session.scalars(sa.select(WorkerProfile)).one()
    assert worker.status is WorkerStatus.PENDING_REVIEW and not worker.is_verified
    assert (worker.rate_paise, worker.languages) == (60000, "hi,pahari")
    assert worker.consent_notice and worker.consent_at
    db.session.refresh(resident)
    assert resident.role is Role.WORKER
    assert "Sohan Lal" not in client.get("/ndn/workers").get_data(as_text=True)
    assert client.get("/workers/register").headers["Location"].endswith("/workers/me")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"eshram_uan": AADHAAR_LIKE}, "looks like an Aadhaar number"),
        ({"skills": f"Call me, Aadhaar {AADHAAR_LIKE}"}, "looks like an Aadhaar number"),
        ({"display_name": "Sohan \u202eLal"}, "hidden control character"),
        ({"skills": "Pipes\u2066 and taps"}, "hidden control character"),
        ({"display_name": "Sohan २३४१ २३४१ २३४६"}, "looks like an Aadhaar number"),
        ({"experience_years": "٧"}, "0-9 or ०-९"),
        ({"rate": "٦٠٠"}, "0-9 or ०-९"),
        ({"eshram_uan": "12345"}, "exactly 12 digits"),
        ({"rate": "-5"}, "rupees with digits"),
        ({"rate": "NaN"}, "rupees with digits"),
        ({"rate": "sNaN"}, "rupees with digits"),
        ({"rate": "1e999999"}, "rupees with digits"),
        ({"rate": "60000"}, "The most allowed"),
        ({"rate": "99999999"}, "too large"),
        ({"rate": "0"}, "more than zero"),
        ({"experience_years": "-1"}, "from 0 to 70"),
        ({"experience_years": "500"}, "from 0 to 70"),
        ({"display_name": ""}, "Enter the worker"),
        ({"display_name": "x" * 81}, "at most 80"),
        ({"availability": "from_date", "available_from": "2020-01-01"}, "after today"),
        ({"languages": []}, "at least one language"),
        ({"main_category": "99999"}, "Not a valid choice"),
        ({"home_village": "99999"}, "Not a valid choice"),
    ],
)
def test_bad_registrations_are_refused_and_write_nothing(client, nadaun, resident, changes,
                                                         message):
    response = submit(client, "/workers/register", form_data(first_village(nadaun).id, **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0
    db.session.refresh(resident)
    assert resident.role is Role.RESIDENT


def test_a_village_of_another_sub_division_is_refused(client, nadaun, other_sub_division,
                                                      resident):
    foreign = first_village(other_sub_division)
    response = submit(client, "/workers/register",
                      form_data(first_village(nadaun).id, service_villages=[foreign.id]))
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0


def test_staff_cannot_register_themselves_as_workers(client, nadaun):
    seed_categories()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    assert client.get("/workers/register").status_code == 403


def test_an_eshram_uan_in_devanagari_digits_is_kept_in_ascii(client, nadaun, resident):
    response = submit(client, "/workers/register",
                      form_data(first_village(nadaun).id, eshram_uan="१००१ २३४५ ६७८९"))
    assert response.status_code == 303, response.get_data(as_text=True)
    assert db.session.scalars(sa.select(WorkerProfile)).one().eshram_uan == "100123456789"
