"""`flask scan-personal-data` finds Aadhaar numbers at rest, and finds none in the demo."""

from __future__ import annotations

from pathlib import Path

from marketplace.accounts.models import Role
from marketplace.extensions import db
from tests.helpers import make_user

AADHAAR = "2341 2341 2346"  # passes the Verhoeff check
NOT_AADHAAR = "2341 2341 2345"


def test_the_demo_holds_no_aadhaar_number(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    result = runner.invoke(args=["scan-personal-data"])
    assert result.exit_code == 0, result.output
    assert "Aadhaar-like numbers found: 0" in result.output


def test_planted_numbers_are_counted_with_where_they_are_but_never_printed(app, tmp_path):
    user = make_user(Role.RESIDENT)
    user.name = f"Ram {AADHAAR.replace(' ', '-')}"  # as if stored before the text rule
    make_user(Role.RESIDENT).name = f"Shyam {NOT_AADHAAR}"  # 12 digits, checksum fails
    db.session.flush()
    instance = Path(app.config["INSTANCE_PATH"])
    planted = instance / "exports" / "workers.csv"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text(f"phone,aadhaar\n9816011111,{AADHAAR.replace(' ', '')}\n")
    log = tmp_path / "gunicorn.log"
    log.write_text(f"POST /account name=Ram {AADHAAR}\n")
    try:
        result = app.test_cli_runner().invoke(args=["scan-personal-data", "--log", str(log)])
    finally:
        planted.unlink()
    assert result.exit_code == 1
    assert f"users.name: 1 (row ids {user.id})" in result.output
    assert f"{planted}: 1" in result.output and f"{log}: 1" in result.output
    assert "Aadhaar-like numbers found: 3" in result.output
    assert "2341" not in result.output
