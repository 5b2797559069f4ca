"""Single-choice answers: legal status, lives with, police, admission, consent, service,
previous assessment."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from actions.parsing import (
    parse_admission,
    parse_assessment,
    parse_consent,
    parse_legal_status,
    parse_lives_with,
    parse_police_status,
    parse_service,
)
from backend.domain.fields import (
    ADMISSION,
    ASSESSMENTS,
    CONSENT,
    LEGAL_STATUS,
    LIVES_WITH,
    POLICE_STATUS,
    SERVICES,
)

# Button payloads reach the parsers with "_" turned into spaces (slot_validation does
# this), so every canonical value must read back as itself.
CANONICAL = [
    (parse_legal_status, LEGAL_STATUS),
    (parse_lives_with, LIVES_WITH),
    (parse_admission, ADMISSION),
    (parse_police_status, POLICE_STATUS),
    (parse_assessment, ASSESSMENTS),
    (parse_consent, CONSENT),
    (parse_service, SERVICES),
]


@pytest.mark.parametrize(
    ("parser", "value"), [(parser, value) for parser, values in CANONICAL for value in values]
)
def test_canonical_values_round_trip(parser: Callable[[str], str | None], value: str) -> None:
    assert parser(value) == value
    assert parser(value.replace("_", " ")) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("none", "none"),
        ("no", "none"),
        ("nothing", "none"),
        ("not open to social care", "none"),
        ("not known to social care", "none"),
        ("early help only", "none"),
        ("no plan in place", "none"),
        ("CIN", "child_in_need"),
        ("cin plan", "child_in_need"),
        ("child in need", "child_in_need"),
        ("Child In Need.", "child_in_need"),
        ("s17", "child_in_need"),
        ("section 17", "child_in_need"),
        ("CP", "child_protection_plan"),
        ("cp", "child_protection_plan"),
        ("CP plan", "child_protection_plan"),
        ("CPP", "child_protection_plan"),
        ("on a child protection plan", "child_protection_plan"),
        ("subject to CP", "child_protection_plan"),
        ("he is cp - neglect", "child_protection_plan"),
        ("on a CP plan under sexual abuse", "child_protection_plan"),
        ("LAC", "looked_after"),
        ("CLA", "looked_after"),
        ("looked after", "looked_after"),
        ("Looked-after child", "looked_after"),
        ("in care", "looked_after"),
        ("s20", "looked_after"),
        ("S.20", "looked_after"),
        ("section 20 accommodated", "looked_after"),
        ("care order", "looked_after"),
        ("interim care order", "looked_after"),
        ("foster care", "looked_after"),
        ("in a children's home", "looked_after"),
        ("SGO", "other"),
        ("special guardianship order", "other"),
        ("private fostering arrangement", "other"),
        ("something else", "other"),
        ("was on CP, now CIN", "child_in_need"),
        ("stepped down from CP to CIN", "child_in_need"),
        ("came off CP last month, CIN now", "child_in_need"),
        ("not CP but CIN", "child_in_need"),
        # a negated list is negated throughout
        ("not on CP or CIN, he is LAC", "looked_after"),
        ("no police involvement, CP plan in place", "child_protection_plan"),
        ("don't know", "unknown"),
        ("not sure 🤷", "unknown"),
    ],
)
def test_legal_status(text: str, expected: str) -> None:
    assert parse_legal_status(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yes",
        "not CP",
        "CP and LAC",
        "CP conference next week",
        "s47 ongoing",
        "banana",
        "no CIN, CP or LAC status",
        "not on a CIN or CP plan",
    ],
)
def test_legal_status_refused(text: str) -> None:
    assert parse_legal_status(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("parents", "parents"),
        ("both parents", "parents"),
        ("mum and dad", "parents"),
        ("Mum & Dad", "parents"),
        ("his birth parents", "parents"),
        ("mum and stepdad", "parents"),
        ("mum and her partner", "parents"),
        ("dad and step-mum", "parents"),
        ("mum", "one_parent"),
        ("lives with dad", "one_parent"),
        ("just mum", "one_parent"),
        ("single parent", "one_parent"),
        ("single mum", "one_parent"),
        ("mum and gran", "one_parent"),
        ("mom", "one_parent"),
        ("grandparents", "kinship"),
        ("his nan", "kinship"),
        ("gran", "kinship"),
        ("aunt", "kinship"),
        ("with her auntie and uncle", "kinship"),
        ("SGO carer", "kinship"),
        ("kinship carer", "kinship"),
        ("his older sister", "kinship"),
        ("foster", "foster"),
        ("foster carers", "foster"),
        ("with foster carers", "foster"),
        ("foster mum", "foster"),
        ("in an IFA placement", "foster"),
        ("children's home", "residential"),
        ("childrens home", "residential"),
        ("residential unit", "residential"),
        ("secure unit", "residential"),
        ("supported accommodation", "other"),
        ("shared care between mum and dad", "other"),
        ("on his own", "other"),
        ("step-dad", "other"),
        ("used to live with mum, now with foster carers", "foster"),
        ("doesn't live with dad, lives with his nan", "kinship"),
        ("dont know", "unknown"),
    ],
)
def test_lives_with(text: str, expected: str) -> None:
    assert parse_lives_with(text) == expected


@pytest.mark.parametrize("text", ["", "hmm", "a house", "not with mum"])
def test_lives_with_refused(text: str) -> None:
    assert parse_lives_with(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("none", "none"),
        ("no", "none"),
        ("no police involvement", "none"),
        ("police not involved", "none"),
        ("not reported to the police", "none"),
        ("not known to police", "none"),
        ("under investigation", "open"),
        ("RUI", "open"),
        ("rui", "open"),
        ("released under investigation", "open"),
        ("on bail", "open"),
        ("bailed until January", "open"),
        ("ongoing", "open"),
        ("on-going", "open"),
        ("being investigated", "open"),
        ("police are investigating", "open"),
        ("awaiting CPS decision", "open"),
        ("not charged, still on bail", "open"),
        ("NFA", "no_further_action"),
        ("nfa", "no_further_action"),
        ("NFA'd", "no_further_action"),
        ("NFA’d in June", "no_further_action"),
        ("no further action", "no_further_action"),
        ("outcome 21", "no_further_action"),
        ("was on bail, now NFA", "no_further_action"),
        ("charged but found not guilty", "no_further_action"),
        ("no police action to be taken, the matter is closed", "no_further_action"),
        ("police are taking no action", "no_further_action"),
        ("no further police action", "no_further_action"),
        ("community resolution", "community_resolution"),
        ("caution", "caution"),
        ("conditional caution", "caution"),
        ("youth caution", "caution"),
        ("YCC", "caution"),
        ("he was cautioned", "caution"),
        ("charged", "charged"),
        ("awaiting court", "charged"),
        ("court date set for March", "charged"),
        ("trial in the new year", "charged"),
        ("pleaded not guilty", "charged"),
        ("convicted", "convicted"),
        ("found guilty", "convicted"),
        ("sentenced to a referral order", "convicted"),
        ("referral order", "convicted"),
        ("pleaded guilty, awaiting sentence", "convicted"),
        ("don't know", "unknown"),
    ],
)
def test_police_status(text: str, expected: str) -> None:
    assert parse_police_status(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not charged",
        "police",
        "yes",
        "banana",
    ],
)
def test_police_status_refused(text: str) -> None:
    assert parse_police_status(text) is None


@pytest.mark.parametrize(
    "text", ["no police action because it was never reported", "no police action needed?"]
)
def test_no_police_action_without_a_decision_taken_is_no_outcome(text: str) -> None:
    assert parse_police_status(text) != "no_further_action"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he admits it", "full"),
        ("fully admitted", "full"),
        ("full admission", "full"),
        ("he accepts what happened", "full"),
        ("takes responsibility", "full"),
        ("he doesn't deny it", "full"),
        ("admits touching but denies the rest", "partial"),
        ("admitted some of it", "partial"),
        ("partly", "partial"),
        ("says it was just a game", "minimising"),
        ("he's minimising", "minimising"),
        ("minimizing", "minimising"),
        ("admits it but says it was a joke", "minimising"),
        ("blames her", "minimising"),
        ("playing it down", "minimising"),
        ("denies it", "denial"),
        ("total denial", "denial"),
        ("says she's lying", "denial"),
        ("says nothing happened", "denial"),
        ("hasn't admitted anything", "denial"),
        ("not been asked yet", "not_known"),
        ("no comment interview", "not_known"),
        ("won't talk about it", "not_known"),
        ("don't know", "not_known"),
        ("not known", "not_known"),
    ],
)
def test_admission(text: str, expected: str) -> None:
    assert parse_admission(text) == expected


@pytest.mark.parametrize("text", ["", "hmm", "yes", "he is 14"])
def test_admission_refused(text: str) -> None:
    assert parse_admission(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "agreed"),
        ("mum's happy for the referral", "agreed"),
        ("Mum’s happy for the referral 😊", "agreed"),
        ("consented", "agreed"),
        ("mum has given consent", "agreed"),
        ("he's on board", "agreed"),
        ("fine with it", "agreed"),
        ("Obtained (mother)", "agreed"),  # a form's "Parental consent: Obtained (mother)"
        ("Given", "agreed"),
        ("he won't agree", "refused"),
        ("refused", "refused"),
        ("declined", "refused"),
        ("not happy about it", "refused"),
        ("doesn't want it", "refused"),
        ("dad said no", "refused"),
        ("haven't asked yet", "not_sought"),
        ("not asked", "not_sought"),
        ("not yet", "not_sought"),
        ("will ask tomorrow", "not_sought"),
        ("asking would increase the risk", "not_sought"),
        ("not safe to ask", "not_sought"),
        ("don't know", "unknown"),
    ],
)
def test_consent(text: str, expected: str) -> None:
    assert parse_consent(text) == expected


@pytest.mark.parametrize(
    "text", ["", "no", "he hasn't consented", "hmm", "mum", "not obtained", "not given yet"]
)
def test_consent_refused(text: str) -> None:
    assert parse_consent(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("assessment", "assessment"),
        ("an assessment please", "assessment"),
        ("just an AIM assessment", "assessment"),
        ("assess", "assessment"),
        ("assessment and therapy", "assessment_and_therapy"),
        ("assessment + intervention", "assessment_and_therapy"),
        ("assessment then therapeutic work", "assessment_and_therapy"),
        ("therapy", "assessment_and_therapy"),
        ("both", "assessment_and_therapy"),
        ("not therapy, just an assessment", "assessment"),
        ("consultation", "consultation"),
        ("just a consult", "consultation"),
        ("talk it through", "consultation"),
        ("advice for family", "advice_for_family"),
        ("advice for the parents", "advice_for_family"),
        ("support for mum", "advice_for_family"),
        ("assessment and advice for mum", "assessment"),
        ("don't know", "unknown"),
    ],
)
def test_service(text: str, expected: str) -> None:
    assert parse_service(text) == expected


@pytest.mark.parametrize("text", ["", "advice", "help", "yes", "banana"])
def test_service_refused(text: str) -> None:
    assert parse_service(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("none", "none"),
        ("no", "none"),
        ("never been assessed", "none"),
        ("no previous assessments", "none"),
        ("aim", "aim"),
        ("AIM", "aim"),
        ("AIM2", "aim"),
        ("AIM3", "aim3"),
        ("aim 3", "aim3"),
        ("AIM-3 in 2024", "aim3"),
        ("ERASOR", "erasor"),
        ("eraser", "erasor"),
        ("AssetPlus", "other"),
        ("a psychology assessment", "other"),
        ("other", "other"),
        ("AIM3 in 2024 and ERASOR later", "aim3"),
        ("not AIM, an ERASOR", "erasor"),
        ("don't know", "unknown"),
    ],
)
def test_assessment(text: str, expected: str) -> None:
    assert parse_assessment(text) == expected


@pytest.mark.parametrize("text", ["", "yes", "we aim to do one", "banana"])
def test_assessment_refused(text: str) -> None:
    assert parse_assessment(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lives in Chipping Sodbury with her mum's sister, has done for years.", "kinship"),
        ("with his dad's parents", "kinship"),
        ("with mum and mum's partner", "parents"),
        ("his mum's boyfriend", "other"),
        # a parent's home is still the parent's
        ("he lives at mum's house", "one_parent"),
        ("mum's", "one_parent"),
    ],
)
def test_a_parents_relation_is_who_they_live_with(text: str, expected: str) -> None:
    assert parse_lives_with(text) == expected
