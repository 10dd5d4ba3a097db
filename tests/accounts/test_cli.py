"""`flask create-admin` and `flask create-staff`."""

from __future__ import annotations

from marketplace.accounts.models import Role
from marketplace.accounts.queries import get_user_by_phone
from tests.helpers import messages_to


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_create_admin_makes_an_admin_without_a_sub_division(app):
    result = run(app, "create-admin", "--phone", "98160 55501", "--name", "Site Admin",
                 "--password", "long enough 1")
    assert result.exit_code == 0, result.output
    admin = get_user_by_phone("+919816055501")
    assert admin.role is Role.ADMIN and admin.sub_division_id is None


def test_create_staff_scopes_the_account_to_a_sub_division_and_tells_the_person(app, nadaun):
    result = run(app, "create-staff", "--phone", "9816055502", "--name", "अनीता शर्मा",
                 "--password", "long enough 1", "--sub-division", "ndn")
    assert result.exit_code == 0, result.output
    staff = get_user_by_phone("+919816055502")
    assert staff.role is Role.STAFF and staff.sub_division_id == nadaun.id
    assert messages_to(staff.phone)[-1].kind == "staff_account_created"


def test_create_staff_can_make_a_csc_operator(app, nadaun):
    result = run(app, "create-staff", "--phone", "9816055503", "--name", "Rakesh",
                 "--password", "long enough 1", "--sub-division", "NDN", "--role", "operator")
    assert result.exit_code == 0, result.output
    assert get_user_by_phone("+919816055503").role is Role.OPERATOR


def test_bad_cli_input_is_refused_with_a_reason(app, nadaun):
    bad_phone = run(app, "create-admin", "--phone", "12345", "--name", "X",
                    "--password", "long enough 1")
    assert bad_phone.exit_code != 0 and "valid Indian mobile" in bad_phone.output
    unknown = run(app, "create-staff", "--phone", "9816055504", "--name", "X",
                  "--password", "long enough 1", "--sub-division", "XYZ")
    assert unknown.exit_code != 0 and "no sub-division" in unknown.output
    short = run(app, "create-admin", "--phone", "9816055505", "--name", "X", "--password", "short")
    assert short.exit_code != 0 and "password_too_short" in short.output
    assert get_user_by_phone("+919816055505") is None
    run(app, "create-admin", "--phone", "9816055506", "--name", "X", "--password", "long enough 1")
    again = run(app, "create-admin", "--phone", "9816055506", "--name", "Y",
                "--password", "long enough 1")
    assert again.exit_code != 0 and "phone_taken" in again.output
