"""Self-help groups: staff register or approve them; leaders keep the members."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.accounts.queries import get_user_by_phone
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.shg.models import SelfHelpGroup, SHGMember, SHGStatus
from tests.helpers import first_village, make_user, messages_to, sign_in, submit


def group_data(village_id: int, **changes) -> dict:
    data = {"name_hi": "जय माँ चिंतपूर्णी स्वयं सहायता समूह", "name_en": "Jai Maa Chintpurni SHG",
            "village": village_id, "nrlm_code": "HP-0423-117", "story": "Pickles and wadiyan",
            "upi_id": "jaimaa@sbi", "bank_account_name": "Jai Maa SHG",
            "bank_account_number": "3012 4567 8901", "bank_ifsc": "sbin0001234"}
    data.update(changes)
    return data


@pytest.fixture
def staff(nadaun):
    return make_user(Role.STAFF, sub_division=nadaun)


def test_staff_register_a_group_with_its_leader_who_is_told(client, nadaun, staff):
    sign_in(client, staff)
    response = submit(client, "/panel/shg/new", {**group_data(first_village(nadaun).id),
                                                 "leader_name": "Kamla Devi",
                                                 "leader_phone": "98160 44444"})
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    group = db.session.scalars(sa.select(SelfHelpGroup)).one()
    assert group.status is SHGStatus.APPROVED
    assert (group.bank_ifsc, group.bank_account_number) == ("SBIN0001234", "301245678901")
    leader = get_user_by_phone("+919816044444")
    assert leader.role is Role.SHG_MEMBER
    assert db.session.scalars(sa.select(SHGMember)).one().is_leader
    assert messages_to(leader.phone)[-1].kind == "shg_member_added"


def test_payout_details_are_shown_to_staff_only(app, client, nadaun, staff):
    sign_in(client, staff)
    submit(client, "/panel/shg/new", {**group_data(first_village(nadaun).id),
                                      "leader_name": "Kamla", "leader_phone": "9816044444"})
    group = db.session.scalars(sa.select(SelfHelpGroup)).one()
    assert "jaimaa@sbi" in client.get(f"/ndn/shg/{group.id}").get_data(as_text=True)
    visitor = app.test_client().get(f"/ndn/shg/{group.id}").get_data(as_text=True)
    assert "Jai Maa Chintpurni SHG" in visitor and "jaimaa@sbi" not in visitor
    leader = app.test_client()
    sign_in(leader, make_user(name="Other"))  # a resident
    assert "301245678901" not in leader.get(f"/ndn/shg/{group.id}").get_data(as_text=True)


def test_a_resident_signs_her_group_up_and_staff_approve_it(app, client, nadaun, staff):
    resident = make_user(name="Sunita")
    sign_in(client, resident)
    response = submit(client, "/shg/apply", group_data(first_village(nadaun).id))
    assert response.status_code == 303
    group = db.session.scalars(sa.select(SelfHelpGroup)).one()
    assert group.status is SHGStatus.PENDING_REVIEW
    assert app.test_client().get(f"/ndn/shg/{group.id}").status_code == 404  # not public yet
    db.session.refresh(resident)
    assert resident.role is Role.SHG_MEMBER

    staff_client = app.test_client()
    sign_in(staff_client, staff)
    assert submit(staff_client, f"/panel/approvals/shg/{group.id}",
                  {"decision": "reject", "reason": ""}).status_code == 400
    assert submit(staff_client, f"/panel/approvals/shg/{group.id}",
                  {"decision": "approve"}).status_code == 303
    db.session.refresh(group)
    assert group.status is SHGStatus.APPROVED
    assert messages_to(resident.phone)[-1].kind == "shg_approved"
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "shg.approved")) == 1


def test_a_bank_account_and_ifsc_written_in_devanagari_digits_are_read_as_figures(
        client, nadaun, staff):
    sign_in(client, staff)
    response = submit(client, "/panel/shg/new", {
        **group_data(first_village(nadaun).id, bank_account_number="३०१२ ४५६७ ८९०१",
                     bank_ifsc="SBIN०००१२३४"),
        "leader_name": "कमला देवी", "leader_phone": "९८१६० ४४४४४"})
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    group = db.session.scalars(sa.select(SelfHelpGroup)).one()
    assert (group.bank_ifsc, group.bank_account_number) == ("SBIN0001234", "301245678901")


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name_hi": "", "name_en": ""}, "group&#39;s name"),
        ({"bank_ifsc": "SBI123"}, "IFSC"),
        ({"bank_account_number": "12ab"}, "9 to 18 digits"),
        ({"upi_id": "not a upi"}, "name@bank"),
        ({"nrlm_code": "x"}, "NRLM"),
        ({"story": "Aadhaar 2341 2341 2346"}, "Aadhaar"),
    ],
)
def test_bad_group_details_are_refused_and_nothing_is_written(client, nadaun, changes, words):
    resident = make_user()
    sign_in(client, resident)
    response = submit(client, "/shg/apply", group_data(first_village(nadaun).id, **changes))
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(SelfHelpGroup.id))) == 0
    db.session.refresh(resident)
    assert resident.role is Role.RESIDENT


def _group_with_leader(client, nadaun):
    leader = make_user(name="Kamla")
    sign_in(client, leader)
    submit(client, "/shg/apply", group_data(first_village(nadaun).id))
    return db.session.scalars(sa.select(SelfHelpGroup)).one(), leader


def test_a_leader_adds_and_removes_members_but_a_member_cannot(app, client, nadaun):
    group, leader = _group_with_leader(client, nadaun)
    response = submit(client, "/shg/mine", {"name": "Meena", "phone": "98160 45454"})
    assert response.status_code == 302
    meena = get_user_by_phone("+919816045454")
    assert meena.role is Role.SHG_MEMBER and messages_to(meena.phone)
    membership = db.session.scalar(sa.select(SHGMember).where(SHGMember.user_id == meena.id))

    # Meena (not a leader) cannot remove the leader or add people.
    meena.password_hash = leader.password_hash
    member_client = app.test_client()
    sign_in(member_client, meena)
    leader_row = db.session.scalar(sa.select(SHGMember).where(SHGMember.user_id == leader.id))
    assert submit(member_client, f"/shg/members/{leader_row.id}/remove",
                  page="/shg/mine").status_code == 403
    assert submit(member_client, "/shg/mine", {"name": "X", "phone": "9816045455"}).status_code \
        == 403
    assert get_user_by_phone("+919816045455") is None

    assert submit(client, f"/shg/members/{membership.id}/remove",
                  page="/shg/mine").status_code == 303
    db.session.refresh(meena)
    assert meena.role is Role.RESIDENT


def test_the_last_leader_cannot_be_removed(client, nadaun):
    group, leader = _group_with_leader(client, nadaun)
    own = db.session.scalar(sa.select(SHGMember).where(SHGMember.user_id == leader.id))
    response = submit(client, f"/shg/members/{own.id}/remove", page="/shg/mine")
    assert response.status_code == 409
    assert "at least one leader" in response.get_data(as_text=True)


def test_someone_in_another_group_cannot_be_added(app, client, nadaun):
    _group_with_leader(client, nadaun)
    other = app.test_client()
    second_leader = make_user(name="Rekha")
    sign_in(other, second_leader)
    submit(other, "/shg/apply", group_data(first_village(nadaun).id, nrlm_code="HP-0423-118"))
    response = submit(client, "/shg/mine", {"name": "Rekha", "phone": second_leader.phone})
    assert response.status_code == 400 and "already a member" in response.get_data(as_text=True)


def _link_in(body: str) -> str:
    return re.search(r"(/shg/join/\S+)", body).group(1)


@pytest.mark.parametrize(("language", "words"), [
    ("en", "wants to add you as a member"), ("hi", "आपको सदस्य बनाना चाहता है")])
def test_a_woman_with_an_account_becomes_a_member_only_when_she_agrees(app, client, nadaun,
                                                                       language, words):
    group, _leader = _group_with_leader(client, nadaun)
    sunita = make_user(name="Sunita Devi", language=language)
    response = submit(client, "/shg/mine", {"name": "Sita", "phone": sunita.phone})
    assert response.status_code == 302
    assert "she has been sent a link" in client.get("/shg/mine").get_data(as_text=True)
    db.session.refresh(sunita)
    assert sunita.role is Role.RESIDENT and sunita.name == "Sunita Devi"  # nothing changed
    assert db.session.scalar(sa.select(SHGMember).where(SHGMember.user_id == sunita.id)) is None
    message = messages_to(sunita.phone)[-1]
    assert message.kind == "shg_member_invited" and words in message.body

    her_phone = app.test_client()  # the link reached her phone; no sign-in needed
    her_phone.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    link = _link_in(message.body)
    page = her_phone.get(link).get_data(as_text=True)
    assert group.name_en in page or group.name_hi in page
    assert submit(her_phone, link, {}).status_code == 303
    joined_page = her_phone.get(link).get_data(as_text=True)
    said = {"en": "You are a member", "hi": "की सदस्य हैं"}[language]  # said once, not twice
    assert joined_page.count(said) == 1 and "Join the group" not in joined_page
    db.session.refresh(sunita)
    assert sunita.role is Role.SHG_MEMBER
    joined = db.session.scalars(sa.select(SHGMember).where(SHGMember.user_id == sunita.id)).one()
    assert (joined.group_id, joined.is_leader) == (group.id, False)
    assert submit(her_phone, link, {}).status_code == 303  # a second press changes nothing
    assert db.session.scalar(sa.select(sa.func.count(SHGMember.id)).where(
        SHGMember.user_id == sunita.id)) == 1


def test_an_invitation_is_refused_once_she_has_joined_another_group(app, client, nadaun):
    group, _leader = _group_with_leader(client, nadaun)
    sunita = make_user(name="Sunita Devi")
    submit(client, "/shg/mine", {"name": "Sunita", "phone": sunita.phone})
    link = _link_in(messages_to(sunita.phone)[-1].body)
    other = app.test_client()
    sign_in(other, sunita)  # meanwhile she starts a group of her own
    submit(other, "/shg/apply", group_data(first_village(nadaun).id, nrlm_code="HP-0423-119"))
    response = submit(app.test_client(), link, {})
    assert response.status_code == 409 and "already a member" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(SHGMember.group_id).where(
        SHGMember.user_id == sunita.id)) != group.id


@pytest.mark.parametrize("token", ["forged", "x" * 300, "%00"])
def test_a_forged_or_broken_invitation_link_is_not_found(client, token):
    assert client.get(f"/shg/join/{token}").status_code in (400, 404)


def test_staff_of_another_sub_division_cannot_open_the_group(app, client, nadaun,
                                                             other_sub_division):
    group, _leader = _group_with_leader(client, nadaun)
    elsewhere = app.test_client()
    sign_in(elsewhere, make_user(Role.STAFF, sub_division=other_sub_division))
    assert elsewhere.get(f"/panel/approvals/shg/{group.id}").status_code == 404
    assert submit(elsewhere, f"/panel/approvals/shg/{group.id}", {"decision": "approve"},
                  page="/").status_code == 404


def test_a_group_signs_up_with_a_photo(client, nadaun):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 40)).save(out, "JPEG")
    out.seek(0)
    sign_in(client, make_user())
    response = submit(client, "/shg/apply", {**group_data(first_village(nadaun).id),
                                             "photo": (out, "group.jpg")},
                      content_type="multipart/form-data")
    assert response.status_code == 303
    group = db.session.scalars(sa.select(SelfHelpGroup)).one()
    assert group.photo_id is not None


def test_a_number_is_not_sent_invitation_after_invitation(client, nadaun):
    """Each invitation is a message to her phone: capped per number, as codes are."""
    _group_with_leader(client, nadaun)
    sunita = make_user(name="Sunita Devi")
    statuses = [submit(client, "/shg/mine", {"name": "Sunita", "phone": sunita.phone})
                .status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len([m for m in messages_to(sunita.phone) if m.kind == "shg_member_invited"]) == 3
