"""How the fuzz runs one target's examples and what every example asserts (the form fuzz and
the path fuzz share both)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.extensions import db
from tests.fuzz.budget import PROFILE, TALLY

REDIRECTS = (301, 302, 303)


def expect_held(site, response, what: str, *, allowed: set[str] = frozenset(),
                may_write: bool) -> None:
    """Count the answer; no 5xx, and no write (but `allowed` tables) unless `may_write` and
    the site said "done" with a redirect."""
    TALLY.count(response.status_code)
    assert response.status_code < 500, f"{response.status_code} for {what}: {site.errors}"
    written = site.writes.reset() - set(allowed)
    if not may_write or response.status_code not in REDIRECTS:
        assert not written, (
            f"refused ({response.status_code}) yet wrote {sorted(written)} for {what}")


def run_examples(site, strategy: st.SearchStrategy, examples: int,
                 example: Callable[[object], None], label: str) -> str | None:
    """Run `example` on `examples` values of `strategy`; None if every one held, else `label`
    and what broke, with the smallest example Hypothesis found."""

    @settings(settings.get_profile(PROFILE), max_examples=examples)
    @given(strategy)
    def one(value) -> None:
        site.writes.reset()
        site.errors.clear()
        example(value)

    try:
        with site.app.app_context():
            one()
    except AssertionError as failure:
        return f"{label}: {str(failure)[:2000]}"
    finally:
        with site.app.app_context():
            db.session.remove()
    return None
