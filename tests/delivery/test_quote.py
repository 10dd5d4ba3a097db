"""What an order costs under a sub-division's delivery terms: items, charge, total, and how far
the buyer is from free delivery and from the smallest order."""

from __future__ import annotations

import dataclasses

import pytest

from marketplace.delivery.models import DeliveryTerms
from marketplace.delivery.quote import Quote, items_total_paise, line_total_paise, quote


def terms(*, charge: int = 3000, free_from: int | None = 50000, minimum: int = 0):
    return DeliveryTerms(sub_division_id=1, charge_paise=charge, free_from_paise=free_from,
                         minimum_order_paise=minimum)


def test_lines_are_quantity_times_unit_price_added_up():
    assert line_total_paise(3, 12050) == 36150
    assert items_total_paise([(2, 18000), (1, 35000)]) == 71000
    assert items_total_paise([]) == 0


@pytest.mark.parametrize(("items", "charge", "short"), [
    (49999, 3000, 1), (50000, 0, 0), (50001, 0, 0), (1, 3000, 49999)])
def test_delivery_is_charged_below_the_free_threshold_and_free_at_or_above_it(
        items, charge, short):
    price = quote(terms(), [(1, items)])
    assert (price.items_paise, price.delivery_charge_paise, price.total_paise) == (
        items, charge, items + charge)
    assert price.free_from_paise == 50000
    assert price.short_of_free_delivery_paise == short


def test_several_lines_count_towards_the_threshold_together():
    price = quote(terms(), [(2, 18000), (1, 14000)])
    assert (price.items_paise, price.delivery_charge_paise, price.total_paise) == (
        50000, 0, 50000)


def test_terms_that_are_never_free_always_charge_and_promise_nothing():
    price = quote(terms(charge=2000, free_from=None), [(1, 10_000_000)])
    assert (price.delivery_charge_paise, price.total_paise) == (2000, 10_002_000)
    assert price.free_from_paise is None and price.short_of_free_delivery_paise == 0


def test_a_charge_of_nothing_leaves_nothing_short_of_free_delivery():
    price = quote(terms(charge=0, free_from=20000), [(1, 100)])
    assert (price.delivery_charge_paise, price.total_paise) == (0, 100)
    assert price.short_of_free_delivery_paise == 0


@pytest.mark.parametrize(("items", "short", "meets"), [
    (9999, 1, False), (10000, 0, True), (25000, 0, True), (1, 9999, False)])
def test_the_smallest_order_is_met_at_or_above_it(items, short, meets):
    price = quote(terms(minimum=10000), [(1, items)])
    assert price.minimum_order_paise == 10000
    assert (price.short_of_minimum_paise, price.meets_minimum) == (short, meets)
    # Below the smallest order the quote is still priced; the caller refuses the order.
    assert price.delivery_charge_paise == 3000


def test_no_smallest_order_is_always_met():
    assert quote(terms(minimum=0), [(1, 1)]).meets_minimum


def test_zero_items_cost_only_the_charge_and_are_short_of_everything():
    price = quote(terms(minimum=10000), [])
    assert (price.items_paise, price.delivery_charge_paise, price.total_paise) == (
        0, 3000, 3000)
    assert (price.short_of_free_delivery_paise, price.short_of_minimum_paise) == (50000, 10000)
    assert not price.meets_minimum
    assert quote(terms(), []).meets_minimum  # no smallest order: nothing is short of it


def test_a_quote_cannot_be_changed_after_it_is_made():
    price = quote(terms(), [(1, 100)])
    assert isinstance(price, Quote)
    with pytest.raises(dataclasses.FrozenInstanceError):
        price.total_paise = 0  # type: ignore[misc]
