"""Domain errors with machine codes, and the one place that maps errors to pages."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from marketplace.extensions import db


class DomainError(Exception):
    """A rule of the domain said no. `code` is for machines; views pick the words."""

    status = 400

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(detail or code)
        self.code = code


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 400


ERROR_STATUSES = (400, 403, 404, 405, 413, 429, 500)


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

    @app.errorhandler(500)
    def server_error(error):
        # A failed request must not leave a half-written transaction behind.
        db.session.rollback()
        return render(500)
