"""Authorization rows for the settings pages: places, onboarding from the LGD list and
categories for admins only; accounts for the panel, each staff member within their own
sub-division."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ProductCategory
from marketplace.extensions import db
from marketplace.places.lgd_import import import_upload, save_upload
from tests.access.roles import PANEL, by_role
from tests.helpers import make_user
from tests.places.lgd_files import NADAUN, lgd_csv, lgd_row

_ADMINS = by_role(302, {"admin"})
# An empty form: admins get as far as the form's check.
_ADMINS_FORM = by_role(302, {"admin"}, allowed_status=400)

ACCESS = {
    "panel.settings.index": ("GET", "/panel/settings", by_role(302, PANEL)),
    "panel.settings.sub_divisions": ("GET", "/panel/settings/sub-divisions", _ADMINS),
    "panel.settings.add_sub_division": ("POST", "/panel/settings/sub-divisions", _ADMINS_FORM),
    "panel.settings.places": ("GET", "/panel/settings/sub-divisions/{settings_sub_division}",
                              _ADMINS),
    "panel.settings.add_block": (
        "POST", "/panel/settings/sub-divisions/{settings_sub_division}/blocks", _ADMINS_FORM),
    "panel.settings.add_panchayat": (
        "POST", "/panel/settings/sub-divisions/{settings_sub_division}/panchayats",
        _ADMINS_FORM),
    "panel.settings.add_village": (
        "POST", "/panel/settings/sub-divisions/{settings_sub_division}/villages", _ADMINS_FORM),
    # An empty form takes the number away (there is none): saved.
    "panel.settings.set_whatsapp_number": (
        "POST", "/panel/settings/sub-divisions/{settings_sub_division}/whatsapp",
        by_role(302, {"admin"}, allowed_status=303)),
    "panel.settings.accounts": ("GET", "/panel/settings/accounts", by_role(302, PANEL)),
    "panel.settings.add_account": ("POST", "/panel/settings/accounts",
                                   by_role(302, PANEL, allowed_status=400)),
    # Nadaun's delivery person: switched off, then on again, by Nadaun's staff or an admin.
    "panel.settings.deactivate_account": (
        "POST", "/panel/settings/accounts/{settings_courier}/deactivate",
        {**by_role(302, {"staff", "admin"}, allowed_status=303), "staff_elsewhere": 404}),
    "panel.settings.reactivate_account": (
        "POST", "/panel/settings/accounts/{settings_courier}/reactivate",
        {**by_role(302, {"staff", "admin"}, allowed_status=303), "staff_elsewhere": 404}),
    "panel.settings.categories": ("GET", "/panel/settings/categories", _ADMINS),
    "panel.settings.add_category": ("POST", "/panel/settings/categories", _ADMINS_FORM),
    "panel.settings.rename_category": (
        "POST", "/panel/settings/categories/{settings_category}", _ADMINS_FORM),
    "panel.settings.move_category": (
        "POST", "/panel/settings/categories/{settings_category}/move", _ADMINS_FORM),
    # Onboarding from the LGD village list: admins only, on an imported list (its preview,
    # errors and staff accounts) and on one waiting (imported by the admin's walk: 303).
    "panel.settings.lgd_upload": ("GET", "/panel/settings/lgd", _ADMINS),
    "panel.settings.lgd_save": ("POST", "/panel/settings/lgd", _ADMINS_FORM),
    "panel.settings.lgd_preview": ("GET", "/panel/settings/lgd/{lgd_imported}", _ADMINS),
    "panel.settings.lgd_errors": ("GET", "/panel/settings/lgd/{lgd_imported}/errors.csv",
                                  _ADMINS),
    "panel.settings.lgd_add_account": (
        "POST", "/panel/settings/lgd/{lgd_imported}/accounts", _ADMINS_FORM),
    "panel.settings.lgd_import": ("POST", "/panel/settings/lgd/{lgd_waiting}",
                                  by_role(302, {"admin"}, allowed_status=303)),
}


def add_ids(ids, *, nadaun, people, **_world):
    ids["settings_sub_division"] = nadaun.id
    ids["settings_courier"] = make_user(Role.DELIVERY, sub_division=nadaun,
                                        name="Settings Courier").id
    ids["settings_category"] = db.session.scalar(sa.select(sa.func.min(ProductCategory.id)))
    admin_id = people["admin"].id
    imported = save_upload(lgd_csv(), "nadaun.csv", sub_district_code=None, code="NDL",
                           name_hi=None, district_hi=None, centre=None, defaults_from_id=None,
                           actor_id=admin_id)
    import_upload(imported, actor_id=admin_id)
    rows = [lgd_row(*row[:3], "3" + row[3][1:], *row[4:], sub_district="555",
                    sub_district_name="Bhoranj") for row in NADAUN]
    waiting = save_upload(lgd_csv(rows), "bhoranj.csv",
                          sub_district_code=None, code="BHJ", name_hi=None, district_hi=None,
                          centre=None, defaults_from_id=nadaun.id, actor_id=admin_id)
    ids["lgd_imported"], ids["lgd_waiting"] = imported.id, waiting.id
