"""Posters printed for the village: a village's approved workers who chose the poster, by
kind of work with their numbers, and a camp's announcement; both with a QR code of the
village's page of the worker directory. Staff of the village's sub-division and admins only."""

from __future__ import annotations

import segno

from marketplace.accounts.models import Role
from marketplace.core.phone import display_phone
from marketplace.extensions import db
from marketplace.workers.models import WorkerStatus
from tests.drives.factories import make_camp, make_drive, operator_of, second_village, staff_of
from tests.helpers import first_village, links_static, make_user, make_worker, sign_in


def _on_poster(sub_division, name, **fields):
    worker = make_worker(sub_division, name=name, **fields)
    worker.on_posters = True
    db.session.flush()
    return worker


def _directory_url(app, village) -> str:
    return f"{app.config['PUBLIC_BASE_URL']}/ndn/workers?village={village.id}"


def _expected_qr(url: str) -> str:
    """The SVG segno draws for `url` straight from the library, with the sheet's settings."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=4, svgclass="qr", omitsize=True, title="Workers of this village")


def test_the_village_poster_lists_only_approved_workers_who_chose_it_with_their_numbers(
        app, client, nadaun, staff):
    village = first_village(nadaun)
    plumber = _on_poster(nadaun, "Sohan Plumber", category="plumber")
    electrician = _on_poster(nadaun, "Mohan Electrician", category="electrician")
    hidden = _on_poster(nadaun, "Hidden Number", hide_phone=True)
    _not_chosen = make_worker(nadaun, name="Never Asked")
    pending = _on_poster(nadaun, "Pending Person", status=WorkerStatus.PENDING_REVIEW)
    rejected = _on_poster(nadaun, "Rejected Person", status=WorkerStatus.REJECTED)
    elsewhere = _on_poster(nadaun, "Other Village", village=second_village(nadaun))

    response = client.get(f"/panel/posters/villages/{village.id}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for worker in (plumber, electrician):
        assert worker.display_name in page and display_phone(worker.user.phone) in page
    assert page.index("Plumber") < page.index("Sohan Plumber")
    assert page.index("Electrician") < page.index("Mohan Electrician")
    for absent in ("Hidden Number", "Never Asked", "Pending Person", "Rejected Person",
                   "Other Village"):
        assert absent not in page
    for worker in (hidden, pending, rejected, elsewhere):
        assert display_phone(worker.user.phone) not in page
    assert links_static(page, "css/print.css")


def test_the_posters_qr_code_encodes_the_directory_of_the_village(app, client, nadaun, staff):
    village = first_village(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator_of(nadaun)])
    url = _directory_url(app, village)
    for poster in (f"/panel/posters/villages/{village.id}", f"/panel/posters/camps/{camp.id}"):
        page = client.get(poster).get_data(as_text=True)
        assert '<svg viewBox="0 0 ' in page and 'class="qr"' in page
        assert _expected_qr(url) in page
        assert _expected_qr(url + "0") not in page
        assert url in page
    # The address is the directory's own filter: the village's workers are listed there.
    make_worker(nadaun, name="Listed Here")
    assert "Listed Here" in client.get(url.removeprefix(app.config["PUBLIC_BASE_URL"])).get_data(
        as_text=True)


def test_the_posters_are_in_hindi_for_a_hindi_reader(client, nadaun):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    staff = staff_of(nadaun, language="hi")
    sign_in(client, staff)
    village = first_village(nadaun)
    _on_poster(nadaun, "सोहन लाल", category="plumber")
    camp = make_camp(make_drive(nadaun, staff), staff, [operator_of(nadaun)])

    village_page = client.get(f"/panel/posters/villages/{village.id}").get_data(as_text=True)
    camp_page = client.get(f"/panel/posters/camps/{camp.id}").get_data(as_text=True)

    assert "सोहन लाल" in village_page and "प्लंबर" in village_page
    assert village.name_hi in village_page and "Workers of" not in village_page
    assert "5 अक्तूबर 2026" in camp_page or "5 अक्टूबर 2026" in camp_page
    assert "आधार" in camp_page and "पासबुक" in camp_page
    assert "Aadhaar" not in camp_page


def test_the_camp_announcement_says_when_where_what_to_bring_and_never_aadhaar(
        client, nadaun, staff):
    camp = make_camp(make_drive(nadaun, staff), staff, [operator_of(nadaun)],
                     village=second_village(nadaun))

    page = client.get(f"/panel/posters/camps/{camp.id}").get_data(as_text=True)

    assert "Monday, 5 October 2026" in page and "Bijhar" in page
    assert "mobile phone" in page and "bank passbook" in page
    assert "Do not bring or give an Aadhaar copy" in page


def test_the_camp_and_drive_pages_link_to_the_posters(client, nadaun, staff):
    drive = make_drive(nadaun, staff)
    camp = make_camp(drive, staff, [operator_of(nadaun)])

    camp_page = client.get(f"/panel/camps/{camp.id}").get_data(as_text=True)
    drive_page = client.get(f"/panel/drives/{drive.id}").get_data(as_text=True)

    assert f"/panel/posters/camps/{camp.id}" in camp_page
    assert f"/panel/posters/villages/{camp.village_id}" in camp_page
    assert f"/panel/posters/villages/{camp.village_id}" in drive_page


def test_another_sub_divisions_village_or_camp_and_bad_ids_are_not_found(
        client, nadaun, other_sub_division):
    there = staff_of(other_sub_division)
    camp = make_camp(make_drive(other_sub_division, there), there,
                     [operator_of(other_sub_division)])
    sign_in(client, staff_of(nadaun))
    for url in (f"/panel/posters/villages/{first_village(other_sub_division).id}",
                f"/panel/posters/camps/{camp.id}", "/panel/posters/villages/99999999",
                "/panel/posters/villages/abc", "/panel/posters/camps/1x",
                "/panel/posters/villages/-1", "/panel/posters/villages/1.5"):
        assert client.get(url).status_code == 404, url
    assert client.get("/panel/posters/villages/%00").status_code == 400


def test_an_admin_prints_any_villages_poster(client, nadaun, other_sub_division):
    _on_poster(other_sub_division, "Barsar Worker")
    sign_in(client, make_user(Role.ADMIN))
    page = client.get(f"/panel/posters/villages/{first_village(other_sub_division).id}")
    assert page.status_code == 200 and "Barsar Worker" in page.get_data(as_text=True)


def test_the_posters_print_the_assistants_whatsapp_number_once_it_is_set(client, nadaun,
                                                                         staff):
    village = first_village(nadaun)
    url = f"/panel/posters/villages/{village.id}"
    assert "poster-whatsapp" not in client.get(url).get_data(as_text=True)
    nadaun.whatsapp_display_number = "+919816012345"
    db.session.commit()
    assert "WhatsApp: +91 98160 12345" in client.get(url).get_data(as_text=True)
