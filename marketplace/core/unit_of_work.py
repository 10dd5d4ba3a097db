"""The unit of work of a view: run one service, commit once, or roll back and show the refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort
from flask.typing import ResponseReturnValue
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
