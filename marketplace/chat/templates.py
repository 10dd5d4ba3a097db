"""The message templates staff may send when WhatsApp's 24-hour window is shut.

WhatsApp sends a business's message outside 24 hours of the person's last message only as a
template approved beforehand in WhatsApp Manager, by name and language, with its blanks
({{1}}, {{2}}) filled in. The text here must be the approved text, word for word: register
each one there under this name (README: "Connecting a real WhatsApp Business number").
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

#: a blank's longest value (Meta allows more; a name or a day is short)
VALUE_LIMIT = 60


@dataclass(frozen=True)
class Template:
    name: str
    #: {language: the approved text with its blanks}
    texts: dict[str, str]
    #: what each blank holds, in order (the form's labels)
    blanks: tuple

    def text(self, language: str, values: list[str]) -> str:
        """The message as the resident reads it."""
        text = self.texts[language]
        for number, value in enumerate(values, start=1):
            text = text.replace(f"{{{{{number}}}}}", value)
        return text

    def payload(self, language: str, values: list[str]) -> dict:
        """The Cloud API message that sends it."""
        return {"type": "template", "template": {
            "name": self.name, "language": {"code": language},
            "components": [{"type": "body", "parameters": [
                {"type": "text", "text": value} for value in values]}] if values else []}}


TEMPLATES = {template.name: template for template in (
    Template("office_reply", {
        "en": "Namaste {{1}}. The Swarozgar office has an answer to your message. Reply to this "
              "message to read it and go on with the chat.",
        "hi": "नमस्ते {{1}}। स्वरोज़गार कार्यालय के पास आपके संदेश का उत्तर है। उसे पढ़ने और "
              "बातचीत जारी रखने के लिए इस संदेश का जवाब दें।",
    }, (_l("The resident's name"),)),
    Template("office_callback", {
        "en": "Namaste. The Swarozgar office will call you about {{1}} on {{2}}. Reply to this "
              "message if another time suits you better.",
        "hi": "नमस्ते। स्वरोज़गार कार्यालय आपको {{1}} के बारे में {{2}} को फ़ोन करेगा। कोई और समय "
              "ठीक हो तो इस संदेश का जवाब दें।",
    }, (_l("What about"), _l("Which day"))),
)}
