"""The immediate-risk safety net."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import mentions_immediate_risk
from actions.parsing.risk import (
    MODEL_SURE_OF_RISK,
    discloses_immediate_risk,
    risk_intent_weighed,
    risk_words_point_elsewhere,
    words_disclose_risk,
)
from tests.fixtures.risk_cases import (
    DISCLOSURES_HELDOUT,
    DISCLOSURES_HELDOUT_2,
    DISCLOSURES_HELDOUT_3,
    DISCLOSURES_TUNED,
    NEAR_MISSES_TUNED,
)


@pytest.mark.parametrize(
    "text",
    [
        "he's with his sister right now and I'm worried",
        "He’s with his sister RIGHT NOW and I'm worried!!",
        "she's in danger",
        "she is in immediate danger",
        "still living with the victim and no supervision tonight",
        "at risk right now",
        "the child is at risk now",
        "it's happening now",
        "this is happening right now",
        "she is still at risk",
        "her sister remains at risk",
        "Mum has gone out and he is home alone with his little sister",
        "he threatened to hurt her again tonight",
        "he is being abused right now",
        "he still shares a bedroom with his brother, there is no safety plan",
        "left alone with the younger children, no adult there",
        "she isn't safe tonight",
        "I can't keep her safe",
        "immediate risk to his sister",
        "she's scared to go home tonight",
        "she doesn't feel safe at home",
        "she is not safe at home",
        "safety plan's not being followed, he's staying with his little cousins this weekend",
    ],
)
def test_fires_on_present_danger(text: str) -> None:
    assert mentions_immediate_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "there was a risk last year",
        "risk assessment completed",
        "no current risk",
        "not at immediate risk",
        "she is not in danger",
        "he was in danger last year but is safe now",
        "no immediate risk as he is in foster care",
        "he lives with his mum now",
        "he lives with his sister, safety plan in place",
        "he still lives with his sister but they are supervised at all times",
        "I am worried about him",
        "the police were called in 2023",
        "EPO granted",
        "historic concerns about his brother",
        "14 year old boy from Yate, I'm his social worker",
        "he touched his sister when he was 12",
        "it's not safe to ask mum for consent",
        "she feels safe now",
    ],
)
def test_quiet_on_past_or_denied_risk(text: str) -> None:
    assert not mentions_immediate_risk(text)


# --- the classifier's reading weighed with the words ---------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "disclosure"),
    [
        # sure of it: the classifier's word is enough
        ("please can someone call me", "immediate_risk", 0.97, True),
        # unsure, and nothing in the words: a name, an account of past harm
        ("Dan Wright", "immediate_risk", 0.94, False),
        ("He was found touching his half-sister in the summer", "immediate_risk", 0.91, False),
        # unsure, but the words speak of now
        ("yes he is with her right now", "immediate_risk", 0.9, True),
        ("he still goes round there", "immediate_risk", 0.6, True),
        # the words say danger, whatever the classifier read
        ("she's in danger at home", "inform", 0.8, True),
        ("she's in danger at home", "immediate_risk", 0.4, True),
        # not read as risk, no danger in the words
        ("he lives with his dad now", "inform", 0.99, False),
    ],
)
def test_a_disclosure_is_the_words_or_a_sure_classifier_or_risk_read_with_now(
    text: str, intent: str, confidence: float, disclosure: bool
) -> None:
    assert discloses_immediate_risk(text, intent, confidence) is disclosure


def test_sure_means_the_measured_threshold() -> None:
    assert discloses_immediate_risk("Dan Wright", "immediate_risk", MODEL_SURE_OF_RISK)
    assert not discloses_immediate_risk("Dan Wright", "immediate_risk", MODEL_SURE_OF_RISK - 0.01)


# --- abuse going on now or just now (missed until an attacker probe of the stack) ------


@pytest.mark.parametrize(
    "text",
    [
        "he is sexually assaulting her",
        "he is abusing his sister",
        "Jake is abusing his sister",
        "hes abusing her",
        "they are abusing",
        "she is being sexually abused by him",
        "she's being groomed online by him right now",
        "the abuse is ongoing",
        "the assaults are continuing",
        "he's still doing it",
        "he is still touching her",
        "it's still happening at home",
        "he threatened to do it again tomorrow",
        "I'm worried he will do it again this evening when mum is out",
        "nobody is supervising him and the younger children",
        "he raped her last night",
        "she was raped last night",
        "he was abusing her this morning",
        "he touched her yesterday",
        # other voices, tenses and typing
        "he's abusing her",
        "they are abusing her",
        "they're abusing the children",
        "hes abusing his sister",
        "he is abusin her",
        "he is sexualy abusing her",
        "He's still doin it",
        "he is currently abusing his sister",
        "we believe he is abusing his sister",
        "he's molesting his cousin",
        "he keeps touching her",
        "he still touches her",
        "he abuses her every night",
        "he continues to abuse her",
        "he is forcing her to do sexual things",
        "he's making her touch him",
        "she's being abused",
        "the children are being abused",
        "she is still being sexually abused",
        "the abuse is still going on",
        "sexual abuse ongoing",
        "the abuse hasn't stopped",
        "it's happening again",
        "it's happened again",
        "he's doing it again",
        "he'll do it again",
        "he said he would do it again tomorrow",
        "he's going to do it again tonight",
        "I'm worried something will happen tonight",
        "she will be hurt tonight",
        "no one is supervising him with the younger children",
        "nobody is watching him and the 5 year old",
        "he is unsupervised with the younger children",
        "he has unsupervised access to the younger children",
        "the 6 year old is with him unsupervised right now",
        "he is left alone with the younger children",
        "he's alone with the baby right now",
        "last night he raped her",
        "last night, he raped her",
        "she was sexually assaulted yesterday",
        "he raped his 13 year old sister last night",
        "she was abused a few hours ago",
        "he raped her yesterday and is still at home",
        "it happened again last night",
        # a professional asking: a safety message is acceptable, err towards firing
        "we are assessing whether abuse is ongoing",
    ],
)
def test_fires_on_abuse_going_on_or_just_happened(text: str) -> None:
    assert mentions_immediate_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        "he abused her last year",
        "there was abuse in 2023",
        "the abuse stopped in March",
        "it happened at school two years ago",
        "he is not abusing anyone now",
        "no ongoing abuse",
        "the abuse is no longer happening",
        "his knee is hurting",
        "he was touching his sister in the summer",
        "he abused his cousin when he was 12",
        "he was abused himself as a child",
        "he is being assessed by CAMHS",
        "she is not at risk now",
        "risk assessment for abuse",
        # ordinary answers
        "Dan Wright",
        "St Mary's primary",
        "12/03/2011",
        "3rd March 2024",
        "he lives with his sister",
        "safety plan in place, he is supervised at all times",
        "he is supervised at all times",
        "no unsupervised contact with younger children",
        "he has no unsupervised access to the younger children",
        "he's never alone with his sister now",
        # the past, however recent the telling
        "he used to abuse her",
        "he raped her in 2021",
        "he touched her in year 7",
        "she disclosed yesterday that he touched her last year",
        "mum told me this morning that he abused her two years ago",
        "the strategy meeting happened yesterday",
        "he was arrested last night",
        # denied, or not about abuse of a child
        "the abuse isn't ongoing",
        "he isn't abusing her",
        "he's not doing it any more",
        "he won't do it again",
        "he says he will never do it again",
        "I don't think he will do it again",
        "I don't think anything will happen tonight",
        "I'm worried it might happen again if nothing is done",
        "there are no concerns about ongoing abuse",
        "no evidence that abuse is ongoing",
        "he's abusing substances",
        "mum is abusing alcohol",
        "he is harming himself",
        "he's touching base with his social worker",
        "the meeting will happen tomorrow",
        # "it's ongoing" is as often the investigation as the abuse
        "the police investigation is ongoing",
        "It's ongoing, he was interviewed and released under investigation",
        # "has been" describes the behaviour referred, not harm going on now
        "the school says he's been touching other kids",
        "we need to refer a boy who has been harming his younger brother",
    ],
)
def test_quiet_on_abuse_in_the_past_or_denied(text: str) -> None:
    assert not mentions_immediate_risk(text)


ANSWERS = Path(__file__).parents[2] / "fixtures" / "answers_read_as_risk.yml"


def test_quiet_on_the_answers_a_classifier_reads_as_risk() -> None:
    """Names and accounts of past harm (the near-miss fixture) are never a disclosure."""
    answers = [text for texts in yaml.safe_load(ANSWERS.read_text()).values() for text in texts]
    assert [text for text in answers if mentions_immediate_risk(text)] == []


# Words the patterns are built from, so generated text reaches deep into them.
_WORDS = st.sampled_from(
    "he she they is 's not no still now tonight last night was being sexually abusing "
    "abused raped touching her his sister the younger children with him alone nobody "
    "supervising will do it again ongoing , . ; ' hes 7 year old unsupervised in at the "
    "toilets a year 7 boy taken followed gone missing can't find meeting asking to meet "
    "come round locked left mind bath twins neighbours toddler bedroom room where are "
    "back home from today staying over waiting for".split()
)

# Ways a professional opens a message: none of them may hide what follows.
_OPENINGS = st.sampled_from(
    ["", "DSL here - ", "sorry, ", "urgent: ", "PC Hart, CAIT. ", "hi its the SW again, ", "GP - "]
)


@given(_OPENINGS, st.sampled_from(DISCLOSURES_TUNED))
def test_a_disclosure_stays_one_whoever_opens_the_message(opening: str, text: str) -> None:
    assert mentions_immediate_risk(opening + text)


# Text-speak a rushed professional uses for the words the risk rules read.
_TEXT_SPEAK = {
    "with": ("w", "w/", "wiv"),
    "tonight": ("tonite", "2nite", "2night"),
    "today": ("2day",),
    "tomorrow": ("tmrw", "2moro"),
    "little": ("lil",),
    "sister": ("sis",),
    "brother": ("bro",),
    "at the moment": ("atm",),
}


@given(st.sampled_from(DISCLOSURES_TUNED), st.randoms(use_true_random=False))
def test_a_disclosure_in_text_speak_is_still_escalated_on_its_words(
    text: str, rng: random.Random
) -> None:
    spoken = text
    for word, forms in _TEXT_SPEAK.items():
        spoken = re.sub(rf"\b{word}\b", lambda _, f=forms: rng.choice(f), spoken, flags=re.I)
    assert mentions_immediate_risk(spoken), spoken


@given(st.text(max_size=400) | st.lists(_WORDS, max_size=40).map(" ".join))
def test_never_raises(text: str) -> None:
    assert mentions_immediate_risk(text) in (True, False)


# --- the evaluation sets (tests/fixtures/risk/; figures: scripts/risk_decision_report.py)


@pytest.mark.parametrize("text", DISCLOSURES_TUNED)
def test_every_tuned_disclosure_is_escalated_on_its_words(text: str) -> None:
    """Whatever the classifier reads and whatever the question, the words alone make it a
    disclosure (in a form they are checked before the answer is taken)."""
    assert mentions_immediate_risk(text)
    assert discloses_immediate_risk(text, "inform", 0.99)


@pytest.mark.parametrize("text", NEAR_MISSES_TUNED)
def test_no_tuned_near_miss_is_escalated_on_its_words(text: str) -> None:
    assert not mentions_immediate_risk(text)
    assert not discloses_immediate_risk(text, "inform", 0.99)


@pytest.mark.parametrize(
    "text",
    [
        # being with a child: someone else's care, or an adult named after "with her"
        "his nan babysits him while mum's at work",
        "nan is looking after the kids tonight while mum works",
        "mum is looking after his little sister now",
        "she is with her dad now",
        "the kids are with their mum tonight",
        # his own room, or somewhere that is not her home
        "he goes into his room when he is upset",
        "he's on his way to her school now",
        # a way of working, not a child, is not safe
        "it's not safe to ask mum for consent",
    ],
)
def test_quiet_where_the_new_presence_rules_stop(text: str) -> None:
    assert not mentions_immediate_risk(text)


@pytest.mark.parametrize(
    "text",
    DISCLOSURES_TUNED + DISCLOSURES_HELDOUT + DISCLOSURES_HELDOUT_2 + DISCLOSURES_HELDOUT_3,
)
def test_a_disclosure_never_has_the_classifiers_reading_set_aside(text: str) -> None:
    """The safety invariant for the weighing, held-out part included: a disclosure's
    words never all point elsewhere, so a classifier reading of risk always stands."""
    assert not risk_words_point_elsewhere(text)
    assert risk_intent_weighed(text, "immediate_risk") == "immediate_risk"
    assert discloses_immediate_risk(text, "immediate_risk", MODEL_SURE_OF_RISK)


@pytest.mark.parametrize(
    "text",
    [
        "he's at risk of permanent exclusion",
        "his education is at risk now he's been excluded twice",
        "risk assesment done, low risk now",
        "yes autism and he struggles to understand danger",
        "mum is worried about the danger of him being bullied at his new school",
        "his 9 year old brother is fine, he's been spoken to and feels safe",
        "the victim is his sister, she is now living with grandparents",
        # a time said with a reassurance belongs to it
        "no children are at risk at the moment, the plan is being followed",
        "the little ones are with their dad so theres no contact with him atm",
    ],
)
def test_a_sure_risk_reading_of_words_about_something_else_is_set_aside(text: str) -> None:
    """Read as immediate risk at 0.94-1.00 by the current model (the report lists them)."""
    assert risk_intent_weighed(text, "immediate_risk") is None
    assert not discloses_immediate_risk(text, "immediate_risk", 1.0)
    assert not words_disclose_risk(text, "immediate_risk")


@pytest.mark.parametrize(
    "text",
    [
        # something else at risk, but a child with him or harm said too: it stands
        "he's at risk of exclusion and he's with his sister right now",
        "low risk on the AIM but he is alone with the kids",
        "he struggles to understand danger and he touched her",
        "feels safe at school but is scared of him",
        "no contact now but he's still messaging her",
        # no word of risk explained away: the classifier's reading is all there is
        "please can someone call me",
        "he's with her",
    ],
)
def test_a_risk_reading_stands_unless_every_alarming_word_is_explained(text: str) -> None:
    assert risk_intent_weighed(text, "immediate_risk") == "immediate_risk"


@given(st.text(max_size=400) | st.lists(_WORDS, max_size=40).map(" ".join))
def test_the_weighing_never_raises(text: str) -> None:
    assert risk_intent_weighed(text, "immediate_risk") in (None, "immediate_risk")
    assert words_disclose_risk(text, "immediate_risk") in (True, False)


@pytest.mark.parametrize(
    "text",
    [
        "how long is the wait right now?",
        "can I send the chronology over now or should I wait for the form?",
        "his key worker says he's talking about it more openly now",
    ],
)
def test_an_unsure_risk_reading_naming_nobody_and_no_harm_is_set_aside(text: str) -> None:
    """A word of now alone is where the classifier's reading came from; sure, it stands."""
    assert risk_intent_weighed(text, "immediate_risk", MODEL_SURE_OF_RISK - 0.01) is None
    assert risk_intent_weighed(text, "immediate_risk", MODEL_SURE_OF_RISK) == "immediate_risk"


@pytest.mark.parametrize(
    "text",
    [
        "he's there now, please come",
        "he's about to babysit for a neighbour tonight",
        "she's with him",
    ],
)
def test_a_risk_reading_naming_someone_or_a_place_of_harm_stands(text: str) -> None:
    assert risk_intent_weighed(text, "immediate_risk", 0.5) == "immediate_risk"


def test_where_nothing_can_be_asked_back_a_sure_reading_of_a_past_account_is_no_flag() -> None:
    """A call transcript's account, read as risk at 0.99: flagged it was a false alarm."""
    account = (
        "She's been touching her 5 year old cousin when she babysits him, "
        "the cousin's mum walked in on it last Saturday."
    )
    assert not discloses_immediate_risk(account, "immediate_risk", 0.99)
    # a word of now, or harm again, keeps it
    assert discloses_immediate_risk(account + " He's there again tonight.", "immediate_risk", 0.99)
    # in a chat it is still checked with one question (actions/referral_flow.py)
    assert risk_intent_weighed(account, "immediate_risk", 0.99) == "immediate_risk"


def test_a_locked_door_with_a_child_inside_with_him_is_a_disclosure() -> None:
    assert mentions_immediate_risk("he's locked the door and the little one is in there with him")
    assert not mentions_immediate_risk("the little one is in there with him doing homework")


@pytest.mark.parametrize(
    "text",
    [
        "he's arranged to meet up with a 13 year old girl from tiktok",
        "he is planning to meet a year 7 boy he's been messaging",
        "he's on the school bus with the victim",
        "he's on the trampoline with the neighbours kids and one is the girl he touched",
        "yp is at the childminders with three under 5s and the childminder doesnt know, right now",
        "hes alone w the kids tonite",
        "mum has left him with the younger two overnight",
        "dad's left him in charge of the little ones while he's at work",
        # the model trained on another machine read these as inform (held-out part 1)
        "he's told the girl in year 8 to come round after school today",
        "hes taking his little cousins to the park by himself this afternoon",
    ],
)
def test_fires_on_meetings_arranged_and_the_harmed_child_beside_him(text: str) -> None:
    assert mentions_immediate_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        "he is on a referral order with the victim liaison",
        "he is currently on a CP plan with his little sister",
        "the victim support worker is with her now",
        "he was on the bus with the victim last year, that's where it happened",
        "the meeting with the three younger children's social worker is at 4 today",
        "mum left him with his dad for the weekend",
        "last summer his aunt left him with the younger two and that's when it happened",
        "last year he told her to come to his house",
        "he's walking the dog today",
        "he is taking his GCSEs today",
    ],
)
def test_quiet_where_the_harmed_child_and_meeting_rules_stop(text: str) -> None:
    assert not mentions_immediate_risk(text)
