"""The assistant's flows, each a few named steps (flows.base.STEPS): the menu and the office,
finding a worker, seeing a number or booking one, my orders and bookings (and
ordering one again), a worker's answers to booking requests."""

from marketplace.chat.flows import (  # noqa: F401 - they register their steps
    book,
    find,
    menu,
    mine,
    repeat,
    work,
)
from marketplace.chat.flows.base import STEPS, Said, Turn

__all__ = ["STEPS", "Said", "Turn"]
