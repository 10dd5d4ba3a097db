"""Words for what the settings pages refuse."""

from __future__ import annotations

from flask_babel import gettext


def settings_error_message(code: str) -> str:
    messages = {
        "sub_division_code": gettext("Use 2 to 6 letters A–Z for the code, e.g. NDN."),
        "sub_division_exists": gettext("A sub-division with this code exists already."),
        "name": gettext("Write the name (at most 80 characters)."),
        "district": gettext("Write the district (at most 80 characters)."),
        "state": gettext("Write the state (at most 80 characters)."),
        "block_exists": gettext("This sub-division has a block of that name already."),
        "panchayat_exists": gettext("This block has a panchayat of that name already."),
        "village_exists": gettext("This panchayat has a village or ward of that name "
                                  "already."),
        "coordinates": gettext("Give both latitude and longitude in range, or neither."),
        "coordinates_required": gettext("The first village of a sub-division needs its "
                                        "latitude and longitude."),
        "phone_taken": gettext("This number has an account already."),
        "role": gettext("Choose one of the roles shown."),
        "account_role": gettext("You cannot give or change that role."),
        "sub_division_for_role": gettext("Choose the sub-division (site admins belong to "
                                         "none)."),
        "own_account": gettext("You cannot switch off your own account."),
        "account_unchanged": gettext("The account is like that already."),
        "name_required": gettext("Write the name."),
        "name_too_long": gettext("Write at most 80 characters."),
        "name_characters": gettext("The name has characters that cannot be used."),
        "password_too_short": gettext("The password is too short."),
        "password_too_long": gettext("The password is too long."),
        "language": gettext("Choose a language."),
        "category_name": gettext("Write both names, at most 60 characters each."),
        "category_exists": gettext("A category of that English name exists already."),
        "category_at_end": gettext("The category cannot move further that way."),
    }
    return messages.get(code, gettext("Please check what you entered."))
