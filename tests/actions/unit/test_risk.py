"""The immediate-risk safety net."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import mentions_immediate_risk
from actions.parsing.risk import MODEL_SURE_OF_RISK, discloses_immediate_risk


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
    ],
)
def test_quiet_on_abuse_in_the_past_or_denied(text: str) -> None:
    assert not mentions_immediate_risk(text)


@given(st.text(max_size=400))
def test_never_raises(text: str) -> None:
    mentions_immediate_risk(text)
