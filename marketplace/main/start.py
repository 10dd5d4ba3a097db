"""The start page's list: every sub-division under its state and district, found by name in
either script, nearest first when the browser gave a place."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import request
from flask_babel import get_locale

from marketplace.core.i18n import localized
from marketplace.core.text import search_key
from marketplace.places import reference
from marketplace.places.forms import position_from
from marketplace.workers.queries import distance_km

#: the longest search the start page reads
QUERY_LIMIT = 60


@dataclass
class District:
    name: str
    sub_divisions: list[sa.Row] = field(default_factory=list)


@dataclass
class State:
    name: str
    districts: dict[str, District] = field(default_factory=dict)


def _matches(row: sa.Row, key: str) -> bool:
    names = " ".join((row.name_en, row.name_hi, row.district_en, row.district_hi,
                      row.state_en, row.state_hi))
    return key in search_key(names)


def start_page(query: str) -> dict:
    """What main/start.html shows: states → districts → sub-divisions (those matching the
    query), and, given a place, the nearest few."""
    query = " ".join(query.split())[:QUERY_LIMIT]
    key = search_key(query)
    locale = str(get_locale())
    shown = [row for row in reference.sub_divisions() if not key or _matches(row, key)]
    states: dict[str, State] = {}
    for row in sorted(shown, key=lambda r: (localized(r, "state", locale),
                                            localized(r, "district", locale),
                                            localized(r, "name", locale))):
        state = states.setdefault(row.state_en, State(localized(row, "state", locale)))
        state.districts.setdefault(row.district_en, District(
            localized(row, "district", locale))).sub_divisions.append(row)
    here = position_from(request.args.get("lat"), request.args.get("lng"))
    centres = reference.centres()
    nearest = sorted((row for row in shown if row.id in centres),
                     key=lambda row: distance_km(here, centres[row.id]))[:3] if here else []
    return {"query": query, "states": list(states.values()), "nearest": nearest,
            "found": len(shown), "total": len(reference.sub_divisions())}
