"""District-scale rows for bench.run: approved workers (with accounts and category links) and
products of the demo's groups, inserted in bulk (bench.bulk). Inside an app context."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bench.bulk import insert_rows, next_id, reset_sequence

USER_COLUMNS = ["id", "phone", "name", "preferred_language", "password_hash", "role",
                "is_active_account", "session_token", "created_at"]
WORKER_COLUMNS = [
    "id", "user_id", "sub_division_id", "display_name", "name_key", "main_category_id",
    "skills", "skills_key", "experience_years", "languages", "rate_paise", "rate_unit",
    "home_village_id", "service_radius_km", "availability", "hide_phone", "status",
    "is_verified", "rating_count", "rating_total", "rating_avg", "created_at", "updated_at"]
PRODUCT_COLUMNS = [
    "id", "group_id", "sub_division_id", "category_id", "name_en", "name_hi", "search_text",
    "description", "unit", "price_paise", "stock", "units_sold", "is_organic", "season",
    "can_deliver", "can_pick_up", "status", "created_by_id", "created_at", "updated_at"]
IMAGE_COLUMNS = ["id", "key", "width", "height", "sizes", "created_at", "derived_at"]
GOODS = [("Mango pickle", "आम का अचार"), ("Wild honey", "जंगली शहद"), ("Desi ghee", "देसी घी"),
         ("Rajmah", "राजमा"), ("Kachnar pickle", "कचनार का अचार"), ("Woollen socks", "ऊनी मोज़े"),
         ("Red rice", "लाल चावल"), ("Apple jam", "सेब का जैम"), ("Bamboo basket", "बांस की टोकरी"),
         ("Turmeric powder", "हल्दी पाउडर")]


def add_workers(raw, count: int) -> int:
    """`count` approved workers of the demo's sub-division, names in both scripts, every
    category (30% with a second one), ratings 0–20 of 3–5."""
    import sqlalchemy as sa

    from marketplace.core.text import search_key
    from marketplace.demo.nadaun import FIRST_NAMES, LAST_NAMES
    from marketplace.extensions import db
    from marketplace.places.models import Village
    from marketplace.workers.models import WorkerCategory

    rng = random.Random(7)  # noqa: S311 - bench data
    categories = db.session.scalars(sa.select(WorkerCategory.id)).all()
    sub_division_id = db.session.scalar(sa.select(Village.sub_division_id)
                                        .order_by(Village.id).limit(1))
    # homes in the workers' own sub-division only (the demo has a second one)
    villages = db.session.scalars(sa.select(Village).where(
        Village.sub_division_id == sub_division_id).order_by(Village.id)).all()
    now = datetime.now(UTC)
    first_user, first_worker = next_id(raw, "users"), next_id(raw, "worker_profiles")
    names = [(f"{first} {last}", f"{first_hi} {last_hi}") for first, first_hi in FIRST_NAMES
             for last, last_hi in LAST_NAMES]
    keys = {name: search_key(name) for pair in names for name in pair}
    users, workers, links = [], [], []
    for n in range(count):
        user_id, worker_id = first_user + n, first_worker + n
        users.append((user_id, f"+9196{n:08d}", f"Bench {n}", "hi", "!", "worker", True,
                      "t", now))
        name = rng.choice(names)[rng.random() < 0.4]
        main = rng.choice(categories)
        ratings = rng.randint(0, 20)
        total = ratings * rng.randint(3, 5)
        home = rng.choice(villages).id
        workers.append((
            worker_id, user_id, sub_division_id, name, keys[name], main, "", "",
            rng.randint(0, 30), "hi", rng.randrange(20000, 90000, 5000), "day",
            home, rng.choice([None, 5, 10, 20]),
            rng.choice(["available", "available", "not_taking"]), False, "approved", True,
            ratings, total, total / ratings if ratings else 0.0, now, now))
        links.append((worker_id, main, True, home))
        if rng.random() < 0.3:
            other = rng.choice(categories)
            if other != main:
                links.append((worker_id, other, False, home))
    insert_rows(raw, "users", USER_COLUMNS, users)
    made = insert_rows(raw, "worker_profiles", WORKER_COLUMNS, workers)
    insert_rows(raw, "worker_category_links",
                ["worker_id", "category_id", "is_main", "home_village_id"], links)
    reset_sequence(raw, "users")
    reset_sequence(raw, "worker_profiles")
    return made


def add_products(raw, count: int) -> int:
    """`count` products of the demo's first sub-division's groups over the last 180 days, 90%
    approved, six in seven with a cover photo (as members list them: the card shows it, and
    a photo table of the demo's few hundred rows alone is scanned, not searched by index)."""
    import sqlalchemy as sa

    from marketplace.catalogue.models import ProductCategory
    from marketplace.core.text import search_key
    from marketplace.extensions import db
    from marketplace.shg.models import SelfHelpGroup

    rng = random.Random(11)  # noqa: S311 - bench data
    # the groups of the demo's first sub-division, as the workers (its pages are measured)
    groups = db.session.execute(sa.select(
        SelfHelpGroup.id, SelfHelpGroup.sub_division_id, SelfHelpGroup.created_by_id).where(
        SelfHelpGroup.sub_division_id == sa.select(SelfHelpGroup.sub_division_id)
        .order_by(SelfHelpGroup.id).limit(1).scalar_subquery())).all()
    categories = db.session.scalars(sa.select(ProductCategory.id)).all()
    now = datetime.now(UTC)
    first = next_id(raw, "products")
    rows = []
    for n in range(count):
        group = rng.choice(groups)
        name_en, name_hi = rng.choice(GOODS)
        name_en, name_hi = f"{name_en} {n}", f"{name_hi} {n}"
        made_at = now - timedelta(seconds=rng.uniform(0, 180 * 86400))
        rows.append((
            first + n, group.id, group.sub_division_id, rng.choice(categories), name_en,
            name_hi, search_key(f"{name_en} {name_hi}"), "", rng.choice(["kg", "jar", "packet"]),
            rng.randrange(2000, 60000, 500), rng.choice([0, 5, 20, 100]), rng.randint(0, 300),
            rng.random() < 0.5, "", True, False,
            "approved" if rng.random() < 0.9 else "pending_review", group.created_by_id,
            made_at, made_at))
    made = insert_rows(raw, "products", PRODUCT_COLUMNS, rows)
    reset_sequence(raw, "products")
    _add_cover_photos(raw, [row[0] for row in rows if row[0] % 7], now)
    return made


def _add_cover_photos(raw, product_ids: list[int], now: datetime) -> None:
    """An image record (of a 480 px photo's sizes; no file: the pages only link to it) and a
    first photo for each product."""
    first_image = next_id(raw, "stored_images")
    sizes = '{"large": 7710, "medium": 7400, "card": 3666, "thumb": 2304, "small": 1682}'
    images = [(first_image + n, f"{0xbe7c0000 + n:032x}", 480, 480, sizes, now, now)
              for n in range(len(product_ids))]
    insert_rows(raw, "stored_images", IMAGE_COLUMNS, images)
    insert_rows(raw, "product_photos", ["product_id", "image_id", "position"],
                [(product_id, image[0], 0) for product_id, image in zip(product_ids, images,
                                                                       strict=True)])
    reset_sequence(raw, "stored_images")
    reset_sequence(raw, "product_photos")
