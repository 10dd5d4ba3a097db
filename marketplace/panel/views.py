"""Panel home and the outbox reader (admins)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.security import roles_required
from marketplace.extensions import db
from marketplace.notify.models import OutboxStatus
from marketplace.notify.queries import list_outbox
from marketplace.panel.approvals import bp as approvals_bp
from marketplace.panel.bookings import bp as bookings_bp
from marketplace.panel.catalogue import bp as catalogue_bp
from marketplace.panel.delivery import bp as delivery_bp
from marketplace.panel.orders import bp as orders_bp
from marketplace.panel.payouts import bp as payouts_bp
from marketplace.panel.phone_orders import bp as phone_orders_bp
from marketplace.panel.reports import bp as reports_bp
from marketplace.panel.runs import bp as runs_bp
from marketplace.panel.settings import bp as settings_bp
from marketplace.panel.shg import bp as shg_bp
from marketplace.panel.workers import bp as workers_bp
from marketplace.places.queries import (
    count_villages_by_sub_division,
    list_blocks_by_sub_division,
    list_sub_divisions,
)

bp = Blueprint("panel", __name__, url_prefix="/panel")
bp.register_blueprint(workers_bp)
bp.register_blueprint(bookings_bp)
bp.register_blueprint(shg_bp)
bp.register_blueprint(catalogue_bp)
bp.register_blueprint(orders_bp)
bp.register_blueprint(delivery_bp)
for part in (runs_bp, payouts_bp, reports_bp, approvals_bp, phone_orders_bp, settings_bp):
    bp.register_blueprint(part)


@bp.before_request
@roles_required(Role.STAFF, Role.ADMIN)
def require_panel_role():
    """Every panel page is for staff and admins only."""


@bp.route("/")
def home():
    if current_user.role is Role.ADMIN:
        sub_divisions = db.session.scalars(list_sub_divisions()).all()
    else:
        sub_divisions = [current_user.sub_division]
    ids = [sub_division.id for sub_division in sub_divisions]
    blocks = list_blocks_by_sub_division(ids)
    village_counts = count_villages_by_sub_division(ids)
    summaries = [
        {
            "sub_division": sub_division,
            "blocks": blocks[sub_division.id],
            "village_count": village_counts.get(sub_division.id, 0),
        }
        for sub_division in sub_divisions
    ]
    return render_template("panel/home.html", summaries=summaries)


@bp.route("/outbox")
def outbox():
    if current_user.role is not Role.ADMIN:
        abort(403)
    status_arg = request.args.get("status", "")
    status = OutboxStatus(status_arg) if status_arg in OutboxStatus.__members__.values() else None
    page = paginate(list_outbox(status=status), number=parse_page_number(request.args.get("page")))
    return render_template("panel/outbox.html", page=page, status=status,
                           statuses=list(OutboxStatus))
