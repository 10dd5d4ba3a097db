"""The migrations build the schema the models describe, and come down again."""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from marketplace import create_app
from marketplace.accounts.models import CodePurpose, OneTimeCode
from marketplace.config import TestingConfig
from marketplace.core.db import made_on, utcnow
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, OutboxStatus
from tests.databases import demo_on_fresh_database, fresh_database


def test_migrations_match_the_models_and_downgrade_cleanly():
    with fresh_database("migrations") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection, warnings.catch_warnings():
                # The PostgreSQL-only expression indexes (made_on leaves them out): Alembic says
                # on SQLite that it skips them before include_object is asked.
                warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified "
                                        "expression-based index", UserWarning)
                context = MigrationContext.configure(connection, opts={
                    "compare_type": True, "render_as_batch": True,
                    "include_object": made_on(connection.dialect.name)})
                differences = compare_metadata(context, db.metadata)
            assert differences == [], f"models and migrations disagree: {differences}"
            # Enum CHECK constraints are not compared above: every value must be accepted.
            with db.engine.begin() as connection:
                for purpose in CodePurpose:
                    connection.execute(sa.insert(OneTimeCode).values(
                        phone="+919816000000", purpose=purpose, code_hash="x",
                        payload={}, attempts=0, expires_at=utcnow()))
                for status in OutboxStatus:
                    connection.execute(sa.insert(OutboxMessage).values(
                        to_phone="+919816000000", kind="password_changed", language="en",
                        body="x", status=status, attempts=0, next_attempt_at=utcnow(),
                        created_at=utcnow()))

            downgrade(revision="base")
            with db.engine.connect() as connection:
                left = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
            assert left == set()
            upgrade()  # and up again from nothing
            db.session.remove()
            db.engine.dispose()


def test_every_migration_runs_down_and_up_on_a_database_holding_the_demo_data():
    with demo_on_fresh_database("migrations_data"):
        db.session.remove()
        downgrade(revision="-1")
        upgrade()
        downgrade(revision="base")
        upgrade()
        with db.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
        assert "worker_profiles" in tables


def test_upgrading_masks_stored_codes_and_keeps_only_the_parsed_rows_of_uploads():
    """Data kept before the fixes is cleaned: codes in sent messages, raw worker CSVs."""
    from marketplace.core.identity import aadhaar_numbers
    from marketplace.workers.models import ImportBatch

    with fresh_database("migrations_cleaning") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade(revision="99a2ec3023ad-1")
            now = utcnow()
            with db.engine.begin() as connection:
                def run(sql: str, **params) -> None:
                    connection.execute(sa.text(sql), {"now": now, **params})

                run("INSERT INTO sub_divisions (id, code, name_en, name_hi, district_en, "
                    "district_hi, state_en, state_hi, created_at) VALUES (1, 'NDN', 'N', 'N', "
                    "'H', 'H', 'HP', 'HP', :now)")
                run("INSERT INTO users (id, phone, name, preferred_language, password_hash, role,"
                    " sub_division_id, is_active_account, session_token, created_at) VALUES "
                    "(1, '+919816000001', 'Op', 'hi', 'x', 'operator', 1, true, 't', :now)")
                for status in ("sent", "pending"):
                    run("INSERT INTO outbox_messages (to_phone, kind, language, body, status, "
                        "attempts, next_attempt_at, created_at) VALUES ('+919816000002', "
                        "'sign_in_code', 'en', 'Swarozgar: your sign-in code is 482913. It "
                        "expires in 10 minutes.', :status, 1, :now, :now)", status=status)
                run("INSERT INTO worker_import_batches (sub_division_id, uploaded_by_id, "
                    "file_name, content, created_at, imported_count) VALUES (1, 1, 'a.csv', "
                    ":content, :now, 0)",
                    content="phone,name,category,village,rate,aadhaar\n"
                            "9816011111,Ram 2341 2341 2346,mason,Jalari,700,234123412346\n")
            upgrade()
            messages = db.session.scalars(sa.select(OutboxMessage)).all()
            assert all("482913" not in m.body and "••••••" in m.body for m in messages)
            assert {m.status for m in messages} == {OutboxStatus.SENT, OutboxStatus.EXPIRED}
            batch = db.session.scalars(sa.select(ImportBatch)).one()
            assert batch.rows[0]["values"]["phone"] == "9816011111"
            assert "aadhaar" not in batch.rows[0]["values"]
            assert batch.rows[0]["aadhaar_in"] == ["name"]
            assert aadhaar_numbers(str(batch.rows)) == []
            db.session.remove()
            downgrade(revision="99a2ec3023ad-1")  # and down again
            db.engine.dispose()



def test_upgrading_turns_the_stored_words_of_standard_order_reasons_into_codes():
    """Reasons stored in the actor's words, English or Hindi, become the codes the pages put in
    the reader's words; words a person typed stay; going down gives English words back."""
    from marketplace.accounts.models import Role
    from marketplace.orders.models import Order, OrderStatusChange
    from tests.helpers import make_group, make_product, make_sub_division, make_user, place_order

    stored = {
        "ख़रीदार ने रद्द किया": "buyer_cancelled",
        "the online payment was not completed": "payment_not_completed",
        "Nobody at home": "nobody_home",
        "घर पर कोई नहीं था": "nobody_home",
        "नया डिलीवरी का समय: 06.12.2026 09:00": "new_delivery_time:06.12.2026 09:00",
        "New delivery time: 07.12.2026 10:00": "new_delivery_time:07.12.2026 10:00",
        "Gate locked, dog barking": "Gate locked, dog barking",
    }
    with fresh_database("migrations_reasons") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            nadaun = make_sub_division()
            group, _leader = make_group(nadaun)
            pickle = make_product(group, stock=50)
            make_user(Role.STAFF, sub_division=nadaun)
            ids = [place_order(make_user(), {pickle: 1}).id for _ in stored]
            db.session.commit()
            # the schema of before, with words as they were kept
            downgrade(revision="a728c8290786-1")
            for order_id, words in zip(ids, stored, strict=True):
                db.session.execute(sa.update(Order).where(Order.id == order_id)
                                   .values(status_reason=words))
                db.session.execute(sa.update(OrderStatusChange)
                                   .where(OrderStatusChange.order_id == order_id)
                                   .values(reason=words))
            db.session.commit()
            db.session.remove()

            upgrade()
            reasons = dict(db.session.execute(sa.select(Order.id, Order.status_reason)).all())
            changes = dict(db.session.execute(
                sa.select(OrderStatusChange.order_id, OrderStatusChange.reason)).all())
            assert [reasons[i] for i in ids] == [changes[i] for i in ids] == list(
                stored.values())
            db.session.remove()

            downgrade(revision="a728c8290786-1")
            back = dict(db.session.execute(sa.select(Order.id, Order.status_reason)).all())
            assert [back[i] for i in ids] == [
                "cancelled by the buyer", "the online payment was not completed",
                "Nobody at home", "Nobody at home", "New delivery time: 06.12.2026 09:00",
                "New delivery time: 07.12.2026 10:00", "Gate locked, dog barking"]
            db.session.remove()
            db.engine.dispose()


def test_upgrading_gives_each_order_part_its_sub_divisions_current_commission():
    """Parts placed before parts kept their rate get the rate in force at the upgrade (what
    statements applied to them until then): the sub-division's, or 0 where none was set."""
    from marketplace.accounts.models import Role
    from marketplace.orders.models import OrderPart
    from marketplace.payouts.models import PayoutTerms
    from tests.helpers import make_group, make_product, make_sub_division, make_user, place_order

    with fresh_database("migrations_commission") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            nadaun, barsar = make_sub_division(), make_sub_division("BRS", "Barsar")
            groups = {}
            for sub_division in (nadaun, barsar):
                make_user(Role.STAFF, sub_division=sub_division)
                group, _leader = make_group(sub_division)
                groups[sub_division.id] = group.id
                place_order(make_user(), {make_product(group, stock=5): 1})
            db.session.add(PayoutTerms(sub_division_id=nadaun.id, commission_bp=100))
            nadaun_id, barsar_id = nadaun.id, barsar.id
            db.session.commit()
            db.session.remove()

            downgrade(revision="c4e8a2f6b1d3-1")  # the schema of before: no rate on parts
            db.session.execute(sa.update(PayoutTerms).values(commission_bp=350))
            db.session.commit()
            upgrade()
            rates = dict(db.session.execute(
                sa.select(OrderPart.group_id, OrderPart.commission_bp)).all())
            assert rates == {groups[nadaun_id]: 350, groups[barsar_id]: 0}
            db.session.remove()
            downgrade(revision="c4e8a2f6b1d3-1")  # and down again
            db.session.remove()
            db.engine.dispose()


def test_upgrading_keeps_each_drives_and_partners_one_name_in_both_languages():
    """A name kept before shows to readers of either language (in the column of each), and
    going down gives one name back: the English one, else the Hindi one."""
    with fresh_database("migrations_drive_names") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade(revision="b7d2e5a9c3f1-1")
            with db.engine.begin() as connection:
                def run(sql: str, **params) -> None:
                    connection.execute(sa.text(sql), {"now": utcnow(), **params})

                run("INSERT INTO sub_divisions (id, code, name_en, name_hi, district_en, "
                    "district_hi, state_en, state_hi, created_at) VALUES (1, 'NDN', 'N', 'N', "
                    "'H', 'H', 'HP', 'HP', :now)")
                for key, name in ((1, "ITI Nadaun"), (2, "आईटीआई सुजानपुर")):
                    run("INSERT INTO drive_partners (id, sub_division_id, kind, name, created_at)"
                        " VALUES (:key, 1, 'iti', :name, :now)", key=key, name=name)
                    run("INSERT INTO drives (id, sub_division_id, name, starts_on, ends_on, "
                        "version, created_at) VALUES (:key, 1, :name, '2026-10-01', "
                        "'2026-10-15', 1, :now)", key=key, name=name)
            upgrade()
            with db.engine.connect() as connection:
                for table in ("drive_partners", "drives"):
                    assert connection.execute(sa.text(
                        f"SELECT name_en, name_hi FROM {table} ORDER BY id")).all() == [  # noqa: S608
                        ("ITI Nadaun", "ITI Nadaun"), ("आईटीआई सुजानपुर", "आईटीआई सुजानपुर")]
            with db.engine.begin() as connection:
                connection.execute(sa.text("UPDATE drives SET name_en = '' WHERE id = 2"))
                connection.execute(sa.text("UPDATE drives SET name_hi = 'नादौन' WHERE id = 1"))
            downgrade(revision="b7d2e5a9c3f1-1")
            with db.engine.connect() as connection:
                assert connection.execute(sa.text(
                    "SELECT name FROM drives ORDER BY id")).scalars().all() == [
                    "ITI Nadaun", "आईटीआई सुजानपुर"]
            upgrade()  # and up again
            db.session.remove()
            db.engine.dispose()
