"""What adding places can refuse, with the words the settings pages show."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class PlaceError(ErrorCode):
    SUB_DIVISION_CODE = "sub_division_code", _l("Use 2 to 6 letters A–Z for the code, e.g. NDN.")
    SUB_DIVISION_EXISTS = "sub_division_exists", _l("A sub-division with this code exists "
                                                    "already.")
    VILLAGE = "village", _l("Choose a village or ward of this sub-division.")
    NAME = "name", _l("Write the name (at most 80 characters).")
    DISTRICT = "district", _l("Write the district (at most 80 characters).")
    STATE = "state", _l("Write the state (at most 80 characters).")
    BLOCK_EXISTS = "block_exists", _l("This sub-division has a block of that name already.")
    PANCHAYAT_EXISTS = "panchayat_exists", _l("This block has a panchayat of that name "
                                              "already.")
    VILLAGE_EXISTS = "village_exists", _l("This panchayat has a village or ward of that name "
                                          "already.")
    COORDINATES = "coordinates", _l("Give both latitude and longitude in range, or neither.")
    COORDINATES_REQUIRED = "coordinates_required", _l("The first village of a sub-division "
                                                      "needs its latitude and longitude.")
    WHATSAPP_NUMBER = "whatsapp_number", _l("Write the phone number ID that Meta shows for the "
                                            "number (digits only), or leave it empty.")
    WHATSAPP_DISPLAY_NUMBER = "whatsapp_display_number", _l(
        "Write the mobile number people send WhatsApp messages to (e.g. 98160 12345), or "
        "leave it empty.")
    WHATSAPP_NUMBER_TAKEN = "whatsapp_number_taken", _l("Another sub-division has this "
                                                        "WhatsApp number already.")


class LgdError(ErrorCode):
    """What an LGD village list can be refused for, as a whole or row by row."""

    TOO_LARGE = "lgd_too_large", _l("The file is larger than 5 MB: upload the village list "
                                    "of one sub-district.")
    EMPTY = "lgd_empty", _l("The file has no rows of villages.")
    ENCODING = "lgd_encoding", _l("The file could not be read: save it as “CSV UTF-8” and "
                                  "upload it again.")
    LOCAL_NAMES_LOST = "lgd_local_names_lost", _l(
        "The file was saved in an encoding that lost the local-language names (they show as "
        "?): save it as “CSV UTF-8” and upload it again.")
    MALFORMED = "lgd_malformed", _l("The file is not a CSV file that can be read.")
    COLUMNS = "lgd_columns", _l("The file lacks columns of the LGD village list:")
    TOO_MANY_ROWS = "lgd_too_many_rows", _l("The file has more than 20,000 rows: upload the "
                                            "village list of one sub-district.")
    SUB_DISTRICT_CHOICE = "lgd_sub_district_choice", _l(
        "The file has villages of several sub-districts: write the LGD code of the one to "
        "onboard.")
    SUB_DISTRICT_ABSENT = "lgd_sub_district_absent", _l(
        "No row of the file is of the sub-district with this LGD code.")
    CODE_NEEDED = "lgd_code_needed", _l("Write a short code (2 to 6 letters A–Z) for the new "
                                        "sub-division.")
    ALREADY_IMPORTED = "lgd_already_imported", _l("This list has been imported already.")
    CHANGED = "lgd_changed", _l("The places changed while the list was being imported: "
                                "nothing was imported. Check the preview again.")
    # Row by row
    OTHER_SUB_DISTRICT = "lgd_other_sub_district", _l("The village is of another "
                                                      "sub-district.")
    OTHER_DISTRICT = "lgd_other_district", _l("The district or state differs from the other "
                                              "rows of this sub-district.")
    ROW_CODE = "lgd_row_code", _l("A code is missing or is not a number.")
    ROW_NAME = "lgd_row_name", _l("A name is missing, longer than 80 characters or holds "
                                  "control characters.")
    DUPLICATE_CODE = "lgd_duplicate_code", _l("An earlier row has the same village code.")
    CODE_ELSEWHERE = "lgd_code_elsewhere", _l("A village of another sub-division has this "
                                              "LGD code.")
    BLOCK_DIFFERS = "lgd_block_differs", _l("The block code and block name do not match "
                                            "other rows.")
    PANCHAYAT_DIFFERS = "lgd_panchayat_differs", _l("The panchayat code and panchayat name "
                                                    "do not match other rows.")
    NAME_TWICE = "lgd_name_twice", _l("Another village of the same panchayat has this English "
                                      "name: add a word that tells them apart.")
    COORDINATES = "lgd_coordinates", _l("Give latitude and longitude in degrees, both or "
                                        "neither.")
    COORDINATES_REQUIRED = "lgd_coordinates_required", _l(
        "No village has coordinates to place this one near: give the sub-division's centre "
        "on the upload form.")
    KIND = "lgd_kind", _l("The kind must be village or town (ward).")
