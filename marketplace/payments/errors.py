"""What payments refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class PaymentError(ErrorCode):
    #: two cash confirmations at once (an order's or a booking's): one is recorded
    ALREADY_PAID = "already_paid", _l("This has been paid already.")
    NOT_REFUNDABLE = "not_refundable", _l("This payment cannot be refunded here; refund it from "
                                          "the Stripe dashboard.")
