"""What drives, their targets and camps refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class DriveError(ErrorCode):
    NAME = "drive_name", _l("Write the drive's name in English or Hindi (or both), at most 120 "
                            "characters each.")
    DATES = "drive_dates", _l("The drive must end on or after the day it starts, and last at "
                              "most a year.")
    TARGET = "drive_target", _l("Each target is a whole number from 0 to 10,00,000 (or empty "
                                "for none).")
    TARGET_PLACE = "drive_target_place", _l("Targets can be set only for this sub-division's "
                                            "blocks and partners.")
    CAMPS_OUTSIDE = "drive_camps_outside", _l("A camp of this drive falls outside these dates: "
                                              "move or cancel it first.")
    CATEGORY = "drive_category", _l("Choose the kinds of work from the list.")
    CHANGED_MEANWHILE = "drive_changed_meanwhile", _l(
        "Someone else saved this drive while you were editing it. Your changes were not "
        "saved: look at the drive as it is now and make them again.")
    MANAGE = "drive_manage", _l("You can manage drives only for your own sub-division.")
    PARTNER_NAME = "partner_name", _l("Write the partner's name in English or Hindi (or both), "
                                      "at most 80 characters each.")
    PARTNER_EXISTS = "partner_exists", _l("This sub-division already has a partner of this "
                                          "name.")
    PARTNER = "camp_partner", _l("Choose a partner of this sub-division from the list.")
    OPERATOR = "partner_operator", _l("Choose a CSC operator of this sub-division from the "
                                      "list.")
    CAMP_DATE = "camp_date", _l("The camp's date must be within the drive's dates.")
    CAMP_DAY_PAST = "camp_day_past", _l("That day has already passed: a camp can be planned "
                                        "or moved only to today or a later day.")
    CAMP_VILLAGE = "camp_village", _l("Choose a village or ward of the drive's sub-division.")
    CAMP_OPERATORS = "camp_operators", _l("Choose at least one CSC operator of this "
                                          "sub-division.")
    FOOTFALL = "camp_footfall", _l("Expected footfall is a whole number from 0 to 1,00,000.")
    REASON = "camp_reason", _l("Write the reason (at most 300 characters); the operators are "
                               "told it.")
    CAMP_TRANSITION = "camp_transition", _l("This camp cannot be changed now.")
    HELD_EARLY = "camp_held_early", _l("A camp can be marked as held only on its day or "
                                       "after it.")
    MOVE_SAME = "camp_move_same", _l("Choose another day or place to move the camp to.")
    MOVE_REGISTERED = "camp_move_registered", _l(
        "Workers have already been registered at this camp, on its day and in its village, "
        "so it cannot be moved. Mark it as held, and plan a new camp for the other day or "
        "place.")
    NOT_ASSIGNED = "camp_not_assigned", _l("You are not assigned to this camp, so "
                                           "registrations cannot be counted to it.")
    NOT_TODAY = "camp_not_today", _l("Registrations are counted to a camp only on its day, "
                                     "while it is planned.")
