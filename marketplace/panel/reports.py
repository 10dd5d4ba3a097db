"""Panel: Reports: registrations against targets, orders and revenue, bookings; CSV and SVG."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.catalogue.forms import UNIT_LABELS
from marketplace.core.db import today_in_india
from marketplace.core.forms import EmptyForm
from marketplace.core.i18n import localized
from marketplace.core.money import format_rupees
from marketplace.core.spreadsheet import to_csv
from marketplace.core.text import whole_number
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.extensions import db
from marketplace.panel.access import require_admin, sub_division_scope, working_sub_division
from marketplace.places.queries import get_sub_division, list_sub_divisions
from marketplace.reports import queries, tables
from marketplace.reports.charts import Bar, bar_chart, column_chart
from marketplace.reports.forms import ReportFilter, parse_filter, parse_target_grid, target_field
from marketplace.reports.labels import (
    SIDE_BY_SIDE_SUMMARY,
    SIDE_BY_SIDE_TITLE,
    SUMMARIES,
    TITLES,
    csv_headings,
)
from marketplace.reports.services import set_targets
from marketplace.shg.labels import STATUS_LABELS as GROUP_STATUS_LABELS

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _locale() -> str:
    return str(get_locale())


def _filter() -> tuple[ReportFilter, int | None]:
    """The filter of this request and the sub-division it covers (None: all, admins only).
    Staff asking for another sub-division get 404."""
    chosen = parse_filter(request.args, today=today_in_india())
    own = sub_division_scope()
    if own is not None:
        if chosen.sub_division_id not in (None, own):
            abort(404)
        return chosen, own
    if chosen.sub_division_id is not None and get_sub_division(chosen.sub_division_id) is None:
        abort(404)
    return chosen, chosen.sub_division_id


def _page(report: str, build: Callable, charts: Callable | None = None, **context):
    """Render a report page; a refused filter gives the page with its message and 400."""
    chosen, scope = _filter()
    choices = (db.session.scalars(list_sub_divisions()).all()
               if sub_division_scope() is None else [])
    page = {"name": report, "title": TITLES[report], "summary": SUMMARIES[report],
            "chosen": chosen, "sub_divisions": choices, **context}
    if chosen.error:
        return render_template(f"panel/reports_{report}.html", **page, data=None,
                               error=str(chosen.error.message)), 400
    data = build(scope, chosen.period, _locale())
    # Each week's name is formatted once, not once per table row.
    weeks = [format_date(monday, "d MMM y") for monday in getattr(data, "weeks", [])]
    return render_template(f"panel/reports_{report}.html", **page, data=data,
                           week_labels=weeks, charts=charts(data) if charts else {})


def _week(monday) -> str:
    return format_date(monday, "d MMM")


@bp.route("")
def index():
    chosen, _scope = _filter()
    return render_template("panel/reports.html", titles=TITLES, summaries=SUMMARIES,
                           args=chosen.args() if not chosen.error else {},
                           side_by_side=(SIDE_BY_SIDE_TITLE, SIDE_BY_SIDE_SUMMARY)
                           if _is_admin() else None)


def _registration_charts(data: tables.Registrations) -> dict:
    locale = _locale()
    return {
        "blocks": bar_chart([Bar(localized(b.block, "name", locale), b.total,
                                 target=b.target_total or None,
                                 text=_("%(count)d of %(target)d", count=b.total,
                                        target=b.target_total) if b.target_total
                                 else str(b.total))
                             for b in data.blocks],
                            title=_("Registrations by block against the targets"),
                            chart_id="chart-blocks"),
        "weeks": column_chart([Bar(_week(monday), count) for monday, count
                               in zip(data.weeks, data.weekly_totals, strict=True)],
                              title=_("Registrations week by week"), chart_id="chart-weeks"),
    }


@bp.route("/registrations")
def registrations():
    return _page("registrations", tables.registrations_table, _registration_charts)


def _group_charts(rows) -> dict:
    locale = _locale()
    return {"products": bar_chart(
        [Bar(localized(row, "name", locale), row.approved, inner=row.out_of_stock,
             text=_("%(listed)d listed, %(out)d out of stock", listed=row.approved,
                    out=row.out_of_stock)) for row in rows],
        title=_("Products in the catalogue per group (inner bar: out of stock)"),
        chart_id="chart-products")}


@bp.route("/groups")
def groups():
    return _page("groups", tables.groups_table, _group_charts,
                 status_labels=GROUP_STATUS_LABELS)


def _order_charts(data: tables.OrdersReport) -> dict:
    locale = _locale()
    top_week = max([0, *(f.paise for f in data.week_totals)])
    return {
        "orders": column_chart([Bar(_week(monday), figures.placed, inner=figures.delivered,
                                    text=_("%(placed)d placed, %(delivered)d delivered",
                                           placed=figures.placed, delivered=figures.delivered))
                                for monday, figures in zip(data.weeks, data.week_totals,
                                                           strict=True)],
                               title=_("Orders placed week by week (inner bar: delivered)"),
                               chart_id="chart-orders"),
        "weeks": column_chart([Bar(_week(monday), figures.paise,
                                   text=format_rupees(figures.paise))
                               for monday, figures in zip(data.weeks, data.week_totals,
                                                          strict=True)],
                              title=_("Revenue from delivered orders, week by week"),
                              chart_id="chart-revenue", top_text=format_rupees(top_week)),
        "groups": bar_chart([Bar(localized(g.group, "name", locale), g.total.paise,
                                 text=format_rupees(g.total.paise)) for g in data.groups],
                            title=_("Revenue by group"), chart_id="chart-groups"),
        "top": bar_chart([Bar(localized(row, "name", locale), int(row.units),
                              text=f"{int(row.units)} × {UNIT_LABELS.get(row.unit, row.unit)}")
                          for row in data.top],
                         title=_("Top products by units sold"), chart_id="chart-top"),
    }


@bp.route("/orders")
def orders():
    # One group's weeks are shown on asking (?group=): all of them make a heavy page.
    raw = request.args.get("group", "")
    shown = whole_number(raw)
    return _page("orders", tables.orders_table, _order_charts, unit_labels=UNIT_LABELS,
                 shown_group=shown)


def _booking_charts(rows: list[tables.CategoryBookings]) -> dict:
    locale = _locale()
    return {"bookings": bar_chart(
        [Bar(localized(row.category, "name", locale), row.requested, inner=row.completed,
             text=_("%(completed)d of %(asked)d completed", completed=row.completed,
                    asked=row.requested)) for row in rows],
        title=_("Bookings asked for by kind of work (inner bar: completed)"),
        chart_id="chart-bookings")}


@bp.route("/bookings")
def bookings():
    return _page("bookings", tables.bookings_table, _booking_charts)


def _is_admin() -> bool:
    return current_user.role is Role.ADMIN


def _side_by_side_charts(report: tables.SubDivisionsReport) -> dict:
    locale = _locale()
    rows = report.rows
    return {
        "registrations": bar_chart(
            [Bar(localized(row, "name", locale), own.registrations, target=own.target or None,
                 text=_("%(count)d of %(target)d", count=own.registrations, target=own.target)
                 if own.target else str(own.registrations)) for row, own in rows],
            title=_("Registrations against the targets"), chart_id="chart-registrations"),
        "revenue": bar_chart(
            [Bar(localized(row, "name", locale), max(own.orders.net, 0),
                 text=format_rupees(own.orders.net)) for row, own in rows],
            title=_("Net revenue from delivered orders"), chart_id="chart-revenue"),
        "deliveries": bar_chart(
            [Bar(localized(row, "name", locale), own.delivered + own.failed,
                 inner=own.delivered,
                 text=_("%(made)d of %(tried)d delivered", made=own.delivered,
                        tried=own.delivered + own.failed)) for row, own in rows],
            title=_("Doorstep deliveries tried (inner bar: made)"), chart_id="chart-deliveries"),
    }


@bp.route("/sub-divisions")
def sub_divisions():
    """Admins: every sub-division side by side, whichever one they work on in the panel."""
    require_admin()
    chosen = parse_filter(request.args, today=today_in_india())
    page = {"name": "sub_divisions", "title": SIDE_BY_SIDE_TITLE,
            "summary": SIDE_BY_SIDE_SUMMARY, "chosen": chosen, "sub_divisions": []}
    if chosen.error:
        return render_template("panel/reports_sub_divisions.html", **page, data=None,
                               error=str(chosen.error.message)), 400
    data = tables.sub_divisions_table(chosen.period)
    return render_template("panel/reports_sub_divisions.html", **page, data=data,
                           charts=_side_by_side_charts(data))


#: name: (the table's builder, its rows for the CSV given the table and the locale)
EXPORTS: dict[str, tuple[Callable, Callable]] = {
    "registrations": (tables.registrations_table, tables.registrations_rows),
    "registrations-weekly": (tables.registrations_table, tables.registrations_weekly_rows),
    "groups": (tables.groups_table, lambda rows, locale: tables.groups_rows(
        rows, locale, GROUP_STATUS_LABELS)),
    "orders": (tables.orders_table, tables.orders_rows),
    "top-products": (tables.top_products_table, lambda top, locale: tables.top_products_rows(
        top, locale, UNIT_LABELS)),
    "bookings": (tables.bookings_table, tables.bookings_rows),
    "sub-divisions": (lambda _scope, period, _locale: tables.sub_divisions_table(period),
                      tables.sub_divisions_rows),
}
#: exports of every sub-division at once, whatever the filter says
ADMINS_ONLY = {"sub-divisions"}


@bp.route("/<name>.csv")
def export(name: str):
    if name not in EXPORTS:
        abort(404)
    if name in ADMINS_ONLY:
        require_admin()
    chosen, scope = _filter()
    if chosen.error:
        return Response(str(chosen.error.message) + "\n", status=400,
                        mimetype="text/plain")
    build, rows = EXPORTS[name]
    locale = _locale()
    body = to_csv(csv_headings(name), rows(build(scope, chosen.period, locale), locale))
    filename = f"{name}-{chosen.period.start.isoformat()}-{chosen.period.end.isoformat()}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


# Targets: one grid of blocks × kinds of work for one sub-division.

def _target_sub_division():
    """Staff: their own; admins: the one in ?sub_division= (404 if none such), else the
    first."""
    own = sub_division_scope()
    raw = request.args.get("sub_division", "")
    if own is not None:
        if raw and raw != str(own):
            abort(404)
        return working_sub_division()
    if raw:
        chosen = whole_number(raw)
        return (get_sub_division(chosen) if chosen is not None else None) or abort(404)
    return working_sub_division()


def _render_targets(sub_division, *, raw: dict | None = None, errors: dict | None = None,
                    status: int = 200):
    targets = queries.list_targets(sub_division.id)
    values = {target_field(*cell): str(target) for cell, target in targets.items()}
    values.update(raw or {})
    messages = sorted({str(code.message) for code in (errors or {}).values()})
    choices = (db.session.scalars(list_sub_divisions()).all()
               if sub_division_scope() is None else [])
    return render_template("panel/reports_targets.html", sub_division=sub_division,
                           blocks=queries.list_report_blocks(sub_division.id),
                           categories=queries.list_report_categories(),
                           values=values, errors=errors or {}, messages=messages,
                           sub_divisions=choices, form=EmptyForm(),
                           field_name=target_field), status


@bp.route("/targets", methods=["GET", "POST"])
def targets():
    sub_division = _target_sub_division()
    if request.method == "GET":
        return _render_targets(sub_division)
    if not EmptyForm().validate_on_submit():
        abort(400)
    blocks = queries.list_report_blocks(sub_division.id)
    cells = [(b.id, c.id) for b in blocks for c in queries.list_report_categories()]
    grid = parse_target_grid(request.form, cells)
    if grid.errors:
        return _render_targets(sub_division, raw=grid.raw, errors=grid.errors, status=400)

    def saved(changed: int):
        flash(_("Targets saved (%(count)d changed).", count=changed), "success")
        args = {} if sub_division_scope() is not None else {"sub_division": sub_division.id}
        return redirect(url_for("panel.reports.targets", **args), 303)

    return commit_or_refuse(
        lambda: set_targets(sub_division.id, grid.values, actor=current_user), done=saved,
        refused=lambda error: _render_targets(sub_division, raw=grid.raw,
                                              errors={"": error.code}, status=error.status))
