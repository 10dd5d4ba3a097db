"""Hooks: how a lower domain lets a higher one answer or react without importing it.

Imports flow one way (tests/test_architecture.py holds the layers): payments may not import
orders, orders may not import fulfilment or payouts. Where a lower domain still needs a
higher one (a payment settled must reach its order; an order placed must keep the commission
payouts say is in force), it declares a hook and calls it; create_app's register_listeners
(marketplace/__init__.py), and nothing else, connects the higher domain's function to it, so
that who depends on whom reads from that one function's imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    """Listeners connected once per process, called in the order they were connected."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners: list[Callable[P, R]] = []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}: {len(self._listeners)} connected>"

    @property
    def listeners(self) -> tuple[Callable[P, R], ...]:
        return tuple(self._listeners)

    def connect(self, listener: Callable[P, R]) -> None:
        # create_app runs once per test app too: the same listener is kept once, not called
        # once per app made.
        if listener not in self._listeners:
            self._listeners.append(listener)

    def notify(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every listener, for what it does."""
        for listener in self._listeners:
            listener(*args, **kwargs)

    def answers(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[R]:
        """Each listener's answer, asked as it is taken: `any(…)` and `all(…)` stop asking
        at the first that decides."""
        return (listener(*args, **kwargs) for listener in self._listeners)


class Provider(Hook[P, R]):
    """A hook with exactly one listener, whose answer the lower domain must have: asking
    before one is connected is a wiring mistake, never a guess."""

    def connect(self, listener: Callable[P, R]) -> None:
        if self._listeners and listener not in self._listeners:
            raise RuntimeError(f"{self.name} has a provider already")
        super().connect(listener)

    def ask(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if not self._listeners:
            raise RuntimeError(f"connect a provider to {self.name} (register_listeners)")
        return self._listeners[0](*args, **kwargs)
