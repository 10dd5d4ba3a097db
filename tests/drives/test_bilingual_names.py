"""Drives and partners are named in English and Hindi: each reader sees the name of their
language (the other when it has none) on the operator's and the panel's pages, menus, CSVs and
messages; the panel's forms take either or both, and refuse bad names with a message."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.core.errors import Conflict, InvalidInput
from marketplace.drives import services
from marketplace.drives.models import Drive, Partner, PartnerKind
from marketplace.extensions import db
from marketplace.places.models import Block
from tests.drives.factories import (
    END,
    START,
    make_camp,
    make_partner,
    operator_of,
    second_village,
    staff_of,
)
from tests.helpers import messages_to, sign_in, submit

DRIVE = ("October registration drive", "अक्टूबर पंजीकरण अभियान")
PARTNER = ("ITI Sujanpur", "आईटीआई सुजानपुर")
#: language → (the name shown, the other language's name, which is not shown)
SHOWN = {"en": (0, 1), "hi": (1, 0)}


def _read_in(client, language: str) -> None:
    with client.session_transaction() as session:
        session["lang"] = language


def _bilingual_camp(nadaun, staff, operators):
    partner = make_partner(nadaun, staff, PARTNER[0], name_hi=PARTNER[1])
    drive = services.create_drive(nadaun, services.DriveInput(
        DRIVE[0], START, END, partner_targets={partner.id: 10}, name_hi=DRIVE[1]), actor=staff)
    camp = make_camp(drive, staff, operators, village=second_village(nadaun), partner=partner)
    return drive, partner, camp


@pytest.mark.parametrize("language", ["en", "hi"])
def test_an_operator_sees_the_drive_and_partner_in_their_language_on_todays_camp(
        client, nadaun, language):
    operator = operator_of(nadaun)
    _bilingual_camp(nadaun, staff_of(nadaun), [operator])
    sign_in(client, operator)
    _read_in(client, language)
    page = client.get("/drives/today").get_data(as_text=True)
    shown, hidden = SHOWN[language]
    for name in (DRIVE, PARTNER):
        assert name[shown] in page and name[hidden] not in page


@pytest.mark.parametrize("language", ["en", "hi"])
def test_staff_see_drives_and_partners_in_their_language_in_the_panel(client, nadaun, staff,
                                                                     language):
    drive, _partner, camp = _bilingual_camp(nadaun, staff, [operator_of(nadaun)])
    _read_in(client, language)
    shown, hidden = SHOWN[language]
    for path, names in (("/panel/drives", [DRIVE]),
                        (f"/panel/drives/{drive.id}", [DRIVE, PARTNER]),
                        (f"/panel/drives/{drive.id}/review", [DRIVE]),
                        (f"/panel/camps/{camp.id}", [DRIVE, PARTNER]),
                        ("/panel/drives/partners", [PARTNER]),
                        (f"/panel/drives/{drive.id}/progress.csv", [PARTNER]),
                        (f"/panel/drives/{drive.id}/review.csv", [PARTNER])):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        for name in names:
            assert name[shown] in page and name[hidden] not in page, (path, name)


def test_a_name_in_one_language_only_is_shown_to_readers_of_the_other(client, nadaun, staff):
    services.add_partner(nadaun, kind=PartnerKind.NGO, name_hi="सेवा संस्था", actor=staff)
    _read_in(client, "en")
    assert "सेवा संस्था" in client.get("/panel/drives/partners").get_data(as_text=True)


def test_a_cancelled_camp_is_told_with_the_drives_name_in_each_operators_language(
        client, nadaun, staff):
    hindi, english = operator_of(nadaun, "राकेश", "hi"), operator_of(nadaun, "Asha", "en")
    _drive, _partner, camp = _bilingual_camp(nadaun, staff, [hindi, english])
    assert submit(client, f"/panel/camps/{camp.id}/cancel",
                  {"reason": "Heavy rain"}).status_code == 303
    [to_hindi], [to_english] = messages_to(hindi.phone), messages_to(english.phone)
    assert DRIVE[1] in to_hindi.body and DRIVE[0] not in to_hindi.body
    assert DRIVE[0] in to_english.body and DRIVE[1] not in to_english.body


def test_staff_name_a_partner_and_a_drive_in_both_languages_and_edit_them(client, nadaun,
                                                                         staff):
    assert submit(client, "/panel/drives/partners", {
        "kind": "iti", "name_en": PARTNER[0], "name_hi": PARTNER[1]}).status_code == 303
    partner = db.session.scalars(sa.select(Partner)).one()
    assert (partner.name_en, partner.name_hi) == PARTNER
    blocks = db.session.scalars(sa.select(Block.id).where(Block.sub_division_id == nadaun.id))
    form = {"starts_on": "2026-10-01", "ends_on": "2026-10-15",
            **{f"block-{block}": "40" for block in blocks}}
    response = submit(client, "/panel/drives/new", {**form, "name_hi": DRIVE[1]})
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    drive = db.session.scalars(sa.select(Drive)).one()
    assert (drive.name_en, drive.name_hi) == ("", DRIVE[1])
    edit = f"/panel/drives/{drive.id}/edit"
    assert f'value="{DRIVE[1]}"' in client.get(edit).get_data(as_text=True)
    assert submit(client, edit, {**form, "name_en": DRIVE[0], "name_hi": DRIVE[1],
                                 "version": "1"}).status_code == 303
    db.session.refresh(drive)
    assert (drive.name_en, drive.name_hi, drive.version) == (*DRIVE, 2)


def test_a_partner_name_taken_in_either_language_is_refused(client, nadaun, staff):
    make_partner(nadaun, staff, PARTNER[0], name_hi=PARTNER[1])
    again = submit(client, "/panel/drives/partners",
                   {"kind": "nrlm", "name_en": "Another", "name_hi": PARTNER[1]})
    assert again.status_code == 409
    assert "already has a partner of this name" in again.get_data(as_text=True)
    with pytest.raises(Conflict):
        services.add_partner(nadaun, kind=PartnerKind.NGO, name_en=PARTNER[0], actor=staff)
    # An empty name is nobody's: two partners named in Hindi only are two partners.
    for name in ("सेवा संस्था", "ग्राम विकास संस्था"):
        services.add_partner(nadaun, kind=PartnerKind.NGO, name_hi=name, actor=staff)
    assert db.session.scalar(sa.select(sa.func.count(Partner.id))) == 3


_TOO_LONG = {"drive": "क" * 121, "partner": "क" * 81}
#: what is typed (English, Hindi) → the words of the message shown (None: too long)
BAD_NAMES = {
    ("", " "): "name in English or Hindi",
    ("ITI\x00 Sujanpur", ""): "invisible null character",
    ("ITI\x07 Sujanpur", ""): "hidden control character",
    ("", "आईटीआई\u202e सुजानपुर"): "hidden control character",
    None: "Write at most",
}


@pytest.mark.parametrize("what", ["drive", "partner"])
@pytest.mark.parametrize("bad", list(BAD_NAMES))
def test_a_bad_name_is_refused_with_a_message_and_nothing_is_written(client, nadaun, staff,
                                                                     what, bad):
    name_en, name_hi = bad or ("", _TOO_LONG[what])
    if what == "partner":
        url, data, model = "/panel/drives/partners", {"kind": "iti"}, Partner
    else:
        url, model = "/panel/drives/new", Drive
        data = {"starts_on": "2026-10-01", "ends_on": "2026-10-15"}
    response = submit(client, url, {**data, "name_en": name_en, "name_hi": name_hi})
    assert response.status_code == 400
    assert BAD_NAMES[bad] in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(model.id))) == 0


@pytest.mark.parametrize("names", [("", ""), ("  ", "\t"), ("x" * 121, ""), ("", "क" * 121)])
def test_the_services_refuse_a_drive_or_partner_without_a_name_or_with_a_long_one(
        nadaun, names):
    staff = staff_of(nadaun)
    with pytest.raises(InvalidInput):
        services.create_drive(nadaun, services.DriveInput(names[0], START, END,
                                                          name_hi=names[1]), actor=staff)
    with pytest.raises(InvalidInput):
        services.add_partner(nadaun, kind=PartnerKind.ITI, name_en=names[0][:81],
                             name_hi=names[1][:81], actor=staff)
    assert db.session.scalar(sa.select(sa.func.count(Drive.id))) == 0


def test_a_hindi_reader_is_told_in_hindi_that_a_name_is_missing(client, nadaun, staff):
    _read_in(client, "hi")
    response = submit(client, "/panel/drives/partners", {"kind": "iti", "name_en": "",
                                                         "name_hi": ""})
    assert response.status_code == 400
    assert "साझेदार का नाम अंग्रेज़ी या हिन्दी (या दोनों) में लिखें" in response.get_data(
        as_text=True)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["Bal Vikas NGO", "Kisan Seva", "Ujala Trust"]),
    ("hi", ["उजाला ट्रस्ट", "किसान सेवा", "बाल विकास एनजीओ"]),  # उ, क, ब: the Hindi order
])
def test_partners_are_listed_in_the_readers_alphabetical_order(client, nadaun, staff, language,
                                                              expected):
    for name_en, name_hi in (("Kisan Seva", "किसान सेवा"), ("Ujala Trust", "उजाला ट्रस्ट"),
                             ("Bal Vikas NGO", "बाल विकास एनजीओ")):
        make_partner(nadaun, staff, name_en, name_hi=name_hi)
    _read_in(client, language)
    page = client.get("/panel/drives/partners").get_data(as_text=True)
    assert sorted(expected, key=page.index) == expected
