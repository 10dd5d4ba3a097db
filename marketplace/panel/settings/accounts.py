"""Settings: the team's accounts. Admins make staff, operators, delivery people and admins
anywhere; staff make and switch off the delivery accounts of their own sub-division."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.errors import AccountError
from marketplace.accounts.labels import ROLE_LABELS
from marketplace.accounts.models import Role, User
from marketplace.accounts.queries import get_user, list_users
from marketplace.accounts.services import (
    TEAM_ROLES,
    add_team_account,
    may_manage_account,
    set_account_active,
)
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm, named_choices
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.text import whole_number
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.extensions import db
from marketplace.panel.access import working_sub_division
from marketplace.panel.settings import bp
from marketplace.panel.settings.forms import AccountForm
from marketplace.places.models import SubDivision
from marketplace.places.queries import get_sub_division, list_sub_divisions

#: the field of the account form under which each refusal is shown (also on onboarding's page)
ACCOUNT_ERROR_FIELDS = {
    AccountError.PHONE_TAKEN: "phone", AccountError.ROLE: "role",
    AccountError.ACCOUNT_ROLE: "role", AccountError.SUB_DIVISION_FOR_ROLE: "sub_division",
    AccountError.LANGUAGE: "language", AccountError.PASSWORD_TOO_SHORT: "password",
    AccountError.PASSWORD_TOO_LONG: "password"}


def _is_admin() -> bool:
    return current_user.role is Role.ADMIN


def _allowed_roles() -> list[Role]:
    return list(TEAM_ROLES) if _is_admin() else [Role.DELIVERY]


def _shown_sub_division(raw: str | None = None) -> SubDivision:
    """Staff: their own. Admins: the one asked for (?sub_division=), else the first."""
    if not _is_admin():
        return current_user.sub_division
    if raw:
        chosen = whole_number(raw)
        if chosen is None:
            abort(404)
        return get_sub_division(chosen) or abort(404)
    return working_sub_division()


def _fill(form: AccountForm, *, roles: list[Role], sub_divisions: list[SubDivision]) -> None:
    form.role.choices = [(role.value, ROLE_LABELS[role]) for role in roles]
    form.sub_division.choices = named_choices(sub_divisions, str(get_locale()))


def _page(sub_division: SubDivision, form: AccountForm | None = None, status: int = 200):
    sub_divisions = db.session.scalars(list_sub_divisions()).all() if _is_admin() else []
    if form is None:
        form = AccountForm(formdata=None, data={"role": Role.DELIVERY.value,
                                                "sub_division": sub_division.id})
    _fill(form, roles=_allowed_roles(), sub_divisions=sub_divisions)
    page = paginate(list_users(sub_division_id=sub_division.id),
                    number=parse_page_number(request.args.get("page")), size=50)
    admins = db.session.scalars(list_users(role=Role.ADMIN)).all() if _is_admin() else []
    manage = {user.id: may_manage_account(current_user, user)
              for user in [*page.items, *admins]}
    return render_template(
        "panel/settings_accounts.html", sub_division=sub_division, page=page, admins=admins,
        sub_divisions=sub_divisions, manage=manage, form=form, button=EmptyForm(),
        role_labels=ROLE_LABELS, is_admin=_is_admin()), status


@bp.route("/accounts")
def accounts():
    return _page(_shown_sub_division(request.args.get("sub_division")))


@bp.route("/accounts", methods=["POST"])
def add_account():
    form = AccountForm()
    # Every team role passes the form, so that a role beyond one's rights is refused (403)
    # by the service rather than reported as a bad choice.
    sub_divisions = db.session.scalars(list_sub_divisions()).all() if _is_admin() else []
    _fill(form, roles=list(TEAM_ROLES), sub_divisions=sub_divisions)
    shown = _shown_sub_division()
    if not form.validate_on_submit():
        return _page(shown, form, 400)
    role = Role(form.role.data)
    if role is Role.ADMIN:
        sub_division = None
    elif _is_admin():
        sub_division = get_sub_division(form.sub_division.data or 0)
        if sub_division is None:
            form.sub_division.errors = [str(AccountError.SUB_DIVISION_FOR_ROLE.message)]
            return _page(shown, form, 400)
        shown = sub_division
    else:
        sub_division = current_user.sub_division

    def refused(error: DomainError):
        field = getattr(form, ACCOUNT_ERROR_FIELDS.get(error.code, "name"))
        field.errors = [*field.errors, error.message]
        return _page(shown, form, error.status)

    def made(user: User):
        flash(_("Account made for %(name)s; they have been sent a message.", name=user.name),
              "success")
        return redirect(url_for(".accounts", sub_division=user.sub_division_id), 303)

    return commit_or_refuse(lambda: add_team_account(
        phone=form.phone.e164, name=form.name.data, password=form.password.data, role=role,
        sub_division=sub_division, language=form.language.data, actor=current_user),
        done=made, refused=refused)


def _switch(user_id: int, *, active: bool):
    user = get_user(user_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def refused(error: DomainError):
        if error.status == 403:
            abort(403)
        flash(error.message, "error")
        return _page(_shown_sub_division(str(user.sub_division_id or "")), status=error.status)

    def switched(_result: object):
        if active:
            flash(_("%(name)s can sign in again.", name=user.name), "success")
        else:
            flash(_("%(name)s is switched off and signed out everywhere.", name=user.name),
                  "success")
        return redirect(url_for(".accounts", sub_division=user.sub_division_id), 303)

    return commit_or_refuse(lambda: set_account_active(user, active=active, actor=current_user),
                            done=switched, refused=refused)


@bp.route("/accounts/<int:user_id>/deactivate", methods=["POST"])
def deactivate_account(user_id: int):
    return _switch(user_id, active=False)


@bp.route("/accounts/<int:user_id>/reactivate", methods=["POST"])
def reactivate_account(user_id: int):
    return _switch(user_id, active=True)
