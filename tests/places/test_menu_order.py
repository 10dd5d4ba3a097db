"""Menus of places list names in the alphabetical order of the language they are shown in:
a Hindi reader looks for her village among Hindi names in Hindi order."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.places.models import Panchayat
from marketplace.places.services import ensure_village
from tests.helpers import make_sub_division

#: (English, Hindi): the English order is Amtar, Bhoranj, Kangoo; the Hindi one अमतर, कांगू,
#: भोरंज (क comes before भ)
VILLAGES = [("Bhoranj", "भोरंज"), ("Kangoo", "कांगू"), ("Amtar", "अमतर")]


@pytest.fixture
def villages(app):
    sub_division = make_sub_division()
    panchayat = db.session.query(Panchayat).first()
    for name_en, name_hi in VILLAGES:
        ensure_village(panchayat, name_en=name_en, name_hi=name_hi, latitude=31.7,
                       longitude=76.3)
    db.session.commit()
    return sub_division


def _village_menu(client, language: str) -> list[str]:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    page = client.get("/ndn/workers").get_data(as_text=True)
    menu = re.search(r'<select[^>]*name="village"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [name for name in re.findall(r"<option[^>]*>([^<]*)</option>", menu)
            if name in {n for pair in VILLAGES for n in pair}]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["Amtar", "Bhoranj", "Kangoo"]),
    ("hi", ["अमतर", "कांगू", "भोरंज"]),
])
def test_the_village_menu_is_in_the_readers_alphabetical_order(client, villages, language,
                                                                expected):
    assert _village_menu(client, language) == expected


def test_the_kinds_of_work_keep_the_order_the_office_set(client, villages):
    from marketplace.workers import reference

    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    page = client.get("/ndn/workers").get_data(as_text=True)
    menu = re.search(r'<select[^>]*name="category"[^>]*>(.*?)</select>', page, re.S).group(1)
    shown = re.findall(r'<option value="(\d+)"', menu)
    assert [int(value) for value in shown if value != "0"] == [
        row.id for row in reference.categories()]
