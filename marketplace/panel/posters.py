"""Panel: posters printed for the village (issue 17 item 4). A village's poster lists its
approved workers who chose to be on it, by kind of work, with their numbers; a camp's
announcement says when and where and what to bring. Both carry a QR code of the village's
page of the worker directory. Staff of the village's sub-division and admins only."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import is_staff_for
from marketplace.core.qr import qr_svg
from marketplace.drives import queries
from marketplace.panel.camps import own_camp
from marketplace.places import tenant
from marketplace.places.models import Village
from marketplace.places.queries import get_sub_division, get_village

bp = Blueprint("posters", __name__, url_prefix="/posters")

#: as many workers as fit one A4 sheet in large type; the rest are found through the QR code
POSTER_LIMIT = 40


def own_village(village_id: int) -> Village:
    village = get_village(village_id)
    if village is None or not is_staff_for(current_user, village.sub_division_id):
        abort(404)
    return village


def directory_url(village: Village) -> str:
    """The public address of the worker directory filtered to the village."""
    return current_app.config["PUBLIC_BASE_URL"] + tenant.url_in(
        village.sub_division_id, "workers.search", village=village.id)


def _qr(village: Village) -> dict:
    """The poster's foot: the QR code of the village's workers, and the number of the
    sub-division's WhatsApp assistant (when set)."""
    url = directory_url(village)
    return {"directory_url": url, "qr": qr_svg(url, title=_("Workers of this village")),
            "whatsapp_number": get_sub_division(village.sub_division_id)
            .whatsapp_display_number}


@bp.route("/villages/<int:village_id>")
def village(village_id: int):
    place = own_village(village_id)
    workers = queries.list_poster_workers(place.id, limit=POSTER_LIMIT + 1)
    return render_template("panel/poster_village.html", village=place,
                           workers=workers[:POSTER_LIMIT], more=len(workers) > POSTER_LIMIT,
                           **_qr(place))


@bp.route("/camps/<int:camp_id>")
def camp(camp_id: int):
    found = own_camp(camp_id)
    return render_template("panel/poster_camp.html", camp=found, village=found.village,
                           **_qr(found.village))
