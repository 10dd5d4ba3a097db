"""Why the webhook refused a request: codes for Meta's logs and ours, with their words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class WebhookError(ErrorCode):
    #: 404: WHATSAPP_APP_SECRET (for deliveries) or WHATSAPP_VERIFY_TOKEN (for the
    #: handshake) is not set, so the assistant is off on this site
    OFF = "off", _l("The WhatsApp assistant is not switched on here.")
    #: 403: a verification request without subscribe mode or with another token
    VERIFY_TOKEN = "verify_token", _l("The verify token does not match.")
    #: 400: the token matched but the challenge is not a short run of letters and digits
    CHALLENGE = "challenge", _l("The challenge must be letters and digits only.")
    #: 403: the body is not signed with the app secret (missing, wrong or altered)
    SIGNATURE = "signature", _l("The delivery is not signed with the app secret.")
    #: 413: over the size limit, refused before it is read
    TOO_LARGE = "too_large", _l("The delivery is too large.")


class ChatError(ErrorCode):
    """What staff answering a conversation are refused."""

    #: WhatsApp allows free text only within 24 hours of the resident's last message
    OUTSIDE_WINDOW = "outside_window", _l(
        "More than 24 hours have passed since this resident last wrote: WhatsApp allows only "
        "an approved template now. Choose one below; once they answer, you can write freely.")
    REPLY = "reply", _l("Write the reply (at most 4,096 characters).")
    TEMPLATE = "template", _l("Choose one of the templates.")
    TEMPLATE_VALUES = "template_values", _l(
        "Fill in every blank of the template (each at most 60 characters, on one line).")
