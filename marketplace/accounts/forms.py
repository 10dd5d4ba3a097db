"""Forms of the account pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from marketplace.accounts.services import (
    NAME_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
)
from marketplace.core.forms import CodeField, Form, PhoneField

LANGUAGE_CHOICES = [SelectChoice("hi", "हिन्दी"), SelectChoice("en", "English")]


def _name_field():
    return StringField(
        _l("Your name"),
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=NAME_MAX_LENGTH,
                   message=_l("The name can be at most %(max)d characters.", max=NAME_MAX_LENGTH)),
        ],
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH},
    )


def _new_password_fields(label):
    password = PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=PASSWORD_MAX_LENGTH,
                message=_l("The password must have %(min)d to %(max)d characters.",
                           min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def _phone_field():
    return PhoneField(
        _l("Mobile number"),
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 20},
    )


def _language_field():
    return RadioField(_l("Language for messages"), choices=LANGUAGE_CHOICES, default="hi",
                      validators=[DataRequired(message=_l("Choose a language."))])


class SignUpForm(Form):
    name = _name_field()
    phone = _phone_field()
    password, confirm = _new_password_fields(_l("Password"))
    language = _language_field()


class CodeForm(Form):
    code = CodeField(_l("6-digit code"),
                     render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                "maxlength": 10})


class SignInForm(Form):
    phone = _phone_field()
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(message=_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(Form):
    phone = _phone_field()


class ResetPasswordForm(Form):
    code = CodeForm.code
    password, confirm = _new_password_fields(_l("New password"))


class ProfileForm(Form):
    name = _name_field()
    language = _language_field()


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields(_l("New password"))
