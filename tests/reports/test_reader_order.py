"""Groups in the reports, their CSV and the payouts page come in the reader's alphabetical
order: a Hindi reader finds अमतर, कांगू, भोरंज, not the English names' order shown in Hindi."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from marketplace.extensions import db
from tests.helpers import make_group, make_user, sign_in
from tests.reports.data import RANGE

GROUPS = [("Amtar SHG", "अमतर समूह"), ("Bhoranj SHG", "भोरंज समूह"), ("Kangoo SHG", "कांगू समूह")]
ORDER = {"en": ["Amtar SHG", "Bhoranj SHG", "Kangoo SHG"],
         "hi": ["अमतर समूह", "कांगू समूह", "भोरंज समूह"]}


@pytest.fixture
def groups(nadaun):
    for name_en, name_hi in GROUPS:
        group, _leader = make_group(nadaun, name=name_en)
        group.name_hi = name_hi
    db.session.commit()


def reader(client, nadaun, language: str):
    staff = make_user(Role.STAFF, sub_division=nadaun)
    staff.preferred_language = language
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    sign_in(client, staff)
    return client


def in_page_order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=text.index)


@pytest.mark.parametrize("language", ["en", "hi"])
@pytest.mark.parametrize("page", [f"/panel/reports/groups?{RANGE}",
                                  f"/panel/reports/groups.csv?{RANGE}", "/panel/payouts"])
def test_groups_come_in_the_readers_alphabetical_order(client, nadaun, groups, language, page):
    text = reader(client, nadaun, language).get(page).get_data(as_text=True)
    assert all(name in text for name in ORDER[language]), text[:2000]
    assert in_page_order(text, ORDER[language]) == ORDER[language]
