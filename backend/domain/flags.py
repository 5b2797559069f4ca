"""The flags a screening can raise: each asks a person to look, with a next step."""

from __future__ import annotations

from dataclasses import dataclass

# Each flag with the reason given for it and the next step it asks for.
FLAG_TEXT: dict[str, tuple[str, str]] = {
    "AGE_NEAR_18": (
        "The young person turns 18 within three months of the referral.",
        "Discuss with the service whether there is time to offer an assessment before "
        "they turn 18, and who supports them after that.",
    ),
    "AREA_UNCERTAIN": (
        "The postcode area crosses the South Gloucestershire boundary.",
        "Check the full home address to confirm the young person lives in South Gloucestershire.",
    ),
    "NO_ALLOCATED_PROFESSIONAL": (
        "There is no allocated professional; exceptions can be agreed.",
        "Discuss with the service who will act as the lead professional.",
    ),
    "SIGNIFICANT_ADULT_UNSURE": (
        "It is not yet clear whether the significant adult will take part.",
        "Check with the significant adult that they are willing to take part in the programme.",
    ),
    "SAFETY_UNSURE": (
        "It is not clear that the young person is living in a safe place to take part.",
        "Discuss the living situation and safety plan with the service.",
    ),
    "POLICE_INVESTIGATION_ONGOING": (
        "A police investigation or prosecution is still open.",
        "The service will discuss the case individually; early involvement may still be possible.",
    ),
    "CONSENT_REFUSED": (
        "Consent to the referral was refused; the work is voluntary.",
        "Discuss with the service how to talk with the family and young person about taking part.",
    ),
    "CONSENT_NOT_SOUGHT": (
        "Consent to the referral has not been sought yet.",
        "Seek consent from the parent or carer and the young person, unless asking "
        "would raise the risk; if so, tell the service why.",
    ),
    "IMMEDIATE_RISK": (
        "A child was said to be in immediate danger or still at risk now.",
        "If a child is in immediate danger call 999, and contact the Access and Response Team now.",
    ),
}
FLAG_CODES: tuple[str, ...] = tuple(FLAG_TEXT)


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str


def make_flag(code: str) -> Flag:
    if code not in FLAG_TEXT:
        raise ValueError(f"unknown flag code {code!r}")
    return Flag(code, FLAG_TEXT[code][0])
