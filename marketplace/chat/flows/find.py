"""Find a worker: the kind of work → the village or ward (a name in either script, a shared
location pin, or the sender's own address) → the five nearest approved, available workers.
Work and place may come in one message ("plumber Amtar"), or the place first (flows.words).
Uses the directory's own search, synonyms and transliteration (workers.queries)."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.chat.flows.base import Said, Turn, menu_option, office_option, step, with_options
from marketplace.chat.flows.words import read_wanted
from marketplace.chat.render import MAX_ROWS, Option, Reply, prefixed
from marketplace.core.i18n import localized
from marketplace.core.money import format_rupees
from marketplace.extensions import db
from marketplace.places import reference as places
from marketplace.places.queries import get_sub_division
from marketplace.workers import reference
from marketplace.workers.cards import worker_cards
from marketplace.workers.queries import (
    WorkerFilters,
    count_available_by_category,
    distance_km,
    search_workers,
)

#: how many workers a search shows
NEAREST = 5
#: a pin farther than this from every village of the sub-division is outside it
FAR_KM = 25.0


def _category_name(turn: Turn, category_id: int | None) -> str:
    row = next((r for r in reference.categories() if r.id == category_id), None)
    return localized(row, "name", turn.language) if row is not None else ""


def ask_category(turn: Turn) -> Reply:
    """The kinds of work with the most available workers first (a list has ten rows)."""
    counts = count_available_by_category(turn.sub_division_id, turn.today)
    rows = sorted(reference.categories(), key=lambda row: -counts.get(row.id, 0))
    options = [Option(f"cat:{row.id}", localized(row, "name", turn.language),
                      _("%(count)s available", count=counts[row.id]) if counts.get(row.id)
                      else "")
               for row in rows[:MAX_ROWS - 1]]
    place = _remembered_place(turn)
    question = (_("What kind of work do you need done in %(place)s? Choose one, or type it in "
                  "your own words (for example: plumber, नल वाला, bijli).",
                  place=localized(place, "name", turn.language)) if place is not None
                else _("What kind of work do you need done? Choose one, or type it in your own "
                       "words (for example: plumber, नल वाला, bijli)."))
    return with_options(question, *options, menu_option())


def _remembered_place(turn: Turn):
    """The one village the sender named before the work, if one was (not several alike)."""
    named = turn.data.get("places") or ()
    if len(named) != 1:
        return None
    return next((row for row in places.villages(turn.sub_division_id) if row.id == named[0]),
                None)


@step("find.category", ask_category)
def answer_category(turn: Turn, said: Said) -> Reply | None:
    """A kind of work, chosen or in words (with the place, perhaps); the place said before
    it is remembered (`places`)."""
    remembered = tuple(turn.data.get("places") or ())
    if said.choice and said.choice.startswith("cat:"):
        return find_near(turn, int(said.choice[4:]), remembered)
    return find_by_words(turn, said, remembered=remembered)


def find_by_words(turn: Turn, said: Said, *, remembered: tuple[int, ...] = ()) -> Reply | None:
    """Free words naming the work, the place or both ("plumber Amtar", "अमतर में बिजली
    वाला"): the workers near that place at once; the question where (saying so when the
    words held something else that may be a place); for a place alone, the question of the
    work, the place remembered. None when the words name neither."""
    wanted = read_wanted(turn.sub_division_id, said)
    if wanted.category_id is None:
        return turn.go("find.category", places=list(wanted.village_ids)) if (
            wanted.village_ids) else None
    where = wanted.village_ids or remembered
    reply = find_near(turn, wanted.category_id, where)
    if wanted.unknown and not where:
        return prefixed(_("I found no village or ward of %(place)s in your message.",
                          place=_sub_division_name(turn)), reply)
    return reply


def find_near(turn: Turn, category_id: int | None, village_ids) -> Reply:
    """With the work known: the workers near the one village named, the choice when several
    were, else the question where."""
    rows = [row for row in places.villages(turn.sub_division_id) if row.id in village_ids]
    if len(rows) == 1:
        return turn.go("find.workers", category_id=category_id, village_id=rows[0].id,
                       origin=[rows[0].latitude, rows[0].longitude])
    if not rows:
        return turn.go("find.place", category_id=category_id)
    turn.remember(category_id=category_id)
    turn.conversation.step = "find.place"
    return with_options(_("Which one?"), *[
        Option(f"vil:{row.id}", localized(row, "name", turn.language))
        for row in rows[:MAX_ROWS - 1]], menu_option())


def _sub_division_name(turn: Turn) -> str:
    return localized(get_sub_division(turn.sub_division_id), "name", turn.language)


def _home_village(turn: Turn):
    """The village of the sender's last order or booking, if it is in this sub-division."""
    village_id = turn.account.last_village_id if turn.account is not None else None
    return next((row for row in places.villages(turn.sub_division_id) if row.id == village_id),
                None)


def ask_place(turn: Turn) -> Reply:
    text = _("Where is the work: %(work)s? Type the name of your village or ward, or share "
             "your location (📎 → Location).", work=_category_name(turn, turn.data.get(
                 "category_id")))
    home = _home_village(turn)
    if home is None:
        return with_options(text, menu_option())
    return with_options(text, Option("place:home", _("Near my address"),
                                     localized(home, "name", turn.language)), menu_option())


@step("find.place", ask_place)
def answer_place(turn: Turn, said: Said) -> Reply | None:
    """A pin, the sender's address, a village chosen, or named in words (the work named
    again with it, perhaps another, counts)."""
    if said.location is not None:
        return _near_pin(turn, said.location, places.villages(turn.sub_division_id))
    category_id = turn.data.get("category_id")
    if said.choice == "place:home":
        home = _home_village(turn)
        return find_near(turn, category_id, (home.id,)) if home is not None else None
    if said.choice and said.choice.startswith("vil:"):
        return find_near(turn, category_id, (int(said.choice[4:]),))
    wanted = read_wanted(turn.sub_division_id, said, place_asked=True)
    if wanted.village_ids:
        return find_near(turn, wanted.category_id or category_id, wanted.village_ids)
    if not said.text:
        return None
    return with_options(_("No village or ward of that name in %(place)s. Type the name "
                          "again, or share your location.", place=_sub_division_name(turn)),
                        menu_option())


def _near_pin(turn: Turn, pin: tuple[float, float], rows) -> Reply:
    """The pin itself is the origin; a pin far from every village is outside the area."""
    nearest = min(rows, key=lambda row: distance_km(pin, (row.latitude, row.longitude)),
                  default=None)
    if nearest is None or distance_km(pin, (nearest.latitude, nearest.longitude)) > FAR_KM:
        return with_options(_("That location is outside %(place)s, which this number serves. "
                              "Type the name of your village or ward instead.",
                              place=_sub_division_name(turn)),
                            menu_option())
    return turn.go("find.workers", village_id=nearest.id, origin=list(pin))


def nearest_workers(turn: Turn) -> list:
    filters = WorkerFilters(sub_division_id=turn.sub_division_id,
                            category_id=turn.data.get("category_id"),
                            origin=tuple(turn.data["origin"]), available_now=True,
                            sort="distance")
    listing = search_workers(filters, today=turn.today)
    return db.session.execute(listing.ordered().limit(NEAREST)).all()


def worker_lines(turn: Turn, workers: list) -> list:
    """Each worker's card as the directory makes it: (id, name, "★ 4.5 (3) · ₹600 per day ·
    1.2 km")."""
    villages = {row.id: row for row in places.villages(turn.sub_division_id)}
    cards = worker_cards(workers, villages=villages, origin=tuple(turn.data["origin"]),
                         today=turn.today, locale=turn.language)
    return [(card.id, card.name, " · ".join(part for part in (
        card.rating, f"{format_rupees(card.rate_paise)} {card.unit}", card.distance or "")
        if part)) for card in cards]


def ask_workers(turn: Turn) -> Reply:
    work = _category_name(turn, turn.data.get("category_id"))
    village = next((row for row in places.villages(turn.sub_division_id)
                    if row.id == turn.data.get("village_id")), None)
    where = localized(village, "name", turn.language) if village is not None else ""
    lines = worker_lines(turn, nearest_workers(turn))
    turn.remember(workers=[worker_id for worker_id, _name, _line in lines])
    if not lines:
        return with_options(_("No %(work)s is available near %(village)s right now.",
                              work=work, village=where),
                            Option("menu:find", _("Other work")), office_option(), menu_option())
    return with_options(
        _("The nearest available (%(work)s, near %(village)s). Choose one to see the phone "
          "number or to book.", work=work, village=where),
        *[Option(f"wrk:{worker_id}", name, line) for worker_id, name, line in lines],
        menu_option())


@step("find.workers", ask_workers)
def answer_workers(turn: Turn, said: Said) -> Reply | None:
    if said.choice and said.choice.startswith("wrk:"):
        worker_id = int(said.choice[4:])
        if worker_id in turn.data.get("workers", []):
            return turn.go("worker", worker_id=worker_id)
    return None

