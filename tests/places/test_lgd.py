"""An LGD village list is read in any of its usual encodings and spellings, checked row by row,
and imported once: places keyed on their LGD codes, nothing half-written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.extensions import db
from marketplace.places import lgd
from marketplace.places.errors import LgdError
from marketplace.places.lgd_check import Action, check_upload
from marketplace.places.lgd_import import import_upload, save_upload
from marketplace.places.models import Block, SubDivision, Village, VillageKind
from tests.helpers import make_sub_division, make_user
from tests.places.lgd_files import HEADER, NADAUN, lgd_csv, lgd_row


@pytest.fixture
def admin(app):
    return make_user(Role.ADMIN)


def upload(admin, raw: bytes, *, code="NDL", **given):
    options = {"sub_district_code": None, "code": code, "name_hi": None, "district_hi": None,
               "centre": None, "defaults_from_id": None, **given}
    return save_upload(raw, "nadaun.csv", actor_id=admin.id, **options)


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_a_new_sub_division_is_made_with_its_blocks_and_villages_under_them(admin):
    result = import_upload(upload(admin, lgd_csv()), actor_id=admin.id)
    made = result.sub_division
    assert result.created and (made.code, made.lgd_code, made.name_en) == ("NDL", 444, "Nadaun")
    assert (made.name_hi, made.district_en, made.state_hi) == ("नादौन", "Hamirpur",
                                                              "हिमाचल प्रदेश")
    blocks = {b.lgd_code: b for b in db.session.scalars(
        sa.select(Block).where(Block.sub_division_id == made.id))}
    assert {code: b.name_hi for code, b in blocks.items()} == {1701: "नादौन", 1702: "बिझड़ी"}
    jalari = db.session.scalar(sa.select(Village).where(Village.lgd_code == 20001))
    assert (jalari.name_hi, jalari.block_id, jalari.latitude) == ("जलाड़ी", blocks[1701].id,
                                                                 31.78)
    assert jalari.panchayat.name_en == "Nadaun"  # the block's own panchayat: no GP columns
    amtar = db.session.scalar(sa.select(Village).where(Village.lgd_code == 20003))
    # no coordinates: the centre of the list's villages that have them
    assert (amtar.latitude, amtar.longitude) == (31.75, 76.325)
    assert result.counts["villages_added"] == 3
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "place.lgd_imported")).one()
    assert (event.subject_id, event.data["villages_added"], event.data["created"]) == (
        made.id, 3, True)


def test_the_same_list_again_changes_nothing_and_a_renamed_village_is_updated(admin):
    first = import_upload(upload(admin, lgd_csv()), actor_id=admin.id).sub_division
    rows = [lgd_row(*r) for r in NADAUN]
    rows[1]["Village Name (In Local)"] = "धनेटा खुर्द"
    again = upload(admin, lgd_csv(rows), code=None)
    plan = check_upload(again)
    assert [row.action for row in plan.rows] == [Action.SAME, Action.UPDATE, Action.SAME]
    result = import_upload(again, actor_id=admin.id)
    assert not result.created and result.sub_division.id == first.id
    assert count(Village) == 3 and count(Block) == 2 and count(SubDivision) == 1
    assert db.session.scalar(sa.select(Village.name_hi).where(Village.lgd_code == 20002)) == \
        "धनेटा खुर्द"


def test_places_made_by_hand_are_taken_over_by_name(admin):
    nadaun = make_sub_division("NDN", "Nadaun")  # block "Nadaun Block", village "Nadaun Village"
    db.session.execute(sa.update(SubDivision).where(SubDivision.id == nadaun.id)
                       .values(lgd_code=444))
    rows = [lgd_row("1701", "Nadaun Block", "नादौन", "20009", "Nadaun Village", "नादौन गाँव")]
    plan = check_upload(upload(admin, lgd_csv(rows), code=None))
    block = plan.blocks[("code", 1701)]
    assert block.existing is not None and block.action is Action.UPDATE


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le"])
def test_unicode_lists_are_read_in_any_usual_encoding(admin, encoding):
    raw = lgd_csv(encoding=encoding, delimiter="\t" if "16" in encoding else ",")
    saved = upload(admin, raw)
    assert [row["values"]["place_name_hi"] for row in saved.rows] == ["जलाड़ी", "धनेटा", "अम्तर"]


def test_a_windows_1252_list_is_read_when_it_kept_its_names(admin):
    rows = [lgd_row("1701", "Nadaun", "", "20001", "Jalāri", "")]
    rows[0]["Village Name (In English)"] = "Jalári"
    rows[0]["Sub-District Name (In Local)"] = ""
    saved = upload(admin, lgd_csv(rows, encoding="cp1252"))
    assert saved.rows[0]["values"]["place_name_en"] == "Jalári"


def test_a_windows_1252_list_that_lost_the_local_names_is_refused(admin):
    rows = [lgd_row("1701", "Nadaun", "???", "20001", "Jalari", "?????")]
    rows[0]["Sub-District Name (In Local)"] = "?????"
    with pytest.raises(InvalidInput) as refused:
        upload(admin, lgd_csv(rows, encoding="cp1252"))
    assert refused.value.code is LgdError.LOCAL_NAMES_LOST


@pytest.mark.parametrize("raw, code", [
    (b"", LgdError.EMPTY),
    (b"\xff\xfe\x00", LgdError.ENCODING),  # a UTF-16 BOM and half a character
    (b"\x81\x8d\x8f\x90\x9d" * 10, LgdError.ENCODING),  # not UTF-8, not Windows-1252
    (b"a,b\n1,2\n", LgdError.COLUMNS),
    (b"x" * (lgd.MAX_BYTES + 1), LgdError.TOO_LARGE),
    (b"x" * (10 * 1024 * 1024 + 1), LgdError.TOO_LARGE),
])
def test_a_file_that_is_no_lgd_list_is_refused_clearly(admin, raw, code):
    with pytest.raises(InvalidInput) as refused:
        upload(admin, raw)
    assert refused.value.code is code


def test_missing_columns_are_named(admin):
    with pytest.raises(InvalidInput) as refused:
        upload(admin, lgd_csv(drop={"Sub-District Code", "Village Name (In English)"}))
    assert refused.value.code is LgdError.COLUMNS
    assert str(refused.value) == "Sub-District Code, Village Name (In English)"


def test_without_block_columns_villages_go_under_the_sub_districts_block_until_a_list_has_them(
        admin):
    """LGD's plain village list of a sub-district has no blocks; its block-wise list does."""
    plain = lgd_csv(drop={"Block Code", "Block Name (In English)", "Block Name (In Local)"})
    result = import_upload(upload(admin, plain), actor_id=admin.id)
    block = db.session.scalars(sa.select(Block)).one()
    assert (block.name_en, block.name_hi, block.lgd_code) == ("Nadaun", "नादौन", None)
    assert count(Village, Village.block_id == block.id) == 3
    assert result.counts["blocks_added"] == 1
    plan = check_upload(upload(admin, lgd_csv(), code=None))
    # the block of the sub-district's name is block 1701 "Nadaun": it gets its code; Amtar
    # moves to its own block
    assert [row.action for row in plan.rows] == [Action.SAME, Action.SAME, Action.UPDATE]
    assert plan.blocks[("code", 1701)].existing.id == block.id
    assert plan.blocks[("code", 1701)].action is Action.UPDATE
    import_upload(upload(admin, lgd_csv(), code=None), actor_id=admin.id)
    amtar = db.session.scalar(sa.select(Village).where(Village.lgd_code == 20003))
    assert (amtar.panchayat.block.lgd_code, amtar.panchayat.block.name_en) == (1702, "Bijhari")
    assert db.session.get(Block, block.id).lgd_code == 1701


def test_other_spellings_of_the_columns_are_accepted():
    spelled = ["sno", "STATE LGD CODE", "State Name(In English)", "district_code", "District Name",
               "Subdistrict Code", "sub district name(in english)", "SubDistrict Name In Local",
               "Block LGD Code", "BLOCK NAME", "block name (in local language)", "village code",
               "version", "Village Name(In English)", "Village Name (In Local Language)",
               "census", "lat", "lng"]
    rows = lgd.read_list(lgd_csv(header=spelled).decode())
    assert rows[0]["values"] == {
        "state_code": "2", "state_name_en": "Himachal Pradesh", "district_code": "33",
        "district_name_en": "Hamirpur", "sub_district_code": "444",
        "sub_district_name_en": "Nadaun", "sub_district_name_hi": "नादौन",
        "block_code": "1701", "block_name_en": "Nadaun", "block_name_hi": "नादौन",
        "place_code": "20001", "place_name_en": "Jalari", "place_name_hi": "जलाड़ी",
        "latitude": "31.78", "longitude": "76.35"}


def test_a_title_line_above_the_header_is_skipped():
    raw = "Village list of Nadaun\r\n\r\n" + lgd_csv().decode()
    assert len(lgd.read_list(raw)) == 3


def test_too_many_rows_are_refused_before_anything_is_kept(admin):
    row = ",".join(lgd_row(*NADAUN[0]).get(c, "") for c in HEADER)
    raw = (",".join(HEADER) + "\n" + (row + "\n") * (lgd.MAX_ROWS + 1)).encode()
    with pytest.raises(InvalidInput) as refused:
        upload(admin, raw)
    assert refused.value.code is LgdError.TOO_MANY_ROWS


def test_a_hundred_thousand_rows_are_refused_as_too_large(admin):
    row = ",".join(lgd_row(*NADAUN[0]).get(c, "") for c in HEADER)
    raw = (",".join(HEADER) + "\n" + (row + "\n") * 100_000).encode()
    with pytest.raises(InvalidInput) as refused:
        upload(admin, raw)
    assert refused.value.code in (LgdError.TOO_LARGE, LgdError.TOO_MANY_ROWS)


def test_a_list_of_several_sub_districts_asks_which(admin):
    rows = [lgd_row(*NADAUN[0]), lgd_row("1801", "Bhoranj", "भोरंज", "30001", "Kohla",
                                         "कोहला", sub_district="445")]
    with pytest.raises(InvalidInput) as refused:
        upload(admin, lgd_csv(rows))
    assert refused.value.code is LgdError.SUB_DISTRICT_CHOICE
    saved = upload(admin, lgd_csv(rows), sub_district_code=444)
    plan = check_upload(saved)
    assert [row.errors for row in plan.rows] == [[], [LgdError.OTHER_SUB_DISTRICT]]


def test_a_new_sub_division_needs_a_free_code(admin):
    make_sub_division("NDN", "Nadaun")
    for code, error in [(None, LgdError.CODE_NEEDED), ("N1", "sub_division_code"),
                        ("ndn", "sub_division_exists")]:
        with pytest.raises((InvalidInput, Conflict)) as refused:
            upload(admin, lgd_csv(), code=code)
        assert refused.value.code == error


def test_bad_rows_are_reported_one_by_one_and_left_out(admin):
    rows = [lgd_row(*r) for r in NADAUN]
    rows += [
        lgd_row("1701", "Nadaun", "नादौन", "20001", "Jalari Twin", "जलाड़ी"),  # code twice
        lgd_row("1701", "Nadaun", "नादौन", "20010", "Bad\x00Name", "नाम"),
        lgd_row("1701", "Nadaun", "नादौन", "20011", "Bidi\u202eName", "नाम"),
        lgd_row("1701", "Nadaun", "नादौन", "2x012", "Kangoo", "कांगू"),
        lgd_row("1701", "Nadaun", "नादौन", "20013", "Jalari", "जलाड़ी"),  # name twice
        lgd_row("1799", "Nadaun", "नादौन", "20014", "Kohla", "कोहला"),  # block name twice
        lgd_row("1701", "Nadaun", "नादौन", "20015", "Sera", "सेरा", "95", "76"),
        lgd_row("1701", "Nadaun", "नादौन", "20016", "Gaura", "गौरा", district="34"),
        lgd_row("1701", "Nadaun", "नादौन", "20017", "X" * 81, "नाम"),
        lgd_row("1701", "Nadaun", "नादौन", "2147483648", "Huge", "बड़ा"),  # beyond int4
        lgd_row("1701", "Nadaun", "नादौन", "२००१८", "Devanagari digits", "देवनागरी"),
        lgd_row("1701", "Nadaun", "नादौन", "٢٠٠١٩", "Arabic digits", "अरबी"),
    ]
    saved = upload(admin, lgd_csv(rows))
    plan = check_upload(saved)
    assert [row.errors for row in plan.bad_rows] == [
        [LgdError.DUPLICATE_CODE], [LgdError.ROW_NAME], [LgdError.ROW_NAME], [LgdError.ROW_CODE],
        [LgdError.NAME_TWICE], [LgdError.BLOCK_DIFFERS], [LgdError.COORDINATES],
        [LgdError.OTHER_DISTRICT], [LgdError.ROW_NAME], [LgdError.ROW_CODE],
        [LgdError.ROW_CODE]]
    result = import_upload(saved, actor_id=admin.id)
    assert result.counts["villages_added"] == 4 and result.counts["rows_left_out"] == 11
    assert count(Village) == 4 and count(Village, Village.lgd_code == 20018) == 1


def test_a_village_code_of_another_sub_division_is_refused(admin):
    import_upload(upload(admin, lgd_csv()), actor_id=admin.id)
    rows = [lgd_row("1801", "Bhoranj", "भोरंज", "20001", "Jalari", "जलाड़ी", "31.7", "76.4",
                    sub_district="445", sub_district_name="Bhoranj")]
    plan = check_upload(upload(admin, lgd_csv(rows), code="BRJ"))
    assert plan.rows[0].errors == [LgdError.CODE_ELSEWHERE]


def test_without_any_coordinates_the_form_gives_the_centre(admin):
    rows = [lgd_row("1701", "Nadaun", "नादौन", "20001", "Jalari", "जलाड़ी")]
    plan = check_upload(upload(admin, lgd_csv(rows)))
    assert plan.rows[0].errors == [LgdError.COORDINATES_REQUIRED]
    result = import_upload(upload(admin, lgd_csv(rows), centre=(31.8, 76.3)),
                           actor_id=admin.id)
    assert result.counts["villages_added"] == 1
    assert db.session.scalar(sa.select(Village.latitude)) == 31.8


def test_panchayat_and_town_columns_place_wards_under_their_town(admin):
    header = [*HEADER[:11], "Town Code", *HEADER[12:]]
    rows = [lgd_row("1701", "Nadaun", "नादौन", "80001", "Ward 1", "वार्ड 1", "31.78", "76.35")]
    raw = lgd_csv(rows, header=header).decode().splitlines()
    raw[0] += ",Local Body Code,Local Body Name (In English),Local Body Name (In Local)"
    raw[1] += ",9001,Nadaun Nagar Panchayat,नादौन नगर पंचायत"
    result = import_upload(upload(admin, "\r\n".join(raw).encode()), actor_id=admin.id)
    ward = db.session.scalar(sa.select(Village).where(Village.lgd_code == 80001))
    assert ward.kind is VillageKind.WARD
    assert (ward.panchayat.lgd_code, ward.panchayat.name_hi, ward.panchayat.is_urban) == (
        9001, "नादौन नगर पंचायत", True)
    assert result.counts["panchayats_added"] == 1


def test_an_upload_is_imported_once(admin):
    saved = upload(admin, lgd_csv())
    import_upload(saved, actor_id=admin.id)
    with pytest.raises(Conflict) as refused:
        import_upload(saved, actor_id=admin.id)
    assert refused.value.code is LgdError.ALREADY_IMPORTED
    assert count(Village) == 3
