"""The conversation itself: menus that expire, the language switch, hints, the office, my
orders and bookings (only the sender's own), and text no one should send."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.chat.models import Conversation
from marketplace.chat.render import Option, Reply, interactive_payload, numbered_text
from marketplace.core.db import reset_clock, run_clock_from, utcnow
from marketplace.extensions import db
from marketplace.orders.models import OrderStatus
from tests.chat.conftest import SENDER, option_ids, say
from tests.helpers import make_group, make_product, make_user, place_order

pytestmark = pytest.mark.usefixtures("assistant")


def _conversation() -> Conversation:
    return db.session.scalar(sa.select(Conversation).where(Conversation.phone == SENDER))


@pytest.fixture
def later():
    """Move the app's clock forward by some minutes."""
    def move(minutes: int) -> None:
        run_clock_from(utcnow() + timedelta(minutes=minutes))
    yield move
    reset_clock()


# --- Rendering ------------------------------------------------------------------------------

def test_three_short_options_are_buttons_and_the_same_numbers_in_text():
    reply = Reply(text="Which?", options=(Option("a", "One"), Option("b", "Two"),
                                          Option("c", "Three")))
    payload = interactive_payload(reply)
    assert payload["interactive"]["type"] == "button"
    assert [b["reply"] for b in payload["interactive"]["action"]["buttons"]] == [
        {"id": "a", "title": "One"}, {"id": "b", "title": "Two"}, {"id": "c", "title": "Three"}]
    assert numbered_text(reply) == "Which?\n\n1. One\n2. Two\n3. Three"


def test_long_titles_or_more_options_make_a_list_within_whatsapps_limits():
    reply = Reply(text="x" * 2000, button="Choose from these many",
                  options=tuple(Option(f"o{n}", "A very long worker name indeed " + str(n),
                                       "d" * 100) for n in range(10)))
    interactive = interactive_payload(reply)["interactive"]
    assert interactive["type"] == "list"
    rows = interactive["action"]["sections"][0]["rows"]
    assert len(rows) == 10
    assert all(len(r["title"]) <= 24 and len(r["description"]) <= 72 for r in rows)
    assert len(interactive["action"]["button"]) <= 20
    assert len(interactive["body"]["text"]) <= 1024
    assert "10. A very long worker name indeed 9 – " in numbered_text(reply)


def test_a_reply_cannot_offer_more_than_ten_options():
    with pytest.raises(ValueError, match="at most 10"):
        Reply(text="x", options=tuple(Option(str(n), str(n)) for n in range(11)))


def test_a_reply_without_options_goes_as_plain_text():
    assert interactive_payload(Reply(text="Thanks")) is None


# --- Menus, language, hints ------------------------------------------------------------------

def test_the_menu_in_hindi_and_english_is_buttons_and_numbered_text(client, nadaun):
    hindi = say(client, "नमस्ते")
    assert hindi.body.startswith("स्वरोज़गार सहायक।") and "\n1. कामगार ढूँढें" in hindi.body
    assert option_ids(hindi) == ["menu:find", "menu:mine", "menu:office"]
    english = say(client, "hello", sender="+919816012346")
    assert english.body.startswith("Swarozgar assistant.") and "\n3. Talk to the office" in (
        english.body)


def test_the_language_switches_at_any_step_and_the_question_is_asked_again(client, nadaun):
    say(client, "hello")
    say(client, "1")
    assert _conversation().step == "find.category"
    reply = say(client, "हिंदी")
    assert (reply.language, _conversation().language) == ("hi", "hi")
    assert "कौन-सा काम" in reply.body
    assert _conversation().step == "find.category"
    reply = say(client, "English")
    assert "What kind of work" in reply.body and reply.language == "en"


@pytest.mark.parametrize("word", ["menu", "मेनू", "MENU"])
def test_menu_starts_again_from_any_step(client, nadaun, word):
    say(client, "hello")
    say(client, "1")
    reply = say(client, word)
    assert _conversation().step == "menu"
    assert option_ids(reply) == ["menu:find", "menu:mine", "menu:office"]


def test_an_answer_not_understood_gets_a_hint_and_the_question_again(client, nadaun):
    say(client, "hello")
    reply = say(client, "7")
    assert reply.body.startswith("Sorry, I did not understand.")
    assert "1. Find a worker" in reply.body
    reply = say(client, "qwerty zzz")
    assert reply.body.startswith("Sorry, I did not understand.")


@pytest.mark.parametrize("answer", [{"choose": "menu:find"}, {"text": "1"}])
def test_a_reply_to_a_menu_that_has_expired_is_told_so(client, nadaun, later, answer):
    say(client, "hello")
    later(31)
    reply = say(client, **answer)
    assert reply.body.startswith("That menu has expired")
    assert _conversation().step == "menu"


def test_a_row_id_that_was_never_shown_is_taken_for_an_expired_menu(client, nadaun):
    say(client, "hello")
    reply = say(client, choose="wrk:999")
    assert reply.body.startswith("That menu has expired")


def test_within_thirty_minutes_the_conversation_goes_on(client, nadaun, later):
    say(client, "hello")
    later(29)
    say(client, "1")
    assert _conversation().step == "find.category"


@pytest.mark.parametrize("typed", [
    "plumber\x00 please", "1\r\n", "अ" * 5000, "🙏🏽🙏🏽", "नल wala ठीक करो plumber 😀",
    "\u202e1", "१",
])
def test_awkward_text_gets_a_polite_answer_never_an_error(client, nadaun, typed):
    say(client, "hello")
    reply = say(client, typed)
    assert reply is not None and reply.body
    assert len(reply.body) <= 4096


# --- The office -------------------------------------------------------------------------------

@pytest.mark.parametrize(("greeting", "choose", "words"), [
    ("hello", "3", "The office has your conversation"),
    ("नमस्ते", "३", "दफ़्तर को सौंप दी गई"),
])
def test_talk_to_the_office_hands_the_conversation_to_staff(client, nadaun, greeting, choose,
                                                            words):
    say(client, greeting)
    reply = say(client, choose)
    assert words in reply.body
    conversation = _conversation()
    assert conversation.is_handed_to_staff and conversation.step == "office"
    handed_at = conversation.handed_to_staff_at
    reply = say(client, "my tap is leaking")
    assert reply.body  # acknowledged, never silence
    assert _conversation().handed_to_staff_at == handed_at


# --- My orders and bookings --------------------------------------------------------------------

@pytest.fixture
def order_of_sender(nadaun):
    buyer = make_user(phone=SENDER, language="en")
    group, _leader = make_group(nadaun)
    return place_order(buyer, {make_product(group, stock=10): 3})


def test_my_orders_lists_the_senders_order_and_cancels_it_under_the_sites_rules(
        client, order_of_sender):
    say(client, "hello")
    reply = say(client, "2")
    assert f"1. {order_of_sender.number} – Placed · " in reply.body
    reply = say(client, "1")
    assert reply.body.startswith(f"Order {order_of_sender.number}: Placed.")
    assert option_ids(reply)[0] == "order:cancel"
    reply = say(client, choose="order:cancel", button=True)
    reply = say(client, choose="cancel:yes", button=True)
    assert reply.body.startswith(f"Order {order_of_sender.number} is cancelled")
    db.session.refresh(order_of_sender)
    assert order_of_sender.status is OrderStatus.CANCELLED


def test_my_orders_in_hindi(client, order_of_sender):
    say(client, "हिंदी")
    reply = say(client, "मेरे ऑर्डर")
    assert order_of_sender.number in reply.body and "आपके हाल के ऑर्डर" in reply.body


def test_a_packed_order_offers_no_cancel(client, order_of_sender):
    from marketplace.orders.models import PartStatus

    for part in order_of_sender.parts:
        part.status = PartStatus.PACKED
    db.session.flush()
    say(client, "hello")
    say(client, "2")
    reply = say(client, "1")
    assert "order:cancel" not in option_ids(reply)


def test_an_older_order_of_the_sender_typed_by_its_number_is_shown(client, nadaun):
    """The list shows the four latest; an earlier order of the sender's own, typed by its
    number, was answered "not one of the orders of this WhatsApp number"."""
    buyer = make_user(phone=SENDER, language="en")
    group, _leader = make_group(nadaun)
    product = make_product(group, stock=20)
    orders = []
    for _ in range(5):  # delivered, so that the open cash orders stay within their limit
        orders.append(place_order(buyer, {product: 1}))
        orders[-1].status = OrderStatus.DELIVERED
        db.session.flush()
    oldest = orders[0]
    say(client, "hello")
    reply = say(client, "2")
    assert oldest.number not in reply.body
    reply = say(client, oldest.number.lower().replace("-", " "))
    assert reply.body.startswith(f"Order {oldest.number}: Delivered.")


def test_a_sender_asking_for_someone_elses_order_learns_nothing(client, nadaun,
                                                                order_of_sender):
    stranger = "+919816077777"
    say(client, "hello", sender=stranger)
    reply = say(client, "2", sender=stranger)
    assert "no orders or bookings" in reply.body
    reply = say(client, order_of_sender.number, sender=stranger)
    assert order_of_sender.number not in reply.body  # not even its status
    say(client, "menu", sender=stranger)
    say(client, "2", sender=stranger)
    reply = say(client, choose=f"ord:{order_of_sender.id}", sender=stranger)
    assert reply.body.startswith("That menu has expired")
    assert order_of_sender.status is OrderStatus.PLACED


def test_an_order_taken_by_phone_shows_to_its_contact_without_a_cancel(client, nadaun):
    buyer = make_user(language="en")
    group, _leader = make_group(nadaun)
    order = place_order(buyer, {make_product(group, stock=5): 3})
    order.phone = SENDER  # the buyer gave this number as the order's contact
    db.session.flush()
    say(client, "hello")
    say(client, "2")
    reply = say(client, "1")
    assert reply.body.startswith(f"Order {order.number}: Placed.")
    assert "order:cancel" not in option_ids(reply)


@pytest.mark.parametrize(("language", "words"), [("en", ("Order again", "Yes, order")),
                                                 ("hi", ("फिर से मँगाएँ", "हाँ, मँगाएँ"))])
def test_a_delivered_order_is_ordered_again_after_a_yes(client, order_of_sender, language,
                                                        words):
    from marketplace.orders.models import Order

    order_of_sender.status = OrderStatus.DELIVERED
    db.session.flush()
    say(client, "English" if language == "en" else "हिंदी")
    say(client, "2")
    reply = say(client, "1")
    assert option_ids(reply) == ["order:repeat", "menu:mine", "menu:menu"]
    assert f"1. {words[0]}" in reply.body
    reply = say(client, choose="order:repeat", button=True)
    assert "3 × " in reply.body and "₹" in reply.body and f"1. {words[1]}" in reply.body
    reply = say(client, choose="repeat:yes", button=True)
    orders = db.session.scalars(sa.select(Order).order_by(Order.id)).all()
    assert len(orders) == 2 and orders[1].status is OrderStatus.PLACED
    assert orders[1].number in reply.body
    reply = say(client, "1")  # the old yes again: its buttons are gone
    assert len(db.session.scalars(sa.select(Order)).all()) == 2
