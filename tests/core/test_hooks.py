"""Hooks: listeners called in the order connected, once each; a Provider answers or refuses."""

from __future__ import annotations

import pytest

from marketplace.core.hooks import Hook, Provider


def test_listeners_are_called_in_the_order_they_were_connected_with_what_was_sent():
    heard = []
    hook: Hook[[str], None] = Hook("test.hook")
    hook.connect(lambda word: heard.append(("first", word)))
    hook.connect(lambda word: heard.append(("second", word)))
    hook.notify("paid")
    assert heard == [("first", "paid"), ("second", "paid")]


def test_a_hook_nobody_connected_calls_nothing_and_answers_nothing():
    hook: Hook[[int], bool] = Hook("test.hook")
    hook.notify(1)
    assert list(hook.answers(1)) == []
    assert not any(hook.answers(1))


def test_connecting_the_same_listener_twice_keeps_it_once():
    """create_app runs once per test app: each run connects the same functions again."""
    heard = []

    def listener(word: str) -> None:
        heard.append(word)

    hook: Hook[[str], None] = Hook("test.hook")
    hook.connect(listener)
    hook.connect(listener)
    hook.notify("paid")
    assert heard == ["paid"]
    assert hook.listeners == (listener,)


def test_answers_are_asked_one_by_one_so_any_stops_at_the_first_yes():
    asked = []

    def answer(value: bool):
        def listener(order: int) -> bool:
            asked.append(value)
            return value
        return listener

    hook: Hook[[int], bool] = Hook("test.hook")
    for value in (False, True, False):
        hook.connect(answer(value))
    assert any(hook.answers(7))
    assert asked == [False, True]  # the third was never asked
    asked.clear()
    assert not all(hook.answers(7))
    assert asked == [False]


def test_a_provider_answers_with_its_one_listener():
    rate: Provider[[int], int] = Provider("test.rate")
    rate.connect(lambda sub_division_id: 500 + sub_division_id)
    assert rate.ask(3) == 503


def test_a_provider_nobody_connected_refuses_to_guess():
    rate: Provider[[int], int] = Provider("test.rate")
    with pytest.raises(RuntimeError, match="test.rate"):
        rate.ask(3)


def test_a_provider_keeps_the_same_listener_once_and_refuses_a_second_one():
    def five_percent(_sub_division_id: int) -> int:
        return 500

    rate: Provider[[int], int] = Provider("test.rate")
    rate.connect(five_percent)
    rate.connect(five_percent)
    assert rate.ask(1) == 500
    with pytest.raises(RuntimeError, match="has a provider already"):
        rate.connect(lambda _sub_division_id: 0)
    assert rate.listeners == (five_percent,)
