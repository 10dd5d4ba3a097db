"""Authorization rows for the assistant's conversations: the panel, each staff member within
their own sub-division (another's conversation is 404)."""

from __future__ import annotations

from marketplace.chat.models import Conversation
from marketplace.core.db import utcnow
from marketplace.extensions import db
from tests.access.roles import PANEL, by_role

_OWN = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}
# An empty form: as far as the form's check for those who may; 404 for other sub-divisions.
_OWN_FORM = {**by_role(302, {"staff", "admin"}, allowed_status=400), "staff_elsewhere": 404}

ACCESS = {
    "panel.conversations.index": ("GET", "/panel/conversations", by_role(302, PANEL)),
    "panel.conversations.detail": ("GET", "/panel/conversations/{conversation}", _OWN),
    "panel.conversations.reply": ("POST", "/panel/conversations/{conversation}/reply",
                                  _OWN_FORM),
    "panel.conversations.template": ("POST", "/panel/conversations/{conversation}/template",
                                     _OWN_FORM),
    # Not handed to the office: closing changes nothing, and goes back to the list.
    "panel.conversations.close": ("POST", "/panel/conversations/{conversation}/close",
                                  {**by_role(302, {"staff", "admin"}, allowed_status=303),
                                   "staff_elsewhere": 404}),
}


def add_ids(ids, *, nadaun, **_world):
    conversation = Conversation(sub_division_id=nadaun.id, phone="+919816099001",
                                language="hi", step="menu", data={},
                                last_message_at=utcnow())
    db.session.add(conversation)
    db.session.flush()
    ids["conversation"] = conversation.id
