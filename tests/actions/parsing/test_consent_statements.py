"""Consent stated in running text (actions/parsing/consent_statements.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.consent_statements import consent_reasons, consent_statements
from actions.parsing.notes import read_note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mum has been told about this referral and agrees. Kieran has also been told and "
            "agreed.",
            {"parent_consent": "agreed", "yp_consent": "agreed"},
        ),
        (
            "Dad is aware and consents to the referral. Ollie has not been asked yet.",
            {"parent_consent": "agreed", "yp_consent": "not_sought"},
        ),
        ("both have agreed", {"parent_consent": "agreed", "yp_consent": "agreed"}),
        ("Birth mother (holds PR) informed and consents.", {"parent_consent": "agreed"}),
        ("mum refused consent, she's very angry", {"parent_consent": "refused"}),
        ("foster carer is happy with this referral", {"parent_consent": "agreed"}),
        ("she agreed to it when I saw her on Monday", {"yp_consent": "agreed"}),
        ("he doesnt want to engage and won't consent", {"yp_consent": "refused"}),
        # one subject for two statements joined by "and"
        (
            "Mum is willing to take part in the programme and has agreed to the referral.",
            {"parent_consent": "agreed"},
        ),
        (
            "Dad will come to sessions and has not been asked about the referral yet.",
            {"parent_consent": "not_sought"},
        ),
    ],
)
def test_whose_consent_and_what_it_is(text: str, expected: dict[str, str]) -> None:
    assert consent_statements(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We agreed a safety plan at the strategy meeting",
        "the police agreed to share the report",
        "I agree it's worrying",
        "School agreed to put a TA on the bus",
        "the plan was agreed with CAMHS",
    ],
)
def test_agreeing_to_something_else_is_not_consent(text: str) -> None:
    assert consent_statements(text) == {}


@given(st.text(max_size=500))
def test_any_text_is_read_without_error(text: str) -> None:
    found = consent_statements(text)
    assert set(found) <= {"parent_consent", "yp_consent"}
    assert set(found.values()) <= {"agreed", "refused", "not_sought"}


@pytest.mark.parametrize(
    ("sentence", "young_person", "expected"),
    [
        ("mum & leon agree.", "Leon", {"parent_consent": "agreed", "yp_consent": "agreed"}),
        ("mum + yp consent.", None, {"parent_consent": "agreed", "yp_consent": "agreed"}),
        ("Parents agree to HSB referral.", None, {"parent_consent": "agreed"}),
        ("Both agree to referral.", None, {"parent_consent": "agreed", "yp_consent": "agreed"}),
        # a name that is not the young person's: someone else's consent, left to ask
        ("Michelle agrees to the referral.", "Tyrone", {}),
        ("Tyrone agrees to the referral.", "Tyrone", {"yp_consent": "agreed"}),
    ],
)  # fmt: skip
def test_whose_consent_with_the_young_persons_name(
    sentence: str, young_person: str | None, expected: dict[str, str]
) -> None:
    assert consent_statements(sentence, young_person) == expected


@pytest.mark.parametrize(
    ("sentence", "young_person", "expected"),
    [
        # unusual words for agreeing
        ("Mum knows we're referring and she's fine with it.", None, {"parent_consent": "agreed"}),
        ("Dad's okay with us referring him.", "Reece", {"parent_consent": "agreed"}),
        ("His carer gave us the go-ahead on Friday.", None, {"parent_consent": "agreed"}),
        ("Nan's all for it to be honest.", "Kayden", {"parent_consent": "agreed"}),
        ("Foster mum is supportive of the referral.", None, {"parent_consent": "agreed"}),
        ("Step-dad is happy for us to go ahead.", "Lily", {"parent_consent": "agreed"}),
        # two people's consent in one sentence
        (
            "Grandad knows I'm referring and is really supportive, Jaden doesn't know yet.",
            "Jaden",
            {"parent_consent": "agreed", "yp_consent": "not_sought"},
        ),
        (
            "Mum agreed yesterday, she isn't aware of the referral though",
            None,
            {"parent_consent": "agreed", "yp_consent": "not_sought"},
        ),
        # the caller has not asked, and whom follows the verb
        ("We haven't spoken to Tyler about it yet.", "Tyler", {"yp_consent": "not_sought"}),
        ("Haven't asked Mason yet, will do next visit.", None, {"yp_consent": "not_sought"}),
        ("I haven't sought Priya's own consent yet.", "Priya", {"yp_consent": "not_sought"}),
        ("We've not told his mum yet.", "Sam", {"parent_consent": "not_sought"}),
        # the word "consent" named, not given
        ("Isla: consent not sought yet", "Isla", {"yp_consent": "not_sought"}),
        # "both parents" are the parents
        ("Both parents agree to the referral.", None, {"parent_consent": "agreed"}),
    ],
)  # fmt: skip
def test_consent_in_the_words_people_use(
    sentence: str, young_person: str | None, expected: dict[str, str]
) -> None:
    assert consent_statements(sentence, young_person) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Mum is really supportive of him, she's been brilliant.",
        "She's fine, she's back at school now.",
        "He doesn't know what happened to his phone.",
        "We haven't told the school anything yet.",
    ],
)
def test_words_near_consent_that_do_not_give_it(sentence: str) -> None:
    assert consent_statements(sentence, "Kai") == {}


def test_without_guessing_only_a_parent_word_or_the_young_persons_name_says_whose() -> None:
    said = "Yes I rang him this morning and he's happy for us to go ahead."
    assert consent_statements(said, None) == {"yp_consent": "agreed"}
    assert consent_statements(said, None, guess_whose=False) == {}
    assert consent_statements("Jay's fine with it too.", "Jay", guess_whose=False) == {
        "yp_consent": "agreed"
    }


@pytest.mark.parametrize(
    ("sentence", "young_person", "expected"),
    [
        (
            "Maisie doesn't know yet because grandma is worried how she'll react.",
            "Maisie",
            {"yp_consent_reason": "grandma is worried how she'll react"},
        ),
        (
            "He hasn't been asked yet, his mum wants to tell him herself.",
            None,
            {"yp_consent_reason": "his mum wants to tell him herself"},
        ),
        (
            "Dad hasn't been told as he's in prison at the moment.",
            None,
            {"parent_consent_reason": "he's in prison at the moment"},
        ),
        # agreed: no reason is asked for
        ("Mum agrees because she wants him to get help.", None, {}),
        # too short to be a reason
        ("Kai hasn't been asked, cos reasons.", "Kai", {}),
    ],
)
def test_why_consent_was_not_sought(
    sentence: str, young_person: str | None, expected: dict[str, str]
) -> None:
    assert consent_reasons(sentence, young_person) == expected


@given(st.text(max_size=300))
def test_any_text_gives_reasons_only_for_consent_not_given(text: str) -> None:
    reasons = consent_reasons(text)
    stated = consent_statements(text)
    assert set(reasons) <= {"parent_consent_reason", "yp_consent_reason"}
    for slot in reasons:
        assert stated.get(slot.removesuffix("_reason")) in {"refused", "not_sought"}


def test_a_pronoun_after_the_verb_is_the_young_person_only_when_guessing() -> None:
    said = "I didn't get the chance, so I haven't asked her yet."
    assert consent_statements(said, "Sophie") == {"yp_consent": "not_sought"}
    assert consent_statements(said, "Sophie", guess_whose=False) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Consent - mum agreed yesterday, YP said no for now.",
            {"parent_consent": "agreed", "yp_consent": "refused"},
        ),
        ("Mum said no to the referral.", {"parent_consent": "refused"}),
    ],
)
def test_saying_no_to_the_referral_is_refusing_it(text: str, expected: dict[str, str]) -> None:
    assert consent_statements(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Police said no further action.", "Mum said no to police involvement at first."],
)
def test_saying_no_to_something_else_is_no_refusal(text: str) -> None:
    assert consent_statements(text) == {}


def test_a_note_naming_the_young_person_in_the_same_sentence_reads_their_consent() -> None:
    note = "pls can HSB pick up Leon B (15, CP plan, Kingswood) - NFA, mum & leon agree."
    read = {fact.slot: fact.value for fact in read_note(note, date(2026, 12, 4))}
    assert (read["parent_consent"], read["yp_consent"]) == ("agreed", "agreed")


_PARENT_ONLY_AGREED = {"parent_consent": "agreed"}


@pytest.mark.parametrize(
    ("text", "young_person", "expected"),
    [
        # the subject after the last comma is whose the verb is, not the parent before it
        (
            "mum ok w referral, connor not asked yet",
            "Connor",
            _PARENT_ONLY_AGREED | {"yp_consent": "not_sought"},
        ),
        ("mum ok w referral, connor not asked yet", None, {"parent_consent": "agreed"}),
        (
            "mum sed yes 2 referral, jaxon sed no",
            "Jaxon",
            _PARENT_ONLY_AGREED | {"yp_consent": "refused"},
        ),
        (
            "Dad said yes to the referral, he said no",
            None,
            _PARENT_ONLY_AGREED | {"yp_consent": "refused"},
        ),
        (
            "Mum is fine with the referral, YP not told yet",
            None,
            _PARENT_ONLY_AGREED | {"yp_consent": "not_sought"},
        ),
        # an auxiliary or an aside is not a new subject
        ("Nan, Mrs Pauline Brooke, has agreed to the referral", None, {"parent_consent": "agreed"}),
        ("Mum, Joanne, agrees", None, {"parent_consent": "agreed"}),
    ],
)
def test_the_subject_nearest_the_verb_says_whose_consent(
    text: str, young_person: str | None, expected: dict[str, str]
) -> None:
    assert consent_statements(text, young_person) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mum not ok w referral", {}),
        ("Mum said yes to a safety plan", {}),
        ("Dad said yes to the police interview", {}),
        # "school" is neither a parent's nor the young person's word
        ("mum ok w referral, school not asked", {"parent_consent": "agreed"}),
    ],
)
def test_words_like_consent_that_do_not_agree_to_the_referral(
    text: str, expected: dict[str, str]
) -> None:
    assert consent_statements(text) == expected


@given(st.text(alphabet="abmnoykuc, wsdejtr2", max_size=80))
def test_text_speak_consent_is_read_without_error(text: str) -> None:
    found = consent_statements(text, "Jaxon")
    assert set(found.values()) <= {"agreed", "refused", "not_sought"}


@pytest.mark.parametrize(
    ("text", "young_person"),
    [
        ("Leo has been told about it in a way he understands and is happy to take part.", "Leo"),
        ("Tyler has been told and says he will go.", "Tyler"),
        ("Mia said she'd give it a go.", "Mia"),
    ],
)
def test_the_young_person_saying_they_will_do_the_work_agrees(text: str, young_person: str) -> None:
    assert consent_statements(text, young_person) == {"yp_consent": "agreed"}


@pytest.mark.parametrize(
    "text",
    [
        "Mum is happy to take part.",  # an adult offering to take part: no consent said
        "Dawn is very committed to Kayden and is willing to take part in any work.",
        "His key worker has said he will attend.",
    ],
)
def test_someone_else_offering_to_take_part_is_no_consent(text: str) -> None:
    assert consent_statements(text, "Kayden") == {}


@given(st.sampled_from(["Mum", "Dad", "Gran", "Dawn", "His key worker"]))
def test_no_adult_offering_to_take_part_consents_for_anyone(adult: str) -> None:
    assert consent_statements(f"{adult} is happy to take part with Leo.", "Leo") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a new subject after "and" is the subject
        (
            "Mum is willing to take part in the programme and Callum has agreed.",
            {"yp_consent": "agreed"},
        ),
        # a comma ends the first statement's reach
        ("Mum is willing to take part, the school has agreed to it", {}),
    ],
)
def test_and_carries_the_subject_only_with_no_new_one(text: str, expected: dict[str, str]) -> None:
    assert consent_statements(text, "Callum") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her social worker has consent from mum.", {"parent_consent": "agreed"}),
        ("We obtained written consent from both parents", {"parent_consent": "agreed"}),
        ("We have not yet had consent from mum.", {}),
        ("She has consent from school to leave early.", {}),
    ],
)
def test_consent_held_from_a_parent(text: str, expected: dict[str, str]) -> None:
    assert consent_statements(text, "Ellie") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Not on a CP plan (SW says no plan, school supporting)",
        "mum said no concerns at home",
        "the school said no issues in class",
    ],
)
def test_saying_no_before_a_noun_is_no_refusal(text: str) -> None:
    """ "SW says no plan" had been read as the young person refusing the referral."""
    assert consent_statements(text, "Ellie") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dad said no way", {"parent_consent": "refused"}),
        ("she said no outright", {"yp_consent": "refused"}),
        ("mum said no she doesnt want him going", {"parent_consent": "refused"}),
    ],
)
def test_saying_no_then_more_words_is_still_a_refusal(text: str, expected: dict[str, str]) -> None:
    # "she doesnt want him going" may be read as the young person's too: only the
    # refusal "said no" states is checked here
    assert expected.items() <= consent_statements(text, "Ellie").items()
