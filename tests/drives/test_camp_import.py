"""A list collected at a camp, imported by one of its operators on its day: the import's own
preview checks every row, and each worker it imports counts to the camp, its block and its
partner. Nobody else, and not on another day."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.core.db import reset_clock, run_clock_from
from marketplace.drives import queries
from marketplace.drives.progress import drive_progress
from marketplace.extensions import db
from marketplace.workers.models import ImportBatch, WorkerProfile
from tests.drives.factories import (
    CAMP_DAY,
    CAMP_MOMENT,
    make_camp,
    make_drive,
    make_partner,
    operator_of,
    second_village,
    staff_of,
)
from tests.helpers import csrf_token_from, sign_in, submit
from tests.workers.test_import import csv_file

ROWS = ("9816071101,बलदेव सिंह,rajmistri,Bijhar,700,day,12,,hi,",
        "9816071102,सुनीता देवी,सिलाई,बिझड़,300,visit,5,,hi,",
        "9816071103,No Village,rajmistri,Nowhere,700,day,1,,hi,")


@pytest.fixture
def camp_today(client, nadaun):
    staff = staff_of(nadaun)
    partner = make_partner(nadaun, staff)
    drive = make_drive(nadaun, staff, partner_targets={partner.id: 10})
    operator = operator_of(nadaun)
    camp = make_camp(drive, staff, [operator], village=second_village(nadaun), partner=partner)
    sign_in(client, operator)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return {"drive": drive, "camp": camp, "operator": operator, "partner": partner}


def upload_at(client, camp, *rows):
    return submit(client, f"/drives/camps/{camp.id}/import", {"file": csv_file(*rows)},
                  content_type="multipart/form-data")


def test_a_list_imported_at_the_camp_counts_its_workers_there(client, camp_today):
    camp = camp_today["camp"]
    assert f"/drives/camps/{camp.id}/import" in client.get("/drives/today").get_data(
        as_text=True)
    uploaded = upload_at(client, camp, *ROWS)
    assert uploaded.status_code == 302
    batch = db.session.scalars(sa.select(ImportBatch)).one()
    assert batch.camp_id == camp.id
    preview = uploaded.headers["Location"]
    page = client.get(preview).get_data(as_text=True)
    assert "Nowhere" in page  # the preview shows the bad row with its reason
    token = csrf_token_from(client, preview)
    assert client.post(preview, data={"csrf_token": token}).status_code == 302
    imported = db.session.scalars(sa.select(WorkerProfile).order_by(WorkerProfile.id)).all()
    assert [w.display_name for w in imported] == ["बलदेव सिंह", "सुनीता देवी"]
    assert {w.camp_id for w in imported} == {camp.id}
    progress = drive_progress(camp_today["drive"], queries.list_targets(camp_today["drive"].id),
                              queries.count_registrations(camp_today["drive"].id), CAMP_DAY)
    assert progress.total.done == 2
    assert [row.done for row in progress.partners] == [2]


def test_an_operator_not_assigned_to_the_camp_cannot_import_there(app, nadaun, camp_today):
    other = app.test_client()
    sign_in(other, operator_of(nadaun, name="CSC Other"))
    response = other.get(f"/drives/camps/{camp_today['camp'].id}/import")
    assert response.status_code == 403
    assert "not assigned to this camp" in response.get_data(as_text=True)


def test_no_list_is_counted_to_a_camp_on_another_day(client, camp_today):
    run_clock_from(CAMP_MOMENT + timedelta(days=1))
    try:
        response = client.get(f"/drives/camps/{camp_today['camp'].id}/import")
        assert response.status_code == 409
        posted = client.post(f"/drives/camps/{camp_today['camp'].id}/import",
                             data={"csrf_token": "x"})
        assert posted.status_code in (400, 409)
    finally:
        reset_clock()
    assert db.session.scalar(sa.select(sa.func.count(ImportBatch.id))) == 0


@pytest.mark.parametrize("file", [csv_file("not,a,list", header="what,is,this"),
                                  (io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)), "list.csv")])
def test_a_file_that_is_not_a_list_is_refused_with_a_message(client, camp_today, file):
    response = submit(client, f"/drives/camps/{camp_today['camp'].id}/import",
                      {"file": file}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ImportBatch.id))) == 0


@pytest.mark.parametrize("after", ["cancelled", "next_day"])
def test_a_list_checked_at_the_camp_is_not_imported_once_the_camp_is_over(client, nadaun,
                                                                           camp_today, after):
    """The preview is made on the camp's day; its import button still counted the workers
    to the camp after the staff had cancelled it, or on a later day."""
    from marketplace.drives import services

    camp = camp_today["camp"]
    preview = upload_at(client, camp, *ROWS).headers["Location"]
    token = csrf_token_from(client, preview)
    if after == "cancelled":
        services.cancel_camp(camp, actor=staff_of(nadaun), reason="Rain")
        db.session.commit()
    else:
        run_clock_from(CAMP_MOMENT + timedelta(days=1))
    try:
        response = client.post(preview, data={"csrf_token": token})
        page = client.get(preview).get_data(as_text=True)
    finally:
        run_clock_from(CAMP_MOMENT)
    assert response.status_code == 303
    assert "only on its day, while it is planned" in page
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0
    batch = db.session.scalars(sa.select(ImportBatch)).one()
    assert batch.imported_at is None
