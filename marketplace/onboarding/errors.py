"""What onboarding a sub-division can refuse."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class OnboardingError(ErrorCode):
    ADMINS_ONLY = "onboarding_admins_only", _l("Only site admins onboard sub-divisions.")
