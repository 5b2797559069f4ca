"""What a call states unasked or beyond the handler's question, read by the transcript
reader (actions/transcript_reading.py, actions/transcript_answers.py): the child harmed
in the account, consent and its reason in the caller's words, the adult who offers to
take part, the young person's name and gender from the answer to who the call is about,
the caller's introduction after a greeting, the service asked for and when it last
happened. Precision first: each reading has its cases that must leave a field unread."""

from __future__ import annotations

from datetime import date

import pytest

from actions.transcript_reading import read_transcript
from tests.actions.test_transcript_reading import turns


@pytest.mark.parametrize(
    ("account", "relationship", "age"),
    [
        (
            "Basically he's been touching his 7 year old half-brother when mum's at work.",
            "half-sibling",
            "7",
        ),
        (
            "So the concern is she sexually assaulted her cousin, who's 6, at a sleepover.",
            "cousin",
            "6",
        ),
        ("Right, well, nan found him in bed with his little sister, she's only 4.", "sibling", "4"),
        (
            "He exposed himself to the neighbour's boy, he's 8, over the garden fence.",
            "neighbour's child",
            "8",
        ),
    ],
)
def test_the_child_harmed_is_taken_from_the_account_when_no_one_asks(
    account: str, relationship: str, age: str
) -> None:
    reading = read_transcript(
        turns(("A", "Go on, what's happened?"), ("R", account), ("A", "Okay, thank you.")),
        date(2026, 11, 20),
    )
    assert reading.fields["harmed_children"] == [
        {
            "relationship": relationship,
            "age": age,
            "same_home_or_school": "unknown",
            "protection_plan": "unknown",
        }
    ]


def test_the_handlers_later_questions_complete_the_child_from_the_account() -> None:
    reading = read_transcript(
        turns(
            ("A", "What are the concerns?"),
            ("R", "Mum caught him touching his 9 year old stepsister in the bath."),
            ("A", "Do they live together?"),
            ("R", "Yes, same house."),
            ("A", "And is she on a protection plan?"),
            ("R", "No, not at the moment."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["harmed_children"] == [
        {
            "relationship": "step-sibling",
            "age": "9",
            "same_home_or_school": "yes",
            "protection_plan": "no",
        }
    ]


@pytest.mark.parametrize(
    "account",
    [
        # A group: how many and who are for the handler to ask.
        "He's been sending pictures to some girls in year 7.",
        # Relationship without an age, or an age without a relationship.
        "He's been touching his sister, mum walked in on them.",
        "It's alleged he assaulted a 12 year old girl at a party.",
        # The caller's "boy of 12" is the child who told, not one the account names.
        "A year 8 lad, he's 12, told me his older brother has been touching him.",
    ],
)
def test_a_child_the_account_describes_only_in_part_is_left_for_the_questions(
    account: str,
) -> None:
    reading = read_transcript(turns(("A", "What's happened?"), ("R", account)), date(2026, 11, 20))
    assert "harmed_children" not in reading.fields


def test_consent_said_in_passing_is_read_with_why_it_was_not_sought() -> None:
    reading = read_transcript(
        turns(
            ("A", "Okay, and where does she live?"),
            ("R", "With her aunt in Kingswood."),
            ("A", "Right."),
            ("R", "Auntie knows we're referring and she's fine with it."),
            ("R", "Jade hasn't been told yet because her aunt wants to do it with us there."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["parent_consent"] == "agreed"
    assert reading.fields["yp_consent"] == "not_sought"
    assert reading.fields["yp_consent_reason"] == "her aunt wants to do it with us there"


def test_the_reason_may_follow_the_answer_to_the_consent_question() -> None:
    reading = read_transcript(
        turns(
            ("A", "Does Ben know you're referring him?"),
            ("R", "No, not yet, his dad would rather tell him himself."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["yp_consent"] == "not_sought"
    assert reading.fields["yp_consent_reason"] == "his dad would rather tell him himself"


def test_asked_about_a_parent_a_pronoun_in_the_answer_is_not_the_young_persons_consent() -> None:
    reading = read_transcript(
        turns(
            ("A", "Has his foster carer agreed to it?"),
            ("R", "Yes, I rang her this morning and she's fine with us going ahead."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["parent_consent"] == "agreed"
    assert "yp_consent" not in reading.fields


def test_the_adult_offering_to_take_part_is_read_when_named_in_passing() -> None:
    reading = read_transcript(
        turns(
            ("A", "And has anyone agreed to the referral?"),
            ("R", "Yeah, his gran - Linda Price - says she'll come along to any sessions."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["sa_name"] == "Linda Price"
    assert reading.fields["sa_relationship"] == "gran"


def test_an_adult_named_in_passing_never_joins_one_already_described() -> None:
    reading = read_transcript(
        turns(
            ("A", "Is there an adult who can support him through the work?"),
            ("R", "His uncle, he's happy to."),
            ("A", "Okay."),
            ("R", "Mum, Donna Hale, said she'd come to sessions too."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["sa_relationship"] == "uncle"
    assert "sa_name" not in reading.fields


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "Lad called Tyler, surname Brooke, B-R-O-O-K-E. He's 14.",
            {"yp_first_name": "Tyler", "yp_last_name": "Brooke"},
        ),
        ("It's a girl named Amber-Rose, she's in year 9.", {"yp_first_name": "Amber-Rose"}),
        ("Young lad, goes by Kai, surname's Okafor.", {"yp_last_name": "Okafor"}),
    ],
)
def test_asked_who_the_young_person_is_the_name_follows_the_words_that_give_it(
    answer: str, expected: dict[str, str]
) -> None:
    reading = read_transcript(
        turns(("A", "Okay. And who's the young person?"), ("R", answer)), date(2026, 11, 20)
    )
    names = {k: v for k, v in reading.fields.items() if k in ("yp_first_name", "yp_last_name")}
    assert names == expected


@pytest.mark.parametrize(
    ("answer", "gender"),
    [
        ("A lad on my caseload, 15.", "male"),
        ("One of our young people, Ryan Mills, he's 16.", "male"),
        ("It's a girl in year 10 at our school, she's 14.", "female"),
        ("Young man I've been working with, Corey, 17.", "male"),
    ],
)
def test_asked_who_the_call_is_about_a_word_for_the_young_person_gives_their_gender(
    answer: str, gender: str
) -> None:
    reading = read_transcript(
        turns(("A", "Who are you calling about?"), ("R", answer)), date(2026, 11, 20)
    )
    assert reading.fields["yp_gender"] == gender


@pytest.mark.parametrize(
    "answer",
    [
        # a word for each sex: which is the young person's is not said
        "A boy who's been touching his sister, she's 6.",
        "Tia's mum rang me about her son.",
    ],
)
def test_words_for_both_sexes_in_the_naming_leave_the_gender_to_be_asked(answer: str) -> None:
    reading = read_transcript(
        turns(("A", "Who are you calling about?"), ("R", answer)), date(2026, 11, 20)
    )
    assert "yp_gender" not in reading.fields


def test_the_callers_introduction_after_a_greeting_in_their_first_turn_is_read() -> None:
    reading = read_transcript(
        turns(
            ("A", "Access and Response, Sam speaking."),
            (
                "R",
                "Morning Sam, apologies, I'm in the car. Jo Patel, school nurse, Castle School.",
            ),
            ("A", "Who's the social worker?"),
            ("R", "No idea. Sorry. Kerry Lane, Yate team, I think."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["referrer_name"] == "Jo Patel"
    assert reading.fields["referrer_role"] == "school nurse"
    assert reading.fields["referrer_organisation"] == "Castle School"


@pytest.mark.parametrize(
    ("said", "service"),
    [
        ("We'd be after an assessment really.", "assessment"),
        ("I'm hoping for assessment and therapy if you can.", "assessment_and_therapy"),
        ("We're looking for a consultation first, to be honest.", "consultation"),
    ],
)
def test_the_service_asked_for_in_passing_is_read(said: str, service: str) -> None:
    reading = read_transcript(turns(("A", "Right, thank you."), ("R", said)), date(2026, 11, 20))
    assert reading.fields["service_requested"] == service


def test_a_service_asked_for_another_child_is_not_the_referral_s() -> None:
    reading = read_transcript(
        turns(("A", "Okay."), ("R", "We'd really like some therapy for his little sister.")),
        date(2026, 11, 20),
    )
    assert "service_requested" not in reading.fields


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("It's been going on for weeks, most recently on Sunday night.", "Sunday night"),
        ("The last time was two weeks ago, at his nan's.", "two weeks ago"),
        ("It last happened on the 3rd of November, at school.", "2026-11-03"),
    ],
)
def test_when_it_last_happened_said_in_passing_is_read(said: str, when: str) -> None:
    reading = read_transcript(turns(("A", "Okay."), ("R", said)), date(2026, 11, 20))
    assert reading.fields["concern_most_recent"] == when


@pytest.mark.parametrize(
    "said",
    [
        "Most recently she told her mum about it.",
        "It's not the most recent incident, that was at school.",
    ],
)
def test_most_recently_without_a_time_says_nothing_of_when(said: str) -> None:
    reading = read_transcript(turns(("A", "Okay."), ("R", said)), date(2026, 11, 20))
    assert "concern_most_recent" not in reading.fields


def test_a_name_asked_with_a_date_of_birth_gives_both() -> None:
    reading = read_transcript(
        turns(
            ("A", "What's the boy's name and date of birth?"),
            ("R", "Reece Holloway, born 2nd of February 2012."),
        ),
        date(2026, 11, 20),
    )
    assert reading.fields["yp_first_name"] == "Reece"
    assert reading.fields["yp_last_name"] == "Holloway"
    assert reading.fields["yp_date_of_birth"] == "2012-02-02"


def test_the_young_persons_name_said_before_it_is_asked_is_read_with_what_follows() -> None:
    reading = read_transcript(
        turns(
            ("A", "Access and Response Team, Chris speaking."),
            ("R", "Hi Chris, it's Natalie Burgess, I'm the deputy DSL at Hill Vale Academy."),
            ("A", "What can I do for you?"),
            ("R", "I'm calling to refer one of our boys to your service. His name's Oscar Lee."),
            ("A", "How old is he?"),
            ("R", "Twelve. Date of birth second of September 2014."),
            ("A", "Thank you. Where's he placed?"),
            ("R", "Frampton Cotterell."),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields["yp_first_name"] == "Oscar"
    assert reading.fields["yp_last_name"] == "Lee"
    assert reading.fields["yp_date_of_birth"] == "2014-09-02"
    assert reading.fields["yp_location"] == "Frampton Cotterell"
    assert reading.fields["referrer_name"] == "Natalie Burgess"


def test_asked_about_the_social_worker_a_name_is_never_the_young_persons() -> None:
    reading = read_transcript(
        turns(
            ("A", "Is there a social worker?"),
            ("R", "Yes. Her name's Megan Ross, Children in Care Team."),
        ),
        date(2026, 12, 4),
    )
    assert "yp_first_name" not in reading.fields


def test_the_handlers_pronoun_for_the_young_person_gives_their_gender() -> None:
    reading = read_transcript(
        turns(
            ("A", "Thank you. Where's she placed?"),
            ("R", "Longwell Green."),
            ("A", "What's her legal status?"),
            ("R", "She's on a full care order."),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields["yp_gender"] == "female"


@pytest.mark.parametrize(
    "questions",
    [
        # the handler's words differ: which is the young person's is unclear
        ("How old is he?", "And where does she live?"),
        # a question about someone else
        ("How old is the girl he touched?",),
        # not a question about the young person
        ("Does his mum know about the referral?",),
    ],
)
def test_no_gender_from_pronouns_that_may_not_be_the_young_persons(
    questions: tuple[str, ...],
) -> None:
    pairs = [pair for question in questions for pair in (("A", question), ("R", "Okay."))]
    reading = read_transcript(turns(*pairs), date(2026, 12, 4))
    assert "yp_gender" not in reading.fields


def test_asked_for_their_social_worker_by_the_words_alone_the_name_given_is_theirs() -> None:
    reading = read_transcript(
        turns(
            ("A", "And her social worker?"),
            ("R", "Megan Ross, Children in Care Team. I'm not her social worker."),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields["ap_name"] == "Megan Ross"
    assert reading.fields["referrer_is_allocated"] == "no"


def test_the_adult_asked_about_by_first_name_is_the_one_named_in_full_earlier() -> None:
    reading = read_transcript(
        turns(
            ("A", "Where's she placed?"),
            ("R", "Longwell Green, with Angela Byrne, her foster carer."),
            ("A", "Is Angela willing to be involved in the work?"),
            ("R", "Very much so, she wants to keep Tia."),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields["sa_name"] == "Angela Byrne"
    assert reading.fields["sa_relationship"] == "foster carer"


@pytest.mark.parametrize(
    ("earlier", "answer"),
    [
        # willing is not said
        ("Longwell Green, with Angela Byrne, her foster carer.", "I'm not sure, I'll ask."),
        # the call never names her beside a relationship
        ("Longwell Green. Angela Byrne rang me about it.", "Yes, she is."),
    ],
)
def test_an_adult_asked_about_by_first_name_is_not_taken_without_both(
    earlier: str, answer: str
) -> None:
    reading = read_transcript(
        turns(
            ("A", "Where's she placed?"),
            ("R", earlier),
            ("A", "Is Angela willing to be involved in the work?"),
            ("R", answer),
        ),
        date(2026, 12, 4),
    )
    assert "sa_name" not in reading.fields


def test_a_call_naming_someone_else_as_the_social_worker_is_not_from_them() -> None:
    reading = read_transcript(
        turns(
            ("A", "Access and Response Team."),
            ("R", "Hi, it's PC Gareth Lloyd from Avon and Somerset Police."),
            ("A", "Is there a social worker?"),
            ("R", "Yes, Amira Hassan in the Kingswood area team."),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields["ap_name"] == "Amira Hassan"
    assert reading.fields["referrer_is_allocated"] == "no"


def test_and_his_parents_after_the_young_persons_consent_asks_for_theirs() -> None:
    reading = read_transcript(
        turns(
            ("A", "And consent - does Harvey know?"),
            ("R", "Harvey's agreed, he actually asked for help himself."),
            ("A", "And his parents?"),
            ("R", "Mum has PR. She's said she doesn't want him referred. So that's a no."),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields["parent_consent"] == "refused"


def test_and_his_parents_asked_about_nothing_before_is_no_question_about_consent() -> None:
    reading = read_transcript(
        turns(("A", "And his parents?"), ("R", "They're fine with it.")), date(2026, 12, 4)
    )
    assert "parent_consent" not in reading.fields


def test_the_callers_pronoun_after_naming_the_young_person_gives_their_gender() -> None:
    reading = read_transcript(
        turns(
            ("A", "ART, go ahead."),
            (
                "R",
                "Referral for HSB. Young person is Mason Gray, DOB 09/07/2013, he's 13.",
            ),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields["yp_gender"] == "male"


def test_a_name_in_the_account_of_what_happened_is_not_taken_for_the_young_persons() -> None:
    reading = read_transcript(
        turns(
            ("A", "What's happened?"),
            ("R", "He's been messaging a girl at the club. Her name is Amy Cole, she's 11."),
        ),
        date(2026, 12, 4),
    )
    assert "yp_first_name" not in reading.fields


def test_a_pronoun_in_the_question_straight_after_the_account_gives_no_gender() -> None:
    reading = read_transcript(
        turns(
            ("A", "What's happened?"),
            ("R", "He's been sending messages to a girl at his club, pictures and that."),
            ("A", "How old is she?"),
            ("R", "Eleven."),
        ),
        date(2026, 12, 4),
    )
    assert reading.fields.get("yp_gender") != "female"
