"""Panel: the WhatsApp assistant's conversations of the sub-division: those handed to the
office on top; a thread's transcript; staff reply in their own words within WhatsApp's 24
hours, by an approved template after; close gives the conversation back to the assistant."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.chat import staff
from marketplace.chat.models import Conversation
from marketplace.chat.queries import get_conversation, list_conversations, list_thread
from marketplace.chat.templates import TEMPLATES
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.unit_of_work import commit_or_refuse, flash_refusal, flash_then
from marketplace.panel.access import sub_division_scope
from marketplace.panel.forms import StaffReplyForm, TemplateMessageForm

bp = Blueprint("conversations", __name__, url_prefix="/conversations")


@bp.route("")
def index():
    page = paginate(list_conversations(sub_division_scope()),
                    number=parse_page_number(request.args.get("page")), size=30)
    return render_template("panel/conversations.html", page=page)


def _in_scope(conversation_id: int) -> Conversation:
    """The conversation, if it is of the sub-division this person works on (else 404)."""
    conversation = get_conversation(conversation_id)
    scope = sub_division_scope()
    if conversation is None or (scope is not None and conversation.sub_division_id != scope):
        abort(404)
    return conversation


def _page(conversation: Conversation, *, reply_form: StaffReplyForm | None = None,
          template_form: TemplateMessageForm | None = None):
    """The thread and its forms; 400 when a form sent has errors."""
    reply_form = reply_form or StaffReplyForm(formdata=None)
    page = render_template(
        "panel/conversation.html", conversation=conversation,
        thread=list_thread(conversation.phone, sub_division_id=conversation.sub_division_id),
        is_window_open=staff.is_window_open(conversation), reply_form=reply_form,
        template_form=template_form or TemplateMessageForm(formdata=None),
        templates=TEMPLATES.values())
    failed = reply_form.errors or (template_form is not None and template_form.errors)
    return page, 400 if failed else 200


@bp.get("/<int:conversation_id>")
def detail(conversation_id: int):
    return _page(_in_scope(conversation_id))


def _back(conversation: Conversation) -> str:
    return url_for(".detail", conversation_id=conversation.id, _anchor="latest")


@bp.post("/<int:conversation_id>/reply")
def reply(conversation_id: int):
    conversation = _in_scope(conversation_id)
    form = StaffReplyForm()
    if not form.validate_on_submit():
        return _page(conversation, reply_form=form)

    def refused(error: DomainError):
        form.reply.errors = [error.message]
        return _page(conversation, reply_form=form)[0], error.status

    return commit_or_refuse(
        lambda: staff.reply_as_staff(conversation, form.reply.data, actor=current_user),
        done=flash_then(_("Reply sent."), _back(conversation)), refused=refused)


@bp.post("/<int:conversation_id>/template")
def template(conversation_id: int):
    conversation = _in_scope(conversation_id)
    form = TemplateMessageForm()
    if not form.validate_on_submit():
        return _page(conversation, template_form=form)

    def refused(error: DomainError):
        form.template.errors = [error.message]
        return _page(conversation, template_form=form)[0], error.status

    return commit_or_refuse(
        lambda: staff.send_template(conversation, form.template.data or "",
                                    [entry.data or "" for entry in form.values],
                                    actor=current_user),
        done=flash_then(_("Template sent."), _back(conversation)), refused=refused)


@bp.post("/<int:conversation_id>/close")
def close(conversation_id: int):
    conversation = _in_scope(conversation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return commit_or_refuse(
        lambda: staff.close_conversation(conversation, actor=current_user),
        done=flash_then(_("The conversation is back with the assistant."), url_for(".index")),
        refused=flash_refusal(lambda _error: redirect(_back(conversation), 303)))
