"""Residents find workers by work, place, distance, availability, rating and words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.workers.models import Availability, WorkerCategory, WorkerStatus
from marketplace.workers.queries import WorkerFilters, category_term_index, search_workers
from marketplace.workers.services import add_ratings, add_synonym
from tests.helpers import add_village, first_village, make_sub_division, make_user, make_worker

TODAY = date(2026, 11, 22)


def found(filters: WorkerFilters) -> list[str]:
    query = search_workers(filters, today=TODAY, term_index=category_term_index()).ordered()
    return [row.display_name for row in db.session.execute(query)]


@pytest.fixture
def town(nadaun):
    return nadaun


def test_only_approved_workers_of_this_sub_division_are_listed(town, other_sub_division):
    make_worker(town, name="Listed Plumber")
    make_worker(town, name="Waiting Plumber", status=WorkerStatus.PENDING_REVIEW)
    make_worker(town, name="Rejected Plumber", status=WorkerStatus.REJECTED)
    make_worker(other_sub_division, name="Barsar Plumber")
    assert found(WorkerFilters(sub_division_id=town.id)) == ["Listed Plumber"]


@pytest.mark.parametrize("query", ["rajmistri", "राजमिस्त्री", "mason", "Mason", "mistri"])
def test_everyday_words_in_either_script_find_masons(town, query):
    make_worker(town, name="Mohan Lal", category="mason")
    make_worker(town, name="Sohan Lal", category="plumber")
    assert found(WorkerFilters(sub_division_id=town.id, text=query)) == ["Mohan Lal"]


def test_nal_wala_finds_plumbers(town):
    make_worker(town, name="Mohan Lal", category="mason")
    make_worker(town, name="Sohan Lal", category="plumber")
    assert found(WorkerFilters(sub_division_id=town.id, text="nal wala")) == ["Sohan Lal"]
    assert found(WorkerFilters(sub_division_id=town.id, text="नल वाला")) == ["Sohan Lal"]


def test_a_synonym_added_by_staff_finds_its_category(town):
    make_worker(town, name="Geeta", category="tailor")
    staff = make_user(Role.STAFF, sub_division=town)
    tailor = db.session.scalar(db.select(WorkerCategory).where(WorkerCategory.slug == "tailor"))
    assert found(WorkerFilters(sub_division_id=town.id, text="kapde silne wali")) == []
    add_synonym(tailor, "kapde silne wali", actor=staff)
    assert found(WorkerFilters(sub_division_id=town.id, text="kapde silne wali")) == ["Geeta"]


def test_a_devanagari_name_is_found_by_a_latin_query_and_the_reverse(town):
    make_worker(town, name="सुनीता देवी", category="cook")
    make_worker(town, name="Rajesh Thakur", category="cook")
    make_worker(town, name="Mohan", category="cook")
    assert found(WorkerFilters(sub_division_id=town.id, text="Suneeta")) == ["सुनीता देवी"]
    assert found(WorkerFilters(sub_division_id=town.id, text="राजेश")) == ["Rajesh Thakur"]
    assert found(WorkerFilters(sub_division_id=town.id, text="ठाकुर cook")) == ["Rajesh Thakur"]


def test_skills_are_searched_too(town):
    make_worker(town, name="A", category="electrician", skills="Inverter and solar wiring")
    make_worker(town, name="B", category="electrician", skills="House wiring")
    assert found(WorkerFilters(sub_division_id=town.id, text="solar")) == ["A"]


def test_the_category_filter_includes_other_work(town):
    make_worker(town, name="X", category="painter")
    painter = db.session.scalar(db.select(WorkerCategory.id).where(
        WorkerCategory.slug == "painter"))
    make_worker(town, name="Mason who paints", category="mason", other_category_ids=[painter])
    make_worker(town, name="Only mason", category="mason")
    assert found(WorkerFilters(sub_division_id=town.id, category_id=painter,
                               sort="rate")) == ["X", "Mason who paints"]


def test_near_a_village_means_living_there_listing_it_or_within_the_radius(town):
    home = first_village(town)
    far = add_village(town, "Far Village", home.latitude + 0.3, home.longitude)  # ~33 km
    near = add_village(town, "Near Village", home.latitude + 0.05, home.longitude)  # ~5.6 km
    make_worker(town, name="Lives far", village=far)
    make_worker(town, name="Lists far", village=home, service_village_ids=[far.id])
    make_worker(town, name="Radius 10 from near", village=near, service_radius_km=10)
    make_worker(town, name="Radius 40", village=home, service_radius_km=40)
    make_worker(town, name="Radius 5", village=home, service_radius_km=5)
    names = found(WorkerFilters(sub_division_id=town.id, village_id=far.id, sort="rate"))
    assert sorted(names) == ["Lists far", "Lives far", "Radius 40"]


def test_sorted_by_distance_from_the_visitor(town):
    home = first_village(town)
    mid = add_village(town, "Mid", home.latitude + 0.1, home.longitude)
    far = add_village(town, "Far", home.latitude + 0.2, home.longitude)
    make_worker(town, name="Far one", village=far)
    make_worker(town, name="Home one", village=home)
    make_worker(town, name="Mid one", village=mid)
    origin = (home.latitude, home.longitude)
    assert found(WorkerFilters(sub_division_id=town.id, origin=origin, sort="distance")) == [
        "Home one", "Mid one", "Far one"]


def test_a_kind_of_work_near_a_village_comes_nearest_first_and_follows_a_move(town):
    home = first_village(town)
    mid = add_village(town, "Mid", home.latitude + 0.05, home.longitude)  # ~5.6 km
    far = add_village(town, "Far", home.latitude + 0.1, home.longitude)  # ~11 km
    mover = make_worker(town, name="Far painter", village=far, category="painter",
                        service_radius_km=20)
    painter = mover.main_category_id
    make_worker(town, name="Mason who paints", village=mid, category="mason",
                other_category_ids=[painter], service_radius_km=10)
    make_worker(town, name="Home painter", village=home, category="painter")
    make_worker(town, name="Far mason", village=far, category="mason", service_radius_km=20)
    make_worker(town, name="Far painter, radius 5", village=far, category="painter",
                service_radius_km=5)
    make_worker(town, name="Lists home", village=far, category="painter",
                service_village_ids=[home.id])

    def near_home(**words) -> list[str]:
        return found(WorkerFilters(sub_division_id=town.id, village_id=home.id,
                                   origin=(home.latitude, home.longitude), sort="distance",
                                   **words))

    nearest_first = ["Home painter", "Mason who paints", "Far painter", "Lists home"]
    assert near_home(category_id=painter) == nearest_first
    assert near_home(text="painter") == nearest_first  # words naming the work walk alike
    assert near_home()[:2] == ["Home painter", "Mason who paints"]
    mover.home_village_id = home.id  # moves house: the links follow (a cascading key)
    db.session.flush()
    assert near_home(category_id=painter) == [
        "Far painter", "Home painter", "Mason who paints", "Lists home"]


def test_available_now_and_minimum_rating_and_rate_order(town):
    busy = make_worker(town, name="Busy", rate_paise=50000)
    busy.availability = Availability.NOT_TAKING
    later = make_worker(town, name="Later", rate_paise=40000)
    later.availability, later.available_from = Availability.FROM_DATE, TODAY + timedelta(days=3)
    back = make_worker(town, name="Back today", rate_paise=70000)
    back.availability, back.available_from = Availability.FROM_DATE, TODAY
    good = make_worker(town, name="Good", rate_paise=90000)
    db.session.flush()
    add_ratings(good.id, rating_sum=18, count=4)
    db.session.flush()
    assert found(WorkerFilters(sub_division_id=town.id, available_now=True, sort="rate")) == [
        "Back today", "Good"]
    assert found(WorkerFilters(sub_division_id=town.id, min_rating=4)) == ["Good"]
    assert found(WorkerFilters(sub_division_id=town.id, sort="rate"))[:2] == ["Later", "Busy"]
    assert found(WorkerFilters(sub_division_id=town.id, sort="rating"))[0] == "Good"


def test_block_filter(town):
    other_sub = make_sub_division("HMR", "Hamirpur")
    make_worker(town, name="In block")
    make_worker(other_sub, name="Other")
    block_id = first_village(town).block_id
    assert found(WorkerFilters(sub_division_id=town.id, block_id=block_id)) == ["In block"]


def test_every_category_has_an_icon_in_the_sprite():
    from pathlib import Path

    from marketplace.workers.categories import CATEGORIES

    sprite = (Path(__file__).resolve().parents[2] / "static/icons/categories.svg").read_text()
    assert len(CATEGORIES) == 26
    for slug, _en, _hi in CATEGORIES:
        assert f'id="cat-{slug}"' in sprite
