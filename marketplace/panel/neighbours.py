"""Panel: workers also listed in a neighbouring sub-division (workers/neighbours.py).

The worker's own staff ask on the worker's page here; the other sub-division's staff accept
or refuse in their approval queue (kind "neighbour"); staff of either end it on the list.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import is_staff_for
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm, named_choices
from marketplace.core.unit_of_work import commit_or_refuse, flash_then
from marketplace.panel.access import sub_division_scope
from marketplace.panel.forms import NeighbourForm
from marketplace.places import reference as reference_places
from marketplace.places.queries import get_sub_division
from marketplace.workers import neighbours, queries
from marketplace.workers.labels import NEIGHBOUR_STATUS_LABELS
from marketplace.workers.models import WorkerProfile

bp = Blueprint("neighbours", __name__, url_prefix="/neighbours")


def _names() -> dict:
    return {row.id: row for row in reference_places.sub_divisions()}


@bp.route("")
def index():
    """The live listings this person may end: their workers listed elsewhere, and the
    workers of others listed in their sub-division (admins: of the one chosen, or all)."""
    return render_template(
        "panel/neighbours.html", listings=queries.list_live_listings(sub_division_scope()),
        names=_names(), status_labels=NEIGHBOUR_STATUS_LABELS, end_form=EmptyForm())


def _own_worker(worker_id: int) -> WorkerProfile:
    """A worker of the sub-division this person is staff for (admins: any), else 404."""
    worker = queries.get_worker(worker_id)
    if worker is None or not is_staff_for(current_user, worker.sub_division_id):
        abort(404)
    return worker


def _render_worker(worker: WorkerProfile, form: NeighbourForm, status: int = 200):
    return render_template(
        "panel/neighbours_worker.html", worker=worker, form=form, names=_names(),
        listings=queries.list_live_listings(worker_id=worker.id),
        status_labels=NEIGHBOUR_STATUS_LABELS, end_form=EmptyForm()), status


@bp.route("/workers/<int:worker_id>", methods=["GET", "POST"])
def worker(worker_id: int):
    """Where a worker is listed besides their own sub-division; ask another to list them."""
    found = _own_worker(worker_id)
    form = NeighbourForm()
    form.sub_division.choices = named_choices(
        [row for row in reference_places.sub_divisions() if row.id != found.sub_division_id],
        str(get_locale()))
    if not form.validate_on_submit():
        return _render_worker(found, form, status=400 if form.errors else 200)

    def refused(error: DomainError):
        form.sub_division.errors.append(error.message)
        return _render_worker(found, form, status=error.status)

    return commit_or_refuse(
        lambda: neighbours.propose_listing(
            found, get_sub_division(form.sub_division.data) or abort(404), actor=current_user,
            reason=form.reason.data),
        done=flash_then(_("Asked. The other sub-division's staff will accept or refuse it."),
                        url_for("panel.neighbours.worker", worker_id=found.id)),
        refused=refused)


@bp.route("/<int:listing_id>/end", methods=["POST"])
def end(listing_id: int):
    """End a listing, or withdraw a proposal (staff of either sub-division)."""
    listing = queries.get_listing(listing_id)
    if listing is None or not neighbours.may_end(current_user, listing):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def refused(error: DomainError):
        flash(error.message, "error")
        return redirect(url_for("panel.neighbours.index"), 303)

    return commit_or_refuse(lambda: neighbours.end_listing(listing, actor=current_user),
                            done=flash_then(_("Ended."), url_for("panel.neighbours.index")),
                            refused=refused)
