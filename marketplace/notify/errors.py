"""What the outbox refuses, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class OutboxError(ErrorCode):
    #: a move the message's table does not have (the deliverer never asks for one)
    OUTBOX_TRANSITION = "outbox_transition", _l("This message cannot be changed now.")
