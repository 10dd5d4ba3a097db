"""What the assistant answers a message with. For now one menu hint in the sender's language;
the conversation engine takes this module's place and answers step by step."""

from __future__ import annotations

from marketplace.chat.models import InboundMessage
from marketplace.notify.models import OutboxMessage, Via
from marketplace.notify.services import queue_message


def answer(message: InboundMessage, *, held_aadhaar: bool) -> OutboxMessage:
    """Queue the reply to a newly recorded message (flushes; sent after the commit).

    A message that held an Aadhaar number is told it was not kept, then given the menu."""
    kind = "chat_aadhaar_not_kept" if held_aadhaar else "chat_menu"
    return queue_message(message.from_phone, kind, language=message.language,
                         sub_division_id=message.sub_division_id, via=Via.WHATSAPP)
