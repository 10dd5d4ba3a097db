"""Forms for groups and members."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.core.errors import DomainError
from marketplace.core.forms import Form, Identifier, PhoneField
from marketplace.media.errors import ImageError
from marketplace.media.forms import ImageField
from marketplace.shg.services import GroupInput


class GroupForm(Form):
    photo = ImageField(_l("A photo of the group or its work (optional)"))
    name_hi = StringField(_l("Group name in Hindi"), validators=[Length(max=100)],
                          render_kw={"maxlength": 100})
    name_en = StringField(_l("Group name in English"), validators=[Length(max=100)],
                          render_kw={"maxlength": 100})
    village = SelectField(_l("Village or ward"), coerce=int,
                          validators=[InputRequired(message=_l("Choose the village or ward."))])
    nrlm_code = StringField(_l("NRLM code (if the group has one)"),
                            validators=[Length(max=20), Identifier()])
    story = TextAreaField(_l("About the group (what you make, since when)"),
                          validators=[Length(max=1000)], render_kw={"rows": 3, "maxlength": 1000})
    upi_id = StringField(_l("UPI id for payments (seen only by the SDM office)"),
                         validators=[Length(max=100), Identifier()])
    bank_account_name = StringField(_l("Bank account name"), validators=[Length(max=100)])
    bank_account_number = StringField(_l("Bank account number"),
                                      validators=[Length(max=30), Identifier()],
                                      render_kw={"inputmode": "numeric"})
    bank_ifsc = StringField(_l("IFSC code"), validators=[Length(max=11), Identifier()])

    def to_input(self, photo_id: int | None = None) -> GroupInput:
        return GroupInput(village_id=self.village.data, photo_id=photo_id,
                          name_en=self.name_en.data or "",
                          name_hi=self.name_hi.data or "", nrlm_code=self.nrlm_code.data or "",
                          story=self.story.data or "", upi_id=self.upi_id.data or "",
                          bank_account_name=self.bank_account_name.data or "",
                          bank_account_number=self.bank_account_number.data or "",
                          bank_ifsc=self.bank_ifsc.data or "")

    def show_error(self, error: DomainError) -> None:
        """A refusal shows beside the photo when it is the photo's, else beside the name."""
        field = self.photo if isinstance(error.code, ImageError) else self.name_hi
        field.errors.append(error.message)


class StaffGroupForm(GroupForm):
    leader_name = StringField(_l("Leader's name"),
                              validators=[DataRequired(message=_l("Enter the leader's name.")),
                                          Length(max=80)])
    leader_phone = PhoneField(_l("Leader's mobile number"),
                              missing_message=_l("Enter the leader's mobile number."))


class MemberForm(Form):
    name = StringField(_l("Member's name"),
                       validators=[DataRequired(message=_l("Enter the member's name.")),
                                   Length(max=80)])
    phone = PhoneField(_l("Member's mobile number"),
                       missing_message=_l("Enter the member's mobile number."))
