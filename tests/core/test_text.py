"""A name or trade typed in either script finds the same key."""

from __future__ import annotations

import pytest

from marketplace.core.text import search_key, whole_number


@pytest.mark.parametrize(
    ("latin", "devanagari"),
    [
        ("Sunita Devi", "सुनीता देवी"),
        ("Suneeta", "सुनीता"),
        ("Rajesh Thakur", "राजेश ठाकुर"),
        ("Meena Kumari", "मीना कुमारी"),
        ("Priya Rana", "प्रिया राणा"),
        ("rajmistri", "राजमिस्त्री"),
        ("Sangeeta", "संगीता"),
        ("Kamla", "कमला"),
        ("nal wala", "नल वाला"),
        ("Vijay", "विजय"),
    ],
)
def test_latin_and_devanagari_spellings_of_a_name_share_a_key(latin, devanagari):
    assert search_key(latin) == search_key(devanagari)


def test_different_names_keep_different_keys():
    assert search_key("Sunita") != search_key("Suresh")
    assert search_key("राजेश") != search_key("रमेश")


def test_empty_and_symbol_only_text_gives_an_empty_key():
    assert search_key("") == search_key(None) == search_key("!!! ।।") == ""


def test_letters_with_a_nukta_stay_one_word():
    assert search_key("लिंगड़ी") == search_key("lingdi") == "lingdi"
    assert search_key("पकौड़े") == search_key("pakode")


@pytest.mark.parametrize(("text", "number"), [
    ("12", 12), (" 12 ", 12), ("0012", 12), ("१२", 12), ("999999999", 999999999),
    ("", None), (None, None), ("1234567890", None), ("-1", None), ("+1", None), ("1.0", None),
    ("1 2", None), ("²", None), ("1²", None), ("١٢", None), ("১২", None), ("１２", None),
    ("12\x00", None),
])
def test_a_whole_number_is_ascii_or_devanagari_digits_only(text, number):
    # '²' passes str.isdigit() and then makes int() raise: it must be refused here.
    assert whole_number(text) == number


def test_the_digit_limit_is_the_caller_s():
    assert whole_number("12345", most_digits=5) == 12345
    assert whole_number("123456", most_digits=5) is None


def test_refused_characters_can_be_left_out_of_text_from_elsewhere():
    from marketplace.core.text import without_refused_characters

    assert without_refused_characters("a\x00b\u202ec\u200dd\ne") == "abc\u200dde"
    assert without_refused_characters("a\nb\tc", multiline=True) == "a\nb\tc"
    assert without_refused_characters(None) == ""
