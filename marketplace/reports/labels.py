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


#: the admins' view of every sub-division side by side (not in TITLES: staff see their own)
SIDE_BY_SIDE_TITLE = _l("Every sub-division side by side")
SIDE_BY_SIDE_SUMMARY = _l("For each state and district: registrations against targets, "
                          "listings, orders and revenue, bookings and ratings, and doorstep "
                          "deliveries, sub-division by sub-division.")


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
        "sub-divisions": [gettext("State"), gettext("District"), gettext("Sub-division"),
                          gettext("Code"), gettext("Registrations"), gettext("Target"),
                          gettext("Per cent of target"), gettext("Workers listed"),
                          gettext("Products in the catalogue"), gettext("Orders placed"),
                          gettext("Orders delivered"), gettext("Net revenue (rupees)"),
                          gettext("Bookings asked for"), gettext("Completed"),
                          gettext("Ratings"), gettext("Average rating"),
                          gettext("Deliveries made"), gettext("Deliveries failed"),
                          gettext("Per cent delivered")],
    }
    return headings[report]
