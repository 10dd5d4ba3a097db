"""What an order costs: the one home of line totals, the delivery charge and the total.

The cart page, the checkout page and order placement (web and phone) all ask `quote()`, so
the amount a buyer is shown is worked out by the same rule as the amount the order records.
Templates print a Quote's fields; they add nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from marketplace.delivery.models import DeliveryTerms

#: a line of an order or cart: (quantity, unit price in paise)
Line = tuple[int, int]


def line_total_paise(quantity: int, unit_price_paise: int) -> int:
    return quantity * unit_price_paise


def items_total_paise(lines: Iterable[Line]) -> int:
    """What the goods of `lines` cost together, before delivery."""
    return sum(line_total_paise(quantity, price) for quantity, price in lines)


@dataclass(frozen=True)
class Quote:
    items_paise: int
    delivery_charge_paise: int
    total_paise: int
    #: items from this amount on are delivered free (None: never free)
    free_from_paise: int | None
    #: how much more in goods would make delivery free; 0 when delivery costs nothing
    #: already (or never becomes free)
    short_of_free_delivery_paise: int
    minimum_order_paise: int
    #: how much more in goods the smallest order needs; 0 when it is reached
    short_of_minimum_paise: int

    @property
    def meets_minimum(self) -> bool:
        return self.short_of_minimum_paise == 0


def quote(terms: DeliveryTerms, lines: Iterable[Line]) -> Quote:
    """The cost of `lines` under a sub-division's delivery terms: a flat charge, nothing
    from `terms.free_from_paise` of goods on. The charge does not depend on the minimum
    order: a quote below it is still priced (the caller refuses the order)."""
    items = items_total_paise(lines)
    free = terms.free_from_paise is not None and items >= terms.free_from_paise
    charge = 0 if free else terms.charge_paise
    return Quote(
        items_paise=items, delivery_charge_paise=charge, total_paise=items + charge,
        free_from_paise=terms.free_from_paise,
        short_of_free_delivery_paise=(terms.free_from_paise - items
                                      if charge and terms.free_from_paise is not None else 0),
        minimum_order_paise=terms.minimum_order_paise,
        short_of_minimum_paise=max(0, terms.minimum_order_paise - items))
