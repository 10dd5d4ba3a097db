"""One description of a reply, rendered twice: as a WhatsApp interactive message (reply
buttons or a list) and as plain numbered text (SMS-like channels, tests, the outbox body).

The numbers of the text and the ids of the buttons/rows name the same options in the same
order, so a resident may answer either way (chat/conversation.py reads both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: WhatsApp's limits (Cloud API, interactive messages)
MAX_ROWS = 10
MAX_BUTTONS = 3
ROW_TITLE = 24
ROW_DESCRIPTION = 72
BUTTON_TITLE = 20
LIST_BUTTON = 20
INTERACTIVE_BODY = 1024
TEXT_BODY = 4096


@dataclass(frozen=True)
class Option:
    """One choice: `id` is ours (e.g. "cat:4"), the title and description the resident's."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Reply:
    """What the assistant says: words, then up to MAX_ROWS options to choose from."""

    text: str
    options: tuple[Option, ...] = field(default_factory=tuple)
    #: the label of the list's button ("Choose")
    button: str = ""
    #: a line under the options in the numbered text (how to answer)
    footer: str = ""

    def __post_init__(self) -> None:
        if len(self.options) > MAX_ROWS:
            raise ValueError(f"a reply offers at most {MAX_ROWS} options")


def prefixed(text: str, reply: Reply) -> Reply:
    """`reply` with `text` as a paragraph before its words (an apology, a note)."""
    return Reply(text=f"{text}\n\n{reply.text}", options=reply.options, button=reply.button,
                 footer=reply.footer)


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, an ellipsis marking a cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def numbered_text(reply: Reply) -> str:
    """The reply as plain text: the words, then "1. Title – description" per option."""
    lines = [reply.text]
    if reply.options:
        lines.append("")
        for number, option in enumerate(reply.options, start=1):
            detail = f" – {option.description}" if option.description else ""
            lines.append(f"{number}. {option.title}{detail}")
    if reply.footer:
        lines += ["", reply.footer]
    return "\n".join(lines)[:TEXT_BODY]


def _buttons(reply: Reply) -> dict:
    return {"type": "button", "body": {"text": cut_body(reply.text)},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": option.id, "title": option.title}}
                for option in reply.options]}}


def _list(reply: Reply) -> dict:
    rows = []
    for option in reply.options:
        row = {"id": option.id, "title": cut(option.title, ROW_TITLE)}
        if option.description:
            row["description"] = cut(option.description, ROW_DESCRIPTION)
        rows.append(row)
    return {"type": "list", "body": {"text": cut_body(reply.text)},
            "action": {"button": cut(reply.button or "☰", LIST_BUTTON),
                       "sections": [{"rows": rows}]}}


def cut_body(text: str) -> str:
    return text if len(text) <= INTERACTIVE_BODY else text[:INTERACTIVE_BODY - 1] + "…"


def interactive_payload(reply: Reply) -> dict | None:
    """The Cloud API message (its `type` and content; the channel adds `to`) for a reply
    with options: reply buttons when there are at most three, each title fitting whole,
    else a list. None for a reply without options (it goes as text)."""
    if not reply.options:
        return None
    fits_buttons = (len(reply.options) <= MAX_BUTTONS and not any(
        option.description or len(option.title) > BUTTON_TITLE for option in reply.options))
    return {"type": "interactive",
            "interactive": _buttons(reply) if fits_buttons else _list(reply)}
