"""On PostgreSQL with district-sized tables, the directory, catalogue and search statements
that the pages really run are answered through indexes: EXPLAIN shows no sequential scan
over workers or products. The rows are made in SQL (generate_series) inside the test's
transaction, then ANALYZEd, so the planner chooses with true statistics."""

from __future__ import annotations

import contextlib
import re

import psycopg
import pytest
import sqlalchemy as sa

from marketplace.core.text import search_key
from marketplace.extensions import db
from marketplace.places.models import Village
from marketplace.workers.models import WorkerCategory
from tests.databases import suite_database_url
from tests.helpers import add_village, make_group, make_product, make_worker

WORKERS = 100_000
PRODUCTS = 20_000
NAMES = ["Ramesh Kumar", "Sunita Devi", "सुनीता देवी", "रमेश कुमार", "Mohan Lal", "Anil Thakur",
         "Pooja Sharma", "विजय सिंह", "Kamla Devi", "Rajesh Chand"]


@pytest.fixture
def district(nadaun):
    if not (suite_database_url() or "").startswith("postgresql"):
        pytest.skip("query plans are PostgreSQL's (set TEST_DATABASE_URL); .ci/run does")
    for n in range(30):
        add_village(nadaun, f"Gaon {n}", 31.70 + n * 0.01, 76.30 + (n % 6) * 0.02)
    make_worker(nadaun)  # seeds the categories
    group, _leader = make_group(nadaun)
    make_product(group)  # seeds the product categories
    connection = db.session.connection()
    villages = db.session.scalars(sa.select(Village.id)).all()
    categories = db.session.scalars(sa.select(WorkerCategory.id)).all()
    params = {"sub": nadaun.id, "villages": villages, "categories": categories,
              "names": NAMES, "keys": [search_key(n) for n in NAMES], "group": group.id,
              "creator": _leader.id,
              "special": " " + search_key("कचनार का अचार"),
              "workers": WORKERS, "products": PRODUCTS}
    for statement in _BULK:
        connection.execute(sa.text(statement), params)
    connection.exec_driver_sql("ANALYZE")
    return nadaun


_BULK = [
    """INSERT INTO users (phone, name, preferred_language, password_hash, role,
        is_active_account, session_token, created_at)
        SELECT '+9193' || lpad(g::text, 8, '0'), 'Worker ' || g, 'hi', 'x', 'worker', true,
               't', now() FROM generate_series(1, :workers) g""",
    """INSERT INTO worker_profiles (user_id, sub_division_id, display_name, name_key,
        main_category_id, skills, skills_key, experience_years, languages, rate_paise,
        rate_unit, home_village_id, service_radius_km, availability, hide_phone, status,
        is_verified, rating_count, rating_total, rating_avg, created_at, updated_at)
        SELECT u.id, :sub, a.n[1 + u.id % 10], a.k[1 + u.id % 10],
               a.c[1 + u.id % cardinality(a.c)], '', '', 5, 'hi',
               20000 + (u.id % 14) * 5000, 'day', a.v[1 + (u.id / 7) % cardinality(a.v)],
               (ARRAY[NULL, 5, 10, 20]::int[])[1 + u.id % 4], 'available', false,
               CASE WHEN u.id % 20 = 0 THEN 'pending_review' ELSE 'approved' END, true,
               u.id % 21, (u.id % 21) * (3 + u.id % 3),
               CASE WHEN u.id % 21 > 0 THEN 3 + u.id % 3 ELSE 0 END, now(), now()
        FROM users u, (SELECT CAST(:names AS text[]) n, CAST(:keys AS text[]) k,
                              CAST(:categories AS int[]) c, CAST(:villages AS int[]) v) a
        WHERE u.phone LIKE '+9193%'""",
    """INSERT INTO worker_category_links (worker_id, category_id, is_main, home_village_id)
        SELECT id, main_category_id, true, home_village_id FROM worker_profiles
        WHERE id NOT IN (SELECT worker_id FROM worker_category_links)""",
    """INSERT INTO products (group_id, sub_division_id, category_id, name_en, name_hi,
        search_text, description, unit, price_paise, stock, units_sold, is_organic, season,
        can_deliver, can_pick_up, status, created_by_id, created_at, updated_at)
        SELECT :group, :sub, (SELECT min(id) FROM product_categories), 'Product ' || g,
               'सामान ' || g, 'product ' || g || CASE WHEN g % 50 = 0 THEN :special ELSE '' END,
               '', 'jar', 1000 + (g % 400) * 100, g % 30, g % 97, g % 2 = 0, '', true, false,
               CASE WHEN g % 10 = 0 THEN 'pending_review' ELSE 'approved' END, :creator,
               now() - g * interval '1 minute', now()
        FROM generate_series(1, :products) g""",
]


@contextlib.contextmanager
def statements_run():
    """(SQL, parameters) of every statement run in the block, to EXPLAIN afterwards."""
    seen: list[tuple[str, object]] = []

    def before(_conn, _cursor, statement, parameters, *_rest):
        seen.append((statement, parameters))

    engine = db.engines[None].engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def plans_of(client, path: str, table: str) -> list[str]:
    """EXPLAIN of each statement the page ran that selects from `table`."""
    with statements_run() as seen:
        response = client.get(path)
    assert response.status_code == 200, path
    cursor = db.session.connection().connection.driver_connection.cursor()
    plans = []
    for statement, parameters in seen:
        if (re.search(rf"\b(FROM|JOIN) {table}\b", statement)
                and statement.lstrip().startswith("SELECT")):
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert plans, f"{path} selected nothing from {table}"
    return plans


def next_link(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def test_directory_catalogue_and_search_use_indexes_at_district_scale(client, district):
    village = db.session.scalars(sa.select(Village.id).order_by(Village.id.desc())).first()
    category = db.session.scalar(sa.select(WorkerCategory.id).order_by(WorkerCategory.id))
    pages = {
        "worker_profiles": ["/ndn/workers", next_link(client, "/ndn/workers"),
                            "/ndn/workers?sort=rate", "/ndn/workers?q=कुमार",
                            "/ndn/workers?q=sunita+devi",
                            f"/ndn/workers?category={category}",
                            f"/ndn/workers?category={category}&village={village}",
                            f"/ndn/workers?q=plumber&village={village}&sort=distance",
                            f"/ndn/workers?category={category}&sort=rate&available=y"],
        # In stock first in every order (the stock flag leads each key); "/" is the home
        # page's strip of fresh produce.
        "products": ["/ndn/products", next_link(client, "/ndn/products"),
                     "/ndn/products?sort=price", next_link(client, "/ndn/products?sort=price"),
                     "/ndn/products?sort=popular",
                     "/ndn/products?sort=price_desc", "/ndn/products?in_stock=y",
                     "/ndn/products?q=kachnar", "/ndn/"],
    }
    for table, paths in pages.items():
        for path in paths:
            for plan in plans_of(client, path, table):
                assert f"Seq Scan on {table}" not in plan, f"{path}\n{plan}"
                assert "Seq Scan on worker_category_links" not in plan, f"{path}\n{plan}"



def test_the_directory_with_neighbours_listed_walks_both_indexes(client, district):
    from marketplace.accounts.models import Role
    from marketplace.workers import neighbours
    from marketplace.workers.models import WorkerProfile
    from tests.helpers import make_sub_division, make_user

    sonepur = make_sub_division("SNP", "Sonepur")
    admin = make_user(Role.ADMIN)
    for worker in db.session.scalars(sa.select(WorkerProfile).where(
            WorkerProfile.status == "approved").limit(5)):
        neighbours.accept_listing(neighbours.propose_listing(worker, sonepur, actor=admin),
                                  actor=admin)
    db.session.connection().exec_driver_sql("ANALYZE worker_neighbour_listings")
    for path in ["/ndn/workers", next_link(client, "/ndn/workers"), "/ndn/workers?sort=rate",
                 "/snp/workers", "/snp/workers?sort=rate"]:
        for plan in plans_of(client, path, "worker_profiles"):
            print(path, plan, sep="\n")
            assert "Seq Scan on worker_profiles" not in plan, f"{path}\n{plan}"


def rows_read(client, path: str, table: str) -> int:
    """Rows the page's statements read from `table`, as EXPLAIN ANALYZE counts them."""
    with statements_run() as seen:
        assert client.get(path).status_code == 200, path
    cursor = db.session.connection().connection.driver_connection.cursor()
    total = 0
    for statement, parameters in seen:
        if statement.lstrip().startswith("SELECT") and f" {table}" in statement:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
            total += _rows_of(cursor.fetchone()[0][0]["Plan"], table)
    return total


def _rows_of(node: dict, table: str) -> int:
    own = (node["Actual Rows"] * node["Actual Loops"]
           if node.get("Relation Name") == table else 0)
    return own + sum(_rows_of(child, table) for child in node.get("Plans", []))


def test_work_near_a_village_reads_the_nearest_villages_only(client, district):
    """Sorted by distance, "plumbers near this village" (and everyone near it) walks the
    villages nearest first and stops once the page is full: page 1 and page 3 read a few
    villages' workers, not the category's or the sub-division's every profile."""
    villages = db.session.scalars(sa.select(Village.id).order_by(Village.id)).all()
    village = villages[len(villages) // 2]
    category = db.session.scalar(sa.select(WorkerCategory.id).order_by(WorkerCategory.id))
    in_category = db.session.scalar(sa.text(
        "SELECT count(*) FROM worker_category_links WHERE category_id = :c"), {"c": category})
    per_village = WORKERS // len(villages)
    near = f"/ndn/workers?category={category}&village={village}"
    third = next_link(client, next_link(client, near))
    for path in (near, third):
        assert rows_read(client, path, "worker_profiles") < in_category / 5, path
        assert rows_read(client, path, "worker_category_links") < in_category / 5, path
    everyone = f"/ndn/workers?village={village}"
    for path in (everyone, next_link(client, next_link(client, everyone))):
        assert rows_read(client, path, "worker_profiles") <= 3 * per_village, path



def _prepared(statement: str) -> tuple[str, list[str]]:
    """`statement` (psycopg's %(name)s placeholders) as PREPARE takes it ($1, $2, … in the
    order the names first appear, as psycopg sends it), and the names in that order."""
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return re.sub(r"%\((\w+)\)s", number, statement), names


def test_list_pages_statements_are_planned_once(client, district):
    """psycopg prepares a statement run often; PostgreSQL then plans it once (its generic
    plan) only if that plan looks as cheap as one made for the values. A list page's
    statement must qualify, and its generic plan walk the index: planning it for every page
    cost the database more than running it. What kept it from qualifying: the LIMIT sent as
    a parameter (the planner then reckons on a tenth of the rows) and the catalogue's stock
    flag's 0 (an expression index matches only the same expression)."""
    driver = db.session.connection().connection.driver_connection
    cursor = psycopg.ClientCursor(driver)
    pages = {"worker_profiles": ["/ndn/workers", next_link(client, "/ndn/workers")],
             "products": ["/ndn/products", next_link(client, "/ndn/products"),
                          "/ndn/products?sort=price"]}
    for table, paths in pages.items():
        for path in paths:
            with statements_run() as seen:
                assert client.get(path).status_code == 200, path
            statement, parameters = next(
                (sql, values) for sql, values in seen
                if sql.lstrip().startswith("SELECT") and re.search(rf"\bFROM {table}\b", sql))
            text, names = _prepared(statement)
            values = [parameters[name] for name in names]
            call = "EXECUTE list_page ({})".format(", ".join(["%s"] * len(values)))
            cursor.execute("PREPARE list_page AS " + text)
            try:
                for _ in range(8):  # PostgreSQL weighs a generic plan after five
                    cursor.execute(call, values)
                cursor.execute("SELECT generic_plans FROM pg_prepared_statements "
                               "WHERE name = 'list_page'")
                assert cursor.fetchone()[0] > 0, f"{path} is planned for every page"
                cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
                cursor.execute("EXPLAIN " + call, values)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert f"Seq Scan on {table}" not in plan, f"{path}\n{plan}"
                assert "Sort" not in plan.splitlines()[1], f"{path}\n{plan}"
            finally:
                cursor.execute("RESET plan_cache_mode")
                cursor.execute("DEALLOCATE list_page")
