"""Forms for drives (name, dates, kinds of work, and the grid of targets read from the
request), partners, camps and the camp's cancel and move."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.core.forms import DayField, Form, WholeNumberField, int_or_none, names_fields
from marketplace.core.text import whole_number
from marketplace.drives.errors import DriveError
from marketplace.drives.labels import PARTNER_KIND_LABELS
from marketplace.drives.models import MAX_DRIVE_NAME, MAX_FOOTFALL, MAX_PARTNER_NAME, MAX_TARGET
from marketplace.workers.forms import CheckboxesField

_TARGET = re.compile(r"^(block|partner)-(\d{1,9})$")


class DriveForm(Form):
    """The drive's own fields; its targets are fields named block-<id> and partner-<id>
    (parse_targets), one per block and partner the page shows."""

    name_en, name_hi = names_fields(_l("Name of the drive in English"),
                                    _l("Name of the drive in Hindi"), MAX_DRIVE_NAME,
                                    DriveError.NAME.message)
    starts_on = DayField(_l("First day"), validators=[
        InputRequired(message=_l("Choose a date."))])
    ends_on = DayField(_l("Last day"), validators=[InputRequired(message=_l("Choose a date."))])
    categories = CheckboxesField(_l("Kinds of work to focus on"), coerce=int)
    #: the drive's version the form was filled from (edits only)
    version = HiddenField()


@dataclass
class Targets:
    blocks: dict[int, int] = field(default_factory=dict)
    partners: dict[int, int] = field(default_factory=dict)
    #: field name → what was typed, to show again
    raw: dict[str, str] = field(default_factory=dict)
    #: field name → error
    errors: dict[str, DriveError] = field(default_factory=dict)


def target_name(kind: str, key: int) -> str:
    return f"{kind}-{key}"


def parse_targets(form: MultiDict, *, block_ids: list[int], partner_ids: list[int]) -> Targets:
    """One whole number (0..MAX_TARGET, digits only: no sign, point or other script) or
    nothing (no target) per block and partner; a target field of a block or partner not on
    the page (another sub-division's) is refused."""
    result = Targets()
    expected = {**{target_name("block", i): ("block", i) for i in block_ids},
                **{target_name("partner", i): ("partner", i) for i in partner_ids}}
    for name in form:
        if _TARGET.match(name) and name not in expected:
            result.errors[name] = DriveError.TARGET_PLACE
    for name, (kind, key) in expected.items():
        raw = (form.get(name) or "")[:20]
        result.raw[name] = raw
        text = raw.strip().replace(",", "")
        if not text:
            continue
        number = whole_number(text, most_digits=7)
        if number is None or number > MAX_TARGET:
            result.errors[name] = DriveError.TARGET
        else:
            (result.blocks if kind == "block" else result.partners)[key] = number
    return result


class PartnerForm(Form):
    kind = SelectField(_l("Kind"), choices=[SelectChoice(kind.value, label) for kind, label
                                            in PARTNER_KIND_LABELS.items()])
    name_en, name_hi = names_fields(_l("Name in English, e.g. Government ITI"),
                                    _l("Name in Hindi, e.g. सरकारी आईटीआई"), MAX_PARTNER_NAME,
                                    DriveError.PARTNER_NAME.message)


class OperatorsField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CampForm(Form):
    """Choices of village, partner and operators are set by the view."""

    held_on = DayField(_l("Date of the camp"), validators=[
        InputRequired(message=_l("Choose a date."))])
    village = SelectField(_l("Village or ward"), coerce=int_or_none, validators=[
        InputRequired(message=_l("Choose the village or ward."))])
    partner = SelectField(_l("Partner"), coerce=int_or_none, validators=[Optional()])
    operators = OperatorsField(_l("CSC operators at the camp"), coerce=int)
    expected_footfall = WholeNumberField(
        _l("Expected footfall"), default=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_FOOTFALL, message=_l(
            "Enter a whole number from 0 to 1,00,000."))])


class CancelCampForm(Form):
    reason = StringField(_l("Why is it cancelled? (the operators are told)"), validators=[
        DataRequired(message=_l("Write the reason.")),
        Length(max=300, message=_l("Write at most %(max)d characters.", max=300))],
        render_kw={"maxlength": 300})


class MoveCampForm(CancelCampForm):
    held_on = DayField(_l("New date"), validators=[InputRequired(message=_l("Choose a date."))])
    village = SelectField(_l("Village or ward"), coerce=int_or_none, validators=[
        InputRequired(message=_l("Choose the village or ward."))])
    reason = StringField(_l("Why is it moved? (the operators are told)"), validators=[
        DataRequired(message=_l("Write the reason.")),
        Length(max=300, message=_l("Write at most %(max)d characters.", max=300))],
        render_kw={"maxlength": 300})


def version_of(form: DriveForm) -> int | None:
    return whole_number(form.version.data or "")


class OperatorPartnerForm(Form):
    """Which partner a CSC operator works for; choices are set by the view."""

    operator = SelectField(_l("CSC operator"), coerce=int_or_none,
                           validators=[InputRequired(message=_l("Choose an operator."))])
    partner = SelectField(_l("Works for"), coerce=int_or_none)
