"""Police involvement and outcome said in passing (actions/parsing/passing_facts.py,
status_facts.police_facts): in a call's account or a note's sentence, never someone
else's record; and who the young person lives with, said across a note's lines."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.notes import read_note
from actions.parsing.passing_facts import passing_facts
from actions.parsing.status_facts import placed_with_foster_carer, police_facts, status_facts

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "involved", "status"),
    [
        (
            "We interviewed him last month and he's been released under investigation, so "
            "it's still open on our side.",
            "yes",
            "open",
        ),
        (
            "The police weren't involved - the strategy meeting was social care and health only.",
            "no",
            "none",
        ),
        ("He was convicted in September of sexual assault.", "yes", "convicted"),
        ("He's on a Youth Rehabilitation Order.", "yes", "convicted"),
        ("SW aware (Charlotte Evans). Police not informed.", "no", "none"),
        ("Police not yet informed.", "no", "none"),
        ("Social care: not open. Police: no involvement.", "no", "none"),
    ],
)
def test_police_said_in_passing_is_read(text: str, involved: str, status: str) -> None:
    facts = passing_facts(text, TODAY)
    assert (facts["police_involved"], facts["police_status"]) == (involved, status)


@pytest.mark.parametrize(
    "text",
    [
        # someone else's record
        "His dad was convicted of sexual offences years ago.",
        "His older brother has been released under investigation.",
        # two readings that disagree
        "Police were involved at first. Police not informed of the latest incident.",
    ],
)
def test_police_not_clearly_the_young_persons_is_left_unread(text: str) -> None:
    assert "police_status" not in passing_facts(text, TODAY)


def test_a_police_form_line_with_an_outcome_is_that_outcome() -> None:
    assert police_facts("police: no further action.") == {
        "police_involved": "yes",
        "police_status": "no_further_action",
    }


@given(st.text(max_size=300))
def test_any_text_gives_police_facts_from_the_allowed_values(text: str) -> None:
    facts = passing_facts(text, TODAY)
    assert facts.get("police_involved") in (None, "yes", "no")
    if "police_status" in facts:
        assert facts["police_involved"] == ("no" if facts["police_status"] == "none" else "yes")


@pytest.mark.parametrize(
    ("note", "words"),
    [
        (
            "Attended: Liam (YP) with foster carer Jo Whitfield.\n"
            "Liam is LAC, placed with Jo since July; placement is in Warmley.",
            "placed with jo",
        ),
        (
            "I supervise Dawn Ellery, a single foster carer.\nKayden was placed with Dawn in May.",
            "placed with dawn",
        ),
    ],
)
def test_placed_with_someone_the_note_calls_a_foster_carer_is_foster_care(
    note: str, words: str
) -> None:
    assert placed_with_foster_carer(note.lower()) == words
    read = {fact.slot: fact.value for fact in read_note(note, TODAY)}
    assert read["lives_with"] == "foster"


@pytest.mark.parametrize(
    "note",
    [
        "Liam is placed with Jo since July. Jo is his aunt.",
        "The foster carer Sam rang. Liam was placed with Jo last week.",
    ],
)
def test_placed_with_someone_not_called_a_foster_carer_says_nothing(note: str) -> None:
    assert placed_with_foster_carer(note.lower()) is None


def test_moved_to_live_with_an_aunt_is_kinship() -> None:
    facts = status_facts("he moved last month to live with his aunt, michelle grant, in stroud")
    assert facts["lives_with"] == "kinship"


@given(st.text(max_size=200))
def test_placed_with_a_foster_carer_gives_words_from_the_text(text: str) -> None:
    words = placed_with_foster_carer(text.lower())
    assert words is None or words in text.lower()


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kieran is open to children's social care on a cin plan.", "child_in_need"),
        ("he's open to the disabled children's team on a child in need plan.", "child_in_need"),
        ("he is on a child protection plan.", "child_protection_plan"),
        ("he is a looked after child.", "looked_after"),
    ],
)
def test_a_status_named_with_the_word_child_is_the_young_persons(text: str, status: str) -> None:
    assert status_facts(text)["yp_legal_status"] == status


@pytest.mark.parametrize(
    "text",
    ["his sister is on a child protection plan.", "the children are on child protection plans."],
)
def test_a_status_of_another_child_is_not_the_young_persons(text: str) -> None:
    assert "yp_legal_status" not in status_facts(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("no. he was on a cin plan but it closed in the summer, so nothing now.", "none"),
        ("he is no longer open to social care.", "none"),
        ("he was on a cp plan, it closed in june, now cin.", "child_in_need"),
    ],
)
def test_a_plan_that_has_closed_leaves_what_is_true_now(text: str, status: str) -> None:
    assert status_facts(text)["yp_legal_status"] == status


@pytest.mark.parametrize(
    "sentence",
    [
        "I passed this to the police, who are looking into it, and to social care.",
        "police attended school 28/11 and the phone was seized - investigation ongoing.",
    ],
)
def test_the_police_at_work_across_a_sentences_clauses_is_an_open_case(sentence: str) -> None:
    assert police_facts(sentence.lower()) == {"police_involved": "yes", "police_status": "open"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Police attended, social care investigation ongoing.",  # another service's
        "The school is looking into it.",
        "The police are not looking into it.",
    ],
)
def test_another_investigation_or_the_police_not_at_work_is_no_open_case(sentence: str) -> None:
    assert police_facts(sentence.lower()).get("police_status") != "open"


def test_a_labelled_police_outcome_without_a_yes_says_they_are_involved() -> None:
    facts = {
        f.slot: f.value
        for f in read_note("Police: voluntary interview done, released under investigation.", TODAY)
    }
    assert (facts["police_involved"], facts["police_status"]) == ("yes", "open")


@pytest.mark.parametrize(
    ("text", "lives_with"),
    [
        ("Isla lives with dad alone since mum left.", "one_parent"),
        ("He lives with his dad since his mum died.", "one_parent"),
        ("She lives with gran since mum went into hospital.", "kinship"),
        ("He lives in supported lodgings since mum left.", "other"),
    ],
)
def test_who_they_live_with_now_not_who_left(text: str, lives_with: str) -> None:
    assert status_facts(text.lower()).get("lives_with") == lives_with


@given(st.sampled_from(["mum", "dad", "mother", "father"]))
def test_a_parent_alone_is_one_parent(parent: str) -> None:
    assert status_facts(f"lives with {parent} alone").get("lives_with") == "one_parent"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We reported it to the police the same night and they are investigating.",
         {"police_involved": "yes", "police_status": "open"}),
        ("The police have been informed; I understand they are investigating.",
         {"police_involved": "yes", "police_status": "open"}),
        ("- no police", {"police_involved": "no", "police_status": "none"}),
        ("There were no police at the party.", {}),  # not about the case
        ("The school told the police and they are not investigating.", {}),
    ],
)  # fmt: skip
def test_more_ways_of_saying_where_the_police_are(text: str, expected: dict[str, str]) -> None:
    assert police_facts(text.lower()) == expected


@pytest.mark.parametrize(
    ("text", "is_open"),
    [
        (
            "The matter was reported to the police in October; I understand Jess was"
            " interviewed and the investigation remains open.",
            True,
        ),
        ("The police were told; the s47 investigation remains open.", False),
        ("The school's investigation is still open, police not told yet.", False),
    ],
)
def test_a_police_investigation_that_remains_open(text: str, is_open: bool) -> None:
    assert (police_facts(text.lower()).get("police_status") == "open") is is_open
