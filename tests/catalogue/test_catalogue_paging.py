"""The catalogue pages by key: each product once in every sort (in stock first, ties broken by
id), and the same queries on every page, for any page size and number of products."""

from __future__ import annotations

import re

import pytest

from marketplace.catalogue import views
from marketplace.catalogue.models import Product
from marketplace.extensions import db
from tests.helpers import make_group, make_product

NAME = re.compile(r"Item (\d+)\b")
SORTS = {  # each led by "sold out" (False first): products in stock come first in every order
    "newest": lambda p: (p.stock == 0, -p.created_at.timestamp(), -p.id),
    "price": lambda p: (p.stock == 0, p.price_paise, p.id),
    "price_desc": lambda p: (p.stock == 0, -p.price_paise, -p.id),
    "popular": lambda p: (p.stock == 0, -p.units_sold, -p.id),
}


def make_items(sub_division, count: int) -> list[Product]:
    """Products with few distinct prices and sales (many ties), half with one created_at, and
    every third one sold out (spread through every order)."""
    group, _leader = make_group(sub_division, name=f"Group of {count}")
    items = []
    for n in range(count):
        item = make_product(group, name_en=f"Item {n}", name_hi="", price_paise=1000 * (1 + n % 3))
        item.units_sold = n % 4
        item.stock = 0 if n % 3 == 1 else 5
        items.append(item)
    for item in items[::2]:
        item.created_at = items[0].created_at
    db.session.commit()
    return items


def walk(client, url: str) -> list[int]:
    seen = []
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += [int(n) for n in NAME.findall(html)]
        link = re.search(r'rel="next" href="([^"]+)"', html)
        url = link.group(1).replace("&amp;", "&") if link else None
    return seen


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_pages_through_each_product_once_in_order(client, nadaun, monkeypatch, sort):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    items = make_items(nadaun, 17)
    db.session.expire_all()
    expected = [int(NAME.search(p.name_en).group(1)) for p in sorted(items, key=SORTS[sort])]
    assert walk(client, f"/ndn/products?sort={sort}") == expected


@pytest.mark.parametrize("size", [12, 24])
def test_the_catalogue_runs_the_same_queries_on_every_page_for_30_or_60_products(
        client, nadaun, count_queries, monkeypatch, size):
    monkeypatch.setattr(views, "PAGE_SIZE", size)

    def counts(total: int) -> list[int]:
        make_items(nadaun, total)
        client.get("/ndn/products?sort=price")  # warms the kept reference copy
        found, html = [], ""
        for url in ("/ndn/products?sort=price", "next", "/ndn/products?sort=price&page=2"):
            if url == "next":
                url = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;",
                                                                                     "&")
            with count_queries() as statements:
                html = client.get(url).get_data(as_text=True)
            found.append(len(statements))
        return found

    first = counts(30)
    assert len(set(first)) == 1
    assert counts(30) == first  # now 60 products


@pytest.mark.parametrize("sort", ["newest", "price"])
def test_going_back_across_the_sold_out_boundary_shows_the_same_pages(client, nadaun,
                                                                      monkeypatch, sort):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    make_items(nadaun, 17)
    forward, url, html = [], f"/ndn/products?sort={sort}", ""
    while url:
        html = client.get(url).get_data(as_text=True)
        forward.append([int(n) for n in NAME.findall(html)])
        link = re.search(r'rel="next" href="([^"]+)"', html)
        url = link.group(1).replace("&amp;", "&") if link else None
    backward = []
    while True:
        link = re.search(r'rel="prev" href="([^"]+)"', html)
        if not link:
            break
        html = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
        backward.append([int(n) for n in NAME.findall(html)])
    assert len(forward) == 5 and backward == forward[-2::-1]


def test_a_page_lists_every_product_in_stock_before_any_sold_out(client, nadaun):
    group, _leader = make_group(nadaun)
    for n, stock in enumerate([3, 0, 3, 0, 0, 3]):  # made in this order: Item 5 is the newest
        make_product(group, name_en=f"Item {n}", name_hi="", stock=stock)
    db.session.commit()
    html = client.get("/ndn/products").get_data(as_text=True)
    assert [int(n) for n in NAME.findall(html)] == [5, 2, 0, 4, 3, 1]
    cards = html.split('class="card product-card"')[1:]
    assert ["Out of stock" in card for card in cards] == [False] * 3 + [True] * 3
