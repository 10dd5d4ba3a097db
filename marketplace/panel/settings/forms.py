"""Forms of the settings pages: places, team accounts, product categories."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from marketplace.accounts.services import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from marketplace.core.forms import Form, PhoneField, name_field
from marketplace.core.text import ascii_digits
from marketplace.places.lgd import lgd_code
from marketplace.places.models import VillageKind

LANGUAGES = [SelectChoice("hi", "हिन्दी"), SelectChoice("en", "English")]


class SubDivisionForm(Form):
    code = StringField(_l("Short code (2–6 capital letters, e.g. NDN)"), validators=[
        DataRequired(message=_l("Write the code."))],
        render_kw={"maxlength": 6, "autocapitalize": "characters", "autocomplete": "off"})
    name_en = name_field(_l("Name in English"), 80)
    name_hi = name_field(_l("Name in Hindi"), 80)
    district_en = name_field(_l("District in English"), 80)
    district_hi = name_field(_l("District in Hindi"), 80)
    state_en = name_field(_l("State in English"), 80)
    state_hi = name_field(_l("State in Hindi"), 80)

    def validate_code(self, field) -> None:
        code = (field.data or "").strip().upper()
        if not (code.isascii() and code.isalpha() and 2 <= len(code) <= 6):
            raise ValidationError(_l("Use 2 to 6 letters A–Z, e.g. NDN."))
        field.data = code


class WhatsAppNumberForm(Form):
    whatsapp_phone_number_id = StringField(
        _l("WhatsApp phone number ID (from Meta's WhatsApp Manager)"),
        validators=[Length(max=32)],
        render_kw={"maxlength": 32, "inputmode": "numeric", "autocomplete": "off"})
    whatsapp_display_number = StringField(
        _l("The number people write to on WhatsApp (printed on posters)"),
        validators=[Length(max=25)],
        render_kw={"maxlength": 25, "inputmode": "tel", "autocomplete": "off"})


class BlockForm(Form):
    block_name_en = name_field(_l("Block name in English"), 80)
    block_name_hi = name_field(_l("Block name in Hindi"), 80)


class PanchayatForm(Form):
    block = SelectField(_l("Block"), coerce=int,
                        validators=[InputRequired(message=_l("Choose the block."))])
    panchayat_name_en = name_field(_l("Panchayat name in English"), 80)
    panchayat_name_hi = name_field(_l("Panchayat name in Hindi"), 80)
    is_urban = BooleanField(_l("A town (nagar panchayat or municipal body)"))


class DegreesField(StringField):
    """Optional degrees; after validation `.degrees` is a finite float or None."""

    degrees: float | None = None

    def __init__(self, *args, limit: float, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "maxlength": 20})
        super().__init__(*args, **kwargs)
        self.limit = limit

    def pre_validate(self, form) -> None:
        raw = ascii_digits((self.data or "").strip())
        self.degrees = None
        if not raw:
            return
        try:
            value = float(raw) if len(raw) <= 20 else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not -self.limit <= value <= self.limit:
            raise ValidationError(_l("Write degrees from -%(limit)d to %(limit)d, e.g. 31.78.",
                                     limit=int(self.limit)))
        self.degrees = value


class VillageForm(Form):
    panchayat = SelectField(_l("Panchayat"), coerce=int,
                            validators=[InputRequired(message=_l("Choose the panchayat."))])
    village_name_en = name_field(_l("Village or ward name in English"), 80)
    village_name_hi = name_field(_l("Village or ward name in Hindi"), 80)
    kind = RadioField(_l("Kind"), default=VillageKind.VILLAGE.value, choices=[
        SelectChoice(VillageKind.VILLAGE.value, _l("Village")),
        SelectChoice(VillageKind.WARD.value, _l("Ward of a town"))],
        validators=[InputRequired(message=_l("Choose village or ward."))])
    latitude = DegreesField(_l("Latitude (optional)"), limit=90)
    longitude = DegreesField(_l("Longitude (optional)"), limit=180)

    def validate_longitude(self, field) -> None:
        if (self.latitude.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Give both latitude and longitude, or neither."))
        if (field.data or "").strip() and not (self.latitude.data or "").strip():
            raise ValidationError(_l("Give both latitude and longitude, or neither."))


class AccountForm(Form):
    phone = PhoneField(_l("Mobile number"), render_kw={"inputmode": "tel",
                                                       "autocomplete": "off"},
                       missing_message=_l("Enter the person's mobile number."))
    name = name_field(_l("Name"), 80)
    role = SelectField(_l("Role"), validators=[InputRequired(message=_l("Choose the role."))])
    sub_division = SelectField(_l("Sub-division"), coerce=int, validate_choice=False)
    language = RadioField(_l("Messages in"), default="hi", choices=LANGUAGES,
                          validators=[InputRequired(message=_l("Choose a language."))])
    password = PasswordField(_l("First password (they change it after signing in)"),
                             validators=[
                                 DataRequired(message=_l("Write a first password.")),
                                 Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH,
                                        message=_l("Use %(min)d to %(max)d characters.",
                                                   min=PASSWORD_MIN_LENGTH,
                                                   max=PASSWORD_MAX_LENGTH))],
                             render_kw={"autocomplete": "new-password"})


class CategoryForm(Form):
    name_en = name_field(_l("Name in English"), 60)
    name_hi = name_field(_l("Name in Hindi"), 60)


class LgdUploadForm(Form):
    """The LGD village list of a sub-district, and what the list cannot say."""

    file = FileField(_l("LGD village list (CSV)"), render_kw={"accept": ".csv,.txt,text/csv"})
    sub_district_code = StringField(
        _l("LGD code of the sub-district (only if the file has several)"),
        validators=[Length(max=9)], render_kw={"inputmode": "numeric", "maxlength": 9})
    code = StringField(_l("Short code of the new sub-division (2–6 letters, e.g. CPR)"),
                       validators=[Length(max=6)],
                       render_kw={"maxlength": 6, "autocapitalize": "characters",
                                  "autocomplete": "off"})
    name_hi = StringField(_l("Name in Hindi (if the file's local names are not Hindi)"),
                          validators=[Length(max=80)], render_kw={"maxlength": 80})
    district_hi = StringField(_l("District in Hindi (if the file has none)"),
                              validators=[Length(max=80)], render_kw={"maxlength": 80})
    centre_latitude = DegreesField(_l("Latitude of the centre (optional)"), limit=90)
    centre_longitude = DegreesField(_l("Longitude of the centre (optional)"), limit=180)
    defaults_from = SelectField(_l("Start with the settings of"), coerce=int, default=0)

    def validate_sub_district_code(self, field) -> None:
        if (field.data or "").strip() and lgd_code(field.data) is None:
            raise ValidationError(_l("Write the code in digits, e.g. 444."))

    def validate_code(self, field) -> None:
        code = (field.data or "").strip().upper()
        if code and not (code.isascii() and code.isalpha() and 2 <= len(code) <= 6):
            raise ValidationError(_l("Use 2 to 6 letters A–Z, e.g. NDN."))
        field.data = code

    def validate_centre_longitude(self, field) -> None:
        if bool((self.centre_latitude.data or "").strip()) != bool((field.data or "").strip()):
            raise ValidationError(_l("Give both latitude and longitude, or neither."))

    @property
    def centre(self) -> tuple[float, float] | None:
        if self.centre_latitude.degrees is None or self.centre_longitude.degrees is None:
            return None
        return self.centre_latitude.degrees, self.centre_longitude.degrees
