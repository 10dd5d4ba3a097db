"""Words for the reports: titles and column headings, also the CSVs' (what can go wrong:
reports.errors)."""

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
