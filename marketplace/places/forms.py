"""Choices of places for forms, in the visitor's language."""

from __future__ import annotations

from flask_babel import get_locale
from wtforms.fields.choices import SelectChoice

from marketplace.core.i18n import localized
from marketplace.places import reference


def village_choices(sub_division_id: int) -> list[SelectChoice]:
    """The sub-division's villages by name (from the kept reference copy: no query)."""
    locale = str(get_locale())
    return [SelectChoice(v.id, localized(v, "name", locale))
            for v in reference.villages(sub_division_id)]
