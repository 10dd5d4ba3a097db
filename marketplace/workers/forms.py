"""Forms of the worker directory: profile, search, availability, moderation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.core.forms import (
    DayField,
    Form,
    Identifier,
    MenuField,
    PhoneField,
    RupeesField,
    SearchBox,
    WholeNumberField,
)
from marketplace.media.forms import ImageField
from marketplace.workers.importing import MAX_BYTES, decode_upload
from marketplace.workers.models import Availability, RateUnit
from marketplace.workers.services import MAX_RATE_PAISE

LANGUAGE_LABELS = {
    "hi": _l("Hindi"),
    "en": _l("English"),
    "pahari": _l("Pahari"),
    "punjabi": _l("Punjabi"),
    "dogri": _l("Dogri"),
    "urdu": _l("Urdu"),
}


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(pairs):
    return [SelectChoice(str(value), label) for value, label in pairs]


class WorkerProfileForm(Form):
    display_name = StringField(
        _l("Name shown to residents"),
        validators=[DataRequired(message=_l("Enter the worker's name.")),
                    Length(max=80, message=_l("The name can be at most %(max)d characters.",
                                              max=80))],
        render_kw={"maxlength": 80, "autocomplete": "name"},
    )
    photo = ImageField(_l("Photo"))
    main_category = SelectField(_l("Main work"), coerce=int,
                                validators=[InputRequired(message=_l("Choose the main work."))])
    other_categories = CheckboxesField(_l("Other work (up to 3)"), coerce=int)
    skills = TextAreaField(
        _l("Skills and experience, in your words"),
        validators=[Length(max=1000, message=_l("Write at most %(max)d characters.", max=1000))],
        render_kw={"rows": 3, "maxlength": 1000},
    )
    experience_years = WholeNumberField(
        _l("Years of experience"), default=0,
        validators=[InputRequired(message=_l("Enter the years of experience (0 if new).")),
                    NumberRange(min=0, max=70, message=_l("Enter a number from 0 to 70."))],
        render_kw={"inputmode": "numeric", "min": 0, "max": 70},
    )
    languages = CheckboxesField(
        _l("Languages spoken"), default=["hi"],
        choices=_choices(LANGUAGE_LABELS.items()),
        validators=[DataRequired(message=_l("Choose at least one language."))],
    )
    rate = RupeesField(_l("Rate in rupees"), max_paise=MAX_RATE_PAISE)
    rate_unit = RadioField(
        _l("The rate is"), default=RateUnit.DAY.value,
        choices=_choices([(RateUnit.DAY.value, _l("per day")),
                          (RateUnit.VISIT.value, _l("per visit"))]),
        validators=[InputRequired(message=_l("Choose per day or per visit."))],
    )
    home_village = SelectField(_l("Home village or ward"), coerce=int,
                               validators=[InputRequired(message=_l("Choose the home village."))])
    service_radius_km = WholeNumberField(
        _l("Goes for work up to this many km from home (leave empty to list villages)"),
        validators=[Optional(), NumberRange(min=1, max=100,
                                            message=_l("Enter a number from 1 to 100."))],
        render_kw={"inputmode": "numeric"},
    )
    service_villages = CheckboxesField(_l("Villages and wards served"), coerce=int)
    availability = RadioField(
        _l("Availability"), default=Availability.AVAILABLE.value,
        choices=_choices([(Availability.AVAILABLE.value, _l("Available now")),
                          (Availability.FROM_DATE.value, _l("Available from a date")),
                          (Availability.NOT_TAKING.value, _l("Not taking work"))]),
    )
    available_from = DayField(_l("Available from"), validators=[Optional()])
    eshram_uan = StringField(
        _l("e-Shram UAN (optional, 12 digits; never your Aadhaar number)"),
        validators=[Length(max=20), Identifier()],
        render_kw={"inputmode": "numeric", "maxlength": 20},
    )
    hide_phone = BooleanField(_l("Hide my phone number; take bookings only"))
    on_posters = BooleanField(_l(
        "Print my name and phone number on the paper posters put up in my village "
        "(anyone who reads the poster can call me)"))


class ConsentForm(Form):
    consent = BooleanField(
        _l("I have read the notice and agree that my details are shown to residents."),
        validators=[DataRequired(message=_l("Please agree to the notice to continue."))],
    )


class AvailabilityForm(Form):
    availability = WorkerProfileForm.availability
    available_from = WorkerProfileForm.available_from


class SearchForm(Form):
    """A GET form: no CSRF (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name, work or skill"), validators=[Length(max=100)],
                    render_kw={"maxlength": 100, "type": "search"}, widget=SearchBox())
    category = MenuField(_l("Work"), validators=[Optional()])
    village = MenuField(_l("Near village or ward"), validators=[Optional()])
    block = MenuField(_l("Block"), validators=[Optional()])
    available = BooleanField(_l("Available now"))
    min_rating = SelectField(_l("Rating"), coerce=int, validators=[Optional()],
                             choices=_choices([(0, _l("Any rating")), (3, _l("3★ and above")),
                                               (4, _l("4★ and above"))]))
    sort = SelectField(_l("Sort by"), validators=[Optional()],
                       choices=_choices([("distance", _l("Nearest")), ("rating", _l("Rating")),
                                         ("rate", _l("Lowest rate"))]))
    lat = StringField(validators=[Optional(), Length(max=20), Identifier()])
    lng = StringField(validators=[Optional(), Length(max=20), Identifier()])


class AssistedWorkerForm(WorkerProfileForm):
    """What a CSC operator types at the counter: the worker's phone and language first."""

    phone = PhoneField(_l("Worker's mobile number"),
                       missing_message=_l("Enter the worker's mobile number."),
                       render_kw={"inputmode": "tel", "autofocus": True})
    #: printing a number on paper is the worker's own choice, made on their own profile
    on_posters = None
    language = RadioField(_l("Worker's language for messages"), default="hi",
                          choices=[SelectChoice("hi", "हिन्दी"), SelectChoice("en", "English")])


class SynonymForm(Form):
    term = StringField(_l("Word people use"),
                       validators=[DataRequired(message=_l("Write the word.")), Length(max=60)],
                       render_kw={"maxlength": 60})


class RateCardForm(Form):
    min_rate = RupeesField(_l("From (₹)"), max_paise=MAX_RATE_PAISE)
    max_rate = RupeesField(_l("To (₹)"), max_paise=MAX_RATE_PAISE)
    unit = RadioField(_l("Per"), default=RateUnit.DAY.value,
                      choices=_choices([(RateUnit.DAY.value, _l("per day")),
                                        (RateUnit.VISIT.value, _l("per visit"))]))


class DeleteProfileForm(Form):
    confirm = BooleanField(
        _l("Yes, delete my worker profile and erase my details"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class ImportUploadForm(Form):
    """A skill-mapping CSV: at the counter, or at a registration camp."""

    file = FileField(_l("CSV file (UTF-8)"), render_kw={"accept": ".csv,text/csv"})

    def chosen_file(self):
        """The uploaded file, or None with the field's error when none was chosen."""
        upload = self.file.data
        if not upload or not getattr(upload, "filename", ""):
            self.file.errors.append(_l("Choose a CSV file."))
            return None
        return upload

    def read(self) -> str:
        """The file's text; InvalidInput for one too large or not text (workers.importing)."""
        return decode_upload(self.file.data.read(MAX_BYTES + 1))
