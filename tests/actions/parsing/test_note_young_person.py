"""The young person in a pasted note where no label names them: named with an age in
brackets, named at the head of a labelled line that says more, and their gender from
the pronouns the writer uses for them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.note_young_person import (
    gender_from_pronouns,
    name_at_head,
    named_with_birth,
    young_person_with_age,
)
from actions.parsing.notes import read_note

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Home visit to Dylan (15) at mum's address in Patchway.", ("Dylan", 15)),
        ("Seen today: Amber (YP) with her foster carer.", ("Amber", None)),
        ("pls can HSB pick up Kai T (14, CP plan, Filton)", ("Kai", 14)),
        ("Mason (DOB 01/02/2011) was excluded in October.", ("Mason", None)),
    ],
)
def test_a_child_named_with_an_age_the_service_sees(
    sentence: str, expected: tuple[str, int | None]
) -> None:
    assert young_person_with_age(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # another age: another child
        "A Year 7 girl, Poppy (11), told her teacher.",
        # someone else's child, whatever the age
        "He lives with his brother Callum (14) and mum.",
        "The victim Sasha (13) has moved school.",
        # no name, or brackets about something else
        "Mum (Kerry) is on board with the referral.",
        "Police (CAIT) are investigating.",
    ],
)
def test_other_children_and_other_brackets_are_not_the_young_person(sentence: str) -> None:
    assert young_person_with_age(sentence) is None


def test_a_labelled_name_that_says_more() -> None:
    assert name_at_head('Oliver "Ollie" Fenwick, male, DOB 05/01/2009. Lives with his dad') == (
        "Oliver",
        "Fenwick",
        "male, DOB 05/01/2009. Lives with his dad",
    )
    # a bare name is read by the labelled line itself; a phrase is not a name
    assert name_at_head("Isla Hewes") is None
    assert name_at_head("not known, ask the school") is None


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["Kieran lives with his mum and his younger sister in Yate."], "male"),
        (["Lily is open to CSC; Lily and her mum have agreed."], "female"),
        # a pronoun opening the sentence after one that opens with the name
        (["Tyrone was convicted in October.", "He isn't open to CSC."], "male"),
        # or a possessive opening it
        (["Kayden (DOB 01/12/2014) was placed six weeks ago.", "His SW is on leave."], "male"),
        # a blank line between the paragraphs
        (["Kayden was placed six weeks ago.", "", "His SW is on leave."], "male"),
        # the pronoun after the name and its details
        (["Mason Gray, DOB 09/07/2013, he's 13, lives with mum."], "male"),
        # or after a semicolon
        (["Ethan also agrees; he says he wants help."], "male"),
        # after a sentence naming the young person and no one else
        (
            [
                "I've been seeing Freddie Walsh (DOB 1st August 2010) for anxiety since spring.",
                "He lives in Downend.",
            ],
            "male",
        ),
    ],
)
def test_gender_from_the_pronouns_used_for_the_young_person(
    sentences: list[str], expected: str
) -> None:
    found = gender_from_pronouns(sentences, sentences[0].split()[0])
    assert found is not None and found[0] == expected


@pytest.mark.parametrize(
    "sentences",
    [
        # "her" is the harmed child's: an object, or a possessive before her body or clothes
        ["A girl disclosed that Kieran had touched her over her clothing."],
        # pronouns for both: no reading
        ["Kieran lives with his mum.", "Kieran's sister said Kieran upset her mum."],
        # the note says how the young person describes themselves
        ["Kieran lives with his mum.", "Kieran uses they/them pronouns at school."],
        # a sentence opening "She" after one that does not open with the name
        ["A girl in Year 7 reported Kieran.", "She is 11."],
        # a sentence naming the young person and someone else
        ["I saw Kieran with Dawn yesterday.", "She is worried."],
        ["I saw Kieran and a teacher yesterday.", "She is worried."],
        # the pronoun describes someone else
        ["Kieran Gray, she's his mum, rang."],
    ],
)
def test_no_gender_when_the_pronouns_may_be_someone_elses(sentences: list[str]) -> None:
    assert gender_from_pronouns(sentences, "Kieran") is None


def test_a_case_note_names_the_young_person_without_a_label() -> None:
    note = (
        "Case note 01/12/26 - JH (YOT)\n"
        "Home visit to Dylan (15) at mum's address in Patchway. Dylan lives with mum and "
        "his brother Callum (11). Dylan remains on his Referral Order.\n"
        "Discussed referral to HSB service - Dylan agreed. Mum agreed.\n"
    )
    read = {fact.slot: fact for fact in read_note(note, TODAY)}
    assert read["yp_first_name"].value == "Dylan"
    assert read["yp_age"].value == 15
    assert read["yp_gender"].value == "male"
    assert "his brother" in read["yp_gender"].words or "his Referral" in read["yp_gender"].words


def test_a_form_row_of_several_labels_and_a_correction_at_the_end() -> None:
    note = (
        "Safeguarding log - extract for referral\n"
        "Student: Ethan Pollard   Year: 11   DOB: 28/02/2010\n"
        "Ethan lives with both parents in Frampton Cotterell.\n"
        "NB sorry surname is Pollack not Pollard - typo throughout above\n"
    )
    read = {fact.slot: fact.value for fact in read_note(note, TODAY)}
    assert read["yp_first_name"] == "Ethan"
    assert read["yp_date_of_birth"] == "28/02/2010"  # as labelled: the validator parses it
    assert read["yp_last_name"] == "Pollack"


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    found = young_person_with_age(text)
    assert found is None or found[1] is None or 12 <= found[1] <= 17
    name_at_head(text)
    gender_from_pronouns(text.split("."), "Kieran")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ellie-Mae is 14 and in Year 10 at Longwell Fields Academy.", ("Ellie-Mae", 14)),
        ("Jake, 14, lives in Yate.", ("Jake", 14)),
        ("Tom is fifteen years old.", ("Tom", 15)),
    ],
)
def test_a_name_said_to_be_of_an_age_the_service_sees(
    sentence: str, expected: tuple[str, int]
) -> None:
    note = f"{sentence} More about {expected[0]} below."
    assert young_person_with_age(sentence, note) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "His sister Amy is 12.",  # another child
        "Dawn is 54.",  # an adult
        "On Tuesday, 14 November he was seen.",  # a day, not a name
    ],
)
def test_a_name_and_age_that_are_not_the_young_persons(sentence: str) -> None:
    assert young_person_with_age(sentence, sentence * 2) is None


def test_a_capitalised_word_the_note_never_repeats_is_no_name() -> None:
    assert young_person_with_age("Room is 14.", "Room is 14. The meeting went well.") is None


@given(st.text(max_size=120))
def test_any_name_read_with_an_age_is_in_the_sentence(sentence: str) -> None:
    found = young_person_with_age(sentence, sentence * 2)
    if found is not None:
        assert found[0].lower() in sentence.lower()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Re the lad Ethan Marsh (12) - no police action to be taken.",
         {"yp_first_name": "Ethan", "yp_last_name": "Marsh", "yp_age": 12,
          "yp_gender": "male"}),
        ("Referral for Leo Fitzgerald, 15 (DOB 05/12/2010), Bradley Stoke.",
         {"yp_first_name": "Leo", "yp_last_name": "Fitzgerald", "yp_age": 15}),
        ("Kieran Masters (DOB 03/05/2011) lives with his nan.",
         {"yp_first_name": "Kieran", "yp_last_name": "Masters"}),
        ("We have a girl Jade Cole, 14, at our school.",
         {"yp_first_name": "Jade", "yp_last_name": "Cole", "yp_age": 14,
          "yp_gender": "female"}),
    ],
)  # fmt: skip
def test_the_young_person_named_with_their_age_and_the_word_for_them(
    sentence: str, expected: dict[str, object]
) -> None:
    assert named_with_birth(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Re the lad Ethan Marsh - no police action to be taken.",  # no age or birth
        "His sister, the girl Amy Marsh (4), told mum.",  # an age the service never sees
    ],
)
def test_no_young_person_from_a_name_without_an_age_the_service_sees(sentence: str) -> None:
    assert named_with_birth(sentence) == {}


@given(st.sampled_from(["lad", "boy", "girl", "young man", "young woman"]), st.integers(5, 25))
def test_any_word_for_them_and_age_in_brackets_are_read(noun: str, age: int) -> None:
    found = named_with_birth(f"Re the {noun} Ethan Marsh ({age}) - closed our end.")
    assert found["yp_age"] == age
    assert found["yp_gender"] == ("female" if noun in {"girl", "young woman"} else "male")


def test_an_age_as_one_item_of_a_labelled_young_persons_list() -> None:
    read = {
        f.slot: f.value for f in read_note("YP: Isla Morton, 14, Charfield, lives with dad", TODAY)
    }
    assert (read["yp_first_name"], read["yp_age"], read["yp_location"]) == ("Isla", 14, "Charfield")


def test_a_number_out_of_the_age_range_in_the_list_is_no_age() -> None:
    read = {f.slot: f.value for f in read_note("YP: Isla Morton, 3, Charfield", TODAY)}
    assert "yp_age" not in read


@pytest.mark.parametrize(
    "sentence",
    ["- Ellie-Mae ROURKE, female, 15 yrs, d.o.b 03/11/2011", "Ellie-Mae Rourke, female, 15 yrs"],
)
def test_a_hyphenated_first_name_and_a_surname_in_capitals(sentence: str) -> None:
    """ "Ellie-Mae Rourke" had been read as "Mae Rourke", and "ROURKE" not at all."""
    assert named_with_birth(sentence) == {
        "yp_first_name": "Ellie-Mae",
        "yp_last_name": "Rourke",
        "yp_age": 15,
        "yp_gender": "female",
    }
