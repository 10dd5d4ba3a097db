"""The assistant's flows, each a few named steps (flows.base.STEPS): the menu and the office,
finding a worker, seeing a number or booking one, my orders and bookings, a worker's
answers to booking requests."""

from marketplace.chat.flows import book, find, menu, mine, work  # noqa: F401 - they register steps
from marketplace.chat.flows.base import STEPS, Said, Turn

__all__ = ["STEPS", "Said", "Turn"]
