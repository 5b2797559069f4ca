"""The values a choice field may take, and the sentinel for a "don't know".

UNKNOWN is what a professional's "don't know" becomes: recorded as unknown, never
guessed. The enumerations are the values the record stores; the bot's parsers map the
professional's words onto them.
"""

from __future__ import annotations

import re

UNKNOWN = "unknown"

YES_NO = ("yes", "no")
YES_NO_UNKNOWN = ("yes", "no", UNKNOWN)
YES_NO_UNSURE = ("yes", "no", "unsure")
LEGAL_STATUS = ("none", "child_in_need", "child_protection_plan", "looked_after", "other")
LIVES_WITH = ("parents", "one_parent", "kinship", "foster", "residential", "other")
CONTEXTS = ("home", "school", "community", "online")
ADMISSION = ("full", "partial", "minimising", "denial", "not_known")
POLICE_STATUS = (
    "none",
    "open",
    "no_further_action",
    "community_resolution",
    "caution",
    "charged",
    "convicted",
)
MEETINGS = (
    "strategy_meeting",
    "child_protection_conference",
    "child_care_review",
    "family_group_conference",
)
ASSESSMENTS = ("none", "aim", "aim3", "erasor", "other")
CONSENT = ("agreed", "refused", "not_sought")
SERVICES = ("assessment", "assessment_and_therapy", "consultation", "advice_for_family")
GENDERS = ("male", "female", "non-binary")
# A gender in the professional's own words (lower case, no digits): self-described or
# withheld, kept as written rather than re-labelled.
SELF_DESCRIBED_GENDER = re.compile(
    r"(?=.*\b(?:trans\w*|ftm|mtf|identif\w+|gender\s*fluid|fluid|questioning|intersex|"
    r"prefer\s+not|other|not\s+stated)\b)[^\d]*",
    re.DOTALL,
)
# A harmed child (or a group) is described by relationship (one of these) and age, never named.
HARMED_CHILD_RELATIONSHIPS = (
    "friend's sibling",
    "half-sibling",
    "step-sibling",
    "foster sibling",
    "cousin",
    "sibling",
    "niece or nephew",
    "neighbour's child",
    "family friend's child",
    "classmate",
    "relative",
    "online contact",
    "child being babysat",
    "partner",
    "friend",
    "peer",
    "stranger",
    "younger child",
)
# One harmed-children entry may stand for a group: how many, at most this many, or
# SEVERAL_CHILDREN when the referrer did not say.
MOST_CHILDREN_IN_A_GROUP = 50
SEVERAL_CHILDREN = "several"
AGENCIES = ("social care", "education", "health", "police", "YOT", "CAMHS", "other")
