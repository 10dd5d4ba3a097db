"""Choices of places for forms, in the visitor's language."""

from __future__ import annotations

from flask import session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from marketplace.core.forms import named_choices
from marketplace.places import reference

#: the session's note of the village a signed-in person last searched near
SEARCHED_VILLAGE = "searched_village_id"


def _coordinate(text: str | None, low: float, high: float) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if low <= value <= high else None


def position_from(latitude: str | None, longitude: str | None) -> tuple[float, float] | None:
    """A place the browser gave ("use my location"), read leniently: anything that is not a
    latitude and a longitude in degrees is no place (the page lists as without one)."""
    lat, lng = _coordinate(latitude, -90, 90), _coordinate(longitude, -180, 180)
    return (lat, lng) if lat is not None and lng is not None else None


def village_choices(sub_division_id: int, *, to_choose: bool = False) -> list[SelectChoice]:
    """The villages and wards of a sub-division by name; `to_choose` puts "Choose…" first, so
    that a form with nothing to offer makes the person choose rather than take the first."""
    locale = str(get_locale())
    first = [SelectChoice("", _l("Choose the village or ward"))] if to_choose else []
    return first + named_choices(reference.villages(sub_division_id), locale)  # kept: no query


def remember_searched_village(user, village_id: int | None) -> None:
    """Note the village a signed-in person searched near (a visitor's search is a cached page
    and writes no cookie)."""
    if village_id and user.is_authenticated:
        session[SEARCHED_VILLAGE] = village_id


def preferred_village_id(user, choices: list[SelectChoice]) -> int | None:
    """The village a delivery or booking form offers: the one this person last searched near,
    else where they were last served; None (they choose) when neither is among `choices`."""
    offered = {choice.value for choice in choices}
    for village_id in (session.get(SEARCHED_VILLAGE), getattr(user, "last_village_id", None)):
        if village_id in offered:
            return village_id
    return None


def offer_last_address(form, user) -> None:
    """Fill a delivery or booking form's village (and, where it is theirs, the address) with
    what this person most likely wants."""
    form.village.data = preferred_village_id(user, form.village.choices)
    if form.village.data is not None and form.village.data == user.last_village_id:
        form.address.data = user.last_address
