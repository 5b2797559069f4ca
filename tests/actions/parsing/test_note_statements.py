"""Facts a pasted note states in a sentence of its own (actions/parsing/note_statements.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.note_statements import note_statements
from actions.parsing.notes import read_note
from actions.slot_validation import validate_slot
from scripts.pasted_note_referrals import PASTED_NOTES, pasted_note


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tyler admitted everything in interview.", {"admission": "full"}),
        ("Tyler denies that anything happened.", {"admission": "denial"}),
        ("Ellie-May denies that anything happened.", {}),  # another person named
        ("He denies it.", {"admission": "denial"}),
        # the writer's own word wins over what else he says
        ("Tyler has partly admitted it - he says it was a game.", {"admission": "partial"}),
        (
            "He says he went in to borrow a charger; he denies touching B at all.",
            {"admission": "denial"},
        ),
        ("He gave a full account at interview.", {"admission": "full"}),
        ("So minimising.", {"admission": "minimising"}),
        ("So denial.", {"admission": "denial"}),
        (
            "There's no previous harmful sexual behaviour that we know of, and he has never "
            "had an AIM or ERASOR assessment.",
            {"previous_harmful_behaviour": "no", "previous_assessment": "no"},
        ),
        (
            "No previous HSB and no previous assessments.",
            {"previous_harmful_behaviour": "no", "previous_assessment": "no"},
        ),
        ("Everything happened at home.", {"concern_context": ["home"]}),
        ("first noticed June, most recent 12/09, all online", {"concern_context": ["online"]}),
        ("Mum feels home is safe for him to take part.", {"safe_place": "yes"}),
        ("House is safe.", {"safe_place": "yes"}),
        ("Her current placement is considered safe.", {"safe_place": "yes"}),
        ("He has a diagnosis of ADHD.", {"yp_additional_needs": "ADHD"}),
        ("Tyler is autistic", {"yp_additional_needs": "autistic"}),
        (
            "Attends Patchway Community School yr 11, no SEN known.",
            {"yp_additional_needs": "none known"},
        ),
        (
            "She has not had an AIM assessment; an ERASOR was started in 2024 but never "
            "finished, so there is no report.",
            {
                "previous_assessment": "ERASOR",
                "previous_assessment_date": "2024",
                "previous_assessment_report": "no",
            },
        ),
        (
            "Safety plan in place - no unsupervised internet use.",
            {"safety_plan": "Safety plan in place - no unsupervised internet use."},
        ),
        ("His brother is on a CP plan too.", {"hc_protection_plan": "yes"}),
        (
            "The cousin doesn't live with Tyler and goes to a different primary school so "
            "no shared home or school.",
            {"hc_same_home_or_school": "no"},
        ),
        (
            "The girl who was harmed moved; she is on a child protection plan and does not "
            "live or go to school with him.",
            {"hc_protection_plan": "yes", "hc_same_home_or_school": "no"},
        ),
        (
            "Investigated by police and CSC.",
            {"social_care_investigated": "yes", "police_involved": "yes"},
        ),
        (
            "I am writing to ask for an assessment with a view to therapy.",
            {"service_requested": "assessment_and_therapy"},
        ),
        ("Lives with dad, no other children in the house.", {"household": "no other children"}),
        (
            "We think Hollybrook is a safe enough placement for him to do the work.",
            {"safe_place": "yes"},
        ),
        (
            "so SCHOOL + ONLINE (nothing reported at home)",
            {"concern_context": ["school", "online"]},
        ),
        (
            "Also in the house is his half-sister who is 4.",
            {"household": "his half-sister who is 4"},
        ),
        ("Most recent incident = 14/09/2026.", {}),  # read across sentences (note_sentences)
        ("- Filton Brook Academy, yr 10", {"yp_education_setting": "Filton Brook Academy"}),
    ],
)
def test_a_fact_stated_in_a_sentence(sentence: str, expected: dict[str, object]) -> None:
    assert note_statements(sentence, "Tyler") == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Mum denies that he was ever left alone.",  # the parent's denial, not his
        "So minimising the risk matters.",
        "The school admitted they had missed it.",
        "Home is not safe at the moment.",
        "The placement isn't safe for him to stay.",
        "His dad has a diagnosis of PTSD.",
        "There were previous concerns of this kind in 2023.",
        "It happened at home and at school.",
        "He is safe.",
        "It is not a safe place for him.",
        "SAFETY PLAN",
        "- Mrs Ward, DSL at Kingswood Academy, yr 10 lead",
        "There is no safety plan in place yet.",
        "He is on a child protection plan.",  # the young person's own plan
        "The police investigated by themselves.",
        "Mum asked for a copy of the report.",
    ],
)
def test_similar_words_that_state_none_of_it(sentence: str) -> None:
    assert note_statements(sentence, "Tyler") == {}


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=20)))
def test_any_text_is_read_without_error(sentence: str, young_person: str | None) -> None:
    found = note_statements(sentence, young_person)
    assert set(found) <= {
        "admission",
        "previous_harmful_behaviour",
        "previous_assessment",
        "concern_context",
        "safe_place",
        "yp_additional_needs",
    }
    if "safe_place" in found:
        assert "safe" in sentence.lower()


# Fields whose clean values can be compared with what the writer would answer.
_COMPARED = (
    "referrer_email", "referrer_phone", "referrer_is_allocated", "yp_date_of_birth",
    "yp_gender", "yp_legal_status", "sa_willing", "safe_place", "admission",
    "social_care_investigated", "police_involved", "police_status",
    "previous_harmful_behaviour", "parent_consent", "yp_consent", "service_requested",
)  # fmt: skip


@pytest.mark.parametrize(("name", "file_name", "answers"), PASTED_NOTES)
def test_what_a_complete_note_gives_agrees_with_its_writer(
    name: str, file_name: str, answers: dict[str, str]
) -> None:
    """The development notes (not the held-out ones): each compared field the reader
    takes has the value the writer would give if asked (both through the validators,
    as the chat takes them)."""
    today = date(2026, 12, 5)
    read = {f.slot: f.value for f in read_note(pasted_note(file_name), today)}
    wrong = {}
    for slot in _COMPARED:
        if slot not in read or slot not in answers:
            continue
        got, expected = (validate_slot(slot, v, {}, today) for v in (read[slot], answers[slot]))
        if got != expected:
            wrong[slot] = (read[slot], answers[slot])
    assert not wrong, wrong


def test_a_label_inside_a_paragraph_is_still_a_label() -> None:
    """A number in the "Other professionals:" sentence was taken as the writer's."""
    note = (
        "I'm his allocated social worker. Callum has agreed too. Other professionals: "
        "Mr Adams, DSL at Chipping Sodbury School (01454 123456).\n\n"
        "Rebecca Holt\nrebecca.holt@southglos.gov.uk | 01454 865 432\n"
    )
    read = {f.slot: f.value for f in read_note(note, date(2026, 12, 5))}
    assert str(read["professionals_involved"]).startswith("Mr Adams, DSL")
    assert read["referrer_phone"] == "+441454865432"


def test_a_one_word_label_inside_a_paragraph_is_left_to_the_sentence() -> None:
    """ "Contact:" after "LP to complete referral." gives the writer's own details."""
    note = "Worker: Lauren Pike\n\nLP to complete referral. Contact: lauren.pike@example.org"
    read = {f.slot: f.value for f in read_note(note, date(2026, 12, 5))}
    assert read.get("referrer_email") == "lauren.pike@example.org"


def test_sentences_after_a_labelled_value_are_read() -> None:
    note = "Safety plan: he has his own room. Mum feels home is safe for him to do the work."
    read = {f.slot: f.value for f in read_note(note, date(2026, 12, 5))}
    assert read["safety_plan"].startswith("he has his own room")
    assert read["safe_place"] == "yes"


@pytest.mark.parametrize(
    ("line", "details"),
    [
        (
            "- Previous HSB: yes. 2023, foster placement - touching",
            "2023, foster placement - touching",
        ),
        ("PREVIOUS HSB - YES. Yr 6 (2022), exposed herself", "Yr 6 (2022), exposed herself"),
    ],
)
def test_a_yes_to_earlier_behaviour_with_what_it_was(line: str, details: str) -> None:
    read = {f.slot: f.value for f in read_note(line, date(2026, 12, 5))}
    assert read["previous_harmful_behaviour_details"] == details


def test_a_plain_no_to_earlier_behaviour_has_no_details() -> None:
    read = {f.slot: f.value for f in read_note("Previous HSB: no", date(2026, 12, 5))}
    assert "previous_harmful_behaviour_details" not in read
