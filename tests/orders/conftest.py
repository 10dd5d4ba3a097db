"""Order tests use the payments tests' own fake Stripe."""

from tests.payments.conftest import fake_stripe  # noqa: F401 - a fixture, shared
