"""Panel: admin settings: sub-divisions and places (by hand, or onboarded from the LGD
village list), staff and delivery accounts, categories.

Places and categories are for site admins (staff get 403); staff manage the delivery
accounts of their own sub-division. Delivery slots and charges, commission and targets have
their own pages, linked from the index.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.panel.access import require_admin  # noqa: F401 (the settings pages' check)

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("")
def index():
    return render_template("panel/settings.html", is_admin=current_user.role is Role.ADMIN)


# The pages register their routes on `bp`.
from marketplace.panel.settings import accounts, categories, lgd, places  # noqa: E402, F401
