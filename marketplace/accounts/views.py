"""Sign up, sign in (with a second factor for staff), sign out, profile and passwords."""

from __future__ import annotations

import hmac
import secrets

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from marketplace.accounts import services
from marketplace.accounts.codes import CodeCheck
from marketplace.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    ForgotPasswordForm,
    ProfileForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
)
from marketplace.accounts.labels import ROLE_LABELS
from marketplace.accounts.models import Role
from marketplace.accounts.queries import get_user_by_phone
from marketplace.core.errors import DomainError, InvalidInput
from marketplace.core.forms import EmptyForm
from marketplace.core.i18n import keep_language_across_sign_in
from marketplace.core.phone import display_phone
from marketplace.core.ratelimit import (
    count_failed_sign_in,
    limit_code_checks,
    limit_code_requests,
    limit_second_factor_checks,
    limit_second_factor_requests,
    limit_sign_in,
    sign_in_needs_code,
)
from marketplace.core.security import no_referrer, role_may_open, safe_next
from marketplace.core.unit_of_work import commit_or_refuse, flash_then, form_page
from marketplace.extensions import db

bp = Blueprint("accounts", __name__)


def _code_error(result: CodeCheck) -> str:
    if result is CodeCheck.TOO_MANY_TRIES:
        return _("Too many wrong tries for this code. Ask for a new code.")
    return _("The code is wrong or has expired. Check the message or ask for a new code.")


#: what a visitor chose before signing in and keeps after: the language and the cart
CARRIED_ACROSS_SIGN_IN = ("lang", "cart_token")


def _sign_in(user) -> None:
    """Start a fresh session (no fixation) that keeps the visitor's language and cart."""
    carried = {key: session[key] for key in CARRIED_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(carried)
    session.permanent = True
    login_user(user)
    keep_language_across_sign_in(user)


@bp.route("/signup", methods=["GET", "POST"])
@limit_code_requests
def sign_up():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        def refused(error: DomainError):
            form.name.errors.append(error.message)
            return render_template("accounts/sign_up.html", form=form), 400

        def code_sent(_result: object):
            session["pending_phone"] = form.phone.e164
            session["lang"] = form.language.data
            flash(_("We have sent a 6-digit code to %(phone)s.",
                    phone=display_phone(form.phone.e164)), "info")
            return redirect(url_for("accounts.sign_up_verify"))

        return commit_or_refuse(lambda: services.start_sign_up(
            phone=form.phone.e164, name=form.name.data, password=form.password.data,
            language=form.language.data), done=code_sent, refused=refused)
    return form_page("accounts/sign_up.html", form)


@bp.route("/signup/verify", methods=["GET", "POST"])
@limit_code_checks
def sign_up_verify():
    phone = session.get("pending_phone")
    if not phone:
        return redirect(url_for("accounts.sign_up"))
    form = CodeForm()
    if form.validate_on_submit():
        result, user = services.complete_sign_up(phone=phone, code=form.code.data)
        db.session.commit()
        if result is CodeCheck.OK:
            _sign_in(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
            return redirect(url_for("main.home"))
        form.code.errors.append(_code_error(result))
    return form_page("accounts/verify_code.html", form, phone=phone, purpose="sign_up")


#: where each role lands after signing in, unless a page sent them to sign in: its own home
#: (residents: the site's)
START_PAGES = {Role.STAFF: "panel.home", Role.ADMIN: "panel.home",
               Role.DELIVERY: "fulfilment.index", Role.SHG_MEMBER: "orders.packing",
               Role.WORKER: "workers.dashboard", Role.OPERATOR: "workers.assisted_new"}


def _start_page(user) -> str:
    return url_for(START_PAGES.get(user.role, "main.home"))


def _after_sign_in(user, next_url: str | None) -> str:
    """The page that sent them to sign in, if their role may open it; else their own home."""
    target = safe_next(next_url, "")
    if target and role_may_open(target, user.role.value):
        return target
    return _start_page(user)


@bp.route("/signin", methods=["GET", "POST"])
@limit_sign_in
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    next_url = safe_next(request.values.get("next"), "")
    if form.validate_on_submit():
        phone = form.phone.e164
        needs_code = sign_in_needs_code(phone)
        try:
            user = services.authenticate(phone=phone, password=form.password.data)
        except InvalidInput as error:
            count_failed_sign_in(phone)
            if needs_code:  # the same answer as for the right password: nothing to learn
                return _ask_for_code(phone, None, next_url, challenged=True)
            form.password.errors.append(error.message)
        else:
            if needs_code or user.needs_second_factor:
                return _ask_for_code(phone, user, next_url, challenged=needs_code)
            services.record_sign_in(user)
            db.session.commit()
            _sign_in(user)
            return redirect(_after_sign_in(user, next_url))
    return form_page("accounts/sign_in.html", form, next_url=next_url)


def _ask_for_code(phone: str, user, next_url: str, *, challenged: bool):
    """Go on to the code page. `user` is None when the password was wrong (only for a number
    past its ceiling): then no code is sent, and the session looks the same either way."""
    nonce = secrets.token_urlsafe(16)
    if user is not None:
        services.start_second_factor(user, nonce)
        db.session.commit()
        proof = services.password_proof(user, nonce)
    else:
        proof = services.no_password_proof()
    session["pending_second_factor"] = {"phone": phone, "nonce": nonce, "proof": proof,
                                        "next": next_url}
    session["pending_phone"] = phone
    if challenged:
        flash(_("Many wrong passwords were tried for this number, so a code is needed too. "
                "If the password was right, we have sent a sign-in code to the mobile."), "info")
    else:
        flash(_("We have sent a sign-in code to your mobile."), "info")
    return redirect(url_for("accounts.second_factor"))


def _pending_second_factor():
    """(pending attempt or None, its account if the password was right, else None)."""
    pending = session.get("pending_second_factor") or {}
    if not all(isinstance(pending.get(key), str) for key in ("phone", "nonce", "proof")):
        return None, None
    user = get_user_by_phone(pending["phone"])
    if user is None or not user.is_active or not hmac.compare_digest(
            pending["proof"], services.password_proof(user, pending["nonce"])):
        return pending, None
    return pending, user


@bp.route("/signin/verify", methods=["GET", "POST"])
@limit_second_factor_checks
def second_factor():
    pending, user = _pending_second_factor()
    if pending is None:
        return redirect(url_for("accounts.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        result = CodeCheck.WRONG
        if user is not None:
            result = services.complete_second_factor(user, form.code.data, pending["nonce"])
            if result is CodeCheck.OK:
                services.record_sign_in(user)
            db.session.commit()
        if result is CodeCheck.OK:
            _sign_in(user)
            return redirect(_after_sign_in(user, pending.get("next")))
        form.code.errors.append(_code_error(result))
    return form_page("accounts/verify_code.html", form, phone=pending["phone"], purpose="sign_in",
                     resend_form=EmptyForm())


@bp.route("/signin/verify/resend", methods=["POST"])
@limit_second_factor_requests
def resend_second_factor():
    pending, user = _pending_second_factor()
    if pending is None or not EmptyForm().validate_on_submit():
        return redirect(url_for("accounts.sign_in"))
    if user is not None:  # a wrong password's attempt gets the same answer and no message
        services.start_second_factor(user, pending["nonce"])
        db.session.commit()
    flash(_("We have sent a new code."), "info")
    return redirect(url_for("accounts.second_factor"))


@bp.route("/signout", methods=["POST"])
@login_required
def sign_out():
    if EmptyForm().validate_on_submit():
        services.end_all_sessions(current_user)
        db.session.commit()
        logout_user()
        session.pop("pending_phone", None)
        flash(_("You have signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@no_referrer
@limit_code_requests
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.phone.e164)
        db.session.commit()
        session["pending_phone"] = form.phone.e164
        # The same words whether or not the number has an account.
        flash(_("If this number has an account, we have sent it a 6-digit code."), "info")
        return redirect(url_for("accounts.reset_password"))
    return form_page("accounts/forgot_password.html", form)


@bp.route("/password/reset", methods=["GET", "POST"])
@no_referrer
@limit_code_checks
def reset_password():
    phone = session.get("pending_phone")
    if not phone:
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        result = services.reset_password(phone=phone, code=form.code.data,
                                         new_password=form.password.data)
        db.session.commit()
        if result is CodeCheck.OK:
            session.pop("pending_phone", None)
            if current_user.is_authenticated:
                logout_user()
            flash(_("Your password is changed. Sign in with the new password."), "success")
            return redirect(url_for("accounts.sign_in"))
        form.code.errors.append(_code_error(result))
    return form_page("accounts/reset_password.html", form, phone=phone)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, language=current_user.preferred_language)
    if form.validate_on_submit():
        def refused(error: DomainError):
            form.name.errors.append(error.message)
            return render_template("accounts/profile.html", form=form,
                                   role_label=ROLE_LABELS[current_user.role]), 400

        saved = flash_then(_("Your details are saved."), url_for("accounts.profile"))

        def change() -> None:
            services.update_profile(current_user, name=form.name.data,
                                    language=form.language.data)
            session["lang"] = form.language.data  # the pages follow the account's new choice

        return commit_or_refuse(change, done=saved, refused=refused)
    return form_page("accounts/profile.html", form, role_label=ROLE_LABELS[current_user.role])


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        def refused(error: DomainError):
            form.current_password.errors.append(error.message)
            return render_template("accounts/change_password.html", form=form), 400

        def changed(_result: object):
            # This device stays signed in under the new session token; all others are out.
            _sign_in(current_user._get_current_object())
            flash(_("Your password is changed. Other devices have been signed out."), "success")
            return redirect(url_for("accounts.profile"))

        return commit_or_refuse(lambda: services.change_password(
            current_user, current_password=form.current_password.data,
            new_password=form.password.data), done=changed, refused=refused)
    return form_page("accounts/change_password.html", form)
