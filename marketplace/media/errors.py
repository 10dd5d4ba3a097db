"""What the photo pipeline refuses, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class ImageError(ErrorCode):
    IMAGE_MISSING = "image_missing", _l("Choose a photo.")
    IMAGE_TOO_LARGE = "image_too_large", _l("The photo file is too large. Send one under 8 MB.")
    IMAGE_TYPE = "image_type", _l("Send a photo in JPEG, PNG or WebP format.")
    IMAGE_UNREADABLE = "image_unreadable", _l("This photo could not be read. Take or choose it "
                                              "again.")
    IMAGE_TOO_MANY_PIXELS = "image_too_many_pixels", _l("The photo is too large in size. Send a "
                                                        "smaller one.")
