"""Panel: the sub-division's self-help groups and registering one (sign-ups are decided in the
approval queue, panel/approvals)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.errors import DomainError
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.unit_of_work import commit_or_refuse, flash_then, form_page
from marketplace.media.services import store_chosen_then
from marketplace.panel.access import sub_division_scope, working_sub_division
from marketplace.places import tenant
from marketplace.places.forms import village_choices
from marketplace.shg import queries, services
from marketplace.shg.forms import StaffGroupForm
from marketplace.shg.models import SelfHelpGroup

bp = Blueprint("shg", __name__, url_prefix="/shg")


@bp.route("")
def index():
    page = paginate(queries.list_groups(sub_division_scope()),
                    number=parse_page_number(request.args.get("page")), size=50)
    return render_template("panel/shg_list.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
def new():
    sub_division = working_sub_division()
    form = StaffGroupForm()
    form.village.choices = village_choices(sub_division.id)
    if form.validate_on_submit():
        def with_photo() -> SelfHelpGroup:
            return store_chosen_then(form.photo, lambda photo_id: services.register_group(
                form.to_input(photo_id), sub_division=sub_division, actor=current_user,
                leader_phone=form.leader_phone.e164, leader_name=form.leader_name.data),
                uploaded_by_id=current_user.id)

        def refused(error: DomainError):
            form.show_error(error)
            return render_template("panel/shg_new.html", form=form)

        registered = flash_then(_("The group is registered and its leader has been sent a "
                                  "message."),
                                lambda group: tenant.url_in(group.sub_division_id,
                                                           "catalogue.storefront",
                                                           group_id=group.id))

        return commit_or_refuse(with_photo, done=registered, refused=refused)
    return form_page("panel/shg_new.html", form)
