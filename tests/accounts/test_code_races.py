"""One-time codes under concurrent requests (PostgreSQL, real commits)."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.codes import CodeCheck, check_code, issue_code
from marketplace.accounts.models import CodePurpose, OneTimeCode
from marketplace.extensions import db
from tests.helpers import next_phone, run_together


def _issue(app, phone: str) -> str:
    with app.app_context():
        code = issue_code(phone, CodePurpose.PASSWORD_RESET)
        db.session.commit()
        return code


def _check(app, phone: str, code: str) -> CodeCheck:
    with app.app_context():
        try:
            result, _ = check_code(phone, CodePurpose.PASSWORD_RESET, code)
            db.session.commit()
            return result
        finally:
            db.session.remove()


def test_the_right_code_sent_twice_at_once_works_only_once(committed_app):
    phone = next_phone()
    code = _issue(committed_app, phone)
    results = run_together(8, lambda i: _check(committed_app, phone, code))
    assert results.count(CodeCheck.OK) == 1


def test_parallel_guesses_cannot_exceed_five_tries(committed_app):
    phone = next_phone()
    code = _issue(committed_app, phone)
    wrong = "000000" if code != "000000" else "111111"
    results = run_together(20, lambda i: _check(committed_app, phone, wrong))
    assert results.count(CodeCheck.WRONG) == 5
    assert results.count(CodeCheck.TOO_MANY_TRIES) == 15
    with committed_app.app_context():
        attempts = db.session.scalar(sa.select(OneTimeCode.attempts))
    assert attempts == 5
    assert _check(committed_app, phone, code) is CodeCheck.TOO_MANY_TRIES
