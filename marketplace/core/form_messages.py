"""WTForms' own messages, named here so that `make i18n` puts them in our catalogue: WTForms
ships no Hindi, and a form refusing "abc" as a number on a Hindi page must say so in Hindi.
The base form (core.forms.Form) reads them from our catalogue; these calls only mark them.
tests/core/test_form_messages.py proves each is still WTForms' wording."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for the catalogue; translated where WTForms shows it."""
    return message


def ngettext(singular: str, plural: str, _count: int) -> tuple[str, str]:
    """Marks a message with a plural for the catalogue."""
    return singular, plural


MESSAGES = (
    N_("This field is required."),
    N_("Invalid input."),
    N_("Field must be equal to %(other_name)s."),
    ngettext("Field must be at least %(min)d character long.",
             "Field must be at least %(min)d characters long.", 1),
    ngettext("Field cannot be longer than %(max)d character.",
             "Field cannot be longer than %(max)d characters.", 1),
    ngettext("Field must be exactly %(max)d character long.",
             "Field must be exactly %(max)d characters long.", 1),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 1),
    N_("Not a valid datetime value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
)


#: WTForms' words about its own workings, said as the plain refusal they mean: an English
#: reader of a stale link (`?village=abc`) is told "Not a valid choice.", never "could not
#: coerce" (the Hindi catalogue already says the same for all three)
SAID_PLAINLY = {
    "Invalid Choice: could not coerce.": "Not a valid choice.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Not a valid choice.",
}
