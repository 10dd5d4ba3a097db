"""The photo field every upload form uses, and the words for each refusal."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField

ACCEPT = "image/jpeg,image/png,image/webp"


class ImageField(FileField):
    """A photo from the phone's camera or gallery; checked by media.services.store_image."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"accept": ACCEPT})
        super().__init__(label or _l("Photo"), validators, **kwargs)


def image_error_message(code: str) -> str:
    messages = {
        "image_missing": gettext("Choose a photo."),
        "image_too_large": gettext("The photo file is too large. Send one under 8 MB."),
        "image_type": gettext("Send a photo in JPEG, PNG or WebP format."),
        "image_unreadable": gettext("This photo could not be read. Take or choose it again."),
        "image_too_many_pixels": gettext("The photo is too large in size. Send a smaller one."),
    }
    return messages.get(code, messages["image_type"])
