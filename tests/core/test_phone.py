"""Indian mobile numbers in, E.164 out."""

from __future__ import annotations

import pytest

from marketplace.core.errors import InvalidInput
from marketplace.core.phone import display_phone, normalize_phone
from marketplace.core.text import ascii_digits


@pytest.mark.parametrize(
    "typed",
    ["9816012345", "98160 12345", "+91 98160 12345", "+91-98160-12345", "09816012345",
     "919816012345", "(+91) 9816012345"],
)
def test_the_ways_people_type_a_mobile_number_all_mean_one_number(typed):
    assert normalize_phone(typed) == "+919816012345"


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "12345", "98160123456789", "+14155552671", "+447911123456", "0112345678",
     "not a number", "1" * 40, "5816012345"],
)
def test_malformed_foreign_and_landline_numbers_are_refused(typed):
    with pytest.raises(InvalidInput):
        normalize_phone(typed)


def test_devanagari_digits_become_ascii():
    assert ascii_digits("९८१६० १२३४५") == "98160 12345"
    assert normalize_phone(ascii_digits("९८१६०१२३४५")) == "+919816012345"


def test_numbers_are_shown_readably():
    assert display_phone("+919816012345") == "+91 98160 12345"
