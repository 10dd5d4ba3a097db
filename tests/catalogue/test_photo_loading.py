"""On a slow network the photo a page opens with is fetched at once; the rest wait until
scrolled to (loading="lazy"), so the first screen is never a blank box."""

from __future__ import annotations

import re

import pytest

from marketplace.catalogue.models import ProductPhoto
from marketplace.extensions import db
from marketplace.media.services import store_image
from tests.helpers import make_group, make_product, make_sub_division, make_worker
from tests.media.images import jpeg


def loading_of_images(html: str, css_class: str) -> list[str]:
    tags = re.findall(rf'<img class="{css_class}[^"]*"[^>]*>', html)
    return [re.search(r'loading="(\w+)"', tag).group(1) for tag in tags]


@pytest.fixture
def shelf(app):
    nadaun = make_sub_division()
    group, _ = make_group(nadaun)
    products = [make_product(group, name_en=f"Jar {n}", price_paise=10000 + n) for n in range(3)]
    for product in products:
        for position in range(2):
            db.session.add(ProductPhoto(product_id=product.id, position=position,
                                        image_id=store_image(jpeg((400, 300))).id))
    db.session.commit()
    return nadaun, products


def test_the_catalogue_fetches_its_first_card_photo_at_once_and_the_rest_lazily(client, shelf):
    html = client.get("/ndn/products").get_data(as_text=True)
    assert loading_of_images(html, "product-photo") == ["eager", "lazy", "lazy"]
    assert html.count('fetchpriority="high"') == 1


def test_a_product_page_fetches_its_first_photo_at_once(client, shelf):
    _, products = shelf
    html = client.get(f"/ndn/products/{products[0].id}").get_data(as_text=True)
    assert loading_of_images(html, "product-big") == ["eager", "lazy"]


def test_the_directory_fetches_its_first_worker_photo_at_once(client, app):
    nadaun = make_sub_division()
    for n in range(2):
        worker = make_worker(nadaun, name=f"Ramesh {n}", phone=f"+91981605550{n}")
        worker.photo_id = store_image(jpeg((400, 400))).id
    db.session.commit()
    html = client.get("/ndn/workers").get_data(as_text=True)
    assert loading_of_images(html, "worker-photo") == ["eager", "lazy"]
