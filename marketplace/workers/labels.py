"""Words for worker statuses, units and errors, as people read them."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from marketplace.workers.models import Availability, RateUnit, WorkerStatus

STATUS_LABELS = {
    WorkerStatus.PENDING_CONSENT: _l("Waiting for the worker's consent"),
    WorkerStatus.PENDING_REVIEW: _l("Waiting for approval"),
    WorkerStatus.APPROVED: _l("Listed"),
    WorkerStatus.REJECTED: _l("Not approved"),
    WorkerStatus.WITHDRAWN: _l("Deleted"),
}
UNIT_LABELS = {RateUnit.DAY: _l("per day"), RateUnit.VISIT: _l("per visit")}
AVAILABILITY_LABELS = {
    Availability.AVAILABLE: _l("Available now"),
    Availability.FROM_DATE: _l("Available from a date"),
    Availability.NOT_TAKING: _l("Not taking work"),
}


def worker_error_message(code: str) -> str:
    messages = {
        "name": gettext("Enter a name of at most 80 characters."),
        "skills_too_long": gettext("Write at most 1000 characters about skills."),
        "aadhaar": gettext("This looks like an Aadhaar number. Swarozgar never stores Aadhaar "
                           "numbers: remove it, or enter the 12-digit UAN from the e-Shram card."),
        "uan_format": gettext("The e-Shram UAN has exactly 12 digits."),
        "rate_range": gettext("Enter a rate between ₹1 and ₹50,000."),
        "experience_range": gettext("Enter years of experience from 0 to 70."),
        "radius_range": gettext("Enter a distance from 1 to 100 km."),
        "languages": gettext("Choose at least one language from the list."),
        "available_from": gettext("Choose a date after today."),
        "too_many_categories": gettext("Choose at most 3 other kinds of work."),
        "category": gettext("Choose the work from the list."),
        "village": gettext("Choose villages of this sub-division from the list."),
        "profile_exists": gettext("This person already has a worker profile."),
        "reason_required": gettext("Write the reason, so the worker can correct it."),
        "nothing_to_review": gettext("There is nothing waiting for review on this profile."),
        "worker_transition": gettext("This profile cannot be changed now."),
        "moderate_worker": gettext("You cannot approve or reject this profile."),
        "phone_hidden": gettext("This worker takes bookings only."),
        "synonym": gettext("Write a word of at most 60 letters."),
        "synonym_exists": gettext("This word already finds a category."),
        "rate_card": gettext("You can set rates only for your own sub-division."),
    }
    return messages.get(code, gettext("Please check what you entered."))


def import_error_message(code: str) -> str:
    messages = {
        "csv_too_large": gettext("The file is larger than 1 MB. Split it into smaller files."),
        "csv_encoding": gettext("Save the file as “CSV UTF-8” and upload it again."),
        "csv_columns": gettext("The first row must have the column names of the template."),
        "csv_too_many_rows": gettext("At most 2000 rows at a time. Split the file."),
        "csv_phone": gettext("Not a valid 10-digit Indian mobile number."),
        "csv_phone_twice": gettext("The same phone number is on an earlier row."),
        "csv_name": gettext("The name is missing or longer than 80 characters."),
        "csv_category": gettext("Unknown work. Use a category from the template or a word "
                                "staff have added."),
        "csv_village": gettext("Unknown village or ward in this sub-division."),
        "csv_village_ambiguous": gettext("Two villages have this name; write it as in the "
                                         "places list."),
        "csv_rate": gettext("The rate must be an amount in rupees, e.g. 600."),
        "csv_rate_unit": gettext("rate_unit must be day or visit."),
        "csv_experience": gettext("Years of experience must be a number from 0 to 70."),
        "csv_languages": gettext("Languages must be codes such as hi;pahari;en."),
        "already_imported": gettext("This file has already been imported."),
        "register_for": gettext("You cannot register workers in this sub-division."),
    }
    return messages.get(code) or worker_error_message(code)
