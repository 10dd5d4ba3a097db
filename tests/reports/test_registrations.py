"""Registrations by block × kind of work and by ISO week, against targets: a worked example."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.reports.forms import target_field
from marketplace.reports.models import RegistrationTarget
from marketplace.reports.queries import Period
from marketplace.reports.tables import registrations_table
from marketplace.workers.models import WorkerStatus
from marketplace.workers.services import seed_categories
from tests.helpers import first_village, make_sub_division, make_user, sign_in, submit
from tests.reports.data import (
    END,
    RANGE,
    START,
    at,
    block_of,
    category,
    registered,
    second_block,
)


def worked_example(nadaun):
    """Two blocks, three kinds of work, a week boundary at midnight in India."""
    seed_categories()
    town, galore = first_village(nadaun), second_block(nadaun)
    registered(nadaun, at("2026-03-08", "23:30"), village=town)           # Sunday: week 1
    registered(nadaun, at("2026-03-09", "00:10"), village=town)           # Monday: week 2
    registered(nadaun, at("2026-03-10", "12:00"), village=town, category="mason")
    registered(nadaun, at("2026-03-03", "09:00"), village=galore, category="electrician")
    # Not counted: waiting for review, before the first day, after the last day.
    registered(nadaun, at("2026-03-04", "10:00"), village=town, status=WorkerStatus.PENDING_REVIEW)
    registered(nadaun, at("2026-03-01", "23:59"), village=town)
    registered(nadaun, at("2026-03-16", "00:05"), village=town)
    db.session.add_all([
        RegistrationTarget(block_id=town.block_id, category_id=category("plumber").id, target=4),
        RegistrationTarget(block_id=galore.block_id, category_id=category("mason").id, target=3),
    ])
    db.session.flush()
    return block_of(town), block_of(galore)


def test_the_worked_example_adds_up_by_block_kind_of_work_and_week(nadaun):
    town, galore = worked_example(nadaun)
    report = registrations_table(nadaun.id, Period(START, END), "en")
    assert report.weeks == [START, START.replace(day=9)]
    by_block = {b.block.id: b for b in report.blocks}
    rows = {(b, row.category.slug): (row.count, row.target, row.percent)
            for b, section in by_block.items() for row in section.rows}
    assert rows == {
        (town.id, "plumber"): (2, 4, 50),
        (town.id, "mason"): (1, None, None),
        (galore.id, "mason"): (0, 3, 0),
        (galore.id, "electrician"): (1, None, None),
    }
    assert by_block[town.id].weekly == [1, 2]
    assert by_block[galore.id].weekly == [1, 0]
    assert report.weekly_totals == [2, 2]
    assert (report.total, report.target_total) == (4, 7)


def test_the_page_shows_the_progress_bar_with_the_numbers_written_out(client, nadaun):
    worked_example(nadaun)
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    response = client.get(f"/panel/reports/registrations?{RANGE}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<meter min="0" max="4" value="2"' in html
    assert "2 of 4 (50%)" in html and "0 of 3 (0%)" in html
    assert "4 workers registered and listed" in html
    assert html.count("<svg class=\"chart") == 2 and "<script" not in html


def test_staff_see_only_their_sub_division_and_admins_choose(app, client, nadaun):
    worked_example(nadaun)
    barsar = make_sub_division("BRS", "Barsar")
    registered(barsar, at("2026-03-05", "10:00"), name="Barsar Worker")
    staff = make_user(Role.STAFF, sub_division=barsar)
    sign_in(client, staff)
    html = client.get(f"/panel/reports/registrations?{RANGE}").get_data(as_text=True)
    assert "1 worker registered" in html and "Galore" not in html
    assert client.get(f"/panel/reports/registrations?{RANGE}&sub_division={nadaun.id}"
                      ).status_code == 404

    admin = app.test_client()
    sign_in(admin, make_user(Role.ADMIN))
    assert "5 workers registered" in admin.get(
        f"/panel/reports/registrations?{RANGE}").get_data(as_text=True)
    assert "4 workers registered" in admin.get(
        f"/panel/reports/registrations?{RANGE}&sub_division={nadaun.id}").get_data(as_text=True)
    assert admin.get(f"/panel/reports/registrations?{RANGE}&sub_division=999999"
                     ).status_code == 404


def test_staff_set_targets_on_the_grid(client, nadaun):
    town, galore = worked_example(nadaun)
    staff = make_user(Role.STAFF, sub_division=nadaun)
    sign_in(client, staff)
    plumber, mason = category("plumber").id, category("mason").id
    response = submit(client, "/panel/reports/targets", {
        target_field(town.id, plumber): "१२",      # Devanagari digits are fine
        target_field(town.id, mason): "6",
        target_field(galore.id, mason): "",         # emptied: no target any more
    })
    assert response.status_code == 303
    targets = dict(((t.block_id, t.category_id), t.target) for t in
                   db.session.scalars(sa.select(RegistrationTarget)))
    assert targets == {(town.id, plumber): 12, (town.id, mason): 6}
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "reports.targets_set")).one()
    assert event.actor_id == staff.id and len(event.data["changes"]) == 3
    html = client.get(f"/panel/reports/registrations?{RANGE}").get_data(as_text=True)
    assert "2 of 12 (17%)" in html


def _targets():
    return db.session.execute(sa.select(RegistrationTarget.block_id,
                                        RegistrationTarget.category_id,
                                        RegistrationTarget.target)).all()


def test_bad_targets_are_refused_with_400_and_nothing_is_written(client, nadaun):
    town, _galore = worked_example(nadaun)
    barsar = make_sub_division("BRS", "Barsar")
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    before = _targets()
    plumber, mason = category("plumber").id, category("mason").id
    for bad in ({target_field(town.id, plumber): "abc", target_field(town.id, mason): "5"},
                {target_field(town.id, plumber): "100001"},
                {target_field(town.id, plumber): "-3"},
                {target_field(town.id, plumber): "2.5"},
                {target_field(block_of(first_village(barsar)).id, plumber): "9"},
                {"target-x-y": "9"}):
        response = submit(client, "/panel/reports/targets", bad)
        assert response.status_code == 400, bad
        assert 'class="error" role="alert"' in response.get_data(as_text=True)
        assert _targets() == before


def test_targets_need_the_form_token(client, nadaun):
    town, _galore = worked_example(nadaun)
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    response = client.post("/panel/reports/targets",
                           data={target_field(town.id, category("plumber").id): "9"})
    assert response.status_code == 400


def test_staff_of_another_sub_division_cannot_set_its_targets(client, nadaun):
    town, _galore = worked_example(nadaun)
    sign_in(client, make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar")))
    before = _targets()
    response = submit(client, f"/panel/reports/targets?sub_division={nadaun.id}",
                      {target_field(town.id, category("plumber").id): "9"},
                      page="/panel/reports/targets")
    assert response.status_code == 404
    # Through its own grid, the other block's field is refused.
    response = submit(client, "/panel/reports/targets",
                      {target_field(town.id, category("plumber").id): "9"})
    assert response.status_code == 400
    assert _targets() == before


def test_admins_set_targets_of_the_sub_division_they_choose(client, nadaun):
    make_sub_division("BRS", "Barsar")
    town, _galore = worked_example(nadaun)
    sign_in(client, make_user(Role.ADMIN))
    url = f"/panel/reports/targets?sub_division={nadaun.id}"
    assert "Galore" in client.get(url).get_data(as_text=True)
    response = submit(client, url, {target_field(town.id, category("mason").id): "2"})
    assert response.status_code == 303
    assert (town.id, category("mason").id, 2) in _targets()


def test_the_week_turns_exactly_at_midnight_in_india(nadaun):
    seed_categories()
    registered(nadaun, at("2026-03-08", "23:59:59.999999"))
    registered(nadaun, at("2026-03-09", "00:00:00"))
    registered(nadaun, at("2026-03-02", "00:00:00"))
    registered(nadaun, at("2026-03-15", "23:59:59.999999"))
    report = registrations_table(nadaun.id, Period(START, END), "en")
    assert report.weekly_totals == [2, 2]
