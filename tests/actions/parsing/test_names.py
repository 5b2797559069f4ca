"""Names given as answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import parse_first_name, parse_last_name, parse_person_name
from actions.parsing.names import find_full_name, same_person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sarah Jones", "Sarah Jones"),
        ("sarah jones", "Sarah Jones"),
        ("SARAH JONES", "Sarah Jones"),
        ("it's sarah jones", "Sarah Jones"),
        ("It’s Sarah Jones.", "Sarah Jones"),
        ("I'm Sarah", "Sarah"),
        ("im sarah", "Sarah"),
        ("my name is Dr. Amir Khan", "Dr Amir Khan"),
        ("My name's Will", "Will"),
        ("this is DC Sarah Jones", "DC Sarah Jones"),
        ("hi, it's Priya Patel 😊", "Priya Patel"),
        ("Sarah Jones from South Glos", "Sarah Jones"),
        ("Sarah, social worker", "Sarah"),
        ("sarah o'brien", "Sarah O'Brien"),
        ("Jean-Luc Picard", "Jean-Luc Picard"),
        ("ludwig van beethoven", "Ludwig van Beethoven"),
        ("mcdonald", "McDonald"),
        ("Chloë Brontë", "Chloë Brontë"),
        ("DeShawn McKenzie", "DeShawn McKenzie"),
        ("Al", "Al"),
    ],
)
def test_person_name(text: str, expected: str) -> None:
    assert parse_person_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "Mr",
        "I don't want to say",
        "I'd rather not say",
        "don't know",
        "12345",
        "Sarah J0nes",
        "why do you need it",
        "the social worker",
        "withheld",
        "a b c d e f g",
        "x" * 101,
    ],
)
def test_person_name_refused(text: str) -> None:
    assert parse_person_name(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jake", "Jake"),
        ("jake", "Jake"),
        ("Jake Smith", "Jake"),
        ("he's called Jake", "Jake"),
        ("his name is jake", "Jake"),
        ("Mary-Jane", "Mary-Jane"),
        ("Mr Jake Smith", "Jake"),
    ],
)
def test_first_name(text: str, expected: str) -> None:
    assert parse_first_name(text) == expected


@pytest.mark.parametrize("text", ["", "J", "don't know", "he doesn't want it shared", "14"])
def test_first_name_refused(text: str) -> None:
    assert parse_first_name(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smith", "Smith"),
        ("smith", "Smith"),
        ("smith-jones", "Smith-Jones"),
        ("van der Berg", "van der Berg"),
        ("his surname is Smith not Smyth", "Smith"),
        ("surname: O'Neill", "O'Neill"),
        ("withheld", "withheld"),
        ("Withheld for now", "withheld"),
        ("rather not say at this stage", "withheld"),
        ("prefer not to say yet", "withheld"),
        ("I don't want to give it", "withheld"),
        ("not at this stage", "withheld"),
    ],
)
def test_last_name(text: str, expected: str) -> None:
    assert parse_last_name(text) == expected


@pytest.mark.parametrize("text", ["", "don't know", "12", "the boy"])
def test_last_name_refused(text: str) -> None:
    assert parse_last_name(text) is None


@pytest.mark.parametrize("text", ["good morning", "Morning!", "Good afternoon", "hiya"])
def test_a_greeting_is_not_a_name(text: str) -> None:
    assert parse_person_name(text) is None
    assert parse_first_name(text) is None


@pytest.mark.parametrize(("text", "expected"), [("Eve", "Eve"), ("Morgan", "Morgan")])
def test_names_that_start_like_greetings_are_names(text: str, expected: str) -> None:
    assert parse_person_name(text) == expected


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Dr Jo Bloggs", "Jo Bloggs", True),
        ("PC 4471 Gareth Lloyd", "Gareth Lloyd", True),
        ("PC Gareth Lloyd", "Amira Hassan", False),
        ("Jo Bloggs", "not known", None),
        ("Jo", "Jo Bloggs", None),
    ],
)
def test_whether_two_names_are_one_persons(one: str, other: str, same: bool | None) -> None:
    assert same_person(one, other) is same


@given(st.text(max_size=40), st.text(max_size=40))
def test_any_two_texts_are_compared_symmetrically(one: str, other: str) -> None:
    assert same_person(one, other) == same_person(other, one)


_NAME_WORDS = st.sampled_from(["Sarah", "jones", "O'Brien", "Kerry-Ann", "van", "Dr", "Amir"])


@given(st.lists(_NAME_WORDS, min_size=1, max_size=4), st.data())
def test_a_name_with_an_unreadable_character_in_a_word_is_asked_again_not_guessed(
    words: list[str], data: st.DataObject
) -> None:
    """The web chat's gate puts U+FFFD for a character it could not read (an unpaired
    surrogate): "abc\\ud800def" had been stored as the name "Abc Def"."""
    which = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
    word = words[which]
    at = data.draw(st.integers(min_value=0, max_value=len(word)))
    damaged = " ".join([*words[:which], word[:at] + "\ufffd" + word[at:], *words[which + 1 :]])
    assert parse_person_name(damaged) is None
    assert parse_first_name(damaged) is None
    assert parse_last_name(damaged) is None


def test_an_unreadable_character_standing_apart_is_left_out_of_a_name() -> None:
    assert parse_person_name("Jo Smith \ufffd") == "Jo Smith"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a full stop after a word ends the name's sentence
        ("Her name's Jo Castle. Ruby", "Jo Castle"),
        ("Sarah Jones.", "Sarah Jones"),
        # a stop after an initial, a title or a short abbreviation is within the name
        ("J. Smith", "J Smith"),
        ("Dr. Amir Khan", "Dr Amir Khan"),
        ("St. John Smith", "St John Smith"),
        ("Sgt. Kate Morley", "Sgt Kate Morley"),
    ],
)
def test_a_name_ends_with_its_sentence(text: str, expected: str) -> None:
    assert parse_person_name(text) == expected


@given(st.lists(st.sampled_from(["Jo", "Castle.", "Ruby", "J.", "Dr.", "Lee", "Ann"]), max_size=5))
def test_a_name_read_never_runs_past_a_sentence_stop(words: list[str]) -> None:
    name = parse_person_name(" ".join(words))
    if name is not None:
        assert "Castle" not in name.split()[:-1]


# Found probing the web chat: "he's alone with the kids tonight" typed in full-width
# letters at "what's your name?" got the safety message (the word rules read it) and was
# then stored as the referrer's name, "Ｈｅ'S Ａｌｏｎｅ Ｗｉｔｈ Ｔｈｅ Ｋｉｄｓ Ｔｏｎｉｇｈｔ":
# full-width words passed the not-a-name word list. Typed plainly it read as "He'S Alone".
_FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c).isalpha()}


@pytest.mark.parametrize(
    "text",
    [
        "".join(_FULL_WIDTH.get(c, c) for c in "he's alone with the kids tonight"),
        "he's alone with the kids tonight",
        "she's with him now",
        "they're alone",
    ],
)
def test_a_sentence_about_someone_is_not_a_name(text: str) -> None:
    assert parse_person_name(text) is None


def test_a_name_in_full_width_letters_is_read_in_plain_letters() -> None:
    full = "".join(_FULL_WIDTH.get(c, c) for c in "Zebedee Quillfeather")
    assert parse_person_name(full) == "Zebedee Quillfeather"


# Found probing: at "what's their first name?", "hes at home w his sister rn and mums out"
# got the safety message and the young person's first name "Hes".
@pytest.mark.parametrize(
    "text", ["hes at home w his sister rn and mums out", "shes with him now", "theyre alone"]
)
def test_a_sentence_typed_without_apostrophes_is_not_a_first_name(text: str) -> None:
    assert parse_first_name(text) is None
    assert parse_person_name(text) is None


@pytest.mark.parametrize(
    "text", ["dad's alone with Ruby tonight", "we're at home with her", "Mum'll bring him"]
)
def test_a_word_with_a_contraction_or_possessive_is_no_name(text: str) -> None:
    """Found probing: "dad's alone with Ruby tonight" was the name "Dad'S Alone"."""
    assert parse_person_name(text) is None


@pytest.mark.parametrize("text", ["Sarah O'Brien", "D'Arcy Smith", "N'Golo Kante"])
def test_an_apostrophe_inside_a_name_is_kept(text: str) -> None:
    assert parse_person_name(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her foster carer Mrs Priya Patel is willing to take part", ("Priya", "Patel")),
        ("ask Dr Naomi Fisher at CAMHS", ("Naomi", "Fisher")),
        ("Mr. Tom Reed, DSL", ("Tom", "Reed")),
    ],
)
def test_a_title_before_a_first_and_last_name_is_not_the_first_name(
    text: str, expected: tuple[str, str]
) -> None:
    """ "Mrs Priya Patel" had been read as the name "Mrs Priya"."""
    assert find_full_name(text) == expected
