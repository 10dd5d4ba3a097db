"""Which sub-division a public page belongs to.

Public pages carry it at the start of their URL (`/ndn/workers`, `/snp/products/12`), so a
link shared on WhatsApp opens in the right place. A link that names none (the menu, the
start page's "home", an old shared link) takes the visitor's: the one they chose on the start
page (a cookie; for a resident also their account), else their account's, else the oldest.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_login import current_user

from marketplace.core.urls import SUB_DIVISION_COOKIE, SubDivisionCodeConverter
from marketplace.places import reference
from marketplace.places.models import SubDivision
from marketplace.places.queries import get_sub_division

#: how long the choice is kept (a year: people do not move sub-division often)
CHOICE_SECONDS = 365 * 24 * 3600


def current() -> sa.Row:
    """The sub-division named by this page's URL (404 for a code that names none)."""
    if "sub_division" not in g:
        g.sub_division = reference.sub_division_by_code(g.sub_division_code) or abort(404)
    return g.sub_division


def chosen() -> sa.Row | None:
    """The sub-division this visitor chose on the start page (this browser's, else the
    account's), else the one a staff account serves."""
    if not has_request_context():  # a link made by a job or a command
        return None
    choice = reference.sub_division_by_code(request.cookies.get(SUB_DIVISION_COOKIE))
    if choice is None and current_user.is_authenticated:
        choice = reference.sub_division(current_user.chosen_sub_division_id
                                        or current_user.sub_division_id)
    return choice


def visitors() -> sa.Row | None:
    """Where a link that names no sub-division leads: this page's, the chosen, the oldest."""
    # Not current(): an error page for a code that names nothing has links too.
    here = reference.sub_division_by_code(g.get("sub_division_code"))
    return here or chosen() or reference.default_sub_division()


def shows(sub_division_id: int | None) -> None:
    """Say that this page, whose URL names no sub-division, shows one sub-division's things
    (a cart of its products): its links that name none (the menu, "add more") lead there,
    rather than to the visitor's choice or the oldest. None changes nothing."""
    row = reference.sub_division(sub_division_id) if sub_division_id is not None else None
    if row is not None:
        g.sub_division_code = row.code
        g.pop("link_code", None)


def joined() -> SubDivision:
    """Where a visitor who signs up as a worker or a group joins: the sub-division of
    visitors() (their choice, else the oldest), loaded whole; 404 when there is none."""
    return get_sub_division((visitors() or abort(404)).id)


def is_single() -> bool:
    """A site that runs one sub-division skips the start page."""
    return len(reference.sub_divisions()) <= 1


def remember(response: Response, sub_division: sa.Row) -> Response:
    response.set_cookie(SUB_DIVISION_COOKIE, sub_division.code.lower(), max_age=CHOICE_SECONDS,
                        samesite="Lax", httponly=True,
                        secure=request.scheme == "https")
    return response


def url_in(sub_division_id: int, endpoint: str, **values) -> str:
    """The URL of a public page of that sub-division (a listing's own page, a village's list)."""
    owner = reference.sub_division(sub_division_id)
    return url_for(endpoint, **values, **({"code": owner.code} if owner else {}))


def moved_here(sub_division_id: int) -> Response | None:
    """For a page of one listing: None when the URL's sub-division is the listing's, else a
    permanent redirect to the URL that names the listing's (an old link, or one built
    without knowing it)."""
    if current().id == sub_division_id:
        return None
    owner = reference.sub_division(sub_division_id) or abort(404)
    target = url_for(request.endpoint, code=owner.code, **request.view_args,
                     **request.args.to_dict(flat=False))
    return redirect(target, 301)


def moved_to(endpoint: str, sub_division: sa.Row | None = None, **values) -> Response:
    """A URL from before sub-divisions were named in URLs: 301 to the same page of the
    listing's sub-division (or the visitor's), keeping the query."""
    sub_division = sub_division or visitors() or abort(404)
    response = redirect(url_for(endpoint, code=sub_division.code, **values,
                                **request.args.to_dict(flat=False)), 301)
    # Where it leads depends on the visitor's choice: browsers must not keep it for good.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def keep_old_address(bp: Blueprint, rule: str, endpoint: str,
                     load: Callable[[int], object] | None = None) -> None:
    """Answer a URL from before sub-divisions were named in URLs (`rule`) with a 301 to
    `endpoint`: of the sub-division of the listing `load` finds by the URL's id, else the
    visitor's. Its endpoint is `endpoint`'s name + "_moved"."""
    def moved(**values):
        owner = None
        if load is not None:
            listing = load(*values.values()) or abort(404)
            owner = reference.sub_division(listing.sub_division_id)
        return moved_to(endpoint, owner, **values)

    bp.add_url_rule(rule, endpoint.rsplit(".", 1)[1] + "_moved", moved)


def init_app(app: Flask) -> None:
    app.url_map.converters["code"] = SubDivisionCodeConverter

    @app.url_value_preprocessor
    def take_sub_division(_endpoint, values):
        # Looked up when the view asks (current()), after the input guard has had its say.
        if values and "code" in values:
            g.sub_division_code = values.pop("code")

    @app.url_defaults
    def name_sub_division(endpoint, values):
        if "code" in values or not app.url_map.is_endpoint_expecting(endpoint, "code"):
            return
        values["code"] = link_code()


def link_code() -> str:
    """The code of the sub-division that links naming none lead to (worked out once a
    request: a list page builds a link per card)."""
    if "link_code" not in g:
        shown = visitors()
        # With no sub-division yet (a fresh install) the link leads to a plain 404.
        g.link_code = shown.code if shown else "none"
    return g.link_code
