"""Domain errors with machine codes and their words, and the one place that maps errors to
pages."""

from __future__ import annotations

import enum
import secrets

import sqlalchemy as sa
from flask import Flask, current_app, render_template, request
from flask_babel import force_locale, gettext
from flask_babel.speaklater import LazyString
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from marketplace.extensions import db


class ErrorCode(enum.StrEnum):
    """The base of each domain's error codes. A member equals its code (the plain string that
    tests, logs and stored rows know) and carries the words people read, as a lazy string:

        class CartError(ErrorCode):
            QUANTITY = "quantity", _l("Enter at least 1.")
    """

    message: LazyString

    def __new__(cls, value: str, message: LazyString) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.message = message
        return member


class DomainError(Exception):
    """A rule of the domain said no: `code` (a member of the domain's ErrorCode enum) is for
    machines, `message` the words for people in the current language. `detail` says which
    thing, e.g. the id of the product that ran out."""

    status = 400

    def __init__(self, code: ErrorCode, detail: str | None = None) -> None:
        super().__init__(detail or code)
        self.code = code

    @property
    def message(self) -> str:
        if isinstance(self.code, ErrorCode):
            return str(self.code.message)
        return gettext("Please check what you entered.")


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 400


ERROR_STATUSES = (400, 403, 404, 405, 413, 429, 500)

#: what the database raises when it cannot be reached, refuses connections, drops one midway,
#: or the pool waits too long: the request may well work again in a moment
DATABASE_UNAVAILABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_UNAVAILABLE) or (
        isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated)


def database_unavailable_page(error: BaseException):
    """503 with an incident number that is also in the log, in Hindi and English at once.

    Nothing on the way may need the database: not the signed-in person, not their language,
    not the cart in the menu. So the page is a template of its own, rendered without the
    context processors, with its words translated here under each language in turn; and it
    says no-store, so the security headers do not ask who is signed in.
    """
    incident = secrets.token_hex(4).upper()
    current_app.logger.error("database unavailable, incident %s", incident, exc_info=error)
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        current_app.logger.warning("rollback failed too, incident %s", incident)
    headers = {"Retry-After": "30", "Cache-Control": "no-store"}
    if request.accept_mimetypes.best == "application/json":
        return {"error": 503, "incident": incident}, 503, headers
    words = {}
    for language in ("hi", "en"):
        with force_locale(language):
            words[language] = {
                "title": gettext("The site is not available for a moment"),
                "explanation": gettext(
                    "We cannot reach our records just now. Nothing you entered has been "
                    "half-saved. Please try again in a minute."),
                "incident": gettext("Incident number: %(incident)s", incident=incident),
                "home": gettext("Try the home page again"),
            }
    page = current_app.jinja_env.get_template("errors/unavailable.html").render(
        words=words, incident=incident)
    return page, 503, headers


def register_error_handlers(app: Flask) -> None:
    def render(status: int, **context):
        if request.accept_mimetypes.best == "application/json":
            return {"error": status}, status
        return render_template("errors/error.html", status=status, **context), status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render(400, csrf=True)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        from marketplace.core.input import input_error_messages

        db.session.rollback()
        return render(error.status, code=error.code, messages=input_error_messages(error.code))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if status not in ERROR_STATUSES:
            return error
        return render(status)

    for unavailable in DATABASE_UNAVAILABLE:
        app.register_error_handler(unavailable, database_unavailable_page)

    @app.errorhandler(sa.exc.DBAPIError)
    def other_database_error(error: sa.exc.DBAPIError):
        if is_database_unavailable(error):
            return database_unavailable_page(error)
        return server_error(error)

    @app.errorhandler(500)
    def server_error(error):
        # Raised where no handler of its own runs (e.g. after the view): still a 503.
        original = getattr(error, "original_exception", None)
        if is_database_unavailable(original):
            return database_unavailable_page(original)
        # A failed request must not leave a half-written transaction behind.
        db.session.rollback()
        return render(500)
