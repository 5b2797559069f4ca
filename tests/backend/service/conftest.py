"""The follow-up policy of the SMS settings the tests use (tests/support/sms.py)."""

from tests.support.sms import policy  # noqa: F401 (a fixture)
