"""Every error code carries its words, translated to Hindi; a code means one thing in a domain."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

import marketplace
from marketplace.cart.errors import CartError
from marketplace.core.errors import Conflict, ErrorCode, InvalidInput

CATALOGUE = (Path(__file__).resolve().parents[2] / "marketplace" / "translations" / "hi"
             / "LC_MESSAGES" / "messages.po")


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _error_enums() -> list[type[ErrorCode]]:
    """Every ErrorCode enum of the app: each module is imported first, so none is missed."""
    for module in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        importlib.import_module(module.name)
    return sorted(_subclasses(ErrorCode), key=lambda enum: f"{enum.__module__}.{enum.__name__}")


ENUMS = _error_enums()
MEMBERS = [member for enum in ENUMS for member in enum]


def _name(member: ErrorCode) -> str:
    return f"{type(member).__name__}.{member.name}"


def _msgid(member: ErrorCode) -> str:
    """The English text of the member's lazy message (flask_babel's LazyString keeps it as the
    first argument of gettext; the others are the values of its placeholders)."""
    return member.message._args[0]


def _domain(enum: type[ErrorCode]) -> str:
    """marketplace.<domain>.…"""
    return enum.__module__.split(".")[1]


@functools.cache
def _hindi() -> dict[str, str]:
    with CATALOGUE.open("rb") as handle:
        return {message.id: message.string for message in read_po(handle, locale="hi")
                if message.id and isinstance(message.id, str)}


def test_every_domain_declares_its_codes():
    domains = {_domain(enum) for enum in ENUMS}
    assert domains >= {"core", "accounts", "places", "media", "delivery", "workers", "shg",
                       "bookings", "catalogue", "cart", "orders", "payments", "fulfilment",
                       "payouts", "reports"}
    assert all(len(enum) for enum in ENUMS)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda enum: enum.__name__)
def test_no_two_members_of_an_enum_share_a_code(enum):
    """Two members with one value would make the second an alias of the first, its words lost."""
    assert len(enum.__members__) == len(enum)


@pytest.mark.parametrize("member", MEMBERS, ids=_name)
def test_every_code_has_words_translated_to_hindi(app, member):
    msgid = _msgid(member)
    assert isinstance(msgid, str) and msgid.strip()
    assert _hindi().get(msgid, "").strip(), f"run `make i18n` and translate: {msgid!r}"
    with app.test_request_context(), force_locale("hi"):
        assert re.search("[\u0900-\u097f]", str(member.message))


def test_a_code_means_one_thing_within_its_domain():
    """Enums of one domain (say OrderError and PhoneOrderError) may share a code only with the
    same words: a code read back from a row or a log must not have two meanings."""
    words = defaultdict(set)
    for member in MEMBERS:
        words[_domain(type(member)), member.value].add(_msgid(member))
    twice = {code: texts for code, texts in words.items() if len(texts) > 1}
    assert not twice


def test_a_member_equals_its_code_and_an_error_speaks_its_words(app):
    error = Conflict(CartError.NOT_ENOUGH_STOCK, "42")
    assert error.code == "not_enough_stock" and str(error) == "42"
    with app.test_request_context():
        with force_locale("en"):
            assert error.message == "Not enough in stock for that many. Lower the number."
        with force_locale("hi"):
            assert re.search("[\u0900-\u097f]", error.message)


def test_an_error_with_a_bare_string_gets_the_generic_words(app):
    """Only for tests and old callers: marketplace code raises members (test_architecture)."""
    with app.test_request_context(), force_locale("en"):
        assert InvalidInput("no_such_code").message == "Please check what you entered."
