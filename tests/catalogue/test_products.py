"""Members add products with a photo; staff approve; residents browse and search."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Product, ProductCategory, ProductStatus
from marketplace.catalogue.services import seed_product_categories
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.orders.services import cancel_order
from tests.helpers import (
    make_group,
    make_product,
    make_user,
    messages_to,
    place_order,
    sign_in,
    submit,
)


def photo() -> tuple[io.BytesIO, str]:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 150, 30)).save(out, "JPEG")
    out.seek(0)
    return out, "IMG_2031.jpg"


def product_form(**changes) -> dict:
    pickles = db.session.scalar(sa.select(ProductCategory.id).where(
        ProductCategory.slug == "pickles-preserves"))
    data = {"name_hi": "लिंगड़ी का अचार", "name_en": "", "category": pickles, "unit": "jar",
            "price": "180", "stock": "12", "is_organic": "y", "can_deliver": "y"}
    data.update(changes)
    return data


@pytest.fixture
def member(client, nadaun):
    seed_product_categories()
    group, leader = make_group(nadaun)
    sign_in(client, leader)
    return group, leader


def test_a_member_adds_a_product_with_a_photo_and_staff_approve_it(app, client, nadaun,
                                                                    member):
    group, leader = member
    response = submit(client, "/products/new", {**product_form(), "photos": [photo()]},
                      content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    product = db.session.scalars(sa.select(Product)).one()
    assert product.status is ProductStatus.PENDING_REVIEW and len(product.photos) == 1
    assert (product.price_paise, product.stock, product.is_organic) == (18000, 12, True)
    visitor = app.test_client()
    assert "लिंगड़ी" not in visitor.get("/ndn/products").get_data(as_text=True)

    staff = app.test_client()
    sign_in(staff, make_user(Role.STAFF, sub_division=nadaun))
    assert "लिंगड़ी" in staff.get("/panel/approvals?kind=product").get_data(as_text=True)
    assert submit(staff, f"/panel/approvals/product/{product.id}",
                  {"decision": "approve"}).status_code == 303
    assert messages_to(leader.phone)[-1].kind == "product_approved"
    assert "लिंगड़ी" in visitor.get("/ndn/products").get_data(as_text=True)
    assert "लिंगड़ी" in visitor.get("/ndn/products?q=lingdi").get_data(as_text=True)
    assert "लिंगड़ी" in visitor.get(f"/ndn/shg/{group.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"price": "0"}, "more than zero"),
        ({"price": "-5"}, "rupees with digits"),
        ({"price": "sNaN"}, "rupees with digits"),
        ({"price": "Infinity"}, "rupees with digits"),
        ({"price": "1e999999"}, "rupees with digits"),
        ({"price": "12,50"}, "rupees with digits"),
        ({"price": "12.555"}, "two digits after the point"),
        ({"price": "200000"}, "The most allowed"),
        ({"stock": "-1"}, "from 0 to 100000"),
        ({"stock": "1.5"}, "How many"),
        ({"name_hi": "", "name_en": ""}, "Write the name"),
        ({"category": "99999"}, "Not a valid choice"),
    ],
)
def test_bad_product_input_is_refused_and_writes_nothing(client, member, changes, words):
    response = submit(client, "/products/new", product_form(**changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert words in html, html[-2500:]
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 0


def test_prices_typed_with_rupee_sign_or_devanagari_digits_are_understood(client, member):
    assert submit(client, "/products/new", product_form(price="₹१८०", stock="१२")) \
        .status_code == 303
    product = db.session.scalars(sa.select(Product)).one()
    assert (product.price_paise, product.stock) == (18000, 12)


def test_script_in_a_description_is_shown_as_text(app, client, member):
    group, _leader = member
    product = make_product(group, description="<script>alert('x')</script>")
    html = app.test_client().get(f"/ndn/products/{product.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_restocking_goes_live_at_once_and_is_recorded(app, client, member):
    group, _leader = member
    product = make_product(group, stock=0)
    assert "Out of stock" in app.test_client().get("/ndn/products").get_data(as_text=True)
    response = submit(client, f"/products/{product.id}/stock",
                      {f"p{product.id}-price": "200", f"p{product.id}-stock": "25"},
                      page="/products/mine")
    assert response.status_code == 303
    db.session.refresh(product)
    assert (product.price_paise, product.stock) == (20000, 25)
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "product.price_stock")).one()
    assert event.data["before"] == {"price_paise": 18000, "stock": 0}


def test_a_member_of_another_group_cannot_touch_the_product(app, client, nadaun, member):
    group, _leader = member
    product = make_product(group)
    _other_group, other_leader = make_group(nadaun, name="Other SHG")
    other = app.test_client()
    sign_in(other, other_leader)
    response = submit(other, f"/products/{product.id}/stock",
                      {f"p{product.id}-price": "1", f"p{product.id}-stock": "0"}, page="/")
    assert response.status_code == 403
    db.session.refresh(product)
    assert (product.price_paise, product.stock) == (18000, 10)


def test_a_listed_products_name_change_waits_for_staff(nadaun, member):
    from marketplace.catalogue.services import ProductInput, update_product

    group, leader = member
    product = make_product(group)
    waiting = update_product(product, ProductInput(
        category_id=product.category_id, unit=product.unit, price_paise=19000, stock=10,
        name_hi="नया नाम", name_en="Mango pickle"), actor=leader)
    assert waiting and product.name_hi == "आम का अचार" and product.price_paise == 19000


def test_the_catalogue_runs_the_same_queries_for_6_and_60_products(client, nadaun, member,
                                                                   count_queries):
    group, _leader = member

    def queries_for(total: int) -> int:
        for index in range(total):
            make_product(group, name_en=f"Pickle {total}-{index}")
        db.session.commit()
        with count_queries() as statements:
            assert client.get("/ndn/products?organic=&sort=price").status_code == 200
        return len(statements)

    assert queries_for(6) == queries_for(54)


def test_a_member_edits_photos_and_name_which_wait_while_price_goes_live(client, member):
    group, _leader = member
    product = make_product(group)
    page = f"/products/{product.id}/edit"
    response = submit(client, page, {**product_form(name_hi="नया अचार", price="210"),
                                     "photos": [photo(), photo()]},
                      content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    db.session.refresh(product)
    assert product.price_paise == 21000 and product.name_hi == "आम का अचार"
    assert product.pending_changes["name_hi"] == "नया अचार"
    assert len(product.pending_changes["photo_ids"]) == 2


def test_more_than_five_photos_are_refused_and_none_are_kept(app, client, member):
    from pathlib import Path

    files_before = len(list(Path(app.config["MEDIA_ROOT"]).rglob("*.webp")))
    response = submit(client, "/products/new",
                      {**product_form(), "photos": [photo() for _ in range(6)]},
                      content_type="multipart/form-data")
    assert response.status_code == 400 and "At most 5 photos" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 0
    assert len(list(Path(app.config["MEDIA_ROOT"]).rglob("*.webp"))) == files_before


def test_a_non_image_upload_is_refused_with_a_clear_message(client, member):
    response = submit(client, "/products/new",
                      {**product_form(), "photos": [(io.BytesIO(b"<html>hi</html>"), "x.jpg")]},
                      content_type="multipart/form-data")
    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 0


def test_browse_by_group_price_range_and_stock(app, nadaun, member):
    group, _leader = member
    other_group, _other = make_group(nadaun, name="Other SHG")
    make_product(group, name_en="Cheap ghee", price_paise=5000)
    make_product(group, name_en="Dear ghee", price_paise=90000)
    make_product(other_group, name_en="Other ghee", price_paise=6000, stock=0)
    visitor = app.test_client()

    def names(query: str) -> set[str]:
        html = visitor.get("/ndn/products?" + query).get_data(as_text=True)
        return {n for n in ("Cheap ghee", "Dear ghee", "Other ghee") if n in html}

    assert names(f"group={group.id}") == {"Cheap ghee", "Dear ghee"}
    assert names("min_price=40&max_price=100") == {"Cheap ghee", "Other ghee"}
    assert names("in_stock=y") == {"Cheap ghee", "Dear ghee"}
    assert names("min_price=NaN&max_price=sNaN") == {"Cheap ghee", "Dear ghee", "Other ghee"}


def test_most_bought_sorts_by_units_sold_in_orders(app, nadaun, member):
    group, _leader = member
    rarely = make_product(group, name_en="Rarely bought", stock=20)
    often = make_product(group, name_en="Often bought", stock=20)
    never = make_product(group, name_en="Never bought", stock=20)
    place_order(make_user(), {often: 3, rarely: 1})
    cancelled = place_order(make_user(), {rarely: 5})
    cancel_order(cancelled, actor=None, reason="test")  # cancelled sales do not count
    html = app.test_client().get("/ndn/products?sort=popular").get_data(as_text=True)
    positions = [html.index(name) for name in ("Often bought", "Rarely bought", "Never bought")]
    assert positions == sorted(positions)
    assert (often.units_sold, rarely.units_sold, never.units_sold) == (3, 1, 0)


@pytest.mark.parametrize(("fields", "words"), [
    ({"p{id}-price": "200", "p{id}-stock": ""}, "Enter how many you have."),
    ({"p{id}-price": "200", "p{id}-stock": "-4"}, "0 to"),
    ({"p{id}-price": "2,00,00,00,000", "p{id}-stock": "5"}, "₹"),
    ({"price": "200", "stock": "5"}, "Enter an amount"),
    ({}, "Enter an amount")], ids=["empty-stock", "negative", "huge-price", "no-prefix", "nothing"])
def test_a_quick_restock_with_a_bad_box_comes_back_beside_that_product(client, member, fields,
                                                                       words):
    group, _leader = member
    product = make_product(group, stock=3)
    make_product(group, name_en="Honey", name_hi="शहद", stock=7)
    data = {name.format(id=product.id): value for name, value in fields.items()}
    response = submit(client, f"/products/{product.id}/stock", data, page="/products/mine")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and words in html
    mine = html[html.index(f'id="product-{product.id}"'):]
    assert f"Not saved: {product.name_en}" in mine[:mine.index("</li>")]
    assert html.count("Not saved:") == 1
    assert html.count("autofocus") == 1  # the refused box, brought into view on a long list
    for typed in (value for name, value in fields.items() if value and name.startswith("p{")):
        assert f'value="{typed}"' in mine[:mine.index("</li>")]  # kept, to be corrected
    db.session.refresh(product)
    assert (product.price_paise, product.stock) == (18000, 3)


def test_a_quick_restock_refused_in_hindi_names_the_product_in_hindi(client, member):
    group, leader = member
    leader.preferred_language = "hi"
    product = make_product(group, stock=3)
    response = submit(client, f"/products/{product.id}/stock",
                      {f"p{product.id}-price": "200", f"p{product.id}-stock": ""},
                      page="/products/mine")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f"सेव नहीं हुआ: {product.name_hi}" in html


@pytest.mark.parametrize(("changes", "words"), [
    ({"name_en": "Mango\u202epickle"}, "hidden control character"),
    ({"description": "Fresh\u2067 every week"}, "hidden control character"),
    ({"description": "Call, Aadhaar 2341 2341 2346"}, "looks like an Aadhaar number"),
    ({"price": "١٢"}, "0-9 or ०-९"),
    ({"stock": "٣"}, "0-9 or ०-९"),
])
def test_bidi_controls_aadhaar_and_foreign_digits_in_a_product_are_refused(client, member,
                                                                          changes, words):
    response = submit(client, "/products/new", product_form(**changes))
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == 0


def test_a_product_name_with_a_zero_width_joiner_is_kept(client, member):
    name = "क्\u200dषीर का अचार"
    assert submit(client, "/products/new", product_form(name_hi=name)).status_code == 303
    assert db.session.scalars(sa.select(Product)).one().name_hi == name


def test_the_buy_button_shows_only_where_the_cart_would_take_the_product(app, nadaun):
    group, leader = make_group(nadaun)
    on_sale = make_product(group, name_en="Pickle")
    sold_out = make_product(group, name_en="Jam", stock=0)
    pick_up_only = make_product(group, name_en="Honey", can_deliver=False, can_pick_up=True)

    def page(product, user=None, path=None) -> str:
        client = app.test_client()
        if user is not None:
            sign_in(client, user)
        return client.get(path or f"/ndn/products/{product.id}").get_data(as_text=True)

    def has_button(html: str, product) -> bool:  # its own form, not another card's
        return f'action="/cart/add/{product.id}"' in html

    assert has_button(page(on_sale), on_sale) and has_button(page(on_sale, make_user()), on_sale)
    assert not has_button(page(on_sale, make_user(Role.STAFF, sub_division=nadaun)), on_sale)
    assert not has_button(page(sold_out), sold_out)
    html = page(pick_up_only)
    assert not has_button(html, pick_up_only) and "sold at the group only" in html
    # The same rule on the cards of the catalogue and of the group's storefront.
    for path in ("/ndn/products", f"/ndn/shg/{group.id}"):
        html = page(None, path=path)
        assert has_button(html, on_sale)
        assert not has_button(html, sold_out) and not has_button(html, pick_up_only)
        assert "Add to cart" not in page(None, make_user(Role.STAFF, sub_division=nadaun), path)
    on_sale.status = ProductStatus.PENDING_REVIEW
    html = page(on_sale, leader)  # the group sees its product waiting, with no button
    assert not has_button(html, on_sale) and "sold at the group only" not in html


def test_a_storefront_lists_its_products_in_stock_first_each_with_its_button(client, nadaun):
    group, _leader = make_group(nadaun)
    apricot = make_product(group, name_en="Apricot jam", stock=0)
    bean = make_product(group, name_en="Beans", stock=4)
    html = client.get(f"/ndn/shg/{group.id}").get_data(as_text=True)
    assert html.index("Beans") < html.index("Apricot jam")  # by name, but sold out last
    assert f'action="/cart/add/{bean.id}"' in html
    assert f'action="/cart/add/{apricot.id}"' not in html


def test_a_storefront_lists_its_products_by_the_names_its_reader_sees(client, nadaun):
    group, _leader = make_group(nadaun)
    # English: Ghee < Honey < Mango pickle; Hindi: आम < घी < शहद; with no Hindi name, the
    # English one is what a Hindi reader sees
    for english, hindi in (("Ghee", "घी"), ("Mango pickle", "आम का अचार"), ("Honey", "शहद"),
                           ("Amla", "")):
        make_product(group, name_en=english, name_hi=hindi)
    db.session.commit()
    english = client.get(f"/ndn/shg/{group.id}", headers={"Accept-Language": "en"})
    hindi = client.get(f"/ndn/shg/{group.id}", headers={"Accept-Language": "hi"})

    def order(html: str, names: list[str]) -> list[str]:
        return sorted(names, key=html.index)

    assert order(english.get_data(as_text=True), ["Amla", "Ghee", "Honey", "Mango pickle"]) == [
        "Amla", "Ghee", "Honey", "Mango pickle"]
    assert order(hindi.get_data(as_text=True), ["Amla", "घी", "शहद", "आम का अचार"]) == [
        "Amla", "आम का अचार", "घी", "शहद"]


def test_a_product_page_shows_the_photos_of_the_groups_other_products(client, nadaun):
    from marketplace.catalogue.models import ProductPhoto
    from marketplace.media.services import store_image

    group, _leader = make_group(nadaun)
    shown = make_product(group, name_en="Apricot jam")
    other = make_product(group, name_en="Beans")
    image = store_image(photo()[0])
    db.session.add(ProductPhoto(product_id=other.id, image_id=image.id, position=0))
    db.session.commit()
    html = client.get(f"/ndn/products/{shown.id}").get_data(as_text=True)
    more = html[html.index("Beans") - 1500:html.index("Beans")]
    assert f"/media/{image.key}/" in more  # the card of Beans, with its photo
