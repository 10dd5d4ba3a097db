"""The approval queue, one item's page, bulk approve and the audit log.

Bulk approve: every ticked item must be one this person may decide (else 404 and nothing is
done); then each is approved on its own, in a savepoint, so one that cannot be approved
(decided by someone else meanwhile) does not stop the others; the page says which were not
approved and why. When none could be, nothing is written and the queue answers 409.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.locks import lock
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.text import whole_number
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.extensions import db
from marketplace.panel.access import sub_division_scope
from marketplace.panel.approvals import audit, queue
from marketplace.panel.approvals.forms import AuditSearchForm, DecisionForm
from marketplace.panel.approvals.kinds import KINDS
from marketplace.places import reference as reference_places
from marketplace.places.queries import list_blocks
from marketplace.workers.labels import NEIGHBOUR_STATUS_LABELS

bp = Blueprint("approvals", __name__, url_prefix="/approvals")

PAGE_SIZE = 50
KIND_LABELS = {name: kind.label for name, kind in KINDS.items()}
CHANGE_LABELS = {"new": _l("New"), "edit": _l("Changes to a listed one"),
                 "flagged": _l("Reported by the worker"),
                 "neighbour": _l("To be listed here too")}
_FILTERS = ("kind", "block", "order")


def _filters(values) -> dict[str, Any]:
    """The queue's filters (from the query string, or passed back by the bulk form);
    anything odd means "all"."""
    kind, block = values.get("kind"), values.get("block", "")
    return {"kind": kind if kind in KINDS else None,
            "block_id": whole_number(block),
            "newest": values.get("order") == "newest"}


def _filter_args(filters: dict[str, Any]) -> dict[str, Any]:
    return {"kind": filters["kind"], "block": filters["block_id"],
            "order": "newest" if filters["newest"] else None}


def _render_queue(filters: dict[str, Any], *, status: int = 200,
                  failures: list[tuple[str, str]] | None = None):
    scope = sub_division_scope()
    page = queue.queue_page(scope, number=parse_page_number(request.args.get("page")),
                            size=PAGE_SIZE, **filters)
    return render_template(
        "panel/approvals.html", page=page, filters=filters, args=_filter_args(filters),
        blocks=db.session.scalars(list_blocks(scope)).all() if scope is not None else [],
        counts=queue.count_waiting(scope), kind_labels=KIND_LABELS,
        change_labels=CHANGE_LABELS, bulk_kinds=queue.BULK_KINDS, bulk_form=EmptyForm(),
        failures=failures or []), status


@bp.route("")
def index():
    return _render_queue(_filters(request.args))


def _parse_selection(raw: list[str]) -> list[tuple[str, int]]:
    """'worker-12' → ('worker', 12); anything else is a forged form (400)."""
    selection = []
    for value in dict.fromkeys(raw):
        kind, _dash, number = value.partition("-")
        item_id = whole_number(number)
        if kind not in queue.BULK_KINDS or item_id is None:
            abort(400)
        selection.append((kind, item_id))
    return selection


@bp.route("/bulk", methods=["POST"])
def bulk_approve():
    """Approve every ticked item, each through its own service in its own savepoint."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    filters = _filters(request.form)
    selection = _parse_selection(request.form.getlist("items"))
    if not selection or len(selection) > PAGE_SIZE:
        flash(_("Tick at least one item to approve (at most %(num)d at a time).",
                num=PAGE_SIZE), "error")
        return _render_queue(filters, status=400)
    items = queue.list_selected(selection, sub_division_scope())
    if items is None:
        abort(404)
    approved, failures = 0, []
    for kind, item in items:
        try:
            with db.session.begin_nested():
                lock(item)
                queue.decide(kind, item, "approve", actor=current_user, reason=None)
        except DomainError as error:
            failures.append((queue.title_of(kind, item), error.message))
        else:
            approved += 1
    if not approved:
        db.session.rollback()
        return _render_queue(filters, status=409, failures=failures)
    db.session.commit()
    flash(_("%(num)d approved; each has been told.", num=approved), "success")
    for title, message in failures:
        flash(_("Not approved: %(title)s: %(why)s", title=title, why=message), "error")
    return redirect(url_for("panel.approvals.index", **_filter_args(filters)), code=303)


def _item(kind: str, item_id: int) -> Any:
    """The item, if it is of the staff member's sub-division (admins: the chosen one, or any
    before they choose), else 404."""
    item = queue.get_item(kind, item_id)
    scope = sub_division_scope()
    if item is None or (scope is not None and queue.sub_division_of(kind, item) != scope):
        abort(404)
    return item


def _render_item(kind: str, item: Any, form: DecisionForm, status: int = 200):
    described = KINDS[kind]
    changes = described.changes(item) if described.changes and item.pending_changes else []
    history = audit.list_subject_events(described.subject_type, item.id)
    return render_template(
        "panel/approvals_item.html", kind=kind, item=item, form=form, changes=changes,
        waiting=queue.is_waiting(kind, item), decisions=described.decisions,
        kind_labels=KIND_LABELS, history=history, actors=audit.get_actors(history),
        action_labels=audit.ACTION_LABELS, neighbour_status_labels=NEIGHBOUR_STATUS_LABELS,
        sub_division_names={row.id: row for row in reference_places.sub_divisions()}), status


@bp.route(f"/<any({', '.join(KINDS)}):kind>/<int:item_id>", methods=["GET", "POST"])
def item(kind: str, item_id: int):
    """What waits, what changed (old | new), and the decision with a reason."""
    found = _item(kind, item_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render_item(kind, found, form, status=400 if form.errors else 200)
    decision = request.form.get("decision")
    if decision not in KINDS[kind].decisions:
        abort(400)

    def decide() -> None:
        lock(found)
        queue.decide(kind, found, decision, actor=current_user, reason=form.reason.data)

    def refused(error: DomainError):
        form.reason.errors.append(error.message)
        return _render_item(kind, _item(kind, item_id), form, status=error.status)

    def decided(_result: object):
        flash(_("Decision saved; they have been told.") if kind not in ("review", "neighbour")
              else _("Decision saved."), "success")
        return redirect(url_for("panel.approvals.index", kind=kind), code=303)

    return commit_or_refuse(decide, done=decided, refused=refused)


@bp.route("/audit")
def audit_log():
    """Every decision, newest first, searchable; staff see their sub-division's only."""
    form = AuditSearchForm(formdata=request.args)
    page, actors = None, {}
    if form.validate():
        search = audit.AuditSearch(
            action=form.action.data or "", actor=form.actor.data or "",
            subject_type=form.subject_type.data or "", subject_id=form.subject_id.data,
            date_from=form.date_from.data, date_to=form.date_to.data, text=form.text.data or "")
        page = paginate(audit.search_events(sub_division_scope(), search),
                        number=parse_page_number(request.args.get("page")), size=PAGE_SIZE)
        actors = audit.get_actors(page.items)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "panel/audit.html", form=form, page=page, actors=actors, args=args,
        subject_labels=audit.SUBJECT_LABELS, action_labels=audit.ACTION_LABELS,
        subject_url=_subject_url), 200 if page is not None else 400


_KIND_OF_SUBJECT = {kind.subject_type: name for name, kind in KINDS.items()}


def _subject_url(event) -> str | None:
    """Where the thing an event is about can be seen in the panel, if anywhere."""
    if event.subject_id is None:
        return None
    if event.subject_type in _KIND_OF_SUBJECT:
        return url_for("panel.approvals.item", kind=_KIND_OF_SUBJECT[event.subject_type],
                       item_id=event.subject_id)
    if event.subject_type == "order":
        return url_for("panel.orders.detail", order_id=event.subject_id)
    if event.subject_type == "booking":
        return url_for("bookings.detail", booking_id=event.subject_id)
    return None
