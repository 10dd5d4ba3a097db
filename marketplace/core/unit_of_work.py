"""The unit of work of a view: run one service, commit once, or roll back and show the refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from marketplace.core.errors import DomainError, NotFound
from marketplace.extensions import db

Result = TypeVar("Result")


def commit_or_refuse(
    change: Callable[[], Result], *,
    done: Callable[[Result], ResponseReturnValue],
    refused: Callable[[DomainError], ResponseReturnValue],
) -> ResponseReturnValue:
    """Run `change` (the view's one service call). If a rule of the domain says no, roll back
    all it wrote and answer `refused(error)` with the error's status, unless `refused` gives
    its own (a response such as a redirect, or a `(page, status)` pair); a NotFound is the
    404 page instead. Else commit once and answer `done(what change returned)`.

    Anything else `change` raises passes through without a commit, for the view or the error
    handlers (which roll back) to deal with."""
    try:
        result = change()
    except NotFound:
        db.session.rollback()
        abort(404)
    except DomainError as error:
        db.session.rollback()
        answer = refused(error)
        return answer if isinstance(answer, tuple | Response) else (answer, error.status)
    db.session.commit()
    return done(result)


def flash_then(message: str, to: str | Callable[[Any], str]) -> Callable[[Any], Response]:
    """A `done` for commit_or_refuse: say the change went through and go on to `to` (a URL, or
    made from what the change returned), with 303 so that reloading does not send it again."""
    def done(result: Any) -> Response:
        flash(message, "success")
        return redirect(to(result) if callable(to) else to, 303)
    return done


def flash_refusal(page: Callable[[DomainError], ResponseReturnValue]
                  ) -> Callable[[DomainError], ResponseReturnValue]:
    """A `refused` for commit_or_refuse: say why at the top of `page(error)`."""
    def refused(error: DomainError) -> ResponseReturnValue:
        flash(error.message, "error")
        return page(error)
    return refused


def form_page(template: str, form: FlaskForm, **context: Any) -> ResponseReturnValue:
    """A form's page: 400 when what was sent has errors, so a refused submission never looks
    like a page that merely loaded."""
    return render_template(template, form=form, **context), 400 if form.errors else 200
