"""What worker profiles, their review and the CSV import refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class WorkerError(ErrorCode):
    NAME = "name", _l("Enter a name of at most 80 characters.")
    SKILLS_TOO_LONG = "skills_too_long", _l("Write at most 1000 characters about skills.")
    AADHAAR = "aadhaar", _l("This looks like an Aadhaar number. Swarozgar never stores Aadhaar "
                            "numbers: remove it, or enter the 12-digit UAN from the e-Shram "
                            "card.")
    UAN_FORMAT = "uan_format", _l("The e-Shram UAN has exactly 12 digits.")
    RATE_RANGE = "rate_range", _l("Enter a rate between ₹1 and ₹50,000.")
    EXPERIENCE_RANGE = "experience_range", _l("Enter years of experience from 0 to 70.")
    RADIUS_RANGE = "radius_range", _l("Enter a distance from 1 to 100 km.")
    LANGUAGES = "languages", _l("Choose at least one language from the list.")
    AVAILABLE_FROM = "available_from", _l("Choose a date after today.")
    TOO_MANY_CATEGORIES = "too_many_categories", _l("Choose at most 3 other kinds of work.")
    CATEGORY = "category", _l("Choose the work from the list.")
    VILLAGE = "village", _l("Choose villages of this sub-division from the list.")
    PROFILE_EXISTS = "profile_exists", _l("This person already has a worker profile.")
    REASON_REQUIRED = "reason_required", _l("Write the reason, so the worker can correct it.")
    NOTHING_TO_REVIEW = "nothing_to_review", _l("There is nothing waiting for review on this "
                                                "profile.")
    WORKER_TRANSITION = "worker_transition", _l("This profile cannot be changed now.")
    MODERATE_WORKER = "moderate_worker", _l("You cannot approve or reject this profile.")
    WITHDRAW_WORKER = "withdraw_worker", _l("Only the worker can delete their profile.")
    PHONE_HIDDEN = "phone_hidden", _l("This worker takes bookings only.")
    SYNONYM = "synonym", _l("Write a word of at most 60 letters.")
    SYNONYM_EXISTS = "synonym_exists", _l("This word already finds a category.")
    RATE_CARD = "rate_card", _l("You can set rates only for your own sub-division.")
    REGISTER_FOR = "register_for", _l("You cannot register workers in this sub-division.")
    # listed in a neighbouring sub-division too (workers/neighbours.py)
    NEIGHBOUR_PROPOSE = "neighbour_propose", _l("Only staff of the worker's own sub-division "
                                                "can ask to list them in another.")
    NEIGHBOUR_OWN = "neighbour_own", _l("Choose a sub-division other than the worker's own.")
    NEIGHBOUR_NOT_LISTED = "neighbour_not_listed", _l("Only an approved worker can be listed "
                                                      "in another sub-division.")
    NEIGHBOUR_EXISTS = "neighbour_exists", _l("This worker is already listed there, or waits "
                                              "for an answer from there.")
    NEIGHBOUR_DECIDE = "neighbour_decide", _l("Only staff of the sub-division asked can accept "
                                              "or refuse.")
    NEIGHBOUR_END = "neighbour_end", _l("Only staff of either sub-division can end this.")
    NEIGHBOUR_REASON = "neighbour_reason", _l("Write the reason, so the other office knows "
                                              "why.")
    NEIGHBOUR_TRANSITION = "neighbour_transition", _l("This has already been decided or "
                                                      "ended.")
    # the CSV import: the file, then each row
    CSV_TOO_LARGE = "csv_too_large", _l("The file is larger than 1 MB. Split it into smaller "
                                        "files.")
    CSV_ENCODING = "csv_encoding", _l("Save the file as “CSV UTF-8” and upload it again.")
    CSV_COLUMNS = "csv_columns", _l("The first row must have the column names of the template.")
    CSV_TOO_MANY_ROWS = "csv_too_many_rows", _l("At most 2000 rows at a time. Split the file.")
    ALREADY_IMPORTED = "already_imported", _l("This file has already been imported.")
    CSV_PHONE = "csv_phone", _l("Not a valid 10-digit Indian mobile number.")
    CSV_PHONE_TWICE = "csv_phone_twice", _l("The same phone number is on an earlier row.")
    CSV_NAME = "csv_name", _l("The name is missing or longer than 80 characters.")
    CSV_CATEGORY = "csv_category", _l("Unknown work. Use a category from the template or a word "
                                      "staff have added.")
    CSV_VILLAGE = "csv_village", _l("Unknown village or ward in this sub-division.")
    CSV_VILLAGE_AMBIGUOUS = "csv_village_ambiguous", _l("Two villages have this name; write it "
                                                        "as in the places list.")
    CSV_RATE = "csv_rate", _l("The rate must be an amount in rupees, e.g. 600.")
    CSV_RATE_UNIT = "csv_rate_unit", _l("rate_unit must be day or visit.")
    CSV_EXPERIENCE = "csv_experience", _l("Years of experience must be a number from 0 to 70.")
    CSV_LANGUAGES = "csv_languages", _l("Languages must be codes such as hi;pahari;en.")
