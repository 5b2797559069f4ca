"""Phone numbers (UK, to E.164) and email addresses."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberType

from ._text import clean

# Ofcom keeps 07700 900000-900999 for drama and testing. phonenumbers calls them
# invalid, but they are what examples, demos and tests use, so they are accepted as
# mobiles: a message to one simply fails to deliver.
_DRAMA_MOBILE = re.compile(r"^7700900\d{3}$")
# Ofcom's geographic drama range 01632 960000-960999 is likewise called invalid by
# phonenumbers (its other drama ranges, "0117 496 0xxx" and the like, are valid numbers
# there already); it is accepted as a landline for the same reason.
_DRAMA_LANDLINE = re.compile(r"^1632960\d{3}$")

_PHONE_LEAD_IN = re.compile(
    r"^(?:(?:it'?s|its|it\s+is|my|work|mobile|mob|phone|tel(?:ephone)?|number|no\.?|is|on|call\s+me\s+on|"
    r"you\s+can\s+(?:call|reach)\s+me\s+on|direct\s+line|landline|contact|office|:|-)\s*)+",
    re.IGNORECASE,
)
_PHONE_TRAILER = re.compile(r"\s*(?:thanks|thank\s+you|cheers|ta|please)\s*$", re.IGNORECASE)
_PHONE_CHARACTERS = re.compile(r"^[+\d\s().\-/]+$")
# "+44 (0)7700 900123": the bracketed 0 is dropped when dialling from abroad.
_TRUNK_ZERO = re.compile(r"(\+\s*44|0044)\s*\(\s*0\s*\)")


def _uk_number(number: PhoneNumber) -> bool:
    if number.country_code != 44:
        return False
    national = str(number.national_number)
    if _DRAMA_MOBILE.match(national) or _DRAMA_LANDLINE.match(national):
        return True
    return phonenumbers.is_valid_number(number)


def _e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(text: str) -> str | None:
    """A UK phone number in E.164 ("07700 900123" -> "+447700900123"), else None.

    Numbers of other countries are refused: the service calls UK numbers only. Crown
    dependency numbers (+44 Isle of Man, Jersey, Guernsey) count as UK.
    """
    t = _TRUNK_ZERO.sub(r"\1 ", clean(text))
    t = _PHONE_TRAILER.sub("", _PHONE_LEAD_IN.sub("", t)).strip(" .,:;")
    if not t or not _PHONE_CHARACTERS.match(t) or len(re.sub(r"\D", "", t)) < 10:
        return None
    try:
        number = phonenumbers.parse(t, "GB")
    except NumberParseException:
        return None
    return _e164(number) if _uk_number(number) else None


def is_uk_mobile(e164: str) -> bool:
    """True for a UK mobile number (07...), given in E.164."""
    try:
        number = phonenumbers.parse(e164, "GB")
    except NumberParseException:
        return False
    if number.country_code != 44:
        return False
    if _DRAMA_MOBILE.match(str(number.national_number)):
        return True
    return (
        phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == PhoneNumberType.MOBILE
    )


def _phones(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with "+44 (0)" written plainly, and each UK number in it: where it
    starts and ends in that text, and its E.164 form."""
    t = _TRUNK_ZERO.sub(r"\1 ", text or "")
    matcher = phonenumbers.PhoneNumberMatcher(t, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    return t, [(m.start, m.end, _e164(m.number)) for m in matcher if _uk_number(m.number)]


def find_phone(text: str) -> str | None:
    """The first UK phone number inside a sentence, in E.164."""
    _, found = _phones(text)
    return found[0][2] if found else None


# "07700 900861 - no, sorry, I always do that - 07700 900816": the number said last.
_SELF_CORRECTION = re.compile(
    r"\b(?:no|sorry|actually|i\s+mean|i\s+meant|rather|correction|scratch\s+that)\b", re.IGNORECASE
)


def find_phone_as_corrected(text: str) -> str | None:
    """The UK phone number a sentence gives, the last one when it corrects a number
    given before it ("07700 900861 - no, sorry - 07700 900816"), else the first."""
    t, found = _phones(text)
    if len(found) >= 2 and found[0][2] != found[-1][2]:
        if _SELF_CORRECTION.search(t[found[0][1] : found[-1][0]]):
            return found[-1][2]
    return found[0][2] if found else None


# --- email ---------------------------------------------------------------------------

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"^(?P<local>{_LOCAL})@(?P<domain>(?:{_LABEL}\.)+[A-Za-z]{{2,24}})$")
_CANDIDATE = re.compile(r"[^\s<>()\[\],;:\"]+@[^\s<>()\[\],;:\"]+")

# Words that may stand right before an address in an answer ("my email is x@y.uk").
_BEFORE_ADDRESS = {
    "is", "email", "e-mail", "mail", "address", "it's", "its", "it", "me", "on", "at",
    "to", "use", "try", "via", "contact", "work", "sure", "yes", "ok", "okay", "mailto",
    "here", "please", "-", "sorry",
}  # fmt: skip


def _valid_address(candidate: str) -> str | None:
    candidate = candidate.strip("'`").rstrip(".")
    if candidate.lower().startswith("mailto:"):
        candidate = candidate[len("mailto:") :]
    match = _ADDRESS.match(candidate)
    if not match or len(candidate) > 254 or len(match.group("local")) > 64:
        return None
    return f"{match.group('local')}@{match.group('domain').lower()}"


# An address read out on a call: "helena dot brandt at nhs dot example dot net".
_SPOKEN_ADDRESS = re.compile(
    r"(?<![\w.-])(?P<local>[a-z0-9_-]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9_-]+){0,3})\s+at\s+"
    r"(?P<domain>[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+){1,4})(?![\w-])",
    re.IGNORECASE,
)
_SPOKEN_MARKS = {"dot": ".", "underscore": "_", "dash": "-"}


def _spoken_email(text: str) -> str | None:
    for match in _SPOKEN_ADDRESS.finditer(text):
        written = "@".join(
            re.sub(
                r"\s+(dot|underscore|dash)\s+",
                lambda mark: _SPOKEN_MARKS[mark[1].lower()],
                part,
                flags=re.IGNORECASE,
            )
            for part in (match["local"], match["domain"])
        )
        if address := _valid_address(written):
            return address
    return None


def find_email(text: str) -> str | None:
    """The first valid email address inside a sentence, domain in lower case; an address
    read out ("jo dot bloggs at nhs dot net") when none is written."""
    for candidate in _CANDIDATE.findall(clean(text)):
        if address := _valid_address(candidate):
            return address
    return _spoken_email(clean(text))


def parse_email(text: str) -> str | None:
    """The email address given as an answer, or None.

    Exactly one "@" in the answer; an address split by spaces ("john @ x.com",
    "john smith@x.com") or an incomplete one ("john@", "john@gov") is refused.
    """
    t = clean(text)
    if t.count("@") != 1:
        return None
    candidates = _CANDIDATE.findall(t)
    if len(candidates) != 1:
        return None  # a space beside the "@"
    address = _valid_address(candidates[0])
    if address is None:
        return None
    before = t[: t.find(candidates[0])].split()
    if before and before[-1].lower().strip(":") not in _BEFORE_ADDRESS:
        return None  # "john smith@x.com": part of the address is missing
    return address
