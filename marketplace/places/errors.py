"""What adding places can refuse, with the words the settings pages show."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class PlaceError(ErrorCode):
    SUB_DIVISION_CODE = "sub_division_code", _l("Use 2 to 6 letters A–Z for the code, e.g. NDN.")
    SUB_DIVISION_EXISTS = "sub_division_exists", _l("A sub-division with this code exists "
                                                    "already.")
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
    WHATSAPP_NUMBER_TAKEN = "whatsapp_number_taken", _l("Another sub-division has this "
                                                        "WhatsApp number already.")
