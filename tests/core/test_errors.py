"""Error pages are bilingual, and a crash leaves nothing half-written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.core.audit import AuditEvent, record_event
from marketplace.extensions import db


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Page not found"), ("hi", "पेज नहीं मिला")],
)
def test_the_404_page_speaks_the_visitors_language(client, language, words):
    response = client.get("/no-such-page", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert words in response.get_data(as_text=True)


def test_a_crash_rolls_back_and_shows_a_friendly_500(tmp_path):
    crash_app = create_app(TestingConfig(database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))

    @crash_app.route("/crash")
    def crash():
        record_event("test.half_written", actor_id=None, subject_type="test", subject_id=1)
        db.session.flush()
        raise RuntimeError("boom")

    crash_app.config["PROPAGATE_EXCEPTIONS"] = False
    with crash_app.app_context():
        db.create_all()
    response = crash_app.test_client().get("/crash", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    with crash_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0
        db.engine.dispose()
