"""A view's unit of work: commit once on success; on a refusal roll back all of it and show
the refusal with its status; a NotFound is the 404 page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import redirect
from werkzeug.exceptions import NotFound as NotFoundPage

from marketplace.core.audit import AuditEvent, record_event
from marketplace.core.errors import Conflict, ErrorCode, NotFound
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.extensions import db


class Refusal(ErrorCode):
    TAKEN = "taken", "That one is taken."
    GONE = "gone", "That one is gone."


def _events() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def _write(action: str) -> int:
    record_event(action, actor_id=None, subject_type="test", subject_id=1)
    db.session.flush()
    return 7


def _refuse(error_class):
    def change():
        _write("test.half_written")
        raise error_class(Refusal.TAKEN if error_class is Conflict else Refusal.GONE)
    return change


def _should_not_run(*_args):
    raise AssertionError("not this way")


def test_a_change_that_succeeds_is_committed_once_and_answered_by_done(app):
    with app.test_request_context():
        answer = commit_or_refuse(lambda: _write("test.written"),
                                  done=lambda result: f"done {result}", refused=_should_not_run)
        db.session.rollback()  # nothing left to roll back: it was committed
        assert answer == "done 7"
        assert _events() == ["test.written"]


def test_a_refusal_rolls_back_everything_and_shows_the_page_with_the_errors_status(app):
    with app.test_request_context():
        answer = commit_or_refuse(_refuse(Conflict), done=_should_not_run,
                                  refused=lambda error: f"page saying {error.message}")
        assert answer == ("page saying That one is taken.", 409)
        assert _events() == []


def test_a_refusal_may_choose_its_own_status_or_redirect(app):
    with app.test_request_context():
        chosen = commit_or_refuse(_refuse(Conflict), done=_should_not_run,
                                  refused=lambda error: ("the form again", 400))
        moved = commit_or_refuse(_refuse(Conflict), done=_should_not_run,
                                 refused=lambda error: redirect("/elsewhere", 303))
        assert chosen == ("the form again", 400)
        assert (moved.status_code, moved.location) == (303, "/elsewhere")
        assert _events() == []


def test_not_found_is_the_404_page_and_nothing_is_written(app):
    with app.test_request_context(), pytest.raises(NotFoundPage):
        commit_or_refuse(_refuse(NotFound), done=_should_not_run, refused=_should_not_run)
    with app.app_context():
        assert _events() == []


def test_other_exceptions_pass_through_without_a_commit(app):
    def crash():
        _write("test.half_written")
        raise RuntimeError("boom")

    with app.test_request_context():
        with pytest.raises(RuntimeError):
            commit_or_refuse(crash, done=_should_not_run, refused=_should_not_run)
        db.session.rollback()
        assert _events() == []
