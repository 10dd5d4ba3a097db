"""Photos are served at the size of their slot: cards offer every variant the pipeline makes
(srcset) with the slot's width (sizes), so a 72 px worker photo on a phone fetches 144 px, not
the 600 px display size."""

from __future__ import annotations

import io
import re

from PIL import Image

from marketplace.catalogue.models import ProductPhoto
from marketplace.extensions import db
from marketplace.media.models import VARIANTS
from marketplace.media.services import make_derived_variants, pending_images, store_image
from tests.helpers import make_group, make_product, make_sub_division, make_worker
from tests.media.images import jpeg


def img_tags(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<img class="{css_class}[^"]*"[^>]*>', html, flags=re.S)


def attribute(tag: str, name: str) -> str:
    return re.search(rf'\s{name}="([^"]*)"', tag).group(1)


def candidates(tag: str) -> dict[str, int]:
    """srcset as {url: width}."""
    pairs = (part.strip().rsplit(" ", 1) for part in attribute(tag, "srcset").split(","))
    return {url: int(width.rstrip("w")) for url, width in pairs}


def served_size(client, url: str) -> tuple[int, int]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/webp"
    with Image.open(io.BytesIO(response.data)) as picture:
        size = picture.size
    response.close()
    return size


def test_a_product_card_offers_each_made_size_for_its_slot(client, app):
    group, _ = make_group(make_sub_division())
    product = make_product(group, name_en="Rhododendron squash")
    image = store_image(jpeg((1600, 1200)))
    db.session.add(ProductPhoto(product_id=product.id, position=0, image_id=image.id))
    db.session.commit()

    [tag] = img_tags(client.get("/ndn/products").get_data(as_text=True), "product-photo")
    offered = candidates(tag)
    assert offered == {f"/media/{image.key}/{variant}.webp": VARIANTS[variant]
                       for variant in ("small", "thumb", "card", "medium")}
    # two columns on a 360 px phone: the photo is half the screen less the padding
    assert "(max-width: 501px) calc(50vw - 42px)" in attribute(tag, "sizes")
    for url, nominal in offered.items():
        assert max(served_size(client, url)) <= nominal
    small = served_size(client, f"/media/{image.key}/small.webp")
    assert small == (144, 108)


def test_a_worker_card_photo_is_offered_at_72_px_and_its_profile_at_140(client, app):
    worker = make_worker(make_sub_division(), name="Ramesh", phone="+919816055501")
    worker.photo_id = store_image(jpeg((800, 800))).id
    db.session.commit()

    [card] = img_tags(client.get("/ndn/workers").get_data(as_text=True), "worker-photo")
    assert attribute(card, "sizes") == "72px"
    assert f"/media/{worker.photo.key}/small.webp 144w" in attribute(card, "srcset")
    assert served_size(client, f"/media/{worker.photo.key}/small.webp") == (144, 144)

    [profile] = img_tags(client.get(f"/ndn/workers/{worker.id}").get_data(as_text=True),
                         "worker-photo")
    assert attribute(profile, "sizes") == "140px"
    assert f"/media/{worker.photo.key}/card.webp 300w" in attribute(profile, "srcset")


def test_cards_cost_no_query_for_their_photo_sizes(client, app, count_queries):
    group, _ = make_group(make_sub_division())

    def add_products(count: int) -> None:
        for _ in range(count):
            product = make_product(group, name_en="Jar", price_paise=10000)
            db.session.add(ProductPhoto(product_id=product.id, position=0,
                                        image_id=store_image(jpeg((400, 300))).id))
        db.session.commit()

    def queries_of_the_list(cards: int) -> int:
        client.get("/ndn/products")  # warm: the session, the sub-division, the menu
        with count_queries() as statements:
            html = client.get("/ndn/products").get_data(as_text=True)
        assert len(img_tags(html, "product-photo")) == cards
        return len(statements)

    add_products(1)
    one = queries_of_the_list(1)
    add_products(4)
    assert queries_of_the_list(5) == one


def test_a_photo_stored_before_the_small_size_gets_its_thumb_until_derive_makes_it(client, app):
    image = store_image(jpeg((1600, 1200)))
    db.session.commit()
    # as it was before "small" existed
    image.sizes = {variant: size for variant, size in image.sizes.items() if variant != "small"}
    db.session.commit()
    assert image in pending_images()

    response = client.get(f"/media/{image.key}/small.webp")
    assert response.headers["Cache-Control"] == "no-cache"  # asked again once it is made
    response.close()
    assert served_size(client, f"/media/{image.key}/small.webp") == (200, 150)  # the thumb

    assert make_derived_variants(image.id)
    db.session.refresh(image)
    assert "small" in image.sizes and image not in pending_images()
    assert served_size(client, f"/media/{image.key}/small.webp") == (144, 108)
