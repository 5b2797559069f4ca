"""The adults a note names: the significant adult as "Mum (Joanne Masters)" or "Mum
Tasha", the allocated social worker as "his SW Hannah Wright", a labelled name followed
by a team, and whether the writer is the allocated worker."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.notes import read_note
from actions.parsing.passing_facts import passing_facts
from actions.parsing.significant_adult import (
    SUPPORTS_IN_SESSIONS,
    adult_in_full,
    adult_named_in_passing,
    adult_offering_by_first_name,
    labelled_adult,
    parse_significant_adult,
)

TODAY = date(2026, 12, 4)


def _read(*lines: str) -> dict[str, object]:
    return {fact.slot: fact.value for fact in read_note("\n".join(lines), TODAY)}


@pytest.mark.parametrize(
    ("sentence", "relationship", "name"),
    [
        ("Mum (Joanne Masters) agrees and is willing to attend sessions with him.", "mum",
         "Joanne Masters"),
        ("Dad (Steve Pollard) will be his supporting adult.", "dad", "Steve Pollard"),
        ("Mum Tasha will do sessions.", "mum", "Tasha"),
        ("Mum (Kerry) is on board and says she'd come to sessions.", "mum", "Kerry"),
        ("Foster carer Dawn Ellery is willing to attend sessions.", "foster carer",
         "Dawn Ellery"),
        ("Maternal aunt (Kelly Shaw) - willing", "maternal aunt", "Kelly Shaw"),
    ],
)  # fmt: skip
def test_the_relationship_then_the_adults_name(sentence: str, relationship: str, name: str) -> None:
    read = parse_significant_adult(sentence)
    assert (read["sa_relationship"], read["sa_name"]) == (relationship, name)


@pytest.mark.parametrize(
    "sentence",
    [
        # a capitalised word that is not a name
        "Mum Said she will come to the sessions.",
        # a relationship followed by another relationship
        "Mum (Dad's partner) will come along.",
    ],
)
def test_a_relationship_without_a_name_after_it_names_no_one(sentence: str) -> None:
    assert "sa_name" not in parse_significant_adult(sentence)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Kieran is on a CIN plan; his allocated SW is Priya Desai (Locality North).",
         "Priya Desai"),
        ("Discussed with his SW Hannah Wright, who is arranging a strategy discussion.",
         "Hannah Wright"),
        ("Ethan is open to social care on a CIN plan, SW is Clare Nolan.", "Clare Nolan"),
    ],
)  # fmt: skip
def test_the_allocated_social_worker_named_in_passing(sentence: str, name: str) -> None:
    assert passing_facts(sentence, TODAY)["ap_name"] == name


def test_a_social_worker_heading_a_note_is_not_taken_for_the_allocated_one() -> None:
    # "SW Lauren Pryce" opening a telephone note is as often the writer
    assert "ap_name" not in passing_facts("TC to ART - SW Lauren Pryce 07700 900277", TODAY)


def test_the_writer_is_not_the_allocated_worker_the_note_names() -> None:
    read = _read(
        "Referrer: Owen Price",
        "Role: Senior Mental Health Practitioner",
        "Allocated SW: Ben Okafor, Children in Care Team",
        "Young person: Liam Shaw",
    )
    assert read["ap_name"] == "Ben Okafor"
    assert read["referrer_is_allocated"] == "no"


def test_the_writer_named_as_the_allocated_worker_is_them() -> None:
    read = _read("Referrer: Jo Tranter", "Role: Social worker", "Allocated SW: Jo Tranter")
    assert read["referrer_is_allocated"] == "yes"


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    found = parse_significant_adult(text)
    assert set(found) <= {"sa_name", "sa_relationship", "sa_willing"}
    passing_facts(text, TODAY)


def test_a_shared_label_after_a_labelled_name_is_that_persons() -> None:
    read = _read("Referrer: Marcus Bell", "Role: Supervising Social Worker", "DOB: 01/02/2011")
    assert read["referrer_role"] == "Supervising Social Worker"


def test_the_referrers_role_in_brackets_beside_their_name() -> None:
    read = _read("Referrer: Rosie Fairclough (Early Help Practitioner) - lead professional")
    assert (read["referrer_name"], read["referrer_role"]) == (
        "Rosie Fairclough",
        "early help worker",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Owen Price, Senior Mental Health Practitioner, South Glos CAMHS",
         ("Owen Price", "senior mental health practitioner", "South Glos CAMHS")),
        ("Amy Hart, DSL", ("Amy Hart", "teacher/DSL", None)),
    ],
)  # fmt: skip
def test_the_writer_signing_on_one_line(line: str, expected: tuple[str, str, str | None]) -> None:
    read = _read("Seen today with his foster carer.", line)
    assert (
        read["referrer_name"],
        read["referrer_role"],
        read.get("referrer_organisation"),
    ) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Kieran Masters, 14, Yate",  # the young person, with an age
        "Mum, Dad and Kieran attended",  # no name first
        "Amy Hart, who is his teacher, came too",  # a sentence, not a signature
    ],
)
def test_other_comma_lines_are_not_a_signature(line: str) -> None:
    assert "referrer_name" not in _read(line)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Nan, Mrs Pauline Brooke, has agreed and she'll go to sessions, whatever's needed.",
            {"sa_name": "Mrs Pauline Brooke", "sa_relationship": "nan"},
        ),
        (
            "Yes, dad - Mark - has agreed and he'll be the one supporting Aiden.",
            {"sa_name": "Mark", "sa_relationship": "dad"},
        ),
        (
            "Her aunt, Michelle Grant, is keen to be involved in any work.",
            {"sa_name": "Michelle Grant", "sa_relationship": "aunt"},
        ),
        (
            "Foster carer (Jo Whitfield) will attend with him.",
            {"sa_name": "Jo Whitfield", "sa_relationship": "foster carer"},
        ),
        (
            "Both are fine with it. Step-mum – Kerry – said she'd come along to any sessions.",
            {"sa_name": "Kerry", "sa_relationship": "stepmum"},
        ),
    ],
)
def test_an_adult_named_beside_their_relationship_who_offers_to_take_part(
    sentence: str, expected: dict[str, str]
) -> None:
    assert adult_named_in_passing(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # named, but not offering to take part
        "He lives with his mum, Carol Lane, in Yate.",
        "Longwell Green, with Angela Byrne, her foster carer.",
        # offering, but no name beside the relationship
        "Mum said she'd come to sessions if needed.",
        # the name beside is the young person's
        "Dad, Tyler's dad I mean, he'll be the one supporting Tyler.",
        "Mum, Tyler, sorry, Tyler's mum will attend with him.",
    ],
)
def test_no_adult_is_taken_without_both_a_name_beside_them_and_an_offer(sentence: str) -> None:
    assert adult_named_in_passing(sentence, young_person="Tyler") == {}


def test_words_that_only_answer_whether_they_are_willing_are_no_relationship() -> None:
    read = parse_significant_adult("Very much so, she wants to keep Tia.")
    assert read == {"sa_willing": "yes"}


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (
            ["Attended: Liam (YP) with foster carer Jo Whitfield.",
             "Jo is willing to be his supporting adult for any work."],
            {"sa_name": "Jo Whitfield", "sa_relationship": "foster carer"},
        ),
        (
            ["I supervise Dawn Ellery, a single foster carer in Staple Hill.",
             "Dawn is very committed and is willing to take part in any work."],
            {"sa_name": "Dawn Ellery", "sa_relationship": "foster carer"},
        ),
        (
            ["He moved to live with his aunt, Michelle Grant, in Stroud.",
             "Michelle agrees to the referral and is willing to take part."],
            {"sa_name": "Michelle Grant", "sa_relationship": "aunt"},
        ),
        (
            ["Grandad (Ray Dunn) picks him up from school.",
             "Ray says he'll come to the sessions with him."],
            {"sa_name": "Ray Dunn", "sa_relationship": "grandad"},
        ),
    ],
)  # fmt: skip
def test_an_adult_offering_by_first_name_is_the_one_named_in_full_beside_a_relationship(
    sentences: list[str], expected: dict[str, str]
) -> None:
    assert adult_offering_by_first_name(sentences, "Liam") == expected


@pytest.mark.parametrize(
    "sentences",
    [
        # the young person's own name
        ["Liam Carter, his cousin, was at the party.", "Liam is willing to engage."],
        # no offer to take part
        ["with foster carer Jo Whitfield.", "Jo is worried about him."],
        # named in full, but beside no relationship
        ["Sam Ellis rang the office.", "Sam is happy to support him."],
    ],
)
def test_no_adult_by_first_name_without_an_offer_a_full_name_and_a_relationship(
    sentences: list[str],
) -> None:
    assert adult_offering_by_first_name(sentences, "Liam") == {}


def test_the_relationship_opening_the_sentence_and_the_name_given_for_them_later() -> None:
    sentence = "mum says yes she'll come to the sessions, her name is Leanne Doyle."
    adult = parse_significant_adult(sentence)
    assert (adult["sa_relationship"], adult["sa_name"]) == ("mum", "Leanne Doyle")


def test_a_subject_that_is_no_relationship_gives_the_name_alone() -> None:
    adult = parse_significant_adult("The school says yes, her name is Leanne Doyle.")
    assert adult == {"sa_name": "Leanne Doyle"}


@given(st.text(max_size=150))
def test_any_adult_read_is_named_with_words_from_the_text(text: str) -> None:
    name = parse_significant_adult(text).get("sa_name")
    assert name is None or all(word in text for word in name.split())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Grandad - Michael Brown (willing)", ("Michael Brown", "Grandad")),
        ("Lynn Avery (foster carer)", ("Lynn Avery", "foster carer")),
        ("Maternal aunt (Kelly Shaw) - willing", ("Kelly Shaw", "Maternal aunt")),
        ("Mum, Stacey Edwards", ("Stacey Edwards", "Mum")),
    ],
)
def test_a_labelled_adult_gives_the_name_and_the_relationship_in_either_order(
    value: str, expected: tuple[str, str]
) -> None:
    assert labelled_adult(value) == {"sa_name": expected[0], "sa_relationship": expected[1]}


@pytest.mark.parametrize(
    "value",
    [
        "Dawn Ellery (willing)",  # willing is no relationship
        "Kelly Shaw - Barnardos",  # an organisation is no relationship
        "Mum - not known",  # no name
        "Michael Brown",
    ],
)
def test_a_labelled_value_without_both_gives_no_pair(value: str) -> None:
    assert labelled_adult(value) == {}


def test_a_request_for_service_form_in_its_own_words() -> None:
    read = _read(
        "REQUEST FOR SERVICE",
        "Your name: Gemma Lockwood",
        "Your job: Family Support Worker",
        "Your agency: Bridges Family Centre",
        "Child/young person's full name: Aaliyah Brown",
        "Education provider: Patchway Community School",
        "Person who will support the work: Grandad - Michael Brown (willing)",
        "Agreement of young person: Yes",
    )
    # as written: the validators tidy them
    assert {k: read[k] for k in ("referrer_role", "referrer_organisation")} == {
        "referrer_role": "Family Support Worker",
        "referrer_organisation": "Bridges Family Centre",
    }
    assert (read["yp_first_name"], read["yp_last_name"]) == ("Aaliyah", "Brown")
    assert read["yp_education_setting"] == "Patchway Community School"
    assert (read["sa_name"], read["sa_relationship"]) == ("Michael Brown", "Grandad")
    assert read["yp_consent"] == "Yes"  # the validator makes it "agreed"


@given(st.text(max_size=80))
def test_any_labelled_adult_is_named_with_words_of_the_value(value: str) -> None:
    for found in labelled_adult(value).values():
        assert found in value


LETTER = (
    "Re: Oliver Penhaligon, d.o.b. 07.01.2011, Winterbourne\n"
    "I saw Oliver in clinic together with his adoptive mother, Mrs Claire Penhaligon.\n"
    "Both Oliver and his parents are happy for me to make this referral, and Mrs "
    "Penhaligon has said she will come along to every session."
)


def test_an_adult_named_by_title_and_surname_is_the_one_named_in_full_before() -> None:
    read = _read(LETTER)
    assert (read["sa_name"], read["sa_relationship"]) == ("Claire Penhaligon", "adoptive mother")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Mrs Penhaligon", "Mrs Penhaligon came."),  # no full name anywhere
        ("Mrs Penhaligon", "Claire Penhaligon and Tom Penhaligon came."),  # two people
        ("Claire Penhaligon", LETTER),  # already in full
    ],
)
def test_no_full_name_for_an_adult_named_otherwise(name: str, text: str) -> None:
    assert adult_in_full(name, text, frozenset({"Oliver"})) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "Mum (Ms Tanya Cole) has agreed to this referral and would attend with him.",
        "His key worker at the home, Marcus Bell, will be the consistent adult for sessions.",
        "Mrs Penhaligon has said she will come along to every session.",
    ],
)
def test_more_ways_of_offering_to_take_part(sentence: str) -> None:
    assert SUPPORTS_IN_SESSIONS.search(sentence)


def test_a_clause_ending_in_people_is_no_relationship() -> None:
    said = parse_significant_adult("Both Oliver and his parents are happy, she will attend.")
    assert "sa_relationship" not in said
    assert "sa_name" not in said  # "Both Oliver" is no one's name


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Aunt Sharon gave her consent and says she can bring him to appointments.",
         {"sa_relationship": "aunt", "sa_name": "Sharon"}),
        ("Nan Pauline will bring her to every session.",
         {"sa_relationship": "nan", "sa_name": "Pauline"}),
    ],
)  # fmt: skip
def test_a_relationship_before_a_first_name_is_no_part_of_the_name(
    sentence: str, expected: dict[str, str]
) -> None:
    assert SUPPORTS_IN_SESSIONS.search(sentence)
    said = parse_significant_adult(sentence)
    assert {k: said[k] for k in expected} == expected


def test_bringing_someone_else_is_no_offer_to_take_part() -> None:
    assert not SUPPORTS_IN_SESSIONS.search("The school will bring in extra supervision.")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("His key worker, Jordan Blake, has offered to attend the sessions with him.",
         {"sa_name": "Jordan Blake", "sa_relationship": "key worker"}),
        ("His key worker, Dean Foster, will come with him.",
         {"sa_name": "Dean Foster", "sa_relationship": "key worker"}),
    ],
)  # fmt: skip
def test_a_key_worker_named_beside_an_offer(sentence: str, expected: dict[str, str]) -> None:
    assert adult_named_in_passing(sentence) == expected


def test_the_relationship_before_what_they_agree_to() -> None:
    said = parse_significant_adult("mum agrees to referral, says she'll come to the sessions")
    assert said["sa_relationship"] == "mum"


@pytest.mark.parametrize(
    "text",
    [
        "I phoned mum, who agreed to the referral and is happy to come to appointments.",
        "PARENT/CARER VIEW: Mother agrees to the referral and will attend sessions with him.",
    ],
)
def test_a_clause_that_only_ends_in_a_relation_is_no_relationship(text: str) -> None:
    relationship = parse_significant_adult(text).get("sa_relationship")
    assert relationship is None or relationship.split()[0] in {"mum", "mother"}


def test_a_clause_that_opens_with_the_relation_gives_it() -> None:
    assert (
        parse_significant_adult("His nan, she'll come to sessions").get("sa_relationship") == "nan"
    )


@pytest.mark.parametrize(
    ("text", "worker"),
    [
        ("and her social worker, Ms Olu Adebayo, has given consent", "Olu Adebayo"),
        ("his SW, Hannah Wright, is arranging a strategy discussion", "Hannah Wright"),
        ("her social worker, who is new, has not met her yet", None),
    ],
)
def test_the_social_worker_named_after_a_comma(text: str, worker: str | None) -> None:
    assert passing_facts(text, TODAY).get("ap_name") == worker
