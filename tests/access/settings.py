"""Authorization rows for the settings pages: places and categories for admins only;
accounts for the panel, each staff member within their own sub-division."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ProductCategory
from marketplace.extensions import db
from tests.access.roles import PANEL, by_role
from tests.helpers import make_user

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
}


def add_ids(ids, *, nadaun, **_world):
    ids["settings_sub_division"] = nadaun.id
    ids["settings_courier"] = make_user(Role.DELIVERY, sub_division=nadaun,
                                        name="Settings Courier").id
    ids["settings_category"] = db.session.scalar(sa.select(sa.func.min(ProductCategory.id)))
