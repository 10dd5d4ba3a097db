"""The input rules every request passes before a view (or a database) sees it, and their words.

The rules themselves live in core.text; this module refuses a request whose path, query or
form holds a NUL character, or whose path or query holds another script's digits, with a 400
and the app's error page. Forms (core.forms.Form) apply the field rules with a message at the
field.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode, InvalidInput
from marketplace.core.text import has_foreign_digits


class InputError(ErrorCode):
    """The input rules every request and form passes (core.text)."""

    NUL = "nul", _l("The request held an invisible null character (NUL), which is never "
                    "allowed. Please type the text again without it.")
    DIGITS = "digits", _l("Write numbers with the digits 0-9 or ०-९.")
    TEXT_CHARACTERS = "text_characters", _l("The text holds a hidden control character (such "
                                            "as a text-direction mark). Please type it again "
                                            "without it.")
    AADHAAR = "aadhaar", _l("This looks like an Aadhaar number. Swarozgar never stores Aadhaar "
                            "numbers: please remove it.")


def input_error_messages(code: str) -> dict[str, str]:
    """The message of an input rule in every language of the app: {'hi': …, 'en': …}; {} for
    a code that is not an input rule's."""
    try:
        rule = InputError(code)
    except ValueError:
        return {}
    messages = {}
    for language in ("hi", "en"):
        with force_locale(language):
            messages[language] = str(rule.message)
    return messages


def _texts_of_request():
    yield request.path
    for key, value in request.args.items(multi=True):
        yield key
        yield value


def check_request() -> None:
    """Raise InvalidInput(NUL/DIGITS) for a request that breaks the request-wide rules."""
    texts = list(_texts_of_request())
    form_texts = [text for key, value in request.form.items(multi=True) for text in (key, value)]
    form_texts += [upload.filename or "" for upload in request.files.values()]
    if any("\x00" in text for text in texts + form_texts):
        raise InvalidInput(InputError.NUL)
    if any(has_foreign_digits(text) for text in texts):
        raise InvalidInput(InputError.DIGITS)


def register_input_guard(app: Flask) -> None:
    app.before_request(check_request)
