"""`flask create-admin` and `flask create-staff`."""

from __future__ import annotations

import click

from marketplace.accounts.models import Role
from marketplace.accounts.services import create_staff_account
from marketplace.core.errors import DomainError
from marketplace.core.phone import try_normalize_phone
from marketplace.extensions import db
from marketplace.places.queries import get_sub_division_by_code


def _create(phone: str, name: str, password: str, role: Role, sub_division_code: str | None,
            language: str) -> None:
    e164 = try_normalize_phone(phone)
    if e164 is None:
        raise click.BadParameter("not a valid Indian mobile number", param_hint="--phone")
    sub_division = None
    if sub_division_code:
        sub_division = get_sub_division_by_code(sub_division_code)
        if sub_division is None:
            raise click.BadParameter(f"no sub-division with code {sub_division_code!r}",
                                     param_hint="--sub-division")
    try:
        user = create_staff_account(phone=e164, name=name, password=password, role=role,
                                    sub_division=sub_division, language=language)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(f"not created: {error.code}") from error
    db.session.commit()
    click.echo(f"created {role.value} {user.name} <{user.phone}> (id {user.id})")


_common = [
    click.option("--phone", required=True, help="Indian mobile number"),
    click.option("--name", required=True),
    click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True),
    click.option("--language", type=click.Choice(["hi", "en"]), default="hi"),
]


def _with_common(func):
    for option in reversed(_common):
        func = option(func)
    return func


@click.command("create-admin")
@_with_common
def create_admin(phone, name, password, language):
    """Create a site admin (sees every sub-division)."""
    _create(phone, name, password, Role.ADMIN, None, language)


@click.command("create-staff")
@_with_common
@click.option("--sub-division", "sub_division_code", required=True, help="e.g. NDN")
@click.option("--role", type=click.Choice(["staff", "operator"]), default="staff")
def create_staff(phone, name, password, language, sub_division_code, role):
    """Create SDM office staff or a CSC operator of one sub-division."""
    _create(phone, name, password, Role(role), sub_division_code, language)


COMMANDS = [create_admin, create_staff]
