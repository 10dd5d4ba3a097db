"""The photo fields every upload form uses (their refusals: media.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField

# Naming the types (not "image/*") makes iPhones hand over a JPEG instead of HEIC.
ACCEPT = "image/jpeg,image/png,image/webp"


class ImageField(FileField):
    """A photo from the phone's camera or gallery; checked by media.services.store_image.

    capture=None (the default) lets the phone offer camera *and* gallery; "environment"
    (back camera) or "user" (selfie) opens the camera straight away, but then many Android
    browsers offer no gallery, so use it only where a fresh photo is the point.
    """

    def __init__(self, label=None, validators=None, *, capture: str | None = None, **kwargs):
        render_kw = {"accept": ACCEPT, **(kwargs.pop("render_kw", None) or {})}
        if capture:
            render_kw["capture"] = capture
        super().__init__(label or _l("Photo"), validators, render_kw=render_kw, **kwargs)


class ImagesField(MultipleFileField):
    """Several photos at once (the phone's gallery lets one pick many)."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"accept": ACCEPT, "multiple": True, **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label or _l("Photos"), validators, render_kw=render_kw, **kwargs)
