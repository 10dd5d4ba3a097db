"""Template filters and the values every page needs, computed once per request."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, get_locale

from marketplace.core.caching import TOKEN_SLOT, fill_token_slot
from marketplace.core.i18n import LANGUAGE_NAMES, localized, register_template_gettext
from marketplace.core.money import format_rupees, paise_to_input
from marketplace.core.phone import display_phone


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.filters["rupees"] = format_rupees
    app.jinja_env.filters["rupees_input"] = paise_to_input
    app.jinja_env.filters["local_datetime"] = _local_datetime
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["localized"] = _localized_for_request
    register_template_gettext(app)

    @app.context_processor
    def page_values():
        # No role here: who may see or do what is decided by views and passed as flags
        # (the menu: main/menu.py).
        locale = str(get_locale())
        return {
            "locale": locale,
            "other_language": "en" if locale == "hi" else "hi",
            "language_names": LANGUAGE_NAMES,
            "app_env": current_app.config["ENV_NAME"],
            "current_path": _current_path() if request else "/",
            "csrf_slot": TOKEN_SLOT,
        }

    app.after_request(fill_token_slot)


#: date-and-time styles written out, since Babel's own "short" is all digits and "pm" even in
#: Hindi; 24-hour time reads the same in both languages
DATETIME_STYLES = {"short": "d MMM, HH:mm", "medium": "d MMMM y, HH:mm"}


def _local_datetime(value: datetime | None, style: str = "medium") -> str:
    """A moment in the reader's language and India's time, e.g. '3 दिस॰, 13:05'."""
    return format_datetime(value, DATETIME_STYLES.get(style, style)) if value else ""


def local_date(value, fmt: str = "EEEE d MMMM") -> str:
    """A calendar date in the reader's language, e.g. 'गुरुवार 3 दिसंबर'."""
    return format_date(value, fmt) if value else ""


def _current_path() -> str:
    """This page's path and query without the empty fields a filter form sends (`q=&min_price=`):
    each card of a list carries it in its form to come back to, so it is kept short."""
    kept = [(name, value) for name, value in request.args.items(multi=True) if value != ""]
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def _localized_for_request(obj, field: str) -> str:
    return localized(obj, field, str(get_locale()))
