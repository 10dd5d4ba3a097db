"""The pick list staff print comes in the reader's alphabetical order: groups, and each
group's products (a Hindi reader finds अचार before घी, not Ghee before Pickle in Hindi)."""

from __future__ import annotations

import dataclasses

import pytest

from marketplace.core.i18n import localized
from marketplace.extensions import db
from marketplace.fulfilment.queries import list_pick_groups
from tests.fulfilment.factories import make_world, order_in
from tests.helpers import make_group, make_product, tomorrow

EXPECTED = {
    "en": [("Bhoranj SHG", ["Oil"]), ("Jai Maa SHG", ["Ghee", "Pickle"])],
    "hi": [("जय माँ समूह", ["अचार", "घी"]), ("भोरंज समूह", ["तेल"])],
}


@pytest.mark.parametrize("locale", ["en", "hi"])
def test_the_pick_list_comes_in_the_readers_alphabetical_order(app, locale):
    world = make_world()
    world.group.name_hi = "जय माँ समूह"
    other, _leader = make_group(world.nadaun, name="Bhoranj SHG")
    other.name_hi = "भोरंज समूह"
    products = [make_product(world.group, name_en="Pickle", name_hi="अचार"),
                make_product(world.group, name_en="Ghee", name_hi="घी"),
                make_product(other, name_en="Oil", name_hi="तेल")]
    for product in products:
        order_in(dataclasses.replace(world, product=product))
    db.session.commit()
    groups = list_pick_groups(world.nadaun.id, tomorrow(), world.slot.id, locale)
    assert [(localized(entry.group, "name", locale),
             [localized(total, "name", locale) for total in entry.totals])
            for entry in groups] == EXPECTED[locale]
