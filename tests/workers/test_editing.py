"""A worker with a profile edits it: everyday fields change at once, material ones wait."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.workers.forms import AssistedWorkerForm
from tests.helpers import make_worker, sign_in, submit
from tests.workers.test_registration import form_data


@pytest.fixture
def worker(client, nadaun):
    profile = make_worker(nadaun, name="Sohan Lal")
    sign_in(client, profile.user)
    return profile


def test_a_worker_with_a_profile_opens_the_edit_page_filled_in(client, worker):
    response = client.get("/workers/me/edit")
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    assert 'value="Sohan Lal"' in response.get_data(as_text=True)


def test_a_worker_saves_a_valid_edit(client, nadaun, worker):
    changes = form_data(worker.home_village_id, rate="650", skills="Pipes, taps and tanks")
    response = submit(client, "/workers/me/edit", changes)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert response.headers["Location"].endswith("/workers/me")
    db.session.refresh(worker)
    assert worker.rate_paise == 65000
    assert worker.pending_changes["skills"] == "Pipes, taps and tanks"


def test_a_bad_edit_is_refused_with_a_reason(client, nadaun, worker):
    response = submit(client, "/workers/me/edit",
                      form_data(worker.home_village_id, rate="-5"))
    assert response.status_code == 400
    db.session.refresh(worker)
    assert worker.rate_paise == 60000


def test_a_worker_chooses_to_be_on_the_village_posters_and_changes_their_mind(client, worker):
    page = client.get("/workers/me/edit").get_data(as_text=True)
    assert 'name="on_posters"' in page
    assert "paper posters" in page
    response = submit(client, "/workers/me/edit",
                      {**form_data(worker.home_village_id), "on_posters": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    db.session.refresh(worker)
    assert worker.on_posters is True
    submit(client, "/workers/me/edit", form_data(worker.home_village_id))
    db.session.refresh(worker)
    assert worker.on_posters is False


def test_an_operator_registering_a_worker_is_not_asked_about_posters():
    assert AssistedWorkerForm.on_posters is None
