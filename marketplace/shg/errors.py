"""What the self-help group rules refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class ShgError(ErrorCode):
    GROUP_NAME = "group_name", _l("Write the group's name in Hindi or English (up to 100 "
                                  "letters).")
    STORY = "story", _l("Write at most 1000 characters about the group.")
    AADHAAR = "aadhaar", _l("This looks like an Aadhaar number. Swarozgar never stores Aadhaar "
                            "numbers: please remove it.")
    NRLM_CODE = "nrlm_code", _l("The NRLM code has 6 to 20 letters and digits.")
    NRLM_TAKEN = "nrlm_taken", _l("Another group already has this NRLM code.")
    IFSC = "ifsc", _l("An IFSC code looks like SBIN0001234 (11 characters).")
    BANK_ACCOUNT = "bank_account", _l("A bank account number has 9 to 18 digits.")
    UPI = "upi", _l("A UPI id looks like name@bank.")
    IN_ANOTHER_GROUP = "in_another_group", _l("This person is already a member of a group.")
    MEMBER_ROLE = "member_role", _l("This account cannot be a group member.")
    LAST_LEADER = "last_leader", _l("A group needs at least one leader.")
    NOT_LEADER = "not_leader", _l("Only the group's leaders can do this.")
    SHG_TRANSITION = "shg_transition", _l("This group has already been decided.")
    REASON_REQUIRED = "reason_required", _l("Write the reason.")
