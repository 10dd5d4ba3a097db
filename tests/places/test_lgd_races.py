"""LGD imports under contention on PostgreSQL: two clicks on one list import it once, and two
admins onboarding the same sub-district at once make one sub-division, whole."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.places.lgd_import import import_upload, save_upload
from marketplace.places.models import LgdUpload, SubDivision, Village
from tests.helpers import make_user, run_together
from tests.places.lgd_files import lgd_csv

pytestmark = pytest.mark.postgres


def set_up(app, codes: list[str]) -> tuple[int, list[int]]:
    """An admin and one waiting upload of Nadaun's list per code. Committed."""
    with app.app_context():
        admin = make_user(Role.ADMIN)
        uploads = [save_upload(lgd_csv(), "nadaun.csv", sub_district_code=None, code=code,
                               name_hi=None, district_hi=None, centre=None,
                               defaults_from_id=None, actor_id=admin.id) for code in codes]
        db.session.commit()
        ids = admin.id, [upload.id for upload in uploads]
        db.session.remove()
    return ids


def import_as(app, upload_id: int, admin_id: int) -> str:
    """One request: import and commit, or return the refusal's code."""
    with app.app_context():
        try:
            import_upload(db.session.get(LgdUpload, upload_id), actor_id=admin_id)
            db.session.commit()
            return "imported"
        except DomainError as error:
            db.session.rollback()
            return error.code
        finally:
            db.session.remove()


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(sa.select(sa.func.count(SubDivision.id))),
                db.session.scalar(sa.select(sa.func.count(Village.id))))


def test_two_clicks_at_once_import_the_list_once(committed_app):
    admin_id, (upload_id,) = set_up(committed_app, ["NDL"])

    outcomes = run_together(2, lambda _i: import_as(committed_app, upload_id, admin_id))

    assert sorted(outcomes) == ["imported", "lgd_already_imported"], outcomes
    assert counts(committed_app) == (1, 3)


def test_two_admins_onboarding_one_sub_district_at_once_make_it_once(committed_app):
    admin_id, upload_ids = set_up(committed_app, ["NDL", "NDM"])

    outcomes = run_together(2, lambda i: import_as(committed_app, upload_ids[i], admin_id))

    assert sorted(outcomes) == ["imported", "lgd_changed"], outcomes
    assert counts(committed_app) == (1, 3)
