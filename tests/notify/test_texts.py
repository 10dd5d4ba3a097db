"""How messages write what they carry: a day in words of the recipient's language."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.notify.texts import render_text


@pytest.mark.parametrize(("language", "words"), [("en", "8 December 2026"),
                                                 ("hi", "8 दिसंबर 2026")])
def test_a_day_is_written_in_words_of_the_recipients_language(app, language, words):
    body = render_text("order_to_pack", language, number="NDN-2026-000001", group="Jai Maa",
                       date=date(2026, 12, 8))
    assert words in body and "2026-12-08" not in body and "08.12.2026" not in body


def test_every_kind_of_message_about_a_day_writes_it_the_same_way(app):
    kinds = {"order_to_pack": {"number": "N-1", "group": "G"},
             "booking_requested": {"name": "Sunita", "slot": "Morning", "village": "Amtar",
                                   "work": "Tap", "link": "https://x/y"},
             "booking_cancelled": {"reason": "Rain"}}
    for kind, params in kinds.items():
        assert "8 December 2026" in render_text(kind, "en", date=date(2026, 12, 8), **params)
