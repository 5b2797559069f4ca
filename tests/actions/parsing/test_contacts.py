"""UK phone numbers to E.164, and email addresses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import find_email, find_phone, is_uk_mobile, normalise_phone, parse_email
from actions.parsing.contacts import find_phone_as_corrected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("07700900123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("+44(0)7700-900-123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("01454 868008", "+441454868008"),
        ("0117 903 6000", "+441179036000"),
        ("(0117) 903 6000", "+441179036000"),
        ("020 7946 0958", "+442079460958"),
        ("07911 123456", "+447911123456"),
        ("my mobile is 07700 900123", "+447700900123"),
        ("tel: 01454 868008.", "+441454868008"),
        ("07700 900123 thanks", "+447700900123"),
        ("Mob - 07700 900 123", "+447700900123"),
        ("Tel 01632 960118", "+441632960118"),  # Ofcom's geographic drama range
    ],
)
def test_normalise_phone(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "12345",
        "999",
        "call 999",
        "07700 90012",  # a digit short
        "0770 090 01234 5",  # too long
        "+1 202 555 0143",  # American
        "+353 1 234 5678",  # Irish
        "0800 abc 123",
        "not sure",
        "07700 900123 or 01454 868008",
        "01632 961118",  # next to the drama range, not in it: no such number
    ],
)
def test_normalise_phone_refuses(text: str) -> None:
    assert normalise_phone(text) is None


@pytest.mark.parametrize(
    ("e164", "mobile"),
    [
        ("+447700900123", True),
        ("+447911123456", True),
        ("+441454868008", False),
        ("+441179036000", False),
        ("+12025550143", False),
        ("rubbish", False),
        ("", False),
    ],
)
def test_is_uk_mobile(e164: str, mobile: bool) -> None:
    assert is_uk_mobile(e164) is mobile


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring me on 07700 900123 or the office", "+447700900123"),
        ("Call me on +44 (0)7700 900123, thanks", "+447700900123"),
        ("office number 01454 868008 (ask for ART)", "+441454868008"),
        ("DOB 03/05/2011 and he's 15", None),
        ("reference 20231234, age 14", None),
        ("no number here", None),
        ("+1 202 555 0143", None),
    ],
)
def test_find_phone(text: str, expected: str | None) -> None:
    assert find_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a.b@southglos.gov.uk", "a.b@southglos.gov.uk"),
        ("A.B@SouthGlos.GOV.UK", "A.B@southglos.gov.uk"),
        ("my email is a.b@southglos.gov.uk", "a.b@southglos.gov.uk"),
        ("it's sarah.jones@nhs.net thanks", "sarah.jones@nhs.net"),
        ("sarah.jones@nhs.net.", "sarah.jones@nhs.net"),
        ("<sarah.jones@nhs.net>", "sarah.jones@nhs.net"),
        ("mailto:x@y.com", "x@y.com"),
        ("email: first_last+hsb@example.org", "first_last+hsb@example.org"),
        ("it is sarah@x.co.uk but I'm off next week", "sarah@x.co.uk"),
        ("o'neill@school.sch.uk", "o'neill@school.sch.uk"),
    ],
)
def test_parse_email(text: str, expected: str) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "john@",
        "john@gov",
        "@southglos.gov.uk",
        "john smith@x.com",
        "john @ x.com",
        "john@ x.com",
        "john@x .com",
        "sarah..jones@nhs.net",
        "sarah.@nhs.net",
        "x@y.com and z@w.com",
        "sarah@-nhs.net",
        "sarah@nhs.n3t",
        "not sure",
        "sarah at nhs dot net",
    ],
)
def test_parse_email_refuses(text: str) -> None:
    assert parse_email(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email me at a.b@southglos.gov.uk or call", "a.b@southglos.gov.uk"),
        ("Contact: Sarah (Sarah.Jones@NHS.net)", "Sarah.Jones@nhs.net"),
        ("x@y.com and z@w.com", "x@y.com"),
        ("nothing here", None),
        ("john@gov", None),
    ],
)
def test_find_email(text: str, expected: str | None) -> None:
    assert find_email(text) == expected


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "My mobile is 07700 900310, email helena dot brandt at nhs dot example dot net.",
            "helena.brandt@nhs.example.net",
        ),
        (
            "email jo underscore smith at southglos dot gov dot uk please",
            "jo_smith@southglos.gov.uk",
        ),
        # a written address wins over words that sound like one
        ("it's jo@x.org, not jo at y dot org", "jo@x.org"),
    ],
)
def test_an_address_read_out_is_found(text: str, address: str) -> None:
    assert find_email(text) == address


@pytest.mark.parametrize(
    "text", ["we met at the park", "he is at school dot", "I'm at home today. Dot said so."]
)
def test_words_that_are_no_address_read_out_give_none(text: str) -> None:
    assert find_email(text) is None


@given(st.lists(st.sampled_from(["a", "bc", ".", "@", " dot ", " at ", " "]), max_size=20))
def test_any_address_found_has_one_at_sign_and_a_dotted_domain(pieces: list[str]) -> None:
    address = find_email("".join(pieces))
    if address is not None:
        local, domain = address.split("@")
        assert local and "." in domain


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("It's 07700 900861 - no, sorry, I always do that - 07700 900816.", "+447700900816"),
        ("07700 900861, actually 07700 900816", "+447700900816"),
        # two numbers, no correction: the first
        ("My mobile is 07700 900310 or the office on 01454 868008.", "+447700900310"),
        ("Just the one: 07700 900310.", "+447700900310"),
    ],
)
def test_a_number_corrected_as_it_is_said_is_the_last_one(text: str, number: str) -> None:
    assert find_phone_as_corrected(text) == number


@given(st.text(max_size=120))
def test_a_number_is_found_as_corrected_exactly_when_one_is_found(text: str) -> None:
    assert (find_phone_as_corrected(text) is None) == (find_phone(text) is None)
