"""Absurd numbers in URLs and forms are refused with a 4xx, never a 500."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from tests.helpers import make_group, make_product, make_sub_division, make_user, sign_in, submit

HUGE = "9" * 5000


@pytest.mark.parametrize("path", ["/panel/orders/99999999999999999999999",
                                  "/panel/runs/99999999999999999999999",
                                  "/products/99999999999999999999999",
                                  "/panel/phone-orders?placed=99999999999999999999999"])
def test_an_id_too_large_for_the_database_is_not_found(client, path):
    nadaun = make_sub_division()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    assert client.get(path).status_code in (200, 404)  # the phone page ignores it


def test_a_quantity_of_five_thousand_digits_is_refused(client):
    group, _ = make_group(make_sub_division())
    product = make_product(group)
    response = submit(client, f"/cart/add/{product.id}", {"quantity": HUGE},
                      page=f"/products/{product.id}")
    assert response.status_code == 400
