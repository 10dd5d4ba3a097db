"""Cleaning what residents send and guessing the language to answer in."""

from __future__ import annotations

import pytest
from stdnum import verhoeff

from marketplace.chat.models import TEXT_LIMIT
from marketplace.chat.services import clean_text, guess_language
from marketplace.core.identity import aadhaar_numbers
from marketplace.core.phone import mask_phone


def test_a_cut_inside_a_long_run_of_digits_leaves_no_aadhaar_number():
    base = "23412341234"
    valid = base + verhoeff.calc_check_digit(base)
    # Thirteen digits are not an Aadhaar number; cut after twelve they would be.
    text = "a " * ((TEXT_LIMIT - 12) // 2) + valid + "7"
    assert aadhaar_numbers(text) == []
    kept, held = clean_text(text)
    assert aadhaar_numbers(kept) == []
    assert kept.endswith("XXXX XXXX XXXX")
    assert len(kept) <= TEXT_LIMIT + 2  # the mask is two characters longer than the number
    assert not held


@pytest.mark.parametrize(("text", "account", "language"), [
    ("प्लंबर चाहिए", None, "hi"),
    ("plumber chahiye", None, "en"),
    ("plumbar प्लंबर", "en", "hi"),
    ("1", "en", "en"),
    ("१", None, "hi"),
    ("🙏", None, "hi"),
    (None, "en", "en"),
    (None, "xx", "hi"),
])
def test_the_language_follows_the_script_then_the_account(text, account, language):
    assert guess_language(text, account) == language


def test_phone_numbers_in_logs_show_only_their_ends():
    assert mask_phone("+919816012345") == "+91•••••••345"
    assert "9816012" not in mask_phone("+919816012345")
    assert mask_phone("") == "" and mask_phone(None) == ""
