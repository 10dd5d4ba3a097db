"""Two staff saving the same version of a drive at the same instant: exactly one edit is
saved, the other is told (PostgreSQL: the compare-and-set UPDATE waits for the first)."""

from __future__ import annotations

from marketplace.drives import services
from marketplace.drives.models import Drive, DriveTarget, Partner, PartnerKind
from marketplace.extensions import db
from marketplace.places.models import Block
from tests.drives.factories import END, START, make_drive, staff_of
from tests.helpers import as_request, make_sub_division, run_together


def test_of_two_staff_saving_one_version_at_once_one_wins_and_one_is_told(committed_app):
    with committed_app.app_context():
        nadaun = make_sub_division()
        staff = [staff_of(nadaun), staff_of(nadaun)]
        drive = make_drive(nadaun, staff[0])
        db.session.commit()
        drive_id, staff_ids = drive.id, [s.id for s in staff]
        block_id = db.session.query(Block.id).filter_by(sub_division_id=nadaun.id).scalar()
        db.session.remove()

    def attempt(index: int) -> str:
        from marketplace.accounts.models import User

        return as_request(committed_app, lambda: services.update_drive(
            db.session.get(Drive, drive_id),
            services.DriveInput(f"Edit {index}", START, END, {block_id: 10 + index}),
            expected_version=1, actor=db.session.get(User, staff_ids[index])), done="saved")

    results = run_together(2, attempt)
    assert sorted(results) == ["drive_changed_meanwhile", "saved"]
    winner = results.index("saved")
    with committed_app.app_context():
        drive = db.session.get(Drive, drive_id)
        assert (drive.name_en, drive.version) == (f"Edit {winner}", 2)
        assert [t.target for t in db.session.query(DriveTarget).filter_by(drive_id=drive_id)] \
            == [10 + winner]
        db.session.remove()


def test_two_staff_adding_one_partner_at_once_make_it_once_and_the_other_is_told(
        committed_app):
    with committed_app.app_context():
        nadaun = make_sub_division()
        staff_ids = [staff_of(nadaun).id, staff_of(nadaun).id]
        db.session.commit()
        nadaun_id = nadaun.id
        db.session.remove()

    def attempt(index: int) -> str:
        from marketplace.accounts.models import User
        from marketplace.places.models import SubDivision

        return as_request(committed_app, lambda: services.add_partner(
            db.session.get(SubDivision, nadaun_id), kind=PartnerKind.ITI, name_en="ITI Nadaun",
            name_hi=("आईटीआई नादौन" if index else ""),
            actor=db.session.get(User, staff_ids[index])), done="added")

    assert sorted(run_together(2, attempt)) == ["added", "partner_exists"]
    with committed_app.app_context():
        assert db.session.query(Partner).filter_by(sub_division_id=nadaun_id).count() == 1
        db.session.remove()
