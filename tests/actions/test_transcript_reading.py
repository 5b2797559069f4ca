"""Reading a call transcript into referral fields (actions/transcript_reading.py), with
the chat's parsers and validators and no model: each call in tests/fixtures/transcripts,
field by field (the held-out calls only for reading without error); then the rules one
at a time."""

from __future__ import annotations

from datetime import date

import pytest

from actions.parsing.questions import question_topic
from actions.transcript_reading import ReadTurn, read_transcript
from backend.domain.transcripts import parse_transcript
from tests.fixtures.transcript_cases import (
    CALL_DATE,
    CASES,
    HELD_OUT,
    TranscriptCase,
    differences,
)


def read(case: TranscriptCase) -> tuple[dict[str, object], bool]:
    transcript = parse_transcript(case.text, case.referrer_speaker)
    reading = read_transcript(
        (ReadTurn(turn.role, turn.text) for turn in transcript.turns), CALL_DATE
    )
    return reading.fields, reading.immediate_risk


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_each_call_is_read_field_by_field(case: TranscriptCase) -> None:
    fields, immediate_risk = read(case)
    assert differences(case, fields) == []
    assert immediate_risk is case.immediate_risk


@pytest.mark.parametrize("case", HELD_OUT, ids=lambda c: c.file)
def test_each_held_out_call_is_read_without_error(case: TranscriptCase) -> None:
    fields, immediate_risk = read(case)
    assert fields
    assert immediate_risk is case.immediate_risk


def test_every_transcript_states_at_least_ten_fields() -> None:
    assert all(case.stated >= 10 for case in CASES)


@pytest.mark.parametrize(
    ("question", "previous", "topic"),
    [
        ("Thanks. And what's his date of birth?", None, "yp_date_of_birth"),
        ("Where does he live?", None, "yp_location"),
        ("Which school does she go to?", None, "yp_education_setting"),
        ("Can I take your name please?", None, "referrer_name"),
        ("What's the best number to reach you on?", None, "referrer_phone"),
        ("Are you his allocated worker?", None, "referrer_is_allocated"),
        ("Is there an allocated social worker?", None, "ap_exists"),
        ("What's happened?", None, "concern_description"),
        ("When did this first start, do you know?", None, "concern_first_noticed"),
        ("When was the most recent incident?", None, "concern_most_recent"),
        ("Have the police been involved?", None, "police_involved"),
        ("Where are the police up to with it?", None, "police_status"),
        ("Is she on a protection plan herself?", "hc_same_home_or_school", "hc_protection_plan"),
        ("What's his legal status? Is he on a CP plan?", None, "yp_legal_status"),
        ("Has mum agreed to the referral?", None, "parent_consent"),
        ("Why is that?", "parent_consent", "parent_consent_reason"),
        ("And does Jake know about it and agree?", None, "yp_consent"),
        ("What does Jake say about it?", None, "admission"),
        ("Has there been anything like this before?", None, "previous_harmful_behaviour"),
        ("And you're his allocated social worker?", None, "referrer_is_allocated"),
        ("Okay. And you're not his allocated worker I take it?", None, "referrer_is_allocated"),
        ("Who are you calling about?", None, "yp_first_name"),
        ("Name?", "yp_first_name", "yp_first_name"),
        ("Name?", "concern_description", None),
        ("And where's he living?", None, "yp_location"),
        ("and does Chloe know your referring?", None, "yp_consent"),
        ("Is mum aware?", None, "parent_consent"),
        ("And consent, are his social worker and Oliver happy?", None, "parent_consent"),
        ("Is there an adult who can support him through the work?", None, "sa_name"),
        ("Has his foster carer agreed to it?", None, "parent_consent"),
        ("Great. Who's the young person?", None, "yp_first_name"),
        ("Thanks. And the young person?", None, "yp_first_name"),
        ("What's the young person called?", None, "yp_first_name"),
        ("What's the girl's name and date of birth?", None, "yp_first_name"),
        ("And the lad's name and DOB?", None, "yp_first_name"),
        ("And the young person's school?", None, "yp_education_setting"),
        ("Are the carers aware you're calling?", None, "parent_consent"),
        ("Is his carer happy to support him through it?", None, "sa_willing"),
        ("Who's his main carer?", None, "sa_name"),
        ("Has Ryan said anything about it?", None, "admission"),
        ("And your number?", None, "referrer_phone"),
        ("Lovely. And your contact details?", None, "referrer_phone"),
        ("Okay.", "yp_location", None),
        ("How are you today?", None, None),
    ],
)
def test_a_call_handlers_question_names_the_field_it_asks_for(
    question: str, previous: str | None, topic: str | None
) -> None:
    assert question_topic(question, previous) == topic


def turns(*pairs: tuple[str, str], intent: str | None = None) -> list[ReadTurn]:
    return [
        ReadTurn("art" if who == "A" else "referrer", text, intent, 0.99) for who, text in pairs
    ]


def test_an_answer_goes_to_the_field_asked_for_and_only_while_it_is_asked() -> None:
    reading = read_transcript(
        turns(
            ("A", "When did it first start?"),
            ("R", "Around Easter."),
            ("A", "Okay."),
            ("R", "It's been really hard for the family."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields == {"concern_first_noticed": "Around Easter"}


def test_a_correction_later_in_the_call_replaces_the_first_answer() -> None:
    reading = read_transcript(
        turns(
            ("A", "What's his date of birth?"),
            ("R", "1st May 2011."),
            ("A", "Thanks."),
            ("R", "Sorry, actually his date of birth is the 1st of March 2011."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["yp_date_of_birth"] == "2011-03-01"
    assert reading.fields["yp_age"] == 15


def test_yes_to_a_read_back_confirms_what_was_read_back() -> None:
    reading = read_transcript(
        turns(("A", "So that's a 14 year old boy in Yate, is that right?"), ("R", "Yes.")),
        date(2026, 11, 20),
    )
    assert reading.fields == {"yp_age": 14, "yp_gender": "male", "yp_location": "Yate"}


def test_a_harmed_child_described_in_two_answers_is_one_child_and_a_second_is_another() -> None:
    reading = read_transcript(
        turns(
            ("A", "Who was harmed?"),
            ("R", "His cousin."),
            ("A", "How old is the cousin?"),
            ("R", "She's 9."),
            ("A", "And who else was harmed?"),
            ("R", "A neighbour's child, 6."),
        ),
        date(2026, 11, 20),
    )
    children = reading.fields["harmed_children"]
    assert [(c["relationship"], c["age"]) for c in children] == [
        ("cousin", "9"),
        ("neighbour's child", "6"),
    ]


def test_a_turn_the_model_is_unsure_is_a_disclosure_is_read_for_its_answer() -> None:
    unsure = [
        ReadTurn("art", "Has dad agreed to the referral?"),
        ReadTurn("referrer", "Yes, he's happy for us to go ahead.", "immediate_risk", 0.93),
    ]
    reading = read_transcript(unsure, date.today())
    assert not reading.immediate_risk
    assert reading.fields == {"parent_consent": "agreed"}


def test_immediate_risk_is_raised_by_the_model_or_by_the_words() -> None:
    by_model = read_transcript(
        turns(("R", "I'm really worried about tonight"), intent="immediate_risk"), date.today()
    )
    by_words = read_transcript(
        turns(("R", "he is at home with his little sister right now and nobody is supervising")),
        date.today(),
    )
    neither = read_transcript(
        turns(
            ("R", "there's no immediate risk, he's in a foster placement with no other children")
        ),
        date.today(),
    )
    assert by_model.immediate_risk and by_words.immediate_risk
    assert not neither.immediate_risk


def test_the_call_handlers_words_are_never_read_as_the_referrers() -> None:
    reading = read_transcript(
        turns(("A", "My name is Jo Bloggs, I'm a social worker at the Access and Response Team.")),
        date.today(),
    )
    assert reading.fields == {}


def test_a_turn_read_as_a_question_or_a_way_out_still_gives_its_answer() -> None:
    reading = read_transcript(
        [
            ReadTurn("art", "What would you like from us?"),
            ReadTurn("referrer", "Could you do an assessment and then therapy?", "faq", 0.99),
            ReadTurn("art", "Have the police been involved?"),
            ReadTurn("referrer", "No, please don't involve the police yet.", "cancel", 0.99),
        ],
        date.today(),
    )
    assert reading.fields["service_requested"] == "assessment_and_therapy"
    assert reading.fields["police_involved"] == "no"


@pytest.mark.parametrize(
    ("question", "answer", "field", "value"),
    [
        (
            "And you're his allocated social worker?",
            "That's right.",
            "referrer_is_allocated",
            "yes",
        ),
        (
            "You're not his allocated worker, I take it?",
            "No, I'm not.",
            "referrer_is_allocated",
            "no",
        ),
        ("Is mum aware?", "Yes she is.", "parent_consent", "agreed"),
        ("Does Jo know you're referring?", "No, not yet.", "yp_consent", "not_sought"),
        # The opening yes decides: the "don't know" is about something else.
        (
            "Have the police been informed?",
            "Yes, I don't know where that's up to.",
            "police_involved",
            "yes",
        ),
    ],
)
def test_the_handlers_closed_question_gives_a_yes_or_no_its_meaning(
    question: str, answer: str, field: str, value: str
) -> None:
    reading = read_transcript(turns(("A", question), ("R", answer)), date(2026, 11, 20))
    assert reading.fields[field] == value


def test_a_yes_to_a_question_put_in_the_negative_is_left_unread() -> None:
    reading = read_transcript(
        turns(("A", "You're not his allocated worker, are you?"), ("R", "Yes.")),
        date(2026, 11, 20),
    )
    assert "referrer_is_allocated" not in reading.fields


def test_one_answer_gives_what_it_says_of_several_fields() -> None:
    reading = read_transcript(
        turns(
            ("A", "And his name?"),
            ("R", "Yes, it's Tom Baker, date of birth 3rd of May 2011."),
            ("A", "Any meetings?"),
            (
                "R",
                "Strategy meeting on the 6th of November, it's a section 47, police are involved.",
            ),
            ("A", "Is there an adult who can support him through the work?"),
            ("R", "His nan, Margaret Hill, she's happy to support him."),
            ("A", "Have he and mum consented?"),
            ("R", "Yes, both have agreed."),
            ("A", "Best number?"),
            ("R", "School office 01454 250312 or my email d.okafor@winterbourne.sch.uk"),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields == {
        "yp_first_name": "Tom",
        "yp_last_name": "Baker",
        "yp_date_of_birth": "2011-05-03",
        "yp_age": 15,
        "multi_agency_meetings": [{"type": "strategy_meeting", "date": "2026-11-06"}],
        "social_care_investigated": "yes",
        "police_involved": "yes",
        "sa_name": "Margaret Hill",
        "sa_relationship": "nan",
        "sa_willing": "yes",
        "parent_consent": "agreed",
        "yp_consent": "agreed",
        "referrer_phone": "+441454250312",
        "referrer_email": "d.okafor@winterbourne.sch.uk",
    }


def test_a_birthday_corrected_by_its_day_alone_keeps_its_year() -> None:
    call = [("A", "Date of birth?"), ("R", "3rd of May 2011."), ("A", "Anything else?")]
    corrected = read_transcript(
        turns(*call, ("R", "Oh sorry, it's actually 4th May, not the 3rd.")), date(2026, 11, 20)
    )
    about_the_incident = read_transcript(
        turns(*call, ("R", "Sorry, the last incident was actually 4th May.")), date(2026, 11, 20)
    )
    assert corrected.fields["yp_date_of_birth"] == "2011-05-04"
    assert about_the_incident.fields["yp_date_of_birth"] == "2011-05-03"


def test_a_fact_in_passing_never_replaces_an_answer_or_reads_a_negation() -> None:
    reading = read_transcript(
        turns(
            ("A", "Have the police been involved?"),
            ("R", "No."),
            ("A", "What happened?"),
            ("R", "It hasn't been reported to the police and there's no section 47."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["police_involved"] == "no"
    assert "social_care_investigated" not in reading.fields
