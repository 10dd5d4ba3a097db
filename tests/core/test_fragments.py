"""List cards are rendered once per process and reused, yet a page never shows an old card:
a card is kept under what it shows, so a change makes a new one."""

from __future__ import annotations

import re

from marketplace.accounts.models import Role
from marketplace.core import fragments
from marketplace.extensions import db
from marketplace.workers import neighbours
from tests.helpers import (
    make_group,
    make_product,
    make_sub_division,
    make_user,
    make_worker,
    sign_in,
    submit,
)


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card (?:product|worker)-card">.*?</li>', html, re.S)


def test_a_second_page_reuses_the_cards_and_shows_the_same(client, nadaun, monkeypatch):
    group, _leader = make_group(nadaun)
    for n in range(3):
        make_product(group, name_en=f"Pickle {n}", name_hi=f"अचार {n}")
    db.session.commit()
    first = client.get("/ndn/products", headers={"Accept-Language": "en"}).get_data(as_text=True)
    rendered = []
    monkeypatch.setattr(fragments, "_rendered", lambda template, context: rendered.append(
        template) or "")
    second = client.get("/ndn/products", headers={"Accept-Language": "en"}).get_data(as_text=True)
    # The cards are kept by what they show; the filter form is kept by the data version, which
    # any write in between (a thread a test left running) may move on, so only cards count.
    assert "catalogue/_card.html" not in rendered, rendered
    assert len(_cards(second)) == 3, second
    assert _cards(first) == _cards(second)


def test_a_changed_product_shows_its_new_price_and_stock_at_once(client, nadaun):
    group, _leader = make_group(nadaun)
    product = make_product(group, name_en="Mango pickle", price_paise=18000)
    db.session.commit()
    assert "₹180" in client.get("/ndn/products").get_data(as_text=True)
    product.price_paise, product.stock = 21000, 0
    db.session.commit()
    card = _cards(client.get("/ndn/products", headers={"Accept-Language": "en"})
                  .get_data(as_text=True))[0]
    assert "₹210" in card and "₹180" not in card and "Out of stock" in card


def test_the_same_worker_in_each_language_and_under_each_sub_divisions_links(client, nadaun):
    sonepur = make_sub_division("SNP", "Sonepur")
    staff = {code: make_user(Role.STAFF, sub_division=place)
             for code, place in (("ndn", nadaun), ("snp", sonepur))}
    worker = make_worker(nadaun, name="Sohan Lal")
    listing = neighbours.propose_listing(worker, sonepur, actor=staff["ndn"])
    neighbours.accept_listing(listing, actor=staff["snp"])
    db.session.commit()
    pages = {(code, language): _cards(client.get(
        f"/{code}/workers", headers={"Accept-Language": language}).get_data(as_text=True))
        for code in ("ndn", "snp") for language in ("en", "hi")}
    assert "Also serves from Nadaun" in pages["snp", "en"][0]
    assert "से भी सेवा" in pages["snp", "hi"][0]
    assert "Also serves" not in pages["ndn", "en"][0]
    for (code, _language), cards in pages.items():
        assert f'href="/{code}/workers/{worker.id}"' in cards[0]


def test_a_card_s_form_comes_back_to_its_own_page_for_a_buyer(client, nadaun):
    group, _leader = make_group(nadaun)
    make_product(group)
    db.session.commit()
    sign_in(client, make_user())
    for path in ("/ndn/products?sort=price", "/ndn/products?sort=newest"):
        card = _cards(client.get(path).get_data(as_text=True))[0]
        assert f'name="next" value="{path.replace("&", "&amp;")}"' in card



def _header(html: str) -> str:
    return re.search(r"<!--site-header-->(.*?)<!--/site-header-->", html, re.S).group(1)


def test_the_kept_header_shows_each_reader_their_own_menu_cart_and_way_back(client, nadaun):
    group, _leader = make_group(nadaun)
    product = make_product(group, name_en="Mango pickle")
    db.session.commit()
    english = {"Accept-Language": "en"}
    for path in ("/ndn/products?sort=price", "/ndn/products?sort=newest"):
        header = _header(client.get(path, headers=english).get_data(as_text=True))
        assert f'name="next" value="{path.replace("&", "&amp;")}"' in header
        assert "Sign out" not in header and "Cart (" not in header
    sign_in(client, make_user(language="en"))
    header = _header(client.get("/ndn/products", headers=english).get_data(as_text=True))
    assert "Sign out" in header and "Cart</a>" in header
    submit(client, f"/cart/add/{product.id}", {"quantity": "2", "next": "/ndn/products"},
           page="/ndn/products")
    header = _header(client.get("/ndn/products", headers=english).get_data(as_text=True))
    assert "Cart (1)" in header and "Sign out" in header

def test_at_most_kept_cards_are_held(app, nadaun, client, monkeypatch):
    monkeypatch.setattr(fragments, "KEPT", 4)
    group, _leader = make_group(nadaun)
    for n in range(6):
        make_product(group, name_en=f"Pickle {n}", name_hi=f"अचार {n}")
    db.session.commit()
    assert len(_cards(client.get("/ndn/products").get_data(as_text=True))) == 6
    assert len(fragments._kept) == 4
    weight = sum(len(html) for html in fragments._kept.values())
    monkeypatch.setattr(fragments, "KEPT_CHARACTERS", weight // 2)
    client.get("/ndn/products?sort=price")
    assert sum(len(html) for html in fragments._kept.values()) <= weight // 2
    assert 0 < len(fragments._kept) < 4


def test_the_same_card_is_kept_apart_for_each_language_and_sub_division_of_its_links(app):
    from flask import g
    from flask_babel import force_locale

    from marketplace.workers.cards import WorkerCard

    card = WorkerCard(id=7, name="Sohan Lal", photo_key=None, is_verified=False,
                      category="Plumber", village="Jalari", distance=None, rate_paise=60000,
                      unit="per day", rating="New", availability="now",
                      availability_text="Available now")
    kept = app.jinja_env.globals["kept"]
    seen = {}
    for code in ("ndn", "snp"):
        for language in ("en", "hi"):
            with app.test_request_context("/"), force_locale(language):
                g.link_code = code
                seen[code, language] = str(kept("workers/_card.html", card=card, eager=False,
                                                card_words={"verified": "✔"}))
    assert all(f'href="/{code}/workers/7"' in html for (code, _l), html in seen.items())
    assert len(fragments._kept) == 4



def test_a_list_of_cards_is_each_card_as_kept_alone_in_order_the_first_fetched_at_once(app):
    from flask import g

    from marketplace.catalogue.cards import ProductCard

    cards = [ProductCard(id=n, name=f"Pickle {n}", price_paise=18000 + n, unit="jar",
                         group="Jai Maa SHG", photo_key=f"{n:032x}", is_organic=bool(n % 2),
                         in_stock=True, can_add=True) for n in (3, 1, 2)]
    shared = {"card_words": {"organic": "Organic", "add": "Add to cart"}, "shows_cart": True,
              "csrf_slot": "", "current_path": "/ndn/products"}
    with app.test_request_context("/"):
        g.link_code = "ndn"
        listed = str(app.jinja_env.globals["kept_each"]("catalogue/_card.html", cards,
                                                        **shared))
        one_by_one = "".join(
            str(app.jinja_env.globals["kept"]("catalogue/_card.html", card=card,
                                              eager=number == 0, **shared))
            for number, card in enumerate(cards))
        again = str(app.jinja_env.globals["kept_each"]("catalogue/_card.html", cards, **shared))
    assert listed == one_by_one == again
    assert [int(n) for n in re.findall(r'href="/ndn/products/(\d+)"', listed)] == [3, 1, 2]
    assert listed.count('loading="eager"') == 1
    assert listed.index('loading="eager"') < listed.index("Pickle 1")

def _filters(html: str) -> str:
    return re.search(r"<details.*?</details>", html, re.S).group(0)


def test_the_filter_form_is_kept_under_its_values_and_the_places_it_lists(client, nadaun,
                                                                          monkeypatch):
    from tests.helpers import add_village, first_village

    plumber = make_worker(nadaun, name="Sohan Lal").main_category_id
    village = first_village(nadaun)
    db.session.commit()
    english = {"Accept-Language": "en"}
    chosen = f"/ndn/workers?category={plumber}&village={village.id}"
    first = _filters(client.get(chosen, headers=english).get_data(as_text=True))
    assert f'<option selected value="{plumber}">' in first and "<details open>" in first
    plain = _filters(client.get("/ndn/workers", headers=english).get_data(as_text=True))
    assert f'selected value="{plumber}"' not in plain and "<details open>" not in plain
    rendered = []
    monkeypatch.setattr(fragments, "_rendered", lambda template, context: rendered.append(
        template) or "")
    again = client.get(chosen + "&q=sohan", headers=english).get_data(as_text=True)
    # the words typed are not a filter: the same form, kept (the header, which comes back to
    # this new address, is made for it)
    assert "workers/_filters.html" not in rendered and rendered == ["site_header.html"]
    assert "Sohan" in again  # (and the search box outside it shows them)
    monkeypatch.undo()
    add_village(nadaun, "Naya Gaon", village.latitude + 0.01, village.longitude)
    db.session.commit()  # staff add a village: the menu shows it at once
    assert "Naya Gaon" in _filters(client.get(chosen, headers=english).get_data(as_text=True))
    hindi = _filters(client.get(chosen, headers={"Accept-Language": "hi"})
                     .get_data(as_text=True))
    assert "<summary>फ़िल्टर</summary>" in hindi and "Naya Gaon" in hindi


def test_a_card_is_kept_under_its_words_as_they_read_and_not_as_one_table_object(app):
    from marketplace.core.i18n import Words
    from marketplace.workers.cards import WorkerCard

    card = WorkerCard(id=8, name="Ram", photo_key=None, is_verified=True, category="Mason",
                      village="Jalari", distance=None, rate_paise=50000, unit="per day",
                      rating="New", availability="now", availability_text="Available now")
    kept = app.jinja_env.globals["kept"]
    html = {}
    for words in (Words({"verified": "Verified"}), Words({"verified": "Verified"}),
                  Words({"verified": "जाँचा गया"})):
        with app.test_request_context("/"):
            html[id(words)] = str(kept("workers/_card.html", card=card, eager=False,
                                       card_words=words))
    first, same, other = html.values()
    assert first == same and "Verified" in first and "जाँचा गया" in other


def test_a_translated_table_hashes_as_its_contents():
    from marketplace.core.i18n import Words, translated
    from marketplace.workers.cards import WORDS

    english = translated(WORDS, "en")
    assert isinstance(english, Words) and translated(WORDS, "en") is english
    assert hash(english) == hash(Words(english.items())) != hash(translated(WORDS, "hi"))
