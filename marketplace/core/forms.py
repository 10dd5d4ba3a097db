"""Form pieces every domain uses: the base form that applies the input rules, phone, code
and money fields, a button-only form, and the one way to flash a form's errors."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    DateField,
    FieldList,
    FileField,
    FormField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import Select, TextInput, html_params
from wtforms.widgets.core import clean_key

from marketplace.core.dates import parse_day
from marketplace.core.errors import InvalidInput
from marketplace.core.form_messages import SAID_PLAINLY
from marketplace.core.i18n import by_name, localized, request_translations
from marketplace.core.identity import looks_like_aadhaar
from marketplace.core.input import InputError
from marketplace.core.money import format_rupees, paise_to_input, parse_rupees
from marketplace.core.phone import try_normalize_phone
from marketplace.core.text import ascii_digits, has_foreign_digits, refused_character

#: Fields whose words people write freely: names, descriptions, addresses, notes, reviews.
_FREE_TEXT_FIELDS = (StringField, TextAreaField, SearchField)
#: Fields the input rules leave alone (a password may hold anything but NUL; files are
#: checked by media; sub-forms apply the rules themselves).
_SKIPPED_FIELDS = (PasswordField, FileField, MultipleFileField, FormField, FieldList)


class Identifier:
    """Marks a text field that holds a code, id or number (bank account, IFSC, UPI id,
    transaction reference, coordinates): the digits rule applies to it, the Aadhaar rule of
    free text does not."""

    field_flags = {"identifier": True}

    def __call__(self, form, field) -> None:
        pass


class Verbatim:
    """Marks a text field passed on as a person typed it (a resident's chat message in the
    assistant's simulator, which masks Aadhaar numbers itself and reads every script's
    digits): only NUL and control characters are refused."""

    field_flags = {"verbatim": True}

    def __call__(self, form, field) -> None:
        pass


def broken_input_rule(field) -> InputError | None:
    """The input rule (core.text) that a submitted field breaks, or None."""
    if isinstance(field, _SKIPPED_FIELDS) or not field.raw_data:
        return None
    values = [value for value in field.raw_data if isinstance(value, str)]
    free_text = type(field) in _FREE_TEXT_FIELDS and not field.flags.identifier
    multiline = isinstance(field, TextAreaField)
    for value in values:
        if "\x00" in value:
            return InputError.NUL
        if refused_character(value, multiline=multiline) is not None:
            return InputError.TEXT_CHARACTERS
        if field.flags.verbatim:
            continue
        if free_text:
            if looks_like_aadhaar(value):
                return InputError.AADHAAR
        elif has_foreign_digits(value):
            return InputError.DIGITS
    return None


class _OurCatalogue:
    """WTForms' own messages ("Not a valid choice.") in the reader's language, from our
    catalogue (core.form_messages names them): WTForms ships no Hindi."""

    def gettext(self, string: str) -> str:
        return request_translations().ugettext(SAID_PLAINLY.get(string, string))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return request_translations().ungettext(singular, plural, count)


_TRANSLATIONS = _OurCatalogue()


class Form(FlaskForm):
    """The base of every form: after its own validation, each field that breaks an input
    rule (NUL, control and bidi characters, other scripts' digits, Aadhaar in free text)
    shows only that rule's message, and the form is invalid. WTForms' own messages speak
    the reader's language."""

    class Meta:
        def get_translations(self, form):
            return _TRANSLATIONS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            rule = broken_input_rule(field)
            if rule is not None:
                field.errors = [str(rule.message)]
                valid = False
        return valid


def form_error_text(form) -> str:
    """All of a form's error messages as one plain string (lazy strings made text)."""
    messages = []
    for errors in form.errors.values():
        items = errors.values() if isinstance(errors, dict) else errors
        for error in items:
            if isinstance(error, (list, tuple)):
                messages.extend(str(item) for item in error)
            else:
                messages.append(str(error))
    return " ".join(messages)


def flash_form_errors(form) -> None:
    """Flash a form's errors as one message: for forms posted from another page."""
    flash(form_error_text(form), "error")


class EmptyForm(Form):
    """For buttons that POST: carries only the CSRF token."""


def named_choices(rows, locale: str, *, keep_order: bool = False) -> list[SelectChoice]:
    """A menu's choices from rows with name_en/name_hi: (id, the name in `locale`), in the
    alphabetical order of the name shown (a Hindi reader looks for her village among Hindi
    names in Hindi order, which Devanagari's code points follow), or as the rows come with
    `keep_order` (the kinds of work, in the order the office set)."""
    return [SelectChoice(row.id, localized(row, "name", locale))
            for row in (rows if keep_order else by_name(rows, locale))]


def name_field(label, limit: int, *, required: bool = True, check=None) -> StringField:
    """A box for a name of at most `limit` characters: "Write the name." when it is required
    and left empty; `check`, a validator, is asked first."""
    first = DataRequired(message=_l("Write the name.")) if required else Optional()
    return StringField(label, validators=[
        *([check] if check else []), first,
        Length(max=limit, message=_l("Write at most %(max)d characters.", max=limit))],
        render_kw={"maxlength": limit})


class EitherName:
    """On a name_en box: it or the form's name_hi box must be filled (one of the two names
    is enough); else `message` shows on it."""

    def __init__(self, message) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if not (field.data or "").strip() and not (form.name_hi.data or "").strip():
            raise StopValidation(self.message)


def names_fields(label_en, label_hi, limit: int, message) -> tuple[StringField, StringField]:
    """The boxes name_en and name_hi of a name in English and in Hindi, either of which is
    enough: `message` on the English box when both are empty."""
    return (name_field(label_en, limit, required=False, check=EitherName(message)),
            name_field(label_hi, limit, required=False))


def int_or_none(value) -> int | None:
    """Coerce for a select whose first choice is "Choose…" (value ""): None until chosen."""
    return None if value in ("", None) else int(value)


class WholeNumberField(IntegerField):
    """A whole number a person types (a count, years, an id): the form's every IntegerField.

    Refuses more than MAX_DIGITS digits as not a number, before WTForms' NumberRange turns a
    huge int into a float (which overflows past 10**308 and answered 500)."""

    MAX_DIGITS = 18

    def process_formdata(self, valuelist) -> None:
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(self.invalid_value_message or gettext("Enter a number."))
        super().process_formdata(valuelist)

    def pre_validate(self, form) -> None:
        """What was typed is not a whole number ('1.5', 'many'): one message, the range's
        when the box has one (it says what to write), not that and the range's both."""
        if not self.process_errors:
            return
        if not (self.raw_data and str(self.raw_data[0]).strip()):
            self.errors[:] = []  # an empty box: InputRequired or Optional says what is wanted
            return
        ranged = next((check.message for check in self.validators
                       if isinstance(check, NumberRange) and check.message), None)
        if ranged is not None:
            self.errors[:] = [ranged]
        raise StopValidation()


class PhoneField(StringField):
    """An Indian mobile number; after validation `.e164` holds the stored form.

    `missing_message` names whose number is asked for when the box is left empty (a form
    filled in for someone else: "Enter the worker's mobile number.")."""

    e164: str | None = None

    def __init__(self, *args, missing_message: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing_message = missing_message or _l("Enter your mobile number.")

    def pre_validate(self, form) -> None:
        raw = (self.data or "").strip()
        if not raw:
            raise ValidationError(self.missing_message)
        self.e164 = try_normalize_phone(raw)
        if self.e164 is None:
            raise ValidationError(
                _l("Enter a valid 10-digit Indian mobile number, e.g. 98160 12345.")
            )


class CodeField(StringField):
    """A 6-digit one-time code, typed with ASCII or Devanagari digits and spaces."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data:
            self.data = ascii_digits(self.data).replace(" ", "").replace("-", "")

    def pre_validate(self, form) -> None:
        code = self.data or ""
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError(_l("Enter the 6-digit code from the message."))


class DayField(DateField):
    """A date box that also reads a day typed as people write it where the box is plain text
    ('09-12-2026', '९.१२.२०२६': core.dates.parse_day); its words say how to write it."""

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_day(valuelist[0])
        except InvalidInput as error:
            self.data = None
            raise ValueError(error.message) from error


class RupeesField(StringField):
    """An amount typed in rupees; after validation `.paise` holds the integer paise."""

    paise: int | None = None

    def __init__(self, *args, allow_zero: bool = False, max_paise: int | None = None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "maxlength": 16})
        super().__init__(*args, **kwargs)
        self.allow_zero, self.max_paise = allow_zero, max_paise

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return paise_to_input(self.data) if isinstance(self.data, int) else (self.data or "")

    def pre_validate(self, form) -> None:
        if isinstance(self.data, int):
            self.paise = self.data
            return
        try:
            self.paise = parse_rupees(self.data, allow_zero=self.allow_zero)
        except InvalidInput as error:
            raise ValidationError(error.message) from error
        if self.max_paise is not None and self.paise > self.max_paise:
            raise ValidationError(gettext("The most allowed is %(amount)s.",
                                          amount=format_rupees(self.max_paise)))


def quick_html_params(**kwargs) -> Markup:
    """WTForms' html_params, the same markup made with plain escapes: it formats each
    attribute through Markup.format (a string.Formatter), which cost a list page's search box
    a twentieth of the page's Python."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = clean_key(key)
        if value is True:
            params.append(escape(key))
        elif value is not False:
            text = escape(value).replace(Markup('"'), Markup("&quot;"))
            params.append(Markup(f'{escape(key)}="{text}"'))  # noqa: S704 - both escaped
    return Markup(" ").join(params)


class SearchBox(TextInput):
    """The text box of a list page's search (rendered on every page, outside the kept
    filters): WTForms' TextInput with quick_html_params."""

    html_params = staticmethod(quick_html_params)


class Options(list):
    """A menu's choices with their <option> markup made once. Kept per process with the
    reference data they come from (core/freshness.py), so that a page with a long menu of
    villages or groups only marks the chosen option instead of rendering each again."""

    def __init__(self, choices: list[SelectChoice]) -> None:
        super().__init__(choices)
        render = Select.render_option
        self.marks = {choice.value: tuple(
            render(Choice(choice.value, choice.label, chosen, choice.render_kw or {}))
            for chosen in (False, True)) for choice in choices}
        self.html = Markup("").join(plain for plain, _chosen in self.marks.values())


class _OptionsSelect(Select):
    def __call__(self, field, **kwargs):
        options = field.choices
        if not isinstance(options, Options):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        html = options.html
        if field.data in options.marks:
            plain, chosen = options.marks[field.data]
            html = html.replace(plain, chosen, 1)
        # html_params escapes each value: the attributes are safe markup.
        attributes = Markup(html_params(name=field.name, **kwargs))  # noqa: S704
        return Markup("<select {}>{}</select>").format(attributes, html)


class MenuField(SelectField):
    """A filter's <select> of ids (0: any) whose choices are given as Options."""

    widget = _OptionsSelect()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=int, **kwargs)

    def pre_validate(self, form) -> None:
        if isinstance(self.choices, Options) and self.validate_choice and not self.process_errors:
            if self.data in self.choices.marks:
                return  # a chosen id found without walking the whole menu
            if self.data is None:  # nothing chosen: no option can match (WTForms walks them)
                raise ValidationError(self.invalid_choice_message
                                      or self.gettext("Not a valid choice."))
        super().pre_validate(form)
