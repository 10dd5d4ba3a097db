"""Words for the reports: titles, column headings (also the CSVs') and what can go wrong."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

TITLES = {
    "registrations": _l("Registrations against targets"),
    "groups": _l("Self-help groups and products"),
    "orders": _l("Orders, revenue and top products"),
    "bookings": _l("Bookings and ratings"),
}
SUMMARIES = {
    "registrations": _l("Listed workers by block and kind of work, week by week, with the "
                        "targets you set."),
    "groups": _l("Each group's members, and its products in the catalogue, waiting and out of "
                 "stock."),
    "orders": _l("Orders placed and delivered for each group, week by week; revenue from "
                 "delivered orders, less refunds; the ten products sold most."),
    "bookings": _l("Bookings asked for, completed and cancelled, and the average rating, by "
                   "kind of work."),
}


def range_error_message(code: str) -> str:
    messages = {
        "date_format": gettext("Write the dates as year-month-day, e.g. 2026-04-01."),
        "range_order": gettext("The first date must not be after the last date."),
        "range_too_long": gettext("A report covers at most 366 days: choose a shorter period."),
        "range_out_of_bounds": gettext("Choose dates from the year 2000 up to a year from "
                                       "today."),
        "sub_division": gettext("Choose a sub-division from the list."),
    }
    return messages.get(code, messages["date_format"])


def target_error_message(code: str) -> str:
    messages = {
        "target_number": gettext("Write a whole number from 0 to 100000, or leave it empty."),
        "target_block": gettext("That block is not in this sub-division."),
        "target_category": gettext("That kind of work is not in the list."),
    }
    return messages.get(code, messages["target_number"])


def csv_headings(report: str) -> list[str]:
    """The first row of each CSV, in the reader's language."""
    week = gettext("Week starting")
    headings = {
        "registrations": [gettext("Sub-division"), gettext("Block"), gettext("Kind of work"),
                          gettext("Registrations"), gettext("Target"),
                          gettext("Per cent of target")],
        "registrations-weekly": [gettext("Sub-division"), gettext("Block"), week,
                                 gettext("Registrations")],
        "groups": [gettext("Group"), gettext("Status"), gettext("Members"),
                   gettext("Products in the catalogue"), gettext("Products waiting"),
                   gettext("Out of stock"), gettext("Products added in the period")],
        "orders": [gettext("Group"), week, gettext("Orders placed"),
                   gettext("Orders delivered"), gettext("Revenue (rupees)"),
                   gettext("Refunded (rupees)"), gettext("Net revenue (rupees)")],
        "top-products": [gettext("Rank"), gettext("Product"), gettext("Group"),
                         gettext("Unit"), gettext("Units sold"), gettext("Revenue (rupees)")],
        "bookings": [gettext("Kind of work"), gettext("Bookings asked for"),
                     gettext("Completed"), gettext("Cancelled"), gettext("Declined"),
                     gettext("Ratings"), gettext("Average rating")],
    }
    return headings[report]
