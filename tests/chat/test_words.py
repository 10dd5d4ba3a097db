"""The work and the place in one message ("plumber Amtar", "अमतर में बिजली वाला"), or the place
before the work: read by chat/flows/words.py, through the signed webhook as a resident sends
them, in English and Hindi."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.chat.models import Conversation
from marketplace.extensions import db
from marketplace.places.models import Village
from marketplace.places.services import ensure_panchayat, ensure_village
from tests.chat.conftest import SENDER, option_ids, say
from tests.helpers import add_village, make_user, make_worker

pytestmark = pytest.mark.usefixtures("assistant")


@pytest.fixture
def amtar(nadaun):
    return add_village(nadaun, "Amtar", 31.7934, 76.3620, name_hi="अमतर")


@pytest.fixture
def ward_7(nadaun):
    return add_village(nadaun, "Ward 7 Amtar Road", 31.7869, 76.3512,
                       name_hi="वार्ड 7 अमतर रोड")


@pytest.fixture
def ward_2(nadaun):
    return add_village(nadaun, "Ward 2 Bus Stand", 31.7798, 76.3478, name_hi="वार्ड 2 बस अड्डा")


@pytest.fixture
def workers(nadaun, amtar, ward_7, ward_2):
    """A plumber and an electrician in Amtar, a plumber in Ward 7 (the default village is
    farther than both)."""
    return {"amtar": make_worker(nadaun, name="Ramesh Kumar", village=amtar),
            "ward 7": make_worker(nadaun, name="Suresh Lal", village=ward_7),
            "electrician": make_worker(nadaun, name="Mohan Electric", category="electrician",
                                       village=amtar)}


def _step() -> str:
    return db.session.scalar(sa.select(Conversation.step).where(Conversation.phone == SENDER))


def _data() -> dict:
    return db.session.scalar(sa.select(Conversation.data).where(Conversation.phone == SENDER))


@pytest.mark.parametrize("typed", ["plumber Amtar", "Amtar plumber", "need a plumber in Amtar",
                                   "nal wala amtar", "PLUMBAR, AMTAR!"])
def test_the_work_and_the_place_in_one_message_list_the_plumbers_there_at_once(
        client, workers, amtar, typed):
    make_user(phone=SENDER, language="en")
    reply = say(client, typed)
    assert _step() == "find.workers"
    assert "The nearest available (Plumber, near Amtar)" in reply.body
    assert option_ids(reply)[:2] == [f"wrk:{workers['amtar'].id}", f"wrk:{workers['ward 7'].id}"]
    assert "Mohan" not in reply.body
    assert _data()["village_id"] == amtar.id


@pytest.mark.parametrize(("typed", "first"), [
    ("प्लंबर अमतर", "amtar"), ("अमतर में बिजली वाला", "electrician"),
    ("मुझे अमतर में नल वाला चाहिए", "amtar")])
def test_the_same_in_hindi(client, workers, typed, first):
    make_user(phone=SENDER, language="hi")
    reply = say(client, typed)
    assert _step() == "find.workers"
    assert "सबसे पास" in reply.body and "अमतर" in reply.body
    assert option_ids(reply)[0] == f"wrk:{workers[first].id}"


def test_a_place_whose_name_holds_a_trade_word_stays_whole(client, workers, ward_7):
    """"Road" folds as "rod" does (a bar bender's word); the ward is named, not Amtar."""
    make_user(phone=SENDER, language="en")
    reply = say(client, "plumber Ward 7 Amtar Road")
    assert "(Plumber, near Ward 7 Amtar Road)" in reply.body
    assert option_ids(reply)[0] == f"wrk:{workers['ward 7'].id}"


@pytest.mark.parametrize(("typed", "language", "said"), [
    ("plumber Atlantis", "en", "I found no village or ward of Nadaun in your message."),
    ("प्लंबर लंदन", "hi", "आपके संदेश में"),
])
def test_the_work_with_a_place_not_known_asks_for_the_place(client, workers, typed, language,
                                                            said):
    make_user(phone=SENDER, language=language)
    reply = say(client, typed)
    assert _step() == "find.place"
    assert reply.body.startswith(said)
    assert "Where is the work: Plumber?" in reply.body or "काम कहाँ" in reply.body


def test_the_work_alone_asks_for_the_place_without_a_note(client, workers):
    make_user(phone=SENDER, language="en")
    reply = say(client, "need a plumber please")
    assert _step() == "find.place"
    assert reply.body.startswith("Where is the work: Plumber?")


@pytest.mark.parametrize(("place", "work"), [("Amtar", "plumber"), ("अमतर", "नल वाला"),
                                             ("in Amtar", "1")])
def test_the_place_alone_asks_the_work_and_remembers_the_place(client, workers, amtar, place,
                                                               work):
    make_user(phone=SENDER, language="en")
    reply = say(client, place)
    assert _step() == "find.category"
    assert "What kind of work do you need done in Amtar?" in reply.body
    if work == "1":  # the list row of plumbers, wherever it stands
        work = str(option_ids(reply).index(f"cat:{workers['amtar'].main_category_id}") + 1)
    reply = say(client, work)
    assert _step() == "find.workers"
    assert "near Amtar" in reply.body
    assert option_ids(reply)[0] == f"wrk:{workers['amtar'].id}"


def test_finding_a_worker_from_the_menu_forgets_a_place_said_before(client, workers):
    make_user(phone=SENDER, language="en")
    say(client, "Amtar")
    say(client, "menu")
    asked = say(client, "1")  # Find a worker
    assert "What kind of work do you need done?" in asked.body
    reply = say(client, "plumber")
    assert _step() == "find.place"
    assert reply.body.startswith("Where is the work: Plumber?")


def test_a_place_begun_by_two_wards_offers_the_choice(client, workers, ward_2, ward_7):
    make_user(phone=SENDER, language="en")
    reply = say(client, "plumber ward")
    assert reply.body.startswith("Which one?")
    assert option_ids(reply) == [f"vil:{ward_2.id}", f"vil:{ward_7.id}", "menu:menu"]
    assert _step() == "find.place"
    reply = say(client, "2")
    assert "(Plumber, near Ward 7 Amtar Road)" in reply.body


def test_a_name_two_villages_share_offers_the_choice_before_or_after_the_work(
        client, nadaun, workers, amtar):
    block = db.session.get(Village, amtar.id).panchayat.block
    other = ensure_village(ensure_panchayat(block, name_en="Other GP", name_hi="दूसरी पंचायत"),
                           name_en="Amtar", name_hi="अमतर", latitude=31.70, longitude=76.30)
    make_user(phone=SENDER, language="hi")
    reply = say(client, "अमतर में प्लंबर")
    assert option_ids(reply) == [f"vil:{amtar.id}", f"vil:{other.id}", "menu:menu"]
    say(client, "menu")
    say(client, "अमतर")
    assert _step() == "find.category"
    reply = say(client, "प्लंबर")
    assert option_ids(reply) == [f"vil:{amtar.id}", f"vil:{other.id}", "menu:menu"]
    reply = say(client, choose=f"vil:{amtar.id}")
    assert option_ids(reply)[0] == f"wrk:{workers['amtar'].id}"


def test_at_the_place_step_the_work_said_again_with_the_place_is_taken(client, workers):
    make_user(phone=SENDER, language="en")
    say(client, "plumber")
    reply = say(client, "electrician in Amtar")
    assert "(Electrician, near Amtar)" in reply.body
    assert option_ids(reply)[0] == f"wrk:{workers['electrician'].id}"


def test_words_that_name_neither_still_get_the_hint(client, workers):
    say(client, "hello")
    reply = say(client, "qwerty am")
    assert reply.body.startswith("Sorry, I did not understand.")
    assert _step() == "menu"


@pytest.fixture
def bahal(nadaun):
    """A village of the demo whose name folds as बाल (hair: a barber's word) does."""
    return add_village(nadaun, "Bahal", 31.76, 76.37, name_hi="बहल")


def test_a_village_named_as_a_trade_is_the_trade_when_said_alone_and_the_place_when_asked(
        client, nadaun, bahal):
    barber = make_worker(nadaun, name="Kishori Lal", category="barber", village=bahal)
    make_user(phone=SENDER, language="hi")
    reply = say(client, "बाल")
    assert _step() == "find.place" and "नाई" in reply.body
    reply = say(client, "बहल")
    assert option_ids(reply)[0] == f"wrk:{barber.id}"
    say(client, "menu")
    reply = say(client, "नाई बहल")
    assert _step() == "find.workers" and option_ids(reply)[0] == f"wrk:{barber.id}"


def test_a_hindi_sender_naming_the_place_first_is_asked_the_work_there(client, workers, amtar):
    make_user(phone=SENDER, language="hi")
    reply = say(client, "अमतर")
    assert _step() == "find.category"
    assert "अमतर में" in reply.body.split("\n")[0]
