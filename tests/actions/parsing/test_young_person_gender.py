"""The young person's gender given with no pronoun after their name
(actions/parsing/young_person_gender.py): the noun they are referred by, the pronouns
after the initials a record calls them by, and, in a text message, the pronoun before
what only the young person has. Each form is read, and like text that is about someone
else, or disagrees with itself, is not."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.notes import read_note
from actions.parsing.young_person_gender import (
    gender_as_referred,
    gender_by_initials,
    gender_in_a_short_message,
    initials_of,
)

TODAY = date(2026, 12, 4)
_NOUNS = {
    "lad": "male",
    "boy": "male",
    "young man": "male",
    "girl": "female",
    "young woman": "female",
}


_FORMS = (
    "I am writing to refer this {}.",
    "Re the {} placed with my carers",
    "Hi, re the {} we discussed",
)


@given(
    st.sampled_from(sorted(_NOUNS)),
    st.sampled_from(["", "15-year-old ", "15 year old ", "fifteen-year-old "]),
    st.sampled_from(_FORMS),
)
def test_the_noun_the_young_person_is_referred_by_gives_their_gender(
    noun: str, age: str, form: str
) -> None:
    found = gender_as_referred(form.format(age + noun))
    assert found is not None and found[0] == _NOUNS[noun]


@pytest.mark.parametrize(
    "text",
    [
        "A 12-year-old girl in Year 7 reported that he touched her.",  # the harmed child
        "We are worried about the girl he babysits.",
        "I'd like to refer this boy, though the girl's parents disagree. Re the girl: she is 9.",
        "There are concerns for the lad's sister.",
    ],
)
def test_a_noun_for_another_child_or_nouns_that_disagree_give_no_gender(text: str) -> None:
    assert gender_as_referred(text) is None


@pytest.mark.parametrize(
    ("first", "last", "initials"),
    [
        ("Amelia-Rose", "Hartley", ["A-R", "AR", "AH"]),
        ("Brandon", "Pearce", ["BP"]),
        ("Jo", None, []),
    ],
)
def test_the_initials_a_record_may_use(first: str, last: str | None, initials: list[str]) -> None:
    assert initials_of(first, last) == initials


def test_pronouns_after_the_initials_a_record_uses_give_the_gender() -> None:
    sentences = ["Actions: DSL to refer.", "A-R lives with her grandparents in Frampton Cotterell."]
    assert gender_by_initials(sentences, "\n".join(sentences), "Amelia-Rose", "Hartley") == (
        "female",
        sentences[1],
    )


def test_a_single_initial_counts_only_where_the_record_opens_with_it() -> None:
    sentences = ["Plan B agreed with his mum."]
    assert gender_by_initials(sentences, sentences[0], "Brandon", None) is None
    sentences = ["B seen at his nan's address.", "B agreed."]
    found = gender_by_initials(sentences, "\n".join(sentences), "Brandon", None)
    assert found is not None and found[0] == "male"


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("Also his surname is Harris, not Harrison.", "male"),
        ("Sorry forgot to say she's actually 13 not 12", "female"),
        ("yes thats fine, I'll bring him every week", "male"),
        ("Amira's surname is Khan, and her school is Bradley Stoke", "female"),
        # what the pronoun is before is anyone's, or the pronouns disagree
        ("mum says yes she'll come to the sessions, her name is Leanne Doyle", None),
        ("his surname is Harris and her school is Yate Academy", None),
        ("Also his surname is Harris. " + "More details to follow. " * 15, None),
    ],
)
def test_a_short_messages_pronoun_before_what_only_the_young_person_has(
    text: str, gender: str | None
) -> None:
    found = gender_in_a_short_message(text)
    assert (found[0] if found else None) == gender


def test_a_note_reads_the_gender_it_gives_only_by_the_noun_it_refers_them_by() -> None:
    read = {
        f.slot: f.value
        for f in read_note(
            "Re: Jessica Tranter, d.o.b. 08/10/2011\n\nI am writing to refer this 15-year-old"
            " girl to your service. Jess has consented.",
            TODAY,
        )
    }
    assert read["yp_gender"] == "female"
