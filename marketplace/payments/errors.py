"""What payments refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class PaymentError(ErrorCode):
    #: two cash confirmations at once (an order's or a booking's): one is recorded
    ALREADY_PAID = "already_paid", _l("This has been paid already.")
    #: a move the payment's table does not have (the services refuse it first)
    PAYMENT_TRANSITION = "payment_transition", _l("This payment cannot be changed now.")
    NOT_REFUNDABLE = "not_refundable", _l("This payment cannot be refunded here; refund it from "
                                          "the Stripe dashboard.")
