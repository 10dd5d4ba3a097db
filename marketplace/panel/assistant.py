"""Panel: "try the assistant" (admins): a phone-shaped chat that sends a pretend resident's
messages to the real WhatsApp webhook, signed as Meta signs them, and shows the replies the
outbox holds, buttons and lists included. No Meta account is needed."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from marketplace.chat.cloud_api import choices_in
from marketplace.chat.queries import get_number_of, list_thread
from marketplace.chat.simulator import is_assistant_on, simulate_message
from marketplace.core.phone import try_normalize_phone
from marketplace.panel.access import require_admin, working_sub_division
from marketplace.panel.forms import AssistantMessageForm

bp = Blueprint("assistant", __name__, url_prefix="/assistant")


@bp.before_request
def admins_only():
    require_admin()


def _render(form: AssistantMessageForm, phone: str | None, *, status: int = 200):
    sub_division = working_sub_division()
    thread = list_thread(phone) if phone else []
    last_reply = next((said for said in reversed(thread) if not said.is_inbound), None)
    return render_template(
        "panel/assistant.html", form=form, phone=phone, thread=thread,
        choices=choices_in(last_reply.payload) if last_reply else [],
        is_on=is_assistant_on(), is_reachable=get_number_of(sub_division) is not None,
        sub_division=sub_division), status


@bp.get("")
def index():
    phone = try_normalize_phone(request.args.get("phone", "")[:25])
    return _render(AssistantMessageForm(phone=phone or ""), phone)


@bp.post("")
def send():
    form = AssistantMessageForm()
    number = get_number_of(working_sub_division())
    if not form.validate_on_submit():
        return _render(form, form.phone.e164, status=400)
    if not is_assistant_on() or number is None:
        return _render(form, form.phone.e164, status=409)
    simulate_message(form.phone.e164, text=form.text.data, choice=form.chosen(),
                     phone_number_id=number)
    return redirect(url_for(".index", phone=form.phone.e164, _anchor="latest"), 303)
