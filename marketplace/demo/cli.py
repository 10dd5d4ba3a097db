"""`flask seed-demo`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app

from marketplace.accounts.models import Role, User
from marketplace.core.db import today_in_india
from marketplace.demo import nadaun
from marketplace.demo.services import Loaded, seed_demo
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStatus
from marketplace.places.models import SubDivision
from marketplace.shg.models import SelfHelpGroup
from marketplace.workers.models import WorkerProfile


def _phones(prefix: str) -> tuple[str, str, int]:
    """First and last phone of the demo accounts whose numbers start so, and how many."""
    first, last, count = db.session.execute(
        sa.select(sa.func.min(User.phone), sa.func.max(User.phone), sa.func.count(User.id))
        .where(User.phone.startswith(prefix))).one()
    return first, last, count


def _count(model, sub_division: SubDivision, column=None) -> int:
    what = sa.func.count(sa.distinct(column)) if column is not None else sa.func.count()
    return db.session.scalar(sa.select(what).select_from(model).where(
        model.sub_division_id == sub_division.id))


def _echo_login(user: User, where: str = "") -> None:
    role = "courier" if user.role is Role.DELIVERY else user.role.value
    click.echo(f"  {role:<10} {user.phone}  {user.name}{where}")


def _echo_sub_division(loaded: Loaded) -> None:
    recipe, sub_division = loaded.recipe, loaded.sub_division
    click.echo(f"{sub_division.name_en} ({sub_division.code}), {sub_division.district_en} "
               f"district, {sub_division.state_en}: its staff, operator and courier work in "
               f"{sub_division.name_en} only.")
    for user in loaded.users:
        if user.role is not Role.ADMIN:
            _echo_login(user, f"  [{sub_division.name_en}]" if user.sub_division_id else "")
    first, last, count = _phones(recipe.member_phones)
    click.echo(f"  shg_member {first} … {last}  ({count} members of "
               f"{_count(SelfHelpGroup, sub_division)} self-help groups; the first of each "
               "group is its leader)")
    first, last, count = _phones(recipe.worker_phones)
    click.echo(f"  worker     {first} … {last}  ({count} demo workers, "
               f"{_count(WorkerProfile, sub_division, WorkerProfile.main_category_id)} kinds "
               "of work)")
    first, last, _count_buyers = _phones(recipe.buyer_phones)
    click.echo(f"  resident   {first} … {last}  (demo buyers with orders for the next "
               "delivery times)")
    today = db.session.scalars(sa.select(DeliveryRun).where(
        DeliveryRun.sub_division_id == sub_division.id,
        DeliveryRun.delivery_date == today_in_india(),
        DeliveryRun.status == RunStatus.PLANNED)).all()
    if today:
        times = ", ".join(sorted({f"{run.slot.starts_at:%H:%M}" for run in today}))
        click.echo(f"  Today: {len(today)} delivery run(s) ready to send out ({times}), given "
                   "to the courier.")
    else:
        click.echo("  Today: no delivery time is left; tomorrow's packed orders wait for their "
                   "runs.")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo's sub-divisions (Nadaun, then Sonepur) with their accounts (idempotent)
    and print the logins, by sub-division."""
    loaded = seed_demo()
    db.session.commit()
    names = " and ".join(f"{each.sub_division.name_en} ({each.sub_division.state_en})"
                         for each in loaded)
    click.echo(f"Demo data for {names} is loaded; {loaded[0].sub_division.name_en} is the one "
               f"visitors see first. Sign in with (password for all: {nadaun.DEMO_PASSWORD}):")
    for user in loaded[0].users:
        if user.role is Role.ADMIN:
            _echo_login(user, "  [every sub-division: switch in the panel]")
    for each in loaded:
        _echo_sub_division(each)
    click.echo("Staff and admin sign-in sends a one-time code: the demo's message channel prints "
               "it in the server log (MESSAGE to …); the outbox keeps it masked.")
    click.echo("The WhatsApp assistant without Meta: sign in as the admin and open "
               f"{current_app.config['PUBLIC_BASE_URL']}/panel/assistant (menu: More → Try the "
               "assistant), or run, for each sub-division's number:")
    for each in loaded:
        resident = next(phone for role, phone, *_ in each.recipe.users if role == "resident")
        number = each.sub_division.whatsapp_phone_number_id
        click.echo(f"  flask chat simulate --phone {resident[3:]} --text menu --number {number}"
                   f"   ({each.sub_division.name_en})")


COMMANDS = [seed_demo_command]
