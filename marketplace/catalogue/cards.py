"""Product cards as list pages print them: names chosen for the reader's language and words
translated once per page, so that the card template only prints fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from marketplace.catalogue.forms import UNIT_LABELS
from marketplace.catalogue.models import Product
from marketplace.catalogue.services import is_on_sale
from marketplace.core.i18n import localized, translated

#: the words every card may print (templates: `card_words`)
CARD_WORDS = {"organic": _l("Organic"), "out_of_stock": _l("Out of stock"),
              "how_many": _l("How many"), "add": _l("Add to cart")}


class ProductCard(NamedTuple):
    """A tuple (made and hashed in C: a list page makes twenty and keys a kept fragment by
    each, core/fragments.py)."""

    id: int
    name: str
    price_paise: int
    unit: str
    group: str
    photo_key: str | None
    is_organic: bool
    in_stock: bool
    #: what the cart takes (in stock, approved and delivered: catalogue.services.is_on_sale);
    #: the card offers its add-to-cart form only then, and only to who may buy (`shows_cart`)
    can_add: bool


def product_cards(products: Iterable[sa.Row | Product], locale: str) -> list[ProductCard]:
    """Cards of the rows of queries.as_cards (or of products, which have the same names)."""
    units = translated(UNIT_LABELS, locale)
    return [ProductCard(id=p.id, name=localized(p, "name", locale), price_paise=p.price_paise,
                        unit=units[p.unit], group=localized(p, "group_name", locale),
                        photo_key=p.cover_key, is_organic=p.is_organic, in_stock=p.stock > 0,
                        can_add=p.stock > 0 and is_on_sale(p))
            for p in products]


def card_context(products: Iterable[sa.Row | Product], locale: str) -> dict:
    """What a page of product cards passes to its template: `cards` and `card_words`."""
    return {"cards": product_cards(products, locale),
            "card_words": translated(CARD_WORDS, locale)}
