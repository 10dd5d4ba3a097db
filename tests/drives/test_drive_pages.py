"""Staff start a drive with targets per block and partner, and edit it; bad targets, dates
and another sub-division's blocks are refused with a message; two staff editing at once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.core.audit import AuditEvent
from marketplace.drives.models import Drive, DriveTarget
from marketplace.extensions import db
from marketplace.places.models import Block
from tests.drives.factories import make_drive, make_partner, second_village, staff_of
from tests.helpers import sign_in, submit


def _blocks(sub_division) -> list[int]:
    return list(db.session.scalars(sa.select(Block.id).where(
        Block.sub_division_id == sub_division.id).order_by(Block.id)))


def _form(blocks, **changes) -> dict:
    data = {"name_en": "October drive", "starts_on": "2026-10-01", "ends_on": "2026-10-15",
            **{f"block-{block}": "40" for block in blocks}}
    data.update(changes)
    return data


def test_staff_start_a_drive_with_block_and_partner_targets_and_kinds_of_work(
        client, nadaun, staff):
    second_village(nadaun)
    blocks, partner = _blocks(nadaun), make_partner(nadaun, staff)
    mason = db.session.execute(sa.text("select id from worker_categories where slug='mason'"))
    response = submit(client, "/panel/drives/new", _form(
        blocks, **{f"block-{blocks[1]}": "१२", f"partner-{partner.id}": "25",
                   "categories": [mason.scalar()]}))
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    drive = db.session.scalars(sa.select(Drive)).one()
    assert (drive.name_en, drive.version, drive.sub_division_id) == ("October drive", 1, nadaun.id)
    targets = {(t.block_id, t.partner_id): t.target for t in drive.targets}
    assert targets == {(blocks[0], None): 40, (blocks[1], None): 12, (None, partner.id): 25}
    assert [c.slug for c in drive.categories] == ["mason"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "October drive" in page and "ITI Nadaun" in page and "<svg" in page
    assert db.session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.subject_type == "drive")) == "drive.created"


@pytest.mark.parametrize("typed", ["-5", "2.5", "1e3", "ten", "9999999", "٣", "12 3"])
def test_a_target_that_is_not_a_whole_number_in_range_is_refused_and_nothing_saved(
        client, nadaun, staff, typed):
    blocks = _blocks(nadaun)
    response = submit(client, "/panel/drives/new", _form(blocks, **{f"block-{blocks[0]}": typed}))
    assert response.status_code == 400
    assert "Each target is a whole number" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Drive.id))) == 0


def test_a_target_for_another_sub_divisions_block_is_refused(client, nadaun, staff,
                                                             other_sub_division):
    theirs = _blocks(other_sub_division)[0]
    response = submit(client, "/panel/drives/new",
                      _form(_blocks(nadaun), **{f"block-{theirs}": "10"}))
    assert response.status_code == 400
    assert "only for this sub-division" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(DriveTarget.id))) == 0


def test_a_drive_that_ends_before_it_starts_is_refused(client, nadaun, staff):
    response = submit(client, "/panel/drives/new",
                      _form(_blocks(nadaun), starts_on="2026-10-15", ends_on="2026-10-01"))
    assert response.status_code == 400
    assert "must end on or after" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Drive.id))) == 0


def test_an_edit_raises_the_version_and_replaces_the_targets(client, nadaun, staff):
    drive = make_drive(nadaun, staff)
    blocks = _blocks(nadaun)
    response = submit(client, f"/panel/drives/{drive.id}/edit", _form(
        blocks, name_en="Drive, second week", version="1", **{f"block-{blocks[0]}": ""}))
    assert response.status_code == 303
    db.session.refresh(drive)
    assert (drive.name_en, drive.version, drive.targets) == ("Drive, second week", 2, [])


def test_two_staff_editing_one_drive_the_second_is_told_and_overwrites_nothing(
        client, app, nadaun, staff):
    drive = make_drive(nadaun, staff)
    blocks = _blocks(nadaun)
    page = client.get(f"/panel/drives/{drive.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    colleague = app.test_client()
    sign_in(colleague, staff_of(nadaun))
    first = submit(colleague, f"/panel/drives/{drive.id}/edit",
                   _form(blocks, name_en="Colleague's name", version="1"))
    assert first.status_code == 303
    second = submit(client, f"/panel/drives/{drive.id}/edit",
                    _form(blocks, name_en="My name", version="1", **{f"block-{blocks[0]}": "99"}))
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert "Someone else saved this drive while you were editing it" in html
    # the form now shows the drive as the colleague left it, with its new version
    assert "Colleague&#39;s name" in html and 'value="2"' in html
    db.session.expire_all()
    assert (drive.name_en, drive.version) == ("Colleague's name", 2)
    assert [t.target for t in drive.targets] == [40]


def test_a_forged_or_missing_version_is_refused(client, nadaun, staff):
    drive = make_drive(nadaun, staff)
    blocks = _blocks(nadaun)
    for version in ("", "x", "-1"):
        response = submit(client, f"/panel/drives/{drive.id}/edit",
                          _form(blocks, name_en="Forged", version=version))
        assert response.status_code in (400, 409)
    db.session.refresh(drive)
    assert drive.name_en == "October drive"


def test_staff_of_another_sub_division_do_not_find_the_drive(client, nadaun, other_sub_division):
    drive = make_drive(nadaun, staff_of(nadaun))
    sign_in(client, staff_of(other_sub_division))
    for path in (f"/panel/drives/{drive.id}", f"/panel/drives/{drive.id}/edit",
                 f"/panel/drives/{drive.id}/progress.csv"):
        assert client.get(path).status_code == 404


def test_partners_are_added_once_per_name(client, nadaun, staff):
    assert submit(client, "/panel/drives/partners",
                  {"kind": "employment_office", "name_en": "Employment office Hamirpur"}
                  ).status_code == 303
    again = submit(client, "/panel/drives/partners",
                   {"kind": "iti", "name_en": " Employment  office Hamirpur "})
    assert again.status_code == 409
    assert "already has a partner of this name" in again.get_data(as_text=True)
    assert submit(client, "/panel/drives/partners",
                  {"kind": "bank", "name_en": "X"}).status_code == 400
