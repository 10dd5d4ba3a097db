"""What the account rules refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class AccountError(ErrorCode):
    CREDENTIALS = "credentials", _l("Wrong mobile number or password.")
    CURRENT_PASSWORD = "current_password", _l("Your current password is not right.")
    PASSWORD_TOO_SHORT = "password_too_short", _l("The password is too short.")
    PASSWORD_TOO_LONG = "password_too_long", _l("The password is too long.")
    NAME_REQUIRED = "name_required", _l("Write the name.")
    NAME_TOO_LONG = "name_too_long", _l("The name is too long.")
    NAME_CHARACTERS = "name_characters", _l("The name has characters that cannot be used.")
    LANGUAGE = "language", _l("Choose Hindi or English.")
    PHONE_TAKEN = "phone_taken", _l("This number has an account already.")
    ROLE = "role", _l("Choose one of the roles shown.")
    ACCOUNT_ROLE = "account_role", _l("You cannot give or change that role.")
    SUB_DIVISION_FOR_ROLE = "sub_division_for_role", _l("Choose the sub-division (site admins "
                                                        "belong to none).")
    OWN_ACCOUNT = "own_account", _l("You cannot switch off your own account.")
    ACCOUNT_UNCHANGED = "account_unchanged", _l("The account is like that already.")
    #: an account of another sub-division: staff learn nothing of it
    ACCOUNT = "account", _l("Page not found")


class AccessError(ErrorCode):
    """What every domain answers a person who is not staff for the sub-division."""

    STAFF_ONLY = "staff_only", _l("Only the SDM office of this sub-division can do this.")
