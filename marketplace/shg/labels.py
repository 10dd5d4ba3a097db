"""Words for group statuses and errors."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from marketplace.shg.models import SHGStatus

STATUS_LABELS = {
    SHGStatus.PENDING_REVIEW: _l("Waiting for approval"),
    SHGStatus.APPROVED: _l("Approved"),
    SHGStatus.REJECTED: _l("Not approved"),
}


def shg_error_message(code: str) -> str:
    messages = {
        "group_name": gettext("Write the group's name in Hindi or English (up to 100 letters)."),
        "story": gettext("Write at most 1000 characters about the group."),
        "aadhaar": gettext("This looks like an Aadhaar number. Swarozgar never stores Aadhaar "
                           "numbers: please remove it."),
        "village": gettext("Choose a village or ward of this sub-division."),
        "nrlm_code": gettext("The NRLM code has 6 to 20 letters and digits."),
        "nrlm_taken": gettext("Another group already has this NRLM code."),
        "ifsc": gettext("An IFSC code looks like SBIN0001234 (11 characters)."),
        "bank_account": gettext("A bank account number has 9 to 18 digits."),
        "upi": gettext("A UPI id looks like name@bank."),
        "in_another_group": gettext("This person is already a member of a group."),
        "member_role": gettext("This account cannot be a group member."),
        "last_leader": gettext("A group needs at least one leader."),
        "not_leader": gettext("Only the group's leaders can do this."),
        "shg_staff": gettext("Only the SDM office of this sub-division can do this."),
        "shg_transition": gettext("This group has already been decided."),
        "reason_required": gettext("Write the reason."),
    }
    return messages.get(code, gettext("Please check what you entered."))
