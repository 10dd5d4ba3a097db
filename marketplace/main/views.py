"""Home page, language switch and health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user

from marketplace.accounts.services import choose_sub_division, set_language
from marketplace.catalogue.cards import card_context
from marketplace.catalogue.queries import list_fresh_produce
from marketplace.core.caching import cached_for_visitors
from marketplace.core.connections import reads_only
from marketplace.core.db import today_in_india
from marketplace.core.security import safe_next
from marketplace.core.visitor_forms import checked_by_origin_for_visitors
from marketplace.extensions import db
from marketplace.main.menu import translated_menu
from marketplace.main.start import start_page
from marketplace.places import reference as reference_places
from marketplace.places import tenant
from marketplace.workers import reference as reference_workers
from marketplace.workers.queries import count_available_by_category

bp = Blueprint("main", __name__)
#: how many cards the home page's "fresh today" strip shows
FRESH_CARDS = 6


@bp.app_context_processor
def menu_values():
    return {"menu": translated_menu(current_user.role if current_user.is_authenticated else None,
                                    str(get_locale())),
            "several_sub_divisions": not tenant.is_single()}


@bp.route("/")
@cached_for_visitors
@reads_only
def home():
    """The start page; a site of one sub-division, or a visitor who chose, goes straight home."""
    if tenant.is_single():
        if only := reference_places.default_sub_division():
            return _sub_division_home(only)
    elif (chosen := tenant.chosen()) is not None:
        return redirect(url_for("main.sub_division_home", code=chosen.code))
    return render_template("main/start.html", **start_page(""))


@bp.route("/choose")
@cached_for_visitors
@reads_only
def choose():
    """Every sub-division by state and district, found by name in either script."""
    return render_template("main/start.html", **start_page(request.args.get("q", "")))


@bp.route("/choose/<code:code>", methods=["POST"])
@checked_by_origin_for_visitors
def chose():
    chosen = tenant.current()
    if current_user.is_authenticated:
        choose_sub_division(current_user, chosen.id)
        db.session.commit()
    return tenant.remember(redirect(url_for("main.sub_division_home", code=chosen.code), 303),
                           chosen)


@bp.route("/<code:code>/")
@cached_for_visitors
@reads_only
def sub_division_home():
    return _sub_division_home(tenant.current())


def _sub_division_home(shown):
    categories = reference_workers.categories()
    available = count_available_by_category(shown.id, today_in_india())
    fresh = db.session.execute(list_fresh_produce(shown.id, limit=FRESH_CARDS)).all()
    return render_template("main/home.html", sub_division=shown, categories=categories,
                           available=available, several=not tenant.is_single(),
                           **card_context(fresh, str(get_locale())))


@bp.route("/language/<lang>", methods=["POST"])
@checked_by_origin_for_visitors
def switch_language(lang: str):
    """Remember the choice for the visitor, and for the account when signed in. A signed-in
    visitor's switch takes the CSRF token like every form: a forged one would change the
    account's message language, or replace the session cookie (signing them out)."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    target = safe_next(request.form.get("next"), url_for("main.home"))
    session["lang"] = lang
    if current_user.is_authenticated:
        set_language(current_user, lang)
        db.session.commit()
    return redirect(target), 303


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
