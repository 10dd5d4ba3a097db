"""What every step of a flow is given and gives back: the turn (who, where, what so far), what
the resident said, and the registry of steps by name."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from flask_babel import gettext as _

from marketplace.accounts.models import User
from marketplace.chat.models import Conversation
from marketplace.chat.render import Option, Reply
from marketplace.core.errors import DomainError
from marketplace.core.text import search_key
from marketplace.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Said:
    """One message, read: its cleaned words, the option it chose (by button, list row or
    number; already checked to be one of those last shown), a shared location pin."""

    text: str | None = None
    choice: str | None = None
    location: tuple[float, float] | None = None

    @property
    def key(self) -> str:
        """The words folded for matching in either script ("नल वाला" → "nl wl")."""
        return search_key(self.text)


@dataclass
class Turn:
    """The conversation being answered, the sender's account (None without one) and the day
    in India. Steps read and change `conversation` through `data` and `go`."""

    conversation: Conversation
    account: User | None
    today: date

    @property
    def sub_division_id(self) -> int:
        return self.conversation.sub_division_id

    @property
    def language(self) -> str:
        return self.conversation.language

    @property
    def phone(self) -> str:
        return self.conversation.phone

    @property
    def data(self) -> dict:
        return self.conversation.data or {}

    def remember(self, **values) -> None:
        """Keep choices for the next steps (a new dict, so the JSON column sees the change)."""
        self.conversation.data = {**self.data, **values}

    def go(self, step: str, **values) -> Reply:
        """Move to `step` and ask its question."""
        self.remember(**values)
        self.conversation.step = step
        return STEPS[step].ask(self)


@dataclass(frozen=True)
class Step:
    """A question (`ask`) and what to do with an answer (`answer`: None when the answer is
    not understood; the engine then gives a hint and asks again)."""

    ask: Callable[[Turn], Reply]
    answer: Callable[[Turn, Said], Reply | None]


#: every step by name ("menu", "find.place"…), filled by the flow modules
STEPS: dict[str, Step] = {}


def step(name: str, ask: Callable[[Turn], Reply]):
    """Register `ask` and the decorated answer function as the step `name`."""
    def register(answer: Callable[[Turn, Said], Reply | None]):
        STEPS[name] = Step(ask=ask, answer=answer)
        return answer
    return register


@functools.cache
def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    """A flow's constant words as the search folds them, padded: folded once per process
    (folding them on every message was a sixth of the webhook's time)."""
    return tuple(f" {key} " for key in map(search_key, words) if key)


def matches(said: Said, words: tuple[str, ...]) -> bool:
    """True when the message's folded words include one of `words` (either script)."""
    typed = f" {said.key} "
    return any(key in typed for key in _folded(words))


def attempt(action: Callable[[], T]) -> tuple[T | None, DomainError | None]:
    """Run a service in a savepoint: (its result, None), or (None, its refusal) with whatever
    it wrote before refusing undone (the inbound message and the reply still commit)."""
    try:
        with db.session.begin_nested():
            return action(), None
    except DomainError as error:
        return None, error


def menu_option() -> Option:
    return Option("menu:menu", _("Main menu"))


def office_option() -> Option:
    return Option("menu:office", _("Talk to the office"))


def with_options(text: str, *options: Option, footer: str = "") -> Reply:
    return Reply(text=text, options=tuple(options), button=_("Choose"), footer=footer)
