"""Authorization rows for registration drives: staff and admins manage Nadaun's drive and its
camp (Barsar's staff do not find them); the first operator, assigned to today's camp,
registers workers there; the second operator of Nadaun is refused it."""

from __future__ import annotations

from datetime import timedelta

from marketplace.core.db import today_in_india
from marketplace.drives import services
from tests.access.roles import OPERATORS, PANEL, by_role
from tests.helpers import first_village

#: Nadaun's drive or camp: its staff and admins; Barsar's staff do not find it
_OWN = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}


def _own(status):
    return {**by_role(302, {"staff", "admin"}, allowed_status=status), "staff_elsewhere": 404}


ACCESS = {
    "panel.drives.index": ("GET", "/panel/drives", by_role(302, PANEL)),
    "panel.drives.new": ("GET", "/panel/drives/new", by_role(302, PANEL)),
    "panel.drives.partners": ("GET", "/panel/drives/partners", by_role(302, PANEL)),
    # An empty form: as far as the form's check (each works on their own sub-division).
    "panel.drives.operator_partner": ("POST", "/panel/drives/partners/operators",
                                      by_role(302, PANEL, allowed_status=400)),
    "panel.drives.show": ("GET", "/panel/drives/{drive}", _OWN),
    "panel.drives.edit": ("GET", "/panel/drives/{drive}/edit", _OWN),
    "panel.drives.progress_csv": ("GET", "/panel/drives/{drive}/progress.csv", _OWN),
    "panel.drives.review": ("GET", "/panel/drives/{drive}/review", _OWN),
    "panel.drives.review_csv": ("GET", "/panel/drives/{drive}/review.csv", _OWN),
    # An empty camp form is refused with its page.
    "panel.drives.plan_camp": ("POST", "/panel/drives/{drive}/camps", _own(400)),
    "panel.camps.show": ("GET", "/panel/camps/{camp}", _OWN),
    # Posters for the village of the camp and the camp's announcement.
    "panel.posters.village": ("GET", "/panel/posters/villages/{poster_village}", _OWN),
    "panel.posters.camp": ("GET", "/panel/posters/camps/{camp}", _OWN),
    # Empty forms: no reason, no new date.
    "panel.camps.cancel": ("POST", "/panel/camps/{camp}/cancel", _own(400)),
    "panel.camps.move": ("POST", "/panel/camps/{camp}/move", _own(400)),
    # Marks the camp held: after the rows that expect it still planned.
    "panel.camps.held": ("POST", "/panel/camps/{camp}/held", _own(303)),
    "drives.today": ("GET", "/drives/today", by_role(302, OPERATORS)),
    # Today's camp is the first operator's: the second is not assigned to it.
    "drives.register": ("GET", "/drives/camps/{camp}/register",
                        {**by_role(302, {"operator"}), "operator_other": 403}),
    "drives.import_list": ("GET", "/drives/camps/{camp}/import",
                           {**by_role(302, {"operator"}), "operator_other": 403}),
}


def add_ids(ids, *, nadaun, people, **_world):
    today = today_in_india()
    staff = people["staff"]
    drive = services.create_drive(nadaun, services.DriveInput(
        "Access drive", today - timedelta(days=1), today + timedelta(days=5)), actor=staff)
    camp = services.plan_camp(drive, services.CampInput(
        held_on=today, village_id=first_village(nadaun).id,
        operator_ids=[people["operator"].id]), actor=staff, today=today)
    ids["drive"], ids["camp"] = drive.id, camp.id
    ids["poster_village"] = camp.village_id
