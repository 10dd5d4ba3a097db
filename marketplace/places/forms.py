"""Choices of places for forms, in the visitor's language."""

from __future__ import annotations

from flask_babel import get_locale
from wtforms.fields.choices import SelectChoice

from marketplace.core.i18n import localized
from marketplace.extensions import db
from marketplace.places.queries import list_villages


def village_choices(sub_division_id: int) -> list[SelectChoice]:
    locale = str(get_locale())
    return [SelectChoice(v.id, localized(v, "name", locale))
            for v in db.session.scalars(list_villages(sub_division_id))]
