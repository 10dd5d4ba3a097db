"""Words for weekdays (what slots and charges refuse: delivery.errors)."""

from flask_babel import lazy_gettext as _l

#: ISO weekday digit → short name, Monday first
WEEKDAY_LABELS = {
    "1": _l("Mon"),
    "2": _l("Tue"),
    "3": _l("Wed"),
    "4": _l("Thu"),
    "5": _l("Fri"),
    "6": _l("Sat"),
    "7": _l("Sun"),
}

