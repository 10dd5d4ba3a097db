"""A group's public page, signing a group up, and the members page of its leaders."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.models import Role
from marketplace.accounts.queries import get_user
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.ratelimit import limit_code_requests
from marketplace.core.unit_of_work import commit_or_refuse, flash_refusal, flash_then, form_page
from marketplace.media.services import store_chosen_then
from marketplace.places import tenant
from marketplace.places.forms import village_choices
from marketplace.shg import queries, services
from marketplace.shg.forms import GroupForm, MemberForm
from marketplace.shg.invitations import read_invitation
from marketplace.shg.labels import STATUS_LABELS
from marketplace.shg.models import SelfHelpGroup

bp = Blueprint("shg", __name__, url_prefix="/shg")


@bp.app_context_processor
def shg_labels():
    return {"shg_status_labels": STATUS_LABELS}


@bp.route("/apply", methods=["GET", "POST"])
@login_required
def apply():
    if services.membership_of(current_user):
        return redirect(url_for("shg.mine"))
    if current_user.role not in (Role.RESIDENT, Role.SHG_MEMBER):
        abort(403)
    sub_division = tenant.joined()
    form = GroupForm()
    form.village.choices = village_choices(sub_division.id)
    if form.validate_on_submit():
        def with_photo() -> SelfHelpGroup:
            return store_chosen_then(form.photo, lambda photo_id: services.apply_for_group(
                form.to_input(photo_id), sub_division=sub_division, actor=current_user),
                uploaded_by_id=current_user.id)

        def refused(error: DomainError):
            form.show_error(error)
            return render_template("shg/apply.html", form=form)

        applied = flash_then(_("Thank you! The SDM office will check the group and tell you by "
                               "message."),
                             lambda group: tenant.url_in(
                                 group.sub_division_id, "catalogue.storefront", group_id=group.id))

        return commit_or_refuse(with_photo, done=applied, refused=refused)
    return form_page("shg/apply.html", form)


def _my_membership():
    member = services.membership_of(current_user)
    if member is None:
        abort(404)
    return member


@bp.route("/mine", methods=["GET", "POST"])
@login_required
@limit_code_requests  # each member added is a message to her number: capped as codes are
def mine():
    """The group's page for its members; leaders add members here."""
    member = _my_membership()
    group = queries.get_group(member.group_id)
    form = MemberForm()
    if form.is_submitted() and not member.is_leader:
        abort(403)

    def page(status: int):
        return render_template("shg/mine.html", group=group, me=member, form=form,
                               action_form=EmptyForm()), status

    if form.validate_on_submit():
        def refused(error: DomainError):
            form.phone.errors.append(error.message)
            return page(400)

        def added(member: object):
            flash(_("Member added. She has been sent a message.") if member is not None else
                  _("She has a Swarozgar account already, so she has been sent a link: she "
                    "becomes a member when she agrees."), "success")
            return redirect(url_for("shg.mine"))

        return commit_or_refuse(lambda: services.add_member(
            group, phone=form.phone.e164, name=form.name.data, actor=current_user),
            done=added, refused=refused)
    return page(400 if form.errors else 200)


@bp.route("/members/<int:member_id>/<action>", methods=["POST"])
@login_required
def member_action(member_id: int, action: str):
    target = queries.get_member(member_id) or abort(404)
    if action not in ("remove", "make-leader", "not-leader"):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def change() -> None:
        if action == "remove":
            services.remove_member(target, actor=current_user)
        else:
            services.set_leader(target, is_leader=action == "make-leader", actor=current_user)

    def refused(error: DomainError):
        if error.status == 403:
            abort(403)
        flash(error.message, "error")
        member = services.membership_of(current_user)
        if member is None:
            abort(error.status)
        return render_template("shg/mine.html", group=queries.get_group(member.group_id),
                               me=member, form=MemberForm(formdata=None),
                               action_form=EmptyForm())

    saved = flash_then(_("Saved."), url_for("shg.mine"))

    return commit_or_refuse(change, done=saved, refused=refused)


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """The link sent to a woman with an account whom a leader added: she agrees, or not
    (no sign-in needed: the link reached her phone)."""
    invitation = read_invitation(token)
    group = queries.get_group(invitation[0]) if invitation else None
    person = get_user(invitation[1]) if invitation else None
    if group is None or person is None:
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        # The page itself then says she is a member (once: no flash saying it again).
        def joined(_result: object):
            return redirect(url_for("shg.join", token=token), 303)

        return commit_or_refuse(lambda: services.join_group(group, person), done=joined,
                                refused=flash_refusal(lambda error: (render_template(
                                    "shg/join.html", group=group, form=form,
                                    member=False), error.status)))
    return render_template("shg/join.html", group=group, form=form,
                           member=services.is_member_of(person, group))
